package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// Follow-up visits: the visits tab of a case (the visits with what they
// found, and the forms to record, miss, cancel and schedule them) and the
// list of visits due and overdue (visit_list.go). The store decides who
// may do what; these pages offer only what it will accept.

func (ui *UI) registerVisits(mux *http.ServeMux) {
	mux.HandleFunc("GET /visits", ui.visitList)
	mux.HandleFunc("GET /cases/{id}/visits", ui.visitTab)
	mux.HandleFunc("POST /cases/{id}/visits", ui.visitSchedule)
	mux.HandleFunc("POST /cases/{id}/visits/{vid}/record", ui.visitRecord)
	mux.HandleFunc("POST /cases/{id}/visits/{vid}/miss", ui.visitMiss)
	mux.HandleFunc("POST /cases/{id}/visits/{vid}/cancel", ui.visitCancel)
}

// visitTabData is the visits tab of a case.
type visitTabData struct {
	Head caseHead
	Case store.CaseView
	Rows []visitRow
	// CanWrite: the case's organisation's staff record, miss, cancel and
	// schedule visits while the case is open.
	CanWrite bool
	Actions  []string
	Today    string
	// ErrorForm names the form whose submission failed: "schedule", or
	// "record" or "close" of the visit ErrorVisit. FormMessage is what
	// to say beside it when no single field is to blame.
	ErrorForm, ErrorVisit, FormMessage string
}

// visitRow is a visit with what the tab says about it.
type visitRow struct {
	followup.Visit
	Overdue      bool
	RecordedName string         // who recorded, missed or cancelled it
	Task         *casework.Task // the task its action added
	// Open visits (scheduled or missed) may still be recorded; Missable
	// ones (scheduled) may be marked missed.
	Open, Missable bool
	// Expanded opens the visit's record form: the first open visit, or
	// the one whose form failed.
	Expanded bool
}

// visitIDs are the IDs of a visit's form controls, by the store's field names.
func visitIDs(form, vid string) map[string]string {
	switch form {
	case "record":
		return map[string]string{"done_on": "vr-done-" + vid, "findings": "vr-findings-" + vid, "action": "vr-action-" + vid}
	case "close":
		return map[string]string{"note": "vc-note-" + vid}
	}
	return map[string]string{"from": "vs-from", "months": "vs-months"}
}

func (ui *UI) visitTab(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "cases.tab_visits")
	d, err := ui.visitTabPage(r, pr)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.visitRenderTab(w, r, http.StatusOK, p, d)
}

// visitTabPage loads the tab of the case in the path.
func (ui *UI) visitTabPage(r *http.Request, pr *auth.Principal) (visitTabData, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	var d visitTabData
	head, err := ui.caseHeadFor(r, pr, "visits")
	if err != nil {
		return d, err
	}
	d.Head, d.Case = head, head.Case
	visits, err := ui.DB.VisitsOfCase(ctx, a, d.Case.ID)
	if err != nil {
		return d, err
	}
	tasks, err := ui.DB.ListTasks(ctx, a, d.Case.ID)
	if err != nil {
		return d, err
	}
	users, err := ui.DB.ListUsers(ctx, a, store.UserFilter{OrgID: d.Case.OrgID, IncludeDisabled: true})
	if err != nil {
		return d, err
	}
	names := map[string]string{}
	for _, u := range users {
		names[u.Username] = caseUserName(u)
	}
	today := caseToday()
	d.Today = today.Format(time.DateOnly)
	d.CanWrite = a.WritesCases() && d.Case.OrgID == a.OrgID && d.Case.Status != casework.Closed
	d.Actions = followup.Actions
	expanded := false
	for _, v := range visits {
		row := visitRow{Visit: v, Overdue: v.Overdue(today), RecordedName: v.RecordedBy,
			Open: v.Status == followup.Scheduled || v.Status == followup.Missed, Missable: v.Status == followup.Scheduled}
		if n, ok := names[v.RecordedBy]; ok {
			row.RecordedName = n
		}
		if v.TaskID != "" {
			if i := slices.IndexFunc(tasks, func(t casework.Task) bool { return t.ID == v.TaskID }); i >= 0 {
				row.Task = &tasks[i]
			}
		}
		if row.Open && !expanded && !v.DueOn.After(today.AddDate(0, 0, visitDueWithinDays)) {
			row.Expanded, expanded = true, true
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// visitRenderTab shows the tab, with the forms' defaults under whatever was typed.
func (ui *UI) visitRenderTab(w http.ResponseWriter, r *http.Request, status int, p *Page, d visitTabData) {
	p.Title = d.Case.Reference + " · " + p.T("cases.tab_visits")
	set := func(id, v string) {
		if _, typed := p.Form[id]; !typed {
			p.Form.Set(id, v)
		}
	}
	set("vs-from", d.Today)
	for i := range d.Rows {
		row := &d.Rows[i]
		set("vr-done-"+row.ID, d.Today)
		set("vr-action-"+row.ID, followup.ActionNone)
		if d.ErrorVisit != "" {
			row.Expanded = row.ID == d.ErrorVisit && d.ErrorForm == "record"
		}
	}
	p.Data = d
	ui.render(w, r, status, "visit_tab", p)
}

// visitWrite runs a change to the visits of the case in the path (vid is
// the visit, "" for scheduling). On success it goes back to the tab with
// a flash; a mistake in the form or a conflict re-shows the tab as it is
// now, with the message beside the form and what was typed kept.
func (ui *UI) visitWrite(w http.ResponseWriter, r *http.Request, form, vid string, do func(ctx context.Context, a app.Actor, caseID string) (string, error)) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	caseID := r.PathValue("id")
	flash, err := do(r.Context(), ui.actor(r, pr), caseID)
	if err == nil {
		ui.redirect(w, r, "/cases/"+caseID+"/visits", flash)
		return
	}
	if code := app.ErrorCode(err); code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "cases.tab_visits")
	d, lerr := ui.visitTabPage(r, pr)
	if lerr != nil {
		ui.fail(w, r, lerr)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	ids := visitIDs(form, vid)
	for k, msg := range app.FieldsIn(p.Lang, err) {
		if id, ok := ids[k]; ok {
			p.Errors[id] = msg
		}
	}
	for k, id := range ids {
		if vals, ok := r.PostForm[k]; ok {
			p.Form[id] = vals
		}
	}
	d.ErrorForm, d.ErrorVisit = form, vid
	if len(p.Errors) == 0 {
		// A conflict, or a field no control sends: say it beside the form.
		if fields := app.FieldsIn(p.Lang, err); len(fields) > 0 {
			p.Error = strings.Join(slices.Sorted(maps.Values(fields)), "; ")
		}
		d.FormMessage = p.Error
	}
	ui.visitRenderTab(w, r, httpx.Status(err), p, d)
}

// visitOfCase finds the visit vid among the case's visits: a visit of
// another case (even of the same organisation) is not found here.
func (ui *UI) visitOfCase(ctx context.Context, a app.Actor, caseID, vid string) (followup.Visit, error) {
	visits, err := ui.DB.VisitsOfCase(ctx, a, caseID)
	if err != nil {
		return followup.Visit{}, err
	}
	for _, v := range visits {
		if v.ID == vid {
			return v, nil
		}
	}
	return followup.Visit{}, app.NotFound("visit")
}

// visitVersion reads the version of the visit the form was filled in on.
func visitVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 1 {
		return 0, app.Errorf(app.ECONFLICT, "this page is out of date: reload it and make your change again")
	}
	return v, nil
}

func (ui *UI) visitRecord(w http.ResponseWriter, r *http.Request) {
	vid := r.PathValue("vid")
	ui.visitWrite(w, r, "record", vid, func(ctx context.Context, a app.Actor, caseID string) (string, error) {
		if _, err := ui.visitOfCase(ctx, a, caseID, vid); err != nil {
			return "", err
		}
		version, err := visitVersion(r)
		if err != nil {
			return "", err
		}
		f := r.PostForm
		rec := followup.Record{Findings: f.Get("findings"), Action: f.Get("action")}
		day, ok := caseParseDate(f.Get("done_on"))
		if !ok {
			return "", app.FieldError("done_on", caseBadDate)
		}
		rec.DoneOn = day
		if rec.Action != followup.ActionNone && slices.Contains(followup.Actions, rec.Action) {
			// The task is written in the language of whoever records the visit.
			rec.TaskTitle = i18n.T(ui.Lang(r), "visits.task_title."+rec.Action)
		}
		if _, err := ui.DB.RecordVisit(ctx, a, vid, version, rec); err != nil {
			return "", err
		}
		switch rec.Action {
		case followup.ActionPlanRevision, followup.ActionNewAssessment:
			return "visits.flash.recorded_" + rec.Action, nil
		}
		return "visits.flash.recorded", nil
	})
}

func (ui *UI) visitMiss(w http.ResponseWriter, r *http.Request) {
	ui.visitClose(w, r, ui.DB.MissVisit, "visits.flash.missed")
}

func (ui *UI) visitCancel(w http.ResponseWriter, r *http.Request) {
	ui.visitClose(w, r, ui.DB.CancelVisit, "visits.flash.cancelled")
}

// visitClose marks the visit in the path missed or cancelled (do).
func (ui *UI) visitClose(w http.ResponseWriter, r *http.Request,
	do func(ctx context.Context, a app.Actor, id string, version int, note string) (followup.Visit, error), flash string) {
	vid := r.PathValue("vid")
	ui.visitWrite(w, r, "close", vid, func(ctx context.Context, a app.Actor, caseID string) (string, error) {
		if _, err := ui.visitOfCase(ctx, a, caseID, vid); err != nil {
			return "", err
		}
		version, err := visitVersion(r)
		if err != nil {
			return "", err
		}
		_, err = do(ctx, a, vid, version, r.PostForm.Get("note"))
		return flash, err
	})
}

func (ui *UI) visitSchedule(w http.ResponseWriter, r *http.Request) {
	ui.visitWrite(w, r, "schedule", "", func(ctx context.Context, a app.Actor, caseID string) (string, error) {
		var v app.Validation
		from, ok := caseParseDate(r.PostForm.Get("from"))
		if !ok {
			v.Add("from", caseBadDate)
		} else if from.IsZero() {
			from = caseToday()
		}
		months, ok := visitParseMonths(r.PostForm.Get("months"))
		if !ok {
			v.Add("months", "give each interval as a whole number of months from 1 to 60")
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		added, err := ui.DB.ScheduleVisits(ctx, a, caseID, from, months)
		if err != nil {
			return "", err
		}
		if len(added) == 0 {
			return "visits.flash.none_added", nil
		}
		return "visits.flash.scheduled", nil
	})
}

// visitParseMonths reads intervals typed as numbers of months separated
// by spaces or commas (Bengali digits allowed); empty is the usual
// schedule (nil). ok is false when something else was typed.
func visitParseMonths(s string) (months []int, ok bool) {
	fields := strings.FieldsFunc(i18n.ASCIIDigits(s), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		months = append(months, n)
	}
	return months, true
}
