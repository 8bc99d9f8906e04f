package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// worklistWorld is refSetup's BNSK case (A: assigned to the worker,
// opened today, with an overdue task, an overdue visit and an overdue
// referral) and these, each for a new person:
//
//	B  BNSK  registered 20 days ago, the manager's, an overdue visit  no screening
//	C  BNSK  screened, opened 40 days ago, the worker's               no plan
//	D  BNSK  opened 10 days ago, back from abroad 35 days ago         no plan
//	E  BNSK  opened 10 days ago, back 35 and again 5 days ago         nothing: the latest return counts
//	G  BNSK  opened 40 days ago and closed, the worker's              not open, never flagged
//	W  WARBE registered 20 days ago                                   no screening
type worklistWorld struct {
	refFixture
	cases map[string]casework.Case // by letter
}

func worklistSetup(t *testing.T, db *store.DB) worklistWorld {
	t.Helper()
	w := worklistWorld{refFixture: refSetup(t, db), cases: map[string]casework.Case{}}
	w.cases["A"] = w.kase
	today := refToday()
	open := func(letter string, worker store.User, assignee string, openedDaysAgo int, returns ...int) casework.Case {
		t.Helper()
		a := worker.Actor()
		p, err := db.CreatePerson(ctx, a, registry.Person{NameLatin: fmt.Sprintf("Worklist Person %s", letter), Sex: "female"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddConsent(ctx, a, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration, Method: "verbal",
			GivenOn: today.AddDate(-1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		for _, days := range returns {
			back := today.AddDate(0, 0, -days)
			if _, err := db.AddEpisode(ctx, a, registry.Episode{PersonID: p.ID, Destination: "SA", ReturnDate: &back}); err != nil {
				t.Fatal(err)
			}
		}
		c, err := db.OpenCase(ctx, a, store.NewCase{PersonID: p.ID, ProjectID: w.project.ID, AssignedTo: assignee,
			OpenedOn: today.AddDate(0, 0, -openedDaysAgo)})
		if err != nil {
			t.Fatalf("case %s: %v", letter, err)
		}
		w.cases[letter] = c
		return c
	}
	cw, mgr := w.bnskCW.Actor(), w.bnskMgr.Actor()
	b := open("B", w.bnskCW, w.bnskMgr.ID, 20)
	c := open("C", w.bnskCW, w.bnskCW.ID, 40)
	if _, err := db.RecordScreening(ctx, cw, c.ID, casework.Screening{Indicators: []string{"no_income"}}); err != nil {
		t.Fatal(err)
	}
	open("D", w.bnskCW, "", 10, 35)
	open("E", w.bnskCW, "", 10, 35, 5)
	g := open("G", w.bnskCW, w.bnskCW.ID, 40)
	open("W", w.warbeCW, "", 20)

	yesterday := today.AddDate(0, 0, -1)
	if _, err := db.AddTask(ctx, cw, w.kase.ID, casework.Task{Title: "Call the family", DueOn: &yesterday}); err != nil {
		t.Fatal(err)
	}
	tomorrow := today.AddDate(0, 0, 1)
	if _, err := db.AddTask(ctx, cw, c.ID, casework.Task{Title: "Not yet due", DueOn: &tomorrow}); err != nil {
		t.Fatal(err)
	}
	// A task past due on the case about to close counts nowhere.
	if _, err := db.AddTask(ctx, cw, g.ID, casework.Task{Title: "Forgotten", DueOn: &yesterday}); err != nil {
		t.Fatal(err)
	}
	// Visits: 3 months from 100 days ago is overdue, 12 months is not.
	for _, id := range []string{w.kase.ID, b.ID} {
		if _, err := db.ScheduleVisits(ctx, mgr, id, today.AddDate(0, 0, -100), []int{3, 12}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ScheduleVisits(ctx, cw, g.ID, today.AddDate(0, 0, -100), []int{3}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveCase(ctx, cw, g.ID, g.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"}); err != nil {
		t.Fatal(err)
	}
	// Referrals of A: one waiting past its due date, one not yet due.
	late, err := db.CreateReferral(ctx, cw, referral.Referral{CaseID: w.kase.ID, ServiceID: w.bnskSvc.ID, Reason: "Counselling"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.BackdateReferralForTest(ctx, late.ID, yesterday); err != nil {
		t.Fatal(err)
	}
	refShare(t, db, w.refFixture, w.warbe.ID)
	if _, err := db.CreateReferral(ctx, cw, referral.Referral{CaseID: w.kase.ID, ServiceID: w.warbeSvc.ID, Reason: "Training"}); err != nil {
		t.Fatal(err)
	}
	return w
}

// worklistLine writes figures for comparison.
func worklistLine(f store.WorklistFigures) string {
	var statuses []string
	for _, s := range casework.Statuses {
		if n := f.Cases[s]; n > 0 {
			statuses = append(statuses, fmt.Sprintf("%s=%d", s, n))
		}
	}
	return fmt.Sprintf("%s %v open=%d flagged=%d visits=%d referrals=%d tasks=%d", f.OrgCode, statuses, f.Open, f.Flagged,
		f.OverdueVisits, f.OverdueReferrals, f.OverdueTasks)
}

func worklistLines(figs []store.WorklistFigures) []string {
	var out []string
	for _, f := range figs {
		out = append(out, worklistLine(f))
	}
	return out
}

func TestWorklistCountsPerOrganisationAndWorker(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := worklistSetup(t, db)
		bnsk := "BNSK [registered=4 screened=1 closed=1] open=5 flagged=4 visits=2 referrals=1 tasks=1"
		warbe := "WARBE [registered=1] open=1 flagged=1 visits=0 referrals=0 tasks=0"
		check := func(who string, a app.Actor, s store.WorklistScope, want ...string) {
			t.Helper()
			figs, err := db.Worklist(ctx, a, s)
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			if got := worklistLines(figs); !slices.Equal(got, want) {
				t.Errorf("%s:\n got %q\nwant %q", who, got, want)
			}
		}
		check("BNSK manager", w.bnskMgr.Actor(), store.WorklistScope{}, bnsk)
		check("BNSK worker, whole organisation", w.bnskCW.Actor(), store.WorklistScope{}, bnsk)
		check("BNSK worker's own", w.bnskCW.Actor(), store.WorklistScope{AssignedTo: w.bnskCW.ID},
			"BNSK [registered=1 screened=1 closed=1] open=2 flagged=2 visits=1 referrals=1 tasks=1")
		check("BNSK manager's own", w.bnskMgr.Actor(), store.WorklistScope{AssignedTo: w.bnskMgr.ID},
			"BNSK [registered=1] open=1 flagged=1 visits=1 referrals=0 tasks=0")
		check("programme manager", w.pm.Actor(), store.WorklistScope{}, bnsk, warbe)
		check("programme manager, WARBE", w.pm.Actor(), store.WorklistScope{OrgID: w.warbe.ID}, warbe)
		check("viewer", w.viewer.Actor(), store.WorklistScope{}, bnsk, warbe)
		check("WARBE worker", w.warbeCW.Actor(), store.WorklistScope{}, warbe)
		check("WARBE worker asking for BNSK", w.warbeCW.Actor(), store.WorklistScope{OrgID: w.bnsk.ID})

		var total store.WorklistFigures
		figs, _ := db.Worklist(ctx, w.pm.Actor(), store.WorklistScope{})
		for _, f := range figs {
			total.Add(f)
		}
		if got := worklistLine(total); got != " [registered=5 screened=1 closed=1] open=6 flagged=5 visits=2 referrals=1 tasks=1" {
			t.Errorf("total: %s", got)
		}

		for who, a := range map[string]app.Actor{"admin": w.admin.Actor(), "enumerator": w.enumerator.Actor()} {
			if _, err := db.Worklist(ctx, a, store.WorklistScope{}); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s counts caseloads: %v", who, err)
			}
		}
		if _, err := db.Worklist(ctx, w.viewer.Actor(), store.WorklistScope{AssignedTo: w.bnskCW.ID}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a viewer counts one worker's caseload: %v", err)
		}
	})
}

// TestWorklistFlagsMatchCases: the flagged list gives each case exactly
// the flags its case page shows (casework.Flags), and leaves out closed
// cases and cases with none.
func TestWorklistFlagsMatchCases(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := worklistSetup(t, db)
		mgr := w.bnskMgr.Actor()
		rows, err := db.WorklistFlagged(ctx, mgr, store.WorklistScope{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		listed := map[string]store.WorklistCase{}
		for _, r := range rows {
			refs = append(refs, r.Reference)
			listed[r.ID] = r
		}
		// The longest open first.
		if want := []string{w.cases["C"].Reference, w.cases["B"].Reference, w.cases["D"].Reference, w.cases["A"].Reference}; !slices.Equal(refs, want) {
			t.Errorf("flagged cases %q, want %q", refs, want)
		}
		wantFlags := map[string][]casework.Flag{
			"A": {casework.FlagTaskOverdue},
			"B": {casework.FlagNoScreening},
			"C": {casework.FlagNoPlan30Days},
			"D": {casework.FlagNoPlan30Days},
		}
		for _, letter := range []string{"A", "B", "C", "D", "E", "G"} {
			c := w.cases[letter]
			v, err := db.CaseByID(ctx, mgr, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Status == casework.Closed {
				if _, ok := listed[c.ID]; ok {
					t.Errorf("closed case %s is listed", letter)
				}
				continue
			}
			if !slices.Equal(listed[c.ID].Flags, v.Flags) || !slices.Equal(v.Flags, wantFlags[letter]) {
				t.Errorf("case %s: listed with %v, its page shows %v, want %v", letter, listed[c.ID].Flags, v.Flags, wantFlags[letter])
			}
		}
		if r := listed[w.cases["B"].ID]; r.AssignedName != "bnsk.manager" || r.NameLatin != "Worklist Person B" {
			t.Errorf("row B: %+v", r)
		}

		mine, err := db.WorklistFlagged(ctx, w.bnskCW.Actor(), store.WorklistScope{AssignedTo: w.bnskCW.ID}, 1)
		if err != nil || len(mine) != 1 || mine[0].ID != w.cases["C"].ID {
			t.Errorf("the worker's first flagged case: %+v %v", mine, err)
		}
		if rows, err := db.WorklistFlagged(ctx, w.warbeCW.Actor(), store.WorklistScope{OrgID: w.bnsk.ID}, 0); err != nil || len(rows) != 0 {
			t.Errorf("WARBE lists BNSK's flagged cases: %+v %v", rows, err)
		}
		if _, err := db.WorklistFlagged(ctx, w.viewer.Actor(), store.WorklistScope{}, 0); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a viewer lists flagged cases: %v", err)
		}
	})
}
