package programme

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// FuzzParseAmount feeds the amount parser what people (and programs) may
// type. It must never panic; it either refuses with a plain EINVALID
// message or returns an amount within bounds that, written back out in
// either grouping, reads the same again.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"3,50,000.50", "350,000.50", "৩,৫০,০০০.৫০", "Tk. 5,000/-", "৳ 1,200", "$1,234.56", "-5", ".5", "5.",
		"1,2,3", "12.345", "US$", "1e9", "\u00a0৫\u202f", "99999999999999999999", "0.00", ",", "Tk 5/=", "টাকা"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, taka bool) {
		cur := USD
		if taka {
			cur = BDT
		}
		n, err := ParseAmount(s, cur)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID || app.ErrorMessage(err) == "" || strings.Contains(app.ErrorMessage(err), "%") {
				t.Fatalf("ParseAmount(%q): unexpected error %v", s, err)
			}
			return
		}
		if n < 0 || n > MaxAmountMinor {
			t.Fatalf("ParseAmount(%q) = %d, out of bounds", s, n)
		}
		for _, written := range []string{FormatAmount(n, cur), strings.ReplaceAll(FormatAmount(n, cur), ",", ""), Money(n, cur)} {
			back, err := ParseAmount(written, cur)
			if err != nil || back != n {
				t.Fatalf("ParseAmount(%q) = %d, but its written form %q reads as %d, %v", s, n, written, back, err)
			}
		}
		// Converting any accepted amount at any accepted rate stays in int64.
		if _, err := Convert(n, cur, USD, &ExchangeRate{Base: USD, Quote: BDT, RateMicro: MinRateMicro}); err != nil {
			t.Fatalf("Convert(%d %s): %v", n, cur, err)
		}
	})
}

// FuzzParseRate checks the rate parser never panics and stays in bounds.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"117.50", "১১৭.৫", "0.001", "1000000", "", ".", "1.2.3", "-1", "117.1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseRate(s)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("ParseRate(%q): %v", s, err)
			}
			return
		}
		if n < MinRateMicro || n > MaxRateMicro {
			t.Fatalf("ParseRate(%q) = %d out of bounds", s, n)
		}
		if back, err := ParseRate(FormatRate(n)); err != nil || back != n {
			t.Fatalf("ParseRate(%q) = %d, FormatRate %q reads %d %v", s, n, FormatRate(n), back, err)
		}
	})
}
