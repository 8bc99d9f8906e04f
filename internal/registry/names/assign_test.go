package names

import (
	"math"
	"math/rand/v2"
	"testing"
)

// bruteAssignment tries every injective map from rows to columns-or-nothing.
func bruteAssignment(v []float64, rows, cols int, r int, used []bool) float64 {
	if r == rows {
		return 0
	}
	best := bruteAssignment(v, rows, cols, r+1, used) // row r unpaired
	for k := 0; k < cols; k++ {
		if used[k] {
			continue
		}
		used[k] = true
		best = max(best, v[r*cols+k]+bruteAssignment(v, rows, cols, r+1, used))
		used[k] = false
	}
	return best
}

func TestExactAssignment(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		cols := 1 + rng.IntN(6)
		rows := cols + rng.IntN(2)
		v := make([]float64, rows*cols)
		for i := range v {
			if rng.IntN(3) > 0 {
				v[i] = rng.Float64() * 2
			}
		}
		got := exactAssignment(v, rows, cols)
		want := bruteAssignment(v, rows, cols, 0, make([]bool, cols))
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("%dx%d: exact %v, brute force %v", rows, cols, got, want)
		}
		if g := greedyAssignment(v, rows, cols); g > want+1e-9 {
			t.Fatalf("greedy %v beats optimum %v", g, want)
		}
	}
}

func TestSimilarityLongNames(t *testing.T) {
	a := "Md. Abdul Karim Rahim Uddin Ahmed Chowdhury Mia Sheikh Babu Sarkar Bhuiyan"
	b := "Bhuiyan Sarkar Babu Sheikh Mia Chowdhury Ahmed Uddin Rahim Karim Abdul Md"
	c := "Mohammad Abdul Korim Rohim Uddeen Ahmad Choudhury Miah Sk Babu Sarker Bhuiya"
	if s := Similarity(a, b); s != 1 {
		t.Errorf("reordered long name: %v", s)
	}
	s, r := Similarity(a, c), Similarity(c, a)
	if s != r || s < DuplicateThreshold || s > 1 {
		t.Errorf("long variant names: %v / %v", s, r)
	}
	if s := Similarity(a, "Rina Begum Akter Khatun Nessa Bibi Sultana Jahan Nahar Parvin"); s >= ReviewThreshold {
		t.Errorf("unrelated long names: %v", s)
	}
}
