package refdata

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// SkillCategory is one of the four skill categories in which the Bureau of
// Manpower, Employment and Training (BMET) counts workers going abroad.
type SkillCategory struct {
	// Code is "professional", "skilled", "semi_skilled" or "less_skilled".
	Code           string
	NameEN, NameBN string
	// Examples are BMET's example trades.
	Examples []string
	// ISCOMajorGroups is a rough mapping to ISCO-08 major groups, parsed
	// from the source (the leading digit of each item). It is NOT an
	// official BMET or ILO concordance: the groups overlap between
	// categories (5 is in skilled and semi-skilled, 9 in semi-skilled and
	// less-skilled), and ISCOMapping keeps the source's qualifications
	// ("7;8;5 (parts of 3 and 4)").
	ISCOMajorGroups []string
	ISCOMapping     string
	// ISCOSkillLevel is the rough ISCO-08 skill level ("3-4", "1-2"), as given.
	ISCOSkillLevel string
	// Share2024Pct and Workers2024 are the category's share and count of
	// 2024 departures (approximate; the counts cover January-November).
	Share2024Pct float64
	Workers2024  int
	// Note2023 is the source's note on 2023 numbers.
	Note2023 string
}

// Name returns the Bangla name when lang asks for Bangla and the English
// name otherwise.
func (s SkillCategory) Name(lang string) string {
	if s.NameBN != "" && isBangla(lang) {
		return s.NameBN
	}
	return s.NameEN
}

func (s SkillCategory) clone() SkillCategory {
	s.Examples = slices.Clip(slices.Clone(s.Examples))
	s.ISCOMajorGroups = slices.Clip(slices.Clone(s.ISCOMajorGroups))
	return s
}

var skillNamesEN = map[string]string{
	"professional": "Professional", "skilled": "Skilled",
	"semi_skilled": "Semi-skilled", "less_skilled": "Less-skilled",
}

// OutflowKind says what an Outflow row counts.
type OutflowKind string

// The kinds of rows in the BMET outflow table.
const (
	OutflowCountry      OutflowKind = "country"        // workers to one destination country
	OutflowTotal        OutflowKind = "total"          // all workers in the calendar year
	OutflowTotalJanNov  OutflowKind = "total_jan_nov"  // all workers, January-November
	OutflowFemaleJanNov OutflowKind = "female_jan_nov" // women workers, January-November
)

// Outflow is one row of the BMET overseas employment table: workers who
// left Bangladesh for work abroad in a year, in total or to one
// destination. The figures are BMET's as quoted in news reports, often
// rounded ("over 2.57 lakh"); the table is incomplete by design.
type Outflow struct {
	Year int
	Kind OutflowKind
	// Destination is the source's destination field ("Saudi Arabia",
	// "TOTAL"); Country is its ISO 3166-1 code, "" for total rows.
	Destination string
	Country     string
	// Workers is the count; HasWorkers is false where the source gives
	// only a share (Qatar 2024).
	Workers    int
	HasWorkers bool
	// SharePct is the share of the year's total in percent where the
	// source gives it; the 2024 shares are of January-November.
	SharePct float64
	HasShare bool
	Source   string
}

// DestinationWeight is a destination's relative weight among the
// destinations the BMET table lists.
type DestinationWeight struct {
	Country string // ISO 3166-1 alpha-2
	// Share is the destination's workers divided by the total outflow,
	// both summed over the years in which the table lists the destination
	// (a year where only a share is given counts share x year total).
	Share float64
	// Weight is Share rescaled so that the weights of all listed
	// destinations sum to 1. The table names only the main destinations,
	// so there is no "other" weight; add one if you need it.
	Weight float64
	// Years are the years that contributed, ascending.
	Years []int
}

type bmetTables struct {
	skills  []SkillCategory
	skillIx map[string]int
	flows   []Outflow
	weights []DestinationWeight
}

var bmetT struct {
	once sync.Once
	t    *bmetTables
	err  error
}

func bmetData() *bmetTables {
	bmetT.once.Do(func() { bmetT.t, bmetT.err = loadBMET() })
	if bmetT.err != nil {
		panic(bmetT.err)
	}
	return bmetT.t
}

// SkillCategories returns BMET's four categories from most to least skilled.
func SkillCategories() []SkillCategory {
	t := bmetData()
	out := make([]SkillCategory, len(t.skills))
	for i, s := range t.skills {
		out[i] = s.clone()
	}
	return out
}

// Skill returns the BMET skill category with the given code ("semi_skilled").
func Skill(code string) (SkillCategory, bool) {
	t := bmetData()
	i, ok := t.skillIx[code]
	if !ok {
		return SkillCategory{}, false
	}
	return t.skills[i].clone(), true
}

// SkillCategoriesForISCO returns the BMET categories whose rough mapping
// includes the ISCO-08 major group of code (any level), most skilled
// first. It is a hint for pre-filling a form, not a classification: the
// mapping is not official and often gives two candidates.
func SkillCategoriesForISCO(code string) []SkillCategory {
	if !ValidISCO(code) {
		return nil
	}
	var out []SkillCategory
	for _, s := range bmetData().skills {
		if slices.Contains(s.ISCOMajorGroups, code[:1]) {
			out = append(out, s.clone())
		}
	}
	return out
}

// Outflows returns the BMET overseas employment rows in the source's order
// (by year).
func Outflows() []Outflow { return slices.Clone(bmetData().flows) }

// DestinationWeights returns the destination countries of the BMET table
// with their weights, heaviest first: for drawing destinations of
// synthetic returnees or as a prior, not as statistics.
func DestinationWeights() []DestinationWeight {
	w := slices.Clone(bmetData().weights)
	for i := range w {
		w[i].Years = slices.Clip(slices.Clone(w[i].Years))
	}
	return w
}

func loadBMET() (*bmetTables, error) {
	t := &bmetTables{skillIx: map[string]int{}}
	err := scan("bmet_skill_categories.csv",
		[]string{"bmet_category", "bmet_category_bn", "bmet_examples", "approx_isco08_major_groups",
			"isco_skill_level", "share_2024_pct", "workers_2024", "share_2023_note"},
		func(r *row) error {
			s := SkillCategory{
				Code: r.s(0), NameEN: skillNamesEN[r.s(0)], NameBN: nfc(r.s(1)), Examples: splitList(r.s(2)),
				ISCOMapping: r.s(3), ISCOSkillLevel: r.s(4), Note2023: r.s(7),
			}
			if s.NameEN == "" || s.NameBN == "" {
				return r.errorf("unknown or unnamed category %q", s.Code)
			}
			for _, item := range splitList(s.ISCOMapping) {
				if item[0] < '0' || item[0] > '9' {
					return r.errorf("%s: ISCO mapping item %q does not start with a major group", s.Code, item)
				}
				s.ISCOMajorGroups = append(s.ISCOMajorGroups, item[:1])
			}
			var err error
			if s.Share2024Pct, _, err = r.float(5); err != nil {
				return err
			}
			if s.Workers2024, _, err = r.int(6); err != nil {
				return err
			}
			t.skillIx[s.Code] = len(t.skills)
			t.skills = append(t.skills, s)
			return nil
		})
	if err != nil {
		return nil, err
	}

	err = scan("bmet_overseas_employment.csv", []string{"year", "destination", "workers", "share_pct", "source"},
		func(r *row) error {
			f := Outflow{Destination: r.s(1), Source: r.s(4)}
			var err error
			if f.Year, _, err = r.int(0); err != nil {
				return err
			}
			if f.Workers, f.HasWorkers, err = r.int(2); err != nil {
				return err
			}
			if f.SharePct, f.HasShare, err = r.float(3); err != nil {
				return err
			}
			switch f.Destination {
			case "TOTAL":
				f.Kind = OutflowTotal
			case "TOTAL_JAN_NOV":
				f.Kind = OutflowTotalJanNov
			case "FEMALE_JAN_NOV":
				f.Kind = OutflowFemaleJanNov
			default:
				c, ok := CountryByName(f.Destination)
				if !ok {
					return r.errorf("destination %q is not a known country", f.Destination)
				}
				f.Kind, f.Country = OutflowCountry, c.Code
			}
			if !f.HasWorkers && !f.HasShare {
				return r.errorf("%d %s has neither workers nor a share", f.Year, f.Destination)
			}
			t.flows = append(t.flows, f)
			return nil
		})
	if err != nil {
		return nil, err
	}
	t.weights, err = destinationWeights(t.flows)
	return t, err
}

func destinationWeights(flows []Outflow) ([]DestinationWeight, error) {
	total := map[int]int{}
	for _, f := range flows {
		if f.Kind == OutflowTotal {
			total[f.Year] = f.Workers
		}
	}
	type acc struct {
		workers, denom float64
		years          []int
	}
	by := map[string]*acc{}
	for _, f := range flows {
		if f.Kind != OutflowCountry {
			continue
		}
		tot, ok := total[f.Year]
		if !ok || tot <= 0 {
			return nil, errorf("bmet_overseas_employment.csv: %d has a %s row but no yearly total", f.Year, f.Destination)
		}
		a := by[f.Country]
		if a == nil {
			a = &acc{}
			by[f.Country] = a
		}
		if slices.Contains(a.years, f.Year) {
			return nil, errorf("bmet_overseas_employment.csv: two rows for %s in %d", f.Destination, f.Year)
		}
		if f.HasWorkers {
			a.workers += float64(f.Workers)
		} else {
			a.workers += f.SharePct / 100 * float64(tot)
		}
		a.denom += float64(tot)
		a.years = append(a.years, f.Year)
	}
	var out []DestinationWeight
	sum := 0.0
	for c, a := range by {
		slices.Sort(a.years)
		w := DestinationWeight{Country: c, Share: a.workers / a.denom, Years: a.years}
		sum += w.Share
		out = append(out, w)
	}
	for i := range out {
		out[i].Weight = out[i].Share / sum
	}
	slices.SortFunc(out, func(a, b DestinationWeight) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Country, b.Country))
	})
	return out, nil
}
