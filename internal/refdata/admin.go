package refdata

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Level is the administrative level of a Unit, as in OCHA's adm1..adm4.
type Level uint8

// The four administrative levels of Bangladesh.
const (
	Division Level = 1 // adm1, বিভাগ
	District Level = 2 // adm2, জেলা
	Upazila  Level = 3 // adm3: upazilas, metropolitan thanas and post-2011 upazilas
	Union    Level = 4 // adm4, ইউনিয়ন (and urban wards where COD-AB has them)
)

// String returns the level's English name ("division" ... "union").
func (l Level) String() string {
	switch l {
	case Division:
		return "division"
	case District:
		return "district"
	case Upazila:
		return "upazila"
	case Union:
		return "union"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// Unit is one administrative unit: a division, district, upazila (or
// metropolitan thana) or union. Units are values; changing a returned Unit
// changes nothing in the package.
type Unit struct {
	// Pcode is the key. It is OCHA's P-code (BD + 2 digits per level) for
	// every unit in COD-AB 2020. The 11 upazilas created after the 2011
	// census have no COD-AB 2020 code; they are keyed locally as
	// "BD"+district digits+"X"+digit (for example Guimara is BD2046X1).
	// A local key never collides with an OCHA code (those are all digits),
	// has the length of an adm3 code and starts with its district's
	// P-code, so prefix tests for "inside district D" keep working.
	Pcode string
	Level Level
	// Parent is the parent unit's P-code; "" for divisions.
	Parent string
	// NameEN is the English name to show: the current official spelling
	// (the source's name_en_alt, corrected where it is wrong, see
	// nameENFixes), or the OCHA name when the source has no other.
	NameEN string
	// NameOCHA is the spelling in OCHA's COD-AB (older forms such as
	// Chittagong, Comilla, Jessore); "" for post-2011 upazilas.
	NameOCHA string
	// NameBN is the Bangla name in Unicode NFC, "" where no source gives
	// one (all unions, the 61 metropolitan thanas). The adm3 Bangla names
	// were joined by name: review before presenting them as authoritative.
	NameBN string
	// Kind is "division", "district", "upazila", "metropolitan_thana",
	// "upazila_post2011" or "union".
	Kind string
	// IsCHT is true for the three Chittagong Hill Tracts districts
	// (Bandarban BD2003, Khagrachhari BD2046, Rangamati BD2084) and for
	// every unit inside them.
	IsCHT bool
	// OCHA is true when Pcode is an OCHA P-code (every COD-AB 2020 code,
	// all of which are in OCHA's 2023 global list); false only for the
	// locally keyed post-2011 upazilas.
	OCHA bool
	// PcodeV03 is the 2025-format (COD-AB v03, 10 characters) code of an
	// adm3 unit where the source knows it; "" otherwise.
	PcodeV03 string
	// Pop2011, Male2011 and Female2011 are the 2011 census population;
	// 0 where the source gives none (sexes for divisions; unions;
	// post-2011 upazilas).
	Pop2011, Male2011, Female2011 int
	// Website is the official web portal's host name, "" where unknown.
	Website string
	// Lat and Lon locate the Deputy Commissioner's office (districts
	// only; 0 elsewhere).
	Lat, Lon float64
}

// Name returns the Bangla name when lang asks for Bangla ("bn", "bn-BD")
// and one is known, and the English name otherwise.
func (u Unit) Name(lang string) string {
	if u.NameBN != "" && isBangla(lang) {
		return u.NameBN
	}
	return u.NameEN
}

// nameENFixes overrides the source's display spelling where its
// name_en_alt is not the current official spelling. The CSVs stay as
// published; each entry says why it differs.
var nameENFixes = map[string]string{
	// Official English spellings adopted by the Government of Bangladesh in
	// April 2018 (Chattogram, Cumilla, Barishal, Jashore, Bogura) that the
	// source's name_en_alt still lacks.
	"BD10":     "Barishal",              // alt "Barisal"
	"BD1006":   "Barishal",              // alt "Barisal"
	"BD20":     "Chattogram",            // alt "Chattagram"; the district BD2015 already has "Chattogram"
	"BD100651": "Barishal Sadar",        // alt "Barisal Sadar"
	"BD201967": "Cumilla Adarsha Sadar", // alt "Comilla Sadar" also drops "Adarsha" (a different upazila from Sadar Dakshin)
	"BD201933": "Cumilla Sadar Dakshin", // alt "Sadarsouth"
	"BD404147": "Jashore Sadar",         // alt "Jessore Sadar"; OCHA "Kotwali"
	"BD501020": "Bogura Sadar",          // alt "Bogra Sadar"
	// Spellings damaged in the source's name_en_alt (web-address forms, typos).
	"BD2022":   "Cox's Bazar",       // alt "Coxsbazar"
	"BD202224": "Cox's Bazar Sadar", // alt "Coxsbazar Sadar"
	"BD100921": "Borhanuddin",       // alt "Borhan Sddin"
	"BD207580": "Senbagh",           // alt "Senbug"
	"BD305944": "Lohajang",          // alt "Louhajanj"
}

// newUpazilaKeys gives the local key of each upazila created after the 2011
// census, which COD-AB 2020 and OCHA's 2023 list do not have. The map is
// keyed by the source's nuhil_id (the id in nuhil/bangladesh-geocode), not
// by row order, so that adding rows never renumbers a stored key. Add new
// upazilas here with the next free digit for their district.
var newUpazilaKeys = map[string]string{
	"271": "BD1004X1", // Taltali, Barguna
	"241": "BD1078X1", // Rangabali, Patuakhali
	"79":  "BD2015X1", // Karnafuli, Chattogram (v03 BD20150039)
	"17":  "BD2019X1", // Lalmai, Cumilla (v03 BD20190073)
	"492": "BD2022X1", // Eidgaon, Cox's Bazar
	"96":  "BD2046X1", // Guimara, Khagrachhari (v03 BD20460047)
	"494": "BD3054X1", // Dasar, Madaripur
	"474": "BD4561X1", // Tarakanda, Mymensingh
	"149": "BD5069X1", // Naldanga, Natore
	"493": "BD6090X1", // Madhyanagar, Sunamganj
	"284": "BD6091X1", // Osmaninagar, Sylhet
}

type adminTables struct {
	units  []Unit            // by level, then by Pcode
	alt    map[string]string // Pcode -> the source's name_en_alt, where given (for name matching)
	index  map[string]int32  // Pcode -> position in units
	kids   [][2]int32        // per unit: [lo, hi) of its children in units
	levels [5][2]int32       // per level: [lo, hi) in units
	v03    map[string]int32  // PcodeV03 -> position
}

var admin struct {
	once sync.Once
	t    *adminTables
	err  error
}

func adminData() *adminTables {
	admin.once.Do(func() { admin.t, admin.err = loadAdmin() })
	if admin.err != nil {
		panic(admin.err)
	}
	return admin.t
}

// Admin returns the unit with P-code pcode (or a local post-2011 upazila
// key). Codes are matched exactly: upper-case "BD", no spaces.
func Admin(pcode string) (Unit, bool) {
	t := adminData()
	i, ok := t.index[pcode]
	if !ok {
		return Unit{}, false
	}
	return t.units[i], true
}

// ValidPcode reports whether code is an OCHA P-code for Bangladesh in the
// 2023 global list (adm1..adm4) or the local key of a post-2011 upazila:
// exactly the codes the application may store. Codes are matched exactly.
// See IsOCHAPcode for the strict OCHA check that exports need.
func ValidPcode(code string) bool {
	if _, ok := adminData().index[code]; ok {
		return true
	}
	_, ok := ochaCodes()[code]
	return ok
}

// IsOCHAPcode reports whether code is in OCHA's 2023 global P-code list for
// Bangladesh. It is false for the local keys of post-2011 upazilas: exports
// that promise OCHA P-codes (HXL #adm3+code) should give those units'
// district instead, or leave the code empty.
func IsOCHAPcode(code string) bool {
	_, ok := ochaCodes()[code]
	return ok
}

// FromV03 returns the adm3 unit whose 2025-format code (COD-AB v03, such as
// BD20460047 for Guimara) is code.
func FromV03(code string) (Unit, bool) {
	t := adminData()
	i, ok := t.v03[code]
	if !ok {
		return Unit{}, false
	}
	return t.units[i], true
}

// Children returns the units directly below pcode, ordered by P-code (local
// post-2011 keys sort after the OCHA codes of their district). Children("BD")
// returns the divisions. Post-2011 upazilas have no unions of their own: in
// COD-AB 2020 their unions still belong to the upazila they were split from.
// Unknown codes and unions give nil.
func Children(pcode string) []Unit {
	t := adminData()
	if pcode == "BD" {
		return t.level(Division)
	}
	i, ok := t.index[pcode]
	if !ok {
		return nil
	}
	k := t.kids[i]
	if k[0] == k[1] {
		return nil
	}
	return slices.Clone(t.units[k[0]:k[1]])
}

// Divisions returns the 8 divisions ordered by P-code.
func Divisions() []Unit { return adminData().level(Division) }

// Units returns every unit of a level ordered by P-code: 8 divisions, 64
// districts, 555 upazilas (544 OCHA + 11 local) or 5160 unions.
func Units(level Level) []Unit { return adminData().level(level) }

func (t *adminTables) level(l Level) []Unit {
	if l < Division || l > Union {
		return nil
	}
	r := t.levels[l]
	return slices.Clone(t.units[r[0]:r[1]])
}

// Path returns the chain from the division down to pcode itself: one unit
// for a division, four for a union. It returns nil for an unknown code.
func Path(pcode string) []Unit {
	t := adminData()
	i, ok := t.index[pcode]
	if !ok {
		return nil
	}
	u := t.units[i]
	path := make([]Unit, u.Level)
	for {
		path[u.Level-1] = u
		if u.Parent == "" {
			return path
		}
		u = t.units[t.index[u.Parent]]
	}
}

func loadAdmin() (*adminTables, error) {
	// The four files are read in level order straight into one slice;
	// each level's run is then sorted by P-code in place.
	t := &adminTables{units: make([]Unit, 0, 5800), alt: make(map[string]string, 640)}
	// level holds the codes of levels 1-3 seen so far, to check parents;
	// duplicate unions are caught after sorting.
	level := make(map[string]Level, 640)
	isCHT := make(map[string]bool, 64)
	add := func(r *row, u Unit, alt string) error {
		l := u.Level
		if _, dup := level[u.Pcode]; dup {
			return r.errorf("duplicate P-code %s", u.Pcode)
		}
		if u.Parent != "" {
			if level[u.Parent] != l-1 {
				return r.errorf("%s: parent %s is not a known %s", u.Pcode, u.Parent, l-1)
			}
			if !strings.HasPrefix(u.Pcode, u.Parent) {
				return r.errorf("%s does not start with its parent's code %s", u.Pcode, u.Parent)
			}
		}
		if fix, ok := nameENFixes[u.Pcode]; ok {
			u.NameEN = fix
		}
		if alt != "" {
			t.alt[u.Pcode] = alt
		}
		if l < Union {
			level[u.Pcode] = l
		}
		t.units = append(t.units, u)
		return nil
	}

	err := scan("bd_adm1_divisions.csv",
		[]string{"adm1_pcode", "name_en", "name_en_alt", "name_bn", "website", "pop_2011"},
		func(r *row) error {
			code := r.s(0)
			if !isPcode(code, Division) {
				return r.errorf("bad adm1 P-code %q", code)
			}
			pop, _, err := r.int(5)
			if err != nil {
				return err
			}
			return add(r, Unit{
				Pcode: code, Level: Division, Kind: "division", OCHA: true,
				NameEN: cmp.Or(r.s(2), r.s(1)), NameOCHA: r.s(1), NameBN: nfc(r.s(3)),
				Website: website(r.s(4)), Pop2011: pop,
			}, r.s(2))
		})
	if err != nil {
		return nil, err
	}
	t.levels[Division] = [2]int32{0, int32(len(t.units))}

	err = scan("bd_adm2_districts.csv",
		[]string{"adm2_pcode", "adm1_pcode", "name_en", "name_en_alt", "name_bn", "is_cht",
			"dc_office_lat", "dc_office_lon", "website", "pop_2011", "male_2011", "female_2011"},
		func(r *row) error {
			code := r.s(0)
			if !isPcode(code, District) {
				return r.errorf("bad adm2 P-code %q", code)
			}
			cht, err := flag(r, 5)
			if err != nil {
				return err
			}
			u := Unit{
				Pcode: code, Level: District, Parent: r.s(1), Kind: "district", OCHA: true,
				NameEN: cmp.Or(r.s(3), r.s(2)), NameOCHA: r.s(2), NameBN: nfc(r.s(4)),
				IsCHT: cht, Website: website(r.s(8)),
			}
			if u.Lat, _, err = r.float(6); err != nil {
				return err
			}
			if u.Lon, _, err = r.float(7); err != nil {
				return err
			}
			if err := ints(r, []int{9, 10, 11}, &u.Pop2011, &u.Male2011, &u.Female2011); err != nil {
				return err
			}
			isCHT[code] = cht
			return add(r, u, r.s(3))
		})
	if err != nil {
		return nil, err
	}
	t.levels[District] = [2]int32{t.levels[Division][1], int32(len(t.units))}

	err = scan("bd_adm3_upazilas.csv",
		[]string{"adm3_pcode", "adm3_pcode_v03", "adm2_pcode", "adm1_pcode", "name_en", "name_en_alt",
			"name_bn", "unit_type", "is_cht", "website", "nuhil_id", "pop_2011", "male_2011", "female_2011"},
		func(r *row) error {
			code, dist := r.s(0), r.s(2)
			ocha := code != ""
			if !ocha {
				code = newUpazilaKeys[r.s(10)]
				if code == "" {
					return r.errorf("upazila %q (nuhil_id %s) has no P-code and no entry in newUpazilaKeys", r.s(5), r.s(10))
				}
				if !isLocalKey(code) || code[:6] != dist {
					return r.errorf("local key %s is malformed or not in district %s", code, dist)
				}
			} else if !isPcode(code, Upazila) {
				return r.errorf("bad adm3 P-code %q", code)
			}
			if len(dist) < 4 || r.s(3) != dist[:4] {
				return r.errorf("%s: adm1_pcode %s does not contain adm2_pcode %s", code, r.s(3), dist)
			}
			cht, err := flag(r, 8)
			if err != nil {
				return err
			}
			if cht != isCHT[dist] {
				return r.errorf("%s: is_cht=%v but district %s has is_cht=%v", code, cht, dist, isCHT[dist])
			}
			v03 := r.s(1)
			if v03 != "" && (len(v03) != 10 || v03[:6] != dist) {
				return r.errorf("%s: v03 code %q is not in district %s", code, v03, dist)
			}
			u := Unit{
				Pcode: code, Level: Upazila, Parent: dist, Kind: r.s(7), OCHA: ocha,
				NameEN: cmp.Or(r.s(5), r.s(4)), NameOCHA: r.s(4), NameBN: nfc(r.s(6)),
				IsCHT: cht, PcodeV03: v03, Website: website(r.s(9)),
			}
			if u.NameEN == "" {
				return r.errorf("%s has no English name", code)
			}
			if err := ints(r, []int{11, 12, 13}, &u.Pop2011, &u.Male2011, &u.Female2011); err != nil {
				return err
			}
			return add(r, u, r.s(5))
		})
	if err != nil {
		return nil, err
	}
	t.levels[Upazila] = [2]int32{t.levels[District][1], int32(len(t.units))}

	err = scan("bd_adm4_unions.csv",
		[]string{"adm4_pcode", "adm3_pcode", "adm2_pcode", "adm1_pcode", "name_en"},
		func(r *row) error {
			code, upz := r.s(0), r.s(1)
			if !isPcode(code, Union) {
				return r.errorf("bad adm4 P-code %q", code)
			}
			if len(upz) < 6 || r.s(2) != upz[:6] || r.s(3) != upz[:4] {
				return r.errorf("%s: parent columns %s/%s/%s disagree", code, upz, r.s(2), r.s(3))
			}
			name := r.s(4)
			if name == "" {
				return r.errorf("%s has no name", code)
			}
			return add(r, Unit{
				Pcode: code, Level: Union, Parent: upz, Kind: "union", OCHA: true,
				NameEN: name, NameOCHA: name, IsCHT: isCHT[r.s(2)],
			}, "")
		})
	if err != nil {
		return nil, err
	}
	t.levels[Union] = [2]int32{t.levels[Upazila][1], int32(len(t.units))}

	// Sort each level by P-code. Children of a unit then form one
	// contiguous run, because every code starts with its parent's code.
	for l := Division; l <= Union; l++ {
		run := t.units[t.levels[l][0]:t.levels[l][1]]
		slices.SortFunc(run, func(a, b Unit) int { return strings.Compare(a.Pcode, b.Pcode) })
		for k := 1; k < len(run); k++ {
			if run[k].Pcode == run[k-1].Pcode {
				return nil, errorf("duplicate P-code %s", run[k].Pcode)
			}
		}
	}
	n := len(t.units)
	t.index = make(map[string]int32, n)
	t.v03 = make(map[string]int32, 600)
	t.kids = make([][2]int32, n)
	for i := range t.units {
		u := &t.units[i]
		t.index[u.Pcode] = int32(i)
		if u.PcodeV03 != "" {
			if _, dup := t.v03[u.PcodeV03]; dup {
				return nil, errorf("duplicate v03 code %s", u.PcodeV03)
			}
			t.v03[u.PcodeV03] = int32(i)
		}
		if u.Parent == "" {
			continue
		}
		p := t.index[u.Parent] // parents come first: lower level
		switch k := &t.kids[p]; {
		case k[0] == k[1]:
			*k = [2]int32{int32(i), int32(i) + 1}
		case k[1] == int32(i):
			k[1]++
		default:
			return nil, errorf("children of %s are not contiguous", u.Parent)
		}
	}
	for code := range t.v03 {
		if _, clash := t.index[code]; clash {
			return nil, errorf("v03 code %s is also a P-code", code)
		}
	}
	return t, nil
}

var ochaT struct {
	once  sync.Once
	codes map[string]Level
	err   error
}

// ochaCodes returns OCHA's 2023 global P-code list for Bangladesh, loaded
// on first use (only ValidPcode misses and IsOCHAPcode need it).
func ochaCodes() map[string]Level {
	ochaT.once.Do(func() { ochaT.codes, ochaT.err = loadOCHA() })
	if ochaT.err != nil {
		panic(ochaT.err)
	}
	return ochaT.codes
}

func loadOCHA() (map[string]Level, error) {
	codes := make(map[string]Level, 5800)
	err := scan("ocha_global_pcodes_BGD_2023.csv", []string{"Location", "Admin Level", "P-Code"},
		func(r *row) error {
			if r.s(0) != "BGD" {
				return r.errorf("location %q is not BGD", r.s(0))
			}
			n, _, err := r.int(1)
			if err != nil {
				return err
			}
			l, code := Level(n), r.s(2)
			if !isPcode(code, l) {
				return r.errorf("bad level-%d P-code %q", n, code)
			}
			if _, dup := codes[code]; dup {
				return r.errorf("duplicate P-code %s", code)
			}
			codes[code] = l
			return nil
		})
	return codes, err
}

// isLocalKey checks the shape of a local post-2011 upazila key:
// "BD", 4 digits, "X", 1 digit.
func isLocalKey(code string) bool {
	return len(code) == 8 && isPcode(code[:6], District) && code[6] == 'X' && code[7] >= '0' && code[7] <= '9'
}

// isPcode checks the shape of an OCHA P-code of level l: "BD" and two
// digits per level.
func isPcode(code string, l Level) bool {
	if len(code) != 2+2*int(l) || code[:2] != "BD" {
		return false
	}
	for i := 2; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

func website(s string) string {
	if s == "null" {
		return ""
	}
	return s
}

func flag(r *row, i int) (bool, error) {
	switch r.s(i) {
	case "1":
		return true, nil
	case "0", "":
		return false, nil
	}
	return false, r.errorf("column %d: %q is not 0 or 1", r.idx[i]+1, r.s(i))
}

func ints(r *row, cols []int, dst ...*int) error {
	for k, c := range cols {
		n, _, err := r.int(c)
		if err != nil {
			return err
		}
		*dst[k] = n
	}
	return nil
}
