package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestVisitOfAClosedCase: closing a case cancels its scheduled visits; a
// visit missed before the closing stays missed and cannot be recorded
// (which would add a task to the closed case) until the case reopens.
func TestVisitOfAClosedCase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		cw := f.bnskCW.Actor()
		vs, err := db.ScheduleVisits(ctx, cw, f.kase.ID, refToday().AddDate(0, 0, -100), []int{3, 12})
		if err != nil {
			t.Fatal(err)
		}
		missed, err := db.MissVisit(ctx, cw, vs[0].ID, vs[0].Version, "Nobody at home")
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.MoveCase(ctx, cw, f.kase.ID, f.kase.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"})
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.VisitsOfCase(ctx, cw, f.kase.ID)
		if err != nil || len(after) != 2 || after[0].Status != followup.Missed || after[1].Status != followup.Cancelled {
			t.Fatalf("visits after closing: %+v %v", after, err)
		}
		rec := followup.Record{Findings: "Met him at last", Action: followup.ActionNewAssessment}
		if _, err := db.RecordVisit(ctx, cw, missed.ID, missed.Version, rec); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("recording a visit of a closed case: %v", err)
		}
		if tasks, _ := db.ListTasks(ctx, cw, f.kase.ID); len(tasks) != 0 {
			t.Errorf("the closed case got tasks: %+v", tasks)
		}
		if _, err := db.ReopenCase(ctx, cw, f.kase.ID, c.Version, "He came back"); err != nil {
			t.Fatal(err)
		}
		if v, err := db.RecordVisit(ctx, cw, missed.ID, missed.Version, rec); err != nil || v.Status != followup.Done || v.TaskID == "" {
			t.Errorf("recording after reopening: %+v %v", v, err)
		}
	})
}
