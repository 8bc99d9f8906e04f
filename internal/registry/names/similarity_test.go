package names

import (
	"math"
	"testing"
)

// samePerson lists spellings of one person that must score at or above
// DuplicateThreshold.
var samePerson = []struct{ a, b string }{
	// Latin register variants.
	{"Md. Abdur Rahim", "Mohammad Abdur Rahim"},
	{"Md. Abdur Rahim", "Muhammad Abdul Rahim"},
	{"MOHD. ABDUR RAHIM", "mohammed abdur rahim"},
	{"Mst. Rina Khatun", "Mosammat Rina Khatoon"},
	{"Mst. Rina Khatun", "Most. Rina Khatun"},
	{"Rina Begum", "Begum Rina"},
	{"Shahnaz Begam", "Shahnaz Begum"},
	{"Nasrin Akter", "Nasreen Akhter"},
	{"Parvin Aktar", "Perveen Akhtar"},
	{"Kamal Hossain", "Kamal Hussain"},
	{"Delwar Hosen", "Dilwar Hossain"},
	{"Abdur Rahman", "Abdur Rehman"},
	{"Shafiqul Islam Chowdhury", "Shafikul Islam Choudhury"},
	{"Nizam Uddin", "Nizam Ud-Din"},
	{"Jasim Uddin", "Josim Uddeen"},
	{"Faruk Ahmed", "Farooq Ahmad"},
	{"Abdul Haque", "Abdul Hoque"},
	{"Mizanur Rahman", "Mizanoor Rahaman"},
	{"Rafiqul Islam", "Rofiqul Islam"},
	{"Md. Yeasin Arafat", "Mohammad Yasin Arafat"},
	{"Ayesha Siddika", "Aysha Siddiqa"},
	{"Fatema Khatun", "Fatima Khatoon"},
	{"Kulsum Begum", "Kulsoom Begum"},
	{"Rokeya Begum", "Rokeia Begum"},
	{"Anwar Hossain Bhuiyan", "Anowar Hossen Bhuiya"},
	{"Abul Kalam Azad", "Abul Kalam Ajad"},
	{"Shahidul Islam Talukder", "Shohidul Islam Talukdar"},
	{"Monir Hossain", "Munir Hussain"},
	{"A.K.M. Fazlul Haque", "AKM Fazlul Hoque"},
	{"A. K. M. Fazlul Haque", "A.K.M Fazlul Huq"},
	{"Md. Zakir Hossain", "Md. Jakir Hossain"},
	{"Tanvir Ahmed", "Tanveer Ahmed"},
	{"Sohel Rana", "Shohel Rana"},
	{"Khadiza Akter", "Khadija Akhter"},
	{"Moriom Begum", "Mariam Begum"},
	{"Nurjahan Begum", "Nur Jahan Begum"},
	{"Abdur Rahim", "Md. Abdur Rahim"},
	{"Rahima Khatun", "Mst. Rahima Khatun"},
	{"Selina Akter", "Salina Akter"},
	{"Jesmin Akter", "Jasmin Akter"},
	{"Shirin Sultana", "Sherin Sultana"},
	{"Mahmudul Hasan", "Mahmudul Hassan"},
	{"Towhidul Islam", "Touhidul Islam"},
	{"Habibur Rahman", "Habibur Rohman"},
	{"Sirajul Islam", "Serajul Islam"},
	{"Mofizul Haque", "Mafizul Hoque"},
	{"Shahjahan Sheikh", "Sk. Shahjahan"},
	{"Karim Sarkar", "Korim Sarker"},
	{"Mumtaz Begum", "Momtaz Begam"},
	{"Mosharraf Hossain", "Mosharof Hossen"},
	{"José Rozario", "Jose Rozario"},
	{"Mohammad Ali", "Ali, Mohammad"},
	// Chittagong Hill Tracts names.
	{"Aung Mong Marma", "Aung Maung Marma"},
	{"Jyoti Chakma", "Jyoty Chakma"},
	{"Bikash Tripura", "Bikas Tripura"},
	{"U Thoai Marma", "Uthoai Marma"},
	{"Kyaw Sing Marma", "Kyaw Shing Marma"},
	{"Rupayan Tanchangya", "Rupayon Tonchongya"},
	{"Mong Sing Marma", "Mongsing Marma"},
	{"Abdur Rahman", "Abdurrahman"},
	// Across scripts.
	{"Md. Abdur Rahim", "মোঃ আব্দুর রহিম"},
	{"Mohammad Abdur Rahim", "মোহাম্মদ আবদুর রহিম"},
	{"Mst. Rina Khatun", "মোছাঃ রিনা খাতুন"},
	{"Karim Mia", "করিম মিয়া"},
	{"Nasrin Akter", "নাসরিন আক্তার"},
	{"Nasrin Akhter", "নাসরিন আখতার"},
	{"Kamal Hossain", "কামাল হোসেন"},
	{"Rahima Begum", "রহিমা বেগম"},
	{"Shafiqul Islam", "শফিকুল ইসলাম"},
	{"Jasim Uddin", "জসিম উদ্দিন"},
	{"Abdul Haque", "আব্দুল হক"},
	{"Ching Marma", "চিং মারমা"},
	{"U Thoai Marma", "উ থোয়াই মারমা"},
	{"Bikash Chakma", "বিকাশ চাকমা"},
	{"Biswajit Tripura", "বিশ্বজিৎ ত্রিপুরা"},
	{"Salma Begum", "ছালমা বেগম"},
	{"Shanto Chakma", "শান্ত চাকমা"},
	{"Anwar Hossain", "আনোয়ার হোসেন"},
	{"Yeasin Arafat", "ইয়াসিন আরাফাত"},
	{"Fatema Khatun", "ফাতেমা খাতুন"},
	{"Rupa Akter", "রুপা আক্তার"},
	{"Nurjahan Begum", "নূরজাহান বেগম"},
	{"Sultana Razia", "সুলতানা রাজিয়া"},
	{"Mizanur Rahman", "মিজানুর রহমান"},
	{"Delwar Hossain", "দেলোয়ার হোসেন"},
	{"Parvin Akter", "পারভীন আক্তার"},
	{"Kamrul Hasan", "কামরুল হাসান"},
	{"Shahidul Islam Chowdhury", "শহিদুল ইসলাম চৌধুরী"},
	{"Mong Sing Marma", "মংসিং মারমা"},
	{"Rupayan Tanchangya", "রূপায়ন তঞ্চঙ্গ্যা"},
	{"Lakshmi Rani Das", "লক্ষ্মী রানী দাস"},
	{"Shuvo Barua", "শুভ বড়ুয়া"},
	{"Sumon Mia", "সুমন মিয়া"},
	{"Liton Das", "লিটন দাস"},
	{"Ripon Kumar Dey", "রিপন কুমার দে"},
	{"Mohammad Ali", "মোহাম্মদ আলী"},
	{"Rashed Khan", "রাশেদ খান"},
	{"Bipul Chakma", "বিপুল চাকমা"},
	{"Saleha Begum", "ছালেহা বেগম"},
	{"Chand Mia", "চাঁদ মিয়া"},
	{"Aung Marma", "অং মারমা"},
	{"Jahanara Begum", "জাহানারা বেগম"},
	{"Hla Ching Marma", "হ্লা চিং মারমা"},
	{"Mosharraf Hossain", "মোশাররফ হোসেন"},
	{"Momtaz Begum", "মমতাজ বেগম"},
	{"Pinki Rani Sarkar", "পিংকি রানী সরকার"},
	{"Dipankar Chakma", "দীপঙ্কর চাকমা"},
	{"Ishaq Ali", "ইসহাক আলী"},
	{"Mong Shwe Prue Marma", "মং শোয়ে প্রু মারমা"},
	{"Kyaw Thoai Marma", "ক্যঅ থোয়াই মারমা"},
	{"Aungshing Marma", "অংশিং মারমা"},
	{"Obaidul Kader", "ওবায়দুল কাদের"},
	{"Lovely Akter", "লাভলী আক্তার"},
	{"Ujjal Chakma", "উজ্জ্বল চাকমা"},
	{"Abu Bakar Siddique", "আবু বকর সিদ্দিক"},
	// Bangla spelling variants.
	{"মোঃ আব্দুর রহিম", "মোহাম্মদ আবদুর রহিম"},
	{"মোছাঃ রিনা খাতুন", "মোসাম্মৎ রিনা খাতুন"},
	{"রানী বেগম", "রানি বেগম"},
	{"নাসরিন আখতার", "নাসরীন আক্তার"},
	{"মোঃ কামাল হোসাইন", "মোঃ কামাল হোসেন"},
	{"শফিকুল ইসলাম", "সফিকুল ইসলাম"},
}

// differentPeople lists names that must score below DuplicateThreshold.
var differentPeople = []struct{ a, b string }{
	{"Abdur Rahim", "Abdur Karim"},
	{"Rina Begum", "Runa Begum"},
	{"Ching Marma", "Chinu Marma"},
	{"Mst. Rina Khatun", "Mst. Rani Khatun"},
	{"Rahim Uddin", "Karim Uddin"},
	{"Nasrin Akter", "Nasima Akter"},
	{"Mohammad Ali", "Mohammad Alam"},
	{"Kamal Hossain", "Jamal Hossain"},
	{"Jamal Uddin", "Jamil Uddin"},
	{"Salim Reza", "Salam Reza"},
	{"Rahim Mia", "Rahima Begum"},
	{"Rahim Mia", "Rahima"},
	{"Mong Sing Marma", "Ching Sing Marma"},
	{"Aung Marma", "Aung Chakma"},
	{"Shafiqul Islam", "Rafiqul Islam"},
	{"Mizanur Rahman", "Mahbubur Rahman"},
	{"Nurul Islam", "Nurul Amin"},
	{"Abdul Haque", "Abdul Hai"},
	{"Rina Akter", "Rita Akter"},
	{"Sumi Akter", "Soma Akter"},
	{"Jesmin Akter", "Yasmin Akter"},
	{"Islam Uddin", "Salam Uddin"},
	{"Bikash Chakma", "Bilash Chakma"},
	{"Rupa Tripura", "Ruma Tripura"},
	{"Hasina Begum", "Hasiba Begum"},
	{"Md. Karim", "Md. Rahim"},
	{"Mahmudul Hasan", "Mahmudul Hossain"},
	{"Chinu Marma", "Chinu Chakma"},
	{"Liton Das", "Lipon Das"},
	{"Ripon Kumar Dey", "Ripon Kumar Roy"},
	{"Suma Akter", "Sima Akter"},
	{"Rahim", "Rahima"},
	{"Mohammad Rahim", "Mosammat Rahima"},
	{"রহিম", "রহিমা"},
	{"করিম", "রহিম"},
	{"রিনা বেগম", "Runa Begum"},
	{"Kamal Hossain", "Komola Hossain"},
	{"Abdul Karim", "Abdul Kader"},
	{"Tanvir Ahmed", "Tanvir Hossain"},
	{"মোঃ আব্দুর রহিম", "মোঃ আব্দুর করিম"},
	{"চিং মারমা", "চিনু মারমা"},
	{"Rina Begum", "Rina Khatun Akter Chowdhury"},
	{"Md. Abdur Rahim", "Md. Abdur Rahman"},
	{"Shirin Akter", "Shilpi Akter"},
	{"Mst. Rina", "Mst. Mina"},
	{"Mosammat", "Mohammad"},
	{"Mohammad Hossain Chowdhury", "Mohammad Hasan Chowdhury"},
	{"Dipankar Chakma", "Dipak Chakma"},
	{"Shanti Chakma", "Shanta Chakma"},
	{"Tahmina Khatun", "Tamanna Khatun"},
	{"Sohrab Hossain", "Sohel Hossain"},
	{"Liza Akter", "Lima Akter"},
	{"থোয়াই চিং মারমা", "থোয়াই মং মারমা"},
}

// possibleMatch lists pairs that should be offered for review (at or above
// ReviewThreshold) without a duplicate warning: a missing surname or first
// element, one extra element, or a near spelling of a short name.
var possibleMatch = []struct{ a, b string }{
	{"Rina", "Rina Begum"},
	{"Nasrin", "Nasrin Akter"},
	{"Abdur Rahim", "Rahim"},
	{"Md. Karim", "Md. Karim Uddin"},
	{"Ching Marma", "Chinu Marma"},
	{"Shuvo", "শুভ"},
}

func TestSimilarityPossibleMatch(t *testing.T) {
	for _, c := range possibleMatch {
		if s := Similarity(c.a, c.b); s < ReviewThreshold || s >= DuplicateThreshold {
			t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f)", c.a, c.b, s, ReviewThreshold, DuplicateThreshold)
		}
	}
}

func TestSimilaritySamePerson(t *testing.T) {
	if len(samePerson) < 60 {
		t.Fatalf("only %d same-person pairs", len(samePerson))
	}
	for _, c := range samePerson {
		s := Similarity(c.a, c.b)
		if s < DuplicateThreshold {
			t.Errorf("Similarity(%q, %q) = %.3f, want >= %.2f", c.a, c.b, s, DuplicateThreshold)
		} else if testing.Verbose() {
			t.Logf("%.3f  %s ~ %s", s, c.a, c.b)
		}
	}
}

func TestSimilarityDifferentPeople(t *testing.T) {
	if len(differentPeople) < 30 {
		t.Fatalf("only %d different-people pairs", len(differentPeople))
	}
	for _, c := range differentPeople {
		s := Similarity(c.a, c.b)
		if s >= DuplicateThreshold {
			t.Errorf("Similarity(%q, %q) = %.3f, want < %.2f", c.a, c.b, s, DuplicateThreshold)
		} else if testing.Verbose() {
			t.Logf("%.3f  %s !~ %s", s, c.a, c.b)
		}
	}
}

func TestSimilarityProperties(t *testing.T) {
	all := make([]string, 0, 2*(len(samePerson)+len(differentPeople)))
	for _, c := range samePerson {
		all = append(all, c.a, c.b)
	}
	for _, c := range differentPeople {
		all = append(all, c.a, c.b)
	}
	all = append(all, "", "   ", "।", "123", "Мария", "محمد")
	for _, a := range all {
		if self := Similarity(a, a); len(Tokens(a)) > 0 && self != 1 {
			t.Errorf("Similarity(%q, itself) = %v, want 1", a, self)
		}
		for _, b := range all {
			s, r := Similarity(a, b), Similarity(b, a)
			if s != r {
				t.Errorf("not symmetric: %q/%q = %v, reversed %v", a, b, s, r)
			}
			if s < 0 || s > 1 || math.IsNaN(s) {
				t.Errorf("Similarity(%q, %q) = %v out of [0,1]", a, b, s)
			}
		}
	}
}

func TestSimilarityEdges(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"", "", 0},
		{"", "Rahim", 0},
		{"...", "Rahim", 0},
		{"Rahim", "Rahim", 1},
		{"Md. Rahim", "Mohammad Rahim", 1},
		{"রিনা বেগম", "বেগম রিনা", 1},
		{"মোঃ", "Md", 1},
	} {
		if got := Similarity(c.a, c.b); got != c.want {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	// The documented example: Ching / Chinu are distinct at the warning
	// threshold but close enough to be listed for review.
	if s := Similarity("Ching Marma", "Chinu Marma"); s >= DuplicateThreshold || s < 0.6 {
		t.Errorf("Ching/Chinu Marma = %.3f", s)
	}
	// Order and case never matter.
	if a, b := Similarity("RINA BEGUM", "begum rina"), 1.0; a != b {
		t.Errorf("order/case: %v", a)
	}
}

func TestTokenSimOrdering(t *testing.T) {
	// A clean transliteration beats a vowel alternation, which beats an
	// incompatible vowel, which beats a different consonant skeleton.
	sim := func(a, b string) float64 {
		ta, _ := tokenize(a)
		tb, _ := tokenize(b)
		x, y := analyseToken(ta[0]), analyseToken(tb[0])
		return tokenSim(&x, &y)
	}
	clean := sim("Rahim", "রহিম")
	alt := sim("Karim", "Korim")
	vowel := sim("Rina", "Runa")
	cons := sim("Rahim", "Karim")
	if !(clean > alt && alt > vowel && vowel > cons) {
		t.Errorf("ordering broken: clean %.3f alt %.3f vowel %.3f consonant %.3f", clean, alt, vowel, cons)
	}
	if s := sim("Hasan", "Hossain"); s != 0 {
		t.Errorf("distinct table elements Hasan/Hossain = %v, want 0", s)
	}
}

// The thresholds must sit in a clear gap between the two tables, not on the
// edge of either (the package doc quotes these figures).
func TestThresholdMargins(t *testing.T) {
	lowSame, highDiff := 1.0, 0.0
	for _, c := range samePerson {
		lowSame = min(lowSame, Similarity(c.a, c.b))
	}
	for _, c := range differentPeople {
		highDiff = max(highDiff, Similarity(c.a, c.b))
	}
	if lowSame-DuplicateThreshold < 0.04 || DuplicateThreshold-highDiff < 0.08 {
		t.Errorf("thin margins: lowest same-person %.3f, highest different-people %.3f, threshold %.2f",
			lowSame, highDiff, DuplicateThreshold)
	}
	if highDiff >= DuplicateThreshold || ReviewThreshold >= DuplicateThreshold {
		t.Errorf("thresholds out of order")
	}
}
