package store_test

import (
	"slices"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestListPlans: the queue of plans awaiting approval, per organisation
// and across them, its filters, totals, order and scope.
func TestListPlans(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw, mgr, pm := pf.bnskCW.Actor(), pf.bnskMgr.Actor(), pf.pm.Actor()

		// BNSK: one plan submitted (two taka items), one draft in two currencies.
		submitted := pf.draftAndSubmit(t, db, pf.c.ID,
			item(pf.da, "business_startup_grant", 100_000, programme.BDT, "shop"),
			item(pf.da, "vocational_training", 50_000, programme.BDT, "course"))
		c2 := openSecondCase(t, db, pf)
		draft, err := db.DraftPlan(ctx, cw, c2.ID, programme.Plan{Goals: "g", Items: []programme.PlanItem{
			item(pf.da, "job_placement", 20_000, programme.USD, "placement"),
			item(pf.da, "in_kind_inputs", 10_000, programme.BDT, "tools")}})
		if err != nil {
			t.Fatal(err)
		}
		// WARBE: one plan submitted after BNSK's.
		wcw := pf.warbeCW.Actor()
		person := rahim()
		person.NID, person.Phones, person.NameLatin, person.NameBn = "", nil, "Shirin Akter", "শিরিন আক্তার"
		wp, err := db.CreatePerson(ctx, wcw, person)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddConsent(ctx, wcw, registry.Consent{PersonID: wp.ID, Purpose: registry.PurposeRegistration,
			Method: "verbal", GivenOn: *date("2024-01-10")}); err != nil {
			t.Fatal(err)
		}
		wc, err := db.OpenCase(ctx, wcw, store.NewCase{PersonID: wp.ID, ProjectID: pf.pr.ID, OpenedOn: *date("2024-01-10")})
		if err != nil {
			t.Fatal(err)
		}
		wplan, err := db.DraftPlan(ctx, wcw, wc.ID, programme.Plan{Goals: "g", Items: []programme.PlanItem{
			item(pf.warbeDA, "job_placement", 30_000, programme.USD, "placement")}})
		if err != nil {
			t.Fatal(err)
		}
		if wplan, err = db.SubmitPlan(ctx, wcw, wplan.ID, wplan.Version); err != nil {
			t.Fatal(err)
		}

		ids := func(rows []store.PlanRow) []string {
			var out []string
			for _, r := range rows {
				out = append(out, r.ID)
			}
			return out
		}
		list := func(a app.Actor, q store.PlanQuery, want ...string) []store.PlanRow {
			t.Helper()
			rows, err := db.ListPlans(ctx, a, q)
			if err != nil {
				t.Fatalf("%s %+v: %v", a.Username, q, err)
			}
			if got := ids(rows); len(got) != len(want) || (len(want) > 0 && !slices.Equal(got, want)) {
				t.Errorf("%s %+v: got %v, want %v", a.Username, q, got, want)
			}
			return rows
		}

		// The BNSK manager's queue: BNSK's submitted plan only, with its details.
		rows := list(mgr, store.PlanQuery{Status: programme.PlanSubmitted}, submitted.ID)
		if len(rows) == 1 {
			r := rows[0]
			if r.CaseID != pf.c.ID || r.CaseReference != pf.c.Reference || r.OrgCode != "BNSK" || r.Number != 1 ||
				r.Status != programme.PlanSubmitted || r.PersonName != "Md. Abdur Rahim" || r.PersonNameBn != "মোঃ আব্দুর রহিম" ||
				r.CreatedBy != pf.bnskCW.ID || r.CreatedByName == "" || r.SubmittedAt == nil || r.DecidedAt != nil ||
				r.TotalMinor != 150_000 || r.Currency != programme.BDT {
				t.Errorf("row: %+v", r)
			}
			if r.DisplayName("bn") != "মোঃ আব্দুর রহিম" || r.DisplayName("en") != "Md. Abdur Rahim" {
				t.Errorf("display names: %q %q", r.DisplayName("bn"), r.DisplayName("en"))
			}
		}
		// Every status, newest change first; a plan in two currencies has no single total.
		rows = list(mgr, store.PlanQuery{}, draft.ID, submitted.ID)
		if len(rows) == 2 && (rows[0].Currency != "" || rows[0].TotalMinor != 0) {
			t.Errorf("mixed currencies: %+v", rows[0])
		}
		list(mgr, store.PlanQuery{Status: programme.PlanDraft}, draft.ID)
		list(mgr, store.PlanQuery{CreatedBy: pf.bnskCW.ID}, draft.ID, submitted.ID)
		list(mgr, store.PlanQuery{CreatedBy: pf.bnskMgr.ID})
		list(mgr, store.PlanQuery{Limit: 1}, draft.ID)
		// A CSO role never sees another organisation's plans, even asking for them.
		list(mgr, store.PlanQuery{OrgID: pf.warbe.ID})
		list(wcw, store.PlanQuery{}, wplan.ID)
		// The programme manager sees every organisation's queue, oldest submission first.
		list(pm, store.PlanQuery{Status: programme.PlanSubmitted}, submitted.ID, wplan.ID)
		list(pm, store.PlanQuery{Status: programme.PlanSubmitted, OrgID: pf.warbe.ID}, wplan.ID)

		// Deciding moves a plan out of the queue.
		if _, err := db.ApprovePlan(ctx, mgr, submitted.ID, submitted.Version); err != nil {
			t.Fatal(err)
		}
		list(pm, store.PlanQuery{Status: programme.PlanSubmitted}, wplan.ID)
		rows = list(mgr, store.PlanQuery{Status: programme.PlanApproved}, submitted.ID)
		if len(rows) == 1 && (rows[0].DecidedAt == nil || rows[0].Status != programme.PlanApproved) {
			t.Errorf("approved row: %+v", rows[0])
		}

		if _, err := db.ListPlans(ctx, mgr, store.PlanQuery{Status: "pending"}); app.ErrorFields(err)["status"] == "" {
			t.Errorf("unknown status: %v", err)
		}
		for _, a := range []app.Actor{pf.viewer.Actor(), pf.admin.Actor(), pf.enumerator.Actor()} {
			if rows, err := db.ListPlans(ctx, a, store.PlanQuery{}); app.ErrorCode(err) != app.EFORBIDDEN || len(rows) != 0 {
				t.Errorf("%s listing plans: %d %v", a.Role, len(rows), err)
			}
		}
		// Reading the list names people: it is in the audit trail.
		entries, err := db.ListAudit(ctx, pm, store.AuditFilter{Action: store.ActView, ObjectType: "plan", ActorID: pf.bnskMgr.ID})
		if err != nil || len(entries) == 0 {
			t.Errorf("list not audited: %d %v", len(entries), err)
		}
	})
}
