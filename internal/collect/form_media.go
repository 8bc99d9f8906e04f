package collect

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/store"
)

// Form media: the images, audio, video and data files an XLSForm refers to
// (media::image columns, select_*_from_file, pulldata(), csv-external,
// xml-external, select_one_external's itemsets.csv). A version is uploaded
// as a draft listing the files it needs (store.FormUpload.Media); they are
// attached one by one, each checked here against the form, and the version
// can be published once every file is attached (store refuses otherwise).

// MaxMediaBytes bounds one form file (store.MaxFormMediaBytes).
const MaxMediaBytes = store.MaxFormMediaBytes

// maxMediaName bounds the length of a file name, in bytes.
const maxMediaName = 200

// checkMediaName reports why a file name cannot be served to a device, or
// "" when it can: a device saves the file under that name in the form's
// media folder, so it must be a plain name, not a path.
func checkMediaName(name string) string {
	switch {
	case name == "":
		return "the file name is empty"
	case len(name) > maxMediaName:
		return "the file name is longer than 200 characters"
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return "the file name contains characters that are not text"
	case strings.ContainsAny(name, `/\:`), name == ".", name == "..", strings.HasPrefix(name, "."):
		return "the file name must be a plain name, without folders (no /, \\ or : and not starting with a dot)"
	}
	return ""
}

// mediaNameProblems lists, as problems of the workbook, the files a form
// refers to under names that cannot be served.
func mediaNameProblems(names []string) []xlsform.Problem {
	var out []xlsform.Problem
	for _, n := range names {
		if why := checkMediaName(n); why != "" {
			out = append(out, xlsform.Problem{Sheet: "survey", Text: n,
				Message: fmt.Sprintf("The form refers to the file %q, but %s. Rename the file in the form.", n, why)})
		}
	}
	return out
}

// mediaContentType is the type to serve a file with: what the uploader
// said when it is a valid media type, else what the name's extension says.
func mediaContentType(name, given string) string {
	if t, params, err := mime.ParseMediaType(given); err == nil && t != "application/octet-stream" && t != "" {
		return mime.FormatMediaType(t, params)
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return "text/csv"
	case ".xml":
		return "text/xml"
	case ".geojson":
		return "application/geo+json"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// AttachMedia attaches one file to a draft version, replacing what was
// attached under that name. The name must be one the form refers to; a
// CSV that a select_one_from_file or select_multiple_from_file question
// reads must have the columns the question takes its values and labels
// from (name and label, unless the question's parameters say otherwise).
func (l *Library) AttachMedia(ctx context.Context, a app.Actor, versionID, name, contentType string, data []byte) (store.FormMedia, error) {
	if why := checkMediaName(name); why != "" {
		return store.FormMedia{}, &app.Error{Code: app.EINVALID, Message: "the file %s cannot be attached: %s",
			Args: []any{name, why}, Fields: map[string]string{"file": "attach only the files the form lists, named exactly as the form names them"}}
	}
	if len(data) > MaxMediaBytes {
		return store.FormMedia{}, mediaTooLarge()
	}
	if len(data) > 0 {
		f, err := l.Model(ctx, a, versionID)
		if err != nil {
			return store.FormMedia{}, err
		}
		if err := checkMediaContent(f, name, data); err != nil {
			return store.FormMedia{}, err
		}
	}
	m, err := l.DB.AttachFormMedia(ctx, a, versionID, name, mediaContentType(name, contentType), data)
	if err == nil {
		l.forget(versionID)
	}
	return m, err
}

// DetachMedia removes an attached file from a draft version.
func (l *Library) DetachMedia(ctx context.Context, a app.Actor, versionID, name string) error {
	err := l.DB.DetachFormMedia(ctx, a, versionID, name)
	if err == nil {
		l.forget(versionID)
	}
	return err
}

// forget drops a version's parsed form, whose choices from files changed.
func (l *Library) forget(versionID string) {
	l.mu.Lock()
	delete(l.models, versionID)
	l.mu.Unlock()
	schemas.Delete(schemaKey{l, versionID})
}

func mediaTooLarge() error {
	return &app.Error{Code: app.ETOOLARGE, Message: "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again",
		Fields: map[string]string{"file": "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again"}}
}

// fromFileQuestions returns the select_*_from_file questions that read the
// CSV file name.
func fromFileQuestions(f *xlsform.Form, name string) []*xlsform.Node {
	var out []*xlsform.Node
	var walk func(n *xlsform.Node)
	walk = func(n *xlsform.Node) {
		if n == nil {
			return
		}
		if (n.Type == xlsform.TypeSelectOneFromFile || n.Type == xlsform.TypeSelectMultipleFromFile) &&
			n.ListName == name && n.FileType == "csv" {
			out = append(out, n)
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(f.Root)
	return out
}

// choiceColumns are the columns of a from-file CSV that give a question's
// values and labels.
func choiceColumns(n *xlsform.Node) (value, label string) {
	value, label = "name", "label"
	if v := n.Parameters["value"]; v != "" {
		value = v
	}
	if v := n.Parameters["label"]; v != "" {
		label = v
	}
	return value, label
}

// checkMediaContent checks a file against the questions that read it.
func checkMediaContent(f *xlsform.Form, name string, data []byte) error {
	qs := fromFileQuestions(f, name)
	if len(qs) == 0 {
		return nil
	}
	header, err := CSVHeader(data)
	if err != nil {
		return &app.Error{Code: app.EINVALID, Message: "the file %s is not a readable CSV file: save it as CSV (UTF-8) and try again",
			Args: []any{name}, Fields: map[string]string{"file": "save the file as CSV (UTF-8) and try again"}}
	}
	has := make(map[string]bool, len(header))
	for _, h := range header {
		has[h] = true
	}
	for _, q := range qs {
		value, label := choiceColumns(q)
		for _, col := range []string{value, label} {
			if !has[col] {
				return &app.Error{Code: app.EINVALID, Message: "the file %s has no column %s, which the question %s takes its choices from; add the column to the first row",
					Args: []any{name, col, q.Name}, Fields: map[string]string{"file": "add the missing column to the first row of the CSV file"}}
			}
		}
	}
	return nil
}

// CSVHeader reads the first row of a CSV file, the column names, trimmed
// and without a UTF-8 byte order mark. It is the part of an uploaded CSV
// that is checked when the file is attached.
func CSVHeader(data []byte) ([]string, error) {
	return csvHeader(newCSVReader(data))
}

// csvHeader reads the first row of r, trimmed.
func csvHeader(r *csv.Reader) ([]string, error) {
	header, err := r.Read()
	if err != nil {
		return nil, err
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	return header, nil
}

// csvEach calls fn with each row after the header and its spreadsheet row
// number, up to maxCSVChoices rows; cells past a short row's end are "".
func csvEach(r *csv.Reader, width int, fn func(row int, cell func(i int) string)) error {
	for row := 2; row < maxCSVChoices+2; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		fn(row, func(i int) string {
			if i < len(rec) && i < width {
				return strings.TrimSpace(rec[i])
			}
			return ""
		})
	}
	return nil
}

func newCSVReader(data []byte) *csv.Reader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	return r
}

// maxCSVChoices bounds the choices read from one file for the web form and
// server-side checks; a longer list is a search, not a list to pick from.
const maxCSVChoices = 50000

// CSVChoices reads a from-file CSV as a choice list: the value column
// gives each choice's name, the label column its label, and columns
// label::LANGUAGE its label in that form language; the other columns are
// kept for choice_filter. Rows without a value are skipped.
func CSVChoices(listName string, data []byte, value, label string) (*xlsform.ChoiceList, error) {
	r := newCSVReader(data)
	header, err := csvHeader(r)
	if err != nil {
		return nil, err
	}
	vi, li := -1, -1
	langs := map[int]string{}
	for i, h := range header {
		switch {
		case h == value && vi < 0:
			vi = i
		case h == label && li < 0:
			li = i
		case strings.HasPrefix(h, label+"::"):
			langs[i] = strings.TrimSpace(strings.TrimPrefix(h, label+"::"))
		}
	}
	if vi < 0 || li < 0 {
		return nil, errors.New("the value or label column is missing")
	}
	list := &xlsform.ChoiceList{Name: listName, Sheet: listName, Row: 2}
	err = csvEach(r, len(header), func(row int, cell func(int) string) {
		c := &xlsform.Choice{Name: cell(vi), Label: xlsform.Text{}, Row: row}
		if c.Name == "" {
			return
		}
		if s := cell(li); s != "" {
			c.Label[xlsform.DefaultLanguageKey] = s
		}
		for i, lang := range langs {
			if s := cell(i); s != "" && lang != "" {
				c.Label[lang] = s
			}
		}
		for i, h := range header {
			if i == vi || i == li || h == "" {
				continue
			}
			if _, ok := langs[i]; ok {
				continue
			}
			if c.Extra == nil {
				c.Extra = map[string]string{}
			}
			c.Extra[h] = cell(i)
		}
		list.Choices = append(list.Choices, c)
	})
	return list, err
}

// applyFileChoices gives the select_*_from_file questions of a parsed form
// the choices of their attached CSV files, so that the web form offers
// them and answers are checked against them as for a choices-sheet list.
// Questions whose file is not attached (or not a CSV) keep no choices and
// their answers are not checked, as before.
func (l *Library) applyFileChoices(ctx context.Context, a app.Actor, versionID string, f *xlsform.Form) error {
	var qs []*xlsform.Node
	var walk func(n *xlsform.Node)
	walk = func(n *xlsform.Node) {
		if n == nil {
			return
		}
		if (n.Type == xlsform.TypeSelectOneFromFile || n.Type == xlsform.TypeSelectMultipleFromFile) && n.FileType == "csv" {
			qs = append(qs, n)
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(f.Root)
	for _, q := range qs {
		_, data, err := l.DB.FormMediaFile(ctx, a, versionID, q.ListName)
		if app.ErrorCode(err) == app.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		value, label := choiceColumns(q)
		list, err := CSVChoices(q.ListName, data, value, label)
		if err != nil {
			// Checked when attached; a file that no longer reads is left unchecked.
			continue
		}
		q.Choices, q.External = list, false
		if f.Choices == nil {
			f.Choices = map[string]*xlsform.ChoiceList{}
		}
		if _, ok := f.Choices[q.ListName]; !ok {
			f.Choices[q.ListName] = list
		}
	}
	return l.applyCSVInstances(ctx, a, versionID, f)
}

// applyCSVInstances makes every attached CSV file a secondary instance
// under its name without .csv, as the XForm declares it for devices, so
// that pulldata('fruits', ...) and instance('fruits') in expressions read
// the file on the web and when answers are checked. A name the choices
// sheet already uses is left to the choices sheet.
func (l *Library) applyCSVInstances(ctx context.Context, a app.Actor, versionID string, f *xlsform.Form) error {
	files, err := l.DB.FormMediaList(ctx, a, versionID)
	if err != nil {
		return err
	}
	for _, m := range files {
		id, ok := strings.CutSuffix(m.Name, ".csv")
		if !ok || !m.Attached || id == "" {
			continue
		}
		if _, taken := f.Choices[id]; taken {
			continue
		}
		_, data, err := l.DB.FormMediaFile(ctx, a, versionID, m.Name)
		if err != nil {
			return err
		}
		list, err := CSVRows(id, data)
		if err != nil {
			continue
		}
		if f.Choices == nil {
			f.Choices = map[string]*xlsform.ChoiceList{}
		}
		f.Choices[id] = list
	}
	return nil
}

// CSVRows reads any CSV file as rows of a secondary instance: the name and
// label columns, when present, as the choice's name and label, and every
// other column as an element of the same name.
func CSVRows(id string, data []byte) (*xlsform.ChoiceList, error) {
	r := newCSVReader(data)
	header, err := csvHeader(r)
	if err != nil {
		return nil, err
	}
	list := &xlsform.ChoiceList{Name: id, Sheet: id + ".csv", Row: 2}
	err = csvEach(r, len(header), func(row int, cell func(int) string) {
		c := &xlsform.Choice{Label: xlsform.Text{}, Extra: map[string]string{}, Row: row}
		for i, h := range header {
			v := cell(i)
			switch h {
			case "":
			case "name":
				c.Name = v
			case "label":
				c.Label[xlsform.DefaultLanguageKey] = v
			default:
				c.Extra[h] = v
			}
		}
		list.Choices = append(list.Choices, c)
	})
	return list, err
}

// itemsetsCSV writes the external_choices sheet as itemsets.csv, the file
// select_one_external questions read on the device, as pyxform writes it:
// list_name, name, the label columns (label, or label::LANGUAGE), then the
// other columns the choice filters use. Lists and columns are sorted, so
// the same workbook always gives the same file (and hash).
func itemsetsCSV(f *xlsform.Form) []byte {
	if len(f.ExternalChoices) == 0 {
		return nil
	}
	langs, extras := map[string]bool{}, map[string]bool{}
	var lists []string
	for name, l := range f.ExternalChoices {
		lists = append(lists, name)
		for _, c := range l.Choices {
			for lang := range c.Label {
				langs[lang] = true
			}
			for col := range c.Extra {
				extras[col] = true
			}
		}
	}
	sort.Strings(lists)
	langList, extraList := sortedSet(langs), sortedSet(extras)
	header := []string{"list_name", "name"}
	for _, lang := range langList {
		if lang == xlsform.DefaultLanguageKey {
			header = append(header, "label")
		} else {
			header = append(header, "label::"+lang)
		}
	}
	header = append(header, extraList...)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	for _, name := range lists {
		for _, c := range f.ExternalChoices[name].Choices {
			row := []string{name, c.Name}
			for _, lang := range langList {
				row = append(row, c.Label[lang])
			}
			for _, col := range extraList {
				row = append(row, c.Extra[col])
			}
			w.Write(row)
		}
	}
	w.Flush()
	return buf.Bytes()
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
