package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// visitSecondCase opens a BNSK case of another person, assigned to the
// BNSK manager.
func visitSecondCase(t *testing.T, db *store.DB, f refFixture) casework.Case {
	t.Helper()
	cw := f.bnskCW.Actor()
	p := rahim()
	p.NID, p.Phones, p.NameLatin, p.NameBn, p.Sex = "", nil, "Mst. Rokeya Begum", "মোছাঃ রোকেয়া বেগম", "female"
	p, err := db.CreatePerson(ctx, cw, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsent(ctx, cw, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration, Method: "written",
		GivenOn: refToday()}); err != nil {
		t.Fatal(err)
	}
	c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: f.project.ID, AssignedTo: f.bnskMgr.ID})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func visitDates(vs []followup.Visit) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.DueOn.Format(time.DateOnly))
	}
	return strings.Join(out, " ")
}

func visitRowDates(rows []store.VisitRow) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.DueOn.Format(time.DateOnly)+"/"+r.CaseReference)
	}
	return strings.Join(out, " ")
}

func TestFollowUpScheduleAndLists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		cw, mgr := f.bnskCW.Actor(), f.bnskMgr.Actor()
		today := refToday()
		// Counted from 170 days ago: the 3-month visit is overdue, the
		// 6-month one due within the next 30 days, the 12-month one later.
		from := today.AddDate(0, 0, -170)
		added, err := db.ScheduleVisits(ctx, cw, f.kase.ID, from, nil)
		if err != nil {
			t.Fatal(err)
		}
		m3, m6, m12 := followup.AddMonths(from, 3), followup.AddMonths(from, 6), followup.AddMonths(from, 12)
		if got, want := visitDates(added), visitDates([]followup.Visit{{DueOn: m3}, {DueOn: m6}, {DueOn: m12}}); got != want {
			t.Fatalf("scheduled %s, want %s", got, want)
		}
		if !m3.Before(today) || m6.Before(today) || m6.After(today.AddDate(0, 0, followup.DefaultDueWithin)) {
			t.Fatalf("test dates drifted: %s %s from %s", m3, m6, today)
		}
		for _, v := range added {
			if v.Status != followup.Scheduled || v.OrgID != f.bnsk.ID || v.CreatedBy != "bnsk.worker" {
				t.Errorf("visit: %+v", v)
			}
		}
		// Scheduling again skips the dates already scheduled.
		again, err := db.ScheduleVisits(ctx, cw, f.kase.ID, from, followup.DefaultIntervals)
		if err != nil || len(again) != 0 {
			t.Errorf("rescheduled: %v %v", visitDates(again), err)
		}
		nine, err := db.ScheduleVisits(ctx, mgr, f.kase.ID, from, []int{6, 9})
		if err != nil || visitDates(nine) != followup.AddMonths(from, 9).Format(time.DateOnly) {
			t.Errorf("6 and 9 months: %v %v", visitDates(nine), err)
		}
		if _, err := db.ScheduleVisits(ctx, cw, f.kase.ID, from, []int{0}); app.ErrorFields(err)["months"] == "" {
			t.Errorf("0 months: %v", err)
		}
		all, err := db.VisitsOfCase(ctx, cw, f.kase.ID)
		if err != nil || len(all) != 4 {
			t.Fatalf("case visits: %s %v", visitDates(all), err)
		}
		events := refTimeline(t, db, cw, f.kase.ID)
		if k := refKinds(events, "visit"); k != "visits_scheduled/bnsk.worker visits_scheduled/bnsk.manager" {
			t.Errorf("timeline: %s", k)
		}

		// A second case, assigned to the manager, with its 3-month visit overdue.
		other := visitSecondCase(t, db, f)
		otherFrom := today.AddDate(0, 0, -100)
		if _, err := db.ScheduleVisits(ctx, mgr, other.ID, otherFrom, []int{3}); err != nil {
			t.Fatal(err)
		}
		o3 := followup.AddMonths(otherFrom, 3)

		ref, oref := f.kase.Reference, other.Reference
		day := func(d time.Time, r string) string { return d.Format(time.DateOnly) + "/" + r }
		// Per case worker: due and overdue visits of the cases assigned to them.
		mine, err := db.ListVisits(ctx, cw, store.VisitQuery{AssignedTo: f.bnskCW.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := visitRowDates(mine), day(m3, ref)+" "+day(m6, ref); got != want {
			t.Errorf("the worker's due visits:\n got %s\nwant %s", got, want)
		}
		if !mine[0].IsOverdue || mine[1].IsOverdue || mine[0].NameLatin != "Md. Abdur Rahim" || mine[0].AssignedName != "bnsk.worker" {
			t.Errorf("rows: %+v", mine)
		}
		overdueMine, _ := db.ListVisits(ctx, cw, store.VisitQuery{AssignedTo: f.bnskCW.ID, Overdue: true})
		if visitRowDates(overdueMine) != day(m3, ref) {
			t.Errorf("the worker's overdue visits: %s", visitRowDates(overdueMine))
		}
		managers, _ := db.ListVisits(ctx, mgr, store.VisitQuery{AssignedTo: f.bnskMgr.ID})
		if visitRowDates(managers) != day(o3, oref) {
			t.Errorf("the manager's own visits: %s", visitRowDates(managers))
		}
		// Per organisation, by due date; the look-ahead widens the list.
		org, _ := db.ListVisits(ctx, mgr, store.VisitQuery{Overdue: true})
		wantOrg := []string{day(m3, ref), day(o3, oref)}
		if o3.Before(m3) {
			wantOrg = []string{day(o3, oref), day(m3, ref)}
		}
		if got := visitRowDates(org); got != strings.Join(wantOrg, " ") {
			t.Errorf("the organisation's overdue visits: %s", got)
		}
		year, _ := db.ListVisits(ctx, mgr, store.VisitQuery{DueWithin: 400})
		if len(year) != 5 {
			t.Errorf("visits within 400 days: %s", visitRowDates(year))
		}
		for i := 1; i < len(year); i++ {
			if year[i].DueOn.Before(year[i-1].DueOn) {
				t.Errorf("not by due date: %s", visitRowDates(year))
			}
		}
		// Other organisations see nothing; the programme manager sees all; viewers nothing.
		if rows, err := db.ListVisits(ctx, f.warbeCW.Actor(), store.VisitQuery{DueWithin: 400}); err != nil || len(rows) != 0 {
			t.Errorf("WARBE lists BNSK visits: %d %v", len(rows), err)
		}
		if rows, err := db.ListVisits(ctx, f.pm.Actor(), store.VisitQuery{OrgID: f.bnsk.ID, Overdue: true}); err != nil || len(rows) != 2 {
			t.Errorf("pm's list: %d %v", len(rows), err)
		}
		for _, a := range []app.Actor{f.viewer.Actor(), f.enumerator.Actor(), f.admin.Actor()} {
			if rows, err := db.ListVisits(ctx, a, store.VisitQuery{}); err == nil || len(rows) != 0 {
				t.Errorf("%s lists visits: %d %v", a.Username, len(rows), err)
			}
			if _, err := db.VisitsOfCase(ctx, a, f.kase.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads a case's visits: %v", a.Username, err)
			}
			if _, err := db.ScheduleVisits(ctx, a, f.kase.ID, from, nil); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s schedules: %v", a.Username, err)
			}
		}
		if _, err := db.ScheduleVisits(ctx, f.pm.Actor(), f.kase.ID, from, nil); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("pm schedules: %v", err)
		}
		if _, err := db.ScheduleVisits(ctx, f.warbeCW.Actor(), f.kase.ID, from, nil); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE schedules on a BNSK case: %v", err)
		}
		if _, err := db.VisitsOfCase(ctx, f.pm.Actor(), f.kase.ID); err != nil {
			t.Errorf("pm reads a case's visits: %v", err)
		}

		// A closed case's visits leave the lists, and it schedules nothing more.
		ov, _ := db.CaseByID(ctx, mgr, other.ID)
		if _, err := db.MoveCase(ctx, mgr, other.ID, ov.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		if org, _ := db.ListVisits(ctx, mgr, store.VisitQuery{Overdue: true}); visitRowDates(org) != day(m3, ref) {
			t.Errorf("after closing: %s", visitRowDates(org))
		}
		if _, err := db.ScheduleVisits(ctx, mgr, other.ID, today, nil); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("scheduling on a closed case: %v", err)
		}
		// Closing cancelled its scheduled visits, with a note saying why.
		closedVisits, _ := db.VisitsOfCase(ctx, mgr, other.ID)
		for _, v := range closedVisits {
			if v.Status != followup.Cancelled || v.Note != "the case was closed" {
				t.Errorf("visit of a closed case: %s %q", v.Status, v.Note)
			}
		}
		if len(closedVisits) == 0 {
			t.Errorf("the closed case has no visits to check")
		}
	})
}

func TestFollowUpRecordMissAndTasks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		cw := f.bnskCW.Actor()
		today := refToday()
		from := today.AddDate(0, 0, -200)
		visits, err := db.ScheduleVisits(ctx, cw, f.kase.ID, from, []int{3, 6, 12})
		if err != nil {
			t.Fatal(err)
		}
		first, second, third := visits[0], visits[1], visits[2]

		// Bad input is named field by field; nothing changes.
		_, err = db.RecordVisit(ctx, cw, first.ID, first.Version, followup.Record{DoneOn: today.AddDate(0, 0, 2), Action: "party"})
		if fields := app.ErrorFields(err); fields["done_on"] == "" || fields["findings"] == "" || fields["action"] == "" {
			t.Errorf("bad record: %v", err)
		}
		if _, err := db.RecordVisit(ctx, cw, first.ID, 0, followup.Record{Findings: "x"}); app.ErrorFields(err)["version"] == "" {
			t.Errorf("no version: %v", err)
		}
		if _, err := db.RecordVisit(ctx, cw, first.ID, first.Version+1, followup.Record{Findings: "x"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if _, err := db.RecordVisit(ctx, cw, first.ID, first.Version, followup.Record{Findings: "x", DoneOn: today.AddDate(0, 0, -300)}); app.ErrorFields(err)["done_on"] == "" {
			t.Errorf("a visit before the case opened: %v", err)
		}
		for _, a := range []app.Actor{f.pm.Actor(), f.viewer.Actor()} {
			if _, err := db.RecordVisit(ctx, a, first.ID, first.Version, followup.Record{Findings: "x"}); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s records: %v", a.Username, err)
			}
		}
		if _, err := db.RecordVisit(ctx, f.warbeCW.Actor(), first.ID, first.Version, followup.Record{Findings: "x"}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE records a BNSK visit: %v", err)
		}

		// A visit that calls for a plan revision adds a task and says so on the timeline.
		done, err := db.RecordVisit(ctx, cw, first.ID, first.Version, followup.Record{
			Findings: "The shop closed after the flood; the family is borrowing again.", Action: followup.ActionPlanRevision})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != followup.Done || done.DoneOn == nil || !done.DoneOn.Equal(today) || done.TaskID == "" || done.RecordedBy != "bnsk.worker" {
			t.Errorf("recorded: %+v", done)
		}
		tasks, err := db.ListTasks(ctx, cw, f.kase.ID)
		if err != nil || len(tasks) != 1 {
			t.Fatalf("tasks: %+v %v", tasks, err)
		}
		task := tasks[0]
		if task.ID != done.TaskID || task.Title != followup.DefaultTaskTitle(followup.ActionPlanRevision) || task.AssignedTo != f.bnskCW.ID ||
			task.DueOn == nil || !task.DueOn.Equal(today.AddDate(0, 0, 14)) || task.DoneAt != nil {
			t.Errorf("task: %+v", task)
		}
		events := refTimeline(t, db, cw, f.kase.ID)
		tail := events[len(events)-2:]
		if tail[0].Kind != casework.EventTask || tail[0].RefID != task.ID || tail[1].Kind != followup.EventDone ||
			tail[1].Reason != followup.ActionPlanRevision || tail[1].RefID != first.ID || !strings.Contains(tail[1].Body, "flood") {
			t.Errorf("timeline tail: %+v", tail)
		}
		if _, err := db.RecordVisit(ctx, cw, first.ID, done.Version, followup.Record{Findings: "again"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("recording twice: %v", err)
		}
		if overdue, _ := db.ListVisits(ctx, cw, store.VisitQuery{Overdue: true}); len(overdue) != 1 || overdue[0].ID != second.ID {
			t.Errorf("overdue after recording: %s", visitRowDates(overdue))
		}

		// A missed visit leaves the list, may be recorded later, with the
		// screen's own task title in the user's language.
		missed, err := db.MissVisit(ctx, cw, second.ID, second.Version, "Nobody at home; neighbours say he is in Dhaka")
		if err != nil || missed.Status != followup.Missed || missed.Note == "" {
			t.Fatalf("miss: %+v %v", missed, err)
		}
		if _, err := db.MissVisit(ctx, cw, second.ID, missed.Version, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("missing twice: %v", err)
		}
		if overdue, _ := db.ListVisits(ctx, cw, store.VisitQuery{Overdue: true}); len(overdue) != 0 {
			t.Errorf("a missed visit is still overdue: %s", visitRowDates(overdue))
		}
		late, err := db.RecordVisit(ctx, cw, second.ID, missed.Version, followup.Record{Findings: "Found him back home, unwell.",
			Action: followup.ActionNewAssessment, TaskTitle: "নতুন মূল্যায়ন করুন"})
		if err != nil || late.Status != followup.Done {
			t.Fatalf("record a missed visit: %+v %v", late, err)
		}
		tasks, _ = db.ListTasks(ctx, cw, f.kase.ID)
		if len(tasks) != 2 || tasks[0].Title != "নতুন মূল্যায়ন করুন" && tasks[1].Title != "নতুন মূল্যায়ন করুন" {
			t.Errorf("tasks after the late visit: %+v", tasks)
		}
		// No action, no task.
		cancelled, err := db.CancelVisit(ctx, cw, third.ID, third.Version, "Plan revised: new schedule to follow")
		if err != nil || cancelled.Status != followup.Cancelled {
			t.Fatalf("cancel: %+v %v", cancelled, err)
		}
		if _, err := db.RecordVisit(ctx, cw, third.ID, cancelled.Version, followup.Record{Findings: "x"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("record a cancelled visit: %v", err)
		}
		// The cancelled date may be scheduled again.
		if re, err := db.ScheduleVisits(ctx, cw, f.kase.ID, from, []int{12}); err != nil || len(re) != 1 {
			t.Errorf("reschedule a cancelled date: %v %v", visitDates(re), err)
		}
		k := refKinds(refTimeline(t, db, cw, f.kase.ID), "visit")
		if k != "visits_scheduled/bnsk.worker visit_done/bnsk.worker visit_missed/bnsk.worker visit_done/bnsk.worker visit_cancelled/bnsk.worker visits_scheduled/bnsk.worker" {
			t.Errorf("timeline: %s", k)
		}
		trail, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "visit", ObjectID: second.ID})
		if len(trail) != 3 {
			t.Errorf("audit of a visit: %+v", trail)
		}
	})
}

// TestScheduleVisitsInsideATransaction is how plan approval uses the
// scheduler: in its own transaction, all or nothing.
func TestScheduleVisitsInsideATransaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		mgr := f.bnskMgr.Actor()
		approved := refToday()
		boom := errors.New("the approval failed after scheduling")
		err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			if err := tx.ScheduleVisits(ctx, mgr, f.kase.ID, approved, followup.DefaultIntervals); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("transaction: %v", err)
		}
		if vs, _ := db.VisitsOfCase(ctx, mgr, f.kase.ID); len(vs) != 0 {
			t.Errorf("visits kept from a failed approval: %s", visitDates(vs))
		}
		if err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			return tx.ScheduleVisits(ctx, mgr, f.kase.ID, approved, followup.DefaultIntervals)
		}); err != nil {
			t.Fatal(err)
		}
		vs, _ := db.VisitsOfCase(ctx, mgr, f.kase.ID)
		want := []followup.Visit{{DueOn: followup.AddMonths(approved, 3)}, {DueOn: followup.AddMonths(approved, 6)}, {DueOn: followup.AddMonths(approved, 12)}}
		if visitDates(vs) != visitDates(want) {
			t.Errorf("scheduled %s, want %s", visitDates(vs), visitDates(want))
		}
		// Nothing is due yet: the first visit is three months away.
		if rows, _ := db.ListVisits(ctx, mgr, store.VisitQuery{}); len(rows) != 0 {
			t.Errorf("due now: %s", visitRowDates(rows))
		}
	})
}
