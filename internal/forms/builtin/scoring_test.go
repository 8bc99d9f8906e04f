package builtin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/scoring"
)

// TestRSSScoring: the sustainability survey carries a valid scoring
// definition with the three dimensions and their indicators, equal weights
// and the placeholder mark, in English and Bangla.
func TestRSSScoring(t *testing.T) {
	f, form := byName(t, "rss")
	d, err := scoring.Read(form, f.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	if d == nil {
		t.Fatal("the rss has no scoring definition")
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if !d.Placeholder || !strings.Contains(d.Label, "Placeholder") || !strings.Contains(d.Label, "not IOM") {
		t.Errorf("placeholder %v, label %q: the shipped weights must say they are placeholders, not IOM's", d.Placeholder, d.Label)
	}
	if en := d.Note["en"]; !strings.Contains(en, "not IOM's") || !strings.Contains(en, "Annex 4") || !hasBengali(d.Note["bn"]) {
		t.Errorf("note %q must say in English and Bangla that the weights are placeholders for Annex 4's", d.Note)
	}
	if d.FormID != "remaker_rss" || d.MinAnsweredShare != 0.6 || d.SustainableFrom != 0.66 || len(d.Thresholds) != 3 {
		t.Errorf("form %q, min share %v, sustainable from %v, %d thresholds", d.FormID, d.MinAnsweredShare, d.SustainableFrom, len(d.Thresholds))
	}
	var dims []string
	for _, dim := range d.Dimensions {
		dims = append(dims, dim.Name)
		if dim.Weight != 1 || dim.Label["en"] == "" || !hasBengali(dim.Label["bn"]) {
			t.Errorf("dimension %+v: want weight 1 and labels in both languages", dim)
		}
	}
	if want := []string{"economic", "social", "psychosocial"}; !slices.Equal(dims, want) {
		t.Errorf("dimensions %q, want %q", dims, want)
	}
	for _, th := range d.Thresholds {
		if th.Label["en"] == "" || !hasBengali(th.Label["bn"]) {
			t.Errorf("threshold %s: labels %q", th.Name, th.Label)
		}
	}
	want := 0
	for _, items := range rssItems {
		want += len(items)
	}
	if len(d.Items) != want {
		t.Errorf("%d scored items, want %d", len(d.Items), want)
	}
	for _, it := range d.Items {
		if !slices.Contains(rssItems[it.Dimension], it.Question) {
			t.Errorf("%s is scored in %q", it.Question, it.Dimension)
		}
		if it.Weight != 1 || it.Label["en"] == "" || !hasBengali(it.Label["bn"]) || len(it.Assistance) == 0 {
			t.Errorf("%s: weight %v, labels %q, assistance %q: want weight 1, both labels and suggested assistance", it.Question, it.Weight, it.Label, it.Assistance)
		}
		if len(it.Options) > 0 && !slices.Contains(it.Missing, "refused") {
			t.Errorf("%s: refused must count as missing", it.Question)
		}
	}

	// The best answers score 1, the worst 0; negatively worded items are
	// reversed, so "never" is best for food insecurity and worst for
	// social activities.
	best, worst := map[string]string{}, map[string]string{}
	for _, it := range d.Items {
		lo, hi := "", ""
		for name := range it.Options {
			s, _ := it.Score(name)
			if hi == "" || s > must(it.Score(hi)) {
				hi = name
			}
			if lo == "" || s < must(it.Score(lo)) {
				lo = name
			}
		}
		if len(it.Bands) > 0 {
			lo, hi = "7.5", "0"
		}
		best[it.Key], worst[it.Key] = hi, lo
	}
	if best["economic/food_insecurity"] != "never" || best["psychosocial/social_activities"] != "very_often" ||
		best["economic/job_searching"] != "no" || best["psychosocial/wants_psychological_support"] != "no" {
		t.Errorf("best answers %v", best)
	}
	for values, want := range map[*map[string]string]struct {
		score     float64
		threshold string
	}{&best: {1, "sustainable"}, &worst: {0, "priority"}} {
		r := d.Compute(*values)
		if r.Composite == nil || *r.Composite != want.score || r.Threshold != want.threshold {
			t.Errorf("composite %v (%s), want %v (%s)", r.Composite, r.Threshold, want.score, want.threshold)
		}
	}
}

func must(s float64, ok bool) float64 {
	if !ok {
		panic("no score")
	}
	return s
}
