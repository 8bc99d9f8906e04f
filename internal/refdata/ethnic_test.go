package refdata

import (
	"math"
	"testing"
)

func TestEthnicGroups(t *testing.T) {
	groups := EthnicGroups()
	if len(groups) != 13 {
		t.Fatalf("%d groups, want 13", len(groups))
	}
	indigenous, share := 0, 0.0
	for _, g := range groups {
		if g.Indigenous {
			indigenous++
		}
		share += g.CHTSharePct
		got, ok := EthnicGroup(g.Code)
		if !ok || got.Code != g.Code || got.NameBN != g.NameBN {
			t.Errorf("EthnicGroup(%s) = %+v, %v", g.Code, got, ok)
		}
		if g.NameEN == "" || g.NameBN == "" || g.Name("bn") != g.NameBN || g.Name("en") != g.NameEN {
			t.Errorf("%s: names %q / %q", g.Code, g.NameEN, g.NameBN)
		}
		for _, d := range g.Districts {
			if u, ok := Admin(d); !ok || !u.IsCHT || u.Level != District {
				t.Errorf("%s: main district %s is not a CHT district", g.Code, d)
			}
		}
		if g.Code != "other" {
			if len(g.Districts) == 0 {
				t.Errorf("%s has no main district", g.Code)
			}
			if l, ok := Language(g.Language); !ok || l.EthnicGroup != g.Code {
				t.Errorf("%s: language %q does not point back (%+v)", g.Code, g.Language, l)
			}
		}
		// Every name and variant matches the group, however written.
		for _, n := range append([]string{g.Code, g.NameEN, g.NameBN}, g.Variants...) {
			if m, ok := MatchEthnicGroup(n); !ok || m.Code != g.Code {
				t.Errorf("MatchEthnicGroup(%q) = %s, %v; want %s", n, m.Code, ok, g.Code)
			}
		}
	}
	if indigenous != 11 {
		t.Errorf("%d indigenous groups, want 11", indigenous)
	}
	if math.Abs(share-100) > 0.01 {
		t.Errorf("CHT shares sum to %.2f%%", share)
	}
	want := []string{"chakma", "marma", "tripura", "tanchangya", "mro", "bawm", "pangkhua", "khyang", "khumi", "chak", "lushai", "bengali", "other"}
	for _, code := range want {
		if _, ok := EthnicGroup(code); !ok {
			t.Errorf("EthnicGroup(%q) missing", code)
		}
	}
	c, _ := EthnicGroup("chakma")
	if c.NationalPop2022 != 483365 || c.NameBN != "চাকমা" || c.Districts[0] != "BD2084" {
		t.Errorf("chakma = %+v", c)
	}
}

func TestMatchEthnicGroup(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Mru", "mro"}, {"MRO", "mro"}, {"murong", "mro"}, {" Tipra ", "tripura"}, {"Bangali", "bengali"},
		{"Bengali", "bengali"}, {"bengali (non-indigenous)", "bengali"}, {"মারমা", "marma"}, {"Pankho", "pangkhua"},
		{"Pankhua", "pangkhua"}, {"Bawm-Chin", "bawm"}, {"bawm chin", "bawm"}, {"Mizo", "lushai"},
		{"", ""}, {"Santal", ""}, {"Chakmaa", ""},
	} {
		g, ok := MatchEthnicGroup(tc.in)
		if ok != (tc.want != "") || g.Code != tc.want {
			t.Errorf("MatchEthnicGroup(%q) = %q, %v; want %q", tc.in, g.Code, ok, tc.want)
		}
	}
	if _, ok := EthnicGroup("Chakma"); ok {
		t.Error(`EthnicGroup("Chakma") matched: codes are exact`)
	}
}

func TestEthnicGroupIsACopy(t *testing.T) {
	g, _ := EthnicGroup("marma")
	g.Variants[0] = "changed"
	g.Districts[0] = "changed"
	all := EthnicGroups()
	all[1].Variants[0] = "changed"
	if g2, _ := EthnicGroup("marma"); g2.Variants[0] != "Mogh" || g2.Districts[0] != "BD2003" {
		t.Errorf("the table changed: %+v", g2)
	}
}
