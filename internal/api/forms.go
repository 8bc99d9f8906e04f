package api

import (
	"cmp"
	"context"
	"errors"
	"io"
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

// Forms (XLSForm questionnaires), their versions and assignments, and the
// submissions made with them. A questionnaire is not personal data:
// every role reads forms. Submissions are: the store scopes and audits
// every read of them.

const (
	formReaders  = "Every role: a questionnaire is not personal data."
	formManagers = "Administrators and programme managers for every form; organisation managers for their own " +
		"organisation's forms. Everyone else gets 403."
	formAssigners = "Administrators and programme managers assign any form to anyone; organisation managers assign their " +
		"organisation's people to their organisation's forms and to forms of every organisation. Everyone else gets " +
		"403. A user outside your scope is 404."
	submissionReaders = "Programme managers read every organisation's submissions; organisation managers and case workers " +
		"their organisation's; enumerators those they sent. Administrators and viewers never read submissions"
	formFileNote = "**The answer is the file**, not JSON, with `Content-Disposition: attachment` naming it " +
		"(`<form_id>-v<version>`). Problems are still application/problem+json."
)

// formSubmissionStates are the review states a list filters by.
var formSubmissionStates = []string{forms.Received, forms.Approved, forms.Rejected, forms.Edited}

// formRoutes lists this area's operations (see allRoutes).
func (s *server) formRoutes() []route {
	filters := []param{
		{Name: "review_state", Type: "string", Enum: formSubmissionStates, Description: "Only submissions in this review state (edited ones are those an edit replaced)."},
		{Name: "version_id", Type: "string", Description: "Only submissions made with this version (its id)."},
		{Name: "include_edited", Type: "boolean", Description: "Include the submissions an edit replaced (default false: current ones only)."},
	}
	return []route{
		{Method: http.MethodGet, Path: "/forms", ID: "listForms", Tag: "forms", handle: s.listForms,
			Summary: "List the forms",
			Description: "Every form, by title, with its published version (absent when none is published) and the number " +
				"of versions uploaded.",
			Roles:  formReaders,
			Query:  []param{{Name: "purpose", Type: "string", Enum: forms.Purposes, Description: "Only forms for this purpose."}},
			Status: http.StatusOK, Result: "FormList"},
		{Method: http.MethodPost, Path: "/forms", ID: "uploadForm", Tag: "forms", handle: s.uploadForm,
			Summary: "Upload an XLSForm",
			Description: "**The body** is `multipart/form-data` with the workbook (.xlsx, up to " +
				strconv.Itoa(collect.MaxWorkbookBytes>>20) + " MB; larger is 413) in a part named `file`, and optional " +
				"fields `purpose` (" + strings.Join(forms.Purposes, ", ") + "; default other), `org_id` (the organisation " +
				"whose form it is; empty for every organisation; organisation managers' forms are always their own) and " +
				"`case_bound` (true when its submissions belong to a case). The three fields apply when the upload creates " +
				"the form; a workbook whose form_id (settings sheet) is already known becomes a new version of that form and " +
				"keeps the form's own. A workbook without a version gets one from the clock.\n\n" +
				"The workbook is read whole, its expressions checked and its XForm made; the new version is a draft (201, " +
				"with Location naming the form) until it is published. **A workbook with problems is refused whole and " +
				"nothing is stored**: 422 whose `errors` has one member per place in the workbook, named `sheet!cell` " +
				"(`survey!F12`), `sheet!row N`, `sheet!column` or `sheet` (`workbook` for the file as a whole), each saying " +
				"the sheet, row and column, what is wrong and what to do, and the text found. The explanations are in " +
				"English. A version string already uploaded for the form is 409.",
			Roles:  formManagers,
			Status: http.StatusCreated, Result: "FormVersion",
			Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusRequestEntityTooLarge}},
		{Method: http.MethodGet, Path: "/forms/{id}", ID: "getForm", Tag: "forms", handle: s.getForm,
			Summary: "Read a form", Roles: formReaders,
			Status: http.StatusOK, Result: "Form"},
		{Method: http.MethodGet, Path: "/forms/{id}/versions", ID: "listFormVersions", Tag: "forms", handle: s.listFormVersions,
			Summary: "A form's versions, newest first", Roles: formReaders,
			Status: http.StatusOK, Result: "FormVersionList"},
		{Method: http.MethodPost, Path: "/form-versions/{id}/publish", ID: "publishFormVersion", Tag: "forms", handle: s.publishFormVersion,
			Summary: "Publish a draft version",
			Description: "Devices then download it, and the version published before is retired (it still accepts " +
				"submissions collected with it). Send version as read; a stale one is 409, and so is a version that is not a draft.",
			Roles: formManagers,
			Body:  "FormVersionChange", Status: http.StatusOK, Result: "FormVersion",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/form-versions/{id}/retire", ID: "retireFormVersion", Tag: "forms", handle: s.retireFormVersion,
			Summary: "Retire the published version",
			Description: "Devices no longer download it and the form has no published version until another is published; " +
				"submissions collected with it are still accepted. Send version as read; a stale one is 409, and so is a " +
				"version that is not published.",
			Roles: formManagers,
			Body:  "FormVersionChange", Status: http.StatusOK, Result: "FormVersion",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/form-versions/{id}/xlsx", ID: "downloadFormWorkbook", Tag: "forms", handle: s.downloadFormWorkbook,
			Summary:     "Download a version's workbook as it was uploaded",
			Description: formFileNote + " `Content-Type: " + importer.XLSXType + "`.",
			Roles:       formReaders,
			Status:      http.StatusOK},
		{Method: http.MethodGet, Path: "/form-versions/{id}/xform", ID: "downloadXForm", Tag: "forms", handle: s.downloadXForm,
			Summary: "Download a version's XForm",
			Description: formFileNote + " `Content-Type: application/xml; charset=utf-8`: the ODK XForms 1.0 document " +
				"devices download, with its translations.",
			Roles:  formReaders,
			Status: http.StatusOK},
		{Method: http.MethodGet, Path: "/forms/{id}/assignments", ID: "listFormAssignments", Tag: "forms", handle: s.listFormAssignments,
			Summary: "Who the form is assigned to",
			Description: "Enumerators collect only the forms assigned to them; case workers and managers also their " +
				"organisation's forms and those of every organisation.",
			Roles:  "Every role, for the users they may see: viewers and enumerators see only themselves.",
			Status: http.StatusOK, Result: "UserList"},
		{Method: http.MethodPut, Path: "/forms/{id}/assignments/{user_id}", ID: "assignForm", Tag: "forms", handle: s.assignForm,
			Summary: "Assign a form to a user",
			Description: "Assigning twice is harmless. A disabled user, or one of another organisation than the form's, " +
				"is 422 naming user_id.",
			Roles:  formAssigners,
			Status: http.StatusNoContent,
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodDelete, Path: "/forms/{id}/assignments/{user_id}", ID: "unassignForm", Tag: "forms", handle: s.unassignForm,
			Summary: "Take a form off a user's list", Description: "Removing an assignment that does not exist is harmless.",
			Roles:  formAssigners,
			Status: http.StatusNoContent,
			Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/forms/{id}/submissions", ID: "listFormSubmissions", Tag: "submissions", handle: s.listFormSubmissions,
			Summary: "A form's submissions, newest first",
			Description: "Without their answers (read one submission for those). Current submissions only unless " +
				"include_edited: an edit replaces a submission, which is kept as history. Every list is a `view` entry in " +
				"the audit trail.",
			Roles: submissionReaders + ": 403.",
			Query: append(slices.Clone(filters), param{Name: "limit", Type: "integer", Minimum: 1, Maximum: 1000,
				Description: "The most submissions to list (default 200)."}),
			Status: http.StatusOK, Result: "SubmissionList",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/forms/{id}/export", ID: "exportFormSubmissions", Tag: "submissions", handle: s.exportFormSubmissions,
			Summary: "Download a form's submissions as CSV or XLSX",
			Description: "**The answer is the file**, not JSON: with `format=xlsx` `Content-Type: " + importer.XLSXType +
				"`, a workbook with a sheet of submissions (one row each) and a sheet per repeat (one row per repeat " +
				"instance, joined to its submission by KEY and PARENT_KEY, as ODK Central exports them); with `format=csv` " +
				"(the default) `Content-Type: " + importer.CSVType + "; charset=utf-8`, one table (the submissions, or " +
				"with `table` the rows of one repeat), UTF-8 with a byte order mark and CRLF line ends. " +
				"`Content-Disposition: attachment` names the file. Problems are still application/problem+json.\n\n" +
				"The submissions are those the list gives for the same filters, oldest first, up to " +
				strconv.Itoa(store.MaxExportRows) + " (more is 422). Columns: when it was received, the questions of the " +
				"published version (then of older versions), the instance's meta columns and KEY, then who sent it, the " +
				"device, how it came, its case, its review state and its form version. With `header=labels` the headers " +
				"are the questions' labels and selections their choices' labels in `lang`; with `header=names` (the " +
				"default) question names and choice names. Every export is an `export` entry in the audit trail.",
			Roles: "Programme managers for every organisation's submissions; organisation managers and case workers for " +
				"their organisation's. Everyone else gets 403: an export leaves the system.",
			Query: append(slices.Clone(filters),
				param{Name: "format", Type: "string", Enum: []string{importer.CSV, importer.XLSX}, Description: "File format (default csv)."},
				param{Name: "header", Type: "string", Enum: []string{"names", "labels"}, Description: "Column headers and selections as names (default) or labels."},
				param{Name: "lang", Type: "string", Enum: i18n.Langs, Description: "Language of the labels (default en)."},
				param{Name: "table", Type: "string", Description: "For CSV: the repeat whose rows to export, by its path (e.g. hh/member); the submissions when left out."}),
			Status: http.StatusOK,
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/submissions/{id}", ID: "getSubmission", Tag: "submissions", handle: s.getSubmission,
			Summary:     "Read a submission with its answers",
			Description: "With the answers by key (see internal/forms/instance: `hh/member[2]/age`) and the XML as received. Every read is a `view` entry in the audit trail.",
			Roles:       submissionReaders + ": 404, like a submission outside your scope.",
			Status:      http.StatusOK, Result: "SubmissionDetail"},
		{Method: http.MethodPost, Path: "/submissions/{id}/review", ID: "reviewSubmission", Tag: "submissions", handle: s.reviewSubmission,
			Summary: "Approve or reject a submission, or put it back to received",
			Description: "Rejecting needs a review_note saying what is wrong (422 without one). A submission an edit " +
				"replaced is not reviewed (409). Send version as read; a stale one is 409.",
			Roles: "Programme managers, and the organisation managers of the submitting organisation. Others who may read " +
				"the submission get 403; everyone else 404.",
			Body: "SubmissionReview", Status: http.StatusOK, Result: "Submission",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/form-versions/{id}/media", ID: "listFormMedia", Tag: "form-media", handle: s.listFormMedia,
			Summary: "The files a version refers to",
			Description: "Every image, audio, video and data file (CSV, XML) the form refers to, by name, each with whether it is " +
				"attached and, when it is, its size and hashes. A version with a file missing cannot be published (409 naming them).",
			Roles:  formReaders,
			Status: http.StatusOK, Result: "FormMediaList"},
		{Method: http.MethodPut, Path: "/form-versions/{id}/media/{name}", ID: "attachFormMedia", Tag: "form-media", handle: s.attachFormMedia,
			Summary: "Attach a file to a draft version",
			Description: "**The body is the file itself** (not JSON, not multipart), with its `Content-Type` (image/png, text/csv...; " +
				"application/octet-stream lets the server go by the name's extension). `name` is the file's name exactly as the " +
				"form refers to it (URL-encoded); a name the form does not refer to, or one with folders in it, is 422. Up to " +
				strconv.Itoa(store.MaxFormMediaBytes>>20) + " MB (larger is 413). A CSV that a select_one_from_file or " +
				"select_multiple_from_file question reads must have the columns it takes values and labels from (name and " +
				"label unless the question's parameters say otherwise): 422 naming the file and the column.\n\n" +
				"Attaching again replaces the file while the version is a draft. The files of a published or retired version " +
				"never change (409), as devices may already hold them: upload a new version of the form instead.",
			Roles:  formManagers,
			Status: http.StatusOK, Result: "FormMedia",
			Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusRequestEntityTooLarge}},
		{Method: http.MethodGet, Path: "/form-versions/{id}/media/{name}", ID: "downloadFormMedia", Tag: "form-media", handle: s.downloadFormMedia,
			Summary:     "Download an attached file",
			Description: "**The answer is the file**, with the Content-Type it was attached with and `Content-Disposition: attachment` naming it. A file not attached yet is 404.",
			Roles:       formReaders,
			Status:      http.StatusOK},
		{Method: http.MethodDelete, Path: "/form-versions/{id}/media/{name}", ID: "detachFormMedia", Tag: "form-media", handle: s.detachFormMedia,
			Summary:     "Remove an attached file from a draft version",
			Description: "The form still refers to the file, which is missing again. Only drafts' files change (409 otherwise); a file not attached is 404.",
			Roles:       formManagers,
			Status:      http.StatusNoContent,
			Errors:      []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// Views. Viewers and enumerators see nobody else's details: the uploader
// of a version and the reviewer of a submission are left out for them.

func formVersionView(a app.Actor, v forms.Version) forms.Version {
	if !a.SeesPersonalData() {
		v.UploadedBy, v.UploadedByName = "", ""
	}
	if v.Languages == nil {
		v.Languages = []string{}
	}
	return v
}

func formView(a app.Actor, f forms.Form) forms.Form {
	if f.Published != nil {
		v := formVersionView(a, *f.Published)
		f.Published = &v
	}
	return f
}

func submissionView(a app.Actor, s forms.Submission) forms.Submission {
	if !a.SeesPersonalData() && s.SubmittedBy != a.UserID {
		s.SubmittedBy, s.SubmittedByName = "", ""
	}
	if !a.SeesPersonalData() {
		s.ReviewedBy = ""
	}
	if s.Attachments == nil {
		s.Attachments = []forms.Attachment{}
	}
	return s
}

type submissionDetail struct {
	forms.Submission
	Answers map[string]string `json:"answers"`
	XML     string            `json:"xml"`
}

// Handlers.

func (s *server) listForms(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	list, err := s.db.Forms(r.Context(), pr.Actor)
	if err != nil {
		return err
	}
	purpose := r.URL.Query().Get("purpose")
	out := []forms.Form{}
	for _, f := range list {
		if purpose == "" || f.Purpose == purpose {
			out = append(out, formView(pr.Actor, f))
		}
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

func (s *server) uploadForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	a := pr.Actor
	if !forms.ManagesForms(a, "") && !forms.ManagesForms(a, a.OrgID) {
		return app.Errorf(app.EFORBIDDEN, "your role cannot add forms for this organisation")
	}
	up, err := collect.FormUploadFrom(w, r)
	if err != nil {
		return err
	}
	v, err := s.forms.Upload(r.Context(), a, up.FileName, up.Data, up.Options)
	var refused *xlsform.Error
	if errors.As(err, &refused) {
		return formRefusal(refused)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/forms/"+v.FormPK)
	httpx.WriteJSON(w, http.StatusCreated, formVersionView(a, v))
	return nil
}

// formRefusal turns a refused workbook into a 422 naming each place in
// the workbook that has a problem (see uploadForm's description).
func formRefusal(xe *xlsform.Error) error {
	fields := map[string]string{}
	for _, p := range xe.Problems {
		key := "workbook"
		switch {
		case p.Sheet != "" && p.Cell != "":
			key = p.Sheet + "!" + p.Cell
		case p.Sheet != "" && p.Row > 0:
			key = p.Sheet + "!row " + strconv.Itoa(p.Row)
		case p.Sheet != "" && p.Column != "":
			key = p.Sheet + "!" + p.Column
		case p.Sheet != "":
			key = p.Sheet
		}
		msg := p.String()
		if p.Text != "" && !strings.Contains(msg, p.Text) {
			msg += " (found: " + p.Text + ")"
		}
		if prev, ok := fields[key]; ok {
			msg = prev + " " + msg
		}
		fields[key] = msg
	}
	return &app.Error{Code: app.EINVALID, Fields: fields, Args: []any{len(xe.Problems)},
		Message: "the XLSForm has %d problems and nothing was stored: correct them and upload it again"}
}

func (s *server) getForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	f, err := s.db.FormByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, formView(pr.Actor, f))
	return nil
}

func (s *server) listFormVersions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	list, err := s.db.FormVersions(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, func(v forms.Version) forms.Version { return formVersionView(pr.Actor, v) })))
	return nil
}

type formVersionChange struct {
	Version *int `json:"version"`
}

func (s *server) publishFormVersion(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.moveFormVersion(w, r, pr, s.db.PublishFormVersion)
}

func (s *server) retireFormVersion(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.moveFormVersion(w, r, pr, s.db.RetireFormVersion)
}

func (s *server) moveFormVersion(w http.ResponseWriter, r *http.Request, pr *auth.Principal,
	move func(ctx context.Context, a app.Actor, id string, version int) (forms.Version, error)) error {
	var in formVersionChange
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "form version")
	if err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	v, err := move(r.Context(), pr.Actor, id, *in.Version)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, formVersionView(pr.Actor, v))
	return nil
}

// formSend writes a file as the answer.
func formSend(w http.ResponseWriter, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// formVersionFiles reads the version in the path and its files.
func (s *server) formVersionFiles(r *http.Request, pr *auth.Principal) (forms.Version, []byte, string, error) {
	id, err := pathID(r, "id", "form version")
	if err != nil {
		return forms.Version{}, nil, "", err
	}
	v, err := s.db.FormVersionByID(r.Context(), pr.Actor, id)
	if err != nil {
		return v, nil, "", err
	}
	src, xf, err := s.db.FormVersionFiles(r.Context(), pr.Actor, id)
	return v, src, xf, err
}

func (s *server) downloadFormWorkbook(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	v, src, _, err := s.formVersionFiles(r, pr)
	if err != nil {
		return err
	}
	formSend(w, importer.XLSXType, collect.FormFileName(v.FormID, "v"+v.FormVersion)+".xlsx", src)
	return nil
}

func (s *server) downloadXForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	v, _, xf, err := s.formVersionFiles(r, pr)
	if err != nil {
		return err
	}
	formSend(w, "application/xml; charset=utf-8", collect.FormFileName(v.FormID, "v"+v.FormVersion)+".xml", []byte(xf))
	return nil
}

// formInPath reads the form named in the path.
func (s *server) formInPath(r *http.Request, pr *auth.Principal) (forms.Form, error) {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return forms.Form{}, err
	}
	return s.db.FormByID(r.Context(), pr.Actor, id)
}

func (s *server) listFormAssignments(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	f, err := s.formInPath(r, pr)
	if err != nil {
		return err
	}
	users, err := s.db.FormAssignees(r.Context(), pr.Actor, f.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(users))
	return nil
}

// formAssignment reads the form and the user of an assignment: a user
// outside the actor's scope is 404, like a form that does not exist.
func (s *server) formAssignment(r *http.Request, pr *auth.Principal) (forms.Form, store.User, error) {
	f, err := s.formInPath(r, pr)
	if err != nil {
		return f, store.User{}, err
	}
	a := pr.Actor
	if !a.AllOrgs() && (a.Role != app.RoleOrgManager || (f.OrgID != "" && f.OrgID != a.OrgID)) {
		return f, store.User{}, app.Errorf(app.EFORBIDDEN, "your role cannot assign this form to this user")
	}
	userID, err := pathID(r, "user_id", "user")
	if err != nil {
		return f, store.User{}, err
	}
	u, err := s.db.UserByID(r.Context(), a, userID)
	return f, u, err
}

func (s *server) assignForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	f, u, err := s.formAssignment(r, pr)
	if err != nil {
		return err
	}
	if err := s.db.AssignForm(r.Context(), pr.Actor, f.ID, u.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) unassignForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	f, u, err := s.formAssignment(r, pr)
	if err != nil {
		return err
	}
	if err := s.db.UnassignForm(r.Context(), pr.Actor, f.ID, u.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// formSubmissionQuery reads the submission filters of the query string
// (checkQuery has checked them) and the form in the path, for those who
// read submissions at all.
func (s *server) formSubmissionQuery(r *http.Request, pr *auth.Principal) (forms.Form, store.SubmissionQuery, error) {
	a := pr.Actor
	if a.Role == app.RoleViewer || a.Role == app.RoleAdmin {
		return forms.Form{}, store.SubmissionQuery{}, app.Errorf(app.EFORBIDDEN, "your role does not read submissions")
	}
	f, err := s.formInPath(r, pr)
	if err != nil {
		return f, store.SubmissionQuery{}, err
	}
	q := r.URL.Query()
	sq := store.SubmissionQuery{FormPK: f.ID, ReviewState: q.Get("review_state"), VersionID: q.Get("version_id"),
		All: queryBool(r, "include_edited") || q.Get("review_state") == forms.Edited}
	return f, sq, nil
}

func (s *server) listFormSubmissions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	limit, ok := queryInt(r, "limit", 1, 1000)
	if !ok {
		var v app.Validation
		v.Add("limit", "give a number from 1 to 1000")
		return v.Err()
	}
	_, sq, err := s.formSubmissionQuery(r, pr)
	if err != nil {
		return err
	}
	sq.Limit = int(limit)
	list, err := s.db.ListSubmissions(r.Context(), pr.Actor, sq)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, func(x forms.Submission) forms.Submission { return submissionView(pr.Actor, x) })))
	return nil
}

func (s *server) exportFormSubmissions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	a := pr.Actor
	if !a.SeesReturnees() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot export submissions")
	}
	f, sq, err := s.formSubmissionQuery(r, pr)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	format := cmp.Or(q.Get("format"), importer.CSV)
	opt := collect.FormExportOptions{Labels: q.Get("header") == "labels", Lang: cmp.Or(q.Get("lang"), "en")}
	versions, err := s.db.FormVersions(r.Context(), a, f.ID)
	if err != nil {
		return err
	}
	layout := collect.FormLayoutVersion(f, versions)
	names, err := s.forms.FormExportTables(r.Context(), a, layout)
	if err != nil {
		return err
	}
	table := q.Get("table")
	if format == importer.CSV && !slices.Contains(names, table) {
		var v app.Validation
		v.Add("table", "this form has no repeat by that path: leave table out for the submissions, or name a repeat such as hh/member")
		return v.Err()
	}
	subs, err := s.db.SubmissionExport(r.Context(), a, sq, format)
	if err != nil {
		return err
	}
	name, data, err := s.forms.FormExportFile(r.Context(), a, f.FormID, layout, subs, opt, format, table)
	if err != nil {
		return err
	}
	contentType := importer.XLSXType
	if format == importer.CSV {
		contentType = importer.CSVType + "; charset=utf-8"
	}
	w.Header().Set("Content-Language", opt.Lang)
	formSend(w, contentType, name, data)
	return nil
}

func (s *server) getSubmission(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "submission")
	if err != nil {
		return err
	}
	sub, err := s.db.SubmissionByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	answers, err := collect.FormValues(sub.Data)
	if err != nil {
		return app.Internal(err)
	}
	httpx.WriteJSON(w, http.StatusOK, submissionDetail{Submission: submissionView(pr.Actor, sub), Answers: answers, XML: sub.XML})
	return nil
}

type submissionReview struct {
	ReviewState string `json:"review_state"`
	ReviewNote  string `json:"review_note"`
	Version     *int   `json:"version"`
}

func (s *server) reviewSubmission(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in submissionReview
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id", "submission")
	if err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	sub, err := s.db.ReviewSubmission(r.Context(), pr.Actor, id, *in.Version, in.ReviewState, in.ReviewNote)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, submissionView(pr.Actor, sub))
	return nil
}

// formSchemas lists the schemas this area's operations use (see allSchemas).
func formSchemas() obj {
	langs := obj{"type": "array", "items": obj{"type": "string"},
		"description": "The form's languages as its columns name them (\"English (en)\", \"Bangla (bn)\"); \"default\" for text without a language."}
	version := obj{
		"id":               str("Version ID (UUIDv7)."),
		"form":             str("The form's id."),
		"form_id":          str("The form's form_id (settings sheet), as devices know it."),
		"form_version":     str("The settings sheet's version string; devices tell versions apart by it."),
		"state":            enum("Draft until published; publishing a newer version retires the one before.", forms.States),
		"title":            str("The form's title in this version."),
		"default_language": str("The settings sheet's default_language, or \"default\"."),
		"languages":        langs,
		"questions":        integer("Questions a person answers (not groups, notes or calculations)."),
		"file_name":        str("The workbook's file name as uploaded."),
		"source_sha256":    str("SHA-256 of the workbook as uploaded."),
		"xform_hash":       str("md5: hash of the XForm, as the OpenRosa form list gives it."),
		"uploaded_by":      str("The uploader's user ID; empty for the built-in forms, and for viewers and enumerators."),
		"uploaded_by_name": str("The uploader's username; empty as uploaded_by."),
		"uploaded_at":      timestamp("When it was uploaded."),
		"published_at":     timestamp("When it was published; absent while a draft."),
		"retired_at":       timestamp("When it was retired; absent unless retired."),
		"version":          integer("Increases with every change; send it back when publishing or retiring."),
	}
	submission := obj{
		"id":                str("Submission ID (UUIDv7)."),
		"form":              str("The form's id."),
		"form_id":           str("The form's form_id."),
		"form_version_id":   str("The version it was made with (its id)."),
		"form_version":      str("That version's version string."),
		"instance_id":       str("The OpenRosa instanceID (uuid:...), the same on every retry."),
		"deprecated_id":     str("For an edit: the instanceID of the submission it replaces; absent otherwise."),
		"instance_name":     str("The name the form's instance_name gives it; absent when none."),
		"org_id":            str("The submitting organisation."),
		"case_id":           str("The case it belongs to; absent when none."),
		"case_reference":    str("The reference of that case, such as BNSK-2026-0042; absent when none."),
		"submitted_by":      str("Who sent it (user ID); empty for viewers and enumerators reading someone else's."),
		"submitted_by_name": str("Their username; empty as submitted_by."),
		"device_id":         str("The device's ID (deviceid); absent for the web."),
		"channel":           enum("How it came.", []string{forms.ChannelWeb, forms.ChannelOpenRosa}),
		"received_at":       timestamp("When the server received it."),
		"review_state":      enum("The reviewer's decision; edited when an edit replaced it.", formSubmissionStates),
		"review_note":       str("Why it was rejected; absent when there is no note."),
		"reviewed_by":       str("The reviewer's username; absent until reviewed, and for viewers and enumerators."),
		"reviewed_at":       timestamp("When it was reviewed; absent until then."),
		"current":           schemaBool("False once an edit has replaced it."),
		"attachments":       schemaArray("Files sent with it.", ref("SubmissionAttachment")),
		"version":           integer("Increases with every change; send it back when reviewing."),
	}
	subRequired := []string{"id", "form", "form_id", "form_version_id", "form_version", "instance_id", "org_id", "submitted_by",
		"submitted_by_name", "channel", "received_at", "review_state", "current", "attachments", "version"}
	return obj{
		"Form": object("A questionnaire, known to devices by its form_id.",
			[]string{"id", "form_id", "title", "purpose", "case_bound", "built_in", "created_at", "updated_at", "version", "versions"},
			obj{
				"id":         str("Form ID (UUIDv7)."),
				"form_id":    str("The settings sheet's form_id."),
				"title":      str("The title of its published version (of its first upload before one is published)."),
				"purpose":    enum("What the form is for.", forms.Purposes),
				"org_id":     str("The organisation whose form it is; absent for a form of every organisation."),
				"org_code":   str("That organisation's code; absent with org_id."),
				"case_bound": schemaBool("Its submissions belong to a case and join the case's timeline."),
				"built_in":   schemaBool("One of the forms Remaker ships with."),
				"created_at": timestamp("When it was first uploaded."),
				"updated_at": timestamp("When it last changed."),
				"version":    integer("Increases with every change."),
				"published":  ref("FormVersion"),
				"versions":   integer("Versions uploaded."),
			}),
		"FormList": listSchema("Form"),
		"FormVersion": object("One upload of a form: the workbook and the XForm made from it.",
			[]string{"id", "form", "form_id", "form_version", "state", "title", "default_language", "languages", "questions",
				"file_name", "source_sha256", "xform_hash", "uploaded_by", "uploaded_by_name", "uploaded_at", "version"}, version),
		"FormVersionList": listSchema("FormVersion"),
		"FormVersionChange": object("The version of the form version you read.", []string{"version"}, obj{
			"version": obj{"type": "integer", "minimum": 1, "description": "As read; a stale one is 409."},
		}),
		"SubmissionAttachment": object("A file sent with a submission, kept in the data directory.",
			[]string{"name", "content_type", "size", "sha256"}, obj{
				"name":         str("Its file name, as the answers name it."),
				"content_type": str("Its media type."),
				"size":         obj{"type": "integer", "format": "int64", "description": "Bytes."},
				"sha256":       str("SHA-256 of its content."),
			}),
		"Submission":     object("A filled form, without its answers.", subRequired, submission),
		"SubmissionList": listSchema("Submission"),
		"SubmissionDetail": object("A filled form with its answers and the XML as received.", append([]string{"answers", "xml"}, subRequired...),
			withProps(submission, obj{
				"answers": obj{"type": "object", "additionalProperties": obj{"type": "string"},
					"description": "The answers by key: the question's path below the root, repeat instances numbered from 1 (hh/member[2]/age); unanswered questions left out; several choices separated by spaces."},
				"xml": str("The submission XML as received (or as made from the web form)."),
			})),
		"FormMedia": object("A file the form version refers to, attached or not.", []string{"name", "attached", "size", "version"}, obj{
			"name":             str("The file's name, exactly as the form refers to it."),
			"attached":         schemaBool("Whether the file is attached; a version with a file missing cannot be published."),
			"content_type":     str("Its media type; absent until attached."),
			"size":             obj{"type": "integer", "format": "int64", "description": "Bytes; 0 until attached."},
			"md5":              str("Hexadecimal MD5 of its content (the OpenRosa manifest gives md5:<this>); absent until attached."),
			"sha256":           str("SHA-256 of its content; absent until attached."),
			"uploaded_by":      str("Who attached it (user ID); absent until attached, and for viewers and enumerators."),
			"uploaded_by_name": str("Their username; absent as uploaded_by."),
			"uploaded_at":      timestamp("When it was attached; absent until then."),
			"version":          integer("Increases with every change."),
		}),
		"FormMediaList": listSchema("FormMedia"),
		"SubmissionReview": object("A reviewer's decision.", []string{"review_state", "version"}, obj{
			"review_state": enum("approved, rejected (with a note) or back to received.", forms.ReviewStates),
			"review_note":  obj{"type": "string", "maxLength": 2000, "description": "What is wrong, so that it can be corrected; needed to reject."},
			"version":      obj{"type": "integer", "minimum": 1, "description": "The version of the submission you read; a stale one is 409."},
		}),
	}
}

// Form media (see internal/collect/form_media.go).

func formMediaView(a app.Actor, m store.FormMedia) store.FormMedia {
	if !a.SeesPersonalData() {
		m.UploadedBy, m.UploadedByName = "", ""
	}
	return m
}

func (s *server) listFormMedia(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form version")
	if err != nil {
		return err
	}
	list, err := s.db.FormMediaList(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, func(m store.FormMedia) store.FormMedia { return formMediaView(pr.Actor, m) })))
	return nil
}

// formMediaName reads the version and file name in the path.
func formMediaName(r *http.Request) (id, name string, err error) {
	if id, err = pathID(r, "id", "form version"); err != nil {
		return "", "", err
	}
	name = r.PathValue("name")
	if name == "" || !cleanText(name) {
		return "", "", app.NotFound("form file")
	}
	return id, name, nil
}

func (s *server) attachFormMedia(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, name, err := formMediaName(r)
	if err != nil {
		return err
	}
	ct := r.Header.Get("Content-Type")
	if t, _, _ := mime.ParseMediaType(ct); t == "multipart/form-data" || t == "application/x-www-form-urlencoded" {
		return app.FieldError("file", "send the file itself as the request body, with its Content-Type")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, store.MaxFormMediaBytes))
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return &app.Error{Code: app.ETOOLARGE, Message: "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again"}
	}
	if err != nil {
		return app.FieldError("file", "the upload was interrupted: try again")
	}
	m, err := s.forms.AttachMedia(r.Context(), pr.Actor, id, name, ct, data)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, formMediaView(pr.Actor, m))
	return nil
}

func (s *server) downloadFormMedia(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, name, err := formMediaName(r)
	if err != nil {
		return err
	}
	m, data, err := s.db.FormMediaFile(r.Context(), pr.Actor, id, name)
	if err != nil {
		return err
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	formSend(w, m.ContentType, m.Name, data)
	return nil
}

func (s *server) detachFormMedia(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, name, err := formMediaName(r)
	if err != nil {
		return err
	}
	if err := s.forms.DetachMedia(r.Context(), pr.Actor, id, name); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
