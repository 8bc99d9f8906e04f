package xform

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/expr"
)

// indexNames indexes every item by name, as ${name} references find
// them. The meta block's nodes are included (pyxform lets forms refer to
// ${instanceID}).
func (c *conv) indexNames(root *item) {
	c.byName = map[string][]*item{}
	root.walk(func(it *item) {
		if it != root {
			c.byName[it.Name] = append(c.byName[it.Name], it)
		}
	})
}

// refOpts says how a ${name} becomes a path.
type refOpts struct {
	// current prefixes a relative path with current()/: for predicates
	// evaluated against a secondary instance (choice_filter).
	current bool
	// parent makes a reference to a question of a repeat point at the
	// repeat, for "select_one ${question}" itemsets.
	parent bool
}

// refPath is the XPath that replaces ${name} of target t where ctx uses
// it, following pyxform: a path relative to the lowest common ancestor
// when both are inside the same repeat (so that it means the same repeat
// instance), else the absolute path; with spaces around, as pyxform
// writes them.
func refPath(t, ctx *item, o refOpts) string {
	if ctx != nil {
		if lcar := commonRepeat(ctx, t); lcar != nil {
			steps, rel := 0, ""
			done := false
			if o.parent {
				lcarNotInRepeat := lcar.nearestRepeat() == nil
				if lcar == t.nearestRepeat() && (lcarNotInRepeat || ctx.nearestRepeat() != lcar) {
					steps = ctx.depth - lcar.depth + 1
					rel = t.path[len(lcar.parent.path):]
					done = true
				}
			}
			if !done {
				lca := commonAncestor(ctx, t)
				steps = ctx.depth - lca.depth
				rel = t.path[len(lca.path):]
			}
			if steps > 0 {
				prefix := " "
				if o.current {
					prefix = " current()/"
				}
				return prefix + strings.Repeat("../", steps-1) + ".." + rel + " "
			}
		}
	}
	return " " + t.path + " "
}

// ancestors returns the strict ancestors of it, nearest first.
func ancestors(it *item) []*item {
	var out []*item
	for p := it.parent; p != nil; p = p.parent {
		out = append(out, p)
	}
	return out
}

// commonRepeat returns the deepest repeat above both a and b, or nil.
func commonRepeat(a, b *item) *item {
	up := map[*item]bool{}
	for _, p := range ancestors(a) {
		up[p] = true
	}
	for _, p := range ancestors(b) {
		if up[p] && p.isRepeat() {
			return p
		}
	}
	return nil
}

// commonAncestor returns the deepest item above both a and b.
func commonAncestor(a, b *item) *item {
	up := map[*item]bool{}
	for _, p := range ancestors(a) {
		up[p] = true
	}
	for _, p := range ancestors(b) {
		if up[p] {
			return p
		}
	}
	return nil
}

// span is one ${name} in a text.
type span struct {
	pos, end int
	name     string
}

// refSpans finds the well-formed ${name} references of s in order: the
// same ones, in the same order, as the expression lexer records (it
// skips malformed ones inside string literals and refuses them outside).
func refSpans(s string) []span {
	var out []span
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return out
		}
		j += i
		k := strings.IndexByte(s[j:], '}')
		if k < 0 {
			return out
		}
		name := s[j+2 : j+k]
		if isNCName(name) {
			out = append(out, span{j, j + k + 1, name})
			i = j + k + 1
		} else {
			i = j + 2
		}
	}
}

var (
	reInstance = regexp.MustCompile(`instance\([^)]+.+`)
	reBracket  = regexp.MustCompile(`\[([^]]+)\]`)
)

// inInstancePredicate marks the references that stand in a predicate of
// an expression that reads a secondary instance: pyxform gives those
// current()/ so that they are evaluated against the form, not the item.
func inInstancePredicate(s string, spans []span) []bool {
	marks := make([]bool, len(spans))
	if !reInstance.MatchString(s) {
		return marks
	}
	for _, b := range reBracket.FindAllStringIndex(s, -1) {
		for i, sp := range spans {
			if sp.pos >= b[0] && sp.end <= b[1] {
				marks[i] = true
			}
		}
	}
	return marks
}

// blame records a problem about one column of the row that holds the
// text being converted.
type blame func(column, txt, msg string)

func (c *conv) blameItem(it *item) blame {
	return func(column, txt, msg string) { c.fail(it, column, txt, msg) }
}

// target finds the item a ${name} names, reporting a missing or
// ambiguous name.
func (c *conv) target(b blame, column, src, name string) *item {
	switch ts := c.byName[name]; len(ts) {
	case 1:
		return ts[0]
	case 0:
		b(column, src, fmt.Sprintf("${%s} names no question of the form.", name))
	default:
		b(column, src, fmt.Sprintf("${%s} is ambiguous in the XForm: %d elements are named %q.", name, len(ts), name))
	}
	return nil
}

// expr checks an expression column with the expression parser and turns
// its ${name} references into XPath paths for the item it belongs to.
func (c *conv) expr(it *item, column, src string, o refOpts) string {
	return c.exprAt(it, it, column, src, o)
}

// exprAt is expr for an expression of it evaluated where ctx is (the
// calculation a trigger runs from the triggering question's control).
func (c *conv) exprAt(it, ctx *item, column, src string, o refOpts) string {
	e, err := expr.Parse(src)
	if err != nil {
		c.fail(it, column, src, "the expression is not valid: "+err.Error()+".")
		return src
	}
	spans := refSpans(src)
	marks := inInstancePredicate(src, spans)
	i := 0
	return e.RewriteRefs(func(name string) string {
		ro := o
		if i < len(spans) && spans[i].name == name && marks[i] {
			ro.current = true
		}
		i++
		t := c.target(c.blameItem(it), column, src, name)
		if t == nil {
			return "${" + name + "}"
		}
		return refPath(t, ctx, ro)
	})
}

// attrText replaces the ${name} references of a value that is not an
// expression to check (a bind::, body:: or instance:: column, an
// appearance), as pyxform does for every attribute it writes.
func (c *conv) attrText(it *item, column, src string) string {
	spans := refSpans(src)
	if len(spans) == 0 {
		return src
	}
	marks := inInstancePredicate(src, spans)
	var b strings.Builder
	last := 0
	for i, sp := range spans {
		b.WriteString(src[last:sp.pos])
		if t := c.target(c.blameItem(it), column, src, sp.name); t != nil {
			b.WriteString(refPath(t, it, refOpts{current: marks[i]}))
		}
		last = sp.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// richText turns a label, hint or message into XML content: its ${name}
// references become <output value="path"/> elements. ctx is the item the
// text belongs to (nil for choice labels, whose references are absolute,
// as in pyxform).
func (c *conv) richText(b blame, ctx *item, column, s string) []any {
	if !xmlChars(s) {
		b(column, s, "the text contains a control character that an XML document cannot hold. Retype the text.")
		return []any{text("")}
	}
	if strings.Contains(s, "instance(") {
		b(column, s, "a text that reads a secondary instance (instance(...)) cannot be written to the XForm by Remaker. Use a calculate for the value and ${name} in the text.")
	}
	spans := refSpans(s)
	if len(spans) == 0 {
		return []any{text(s)}
	}
	var out []any
	last := 0
	for _, sp := range spans {
		if sp.pos > last {
			out = append(out, text(s[last:sp.pos]))
		}
		if t := c.target(b, column, s, sp.name); t != nil {
			out = append(out, el("output").set("value", refPath(t, ctx, refOpts{})))
		}
		last = sp.end
	}
	if last < len(s) {
		out = append(out, text(s[last:]))
	}
	return out
}
