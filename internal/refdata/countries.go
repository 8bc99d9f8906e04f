package refdata

import (
	"slices"
	"sync"
)

// CountryInfo is one ISO 3166-1 country or territory.
type CountryInfo struct {
	// Code is the ISO 3166-1 alpha-2 code, upper case ("SA").
	Code string
	// NameEN is the usual English short name to show ("South Korea").
	NameEN string
	// ISOName is the ISO 3166-1 English short name, without the "(the)"
	// suffixes of the printed standard ("Korea, Republic of").
	ISOName string
	// NameBN is the Bangla name, given for Bangladesh, its neighbours and
	// the usual destinations of Bangladeshi workers; "" for the others.
	NameBN string
}

// Name returns the Bangla name when lang asks for Bangla and one is known,
// and the English name otherwise.
func (c CountryInfo) Name(lang string) string {
	if c.NameBN != "" && isBangla(lang) {
		return c.NameBN
	}
	return c.NameEN
}

// countries is ISO 3166-1 alpha-2, all 249 officially assigned codes, in
// code order, written from the public standard. Columns: code, ISO short
// name, usual name when it differs, Bangla name.
var countries = [...][4]string{
	{"AD", "Andorra", "", ""},
	{"AE", "United Arab Emirates", "", "সংযুক্ত আরব আমিরাত"},
	{"AF", "Afghanistan", "", "আফগানিস্তান"},
	{"AG", "Antigua and Barbuda", "", ""},
	{"AI", "Anguilla", "", ""},
	{"AL", "Albania", "", "আলবেনিয়া"},
	{"AM", "Armenia", "", ""},
	{"AO", "Angola", "", ""},
	{"AQ", "Antarctica", "", ""},
	{"AR", "Argentina", "", ""},
	{"AS", "American Samoa", "", ""},
	{"AT", "Austria", "", "অস্ট্রিয়া"},
	{"AU", "Australia", "", "অস্ট্রেলিয়া"},
	{"AW", "Aruba", "", ""},
	{"AX", "Åland Islands", "", ""},
	{"AZ", "Azerbaijan", "", ""},
	{"BA", "Bosnia and Herzegovina", "", ""},
	{"BB", "Barbados", "", ""},
	{"BD", "Bangladesh", "", "বাংলাদেশ"},
	{"BE", "Belgium", "", "বেলজিয়াম"},
	{"BF", "Burkina Faso", "", ""},
	{"BG", "Bulgaria", "", "বুলগেরিয়া"},
	{"BH", "Bahrain", "", "বাহরাইন"},
	{"BI", "Burundi", "", ""},
	{"BJ", "Benin", "", ""},
	{"BL", "Saint Barthélemy", "", ""},
	{"BM", "Bermuda", "", ""},
	{"BN", "Brunei Darussalam", "Brunei", "ব্রুনাই"},
	{"BO", "Bolivia, Plurinational State of", "Bolivia", ""},
	{"BQ", "Bonaire, Sint Eustatius and Saba", "", ""},
	{"BR", "Brazil", "", "ব্রাজিল"},
	{"BS", "Bahamas", "", ""},
	{"BT", "Bhutan", "", "ভুটান"},
	{"BV", "Bouvet Island", "", ""},
	{"BW", "Botswana", "", ""},
	{"BY", "Belarus", "", ""},
	{"BZ", "Belize", "", ""},
	{"CA", "Canada", "", "কানাডা"},
	{"CC", "Cocos (Keeling) Islands", "", ""},
	{"CD", "Congo, The Democratic Republic of the", "DR Congo", ""},
	{"CF", "Central African Republic", "", ""},
	{"CG", "Congo", "Republic of the Congo", ""},
	{"CH", "Switzerland", "", "সুইজারল্যান্ড"},
	{"CI", "Côte d'Ivoire", "", ""},
	{"CK", "Cook Islands", "", ""},
	{"CL", "Chile", "", ""},
	{"CM", "Cameroon", "", ""},
	{"CN", "China", "", "চীন"},
	{"CO", "Colombia", "", ""},
	{"CR", "Costa Rica", "", ""},
	{"CU", "Cuba", "", ""},
	{"CV", "Cabo Verde", "", ""},
	{"CW", "Curaçao", "", ""},
	{"CX", "Christmas Island", "", ""},
	{"CY", "Cyprus", "", "সাইপ্রাস"},
	{"CZ", "Czechia", "", "চেক প্রজাতন্ত্র"},
	{"DE", "Germany", "", "জার্মানি"},
	{"DJ", "Djibouti", "", "জিবুতি"},
	{"DK", "Denmark", "", "ডেনমার্ক"},
	{"DM", "Dominica", "", ""},
	{"DO", "Dominican Republic", "", ""},
	{"DZ", "Algeria", "", "আলজেরিয়া"},
	{"EC", "Ecuador", "", ""},
	{"EE", "Estonia", "", ""},
	{"EG", "Egypt", "", "মিশর"},
	{"EH", "Western Sahara", "", ""},
	{"ER", "Eritrea", "", ""},
	{"ES", "Spain", "", "স্পেন"},
	{"ET", "Ethiopia", "", ""},
	{"FI", "Finland", "", "ফিনল্যান্ড"},
	{"FJ", "Fiji", "", ""},
	{"FK", "Falkland Islands (Malvinas)", "Falkland Islands", ""},
	{"FM", "Micronesia, Federated States of", "Micronesia", ""},
	{"FO", "Faroe Islands", "", ""},
	{"FR", "France", "", "ফ্রান্স"},
	{"GA", "Gabon", "", ""},
	{"GB", "United Kingdom of Great Britain and Northern Ireland", "United Kingdom", "যুক্তরাজ্য"},
	{"GD", "Grenada", "", ""},
	{"GE", "Georgia", "", ""},
	{"GF", "French Guiana", "", ""},
	{"GG", "Guernsey", "", ""},
	{"GH", "Ghana", "", ""},
	{"GI", "Gibraltar", "", ""},
	{"GL", "Greenland", "", ""},
	{"GM", "Gambia", "", ""},
	{"GN", "Guinea", "", ""},
	{"GP", "Guadeloupe", "", ""},
	{"GQ", "Equatorial Guinea", "", ""},
	{"GR", "Greece", "", "গ্রিস"},
	{"GS", "South Georgia and the South Sandwich Islands", "", ""},
	{"GT", "Guatemala", "", ""},
	{"GU", "Guam", "", ""},
	{"GW", "Guinea-Bissau", "", ""},
	{"GY", "Guyana", "", ""},
	{"HK", "Hong Kong", "", "হংকং"},
	{"HM", "Heard Island and McDonald Islands", "", ""},
	{"HN", "Honduras", "", ""},
	{"HR", "Croatia", "", "ক্রোয়েশিয়া"},
	{"HT", "Haiti", "", ""},
	{"HU", "Hungary", "", "হাঙ্গেরি"},
	{"ID", "Indonesia", "", "ইন্দোনেশিয়া"},
	{"IE", "Ireland", "", "আয়ারল্যান্ড"},
	{"IL", "Israel", "", ""},
	{"IM", "Isle of Man", "", ""},
	{"IN", "India", "", "ভারত"},
	{"IO", "British Indian Ocean Territory", "", ""},
	{"IQ", "Iraq", "", "ইরাক"},
	{"IR", "Iran, Islamic Republic of", "Iran", "ইরান"},
	{"IS", "Iceland", "", ""},
	{"IT", "Italy", "", "ইতালি"},
	{"JE", "Jersey", "", ""},
	{"JM", "Jamaica", "", ""},
	{"JO", "Jordan", "", "জর্ডান"},
	{"JP", "Japan", "", "জাপান"},
	{"KE", "Kenya", "", "কেনিয়া"},
	{"KG", "Kyrgyzstan", "", ""},
	{"KH", "Cambodia", "", "কম্বোডিয়া"},
	{"KI", "Kiribati", "", ""},
	{"KM", "Comoros", "", ""},
	{"KN", "Saint Kitts and Nevis", "", ""},
	{"KP", "Korea, Democratic People's Republic of", "North Korea", ""},
	{"KR", "Korea, Republic of", "South Korea", "দক্ষিণ কোরিয়া"},
	{"KW", "Kuwait", "", "কুয়েত"},
	{"KY", "Cayman Islands", "", ""},
	{"KZ", "Kazakhstan", "", ""},
	{"LA", "Lao People's Democratic Republic", "Laos", ""},
	{"LB", "Lebanon", "", "লেবানন"},
	{"LC", "Saint Lucia", "", ""},
	{"LI", "Liechtenstein", "", ""},
	{"LK", "Sri Lanka", "", "শ্রীলঙ্কা"},
	{"LR", "Liberia", "", ""},
	{"LS", "Lesotho", "", ""},
	{"LT", "Lithuania", "", "লিথুয়ানিয়া"},
	{"LU", "Luxembourg", "", ""},
	{"LV", "Latvia", "", ""},
	{"LY", "Libya", "", "লিবিয়া"},
	{"MA", "Morocco", "", "মরক্কো"},
	{"MC", "Monaco", "", ""},
	{"MD", "Moldova, Republic of", "Moldova", ""},
	{"ME", "Montenegro", "", ""},
	{"MF", "Saint Martin (French part)", "Saint Martin", ""},
	{"MG", "Madagascar", "", ""},
	{"MH", "Marshall Islands", "", ""},
	{"MK", "North Macedonia", "", ""},
	{"ML", "Mali", "", ""},
	{"MM", "Myanmar", "", "মিয়ানমার"},
	{"MN", "Mongolia", "", ""},
	{"MO", "Macao", "", "ম্যাকাও"},
	{"MP", "Northern Mariana Islands", "", ""},
	{"MQ", "Martinique", "", ""},
	{"MR", "Mauritania", "", ""},
	{"MS", "Montserrat", "", ""},
	{"MT", "Malta", "", "মাল্টা"},
	{"MU", "Mauritius", "", "মরিশাস"},
	{"MV", "Maldives", "", "মালদ্বীপ"},
	{"MW", "Malawi", "", ""},
	{"MX", "Mexico", "", ""},
	{"MY", "Malaysia", "", "মালয়েশিয়া"},
	{"MZ", "Mozambique", "", ""},
	{"NA", "Namibia", "", ""},
	{"NC", "New Caledonia", "", ""},
	{"NE", "Niger", "", ""},
	{"NF", "Norfolk Island", "", ""},
	{"NG", "Nigeria", "", "নাইজেরিয়া"},
	{"NI", "Nicaragua", "", ""},
	{"NL", "Netherlands, Kingdom of the", "Netherlands", "নেদারল্যান্ডস"},
	{"NO", "Norway", "", "নরওয়ে"},
	{"NP", "Nepal", "", "নেপাল"},
	{"NR", "Nauru", "", ""},
	{"NU", "Niue", "", ""},
	{"NZ", "New Zealand", "", "নিউজিল্যান্ড"},
	{"OM", "Oman", "", "ওমান"},
	{"PA", "Panama", "", ""},
	{"PE", "Peru", "", ""},
	{"PF", "French Polynesia", "", ""},
	{"PG", "Papua New Guinea", "", ""},
	{"PH", "Philippines", "", "ফিলিপাইন"},
	{"PK", "Pakistan", "", "পাকিস্তান"},
	{"PL", "Poland", "", "পোল্যান্ড"},
	{"PM", "Saint Pierre and Miquelon", "", ""},
	{"PN", "Pitcairn", "", ""},
	{"PR", "Puerto Rico", "", ""},
	{"PS", "Palestine, State of", "Palestine", "ফিলিস্তিন"},
	{"PT", "Portugal", "", "পর্তুগাল"},
	{"PW", "Palau", "", ""},
	{"PY", "Paraguay", "", ""},
	{"QA", "Qatar", "", "কাতার"},
	{"RE", "Réunion", "", ""},
	{"RO", "Romania", "", "রোমানিয়া"},
	{"RS", "Serbia", "", "সার্বিয়া"},
	{"RU", "Russian Federation", "Russia", "রাশিয়া"},
	{"RW", "Rwanda", "", ""},
	{"SA", "Saudi Arabia", "", "সৌদি আরব"},
	{"SB", "Solomon Islands", "", ""},
	{"SC", "Seychelles", "", "সেশেলস"},
	{"SD", "Sudan", "", "সুদান"},
	{"SE", "Sweden", "", "সুইডেন"},
	{"SG", "Singapore", "", "সিঙ্গাপুর"},
	{"SH", "Saint Helena, Ascension and Tristan da Cunha", "Saint Helena", ""},
	{"SI", "Slovenia", "", ""},
	{"SJ", "Svalbard and Jan Mayen", "", ""},
	{"SK", "Slovakia", "", ""},
	{"SL", "Sierra Leone", "", ""},
	{"SM", "San Marino", "", ""},
	{"SN", "Senegal", "", ""},
	{"SO", "Somalia", "", ""},
	{"SR", "Suriname", "", ""},
	{"SS", "South Sudan", "", "দক্ষিণ সুদান"},
	{"ST", "Sao Tome and Principe", "", ""},
	{"SV", "El Salvador", "", ""},
	{"SX", "Sint Maarten (Dutch part)", "Sint Maarten", ""},
	{"SY", "Syrian Arab Republic", "Syria", "সিরিয়া"},
	{"SZ", "Eswatini", "", ""},
	{"TC", "Turks and Caicos Islands", "", ""},
	{"TD", "Chad", "", ""},
	{"TF", "French Southern Territories", "", ""},
	{"TG", "Togo", "", ""},
	{"TH", "Thailand", "", "থাইল্যান্ড"},
	{"TJ", "Tajikistan", "", ""},
	{"TK", "Tokelau", "", ""},
	{"TL", "Timor-Leste", "", ""},
	{"TM", "Turkmenistan", "", ""},
	{"TN", "Tunisia", "", "তিউনিসিয়া"},
	{"TO", "Tonga", "", ""},
	{"TR", "Türkiye", "", "তুরস্ক"},
	{"TT", "Trinidad and Tobago", "", ""},
	{"TV", "Tuvalu", "", ""},
	{"TW", "Taiwan, Province of China", "Taiwan", ""},
	{"TZ", "Tanzania, United Republic of", "Tanzania", ""},
	{"UA", "Ukraine", "", ""},
	{"UG", "Uganda", "", ""},
	{"UM", "United States Minor Outlying Islands", "", ""},
	{"US", "United States of America", "United States", "মার্কিন যুক্তরাষ্ট্র"},
	{"UY", "Uruguay", "", ""},
	{"UZ", "Uzbekistan", "", ""},
	{"VA", "Holy See", "", ""},
	{"VC", "Saint Vincent and the Grenadines", "", ""},
	{"VE", "Venezuela, Bolivarian Republic of", "Venezuela", ""},
	{"VG", "Virgin Islands, British", "British Virgin Islands", ""},
	{"VI", "Virgin Islands, U.S.", "U.S. Virgin Islands", ""},
	{"VN", "Viet Nam", "Vietnam", "ভিয়েতনাম"},
	{"VU", "Vanuatu", "", ""},
	{"WF", "Wallis and Futuna", "", ""},
	{"WS", "Samoa", "", ""},
	{"YE", "Yemen", "", "ইয়েমেন"},
	{"YT", "Mayotte", "", ""},
	{"ZA", "South Africa", "", "দক্ষিণ আফ্রিকা"},
	{"ZM", "Zambia", "", ""},
	{"ZW", "Zimbabwe", "", ""},
}

// countryAliases are further names met in BMET statistics, news reports and
// returnees' answers. "Dubai" is how many Bangladeshis name the UAE.
var countryAliases = map[string]string{
	"UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "Dubai": "AE", "Abu Dhabi": "AE",
	"দুবাই": "AE", "আমিরাত": "AE", "আরব আমিরাত": "AE",
	"KSA": "SA", "Saudi": "SA", "Kingdom of Saudi Arabia": "SA", "সৌদি": "SA", "সৌদি আরাবিয়া": "SA",
	"UK": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB", "ইংল্যান্ড": "GB", "বিলাত": "GB",
	"USA": "US", "America": "US", "আমেরিকা": "US", "যুক্তরাষ্ট্র": "US",
	"Korea": "KR", "Republic of Korea": "KR", "কোরিয়া": "KR",
	"Burma": "MM", "বার্মা": "MM", "মায়ানমার": "MM",
	"Turkey": "TR", "Czech Republic": "CZ", "Ivory Coast": "CI", "Cape Verde": "CV",
	"Swaziland": "SZ", "Macedonia": "MK", "Macau": "MO", "Vatican": "VA", "East Timor": "TL",
	"Democratic Republic of the Congo": "CD", "DRC": "CD", "Holland": "NL", "Brunei Darussalam": "BN", "মালয়শিয়া": "MY", "সিঙ্গাপুর": "SG", "মালদ্বিপ": "MV",
}

type countryTables struct {
	all    []CountryInfo
	index  map[string]int
	byName map[string]int
}

var countryT struct {
	once sync.Once
	t    *countryTables
	err  error
}

func countryData() *countryTables {
	countryT.once.Do(func() { countryT.t, countryT.err = buildCountries() })
	if countryT.err != nil {
		panic(countryT.err)
	}
	return countryT.t
}

// Country returns the country with ISO 3166-1 alpha-2 code code. Codes are
// matched exactly, in upper case.
func Country(code string) (CountryInfo, bool) {
	t := countryData()
	i, ok := t.index[code]
	if !ok {
		return CountryInfo{}, false
	}
	return t.all[i], true
}

// ValidCountry reports whether code is an officially assigned ISO 3166-1
// alpha-2 code (upper case). User-assigned codes such as XK are refused.
func ValidCountry(code string) bool {
	_, ok := countryData().index[code]
	return ok
}

// Countries returns all 249 countries and territories ordered by code.
func Countries() []CountryInfo { return slices.Clone(countryData().all) }

// CountryByName finds a country by its English usual or ISO name, its
// Bangla name or a common alias ("UAE", "KSA", "UK", "Dubai", "সৌদি"),
// ignoring case, spaces and punctuation. It maps the destination names of
// the BMET statistics to codes.
func CountryByName(name string) (CountryInfo, bool) {
	t := countryData()
	i, ok := t.byName[nameKey(name)]
	if !ok {
		return CountryInfo{}, false
	}
	return t.all[i], true
}

func buildCountries() (*countryTables, error) {
	t := &countryTables{
		all:    make([]CountryInfo, len(countries)),
		index:  make(map[string]int, len(countries)),
		byName: make(map[string]int, 3*len(countries)),
	}
	addName := func(name string, i int) error {
		k := nameKey(name)
		if j, dup := t.byName[k]; dup && j != i {
			return errorf("country name %q is both %s and %s", name, t.all[j].Code, t.all[i].Code)
		}
		t.byName[k] = i
		return nil
	}
	for i, c := range countries {
		ci := CountryInfo{Code: c[0], ISOName: c[1], NameEN: c[1], NameBN: nfc(c[3])}
		if c[2] != "" {
			ci.NameEN = c[2]
		}
		if len(ci.Code) != 2 || ci.Code[0] < 'A' || ci.Code[0] > 'Z' || ci.Code[1] < 'A' || ci.Code[1] > 'Z' {
			return nil, errorf("bad country code %q", ci.Code)
		}
		if _, dup := t.index[ci.Code]; dup {
			return nil, errorf("duplicate country code %s", ci.Code)
		}
		t.all[i] = ci
		t.index[ci.Code] = i
		for _, n := range [...]string{ci.NameEN, ci.ISOName, ci.NameBN} {
			if n == "" {
				continue
			}
			if err := addName(n, i); err != nil {
				return nil, err
			}
		}
	}
	for alias, code := range countryAliases {
		i, ok := t.index[code]
		if !ok {
			return nil, errorf("alias %q names unknown country %s", alias, code)
		}
		if err := addName(alias, i); err != nil {
			return nil, err
		}
	}
	return t, nil
}
