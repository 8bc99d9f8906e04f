package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// registerPeople adds this area's pages to mux.
func (ui *UI) registerPeople(mux *http.ServeMux) {
	mux.HandleFunc("GET /people", ui.people)
	mux.HandleFunc("GET /people/new", ui.newPersonForm)
	mux.HandleFunc("POST /people", ui.createPerson)
	mux.HandleFunc("GET /people/{id}", ui.personPage)
	mux.HandleFunc("GET /people/{id}/edit", ui.editPersonForm)
	mux.HandleFunc("POST /people/{id}", ui.updatePerson)
	mux.HandleFunc("POST /people/{id}/consents", ui.addPersonConsent)
	mux.HandleFunc("POST /people/{id}/consents/{cid}/withdraw", ui.withdrawPersonConsent)
	mux.HandleFunc("POST /people/{id}/episodes", ui.addPersonEpisode)
	mux.HandleFunc("POST /people/{id}/skills", ui.addPersonSkill)
	mux.HandleFunc("POST /people/{id}/skills/{sid}/remove", ui.removePersonSkill)
	mux.HandleFunc("POST /people/{id}/household", ui.createPersonHousehold)
	mux.HandleFunc("POST /people/{id}/household/members", ui.addPersonMember)
	mux.HandleFunc("POST /people/{id}/household/members/{mid}/remove", ui.removePersonMember)
	mux.HandleFunc("POST /people/{id}/household/update", ui.updatePersonHousehold)
}

// peopleReader returns the signed-in principal when their role sees
// returnees' records, and refuses everyone else (viewers, enumerators,
// administrators) with the forbidden page.
func (ui *UI) peopleReader(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !pr.Actor.SeesReturnees() {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// peopleWriter is peopleReader for changes: only roles that work on cases
// (case workers and organisation managers) register and change people.
func (ui *UI) peopleWriter(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.peopleReader(w, r)
	if pr == nil {
		return nil
	}
	if !pr.Actor.WritesCases() {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// peoplePageSize is how many people a page of search results shows.
const peoplePageSize = 25

// peopleFilterNames are the query parameters of the search, shared with
// the export (/people/export) so that it exports what the list shows.
var peopleFilterNames = []string{"q", "org", "sex", "district", "return_year", "destination"}

type peopleListData struct {
	Filters              []personField
	Rows                 []personListRow
	ShowOrg, CanWrite    bool
	First, Last          int
	Prev, Next           string
	ExportCSV, ExportXLS string
	Filtered             bool
}

// personListRow is a line of the search results.
type personListRow struct {
	ID, Name, OtherName, OtherLang string
	Sex, District, OrgCode         string
	Age                            int
	AgeEstimated                   bool
	Phones                         []string
}

// people is the search page: one box for a name, phone or ID number,
// filters, and a page of results.
func (ui *UI) people(w http.ResponseWriter, r *http.Request) {
	pr := ui.peopleReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "people.title")
	q := r.URL.Query()
	filters := url.Values{}
	for _, k := range peopleFilterNames {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			filters.Set(k, v)
		}
	}
	if !pr.Actor.AllOrgs() {
		filters.Del("org")
	}
	errs := map[string]string{}
	pq := store.PersonQuery{Text: filters.Get("q"), OrgID: filters.Get("org"), Sex: filters.Get("sex"), District: filters.Get("district"),
		Destination: filters.Get("destination"), Limit: peoplePageSize + 1}
	if y := filters.Get("return_year"); y != "" {
		n, ok := personInt(y)
		if !ok || *n < 1950 || *n > personToday().Year() {
			errs["return_year"] = p.T("people.err.year")
		} else {
			pq.ReturnYear = *n
		}
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(0, offset)
	pq.Offset = offset

	d := peopleListData{ShowOrg: pr.Actor.AllOrgs(), CanWrite: pr.Actor.WritesCases(), Filtered: len(filters) > 0}
	var orgs []store.Organisation
	if pr.Actor.AllOrgs() {
		var err error
		if orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	d.Filters = peopleFilterFields(p, filters, errs, orgs)
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		p.Error = p.T("people.fix_fields")
	} else {
		rows, err := ui.DB.SearchPersons(r.Context(), pr.Actor, pq)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		more := len(rows) > peoplePageSize
		if more {
			rows = rows[:peoplePageSize]
		}
		today := personToday()
		for _, row := range rows {
			d.Rows = append(d.Rows, personListRowOf(p, row.Person, row.OrgCode, today))
		}
		page := func(off int) string {
			v := url.Values{}
			for k, vals := range filters {
				v[k] = vals
			}
			if off > 0 {
				v.Set("offset", strconv.Itoa(off))
			}
			if len(v) == 0 {
				return "/people"
			}
			return "/people?" + v.Encode()
		}
		if offset > 0 {
			d.Prev = page(max(0, offset-peoplePageSize))
		}
		if more {
			d.Next = page(offset + peoplePageSize)
		}
		if len(d.Rows) > 0 {
			d.First, d.Last = offset+1, offset+len(d.Rows)
		}
	}
	export := func(format string) string {
		v := url.Values{}
		for k, vals := range filters {
			v[k] = vals
		}
		v.Set("format", format)
		return "/people/export?" + v.Encode()
	}
	d.ExportCSV, d.ExportXLS = export("csv"), export("xlsx")
	p.Data = d
	ui.render(w, r, status, "people_list", p)
}

// personListRowOf prepares a person for the results table.
func personListRowOf(p *Page, x registry.Person, orgCode string, today time.Time) personListRow {
	row := personListRow{ID: x.ID, Name: x.DisplayName(p.Lang), Sex: p.Label("sex", x.Sex), District: p.Place(x.District),
		OrgCode: orgCode, Age: x.Age(today), AgeEstimated: x.BirthEstimated, Phones: x.Phones}
	row.OtherName, row.OtherLang = personOtherName(p.Lang, x)
	return row
}

// personOtherName is the name in the script not shown first, and its language.
func personOtherName(lang string, x registry.Person) (string, string) {
	shown := x.DisplayName(lang)
	switch {
	case x.NameBn != "" && x.NameBn != shown:
		return x.NameBn, "bn"
	case x.NameLatin != "" && x.NameLatin != shown:
		return x.NameLatin, "en"
	}
	return "", ""
}

// peopleFilterFields are the search box and filters.
func peopleFilterFields(p *Page, vals url.Values, errs map[string]string, orgs []store.Organisation) []personField {
	b := personForm{p: p, prefix: "f-", vals: vals, errs: errs}
	q := b.text("q", "people.search_label")
	q.Kind = "search"
	q.Hint = p.T("people.search_hint")
	out := []personField{q}
	if len(orgs) > 0 {
		org := b.field("select", "org", "people.org")
		org.Options = []personOption{{Value: "", Label: p.T("people.all_orgs")}}
		for _, o := range orgs {
			org.Options = append(org.Options, personOption{Value: o.ID, Label: o.Code, Selected: o.ID == org.Value})
		}
		out = append(out, org)
	}
	out = append(out,
		b.list("sex", "people.sex", "people.any", "sex", registry.Sexes),
		b.grouped("district", "people.district", "people.any", peopleDistrictGroups(p)),
		b.number("return_year", "people.return_year"),
		b.grouped("destination", "people.destination", "people.any", peopleCountryGroups(p)),
	)
	return out
}
