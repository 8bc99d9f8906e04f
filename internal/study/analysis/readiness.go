package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// skillCategories returns the BMET categories of a respondent's skills
// (from the ISCO major group of each skill; a group in two categories
// counts in both).
func skillCategories(r Response, q *Question) []string {
	if q == nil {
		return nil
	}
	var out []string
	for _, v := range r.Answers[q.Path] {
		for _, s := range refdata.SkillCategoriesForISCO(strings.TrimSpace(v)) {
			if !slices.Contains(out, s.Code) {
				out = append(out, s.Code)
			}
		}
	}
	return out
}

// demandedCategories are the categories with any demand.
func demandedCategories(ds []Demand) map[string]bool {
	out := map[string]bool{}
	for _, d := range ds {
		if d.Workers > 0 {
			out[d.Category] = true
		}
	}
	return out
}

// measure is one readiness measure: whether a respondent is in its base
// and counts.
type measure struct {
	code string
	test func(r respondent) (inBase, yes bool)
}

// Readiness measure codes (the columns of the profile).
const (
	MeasureN         = "n"
	MeasureWilling   = "willing"
	MeasureSkills    = "skills_in_demand"
	MeasureCert      = "certificate"
	MeasureDocuments = "documents_barrier"
	MeasureBarriers  = "main_barriers"
)

func readiness(in Input, spec Spec, lang string) (Table, error) {
	qn := in.Questions
	grp := qn.Find(QEthnicGroup)
	if grp == nil {
		return problem(spec, lang, "by", "analysis.problem.by", QEthnicGroup)
	}
	t := Table{Spec: spec, Title: i18n.T(lang, "analysis.readiness.title"), RowHead: grp.Label.In(lang)}
	rs := prepare(in, spec.Weighted, lang, &t)
	willing, skill, cert, barriers := qn.Find(QWilling), qn.Find(QSkillGroup), qn.Find(QCertificate), qn.Find(QBarriers)
	demanded := demandedCategories(in.Demand)
	var ms []measure
	if willing != nil {
		ms = append(ms, measure{MeasureWilling, func(r respondent) (bool, bool) {
			v := r.first(willing.Path)
			return v != "", v == "yes" || v == "maybe"
		}})
	}
	if skill != nil {
		ms = append(ms, measure{MeasureSkills, func(r respondent) (bool, bool) {
			return true, slices.ContainsFunc(skillCategories(r.Response, skill), func(c string) bool { return demanded[c] })
		}})
	}
	if cert != nil {
		ms = append(ms, measure{MeasureCert, func(r respondent) (bool, bool) {
			return true, slices.Contains(r.Answers[cert.Path], "yes")
		}})
	}
	if barriers != nil {
		ms = append(ms, measure{MeasureDocuments, func(r respondent) (bool, bool) {
			codes, ok := r.answers(barriers)
			return ok, slices.Contains(codes, "documents")
		}})
	}

	// Columns of the grid: the groups, then Total; rows: the measures.
	groups := grp.Options
	total := len(groups)
	colOf := func(r respondent) int {
		v := r.first(grp.Path)
		return slices.IndexFunc(groups, func(o Option) bool { return o.Code == v })
	}
	size := make([]int, len(groups))
	for _, r := range rs {
		if j := colOf(r); j >= 0 {
			size[j]++
		}
	}
	small, shown, groupPos := groupLayout(size)
	grids := make([]*grid, len(ms))
	for k := range ms {
		grids[k] = newGrid(1, total+1)
	}
	nGrid := newGrid(1, total+1)
	barrierCount := make([]map[string]int, total+1)
	for j := range barrierCount {
		barrierCount[j] = map[string]int{}
	}
	for _, r := range rs {
		j := colOf(r)
		if j < 0 {
			continue
		}
		cols := []int{j}
		if !small[j] {
			cols = append(cols, total)
		}
		var bcodes []string
		if barriers != nil {
			bcodes, _ = r.answers(barriers)
		}
		for _, c := range cols {
			nGrid.addBase(c, r.w)
			nGrid.add(0, c, r.w)
			for _, b := range bcodes {
				if b != "none" {
					barrierCount[c][b]++
				}
			}
			for k, m := range ms {
				inBase, yes := m.test(r)
				if !inBase {
					continue
				}
				grids[k].addBase(c, r.w)
				if yes {
					grids[k].add(0, c, r.w)
				}
			}
		}
	}
	t.N = nGrid.base[total]

	// Suppression: one row of counts per measure, groups x Total.
	counts := make([][]int, len(ms))
	for k := range ms {
		counts[k] = make([]int, len(shown))
		for b, j := range shown {
			if j == total || !small[j] {
				counts[k][b] = grids[k].counts[0][j]
			}
		}
	}
	hidden := suppression(counts, rowEquations(len(ms), groupPos, len(shown)-1))

	t.Columns = append(t.Columns, Column{Code: MeasureN, Label: "n"})
	for _, m := range ms {
		t.Columns = append(t.Columns, Column{Code: m.code, Label: i18n.T(lang, "analysis.readiness."+m.code)})
	}
	if barriers != nil {
		t.Columns = append(t.Columns, Column{Code: MeasureBarriers, Label: i18n.T(lang, "analysis.readiness."+MeasureBarriers)})
	}
	anyHidden := false
	for b, j := range shown {
		row := Row{Code: "total", Label: i18n.T(lang, "analysis.total")}
		if j < total {
			row = Row{Code: groups[j].Code, Label: groups[j].Label.In(lang)}
		}
		rowSmall := j < total && small[j]
		row.Cells = append(row.Cells, Cell{Count: nGrid.base[j]})
		for k := range ms {
			c := grids[k].cell(0, j, t.Weighted)
			if grids[k].base[j] == 0 {
				c.HasPct = false
			}
			if rowSmall || hidden[k][b] {
				c.hide()
				anyHidden = true
			}
			row.Cells = append(row.Cells, c)
		}
		if barriers != nil {
			c := Cell{Text: topBarriers(barrierCount[j], barriers, nGrid.base[j], lang)}
			if rowSmall {
				c.hide()
			}
			row.Cells = append(row.Cells, c)
		}
		if rowSmall {
			row.Cells[0].hide()
		}
		t.Rows = append(t.Rows, row)
	}
	t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.readiness"))
	t.finish(lang, anyHidden, slices.Contains(small, true))
	return t, nil
}

// topBarriers names the three barriers most cited in a group, with the
// share of the group citing each; barriers cited by fewer than MinCell
// are left out.
func topBarriers(count map[string]int, q *Question, n int, lang string) string {
	type bc struct {
		opt Option
		n   int
		pos int
	}
	var list []bc
	for i, o := range q.Options {
		if c := count[o.Code]; c >= MinCell {
			list = append(list, bc{o, c, i})
		}
	}
	slices.SortFunc(list, func(a, b bc) int { return cmp.Or(b.n-a.n, a.pos-b.pos) })
	var parts []string
	for i, b := range list {
		if i == 3 {
			break
		}
		parts = append(parts, i18n.Digits(lang, fmt.Sprintf("%s (%.0f%%)", b.opt.Label.In(lang), 100*float64(b.n)/float64(max(n, 1)))))
	}
	return strings.Join(parts, "; ")
}
