package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/capacity"
	"github.com/remaker-bd/remaker/internal/store"
)

// Capacity-building events: the list, a page per event with who attended
// (by organisation and sex), the test scores and the follow-up actions,
// and the forms to add and change them.

type capacityListData struct {
	Base, Area string // the list's path and catalog prefix, for the shared filters
	Rows       []store.CapacityRow
	Lists      activityLists
	Kinds      []string
	Statuses   []string
	CanAdd     bool
	Pager      activityPager
}

func (ui *UI) capacityList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "capacity.heading")
	q := r.URL.Query()
	for _, k := range activityFilterKeys {
		p.Form.Set(k, strings.TrimSpace(q.Get(k)))
	}
	page := activityPage(q)
	rows, more, err := ui.DB.ListCapacityEvents(r.Context(), pr.Actor, store.CapacityQuery{ProjectID: p.Val("project"),
		OrgID: p.Val("org"), Kind: p.Val("kind"), Status: p.Val("status"), Limit: activityPageSize, Offset: (page - 1) * activityPageSize})
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	lists, err := ui.activityChoices(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = capacityListData{Base: "/capacity", Area: "capacity", Rows: rows, Lists: lists, Kinds: capacity.Kinds, Statuses: capacity.Statuses,
		CanAdd: activityCreates(pr.Actor), Pager: newActivityPager("/capacity", p, page, more)}
	ui.render(w, r, http.StatusOK, "capacity_list", p)
}

// ---- the form to add or change an event ----

type capacityFormData struct {
	Edit      bool
	ID        string
	Lists     activityLists
	Writable  []store.Organisation
	Kinds     []string
	Statuses  []string
	Districts []personOptGroup
}

func (ui *UI) capacityFormData(r *http.Request, p *Page, a app.Actor) (capacityFormData, error) {
	d := capacityFormData{Kinds: capacity.Kinds, Statuses: capacity.Statuses, Districts: peopleDistrictGroups(p)}
	var err error
	if d.Lists, err = ui.activityChoices(r); err != nil {
		return d, err
	}
	for _, o := range d.Lists.Orgs {
		if activityWrites(a, o.ID) {
			d.Writable = append(d.Writable, o)
		}
	}
	return d, nil
}

func (ui *UI) capacityNewForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "capacity.new")
	d, err := ui.capacityFormData(r, p, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if len(d.Lists.Projects) > 0 {
		p.Form.Set("project_id", d.Lists.Projects[0].ID)
	}
	p.Form.Set("org_id", pr.Actor.OrgID)
	p.Form.Set("status", capacity.Planned)
	p.Form.Set("starts_on", activityToday().Format("2006-01-02"))
	p.Data = d
	ui.render(w, r, http.StatusOK, "capacity_form", p)
}

func capacityParse(r *http.Request, v *app.Validation) capacity.Event {
	f := r.PostForm
	e := capacity.Event{ProjectID: f.Get("project_id"), OrgID: f.Get("org_id"), Topic: f.Get("topic"), Kind: f.Get("kind"),
		Status: f.Get("status"), Place: f.Get("place"), District: f.Get("district"), Facilitator: f.Get("facilitator"), Notes: f.Get("notes")}
	if d, ok := activityDate(f.Get("starts_on")); ok {
		e.StartsOn = d
	} else {
		v.Add("starts_on", activityBadDate)
	}
	if d, ok := activityDate(f.Get("ends_on")); !ok {
		v.Add("ends_on", activityBadDate)
	} else if !d.IsZero() {
		e.EndsOn = &d
	}
	return e
}

func (ui *UI) capacityCreate(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	var v app.Validation
	e := capacityParse(r, &v)
	err := v.Err()
	if err == nil {
		e, err = ui.DB.CreateCapacityEvent(r.Context(), ui.actor(r, pr), e)
	}
	if err != nil {
		ui.capacityFormFailed(w, r, pr, "capacity.new", false, err)
		return
	}
	ui.redirect(w, r, "/capacity/"+e.ID, "capacity.flash.created")
}

func (ui *UI) capacityFormFailed(w http.ResponseWriter, r *http.Request, pr *auth.Principal, title string, edit bool, err error) {
	p := ui.newPage(w, r, title)
	ui.activityFormFailed(w, r, p, err, nil, func(status int) {
		d, lerr := ui.capacityFormData(r, p, pr.Actor)
		if lerr != nil {
			ui.fail(w, r, lerr)
			return
		}
		d.Edit, d.ID = edit, r.PathValue("id")
		p.Data = d
		ui.render(w, r, status, "capacity_form", p)
	})
}

func (ui *UI) capacityEditForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	e, err := ui.DB.CapacityEventByID(r.Context(), pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if !activityWrites(pr.Actor, e.OrgID) {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "capacity.edit")
	set := p.Form.Set
	set("project_id", e.ProjectID)
	set("org_id", e.OrgID)
	set("topic", e.Topic)
	set("kind", e.Kind)
	set("status", e.Status)
	set("starts_on", e.StartsOn.Format("2006-01-02"))
	if e.EndsOn != nil {
		set("ends_on", e.EndsOn.Format("2006-01-02"))
	}
	set("place", e.Place)
	set("district", e.District)
	set("facilitator", e.Facilitator)
	set("notes", e.Notes)
	set("version", strconv.Itoa(e.Version))
	d, err := ui.capacityFormData(r, p, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Edit, d.ID = true, e.ID
	p.Data = d
	ui.render(w, r, http.StatusOK, "capacity_form", p)
}

func (ui *UI) capacityUpdate(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	var v app.Validation
	e := capacityParse(r, &v)
	e.ID = r.PathValue("id")
	version, err := activityVersion(r)
	if err == nil {
		e.Version = version
		err = v.Err()
	}
	if err == nil {
		_, err = ui.DB.UpdateCapacityEvent(r.Context(), ui.actor(r, pr), e)
	}
	if err != nil {
		ui.capacityFormFailed(w, r, pr, "capacity.edit", true, err)
		return
	}
	ui.redirect(w, r, "/capacity/"+e.ID, "capacity.flash.saved")
}

// ---- the event's page ----

// capacityAttendanceRow is a row of the attendance form.
type capacityAttendanceRow struct {
	N                                      int
	OrgID, Body, Female, Male, ThirdGender string
}

// Number is the row's number as people count, from 1.
func (r capacityAttendanceRow) Number() int { return r.N + 1 }

// capacityActionView is a follow-up action as the page shows it.
type capacityActionView struct {
	capacity.Action
	Overdue bool
}

type capacityPageData struct {
	Event       capacity.Event
	Project     store.Project
	Attendance  capacity.Attendance // totals
	Rows        []capacityAttendanceRow
	Orgs        []store.Organisation
	Bodies      []string
	Summary     capacity.Summary
	Actions     []capacityActionView
	Overdue     int
	CanWrite    bool
	ErrorForm   string
	FormMessage string
}

// capacityBlankRows is how many empty rows the attendance form offers.
const capacityBlankRows = 3

func (ui *UI) capacityPage(r *http.Request, p *Page, a app.Actor, id string) (capacityPageData, error) {
	ctx := r.Context()
	var d capacityPageData
	e, err := ui.DB.CapacityEventByID(ctx, a, id)
	if err != nil {
		return d, err
	}
	d.Event, d.CanWrite, d.Bodies = e, activityWrites(a, e.OrgID), capacity.OutsideBodies
	if d.Project, err = ui.DB.ProjectByID(ctx, e.ProjectID); err != nil {
		return d, err
	}
	if d.Orgs, err = ui.DB.ListOrgs(ctx); err != nil {
		return d, err
	}
	d.Attendance = capacity.AttendanceTotals(e.Attendance)
	d.Summary = capacity.Summarise(e.Scores)
	for i, at := range e.Attendance {
		d.Rows = append(d.Rows, capacityAttendanceRow{N: i, OrgID: at.OrgID, Body: at.Body, Female: capacityInput(p, at.Female),
			Male: capacityInput(p, at.Male), ThirdGender: capacityInput(p, at.ThirdGender)})
	}
	for range capacityBlankRows {
		d.Rows = append(d.Rows, capacityAttendanceRow{N: len(d.Rows)})
	}
	if _, posted := p.Form["att_rows"]; posted {
		d.Rows = capacityPostedRows(p)
	}
	if _, posted := p.Form["scores"]; !posted {
		p.Form.Set("scores", capacity.FormatScores(e.Scores))
	}
	actions, err := ui.DB.CapacityActions(ctx, a, id)
	if err != nil {
		return d, err
	}
	today := activityToday()
	for _, x := range actions {
		v := capacityActionView{Action: x, Overdue: x.Overdue(today)}
		if v.Overdue {
			d.Overdue++
		}
		d.Actions = append(d.Actions, v)
	}
	return d, nil
}

func capacityInput(p *Page, n int) string {
	if n == 0 {
		return ""
	}
	return p.Digits(strconv.Itoa(n))
}

// capacityPostedRows are the attendance rows as they were typed.
func capacityPostedRows(p *Page) []capacityAttendanceRow {
	n, _ := strconv.Atoi(p.Val("att_rows"))
	n = min(max(n, 0), 500)
	out := make([]capacityAttendanceRow, n)
	for i := range out {
		k := strconv.Itoa(i)
		out[i] = capacityAttendanceRow{N: i, OrgID: p.Val("att_org_" + k), Body: p.Val("att_body_" + k), Female: p.Val("att_f_" + k),
			Male: p.Val("att_m_" + k), ThirdGender: p.Val("att_t_" + k)}
	}
	return out
}

func (ui *UI) capacityShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "capacity.heading")
	d, err := ui.capacityPage(r, p, pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.capacityRender(w, r, http.StatusOK, p, d)
}

func (ui *UI) capacityRender(w http.ResponseWriter, r *http.Request, status int, p *Page, d capacityPageData) {
	p.Title = d.Event.Topic
	p.Data = d
	ui.render(w, r, status, "capacity_page", p)
}

// capacityWrite runs a change on the event's page, like communityWrite.
func (ui *UI) capacityWrite(w http.ResponseWriter, r *http.Request, form, flash string, fields map[string]string, do func(a app.Actor, id string) error) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	id := r.PathValue("id")
	a := ui.actor(r, pr)
	err := do(a, id)
	if err == nil {
		ui.redirect(w, r, "/capacity/"+id+"#"+form, flash)
		return
	}
	p := ui.newPage(w, r, "capacity.heading")
	ui.activityFormFailed(w, r, p, err, fields, func(status int) {
		d, lerr := ui.capacityPage(r, p, a, id)
		if lerr != nil {
			ui.fail(w, r, lerr)
			return
		}
		d.ErrorForm, d.FormMessage = form, p.Error
		ui.capacityRender(w, r, status, p, d)
	})
}

// capacityAttendanceFields maps the store's "attendance.N.field" names to
// the form's inputs.
func capacityAttendanceFields(rows int) map[string]string {
	out := map[string]string{}
	for i := range rows {
		k := strconv.Itoa(i)
		for field, input := range map[string]string{"org_id": "att_org_", "body": "att_body_", "female": "att_f_", "male": "att_m_",
			"third_gender": "att_t_"} {
			out["attendance."+k+"."+field] = input + k
		}
	}
	return out
}

func (ui *UI) capacityAttendance(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	n, _ := strconv.Atoi(r.PostForm.Get("att_rows"))
	n = min(max(n, 0), 500)
	ui.capacityWrite(w, r, "attendance", "capacity.flash.attendance", capacityAttendanceFields(n), func(a app.Actor, id string) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		var v app.Validation
		rows := make([]capacity.Attendance, n)
		for i := range rows {
			k := strconv.Itoa(i)
			rows[i] = capacity.Attendance{OrgID: r.PostForm.Get("att_org_" + k), Body: r.PostForm.Get("att_body_" + k)}
			for input, dst := range map[string]*int{"att_f_": &rows[i].Female, "att_m_": &rows[i].Male, "att_t_": &rows[i].ThirdGender} {
				c, ok := activityCount(r.PostForm.Get(input + k))
				if !ok {
					v.Add(input+k, "a count is a whole number from 0 to 10000")
				}
				*dst = c
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = ui.DB.SetCapacityAttendance(r.Context(), a, id, version, rows)
		return err
	})
}

func (ui *UI) capacityScores(w http.ResponseWriter, r *http.Request) {
	ui.capacityWrite(w, r, "scores", "capacity.flash.scores", nil, func(a app.Actor, id string) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		scores, err := capacity.ParseScores(r.PostForm.Get("scores"))
		if err != nil {
			return err
		}
		_, err = ui.DB.SetCapacityScores(r.Context(), a, id, version, scores)
		return err
	})
}

var capacityActionFields = map[string]string{"action": "act_action", "owner": "act_owner", "due_on": "act_due_on", "done_on": "act_due_on"}

// capacityParseAction reads an action form (inputs act_*).
func capacityParseAction(r *http.Request) (capacity.Action, error) {
	f := r.PostForm
	x := capacity.Action{Action: f.Get("act_action"), Owner: f.Get("act_owner"), Status: f.Get("act_status")}
	if x.Status == "" {
		x.Status = capacity.Open
	}
	d, ok := activityDate(f.Get("act_due_on"))
	if !ok {
		return x, app.FieldError("act_due_on", activityBadDate)
	}
	x.DueOn = d
	return x, nil
}

func (ui *UI) capacityAddAction(w http.ResponseWriter, r *http.Request) {
	ui.capacityWrite(w, r, "actions", "capacity.flash.action_added", capacityActionFields, func(a app.Actor, id string) error {
		x, err := capacityParseAction(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.AddCapacityAction(r.Context(), a, id, x)
		return err
	})
}

// capacityChangeAction marks an action done or open again: the row's form
// sends the action as it is, with the status wanted.
func (ui *UI) capacityChangeAction(w http.ResponseWriter, r *http.Request) {
	ui.capacityWrite(w, r, "actions", "capacity.flash.action_changed", nil, func(a app.Actor, id string) error {
		actions, err := ui.DB.CapacityActions(r.Context(), a, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(actions, func(x capacity.Action) bool { return x.ID == r.PathValue("aid") })
		if i < 0 {
			return app.NotFound("follow-up action")
		}
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		x := actions[i]
		x.Version, x.Status, x.DoneOn = version, r.PostForm.Get("act_status"), nil
		_, err = ui.DB.UpdateCapacityAction(r.Context(), a, id, x)
		return err
	})
}

// CapacityMean writes a mean score with one decimal, "—" when there is none.
func (p *Page) CapacityMean(m *float64) string {
	if m == nil {
		return "—"
	}
	return p.Digits(strconv.FormatFloat(*m, 'f', 1, 64))
}

// CapacityChange writes a mean change with its sign (+12.5, −3.0).
func (p *Page) CapacityChange(m *float64) string {
	if m == nil {
		return "—"
	}
	if *m > 0 {
		return "+" + p.CapacityMean(m)
	}
	if *m < 0 {
		v := -*m
		return "−" + p.CapacityMean(&v)
	}
	return p.CapacityMean(m)
}
