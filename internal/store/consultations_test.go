package store_test

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestConsultRecommendationsAndActions: a consultation with counts and
// issues, recommendations numbered R-n across the study's events with a
// status (not taken up needs a reason), the list of those not yet
// addressed, follow-up actions with an overdue flag, versions and roles.
func TestConsultRecommendationsAndActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := studyFixture(t, db)
		cw := f.bnskCW.Actor()
		ev := study.Consultation{StudyID: f.s.ID, Title: "Inception workshop", HeldOn: *date("2025-01-20"), Stage: study.StageDesign,
			Place: "Rangamati Circuit House", Participants: []study.Count{{Category: study.StakeGovernment, Sex: "male", People: 6},
				{Category: study.StakeCHTRC, Sex: "female", People: 2}, {Category: study.StakeCSO, Sex: "male", People: 0}},
			Issues: []string{" Language of the questionnaire ", "", "Timing around Jum harvest"}}
		for _, a := range []app.Actor{f.enumerator.Actor(), f.warbeCW.Actor(), f.viewer.Actor()} {
			if _, err := db.CreateConsultation(ctx, a, ev); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s adding a consultation: %v", a.Username, err)
			}
		}
		bad := study.Consultation{StudyID: f.s.ID, Stage: "party", Participants: []study.Count{{Category: "army", Sex: "male", People: 1}}}
		fields := app.ErrorFields(func() error { _, err := db.CreateConsultation(ctx, cw, bad); return err }())
		for _, name := range []string{"title", "held_on", "stage", "place", "participants.0.category"} {
			if fields[name] == "" {
				t.Errorf("no message for %s: %v", name, fields)
			}
		}
		c, err := db.CreateConsultation(ctx, cw, ev)
		if err != nil || len(c.Participants) != 2 || len(c.Issues) != 2 || c.Issues[0] != "Language of the questionnaire" || study.Total(c.Participants) != 8 {
			t.Fatalf("create: %+v %v", c, err)
		}
		c2, err := db.CreateConsultation(ctx, f.pm.Actor(), study.Consultation{StudyID: f.s.ID, Title: "Validation workshop", HeldOn: *date("2025-06-02"),
			Stage: study.StageValidation, Place: "Khagrachhari"})
		if err != nil {
			t.Fatal(err)
		}

		// Recommendations are numbered across the study.
		addRec := func(c *study.Consultation, text string) study.Recommendation {
			t.Helper()
			r, err := db.AddConsultRecommendation(ctx, cw, c.ID, c.Version, study.Recommendation{TextEN: text, RaisedBy: study.StakeEthnicRep})
			if err != nil {
				t.Fatal(err)
			}
			c.Version++
			return r
		}
		r1 := addRec(&c, "Translate the questionnaire into Chakma and Marma")
		r2 := addRec(&c, "Hold BMET information sessions in each upazila")
		r3 := addRec(&c2, "Open a BMET desk in Rangamati")
		if r1.Ref != "R-1" || r2.Ref != "R-2" || r3.Ref != "R-3" || r1.Status != study.RecOpen {
			t.Fatalf("refs %s %s %s", r1.Ref, r2.Ref, r3.Ref)
		}
		if _, err := db.AddConsultRecommendation(ctx, cw, c.ID, c.Version-1, study.Recommendation{TextEN: "x", RaisedBy: study.StakeCSO}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale event: %v", err)
		}
		if _, err := db.AddConsultRecommendation(ctx, cw, c.ID, c.Version, study.Recommendation{RaisedBy: "army"}); app.ErrorFields(err)["text_en"] == "" || app.ErrorFields(err)["raised_by"] == "" {
			t.Errorf("bad recommendation: %v", err)
		}
		r2.Status = study.RecNotTaken
		if _, err := db.UpdateConsultRecommendation(ctx, cw, r2); app.ErrorFields(err)["status_reason"] == "" {
			t.Errorf("not taken up without reason: %v", err)
		}
		r2.StatusReason = "BMET already runs these through the DEMO"
		if r2, err = db.UpdateConsultRecommendation(ctx, cw, r2); err != nil || r2.Version != 2 || r2.Ref != "R-2" {
			t.Fatalf("status: %+v %v", r2, err)
		}
		r1.Status = study.RecAddressed
		if r1, err = db.UpdateConsultRecommendation(ctx, f.bnskMgr.Actor(), r1); err != nil {
			t.Fatal(err)
		}
		r1.Status = study.RecOpen
		if _, err := db.UpdateConsultRecommendation(ctx, cw, study.Recommendation{ID: r1.ID, TextEN: "x", RaisedBy: study.StakeCSO, Version: 1}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale recommendation: %v", err)
		}
		if _, err := db.UpdateConsultRecommendation(ctx, f.enumerator.Actor(), r1); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("enumerator setting status: %v", err)
		}
		open, err := db.ConsultRecommendations(ctx, f.viewer.Actor(), f.s.ID, true)
		if err != nil || len(open) != 1 || open[0].Ref != "R-3" {
			t.Fatalf("not yet addressed: %+v %v", open, err)
		}

		// Actions: one long overdue, one far ahead, one done though late.
		past, future := *date("2025-02-01"), time.Now().AddDate(1, 0, 0)
		if _, err := db.AddConsultAction(ctx, cw, c.ID, c.Version, study.Action{Status: "maybe"}); app.ErrorFields(err)["action"] == "" ||
			app.ErrorFields(err)["owner"] == "" || app.ErrorFields(err)["due_on"] == "" || app.ErrorFields(err)["status"] == "" {
			t.Errorf("bad action: %v", err)
		}
		if _, err := db.AddConsultAction(ctx, cw, c.ID, c.Version, study.Action{Action: "x", OwnerUserID: "ghost", DueOn: past}); app.ErrorFields(err)["owner_user_id"] == "" {
			t.Errorf("unknown owner: %v", err)
		}
		a1, err := db.AddConsultAction(ctx, cw, c.ID, c.Version, study.Action{Action: "Send the translated tool to the RC", OwnerUserID: f.bnskMgr.ID, DueOn: past})
		if err != nil || !a1.Overdue || a1.OwnerUsername != "bnsk.manager" || a1.Status != study.ActionOpen {
			t.Fatalf("overdue action: %+v %v", a1, err)
		}
		a2, err := db.AddConsultAction(ctx, cw, c.ID, c.Version+1, study.Action{Action: "Share the report", Owner: "CHT Regional Council", DueOn: future})
		if err != nil || a2.Overdue {
			t.Fatalf("future action: %+v %v", a2, err)
		}
		a1.Status = study.ActionDone
		if a1, err = db.UpdateConsultAction(ctx, cw, a1); err != nil || a1.Overdue || a1.Version != 2 {
			t.Fatalf("done: %+v %v", a1, err)
		}
		if _, err := db.UpdateConsultAction(ctx, cw, study.Action{ID: a1.ID, Action: "x", Owner: "y", DueOn: past, Version: 1}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale action: %v", err)
		}

		// The event with everything on it, and editing it.
		got, err := db.ConsultationByID(ctx, f.viewer.Actor(), c.ID)
		if err != nil || len(got.Recommendations) != 2 || len(got.Actions) != 2 || got.Version != 5 || got.Actions[0].ID != a1.ID {
			t.Fatalf("read: %+v %v", got, err)
		}
		got.Issues = []string{"Only one issue left"}
		got.Participants = []study.Count{{Category: study.StakePrivate, Sex: "third_gender", People: 1}}
		if got, err = db.UpdateConsultation(ctx, cw, got); err != nil || len(got.Issues) != 1 || study.CountOf(got.Participants, study.StakePrivate, "third_gender") != 1 {
			t.Fatalf("update: %+v %v", got, err)
		}
		if _, err := db.UpdateConsultation(ctx, cw, c); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		list, err := db.ListConsultations(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || len(list) != 2 || len(list[1].Recommendations) != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if _, err := db.ConsultationByID(ctx, f.viewer.Actor(), "none"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("missing: %v", err)
		}
	})
}
