package xform

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// sheet is a sheet of a test workbook: its name and rows of cells.
type sheet struct {
	name string
	rows [][]any
}

func survey(rows ...[]any) sheet  { return sheet{"survey", rows} }
func choices(rows ...[]any) sheet { return sheet{"choices", rows} }
func settings(header, values []any) sheet {
	return sheet{"settings", [][]any{header, values}}
}
func row(cells ...any) []any { return cells }

// workbook builds an .xlsx file from sheets.
func workbook(tb testing.TB, sheets ...sheet) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		for r, cells := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &cells); err != nil {
				tb.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// readForm reads a workbook with the full expression checks, as uploads do.
func readForm(tb testing.TB, sheets ...sheet) *xlsform.Form {
	tb.Helper()
	f, err := forms.Read(workbook(tb, sheets...), "test_form.xlsx")
	if err != nil {
		tb.Fatalf("forms.Read: %v", err)
	}
	return f
}

// convert reads and converts a workbook that must convert, checks the
// structure every XForm must have, and returns the document and its
// parse.
func convert(tb testing.TB, sheets ...sheet) (*XForm, *xnode) {
	tb.Helper()
	f := readForm(tb, sheets...)
	x, err := Convert(f)
	if err != nil {
		tb.Fatalf("Convert: %v", err)
	}
	return x, checkStructure(tb, f, x)
}

// refuse converts a workbook that the reader accepts but Convert must
// refuse, and returns the problems.
func refuse(tb testing.TB, sheets ...sheet) []xlsform.Problem {
	tb.Helper()
	f := readForm(tb, sheets...)
	x, err := Convert(f)
	if err == nil {
		tb.Fatalf("Convert accepted the form:\n%s", x.XML)
	}
	var xe *xlsform.Error
	if !errors.As(err, &xe) || len(xe.Problems) == 0 {
		tb.Fatalf("error %T %v is not an *xlsform.Error with problems", err, err)
	}
	return xe.Problems
}

// wantProblem fails unless a problem is at the row and column and its
// message has every word.
func wantProblem(tb testing.TB, ps []xlsform.Problem, row int, column string, words ...string) {
	tb.Helper()
next:
	for _, p := range ps {
		if p.Row != row || p.Column != column {
			continue
		}
		for _, w := range words {
			if !strings.Contains(p.Message, w) {
				continue next
			}
		}
		return
	}
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	tb.Fatalf("no problem at row %d column %q mentions %q; got:\n%s", row, column, words, b.String())
}

// doc gives access to the parts of a parsed XForm.
type doc struct {
	root, model, body *xnode
	binds             map[string]*xnode // by nodeset
	controls          map[string]*xnode // body elements by ref (or nodeset, for repeats)
	itext             map[string]map[string]*xnode
	instances         map[string]*xnode // secondary, by id
	primary           *xnode
}

func parseDoc(tb testing.TB, x []byte) *doc {
	tb.Helper()
	root := parseXML(tb, x)
	d := &doc{root: root, binds: map[string]*xnode{}, controls: map[string]*xnode{},
		itext: map[string]map[string]*xnode{}, instances: map[string]*xnode{}}
	if root.name != "h:html" {
		tb.Fatalf("root element is %s, want h:html", root.name)
	}
	head := root.child("h:head")
	if head == nil || head.child("h:title") == nil || head.child("model") == nil {
		tb.Fatal("no h:head with h:title and model")
	}
	d.model = head.child("model")
	d.body = root.child("h:body")
	if d.body == nil {
		tb.Fatal("no h:body")
	}
	for i, in := range d.model.all("instance") {
		if i == 0 {
			if len(in.kids) != 1 {
				tb.Fatalf("the primary instance has %d root elements", len(in.kids))
			}
			d.primary = in.kids[0]
			continue
		}
		d.instances[in.attrs["id"]] = in
	}
	for _, b := range d.model.all("bind") {
		if d.binds[b.attrs["nodeset"]] != nil {
			tb.Errorf("two binds for %s", b.attrs["nodeset"])
		}
		d.binds[b.attrs["nodeset"]] = b
	}
	if it := d.model.child("itext"); it != nil {
		for _, tr := range it.all("translation") {
			m := map[string]*xnode{}
			for _, tx := range tr.all("text") {
				m[tx.attrs["id"]] = tx
			}
			d.itext[tr.attrs["lang"]] = m
		}
	}
	d.body.walkX(func(n *xnode, _ []*xnode) {
		switch {
		case n.name == "repeat":
			d.controls[n.attrs["nodeset"]] = n
		case n.attrs["ref"] != "" && n.name != "setvalue":
			if n.name == "group" && d.controls[n.attrs["ref"]] != nil {
				return // the <group> around a <repeat> comes first
			}
			d.controls[n.attrs["ref"]] = n
		}
	})
	return d
}

var reItextRef = regexp.MustCompile(`jr:itext\('([^']*)'\)`)

// checkStructure checks what ODK clients need of any XForm made from f:
// well-formed XML; a bind for every question and group with relevant, of
// the question's type; a body control for every question a person sees;
// the instance holding every node; every ${name} rewritten; every itext
// reference defined in every language; every select's choices present.
func checkStructure(tb testing.TB, f *xlsform.Form, x *XForm) *xnode {
	tb.Helper()
	if x.Hash != Hash(x.XML) {
		tb.Errorf("Hash %s is not the MD5 of the XML", x.Hash)
	}
	if bytes.Contains(x.XML, []byte("${")) {
		i := bytes.Index(x.XML, []byte("${"))
		tb.Errorf("a ${name} reference was not rewritten: %s", x.XML[max(0, i-80):min(len(x.XML), i+40)])
	}
	d := parseDoc(tb, x.XML)
	if d.primary.name != f.RootName || d.primary.attrs["id"] != f.ID {
		tb.Errorf("primary instance root <%s id=%q>, want <%s id=%q>", d.primary.name, d.primary.attrs["id"], f.RootName, f.ID)
	}
	if f.Version != "" && d.primary.attrs["version"] != f.Version {
		tb.Errorf("version attribute %q, want %q", d.primary.attrs["version"], f.Version)
	}
	inPrimary := map[string]bool{}
	d.primary.walkX(func(n *xnode, anc []*xnode) { inPrimary[xpathOf(n, anc)] = true })
	if !f.Settings.OmitInstanceID && d.binds["/"+f.RootName+"/meta/instanceID"] == nil {
		tb.Error("no bind for meta/instanceID")
	}
	flat := yes(f.Settings.All["flat"])
	var visit func(n *xlsform.Node, parent string)
	visit = func(n *xlsform.Node, parent string) {
		p := parent + "/" + n.Name
		if flat && n.Type == xlsform.TypeGroup {
			p = parent
		}
		switch {
		case n.Type == xlsform.TypeXMLExternal || n.Type == xlsform.TypeCSVExternal:
			if d.instances[n.Name] == nil {
				tb.Errorf("%s: no secondary instance %q", n.Name, n.Name)
			}
			return
		case n.IsGroup():
			if !flat || n.Type == xlsform.TypeRepeat {
				if d.controls[p] == nil {
					tb.Errorf("%s %s: no body element", n.Type, p)
				}
				if n.Relevant != "" && (d.binds[p] == nil || d.binds[p].attrs["relevant"] == "") {
					tb.Errorf("%s %s: relevant without a bind", n.Type, p)
				}
			}
		default:
			b := d.binds[p]
			if b == nil {
				tb.Errorf("question %s: no bind", p)
			} else if b.attrs["type"] != n.DataType {
				tb.Errorf("question %s: bind type %q, want %q", p, b.attrs["type"], n.DataType)
			}
			if shown(n) && d.controls[p] == nil {
				tb.Errorf("question %s: no body control", p)
			}
			if n.IsSelect() && shown(n) && d.controls[p] != nil && n.Type != xlsform.TypeSelectOneExternal {
				checkItemset(tb, d, n, d.controls[p])
			}
		}
		if shown(n) || n.IsGroup() {
			wantLanguages(tb, f, d, n.Name+" label", n.Label)
		}
		if shown(n) {
			wantLanguages(tb, f, d, n.Name+" hint", n.Hint)
		}
		wantLanguages(tb, f, d, n.Name+" constraint_message", n.ConstraintMessage)
		wantLanguages(tb, f, d, n.Name+" required_message", n.RequiredMessage)
		if n.Choices != nil && shown(n) {
			for _, ch := range n.Choices.Choices {
				wantLanguages(tb, f, d, "choice "+ch.Name, ch.Label)
			}
		}
		if !inPrimary[p] && !flatPath(flat, n) {
			tb.Errorf("%s: not in the primary instance", p)
		}
		for _, c := range n.Children {
			visit(c, p)
		}
	}
	for _, c := range f.Root.Children {
		visit(c, "/"+f.RootName)
	}
	checkItext(tb, f, d, x.XML)
	return d.root
}

func flatPath(flat bool, n *xlsform.Node) bool { return flat && n.Type == xlsform.TypeGroup }

// shown reports whether a person sees the question (pyxform gives it a
// body control).
func shown(n *xlsform.Node) bool {
	if controlTags[n.Type] == "" {
		return false
	}
	return !((n.Calculation != "" || n.Trigger != "") && n.Label.Empty() && n.Hint.Empty())
}

var reInstanceID = regexp.MustCompile(`instance\('([^']+)'\)`)

// checkItemset checks that a select lists its choices.
func checkItemset(tb testing.TB, d *doc, n *xlsform.Node, ctl *xnode) {
	tb.Helper()
	is := ctl.child("itemset")
	if is == nil || is.child("value") == nil || is.child("label") == nil {
		tb.Errorf("select %s: no itemset with value and label", n.Name)
		return
	}
	if n.ListRef != "" {
		return
	}
	m := reInstanceID.FindStringSubmatch(is.attrs["nodeset"])
	if m == nil || d.instances[m[1]] == nil {
		tb.Errorf("select %s: itemset %q names no secondary instance", n.Name, is.attrs["nodeset"])
		return
	}
	if n.External {
		return
	}
	items := d.instances[m[1]].child("root").all("item")
	want := len(n.Choices.Choices)
	if n.OrOther && !hasChoice(n.Choices, "other") {
		want++
	}
	if len(items) < want {
		tb.Errorf("select %s: list %q has %d items in the XForm, want at least %d", n.Name, m[1], len(items), want)
	}
	names := map[string]bool{}
	for _, it := range items {
		names[it.child("name").text] = true
	}
	for _, ch := range n.Choices.Choices {
		if !names[strings.TrimSpace(ch.Name)] {
			tb.Errorf("select %s: choice %q missing from instance %q", n.Name, ch.Name, m[1])
		}
	}
}

// checkItext checks that every jr:itext('id') is defined in every
// translation, that all translations hold the same ids, and that the
// default language is marked.
func checkItext(tb testing.TB, f *xlsform.Form, d *doc, x []byte) {
	tb.Helper()
	var langs []string
	for l := range d.itext {
		langs = append(langs, l)
	}
	for _, m := range reItextRef.FindAllSubmatch(x, -1) {
		for _, l := range langs {
			if d.itext[l][string(m[1])] == nil {
				tb.Errorf("jr:itext('%s') has no text in translation %q", m[1], l)
			}
		}
		if len(langs) == 0 {
			tb.Errorf("jr:itext('%s') but the form has no itext", m[1])
		}
	}
	for _, a := range langs {
		for _, b := range langs {
			if len(d.itext[a]) != len(d.itext[b]) {
				tb.Errorf("translations %q and %q have %d and %d texts", a, b, len(d.itext[a]), len(d.itext[b]))
			}
		}
	}
	if d.itext[f.DefaultLanguage] != nil {
		for _, tr := range d.model.child("itext").all("translation") {
			if (tr.attrs["lang"] == f.DefaultLanguage) != (tr.attrs["default"] == "true()") {
				tb.Errorf("translation %q: default=%q", tr.attrs["lang"], tr.attrs["default"])
			}
		}
	}
}

// wantLanguages checks that a translated text has a translation for each
// of its languages.
func wantLanguages(tb testing.TB, f *xlsform.Form, d *doc, what string, t xlsform.Text) {
	tb.Helper()
	translated := false
	for l := range t {
		translated = translated || l != f.DefaultLanguage
	}
	if !translated {
		return
	}
	for l := range t {
		if d.itext[l] == nil {
			tb.Errorf("%s is written in %q, but the itext has no translation %q", what, l, l)
		}
	}
}
