package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// Reintegration plans and the assistance ledger. A case worker drafts a
// plan (goals and assistance items); an organisation manager who neither
// drafted, changed nor submitted it approves it or returns it with a
// comment; payments are recorded against the items of the approved plan
// and corrected only by reversing entries.

const (
	planDeciders = "Organisation managers of the plan's organisation who neither drafted, changed nor submitted this version " +
		"(four-eyes: one who did is 403 saying so). Case workers and programme managers: 403. Administrators, viewers and " +
		"enumerators: 403. A plan of another organisation is 404."
	planVersionNote = "Send version as read: a stale one is 409 and nothing is written. "
	planStatusNote  = "A version is draft, then submitted, then approved or returned (a returned version is changed and " +
		"submitted again); approving a later version supersedes the approved one. "
)

// planRoutes lists this area's operations (see allRoutes).
func (s *server) planRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/plans", ID: "listPlans", Tag: "plans", handle: s.listPlans,
			Summary: "List plans (the approval queue)",
			Description: planStatusNote + "With status=submitted, oldest submission first (the order to decide them in); " +
				"otherwise the most recently changed first. Each row carries the total of its items: when the items are " +
				"in more than one currency there is no single total, currency is absent and total_minor 0. Reading the " +
				"list is recorded in the audit trail.",
			Roles: returneeReaders,
			Query: []param{
				{Name: "status", Type: "string", Enum: programme.PlanStatuses, Description: "Only versions with this status."},
				{Name: "org_id", Type: "string", Description: "Only this organisation's plans (useful to programme managers; " +
					"another organisation's is an empty list for everyone else)."},
				{Name: "created_by", Type: "string", Description: "Only versions drafted by this user (ID)."},
				{Name: "limit", Type: "integer", Minimum: 1, Maximum: planMaxLimit, Description: "At most this many (default 50)."},
			},
			Status: http.StatusOK, Result: "PlanRowList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/cases/{id}/plans", ID: "listCasePlans", Tag: "plans", handle: s.listCasePlans,
			Summary:     "Every version of a case's plan",
			Description: "Newest first, each with its items and what has been paid on each.",
			Roles:       returneeReaders,
			Status:      http.StatusOK, Result: "PlanList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/plans", ID: "draftPlan", Tag: "plans", handle: s.draftPlan,
			Summary: "Draft a case's plan",
			Description: datesNote + moneyNote + "Starts version 1, or the next version beside the approved one when there " +
				"is no approved plan yet to revise. A draft may be incomplete. Only one version may be in preparation: " +
				"another is 409, as is a closed case. Item fields are named items.N.field in errors.",
			Roles: returneeWriters,
			Body:  "PlanInput", Status: http.StatusCreated, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/cases/{id}/plans/revision", ID: "revisePlan", Tag: "plans", handle: s.revisePlan,
			Summary: "Revise a case's approved plan",
			Description: "Starts the next version as a copy of the approved one (each item keeps its key, so payments " +
				"made under the approved version count against the same item). The approved version stays in force " +
				"until the revision is approved. No approved plan, a version already in preparation, or a closed case: 409.",
			Roles:  returneeWriters,
			Status: http.StatusCreated, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/plans/{id}", ID: "getPlan", Tag: "plans", handle: s.getPlan,
			Summary:     "Read one version of a plan",
			Description: "With its items and what has been paid on each. Every read is recorded in the audit trail.",
			Roles:       returneeReaders,
			Status:      http.StatusOK, Result: "Plan", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPut, Path: "/plans/{id}", ID: "savePlan", Tag: "plans", handle: s.savePlan,
			Summary: "Save the goals and items of a version in preparation",
			Description: planVersionNote + datesNote + moneyNote + "Replaces the goals and every item: send an item's key " +
				"to keep it (as a revision does), none for a new item. A returned version becomes a draft again. A submitted " +
				"or approved version is 409. An item with payments cannot be removed or lowered below what was paid.",
			Roles: returneeWriters,
			Body:  "PlanUpdate", Status: http.StatusOK, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/plans/{id}/submit", ID: "submitPlan", Tag: "plans", handle: s.submitPlan,
			Summary:     "Submit a version for approval",
			Description: planVersionNote + "The plan needs goals and at least one item (422 naming them).",
			Roles:       returneeWriters,
			Body:        "PlanVersion", Status: http.StatusOK, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/plans/{id}/approve", ID: "approvePlan", Tag: "plans", handle: s.approvePlan,
			Summary: "Approve a submitted version",
			Description: planVersionNote + "Each item's amount is committed on its budget line in US dollars at today's " +
				"exchange rate; an approval that would overdraw a line, or that needs a rate the table lacks, is 409 with " +
				"the reason. The approved version before it is superseded. The first approval schedules follow-up visits.",
			Roles: planDeciders,
			Body:  "PlanVersion", Status: http.StatusOK, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/plans/{id}/return", ID: "returnPlan", Tag: "plans", handle: s.returnPlan,
			Summary:     "Return a submitted version with a comment",
			Description: planVersionNote + "The comment says what must change (422 naming comment when empty).",
			Roles:       planDeciders,
			Body:        "PlanReturn", Status: http.StatusOK, Result: "Plan",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/cases/{id}/ledger", ID: "caseLedger", Tag: "plans", handle: s.caseLedger,
			Summary: "A case's assistance ledger",
			Description: "Every payment and reversal, oldest first. Entries are never changed: a reversal names the entry it " +
				"reverses (reverses_id) and the reversed entry names its reversal (reversed_by).",
			Roles:  returneeReaders,
			Status: http.StatusOK, Result: "LedgerEntryList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/ledger", ID: "recordPayment", Tag: "plans", handle: s.recordPayment,
			Summary: "Record a payment against an item of the approved plan",
			Description: datesNote + moneyNote + "In the item's currency (BDT or USD; another is 422 naming currency). " +
				"Converted to US dollars at the rate valid on paid_on. Refused with the reason: on a closed case (409), " +
				"above what the plan approves for the item net of reversals (409 naming amount_minor: paying more needs a " +
				"revised plan), when no exchange rate covers paid_on (409), when the item's budget line has no money " +
				"left (409). Location names the case's ledger.",
			Roles: returneeWriters,
			Body:  "NewPayment", Status: http.StatusCreated, Result: "LedgerEntry",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/ledger-entries/{id}/reversal", ID: "reversePayment", Tag: "plans", handle: s.reversePayment,
			Summary: "Reverse a ledger entry",
			Description: datesNote + "Records the exact opposite of the entry (same item, line, currency and rate), dated " +
				"paid_on (today when left out), with a note saying why. An entry already reversed, a reversal, or an entry " +
				"of a closed case is 409. Location names the case's ledger.",
			Roles: returneeWriters,
			Body:  "PaymentReversal", Status: http.StatusCreated, Result: "LedgerEntry",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

const planMaxLimit = maxPage

// Views.

type planItemJSON struct {
	ID               string  `json:"id"`
	Key              string  `json:"key"`
	Dimension        string  `json:"dimension"`
	Level            string  `json:"level"`
	Type             string  `json:"type"`
	Description      string  `json:"description"`
	AmountMinor      int64   `json:"amount_minor"`
	Currency         string  `json:"currency"`
	BudgetLineID     string  `json:"budget_line_id,omitempty"`
	ResponsibleOrgID string  `json:"responsible_org_id"`
	TargetDate       apiDate `json:"target_date"`
	CommittedMinor   int64   `json:"committed_minor"`
	RateID           string  `json:"rate_id,omitempty"`
	PaidMinor        int64   `json:"paid_minor"`
}

type planJSON struct {
	ID              string         `json:"id"`
	CaseID          string         `json:"case_id"`
	OrgID           string         `json:"org_id"`
	Number          int            `json:"number"`
	Status          string         `json:"status"`
	Goals           string         `json:"goals"`
	Items           []planItemJSON `json:"items"`
	CreatedBy       string         `json:"created_by"`
	CreatedByName   string         `json:"created_by_name"`
	Editors         []string       `json:"editors"`
	SubmittedBy     string         `json:"submitted_by,omitempty"`
	SubmittedByName string         `json:"submitted_by_name,omitempty"`
	SubmittedAt     *time.Time     `json:"submitted_at,omitempty"`
	DecidedBy       string         `json:"decided_by,omitempty"`
	DecidedByName   string         `json:"decided_by_name,omitempty"`
	DecidedAt       *time.Time     `json:"decided_at,omitempty"`
	DecisionNote    string         `json:"decision_note,omitempty"`
	SupersededAt    *time.Time     `json:"superseded_at,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	UpdatedAt       time.Time      `json:"updated_at"`
	Version         int            `json:"version"`
}

func planView(p programme.Plan) planJSON {
	out := planJSON{ID: p.ID, CaseID: p.CaseID, OrgID: p.OrgID, Number: p.Number, Status: p.Status, Goals: p.Goals,
		Items: []planItemJSON{}, CreatedBy: p.CreatedBy, CreatedByName: p.CreatedByName, Editors: strs(p.Editors),
		SubmittedBy: p.SubmittedBy, SubmittedByName: p.SubmittedByName, SubmittedAt: p.SubmittedAt, DecidedBy: p.DecidedBy,
		DecidedByName: p.DecidedByName, DecidedAt: p.DecidedAt, DecisionNote: p.DecisionNote, SupersededAt: p.SupersededAt,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version}
	for _, it := range p.Items {
		out.Items = append(out.Items, planItemJSON{ID: it.ID, Key: it.Key, Dimension: it.Dimension, Level: it.Level, Type: it.Type,
			Description: it.Description, AmountMinor: it.AmountMinor, Currency: it.Currency, BudgetLineID: it.BudgetLineID,
			ResponsibleOrgID: it.ResponsibleOrgID, TargetDate: apiDate(it.TargetDate), CommittedMinor: it.CommittedMinor,
			RateID: it.RateID, PaidMinor: it.PaidMinor})
	}
	return out
}

type planRowJSON struct {
	ID            string     `json:"id"`
	CaseID        string     `json:"case_id"`
	CaseReference string     `json:"case_reference"`
	OrgID         string     `json:"org_id"`
	OrgCode       string     `json:"org_code"`
	Number        int        `json:"number"`
	Status        string     `json:"status"`
	NameLatin     string     `json:"name_latin"`
	NameBn        string     `json:"name_bn"`
	CreatedBy     string     `json:"created_by"`
	CreatedByName string     `json:"created_by_name"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	DecisionNote  string     `json:"decision_note,omitempty"`
	TotalMinor    int64      `json:"total_minor"`
	Currency      string     `json:"currency,omitempty"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

func planRowView(r store.PlanRow) planRowJSON {
	return planRowJSON{ID: r.ID, CaseID: r.CaseID, CaseReference: r.CaseReference, OrgID: r.OrgID, OrgCode: r.OrgCode,
		Number: r.Number, Status: r.Status, NameLatin: r.PersonName, NameBn: r.PersonNameBn, CreatedBy: r.CreatedBy,
		CreatedByName: r.CreatedByName, SubmittedAt: r.SubmittedAt, DecidedAt: r.DecidedAt, DecisionNote: r.DecisionNote,
		TotalMinor: r.TotalMinor, Currency: r.Currency, UpdatedAt: r.UpdatedAt}
}

type ledgerEntryJSON struct {
	ID              string    `json:"id"`
	CaseID          string    `json:"case_id"`
	PlanID          string    `json:"plan_id"`
	PlanItemID      string    `json:"plan_item_id"`
	ItemKey         string    `json:"item_key"`
	ItemDescription string    `json:"item_description"`
	BudgetLineID    string    `json:"budget_line_id"`
	PaidOn          apiDate   `json:"paid_on"`
	AmountMinor     int64     `json:"amount_minor"`
	Currency        string    `json:"currency"`
	USDMinor        int64     `json:"usd_minor"`
	RateID          string    `json:"rate_id,omitempty"`
	RateMicro       int64     `json:"rate_micro,omitempty"`
	Kind            string    `json:"kind"`
	Vendor          string    `json:"vendor,omitempty"`
	ReceiptRef      string    `json:"receipt_ref,omitempty"`
	DeliveredBy     string    `json:"delivered_by"`
	Note            string    `json:"note,omitempty"`
	ReversesID      string    `json:"reverses_id,omitempty"`
	ReversedBy      string    `json:"reversed_by,omitempty"`
	CreatedBy       string    `json:"created_by"`
	CreatedByName   string    `json:"created_by_name"`
	CreatedAt       time.Time `json:"created_at"`
}

func ledgerEntryView(e programme.LedgerEntry) ledgerEntryJSON {
	return ledgerEntryJSON{ID: e.ID, CaseID: e.CaseID, PlanID: e.PlanID, PlanItemID: e.PlanItemID, ItemKey: e.ItemKey,
		ItemDescription: e.ItemDescription, BudgetLineID: e.BudgetLineID, PaidOn: apiDate(e.PaidOn), AmountMinor: e.AmountMinor,
		Currency: e.Currency, USDMinor: e.USDMinor, RateID: e.RateID, RateMicro: e.RateMicro, Kind: e.Kind, Vendor: e.Vendor,
		ReceiptRef: e.ReceiptRef, DeliveredBy: e.DeliveredBy, Note: e.Note, ReversesID: e.ReversesID, ReversedBy: e.ReversedBy,
		CreatedBy: e.CreatedBy, CreatedByName: e.CreatedByName, CreatedAt: e.CreatedAt}
}

// Handlers.

func (s *server) listPlans(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	limit, ok := queryInt(r, "limit", 1, planMaxLimit)
	if !ok {
		return app.FieldError("limit", "use a whole number from 1 to 200")
	}
	q := r.URL.Query()
	rows, err := s.db.ListPlans(r.Context(), pr.Actor, store.PlanQuery{Status: q.Get("status"), OrgID: q.Get("org_id"),
		CreatedBy: q.Get("created_by"), Limit: int(limit)})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(rows, planRowView)))
	return nil
}

func (s *server) listCasePlans(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.PlansOfCase, planView)
}

func (s *server) getPlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	p, err := visibleRecord(r, pr, "plan", s.db.PlanByID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, planView(p))
	return nil
}

// planItemIn is an item as a client sends it.
type planItemIn struct {
	Key              string  `json:"key"`
	Dimension        string  `json:"dimension"`
	Level            string  `json:"level"`
	Type             string  `json:"type"`
	Description      string  `json:"description"`
	AmountMinor      *int64  `json:"amount_minor"`
	Currency         string  `json:"currency"`
	BudgetLineID     string  `json:"budget_line_id"`
	ResponsibleOrgID string  `json:"responsible_org_id"`
	TargetDate       *string `json:"target_date"`
}

type planIn struct {
	Goals   string       `json:"goals"`
	Items   []planItemIn `json:"items"`
	Version *int         `json:"version"`
}

// plan checks what the body says and turns it into a plan; the store
// checks it again, with what only the database knows.
func (in planIn) plan() (programme.Plan, error) {
	var v app.Validation
	p := programme.Plan{Goals: in.Goals, Items: []programme.PlanItem{}}
	for i, x := range in.Items {
		field := fmt.Sprintf("items.%d.", i)
		it := programme.PlanItem{Key: x.Key, Dimension: x.Dimension, Level: x.Level, Type: x.Type, Description: x.Description,
			Currency: x.Currency, BudgetLineID: strings.TrimSpace(x.BudgetLineID), ResponsibleOrgID: strings.TrimSpace(x.ResponsibleOrgID)}
		if x.AmountMinor == nil {
			v.Add(field+"amount_minor", "enter an amount")
		} else {
			it.AmountMinor = *x.AmountMinor
		}
		if d := parseDate(&v, field+"target_date", x.TargetDate); d != nil {
			it.TargetDate = *d
		}
		p.Items = append(p.Items, it)
	}
	check := p
	check.Items = append([]programme.PlanItem(nil), p.Items...)
	v.Merge(check.Validate(dhakaToday()))
	return p, v.Err()
}

func (s *server) draftPlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in planIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	if in.Version != nil {
		return app.FieldError("version", "a new plan has no version yet: leave version out")
	}
	p, err := in.plan()
	if err != nil {
		return err
	}
	if p, err = s.db.DraftPlan(r.Context(), pr.Actor, id, p); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/plans/"+p.ID)
	httpx.WriteJSON(w, http.StatusCreated, planView(p))
	return nil
}

func (s *server) revisePlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	p, err := s.db.RevisePlan(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/plans/"+p.ID)
	httpx.WriteJSON(w, http.StatusCreated, planView(p))
	return nil
}

// planWrite reads the plan ID in the path after the role check.
func planWrite(r *http.Request, pr *auth.Principal) (string, error) {
	if err := writesReturnees(pr); err != nil {
		return "", err
	}
	return pathID(r, "id", "plan")
}

func (s *server) savePlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in planIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := planWrite(r, pr)
	if err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	p, err := in.plan()
	if err != nil {
		return err
	}
	if p, err = s.db.SavePlan(r.Context(), pr.Actor, id, *in.Version, p); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, planView(p))
	return nil
}

type planDecision struct {
	Version *int   `json:"version"`
	Comment string `json:"comment"`
}

// planStep decodes a body naming the version and moves the plan in the
// path with do.
func (s *server) planStep(w http.ResponseWriter, r *http.Request, pr *auth.Principal, comment bool,
	do func(id string, version int, comment string) (programme.Plan, error)) error {
	var in planDecision
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := planWrite(r, pr)
	if err != nil {
		return err
	}
	if !comment && in.Comment != "" {
		return app.FieldError("comment", "a comment is only given when returning a plan")
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	p, err := do(id, *in.Version, in.Comment)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, planView(p))
	return nil
}

func (s *server) submitPlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.planStep(w, r, pr, false, func(id string, version int, _ string) (programme.Plan, error) {
		return s.db.SubmitPlan(r.Context(), pr.Actor, id, version)
	})
}

func (s *server) approvePlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.planStep(w, r, pr, false, func(id string, version int, _ string) (programme.Plan, error) {
		return s.db.ApprovePlan(r.Context(), pr.Actor, id, version)
	})
}

func (s *server) returnPlan(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.planStep(w, r, pr, true, func(id string, version int, comment string) (programme.Plan, error) {
		return s.db.ReturnPlan(r.Context(), pr.Actor, id, version, comment)
	})
}

func (s *server) caseLedger(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.CaseLedger, ledgerEntryView)
}

type newPayment struct {
	PlanItemID  string  `json:"plan_item_id"`
	PaidOn      *string `json:"paid_on"`
	AmountMinor *int64  `json:"amount_minor"`
	Currency    string  `json:"currency"`
	Kind        string  `json:"kind"`
	Vendor      string  `json:"vendor"`
	ReceiptRef  string  `json:"receipt_ref"`
	DeliveredBy string  `json:"delivered_by"`
	Note        string  `json:"note"`
}

func (s *server) recordPayment(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newPayment
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	var v app.Validation
	e := programme.LedgerEntry{PlanItemID: strings.TrimSpace(in.PlanItemID), Currency: in.Currency, Kind: in.Kind, Vendor: in.Vendor,
		ReceiptRef: in.ReceiptRef, DeliveredBy: in.DeliveredBy, Note: in.Note}
	if d := parseDate(&v, "paid_on", in.PaidOn); d != nil {
		e.PaidOn = *d
	}
	if in.AmountMinor == nil {
		v.Add("amount_minor", "enter an amount")
	} else {
		e.AmountMinor = *in.AmountMinor
	}
	if err := v.Err(); err != nil {
		return err
	}
	if e, err = s.db.RecordPayment(r.Context(), pr.Actor, id, e); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+id+"/ledger")
	httpx.WriteJSON(w, http.StatusCreated, ledgerEntryView(e))
	return nil
}

type paymentReversal struct {
	PaidOn *string `json:"paid_on"`
	Note   string  `json:"note"`
}

func (s *server) reversePayment(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in paymentReversal
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "ledger entry")
	if err != nil {
		return err
	}
	var v app.Validation
	var on time.Time
	if d := parseDate(&v, "paid_on", in.PaidOn); d != nil {
		on = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	e, err := s.db.ReversePayment(r.Context(), pr.Actor, id, on, in.Note)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+e.CaseID+"/ledger")
	httpx.WriteJSON(w, http.StatusCreated, ledgerEntryView(e))
	return nil
}

// planSchemas are the schemas of this area's routes.
func planSchemas() obj {
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version of the plan you read; a stale one is 409."}
	minor := func(desc string) obj { return schemaInt64(desc + " In minor units of currency.") }
	itemProps := obj{
		"key":                str("Identifies the item across versions: payments under one version count against the same item in the next."),
		"dimension":          enum("The dimension of reintegration.", programme.Dimensions),
		"level":              enum("The level.", programme.Levels),
		"type":               enum("The kind of assistance.", programme.AssistanceTypes),
		"description":        str("What will be provided."),
		"amount_minor":       minor("The planned amount."),
		"currency":           enum("The currency of the amount.", programme.Currencies),
		"budget_line_id":     str("The budget line that pays for it; absent when the item costs nothing."),
		"responsible_org_id": str("The organisation responsible for delivering it."),
		"target_date":        schemaDate("When it should be delivered by."),
	}
	itemInProps := withProps(itemProps, obj{
		"key":            str("An item of an earlier version, to carry it over; leave out for a new item."),
		"description":    obj{"type": "string", "maxLength": 2000, "description": "What will be provided; needed."},
		"amount_minor":   obj{"type": "integer", "format": "int64", "minimum": 0, "description": "The planned amount in minor units of currency; above 0 needs budget_line_id."},
		"currency":       obj{"type": "string", "enum": programme.Currencies, "default": programme.BDT, "description": "BDT (the default) or USD."},
		"budget_line_id": str("A budget line of the case's project and organisation; needed when amount_minor is above 0."),
		"target_date":    str("YYYY-MM-DD, within ten years of today."),
	})
	planInProps := obj{
		"goals": obj{"type": "string", "maxLength": 8000, "description": "The goals of the plan; needed before submitting."},
		"items": obj{"type": "array", "maxItems": programme.MaxItems, "items": ref("PlanItemInput"),
			"description": "The assistance items; at least one before submitting."},
	}
	planReq := []string{"id", "case_id", "org_id", "number", "status", "goals", "items", "created_by", "created_by_name", "editors",
		"created_at", "updated_at", "version"}
	ledgerReq := []string{"id", "case_id", "plan_id", "plan_item_id", "item_key", "item_description", "budget_line_id", "paid_on",
		"amount_minor", "currency", "usd_minor", "kind", "delivered_by", "created_by", "created_by_name", "created_at"}
	return obj{
		"PlanItem": object("An assistance item of a plan.",
			[]string{"id", "key", "dimension", "level", "type", "description", "amount_minor", "currency", "responsible_org_id",
				"target_date", "committed_minor", "paid_minor"},
			withProps(itemProps, obj{
				"id":              str("Item ID (of this version)."),
				"committed_minor": schemaInt64("The amount in US cents, fixed when the version is approved (0 before)."),
				"rate_id":         str("The exchange rate used for committed_minor; absent for dollar items and before approval."),
				"paid_minor":      minor("What the ledger has paid on the item (under any version), net of reversals."),
			})),
		"Plan": object("One version of a case's reintegration plan. "+planStatusNote, planReq,
			obj{
				"id":                str("Plan version ID."),
				"case_id":           str("The case."),
				"org_id":            str("The case's organisation."),
				"number":            integer("The version as people speak of it: plan 1, plan 2."),
				"status":            enum("Where the version is.", programme.PlanStatuses),
				"goals":             str("The goals of the plan."),
				"items":             schemaArray("The assistance items, in order.", ref("PlanItem")),
				"created_by":        str("The user who started the version (ID)."),
				"created_by_name":   str("Username of who started it."),
				"editors":           schemaArray("The users (IDs) who created or changed this version; none of them may approve it.", str("User ID.")),
				"submitted_by":      str("Who submitted it (ID); absent before."),
				"submitted_by_name": str("Username of who submitted it; absent before."),
				"submitted_at":      timestamp("When it was submitted; absent before."),
				"decided_by":        str("The manager who approved or returned it (ID); absent before."),
				"decided_by_name":   str("Username of that manager; absent before."),
				"decided_at":        timestamp("When it was approved or returned; absent before."),
				"decision_note":     str("The manager's comment when returning it; absent otherwise."),
				"superseded_at":     timestamp("When a later version replaced it; absent otherwise."),
				"created_at":        timestamp("When it was started."),
				"updated_at":        timestamp("When it last changed."),
				"version":           integer("Increases with every change; send it back when changing or deciding the plan."),
			}),
		"PlanList": listSchema("Plan"),
		"PlanRow": object("A line of the plan list.",
			[]string{"id", "case_id", "case_reference", "org_id", "org_code", "number", "status", "name_latin", "name_bn", "created_by",
				"created_by_name", "total_minor", "updated_at"},
			obj{
				"id":              str("Plan version ID."),
				"case_id":         str("The case."),
				"case_reference":  str("The case's reference, e.g. BNSK-2026-0042."),
				"org_id":          str("The organisation."),
				"org_code":        str("The organisation's code."),
				"number":          integer("The version number."),
				"status":          enum("Where the version is.", programme.PlanStatuses),
				"name_latin":      str("The returnee's name in Latin letters; may be empty."),
				"name_bn":         str("The returnee's name in Bangla; may be empty."),
				"created_by":      str("Who started the version (ID)."),
				"created_by_name": str("Their full name, or username."),
				"submitted_at":    timestamp("When it was submitted; absent before."),
				"decided_at":      timestamp("When it was approved or returned; absent before."),
				"decision_note":   str("The comment of a return; absent otherwise."),
				"total_minor":     schemaInt64("The sum of the items' amounts in minor units of currency (0 when currency is absent)."),
				"currency":        enum("The items' currency; absent when they are in more than one, or there are none.", programme.Currencies),
				"updated_at":      timestamp("When it last changed."),
			}),
		"PlanRowList":   listSchema("PlanRow"),
		"PlanItemInput": object("An assistance item to save.", []string{"dimension", "level", "type", "description", "amount_minor", "responsible_org_id", "target_date"}, itemInProps),
		"PlanInput":     object("The goals and items of a new plan version.", nil, planInProps),
		"PlanUpdate": object("The goals and items of a version in preparation, replacing what it holds.", []string{"version"},
			withProps(planInProps, obj{"version": sentVersion})),
		"PlanVersion": object("The version of the plan you read.", []string{"version"}, obj{"version": sentVersion}),
		"PlanReturn": object("A return with a comment.", []string{"version", "comment"}, obj{
			"version": sentVersion,
			"comment": obj{"type": "string", "minLength": 1, "maxLength": 4000, "description": "What must change before the plan can be approved."},
		}),
		"LedgerEntry": object("A payment against a plan item, or the reversal of one (negative amounts).", ledgerReq,
			obj{
				"id":               str("Entry ID."),
				"case_id":          str("The case."),
				"plan_id":          str("The plan version the item belonged to when paid."),
				"plan_item_id":     str("The item paid."),
				"item_key":         str("The item's key across versions."),
				"item_description": str("The item's description."),
				"budget_line_id":   str("The budget line charged."),
				"paid_on":          schemaDate("The day of the payment or reversal."),
				"amount_minor":     minor("The amount (negative for a reversal)."),
				"currency":         enum("The currency of amount_minor: the item's.", programme.Currencies),
				"usd_minor":        schemaInt64("The amount in US cents at the rate valid on paid_on (a reversal uses its original's)."),
				"rate_id":          str("The exchange rate used; absent for dollar payments."),
				"rate_micro":       schemaInt64("That rate in millionths of taka per dollar; absent for dollar payments."),
				"kind":             enum("How the assistance was delivered.", programme.DeliveryKinds),
				"vendor":           str("The vendor or provider; absent when none."),
				"receipt_ref":      str("The receipt or voucher reference; absent when none."),
				"delivered_by":     str("Who delivered it."),
				"note":             str("A note; for a reversal, why. Absent when none."),
				"reverses_id":      str("For a reversal: the entry it reverses."),
				"reversed_by":      str("For a reversed entry: its reversal."),
				"created_by":       str("Who recorded it (ID)."),
				"created_by_name":  str("Username of who recorded it."),
				"created_at":       timestamp("When it was recorded."),
			}),
		"LedgerEntryList": listSchema("LedgerEntry"),
		"NewPayment": object("A payment to record.", []string{"plan_item_id", "paid_on", "amount_minor", "currency", "kind", "delivered_by"},
			obj{
				"plan_item_id": str("An item of the case's approved plan."),
				"paid_on":      str("YYYY-MM-DD; not in the future, not before the case was opened."),
				"amount_minor": obj{"type": "integer", "format": "int64", "minimum": 1, "description": "The amount in minor units of currency."},
				"currency":     enum("The item's currency.", programme.Currencies),
				"kind":         enum("How the assistance was delivered.", programme.DeliveryKinds),
				"vendor":       obj{"type": "string", "maxLength": 300, "description": "The vendor or provider; needed for in_kind and service."},
				"receipt_ref":  obj{"type": "string", "maxLength": 300, "description": "The receipt or voucher reference."},
				"delivered_by": obj{"type": "string", "minLength": 1, "maxLength": 300, "description": "Who delivered it."},
				"note":         obj{"type": "string", "maxLength": 4000, "description": "A note."},
			}),
		"PaymentReversal": object("The reversal of a ledger entry.", []string{"note"},
			obj{
				"paid_on": str("YYYY-MM-DD; today when left out; not before the entry reversed, not in the future."),
				"note":    obj{"type": "string", "minLength": 1, "maxLength": 4000, "description": "Why the entry is reversed."},
			}),
	}
}
