package web

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study/analysis"
)

// A study's analysis: cross-tabulations of its questionnaire, the
// migration-readiness profile by ethnic group, and skills supply against
// destination demand with the demand figures' edit form. Aggregates only
// (see package analysis): everyone who reads the study sees them; the
// study's lead links the questionnaire, the team edits demand figures.
// Forms are GET forms and work without JavaScript; charts are SVG drawn
// on the server.

// registerAnalysis adds this area's pages.
func (ui *UI) registerAnalysis(mux *http.ServeMux) {
	mux.HandleFunc("GET /studies/{id}/analysis", ui.analysisCrosstab)
	mux.HandleFunc("GET /studies/{id}/analysis/readiness", ui.analysisReadiness)
	mux.HandleFunc("GET /studies/{id}/analysis/supply", ui.analysisSupply)
	mux.HandleFunc("GET /studies/{id}/analysis.csv", ui.analysisExport)
	mux.HandleFunc("GET /studies/{id}/analysis.xlsx", ui.analysisExport)
	mux.HandleFunc("POST /studies/{id}/analysis/form", ui.analysisSetForm)
	mux.HandleFunc("POST /studies/{id}/analysis/demand", ui.analysisSaveDemand)
}

// analysisViews are the sub-pages of the analysis tab.
var analysisViews = []analysis.Kind{analysis.KindCrosstab, analysis.KindReadiness, analysis.KindSupply}

// analysisResult is one computed table, ready to show.
type analysisResult struct {
	Table analysis.Table
	HTML  template.HTML
	Chart template.HTML
	Query string // the spec as a query, for the download links
}

type analysisPageData struct {
	Head    studyHead
	View    analysis.Kind
	Views   []analysis.Kind
	Spec    analysis.Spec
	Form    store.AnalysisForm
	Choices []store.AnalysisFormChoice // forms the lead may link
	// Crosstab: the questions and breakdowns to choose from.
	Questions []analysis.QuestionInfo
	Bys       []analysis.QuestionInfo
	Results   []analysisResult
	// Supply: the demand figures and their edit form.
	Demand     []analysisDemandRow
	EditDemand bool
	Countries  []refdata.CountryInfo
	Categories []refdata.SkillCategory
}

// analysisDemandRow is a row of the demand form: index i names its
// inputs figures[i].country and so on.
type analysisDemandRow struct {
	Index                               int
	Country, Category, Workers, Source  string
	CountryName, CategoryName, EditedBy string
	Edited                              any
}

// Name is the input name of a field of the row.
func (r analysisDemandRow) Name(field string) string {
	return fmt.Sprintf("figures[%d].%s", r.Index, field)
}

// analysisBlankRows are the empty rows of the demand form, for new figures.
const analysisBlankRows = 3

// Href is the address of a sub-page.
func (d analysisPageData) Href(v analysis.Kind) string {
	base := "/studies/" + d.Head.Study.ID + "/analysis"
	if v != analysis.KindCrosstab {
		base += "/" + string(v)
	}
	return base
}

// Selected reports whether the question named name is the one chosen.
func (d analysisPageData) Selected(field, name string) bool {
	if field == "by" {
		return d.Spec.By == name
	}
	return d.Spec.Question == name
}

// analysisDefaultSpec is what the cross-tabulation shows first.
var analysisDefaultSpec = analysis.Spec{Kind: analysis.KindCrosstab, Question: analysis.QWilling, By: analysis.QEthnicGroup}

func (ui *UI) analysisPage(w http.ResponseWriter, r *http.Request, view analysis.Kind) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	ui.analysisReshow(w, r, view)(ui.newPage(w, r, "study.heading"), pr.Actor, http.StatusOK)
}

func (ui *UI) analysisCrosstab(w http.ResponseWriter, r *http.Request) {
	ui.analysisPage(w, r, analysis.KindCrosstab)
}

func (ui *UI) analysisReadiness(w http.ResponseWriter, r *http.Request) {
	ui.analysisPage(w, r, analysis.KindReadiness)
}

func (ui *UI) analysisSupply(w http.ResponseWriter, r *http.Request) {
	ui.analysisPage(w, r, analysis.KindSupply)
}

// analysisSpecOf reads the spec of a page's query; the cross-tabulation
// without a question shows the default.
func analysisSpecOf(r *http.Request, view analysis.Kind) analysis.Spec {
	q := r.URL.Query()
	q.Set("kind", string(view))
	spec := analysis.ParseSpec(q)
	if view == analysis.KindCrosstab && spec.Question == "" {
		spec.Question, spec.By = analysisDefaultSpec.Question, cmp.Or(spec.By, analysisDefaultSpec.By)
		if !q.Has("question") && q.Has("by") {
			spec.By = q.Get("by")
		}
	}
	return spec
}

func (ui *UI) analysisShow(p *Page, r *http.Request, a app.Actor, view analysis.Kind) (analysisPageData, error) {
	ctx := r.Context()
	h, err := ui.studyLoad(r, a, "analysis")
	if err != nil {
		return analysisPageData{}, err
	}
	p.Title = h.Study.Title(p.Lang)
	d := analysisPageData{Head: h, View: view, Views: analysisViews, Spec: analysisSpecOf(r, view)}
	if d.Form, err = ui.DB.StudyAnalysisForm(ctx, a, h.Study.ID); err != nil {
		return d, err
	}
	if h.Rights.Edit {
		if d.Choices, err = ui.DB.AnalysisFormChoices(ctx, a); err != nil {
			return d, err
		}
	}
	compute := func(spec analysis.Spec) error {
		if d.Form.VersionID == "" {
			return nil // the page says there is nothing to analyse
		}
		t, err := ui.DB.StudyAnalysis(ctx, a, h.Study.ID, spec, p.Lang)
		if err != nil && t.Problem == "" {
			return err
		}
		d.Results = append(d.Results, analysisResult{Table: t, HTML: analysis.TableHTML(t, p.Lang), Chart: analysis.BarChartSVG(t, p.Lang),
			Query: spec.Query().Encode()})
		return nil
	}
	switch view {
	case analysis.KindCrosstab:
		if d.Questions, err = ui.DB.StudyAnalysisQuestions(ctx, a, h.Study.ID, p.Lang); err != nil {
			return d, err
		}
		d.Bys = analysisBys(d.Questions)
		err = compute(d.Spec)
	case analysis.KindReadiness:
		err = compute(d.Spec)
	case analysis.KindSupply:
		cat := d.Spec
		cat.By = analysis.SupplyByCategory
		dest := d.Spec
		dest.By = analysis.SupplyByDestination
		if err = compute(cat); err == nil {
			err = compute(dest)
		}
		if err == nil {
			err = ui.analysisDemandForm(p, r, a, &d)
		}
	}
	return d, err
}

// analysisBys orders the breakdowns: ethnic group, sex and district
// first, then the other questions asked once per respondent.
func analysisBys(qs []analysis.QuestionInfo) []analysis.QuestionInfo {
	first := []string{analysis.QEthnicGroup, analysis.QSex, analysis.QDistrict}
	var out, rest []analysis.QuestionInfo
	for _, name := range first {
		if i := slices.IndexFunc(qs, func(q analysis.QuestionInfo) bool { return q.Name == name }); i >= 0 {
			out = append(out, qs[i])
		}
	}
	for _, q := range qs {
		if q.CanBy && !slices.Contains(first, q.Name) {
			rest = append(rest, q)
		}
	}
	return append(out, rest...)
}

// analysisDemandForm fills the demand figures and, for those who may
// edit them, the rows of the form: as posted after a refusal, else as
// stored, with blank rows for new figures.
func (ui *UI) analysisDemandForm(p *Page, r *http.Request, a app.Actor, d *analysisPageData) error {
	ctx := r.Context()
	figs, err := ui.DB.StudyDemand(ctx, a, d.Head.Study.ID)
	if err != nil {
		return err
	}
	d.EditDemand = d.Head.Rights.Work
	if d.EditDemand {
		d.Countries, d.Categories = refdata.Countries(), refdata.SkillCategories()
		slices.SortFunc(d.Countries, func(x, y refdata.CountryInfo) int { return strings.Compare(x.Name(p.Lang), y.Name(p.Lang)) })
	}
	name := func(country, category string) (string, string) {
		cn, gn := country, category
		if c, ok := refdata.Country(country); ok {
			cn = c.Name(p.Lang)
		}
		if s, ok := refdata.Skill(category); ok {
			gn = s.Name(p.Lang)
		}
		return cn, gn
	}
	if len(p.Form) > 0 && d.EditDemand {
		for i := 0; ; i++ {
			row := analysisDemandRow{Index: i}
			if _, ok := p.Form[row.Name("country")]; !ok {
				break
			}
			row.Country, row.Category = p.Form.Get(row.Name("country")), p.Form.Get(row.Name("category"))
			row.Workers, row.Source = p.Form.Get(row.Name("workers")), p.Form.Get(row.Name("source"))
			row.CountryName, row.CategoryName = name(row.Country, row.Category)
			d.Demand = append(d.Demand, row)
		}
		return nil
	}
	for i, f := range figs {
		row := analysisDemandRow{Index: i, Country: f.Country, Category: f.Category, Workers: strconv.Itoa(f.Workers), Source: f.Source,
			EditedBy: f.EditedByName}
		if f.EditedAt != nil {
			row.Edited = *f.EditedAt
		}
		row.CountryName, row.CategoryName = name(f.Country, f.Category)
		d.Demand = append(d.Demand, row)
	}
	if d.EditDemand {
		for k := 0; k < analysisBlankRows; k++ {
			d.Demand = append(d.Demand, analysisDemandRow{Index: len(figs) + k})
		}
	}
	return nil
}

// analysisSaveDemand replaces the study's demand figures with the rows
// posted: rows left blank are skipped, rows ticked "remove" dropped.
func (ui *UI) analysisSaveDemand(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "analysis.flash.demand", nil, func(a app.Actor) (string, error) {
		var figs []analysis.Demand
		var v app.Validation
		for _, i := range analysisPostedRows(r) {
			row := analysisDemandRow{Index: i}
			n, err := strconv.Atoi(strings.ReplaceAll(i18n.ASCIIDigits(strings.TrimSpace(r.PostForm.Get(row.Name("workers")))), ",", ""))
			if err != nil {
				v.Add(row.Name("workers"), "write a number of workers from 0 to 5,000,000")
			}
			figs = append(figs, analysis.Demand{Country: r.PostForm.Get(row.Name("country")), Category: r.PostForm.Get(row.Name("category")),
				Workers: n, Source: r.PostForm.Get(row.Name("source"))})
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := ui.DB.SetStudyDemand(r.Context(), a, id, figs)
		return "/studies/" + id + "/analysis/supply#demand", analysisRowErrors(err, figs, r)
	}, ui.analysisReshow(w, r, analysis.KindSupply))
}

// analysisPostedRows lists the indices of the posted rows that hold a
// figure: rows left blank and rows ticked "remove" are left out.
func analysisPostedRows(r *http.Request) []int {
	var out []int
	for i := 0; i < analysis.MaxDemandRows+analysisBlankRows; i++ {
		row := analysisDemandRow{Index: i}
		if _, ok := r.PostForm[row.Name("country")]; !ok {
			break
		}
		blank := strings.TrimSpace(r.PostForm.Get(row.Name("country"))) == "" && strings.TrimSpace(r.PostForm.Get(row.Name("workers"))) == ""
		if r.PostForm.Get(row.Name("remove")) == "" && !blank {
			out = append(out, i)
		}
	}
	return out
}

// analysisRowErrors maps the store's field names (figures[k].x, k
// counting the rows kept) back to the form's rows, which may have had
// blank or removed rows in between.
func analysisRowErrors(err error, figs []analysis.Demand, r *http.Request) error {
	fields := app.FieldsIn("en", err)
	if len(fields) == 0 {
		return err
	}
	posted := analysisPostedRows(r)
	var v app.Validation
	for k, msg := range fields {
		for j := range figs {
			prefix := fmt.Sprintf("figures[%d].", j)
			if rest, ok := strings.CutPrefix(k, prefix); ok && j < len(posted) {
				k = analysisDemandRow{Index: posted[j]}.Name(rest)
				break
			}
		}
		v.Add(k, msg)
	}
	return v.Err()
}

// analysisReshow shows a page of the analysis (again, after a refused form).
func (ui *UI) analysisReshow(w http.ResponseWriter, r *http.Request, view analysis.Kind) func(p *Page, a app.Actor, status int) {
	return func(p *Page, a app.Actor, status int) {
		d, err := ui.analysisShow(p, r, a, view)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "analysis_page", p)
	}
}

// analysisSetForm links the study to the questionnaire chosen.
func (ui *UI) analysisSetForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "analysis.flash.form", nil, func(a app.Actor) (string, error) {
		_, err := ui.DB.SetStudyAnalysisForm(r.Context(), a, id, r.PostForm.Get("form_pk"))
		return "/studies/" + id + "/analysis", err
	}, ui.analysisReshow(w, r, analysis.KindCrosstab))
}

// analysisExport downloads a table as CSV or XLSX, with the same query as
// its page, and records the export.
func (ui *UI) analysisExport(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	lang := ui.Lang(r)
	spec := analysisSpecOf(r, analysis.ParseSpec(r.URL.Query()).Kind)
	t, err := ui.DB.StudyAnalysis(r.Context(), a, r.PathValue("id"), spec, lang)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	format := importer.CSV
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		format = importer.XLSX
	}
	if err := ui.DB.AuditStudyAnalysisExport(r.Context(), a, r.PathValue("id"), spec, format); err != nil {
		ui.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if format == importer.XLSX {
		err = analysis.WriteXLSX(&buf, []analysis.Table{t}, lang)
	} else {
		err = analysis.WriteCSV(&buf, t, lang)
	}
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	sendFile(w, format, analysisFileName(spec)+"."+format, buf.Bytes())
}

// analysisFileName names a download after its spec: "crosstab-willing_abroad-by-ethnic_group".
func analysisFileName(spec analysis.Spec) string {
	spec = spec.Normal()
	parts := []string{string(spec.Kind)}
	if spec.Question != "" {
		parts = append(parts, spec.Question)
	}
	if spec.By != "" {
		parts = append(parts, "by", spec.By)
	}
	if spec.Weighted {
		parts = append(parts, "weighted")
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, strings.Join(parts, "-"))
	return name
}
