package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// registerCases adds this area's pages to mux.
func (ui *UI) registerCases(mux *http.ServeMux) {
	mux.HandleFunc("GET /cases", ui.caseList)
	mux.HandleFunc("GET /cases/new", ui.caseNewForm)
	mux.HandleFunc("POST /cases", ui.caseCreate)
	mux.HandleFunc("GET /cases/{id}", ui.caseShow)
	mux.HandleFunc("POST /cases/{id}/move", ui.caseMove)
	mux.HandleFunc("POST /cases/{id}/reopen", ui.caseReopen)
	mux.HandleFunc("POST /cases/{id}/assign", ui.caseAssign)
	mux.HandleFunc("POST /cases/{id}/notes", ui.caseAddNote)
	mux.HandleFunc("POST /cases/{id}/tasks", ui.caseAddTask)
	mux.HandleFunc("POST /cases/{id}/tasks/{tid}/done", ui.caseTaskDone)
	mux.HandleFunc("POST /cases/{id}/screenings", ui.caseScreen)
}

// caseReader returns the signed-in principal when their role reads
// returnees' cases, and answers the request otherwise.
func (ui *UI) caseReader(w http.ResponseWriter, r *http.Request) *auth.Principal {
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

// caseWriter is caseReader for roles that work on cases: organisation
// managers and case workers. Which cases they may change (their own
// organisation's) is the store's rule.
func (ui *UI) caseWriter(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !pr.Actor.WritesCases() {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// caseToday is the date in Dhaka, as the store counts days.
func caseToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// caseParseDate reads a date typed or picked as YYYY-MM-DD (Bengali digits
// allowed). ok is false when s holds something else.
func caseParseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(i18n.ASCIIDigits(s))
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.Parse("2006-01-02", s)
	return d, err == nil
}

// caseWorkerGroup is an organisation's case workers and managers, for the
// "assigned to" choices.
type caseWorkerGroup struct {
	OrgCode string
	Users   []store.User
}

// caseWorkers lists the active case workers and managers a may see,
// grouped by organisation (one group for everyone but programme managers).
// With disabled, former staff are listed too, since old cases may still
// be assigned to them.
func (ui *UI) caseWorkers(r *http.Request, a app.Actor, orgID string, disabled bool) ([]caseWorkerGroup, error) {
	users, err := ui.DB.ListUsers(r.Context(), a, store.UserFilter{OrgID: orgID, IncludeDisabled: disabled})
	if err != nil {
		return nil, err
	}
	var out []caseWorkerGroup
	for _, u := range users {
		if u.Role != app.RoleCaseWorker && u.Role != app.RoleOrgManager {
			continue
		}
		if len(out) == 0 || out[len(out)-1].OrgCode != u.OrgCode {
			out = append(out, caseWorkerGroup{OrgCode: u.OrgCode})
		}
		out[len(out)-1].Users = append(out[len(out)-1].Users, u)
	}
	return out, nil
}

// caseUserName is how a user is named on case pages.
func caseUserName(u store.User) string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Username
}

// ---- the case list ----

// casePageSize is how many cases a page of the list shows.
const casePageSize = 25

// caseFilterKeys are the list's query parameters, in the order links keep them.
var caseFilterKeys = []string{"q", "org", "status", "sex", "district", "return_year", "destination", "assigned", "priority", "sort"}

type caseListData struct {
	Rows          []store.CaseRow
	Orgs          []store.Organisation // for roles that see several organisations
	Statuses      []string
	Sexes         []string
	Priorities    []string
	Sorts         []string
	Districts     []refdata.Unit
	Destinations  []refdata.CountryInfo
	Workers       []caseWorkerGroup
	GroupWorkers  bool // programme managers see workers grouped by organisation
	ShowOrg       bool
	PageNum       int
	Prev, Next    string
	MyCases       string // the "my cases" link, for people who take cases
	Mine          bool   // this list is my cases
	CanOpen       bool
	Filtered      bool
	DefaultStatus bool
}

func (ui *UI) caseList(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	a := pr.Actor
	p := ui.newPage(w, r, "cases.heading")
	q := r.URL.Query()
	for _, k := range caseFilterKeys {
		p.Form.Set(k, strings.TrimSpace(q.Get(k)))
	}
	if !q.Has("status") {
		p.Form.Set("status", "open")
	}
	d := caseListData{Statuses: casework.Statuses, Sexes: registry.Sexes, Priorities: casework.Priorities, Sorts: store.CaseSorts,
		ShowOrg: a.AllOrgs(), GroupWorkers: a.AllOrgs(), CanOpen: a.WritesCases()}
	cq := store.CaseQuery{Text: p.Val("q"), Status: p.Val("status"), Sex: p.Val("sex"), District: p.Val("district"),
		Destination: p.Val("destination"), AssignedTo: p.Val("assigned"), Priority: p.Val("priority"), Sort: p.Val("sort"), Limit: casePageSize}
	if cq.Status == "all" {
		cq.Status = ""
	}
	if a.AllOrgs() {
		cq.OrgID = p.Val("org")
	}
	if s := i18n.ASCIIDigits(p.Val("return_year")); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1950 || y > 2100 {
			p.Errors["return_year"] = p.T("cases.error.year")
		} else {
			cq.ReturnYear = y
		}
	}
	d.PageNum = 1
	if n, err := strconv.Atoi(i18n.ASCIIDigits(q.Get("page"))); err == nil && n > 1 && n < 100000 {
		d.PageNum = n
	}
	cq.Offset = (d.PageNum - 1) * casePageSize
	rows, more, err := ui.DB.ListCases(r.Context(), ui.actor(r, pr), cq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Rows = rows
	if d.ShowOrg {
		if d.Orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	orgFilter := ""
	if !a.AllOrgs() {
		orgFilter = a.OrgID
	}
	if d.Workers, err = ui.caseWorkers(r, a, orgFilter, true); err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d.Districts = refdata.Units(refdata.District)
	slices.SortFunc(d.Districts, func(x, y refdata.Unit) int { return cmp.Compare(x.Name(p.Lang), y.Name(p.Lang)) })
	d.Destinations = caseDestinations(p.Lang, p.Val("destination"))

	link := func(page int) string {
		v := url.Values{}
		for _, k := range caseFilterKeys {
			if s := p.Val(k); s != "" {
				v.Set(k, s)
			}
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return "/cases"
		}
		return "/cases?" + v.Encode()
	}
	if d.PageNum > 1 {
		d.Prev = link(d.PageNum - 1)
	}
	if more {
		d.Next = link(d.PageNum + 1)
	}
	if a.WritesCases() {
		d.MyCases = "/cases?assigned=" + url.QueryEscape(a.UserID)
		d.Mine = p.Val("assigned") == a.UserID
	}
	for _, k := range caseFilterKeys {
		if k != "status" && k != "sort" && p.Val(k) != "" {
			d.Filtered = true
		}
	}
	if p.Val("status") != "open" {
		d.Filtered = true
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "cases_list", p)
}

// caseDestinations lists the usual destinations of Bangladeshi workers by
// name, with the current choice added when it is another country.
func caseDestinations(lang, current string) []refdata.CountryInfo {
	var out []refdata.CountryInfo
	seen := map[string]bool{}
	for _, w := range refdata.DestinationWeights() {
		if c, ok := refdata.Country(w.Country); ok && !seen[c.Code] {
			seen[c.Code] = true
			out = append(out, c)
		}
	}
	if c, ok := refdata.Country(current); ok && !seen[c.Code] {
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y refdata.CountryInfo) int { return cmp.Compare(x.Name(lang), y.Name(lang)) })
	return out
}
