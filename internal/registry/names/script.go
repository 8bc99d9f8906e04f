package names

import "unicode"

// Script is the writing system of a name as typed.
type Script uint8

const (
	// ScriptEmpty: no letters at all (empty, spaces, digits or punctuation only).
	ScriptEmpty Script = iota
	// ScriptLatin: Latin letters only (ASCII or accented).
	ScriptLatin
	// ScriptBangla: Bengali-block letters and signs only.
	ScriptBangla
	// ScriptMixed: letters from two or more scripts, e.g. "Md. রহিম".
	ScriptMixed
	// ScriptOther: letters of one script that is neither Latin nor Bangla
	// (Arabic, Chakma script, Devanagari, ...). Such names are normalised
	// (lower case, NFKC) but get no phonetic key.
	ScriptOther
)

// String returns a stable lower-case name for the script ("empty", "latin", "bangla", "mixed", "other").
func (s Script) String() string {
	switch s {
	case ScriptEmpty:
		return "empty"
	case ScriptLatin:
		return "latin"
	case ScriptBangla:
		return "bangla"
	case ScriptMixed:
		return "mixed"
	case ScriptOther:
		return "other"
	}
	return "unknown"
}

// isBengaliBlock reports whether r is in the Bengali Unicode block.
func isBengaliBlock(r rune) bool { return r >= 0x0980 && r <= 0x09FF }

// letterScript classifies a letter or combining mark; ScriptEmpty for anything else
// (digits, punctuation, spaces, symbols, format characters).
func letterScript(r rune) Script {
	if r < 0x80 {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return ScriptLatin
		}
		return ScriptEmpty
	}
	if isBengaliBlock(r) {
		if bengaliLetterOrMark[r-0x0980] {
			return ScriptBangla
		}
		return ScriptEmpty // digits, currency signs, unassigned
	}
	if unicode.IsLetter(r) {
		if unicode.Is(unicode.Latin, r) {
			return ScriptLatin
		}
		return ScriptOther
	}
	return ScriptEmpty
}

// DetectScript reports whether a name is written in Bangla, Latin, a mix of
// scripts, another single script, or has no letters at all. Digits,
// punctuation, danda and combining marks on their own do not count.
func DetectScript(s string) Script {
	var seen [5]bool
	for _, r := range s {
		if unicode.IsMark(r) && !isBengaliBlock(r) {
			continue // a stray accent says nothing about the script
		}
		seen[letterScript(r)] = true
	}
	n := 0
	last := ScriptEmpty
	for _, sc := range []Script{ScriptLatin, ScriptBangla, ScriptOther} {
		if seen[sc] {
			n++
			last = sc
		}
	}
	switch {
	case n == 0:
		return ScriptEmpty
	case n > 1:
		return ScriptMixed
	}
	return last
}

// bengaliLetterOrMark caches unicode.IsLetter || unicode.IsMark for the
// Bengali block.
var bengaliLetterOrMark = func() (t [0x80]bool) {
	for i := range t {
		r := rune(0x0980 + i)
		t[i] = unicode.IsLetter(r) || unicode.IsMark(r)
	}
	return t
}()
