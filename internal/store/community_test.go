package store_test

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// communityInitiative is a collective business of BNSK in Kamalnagar,
// Lakshmipur, spending from line.
func communityInitiative(pf progFixture, line programme.BudgetLine, budget int64, currency string) community.Initiative {
	return community.Initiative{ProjectID: pf.pr.ID, OrgID: pf.bnsk.ID, Title: "Women returnees' tailoring cooperative",
		Kind: community.CollectiveBusiness, Upazila: "BD205133", Union: "BD20513347", Place: "Char Falcon bazar",
		StartsOn: *date("2024-03-01"), BudgetLineID: line.ID, BudgetMinor: budget, Currency: currency}
}

func communitySpend(on string, amount int64, currency, what string) community.Expense {
	return community.Expense{SpentOn: *date(on), AmountMinor: amount, Currency: currency, Description: what, Vendor: "Char Falcon traders"}
}

// TestCommunityMoneyOnTheBudgetLine follows community spending next to a
// plan on BNSK's community projects line (USD 500.00), with rates of 110
// taka a dollar from 2024-01-01 and 120 from 2024-06-01 (today's), and
// checks the figures against totals worked out by hand at each step.
func TestCommunityMoneyOnTheBudgetLine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw, mgr, pm := pf.bnskCW.Actor(), pf.bnskMgr.Actor(), pf.pm.Actor()
		line := func() programme.Figures { return figuresOf(t, db, pm, pf.pr.ID)["BNSK community_projects"] }

		// A BDT 36,000 cooperative, planned: nothing is held yet.
		coop, err := db.CreateCommunityInitiative(ctx, cw, communityInitiative(pf, pf.cp, 3_600_000, programme.BDT))
		if err != nil || coop.Status != community.Planned || coop.District != "BD2051" || coop.Version != 1 || coop.OrgCode != "BNSK" {
			t.Fatalf("create: %+v %v", coop, err)
		}
		checkFigures(t, line(), 50_000, 0, 0, 50_000)
		if _, err := db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-03-10", 100_000, programme.BDT, "sewing machines")); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("an expense before approval: %v", err)
		}

		// Approval is for managers; it holds BDT 36,000 at 120 = USD 300.00.
		if _, err := db.MoveCommunityInitiative(ctx, cw, coop.ID, coop.Version, community.Approved); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a case worker approving: %v", err)
		}
		if _, err := db.MoveCommunityInitiative(ctx, mgr, coop.ID, coop.Version+1, community.Approved); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("approving a stale copy: %v", err)
		}
		coop, err = db.MoveCommunityInitiative(ctx, mgr, coop.ID, coop.Version, community.Approved)
		if err != nil || coop.CommittedMinor != 30_000 || coop.RateID != pf.rate120.ID || coop.ApprovedByName != "bnsk.manager" || coop.ApprovedAt == nil {
			t.Fatalf("approve: %+v %v", coop, err)
		}
		checkFigures(t, line(), 50_000, 30_000, 0, 20_000)

		// A plan wanting BDT 30,000 (USD 250.00) of the line's last USD 200.00 is refused; BDT 12,000 (USD 100.00) fits.
		peers := func(amount int64) programme.PlanItem {
			it := item(pf.cp, "peer_support_group", amount, programme.BDT, "monthly peer group")
			it.Dimension, it.Level = "psychosocial", "community"
			return it
		}
		p := pf.draftAndSubmit(t, db, pf.c.ID, peers(3_000_000))
		if _, err := db.ApprovePlan(ctx, mgr, p.ID, p.Version); app.ErrorCode(err) != app.ECONFLICT ||
			!strings.Contains(app.ErrorMessage(err), "USD 200.00 left to commit") {
			t.Fatalf("a plan over what the initiative left: %v", err)
		}
		edited := p
		if p, err = db.ReturnPlan(ctx, mgr, p.ID, p.Version, "too much"); err != nil {
			t.Fatal(err)
		}
		edited.Items[0].AmountMinor = 1_200_000
		if p, err = db.SavePlan(ctx, cw, p.ID, p.Version, edited); err != nil {
			t.Fatal(err)
		}
		if p, err = db.SubmitPlan(ctx, cw, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		if p, err = db.ApprovePlan(ctx, mgr, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		checkFigures(t, line(), 50_000, 40_000, 0, 10_000)

		// A second initiative of USD 150.00: only USD 100.00 is left to hold.
		fair := communityInitiative(pf, pf.cp, 15_000, programme.USD)
		fair.Title, fair.Kind = "Returnees' and neighbours' harvest fair", community.SocialCohesionEvent
		fair, err = db.CreateCommunityInitiative(ctx, cw, fair)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.MoveCommunityInitiative(ctx, mgr, fair.ID, fair.Version, community.Approved)
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
			"the budget line community_projects of BNSK has no money left for this initiative: USD 100.00 is left to commit and the initiative needs USD 150.00" {
			t.Fatalf("approving past the line: %v", err)
		}
		fair.BudgetMinor = 10_000
		if fair, err = db.UpdateCommunityInitiative(ctx, cw, fair); err != nil || fair.Version != 2 {
			t.Fatalf("lowering the budget: %+v %v", fair, err)
		}
		if fair, err = db.MoveCommunityInitiative(ctx, pm, fair.ID, fair.Version, community.Approved); err != nil || fair.CommittedMinor != 10_000 {
			t.Fatalf("approved by the programme manager: %+v %v", fair, err)
		}
		checkFigures(t, line(), 50_000, 50_000, 0, 0)
		// Raising a held budget must fit the line too.
		fair.BudgetMinor = 10_001
		if _, err := db.UpdateCommunityInitiative(ctx, cw, fair); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("raising a held budget past the line: %v", err)
		}

		// Spending: the plan's BDT 12,000 on 1 July (USD 100.00), the fair's USD 80.00, and the cooperative's
		// BDT 11,000 on 10 March at 110 (USD 100.00), BDT 12,000 on 1 July at 120 (USD 100.00) and
		// BDT 13,000 on 15 March at 110 (USD 118.18).
		if _, err := db.RecordPayment(ctx, cw, pf.c.ID, cash(p.Items[0].ID, "2024-07-01", 1_200_000, programme.BDT)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordCommunityExpense(ctx, cw, fair.ID, communitySpend("2024-07-02", 8_000, programme.USD, "stalls and sound")); err != nil {
			t.Fatal(err)
		}
		typo, err := db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-03-10", 1_100_000, programme.BDT, "sewing machines"))
		if err != nil || typo.USDMinor != 10_000 || typo.RateID != pf.rate110.ID || typo.RateMicro != 110_000_000 || typo.BudgetLineID != pf.cp.ID {
			t.Fatalf("expense 1: %+v %v", typo, err)
		}
		if e, err := db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-07-01", 1_200_000, programme.BDT, "cloth")); err != nil || e.USDMinor != 10_000 {
			t.Fatalf("expense 2: %+v %v", e, err)
		}
		if e, err := db.RecordCommunityExpense(ctx, mgr, coop.ID, communitySpend("2024-03-15", 1_300_000, programme.BDT, "shop rent")); err != nil || e.USDMinor != 11_818 {
			t.Fatalf("expense 3: %+v %v", e, err)
		}
		checkFigures(t, line(), 50_000, 50_000, 49_818, 0)

		// Refusals: above the initiative's budget (BDT 36,000 spent of 36,000), in the wrong currency, and
		// past the line's money (USD 1.82 left to pay out; the fair has USD 20.00 of its budget left).
		_, err = db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-07-02", 1, programme.BDT, "thread"))
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorFields(err)["amount_minor"] == "" || !strings.Contains(app.ErrorMessage(err), "above its budget of BDT 36,000.00") {
			t.Errorf("above the initiative's budget: %v", err)
		}
		if _, err := db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-07-02", 1, programme.USD, "thread")); app.ErrorFields(err)["currency"] == "" {
			t.Errorf("in another currency: %v", err)
		}
		_, err = db.RecordCommunityExpense(ctx, cw, fair.ID, communitySpend("2024-07-03", 2_000, programme.USD, "prizes"))
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "has no money left for this payment: USD 1.82 is left") {
			t.Errorf("past the line's money: %v", err)
		}
		if _, err := db.RecordCommunityExpense(ctx, pf.warbeCW.Actor(), fair.ID, communitySpend("2024-07-03", 100, programme.USD, "tea")); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("another organisation's worker spending: %v", err)
		}
		for field, e := range map[string]community.Expense{
			"spent_on":     communitySpend("2999-01-01", 100, programme.USD, "tea"),
			"amount_minor": communitySpend("2024-07-03", 0, programme.USD, "tea"),
			"description":  communitySpend("2024-07-03", 100, programme.USD, " "),
		} {
			if _, err := db.RecordCommunityExpense(ctx, cw, fair.ID, e); app.ErrorFields(err)[field] == "" {
				t.Errorf("bad %s: %v", field, err)
			}
		}

		// The typo reversed (once), and the fair's prizes then fit.
		rev, err := db.ReverseCommunityExpense(ctx, cw, typo.ID, *date("2024-07-05"), "entered twice")
		if err != nil || rev.AmountMinor != -1_100_000 || rev.USDMinor != -10_000 || rev.ReversesID != typo.ID {
			t.Fatalf("reversal: %+v %v", rev, err)
		}
		if _, err := db.ReverseCommunityExpense(ctx, cw, typo.ID, *date("2024-07-05"), "again"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reversing twice: %v", err)
		}
		if _, err := db.ReverseCommunityExpense(ctx, cw, rev.ID, *date("2024-07-05"), "undo"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reversing a reversal: %v", err)
		}
		if _, err := db.RecordCommunityExpense(ctx, cw, fair.ID, communitySpend("2024-07-03", 2_000, programme.USD, "prizes")); err != nil {
			t.Fatal(err)
		}
		// Held: cooperative 300.00, fair 100.00, plan 100.00. Paid: 100.00 + 118.18 + 100.00 + 100.00.
		checkFigures(t, line(), 50_000, 50_000, 41_818, 0)

		// Completing the cooperative releases what it did not spend (it holds its USD 218.18); cancelling the
		// fair keeps its USD 100.00 spent.
		if coop, err = db.CommunityInitiativeByID(ctx, cw, coop.ID); err != nil || coop.SpentMinor != 2_500_000 || coop.SpentUSD != 21_818 {
			t.Fatalf("cooperative's spending: %+v %v", coop, err)
		}
		for _, to := range []string{community.Ongoing, community.Completed} {
			if coop, err = db.MoveCommunityInitiative(ctx, cw, coop.ID, coop.Version, to); err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
		}
		if _, err := db.MoveCommunityInitiative(ctx, cw, coop.ID, coop.Version, community.Ongoing); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a completed initiative moving back: %v", err)
		}
		if fair, err = db.MoveCommunityInitiative(ctx, cw, fair.ID, fair.Version, community.Cancelled); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordCommunityExpense(ctx, cw, fair.ID, communitySpend("2024-07-04", 1, programme.USD, "tea")); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("spending on a cancelled initiative: %v", err)
		}
		f := line()
		checkFigures(t, f, 50_000, 41_818, 41_818, 8_182)
		if coop.Held()+fair.Held() != f.CommunityCommitted || f.CommunityCommitted != 31_818 || f.CommunityDisbursed != 31_818 {
			t.Errorf("held in Go %d + %d, in SQL %d; spent %d", coop.Held(), fair.Held(), f.CommunityCommitted, f.CommunityDisbursed)
		}
		// A late bill on the completed cooperative: allowed within its budget, and held.
		if _, err := db.RecordCommunityExpense(ctx, cw, coop.ID, communitySpend("2024-07-06", 120_000, programme.BDT, "electricity bill")); err != nil {
			t.Fatal(err)
		}
		checkFigures(t, line(), 50_000, 42_818, 42_818, 7_182)
		// The line cannot fall below what it holds or paid.
		if _, err := db.UpdateBudgetLine(ctx, pm, pf.cp.ID, line().Version, 42_817); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a line below community spending: %v", err)
		}

		expenses, err := db.CommunityExpenses(ctx, pf.viewer.Actor(), coop.ID)
		if err != nil || len(expenses) != 5 || expenses[0].ID != typo.ID || expenses[0].ReversedBy != rev.ID {
			t.Errorf("the cooperative's expenses, oldest first: %+v %v", expenses, err)
		}
		upd, del := db.TamperCommunityExpenseForTest(ctx, typo.ID)
		if upd == nil || !strings.Contains(upd.Error(), "append-only") || del == nil || !strings.Contains(del.Error(), "append-only") {
			t.Errorf("community expenses accepted tampering: %v / %v", upd, del)
		}
	})
}

// TestCommunityInitiativeRules: who writes what, a line of another
// organisation refused, stale copies refused, and the fields named.
func TestCommunityInitiativeRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw := pf.bnskCW.Actor()
		for _, a := range []app.Actor{pf.viewer.Actor(), pf.enumerator.Actor(), pf.warbeCW.Actor()} {
			in := communityInitiative(pf, pf.cp, 0, programme.BDT)
			if _, err := db.CreateCommunityInitiative(ctx, a, in); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s adding BNSK's initiative: %v", a.Username, err)
			}
		}
		wrong := communityInitiative(pf, pf.warbeDA, 100_000, programme.BDT)
		if _, err := db.CreateCommunityInitiative(ctx, cw, wrong); app.ErrorFields(err)["budget_line_id"] == "" {
			t.Errorf("a line of WARBE: %v", err)
		}
		noLine := communityInitiative(pf, programme.BudgetLine{}, 100_000, programme.BDT)
		if _, err := db.CreateCommunityInitiative(ctx, cw, noLine); app.ErrorFields(err)["budget_line_id"] == "" {
			t.Errorf("a budget without a line: %v", err)
		}
		bad := communityInitiative(pf, pf.cp, -1, "EUR")
		bad.Title, bad.Kind, bad.Upazila, bad.Union, bad.StartsOn = "", "picnic", "BD205143", "BD20513347", *date("1990-01-01")
		fields := app.ErrorFields(func() error { _, err := db.CreateCommunityInitiative(ctx, cw, bad); return err }())
		for _, f := range []string{"title", "kind", "union", "starts_on", "currency", "budget_minor"} {
			if fields[f] == "" {
				t.Errorf("no message for %s: %v", f, fields)
			}
		}
		bad = communityInitiative(pf, pf.cp, 0, programme.BDT)
		bad.Upazila = "BD2051"
		if _, err := db.CreateCommunityInitiative(ctx, cw, bad); app.ErrorFields(err)["upazila"] == "" {
			t.Errorf("a district as upazila: %v", err)
		}

		// Case workers of BNSK, and the programme manager for any organisation.
		in, err := db.CreateCommunityInitiative(ctx, pf.pm.Actor(), communityInitiative(pf, pf.cp, 0, programme.BDT))
		if err != nil {
			t.Fatal(err)
		}
		in.Description = "A space for returnees' families to meet"
		if _, err := db.UpdateCommunityInitiative(ctx, pf.warbeCW.Actor(), in); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("WARBE changing BNSK's initiative: %v", err)
		}
		up, err := db.UpdateCommunityInitiative(ctx, cw, in)
		if err != nil || up.Version != 2 || up.Description != in.Description {
			t.Fatalf("update: %+v %v", up, err)
		}
		if _, err := db.UpdateCommunityInitiative(ctx, cw, in); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a stale update: %v", err)
		}
		if _, err := db.MoveCommunityInitiative(ctx, cw, up.ID, up.Version, "finished"); app.ErrorFields(err)["status"] == "" {
			t.Errorf("an unknown status: %v", err)
		}
		// Approving a budget of nothing needs no line and holds nothing.
		up, err = db.MoveCommunityInitiative(ctx, pf.bnskMgr.Actor(), up.ID, up.Version, community.Approved)
		if err != nil || up.CommittedMinor != 0 {
			t.Fatalf("approving a free initiative: %+v %v", up, err)
		}

		// Counts by type, sex and group, replaced as a whole with the version.
		counts := []community.Count{{Type: community.Returnee, Sex: "female", Group: "general", People: 12},
			{Type: community.CommunityMember, Sex: "male", Group: "chakma", People: 3}, {Type: community.Returnee, Sex: "male", Group: "general", People: 0}}
		got, err := db.SetCommunityParticipants(ctx, cw, up.ID, up.Version, counts)
		if err != nil || len(got.Participants) != 2 || got.Version != up.Version+1 || community.Sum(got.Participants).All != 15 {
			t.Fatalf("participants: %+v %v", got, err)
		}
		if _, err := db.SetCommunityParticipants(ctx, cw, up.ID, up.Version, counts); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale participants: %v", err)
		}
		for _, c := range []community.Count{{Type: "guest", Sex: "male", Group: "general", People: 1},
			{Type: community.Returnee, Sex: "male", Group: "martian", People: 1}, {Type: community.Returnee, Sex: "male", Group: "general", People: -1}} {
			if _, err := db.SetCommunityParticipants(ctx, cw, up.ID, got.Version, []community.Count{c}); app.ErrorFields(err)["participants"] == "" {
				t.Errorf("bad count %+v: %v", c, err)
			}
		}
		rows, more, err := db.ListCommunityInitiatives(ctx, pf.viewer.Actor(), store.CommunityQuery{OrgID: pf.bnsk.ID, Status: community.Approved})
		if err != nil || more || len(rows) != 1 || rows[0].People != 15 || rows[0].ID != up.ID {
			t.Errorf("list: %+v %v", rows, err)
		}
		if rows, _, _ := db.ListCommunityInitiatives(ctx, pf.viewer.Actor(), store.CommunityQuery{Kind: community.AwarenessEvent}); len(rows) != 0 {
			t.Errorf("kind filter: %+v", rows)
		}
	})
}

// TestCommunityLinkedReturnees: the returnees linked to an initiative are
// personal data of its organisation, read by whoever may see its
// returnees, and every read is audited.
func TestCommunityLinkedReturnees(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw := pf.bnskCW.Actor()
		in, err := db.CreateCommunityInitiative(ctx, cw, communityInitiative(pf, pf.cp, 0, programme.BDT))
		if err != nil {
			t.Fatal(err)
		}
		warbePerson, err := db.CreatePerson(ctx, pf.warbeCW.Actor(), rahim())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.LinkCommunityPerson(ctx, cw, in.ID, warbePerson.ID); app.ErrorFields(err)["person_id"] == "" {
			t.Errorf("linking WARBE's returnee: %v", err)
		}
		for _, a := range []app.Actor{pf.admin.Actor(), pf.viewer.Actor(), pf.warbeCW.Actor()} {
			if err := db.LinkCommunityPerson(ctx, a, in.ID, pf.person.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s linking: %v", a.Username, err)
			}
		}
		if err := db.LinkCommunityPerson(ctx, cw, in.ID, pf.person.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkCommunityPerson(ctx, cw, in.ID, pf.person.ID); err != nil {
			t.Errorf("linking twice: %v", err)
		}
		if got, _ := db.CommunityInitiativeByID(ctx, pf.viewer.Actor(), in.ID); got.Linked != 1 {
			t.Errorf("linked count %d", got.Linked)
		}
		for _, a := range []app.Actor{pf.admin.Actor(), pf.viewer.Actor(), pf.warbeCW.Actor(), pf.enumerator.Actor()} {
			if _, err := db.CommunityPeople(ctx, a, in.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reading linked returnees: %v", a.Username, err)
			}
		}
		for _, a := range []app.Actor{cw, pf.bnskMgr.Actor(), pf.pm.Actor()} {
			people, err := db.CommunityPeople(ctx, a, in.ID)
			if err != nil || len(people) != 1 || people[0].NameLatin != "Md. Abdur Rahim" || people[0].AddedBy != "bnsk.worker" {
				t.Errorf("%s reading linked returnees: %+v %v", a.Username, people, err)
			}
		}
		views, err := db.ListAudit(ctx, pf.admin.Actor(), store.AuditFilter{Action: store.ActView, ObjectType: "community_initiative_people", ObjectID: in.ID})
		if err != nil || len(views) != 3 {
			t.Errorf("audited reads: %d %v", len(views), err)
		}
		if err := db.UnlinkCommunityPerson(ctx, pf.warbeCW.Actor(), in.ID, pf.person.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE unlinking: %v", err)
		}
		if err := db.UnlinkCommunityPerson(ctx, cw, in.ID, pf.person.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.UnlinkCommunityPerson(ctx, cw, in.ID, pf.person.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("unlinking twice: %v", err)
		}
	})
}

// TestCommunityAndPlansRacingForALine: a manager approving an
// initiative's budget and another approving a plan at the same moment,
// each fitting BNSK's community projects line (USD 500.00) alone but not
// together: exactly one goes through, on PostgreSQL too where both read
// the line before either writes.
func TestCommunityAndPlansRacingForALine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		in, err := db.CreateCommunityInitiative(ctx, pf.bnskCW.Actor(), communityInitiative(pf, pf.cp, 30_000, programme.USD))
		if err != nil {
			t.Fatal(err)
		}
		peers := item(pf.cp, "peer_support_group", 30_000, programme.USD, "peer group")
		peers.Dimension, peers.Level = "psychosocial", "community"
		p := pf.draftAndSubmit(t, db, pf.c.ID, peers)
		warmPool(t, db, pf.pm.Actor())
		errs := make(chan error, 2)
		go func() {
			_, err := db.MoveCommunityInitiative(ctx, pf.bnskMgr.Actor(), in.ID, in.Version, community.Approved)
			errs <- err
		}()
		go func() {
			_, err := db.ApprovePlan(ctx, pf.bnskMgr2.Actor(), p.ID, p.Version)
			errs <- err
		}()
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
		if ok != 1 || refused != 1 {
			t.Fatalf("%d approvals went through, %d refused; want one of each", ok, refused)
		}
		checkFigures(t, figuresOf(t, db, pf.pm.Actor(), pf.pr.ID)["BNSK community_projects"], 50_000, 30_000, 0, 20_000)
	})
}
