package refdata

import (
	"slices"
	"testing"
)

func TestISCOCounts(t *testing.T) {
	count := map[int]int{}
	all := ISCOGroups()
	for _, o := range all {
		count[o.Level]++
	}
	for level, want := range map[int]int{1: 10, 2: 43, 3: 130, 4: 436} {
		if count[level] != want {
			t.Errorf("level %d: %d groups, want %d", level, count[level], want)
		}
	}
	if len(all) != 619 || len(ISCOUnitGroups()) != 436 || len(ISCOMajorGroups()) != 10 {
		t.Errorf("%d groups, %d unit groups, %d major groups", len(all), len(ISCOUnitGroups()), len(ISCOMajorGroups()))
	}
}

func TestISCORoundTrip(t *testing.T) {
	children := 0
	for _, o := range ISCOGroups() {
		got, ok := ISCO(o.Code)
		if !ok || got != o || !ValidISCO(o.Code) {
			t.Fatalf("ISCO(%s) = %+v, %v", o.Code, got, ok)
		}
		if len(o.Code) != o.Level || o.Title == "" || o.ESCOURI != "http://data.europa.eu/esco/isco/C"+o.Code {
			t.Errorf("bad group %+v", o)
		}
		if o.Level > 1 {
			p, ok := ISCO(o.Parent)
			if !ok || p.Level != o.Level-1 || !slices.Contains(ISCOChildren(p.Code), o) {
				t.Errorf("%s: parent %q not found or does not list it", o.Code, o.Parent)
			}
		}
		kids := ISCOChildren(o.Code)
		children += len(kids)
		if o.Level == 4 && kids != nil {
			t.Errorf("unit group %s has children", o.Code)
		}
		if o.Level < 4 && len(kids) == 0 {
			t.Errorf("%s has no children", o.Code)
		}
	}
	if children != 619-10 {
		t.Errorf("%d parent-child links, want 609", children)
	}
	for _, tc := range []struct{ code, title, parent, level string }{
		{"0", "Armed forces occupations", "", "major"},
		{"0110", "Commissioned armed forces officers", "011", "unit"},
		{"7212", "Welders and flamecutters", "721", "unit"},
		{"9111", "Domestic cleaners and helpers", "911", "unit"},
		{"52", "Sales workers", "5", "sub_major"},
	} {
		o, ok := ISCO(tc.code)
		if !ok || o.Title != tc.title || o.Parent != tc.parent || o.LevelName() != tc.level {
			t.Errorf("ISCO(%s) = %+v, %v", tc.code, o, ok)
		}
	}
}

func TestISCOUnknown(t *testing.T) {
	for _, code := range []string{"", "10", "00", "011 ", "01100", "9999", "A", "721x", "-1"} {
		if _, ok := ISCO(code); ok || ValidISCO(code) {
			t.Errorf("ISCO(%q) accepted", code)
		}
		if ISCOChildren(code) != nil {
			t.Errorf("ISCOChildren(%q) is not nil", code)
		}
	}
}

func BenchmarkISCO(b *testing.B) {
	iscoData()
	for b.Loop() {
		ISCO("7212")
	}
}
