package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"net/url"
	"slices"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// Tables and charts in the strategy document come from the study's
// analysis: a block keeps the analysis asked for (analysis.Spec as JSON)
// and computes it each time the document is read, so it always shows the
// data as they are. A spec the form can no longer answer (a question
// removed) shows the analysis's own message as a warning in the block.

type strategyAnalysisChoices struct {
	Kinds     []analysis.Kind
	Questions []analysis.QuestionInfo
	// Unavailable is set when the study has no questionnaire to analyse.
	Unavailable bool
}

func (ui *UI) strategyAnalysisChoices(ctx context.Context, a app.Actor, studyID, lang string) strategyAnalysisChoices {
	c := strategyAnalysisChoices{Kinds: analysis.Kinds}
	qs, err := ui.DB.StudyAnalysisQuestions(ctx, a, studyID, lang)
	c.Questions, c.Unavailable = qs, err != nil
	return c
}

// strategyAnalysisBlock computes a table or chart block into e.
func (ui *UI) strategyAnalysisBlock(ctx context.Context, a app.Actor, studyID, lang string, e *strategyEvidence) {
	var spec analysis.Spec
	if err := json.Unmarshal([]byte(e.Spec), &spec); err != nil {
		e.Warning = "strategy.warn.spec_bad"
		return
	}
	t, err := ui.DB.StudyAnalysis(ctx, a, studyID, spec, lang)
	switch {
	case t.Problem != "":
		e.WarningText = t.Problem
		return
	case app.ErrorCode(err) == app.EINVALID:
		// The analysis cannot be computed as asked (no questionnaire to
		// analyse, a question removed): its own words say why.
		e.WarningText = app.MessageIn(lang, err)
		for _, k := range slices.Sorted(maps.Keys(app.FieldsIn(lang, err))) {
			e.WarningText = app.FieldsIn(lang, err)[k]
			break
		}
		return
	case err != nil:
		slog.WarnContext(ctx, "strategy document: analysis block", "block", e.ID, "err", err)
		e.Warning = "strategy.warn.analysis_failed"
		return
	}
	if e.Caption == "" {
		e.Caption, e.CaptionFallback = t.Title, false
	}
	e.Table = analysis.TableHTML(t, lang)
	if e.Kind == strategy.BlockChart {
		e.Chart = analysis.BarChartSVG(t, lang)
		e.ChartEmpty = e.Chart == ""
	}
}

// strategySpec reads the analysis a block is to show from a form (kind,
// question, by, weighted) as JSON; the store checks the study can answer it.
func strategySpec(v url.Values) string {
	b, _ := json.Marshal(analysis.ParseSpec(v))
	return string(b)
}
