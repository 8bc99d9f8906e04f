package api_test

// Forms, their versions and assignments, and submissions through the API,
// on both databases, every answer checked against the OpenAPI document.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// formWorld is a server with the built-in forms loaded: the follow-up
// visit (every organisation's, assigned to BNSK's enumerator) and the
// scoping questionnaire, and a form uploaded by the programme manager.
type formWorld struct {
	t                 *testing.T
	e                 *servertest.Env
	followup, scoping forms.Form
	n                 int
}

func newFormWorld(t *testing.T, e *servertest.Env) *formWorld {
	t.Helper()
	if _, err := e.Server.Forms.LoadBuiltins(bgCtx); err != nil {
		t.Fatal(err)
	}
	w := &formWorld{t: t, e: e}
	list, err := e.DB.Forms(bgCtx, e.Users["pm"].Actor())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		switch f.FormID {
		case "remaker_followup":
			w.followup = f
		case "remaker_scoping":
			w.scoping = f
		}
	}
	if err := e.DB.AssignForm(bgCtx, e.Users["pm"].Actor(), w.followup.ID, e.Users["bnsk.enumerator"].ID); err != nil {
		t.Fatal(err)
	}
	w.upload("pm", "", "pm_form", "1")
	return w
}

var formTestSurvey = [][]string{
	{"text", "name", "Name", "নাম"},
	{"select_one yes_no", "works", "Works now?", "এখন কাজ করেন?"},
	{"begin_repeat", "child", "Child", "সন্তান"},
	{"integer", "age", "Age", "বয়স"},
	{"end_repeat", "", "", ""},
}

var formTestChoices = [][]string{{"yes_no", "yes", "Yes"}, {"yes_no", "no", "No"}}

// upload stores a small form's version as username, of org ("" for every
// organisation).
func (w *formWorld) upload(username, org, formID, version string) forms.Version {
	w.t.Helper()
	opts := collect.UploadOptions{}
	if org != "" {
		opts.OrgID = w.e.Orgs[org].ID
	}
	v, err := w.e.Server.Forms.Upload(bgCtx, w.e.Users[username].Actor(), formID+".xlsx",
		servertest.FormWorkbook(w.t, formID, version, formTestSurvey, formTestChoices), opts)
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

// fresh uploads a new form of org, published when asked.
func (w *formWorld) fresh(org string, publish bool) forms.Version {
	w.n++
	owner := "pm"
	if org == "BNSK" {
		owner = "bnsk.manager"
	}
	v := w.upload(owner, org, fmt.Sprintf("fresh_%d", w.n), "1")
	if publish {
		var err error
		if v, err = w.e.DB.PublishFormVersion(bgCtx, w.e.Users["pm"].Actor(), v.ID, v.Version); err != nil {
			w.t.Fatal(err)
		}
	}
	return v
}

// submit stores a new follow-up submission by username.
func (w *formWorld) submit(username string) forms.Submission {
	w.n++
	return w.e.FormSubmit(username, w.followup.Published.ID, fmt.Sprintf("uuid:api-%d", w.n),
		map[string]string{"case_ref": "BNSK-2026-0001", "met": "yes", "visit_mode": "home"})
}

// formMultipart is an upload's body: the workbook in "file" and fields.
func formMultipart(name string, data []byte, fields map[string]string) (contentType, body string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), b.String()
}

// formPost uploads through POST /forms and checks the answer.
func (a *client) formPost(token, name string, data []byte, fields map[string]string) *resp {
	a.t.Helper()
	ct, body := formMultipart(name, data, fields)
	r := send(a.t, a.e, token, http.MethodPost, "/api/v1/forms", body, http.Header{"Content-Type": {ct}})
	a.conform(http.MethodPost, "/forms", r)
	return r
}

// formFile calls an operation whose answer is a file: a problem is checked
// against the document like any answer; a file must come with a
// documented status and with a content type its description names.
func (a *client) formFile(token, pattern string, params map[string]string, query string) *resp {
	a.t.Helper()
	path := "/api/v1" + fill(pattern, params)
	if query != "" {
		path += "?" + query
	}
	r := send(a.t, a.e, token, http.MethodGet, path, "", nil)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		a.conform(http.MethodGet, pattern, r)
		return r
	}
	op := a.operation(http.MethodGet, pattern)
	responses, _ := op["responses"].(map[string]any)
	if _, ok := responses[fmt.Sprint(r.Status)]; !ok {
		a.t.Errorf("GET %s answered %d, which the document does not list", pattern, r.Status)
	}
	description, _ := op["description"].(string)
	if !strings.Contains(description, "`Content-Type: "+r.Header.Get("Content-Type")) {
		a.t.Errorf("GET %s sent %s, which the document does not describe", pattern, r.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment; filename=") {
		a.t.Errorf("GET %s: Content-Disposition %q", pattern, r.Header.Get("Content-Disposition"))
	}
	return r
}

// formRow is a row of the forms matrix: the answer is a file, or the
// body is an upload rather than JSON.
type formRow struct {
	regRow
	file, upload bool
}

// formRunMatrix calls every row as every seeded user, like runMatrix, and
// checks that viewers and enumerators never receive anyone else's details.
func formRunMatrix(t *testing.T, a *client, rows []formRow) {
	tok := tokens(a.e)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			a.t = t
			for _, s := range servertest.Seeded {
				user := s.Username
				var in regCall
				if row.call != nil {
					in = row.call(user)
				}
				var r *resp
				switch {
				case row.file:
					r = a.formFile(tok[user], row.path, in.params, in.query)
				case row.upload:
					// The call's body is the content type, a newline, and the multipart body.
					ct, _, _ := strings.Cut(in.body, "\n")
					r = send(t, a.e, tok[user], row.method, "/api/v1"+row.path, strings.TrimPrefix(in.body, ct+"\n"), http.Header{"Content-Type": {ct}})
					a.conform(row.method, row.path, r)
				default:
					r = a.do(tok[user], row.method, row.path, in.params, in.query, in.body)
				}
				if r.Status != row.want[user] {
					t.Errorf("%s: %s %s = %d, want %d: %.300s", user, row.method, row.path, r.Status, row.want[user], r.Body)
					continue
				}
				if row.check != nil && r.Status < 300 {
					row.check(t, user, r)
				}
				if (s.Role == app.RoleViewer || s.Role == app.RoleEnumerator) && r.Status < 300 && !row.file {
					for _, o := range servertest.Seeded {
						if o.Username != user && (strings.Contains(r.Body, `"`+o.Username+`"`) || strings.Contains(r.Body, a.e.Users[o.Username].ID)) {
							t.Errorf("%s received %s's details: %.300s", user, o.Username, r.Body)
						}
					}
				}
			}
		})
	}
}

// formMatrix is the access policy of the forms and submissions routes.
func formMatrix(w *formWorld) []formRow {
	e := w.e
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	followup := id(w.followup.ID)
	managers := want(403, map[string]int{"admin": 200, "pm": 200, "bnsk.manager": 200})
	assigners := want(403, map[string]int{"admin": 204, "pm": 204, "bnsk.manager": 204, "warbe.manager": 404})
	readers := want(200, map[string]int{"admin": 403, "viewer": 403})
	bnskSubmission := want(404, map[string]int{"pm": 200, "bnsk.manager": 200, "bnsk.worker": 200})
	workerSub := w.submit("bnsk.worker")
	w.submit("warbe.worker")
	w.submit("bnsk.enumerator")
	assignee := func(user string) regCall {
		f := w.fresh("", false)
		if strings.HasPrefix(user, "unassign") {
			if err := e.DB.AssignForm(bgCtx, e.Users["pm"].Actor(), f.FormPK, e.Users["bnsk.enumerator"].ID); err != nil {
				w.t.Fatal(err)
			}
		}
		return regCall{params: map[string]string{"id": f.FormPK, "user_id": e.Users["bnsk.enumerator"].ID}}
	}
	return []formRow{
		{regRow: regRow{"list forms", "GET", "/forms", nil, want(200, nil), func(t *testing.T, user string, r *resp) {
			if len(r.Items(t)) != 5 {
				t.Errorf("%d forms", len(r.Items(t)))
			}
		}}},
		{regRow: regRow{"list forms by purpose", "GET", "/forms", func(string) regCall { return regCall{query: "purpose=followup"} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "form_id") != "remaker_followup" {
					t.Errorf("followup forms: %s", r.Body)
				}
			}}},
		{upload: true, regRow: regRow{"upload a form", "POST", "/forms", func(user string) regCall {
			formID := "api_" + strings.NewReplacer(".", "_").Replace(user)
			ct, body := formMultipart(formID+".xlsx", servertest.FormWorkbook(w.t, formID, "1", formTestSurvey, formTestChoices),
				map[string]string{"purpose": "other"})
			return regCall{body: ct + "\n" + body}
		}, want(403, map[string]int{"admin": 201, "pm": 201, "bnsk.manager": 201, "warbe.manager": 201}),
			func(t *testing.T, user string, r *resp) {
				m := r.JSON(t)
				f, err := e.DB.FormByID(bgCtx, e.Users["pm"].Actor(), jstr(m, "form"))
				if err != nil || jstr(m, "state") != forms.Draft || r.Header.Get("Location") != "/api/v1/forms/"+f.ID {
					t.Fatalf("uploaded %s (%v)", r.Body, err)
				}
				if org := map[string]string{"bnsk.manager": "BNSK", "warbe.manager": "WARBE"}[user]; f.OrgCode != org {
					t.Errorf("%s's form belongs to %q", user, f.OrgCode)
				}
			}}},
		{regRow: regRow{"read a form", "GET", "/forms/{id}", func(string) regCall { return regCall{params: followup} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if m := r.JSON(t); jstr(m, "form_id") != "remaker_followup" || m["published"] == nil || !m["built_in"].(bool) {
					t.Errorf("form: %s", r.Body)
				}
			}}},
		{regRow: regRow{"list versions", "GET", "/forms/{id}/versions", func(string) regCall { return regCall{params: followup} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "state") != forms.Published {
					t.Errorf("versions: %s", r.Body)
				}
			}}},
		{regRow: regRow{"publish BNSK's draft", "POST", "/form-versions/{id}/publish", func(string) regCall {
			return regCall{params: id(w.fresh("BNSK", false).ID), body: `{"version":1}`}
		}, managers, func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "state") != forms.Published || jstr(m, "published_at") == "" {
				t.Errorf("published: %s", r.Body)
			}
		}}},
		{regRow: regRow{"retire BNSK's published version", "POST", "/form-versions/{id}/retire", func(string) regCall {
			v := w.fresh("BNSK", true)
			return regCall{params: id(v.ID), body: jsonBody(map[string]int{"version": v.Version})}
		}, managers, func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "state") != forms.Retired {
				t.Errorf("retired: %s", r.Body)
			}
		}}},
		{file: true, regRow: regRow{"download a workbook", "GET", "/form-versions/{id}/xlsx", func(string) regCall {
			return regCall{params: id(w.followup.Published.ID)}
		}, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if !strings.HasPrefix(r.Body, "PK") || r.Header.Get("Content-Disposition") != "attachment; filename=remaker_followup-v"+w.followup.Published.FormVersion+".xlsx" {
				t.Errorf("workbook: %v", r.Header)
			}
		}}},
		{file: true, regRow: regRow{"download an XForm", "GET", "/form-versions/{id}/xform", func(string) regCall {
			return regCall{params: id(w.followup.Published.ID)}
		}, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if !strings.Contains(r.Body, `id="remaker_followup"`) || !strings.Contains(r.Body, "<itext>") {
				t.Errorf("XForm: %.300s", r.Body)
			}
		}}},
		{regRow: regRow{"list assignments", "GET", "/forms/{id}/assignments", func(string) regCall { return regCall{params: followup} }, want(200, nil),
			func(t *testing.T, user string, r *resp) {
				var got []string
				for _, u := range r.Items(t) {
					got = append(got, jstr(u, "username"))
				}
				var wanted []string
				switch user {
				case "admin", "pm", "bnsk.manager", "bnsk.worker", "bnsk.enumerator":
					wanted = []string{"bnsk.enumerator"}
				}
				if !slices.Equal(got, wanted) {
					t.Errorf("%s sees assignees %v, want %v", user, got, wanted)
				}
			}}},
		{regRow: regRow{"assign a form", "PUT", "/forms/{id}/assignments/{user_id}", assignee, assigners, nil}},
		{regRow: regRow{"unassign a form", "DELETE", "/forms/{id}/assignments/{user_id}", func(string) regCall { return assignee("unassign") },
			assigners, nil}},
		{regRow: regRow{"list submissions", "GET", "/forms/{id}/submissions", func(string) regCall { return regCall{params: followup} }, readers,
			func(t *testing.T, user string, r *resp) {
				var by []string
				for _, s := range r.Items(t) {
					by = append(by, jstr(s, "org_id"))
				}
				wantN := map[string]int{"pm": 3, "bnsk.manager": 2, "bnsk.worker": 2, "bnsk.enumerator": 1, "warbe.manager": 1, "warbe.worker": 1}[user]
				if len(by) != wantN {
					t.Errorf("%s sees %d submissions, want %d: %s", user, len(by), wantN, r.Body)
				}
			}}},
		{file: true, regRow: regRow{"export submissions", "GET", "/forms/{id}/export", func(string) regCall {
			return regCall{params: followup, query: "format=csv"}
		}, want(200, map[string]int{"admin": 403, "viewer": 403, "bnsk.enumerator": 403}), nil}},
		{regRow: regRow{"read a submission", "GET", "/submissions/{id}", func(string) regCall { return regCall{params: id(workerSub.ID)} },
			bnskSubmission, func(t *testing.T, _ string, r *resp) {
				m := r.JSON(t)
				answers, _ := m["answers"].(map[string]any)
				if answers["visit_mode"] != "home" || !strings.Contains(jstr(m, "xml"), "uuid:api-1") {
					t.Errorf("submission: %s", r.Body)
				}
			}}},
		{regRow: regRow{"review a submission", "POST", "/submissions/{id}/review", func(string) regCall {
			return regCall{params: id(w.submit("bnsk.worker").ID), body: `{"review_state":"approved","version":1}`}
		}, want(404, map[string]int{"pm": 200, "bnsk.manager": 200, "bnsk.worker": 403}), func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "review_state") != forms.Approved {
				t.Errorf("review: %s", r.Body)
			}
		}}},
	}
}

func TestFormRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		formRunMatrix(t, newAPI(t, e), formMatrix(newFormWorld(t, e)))
	})
}

// Every route tagged forms or submissions is in the matrix.
func TestFormRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		covered := map[string]bool{}
		for _, r := range formMatrix(newFormWorld(t, e)) {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && (tags[0] == "forms" || tags[0] == "submissions") {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != 15 {
			t.Errorf("%d operations tagged forms or submissions, want 15", mine)
		}
	})
}

func formCount(t *testing.T, e *servertest.Env) int {
	t.Helper()
	list, err := e.DB.Forms(bgCtx, e.Users["pm"].Actor())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestFormUploadThroughTheAPI: a form of the corpus is uploaded; a broken
// one is refused with every problem named by place, and nothing stored;
// the same version again is 409; a missing file, a body that is not
// multipart and one that is too large are refused plainly.
func TestFormUploadThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		pm := e.Token("pm")
		if data, err := os.ReadFile("../../../shared/xlsforms/pyxform__group.xlsx"); err == nil {
			r := a.formPost(pm, "pyxform__group.xlsx", data, map[string]string{"purpose": "scoping", "case_bound": "true"})
			if r.Status != http.StatusCreated || jstr(r.JSON(t), "form_id") != "pyxform__group" {
				t.Errorf("corpus form: %d %s", r.Status, r.Body)
			}
			f, _ := e.DB.FormByID(bgCtx, e.Users["pm"].Actor(), jstr(r.JSON(t), "form"))
			if f.Purpose != "scoping" || !f.CaseBound || f.OrgID != "" {
				t.Errorf("corpus form stored as %+v", f)
			}
		} else {
			t.Log("the XLSForm corpus (../shared/xlsforms) is not here: the corpus upload is skipped")
		}

		before := formCount(t, e)
		broken, err := os.ReadFile("../../../shared/xlsforms/pyxform__duplicate_columns.xlsx")
		if err != nil {
			broken = servertest.FormWorkbook(t, "broken", "1", [][]string{{"text", "a", "A"}, {"text", "a", "Again"}}, nil)
		}
		_, readErr := forms.Read(broken, "broken.xlsx")
		problems := collect.ProblemsOf(readErr)
		if len(problems) == 0 {
			t.Fatalf("the broken workbook reads: %v", readErr)
		}
		r := a.formPost(pm, "broken.xlsx", broken, nil)
		errs := r.Errors(t)
		if r.Status != http.StatusUnprocessableEntity || len(errs) == 0 {
			t.Fatalf("broken workbook: %d %s", r.Status, r.Body)
		}
		for _, p := range problems {
			key := p.Sheet + "!" + p.Cell
			if p.Cell == "" {
				key = fmt.Sprintf("%s!row %d", p.Sheet, p.Row)
			}
			msg, _ := errs[key].(string)
			if !strings.Contains(msg, p.Message) || !strings.Contains(msg, fmt.Sprintf("row %d", p.Row)) || !strings.Contains(msg, p.Column) {
				t.Errorf("problem %+v answered as %q (errors %v)", p, msg, errs)
			}
		}
		if !strings.Contains(fmt.Sprint(r.JSON(t)["detail"]), "nothing was stored") || formCount(t, e) != before {
			t.Errorf("refusal: %s", r.Body)
		}

		good := servertest.FormWorkbook(t, "api_good", "1", formTestSurvey, formTestChoices)
		if r := a.formPost(e.Token("bnsk.manager"), "good.xlsx", good, nil); r.Status != http.StatusCreated {
			t.Fatalf("good workbook: %d %s", r.Status, r.Body)
		}
		if r := a.formPost(pm, "good.xlsx", good, nil); r.Status != http.StatusConflict || r.Errors(t)["version"] == nil {
			t.Errorf("same version again: %d %s", r.Status, r.Body)
		}
		// An organisation manager may not add a version to another organisation's form.
		if r := a.formPost(e.Token("warbe.manager"), "good.xlsx", servertest.FormWorkbook(t, "api_good", "2", formTestSurvey, formTestChoices), nil); r.Status != http.StatusForbidden {
			t.Errorf("WARBE's manager versions BNSK's form: %d", r.Status)
		}
		for _, c := range []struct {
			what   string
			name   string
			data   []byte
			fields map[string]string
			status int
			field  string
		}{
			{"no file", "", nil, nil, 422, "file"},
			{"an unknown purpose", "x.xlsx", good, map[string]string{"purpose": "gossip"}, 422, "purpose"},
			{"case_bound not a boolean", "x.xlsx", good, map[string]string{"case_bound": "perhaps"}, 422, "case_bound"},
			{"an unknown organisation", "x.xlsx", servertest.FormWorkbook(t, "api_org", "1", formTestSurvey, formTestChoices),
				map[string]string{"org_id": store.NewID()}, 422, "org_id"},
			{"too large", "big.xlsx", bytes.Repeat([]byte{'x'}, collect.MaxWorkbookBytes+1), nil, 413, "file"},
		} {
			r := a.formPost(pm, c.name, c.data, c.fields)
			if r.Status != c.status || r.Errors(t)[c.field] == nil {
				t.Errorf("%s: %d %s", c.what, r.Status, r.Body)
			}
		}
		r = a.do(pm, "POST", "/forms", nil, "", `{"file":"not like this"}`)
		if r.Status != http.StatusUnprocessableEntity || r.Errors(t)["file"] == nil {
			t.Errorf("JSON body: %d %s", r.Status, r.Body)
		}
		if formCount(t, e) != before+1 {
			t.Errorf("refused uploads stored forms: %d, want %d", formCount(t, e), before+1)
		}
	})
}

// TestFormLifecycleThroughTheAPI: draft, published, retired; stale
// versions and moves a state does not allow are 409 and change nothing.
func TestFormLifecycleThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newFormWorld(t, e)
		a := newAPI(t, e)
		mgr := e.Token("bnsk.manager")
		v1 := w.upload("bnsk.manager", "BNSK", "life", "1")
		move := func(v forms.Version, to string, version int) *resp {
			return a.do(mgr, "POST", "/form-versions/{id}/"+to, map[string]string{"id": v.ID}, "", jsonBody(map[string]int{"version": version}))
		}
		for _, c := range []struct {
			to      string
			version int
			status  int
		}{{"publish", 2, 409}, {"retire", 1, 409}, {"publish", 1, 200}, {"publish", 1, 409}, {"publish", 2, 409}} {
			if r := move(v1, c.to, c.version); r.Status != c.status {
				t.Errorf("%s version %d: %d, want %d: %s", c.to, c.version, r.Status, c.status, r.Body)
			}
		}
		if r := a.do(mgr, "POST", "/form-versions/{id}/publish", map[string]string{"id": v1.ID}, "", `{}`); r.Status != 422 || r.Errors(t)["version"] == nil {
			t.Errorf("no version: %d", r.Status)
		}
		v2 := w.upload("bnsk.manager", "", "life", "2")
		if r := move(v2, "publish", 1); r.Status != 200 {
			t.Fatalf("publish v2: %d %s", r.Status, r.Body)
		}
		r := a.do(mgr, "GET", "/forms/{id}/versions", map[string]string{"id": v1.FormPK}, "", "")
		items := r.Items(t)
		if len(items) != 2 || jstr(items[0], "form_version") != "2" || jstr(items[0], "state") != forms.Published || jstr(items[1], "state") != forms.Retired {
			t.Errorf("versions: %s", r.Body)
		}
		if langs := fmt.Sprint(items[0]["languages"]); langs != "[English (en) Bangla (bn)]" {
			t.Errorf("languages: %s", langs)
		}
		if jstr(a.do(mgr, "GET", "/forms/{id}", map[string]string{"id": v1.FormPK}, "", "").JSON(t)["published"].(map[string]any), "id") != v2.ID {
			t.Error("the form's published version is not v2")
		}
		if r := move(v2, "retire", 2); r.Status != 200 {
			t.Errorf("retire v2: %d %s", r.Status, r.Body)
		}
		if _, ok := a.do(mgr, "GET", "/forms/{id}", map[string]string{"id": v1.FormPK}, "", "").JSON(t)["published"]; ok {
			t.Error("a retired form still has a published version")
		}
		// Another organisation's manager may read but not change it; a missing version is 404.
		if r := a.do(e.Token("warbe.manager"), "POST", "/form-versions/{id}/retire", map[string]string{"id": v2.ID}, "", `{"version":4}`); r.Status != 403 {
			t.Errorf("WARBE retires BNSK's: %d", r.Status)
		}
		if r := a.do(mgr, "POST", "/form-versions/{id}/publish", map[string]string{"id": store.NewID()}, "", `{"version":1}`); r.Status != 404 {
			t.Errorf("missing version: %d", r.Status)
		}
		if r := a.formFile(mgr, "/form-versions/{id}/xform", map[string]string{"id": store.NewID()}, ""); r.Status != 404 {
			t.Errorf("missing XForm: %d", r.Status)
		}
	})
}

// TestFormAssignmentsThroughTheAPI: the store's assignment rules.
func TestFormAssignmentsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newFormWorld(t, e)
		a := newAPI(t, e)
		bnskForm := w.upload("bnsk.manager", "BNSK", "assign_bnsk", "1")
		put := func(user, formPK, userID string) *resp {
			return a.do(e.Token(user), "PUT", "/forms/{id}/assignments/{user_id}", map[string]string{"id": formPK, "user_id": userID}, "", "")
		}
		enum := e.Users["bnsk.enumerator"].ID
		for _, c := range []struct {
			who, form, user string
			status          int
		}{
			{"warbe.manager", bnskForm.FormPK, e.Users["warbe.worker"].ID, 403}, // not their organisation's form
			{"bnsk.manager", bnskForm.FormPK, e.Users["warbe.worker"].ID, 404},  // not their user
			{"pm", bnskForm.FormPK, e.Users["warbe.worker"].ID, 422},            // the form is BNSK's
			{"bnsk.manager", bnskForm.FormPK, enum, 204},
			{"bnsk.manager", bnskForm.FormPK, enum, 204}, // twice is harmless
			{"bnsk.manager", store.NewID(), enum, 404},
		} {
			r := put(c.who, c.form, c.user)
			if r.Status != c.status {
				t.Errorf("%s assigns %s: %d, want %d: %s", c.who, c.user, r.Status, c.status, r.Body)
			}
			if c.status == 422 && r.Errors(t)["user_id"] == nil {
				t.Errorf("422 does not name user_id: %s", r.Body)
			}
		}
		fresh, err := e.Auth.CreateUser(bgCtx, app.System, store.NewUser{OrgID: e.Orgs["BNSK"].ID, Username: "gone.enumerator",
			Role: app.RoleEnumerator, Lang: "en"}, servertest.Password)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.DB.SetDisabled(bgCtx, app.System, fresh.ID, true); err != nil {
			t.Fatal(err)
		}
		if r := put("bnsk.manager", bnskForm.FormPK, fresh.ID); r.Status != 422 {
			t.Errorf("a disabled user: %d %s", r.Status, r.Body)
		}
		// The enumerator now collects the form, and sees their assignment.
		if ok, _ := e.DB.MayCollect(bgCtx, e.Users["bnsk.enumerator"].Actor(), bnskForm.FormPK); !ok {
			t.Error("the assigned enumerator may not collect")
		}
		r := a.do(e.Token("bnsk.enumerator"), "GET", "/forms/{id}/assignments", map[string]string{"id": bnskForm.FormPK}, "", "")
		if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != enum {
			t.Errorf("the enumerator's assignments: %s", r.Body)
		}
		if r := a.do(e.Token("bnsk.manager"), "DELETE", "/forms/{id}/assignments/{user_id}", map[string]string{"id": bnskForm.FormPK, "user_id": enum}, "", ""); r.Status != 204 {
			t.Errorf("unassign: %d", r.Status)
		}
		if ok, _ := e.DB.MayCollect(bgCtx, e.Users["bnsk.enumerator"].Actor(), bnskForm.FormPK); ok {
			t.Error("the unassigned enumerator still collects")
		}
	})
}

// TestSubmissionsThroughTheAPI: reading a submission with its answers,
// the review rules (a note to reject, stale versions, replaced
// submissions), the list's filters, and the export with Bangla labels.
func TestSubmissionsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newFormWorld(t, e)
		a := newAPI(t, e)
		mgr := e.Token("bnsk.manager")
		s := w.submit("bnsk.worker")
		one := map[string]string{"id": s.ID}
		review := func(token, body string) *resp {
			return a.do(token, "POST", "/submissions/{id}/review", one, "", body)
		}
		if r := review(mgr, `{"review_state":"rejected","review_note":" ","version":1}`); r.Status != 422 || r.Errors(t)["review_note"] == nil {
			t.Errorf("reject without a note: %d %s", r.Status, r.Body)
		}
		if r := review(mgr, `{"review_state":"lost","version":1}`); r.Status != 422 || r.Errors(t)["review_state"] == nil {
			t.Errorf("unknown state: %d %s", r.Status, r.Body)
		}
		r := review(mgr, `{"review_state":"rejected","review_note":"the visit date is missing","version":1}`)
		if r.Status != 200 || jstr(r.JSON(t), "review_note") != "the visit date is missing" || jstr(r.JSON(t), "reviewed_by") != "bnsk.manager" {
			t.Fatalf("reject: %d %s", r.Status, r.Body)
		}
		if r := review(mgr, `{"review_state":"approved","version":1}`); r.Status != 409 {
			t.Errorf("stale review: %d", r.Status)
		}
		if r := review(e.Token("bnsk.worker"), `{"review_state":"approved","version":2}`); r.Status != 403 {
			t.Errorf("the worker reviews: %d", r.Status)
		}
		// The enumerator reads what they sent, without the reviewer's name, and may not review it.
		es := w.submit("bnsk.enumerator")
		enum := e.Token("bnsk.enumerator")
		r = a.do(enum, "GET", "/submissions/{id}", map[string]string{"id": es.ID}, "", "")
		if r.Status != 200 || jstr(r.JSON(t), "submitted_by_name") != "bnsk.enumerator" {
			t.Errorf("the enumerator's own: %d %s", r.Status, r.Body)
		}
		if r := a.do(enum, "POST", "/submissions/{id}/review", map[string]string{"id": es.ID}, "", `{"review_state":"approved","version":1}`); r.Status != 403 {
			t.Errorf("the enumerator reviews their own: %d", r.Status)
		}
		// An edit replaces a submission: the old one is edited and not reviewed.
		v := w.followup.Published
		edit, _, err := e.DB.SaveSubmission(bgCtx, e.Users["bnsk.worker"].Actor(), store.NewSubmission{FormVersionID: v.ID,
			InstanceID: "uuid:api-edit", DeprecatedID: s.InstanceID, XML: "<data/>", Data: `{"met":"no"}`})
		if err != nil {
			t.Fatal(err)
		}
		if r := review(mgr, `{"review_state":"approved","version":3}`); r.Status != 409 {
			t.Errorf("review a replaced submission: %d %s", r.Status, r.Body)
		}
		list := func(query string) []string {
			r := a.do(mgr, "GET", "/forms/{id}/submissions", map[string]string{"id": w.followup.ID}, query, "")
			var ids []string
			for _, it := range r.Items(t) {
				ids = append(ids, jstr(it, "id"))
			}
			return ids
		}
		if got := list(""); slices.Contains(got, s.ID) || !slices.Contains(got, edit.ID) {
			t.Errorf("current submissions: %v", got)
		}
		if got := list("review_state=edited"); !slices.Equal(got, []string{s.ID}) {
			t.Errorf("edited: %v", got)
		}
		if got := list("include_edited=true&limit=1"); len(got) != 1 {
			t.Errorf("limit: %v", got)
		}
		if r := a.do(mgr, "GET", "/forms/{id}/submissions", map[string]string{"id": w.followup.ID}, "limit=0", ""); r.Status != 422 {
			t.Errorf("limit 0: %d", r.Status)
		}

		// The scoping questionnaire exported as a workbook with Bangla labels, and a repeat as CSV.
		e.FormSubmit("bnsk.worker", w.scoping.Published.ID, "uuid:api-scoping", map[string]string{
			"interview/profile/sex": "male", "interview/skills/skill[1]/skill_name": "Welding"})
		scoping := map[string]string{"id": w.scoping.ID}
		r = a.formFile(mgr, "/forms/{id}/export", scoping, "format=xlsx&header=labels&lang=bn")
		x, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("export: %d %v", r.Status, err)
		}
		defer x.Close()
		rows, _ := x.GetRows("remaker_scoping")
		if sex := slices.Index(rows[0], "লিঙ্গ"); len(rows) != 2 || sex < 0 || rows[1][sex] != "পুরুষ" {
			t.Errorf("workbook: %v", rows)
		}
		r = a.formFile(mgr, "/forms/{id}/export", scoping, "header=names&table=interview/skills/skill")
		if !strings.HasPrefix(r.Body, "\xEF\xBB\xBF") || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("CSV: %v", r.Header)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
		if err != nil || len(recs) != 2 || !slices.Contains(recs[1], "Welding") || !slices.Contains(recs[1], "uuid:api-scoping") {
			t.Errorf("repeat CSV: %v %v", recs, err)
		}
		if r := a.formFile(mgr, "/forms/{id}/export", scoping, "table=nothing"); r.Status != 422 || r.Errors(t)["table"] == nil {
			t.Errorf("unknown table: %d %s", r.Status, r.Body)
		}
		if r := a.formFile(mgr, "/forms/{id}/export", scoping, "format=pdf"); r.Status != 422 {
			t.Errorf("unknown format: %d", r.Status)
		}
		entries, err := e.DB.ListAudit(bgCtx, e.Users["pm"].Actor(), store.AuditFilter{Action: store.ActExport, ObjectType: "submission"})
		if err != nil || len(entries) != 2 {
			t.Errorf("export audit: %d entries (%v)", len(entries), err)
		}
	})
}
