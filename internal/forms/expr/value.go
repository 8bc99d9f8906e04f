package expr

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the XPath 1.0 type of a Value.
type Kind uint8

const (
	KindString Kind = iota
	KindNumber
	KindBoolean
	KindNodeSet
)

func (k Kind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBoolean:
		return "boolean"
	case KindNodeSet:
		return "node-set"
	}
	return "unknown"
}

// Value is the result of evaluating an expression or sub-expression. It is
// a small value type so that evaluation does not allocate for the common
// cases (comparing answers, arithmetic, selected()).
type Value struct {
	kind Kind
	num  float64 // number; boolean as 0/1
	str  string
	// A node-set holds the answers Env.Ref returned (strs), tree nodes
	// from a path (nodes), or one tree node (one), so that "." and ${name}
	// need no slice allocation.
	strs  []string
	nodes []Node
	one   Node
}

// StringValue builds a string Value (for Env implementations and tests).
func StringValue(s string) Value { return Value{kind: KindString, str: s} }

// NumberValue builds a number Value.
func NumberValue(f float64) Value { return Value{kind: KindNumber, num: f} }

// BoolValue builds a boolean Value.
func BoolValue(b bool) Value { return Value{kind: KindBoolean, num: b2f(b)} }

// NodeSetValue builds a node-set of answers, as ${name} evaluates to.
func NodeSetValue(vals ...string) Value { return Value{kind: KindNodeSet, strs: vals} }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Kind returns the XPath type of v.
func (v Value) Kind() Kind { return v.kind }

// Len returns the number of nodes in a node-set, and 1 for other kinds.
func (v Value) Len() int {
	if v.kind != KindNodeSet {
		return 1
	}
	return v.setLen()
}

// Values returns the string value of every node in a node-set (for example
// one entry per repeat instance), or the single string value otherwise.
func (v Value) Values() []string {
	if v.kind != KindNodeSet {
		return []string{v.String()}
	}
	out := make([]string, v.setLen())
	for i := range out {
		out[i] = v.setAt(i)
	}
	return out
}

func (v *Value) setLen() int {
	switch {
	case v.one != nil:
		return 1
	case v.nodes != nil:
		return len(v.nodes)
	}
	return len(v.strs)
}

func (v *Value) setAt(i int) string {
	switch {
	case v.one != nil:
		return v.one.Value()
	case v.nodes != nil:
		return v.nodes[i].Value()
	}
	return v.strs[i]
}

// Bool converts per XPath 1.0 boolean(): non-zero and not NaN, non-empty
// string, non-empty node-set. Note that the string "false" is true.
//
// One exception follows ODK Collect: a single answer from ${name} counts
// by its value, so not(${a}) is true while a is unanswered (strict XPath
// would call any existing node true). Paths keep the XPath rule.
func (v Value) Bool() bool {
	switch v.kind {
	case KindBoolean:
		return v.num != 0
	case KindNumber:
		return v.num != 0 && !math.IsNaN(v.num)
	case KindString:
		return v.str != ""
	}
	if v.one == nil && v.nodes == nil && len(v.strs) == 1 {
		return v.strs[0] != ""
	}
	return v.setLen() > 0
}

// Number converts per XPath 1.0 number(), extended as ODK does: a date or
// dateTime string becomes days since 1970-01-01. Eval counts dateTimes that
// carry an offset on the wall clock of the Env's location; this method,
// lacking an Env, counts them in UTC.
func (v Value) Number() float64 { return v.number(time.UTC) }

func (v Value) number(loc *time.Location) float64 {
	switch v.kind {
	case KindNumber, KindBoolean:
		return v.num
	case KindString:
		return stringToNumber(v.str, loc)
	}
	if v.setLen() == 0 {
		return math.NaN()
	}
	return stringToNumber(v.setAt(0), loc)
}

// String converts per XPath 1.0 string(): numbers without exponent or
// trailing zeros ("NaN", "Infinity" for the special values), booleans as
// "true"/"false", node-sets as the value of their first node, or "" when
// empty (an unanswered question).
func (v Value) String() string {
	switch v.kind {
	case KindString:
		return v.str
	case KindNumber:
		return formatNumber(v.num)
	case KindBoolean:
		if v.num != 0 {
			return "true"
		}
		return "false"
	}
	if v.setLen() == 0 {
		return ""
	}
	return v.setAt(0)
}

func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// stringToNumber implements number(string): optional whitespace, optional
// minus, digits with an optional decimal point. Anything else is NaN, except
// that ODK also turns date and dateTime strings into days.
func stringToNumber(s string, loc *time.Location) float64 {
	t := trimXMLSpace(s)
	if f, ok := parseXPathNumber(t); ok {
		return f
	}
	if d, ok := parseDateTime(t); ok {
		return d.days(loc)
	}
	return math.NaN()
}

func trimXMLSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func parseXPathNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 || i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return 0, false
	}
	return f, true
}

// splitCount counts the space-separated items of a select_multiple answer.
func splitCount(s string) int {
	n := 0
	for {
		item, rest, ok := nextItem(s)
		if !ok {
			return n
		}
		_ = item
		n++
		s = rest
	}
}

// nextItem returns the next XML-whitespace-separated item of s without
// allocating.
func nextItem(s string) (item, rest string, ok bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return "", "", false
	}
	j := i
	for j < len(s) && !isSpace(s[j]) {
		j++
	}
	return s[i:j], s[j:], true
}

func isSelected(list, value string) bool {
	value = trimXMLSpace(value)
	for {
		item, rest, ok := nextItem(list)
		if !ok {
			return false
		}
		if item == value {
			return true
		}
		list = rest
	}
}

func normalizeSpace(s string) string {
	var b strings.Builder
	for {
		item, rest, ok := nextItem(s)
		if !ok {
			return b.String()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(item)
		s = rest
	}
}
