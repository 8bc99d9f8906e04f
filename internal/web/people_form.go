package web

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/registry/names"
	"github.com/remaker-bd/remaker/internal/store"
)

// The registration form (GET /people/new, POST /people) and the edit form
// (GET /people/{id}/edit, POST /people/{id}) share one template and one
// reading of the fields.

// personInputs are the person form's single-valued fields, in form order.
var personInputs = []string{"name_bn", "name_latin", "sex", "birth_date", "age", "ethnicity", "religion", "education",
	"phone1", "phone2", "phone3", "nid", "passport", "bmet_reg", "district", "upazila", "union", "village", "remigrate",
	"wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare", "wg_communication",
	"consent", "consent_method", "consent_date", "languages"}

// personAlias maps the store's field names to the form's where they differ.
var personAlias = map[string]string{"phones": "phone1", "division": "district", "method": "consent_method", "given_on": "consent_date"}

type personFormData struct {
	Edit                   *registry.Person
	Action, Cancel, Submit string
	Version                string
	Sections               []personSection
	Duplicates             []personDuplicate
	DifferentPerson        *personField
	Conflict               []personConflict
	// Other holds messages about fields the form does not show.
	Other []string
}

// personConflict is a field someone else saved differently from what the
// user typed.
type personConflict struct{ Label, Now, Yours string }

func (ui *UI) newPersonForm(w http.ResponseWriter, r *http.Request) {
	if ui.peopleWriter(w, r) == nil {
		return
	}
	p := ui.newPage(w, r, "people.new_title")
	p.Form.Set("consent_date", personToday().Format(time.DateOnly))
	ui.renderPersonForm(w, r, http.StatusOK, p, nil, personFormData{})
}

// renderPersonForm shows the registration form (edit == nil) or the edit form.
func (ui *UI) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, p *Page, edit *registry.Person, d personFormData) {
	d.Edit = edit
	if edit == nil {
		d.Action, d.Cancel, d.Submit = "/people", "/people", p.T("people.register")
	} else {
		d.Action, d.Cancel, d.Submit = "/people/"+edit.ID, "/people/"+edit.ID, p.T("people.save")
		if d.Version == "" {
			d.Version = strconv.Itoa(edit.Version)
		}
	}
	d.Sections = personFormSections(p, edit == nil)
	p.Data = d
	ui.render(w, r, status, "person_form", p)
}

// personFormSections lays out the person form with p.Form's values and p.Errors.
func personFormSections(p *Page, registering bool) []personSection {
	b := personForm{p: p, vals: p.Form, errs: p.Errors}
	nameBn, nameLatin := b.text("name_bn", "people.name_bn"), b.text("name_latin", "people.name_latin")
	nameBn.Autocomplete, nameLatin.Autocomplete = "off", "off"
	nameLatin.Hint = p.T("people.name_hint")
	sex := b.list("sex", "people.sex", "people.choose", "sex", registry.Sexes)
	sex.Required = true
	birth := b.date("birth_date", "people.birth_date")
	birth.Hint = p.T("people.birth_date_hint")
	age := b.number("age", "people.age_years")
	age.Hint = p.T("people.age_hint")
	var ethnic []string
	for _, e := range refdata.EthnicGroups() {
		ethnic = append(ethnic, e.Code)
	}
	identity := personSection{ID: "sec-identity", Legend: p.T("people.sec_identity"), Rows: []personRow{
		{nameBn, nameLatin}, {sex}, {birth, age},
		{b.selectOf("ethnicity", "people.ethnicity", "people.not_recorded", ethnic, p.Ethnicity)},
		{b.list("religion", "people.religion", "people.not_recorded", "religion", registry.Religions),
			b.list("education", "people.education", "people.not_recorded", "education", registry.Educations)},
	}}

	var phones personRow
	for i := 1; i <= 3; i++ {
		f := b.field("tel", "phone"+strconv.Itoa(i), "")
		f.Label = p.T("people.phone_n", p.Digits(strconv.Itoa(i)))
		f.InputMode, f.Autocomplete = "tel", "off"
		phones = append(phones, f)
	}
	phones[0].Hint = p.T("people.phone_hint")
	nid := b.number("nid", "people.nid")
	nid.Hint = p.T("people.nid_hint")
	passport := b.text("passport", "people.passport")
	passport.Hint = p.T("people.passport_hint")
	bmet := b.text("bmet_reg", "people.bmet_reg")
	contact := personSection{ID: "sec-contact", Legend: p.T("people.sec_contact"), Rows: []personRow{phones, {nid}, {passport, bmet}}}

	var union personField
	if opts := peopleUnions(p, strings.ToUpper(strings.TrimSpace(p.Val("upazila")))); len(opts) > 0 {
		union = b.field("select", "union", "people.union")
		union.Options = []personOption{{Value: "", Label: p.T("people.not_recorded")}}
		for _, o := range opts {
			o.Selected = o.Value == union.Value
			union.Options = append(union.Options, o)
		}
	} else {
		union = b.text("union", "people.union")
		union.Hint = p.T("people.union_hint")
	}
	address := personSection{ID: "sec-address", Legend: p.T("people.sec_address"), Hint: p.T("people.address_hint"), Rows: []personRow{
		{b.grouped("district", "people.district", "people.not_recorded", peopleDistrictGroups(p))},
		{b.grouped("upazila", "people.upazila", "people.not_recorded", peopleUpazilaGroups(p))},
		{union}, {b.text("village", "people.village")},
	}}

	var langs []string
	for _, l := range refdata.Languages() {
		langs = append(langs, l.Code)
	}
	plans := personSection{ID: "sec-languages", Legend: p.T("people.sec_languages"), Rows: []personRow{
		{b.checks("languages", "people.languages", langs, p.Language)},
		{b.list("remigrate", "people.remigrate", "people.not_recorded", "remigrate", registry.Remigration)},
	}}

	wg := personSection{ID: "sec-wg", Legend: p.T("people.sec_wg"), Hint: p.T("people.wg_hint")}
	var row personRow
	for _, dom := range registry.WGDomains {
		row = append(row, b.list("wg_"+dom, "people.wg_question."+dom, "people.wg_not_asked", "wg_answer", []string{"1", "2", "3", "4"}))
		if len(row) == 2 {
			wg.Rows = append(wg.Rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		wg.Rows = append(wg.Rows, row)
	}
	sections := []personSection{identity, contact, address, plans, wg}
	if registering {
		box := b.checkbox("consent", "people.consent_box")
		box.Required = true
		method := b.list("consent_method", "people.consent_method", "people.choose", "consent_method", registry.ConsentMethods)
		method.Required = true
		date := b.date("consent_date", "people.consent_date")
		date.Required = true
		sections = append(sections, personSection{ID: "sec-consent", Legend: p.T("people.sec_consent"), Hint: p.T("people.consent_hint"),
			Rows: []personRow{{box}, {method, date}}})
	}
	return sections
}

// personFromForm reads the person form over base (the stored record when
// editing), with the errors of what could not be read, by field.
func personFromForm(p *Page, f url.Values, base registry.Person) (registry.Person, map[string]string) {
	errs := map[string]string{}
	x := base
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	x.NameBn, x.NameLatin, x.Sex = get("name_bn"), get("name_latin"), get("sex")
	x.Ethnicity, x.Religion, x.Education, x.Remigrate = get("ethnicity"), get("religion"), get("education"), get("remigrate")
	x.NID, x.Passport, x.BMETReg, x.Village = get("nid"), get("passport"), get("bmet_reg"), get("village")
	x.Phones = nil
	for _, k := range []string{"phone1", "phone2", "phone3"} {
		if v := get(k); v != "" {
			x.Phones = append(x.Phones, v)
		}
	}
	x.Languages = slices.Clone(f["languages"])
	x.WG = nil
	for _, d := range registry.WGDomains {
		v := get("wg_" + d)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			errs["wg_"+d] = p.T("people.err.wg")
			continue
		}
		if x.WG == nil {
			x.WG = map[string]int{}
		}
		x.WG[d] = n
	}

	// Birth: a date, or an age from which 1 July of the year of birth is
	// estimated. An estimate that still gives the typed age is kept, so
	// saving the form again does not move it.
	today := personToday()
	date, dateOK := personDate(get("birth_date"))
	age, ageOK := personInt(get("age"))
	if !dateOK {
		errs["birth_date"] = p.T("people.err.date")
	}
	if !ageOK || (age != nil && (*age < 0 || *age > 110)) {
		errs["age"] = p.T("people.err.age")
		age = nil
	}
	switch {
	case date != nil:
		// The age shown for a stored estimate may stay in the form when a
		// real date is typed: the date then replaces the estimate.
		staleEstimate := age != nil && base.BirthEstimated && base.BirthDate != nil && base.Age(today) == *age
		if age != nil && !staleEstimate && (registry.Person{BirthDate: date}).Age(today) != *age {
			errs["age"] = p.T("people.err.age_mismatch")
		}
		x.BirthDate, x.BirthEstimated = date, false
	case age != nil:
		if !(base.BirthEstimated && base.BirthDate != nil && base.Age(today) == *age) {
			est := registry.EstimatedBirthDate(today, *age)
			x.BirthDate = &est
		}
		x.BirthEstimated = true
	case dateOK:
		x.BirthDate, x.BirthEstimated = nil, false
	}

	// Address: the lowest unit fixes the ones above it (registry.Normalize),
	// so a unit that is not inside the one above is a mistake to show, not
	// to overwrite silently.
	up := func(k string) string { return strings.ToUpper(get(k)) }
	dist, upa, uni := up("district"), up("upazila"), up("union")
	// The form has no division: it follows from the units below, and is
	// kept only for a record that has nothing below it (an import).
	if dist != "" || upa != "" || uni != "" || base.District != "" || base.Upazila != "" || base.Union != "" {
		x.Division = ""
	}
	x.District, x.Upazila, x.Union = dist, upa, uni
	if u, ok := refdata.Admin(upa); ok && u.Level == refdata.Upazila && dist != "" && u.Parent != dist {
		errs["upazila"] = p.T("people.err.upazila_district")
	}
	if u, ok := refdata.Admin(uni); ok && u.Level == refdata.Union {
		path := refdata.Path(uni)
		if (upa != "" && path[2].Pcode != upa) || (upa == "" && dist != "" && path[1].Pcode != dist) {
			errs["union"] = p.T("people.err.union_upazila")
		}
	}
	return x, errs
}

// personConsentFromForm reads the registration consent of the registration form.
func personConsentFromForm(p *Page, f url.Values, errs map[string]string) registry.Consent {
	c := registry.Consent{Purpose: registry.PurposeRegistration, Method: f.Get("consent_method")}
	if f.Get("consent") == "" {
		errs["consent"] = p.T("people.err.consent_required")
	}
	if d, ok := personDate(f.Get("consent_date")); !ok {
		errs["consent_date"] = p.T("people.err.date")
	} else if d != nil {
		c.GivenOn = *d
	}
	personMergeErrors(p, c.Validate(personToday()), errs, personAlias, personInputs)
	return c
}

// personMergeErrors adds err's field messages to errs under the form's
// names (a message already there wins) and returns the messages about
// fields the form does not have.
func personMergeErrors(p *Page, err error, errs map[string]string, alias map[string]string, known []string) []string {
	var other []string
	fields := app.FieldsIn(p.Lang, err)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		name := k
		if a, ok := alias[k]; ok {
			name = a
		}
		if !slices.Contains(known, name) {
			other = append(other, fields[k])
			continue
		}
		if _, ok := errs[name]; !ok {
			errs[name] = fields[k]
		}
	}
	return other
}

// personFormValues are the form's values for a stored person.
func personFormValues(x registry.Person) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("name_bn", x.NameBn)
	set("name_latin", x.NameLatin)
	set("sex", x.Sex)
	if x.BirthDate != nil {
		if x.BirthEstimated {
			if a := x.Age(personToday()); a >= 0 {
				set("age", strconv.Itoa(a))
			}
		} else {
			set("birth_date", x.BirthDate.Format(time.DateOnly))
		}
	}
	set("ethnicity", x.Ethnicity)
	set("religion", x.Religion)
	set("education", x.Education)
	for i, ph := range x.Phones {
		if i < 3 {
			set("phone"+strconv.Itoa(i+1), ph)
		}
	}
	set("nid", x.NID)
	set("passport", x.Passport)
	set("bmet_reg", x.BMETReg)
	set("district", x.District)
	set("upazila", x.Upazila)
	set("union", x.Union)
	set("village", x.Village)
	set("remigrate", x.Remigrate)
	for _, l := range x.Languages {
		v.Add("languages", l)
	}
	for d, a := range x.WG {
		set("wg_"+d, strconv.Itoa(a))
	}
	return v
}

// personSubmitted keeps what was posted, to show it again.
func personSubmitted(f url.Values) url.Values {
	v := url.Values{}
	for _, k := range personInputs {
		if s := f.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	v["languages"] = slices.Clone(f["languages"])
	if f.Get("different_person") != "" {
		v.Set("different_person", "1")
	}
	return v
}

// createPerson registers a person with their consent to registration:
// nothing is stored unless both are valid, and likely duplicates are shown
// first.
func (ui *UI) createPerson(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	ctx := r.Context()
	p := ui.newPage(w, r, "people.new_title")
	p.Form = personSubmitted(r.PostForm)
	x, errs := personFromForm(p, r.PostForm, registry.Person{})
	consent := personConsentFromForm(p, r.PostForm, errs)
	check := x
	other := personMergeErrors(p, check.Validate(personToday()), errs, personAlias, personInputs)
	if len(errs) > 0 || len(other) > 0 {
		p.Errors, p.Error = errs, p.T("people.fix_fields")
		ui.renderPersonForm(w, r, http.StatusUnprocessableEntity, p, nil, personFormData{Other: other})
		return
	}
	if r.PostForm.Get("different_person") == "" {
		dups, err := ui.personDuplicates(ctx, pr.Actor, p, x, "")
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		if len(dups) > 0 {
			b := personForm{p: p, vals: p.Form, errs: p.Errors}
			box := b.checkbox("different_person", "people.dup_register_anyway")
			ui.renderPersonForm(w, r, http.StatusConflict, p, nil, personFormData{Duplicates: dups, DifferentPerson: &box})
			return
		}
	}
	a := ui.actor(r, pr)
	// The person and their consent are stored together or not at all.
	created, _, err := ui.DB.RegisterWithConsent(ctx, a, x, consent)
	if err != nil {
		ui.personFormFailed(w, r, p, nil, err, personFormData{})
		return
	}
	ui.redirect(w, r, "/people/"+created.ID, "people.flash.registered")
}

// personFormFailed shows the store's refusal of a person on the form.
func (ui *UI) personFormFailed(w http.ResponseWriter, r *http.Request, p *Page, edit *registry.Person, err error, d personFormData) {
	switch app.ErrorCode(err) {
	case app.EINVALID, app.ECONFLICT:
		p.Error = app.MessageIn(p.Lang, err)
		d.Other = personMergeErrors(p, err, p.Errors, personAlias, personInputs)
		ui.renderPersonForm(w, r, httpx.Status(err), p, edit, d)
	default:
		ui.fail(w, r, err)
	}
}

func (ui *UI) editPersonForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	x, err := ui.DB.PersonByID(r.Context(), pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "people.edit_title")
	p.Form = personFormValues(x)
	ui.renderPersonForm(w, r, http.StatusOK, p, &x, personFormData{})
}

// updatePerson saves the edit form. When someone else saved the record
// since the form was opened, the form comes back with what the user typed,
// the fields the other person changed, and the current version, so that
// saving again is a choice made knowing both.
func (ui *UI) updatePerson(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	ctx := r.Context()
	cur, err := ui.DB.PersonByID(ctx, pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "people.edit_title")
	p.Form = personSubmitted(r.PostForm)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	d := personFormData{Version: strconv.Itoa(version)}
	x, errs := personFromForm(p, r.PostForm, cur)
	x.Version = version
	check := x
	other := personMergeErrors(p, check.Validate(personToday()), errs, personAlias, personInputs)
	if len(errs) > 0 || len(other) > 0 {
		p.Errors, p.Error, d.Other = errs, p.T("people.fix_fields"), other
		ui.renderPersonForm(w, r, http.StatusUnprocessableEntity, p, &cur, d)
		return
	}
	if _, err := ui.DB.UpdatePerson(ctx, ui.actor(r, pr), x); err != nil {
		if app.ErrorCode(err) == app.ECONFLICT && len(app.ErrorFields(err)) == 0 {
			latest, gerr := ui.DB.PersonByID(ctx, pr.Actor, cur.ID)
			if gerr != nil {
				ui.fail(w, r, gerr)
				return
			}
			d.Conflict = personConflicts(p, latest, x)
			d.Version = strconv.Itoa(latest.Version)
			p.Error = p.T("people.conflict")
			ui.renderPersonForm(w, r, http.StatusConflict, p, &latest, d)
			return
		}
		ui.personFormFailed(w, r, p, &cur, err, d)
		return
	}
	ui.redirect(w, r, "/people/"+cur.ID, "people.flash.saved")
}

// personConflicts lists the facts where the stored record differs from
// what the user typed.
func personConflicts(p *Page, now, yours registry.Person) []personConflict {
	yours.Normalize()
	mine := map[string]string{}
	for _, f := range personFacts(p, yours) {
		mine[f.Key] = f.Value
	}
	var out []personConflict
	for _, f := range personFacts(p, now) {
		if f.Key == "age" {
			continue
		}
		if y := mine[f.Key]; y != f.Value {
			out = append(out, personConflict{Label: f.Label, Now: f.Value, Yours: y})
		}
	}
	return out
}

// personDuplicate is a person already registered who may be the one being registered.
type personDuplicate struct {
	personListRow
	Reasons string
	score   float64
}

// personDuplicates looks in the actor's organisation for people who share
// an ID number or a phone with x, or whose name is similar (at least
// names.ReviewThreshold in either script), most likely first.
func (ui *UI) personDuplicates(ctx context.Context, a app.Actor, p *Page, x registry.Person, exclude string) ([]personDuplicate, error) {
	x.Normalize()
	found := map[string]*personDuplicate{}
	var reasons = map[string][]string{}
	add := func(row store.PersonRow, reason string, score float64) {
		if row.ID == exclude {
			return
		}
		d := found[row.ID]
		if d == nil {
			d = &personDuplicate{personListRow: personListRowOf(p, row.Person, row.OrgCode, personToday())}
			found[row.ID] = d
		}
		if !slices.Contains(reasons[row.ID], reason) {
			reasons[row.ID] = append(reasons[row.ID], reason)
		}
		d.score = max(d.score, score)
	}
	search := func(text string, limit int) ([]store.PersonRow, error) {
		return ui.DB.SearchPersons(ctx, a, store.PersonQuery{Text: text, OrgID: a.OrgID, Limit: limit})
	}
	for _, id := range []struct{ value, key string }{{x.NID, "people.dup_nid"}, {x.Passport, "people.dup_passport"}} {
		if id.value == "" {
			continue
		}
		rows, err := search(id.value, 20)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if row.NID == id.value || row.Passport == id.value {
				add(row, p.T(id.key), 2)
			}
		}
	}
	for _, ph := range x.Phones {
		rows, err := search(ph, 20)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if slices.Contains(row.Phones, ph) {
				add(row, p.T("people.dup_phone", p.Digits(ph)), 1.5)
			}
		}
	}
	// Names: the whole name and each of its words, so that a name missing
	// a word ("Rina" for "Rina Begum") is still a candidate; Similarity
	// then decides.
	seen := map[string]bool{}
	var queries []string
	for _, n := range []string{x.NameBn, x.NameLatin} {
		if n == "" {
			continue
		}
		for _, q := range append([]string{n}, names.Tokens(n)...) {
			if !seen[q] && utf8.RuneCountInString(q) >= 2 {
				seen[q] = true
				queries = append(queries, q)
			}
		}
	}
	for _, q := range queries {
		rows, err := search(q, 100)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if s := personNameSimilarity(x, row.Person); s >= names.ReviewThreshold {
				add(row, p.T("people.dup_name"), s)
			}
		}
	}
	out := make([]personDuplicate, 0, len(found))
	for id, d := range found {
		d.Reasons = strings.Join(reasons[id], "; ")
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b personDuplicate) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > 10 {
		out = out[:10]
	}
	return out, nil
}

// personNameSimilarity is the best Similarity between the two people's
// names, in either script (Similarity compares across scripts too).
func personNameSimilarity(a, b registry.Person) float64 {
	best := 0.0
	for _, x := range []string{a.NameBn, a.NameLatin} {
		for _, y := range []string{b.NameBn, b.NameLatin} {
			if x != "" && y != "" {
				best = max(best, names.Similarity(x, y))
			}
		}
	}
	return best
}
