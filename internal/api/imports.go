package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
)

// importFields lists the field keys a column may be mapped to, for the
// documentation.
func importFields() []string {
	out := make([]string, len(importer.Fields))
	for i, f := range importer.Fields {
		out[i] = f.Key
	}
	return out
}

// importRoutes lists this area's operations (see allRoutes).
func (s *server) importRoutes() []route {
	return []route{
		{Method: http.MethodPost, Path: "/imports/people", ID: "importPeople", Tag: "imports", handle: s.importPeople,
			Summary: "Import people, with their latest migration, from a CSV or XLSX file",
			Description: "**The file** is the request body, sent either as the raw body with `Content-Type: text/csv` (UTF-8, " +
				"with or without a byte order mark; comma, semicolon or tab separated) or `Content-Type: " + importer.XLSXType +
				"`, or as `multipart/form-data` with the file in a part named `file`. Up to " +
				strconv.Itoa(int(importer.DefaultLimits.MaxBytes>>20)) + " MB (larger is 413) and " +
				strconv.Itoa(importer.DefaultLimits.MaxRows) + " rows of people. The first non-empty row holds the column headers; " +
				"each row below it is one person. A CSV file in another encoding than UTF-8 is 422, with a message saying how to " +
				"save it as UTF-8.\n\n" +
				"**The mapping** from columns to fields is suggested from the headers, in English or Bangla (\"Name\", \"নাম\", " +
				"\"Mobile\", \"NID\", \"Destination country\", \"ফেরার তারিখ\"...). Run with `dry_run=true` first: the answer lists " +
				"each column with the field it was given. To change it, pass `mapping`, a JSON object from column header (or, " +
				"for a column without a header, its letter) to field key; `\"\"` leaves a column out; columns not named keep " +
				"their suggestion. For example `mapping={\"Mobile 2\":\"phones\",\"Remarks\":\"\"}` (URL-encoded). Field keys: " +
				strings.Join(importFields(), ", ") + ". `name` takes a name in either script; `external_id` is the file's own " +
				"stable identifier of the person; `pcode` is the P-code of the person's lowest known place; the migration " +
				"fields describe the person's latest time abroad and need `destination`.\n\n" +
				"**Values** may be written as people write them: dates as 2023-05-31, 31/05/2023 or Excel dates, a year alone " +
				"for an estimated date of birth; Bengali digits; sex as male/female/M/F/পুরুষ/মহিলা; countries by name in " +
				"either language or ISO code; places by English or Bangla name or P-code; amounts in taka such as 350000, " +
				"3,50,000 or 3.5 lakh.\n\n" +
				"**All or nothing.** Every row is checked against the register's rules before anything is written. With " +
				"`dry_run=true` the answer (200) lists every problem by row number (as the spreadsheet shows it), column and " +
				"field. Without it, any problem is 422 and nothing is written: `detail` names the first problem's row and " +
				"column, and `errors` lists up to 100 problems keyed \"row N: Column\". Otherwise every new person is added in " +
				"one transaction and the answer (200) counts them.\n\n" +
				"**Idempotent.** Each row's key is a hash of your organisation and either its `external_id` or, without one, " +
				"its converted content (dates, codes, phone numbers as stored; column order, header names and unmapped " +
				"columns do not matter). Rows whose key was imported before are counted in `already_imported` and skipped, " +
				"so sending the same file twice creates nothing new; rows repeating an earlier row of the same file are " +
				"counted in `duplicates`. An import never changes people already registered.\n\n" +
				"Each import is one `import` entry in the audit trail with its counts, besides the `create` entry of each person.",
			Roles: "Case workers and organisation managers, into their own organisation. Everyone else gets 403.",
			Query: []param{
				{Name: "dry_run", Type: "boolean", Description: "Check the file and report what an import would do, without writing anything (default false)."},
				{Name: "sheet", Type: "string", Description: "For a workbook: the name of the sheet with the people (default: the first sheet)."},
				{Name: "mapping", Type: "string", Description: "Changes to the suggested mapping: a JSON object from column header to field key (\"\" to leave the column out)."},
			},
			Status: http.StatusOK, Result: "ImportReport",
			Errors: []int{http.StatusForbidden, http.StatusRequestEntityTooLarge}},

		{Method: http.MethodGet, Path: "/exports/people", ID: "exportPeople", Tag: "imports", handle: s.exportPeople,
			Summary: "Download the people list as CSV or XLSX",
			Description: "**The answer is the file**, not JSON: with `format=csv` (the default) `Content-Type: " + importer.CSVType +
				"; charset=utf-8`, UTF-8 with a byte order mark (so that Excel shows Bangla) and CRLF line ends; with " +
				"`format=xlsx` `Content-Type: " + importer.XLSXType + "`, one sheet with a frozen header row, ID and phone " +
				"numbers as text, dates as dates. Either way `Content-Disposition: attachment` names the file. Problems are " +
				"still application/problem+json.\n\n" +
				"The people are those the people list shows for the same filters, in the same order (by name), each with the " +
				"latest migration episode. Column headers and labels are in `lang` (default English); the columns are the " +
				"import's fields, so an export can be imported into another organisation. Up to " +
				strconv.Itoa(store.MaxExportRows) + " people: more is 422, narrow the filters. Every export is an `export` entry " +
				"in the audit trail with the filters, the format and the number of people.",
			Roles: "Roles that see returnees: organisation managers and case workers get their own organisation's people, " +
				"programme managers every organisation's. Administrators, viewers and enumerators get 403.",
			Query: []param{
				{Name: "format", Type: "string", Enum: []string{importer.CSV, importer.XLSX}, Description: "File format (default csv)."},
				{Name: "lang", Type: "string", Enum: i18n.Langs, Description: "Language of the headers and labels (default en)."},
				{Name: "q", Type: "string", Description: "A name in either script (partial), a phone or an ID number, as in the people search."},
				{Name: "org_id", Type: "string", Description: "Only this organisation's people (for programme managers)."},
				{Name: "sex", Type: "string", Enum: registry.Sexes, Description: "Only people of this sex."},
				{Name: "district", Type: "string", Description: "Only people living in this district (P-code, e.g. BD2051)."},
				{Name: "return_year", Type: "integer", Minimum: 1900, Maximum: 2100, Description: "Only people with a migration episode returning in this year."},
				{Name: "destination", Type: "string", Description: "Only people with a migration episode in this country (ISO 3166-1 alpha-2)."},
			},
			Status: http.StatusOK,
			Errors: []int{http.StatusForbidden}},
	}
}

// importSchemas lists the schemas this area's operations use (see allSchemas).
func importSchemas() obj {
	count := func(desc string) obj { return obj{"type": "integer", "minimum": 0, "description": desc} }
	return obj{
		"ImportReport": object("What an import did or, on a dry run, would do.",
			[]string{"dry_run", "format", "rows", "columns", "created", "episodes", "already_imported", "duplicates", "problem_count", "problems"},
			obj{
				"dry_run":          obj{"type": "boolean", "description": "True when nothing was written."},
				"import_id":        str("The import's ID in the audit trail; absent on a dry run."),
				"format":           enum("The file's format.", []string{importer.CSV, importer.XLSX}),
				"sheet":            str("The sheet read, for a workbook."),
				"rows":             count("Rows with people in the file."),
				"columns":          obj{"type": "array", "items": ref("ImportColumn"), "description": "Every column, with the field it feeds."},
				"created":          count("People added (on a dry run: that would be added)."),
				"episodes":         count("Migration episodes added with them (on a dry run: that would be)."),
				"already_imported": count("Rows imported before by your organisation, skipped."),
				"duplicates":       count("Rows repeating an earlier row of the same file, skipped."),
				"problem_count":    count("Problems found; an import with any is refused."),
				"problems":         obj{"type": "array", "items": ref("ImportProblem"), "description": "The problems, by row (the first 1000)."},
			}),
		"ImportColumn": object("A column of the file and the field it feeds.", []string{"column", "header", "field"},
			obj{
				"column": str("The column's letter, as spreadsheets name it (A, B, ... AA)."),
				"header": str("The column's header; may be empty."),
				"field":  obj{"type": "string", "enum": append([]string{""}, importFields()...), "description": "The field it feeds; empty when the column is left out."},
			}),
		"ImportProblem": object("Something to correct in the file.", []string{"row", "column", "cell", "field", "message"},
			obj{
				"row":     integer("The row number, as the spreadsheet shows it (the header is usually row 1)."),
				"column":  str("The column's header (its letter when it has none); empty when the problem is not about one column."),
				"cell":    str("The cell, such as D12; empty with column."),
				"field":   str("The register's field."),
				"message": str("What is wrong and what to do, in English or Bangla (Accept-Language)."),
			}),
	}
}

type importColumn struct {
	Column string `json:"column"`
	Header string `json:"header"`
	Field  string `json:"field"`
}

type importProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Cell    string `json:"cell"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

type importReport struct {
	DryRun          bool            `json:"dry_run"`
	ImportID        string          `json:"import_id,omitempty"`
	Format          string          `json:"format"`
	Sheet           string          `json:"sheet,omitempty"`
	Rows            int             `json:"rows"`
	Columns         []importColumn  `json:"columns"`
	Created         int             `json:"created"`
	Episodes        int             `json:"episodes"`
	AlreadyImported int             `json:"already_imported"`
	Duplicates      int             `json:"duplicates"`
	ProblemCount    int             `json:"problem_count"`
	Problems        []importProblem `json:"problems"`
}

// csvTypes are the content types a CSV body may come with.
var csvTypes = []string{"text/csv", "text/plain", "text/tab-separated-values", "application/csv", "application/vnd.ms-excel"}

// readUpload reads the file of an import request: the raw body or the
// "file" part of a multipart form.
func readUpload(w http.ResponseWriter, r *http.Request, maxBytes int64) (data []byte, name string, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	tooBig := func(err error) bool {
		var big *http.MaxBytesError
		return errors.As(err, &big)
	}
	switch {
	case ct == "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, maxBytes+1<<20)
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, "", app.Errorf(app.EINVALID, "the multipart body could not be read: send the file in a part named \"file\"")
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, "", app.Errorf(app.EINVALID, "the multipart body could not be read: send the file in a part named \"file\"")
			}
			if tooBig(err) {
				return nil, "", importer.TooLarge(maxBytes)
			}
			if err != nil {
				return nil, "", app.Errorf(app.EINVALID, "the multipart body could not be read: send the file in a part named \"file\"")
			}
			if part.FormName() != "file" {
				continue
			}
			data, err = io.ReadAll(io.LimitReader(part, maxBytes+1))
			if tooBig(err) || int64(len(data)) > maxBytes {
				return nil, "", importer.TooLarge(maxBytes)
			}
			if err != nil {
				return nil, "", app.Errorf(app.EINVALID, "the upload was interrupted: try again")
			}
			return data, part.FileName(), nil
		}
	case slices.Contains(csvTypes, ct), ct == importer.XLSXType, ct == "application/octet-stream":
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
		if tooBig(err) {
			return nil, "", importer.TooLarge(maxBytes)
		}
		if err != nil {
			return nil, "", app.Errorf(app.EINVALID, "the upload was interrupted: try again")
		}
		name = "upload.csv"
		if ct == importer.XLSXType {
			name = "upload.xlsx"
		}
		return data, name, nil
	}
	return nil, "", app.Errorf(app.EINVALID, "send the file as the body with Content-Type text/csv or %s, or as multipart/form-data with the file in a part named \"file\"", importer.XLSXType)
}

// inField moves a mapping error's field messages under "mapping.<header>".
func inField(err error, headers []string) error {
	var e *app.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = map[string]string{}
	for k, v := range e.Fields {
		if i, convErr := strconv.Atoi(k); convErr == nil && i >= 0 && i < len(headers) {
			k = "mapping." + headers[i]
			if headers[i] == "" {
				k = "mapping." + importer.ColumnLetter(i)
			}
		} else if k != "mapping" {
			k = "mapping." + k
		}
		c.Fields[k] = v
	}
	return &c
}

func (s *server) importPeople(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if !pr.Actor.WritesCases() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot import people: ask a case worker or an organisation manager")
	}
	q := r.URL.Query()
	var changes map[string]string
	if m := q.Get("mapping"); m != "" {
		if err := json.Unmarshal([]byte(m), &changes); err != nil {
			return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
				Fields: map[string]string{"mapping": "give the mapping as a JSON object from column header to field key, such as {\"Mobile 2\":\"phones\"}"}}
		}
	}
	lim := importer.DefaultLimits
	data, name, err := readUpload(w, r, lim.MaxBytes)
	if err != nil {
		return err
	}
	t, err := importer.Read(data, importer.ReadOptions{FileName: name, Sheet: strings.TrimSpace(q.Get("sheet")), Limits: lim})
	if err != nil {
		return err
	}
	m := importer.Suggest(t.Headers)
	if err := m.Override(t.Headers, changes); err != nil {
		return inField(err, t.Headers)
	}
	if err := m.Check(len(t.Headers)); err != nil {
		return inField(err, t.Headers)
	}
	res := importer.Convert(t, m, importer.Options{})
	check, dbProblems, err := s.db.CheckImport(r.Context(), pr.Actor, res.Rows)
	if err != nil {
		return err
	}
	problems := append(slices.Clone(res.Problems), dbProblems...)
	slices.SortStableFunc(problems, func(a, b importer.Problem) int { return a.Row - b.Row })
	count := res.ProblemCount + len(dbProblems)

	lang := requestLang(r)
	rep := importReport{DryRun: queryBool(r, "dry_run"), Format: t.Format, Sheet: t.Sheet, Rows: len(t.Records),
		Columns: make([]importColumn, len(t.Headers)), Problems: []importProblem{}, ProblemCount: count}
	for i, h := range t.Headers {
		rep.Columns[i] = importColumn{Column: importer.ColumnLetter(i), Header: h, Field: m[i]}
	}
	for _, p := range problems {
		rep.Problems = append(rep.Problems, importProblem{Row: p.Row, Column: p.Column, Cell: p.Cell, Field: p.Field, Message: p.Text(lang)})
	}
	w.Header().Set("Content-Language", lang)
	if rep.DryRun {
		rep.Created, rep.Episodes, rep.AlreadyImported, rep.Duplicates = check.Created, check.Episodes, check.AlreadyImported, check.Duplicates
		httpx.WriteJSON(w, http.StatusOK, rep)
		return nil
	}
	if count > 0 {
		return importer.ProblemsError(problems, count)
	}
	done, err := s.db.ImportPersons(r.Context(), pr.Actor, res.Rows, nil)
	if err != nil {
		return err
	}
	rep.ImportID = done.ImportID
	rep.Created, rep.Episodes, rep.AlreadyImported, rep.Duplicates = done.Created, done.Episodes, done.AlreadyImported, done.Duplicates
	httpx.WriteJSON(w, http.StatusOK, rep)
	return nil
}

func (s *server) exportPeople(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if !pr.Actor.SeesReturnees() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot export people's records")
	}
	q := r.URL.Query()
	year, ok := queryInt(r, "return_year", 1900, 2100)
	if !ok {
		var v app.Validation
		v.Add("return_year", "give a year between 1900 and 2100, such as 2023")
		return v.Err()
	}
	format := q.Get("format")
	if format == "" {
		format = importer.CSV
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = "en"
	}
	pq := store.PersonQuery{Text: strings.TrimSpace(q.Get("q")), OrgID: q.Get("org_id"), Sex: q.Get("sex"),
		District: strings.ToUpper(strings.TrimSpace(q.Get("district"))), ReturnYear: int(year),
		Destination: strings.ToUpper(strings.TrimSpace(q.Get("destination")))}
	var buf bytes.Buffer
	out, err := importer.NewWriter(format, &buf, lang)
	if err != nil {
		return err
	}
	if _, err := s.db.ExportPersons(r.Context(), pr.Actor, pq, format, func(row store.ExportRow) error {
		return out.Write(importer.ExportRecord{Person: row.Person, OrgCode: row.OrgCode, Episode: row.Episode})
	}); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return app.Internal(err)
	}
	h := w.Header()
	if format == importer.XLSX {
		h.Set("Content-Type", importer.XLSXType)
	} else {
		h.Set("Content-Type", importer.CSVType+"; charset=utf-8")
	}
	name := "remaker-people-" + time.Now().In(i18n.Dhaka).Format(time.DateOnly) + "." + format
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}
