package programme

import (
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Delivery kinds: how assistance reached the person.
const (
	Cash    = "cash"
	InKind  = "in_kind"
	Service = "service"
)

// DeliveryKinds lists the kinds in display order.
var DeliveryKinds = []string{Cash, InKind, Service}

// LedgerEntry is one delivery of assistance against an item of an approved
// plan, or the reversal of one. Entries are never changed or deleted: a
// mistake is corrected by a reversing entry for the opposite amount.
type LedgerEntry struct {
	ID           string    `json:"id"`
	CaseID       string    `json:"case_id"`
	OrgID        string    `json:"org_id"`
	PlanID       string    `json:"plan_id"`
	PlanItemID   string    `json:"plan_item_id"`
	ItemKey      string    `json:"item_key"`
	BudgetLineID string    `json:"budget_line_id"`
	PaidOn       time.Time `json:"paid_on"`
	AmountMinor  int64     `json:"amount_minor"`
	Currency     string    `json:"currency"`
	// USDMinor is the amount in the budget line's currency (US cents) at
	// the rate valid on PaidOn (RateID, RateMicro); equal to AmountMinor for
	// dollar payments.
	USDMinor    int64  `json:"usd_minor"`
	RateID      string `json:"rate_id,omitempty"`
	RateMicro   int64  `json:"rate_micro,omitempty"`
	Kind        string `json:"kind"`
	Vendor      string `json:"vendor,omitempty"`
	ReceiptRef  string `json:"receipt_ref,omitempty"`
	DeliveredBy string `json:"delivered_by"`
	Note        string `json:"note,omitempty"`
	// ReversesID names the entry this one reverses; ReversedBy (read only)
	// the entry that reversed this one.
	ReversesID    string    `json:"reverses_id,omitempty"`
	ReversedBy    string    `json:"reversed_by,omitempty"`
	CreatedBy     string    `json:"created_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	// ItemDescription is the item's description, for lists. Read only.
	ItemDescription string `json:"item_description,omitempty"`
}

const maxLedgerText = 300

// ValidatePayment checks a new payment as a person entered it. opened is
// the day the case was opened: a payment cannot predate it.
func (e *LedgerEntry) ValidatePayment(today, opened time.Time) error {
	e.Vendor = strings.TrimSpace(e.Vendor)
	e.ReceiptRef = strings.TrimSpace(e.ReceiptRef)
	e.DeliveredBy = strings.TrimSpace(e.DeliveredBy)
	e.Note = strings.TrimSpace(e.Note)
	var v app.Validation
	if e.PlanItemID == "" {
		v.Add("plan_item_id", "choose the plan item the payment is for")
	}
	switch {
	case e.PaidOn.IsZero():
		v.Add("paid_on", "enter the date of the payment")
	case e.PaidOn.After(today):
		v.Add("paid_on", "the date is in the future")
	case e.PaidOn.Before(opened):
		v.Add("paid_on", "the payment is dated before the case was opened: check the date")
	}
	switch {
	case e.AmountMinor <= 0:
		v.Add("amount_minor", "enter an amount above zero")
	case e.AmountMinor > MaxAmountMinor:
		v.Add("amount_minor", "the amount is too large: check it")
	}
	if !ValidCurrency(e.Currency) {
		v.Add("currency", "choose taka or US dollars")
	}
	if !oneOf(e.Kind, DeliveryKinds) {
		v.Add("kind", "choose cash, in kind or service")
	}
	if (e.Kind == InKind || e.Kind == Service) && e.Vendor == "" {
		v.Add("vendor", "name the vendor or provider")
	}
	if e.DeliveredBy == "" {
		v.Add("delivered_by", "say who delivered the assistance")
	}
	for field, s := range map[string]string{"vendor": e.Vendor, "receipt_ref": e.ReceiptRef, "delivered_by": e.DeliveredBy} {
		if len([]rune(s)) > maxLedgerText {
			v.Add(field, "keep this under 300 characters")
		}
	}
	if len([]rune(e.Note)) > maxComment {
		v.Add("note", "keep the note under 4000 characters")
	}
	return v.Err()
}

// Reversal builds the entry that reverses e on day, with a note saying
// why. It carries the original's item, line, currency, rate and converted
// amount, negated, so that a payment and its reversal net to exactly zero
// in both currencies.
// A zero day means today.
func Reversal(e LedgerEntry, day, today time.Time, note string) (LedgerEntry, error) {
	note = strings.TrimSpace(note)
	if day.IsZero() {
		day = today
	}
	var v app.Validation
	switch {
	case note == "":
		v.Add("note", "say why the entry is being reversed")
	case len([]rune(note)) > maxComment:
		v.Add("note", "keep the note under 4000 characters")
	}
	switch {
	case day.After(today):
		v.Add("paid_on", "the date is in the future")
	case day.Before(e.PaidOn):
		v.Add("paid_on", "a reversal cannot be dated before the entry it reverses")
	}
	if err := v.Err(); err != nil {
		return LedgerEntry{}, err
	}
	if e.ReversesID != "" {
		return LedgerEntry{}, app.Errorf(app.ECONFLICT, "this entry is itself a reversal and cannot be reversed: record the payment again instead")
	}
	if e.ReversedBy != "" {
		return LedgerEntry{}, app.Errorf(app.ECONFLICT, "this entry has already been reversed")
	}
	r := e
	r.ID, r.ReversedBy, r.CreatedBy, r.CreatedByName, r.CreatedAt = "", "", "", "", time.Time{}
	r.PaidOn, r.Note, r.ReversesID = day, note, e.ID
	r.AmountMinor, r.USDMinor = -e.AmountMinor, -e.USDMinor
	return r, nil
}

// CheckItemPayment refuses a payment that would take an item past its
// approved amount: approved is the item's amount in the current approved
// plan, paid what the ledger already holds for it net of reversals, both in
// the item's currency.
func CheckItemPayment(approved, paid, amount int64, currency string) error {
	if paid+amount <= approved {
		return nil
	}
	return &app.Error{Code: app.ECONFLICT,
		Message: "this payment would bring the total paid on the item to %s, above the approved %s: paying more needs a revised plan",
		Args:    []any{Money(paid+amount, currency), Money(approved, currency)},
		Fields:  map[string]string{"amount_minor": "above what the plan approves for this item"}}
}
