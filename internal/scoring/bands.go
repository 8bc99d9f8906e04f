package scoring

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// ParseBands reads a score_bands cell: bands separated by ";", each
// "min..max=score" for the values v with min <= v < max. Either bound may
// be left out for an open end ("..0.5=1", "2..=0"). It checks the syntax
// only; checkBands checks that the bands fit together.
func ParseBands(s string) ([]Band, error) {
	var out []Band
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		rng, score, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("the band %q has no score: write it as min..max=score, for example 0.5..2=0.5", part)
		}
		lo, hi, ok := strings.Cut(strings.TrimSpace(rng), "..")
		if !ok {
			return nil, fmt.Errorf("the band %q has no range: write it as min..max=score, with two dots between the bounds", part)
		}
		var b Band
		var err error
		if b.Min, err = bound(lo); err != nil {
			return nil, fmt.Errorf("the band %q: %w", part, err)
		}
		if b.Max, err = bound(hi); err != nil {
			return nil, fmt.Errorf("the band %q: %w", part, err)
		}
		if b.Score, err = number(score); err != nil {
			return nil, fmt.Errorf("the band %q: the score %w", part, err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, errors.New("no bands are given: write them as min..max=score separated by semicolons, for example ..0.5=1; 0.5..2=0.5; 2..=0")
	}
	return out, nil
}

// bound reads one end of a range; "" is an open end.
func bound(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	v, err := number(s)
	if err != nil {
		return nil, fmt.Errorf("the bound %w", err)
	}
	return &v, nil
}

// number reads a finite decimal number.
func number(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// checkBands reports what is wrong with a list of bands: scores outside
// [0, 1], empty ranges, more than one open end on a side, and overlaps or
// gaps between the lowest and the highest bound.
func checkBands(bands []Band) []string {
	if len(bands) == 0 {
		return []string{"no bands are given"}
	}
	var out []string
	openLow, openHigh := 0, 0
	for _, b := range bands {
		if !(b.Score >= 0 && b.Score <= 1) {
			out = append(out, fmt.Sprintf("the band %s has the score %v, outside 0 to 1", b, b.Score))
		}
		if b.Min != nil && b.Max != nil && !(*b.Min < *b.Max) {
			out = append(out, fmt.Sprintf("the band %s is empty: its lower bound must be below its upper bound", b))
		}
		if b.Min == nil {
			openLow++
		}
		if b.Max == nil {
			openHigh++
		}
	}
	if openLow > 1 || openHigh > 1 {
		out = append(out, "only one band may be open at each end (..max and min..): they overlap")
	}
	if len(out) > 0 {
		return out
	}
	sorted := sortedBands(bands)
	for i := 1; i < len(sorted); i++ {
		prev, b := sorted[i-1], sorted[i]
		switch {
		case prev.Max == nil || *prev.Max > *b.Min:
			out = append(out, fmt.Sprintf("the bands %s and %s overlap", prev, b))
		case *prev.Max < *b.Min:
			out = append(out, fmt.Sprintf("there is a gap between the bands %s and %s: values from %v up to %v have no score", prev, b, *prev.Max, *b.Min))
		}
	}
	return out
}

// sortedBands returns the bands ordered by their lower bound, the open one first.
func sortedBands(bands []Band) []Band {
	out := append([]Band(nil), bands...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Min, out[j].Min
		if a == nil || b == nil {
			return a == nil && b != nil
		}
		return *a < *b
	})
	return out
}

// String writes the band as it is written in a score_bands cell.
func (b Band) String() string {
	var s strings.Builder
	if b.Min != nil {
		s.WriteString(strconv.FormatFloat(*b.Min, 'f', -1, 64))
	}
	s.WriteString("..")
	if b.Max != nil {
		s.WriteString(strconv.FormatFloat(*b.Max, 'f', -1, 64))
	}
	s.WriteString("=")
	s.WriteString(strconv.FormatFloat(b.Score, 'f', -1, 64))
	return s.String()
}

// Contains reports whether v falls in the band: Min <= v < Max.
func (b Band) Contains(v float64) bool {
	return (b.Min == nil || v >= *b.Min) && (b.Max == nil || v < *b.Max)
}

// ParseRange reads a threshold's value "min..max" (both bounds required).
func ParseRange(s string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "..")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a range: write it as min..max, for example 0.33..0.66", s)
	}
	if lo, err = number(a); err != nil {
		return 0, 0, fmt.Errorf("the lower bound %w", err)
	}
	if hi, err = number(b); err != nil {
		return 0, 0, fmt.Errorf("the upper bound %w", err)
	}
	return lo, hi, nil
}
