// Package sheets turns the text source of a built-in form (one
// tab-separated file per XLSForm sheet) into an .xlsx workbook, and reads a
// workbook back into the same rows, so that the generator and the test that
// keeps the committed workbooks in step share one definition of both.
//
// The text format is deliberately plain: UTF-8, one line per spreadsheet
// row, cells separated by tabs, no quoting (a cell is everything between
// two tabs, so it cannot hold a tab or a line break). Line N of a file is
// row N of its sheet, blank lines included, so the row numbers in the form
// reader's messages point at the line to fix. Empty cells at the end of a
// line may be left out.
package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Names are the sheets every built-in form has, in workbook order; sheet
// S is read from S.tsv.
var Names = []string{"survey", "choices", "settings"}

// Optional are the sheets a form may have after those in Names, in
// workbook order: the scoring definition of a scored form (the
// sustainability survey's scoring.tsv).
var Optional = []string{"scoring"}

// Book is a workbook's content: for each sheet in Names, and each sheet of
// Optional the form has, its rows of cells, without empty cells at the end
// of a row or empty rows at the end.
type Book map[string][][]string

// Sheets returns the book's sheet names in workbook order.
func (b Book) Sheets() []string {
	out := slices.Clone(Names)
	for _, name := range Optional {
		if _, ok := b[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// Read reads dir/<sheet>.tsv for every sheet in Names, and for each sheet
// of Optional whose file exists, from fsys.
func Read(fsys fs.FS, dir string) (Book, error) {
	b := Book{}
	for _, name := range slices.Concat(Names, Optional) {
		file := path.Join(dir, name+".tsv")
		data, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) && slices.Contains(Optional, name) {
			continue
		}
		if err != nil {
			return nil, err
		}
		rows, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		b[name] = rows
	}
	return b, nil
}

// Parse reads one tab-separated file. A line with more cells than the
// header row is an error: it means a tab too many has shifted its cells
// into the wrong columns.
func Parse(data []byte) ([][]string, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("the file is not UTF-8 text")
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil, errors.New("the file is empty: it needs at least the header row")
	}
	var rows [][]string
	width := 0
	for i, line := range strings.Split(text, "\n") {
		cells := trimRow(strings.Split(strings.TrimSuffix(line, "\r"), "\t"))
		if i == 0 {
			width = len(cells)
			if width == 0 {
				return nil, errors.New("line 1: the header row is empty")
			}
		} else if len(cells) > width {
			return nil, fmt.Errorf("line %d has %d cells but the header row has %d: look for a tab too many", i+1, len(cells), width)
		}
		rows = append(rows, cells)
	}
	return trimRows(rows), nil
}

// XLSX writes the book as an .xlsx workbook. Only non-empty cells are
// written, every one as text (a version such as 2026112301 stays a string).
// The header row is bold and frozen, so that the sheets are easy to read
// for whoever downloads a built-in form to change it.
func (b Book) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, name := range b.Sheets() {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := writeSheet(f, name, b[name], bold); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writeSheet(f *excelize.File, sheet string, rows [][]string, headerStyle int) error {
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil
	}
	last, err := excelize.ColumnNumberToName(len(rows[0]))
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", headerStyle); err != nil {
		return err
	}
	for c, h := range rows[0] {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(sheet, col, col, columnWidth(h)); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// columnWidth gives the text columns room and keeps the rest narrow.
func columnWidth(header string) float64 {
	field, _, _ := strings.Cut(header, "::")
	switch field {
	case "label", "hint", "constraint_message", "required_message":
		return 48
	case "relevant", "constraint", "calculation", "choice_filter", "instance_name", "form_title":
		return 36
	}
	return 18
}

// FromXLSX reads the sheets back from a workbook, cell values as stored
// (no number formatting). It fails when a sheet of Names is missing or when
// the workbook has a sheet that is neither in Names nor in Optional (after
// them, in that order).
func FromXLSX(data []byte) (Book, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	got := f.GetSheetList()
	b := Book{}
	for _, name := range got {
		if slices.Contains(Optional, name) {
			b[name] = nil
		}
	}
	if want := b.Sheets(); !slices.Equal(got, want) {
		return nil, fmt.Errorf("the workbook has the sheets %q, want %q", got, want)
	}
	for _, name := range got {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		for i := range rows {
			rows[i] = trimRow(rows[i])
		}
		b[name] = trimRows(rows)
	}
	return b, nil
}

// Diff describes the first differences between two books (at most limit),
// naming sheet, row and column; it returns nil when they are equal.
func Diff(want, got Book, limit int) []string {
	var out []string
	for _, name := range slices.Concat(Names, Optional) {
		_, inWant := want[name]
		_, inGot := got[name]
		if inWant != inGot {
			out = append(out, fmt.Sprintf("sheet %s: in the text source %v, in the workbook %v", name, inWant, inGot))
			if len(out) == limit {
				return out
			}
			continue
		}
		w, g := want[name], got[name]
		for r := 0; r < len(w) || r < len(g); r++ {
			var wr, gr []string
			if r < len(w) {
				wr = w[r]
			}
			if r < len(g) {
				gr = g[r]
			}
			for c := 0; c < len(wr) || c < len(gr); c++ {
				wc, gc := cell(wr, c), cell(gr, c)
				if wc == gc {
					continue
				}
				col, _ := excelize.ColumnNumberToName(c + 1)
				out = append(out, fmt.Sprintf("sheet %s, cell %s%d: the text source has %q, the workbook %q", name, col, r+1, wc, gc))
				if len(out) == limit {
					return out
				}
			}
		}
	}
	return out
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func trimRow(cells []string) []string {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func trimRows(rows [][]string) [][]string {
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}
