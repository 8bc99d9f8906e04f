package names

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func addSeeds(f *testing.F, two bool) {
	seeds := []string{
		"", " ", "Md. Abdur Rahim", "মোঃ আব্দুর রহিম", "মোসাম্মত\u09CD\u200D রিনা", "মিয\u09BC\u09BE",
		"A.K.M. Fazlul Haque", "Nizam Ud-Din", "রহিমRahim", "০১৭১২", "\xff\xfe", "\u0985\u09BE",
		"ড়়়", "ক্\u200D", "Ǆ ǅ İ ẞ Ⅻ ﬁ", "𑄌𑄋𑄴𑄟𑄳𑄦", "U Thoai Marma", "চাঁদ ছায়া",
	}
	for i, s := range seeds {
		if two {
			f.Add(s, seeds[(i+3)%len(seeds)])
		} else {
			f.Add(s)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	addSeeds(f, false)
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if c, d := Normalize(norm.NFC.String(s)), Normalize(norm.NFD.String(s)); c != n || d != n {
			t.Fatalf("Normalize(%+q) = %+q, of its NFC %+q, of its NFD %+q", s, n, c, d)
		}
		if n != strings.Join(Tokens(s), " ") {
			t.Fatalf("Tokens and Normalize disagree on %q", s)
		}
		if strings.Contains(n, "  ") || strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, n)
		}
		for _, k := range SearchKeys(s) {
			if k == "" || !utf8.ValidString(k) {
				t.Fatalf("SearchKeys(%q) has bad term %q", s, k)
			}
		}
		terms, prefix := QueryKeys(s)
		if !utf8.ValidString(prefix) {
			t.Fatalf("QueryKeys(%q) prefix %q", s, prefix)
		}
		for _, k := range terms {
			if k == "" || !utf8.ValidString(k) {
				t.Fatalf("QueryKeys(%q) has bad term %q", s, k)
			}
		}
		_ = DetectScript(s)
	})
}

func FuzzSimilarity(f *testing.F) {
	addSeeds(f, true)
	f.Fuzz(func(t *testing.T, a, b string) {
		s := Similarity(a, b)
		if math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("Similarity(%q, %q) = %v", a, b, s)
		}
		if r := Similarity(b, a); r != s {
			t.Fatalf("not symmetric: Similarity(%q, %q) = %v, reversed %v", a, b, s, r)
		}
		if len(Tokens(a)) > 0 {
			if self := Similarity(a, a); self != 1 {
				t.Fatalf("Similarity(%q, itself) = %v", a, self)
			}
		}
	})
}

// Hostile sizes must stay linear: a quadratic step would make this test run
// for minutes (no wall-clock assertion; the go test timeout is the guard).
func TestLargeInput(t *testing.T) {
	for _, unit := range []string{"a b ", "a b x ", "রহিম ", "Md. ", "x", "ক", "ছাঁ", "ud din ", "\xff"} {
		s := strings.Repeat(unit, 100_000/len(unit))
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("%q x N: not idempotent", unit)
		}
		_ = SearchKeys(s)
		_, _ = QueryKeys(s)
		if v := Similarity(s, s+" "+unit); v < 0 || v > 1 {
			t.Errorf("%q x N: similarity %v", unit, v)
		}
	}
}
