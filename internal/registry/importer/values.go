package importer

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Messages about values. They are English sentences that double as keys
// into the Bangla message table, like every domain message.
const (
	msgDate          = "write the date as day/month/year (31/05/2023) or year-month-day (2023-05-31)"
	msgDateYear      = "write the year with four digits, e.g. 31/05/1988"
	msgDateUS        = "this date reads as month/day/year: write dates as day/month/year (31/05/2023) or year-month-day (2023-05-31)"
	msgDateNone      = "this date does not exist: check the day and the month"
	msgDateFull      = "give the full date (or at least the month and year), not the year alone"
	msgAmount        = "write the amount as a number, such as 350000 or 3.5 lakh"
	msgAmountHuge    = "this amount is too large to be right: check it"
	msgRoundedNumber = "Excel has turned this number into a rounded one and lost its last digits: format the column as Text, type the number again and save"
	msgYesNo         = "answer yes or no"
)

// isBengali reports whether s holds Bengali script.
func isBengali(s string) bool {
	for _, r := range s {
		if r >= 0x0980 && r <= 0x09FF {
			return true
		}
	}
	return false
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
	"jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
	"জানুয়ারি": 1, "জানুয়ারী": 1, "ফেব্রুয়ারি": 2, "ফেব্রুয়ারী": 2, "মার্চ": 3, "এপ্রিল": 4, "মে": 5, "জুন": 6,
	"জুলাই": 7, "আগস্ট": 8, "আগষ্ট": 8, "সেপ্টেম্বর": 9, "অক্টোবর": 10, "নভেম্বর": 11, "ডিসেম্বর": 12,
}

// excelEpoch is day 0 of Excel's 1900 date system, shifted for its
// pretend 29 February 1900: serial 61 is 1 March 1900.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateValue is what parseDate understood.
type dateValue struct {
	t time.Time
	// precision: 'd' a full date, 'm' a month and year (the 1st is
	// stored), 'y' a year alone (1 July is stored).
	precision byte
}

// parseDate reads a date as people write it: 2023-05-31, 31/05/2023,
// 31-05-2023, 31.05.2023, 31 May 2023, May 31 2023, ৩১/০৫/২০২৩, an Excel
// serial number (45077), a month and year (05/2023, May 2023) or a year
// alone (1988). It returns a message when it cannot.
func parseDate(s string) (dateValue, string) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	// A time of day after the date (2023-05-31 00:00:00, 2023-05-31T00:00:00Z).
	if i := strings.IndexAny(s, "T "); i == 10 && len(s) > 10 && s[4] == '-' {
		s = s[:10]
	}
	if strings.HasSuffix(s, " 00:00:00") {
		s = strings.TrimSuffix(s, " 00:00:00")
	}
	if isNumber(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return dateValue{}, msgDate
		}
		if f >= 1000 && f <= 2200 && f == math.Trunc(f) && len(s) == 4 {
			return dateValue{t: time.Date(int(f), 7, 1, 0, 0, 0, 0, time.UTC), precision: 'y'}, ""
		}
		if f >= 1 && f < 2958466 { // up to 31 December 9999
			days := int(f)
			if days == 60 {
				return dateValue{}, msgDateNone // Excel's 29 February 1900
			}
			t := excelEpoch.AddDate(0, 0, days)
			if days < 60 {
				t = t.AddDate(0, 0, 1)
			}
			return dateValue{t: t, precision: 'd'}, ""
		}
		return dateValue{}, msgDate
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '-' || r == '.' || r == ',' || r == '\\' || unicode.IsSpace(r)
	})
	var nums []int
	var lens []int
	month := time.Month(0)
	monthAt := -1
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil && n >= 0 {
			nums = append(nums, n)
			lens = append(lens, len(p))
			continue
		}
		p = strings.ToLower(strings.TrimSuffix(p, "."))
		// Ordinals: 1st, 2nd, 31st.
		if n, err := strconv.Atoi(strings.TrimRight(p, "stndrh")); err == nil && len(p) <= 4 && n > 0 {
			nums = append(nums, n)
			lens = append(lens, 2)
			continue
		}
		m, ok := monthNames[p]
		if !ok || monthAt >= 0 {
			return dateValue{}, msgDate
		}
		month, monthAt = m, i
	}
	mk := func(y, m, d int, prec byte) (dateValue, string) {
		if m < 1 || m > 12 {
			return dateValue{}, msgDate
		}
		if y < 1000 {
			if y < 100 {
				return dateValue{}, msgDateYear
			}
			return dateValue{}, msgDate
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != m {
			return dateValue{}, msgDateNone
		}
		return dateValue{t: t, precision: prec}, ""
	}
	switch {
	case monthAt >= 0 && len(nums) == 2:
		// 31 May 2023, May 31 2023, 2023 May 31.
		d, y := nums[0], nums[1]
		if lens[0] == 4 {
			y, d = nums[0], nums[1]
		}
		return mk(y, int(month), d, 'd')
	case monthAt >= 0 && len(nums) == 1:
		return mk(nums[0], int(month), 1, 'm')
	case monthAt >= 0:
		return dateValue{}, msgDate
	case len(nums) == 3 && lens[0] == 4:
		return mk(nums[0], nums[1], nums[2], 'd')
	case len(nums) == 3 && lens[2] == 4:
		d, m := nums[0], nums[1]
		if m > 12 && d <= 12 {
			return dateValue{}, msgDateUS
		}
		return mk(nums[2], m, d, 'd')
	case len(nums) == 3 && lens[2] <= 2:
		return dateValue{}, msgDateYear
	case len(nums) == 2 && lens[1] == 4:
		return mk(nums[1], nums[0], 1, 'm')
	case len(nums) == 2 && lens[0] == 4:
		return mk(nums[0], nums[1], 1, 'm')
	}
	return dateValue{}, msgDate
}

// isNumber reports whether s is a plain decimal number (digits, at most
// one point), as Excel gives a number cell's raw value.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	point := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !point && i > 0:
			point = true
		default:
			return false
		}
	}
	return true
}

// digitsOf turns a number cell into its digits: Excel stores long numbers
// (phones, ID numbers) in number cells, whose raw value may be 1.71123E+9
// or 1711234567.0. ok is false when Excel has already rounded the number
// (more than 15 significant digits), which no program can undo.
func digitsOf(s string) (string, bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f == math.Trunc(f) {
			if f >= 1e15 {
				return "", false
			}
			return strconv.FormatFloat(f, 'f', 0, 64), true
		}
		return s, true
	}
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" && isNumber(s) {
		s = s[:i]
	}
	return s, true
}

// parseAmount reads an amount of money in major units (taka): 350000,
// 3,50,000, ৩,৫০,০০০, 3.5 lakh, 35 হাজার, Tk 350000, USD 2000. It returns
// the amount in minor units (paisa, cents) and a currency code when one
// was written with it.
func parseAmount(s string) (minor int64, currency string, msg string) {
	s = strings.ToLower(strings.TrimSpace(i18n.ASCIIDigits(s)))
	mult := 1.0
	for _, w := range []struct {
		word string
		mult float64
	}{{"crore", 1e7}, {"কোটি", 1e7}, {"lakh", 1e5}, {"lac", 1e5}, {"লাখ", 1e5}, {"লক্ষ", 1e5}, {"thousand", 1e3}, {"হাজার", 1e3}} {
		if strings.Contains(s, w.word) {
			s = strings.ReplaceAll(s, w.word, "")
			mult = w.mult
			break
		}
	}
	for _, c := range registry.Currencies {
		if strings.Contains(s, strings.ToLower(c)) {
			s = strings.ReplaceAll(s, strings.ToLower(c), "")
			currency = c
			break
		}
	}
	for _, w := range []string{"taka", "tk.", "tk", "টাকা", "৳"} {
		if strings.Contains(s, w) {
			s, currency = strings.ReplaceAll(s, w, ""), "BDT"
		}
	}
	for _, w := range []string{"/-", ",", " ", "\u00a0", "_"} {
		s = strings.ReplaceAll(s, w, "")
	}
	s = strings.TrimSuffix(s, "=")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !isNumber(s) && !strings.ContainsAny(s, "eE") {
		return 0, "", msgAmount
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, "", msgAmount
	}
	f *= mult
	if f > 1e12 {
		return 0, "", msgAmountHuge
	}
	minor = int64(math.Round(f * 100))
	if neg {
		minor = -minor
	}
	return minor, currency, ""
}

// parseBool reads yes or no in either language.
func parseBool(s string) (bool, bool) {
	switch headerKey(s) {
	case "yes", "y", "true", "1", "হ্যাঁ", "হা", "হ্যা", "জি", "আনুমানিক", "estimated":
		return true, true
	case "no", "n", "false", "0", "না", "নাই", "নেই":
		return false, true
	}
	return false, false
}

// codeAliases are the words people write for the register's codes.
var codeAliases = map[string]map[string][]string{
	"sex": {
		"female":       {"f", "woman", "women", "girl", "মহিলা", "নারী", "স্ত্রী", "মেয়ে"},
		"male":         {"m", "man", "men", "boy", "পুরুষ", "ছেলে"},
		"third_gender": {"third gender", "hijra", "transgender", "হিজড়া", "তৃতীয় লিঙ্গ", "ট্রান্সজেন্ডার"},
	},
	"religion": {
		"islam":        {"muslim", "moslem", "ইসলাম", "মুসলিম", "মুসলমান"},
		"hinduism":     {"hindu", "হিন্দু", "সনাতন"},
		"buddhism":     {"buddhist", "বৌদ্ধ"},
		"christianity": {"christian", "খ্রিস্টান", "খ্রিষ্টান"},
		"other":        {"others", "অন্যান্য", "অন্য"},
		"not_stated":   {"not stated", "prefer not to say", "unknown", "বলতে চান না", "জানা নেই"},
	},
	"education": {
		"none":             {"no schooling", "no education", "illiterate", "nil", "নিরক্ষর", "নেই", "কোনোটি নয়", "পড়াশোনা নেই"},
		"primary":          {"psc", "class 1-5", "primary school", "প্রাথমিক", "পিএসসি"},
		"secondary":        {"ssc", "jsc", "high school", "class 6-10", "মাধ্যমিক", "এসএসসি", "জেএসসি"},
		"higher_secondary": {"hsc", "intermediate", "উচ্চ মাধ্যমিক", "এইচএসসি"},
		"tertiary":         {"graduate", "graduation", "bachelor", "bachelors", "masters", "university", "degree", "honours", "স্নাতক", "স্নাতকোত্তর", "বিশ্ববিদ্যালয়"},
		"vocational":       {"technical", "diploma", "কারিগরি", "বৃত্তিমূলক", "ডিপ্লোমা"},
		"religious":        {"madrasa", "madrasah", "মাদ্রাসা"},
	},
	"remigrate": {
		"yes":   {"y", "true", "1", "হ্যাঁ", "হ্যা", "হা", "চান"},
		"no":    {"n", "false", "0", "না", "চান না"},
		"maybe": {"perhaps", "not sure", "undecided", "হয়তো", "হয়ত", "নিশ্চিত নন", "জানি না"},
	},
	"channel": {
		"bmet":            {"government", "g2g", "boesl", "বিএমইটি", "সরকারি", "বোয়েসেল"},
		"licensed_agency": {"agency", "recruiting agency", "recruitment agency", "licensed recruiting agency", "এজেন্সি", "রিক্রুটিং এজেন্সি"},
		"individual_visa": {"individual", "individual visa", "own", "self", "personal", "নিজে", "ব্যক্তিগত", "ব্যক্তিগত ভিসা"},
		"broker":          {"dalal", "middleman", "agent", "sub-agent", "দালাল", "মধ্যস্বত্বভোগী"},
	},
	"financing": {
		"loan":      {"loans", "borrowed", "debt", "ঋণ", "ধার", "কর্জ"},
		"land_sale": {"land sale", "sold land", "selling land", "জমি বিক্রি", "জমি বিক্রয়"},
		"savings":   {"saving", "own money", "সঞ্চয়", "নিজের টাকা"},
		"family":    {"family support", "relatives", "পরিবার", "আত্মীয়"},
		"employer":  {"employer paid", "নিয়োগকর্তা", "মালিক"},
		"other":     {"others", "অন্যান্য"},
	},
	"return_type": {
		"contract_ended":     {"contract ended", "contract end", "end of contract", "contract finished", "completed contract", "চুক্তি শেষ", "মেয়াদ শেষ"},
		"lost_job":           {"lost job", "job loss", "lost work", "unemployed", "চাকরি হারানো", "কাজ হারানো"},
		"deported":           {"deportation", "deport", "sent back", "ফেরত পাঠানো", "বহিষ্কার", "ডিপোর্ট"},
		"forced_by_employer": {"forced by employer", "forced", "employer sent back", "মালিক জোর করে ফেরত পাঠিয়েছে", "জোরপূর্বক"},
		"covid19":            {"covid", "covid-19", "covid 19", "corona", "pandemic", "কোভিড", "করোনা"},
		"family_reasons":     {"family", "family reason", "family problem", "পারিবারিক", "পারিবারিক কারণ"},
		"medical":            {"illness", "sick", "health", "ill health", "অসুস্থতা", "অসুস্থ", "চিকিৎসা"},
		"voluntary":          {"by choice", "own will", "স্বেচ্ছায়", "নিজের ইচ্ছায়"},
	},
	"documents": {
		"passport":            {"পাসপোর্ট"},
		"visa":                {"ভিসা"},
		"work_permit":         {"work permit", "iqama", "akama", "ওয়ার্ক পারমিট", "আকামা"},
		"contract":            {"employment contract", "job contract", "চুক্তিপত্র", "চুক্তি"},
		"bmet_card":           {"bmet card", "smart card", "emigration clearance", "বিএমইটি কার্ড", "স্মার্ট কার্ড"},
		"medical_certificate": {"medical", "medical certificate", "মেডিকেল", "মেডিকেল সনদ"},
		"insurance":           {"বিমা", "বীমা"},
		"pdo_certificate":     {"pdo", "pdo certificate", "pre-departure orientation", "পিডিও", "পিডিও সনদ"},
	},
}

var codeIndex struct {
	once sync.Once
	m    map[string]map[string]string // list -> headerKey -> code
}

// lookupCode finds the code of list for what was written: the code itself,
// its label in either language (when the catalogs have one) or an alias.
func lookupCode(list, s string) (string, bool) {
	codeIndex.once.Do(func() {
		codeIndex.m = map[string]map[string]string{}
		for l, codes := range CodeLists {
			m := map[string]string{}
			for _, c := range codes {
				m[headerKey(c)] = c
				for _, lang := range i18n.Langs {
					if i18n.Has(l + "." + c) {
						m[headerKey(i18n.T(lang, l+"."+c))] = c
					}
				}
			}
			for c, aliases := range codeAliases[l] {
				for _, a := range aliases {
					if _, taken := m[headerKey(a)]; !taken {
						m[headerKey(a)] = c
					}
				}
			}
			codeIndex.m[l] = m
		}
	})
	c, ok := codeIndex.m[list][headerKey(s)]
	return c, ok
}

// splitList splits a cell holding several values: "loan, savings",
// "passport; visa", "01711000000 / 01811000000".
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '|' || r == '\n' || r == '\r'
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var lookups struct {
	once      sync.Once
	languages map[string]string // headerKey of name or code -> code
	skills    map[string]string
	isco      map[string]string // headerKey of title -> code
}

func buildLookups() {
	lookups.once.Do(func() {
		lookups.languages = map[string]string{}
		for _, l := range refdata.Languages() {
			for _, n := range []string{l.Code, l.ISO6393, l.NameEN, l.NameBN, stripHeader(l.NameEN)} {
				if k := headerKey(n); k != "" {
					lookups.languages[k] = l.Code
				}
			}
			// "Mro (Mru)": the name in brackets too.
			if i, j := strings.IndexByte(l.NameEN, '('), strings.IndexByte(l.NameEN, ')'); i > 0 && j > i {
				if k := headerKey(l.NameEN[i+1 : j]); k != "" {
					lookups.languages[k] = l.Code
				}
			}
		}
		lookups.skills = map[string]string{}
		for _, s := range refdata.SkillCategories() {
			for _, n := range []string{s.Code, s.NameEN, s.NameBN} {
				if k := headerKey(n); k != "" {
					lookups.skills[k] = s.Code
				}
			}
		}
		lookups.isco = map[string]string{}
		for _, o := range refdata.ISCOGroups() {
			k := headerKey(o.Title)
			if _, dup := lookups.isco[k]; !dup && k != "" {
				lookups.isco[k] = o.Code
			}
		}
	})
}

// wgAnswers are the Washington Group answer labels.
var wgAnswers = map[string]int{
	"no difficulty": 1, "no": 1, "none": 1, "some difficulty": 2, "some": 2, "a lot of difficulty": 3, "a lot": 3,
	"cannot do at all": 4, "cannot": 4, "unable": 4,
	"কোনো অসুবিধা নেই": 1, "অসুবিধা নেই": 1, "কিছু অসুবিধা": 2, "অনেক অসুবিধা": 3, "একেবারেই পারেন না": 4, "পারেন না": 4,
}

func parseWG(s string) (int, bool) {
	k := headerKey(s)
	if n, err := strconv.Atoi(k); err == nil && n >= 1 && n <= 4 {
		return n, true
	}
	for label, n := range wgAnswers {
		if headerKey(label) == k {
			return n, true
		}
	}
	return 0, false
}
