package programme

import (
	"time"

	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestValidatePayment(t *testing.T) {
	opened := day("2024-01-15")
	e := LedgerEntry{PlanItemID: "i", PaidOn: day("2024-03-10"), AmountMinor: 2_000_000, Currency: BDT, Kind: Cash,
		DeliveredBy: " Rina ", ReceiptRef: " R-17 "}
	if err := e.ValidatePayment(today, opened); err != nil || e.DeliveredBy != "Rina" || e.ReceiptRef != "R-17" {
		t.Fatalf("valid payment: %+v %v", e, err)
	}
	cases := []struct {
		change func(*LedgerEntry)
		field  string
	}{
		{func(e *LedgerEntry) { e.PlanItemID = "" }, "plan_item_id"},
		{func(e *LedgerEntry) { e.PaidOn = day("2024-05-02") }, "paid_on"},
		{func(e *LedgerEntry) { e.PaidOn = day("2024-01-14") }, "paid_on"},
		{func(e *LedgerEntry) { e.AmountMinor = 0 }, "amount_minor"},
		{func(e *LedgerEntry) { e.AmountMinor = -5 }, "amount_minor"},
		{func(e *LedgerEntry) { e.Currency = "SAR" }, "currency"},
		{func(e *LedgerEntry) { e.Kind = "cheque" }, "kind"},
		{func(e *LedgerEntry) { e.Kind = InKind }, "vendor"},
		{func(e *LedgerEntry) { e.DeliveredBy = "  " }, "delivered_by"},
	}
	for _, c := range cases {
		x := e
		c.change(&x)
		if app.ErrorFields(x.ValidatePayment(today, opened))[c.field] == "" {
			t.Errorf("no message for %s: %+v", c.field, x)
		}
	}
}

func TestReversalAndItemCap(t *testing.T) {
	e := LedgerEntry{ID: "e1", ItemKey: "k", PaidOn: day("2024-03-10"), AmountMinor: 2_000_000, Currency: BDT, USDMinor: 18_182,
		RateID: "r", RateMicro: 110_000_000, Kind: Cash, DeliveredBy: "Rina", CreatedBy: "u"}
	r, err := Reversal(e, day("2024-03-12"), today, " typed 20,000 for 2,000 ")
	if err != nil {
		t.Fatal(err)
	}
	if r.AmountMinor != -2_000_000 || r.USDMinor != -18_182 || r.ReversesID != "e1" || r.Note != "typed 20,000 for 2,000" ||
		r.RateID != "r" || r.ItemKey != "k" || r.ID != "" || r.CreatedBy != "" || !r.PaidOn.Equal(day("2024-03-12")) {
		t.Errorf("reversal: %+v", r)
	}
	if e.AmountMinor+r.AmountMinor != 0 || e.USDMinor+r.USDMinor != 0 {
		t.Errorf("a payment and its reversal do not net to zero: %+v %+v", e, r)
	}
	if r, _ := Reversal(e, time.Time{}, today, "why"); !r.PaidOn.Equal(today) {
		t.Errorf("undated reversal dated %v", r.PaidOn)
	}
	if _, err := Reversal(e, day("2024-03-12"), today, ""); app.ErrorFields(err)["note"] == "" {
		t.Errorf("reversal without a reason: %v", err)
	}
	if _, err := Reversal(e, day("2024-03-09"), today, "why"); app.ErrorFields(err)["paid_on"] == "" {
		t.Errorf("reversal before the entry: %v", err)
	}
	if _, err := Reversal(r, today, today, "why"); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("reversing a reversal: %v", err)
	}
	e.ReversedBy = "e2"
	if _, err := Reversal(e, today, today, "why"); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("reversing twice: %v", err)
	}

	if err := CheckItemPayment(5_000_000, 2_000_000, 3_000_000, BDT); err != nil {
		t.Errorf("paying up to the approved amount: %v", err)
	}
	err = CheckItemPayment(5_000_000, 2_000_000, 3_000_001, BDT)
	if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
		"this payment would bring the total paid on the item to BDT 50,000.01, above the approved BDT 50,000.00: paying more needs a revised plan" {
		t.Errorf("overpayment: %v", err)
	}
}
