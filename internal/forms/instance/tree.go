package instance

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// node is an element of the primary instance while a submission is
// evaluated: the tree that XPath paths walk and ${name} references search.
type node struct {
	f        *field // nil for the meta block and its children
	name     string
	key      string // the node's key; "" for the root
	value    string
	one      []string // []string{value}, kept so Ref need not allocate
	parent   *node
	kids     []expr.Node
	pos      int // 1-based index of a repeat instance, else 0
	relevant bool
}

func (n *node) Name() string { return n.name }

// Value is the XPath string-value: a question's answer (empty while the
// question is not relevant, as ODK clears it), or the answers below a
// group joined together.
func (n *node) Value() string {
	if len(n.kids) == 0 {
		if !n.relevant {
			return ""
		}
		return n.value
	}
	var b strings.Builder
	n.appendText(&b)
	return b.String()
}

func (n *node) appendText(b *strings.Builder) {
	if len(n.kids) == 0 {
		if n.relevant {
			b.WriteString(n.value)
		}
		return
	}
	for _, k := range n.kids {
		k.(*node).appendText(b)
	}
}

func (n *node) Parent() expr.Node {
	if n.parent == nil {
		return nil
	}
	return n.parent
}

func (n *node) Children() []expr.Node { return n.kids }

func (n *node) set(v string) {
	n.value = v
	n.one = nil
}

func (n *node) setRelevant(r bool) {
	n.relevant = r
	n.one = nil
}

// vals is Value as a one-element slice, cached for Ref.
func (n *node) vals() []string {
	if n.one == nil {
		n.one = []string{n.Value()}
	}
	return n.one
}

// tree is an Instance unfolded for evaluation.
type tree struct {
	s     *Schema
	root  *node
	meta  *node
	nodes [][]*node // per field id, every node of that field in document order
	slab  []node    // nodes are allocated from here, a chunk at a time
}

// build unfolds in into a tree. Every group and repeat instance gets a
// node, and so does every question, answered or not.
func (s *Schema) build(in *Instance) *tree {
	t := &tree{s: s, nodes: make([][]*node, len(s.fields))}
	// Most fields have one node: give each a slot of its own up front.
	one := make([]*node, len(s.fields))
	for i := range t.nodes {
		t.nodes[i] = one[i : i : i+1]
	}
	t.slab = make([]node, 0, len(s.fields)+len(in.Values)/2+8)
	t.root = &node{f: s.root, name: s.root.name, relevant: true, kids: make([]expr.Node, 0, len(s.root.kids)+1)}
	t.addKids(t.root, s.root, "", in)
	t.meta = &node{name: "meta", parent: t.root, relevant: true}
	for _, m := range [...][2]string{{"instanceID", in.Meta.InstanceID}, {"deprecatedID", in.Meta.DeprecatedID}, {"instanceName", in.Meta.InstanceName}} {
		t.meta.kids = append(t.meta.kids, &node{name: m[0], value: m[1], parent: t.meta, relevant: true})
	}
	t.root.kids = append(t.root.kids, t.meta)
	return t
}

func (t *tree) addKids(parent *node, f *field, prefix string, in *Instance) {
	for _, k := range f.kids {
		key := k.path // the key of a field outside repeats is its path
		if len(k.repeats) > 0 {
			key = prefix + k.name
		}
		switch k.kind {
		case kindLeaf:
			t.add(parent, k, key, 0).value = in.Values[key]
		case kindGroup:
			n := t.add(parent, k, key, 0)
			t.addKids(n, k, key+"/", in)
		case kindRepeat:
			count := in.Counts[key]
			for i := 1; i <= count; i++ {
				ik := key + "[" + strconv.Itoa(i) + "]"
				n := t.add(parent, k, ik, i)
				t.addKids(n, k, ik+"/", in)
			}
		}
	}
}

func (t *tree) add(parent *node, f *field, key string, pos int) *node {
	if len(t.slab) == cap(t.slab) {
		t.slab = make([]node, 0, 64)
	}
	t.slab = append(t.slab, node{f: f, name: f.name, key: key, parent: parent, pos: pos, relevant: true})
	n := &t.slab[len(t.slab)-1]
	if f.kind != kindLeaf {
		n.kids = make([]expr.Node, 0, len(f.kids))
	}
	parent.kids = append(parent.kids, n)
	t.nodes[f.id] = append(t.nodes[f.id], n)
	return n
}

// store writes the tree's answers back into in, leaving out the answers
// of questions that are not relevant.
func (t *tree) store(in *Instance) {
	in.Values = make(map[string]string, len(in.Values))
	in.NotRelevant = nil
	in.Counts = make(map[string]int, len(in.Counts))
	var walk func(n *node)
	walk = func(n *node) {
		for _, k := range n.kids {
			c := k.(*node)
			if c.f == nil {
				continue // the meta block
			}
			if !c.relevant && n.relevant {
				in.NotRelevant = append(in.NotRelevant, c.key)
			}
			if c.pos > 0 {
				in.Counts[c.key[:strings.LastIndexByte(c.key, '[')]]++
			}
			if c.f.kind == kindLeaf {
				if c.value != "" && c.relevant {
					in.Values[c.key] = c.value
				}
				continue
			}
			walk(c)
		}
	}
	walk(t.root)
	in.NotRelevant = sortedNotRelevant(in.NotRelevant)
}

// env is the expression environment of one node of a tree.
type env struct {
	t          *tree
	cur        *node
	lang       string
	now        time.Time
	bufA, bufB []*node // scratch for resolve
}

// at returns the environment of n (reusing e to avoid allocation).
func (e *env) at(n *node) *env {
	e.cur = n
	return e
}

func (e *env) Current() expr.Node {
	if e.cur == nil {
		return nil
	}
	return e.cur
}

// Position is the index of the innermost repeat instance around the
// current node.
func (e *env) Position() int {
	for n := e.cur; n != nil; n = n.parent {
		if n.pos > 0 {
			return n.pos
		}
	}
	return 0
}

func (e *env) Now() time.Time { return e.now }

func (e *env) Instance(id string) (expr.Node, error) {
	if doc, ok := e.t.s.choiceDocs[id]; ok {
		return doc, nil
	}
	return nil, fmt.Errorf("the data %q (a file beside the form) is not available on the server", id)
}

func (e *env) ChoiceLabel(question, value string) (string, error) {
	fs := e.t.s.byName[question]
	if len(fs) == 0 || fs[0].node.Choices == nil {
		return "", fmt.Errorf("no choice list for question %q", question)
	}
	for _, c := range fs[0].node.ChoiceItems() {
		if c.Name == value {
			return c.Label.Get(e.lang, e.t.s.Form.DefaultLanguage), nil
		}
	}
	return "", nil
}

// Ref resolves ${name} as ODK does: the one node of a question outside
// repeats; inside repeats the instance the current node shares with it,
// or every instance where the current node is outside the repeat.
func (e *env) Ref(name string) ([]string, error) {
	fs := e.t.s.byName[name]
	if len(fs) == 0 {
		return nil, fmt.Errorf("no question named %q", name)
	}
	nodes := e.resolve(fs[0])
	if len(nodes) == 1 && len(nodes[0].kids) == 0 {
		return nodes[0].vals(), nil
	}
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Value()
	}
	return out, nil
}

// resolve returns the nodes of f that ${f} denotes from the current node,
// walking down from the innermost repeat instance the two share. The
// slice is scratch space, valid until the next call.
func (e *env) resolve(f *field) []*node {
	all := e.t.nodes[f.id]
	if len(f.repeats) == 0 || len(all) == 0 {
		return all
	}
	var shared *node
	depth := -1
	for n := e.cur; n != nil && shared == nil; n = n.parent {
		if n.f == nil || n.f.kind != kindRepeat {
			continue
		}
		for i, r := range f.repeats {
			if n.f == r {
				shared, depth = n, i
				break
			}
		}
	}
	if shared == nil {
		return all
	}
	set := append(e.bufA[:0], shared)
	next := e.bufB[:0]
	for _, step := range f.chain[f.repeats[depth].level+1:] {
		next = next[:0]
		for _, n := range set {
			for _, k := range n.kids {
				if c := k.(*node); c.f == step {
					next = append(next, c)
					if step.kind != kindRepeat {
						break
					}
				}
			}
		}
		set, next = next, set
	}
	e.bufA, e.bufB = set, next
	return set
}

// text renders a label, hint or message in the language, with ${name}
// replaced by the answers it denotes from node n.
func (e *env) text(n *node, t xlsform.Text) string {
	s := t.Get(e.lang, e.t.s.Form.DefaultLanguage)
	if !strings.Contains(s, "${") {
		return s
	}
	e.at(n)
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		if vals, err := e.Ref(s[i+2 : i+j]); err == nil {
			b.WriteString(strings.Join(vals, ", "))
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}
