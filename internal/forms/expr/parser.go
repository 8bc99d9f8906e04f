package expr

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack; real
// forms nest if() a dozen levels at most.
const maxDepth = 200

// Parse parses an XLSForm / ODK XPath expression. The error, if any, is a
// *SyntaxError.
func Parse(src string) (*Expr, error) {
	e, serr := parse(src)
	if serr != nil {
		return nil, serr
	}
	return e, nil
}

// MustParse is Parse for expressions fixed at compile time (tests, built-in
// forms); it panics on error.
func MustParse(src string) *Expr {
	e, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return e
}

func parse(src string) (*Expr, *SyntaxError) {
	toks, spans, serr := lex(src)
	if serr != nil {
		return nil, serr
	}
	p := &parser{src: src, toks: toks}
	if p.peek().kind == tEOF {
		return nil, newSyntaxError(src, 0, "", "empty expression")
	}
	root, serr := p.expr()
	if serr != nil {
		return nil, serr
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.trailing(t)
	}
	var refs []string
	seen := make(map[string]bool, len(spans))
	for _, s := range spans {
		if !seen[s.name] {
			seen[s.name] = true
			refs = append(refs, s.name)
		}
	}
	return &Expr{src: src, root: root, refs: refs, spans: spans}, nil
}

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) *SyntaxError {
	return newSyntaxError(p.src, t.pos, p.src[t.pos:t.end], fmt.Sprintf(format, args...))
}

func (p *parser) trailing(t token) *SyntaxError {
	rest := strings.TrimSpace(p.src[t.pos:])
	if t.kind == tName && (strings.EqualFold(t.text, "and") || strings.EqualFold(t.text, "or")) {
		return newSyntaxError(p.src, t.pos, t.text, fmt.Sprintf("operators are lower case: write %s, not %s", strings.ToLower(t.text), t.text))
	}
	if t.kind == tRParen {
		return newSyntaxError(p.src, t.pos, rest, "unmatched ')'")
	}
	return newSyntaxError(p.src, t.pos, rest, fmt.Sprintf("unexpected %s after a complete expression (missing operator?)", describe(t)))
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tNumber:
		return "number " + t.text
	case tString:
		return "string literal"
	case tRef:
		return "${" + t.text + "}"
	case tName:
		return fmt.Sprintf("name %q", t.text)
	case tAxis:
		return fmt.Sprintf("axis %s::", t.text)
	}
	return fmt.Sprintf("%q", tokenText[t.kind])
}

var tokenText = [...]string{
	tNameStar: ":*", tStar: "*", tDollar: "$", tLParen: "(", tRParen: ")", tLBrack: "[", tRBrack: "]",
	tComma: ",", tDot: ".", tDotDot: "..", tAt: "@", tSlash: "/", tSlash2: "//", tPipe: "|",
	tPlus: "+", tMinus: "-", tEq: "=", tNe: "!=", tLt: "<", tLe: "<=", tGt: ">", tGe: ">=",
	tMul: "*", tAnd: "and", tOr: "or", tDiv: "div", tMod: "mod",
}

func (p *parser) enter(t token) *SyntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.errAt(t, "expression is nested too deeply (more than %d levels)", maxDepth)
	}
	return nil
}

func (p *parser) expr() (*node, *SyntaxError) {
	if err := p.enter(p.peek()); err != nil {
		return nil, err
	}
	n, err := p.binary(precOr)
	p.depth--
	return n, err
}

func binaryKind(k tokKind, prec int) (nodeKind, bool) {
	switch prec {
	case precOr:
		return nOr, k == tOr
	case precAnd:
		return nAnd, k == tAnd
	case precEq:
		switch k {
		case tEq:
			return nEq, true
		case tNe:
			return nNe, true
		}
	case precRel:
		switch k {
		case tLt:
			return nLt, true
		case tLe:
			return nLe, true
		case tGt:
			return nGt, true
		case tGe:
			return nGe, true
		}
	case precAdd:
		switch k {
		case tPlus:
			return nAdd, true
		case tMinus:
			return nSub, true
		}
	case precMul:
		switch k {
		case tMul:
			return nMul, true
		case tDiv:
			return nDiv, true
		case tMod:
			return nMod, true
		}
	}
	return 0, false
}

// binary parses left-associative operators of the given precedence level
// and tighter.
func (p *parser) binary(prec int) (*node, *SyntaxError) {
	if prec == precUnary {
		return p.unary()
	}
	l, err := p.binary(prec + 1)
	if err != nil {
		return nil, err
	}
	for {
		k, ok := binaryKind(p.peek().kind, prec)
		if !ok {
			return l, nil
		}
		p.advance()
		r, err := p.binary(prec + 1)
		if err != nil {
			return nil, err
		}
		l = &node{kind: k, pos: l.pos, end: r.end, l: l, r: r}
	}
}

func (p *parser) unary() (*node, *SyntaxError) {
	t := p.peek()
	if t.kind != tMinus {
		return p.union()
	}
	if err := p.enter(t); err != nil {
		return nil, err
	}
	p.advance()
	x, err := p.unary()
	p.depth--
	if err != nil {
		return nil, err
	}
	return &node{kind: nNeg, pos: t.pos, end: x.end, l: x}, nil
}

func (p *parser) union() (*node, *SyntaxError) {
	l, err := p.path()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tPipe {
		p.advance()
		r, err := p.path()
		if err != nil {
			return nil, err
		}
		l = &node{kind: nUnion, pos: l.pos, end: r.end, l: l, r: r}
	}
	return l, nil
}

func isNodeType(name string) bool {
	switch name {
	case "node", "text", "comment", "processing-instruction":
		return true
	}
	return false
}

func (p *parser) path() (*node, *SyntaxError) {
	t := p.peek()
	switch t.kind {
	case tNumber, tString, tRef, tLParen:
		return p.filterPath()
	case tName:
		if p.peekAt(1).kind == tLParen && !isNodeType(t.text) {
			return p.filterPath()
		}
		return p.locationPath()
	case tSlash, tSlash2, tStar, tNameStar, tDot, tDotDot, tAt, tAxis:
		return p.locationPath()
	case tDollar:
		return nil, p.errAt(t, "XPath variables ($name) are not supported: write ${name} to refer to a question")
	case tEOF:
		return nil, p.errAt(t, "expression ends where a value was expected")
	case tRParen:
		return nil, p.errAt(t, "expected a value before ')'")
	}
	return nil, p.errAt(t, "expected a value but found %s", describe(t))
}

// filterPath parses a primary expression, its predicates, and any path
// continuing from it (current()/.., instance('x')/root/item).
func (p *parser) filterPath() (*node, *SyntaxError) {
	prim, err := p.primary()
	if err != nil {
		return nil, err
	}
	var preds []*node
	for p.peek().kind == tLBrack {
		pr, err := p.predicate()
		if err != nil {
			return nil, err
		}
		preds = append(preds, pr)
	}
	k := p.peek().kind
	if k != tSlash && k != tSlash2 {
		if preds == nil {
			return prim, nil
		}
		return &node{kind: nPath, pos: prim.pos, end: p.toks[p.i-1].end, base: prim, preds: preds}, nil
	}
	if prim.kind == nRef {
		t := p.peek()
		return nil, newSyntaxError(p.src, t.pos, p.src[t.pos:t.end],
			fmt.Sprintf("a path cannot continue after ${%s}: refer to the question you need by its own ${name}", prim.str))
	}
	n := &node{kind: nPath, pos: prim.pos, base: prim, preds: preds}
	if err := p.relSteps(n, true); err != nil {
		return nil, err
	}
	n.end = p.toks[p.i-1].end
	return n, nil
}

func (p *parser) primary() (*node, *SyntaxError) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.advance()
		return &node{kind: nNum, pos: t.pos, end: t.end, num: t.num}, nil
	case tString:
		p.advance()
		return &node{kind: nStr, pos: t.pos, end: t.end, str: t.text}, nil
	case tRef:
		p.advance()
		return &node{kind: nRef, pos: t.pos, end: t.end, str: t.text}, nil
	case tLParen:
		p.advance()
		inner, err := p.expr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			if c.kind == tEOF {
				return nil, p.errAt(t, "'(' is never closed")
			}
			return nil, p.errAt(c, "expected ')' but found %s", describe(c))
		}
		p.advance()
		return inner, nil
	}
	return p.call()
}

func (p *parser) call() (*node, *SyntaxError) {
	nameTok := p.advance()
	name := nameTok.text
	fn := lookupFunc(name)
	if fn == nil {
		if why, ok := refusedFuncs[name]; ok {
			return nil, p.errAt(nameTok, "function %s() is not supported: %s", name, why)
		}
		return nil, p.errAt(nameTok, "unknown function %s()", name)
	}
	open := p.advance() // '(' guaranteed by the caller
	n := &node{kind: nCall, pos: nameTok.pos, str: name, fn: fn}
	if p.peek().kind != tRParen {
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, a)
			if p.peek().kind != tComma {
				break
			}
			p.advance()
		}
	}
	c := p.peek()
	if c.kind != tRParen {
		if c.kind == tEOF {
			return nil, p.errAt(open, "'(' of %s() is never closed", name)
		}
		return nil, p.errAt(c, "expected ',' or ')' in the arguments of %s() but found %s", name, describe(c))
	}
	p.advance()
	n.end = c.end
	if got := len(n.args); got < fn.min || (fn.max >= 0 && got > fn.max) {
		return nil, newSyntaxError(p.src, n.pos, p.src[n.pos:n.end],
			fmt.Sprintf("%s() takes %s, got %d", name, fn.arity(), got))
	}
	if fn.id == fRegex && n.args[1].kind == nStr {
		re, err := regexp.Compile(n.args[1].str)
		if err != nil {
			a := n.args[1]
			return nil, newSyntaxError(p.src, a.pos, p.src[a.pos:a.end], "invalid regular expression: "+reErrText(err))
		}
		n.re = re
	}
	return n, nil
}

func reErrText(err error) string {
	if e, ok := err.(*syntax.Error); ok {
		return fmt.Sprintf("%s %q", e.Code, e.Expr)
	}
	return err.Error()
}

func (p *parser) predicate() (*node, *SyntaxError) {
	open := p.advance() // '['
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	c := p.peek()
	if c.kind != tRBrack {
		if c.kind == tEOF {
			return nil, p.errAt(open, "'[' is never closed")
		}
		return nil, p.errAt(c, "expected ']' but found %s", describe(c))
	}
	p.advance()
	return x, nil
}

func (p *parser) locationPath() (*node, *SyntaxError) {
	t := p.peek()
	n := &node{kind: nPath, pos: t.pos}
	switch t.kind {
	case tSlash:
		p.advance()
		n.abs = true
		if !startsStep(p.peek().kind) {
			n.end = t.end
			return n, nil
		}
		if err := p.relSteps(n, false); err != nil {
			return nil, err
		}
	case tSlash2:
		n.abs = true
		if err := p.relSteps(n, true); err != nil {
			return nil, err
		}
	default:
		if err := p.relSteps(n, false); err != nil {
			return nil, err
		}
	}
	n.end = p.toks[p.i-1].end
	return n, nil
}

func startsStep(k tokKind) bool {
	switch k {
	case tName, tStar, tNameStar, tDot, tDotDot, tAt, tAxis:
		return true
	}
	return false
}

// relSteps parses steps separated by / and //. With leadSep the cursor is
// on a separator that must be consumed before the first step.
func (p *parser) relSteps(n *node, leadSep bool) *SyntaxError {
	needSep := leadSep
	for {
		if needSep {
			sep := p.peek()
			switch sep.kind {
			case tSlash:
				p.advance()
			case tSlash2:
				p.advance()
				n.steps = append(n.steps, step{axis: axDescOrSelf, test: testNode})
			default:
				return nil
			}
			if !startsStep(p.peek().kind) {
				return p.errAt(p.peek(), "expected a name after %q but found %s", tokenText[sep.kind], describe(p.peek()))
			}
		}
		s, err := p.step()
		if err != nil {
			return err
		}
		n.steps = append(n.steps, s)
		needSep = true
	}
}

func (p *parser) step() (step, *SyntaxError) {
	t := p.advance()
	switch t.kind {
	case tDot:
		return step{axis: axSelf, test: testNode}, nil
	case tDotDot:
		return step{axis: axParent, test: testNode}, nil
	case tAt:
		return step{}, p.errAt(t, "attributes (@) are not supported")
	}
	s := step{axis: axChild}
	if t.kind == tAxis {
		switch t.text {
		case "child":
			s.axis = axChild
		case "self":
			s.axis = axSelf
		case "parent":
			s.axis = axParent
		case "descendant":
			s.axis = axDescendant
		case "descendant-or-self":
			s.axis = axDescOrSelf
		default:
			return s, p.errAt(t, "axis %s:: is not supported (only child, self, parent, descendant and descendant-or-self)", t.text)
		}
		t = p.advance()
	}
	switch t.kind {
	case tStar:
		s.test = testStar
	case tNameStar:
		s.test, s.name = testPrefixStar, t.text
	case tName:
		if p.peek().kind == tLParen {
			if t.text != "node" {
				if isNodeType(t.text) {
					return s, p.errAt(t, "%s() node tests are not supported", t.text)
				}
				return s, p.errAt(t, "function %s() cannot be a path step", t.text)
			}
			p.advance()
			if c := p.peek(); c.kind != tRParen {
				return s, p.errAt(c, "expected ')' after node(")
			}
			p.advance()
			s.test = testNode
		} else {
			s.test, s.name = testName, t.text
		}
	default:
		return s, p.errAt(t, "expected a name in the path but found %s", describe(t))
	}
	for p.peek().kind == tLBrack {
		pr, err := p.predicate()
		if err != nil {
			return s, err
		}
		s.preds = append(s.preds, pr)
	}
	return s, nil
}
