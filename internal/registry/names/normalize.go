package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A token is one normalised word of a name.
type token struct {
	text   string // canonical form (after variant folding)
	raw    string // normalised form before variant folding (used for prefix search)
	script Script // ScriptLatin, ScriptBangla, ScriptOther, or ScriptEmpty for digits only
}

// rawTok is a token before initials joining, phrase joining and variant folding.
type rawTok struct {
	raw    string
	script Script
}

const (
	zwj          = '\u200D'
	bnNukta      = '\u09BC'
	bnVirama     = '\u09CD'
	bnVisarga    = '\u0983'
	bnAA         = '\u0986' // আ
	bnA          = '\u0985' // অ
	bnAASign     = '\u09BE' // া
	bnTa         = '\u09A4' // ত
	bnKhandaTa   = '\u09CE' // ৎ
	bnDDa        = '\u09A1' // ড
	bnDDha       = '\u09A2' // ঢ
	bnYa         = '\u09AF' // য
	bnRRa        = '\u09DC' // ড়
	bnRha        = '\u09DD' // ঢ়
	bnYYa        = '\u09DF' // য়
	bnDigitZero  = '\u09E6'
	bnDigitNine  = '\u09EF'
	latinMarkMin = '\u0300'
	latinMarkMax = '\u036F'
)

// Normalize returns the canonical, display-independent form of a name used
// for search and duplicate checks: its tokens (see Tokens) joined by single
// spaces. The result is idempotent: Normalize(Normalize(x)) == Normalize(x).
func Normalize(s string) string {
	// Removing a character (an apostrophe, a joiner) can bring two
	// combining marks together that canonical ordering then swaps on the
	// next pass, so repeat until the form is stable (one extra pass in
	// practice, found by FuzzNormalize).
	out := normalizeOnce(s)
	for i := 0; i < 3; i++ {
		next := normalizeOnce(out)
		if next == out {
			break
		}
		out = next
	}
	return out
}

func normalizeOnce(s string) string {
	toks, joined := tokenize(s)
	if joined != "" || len(toks) == 0 {
		return joined
	}
	n := len(toks) - 1
	for _, t := range toks {
		n += len(t.text)
	}
	var b strings.Builder
	b.Grow(n)
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// Tokens returns the normalised words of a name, in order, for an index.
// Honorifics, suffixes and initials are kept (folded to their canonical
// spelling), nothing is dropped.
func Tokens(s string) []string {
	toks, _ := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	// When one pass does not reach the stable form (see Normalize), the
	// tokens come from the stable form, so Tokens and Normalize agree.
	if stable := Normalize(s); stable != strings.Join(out, " ") {
		return strings.Fields(stable)
	}
	return out
}

// tokenize splits and normalises a name into tokens. When no token was
// joined or folded, joined is the normalised name (tokens separated by one
// space); otherwise it is "".
func tokenize(s string) (toks []token, joined string) {
	var rawBuf [8]rawTok
	raws, all := tokenizeRaw(s, rawBuf[:0])
	if len(raws) == 0 {
		return nil, ""
	}
	changed := false
	// A run of two or more single-letter Latin tokens is a set of
	// initials: "A.K.M." == "A K M" == "AKM".
	w := 0
	for i := 0; i < len(raws); i++ {
		if i+1 < len(raws) && isInitial(raws[i]) && isInitial(raws[i+1]) {
			j := i
			var b strings.Builder
			for j < len(raws) && isInitial(raws[j]) {
				b.WriteString(raws[j].raw)
				j++
			}
			raws[w] = rawTok{raw: b.String(), script: ScriptLatin}
			i = j - 1
			changed = true
		} else {
			raws[w] = raws[i]
		}
		w++
	}
	raws = raws[:w]
	toks = make([]token, 0, len(raws))
	for i := 0; i < len(raws); i++ {
		rt := raws[i]
		if rt.script == ScriptLatin && i+1 < len(raws) && raws[i+1].script == ScriptLatin {
			if j, ok := latinPhrases[[2]string{rt.raw, raws[i+1].raw}]; ok {
				rt = rawTok{raw: j, script: ScriptLatin}
				i++
				changed = true
			}
		}
		text := fold(rt)
		if text != rt.raw {
			changed = true
		}
		toks = append(toks, token{text: text, raw: rt.raw, script: rt.script})
	}
	if changed {
		return toks, ""
	}
	return toks, all
}

func isInitial(t rawTok) bool {
	if t.script != ScriptLatin {
		return false
	}
	r, size := utf8.DecodeRuneInString(t.raw)
	return size == len(t.raw) && unicode.IsLetter(r)
}

// fold applies the variant table.
func fold(t rawTok) string {
	switch t.script {
	case ScriptLatin:
		if c, ok := latinFold[t.raw]; ok {
			return c
		}
	case ScriptBangla:
		if c, ok := banglaFold[t.raw]; ok {
			return c
		}
	}
	return t.raw
}

// prepare applies Unicode normalisation. ASCII is returned as is. Text made
// only of ASCII and Bangla gets NFC. Anything else gets NFKD, loses its Latin
// combining marks (accents), and is recomposed with NFC; NFKD also folds
// full-width letters, ligatures and similar compatibility characters.
func prepare(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	if !utf8.ValidString(s[i:]) {
		// Invalid bytes separate words, and must not reach package norm,
		// which passes them through and then skips what follows.
		s = strings.ToValidUTF8(s, " ")
	}
	plain := true
	for _, r := range s[i:] {
		if r < utf8.RuneSelf || isBengaliBlock(r) || r == '\u200C' || r == zwj || r == '\u0964' || r == '\u0965' {
			continue
		}
		plain = false
		break
	}
	if plain {
		if !banglaNeedsNFC(s[i:]) {
			return s
		}
		return norm.NFC.String(s)
	}
	d := norm.NFKD.String(s)
	buf := make([]byte, 0, len(d))
	for _, r := range d {
		if isLatinCombining(r) {
			continue
		}
		buf = utf8.AppendRune(buf, r)
	}
	return norm.NFC.String(string(buf))
}

// banglaNeedsNFC reports whether NFC could change a string of ASCII and
// Bengali-block text in a way that matters after tokenizeRaw: the au length
// mark ৗ or ে followed by া (both compose to a two-part vowel), a virama
// followed by a nukta (canonical reordering puts the nukta first), or the
// rare sandhi mark U+09FE (the only other Bengali mark with a non-zero
// combining class). NFC also
// decomposes ড় ঢ় য়, but tokenizeRaw composes them again, so those and
// ordinary nukta sequences need nothing. Skipping NFC in the common case
// keeps Normalize fast; TestNormalizeComposedDecomposed checks equivalence.
func banglaNeedsNFC(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != 0xE0 || (s[i+1] != 0xA6 && s[i+1] != 0xA7) {
			continue // not U+0980..U+09FF (E0 A6 xx, E0 A7 xx)
		}
		switch rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F) {
		case '\u09D7', '\u09FE': // ৗ; the sandhi mark reorders with virama and nukta
			return true
		case '\u09C7': // ে + া
			if i+5 < len(s) && s[i+3] == 0xE0 && s[i+4] == 0xA6 && s[i+5] == 0xBE {
				return true
			}
		case bnVirama: // ্ + ়
			if i+5 < len(s) && s[i+3] == 0xE0 && s[i+4] == 0xA6 && s[i+5] == 0xBC {
				return true
			}
		}
	}
	return false
}

func isLatinCombining(r rune) bool {
	return (r >= latinMarkMin && r <= latinMarkMax) ||
		(r >= 0x1AB0 && r <= 0x1AFF) || (r >= 0x1DC0 && r <= 0x1DFF) ||
		(r >= 0x20D0 && r <= 0x20FF) || (r >= 0xFE20 && r <= 0xFE2F)
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u2018', '\u2019', '\u02BC', '\u02BB', '\u2032':
		return true
	}
	return false
}

// lowerLatin lower-cases a Latin (or other-script) letter and folds the
// letters that have no decomposition (ø, ł, đ, ...) to ASCII.
func appendLower(buf []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(buf, byte(r))
	}
	r = unicode.ToLower(r)
	switch r {
	case 'ß':
		return append(buf, "ss"...)
	case 'æ':
		return append(buf, "ae"...)
	case 'œ':
		return append(buf, "oe"...)
	case 'þ':
		return append(buf, "th"...)
	case 'ø':
		r = 'o'
	case 'đ', 'ð':
		r = 'd'
	case 'ł':
		r = 'l'
	case 'ı':
		r = 'i'
	case 'ħ':
		r = 'h'
	case 'ŧ':
		r = 't'
	}
	return utf8.AppendRune(buf, r)
}

// tokenizeRaw splits s into normalised tokens without folding variants, and
// also returns all tokens joined by single spaces (the tokens' strings point
// into it, so a name costs one allocation however many words it has).
//
// Letters and combining marks make up words; a change between Bangla, Latin
// and other scripts starts a new word. Digits (Bangla digits become ASCII)
// stick to the word they touch. Apostrophes and invisible format characters
// (ZWJ, ZWNJ, ZWSP, BOM, soft hyphen, bidi marks) are removed without
// splitting. Everything else (spaces, punctuation, danda, visarga used as
// the abbreviation mark in মোঃ, symbols) separates words.
func tokenizeRaw(s string, dst []rawTok) ([]rawTok, string) {
	p := prepare(s)
	type span struct {
		start, end int
		script     Script
	}
	var spanBuf [16]span
	spans := spanBuf[:0]
	var stack [128]byte
	buf := stack[:0]
	start := 0 // start of the current token in buf
	cur := ScriptEmpty
	inTok := false
	for _, r := range p {
		switch {
		case r == zwj:
			// ত + ্ + ZWJ is the legacy encoding of khanda ta (ৎ).
			if inTok && hasSuffixRunes(buf[start:], bnTa, bnVirama) {
				buf = utf8.AppendRune(buf[:len(buf)-6], bnKhandaTa)
			}
			continue
		case r == bnNukta:
			// Compose ড+়, ঢ+়, য+় (NFC leaves them decomposed); drop a nukta
			// anywhere else, where Bangla has no use for it.
			if !inTok || cur != ScriptBangla {
				continue
			}
			last, size := utf8.DecodeLastRune(buf[start:])
			var c rune
			switch last {
			case bnDDa:
				c = bnRRa
			case bnDDha:
				c = bnRha
			case bnYa:
				c = bnYYa
			}
			if c != 0 {
				buf = utf8.AppendRune(buf[:len(buf)-size], c)
			}
			continue
		case r == bnAASign && inTok && cur == ScriptBangla && hasSuffixRunes(buf[start:], bnA):
			// অ + া is a common mistyping of আ.
			buf = utf8.AppendRune(buf[:len(buf)-3], bnAA)
			continue
		case isApostrophe(r):
			continue
		case r == bnVisarga:
			r = ' '
		case r >= bnDigitZero && r <= bnDigitNine:
			r = '0' + (r - bnDigitZero)
		}
		sc := letterScript(r)
		if sc == ScriptEmpty {
			switch {
			case unicode.IsDigit(r):
				// joins the current token, or starts one without a script
			case unicode.Is(unicode.Cf, r) || isLatinCombining(r):
				continue // invisible: drop
			case unicode.IsMark(r):
				// A mark of another script (Devanagari, Chakma, ...) stays
				// with the word it follows.
				sc = ScriptOther
				if inTok && cur != ScriptEmpty {
					sc = cur
				}
			default: // separator
				if inTok {
					spans = append(spans, span{start, len(buf), cur})
					inTok, cur = false, ScriptEmpty
				}
				continue
			}
		}
		if inTok && cur != ScriptEmpty && sc != ScriptEmpty && cur != sc {
			spans = append(spans, span{start, len(buf), cur})
			inTok, cur = false, ScriptEmpty
		}
		if !inTok {
			if len(spans) > 0 {
				buf = append(buf, ' ')
			}
			start, inTok = len(buf), true
		}
		if sc != ScriptEmpty {
			cur = sc
		}
		if sc == ScriptBangla || r < utf8.RuneSelf && !(r >= 'A' && r <= 'Z') {
			buf = utf8.AppendRune(buf, r)
		} else {
			buf = appendLower(buf, r)
		}
	}
	if inTok {
		spans = append(spans, span{start, len(buf), cur})
	}
	if len(spans) == 0 {
		return dst, ""
	}
	all := string(buf)
	for _, sp := range spans {
		dst = append(dst, rawTok{raw: all[sp.start:sp.end], script: sp.script})
	}
	return dst, all
}

// hasSuffixRunes reports whether buf ends with the UTF-8 encoding of rs.
func hasSuffixRunes(buf []byte, rs ...rune) bool {
	for i := len(rs) - 1; i >= 0; i-- {
		r, size := utf8.DecodeLastRune(buf)
		if size == 0 || r != rs[i] {
			return false
		}
		buf = buf[:len(buf)-size]
	}
	return true
}
