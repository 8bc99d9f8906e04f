package analysis

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/i18n"
)

// SuppressedMark stands for a suppressed figure in tables, charts and
// exports (as statistical offices mark confidential cells).
const SuppressedMark = "x"

// DisplayTable is a Table as strings ready to print.
type DisplayTable struct {
	Caption string
	Head    []DisplayCell // the first is the row header
	Rows    [][]DisplayCell
	Notes   []string // the method notes, then the warnings
	Legend  string   // what SuppressedMark means
}

// DisplayCell is one printed cell: Text is the figure (a percentage, a
// count, a value or a text), Detail the 95% interval, Count the
// respondents behind a percentage.
type DisplayCell struct {
	Text, Detail, Count string
	Title               string // a tooltip (the meaning of a mark)
	Suppressed          bool
	Num                 bool // right-aligned figure
}

func pct(lang string, v float64) string {
	return i18n.Digits(lang, strconv.FormatFloat(v, 'f', 1, 64)+"%")
}

func interval(lang string, lo, hi float64) string {
	return i18n.Digits(lang, strconv.FormatFloat(lo, 'f', 1, 64)+"–"+strconv.FormatFloat(hi, 'f', 1, 64))
}

func count(lang string, n int) string { return i18n.Number(lang, int64(n)) }

// Display turns a table into printed strings in lang.
func Display(t Table, lang string) DisplayTable {
	mark := i18n.T(lang, "analysis.suppressed_title")
	d := DisplayTable{Caption: t.Title, Legend: i18n.T(lang, "analysis.legend", SuppressedMark)}
	if t.Weighted {
		d.Caption = i18n.T(lang, "analysis.caption_weighted", t.Title)
	}
	d.Head = append(d.Head, DisplayCell{Text: t.RowHead})
	for _, c := range t.Columns {
		h := DisplayCell{Text: c.Label}
		switch {
		case c.Suppressed:
			h.Detail, h.Suppressed, h.Title = "n: "+SuppressedMark, true, mark
		case c.N > 0 && c.NEff > 0:
			h.Detail = i18n.Digits(lang, fmt.Sprintf("n %s, n_eff %.1f", count(lang, c.N), c.NEff))
		case c.N > 0:
			h.Detail = "n " + count(lang, c.N)
		}
		d.Head = append(d.Head, h)
	}
	for _, r := range t.Rows {
		row := []DisplayCell{{Text: r.Label}}
		for _, c := range r.Cells {
			row = append(row, displayCell(c, lang, mark))
		}
		d.Rows = append(d.Rows, row)
	}
	d.Notes = append(append(d.Notes, t.Notes...), t.Warnings...)
	return d
}

func displayCell(c Cell, lang, mark string) DisplayCell {
	switch {
	case c.Suppressed:
		return DisplayCell{Text: SuppressedMark, Title: mark, Suppressed: true, Num: true}
	case c.Text != "":
		return DisplayCell{Text: c.Text}
	case c.HasValue && c.ValuePct:
		return DisplayCell{Text: pct(lang, c.Value), Num: true}
	case c.HasValue:
		return DisplayCell{Text: count(lang, int(math.Round(c.Value))), Num: true}
	case c.HasPct:
		return DisplayCell{Text: pct(lang, c.Pct), Detail: interval(lang, c.Low, c.High), Count: count(lang, c.Count), Num: true}
	}
	return DisplayCell{Text: count(lang, c.Count), Num: true}
}

// TableHTML renders a table as an HTML <table> (class analysis-table),
// with its notes in a list after it.
func TableHTML(t Table, lang string) template.HTML {
	if t.Problem != "" {
		return template.HTML(`<p class="analysis-problem" role="alert">` + template.HTMLEscapeString(t.Problem) + `</p>`)
	}
	d := Display(t, lang)
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.WriteString(`<table class="data analysis-table"><caption>` + esc(d.Caption) + `</caption><thead><tr>`)
	for i, h := range d.Head {
		attr := ` scope="col"`
		if h.Title != "" {
			attr += ` title="` + esc(h.Title) + `"`
		}
		b.WriteString("<th" + attr + ">" + esc(h.Text))
		if h.Detail != "" && i > 0 {
			b.WriteString(`<br><span class="analysis-n">` + esc(h.Detail) + `</span>`)
		}
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead><tbody>")
	for _, row := range d.Rows {
		b.WriteString("<tr>")
		for i, c := range row {
			if i == 0 {
				b.WriteString(`<th scope="row">` + esc(c.Text) + `</th>`)
				continue
			}
			class := ""
			switch {
			case c.Suppressed:
				class = ` class="num analysis-suppressed"`
			case c.Num:
				class = ` class="num"`
			}
			title := ""
			if c.Title != "" {
				title = ` title="` + esc(c.Title) + `"`
			}
			b.WriteString("<td" + class + title + ">" + esc(c.Text))
			if c.Detail != "" {
				b.WriteString(` <span class="analysis-ci">(` + esc(c.Detail) + `)</span>`)
			}
			if c.Count != "" {
				b.WriteString(`<br><span class="analysis-n">n ` + esc(c.Count) + `</span>`)
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	b.WriteString(`<ul class="analysis-notes"><li>` + esc(d.Legend) + `</li>`)
	for _, n := range d.Notes {
		b.WriteString("<li>" + esc(n) + "</li>")
	}
	b.WriteString("</ul>")
	return template.HTML(b.String())
}

// chartColours are the series colours (colour-blind safe, Okabe-Ito).
var chartColours = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

// chartValue is a cell's percentage for a chart, ok false when the cell
// has none.
func chartValue(c Cell) (v, lo, hi float64, ci, ok bool) {
	switch {
	case c.HasPct:
		return c.Pct, c.Low, c.High, true, true
	case c.HasValue && c.ValuePct:
		return c.Value, 0, 0, false, true
	case c.Suppressed:
		return 0, 0, 0, false, true
	}
	return 0, 0, 0, false, false
}

// BarChartSVG draws a table's percentages as a horizontal bar chart: one
// block of bars per row, one bar per column that holds percentages, with
// the 95% interval as a whisker and SuppressedMark for a suppressed cell.
// The SVG has a title and a description and no script or style; print
// the table beside it, which is its accessible form.
func BarChartSVG(t Table, lang string) template.HTML {
	h := fnv.New32a()
	h.Write([]byte(t.Title + "|" + fmt.Sprint(t.Spec)))
	return BarChartSVGID(t, lang, fmt.Sprintf("achart-%x", h.Sum32()))
}

// BarChartSVGID is BarChartSVG with the id its title and description
// take ids from (id+"-t", id+"-d"), for pages that show the same table
// twice; id should be a plain name (letters, digits, - and _).
func BarChartSVGID(t Table, lang, id string) template.HTML {
	id = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id)
	if t.Problem != "" {
		return ""
	}
	var series []int
	for j := range t.Columns {
		for _, r := range t.Rows {
			if _, _, _, _, ok := chartValue(r.Cells[j]); ok && !r.Cells[j].Suppressed {
				series = append(series, j)
				break
			}
		}
	}
	if len(series) == 0 || len(t.Rows) == 0 {
		return ""
	}
	esc := template.HTMLEscapeString
	const width, labelW, barH, gap, legendRow = 640.0, 190.0, 12.0, 10.0, 18.0
	plotW := width - labelW - 50
	legendH := legendRow * math.Ceil(float64(len(series))/3)
	top := legendH + 24
	blockH := float64(len(series))*barH + gap + 14
	height := top + float64(len(t.Rows))*blockH + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="analysis-chart" xmlns="http://www.w3.org/2000/svg" width="100%%" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d">`,
		width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(t.Title), id,
		esc(i18n.T(lang, "analysis.chart_desc", SuppressedMark)))
	for k, j := range series {
		x := 10 + float64(k%3)*210
		y := 6 + legendRow*float64(k/3)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/><text x="%.1f" y="%.1f" font-size="12">%s</text>`,
			x, y, chartColours[k%len(chartColours)], x+16, y+10, esc(truncate(t.Columns[j].Label, 30)))
	}
	// Axis: 0, 25, 50, 75, 100 %.
	for p := 0; p <= 100; p += 25 {
		x := labelW + plotW*float64(p)/100
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ccc" stroke-width="1"/>`, x, top-4, x, height-18)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%s</text>`, x, height-6, i18n.Digits(lang, strconv.Itoa(p)+"%"))
	}
	for i, r := range t.Rows {
		y0 := top + float64(i)*blockH
		fmt.Fprintf(&b, `<text x="4" y="%.1f" font-size="12" font-weight="bold">%s</text>`, y0+10, esc(truncate(r.Label, 60)))
		for k, j := range series {
			y := y0 + 14 + float64(k)*barH
			c := r.Cells[j]
			v, lo, hi, ci, _ := chartValue(c)
			if c.Suppressed {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10">%s</text>`, labelW+2, y+barH-3, SuppressedMark)
				continue
			}
			w := plotW * math.Min(100, math.Max(0, v)) / 100
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
				labelW, y, w, barH-2, chartColours[k%len(chartColours)], esc(t.Columns[j].Label), pct(lang, v))
			if ci {
				x1, x2 := labelW+plotW*lo/100, labelW+plotW*hi/100
				fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333" stroke-width="1"/>`, x1, y+barH/2-1, x2, y+barH/2-1)
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10">%s</text>`, labelW+math.Max(w, plotW*hi/100)+4, y+barH-3, pct(lang, v))
		}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
