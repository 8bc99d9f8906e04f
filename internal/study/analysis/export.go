package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/i18n"
)

// columnShape is how a column is written out: percentages take four
// columns (n, %, 95% CI low, high), other figures one.
func columnShape(t Table, j int) string {
	for _, r := range t.Rows {
		c := r.Cells[j]
		switch {
		case c.HasPct:
			return "pct"
		case c.Text != "":
			return "text"
		case c.HasValue:
			return "value"
		}
	}
	return "count"
}

// exportRows lays a table out as rows of cells (strings or float64) for
// CSV and XLSX: a title row, a header row, a row of bases, the rows,
// then the legend and notes (the weighting note among them).
func exportRows(t Table, lang string) [][]any {
	if t.Problem != "" {
		return [][]any{{t.Problem}}
	}
	title := t.Title
	if t.Weighted {
		title = i18n.T(lang, "analysis.caption_weighted", t.Title)
	}
	out := [][]any{{title}}
	head := []any{t.RowHead}
	bases := []any{"n"}
	shapes := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		shapes[j] = columnShape(t, j)
		var n any = float64(c.N)
		if c.Suppressed {
			n = SuppressedMark
		} else if c.N == 0 {
			n = ""
		}
		if shapes[j] == "pct" {
			head = append(head, c.Label+" (n)", c.Label+" (%)", c.Label+" "+i18n.T(lang, "analysis.ci_low"), c.Label+" "+i18n.T(lang, "analysis.ci_high"))
			bases = append(bases, n, "", "", "")
			continue
		}
		head = append(head, c.Label)
		bases = append(bases, n)
	}
	out = append(out, head, bases)
	round := func(v float64) float64 { return math.Round(v*10) / 10 }
	for _, r := range t.Rows {
		row := []any{r.Label}
		for j, c := range r.Cells {
			switch {
			case shapes[j] == "pct" && c.Suppressed:
				row = append(row, SuppressedMark, SuppressedMark, SuppressedMark, SuppressedMark)
			case shapes[j] == "pct" && !c.HasPct:
				row = append(row, float64(c.Count), "", "", "")
			case shapes[j] == "pct":
				row = append(row, float64(c.Count), round(c.Pct), round(c.Low), round(c.High))
			case c.Suppressed:
				row = append(row, SuppressedMark)
			case c.Text != "" || shapes[j] == "text":
				row = append(row, c.Text)
			case c.HasValue && c.ValuePct:
				row = append(row, round(c.Value))
			case c.HasValue:
				row = append(row, math.Round(c.Value))
			default:
				row = append(row, float64(c.Count))
			}
		}
		out = append(out, row)
	}
	out = append(out, []any{}, []any{i18n.T(lang, "analysis.legend", SuppressedMark)})
	for _, n := range append(append([]string{}, t.Notes...), t.Warnings...) {
		out = append(out, []any{n})
	}
	return out
}

// defuse keeps a spreadsheet from reading text as a formula.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes a table as CSV (UTF-8 with a byte-order mark, so that
// spreadsheet programs read Bangla right).
func WriteCSV(w io.Writer, t Table, lang string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range exportRows(t, lang) {
		rec := make([]string, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case float64:
				rec[i] = fmt.Sprint(x)
			case string:
				rec[i] = defuse(x)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes tables as a workbook, one sheet per table.
func WriteXLSX(w io.Writer, tables []Table, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	for k, t := range tables {
		name := fmt.Sprintf("Table %d", k+1)
		if k == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for i, row := range exportRows(t, lang) {
			cells := make([]any, len(row))
			for j, v := range row {
				if s, ok := v.(string); ok {
					v = defuse(s)
				}
				cells[j] = v
			}
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return err
			}
			if err := f.SetSheetRow(name, cell, &cells); err != nil {
				return err
			}
		}
	}
	_, err := f.WriteTo(w)
	return err
}
