package api

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// How the register and the cases look in the API. The views are written
// out rather than taken from the domain types, so that the API is a
// contract of its own: dates are "YYYY-MM-DD", optional values are absent
// when not recorded, lists are never null.

// apiDate is a calendar date, written as "YYYY-MM-DD". Dates are stored as
// midnight UTC, so the UTC date is the date.
type apiDate time.Time

func (d apiDate) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(d).UTC().Format(time.DateOnly) + `"`), nil
}

func datePtr(t *time.Time) *apiDate {
	if t == nil {
		return nil
	}
	d := apiDate(*t)
	return &d
}

// strs returns list, or an empty list for nil, so lists are written as [].
func strs(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// dhakaToday is the date in Bangladesh as midnight UTC, the way the store
// keeps dates and judges "in the future".
func dhakaToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// parseDate reads a date field of a request body: "YYYY-MM-DD" (Bengali
// digits accepted). Absent or "" is no date. A bad value is recorded
// against field.
func parseDate(v *app.Validation, field string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	text := i18n.ASCIIDigits(strings.TrimSpace(*s))
	if text == "" {
		return nil
	}
	d, err := time.Parse(time.DateOnly, text)
	if err != nil {
		v.Add(field, "use a date in the form YYYY-MM-DD, e.g. 2024-03-05")
		return nil
	}
	return &d
}

// addFields copies the per-field messages of a validation error into v,
// each field name prefixed (for objects inside the body) and renamed where
// the domain names a field differently from the API. It returns err when
// err is not a validation error (nothing to merge).
func addFields(v *app.Validation, err error, prefix string) error {
	if err == nil {
		return nil
	}
	if app.ErrorCode(err) != app.EINVALID || len(app.ErrorFields(err)) == 0 {
		return err
	}
	for f, msg := range app.ErrorFields(err) {
		// The Washington Group answers are the wg object's members.
		if d, ok := strings.CutPrefix(f, "wg_"); ok {
			f = "wg." + d
		}
		v.Add(prefix+f, msg)
	}
	return nil
}

// notFoundOf reports whether err is "<what> not found".
func notFoundOf(err error, what string) bool {
	var e *app.Error
	return errors.As(err, &e) && e.Code == app.ENOTFOUND && len(e.Args) == 1 && e.Args[0] == what
}

// checkNUL refuses NUL characters in any string of a decoded body,
// including those inside objects and lists that decode does not look into,
// naming the field (PostgreSQL cannot store them).
func checkNUL(v any) error {
	var val app.Validation
	var walk func(rv reflect.Value, name string)
	walk = func(rv reflect.Value, name string) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !rv.IsNil() {
				walk(rv.Elem(), name)
			}
		case reflect.String:
			if !cleanText(rv.String()) {
				val.Add(name, "remove the NUL characters from this text")
			}
		case reflect.Slice:
			for i := range rv.Len() {
				walk(rv.Index(i), name)
			}
		case reflect.Map:
			for _, k := range rv.MapKeys() {
				if !cleanText(k.String()) {
					val.Add(name, "remove the NUL characters from this text")
				}
			}
		case reflect.Struct:
			rt := rv.Type()
			for i := range rt.NumField() {
				f := rt.Field(i)
				tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				child := name
				switch {
				case f.Anonymous:
				case tag == "" || tag == "-":
					continue
				case name == "":
					child = tag
				default:
					child = name + "." + tag
				}
				walk(rv.Field(i), child)
			}
		}
	}
	walk(reflect.ValueOf(v), "")
	return val.Err()
}

// decodeBody decodes a body (see decode) and refuses NUL characters at any depth.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	if err := decode(w, r, v); err != nil {
		return unembed(err)
	}
	return checkNUL(v)
}

// unembed drops the Go name of an embedded struct that encoding/json puts
// in the field of a type error ("personFields.sex" is the body's "sex").
func unembed(err error) error {
	var e *app.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make(map[string]string, len(e.Fields))
	for k, msg := range e.Fields {
		c.Fields[strings.TrimPrefix(k, "personFields.")] = msg
	}
	return &c
}

// Who may see and change the register. The store applies the same rules
// (and the organisation scope); the API refuses roles first, so that a
// role never given returnees' records hears 403 on every route whatever
// the ID, and a role that reads but does not write hears 403 before its
// fields are checked.

func readsReturnees(pr *auth.Principal) error {
	if !pr.Actor.SeesReturnees() {
		return app.Errorf(app.EFORBIDDEN, "your role does not give access to returnees' records")
	}
	return nil
}

func writesReturnees(pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	if !pr.Actor.WritesCases() {
		return app.Errorf(app.EFORBIDDEN, "your role can read returnees' records but not change them")
	}
	return nil
}

// Views.

type personJSON struct {
	ID             string         `json:"id"`
	OrgID          string         `json:"org_id"`
	HouseholdID    string         `json:"household_id,omitempty"`
	NameBn         string         `json:"name_bn"`
	NameLatin      string         `json:"name_latin"`
	Sex            string         `json:"sex"`
	BirthDate      *apiDate       `json:"birth_date,omitempty"`
	BirthEstimated bool           `json:"birth_estimated"`
	Ethnicity      string         `json:"ethnicity,omitempty"`
	Religion       string         `json:"religion,omitempty"`
	WG             map[string]int `json:"wg,omitempty"`
	Education      string         `json:"education,omitempty"`
	Phones         []string       `json:"phones"`
	NID            string         `json:"nid,omitempty"`
	Passport       string         `json:"passport,omitempty"`
	BMETReg        string         `json:"bmet_reg,omitempty"`
	Division       string         `json:"division,omitempty"`
	District       string         `json:"district,omitempty"`
	Upazila        string         `json:"upazila,omitempty"`
	Union          string         `json:"union,omitempty"`
	Village        string         `json:"village,omitempty"`
	Languages      []string       `json:"languages"`
	Remigrate      string         `json:"remigrate,omitempty"`
	CreatedBy      string         `json:"created_by,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Version        int            `json:"version"`
}

func personView(p registry.Person) personJSON {
	return personJSON{ID: p.ID, OrgID: p.OrgID, HouseholdID: p.HouseholdID, NameBn: p.NameBn, NameLatin: p.NameLatin, Sex: p.Sex,
		BirthDate: datePtr(p.BirthDate), BirthEstimated: p.BirthEstimated, Ethnicity: p.Ethnicity, Religion: p.Religion, WG: p.WG,
		Education: p.Education, Phones: strs(p.Phones), NID: p.NID, Passport: p.Passport, BMETReg: p.BMETReg, Division: p.Division,
		District: p.District, Upazila: p.Upazila, Union: p.Union, Village: p.Village, Languages: strs(p.Languages), Remigrate: p.Remigrate,
		CreatedBy: p.CreatedBy, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version}
}

type personRowJSON struct {
	personJSON
	OrgCode string `json:"org_code"`
}

type consentJSON struct {
	ID             string     `json:"id"`
	PersonID       string     `json:"person_id"`
	OrgID          string     `json:"org_id"`
	Purpose        string     `json:"purpose"`
	SharedWithOrg  string     `json:"shared_with_org,omitempty"`
	Method         string     `json:"method"`
	GivenOn        apiDate    `json:"given_on"`
	RecordedBy     string     `json:"recorded_by"`
	RecordedAt     time.Time  `json:"recorded_at"`
	Active         bool       `json:"active"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
	WithdrawalNote string     `json:"withdrawal_note,omitempty"`
}

func consentView(c registry.Consent) consentJSON {
	return consentJSON{ID: c.ID, PersonID: c.PersonID, OrgID: c.OrgID, Purpose: c.Purpose, SharedWithOrg: c.SharedWithOrg,
		Method: c.Method, GivenOn: apiDate(c.GivenOn), RecordedBy: c.RecordedBy, RecordedAt: c.RecordedAt, Active: c.Active(),
		WithdrawnAt: c.WithdrawnAt, WithdrawnBy: c.WithdrawnBy, WithdrawalNote: c.WithdrawalNote}
}

type episodeJSON struct {
	ID                  string    `json:"id"`
	PersonID            string    `json:"person_id"`
	OrgID               string    `json:"org_id"`
	Destination         string    `json:"destination"`
	OccupationISCO      string    `json:"occupation_isco,omitempty"`
	SkillCategory       string    `json:"skill_category,omitempty"`
	DepartureDate       *apiDate  `json:"departure_date,omitempty"`
	ReturnDate          *apiDate  `json:"return_date,omitempty"`
	Channel             string    `json:"channel,omitempty"`
	CostMinor           *int64    `json:"cost_minor,omitempty"`
	CostCurrency        string    `json:"cost_currency"`
	Financing           []string  `json:"financing"`
	ReturnType          string    `json:"return_type,omitempty"`
	UnpaidWagesMinor    *int64    `json:"unpaid_wages_minor,omitempty"`
	UnpaidWagesCurrency string    `json:"unpaid_wages_currency"`
	Documents           []string  `json:"documents"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	Version             int       `json:"version"`
}

func episodeView(e registry.Episode) episodeJSON {
	return episodeJSON{ID: e.ID, PersonID: e.PersonID, OrgID: e.OrgID, Destination: e.Destination, OccupationISCO: e.OccupationISCO,
		SkillCategory: e.SkillCategory, DepartureDate: datePtr(e.DepartureDate), ReturnDate: datePtr(e.ReturnDate), Channel: e.Channel,
		CostMinor: e.CostMinor, CostCurrency: e.CostCurrency, Financing: strs(e.Financing), ReturnType: e.ReturnType,
		UnpaidWagesMinor: e.UnpaidWagesMinor, UnpaidWagesCurrency: e.UnpaidWagesCurrency, Documents: strs(e.Documents),
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, Version: e.Version}
}

type skillJSON struct {
	ID          string    `json:"id"`
	PersonID    string    `json:"person_id"`
	ISCO        string    `json:"isco"`
	Years       *int      `json:"years,omitempty"`
	Certificate string    `json:"certificate,omitempty"`
	Issuer      string    `json:"issuer,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func skillView(s registry.Skill) skillJSON {
	return skillJSON{ID: s.ID, PersonID: s.PersonID, ISCO: s.ISCO, Years: s.Years, Certificate: s.Certificate, Issuer: s.Issuer,
		CreatedAt: s.CreatedAt}
}

type memberJSON struct {
	ID           string    `json:"id"`
	HouseholdID  string    `json:"household_id"`
	PersonID     string    `json:"person_id,omitempty"`
	Name         string    `json:"name"`
	Relationship string    `json:"relationship"`
	Sex          string    `json:"sex"`
	Age          *int      `json:"age,omitempty"`
	Dependant    bool      `json:"dependant"`
	InSchool     *bool     `json:"in_school,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

func memberView(m registry.Member) memberJSON {
	return memberJSON{ID: m.ID, HouseholdID: m.HouseholdID, PersonID: m.PersonID, Name: m.Name, Relationship: m.Relationship,
		Sex: m.Sex, Age: m.Age, Dependant: m.Dependant, InSchool: m.InSchool, CreatedAt: m.CreatedAt}
}

type householdJSON struct {
	ID              string       `json:"id"`
	OrgID           string       `json:"org_id"`
	ContactPersonID string       `json:"contact_person_id,omitempty"`
	IncomeSources   []string     `json:"income_sources"`
	Notes           string       `json:"notes,omitempty"`
	Members         []memberJSON `json:"members"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
	Version         int          `json:"version"`
}

func householdView(h registry.Household) householdJSON {
	out := householdJSON{ID: h.ID, OrgID: h.OrgID, ContactPersonID: h.ContactPersonID, IncomeSources: strs(h.IncomeSources),
		Notes: h.Notes, Members: []memberJSON{}, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt, Version: h.Version}
	for _, m := range h.Members {
		out.Members = append(out.Members, memberView(m))
	}
	return out
}

type projectJSON struct {
	ID           string    `json:"id"`
	Code         string    `json:"code"`
	Title        string    `json:"title"`
	PrimaID      string    `json:"prima_id,omitempty"`
	Type         string    `json:"project_type,omitempty"`
	StartDate    *apiDate  `json:"start_date,omitempty"`
	EndDate      *apiDate  `json:"end_date,omitempty"`
	Status       string    `json:"status"`
	BudgetMinor  int64     `json:"budget_minor"`
	Currency     string    `json:"currency"`
	Fund         string    `json:"fund,omitempty"`
	Region       string    `json:"region,omitempty"`
	Coverage     string    `json:"coverage,omitempty"`
	MemberStates string    `json:"member_states,omitempty"`
	PartnerIDs   []string  `json:"partner_ids"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version"`
}

func projectView(p store.Project) projectJSON {
	return projectJSON{ID: p.ID, Code: p.Code, Title: p.Title, PrimaID: p.PrimaID, Type: p.Type, StartDate: datePtr(p.StartDate),
		EndDate: datePtr(p.EndDate), Status: p.Status, BudgetMinor: p.BudgetMinor, Currency: p.Currency, Fund: p.Fund, Region: p.Region,
		Coverage: p.Coverage, MemberStates: p.MemberStates, PartnerIDs: strs(p.PartnerIDs), CreatedAt: p.CreatedAt,
		UpdatedAt: p.UpdatedAt, Version: p.Version}
}

// views maps a slice through a view function, never returning nil.
func views[T, V any](in []T, view func(T) V) []V {
	out := make([]V, 0, len(in))
	for _, x := range in {
		out = append(out, view(x))
	}
	return out
}

// pageOf is a page of a list that continues: next_offset is where the next
// page starts, absent on the last page.
type pageOf[T any] struct {
	Items      []T `json:"items"`
	NextOffset int `json:"next_offset,omitempty"`
}
