package analysis

import (
	"slices"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Supply column codes.
const (
	SupplyRespondents = "respondents"  // respondents with a skill in the category / preferring the destination
	SupplyWilling     = "willing"      // of them, willing (yes or maybe)
	SupplyDemand      = "demand"       // demand figure, workers
	SupplyDemandShare = "demand_share" // share of all demand, percent
)

func supply(in Input, spec Spec, lang string) (Table, error) {
	qn := in.Questions
	t := Table{Spec: spec}
	rs := prepare(in, spec.Weighted, lang, &t)
	willing := qn.Find(QWilling)
	isWilling := func(r respondent) bool {
		if willing == nil {
			return false
		}
		v := r.first(willing.Path)
		return v == "yes" || v == "maybe"
	}
	var demandTotal float64
	for _, d := range in.Demand {
		demandTotal += float64(d.Workers)
	}
	type rowDef struct {
		code, label string
		has         func(r respondent) bool
		demand      float64
	}
	var rows []rowDef
	var baseOf func(r respondent) bool // who the percentages are of
	switch spec.By {
	case SupplyByDestination:
		dest := qn.Find(QDestination)
		if dest == nil {
			return problem(spec, lang, "by", "analysis.problem.question", QDestination)
		}
		t.Title, t.RowHead = i18n.T(lang, "analysis.supply.title_destination"), i18n.T(lang, "analysis.supply.destination")
		byCountry := map[string]float64{}
		for _, d := range in.Demand {
			byCountry[d.Country] += float64(d.Workers)
		}
		codes := []string{}
		for _, o := range dest.Options {
			if o.Code != "other" {
				codes = append(codes, o.Code)
			}
		}
		for c := range byCountry {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		for _, c := range codes {
			label := c
			if ci, ok := refdata.Country(c); ok {
				label = ci.Name(lang)
			}
			code := c
			rows = append(rows, rowDef{code: c, label: label, demand: byCountry[c], has: func(r respondent) bool {
				got, _ := r.answers(dest)
				return slices.Contains(got, code)
			}})
		}
		baseOf = func(r respondent) bool { _, ok := r.answers(dest); return ok }
		t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.supply_destination"))
	default:
		skill := qn.Find(QSkillGroup)
		if skill == nil {
			return problem(spec, lang, "by", "analysis.problem.question", QSkillGroup)
		}
		t.Title, t.RowHead = i18n.T(lang, "analysis.supply.title_category"), i18n.T(lang, "analysis.supply.category")
		byCat := map[string]float64{}
		for _, d := range in.Demand {
			byCat[d.Category] += float64(d.Workers)
		}
		for _, s := range refdata.SkillCategories() {
			code := s.Code
			rows = append(rows, rowDef{code: code, label: s.Name(lang), demand: byCat[code], has: func(r respondent) bool {
				return slices.Contains(skillCategories(r.Response, skill), code)
			}})
		}
		baseOf = func(respondent) bool { return true }
		t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.supply_category"))
	}
	// Column 0: respondents with the skill (of all in the base); column
	// 1: willing respondents with it (of the willing in the base).
	g := newGrid(len(rows), 2)
	for _, r := range rs {
		if !baseOf(r) {
			continue
		}
		w := isWilling(r)
		g.addBase(0, r.w)
		if w {
			g.addBase(1, r.w)
		}
		for i, d := range rows {
			if d.has(r) {
				g.add(i, 0, r.w)
				if w {
					g.add(i, 1, r.w)
				}
			}
		}
	}
	t.N = g.base[0]
	t.Columns = []Column{
		{Code: SupplyRespondents, Label: i18n.T(lang, "analysis.supply."+SupplyRespondents), N: g.base[0]},
		{Code: SupplyWilling, Label: i18n.T(lang, "analysis.supply."+SupplyWilling), N: g.base[1]},
		{Code: SupplyDemand, Label: i18n.T(lang, "analysis.supply."+SupplyDemand)},
		{Code: SupplyDemandShare, Label: i18n.T(lang, "analysis.supply."+SupplyDemandShare)},
	}
	if t.Weighted {
		t.Columns[0].NEff, t.Columns[1].NEff = g.neff(0), g.neff(1)
	}
	anyHidden := false
	for i, d := range rows {
		if spec.By == SupplyByDestination && g.counts[i][0] == 0 && d.demand == 0 {
			continue // a destination nobody prefers and nobody demands
		}
		row := Row{Code: d.code, Label: d.label}
		for j := 0; j < 2; j++ {
			c := g.cell(i, j, t.Weighted)
			if g.base[j] == 0 {
				c.HasPct = false
			}
			if c.Count > 0 && c.Count < MinCell {
				c.hide()
				anyHidden = true
			}
			row.Cells = append(row.Cells, c)
		}
		share := Cell{HasValue: true, ValuePct: true}
		if demandTotal > 0 {
			share.Value = 100 * d.demand / demandTotal
		}
		row.Cells = append(row.Cells, Cell{Value: d.demand, HasValue: true}, share)
		t.Rows = append(t.Rows, row)
	}
	if len(in.Demand) == 0 {
		t.Warnings = append(t.Warnings, i18n.T(lang, "analysis.warn.no_demand"))
	}
	t.finish(lang, anyHidden, false)
	return t, nil
}
