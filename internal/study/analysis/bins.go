package analysis

import (
	"strconv"
	"strings"
)

// integerBins are the bins of an integer question: age in the bands
// surveys report, other counts in widening bins.
func integerBins(name string) []Option {
	bounds := [][2]int{{0, 0}, {1, 2}, {3, 5}, {6, 10}, {11, 20}, {21, -1}}
	if name == "age" {
		bounds = [][2]int{{0, 17}, {18, 24}, {25, 34}, {35, 44}, {45, 54}, {55, 64}, {65, -1}}
	}
	out := make([]Option, 0, len(bounds))
	for _, b := range bounds {
		code := strconv.Itoa(b[0]) + "-" + strconv.Itoa(b[1])
		label := code
		switch {
		case b[1] < 0:
			code, label = strconv.Itoa(b[0])+"+", strconv.Itoa(b[0])+"+"
		case b[0] == b[1]:
			label = strconv.Itoa(b[0])
		}
		out = append(out, Option{Code: code, Label: Label{"en": label}})
	}
	return out
}

// binOf returns the code of the bin holding the integer answer v, "" when
// v is not an integer or no bin holds it.
func binOf(bins []Option, v string) string {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return ""
	}
	for _, b := range bins {
		lo, hi, ok := binBounds(b.Code)
		if ok && n >= lo && (hi < 0 || n <= hi) {
			return b.Code
		}
	}
	return ""
}

func binBounds(code string) (lo, hi int, ok bool) {
	if s, open := strings.CutSuffix(code, "+"); open {
		lo, err := strconv.Atoi(s)
		return lo, -1, err == nil
	}
	a, b, found := strings.Cut(code, "-")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	return lo, hi, err1 == nil && err2 == nil
}
