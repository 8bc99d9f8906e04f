package names

import (
	"math"
	"testing"
)

func TestJaroWinkler(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961111},
		{"DWAYNE", "DUANE", 0.84},
		{"DIXON", "DICKSONX", 0.813333},
		{"", "", 1},
		{"abc", "", 0},
		{"abc", "xyz", 0},
		{"a", "a", 1},
		// Rune based: রহিম has 4 runes and রহিমা 5; a byte-based version
		// would see 12 and 15 bytes sharing multi-byte prefixes.
		{"রহিম", "রহিমা", 0.96},
		{"রিনা", "রুনা", 0.85},
	} {
		got := jaroWinkler(c.a, c.b)
		if math.Abs(got-c.want) > 1e-5 {
			t.Errorf("jaroWinkler(%q, %q) = %.6f, want %.6f", c.a, c.b, got, c.want)
		}
		if rev := jaroWinkler(c.b, c.a); math.Abs(rev-got) > 1e-12 {
			t.Errorf("jaroWinkler not symmetric on %q/%q: %v %v", c.a, c.b, got, rev)
		}
	}
	long := make([]rune, 200)
	for i := range long {
		long[i] = 'ক' + rune(i%20)
	}
	if s := jaroWinkler(string(long), string(long[1:])); s < 0.8 || s > 1 {
		t.Errorf("long strings: %v", s)
	}
	// Only the first maxJWRunes runes count.
	if s := jaroWinkler(string(long[:maxJWRunes])+"x", string(long[:maxJWRunes])+"y"); s != 1 {
		t.Errorf("runes past maxJWRunes counted: %v", s)
	}
}
