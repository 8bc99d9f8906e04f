package analysis

import (
	"slices"

	"github.com/remaker-bd/remaker/internal/i18n"
)

// grid accumulates counts of respondents by row and column.
type grid struct {
	counts [][]int
	wnum   [][]float64
	base   []int
	wbase  []float64
	w2base []float64
}

func newGrid(rows, cols int) *grid {
	g := &grid{counts: make([][]int, rows), wnum: make([][]float64, rows), base: make([]int, cols),
		wbase: make([]float64, cols), w2base: make([]float64, cols)}
	for i := range g.counts {
		g.counts[i] = make([]int, cols)
		g.wnum[i] = make([]float64, cols)
	}
	return g
}

func (g *grid) addBase(col int, w float64) {
	g.base[col]++
	g.wbase[col] += w
	g.w2base[col] += w * w
}

func (g *grid) add(row, col int, w float64) {
	g.counts[row][col]++
	g.wnum[row][col] += w
}

// neff is a column's effective sample size (its base when unweighted).
func (g *grid) neff(col int) float64 {
	if g.w2base[col] == 0 {
		return 0
	}
	return g.wbase[col] * g.wbase[col] / g.w2base[col]
}

// cell is the figure at (row, col): count, percentage of the column's
// base and its Wilson interval on the effective sample size.
func (g *grid) cell(row, col int, weighted bool) Cell {
	c := Cell{Count: g.counts[row][col], HasPct: true}
	if g.base[col] == 0 {
		return c
	}
	p, n := float64(c.Count)/float64(g.base[col]), float64(g.base[col])
	if weighted {
		p, n = g.wnum[row][col]/g.wbase[col], g.neff(col)
	}
	lo, hi := Wilson(p, n)
	c.Pct, c.Low, c.High = 100*p, 100*lo, 100*hi
	return c
}

// maxRowsShown is the longest choice list whose empty rows are kept: a
// yes/no/maybe table shows "maybe 0", a table by upazila only the
// upazilas with respondents.
const maxRowsShown = 20

func crosstab(in Input, spec Spec, lang string) (Table, error) {
	qn := in.Questions
	q := qn.Find(spec.Question)
	if q == nil {
		return problem(spec, lang, "question", "analysis.problem.question", spec.Question)
	}
	var by *Question
	if spec.By != "" {
		if by = qn.Find(spec.By); by == nil {
			return problem(spec, lang, "by", "analysis.problem.by", spec.By)
		}
		if !by.CanBy() {
			return problem(spec, lang, "by", "analysis.problem.by_repeat", by.Label.In(lang))
		}
	}
	t := Table{Spec: spec, Title: q.Label.In(lang), RowHead: q.Label.In(lang)}
	if by != nil {
		t.Title = i18n.T(lang, "analysis.title.by", q.Label.In(lang), by.Label.In(lang))
	}
	rs := prepare(in, spec.Weighted, lang, &t)

	// Columns: the breakdown's options, then Total.
	var groups []Option
	if by != nil {
		groups = by.Options
	}
	colIx := map[string]int{}
	for i, o := range groups {
		colIx[o.Code] = i
	}
	rowIx := map[string]int{}
	for i, o := range q.Options {
		rowIx[o.Code] = i
	}
	total := len(groups)
	type member struct {
		rows, cols []int
		w          float64
	}
	var members []member
	groupBase := make([]int, len(groups))
	for _, r := range rs {
		codes, answered := r.answers(q)
		if q.InRepeat {
			answered = len(r.Answers) > 0
		}
		if !answered {
			continue
		}
		m := member{w: r.w}
		for _, c := range codes {
			if i, ok := rowIx[c]; ok {
				m.rows = append(m.rows, i)
			}
		}
		if len(m.rows) == 0 && !q.InRepeat {
			continue
		}
		if by != nil {
			bc, _ := r.answers(by)
			for _, c := range bc {
				if j, ok := colIx[c]; ok {
					m.cols = append(m.cols, j)
					groupBase[j]++
				}
			}
			if len(m.cols) == 0 {
				continue
			}
		}
		members = append(members, m)
	}
	small, shownCols, groupPos := groupLayout(groupBase)
	g := newGrid(len(q.Options), total+1)
	for _, m := range members {
		inTotal := by == nil
		for _, j := range m.cols {
			g.addBase(j, m.w)
			for _, i := range m.rows {
				g.add(i, j, m.w)
			}
			inTotal = inTotal || !small[j]
		}
		if inTotal {
			g.addBase(total, m.w)
			for _, i := range m.rows {
				g.add(i, total, m.w)
			}
		}
	}
	t.N = g.base[total]

	var shownRows []int
	for i := range q.Options {
		if len(q.Options) <= maxRowsShown || g.counts[i][total] > 0 || slices.ContainsFunc(shownCols, func(j int) bool { return g.counts[i][j] > 0 }) {
			shownRows = append(shownRows, i)
		}
	}

	// Suppression over the visible grid.
	counts := make([][]int, len(shownRows))
	for a, i := range shownRows {
		counts[a] = make([]int, len(shownCols))
		for b, j := range shownCols {
			if j < total && small[j] {
				continue // the whole column is hidden
			}
			counts[a][b] = g.counts[i][j]
		}
	}
	var eqs [][][2]int
	visibleCols := append(slices.Clone(groupPos), len(shownCols)-1)
	if q.Kind != QSelectMultiple && !q.InRepeat {
		eqs = append(eqs, columnEquations(len(shownRows), visibleCols)...)
	}
	if by != nil && by.Kind != QSelectMultiple && len(groupPos) > 0 {
		eqs = append(eqs, rowEquations(len(shownRows), groupPos, len(shownCols)-1)...)
	}
	hidden := suppression(counts, eqs)

	for _, j := range shownCols {
		c := Column{Code: "total", Label: i18n.T(lang, "analysis.total"), N: g.base[j]}
		if j < total {
			c = Column{Code: groups[j].Code, Label: groups[j].Label.In(lang), N: g.base[j], Suppressed: small[j]}
		}
		if c.Suppressed {
			c.N = 0
		} else if t.Weighted {
			c.NEff = g.neff(j)
		}
		t.Columns = append(t.Columns, c)
	}
	anyHidden := false
	for a, i := range shownRows {
		row := Row{Code: q.Options[i].Code, Label: q.Options[i].Label.In(lang)}
		for b, j := range shownCols {
			c := g.cell(i, j, t.Weighted)
			if t.Columns[b].Suppressed || hidden[a][b] {
				c.hide()
				anyHidden = true
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.base"))
	if q.Kind == QSelectMultiple {
		t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.multi"))
	}
	if q.InRepeat {
		t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.repeat"))
	}
	t.finish(lang, anyHidden, slices.Contains(small, true))
	return t, nil
}

// finish adds the notes and warnings of suppression, and hides a table
// with too few respondents altogether.
func (t *Table) finish(lang string, anyHidden, smallGroups bool) {
	if anyHidden {
		t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.suppressed"))
	}
	if smallGroups {
		t.Warnings = append(t.Warnings, i18n.T(lang, "analysis.warn.small_groups"))
	}
	if t.N < MinCell {
		t.Warnings = append(t.Warnings, i18n.T(lang, "analysis.warn.too_few"))
		t.hideAll()
	}
}

// hideAll suppresses every figure of a table too small to show.
func (t *Table) hideAll() {
	for j := range t.Columns {
		t.Columns[j].N, t.Columns[j].NEff, t.Columns[j].Suppressed = 0, 0, true
	}
	for i := range t.Rows {
		for j := range t.Rows[i].Cells {
			if !t.Rows[i].Cells[j].HasValue {
				t.Rows[i].Cells[j].hide()
			}
		}
	}
	t.N = 0
}

// groupLayout lays out the columns of groups of the given sizes: small
// marks groups under MinCell (shown suppressed and left out of the
// Total), shown lists the groups with anyone in them and then the Total
// (index len(size)), and groupPos the positions in shown of the groups
// that are not small.
func groupLayout(size []int) (small []bool, shown, groupPos []int) {
	small = make([]bool, len(size))
	for j, n := range size {
		small[j] = n > 0 && n < MinCell
		if n == 0 {
			continue
		}
		if !small[j] {
			groupPos = append(groupPos, len(shown))
		}
		shown = append(shown, j)
	}
	return small, append(shown, len(size)), groupPos
}
