package api_test

// Importing people and exporting the people list through the API, every
// answer checked against the OpenAPI document.

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

var bgCtx = context.Background()

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func importData(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "registry", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// upload sends a file to POST /imports/people as the raw body with
// contentType, and checks the answer against the document.
func (a *client) upload(token, query, contentType string, data []byte) *resp {
	a.t.Helper()
	path := "/api/v1/imports/people"
	if query != "" {
		path += "?" + query
	}
	h := http.Header{"Content-Type": {contentType}}
	for k, v := range a.Header {
		h[k] = v
	}
	r := send(a.t, a.e, token, http.MethodPost, path, string(data), h)
	a.conform(http.MethodPost, "/imports/people", r)
	return r
}

// uploadForm sends a file as multipart/form-data in the part "file".
func (a *client) uploadForm(token, query, name string, data []byte) *resp {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("note", "parts other than file are ignored")
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return a.upload(token, query, mw.FormDataContentType(), body.Bytes())
}

// download calls GET /exports/people. A problem is checked against the
// document like any answer; a file must come with a documented status and
// with a content type the operation documents, in its responses or, for
// file bodies the route table cannot list there, in its description.
func (a *client) download(token, query string) *resp {
	a.t.Helper()
	path := "/api/v1/exports/people"
	if query != "" {
		path += "?" + query
	}
	r := send(a.t, a.e, token, http.MethodGet, path, "", a.Header)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") {
		a.conform(http.MethodGet, "/exports/people", r)
		return r
	}
	op := a.operation(http.MethodGet, "/exports/people")
	responses, _ := op["responses"].(map[string]any)
	desc, ok := responses[fmt.Sprint(r.Status)].(map[string]any)
	if !ok {
		a.t.Errorf("GET /exports/people answered %d, which the document does not list", r.Status)
		return r
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	content, _ := a.resolve(desc)["content"].(map[string]any)
	description, _ := op["description"].(string)
	if _, listed := content[ct]; !listed && !strings.Contains(description, "`Content-Type: "+ct) {
		a.t.Errorf("GET /exports/people sent %s, which the document does not describe", ct)
	}
	return r
}

func personCount(t *testing.T, e *servertest.Env, username string) int {
	t.Helper()
	rows, err := e.DB.SearchPersons(bgCtx, e.Users[username].Actor(), store.PersonQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func num(m map[string]any, k string) int { f, _ := m[k].(float64); return int(f) }

func TestAPIImportJourney(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		tok := e.Token("bnsk.worker")
		data := importData(t, "people.csv")

		dry := a.upload(tok, "dry_run=true", "text/csv", data)
		d := dry.JSON(t)
		if dry.Status != http.StatusOK || d["dry_run"] != true || num(d, "created") != 4 || num(d, "episodes") != 3 ||
			num(d, "problem_count") != 0 || num(d, "rows") != 4 || d["format"] != "csv" || d["import_id"] != nil {
			t.Fatalf("dry run: %d %s", dry.Status, dry.Body)
		}
		cols := d["columns"].([]any)
		if c := cols[1].(map[string]any); c["column"] != "B" || c["header"] != "Name" || c["field"] != "name" {
			t.Errorf("column B: %v", c)
		}
		if c := cols[13].(map[string]any); c["field"] != "" {
			t.Errorf("the Notes column is mapped: %v", c)
		}
		if n := personCount(t, e, "bnsk.worker"); n != 0 {
			t.Fatalf("a dry run wrote %d people", n)
		}

		r := a.upload(tok, "", "text/csv; charset=utf-8", data)
		got := r.JSON(t)
		if r.Status != http.StatusOK || got["dry_run"] != false || num(got, "created") != 4 || got["import_id"] == "" {
			t.Fatalf("import: %d %s", r.Status, r.Body)
		}
		if n := personCount(t, e, "bnsk.worker"); n != 4 {
			t.Fatalf("%d people after the import", n)
		}
		// The same file again, even as a form upload: nothing new.
		r = a.uploadForm(tok, "", "people.csv", data)
		if got := r.JSON(t); r.Status != http.StatusOK || num(got, "created") != 0 || num(got, "already_imported") != 4 {
			t.Errorf("second import: %d %s", r.Status, r.Body)
		}
		if n := personCount(t, e, "bnsk.worker"); n != 4 {
			t.Fatalf("%d people after importing twice", n)
		}

		// A workbook's named sheet, with the mapping changed: without its
		// own ID column, its first row is the same person as R-001 by
		// content but not by key, and its NID is already registered.
		mapping := url.QueryEscape(`{"Beneficiary ID":""}`)
		r = a.upload(tok, "dry_run=1&sheet=Returnees&mapping="+mapping, xlsxType, importData(t, "people.xlsx"))
		got = r.JSON(t)
		problems, _ := got["problems"].([]any)
		if r.Status != http.StatusOK || got["sheet"] != "Returnees" || len(problems) != 1 {
			t.Fatalf("workbook dry run: %d %s", r.Status, r.Body)
		}
		if p := problems[0].(map[string]any); num(p, "row") != 4 || p["column"] != "NID No" || p["cell"] != "F4" || p["field"] != "nid" {
			t.Errorf("workbook problem: %v", p)
		}
		r = a.upload(tok, "sheet=Returnees&mapping="+mapping, xlsxType, importData(t, "people.xlsx"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.JSON(t)["detail"].(string), "row 4") ||
			r.Errors(t)["row 4: NID No"] == nil {
			t.Errorf("workbook import: %d %s", r.Status, r.Body)
		}
		if n := personCount(t, e, "bnsk.worker"); n != 4 {
			t.Fatalf("%d people after a refused import", n)
		}

		entries, _ := e.DB.ListAudit(bgCtx, e.Users["admin"].Actor(), store.AuditFilter{Action: store.ActImport})
		if len(entries) != 2 || entries[0].ActorID != e.Users["bnsk.worker"].ID || !strings.Contains(entries[1].Details, `"created":4`) {
			t.Errorf("audit: %+v", entries)
		}
	})
}

func TestAPIImportOneBadRowInTenThousand(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		var sb strings.Builder
		sb.WriteString("Name;Sex;Date of birth;District\n")
		for i := range 10_000 {
			birth := fmt.Sprintf("%02d/%02d/19%02d", 1+i%28, 1+i%12, 50+i%50)
			if i == 7_499 {
				birth = "31/02/1990" // spreadsheet row 7,501
			}
			fmt.Fprintf(&sb, "Person %05d;%s;%s;Tangail\n", i, []string{"female", "male"}[i%2], birth)
		}
		a := newAPI(t, e)
		tok := e.Token("warbe.manager")
		r := a.upload(tok, "dry_run=true", "text/csv", []byte(sb.String()))
		got := r.JSON(t)
		problems, _ := got["problems"].([]any)
		if r.Status != http.StatusOK || num(got, "problem_count") != 1 || len(problems) != 1 || num(got, "created") != 9_999 {
			t.Fatalf("dry run: %d %.500s", r.Status, r.Body)
		}
		if p := problems[0].(map[string]any); num(p, "row") != 7501 || p["column"] != "Date of birth" || p["cell"] != "C7501" {
			t.Errorf("problem: %v", p)
		}
		r = a.upload(tok, "", "text/csv", []byte(sb.String()))
		detail, _ := r.JSON(t)["detail"].(string)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(detail, "nothing was imported") || !strings.Contains(detail, "row 7501") ||
			!strings.Contains(detail, `"Date of birth"`) || r.Errors(t)["row 7501: Date of birth"] == nil {
			t.Errorf("import: %d %s", r.Status, r.Body)
		}
		a.Header = http.Header{"Accept-Language": {"bn"}}
		r = a.upload(tok, "", "text/csv", []byte(sb.String()))
		a.Header = nil
		if detail, _ := r.JSON(t)["detail"].(string); !strings.Contains(detail, "কিছুই ইমপোর্ট হয়নি") || !strings.Contains(detail, "7501") {
			t.Errorf("Bangla: %s", detail)
		}
		if n := personCount(t, e, "warbe.manager"); n != 0 {
			t.Errorf("%d people written by a refused import", n)
		}
	})
}

func TestAPIImportRefusals(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		data := importData(t, "people_tab.csv")
		for _, u := range []string{"admin", "pm", "viewer", "bnsk.enumerator"} {
			if r := a.upload(e.Token(u), "", "text/csv", data); r.Status != http.StatusForbidden {
				t.Errorf("%s imports: %d", u, r.Status)
			}
		}
		tok := e.Token("bnsk.worker")
		for _, c := range []struct {
			name, query, ct string
			data            []byte
			status          int
			field, detail   string
		}{
			{"Latin-1", "", "text/csv", importData(t, "latin1.csv"), 422, "", "UTF-8"},
			{"JSON", "", "application/json", []byte(`{"name":"x"}`), 422, "", "multipart/form-data"},
			{"no type", "", "", data, 422, "", "text/csv"},
			{"unclosed quote", "", "text/csv", importData(t, "unclosed_quote.csv"), 422, "", "row 2"},
			{"mapping not JSON", "mapping=Name", "text/csv", data, 422, "mapping", ""},
			{"mapping of an unknown header", "mapping=" + url.QueryEscape(`{"Nothing":"village"}`), "text/csv", data, 422, "mapping.Nothing", ""},
			{"mapping to an unknown field", "mapping=" + url.QueryEscape(`{"Phone":"fax"}`), "text/csv", data, 422, "mapping.Phone", ""},
			{"mapping without sex", "mapping=" + url.QueryEscape(`{"Sex":""}`), "text/csv", data, 422, "mapping", ""},
			{"unknown parameter", "dryrun=true", "text/csv", data, 422, "dryrun", ""},
			{"no such sheet", "sheet=People", xlsxType, importData(t, "people.xlsx"), 422, "", "Notes, Returnees"},
			{"too large", "", "text/csv", bytes.Repeat([]byte("a,b\n"), 21<<18), 413, "", "20 MB"},
		} {
			r := a.upload(tok, c.query, c.ct, c.data)
			if r.Status != c.status {
				t.Errorf("%s: %d, want %d: %.300s", c.name, r.Status, c.status, r.Body)
				continue
			}
			if c.field != "" && r.Errors(t)[c.field] == nil {
				t.Errorf("%s: errors.%s missing: %s", c.name, c.field, r.Body)
			}
			if detail, _ := r.JSON(t)["detail"].(string); !strings.Contains(detail, c.detail) {
				t.Errorf("%s: detail %q lacks %q", c.name, detail, c.detail)
			}
		}
		if r := a.uploadForm(tok, "", "", nil); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an empty form file: %d", r.Status)
		}
		if n := personCount(t, e, "bnsk.worker"); n != 0 {
			t.Errorf("%d people written", n)
		}
	})
}

func exportRows(t *testing.T, r *resp) [][]string {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	if !strings.HasPrefix(r.Body, "\ufeff") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export is not a CSV download: %s %s %.20q", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), r.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAPIExportScope(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		if r := a.upload(e.Token("bnsk.worker"), "", "text/csv", importData(t, "people.csv")); r.Status != http.StatusOK {
			t.Fatal(r.Body)
		}
		if r := a.upload(e.Token("warbe.worker"), "", "text/csv", importData(t, "people_bn_semicolon.csv")); r.Status != http.StatusOK {
			t.Fatal(r.Body)
		}
		bnskNames := []string{"Md. Abdur Rahim", "Rahima Khatun", "Shirin Akter", "Kamal Hossain"}
		warbe := e.Token("warbe.worker")
		for _, q := range []string{"", "org_id=" + e.Orgs["BNSK"].ID, "q=rahim", "district=BD2051", "sex=male", "destination=SA", "return_year=2023"} {
			r := a.download(warbe, q)
			rows := exportRows(t, r)
			for _, n := range bnskNames {
				if strings.Contains(r.Body, n) {
					t.Errorf("WARBE's export with %q holds BNSK's %s", q, n)
				}
			}
			for _, row := range rows[1:] {
				if row[1] != "WARBE" {
					t.Errorf("WARBE's export with %q has a row of %s", q, row[1])
				}
			}
		}
		if rows := exportRows(t, a.download(warbe, "")); len(rows) != 3 || rows[0][0] != "Remaker ID" {
			t.Errorf("WARBE's export: %v", rows)
		}
		pm := e.Token("pm")
		rows := exportRows(t, a.download(pm, "lang=bn"))
		if len(rows) != 7 || rows[0][0] != "রিমেকার আইডি" {
			t.Errorf("programme manager: %d rows, headers %v", len(rows)-1, rows[0][:3])
		}
		var orgs []string
		for _, row := range rows[1:] {
			if !slices.Contains(orgs, row[1]) {
				orgs = append(orgs, row[1])
			}
		}
		slices.Sort(orgs)
		if !slices.Equal(orgs, []string{"BNSK", "WARBE"}) {
			t.Errorf("programme manager's organisations: %v", orgs)
		}
		if rows := exportRows(t, a.download(pm, "org_id="+e.Orgs["BNSK"].ID+"&sex=female")); len(rows) != 3 {
			t.Errorf("programme manager, BNSK women: %d", len(rows)-1)
		}
		r := a.download(e.Token("bnsk.manager"), "format=xlsx")
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != xlsxType {
			t.Fatalf("xlsx: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		sheetRows, _ := f.GetRows(f.GetSheetList()[0])
		f.Close()
		if len(sheetRows) != 5 {
			t.Errorf("xlsx rows: %d", len(sheetRows))
		}
		for _, u := range []string{"admin", "viewer", "bnsk.enumerator"} {
			if r := a.download(e.Token(u), ""); r.Status != http.StatusForbidden {
				t.Errorf("%s exports: %d", u, r.Status)
			}
		}
		for _, q := range []string{"format=pdf", "sex=unknown", "return_year=20x3", "lang=fr", "limit=5"} {
			if r := a.download(pm, q); r.Status != http.StatusUnprocessableEntity {
				t.Errorf("export with %s: %d", q, r.Status)
			}
		}
		entries, _ := e.DB.ListAudit(bgCtx, e.Users["admin"].Actor(), store.AuditFilter{Action: store.ActExport})
		if len(entries) != 11 {
			t.Errorf("%d export entries, want 11", len(entries))
		}
		if en := entries[0]; en.ActorID != e.Users["bnsk.manager"].ID || !strings.Contains(en.Details, `"format":"xlsx"`) || !strings.Contains(en.Details, `"rows":4`) {
			t.Errorf("last export entry: %+v", en)
		}
	})
}
