package expr

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

type evaluator struct {
	env    Env
	src    string
	cur    Node // Env.Current(): what current() and absolute paths start from
	ctx    Node // context node: cur, or the node a predicate is testing
	pos    int  // context position (1-based) inside a predicate
	size   int  // context size inside a predicate
	inPred bool
	loc    *time.Location
	locOK  bool
	work   int // evaluation steps so far, threaded through predicate copies
}

// maxWork bounds one evaluation: nested predicates over // can otherwise
// take exponential time, and an expression comes from a spreadsheet
// anyone can upload. Real forms use a few hundred steps.
const maxWork = 2_000_000

// Eval evaluates the expression against env. A nil env behaves like an
// empty MapEnv (no questions, the real clock), which is enough for constant
// expressions. Errors are *EvalError.
func (e *Expr) Eval(env Env) (Value, error) {
	if env == nil {
		env = &MapEnv{}
	}
	ev := evaluator{env: env, src: e.src, pos: 1, size: 1}
	ev.cur = env.Current()
	ev.ctx = ev.cur
	return ev.eval(e.root)
}

// EvalBool evaluates a relevant, required or constraint expression.
func (e *Expr) EvalBool(env Env) (bool, error) {
	v, err := e.Eval(env)
	if err != nil {
		return false, err
	}
	return v.Bool(), nil
}

// EvalString evaluates a calculation or default, giving the text ODK would
// store in the instance.
func (e *Expr) EvalString(env Env) (string, error) {
	v, err := e.Eval(env)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

func (ev *evaluator) fail(n *node, msg string, cause error) error {
	var ee *EvalError
	if errors.As(cause, &ee) {
		return cause // already points at the innermost culprit
	}
	return &EvalError{Offset: n.pos, Text: ev.src[n.pos:n.end], Msg: msg, Err: cause}
}

func (ev *evaluator) failf(n *node, format string, args ...any) error {
	return &EvalError{Offset: n.pos, Text: ev.src[n.pos:n.end], Msg: fmt.Sprintf(format, args...)}
}

func (ev *evaluator) tooMuch(n *node) error {
	return ev.failf(n, "expression is too expensive to evaluate (more than %d steps)", maxWork)
}

func (ev *evaluator) location() *time.Location {
	if !ev.locOK {
		ev.loc = ev.env.Now().Location()
		ev.locOK = true
	}
	return ev.loc
}

func (ev *evaluator) strNum(s string) float64 {
	t := trimXMLSpace(s)
	if f, ok := parseXPathNumber(t); ok {
		return f
	}
	if d, ok := parseDateTime(t); ok {
		if d.hasOff && d.hasTime {
			return d.days(ev.location())
		}
		return d.days(nil)
	}
	return math.NaN()
}

func (ev *evaluator) numOf(v Value) float64 {
	switch v.kind {
	case KindNumber, KindBoolean:
		return v.num
	case KindString:
		return ev.strNum(v.str)
	}
	if v.setLen() == 0 {
		return math.NaN()
	}
	return ev.strNum(v.setAt(0))
}

func (ev *evaluator) num(n *node) (float64, error) {
	v, err := ev.eval(n)
	if err != nil {
		return 0, err
	}
	return ev.numOf(v), nil
}

func (ev *evaluator) str(n *node) (string, error) {
	v, err := ev.eval(n)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

func (ev *evaluator) bool(n *node) (bool, error) {
	v, err := ev.eval(n)
	if err != nil {
		return false, err
	}
	return v.Bool(), nil
}

func (ev *evaluator) ctxString() string {
	if ev.ctx == nil {
		return ""
	}
	return ev.ctx.Value()
}

func (ev *evaluator) eval(n *node) (Value, error) {
	ev.work++
	if ev.work > maxWork {
		return Value{}, ev.tooMuch(n)
	}
	switch n.kind {
	case nNum:
		return Value{kind: KindNumber, num: n.num}, nil
	case nStr:
		return Value{kind: KindString, str: n.str}, nil
	case nRef:
		vals, err := ev.env.Ref(n.str)
		if err != nil {
			return Value{}, ev.fail(n, "", err)
		}
		return Value{kind: KindNodeSet, strs: vals}, nil
	case nOr, nAnd:
		l, err := ev.bool(n.l)
		if err != nil {
			return Value{}, err
		}
		if l == (n.kind == nOr) {
			return BoolValue(l), nil
		}
		r, err := ev.bool(n.r)
		if err != nil {
			return Value{}, err
		}
		return BoolValue(r), nil
	case nEq, nNe, nLt, nLe, nGt, nGe:
		l, err := ev.eval(n.l)
		if err != nil {
			return Value{}, err
		}
		r, err := ev.eval(n.r)
		if err != nil {
			return Value{}, err
		}
		b := ev.compare(n.kind, l, r)
		if ev.work > maxWork {
			return Value{}, ev.tooMuch(n)
		}
		return BoolValue(b), nil
	case nAdd, nSub, nMul, nDiv, nMod:
		a, err := ev.num(n.l)
		if err != nil {
			return Value{}, err
		}
		b, err := ev.num(n.r)
		if err != nil {
			return Value{}, err
		}
		var r float64
		switch n.kind {
		case nAdd:
			r = a + b
		case nSub:
			r = a - b
		case nMul:
			r = a * b
		case nDiv:
			r = a / b
		case nMod:
			r = math.Mod(a, b)
		}
		return Value{kind: KindNumber, num: r}, nil
	case nNeg:
		a, err := ev.num(n.l)
		if err != nil {
			return Value{}, err
		}
		return Value{kind: KindNumber, num: -a}, nil
	case nUnion:
		return Value{}, ev.failf(n, "the union operator | is not supported")
	case nCall:
		return ev.call(n)
	case nPath:
		return ev.path(n)
	}
	return Value{}, ev.failf(n, "internal error: unknown expression node %d", n.kind)
}

// compare implements XPath 1.0 section 3.4: node-sets compare
// existentially, booleans win over numbers, numbers over strings, and the
// ordering operators always compare numbers.
func (ev *evaluator) compare(op nodeKind, a, b Value) bool {
	if a.kind != KindNodeSet && b.kind != KindNodeSet {
		return ev.cmpScalar(op, a, b)
	}
	if a.kind == KindBoolean || b.kind == KindBoolean {
		return ev.cmpScalar(op, BoolValue(a.Bool()), BoolValue(b.Bool()))
	}
	na, nb := 1, 1
	if a.kind == KindNodeSet {
		na = a.setLen()
	}
	if b.kind == KindNodeSet {
		nb = b.setLen()
	}
	ev.work += na * nb
	for i := 0; i < na; i++ {
		x := a
		if a.kind == KindNodeSet {
			x = Value{kind: KindString, str: a.setAt(i)}
		}
		for j := 0; j < nb; j++ {
			y := b
			if b.kind == KindNodeSet {
				y = Value{kind: KindString, str: b.setAt(j)}
			}
			if ev.cmpScalar(op, x, y) {
				return true
			}
		}
	}
	return false
}

func (ev *evaluator) cmpScalar(op nodeKind, a, b Value) bool {
	if op == nEq || op == nNe {
		var eq bool
		switch {
		case a.kind == KindBoolean || b.kind == KindBoolean:
			eq = a.Bool() == b.Bool()
		case a.kind == KindNumber || b.kind == KindNumber:
			eq = ev.numOf(a) == ev.numOf(b)
		default:
			eq = a.str == b.str
		}
		return eq == (op == nEq)
	}
	x, y := ev.numOf(a), ev.numOf(b)
	switch op {
	case nLt:
		return x < y
	case nLe:
		return x <= y
	case nGt:
		return x > y
	}
	return x >= y
}

// nodesOf turns a node-set into tree nodes; answers from Env.Ref become
// detached leaves named after their question.
func nodesOf(v Value, name string) []Node {
	switch {
	case v.one != nil:
		return []Node{v.one}
	case v.nodes != nil:
		return v.nodes
	}
	out := make([]Node, len(v.strs))
	for i, s := range v.strs {
		out[i] = &strNode{name: name, value: s}
	}
	return out
}

func (ev *evaluator) path(n *node) (Value, error) {
	var set []Node
	switch {
	case n.base != nil:
		v, err := ev.eval(n.base)
		if err != nil {
			return Value{}, err
		}
		if v.kind != KindNodeSet {
			return Value{}, ev.failf(n, "a %s has no nodes to select from", v.kind)
		}
		name := ""
		if n.base.kind == nRef {
			name = n.base.str
		}
		set, err = ev.filter(nodesOf(v, name), n.preds)
		if err != nil {
			return Value{}, err
		}
	case n.abs:
		if ev.cur == nil {
			return Value{}, ev.failf(n, "an absolute path needs the form's instance tree, which this evaluation does not have")
		}
		top := ev.cur
		for p := top.Parent(); p != nil; p = p.Parent() {
			top = p
		}
		set = []Node{newDoc(top)}
	default:
		if len(n.steps) == 1 && n.steps[0].isDot() {
			if ev.ctx == nil {
				return Value{kind: KindNodeSet}, nil
			}
			return Value{kind: KindNodeSet, one: ev.ctx}, nil
		}
		if ev.ctx == nil {
			return Value{}, ev.failf(n, "a relative path needs the form's instance tree, which this evaluation does not have")
		}
		set = []Node{ev.ctx}
	}
	for i := range n.steps {
		var err error
		set, err = ev.step(set, &n.steps[i])
		if err == errTooMuch {
			return Value{}, ev.tooMuch(n)
		}
		if err != nil {
			return Value{}, err
		}
	}
	if set == nil {
		set = []Node{}
	}
	return Value{kind: KindNodeSet, nodes: set}, nil
}

func (s *step) match(nd Node) bool {
	switch s.test {
	case testNode:
		return true
	case testStar:
		return nd.Name() != ""
	case testPrefixStar:
		name := nd.Name()
		return len(name) > len(s.name) && name[len(s.name)] == ':' && strings.HasPrefix(name, s.name)
	}
	return nd.Name() == s.name
}

func (s *step) descend(nd Node, out []Node) []Node {
	for _, k := range nd.Children() {
		if s.match(k) {
			out = append(out, k)
		}
		out = s.descend(k, out)
	}
	return out
}

func (ev *evaluator) step(in []Node, s *step) ([]Node, error) {
	var out, cand []Node
	for _, c := range in {
		cand = cand[:0]
		switch s.axis {
		case axChild:
			for _, k := range c.Children() {
				if s.match(k) {
					cand = append(cand, k)
				}
			}
		case axSelf:
			if s.match(c) {
				cand = append(cand, c)
			}
		case axParent:
			if p := c.Parent(); p != nil && s.match(p) {
				cand = append(cand, p)
			}
		case axDescendant:
			cand = s.descend(c, cand)
		case axDescOrSelf:
			if s.match(c) {
				cand = append(cand, c)
			}
			cand = s.descend(c, cand)
		}
		ev.work += len(cand)
		if ev.work > maxWork {
			return nil, errTooMuch
		}
		if len(s.preds) > 0 {
			kept, err := ev.filter(cand, s.preds)
			if err != nil {
				return nil, err
			}
			out = append(out, kept...)
		} else {
			out = append(out, cand...)
		}
	}
	if len(in) > 1 && (s.axis == axParent || s.axis == axDescendant || s.axis == axDescOrSelf) {
		out = dedupe(out)
	}
	return out, nil
}

// errTooMuch is internal: step reports it and path turns it into an
// EvalError naming the path.
var errTooMuch = errors.New("too much work")

func dedupe(nodes []Node) []Node {
	seen := make(map[Node]struct{}, len(nodes))
	out := nodes[:0]
	for _, n := range nodes {
		if _, ok := seen[n]; !ok {
			seen[n] = struct{}{}
			out = append(out, n)
		}
	}
	return out
}

// filter applies predicates in turn; a number predicate selects by
// position, anything else by its boolean value.
func (ev *evaluator) filter(set []Node, preds []*node) ([]Node, error) {
	for _, p := range preds {
		sub := *ev
		sub.inPred = true
		sub.size = len(set)
		out := make([]Node, 0, len(set))
		for i, nd := range set {
			sub.ctx, sub.pos = nd, i+1
			v, err := sub.eval(p)
			ev.work = sub.work
			if err != nil {
				return nil, err
			}
			keep := false
			if v.kind == KindNumber {
				keep = v.num == float64(i+1)
			} else {
				keep = v.Bool()
			}
			if keep {
				out = append(out, nd)
			}
		}
		set = out
	}
	return set, nil
}
