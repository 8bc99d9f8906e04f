package names

import (
	"slices"
	"strings"
	"testing"
)

func keysOf(terms []string) []string {
	var out []string
	for _, t := range terms {
		if strings.HasPrefix(t, KeyPrefix) {
			out = append(out, t)
		}
	}
	return out
}

func sharesKey(a, b string) bool {
	kb := keysOf(SearchKeys(b))
	for _, k := range keysOf(SearchKeys(a)) {
		if slices.Contains(kb, k) {
			return true
		}
	}
	return false
}

// Every Bangla spelling must share a phonetic key with its usual Latin
// transliteration, so that a search typed in either script finds the other.
func TestSearchKeysCrossScript(t *testing.T) {
	for _, c := range []struct{ bn, lat string }{
		{"রহিম", "Rahim"}, {"করিম", "Karim"}, {"করিম", "Korim"},
		{"আক্তার", "Akter"}, {"আক্তার", "Akhter"}, {"আখতার", "Aktar"},
		{"হোসেন", "Hossain"}, {"হোসেন", "Hussain"}, {"হোসাইন", "Hosen"},
		{"মোঃ", "Md"}, {"মোহাম্মদ", "Muhammad"}, {"মোছাঃ", "Mst"},
		{"বেগম", "Begum"}, {"খাতুন", "Khatoon"}, {"রহমান", "Rahman"},
		{"চৌধুরী", "Chowdhury"}, {"ইসলাম", "Islam"}, {"উদ্দিন", "Uddin"},
		{"ছালেহা", "Saleha"}, {"ছায়া", "Chhaya"}, {"চাঁদ", "Chand"},
		{"বিশ্বাস", "Biswas"}, {"শান্ত", "Shanto"}, {"তঞ্চঙ্গ্যা", "Tanchangya"},
		{"ইয়াসিন", "Yeasin"}, {"ইয়াসিন", "Yasin"}, {"জাকির", "Zakir"},
		{"ফারুক", "Faruque"}, {"ফারুক", "Farooq"}, {"পারভীন", "Parvin"},
		{"পারভীন", "Perveen"}, {"দেলোয়ার", "Delwar"}, {"চিং", "Ching"},
		{"মং", "Mong"}, {"মং", "Maung"}, {"অং", "Aung"}, {"থোয়াই", "Thoai"},
		{"প্রভাত", "Probhat"}, {"প্রভাত", "Provat"}, {"লক্ষ্মী", "Lakshmi"},
		{"কৃষ্ণ", "Krishna"}, {"শাহ", "Shah"}, {"মিয়া", "Miah"},
		{"সুলতানা", "Sultana"}, {"নূরজাহান", "Nurjahan"}, {"বড়ুয়া", "Barua"},
		{"আনোয়ার", "Anwar"}, {"তৌহিদ", "Towhid"}, {"মইনুল", "Moinul"},
		{"হ্লা", "Hla"}, {"জ্যোতি", "Jyoti"}, {"স্বপন", "Swapan"},
		{"স্বপন", "Shapan"}, {"ত্রিপুরা", "Tripura"}, {"চাকমা", "Chakma"},
		{"মারমা", "Marma"}, {"উ", "U"}, {"ফজলুল", "Fazlul"}, {"শফিকুল", "Shafiqul"},
		{"ভূঁইয়া", "Bhuiyan"}, {"মোশাররফ", "Mosharraf"}, {"মমতাজ", "Momtaz"}, {"মমতাজ", "Mumtaz"}, {"নাজমা", "Najma"}, {"নাজমা", "Nazma"},
	} {
		if !sharesKey(c.bn, c.lat) {
			t.Errorf("%q %q and %q %q share no phonetic key", c.bn, keysOf(SearchKeys(c.bn)), c.lat, keysOf(SearchKeys(c.lat)))
		}
	}
	for _, c := range []struct{ a, b string }{
		{"ইসলাম", "Salam"}, {"Rahim", "Karim"}, {"চিং", "Chinu"}, {"Jesmin", "Yasmin"},
		{"রহিম", "Rahman"}, {"Begum", "Khatun"},
	} {
		if sharesKey(c.a, c.b) {
			t.Errorf("%q and %q should not share a phonetic key: %q / %q", c.a, c.b, keysOf(SearchKeys(c.a)), keysOf(SearchKeys(c.b)))
		}
	}
}

func TestSearchKeys(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Md. Abdur Rahim", []string{"mohammad", "abdul", "rahim", "md", "abdur", "~mhmd", "~abdl", "~rhm"}},
		{"মোঃ আব্দুর রহিম", []string{"মোহাম্মদ", "আব্দুল", "রহিম", "মো", "আব্দুর", "~mhmd", "~abdl", "~rhm"}},
		{"Mohammad Abdul Rahim", []string{"mohammad", "abdul", "rahim", "~mhmd", "~abdl", "~rhm"}},
		{"Rahim Rahim", []string{"rahim", "~rhm"}},
		{"ছালেহা", []string{"ছালেহা", "~clh", "~slh"}},
		{"Rahim 2", []string{"rahim", "2", "~rhm"}},
		{"Мария", []string{"мария"}},
		{"", nil},
		{"।", nil},
	} {
		if got := SearchKeys(c.in); !slices.Equal(got, c.want) {
			t.Errorf("SearchKeys(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestQueryKeys(t *testing.T) {
	for _, c := range []struct {
		in     string
		terms  []string
		prefix string
	}{
		{"Md. Abdur Ra", []string{"mohammad", "abdul", "ra", "~mhmd", "~abdl", "~r"}, "ra"},
		{"Md. Abdur Rahim ", []string{"mohammad", "abdul", "rahim", "~mhmd", "~abdl", "~rhm"}, ""},
		{"Most", []string{"mosammat", "~msmt"}, "most"},
		{"Md.", []string{"mohammad", "~mhmd"}, ""},
		{"রহি", []string{"রহি", "~rh"}, "রহি"},
		{"মোঃ", []string{"মোহাম্মদ", "~mhmd"}, ""},
		{"আব্দুর রহিম।", []string{"আব্দুল", "রহিম", "~abdl", "~rhm"}, ""},
		{"", nil, ""},
		{"   ", nil, ""},
	} {
		terms, prefix := QueryKeys(c.in)
		if !slices.Equal(terms, c.terms) || prefix != c.prefix {
			t.Errorf("QueryKeys(%q) = %q, %q; want %q, %q", c.in, terms, prefix, c.terms, c.prefix)
		}
	}
	// A partial query is a prefix of the stored word and of its key.
	terms, prefix := QueryKeys("Akh")
	stored := SearchKeys("Akhter")
	if !slices.ContainsFunc(stored, func(s string) bool { return strings.HasPrefix(s, prefix) }) {
		t.Errorf("prefix %q does not lead to %q", prefix, stored)
	}
	if k := keysOf(terms)[0]; !strings.HasPrefix(keysOf(stored)[0], k) {
		t.Errorf("partial key %q is not a prefix of %q", k, keysOf(stored))
	}
}
