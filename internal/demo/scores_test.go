package demo

import (
	"context"
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
)

// TestScoresCalibration checks the demo's surveys: most open cases have a
// baseline scored on arrival, many a follow-up; baselines are mostly low
// to middle and follow-ups better on average for the same people.
func TestScoresCalibration(t *testing.T) {
	ctx := context.Background()
	s := seedDB(t, store.SQLite, today())
	scored, err := s.db.ScoredForms(ctx, s.pm)
	if err != nil || len(scored) == 0 {
		t.Fatalf("scored forms: %v %v", scored, err)
	}
	var rss *store.ScoringVersion
	for i := range scored {
		if scored[i].FormID == scoresRSSFormID {
			rss = &scored[i]
		}
	}
	if rss == nil {
		t.Fatal("the survey has no scoring")
	}
	base, err := s.db.ScoreFigures(ctx, s.pm, rss.FormPK, store.FigureBaseline, "")
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, c := range s.cases {
		if c.Status != "closed" {
			open++
		}
	}
	t.Logf("open cases %d, baselines %d, follow-ups %d, pending %d", open, base.Total.N, base.Sustainable[1].N, base.Pending)
	within(t, "share of open cases with a baseline", float64(base.Total.N)/float64(open), 0.6, 0.95)
	if base.Pending != 0 {
		t.Errorf("%d surveys without a current score", base.Pending)
	}
	comp := base.Total.Cells[len(base.Total.Cells)-1]
	within(t, "mean baseline composite", *comp.Mean, 0.25, 0.55)
	change := base.Change[len(base.Change)-1]
	t.Logf("paired composite: n %d, %.3f -> %.3f", change.N, *change.Baseline, *change.FollowUp)
	within(t, "people with a follow-up, of those with a baseline", float64(change.N)/float64(base.Total.N), 0.3, 0.9)
	within(t, "mean change of the composite", *change.Change, 0.03, 0.3)
	within(t, "share sustainable at baseline", *base.Sustainable[0].Share, 0, 0.3)
}
