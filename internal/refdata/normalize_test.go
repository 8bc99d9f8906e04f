package refdata

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestNFCFastPath checks nfcStable against x/text on every Bengali-block
// code point alone and in pairs, and on the names in the data.
func TestNFCFastPath(t *testing.T) {
	var runes []rune
	for r := rune(0x0980); r <= 0x09FF; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, 'a', ' ', 0x200C, 0x200D, 0x00E9, 0x0301)
	check := func(s string) {
		if nfcStable(s) && !norm.NFC.IsNormalString(s) {
			t.Errorf("nfcStable(%+q) = true, but it is not NFC", s)
		}
		if got, want := nfc(s), norm.NFC.String(s); got != want {
			t.Errorf("nfc(%+q) = %+q, want %+q", s, got, want)
		}
	}
	for _, a := range runes {
		check(string(a))
		for _, b := range runes {
			check(string([]rune{a, b}))
			check(string([]rune{0x0995, a, b}))
		}
	}
}

// TestBanglaIsNFC checks every Bangla string the package returns.
func TestBanglaIsNFC(t *testing.T) {
	var names []string
	for l := Division; l <= Upazila; l++ {
		for _, u := range Units(l) {
			names = append(names, u.NameBN)
		}
	}
	for _, c := range Countries() {
		names = append(names, c.NameBN)
	}
	for _, l := range Languages() {
		names = append(names, l.NameBN)
	}
	for _, g := range EthnicGroups() {
		names = append(names, g.NameBN)
	}
	for _, s := range SkillCategories() {
		names = append(names, s.NameBN)
	}
	for _, n := range names {
		if !norm.NFC.IsNormalString(n) {
			t.Errorf("%+q is not NFC", n)
		}
	}
}

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Cox's Bazar", "coxsbazar"}, {"Côte d'Ivoire", "cote divoire"}, {"Bawm-Chin", "BAWM CHIN"},
		{"\u09df", "\u09af\u09bc"}, {"ক\u200dষ", "কষ"},
	} {
		if nameKey(tc.a) != nameKey(tc.b) {
			t.Errorf("nameKey(%q) = %q, nameKey(%q) = %q", tc.a, nameKey(tc.a), tc.b, nameKey(tc.b))
		}
	}
	if nameKey("Niger") == nameKey("Nigeria") || nameKey("বম") == nameKey("বাম") {
		t.Error("nameKey folds too much")
	}
}
