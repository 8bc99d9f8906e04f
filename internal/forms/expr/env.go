package expr

import (
	"fmt"
	"time"
)

// Env is everything an expression can see of the form it belongs to. The
// forms package implements it over a submission; MapEnv implements it over
// plain maps for tests and simple callers.
//
// Eval calls Env methods from the goroutine that called Eval; an Env need
// not be safe for concurrent use unless it is shared between Evals.
type Env interface {
	// Ref returns what ${name} denotes from the node being evaluated: one
	// value for an ordinary question (the empty string when it is
	// unanswered or not relevant), one value per repeat instance when the
	// question is inside a repeat that the evaluation context is outside
	// of, and the single value of the same instance when both are inside
	// the same repeat. An error (for example for an unknown name) stops
	// evaluation. The slice is never modified, but the Value that Eval
	// returns may share it.
	Ref(name string) ([]string, error)

	// Current returns the node the expression belongs to: "." and
	// current() denote it, relative paths (../q) start from it and
	// absolute paths (/data/q) from the root above it. It may be nil when
	// the caller has no instance tree; "." is then empty and paths fail.
	Current() Node

	// Position is the 1-based index of the repeat instance the current
	// node is in (innermost repeat), or 0 outside repeats. It is what
	// position() returns outside a predicate.
	Position() int

	// ChoiceLabel returns the label, in the active language, of choice
	// value of the select question named question, for jr:choice-name().
	// An unknown choice should give "" and no error.
	ChoiceLabel(question, value string) (string, error)

	// Instance returns the document element (conventionally <root>) of
	// the secondary instance with the given id, for instance('id').
	Instance(id string) (Node, error)

	// Now is the clock for today() and now(); its Location is where
	// dates are counted (see the package documentation). Inject a fixed
	// time to make evaluation deterministic.
	Now() time.Time
}

// Node is an element of an instance tree: the primary instance (the
// submission) or a secondary instance (a choice list or CSV). Values must
// be comparable with == (use pointer types) because node-sets are
// de-duplicated by identity.
type Node interface {
	Name() string // element name as written, with any prefix (orx:meta)
	Value() string
	Parent() Node // nil for the document element
	Children() []Node
}

// Element is a simple in-memory Node, enough for secondary instances built
// from a choices sheet and for tests.
type Element struct {
	name   string
	text   string
	parent *Element
	kids   []Node
}

// NewElement returns an element with the given text and children; the
// children's parent is set to the new element.
func NewElement(name, text string, children ...*Element) *Element {
	e := &Element{name: name, text: text}
	e.Append(children...)
	return e
}

// Append adds children, setting their parent, and returns e.
func (e *Element) Append(children ...*Element) *Element {
	for _, c := range children {
		c.parent = e
		e.kids = append(e.kids, c)
	}
	return e
}

// Name returns the element name.
func (e *Element) Name() string { return e.name }

// Value is the XPath string-value: the element's own text followed by its
// descendants' text.
func (e *Element) Value() string {
	if len(e.kids) == 0 {
		return e.text
	}
	s := e.text
	for _, k := range e.kids {
		s += k.Value()
	}
	return s
}

// Parent returns the enclosing element, or nil (as a nil interface, so
// callers can compare with nil) for the root.
func (e *Element) Parent() Node {
	if e.parent == nil {
		return nil
	}
	return e.parent
}

// Children returns the child elements in document order.
func (e *Element) Children() []Node { return e.kids }

// Child returns the first child element with the given name, or nil.
func (e *Element) Child(name string) *Element {
	for _, k := range e.kids {
		if k.Name() == name {
			if el, ok := k.(*Element); ok {
				return el
			}
		}
	}
	return nil
}

// ChoiceList builds the secondary instance XLSForm generates for a choice
// list: <root><item><name>…</name><label>…</label>…</item>…</root>. Each
// item is a sequence of column, value pairs.
func ChoiceList(items ...[]string) *Element {
	root := NewElement("root", "")
	for _, cols := range items {
		item := NewElement("item", "")
		for i := 0; i+1 < len(cols); i += 2 {
			item.Append(NewElement(cols[i], cols[i+1]))
		}
		root.Append(item)
	}
	return root
}

// MapEnv is an Env backed by maps. The zero value is usable: every ${name}
// is then unknown and the clock is the real one.
type MapEnv struct {
	// Values maps a question name to what ${name} denotes: one value, or
	// one per repeat instance.
	Values map[string][]string
	// Dot is the current node (see Env.Current); nil allowed.
	Dot Node
	// Pos is the current repeat position (see Env.Position).
	Pos int
	// Labels maps question name, then choice value, to the choice label.
	Labels map[string]map[string]string
	// Instances maps secondary instance ids to their document element.
	Instances map[string]Node
	// Clock, when non-zero, is returned by Now; its Location is used for
	// dates.
	Clock time.Time
}

// NewMapEnv returns a MapEnv holding single-valued answers.
func NewMapEnv(values map[string]string) *MapEnv {
	m := &MapEnv{Values: make(map[string][]string, len(values))}
	for k, v := range values {
		m.Values[k] = []string{v}
	}
	return m
}

// Set records the value(s) of ${name} and returns m, for chaining in tests.
func (m *MapEnv) Set(name string, values ...string) *MapEnv {
	if m.Values == nil {
		m.Values = make(map[string][]string)
	}
	if values == nil {
		values = []string{}
	}
	m.Values[name] = values
	return m
}

// Ref reports unknown names as errors so that a typo in a form surfaces
// instead of evaluating as unanswered.
func (m *MapEnv) Ref(name string) ([]string, error) {
	v, ok := m.Values[name]
	if !ok {
		return nil, fmt.Errorf("no question named %q", name)
	}
	return v, nil
}

// Current returns Dot.
func (m *MapEnv) Current() Node { return m.Dot }

// Position returns Pos.
func (m *MapEnv) Position() int { return m.Pos }

// ChoiceLabel looks value up in Labels[question]; a question without a
// list is an error, an unknown value an empty label.
func (m *MapEnv) ChoiceLabel(question, value string) (string, error) {
	choices, ok := m.Labels[question]
	if !ok {
		return "", fmt.Errorf("no choice list for question %q", question)
	}
	return choices[value], nil
}

// Instance returns Instances[id], or an error naming the missing id.
func (m *MapEnv) Instance(id string) (Node, error) {
	n, ok := m.Instances[id]
	if !ok {
		return nil, fmt.Errorf("no secondary instance %q", id)
	}
	return n, nil
}

// Now returns Clock, or the real time when Clock is zero.
func (m *MapEnv) Now() time.Time {
	if m.Clock.IsZero() {
		return time.Now()
	}
	return m.Clock
}

// docNode stands for the document node above a document element, so that
// instance('x')/root/item and /data/q start one level above the element.
type docNode struct {
	kids []Node
}

func newDoc(root Node) *docNode { return &docNode{kids: []Node{root}} }

func (d *docNode) Name() string     { return "" }
func (d *docNode) Value() string    { return d.kids[0].Value() }
func (d *docNode) Parent() Node     { return nil }
func (d *docNode) Children() []Node { return d.kids }

// strNode lets predicates run over the answers Env.Ref returns, which are
// plain strings rather than tree nodes.
type strNode struct {
	name, value string
}

func (s *strNode) Name() string     { return s.name }
func (s *strNode) Value() string    { return s.value }
func (s *strNode) Parent() Node     { return nil }
func (s *strNode) Children() []Node { return nil }
