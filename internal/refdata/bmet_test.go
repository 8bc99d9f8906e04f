package refdata

import (
	"math"
	"slices"
	"testing"
)

func TestSkillCategories(t *testing.T) {
	cats := SkillCategories()
	codes := []string{}
	share, workers := 0.0, 0
	for _, c := range cats {
		codes = append(codes, c.Code)
		share += c.Share2024Pct
		workers += c.Workers2024
		if c.NameEN == "" || c.NameBN == "" || c.Name("bn") != c.NameBN || len(c.Examples) == 0 || len(c.ISCOMajorGroups) == 0 {
			t.Errorf("incomplete category %+v", c)
		}
		for _, m := range c.ISCOMajorGroups {
			if o, ok := ISCO(m); !ok || o.Level != 1 {
				t.Errorf("%s maps to %q, not an ISCO major group", c.Code, m)
			}
		}
		if got, ok := Skill(c.Code); !ok || got.Code != c.Code {
			t.Errorf("Skill(%s) = %+v, %v", c.Code, got, ok)
		}
	}
	if want := []string{"professional", "skilled", "semi_skilled", "less_skilled"}; !slices.Equal(codes, want) {
		t.Errorf("categories %v, want %v", codes, want)
	}
	if math.Abs(share-100) > 0.01 {
		t.Errorf("2024 shares sum to %.2f", share)
	}
	if s, _ := Skill("skilled"); !slices.Equal(s.ISCOMajorGroups, []string{"7", "8", "5"}) || s.NameBN != "দক্ষ" {
		t.Errorf("skilled = %+v", s)
	}
	if _, ok := Skill("Skilled"); ok {
		t.Error(`Skill("Skilled") matched`)
	}
	for _, tc := range []struct {
		isco string
		want []string
	}{
		{"7212", []string{"skilled"}},
		{"2", []string{"professional"}},
		{"5120", []string{"skilled", "semi_skilled"}},
		{"9111", []string{"semi_skilled", "less_skilled"}},
		{"0110", nil}, // armed forces: no BMET category
		{"9999", nil},
		{"", nil},
	} {
		var got []string
		for _, c := range SkillCategoriesForISCO(tc.isco) {
			got = append(got, c.Code)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("SkillCategoriesForISCO(%q) = %v, want %v", tc.isco, got, tc.want)
		}
	}
}

func TestOutflows(t *testing.T) {
	rows := Outflows()
	if len(rows) != 29 {
		t.Fatalf("%d rows, want 29", len(rows))
	}
	kinds := map[OutflowKind]int{}
	for _, r := range rows {
		kinds[r.Kind]++
		if r.Year < 2018 || r.Year > 2024 || r.Source == "" {
			t.Errorf("bad row %+v", r)
		}
		if r.Kind == OutflowCountry {
			c, ok := Country(r.Country)
			if !ok || c.NameBN == "" {
				t.Errorf("%s: country %q unknown or without a Bangla name", r.Destination, r.Country)
			}
		} else if r.Country != "" {
			t.Errorf("total row with a country: %+v", r)
		}
	}
	want := map[OutflowKind]int{OutflowCountry: 20, OutflowTotal: 6, OutflowTotalJanNov: 2, OutflowFemaleJanNov: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%s rows: %d, want %d", k, kinds[k], n)
		}
	}
	i := slices.IndexFunc(rows, func(r Outflow) bool { return r.Year == 2024 && r.Country == "QA" })
	if i < 0 || rows[i].HasWorkers || !rows[i].HasShare || rows[i].SharePct != 7.56 {
		t.Errorf("Qatar 2024 = %+v", rows[i])
	}
}

func TestDestinationWeights(t *testing.T) {
	w := DestinationWeights()
	sum := 0.0
	for i, d := range w {
		sum += d.Weight
		if d.Weight <= 0 || d.Share <= 0 || d.Share >= 1 || len(d.Years) == 0 || !ValidCountry(d.Country) {
			t.Errorf("bad weight %+v", d)
		}
		if i > 0 && d.Weight > w[i-1].Weight {
			t.Errorf("not sorted at %d", i)
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("weights sum to %v", sum)
	}
	if len(w) != 11 || w[0].Country != "SA" || w[1].Country != "MY" {
		t.Errorf("weights %+v", w)
	}
	// Saudi Arabia: its workers over the five years it is listed, divided
	// by the totals of those years.
	sa := w[0]
	wantShare := float64(257000+457227+612418+497674+627000) / float64(734181+617209+1135873+1305453+1011856)
	if !slices.Equal(sa.Years, []int{2018, 2021, 2022, 2023, 2024}) || math.Abs(sa.Share-wantShare) > 1e-12 {
		t.Errorf("SA = %+v, want share %v", sa, wantShare)
	}
	// Qatar 2024 has only a share: 7.56% of that year's total.
	qa := w[slices.IndexFunc(w, func(d DestinationWeight) bool { return d.Country == "QA" })]
	wantQA := (24447 + 0.0756*1011856) / float64(1135873+1011856)
	if math.Abs(qa.Share-wantQA) > 1e-12 {
		t.Errorf("QA share %v, want %v", qa.Share, wantQA)
	}
	w[0].Years[0] = 0
	if DestinationWeights()[0].Years[0] != 2018 {
		t.Error("DestinationWeights shares its Years slices")
	}
}

func TestBenchmarks(t *testing.T) {
	rows := Benchmarks()
	if len(rows) != 26 {
		t.Fatalf("%d rows, want 26", len(rows))
	}
	for _, b := range rows {
		if b.Survey == "" || b.Organisation == "" || b.Indicator == "" || b.SourceURL == "" {
			t.Errorf("incomplete row %+v", b)
		}
	}
	unemployed := rows[slices.IndexFunc(rows, func(b Benchmark) bool { return b.Indicator == "unemployed_at_interview" })]
	if !unemployed.HasNumber || unemployed.Number != 70 || unemployed.N != 2765 || unemployed.Organisation != "IOM DTM" {
		t.Errorf("unemployed_at_interview = %+v", unemployed)
	}
	age := rows[slices.IndexFunc(rows, func(b Benchmark) bool { return b.Value == "32/47/16/5" })]
	if age.HasNumber || age.N != 558 {
		t.Errorf("age row = %+v", age)
	}
	bbs := rows[len(rows)-1]
	if bbs.N != 0 || bbs.SampleSize != "national household survey" || bbs.HasNumber {
		t.Errorf("BBS row = %+v", bbs)
	}
}
