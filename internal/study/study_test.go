package study

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestStudyValidateNormalises(t *testing.T) {
	s := Study{TitleEN: " CHT ", Area: []string{"bd2084", "BD2084", "BD208447"}, TargetGroups: []string{"Chakma", "rel_hindu"}}
	if err := s.Validate(); err != nil || len(s.Area) != 2 || s.TargetGroups[0] != "chakma" || s.CurrentStage != StageDesign || s.TitleEN != "CHT" {
		t.Fatalf("%+v %v", s, err)
	}
	bad := Study{TitleEN: "x", Area: []string{"BD20"}, TargetGroups: []string{"chakma"}}
	if app.ErrorFields(bad.Validate())["area"] == "" {
		t.Error("a division is not a district or upazila")
	}
}

func TestStudyCheckStagesFillsEveryStage(t *testing.T) {
	d := func(s string) *time.Time { x, _ := time.Parse(time.DateOnly, s); return &x }
	out, err := CheckStages([]Stage{{Stage: StageAnalysis, PlannedStart: d("2025-05-01")}})
	if err != nil || len(out) != 5 || out[2].PlannedStart == nil || out[0].Stage != StageDesign {
		t.Fatalf("%+v %v", out, err)
	}
	if _, err := CheckStages([]Stage{{Stage: StageDesign, ActualEnd: d("2025-01-01")}}); app.ErrorFields(err)["stages.design.actual_start"] == "" {
		t.Errorf("an end without a start: %v", err)
	}
}

func TestQualPassageResolve(t *testing.T) {
	tr := "আমরা জানি না। The dalal asks too much."
	p := Passage{Excerpt: "The dalal", CodeIDs: []string{"c"}}
	if err := p.Resolve(tr); err != nil || p.Start == nil || *p.Start != 14 || *p.End != 23 {
		t.Fatalf("pasted excerpt in a Bangla transcript: %+v %v", p, err)
	}
	start, end := 0, 4
	q := Passage{Start: &start, End: &end, CodeIDs: []string{"c"}}
	if err := q.Resolve(tr); err != nil || q.Excerpt != "আমরা" {
		t.Fatalf("offsets count characters, not bytes: %+v %v", q, err)
	}
}

// Two sessions, one code in both: counted once per session, by kind and by
// every group among a session's participants.
func TestQualCountThemes(t *testing.T) {
	codes := []Code{{ID: "a", Code: "cost"}, {ID: "b", Code: "land_ties"}}
	sessions := []Session{
		{Kind: KindFGD, Participants: []Count{{Category: "chakma", Sex: "female", People: 3}, {Category: "marma", Sex: "male", People: 2}},
			Passages: []Passage{{CodeIDs: []string{"a"}}, {CodeIDs: []string{"a", "b"}}}},
		{Kind: KindKII, Participants: []Count{{Category: "marma", Sex: "male", People: 1}}, Passages: []Passage{{CodeIDs: []string{"a"}}}},
	}
	tab := CountThemes(codes, sessions)
	if len(tab.Groups) != 2 || tab.Groups[0] != "chakma" || tab.TotalSessions != 2 {
		t.Fatalf("%+v", tab)
	}
	a, b := tab.Rows[0], tab.Rows[1]
	if a.Sessions != 2 || a.Passages != 3 || a.SessionsByKind[KindKII] != 1 || a.SessionsByGroup["marma"] != 2 || a.PassagesByGroup["chakma"] != 2 {
		t.Errorf("cost: %+v", a)
	}
	if b.Sessions != 1 || b.Passages != 1 || b.SessionsByGroup["marma"] != 1 || b.SessionsByKind[KindKII] != 0 {
		t.Errorf("land ties: %+v", b)
	}
}

func TestConsultActionOverdue(t *testing.T) {
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	if !(Action{Status: ActionOpen, DueOn: day.AddDate(0, 0, -1)}).IsOverdue(day) || (Action{Status: ActionDone, DueOn: day.AddDate(0, 0, -1)}).IsOverdue(day) ||
		(Action{Status: ActionInProgress, DueOn: day}).IsOverdue(day) {
		t.Error("overdue: not done and due before today")
	}
}
