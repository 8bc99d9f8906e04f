package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// The person page (GET /people/{id}) and the small forms on it: consents,
// migration history, skills and household. Each form posts to its own
// route; success goes back to the page at the form's section with a flash,
// a mistake shows the page again with the messages at that form (422).

// personFact is a line of the person's details.
type personFact struct {
	Key, Label, Value string
	Lang              string // set when the value is in a script of its own
}

type personPageData struct {
	Person                    registry.Person
	Name, OtherName           string
	OtherLang, OrgCode        string
	Facts                     []personFact
	CanWrite                  bool
	HasRegistration           bool
	Consents                  []personConsentRow
	Episodes                  []personEpisodeRow
	Skills                    []personSkillRow
	Household                 *registry.Household
	Members                   []personMemberRow
	Cases                     []personCaseRow
	ISCO                      []personOption
	ConsentForm, EpisodeForm  personSubForm
	SkillForm, MemberForm     personSubForm
	HouseholdForm, CreateForm personSubForm
}

// personSubForm is one of the page's forms: its controls, a message for
// the whole form, and whether to show it open (after a mistake).
type personSubForm struct {
	Rows  []personRow
	Error string
	Open  bool
}

type personConsentRow struct {
	registry.Consent
	Purpose, SharedWith, Method string
	Note                        personField
	Error                       string
	Open                        bool
}

type personEpisodeRow struct {
	registry.Episode
	Destination, Occupation, Skill, Channel string
	Cost, UnpaidWages, ReturnType           string
	Financing, Documents                    []string
}

type personSkillRow struct {
	registry.Skill
	Occupation string
}

type personMemberRow struct {
	registry.Member
	Relationship, Sex, InSchool string
	Self                        bool
}

type personCaseRow struct {
	ID, Reference, Status, OrgCode string
	OpenedOn                       time.Time
}

// personSubmission is a sub-form that was refused: which one, what was
// typed and why.
type personSubmission struct {
	Section   string // consent, withdraw, episode, skill, household, member, household_update
	Vals      url.Values
	Errs      map[string]string
	Err       error
	ConsentID string
}

func (ui *UI) personPage(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleReader(w, r)
	if pr == nil {
		return
	}
	ui.showPerson(w, r, pr, r.PathValue("id"), nil)
}

// showPerson renders the person page, with sub's mistakes at its form.
func (ui *UI) showPerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal, id string, sub *personSubmission) {
	ctx := r.Context()
	p := ui.newPage(w, r, "people.person_title")
	status := http.StatusOK
	var message string
	if sub != nil {
		if sub.Errs == nil {
			sub.Errs = map[string]string{}
		}
		status = http.StatusUnprocessableEntity
		if sub.Err != nil {
			switch app.ErrorCode(sub.Err) {
			case app.EINVALID, app.ECONFLICT:
				status = httpx.Status(sub.Err)
				message = app.MessageIn(p.Lang, sub.Err)
				for _, m := range personMergeErrors(p, sub.Err, sub.Errs, personSubAlias, personSubInputs) {
					message += " " + m
				}
			default:
				ui.fail(w, r, sub.Err)
				return
			}
		} else {
			message = p.T("people.fix_fields")
		}
	}
	x, err := ui.DB.PersonByID(ctx, pr.Actor, id)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	a := pr.Actor
	d := personPageData{Person: x, Name: x.DisplayName(p.Lang), Facts: personFacts(p, x),
		CanWrite: a.WritesCases() && x.OrgID == a.OrgID}
	d.OtherName, d.OtherLang = personOtherName(p.Lang, x)
	orgs, err := ui.DB.ListOrgs(ctx)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Code + " · " + o.Name(p.Lang)
		if o.ID == x.OrgID {
			d.OrgCode = o.Code
		}
	}

	consents, err := ui.DB.ListConsents(ctx, a, x.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, c := range consents {
		row := personConsentRow{Consent: c, Purpose: p.Label("purpose", c.Purpose), SharedWith: orgName[c.SharedWithOrg],
			Method: p.Label("consent_method", c.Method)}
		if c.Active() && c.Purpose == registry.PurposeRegistration {
			d.HasRegistration = true
		}
		vals, errs := url.Values{}, map[string]string{}
		if sub != nil && sub.Section == "withdraw" && sub.ConsentID == c.ID {
			vals, errs, row.Error, row.Open = sub.Vals, sub.Errs, message, true
		}
		b := personForm{p: p, prefix: "wd-" + c.ID + "-", vals: vals, errs: errs}
		row.Note = b.textarea("note", "people.withdraw_note")
		d.Consents = append(d.Consents, row)
	}

	episodes, err := ui.DB.ListEpisodes(ctx, a, x.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, e := range episodes {
		row := personEpisodeRow{Episode: e, Destination: p.Country(e.Destination), Occupation: p.Occupation(e.OccupationISCO),
			Skill: p.SkillCategory(e.SkillCategory), Channel: p.Label("channel", e.Channel), ReturnType: p.Label("return_type", e.ReturnType),
			Cost: personTakaText(p.Lang, e.CostMinor, e.CostCurrency), UnpaidWages: personTakaText(p.Lang, e.UnpaidWagesMinor, e.UnpaidWagesCurrency)}
		for _, f := range e.Financing {
			row.Financing = append(row.Financing, p.Label("financing", f))
		}
		for _, doc := range e.Documents {
			row.Documents = append(row.Documents, p.Label("document", doc))
		}
		d.Episodes = append(d.Episodes, row)
	}

	skills, err := ui.DB.ListSkills(ctx, a, x.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, s := range skills {
		d.Skills = append(d.Skills, personSkillRow{Skill: s, Occupation: p.Occupation(s.ISCO)})
	}

	if x.HouseholdID != "" {
		h, err := ui.DB.HouseholdByID(ctx, a, x.HouseholdID)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Household = &h
		for _, m := range h.Members {
			row := personMemberRow{Member: m, Relationship: p.Label("relationship", m.Relationship), Sex: p.Label("sex", m.Sex),
				Self: m.Relationship == "self"}
			if m.PersonID == x.ID { // the store names the returnee in Latin letters
				row.Name = d.Name
			}
			if m.InSchool != nil {
				row.InSchool = p.T("people.no")
				if *m.InSchool {
					row.InSchool = p.T("people.yes")
				}
			}
			d.Members = append(d.Members, row)
		}
	}

	cases, err := ui.DB.CasesOfPerson(ctx, a, x.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	for _, c := range cases {
		d.Cases = append(d.Cases, personCaseRow{ID: c.ID, Reference: c.Reference, Status: p.Label("status", c.Status),
			OrgCode: c.OrgCode, OpenedOn: c.OpenedOn})
	}

	if d.CanWrite {
		forms := map[string]*personSubForm{"consent": &d.ConsentForm, "episode": &d.EpisodeForm, "skill": &d.SkillForm,
			"member": &d.MemberForm, "household_update": &d.HouseholdForm, "household": &d.CreateForm}
		builders := map[string]personForm{}
		for name := range forms {
			builders[name] = personForm{p: p, vals: url.Values{}, errs: map[string]string{}}
		}
		if sub != nil {
			if f, ok := forms[sub.Section]; ok {
				f.Error, f.Open = message, true
				builders[sub.Section] = personForm{p: p, vals: sub.Vals, errs: sub.Errs}
			}
		}
		d.ConsentForm.Rows = personConsentRows(p, builders["consent"], orgs, x.OrgID)
		d.EpisodeForm.Rows = personEpisodeRows(p, builders["episode"])
		d.SkillForm.Rows = personSkillRows(builders["skill"])
		d.MemberForm.Rows = personMemberRows(p, builders["member"])
		if d.Household != nil {
			hb := builders["household_update"]
			if sub == nil || sub.Section != "household_update" {
				hb.vals = url.Values{"income_sources": d.Household.IncomeSources, "notes": {d.Household.Notes}}
			}
			d.HouseholdForm.Rows = personHouseholdRows(p, hb)
		}
		for _, o := range refdata.ISCOUnitGroups() {
			d.ISCO = append(d.ISCO, personOption{Value: o.Code, Label: o.Title})
		}
	}
	p.Data = d
	ui.render(w, r, status, "person_page", p)
}

// personFacts are the person's details in the page's language; empty
// values are facts not recorded.
func personFacts(p *Page, x registry.Person) []personFact {
	var birth, age string
	if x.BirthDate != nil {
		birth = p.Date(*x.BirthDate)
		if x.BirthEstimated {
			birth = p.T("people.birth_estimated", personYear(p, x.BirthDate.Year()))
		}
		if a := x.Age(personToday()); a >= 0 {
			age = p.Num(a)
			if x.BirthEstimated {
				age = p.T("people.about", age)
			}
		}
	}
	var phones []string
	for _, ph := range x.Phones {
		phones = append(phones, p.Digits(ph))
	}
	var place []string
	if x.Village != "" {
		place = append(place, x.Village)
	}
	for _, code := range []string{x.Union, x.Upazila, x.District, x.Division} {
		if code != "" {
			place = append(place, p.Place(code))
		}
	}
	var langs []string
	for _, l := range x.Languages {
		langs = append(langs, p.Language(l))
	}
	var wg []string
	for _, dom := range registry.WGDomains {
		if v, ok := x.WG[dom]; ok {
			wg = append(wg, p.Label("wg", dom)+": "+p.Label("wg_answer", strconv.Itoa(v)))
		}
	}
	disability := ""
	if len(x.WG) > 0 {
		disability = p.T("people.no")
		if x.HasDisability() {
			disability = p.T("people.yes")
		}
	}
	return []personFact{
		{Key: "name_bn", Label: p.T("people.name_bn"), Value: x.NameBn, Lang: "bn"},
		{Key: "name_latin", Label: p.T("people.name_latin"), Value: x.NameLatin, Lang: "en"},
		{Key: "sex", Label: p.T("people.sex"), Value: p.Label("sex", x.Sex)},
		{Key: "birth", Label: p.T("people.birth_date"), Value: birth},
		{Key: "age", Label: p.T("people.age"), Value: age},
		{Key: "ethnicity", Label: p.T("people.ethnicity"), Value: personIf(x.Ethnicity, p.Ethnicity)},
		{Key: "religion", Label: p.T("people.religion"), Value: p.Label("religion", x.Religion)},
		{Key: "education", Label: p.T("people.education"), Value: p.Label("education", x.Education)},
		{Key: "phones", Label: p.T("people.phones"), Value: strings.Join(phones, ", ")},
		{Key: "nid", Label: p.T("people.nid"), Value: p.Digits(x.NID)},
		{Key: "passport", Label: p.T("people.passport"), Value: x.Passport},
		{Key: "bmet_reg", Label: p.T("people.bmet_reg"), Value: x.BMETReg},
		{Key: "address", Label: p.T("people.address"), Value: strings.Join(place, ", ")},
		{Key: "languages", Label: p.T("people.languages"), Value: strings.Join(langs, ", ")},
		{Key: "remigrate", Label: p.T("people.remigrate"), Value: p.Label("remigrate", x.Remigrate)},
		{Key: "wg", Label: p.T("people.wg_answers"), Value: strings.Join(wg, "; ")},
		{Key: "disability", Label: p.T("people.disability"), Value: disability},
	}
}

func personIf(code string, name func(string) string) string {
	if code == "" {
		return ""
	}
	return name(code)
}

func personYear(p *Page, y int) string { return p.Digits(strconv.Itoa(y)) }

// ---- The sub-forms' controls ----

// personSubInputs are the names of the sub-forms' fields; personSubAlias
// maps the store's names onto them.
var personSubInputs = []string{"purpose", "shared_with_org", "method", "given_on", "note",
	"destination", "occupation_isco", "skill_category", "departure_date", "return_date", "channel", "cost", "financing",
	"return_type", "unpaid_wages", "documents", "isco", "years", "certificate", "issuer",
	"name", "relationship", "sex", "age", "dependant", "in_school", "income_sources", "notes"}

var personSubAlias = map[string]string{"cost_minor": "cost", "cost_currency": "cost", "unpaid_wages_minor": "unpaid_wages",
	"unpaid_wages_currency": "unpaid_wages"}

func personConsentRows(p *Page, b personForm, orgs []store.Organisation, own string) []personRow {
	b.prefix = "cs-"
	if b.vals.Get("given_on") == "" && len(b.errs) == 0 {
		b.vals = url.Values{"given_on": {personToday().Format(time.DateOnly)}}
	}
	purpose := b.list("purpose", "people.consent_purpose", "people.choose", "purpose", registry.Purposes)
	purpose.Required = true
	shared := b.field("select", "shared_with_org", "people.consent_shared_with")
	shared.Hint = p.T("people.consent_shared_hint")
	shared.Options = []personOption{{Value: "", Label: p.T("people.not_applicable")}}
	for _, o := range orgs {
		if o.ID != own {
			shared.Options = append(shared.Options, personOption{Value: o.ID, Label: o.Code + " · " + o.Name(p.Lang), Selected: o.ID == shared.Value})
		}
	}
	method := b.list("method", "people.consent_method", "people.choose", "consent_method", registry.ConsentMethods)
	method.Required = true
	date := b.date("given_on", "people.consent_date")
	date.Required = true
	return []personRow{{purpose}, {shared}, {method, date}}
}

func personEpisodeRows(p *Page, b personForm) []personRow {
	b.prefix = "ep-"
	dest := b.grouped("destination", "people.destination", "people.choose", peopleCountryGroups(p))
	dest.Required = true
	occ := b.text("occupation_isco", "people.occupation")
	occ.List, occ.Hint = "isco-units", p.T("people.occupation_hint")
	var skills []string
	for _, s := range refdata.SkillCategories() {
		skills = append(skills, s.Code)
	}
	cost := b.text("cost", "people.cost")
	cost.InputMode, cost.Hint = "decimal", p.T("people.taka_hint")
	wages := b.text("unpaid_wages", "people.unpaid_wages")
	wages.InputMode, wages.Hint = "decimal", p.T("people.taka_hint")
	return []personRow{
		{dest},
		{occ, b.selectOf("skill_category", "people.skill_category", "people.not_recorded", skills, p.SkillCategory)},
		{b.date("departure_date", "people.departure_date"), b.date("return_date", "people.return_date")},
		{b.list("channel", "people.channel", "people.not_recorded", "channel", registry.Channels)},
		{b.list("return_type", "people.return_type", "people.not_recorded", "return_type", registry.ReturnTypes)},
		{cost, wages},
		{b.checks("financing", "people.financing", registry.Financing, func(c string) string { return p.Label("financing", c) })},
		{b.checks("documents", "people.documents", registry.Documents, func(c string) string { return p.Label("document", c) })},
	}
}

func personSkillRows(b personForm) []personRow {
	b.prefix = "sk-"
	isco := b.text("isco", "people.occupation")
	isco.List, isco.Hint, isco.Required = "isco-units", b.p.T("people.occupation_hint"), true
	return []personRow{{isco}, {b.number("years", "people.skill_years")},
		{b.text("certificate", "people.certificate"), b.text("issuer", "people.issuer")}}
}

func personMemberRows(p *Page, b personForm) []personRow {
	b.prefix = "mb-"
	var rels []string
	for _, rel := range registry.Relationships {
		if rel != "self" {
			rels = append(rels, rel)
		}
	}
	rel := b.list("relationship", "people.relationship", "people.choose", "relationship", rels)
	rel.Required = true
	sex := b.list("sex", "people.sex", "people.choose", "sex", registry.Sexes)
	sex.Required = true
	school := b.selectOf("in_school", "people.in_school", "people.not_recorded", []string{"yes", "no"},
		func(c string) string { return p.T("people." + c) })
	return []personRow{{b.text("name", "people.member_name")}, {rel, sex}, {b.number("age", "people.age_years"), school},
		{b.checkbox("dependant", "people.dependant")}}
}

func personHouseholdRows(p *Page, b personForm) []personRow {
	b.prefix = "hh-"
	return []personRow{
		{b.checks("income_sources", "people.income_sources", registry.IncomeSources, func(c string) string { return p.Label("income_source", c) })},
		{b.textarea("notes", "people.household_notes")},
	}
}

// ---- The sub-forms' handlers ----

// personPosted finishes a sub-form: back to the page's section on
// success, or the page with the mistakes.
func (ui *UI) personPosted(w http.ResponseWriter, r *http.Request, pr *auth.Principal, sub *personSubmission, anchor, flash string) {
	id := r.PathValue("id")
	if sub.Err == nil && len(sub.Errs) == 0 {
		ui.redirect(w, r, "/people/"+id+"#"+anchor, flash)
		return
	}
	ui.showPerson(w, r, pr, id, sub)
}

// personLangPage is enough of a page to translate parse errors before the
// real page is built.
func (ui *UI) personLangPage(r *http.Request) *Page { return &Page{Lang: ui.Lang(r)} }

func (ui *UI) addPersonConsent(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	p, f := ui.personLangPage(r), r.PostForm
	sub := &personSubmission{Section: "consent", Vals: f, Errs: map[string]string{}}
	c := registry.Consent{PersonID: r.PathValue("id"), Purpose: f.Get("purpose"), SharedWithOrg: f.Get("shared_with_org"), Method: f.Get("method")}
	if d, ok := personDate(f.Get("given_on")); !ok {
		sub.Errs["given_on"] = p.T("people.err.date")
	} else if d != nil {
		c.GivenOn = *d
	}
	if len(sub.Errs) > 0 {
		personMergeErrors(p, c.Validate(personToday()), sub.Errs, nil, personSubInputs)
	} else {
		_, sub.Err = ui.DB.AddConsent(r.Context(), ui.actor(r, pr), c)
	}
	ui.personPosted(w, r, pr, sub, "consents", "people.flash.consent_added")
}

func (ui *UI) withdrawPersonConsent(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	ctx := r.Context()
	id, cid := r.PathValue("id"), r.PathValue("cid")
	consents, err := ui.DB.ListConsents(ctx, pr.Actor, id)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(consents, func(c registry.Consent) bool { return c.ID == cid })
	if i < 0 {
		ui.NotFound(w, r)
		return
	}
	sub := &personSubmission{Section: "withdraw", ConsentID: cid, Vals: r.PostForm}
	if consents[i].Active() {
		sub.Err = ui.DB.WithdrawConsent(ctx, ui.actor(r, pr), cid, r.PostForm.Get("note"))
	}
	ui.personPosted(w, r, pr, sub, "consents", "people.flash.consent_withdrawn")
}

func (ui *UI) addPersonEpisode(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	p, f := ui.personLangPage(r), r.PostForm
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	sub := &personSubmission{Section: "episode", Vals: f, Errs: map[string]string{}}
	e := registry.Episode{PersonID: r.PathValue("id"), Destination: strings.ToUpper(get("destination")),
		OccupationISCO: personISCO(get("occupation_isco")), SkillCategory: get("skill_category"), Channel: get("channel"),
		ReturnType: get("return_type"), Financing: slices.Clone(f["financing"]), Documents: slices.Clone(f["documents"]),
		CostCurrency: "BDT", UnpaidWagesCurrency: "BDT"}
	var ok bool
	if e.DepartureDate, ok = personDate(get("departure_date")); !ok {
		sub.Errs["departure_date"] = p.T("people.err.date")
	}
	if e.ReturnDate, ok = personDate(get("return_date")); !ok {
		sub.Errs["return_date"] = p.T("people.err.date")
	}
	if e.CostMinor, ok = personTaka(get("cost")); !ok {
		sub.Errs["cost"] = p.T("people.err.taka")
	}
	if e.UnpaidWagesMinor, ok = personTaka(get("unpaid_wages")); !ok {
		sub.Errs["unpaid_wages"] = p.T("people.err.taka")
	}
	if len(sub.Errs) > 0 {
		personMergeErrors(p, e.Validate(personToday()), sub.Errs, personSubAlias, personSubInputs)
	} else {
		_, sub.Err = ui.DB.AddEpisode(r.Context(), ui.actor(r, pr), e)
	}
	ui.personPosted(w, r, pr, sub, "migration", "people.flash.episode_added")
}

// personISCO takes the code from "7411" or "7411 Building electricians".
func personISCO(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return strings.TrimSpace(f[0])
	}
	return ""
}

func (ui *UI) addPersonSkill(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	p, f := ui.personLangPage(r), r.PostForm
	sub := &personSubmission{Section: "skill", Vals: f, Errs: map[string]string{}}
	s := registry.Skill{PersonID: r.PathValue("id"), ISCO: personISCO(f.Get("isco")),
		Certificate: strings.TrimSpace(f.Get("certificate")), Issuer: strings.TrimSpace(f.Get("issuer"))}
	var ok bool
	if s.Years, ok = personInt(f.Get("years")); !ok {
		sub.Errs["years"] = p.T("people.err.number")
	}
	if len(sub.Errs) > 0 {
		personMergeErrors(p, s.Validate(), sub.Errs, nil, personSubInputs)
	} else {
		_, sub.Err = ui.DB.AddSkill(r.Context(), ui.actor(r, pr), s)
	}
	ui.personPosted(w, r, pr, sub, "skills", "people.flash.skill_added")
}

func (ui *UI) removePersonSkill(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	if err := ui.DB.RemoveSkill(r.Context(), ui.actor(r, pr), r.PathValue("id"), r.PathValue("sid")); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/people/"+r.PathValue("id")+"#skills", "people.flash.skill_removed")
}

func (ui *UI) createPersonHousehold(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	sub := &personSubmission{Section: "household", Vals: url.Values{}}
	_, sub.Err = ui.DB.CreateHousehold(r.Context(), ui.actor(r, pr), r.PathValue("id"), registry.Household{})
	ui.personPosted(w, r, pr, sub, "household", "people.flash.household_created")
}

// personHousehold returns the household named by the form when it is the
// person's own (they are its contact or a member); otherwise not found.
func (ui *UI) personHousehold(r *http.Request, pr *auth.Principal) (registry.Household, error) {
	id := r.PathValue("id")
	hid := r.PostForm.Get("household_id")
	if hid == "" {
		return registry.Household{}, app.NotFound("household")
	}
	h, err := ui.DB.HouseholdByID(r.Context(), pr.Actor, hid)
	if err != nil {
		return h, err
	}
	if h.ContactPersonID != id && !slices.ContainsFunc(h.Members, func(m registry.Member) bool { return m.PersonID == id }) {
		return h, app.NotFound("household")
	}
	return h, nil
}

func (ui *UI) addPersonMember(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	h, err := ui.personHousehold(r, pr)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p, f := ui.personLangPage(r), r.PostForm
	sub := &personSubmission{Section: "member", Vals: f, Errs: map[string]string{}}
	m := registry.Member{Name: f.Get("name"), Relationship: f.Get("relationship"), Sex: f.Get("sex"), Dependant: f.Get("dependant") != ""}
	var ok bool
	if m.Age, ok = personInt(f.Get("age")); !ok {
		sub.Errs["age"] = p.T("people.err.number")
	}
	switch f.Get("in_school") {
	case "yes", "no":
		b := f.Get("in_school") == "yes"
		m.InSchool = &b
	}
	if m.Relationship == "self" {
		sub.Errs["relationship"] = p.T("people.err.self")
	}
	if len(sub.Errs) > 0 {
		personMergeErrors(p, m.Validate(), sub.Errs, nil, personSubInputs)
	} else {
		_, sub.Err = ui.DB.AddMember(r.Context(), ui.actor(r, pr), h.ID, m)
	}
	ui.personPosted(w, r, pr, sub, "household", "people.flash.member_added")
}

func (ui *UI) removePersonMember(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	h, err := ui.personHousehold(r, pr)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	sub := &personSubmission{Section: "household_update", Vals: url.Values{}}
	sub.Err = ui.DB.RemoveMember(r.Context(), ui.actor(r, pr), h.ID, r.PathValue("mid"))
	if app.ErrorCode(sub.Err) == app.ENOTFOUND {
		ui.fail(w, r, sub.Err)
		return
	}
	if sub.Err != nil {
		sub.Section = "member"
	}
	ui.personPosted(w, r, pr, sub, "household", "people.flash.member_removed")
}

func (ui *UI) updatePersonHousehold(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleWriter(w, r)
	if pr == nil {
		return
	}
	h, err := ui.personHousehold(r, pr)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	f := r.PostForm
	version, _ := strconv.Atoi(f.Get("version"))
	sub := &personSubmission{Section: "household_update", Vals: f, Errs: map[string]string{}}
	_, sub.Err = ui.DB.UpdateHousehold(r.Context(), ui.actor(r, pr),
		registry.Household{ID: h.ID, Version: version, IncomeSources: slices.Clone(f["income_sources"]), Notes: f.Get("notes")})
	ui.personPosted(w, r, pr, sub, "household", "people.flash.household_saved")
}
