package expr

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"math"
	randv2 "math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

type funcID uint8

const (
	fTrue funcID = iota
	fFalse
	fNot
	fBoolean
	fBooleanFromString
	fNumber
	fString
	fSelected
	fCountSelected
	fSelectedAt
	fChoiceName
	fStringLength
	fConcat
	fJoin
	fSubstr
	fSubstring
	fSubstringBefore
	fSubstringAfter
	fContains
	fStartsWith
	fEndsWith
	fTranslate
	fNormalizeSpace
	fIf
	fCoalesce
	fOnce
	fToday
	fNow
	fInt
	fRound
	fRegex
	fPosition
	fLast
	fCount
	fCountNonEmpty
	fSum
	fMin
	fMax
	fFormatDate
	fFormatDateTime
	fDate
	fDateTime
	fDecimalDateTime
	fDecimalTime
	fPow
	fAbs
	fFloor
	fCeiling
	fLog
	fLog10
	fSqrt
	fExp
	fExp10
	fSin
	fCos
	fTan
	fAsin
	fAcos
	fAtan
	fAtan2
	fPi
	fUUID
	fRandom
	fCurrent
	fInstance
	fPulldata
)

type funcDef struct {
	id       funcID
	min, max int // max < 0: any number
}

func (f *funcDef) arity() string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case f.max < 0:
		return "at least " + plural(f.min)
	case f.min == f.max && f.min == 0:
		return "no arguments"
	case f.min == f.max:
		return plural(f.min)
	case f.max == f.min+1:
		return fmt.Sprintf("%d or %s", f.min, plural(f.max))
	}
	return fmt.Sprintf("%d to %s", f.min, plural(f.max))
}

var funcs = map[string]*funcDef{
	"true":                {fTrue, 0, 0},
	"false":               {fFalse, 0, 0},
	"not":                 {fNot, 1, 1},
	"boolean":             {fBoolean, 1, 1},
	"boolean-from-string": {fBooleanFromString, 1, 1},
	"number":              {fNumber, 0, 1},
	"string":              {fString, 0, 1},
	"selected":            {fSelected, 2, 2},
	"count-selected":      {fCountSelected, 1, 1},
	"selected-at":         {fSelectedAt, 2, 2},
	"jr:choice-name":      {fChoiceName, 2, 2},
	"string-length":       {fStringLength, 0, 1},
	"concat":              {fConcat, 1, -1},
	"join":                {fJoin, 1, -1},
	"substr":              {fSubstr, 2, 3},
	"substring":           {fSubstring, 2, 3},
	"substring-before":    {fSubstringBefore, 2, 2},
	"substring-after":     {fSubstringAfter, 2, 2},
	"contains":            {fContains, 2, 2},
	"starts-with":         {fStartsWith, 2, 2},
	"ends-with":           {fEndsWith, 2, 2},
	"translate":           {fTranslate, 3, 3},
	"normalize-space":     {fNormalizeSpace, 0, 1},
	"if":                  {fIf, 3, 3},
	"coalesce":            {fCoalesce, 2, 2},
	"once":                {fOnce, 1, 1},
	"today":               {fToday, 0, 0},
	"now":                 {fNow, 0, 0},
	"int":                 {fInt, 1, 1},
	"round":               {fRound, 1, 2},
	"regex":               {fRegex, 2, 2},
	"position":            {fPosition, 0, 1},
	"last":                {fLast, 0, 0},
	"count":               {fCount, 1, 1},
	"count-non-empty":     {fCountNonEmpty, 1, 1},
	"sum":                 {fSum, 1, 1},
	"min":                 {fMin, 1, -1},
	"max":                 {fMax, 1, -1},
	"format-date":         {fFormatDate, 2, 2},
	"format-date-time":    {fFormatDateTime, 2, 2},
	"date":                {fDate, 1, 1},
	"date-time":           {fDateTime, 1, 1},
	"decimal-date-time":   {fDecimalDateTime, 1, 1},
	"decimal-time":        {fDecimalTime, 1, 1},
	"pow":                 {fPow, 2, 2},
	"abs":                 {fAbs, 1, 1},
	"floor":               {fFloor, 1, 1},
	"ceiling":             {fCeiling, 1, 1},
	"log":                 {fLog, 1, 1},
	"log10":               {fLog10, 1, 1},
	"sqrt":                {fSqrt, 1, 1},
	"exp":                 {fExp, 1, 1},
	"exp10":               {fExp10, 1, 1},
	"sin":                 {fSin, 1, 1},
	"cos":                 {fCos, 1, 1},
	"tan":                 {fTan, 1, 1},
	"asin":                {fAsin, 1, 1},
	"acos":                {fAcos, 1, 1},
	"atan":                {fAtan, 1, 1},
	"atan2":               {fAtan2, 2, 2},
	"pi":                  {fPi, 0, 0},
	"uuid":                {fUUID, 0, 1},
	"random":              {fRandom, 0, 0},
	"current":             {fCurrent, 0, 0},
	"instance":            {fInstance, 1, 1},
	"pulldata":            {fPulldata, 4, 4},
}

func lookupFunc(name string) *funcDef { return funcs[name] }

// refusedFuncs are real ODK/XPath functions Remaker deliberately does not
// evaluate; naming them separately tells a form author it is not a typo.
var refusedFuncs = map[string]string{
	"indexed-repeat":     "refer to the repeat's questions with ${name} and position() instead",
	"jr:itext":           "translations are resolved by the form, not in expressions",
	"area":               "geographic calculations are not evaluated on the server",
	"distance":           "geographic calculations are not evaluated on the server",
	"geofence":           "geographic calculations are not evaluated on the server",
	"randomize":          "choice order is decided by the data collection app",
	"digest":             "hashing in forms is not supported",
	"checklist":          "rewrite it with count-selected() or arithmetic on the answers",
	"weighted-checklist": "rewrite it with arithmetic on the answers",
	"local-name":         "node names are not exposed to expressions",
	"name":               "node names are not exposed to expressions",
	"namespace-uri":      "namespaces are not exposed to expressions",
	"id":                 "XML ids are not used by XForms",
	"lang":               "use the form's language settings instead",
	"base64-decode":      "decoding in forms is not supported",
	"extract-signed":     "signature checks in forms are not supported",
}

func (ev *evaluator) call(n *node) (Value, error) {
	a := n.args
	switch n.fn.id {
	case fTrue:
		return BoolValue(true), nil
	case fFalse:
		return BoolValue(false), nil
	case fNot:
		b, err := ev.bool(a[0])
		return BoolValue(!b), err
	case fBoolean:
		b, err := ev.bool(a[0])
		return BoolValue(b), err
	case fBooleanFromString:
		s, err := ev.str(a[0])
		s = trimXMLSpace(s)
		return BoolValue(s == "1" || strings.EqualFold(s, "true")), err
	case fNumber:
		if len(a) == 0 {
			return NumberValue(ev.strNum(ev.ctxString())), nil
		}
		f, err := ev.num(a[0])
		return NumberValue(f), err
	case fString:
		if len(a) == 0 {
			return StringValue(ev.ctxString()), nil
		}
		s, err := ev.str(a[0])
		return StringValue(s), err

	case fSelected:
		list, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		v, err := ev.str(a[1])
		return BoolValue(isSelected(list, v)), err
	case fCountSelected:
		list, err := ev.str(a[0])
		return NumberValue(float64(splitCount(list))), err
	case fSelectedAt:
		list, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		f, err := ev.num(a[1])
		if err != nil || math.IsNaN(f) || f < 0 || f >= float64(len(list)+1) {
			return StringValue(""), err
		}
		for i := int(f); ; i-- {
			item, rest, ok := nextItem(list)
			if !ok {
				return StringValue(""), nil
			}
			if i == 0 {
				return StringValue(item), nil
			}
			list = rest
		}
	case fChoiceName:
		v, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		q, err := ev.str(a[1])
		if err != nil {
			return Value{}, err
		}
		v = trimXMLSpace(v)
		if v == "" {
			return StringValue(""), nil
		}
		label, err := ev.env.ChoiceLabel(questionName(q), v)
		if err != nil {
			return Value{}, ev.fail(n, "jr:choice-name()", err)
		}
		return StringValue(label), nil

	case fStringLength:
		s := ev.ctxString()
		if len(a) == 1 {
			var err error
			if s, err = ev.str(a[0]); err != nil {
				return Value{}, err
			}
		}
		return NumberValue(float64(utf8.RuneCountInString(s))), nil
	case fConcat:
		var b strings.Builder
		for _, arg := range a {
			if err := ev.appendAll(&b, arg, ""); err != nil {
				return Value{}, err
			}
		}
		return StringValue(b.String()), nil
	case fJoin:
		sep, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		var b strings.Builder
		first := true
		for _, arg := range a[1:] {
			v, err := ev.eval(arg)
			if err != nil {
				return Value{}, err
			}
			for i := 0; i < v.Len(); i++ {
				if !first {
					b.WriteString(sep)
				}
				first = false
				if v.kind == KindNodeSet {
					b.WriteString(v.setAt(i))
				} else {
					b.WriteString(v.String())
				}
			}
		}
		return StringValue(b.String()), nil
	case fSubstr, fSubstring:
		s, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		start, err := ev.num(a[1])
		if err != nil {
			return Value{}, err
		}
		end, hasEnd := math.Inf(1), len(a) == 3
		if hasEnd {
			if end, err = ev.num(a[2]); err != nil {
				return Value{}, err
			}
		}
		if n.fn.id == fSubstr {
			return StringValue(substr(s, start, end, hasEnd)), nil
		}
		return StringValue(xpathSubstring(s, start, end, hasEnd)), nil
	case fSubstringBefore, fSubstringAfter, fContains, fStartsWith, fEndsWith:
		s, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		t, err := ev.str(a[1])
		if err != nil {
			return Value{}, err
		}
		switch n.fn.id {
		case fContains:
			return BoolValue(strings.Contains(s, t)), nil
		case fStartsWith:
			return BoolValue(strings.HasPrefix(s, t)), nil
		case fEndsWith:
			return BoolValue(strings.HasSuffix(s, t)), nil
		}
		before, after, found := strings.Cut(s, t)
		switch {
		case !found:
			return StringValue(""), nil
		case n.fn.id == fSubstringBefore:
			return StringValue(before), nil
		}
		return StringValue(after), nil
	case fTranslate:
		s, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		from, err := ev.str(a[1])
		if err != nil {
			return Value{}, err
		}
		to, err := ev.str(a[2])
		return StringValue(translate(s, from, to)), err
	case fNormalizeSpace:
		s := ev.ctxString()
		if len(a) == 1 {
			var err error
			if s, err = ev.str(a[0]); err != nil {
				return Value{}, err
			}
		}
		return StringValue(normalizeSpace(s)), nil

	case fIf:
		c, err := ev.bool(a[0])
		if err != nil {
			return Value{}, err
		}
		if c {
			return ev.eval(a[1])
		}
		return ev.eval(a[2])
	case fCoalesce:
		for _, arg := range a {
			s, err := ev.str(arg)
			if err != nil {
				return Value{}, err
			}
			if s != "" {
				return StringValue(s), nil
			}
		}
		return StringValue(""), nil
	case fOnce:
		if ev.cur != nil {
			if s := ev.cur.Value(); s != "" {
				return StringValue(s), nil
			}
		}
		return ev.eval(a[0])

	case fToday:
		return StringValue(wallFromTime(ev.env.Now()).dateString()), nil
	case fNow:
		return StringValue(wallFromTime(ev.env.Now()).dateTimeString(nil)), nil
	case fDate, fDateTime, fDecimalDateTime, fFormatDate, fFormatDateTime:
		return ev.dateFunc(n)
	case fDecimalTime:
		s, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		if trimXMLSpace(s) == "" {
			return NumberValue(math.NaN()), nil
		}
		now := ev.env.Now()
		f, ok := parseTimeOfDay(s, now.Location(), now)
		if !ok {
			return Value{}, ev.failf(n, "%q is not a time (expected HH:MM:SS)", s)
		}
		return NumberValue(f), nil

	case fInt:
		f, err := ev.num(a[0])
		return NumberValue(math.Trunc(f)), err
	case fRound:
		f, err := ev.num(a[0])
		if err != nil {
			return Value{}, err
		}
		if len(a) == 1 {
			return NumberValue(xpathRound(f)), nil
		}
		d, err := ev.num(a[1])
		return NumberValue(roundDigits(f, d)), err
	case fPow, fAtan2:
		x, err := ev.num(a[0])
		if err != nil {
			return Value{}, err
		}
		y, err := ev.num(a[1])
		if n.fn.id == fPow {
			return NumberValue(math.Pow(x, y)), err
		}
		return NumberValue(math.Atan2(x, y)), err
	case fAbs, fFloor, fCeiling, fLog, fLog10, fSqrt, fExp, fExp10, fSin, fCos, fTan, fAsin, fAcos, fAtan:
		x, err := ev.num(a[0])
		return NumberValue(mathFuncs[n.fn.id](x)), err
	case fPi:
		return NumberValue(math.Pi), nil

	case fRegex:
		s, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		re := n.re
		if re == nil {
			pat, err := ev.str(a[1])
			if err != nil {
				return Value{}, err
			}
			if re, err = regexp.Compile(pat); err != nil {
				return Value{}, ev.failf(a[1], "invalid regular expression: %s", reErrText(err))
			}
		}
		return BoolValue(re.MatchString(s)), nil

	case fPosition:
		if len(a) == 0 {
			if ev.inPred {
				return NumberValue(float64(ev.pos)), nil
			}
			return NumberValue(float64(ev.env.Position())), nil
		}
		v, err := ev.eval(a[0])
		if err != nil {
			return Value{}, err
		}
		if v.kind != KindNodeSet || (v.one == nil && v.nodes == nil) {
			return Value{}, ev.failf(n, "position() needs a node such as .. or current()/..")
		}
		if v.setLen() == 0 {
			return Value{}, ev.failf(n, "position() was given no node")
		}
		return NumberValue(float64(siblingPosition(nodesOf(v, "")[0]))), nil
	case fLast:
		if ev.inPred {
			return NumberValue(float64(ev.size)), nil
		}
		return NumberValue(1), nil
	case fCount, fCountNonEmpty, fSum:
		v, err := ev.eval(a[0])
		if err != nil {
			return Value{}, err
		}
		if v.kind != KindNodeSet {
			return Value{}, ev.failf(n, "%s() needs a node-set such as ${name}, not a %s", n.str, v.kind)
		}
		total := 0.0
		for i := 0; i < v.setLen(); i++ {
			switch n.fn.id {
			case fCount:
				total++
			case fCountNonEmpty:
				if v.setAt(i) != "" {
					total++
				}
			case fSum:
				total += ev.strNum(v.setAt(i))
			}
		}
		return NumberValue(total), nil
	case fMin, fMax:
		res, seen := 0.0, false
		for _, arg := range a {
			v, err := ev.eval(arg)
			if err != nil {
				return Value{}, err
			}
			for i := 0; i < v.Len(); i++ {
				var f float64
				if v.kind == KindNodeSet {
					f = ev.strNum(v.setAt(i))
				} else {
					f = ev.numOf(v)
				}
				switch {
				case math.IsNaN(f):
					return NumberValue(math.NaN()), nil
				case !seen, n.fn.id == fMin && f < res, n.fn.id == fMax && f > res:
					res, seen = f, true
				}
			}
		}
		if !seen {
			return NumberValue(math.NaN()), nil
		}
		return NumberValue(res), nil

	case fUUID:
		if len(a) == 0 {
			return StringValue(uuidV4()), nil
		}
		f, err := ev.num(a[0])
		if err != nil {
			return Value{}, err
		}
		if math.IsNaN(f) || f < 0 || f > 1024 {
			return Value{}, ev.failf(n, "uuid() length must be between 0 and 1024, got %s", formatNumber(f))
		}
		return StringValue(randomString(int(f))), nil
	case fRandom:
		return NumberValue(randv2.Float64()), nil

	case fCurrent:
		if ev.cur == nil {
			return Value{kind: KindNodeSet}, nil
		}
		return Value{kind: KindNodeSet, one: ev.cur}, nil
	case fInstance:
		id, err := ev.str(a[0])
		if err != nil {
			return Value{}, err
		}
		root, err := ev.env.Instance(id)
		if err != nil {
			return Value{}, ev.fail(n, "", err)
		}
		if root == nil {
			return Value{}, ev.failf(n, "no secondary instance %q", id)
		}
		return Value{kind: KindNodeSet, one: newDoc(root)}, nil
	case fPulldata:
		var s [4]string
		for i := range s {
			var err error
			if s[i], err = ev.str(a[i]); err != nil {
				return Value{}, err
			}
		}
		root, err := ev.env.Instance(s[0])
		if err != nil {
			return Value{}, ev.fail(n, "", err)
		}
		if root == nil {
			return Value{}, ev.failf(n, "no secondary instance %q", s[0])
		}
		return StringValue(pulldata(root, s[1], s[2], s[3])), nil
	}
	return Value{}, ev.failf(n, "internal error: function %s() has no implementation", n.str)
}

var mathFuncs = map[funcID]func(float64) float64{
	fAbs:     math.Abs,
	fFloor:   math.Floor,
	fCeiling: math.Ceil,
	fLog:     math.Log,
	fLog10:   math.Log10,
	fSqrt:    math.Sqrt,
	fExp:     math.Exp,
	fExp10:   func(x float64) float64 { return math.Pow(10, x) },
	fSin:     math.Sin,
	fCos:     math.Cos,
	fTan:     math.Tan,
	fAsin:    math.Asin,
	fAcos:    math.Acos,
	fAtan:    math.Atan,
}

// appendAll writes every value of a node-set (ODK's concat() deviation) or
// the string value of anything else.
func (ev *evaluator) appendAll(b *strings.Builder, arg *node, sep string) error {
	v, err := ev.eval(arg)
	if err != nil {
		return err
	}
	if v.kind != KindNodeSet {
		b.WriteString(v.String())
		return nil
	}
	for i := 0; i < v.setLen(); i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(v.setAt(i))
	}
	return nil
}

func (ev *evaluator) dateFunc(n *node) (Value, error) {
	v, err := ev.eval(n.args[0])
	if err != nil {
		return Value{}, err
	}
	w, ok, err := ev.toWall(n, v)
	if err != nil {
		return Value{}, err
	}
	switch n.fn.id {
	case fDecimalDateTime:
		if !ok {
			return NumberValue(math.NaN()), nil
		}
		return NumberValue(w.days()), nil
	case fDate:
		if !ok {
			return StringValue(""), nil
		}
		return StringValue(w.dateString()), nil
	case fDateTime:
		if !ok {
			return StringValue(""), nil
		}
		return StringValue(w.dateTimeString(ev.location())), nil
	}
	layout, err := ev.str(n.args[1])
	if err != nil || !ok {
		return StringValue(""), err
	}
	return StringValue(formatDate(w, layout)), nil
}

// toWall reads a date argument: a number of days, or a date or dateTime
// string. ok is false for empty input (an unanswered question, or NaN
// from arithmetic on one), which date functions pass on as empty.
func (ev *evaluator) toWall(n *node, v Value) (wall, bool, error) {
	switch v.kind {
	case KindBoolean:
		return wall{}, false, ev.failf(n, "%s() needs a date, not a boolean", n.str)
	case KindNumber:
		if math.IsNaN(v.num) {
			return wall{}, false, nil
		}
		w, ok := wallFromDays(v.num)
		if !ok {
			return wall{}, false, ev.failf(n, "%s is outside the years 1 to 9999", formatNumber(v.num))
		}
		return w, true, nil
	}
	s := trimXMLSpace(v.String())
	if s == "" {
		return wall{}, false, nil
	}
	if d, ok := parseDateTime(s); ok {
		return d.wall(ev.location()), true, nil
	}
	if f, ok := parseXPathNumber(s); ok {
		return ev.toWall(n, NumberValue(f))
	}
	return wall{}, false, ev.failf(n, "%q is not a date (expected YYYY-MM-DD)", s)
}

// questionName accepts what jr:choice-name's second argument holds: the
// XLSForm '${q}' or, after conversion, an XPath such as '/data/group/q'.
func questionName(s string) string {
	s = trimXMLSpace(s)
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		return s[2 : len(s)-1]
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func siblingPosition(nd Node) int {
	p := nd.Parent()
	if p == nil {
		return 1
	}
	name := nd.Name()
	pos := 1
	for _, k := range p.Children() {
		if k == nd {
			return pos
		}
		if k.Name() == name {
			pos++
		}
	}
	return pos
}

func pulldata(root Node, desired, queryEl, query string) string {
	for _, item := range root.Children() {
		match := false
		for _, c := range item.Children() {
			if c.Name() == queryEl && c.Value() == query {
				match = true
				break
			}
		}
		if !match {
			continue
		}
		for _, c := range item.Children() {
			if c.Name() == desired {
				return c.Value()
			}
		}
		return ""
	}
	return ""
}

// xpathRound is XPath 1.0 round(): the closest integer, ties toward
// positive infinity (round(-2.5) = -2).
func xpathRound(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f := math.Floor(x)
	if x-f >= 0.5 {
		f++
	}
	if f == 0 && x < 0 {
		return math.Copysign(0, -1)
	}
	return f
}

// roundDigits rounds to d decimal places on the number's shortest decimal
// representation, so round(2.675, 2) is 2.68 as a person expects, not 2.67
// as binary floating point would give. Ties go toward positive infinity, as
// in round() with one argument.
func roundDigits(x, d float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(d):
		return math.NaN()
	case math.IsInf(x, 0) || x == 0:
		return x
	}
	if d > 400 {
		return x
	}
	if d < -400 {
		return math.Copysign(0, x)
	}
	di := int(d)
	if di == 0 {
		return xpathRound(x)
	}
	var sbuf, dbuf [32]byte
	s := strconv.AppendFloat(sbuf[:0], math.Abs(x), 'e', -1, 64) // d.ddde±XX
	e := bytes.IndexByte(s, 'e')
	exp := 0
	for _, c := range s[e+2:] {
		exp = exp*10 + int(c-'0')
	}
	if s[e+1] == '-' {
		exp = -exp
	}
	digits := append(dbuf[:0], s[0])
	if e > 2 {
		digits = append(digits, s[2:e]...)
	}
	keep := exp + 1 + di // digits that survive
	if keep >= len(digits) {
		return x
	}
	var kept uint64
	up := false
	if keep >= 0 {
		for _, c := range digits[:keep] {
			kept = kept*10 + uint64(c-'0')
		}
		c := digits[keep]
		tail := false
		for _, c := range digits[keep+1:] {
			tail = tail || c != '0'
		}
		if x > 0 {
			up = c >= '5'
		} else {
			up = c > '5' || (c == '5' && tail)
		}
	}
	if up {
		kept++
	}
	buf := strconv.AppendUint(sbuf[:0], kept, 10)
	buf = append(buf, 'e')
	buf = strconv.AppendInt(buf, int64(-di), 10)
	r, _ := strconv.ParseFloat(string(buf), 64)
	if x < 0 {
		r = -r
	}
	return r
}

// substr is ODK's substr(): 0-based start, exclusive end, both clamped to
// the string (characters, not bytes).
func substr(s string, start, end float64, hasEnd bool) string {
	n := utf8.RuneCountInString(s)
	clamp := func(f float64) int {
		switch {
		case math.IsNaN(f) || f < 0:
			return 0
		case f > float64(n):
			return n
		}
		return int(f)
	}
	st, en := clamp(start), n
	if hasEnd {
		en = clamp(end)
	}
	if en <= st {
		return ""
	}
	return runeSlice(s, st, en)
}

// xpathSubstring is XPath 1.0 substring(): 1-based, rounded positions, with
// the spec's NaN and infinity behaviour falling out of float comparisons.
func xpathSubstring(s string, start, length float64, hasLen bool) string {
	st := xpathRound(start)
	en := math.Inf(1)
	if hasLen {
		en = st + xpathRound(length)
	}
	from, to := -1, 0
	p := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		p++
		if fp := float64(p); fp >= st && fp < en {
			if from < 0 {
				from = i
			}
			to = i + size
		}
		i += size
	}
	if from < 0 {
		return ""
	}
	return s[from:to]
}

func runeSlice(s string, from, to int) string {
	i, bf, bt := 0, len(s), len(s)
	for b := range s {
		if i == from {
			bf = b
		}
		if i == to {
			bt = b
			break
		}
		i++
	}
	return s[bf:bt]
}

func translate(s, from, to string) string {
	fr := []rune(from)
	tr := []rune(to)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		idx := -1
		for i, f := range fr {
			if f == r {
				idx = i
				break
			}
		}
		switch {
		case idx < 0:
			b.WriteRune(r)
		case idx < len(tr):
			b.WriteRune(tr[idx])
		}
	}
	return b.String()
}

func uuidV4() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hex[c>>4], hex[c&0xf])
	}
	return string(b)
}

func randomString(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
