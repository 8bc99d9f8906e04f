package names

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// banglaNeedsNFC relies on these being the only Bengali marks with a
// non-zero canonical combining class.
func TestBengaliCombiningClasses(t *testing.T) {
	for r := rune(0x0980); r <= 0x09FF; r++ {
		ccc := norm.NFC.PropertiesString(string(r)).CCC()
		switch r {
		case bnNukta, bnVirama, 0x09FE:
			if ccc == 0 {
				t.Errorf("%U has ccc 0", r)
			}
		default:
			if ccc != 0 {
				t.Errorf("%U has ccc %d: banglaNeedsNFC must handle it", r, ccc)
			}
		}
	}
}

// ...and on these being the only Bengali characters with a canonical
// decomposition: two-part vowels (composed again by NFC, handled by
// banglaNeedsNFC) and the nukta letters (composed by tokenizeRaw).
func TestBengaliDecompositions(t *testing.T) {
	want := map[rune]bool{0x09CB: true, 0x09CC: true, 0x09DC: true, 0x09DD: true, 0x09DF: true}
	for r := rune(0x0980); r <= 0x09FF; r++ {
		has := len(norm.NFD.PropertiesString(string(r)).Decomposition()) > 0
		if has != want[r] {
			t.Errorf("%U: decomposes = %v", r, has)
		}
	}
}
