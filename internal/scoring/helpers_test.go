package scoring_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/scoring"
)

// book is a workbook written as text: sheet name to rows, cells separated
// by "|".
type book map[string][]string

func (b book) xlsx(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, name := range []string{"survey", "choices", "settings", "scoring"} {
		rows, ok := b[name]
		if !ok {
			continue
		}
		if first {
			if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range strings.Split(row, "|") {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// clone copies a book so a test can change one cell.
func (b book) clone() book {
	out := book{}
	for k, v := range b {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// set replaces the row of sheet that begins with prefix.
func (b book) set(t testing.TB, sheet, prefix, row string) book {
	t.Helper()
	for i, r := range b[sheet] {
		if strings.HasPrefix(r, prefix) {
			b[sheet][i] = row
			return b
		}
	}
	t.Fatalf("no row %q on %s", prefix, sheet)
	return b
}

// read reads the workbook as an upload and then its scoring.
func (b book) read(t testing.TB) (*scoring.Definition, error) {
	t.Helper()
	data := b.xlsx(t)
	form, err := xlsform.Read(data, xlsform.Options{FileName: "test.xlsx"})
	if err != nil {
		t.Fatalf("the form itself is refused: %v", err)
	}
	return scoring.Read(form, data)
}

// problems returns the problems of an *xlsform.Error.
func problems(t testing.TB, err error) []xlsform.Problem {
	t.Helper()
	var xe *xlsform.Error
	if !errors.As(err, &xe) {
		t.Fatalf("error %v is not an *xlsform.Error", err)
	}
	return xe.Problems
}

// small is a scored form small enough to compute by hand:
//
//	dimension a (weight 2): q1 (weight 1, options), q2 (weight 3, options, reversed)
//	dimension b (weight 1): n1 (weight 1, bands), q3 (weight 1, options; only when q1 is good)
var small = book{
	"survey": {
		"type|name|label::English (en)|label::Bangla (bn)|relevant|score_dimension|score_weight|score_reverse|score_bands",
		"select_one good|q1|Q1|প্র১||a|1||",
		"begin_group|g|G|গ",
		"select_one good|q2|Q2|প্র২||a|3|yes|",
		"integer|n1|N1|সং১||b|||..0=1; 0..10=0.5; 10..=0",
		"end_group",
		"select_one good|q3|Q3|প্র৩|${q1} = 'good'|b",
		"text|remark|Remark|মন্তব্য",
	},
	"choices": {
		"list_name|name|label::English (en)|label::Bangla (bn)|score",
		"good|good|Good|ভালো|1",
		"good|fair|Fair|মোটামুটি|0.4",
		"good|bad|Bad|খারাপ|0",
		"good|dont_know|Don't know|জানি না|missing",
	},
	"settings": {"form_id|version|default_language", "small|1|English (en)"},
	"scoring": {
		"kind|name|value|label::English (en)|label::Bangla (bn)",
		"version|test 1",
		"placeholder||no",
		"note|||A note|একটি নোট",
		"dimension|a|2|A|ক",
		"dimension|b|1|B|খ",
		"min_answered_share||0.5",
		"threshold|low|0..0.5|Low|কম",
		"threshold|high|0.5..1|High|বেশি",
		"sustainable_from||0.5",
	},
}

// rssXLSX returns the built-in sustainability survey's workbook.
func rssXLSX(t testing.TB) []byte {
	t.Helper()
	for _, f := range builtin.All() {
		if f.Name == "rss" {
			return f.XLSX
		}
	}
	t.Fatal("no built-in rss")
	return nil
}

// builtinRSS reads the built-in sustainability survey and its scoring.
func builtinRSS(t testing.TB) (*xlsform.Form, *scoring.Definition) {
	t.Helper()
	data := rssXLSX(t)
	form, err := xlsform.Read(data, xlsform.Options{FileName: "rss.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := scoring.Read(form, data)
	if err != nil {
		t.Fatal(err)
	}
	return form, d
}
