package registry

import (
	"reflect"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"+880 1711-234567": "01711234567",
		"০১৭১১২৩৪৫৬৭":      "01711234567",
		"8801711234567":    "01711234567",
		"01711 234 567":    "01711234567",
		"+966 50 123 4567": "966501234567",
	} {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryParts(t *testing.T) {
	cases := []struct {
		q     string
		terms []string
	}{
		{"01711-234567", []string{"#p01711234567"}},
		{"+8801711234567", []string{"#p01711234567"}},
		{"234567", []string{"#p234567"}},
		{"১৯৯০১২৩৪৫৬৭৮৯", []string{"#i1990123456789"}},
		{"ea1234567", []string{"#iEA1234567"}},
		{"DHK-2020-1234", []string{"#iDHK20201234"}},
		{"  ", nil},
	}
	for _, c := range cases {
		parts := QueryParts(c.q)
		var got []string
		for _, p := range parts {
			if p.Prefix {
				t.Errorf("QueryParts(%q): a number is not a prefix", c.q)
			}
			got = append(got, p.Terms...)
		}
		if !reflect.DeepEqual(got, c.terms) {
			t.Errorf("QueryParts(%q) = %v, want %v", c.q, got, c.terms)
		}
	}
	// Names: one part per word, the last word as prefixes; a one-consonant
	// phonetic key is never a prefix; the honorific comes last, since
	// nearly everyone shares it.
	parts := QueryParts("Md. rahim")
	if len(parts) != 2 || !parts[0].Prefix || parts[1].Prefix || parts[0].Weight <= parts[1].Weight {
		t.Fatalf("QueryParts(md rahim) = %+v", parts)
	}
	for _, p := range QueryParts("Md. rah") {
		for _, term := range p.Terms {
			if p.Prefix && term == "~r" {
				t.Errorf("one-consonant phonetic prefix kept: %v", p.Terms)
			}
		}
	}
	// A short beginning is less telling than the same word finished.
	if short, long := QueryParts("kar")[0].Weight, QueryParts("karim")[0].Weight; short >= long {
		t.Errorf("weights: kar %v, karim %v", short, long)
	}
}

func TestSearchTermsCoverBothScriptsAndNumbers(t *testing.T) {
	p := Person{NameLatin: "Md. Abdur Rahim", NameBn: "মোঃ আব্দুর রহিম", Phones: []string{"01711234567"}, NID: "1990123456789"}
	terms := map[string]bool{}
	for _, x := range SearchTerms(p) {
		terms[x] = true
	}
	for _, want := range []string{"rahim", "রহিম", "~rhm", "#p01711234567", "#p234567", "#i1990123456789"} {
		if !terms[want] {
			t.Errorf("missing term %q in %v", want, SearchTerms(p))
		}
	}
}

func TestEpisodeDatesAndPersonAge(t *testing.T) {
	d := func(s string) *time.Time { x, _ := time.Parse("2006-01-02", s); return &x }
	today := *d("2024-06-01")
	e := Episode{Destination: "QA", DepartureDate: d("2024-07-01")}
	if f := app.ErrorFields(e.Validate(today)); f["departure_date"] == "" {
		t.Errorf("future departure accepted")
	}
	p := Person{BirthDate: d("1990-06-02")}
	if a := p.Age(today); a != 33 {
		t.Errorf("age the day before the birthday = %d, want 33", a)
	}
}

func TestEstimatedBirthDate(t *testing.T) {
	for _, c := range []struct {
		today string
		age   int
	}{{"2026-03-15", 32}, {"2026-07-01", 32}, {"2026-11-23", 32}, {"2026-01-01", 0}, {"2026-12-31", 0}, {"2024-02-29", 40}} {
		today, _ := time.Parse("2006-01-02", c.today)
		est := EstimatedBirthDate(today, c.age)
		if got := (Person{BirthDate: &est}).Age(today); got != c.age || est.Month() != time.July || est.Day() != 1 || est.After(today) {
			t.Errorf("EstimatedBirthDate(%s, %d) = %s, age %d", c.today, c.age, est.Format("2006-01-02"), got)
		}
	}
}
