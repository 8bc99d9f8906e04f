package xform

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// XForm is a form version written as an ODK XForms 1.0 document.
type XForm struct {
	// XML is the document, UTF-8. The same form always gives the same
	// bytes.
	XML []byte
	// Hash is Hash(XML): the value of the OpenRosa form list's <hash>.
	Hash string
	// MediaFiles lists, sorted, the files the document refers to and that
	// must be served in the form's OpenRosa manifest: the images, audio
	// and video of labels and choices (jr://images/..., jr://audio/...,
	// jr://video/...), the data files of pulldata(), select_*_from_file,
	// xml-external and csv-external (jr://file/..., jr://file-csv/...),
	// and itemsets.csv when the form has select_one_external questions
	// (built from the workbook's external_choices sheet).
	MediaFiles []string
	// Notes lists what the conversion left out, as pyxform does, because
	// an XForm has no place for it: hints of groups and repeats, and choice
	// columns whose header cannot be an XML element name. An upload page
	// shows them as warnings.
	Notes []xlsform.Problem
}

// Hash returns the OpenRosa hash of a form definition: "md5:" and the
// hexadecimal MD5 of its bytes.
func Hash(xml []byte) string {
	sum := md5.Sum(xml)
	return "md5:" + hex.EncodeToString(sum[:])
}

// Convert writes a form as an ODK XForm, following pyxform (the reference
// XLSForm converter) in everything a client can see. What the form holds
// that an XForm (or this converter) cannot carry faithfully is refused: the
// error is an *xlsform.Error whose problems each name the question, its
// row and the column concerned.
func Convert(f *xlsform.Form) (x *XForm, err error) {
	defer func() {
		// A bug here must not take the server down: report it as a
		// problem with the form, as the reader does.
		if p := recover(); p != nil {
			x = nil
			err = &xlsform.Error{Problems: []xlsform.Problem{{Message: fmt.Sprintf(
				"The form could not be converted to an XForm because of an internal error (%v). Please report this with the file.", p)}}}
		}
	}()
	if f == nil || f.Root == nil {
		return nil, &xlsform.Error{Problems: []xlsform.Problem{{Message: "The form has no survey to convert."}}}
	}
	c := newConv(f)
	doc := c.document()
	if len(c.problems) > 0 {
		return nil, &xlsform.Error{Problems: c.problems}
	}
	out := render(doc)
	return &XForm{XML: out, Hash: Hash(out), MediaFiles: c.mediaList(), Notes: c.notes}, nil
}

// Namespaces of an XForm, declared on the root element.
var baseNamespaces = []attr{
	{"xmlns", "http://www.w3.org/2002/xforms"},
	{"xmlns:ev", "http://www.w3.org/2001/xml-events"},
	{"xmlns:h", "http://www.w3.org/1999/xhtml"},
	{"xmlns:jr", "http://openrosa.org/javarosa"},
	{"xmlns:odk", "http://www.opendatakit.org/xforms"},
	{"xmlns:orx", "http://openrosa.org/xforms"},
	{"xmlns:xsd", "http://www.w3.org/2001/XMLSchema"},
}

// conv holds the state of one conversion.
type conv struct {
	form     *xlsform.Form
	problems []xlsform.Problem
	notes    []xlsform.Problem

	flat     bool
	byName   map[string][]*item
	prefixes map[string]bool // declared namespace prefixes
	ns       []attr

	lists     []*choiceList
	listIndex map[string]*choiceList
	itext     *itextSet
	langRank  map[string]int

	// triggers maps a question to the questions whose calculation runs
	// when its value changes (the trigger column).
	triggers map[*item][]*item
	shown    map[*item]bool // questions with a body control
	media    map[string]bool

	instances     []*elem // secondary instances
	instanceSrc   map[string]string
	instanceOwner map[string]*item
}

func newConv(f *xlsform.Form) *conv {
	c := &conv{form: f, itext: newItextSet(), langRank: map[string]int{}, prefixes: map[string]bool{},
		triggers: map[*item][]*item{}, shown: map[*item]bool{}, media: map[string]bool{},
		instanceSrc: map[string]string{}, instanceOwner: map[string]*item{}}
	for i, l := range f.Languages {
		if _, ok := c.langRank[l]; !ok {
			c.langRank[l] = i
		}
	}
	if v, ok := f.Settings.All["flat"]; ok {
		c.flat = yes(v)
	}
	return c
}

// fail records a problem with an item (nil for the form as a whole).
func (c *conv) fail(it *item, column, txt, msg string) {
	p := xlsform.Problem{Sheet: "survey", Column: column, Text: txt}
	if it == nil {
		p.Sheet = "settings"
		p.Row = c.form.Settings.Row
		p.Message = msg
	} else {
		p.Row = it.Row
		if it.countOf != nil {
			it = it.countOf
		}
		p.Message = it.where() + ": " + msg
	}
	for _, q := range c.problems {
		if q == p {
			return
		}
	}
	c.problems = append(c.problems, p)
}

// document builds the whole XForm.
func (c *conv) document() *elem {
	f := c.form
	c.settingsChecks()
	c.namespaces()
	root := c.buildItems()
	c.indexNames(root)
	c.choiceLists(root)
	c.collectTriggers(root)
	root.walk(c.externalInstances)

	instance := el("instance", c.instanceRoot(root))
	var binds []any
	root.walk(func(it *item) {
		if it == root {
			return
		}
		binds = append(binds, c.bind(it))
		binds = append(binds, c.modelActions(it)...)
	})
	body := el("h:body")
	for _, ch := range root.children {
		body.add(c.control(ch))
	}
	c.checkTriggerSources(root)
	if f.Settings.Style != "" {
		body.set("class", f.Settings.Style)
	}
	for i, l := range c.lists {
		c.addInstance(nil, l.name, "", c.choiceInstance(i, l))
	}

	model := el("model").set("odk:xforms-version", "1.0.0")
	model.add(c.submission())
	if !c.itext.empty() {
		model.add(c.itext.render(c, f.DefaultLanguage))
	}
	model.add(instance)
	for _, in := range c.instances {
		model.add(in)
	}
	model.add(binds)

	html := el("h:html", el("h:head", el("h:title", text(f.Title)), model), body)
	html.attrs = append(html.attrs, c.ns...)
	if !xmlChars(f.Title) {
		c.fail(nil, "form_title", f.Title, "The form title contains a control character that an XML document cannot hold.")
	}
	return html
}

// settingsChecks refuses the settings (and the entities sheet) whose
// effect this converter does not reproduce.
func (c *conv) settingsChecks() {
	all := c.form.Settings.All
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := all[k]
		switch {
		case k == "add_none_option" && yes(v):
			c.fail(nil, k, v, "The setting add_none_option (a legacy option that adds a 'none' choice to every select_multiple) is not supported. Remove it, and add a 'none' choice to the lists that need one.")
		case strings.HasPrefix(k, "attribute::"):
			c.fail(nil, k, v, "Custom attributes of the instance root (attribute:: columns on the settings sheet) are not supported. Remove the column.")
		}
	}
	if e := c.form.Entities; e != nil {
		c.problems = append(c.problems, xlsform.Problem{Sheet: "entities", Row: e.Row, Text: e.Dataset,
			Message: "ODK entities (the entities sheet and save_to) are not supported in Remaker's XForms. Remove the entities sheet and the save_to column."})
	}
}

// namespaces declares the base namespaces plus those of the namespaces
// setting ("prefix=uri" pairs separated by spaces).
func (c *conv) namespaces() {
	c.ns = append(c.ns, baseNamespaces...)
	for _, a := range baseNamespaces {
		if p, ok := strings.CutPrefix(a.name, "xmlns:"); ok {
			c.prefixes[p] = true
		}
	}
	v := c.form.Settings.All["namespaces"]
	if v == "" {
		return
	}
	var extra []attr
	for _, pair := range strings.Fields(v) {
		p, uri, ok := strings.Cut(pair, "=")
		if !ok || p == "" {
			continue // pyxform skips what is not prefix=uri
		}
		uri = strings.NewReplacer(`"`, "", "'", "").Replace(uri)
		if c.prefixes[p] {
			continue // pyxform keeps its own declaration
		}
		if !isNCName(p) || strings.HasPrefix(strings.ToLower(p), "xml") || !xmlChars(uri) || uri == "" {
			c.fail(nil, "namespaces", pair, fmt.Sprintf("The namespace declaration %q is not valid: write prefix=uri pairs separated by spaces, such as esri=\"http://esri.com/xforms\".", pair))
			continue
		}
		c.prefixes[p] = true
		extra = append(extra, attr{"xmlns:" + p, uri})
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].name < extra[j].name })
	c.ns = append(c.ns, extra...)
}

// submission is the <submission> element of forms with a submission_url,
// a public_key (encryption) or the auto-send, auto-delete and
// client-editable settings.
func (c *conv) submission() *elem {
	s := c.form.Settings
	all := s.All
	e := el("submission")
	if s.SubmissionURL != "" {
		e.set("action", s.SubmissionURL).set("method", "post")
	}
	if s.PublicKey != "" {
		e.set("base64RsaPublicKey", s.PublicKey)
	}
	if v := all["auto_send"]; v != "" {
		e.set("orx:auto-send", v)
	}
	if v := all["auto_delete"]; v != "" {
		e.set("orx:auto-delete", v)
	}
	if v, ok := all["client_editable"]; ok && yes(v) {
		e.set("odk:client-editable", "true")
	}
	if len(e.attrs) == 0 {
		return nil
	}
	for _, a := range e.attrs {
		if !xmlChars(a.value) {
			c.fail(nil, a.name, a.value, "The setting contains a control character that an XML document cannot hold.")
		}
	}
	return e
}

// instanceRoot is the primary instance: the root element named after the
// form with its id and version, the answers' elements with their default
// values, and a template and a first instance of each repeat.
func (c *conv) instanceRoot(root *item) *elem {
	f := c.form
	r := el(root.Name)
	r.set("id", f.ID)
	if v := f.Settings.All["instance_xmlns"]; v != "" {
		r.set("xmlns", v)
	}
	if f.Version != "" {
		r.set("version", f.Version)
	}
	if v := firstSetting(f, "prefix", "compact_prefix"); v != "" {
		r.set("odk:prefix", v)
	}
	if v := firstSetting(f, "delimiter", "compact_delimiter"); v != "" {
		r.set("odk:delimiter", v)
	}
	for _, a := range r.attrs {
		if !xmlChars(a.value) {
			c.fail(nil, a.name, a.value, "The setting contains a control character that an XML document cannot hold.")
		}
	}
	for _, ch := range root.children {
		r.add(c.instanceNodes(ch, false))
	}
	return r
}

func firstSetting(f *xlsform.Form, keys ...string) string {
	for _, k := range keys {
		if v := f.Settings.All[k]; v != "" {
			return v
		}
	}
	return ""
}

// addInstance adds a secondary instance, once per id; two different
// sources under one id are an error, as in pyxform. it is the question
// that needs the instance (nil for a choice list).
func (c *conv) addInstance(it *item, id, src string, e *elem) {
	if prior, ok := c.instanceSrc[id]; ok {
		if prior != src {
			owner := c.instanceOwner[id]
			if owner == nil {
				owner = it
			}
			c.fail(owner, "", id, fmt.Sprintf("the secondary instance %q would be defined twice, from %s and from %s. Rename the file or the choice list.",
				id, describeSrc(prior), describeSrc(src)))
		}
		return
	}
	c.instanceSrc[id] = src
	c.instanceOwner[id] = it
	c.instances = append(c.instances, e)
}

func describeSrc(src string) string {
	if src == "" {
		return "the choices sheet"
	}
	return src
}

// external declares an instance read from a form attachment.
func (c *conv) external(it *item, id, file string) {
	var src string
	switch strings.ToLower(path.Ext(file)) {
	case ".csv":
		src = "jr://file-csv/" + file
	default:
		src = "jr://file/" + file
	}
	c.media[file] = true
	c.addInstance(it, id, src, el("instance").set("id", id).set("src", src))
}

func (c *conv) mediaList() []string {
	out := make([]string, 0, len(c.media))
	for m := range c.media {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// yes reads a yes/no cell as pyxform does.
func yes(v string) bool {
	switch strings.TrimSpace(strings.ToLower(v)) {
	case "yes", "true", "true()":
		return true
	}
	return false
}
