package xform

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
)

// elem is one XML element of the document being built. The writer needs
// only what an XForm uses: qualified names written as they are (the
// namespace prefixes are declared once on the root), attributes, and
// children that are elements or text.
type elem struct {
	name  string
	attrs []attr
	kids  []any // *elem or text
	// inline marks mixed content (text with <output/>s): its children are
	// written without indentation, which would change the text.
	inline bool
}

type attr struct{ name, value string }

// text is character data. An empty text child makes the element print as
// <label></label> rather than <label/>, as pyxform does for the blank
// labels it generates.
type text string

// mixed makes an element of rich text content (see conv.richText).
func mixed(name string, content []any) *elem {
	e := el(name, content...)
	e.inline = true
	return e
}

func el(name string, kids ...any) *elem {
	e := &elem{name: name}
	for _, k := range kids {
		e.add(k)
	}
	return e
}

// add appends a child; nil elements are skipped so that optional parts can
// be passed without checks.
func (e *elem) add(k any) *elem {
	switch v := k.(type) {
	case nil:
	case *elem:
		if v != nil {
			e.kids = append(e.kids, v)
		}
	case text:
		e.kids = append(e.kids, v)
	case []any:
		for _, x := range v {
			e.add(x)
		}
	default:
		panic("xform: unexpected child type")
	}
	return e
}

// set sets an attribute, replacing an earlier value of the same name.
func (e *elem) set(name, value string) *elem {
	for i := range e.attrs {
		if e.attrs[i].name == name {
			e.attrs[i].value = value
			return e
		}
	}
	e.attrs = append(e.attrs, attr{name, value})
	return e
}

// xmlDecl is the declaration pyxform writes.
const xmlDecl = `<?xml version="1.0"?>` + "\n"

// render writes the document with two-space indentation. Attributes are
// sorted by name, except that the namespace declarations of the root come
// first in the order given, so that the same form always gives the same
// bytes (the OpenRosa form list publishes an MD5 of them).
func render(root *elem) []byte {
	var b bytes.Buffer
	b.Grow(64 << 10)
	b.WriteString(xmlDecl)
	writeElem(&b, root, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func writeElem(b *bytes.Buffer, e *elem, depth int) {
	indent(b, depth)
	writeOpen(b, e)
	if len(e.kids) == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	if e.inline || hasText(e) {
		// Mixed content (a label with <output/>s): whitespace would change
		// the text, so children are written inline.
		for _, k := range e.kids {
			writeInline(b, k)
		}
	} else {
		for _, k := range e.kids {
			b.WriteByte('\n')
			writeElem(b, k.(*elem), depth+1)
		}
		b.WriteByte('\n')
		indent(b, depth)
	}
	b.WriteString("</")
	b.WriteString(e.name)
	b.WriteByte('>')
}

func writeInline(b *bytes.Buffer, k any) {
	switch v := k.(type) {
	case text:
		escapeText(b, string(v))
	case *elem:
		writeOpen(b, v)
		if len(v.kids) == 0 {
			b.WriteString("/>")
			return
		}
		b.WriteByte('>')
		for _, c := range v.kids {
			writeInline(b, c)
		}
		b.WriteString("</")
		b.WriteString(v.name)
		b.WriteByte('>')
	}
}

func writeOpen(b *bytes.Buffer, e *elem) {
	b.WriteByte('<')
	b.WriteString(e.name)
	attrs := e.attrs
	var ns, rest []attr
	for _, a := range attrs {
		if a.name == "xmlns" || strings.HasPrefix(a.name, "xmlns:") {
			ns = append(ns, a)
		} else {
			rest = append(rest, a)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].name < rest[j].name })
	for _, list := range [][]attr{ns, rest} {
		for _, a := range list {
			b.WriteByte(' ')
			b.WriteString(a.name)
			b.WriteString(`="`)
			escapeAttr(b, a.value)
			b.WriteByte('"')
		}
	}
}

func hasText(e *elem) bool {
	for _, k := range e.kids {
		if _, ok := k.(text); ok {
			return true
		}
	}
	return false
}

func indent(b *bytes.Buffer, depth int) {
	for i := 0; i < depth; i++ {
		b.WriteString("  ")
	}
}

func escapeText(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteByte(c)
		}
	}
}

func escapeAttr(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteByte(c)
		}
	}
}

// xmlChars reports whether every character of s may appear in an XML 1.0
// document (control characters other than tab, newline and carriage return
// may not, even escaped).
func xmlChars(s string) bool {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, 0xD800 <= r && r <= 0xDFFF:
			return false
		}
	}
	return true
}

// isNCName reports whether s is an XML name without a colon.
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == utf8.RuneError {
			return false
		}
		if i == 0 {
			if !nameStart(c) {
				return false
			}
		} else if !nameChar(c) {
			return false
		}
	}
	return true
}

// isQName reports whether s is an XML name with at most one prefix.
func isQName(s string) bool {
	p, l, ok := strings.Cut(s, ":")
	if !ok {
		return isNCName(s)
	}
	return isNCName(p) && isNCName(l)
}

func nameStart(c rune) bool {
	switch {
	case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		return true
	case 0xC0 <= c && c <= 0xD6, 0xD8 <= c && c <= 0xF6, 0xF8 <= c && c <= 0x2FF,
		0x370 <= c && c <= 0x37D, 0x37F <= c && c <= 0x1FFF, 0x200C <= c && c <= 0x200D,
		0x2070 <= c && c <= 0x218F, 0x2C00 <= c && c <= 0x2FEF, 0x3001 <= c && c <= 0xD7FF,
		0xF900 <= c && c <= 0xFDCF, 0xFDF0 <= c && c <= 0xFFFD, 0x10000 <= c && c <= 0xEFFFF:
		return true
	}
	return false
}

func nameChar(c rune) bool {
	switch {
	case nameStart(c), c == '-', c == '.', '0' <= c && c <= '9', c == 0xB7,
		0x300 <= c && c <= 0x36F, 0x203F <= c && c <= 0x2040:
		return true
	}
	return false
}
