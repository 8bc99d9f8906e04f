package web

// A form's submissions: the list with its filters, each submission's page
// with its answers and the reviewer's decision, the raw XML, and the
// export of a form's submissions as CSV or XLSX. Submissions are personal
// data: the store scopes every read to the actor's organisation (an
// enumerator's to what they collected) and audits it. Viewers and the
// administrator never read them.

import (
	"cmp"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
)

func (ui *UI) registerFormSubmissions(mux *http.ServeMux) {
	mux.HandleFunc("GET /forms/{id}/submissions", ui.submissionList)
	mux.HandleFunc("GET /forms/{id}/export", ui.submissionExport)
	mux.HandleFunc("GET /submissions/{id}", ui.submissionPage)
	mux.HandleFunc("POST /submissions/{id}/review", ui.submissionReview)
	mux.HandleFunc("GET /submissions/{id}/xml", ui.submissionXML)
}

// formSeesSubmissions reports whether the actor reads any submissions:
// everyone who collects or manages, not viewers and not the administrator.
func formSeesSubmissions(a app.Actor) bool {
	return a.SignedIn() && a.Role != app.RoleViewer && a.Role != app.RoleAdmin
}

// formReviews reports whether the actor decides on the submission:
// programme managers, and the managers of the organisation it came from.
func formReviews(a app.Actor, s forms.Submission) bool {
	return a.Role == app.RoleProgrammeManager || (a.Role == app.RoleOrgManager && a.OrgID == s.OrgID)
}

// SubmissionStateClass is the badge class of a review state.
func (p *Page) SubmissionStateClass(state string) string {
	return map[string]string{forms.Approved: "badge-ok", forms.Received: "badge-warn", forms.Rejected: "badge-danger",
		forms.Edited: "badge-muted"}[state]
}

// submissionStates are the states the list filters by.
var submissionStates = []string{forms.Received, forms.Approved, forms.Rejected, forms.Edited}

type submissionListData struct {
	Form        forms.Form
	Versions    []forms.Version
	Submissions []forms.Submission
	States      []string
	Limited     bool
	CaseLinks   bool // the actor reads cases
	// The export: for those who may take submissions away, with the
	// repeats a CSV file can hold one at a time.
	Exports bool
	Repeats []string
}

// submissionFilter reads the list's filters (state, version, all) into a
// query; a filter that is not one of those offered is named in errs.
func submissionFilter(p *Page, formPK string, versions []forms.Version, errs map[string]string) store.SubmissionQuery {
	q := store.SubmissionQuery{FormPK: formPK, ReviewState: p.Val("state"), VersionID: p.Val("version"), All: p.Val("all") == "1"}
	if q.ReviewState != "" && !slices.Contains(submissionStates, q.ReviewState) {
		errs["f-state"] = p.T("submission.error.state")
		q.ReviewState = ""
	}
	if q.VersionID != "" && !slices.ContainsFunc(versions, func(v forms.Version) bool { return v.ID == q.VersionID }) {
		errs["f-version"] = p.T("submission.error.version")
		q.VersionID = ""
	}
	// Edited submissions are the replaced ones: asking for them includes them.
	q.All = q.All || q.ReviewState == forms.Edited
	return q
}

func (ui *UI) submissionList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	if !formSeesSubmissions(a) {
		ui.Forbidden(w, r)
		return
	}
	ctx := r.Context()
	f, err := ui.DB.FormByID(ctx, a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	versions, err := ui.DB.FormVersions(ctx, a, f.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "submission.list_title")
	for _, k := range []string{"state", "version", "all"} {
		p.Form.Set(k, r.URL.Query().Get(k))
	}
	q := submissionFilter(p, f.ID, versions, p.Errors)
	list, err := ui.DB.ListSubmissions(ctx, a, q)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := submissionListData{Form: f, Versions: versions, Submissions: list, States: submissionStates,
		Limited: len(list) == submissionListLimit, CaseLinks: a.SeesReturnees(), Exports: a.SeesReturnees()}
	if d.Exports {
		tables, err := ui.Forms.FormExportTables(ctx, a, collect.FormLayoutVersion(f, versions))
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Repeats = tables[1:]
	}
	p.Title = p.T("submission.list_title_of", f.Title)
	p.Data = d
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	ui.render(w, r, status, "submission_list", p)
}

// submissionListLimit is the store's default: the most submissions one
// list shows (the export has them all).
const submissionListLimit = 200

// --- the export ---

func (ui *UI) submissionExport(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	if !a.SeesReturnees() {
		ui.Forbidden(w, r)
		return
	}
	ctx := r.Context()
	f, err := ui.DB.FormByID(ctx, a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	versions, err := ui.DB.FormVersions(ctx, a, f.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "submission.list_title")
	q := r.URL.Query()
	for _, k := range []string{"state", "version", "all"} {
		p.Form.Set(k, q.Get(k))
	}
	bad := map[string]string{}
	sq := submissionFilter(p, f.ID, versions, bad)
	format, okFormat := fileFormat(q.Get("format"))
	opt := collect.FormExportOptions{Labels: q.Get("header") != "names", Lang: cmp.Or(q.Get("lang"), p.Lang)}
	if !okFormat || !slices.Contains(i18n.Langs, opt.Lang) || !slices.Contains([]string{"", "names", "labels"}, q.Get("header")) || len(bad) > 0 {
		ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.cannot_do.title", p.T("submission.error.export"))
		return
	}
	layout := collect.FormLayoutVersion(f, versions)
	names, err := ui.Forms.FormExportTables(ctx, a, layout)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	table := q.Get("table")
	if format == importer.CSV && !slices.Contains(names, table) {
		ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.cannot_do.title", p.T("submission.error.table"))
		return
	}
	subs, err := ui.DB.SubmissionExport(ctx, a, sq, format)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	name, data, err := ui.Forms.FormExportFile(ctx, a, f.FormID, layout, subs, opt, format, table)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	sendFile(w, format, name, data)
}

// --- a submission ---

type submissionPageData struct {
	Submission forms.Submission
	Form       forms.Form
	Answers    []collect.FormAnswer
	// Unreadable: the stored answers could not be read (shown raw in the XML).
	Unreadable bool
	CanReview  bool
	CaseLink   bool
	ShowPeople bool
	States     []string
}

func (ui *UI) submissionPage(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	ui.showSubmission(w, r, ui.actor(r, pr), http.StatusOK, ui.newPage(w, r, "submission.page_title"))
}

// showSubmission renders the submission in the path with a status (409 or
// 422 when the review form is re-shown with its error).
func (ui *UI) showSubmission(w http.ResponseWriter, r *http.Request, a app.Actor, status int, p *Page) {
	ctx := r.Context()
	s, err := ui.DB.SubmissionByID(ctx, a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	f, err := ui.DB.FormByID(ctx, a, s.FormPK)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := submissionPageData{Submission: s, Form: f, CanReview: formReviews(a, s) && s.Current, CaseLink: a.SeesReturnees(),
		ShowPeople: formShowsPeople(a), States: forms.ReviewStates}
	schema, err := ui.Forms.Schema(ctx, a, s.FormVersionID)
	if err != nil && app.ErrorCode(err) != app.EINTERNAL {
		ui.fail(w, r, err)
		return
	}
	if err != nil {
		// The answers are still shown, by key.
		slog.ErrorContext(ctx, "form version does not read", "err", err, "version", s.FormVersionID)
	}
	if d.Answers, err = collect.FormAnswers(schema, s.Data, p.Lang); err != nil {
		d.Unreadable = true
	}
	if p.Form.Get("review_state") == "" {
		p.Form.Set("review_state", s.ReviewState)
		if s.ReviewState == forms.Edited {
			p.Form.Set("review_state", forms.Received)
		}
	}
	p.Title = p.T("submission.page_title_of", f.Title)
	p.Data = d
	ui.render(w, r, status, "submission_page", p)
}

func (ui *UI) submissionReview(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	state, note := r.PostFormValue("review_state"), r.PostFormValue("review_note")
	version, convErr := strconv.Atoi(i18n.ASCIIDigits(r.PostFormValue("version")))
	var err error
	if convErr != nil || version < 1 {
		// A page without the version it was read at cannot be checked.
		if _, err = ui.DB.SubmissionByID(r.Context(), a, r.PathValue("id")); err == nil {
			err = app.Errorf(app.ECONFLICT, "someone else reviewed this submission since you opened it; reload to see their decision")
		}
	} else {
		_, err = ui.DB.ReviewSubmission(r.Context(), a, r.PathValue("id"), version, state, note)
	}
	switch app.ErrorCode(err) {
	case "":
		ui.redirect(w, r, "/submissions/"+r.PathValue("id"), "submission.flash.reviewed")
	case app.EINVALID, app.ECONFLICT:
		p := ui.newPage(w, r, "submission.page_title")
		p.Error = app.MessageIn(p.Lang, err)
		p.Errors = app.FieldsIn(p.Lang, err)
		if p.Errors == nil {
			p.Errors = map[string]string{}
		}
		if app.ErrorCode(err) == app.EINVALID {
			// Keep what the reviewer wrote; a conflict shows the other decision.
			p.Form.Set("review_state", state)
			p.Form.Set("review_note", note)
		}
		ui.showSubmission(w, r, a, httpx.Status(err), p)
	default:
		ui.fail(w, r, err)
	}
}

// submissionXML downloads the submission as it was received.
func (ui *UI) submissionXML(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	s, err := ui.DB.SubmissionByID(r.Context(), ui.actor(r, pr), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	name := collect.FormFileName(s.FormID, strings.TrimPrefix(s.InstanceID, "uuid:")) + ".xml"
	formSend(w, "application/xml; charset=utf-8", "attachment", name, []byte(s.XML))
}
