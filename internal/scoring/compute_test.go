package scoring_test

import (
	"math"
	"slices"
	"testing"

	"github.com/remaker-bd/remaker/internal/scoring"
)

const eps = 1e-12

func near(got *float64, want float64) bool { return got != nil && math.Abs(*got-want) < eps }

func fmtScore(s *float64) any {
	if s == nil {
		return "nil"
	}
	return *s
}

// expect is a hand-computed result: nil scores are written as -1.
type expect struct {
	a, b, composite float64
	shareA, shareB  float64
	threshold       string
	items           map[string]float64 // question -> score (-1: no score)
}

func check(t *testing.T, name string, r scoring.Result, want expect) {
	t.Helper()
	is := func(what string, got *float64, w float64) {
		t.Helper()
		if w < 0 {
			if got != nil {
				t.Errorf("%s: %s = %v, want no score", name, what, *got)
			}
			return
		}
		if !near(got, w) {
			t.Errorf("%s: %s = %v, want %v", name, what, fmtScore(got), w)
		}
	}
	is("dimension a", r.Dimensions[0].Score, want.a)
	is("dimension b", r.Dimensions[1].Score, want.b)
	is("composite", r.Composite, want.composite)
	if math.Abs(r.Dimensions[0].AnsweredShare-want.shareA) > eps || math.Abs(r.Dimensions[1].AnsweredShare-want.shareB) > eps {
		t.Errorf("%s: answered shares %v, %v, want %v, %v", name, r.Dimensions[0].AnsweredShare, r.Dimensions[1].AnsweredShare, want.shareA, want.shareB)
	}
	if r.Threshold != want.threshold {
		t.Errorf("%s: threshold %q, want %q", name, r.Threshold, want.threshold)
	}
	for _, it := range r.Items {
		if w, ok := want.items[it.Question]; ok {
			is("item "+it.Question, it.Score, w)
		}
	}
}

// TestComputeByHand checks Compute against results worked out by hand on
// the small form (see helpers_test.go): dimension a (weight 2) holds q1
// (weight 1) and the negatively worded q2 (weight 3); dimension b (weight
// 1) holds the number n1 (bands ..0=1; 0..10=0.5; 10..=0) and q3, asked
// only when q1 is good. Options: good 1, fair 0.4, bad 0, dont_know
// missing. Minimum answered share 0.5; thresholds low [0, 0.5), high
// [0.5, 1].
func TestComputeByHand(t *testing.T) {
	d, err := small.read(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		values map[string]string
		want   expect
	}{{
		// a = (1*1 + 3*(1-0.4)) / 4 = 2.8/4 = 0.7
		// b = (1*0 + 1*0.4) / 2 = 0.2 (10 is the lower bound of 10..)
		// composite = (2*0.7 + 1*0.2) / 3 = 1.6/3
		name:   "all answered",
		values: map[string]string{"q1": "good", "g/q2": "fair", "g/n1": "10", "q3": "fair", "remark": "ok"},
		want: expect{a: 0.7, b: 0.2, composite: 1.6 / 3, shareA: 1, shareB: 1, threshold: "high",
			items: map[string]float64{"q1": 1, "q2": 0.6, "n1": 0, "q3": 0.4}},
	}, {
		// q1 don't know: a = 3*(1-0)/3 = 1 on 3/4 of its weight;
		// q3 not relevant (absent): b = 1 (n1 below 0) on 1/2 of its weight;
		// composite = (2*1 + 1*1)/3 = 1, in the last threshold (which includes 1).
		name:   "some missing",
		values: map[string]string{"q1": "dont_know", "g/q2": "bad", "g/n1": "-3"},
		want: expect{a: 1, b: 1, composite: 1, shareA: 0.75, shareB: 0.5, threshold: "high",
			items: map[string]float64{"q1": -1, "q2": 1, "n1": 1, "q3": -1}},
	}, {
		// a has only q1 answered: 1/4 of its weight < 0.5, so no score and
		// no composite; b = (0.5 + 1)/2 = 0.75 (0 is the lower bound of 0..10).
		name:   "below the minimum share",
		values: map[string]string{"q1": "good", "g/q2": "dont_know", "g/n1": "0", "q3": "good"},
		want: expect{a: -1, b: 0.75, composite: -1, shareA: 0.25, shareB: 1, threshold: "",
			items: map[string]float64{"q1": 1, "q2": -1, "n1": 0.5, "q3": 1}},
	}, {
		// The negatively worded q2: good scores 0. a = (0.4 + 3*0)/4 = 0.1;
		// b = 0.5 from n1 alone (9.99 is just below 10; q3's option is
		// unknown, so it does not count), on half of b's weight;
		// composite = (2*0.1 + 0.5)/3.
		name:   "negatively worded",
		values: map[string]string{"q1": "fair", "g/q2": "good", "g/n1": "9.99", "q3": "excellent"},
		want: expect{a: 0.1, b: 0.5, composite: (0.2 + 0.5) / 3, shareA: 1, shareB: 0.5, threshold: "low",
			items: map[string]float64{"q1": 0.4, "q2": 0, "n1": 0.5, "q3": -1}},
	}, {
		name:   "nothing answered",
		values: map[string]string{},
		want:   expect{a: -1, b: -1, composite: -1, threshold: "", items: map[string]float64{"q1": -1, "q2": -1, "n1": -1, "q3": -1}},
	}} {
		check(t, tc.name, d.Compute(tc.values), tc.want)
	}

	// Numeric bands, open ends and exact boundaries included.
	n1 := d.Item("n1")
	for v, want := range map[string]float64{"-1e9": 1, "-0.0001": 1, "0": 0.5, " 5 ": 0.5, "9.999": 0.5, "10": 0, "1e6": 0,
		"": -1, "abc": -1, "NaN": -1} {
		s, ok := n1.Score(v)
		if (want < 0) == ok || (ok && s != want) {
			t.Errorf("n1 %q = %v, %v; want %v", v, s, ok, want)
		}
	}
	// The answer is kept beside its score, as given.
	r := d.Compute(map[string]string{"q1": "dont_know"})
	if r.Items[0].Answer != "dont_know" || r.Items[0].Question != "q1" || r.Dimensions[0].Name != "a" {
		t.Errorf("item %+v, dimension %+v", r.Items[0], r.Dimensions[0])
	}
}

// TestComputeChangeOfDefinition: a new scoring version scores the same
// answers differently, and its hash differs.
func TestComputeChangeOfDefinition(t *testing.T) {
	d1, err := small.read(t)
	if err != nil {
		t.Fatal(err)
	}
	b2 := small.clone().
		set(t, "survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|1|yes|").
		set(t, "scoring", "dimension|a", "dimension|a|1|A|ক").
		set(t, "scoring", "version", "version|test 2")
	d2, err := b2.read(t)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{"q1": "good", "g/q2": "fair", "g/n1": "10", "q3": "fair"}
	// Version 1: composite 1.6/3 (see TestComputeByHand).
	check(t, "version 1", d1.Compute(values), expect{a: 0.7, b: 0.2, composite: 1.6 / 3, shareA: 1, shareB: 1, threshold: "high"})
	// Version 2: a = (1 + 0.6)/2 = 0.8, b = 0.2, composite = (0.8 + 0.2)/2 = 0.5.
	check(t, "version 2", d2.Compute(values), expect{a: 0.8, b: 0.2, composite: 0.5, shareA: 1, shareB: 1, threshold: "high"})
	if d1.Hash() == d2.Hash() || d1.Hash() != d1.Hash() || len(d1.Hash()) != 64 {
		t.Errorf("hashes %s and %s: want two different, stable SHA-256", d1.Hash(), d2.Hash())
	}
	again, err := small.read(t)
	if err != nil {
		t.Fatal(err)
	}
	if again.Hash() != d1.Hash() {
		t.Error("reading the same workbook twice gives different hashes")
	}
}

// TestWeakest: lowest scores first, ties to the heavier item, then to the
// earlier one; unanswered items and other dimensions left out.
func TestWeakest(t *testing.T) {
	d := &scoring.Definition{
		Label: "t", MinAnsweredShare: 0.5, SustainableFrom: 0.5,
		Dimensions: []scoring.Dimension{{Name: "a", Weight: 1}, {Name: "b", Weight: 1}},
		Items: []scoring.Item{
			{Question: "x", Key: "x", Dimension: "a", Weight: 1, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
			{Question: "y", Key: "y", Dimension: "a", Weight: 2, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
			{Question: "z", Key: "z", Dimension: "a", Weight: 2, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
			{Question: "u", Key: "u", Dimension: "a", Weight: 1, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
			{Question: "w", Key: "w", Dimension: "a", Weight: 1, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
			{Question: "v", Key: "v", Dimension: "b", Weight: 1, Options: map[string]float64{"lo": 0, "mid": 0.5, "hi": 1}},
		},
		Thresholds: []scoring.Threshold{{Name: "all", Min: 0, Max: 1}},
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	r := d.Compute(map[string]string{"x": "lo", "y": "lo", "z": "lo", "u": "mid", "v": "lo"})
	names := func(items []scoring.ItemScore) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Question)
		}
		return out
	}
	for n, want := range map[int][]string{0: nil, 2: {"y", "z"}, 3: {"y", "z", "x"}, 10: {"y", "z", "x", "u"}} {
		if got := names(d.Weakest(r, "a", n)); !slices.Equal(got, want) {
			t.Errorf("Weakest(a, %d) = %q, want %q", n, got, want)
		}
	}
	if got := names(d.Weakest(r, "b", 5)); !slices.Equal(got, []string{"v"}) {
		t.Errorf("Weakest(b) = %q", got)
	}
	if got := d.Weakest(r, "nope", 5); len(got) != 0 {
		t.Errorf("Weakest(nope) = %v", got)
	}
}

func TestRound3AndThresholds(t *testing.T) {
	for in, want := range map[float64]float64{0.12345: 0.123, 0.6665: 0.667, 1: 1, 0: 0, 1.6 / 3: 0.533} {
		if got := scoring.Round3(in); got != want {
			t.Errorf("Round3(%v) = %v, want %v", in, got, want)
		}
	}
	_, d := builtinRSS(t)
	for s, want := range map[float64]string{0: "priority", 0.3299: "priority", 0.33: "some_support", 0.66: "sustainable", 1: "sustainable", 1.01: "", -0.1: ""} {
		got := ""
		if th := d.ThresholdOf(s); th != nil {
			got = th.Name
		}
		if got != want {
			t.Errorf("ThresholdOf(%v) = %q, want %q", s, got, want)
		}
	}
}

// TestComputeBuiltin scores a realistic answer set of the built-in survey
// by hand.
func TestComputeBuiltin(t *testing.T) {
	_, d := builtinRSS(t)
	r := d.Compute(rssAnswers())
	// economic: satisfied .75, food sometimes .5, can borrow yes 1, borrowing
	// rarely .75, ratio 2.5 -> .5, access fair .5, assets no 0, casual .5,
	// searching yes (reversed) 0: 4.5/9 = 0.5.
	// social: housing good .75, standard fair .5, education good .75, no
	// school-age children (not asked), justice poor .25, documents yes 1,
	// water very good 1, health fair .5, quality don't know (missing):
	// 4.75/7, share 7/9.
	// psychosocial: activities sometimes (reversed) .5, network agree .75,
	// belonging strongly agree 1, safety agree .75, tensions rarely .75,
	// discrimination never 1, distress often .25, support wanted yes
	// (reversed) 0, able to stay agree .75: 5.75/9.
	econ, soc, psy := 4.5/9, 4.75/7, 5.75/9
	want := []float64{econ, soc, psy}
	for i, ds := range r.Dimensions {
		if !near(ds.Score, want[i]) {
			t.Errorf("%s = %v, want %v", ds.Name, fmtScore(ds.Score), want[i])
		}
	}
	if share := r.Dimensions[1].AnsweredShare; math.Abs(share-7.0/9) > eps {
		t.Errorf("social answered share %v, want 7/9", share)
	}
	comp := (econ + soc + psy) / 3
	if !near(r.Composite, comp) || r.Threshold != "some_support" {
		t.Errorf("composite %v (%s), want %v (some_support)", fmtScore(r.Composite), r.Threshold, comp)
	}
	weak := d.Weakest(r, "economic", 2)
	if len(weak) != 2 || weak[0].Question != "productive_assets" || weak[1].Question != "job_searching" {
		t.Errorf("weakest economic %+v", weak)
	}
}

// rssAnswers is one returnee's answers to the built-in survey.
func rssAnswers() map[string]string {
	return map[string]string{
		"case_ref": "BNSK-2026-0042", "interview_date": "2026-11-20", "survey_round": "baseline", "consent": "yes",
		"economic/economic_satisfaction": "satisfied", "economic/food_insecurity": "sometimes", "economic/can_borrow": "yes",
		"economic/borrowing_frequency": "rarely", "economic/has_debt": "yes", "economic/debt_amount": "50000",
		"economic/monthly_spending": "20000", "economic/debt_spending_ratio": "2.5", "economic/access_employment_training": "fair",
		"economic/productive_assets": "no", "economic/employment_status": "casual_work", "economic/job_searching": "yes",
		"social/access_housing": "good", "social/housing_standard": "fair", "social/access_education": "good",
		"social/school_age_children": "no", "social/access_justice": "poor", "social/identity_documents": "yes",
		"social/access_water": "very_good", "social/access_health": "fair", "social/health_quality": "dont_know",
		"psychosocial/social_activities": "sometimes", "psychosocial/support_network": "agree", "psychosocial/belonging": "strongly_agree",
		"psychosocial/physical_safety": "agree", "psychosocial/tensions": "rarely", "psychosocial/discrimination": "never",
		"psychosocial/distress": "often", "psychosocial/wants_psychological_support": "yes", "psychosocial/able_to_stay": "agree",
	}
}
