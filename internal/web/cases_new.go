package web

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// caseNewData is the page that opens a case for a person.
type caseNewData struct {
	Person    *registry.Person
	Projects  []store.Project
	Assignees []store.User
	// NoConsent: the person has not consented to registration, so no case
	// can be opened until it is recorded on their page.
	NoConsent bool
	// OpenCase is the person's case already open in the actor's organisation.
	OpenCase *store.CaseRow
	Today    string
}

// ShowForm reports whether the form can be used at all.
func (d caseNewData) ShowForm() bool {
	return d.Person != nil && !d.NoConsent && d.OpenCase == nil && len(d.Projects) > 0
}

// caseNewPage loads what the form needs for the person with personID.
// A person outside the actor's organisation is not found.
func (ui *UI) caseNewPage(r *http.Request, pr *auth.Principal, personID string) (caseNewData, error) {
	d := caseNewData{Today: caseToday().Format("2006-01-02")}
	if personID == "" {
		return d, nil
	}
	ctx, a := r.Context(), ui.actor(r, pr)
	person, err := ui.DB.PersonByID(ctx, a, personID)
	if err != nil {
		return d, err
	}
	if person.OrgID != a.OrgID {
		return d, app.NotFound("person")
	}
	d.Person = &person
	ok, err := ui.DB.HasConsent(ctx, person.ID, registry.PurposeRegistration, "")
	if err != nil {
		return d, err
	}
	d.NoConsent = !ok
	cases, err := ui.DB.CasesOfPerson(ctx, a, person.ID)
	if err != nil {
		return d, err
	}
	for i := range cases {
		if cases[i].OrgID == a.OrgID && cases[i].Status != casework.Closed {
			d.OpenCase = &cases[i]
			break
		}
	}
	if d.Projects, err = ui.DB.ProjectsOpenTo(ctx, a.OrgID); err != nil {
		return d, err
	}
	groups, err := ui.caseWorkers(r, a, a.OrgID, false)
	if err != nil {
		return d, err
	}
	for _, g := range groups {
		d.Assignees = append(d.Assignees, g.Users...)
	}
	return d, nil
}

func (ui *UI) caseNewForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	d, err := ui.caseNewPage(r, pr, r.URL.Query().Get("person"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "cases.new_heading")
	p.Form.Set("opened_on", d.Today)
	if pr.Actor.Role == app.RoleCaseWorker {
		p.Form.Set("assigned_to", pr.Actor.UserID)
	}
	if len(d.Projects) == 1 {
		p.Form.Set("project_id", d.Projects[0].ID)
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "case_new", p)
}

func (ui *UI) caseCreate(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	f := r.PostForm
	n := store.NewCase{PersonID: f.Get("person_id"), ProjectID: f.Get("project_id"), AssignedTo: f.Get("assigned_to")}
	var err error
	if opened, ok := caseParseDate(f.Get("opened_on")); ok {
		n.OpenedOn = opened
		var c casework.Case
		if c, err = ui.DB.OpenCase(r.Context(), ui.actor(r, pr), n); err == nil {
			ui.redirect(w, r, "/cases/"+c.ID, "cases.flash.opened")
			return
		}
	} else {
		err = app.FieldError("opened_on", "enter the date as year-month-day, e.g. 2025-03-15")
	}
	code := app.ErrorCode(err)
	if code != app.EINVALID && code != app.ECONFLICT && code != app.EFORBIDDEN {
		ui.fail(w, r, err)
		return
	}
	d, derr := ui.caseNewPage(r, pr, n.PersonID)
	if derr != nil {
		ui.fail(w, r, derr)
		return
	}
	if code == app.EFORBIDDEN && !d.NoConsent {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "cases.new_heading")
	for _, k := range []string{"project_id", "assigned_to", "opened_on"} {
		p.Form.Set(k, f.Get(k))
	}
	if !d.NoConsent && d.OpenCase == nil {
		p.Error = app.MessageIn(p.Lang, err)
		for k, v := range app.FieldsIn(p.Lang, err) {
			p.Errors[k] = v
		}
	}
	p.Data = d
	ui.render(w, r, httpx.Status(err), "case_new", p)
}
