package scoring

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// SheetName is the name of the workbook sheet that holds a scoring
// definition's dimensions, thresholds and version.
const SheetName = "scoring"

// missingWord marks an option that counts as not answered.
const missingWord = "missing"

// maxProblems caps the problems Read reports, as the form reader does.
const maxProblems = 1000

// Read reads the scoring definition of workbook xlsx for the form: the
// score columns of its survey and choices sheets and its scoring sheet
// (see docs/SCORING.md). Rows are matched to form's questions and choice
// lists by name, so xlsx is normally the workbook form was read from, but
// it may also be a workbook holding only the scoring parts for a form
// already published.
//
// Read returns (nil, nil) when the workbook has neither a score in its
// score columns nor a scoring sheet. When the definition is wrong it
// returns an *xlsform.Error listing every problem with its sheet, row,
// column and cell.
func Read(form *xlsform.Form, xlsx []byte) (*Definition, error) {
	f, err := excelize.OpenReader(bytes.NewReader(xlsx), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, &xlsform.Error{Problems: []xlsform.Problem{{Message: fmt.Sprintf(
			"The workbook could not be opened (%v). Save it as .xlsx (Excel Workbook) and upload it again.", err)}}}
	}
	defer f.Close()
	r := &reader{form: form, def: &Definition{FormID: form.ID}, skip: map[int]bool{},
		itemLoc: map[int]loc{}, dimLoc: map[int]loc{}, thrLoc: map[int]loc{}, kindLoc: map[string]loc{}}
	sheets := map[string]*sheet{}
	for _, name := range f.GetSheetList() {
		kind := strings.ToLower(strings.TrimSpace(name))
		if kind != "survey" && kind != "choices" && kind != SheetName {
			continue
		}
		if sheets[kind] != nil {
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			r.fail(xlsform.Problem{Sheet: name, Message: fmt.Sprintf("The sheet could not be read (%v). Save the workbook again as .xlsx and upload it.", err)})
			continue
		}
		sheets[kind] = newSheet(name, rows)
	}
	survey, choices, scoring := sheets["survey"], sheets["choices"], sheets[SheetName]
	scored := survey.hasValues(colDimension, colWeight, colReverse, colBands, colAssistance) || choices.hasValues(colScore)
	if !scored && scoring == nil && len(r.problems) == 0 {
		return nil, nil
	}
	if scoring == nil {
		r.fail(xlsform.Problem{Message: "The workbook has score columns but no 'scoring' sheet. Add a sheet named scoring with the version, dimensions, minimum answered share and thresholds (see the scoring documentation)."})
	} else {
		r.readScoring(scoring)
	}
	opts := r.readChoices(choices)
	r.readSurvey(survey, opts)
	r.finish(scoring != nil)
	if len(r.problems) > 0 {
		if r.dropped > 0 {
			r.problems = append(r.problems, xlsform.Problem{Message: fmt.Sprintf("%d further problems are not listed. Fix the ones above and upload the workbook again.", r.dropped)})
		}
		return nil, &xlsform.Error{Problems: r.problems}
	}
	return r.def, nil
}

// reader holds the state of one Read.
type reader struct {
	form     *xlsform.Form
	def      *Definition
	problems []xlsform.Problem
	dropped  int
	// skip marks items whose cells already gave a problem.
	skip map[int]bool
	// Where each part of the definition came from.
	itemLoc, dimLoc, thrLoc map[int]loc
	kindLoc                 map[string]loc
	scoringSheet            *sheet
}

// loc is a row of a sheet.
type loc struct {
	sh  *sheet
	row int // 1-based
}

func (r *reader) fail(p xlsform.Problem) {
	if len(r.problems) >= maxProblems {
		r.dropped++
		return
	}
	r.problems = append(r.problems, p)
}

// failAt reports a problem at a cell: the column named by its normalised
// header on row l.
func (r *reader) failAt(l loc, column, text, msg string) {
	p := xlsform.Problem{Row: l.row, Text: text, Message: msg}
	if l.sh != nil {
		p.Sheet = l.sh.name
		if i, ok := l.sh.cols[column]; ok {
			p.Column = l.sh.headers[i]
			p.Cell, _ = excelize.CoordinatesToCellName(i+1, l.row)
		}
	}
	r.fail(p)
}

// sheet is one sheet's rows, with its columns by normalised header.
type sheet struct {
	name    string
	rows    [][]string
	headers []string
	cols    map[string]int
}

// newSheet indexes the first row as headers.
func newSheet(name string, rows [][]string) *sheet {
	s := &sheet{name: name, rows: rows, cols: map[string]int{}}
	if len(rows) > 0 {
		s.headers = rows[0]
		for i, h := range rows[0] {
			k := normHeader(h)
			if _, dup := s.cols[k]; !dup && k != "" {
				s.cols[k] = i
			}
		}
	}
	return s
}

// normHeader lower-cases a header and writes its spaces as underscores
// ("List name" is list_name); the language after "::" keeps its case.
func normHeader(h string) string {
	field, lang, ok := strings.Cut(strings.TrimSpace(h), "::")
	field = strings.Join(strings.Fields(strings.ToLower(field)), "_")
	if ok {
		return field + "::" + strings.TrimSpace(lang)
	}
	return field
}

// cell returns the trimmed cell of data row i (1-based row i+1) in the column.
func (s *sheet) cell(row []string, column string) string {
	i, ok := s.cols[column]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// hasValues reports whether any of the columns holds a value below its header.
func (s *sheet) hasValues(columns ...string) bool {
	if s == nil {
		return false
	}
	for _, row := range s.rows[min(1, len(s.rows)):] {
		for _, c := range columns {
			if s.cell(row, c) != "" {
				return true
			}
		}
	}
	return false
}

// labels reads the label columns of a row: label::<language> and a plain
// label (the form's default language), by language code.
func (s *sheet) labels(row []string, defaultLang string) map[string]string {
	out := map[string]string{}
	for i, h := range s.headers {
		k := normHeader(h)
		if i >= len(row) || strings.TrimSpace(row[i]) == "" {
			continue
		}
		switch {
		case k == "label":
			if _, ok := out[LangCode(defaultLang)]; !ok {
				out[LangCode(defaultLang)] = strings.TrimSpace(row[i])
			}
		case strings.HasPrefix(k, "label::"):
			out[LangCode(strings.TrimPrefix(k, "label::"))] = strings.TrimSpace(row[i])
		}
	}
	return out
}

var reLangCode = regexp.MustCompile(`\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*\)\s*$`)

// LangCode returns the language code of a form's language key: "en" for
// "English (en)". A key without a code is returned as it is.
func LangCode(lang string) string {
	if m := reLangCode.FindStringSubmatch(lang); m != nil {
		return m[1]
	}
	return lang
}

// text converts a form text to labels by language code.
func text(t xlsform.Text) map[string]string {
	out := make(map[string]string, len(t))
	for lang, s := range t {
		if s != "" {
			out[LangCode(lang)] = s
		}
	}
	return out
}

// readScoring reads the scoring sheet.
func (r *reader) readScoring(s *sheet) {
	r.scoringSheet = s
	for _, c := range []string{colKind, colName, colValue} {
		if _, ok := s.cols[c]; !ok {
			r.fail(xlsform.Problem{Sheet: s.name, Row: 1, Message: fmt.Sprintf(
				"The scoring sheet has no %s column. Its first row must hold the headers kind, name, value and the label columns (label::English (en), label::Bangla (bn)).", c)})
			return
		}
	}
	d := r.def
	type thr struct {
		t Threshold
		l loc
	}
	var thresholds []thr
	for i, row := range s.rows[min(1, len(s.rows)):] {
		l := loc{s, i + 2}
		kind := strings.ToLower(s.cell(row, colKind))
		name, value := s.cell(row, colName), s.cell(row, colValue)
		if kind == "" {
			if name != "" || value != "" {
				r.failAt(l, colKind, "", fmt.Sprintf("This row has no kind. Write one of %s in the kind column.", quoted(kinds)))
			}
			continue
		}
		if !slices.Contains(kinds, kind) {
			r.failAt(l, colKind, kind, fmt.Sprintf("%q is not a kind of scoring row. Use one of %s.", kind, quoted(kinds)))
			continue
		}
		if kind != kindDimension && kind != kindThreshold {
			if prev, dup := r.kindLoc[kind]; dup {
				r.failAt(l, colKind, kind, fmt.Sprintf("There is already a row of kind %s (row %d). Keep one.", kind, prev.row))
				continue
			}
			r.kindLoc[kind] = l
		}
		switch kind {
		case kindVersion:
			d.Label = name
		case kindPlaceholder:
			b, ok := yesNo(value)
			if !ok {
				r.failAt(l, colValue, value, "The placeholder row needs yes (the weights are not an authority's) or no in the value column.")
			}
			d.Placeholder = b
		case kindNote:
			d.Note = s.labels(row, r.form.DefaultLanguage)
		case kindDimension:
			w := 1.0 // also when the weight cannot be read: that is reported once, here
			if value != "" {
				if v, err := number(value); err != nil {
					r.failAt(l, colValue, value, fmt.Sprintf("The weight of dimension %q: %v. Write a positive number, for example 1.", name, err))
				} else {
					w = v
				}
			}
			r.dimLoc[len(d.Dimensions)] = l
			d.Dimensions = append(d.Dimensions, Dimension{Name: name, Label: s.labels(row, r.form.DefaultLanguage), Weight: w})
		case kindMinShare, kindSustainableFrom:
			v, err := number(value)
			if err != nil {
				r.failAt(l, colValue, value, fmt.Sprintf("The %s row %v. Write a number from 0 to 1, for example 0.6.", kind, err))
				v = 0.5 // reported: keep the check from reporting it again
			}
			if kind == kindMinShare {
				d.MinAnsweredShare = v
			} else {
				d.SustainableFrom = v
			}
		case kindThreshold:
			lo, hi, err := ParseRange(value)
			if err != nil {
				r.failAt(l, colValue, value, fmt.Sprintf("The range of threshold %q is not right: %v.", name, err))
				continue
			}
			thresholds = append(thresholds, thr{Threshold{Name: name, Label: s.labels(row, r.form.DefaultLanguage), Min: lo, Max: hi}, l})
		}
	}
	// Thresholds are kept in ascending order, whatever the sheet's order.
	slices.SortStableFunc(thresholds, func(a, b thr) int {
		switch {
		case a.t.Min < b.t.Min:
			return -1
		case a.t.Min > b.t.Min:
			return 1
		}
		return 0
	})
	for i, t := range thresholds {
		r.thrLoc[i] = t.l
		d.Thresholds = append(d.Thresholds, t.t)
	}
	// Rows that are missing are reported by the check, on the sheet.
	for _, kind := range []string{kindMinShare, kindSustainableFrom} {
		if _, ok := r.kindLoc[kind]; !ok {
			r.fail(xlsform.Problem{Sheet: s.name, Message: fmt.Sprintf("The scoring sheet has no row of kind %s. Add one with a number from 0 to 1 in the value column.", kind)})
			if kind == kindMinShare {
				d.MinAnsweredShare = 1
			}
		}
	}
}

// yesNo reads a yes/no cell (Excel booleans arrive as 1 and 0).
func yesNo(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "true()", "1":
		return true, true
	case "no", "false", "false()", "0", "":
		return false, true
	}
	return false, false
}

// choiceScore is the score column of one choice.
type choiceScore struct {
	score   float64
	missing bool
	bad     bool // reported already
	l       loc
}

// readChoices reads the score column of the choices sheet: list name ->
// choice name -> score.
func (r *reader) readChoices(s *sheet) map[string]map[string]choiceScore {
	out := map[string]map[string]choiceScore{}
	if !s.hasValues(colScore) {
		return out
	}
	listCol := "list_name"
	if _, ok := s.cols[listCol]; !ok {
		r.fail(xlsform.Problem{Sheet: s.name, Row: 1, Message: "The choices sheet has a score column but no list_name column."})
		return out
	}
	for i, row := range s.rows[1:] {
		l := loc{s, i + 2}
		list, name, v := s.cell(row, listCol), s.cell(row, colName), s.cell(row, colScore)
		if v == "" {
			continue
		}
		fl := r.form.Choices[list]
		switch {
		case fl == nil:
			r.failAt(l, listCol, list, fmt.Sprintf("The choice list %q has a score but the form has no such list. Check the list name.", list))
			continue
		case !slices.ContainsFunc(fl.Choices, func(c *xlsform.Choice) bool { return c.Name == name }):
			r.failAt(l, colName, name, fmt.Sprintf("The choice %q has a score but the form's list %q has no such choice. Check the name.", name, list))
			continue
		}
		cs := choiceScore{l: l}
		if strings.EqualFold(v, missingWord) {
			cs.missing = true
		} else if n, err := number(v); err != nil || n < 0 || n > 1 {
			r.failAt(l, colScore, v, fmt.Sprintf("The score of choice %q of list %q must be a number from 0 (worst) to 1 (best), or the word missing for an answer that counts as not given.", name, list))
			cs.bad = true
		} else {
			cs.score = n
		}
		if out[list] == nil {
			out[list] = map[string]choiceScore{}
		}
		out[list][name] = cs
	}
	return out
}

// numericTypes can be scored with bands.
var numericTypes = []string{xlsform.TypeInteger, xlsform.TypeDecimal, xlsform.TypeCalculate, xlsform.TypeRange}

// readSurvey reads the score columns of the survey sheet into items, in
// form order.
func (r *reader) readSurvey(s *sheet, opts map[string]map[string]choiceScore) {
	if s == nil {
		return
	}
	for i, h := range s.headers {
		k := normHeader(h)
		if (k == colScore || strings.HasPrefix(k, colScore+"_")) && !slices.Contains([]string{colDimension, colWeight, colReverse, colBands, colAssistance}, k) {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			r.fail(xlsform.Problem{Sheet: s.name, Row: 1, Column: h, Cell: cell, Text: h, Message: fmt.Sprintf(
				"%q is not a scoring column. The survey sheet's scoring columns are score_dimension, score_weight, score_reverse, score_bands and score_assistance.", h)})
		}
	}
	type found struct {
		it   Item
		l    loc
		row  int // the question's row in the form, for form order
		skip bool
	}
	var items []found
	for i, row := range s.rows[min(1, len(s.rows)):] {
		l := loc{s, i + 2}
		dim := s.cell(row, colDimension)
		others := s.cell(row, colWeight) + s.cell(row, colReverse) + s.cell(row, colBands) + s.cell(row, colAssistance)
		if dim == "" {
			if others != "" {
				r.failAt(l, colDimension, "", "This row has scoring columns but no score_dimension. Write the dimension of the question, or clear its other score columns.")
			}
			continue
		}
		name := s.cell(row, colName)
		n := r.form.Find(name)
		if n == nil || n.IsGroup() {
			r.failAt(l, colName, name, fmt.Sprintf("The form has no question %q to score. Check the name in the name column.", name))
			continue
		}
		it := Item{Question: n.Name, Key: key(r.form, n), Label: text(n.Label), Dimension: dim, Weight: 1}
		bad := false
		for p := n.Parent; p != nil; p = p.Parent {
			if p.Type == xlsform.TypeRepeat {
				r.failAt(l, colDimension, dim, fmt.Sprintf("The question %q is inside the repeat %q: questions in a repeat cannot be scored.", n.Name, p.Name))
				bad = true
				break
			}
		}
		if w := s.cell(row, colWeight); w != "" {
			v, err := number(w)
			if err != nil || !positive(v) {
				r.failAt(l, colWeight, w, fmt.Sprintf("The weight of question %q must be a positive number, for example 1 or 0.5.", n.Name))
				bad = true
			} else {
				it.Weight = v
			}
		}
		if v := s.cell(row, colReverse); v != "" {
			b, ok := yesNo(v)
			if !ok {
				r.failAt(l, colReverse, v, fmt.Sprintf("score_reverse of question %q must be yes (a negatively worded question: its score is 1 minus the option's score) or no.", n.Name))
				bad = true
			}
			it.Reverse = b
		}
		if v := s.cell(row, colAssistance); v != "" {
			it.Assistance = strings.Fields(v)
		}
		bands := s.cell(row, colBands)
		switch {
		case n.Type == xlsform.TypeSelectOne && n.Choices != nil:
			if bands != "" {
				r.failAt(l, colBands, bands, fmt.Sprintf("The question %q is a select_one: its options are scored on the choices sheet, not with bands. Clear score_bands.", n.Name))
				bad = true
			}
			if !r.options(&it, n, l, opts) {
				bad = true
			}
		case slices.Contains(numericTypes, n.Type):
			if bands == "" {
				r.failAt(l, colBands, "", fmt.Sprintf("The number question %q needs score bands, for example ..0.5=1; 0.5..2=0.5; 2..=0.", n.Name))
				bad = true
				break
			}
			b, err := ParseBands(bands)
			if err != nil {
				r.failAt(l, colBands, bands, fmt.Sprintf("The score bands of question %q cannot be read: %v.", n.Name, err))
				bad = true
				break
			}
			it.Bands = b
		case n.IsSelect() && n.Type != xlsform.TypeSelectMultiple && n.Type != xlsform.TypeSelectMultipleFromFile:
			r.failAt(l, colDimension, dim, fmt.Sprintf("The question %q takes its choices from outside the choices sheet (%s), so its options cannot be scored. Score select_one questions whose list is on the choices sheet.", n.Name, n.TypeText))
			bad = true
		default:
			r.failAt(l, colDimension, dim, fmt.Sprintf("The question %q is of type %s, which cannot be scored. Score select_one questions (by option) and integer, decimal, range or calculate questions (by bands).", n.Name, n.Type))
			bad = true
		}
		items = append(items, found{it, l, n.Row, bad})
	}
	slices.SortStableFunc(items, func(a, b found) int { return a.row - b.row })
	for i, f := range items {
		r.itemLoc[i] = f.l
		r.skip[i] = f.skip
		r.def.Items = append(r.def.Items, f.it)
	}
}

// options fills in the option scores of a select_one item from the
// choices sheet; every choice of its list needs a score or "missing".
func (r *reader) options(it *Item, n *xlsform.Node, l loc, opts map[string]map[string]choiceScore) bool {
	list := opts[n.ListName]
	it.Options = map[string]float64{}
	ok := true
	var unscored []string
	for _, c := range n.ChoiceItems() {
		cs, found := list[c.Name]
		switch {
		case !found && c.Row == 0 && c.Name == "other":
			// The "other" an or_other select adds has no row to score.
			it.Missing = append(it.Missing, c.Name)
		case !found:
			unscored = append(unscored, c.Name)
		case cs.bad:
			ok = false
		case cs.missing:
			it.Missing = append(it.Missing, c.Name)
		default:
			it.Options[c.Name] = cs.score
		}
	}
	if len(unscored) > 0 {
		r.failAt(l, colDimension, it.Dimension, fmt.Sprintf("The question %q is scored but the options %s of its list %q have no score. On the choices sheet, give each a score from 0 to 1 or the word missing.",
			n.Name, quoted(unscored), n.ListName))
		ok = false
	}
	return ok
}

// key returns the question's key in a submission's values: its path below
// the root element.
func key(form *xlsform.Form, n *xlsform.Node) string {
	return strings.TrimPrefix(n.Path, "/"+form.RootName+"/")
}

// finish runs the checks on the whole definition and reports each issue
// at the cells it came from.
func (r *reader) finish(hasSheet bool) {
	for _, is := range r.def.check(r.skip) {
		var l loc
		switch is.part {
		case partItem:
			l = r.itemLoc[is.index]
			if !hasSheet && is.column == colDimension && strings.Contains(is.msg, "does not define") {
				continue // the missing scoring sheet is reported once
			}
		case partDimension:
			l = r.dimLoc[is.index]
		case partThreshold:
			l = r.thrLoc[is.index]
		default:
			var ok bool
			if l, ok = r.kindLoc[is.kind]; !ok {
				if !hasSheet || is.kind == kindMinShare || is.kind == kindSustainableFrom {
					continue // reported as a missing sheet or row
				}
				r.fail(xlsform.Problem{Sheet: r.scoringSheet.name, Message: is.msg})
				continue
			}
		}
		r.failAt(l, is.column, is.text, is.msg)
	}
}
