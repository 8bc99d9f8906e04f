package web

// Forms (XLSForm questionnaires): the list of forms with the upload, each
// form's page with its versions, questions and assignments, and the
// downloads of a version's workbook and XForm. Reading forms is open to
// every signed-in role (a questionnaire is not personal data); uploading,
// publishing and retiring are for those forms.ManagesForms allows;
// assigning is for managers, as the store rules. The submissions are in
// form_submissions.go.

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
)

func (ui *UI) registerForms(mux *http.ServeMux) {
	mux.HandleFunc("GET /forms", ui.formList)
	mux.HandleFunc("POST /forms", ui.formUpload)
	mux.HandleFunc("GET /forms/{id}", ui.formPage)
	mux.HandleFunc("POST /form-versions/{id}/publish", ui.formPublish)
	mux.HandleFunc("POST /form-versions/{id}/retire", ui.formRetire)
	mux.HandleFunc("GET /form-versions/{id}/xlsx", ui.formWorkbook)
	mux.HandleFunc("GET /form-versions/{id}/xform", ui.formXForm)
	mux.HandleFunc("POST /forms/{id}/assignments", ui.formAssign)
	mux.HandleFunc("POST /forms/{id}/assignments/{user_id}/remove", ui.formUnassign)
	ui.registerFormSubmissions(mux)
	ui.registerFormMedia(mux)
}

// formCanUpload reports whether the actor may upload forms at all: for
// every organisation, or for their own.
func formCanUpload(a app.Actor) bool {
	return forms.ManagesForms(a, "") || forms.ManagesForms(a, a.OrgID)
}

// formMayAssign reports whether the actor may assign the form to people,
// as the store decides: programme staff any form to anyone, organisation
// managers their own people to their organisation's forms and everyone's.
func formMayAssign(a app.Actor, f forms.Form) bool {
	return a.AllOrgs() || (a.Role == app.RoleOrgManager && (f.OrgID == "" || f.OrgID == a.OrgID))
}

// formShowsPeople reports whether the actor may see who uploaded or
// reviewed something: viewers and enumerators see nobody else's details.
func formShowsPeople(a app.Actor) bool { return a.SeesPersonalData() }

// FormLanguages names a version's languages: "English (en), Bangla (bn)",
// or "one language" for a form without translations.
func (p *Page) FormLanguages(langs []string) string {
	out := make([]string, 0, len(langs))
	for _, l := range langs {
		if l == xlsform.DefaultLanguageKey {
			l = p.T("form.lang_default")
		}
		out = append(out, l)
	}
	return strings.Join(out, ", ")
}

// FormStateClass is the badge class of a version's state.
func (p *Page) FormStateClass(state string) string {
	return map[string]string{forms.Published: "badge-ok", forms.Draft: "badge-warn", forms.Retired: "badge-muted"}[state]
}

// FormProblemWhere says where a problem of a workbook is: the column
// header with the cell ("relevant (F12)"), or the row, or nothing.
func (p *Page) FormProblemWhere(pr xlsform.Problem) string {
	switch {
	case pr.Column != "" && pr.Cell != "":
		return pr.Column + " (" + pr.Cell + ")"
	case pr.Column != "":
		return pr.Column
	case pr.Cell != "":
		return pr.Cell
	}
	return ""
}

// formProblemRows is what the "form_problems" template needs.
type formProblemRows struct {
	Page     *Page
	Problems []xlsform.Problem
	Kind     string // problems or warnings: names the table
}

// FormProblemRows hands a table of a workbook's problems to its template.
func (p *Page) FormProblemRows(list []xlsform.Problem, kind string) formProblemRows {
	return formProblemRows{Page: p, Problems: list, Kind: kind}
}

// --- the list and the upload ---

type formListData struct {
	Forms    []forms.Form
	Purposes []string
	Purpose  string
	// The upload: who may, and for which organisations.
	CanUpload bool
	ChooseOrg bool
	Orgs      []store.Organisation
	OwnOrg    store.Organisation
	MaxMB     int
	// A refused upload's problems, and the warnings found on the way.
	Problems, Warnings []xlsform.Problem
	// CanFill: the user may fill in forms (everyone but viewers).
	CanFill bool
}

func (ui *UI) formList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "form.list_title")
	ui.showFormList(w, r, pr.Actor, http.StatusOK, p, nil)
}

// showFormList renders the list of forms with the upload form, and a
// refused upload's problems when there are any.
func (ui *UI) showFormList(w http.ResponseWriter, r *http.Request, a app.Actor, status int, p *Page, refused *xlsform.Error) {
	ctx := r.Context()
	list, err := ui.DB.Forms(ctx, a)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := formListData{Purposes: forms.Purposes, CanUpload: formCanUpload(a), ChooseOrg: a.AllOrgs(),
		CanFill: a.Role != app.RoleViewer, MaxMB: collect.MaxWorkbookBytes >> 20}
	if q := r.URL.Query().Get("purpose"); slices.Contains(forms.Purposes, q) {
		d.Purpose = q
	}
	for _, f := range list {
		if d.Purpose == "" || f.Purpose == d.Purpose {
			d.Forms = append(d.Forms, f)
		}
	}
	if d.CanUpload {
		orgs, err := ui.DB.ListOrgs(ctx)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		for _, o := range orgs {
			switch {
			case o.ID == a.OrgID && !d.ChooseOrg:
				d.OwnOrg = o
			case d.ChooseOrg && o.Kind != store.OrgIOM:
				d.Orgs = append(d.Orgs, o)
			}
		}
	}
	if refused != nil {
		d.Problems, d.Warnings = refused.Problems, refused.Warnings
	}
	p.Data = d
	ui.render(w, r, status, "form_list", p)
}

func (ui *UI) formUpload(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	if !formCanUpload(a) {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "form.list_title")
	up, err := collect.FormUploadFrom(w, r)
	p.Form.Set("purpose", up.Options.Purpose)
	p.Form.Set("org_id", up.Options.OrgID)
	if up.Options.CaseBound {
		p.Form.Set("case_bound", "1")
	}
	if err == nil {
		var v forms.Version
		if v, err = ui.Forms.Upload(r.Context(), a, up.FileName, up.Data, up.Options); err == nil {
			ui.redirect(w, r, "/forms/"+v.FormPK, "form.flash.uploaded")
			return
		}
	}
	var refused *xlsform.Error
	switch {
	case errors.As(err, &refused):
		p.Error = p.T("form.upload_refused", p.Num(len(refused.Problems)), up.FileName)
		ui.showFormList(w, r, a, http.StatusUnprocessableEntity, p, refused)
	case app.ErrorCode(err) == app.EINTERNAL || app.ErrorCode(err) == app.EUNAVAILABLE:
		ui.fail(w, r, err)
	default:
		// A missing or oversized file, a field, a version already
		// uploaded, a form of another organisation: said on the page.
		p.Error = app.MessageIn(p.Lang, err)
		for k, v := range app.FieldsIn(p.Lang, err) {
			p.Errors[k] = v
		}
		ui.showFormList(w, r, a, httpx.Status(err), p, nil)
	}
}

// --- a form's page ---

// formAssignee is a user the form is assigned to.
type formAssignee struct {
	User      store.User
	CanRemove bool
}

type formPageData struct {
	Form     forms.Form
	Versions []forms.Version
	// Questions are those of QuestionsOf: the published version, or the
	// newest when none is published.
	Questions   []collect.FormQuestion
	QuestionsOf *forms.Version
	// Warnings are the reader's remarks on the newest version, for those
	// who manage the form.
	Warnings    []xlsform.Problem
	CanManage   bool
	CanAssign   bool
	ShowPeople  bool
	Assignees   []formAssignee
	Assignable  []store.User
	Submissions bool // the actor reads submissions
	Exports     bool // the actor may export them
	// Media are the files of the versions that refer to any (forms_media.go).
	Media []formMediaVersion
}

func (ui *UI) formPage(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	ui.showFormPage(w, r, ui.actor(r, pr), http.StatusOK, ui.newPage(w, r, "form.page_title"), r.PathValue("id"))
}

// showFormPage renders a form's page with a status (409 or 422 when an
// action is re-shown with its error).
func (ui *UI) showFormPage(w http.ResponseWriter, r *http.Request, a app.Actor, status int, p *Page, id string) {
	ctx := r.Context()
	f, err := ui.DB.FormByID(ctx, a, id)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	versions, err := ui.DB.FormVersions(ctx, a, f.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := formPageData{Form: f, Versions: versions, CanManage: forms.ManagesForms(a, f.OrgID), CanAssign: formMayAssign(a, f),
		ShowPeople: formShowsPeople(a), Submissions: formSeesSubmissions(a), Exports: a.SeesReturnees()}
	d.QuestionsOf = f.Published
	if d.QuestionsOf == nil && len(versions) > 0 {
		d.QuestionsOf = &versions[0]
	}
	if d.QuestionsOf != nil {
		s, err := ui.Forms.Schema(ctx, a, d.QuestionsOf.ID)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Questions = collect.FormQuestions(s, p.Lang)
	}
	if d.CanManage && len(versions) > 0 {
		m, err := ui.Forms.Model(ctx, a, versions[0].ID)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Warnings = m.Warnings
	}
	if err := ui.formAssignments(r, a, &d); err != nil {
		ui.fail(w, r, err)
		return
	}
	if err := ui.formMediaOf(r, a, &d); err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Title = f.Title
	p.Data = d
	ui.render(w, r, status, "form_page", p)
}

// formAssignments fills in who the form is assigned to and, for those who
// may assign it, who else it may be assigned to: the form's organisation's
// people (or everyone's, for a form of every organisation), but not
// viewers, who collect nothing.
func (ui *UI) formAssignments(r *http.Request, a app.Actor, d *formPageData) error {
	ctx := r.Context()
	assigned, err := ui.DB.FormAssignees(ctx, a, d.Form.ID)
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, u := range assigned {
		taken[u.ID] = true
		d.Assignees = append(d.Assignees, formAssignee{User: u, CanRemove: a.AllOrgs() || (a.Role == app.RoleOrgManager && u.OrgID == a.OrgID)})
	}
	if !d.CanAssign {
		return nil
	}
	filter := store.UserFilter{OrgID: d.Form.OrgID}
	if !a.AllOrgs() {
		filter.OrgID = a.OrgID
	}
	users, err := ui.DB.ListUsers(ctx, a, filter)
	if err != nil {
		return err
	}
	for _, u := range users {
		if !taken[u.ID] && u.Role != app.RoleViewer {
			d.Assignable = append(d.Assignable, u)
		}
	}
	return nil
}

// --- publishing and retiring ---

func (ui *UI) formPublish(w http.ResponseWriter, r *http.Request) {
	ui.formMove(w, r, ui.DB.PublishFormVersion, "form.flash.published")
}

func (ui *UI) formRetire(w http.ResponseWriter, r *http.Request) {
	ui.formMove(w, r, ui.DB.RetireFormVersion, "form.flash.retired")
}

// formMove publishes or retires the version in the path, with the version
// number the page showed: a stale one is a conflict, shown on the form's
// page.
func (ui *UI) formMove(w http.ResponseWriter, r *http.Request, move func(ctx context.Context, a app.Actor, id string, version int) (forms.Version, error), flash string) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	v, err := ui.DB.FormVersionByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	n, convErr := strconv.Atoi(i18n.ASCIIDigits(r.PostFormValue("version")))
	if convErr != nil || n < 1 {
		err = app.Errorf(app.ECONFLICT, "someone else changed this form version since you opened it; reload and try again")
	} else {
		_, err = move(r.Context(), a, v.ID, n)
	}
	switch app.ErrorCode(err) {
	case "":
		ui.redirect(w, r, "/forms/"+v.FormPK+"#versions", flash)
	case app.ECONFLICT:
		p := ui.newPage(w, r, "form.page_title")
		p.Error = app.MessageIn(p.Lang, err)
		ui.showFormPage(w, r, a, http.StatusConflict, p, v.FormPK)
	default:
		ui.fail(w, r, err)
	}
}

// --- downloads ---

// formFileBase is a version's file name without extension: the form ID
// and the version.
func formFileBase(v forms.Version) string { return collect.FormFileName(v.FormID, "v"+v.FormVersion) }

// formSend writes a download.
func formSend(w http.ResponseWriter, contentType, disposition, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// formVersionFiles reads the version in the path and its files.
func (ui *UI) formVersionFiles(w http.ResponseWriter, r *http.Request) (forms.Version, []byte, string, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return forms.Version{}, nil, "", false
	}
	a := ui.actor(r, pr)
	v, err := ui.DB.FormVersionByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return v, nil, "", false
	}
	src, xf, err := ui.DB.FormVersionFiles(r.Context(), a, v.ID)
	if err != nil {
		ui.fail(w, r, err)
		return v, nil, "", false
	}
	return v, src, xf, true
}

// formWorkbook downloads the workbook as it was uploaded.
func (ui *UI) formWorkbook(w http.ResponseWriter, r *http.Request) {
	if v, src, _, ok := ui.formVersionFiles(w, r); ok {
		formSend(w, importer.XLSXType, "attachment", formFileBase(v)+".xlsx", src)
	}
}

// formXForm downloads the XForm, or shows it in the browser with view=1.
func (ui *UI) formXForm(w http.ResponseWriter, r *http.Request) {
	if v, _, xf, ok := ui.formVersionFiles(w, r); ok {
		disposition := "attachment"
		if r.URL.Query().Get("view") == "1" {
			disposition = "inline"
		}
		formSend(w, "application/xml; charset=utf-8", disposition, formFileBase(v)+".xml", []byte(xf))
	}
}

// --- assignments ---

// formAssigner reads the form in the path for someone who may assign it.
func (ui *UI) formAssigner(w http.ResponseWriter, r *http.Request) (*auth.Principal, forms.Form, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil, forms.Form{}, false
	}
	f, err := ui.DB.FormByID(r.Context(), pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return nil, f, false
	}
	if !formMayAssign(pr.Actor, f) {
		ui.Forbidden(w, r)
		return nil, f, false
	}
	return pr, f, true
}

func (ui *UI) formAssign(w http.ResponseWriter, r *http.Request) {
	pr, f, ok := ui.formAssigner(w, r)
	if !ok {
		return
	}
	a := ui.actor(r, pr)
	userID := strings.TrimSpace(r.PostFormValue("user_id"))
	var err error
	if userID == "" {
		err = app.FieldError("user_id", "choose who will collect this form")
	} else if _, uerr := ui.DB.UserByID(r.Context(), a, userID); uerr != nil {
		err = uerr
		if app.ErrorCode(uerr) == app.ENOTFOUND {
			err = app.FieldError("user_id", "choose one of the users listed")
		}
	} else {
		err = ui.DB.AssignForm(r.Context(), a, f.ID, userID)
	}
	switch app.ErrorCode(err) {
	case "":
		ui.redirect(w, r, "/forms/"+f.ID+"#assignments", "form.flash.assigned")
	case app.EINVALID:
		p := ui.newPage(w, r, "form.page_title")
		p.Error = app.MessageIn(p.Lang, err)
		p.Errors = app.FieldsIn(p.Lang, err)
		p.Form.Set("user_id", userID)
		ui.showFormPage(w, r, a, http.StatusUnprocessableEntity, p, f.ID)
	default:
		ui.fail(w, r, err)
	}
}

func (ui *UI) formUnassign(w http.ResponseWriter, r *http.Request) {
	pr, f, ok := ui.formAssigner(w, r)
	if !ok {
		return
	}
	a := ui.actor(r, pr)
	u, err := ui.DB.UserByID(r.Context(), a, r.PathValue("user_id"))
	if err == nil {
		err = ui.DB.UnassignForm(r.Context(), a, f.ID, u.ID)
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/forms/"+f.ID+"#assignments", "form.flash.unassigned")
}

// FormUserName is a user's name as the form's lists show it.
func (p *Page) FormUserName(u store.User) string {
	if u.FullName != "" {
		return fmt.Sprintf("%s (%s)", u.FullName, u.Username)
	}
	return u.Username
}
