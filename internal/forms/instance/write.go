package instance

import (
	"bytes"
	"encoding/xml"
	"strconv"
)

// XML writes the instance as the submission XML ODK Collect sends: the
// root element with the form id and version, every question in form order
// (unanswered ones as empty elements), each repeat instance as an element
// of the repeat's name, and the meta block last. Groups, repeat instances
// and questions listed in NotRelevant are left out, as clients leave out
// what is not relevant. Parse reads the result back to an equal Instance.
func (s *Schema) XML(in *Instance) []byte {
	w := &writer{s: s, in: in, skip: make(map[string]bool, len(in.NotRelevant))}
	for _, k := range in.NotRelevant {
		w.skip[k] = true
	}
	b := &w.b
	b.Grow(64 + 48*len(in.Values) + 16*len(s.fields))
	b.WriteString("<?xml version='1.0' ?><")
	b.WriteString(s.root.name)
	b.WriteString(` xmlns:jr="` + nsJR + `" xmlns:orx="` + nsOrx + `" id="`)
	escape(b, s.Form.ID)
	b.WriteByte('"')
	if s.Form.Version != "" {
		b.WriteString(` version="`)
		escape(b, s.Form.Version)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	w.kids(s.root, "")
	w.meta()
	b.WriteString("</")
	b.WriteString(s.root.name)
	b.WriteByte('>')
	return b.Bytes()
}

type writer struct {
	s    *Schema
	in   *Instance
	skip map[string]bool
	b    bytes.Buffer
}

func (w *writer) kids(f *field, prefix string) {
	for _, k := range f.kids {
		key := prefix + k.name
		switch k.kind {
		case kindLeaf:
			if !w.skip[key] {
				w.leaf(k.name, w.in.Values[key])
			}
		case kindGroup:
			if !w.skip[key] {
				w.open(k.name)
				w.kids(k, key+"/")
				w.close(k.name)
			}
		case kindRepeat:
			for i, n := 1, w.in.Counts[key]; i <= n; i++ {
				ik := key + "[" + strconv.Itoa(i) + "]"
				if w.skip[ik] {
					continue
				}
				w.open(k.name)
				w.kids(k, ik+"/")
				w.close(k.name)
			}
		}
	}
}

func (w *writer) meta() {
	m := w.in.Meta
	w.open("meta")
	if w.s.Form.Audit != nil {
		w.leaf("audit", m.Audit)
	}
	if m.InstanceID != "" || !w.s.Form.Settings.OmitInstanceID {
		w.leaf("instanceID", m.InstanceID)
	}
	if m.DeprecatedID != "" {
		w.leaf("deprecatedID", m.DeprecatedID)
	}
	if w.s.instanceName != nil || m.InstanceName != "" {
		w.leaf("instanceName", m.InstanceName)
	}
	if e := m.Entity; e != nil {
		w.b.WriteString("<entity")
		for _, a := range entityAttrs {
			if v := *e.attr(a); v != "" {
				w.b.WriteString(" " + a + `="`)
				escape(&w.b, v)
				w.b.WriteByte('"')
			}
		}
		w.b.WriteByte('>')
		w.leaf("label", e.Label)
		w.b.WriteString("</entity>")
	}
	w.close("meta")
}

func (w *writer) open(name string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *writer) close(name string) {
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *writer) leaf(name, v string) {
	if v == "" {
		w.b.WriteByte('<')
		w.b.WriteString(name)
		w.b.WriteString("/>")
		return
	}
	w.open(name)
	escape(&w.b, v)
	w.close(name)
}

// escape writes text or an attribute value with XML escaping; line breaks
// and tabs are escaped too, so they survive attribute normalisation.
func escape(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}
