package server_test

// Importing people from a file and exporting the people list through the
// HTML interface: the upload, the mapping and preview, the import in the
// background, idempotent re-imports, a bad row in a large file, who may do
// what, and that an export never holds another organisation's people.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

func importTestFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "registry", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// upload posts a file to the import form as a browser on this site does.
func upload(t *testing.T, e *servertest.Env, b *servertest.Browser, name string, data []byte, sheet string) *servertest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.WriteField("sheet", sheet)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/people/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Do(req)
}

// mappingForm reads the mapping page's form: the upload token and the
// selected field of every column, as the browser would post them.
func mappingForm(t *testing.T, body string) url.Values {
	t.Helper()
	root := parse(t, body)
	f := url.Values{}
	for _, in := range all(root, byTag(atom.Input)) {
		if attr(in, "name") == "upload" {
			f.Set("upload", attr(in, "value"))
		}
	}
	for _, sel := range all(root, byTag(atom.Select)) {
		name := attr(sel, "name")
		if !strings.HasPrefix(name, "map.") {
			continue
		}
		f.Set(name, "")
		for _, o := range all(sel, byTag(atom.Option)) {
			if hasAttr(o, "selected") {
				f.Set(name, attr(o, "value"))
			}
		}
	}
	if f.Get("upload") == "" {
		t.Fatalf("no upload token on the mapping page:\n%.2000s", body)
	}
	return f
}

// commit posts the mapping form with an action and, for an import,
// follows the browser to the status page until the import has finished.
func commit(t *testing.T, b *servertest.Browser, f url.Values, action string) *servertest.Response {
	t.Helper()
	g := url.Values{}
	for k, v := range f {
		g[k] = v
	}
	g.Set("action", action)
	r := b.PostForm("/people/import/commit", g)
	if r.StatusCode != http.StatusSeeOther {
		return r
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/people/import/status?upload=") {
		t.Fatalf("commit redirected to %q", loc)
	}
	// The page refreshes itself (a Refresh header) while the import runs.
	for range 6000 {
		r = b.Get(loc)
		if r.StatusCode == http.StatusOK {
			checkPage(t, "import status", r.Body)
		}
		if r.StatusCode != http.StatusOK || r.Header.Get("Refresh") == "" {
			return r
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the import did not finish")
	return nil
}

// summary reads a <dl class="summary"> into term -> description.
func summary(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := parse(t, body)
	for _, dl := range all(root, byTag(atom.Dl)) {
		var term string
		for c := dl.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && c.DataAtom == atom.Dt:
				term = strings.TrimSpace(textOf(c))
			case c.Type == html.ElementNode && c.DataAtom == atom.Dd:
				out[term] = strings.TrimSpace(textOf(c))
			}
		}
	}
	return out
}

func peopleOf(t *testing.T, e *servertest.Env, username string) []store.PersonRow {
	t.Helper()
	rows, err := e.DB.SearchPersons(bg, e.Users[username].Actor(), store.PersonQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWebImportJourney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		r := b.Get("/people/import")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `enctype="multipart/form-data"`) {
			t.Fatalf("upload form: %d", r.StatusCode)
		}
		checkPage(t, "upload form", r.Body)

		// Step 2: the suggested mapping and the preview.
		r = upload(t, e, b, "people.csv", importTestFile(t, "people.csv"), "")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("upload: %d %s", r.StatusCode, flashError(parse(t, r.Body)))
		}
		checkPage(t, "mapping page", r.Body)
		f := mappingForm(t, r.Body)
		for col, want := range map[string]string{"map.0": "external_id", "map.1": "name", "map.2": "name_bn", "map.3": "sex",
			"map.5": "phones", "map.9": "destination", "map.10": "return_date", "map.13": ""} {
			if f.Get(col) != want {
				t.Errorf("suggested %s = %q, want %q", col, f.Get(col), want)
			}
		}
		s := summary(t, r.Body)
		if s["New people to add"] != "4" || s["Imported before (skipped)"] != "0" || s["Problems"] != "None" {
			t.Errorf("check summary: %v", s)
		}
		for _, want := range []string{"Md. Abdur Rahim", "Import 4 people", "Saudi Arabia · 2023-03-15"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("mapping page lacks %q", want)
			}
		}
		if n := len(peopleOf(t, e, "bnsk.worker")); n != 0 {
			t.Fatalf("uploading wrote %d people", n)
		}

		// A mapping without sex is refused before anything else.
		noSex := url.Values{}
		for k, v := range f {
			noSex[k] = v
		}
		noSex.Set("map.3", "")
		r = commit(t, b, noSex, "import")
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(flashError(parse(t, r.Body)), "map a column to Sex") {
			t.Errorf("mapping without sex: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}

		// Step 3: the import.
		r = commit(t, b, f, "import")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "The import is complete.") {
			t.Fatalf("import: %d %s", r.StatusCode, flashError(parse(t, r.Body)))
		}
		checkPage(t, "import result", r.Body)
		if s := summary(t, r.Body); s["People added"] != "4" || s["With their latest migration"] != "3" {
			t.Errorf("result: %v", s)
		}
		if n := len(peopleOf(t, e, "bnsk.worker")); n != 4 {
			t.Fatalf("%d people after the import, want 4", n)
		}
		// The upload is gone once imported; a second click shows the result.
		if r := b.PostForm("/people/import/commit", url.Values{"upload": {f.Get("upload")}, "action": {"import"}}); r.StatusCode != http.StatusSeeOther {
			t.Errorf("second click: %d", r.StatusCode)
		}
		if n := len(peopleOf(t, e, "bnsk.worker")); n != 4 {
			t.Fatalf("%d people after a second click, want 4", n)
		}

		// The same file again: nothing new, reported as imported before.
		r = upload(t, e, b, "people again.csv", importTestFile(t, "people.csv"), "")
		s = summary(t, r.Body)
		if s["New people to add"] != "0" || s["Imported before (skipped)"] != "4" || !strings.Contains(r.Body, "everyone in this file was imported before") {
			t.Errorf("re-upload summary: %v", s)
		}
		r = commit(t, b, mappingForm(t, r.Body), "import")
		if s := summary(t, r.Body); r.StatusCode != http.StatusOK || s["People added"] != "0" || s["Imported before (skipped)"] != "4" {
			t.Errorf("re-import: %d %v", r.StatusCode, s)
		}
		if n := len(peopleOf(t, e, "bnsk.worker")); n != 4 {
			t.Fatalf("%d people after importing twice, want 4", n)
		}

		// The workbook, from its second sheet, in Bangla.
		if err := e.DB.SetLang(bg, e.Users["bnsk.manager"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		m := e.SignIn("bnsk.manager")
		r = upload(t, e, m, "people.xlsx", importTestFile(t, "people.xlsx"), "")
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(flashError(parse(t, r.Body)), "কোনো ব্যক্তি নেই") {
			t.Errorf("first sheet holds nobody: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		r = upload(t, e, m, "people.xlsx", importTestFile(t, "people.xlsx"), "Returnees")
		checkPage(t, "Bangla mapping page", r.Body)
		// B-17 is the same person as R-001 by content but has its own
		// reference ID, so it is new; its NID is already registered.
		if !strings.Contains(r.Body, "এই জাতীয় পরিচয়পত্র নম্বর আপনার সংস্থায় আগেই নিবন্ধিত") {
			t.Errorf("the registered NID is not named on the Bangla page")
		}

		// Audit: one import entry per import, with its counts.
		entries, _ := e.DB.ListAudit(bg, e.Users["admin"].Actor(), store.AuditFilter{Action: store.ActImport})
		if len(entries) != 2 || !strings.Contains(entries[1].Details, `"created":4`) || !strings.Contains(entries[0].Details, `"already_imported":4`) {
			t.Errorf("import audit entries: %+v", entries)
		}
	})
}

// An import of 10,000 rows with one bad row imports nothing, and both the
// preview and the refusal name the row and the column.
func TestWebImportOneBadRowInTenThousand(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		var sb strings.Builder
		sb.WriteString("Name,Sex,Date of birth,Mobile,District\n")
		for i := range 10_000 {
			birth := fmt.Sprintf("%02d/%02d/19%02d", 1+i%28, 1+i%12, 50+i%50)
			if i == 7_499 { // spreadsheet row 7,501
				birth = "31/02/1990"
			}
			fmt.Fprintf(&sb, "Person %05d,%s,%s,017%08d,Tangail\n", i, []string{"female", "male"}[i%2], birth, i)
		}
		b := e.SignIn("warbe.worker")
		r := upload(t, e, b, "big.csv", []byte(sb.String()), "")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("upload: %d %s", r.StatusCode, flashError(parse(t, r.Body)))
		}
		root := parse(t, r.Body)
		var named bool
		for _, tr := range all(root, byTag(atom.Tr)) {
			text := textOf(tr)
			if strings.Contains(text, "7501") && strings.Contains(text, "Date of birth") && strings.Contains(text, "C7501") {
				named = true
			}
		}
		if !named {
			t.Errorf("the preview does not name row 7501, column Date of birth")
		}
		if strings.Contains(r.Body, `value="import"`) {
			t.Error("the Import button is offered for a file with a problem")
		}
		// Posting the import anyway (an old page, a crafted form): refused.
		r = commit(t, b, mappingForm(t, r.Body), "import")
		msg := flashError(parse(t, r.Body))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "nothing was imported") ||
			!strings.Contains(msg, "row 7501") || !strings.Contains(msg, `"Date of birth"`) {
			t.Errorf("import with a bad row: %d %q", r.StatusCode, msg)
		}
		if n := len(peopleOf(t, e, "warbe.worker")); n != 0 {
			t.Errorf("%d people written by a refused import", n)
		}
	})
}

// A larger file goes through the background import and its status page,
// which refreshes itself while the import runs (each page seen is checked).
func TestWebImportLargerFile(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		var sb strings.Builder
		sb.WriteString("নাম;লিঙ্গ;জেলা;গন্তব্য দেশ;ফেরার তারিখ\n")
		for i := range 2000 {
			fmt.Fprintf(&sb, "ব্যক্তি %d;%s;কুমিল্লা;ওমান;০১/০৩/২০২২\n", i, []string{"মহিলা", "পুরুষ"}[i%2])
		}
		b := e.SignIn("bnsk.manager")
		r := upload(t, e, b, "বড় তালিকা.csv", []byte(sb.String()), "")
		r = commit(t, b, mappingForm(t, r.Body), "import")
		if s := summary(t, r.Body); s["People added"] != "2,000" || s["With their latest migration"] != "2,000" {
			t.Fatalf("import of 2,000: %d %v %s", r.StatusCode, s, flashError(parse(t, r.Body)))
		}
		rows, _ := e.DB.SearchPersons(bg, e.Users["bnsk.manager"].Actor(), store.PersonQuery{Destination: "OM", Limit: 200})
		if len(rows) != 200 || rows[0].District != "BD2019" {
			t.Errorf("imported people: %d, first %+v", len(rows), rows[0].Person)
		}
	})
}

func TestWebImportRefusals(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		cases := []struct {
			name   string
			data   []byte
			status int
			msg    string
		}{
			{"latin1.csv", importTestFile(t, "latin1.csv"), http.StatusUnprocessableEntity, "UTF-8"},
			{"empty.csv", nil, http.StatusUnprocessableEntity, "choose a CSV or Excel file"},
			{"unclosed.csv", importTestFile(t, "unclosed_quote.csv"), http.StatusUnprocessableEntity, "row 2"},
			{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, http.StatusUnprocessableEntity, ".xlsx"},
			{"huge.csv", bytes.Repeat([]byte("a,b\n"), 21<<18), http.StatusRequestEntityTooLarge, "larger than 20 MB"},
		}
		for _, c := range cases {
			r := upload(t, e, b, c.name, c.data, "")
			if msg := flashError(parse(t, r.Body)); r.StatusCode != c.status || !strings.Contains(msg, c.msg) {
				t.Errorf("%s: %d %q, want %d ...%s...", c.name, r.StatusCode, msg, c.status, c.msg)
			} else {
				checkPage(t, c.name, r.Body)
			}
		}
		// Not a file upload at all.
		if r := b.PostForm("/people/import", url.Values{"file": {"x"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a plain form: %d", r.StatusCode)
		}

		// Someone else's upload, a made-up one, a cancelled one: gone.
		r := upload(t, e, b, "people.csv", importTestFile(t, "people.csv"), "")
		f := mappingForm(t, r.Body)
		other := e.SignIn("bnsk.manager")
		if r := commit(t, other, f, "check"); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "no longer here") {
			t.Errorf("another user's upload: %d", r.StatusCode)
		}
		for _, tok := range []string{"../../etc/passwd", strings.Repeat("a", 32), ""} {
			g := url.Values{"upload": {tok}}
			if r := commit(t, b, g, "check"); r.StatusCode != http.StatusNotFound {
				t.Errorf("token %q: %d", tok, r.StatusCode)
			}
		}
		wantRedirect(t, "cancel", b.PostForm("/people/import/cancel", url.Values{"upload": {f.Get("upload")}}), "/people/import")
		if r := commit(t, b, f, "import"); r.StatusCode != http.StatusNotFound {
			t.Errorf("a cancelled upload: %d", r.StatusCode)
		}
		if n := len(peopleOf(t, e, "bnsk.worker")); n != 0 {
			t.Errorf("%d people written", n)
		}
		if r := b.Get("/people/import/status?upload=" + f.Get("upload")); r.StatusCode != http.StatusNotFound {
			t.Errorf("status of an upload never imported: %d", r.StatusCode)
		}
		// The template downloads.
		r = b.Get("/people/import/template?format=xlsx")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("template: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if r := b.Get("/people/import/template?format=pdf"); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("template as pdf: %d", r.StatusCode)
		}
	})
}

// Who may import and export: only roles that write cases import; roles
// that see returnees export; the others are refused, and nobody signed
// out gets anything.
func TestWebImportExportAccess(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		csvData := importTestFile(t, "people_tab.csv")
		for _, s := range servertest.Seeded {
			b := e.SignIn(s.Username)
			a := e.Users[s.Username].Actor()
			mayImport, mayExport := a.WritesCases(), a.SeesReturnees()
			for _, path := range []string{"/people/import", "/people/import/template?format=csv"} {
				if r := b.Get(path); (r.StatusCode == http.StatusOK) != mayImport || !mayImport && r.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", s.Username, path, r.StatusCode)
				}
			}
			if r := upload(t, e, b, "people.tsv", csvData, ""); (r.StatusCode == http.StatusOK) != mayImport || !mayImport && r.StatusCode != http.StatusForbidden {
				t.Errorf("%s uploads: %d", s.Username, r.StatusCode)
			}
			if r := b.PostForm("/people/import/commit", url.Values{"upload": {strings.Repeat("0", 32)}}); !mayImport && r.StatusCode != http.StatusForbidden {
				t.Errorf("%s commits: %d", s.Username, r.StatusCode)
			}
			r := b.Get("/people/export?format=csv")
			if (r.StatusCode == http.StatusOK) != mayExport || !mayExport && r.StatusCode != http.StatusForbidden {
				t.Errorf("%s exports: %d", s.Username, r.StatusCode)
			}
		}
		anon := e.Anonymous()
		for _, p := range []string{"/people/import", "/people/export"} {
			if r := anon.Get(p); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
				t.Errorf("anonymous %s: %d", p, r.StatusCode)
			}
		}
		if n := len(peopleOf(t, e, "pm")); n != 0 {
			t.Errorf("%d people written by uploads alone", n)
		}
	})
}

// csvRows reads an exported CSV (after its byte order mark).
func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("the CSV does not start with a byte order mark: %.40q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWebExportScope(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		bnskNames := []string{"Md. Abdur Rahim", "Rahima Khatun", "Shirin Akter", "Kamal Hossain"}
		b := e.SignIn("bnsk.worker")
		r := upload(t, e, b, "people.csv", importTestFile(t, "people.csv"), "")
		commit(t, b, mappingForm(t, r.Body), "import")
		w := e.SignIn("warbe.worker")
		r = upload(t, e, w, "bn.csv", importTestFile(t, "people_bn_semicolon.csv"), "")
		commit(t, w, mappingForm(t, r.Body), "import")

		// A WARBE worker's export never holds BNSK's people, whatever the filter.
		for _, q := range []string{"", "&org=" + e.Orgs["BNSK"].ID, "&q=rahim", "&district=BD2051", "&sex=male", "&destination=SA"} {
			r := w.Get("/people/export?format=csv" + q)
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
				!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("WARBE export %q: %d %s", q, r.StatusCode, r.Header.Get("Content-Type"))
			}
			for _, n := range bnskNames {
				if strings.Contains(r.Body, n) {
					t.Errorf("WARBE export %q holds BNSK's %s", q, n)
				}
			}
			for _, row := range csvRows(t, r.Body)[1:] {
				if row[1] != "WARBE" {
					t.Errorf("WARBE export %q: a row of %s", q, row[1])
				}
			}
		}
		rows := csvRows(t, w.Get("/people/export").Body)
		if len(rows) != 3 || !strings.Contains(strings.Join(rows[1], "|"), "আয়েশা বেগম") {
			t.Errorf("WARBE export: %v", rows)
		}
		// In the XLSX, the same.
		r = w.Get("/people/export?format=xlsx")
		f, err := excelize.OpenReader(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("xlsx export: %v", err)
		}
		sheetRows, _ := f.GetRows(f.GetSheetList()[0])
		f.Close()
		if len(sheetRows) != 3 || sheetRows[1][1] != "WARBE" {
			t.Errorf("xlsx export rows: %v", sheetRows)
		}

		// The programme manager gets both organisations, or one when asked.
		pm := e.SignIn("pm")
		if rows := csvRows(t, pm.Get("/people/export").Body); len(rows) != 7 {
			t.Errorf("programme manager: %d rows", len(rows)-1)
		}
		if rows := csvRows(t, pm.Get("/people/export?org="+e.Orgs["BNSK"].ID+"&sex=female").Body); len(rows) != 3 {
			t.Errorf("programme manager, BNSK women: %d rows", len(rows)-1)
		}
		// Headers in the reader's language.
		if err := e.DB.SetLang(bg, e.Users["bnsk.worker"].ID, "bn"); err != nil {
			t.Fatal(err)
		}
		rows = csvRows(t, e.SignIn("bnsk.worker").Get("/people/export").Body)
		if rows[0][0] != i18n.T("bn", "import.field.remaker_id") || len(rows) != 5 {
			t.Errorf("Bangla export: %v", rows[0])
		}
		for _, q := range []string{"format=pdf", "return_year=last"} {
			if r := pm.Get("/people/export?" + q); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("export with %s: %d", q, r.StatusCode)
			}
		}
		if rows := csvRows(t, pm.Get("/people/export?return_year=2023&destination=sa").Body); len(rows) != 3 {
			t.Errorf("returned from Saudi Arabia in 2023: %d rows", len(rows)-1)
		}

		// Every export is in the audit trail, with its filter and count.
		entries, _ := e.DB.ListAudit(bg, e.Users["admin"].Actor(), store.AuditFilter{Action: store.ActExport})
		if len(entries) != 12 {
			t.Errorf("%d export entries, want 12", len(entries))
		}
		var found bool
		for _, en := range entries {
			if en.ActorID == e.Users["pm"].ID && strings.Contains(en.Details, `"rows":2`) && strings.Contains(en.Details, `"Sex":"female"`) &&
				en.ObjectOrgID == e.Orgs["BNSK"].ID {
				found = true
			}
		}
		if !found {
			t.Errorf("the programme manager's filtered export is not audited: %+v", entries)
		}
		_ = app.RoleAdmin
	})
}
