package names

import "unicode/utf8"

// Phonetic key
//
// Every token is first turned into a phoneme string over a small ASCII
// alphabet, the same for both scripts:
//
//	consonants  b c d f g h j k l m n p r s t   (and digits, kept as they are)
//	vowels      a e i o u, plus y and w, which count as vowels
//
// The key is the consonant skeleton of that string: an "a" if the token
// starts with a vowel, then the consonants, a consonant equal to the one
// before it (doubled, or repeated across a vowel) counted once, and a
// word-final h dropped. Vowel identity is not in the key
// (Bangla does not write the inherent vowel; Latin spellings write it as a
// or o, and write ে as e, a or ai). Similarity compares the vowels
// separately, slot by slot.
//
// Latin to phonemes (after lower-casing and accent removal):
//
//	kh gh jh th dh bh rh -> k g j t d b r   (aspirates folded)
//	ch chh -> c          sh -> s           ph -> f
//	c -> k (ck -> k)     q -> k, final que -> k
//	x -> ks              v -> b            z, zh -> j
//	y, w -> vowels       other letters unchanged
//
// Bangla to phonemes (romanisation with aspirates already folded):
//
//	ক খ -> k   গ ঘ -> g   ঙ ং -> ng (n before ক খ গ ঘ)   চ -> c
//	ছ -> c or s (both keys)
//	জ ঝ য -> j   ঞ ণ ন -> n   ট ঠ ত থ ৎ -> t   ড ঢ দ ধ -> d
//	প -> p   ফ -> f   ব ভ -> b   ম -> m   র ড় ঢ় -> r   ল -> l
//	শ ষ স -> s   হ -> h   য় -> y   ঁ -> n or nothing (both keys)
//	vowels: অ আ া -> a, ই ঈ ি ী -> i, উ ঊ ু ূ -> u, এ ে -> e, ও ো -> o,
//	ঐ ৈ -> oi, ঔ ৌ -> ou, ঋ ৃ -> ri
//	inherent vowel: "a" after a consonant that has no vowel sign or virama,
//	except word-finally (schwa deletion); "o" after a word-final conjunct
//	(শান্ত -> santo)
//	ya-phala (্য) -> y; ba-phala (্ব, except after ম and ব) -> w, so
//	বিশ্বাস and "Biswas" agree
//
// A Bangla token found in the variant table uses the phonemes of its Latin
// canonical spelling, so হোসেন and "Hossain" have the same key by
// construction.

// phon is one phonetic reading of a token.
type phon struct {
	ph     string   // phoneme string
	key    string   // consonant skeleton
	groups []string // vowel groups: [0] before the first key consonant, [k] after the k-th one
}

func isPhVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
		return true
	}
	return false
}

// latinPhonemes maps a normalised Latin token to phonemes. Letters outside
// a-z (e.g. ŋ) are ignored; digits are kept.
func latinPhonemes(s string, out []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'l', 'm', 'n', 'f', 'h':
			out = append(out, c)
		case 'k', 'g', 't', 'd', 'b', 'j', 'r':
			out = append(out, c)
			if next == 'h' {
				i++
			}
		case 's':
			out = append(out, 's')
			if next == 'h' {
				i++
			}
		case 'z':
			out = append(out, 'j')
			if next == 'h' {
				i++
			}
		case 'p':
			if next == 'h' {
				out = append(out, 'f')
				i++
			} else {
				out = append(out, 'p')
			}
		case 'c':
			switch next {
			case 'h':
				out = append(out, 'c')
				i++
				if i+1 < len(s) && s[i+1] == 'h' { // chh
					i++
				}
			case 'k':
				// ck: the k follows
			default:
				out = append(out, 'k')
			}
		case 'q':
			out = append(out, 'k')
			if i+3 == len(s) && next == 'u' && s[i+2] == 'e' { // Haque, Faruque
				i += 2
			}
		case 'x':
			out = append(out, 'k', 's')
		case 'v':
			out = append(out, 'b')
		default:
			if c >= '0' && c <= '9' {
				out = append(out, c)
			}
		}
	}
	return out
}

// Placeholders in Bangla phoneme strings for letters with two usual
// romanisations; expanded by expandPlaceholders.
const (
	phChha  = 'C' // ছ: "ch" (chhaya) or "s" (Saleha, Mosammat)
	phNasal = 'N' // ঁ: "n" (Chand, Bhuiyan) or nothing
)

var bnConsonants = map[rune]string{
	'ক': "k", 'খ': "k", 'গ': "g", 'ঘ': "g", 'ঙ': "ng",
	'চ': "c", 'ছ': string(phChha), 'জ': "j", 'ঝ': "j", 'ঞ': "n",
	'ট': "t", 'ঠ': "t", 'ড': "d", 'ঢ': "d", 'ণ': "n",
	'ত': "t", 'থ': "t", 'দ': "d", 'ধ': "d", 'ন': "n",
	'প': "p", 'ফ': "f", 'ব': "b", 'ভ': "b", 'ম': "m",
	'য': "j", 'র': "r", 'ল': "l", 'শ': "s", 'ষ': "s", 'স': "s", 'হ': "h",
	bnRRa: "r", bnRha: "r", bnYYa: "y",
}

// bnVowel returns the phonemes of an independent vowel or a vowel sign.
func bnVowel(r rune) (string, bool) {
	switch r {
	case 'অ', 'আ', 'া':
		return "a", true
	case 'ই', 'ঈ', 'ি', 'ী':
		return "i", true
	case 'উ', 'ঊ', 'ু', 'ূ', '\u09D7':
		return "u", true
	case 'ঋ', 'ৃ', 'ৠ', 'ৄ':
		return "ri", true
	case 'ঌ', 'ৢ', 'ৡ', 'ৣ':
		return "li", true
	case 'এ', 'ে':
		return "e", true
	case 'ঐ', 'ৈ':
		return "oi", true
	case 'ও', 'ো':
		return "o", true
	case 'ঔ', 'ৌ':
		return "ou", true
	}
	return "", false
}

func isBnVowelSign(r rune) bool {
	return (r >= 0x09BE && r <= 0x09CC) || r == 0x09D7 || r == 0x09E2 || r == 0x09E3
}

// banglaPhonemes romanises a normalised Bangla token (may contain placeholders).
func banglaPhonemes(s string, out []byte) []byte {
	var stack [32]rune
	rs := stack[:0]
	for _, r := range s {
		rs = append(rs, r)
	}
	n := len(rs)
	for i := 0; i < n; i++ {
		r := rs[i]
		if c, ok := bnConsonants[r]; ok {
			if r == 'ঙ' && velarFollows(rs, i) {
				c = "n" // ঙ্ক ঙ্গ: Latin writes nk, ng (দীপঙ্কর Dipankar)
			}
			if i >= 2 && rs[i-1] == bnVirama {
				if _, prevCons := bnConsonants[rs[i-2]]; prevCons {
					switch r {
					case 'য':
						c = "y" // ya-phala
					case 'ব':
						if rs[i-2] != 'ম' && rs[i-2] != 'ব' {
							c = "w" // ba-phala
						}
					}
				}
			}
			out = append(out, c...)
			if i+1 < n {
				nx := rs[i+1]
				if !isBnVowelSign(nx) && nx != bnVirama && nx != bnNukta {
					out = append(out, 'a') // inherent vowel
				}
			} else if i >= 2 && rs[i-1] == bnVirama {
				out = append(out, 'o') // final conjunct keeps its vowel
			}
			continue
		}
		if v, ok := bnVowel(r); ok {
			out = append(out, v...)
			continue
		}
		switch {
		case r == 'ং':
			if velarFollows(rs, i) {
				out = append(out, 'n') // ংক: পিংকি Pinki
			} else {
				out = append(out, 'n', 'g')
			}
		case r == 'ঃ':
			out = append(out, 'h')
		case r == 'ঁ':
			out = append(out, phNasal)
		case r == bnKhandaTa:
			out = append(out, 't')
		case r < utf8.RuneSelf && r >= '0' && r <= '9':
			out = append(out, byte(r))
		}
	}
	return out
}

// velarFollows reports whether rs[i] is followed, directly or after a
// virama, by ক খ গ or ঘ.
func velarFollows(rs []rune, i int) bool {
	j := i + 1
	if j < len(rs) && rs[j] == bnVirama {
		j++
	}
	if j >= len(rs) {
		return false
	}
	switch rs[j] {
	case 'ক', 'খ', 'গ', 'ঘ':
		return true
	}
	return false
}

// expandPlaceholders appends the readings of a Bangla phoneme string to
// buf and their end offsets to ends: the first two ambiguous letters get both
// readings (at most four strings), later ones their first reading only.
func expandPlaceholders(ph, buf []byte, ends []int) ([]byte, []int) {
	amb := 0
	for _, c := range ph {
		if c == phChha || c == phNasal {
			amb++
		}
	}
	amb = min(amb, 2)
	for mask := 0; mask < 1<<amb; mask++ {
		k := 0
		for _, c := range ph {
			switch c {
			case phChha, phNasal:
				alt := k < amb && mask&(1<<k) != 0
				k++
				switch {
				case c == phChha && alt:
					buf = append(buf, 's')
				case c == phChha:
					buf = append(buf, 'c')
				case !alt:
					buf = append(buf, 'n')
				}
			default:
				buf = append(buf, c)
			}
		}
		ends = append(ends, len(buf))
	}
	return buf, ends
}

// skeleton appends the key of a phoneme string to key. If ends is non-nil,
// it also appends the vowel groups to vowels (concatenated) and the end
// offset of each group in vowels to ends: one group before the first key
// consonant and one after each key consonant, so two strings with the same
// key have the same number of groups. (Slices in and out rather than a
// struct pointer, so callers' stack buffers stay on the stack.)
func skeleton(ph, key, vowels []byte, ends []int) ([]byte, []byte, []int) {
	g := ends != nil
	i := 0
	for i < len(ph) && isPhVowel(ph[i]) {
		i++
	}
	if i > 0 {
		key = append(key, 'a')
	}
	if g {
		vowels = append(vowels, ph[:i]...)
		ends = append(ends, len(vowels))
	}
	var last byte // last consonant put in the key
	nc := 0
	for ; i < len(ph); i++ {
		c := ph[i]
		if isPhVowel(c) {
			if g {
				vowels = append(vowels, c)
			}
			continue
		}
		if c == last || (c == 'h' && i == len(ph)-1) {
			// A repeated consonant, even across a vowel (Mosharraf /
			// মোশাররফ, Momtaz / মমতাজ, where Bangla writes a silent
			// inherent vowel between the two), or a word-final h: not in
			// the key.
			continue
		}
		if g && nc > 0 {
			ends = append(ends, len(vowels))
		}
		key = append(key, c)
		last = c
		nc++
	}
	if g && nc > 0 {
		ends = append(ends, len(vowels))
	}
	return key, vowels, ends
}

// keyOf returns just the key of a phoneme string.
func keyOf(ph, key []byte) []byte {
	key, _, _ = skeleton(ph, key, nil, nil)
	return key
}

// appendReadings appends the phoneme readings of a token to buf (one, or up
// to four for Bangla letters with two usual readings) and the end offset of
// each to ends; nothing for tokens of other scripts.
func appendReadings(t token, buf []byte, ends []int) ([]byte, []int) {
	switch t.script {
	case ScriptLatin, ScriptEmpty:
		buf = latinPhonemes(t.text, buf)
		return buf, append(ends, len(buf))
	case ScriptBangla:
		if l, ok := banglaLatin[t.text]; ok {
			buf = latinPhonemes(l, buf)
			return buf, append(ends, len(buf))
		}
		start := len(buf)
		buf = banglaPhonemes(t.text, buf)
		for _, c := range buf[start:] {
			if c == phChha || c == phNasal {
				var tmp [64]byte
				ph := append(tmp[:0], buf[start:]...)
				return expandPlaceholders(ph, buf[:start], ends)
			}
		}
		return buf, append(ends, len(buf))
	}
	return buf, ends
}

// phonemeReadings returns the phoneme readings of a token as strings.
func phonemeReadings(t token) []string {
	var bb [96]byte
	var eb [4]int
	buf, ends := appendReadings(t, bb[:0], eb[:0])
	if len(ends) == 0 {
		return nil
	}
	all := string(buf)
	out := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		out[i] = all[start:e]
		start = e
	}
	return out
}

// analysePhon computes key and vowel groups of one reading.
func analysePhon(ph string) phon {
	var pb [64]byte
	var kb [32]byte
	var vb [32]byte
	var eb [16]int
	key, vowels, ends := skeleton(append(pb[:0], ph...), kb[:0], vb[:0], eb[:0])
	nk := len(key)
	s := string(append(key, vowels...)) // key and vowels share one allocation
	gs := make([]string, len(ends))
	start := 0
	for i, e := range ends {
		gs[i] = s[nk+start : nk+e]
		start = e
	}
	return phon{ph: ph, key: s[:nk], groups: gs}
}
