package programme

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Plan statuses. A version is drafted, submitted, then approved or
// returned (a returned version is edited and submitted again). Approving a
// later version supersedes the approved one.
const (
	PlanDraft      = "draft"
	PlanSubmitted  = "submitted"
	PlanApproved   = "approved"
	PlanReturned   = "returned"
	PlanSuperseded = "superseded"
)

// PlanStatuses lists the statuses in the order a version moves through them.
var PlanStatuses = []string{PlanDraft, PlanSubmitted, PlanReturned, PlanApproved, PlanSuperseded}

// Timeline event kinds written on the case by plans and the ledger.
const (
	EventPlanDrafted     = "plan_drafted"
	EventPlanSubmitted   = "plan_submitted"
	EventPlanApproved    = "plan_approved"
	EventPlanReturned    = "plan_returned"
	EventPayment         = "payment"
	EventPaymentReversed = "payment_reversed"
)

// IAR dimensions and levels.
var (
	Dimensions = []string{"economic", "social", "psychosocial"}
	Levels     = []string{"individual", "community", "structural"}
)

// AssistanceTypes are the kinds of assistance a plan item may be.
var AssistanceTypes = []string{
	"business_startup_grant", "in_kind_inputs", "vocational_training", "job_placement", "apprenticeship",
	"financial_literacy", "debt_counselling", "housing_support", "medical_support", "children_education",
	"documentation", "legal_aid", "psychosocial_counselling", "peer_support_group", "family_mediation", "referral",
}

// Limits on what a plan holds.
const (
	MaxItems       = 50
	maxGoals       = 8000
	maxDescription = 2000
	maxComment     = 4000
)

// Plan is one version of a case's reintegration plan.
type Plan struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	OrgID  string `json:"org_id"`
	// Number is the plan's version as people speak of it: plan 1, plan 2.
	Number int        `json:"number"`
	Status string     `json:"status"`
	Goals  string     `json:"goals"`
	Items  []PlanItem `json:"items"`
	// Editors are the users who created or changed this version; none of
	// them, nor the submitter, may approve it.
	CreatedBy       string     `json:"created_by"`
	CreatedByName   string     `json:"created_by_name"`
	Editors         []string   `json:"editors"`
	SubmittedBy     string     `json:"submitted_by,omitempty"`
	SubmittedByName string     `json:"submitted_by_name,omitempty"`
	SubmittedAt     *time.Time `json:"submitted_at,omitempty"`
	DecidedBy       string     `json:"decided_by,omitempty"`
	DecidedByName   string     `json:"decided_by_name,omitempty"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	// DecisionNote is the manager's comment when returning a version.
	DecisionNote string     `json:"decision_note,omitempty"`
	SupersededAt *time.Time `json:"superseded_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      int        `json:"version"`
}

// PlanItem is one goal's assistance: what, for how much, paid from which
// budget line, delivered by whom, by when.
type PlanItem struct {
	ID string `json:"id"`
	// Key identifies the item across versions: a revision keeps the keys of
	// the items it carries over, so payments made under one version count
	// against the same item in the next.
	Key              string    `json:"key"`
	Dimension        string    `json:"dimension"`
	Level            string    `json:"level"`
	Type             string    `json:"type"`
	Description      string    `json:"description"`
	AmountMinor      int64     `json:"amount_minor"`
	Currency         string    `json:"currency"`
	BudgetLineID     string    `json:"budget_line_id,omitempty"`
	ResponsibleOrgID string    `json:"responsible_org_id"`
	TargetDate       time.Time `json:"target_date"`
	// CommittedMinor is AmountMinor in the budget line's currency, fixed
	// when the version is approved (at the rate of that day, RateID).
	CommittedMinor int64  `json:"committed_minor"`
	RateID         string `json:"rate_id,omitempty"`
	// PaidMinor is what the ledger has paid on the item (under any
	// version), net of reversals, in the item's currency. Read only.
	PaidMinor int64 `json:"paid_minor"`
}

// Open reports whether a version is still being prepared (not yet decided
// for good): at most one version of a case is open at a time.
func (p Plan) Open() bool {
	return p.Status == PlanDraft || p.Status == PlanSubmitted || p.Status == PlanReturned
}

// Editable reports whether the version may still be changed.
func (p Plan) Editable() bool { return p.Status == PlanDraft || p.Status == PlanReturned }

// Validate checks a plan's goals and items as saved (a draft may still be
// incomplete: see CheckSubmit). It trims text and fills in defaults.
func (p *Plan) Validate(today time.Time) error {
	p.Goals = strings.TrimSpace(p.Goals)
	var v app.Validation
	if len([]rune(p.Goals)) > maxGoals {
		v.Add("goals", "keep the goals under 8000 characters")
	}
	if len(p.Items) > MaxItems {
		v.Add("items", "a plan holds at most 50 items: split the work into fewer, larger items")
	}
	keys := map[string]bool{}
	for i := range p.Items {
		it := &p.Items[i]
		v.MergePrefixed(fmt.Sprintf("items.%d.", i), it.Validate(today))
		if it.Key != "" {
			if keys[it.Key] {
				v.Add(fmt.Sprintf("items.%d.key", i), "this item appears twice in the plan")
			}
			keys[it.Key] = true
		}
	}
	return v.Err()
}

// Validate checks one item.
func (it *PlanItem) Validate(today time.Time) error {
	it.Description = strings.TrimSpace(it.Description)
	it.Key = strings.TrimSpace(it.Key)
	if it.Currency == "" {
		it.Currency = BDT
	}
	var v app.Validation
	if !oneOf(it.Dimension, Dimensions) {
		v.Add("dimension", "choose economic, social or psychosocial")
	}
	if !oneOf(it.Level, Levels) {
		v.Add("level", "choose individual, community or structural")
	}
	if !oneOf(it.Type, AssistanceTypes) {
		v.Add("type", "choose the kind of assistance from the list")
	}
	switch {
	case it.Description == "":
		v.Add("description", "say what will be provided")
	case len([]rune(it.Description)) > maxDescription:
		v.Add("description", "keep the description under 2000 characters")
	}
	if !ValidCurrency(it.Currency) {
		v.Add("currency", "choose taka or US dollars")
	}
	switch {
	case it.AmountMinor < 0:
		v.Add("amount_minor", "the amount cannot be negative")
	case it.AmountMinor > MaxAmountMinor:
		v.Add("amount_minor", "the amount is too large: check it")
	case it.AmountMinor > 0 && it.BudgetLineID == "":
		v.Add("budget_line_id", "choose the budget line that pays for this item")
	}
	if it.ResponsibleOrgID == "" {
		v.Add("responsible_org_id", "choose the organisation responsible for this item")
	}
	switch {
	case it.TargetDate.IsZero():
		v.Add("target_date", "enter the date the item should be delivered by")
	case it.TargetDate.Before(today.AddDate(-10, 0, 0)) || it.TargetDate.After(today.AddDate(10, 0, 0)):
		v.Add("target_date", "the date is more than ten years away: check the year")
	}
	return v.Err()
}

// CheckSubmit says whether a version is complete enough to submit.
func (p Plan) CheckSubmit() error {
	var v app.Validation
	if strings.TrimSpace(p.Goals) == "" {
		v.Add("goals", "write the goals of the plan before submitting it")
	}
	if len(p.Items) == 0 {
		v.Add("items", "add at least one assistance item before submitting the plan")
	}
	return v.Err()
}

// CheckDecider enforces the four-eyes rule: only an organisation manager
// approves or returns a plan, and never one who drafted, changed or
// submitted that version. (The organisation scope is the store's.)
func CheckDecider(p Plan, a app.Actor) error {
	if a.Role != app.RoleOrgManager {
		return app.Errorf(app.EFORBIDDEN, "only an organisation manager can approve or return a plan")
	}
	if a.UserID == p.SubmittedBy || oneOf(a.UserID, p.Editors) {
		return app.Errorf(app.EFORBIDDEN, "you drafted or submitted this plan: another manager must approve or return it")
	}
	return nil
}

// CheckReturnComment validates the comment a manager gives when returning a plan.
func CheckReturnComment(comment string) (string, error) {
	comment = strings.TrimSpace(comment)
	var v app.Validation
	switch {
	case comment == "":
		v.Add("comment", "say what needs to change before the plan can be approved")
	case len([]rune(comment)) > maxComment:
		v.Add("comment", "keep the comment under 4000 characters")
	}
	return comment, v.Err()
}

// CheckPaidItems makes sure a version keeps faith with what was already
// paid: paid maps an item key to its net paid amount and currency. An item
// with payments stays in the plan, in the same currency, for at least what
// was paid.
func CheckPaidItems(p Plan, paid map[string]Paid) error {
	var v app.Validation
	kept := map[string]bool{}
	for i, it := range p.Items {
		kept[it.Key] = true
		got, ok := paid[it.Key]
		if !ok || got.Minor == 0 {
			continue
		}
		field := fmt.Sprintf("items.%d.", i)
		if it.Currency != got.Currency {
			v.Add(field+"currency", "this item already has payments: keep its currency")
		} else if it.AmountMinor < got.Minor {
			v.Add(field+"amount_minor", "the amount is below what has already been paid on this item")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	keys := make([]string, 0, len(paid))
	for key := range paid {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if got := paid[key]; !kept[key] && got.Minor != 0 {
			return app.Errorf(app.ECONFLICT, "an item with payments (%s) cannot be removed from the plan: lower its amount to what was paid instead",
				got.Description)
		}
	}
	return nil
}

// Paid is what the ledger holds for one item key.
type Paid struct {
	Minor       int64
	Currency    string
	Description string
}
