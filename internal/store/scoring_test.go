package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/scoring"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// testScoring is a small definition: one item per dimension, options
// a = 1, b = 0.5, c = 0, dk missing; the composite is the mean of the two.
func testScoring(label string) *scoring.Definition {
	opts := map[string]float64{"a": 1, "b": 0.5, "c": 0}
	return &scoring.Definition{FormID: "rss_test", Label: label, Placeholder: true, MinAnsweredShare: 1, SustainableFrom: 0.5,
		Dimensions: []scoring.Dimension{{Name: "econ", Label: map[string]string{"en": "Economic"}, Weight: 1},
			{Name: "soc", Label: map[string]string{"en": "Social"}, Weight: 1}},
		Items: []scoring.Item{
			{Question: "q1", Key: "g/q1", Dimension: "econ", Weight: 1, Options: opts, Missing: []string{"dk"}, Assistance: []string{"job_placement"}},
			{Question: "q2", Key: "g/q2", Dimension: "soc", Weight: 1, Options: opts, Missing: []string{"dk"}, Assistance: []string{"housing_support"}}},
		Thresholds: []scoring.Threshold{{Name: "low", Min: 0, Max: 0.5}, {Name: "ok", Min: 0.5, Max: 1}}}
}

// scoredForm uploads and publishes a case-bound form carrying def.
func scoredForm(t *testing.T, db *store.DB, pm app.Actor, formID, version string, def *scoring.Definition) forms.Version {
	t.Helper()
	up := formUpload(formID, version)
	up.Scoring = def
	v, err := db.AddFormVersion(ctx, pm, up)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	return v
}

var scoreSeq int

// submitScored stores a submission with answers q1, q2 in the given round.
// openRosa stores the answers as the OpenRosa endpoint does (the instance
// with its problems); otherwise as the web does.
func submitScored(t *testing.T, db *store.DB, a app.Actor, v forms.Version, caseID, round, day, q1, q2 string, openRosa bool, deprecated string) forms.Submission {
	t.Helper()
	scoreSeq++
	values := map[string]string{"survey_round": round, "interview_date": day, "g/q1": q1, "g/q2": q2}
	var data []byte
	if openRosa {
		data, _ = json.Marshal(map[string]any{"form_id": v.FormID, "values": values, "problems": []any{}})
	} else {
		data, _ = json.Marshal(map[string]any{"form_id": v.FormID, "meta": map[string]any{}, "values": values})
	}
	s, _, err := db.SaveSubmission(ctx, a, store.NewSubmission{FormVersionID: v.ID, InstanceID: fmt.Sprintf("uuid:%08d", scoreSeq),
		DeprecatedID: deprecated, XML: fmt.Sprintf("<data n=\"%d\"/>", scoreSeq), Data: string(data), CaseID: caseID})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scoreCase registers a person of a's organisation and opens a case.
func scoreCase(t *testing.T, db *store.DB, a app.Actor, pr store.Project, sex, district string) string {
	t.Helper()
	p := rahim()
	p.NID, p.Phones, p.Sex, p.District = "", nil, sex, district
	p, err := db.CreatePerson(ctx, a, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsent(ctx, a, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration,
		Method: "thumbprint", GivenOn: *date("2024-01-10")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddEpisode(ctx, a, registry.Episode{PersonID: p.ID, Destination: "SA", ReturnDate: date("2024-01-01"),
		ReturnType: "deported"}); err != nil {
		t.Fatal(err)
	}
	c, err := db.OpenCase(ctx, a, store.NewCase{PersonID: p.ID, ProjectID: pr.ID})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func ptr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4f", *p)
}

func TestScoresComputedOnArrivalAndReplacedByEdits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw := f.pm.Actor(), f.bnskCW.Actor()
		pr, _ := caseFixture(t, db, f)
		caseID := scoreCase(t, db, cw, pr, "female", "BD2051")
		v := scoredForm(t, db, pm, "rss_test", "1", testScoring("v1"))

		sv, err := db.ScoringVersions(ctx, cw, v.FormPK)
		if err != nil || len(sv) != 1 || sv[0].Number != 1 || !sv[0].Current || sv[0].Source != v.ID || !sv[0].Placeholder {
			t.Fatalf("scoring versions: %+v %v", sv, err)
		}
		// The same definition in a new form version is no new scoring version.
		scoredForm(t, db, pm, "rss_test", "2", testScoring("v1"))
		if sv, _ := db.ScoringVersions(ctx, cw, v.FormPK); len(sv) != 1 {
			t.Errorf("same definition again: %d versions", len(sv))
		}

		submitScored(t, db, cw, v, caseID, "baseline", "2026-01-10", "a", "c", false, "")
		fu := submitScored(t, db, cw, v, caseID, "follow_up", "2026-04-10", "a", "a", true, "")
		// An edit of the follow-up replaces its score.
		submitScored(t, db, cw, v, caseID, "follow_up", "2026-04-10", "b", "a", true, fu.InstanceID)

		got, err := db.CaseScores(ctx, cw, caseID)
		if err != nil || len(got) != 1 {
			t.Fatalf("case scores: %+v %v", got, err)
		}
		cs := got[0]
		if len(cs.Scores) != 2 || cs.Baseline != 0 || cs.Latest != 1 || cs.Stale != 0 {
			t.Fatalf("scores %d, baseline %d, latest %d, stale %d", len(cs.Scores), cs.Baseline, cs.Latest, cs.Stale)
		}
		if c := cs.Scores[0].Result.Composite; ptr(c) != "0.5000" {
			t.Errorf("baseline composite %s, want 0.5 (econ 1, soc 0)", ptr(c))
		}
		if c := cs.Scores[1].Result.Composite; ptr(c) != "0.7500" {
			t.Errorf("edited follow-up composite %s, want 0.75 (econ 0.5, soc 1)", ptr(c))
		}
		sum := cs.Summary()
		if len(sum.Dimensions) != 2 || ptr(sum.Dimensions[0].Baseline) != "1.0000" || ptr(sum.Dimensions[0].Latest) != "0.5000" ||
			ptr(sum.Dimensions[1].Baseline) != "0.0000" || ptr(sum.Dimensions[1].Latest) != "1.0000" {
			t.Errorf("summary: %+v", sum)
		}
		// The weak economic answer suggests its assistance; the full social one nothing.
		if a := sum.Dimensions[0].Assistance; len(a) != 1 || a[0] != "job_placement" || len(sum.Dimensions[1].Assistance) != 0 {
			t.Errorf("assistance: %v / %v", sum.Dimensions[0].Assistance, sum.Dimensions[1].Assistance)
		}

		// Another organisation does not see the case's scores; viewers neither.
		if _, err := db.CaseScores(ctx, f.warbeCW.Actor(), caseID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("other organisation: %v", err)
		}
		if _, err := db.CaseScores(ctx, f.viewer.Actor(), caseID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("viewer: %v", err)
		}

		// A form without scoring stores no score.
		plain, err := db.AddFormVersion(ctx, pm, formUpload("plain", "1"))
		if err != nil {
			t.Fatal(err)
		}
		if plain, err = db.PublishFormVersion(ctx, pm, plain.ID, plain.Version); err != nil {
			t.Fatal(err)
		}
		submitScored(t, db, cw, plain, caseID, "baseline", "2026-01-10", "a", "a", false, "")
		if got, _ := db.CaseScores(ctx, cw, caseID); len(got) != 1 || got[0].FormID != "rss_test" {
			t.Errorf("a form without scoring got scores: %+v", got)
		}
		pending, _, _, err := db.ScoresPending(ctx, pm, plain.FormPK)
		if err != nil || pending != 0 {
			t.Errorf("pending of a form without scoring: %d %v", pending, err)
		}
	})
}

func TestScoringUploadNeedsAFormManager(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm := f.pm.Actor()
		v := scoredForm(t, db, pm, "rss_test", "1", testScoring("v1"))
		if _, _, err := db.AddScoringVersion(ctx, f.bnskMgr.Actor(), v.FormPK, "w.xlsx", testScoring("v2")); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("org manager changing a programme form's scoring: %v", err)
		}
		if _, _, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", nil); app.ErrorFields(err)["file"] == "" {
			t.Errorf("no definition: %v", err)
		}
		sv, created, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", testScoring("v2"))
		if err != nil || !created || sv.Number != 2 || sv.Source != store.ScoringSourceUpload {
			t.Fatalf("upload: %+v %v %v", sv, created, err)
		}
		if _, created, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", testScoring("v2")); err != nil || created {
			t.Errorf("the same again: %v %v", created, err)
		}
		got, err := db.ScoringVersionByID(ctx, f.viewer.Actor(), sv.ID)
		if err != nil || got.Definition == nil || got.Definition.Label != "v2" || !got.Current {
			t.Errorf("by ID: %+v %v", got, err)
		}
	})
}

func TestRescoreIsIdempotentAndResumable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw := f.pm.Actor(), f.bnskCW.Actor()
		pr, _ := caseFixture(t, db, f)
		caseID := scoreCase(t, db, cw, pr, "male", "BD2051")
		v := scoredForm(t, db, pm, "rss_test", "1", testScoring("v1"))
		for i := 0; i < 5; i++ {
			submitScored(t, db, cw, v, caseID, "follow_up", fmt.Sprintf("2026-0%d-01", i+1), "a", "c", false, "")
		}
		if p, err := db.Rescore(ctx, cw, v.FormPK, 2, nil); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker recomputing: %+v %v", p, err)
		}
		// Nothing to do while every score is from the current version.
		if p, err := db.Rescore(ctx, pm, v.FormPK, 2, nil); err != nil || p.Done != 0 || p.Total != 0 {
			t.Errorf("up to date: %+v %v", p, err)
		}
		// A new scoring version: reversing q1 turns econ from 1 into 0.
		def := testScoring("v2")
		def.Items[0].Reverse = true
		if _, _, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", def); err != nil {
			t.Fatal(err)
		}
		// Interrupted after the first batch of two.
		cctx, cancel := context.WithCancel(ctx)
		p, err := db.Rescore(cctx, pm, v.FormPK, 2, func(p store.RescoreProgress) { cancel() })
		if err == nil || p.Done != 2 || p.Total != 5 || p.Version != 2 {
			t.Fatalf("interrupted: %+v %v", p, err)
		}
		if n, _, _, _ := db.ScoresPending(ctx, pm, v.FormPK); n != 3 {
			t.Errorf("pending after one batch: %d, want 3", n)
		}
		got, _ := db.CaseScores(ctx, cw, caseID)
		if got[0].Stale != 3 {
			t.Errorf("stale after one batch: %d", got[0].Stale)
		}
		// Resumed: the three left, in two batches.
		var calls []int
		p, err = db.Rescore(ctx, pm, v.FormPK, 2, func(p store.RescoreProgress) { calls = append(calls, p.Done) })
		if err != nil || p.Done != 3 || p.Total != 3 || fmt.Sprint(calls) != "[2 3]" {
			t.Errorf("resumed: %+v %v %v", p, calls, err)
		}
		// Idempotent: again, nothing.
		if p, err := db.Rescore(ctx, pm, v.FormPK, 2, nil); err != nil || p.Done != 0 {
			t.Errorf("again: %+v %v", p, err)
		}
		got, _ = db.CaseScores(ctx, cw, caseID)
		for _, s := range got[0].Scores {
			if s.ScoringNumber != 2 || ptr(s.Result.Composite) != "0.0000" {
				t.Errorf("rescored %s: version %d composite %s", s.SubmissionID, s.ScoringNumber, ptr(s.Result.Composite))
			}
		}
		// In the background, through StartRescore, to the same end.
		if _, _, err := db.AddScoringVersion(ctx, pm, v.FormPK, "w.xlsx", testScoring("v3")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.StartRescore(ctx, cw, v.FormPK); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker starting: %v", err)
		}
		if _, err := db.StartRescore(ctx, f.bnskMgr.Actor(), v.FormPK); err != nil {
			t.Fatal(err)
		}
		waitRescore(t, db, pm, v.FormPK)
		if n, _, _, _ := db.ScoresPending(ctx, pm, v.FormPK); n != 0 {
			t.Errorf("pending after the background run: %d", n)
		}
	})
}

// waitRescore waits until the form's background run has finished.
func waitRescore(t *testing.T, db *store.DB, a app.Actor, formPK string) {
	t.Helper()
	for range 2000 {
		p, err := db.RescoreStatus(ctx, a, formPK)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Running {
			if p.Error != "" {
				t.Fatal(p.Error)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the background run did not finish")
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

// TestScoreFiguresAgainstHandComputedTables checks the programme figures
// on seven people whose scores are worked out by hand (econ = q1, soc =
// q2, composite = their mean; a = 1, b = 0.5, c = 0):
//
//	case  org    sex     baseline (econ soc comp)   latest follow-up
//	c1    BNSK   female  c c  0   0   0              a b  1   .5  .75
//	c2    BNSK   female  b c  .5  0   .25            b b  .5  .5  .5
//	c3    BNSK   female  a c  1   0   .5             -
//	c4    BNSK   male    c b  0   .5  .25            a a  1   1   1
//	c5    BNSK   male    b b  .5  .5  .5             c dk 0   -   -
//	c6    BNSK   male    c c  0   0   0              b c  .5  0   .25
//	w1    WARBE  female  a a  1   1   1              -
func TestScoreFiguresAgainstHandComputedTables(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw, wcw := f.pm.Actor(), f.bnskCW.Actor(), f.warbeCW.Actor()
		pr, _ := caseFixture(t, db, f)
		v := scoredForm(t, db, pm, "rss_test", "1", testScoring("v1"))
		people := []struct {
			a        app.Actor
			sex      string
			base, fu [2]string
		}{
			{cw, "female", [2]string{"c", "c"}, [2]string{"a", "b"}},
			{cw, "female", [2]string{"b", "c"}, [2]string{"b", "b"}},
			{cw, "female", [2]string{"a", "c"}, [2]string{}},
			{cw, "male", [2]string{"c", "b"}, [2]string{"a", "a"}},
			{cw, "male", [2]string{"b", "b"}, [2]string{"c", "dk"}},
			{cw, "male", [2]string{"c", "c"}, [2]string{"b", "c"}},
			{wcw, "female", [2]string{"a", "a"}, [2]string{}},
		}
		for _, p := range people {
			id := scoreCase(t, db, p.a, pr, p.sex, "BD2051")
			// The follow-up is sent first: rounds, not arrival, decide.
			if p.fu[0] != "" {
				submitScored(t, db, p.a, v, id, "follow_up", "2026-05-01", p.fu[0], p.fu[1], true, "")
			}
			submitScored(t, db, p.a, v, id, "baseline", "2026-01-01", p.base[0], p.base[1], false, "")
		}

		fig, err := db.ScoreFigures(ctx, pm, v.FormPK, store.FigureBaseline, "")
		if err != nil {
			t.Fatal(err)
		}
		if fig.Total.N != 7 || fig.Suppressed || fmt.Sprint(fig.Scores) != "[econ soc composite]" {
			t.Fatalf("total: %+v", fig.Total)
		}
		for i, want := range []float64{3.0 / 7, 2.0 / 7, 2.5 / 7} {
			if c := fig.Total.Cells[i]; c.N != 7 || !near(c.Mean, want) {
				t.Errorf("baseline %s: n %d mean %s, want 7 %.4f", fig.Scores[i], c.N, ptr(c.Mean), want)
			}
		}
		// Composite histogram: 0, 0, .25, .25, .5, .5, 1.
		if h := fig.Total.Cells[2].Histogram; fmt.Sprint(h) != "[2 0 2 0 0 2 0 0 0 1]" {
			t.Errorf("histogram %v", h)
		}
		sex := breakdown(t, fig, "sex")
		if len(sex.Groups) != 2 || sex.Groups[0].Key != "female" || sex.Groups[0].N != 4 || !near(sex.Groups[0].Cells[0].Mean, 2.5/4) ||
			sex.Groups[1].N != 3 || !near(sex.Groups[1].Cells[0].Mean, 0.5/3) {
			t.Errorf("by sex: %+v", sex.Groups)
		}
		if org := breakdown(t, fig, "organisation"); len(org.Groups) != 2 || org.Groups[0].Key != "BNSK" || org.Groups[0].N != 6 {
			t.Errorf("by organisation: %+v", org.Groups)
		}
		if d := breakdown(t, fig, "destination"); len(d.Groups) != 1 || d.Groups[0].Key != "SA" {
			t.Errorf("by destination: %+v", d.Groups)
		}
		// Sustainable (composite >= .5): baseline c3, c5, w1 of 7; follow-up c1, c2, c4 of 4 (c5 has no composite).
		if s := fig.Sustainable[0]; s.N != 7 || s.Above == nil || *s.Above != 3 {
			t.Errorf("sustainable at baseline: %+v", s)
		}
		if s := fig.Sustainable[1]; s.N != 4 || s.Above == nil || *s.Above != 3 || !near(s.Share, 0.75) {
			t.Errorf("sustainable at follow-up: %+v", s)
		}
		// Paired change, over the people with both scores.
		want := []struct {
			n           int
			base, fu, d float64
		}{{5, 0.2, 0.6, 0.4}, {4, 0.125, 0.5, 0.375}, {4, 0.125, 0.625, 0.5}}
		for i, w := range want {
			c := fig.Change[i]
			if c.N != w.n || !near(c.Baseline, w.base) || !near(c.FollowUp, w.fu) || !near(c.Change, w.d) {
				t.Errorf("change %s: %+v %s %s %s, want %+v", c.Score, c.N, ptr(c.Baseline), ptr(c.FollowUp), ptr(c.Change), w)
			}
		}

		// The latest score: follow-ups where there are, else baselines.
		fig, err = db.ScoreFigures(ctx, pm, v.FormPK, "", "")
		if err != nil || fig.Round != store.FigureLatest || fig.Total.N != 7 || !near(fig.Total.Cells[0].Mean, (1+0.5+1+1+0+0.5+1)/7.0) {
			t.Errorf("latest: %+v %v", fig.Total, err)
		}

		// Organisation roles see their organisation.
		fig, err = db.ScoreFigures(ctx, wcw, v.FormPK, store.FigureBaseline, "")
		if err != nil || fig.Total.N != 1 || fig.Suppressed {
			t.Errorf("WARBE: %+v %v", fig.Total, err)
		}
		// Viewers see everyone, with cells under five suppressed.
		fig, err = db.ScoreFigures(ctx, f.viewer.Actor(), v.FormPK, store.FigureBaseline, "")
		if err != nil || !fig.Suppressed || fig.Total.N != 7 || fig.Total.Cells[0].Suppressed || !near(fig.Total.Cells[0].Mean, 3.0/7) {
			t.Fatalf("viewer total: %+v %v", fig.Total, err)
		}
		sex = breakdown(t, fig, "sex")
		if c := sex.Groups[0].Cells[0]; !c.Suppressed || c.Mean != nil || c.Histogram != nil || c.N != 4 {
			t.Errorf("viewer, 4 women: %+v", c)
		}
		if s := fig.Sustainable[1]; !s.Suppressed || s.Share != nil {
			t.Errorf("viewer, 4 follow-ups: %+v", s)
		}
		if c := fig.Change[0]; c.Suppressed || c.N != 5 {
			t.Errorf("viewer, change over 5: %+v", c)
		}
		if c := fig.Change[1]; !c.Suppressed || c.Change != nil {
			t.Errorf("viewer, change over 4: %+v", c)
		}
		// One organisation's figures, and refusals.
		if fig, err := db.ScoreFigures(ctx, pm, v.FormPK, store.FigureBaseline, f.warbe.ID); err != nil || fig.Total.N != 1 {
			t.Errorf("WARBE only: %+v %v", fig.Total, err)
		}
		if _, err := db.ScoreFigures(ctx, f.enumerator.Actor(), v.FormPK, "", ""); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("enumerator: %v", err)
		}
		if _, err := db.ScoreFigures(ctx, pm, v.FormPK, "someday", ""); app.ErrorFields(err)["round"] == "" {
			t.Errorf("bad round: %v", err)
		}
	})
}

func breakdown(t *testing.T, fig store.ScoreFigures, by string) store.ScoreBreakdown {
	t.Helper()
	for _, b := range fig.Breakdowns {
		if b.By == by {
			return b
		}
	}
	t.Fatalf("no breakdown by %s", by)
	return store.ScoreBreakdown{}
}
