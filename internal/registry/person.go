// Package registry holds the returnee register's domain: persons, their
// households, migration history, skills and consent, and the rules every
// record must meet before it is stored (the store calls Validate; the
// import and the demo go through the same rules as a person typing).
package registry

import (
	"regexp"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Code lists. The values are stored; labels live in the i18n catalogs
// under "<list>.<value>".
var (
	Sexes      = []string{"female", "male", "third_gender"}
	Religions  = []string{"islam", "hinduism", "buddhism", "christianity", "other", "not_stated"}
	Educations = []string{"none", "primary", "secondary", "higher_secondary", "tertiary", "vocational", "religious"}
	// Washington Group short set: each domain answered 1 (no difficulty)
	// to 4 (cannot do at all); a person has a disability when any domain is 3 or 4.
	WGDomains   = []string{"seeing", "hearing", "walking", "cognition", "selfcare", "communication"}
	Remigration = []string{"yes", "no", "maybe"}
)

// Person is someone the programme works with: a returnee or a member of a
// returnee's family. Personal data: every read is scoped and audited.
type Person struct {
	ID             string     `json:"id"`
	OrgID          string     `json:"org_id"`
	HouseholdID    string     `json:"household_id,omitempty"`
	NameBn         string     `json:"name_bn"`
	NameLatin      string     `json:"name_latin"`
	Sex            string     `json:"sex"`
	BirthDate      *time.Time `json:"birth_date,omitempty"`
	BirthEstimated bool       `json:"birth_estimated"`
	Ethnicity      string     `json:"ethnicity"`
	Religion       string     `json:"religion"`
	// WG holds the Washington Group answers by domain (1-4); absent = not asked.
	WG        map[string]int `json:"wg,omitempty"`
	Education string         `json:"education"`
	Phones    []string       `json:"phones"`
	NID       string         `json:"nid,omitempty"`
	Passport  string         `json:"passport,omitempty"`
	BMETReg   string         `json:"bmet_reg,omitempty"`
	// Address by P-code, from division down to union, plus the village.
	Division  string   `json:"division"`
	District  string   `json:"district"`
	Upazila   string   `json:"upazila"`
	Union     string   `json:"union"`
	Village   string   `json:"village"`
	Languages []string `json:"languages"`
	Remigrate string   `json:"remigrate"`
	// ImportKey makes imports idempotent: a row imported twice is the same person.
	ImportKey string    `json:"-"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// DisplayName is the name to show in lang, falling back to the other script.
func (p Person) DisplayName(lang string) string {
	if lang == "bn" && p.NameBn != "" || p.NameLatin == "" {
		return p.NameBn
	}
	return p.NameLatin
}

// HasDisability applies the Washington Group cut-off: "a lot of difficulty"
// or "cannot do at all" in any domain.
func (p Person) HasDisability() bool {
	for _, v := range p.WG {
		if v >= 3 {
			return true
		}
	}
	return false
}

// Age returns the age in whole years on day, or -1 when unknown.
func (p Person) Age(day time.Time) int {
	if p.BirthDate == nil {
		return -1
	}
	b := *p.BirthDate
	age := day.Year() - b.Year()
	// Compare month and day, not day of the year, which leap years shift.
	if day.Month() < b.Month() || day.Month() == b.Month() && day.Day() < b.Day() {
		age--
	}
	return age
}

var (
	// NID: Bangladesh national ID numbers have 10 (smart card), 13 or 17 digits.
	nidRe = regexp.MustCompile(`^(\d{10}|\d{13}|\d{17})$`)
	// Bangladeshi passports: two letters and seven digits (machine-readable
	// and e-passports alike).
	passportRe = regexp.MustCompile(`^[A-Z]{1,2}\d{7}$`)
	// BMET registration numbers are not standardised in print; accept the
	// letters, digits and separators they are written with.
	bmetRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9/-]{3,29}$`)
	// Bangladeshi mobile numbers: 01[3-9] and eight digits.
	mobileRe = regexp.MustCompile(`^01[3-9]\d{8}$`)
)

// NormalizePhone reduces a phone number to its national digits
// (+8801711-000000 -> 01711000000), accepting Bengali digits.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '০' && r <= '৯':
			b.WriteRune('0' + (r - '০'))
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "880") && len(d) == 13 {
		d = d[2:]
	}
	return d
}

// asciiDigits turns Bengali digits into ASCII ones and drops spaces and dashes.
func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '০' && r <= '৯':
			b.WriteRune('0' + (r - '০'))
		case r == ' ' || r == '-':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Normalize tidies a person's fields in place before validation.
func (p *Person) Normalize() {
	p.NameBn = strings.Join(strings.Fields(p.NameBn), " ")
	p.NameLatin = strings.Join(strings.Fields(p.NameLatin), " ")
	p.NID = asciiDigits(p.NID)
	p.Passport = strings.ToUpper(asciiDigits(p.Passport))
	p.BMETReg = strings.ToUpper(asciiDigits(p.BMETReg))
	var phones []string
	for _, ph := range p.Phones {
		if n := NormalizePhone(ph); n != "" && !contains(phones, n) {
			phones = append(phones, n)
		}
	}
	p.Phones = phones
	p.Village = strings.TrimSpace(p.Village)
	p.Division = strings.ToUpper(strings.TrimSpace(p.Division))
	p.District = strings.ToUpper(strings.TrimSpace(p.District))
	p.Upazila = strings.ToUpper(strings.TrimSpace(p.Upazila))
	p.Union = strings.ToUpper(strings.TrimSpace(p.Union))
	// The lowest unit given fills in the levels above it left empty; a
	// level given that does not contain it is an error Validate reports,
	// never silently replaced.
	if code, _ := p.lowestPlace(); code != "" {
		for _, u := range refdata.Path(code) {
			switch {
			case u.Level == refdata.Division && p.Division == "":
				p.Division = u.Pcode
			case u.Level == refdata.District && p.District == "":
				p.District = u.Pcode
			case u.Level == refdata.Upazila && p.Upazila == "":
				p.Upazila = u.Pcode
			}
		}
	}
}

// lowestPlace returns the most precise P-code of the address and its field.
func (p *Person) lowestPlace() (code, field string) {
	switch {
	case p.Union != "":
		return p.Union, "union"
	case p.Upazila != "":
		return p.Upazila, "upazila"
	case p.District != "":
		return p.District, "district"
	}
	return p.Division, "division"
}

// Validate checks a person against the register's rules, naming each
// field that is wrong and what to do. today is the date in Dhaka.
func (p *Person) Validate(today time.Time) error {
	p.Normalize()
	var v app.Validation
	if p.NameBn == "" && p.NameLatin == "" {
		v.Add("name_latin", "enter the name in Bangla or in Latin letters (or both)")
	}
	if len(p.NameBn) > 300 {
		v.Add("name_bn", "keep the name under 100 letters")
	}
	if len(p.NameLatin) > 150 {
		v.Add("name_latin", "keep the name under 100 letters")
	}
	if !contains(Sexes, p.Sex) {
		v.Add("sex", "choose the person's sex")
	}
	if p.BirthDate != nil {
		switch {
		case p.BirthDate.After(today):
			v.Add("birth_date", "the date of birth is in the future: check the year")
		case today.Year()-p.BirthDate.Year() > 110:
			v.Add("birth_date", "the date of birth is more than 110 years ago: check the year")
		}
	}
	if p.Ethnicity != "" {
		if _, ok := refdata.EthnicGroup(p.Ethnicity); !ok {
			v.Add("ethnicity", "choose an ethnic group from the list")
		}
	}
	if p.Religion != "" && !contains(Religions, p.Religion) {
		v.Add("religion", "choose a religion from the list")
	}
	if p.Education != "" && !contains(Educations, p.Education) {
		v.Add("education", "choose an education level from the list")
	}
	for d, a := range p.WG {
		if !contains(WGDomains, d) || a < 1 || a > 4 {
			v.Add("wg_"+d, "answer from 1 (no difficulty) to 4 (cannot do at all)")
		}
	}
	for _, ph := range p.Phones {
		if !mobileRe.MatchString(ph) && (len(ph) < 6 || len(ph) > 15) {
			v.Add("phones", "enter phone numbers as 11 digits starting with 01, or in full international form")
		}
	}
	if p.NID != "" && !nidRe.MatchString(p.NID) {
		v.Add("nid", "a national ID number has 10, 13 or 17 digits")
	}
	if p.Passport != "" && !passportRe.MatchString(p.Passport) {
		v.Add("passport", "a passport number is one or two letters and seven digits, e.g. EA1234567")
	}
	if p.BMETReg != "" && !bmetRe.MatchString(p.BMETReg) {
		v.Add("bmet_reg", "use the letters and digits printed on the BMET card")
	}
	checkUnit := func(field, code string, level refdata.Level) {
		if code == "" {
			return
		}
		u, ok := refdata.Admin(code)
		if !ok || u.Level != level {
			v.Add(field, "this P-code is not a known place at this level: choose from the list")
		}
	}
	checkUnit("division", p.Division, refdata.Division)
	checkUnit("district", p.District, refdata.District)
	checkUnit("upazila", p.Upazila, refdata.Upazila)
	checkUnit("union", p.Union, refdata.Union)
	if code, field := p.lowestPlace(); code != "" && !v.Has(field) {
		for _, u := range refdata.Path(code) {
			given := map[refdata.Level]string{refdata.Division: p.Division, refdata.District: p.District, refdata.Upazila: p.Upazila}[u.Level]
			if u.Pcode != code && given != "" && given != u.Pcode {
				v.Add(field, "this place is not inside the district or division chosen above: choose again")
				break
			}
		}
	}
	if len(p.Village) > 200 {
		v.Add("village", "keep the village under 200 characters")
	}
	for _, l := range p.Languages {
		if !refdata.ValidLanguage(l) {
			v.Add("languages", "choose languages from the list")
		}
	}
	if p.Remigrate != "" && !contains(Remigration, p.Remigrate) {
		v.Add("remigrate", "answer yes, no or maybe")
	}
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// EstimatedBirthDate is the birth date recorded for a person whose age
// alone is known: 1 July of the year that gives that age today, the
// convention of demographic surveys (mid-year, so the error is at most six
// months either way).
func EstimatedBirthDate(today time.Time, age int) time.Time {
	est := time.Date(today.Year()-age, time.July, 1, 0, 0, 0, 0, time.UTC)
	if (Person{BirthDate: &est}).Age(today) != age { // 1 July has not come yet this year
		est = est.AddDate(-1, 0, 0)
	}
	return est
}
