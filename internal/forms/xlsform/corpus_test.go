package xlsform

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared conformance corpus beside the checkout
// (/work/shared/xlsforms). See its README.md for where each file comes from
// and how the expected outcome was decided (pyxform 4.5.0).
const corpusDir = "../../../../shared/xlsforms"

// corpusEntry is one row of the README's file table.
type corpusEntry struct {
	file     string
	expected string // the "Expected outcome" cell
	valid    bool
}

// readCorpusTable parses the README's "Files" table: the file name (second
// cell) and the expected outcome (seventh cell). An outcome that begins with
// "valid" means pyxform produced an XForm; "invalid" means it raised.
func readCorpusTable(t testing.TB) []corpusEntry {
	t.Helper()
	fh, err := os.Open(filepath.Join(corpusDir, "README.md"))
	if err != nil {
		t.Fatalf("corpus README: %v", err)
	}
	defer fh.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	inFiles := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			inFiles = strings.TrimSpace(line) == "## Files"
			continue
		}
		if !inFiles || !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(line, "|")
		// "| # | File | Source | Path | Licence | Features | Expected | Evidence |"
		if len(cells) < 9 {
			continue
		}
		file := strings.Trim(strings.TrimSpace(cells[2]), "`")
		if !strings.Contains(file, ".xls") {
			continue // header and separator rows
		}
		exp := strings.TrimSpace(cells[7])
		out = append(out, corpusEntry{file: file, expected: exp, valid: strings.HasPrefix(exp, "valid")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// invalidMustName lists, for each workbook pyxform refuses, words that our
// refusal must contain, so that the message names what is wrong.
var invalidMustName = map[string][]string{
	"pyxform__include.xlsx":                    {"'include'"},
	"pyxform__duplicate_columns.xlsx":          {`"label"`, "twice"},
	"onadata__transportation.no_choices.xlsx":  {"choices", "transport_types"},
	"onadata__group_names_must_be_unique.xlsx": {`"data"`, "repeat"},
	"onadata__duplicate_choice_form.xlsx":      {"allow_choice_duplicates"},
	"onadata__MCH_v1.xlsx":                     {"'Select one from source'"},
	"cht__pregnancy.xlsx":                      {"'meta'", "reserved"},
	"ipa__phq9_gad7.xlsx":                      {"'caseid'"},
	"jxlsform__earlyendgroup.xlsx":             {"Unmatched", "end group"},
	"jxlsform__unclosedgroup.xlsx":             {"Unmatched", `"group1"`},
	"kpi__rank-xlsx-form.xlsx":                 {"'rank'", "list"},
}

// expressionOnly lists workbooks that pyxform converts but that are wrong in
// a way only an XPath (JavaRosa) check can see. Without the expression
// parser wired in, the verdict is pyxform's: valid.
var expressionOnly = map[string]string{
	"pyxform__bad_calc.xlsx": "its calculation is English prose, not XPath: ODK Validate (JavaRosa) refuses it, " +
		"pyxform does not. Once Options.ExprChecker is wired to the expr package, its syntax check should refuse this form (a deliberate departure from pyxform's verdict).",
}

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "README.md")); err != nil {
		t.Skipf("XLSForm corpus not found at %s (it lives beside the checkout, in shared/xlsforms): %v", corpusDir, err)
	}
	entries := readCorpusTable(t)
	if len(entries) < 50 {
		t.Fatalf("read only %d corpus entries from README.md", len(entries))
	}
	var validOK, invalidOK, xlsRefused, disagree int
	for _, e := range entries {
		t.Run(e.file, func(t *testing.T) {
			form, err := ReadFile(filepath.Join(corpusDir, e.file), Options{})
			if strings.HasSuffix(e.file, ".xls") {
				// Legacy BIFF: refused with a clear message, counted apart.
				var xe *Error
				if !errors.As(err, &xe) || !strings.Contains(xe.Error(), "save the workbook as .xlsx") {
					t.Errorf("legacy .xls: want a refusal asking to save as .xlsx, got %v", err)
					return
				}
				xlsRefused++
				return
			}
			if e.valid {
				if err != nil {
					disagree++
					t.Errorf("pyxform: %s\nwe refused it: %v", e.expected, err)
					return
				}
				if why, ok := expressionOnly[e.file]; ok {
					t.Logf("accepted as pyxform does; note: %s", why)
				}
				checkFormInvariants(t, form)
				validOK++
				return
			}
			if err == nil {
				disagree++
				t.Errorf("pyxform: %s\nwe accepted it", e.expected)
				return
			}
			var xe *Error
			if !errors.As(err, &xe) || len(xe.Problems) == 0 {
				t.Fatalf("want *Error with problems, got %T %v", err, err)
			}
			all := xe.Error()
			for _, w := range invalidMustName[e.file] {
				if !strings.Contains(all, w) {
					t.Errorf("refusal does not name %s: %v", w, all)
				}
			}
			if _, listed := invalidMustName[e.file]; !listed {
				t.Errorf("invalid corpus file %s has no entry in invalidMustName; add the words its refusal must contain", e.file)
			}
			for _, p := range xe.Problems {
				if p.Message == "" {
					t.Errorf("problem without a message: %+v", p)
				}
			}
			invalidOK++
		})
	}
	t.Logf("corpus: %d valid imported, %d invalid refused, %d legacy .xls refused with the save-as-.xlsx message, %d disagreements",
		validOK, invalidOK, xlsRefused, disagree)
}

// checkFormInvariants checks what every imported form must satisfy.
func checkFormInvariants(t *testing.T, f *Form) {
	t.Helper()
	if f.ID == "" || f.Title == "" || f.RootName == "" {
		t.Errorf("form identity incomplete: id=%q title=%q root=%q", f.ID, f.Title, f.RootName)
	}
	if f.Root == nil || f.Root.Path != "/"+f.RootName {
		t.Fatalf("bad root: %+v", f.Root)
	}
	f.Root.Walk(func(n *Node) bool {
		if n == f.Root {
			return true
		}
		if n.Name == "" || n.Type == "" {
			t.Errorf("node without name or type: %+v", n)
		}
		if n.Parent == nil || n.Path != n.Parent.Path+"/"+n.Name {
			t.Errorf("node %q: path %q does not extend its parent's", n.Name, n.Path)
		}
		if !n.Generated && n.Row < 2 {
			t.Errorf("node %q has no row", n.Name)
		}
		if n.IsSelect() && n.ListName == "" {
			t.Errorf("select %q has no list", n.Name)
		}
		if (n.Type == TypeSelectOne || n.Type == TypeSelectMultiple || n.Type == TypeRank) && n.ListRef == "" && n.Choices == nil {
			t.Errorf("select %q has no choices", n.Name)
		}
		return true
	})
}
