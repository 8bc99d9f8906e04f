package refdata

import (
	"encoding/csv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestLoad(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
}

func TestUnitCounts(t *testing.T) {
	for _, tc := range []struct {
		level Level
		want  int
	}{
		{Division, 8}, {District, 64}, {Upazila, 555}, {Union, 5160},
	} {
		if got := len(Units(tc.level)); got != tc.want {
			t.Errorf("Units(%s): %d, want %d", tc.level, got, tc.want)
		}
	}
	if got := len(Divisions()); got != 8 {
		t.Errorf("Divisions: %d, want 8", got)
	}
	if got := len(Children("BD")); got != 8 {
		t.Errorf(`Children("BD"): %d, want 8`, got)
	}
	kinds := map[string]int{}
	for _, u := range Units(Upazila) {
		kinds[u.Kind]++
	}
	want := map[string]int{"upazila": 483, "metropolitan_thana": 61, "upazila_post2011": 11}
	if !maps.Equal(kinds, want) {
		t.Errorf("adm3 kinds %v, want %v", kinds, want)
	}
	for _, l := range []Level{0, 5} {
		if Units(l) != nil {
			t.Errorf("Units(%d) is not nil", l)
		}
	}
}

func TestCHT(t *testing.T) {
	var cht []string
	for _, d := range Units(District) {
		if d.IsCHT {
			cht = append(cht, d.Pcode)
		}
	}
	if want := []string{"BD2003", "BD2046", "BD2084"}; !slices.Equal(cht, want) {
		t.Fatalf("CHT districts %v, want %v", cht, want)
	}
	for _, tc := range []struct {
		pcode, name string
		upazilas    int
	}{
		{"BD2084", "Rangamati", 10},
		{"BD2046", "Khagrachhari", 9}, // 8 with a 2020 code + Guimara
		{"BD2003", "Bandarban", 7},
	} {
		d, ok := Admin(tc.pcode)
		if !ok || d.NameEN != tc.name || d.Parent != "BD20" {
			t.Errorf("Admin(%s) = %+v, %v", tc.pcode, d, ok)
		}
		kids := Children(tc.pcode)
		if len(kids) != tc.upazilas {
			t.Errorf("%s has %d upazilas, want %d", tc.name, len(kids), tc.upazilas)
		}
		for _, u := range kids {
			if !u.IsCHT {
				t.Errorf("%s in %s is not marked CHT", u.Pcode, tc.name)
			}
			for _, un := range Children(u.Pcode) {
				if !un.IsCHT {
					t.Errorf("union %s is not marked CHT", un.Pcode)
				}
			}
		}
	}
	g, ok := Admin("BD2046X1")
	if !ok || g.NameEN != "Guimara" || !g.IsCHT || g.OCHA || g.PcodeV03 != "BD20460047" || g.Kind != "upazila_post2011" {
		t.Errorf("Guimara: %+v, %v", g, ok)
	}
}

func TestBanglaNames(t *testing.T) {
	for _, l := range []Level{Division, District} {
		for _, u := range Units(l) {
			if u.NameBN == "" {
				t.Errorf("%s %s has no Bangla name", u.Pcode, u.NameEN)
				continue
			}
			if u.Name("bn") != u.NameBN || u.Name("bn-BD") != u.NameBN || u.Name("ben") != u.NameBN {
				t.Errorf("%s: Name(bn) = %q", u.Pcode, u.Name("bn"))
			}
			if u.Name("en") != u.NameEN || u.Name("") != u.NameEN || u.Name("bnx") != u.NameEN {
				t.Errorf("%s: Name(en) = %q", u.Pcode, u.Name("en"))
			}
		}
	}
	// Without a Bangla name, Bangla falls back to English.
	un := Units(Union)[0]
	if un.NameBN != "" || un.Name("bn") != un.NameEN {
		t.Errorf("union %s: Name(bn) = %q", un.Pcode, un.Name("bn"))
	}
	for _, tc := range []struct{ pcode, en, ocha, bn string }{
		{"BD20", "Chattogram", "Chittagong", "চট্টগ্রাম"},
		{"BD10", "Barishal", "Barisal", "বরিশাল"},
		{"BD2015", "Chattogram", "Chittagong", "চট্টগ্রাম"},
		{"BD2019", "Cumilla", "Comilla", "কুমিল্লা"},
		{"BD4041", "Jashore", "Jessore", "যশোর"},
		{"BD5010", "Bogura", "Bogra", "বগুড়া"},
		{"BD2022", "Cox's Bazar", "Cox's Bazar", "কক্সবাজার"},
		{"BD100921", "Borhanuddin", "Burhanuddin", "বোরহান উদ্দিন"},
		{"BD404147", "Jashore Sadar", "Kotwali", "যশোর সদর"},
		{"BD100485", "Pathorghata", "Patharghata", "পাথরঘাটা"},
		{"BD201510", "Bakalia", "Bakalia", ""}, // metropolitan thana: no alt, no Bangla
	} {
		u, ok := Admin(tc.pcode)
		if !ok || u.NameEN != tc.en || u.NameOCHA != tc.ocha || u.NameBN != nfc(tc.bn) {
			t.Errorf("Admin(%s) names = %q / %q / %q, want %q / %q / %q", tc.pcode, u.NameEN, u.NameOCHA, u.NameBN, tc.en, tc.ocha, tc.bn)
		}
	}
	for code, name := range nameENFixes {
		if u, ok := Admin(code); !ok || u.NameEN != name {
			t.Errorf("nameENFixes[%s] = %q not applied: %+v", code, name, u)
		}
	}
}

func TestUnitRoundTrip(t *testing.T) {
	n := 0
	for l := Division; l <= Union; l++ {
		for _, u := range Units(l) {
			n++
			got, ok := Admin(u.Pcode)
			if !ok || got != u {
				t.Fatalf("Admin(%s) = %+v, %v; want %+v", u.Pcode, got, ok, u)
			}
			if !ValidPcode(u.Pcode) {
				t.Errorf("ValidPcode(%s) = false", u.Pcode)
			}
			if u.Level != l || u.NameEN == "" {
				t.Errorf("%s: level %d, name %q", u.Pcode, u.Level, u.NameEN)
			}
			path := Path(u.Pcode)
			if len(path) != int(l) || path[len(path)-1] != u {
				t.Fatalf("Path(%s) = %v", u.Pcode, path)
			}
			for i := 1; i < len(path); i++ {
				if path[i].Parent != path[i-1].Pcode || path[i].Level != path[i-1].Level+1 {
					t.Errorf("Path(%s) is broken at %d: %v", u.Pcode, i, path)
				}
			}
			if l == Division {
				if u.Parent != "" {
					t.Errorf("division %s has parent %s", u.Pcode, u.Parent)
				}
				continue
			}
			if !slices.Contains(Children(u.Parent), u) {
				t.Errorf("%s is not among the children of %s", u.Pcode, u.Parent)
			}
		}
	}
	if n != 8+64+555+5160 {
		t.Errorf("%d units", n)
	}
	// Children are ordered by code and include every unit exactly once.
	total := 0
	for l := Division; l < Union; l++ {
		for _, u := range Units(l) {
			kids := Children(u.Pcode)
			total += len(kids)
			if !slices.IsSortedFunc(kids, func(a, b Unit) int { return strings.Compare(a.Pcode, b.Pcode) }) {
				t.Errorf("Children(%s) not sorted", u.Pcode)
			}
		}
	}
	if total != 64+555+5160 {
		t.Errorf("children total %d", total)
	}
	if Children(Units(Union)[0].Pcode) != nil {
		t.Error("a union has children")
	}
	if Children("BD6091X1") != nil {
		t.Error("a post-2011 upazila has unions")
	}
}

// TestOCHAList checks the unit tables against OCHA's global list, read
// here with encoding/csv independently of the package's reader.
func TestOCHAList(t *testing.T) {
	f, err := FS().Open("ocha_global_pcodes_BGD_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	if len(recs) != 5776 {
		t.Fatalf("%d OCHA codes, want 5776", len(recs))
	}
	list := map[string]bool{}
	for _, r := range recs {
		code := r[2]
		list[code] = true
		lvl, _ := strconv.Atoi(r[1])
		u, ok := Admin(code)
		if !ok || int(u.Level) != lvl || !u.OCHA {
			t.Errorf("OCHA code %s (level %d): Admin = %+v, %v", code, lvl, u, ok)
		}
		if !ValidPcode(code) || !IsOCHAPcode(code) {
			t.Errorf("OCHA code %s refused", code)
		}
	}
	var local []string
	for l := Division; l <= Union; l++ {
		for _, u := range Units(l) {
			if u.OCHA != list[u.Pcode] {
				t.Errorf("%s: OCHA=%v but in list=%v", u.Pcode, u.OCHA, list[u.Pcode])
			}
			if !u.OCHA {
				local = append(local, u.Pcode)
				if u.Kind != "upazila_post2011" || !isLocalKey(u.Pcode) || u.Pcode[:6] != u.Parent {
					t.Errorf("local unit %+v", u)
				}
				if IsOCHAPcode(u.Pcode) || !ValidPcode(u.Pcode) {
					t.Errorf("local key %s: IsOCHAPcode %v, ValidPcode %v", u.Pcode, IsOCHAPcode(u.Pcode), ValidPcode(u.Pcode))
				}
			}
		}
	}
	if len(local) != len(newUpazilaKeys) || len(local) != 11 {
		t.Errorf("%d locally keyed units, %d keys: %v", len(local), len(newUpazilaKeys), local)
	}
}

func TestUnknownPcodes(t *testing.T) {
	for _, code := range []string{
		"", "BD", "bd20", "BD 20", "BD20 ", " BD20", "BD99", "BD2099", "BD204699", "BD20467700",
		"BD2046X9", "BD2046x1", "BD2046X", "BD2046X10", "BGD", "BD204677190", "20", "BD20460047",
	} {
		if _, ok := Admin(code); ok {
			t.Errorf("Admin(%q) found a unit", code)
		}
		if ValidPcode(code) {
			t.Errorf("ValidPcode(%q) = true", code)
		}
		if IsOCHAPcode(code) {
			t.Errorf("IsOCHAPcode(%q) = true", code)
		}
		if Path(code) != nil {
			t.Errorf("Path(%q) is not nil", code)
		}
		if code != "BD" && Children(code) != nil {
			t.Errorf("Children(%q) is not nil", code)
		}
	}
}

func TestFromV03(t *testing.T) {
	n := 0
	for _, u := range Units(Upazila) {
		if u.PcodeV03 == "" {
			continue
		}
		n++
		got, ok := FromV03(u.PcodeV03)
		if !ok || got != u {
			t.Errorf("FromV03(%s) = %+v, %v", u.PcodeV03, got, ok)
		}
		if u.OCHA && u.PcodeV03 != u.Pcode[:6]+"00"+u.Pcode[6:] {
			t.Errorf("%s: v03 code %s does not follow the 2020 code", u.Pcode, u.PcodeV03)
		}
	}
	if n != 483+3 { // upazilas, plus Karnafuli, Lalmai and Guimara
		t.Errorf("%d units with a v03 code, want 486", n)
	}
	for _, code := range []string{"", "BD204677", "BD20460099"} {
		if _, ok := FromV03(code); ok {
			t.Errorf("FromV03(%q) found a unit", code)
		}
	}
}

func TestFindUnit(t *testing.T) {
	for _, tc := range []struct {
		level        Level
		within, name string
		want         string // "" for no (or no unique) match
	}{
		{Division, "", "Chittagong", "BD20"},
		{Division, "", "chattogram", "BD20"},
		{Division, "", "Chattagram", "BD20"}, // the source's alternative spelling
		{Division, "BD", "ময়মনসিংহ", "BD45"},
		{District, "", "Coxs bazar", "BD2022"},
		{District, "", "COX'S BAZAR", "BD2022"},
		{District, "", "Coxsbazar", "BD2022"},
		{District, "", "Jessore", "BD4041"},
		{District, "", "Jashore", "BD4041"},
		{District, "", "\u0996\u09be\u0997\u09dc\u09be\u099b\u09dc\u09bf", "BD2046"},             // composed ড় (U+09DC)
		{District, "", "\u0996\u09be\u0997\u09a1\u09bc\u09be\u099b\u09a1\u09bc\u09bf", "BD2046"}, // ড + nukta
		{District, "BD20", "Rangamati", "BD2084"},
		{District, "BD30", "Rangamati", ""}, // not in Dhaka division
		{Upazila, "", "Kotwali", ""},        // several districts have one
		{Upazila, "BD4041", "Kotwali", "BD404147"},
		{Upazila, "BD4041", "Jashore Sadar", "BD404147"},
		{Upazila, "BD1006", "Barisal Sadar", "BD100651"},
		{Upazila, "", "Barisal Sadar (Kotwali)", "BD100651"},
		{Upazila, "", "Guimara", "BD2046X1"},
		{Upazila, "", "গুইমারা", "BD2046X1"},
		{Upazila, "", "Banari Para", "BD100610"},
		{Upazila, "", "Banaripara", "BD100610"},
		{Union, "BD204677", "Chengi", "BD20467719"},
		{District, "", "", ""},
		{District, "", "  -  ", ""},
		{District, "", "Atlantis", ""},
		{Upazila, "", "Rangamati", ""}, // a district, not an upazila
	} {
		u, ok := FindUnit(tc.level, tc.within, tc.name)
		if ok != (tc.want != "") || u.Pcode != tc.want {
			t.Errorf("FindUnit(%s, %q, %q) = %s, %v; want %q", tc.level, tc.within, tc.name, u.Pcode, ok, tc.want)
		}
	}
	// Every division and district is found by each of its names.
	for _, l := range []Level{Division, District} {
		for _, u := range Units(l) {
			for _, n := range []string{u.NameEN, u.NameOCHA, u.NameBN} {
				if got, ok := FindUnit(l, "", n); !ok || got.Pcode != u.Pcode {
					t.Errorf("FindUnit(%s, %q) = %s, %v; want %s", l, n, got.Pcode, ok, u.Pcode)
				}
			}
		}
	}
}

func TestReturnedSlicesAreCopies(t *testing.T) {
	d := Divisions()
	d[0].NameEN = "changed"
	kids := Children("BD20")
	kids[0].Pcode = "changed"
	if Divisions()[0].NameEN == "changed" || Children("BD20")[0].Pcode == "changed" {
		t.Error("changing a returned slice changed the table")
	}
	u, _ := Admin("BD20")
	u.NameEN = "changed"
	if u2, _ := Admin("BD20"); u2.NameEN != "Chattogram" {
		t.Error("changing a returned Unit changed the table")
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	// Run with -race: every table is loaded behind a sync.Once.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			switch i % 4 {
			case 0:
				Admin("BD2046")
			case 1:
				ValidPcode("BD99")
			case 2:
				EthnicGroups()
			case 3:
				FindUnit(District, "", "Sylhet")
			}
		})
	}
	wg.Wait()
}

func BenchmarkAdmin(b *testing.B) {
	adminData()
	codes := []string{"BD20", "BD2046", "BD204677", "BD20467719", "BD2046X1", "BD9999"}
	for b.Loop() {
		for _, c := range codes {
			Admin(c)
		}
	}
}

func BenchmarkValidPcode(b *testing.B) {
	adminData()
	ochaCodes()
	for b.Loop() {
		ValidPcode("BD20467719")
		ValidPcode("BD20467799")
	}
}

// BenchmarkFirstLoad measures what the first Admin call costs: parsing
// the four unit files and building the indexes.
func BenchmarkFirstLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadAdmin(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadEverything measures parsing every table.
func BenchmarkLoadEverything(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		a, err := loadAdmin()
		if err != nil {
			b.Fatal(err)
		}
		buildUnitNames(a)
		for _, f := range []func() error{
			func() error { _, err := loadOCHA(); return err },
			func() error { _, err := loadPopulation(); return err },
			func() error { _, err := loadISCO(); return err },
			func() error { _, err := buildCountries(); return err },
			func() error { _, err := loadEthnic(); return err },
			func() error { _, err := loadBMET(); return err },
			func() error { _, err := loadBenchmarks(); return err },
		} {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
