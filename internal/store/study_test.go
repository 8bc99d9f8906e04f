package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// studyFix is a CHT study created by the programme manager, with BNSK's
// manager as lead, a BNSK case worker as researcher and the enumerator on
// the team; WARBE's case worker is not on it.
type studyFix struct {
	fixture
	s study.Study
}

func studyFixture(t *testing.T, db *store.DB) studyFix {
	t.Helper()
	f := studyFix{fixture: seed(t, db)}
	s, err := db.CreateStudy(ctx, f.pm.Actor(), study.Study{TitleEN: "CHT scoping study", TitleBN: "পার্বত্য চট্টগ্রাম স্কোপিং সমীক্ষা",
		Area: []string{"bd2084", "BD2046", "BD2003", "BD2084"}, TargetGroups: []string{"chakma", "Marma", "rel_hindu"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []study.Member{{UserID: f.bnskMgr.ID, Role: study.RoleLead}, {UserID: f.bnskCW.ID, Role: study.RoleResearcher},
		{UserID: f.enumerator.ID, Role: study.RoleEnumerator}} {
		if s, err = db.AddStudyMember(ctx, f.pm.Actor(), s.ID, s.Version, m); err != nil {
			t.Fatal(err)
		}
	}
	f.s = s
	return f
}

// TestStudyLifecycle: who creates and edits a study, validation naming
// fields, stages with dates, the team, versions and the audit trail.
func TestStudyLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := studyFixture(t, db)
		s := f.s
		if len(s.Area) != 3 || s.Area[0] != "BD2084" || s.TargetGroups[1] != "marma" || s.CurrentStage != study.StageDesign ||
			len(s.Stages) != 5 || len(s.Team) != 3 || s.Team[0].Username != "bnsk.manager" || s.Version != 4 {
			t.Fatalf("created: %+v", s)
		}
		for _, a := range []app.Actor{f.bnskMgr.Actor(), f.viewer.Actor(), f.bnskCW.Actor()} {
			if _, err := db.CreateStudy(ctx, a, s); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s creating a study: %v", a.Username, err)
			}
		}
		bad := study.Study{Area: []string{"BD99"}, TargetGroups: []string{"martians"}, CurrentStage: "done"}
		fields := app.ErrorFields(func() error { _, err := db.CreateStudy(ctx, f.admin.Actor(), bad); return err }())
		for _, name := range []string{"title_en", "area", "target_groups", "current_stage"} {
			if fields[name] == "" {
				t.Errorf("no message for %s: %v", name, fields)
			}
		}

		// The lead edits; a researcher, an outsider and a viewer may not.
		s.CurrentStage, s.Objectives = study.StageCollection, "Assess skills and willingness"
		for _, a := range []app.Actor{f.bnskCW.Actor(), f.warbeCW.Actor(), f.viewer.Actor(), f.enumerator.Actor()} {
			if _, err := db.UpdateStudy(ctx, a, s); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s editing: %v", a.Username, err)
			}
		}
		s2, err := db.UpdateStudy(ctx, f.bnskMgr.Actor(), s)
		if err != nil || s2.CurrentStage != study.StageCollection || s2.Version != s.Version+1 {
			t.Fatalf("lead edit: %+v %v", s2, err)
		}
		if _, err := db.UpdateStudy(ctx, f.pm.Actor(), s); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
		if _, err := db.UpdateStudy(ctx, f.pm.Actor(), study.Study{ID: "nope", TitleEN: "x"}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("missing study: %v", err)
		}

		// Stages.
		st := []study.Stage{{Stage: study.StageDesign, PlannedStart: date("2025-01-01"), PlannedEnd: date("2025-02-28"),
			ActualStart: date("2025-01-05"), ActualEnd: date("2025-03-10")}, {Stage: study.StageCollection, PlannedStart: date("2025-03-01")}}
		if _, err := db.SetStudyStages(ctx, f.bnskMgr.Actor(), s2.ID, s2.Version, "",
			[]study.Stage{{Stage: study.StageAnalysis, PlannedStart: date("2025-05-01"), PlannedEnd: date("2025-04-01")}, {Stage: "party"}}); app.ErrorFields(err)["stages.analysis.planned_end"] == "" ||
			app.ErrorFields(err)["stages.1.stage"] == "" {
			t.Errorf("bad stages: %v", app.ErrorFields(err))
		}
		s3, err := db.SetStudyStages(ctx, f.bnskMgr.Actor(), s2.ID, s2.Version, study.StageAnalysis, st)
		if err != nil || s3.Stages[0].ActualEnd == nil || s3.Stages[0].ActualEnd.Format("2006-01-02") != "2025-03-10" ||
			s3.Stages[1].PlannedStart == nil || s3.Stages[4].Stage != study.StagePublished || s3.Stages[4].PlannedStart != nil || s3.CurrentStage != study.StageAnalysis {
			t.Fatalf("stages: %+v %v", s3.Stages, err)
		}
		if _, err := db.SetStudyStages(ctx, f.bnskMgr.Actor(), s2.ID, s2.Version, study.StageAnalysis, st); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale stages: %v", err)
		}

		// Team: an outside member needs a name and organisation; a user once.
		if _, err := db.AddStudyMember(ctx, f.bnskMgr.Actor(), s3.ID, s3.Version, study.Member{Role: "boss"}); app.ErrorFields(err)["name"] == "" ||
			app.ErrorFields(err)["role"] == "" || app.ErrorFields(err)["organisation"] == "" {
			t.Errorf("bad member: %v", err)
		}
		if _, err := db.AddStudyMember(ctx, f.bnskMgr.Actor(), s3.ID, s3.Version, study.Member{UserID: f.bnskCW.ID, Role: study.RoleLead}); app.ErrorFields(err)["user_id"] == "" {
			t.Errorf("member twice: %v", err)
		}
		s4, err := db.AddStudyMember(ctx, f.bnskMgr.Actor(), s3.ID, s3.Version, study.Member{Name: "Dr  Ushatan Talukder", Organisation: "CHT Regional Council", Role: study.RoleResearcher})
		if err != nil || len(s4.Team) != 4 || s4.Team[3].Display() != "Dr Ushatan Talukder" {
			t.Fatalf("outside member: %+v %v", s4.Team, err)
		}
		s5, err := db.RemoveStudyMember(ctx, f.bnskMgr.Actor(), s4.ID, s4.Version, s4.Team[3].ID)
		if err != nil || len(s5.Team) != 3 {
			t.Fatalf("remove: %+v %v", s5.Team, err)
		}
		if _, err := db.RemoveStudyMember(ctx, f.bnskMgr.Actor(), s5.ID, s5.Version, "nobody"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("remove nobody: %v", err)
		}

		// Everyone signed in reads; the rights say who writes.
		list, err := db.ListStudies(ctx, f.viewer.Actor())
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %v", list, err)
		}
		for _, tc := range []struct {
			a    app.Actor
			want store.StudyRights
		}{
			{f.pm.Actor(), store.StudyRights{Edit: true, Work: true, AddSession: true}},
			{f.bnskMgr.Actor(), store.StudyRights{Edit: true, Work: true, AddSession: true}},
			{f.bnskCW.Actor(), store.StudyRights{Work: true, AddSession: true}},
			{f.enumerator.Actor(), store.StudyRights{AddSession: true}},
			{f.warbeCW.Actor(), store.StudyRights{}},
		} {
			if r, err := db.StudyRightsOf(ctx, tc.a, s.ID); err != nil || r != tc.want {
				t.Errorf("%s rights %+v %v", tc.a.Username, r, err)
			}
		}
		if _, err := db.StudyByID(ctx, app.Actor{}, s.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("anonymous read: %v", err)
		}
		audit, err := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{ObjectID: s.ID})
		if err != nil || len(audit) != 3 { // created, edited, stages dated
			t.Errorf("audit of the study: %d %v", len(audit), err)
		}
	})
}
