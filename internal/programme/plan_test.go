package programme

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

var today = day("2024-05-01")

func grant() PlanItem {
	return PlanItem{Dimension: "economic", Level: "individual", Type: "business_startup_grant", Description: " grocery shop stock ",
		AmountMinor: 5_000_000, Currency: BDT, BudgetLineID: "line", ResponsibleOrgID: "bnsk", TargetDate: day("2024-08-01")}
}

func TestPlanValidate(t *testing.T) {
	p := Plan{Goals: "  a steady income from a shop  ", Items: []PlanItem{grant()}}
	if err := p.Validate(today); err != nil {
		t.Fatal(err)
	}
	if p.Goals != "a steady income from a shop" || p.Items[0].Description != "grocery shop stock" || p.Items[0].Currency != BDT {
		t.Errorf("not normalised: %+v", p)
	}
	// A counselling item costs nothing and needs no budget line.
	free := PlanItem{Dimension: "psychosocial", Level: "individual", Type: "psychosocial_counselling", Description: "six sessions",
		ResponsibleOrgID: "bnsk", TargetDate: day("2024-07-01")}
	if err := (&Plan{Items: []PlanItem{free}}).Validate(today); err != nil {
		t.Errorf("a free item: %v", err)
	}

	bad := Plan{Goals: strings.Repeat("g", 8001), Items: []PlanItem{
		grant(),
		{Dimension: "spiritual", Level: "national", Type: "cash", Currency: "EUR", AmountMinor: -1},
		{Dimension: "social", Level: "community", Type: "referral", Description: "x", AmountMinor: 10, ResponsibleOrgID: "o",
			TargetDate: day("2040-01-01")},
	}}
	bad.Items[0].Key = "k"
	bad.Items[2].Key = "k"
	f := app.ErrorFields(bad.Validate(today))
	for _, field := range []string{"goals", "items.1.dimension", "items.1.level", "items.1.type", "items.1.description",
		"items.1.currency", "items.1.amount_minor", "items.1.responsible_org_id", "items.1.target_date",
		"items.2.budget_line_id", "items.2.target_date", "items.2.key"} {
		if f[field] == "" {
			t.Errorf("no message for %s", field)
		}
	}
	if f["items.0.dimension"] != "" || len(f) != 12 {
		t.Errorf("fields: %v", f)
	}
	tooMany := Plan{Items: make([]PlanItem, MaxItems+1)}
	if app.ErrorFields(tooMany.Validate(today))["items"] == "" {
		t.Error("51 items accepted")
	}
}

func TestPlanSubmitAndFourEyes(t *testing.T) {
	f := app.ErrorFields(Plan{}.CheckSubmit())
	if f["goals"] == "" || f["items"] == "" {
		t.Errorf("empty plan submitted: %v", f)
	}
	if err := (Plan{Goals: "g", Items: []PlanItem{grant()}}).CheckSubmit(); err != nil {
		t.Error(err)
	}

	p := Plan{CreatedBy: "worker", Editors: []string{"worker", "manager1"}, SubmittedBy: "worker"}
	cases := []struct {
		who  app.Actor
		code string
	}{
		{app.Actor{UserID: "worker", Role: app.RoleCaseWorker}, app.EFORBIDDEN},
		{app.Actor{UserID: "worker2", Role: app.RoleCaseWorker}, app.EFORBIDDEN},
		{app.Actor{UserID: "pm", Role: app.RoleProgrammeManager}, app.EFORBIDDEN},
		{app.Actor{UserID: "manager1", Role: app.RoleOrgManager}, app.EFORBIDDEN}, // edited the draft
		{app.Actor{UserID: "manager2", Role: app.RoleOrgManager}, ""},
	}
	for _, c := range cases {
		if got := app.ErrorCode(CheckDecider(p, c.who)); got != c.code {
			t.Errorf("%s (%s) deciding: %q, want %q", c.who.UserID, c.who.Role, got, c.code)
		}
	}
	// A manager who submitted someone else's draft is not a second pair of eyes either.
	p2 := Plan{Editors: []string{"worker"}, SubmittedBy: "manager1"}
	if err := CheckDecider(p2, app.Actor{UserID: "manager1", Role: app.RoleOrgManager}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("submitter approving: %v", err)
	}
	if _, err := CheckReturnComment("  "); app.ErrorFields(err)["comment"] == "" {
		t.Errorf("return without a comment: %v", err)
	}
	if c, err := CheckReturnComment(" lower the grant "); err != nil || c != "lower the grant" {
		t.Errorf("comment: %q %v", c, err)
	}
}

func TestCheckPaidItems(t *testing.T) {
	it := grant()
	it.Key = "k1"
	p := Plan{Items: []PlanItem{it}}
	paid := map[string]Paid{"k1": {Minor: 2_000_000, Currency: BDT, Description: "grocery shop stock"}}
	if err := CheckPaidItems(p, paid); err != nil {
		t.Errorf("keeping a paid item: %v", err)
	}
	p.Items[0].AmountMinor = 1_999_999
	if app.ErrorFields(CheckPaidItems(p, paid))["items.0.amount_minor"] == "" {
		t.Error("an amount below what was paid")
	}
	p.Items[0].AmountMinor, p.Items[0].Currency = 2_000_000, USD
	if app.ErrorFields(CheckPaidItems(p, paid))["items.0.currency"] == "" {
		t.Error("a paid item changing currency")
	}
	err := CheckPaidItems(Plan{}, paid)
	if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "grocery shop stock") {
		t.Errorf("removing a paid item: %v", err)
	}
	// Fully reversed payments leave nothing to keep faith with.
	if err := CheckPaidItems(Plan{}, map[string]Paid{"k1": {Currency: BDT}}); err != nil {
		t.Errorf("removing an item whose payment was reversed: %v", err)
	}
}

func TestPlanStates(t *testing.T) {
	for status, want := range map[string][2]bool{PlanDraft: {true, true}, PlanReturned: {true, true}, PlanSubmitted: {true, false},
		PlanApproved: {false, false}, PlanSuperseded: {false, false}} {
		p := Plan{Status: status}
		if p.Open() != want[0] || p.Editable() != want[1] {
			t.Errorf("%s: open %v editable %v", status, p.Open(), p.Editable())
		}
	}
}
