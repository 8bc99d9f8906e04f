package server_test

// Forms and their submissions in the HTML interface (internal/web/forms.go
// and form_submissions.go): who may open and do what, uploads refused with
// every problem listed and nothing stored, the version lifecycle with its
// conflicts, the downloads, the review of a submission, Bangla pages, and
// the exports' contents.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// ---- fixtures ----

// formFixture holds the built-in forms the tests use: the follow-up visit
// (every organisation's, assigned to BNSK's enumerator) and the scoping
// questionnaire (with a repeat), with their published versions.
type formFixture struct {
	followup, scoping               forms.Form
	followupVersion, scopingVersion forms.Version
}

var formFixtures sync.Map // *servertest.Env -> formFixture

func formSetup(t *testing.T, e *servertest.Env) formFixture {
	t.Helper()
	if f, ok := formFixtures.Load(e); ok {
		return f.(formFixture)
	}
	if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
		t.Fatal(err)
	}
	list, err := e.DB.Forms(bg, pmActor(e))
	if err != nil {
		t.Fatal(err)
	}
	var f formFixture
	for _, x := range list {
		switch x.FormID {
		case "remaker_followup":
			f.followup, f.followupVersion = x, *x.Published
		case "remaker_scoping":
			f.scoping, f.scopingVersion = x, *x.Published
		}
	}
	if f.followup.ID == "" || f.scoping.ID == "" {
		t.Fatalf("built-in forms not loaded: %+v", list)
	}
	if err := e.DB.AssignForm(bg, e.Users["bnsk.manager"].Actor(), f.followup.ID, e.Users["bnsk.enumerator"].ID); err != nil {
		t.Fatal(err)
	}
	formFixtures.Store(e, f)
	return f
}

// formSurvey is the survey of the small forms the tests upload: a text
// question, a select and a question in a group, in English and Bangla.
var formSurvey = [][]string{
	{"text", "name", "Name", "নাম"},
	{"select_one yes_no", "works", "Works now?", "এখন কাজ করেন?"},
	{"begin_group", "home", "Home", "বাড়ি"},
	{"integer", "size", "Household size", "পরিবারের সদস্য সংখ্যা"},
	{"end_group", "", "", ""},
}

var formChoices = [][]string{{"yes_no", "yes", "Yes"}, {"yes_no", "no", "No"}}

// formUpload uploads a small form as username: org is the organisation
// whose form it is ("" for every organisation).
func formUpload(t *testing.T, e *servertest.Env, username, org, formID, version string) forms.Version {
	t.Helper()
	opts := collect.UploadOptions{Purpose: "other"}
	if org != "" {
		opts.OrgID = e.Orgs[org].ID
	}
	v, err := e.Server.Forms.Upload(bg, e.Users[username].Actor(), formID+".xlsx",
		servertest.FormWorkbook(t, formID, version, formSurvey, formChoices), opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func formVersion(t *testing.T, e *servertest.Env, id string) forms.Version {
	t.Helper()
	v, err := e.DB.FormVersionByID(bg, pmActor(e), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func formPublish(t *testing.T, e *servertest.Env, v forms.Version) forms.Version {
	t.Helper()
	v, err := e.DB.PublishFormVersion(bg, pmActor(e), v.ID, v.Version)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// formFresh returns a target: a new form's version for the cell, of org
// ("" for every organisation), published when asked.
func formFresh(org string, publish bool) func(c *cell) string {
	return func(c *cell) string {
		owner := "pm"
		if org == "BNSK" {
			owner = "bnsk.manager"
		}
		v := formUpload(c.t, c.e, owner, org, fmt.Sprintf("matrix_%d", c.n), "1")
		if publish {
			v = formPublish(c.t, c.e, v)
		}
		return v.ID
	}
}

// formFreshForm is formFresh's form (its ID, for the assignment routes),
// assigned to BNSK's enumerator when assigned.
func formFreshForm(assigned bool) func(c *cell) string {
	return func(c *cell) string {
		v := formVersion(c.t, c.e, formFresh("", false)(c))
		if assigned {
			if err := c.e.DB.AssignForm(bg, pmActor(c.e), v.FormPK, c.e.Users["bnsk.enumerator"].ID); err != nil {
				c.t.Fatal(err)
			}
		}
		return v.FormPK
	}
}

func formVersionField(c *cell) url.Values {
	return url.Values{"version": {fmt.Sprint(formVersion(c.t, c.e, c.target).Version)}}
}

func formStateIs(state string) func(c *cell) bool {
	return func(c *cell) bool { return formVersion(c.t, c.e, c.target).State == state }
}

func formEnumeratorAssigned(c *cell) bool {
	users, err := c.e.DB.FormAssignees(bg, pmActor(c.e), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	return slices.ContainsFunc(users, func(u store.User) bool { return u.Username == "bnsk.enumerator" })
}

// formSubmission returns a target: a new follow-up submission by username.
func formSubmission(username string) func(c *cell) string {
	return func(c *cell) string {
		f := formSetup(c.t, c.e)
		return c.e.FormSubmit(username, f.followupVersion.ID, fmt.Sprintf("uuid:matrix-%d", c.n),
			map[string]string{"case_ref": "BNSK-2026-0001", "met": "yes"}).ID
	}
}

func formSubmissionOf(c *cell) forms.Submission {
	s, err := c.e.DB.SubmissionByID(bg, pmActor(c.e), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

func formFollowup(c *cell) string        { return formSetup(c.t, c.e).followup.ID }
func formFollowupVersion(c *cell) string { return formSetup(c.t, c.e).followupVersion.ID }

// formAccessMatrix: every route of forms.go and form_submissions.go, as
// every actor. Forms are read by everyone; managing them follows
// forms.ManagesForms; submissions are read within the store's scope
// (never by the administrator or viewers), reviewed by managers, and
// exported by those who read returnees.
var formAccessMatrix = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/forms"},
	{want: "SI    UE    UE    NO    UE    NO    NO    UE    NO",
		method: "POST", path: "/forms", note: "not a multipart upload", form: form("purpose", "other")},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/forms/{id}", note: "built-in form", target: formFollowup},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/forms/{id}", note: "no such form", target: targetMissing},
	{want: "SI    GO    GO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/form-versions/{id}/publish", note: "BNSK's draft", target: formFresh("BNSK", false),
		form: formVersionField, applied: formStateIs(forms.Published)},
	{want: "SI    GO    GO    NO    NO    NO    NO    NO    NO",
		method: "POST", path: "/form-versions/{id}/publish", note: "every organisation's draft", target: formFresh("", false),
		form: formVersionField, applied: formStateIs(forms.Published)},
	{want: "SI    GO    GO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/form-versions/{id}/retire", note: "BNSK's published version", target: formFresh("BNSK", true),
		form: formVersionField, applied: formStateIs(forms.Retired)},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "POST", path: "/form-versions/{id}/retire", note: "no such version", target: targetMissing, form: form("version", "1")},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/form-versions/{id}/xlsx", target: formFollowupVersion},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/form-versions/{id}/xform", target: formFollowupVersion},
	{want: "SI    GO    GO    NO    GO    NO    NO    UE    NO",
		method: "POST", path: "/forms/{id}/assignments", note: "every organisation's form to BNSK's enumerator", target: formFreshForm(false),
		form: func(c *cell) url.Values { return url.Values{"user_id": {c.e.Users["bnsk.enumerator"].ID}} }, applied: formEnumeratorAssigned},
	{want: "SI    GO    GO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/forms/{id}/assignments/{user_id}/remove", note: "BNSK's enumerator", target: formFreshForm(true),
		params:  func(c *cell) map[string]string { return map[string]string{"user_id": c.e.Users["bnsk.enumerator"].ID} },
		applied: func(c *cell) bool { return !formEnumeratorAssigned(c) }},
	{want: "SI    NO    OK    NO    OK    OK    OK    OK    OK",
		method: "GET", path: "/forms/{id}/submissions", target: formFollowup},
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/forms/{id}/export", target: formFollowup},
	{want: "SI    NF    OK    NF    OK    OK    NF    NF    NF",
		method: "GET", path: "/submissions/{id}", note: "BNSK worker's", target: formSubmission("bnsk.worker")},
	{want: "SI    NF    OK    NF    OK    OK    OK    NF    NF",
		method: "GET", path: "/submissions/{id}", note: "BNSK enumerator's", target: formSubmission("bnsk.enumerator")},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/submissions/{id}", note: "no such submission", target: targetMissing},
	{want: "SI    NF    GO    NF    GO    NO    NF    NF    NF",
		method: "POST", path: "/submissions/{id}/review", note: "approve BNSK worker's", target: formSubmission("bnsk.worker"),
		form:    form("review_state", forms.Approved, "version", "1"),
		applied: func(c *cell) bool { return formSubmissionOf(c).ReviewState == forms.Approved }},
	{want: "SI    NF    GO    NF    GO    NO    NO    NF    NF",
		method: "POST", path: "/submissions/{id}/review", note: "approve BNSK enumerator's", target: formSubmission("bnsk.enumerator"),
		form:    form("review_state", forms.Approved, "version", "1"),
		applied: func(c *cell) bool { return formSubmissionOf(c).ReviewState == forms.Approved }},
	{want: "SI    NF    OK    NF    OK    OK    NF    NF    NF",
		method: "GET", path: "/submissions/{id}/xml", target: formSubmission("bnsk.worker")},
}

func TestWebFormRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, formAccessMatrix)
}

func TestWebFormMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, formAccessMatrix, "forms.go", "form_submissions.go")
}

// formNoKeys fails when a page shows a catalog key of this area instead
// of words.
func formNoKeys(t *testing.T, where, body string) {
	t.Helper()
	text := shownText(t, body)
	for k := range i18n.Keys("en") {
		if (strings.HasPrefix(k, "form.") || strings.HasPrefix(k, "submission.")) && strings.Contains(text, k) {
			t.Errorf("%s shows the catalog key %q", where, k)
		}
	}
}

// ---- uploads ----

// formPost uploads a file through the page's form as b; name "" sends no
// file part at all.
func formPost(t *testing.T, e *servertest.Env, b *servertest.Browser, name string, data []byte, fields map[string]string) *servertest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/forms", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Do(req)
}

func formCount(t *testing.T, e *servertest.Env) int {
	t.Helper()
	list, err := e.DB.Forms(bg, pmActor(e))
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// formTableRows returns the text of each cell of each body row of the
// table with the given id.
func formTableRows(t *testing.T, body, id string) [][]string {
	t.Helper()
	table := byID(parse(t, body), id)
	if table == nil {
		t.Fatalf("no table #%s", id)
	}
	var rows [][]string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Tr && n.Parent != nil && n.Parent.DataAtom == atom.Tbody {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					cells = append(cells, strings.Join(strings.Fields(textOf(c)), " "))
				}
			}
			rows = append(rows, cells)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(table)
	return rows
}

// TestWebFormUploadRefused: a workbook with problems is refused whole:
// 422, the page lists every problem with its sheet, row, column and text,
// and nothing is stored. A missing file, a file that is not a workbook
// and one that is too large are each named plainly.
func TestWebFormUploadRefused(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("pm")
		broken := servertest.FormWorkbook(t, "broken", "1", [][]string{
			{"text", "a", "A"}, {"integr", "b", "B"}, {"text", "a", "Again"}, {"select_one nolist", "c", "C"}}, nil)
		_, readErr := forms.Read(broken, "broken.xlsx")
		want := collect.ProblemsOf(readErr)
		if len(want) < 3 {
			t.Fatalf("the broken workbook has only %d problems: %v", len(want), readErr)
		}
		before := formCount(t, e)
		r := formPost(t, e, b, "broken.xlsx", broken, map[string]string{"purpose": "screening"})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("broken workbook: %d", r.StatusCode)
		}
		rows := formTableRows(t, r.Body, "form-problems")
		if len(rows) != len(want) {
			t.Errorf("%d problems listed, want %d: %v", len(rows), len(want), rows)
		}
		for i, p := range want {
			if i >= len(rows) {
				break
			}
			got := rows[i]
			if got[0] != p.Sheet || (p.Row > 0 && got[1] != fmt.Sprint(p.Row)) || !strings.Contains(got[2], p.Cell) ||
				got[3] != strings.Join(strings.Fields(p.Text), " ") || got[4] != strings.Join(strings.Fields(p.Message), " ") {
				t.Errorf("problem %d listed as %q, want %+v", i, got, p)
			}
		}
		if !strings.Contains(r.Body, "broken.xlsx") || formCount(t, e) != before {
			t.Errorf("refused upload: the file is not named, or something was stored")
		}
		checkPage(t, "refused upload", r.Body)
		formNoKeys(t, "refused upload", r.Body)

		// In Bangla: the headers and the intro translated, the reader's words as they are, marked English.
		bn := e.SignIn("bnsk.manager")
		if err := e.DB.SetLang(bg, e.Users["bnsk.manager"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		r = formPost(t, e, bn, "broken.xlsx", broken, nil)
		for _, k := range []string{"form.problem.sheet", "form.problem.row", "form.problem.message", "form.problems_heading"} {
			if !strings.Contains(r.Body, i18n.T("bn", k)) {
				t.Errorf("Bangla page lacks %s", k)
			}
		}
		if !strings.Contains(r.Body, `<td lang="en">`+html.EscapeString(want[0].Message)) {
			t.Errorf("the reader's message is not shown as English text")
		}
		if err := e.DB.SetLang(bg, e.Users["bnsk.manager"].ID, "en"); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			what, name string
			data       []byte
			status     int
			says       string
		}{
			{"no file", "", nil, http.StatusUnprocessableEntity, "choose the XLSForm workbook (.xlsx) to upload"},
			{"an empty file", "empty.xlsx", nil, http.StatusUnprocessableEntity, "choose the XLSForm workbook (.xlsx) to upload"},
			{"a CSV file", "form.csv", []byte("type,name,label\ntext,a,A\n"), http.StatusUnprocessableEntity, "This is not an Excel workbook"},
			{"a legacy workbook", "form.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy"), http.StatusUnprocessableEntity, "save the workbook as .xlsx"},
			{"a workbook over 10 MB", "big.xlsx", bytes.Repeat([]byte("x"), collect.MaxWorkbookBytes+1), http.StatusRequestEntityTooLarge, "larger than 10 MB"},
		} {
			r := formPost(t, e, b, c.name, c.data, nil)
			if r.StatusCode != c.status || !strings.Contains(html.UnescapeString(r.Body), c.says) {
				t.Errorf("%s: %d, want %d saying %q", c.what, r.StatusCode, c.status, c.says)
			}
		}
		if formCount(t, e) != before {
			t.Error("a refused upload stored a form")
		}
		// A purpose that is not one of the list, and an unknown organisation, are named.
		good := servertest.FormWorkbook(t, "good", "1", formSurvey, formChoices)
		r = formPost(t, e, b, "good.xlsx", good, map[string]string{"purpose": "gossip"})
		if r.StatusCode != http.StatusUnprocessableEntity || fieldAround(parse(t, r.Body), "purpose").message == "" {
			t.Errorf("bad purpose: %d", r.StatusCode)
		}
		r = formPost(t, e, b, "good.xlsx", good, map[string]string{"org_id": store.NewID()})
		if r.StatusCode != http.StatusUnprocessableEntity || fieldAround(parse(t, r.Body), "org_id").message == "" {
			t.Errorf("unknown organisation: %d %s", r.StatusCode, r.Body)
		}
		if formCount(t, e) != before {
			t.Error("a refused upload stored a form")
		}
	})
}

// TestWebFormLifecycle: a form uploaded through the page becomes a draft;
// publishing with a stale version is a conflict shown on the form's page;
// a second version published retires the first; the downloads carry the
// workbook as uploaded and the XForm, with their types and file names;
// the questions show in the page's language.
func TestWebFormLifecycle(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.manager")
		wb := servertest.FormWorkbook(t, "bnsk_intake", "1", formSurvey, formChoices)
		r := formPost(t, e, b, `C:\Users\Bilkis\bnsk intake.xlsx`, wb, map[string]string{"purpose": "screening", "case_bound": "1"})
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/forms/") {
			t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
		}
		formPK := strings.TrimPrefix(r.Header.Get("Location"), "/forms/")
		f, err := e.DB.FormByID(bg, pmActor(e), formPK)
		if err != nil {
			t.Fatal(err)
		}
		if f.OrgCode != "BNSK" || f.Purpose != "screening" || !f.CaseBound || f.Published != nil {
			t.Errorf("stored form: %+v", f)
		}
		versions, err := e.DB.FormVersions(bg, pmActor(e), formPK)
		if err != nil || len(versions) != 1 {
			t.Fatal(err, versions)
		}
		v1 := versions[0]
		if v1.FileName != "bnsk intake.xlsx" {
			t.Errorf("file name kept as %q", v1.FileName)
		}
		page := b.Get("/forms/" + formPK)
		if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, i18n.T("en", "form.flash.uploaded")) {
			t.Errorf("form page after upload: %d", page.StatusCode)
		}
		if rows := formTableRows(t, page.Body, "versions-table"); len(rows) != 1 || !strings.Contains(rows[0][1], "Draft") {
			t.Errorf("versions: %v", rows)
		}
		q := formTableRows(t, page.Body, "questions-table")
		if len(q) != 4 || q[3][0] != "home/size" || q[3][2] != "Household size" || q[0][1] != "text" {
			t.Errorf("questions: %v", q)
		}
		// The same version again is a conflict on the settings sheet's version.
		r = formPost(t, e, b, "again.xlsx", wb, nil)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "already uploaded") {
			t.Errorf("same version again: %d", r.StatusCode)
		}

		// Stale and wrong-state moves are conflicts shown on the form's page; nothing changes.
		for _, c := range []struct{ path, version string }{
			{"/form-versions/" + v1.ID + "/publish", fmt.Sprint(v1.Version + 1)},
			{"/form-versions/" + v1.ID + "/publish", "x"},
			{"/form-versions/" + v1.ID + "/retire", fmt.Sprint(v1.Version)},
		} {
			r := b.PostForm(c.path, url.Values{"version": {c.version}})
			if r.StatusCode != http.StatusConflict || byID(parse(t, r.Body), "versions-table") == nil {
				t.Errorf("%s version %s: %d", c.path, c.version, r.StatusCode)
			}
		}
		if formVersion(t, e, v1.ID).State != forms.Draft {
			t.Fatal("a refused move changed the version")
		}
		wantRedirect(t, "publish", b.PostForm("/form-versions/"+v1.ID+"/publish", url.Values{"version": {fmt.Sprint(v1.Version)}}),
			"/forms/"+formPK+"#versions")
		// Another tab still holding the old version is told so.
		if r := b.PostForm("/form-versions/"+v1.ID+"/retire", url.Values{"version": {fmt.Sprint(v1.Version)}}); r.StatusCode != http.StatusConflict {
			t.Errorf("stale retire: %d", r.StatusCode)
		}
		v2 := formUpload(t, e, "bnsk.manager", "", "bnsk_intake", "2")
		wantRedirect(t, "publish v2", b.PostForm("/form-versions/"+v2.ID+"/publish", url.Values{"version": {"1"}}), "/forms/"+formPK+"#versions")
		if formVersion(t, e, v1.ID).State != forms.Retired || formVersion(t, e, v2.ID).State != forms.Published {
			t.Error("publishing v2 did not retire v1")
		}
		v2 = formVersion(t, e, v2.ID)
		wantRedirect(t, "retire v2", b.PostForm("/form-versions/"+v2.ID+"/retire", url.Values{"version": {fmt.Sprint(v2.Version)}}), "/forms/"+formPK+"#versions")
		if f, _ := e.DB.FormByID(bg, pmActor(e), formPK); f.Published != nil {
			t.Error("retiring left a published version")
		}

		// Downloads, as any role.
		viewer := e.SignIn("viewer")
		r = viewer.Get("/form-versions/" + v1.ID + "/xlsx")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			r.Header.Get("Content-Disposition") != `attachment; filename=bnsk_intake-v1.xlsx` || r.Body != string(wb) {
			t.Errorf("workbook: %d %v", r.StatusCode, r.Header)
		}
		r = viewer.Get("/form-versions/" + v1.ID + "/xform")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/xml; charset=utf-8" ||
			r.Header.Get("Content-Disposition") != `attachment; filename=bnsk_intake-v1.xml` || !strings.Contains(r.Body, `id="bnsk_intake"`) {
			t.Errorf("XForm: %d %v %.200s", r.StatusCode, r.Header, r.Body)
		}
		if r := viewer.Get("/form-versions/" + v1.ID + "/xform?view=1"); !strings.HasPrefix(r.Header.Get("Content-Disposition"), "inline") {
			t.Errorf("XForm to view: %v", r.Header)
		}
		// The viewer sees the form but not who uploaded it, nor the management buttons.
		page = viewer.Get("/forms/" + formPK)
		if strings.Contains(page.Body, "bnsk.manager") || strings.Contains(page.Body, "/publish") || strings.Contains(page.Body, "/retire") {
			t.Error("the viewer's form page shows the uploader or the buttons")
		}

		// In Bangla, the questions are in Bangla.
		if err := e.DB.SetLang(bg, e.Users["bnsk.worker"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		page = e.SignIn("bnsk.worker").Get("/forms/" + formPK)
		if q := formTableRows(t, page.Body, "questions-table"); len(q) != 4 || q[3][2] != "পরিবারের সদস্য সংখ্যা" {
			t.Errorf("Bangla questions: %v", q)
		}
		checkPage(t, "Bangla form page", page.Body)
		formNoKeys(t, "Bangla form page", page.Body)
		if htmlLang(parse(t, page.Body)) != "bn" {
			t.Error("the page is not in Bangla")
		}
	})
}

// TestWebFormUploadCorpus uploads a form of the XLSForm corpus through the
// page, when the corpus is there.
func TestWebFormUploadCorpus(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../shared/xlsforms/pyxform__group.xlsx")
	if err != nil {
		t.Skip("the XLSForm corpus (../shared/xlsforms) is not here")
	}
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		r := formPost(t, e, e.SignIn("admin"), "pyxform__group.xlsx", data, map[string]string{"purpose": "other"})
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("corpus form: %d", r.StatusCode)
		}
		page := e.SignIn("admin").Get(r.Header.Get("Location"))
		if page.StatusCode != http.StatusOK || len(formTableRows(t, page.Body, "questions-table")) == 0 {
			t.Errorf("corpus form page: %d", page.StatusCode)
		}
	})
}

// TestWebFormAssignments: a manager assigns their enumerator through the
// form's page and removes the assignment; a user of another organisation
// is named as a mistake; the enumerator then collects the form.
func TestWebFormAssignments(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		v := formPublish(t, e, formUpload(t, e, "bnsk.manager", "BNSK", "bnsk_assign", "1"))
		b := e.SignIn("bnsk.manager")
		page := b.Get("/forms/" + v.FormPK)
		checkPage(t, "manager's form page", page.Body)
		sel := byID(parse(t, page.Body), "user_id")
		if sel == nil || !strings.Contains(textOf(sel), "bnsk.enumerator") || strings.Contains(textOf(sel), "warbe") {
			t.Fatalf("assignable users: %v", sel != nil)
		}
		enum := e.Users["bnsk.enumerator"]
		if ok, _ := e.DB.MayCollect(bg, enum.Actor(), v.FormPK); ok {
			t.Fatal("the enumerator collects before assignment")
		}
		wantRedirect(t, "assign", b.PostForm("/forms/"+v.FormPK+"/assignments", url.Values{"user_id": {enum.ID}}), "/forms/"+v.FormPK+"#assignments")
		if ok, _ := e.DB.MayCollect(bg, enum.Actor(), v.FormPK); !ok {
			t.Error("the enumerator does not collect after assignment")
		}
		for _, c := range []struct{ user, says string }{{"", "choose who will collect"}, {e.Users["warbe.worker"].ID, "choose one of the users listed"}} {
			r := b.PostForm("/forms/"+v.FormPK+"/assignments", url.Values{"user_id": {c.user}})
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldAround(parse(t, r.Body), "user_id").message, c.says) {
				t.Errorf("assign %q: %d", c.user, r.StatusCode)
			}
		}
		// The enumerator sees the form's page with only themselves assigned.
		page = e.SignIn("bnsk.enumerator").Get("/forms/" + v.FormPK)
		if !strings.Contains(page.Body, "bnsk.enumerator") || strings.Contains(page.Body, "user_id") {
			t.Error("the enumerator's form page")
		}
		wantRedirect(t, "remove", b.PostForm("/forms/"+v.FormPK+"/assignments/"+enum.ID+"/remove", nil), "/forms/"+v.FormPK+"#assignments")
		if ok, _ := e.DB.MayCollect(bg, enum.Actor(), v.FormPK); ok {
			t.Error("the enumerator still collects after the assignment was removed")
		}
	})
}

// ---- submissions ----

// TestWebSubmissionReview: a submission's page shows its answers beside
// the questions in the page's language; the manager rejects it with a
// note (without one it is refused, naming the note), a stale page is a
// conflict, and the list filters by review state.
func TestWebSubmissionReview(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := formSetup(t, e)
		s := e.FormSubmit("bnsk.worker", f.followupVersion.ID, "uuid:review-1", map[string]string{
			"case_ref": "BNSK-2026-0042", "done_on": "2026-01-05", "met": "yes", "visit_mode": "home",
			"found/economic_change": "better", "extra_field": "kept"})
		if err := e.DB.SetLang(bg, e.Users["bnsk.manager"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		b := e.SignIn("bnsk.manager")
		page := b.Get("/submissions/" + s.ID)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("submission page: %d", page.StatusCode)
		}
		answers := map[string][]string{}
		for _, row := range formTableRows(t, page.Body, "answers-table") {
			answers[row[0]] = row
		}
		for label, value := range map[string]string{"পরিদর্শনের তারিখ done_on": "2026-01-05", "কোথায় বা কীভাবে? visit_mode": "বাড়িতে home",
			"extra_field extra_field": "kept"} {
			if got := answers[label]; len(got) != 2 || got[1] != value {
				t.Errorf("answer %q: %v (all: %v)", label, got, answers)
			}
		}
		checkPage(t, "submission page", page.Body)
		formNoKeys(t, "Bangla submission page", page.Body)

		post := func(state, note string, version int) *servertest.Response {
			return b.PostForm("/submissions/"+s.ID+"/review", url.Values{"review_state": {state}, "review_note": {note}, "version": {fmt.Sprint(version)}})
		}
		r := post(forms.Rejected, " ", s.Version)
		if r.StatusCode != http.StatusUnprocessableEntity || fieldAround(parse(t, r.Body), "review_note").message == "" {
			t.Errorf("reject without a note: %d", r.StatusCode)
		}
		wantRedirect(t, "reject", post(forms.Rejected, "the date is wrong", s.Version), "/submissions/"+s.ID)
		r = post(forms.Approved, "", s.Version)
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "the date is wrong") {
			t.Errorf("stale review: %d", r.StatusCode)
		}
		got, _ := e.DB.SubmissionByID(bg, pmActor(e), s.ID)
		if got.ReviewState != forms.Rejected || got.ReviewNote != "the date is wrong" || got.ReviewedBy != "bnsk.manager" {
			t.Errorf("stored review: %+v", got)
		}
		// The worker sees the decision but no review form.
		page = e.SignIn("bnsk.worker").Get("/submissions/" + s.ID)
		if !strings.Contains(page.Body, "the date is wrong") || byID(parse(t, page.Body), "review_note") != nil {
			t.Error("the worker's view of a rejected submission")
		}
		list := b.Get("/forms/" + f.followup.ID + "/submissions?state=rejected")
		if rows := formTableRows(t, list.Body, "submissions-table"); len(rows) != 1 {
			t.Errorf("rejected submissions: %v", rows)
		}
		checkPage(t, "Bangla submission list", list.Body)
		formNoKeys(t, "Bangla submission list", list.Body)
		if r := b.Get("/forms/" + f.followup.ID + "/submissions?state=lost"); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown state filter: %d", r.StatusCode)
		}
		if r := b.Get("/forms/" + f.followup.ID + "/submissions?state=approved"); byID(parse(t, r.Body), "submissions-table") != nil {
			t.Error("approved filter lists the rejected submission")
		}
		// The raw XML, as received.
		x := b.Get("/submissions/" + s.ID + "/xml")
		if x.Header.Get("Content-Type") != "application/xml; charset=utf-8" || !strings.HasPrefix(x.Header.Get("Content-Disposition"), "attachment") ||
			x.Body != got.XML {
			t.Errorf("XML download: %v", x.Header)
		}
	})
}

// formScopingAnswers are the answers of a scoping interview with two skills.
func formScopingAnswers(name string) map[string]string {
	return map[string]string{
		"interview_date": "2026-02-01", "consent": "yes", "interview/profile/respondent_name": name,
		"interview/profile/sex": "female", "interview/profile/age": "31",
		"interview/skills/has_skills":          "yes",
		"interview/skills/skill[1]/skill_name": "Tailoring", "interview/skills/skill[1]/skill_years": "4",
		"interview/skills/skill[2]/skill_name": "=cmd|' /C calc'!A0", "interview/skills/skill[2]/skill_years": "-1",
	}
}

func formCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\xEF\xBB\xBF") {
		t.Fatal("the CSV file has no byte order mark")
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("the CSV file's lines do not end with CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func formColumn(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, header)
	}
	return i
}

// TestWebSubmissionExport: a form's submissions as CSV (with a byte order
// mark, the submissions or one repeat's rows) and as a workbook (a sheet
// per repeat), with names or Bangla labels; each export is audited; who
// may not export is refused.
func TestWebSubmissionExport(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := formSetup(t, e)
		e.FormSubmit("bnsk.worker", f.scopingVersion.ID, "uuid:scoping-1", formScopingAnswers("Rokeya"))
		e.FormSubmit("warbe.worker", f.scopingVersion.ID, "uuid:scoping-2", formScopingAnswers("Warbe person"))
		b := e.SignIn("bnsk.manager")
		base := "/forms/" + f.scoping.ID + "/export"

		r := b.Get(base + "?format=csv&header=names")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; filename=remaker_scoping-") {
			t.Fatalf("CSV: %d %v", r.StatusCode, r.Header)
		}
		rows := formCSV(t, r.Body)
		if len(rows) != 2 {
			t.Fatalf("CSV rows (BNSK only): %v", rows)
		}
		h := rows[0]
		if h[0] != "SubmissionDate" || h[len(h)-1] != "FormVersion" {
			t.Errorf("CSV header: %v", h)
		}
		row := rows[1]
		if row[formColumn(t, h, "interview/profile/respondent_name")] != "Rokeya" || row[formColumn(t, h, "KEY")] != "uuid:scoping-1" ||
			row[formColumn(t, h, "interview/profile/sex")] != "female" || row[formColumn(t, h, "SubmitterName")] != "bnsk.worker" ||
			row[formColumn(t, h, "ReviewState")] != "received" {
			t.Errorf("CSV row: %v", row)
		}
		// One repeat's rows, joined to their submission.
		r = b.Get(base + "?format=csv&header=names&table=interview/skills/skill")
		rows = formCSV(t, r.Body)
		if len(rows) != 3 {
			t.Fatalf("skill rows: %v", rows)
		}
		h = rows[0]
		if rows[1][formColumn(t, h, "interview/skills/skill/skill_name")] != "Tailoring" || rows[1][formColumn(t, h, "PARENT_KEY")] != "uuid:scoping-1" ||
			rows[1][formColumn(t, h, "KEY")] != "uuid:scoping-1/interview/skills/skill[1]" {
			t.Errorf("skill row: %v", rows[1])
		}
		// A formula is defused, a negative number is not.
		if got := rows[2][formColumn(t, h, "interview/skills/skill/skill_name")]; got != "'=cmd|' /C calc'!A0" {
			t.Errorf("formula written as %q", got)
		}
		if got := rows[2][formColumn(t, h, "interview/skills/skill/skill_years")]; got != "-1" {
			t.Errorf("number written as %q", got)
		}

		// The workbook, with Bangla labels.
		r = b.Get(base + "?format=xlsx&header=labels&lang=bn")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("XLSX: %d %v", r.StatusCode, r.Header)
		}
		x, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if sheets := x.GetSheetList(); !slices.Equal(sheets, []string{"remaker_scoping", "skill"}) {
			t.Errorf("sheets: %v", sheets)
		}
		main, _ := x.GetRows("remaker_scoping")
		if len(main) != 2 || main[0][0] != i18n.T("bn", "form.export.col.submitted") {
			t.Fatalf("main sheet: %v", main)
		}
		sex := slices.Index(main[0], "লিঙ্গ")
		if sex < 0 || main[1][sex] != "নারী" {
			t.Errorf("Bangla labels: header %v, row %v", main[0], main[1])
		}
		skills, _ := x.GetRows("skill")
		if len(skills) != 3 {
			t.Errorf("skill sheet: %v", skills)
		}
		years := slices.Index(skills[0], "কত বছরের অভিজ্ঞতা")
		// A number cell carries no type (or "n"); text would be a string type.
		if cell, _ := x.GetCellType("skill", fmt.Sprintf("%c2", 'A'+years)); years < 0 || (cell != excelize.CellTypeNumber && cell != excelize.CellTypeUnset) {
			t.Errorf("years are not numbers: column %d, type %v", years, cell)
		}
		key := slices.Index(skills[0], i18n.T("bn", "form.export.col.key"))
		if cell, _ := x.GetCellType("skill", fmt.Sprintf("%c2", 'A'+key)); key < 0 || (cell != excelize.CellTypeSharedString && cell != excelize.CellTypeInlineString) {
			t.Errorf("keys are not text: column %d, type %v", key, cell)
		}

		// Each export is one audit entry, naming the form and the count.
		entries, err := e.DB.ListAudit(bg, pmActor(e), store.AuditFilter{Action: store.ActExport, ObjectType: "submission"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 3 || entries[0].ObjectID != f.scoping.ID || !strings.Contains(entries[0].Details, `"rows":1`) {
			t.Errorf("audit: %+v", entries)
		}

		// The programme manager exports every organisation's; bad choices are named.
		if rows := formCSV(t, e.SignIn("pm").Get(base+"?header=names").Body); len(rows) != 3 {
			t.Errorf("programme manager's export: %d rows", len(rows))
		}
		for _, q := range []string{"format=pdf", "lang=fr", "header=both", "format=csv&table=nothing", "state=lost"} {
			if r := b.Get(base + "?" + q); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", q, r.StatusCode)
			}
		}
		for _, who := range []string{"viewer", "bnsk.enumerator", "admin"} {
			if r := e.SignIn(who).Get(base); r.StatusCode != http.StatusForbidden {
				t.Errorf("%s exports: %d", who, r.StatusCode)
			}
		}
	})
}

// TestWebFormNavigation: every signed-in role finds Forms in the menu.
func TestWebFormNavigation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, s := range servertest.Seeded {
			page := e.SignIn(s.Username).Get("/")
			if !strings.Contains(page.Body, `<a href="/forms"`) {
				t.Errorf("%s has no Forms in the menu", s.Username)
			}
		}
	})
}
