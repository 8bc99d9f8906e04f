package instance

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
)

// Limits on submission XML. A submission is answers only (attachments
// travel beside it), so even a long form with many repeats stays far
// below the size; nesting deeper than the depth is an attack, not a form.
const (
	MaxSubmissionBytes = 10 << 20
	MaxDepth           = 64
	maxIDLength        = 128
)

// Namespaces a submission may use: none (what ODK Collect writes), the
// XForms namespace (the default namespace of the form's instance, which
// some clients repeat), and the OpenRosa namespace for the meta block.
const (
	nsXForms = "http://www.w3.org/2002/xforms"
	nsOrx    = "http://openrosa.org/xforms"
	nsJR     = "http://openrosa.org/javarosa"
)

// encodingError stops the XML decoder at a declared encoding other than
// UTF-8.
type encodingError struct{ label string }

func (e *encodingError) Error() string { return "unsupported encoding " + e.label }

// open checks the bytes and returns a decoder positioned after the root
// element's start tag, and that tag.
func open(data []byte) (*xml.Decoder, xml.StartElement, error) {
	if len(data) > MaxSubmissionBytes {
		return nil, xml.StartElement{}, &app.Error{Code: app.ETOOLARGE,
			Message: "The submission is larger than %d bytes.", Args: []any{MaxSubmissionBytes}}
	}
	if !utf8.Valid(data) {
		return nil, xml.StartElement{}, app.Errorf(app.EINVALID, "The submission is not valid UTF-8 text.")
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, &encodingError{label}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, xml.StartElement{}, app.Errorf(app.EINVALID, "The submission has no root element.")
			}
			return nil, xml.StartElement{}, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return d, t, nil
		case xml.Directive:
			return nil, xml.StartElement{}, errDoctype()
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, xml.StartElement{}, app.Errorf(app.EINVALID, "The submission has text outside its root element.")
			}
		}
	}
}

func errDoctype() error {
	return app.Errorf(app.EINVALID, "The submission contains a DOCTYPE or other declaration, which is not accepted.")
}

func xmlError(err error) error {
	var enc *encodingError
	if errors.As(err, &enc) {
		return app.Errorf(app.EINVALID, "The submission declares the encoding %q; only UTF-8 is accepted.", enc.label)
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return ae
	}
	return app.Errorf(app.EINVALID, "The submission is not well-formed XML: %s", strings.TrimPrefix(err.Error(), "XML syntax error on "))
}

// rootAttrs returns the id and version attributes of the root element and
// refuses encrypted submissions.
func rootAttrs(root xml.StartElement) (id, version string, err error) {
	for _, a := range root.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "id":
			id = a.Value
		case "version":
			version = a.Value
		case "encrypted":
			return "", "", app.Errorf(app.EINVALID, "The submission is encrypted, and Remaker does not accept encrypted submissions. Remove the public_key setting from the form.")
		}
	}
	if id == "" {
		return "", "", app.Errorf(app.EINVALID, "The submission has no form id (the id attribute of its root element).")
	}
	return id, version, nil
}

// Peek returns the form id and version a submission names, so the server
// can find the form version to parse it with.
func Peek(data []byte) (formID, version string, err error) {
	_, root, err := open(data)
	if err != nil {
		return "", "", err
	}
	return rootAttrs(root)
}

// parser reads one submission.
type parser struct {
	s    *Schema
	d    *xml.Decoder
	in   *Instance
	seen []bool // per field id: already met in the group instance being read
	text []byte
}

// Parse reads an OpenRosa submission (the xml_submission_file) of this
// form version. It refuses, with an invalid-input error saying what and
// where (too large: a too-large error), anything that is not a submission
// of exactly this form and version: another root element, form id or
// version; elements the form does not have, or a question twice; text in a
// group or elements in a question; an answer that is not of its
// question's type; a missing or malformed meta/instanceID; DOCTYPE
// declarations (so no entity can be defined or expanded), encodings other
// than UTF-8, invalid UTF-8, nesting deeper than MaxDepth and more than
// MaxRepeatInstances instances of a repeat. Elements the form has but the
// submission leaves out are unanswered: clients leave out questions that
// are not relevant.
func (s *Schema) Parse(data []byte) (*Instance, error) {
	d, root, err := open(data)
	if err != nil {
		return nil, err
	}
	if root.Name.Local != s.root.name || !dataSpace(root.Name.Space) {
		return nil, app.Errorf(app.EINVALID, "The submission's root element is <%s>, but this form's is <%s>.", root.Name.Local, s.root.name)
	}
	id, version, err := rootAttrs(root)
	if err != nil {
		return nil, err
	}
	if id != s.Form.ID {
		return nil, app.Errorf(app.EINVALID, "The submission is for the form %q, not %q.", id, s.Form.ID)
	}
	if version != s.Form.Version {
		return nil, app.Errorf(app.EINVALID, "The submission is for version %q of the form %q, but this is version %q.", version, id, s.Form.Version)
	}
	p := &parser{s: s, d: d, seen: make([]bool, len(s.fields)),
		in: &Instance{FormID: id, Version: version, Values: make(map[string]string, len(s.fields)), Counts: map[string]int{}}}
	if err := p.group(s.root, "", 1); err != nil {
		return nil, err
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	if err := p.checkMeta(); err != nil {
		return nil, err
	}
	return p.in, nil
}

func dataSpace(ns string) bool { return ns == "" || ns == nsXForms }

func metaSpace(ns string) bool { return dataSpace(ns) || ns == nsOrx }

func (p *parser) token() (xml.Token, error) {
	tok, err := p.d.Token()
	if err != nil {
		return nil, xmlError(err)
	}
	if _, ok := tok.(xml.Directive); ok {
		return nil, errDoctype()
	}
	return tok, nil
}

// group reads the children of a group, repeat instance or the root, up to
// its end tag. prefix is the key of the group followed by "/" ("" for the
// root).
func (p *parser) group(f *field, prefix string, depth int) error {
	if depth > MaxDepth {
		return app.Errorf(app.EINVALID, "The submission is nested more than %d elements deep.", MaxDepth)
	}
	for _, k := range f.kids {
		p.seen[k.id] = false
	}
	metaSeen := false
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return app.Errorf(app.EINVALID, "The group %s holds text; only its questions may hold answers.", where(prefix))
			}
		case xml.StartElement:
			name := t.Name.Local
			if f.kind == kindRoot && name == "meta" && metaSpace(t.Name.Space) {
				if metaSeen {
					return app.Errorf(app.EINVALID, "The element <%s> appears twice in %s.", name, where(prefix))
				}
				metaSeen = true
				if err := p.meta(depth + 1); err != nil {
					return err
				}
				continue
			}
			k := f.byName[name]
			if k == nil || !dataSpace(t.Name.Space) {
				return app.Errorf(app.EINVALID, "The element <%s> in %s is not part of this form version.", name, where(prefix))
			}
			key := k.path // the key of a field outside repeats is its path
			if len(k.repeats) > 0 {
				key = prefix + name
			}
			if k.kind == kindRepeat {
				if isTemplate(t) {
					if err := p.d.Skip(); err != nil {
						return xmlError(err)
					}
					continue
				}
				n := p.in.Counts[key] + 1
				if n > MaxRepeatInstances {
					return app.Errorf(app.EINVALID, "The repeat %s has more than %d instances.", key, MaxRepeatInstances)
				}
				p.in.Counts[key] = n
				if err := p.group(k, key+"["+strconv.Itoa(n)+"]/", depth+1); err != nil {
					return err
				}
				continue
			}
			if p.seen[k.id] {
				return app.Errorf(app.EINVALID, "The element <%s> appears twice in %s.", name, where(prefix))
			}
			p.seen[k.id] = true
			if k.kind == kindGroup {
				if err := p.group(k, key+"/", depth+1); err != nil {
					return err
				}
				continue
			}
			v, err := p.leafText(key)
			if err != nil {
				return err
			}
			norm, bad := normalize(k.node, v)
			if bad != nil {
				return app.Errorf(app.EINVALID, "The answer to %s is not valid: %s", key, bad.Message)
			}
			if norm != "" {
				p.in.Values[key] = norm
			}
		}
	}
}

// where names a group for a message: its key, or the root.
func where(prefix string) string {
	if prefix == "" {
		return "the root element"
	}
	return strings.TrimSuffix(prefix, "/")
}

// isTemplate reports a repeat's jr:template copy, which some old clients
// send along; it holds no answers.
func isTemplate(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Local == "template" && (a.Name.Space == nsJR || a.Name.Space == "jr") {
			return true
		}
	}
	return false
}

// leafText reads a question's text up to its end tag.
func (p *parser) leafText(key string) (string, error) {
	p.text = p.text[:0]
	for {
		tok, err := p.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return string(p.text), nil
		case xml.CharData:
			p.text = append(p.text, t...)
		case xml.StartElement:
			return "", app.Errorf(app.EINVALID, "The question %s holds the element <%s>; it must hold only its answer.", key, t.Name.Local)
		}
	}
}

// meta reads the meta block.
func (p *parser) meta(depth int) error {
	m := &p.in.Meta
	seen := map[string]bool{}
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return app.Errorf(app.EINVALID, "The group %s holds text; only its questions may hold answers.", "meta")
			}
		case xml.StartElement:
			name := t.Name.Local
			var dst *string
			switch {
			case !metaSpace(t.Name.Space):
			case name == "instanceID":
				dst = &m.InstanceID
			case name == "deprecatedID":
				dst = &m.DeprecatedID
			case name == "instanceName":
				dst = &m.InstanceName
			case name == "audit" && p.s.Form.Audit != nil:
				dst = &m.Audit
			case name == "entity" && p.s.hasEntity:
				if seen[name] {
					return app.Errorf(app.EINVALID, "The element <%s> appears twice in %s.", name, "meta")
				}
				seen[name] = true
				if err := p.entity(t, depth+1); err != nil {
					return err
				}
				continue
			}
			if dst == nil {
				return app.Errorf(app.EINVALID, "The element <%s> in %s is not part of this form version.", name, "meta")
			}
			if seen[name] {
				return app.Errorf(app.EINVALID, "The element <%s> appears twice in %s.", name, "meta")
			}
			seen[name] = true
			v, err := p.leafText("meta/" + name)
			if err != nil {
				return err
			}
			*dst = strings.TrimSpace(v)
		}
	}
}

// entity reads meta/entity: its attributes and its label.
func (p *parser) entity(start xml.StartElement, depth int) error {
	if depth > MaxDepth {
		return app.Errorf(app.EINVALID, "The submission is nested more than %d elements deep.", MaxDepth)
	}
	e := &Entity{}
	for _, a := range start.Attr {
		if a.Name.Space != "" {
			continue
		}
		dst := e.attr(a.Name.Local)
		if dst == nil {
			return app.Errorf(app.EINVALID, "The attribute %s of meta/entity is not part of the entities specification.", a.Name.Local)
		}
		*dst = a.Value
	}
	labelSeen := false
	for {
		tok, err := p.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			p.in.Meta.Entity = e
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return app.Errorf(app.EINVALID, "The group %s holds text; only its questions may hold answers.", "meta/entity")
			}
		case xml.StartElement:
			if t.Name.Local != "label" || labelSeen || !metaSpace(t.Name.Space) {
				return app.Errorf(app.EINVALID, "The element <%s> in %s is not part of this form version.", t.Name.Local, "meta/entity")
			}
			labelSeen = true
			v, err := p.leafText("meta/entity/label")
			if err != nil {
				return err
			}
			e.Label = v
		}
	}
}

// end makes sure nothing but comments and white space follow the root.
func (p *parser) end() error {
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return app.Errorf(app.EINVALID, "The submission has more than one root element.")
		case xml.Directive:
			return errDoctype()
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return app.Errorf(app.EINVALID, "The submission has text outside its root element.")
			}
		}
	}
}

func (p *parser) checkMeta() error {
	m := p.in.Meta
	if m.InstanceID == "" {
		if p.s.Form.Settings.OmitInstanceID {
			return nil
		}
		return app.Errorf(app.EINVALID, "The submission has no meta/instanceID.")
	}
	for _, id := range []struct{ name, v string }{{"instanceID", m.InstanceID}, {"deprecatedID", m.DeprecatedID}} {
		if id.v != "" && !validID(id.v) {
			return app.Errorf(app.EINVALID, "The meta/%s %q is not a valid instance ID (such as uuid:6b0c8f6e-...).", id.name, id.v)
		}
	}
	if m.DeprecatedID == m.InstanceID {
		return app.Errorf(app.EINVALID, "The meta/deprecatedID is the same as the meta/instanceID; an edit needs a new instanceID.")
	}
	if m.Audit != "" && !isFileName(m.Audit) {
		return app.Errorf(app.EINVALID, "The answer to %s is not valid: %s", "meta/audit", errFileName.Message)
	}
	return nil
}

// validID accepts the instance IDs clients make ("uuid:" and a UUID, or
// other URIs of the same characters), up to maxIDLength.
func validID(s string) bool {
	if len(s) > maxIDLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ':' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}
