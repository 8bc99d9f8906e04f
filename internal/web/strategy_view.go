package web

import (
	"context"
	"html/template"
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// What the document page and the print view show: each section's text in
// the reader's language (or the other one, marked as such), its evidence
// blocks read live from their sources, the recommendations it addresses,
// and its comments. A block whose source is gone or cannot be computed
// carries a warning instead of its content; it never fails the page.

type strategyData struct {
	Head    studyHead
	HasDoc  bool
	Doc     strategy.Document
	Rights  store.StrategyRights
	DocLang string // the language the document is read in
	// Title of the document in DocLang, and whether it fell back.
	Title         string
	TitleFallback bool
	Sections      []strategySectionView
	Recs          []study.Recommendation
	Unaddressed   []study.Recommendation
	OpenComments  []strategy.SectionComment
	Quotes        []strategy.Quote
	Analysis      strategyAnalysisChoices
	// PDF is true when a browser is installed to print with.
	PDF bool
	// Print is set for the print view: no forms.
	Print bool
	// Inline is the print stylesheet with the fonts inlined (for the
	// PDF); the browser's print view links the stylesheet instead.
	Inline template.CSS
	// FormSection is the section whose form was posted with errors;
	// BlockErrors the messages of an evidence block refused.
	FormSection string
	BlockErrors []string
	BlockKinds  []string
}

type strategySectionView struct {
	strategy.Section
	Heading         string
	HeadingFallback bool
	Body            template.HTML
	BodyFallback    bool
	Evidence        []strategyEvidence
	Addressed       []study.Recommendation
	// Linkable are the study's recommendations this section does not address yet.
	Linkable []study.Recommendation
	First    bool
	Last     bool
}

type strategyEvidence struct {
	strategy.Block
	Caption         string
	CaptionFallback bool
	// Warning is a message (catalog key) shown in place of content whose
	// source is gone; WarningText one already in the reader's language.
	Warning     string
	WarningText string
	Quote       *strategy.Quote
	Rec         *study.Recommendation
	// RecText is the recommendation's text in DocLang and whether it fell back.
	RecText         string
	RecTextFallback bool
	Table           template.HTML
	Chart           template.HTML
	// ChartEmpty: a chart with nothing to draw (every figure suppressed).
	ChartEmpty  bool
	First, Last bool
}

// strategyLoad reads everything the document page and the print view need.
func (ui *UI) strategyLoad(r *http.Request, a app.Actor, lang string) (strategyData, error) {
	h, err := ui.studyLoad(r, a, "strategy")
	if err != nil {
		return strategyData{}, err
	}
	ctx := r.Context()
	d := strategyData{Head: h, DocLang: lang, PDF: strategy.FindChromium() != "", BlockKinds: strategy.BlockKinds}
	if d.Rights, err = ui.DB.StrategyRightsOf(ctx, a, h.Study.ID); err != nil {
		return d, err
	}
	d.Doc, err = ui.DB.StrategyDocumentOf(ctx, a, h.Study.ID)
	if app.ErrorCode(err) == app.ENOTFOUND {
		return d, nil
	} else if err != nil {
		return d, err
	}
	d.HasDoc = true
	d.Title, d.TitleFallback = d.Doc.Title(lang)
	if d.Recs, err = ui.DB.ConsultRecommendations(ctx, a, h.Study.ID, false); err != nil {
		return d, err
	}
	if d.Quotes, err = ui.DB.StrategyQuotes(ctx, a, h.Study.ID); err != nil {
		return d, err
	}
	recs := map[string]study.Recommendation{}
	var ids []string
	for _, rec := range d.Recs {
		recs[rec.ID] = rec
		ids = append(ids, rec.ID)
	}
	quotes := map[string]strategy.Quote{}
	for _, q := range d.Quotes {
		quotes[q.PassageID] = q
	}
	for _, id := range d.Doc.Unaddressed(ids, func(id string) bool { return recs[id].Status == study.RecNotTaken }) {
		d.Unaddressed = append(d.Unaddressed, recs[id])
	}
	d.OpenComments = d.Doc.OpenComments()
	for i, s := range d.Doc.Sections {
		v := strategySectionView{Section: s, First: i == 0, Last: i == len(d.Doc.Sections)-1}
		v.Heading, v.HeadingFallback = s.Heading(lang)
		body, fb := s.Body(lang)
		v.Body, v.BodyFallback = strategy.Render(body), fb
		for _, id := range s.RecommendationIDs {
			if rec, ok := recs[id]; ok {
				v.Addressed = append(v.Addressed, rec)
			}
		}
		for _, rec := range d.Recs {
			if !s.Addresses(rec.ID) {
				v.Linkable = append(v.Linkable, rec)
			}
		}
		for j, b := range s.Blocks {
			e := ui.strategyEvidence(ctx, a, h.Study.ID, lang, b, recs, quotes)
			e.First, e.Last = j == 0, j == len(s.Blocks)-1
			v.Evidence = append(v.Evidence, e)
		}
		d.Sections = append(d.Sections, v)
	}
	if d.Rights.Write {
		d.Analysis = ui.strategyAnalysisChoices(ctx, a, h.Study.ID, lang)
	}
	return d, nil
}

// strategyEvidence reads a block's source as it is now.
func (ui *UI) strategyEvidence(ctx context.Context, a app.Actor, studyID, lang string, b strategy.Block,
	recs map[string]study.Recommendation, quotes map[string]strategy.Quote) strategyEvidence {
	e := strategyEvidence{Block: b}
	e.Caption, e.CaptionFallback = b.Caption(lang)
	switch b.Kind {
	case strategy.BlockQuote:
		if q, ok := quotes[b.SourceID]; ok {
			e.Quote = &q
		} else {
			e.Warning = "strategy.warn.passage_gone"
		}
	case strategy.BlockRecommendation:
		if rec, ok := recs[b.SourceID]; ok {
			e.Rec = &rec
			e.RecText, e.RecTextFallback = strategy.Pick(lang, rec.TextEN, rec.TextBN)
		} else {
			e.Warning = "strategy.warn.rec_gone"
		}
	case strategy.BlockTable, strategy.BlockChart:
		ui.strategyAnalysisBlock(ctx, a, studyID, lang, &e)
	default:
		e.Warning = "strategy.warn.unknown_kind"
	}
	return e
}

// OtherLang is the language a fallback text is written in.
func (d strategyData) OtherLang() string {
	if d.DocLang == "bn" {
		return "en"
	}
	return "bn"
}

// TextLang is the lang attribute of a text that may have fallen back.
func (d strategyData) TextLang(fallback bool) string {
	if fallback {
		return d.OtherLang()
	}
	return d.DocLang
}

// AddressedBy lists the sections that address a recommendation.
func (d strategyData) AddressedBy(recID string) []strategy.Section {
	return d.Doc.SectionsAddressing(recID)
}

// QuoteCodes is a quote's codes in the page's language.
func (p *Page) QuoteCodes(q strategy.Quote) []string {
	var out []string
	for _, c := range q.Codes {
		out = append(out, c.Label(p.Lang))
	}
	return out
}

// StrategyDiff compares two texts for the history page.
func (p *Page) StrategyDiff(older, newer string) []strategy.DiffLine {
	return strategy.Diff(older, newer)
}

// strategyBlockCtx is what the block partial receives.
type strategyBlockCtx struct {
	P *Page
	E strategyEvidence
	D strategyData
}

// StrategyBlockCtx bundles a block with its page and document.
func (p *Page) StrategyBlockCtx(e strategyEvidence, d strategyData) strategyBlockCtx {
	return strategyBlockCtx{P: p, E: e, D: d}
}

// StrategyExcerpt shortens a passage for a list of choices.
func (p *Page) StrategyExcerpt(s string) string {
	r := []rune(s)
	if len(r) <= 90 {
		return s
	}
	return string(r[:89]) + "…"
}

// StrategyHeading is a section's heading in the page's language (or the other's).
func (p *Page) StrategyHeading(s strategy.Section) string {
	h, _ := s.Heading(p.Lang)
	return h
}
