package xlsform

import (
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheet is a sheet for a test workbook: its name and rows of cells.
type sheet struct {
	name string
	rows [][]any
}

// book builds an .xlsx workbook with the given sheets, in order.
func book(tb testing.TB, sheets ...sheet) []byte {
	tb.Helper()
	b, err := buildBook(sheets...)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func buildBook(sheets ...sheet) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// survey makes a survey sheet from a header and rows.
func survey(rows ...[]any) sheet  { return sheet{name: "survey", rows: rows} }
func choices(rows ...[]any) sheet { return sheet{name: "choices", rows: rows} }
func settings(header, values []any) sheet {
	return sheet{name: "settings", rows: [][]any{header, values}}
}

func row(cells ...any) []any { return cells }

// mustRead reads a workbook that must be accepted.
func mustRead(tb testing.TB, data []byte, opts ...Options) *Form {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	f, err := Read(data, o)
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return f
}

// mustRefuse reads a workbook that must be refused and returns its problems.
func mustRefuse(tb testing.TB, data []byte, opts ...Options) []Problem {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	f, err := Read(data, o)
	if err == nil {
		tb.Fatalf("Read accepted the workbook (%d nodes); want a refusal", len(f.Root.Children))
	}
	var xe *Error
	if !errors.As(err, &xe) {
		tb.Fatalf("error %T %v is not *Error", err, err)
	}
	if len(xe.Problems) == 0 {
		tb.Fatal("*Error without problems")
	}
	return xe.Problems
}

// findProblem returns the first problem whose message contains all words.
func findProblem(ps []Problem, words ...string) (Problem, bool) {
next:
	for _, p := range ps {
		for _, w := range words {
			if !strings.Contains(p.Message, w) {
				continue next
			}
		}
		return p, true
	}
	return Problem{}, false
}

// wantProblem fails unless a problem mentions all words, and checks where it is.
func wantProblem(tb testing.TB, ps []Problem, sheet string, row int, column string, words ...string) Problem {
	tb.Helper()
	var at []Problem
	for _, p := range ps {
		if p.Sheet == sheet && p.Row == row && p.Column == column {
			at = append(at, p)
		}
	}
	p, ok := findProblem(at, words...)
	if !ok {
		p, ok = findProblem(ps, words...)
	}
	if !ok {
		tb.Fatalf("no problem mentions %q; got:\n%s", words, dump(ps))
	}
	if p.Sheet != sheet || p.Row != row || p.Column != column {
		tb.Errorf("problem %q is at sheet %q row %d column %q; want sheet %q row %d column %q",
			p.Message, p.Sheet, p.Row, p.Column, sheet, row, column)
	}
	return p
}

func dump(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  ")
		b.WriteString(p.String())
		b.WriteString("\n")
	}
	return b.String()
}
