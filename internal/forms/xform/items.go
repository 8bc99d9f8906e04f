package xform

import (
	"fmt"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// item is one node of the XForm's primary instance: a question, group,
// repeat, the root, or a node pyxform generates (the meta block, the
// counter of a computed repeat_count, the header rows of a table-list).
// It carries a copy of the form model's node, on which those
// transformations are made, so the caller's form is never changed.
type item struct {
	xlsform.Node

	parent   *item
	children []*item
	path     string // absolute instance path; flat groups are left out
	depth    int    // path segments below the root
	order    int    // position in document order

	flat       bool  // a group dissolved by the flat setting
	inMeta     bool  // instanceID, instanceName, audit
	blankLabel bool  // table-list header select: prints <label></label>
	countOf    *item // the repeat whose repeat_count this calculate holds

	tableList     bool // a table-list group (now a field-list)
	tableListDone bool // a table-list group whose header select exists
}

func (it *item) isRepeat() bool { return it.Type == xlsform.TypeRepeat }
func (it *item) isGroup() bool {
	return it.Type == xlsform.TypeGroup || it.Type == xlsform.TypeRepeat || it.Type == xlsform.TypeSurvey
}

// where names the item for a problem message.
func (it *item) where() string {
	switch {
	case it.Type == xlsform.TypeGroup:
		return fmt.Sprintf("Group %q", it.Name)
	case it.Type == xlsform.TypeRepeat:
		return fmt.Sprintf("Repeat %q", it.Name)
	}
	return fmt.Sprintf("Question %q", it.Name)
}

// buildItems turns the form model into the item tree, applying what
// pyxform does between the workbook and the XForm: repeat_count
// expressions get a generated calculate, table-list groups get their
// header rows, the flat setting dissolves groups, and the meta block is
// added last.
func (c *conv) buildItems() *item {
	f := c.form
	root := &item{Node: *f.Root}
	root.Name = f.RootName
	root.Type = xlsform.TypeSurvey
	for _, ch := range f.Root.Children {
		c.addItem(root, ch)
	}
	if c.flat {
		c.flatten(root, "")
	}
	c.addMeta(root)
	setItemPaths(root, "", 0)
	n := 0
	paths := map[string]*item{}
	root.walk(func(it *item) {
		it.order = n
		n++
		if it.flat {
			return
		}
		// (A clash with a repeat's generated counter is reported where it
		// is made, with a better message.)
		if first := paths[it.path]; first != nil && it.countOf == nil && first.countOf == nil {
			c.fail(it, "name", it.Name, fmt.Sprintf("the XForm would have two elements %s (the other from row %d). Rename one of them.", it.path, first.Row))
		}
		paths[it.path] = it
	})
	return root
}

func (c *conv) addItem(parent *item, n *xlsform.Node) {
	it := &item{Node: *n, parent: parent}
	it.Children = nil
	it.Parent = nil
	if n.IsGroup() {
		c.groupItem(parent, it, n)
		return
	}
	if parent.tableList && n.IsSelect() {
		c.tableListSelect(parent, it)
	}
	parent.children = append(parent.children, it)
}

func (c *conv) groupItem(parent, it *item, n *xlsform.Node) {
	if it.isRepeat() && c.flat {
		c.fail(it, "type", n.TypeText, "the flat setting cannot be used with repeats: flattening would merge every repeat instance into one. Remove the flat setting.")
	}
	if it.isRepeat() && hasWord(it.Appearance, "table-list") {
		c.fail(it, "appearance", it.Appearance, "the table-list appearance works on groups, not on repeats. Put a group with table-list inside the repeat.")
	}
	// A repeat_count that is not a plain ${reference} becomes a calculate
	// beside the repeat, which jr:count then refers to (jr:count must be
	// a path).
	if it.isRepeat() && it.RepeatCount != "" && !isSingleRef(it.RepeatCount) {
		cnt := &item{parent: parent, countOf: it}
		cnt.Type = xlsform.TypeCalculate
		cnt.TypeText = "calculate"
		cnt.DataType = "string"
		cnt.Name = it.Name + "_count"
		cnt.Row = it.Row
		cnt.Generated = true
		cnt.Calculation = it.RepeatCount
		cnt.ReadOnly = "true()"
		siblings := c.form.Root.Children
		if n.Parent != nil {
			siblings = n.Parent.Children
		}
		for _, sib := range siblings {
			if sib.Name == cnt.Name {
				c.fail(it, "repeat_count", it.RepeatCount, fmt.Sprintf(
					"its repeat_count is an expression, so the XForm needs a calculate named %q to hold it, but row %d already uses that name. Rename that question.", cnt.Name, sib.Row))
			}
		}
		parent.children = append(parent.children, cnt)
		it.RepeatCount = "${" + cnt.Name + "}"
	}
	if it.Type == xlsform.TypeGroup && hasWord(it.Appearance, "table-list") {
		it.tableList = true
		// pyxform: the group becomes a field-list; its label and hint move
		// to a generated note, so that they show above the table.
		words := []string{"field-list"}
		for _, w := range strings.Fields(it.Appearance) {
			if w != "table-list" {
				words = append(words, w)
			}
		}
		it.Appearance = strings.Join(words, " ")
		if !it.Label.Empty() || !it.Hint.Empty() || it.Media != nil {
			note := &item{parent: it}
			note.Type = xlsform.TypeNote
			note.TypeText = "note"
			note.DataType = "string"
			note.Name = fmt.Sprintf("generated_table_list_label_%d", it.Row)
			note.Row = it.Row
			note.Generated = true
			note.Label, note.Hint, note.Media = it.Label, it.Hint, it.Media
			it.Label, it.Hint, it.Media = nil, nil, nil
			it.children = append(it.children, note)
		}
	}
	parent.children = append(parent.children, it)
	for _, ch := range n.Children {
		c.addItem(it, ch)
	}
}

// tableListSelect makes a select of a table-list group show without its
// own choice labels, and puts before the first one a select whose only
// role is to show the choice labels as column heads.
func (c *conv) tableListSelect(group, it *item) {
	if !group.tableListDone {
		group.tableListDone = true
		head := &item{parent: group, blankLabel: true}
		head.Type = it.Type
		head.TypeText = it.TypeText
		head.DataType = it.DataType
		head.Name = fmt.Sprintf("reserved_name_for_field_list_labels_%d", it.Row)
		head.Row = it.Row
		head.Generated = true
		head.ListName, head.Choices = it.ListName, it.Choices
		head.Appearance = "label"
		group.children = append(group.children, head)
	}
	it.Appearance = "list-nolabel"
}

// flatten applies the legacy flat setting: groups leave no element in the
// instance, and their relevant is joined to their children's.
func (c *conv) flatten(g *item, relevant string) {
	for _, ch := range g.children {
		rel := relevant
		if ch.Relevant != "" {
			if rel != "" {
				rel += " and (" + ch.Relevant + ")"
			} else {
				rel = ch.Relevant
			}
		}
		if ch.Type == xlsform.TypeGroup {
			ch.flat = true
			if ch.Required != "" || ch.ReadOnly != "" || ch.Constraint != "" || len(ch.Bind) > 0 {
				c.fail(ch, "", "", "with the flat setting a group has no element of its own, so it can only have a relevant (which its questions inherit); remove its other bind columns.")
			}
			ch.Relevant = ""
			c.flatten(ch, rel)
			continue
		}
		ch.Relevant = rel
	}
}

// addMeta adds the meta block pyxform adds: the audit, instanceID (unless
// omitted) and instanceName (when the settings give one).
func (c *conv) addMeta(root *item) {
	f := c.form
	meta := &item{parent: root, inMeta: true}
	meta.Name = "meta"
	meta.Generated = true
	meta.Type = xlsform.TypeGroup
	if f.Audit != nil {
		a := &item{Node: *f.Audit, parent: meta, inMeta: true}
		meta.children = append(meta.children, a)
	}
	if !f.Settings.OmitInstanceID {
		id := &item{parent: meta, inMeta: true}
		id.Name = "instanceID"
		id.Type = xlsform.TypeCalculate
		id.DataType = "string"
		id.ReadOnly = "true()"
		id.Preload = "uid"
		if v := f.Settings.All["instance_id"]; v != "" {
			id.Preload = v
		}
		id.Generated = true
		meta.children = append(meta.children, id)
	}
	if f.Settings.InstanceName != "" {
		in := &item{parent: meta, inMeta: true}
		in.Name = "instanceName"
		in.Type = xlsform.TypeCalculate
		in.DataType = "string"
		in.Calculation = f.Settings.InstanceName
		in.Generated = true
		meta.children = append(meta.children, in)
	}
	if len(meta.children) > 0 {
		root.children = append(root.children, meta)
	}
}

func setItemPaths(it *item, parent string, depth int) {
	if it.flat {
		it.path, it.depth = parent, depth
	} else {
		it.path = parent + "/" + it.Name
		it.depth = depth + 1
		parent, depth = it.path, it.depth
	}
	for _, ch := range it.children {
		setItemPaths(ch, parent, depth)
	}
}

// walk visits it and its descendants in document order.
func (it *item) walk(fn func(*item)) {
	fn(it)
	for _, ch := range it.children {
		ch.walk(fn)
	}
}

// nearestRepeat returns the closest repeat strictly above it, or nil.
func (it *item) nearestRepeat() *item {
	for p := it.parent; p != nil; p = p.parent {
		if p.isRepeat() {
			return p
		}
	}
	return nil
}

func isSingleRef(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "${") || !strings.HasSuffix(s, "}") {
		return false
	}
	return isNCName(s[2 : len(s)-1])
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}
