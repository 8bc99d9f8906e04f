package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Projects.

func (s *server) listProjects(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var projects []store.Project
	var err error
	if org := r.URL.Query().Get("open_to"); org != "" {
		projects, err = s.db.ProjectsOpenTo(r.Context(), org)
	} else {
		projects, err = s.db.ListProjects(r.Context())
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(projects, projectView)))
	return nil
}

func (s *server) getProject(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "project")
	if err != nil {
		return err
	}
	p, err := s.db.ProjectByID(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, projectView(p))
	return nil
}

type newProject struct {
	Code         string   `json:"code"`
	Title        string   `json:"title"`
	PrimaID      string   `json:"prima_id"`
	Type         string   `json:"project_type"`
	StartDate    *string  `json:"start_date"`
	EndDate      *string  `json:"end_date"`
	Status       string   `json:"status"`
	BudgetMinor  int64    `json:"budget_minor"`
	Currency     string   `json:"currency"`
	Fund         string   `json:"fund"`
	Region       string   `json:"region"`
	Coverage     string   `json:"coverage"`
	MemberStates string   `json:"member_states"`
	PartnerIDs   []string `json:"partner_ids"`
}

func (s *server) createProject(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newProject
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if pr.Actor.Role != app.RoleAdmin && pr.Actor.Role != app.RoleProgrammeManager {
		// The store refuses too; refusing first means the answer does not
		// depend on the fields.
		return app.Errorf(app.EFORBIDDEN, "only administrators and programme managers can add projects")
	}
	var v app.Validation
	p := store.Project{Code: in.Code, Title: in.Title, PrimaID: strings.TrimSpace(in.PrimaID), Type: strings.TrimSpace(in.Type),
		Status: in.Status, BudgetMinor: in.BudgetMinor, Currency: strings.ToUpper(strings.TrimSpace(in.Currency)),
		Fund: strings.TrimSpace(in.Fund), Region: strings.TrimSpace(in.Region), Coverage: strings.TrimSpace(in.Coverage),
		MemberStates: strings.TrimSpace(in.MemberStates), PartnerIDs: in.PartnerIDs}
	p.StartDate = parseDate(&v, "start_date", in.StartDate)
	p.EndDate = parseDate(&v, "end_date", in.EndDate)
	if p.Currency != "" && !slices.Contains(registry.Currencies, p.Currency) {
		v.Add("currency", "choose a currency from the list")
	}
	check := p
	if err := addFields(&v, check.Validate(), ""); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.db.CreateProject(r.Context(), pr.Actor, p)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/projects/"+p.ID)
	httpx.WriteJSON(w, http.StatusCreated, projectView(p))
	return nil
}

// People.

// personFields are the fields of a person a request may send; nil means
// "not sent".
type personFields struct {
	NameBn         *string         `json:"name_bn"`
	NameLatin      *string         `json:"name_latin"`
	Sex            *string         `json:"sex"`
	BirthDate      *string         `json:"birth_date"`
	BirthEstimated *bool           `json:"birth_estimated"`
	Ethnicity      *string         `json:"ethnicity"`
	Religion       *string         `json:"religion"`
	WG             *map[string]int `json:"wg"`
	Education      *string         `json:"education"`
	Phones         *[]string       `json:"phones"`
	NID            *string         `json:"nid"`
	Passport       *string         `json:"passport"`
	BMETReg        *string         `json:"bmet_reg"`
	Division       *string         `json:"division"`
	District       *string         `json:"district"`
	Upazila        *string         `json:"upazila"`
	Union          *string         `json:"union"`
	Village        *string         `json:"village"`
	Languages      *[]string       `json:"languages"`
	Remigrate      *string         `json:"remigrate"`
}

// apply puts the fields sent onto p. The address (division to union)
// changes as a whole: when any level is sent, the levels not sent are
// cleared, because they belonged to the old place (and the lowest unit
// given fixes the ones above it).
func (f personFields) apply(v *app.Validation, p *registry.Person) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.NameBn, f.NameBn)
	set(&p.NameLatin, f.NameLatin)
	set(&p.Sex, f.Sex)
	if f.BirthDate != nil {
		p.BirthDate = parseDate(v, "birth_date", f.BirthDate)
	}
	if f.BirthEstimated != nil {
		p.BirthEstimated = *f.BirthEstimated
	}
	set(&p.Ethnicity, f.Ethnicity)
	set(&p.Religion, f.Religion)
	if f.WG != nil {
		p.WG = *f.WG
		if len(p.WG) == 0 {
			p.WG = nil
		}
	}
	set(&p.Education, f.Education)
	if f.Phones != nil {
		p.Phones = *f.Phones
	}
	set(&p.NID, f.NID)
	set(&p.Passport, f.Passport)
	set(&p.BMETReg, f.BMETReg)
	if f.Division != nil || f.District != nil || f.Upazila != nil || f.Union != nil {
		p.Division, p.District, p.Upazila, p.Union = "", "", "", ""
		set(&p.Division, f.Division)
		set(&p.District, f.District)
		set(&p.Upazila, f.Upazila)
		set(&p.Union, f.Union)
	}
	set(&p.Village, f.Village)
	if f.Languages != nil {
		p.Languages = *f.Languages
	}
	set(&p.Remigrate, f.Remigrate)
}

// registrationConsent is the consent to registration that may come with a
// new person.
type registrationConsent struct {
	Method  string  `json:"method"`
	GivenOn *string `json:"given_on"`
}

type newPerson struct {
	personFields
	Consent *registrationConsent `json:"consent"`
}

// checkPerson validates p as the store will (on a copy: validation tidies
// the fields), adding the problems to v.
func checkPerson(v *app.Validation, p registry.Person) error {
	p.Phones = slices.Clone(p.Phones)
	return addFields(v, p.Validate(dhakaToday()), "")
}

func (s *server) createPerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newPerson
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	// Everything is checked before anything is written: a person with a
	// bad consent is refused whole, so no person is left without it.
	var v app.Validation
	var p registry.Person
	in.apply(&v, &p)
	if err := checkPerson(&v, p); err != nil {
		return err
	}
	var c *registry.Consent
	if in.Consent != nil {
		c = &registry.Consent{Purpose: registry.PurposeRegistration, Method: in.Consent.Method}
		if d := parseDate(&v, "consent.given_on", in.Consent.GivenOn); d != nil {
			c.GivenOn = *d
		}
		check := *c
		if err := addFields(&v, check.Validate(dhakaToday()), "consent."); err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	var err error
	if c != nil {
		// One transaction: a person is never left without the consent sent with them.
		p, _, err = s.db.RegisterWithConsent(r.Context(), pr.Actor, p, *c)
	} else {
		p, err = s.db.CreatePerson(r.Context(), pr.Actor, p)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/people/"+p.ID)
	httpx.WriteJSON(w, http.StatusCreated, personView(p))
	return nil
}

// visiblePerson returns the person named in the path if the caller may see
// them (the read is audited). Every route below /people/{id} starts here,
// so a person outside the caller's scope is 404 whatever the route.
func (s *server) visiblePerson(r *http.Request, pr *auth.Principal) (registry.Person, error) {
	return visibleRecord(r, pr, "person", s.db.PersonByID)
}

// personInPath returns the ID of the person named in the path, once the
// caller may see them (the read is audited).
func (s *server) personInPath(r *http.Request, pr *auth.Principal) (string, error) {
	p, err := s.visiblePerson(r, pr)
	return p.ID, err
}

// caseInPath returns the ID of the case named in the path, for a caller
// who may read cases; the store scopes what is read below it.
func caseInPath(r *http.Request, pr *auth.Principal) (string, error) { return caseID(r, pr, false) }

// listOwned answers the records that load returns for the person or case
// named in the path (owner), each shown by view.
func listOwned[T, V any](w http.ResponseWriter, r *http.Request, pr *auth.Principal,
	owner func(*http.Request, *auth.Principal) (string, error),
	load func(context.Context, app.Actor, string) ([]T, error), view func(T) V) error {
	id, err := owner(r, pr)
	if err != nil {
		return err
	}
	items, err := load(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(items, view)))
	return nil
}

// visibleRecord loads the returnee record named by the path's {id} for a
// caller whose role reads returnees' records; the store scopes (and
// audits) the read.
func visibleRecord[T any](r *http.Request, pr *auth.Principal, what string, load func(context.Context, app.Actor, string) (T, error)) (T, error) {
	var zero T
	if err := readsReturnees(pr); err != nil {
		return zero, err
	}
	id, err := pathID(r, "id", what)
	if err != nil {
		return zero, err
	}
	return load(r.Context(), pr.Actor, id)
}

func (s *server) getPerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	p, err := s.visiblePerson(r, pr)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, personView(p))
	return nil
}

type personPatch struct {
	personFields
	Version *int `json:"version"`
}

// needVersion refuses a change that does not say which version it read.
func needVersion(version *int) error {
	if version == nil || *version < 1 {
		var v app.Validation
		v.Add("version", "send the version you last read, so that no one else's change is overwritten")
		return v.Err()
	}
	return nil
}

func (s *server) updatePerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in personPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	p, err := s.visiblePerson(r, pr)
	if err != nil {
		return err
	}
	var v app.Validation
	in.apply(&v, &p)
	if err := checkPerson(&v, p); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	p.Version = *in.Version
	if p, err = s.db.UpdatePerson(r.Context(), pr.Actor, p); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, personView(p))
	return nil
}

const maxQueryText = 200

// listQuery reads the filters the people and case lists share.
func listQuery(v *app.Validation, r *http.Request) (text, district, destination string, year, limit, offset int) {
	q := r.URL.Query()
	text = strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > maxQueryText {
		v.Add("q", "keep the search under 200 characters")
	}
	district = strings.ToUpper(strings.TrimSpace(q.Get("district")))
	if u, ok := refdata.Admin(district); district != "" && (!ok || u.Level != refdata.District) {
		v.Add("district", "this P-code is not a known place at this level: choose from the list")
	}
	destination = strings.ToUpper(strings.TrimSpace(q.Get("destination")))
	if destination != "" && !refdata.ValidCountry(destination) {
		v.Add("destination", "choose the country of work from the list")
	}
	if n, ok := queryInt(r, "return_year", 1950, 2100); ok {
		year = int(n)
	} else {
		v.Add("return_year", "use a year such as 2023")
	}
	limit = defaultPage
	if n, ok := queryInt(r, "limit", 1, maxPage); !ok {
		v.Add("limit", "use a whole number from 1 to 200")
	} else if n > 0 {
		limit = int(n)
	}
	if n, ok := queryInt(r, "offset", 0, 1<<31-1); ok {
		offset = int(n)
	} else {
		v.Add("offset", "use a whole number, 0 or more")
	}
	return
}

const (
	defaultPage = 50
	maxPage     = 200 // the store's ceiling
)

func (s *server) listPeople(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	var v app.Validation
	text, district, destination, year, limit, offset := listQuery(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	q := r.URL.Query()
	query := store.PersonQuery{Text: text, OrgID: q.Get("org_id"), Sex: q.Get("sex"), District: district, ReturnYear: year,
		Destination: destination, Offset: offset}
	// One row more than asked says whether another page follows; at the
	// store's ceiling, a second look past the page does.
	query.Limit = min(limit+1, maxPage)
	rows, err := s.db.SearchPersons(r.Context(), pr.Actor, query)
	if err != nil {
		return err
	}
	more := len(rows) > limit
	if len(rows) == limit && limit == maxPage {
		query.Limit, query.Offset = 1, offset+limit
		next, err := s.db.SearchPersons(r.Context(), pr.Actor, query)
		if err != nil {
			return err
		}
		more = len(next) > 0
	}
	page := pageOf[personRowJSON]{Items: views(rows[:min(len(rows), limit)], func(row store.PersonRow) personRowJSON {
		return personRowJSON{personJSON: personView(row.Person), OrgCode: row.OrgCode}
	})}
	if more {
		page.NextOffset = offset + limit
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

// Consents.

func (s *server) listConsents(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, s.personInPath, s.db.ListConsents, consentView)
}

type newConsent struct {
	Purpose       string  `json:"purpose"`
	SharedWithOrg string  `json:"shared_with_org"`
	Method        string  `json:"method"`
	GivenOn       *string `json:"given_on"`
}

func (s *server) addConsent(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newConsent
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	personID, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	var v app.Validation
	c := registry.Consent{PersonID: personID, Purpose: in.Purpose, SharedWithOrg: in.SharedWithOrg, Method: in.Method}
	if d := parseDate(&v, "given_on", in.GivenOn); d != nil {
		c.GivenOn = *d
	}
	check := c
	if err := addFields(&v, check.Validate(dhakaToday()), ""); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if c, err = s.db.AddConsent(r.Context(), pr.Actor, c); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/people/"+personID+"/consents")
	httpx.WriteJSON(w, http.StatusCreated, consentView(c))
	return nil
}

type consentWithdrawal struct {
	Note string `json:"note"`
}

func (s *server) withdrawConsent(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in consentWithdrawal
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	p, err := s.visiblePerson(r, pr)
	if err != nil {
		return err
	}
	consentID, err := pathID(r, "consent_id", "consent")
	if err != nil {
		return err
	}
	// The store withdraws by the consent's ID alone: check that it is this
	// person's, and still stands.
	find := func() (registry.Consent, error) {
		list, err := s.db.ListConsents(r.Context(), pr.Actor, p.ID)
		if err != nil {
			return registry.Consent{}, err
		}
		for _, c := range list {
			if c.ID == consentID {
				return c, nil
			}
		}
		return registry.Consent{}, app.NotFound("consent")
	}
	c, err := find()
	if err != nil {
		return err
	}
	if !c.Active() {
		return app.Errorf(app.ECONFLICT, "this consent was already withdrawn")
	}
	if err := s.db.WithdrawConsent(r.Context(), pr.Actor, c.ID, in.Note); err != nil {
		return err
	}
	if c, err = find(); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, consentView(c))
	return nil
}

// Migration history.

func (s *server) listEpisodes(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, s.personInPath, s.db.ListEpisodes, episodeView)
}

type newEpisode struct {
	Destination         string   `json:"destination"`
	OccupationISCO      string   `json:"occupation_isco"`
	SkillCategory       string   `json:"skill_category"`
	DepartureDate       *string  `json:"departure_date"`
	ReturnDate          *string  `json:"return_date"`
	Channel             string   `json:"channel"`
	CostMinor           *int64   `json:"cost_minor"`
	CostCurrency        string   `json:"cost_currency"`
	Financing           []string `json:"financing"`
	ReturnType          string   `json:"return_type"`
	UnpaidWagesMinor    *int64   `json:"unpaid_wages_minor"`
	UnpaidWagesCurrency string   `json:"unpaid_wages_currency"`
	Documents           []string `json:"documents"`
}

func (s *server) addEpisode(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newEpisode
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	personID, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	var v app.Validation
	e := registry.Episode{PersonID: personID, Destination: strings.ToUpper(strings.TrimSpace(in.Destination)),
		OccupationISCO: strings.TrimSpace(in.OccupationISCO), SkillCategory: in.SkillCategory, Channel: in.Channel,
		CostMinor: in.CostMinor, CostCurrency: strings.ToUpper(in.CostCurrency), Financing: in.Financing, ReturnType: in.ReturnType,
		UnpaidWagesMinor: in.UnpaidWagesMinor, UnpaidWagesCurrency: strings.ToUpper(in.UnpaidWagesCurrency), Documents: in.Documents}
	e.DepartureDate = parseDate(&v, "departure_date", in.DepartureDate)
	e.ReturnDate = parseDate(&v, "return_date", in.ReturnDate)
	check := e
	if err := addFields(&v, check.Validate(dhakaToday()), ""); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if e, err = s.db.AddEpisode(r.Context(), pr.Actor, e); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/people/"+personID+"/episodes")
	httpx.WriteJSON(w, http.StatusCreated, episodeView(e))
	return nil
}

// Skills.

func (s *server) listSkills(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, s.personInPath, s.db.ListSkills, skillView)
}

type newSkill struct {
	ISCO        string `json:"isco"`
	Years       *int   `json:"years"`
	Certificate string `json:"certificate"`
	Issuer      string `json:"issuer"`
}

func (s *server) addSkill(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newSkill
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	personID, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	sk, err := s.db.AddSkill(r.Context(), pr.Actor, registry.Skill{PersonID: personID, ISCO: strings.TrimSpace(in.ISCO), Years: in.Years,
		Certificate: strings.TrimSpace(in.Certificate), Issuer: strings.TrimSpace(in.Issuer)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/people/"+personID+"/skills")
	httpx.WriteJSON(w, http.StatusCreated, skillView(sk))
	return nil
}

func (s *server) removeSkill(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := writesReturnees(pr); err != nil {
		return err
	}
	personID, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	skillID, err := pathID(r, "skill_id", "skill")
	if err != nil {
		return err
	}
	if err := s.db.RemoveSkill(r.Context(), pr.Actor, personID, skillID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Households.

type newHousehold struct {
	IncomeSources []string `json:"income_sources"`
	Notes         string   `json:"notes"`
}

func (s *server) createHousehold(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newHousehold
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	personID, err := pathID(r, "id", "person")
	if err != nil {
		return err
	}
	h, err := s.db.CreateHousehold(r.Context(), pr.Actor, personID, registry.Household{IncomeSources: in.IncomeSources, Notes: in.Notes})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/households/"+h.ID)
	httpx.WriteJSON(w, http.StatusCreated, householdView(h))
	return nil
}

func (s *server) visibleHousehold(r *http.Request, pr *auth.Principal) (registry.Household, error) {
	return visibleRecord(r, pr, "household", s.db.HouseholdByID)
}

func (s *server) getHousehold(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	h, err := s.visibleHousehold(r, pr)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, householdView(h))
	return nil
}

type householdPatch struct {
	IncomeSources *[]string `json:"income_sources"`
	Notes         *string   `json:"notes"`
	Version       *int      `json:"version"`
}

func (s *server) updateHousehold(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in householdPatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	h, err := s.visibleHousehold(r, pr)
	if err != nil {
		return err
	}
	if in.IncomeSources != nil {
		h.IncomeSources = *in.IncomeSources
	}
	if in.Notes != nil {
		h.Notes = *in.Notes
	}
	h.Version = *in.Version
	if h, err = s.db.UpdateHousehold(r.Context(), pr.Actor, h); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, householdView(h))
	return nil
}

type newMember struct {
	PersonID     string `json:"person_id"`
	Name         string `json:"name"`
	Relationship string `json:"relationship"`
	Sex          string `json:"sex"`
	Age          *int   `json:"age"`
	Dependant    bool   `json:"dependant"`
	InSchool     *bool  `json:"in_school"`
}

func (s *server) addMember(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newMember
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	householdID, err := pathID(r, "id", "household")
	if err != nil {
		return err
	}
	m, err := s.db.AddMember(r.Context(), pr.Actor, householdID, registry.Member{PersonID: strings.TrimSpace(in.PersonID), Name: in.Name,
		Relationship: in.Relationship, Sex: in.Sex, Age: in.Age, Dependant: in.Dependant, InSchool: in.InSchool})
	if notFoundOf(err, "person") {
		// The household was found; the person the body names was not.
		return app.FieldError("person_id", "no such person in your organisation: leave it empty for a member who is not registered")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/households/"+householdID)
	httpx.WriteJSON(w, http.StatusCreated, memberView(m))
	return nil
}

func (s *server) removeMember(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := writesReturnees(pr); err != nil {
		return err
	}
	householdID, err := pathID(r, "id", "household")
	if err != nil {
		return err
	}
	memberID, err := pathID(r, "member_id", "household member")
	if err != nil {
		return err
	}
	if err := s.db.RemoveMember(r.Context(), pr.Actor, householdID, memberID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
