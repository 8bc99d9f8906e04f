package names

import "sort"

// Thresholds for Similarity, calibrated on the test tables in this package.
const (
	// DuplicateThreshold: at or above it, warn that the new record is likely
	// a person already registered.
	DuplicateThreshold = 0.85
	// ReviewThreshold: at or above it (and below DuplicateThreshold), list
	// the record as a possible match without warning.
	ReviewThreshold = 0.70
)

// Limits that keep Similarity cheap on hostile input. Real names are far
// below them.
const (
	maxSimTokens = 16 // tokens per name considered
	maxExact     = 8  // exact assignment when the shorter name has at most this many tokens
)

// tokInfo is a token prepared for comparison.
type tokInfo struct {
	norm   string
	script Script
	latin  string  // Latin canonical of a variant-table element, "" if none
	w      float64 // weight
	phons  []phon
}

func analyseToken(t token) tokInfo {
	ti := tokInfo{norm: t.text, script: t.script, w: 1}
	switch t.script {
	case ScriptLatin:
		if _, ok := classOf[t.text]; ok {
			ti.latin = t.text
		}
	case ScriptBangla:
		ti.latin = banglaLatin[t.text]
	case ScriptEmpty:
		ti.w = 0.5 // digits only
	}
	if ti.latin != "" {
		ti.w = classOf[ti.latin].weight()
	}
	if t.script == ScriptLatin || t.script == ScriptBangla {
		var bb [96]byte
		var eb [4]int
		buf, ends := appendReadings(t, bb[:0], eb[:0])
		all := string(buf)
		ti.phons = make([]phon, len(ends))
		start := 0
		for i, e := range ends {
			ti.phons[i] = analysePhon(all[start:e])
			start = e
		}
	}
	return ti
}

// vowelCompat is the cost of reading vowel p where the other spelling has q.
// a~o (inherent vowel), o~u, e~i and a~e alternate in Bangladeshi
// romanisation and cost 0.1; any other difference (i~u, a~i, ...) usually
// makes a different name (Rina/Runa, Jamal/Jamil) and costs 1.
func vowelCompat(p, q byte) float64 {
	p, q = vowelClass(p), vowelClass(q)
	if p == q {
		return 0
	}
	if p > q {
		p, q = q, p
	}
	switch [2]byte{p, q} {
	case [2]byte{'a', 'o'}, [2]byte{'o', 'u'}, [2]byte{'e', 'i'}, [2]byte{'a', 'e'}:
		return 0.1
	}
	return 1
}

func vowelClass(c byte) byte {
	switch c {
	case 'y':
		return 'i'
	case 'w':
		return 'u'
	}
	return c
}

// groupCost compares the vowels of one slot.
func groupCost(x, y string, final bool) float64 {
	if x == y {
		return 0
	}
	if x == "" || y == "" {
		o := x + y
		if final {
			if o == "o" {
				return 0.3 // Bangla final inherent vowel: শুভ "Shuvo"
			}
			return 1 // Rahim / Rahima
		}
		for i := 0; i < len(o); i++ {
			if o[i] == 'a' || o[i] == 'o' {
				return 0.1 // written or unwritten inherent vowel
			}
		}
		return 0.5
	}
	best := 1.0
	for i := 0; i < len(x); i++ {
		for k := 0; k < len(y); k++ {
			if c := vowelCompat(x[i], y[k]); c < best {
				best = c
			}
		}
	}
	return best
}

func vowelCost(a, b []string) float64 {
	if len(a) != len(b) {
		return 1
	}
	cost := 0.0
	for k := range a {
		cost += groupCost(a[k], b[k], k == len(a)-1 && k > 0)
	}
	return cost
}

// tokenSim scores two tokens in [0,1].
//
//   - 1 for the same normalised word, or the same variant-table element in
//     either script (মোঃ / Md.); 0 for two different table elements
//     (Hasan / Hossain, Begum / Khatun);
//   - 0.97 minus 0.47 x (vowel cost, capped at 1) when the phonetic keys are
//     equal: 0.97 for a clean transliteration (রহিম / Rahim), about 0.92
//     for one usual vowel alternation (Karim / Korim), 0.5 for an
//     incompatible vowel (Rina / Runa);
//   - otherwise a deflated Jaro-Winkler: j is the mean of the best of
//     JW(normalised words, same script only) and JW(phoneme strings), and
//     JW(keys); the score is 0.8 x clamp((j-0.7)/0.3): Ching / Chinu 0.58,
//     Rahim / Karim 0.
func tokenSim(a, b *tokInfo) float64 {
	if a.norm == b.norm || (a.latin != "" && a.latin == b.latin) {
		return 1
	}
	if a.latin != "" && b.latin != "" {
		return 0 // two different table elements: Hasan is not Hossain
	}
	best := -1.0
	for i := range a.phons {
		pa := &a.phons[i]
		for k := range b.phons {
			pb := &b.phons[k]
			if pa.key != "" && pa.key == pb.key {
				s := 0.97 - 0.47*min(1, vowelCost(pa.groups, pb.groups))
				best = max(best, s)
			}
		}
	}
	if best >= 0 {
		return best
	}
	jt, jk := 0.0, 0.0
	if a.script == b.script {
		jt = jaroWinkler(a.norm, b.norm)
	}
	if len(a.phons) == 0 || len(b.phons) == 0 {
		jk = jt
	}
	for i := range a.phons {
		for k := range b.phons {
			jt = max(jt, jaroWinkler(a.phons[i].ph, b.phons[k].ph))
			jk = max(jk, jaroWinkler(a.phons[i].key, b.phons[k].key))
		}
	}
	j := (jt + jk) / 2
	return 0.8 * min(1, max(0, (j-0.7)/0.3))
}

// Similarity returns a score in [0,1] saying how likely two names (in either
// script) belong to the same person. It is symmetric and ignores word order.
//
// Each name is tokenised and every token gets a weight: 0.15 for an
// honorific (Md., Mst., Haji, Sri...), 0.5 for a common surname, female
// suffix or clan name (Begum, Khatun, Akter, Islam, Hossain, Chakma,
// Marma...) and for digits, 1 for any other word. Tokens of the two names
// are paired one to one so that the sum of (wa+wb) x tokenSim is largest
// (an exact assignment for names of up to 8 tokens); the score is that sum
// divided by the total weight of both names, so an unpaired token costs half
// as much as a paired token that does not match. Two adjacent tokens are also
// tried as one word when that word matches a token of the other name
// ("Nur Jahan" / "Nurjahan"). A name without tokens scores 0 against
// anything.
//
// Use DuplicateThreshold (0.85) to warn about a likely duplicate and
// ReviewThreshold (0.70) to list possible matches.
func Similarity(a, b string) float64 {
	ta, _ := tokenize(a)
	tb, _ := tokenize(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	c := compareTokens(ta, tb)
	if c == 0 {
		return 1
	}
	if c > 0 { // canonical order makes the result exactly symmetric
		ta, tb = tb, ta
	}
	if len(ta) > maxSimTokens {
		ta = ta[:maxSimTokens]
	}
	if len(tb) > maxSimTokens {
		tb = tb[:maxSimTokens]
	}
	// Small stack buffers cover ordinary names (up to 6 tokens) without
	// zeroing kilobytes on every call.
	var abuf, bbuf [6]tokInfo
	A, B := abuf[:0], bbuf[:0]
	for _, t := range ta {
		A = append(A, analyseToken(t))
	}
	for _, t := range tb {
		B = append(B, analyseToken(t))
	}
	var sbuf [36]float64
	sims := simMatrix(A, B, sbuf[:0])
	score := matchScore(A, B, sims)
	if score < 1 && len(A) <= maxExact && len(B) <= maxExact {
		var bestA, bestB [maxExact]float64
		for i := range A {
			for k := range B {
				v := sims[i*len(B)+k]
				bestA[i] = max(bestA[i], v)
				bestB[k] = max(bestB[k], v)
			}
		}
		score = max(score, mergedScore(A, B, ta, bestA[:len(A)], false), mergedScore(B, A, tb, bestB[:len(B)], true))
	}
	return min(1, max(0, score))
}

// simMatrix appends tokenSim for every pair to m, row-major with a's tokens
// as rows.
func simMatrix(a, b []tokInfo, m []float64) []float64 {
	for i := range a {
		for k := range b {
			m = append(m, tokenSim(&a[i], &b[k]))
		}
	}
	return m
}

// compareTokens orders two token lists by their canonical texts.
func compareTokens(a, b []token) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].text != b[i].text {
			if a[i].text < b[i].text {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// mergedScore tries joining two adjacent tokens of x that together match a
// token of y, and returns the best score found (0 if none). best holds the
// best tokenSim of each token of x; a pair whose tokens both already match
// well is not worth joining. swapped tells that x is the second name, so the
// result is computed in the same orientation as the unmerged score.
func mergedScore(x, y []tokInfo, xt []token, best []float64, swapped bool) float64 {
	top := 0.0
	for i := 0; i+1 < len(xt); i++ {
		if best[i] >= 0.9 && best[i+1] >= 0.9 {
			continue
		}
		if xt[i].script != xt[i+1].script || (xt[i].script != ScriptLatin && xt[i].script != ScriptBangla) ||
			x[i].w < 0.5 || x[i+1].w < 0.5 {
			continue // never glue an honorific to a name
		}
		j := analyseToken(token{text: xt[i].raw + xt[i+1].raw, script: xt[i].script})
		clean := cleanJoin(&j, &x[i], &x[i+1])
		hit := false
		for k := range y {
			if tokenSim(&j, &y[k]) >= 0.9 && (clean || samePhonemeLength(&j, &y[k])) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		merged := make([]tokInfo, 0, len(x)-1)
		merged = append(merged, x[:i]...)
		merged = append(merged, j)
		merged = append(merged, x[i+2:]...)
		if swapped {
			top = max(top, matchScore(y, merged, simMatrix(y, merged, nil)))
		} else {
			top = max(top, matchScore(merged, y, simMatrix(merged, y, nil)))
		}
	}
	return top
}

// cleanJoin reports whether the joined token's key is exactly the two parts'
// keys side by side, so that no consonant was lost at the seam: "Nur"+"Jahan"
// gives nrjhn = nr+jhn, but "Rahim"+"Mia" collapses the doubled m (rhm).
func cleanJoin(j, a, b *tokInfo) bool {
	if len(j.phons) == 0 || len(a.phons) == 0 || len(b.phons) == 0 {
		return false
	}
	kb := b.phons[0].key
	want := len(a.phons[0].key) + len(kb)
	if len(kb) > 0 && kb[0] == 'a' && len(a.phons[0].key) > 0 {
		want-- // the second part's initial-vowel mark disappears inside a word
	}
	return len(j.phons[0].key) == want
}

// samePhonemeLength reports whether two tokens' first readings have phoneme
// strings of about the same length. A join that lost a consonant at the seam
// is accepted only then: "Abdur"+"Rahman" (abdurrahman) for "Abdurrahman",
// but not "Rahim"+"Mia" (rahimmia) for "Rahima".
func samePhonemeLength(a, b *tokInfo) bool {
	if len(a.phons) == 0 || len(b.phons) == 0 {
		return false
	}
	d := len(a.phons[0].ph) - len(b.phons[0].ph)
	return d >= -1 && d <= 1
}

// matchScore pairs the tokens of a and b (sims from simMatrix(a, b)) and
// returns the weighted score.
func matchScore(a, b []tokInfo, sims []float64) float64 {
	total := 0.0
	for i := range a {
		total += a[i].w
	}
	for i := range b {
		total += b[i].w
	}
	if total == 0 {
		return 0
	}
	// rows: the longer list, cols: the shorter one.
	rows, cols := len(a), len(b)
	transposed := cols > rows
	if transposed {
		rows, cols = cols, rows
	}
	var vbuf [36]float64
	v := vbuf[:0]
	if rows*cols <= len(vbuf) {
		v = vbuf[:rows*cols]
	} else {
		v = make([]float64, rows*cols)
	}
	for i := range a {
		for k := range b {
			x := (a[i].w + b[k].w) * sims[i*len(b)+k]
			if transposed {
				v[k*cols+i] = x
			} else {
				v[i*cols+k] = x
			}
		}
	}
	var got float64
	if cols <= maxExact {
		got = exactAssignment(v, rows, cols)
	} else {
		got = greedyAssignment(v, rows, cols)
	}
	return got / total
}

// exactAssignment maximises the sum of v over one-to-one pairings by dynamic
// programming over the subsets of columns (cols <= 8).
func exactAssignment(v []float64, rows, cols int) float64 {
	var small [16]float64
	dp := small[:]
	if cols > 4 {
		dp = make([]float64, 1<<cols)
	}
	full := 1<<cols - 1
	for i := 0; i < rows; i++ {
		for mask := full; mask >= 0; mask-- {
			base := dp[mask]
			for k := 0; k < cols; k++ {
				bit := 1 << k
				if mask&bit != 0 {
					continue
				}
				if s := base + v[i*cols+k]; s > dp[mask|bit] {
					dp[mask|bit] = s
				}
			}
		}
	}
	best := 0.0
	for mask := 0; mask <= full; mask++ {
		best = max(best, dp[mask])
	}
	return best
}

// greedyAssignment pairs the highest values first.
func greedyAssignment(v []float64, rows, cols int) float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return v[idx[x]] > v[idx[y]] })
	usedR := make([]bool, rows)
	usedC := make([]bool, cols)
	sum := 0.0
	for _, p := range idx {
		r, c := p/cols, p%cols
		if usedR[r] || usedC[c] || v[p] <= 0 {
			continue
		}
		usedR[r], usedC[c] = true, true
		sum += v[p]
	}
	return sum
}
