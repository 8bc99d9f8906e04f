package web

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// The people screens build their forms as data: each control with its
// label, hint, error and value already in the page's language, rendered by
// one template ("pfield" in person_form.html and person_page.html), so every
// control has its label, its error and its aria attributes the same way.

// personField is one form control, or a group of checkboxes.
type personField struct {
	ID, Name    string
	Label, Hint string
	Error       string
	// Kind is text, tel, date, number, select, textarea, checkbox (one
	// box) or checks (a group of boxes under a legend).
	Kind     string
	Value    string
	Checked  bool
	Required bool
	// Options are a select's ungrouped options (shown first) or a group's boxes.
	Options []personOption
	Groups  []personOptGroup
	// Input attributes.
	InputMode, Autocomplete, List, Max, Min, MaxLength string
}

// personOption is an option of a select or a box of a group.
type personOption struct {
	Value, Label string
	Selected     bool
}

// personOptGroup is an <optgroup>.
type personOptGroup struct {
	Label   string
	Options []personOption
}

// DescribedBy is the control's aria-describedby: its hint and error.
func (f personField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// personRow is a line of a form: one field, or a few short ones side by side.
type personRow []personField

// Wide reports whether the row holds several fields.
func (r personRow) Wide() bool { return len(r) > 1 }

// personSection is a fieldset of a form.
type personSection struct {
	ID, Legend, Hint string
	Rows             []personRow
}

// personForm builds the controls of one form from the submitted values
// and the field errors, with ids prefixed so that several forms can share
// a page.
type personForm struct {
	p      *Page
	prefix string // id prefix, e.g. "ep-"
	vals   url.Values
	errs   map[string]string
}

func (b personForm) field(kind, name, labelKey string) personField {
	return personField{ID: b.prefix + strings.ReplaceAll(name, "_", "-"), Name: name, Label: b.p.T(labelKey), Kind: kind,
		Value: b.vals.Get(name), Error: b.errs[name]}
}

func (b personForm) text(name, labelKey string) personField { return b.field("text", name, labelKey) }

func (b personForm) date(name, labelKey string) personField {
	f := b.field("date", name, labelKey)
	f.Max = personToday().Format(time.DateOnly)
	return f
}

func (b personForm) number(name, labelKey string) personField {
	f := b.field("text", name, labelKey)
	f.InputMode = "numeric"
	return f
}

func (b personForm) textarea(name, labelKey string) personField {
	return b.field("textarea", name, labelKey)
}

func (b personForm) checkbox(name, labelKey string) personField {
	f := b.field("checkbox", name, labelKey)
	f.Checked = b.vals.Get(name) != ""
	f.Value = "1"
	return f
}

// selectOf is a select of codes with labels; empty names the first,
// empty option ("" for none).
func (b personForm) selectOf(name, labelKey, emptyKey string, codes []string, label func(string) string) personField {
	f := b.field("select", name, labelKey)
	if emptyKey != "" {
		f.Options = append(f.Options, personOption{Value: "", Label: b.p.T(emptyKey)})
	}
	for _, c := range codes {
		f.Options = append(f.Options, personOption{Value: c, Label: label(c), Selected: c == f.Value})
	}
	return f
}

// list is a select of a catalog code list ("sex", "religion"...).
func (b personForm) list(name, labelKey, emptyKey, list string, codes []string) personField {
	return b.selectOf(name, labelKey, emptyKey, codes, func(c string) string { return b.p.Label(list, c) })
}

// checks is a group of boxes; several may be ticked.
func (b personForm) checks(name, labelKey string, codes []string, label func(string) string) personField {
	f := b.field("checks", name, labelKey)
	chosen := b.vals[name]
	for _, c := range codes {
		f.Options = append(f.Options, personOption{Value: c, Label: label(c), Selected: slices.Contains(chosen, c)})
	}
	return f
}

// grouped is a select whose options sit in optgroups.
func (b personForm) grouped(name, labelKey, emptyKey string, groups []personOptGroup) personField {
	f := b.field("select", name, labelKey)
	f.Options = []personOption{{Value: "", Label: b.p.T(emptyKey)}}
	for _, g := range groups {
		g2 := personOptGroup{Label: g.Label}
		for _, o := range g.Options {
			o.Selected = o.Value == f.Value
			g2.Options = append(g2.Options, o)
		}
		f.Groups = append(f.Groups, g2)
	}
	return f
}

// ---- Reference data as options, in the page's language ----

// peopleDistrictGroups lists the 64 districts: the three Chittagong Hill
// Tracts districts first, then the others by division, by name.
func peopleDistrictGroups(p *Page) []personOptGroup {
	cht := personOptGroup{Label: p.T("people.cht")}
	byDiv := map[string][]refdata.Unit{}
	for _, d := range refdata.Units(refdata.District) {
		if d.IsCHT {
			cht.Options = append(cht.Options, personOption{Value: d.Pcode, Label: d.Name(p.Lang)})
			continue
		}
		byDiv[d.Parent] = append(byDiv[d.Parent], d)
	}
	personSortOptions(cht.Options)
	groups := []personOptGroup{cht}
	for _, div := range peopleDivisions(p) {
		g := personOptGroup{Label: p.T("people.division_group", div.Name(p.Lang))}
		for _, d := range byDiv[div.Pcode] {
			g.Options = append(g.Options, personOption{Value: d.Pcode, Label: d.Name(p.Lang)})
		}
		personSortOptions(g.Options)
		groups = append(groups, g)
	}
	return groups
}

// peopleDivisions are the divisions by name in the page's language.
func peopleDivisions(p *Page) []refdata.Unit {
	divs := refdata.Divisions()
	slices.SortFunc(divs, func(a, b refdata.Unit) int { return cmp.Compare(a.Name(p.Lang), b.Name(p.Lang)) })
	return divs
}

// peopleUpazilaGroups lists every upazila under its district, districts
// in the order of peopleDistrictGroups.
func peopleUpazilaGroups(p *Page) []personOptGroup {
	var out []personOptGroup
	for _, dg := range peopleDistrictGroups(p) {
		for _, d := range dg.Options {
			g := personOptGroup{Label: d.Label}
			for _, u := range refdata.Children(d.Value) {
				g.Options = append(g.Options, personOption{Value: u.Pcode, Label: u.Name(p.Lang)})
			}
			personSortOptions(g.Options)
			out = append(out, g)
		}
	}
	return out
}

// peopleUnions lists the unions of an upazila, or nil when it has none in
// the reference data (post-2011 upazilas, unknown codes).
func peopleUnions(p *Page, upazila string) []personOption {
	if u, ok := refdata.Admin(upazila); !ok || u.Level != refdata.Upazila {
		return nil
	}
	var out []personOption
	for _, u := range refdata.Children(upazila) {
		out = append(out, personOption{Value: u.Pcode, Label: u.Name(p.Lang)})
	}
	personSortOptions(out)
	return out
}

// peopleUsualDestinations are the countries most Bangladeshi workers go
// to, offered before the full list.
var peopleUsualDestinations = []string{"SA", "AE", "OM", "QA", "KW", "BH", "MY", "SG", "JO", "LB", "MV", "BN", "IT", "KR", "JP"}

// peopleCountryGroups lists destinations: the usual ones, then all others by name.
func peopleCountryGroups(p *Page) []personOptGroup {
	usual := personOptGroup{Label: p.T("people.usual_destinations")}
	for _, c := range peopleUsualDestinations {
		usual.Options = append(usual.Options, personOption{Value: c, Label: p.Country(c)})
	}
	others := personOptGroup{Label: p.T("people.other_countries")}
	for _, c := range refdata.Countries() {
		if c.Code == "BD" || slices.Contains(peopleUsualDestinations, c.Code) {
			continue
		}
		others.Options = append(others.Options, personOption{Value: c.Code, Label: c.Name(p.Lang)})
	}
	personSortOptions(others.Options)
	return []personOptGroup{usual, others}
}

func personSortOptions(o []personOption) {
	slices.SortStableFunc(o, func(a, b personOption) int { return cmp.Compare(a.Label, b.Label) })
}

// ---- Reading what people type ----

// personToday is the date in Dhaka, as a date (midnight UTC), which is
// what the store compares dates with.
func personToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// personDate reads a date typed as 2024-03-25 (what date inputs send) or
// 25/03/2024, in either script's digits. ok is false for text that is not
// a date; an empty field is (nil, true).
func personDate(s string) (*time.Time, bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if s == "" {
		return nil, true
	}
	for _, layout := range []string{time.DateOnly, "2/1/2006", "2-1-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, true
		}
	}
	return nil, false
}

// personInt reads a whole number in either script's digits; an empty field is (nil, true).
func personInt(s string) (*int, bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, false
	}
	return &n, true
}

// personTaka reads an amount of taka ("3,50,000", "৳ ১২০০০", "1500.50") into
// paisa; an empty field is (nil, true).
func personTaka(s string) (*int64, bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	s = strings.NewReplacer(",", "", " ", "", "৳", "", "\u00a0", "").Replace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(s), "tk"), "/-")
	if s == "" {
		return nil, true
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || (hasFrac && (frac == "" || len(frac) > 2)) {
		return nil, false
	}
	neg := strings.HasPrefix(whole, "-")
	digits := strings.TrimPrefix(whole, "-")
	for _, part := range []string{digits, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return nil, false
			}
		}
	}
	if digits == "" {
		return nil, false
	}
	n, _ := strconv.ParseInt(digits, 10, 64)
	paisa := n * 100
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		paisa += f
	}
	if neg {
		paisa = -paisa
	}
	return &paisa, true
}

// personTakaInput writes paisa back as the amount to put in a form field.
func personTakaInput(minor *int64) string {
	if minor == nil {
		return ""
	}
	v, sign := *minor, ""
	if v < 0 {
		v, sign = -v, "-"
	}
	s := sign + strconv.FormatInt(v/100, 10)
	if v%100 != 0 {
		s += "." + strconv.FormatInt(100+v%100, 10)[1:]
	}
	return s
}

// personTakaText shows an amount of paisa as taka in lang ("৳ ৩,৫০,০০০").
func personTakaText(lang string, minor *int64, currency string) string {
	if minor == nil {
		return ""
	}
	v := *minor
	s := i18n.Number(lang, v/100)
	if r := v % 100; r != 0 {
		if r < 0 {
			r = -r
		}
		s += i18n.Digits(lang, "."+strconv.FormatInt(100+r, 10)[1:])
	}
	if currency == "" || currency == "BDT" {
		return "৳ " + s
	}
	return s + " " + currency
}
