package xlsform

import (
	"fmt"
	"math/big"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

func readAll(p string) ([]byte, error) { return os.ReadFile(p) }

// cv is one non-empty cell of a survey row with its column.
type cv struct {
	col *column
	val string
}

// srow is one survey row.
type srow struct {
	num   int
	cells []cv
	sheet string
}

func (s *srow) get(field string) (cv, bool) {
	for _, c := range s.cells {
		if c.col.field == field && c.col.lang == "" {
			return c, true
		}
	}
	return cv{}, false
}

func (s *srow) has(field string) bool {
	for _, c := range s.cells {
		if c.col.field == field {
			return true
		}
	}
	return false
}

// problem builds a problem located at a cell of the row (field "" = the row).
func (s *srow) problem(field, msg string) Problem {
	p := Problem{Sheet: s.sheet, Row: s.num, Message: msg}
	for _, c := range s.cells {
		if c.col.field == field {
			p.Column, p.Cell, p.Text = c.col.header, cellRef(c.col.idx, s.num), c.val
			break
		}
	}
	return p
}

// frame is an open group, repeat or loop while reading the survey sheet.
type frame struct {
	node      *Node
	kind      string // survey, group, repeat, loop
	row       *srow
	names     map[string]int    // sibling names -> row
	lower     map[string]string // lower-case sibling names -> name
	tableList bool
	tableName string // list of the first select in a table-list group
}

func newFrame(n *Node, kind string, row *srow) *frame {
	return &frame{node: n, kind: kind, row: row,
		names: map[string]int{}, lower: map[string]string{}}
}

// Site kinds: how a cell's ${name} references are checked.
const (
	siteExpr       = iota // an expression: references must exist; ExprChecker runs
	siteText              // text with ${name} output: references must exist
	siteChoiceText        // a choice label: checked when its list is used
	siteSyntax            // any other cell: malformed references are a warning
)

// site is a cell whose references are checked after the survey is read.
type site struct {
	sheet string
	row   int
	col   column
	value string
	kind  int
	list  string // for siteChoiceText
}

// readSurvey builds the question tree from the survey sheet.
func (r *reader) readSurvey() {
	sd := r.sheets[sheetSurvey]
	cols, data := r.headerRow(sd, sheetSurvey)
	f := r.form
	if !isXMLName(f.RootName) {
		r.fail(Problem{Sheet: r.settingsName(), Row: f.Settings.Row, Column: "name", Text: f.RootName,
			Message: "The name setting (the instance root element) must begin with a letter or underscore and contain only letters, digits, hyphens, underscores and periods."})
		f.RootName = DefaultRootName
	}
	f.Root = &Node{Type: TypeSurvey, Name: f.RootName}
	hasType := false
	for _, c := range cols {
		if c.field == fType {
			hasType = true
		}
	}
	if !hasType {
		msg := "The survey sheet has no 'type' column. Its first row must hold the column headers, at least type, name and label."
		if len(sd.rows) == 0 {
			msg = "The survey sheet is empty. Its first row must hold the column headers (type, name, label...) and the rows below it the questions."
		}
		r.fail(Problem{Sheet: sd.name, Row: firstRow(sd), Message: msg})
		return
	}
	r.noteLangs(sheetSurvey, cols)

	stack := []*frame{newFrame(f.Root, TypeSurvey, nil)}
	repeatNames := map[string]int{}
	for _, raw := range data {
		row := &srow{num: raw.num, sheet: sd.name}
		for i := range cols {
			c := &cols[i]
			v := cellAt(raw, c.idx)
			if v == "" {
				continue
			}
			if f.Settings.CleanTextValues {
				v = collapseSpaces(v)
			}
			if isExprField(c.field) {
				v = replaceSmartQuotes(v)
			}
			row.cells = append(row.cells, cv{col: c, val: v})
		}
		if len(row.cells) == 0 {
			continue
		}
		if d, ok := row.get(fDisabled); ok {
			r.warn(row.problem(fDisabled, "The 'disabled' column is not part of XLSForm; use relevant instead."))
			if b, _ := yesNo(d.val); b {
				continue
			}
		}
		top := stack[len(stack)-1]
		tc, hasT := row.get(fType)
		if !hasT {
			_, hasName := row.get(fName)
			if !hasName && !row.has(fLabel) {
				r.warn(Problem{Sheet: sd.name, Row: row.num, Message: "This row has no type, name or label, so it is skipped."})
				continue
			}
			r.fail(row.problem(fName, "This row has no type. Write the question type (text, integer, select_one LIST, begin group...) in the type column."))
			continue
		}
		typeText := strings.Join(strings.Fields(tc.val), " ")
		pt := parseType(typeText)
		switch pt.kind {
		case tkEnd:
			if len(stack) == 1 || top.kind != pt.canonical {
				msg := fmt.Sprintf("Unmatched '%s': there is no open %s to close here.", typeText, pt.canonical)
				if len(stack) > 1 {
					msg = fmt.Sprintf("Unmatched '%s': the innermost open block is the %s %q begun at row %d, so this %s has no matching 'begin %s'. "+
						"Check that every begin has its end, in the right order.", typeText, top.kind, top.node.Name, top.row.num, pt.canonical, pt.canonical)
				}
				r.fail(row.problem(fType, msg))
				continue
			}
			r.closeFrame(top)
			stack = stack[:len(stack)-1]
			continue
		case tkSetting:
			nm, _ := row.get(fName)
			f.Settings.All[pt.setting] = nm.val
			switch pt.setting {
			case "title":
				f.Settings.FormTitle = nm.val
			case "id_string":
				f.Settings.FormID = nm.val
			case "public_key":
				f.Settings.PublicKey = nm.val
			case "submission_url":
				f.Settings.SubmissionURL = nm.val
			case "allow_choice_duplicates":
				f.Settings.AllowChoiceDuplicates, _ = yesNo(nm.val)
			}
			r.applySettings()
			f.Root.Name = f.RootName
			continue
		case tkUnsupported:
			r.fail(row.problem(fType, fmt.Sprintf("Question type '%s' is not supported. %s", typeText, pt.why)))
			r.noteFailedName(row)
			continue
		case tkUnknown:
			hint := suggestType(typeText)
			if pt.why != "" {
				hint = " " + pt.why
			}
			r.fail(row.problem(fType, fmt.Sprintf("Unknown question type '%s'.%s", typeText, hint)))
			r.noteFailedName(row)
			continue
		case tkNeedsList:
			r.fail(row.problem(fType, fmt.Sprintf("The type '%s' needs the name of a choice list: write '%s LIST', where LIST is a list_name of the choices sheet.", typeText, typeText)))
			r.noteFailedName(row)
			continue
		}

		n := r.newNode(row, typeText)
		// Names.
		if n.Name == "" {
			switch {
			case pt.kind == tkQuestion && pt.canonical == TypeNote:
				n.Name = fmt.Sprintf("generated_note_name_%d", row.num)
			case pt.kind == tkQuestion && pt.canonical == TypeAudit:
				n.Name = "audit"
			default:
				what := "question"
				if pt.kind == tkBegin {
					what = pt.canonical
				}
				r.fail(row.problem(fType, fmt.Sprintf("This %s has no name. Give it a name in the name column: letters, digits and underscores, starting with a letter.", what)))
				continue
			}
		} else if pt.kind == tkQuestion && pt.canonical == TypeAudit && n.Name != "audit" {
			r.fail(row.problem(fName, "Audits are always named 'audit'. Leave the name column empty."))
			n.Name = "audit"
		}
		if !isXMLName(n.Name) {
			r.fail(row.problem(fName, fmt.Sprintf("The name %q is not valid. Names must begin with a letter or underscore and contain only letters, digits, hyphens, underscores and periods (no spaces).", n.Name)))
			continue
		}
		if !(pt.kind == tkQuestion && pt.canonical == TypeAudit) {
			r.checkSiblingName(top, row, n.Name)
		}

		if pt.kind == tkBegin {
			r.beginBlock(stack, row, n, pt, repeatNames)
			fr := newFrame(n, pt.canonical, row)
			if pt.canonical == TypeGroup && hasWord(n.Appearance, "table-list") {
				fr.tableList = true
			}
			top.node.Children = append(top.node.Children, n)
			n.Parent = top.node
			stack = append(stack, fr)
			continue
		}

		if !r.question(row, n, pt, top) {
			r.failedNames[n.Name] = true
			continue
		}
		if n.Type == TypeAudit {
			if f.Audit != nil {
				r.fail(row.problem(fType, fmt.Sprintf("The form already has an audit (row %d). A form can have only one audit row.", f.Audit.Row)))
				continue
			}
			f.Audit = n
			continue
		}
		top.node.Children = append(top.node.Children, n)
		n.Parent = top.node
		if n.OrOther {
			other := &Node{Type: TypeText, TypeText: "text", DataType: "string", Name: n.Name + "_other",
				Row: row.num, Generated: true, Label: Text{f.DefaultLanguage: "Specify other."},
				Relevant: fmt.Sprintf("selected(../%s, 'other')", n.Name), Parent: top.node}
			if _, taken := top.names[other.Name]; taken {
				r.fail(row.problem(fType, fmt.Sprintf("The or_other select %q adds a question named %q for the 'other' answer, but row %d already uses that name. Rename one of them.",
					n.Name, other.Name, top.names[other.Name])))
			} else {
				top.names[other.Name] = row.num
				top.lower[strings.ToLower(other.Name)] = other.Name
			}
			top.node.Children = append(top.node.Children, other)
			if len(r.form.Languages) > 1 {
				r.warn(row.problem(fType, "The 'Other' choice and the 'Specify other.' question that or_other adds are not translated. "+
					"For a multilingual form, add an 'other' choice to the list and a text question with a relevant instead."))
			}
		}
	}
	for i := len(stack) - 1; i > 0; i-- {
		fr := stack[i]
		r.fail(fr.row.problem(fType, fmt.Sprintf("Unmatched 'begin %s': the %s %q begun here is never closed. Add an 'end %s' row where it should end.",
			fr.kind, fr.kind, fr.node.Name, fr.kind)))
		r.closeFrame(fr)
	}
	setPaths(f.Root, "")
	if f.Audit != nil {
		f.Audit.Path = "/" + f.RootName + "/meta/audit"
	}
	r.checkFormLevel()
}

// noteFailedName remembers the name of a refused row.
func (r *reader) noteFailedName(row *srow) {
	if c, ok := row.get(fName); ok {
		r.failedNames[c.val] = true
	}
}

func firstRow(sd *sheetData) int {
	if len(sd.rows) > 0 {
		return sd.rows[0].num
	}
	return 0
}

func (r *reader) settingsName() string {
	if sd := r.sheets[sheetSettings]; sd != nil {
		return sd.name
	}
	return "settings"
}

// checkSiblingName reports a name used twice within one group and warns
// about names that differ only in case.
func (r *reader) checkSiblingName(fr *frame, row *srow, name string) {
	if name == "meta" {
		r.fail(row.problem(fName, "The name 'meta' is reserved for the form's metadata block. Choose another name."))
		return
	}
	if first, dup := fr.names[name]; dup {
		where := "the survey"
		if fr.kind != TypeSurvey {
			where = fmt.Sprintf("the %s %q", fr.kind, fr.node.Name)
		}
		r.fail(row.problem(fName, fmt.Sprintf("The name %q is already used at row %d in %s. Questions, groups and repeats must have unique names within their group or repeat.",
			name, first, where)))
		return
	}
	fr.names[name] = row.num
	low := strings.ToLower(name)
	if other, dup := fr.lower[low]; dup {
		r.warn(row.problem(fName, fmt.Sprintf("The name %q differs from %q only in upper/lower case. Some tools (and exports to Excel) treat them as the same; consider renaming.", name, other)))
	}
	fr.lower[low] = name
}

// beginBlock validates a begin group/repeat/loop row.
func (r *reader) beginBlock(stack []*frame, row *srow, n *Node, pt parsedType, repeatNames map[string]int) {
	switch pt.canonical {
	case TypeRepeat:
		n.Type = TypeRepeat
		if n.Name == r.form.RootName {
			r.fail(row.problem(fName, fmt.Sprintf("The repeat name %q is the same as the survey's root element (%q). Rename the repeat.", n.Name, r.form.RootName)))
		} else if first, dup := repeatNames[n.Name]; dup {
			r.fail(row.problem(fName, fmt.Sprintf("The repeat name %q is already used by the repeat at row %d. Repeat names must be unique in the whole form.", n.Name, first)))
		} else {
			repeatNames[n.Name] = row.num
		}
	case "loop":
		n.Type = TypeGroup
		if pt.listName == "" {
			r.fail(row.problem(fType, "A 'begin loop' needs a choice list to loop over: write 'begin loop over LIST'."))
		} else {
			n.LoopList = pt.listName
			if r.form.Choices[pt.listName] == nil {
				r.fail(row.problem(fType, fmt.Sprintf("The loop's list %q is not on the choices sheet. Add the list, or fix the name.", pt.listName)))
			}
		}
	default:
		n.Type = TypeGroup
	}
	if pt.listName != "" && pt.canonical != "loop" {
		r.warn(row.problem(fType, fmt.Sprintf("The text after 'begin %s' (%q) is ignored.", pt.canonical, pt.listName)))
	}
	if n.Label.Empty() && n.Media == nil && !(n.Type == TypeGroup && hasWord(n.Appearance, "field-list")) {
		r.warn(row.problem(fName, fmt.Sprintf("The %s %q has no label.", pt.canonical, n.Name)))
	}
	if n.SaveTo != "" {
		r.fail(row.problem(fSaveTo, "Groups and repeats cannot save to an entity property: remove the save_to value."))
	}
	if n.Calculation != "" {
		r.warn(row.problem(fCalculation, "A group or repeat has no value to calculate; the calculation is ignored."))
	}
	if n.RepeatCount != "" && n.Type != TypeRepeat {
		r.warn(row.problem(fRepeatCount, "repeat_count applies only to repeats; it is ignored on this group."))
	}
	if n.ParametersRaw != "" {
		r.parseParams(row, n, nil)
	}
}

// closeFrame finishes a block when its end row is read.
func (r *reader) closeFrame(fr *frame) {
	if fr.kind == "loop" {
		r.expandLoop(fr.node)
	}
}

// expandLoop turns a legacy loop over a choice list into one group per
// choice, each holding a copy of the loop's questions; "%(label)s" in their
// labels becomes the choice's label.
func (r *reader) expandLoop(n *Node) {
	list := r.form.Choices[n.LoopList]
	template := n.Children
	n.Children = nil
	if list == nil {
		return
	}
	for _, c := range list.Choices {
		if !isXMLName(c.Name) {
			r.fail(Problem{Sheet: list.Sheet, Row: c.Row, Text: c.Name, Message: fmt.Sprintf(
				"The loop at survey row %d makes a group for each choice of list %q, so the choice name %q must be a valid name (a letter or underscore first, no spaces).",
				n.Row, list.Name, c.Name)})
			continue
		}
		g := &Node{Type: TypeGroup, TypeText: "begin group", Name: c.Name, Row: n.Row, Generated: true, Label: copyText(c.Label), Parent: n}
		for _, t := range template {
			g.Children = append(g.Children, cloneLoop(t, g, c.Label))
		}
		n.Children = append(n.Children, g)
	}
}

func cloneLoop(t *Node, parent *Node, itemLabel Text) *Node {
	c := *t
	c.Parent = parent
	c.Label = Text{}
	for lang, s := range t.Label {
		c.Label[lang] = strings.ReplaceAll(s, "%(label)s", itemLabel.Get(lang, DefaultLanguageKey))
	}
	c.Children = nil
	for _, ch := range t.Children {
		c.Children = append(c.Children, cloneLoop(ch, &c, itemLabel))
	}
	return &c
}

func copyText(t Text) Text {
	out := Text{}
	for k, v := range t {
		out[k] = v
	}
	return out
}

// setPaths computes the absolute path of every node.
func setPaths(n *Node, parent string) {
	n.Path = parent + "/" + n.Name
	for _, c := range n.Children {
		setPaths(c, n.Path)
	}
}

// newNode fills a node from the row's cells.
func (r *reader) newNode(row *srow, typeText string) *Node {
	n := &Node{TypeText: typeText, Row: row.num}
	setT := func(p *Text, c cv) {
		if *p == nil {
			*p = Text{}
		}
		r.setText(*p, c.col.lang, c.val)
	}
	for _, c := range row.cells {
		col := c.col
		kind := -1
		switch col.field {
		case fType, fDisabled:
		case fName:
			n.Name = c.val
		case fLabel:
			setT(&n.Label, c)
			kind = siteText
		case fHint:
			setT(&n.Hint, c)
			kind = siteText
		case fGuidanceHint:
			setT(&n.GuidanceHint, c)
			kind = siteText
		case fConstraintMessage:
			setT(&n.ConstraintMessage, c)
			kind = siteText
		case fRequiredMessage:
			setT(&n.RequiredMessage, c)
			kind = siteText
		case fMedia:
			if n.Media == nil {
				n.Media = map[string]Text{}
			}
			t := n.Media[col.attr]
			setT(&t, c)
			n.Media[col.attr] = t
		case fRequired:
			n.Required, kind = boolOrExpr(c.val)
		case fReadOnly:
			n.ReadOnly, kind = boolOrExpr(c.val)
		case fRelevant:
			n.Relevant, kind = c.val, siteExpr
		case fConstraint:
			n.Constraint, kind = c.val, siteExpr
		case fCalculation:
			n.Calculation, kind = c.val, siteExpr
		case fDefault:
			n.Default = c.val // checked in question(), once its type is known
		case fChoiceFilter:
			n.ChoiceFilter, kind = c.val, siteExpr
		case fRepeatCount:
			n.RepeatCount, kind = c.val, siteExpr
		case fTrigger:
			n.Trigger, kind = c.val, siteText
		case fAppearance:
			n.Appearance = c.val
		case fParameters:
			n.ParametersRaw, kind = c.val, siteText
		case fSaveTo:
			n.SaveTo = c.val
		case fBind:
			if n.Bind == nil {
				n.Bind = map[string]string{}
			}
			n.Bind[col.attr], kind = c.val, siteText
		case fBody:
			if n.Body == nil {
				n.Body = map[string]string{}
			}
			n.Body[col.attr], kind = c.val, siteSyntax
		case fInstance:
			if n.Instance == nil {
				n.Instance = map[string]string{}
			}
			n.Instance[col.attr], kind = c.val, siteSyntax
		default: // fExtra, fListName
			if n.Extra == nil {
				n.Extra = map[string]string{}
			}
			n.Extra[col.header], kind = c.val, siteSyntax
		}
		if kind >= 0 && strings.Contains(c.val, "${") {
			r.sites = append(r.sites, site{sheet: row.sheet, row: row.num, col: *col, value: c.val, kind: kind})
		} else if kind == siteExpr && r.opts.ExprChecker != nil {
			r.sites = append(r.sites, site{sheet: row.sheet, row: row.num, col: *col, value: c.val, kind: kind})
		}
	}
	return n
}

// boolOrExpr normalises a required/read_only cell: yes/no literals become
// true()/false(), anything else is an expression.
func boolOrExpr(v string) (string, int) {
	if b, ok := yesNo(v); ok {
		if b {
			return "true()", -1
		}
		return "false()", -1
	}
	return v, siteExpr
}

// question validates a question row and completes its node. It returns
// false when the row cannot become a question.
func (r *reader) question(row *srow, n *Node, pt parsedType, top *frame) bool {
	f := r.form
	n.Type = pt.canonical
	spec := pt.spec
	if pt.kind == tkSelect {
		spec = typeSpec{canonical: pt.canonical, dataType: "string"}
		if pt.canonical == TypeRank {
			spec.dataType = "odk:rank"
		}
	}
	n.DataType = spec.dataType
	n.Preload, n.PreloadParams = spec.preload, spec.preloadParams
	if spec.constraint != "" && n.Constraint == "" {
		n.Constraint = spec.constraint
	}
	if spec.hint != "" && n.Hint.Empty() {
		n.Hint = Text{f.DefaultLanguage: spec.hint}
	}
	if n.Default != "" {
		n.DefaultDynamic = defaultIsDynamic(n.Default, n.Type)
		if n.DefaultDynamic {
			if c, ok := row.get(fDefault); ok {
				r.sites = append(r.sites, site{sheet: row.sheet, row: row.num, col: *c.col, value: c.val, kind: siteExpr})
			}
		} else {
			n.Default = r.literalDefault(row, n)
		}
	}
	if n.SaveTo != "" {
		r.checkSaveTo(row, n)
	}
	var allowed []string
	switch pt.kind {
	case tkSelect:
		if !r.selectQuestion(row, n, pt, top) {
			return false
		}
		allowed = []string{"randomize", "seed"}
		if n.Type == TypeSelectOneFromFile || n.Type == TypeSelectMultipleFromFile {
			allowed = append(allowed, "value", "label")
		}
	case tkOSM:
		n.ListName = pt.listName
		if len(f.OSMTags) > 0 && f.OSMTags[pt.listName] == nil {
			r.fail(row.problem(fType, fmt.Sprintf("The osm list %q is not on the osm sheet. Add it, or fix the name.", pt.listName)))
		}
		n.Choices = f.OSMTags[pt.listName]
	}
	switch n.Type {
	case TypeCalculate:
		if n.Calculation == "" && !n.DefaultDynamic {
			r.fail(row.problem(fType, fmt.Sprintf("The calculate %q has no calculation. Write the formula in the calculation column, or change the type.", n.Name)))
		}
	case TypeText:
		allowed = []string{"rows"}
	case TypeRange:
		allowed = []string{"start", "end", "step", "tick_interval", "placeholder", "tick_labelset"}
	case TypeImage:
		allowed = []string{"max-pixels", "app"}
	case TypeAudio:
		allowed = []string{"quality"}
	case TypeGeopoint:
		allowed = []string{"allow-mock-accuracy", "capture-accuracy", "warning-accuracy"}
	case TypeGeotrace, TypeGeoshape:
		allowed = []string{"allow-mock-accuracy", "incremental"}
	case TypeAudit:
		allowed = []string{"location-priority", "location-min-interval", "location-max-age", "track-changes", "identify-user", "track-changes-reasons"}
	case TypeSimSerial, TypeSubscriberID:
		r.warn(row.problem(fType, fmt.Sprintf("%s is no longer supported on most devices (only old versions of ODK Collect on Android before 11 fill it in).", n.Type)))
	}
	if n.ParametersRaw != "" || n.Type == TypeRange || n.Type == TypeImage {
		r.parseParams(row, n, allowed)
	}
	switch n.Type {
	case TypeRange:
		r.checkRange(row, n)
	case TypeImage:
		r.checkImage(row, n)
	case TypeText:
		if v, ok := n.Parameters["rows"]; ok {
			if _, err := strconv.Atoi(v); err != nil {
				r.fail(row.problem(fParameters, "The rows parameter must be a whole number, for example rows=3."))
			}
		}
	case TypeAudio:
		if q, ok := n.Parameters["quality"]; ok && q != "voice-only" && q != "low" && q != "normal" && q != "external" {
			r.fail(row.problem(fParameters, fmt.Sprintf("The quality parameter %q is not valid: use voice-only, low, normal or external.", q)))
		}
	case TypeGeopoint, TypeGeotrace, TypeGeoshape:
		r.checkGeo(row, n)
	case TypeAudit:
		r.checkAudit(row, n)
	}
	if n.Label.Empty() && n.Hint.Empty() && n.Media == nil && needsLabel(n) {
		r.warn(row.problem(fName, fmt.Sprintf("The question %q has no label or hint, so people will see an empty question.", n.Name)))
	}
	if !n.GuidanceHint.Empty() && n.Label.Empty() && n.Hint.Empty() && n.Media == nil && needsLabel(n) {
		r.fail(row.problem(fGuidanceHint, fmt.Sprintf("The question %q has only a guidance_hint, which is hidden by default. Add a label or a hint.", n.Name)))
	}
	if m := n.Media["big-image"]; m != nil && n.Media["image"] == nil {
		r.fail(row.problem(fMedia, "A big-image needs an image too: add the image column for this row."))
	}
	return true
}

// needsLabel reports whether a question is shown and so should have a label.
func needsLabel(n *Node) bool {
	switch n.Type {
	case TypeCalculate, TypeHidden, TypeXMLExternal, TypeCSVExternal:
		return false
	}
	return !n.IsMetadata()
}

// selectQuestion validates a select row.
func (r *reader) selectQuestion(row *srow, n *Node, pt parsedType, top *frame) bool {
	f := r.form
	list := pt.listName
	n.ListName = list
	n.OrOther = pt.orOther
	switch {
	case n.Type == TypeSelectOneExternal:
		n.External = true
		if r.sheets[sheetExternal] == nil {
			r.fail(row.problem(fType, "select_one_external needs an external_choices sheet with the columns list_name, name and label. Add the sheet, or use select_one."))
			return false
		}
		if f.ExternalChoices[list] == nil {
			r.fail(row.problem(fType, fmt.Sprintf("The list %q is not on the external_choices sheet. Add it, or fix the name.", list)))
			return false
		}
		if n.ChoiceFilter == "" {
			r.warn(row.problem(fType, "select_one_external is meant for filtered selects, but this row has no choice_filter."))
		}
	case n.Type == TypeSelectOneFromFile || n.Type == TypeSelectMultipleFromFile:
		n.External = true
		ext := strings.ToLower(path.Ext(list))
		base := strings.TrimSuffix(list, path.Ext(list))
		if (ext != ".csv" && ext != ".xml" && ext != ".geojson") || path.Ext(base) != "" || base == "" {
			r.fail(row.problem(fType, fmt.Sprintf("The file name %q of '%s' must end with .csv, .xml or .geojson (one extension).", list, pt.command)))
			return false
		}
		n.FileType = ext[1:]
		known := false
		for _, e := range f.ExternalFiles {
			known = known || e == list
		}
		if !known {
			f.ExternalFiles = append(f.ExternalFiles, list)
		}
	case strings.HasPrefix(list, "${"):
		m := reSingleRef.FindStringSubmatch(list)
		if m == nil {
			r.fail(row.problem(fType, fmt.Sprintf("The list %q is not valid. To offer the answers of a repeat, write '%s ${question}'.", list, pt.command)))
			return false
		}
		n.ListRef = m[1]
		if c, ok := row.get(fType); ok {
			r.sites = append(r.sites, site{sheet: row.sheet, row: row.num, col: *c.col, value: list, kind: siteText})
		}
	default:
		cl := f.Choices[list]
		if cl == nil {
			if r.sheets[sheetChoices] == nil || len(f.Choices) == 0 {
				r.fail(row.problem(fType, fmt.Sprintf("The type '%s' uses the choice list %q, but the workbook has no choices. Add a 'choices' sheet with the columns list_name, name and label, and the list %q on it.",
					n.TypeText, list, list)))
			} else {
				msg := fmt.Sprintf("The choice list %q is not on the choices sheet. Add the list, or fix the name in the type column.", list)
				if s := nearestList(list, f.ChoiceListOrder); s != "" {
					msg += fmt.Sprintf(" Did you mean %q?", s)
				}
				r.fail(row.problem(fType, msg))
			}
			return false
		}
		n.Choices = cl
		if n.Type == TypeSelectMultiple {
			for _, c := range cl.Choices {
				if strings.ContainsAny(c.Name, " \t\n") {
					r.fail(Problem{Sheet: cl.Sheet, Row: c.Row, Column: "name", Text: c.Name, Message: fmt.Sprintf(
						"The choice name %q of list %q contains a space, but the list is used by a select_multiple (survey row %d), whose answers are stored separated by spaces. Use underscores instead.",
						c.Name, cl.Name, row.num)})
				}
			}
		}
	}
	if n.OrOther {
		if n.ChoiceFilter != "" {
			r.fail(row.problem(fChoiceFilter, "or_other cannot be combined with a choice_filter. Add an 'other' choice to the list instead, and a text question for it."))
		}
		if n.Choices == nil || len(n.Choices.Choices) == 0 {
			if n.ListRef != "" || n.External {
				r.fail(row.problem(fType, "or_other works only with a list from the choices sheet."))
			} else {
				r.fail(row.problem(fType, "Please add choices to the list of this 'or other' question."))
			}
		}
	}
	if top.tableList {
		if top.tableName == "" {
			top.tableName = list
			if n.ChoiceFilter != "" {
				r.fail(row.problem(fChoiceFilter, "A choice_filter cannot be used in a table-list group."))
			}
		} else if top.tableName != list {
			r.fail(row.problem(fType, fmt.Sprintf("All selects in a table-list group must use the same list: this one uses %q, the first one %q.", list, top.tableName)))
		}
	}
	return true
}

var reSingleRef = regexp.MustCompile(`^\$\{([^{}\s]+)\}$`)

func nearestList(name string, lists []string) string {
	best, bestD := "", 3
	for _, l := range lists {
		if d := levenshtein(strings.ToLower(name), strings.ToLower(l), bestD); d < bestD {
			best, bestD = l, d
		}
	}
	return best
}

// parseParams parses the parameters column ("a=1 b=2", "a=1;b=2" or
// "a=1,b=2") and checks the names against allowed (nil: none are used by the
// type, so any are ignored with a warning).
func (r *reader) parseParams(row *srow, n *Node, allowed []string) {
	raw := n.ParametersRaw
	n.Parameters = map[string]string{}
	if raw == "" {
		return
	}
	parts := strings.Split(raw, ";")
	if len(parts) == 1 {
		parts = strings.Split(raw, ",")
	}
	if len(parts) == 1 {
		parts = strings.Fields(raw)
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			r.fail(row.problem(fParameters, fmt.Sprintf("The parameters must be written as name=value pairs separated by spaces, for example 'start=1 end=10'; %q has no '='.", p)))
			return
		}
		if i := strings.IndexByte(v, '='); i >= 0 {
			v = v[:i]
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if k != "label" && k != "value" {
			v = strings.ToLower(v)
		}
		n.Parameters[k] = v
	}
	if allowed == nil {
		if len(n.Parameters) > 0 {
			r.warn(row.problem(fParameters, fmt.Sprintf("The type %q takes no parameters; they are ignored.", n.TypeText)))
		}
		return
	}
	var bad []string
	for k := range n.Parameters {
		if !contains(allowed, k) {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		sortStrings(bad)
		a := append([]string(nil), allowed...)
		sortStrings(a)
		r.fail(row.problem(fParameters, fmt.Sprintf("The parameter(s) %s cannot be used with %s. Accepted parameters are: %s.",
			quoteList(bad), n.Type, strings.Join(a, ", "))))
	}
	if n.IsSelect() {
		r.checkSelectParams(row, n)
	}
}

func (r *reader) checkSelectParams(row *srow, n *Node) {
	p := n.Parameters
	if v, ok := p["randomize"]; ok {
		if v != "true" && v != "false" {
			r.fail(row.problem(fParameters, fmt.Sprintf("randomize must be true or false, not %q.", v)))
		}
		if s, ok := p["seed"]; ok && !reSingleRef.MatchString(s) {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				r.fail(row.problem(fParameters, "The seed must be a number or a ${question} reference."))
			}
		}
	} else if _, ok := p["seed"]; ok {
		r.fail(row.problem(fParameters, "A seed needs randomize=true in the parameters."))
	}
	for _, k := range []string{"value", "label"} {
		if v, ok := p[k]; ok && !reValueLabel.MatchString(v) {
			r.fail(row.problem(fParameters, fmt.Sprintf("The %s parameter %q is not valid: it must begin with a letter or underscore and contain only letters, digits, hyphens, underscores and periods.", k, v)))
		}
	}
}

var reValueLabel = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9\-_.]*$`)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// checkRange validates range parameters and derives the bind type.
func (r *reader) checkRange(row *srow, n *Node) {
	p := n.Parameters
	for k, def := range map[string]string{"start": "1", "end": "10", "step": "1"} {
		if _, ok := p[k]; !ok {
			p[k] = def
		}
	}
	num := func(k string) *big.Rat {
		v, ok := p[k]
		if !ok {
			return nil
		}
		x, ok := new(big.Rat).SetString(v)
		if !ok || strings.ContainsAny(v, "/") || len(v) > 40 {
			r.fail(row.problem(fParameters, fmt.Sprintf("The range parameter %s must be a number, not %q.", k, v)))
			return nil
		}
		return x
	}
	if a := n.Appearance; a != "" && a != "vertical" && a != "no-ticks" {
		for _, k := range []string{"tick_interval", "placeholder", "tick_labelset"} {
			if _, ok := p[k]; ok {
				r.fail(row.problem(fParameters, "The parameters tick_interval, placeholder and tick_labelset work only with no appearance, or the vertical or no-ticks appearance."))
				break
			}
		}
	}
	start, end, step := num("start"), num("end"), num("step")
	tick, placeholder := num("tick_interval"), num("placeholder")
	if start == nil || end == nil || step == nil {
		return
	}
	width := new(big.Rat).Sub(end, start)
	width.Abs(width)
	multiple := func(a, b *big.Rat) bool { // a is a whole multiple of b
		q := new(big.Rat).Quo(a, b)
		return q.IsInt()
	}
	switch {
	case step.Sign() == 0:
		r.fail(row.problem(fParameters, "The range step must not be 0."))
		return
	case new(big.Rat).Abs(step).Cmp(width) > 0:
		r.fail(row.problem(fParameters, "The range step must not be larger than the distance between start and end."))
	}
	if tick != nil {
		switch {
		case tick.Sign() == 0:
			r.fail(row.problem(fParameters, "The range tick_interval must not be 0."))
		case new(big.Rat).Abs(tick).Cmp(width) > 0:
			r.fail(row.problem(fParameters, "The range tick_interval must not be larger than the distance between start and end."))
		case !multiple(tick, step):
			r.fail(row.problem(fParameters, "The range tick_interval must be a multiple of the step."))
		}
	}
	if placeholder != nil {
		lo, hi := start, end
		if lo.Cmp(hi) > 0 {
			lo, hi = hi, lo
		}
		if !multiple(new(big.Rat).Sub(placeholder, start), step) {
			r.fail(row.problem(fParameters, "The range placeholder must be a value the slider can take (start plus a multiple of step)."))
		} else if placeholder.Cmp(lo) < 0 || placeholder.Cmp(hi) > 0 {
			r.fail(row.problem(fParameters, "The range placeholder must lie between start and end."))
		}
	}
	if ls, ok := p["tick_labelset"]; ok {
		cl := r.form.Choices[ls]
		if cl == nil {
			r.fail(row.problem(fParameters, fmt.Sprintf("The tick_labelset %q is not a list of the choices sheet.", ls)))
		} else {
			n.ListName, n.Choices = ls, cl
			for _, c := range cl.Choices {
				x, ok := new(big.Rat).SetString(c.Name)
				if !ok || strings.Contains(c.Name, "/") {
					r.fail(Problem{Sheet: cl.Sheet, Row: c.Row, Column: "name", Text: c.Name, Message: fmt.Sprintf("The tick_labelset list %q of the range at survey row %d must have numbers as choice names.", ls, row.num)})
					continue
				}
				lo, hi := start, end
				if lo.Cmp(hi) > 0 {
					lo, hi = hi, lo
				}
				if x.Cmp(lo) < 0 || x.Cmp(hi) > 0 {
					r.fail(Problem{Sheet: cl.Sheet, Row: c.Row, Column: "name", Text: c.Name, Message: fmt.Sprintf("The tick label %s lies outside the range (survey row %d).", c.Name, row.num)})
				}
			}
		}
	}
	n.DataType = "int"
	for _, x := range []*big.Rat{start, end, step, tick, placeholder} {
		if x != nil && !x.IsInt() {
			n.DataType = "decimal"
		}
	}
}

func (r *reader) checkImage(row *srow, n *Node) {
	if v, ok := n.Parameters["max-pixels"]; ok {
		if _, err := strconv.Atoi(v); err != nil {
			r.fail(row.problem(fParameters, "The max-pixels parameter must be a whole number, for example max-pixels=1024."))
		}
	} else {
		r.warn(row.problem(fType, "Use the max-pixels parameter (for example max-pixels=1024) to make photos smaller: they upload faster over a weak connection and take less storage."))
	}
	if app, ok := n.Parameters["app"]; ok && !reAndroidPackage.MatchString(app) {
		r.fail(row.problem(fParameters, fmt.Sprintf("The app parameter %q is not a valid Android package name (such as com.example.camera).", app)))
	}
}

var reAndroidPackage = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)

func (r *reader) checkGeo(row *srow, n *Node) {
	p := n.Parameters
	if v, ok := p["allow-mock-accuracy"]; ok && v != "true" && v != "false" {
		r.fail(row.problem(fParameters, "allow-mock-accuracy must be true or false."))
	}
	if v, ok := p["incremental"]; ok && v != "true" {
		r.fail(row.problem(fParameters, "incremental can only be set to true."))
	}
	for _, k := range []string{"capture-accuracy", "warning-accuracy"} {
		if v, ok := p[k]; ok {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				r.fail(row.problem(fParameters, fmt.Sprintf("The %s parameter must be a number (metres).", k)))
			}
		}
	}
}

func (r *reader) checkAudit(row *srow, n *Node) {
	p := n.Parameters
	for _, k := range []string{"track-changes", "identify-user"} {
		if v, ok := p[k]; ok && v != "true" && v != "false" {
			r.fail(row.problem(fParameters, fmt.Sprintf("%s must be true or false, not %q.", k, v)))
		}
	}
	if v, ok := p["track-changes-reasons"]; ok && v != "on-form-edit" {
		r.fail(row.problem(fParameters, "track-changes-reasons can only be set to on-form-edit."))
	}
	loc := []string{"location-priority", "location-min-interval", "location-max-age"}
	given := 0
	for _, k := range loc {
		if _, ok := p[k]; ok {
			given++
		}
	}
	if given == 0 {
		return
	}
	if given < len(loc) {
		r.fail(row.problem(fParameters, "To record locations in the audit, give all three parameters location-priority, location-min-interval and location-max-age."))
		return
	}
	switch p["location-priority"] {
	case "no-power", "low-power", "balanced", "high-accuracy":
	default:
		r.fail(row.problem(fParameters, "location-priority must be no-power, low-power, balanced or high-accuracy."))
	}
	minI, err1 := strconv.Atoi(p["location-min-interval"])
	maxA, err2 := strconv.Atoi(p["location-max-age"])
	switch {
	case err1 != nil || minI < 0:
		r.fail(row.problem(fParameters, "location-min-interval must be a whole number of seconds, 0 or more."))
	case err2 != nil || maxA < 0:
		r.fail(row.problem(fParameters, "location-max-age must be a whole number of seconds, 0 or more."))
	case maxA < minI:
		r.fail(row.problem(fParameters, "location-max-age must be greater than or equal to location-min-interval."))
	}
}

func (r *reader) checkSaveTo(row *srow, n *Node) {
	switch {
	case r.form.Entities == nil:
		r.fail(row.problem(fSaveTo, "To save answers to entity properties with save_to, add an entities sheet that declares the entity list."))
	case n.SaveTo == "name" || n.SaveTo == "label":
		r.fail(row.problem(fSaveTo, fmt.Sprintf("The entity property name %q is reserved. Choose another name.", n.SaveTo)))
	case strings.HasPrefix(n.SaveTo, "__"):
		r.fail(row.problem(fSaveTo, "Entity property names must not begin with two underscores."))
	case !isXMLName(n.SaveTo):
		r.fail(row.problem(fSaveTo, "The save_to value must be a valid name: a letter or underscore first, then letters, digits, hyphens, underscores or periods."))
	}
}

// literalDefault turns an Excel date or time serial in the default of a
// date, time or dateTime question into the text the question expects.
func (r *reader) literalDefault(row *srow, n *Node) string {
	v := n.Default
	switch n.Type {
	case TypeDate, TypeTime, TypeDateTime:
	default:
		return v
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < 0 || x > 2958465 {
		return v
	}
	t, err := excelize.ExcelDateToTime(x, false)
	if err != nil {
		return v
	}
	t = t.Round(time.Second)
	switch n.Type {
	case TypeDate:
		return t.Format("2006-01-02")
	case TypeTime:
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02T15:04:05")
}

// defaultIsDynamic reports whether a default is an expression rather than a
// literal value (as pyxform decides it).
func defaultIsDynamic(v, typ string) bool {
	if strings.Contains(v, "${") || strings.Contains(v, "(") {
		return true
	}
	switch typ {
	case TypeText, TypeSelectOne, TypeSelectMultiple, TypeNote, TypeHidden, TypeBarcode,
		TypeImage, TypeAudio, TypeVideo, TypeFile, TypeDate, TypeTime, TypeDateTime:
		return false
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "./") {
		return true
	}
	for _, op := range []string{" + ", " - ", " * ", " div ", " mod ", " and ", " or ", "=", "<", ">"} {
		if strings.Contains(v, op) {
			return true
		}
	}
	return false
}

// checkFormLevel checks the settings against the survey.
func (r *reader) checkFormLevel() {
	s := r.form.Settings
	if s.OmitInstanceID && s.PublicKey != "" {
		r.fail(Problem{Sheet: r.settingsName(), Row: s.Row, Column: "omit_instanceID", Text: "yes",
			Message: "Encrypted forms (public_key) need the instanceID: remove omit_instanceID or the public_key."})
	}
	if u := s.SubmissionURL; u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		r.warn(Problem{Sheet: r.settingsName(), Row: s.Row, Column: "submission_url", Text: u,
			Message: "The submission_url should be a web address beginning with https://."})
	}
	if s.PublicKey != "" && !reBase64.MatchString(strings.Join(strings.Fields(s.PublicKey), "")) {
		r.fail(Problem{Sheet: r.settingsName(), Row: s.Row, Column: "public_key", Text: s.PublicKey,
			Message: "The public_key must be the base64 text of an RSA public key (without the BEGIN/END lines)."})
	}
	if r.form.Root != nil && len(r.form.Root.Children) == 0 && r.form.Audit == nil && len(r.problems) == 0 {
		r.fail(Problem{Sheet: r.sheets[sheetSurvey].name, Message: "The survey sheet has no questions."})
	}
}

var reBase64 = regexp.MustCompile(`^[A-Za-z0-9+/]+=*$`)

// isExprField reports whether a field holds an expression (smart quotes
// there are almost always a word processor's doing).
func isExprField(f string) bool {
	switch f {
	case fRelevant, fConstraint, fCalculation, fRequired, fReadOnly, fDefault,
		fChoiceFilter, fRepeatCount, fTrigger, fParameters, fBind:
		return true
	}
	return false
}

var smartQuotes = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

func replaceSmartQuotes(s string) string { return smartQuotes.Replace(s) }

// collapseSpaces replaces runs of spaces with one space, as pyxform does on
// the survey sheet.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	prev := false
	for _, c := range s {
		if c == ' ' {
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}
