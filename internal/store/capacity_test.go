package store_test

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/capacity"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func capacityScorePtr(n int) *int { return &n }

// TestCapacityEventLifecycle: an event organised by BNSK, its attendance
// by organisation and sex, its score sheet and follow-up actions, with
// versions, scope of writing and the lists' figures.
func TestCapacityEventLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, false)
		cw, viewer := pf.bnskCW.Actor(), pf.viewer.Actor()
		ev := capacity.Event{ProjectID: pf.pr.ID, Topic: "Referral pathways for returnee migrants", Kind: capacity.Workshop,
			Status: capacity.Held, StartsOn: *date("2024-02-14"), EndsOn: date("2024-02-15"), Place: "DEMO office, Lakshmipur",
			District: "bd2051", Facilitator: "Shirin Akter"}
		for _, a := range []app.Actor{viewer, pf.enumerator.Actor()} {
			if _, err := db.CreateCapacityEvent(ctx, a, ev); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s adding an event: %v", a.Username, err)
			}
		}
		bad := ev
		bad.Topic, bad.Kind, bad.Place, bad.District, bad.EndsOn = "", "picnic", "", "BD205133", date("2024-02-01")
		fields := app.ErrorFields(func() error { _, err := db.CreateCapacityEvent(ctx, cw, bad); return err }())
		for _, f := range []string{"topic", "kind", "place", "district", "ends_on"} {
			if fields[f] == "" {
				t.Errorf("no message for %s: %v", f, fields)
			}
		}
		future := ev
		future.StartsOn, future.EndsOn = time.Now().AddDate(1, 0, 0), nil
		if _, err := db.CreateCapacityEvent(ctx, cw, future); app.ErrorFields(err)["status"] == "" {
			t.Errorf("held in the future: %v", err)
		}
		e, err := db.CreateCapacityEvent(ctx, cw, ev)
		if err != nil || e.OrgID != pf.bnsk.ID || e.OrgCode != "BNSK" || e.District != "BD2051" || e.Version != 1 {
			t.Fatalf("create: %+v %v", e, err)
		}

		// Attendance: BNSK's own staff, WARBE's, and officials of two outside bodies.
		rows := []capacity.Attendance{{OrgID: pf.bnsk.ID, Female: 4, Male: 1}, {OrgID: pf.warbe.ID, Female: 2, Male: 2},
			{Body: " District Employment and  Manpower Office (DEMO)", Male: 3, Female: 1}, {}, {Body: "Upazila Parishad", ThirdGender: 1, Male: 2}}
		e, err = db.SetCapacityAttendance(ctx, cw, e.ID, e.Version, rows)
		if err != nil || len(e.Attendance) != 4 || e.Attendance[1].OrgCode != "WARBE" || e.Attendance[2].Body != "District Employment and Manpower Office (DEMO)" {
			t.Fatalf("attendance: %+v %v", e.Attendance, err)
		}
		if tot := capacity.AttendanceTotals(e.Attendance); tot.Female != 7 || tot.Male != 8 || tot.ThirdGender != 1 {
			t.Errorf("totals %+v", tot)
		}
		if _, err := db.SetCapacityAttendance(ctx, cw, e.ID, e.Version-1, rows); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale attendance: %v", err)
		}
		for field, bad := range map[string][]capacity.Attendance{
			"attendance.0.body":   {{OrgID: pf.bnsk.ID, Body: "BMET", Female: 1}},
			"attendance.1.body":   {{Body: "BMET", Female: 1}, {Body: "bmet", Male: 1}},
			"attendance.0.female": {{Body: "BMET"}},
			"attendance.0.male":   {{Body: "BMET", Male: -1, Female: 1}},
			"attendance.0.org_id": {{OrgID: "no-such-org", Female: 1}},
		} {
			if _, err := db.SetCapacityAttendance(ctx, cw, e.ID, e.Version, bad); app.ErrorFields(err)[field] == "" {
				t.Errorf("bad attendance %s: %v", field, err)
			}
		}

		// Scores typed from the paper forms.
		scores, err := capacity.ParseScores("1. 40 70\n2) 55, 60\n\n৩ ৬০ ৫৫\n4: 80 -\nx 90\n")
		if err != nil || len(scores) != 5 {
			t.Fatalf("parse: %+v %v", scores, err)
		}
		e, err = db.SetCapacityScores(ctx, cw, e.ID, e.Version, scores)
		if err != nil || len(e.Scores) != 5 || e.Scores[3].Post != nil || *e.Scores[3].Pre != 80 || e.Scores[4].Pre != nil {
			t.Fatalf("scores: %+v %v", e.Scores, err)
		}
		sum := capacity.Summarise(e.Scores)
		// Pre: 40 55 60 80 = 58.75; post: 70 60 55 90 = 68.75; pairs 30 5 -5 = 10.0 mean change, 2 improved.
		if sum.PreCount != 4 || sum.PostCount != 4 || sum.Pairs != 3 || sum.Improved != 2 || *sum.MeanPre != 58.8 || *sum.MeanPost != 68.8 || *sum.MeanChange != 10 {
			t.Errorf("summary %+v pre %v post %v change %v", sum, *sum.MeanPre, *sum.MeanPost, *sum.MeanChange)
		}
		if _, err := db.SetCapacityScores(ctx, cw, e.ID, e.Version, []capacity.Score{{Pre: capacityScorePtr(101)}}); app.ErrorFields(err)["scores.0.pre"] == "" {
			t.Errorf("a score over 100: %v", err)
		}
		if _, err := db.SetCapacityScores(ctx, pf.warbeCW.Actor(), e.ID, e.Version, scores); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("WARBE scoring BNSK's event: %v", err)
		}

		// Follow-up actions: one overdue, one done.
		past, err := db.AddCapacityAction(ctx, cw, e.ID, capacity.Action{Action: "Share the referral directory with every upazila office",
			Owner: "DEMO Lakshmipur", DueOn: *date("2024-03-31")})
		if err != nil || past.Status != capacity.Open || past.Version != 1 || !past.Overdue(time.Now()) {
			t.Fatalf("action: %+v %v", past, err)
		}
		later, err := db.AddCapacityAction(ctx, pf.pm.Actor(), e.ID, capacity.Action{Action: "Refresher session", Owner: "BNSK",
			DueOn: time.Now().UTC().AddDate(0, 2, 0).Truncate(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddCapacityAction(ctx, cw, e.ID, capacity.Action{Owner: "BNSK"}); app.ErrorFields(err)["action"] == "" || app.ErrorFields(err)["due_on"] == "" {
			t.Errorf("an empty action: %v", err)
		}
		done := past
		done.Status = capacity.Done
		done, err = db.UpdateCapacityAction(ctx, cw, e.ID, done)
		if err != nil || done.DoneOn == nil || done.Version != 2 {
			t.Fatalf("done: %+v %v", done, err)
		}
		if _, err := db.UpdateCapacityAction(ctx, cw, e.ID, past); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a stale action: %v", err)
		}
		if _, err := db.UpdateCapacityAction(ctx, cw, "another-event", done); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("an action under another event: %v", err)
		}
		actions, err := db.CapacityActions(ctx, viewer, e.ID)
		if err != nil || len(actions) != 2 || actions[0].ID != past.ID || actions[1].ID != later.ID {
			t.Errorf("actions: %+v %v", actions, err)
		}

		// The event itself: a stale edit refused; the list adds attendance up.
		e.Facilitator = "Shirin Akter and Nasima Khatun"
		if e, err = db.UpdateCapacityEvent(ctx, cw, e); err != nil || e.Version != 4 {
			t.Fatalf("update: %+v %v", e, err)
		}
		e.Version = 3
		if _, err := db.UpdateCapacityEvent(ctx, cw, e); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a stale event: %v", err)
		}
		list, more, err := db.ListCapacityEvents(ctx, viewer, store.CapacityQuery{ProjectID: pf.pr.ID, Kind: capacity.Workshop})
		if err != nil || more || len(list) != 1 || list[0].Female != 7 || list[0].Male != 8 || list[0].ThirdGender != 1 || list[0].OpenActions != 1 || list[0].Overdue != 0 {
			t.Errorf("list: %+v %v", list, err)
		}
		if list, _, _ := db.ListCapacityEvents(ctx, viewer, store.CapacityQuery{Status: capacity.Planned}); len(list) != 0 {
			t.Errorf("status filter: %+v", list)
		}
	})
}
