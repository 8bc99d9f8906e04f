package community

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func valid() Initiative {
	return Initiative{ProjectID: "p", OrgID: "o", Title: " Harvest fair ", Kind: SocialCohesionEvent, Upazila: "bd205133",
		Union: "BD20513347", StartsOn: day("2024-03-01"), Status: Planned, BudgetLineID: "l", BudgetMinor: 100, Currency: programme.BDT}
}

func TestValidateFillsTheDistrictAndNamesFields(t *testing.T) {
	in := valid()
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if in.Title != "Harvest fair" || in.Upazila != "BD205133" || in.District != "BD2051" {
		t.Errorf("normalised %+v", in)
	}
	bad := Initiative{Kind: "picnic", Upazila: "BD205143", Union: "BD20513347", StartsOn: day("2024-03-01"), Status: "done",
		BudgetMinor: 5, Currency: "EUR", EndsOn: ptr(day("2024-02-01"))}
	f := app.ErrorFields(bad.Validate())
	for _, field := range []string{"project_id", "org_id", "title", "kind", "union", "ends_on", "status", "currency", "budget_line_id"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}
	if f["upazila"] != "" {
		t.Errorf("a good upazila refused: %v", f)
	}
	noPlace := valid()
	noPlace.Upazila, noPlace.Union = "", ""
	if app.ErrorFields(noPlace.Validate())["upazila"] == "" {
		t.Error("no upazila accepted")
	}
}

func ptr[T any](v T) *T { return &v }

func TestLifecycle(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{{Planned, Approved, true}, {Planned, Ongoing, false}, {Approved, Ongoing, true}, {Approved, Completed, true},
		{Ongoing, Cancelled, true}, {Completed, Ongoing, false}, {Cancelled, Planned, false}, {Ongoing, Approved, false}} {
		if CanMove(c.from, c.to) != c.ok {
			t.Errorf("%s -> %s: %v", c.from, c.to, !c.ok)
		}
	}
	if app.ErrorCode(CheckMove(Planned, "nowhere")) != app.EINVALID || app.ErrorCode(CheckMove(Completed, Ongoing)) != app.ECONFLICT {
		t.Error("CheckMove")
	}
	in := Initiative{CommittedMinor: 300, SpentUSD: 120}
	for status, want := range map[string]int64{Planned: 0, Approved: 300, Ongoing: 300, Completed: 120, Cancelled: 120} {
		in.Status = status
		if in.Held() != want {
			t.Errorf("%s holds %d, want %d", status, in.Held(), want)
		}
	}
}

func TestCounts(t *testing.T) {
	got, err := CheckCounts([]Count{{CommunityMember, "male", "marma", 2}, {Returnee, "male", GeneralPopulation, 3},
		{Returnee, "female", GeneralPopulation, 4}, {Returnee, "third_gender", "chakma", 0}, {Returnee, "female", "chakma", 1}})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range got {
		order = append(order, c.Type+" "+c.Group+" "+c.Sex)
	}
	want := []string{"returnee general female", "returnee general male", "returnee chakma female", "community_member marma male"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v", order)
	}
	tot := Sum(got)
	if tot.All != 10 || tot.ByType[Returnee] != 8 || tot.BySex["male"] != 5 || tot.ByTypeSex["returnee female"] != 5 {
		t.Errorf("totals %+v", tot)
	}
	for _, bad := range [][]Count{{{"guest", "male", GeneralPopulation, 1}}, {{Returnee, "x", GeneralPopulation, 1}},
		{{Returnee, "male", "martian", 1}}, {{Returnee, "male", GeneralPopulation, MaxPeople + 1}},
		{{Returnee, "male", GeneralPopulation, 1}, {Returnee, "male", GeneralPopulation, 2}}} {
		if _, err := CheckCounts(bad); app.ErrorFields(err)["participants"] == "" {
			t.Errorf("%+v accepted", bad)
		}
	}
	if g := Groups(); g[0] != GeneralPopulation || !slices.Contains(g, "chakma") || !slices.Contains(g, "bengali") {
		t.Errorf("groups %v", g)
	}
}

func TestExpenses(t *testing.T) {
	today := day("2024-07-10")
	in := Initiative{Status: Ongoing, Currency: programme.BDT, BudgetMinor: 1000, SpentMinor: 900, StartsOn: day("2024-03-01")}
	e := Expense{SpentOn: day("2024-07-01"), AmountMinor: 100, Currency: programme.BDT, Description: " tea "}
	if err := e.ValidateNew(today); err != nil || e.Description != "tea" {
		t.Fatalf("%+v %v", e, err)
	}
	if err := CheckExpense(in, e); err != nil {
		t.Errorf("spending the last of the budget: %v", err)
	}
	e.AmountMinor = 101
	if err := CheckExpense(in, e); app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "BDT 10.01, above its budget of BDT 10.00") {
		t.Errorf("above budget: %v", err)
	}
	e.AmountMinor, e.Currency = 1, programme.USD
	if app.ErrorFields(CheckExpense(in, e))["currency"] == "" {
		t.Error("another currency accepted")
	}
	e.Currency, e.SpentOn = programme.BDT, day("2023-01-01")
	if app.ErrorFields(CheckExpense(in, e))["spent_on"] == "" {
		t.Error("an expense a year before the start accepted")
	}
	e.SpentOn = day("2024-07-01")
	for _, s := range []string{Planned, Cancelled} {
		in.Status = s
		if app.ErrorCode(CheckExpense(in, e)) != app.ECONFLICT {
			t.Errorf("an expense while %s accepted", s)
		}
	}
	bad := Expense{SpentOn: day("2024-08-01"), Currency: "EUR", Vendor: strings.Repeat("v", 301)}
	f := app.ErrorFields(bad.ValidateNew(today))
	for _, field := range []string{"spent_on", "amount_minor", "currency", "description", "vendor"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}

	paid := Expense{ID: "x1", SpentOn: day("2024-07-01"), AmountMinor: 500, USDMinor: 4, Currency: programme.BDT, RateID: "r", Vendor: "shop"}
	r, err := Reversal(paid, time.Time{}, today, "typed twice")
	if err != nil || r.AmountMinor != -500 || r.USDMinor != -4 || r.ReversesID != "x1" || r.SpentOn != today || r.RateID != "r" || r.Vendor != "" {
		t.Errorf("reversal %+v %v", r, err)
	}
	if _, err := Reversal(paid, day("2024-06-30"), today, ""); app.ErrorFields(err)["spent_on"] == "" || app.ErrorFields(err)["description"] == "" {
		t.Errorf("a bad reversal: %v", err)
	}
	paid.ReversedBy = "x2"
	if _, err := Reversal(paid, today, today, "again"); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("reversing twice: %v", err)
	}
}

func TestCheckEdit(t *testing.T) {
	old := Initiative{Status: Ongoing, BudgetLineID: "l1", BudgetMinor: 1000, SpentMinor: 600, Currency: programme.BDT}
	in := old
	in.Title = "renamed"
	if err := CheckEdit(old, in, true); err != nil {
		t.Errorf("a change of words: %v", err)
	}
	in.BudgetMinor = 599
	if err := CheckEdit(old, in, true); app.ErrorCode(err) != app.ECONFLICT || app.ErrorFields(err)["budget_minor"] == "" {
		t.Errorf("below what was spent: %v", err)
	}
	in.BudgetMinor, in.BudgetLineID = 600, "l2"
	if app.ErrorFields(CheckEdit(old, in, true))["budget_line_id"] == "" {
		t.Error("line changed after spending")
	}
	if err := CheckEdit(old, in, false); err != nil {
		t.Errorf("line changed before spending: %v", err)
	}
	in.BudgetLineID, in.Currency = "l1", programme.USD
	if app.ErrorFields(CheckEdit(old, in, true))["currency"] == "" {
		t.Error("currency changed after spending")
	}
	old.Status = Completed
	in.Currency = programme.BDT
	if app.ErrorFields(CheckEdit(old, in, false))["budget_minor"] == "" {
		t.Error("a completed initiative's budget changed")
	}
}
