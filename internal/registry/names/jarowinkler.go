package names

import "unicode/utf8"

// jaroWinkler returns the Jaro-Winkler similarity of a and b, computed on
// runes (not bytes), so a Bangla letter counts as one character. It uses
// the usual parameters: prefix scale 0.1, at most 4 prefix characters, and
// the prefix bonus only when the Jaro similarity exceeds 0.7. Two empty
// strings score 1; one empty string scores 0.
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	var sa, sb [maxJWRunes]rune
	ra := toRunes(a, sa[:0])
	rb := toRunes(b, sb[:0])
	return jaroWinklerRunes(ra, rb)
}

// maxJWRunes bounds the work on hostile input: only the first 64 runes of
// each string are compared (the cost is quadratic in length). No real name
// word comes close.
const maxJWRunes = 64

func toRunes(s string, buf []rune) []rune {
	for i := 0; i < len(s) && len(buf) < maxJWRunes; {
		c := s[i]
		if c < utf8.RuneSelf {
			buf = append(buf, rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		buf = append(buf, r)
		i += size
	}
	return buf
}

func jaroWinklerRunes(a, b []rune) float64 {
	j := jaro(a, b)
	if j <= 0.7 {
		return j
	}
	l := 0
	for l < 4 && l < len(a) && l < len(b) && a[l] == b[l] {
		l++
	}
	return j + float64(l)*0.1*(1-j)
}

func jaro(a, b []rune) float64 {
	la, lb := len(a), len(b)
	if la == 0 && lb == 0 {
		return 1
	}
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var fa, fb [64]bool
	ma, mb := fa[:0], fb[:0]
	if la <= len(fa) {
		ma = fa[:la]
	} else {
		ma = make([]bool, la)
	}
	if lb <= len(fb) {
		mb = fb[:lb]
	} else {
		mb = make([]bool, lb)
	}
	m := 0
	for i := 0; i < la; i++ {
		lo := max(0, i-window)
		hi := min(lb-1, i+window)
		for k := lo; k <= hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t := 0
	k := 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	return (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
}
