package names

// The variant table folds the many register spellings of one name element to
// a single canonical spelling per script, and links the Bangla canonical to
// the Latin one so that both get the same phonetic key.
//
// Only name elements that are (a) very frequent in Bangladeshi registers and
// (b) spelt in many ways are listed. Ordinary given names (Rahim, Karim,
// Rina...) are not listed: their variants are handled by the phonetic key.
//
// Each element also has a class that sets its weight in Similarity: an
// honorific says almost nothing about who a person is, a common surname or
// female suffix says a little, everything else is a full-weight token.

type tokenClass uint8

const (
	className      tokenClass = iota // ordinary name token: weight 1
	classCommon                      // common surname / suffix / clan name: weight 0.5
	classHonorific                   // honorific or title: weight 0.15
)

// weight of a token class in Similarity.
func (c tokenClass) weight() float64 {
	switch c {
	case classCommon:
		return 0.5
	case classHonorific:
		return 0.15
	}
	return 1
}

type variantEntry struct {
	latin  string     // canonical Latin spelling (lower case, ASCII)
	bangla string     // canonical Bangla spelling, "" if none listed
	class  tokenClass // weight class
	lat    []string   // further Latin spellings folded to latin
	bn     []string   // further Bangla spellings folded to bangla
}

// variantTable is the documented folding table. Keep it sorted by class and
// then roughly by frequency. A variant may appear in one entry only (a test
// checks this).
var variantTable = []variantEntry{
	// Honorifics and titles.
	{"mohammad", "মোহাম্মদ", classHonorific,
		[]string{"md", "mohd", "mhd", "muhammad", "mohammed", "muhammed", "mohamad", "mohamed", "muhamad",
			"muhamed", "mohammod", "mohamod", "mahammad", "mohmmad", "mohammd", "mohamd", "muhammod", "mohammud", "mohamud"},
		[]string{"মো", "মোহাম্মাদ", "মুহাম্মদ", "মুহাম্মাদ", "মোহম্মদ", "মুহম্মদ", "মহাম্মদ", "মহম্মদ", "মোহাম্মেদ", "মোহামমদ", "মুহা"}},
	{"mosammat", "মোসাম্মৎ", classHonorific,
		[]string{"mst", "most", "mosamat", "mosammet", "mosammot", "mossammat", "musammat", "musammet", "mosammath"},
		[]string{"মোসা", "মোছা", "মোসাম্মত", "মোছাম্মৎ", "মোছাম্মত", "মোসাম্মাৎ", "মোছাম্মাৎ", "মুসাম্মৎ", "মোসামৎ", "মোছামৎ"}},
	{"haji", "হাজী", classHonorific,
		[]string{"hazi", "hajee", "hajji", "alhaj", "alhajj", "alhaz"},
		[]string{"হাজি", "আলহাজ", "আলহাজ্ব", "আলহাজ্জ"}},
	{"late", "মরহুম", classHonorific, nil, []string{"মরহুমা", "মৃত"}},
	{"sri", "শ্রী", classHonorific, []string{"shri", "sree", "shree", "sreeman", "sriman"}, []string{"শ্রীমান"}},
	{"srimati", "শ্রীমতী", classHonorific, []string{"shrimati", "smt", "sreemati", "shreemati"}, []string{"শ্রীমতি"}},
	{"mr", "", classHonorific, nil, nil},
	{"mrs", "", classHonorific, nil, nil},
	{"miss", "", classHonorific, []string{"ms"}, nil},
	{"dr", "ডা", classHonorific, []string{"doctor"}, []string{"ডাঃ", "ডক্টর"}},

	// Female name suffixes.
	{"begum", "বেগম", classCommon, []string{"begam", "begom", "bagum", "beghum"}, []string{"বেগাম"}},
	{"khatun", "খাতুন", classCommon, []string{"khatoon", "khaton", "khatune", "katun", "khathun"}, []string{"খাতূন", "খাতুণ"}},
	{"akter", "আক্তার", classCommon, []string{"akhter", "aktar", "akhtar", "aktir", "akthar"}, []string{"আখতার", "আকতার", "আখতের", "আক্তের"}},
	{"nessa", "নেছা", classCommon, []string{"nesa", "nesha", "nisa", "nissa", "nesaa", "nechha"}, []string{"নেসা", "নিসা", "নিছা", "নেশা"}},
	{"bibi", "বিবি", classCommon, []string{"bibee"}, []string{"বিবী"}},

	// Common Muslim name elements and family names.
	{"abdul", "আব্দুল", classCommon, []string{"abdur", "abdus", "abdun", "abdool", "abdel", "abdush"},
		[]string{"আবদুল", "আব্দুর", "আবদুর", "আব্দুস", "আবদুস", "আব্দুন", "আবদুন"}},
	{"hossain", "হোসেন", classCommon,
		[]string{"hussain", "hosen", "hossen", "hosain", "husain", "hussein", "hossein", "hosein", "hussen", "hossin", "hossian", "houssain"},
		[]string{"হোসাইন", "হুসাইন", "হোসেইন", "হুসেন", "হোছেন", "হোসেন্", "হুসেইন", "হোসায়েন"}},
	{"hasan", "হাসান", classCommon, []string{"hassan", "hason", "hasaan"}, []string{"হাছান"}},
	{"rahman", "রহমান", classCommon, []string{"rehman", "rahaman", "rohman", "rahmaan", "rahoman", "rohoman", "rahmun"}, []string{"রাহমান", "রেহমান"}},
	{"chowdhury", "চৌধুরী", classCommon,
		[]string{"choudhury", "chowdhuri", "choudhuri", "chowdury", "chaudhury", "chaudhuri", "chowdhary", "chaudhary",
			"choudhary", "chowdhry", "chodhury", "chowdhurey", "chowdhori", "chy", "chowdhurry"},
		[]string{"চৌধুরি", "চৌধূরী", "চৌধূরি"}},
	{"islam", "ইসলাম", classCommon, []string{"eslam", "islaam", "islum"}, []string{"ইছলাম", "এসলাম"}},
	{"uddin", "উদ্দিন", classCommon, []string{"uddeen", "uddine", "uddien"}, []string{"উদ্দীন", "উদদিন", "উদ্দিনে"}},
	{"ahmed", "আহমেদ", classCommon, []string{"ahmad", "ahamed", "ahammed", "ahamad", "ahmmed", "ahmod", "ahammad"},
		[]string{"আহম্মেদ", "আহমদ", "আহমাদ", "আহাম্মদ", "আহম্মদ", "আহামেদ"}},
	{"ali", "আলী", classCommon, []string{"aly"}, []string{"আলি"}},
	{"mia", "মিয়া", classCommon, []string{"miah", "mian", "miya", "miyah", "meah", "mea"}, []string{"মিঞা", "মিয়াঁ"}},
	{"ullah", "উল্লাহ", classCommon, []string{"ulla", "ullha", "ollah"}, []string{"উল্লা", "উল্যা", "উল্লাহ্"}},
	{"haque", "হক", classCommon, []string{"hoque", "haq", "huq", "hoq", "huque"}, []string{"হক্", "হোক"}},
	{"alam", "আলম", classCommon, []string{"alom", "allam"}, nil},
	{"nur", "নূর", classCommon, []string{"noor", "nour"}, []string{"নুর"}},
	{"khan", "খান", classCommon, []string{"khaan"}, nil},
	{"sheikh", "শেখ", classCommon, []string{"shaikh", "sheik", "shekh", "sk", "shaik", "seikh", "sekh"}, []string{"শেইখ"}},
	{"sarkar", "সরকার", classCommon, []string{"sarker", "sircar", "sarkaar", "sorkar", "shorkar", "sarkir"}, []string{"সরকাৰ"}},
	{"talukder", "তালুকদার", classCommon, []string{"talukdar", "talukdir", "taluqdar", "talukdher"}, nil},
	{"majumder", "মজুমদার", classCommon, []string{"majumdar", "mojumder", "mozumder", "mazumder", "majumdir", "mojumdar", "mozumdar"}, nil},
	{"bhuiyan", "ভূঁইয়া", classCommon,
		[]string{"bhuiya", "bhuyan", "bhuian", "bhuyian", "bhuiyah", "bhuyia", "bhuia", "bhuiyen", "bhuyain"},
		[]string{"ভুঁইয়া", "ভূইয়া", "ভুইয়া", "ভূঞা", "ভূঁঞা", "ভুঞা"}},
	{"mollah", "মোল্লা", classCommon, []string{"molla", "mullah", "mulla", "mola"}, []string{"মোল্যা", "মোল্লাহ"}},
	{"howlader", "হাওলাদার", classCommon, []string{"hawlader", "howladar", "hawladar", "haoladar"}, []string{"হাওলাদাৰ"}},
	{"ishak", "ইসহাক", className, []string{"ishaq", "ishaque", "isahak", "isaac"}, []string{"ইছহাক", "ইসহাগ"}},
	{"fatema", "ফাতেমা", className, []string{"fatima", "fatama", "fatma"}, []string{"ফাতিমা"}},
	{"ayesha", "আয়েশা", className, []string{"aysha", "aisha", "ayasha", "aesha", "ayesa"}, []string{"আয়শা", "আইশা"}},

	// Ethnic (clan) names of the Chittagong Hill Tracts and other Adivasi groups.
	{"chakma", "চাকমা", classCommon, []string{"chakmah"}, nil},
	{"marma", "মারমা", classCommon, []string{"marmah"}, nil},
	{"tripura", "ত্রিপুরা", classCommon, []string{"tipura", "tripure"}, nil},
	{"tanchangya", "তঞ্চঙ্গ্যা", classCommon, []string{"tonchongya", "tanchanga", "tanchongya", "tonchonga"}, []string{"তংচংগ্যা", "তঞ্চংগ্যা"}},
	{"mro", "ম্রো", classCommon, []string{"mru", "murong"}, nil},
	{"bawm", "বম", classCommon, []string{"bom"}, nil},
	{"khyang", "খিয়াং", classCommon, []string{"khiang"}, nil},
	{"khumi", "খুমি", classCommon, nil, []string{"খুমী"}},
	{"lushai", "লুসাই", classCommon, nil, nil},
	{"pankhua", "পাংখোয়া", classCommon, []string{"pankho", "pangkhua", "pankhoa"}, nil},
	{"chak", "চাক", classCommon, nil, nil},
	{"santal", "সাঁওতাল", classCommon, []string{"santhal", "saontal"}, nil},
	{"garo", "গারো", classCommon, nil, nil},
}

// latinPhrases joins two Latin tokens that registers also write as one word.
var latinPhrases = map[[2]string]string{
	{"ud", "din"}:  "uddin",
	{"ud", "deen"}: "uddin",
	{"al", "haj"}:  "alhaj",
	{"al", "hajj"}: "alhaj",
}

var (
	latinFold   map[string]string     // Latin variant -> canonical
	banglaFold  map[string]string     // normalised Bangla variant -> canonical
	banglaLatin map[string]string     // canonical Bangla -> canonical Latin
	classOf     map[string]tokenClass // canonical Latin -> class
)

func init() {
	latinFold = make(map[string]string)
	banglaFold = make(map[string]string)
	banglaLatin = make(map[string]string)
	classOf = make(map[string]tokenClass)
	for _, e := range variantTable {
		latinFold[e.latin] = e.latin
		for _, v := range e.lat {
			latinFold[v] = e.latin
		}
		classOf[e.latin] = e.class
		if e.bangla == "" {
			continue
		}
		canon := banglaTokenForm(e.bangla)
		banglaFold[canon] = canon
		banglaLatin[canon] = e.latin
		for _, v := range e.bn {
			banglaFold[banglaTokenForm(v)] = canon
		}
	}
}

// banglaTokenForm normalises a table spelling exactly as tokenize would,
// without folding, so the table may be written in any Unicode form.
func banglaTokenForm(s string) string {
	toks, _ := tokenizeRaw(s, nil)
	if len(toks) != 1 {
		panic("names: variant table entry is not one Bangla token: " + s)
	}
	return toks[0].raw
}
