package importer

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Field is a target of the column mapping. Its label in each language is
// the catalog key "import.field.<Key>".
type Field struct {
	Key string
	// Episode is true for the fields of the migration episode.
	Episode bool
	// Many is true when several columns may feed the field (Phone 1, Phone 2).
	Many bool
	// aliases are header names people use for the field, in English and
	// Bangla; the catalog labels in both languages count too.
	aliases []string
}

// Fields lists the fields a column can be mapped to, in the order they are
// converted (a district before its upazila) and exported.
var Fields = []Field{
	{Key: "external_id", aliases: []string{"id", "ref", "ref no", "reference", "reference number", "reference no", "external id",
		"beneficiary id", "returnee id", "case id", "case number", "record id", "person id", "আইডি", "রেফারেন্স", "রেফারেন্স নম্বর",
		"উপকারভোগী আইডি", "কেস নম্বর"}},
	{Key: "name", aliases: []string{"name", "full name", "person name", "returnee name", "beneficiary name", "participant name",
		"name of returnee", "name of beneficiary", "নাম", "পূর্ণ নাম", "ব্যক্তির নাম", "উপকারভোগীর নাম", "প্রত্যাগত অভিবাসীর নাম", "অভিবাসীর নাম"}},
	{Key: "name_bn", aliases: []string{"name bangla", "name bn", "bangla name", "bengali name", "name in bangla", "name bengali",
		"name in bengali", "বাংলা নাম", "নাম বাংলায়", "নাম বাংলা"}},
	{Key: "name_latin", aliases: []string{"name english", "name en", "english name", "name in english", "name latin", "name in latin",
		"latin name", "ইংরেজি নাম", "নাম ইংরেজিতে", "নাম ইংরেজি"}},
	{Key: "sex", aliases: []string{"sex", "gender", "m/f", "male/female", "লিঙ্গ", "জেন্ডার", "নারী/পুরুষ"}},
	{Key: "birth_date", aliases: []string{"date of birth", "dob", "birth date", "birthdate", "born", "born on", "জন্ম তারিখ", "জন্মতারিখ",
		"জন্ম তাং", "জন্ম"}},
	{Key: "birth_estimated", aliases: []string{"birth date estimated", "dob estimated", "estimated dob", "estimated birth date",
		"জন্ম তারিখ আনুমানিক", "আনুমানিক জন্ম তারিখ"}},
	{Key: "age", aliases: []string{"age", "age years", "age in years", "বয়স", "বয়স বছর"}},
	{Key: "ethnicity", aliases: []string{"ethnicity", "ethnic group", "ethnic identity", "community", "tribe", "indigenous group",
		"নৃগোষ্ঠী", "জাতিগোষ্ঠী", "জাতিসত্তা", "নৃ-গোষ্ঠী", "সম্প্রদায়"}},
	{Key: "religion", aliases: []string{"religion", "faith", "ধর্ম"}},
	{Key: "education", aliases: []string{"education", "education level", "level of education", "educational qualification",
		"highest education", "schooling", "শিক্ষা", "শিক্ষাগত যোগ্যতা", "শিক্ষার স্তর"}},
	{Key: "phones", Many: true, aliases: []string{"phone", "phones", "mobile", "mobile no", "mobile number", "phone number", "phone no",
		"cell", "cell number", "contact", "contact number", "contact no", "telephone", "মোবাইল", "মোবাইল নম্বর", "মোবাইল নং",
		"ফোন", "ফোন নম্বর", "ফোন নং", "যোগাযোগ", "যোগাযোগ নম্বর"}},
	{Key: "nid", aliases: []string{"nid", "nid no", "nid number", "national id", "national id number", "national id no",
		"national identity card", "nid card", "জাতীয় পরিচয়পত্র", "জাতীয় পরিচয়পত্র নম্বর", "জাতীয় পরিচয়পত্র নং", "এনআইডি",
		"এনআইডি নম্বর", "এনআইডি নং", "জাতীয় পরিচয় নম্বর"}},
	{Key: "passport", aliases: []string{"passport", "passport no", "passport number", "পাসপোর্ট", "পাসপোর্ট নম্বর", "পাসপোর্ট নং"}},
	{Key: "bmet_reg", aliases: []string{"bmet", "bmet reg", "bmet registration", "bmet registration number", "bmet id", "bmet card",
		"bmet card number", "বিএমইটি", "বিএমইটি নিবন্ধন", "বিএমইটি নিবন্ধন নম্বর", "বিএমইটি কার্ড"}},
	{Key: "pcode", aliases: []string{"pcode", "p-code", "p code", "adm code", "admin code", "পি-কোড", "পি কোড"}},
	{Key: "division", aliases: []string{"division", "বিভাগ"}},
	{Key: "district", aliases: []string{"district", "zila", "zilla", "district name", "জেলা", "জেলার নাম"}},
	{Key: "upazila", aliases: []string{"upazila", "upazilla", "thana", "sub-district", "subdistrict", "upazila/thana", "উপজেলা",
		"থানা", "উপজেলা/থানা"}},
	{Key: "union", aliases: []string{"union", "union/ward", "ward", "union parishad", "ইউনিয়ন", "ওয়ার্ড", "ইউনিয়ন/ওয়ার্ড"}},
	{Key: "village", aliases: []string{"village", "village/area", "address", "para", "mohalla", "area", "গ্রাম", "ঠিকানা", "পাড়া",
		"মহল্লা", "গ্রাম/মহল্লা"}},
	{Key: "languages", aliases: []string{"languages", "language", "languages spoken", "mother tongue", "ভাষা", "মাতৃভাষা"}},
	{Key: "remigrate", aliases: []string{"remigrate", "wants to migrate again", "migrate again", "intends to migrate again",
		"plans to migrate again", "wish to go abroad again", "আবার বিদেশ যেতে চান", "পুনরায় অভিবাসন", "আবার বিদেশে যেতে চান"}},
	{Key: "wg_seeing", aliases: []string{"wg seeing", "seeing", "difficulty seeing", "দেখতে অসুবিধা"}},
	{Key: "wg_hearing", aliases: []string{"wg hearing", "hearing", "difficulty hearing", "শুনতে অসুবিধা"}},
	{Key: "wg_walking", aliases: []string{"wg walking", "walking", "difficulty walking", "difficulty walking or climbing steps",
		"হাঁটতে অসুবিধা"}},
	{Key: "wg_cognition", aliases: []string{"wg cognition", "cognition", "remembering", "difficulty remembering or concentrating",
		"difficulty remembering", "মনে রাখতে অসুবিধা"}},
	{Key: "wg_selfcare", aliases: []string{"wg selfcare", "wg self-care", "self-care", "selfcare", "difficulty with self-care",
		"difficulty washing or dressing", "নিজের যত্নে অসুবিধা"}},
	{Key: "wg_communication", aliases: []string{"wg communication", "communication", "communicating", "difficulty communicating",
		"যোগাযোগে অসুবিধা"}},
	{Key: "destination", Episode: true, aliases: []string{"destination", "destination country", "country", "country of destination",
		"country of work", "country of migration", "last country", "last destination", "migrated to", "গন্তব্য", "গন্তব্য দেশ",
		"দেশ", "যে দেশে ছিলেন", "কর্মস্থলের দেশ", "যে দেশে গিয়েছিলেন", "অভিবাসনের দেশ"}},
	{Key: "occupation_isco", Episode: true, aliases: []string{"occupation", "isco", "isco code", "isco-08", "occupation code",
		"occupation isco", "job abroad", "occupation abroad", "পেশা", "পেশার কোড", "বিদেশে পেশা"}},
	{Key: "skill_category", Episode: true, aliases: []string{"skill category", "skill level", "bmet category", "bmet skill category",
		"দক্ষতার শ্রেণি", "দক্ষতার স্তর"}},
	{Key: "departure_date", Episode: true, aliases: []string{"departure date", "date of departure", "departed", "departed on",
		"migration date", "date of migration", "left bangladesh", "বিদেশ যাওয়ার তারিখ", "যাওয়ার তারিখ", "প্রস্থানের তারিখ",
		"বিদেশগমনের তারিখ"}},
	{Key: "return_date", Episode: true, aliases: []string{"return date", "date of return", "returned", "returned on", "arrival date",
		"date of arrival", "ফেরার তারিখ", "দেশে ফেরার তারিখ", "প্রত্যাবর্তনের তারিখ", "ফেরত আসার তারিখ"}},
	{Key: "channel", Episode: true, aliases: []string{"channel", "migration channel", "recruitment channel", "recruited through",
		"how migrated", "মাধ্যম", "অভিবাসনের মাধ্যম", "নিয়োগের মাধ্যম"}},
	{Key: "cost", Episode: true, aliases: []string{"cost", "migration cost", "total cost", "cost of migration", "cost bdt", "cost tk",
		"অভিবাসন ব্যয়", "অভিবাসনের খরচ", "খরচ", "মোট খরচ", "অভিবাসন খরচ"}},
	{Key: "cost_currency", Episode: true, aliases: []string{"cost currency", "currency", "currency of cost", "খরচের মুদ্রা", "মুদ্রা"}},
	{Key: "financing", Episode: true, aliases: []string{"financing", "how financed", "source of money", "funding source",
		"source of funds", "অর্থের উৎস", "খরচের উৎস", "টাকার উৎস"}},
	{Key: "return_type", Episode: true, aliases: []string{"return reason", "reason for return", "reason of return", "why returned",
		"return type", "ফেরার কারণ", "প্রত্যাবর্তনের কারণ", "দেশে ফেরার কারণ"}},
	{Key: "unpaid_wages", Episode: true, aliases: []string{"unpaid wages", "unpaid salary", "wages owed", "salary owed",
		"অপরিশোধিত মজুরি", "বকেয়া বেতন", "বকেয়া মজুরি"}},
	{Key: "unpaid_wages_currency", Episode: true, aliases: []string{"unpaid wages currency", "wages currency", "বকেয়া মজুরির মুদ্রা"}},
	{Key: "documents", Episode: true, aliases: []string{"documents", "documents held", "papers", "কাগজপত্র", "ডকুমেন্ট", "দলিল"}},
}

// FieldByKey returns the field with key k.
func FieldByKey(k string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == k {
			return f, true
		}
	}
	return Field{}, false
}

// FieldLabel is the field's name in lang, as column headers and the
// mapping step show it.
func FieldLabel(lang, key string) string { return i18n.T(lang, "import.field."+key) }

// headerKey reduces a header or a value to what matters for matching:
// letters, digits and vowel signs, lower case, NFC, Bengali digits as
// ASCII, accents on Latin letters dropped.
func headerKey(s string) string {
	s = i18n.ASCIIDigits(s)
	var b strings.Builder
	b.Grow(len(s))
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				b.WriteByte(c)
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			}
		}
		return b.String()
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 0x0300 && r <= 0x036F: // Latin accents
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// stripHeader removes what people add to a header around its name: a
// parenthesised note ("Return date (DD/MM/YYYY)"), a trailing number
// ("Phone 2").
func stripHeader(h string) string {
	if i := strings.IndexAny(h, "(["); i > 0 {
		h = h[:i]
	}
	h = strings.TrimRightFunc(h, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsSpace(r) || r == '#' || r == '.' || r == '-' || r == '_'
	})
	return h
}

var headerIndex struct {
	once sync.Once
	m    map[string]string // headerKey -> field key
}

func headerFields() map[string]string {
	headerIndex.once.Do(func() {
		m := map[string]string{}
		add := func(name, key string) {
			k := headerKey(name)
			if k == "" {
				return
			}
			if _, dup := m[k]; !dup {
				m[k] = key
			}
		}
		// Catalog labels first: an export's own headers map back exactly.
		for _, f := range Fields {
			for _, lang := range i18n.Langs {
				if l := FieldLabel(lang, f.Key); l != "import.field."+f.Key {
					add(l, f.Key)
				}
			}
			add(f.Key, f.Key)
		}
		for _, f := range Fields {
			for _, a := range f.aliases {
				add(a, f.Key)
			}
		}
		headerIndex.m = m
	})
	return headerIndex.m
}

// SuggestField returns the field a header names, or "".
func SuggestField(header string) string {
	m := headerFields()
	if k, ok := m[headerKey(header)]; ok {
		return k
	}
	if k, ok := m[headerKey(stripHeader(header))]; ok {
		return k
	}
	return ""
}

// Mapping gives, for each column of a table, the field it feeds ("" to
// leave the column out).
type Mapping []string

// Suggest proposes a mapping from the headers. A field fed by one column
// takes the first column that names it; the later ones are left out for
// the person to decide.
func Suggest(headers []string) Mapping {
	m := make(Mapping, len(headers))
	used := map[string]bool{}
	for i, h := range headers {
		k := SuggestField(h)
		if k == "" {
			continue
		}
		f, _ := FieldByKey(k)
		if used[k] && !f.Many {
			continue
		}
		used[k] = true
		m[i] = k
	}
	return m
}

// Columns returns the columns mapped to field k.
func (m Mapping) Columns(k string) []int {
	var out []int
	for i, f := range m {
		if f == k {
			out = append(out, i)
		}
	}
	return out
}

// Has reports whether any column is mapped to field k.
func (m Mapping) Has(k string) bool { return len(m.Columns(k)) > 0 }

// Check reports what is wrong with a mapping for a table of width n: an
// unknown field, a field fed by two columns, a missing name or sex. The
// error's Fields are keyed by column index ("0", "1", ...) or "mapping".
func (m Mapping) Check(n int) error {
	var v app.Validation
	if len(m) != n {
		v.Add("mapping", "map each column of the file, or leave it out")
		return v.Err()
	}
	seen := map[string]bool{}
	for i, k := range m {
		if k == "" {
			continue
		}
		f, ok := FieldByKey(k)
		switch {
		case !ok:
			v.Add(itoa(i), "choose a field from the list, or leave the column out")
		case seen[k] && !f.Many:
			v.Add(itoa(i), "another column is already mapped to this field: map each field once, or leave this column out")
		}
		seen[k] = true
	}
	if !seen["name"] && !seen["name_bn"] && !seen["name_latin"] {
		v.Add("mapping", "map a column to a name: every person needs a name")
	} else if !seen["sex"] {
		v.Add("mapping", "map a column to Sex: every person needs it")
	}
	return v.Err()
}

// Override applies changes to a suggested mapping: by column header, as
// the API's mapping parameter gives them. An unknown header is an error.
func (m Mapping) Override(headers []string, changes map[string]string) error {
	var v app.Validation
	for h, k := range changes {
		found := false
		for i, hh := range headers {
			if hh == h || (hh == "" && ColumnLetter(i) == h) || headerKey(hh) == headerKey(h) && headerKey(h) != "" {
				m[i] = k
				found = true
			}
		}
		if !found {
			v.Add(h, "the file has no column with this header")
		}
	}
	return v.Err()
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// CodeLists gives the code list behind each field that takes codes, for
// forms and documentation.
var CodeLists = map[string][]string{
	"sex": registry.Sexes, "religion": registry.Religions, "education": registry.Educations,
	"remigrate": registry.Remigration, "channel": registry.Channels, "financing": registry.Financing,
	"return_type": registry.ReturnTypes, "documents": registry.Documents,
}
