package xform

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// choiceList is one list of the choices sheet as the XForm carries it: a
// secondary instance, with an "other" choice when an or_other select uses
// the list (pyxform adds it to the list itself, so every select of the
// list offers it).
type choiceList struct {
	name  string
	sheet string
	items []*xlsform.Choice
	// itext is set when a label needs translations, media or <output/>:
	// the items then carry an itextId and the labels live in <itext>.
	itext bool
}

// translated reports whether a text has a language other than the
// default one (a plain column is stored under the default language).
func (c *conv) translated(t xlsform.Text) bool {
	for k, v := range t {
		if k != c.form.DefaultLanguage && v != "" {
			return true
		}
	}
	return false
}

// plain returns the untranslated text of t.
func (c *conv) plain(t xlsform.Text) string { return t[c.form.DefaultLanguage] }

func (c *conv) choiceLists(root *item) {
	f := c.form
	orOther := map[string]bool{}
	root.walk(func(it *item) {
		if it.OrOther && it.Choices != nil {
			orOther[it.Choices.Name] = true
		}
	})
	c.listIndex = map[string]*choiceList{}
	for _, name := range f.ChoiceListOrder {
		cl := f.Choices[name]
		if cl == nil {
			continue
		}
		l := &choiceList{name: name, sheet: cl.Sheet, items: cl.Choices}
		if orOther[name] && !hasChoice(cl, "other") {
			l.items = append(append([]*xlsform.Choice(nil), cl.Choices...), c.otherChoice(cl))
		}
		for _, ch := range l.items {
			if len(ch.Media) > 0 || c.translated(ch.Label) || strings.Contains(c.plain(ch.Label), "${") {
				l.itext = true
			}
		}
		if strings.ContainsAny(name, `'"`) || !xmlChars(name) {
			c.problems = append(c.problems, xlsform.Problem{Sheet: cl.Sheet, Row: cl.Row, Column: "list_name", Text: name,
				Message: fmt.Sprintf("The list name %q cannot be used in an XForm: remove the quotes.", name)})
		}
		c.lists = append(c.lists, l)
		c.listIndex[name] = l
	}
}

func hasChoice(cl *xlsform.ChoiceList, name string) bool {
	for _, ch := range cl.Choices {
		if ch.Name == name {
			return true
		}
	}
	return false
}

// otherChoice is the choice pyxform adds for or_other: labelled "Other"
// in every language the list's labels use.
func (c *conv) otherChoice(cl *xlsform.ChoiceList) *xlsform.Choice {
	other := &xlsform.Choice{Name: "other", Label: xlsform.Text{}}
	translated := false
	for _, ch := range cl.Choices {
		translated = translated || c.translated(ch.Label)
	}
	if translated {
		for _, ch := range cl.Choices {
			for lang := range ch.Label {
				other.Label[lang] = "Other"
			}
		}
	} else {
		other.Label[c.form.DefaultLanguage] = "Other"
	}
	return other
}

// choiceInstance is the secondary instance of a choice list.
func (c *conv) choiceInstance(li int, l *choiceList) *elem {
	root := el("root")
	for i, ch := range l.items {
		item := el("item")
		if l.itext {
			id := fmt.Sprintf("%s-%d", l.name, i)
			item.add(el("itextId", text(id)))
			c.choiceText(l, li, i, ch, id)
		}
		item.add(c.leaf(l, ch, "name", ch.Name))
		if !l.itext {
			if s := c.plain(ch.Label); s != "" {
				item.add(c.leaf(l, ch, "label", s))
			}
		}
		keys := make([]string, 0, len(ch.Extra))
		for k := range ch.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !isNCName(k) || k == "name" || k == "label" || k == "itextId" {
				c.note(l, k)
				continue
			}
			item.add(c.leaf(l, ch, k, ch.Extra[k]))
		}
		root.add(item)
	}
	return el("instance", root).set("id", l.name)
}

// leaf is a child of a choice item holding text.
func (c *conv) leaf(l *choiceList, ch *xlsform.Choice, name, v string) *elem {
	if !xmlChars(v) {
		c.problems = append(c.problems, xlsform.Problem{Sheet: l.sheet, Row: ch.Row, Column: name, Text: v,
			Message: fmt.Sprintf("The choice %q of list %q contains a control character that an XML document cannot hold.", ch.Name, l.name)})
	}
	return el(name, text(v))
}

// note records a choices column left out of the XForm (as pyxform does):
// its header cannot be an element name, so no choice_filter can use it.
func (c *conv) note(l *choiceList, col string) {
	msg := fmt.Sprintf("The column %q of the choices sheet is not written to the XForm: it cannot be the name of an XML element, so no choice_filter can refer to it.", col)
	for _, n := range c.notes {
		if n.Column == col {
			return
		}
	}
	c.notes = append(c.notes, xlsform.Problem{Sheet: l.sheet, Column: col, Text: col, Message: msg})
}

// instanceNodes returns the primary instance elements of an item. Outside
// a repeat's first instance, a repeat gives its template (jr:template)
// followed by a first instance, as pyxform writes them; inside it, nested
// repeats give only their instance.
func (c *conv) instanceNodes(it *item, inRepeatCopy bool) []any {
	switch {
	case it.Type == xlsform.TypeXMLExternal || it.Type == xlsform.TypeCSVExternal:
		return nil
	case it.flat:
		var out []any
		for _, ch := range it.children {
			out = append(out, c.instanceNodes(ch, inRepeatCopy)...)
		}
		return out
	case it.isRepeat():
		copyEl := el(it.Name)
		c.instanceAttrs(it, copyEl)
		for _, ch := range it.children {
			copyEl.add(c.instanceNodes(ch, true))
		}
		if inRepeatCopy {
			return []any{copyEl}
		}
		return []any{c.template(it), copyEl}
	case it.isGroup():
		e := el(it.Name)
		c.instanceAttrs(it, e)
		for _, ch := range it.children {
			e.add(c.instanceNodes(ch, inRepeatCopy))
		}
		return []any{e}
	}
	e := el(it.Name)
	c.instanceAttrs(it, e)
	if v := c.literalDefault(it); v != "" {
		e.add(text(v))
	}
	return []any{e}
}

func (c *conv) template(r *item) *elem {
	t := el(r.Name).set("jr:template", "")
	for _, ch := range r.children {
		if ch.isRepeat() {
			t.add(c.template(ch))
		} else {
			t.add(c.instanceNodes(ch, false))
		}
	}
	return t
}

func (c *conv) instanceAttrs(it *item, e *elem) {
	for _, k := range sortedKeys(it.Instance) {
		if c.attrName(it, "instance::"+k, k) {
			e.set(k, c.attrValue(it, "instance::"+k, it.Instance[k]))
		}
	}
}

// literalDefault is the default answer written into the instance (dynamic
// defaults are set by a setvalue action instead).
func (c *conv) literalDefault(it *item) string {
	v := it.Default
	if v == "" || it.DefaultDynamic {
		return ""
	}
	if !xmlChars(v) {
		c.fail(it, "default", v, "the default contains a control character that an XML document cannot hold.")
		return ""
	}
	if it.Type == xlsform.TypeImage && !strings.Contains(v, "jr://images/") {
		c.media[v] = true
		v = "jr://images/" + v
	}
	return v
}

// bind is the <bind> of an item, or nil when it has nothing to bind.
func (c *conv) bind(it *item) *elem {
	if it.flat || it.Type == xlsform.TypeXMLExternal || it.Type == xlsform.TypeCSVExternal {
		return nil
	}
	b := el("bind").set("nodeset", it.path)
	group := it.isGroup()
	if !group {
		if it.DataType == "" {
			c.fail(it, "type", it.TypeText, "the question type has no XForm data type.")
		}
		b.set("type", it.DataType)
		if it.Type == xlsform.TypeNote {
			b.set("readonly", "true()")
		}
	}
	if it.Relevant != "" {
		b.set("relevant", c.expr(it, "relevant", it.Relevant, refOpts{}))
	}
	if it.Required != "" {
		b.set("required", c.boolOrExpr(it, "required", it.Required))
	}
	if !it.RequiredMessage.Empty() {
		b.set("jr:requiredMsg", c.message(it, "required_message", "jr:requiredMsg", rankRequiredMsg, it.RequiredMessage))
	}
	if it.Constraint != "" {
		b.set("constraint", c.expr(it, "constraint", it.Constraint, refOpts{}))
	}
	if !it.ConstraintMessage.Empty() {
		b.set("jr:constraintMsg", c.message(it, "constraint_message", "jr:constraintMsg", rankConstraintMsg, it.ConstraintMessage))
	}
	if it.Calculation != "" && it.Trigger == "" && !group {
		b.set("calculate", c.expr(it, "calculation", it.Calculation, refOpts{}))
	}
	if it.ReadOnly != "" {
		b.set("readonly", c.boolOrExpr(it, "read_only", it.ReadOnly))
	}
	if it.Preload != "" {
		b.set("jr:preload", it.Preload)
		if it.PreloadParams != "" {
			b.set("jr:preloadParams", it.PreloadParams)
		}
	}
	c.paramBinds(it, b)
	for _, k := range sortedKeys(it.Bind) {
		col := "bind::" + k
		if k == "nodeset" {
			c.fail(it, col, it.Bind[k], "the nodeset of a bind is the question's path and cannot be set in a column.")
			continue
		}
		if c.attrName(it, col, k) {
			b.set(k, c.attrValue(it, col, it.Bind[k]))
		}
	}
	if len(b.attrs) == 1 {
		return nil // a group without relevant or other bind columns
	}
	return b
}

// boolOrExpr writes required or read_only: the reader has turned yes/no
// into true()/false(); anything else is an expression.
func (c *conv) boolOrExpr(it *item, column, v string) string {
	if v == "true()" || v == "false()" {
		return v
	}
	return c.expr(it, column, v, refOpts{})
}

// message writes jr:requiredMsg or jr:constraintMsg: inline when plain,
// else a reference to its itext (translations, or ${name} outputs).
func (c *conv) message(it *item, column, kind string, rank int, t xlsform.Text) string {
	s := c.plain(t)
	if !c.translated(t) && !strings.Contains(s, "${") {
		if !xmlChars(s) {
			c.fail(it, column, s, "the message contains a control character that an XML document cannot hold.")
		}
		return s
	}
	id := it.path + ":" + kind
	for _, lang := range c.langsOf(t) {
		v := t[lang]
		c.itext.add(id, [3]int{1, it.order, rank}, lang, formLong, c.richText(c.blameItem(it), it, column, v))
	}
	return "jr:itext('" + id + "')"
}

// paramBinds writes the bind attributes that come from the parameters
// column.
func (c *conv) paramBinds(it *item, b *elem) {
	p := it.Parameters
	switch it.Type {
	case xlsform.TypeImage:
		if v, ok := p["max-pixels"]; ok {
			b.set("orx:max-pixels", v)
		}
	case xlsform.TypeAudio:
		if v, ok := p["quality"]; ok {
			b.set("odk:quality", v)
		}
	case xlsform.TypeGeopoint, xlsform.TypeGeotrace, xlsform.TypeGeoshape:
		if v, ok := p["allow-mock-accuracy"]; ok {
			b.set("odk:allow-mock-accuracy", v)
		}
	case xlsform.TypeAudit:
		for _, k := range []string{"location-priority", "location-min-interval", "location-max-age",
			"track-changes", "identify-user", "track-changes-reasons"} {
			if v, ok := p[k]; ok {
				b.set("odk:"+k, v)
			}
		}
	}
}

// attrName checks the name of an attribute given by a bind::, body:: or
// instance:: column: a valid XML name whose prefix is declared.
func (c *conv) attrName(it *item, column, name string) bool {
	if !isQName(name) || name == "xmlns" || strings.HasPrefix(name, "xmlns:") {
		c.fail(it, column, name, fmt.Sprintf("%q cannot be an XML attribute name.", name))
		return false
	}
	if p, _, ok := strings.Cut(name, ":"); ok && !c.prefixes[p] {
		c.fail(it, column, name, fmt.Sprintf("the namespace prefix %q of the attribute %q is not declared. Declare it in the namespaces setting (for example %s=\"https://example.org/xforms\").", p, name, p))
		return false
	}
	return true
}

func (c *conv) attrValue(it *item, column, v string) string {
	if !xmlChars(v) {
		c.fail(it, column, v, "the value contains a control character that an XML document cannot hold.")
	}
	return c.attrText(it, column, v)
}

// modelActions are the actions of an item that live in the model: the
// setvalue of a dynamic default and the odk:setgeopoint of start-geopoint.
func (c *conv) modelActions(it *item) []any {
	var out []any
	if it.DefaultDynamic && it.Default != "" {
		out = append(out, el("setvalue").set("event", "odk-instance-first-load").set("ref", it.path).
			set("value", c.expr(it, "default", it.Default, refOpts{})))
	}
	if it.Type == xlsform.TypeStartGeopoint {
		out = append(out, el("odk:setgeopoint").set("event", "odk-instance-first-load").set("ref", it.path))
	}
	return out
}

var rePulldata = regexp.MustCompile(`(pulldata\s*\(\s*)(.*?),`)

// externalInstances declares, in document order, the secondary instances
// an item reads from attachments: the CSV files of pulldata(), the file of
// a select_*_from_file, and xml-external / csv-external.
func (c *conv) externalInstances(it *item) {
	for _, s := range []string{it.Calculation, it.Constraint, it.ReadOnly, it.Required, it.Relevant, it.ChoiceFilter, it.Default} {
		if !strings.Contains(s, "pulldata(") {
			continue
		}
		for _, m := range rePulldata.FindAllStringSubmatch(s, -1) {
			id := strings.TrimSpace(strings.NewReplacer("'", "", `"`, "").Replace(m[2]))
			if !isNCName(id) {
				c.fail(it, "calculation", s, fmt.Sprintf("the first argument of pulldata() must be the name of a CSV file without its extension, written in quotes; %q is not.", m[2]))
				continue
			}
			c.external(it, id, id+".csv")
		}
	}
	switch it.Type {
	case xlsform.TypeSelectOneFromFile, xlsform.TypeSelectMultipleFromFile:
		id := strings.TrimSuffix(it.ListName, path.Ext(it.ListName))
		if !isNCName(id) {
			c.fail(it, "type", it.ListName, "the file name (without its extension) must be a valid name: a letter or underscore first, then letters, digits, hyphens, underscores or periods.")
			return
		}
		c.external(it, id, it.ListName)
	case xlsform.TypeXMLExternal:
		c.external(it, it.Name, it.Name+".xml")
	case xlsform.TypeCSVExternal:
		c.external(it, it.Name, it.Name+".csv")
	case xlsform.TypeSelectOneExternal:
		c.media["itemsets.csv"] = true
	}
}

// collectTriggers reads the trigger column: the question's calculation is
// run by a setvalue nested in each triggering question's control.
func (c *conv) collectTriggers(root *item) {
	root.walk(func(it *item) {
		if it.Trigger == "" {
			return
		}
		spans := refSpans(it.Trigger)
		rest := it.Trigger
		for i := len(spans) - 1; i >= 0; i-- {
			rest = rest[:spans[i].pos] + rest[spans[i].end:]
		}
		if len(spans) == 0 || strings.Trim(rest, " ,\t\n") != "" {
			c.fail(it, "trigger", it.Trigger, "the trigger column must name the questions whose change recalculates this one, as ${name} (several separated by commas).")
			return
		}
		for _, sp := range spans {
			if src := c.target(c.blameItem(it), "trigger", it.Trigger, sp.name); src != nil {
				c.triggers[src] = append(c.triggers[src], it)
			}
		}
	})
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
