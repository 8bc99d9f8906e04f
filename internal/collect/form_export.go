package collect

// Exports of a form's submissions, laid out as ODK Central lays them out:
// one table with a row per submission, and one per repeat with a row per
// repeat instance, joined by KEY and PARENT_KEY. A CSV file holds one
// table; a workbook holds them all, one sheet each.

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// Columns of the submissions table that are not answers, named as ODK
// Central names them where it has them.
const (
	FormColSubmitted = "SubmissionDate"
	FormColSubmitter = "SubmitterName"
	FormColDevice    = "DeviceID"
	FormColChannel   = "Channel"
	FormColCase      = "CaseID"
	FormColReview    = "ReviewState"
	FormColVersion   = "FormVersion"
)

// formColumnKeys are the catalog keys of the columns that are not
// questions, for headers with labels.
var formColumnKeys = map[string]string{
	FormColSubmitted: "form.export.col.submitted", FormColSubmitter: "form.export.col.submitter",
	FormColDevice: "form.export.col.device", FormColChannel: "form.export.col.channel", FormColCase: "form.export.col.case",
	FormColReview: "form.export.col.review", FormColVersion: "form.export.col.version",
	instance.ColKey: "form.export.col.key", instance.ColParentKey: "form.export.col.parent_key",
	instance.ColInstanceID: "form.export.col.instance_id", instance.ColDeprecatedID: "form.export.col.deprecated_id",
	instance.ColInstanceName: "form.export.col.instance_name", instance.ColAudit: "form.export.col.audit",
}

// FormExportOptions says how an export is written.
type FormExportOptions struct {
	// Labels: headers are the questions' labels and selections are
	// written as their choices' labels, in Lang. Otherwise headers are
	// question names (paths) and selections their choices' names, as a
	// program reads them.
	Labels bool
	Lang   string // "en" or "bn"
}

// FormTable is one table of an export.
type FormTable struct {
	Name    string // "" for the submissions; the repeat's path (hh/member) otherwise
	Sheet   string // its sheet's name in a workbook
	Headers []string
	Numeric []bool // the column holds numbers (integer and decimal questions)
	Rows    [][]string
}

// FormLayoutVersion is the version whose questions lay an export out: the
// published one, else the newest (versions come newest first).
func FormLayoutVersion(f forms.Form, versions []forms.Version) string {
	switch {
	case f.Published != nil:
		return f.Published.ID
	case len(versions) > 0:
		return versions[0].ID
	}
	return ""
}

// FormExportFile lays submissions out (FormExport) and writes them in
// format: "csv", one table (the submissions, or the repeat named by
// table), or "xlsx", every table. name is the file's name: the form ID,
// the repeat for a repeat's CSV, and the day in Dhaka.
func (l *Library) FormExportFile(ctx context.Context, a app.Actor, formID, layoutVersionID string, subs []forms.Submission,
	opt FormExportOptions, format, table string) (name string, data []byte, err error) {
	tables, err := l.FormExport(ctx, a, formID, layoutVersionID, subs, opt)
	if err != nil {
		return "", nil, err
	}
	parts := []string{formID}
	var buf bytes.Buffer
	if format == "csv" {
		i := max(0, slices.IndexFunc(tables, func(t FormTable) bool { return t.Name == table }))
		if i > 0 {
			parts = append(parts, tables[i].Sheet)
		}
		err = FormWriteCSV(&buf, tables[i])
	} else {
		err = FormWriteXLSX(&buf, tables)
	}
	if err != nil {
		return "", nil, app.Internal(err)
	}
	return FormFileName(append(parts, time.Now().In(i18n.Dhaka).Format(time.DateOnly))...) + "." + format, buf.Bytes(), nil
}

var formUnsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// FormFileName joins parts into a file name of characters every system
// keeps: ("remaker_followup", "v2026 11") gives "remaker_followup-v2026_11".
func FormFileName(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.Trim(formUnsafe.ReplaceAllString(p, "_"), "._"); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return "form"
	}
	return strings.Join(out, "-")
}

// FormExportTables names the tables of an export laid out by a version:
// "" for the submissions, then each repeat's path.
func (l *Library) FormExportTables(ctx context.Context, a app.Actor, layoutVersionID string) ([]string, error) {
	out := []string{""}
	if layoutVersionID == "" {
		return out, nil
	}
	s, err := l.Schema(ctx, a, layoutVersionID)
	if err != nil {
		return nil, err
	}
	for _, t := range s.Tables()[1:] {
		out = append(out, t.Name)
	}
	return out, nil
}

// formLayout is a table being laid out: its columns in order.
type formLayout struct {
	name string
	cols []string
	has  map[string]bool
	ix   map[string]*formIndex // the index that knows each column
	rows []instance.Row
}

func (t *formLayout) add(col string, ix *formIndex) {
	if !t.has[col] {
		t.has[col] = true
		t.cols = append(t.cols, col)
		t.ix[col] = ix
	}
}

// FormExport lays submissions (oldest first, with their Data) out as
// tables. The columns are those of layoutVersionID (the version people
// collect with, so that an export without submissions still has its
// header), then those of the submissions' own versions, newest first.
// Answers a version does not know, and all answers when a version no
// longer reads, are added to the submissions table under their keys.
func (l *Library) FormExport(ctx context.Context, a app.Actor, formID, layoutVersionID string, subs []forms.Submission, opt FormExportOptions) ([]FormTable, error) {
	versions := []string{}
	if layoutVersionID != "" {
		versions = append(versions, layoutVersionID)
	}
	for i := len(subs) - 1; i >= 0; i-- {
		if !slices.Contains(versions, subs[i].FormVersionID) {
			versions = append(versions, subs[i].FormVersionID)
		}
	}
	schemas := map[string]*instance.Schema{}
	indexes := map[string]*formIndex{}
	columns := map[string]map[string]bool{} // by version: the columns its tables have
	main := &formLayout{has: map[string]bool{}, ix: map[string]*formIndex{}}
	tables := []*formLayout{main}
	byName := map[string]*formLayout{"": main}
	for _, id := range versions {
		s, err := l.Schema(ctx, a, id)
		if err != nil && app.ErrorCode(err) != app.EINTERNAL {
			return nil, err
		}
		schemas[id], indexes[id], columns[id] = s, formIndexOf(s, opt.Lang), map[string]bool{}
		if s == nil {
			continue // a version that no longer reads: its answers go under their keys
		}
		for _, t := range s.Tables() {
			lt := byName[t.Name]
			if lt == nil {
				lt = &formLayout{name: t.Name, has: map[string]bool{}, ix: map[string]*formIndex{}}
				byName[t.Name] = lt
				tables = append(tables, lt)
			}
			for _, c := range t.Columns {
				lt.add(c, indexes[id])
				columns[id][c] = true
			}
		}
	}
	if !main.has[instance.ColKey] {
		main.add(instance.ColInstanceID, nil)
		main.add(instance.ColKey, nil)
	}
	extras := &formLayout{has: map[string]bool{}, ix: map[string]*formIndex{}}
	for _, sub := range subs {
		values, err := FormValues(sub.Data)
		if err != nil {
			return nil, app.Internal(err)
		}
		in := &instance.Instance{FormID: formID, Version: sub.FormVersion, Values: values, Counts: formCounts(values),
			Meta: instance.Meta{InstanceID: sub.InstanceID, DeprecatedID: sub.DeprecatedID, InstanceName: sub.InstanceName}}
		s, known := schemas[sub.FormVersionID], columns[sub.FormVersionID]
		rows := map[string][]instance.Row{"": {{instance.ColKey: sub.InstanceID, instance.ColInstanceID: sub.InstanceID}}}
		if s != nil {
			rows = s.Flatten(in)
		}
		row := rows[""][0]
		for k, v := range values {
			if !known[formPlainPath(k)] {
				row[k] = v
				if !main.has[k] {
					extras.add(k, nil)
				}
			}
		}
		row[FormColSubmitted] = sub.ReceivedAt.In(i18n.Dhaka).Format(time.RFC3339)
		row[FormColSubmitter] = sub.SubmittedByName
		row[FormColDevice] = sub.DeviceID
		row[FormColChannel] = sub.Channel
		row[FormColCase] = sub.CaseID
		row[FormColReview] = sub.ReviewState
		row[FormColVersion] = sub.FormVersion
		for name, rs := range rows {
			lt := byName[name]
			if lt == nil { // a repeat of a version that is not laid out: cannot happen, every version is
				continue
			}
			lt.rows = append(lt.rows, rs...)
		}
	}
	// The submissions table: when it came, the answers, then who sent it.
	cols := append([]string{FormColSubmitted}, main.cols...)
	slices.Sort(extras.cols)
	cols = append(cols, extras.cols...)
	main.cols = append(cols, FormColSubmitter, FormColDevice, FormColChannel, FormColCase, FormColReview, FormColVersion)
	return formTables(formID, tables, opt), nil
}

// formTables writes the laid-out tables with their headers and values.
func formTables(formID string, tables []*formLayout, opt FormExportOptions) []FormTable {
	out := make([]FormTable, 0, len(tables))
	sheets := map[string]bool{}
	for _, t := range tables {
		ft := FormTable{Name: t.name, Sheet: formSheetName(t.name, formID, sheets)}
		for _, c := range t.cols {
			ix := t.ix[c]
			var header string
			switch {
			case !opt.Labels:
				header = c
			case formColumnKeys[c] != "":
				header = i18n.T(opt.Lang, formColumnKeys[c])
			case ix != nil:
				header = ix.label(c)
			default:
				header = c
			}
			ft.Headers = append(ft.Headers, header)
			numeric := false
			if ix != nil {
				if n := ix.node(c); n != nil && (n.DataType == "int" || n.DataType == "decimal") {
					numeric = true
				}
			}
			ft.Numeric = append(ft.Numeric, numeric)
		}
		for _, r := range t.rows {
			line := make([]string, len(t.cols))
			for i, c := range t.cols {
				v := r[c]
				if opt.Labels && v != "" {
					switch c {
					case FormColReview:
						v = i18n.T(opt.Lang, "submission.state."+v)
					case FormColChannel:
						v = i18n.T(opt.Lang, "submission.channel."+v)
					default:
						if ix := t.ix[c]; ix != nil {
							v = ix.shown(c, v)
						}
					}
				}
				line[i] = v
			}
			ft.Rows = append(ft.Rows, line)
		}
		out = append(out, ft)
	}
	return out
}

// formSheetName makes a sheet name Excel accepts (31 characters, none of
// []:*?/\), unique in the workbook: the form ID for the submissions, the
// repeat's name for a repeat.
func formSheetName(table, formID string, taken map[string]bool) string {
	name := formID
	if table != "" {
		name = table[strings.LastIndexByte(table, '/')+1:]
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "data"
	}
	base := []rune(name)
	if len(base) > 28 {
		base = base[:28]
	}
	name = string(base)
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = string(base) + "_" + strconv.Itoa(n)
	}
	taken[strings.ToLower(name)] = true
	return name
}

// formNumber reports whether an answer is a plain number.
func formNumber(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil && !strings.ContainsAny(v, "xXnNiI") // not hex, NaN or Inf
}

// formDefuse keeps a spreadsheet from running an answer as a formula: text
// starting with = + - @ or a control character gets a leading apostrophe.
// Numbers ("-3") are left alone.
func formDefuse(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, ok := formNumber(v); ok {
		return v
	}
	return "'" + v
}

// FormWriteCSV writes one table as UTF-8 CSV with a byte order mark (so
// that Excel shows Bangla) and CRLF line ends.
func FormWriteCSV(w io.Writer, t FormTable) error {
	if _, err := w.Write([]byte("\xEF\xBB\xBF")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Headers); err != nil {
		return err
	}
	for _, r := range t.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = formDefuse(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FormWriteXLSX writes the tables as a workbook, one sheet each, with a
// bold, frozen header row and numbers as numbers.
func FormWriteXLSX(w io.Writer, tables []FormTable) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Sheet)
		} else {
			_, err = f.NewSheet(t.Sheet)
		}
		if err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(t.Sheet)
		if err != nil {
			return err
		}
		if len(t.Headers) > 0 {
			if err := sw.SetColWidth(1, len(t.Headers), 18); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, len(t.Headers))
		for j, h := range t.Headers {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for n, r := range t.Rows {
			row := make([]any, len(r))
			for j, v := range r {
				switch num, ok := formNumber(v); {
				case v == "":
					row[j] = nil
				case ok && t.Numeric[j]:
					row[j] = num
				default:
					row[j] = v
				}
			}
			axis, err := excelize.CoordinatesToCellName(1, n+2)
			if err != nil {
				return err
			}
			if err := sw.SetRow(axis, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}
