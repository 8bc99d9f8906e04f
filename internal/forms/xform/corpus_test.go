package xform

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// corpusDir is the shared XLSForm conformance corpus beside the checkout
// (see its README.md: where each workbook comes from, which are valid, and
// the reference XForms pyxform 4.5.0 produced).
const corpusDir = "../../../../shared/xlsforms"

func corpusFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "README.md")); err != nil {
		t.Skipf("XLSForm corpus not found at %s (it lives beside the checkout, in shared/xlsforms): %v", corpusDir, err)
	}
	var files []string
	for _, pat := range []string{"*.xlsx", "*.xlsm"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	return files
}

// refusedByConverter lists the corpus workbooks the reader accepts but
// that use features Remaker's XForms do not carry, with the words the
// refusal must contain (so that it names the feature and the question).
var refusedByConverter = map[string][]string{
	// ODK entities and OpenStreetMap questions.
	"pyxform__case_insensitivity.xlsx": {"entities", `Question "q3"`, "osm"},
}

// TestCorpusConverts converts every workbook of the corpus that the
// reader accepts: each must give a well-formed XForm with the structure
// ODK clients need (checkStructure), the same bytes twice, or be refused
// with problems naming what is not supported.
func TestCorpusConverts(t *testing.T) {
	converted := 0
	for _, path := range corpusFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := forms.Read(data, name)
			if err != nil {
				t.Skipf("the reader refuses it (its own corpus test decides whether rightly): %v", firstLine(err))
			}
			x, err := Convert(f)
			if words, ok := refusedByConverter[name]; ok {
				var xe *xlsform.Error
				if !errors.As(err, &xe) {
					t.Fatalf("want a refusal naming %q, got %v", words, err)
				}
				for _, w := range words {
					if !strings.Contains(xe.Error(), w) {
						t.Errorf("the refusal does not mention %q: %v", w, xe)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			checkStructure(t, f, x)
			again, err := Convert(f)
			if err != nil || !bytes.Equal(again.XML, x.XML) || again.Hash != x.Hash {
				t.Error("converting the same form twice gave different bytes")
			}
			converted++
		})
	}
	t.Logf("%d corpus forms converted", converted)
}

// TestCorpusMatchesPyxform compares our XForms with the reference XForms
// of the corpus, made by pyxform 4.5.0 from the same workbooks: same
// title, submission, primary instance (nesting, attributes, defaults),
// secondary instances, binds (by nodeset, every attribute), body (nesting,
// attributes, labels and hints with their <output/>s) and itext (every
// language, text id, form and value). Element and attribute order is
// ignored where XForms ignores it. The four references made from legacy
// .xls workbooks are not compared: the reader refuses .xls.
func TestCorpusMatchesPyxform(t *testing.T) {
	corpusFiles(t)
	refs, err := filepath.Glob(filepath.Join(corpusDir, "pyxform__*.expected.xml"))
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, ref := range refs {
		stem := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(ref), "pyxform__"), ".expected.xml")
		wb := filepath.Join(corpusDir, "pyxform__"+stem+".xlsx")
		if _, err := os.Stat(wb); err != nil {
			continue // made from an .xls workbook
		}
		t.Run(stem, func(t *testing.T) {
			data, err := os.ReadFile(wb)
			if err != nil {
				t.Fatal(err)
			}
			// As pyxform's own test converts them (see the README): the
			// original file name, and the stem as the root element, except
			// for survey_no_name.
			f, err := forms.Read(data, stem+".xlsx")
			if err != nil {
				t.Fatal(err)
			}
			if stem != "survey_no_name" {
				f.RootName = stem
			}
			x, err := Convert(f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(ref)
			if err != nil {
				t.Fatal(err)
			}
			missing, extra := diffFacts(facts(t, want, readerDifferences), facts(t, x.XML, readerDifferences))
			for _, m := range missing {
				t.Errorf("pyxform has, we have not: %s", m)
			}
			for _, e := range extra {
				t.Errorf("we have, pyxform has not: %s", e)
			}
			compared++
		})
	}
	if compared < 6 {
		t.Errorf("compared %d reference XForms, want the 6 made from .xlsx workbooks", compared)
	}
}

// readerDifferences hides a difference that comes from the XLSForm
// reader, not from this package: smart quotes are replaced in expression
// columns only, where pyxform replaces them in every cell.
func readerDifferences(s string) string {
	return strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'").Replace(s)
}

func firstLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, ';'); i > 0 {
		s = s[:i]
	}
	return s
}

// TestBuiltinForms checks the XForm of each form Remaker ships with the
// same structural checks as the corpus (the builtin package's own test
// checks their languages and that they need no media).
func TestBuiltinForms(t *testing.T) {
	for _, b := range builtin.All() {
		t.Run(b.Name, func(t *testing.T) {
			f, err := forms.Read(b.XLSX, b.FileName)
			if err != nil {
				t.Fatalf("forms.Read: %v", err)
			}
			x, err := Convert(f)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			checkStructure(t, f, x)
		})
	}
}
