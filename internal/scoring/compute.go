package scoring

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Compute scores one submission. values are its answers by key
// (instance.Instance.Values: "economic/food_insecurity"); questions that
// were not asked or not relevant are absent or empty.
//
// An item's score is its option's score (1 minus it for a reversed item)
// or the score of the band its number falls in. An item that is not
// answered, answered with a missing option ("dont_know", "refused"), with
// an unknown option or with a number outside every band has no score and
// does not count. A dimension's score is the weighted mean of its answered
// items, computed only when the answered items carry at least
// MinAnsweredShare of the dimension's item weight. The composite is the
// weighted mean of the dimension scores, by dimension weight, and needs
// every dimension scored. Nothing is rounded (see Round3 for display).
//
// Compute does not change d and is safe for concurrent use.
func (d *Definition) Compute(values map[string]string) Result {
	nd, ni := len(d.Dimensions), len(d.Items)
	// One block holds every score the result points at.
	scores := make([]float64, ni+nd+1)
	r := Result{Dimensions: make([]DimensionScore, nd), Items: make([]ItemScore, ni)}
	type sums struct{ total, answered, weighted float64 }
	var buf [8]sums
	acc := buf[:0]
	if nd <= len(buf) {
		acc = buf[:nd]
	} else {
		acc = make([]sums, nd)
	}
	for i := range d.Items {
		it := &d.Items[i]
		v := values[it.Key]
		r.Items[i] = ItemScore{Question: it.Question, Answer: v}
		di := d.dimensionIndex(it.Dimension)
		if di < 0 {
			continue
		}
		acc[di].total += it.Weight
		s, ok := it.Score(v)
		if !ok {
			continue
		}
		scores[i] = s
		r.Items[i].Score = &scores[i]
		acc[di].answered += it.Weight
		acc[di].weighted += it.Weight * s
	}
	complete := nd > 0
	var sumW, sumWS float64
	for i, dim := range d.Dimensions {
		ds := DimensionScore{Name: dim.Name}
		a := acc[i]
		if a.total > 0 {
			ds.AnsweredShare = a.answered / a.total
		}
		if a.answered > 0 && ds.AnsweredShare >= d.MinAnsweredShare {
			scores[ni+i] = a.weighted / a.answered
			ds.Score = &scores[ni+i]
			sumW += dim.Weight
			sumWS += dim.Weight * scores[ni+i]
		} else {
			complete = false
		}
		r.Dimensions[i] = ds
	}
	if complete && sumW > 0 {
		scores[ni+nd] = sumWS / sumW
		r.Composite = &scores[ni+nd]
		if t := d.ThresholdOf(scores[ni+nd]); t != nil {
			r.Threshold = t.Name
		}
	}
	return r
}

// Score returns the item's score for the answer v, and false when v does
// not count: empty, a missing option, an unknown option, not a number or a
// number outside every band.
func (it *Item) Score(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var s float64
	if len(it.Bands) > 0 {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(n) {
			return 0, false
		}
		found := false
		for _, b := range it.Bands {
			if b.Contains(n) {
				s, found = b.Score, true
				break
			}
		}
		if !found {
			return 0, false
		}
	} else {
		var ok bool
		if s, ok = it.Options[v]; !ok {
			return 0, false
		}
	}
	if it.Reverse {
		s = 1 - s
	}
	return s, true
}

// dimensionIndex returns the index of the named dimension, or -1. A
// definition has a handful of dimensions, so a scan beats a map.
func (d *Definition) dimensionIndex(name string) int {
	for i := range d.Dimensions {
		if d.Dimensions[i].Name == name {
			return i
		}
	}
	return -1
}

// Dimension returns the named dimension, or nil.
func (d *Definition) Dimension(name string) *Dimension {
	if i := d.dimensionIndex(name); i >= 0 {
		return &d.Dimensions[i]
	}
	return nil
}

// Item returns the item scoring the named question, or nil.
func (d *Definition) Item(question string) *Item {
	for i := range d.Items {
		if d.Items[i].Question == question {
			return &d.Items[i]
		}
	}
	return nil
}

// ThresholdOf returns the threshold the score s falls in (Min <= s < Max,
// the last one including its Max), or nil.
func (d *Definition) ThresholdOf(s float64) *Threshold {
	last := len(d.Thresholds) - 1
	for i := range d.Thresholds {
		t := &d.Thresholds[i]
		if s >= t.Min && (s < t.Max || (i == last && s <= t.Max)) {
			return t
		}
	}
	return nil
}

// Weakest returns up to n answered items of the dimension in r, lowest
// score first; ties go to the item with the higher weight (it pulls the
// dimension down more), then to the one earlier in the form. It is what a
// counsellor looks at first. r must come from d.Compute.
func (d *Definition) Weakest(r Result, dimension string, n int) []ItemScore {
	type cand struct {
		idx    int
		score  float64
		weight float64
		is     ItemScore
	}
	var cs []cand
	for i, is := range r.Items {
		if is.Score == nil {
			continue
		}
		it := d.itemFor(i, is.Question)
		if it == nil || it.Dimension != dimension {
			continue
		}
		cs = append(cs, cand{i, *is.Score, it.Weight, is})
	}
	sort.SliceStable(cs, func(a, b int) bool {
		if cs[a].score != cs[b].score {
			return cs[a].score < cs[b].score
		}
		if cs[a].weight != cs[b].weight {
			return cs[a].weight > cs[b].weight
		}
		return cs[a].idx < cs[b].idx
	})
	if n < 0 {
		n = 0
	}
	if len(cs) > n {
		cs = cs[:n]
	}
	out := make([]ItemScore, len(cs))
	for i, c := range cs {
		out[i] = c.is
	}
	return out
}

// itemFor finds the item of the i-th item score of a result: the same
// index when the result came from this definition, else by question.
func (d *Definition) itemFor(i int, question string) *Item {
	if i < len(d.Items) && d.Items[i].Question == question {
		return &d.Items[i]
	}
	return d.Item(question)
}

// Hash returns the hex SHA-256 of the definition's canonical JSON (map keys
// sorted, fields in declaration order): two uploads with the same hash
// score every submission alike, so a caller can tell whether an upload
// changed the scoring.
func (d *Definition) Hash() string {
	data, err := json.Marshal(d)
	if err != nil { // only a number JSON cannot hold (NaN, infinity), which Validate refuses
		data = fmt.Appendf(nil, "%#v", *d)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Round3 rounds a score to three decimals, for display only: scores are
// stored and compared unrounded.
func Round3(f float64) float64 {
	return math.Round(f*1000) / 1000
}
