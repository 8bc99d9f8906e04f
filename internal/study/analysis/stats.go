package analysis

import "math"

// Z95 is the standard normal quantile of a two-sided 95% interval.
const Z95 = 1.959963984540054

// MinCell is the smallest count shown: cells of 1 to MinCell-1
// respondents are suppressed.
const MinCell = 5

// Wilson returns the 95% Wilson score interval of a proportion p observed
// on n (possibly effective, non-integer) respondents, as fractions. n <= 0
// gives [0, 1].
func Wilson(p, n float64) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	p = math.Min(1, math.Max(0, p))
	z := Z95
	z2 := z * z
	den := 1 + z2/n
	centre := (p + z2/(2*n)) / den
	half := z * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / den
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

// KishNEff is Kish's effective sample size (Σw)²/Σw² of weights.
func KishNEff(weights []float64) float64 {
	var s, s2 float64
	for _, w := range weights {
		s += w
		s2 += w * w
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}
