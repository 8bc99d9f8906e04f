package xform

import (
	"fmt"
	"path"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// controlTags maps question types to their body control. Types missing
// here have no control: the client fills them in (metadata, calculate,
// hidden) or they only declare an instance.
var controlTags = map[string]string{
	xlsform.TypeText: "input", xlsform.TypeInteger: "input", xlsform.TypeDecimal: "input",
	xlsform.TypeDate: "input", xlsform.TypeTime: "input", xlsform.TypeDateTime: "input",
	xlsform.TypeGeopoint: "input", xlsform.TypeGeotrace: "input", xlsform.TypeGeoshape: "input",
	xlsform.TypeBarcode: "input", xlsform.TypeNote: "input", xlsform.TypeSelectOneExternal: "input",
	xlsform.TypeRange:     "range",
	xlsform.TypeSelectOne: "select1", xlsform.TypeSelectOneFromFile: "select1",
	xlsform.TypeSelectMultiple: "select", xlsform.TypeSelectMultipleFromFile: "select",
	xlsform.TypeRank:  "odk:rank",
	xlsform.TypeImage: "upload", xlsform.TypeAudio: "upload", xlsform.TypeVideo: "upload", xlsform.TypeFile: "upload",
	xlsform.TypeAcknowledge: "trigger",
}

var uploadTypes = map[string]string{
	xlsform.TypeImage: "image/*", xlsform.TypeAudio: "audio/*", xlsform.TypeVideo: "video/*", xlsform.TypeFile: "application/*",
}

// control is the body element of an item, nil when it shows nothing.
func (c *conv) control(it *item) *elem {
	switch {
	case it.inMeta:
		return nil
	case it.isRepeat():
		return c.repeatControl(it)
	case it.Type == xlsform.TypeGroup:
		return c.groupControl(it)
	}
	return c.questionControl(it)
}

func (c *conv) groupControl(it *item) *elem {
	g := el("group")
	if !it.flat {
		g.set("ref", it.path)
	}
	c.controlAttrs(it, g)
	if v := it.Extra["intent"]; v != "" {
		// pyxform reads an "intent" column on groups: the external app
		// that fills the group's questions.
		g.set("intent", c.attrValue(it, "intent", v))
	}
	if !it.Label.Empty() || len(it.Media) > 0 {
		g.add(c.labelElem(it))
	}
	c.noGroupHint(it)
	for _, ch := range it.children {
		g.add(c.control(ch))
	}
	return g
}

// noGroupHint notes that the hint of a group or repeat is left out: an
// XForm group has no hint (pyxform drops it without a word; real forms
// have such hints, so this is a note, not a refusal).
func (c *conv) noGroupHint(it *item) {
	if !it.Hint.Empty() || !it.GuidanceHint.Empty() {
		c.notes = append(c.notes, xlsform.Problem{Sheet: "survey", Row: it.Row, Column: "hint", Text: c.plain(it.Hint),
			Message: it.where() + ": the hint is not shown, because ODK forms have no hints on groups and repeats. Put the text in the label, or in a note at the start of the group."})
	}
}

// repeatControl is <group ref><label/><repeat nodeset jr:count>...</repeat>
// </group>, with the setvalue of each dynamic default inside, run when a
// repeat instance is added.
func (c *conv) repeatControl(it *item) *elem {
	r := el("repeat").set("nodeset", it.path)
	c.controlAttrs(it, r)
	if it.RepeatCount != "" {
		r.set("jr:count", c.expr(it, "repeat_count", it.RepeatCount, refOpts{}))
	}
	c.noGroupHint(it)
	for _, ch := range it.children {
		r.add(c.control(ch))
	}
	var dyn func(*item)
	dyn = func(p *item) {
		for _, ch := range p.children {
			if ch.isRepeat() {
				continue // nested repeats set their own
			}
			if ch.DefaultDynamic && ch.Default != "" {
				r.add(el("setvalue").set("event", "odk-new-repeat").set("ref", ch.path).
					set("value", c.expr(ch, "default", ch.Default, refOpts{})))
			}
			dyn(ch)
		}
	}
	dyn(it)
	return el("group", c.labelElem(it), r).set("ref", it.path)
}

func (c *conv) questionControl(it *item) *elem {
	switch it.Type {
	case xlsform.TypeOSM:
		c.fail(it, "type", it.TypeText, "OpenStreetMap (osm) questions are not supported in Remaker's XForms.")
		return nil
	case xlsform.TypeRange:
		for _, k := range []string{"tick_interval", "placeholder", "tick_labelset"} {
			if v, ok := it.Parameters[k]; ok {
				c.fail(it, "parameters", k+"="+v, "the range parameters tick_interval, placeholder and tick_labelset cannot be written to the XForm by Remaker yet. Remove them.")
			}
		}
	}
	tag := controlTags[it.Type]
	if tag == "" {
		return nil
	}
	// A question given a value by calculation or trigger, with neither
	// label nor hint, is not shown (pyxform).
	if (it.Calculation != "" || it.Trigger != "") && it.Label.Empty() && it.Hint.Empty() {
		return nil
	}
	e := el(tag).set("ref", it.path)
	c.controlAttrs(it, e)
	c.paramControls(it, e)
	e.add(c.labelElem(it))
	e.add(c.hintElem(it))
	switch {
	case it.Type == xlsform.TypeSelectOneExternal:
		c.externalQuery(it, e)
	case it.IsSelect():
		e.add(c.itemset(it))
	}
	if mt, ok := uploadTypes[it.Type]; ok {
		e.set("mediatype", mt)
	}
	for _, t := range c.triggers[it] {
		sv := el("setvalue").set("event", "xforms-value-changed").set("ref", t.path)
		if t.Calculation != "" {
			sv.set("value", c.exprAt(t, it, "calculation", t.Calculation, refOpts{}))
		}
		e.add(sv)
	}
	c.shown[it] = true
	return e
}

// controlAttrs writes the appearance and the body:: columns.
func (c *conv) controlAttrs(it *item, e *elem) {
	if it.Appearance != "" {
		if strings.Contains(it.Appearance, "search(") {
			c.fail(it, "appearance", it.Appearance, "the search() appearance (choices from a CSV file searched on the device) is not supported. Use select_one_from_file with a choice_filter.")
		}
		e.set("appearance", c.attrValue(it, "appearance", it.Appearance))
	}
	for _, k := range sortedKeys(it.Body) {
		col := "body::" + k
		if k == "ref" || k == "nodeset" {
			c.fail(it, col, it.Body[k], "the "+k+" of a control is the question's path and cannot be set in a column.")
			continue
		}
		if c.attrName(it, col, k) {
			e.set(k, c.attrValue(it, col, it.Body[k]))
		}
	}
}

// paramControls writes the control attributes that come from the
// parameters column.
func (c *conv) paramControls(it *item, e *elem) {
	p := it.Parameters
	switch it.Type {
	case xlsform.TypeText:
		if v, ok := p["rows"]; ok {
			e.set("rows", v)
		}
	case xlsform.TypeRange:
		for _, k := range []string{"start", "end", "step"} {
			if v, ok := p[k]; ok {
				e.set(k, v)
			}
		}
	case xlsform.TypeImage:
		if v, ok := p["app"]; ok {
			if it.Appearance != "" && it.Appearance != "annotate" {
				c.fail(it, "parameters", "app="+v, "the app parameter works only without an appearance or with the annotate appearance.")
			} else {
				e.set("intent", v)
			}
		}
	case xlsform.TypeGeopoint:
		if v, ok := p["capture-accuracy"]; ok {
			e.set("accuracyThreshold", v)
		}
		if v, ok := p["warning-accuracy"]; ok {
			e.set("unacceptableAccuracyThreshold", v)
		}
	case xlsform.TypeGeotrace, xlsform.TypeGeoshape:
		if _, ok := p["incremental"]; ok {
			e.set("incremental", "true")
		}
	}
	for _, a := range e.attrs {
		if !xmlChars(a.value) {
			c.fail(it, "parameters", a.value, "the parameter contains a control character that an XML document cannot hold.")
		}
	}
}

// itemset is the <itemset> of a select: the choices of a list (a
// secondary instance), of an attached file, or the answers of a question
// in a repeat ("select_one ${question}").
func (c *conv) itemset(it *item) *elem {
	valueRef, labelRef := "name", "label"
	var nodeset string
	filter := ""
	if it.ChoiceFilter != "" {
		filter = c.expr(it, "choice_filter", it.ChoiceFilter, refOpts{current: true, parent: it.ListRef != ""})
	}
	switch {
	case it.ListRef != "":
		t := c.target(c.blameItem(it), "type", it.ListName, it.ListRef)
		if t == nil {
			return nil
		}
		if t.isGroup() {
			c.fail(it, "type", it.ListName, fmt.Sprintf("${%s} is a group or repeat; a select can only offer the answers of a question inside a repeat.", it.ListRef))
			return nil
		}
		steps := strings.Split(strings.TrimSpace(refPath(t, it, refOpts{parent: true})), "/")
		nodeset = strings.Join(steps[:len(steps)-1], "/")
		valueRef, labelRef = steps[len(steps)-1], steps[len(steps)-1]
		if filter != "" {
			filter = strings.ReplaceAll(strings.ReplaceAll(filter, "current()/"+nodeset, "."), nodeset, ".")
		} else {
			filter = "./" + t.Name + " != ''"
		}
	case it.Type == xlsform.TypeSelectOneFromFile || it.Type == xlsform.TypeSelectMultipleFromFile:
		id := strings.TrimSuffix(it.ListName, path.Ext(it.ListName))
		nodeset = "instance('" + id + "')/root/item"
		if it.FileType == "geojson" {
			valueRef, labelRef = "id", "title"
		}
		if v, ok := it.Parameters["value"]; ok {
			valueRef = v
		}
		if v, ok := it.Parameters["label"]; ok {
			labelRef = v
		}
	default:
		l := c.listIndex[it.ListName]
		if l == nil {
			c.fail(it, "type", it.ListName, fmt.Sprintf("the choice list %q is not on the choices sheet.", it.ListName))
			return nil
		}
		nodeset = "instance('" + l.name + "')/root/item"
		if l.itext {
			labelRef = "jr:itext(itextId)"
		}
	}
	if filter != "" {
		nodeset += "[" + filter + "]"
	}
	if it.Parameters["randomize"] == "true" {
		nodeset = "randomize(" + nodeset
		if seed, ok := it.Parameters["seed"]; ok {
			if strings.HasPrefix(seed, "${") {
				seed = strings.TrimSpace(c.expr(it, "parameters", seed, refOpts{}))
			}
			nodeset += ", " + seed
		}
		nodeset += ")"
	}
	return el("itemset", el("value").set("ref", valueRef), el("label").set("ref", labelRef)).set("nodeset", nodeset)
}

// externalQuery gives a select_one_external its query: the client reads
// the choices from itemsets.csv, filtered by the choice_filter.
func (c *conv) externalQuery(it *item, e *elem) {
	if it.ChoiceFilter == "" {
		c.fail(it, "choice_filter", "", "select_one_external needs a choice_filter: without one, pyxform writes a plain text box. Add the filter, or use select_one.")
		return
	}
	pred := c.expr(it, "choice_filter", it.ChoiceFilter, refOpts{current: true})
	e.set("query", "instance('"+it.ListName+"')/root/item["+pred+"]")
}

// checkTriggerSources refuses triggers on questions that are never shown:
// their value cannot change, so the calculation would never run.
func (c *conv) checkTriggerSources(root *item) {
	root.walk(func(src *item) {
		for _, t := range c.triggers[src] {
			if !c.shown[src] {
				c.fail(t, "trigger", t.Trigger, fmt.Sprintf("${%s} is not shown to the user, so it cannot trigger this calculation. Trigger it from a question that has a label.", src.Name))
			}
		}
	})
}
