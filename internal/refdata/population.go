package refdata

import (
	"slices"
	"strings"
	"sync"
)

// NumAgeBands is the number of age bands in the 2011 census table.
const NumAgeBands = 17

// AgeBand is one age band of the 2011 census table, in completed years.
type AgeBand struct {
	Min, Max int    // inclusive; Max is -1 for the open band 80+
	Label    string // "0-4" ... "75-79", "80+"
}

// ageColumns are the source's band columns, in band order. The source calls
// the 16th band "P75_80"; it is 75-79 (80+ is the next column).
var ageColumns = [NumAgeBands]string{
	"P00_04", "P05_09", "P10_14", "P15_19", "P20_24", "P25_29", "P30_34", "P35_39", "P40_44",
	"P45_49", "P50_54", "P55_59", "P60_64", "P65_69", "P70_74", "P75_80", "P80plus",
}

// AgeBands returns the 17 bands of Population.Age: 0-4, 5-9, ... 75-79, 80+.
func AgeBands() []AgeBand {
	b := make([]AgeBand, NumAgeBands)
	for i := range b {
		lo := 5 * i
		b[i] = AgeBand{Min: lo, Max: lo + 4, Label: itoa(lo) + "-" + itoa(lo+4)}
	}
	b[NumAgeBands-1] = AgeBand{Min: 80, Max: -1, Label: "80+"}
	return b
}

// Population is the 2011 census population of an area: by sex, and by
// 5-year age band. The source gives the two margins separately, not the
// sex x age cross-table: for survey weights, rake to both margins rather
// than multiplying them.
type Population struct {
	Pcode               string // adm3 P-code, or adm2/adm1 P-code or "BD" for a sum
	Total, Male, Female int
	Age                 [NumAgeBands]int // persons per band, see AgeBands
	// Child is the source's "Child" column, summed for aggregates. Its
	// definition is not documented: it is neither the 0-14 nor the 0-19
	// sum of the bands (it lies between them, perhaps under-18s).
	Child int
}

type popTables struct {
	rows  []Population // the 544 adm3 rows, by P-code
	index map[string]*Population
	sums  map[string]*Population // adm1, adm2 and "BD"
}

var pop struct {
	once sync.Once
	t    *popTables
	err  error
}

func popData() *popTables {
	pop.once.Do(func() { pop.t, pop.err = loadPopulation() })
	if pop.err != nil {
		panic(pop.err)
	}
	return pop.t
}

// Population2011 returns the 2011 census population by sex and age band of
// an upazila or metropolitan thana (adm3 P-code), of a district or
// division (sums of their adm3 rows) or of the whole country ("BD"). The
// 11 post-2011 upazilas have no row: their people are counted in the
// upazilas they were split from. District totals equal Unit.Pop2011.
func Population2011(pcode string) (Population, bool) {
	t := popData()
	if p, ok := t.index[pcode]; ok {
		return *p, true
	}
	if p, ok := t.sums[pcode]; ok {
		return *p, true
	}
	return Population{}, false
}

// Populations2011 returns the adm3 rows inside within (an adm1 or adm2
// P-code, or "BD" or "" for all 544), ordered by P-code: the frame for
// drawing upazilas with probability proportional to size.
func Populations2011(within string) []Population {
	t := popData()
	if within == "BD" {
		within = ""
	}
	lo, _ := slices.BinarySearchFunc(t.rows, within, func(p Population, w string) int {
		return strings.Compare(p.Pcode, w)
	})
	hi := lo
	for hi < len(t.rows) && strings.HasPrefix(t.rows[hi].Pcode, within) {
		hi++
	}
	if hi == lo {
		return nil
	}
	return slices.Clone(t.rows[lo:hi])
}

func loadPopulation() (*popTables, error) {
	a := adminData()
	want := append([]string{"admin3Pcode", "ADM2_PCODE", "ADM1_PCODE", "population", "Male", "Female", "Child"}, ageColumns[:]...)
	t := &popTables{rows: make([]Population, 0, 544)}
	err := scan("bd_adm3_population_2011_agesex.csv", want, func(r *row) error {
		p := Population{Pcode: r.s(0)}
		i, ok := a.index[p.Pcode]
		if !ok || a.units[i].Level != Upazila {
			return r.errorf("%q is not a known adm3 P-code", p.Pcode)
		}
		if r.s(1) != p.Pcode[:6] || r.s(2) != p.Pcode[:4] {
			return r.errorf("%s: parent columns %s/%s disagree", p.Pcode, r.s(1), r.s(2))
		}
		if err := ints(r, []int{3, 4, 5, 6}, &p.Total, &p.Male, &p.Female, &p.Child); err != nil {
			return err
		}
		sum := 0
		for b := range NumAgeBands {
			n, _, err := r.int(7 + b)
			if err != nil {
				return err
			}
			p.Age[b] = n
			sum += n
		}
		if sum != p.Total || p.Male+p.Female != p.Total {
			return r.errorf("%s: bands sum to %d and sexes to %d, total is %d", p.Pcode, sum, p.Male+p.Female, p.Total)
		}
		t.rows = append(t.rows, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(t.rows, func(x, y Population) int { return strings.Compare(x.Pcode, y.Pcode) })
	t.index = make(map[string]*Population, len(t.rows))
	t.sums = make(map[string]*Population, 80)
	for i := range t.rows {
		p := &t.rows[i]
		if _, dup := t.index[p.Pcode]; dup {
			return nil, errorf("bd_adm3_population_2011_agesex.csv: duplicate %s", p.Pcode)
		}
		t.index[p.Pcode] = p
		for _, code := range [...]string{"BD", p.Pcode[:4], p.Pcode[:6]} {
			s := t.sums[code]
			if s == nil {
				s = &Population{Pcode: code}
				t.sums[code] = s
			}
			s.Total += p.Total
			s.Male += p.Male
			s.Female += p.Female
			s.Child += p.Child
			for b := range s.Age {
				s.Age[b] += p.Age[b]
			}
		}
	}
	return t, nil
}
