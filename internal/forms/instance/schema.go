package instance

import (
	"fmt"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// Schema is one form version prepared for answers: its questions indexed by
// path and name, its expressions parsed once, and the order in which
// relevance and calculations are worked out. It is immutable after Compile
// and safe for concurrent use, so the server keeps one per form version.
type Schema struct {
	// Form is the form version the schema was compiled from.
	Form *xlsform.Form

	root   *field
	fields []*field // every node below the root, in document order
	byName map[string][]*field
	order  []*field // evaluation order: what a node depends on comes first

	// choiceDocs are the choice lists as secondary instances, for
	// choice_filter and instance('list') in expressions.
	choiceDocs   map[string]*expr.Element
	instanceName *expr.Expr
	hasEntity    bool
	flat         bool // the legacy flat setting: groups leave no element
}

type fieldKind uint8

const (
	kindLeaf fieldKind = iota
	kindGroup
	kindRepeat
	kindRoot
)

// field is one node of the primary instance.
type field struct {
	id     int
	node   *xlsform.Node
	name   string
	path   string // names below the root joined by '/', no indices: hh/member/age
	kind   fieldKind
	parent *field
	relSrc string // relevant, joined with those of dissolved groups
	kids   []*field
	byName map[string]*field
	// repeats are the enclosing repeats, outermost first (the field itself
	// included when it is a repeat).
	repeats []*field
	// chain is the path of fields from the top of the form down to this
	// one (the root left out); level is this field's index in it.
	chain []*field
	level int

	// input is true for a question a person answers (not a note, a
	// calculation, metadata or a read-only question).
	input bool
	// computed is true when the value comes from a calculation that the
	// server works out (a calculation without a trigger).
	computed bool
	meta     bool // metadata question (start, end, deviceid...)

	relevant    *expr.Expr
	constraint  *expr.Expr
	calculation *expr.Expr
	required    *expr.Expr // nil when required is a literal
	alwaysReq   bool       // required = yes
	repeatCount *expr.Expr
	dynDefault  *expr.Expr
	choiceSet   map[string]bool // static list of allowed values (nil: no check or filtered)
	choiceExpr  *expr.Expr      // choice_filter as instance('list')/root/item[filter]/name
	listRef     string          // select_one ${name}: the question whose answers are offered
	rangeParams *rangeSpec
}

func (f *field) isLeaf() bool { return f.kind == kindLeaf }

// Compile prepares a form version for parsing, building and validating
// answers. It fails only when an expression of the form does not parse,
// which cannot happen for a form read by forms.Read.
func Compile(form *xlsform.Form) (*Schema, error) {
	if form == nil || form.Root == nil {
		return nil, fmt.Errorf("instance: no form to compile")
	}
	s := &Schema{Form: form, byName: map[string][]*field{}, choiceDocs: map[string]*expr.Element{}}
	s.root = &field{id: -1, node: form.Root, name: form.RootName, kind: kindRoot, byName: map[string]*field{}}
	if v, ok := form.Settings.All["flat"]; ok {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "yes", "true", "true()":
			s.flat = true
		}
	}
	var errs []string
	s.addKids(s.root, form.Root, "", &errs)
	for name, list := range form.Choices {
		s.choiceDocs[name] = choiceDoc(list)
	}
	if src := form.Settings.InstanceName; src != "" {
		e, err := expr.Parse(src)
		if err != nil {
			errs = append(errs, fmt.Sprintf("instance_name: %v", err))
		}
		s.instanceName = e
	}
	s.hasEntity = form.Entities != nil
	for _, f := range s.fields {
		s.compileField(f, &errs)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("instance: form %q has expressions that do not parse: %s", form.ID, strings.Join(errs, "; "))
	}
	s.order = evalOrder(s.fields)
	return s, nil
}

// noData are node types that have no element in the primary instance.
var noData = map[string]bool{xlsform.TypeXMLExternal: true, xlsform.TypeCSVExternal: true}

// addKids adds the fields of the children of the form node g under
// parent. The elements follow the XForm's primary instance exactly (see
// package xform, items.go), since that is what clients send back: the
// legacy flat setting dissolves groups into their parent, their relevant
// joined to their questions'; a table-list group gets pyxform's generated
// label note and header select; a repeat_count that is an expression gets
// a generated NAME_count calculate before its repeat.
func (s *Schema) addKids(parent *field, g *xlsform.Node, flatRel string, errs *[]string) {
	tableList := g.Type == xlsform.TypeGroup && hasWord(g.Appearance, "table-list")
	if tableList && (!g.Label.Empty() || !g.Hint.Empty() || g.Media != nil) {
		s.addField(parent, &xlsform.Node{Type: xlsform.TypeNote, TypeText: "note", DataType: "string",
			Name: fmt.Sprintf("generated_table_list_label_%d", g.Row), Row: g.Row, Generated: true, Label: g.Label}, flatRel, errs)
	}
	headDone := false
	for _, n := range g.Children {
		if noData[n.Type] {
			continue
		}
		rel := joinRelevant(flatRel, n.Relevant)
		if s.flat && n.Type == xlsform.TypeGroup {
			s.addKids(parent, n, rel, errs)
			continue
		}
		if tableList && n.IsSelect() && !headDone {
			headDone = true
			s.addField(parent, &xlsform.Node{Type: n.Type, TypeText: n.TypeText, DataType: n.DataType,
				Name: fmt.Sprintf("reserved_name_for_field_list_labels_%d", n.Row), Row: n.Row, Generated: true,
				ListName: n.ListName, Choices: n.Choices, Appearance: "label", ReadOnly: "true()"}, flatRel, errs)
		}
		if n.Type == xlsform.TypeRepeat && n.RepeatCount != "" && !isSingleRef(n.RepeatCount) {
			s.addField(parent, &xlsform.Node{Type: xlsform.TypeCalculate, TypeText: "calculate", DataType: "string",
				Name: n.Name + "_count", Row: n.Row, Generated: true, Calculation: n.RepeatCount, ReadOnly: "true()"}, flatRel, errs)
		}
		if f := s.addField(parent, n, rel, errs); f != nil && f.kind != kindLeaf {
			s.addKids(f, n, "", errs)
		}
	}
}

// addField adds one field for node n under parent, with rel as its
// relevant; it returns nil when the name is taken.
func (s *Schema) addField(parent *field, n *xlsform.Node, rel string, errs *[]string) *field {
	f := &field{id: len(s.fields), node: n, name: n.Name, parent: parent, relSrc: rel, byName: map[string]*field{}}
	if parent.kind == kindRoot {
		f.path = n.Name
	} else {
		f.path = parent.path + "/" + n.Name
	}
	f.repeats = parent.repeats
	f.chain = append(append([]*field(nil), parent.chain...), f)
	f.level = len(f.chain) - 1
	switch n.Type {
	case xlsform.TypeGroup:
		f.kind = kindGroup
	case xlsform.TypeRepeat:
		f.kind = kindRepeat
		f.repeats = append(append([]*field(nil), parent.repeats...), f)
	default:
		f.kind = kindLeaf
	}
	if _, dup := parent.byName[n.Name]; dup {
		*errs = append(*errs, fmt.Sprintf("%s is defined twice", f.path))
		return nil
	}
	parent.byName[n.Name] = f
	parent.kids = append(parent.kids, f)
	s.fields = append(s.fields, f)
	s.byName[n.Name] = append(s.byName[n.Name], f)
	return f
}

// joinRelevant joins a dissolved group's relevant to its child's, as the
// XForm does.
func joinRelevant(group, own string) string {
	switch {
	case group == "":
		return own
	case own == "":
		return group
	}
	return group + " and (" + own + ")"
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

// isSingleRef reports a repeat_count that is just ${name}.
func isSingleRef(s string) bool {
	s = strings.TrimSpace(s)
	name, ok := strings.CutPrefix(s, "${")
	if !ok {
		return false
	}
	name, ok = strings.CutSuffix(name, "}")
	return ok && isNCName(name)
}

func (s *Schema) compileField(f *field, errs *[]string) {
	n := f.node
	parse := func(col, src string) *expr.Expr {
		if src == "" {
			return nil
		}
		e, err := expr.Parse(src)
		if err != nil {
			*errs = append(*errs, fmt.Sprintf("%s %s: %v", f.path, col, err))
		}
		return e
	}
	f.relevant = parse("relevant", f.relSrc)
	if f.kind == kindRepeat {
		f.repeatCount = parse("repeat_count", n.RepeatCount)
	}
	if f.kind != kindLeaf {
		return
	}
	f.meta = n.IsMetadata()
	f.constraint = parse("constraint", n.Constraint)
	f.calculation = parse("calculation", n.Calculation)
	f.computed = f.calculation != nil && n.Trigger == ""
	switch n.Required {
	case "", "false()":
	case "true()":
		f.alwaysReq = true
	default:
		f.required = parse("required", n.Required)
	}
	if n.DefaultDynamic {
		f.dynDefault = parse("default", n.Default)
	}
	f.input = !f.meta && !f.computed && n.ReadOnly != "true()" &&
		n.Type != xlsform.TypeNote && n.Type != xlsform.TypeCalculate && n.Type != xlsform.TypeHidden
	if n.Type == xlsform.TypeRange {
		f.rangeParams = newRangeSpec(n.Parameters)
	}
	if !n.IsSelect() {
		return
	}
	switch {
	case n.ListRef != "":
		f.listRef = n.ListRef
	case n.External || n.Choices == nil:
		// Choices live in a file beside the form: not checked here.
	case n.ChoiceFilter != "":
		f.choiceExpr = parse("choice_filter", "instance('"+n.ListName+"')/root/item["+n.ChoiceFilter+"]/name")
	default:
		f.choiceSet = map[string]bool{}
		for _, c := range n.ChoiceItems() {
			f.choiceSet[c.Name] = true
		}
	}
}

// choiceDoc builds the secondary instance pyxform writes for a choice list:
// <root><item><name/><label/>extra columns...</item>...</root>.
func choiceDoc(list *xlsform.ChoiceList) *expr.Element {
	root := expr.NewElement("root", "")
	for _, c := range list.Choices {
		item := expr.NewElement("item", "")
		item.Append(expr.NewElement("name", c.Name))
		item.Append(expr.NewElement("label", c.Label.Get(xlsform.DefaultLanguageKey, "")))
		for _, col := range sortedKeys(c.Extra) {
			if isElementName(col) {
				item.Append(expr.NewElement(col, c.Extra[col]))
			}
		}
		root.Append(item)
	}
	return root
}

// isElementName keeps extra choice columns that can be element names (a
// choice_filter can only refer to those).
func isElementName(s string) bool {
	return s != "name" && s != "label" && isNCName(s)
}

// isNCName reports an XML name without a colon (letters beyond ASCII
// accepted as letters).
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f ||
			i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// evalOrder sorts fields so that each comes after its parent and after the
// fields its relevant, calculation and repeat_count refer to; ties keep
// document order. Fields caught in a circle (which forms.Read refuses for
// calculations) are released in document order; the fixed-point passes of
// the evaluator settle them.
func evalOrder(fields []*field) []*field {
	deps := make([][]int, len(fields))
	users := make([][]int, len(fields))
	byName := map[string][]*field{}
	for _, f := range fields {
		byName[f.name] = append(byName[f.name], f)
	}
	addDep := func(f *field, on *field) {
		if on == f {
			return
		}
		deps[f.id] = append(deps[f.id], on.id)
		users[on.id] = append(users[on.id], f.id)
	}
	var descend func(f, on *field)
	descend = func(f, on *field) {
		addDep(f, on)
		for _, k := range on.kids {
			descend(f, k)
		}
	}
	for _, f := range fields {
		if f.parent != nil && f.parent.kind != kindRoot {
			addDep(f, f.parent)
		}
		for _, e := range []*expr.Expr{f.relevant, f.calculation, f.repeatCount} {
			if e == nil {
				continue
			}
			for _, name := range e.Refs() {
				for _, on := range byName[name] {
					// A group's value is its descendants' values.
					descend(f, on)
				}
			}
		}
	}
	waiting := make([]int, len(fields))
	for i := range fields {
		waiting[i] = len(deps[i])
	}
	done := make([]bool, len(fields))
	order := make([]*field, 0, len(fields))
	for len(order) < len(fields) {
		next := -1
		for i := range fields {
			if !done[i] && waiting[i] == 0 {
				next = i
				break
			}
		}
		if next < 0 { // a circle: release the first field left
			for i := range fields {
				if !done[i] {
					next = i
					break
				}
			}
		}
		done[next] = true
		order = append(order, fields[next])
		for _, u := range users[next] {
			waiting[u]--
		}
	}
	return order
}

// field returns the field at a path of names (no indices) below the root.
func (s *Schema) field(path string) *field {
	f := s.root
	for path != "" {
		name, rest, _ := strings.Cut(path, "/")
		f = f.byName[name]
		if f == nil {
			return nil
		}
		path = rest
	}
	return f
}

// Language returns the form's language key to use for lang, which may be a
// form language key ("Bangla (bn)") or an interface language code ("bn",
// "en"). It matches the code in parentheses, a bare code, or the
// language's usual names, and falls back to the form's default language.
func (s *Schema) Language(lang string) string {
	return formLanguage(s.Form, lang)
}

var languageNames = map[string][]string{
	"bn": {"bangla", "bengali", "বাংলা"},
	"en": {"english"},
}

func formLanguage(form *xlsform.Form, lang string) string {
	if lang == "" {
		return form.DefaultLanguage
	}
	for _, l := range form.Languages {
		if l == lang {
			return l
		}
	}
	code := strings.ToLower(languageCode(lang))
	for _, l := range form.Languages {
		c := strings.ToLower(languageCode(l))
		if c == code || strings.HasPrefix(c, code+"-") {
			return l
		}
	}
	for _, l := range form.Languages {
		name := strings.ToLower(strings.TrimSpace(strings.Split(l, "(")[0]))
		for _, n := range languageNames[code] {
			if name == n {
				return l
			}
		}
	}
	return form.DefaultLanguage
}

// languageCode extracts "bn" from "Bangla (bn)"; a key without parentheses
// is returned as it is.
func languageCode(l string) string {
	if i := strings.LastIndexByte(l, '('); i >= 0 {
		if j := strings.IndexByte(l[i:], ')'); j > 0 {
			return strings.TrimSpace(l[i+1 : i+j])
		}
	}
	return strings.TrimSpace(l)
}
