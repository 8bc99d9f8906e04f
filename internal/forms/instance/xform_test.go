package instance

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/xform"
)

// TestSchemaMatchesTheXForm: for every valid workbook of the corpus, the
// elements Parse accepts and XML writes are exactly those of the primary
// instance of the XForm that clients download (package xform), so what a
// device sends back always parses. Repeats are compared with one instance,
// as the XForm holds one.
func TestSchemaMatchesTheXForm(t *testing.T) {
	dir := "../../../../shared/xlsforms"
	readme, err := os.Open(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Skip("the corpus in ../shared/xlsforms is not beside this checkout")
	}
	defer readme.Close()
	sc := bufio.NewScanner(readme)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	compared := 0
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 9 || !strings.HasPrefix(strings.TrimSpace(cells[7]), "valid") {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[2]), "`")
		if !strings.HasSuffix(name, ".xlsx") && !strings.HasSuffix(name, ".xlsm") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		form, err := forms.Read(data, name)
		if err != nil {
			continue // refused by the reader: no schema, no XForm
		}
		x, err := xform.Convert(form)
		if err != nil {
			continue // refused by the XForm writer (entities, OSM...)
		}
		s, err := Compile(form)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want, err := primaryInstance(x.XML)
		if err != nil {
			t.Errorf("%s: the XForm's primary instance: %v", name, err)
			continue
		}
		in := &Instance{Meta: Meta{InstanceID: "uuid:x"}, Values: map[string]string{}, Counts: map[string]int{}}
		oneOfEach(s.root, "", in)
		got, err := elementTree(s.XML(in), false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got != want {
			t.Errorf("%s: the schema's elements differ from the XForm's primary instance:\nschema %s\n xform %s", name, got, want)
		}
		if _, err := s.Parse(s.XML(in)); err != nil {
			t.Errorf("%s: the empty submission does not parse: %v", name, err)
		}
		compared++
	}
	t.Logf("compared %d forms", compared)
	if compared < 30 {
		t.Errorf("only %d corpus forms compared", compared)
	}
}

// oneOfEach gives every repeat one instance.
func oneOfEach(f *field, prefix string, in *Instance) {
	for _, k := range f.kids {
		switch k.kind {
		case kindGroup:
			oneOfEach(k, prefix+k.name+"/", in)
		case kindRepeat:
			in.Counts[prefix+k.name] = 1
			oneOfEach(k, prefix+k.name+"[1]/", in)
		}
	}
}

// primaryInstance returns the element tree of the first <instance> of an
// XForm's model, leaving out jr:template copies.
func primaryInstance(doc []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "instance" {
			var inner struct {
				Inner []byte `xml:",innerxml"`
			}
			if err := d.DecodeElement(&inner, &se); err != nil {
				return "", err
			}
			return elementTree(inner.Inner, true)
		}
	}
}

// elementTree writes the nesting of element names: a(b,c(d)).
func elementTree(doc []byte, dropTemplates bool) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	first := []bool{true}
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return b.String(), nil
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if dropTemplates && isTemplate(t) {
				if err := d.Skip(); err != nil {
					return "", err
				}
				continue
			}
			if !first[len(first)-1] {
				b.WriteByte(',')
			}
			first[len(first)-1] = false
			b.WriteString(t.Name.Local + "(")
			first = append(first, true)
		case xml.EndElement:
			b.WriteByte(')')
			first = first[:len(first)-1]
		}
	}
}
