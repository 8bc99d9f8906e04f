package web

import (
	"net/http"
	"net/url"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/store"
)

// The home page: for every role what they can do, and the work and
// figures their role may see. A case worker sees their worklist (cases,
// visits, referrals waiting, plans returned); an organisation manager the
// plans to approve, the budget and the organisation's overdue work; a
// programme manager and a viewer the budget and the counts of every
// organisation, never a name.

// homeListLimit is how many lines each list of the home page shows; the
// rest are a link away.
const homeListLimit = 10

// homeData is the home page for every role.
type homeData struct {
	Role        app.Role
	Org         store.Organisation
	Counts      []store.OrgUserCount
	Roles       []app.Role
	Engine      store.Dialect
	Schema      int
	ActiveUsers int
	// ShowPeople shows the users by organisation and role (not to case
	// workers, whose page is their worklist).
	ShowPeople bool
	Worker     *homeWorker
	Manager    *homeManager
	Overview   *homeOverview
}

// homeWorker is a case worker's worklist.
type homeWorker struct {
	MyCases string // the list of my open cases
	// Statuses counts my open cases by status, each linking to the list.
	Statuses []homeCount
	Figures  store.WorklistFigures
	Flagged  []store.WorklistCase
	Visits   []store.VisitRow // due within two weeks, overdue first
	More     map[string]bool  // lists cut at homeListLimit, by name
	Inbox    []store.ReferralInboxItem
	LateOut  []referral.Referral
	Returned []store.PlanRow
}

// homeCount is a figure with the list it stands for.
type homeCount struct {
	Key  string // what is counted (a case status)
	N    int
	Href string
}

// homeManager is an organisation manager's overview.
type homeManager struct {
	ToApprove []store.PlanRow
	More      bool // more plans wait than are listed
	Budget    []homeBudget
	Work      store.WorklistFigures
	Flagged   []store.WorklistCase
}

// homeBudget is a project's budget figures, by line or by organisation.
type homeBudget struct {
	Project store.Project
	Rows    []homeBudgetRow
	Total   programme.Figures
}

// homeBudgetRow is one line (for a manager) or one organisation's lines
// added up (across organisations).
type homeBudgetRow struct {
	Category string // the line's category; "" for an organisation's total
	OrgCode  string
	programme.Figures
}

// Percent is how much of the planned amount is committed, for the bar.
func (r homeBudgetRow) Percent() int64 {
	if r.Planned <= 0 {
		return 0
	}
	return r.Committed * 100 / r.Planned
}

// High is where the bar turns to a warning: nine tenths committed.
func (r homeBudgetRow) High() int64 { return r.Planned * 9 / 10 }

// homeOverview is the programme's figures, for programme managers and viewers.
type homeOverview struct {
	Budget []homeBudget
	Orgs   []store.WorklistFigures
	Total  store.WorklistFigures
	Links  bool // the figures link to the lists (not for viewers, who cannot open them)
}

func (ui *UI) home(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "home.title")
	ctx := r.Context()
	org, err := ui.DB.OrgByID(ctx, pr.User.OrgID)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	a := pr.Actor
	d := homeData{Role: a.Role, Org: org, Roles: app.Roles, Engine: ui.DB.Dialect(), ShowPeople: a.Role != app.RoleCaseWorker}
	d.Counts, err = ui.DB.UserCountsByOrg(ctx, a)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	for _, c := range d.Counts {
		d.ActiveUsers += c.Total
	}
	switch a.Role {
	case app.RoleAdmin:
		d.Schema, err = ui.DB.SchemaVersion(ctx)
	case app.RoleCaseWorker:
		d.Worker, err = ui.homeWorker(r, pr)
	case app.RoleOrgManager:
		d.Manager, err = ui.homeManager(r, pr)
	case app.RoleProgrammeManager, app.RoleViewer:
		d.Overview, err = ui.homeOverview(r, pr)
	}
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "home", p)
}

// homeCut cuts a list fetched with one line too many to homeListLimit,
// noting in more whether it was longer.
func homeCut[T any](list []T, more map[string]bool, name string) []T {
	if len(list) > homeListLimit {
		more[name] = true
		return list[:homeListLimit]
	}
	return list
}

func (ui *UI) homeWorker(r *http.Request, pr *auth.Principal) (*homeWorker, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	mine := store.WorklistScope{AssignedTo: a.UserID}
	h := &homeWorker{More: map[string]bool{}, MyCases: "/cases?" + url.Values{"assigned": {a.UserID}}.Encode()}
	figs, err := ui.DB.Worklist(ctx, a, mine)
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		h.Figures.Add(f)
	}
	for _, s := range casework.Statuses {
		if n := h.Figures.Cases[s]; n > 0 && s != casework.Closed {
			h.Statuses = append(h.Statuses, homeCount{Key: s, N: n,
				Href: "/cases?" + url.Values{"assigned": {a.UserID}, "status": {s}}.Encode()})
		}
	}
	flagged, err := ui.DB.WorklistFlagged(ctx, a, mine, homeListLimit+1)
	if err != nil {
		return nil, err
	}
	h.Flagged = homeCut(flagged, h.More, "flagged")
	visits, err := ui.DB.ListVisits(ctx, a, store.VisitQuery{AssignedTo: a.UserID, DueWithin: visitDueWithinDays, Limit: homeListLimit + 1})
	if err != nil {
		return nil, err
	}
	h.Visits = homeCut(visits, h.More, "visits")
	inbox, err := ui.DB.ReferralInbox(ctx, a, store.InboxQuery{Status: referral.Requested, Limit: homeListLimit + 1})
	if err != nil {
		return nil, err
	}
	h.Inbox = homeCut(inbox, h.More, "inbox")
	late, err := ui.DB.ListReferrals(ctx, a, store.ReferralQuery{Overdue: true, Limit: homeListLimit + 1})
	if err != nil {
		return nil, err
	}
	h.LateOut = homeCut(late, h.More, "late")
	returned, err := ui.DB.ListPlans(ctx, a, store.PlanQuery{Status: programme.PlanReturned, CreatedBy: a.UserID, Limit: homeListLimit + 1})
	if err != nil {
		return nil, err
	}
	h.Returned = homeCut(returned, h.More, "returned")
	return h, nil
}

func (ui *UI) homeManager(r *http.Request, pr *auth.Principal) (*homeManager, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	h := &homeManager{}
	plans, err := ui.DB.ListPlans(ctx, a, store.PlanQuery{Status: programme.PlanSubmitted, Limit: homeListLimit + 1})
	if err != nil {
		return nil, err
	}
	more := map[string]bool{}
	h.ToApprove, h.More = homeCut(plans, more, "plans"), more["plans"]
	figs, err := ui.DB.Worklist(ctx, a, store.WorklistScope{})
	if err != nil {
		return nil, err
	}
	for _, f := range figs {
		h.Work.Add(f)
	}
	if h.Flagged, err = ui.DB.WorklistFlagged(ctx, a, store.WorklistScope{}, homeListLimit); err != nil {
		return nil, err
	}
	h.Budget, err = ui.homeBudget(r, a, a.OrgID)
	return h, err
}

func (ui *UI) homeOverview(r *http.Request, pr *auth.Principal) (*homeOverview, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	h := &homeOverview{Links: a.SeesReturnees()}
	var err error
	if h.Orgs, err = ui.DB.Worklist(ctx, a, store.WorklistScope{}); err != nil {
		return nil, err
	}
	for _, f := range h.Orgs {
		h.Total.Add(f)
	}
	h.Budget, err = ui.homeBudget(r, a, "")
	return h, err
}

// homeBudget reads the budget figures of orgID (every organisation for
// ""), by project: each line of one organisation, or each organisation's
// lines added up.
func (ui *UI) homeBudget(r *http.Request, a app.Actor, orgID string) ([]homeBudget, error) {
	figs, err := ui.DB.BudgetFigures(r.Context(), a, store.BudgetQuery{OrgID: orgID})
	if err != nil {
		return nil, err
	}
	projects, err := ui.DB.ListProjects(r.Context())
	if err != nil {
		return nil, err
	}
	byID := map[string]store.Project{}
	for _, pj := range projects {
		byID[pj.ID] = pj
	}
	var out []homeBudget
	var lines []programme.Figures // of the project being read
	flush := func() {
		b := &out[len(out)-1]
		b.Total = programme.Sum(lines)
		b.Total.Currency = programme.AccountingCurrency
		lines = nil
	}
	for _, f := range figs {
		if len(out) == 0 || out[len(out)-1].Project.ID != f.ProjectID {
			if len(out) > 0 {
				flush()
			}
			pj, ok := byID[f.ProjectID]
			if !ok {
				pj = store.Project{ID: f.ProjectID}
			}
			out = append(out, homeBudget{Project: pj})
		}
		b := &out[len(out)-1]
		lines = append(lines, f)
		switch {
		case orgID != "":
			b.Rows = append(b.Rows, homeBudgetRow{Category: f.Category, OrgCode: f.OrgCode, Figures: f})
		case len(b.Rows) > 0 && b.Rows[len(b.Rows)-1].OrgCode == f.OrgCode:
			row := &b.Rows[len(b.Rows)-1]
			row.Figures = programme.Sum([]programme.Figures{row.Figures, f})
			row.Currency = programme.AccountingCurrency
		default:
			b.Rows = append(b.Rows, homeBudgetRow{OrgCode: f.OrgCode, Figures: f})
		}
	}
	if len(out) > 0 {
		flush()
	}
	return out, nil
}

// HomeBudget is the budget the page shows: the organisation's, or every one's.
func (d homeData) HomeBudget() []homeBudget {
	switch {
	case d.Manager != nil:
		return d.Manager.Budget
	case d.Overview != nil:
		return d.Overview.Budget
	}
	return nil
}

// homeFlaggedData is what the "home_flagged" template needs.
type homeFlaggedData struct {
	Page *Page
	Rows []store.WorklistCase
	// Assignee names whom each case is assigned to (not on a case
	// worker's own list).
	Assignee bool
}

// HomeFlagged hands a list of flagged cases to its template.
func (p *Page) HomeFlagged(rows []store.WorklistCase, assignee bool) homeFlaggedData {
	return homeFlaggedData{Page: p, Rows: rows, Assignee: assignee}
}
