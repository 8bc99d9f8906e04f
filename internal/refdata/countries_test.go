package refdata

import (
	"slices"
	"strings"
	"testing"
)

func TestCountries(t *testing.T) {
	all := Countries()
	if len(all) != 249 {
		t.Fatalf("%d countries, want 249", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b CountryInfo) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Countries() is not ordered by code")
	}
	for _, c := range all {
		got, ok := Country(c.Code)
		if !ok || got != c || !ValidCountry(c.Code) || c.NameEN == "" || c.ISOName == "" {
			t.Errorf("Country(%s) = %+v, %v", c.Code, got, ok)
		}
		for _, n := range []string{c.NameEN, c.ISOName, c.NameBN} {
			if n == "" {
				continue
			}
			if got, ok := CountryByName(n); !ok || got.Code != c.Code {
				t.Errorf("CountryByName(%q) = %s, %v; want %s", n, got.Code, ok, c.Code)
			}
		}
	}
	// Bangla names for the usual destinations of Bangladeshi workers.
	for _, code := range []string{"SA", "AE", "QA", "OM", "KW", "BH", "MY", "SG", "JO", "LB", "IQ", "LY", "IT",
		"GB", "KR", "JP", "MV", "BN", "MU", "BD", "IN", "PK", "NP", "MM", "US", "CY", "GR", "PT", "RO", "HR", "RS", "PL", "HK"} {
		c, _ := Country(code)
		if c.NameBN == "" || c.Name("bn") != c.NameBN || c.Name("en") != c.NameEN {
			t.Errorf("%s: Bangla name %q", code, c.NameBN)
		}
	}
	for _, tc := range []struct{ code, en, iso, bn string }{
		{"SA", "Saudi Arabia", "Saudi Arabia", "সৌদি আরব"},
		{"KR", "South Korea", "Korea, Republic of", "দক্ষিণ কোরিয়া"},
		{"GB", "United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "যুক্তরাজ্য"},
		{"AE", "United Arab Emirates", "United Arab Emirates", "সংযুক্ত আরব আমিরাত"},
		{"AQ", "Antarctica", "Antarctica", ""},
	} {
		c, ok := Country(tc.code)
		if !ok || c.NameEN != tc.en || c.ISOName != tc.iso || c.NameBN != nfc(tc.bn) {
			t.Errorf("Country(%s) = %+v", tc.code, c)
		}
	}
	for _, code := range []string{"", "sa", "Sa", "UK", "XK", "EU", "ZZ", "SAU", "S", "AN", "YU"} {
		if _, ok := Country(code); ok || ValidCountry(code) {
			t.Errorf("Country(%q) accepted", code)
		}
	}
}

func TestCountryByName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		// The BMET file's destination names.
		{"Saudi Arabia", "SA"}, {"Malaysia", "MY"}, {"Oman", "OM"}, {"United Arab Emirates", "AE"},
		{"Singapore", "SG"}, {"Qatar", "QA"}, {"Kuwait", "KW"}, {"Jordan", "JO"}, {"Italy", "IT"},
		{"South Korea", "KR"}, {"Mauritius", "MU"},
		// Aliases and free text.
		{"UAE", "AE"}, {"u.a.e.", "AE"}, {"Dubai", "AE"}, {"দুবাই", "AE"}, {"KSA", "SA"}, {"সৌদি", "SA"},
		{"uk", "GB"}, {"England", "GB"}, {"Korea", "KR"}, {"cote d'ivoire", "CI"}, {"Côte d’Ivoire", "CI"},
		{"Türkiye", "TR"}, {"Turkey", "TR"}, {"turkiye", "TR"}, {"Viet Nam", "VN"}, {"Brunei Darussalam", "BN"},
		{"", ""}, {"Atlantis", ""}, {"Congo", "CG"}, {"DR Congo", "CD"}, {"Niger", "NE"}, {"Nigeria", "NG"},
	} {
		c, ok := CountryByName(tc.name)
		if ok != (tc.want != "") || c.Code != tc.want {
			t.Errorf("CountryByName(%q) = %s, %v; want %q", tc.name, c.Code, ok, tc.want)
		}
	}
}

func TestLanguages(t *testing.T) {
	langs := Languages()
	if langs[0].Code != "bn" {
		t.Errorf("first language %q, want bn", langs[0].Code)
	}
	seen := map[string]bool{}
	for _, l := range langs {
		if seen[l.Code] || seen[l.ISO6393] && l.ISO6393 != l.Code {
			t.Errorf("duplicate code %s/%s", l.Code, l.ISO6393)
		}
		seen[l.Code], seen[l.ISO6393] = true, true
		if len(l.ISO6393) != 3 || (len(l.Code) != 2 && l.Code != l.ISO6393) || l.NameEN == "" || l.NameBN == "" {
			t.Errorf("bad language %+v", l)
		}
		for _, code := range []string{l.Code, l.ISO6393} {
			if got, ok := Language(code); !ok || got != l || !ValidLanguage(code) {
				t.Errorf("Language(%s) = %+v, %v", code, got, ok)
			}
		}
		if l.EthnicGroup != "" {
			if g, ok := EthnicGroup(l.EthnicGroup); !ok || g.Language != l.Code {
				t.Errorf("%s: ethnic group %q does not point back", l.Code, l.EthnicGroup)
			}
		}
		if l.Name("bn") != l.NameBN || l.Name("en") != l.NameEN {
			t.Errorf("%s: Name", l.Code)
		}
	}
	for _, code := range []string{"bn", "en", "ar", "hi", "ur", "ms", "ccp", "rmz", "trp", "tnv", "mro", "ben", "eng"} {
		if !ValidLanguage(code) {
			t.Errorf("ValidLanguage(%q) = false", code)
		}
	}
	for _, code := range []string{"", "BN", "bn-BD", "xx", "zzz", "bengali"} {
		if _, ok := Language(code); ok || ValidLanguage(code) {
			t.Errorf("Language(%q) accepted", code)
		}
	}
}
