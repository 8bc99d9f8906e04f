package refdata

import (
	"slices"
	"sync"
)

// Ethnicity is one of the 13 groups used to record ethnicity in the
// Chittagong Hill Tracts: the 11 indigenous groups, Bengali, and other.
type Ethnicity struct {
	// Code is the stable slug stored in records ("chakma", "pangkhua",
	// "bengali", "other").
	Code string
	// NameEN and NameBN are the names to show.
	NameEN, NameBN string
	// Variants are other spellings and exonyms (some of them pejorative,
	// such as "Mogh" for Marma: match them, never show them).
	Variants []string
	// Indigenous is true for the 11 CHT indigenous groups.
	Indigenous bool
	// Districts are the P-codes of the group's main districts, in the
	// source's order.
	Districts []string
	// CHTSharePct is the group's share of the CHT population in the 2022
	// census, in percent, as quoted by public encyclopaedia pages.
	CHTSharePct float64
	// NationalPop2022 is the national 2022 census count where the source
	// gives one (Chakma, Marma, Tripura), else 0; NationalPopNote says
	// which figure it is.
	NationalPop2022 int
	NationalPopNote string
	// Language is the Code of the group's own language in Languages(), ""
	// for "other".
	Language string
	// The source marks these as unsourced, editable defaults: example
	// upazilas (names), language family and predominant religion.
	ExampleUpazilas []string
	LanguageFamily  string
	Religion        string
}

// Name returns the Bangla name when lang asks for Bangla and the English
// name otherwise.
func (e Ethnicity) Name(lang string) string {
	if e.NameBN != "" && isBangla(lang) {
		return e.NameBN
	}
	return e.NameEN
}

func (e Ethnicity) clone() Ethnicity {
	e.Variants = slices.Clip(slices.Clone(e.Variants))
	e.Districts = slices.Clip(slices.Clone(e.Districts))
	e.ExampleUpazilas = slices.Clip(slices.Clone(e.ExampleUpazilas))
	return e
}

type ethnicTables struct {
	all    []Ethnicity
	index  map[string]int
	byName map[string]int
}

var ethnicT struct {
	once sync.Once
	t    *ethnicTables
	err  error
}

func ethnicData() *ethnicTables {
	ethnicT.once.Do(func() { ethnicT.t, ethnicT.err = loadEthnic() })
	if ethnicT.err != nil {
		panic(ethnicT.err)
	}
	return ethnicT.t
}

// EthnicGroups returns the 13 groups in the source's order (by CHT
// population share, Bengali and other last).
func EthnicGroups() []Ethnicity {
	t := ethnicData()
	out := make([]Ethnicity, len(t.all))
	for i, e := range t.all {
		out[i] = e.clone()
	}
	return out
}

// EthnicGroup returns the group with the given code ("marma").
func EthnicGroup(code string) (Ethnicity, bool) {
	t := ethnicData()
	i, ok := t.index[code]
	if !ok {
		return Ethnicity{}, false
	}
	return t.all[i].clone(), true
}

// MatchEthnicGroup maps a free-text answer to a group by its code, English
// or Bangla name or one of its variants, ignoring case, spaces and
// punctuation ("Mru", "মারমা", "Tipra", "Bangali"). It does no fuzzy
// matching: a miss is for a person to code.
func MatchEthnicGroup(text string) (Ethnicity, bool) {
	t := ethnicData()
	i, ok := t.byName[nameKey(text)]
	if !ok {
		return Ethnicity{}, false
	}
	return t.all[i].clone(), true
}

// ethnicLanguages links each group to its language in Languages().
var ethnicLanguages = map[string]string{
	"chakma": "ccp", "marma": "rmz", "tripura": "trp", "mro": "mro", "tanchangya": "tnv",
	"bawm": "bgr", "khyang": "csh", "khumi": "cnk", "chak": "ckh", "pangkhua": "pkh",
	"lushai": "lus", "bengali": "bn",
}

func loadEthnic() (*ethnicTables, error) {
	t := &ethnicTables{index: map[string]int{}, byName: map[string]int{}}
	addName := func(r *row, name string, i int) error {
		k := nameKey(name)
		if k == "" {
			return nil
		}
		if j, dup := t.byName[k]; dup && j != i {
			return r.errorf("name %q is both %s and %s", name, t.all[j].Code, t.all[i].Code)
		}
		t.byName[k] = i
		return nil
	}
	err := scan("cht_ethnic_groups.csv",
		[]string{"group_id", "name_en", "name_en_variants", "name_bn", "main_districts", "main_upazilas_examples",
			"language_family", "predominant_religion", "cht_share_2022_pct", "national_pop_2022", "national_pop_2022_source_note"},
		func(r *row) error {
			e := Ethnicity{
				Code: r.s(0), NameEN: r.s(1), Variants: splitList(r.s(2)), NameBN: nfc(r.s(3)),
				ExampleUpazilas: splitList(r.s(5)), LanguageFamily: r.s(6), Religion: r.s(7),
				NationalPopNote: r.s(10), Language: ethnicLanguages[r.s(0)],
			}
			e.Indigenous = e.Code != "bengali" && e.Code != "other"
			if e.Code == "" || e.NameEN == "" || e.NameBN == "" {
				return r.errorf("group %q lacks a code or a name", e.Code)
			}
			if _, dup := t.index[e.Code]; dup {
				return r.errorf("duplicate group %s", e.Code)
			}
			if e.Language != "" && !ValidLanguage(e.Language) {
				return r.errorf("%s: language %s is not in Languages()", e.Code, e.Language)
			}
			for _, d := range splitList(r.s(4)) {
				code := districtByName(d)
				if code == "" {
					return r.errorf("%s: unknown district %q", e.Code, d)
				}
				e.Districts = append(e.Districts, code)
			}
			var err error
			if e.CHTSharePct, _, err = r.float(8); err != nil {
				return err
			}
			if e.NationalPop2022, _, err = r.int(9); err != nil {
				return err
			}
			i := len(t.all)
			t.all = append(t.all, e)
			t.index[e.Code] = i
			for _, n := range append([]string{e.Code, e.NameEN, stripParen(e.NameEN), e.NameBN}, e.Variants...) {
				if err := addName(r, n, i); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// districtByName finds a district's P-code by its English or OCHA name
// without building FindUnit's index over all units.
func districtByName(name string) string {
	t := adminData()
	k := nameKey(name)
	r := t.levels[District]
	for _, u := range t.units[r[0]:r[1]] {
		if nameKey(u.NameEN) == k || nameKey(u.NameOCHA) == k {
			return u.Pcode
		}
	}
	return ""
}
