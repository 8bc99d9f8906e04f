package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/scoring"
	"github.com/remaker-bd/remaker/internal/store"
)

// Scores (issue 6): a scored form's scoring page (the definition as a
// table, its history, uploading new weights, recomputing), the scores
// tab of a case (baseline against latest follow-up, the weakest answers
// and the assistance they suggest), and the programme figures (/scores).

func (ui *UI) registerScoring(mux *http.ServeMux) {
	mux.HandleFunc("GET /scores", ui.scoringFigures)
	mux.HandleFunc("GET /forms/{id}/scoring", ui.scoringFormPage)
	mux.HandleFunc("POST /forms/{id}/scoring", ui.scoringUpload)
	mux.HandleFunc("POST /forms/{id}/rescore", ui.scoringRescore)
	mux.HandleFunc("GET /cases/{id}/scores", ui.scoringCaseTab)
}

// ---- helpers for the templates ----

// ScoreLabel picks the page's language from a definition's label map,
// then English, then the code.
func (p *Page) ScoreLabel(labels map[string]string, code string) string {
	for _, l := range []string{p.Lang, "en", "default"} {
		if s := labels[l]; s != "" {
			return s
		}
	}
	return code
}

// ScoreText writes a score with two decimals in the page's digits, or a
// dash when there is none.
func (p *Page) ScoreText(s *float64) string {
	if s == nil {
		return "–"
	}
	return p.Digits(strconv.FormatFloat(*s, 'f', 2, 64))
}

// ScoreNum writes a number (weight, bound) as short as it reads.
func (p *Page) ScoreNum(f float64) string { return p.Digits(strconv.FormatFloat(f, 'f', -1, 64)) }

// ScoreCount writes a count that may be withheld (nil).
func (p *Page) ScoreCount(n *int) string {
	if n == nil {
		return "–"
	}
	return p.Num(*n)
}

// SharePercent writes a share as a whole percentage.
func (p *Page) SharePercent(s *float64) string {
	if s == nil {
		return "–"
	}
	return p.Digits(strconv.FormatFloat(*s*100, 'f', 0, 64)) + "%"
}

// ---- the form's scoring page ----

// scoringItemRow is an item of the definition as the table shows it.
type scoringItemRow struct {
	scoring.Item
	Options []scoringOption
}

type scoringOption struct {
	Name  string
	Score float64
}

type scoringFormData struct {
	Form     forms.Form
	Current  *store.ScoringVersion
	Items    []scoringItemRow
	Versions []store.ScoringVersion
	// Progress is the recomputation's state; Pending > 0 offers it.
	Progress   store.RescoreProgress
	CanUpload  bool
	CanRescore bool
	Problems   []xlsform.Problem
}

func (ui *UI) scoringFormPage(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "scoring.form_title")
	ui.scoringShowForm(w, r, pr, http.StatusOK, p, nil)
}

func (ui *UI) scoringShowForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal, status int, p *Page, problems []xlsform.Problem) {
	ctx, a := r.Context(), ui.actor(r, pr)
	f, err := ui.DB.FormByID(ctx, a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := scoringFormData{Form: f, CanUpload: forms.ManagesForms(a, f.OrgID), CanRescore: store.MayRescore(a, f), Problems: problems}
	if d.Current, err = ui.DB.CurrentScoring(ctx, a, f.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	if d.Versions, err = ui.DB.ScoringVersions(ctx, a, f.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	if d.Progress, err = ui.DB.RescoreStatus(ctx, a, f.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	if d.Current != nil {
		for _, it := range d.Current.Definition.Items {
			row := scoringItemRow{Item: it}
			for _, name := range slices.Sorted(maps.Keys(it.Options)) {
				row.Options = append(row.Options, scoringOption{name, it.Options[name]})
			}
			slices.SortStableFunc(row.Options, func(x, y scoringOption) int { return -cmpFloat(x.Score, y.Score) })
			d.Items = append(d.Items, row)
		}
	}
	p.Title = p.T("scoring.form_title_of", f.Title)
	p.Data = d
	ui.render(w, r, status, "scoring_form", p)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (ui *UI) scoringUpload(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	formPK := r.PathValue("id")
	f, err := ui.DB.FormByID(r.Context(), a, formPK)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if !forms.ManagesForms(a, f.OrgID) {
		ui.Forbidden(w, r)
		return
	}
	up, err := collect.FormUploadFrom(w, r)
	var created bool
	if err == nil {
		if _, created, err = ui.Forms.UploadScoring(r.Context(), a, formPK, up.FileName, up.Data); err == nil {
			flash := "scoring.flash.unchanged"
			if created {
				flash = "scoring.flash.uploaded"
			}
			ui.redirect(w, r, "/forms/"+formPK+"/scoring", flash)
			return
		}
	}
	p := ui.newPage(w, r, "scoring.form_title")
	var refused *xlsform.Error
	switch {
	case errors.As(err, &refused):
		p.Error = p.T("scoring.upload_refused", p.Num(len(refused.Problems)), up.FileName)
		ui.scoringShowForm(w, r, pr, http.StatusUnprocessableEntity, p, refused.Problems)
	case app.ErrorCode(err) == app.EINVALID || app.ErrorCode(err) == app.ECONFLICT:
		p.Error = app.MessageIn(p.Lang, err)
		for k, v := range app.FieldsIn(p.Lang, err) {
			p.Errors[k] = v
		}
		ui.scoringShowForm(w, r, pr, httpx.Status(err), p, nil)
	default:
		ui.fail(w, r, err)
	}
}

func (ui *UI) scoringRescore(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	formPK := r.PathValue("id")
	if _, err := ui.DB.StartRescore(r.Context(), ui.actor(r, pr), formPK); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/forms/"+formPK+"/scoring#recompute", "scoring.flash.rescore_started")
}

// ---- the case's scores tab ----

// scoreChart is a small horizontal bar chart of baseline (first bar) and
// latest follow-up (second bar) per dimension, drawn on the server.
type scoreChart struct {
	Width, Height int
	Rows          []scoreChartRow
	LegendY       int
}

type scoreChartRow struct {
	Label      string
	LabelY     int
	Bars       []scoreBar
	IsComposit bool
}

type scoreBar struct {
	Y, W, TextX int
	Fill, Text  string
}

const (
	chartLabelW = 130
	chartBarW   = 240
	chartBarH   = 12
	chartRowH   = 2*chartBarH + 14
)

// Chart colours: grey for the baseline, blue for the latest follow-up.
const (
	chartBaseline = "#8a8f98"
	chartLatest   = "#1f5fa8"
)

func newScoreChart(p *Page, rows []scoringCaseRow) scoreChart {
	c := scoreChart{Width: chartLabelW + chartBarW + 40}
	y := 4
	for _, r := range rows {
		cr := scoreChartRow{Label: r.Label, LabelY: y + chartBarH + 4, IsComposit: r.Name == store.ScoreComposite}
		for i, s := range []*float64{r.Baseline, r.Latest} {
			b := scoreBar{Y: y + i*chartBarH, Fill: chartBaseline, Text: p.ScoreText(s)}
			if i == 1 {
				b.Fill = chartLatest
			}
			if s != nil {
				b.W = int(*s*chartBarW + 0.5)
			}
			b.TextX = chartLabelW + b.W + 4
			cr.Bars = append(cr.Bars, b)
		}
		c.Rows = append(c.Rows, cr)
		y += chartRowH
	}
	c.LegendY = y + 8
	c.Height = y + 16
	return c
}

// scoringCaseRow is one dimension (or the composite) on the case's tab.
type scoringCaseRow struct {
	Name             string
	Label            string
	Baseline, Latest *float64
	Weakest          []scoringWeak
	Assistance       []string
}

type scoringWeak struct {
	Label, Answer string
	Score         *float64
}

type scoringCaseForm struct {
	store.CaseFormScores
	Baseline, Latest *store.CaseScore
	Rows             []scoringCaseRow
	Chart            scoreChart
	// Level is the threshold the most recent composite falls in.
	Level string
}

type scoringCaseData struct {
	Head  caseHead
	Case  store.CaseView
	Forms []scoringCaseForm
}

func (ui *UI) scoringCaseTab(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "cases.tab_scores")
	head, err := ui.caseHeadFor(r, pr, "scores")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	list, err := ui.DB.CaseScores(r.Context(), ui.actor(r, pr), head.Case.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := scoringCaseData{Head: head, Case: head.Case}
	for _, fs := range list {
		d.Forms = append(d.Forms, scoringCaseView(p, fs, ui.scoringChoiceLabels(r, pr, fs.FormPK)))
	}
	p.Title = head.Case.Reference + " · " + p.T("cases.tab_scores")
	p.Data = d
	ui.render(w, r, http.StatusOK, "scoring_case", p)
}

// scoringChoiceLabels returns the labels of the answer options of the
// form's published version, by question and choice name; nil when they
// cannot be read (the answers then show as their codes).
func (ui *UI) scoringChoiceLabels(r *http.Request, pr *auth.Principal, formPK string) map[string]map[string]xlsform.Text {
	a := ui.actor(r, pr)
	f, err := ui.DB.FormByID(r.Context(), a, formPK)
	if err != nil || f.Published == nil {
		return nil
	}
	model, err := ui.Forms.Model(r.Context(), a, f.Published.ID)
	if err != nil {
		return nil
	}
	out := map[string]map[string]xlsform.Text{}
	for name, list := range model.Choices {
		out[name] = map[string]xlsform.Text{}
		for _, c := range list.Choices {
			out[name][c.Name] = c.Label
		}
	}
	byQuestion := map[string]map[string]xlsform.Text{}
	var walk func(n *xlsform.Node)
	walk = func(n *xlsform.Node) {
		if n == nil {
			return
		}
		if n.Choices != nil {
			byQuestion[n.Name] = out[n.Choices.Name]
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(model.Root)
	return byQuestion
}

// scoringTextIn picks a workbook text in the page's language (its
// language keys end in "(bn)", "(en)"), else any.
func scoringTextIn(p *Page, t xlsform.Text) string {
	for k, s := range t {
		if strings.HasSuffix(k, "("+p.Lang+")") && s != "" {
			return s
		}
	}
	return t.Get("", "")
}

func scoringCaseView(p *Page, fs store.CaseFormScores, choices map[string]map[string]xlsform.Text) scoringCaseForm {
	v := scoringCaseForm{CaseFormScores: fs}
	if fs.Baseline >= 0 {
		v.Baseline = &fs.Scores[fs.Baseline]
	}
	if fs.Latest >= 0 {
		v.Latest = &fs.Scores[fs.Latest]
	}
	if fs.Scoring == nil {
		return v
	}
	def := fs.Scoring.Definition
	sum := fs.Summary()
	for _, dim := range sum.Dimensions {
		row := scoringCaseRow{Name: dim.Name, Label: dim.Name, Baseline: dim.Baseline, Latest: dim.Latest, Assistance: dim.Assistance}
		if d := def.Dimension(dim.Name); d != nil {
			row.Label = p.ScoreLabel(d.Label, d.Name)
		}
		for _, w := range dim.Weakest {
			wk := scoringWeak{Label: w.Question, Answer: w.Answer, Score: w.Score}
			if t, ok := choices[w.Question][w.Answer]; ok {
				if s := scoringTextIn(p, t); s != "" {
					wk.Answer = s
				}
			}
			if it := def.Item(w.Question); it != nil {
				wk.Label = p.ScoreLabel(it.Label, it.Question)
			}
			row.Weakest = append(row.Weakest, wk)
		}
		v.Rows = append(v.Rows, row)
	}
	v.Rows = append(v.Rows, scoringCaseRow{Name: store.ScoreComposite, Label: p.T("scoring.composite"),
		Baseline: sum.Composite.Baseline, Latest: sum.Composite.Latest})
	v.Chart = newScoreChart(p, v.Rows)
	recent := v.Latest
	if recent == nil {
		recent = v.Baseline
	}
	if recent != nil {
		for _, t := range def.Thresholds {
			if t.Name == recent.Result.Threshold {
				v.Level = p.ScoreLabel(t.Label, t.Name)
			}
		}
	}
	return v
}

// ---- the programme figures ----

type scoringFiguresData struct {
	Scored []store.ScoringVersion
	Form   *store.ScoringVersion
	Fig    store.ScoreFigures
	Round  string
	Rounds []string
	OrgID  string
	Orgs   []store.Organisation
	// Columns are the scores' names in the page's language.
	Columns    []string
	Histogram  []scoringBucket
	Breakdowns []scoringBreakdown
	MinCell    int
}

type scoringBucket struct {
	Label  string
	Counts []string // per score; "" when suppressed
}

type scoringBreakdown struct {
	By     string
	Groups []scoringGroup
}

type scoringGroup struct {
	Label string
	store.ScoreGroup
}

func (ui *UI) scoringFigures(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	ctx, a := r.Context(), ui.actor(r, pr)
	// As the store's figures: staff who see returnees, and viewers.
	if !a.SeesReturnees() && a.Role != app.RoleViewer {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "scoring.figures_title")
	q := r.URL.Query()
	d := scoringFiguresData{Round: q.Get("round"), Rounds: store.FigureRounds, OrgID: q.Get("org"), MinCell: store.MinCellSize}
	var err error
	if d.Scored, err = ui.DB.ScoredForms(ctx, a); err != nil {
		ui.fail(w, r, err)
		return
	}
	if len(d.Scored) > 0 {
		d.Form = &d.Scored[0]
		for i := range d.Scored {
			if d.Scored[i].FormPK == q.Get("form") {
				d.Form = &d.Scored[i]
			}
		}
		if d.Fig, err = ui.DB.ScoreFigures(ctx, a, d.Form.FormPK, d.Round, d.OrgID); err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Round = d.Fig.Round
		if a.AllOrgs() || a.Role == app.RoleViewer {
			if d.Orgs, err = ui.DB.ListOrgs(ctx); err != nil {
				ui.fail(w, r, err)
				return
			}
		}
		scoringFiguresView(p, &d)
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "scoring_figures", p)
}

func scoringFiguresView(p *Page, d *scoringFiguresData) {
	if d.Fig.Scoring == nil {
		return
	}
	def := d.Fig.Scoring.Definition
	for _, name := range d.Fig.Scores {
		label := p.T("scoring.composite")
		if dim := def.Dimension(name); dim != nil {
			label = p.ScoreLabel(dim.Label, name)
		}
		d.Columns = append(d.Columns, label)
	}
	for b := range store.HistogramBuckets {
		bk := scoringBucket{Label: p.Digits(fmt.Sprintf("%.1f–%.1f", float64(b)/store.HistogramBuckets, float64(b+1)/store.HistogramBuckets))}
		for _, c := range d.Fig.Total.Cells {
			s := ""
			if !c.Suppressed && len(c.Histogram) > b {
				s = p.Num(c.Histogram[b])
			}
			bk.Counts = append(bk.Counts, s)
		}
		d.Histogram = append(d.Histogram, bk)
	}
	for _, bd := range d.Fig.Breakdowns {
		sb := scoringBreakdown{By: bd.By}
		for _, g := range bd.Groups {
			sb.Groups = append(sb.Groups, scoringGroup{Label: scoringGroupLabel(p, bd.By, g.Key), ScoreGroup: g})
		}
		d.Breakdowns = append(d.Breakdowns, sb)
	}
}

// scoringGroupLabel names a group of a breakdown in the page's language.
func scoringGroupLabel(p *Page, by, key string) string {
	switch {
	case key == "":
		return p.T("scoring.not_recorded")
	case by == "sex" || by == "return_type":
		return p.Label(by, key)
	case by == "district":
		return p.Place(key)
	case by == "ethnicity":
		return p.Ethnicity(key)
	case by == "destination":
		return p.Country(key)
	}
	return key
}
