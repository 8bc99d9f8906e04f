package xlsform

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Sheet kinds.
const (
	sheetSurvey   = "survey"
	sheetChoices  = "choices"
	sheetSettings = "settings"
	sheetExternal = "external_choices"
	sheetEntities = "entities"
	sheetOSM      = "osm"
)

var knownSheets = []string{sheetSurvey, sheetChoices, sheetSettings, sheetExternal, sheetEntities, sheetOSM}

// maxProblems caps the problems and warnings reported: a workbook that is
// wrong everywhere does not need a million messages to be fixed.
const maxProblems = 1000

// reader holds the state of one Read.
type reader struct {
	opts     Options
	form     *Form
	problems []Problem
	warnings []Problem
	dropped  int

	sheets map[string]*sheetData // by kind
	// Expression and text cells whose ${name} references are checked once
	// the whole survey is known.
	sites []site
	// Languages per sheet and translatable column, for the missing
	// translation warning.
	langCols map[string]map[string]map[string]bool // sheet -> field -> lang
	langSeen map[string]bool
	// explicitLang holds the languages named in headers (label::English (en)).
	explicitLang map[string]bool
	// failedNames are the names of survey rows that were refused.
	failedNames map[string]bool
}

// ReadFile reads the workbook at path (a convenience for tools and tests).
func ReadFile(path string, opts Options) (*Form, error) {
	data, err := readAll(path)
	if err != nil {
		return nil, err
	}
	if opts.FileName == "" {
		opts.FileName = filepath.Base(path)
	}
	return Read(data, opts)
}

// ReadFrom reads a workbook from r (at most opts.MaxBytes, default 256 MiB,
// of compressed input are read).
func ReadFrom(r io.Reader, opts Options) (*Form, error) {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = 256 << 20
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Problems: []Problem{{Message: fmt.Sprintf("The workbook is larger than %d MiB. Remove unused sheets, images and formatting, or split the form.", limit>>20)}}}
	}
	return Read(data, opts)
}

// Read reads an XLSForm workbook (.xlsx or .xlsm) from its bytes. It returns
// the form, or an *Error listing every problem found. Warnings are in
// Form.Warnings (or Error.Warnings).
func Read(data []byte, opts Options) (form *Form, err error) {
	r := &reader{opts: opts, sheets: map[string]*sheetData{},
		langCols: map[string]map[string]map[string]bool{}, langSeen: map[string]bool{}, explicitLang: map[string]bool{}, failedNames: map[string]bool{}}
	defer func() {
		// A bug here must not take the server down with it: report it as
		// a problem with the workbook rather than panic.
		if p := recover(); p != nil {
			form = nil
			err = &Error{Problems: append(r.problems, Problem{
				Message: fmt.Sprintf("The workbook could not be read because of an internal error (%v). Please report this with the file.", p)}),
				Warnings: r.warnings}
		}
	}()
	if msg := checkMagic(data, opts.FileName); msg != "" {
		return nil, &Error{Problems: []Problem{{Text: opts.FileName, Message: msg}}}
	}
	f, oerr := openWorkbook(data, opts.MaxBytes)
	if oerr != nil {
		return nil, &Error{Problems: []Problem{{Text: opts.FileName, Message: fmt.Sprintf(
			"The workbook could not be opened (%v). Open it in Excel or LibreOffice, save it as .xlsx (Excel Workbook) and upload it again.", oerr)}}}
	}
	defer f.Close()
	r.read(f)
	if r.dropped > 0 {
		r.problems = append(r.problems, Problem{Message: fmt.Sprintf("%d further problems are not listed. Fix the ones above and upload the workbook again.", r.dropped)})
	}
	if len(r.problems) > 0 {
		return nil, &Error{Problems: r.problems, Warnings: r.warnings}
	}
	r.form.Warnings = r.warnings
	return r.form, nil
}

func (r *reader) fail(p Problem) {
	if len(r.problems) >= maxProblems {
		r.dropped++
		return
	}
	r.problems = append(r.problems, p)
}

func (r *reader) warn(p Problem) {
	if len(r.warnings) >= maxProblems {
		return
	}
	r.warnings = append(r.warnings, p)
}

// read runs the whole import.
func (r *reader) read(f *excelize.File) {
	stem := strings.TrimSuffix(filepath.Base(r.opts.FileName), filepath.Ext(r.opts.FileName))
	if r.opts.FileName == "" || stem == "" || stem == "." {
		stem = DefaultRootName
	}
	r.form = &Form{
		ID:              stem,
		RootName:        DefaultRootName,
		DefaultLanguage: DefaultLanguageKey,
		Choices:         map[string]*ChoiceList{},
		ExternalChoices: map[string]*ChoiceList{},
		OSMTags:         map[string]*ChoiceList{},
		Settings:        Settings{CleanTextValues: true, All: map[string]string{}},
	}
	if !r.findSheets(f) {
		return
	}
	r.readSettings()
	r.readChoiceSheets()
	r.readEntities()
	r.readSurvey()
	if len(r.problems) == 0 || r.form.Root != nil {
		r.checkReferences()
		r.checkLanguages()
	}
}

// findSheets maps the workbook's sheets to their kinds and reads them.
func (r *reader) findSheets(f *excelize.File) bool {
	list := f.GetSheetList()
	byKind := map[string]string{}
	for _, name := range list {
		k := strings.ToLower(strings.TrimSpace(name))
		for _, kind := range knownSheets {
			if k == kind {
				if _, dup := byKind[kind]; !dup {
					byKind[kind] = name
				}
			}
		}
	}
	if _, ok := byKind[sheetSurvey]; !ok && len(list) == 1 {
		// pyxform treats a lone sheet as the survey.
		byKind[sheetSurvey] = list[0]
	}
	for _, kind := range knownSheets {
		if _, ok := byKind[kind]; ok || kind == sheetOSM {
			continue
		}
		var similar []string
		for _, name := range list {
			k := strings.ToLower(strings.TrimSpace(name))
			if k != kind && levenshtein(k, kind, 3) <= 2 {
				similar = append(similar, name)
			}
		}
		if kind == sheetSurvey {
			msg := "The workbook has no sheet named 'survey'. Put the questions on a sheet named 'survey'."
			if len(similar) > 0 {
				msg += fmt.Sprintf(" The sheet %s looks like a misspelling of 'survey'.", quoteList(similar))
			} else if len(list) > 0 {
				msg += fmt.Sprintf(" The workbook's sheets are %s.", quoteList(list))
			}
			r.fail(Problem{Message: msg})
			continue
		}
		if len(similar) > 0 {
			r.warn(Problem{Sheet: similar[0], Text: similar[0], Message: fmt.Sprintf(
				"The sheet %s is ignored. If it is meant to be the '%s' sheet, rename it to '%s'.", quoteList(similar), kind, kind)})
		}
	}
	if _, ok := byKind[sheetSurvey]; !ok {
		return false
	}
	// The sheets are read concurrently: parsing their XML is most of the
	// cost of an import. excelize's row iterators are safe to use at once.
	bools := hasBooleanCells(f)
	type result struct {
		sd  *sheetData
		err error
	}
	results := make([]result, len(knownSheets))
	var wg sync.WaitGroup
	for i, kind := range knownSheets {
		name, ok := byKind[kind]
		if !ok {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sd, err := readSheet(f, name, bools)
			results[i] = result{sd, err}
		}()
	}
	wg.Wait()
	for i, kind := range knownSheets {
		name, ok := byKind[kind]
		if !ok {
			continue
		}
		if err := results[i].err; err != nil {
			r.fail(Problem{Sheet: name, Text: name, Message: fmt.Sprintf("The sheet could not be read (%v). Save the workbook again as .xlsx and upload it.", err)})
			continue
		}
		r.sheets[kind] = results[i].sd
	}
	return r.sheets[sheetSurvey] != nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, ", ")
}

// readSettings reads the settings sheet: headers and the first data row.
func (r *reader) readSettings() {
	sd := r.sheets[sheetSettings]
	s := &r.form.Settings
	if sd != nil {
		cols, data := r.headerRow(sd, sheetSettings)
		if len(data) > 0 {
			row := data[0]
			s.Row = row.num
			for _, c := range cols {
				v := cellAt(row, c.idx)
				if v == "" {
					continue
				}
				if c.attr == "instance_name" {
					v = replaceSmartQuotes(v)
					r.sites = append(r.sites, site{sheet: sd.name, row: row.num, col: c, value: v, kind: siteExpr})
				} else {
					r.sites = append(r.sites, site{sheet: sd.name, row: row.num, col: c, value: v, kind: siteSyntax})
				}
				s.All[c.attr] = v
			}
			if len(data) > 1 {
				r.warn(Problem{Sheet: sd.name, Row: data[1].num, Message: "Only the first row under the headers of the settings sheet is used; the rows below it are ignored."})
			}
		}
	}
	get := func(k string) string { return s.All[k] }
	s.FormID = get("id_string")
	s.FormTitle = get("title")
	s.Version = get("version")
	s.DefaultLanguage = get("default_language")
	s.InstanceName = get("instance_name")
	s.PublicKey = get("public_key")
	s.SubmissionURL = get("submission_url")
	s.Style = get("style")
	s.Name = get("name")
	s.AllowChoiceDuplicates = r.settingBool(sd, "allow_choice_duplicates", false)
	s.OmitInstanceID = r.settingBool(sd, "omit_instanceID", false)
	s.CleanTextValues = r.settingBool(sd, "clean_text_values", true)
	r.applySettings()
}

// applySettings derives the form's identity from the settings.
func (r *reader) applySettings() {
	s := &r.form.Settings
	f := r.form
	if s.FormID != "" {
		f.ID = s.FormID
	}
	f.Title = f.ID
	if s.FormTitle != "" {
		f.Title = s.FormTitle
	}
	f.Version = s.Version
	if s.DefaultLanguage != "" {
		f.DefaultLanguage = s.DefaultLanguage
	}
	if s.Name != "" {
		f.RootName = s.Name
	}
}

// settingBool reads a yes/no setting, warning about values that are neither.
func (r *reader) settingBool(sd *sheetData, key string, def bool) bool {
	v, ok := r.form.Settings.All[key]
	if !ok {
		return def
	}
	if b, ok := yesNo(v); ok {
		return b
	}
	name := ""
	if sd != nil {
		name = sd.name
	}
	r.warn(Problem{Sheet: name, Row: r.form.Settings.Row, Column: key, Text: v,
		Message: fmt.Sprintf("The setting %s should be yes or no; %q is not understood, so %v is used.", key, v, map[bool]string{true: "yes", false: "no"}[def])})
	return def
}

// yesNo understands the yes/no literals pyxform accepts.
func yesNo(v string) (bool, bool) {
	switch v {
	case "yes", "Yes", "YES", "true", "True", "TRUE", "true()":
		return true, true
	case "no", "No", "NO", "false", "False", "FALSE", "false()":
		return false, true
	}
	return false, false
}

// cellAt returns the cell of row at column index i ("" when absent).
func cellAt(row rawRow, i int) string {
	if i < len(row.cells) {
		return row.cells[i]
	}
	return ""
}

// noteLangs records the languages of a sheet's translatable columns.
func (r *reader) noteLangs(sheet string, cols []column) {
	for _, c := range cols {
		if !translatable(c.field) {
			continue
		}
		lang := c.lang
		if lang == "" {
			lang = r.form.DefaultLanguage
		} else {
			r.explicitLang[lang] = true
		}
		field := c.field
		if c.field == fMedia {
			field = "media::" + c.attr
		}
		if r.langCols[sheet] == nil {
			r.langCols[sheet] = map[string]map[string]bool{}
		}
		if r.langCols[sheet][field] == nil {
			r.langCols[sheet][field] = map[string]bool{}
		}
		r.langCols[sheet][field][lang] = true
		if !r.langSeen[lang] {
			r.langSeen[lang] = true
			r.form.Languages = append(r.form.Languages, lang)
		}
	}
}

// readChoiceSheets reads the choices, external_choices and osm sheets.
func (r *reader) readChoiceSheets() {
	if sd := r.sheets[sheetChoices]; sd != nil {
		r.form.ChoiceListOrder = r.readChoices(sd, r.form.Choices, true)
	}
	if sd := r.sheets[sheetExternal]; sd != nil {
		r.readChoices(sd, r.form.ExternalChoices, false)
	}
	if sd := r.sheets[sheetOSM]; sd != nil {
		r.readChoices(sd, r.form.OSMTags, false)
	}
}

// readChoices reads a choices-like sheet into lists, returning the list
// names in order. Only the choices sheet is checked strictly.
func (r *reader) readChoices(sd *sheetData, lists map[string]*ChoiceList, strict bool) []string {
	cols, data := r.headerRow(sd, sheetChoices)
	var order []string
	if len(cols) == 0 {
		return nil
	}
	var listCol, nameCol *column
	for i := range cols {
		switch cols[i].field {
		case fListName:
			listCol = &cols[i]
		case fName:
			nameCol = &cols[i]
		}
	}
	if strict {
		r.noteLangs(sheetChoices, cols)
		for _, c := range cols {
			if c.field == fExtra && strings.ContainsAny(c.header, " \t") {
				r.warn(Problem{Sheet: sd.name, Row: sd.rows[0].num, Column: c.header, Cell: cellRef(c.idx, sd.rows[0].num), Text: c.header,
					Message: "Choice column headers should not contain spaces: a choice_filter cannot refer to this column. Use underscores."})
			}
		}
	}
	if len(data) == 0 {
		return nil
	}
	if listCol == nil || nameCol == nil {
		var missing []string
		if listCol == nil {
			missing = append(missing, "'list_name'")
		}
		if nameCol == nil {
			missing = append(missing, "'name'")
		}
		r.fail(Problem{Sheet: sd.name, Row: sd.rows[0].num, Message: fmt.Sprintf(
			"The %s sheet has no %s column. Its first row must hold the headers list_name, name and label.", sd.name, strings.Join(missing, " or "))})
		return nil
	}
	allowDup := r.form.Settings.AllowChoiceDuplicates
	seen := map[string]map[string]int{} // list -> name -> row
	for _, row := range data {
		list := cellAt(row, listCol.idx)
		name := cellAt(row, nameCol.idx)
		if list == "" {
			if strict && name != "" {
				r.warn(Problem{Sheet: sd.name, Row: row.num, Column: listCol.header, Cell: cellRef(listCol.idx, row.num),
					Message: fmt.Sprintf("This choice (%q) has no list_name, so no question can use it; it is ignored.", name)})
			}
			continue
		}
		cl := lists[list]
		if cl == nil {
			cl = &ChoiceList{Name: list, Sheet: sd.name, Row: row.num}
			lists[list] = cl
			order = append(order, list)
		}
		c := &Choice{Name: name, Row: row.num}
		for _, col := range cols {
			v := cellAt(row, col.idx)
			if v == "" {
				continue
			}
			switch col.field {
			case fLabel:
				if c.Label == nil {
					c.Label = Text{}
				}
				r.setText(c.Label, col.lang, v)
				r.sites = append(r.sites, site{sheet: sd.name, row: row.num, col: col, value: v, kind: siteChoiceText, list: list})
			case fMedia:
				if c.Media == nil {
					c.Media = map[string]Text{}
				}
				if c.Media[col.attr] == nil {
					c.Media[col.attr] = Text{}
				}
				r.setText(c.Media[col.attr], col.lang, v)
			case fExtra:
				if c.Extra == nil {
					c.Extra = map[string]string{}
				}
				c.Extra[col.attr] = v
				if strict {
					r.sites = append(r.sites, site{sheet: sd.name, row: row.num, col: col, value: v, kind: siteSyntax})
				}
			}
		}
		if !strict {
			cl.Choices = append(cl.Choices, c)
			continue
		}
		if name == "" {
			r.fail(Problem{Sheet: sd.name, Row: row.num, Column: nameCol.header, Cell: cellRef(nameCol.idx, row.num),
				Message: fmt.Sprintf("This choice of list %q has no name. Every choice needs a name: the value stored when it is chosen.", list)})
			continue
		}
		if c.Label.Empty() && c.Media == nil {
			r.warn(Problem{Sheet: sd.name, Row: row.num, Column: nameCol.header, Cell: cellRef(nameCol.idx, row.num), Text: name,
				Message: fmt.Sprintf("The choice %q of list %q has no label; people will see its name instead.", name, list)})
		}
		if seen[list] == nil {
			seen[list] = map[string]int{}
		}
		if first, dup := seen[list][name]; dup && !allowDup {
			r.fail(Problem{Sheet: sd.name, Row: row.num, Column: nameCol.header, Cell: cellRef(nameCol.idx, row.num), Text: name,
				Message: fmt.Sprintf("The choice name %q appears twice in list %q (rows %d and %d). Choice names must be unique within a list; "+
					"rename one, or if this is intentional set allow_choice_duplicates to yes on the settings sheet.", name, list, first, row.num)})
		} else if !dup {
			seen[list][name] = row.num
		}
		cl.Choices = append(cl.Choices, c)
	}
	return order
}

// setText stores a translatable value. Untranslated columns go to the
// default language, but never overwrite a column translated into it.
func (r *reader) setText(t Text, lang, v string) {
	if lang == "" {
		if _, ok := t[r.form.DefaultLanguage]; !ok {
			t[r.form.DefaultLanguage] = v
		}
		return
	}
	t[lang] = v
}

// readEntities reads the entities sheet.
func (r *reader) readEntities() {
	sd := r.sheets[sheetEntities]
	if sd == nil {
		return
	}
	cols, data := r.headerRow(sd, sheetEntities)
	if len(data) == 0 {
		return
	}
	row := data[0]
	e := &Entities{All: map[string]string{}, Row: row.num}
	colOf := map[string]column{}
	for _, c := range cols {
		colOf[c.attr] = c
		if v := cellAt(row, c.idx); v != "" {
			e.All[c.attr] = v
			r.sites = append(r.sites, site{sheet: sd.name, row: row.num, col: c, value: v, kind: siteExpr})
		}
	}
	e.Dataset = e.All["dataset"]
	e.Label = e.All["label"]
	e.EntityID = e.All["entity_id"]
	e.CreateIf = e.All["create_if"]
	e.UpdateIf = e.All["update_if"]
	r.form.Entities = e
	p := Problem{Sheet: sd.name, Row: row.num, Column: colOf["dataset"].header, Text: e.Dataset}
	if c, ok := colOf["dataset"]; ok {
		p.Cell = cellRef(c.idx, row.num)
	}
	switch {
	case e.Dataset == "":
		p.Message = "The entities sheet needs a dataset: the name of the entity list the form creates or updates."
		r.fail(p)
	case strings.HasPrefix(e.Dataset, "__"):
		p.Message = "Entity dataset names must not begin with two underscores."
		r.fail(p)
	case strings.Contains(e.Dataset, "."):
		p.Message = "Entity dataset names must not contain a period."
		r.fail(p)
	case !isXMLName(e.Dataset):
		p.Message = "The entity dataset name must begin with a letter or underscore and contain only letters, digits, hyphens, underscores and periods."
		r.fail(p)
	}
	if e.Label == "" && e.EntityID == "" {
		r.fail(Problem{Sheet: sd.name, Row: row.num, Message: "The entities sheet needs a label column: an expression giving each new entity a name people can recognise."})
	}
	if len(data) > 1 {
		r.warn(Problem{Sheet: sd.name, Row: data[1].num, Message: "Only one entity declaration is read from the entities sheet; the rows below the first are ignored."})
	}
}

// checkLanguages warns about language names without a code and about
// translated columns missing for some languages.
func (r *reader) checkLanguages() {
	var noCode []string
	for _, l := range r.form.Languages {
		if !r.explicitLang[l] {
			continue
		}
		if !reLangCode.MatchString(l) {
			noCode = append(noCode, l)
		}
	}
	if len(noCode) > 0 {
		r.warn(Problem{Text: strings.Join(noCode, ", "), Message: fmt.Sprintf(
			"The language names %s have no language code. Write them as 'English (en)', 'Bangla (bn)' so that devices can match the user's language.", quoteList(noCode))})
	}
	if len(r.form.Languages) < 2 {
		return
	}
	for _, sheet := range []string{sheetSurvey, sheetChoices} {
		fields := r.langCols[sheet]
		names := make([]string, 0, len(fields))
		for f := range fields {
			names = append(names, f)
		}
		sort.Strings(names)
		var parts []string
		for _, field := range names {
			langs := fields[field]
			var missing []string
			for _, l := range r.form.Languages {
				if !langs[l] {
					missing = append(missing, l)
				}
			}
			if len(missing) > 0 && len(missing) < len(r.form.Languages) {
				parts = append(parts, fmt.Sprintf("%s (no %s)", field, quoteList(missing)))
			}
		}
		if len(parts) > 0 {
			name := sheet
			if sd := r.sheets[sheet]; sd != nil {
				name = sd.name
			}
			r.warn(Problem{Sheet: name, Message: fmt.Sprintf(
				"Some columns are not translated into every language of the form: %s. Users of those languages will see the text of another language. "+
					"(Text in a column without a language, such as plain 'hint', belongs to the default language %q.)", strings.Join(parts, "; "), r.form.DefaultLanguage)})
		}
	}
}
