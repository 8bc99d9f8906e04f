package xform

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
)

// xnode is a parsed XML element for the tests: names are written with the
// usual XForm prefixes whatever prefixes the document used.
type xnode struct {
	name  string
	attrs map[string]string
	kids  []*xnode
	text  string // character data, trimmed
	inner string // mixed content as canonical text (labels, values)
}

var nsPrefix = map[string]string{
	"http://www.w3.org/2002/xforms":     "",
	"http://www.w3.org/2001/xml-events": "ev:",
	"http://www.w3.org/1999/xhtml":      "h:",
	"http://openrosa.org/javarosa":      "jr:",
	"http://www.opendatakit.org/xforms": "odk:",
	"http://openrosa.org/xforms":        "orx:",
	"http://www.w3.org/2001/XMLSchema":  "xsd:",
	"http://esri.com/xforms":            "esri:", // declared by a test's namespaces setting
}

func qname(n xml.Name) string {
	if p, ok := nsPrefix[n.Space]; ok {
		return p + n.Local
	}
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseXML parses a document with encoding/xml (so it must be well
// formed and its prefixes declared).
func parseXML(t testing.TB, doc []byte) *xnode {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var stack []*xnode
	var root *xnode
	var raw []*strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: qname(v.Name), attrs: map[string]string{}}
			for _, a := range v.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				n.attrs[qname(a.Name)] = a.Value
			}
			for _, b := range raw {
				fmt.Fprintf(b, "<%s", n.name)
				for _, k := range sortedKeys(n.attrs) {
					fmt.Fprintf(b, " %s=%q", k, n.attrs[k])
				}
				b.WriteString(">")
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
			raw = append(raw, &strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.inner = strings.Join(strings.Fields(raw[len(raw)-1].String()), " ")
			n.text = strings.TrimSpace(n.text)
			stack = stack[:len(stack)-1]
			raw = raw[:len(raw)-1]
			for _, b := range raw {
				fmt.Fprintf(b, "</%s>", n.name)
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(v)
			}
			for _, b := range raw {
				b.WriteString(string(v))
			}
		}
	}
	if root == nil {
		t.Fatal("empty document")
	}
	return root
}

func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// walkX visits n and its descendants.
func (n *xnode) walkX(fn func(n *xnode, ancestors []*xnode)) {
	var rec func(n *xnode, anc []*xnode)
	rec = func(n *xnode, anc []*xnode) {
		fn(n, anc)
		anc = append(anc, n)
		for _, k := range n.kids {
			rec(k, anc)
		}
	}
	rec(n, nil)
}

// facts describes a document as a set of statements that do not depend
// on element or attribute order where XForms does not care about it: the
// binds by nodeset, the itext by language and id, the secondary instances
// by id; the primary instance and the body keep their nesting.
func facts(t testing.TB, doc []byte, norm func(string) string) map[string]int {
	root := parseXML(t, doc)
	out := map[string]int{}
	add := func(format string, args ...any) { out[norm(fmt.Sprintf(format, args...))]++ }
	head := root.child("h:head")
	add("title=%s", head.child("h:title").text)
	model := head.child("model")
	for k, v := range model.attrs {
		add("model@%s=%s", k, v)
	}
	if s := model.child("submission"); s != nil {
		for k, v := range s.attrs {
			add("submission@%s=%s", k, v)
		}
	}
	if it := model.child("itext"); it != nil {
		for _, tr := range it.all("translation") {
			for k, v := range tr.attrs {
				add("translation[%s]@%s=%s", tr.attrs["lang"], k, v)
			}
			for _, tx := range tr.all("text") {
				add("itext[%s][%s]", tr.attrs["lang"], tx.attrs["id"])
				for _, v := range tx.all("value") {
					add("itext[%s][%s][%s]=%s", tr.attrs["lang"], tx.attrs["id"], v.attrs["form"], inner(v))
				}
			}
		}
	}
	for i, in := range model.all("instance") {
		if i == 0 {
			in.kids[0].walkX(func(n *xnode, anc []*xnode) {
				p := xpathOf(n, anc)
				add("instance %s", p)
				for k, v := range n.attrs {
					add("instance %s@%s=%s", p, k, v)
				}
				if len(n.kids) == 0 && n.text != "" {
					add("instance %s=%s", p, n.text)
				}
			})
			continue
		}
		id := in.attrs["id"]
		for k, v := range in.attrs {
			add("secondary[%s]@%s=%s", id, k, v)
		}
		if r := in.child("root"); r != nil {
			for j, item := range r.all("item") {
				for _, f := range item.kids {
					add("secondary[%s][%d].%s=%s", id, j, f.name, f.text)
				}
			}
		}
	}
	for _, b := range model.all("bind") {
		for k, v := range b.attrs {
			if k != "nodeset" {
				add("bind[%s]@%s=%s", b.attrs["nodeset"], k, v)
			}
		}
		add("bind[%s]", b.attrs["nodeset"])
	}
	for _, a := range model.kids {
		if a.name == "setvalue" || a.name == "odk:setgeopoint" {
			add("model-action %s %v", a.name, a.attrs)
		}
	}
	body := root.child("h:body")
	for k, v := range body.attrs {
		add("body@%s=%s", k, v)
	}
	for _, k := range body.kids {
		k.walkX(func(n *xnode, anc []*xnode) {
			p := bodyPath(n, anc)
			add("body %s", p)
			for k, v := range n.attrs {
				add("body %s@%s=%s", p, k, v)
			}
			if n.name == "label" || n.name == "hint" {
				if in := inner(n); in != "" {
					add("body %s=%s", p, in)
				}
			}
		})
	}
	return out
}

// inner is the canonical mixed content of a label or value: text and
// <output value=" path "/> with the spaces pyxform puts in the value.
func inner(n *xnode) string { return strings.TrimSpace(n.inner) }

func xpathOf(n *xnode, anc []*xnode) string {
	var parts []string
	for _, a := range anc {
		parts = append(parts, a.name)
	}
	parts = append(parts, n.name)
	p := "/" + strings.Join(parts, "/")
	if _, ok := n.attrs["jr:template"]; ok {
		p += "[template]"
	}
	return p
}

func bodyPath(n *xnode, anc []*xnode) string {
	var parts []string
	for _, a := range append(append([]*xnode(nil), anc...), n) {
		s := a.name
		if r := a.attrs["ref"]; r != "" {
			s += "(" + r + ")"
		} else if r := a.attrs["nodeset"]; r != "" && a.name == "repeat" {
			s += "(" + r + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "/")
}

// diffFacts lists what one side has and the other has not.
func diffFacts(want, got map[string]int) (missing, extra []string) {
	for k, n := range want {
		if got[k] < n {
			missing = append(missing, k)
		}
	}
	for k, n := range got {
		if want[k] < n {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return missing, extra
}
