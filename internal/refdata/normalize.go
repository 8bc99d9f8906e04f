package refdata

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nfc returns s in Unicode Normalization Form C. The Bangla names in the
// sources mix precomposed letters (U+09DC, U+09DF) with their decomposed
// spellings (U+09A1/U+09AF followed by the nukta U+09BC), so two names that
// look identical can differ byte for byte; every Bangla string this package
// returns is NFC, so callers can compare them after normalising their own
// input the same way.
func nfc(s string) string {
	if nfcStable(s) {
		return s
	}
	return norm.NFC.String(s)
}

// nfcStable is a fast, conservative test that s is already NFC. It is true
// for ASCII and Bengali-block text without the code points that NFC
// changes or reorders in that block: the marks with a non-zero combining
// class other than the virama (the nukta U+09BC, the sandhi mark U+09FE),
// the vowel sign E U+09C7 that composes with U+09BE and U+09D7, and the
// composition exclusions U+09DC, U+09DD and U+09DF. Anything else goes to
// x/text, which is exact but much slower; TestNFCFastPath compares them.
func nfcStable(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80:
		case r >= 0x0980 && r <= 0x09FF:
			switch r {
			case 0x09BC, 0x09C7, 0x09DC, 0x09DD, 0x09DF, 0x09FE:
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nameKey folds a name for matching free text: compatibility decomposition,
// Latin diacritics dropped, lower case, and everything that is not a letter,
// a digit or a combining mark (spaces, hyphens, apostrophes, dots,
// parentheses, ZWJ/ZWNJ) removed. "Cox's Bazar", "Coxs Bazar" and
// "coxsbazar" share one key; Bangla vowel signs and the nukta are kept.
func nameKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				b.WriteByte(c)
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			}
		}
		return b.String()
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 0x0300 && r <= 0x036F: // combining diacritical marks (Latin accents)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isBangla reports whether lang asks for Bangla: "bn", "ben" or a BCP 47
// tag whose primary subtag is one of these ("bn-BD", "bn_IN").
func isBangla(lang string) bool {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.EqualFold(lang, "bn") || strings.EqualFold(lang, "ben")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
