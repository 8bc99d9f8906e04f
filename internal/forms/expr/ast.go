package expr

import (
	"regexp"
	"strconv"
	"strings"
)

type nodeKind uint8

const (
	nNum nodeKind = iota
	nStr
	nRef
	nOr
	nAnd
	nEq
	nNe
	nLt
	nLe
	nGt
	nGe
	nAdd
	nSub
	nMul
	nDiv
	nMod
	nNeg
	nUnion
	nCall
	nPath
)

var binaryText = [...]string{
	nOr: "or", nAnd: "and", nEq: "=", nNe: "!=", nLt: "<", nLe: "<=", nGt: ">", nGe: ">=",
	nAdd: "+", nSub: "-", nMul: "*", nDiv: "div", nMod: "mod",
}

// Binding strength, loosest first, as in the XPath 1.0 grammar.
const (
	precOr = iota + 1
	precAnd
	precEq
	precRel
	precAdd
	precMul
	precUnary
	precUnion
	precPrimary
)

func (k nodeKind) prec() int {
	switch k {
	case nOr:
		return precOr
	case nAnd:
		return precAnd
	case nEq, nNe:
		return precEq
	case nLt, nLe, nGt, nGe:
		return precRel
	case nAdd, nSub:
		return precAdd
	case nMul, nDiv, nMod:
		return precMul
	case nNeg:
		return precUnary
	case nUnion:
		return precUnion
	}
	return precPrimary
}

func (k nodeKind) binary() bool { return k >= nOr && k <= nMod }

type axisKind uint8

const (
	axChild axisKind = iota
	axSelf
	axParent
	axDescendant
	axDescOrSelf
)

var axisNames = [...]string{
	axChild: "child", axSelf: "self", axParent: "parent",
	axDescendant: "descendant", axDescOrSelf: "descendant-or-self",
}

type testKind uint8

const (
	testName       testKind = iota // a (prefixed) name
	testPrefixStar                 // prefix:*
	testStar                       // *
	testNode                       // node()
)

type step struct {
	axis  axisKind
	test  testKind
	name  string // name for testName, prefix for testPrefixStar
	preds []*node
}

func (s *step) isDot() bool {
	return s.axis == axSelf && s.test == testNode && len(s.preds) == 0
}

func (s *step) isDosNode() bool {
	return s.axis == axDescOrSelf && s.test == testNode && len(s.preds) == 0
}

// node is one AST node. A single struct (rather than an interface per kind)
// keeps evaluation a switch over a tag with no dynamic dispatch or boxing.
type node struct {
	kind     nodeKind
	pos, end int // source span, for error messages

	num  float64 // nNum
	str  string  // nStr content, nRef name, nCall function name
	l, r *node   // binary operands; nNeg uses l

	args []*node        // nCall
	fn   *funcDef       // nCall
	re   *regexp.Regexp // regex() with a literal pattern, compiled once

	base  *node   // nPath: filter expression the path starts from, or nil
	preds []*node // nPath: predicates applied to base
	abs   bool    // nPath: starts at the root of the primary instance
	steps []step  // nPath
}

func (n *node) isBareRoot() bool {
	return n.kind == nPath && n.abs && n.base == nil && len(n.steps) == 0
}

// Expr is a parsed expression. It is immutable, so one Expr may be
// evaluated concurrently from many goroutines.
type Expr struct {
	src   string
	root  *node
	refs  []string
	spans []refSpan
}

// Source returns the text the expression was parsed from.
func (e *Expr) Source() string { return e.src }

// Refs lists the ${name} references in order of first appearance, including
// those inside string literals (XLSForm tools substitute those too, so a
// missing name there is still an error in the form).
func (e *Expr) Refs() []string {
	out := make([]string, len(e.refs))
	copy(out, e.refs)
	return out
}

// String returns the canonical source: single spaces around binary
// operators, only the parentheses precedence needs, numbers in plain
// decimal. Parsing the canonical form yields the same canonical form.
func (e *Expr) String() string {
	var b strings.Builder
	b.Grow(len(e.src) + 8)
	write(&b, e.root, 0)
	return b.String()
}

// RewriteRefs returns the original source with every ${name} (including
// those inside string literals, as pyxform does) replaced by f(name), and
// everything else byte-for-byte unchanged. It is how XLSForm expressions
// become XForm XPath such as /data/group/name.
func (e *Expr) RewriteRefs(f func(name string) string) string {
	if len(e.spans) == 0 {
		return e.src
	}
	var b strings.Builder
	b.Grow(len(e.src) + 16*len(e.spans))
	last := 0
	for _, s := range e.spans {
		b.WriteString(e.src[last:s.pos])
		b.WriteString(f(s.name))
		last = s.end
	}
	b.WriteString(e.src[last:])
	return b.String()
}

func write(b *strings.Builder, n *node, minPrec int) {
	p := n.kind.prec()
	paren := p < minPrec
	if paren {
		b.WriteByte('(')
	}
	switch {
	case n.kind == nNum:
		b.WriteString(strconv.FormatFloat(n.num, 'f', -1, 64))
	case n.kind == nStr:
		writeLiteral(b, n.str)
	case n.kind == nRef:
		b.WriteString("${")
		b.WriteString(n.str)
		b.WriteByte('}')
	case n.kind.binary():
		writeOperand(b, n.l, p)
		b.WriteByte(' ')
		b.WriteString(binaryText[n.kind])
		b.WriteByte(' ')
		writeOperand(b, n.r, p+1)
	case n.kind == nNeg:
		b.WriteByte('-')
		writeOperand(b, n.l, precUnary)
	case n.kind == nUnion:
		writeOperand(b, n.l, precUnion)
		b.WriteString(" | ")
		writeOperand(b, n.r, precUnion+1)
	case n.kind == nCall:
		b.WriteString(n.str)
		b.WriteByte('(')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			write(b, a, 0)
		}
		b.WriteByte(')')
	case n.kind == nPath:
		writePath(b, n)
	}
	if paren {
		b.WriteByte(')')
	}
}

// writeOperand writes an operand of an operator. A bare "/" keeps its
// parentheses wherever it stands: followed by anything ("/ div 2", or
// "0 div / div 2" once nested) it would swallow the operator as a name
// test and lex as the path /div (found by FuzzParse).
func writeOperand(b *strings.Builder, n *node, minPrec int) {
	if n.isBareRoot() {
		b.WriteString("(/)")
		return
	}
	write(b, n, minPrec)
}

func writeLiteral(b *strings.Builder, s string) {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 {
		q = '"'
	}
	b.WriteByte(q)
	b.WriteString(s)
	b.WriteByte(q)
}

func writePath(b *strings.Builder, n *node) {
	if n.base != nil {
		switch n.base.kind {
		case nNum, nStr, nRef, nCall:
			write(b, n.base, 0)
		default:
			b.WriteByte('(')
			write(b, n.base, 0)
			b.WriteByte(')')
		}
		writePreds(b, n.preds)
	}
	if n.abs && len(n.steps) == 0 {
		b.WriteByte('/')
		return
	}
	last := len(n.steps) - 1
	for i := range n.steps {
		s := &n.steps[i]
		lead := i > 0 || n.abs || n.base != nil
		if lead {
			b.WriteByte('/')
		}
		// descendant-or-self::node() between steps is what // abbreviates.
		if s.isDosNode() && lead && i < last {
			continue
		}
		writeStep(b, s)
	}
}

func writeStep(b *strings.Builder, s *step) {
	if len(s.preds) == 0 && s.test == testNode {
		switch s.axis {
		case axSelf:
			b.WriteByte('.')
			return
		case axParent:
			b.WriteString("..")
			return
		}
	}
	if s.axis != axChild {
		b.WriteString(axisNames[s.axis])
		b.WriteString("::")
	}
	switch s.test {
	case testName:
		b.WriteString(s.name)
	case testPrefixStar:
		b.WriteString(s.name)
		b.WriteString(":*")
	case testStar:
		b.WriteByte('*')
	case testNode:
		b.WriteString("node()")
	}
	writePreds(b, s.preds)
}

func writePreds(b *strings.Builder, preds []*node) {
	for _, p := range preds {
		b.WriteByte('[')
		write(b, p, 0)
		b.WriteByte(']')
	}
}
