package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study/analysis"
)

// A study's analysis (issue 7 item 5): cross-tabulations of its
// questionnaire, the migration-readiness profile by ethnic group and
// skills supply against destination demand, with the editable demand
// figures. Aggregates only: counts and percentages with 95% Wilson
// intervals, figures for fewer than 5 respondents suppressed; never a
// row, a name or a free text. Labels come in English, or in Bangla when
// Accept-Language prefers bn.

const (
	analysisReaders = "Every role that reads the study: the figures are aggregates with small cells suppressed, never a respondent's answers."
	analysisLabels  = " Labels are in English, or in Bangla when Accept-Language prefers bn."
)

// analysisRoutes lists this area's operations (see allRoutes).
func (s *server) analysisRoutes() []route {
	r := func(method, path, id string, h handle, summary, desc, roles string, q []param, body string, status int, result string, errs []int) route {
		return route{Method: method, Path: path, ID: id, Tag: "analysis", handle: h, Summary: summary, Description: desc, Roles: roles,
			Query: q, Body: body, Status: status, Result: result, Errors: errs}
	}
	weighted := param{Name: "weighted", Type: "boolean", Description: "Post-stratification weights by district and ethnic group " +
		"population (default false); percentages are then weighted and their intervals use Kish's effective sample size."}
	return []route{
		r("GET", "/studies/{id}/analysis/questions", "listAnalysisQuestions", s.listAnalysisQuestions, "The questions a study can analyse",
			"The form the study analyses (the built-in scoping questionnaire unless it names another) and its select_one, "+
				"select_multiple and integer questions; can_by marks those usable as a breakdown."+analysisLabels,
			analysisReaders, nil, "", 200, "AnalysisQuestions", nil),
		r("GET", "/studies/{id}/analysis/crosstab", "getAnalysisCrosstab", s.getAnalysisCrosstab, "Cross-tabulate a question",
			"One row per choice (integer answers in bins; a question in the skills repeat counts respondents with any skill in the row), "+
				"one column per group of the breakdown and a Total. A question or breakdown not in the form is 422 naming question or by; "+
				"groups under 5 respondents are marked suppressed and left out of the Total."+analysisLabels, analysisReaders,
			[]param{{Name: "question", Type: "string", Description: "The question's name, e.g. willing_abroad (required)."},
				{Name: "by", Type: "string", Description: "The breakdown: ethnic_group, sex, district or another question's name; omit for totals only."},
				weighted}, "", 200, "AnalysisTable", nil),
		r("GET", "/studies/{id}/analysis/readiness", "getAnalysisReadiness", s.getAnalysisReadiness, "Migration readiness by ethnic group",
			"Per group: respondents, shares willing (yes or maybe), with skills in demand, with a skill certificate, citing documents "+
				"as a barrier, and the three main barriers."+analysisLabels, analysisReaders, []param{weighted}, "", 200, "AnalysisTable", nil),
		r("GET", "/studies/{id}/analysis/supply", "getAnalysisSupply", s.getAnalysisSupply, "Skills supply against destination demand",
			"By BMET skill category (respondents' skills by ISCO major group) or by destination (preferred destinations), against the "+
				"study's demand figures."+analysisLabels, analysisReaders,
			[]param{{Name: "by", Type: "string", Enum: []string{analysis.SupplyByCategory, analysis.SupplyByDestination},
				Description: "category (default) or destination."}, weighted}, "", 200, "AnalysisTable", nil),
		r("GET", "/studies/{id}/analysis/demand", "getAnalysisDemand", s.getAnalysisDemand, "A study's destination demand figures",
			"Seeded from BMET's departure figures the first time they are read, then as the team edits them.", analysisReaders, nil, "", 200,
			"DemandFigures", nil),
		r("PUT", "/studies/{id}/analysis/demand", "setAnalysisDemand", s.setAnalysisDemand, "Replace a study's demand figures",
			"Send every figure; those left out are removed. A country and category appear once. Figures that did not change keep who "+
				"edited them last.", studyWorkers, nil, "DemandFiguresInput", 200, "DemandFigures", []int{http.StatusForbidden}),
		r("PUT", "/studies/{id}/analysis/form", "setAnalysisForm", s.setAnalysisForm, "Choose the questionnaire a study analyses",
			"form_pk of a form not bound to cases; empty for the built-in scoping questionnaire.", studyEditors, nil, "AnalysisFormInput",
			200, "AnalysisForm", []int{http.StatusForbidden}),
	}
}

// analysisTableView makes a table's lists [] rather than null.
func analysisTableView(t analysis.Table) analysis.Table {
	t.Columns, t.Rows, t.Notes, t.Warnings = nonNil(t.Columns), nonNil(t.Rows), nonNil(t.Notes), nonNil(t.Warnings)
	return t
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type analysisQuestionsJSON struct {
	Form  store.AnalysisForm      `json:"form"`
	Items []analysis.QuestionInfo `json:"items"`
}

func (s *server) listAnalysisQuestions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "study")
	f, err := s.db.StudyAnalysisForm(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	qs, err := s.db.StudyAnalysisQuestions(r.Context(), pr.Actor, id, requestLang(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, analysisQuestionsJSON{Form: f, Items: nonNil(qs)})
	return nil
}

func (s *server) analysisTable(w http.ResponseWriter, r *http.Request, pr *auth.Principal, spec analysis.Spec) error {
	q := r.URL.Query()
	spec.Weighted = queryBool(r, "weighted")
	if spec.Kind == analysis.KindCrosstab {
		spec.Question, spec.By = q.Get("question"), q.Get("by")
	}
	t, err := s.db.StudyAnalysis(r.Context(), pr.Actor, studyPathID(r, "id", "study"), spec, requestLang(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, analysisTableView(t))
	return nil
}

func (s *server) getAnalysisCrosstab(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.analysisTable(w, r, pr, analysis.Spec{Kind: analysis.KindCrosstab})
}

func (s *server) getAnalysisReadiness(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.analysisTable(w, r, pr, analysis.Spec{Kind: analysis.KindReadiness})
}

func (s *server) getAnalysisSupply(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.analysisTable(w, r, pr, analysis.Spec{Kind: analysis.KindSupply, By: r.URL.Query().Get("by")})
}

func (s *server) getAnalysisDemand(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	ds, err := s.db.StudyDemand(r.Context(), pr.Actor, studyPathID(r, "id", "study"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(ds))
	return nil
}

type demandInput struct {
	Figures []struct {
		Country  string `json:"country"`
		Category string `json:"category"`
		Workers  int    `json:"workers"`
		Source   string `json:"source"`
	} `json:"figures"`
}

func (s *server) setAnalysisDemand(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in demandInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	figs := make([]analysis.Demand, len(in.Figures))
	for i, f := range in.Figures {
		figs[i] = analysis.Demand{Country: f.Country, Category: f.Category, Workers: f.Workers, Source: f.Source}
	}
	ds, err := s.db.SetStudyDemand(r.Context(), pr.Actor, studyPathID(r, "id", "study"), figs)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(ds))
	return nil
}

func (s *server) setAnalysisForm(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in struct {
		FormPK string `json:"form_pk"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	f, err := s.db.SetStudyAnalysisForm(r.Context(), pr.Actor, studyPathID(r, "id", "study"), in.FormPK)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, f)
	return nil
}

// analysisSchemas lists the schemas this area's operations use (see allSchemas).
func analysisSchemas() obj {
	boolean := func(desc string) obj { return obj{"type": "boolean", "description": desc} }
	number := func(desc string) obj { return obj{"type": "number", "description": desc} }
	strList := obj{"type": "array", "items": obj{"type": "string"}}
	var categories []string
	for _, c := range refdata.SkillCategories() {
		categories = append(categories, c.Code)
	}
	demandFields := obj{
		"country":  str("ISO 3166-1 alpha-2 code of the destination, e.g. SA."),
		"category": enum("BMET skill category.", categories),
		"workers":  obj{"type": "integer", "minimum": 0, "maximum": analysis.MaxDemandWorkers, "description": "Workers the destination takes in the category in a year."},
		"source":   obj{"type": "string", "maxLength": 500, "description": "Where the figure comes from."},
	}
	return obj{
		"AnalysisSpec": object("What an analysis computes; evidence blocks of a strategy document store it.", []string{"kind"}, obj{
			"kind":     enum("crosstab, readiness or supply.", []string{string(analysis.KindCrosstab), string(analysis.KindReadiness), string(analysis.KindSupply)}),
			"question": str("Crosstab: the question's name."),
			"by":       str("Crosstab: the breakdown's name; supply: category or destination."),
			"weighted": boolean("Post-stratification weights.")}),
		"AnalysisColumn": object("A column: a group of respondents, or a measure.", []string{"code", "label", "n", "suppressed"}, obj{
			"code": str("The group's or measure's code; total for the Total."), "label": str("Its label."),
			"n":     integer("Respondents in the group's base (0 for a measure or a suppressed group)."),
			"n_eff": number("Kish's effective sample size of a weighted base."), "suppressed": boolean("A group under 5 respondents: every figure hidden.")}),
		"AnalysisCell": object("A figure: count with percentage and 95% Wilson interval, a plain value, or a text.",
			[]string{"count", "pct", "ci_low", "ci_high", "has_pct", "value", "has_value", "suppressed"}, obj{
				"count": integer("Respondents (unweighted)."), "pct": number("Percentage of the column's base, 0 to 100."),
				"ci_low": number("Lower end of the 95% interval, percent."), "ci_high": number("Upper end, percent."),
				"has_pct": boolean("The cell holds a percentage."), "value": number("A plain figure (demand)."),
				"has_value": boolean("The cell holds a value."), "value_pct": boolean("The value is a percentage."),
				"text":       str("A text figure (main barriers)."),
				"suppressed": boolean("Hidden: fewer than 5 respondents, or it would let a reader work one out; every figure is 0.")}),
		"AnalysisRow": object("A row with one cell per column.", []string{"code", "label", "cells"}, obj{
			"code": str("The choice, bin, group or category."), "label": str("Its label."),
			"cells": obj{"type": "array", "items": ref("AnalysisCell")}}),
		"AnalysisTable": object("An analysis result.", []string{"spec", "title", "row_head", "columns", "rows", "n", "weighted", "notes", "warnings"}, obj{
			"spec": ref("AnalysisSpec"), "title": str("The table's title."), "row_head": str("The header of the label column."),
			"columns": obj{"type": "array", "items": ref("AnalysisColumn")}, "rows": obj{"type": "array", "items": ref("AnalysisRow")},
			"n": integer("Respondents counted (0 when too few to show)."), "weighted": boolean("Percentages are weighted."),
			"notes": withProps(strList, obj{"description": "How the figures were made."}), "warnings": withProps(strList, obj{"description": "What a reader must know."}),
			"problem": str("Set when the analysis could not be computed.")}),
		"AnalysisQuestion": object("A question that can be analysed.", []string{"name", "label", "kind", "can_by"}, obj{
			"name": str("The question's name."), "label": str("Its label."),
			"kind":   enum("Its type.", []string{analysis.QSelectOne, analysis.QSelectMultiple, analysis.QInteger}),
			"can_by": boolean("Usable as a breakdown (asked once per respondent).")}),
		"AnalysisForm": object("The form a study analyses.", []string{"form_pk", "form_id", "title", "default"}, obj{
			"form_pk": str("The form."), "form_id": str("Its form_id."), "title": str("Its title."),
			"default": boolean("The built-in scoping questionnaire, not chosen."), "version_id": str("The version whose questions are used."),
			"version": str("Its version string.")}),
		"AnalysisFormInput": object("The form to analyse.", []string{"form_pk"}, obj{"form_pk": str("A form not bound to cases; empty for the built-in scoping questionnaire.")}),
		"AnalysisQuestions": object("The questions of the study's form.", []string{"form", "items"}, obj{"form": ref("AnalysisForm"),
			"items": obj{"type": "array", "items": ref("AnalysisQuestion")}}),
		"DemandFigure": object("A destination demand figure.", []string{"country", "category", "workers", "source"}, withProps(demandFields, obj{
			"id": str("Figure ID."), "edited_by": str("Who last edited it; absent for a seeded figure."), "edited_at": timestamp("When.")})),
		"DemandFigures": listSchema("DemandFigure"),
		"DemandFiguresInput": object("Every figure of the study.", []string{"figures"}, obj{"figures": obj{"type": "array",
			"maxItems": analysis.MaxDemandRows, "items": object("A figure.", []string{"country", "category", "workers"}, demandFields)}}),
	}
}
