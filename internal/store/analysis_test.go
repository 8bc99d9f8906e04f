package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/analysis/analysistest"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestStudyAnalysis: the study analyses the built-in scoping form by
// default; figures count current, not rejected submissions of every
// organisation, for every role that reads the study; demand figures are
// seeded once and edited by the team.
func TestStudyAnalysis(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := studyFixture(t, db)
		// Before the built-in forms are loaded there is nothing to analyse.
		if tb, err := db.StudyAnalysis(ctx, f.viewer.Actor(), f.s.ID, analysis.Spec{Question: "sex"}, "bn"); app.ErrorCode(err) != app.EINVALID ||
			tb.Problem == "" {
			t.Errorf("no form: %v %+v", err, tb)
		}
		if _, err := collect.NewLibrary(db).LoadBuiltins(ctx); err != nil {
			t.Fatal(err)
		}
		v := analysistest.ScopingVersion(t, db)
		analysistest.Submit(t, db, f.bnskCW.Actor(), v, analysistest.Join(
			analysistest.Many(6, analysistest.Respondent{Name: "Secret Name", Sex: "female", Group: "chakma", District: "BD2084", Willing: "yes",
				Skills: []analysistest.Skill{{Group: "7", Certificate: true}}, Barriers: []string{"cost"}}),
			analysistest.Many(5, analysistest.Respondent{Sex: "male", Group: "chakma", District: "BD2084", Willing: "no", Barriers: []string{"cost"}}),
		))
		analysistest.Submit(t, db, f.warbeCW.Actor(), v, analysistest.Many(5, analysistest.Respondent{Sex: "male", Group: "marma",
			District: "BD2003", Willing: "maybe", Barriers: []string{"information"}}))

		form, err := db.StudyAnalysisForm(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || !form.Default || form.FormID != "remaker_scoping" || form.VersionID != v {
			t.Fatalf("form: %+v %v", form, err)
		}
		spec := analysis.Spec{Question: "willing_abroad", By: "ethnic_group"}
		for _, a := range []app.Actor{f.viewer.Actor(), f.enumerator.Actor(), f.warbeCW.Actor(), f.pm.Actor()} {
			tb, err := db.StudyAnalysis(ctx, a, f.s.ID, spec, "en")
			if err != nil {
				t.Fatalf("%s: %v", a.Username, err)
			}
			if tb.N != 16 {
				t.Errorf("%s: N = %d, want 16 (both organisations)", a.Username, tb.N)
			}
		}
		tb, _ := db.StudyAnalysis(ctx, f.viewer.Actor(), f.s.ID, spec, "en")
		want := map[string]int{"yes/chakma": 6, "no/chakma": 5, "maybe/marma": 5, "yes/total": 6, "maybe/total": 5}
		for _, r := range tb.Rows {
			for j, c := range r.Cells {
				key := r.Code + "/" + tb.Columns[j].Code
				if n, ok := want[key]; ok && (c.Count != n || c.Suppressed) {
					t.Errorf("%s: %+v, want %d", key, c, n)
				}
			}
		}
		if _, err := db.StudyAnalysis(ctx, app.Actor{}, f.s.ID, spec, "en"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("signed out: %v", err)
		}
		if _, err := db.StudyAnalysis(ctx, f.viewer.Actor(), "no-such-study", spec, "en"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("unknown study: %v", err)
		}
		tb, err = db.StudyAnalysis(ctx, f.viewer.Actor(), f.s.ID, analysis.Spec{Question: "passport"}, "bn")
		if app.ErrorCode(err) != app.EINVALID || tb.Problem == "" {
			t.Errorf("removed question: %v %+v", err, tb)
		}

		// Demand: seeded on first use, once.
		ds, err := db.StudyDemand(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || len(ds) != len(analysis.SeedDemand()) || len(ds) == 0 {
			t.Fatalf("seeded demand: %d %v", len(ds), err)
		}
		if _, err := db.SetStudyDemand(ctx, f.viewer.Actor(), f.s.ID, ds); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("viewer edits demand: %v", err)
		}
		ds[0].Workers = 1234
		edited, err := db.SetStudyDemand(ctx, f.bnskCW.Actor(), f.s.ID, ds[:len(ds)-1])
		if err != nil {
			t.Fatal(err)
		}
		if len(edited) != len(ds)-1 || edited[0].Workers != 1234 || edited[0].EditedByName != "bnsk.worker" || edited[0].EditedAt == nil ||
			edited[1].EditedByName != "" {
			t.Errorf("edited: %+v", edited[:2])
		}
		_, err = db.SetStudyDemand(ctx, f.pm.Actor(), f.s.ID, []analysis.Demand{{Country: "ZZ", Category: "skilled"}})
		if app.FieldsIn("en", err)["figures[0].country"] == "" {
			t.Errorf("bad country: %v", err)
		}
		// Removing every figure does not bring the seed back.
		if got, err := db.SetStudyDemand(ctx, f.pm.Actor(), f.s.ID, nil); err != nil || len(got) != 0 {
			t.Errorf("emptied: %d %v", len(got), err)
		}
		tb, err = db.StudyAnalysis(ctx, f.viewer.Actor(), f.s.ID, analysis.Spec{Kind: analysis.KindSupply}, "en")
		if err != nil || len(tb.Warnings) == 0 {
			t.Errorf("supply without demand: %v %+v", err, tb.Warnings)
		}

		// Linking another form: only the lead or programme managers, only
		// questionnaires.
		choices, err := db.AnalysisFormChoices(ctx, f.viewer.Actor())
		if err != nil || len(choices) == 0 {
			t.Fatalf("choices: %v", err)
		}
		if _, err := db.SetStudyAnalysisForm(ctx, f.bnskCW.Actor(), f.s.ID, choices[0].FormPK); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("researcher links a form: %v", err)
		}
		got, err := db.SetStudyAnalysisForm(ctx, f.bnskMgr.Actor(), f.s.ID, form.FormPK)
		if err != nil || got.Default || got.FormPK != form.FormPK {
			t.Errorf("linked: %+v %v", got, err)
		}
		if _, err := db.SetStudyAnalysisForm(ctx, f.pm.Actor(), f.s.ID, "nope"); app.FieldsIn("en", err)["form_pk"] == "" {
			t.Errorf("unknown form: %v", err)
		}
	})
}

// Readers arriving together seed the demand figures once.
func TestStudyDemandSeedsOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := studyFixture(t, db)
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				_, err := db.StudyDemand(ctx, f.viewer.Actor(), f.s.ID)
				errs <- err
			}()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
		ds, err := db.StudyDemand(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || len(ds) != len(analysis.SeedDemand()) {
			t.Errorf("seeded %d figures, want %d: %v", len(ds), len(analysis.SeedDemand()), err)
		}
	})
}
