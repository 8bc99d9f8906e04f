package web

// Importing people from a CSV or XLSX file, in three steps that each show
// what will happen before anything is written, and exporting the people
// list.
//
//  1. GET /people/import: choose the file. POST /people/import keeps the
//     upload on the server (see uploads below) and shows step 2.
//  2. The column mapping, with the suggested field of each column as a
//     <select>, and a preview of the first rows with every problem of the
//     whole file, by row and column. "Check again" re-reads the kept file
//     with the chosen mapping; POST /people/import/commit does both.
//  3. "Import" starts the import in the background, in one transaction,
//     and sends the browser to GET /people/import/status?upload=..., a
//     plain page that refreshes itself (a Refresh header: no JavaScript)
//     and shows the rows done until the import has finished, then the
//     counts or the problem that stopped it. Nothing is half-written.
//
// GET /people/export?format=csv|xlsx with the people list's filters (q,
// org, sex, district, return_year, destination) downloads the list.
//
// Uploads. The file must survive between the steps without being sent
// again (20 MB over a rural link) and must not linger: it is kept in
// <data dir>/imports (next to the SQLite database; the system's temporary
// folder when the database is PostgreSQL) under a random 128-bit name,
// readable only by the server, with a small JSON note of who uploaded it.
// Only the uploader may use it. It is deleted when the import succeeds or
// is cancelled, and any upload older than a day is deleted whenever a new
// one arrives. (With several servers behind a load balancer on
// PostgreSQL, the steps of one import must reach the same server.)

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
)

// registerImports adds this area's pages to mux.
func (ui *UI) registerImports(mux *http.ServeMux) {
	mux.HandleFunc("GET /people/import", ui.importForm)
	mux.HandleFunc("POST /people/import", ui.importUpload)
	mux.HandleFunc("POST /people/import/commit", ui.importCommit)
	mux.HandleFunc("POST /people/import/cancel", ui.importCancel)
	mux.HandleFunc("GET /people/import/status", ui.importStatus)
	mux.HandleFunc("GET /people/import/template", ui.importTemplate)
	mux.HandleFunc("GET /people/export", ui.exportPeople)
}

const (
	uploadMaxAge = 24 * time.Hour
	jobMaxAge    = 2 * time.Hour
	previewRows  = 10
	sampleRows   = 5
	shownProbs   = 200
)

// importActor returns the signed-in user if they may import, or answers.
func (ui *UI) importActor(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !pr.Actor.WritesCases() {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// --- uploads kept between the steps ---

type uploadMeta struct {
	UserID   string    `json:"user_id"`
	OrgID    string    `json:"org_id"`
	FileName string    `json:"file_name"`
	Sheet    string    `json:"sheet"`
	Size     int       `json:"size"`
	Created  time.Time `json:"created"`
}

// uploadDir is where uploads wait: next to the SQLite database, or in the
// system's temporary folder.
func (ui *UI) uploadDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "remaker-imports")
	if p := ui.DB.Path(); p != "" {
		dir = filepath.Join(filepath.Dir(p), "imports")
	}
	return dir, os.MkdirAll(dir, 0o700)
}

// validToken accepts exactly the names newToken makes, so a token can
// never point outside the upload folder.
func validToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	_, err := hex.DecodeString(t)
	return err == nil && strings.ToLower(t) == t
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (ui *UI) saveUpload(meta uploadMeta, data []byte) (string, error) {
	dir, err := ui.uploadDir()
	if err != nil {
		return "", err
	}
	ui.sweepUploads(dir)
	token := newToken()
	m, _ := json.Marshal(meta)
	if err := os.WriteFile(filepath.Join(dir, token+".upload"), data, 0o600); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, token+".json"), m, 0o600); err != nil {
		os.Remove(filepath.Join(dir, token+".upload"))
		return "", err
	}
	return token, nil
}

// loadUpload returns an upload of the user's; ok is false when there is
// none (never made, someone else's, finished, cancelled or swept).
func (ui *UI) loadUpload(token, userID string) (meta uploadMeta, data []byte, ok bool) {
	if !validToken(token) {
		return meta, nil, false
	}
	dir, err := ui.uploadDir()
	if err != nil {
		return meta, nil, false
	}
	m, err := os.ReadFile(filepath.Join(dir, token+".json"))
	if err != nil || json.Unmarshal(m, &meta) != nil || meta.UserID != userID {
		return meta, nil, false
	}
	data, err = os.ReadFile(filepath.Join(dir, token+".upload"))
	return meta, data, err == nil
}

func (ui *UI) deleteUpload(token string) {
	if !validToken(token) {
		return
	}
	if dir, err := ui.uploadDir(); err == nil {
		os.Remove(filepath.Join(dir, token+".upload"))
		os.Remove(filepath.Join(dir, token+".json"))
	}
}

// sweepUploads deletes uploads older than a day.
func (ui *UI) sweepUploads(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > uploadMaxAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// --- step 1: the upload form ---

type importFormData struct {
	MaxMB, MaxRows int
}

func (ui *UI) importFormPage(w http.ResponseWriter, r *http.Request) *Page {
	p := ui.newPage(w, r, "import.heading")
	p.Data = importFormData{MaxMB: int(importer.DefaultLimits.MaxBytes >> 20), MaxRows: importer.DefaultLimits.MaxRows}
	return p
}

func (ui *UI) importForm(w http.ResponseWriter, r *http.Request) {
	if ui.importActor(w, r) == nil {
		return
	}
	ui.render(w, r, http.StatusOK, "import_upload", ui.importFormPage(w, r))
}

// uploadError re-shows the upload form with a message about the file.
func (ui *UI) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	var e *app.Error
	if !errors.As(err, &e) || e.Code == app.EINTERNAL || e.Code == app.EUNAVAILABLE {
		ui.fail(w, r, err)
		return
	}
	p := ui.importFormPage(w, r)
	p.Error = app.MessageIn(p.Lang, err)
	p.Errors["file"] = p.Error
	ui.render(w, r, httpx.Status(err), "import_upload", p)
}

func (ui *UI) importUpload(w http.ResponseWriter, r *http.Request) {
	pr := ui.importActor(w, r)
	if pr == nil {
		return
	}
	lim := importer.DefaultLimits
	r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		ui.uploadError(w, r, app.Errorf(app.EINVALID, "choose a CSV or Excel file to upload"))
		return
	}
	var data []byte
	var name, sheet string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			ui.uploadError(w, r, importer.TooLarge(lim.MaxBytes))
			return
		}
		if err != nil {
			ui.uploadError(w, r, app.Errorf(app.EINVALID, "the upload was interrupted: try again"))
			return
		}
		switch part.FormName() {
		case "file":
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, lim.MaxBytes+1))
			if errors.As(err, &big) || int64(len(data)) > lim.MaxBytes {
				ui.uploadError(w, r, importer.TooLarge(lim.MaxBytes))
				return
			}
		case "sheet":
			b, _ := io.ReadAll(io.LimitReader(part, 200))
			sheet = strings.TrimSpace(string(b))
		}
		if err != nil {
			ui.uploadError(w, r, app.Errorf(app.EINVALID, "the upload was interrupted: try again"))
			return
		}
	}
	if !utf8.ValidString(sheet) || strings.ContainsRune(sheet, 0) {
		sheet = ""
	}
	if !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
		name = "upload"
	}
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if len(data) == 0 {
		ui.uploadError(w, r, app.Errorf(app.EINVALID, "choose a CSV or Excel file to upload"))
		return
	}
	t, err := importer.Read(data, importer.ReadOptions{FileName: name, Sheet: sheet, Limits: lim})
	if err != nil {
		ui.uploadError(w, r, err)
		return
	}
	token, err := ui.saveUpload(uploadMeta{UserID: pr.User.ID, OrgID: pr.Actor.OrgID, FileName: name, Sheet: t.Sheet,
		Size: len(data), Created: time.Now().UTC()}, data)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d := &mappingData{Token: token, FileName: name, Table: t, Mapping: importer.Suggest(t.Headers)}
	ui.showMapping(w, r, pr, d, "check")
}

// --- step 2: mapping and preview ---

type mappingData struct {
	Token    string
	FileName string
	Table    *importer.Table
	Mapping  importer.Mapping
	Columns  []mapColumn
	Groups   []fieldGroup
	Preview  []previewRow
	Sample   []sampleRow
	Problems []shownProblem
	// ProblemCount counts every problem, ProblemRows the rows with any.
	ProblemCount, ProblemRows int
	Check                     store.ImportResult
	// Ready is true when the file can be imported as mapped.
	Ready bool
}

type mapColumn struct {
	Index          int
	Letter, Header string
	Samples        []string
	Field          string
	Error          string
}

type fieldGroup struct {
	Label  string
	Fields []fieldOption
}

type fieldOption struct{ Key, Label string }

type previewRow struct {
	Row   int
	Cells []previewCell
}

type previewCell struct {
	Text, Problem string
}

// sampleRow shows a converted row the way Remaker will store it.
type sampleRow struct {
	Row                                       int
	Name, Sex, Birth, Phones, Place, Migrated string
}

func sampleOf(lang string, r importer.Row) sampleRow {
	p := r.Person
	s := sampleRow{Row: r.Row, Name: strings.TrimSpace(p.NameBn + " " + p.NameLatin), Sex: importer.CodeLabel(lang, "sex", p.Sex),
		Phones: i18n.Digits(lang, strings.Join(p.Phones, ", "))}
	if p.BirthDate != nil {
		s.Birth = i18n.Digits(lang, p.BirthDate.Format(time.DateOnly))
		if p.BirthEstimated {
			s.Birth += " ~"
		}
	}
	var place []string
	for _, c := range []string{p.Union, p.Upazila, p.District} {
		if c != "" {
			place = append(place, importer.PlaceName(lang, c))
		}
	}
	s.Place = strings.Join(place, ", ")
	if e := r.Episode; e != nil {
		s.Migrated = importer.CountryName(lang, e.Destination)
		if e.ReturnDate != nil {
			s.Migrated += " · " + i18n.Digits(lang, e.ReturnDate.Format(time.DateOnly))
		}
	}
	return s
}

type shownProblem struct {
	Row          int
	Column, Cell string
	Message      string
}

// mappingFromForm reads the chosen field of each of n columns.
func mappingFromForm(r *http.Request, n int) importer.Mapping {
	m := make(importer.Mapping, n)
	for i := range m {
		m[i] = strings.TrimSpace(r.PostForm.Get("map." + strconv.Itoa(i)))
	}
	return m
}

// showMapping converts the table under d.Mapping and renders step 2, or,
// for action "import" when nothing is wrong, starts the import.
func (ui *UI) showMapping(w http.ResponseWriter, r *http.Request, pr *auth.Principal, d *mappingData, action string) {
	p := ui.newPage(w, r, "import.mapping_heading")
	lang := p.Lang
	t := d.Table
	status := http.StatusOK
	d.Groups = []fieldGroup{{Label: p.T("import.group.person")}, {Label: p.T("import.group.episode")}}
	for _, f := range importer.Fields {
		g := &d.Groups[0]
		if f.Episode {
			g = &d.Groups[1]
		}
		g.Fields = append(g.Fields, fieldOption{Key: f.Key, Label: importer.FieldLabel(lang, f.Key)})
	}
	mapErr := d.Mapping.Check(len(t.Headers))
	fields := app.FieldsIn(lang, mapErr)
	for i, h := range t.Headers {
		c := mapColumn{Index: i, Letter: importer.ColumnLetter(i), Header: h, Field: d.Mapping[i], Error: fields[strconv.Itoa(i)]}
		for _, rec := range t.Records {
			if v := rec.Cell(i); v != "" && len(c.Samples) < 3 {
				c.Samples = append(c.Samples, v)
			}
		}
		d.Columns = append(d.Columns, c)
	}
	if mapErr != nil {
		p.Error = fields["mapping"]
		if p.Error == "" {
			p.Error = app.MessageIn(lang, mapErr)
		}
		status = http.StatusUnprocessableEntity
	} else {
		res := importer.Convert(t, d.Mapping, importer.Options{})
		check, dbProblems, err := ui.DB.CheckImport(r.Context(), ui.actor(r, pr), res.Rows)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Check = check
		problems := append(slices.Clone(res.Problems), dbProblems...)
		d.ProblemCount = res.ProblemCount + len(dbProblems)
		d.ProblemRows = res.ProblemRows + len(dbProblems)
		slices.SortStableFunc(problems, func(a, b importer.Problem) int { return a.Row - b.Row })
		for _, pb := range problems[:min(len(problems), shownProbs)] {
			d.Problems = append(d.Problems, shownProblem{Row: pb.Row, Column: pb.Column, Cell: pb.Cell, Message: pb.Text(lang)})
		}
		byCell := map[string]string{}
		for _, pb := range problems {
			if pb.Cell != "" {
				byCell[pb.Cell] = pb.Text(lang)
			}
		}
		for _, rec := range t.Records[:min(len(t.Records), previewRows)] {
			row := previewRow{Row: rec.Row}
			for i := range t.Headers {
				row.Cells = append(row.Cells, previewCell{Text: rec.Cell(i), Problem: byCell[importer.ColumnLetter(i)+strconv.Itoa(rec.Row)]})
			}
			d.Preview = append(d.Preview, row)
		}
		for _, row := range res.Rows {
			if len(d.Sample) == sampleRows {
				break
			}
			if row.DuplicateOf == 0 {
				d.Sample = append(d.Sample, sampleOf(lang, row))
			}
		}
		d.Ready = d.ProblemCount == 0
		if action == "import" {
			if d.Ready {
				ui.startImport(w, r, pr, d, res.Rows)
				return
			}
			p.Error = app.MessageIn(lang, importer.ProblemsError(problems, d.ProblemCount))
			status = http.StatusUnprocessableEntity
		}
	}
	p.Data = d
	ui.render(w, r, status, "import_mapping", p)
}

func (ui *UI) importCommit(w http.ResponseWriter, r *http.Request) {
	pr := ui.importActor(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	token := r.PostForm.Get("upload")
	if j := jobFor(token, pr.User.ID); j != nil {
		j.mu.Lock()
		failed := j.finished && j.err != nil
		j.mu.Unlock()
		if !failed {
			// Asked twice (a double click, the back button): the import
			// is under way or done.
			http.Redirect(w, r, statusURL(token), http.StatusSeeOther)
			return
		}
		// An import that failed may be corrected and tried again.
		dropJob(token)
	}
	meta, data, ok := ui.loadUpload(token, pr.User.ID)
	if !ok {
		ui.uploadGone(w, r)
		return
	}
	t, err := importer.Read(data, importer.ReadOptions{FileName: meta.FileName, Sheet: meta.Sheet})
	if err != nil {
		ui.uploadError(w, r, err)
		return
	}
	d := &mappingData{Token: token, FileName: meta.FileName, Table: t, Mapping: mappingFromForm(r, len(t.Headers))}
	action := "check"
	if r.PostForm.Get("action") == "import" {
		action = "import"
	}
	ui.showMapping(w, r, pr, d, action)
}

// uploadGone answers for an upload that is no longer kept.
func (ui *UI) uploadGone(w http.ResponseWriter, r *http.Request) {
	p := ui.importFormPage(w, r)
	p.Error = p.T("import.upload_gone")
	ui.render(w, r, http.StatusNotFound, "import_upload", p)
}

func (ui *UI) importCancel(w http.ResponseWriter, r *http.Request) {
	pr := ui.importActor(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	token := r.PostForm.Get("upload")
	if _, _, ok := ui.loadUpload(token, pr.User.ID); ok && jobFor(token, pr.User.ID) == nil {
		ui.deleteUpload(token)
	}
	ui.redirect(w, r, "/people/import", "import.cancelled")
}

// --- step 3: the import, in the background, and its progress ---

// importJob is an import under way or finished. Jobs live in memory for a
// couple of hours: the result page needs them, the database does not.
type importJob struct {
	mu       sync.Mutex
	userID   string
	fileName string
	mapping  importer.Mapping
	done     int
	total    int
	finished bool
	ended    time.Time
	result   store.ImportResult
	err      error
	over     chan struct{}
}

var jobs = struct {
	sync.Mutex
	m map[string]*importJob
}{m: map[string]*importJob{}}

// jobFor returns the user's job for an upload, or nil.
func jobFor(token, userID string) *importJob {
	jobs.Lock()
	defer jobs.Unlock()
	j := jobs.m[token]
	if j == nil || j.userID != userID {
		return nil
	}
	return j
}

func dropJob(token string) {
	jobs.Lock()
	delete(jobs.m, token)
	jobs.Unlock()
}

func statusURL(token string) string { return "/people/import/status?upload=" + url.QueryEscape(token) }

func (ui *UI) startImport(w http.ResponseWriter, r *http.Request, pr *auth.Principal, d *mappingData, rows []importer.Row) {
	j := &importJob{userID: pr.User.ID, fileName: d.FileName, mapping: d.Mapping, total: len(rows), over: make(chan struct{})}
	jobs.Lock()
	for k, old := range jobs.m {
		old.mu.Lock()
		stale := old.finished && time.Since(old.ended) > jobMaxAge
		old.mu.Unlock()
		if stale {
			delete(jobs.m, k)
		}
	}
	if jobs.m[d.Token] != nil {
		jobs.Unlock()
		http.Redirect(w, r, statusURL(d.Token), http.StatusSeeOther)
		return
	}
	jobs.m[d.Token] = j
	jobs.Unlock()

	actor := ui.actor(r, pr)
	// The import outlives the request (the browser follows its progress on
	// another page) but keeps the request's values for the logs.
	ctx := context.WithoutCancel(r.Context())
	token := d.Token
	go func() {
		defer close(j.over)
		ctx, cancel := context.WithTimeout(ctx, time.Hour)
		defer cancel()
		res, err := ui.DB.ImportPersons(ctx, actor, rows, func(done, total int) {
			j.mu.Lock()
			j.done, j.total = done, total
			j.mu.Unlock()
		})
		if err == nil {
			ui.deleteUpload(token)
		} else if code := app.ErrorCode(err); code == app.EINTERNAL || code == app.EUNAVAILABLE {
			slog.ErrorContext(ctx, "import failed", "err", err, "request_id", actor.RequestID)
		}
		j.mu.Lock()
		j.result, j.err, j.finished, j.ended = res, err, true, time.Now()
		j.mu.Unlock()
	}()
	// A small file is done at once: show its result without a refresh.
	select {
	case <-j.over:
	case <-time.After(1500 * time.Millisecond):
	}
	http.Redirect(w, r, statusURL(token), http.StatusSeeOther)
}

type statusData struct {
	Token            string
	FileName         string
	Done, Total      int
	Percent          int
	Finished, Failed bool
	Result           store.ImportResult
	Problems         []shownProblem
	CanRetry         bool
	Mapping          importer.Mapping
}

func (ui *UI) importStatus(w http.ResponseWriter, r *http.Request) {
	pr := ui.importActor(w, r)
	if pr == nil {
		return
	}
	token := r.URL.Query().Get("upload")
	j := jobFor(token, pr.User.ID)
	if j == nil {
		ui.NotFound(w, r)
		return
	}
	p := ui.newPage(w, r, "import.status_heading")
	j.mu.Lock()
	d := statusData{Token: token, FileName: j.fileName, Done: j.done, Total: j.total, Finished: j.finished,
		Result: j.result, Mapping: j.mapping}
	err := j.err
	j.mu.Unlock()
	if d.Total > 0 {
		d.Percent = d.Done * 100 / d.Total
	}
	switch {
	case !d.Finished:
		// Look again in two seconds: a plain header, no script.
		w.Header().Set("Refresh", "2")
	case err != nil:
		d.Failed = true
		p.Error = app.MessageIn(p.Lang, err)
		fields := app.FieldsIn(p.Lang, err)
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			d.Problems = append(d.Problems, shownProblem{Column: k, Message: fields[k]})
		}
		_, _, d.CanRetry = ui.loadUpload(token, pr.User.ID)
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "import_status", p)
}

// --- files out ---

// sendFile writes a finished file as a download.
func sendFile(w http.ResponseWriter, format, name string, data []byte) {
	h := w.Header()
	if format == importer.XLSX {
		h.Set("Content-Type", importer.XLSXType)
	} else {
		h.Set("Content-Type", importer.CSVType+"; charset=utf-8")
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// fileFormat reads the format parameter: csv (the default) or xlsx.
func fileFormat(v string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", importer.CSV:
		return importer.CSV, true
	case importer.XLSX:
		return importer.XLSX, true
	}
	return "", false
}

func (ui *UI) importTemplate(w http.ResponseWriter, r *http.Request) {
	if ui.importActor(w, r) == nil {
		return
	}
	format, ok := fileFormat(r.URL.Query().Get("format"))
	if !ok {
		ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.cannot_do.title", i18n.T(ui.Lang(r), "export.bad_format"))
		return
	}
	var buf bytes.Buffer
	if err := importer.WriteTemplate(format, &buf, ui.Lang(r)); err != nil {
		ui.ServerError(w, r, err)
		return
	}
	sendFile(w, format, "remaker-import-template."+format, buf.Bytes())
}

// exportQuery reads the people list's filters from a query string, with
// the names and rules of the people list (peopleFilterNames): q, org, sex,
// district, return_year, destination. The organisation filter only counts
// for roles that see several organisations, as on the list. ok is false
// for a return year that is not a year.
func exportQuery(a app.Actor, q url.Values) (pq store.PersonQuery, ok bool) {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	pq = store.PersonQuery{Text: get("q"), Sex: get("sex"), District: get("district"), Destination: strings.ToUpper(get("destination"))}
	if a.AllOrgs() {
		pq.OrgID = get("org")
	}
	if y := get("return_year"); y != "" {
		n, err := strconv.Atoi(i18n.ASCIIDigits(y))
		if err != nil || n < 1900 || n > 2100 {
			return pq, false
		}
		pq.ReturnYear = n
	}
	return pq, true
}

func (ui *UI) exportPeople(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if !pr.Actor.SeesReturnees() {
		ui.Forbidden(w, r)
		return
	}
	lang := ui.Lang(r)
	format, ok := fileFormat(r.URL.Query().Get("format"))
	if !ok {
		ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.cannot_do.title", i18n.T(lang, "export.bad_format"))
		return
	}
	pq, ok := exportQuery(pr.Actor, r.URL.Query())
	if !ok {
		ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.cannot_do.title", i18n.T(lang, "export.bad_year"))
		return
	}
	var buf bytes.Buffer
	out, err := importer.NewWriter(format, &buf, lang)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	_, err = ui.DB.ExportPersons(r.Context(), ui.actor(r, pr), pq, format, func(row store.ExportRow) error {
		return out.Write(importer.ExportRecord{Person: row.Person, OrgCode: row.OrgCode, Episode: row.Episode})
	})
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("remaker-people-%s.%s", time.Now().In(i18n.Dhaka).Format(time.DateOnly), format)
	sendFile(w, format, name, buf.Bytes())
}
