package forms

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// departures are corpus workbooks pyxform accepts (it does not check
// XPath) that Remaker refuses once expressions are parsed, each for a
// reason ODK Validate would share. Any other refusal fails the test.
var departures = map[string]string{
	"pyxform__bad_calc.xlsx":            "unterminated string", // English prose in a calculation
	"pyxform__xl_date_ambiguous.xlsx":   "axis label::",        // "label::English" is not a path
	"ipa__repeat_allows_selection.xlsx": "device-info()",       // SurveyCTO-only functions
}

// TestCorpusWithExpressions reads every corpus workbook pyxform accepts
// with full expression checking: each imports, except the departures,
// which are refused with a message naming the fault.
func TestCorpusWithExpressions(t *testing.T) {
	dir := "../../../shared/xlsforms"
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Skip("the corpus in ../shared/xlsforms is not beside this checkout")
	}
	seen := 0
	for _, line := range strings.Split(string(readme), "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 9 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cols[2]), "`")
		verdict := strings.TrimSpace(cols[7])
		if !strings.HasSuffix(name, ".xlsx") && !strings.HasSuffix(name, ".xlsm") {
			continue
		}
		if !strings.HasPrefix(verdict, "valid") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read(data, name)
		want, departs := departures[name]
		switch {
		case departs && err == nil:
			t.Errorf("%s imports, but its expressions should be refused (%s)", name, want)
		case departs && !strings.Contains(err.Error(), want):
			t.Errorf("%s is refused without naming %q: %v", name, want, err)
		case !departs && err != nil:
			t.Errorf("%s: %v", name, err)
		}
		seen++
	}
	if seen < 40 {
		t.Errorf("only %d valid workbooks found in the corpus README: has its table changed?", seen)
	}
}
