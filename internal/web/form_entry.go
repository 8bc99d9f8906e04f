package web

// Web data entry: any published form filled in the browser. The server is
// the form engine (internal/forms/instance): it renders the questions with
// relevance, calculations and choice filters applied, moves between pages,
// adds and removes repeat instances, and re-validates everything on submit.
// Without JavaScript every step is a form post; with it, static/forms.js
// asks POST /fill/{id}/check after each change and shows what the same
// engine decided, so there is one evaluator, never a second one in the
// browser.
//
// A screen posts its answers under their instance keys, and carries the
// whole instance as JSON in the hidden field ".state" (metadata, counts,
// read-only answers) plus hidden copies of the answers on other pages, so
// that nothing needs keeping on the server between posts.

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

func (ui *UI) registerFormEntry(mux *http.ServeMux) {
	mux.HandleFunc("GET /fill", ui.fillList)
	mux.HandleFunc("GET /fill/{id}", ui.fillNew)
	mux.HandleFunc("POST /fill/{id}", ui.fillPost)
	mux.HandleFunc("POST /fill/{id}/check", ui.fillCheck)
	mux.HandleFunc("GET /fill/drafts/{id}", ui.fillResume)
}

// Names of the screen's own fields; instance.ScreenPrefix keeps them apart
// from answers.
const (
	fillFieldState        = ".state"
	fillFieldAction       = ".action"
	fillFieldPage         = ".page"
	fillFieldCase         = ".case"
	fillFieldDraft        = ".draft"
	fillFieldDraftVersion = ".draft_version"
)

// fillListData is the list of forms the user may fill in and their drafts.
type fillListData struct {
	Forms  []forms.Version
	Drafts []store.FormDraft
}

// fillSession is one form being filled: the version, its engine, the
// answers, and where they are bound.
type fillSession struct {
	a       app.Actor
	version forms.Version
	schema  *instance.Schema
	in      *instance.Instance
	caseRef *store.CaseView
	draftID string
	draftV  int
	page    int
}

// fillActor lets in the users who may collect at all: viewers never do.
func (ui *UI) fillActor(w http.ResponseWriter, r *http.Request) (app.Actor, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return app.Actor{}, false
	}
	a := ui.actor(r, pr)
	if a.Role == app.RoleViewer {
		ui.Forbidden(w, r)
		return a, false
	}
	return a, true
}

func (ui *UI) fillList(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	vs, err := ui.DB.CollectableForms(r.Context(), a)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	drafts, err := ui.DB.FormDrafts(r.Context(), a)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "form_entry.list_title")
	p.Data = fillListData{Forms: vs, Drafts: drafts}
	ui.render(w, r, http.StatusOK, "form_fill_list", p)
}

// fillOpen loads a version the actor may collect with, and its engine.
// New entries need a published version; a draft of a version retired
// since may still be finished.
func (ui *UI) fillOpen(r *http.Request, a app.Actor, versionID string, resuming bool) (*fillSession, error) {
	v, err := ui.DB.FormVersionByID(r.Context(), a, versionID)
	if err != nil {
		return nil, err
	}
	if v.State != forms.Published && !(resuming && v.Collectable()) {
		return nil, app.NotFound("form version")
	}
	may, err := ui.DB.MayCollect(r.Context(), a, v.FormPK)
	if err != nil {
		return nil, err
	}
	if !may {
		return nil, app.Errorf(app.EFORBIDDEN, "you may not fill in this form: ask your manager to assign it to you")
	}
	s, err := ui.Forms.Schema(r.Context(), a, v.ID)
	if err != nil {
		return nil, err
	}
	return &fillSession{a: a, version: v, schema: s}, nil
}

// fillCase loads the case a form is bound to: only a case of the actor's
// own organisation, and only for those who work on cases.
func (ui *UI) fillCase(r *http.Request, fs *fillSession, caseID string) error {
	if caseID == "" {
		return nil
	}
	c, err := ui.DB.CaseByID(r.Context(), fs.a, caseID)
	if err != nil {
		return err
	}
	if !fs.a.WritesCases() || c.OrgID != fs.a.OrgID {
		return app.NotFound("case")
	}
	fs.caseRef = &c
	return nil
}

// fillCaseRefQuestion is the question case-bound forms start with.
const fillCaseRefQuestion = "case_ref"

func (ui *UI) fillNew(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	fs, err := ui.fillOpen(r, a, r.PathValue("id"), false)
	if err == nil {
		err = ui.fillCase(r, fs, r.URL.Query().Get("case"))
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	fs.in = fs.schema.New(ui.fillOptions(r, a))
	if fs.caseRef != nil {
		if n := fs.schema.Form.Root; n != nil {
			for _, c := range n.Children {
				if c.Name == fillCaseRefQuestion && !c.IsGroup() {
					fs.in.Values[fillCaseRefQuestion] = fs.caseRef.Reference
				}
			}
		}
	}
	ui.fillRender(w, r, http.StatusOK, fs, nil)
}

func (ui *UI) fillResume(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	d, err := ui.DB.FormDraftByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	fs, err := ui.fillOpen(r, a, d.FormVersionID, true)
	if err == nil {
		err = ui.fillCase(r, fs, d.CaseID)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	var in instance.Instance
	if err := json.Unmarshal([]byte(d.Data), &in); err != nil {
		ui.ServerError(w, r, err)
		return
	}
	fs.in, fs.draftID, fs.draftV = &in, d.ID, d.Version
	ui.fillRender(w, r, http.StatusOK, fs, nil)
}

func (ui *UI) fillOptions(r *http.Request, a app.Actor) instance.Options {
	return instance.Options{Source: instance.FromWeb, Lang: ui.Lang(r), Username: a.Username}
}

// fillRead rebuilds the session a screen posted: its version, case, draft
// and page, and its answers read over the instance in ".state". The check
// after each keystroke leaves the case out: reading a case is audited, and
// the answers do not depend on it.
func (ui *UI) fillRead(r *http.Request, a app.Actor, withCase bool) (*fillSession, error) {
	fs, err := ui.fillOpen(r, a, r.PathValue("id"), r.PostFormValue(fillFieldDraft) != "")
	if err != nil {
		return nil, err
	}
	if withCase {
		if err := ui.fillCase(r, fs, r.PostFormValue(fillFieldCase)); err != nil {
			return nil, err
		}
	}
	var base instance.Instance
	if err := json.Unmarshal([]byte(r.PostFormValue(fillFieldState)), &base); err != nil || base.FormID != fs.schema.Form.ID {
		return nil, app.Errorf(app.EINVALID, "the form's answers did not arrive whole: open the form again")
	}
	// The web starts new submissions only: an edit of a stored one, or an
	// entity, is never taken from what the browser sends back.
	base.Meta.DeprecatedID, base.Meta.Entity = "", nil
	fs.draftID = r.PostFormValue(fillFieldDraft)
	fs.draftV, _ = strconv.Atoi(r.PostFormValue(fillFieldDraftVersion))
	fs.page, _ = strconv.Atoi(r.PostFormValue(fillFieldPage))
	fs.in, err = fs.schema.FromValues(&base, r.PostForm)
	if err != nil {
		fs.in = &base
	}
	return fs, err
}

func (ui *UI) fillPost(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	fs, err := ui.fillRead(r, a, true)
	if fs == nil {
		ui.fail(w, r, err)
		return
	}
	if err != nil {
		ui.fillRender(w, r, http.StatusUnprocessableEntity, fs, err)
		return
	}
	opts := ui.fillOptions(r, a)
	action := r.PostFormValue(fillFieldAction)
	switch verb, key, _ := strings.Cut(action, ":"); verb {
	case "add":
		if _, err := fs.schema.AddRepeat(fs.in, key, opts); err != nil {
			ui.fillRender(w, r, http.StatusUnprocessableEntity, fs, err)
			return
		}
		ui.fillRender(w, r, http.StatusOK, fs, nil)
	case "remove":
		if err := fs.schema.RemoveRepeat(fs.in, key); err != nil {
			ui.fillRender(w, r, http.StatusUnprocessableEntity, fs, err)
			return
		}
		ui.fillRender(w, r, http.StatusOK, fs, nil)
	case "prev":
		fs.page = fillView(fs, opts).step(fs.page, -1)
		ui.fillRender(w, r, http.StatusOK, fs, nil)
	case "next":
		v := fillView(fs, opts)
		if v.pageProblems(fs.page) {
			ui.fillRenderView(w, r, http.StatusUnprocessableEntity, fs, v, true)
			return
		}
		fs.page = v.step(fs.page, 1)
		ui.fillRender(w, r, http.StatusOK, fs, nil)
	case "save":
		ui.fillSaveDraft(w, r, fs)
	case "submit":
		ui.fillSubmit(w, r, fs, opts)
	default:
		ui.fillRender(w, r, http.StatusOK, fs, nil)
	}
}

// fillSaveDraft keeps the answers to finish later. A draft saved from
// another window since this one opened it is a conflict, not overwritten.
func (ui *UI) fillSaveDraft(w http.ResponseWriter, r *http.Request, fs *fillSession) {
	if fs.draftID != "" {
		// A draft keeps the form version it was started with.
		if d, err := ui.DB.FormDraftByID(r.Context(), fs.a, fs.draftID); err != nil || d.FormVersionID != fs.version.ID {
			ui.fail(w, r, app.NotFound("draft"))
			return
		}
	}
	data, err := json.Marshal(fs.in)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d := store.FormDraft{ID: fs.draftID, FormVersionID: fs.version.ID, Data: string(data), Version: fs.draftV}
	if fs.caseRef != nil {
		d.CaseID = fs.caseRef.ID
	}
	d, err = ui.DB.SaveFormDraft(r.Context(), fs.a, d)
	if err != nil {
		if app.ErrorCode(err) == app.ECONFLICT || app.ErrorCode(err) == app.EINVALID {
			ui.fillRender(w, r, httpx.Status(err), fs, err)
			return
		}
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/fill/drafts/"+d.ID, "form_entry.draft_saved")
}

// fillSubmit re-validates everything and stores the submission: the server
// is the authority, whatever the page showed.
func (ui *UI) fillSubmit(w http.ResponseWriter, r *http.Request, fs *fillSession, opts instance.Options) {
	v := fillView(fs, opts)
	if !v.res.OK() {
		fs.page = v.firstProblemPage()
		ui.fillRenderView(w, r, http.StatusUnprocessableEntity, fs, v, true)
		return
	}
	in := v.res.Instance
	data, err := json.Marshal(in)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	sub := store.NewSubmission{FormVersionID: fs.version.ID, InstanceID: in.Meta.InstanceID, InstanceName: in.Meta.InstanceName,
		XML: string(fs.schema.XML(in)), Data: string(data), Channel: forms.ChannelWeb}
	if fs.caseRef != nil {
		sub.CaseID = fs.caseRef.ID
	}
	if _, _, err := ui.DB.SaveSubmission(r.Context(), fs.a, sub); err != nil {
		switch app.ErrorCode(err) {
		case app.EINVALID, app.ECONFLICT:
			ui.fillRender(w, r, httpx.Status(err), fs, err)
		default:
			ui.fail(w, r, err)
		}
		return
	}
	if fs.draftID != "" {
		if err := ui.DB.DeleteFormDraft(r.Context(), fs.a, fs.draftID); err != nil && app.ErrorCode(err) != app.ENOTFOUND {
			ui.fail(w, r, err)
			return
		}
	}
	if sub.CaseID != "" {
		ui.redirect(w, r, "/cases/"+sub.CaseID, "form_entry.submitted")
		return
	}
	ui.redirect(w, r, "/fill", "form_entry.submitted")
}

// fillCheck answers forms.js: what the engine makes of the answers on the
// screen, as JSON. It changes nothing.
func (ui *UI) fillCheck(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	fs, err := ui.fillRead(r, a, false)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		status := httpx.Status(err)
		if status >= http.StatusInternalServerError {
			slog.ErrorContext(r.Context(), "form check failed", "err", err, "request_id", httpx.RequestID(r.Context()))
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(fillCheckError{Error: app.MessageIn(ui.Lang(r), err), Fields: app.FieldsIn(ui.Lang(r), err)})
		return
	}
	json.NewEncoder(w).Encode(fillView(fs, ui.fillOptions(r, a)).check())
}

// fillCheckError is the check's answer when the post cannot be read.
type fillCheckError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"`
}

// fillRender evaluates the answers and shows the form; err (a problem with
// the post itself, a conflict) is shown above it.
func (ui *UI) fillRender(w http.ResponseWriter, r *http.Request, status int, fs *fillSession, err error) {
	v := fillView(fs, ui.fillOptions(r, fs.a))
	p := ui.newPage(w, r, "form_entry.title")
	if err != nil {
		p.Error = app.MessageIn(p.Lang, err)
		for k, m := range app.FieldsIn(p.Lang, err) {
			p.Errors[k] = m
		}
	}
	ui.fillShow(w, r, status, p, fs, v, false)
}

// fillRenderView shows the form with the problems the engine found: all of
// them on one page, or those of the current page.
func (ui *UI) fillRenderView(w http.ResponseWriter, r *http.Request, status int, fs *fillSession, v *fillViewer, problems bool) {
	p := ui.newPage(w, r, "form_entry.title")
	p.Error = p.T("form_entry.problems_intro")
	ui.fillShow(w, r, status, p, fs, v, problems)
}

func (ui *UI) fillShow(w http.ResponseWriter, r *http.Request, status int, p *Page, fs *fillSession, v *fillViewer, problems bool) {
	d, err := v.screen(fs, p, problems)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Title = d.Title
	p.Data = d
	ui.render(w, r, status, "form_fill", p)
}
