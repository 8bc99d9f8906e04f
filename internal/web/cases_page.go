package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// casePageData is the case page: the case, its timeline, tasks and
// screenings, and the forms of whoever may work on it.
type casePageData struct {
	Head       caseHead
	Case       store.CaseView
	Timeline   []caseEventView // newest first
	Tasks      []caseTaskView
	Screenings []caseScreeningView
	// Assignees are the active case workers and managers of the case's
	// organisation, for the assign and task forms.
	Assignees []store.User
	CanWrite  bool
	// The moves offered now: forward along the lifecycle, back one stage,
	// closing (with a reason) or, for a closed case, reopening.
	Forward, Back       []string
	CanClose, CanReopen bool
	Indicators          []string
	ClosureReasons      []string
	Today               string
	// ErrorForm names the form whose submission failed; FormMessage is
	// what to say beside it when no single field is to blame.
	ErrorForm   string
	FormMessage string
	// Ticked holds the indicators ticked in the screening form.
	Ticked map[string]bool
	// CaseForms are the published case-bound forms the user may fill in
	// for this case (the sustainability survey, a follow-up visit...).
	CaseForms []forms.Version
}

// caseEventView is a line of the timeline.
type caseEventView struct {
	casework.Event
	Who       string              // the person who did it, by name when known
	Screening *casework.Screening // for a screening: the screening recorded
	Task      *casework.Task      // for a task or a task done: the task
	Assignee  string              // for an assignment: to whom ("" = nobody)
}

// Detail is what a line written by another part of the case's work says
// (the service referred to, what a visit found, the form submitted), and
// the page where that work is; empty for the case's own lines.
func (e caseEventView) Detail(caseID string) (text, href string) {
	switch {
	case strings.HasPrefix(e.Kind, "referral_"):
		return e.Body, "/cases/" + caseID + "/referrals"
	case strings.HasPrefix(e.Kind, "visit"):
		return e.Body, "/cases/" + caseID + "/visits"
	case e.Kind == store.EventFormSubmitted && e.RefID != "":
		return e.Body, "/submissions/" + e.RefID
	}
	return "", ""
}

// DetailText and DetailHref are Detail for templates.
func (e caseEventView) DetailText(caseID string) string { t, _ := e.Detail(caseID); return t }
func (e caseEventView) DetailHref(caseID string) string { _, h := e.Detail(caseID); return h }

// caseTaskView is a task with what the page says about it.
type caseTaskView struct {
	casework.Task
	AssigneeName string
	Overdue      bool
}

// caseScreeningView is a screening with its debt written in taka and
// the name of who recorded it.
type caseScreeningView struct {
	casework.Screening
	Debt         string
	RecordedName string
}

// Checked reports whether an indicator is ticked in the screening form.
func (d casePageData) Checked(code string) bool { return d.Ticked[code] }

// casePage loads the case page for a.
func (ui *UI) casePage(r *http.Request, pr *auth.Principal, id, lang string) (casePageData, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	var d casePageData
	v, err := ui.DB.CaseByID(ctx, a, id)
	if err != nil {
		return d, err
	}
	d.Case, d.Head = v, newCaseHead(v, "overview")
	d.CanWrite = a.WritesCases() && v.OrgID == a.OrgID
	d.Indicators = make([]string, 0, len(casework.Indicators))
	for _, in := range casework.Indicators {
		d.Indicators = append(d.Indicators, in.Code)
	}
	d.ClosureReasons = casework.ClosureReasons
	today := caseToday()
	d.Today = today.Format("2006-01-02")
	d.Ticked = map[string]bool{}
	here := slices.Index(casework.Statuses, v.Status)
	for _, m := range v.Moves {
		switch {
		case m == "reopen":
			d.CanReopen = true
		case m == casework.Closed:
			d.CanClose = true
		case slices.Index(casework.Statuses, m) > here:
			d.Forward = append(d.Forward, m)
		default:
			d.Back = append(d.Back, m)
		}
	}

	users, err := ui.DB.ListUsers(ctx, a, store.UserFilter{OrgID: v.OrgID, IncludeDisabled: true})
	if err != nil {
		return d, err
	}
	byUsername, byID := map[string]string{}, map[string]string{}
	for _, u := range users {
		byUsername[u.Username], byID[u.ID] = caseUserName(u), caseUserName(u)
		if !u.Disabled() && (u.Role == app.RoleCaseWorker || u.Role == app.RoleOrgManager) {
			d.Assignees = append(d.Assignees, u)
		}
	}
	// CaseByID names the assignee by full name only, which may be empty.
	if d.Case.AssignedTo != "" && d.Case.AssignedName == "" {
		d.Case.AssignedName = byID[d.Case.AssignedTo]
	}

	if d.CanWrite && v.Status != casework.Closed {
		if d.CaseForms, err = ui.caseForms(r.Context(), a); err != nil {
			return d, err
		}
	}

	tasks, err := ui.DB.ListTasks(ctx, a, id)
	if err != nil {
		return d, err
	}
	taskByID := map[string]*casework.Task{}
	for i := range tasks {
		taskByID[tasks[i].ID] = &tasks[i]
		d.Tasks = append(d.Tasks, caseTaskView{Task: tasks[i], AssigneeName: byID[tasks[i].AssignedTo], Overdue: tasks[i].Overdue(today)})
	}
	screenings, err := ui.DB.ListScreenings(ctx, a, id)
	if err != nil {
		return d, err
	}
	screeningByID := map[string]*casework.Screening{}
	for i := range screenings {
		s := &screenings[i]
		// In the order the form asks them, not the stored (alphabetical) one.
		slices.SortFunc(s.Indicators, func(x, y string) int {
			return slices.Index(d.Indicators, x) - slices.Index(d.Indicators, y)
		})
		screeningByID[s.ID] = s
		who := s.RecordedBy
		if name, ok := byUsername[who]; ok {
			who = name
		}
		d.Screenings = append(d.Screenings, caseScreeningView{Screening: *s, Debt: caseTaka(lang, s.DebtMinor), RecordedName: who})
	}
	events, err := ui.DB.CaseTimeline(ctx, a, id)
	if err != nil {
		return d, err
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		ev := caseEventView{Event: e, Who: e.ActorName}
		if name, ok := byUsername[e.ActorName]; ok {
			ev.Who = name
		}
		switch e.Kind {
		case casework.EventScreening:
			ev.Screening = screeningByID[e.RefID]
		case casework.EventTask, casework.EventTaskDone:
			ev.Task = taskByID[e.RefID]
		case casework.EventAssigned:
			ev.Assignee = e.Body
			if name, ok := byID[e.RefID]; ok {
				ev.Assignee = name
			}
		}
		d.Timeline = append(d.Timeline, ev)
	}
	return d, nil
}

// caseTaka writes an amount in paisa as taka, "" for none.
func caseTaka(lang string, minor *int64) string {
	if minor == nil {
		return ""
	}
	s := i18n.Number(lang, *minor/100)
	if paisa := *minor % 100; paisa != 0 {
		s += i18n.Digits(lang, "."+strconv.FormatInt(100+paisa, 10)[1:])
	}
	return s
}

// caseParseTaka reads an amount of taka (Bengali digits, thousands
// separators and up to two decimals allowed) as paisa. ok is false when s
// is not an amount; an empty s is no amount (nil).
func caseParseTaka(s string) (minor *int64, ok bool) {
	s = strings.NewReplacer(",", "", " ", "", "৳", "", "\u00a0", "").Replace(i18n.ASCIIDigits(strings.TrimSpace(s)))
	if s == "" {
		return nil, true
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (len(frac) == 0 || len(frac) > 2) || len(whole) == 0 || len(whole) > 13 {
		return nil, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return nil, false
	}
	var p int64
	if hasFrac {
		if len(frac) == 1 {
			frac += "0"
		}
		if p, err = strconv.ParseInt(frac, 10, 64); err != nil || p < 0 {
			return nil, false
		}
	}
	v := n * 100
	if strings.HasPrefix(whole, "-") {
		v -= p
	} else {
		v += p
	}
	return &v, true
}

func (ui *UI) caseShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "cases.heading")
	d, err := ui.casePage(r, pr, r.PathValue("id"), p.Lang)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.renderCase(w, r, http.StatusOK, p, d)
}

// renderCase shows the case page, with the forms' default values under
// whatever was typed.
func (ui *UI) renderCase(w http.ResponseWriter, r *http.Request, status int, p *Page, d casePageData) {
	p.Title = p.T("cases.case_title", d.Case.Reference)
	defaults := map[string]string{"assign_to": d.Case.AssignedTo, "scr_date": d.Today}
	for k, v := range defaults {
		if _, typed := p.Form[k]; !typed {
			p.Form.Set(k, v)
		}
	}
	for _, code := range p.Form["scr_indicators"] {
		d.Ticked[code] = true
	}
	p.Data = d
	ui.render(w, r, status, "case_page", p)
}

// caseForms maps, for each form of the case page, the names of its posted
// fields and of the store's field errors to the IDs of its controls.
var caseForms = map[string]map[string]string{
	"move":      {"note": "move_note"},
	"close":     {"reason": "close_reason", "note": "close_note"},
	"reopen":    {"note": "reopen_note"},
	"assign":    {"assigned_to": "assign_to"},
	"note":      {"body": "note_body"},
	"task":      {"title": "task_title", "due_on": "task_due", "assigned_to": "task_assignee"},
	"screening": {"assessed_on": "scr_date", "indicators": "scr_indicators", "debt_bdt": "scr_debt", "debt_minor": "scr_debt", "notes": "scr_notes"},
}

// caseWrite runs a change to the case in the path: on success it goes back
// to the case page with a flash; otherwise see caseWriteFailed.
func (ui *UI) caseWrite(w http.ResponseWriter, r *http.Request, form, flash string, do func(ctx context.Context, a app.Actor, id string) error) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	id := r.PathValue("id")
	err := do(r.Context(), ui.actor(r, pr), id)
	if err == nil {
		ui.redirect(w, r, "/cases/"+id, flash)
		return
	}
	ui.caseWriteFailed(w, r, pr, id, form, err)
}

// caseWriteFailed answers a refused change: a mistake in the form or a
// conflict re-shows the case page (as it is now) with the message beside
// the form and the typed values kept; anything else is an error page.
func (ui *UI) caseWriteFailed(w http.ResponseWriter, r *http.Request, pr *auth.Principal, id, form string, err error) {
	if code := app.ErrorCode(err); code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "cases.heading")
	d, lerr := ui.casePage(r, pr, id, p.Lang)
	if lerr != nil {
		ui.fail(w, r, lerr)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	fields := caseForms[form]
	for k, msg := range app.FieldsIn(p.Lang, err) {
		if el, ok := fields[k]; ok {
			p.Errors[el] = msg
		}
	}
	for k, el := range fields {
		if vals, ok := r.PostForm[k]; ok {
			p.Form[el] = vals
		}
	}
	// A move the lifecycle does not allow (a page left open while the case
	// moved on is a stale version, said as such above): name the statuses.
	if (form == "move" || form == "close") && app.ErrorCode(err) == app.ECONFLICT {
		to := r.PostForm.Get("to")
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		switch {
		case version != d.Case.Version || !slices.Contains(casework.Statuses, to) || casework.CanMove(d.Case.Status, to):
		case d.Case.Status == casework.Closed:
			p.Error = p.T("cases.error.closed")
		default:
			var next []string
			for _, m := range d.Case.Moves {
				next = append(next, p.Label("status", m))
			}
			p.Error = p.T("cases.error.cannot_move", p.Label("status", d.Case.Status), p.Label("status", to), strings.Join(next, ", "))
		}
	}
	d.ErrorForm = form
	if len(p.Errors) == 0 {
		// No control of the form is to blame (a conflict, or a value no
		// control sends): say what is wrong beside the form itself.
		if fields := app.FieldsIn(p.Lang, err); len(fields) > 0 {
			msgs := slices.Sorted(maps.Values(fields))
			p.Error = strings.Join(msgs, "; ")
		}
		d.FormMessage = p.Error
	}
	ui.renderCase(w, r, httpx.Status(err), p, d)
}

// caseVersion reads the version of the case the form was filled in on. A
// change that names none is refused rather than made blindly.
func caseVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 1 {
		return 0, app.Errorf(app.ECONFLICT, "this page is out of date: reload it and make your change again")
	}
	return v, nil
}

const caseBadDate = "enter the date as year-month-day, e.g. 2025-03-15"

func (ui *UI) caseMove(w http.ResponseWriter, r *http.Request) {
	t := casework.Transition{To: r.PostForm.Get("to"), Reason: r.PostForm.Get("reason"), Note: r.PostForm.Get("note")}
	form, flash := "move", "cases.flash.moved"
	if t.To == casework.Closed {
		form, flash = "close", "cases.flash.closed"
	}
	ui.caseWrite(w, r, form, flash, func(ctx context.Context, a app.Actor, id string) error {
		version, err := caseVersion(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.MoveCase(ctx, a, id, version, t)
		return err
	})
}

func (ui *UI) caseReopen(w http.ResponseWriter, r *http.Request) {
	ui.caseWrite(w, r, "reopen", "cases.flash.reopened", func(ctx context.Context, a app.Actor, id string) error {
		version, err := caseVersion(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.ReopenCase(ctx, a, id, version, r.PostForm.Get("note"))
		return err
	})
}

func (ui *UI) caseAssign(w http.ResponseWriter, r *http.Request) {
	ui.caseWrite(w, r, "assign", "cases.flash.assigned", func(ctx context.Context, a app.Actor, id string) error {
		version, err := caseVersion(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.AssignCase(ctx, a, id, version, r.PostForm.Get("assigned_to"))
		return err
	})
}

func (ui *UI) caseAddNote(w http.ResponseWriter, r *http.Request) {
	ui.caseWrite(w, r, "note", "cases.flash.note_added", func(ctx context.Context, a app.Actor, id string) error {
		_, err := ui.DB.AddCaseNote(ctx, a, id, r.PostForm.Get("body"))
		return err
	})
}

func (ui *UI) caseAddTask(w http.ResponseWriter, r *http.Request) {
	ui.caseWrite(w, r, "task", "cases.flash.task_added", func(ctx context.Context, a app.Actor, id string) error {
		t := casework.Task{Title: r.PostForm.Get("title"), AssignedTo: r.PostForm.Get("assigned_to")}
		due, ok := caseParseDate(r.PostForm.Get("due_on"))
		if !ok {
			return app.FieldError("due_on", caseBadDate)
		}
		if !due.IsZero() {
			t.DueOn = &due
		}
		_, err := ui.DB.AddTask(ctx, a, id, t)
		return err
	})
}

func (ui *UI) caseTaskDone(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	id, tid := r.PathValue("id"), r.PathValue("tid")
	a := ui.actor(r, pr)
	err := ui.DB.CompleteTask(r.Context(), a, id, tid)
	if app.ErrorCode(err) == app.ECONFLICT {
		// Pressed twice, or done by someone else a moment ago: it is done.
		err = nil
	}
	if err != nil {
		ui.caseWriteFailed(w, r, pr, id, "tasks", err)
		return
	}
	ui.redirect(w, r, "/cases/"+id, "cases.flash.task_done")
}

func (ui *UI) caseScreen(w http.ResponseWriter, r *http.Request) {
	ui.caseWrite(w, r, "screening", "cases.flash.screened", func(ctx context.Context, a app.Actor, id string) error {
		f := r.PostForm
		s := casework.Screening{Indicators: f["indicators"], Notes: f.Get("notes")}
		var v app.Validation
		if d, ok := caseParseDate(f.Get("assessed_on")); ok {
			s.AssessedOn = d
		} else {
			v.Add("assessed_on", caseBadDate)
		}
		if debt, ok := caseParseTaka(f.Get("debt_bdt")); ok {
			s.DebtMinor = debt
		} else {
			v.Add("debt_bdt", "enter the amount in taka, e.g. 150000")
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err := ui.DB.RecordScreening(ctx, a, id, s)
		return err
	})
}

// caseForms lists the published case-bound forms a may fill in.
func (ui *UI) caseForms(ctx context.Context, a app.Actor) ([]forms.Version, error) {
	all, err := ui.DB.Forms(ctx, a)
	if err != nil {
		return nil, err
	}
	bound := map[string]bool{}
	for _, f := range all {
		bound[f.ID] = f.CaseBound
	}
	mine, err := ui.DB.CollectableForms(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []forms.Version
	for _, v := range mine {
		if bound[v.FormPK] {
			out = append(out, v)
		}
	}
	return out, nil
}
