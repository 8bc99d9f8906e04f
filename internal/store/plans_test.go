package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// progFixture is the seeded organisations with a BNSK case in REMA(K)ER
// (opened 2023-12-01), a second BNSK manager, a WARBE manager, and budget
// lines set by the programme manager:
//
//	BNSK  direct assistance   USD 2,000.00
//	BNSK  community projects  USD   500.00
//	WARBE direct assistance   USD 1,000.00
//
// and, when rates is set, the taka rates 110.00 from 2024-01-01 and
// 120.00 from 2024-06-01 (so every approval, made today, converts at 120).
type progFixture struct {
	fixture
	pr                store.Project
	person            registry.Person
	c                 casework.Case
	bnskMgr2, warbeMg store.User
	da, cp, warbeDA   programme.BudgetLine
	rate110, rate120  programme.ExchangeRate
}

func programmeFixture(t *testing.T, db *store.DB, rates bool) progFixture {
	t.Helper()
	var pf progFixture
	pf.fixture = seed(t, db)
	pf.pr, pf.person = caseFixture(t, db, pf.fixture)
	var err error
	pf.c, err = db.OpenCase(ctx, pf.bnskCW.Actor(), store.NewCase{PersonID: pf.person.ID, ProjectID: pf.pr.ID, OpenedOn: *date("2023-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	mkUser := func(org store.Organisation, name string) store.User {
		u, err := db.CreateUser(ctx, app.System, store.NewUser{OrgID: org.ID, Username: name, Role: app.RoleOrgManager, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	pf.bnskMgr2, pf.warbeMg = mkUser(pf.bnsk, "bnsk.manager2"), mkUser(pf.warbe, "warbe.manager")
	mkLine := func(org store.Organisation, category string, planned int64) programme.BudgetLine {
		b, err := db.CreateBudgetLine(ctx, pf.pm.Actor(), programme.BudgetLine{ProjectID: pf.pr.ID, OrgID: org.ID, Category: category,
			PlannedMinor: planned})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pf.da = mkLine(pf.bnsk, programme.DirectAssistance, 200_000)
	pf.cp = mkLine(pf.bnsk, programme.CommunityProjects, 50_000)
	pf.warbeDA = mkLine(pf.warbe, programme.DirectAssistance, 100_000)
	if rates {
		pf.rate110 = pf.addRate(t, db, "2024-01-01", 110_000_000)
		pf.rate120 = pf.addRate(t, db, "2024-06-01", 120_000_000)
	}
	return pf
}

func (pf progFixture) addRate(t *testing.T, db *store.DB, from string, micro int64) programme.ExchangeRate {
	t.Helper()
	r, err := db.AddExchangeRate(ctx, pf.pm.Actor(), programme.ExchangeRate{ValidFrom: *date(from), RateMicro: micro, Source: "Bangladesh Bank"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// target is a delivery date comfortably within the plan rules whenever the
// tests run.
var target = time.Now().UTC().AddDate(0, 3, 0)

func item(line programme.BudgetLine, typ string, amount int64, currency, what string) programme.PlanItem {
	dim := "economic"
	if typ == "psychosocial_counselling" {
		dim = "psychosocial"
	}
	return programme.PlanItem{Dimension: dim, Level: "individual", Type: typ, Description: what, AmountMinor: amount, Currency: currency,
		BudgetLineID: line.ID, ResponsibleOrgID: line.OrgID, TargetDate: target}
}

// draftAndSubmit has the BNSK case worker draft and submit a plan for c.
func (pf progFixture) draftAndSubmit(t *testing.T, db *store.DB, caseID string, items ...programme.PlanItem) programme.Plan {
	t.Helper()
	p, err := db.DraftPlan(ctx, pf.bnskCW.Actor(), caseID, programme.Plan{Goals: "a steady income", Items: items})
	if err != nil {
		t.Fatal(err)
	}
	p, err = db.SubmitPlan(ctx, pf.bnskCW.Actor(), p.ID, p.Version)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func figuresOf(t *testing.T, db *store.DB, a app.Actor, projectID string) map[string]programme.Figures {
	t.Helper()
	figs, err := db.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: projectID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]programme.Figures{}
	for _, f := range figs {
		out[f.OrgCode+" "+f.Category] = f
	}
	return out
}

func checkFigures(t *testing.T, got programme.Figures, planned, committed, disbursed, remaining int64) {
	t.Helper()
	if got.Planned != planned || got.Committed != committed || got.Disbursed != disbursed || got.Remaining != remaining {
		t.Errorf("%s %s: planned %d committed %d disbursed %d remaining %d; want %d %d %d %d", got.OrgCode, got.Category,
			got.Planned, got.Committed, got.Disbursed, got.Remaining, planned, committed, disbursed, remaining)
	}
}

// TestPlanApprovalPaymentsAndBudgetFigures is the whole flow: a plan drafted,
// changed by a manager, submitted, refused to the case worker and to the
// manager who changed it, approved by a second manager; payments in taka at
// two dated rates and in dollars; an overpayment refused; a mistake
// reversed and paid again; and the budget figures against totals worked
// out by hand.
func TestPlanApprovalPaymentsAndBudgetFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw, mgr, mgr2 := pf.bnskCW.Actor(), pf.bnskMgr.Actor(), pf.bnskMgr2.Actor()

		// A draft may be incomplete; submitting it may not.
		p, err := db.DraftPlan(ctx, cw, pf.c.ID, programme.Plan{})
		if err != nil || p.Number != 1 || p.Status != programme.PlanDraft || p.Version != 1 {
			t.Fatalf("draft: %+v %v", p, err)
		}
		if _, err := db.SubmitPlan(ctx, cw, p.ID, p.Version); app.ErrorFields(err)["items"] == "" || app.ErrorFields(err)["goals"] == "" {
			t.Errorf("submitting an empty plan: %v", err)
		}
		grant := item(pf.da, "business_startup_grant", 6_000_000, programme.BDT, "grocery shop stock") // BDT 60,000.00
		course := item(pf.da, "vocational_training", 30_000, programme.USD, "tailoring course")        // USD 300.00
		talk := item(programme.BudgetLine{OrgID: pf.bnsk.ID}, "psychosocial_counselling", 0, programme.BDT, "six counselling sessions")
		p, err = db.SavePlan(ctx, cw, p.ID, p.Version, programme.Plan{Goals: "a steady income from a shop", Items: []programme.PlanItem{grant, course, talk}})
		if err != nil || len(p.Items) != 3 || p.Items[0].Key == "" || p.Items[0].ID == "" || p.Version != 2 {
			t.Fatalf("save: %+v %v", p, err)
		}
		// The manager improves the draft, and so becomes one of its drafters.
		edited := p
		edited.Items[1].Description = "tailoring course at the BMET centre"
		p, err = db.SavePlan(ctx, mgr, p.ID, p.Version, edited)
		if err != nil || p.Items[1].Description != "tailoring course at the BMET centre" || len(p.Editors) != 2 {
			t.Fatalf("manager's edit: %+v %v", p, err)
		}
		p, err = db.SubmitPlan(ctx, cw, p.ID, p.Version)
		if err != nil || p.Status != programme.PlanSubmitted || p.SubmittedByName != "bnsk.worker" {
			t.Fatalf("submit: %+v %v", p, err)
		}
		if _, err := db.SavePlan(ctx, cw, p.ID, p.Version, edited); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("editing a submitted plan: %v", err)
		}

		// Four eyes.
		if _, err := db.ApprovePlan(ctx, cw, p.ID, p.Version); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a case worker approving: %v", err)
		}
		_, err = db.ApprovePlan(ctx, mgr, p.ID, p.Version)
		if app.ErrorCode(err) != app.EFORBIDDEN || !strings.Contains(app.ErrorMessage(err), "another manager") {
			t.Errorf("the manager who drafted approving: %v", err)
		}
		if _, err := db.ApprovePlan(ctx, pf.pm.Actor(), p.ID, p.Version); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("the programme manager approving: %v", err)
		}
		if _, err := db.ApprovePlan(ctx, mgr2, p.ID, p.Version-1); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("approving a stale copy: %v", err)
		}
		// Returned with a comment, fixed and submitted again.
		if _, err := db.ReturnPlan(ctx, mgr2, p.ID, p.Version, " "); app.ErrorFields(err)["comment"] == "" {
			t.Errorf("returning without a comment: %v", err)
		}
		p, err = db.ReturnPlan(ctx, mgr2, p.ID, p.Version, "name the training centre's town")
		if err != nil || p.Status != programme.PlanReturned || p.DecisionNote != "name the training centre's town" {
			t.Fatalf("return: %+v %v", p, err)
		}
		edited = p
		edited.Items[1].Description = "tailoring course at the BMET centre, Barishal"
		if p, err = db.SavePlan(ctx, cw, p.ID, p.Version, edited); err != nil || p.Status != programme.PlanDraft {
			t.Fatalf("fixing a returned plan: %+v %v", p, err)
		}
		if p, err = db.SubmitPlan(ctx, cw, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		p, err = db.ApprovePlan(ctx, mgr2, p.ID, p.Version)
		if err != nil || p.Status != programme.PlanApproved || p.DecidedByName != "bnsk.manager2" || p.DecisionNote != "" {
			t.Fatalf("approve: %+v %v", p, err)
		}
		// Committed at today's rate, 120 taka a dollar: BDT 60,000 = USD 500.00.
		if p.Items[0].CommittedMinor != 50_000 || p.Items[0].RateID != pf.rate120.ID || p.Items[1].CommittedMinor != 30_000 ||
			p.Items[1].RateID != "" || p.Items[2].CommittedMinor != 0 {
			t.Errorf("committed: %+v", p.Items)
		}
		if _, err := db.ApprovePlan(ctx, mgr2, p.ID, p.Version); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("approving twice: %v", err)
		}
		// The first approval schedules follow-up visits at 3, 6 and 12 months.
		if visits, err := db.VisitsOfCase(ctx, cw, pf.c.ID); err != nil || len(visits) != 3 {
			t.Errorf("visits after approval: %d %v", len(visits), err)
		}
		grantID, courseID, talkID := p.Items[0].ID, p.Items[1].ID, p.Items[2].ID

		pay := func(itemID, on string, amount int64, currency, kind, vendor string) (programme.LedgerEntry, error) {
			return db.RecordPayment(ctx, cw, pf.c.ID, programme.LedgerEntry{PlanItemID: itemID, PaidOn: *date(on), AmountMinor: amount,
				Currency: currency, Kind: kind, Vendor: vendor, ReceiptRef: "R-" + on, DeliveredBy: "Rina Akter"})
		}
		// BDT 22,000 on 10 March at 110 = USD 200.00 (a typo: it was 20,000).
		typo, err := pay(grantID, "2024-03-10", 2_200_000, programme.BDT, programme.Cash, "")
		if err != nil || typo.USDMinor != 20_000 || typo.RateID != pf.rate110.ID || typo.RateMicro != 110_000_000 || typo.BudgetLineID != pf.da.ID {
			t.Fatalf("payment 1: %+v %v", typo, err)
		}
		// BDT 30,000 in kind on 1 July at 120 = USD 250.00.
		if e, err := pay(grantID, "2024-07-01", 3_000_000, programme.BDT, programme.InKind, "Rahman Traders"); err != nil || e.USDMinor != 25_000 {
			t.Fatalf("payment 2: %+v %v", e, err)
		}
		// USD 300 for the course, no conversion.
		if e, err := pay(courseID, "2024-07-15", 30_000, programme.USD, programme.Service, "BMET TTC Barishal"); err != nil || e.USDMinor != 30_000 || e.RateID != "" {
			t.Fatalf("payment 3: %+v %v", e, err)
		}
		// Paid so far on the grant: 22,000 + 30,000 = 52,000 of 60,000; 8,000.01 more is too much.
		_, err = pay(grantID, "2024-07-20", 800_001, programme.BDT, programme.Cash, "")
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "paying more needs a revised plan") ||
			!strings.Contains(app.ErrorMessage(err), "BDT 60,000.01") {
			t.Errorf("overpayment: %v", err)
		}
		if _, err := pay(courseID, "2024-07-20", 1, programme.USD, programme.Cash, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("paying a settled item again: %v", err)
		}
		if _, err := pay(grantID, "2024-07-20", 100, programme.USD, programme.Cash, ""); app.ErrorFields(err)["currency"] == "" {
			t.Errorf("paying a taka item in dollars: %v", err)
		}
		if _, err := pay(talkID, "2024-07-20", 100, programme.BDT, programme.Service, "counsellor"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("paying an item with no money: %v", err)
		}
		if _, err := pay(grantID, "2023-11-30", 100, programme.BDT, programme.Cash, ""); app.ErrorFields(err)["paid_on"] == "" {
			t.Errorf("a payment before the case opened: %v", err)
		}
		if _, err := pay(grantID, "2024-07-20", 100, programme.BDT, programme.InKind, ""); app.ErrorFields(err)["vendor"] == "" {
			t.Errorf("in kind without a vendor: %v", err)
		}

		// The typo is reversed (not edited) and the right amount paid:
		// BDT 20,000 at 110 = USD 181.8181... = 181.82.
		if _, err := db.ReversePayment(ctx, cw, typo.ID, time.Time{}, " "); app.ErrorFields(err)["note"] == "" {
			t.Errorf("reversal without a reason: %v", err)
		}
		rev, err := db.ReversePayment(ctx, cw, typo.ID, *date("2024-03-12"), "typed 22,000 for 20,000")
		if err != nil || rev.AmountMinor != -2_200_000 || rev.USDMinor != -20_000 || rev.ReversesID != typo.ID || rev.PlanItemID != grantID {
			t.Fatalf("reversal: %+v %v", rev, err)
		}
		if _, err := db.ReversePayment(ctx, cw, typo.ID, time.Time{}, "again"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reversing twice: %v", err)
		}
		if _, err := db.ReversePayment(ctx, cw, rev.ID, time.Time{}, "undo"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reversing a reversal: %v", err)
		}
		fixed, err := pay(grantID, "2024-03-10", 2_000_000, programme.BDT, programme.Cash, "")
		if err != nil || fixed.USDMinor != 18_182 {
			t.Fatalf("payment after the reversal: %+v %v", fixed, err)
		}

		// By hand, BNSK direct assistance:
		//   planned   USD 2,000.00                                   = 200,000 cents
		//   committed USD 500.00 (BDT 60,000 at 120) + USD 300.00    =  80,000
		//   disbursed 20,000 + 25,000 + 30,000 - 20,000 + 18,182     =  73,182
		//   remaining 200,000 - 80,000                               = 120,000
		figs := figuresOf(t, db, pf.viewer.Actor(), pf.pr.ID)
		checkFigures(t, figs["BNSK direct_assistance"], 200_000, 80_000, 73_182, 120_000)
		checkFigures(t, figs["BNSK community_projects"], 50_000, 0, 0, 50_000)
		checkFigures(t, figs["WARBE direct_assistance"], 100_000, 0, 0, 100_000)
		if total := programme.Sum(mapValues(figs)); total.Planned != 350_000 || total.Committed != 80_000 || total.Disbursed != 73_182 {
			t.Errorf("project total: %+v", total)
		}

		// The plan shows what was paid per item, net of the reversal:
		// 22,000 + 30,000 - 22,000 + 20,000 = BDT 50,000 on the grant.
		shown, err := db.PlanByID(ctx, pf.pm.Actor(), p.ID)
		if err != nil || shown.Items[0].PaidMinor != 5_000_000 || shown.Items[1].PaidMinor != 30_000 || shown.Items[2].PaidMinor != 0 {
			t.Errorf("paid per item: %+v %v", shown.Items, err)
		}
		ledger, err := db.CaseLedger(ctx, mgr, pf.c.ID)
		if err != nil || len(ledger) != 5 {
			t.Fatalf("ledger: %d %v", len(ledger), err)
		}
		if ledger[0].ID != typo.ID || ledger[0].ReversedBy != rev.ID || ledger[0].ItemDescription != "grocery shop stock" {
			t.Errorf("ledger starts with the reversed typo: %+v", ledger[0])
		}
		events, err := db.CaseTimeline(ctx, cw, pf.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		want := "opened plan_drafted plan_submitted plan_returned plan_submitted plan_approved visits_scheduled payment payment payment payment_reversed payment"
		if got := strings.Join(kinds, " "); got != want {
			t.Errorf("timeline:\n got %s\nwant %s", got, want)
		}
		if last := events[len(events)-1]; last.Body != "BDT 20,000.00" || last.RefID != fixed.ID {
			t.Errorf("payment line: %+v", last)
		}
		for action, n := range map[string]int{store.ActPlanSubmit: 2, store.ActPlanApprove: 1, store.ActPlanReturn: 1,
			store.ActPayment: 4, store.ActPaymentReverse: 1} {
			entries, err := db.ListAudit(ctx, pf.pm.Actor(), store.AuditFilter{Action: action})
			if err != nil || len(entries) != n {
				t.Errorf("audit %s: %d entries, want %d (%v)", action, len(entries), n, err)
			}
		}
	})
}

func mapValues(m map[string]programme.Figures) []programme.Figures {
	var out []programme.Figures
	for _, f := range m {
		out = append(out, f)
	}
	return out
}

// TestApprovalRefusedWhenItWouldOverdrawALine approves a first plan, then
// refuses a second that would take the line past its planned amount, naming
// the line and the shortfall, and leaves everything as it was.
func TestApprovalRefusedWhenItWouldOverdrawALine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		first := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 150_000, programme.USD, "poultry farm"))
		if _, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), first.ID, first.Version); err != nil {
			t.Fatal(err)
		}
		// A second returnee's plan: BDT 66,000 at 120 = USD 550.00, and USD
		// 2,000 - 1,500 = USD 500.00 is left: short by USD 50.00.
		c2 := openSecondCase(t, db, pf)
		second := pf.draftAndSubmit(t, db, c2.ID, item(pf.da, "in_kind_inputs", 6_600_000, programme.BDT, "a sewing machine and cloth"))
		_, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), second.ID, second.Version)
		want := "approving this plan would overdraw the budget line direct_assistance of BNSK by USD 50.00: it has USD 500.00 left to commit and the plan needs USD 550.00"
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) != want {
			t.Fatalf("overdraw:\n got %v\nwant %s", err, want)
		}
		if bn := app.MessageIn("bn", err); bn == want || !strings.Contains(bn, "BNSK") {
			t.Errorf("no Bangla for the overdraw message: %s", bn)
		}
		still, err := db.PlanByID(ctx, pf.bnskMgr.Actor(), second.ID)
		if err != nil || still.Status != programme.PlanSubmitted || still.Version != second.Version || still.Items[0].CommittedMinor != 0 {
			t.Errorf("a refused approval changed the plan: %+v %v", still, err)
		}
		checkFigures(t, figuresOf(t, db, pf.pm.Actor(), pf.pr.ID)["BNSK direct_assistance"], 200_000, 150_000, 0, 50_000)
		// Exactly what is left may be committed.
		if _, err := db.ReturnPlan(ctx, pf.bnskMgr.Actor(), second.ID, second.Version, "USD 500 at most"); err != nil {
			t.Fatal(err)
		}
		p, _ := db.PlanByID(ctx, pf.bnskCW.Actor(), second.ID)
		p.Items[0].AmountMinor = 6_000_000 // BDT 60,000 = USD 500.00
		if p, err = db.SavePlan(ctx, pf.bnskCW.Actor(), p.ID, p.Version, p); err != nil {
			t.Fatal(err)
		}
		p, _ = db.SubmitPlan(ctx, pf.bnskCW.Actor(), p.ID, p.Version)
		if _, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version); err != nil {
			t.Fatalf("committing exactly what is left: %v", err)
		}
		checkFigures(t, figuresOf(t, db, pf.pm.Actor(), pf.pr.ID)["BNSK direct_assistance"], 200_000, 200_000, 0, 0)
	})
}

func openSecondCase(t *testing.T, db *store.DB, pf progFixture) casework.Case {
	t.Helper()
	other := rahim()
	other.NID, other.Phones, other.NameLatin, other.NameBn, other.Sex = "", nil, "Mst. Rokeya Begum", "মোছাঃ রোকেয়া বেগম", "female"
	p, err := db.CreatePerson(ctx, pf.bnskCW.Actor(), other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsent(ctx, pf.bnskCW.Actor(), registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration,
		Method: "verbal", GivenOn: *date("2024-01-10")}); err != nil {
		t.Fatal(err)
	}
	c, err := db.OpenCase(ctx, pf.bnskCW.Actor(), store.NewCase{PersonID: p.ID, ProjectID: pf.pr.ID, OpenedOn: *date("2024-01-10")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPlanRevisionSupersedes drafts version 2 while version 1 stays in
// force (and is paid on), then approves it: version 1 is superseded, the
// committed figures move, and payments under version 1 count against the
// same items in version 2.
func TestPlanRevisionSupersedes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw, mgr := pf.bnskCW.Actor(), pf.bnskMgr.Actor()
		if _, err := db.RevisePlan(ctx, cw, pf.c.ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("revising before any approval: %v", err)
		}
		v1 := pf.draftAndSubmit(t, db, pf.c.ID,
			item(pf.da, "business_startup_grant", 6_000_000, programme.BDT, "grocery shop stock"), // USD 500.00 at 120
			item(pf.da, "vocational_training", 30_000, programme.USD, "tailoring course"))
		v1, err := db.ApprovePlan(ctx, mgr, v1.ID, v1.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordPayment(ctx, cw, pf.c.ID, programme.LedgerEntry{PlanItemID: v1.Items[0].ID, PaidOn: *date("2024-03-10"),
			AmountMinor: 2_200_000, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "Rina Akter"}); err != nil {
			t.Fatal(err)
		}

		v2, err := db.RevisePlan(ctx, cw, pf.c.ID)
		if err != nil || v2.Number != 2 || v2.Status != programme.PlanDraft || len(v2.Items) != 2 || v2.Items[0].Key != v1.Items[0].Key ||
			v2.Items[0].ID == v1.Items[0].ID || v2.Items[0].CommittedMinor != 0 || v2.Items[0].PaidMinor != 2_200_000 {
			t.Fatalf("revision: %+v %v", v2, err)
		}
		if _, err := db.DraftPlan(ctx, cw, pf.c.ID, programme.Plan{}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a third version beside an open one: %v", err)
		}
		plans, err := db.PlansOfCase(ctx, cw, pf.c.ID)
		if err != nil || len(plans) != 2 || plans[0].Number != 2 || plans[1].Status != programme.PlanApproved {
			t.Fatalf("versions while revising: %+v %v", plans, err)
		}
		checkFigures(t, figuresOf(t, db, cw, pf.pr.ID)["BNSK direct_assistance"], 200_000, 80_000, 20_000, 120_000)

		// What was paid stays: not below it, not removed, same currency.
		lower := v2
		lower.Items = append([]programme.PlanItem(nil), v2.Items...)
		lower.Items[0].AmountMinor = 2_199_999
		if _, err := db.SavePlan(ctx, cw, v2.ID, v2.Version, lower); app.ErrorFields(err)["items.0.amount_minor"] == "" {
			t.Errorf("lowering a paid item below what was paid: %v", err)
		}
		if _, err := db.SavePlan(ctx, cw, v2.ID, v2.Version, programme.Plan{Goals: "g", Items: v2.Items[1:]}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("removing a paid item: %v", err)
		}
		forged := v2
		forged.Items = []programme.PlanItem{v2.Items[0], v2.Items[1]}
		forged.Items[1].Key = "not-a-key-of-this-case"
		if _, err := db.SavePlan(ctx, cw, v2.ID, v2.Version, forged); app.ErrorFields(err)["items.1.key"] == "" {
			t.Errorf("a forged item key: %v", err)
		}
		// The revision: the grant rises to BDT 90,000 (USD 750.00 at 120),
		// the course goes, a USD 100 apprenticeship comes.
		revised := v2
		revised.Items = []programme.PlanItem{v2.Items[0], item(pf.da, "apprenticeship", 10_000, programme.USD, "apprenticeship with a tailor")}
		revised.Items[0].AmountMinor = 9_000_000
		v2, err = db.SavePlan(ctx, cw, v2.ID, v2.Version, revised)
		if err != nil {
			t.Fatal(err)
		}
		// Payments under version 1 go on while version 2 is prepared.
		if _, err := db.RecordPayment(ctx, cw, pf.c.ID, programme.LedgerEntry{PlanItemID: v1.Items[1].ID, PaidOn: *date("2024-07-15"),
			AmountMinor: 30_000, Currency: programme.USD, Kind: programme.Service, Vendor: "BMET TTC", DeliveredBy: "Rina Akter"}); err != nil {
			t.Fatal(err)
		}
		// Now the course has been paid for, the revision that drops it cannot be approved.
		v2, _ = db.SubmitPlan(ctx, cw, v2.ID, v2.Version)
		if _, err := db.ApprovePlan(ctx, mgr, v2.ID, v2.Version); app.ErrorCode(err) != app.ECONFLICT {
			t.Fatalf("approving a revision that drops a paid item: %v", err)
		}
		v2, _ = db.ReturnPlan(ctx, mgr, v2.ID, v2.Version, "keep the course: it has been paid")
		revised.Items = append(revised.Items, v1.Items[1])
		if v2, err = db.SavePlan(ctx, cw, v2.ID, v2.Version, revised); err != nil {
			t.Fatal(err)
		}
		v2, _ = db.SubmitPlan(ctx, cw, v2.ID, v2.Version)
		v2, err = db.ApprovePlan(ctx, mgr, v2.ID, v2.Version)
		if err != nil || v2.Status != programme.PlanApproved {
			t.Fatalf("approve v2: %+v %v", v2, err)
		}
		old, _ := db.PlanByID(ctx, cw, v1.ID)
		if old.Status != programme.PlanSuperseded || old.SupersededAt == nil {
			t.Errorf("v1 after v2's approval: %+v", old)
		}
		// Committed now: 75,000 + 10,000 + 30,000 = 115,000; disbursed 20,000 + 30,000.
		checkFigures(t, figuresOf(t, db, cw, pf.pr.ID)["BNSK direct_assistance"], 200_000, 115_000, 50_000, 85_000)

		// Superseded items take no more payments; the same item in v2 takes
		// up to its new amount, counting what was paid under v1.
		pay := func(itemID string, amount int64) error {
			_, err := db.RecordPayment(ctx, cw, pf.c.ID, programme.LedgerEntry{PlanItemID: itemID, PaidOn: *date("2024-08-01"),
				AmountMinor: amount, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "Rina Akter"})
			return err
		}
		if err := pay(v1.Items[0].ID, 100); app.ErrorFields(err)["plan_item_id"] == "" {
			t.Errorf("paying a superseded item: %v", err)
		}
		if err := pay(v2.Items[0].ID, 6_800_001); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("paying past the revised amount: %v", err)
		}
		if err := pay(v2.Items[0].ID, 6_800_000); err != nil {
			t.Errorf("paying up to the revised amount (22,000 + 68,000 = 90,000): %v", err)
		}
	})
}

// TestTwoPeopleSavingTheSamePlan: both read version 1 of the draft; the
// second save is a conflict and writes nothing.
func TestTwoPeopleSavingTheSamePlan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		p, err := db.DraftPlan(ctx, pf.bnskCW.Actor(), pf.c.ID, programme.Plan{Goals: "first goals",
			Items: []programme.PlanItem{item(pf.da, "business_startup_grant", 100_000, programme.BDT, "shop")}})
		if err != nil {
			t.Fatal(err)
		}
		mine, theirs := p, p
		mine.Goals = "the worker's goals"
		theirs.Goals, theirs.Items = "the manager's goals", nil
		if _, err := db.SavePlan(ctx, pf.bnskCW.Actor(), p.ID, p.Version, mine); err != nil {
			t.Fatal(err)
		}
		_, err = db.SavePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version, theirs)
		if app.ErrorCode(err) != app.ECONFLICT {
			t.Fatalf("second save of the same version: %v", err)
		}
		got, _ := db.PlanByID(ctx, pf.bnskMgr.Actor(), p.ID)
		if got.Goals != "the worker's goals" || len(got.Items) != 1 || got.Version != 2 || len(got.Editors) != 1 {
			t.Errorf("after the conflict: %+v", got)
		}
		if _, err := db.SubmitPlan(ctx, pf.bnskCW.Actor(), p.ID, p.Version); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("submitting a stale copy: %v", err)
		}
		if _, err := db.SavePlan(ctx, pf.bnskCW.Actor(), p.ID, 0, mine); app.ErrorFields(err)["version"] == "" {
			t.Errorf("saving without a version: %v", err)
		}
	})
}

// TestPlanScope: WARBE cannot see or touch a BNSK plan or its ledger; the
// programme manager reads but does not write; the viewer sees budgets only.
func TestPlanScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		p := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 100_000, programme.BDT, "shop"))
		approved, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version)
		if err != nil {
			t.Fatal(err)
		}
		entry, err := db.RecordPayment(ctx, pf.bnskCW.Actor(), pf.c.ID, programme.LedgerEntry{PlanItemID: approved.Items[0].ID,
			PaidOn: *date("2024-03-10"), AmountMinor: 50_000, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "Rina"})
		if err != nil {
			t.Fatal(err)
		}
		v2, err := db.RevisePlan(ctx, pf.bnskCW.Actor(), pf.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []app.Actor{pf.warbeCW.Actor(), pf.warbeMg.Actor()} {
			notFound := func(what string, err error) {
				t.Helper()
				if app.ErrorCode(err) != app.ENOTFOUND {
					t.Errorf("%s %s: %v, want not found", w.Username, what, err)
				}
			}
			_, err := db.PlanByID(ctx, w, p.ID)
			notFound("reading the plan", err)
			_, err = db.PlansOfCase(ctx, w, pf.c.ID)
			notFound("listing the plans", err)
			_, err = db.CaseLedger(ctx, w, pf.c.ID)
			notFound("reading the ledger", err)
			_, err = db.DraftPlan(ctx, w, pf.c.ID, programme.Plan{})
			notFound("drafting", err)
			_, err = db.RevisePlan(ctx, w, pf.c.ID)
			notFound("revising", err)
			_, err = db.SavePlan(ctx, w, v2.ID, v2.Version, v2)
			notFound("saving", err)
			_, err = db.SubmitPlan(ctx, w, v2.ID, v2.Version)
			notFound("submitting", err)
			_, err = db.ApprovePlan(ctx, w, v2.ID, v2.Version)
			notFound("approving", err)
			_, err = db.ReturnPlan(ctx, w, v2.ID, v2.Version, "no")
			notFound("returning", err)
			_, err = db.RecordPayment(ctx, w, pf.c.ID, programme.LedgerEntry{PlanItemID: approved.Items[0].ID, PaidOn: *date("2024-03-10"),
				AmountMinor: 1, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "x"})
			notFound("paying", err)
			_, err = db.ReversePayment(ctx, w, entry.ID, time.Time{}, "no")
			notFound("reversing", err)
		}
		// A BNSK plan cannot charge WARBE's line.
		_, err = db.SavePlan(ctx, pf.bnskCW.Actor(), v2.ID, v2.Version, programme.Plan{Goals: "g",
			Items: []programme.PlanItem{v2.Items[0], item(pf.warbeDA, "job_placement", 100, programme.USD, "placement")}})
		if app.ErrorFields(err)["items.1.budget_line_id"] == "" {
			t.Errorf("charging another organisation's line: %v", err)
		}
		// The programme manager reads every organisation's plans but decides none.
		if got, err := db.PlanByID(ctx, pf.pm.Actor(), p.ID); err != nil || got.ID != p.ID {
			t.Errorf("programme manager reading: %v", err)
		}
		if _, err := db.SavePlan(ctx, pf.pm.Actor(), v2.ID, v2.Version, v2); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("programme manager saving: %v", err)
		}
		if _, err := db.RecordPayment(ctx, pf.pm.Actor(), pf.c.ID, programme.LedgerEntry{}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("programme manager paying: %v", err)
		}
		// Viewers and administrators never see a plan; everyone sees the figures.
		for _, a := range []app.Actor{pf.viewer.Actor(), pf.admin.Actor(), pf.enumerator.Actor()} {
			if _, err := db.PlanByID(ctx, a, p.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reading a plan: %v", a.Role, err)
			}
			if figs, err := db.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: pf.pr.ID}); err != nil || len(figs) != 3 {
				t.Errorf("%s reading the budget: %d %v", a.Role, len(figs), err)
			}
		}
		if _, err := db.BudgetFigures(ctx, app.Actor{}, store.BudgetQuery{}); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Errorf("anonymous budget: %v", err)
		}
	})
}

// TestConcurrentApprovalsAndPaymentsNeverOverdraw: two managers approving
// at once two plans that fit the line alone but not together, and two
// people paying the same item at once past its amount: exactly one of each
// pair goes through (on PostgreSQL both read the same sums first).
func TestConcurrentApprovalsAndPaymentsNeverOverdraw(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		c2 := openSecondCase(t, db, pf)
		plans := []programme.Plan{
			pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 120_000, programme.USD, "shop")),
			pf.draftAndSubmit(t, db, c2.ID, item(pf.da, "business_startup_grant", 120_000, programme.USD, "boat")),
		}
		warmPool(t, db, pf.pm.Actor())
		type result struct {
			p   programme.Plan
			err error
		}
		results := make(chan result, 2)
		for i, a := range []app.Actor{pf.bnskMgr.Actor(), pf.bnskMgr2.Actor()} {
			go func(p programme.Plan, a app.Actor) {
				approved, err := db.ApprovePlan(ctx, a, p.ID, p.Version)
				results <- result{approved, err}
			}(plans[i], a)
		}
		var approved programme.Plan
		var ok, refused int
		for range 2 {
			switch r := <-results; app.ErrorCode(r.err) {
			case "":
				ok, approved = ok+1, r.p
			case app.ECONFLICT:
				refused++
			default:
				t.Fatal(r.err)
			}
		}
		if ok != 1 || refused != 1 {
			t.Fatalf("%d approvals went through, %d refused; want one of each", ok, refused)
		}
		checkFigures(t, figuresOf(t, db, pf.pm.Actor(), pf.pr.ID)["BNSK direct_assistance"], 200_000, 120_000, 0, 80_000)

		// USD 1,200 approved: 700 + 700, then 300 + 300, then 150 + 150.
		var paid int64
		for _, each := range []int64{70_000, 30_000, 15_000} {
			errs := make(chan error, 2)
			for range 2 {
				go func() {
					_, err := db.RecordPayment(ctx, pf.bnskCW.Actor(), approved.CaseID, cash(approved.Items[0].ID, "2024-07-01", each, programme.USD))
					errs <- err
				}()
			}
			var ok, refused int
			for range 2 {
				switch err := <-errs; app.ErrorCode(err) {
				case "":
					ok++
				case app.ECONFLICT:
					refused++
				default:
					t.Fatal(err)
				}
			}
			paid += each
			if ok != 1 || refused != 1 {
				t.Fatalf("paying %d twice at once: %d went through, %d refused", each, ok, refused)
			}
		}
		checkFigures(t, figuresOf(t, db, pf.pm.Actor(), pf.pr.ID)["BNSK direct_assistance"], 200_000, 120_000, paid, 80_000)
	})
}

// warmPool opens a few connections, so that goroutines started together
// really run together rather than one waiting to dial PostgreSQL.
func warmPool(t *testing.T, db *store.DB, a app.Actor) {
	t.Helper()
	done := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := db.ListAudit(ctx, a, store.AuditFilter{Limit: 1})
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
