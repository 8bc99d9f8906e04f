package programme

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestTallyAndChecks(t *testing.T) {
	line := BudgetLine{ID: "l1", OrgCode: "BNSK", Category: DirectAssistance, PlannedMinor: 500_000, Currency: USD}
	// Two approved items (USD 1,000 and BDT 117,500 committed as USD 1,000), a
	// payment, a second payment and its reversal.
	f := Tally(line, []int64{100_000, 100_000}, []int64{85_106, 30_000, -30_000})
	if f.Planned != 500_000 || f.Committed != 200_000 || f.Disbursed != 85_106 || f.Remaining != 300_000 {
		t.Fatalf("tally: %+v", f)
	}
	if err := CheckCommit(f, 200_000, 300_000); err != nil {
		t.Errorf("committing exactly what is left: %v", err)
	}
	err := CheckCommit(f, 200_000, 300_001)
	if app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("overdraw: %v", err)
	}
	want := "approving this plan would overdraw the budget line direct_assistance of BNSK by USD 0.01: it has USD 3,000.00 left to commit and the plan needs USD 3,000.01"
	if got := app.ErrorMessage(err); got != want {
		t.Errorf("overdraw message:\n got %s\nwant %s", got, want)
	}
	if err := CheckPayout(f, 500_000-85_106); err != nil {
		t.Errorf("paying out the rest: %v", err)
	}
	err = CheckPayout(f, 500_000-85_106+1)
	if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
		"the budget line direct_assistance of BNSK has no money left for this payment: USD 4,148.94 is left and the payment is USD 4,148.95" {
		t.Errorf("payout: %v", err)
	}
	total := Sum([]Figures{f, Tally(BudgetLine{PlannedMinor: 100, Currency: USD}, []int64{40}, []int64{10})})
	if total.Planned != 500_100 || total.Committed != 200_040 || total.Disbursed != 85_116 || total.Remaining != 300_060 {
		t.Errorf("sum: %+v", total)
	}
}

func TestBudgetLineRules(t *testing.T) {
	b := BudgetLine{ProjectID: "p", OrgID: "o", Category: Staff, PlannedMinor: 1}
	if err := b.Validate(); err != nil || b.Currency != USD {
		t.Fatalf("valid line: %+v %v", b, err)
	}
	bad := BudgetLine{Category: "travel", Currency: BDT, PlannedMinor: -1}
	f := app.ErrorFields(bad.Validate())
	for _, field := range []string{"project_id", "org_id", "category", "currency", "planned_minor"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}
	if err := CheckPlannedChange(300, 300, 100, USD); err != nil {
		t.Errorf("down to what is committed: %v", err)
	}
	err := CheckPlannedChange(299, 300, 100, USD)
	if app.ErrorCode(err) != app.ECONFLICT || app.ErrorFields(err)["planned_minor"] == "" {
		t.Errorf("below committed: %v", err)
	}
	if err := CheckPlannedChange(350, 300, 400, USD); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("below disbursed: %v", err)
	}
	if err := CheckProjectTotal(20_000_000, 20_000_000, USD); err != nil {
		t.Errorf("lines equal to the budget: %v", err)
	}
	if err := CheckProjectTotal(20_000_001, 20_000_000, USD); app.ErrorCode(err) != app.EINVALID ||
		app.ErrorMessage(err) != "the project's budget lines would add up to USD 200,000.01, more than its budget of USD 200,000.00" {
		t.Errorf("lines above the budget: %v", err)
	}
	if err := CheckProjectTotal(5, 0, USD); err != nil {
		t.Errorf("a project without a budget: %v", err)
	}
}
