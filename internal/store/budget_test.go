package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func TestBudgetLines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		pm := pf.pm.Actor()
		line := programme.BudgetLine{ProjectID: pf.pr.ID, OrgID: pf.bnsk.ID, Category: programme.Staff, PlannedMinor: 100}
		for _, a := range []app.Actor{pf.bnskMgr.Actor(), pf.bnskCW.Actor(), pf.viewer.Actor()} {
			if _, err := db.CreateBudgetLine(ctx, a, line); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s setting a budget line: %v", a.Role, err)
			}
		}
		dup := line
		dup.Category = programme.DirectAssistance
		if _, err := db.CreateBudgetLine(ctx, pm, dup); app.ErrorFields(err)["category"] == "" {
			t.Errorf("a second direct assistance line for BNSK: %v", err)
		}
		for field, change := range map[string]func(*programme.BudgetLine){
			"org_id":     func(b *programme.BudgetLine) { b.OrgID = "no-such-org" },
			"project_id": func(b *programme.BudgetLine) { b.ProjectID = "no-such-project" },
			"currency":   func(b *programme.BudgetLine) { b.Currency = programme.BDT },
		} {
			bad := line
			change(&bad)
			if _, err := db.CreateBudgetLine(ctx, pm, bad); app.ErrorFields(err)[field] == "" {
				t.Errorf("bad %s: %v", field, err)
			}
		}
		// The project has USD 200,000 and its lines USD 3,500 so far.
		line.PlannedMinor = 20_000_000 - 350_000 + 1
		if _, err := db.CreateBudgetLine(ctx, pm, line); app.ErrorCode(err) != app.EINVALID ||
			app.ErrorMessage(err) != "the project's budget lines would add up to USD 200,000.01, more than its budget of USD 200,000.00" {
			t.Errorf("lines above the project budget: %v", err)
		}
		line.PlannedMinor--
		staff, err := db.CreateBudgetLine(ctx, pm, line)
		if err != nil || staff.Version != 1 || staff.OrgCode != "BNSK" {
			t.Fatalf("a line up to the project budget: %+v %v", staff, err)
		}
		if _, err := db.UpdateBudgetLine(ctx, pm, pf.da.ID, pf.da.Version, 200_001); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("raising a line past the project budget: %v", err)
		}

		// USD 1,500 committed on direct assistance.
		p := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 150_000, programme.USD, "poultry farm"))
		if _, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateBudgetLine(ctx, pm, pf.da.ID, pf.da.Version, 149_999); app.ErrorCode(err) != app.ECONFLICT ||
			app.ErrorFields(err)["planned_minor"] == "" {
			t.Errorf("a line below what is committed: %v", err)
		}
		if _, err := db.UpdateBudgetLine(ctx, pf.bnskMgr.Actor(), pf.da.ID, pf.da.Version, 150_000); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a manager changing a line: %v", err)
		}
		updated, err := db.UpdateBudgetLine(ctx, pm, pf.da.ID, pf.da.Version, 150_000)
		if err != nil || updated.PlannedMinor != 150_000 || updated.Version != pf.da.Version+1 {
			t.Fatalf("lowering a line to what is committed: %+v %v", updated, err)
		}
		if _, err := db.UpdateBudgetLine(ctx, pm, pf.da.ID, pf.da.Version, 160_000); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("changing a line from a stale copy: %v", err)
		}
		bnsk, err := db.BudgetFigures(ctx, pf.bnskCW.Actor(), store.BudgetQuery{ProjectID: pf.pr.ID, OrgID: pf.bnsk.ID})
		if err != nil || len(bnsk) != 3 {
			t.Fatalf("BNSK's lines: %+v %v", bnsk, err)
		}
		// In the budget's order: direct assistance, community projects, staff.
		if bnsk[0].Category != programme.DirectAssistance || bnsk[1].Category != programme.CommunityProjects || bnsk[2].Category != programme.Staff {
			t.Errorf("order: %s %s %s", bnsk[0].Category, bnsk[1].Category, bnsk[2].Category)
		}
		checkFigures(t, bnsk[0], 150_000, 150_000, 0, 0)
	})
}

func TestExchangeRates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		pm := pf.pm.Actor()
		if _, err := db.AddExchangeRate(ctx, pf.bnskMgr.Actor(), programme.ExchangeRate{ValidFrom: *date("2025-01-01"), RateMicro: 122_000_000}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a manager setting a rate: %v", err)
		}
		if _, err := db.AddExchangeRate(ctx, pm, programme.ExchangeRate{ValidFrom: *date("2024-06-01"), RateMicro: 121_000_000}); app.ErrorFields(err)["valid_from"] == "" {
			t.Errorf("two rates from one date: %v", err)
		}
		if _, err := db.AddExchangeRate(ctx, pm, programme.ExchangeRate{ValidFrom: *date("2025-01-01"), RateMicro: 0}); app.ErrorFields(err)["rate_micro"] == "" {
			t.Errorf("a zero rate: %v", err)
		}
		typo, err := db.AddExchangeRate(ctx, pm, programme.ExchangeRate{ValidFrom: *date("2025-01-01"), RateMicro: 12_200_000})
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := db.UpdateExchangeRate(ctx, pm, typo.ID, typo.Version, 122_000_000, "Bangladesh Bank")
		if err != nil || fixed.RateMicro != 122_000_000 || fixed.Version != 2 {
			t.Fatalf("correcting an unused rate: %+v %v", fixed, err)
		}
		if _, err := db.UpdateExchangeRate(ctx, pm, typo.ID, typo.Version, 123_000_000, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("correcting from a stale copy: %v", err)
		}
		rates, err := db.ListExchangeRates(ctx, pf.viewer.Actor())
		if err != nil || len(rates) != 3 || rates[0].ID != typo.ID || rates[0].RateMicro != 122_000_000 || rates[2].ID != pf.rate110.ID {
			t.Errorf("rates, newest first: %+v %v", rates, err)
		}
		if got, ok := programme.RateOn(rates, programme.USD, programme.BDT, *date("2024-12-31")); !ok || got.ID != pf.rate120.ID {
			t.Errorf("rate on 2024-12-31: %+v", got)
		}
	})
}
