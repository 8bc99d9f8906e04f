package programme

import (
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Budget line categories (the headings of an IOM project budget).
const (
	DirectAssistance     = "direct_assistance"
	CommunityProjects    = "community_projects"
	CapacityBuilding     = "capacity_building"
	Staff                = "staff"
	MonitoringEvaluation = "monitoring_evaluation"
)

// Categories lists the budget line categories in display order.
var Categories = []string{DirectAssistance, CommunityProjects, CapacityBuilding, Staff, MonitoringEvaluation}

// BudgetLine is the money one organisation may spend under one heading of
// a project, in the accounting currency (US dollars, in cents).
type BudgetLine struct {
	ID           string    `json:"id"`
	ProjectID    string    `json:"project_id"`
	OrgID        string    `json:"org_id"`
	OrgCode      string    `json:"org_code,omitempty"`
	Category     string    `json:"category"`
	PlannedMinor int64     `json:"planned_minor"`
	Currency     string    `json:"currency"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version"`
}

// Validate checks a budget line's own fields.
func (b *BudgetLine) Validate() error {
	if b.Currency == "" {
		b.Currency = AccountingCurrency
	}
	var v app.Validation
	if b.ProjectID == "" {
		v.Add("project_id", "choose the project")
	}
	if b.OrgID == "" {
		v.Add("org_id", "choose the organisation")
	}
	if !oneOf(b.Category, Categories) {
		v.Add("category", "choose a budget category from the list")
	}
	if b.Currency != AccountingCurrency {
		v.Add("currency", "budget lines are kept in US dollars")
	}
	checkPlanned(&v, b.PlannedMinor)
	return v.Err()
}

func checkPlanned(v *app.Validation, planned int64) {
	if planned < 0 {
		v.Add("planned_minor", "the planned amount cannot be negative")
	} else if planned > MaxAmountMinor {
		v.Add("planned_minor", "the amount is too large: check it")
	}
}

// CheckPlannedChange checks a new planned amount for a line that already
// has commitments and payments: it may not fall below either.
func CheckPlannedChange(planned, committed, disbursed int64, currency string) error {
	var v app.Validation
	checkPlanned(&v, planned)
	if err := v.Err(); err != nil {
		return err
	}
	floor := max(committed, disbursed)
	if planned < floor {
		return &app.Error{Code: app.ECONFLICT,
			Message: "%s is already committed or paid on this line: the planned amount cannot be lower",
			Args:    []any{Money(floor, currency)},
			Fields:  map[string]string{"planned_minor": "the planned amount is below what is already committed or paid"}}
	}
	return nil
}

// CheckProjectTotal refuses lines whose planned amounts add up to more than
// the project's budget (when the project has one in the same currency).
func CheckProjectTotal(linesTotal, projectBudget int64, currency string) error {
	if projectBudget <= 0 || linesTotal <= projectBudget {
		return nil
	}
	return &app.Error{Code: app.EINVALID,
		Message: "the project's budget lines would add up to %s, more than its budget of %s",
		Args:    []any{Money(linesTotal, currency), Money(projectBudget, currency)},
		Fields:  map[string]string{"planned_minor": "the lines would exceed the project's budget"}}
}

// Figures are a budget line's money at a glance, in the line's currency:
//
//	Planned   what the line may spend
//	Committed what approved plans promise (items of approved, not superseded
//	          plans, converted at the rate of their approval day), plus
//	          what community initiatives commit (see CommunityCommitted)
//	Disbursed what the ledger paid, reversals included (each payment
//	          converted at the rate of its own date), plus what community
//	          initiatives spent (see CommunityDisbursed)
//	Remaining Planned - Committed: what can still be promised
//
// The community parts are kept apart as well (not in JSON: the API's
// figures are the totals), so that checks on plans can tell them apart.
type Figures struct {
	LineID    string `json:"line_id"`
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	OrgCode   string `json:"org_code"`
	Category  string `json:"category"`
	Currency  string `json:"currency"`
	Planned   int64  `json:"planned_minor"`
	Committed int64  `json:"committed_minor"`
	Disbursed int64  `json:"disbursed_minor"`
	Remaining int64  `json:"remaining_minor"`
	Version   int    `json:"version"` // the line's, for editing its planned amount
	// CommunityCommitted is the part of Committed that community
	// initiatives hold: the approved budget of each initiative approved or
	// ongoing, and what each completed or cancelled one spent.
	CommunityCommitted int64 `json:"-"`
	// CommunityDisbursed is the part of Disbursed that community
	// initiatives spent, reversals included.
	CommunityDisbursed int64 `json:"-"`
}

// Tally computes a line's figures from its planned amount, the committed
// amounts of the items of approved plans charged to it, and the converted
// amounts of its ledger entries (reversals are negative and count).
func Tally(line BudgetLine, committed []int64, disbursed []int64) Figures {
	f := Figures{LineID: line.ID, ProjectID: line.ProjectID, OrgID: line.OrgID, OrgCode: line.OrgCode,
		Category: line.Category, Currency: line.Currency, Planned: line.PlannedMinor, Version: line.Version}
	for _, c := range committed {
		f.Committed += c
	}
	for _, d := range disbursed {
		f.Disbursed += d
	}
	f.Settle()
	return f
}

// Settle computes Remaining from the other figures.
func (f *Figures) Settle() { f.Remaining = f.Planned - f.Committed }

// Sum adds figures up (e.g. every line of an organisation); the identity
// fields are left empty.
func Sum(figs []Figures) Figures {
	var t Figures
	for _, f := range figs {
		t.Currency = f.Currency
		t.Planned += f.Planned
		t.Committed += f.Committed
		t.Disbursed += f.Disbursed
		t.CommunityCommitted += f.CommunityCommitted
		t.CommunityDisbursed += f.CommunityDisbursed
	}
	t.Settle()
	return t
}

// CheckCommit refuses an approval that would promise more than a line
// holds: committedElsewhere is what other approved plans commit on the
// line, adding what the plan being approved would; what community
// initiatives hold on the line (f.CommunityCommitted) is promised too. The
// message names the line (its category and organisation) and the
// shortfall.
func CheckCommit(f Figures, committedElsewhere, adding int64) error {
	committedElsewhere += f.CommunityCommitted
	if committedElsewhere+adding <= f.Planned {
		return nil
	}
	return app.Errorf(app.ECONFLICT,
		"approving this plan would overdraw the budget line %s of %s by %s: it has %s left to commit and the plan needs %s",
		f.Category, f.OrgCode, Money(committedElsewhere+adding-f.Planned, f.Currency),
		Money(max(f.Planned-committedElsewhere, 0), f.Currency), Money(adding, f.Currency))
}

// CheckCommunityCommit refuses to let a community initiative hold adding
// more on a line (its approved budget, or what a closed one spent, less
// what it held before) when the line's commitments would then exceed its
// planned amount. A release (adding <= 0) always passes.
func CheckCommunityCommit(f Figures, adding int64) error {
	if adding <= 0 || f.Committed+adding <= f.Planned {
		return nil
	}
	return app.Errorf(app.ECONFLICT,
		"the budget line %s of %s has no money left for this initiative: %s is left to commit and the initiative needs %s",
		f.Category, f.OrgCode, Money(max(f.Planned-f.Committed, 0), f.Currency), Money(adding, f.Currency))
}

// CheckPayout refuses a payment when the line has no money left to pay
// out: what the ledger has disbursed on it plus this payment (both in the
// line's currency) may not exceed its planned amount. This can bite even
// within approved amounts when the taka has fallen since approval.
func CheckPayout(f Figures, adding int64) error {
	if f.Disbursed+adding <= f.Planned {
		return nil
	}
	return app.Errorf(app.ECONFLICT,
		"the budget line %s of %s has no money left for this payment: %s is left and the payment is %s",
		f.Category, f.OrgCode, Money(max(f.Planned-f.Disbursed, 0), f.Currency), Money(adding, f.Currency))
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
