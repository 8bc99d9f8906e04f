package refdata

import (
	"slices"
	"strings"
	"sync"
)

// Occupation is one group of the ILO's International Standard
// Classification of Occupations 2008 (ISCO-08).
type Occupation struct {
	// Code is the ISCO-08 code as a string of 1 to 4 digits; the armed
	// forces groups keep their leading zero ("0", "01", "011", "0110").
	Code string
	// Level is 1 (major group), 2 (sub-major), 3 (minor) or 4 (unit group),
	// always len(Code).
	Level int
	// Title is the English title as published by ESCO.
	Title string
	// Parent is the code one level up; "" for major groups.
	Parent string
	// ESCOURI is the group's concept URI in ESCO.
	ESCOURI string
}

// LevelName returns "major", "sub_major", "minor" or "unit", as in the source.
func (o Occupation) LevelName() string {
	switch o.Level {
	case 1:
		return "major"
	case 2:
		return "sub_major"
	case 3:
		return "minor"
	case 4:
		return "unit"
	}
	return ""
}

type iscoTables struct {
	all      []Occupation // by code: a depth-first walk of the hierarchy
	index    map[string]int32
	children [][]int32
	byLevel  [5][]int32
}

var iscoT struct {
	once sync.Once
	t    *iscoTables
	err  error
}

func iscoData() *iscoTables {
	iscoT.once.Do(func() { iscoT.t, iscoT.err = loadISCO() })
	if iscoT.err != nil {
		panic(iscoT.err)
	}
	return iscoT.t
}

// ISCO returns the ISCO-08 group with the given code at any level
// ("7", "72", "721", "7212").
func ISCO(code string) (Occupation, bool) {
	t := iscoData()
	i, ok := t.index[code]
	if !ok {
		return Occupation{}, false
	}
	return t.all[i], true
}

// ValidISCO reports whether code is an ISCO-08 code at any of the 4 levels.
func ValidISCO(code string) bool {
	_, ok := iscoData().index[code]
	return ok
}

// ISCOGroups returns all 619 groups ordered by code, which walks the
// hierarchy depth first (0, 01, 011, 0110, 02, ...).
func ISCOGroups() []Occupation { return slices.Clone(iscoData().all) }

// ISCOMajorGroups returns the 10 major groups.
func ISCOMajorGroups() []Occupation { t := iscoData(); return t.pick(t.byLevel[1]) }

// ISCOUnitGroups returns the 436 unit groups (4 digits), the level at
// which occupations are coded.
func ISCOUnitGroups() []Occupation { t := iscoData(); return t.pick(t.byLevel[4]) }

// ISCOChildren returns the groups directly below code, or nil.
func ISCOChildren(code string) []Occupation {
	t := iscoData()
	i, ok := t.index[code]
	if !ok {
		return nil
	}
	return t.pick(t.children[i])
}

func (t *iscoTables) pick(idx []int32) []Occupation {
	if len(idx) == 0 {
		return nil
	}
	out := make([]Occupation, len(idx))
	for k, i := range idx {
		out[k] = t.all[i]
	}
	return out
}

func loadISCO() (*iscoTables, error) {
	t := &iscoTables{all: make([]Occupation, 0, 619)}
	err := scan("isco08_groups.csv",
		[]string{"code", "level", "level_name", "major", "sub_major", "minor", "title_en", "esco_uri"},
		func(r *row) error {
			o := Occupation{Code: r.s(0), Title: r.s(6), ESCOURI: r.s(7)}
			var err error
			if o.Level, _, err = r.int(1); err != nil {
				return err
			}
			if o.Level < 1 || o.Level > 4 || len(o.Code) != o.Level || !digits(o.Code) {
				return r.errorf("bad ISCO code %q at level %d", o.Code, o.Level)
			}
			if o.LevelName() != r.s(2) {
				return r.errorf("%s: level_name %q for level %d", o.Code, r.s(2), o.Level)
			}
			for k, col := range []int{3, 4, 5} {
				if k < o.Level && r.s(col) != o.Code[:k+1] {
					return r.errorf("%s: column %d is %q", o.Code, r.idx[col]+1, r.s(col))
				}
			}
			if o.Title == "" {
				return r.errorf("%s has no title", o.Code)
			}
			if o.Level > 1 {
				o.Parent = o.Code[:o.Level-1]
			}
			t.all = append(t.all, o)
			return nil
		})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(t.all, func(a, b Occupation) int { return strings.Compare(a.Code, b.Code) })
	t.index = make(map[string]int32, len(t.all))
	t.children = make([][]int32, len(t.all))
	for i, o := range t.all {
		if _, dup := t.index[o.Code]; dup {
			return nil, errorf("isco08_groups.csv: duplicate code %s", o.Code)
		}
		t.index[o.Code] = int32(i)
		t.byLevel[o.Level] = append(t.byLevel[o.Level], int32(i))
		if o.Parent != "" {
			p, ok := t.index[o.Parent] // sorted by code: parents come first
			if !ok {
				return nil, errorf("isco08_groups.csv: %s has no parent group %s", o.Code, o.Parent)
			}
			t.children[p] = append(t.children[p], int32(i))
		}
	}
	return t, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
