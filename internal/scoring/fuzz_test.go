package scoring_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/scoring"
)

// FuzzParseBands: the score_bands parser never panics; what it accepts
// and checks out scores every value with at most one band, and writes back
// to bands that read the same.
func FuzzParseBands(f *testing.F) {
	for _, s := range []string{"..0.5=1; 0.5..2=0.5; 2..=0", "..0.01=1; 0.01..1=0.75; 1..3=0.5; 3..6=0.25; 6..=0",
		"0..10=1", "..=1", "-5..-1=0.2;-1..=0", "1...2=1", "0..1", "=1", ";;", "1e308..=1", "0x10..=1", "..NaN=1", "0..1=0.5=1"} {
		f.Add(s, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, v float64) {
		bands, err := scoring.ParseBands(s)
		if err != nil {
			return
		}
		var parts []string
		for _, b := range bands {
			parts = append(parts, b.String())
		}
		again, err := scoring.ParseBands(strings.Join(parts, ";"))
		if err != nil || len(again) != len(bands) {
			t.Fatalf("%q wrote back as %q, which reads as %v, %v", s, parts, again, err)
		}
		d := &scoring.Definition{Label: "f", MinAnsweredShare: 1, SustainableFrom: 0.5,
			Dimensions: []scoring.Dimension{{Name: "d", Weight: 1}},
			Items:      []scoring.Item{{Question: "n", Key: "n", Dimension: "d", Weight: 1, Bands: bands}},
			Thresholds: []scoring.Threshold{{Name: "t", Min: 0, Max: 1}}}
		if d.Validate() != nil || math.IsNaN(v) {
			return
		}
		in := 0
		for _, b := range bands {
			if b.Contains(v) {
				in++
			}
		}
		if in > 1 {
			t.Fatalf("%q: %v falls in %d bands although they were accepted", s, v, in)
		}
		r := d.Compute(map[string]string{"n": strconv.FormatFloat(v, 'g', -1, 64)})
		if got := r.Items[0].Score; got != nil && (*got < 0 || *got > 1) {
			t.Fatalf("%q: %v scores %v", s, v, *got)
		}
	})
}

// FuzzParseRange: the threshold range parser never panics.
func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"0..0.33", "0.66..1", "..1", "1..", "a..b", "0...1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, err := scoring.ParseRange(s)
		if err == nil && (math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0)) {
			t.Fatalf("%q reads as %v..%v", s, lo, hi)
		}
	})
}

// FuzzRead: Read never panics on a workbook whose score cells and scoring
// sheet are mutated, and refuses with an *xlsform.Error or accepts a
// definition that Validate accepts too.
func FuzzRead(f *testing.F) {
	f.Add("a", "3", "yes", "..0=1; 0..10=0.5; 10..=0", "0.4", "0..0.5", "0.5")
	f.Add("z", "-1", "maybe", "0..1", "missing", "0.5..1", "x")
	f.Add("", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, dim, weight, reverse, bands, score, threshold, share string) {
		for _, s := range []string{dim, weight, reverse, bands, score, threshold, share} {
			if strings.ContainsAny(s, "|") {
				return
			}
		}
		b := small.clone().
			set(t, "survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||"+dim+"|"+weight+"|"+reverse+"|").
			set(t, "survey", "integer|n1", "integer|n1|N1|সং১||b|||"+bands).
			set(t, "choices", "good|fair", "good|fair|Fair|মোটামুটি|"+score).
			set(t, "scoring", "threshold|low", "threshold|low|"+threshold+"|Low|কম").
			set(t, "scoring", "min_answered_share", "min_answered_share||"+share)
		data := b.xlsx(t)
		form, err := xlsform.Read(data, xlsform.Options{FileName: "fuzz.xlsx"})
		if err != nil {
			return
		}
		d, err := scoring.Read(form, data)
		var xe *xlsform.Error
		switch {
		case err != nil && !errors.As(err, &xe):
			t.Fatalf("error %v is not an *xlsform.Error", err)
		case err != nil && len(xe.Problems) == 0:
			t.Fatal("refused without a problem")
		case err == nil && d == nil:
			t.Fatal("no definition and no error")
		case err == nil:
			if verr := d.Validate(); verr != nil {
				t.Fatalf("Read accepted what Validate refuses: %v", verr)
			}
		}
	})
}
