package names

import (
	"unicode"
	"unicode/utf8"
)

// KeyPrefix marks a phonetic key among the terms returned by SearchKeys and
// QueryKeys, so a key ("~rhm") can never collide with a normalised word.
const KeyPrefix = "~"

// SearchKeys returns the index terms to store for a name: its normalised
// tokens (see Tokens), then the unfolded spellings (below), then, prefixed with KeyPrefix, the phonetic key of
// every Latin or Bangla token (two to four keys for a Bangla token containing
// ছ or ঁ, which have two usual romanisations). Terms are unique and in a
// stable order. A name typed in Bangla and its usual Latin transliteration
// share their keys: SearchKeys("রহিম") and SearchKeys("Rahim") both contain
// "~rhm".
//
// When a token was folded by the variant table, its spelling before folding
// is stored too (after all the normalised tokens), so that a partial query
// such as "Akh" still finds a name registered as "Akhter" by prefix.
func SearchKeys(s string) []string {
	toks, _ := tokenize(s)
	return appendTerms(nil, toks, true)
}

// QueryKeys returns the terms to look up for a typed query, by the same rules
// as SearchKeys. The query's last word may be unfinished, so it is also
// returned as prefix: the normalised last word before variant folding (so
// "Most" stays "most" and can still find "Mostafa"), to be matched against
// stored words by prefix. prefix is "" when the query ends in a space or
// punctuation (the last word is complete) or has no words.
func QueryKeys(q string) (terms []string, prefix string) {
	toks, _ := tokenize(q)
	terms = appendTerms(nil, toks, false)
	if len(toks) == 0 {
		return terms, ""
	}
	if r, _ := utf8.DecodeLastRuneInString(q); r == bnVisarga || r == '\u0964' || r == '\u0965' ||
		unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
		return terms, ""
	}
	return terms, toks[len(toks)-1].raw
}

func appendTerms(out []string, toks []token, raw bool) []string {
	if len(toks) == 0 {
		return out
	}
	set := termSet{out: make([]string, 0, 3*len(toks))}
	for _, t := range toks {
		set.add(t.text)
	}
	if raw {
		for _, t := range toks {
			if t.raw != t.text {
				set.add(t.raw)
			}
		}
	}
	var kb [32]byte
	var pb [96]byte
	var eb [4]int
	for _, t := range toks {
		if t.script != ScriptLatin && t.script != ScriptBangla {
			continue
		}
		buf, ends := appendReadings(t, pb[:0], eb[:0])
		start := 0
		for _, e := range ends {
			k := append(kb[:0], KeyPrefix...)
			k = keyOf(buf[start:e], k)
			start = e
			if len(k) > len(KeyPrefix) {
				set.addBytes(k)
			}
		}
	}
	return append(out, set.out...)
}

// termSet keeps terms unique and in order: a linear scan for the usual
// handful of terms, a map once there are many (no quadratic blow-up on a
// hostile 1 MB "name").
type termSet struct {
	out  []string
	seen map[string]struct{}
}

const termSetLinear = 32

func (s *termSet) has(b []byte) bool {
	if s.seen != nil {
		_, ok := s.seen[string(b)]
		return ok
	}
	for _, o := range s.out {
		if o == string(b) {
			return true
		}
	}
	return false
}

func (s *termSet) add(t string) {
	if !s.has([]byte(t)) {
		s.insert(t)
	}
}

func (s *termSet) addBytes(b []byte) {
	if !s.has(b) {
		s.insert(string(b))
	}
}

func (s *termSet) insert(t string) {
	s.out = append(s.out, t)
	if s.seen != nil {
		s.seen[t] = struct{}{}
	} else if len(s.out) > termSetLinear {
		s.seen = make(map[string]struct{}, 2*len(s.out))
		for _, o := range s.out {
			s.seen[o] = struct{}{}
		}
	}
}

// Weight says how much a typed word tells one person from another: 0.15
// for an honorific (Md., Mst., Sri), 0.5 for a common surname, female
// suffix or clan name (Begum, Islam, Chakma), 1 for any other word, 0 for
// no word. A search starts from its most telling word.
func Weight(word string) float64 {
	toks, _ := tokenize(word)
	if len(toks) == 0 {
		return 0
	}
	return analyseToken(toks[0]).w
}
