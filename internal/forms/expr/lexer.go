package expr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF      tokKind = iota
	tNumber           // 12, 1.5, .5
	tString           // 'x' or "x"; text holds the content
	tRef              // ${name}; text holds name
	tName             // NCName or QName (prefix:local)
	tNameStar         // prefix:*
	tStar             // * as a name test
	tAxis             // axis name followed by ::; text holds the axis name
	tDollar           // $ not followed by { (an XPath variable, refused)
	tLParen
	tRParen
	tLBrack
	tRBrack
	tComma
	tDot
	tDotDot
	tAt

	// Operators: everything from here on counts as an Operator for the
	// XPath 1.0 lexical disambiguation rule.
	tSlash
	tSlash2
	tPipe
	tPlus
	tMinus
	tEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tMul
	tAnd
	tOr
	tDiv
	tMod
)

type token struct {
	kind     tokKind
	pos, end int
	text     string
	num      float64
}

// refSpan records where a ${name} occurs, including inside string literals,
// because XLSForm tools substitute references everywhere in the cell text
// (jr:choice-name(${q}, '${q}') relies on it).
type refSpan struct {
	pos, end int
	name     string
}

// operandNext reports whether, after a token of kind k, the XPath 1.0
// disambiguation rule says '*' is a name test and an NCName is a name rather
// than an operator.
func operandNext(k tokKind) bool {
	switch k {
	case tAt, tAxis, tLParen, tLBrack, tComma, tDollar:
		return true
	}
	return k >= tSlash
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r)
}

// isNameChar accepts combining marks because Bangla names carry vowel signs
// (category Mc/Mn) that are legal in XML names.
func isNameChar(r rune) bool {
	return isNameStart(r) || r == '-' || r == '.' || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

type lexer struct {
	src   string
	pos   int
	toks  []token
	spans []refSpan
}

func lex(src string) ([]token, []refSpan, *SyntaxError) {
	lx := &lexer{src: src, toks: make([]token, 0, len(src)/3+2)}
	for {
		for lx.pos < len(src) && isSpace(src[lx.pos]) {
			lx.pos++
		}
		if lx.pos >= len(src) {
			lx.toks = append(lx.toks, token{kind: tEOF, pos: len(src), end: len(src)})
			return lx.toks, lx.spans, nil
		}
		if err := lx.next(); err != nil {
			return nil, nil, err
		}
	}
}

func (lx *lexer) emit(k tokKind, start int, text string) {
	lx.toks = append(lx.toks, token{kind: k, pos: start, end: lx.pos, text: text})
}

func (lx *lexer) errorf(off int, text, format string, args ...any) *SyntaxError {
	return newSyntaxError(lx.src, off, text, fmt.Sprintf(format, args...))
}

// operatorContext implements the XPath rule: with a preceding token that is
// not an operator or opener, '*' multiplies and and/or/div/mod are operators.
func (lx *lexer) operatorContext() bool {
	return len(lx.toks) > 0 && !operandNext(lx.toks[len(lx.toks)-1].kind)
}

func (lx *lexer) next() *SyntaxError {
	src := lx.src
	start := lx.pos
	c := src[start]
	peek := byte(0)
	if start+1 < len(src) {
		peek = src[start+1]
	}
	single := func(k tokKind) *SyntaxError {
		lx.pos++
		lx.emit(k, start, "")
		return nil
	}
	double := func(k tokKind) *SyntaxError {
		lx.pos += 2
		lx.emit(k, start, "")
		return nil
	}
	switch c {
	case '(':
		return single(tLParen)
	case ')':
		return single(tRParen)
	case '[':
		return single(tLBrack)
	case ']':
		return single(tRBrack)
	case ',':
		return single(tComma)
	case '@':
		return single(tAt)
	case '|':
		if peek == '|' {
			return lx.errorf(start, "||", "'||' is not an operator: use or")
		}
		return single(tPipe)
	case '+':
		return single(tPlus)
	case '-':
		return single(tMinus)
	case '=':
		if peek == '=' {
			return lx.errorf(start, "==", "'==' is not an operator: use =")
		}
		return single(tEq)
	case '!':
		if peek == '=' {
			return double(tNe)
		}
		return lx.errorf(start, "!", "'!' is not an operator: use not(...) or !=")
	case '&':
		return lx.errorf(start, src[start:min(start+2, len(src))], "'&' is not an operator: use and")
	case '<':
		if peek == '=' {
			return double(tLe)
		}
		return single(tLt)
	case '>':
		if peek == '=' {
			return double(tGe)
		}
		return single(tGt)
	case '/':
		if peek == '/' {
			return double(tSlash2)
		}
		return single(tSlash)
	case '*':
		if lx.operatorContext() {
			return single(tMul)
		}
		return single(tStar)
	case '.':
		if peek == '.' {
			return double(tDotDot)
		}
		if isDigit(peek) {
			return lx.number()
		}
		return single(tDot)
	case '\'', '"':
		return lx.str()
	case '$':
		if peek == '{' {
			return lx.ref()
		}
		return single(tDollar)
	}
	if isDigit(c) {
		return lx.number()
	}
	r, size := utf8.DecodeRuneInString(src[start:])
	if isNameStart(r) {
		return lx.name()
	}
	if r == utf8.RuneError && size == 1 {
		return lx.errorf(start, src[start:start+1], "invalid UTF-8 in expression")
	}
	return lx.errorf(start, string(r), "unexpected character %s", describeRune(r))
}

func describeRune(r rune) string {
	switch r {
	case '\u00a0':
		return "U+00A0 (no-break space; retype it as a plain space)"
	case '‘', '’', '“', '”':
		return fmt.Sprintf("%q (a typographic quote; use ' or \")", r)
	}
	if unicode.IsPrint(r) {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("U+%04X", r)
}

func (lx *lexer) number() *SyntaxError {
	src := lx.src
	start := lx.pos
	for lx.pos < len(src) && isDigit(src[lx.pos]) {
		lx.pos++
	}
	if lx.pos < len(src) && src[lx.pos] == '.' {
		lx.pos++
		for lx.pos < len(src) && isDigit(src[lx.pos]) {
			lx.pos++
		}
	}
	text := src[start:lx.pos]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		// Only overflow can fail here; an infinite literal could not be
		// printed back as a literal.
		return lx.errorf(start, text, "number too large")
	}
	lx.toks = append(lx.toks, token{kind: tNumber, pos: start, end: lx.pos, text: text, num: v})
	return nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func (lx *lexer) str() *SyntaxError {
	src := lx.src
	start := lx.pos
	q := src[start]
	end := strings.IndexByte(src[start+1:], q)
	if end < 0 {
		return lx.errorf(start, src[start:], "unterminated string: no closing %c", q)
	}
	content := src[start+1 : start+1+end]
	lx.pos = start + 1 + end + 1
	lx.emit(tString, start, content)
	// References inside literals are substituted by XLSForm tools; record
	// them so RewriteRefs and Refs see what those tools see.
	base := start + 1
	for i := 0; ; {
		j := strings.Index(content[i:], "${")
		if j < 0 {
			break
		}
		j += i
		k := strings.IndexByte(content[j:], '}')
		if k < 0 {
			break
		}
		name := content[j+2 : j+k]
		if validRefName(name) {
			lx.spans = append(lx.spans, refSpan{pos: base + j, end: base + j + k + 1, name: name})
		}
		i = j + 2
	}
	return nil
}

func (lx *lexer) ref() *SyntaxError {
	src := lx.src
	start := lx.pos
	k := strings.IndexByte(src[start:], '}')
	if k < 0 {
		return lx.errorf(start, src[start:], "unterminated reference: ${ without a closing }")
	}
	name := src[start+2 : start+k]
	whole := src[start : start+k+1]
	switch {
	case name == "":
		return lx.errorf(start, whole, "empty reference ${}: put a question name between the braces")
	case strings.HasPrefix(name, "last-saved#"):
		return lx.errorf(start, whole, "last-saved references are not supported")
	case !validRefName(name):
		return lx.errorf(start, whole, "invalid question name %q in reference", name)
	}
	lx.pos = start + k + 1
	lx.emit(tRef, start, name)
	lx.spans = append(lx.spans, refSpan{pos: start, end: lx.pos, name: name})
	return nil
}

// validRefName accepts XML NCNames, which is what XLSForm allows in the
// name column.
func validRefName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		if i == 0 {
			if !isNameStart(r) {
				return false
			}
		} else if !isNameChar(r) {
			return false
		}
	}
	return true
}

func (lx *lexer) ncname() string {
	src := lx.src
	start := lx.pos
	for lx.pos < len(src) {
		r, size := utf8.DecodeRuneInString(src[lx.pos:])
		if lx.pos == start {
			if !isNameStart(r) {
				break
			}
		} else if !isNameChar(r) {
			break
		}
		lx.pos += size
	}
	return src[start:lx.pos]
}

func (lx *lexer) name() *SyntaxError {
	src := lx.src
	start := lx.pos
	local := lx.ncname()
	if lx.operatorContext() {
		switch local {
		case "and":
			lx.emit(tAnd, start, "")
			return nil
		case "or":
			lx.emit(tOr, start, "")
			return nil
		case "div":
			lx.emit(tDiv, start, "")
			return nil
		case "mod":
			lx.emit(tMod, start, "")
			return nil
		}
	}
	// prefix:local or prefix:* (no whitespace allowed around the colon).
	if lx.pos+1 < len(src) && src[lx.pos] == ':' && src[lx.pos+1] != ':' {
		if src[lx.pos+1] == '*' {
			lx.pos += 2
			lx.emit(tNameStar, start, local)
			return nil
		}
		r, _ := utf8.DecodeRuneInString(src[lx.pos+1:])
		if isNameStart(r) {
			lx.pos++
			lx.ncname()
			lx.emit(tName, start, src[start:lx.pos])
			return nil
		}
	}
	// AxisName '::' (whitespace allowed before the colons).
	p := lx.pos
	for p < len(src) && isSpace(src[p]) {
		p++
	}
	if p+1 < len(src) && src[p] == ':' && src[p+1] == ':' {
		lx.pos = p + 2
		lx.emit(tAxis, start, local)
		return nil
	}
	lx.emit(tName, start, local)
	return nil
}
