package api

import (
	"errors"
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

// Scores (issue 6): the scoring versions of a form, uploading a scoring
// workbook, recomputing stored scores, a case's scores, and the programme
// figures. A definition is programme information; a case's scores are
// personal data, read as the case is; the figures name nobody.

const (
	scoringReaders  = "Every role: a scoring definition is programme information."
	scoringManagers = "Those who manage the form (administrators and programme managers; organisation managers for their organisation's forms); everyone else gets 403."
	rescoreRoles    = "Administrators, programme managers and organisation managers; everyone else gets 403."
	caseScoreRoles  = "Whoever reads the case: case workers and organisation managers of its organisation, programme managers; for everyone else the case is not found (404)."
	figureRoles     = "Case workers and organisation managers get their organisation's people, programme managers everyone's; viewers everyone's, with every figure resting on fewer than 5 people suppressed (suppressed: true, no mean); administrators and enumerators get 403."
)

// scoringRoutes lists this area's operations (see allRoutes), tagged scores.
func (s *server) scoringRoutes() []route {
	r := func(method, path, id string, h handle, summary, desc, roles string, q []param, status int, result string, errs []int) route {
		return route{Method: method, Path: path, ID: id, Tag: "scores", handle: h, Summary: summary, Description: desc, Roles: roles,
			Query: q, Status: status, Result: result, Errors: errs}
	}
	forbidden := []int{http.StatusForbidden}
	return []route{
		r("GET", "/forms/{id}/scoring-versions", "listScoringVersions", s.listScoringVersions, "A form's scoring versions",
			"Newest first, without their definitions; current marks the version new scores are computed with. Each change of a form's "+
				"scoring (a form version whose workbook carries a different definition, or a scoring workbook) is a new version.",
			scoringReaders, nil, 200, "ScoringVersionList", nil),
		{Method: "POST", Path: "/forms/{id}/scoring-versions", ID: "uploadScoringWorkbook", Tag: "scores", handle: s.uploadScoringWorkbook,
			Summary: "Upload a scoring workbook",
			Description: "**The body** is `multipart/form-data` with an XLSForm workbook in a part named `file`. Only its scoring parts " +
				"are read (the score columns of the survey and choices sheets and the `scoring` sheet; see docs/SCORING.md), and checked " +
				"against the questions of the form's published version. A new definition becomes the form's current scoring version " +
				"(created: true); the same definition as the current one stores nothing (created: false). Stored scores are not " +
				"recomputed: start that with POST /forms/{id}/rescore. **A workbook with problems changes nothing**: 422 with one " +
				"member of `errors` per place in the workbook, as for uploadForm.",
			Roles: scoringManagers, Status: http.StatusOK, Result: "ScoringUpload",
			Errors: []int{http.StatusForbidden, http.StatusConflict, http.StatusRequestEntityTooLarge}},
		r("GET", "/scoring-versions/{id}", "getScoringVersion", s.getScoringVersion, "A scoring version with its definition",
			"The definition: dimensions and their weights in the composite, scored items with their options' scores or bands, the "+
				"answers that count as missing, thresholds, the minimum answered share and the sustainability threshold. placeholder "+
				"true means the weights are not an authority's.", scoringReaders, nil, 200, "ScoringVersion", nil),
		r("POST", "/forms/{id}/rescore", "startRescore", s.startRescore, "Recompute a form's scores",
			"Starts recomputing, in the background and in batches, the scores of the form's current submissions that are not from "+
				"its current scoring version; a run already under way is reported instead of a second one. Idempotent and resumable: "+
				"running it again finishes what an interrupted run left. Follow it with GET.", rescoreRoles, nil, http.StatusAccepted,
			"RescoreProgress", forbidden),
		r("GET", "/forms/{id}/rescore", "getRescore", s.getRescore, "How far recomputing has come",
			"The run under way or the last one finished in this server process; otherwise total is the number of submissions "+
				"waiting to be recomputed.", scoringReaders, nil, 200, "RescoreProgress", nil),
		r("GET", "/cases/{id}/scores", "getCaseScores", s.getCaseScores, "A case's scores",
			"Per scored form: every current submission's score, oldest first, which is the baseline and which the latest follow-up "+
				"(by the survey_round answer, else by date), and per dimension the two side by side with the answers that pulled the "+
				"dimension down most and the assistance types suggested for them. The read is audited.",
			caseScoreRoles, nil, 200, "CaseScoresList", nil),
		r("GET", "/forms/{id}/score-figures", "getScoreFigures", s.getScoreFigures, "Programme figures of a scored form",
			"Means and histograms (ten buckets of 0.1) of each score by organisation, sex, district, ethnicity, destination and return "+
				"type, over one score per person (round: latest — the latest follow-up, else the baseline —, baseline, or follow_up); "+
				"the share of people at or above the sustainability threshold at baseline and at the latest follow-up; and the paired "+
				"change per score between the two for the people who have both. Every figure has its n. Only scores from the current "+
				"scoring version count (pending says how many wait to be recomputed). No person is named.",
			figureRoles, []param{{Name: "round", Type: "string", Enum: store.FigureRounds, Description: "Which score per person (default latest)."},
				{Name: "org_id", Type: "string", Format: "uuid", Description: "Only this organisation's people."}},
			200, "ScoreFigures", forbidden),
	}
}

// ---- views ----

type caseScoreJSON struct {
	store.CaseScore
	TakenOn apiDate `json:"taken_on"`
}

type caseFormScoresJSON struct {
	FormPK   string                 `json:"form_pk"`
	FormID   string                 `json:"form_id"`
	Title    string                 `json:"title"`
	Scoring  *store.ScoringVersion  `json:"scoring"`
	Scores   []caseScoreJSON        `json:"scores"`
	Baseline *int                   `json:"baseline"`
	Latest   *int                   `json:"latest_follow_up"`
	Stale    int                    `json:"stale"`
	Summary  store.CaseScoreSummary `json:"summary"`
}

func index(i int) *int {
	if i < 0 {
		return nil
	}
	return &i
}

func caseFormScoresView(fs store.CaseFormScores) caseFormScoresJSON {
	out := caseFormScoresJSON{FormPK: fs.FormPK, FormID: fs.FormID, Title: fs.Title, Scoring: fs.Scoring, Scores: []caseScoreJSON{},
		Baseline: index(fs.Baseline), Latest: index(fs.Latest), Stale: fs.Stale, Summary: fs.Summary()}
	for _, s := range fs.Scores {
		out.Scores = append(out.Scores, caseScoreJSON{CaseScore: s, TakenOn: apiDate(s.TakenOn)})
	}
	return out
}

// ---- handlers ----

func (s *server) listScoringVersions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	list, err := s.db.ScoringVersions(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(list))
	return nil
}

func (s *server) getScoringVersion(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "scoring version")
	if err != nil {
		return err
	}
	v, err := s.db.ScoringVersionByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) uploadScoringWorkbook(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	up, err := collect.FormUploadFrom(w, r)
	if err != nil {
		return err
	}
	v, created, err := s.forms.UploadScoring(r.Context(), pr.Actor, id, up.FileName, up.Data)
	var refused *xlsform.Error
	if errors.As(err, &refused) {
		return formRefusal(refused)
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"created": created, "scoring_version": v})
	return nil
}

func (s *server) startRescore(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	p, err := s.db.StartRescore(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusAccepted, p)
	return nil
}

func (s *server) getRescore(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	p, err := s.db.RescoreStatus(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *server) getCaseScores(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "case")
	if err != nil {
		return err
	}
	list, err := s.db.CaseScores(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, caseFormScoresView)))
	return nil
}

func (s *server) getScoreFigures(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "form")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	fig, err := s.db.ScoreFigures(r.Context(), pr.Actor, id, q.Get("round"), q.Get("org_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, fig)
	return nil
}

// ---- schemas ----

// scoringSchemas lists the schemas this area's operations use (see allSchemas).
func scoringSchemas() obj {
	share := func(desc string) obj { return obj{"type": "number", "minimum": 0, "maximum": 1, "description": desc} }
	score := func(desc string) obj {
		return obj{"type": "number", "minimum": 0, "maximum": 1, "nullable": true, "description": desc}
	}
	nullNumber := func(desc string) obj { return obj{"type": "number", "nullable": true, "description": desc} }
	labels := func(desc string) obj {
		return obj{"type": "object", "nullable": true, "additionalProperties": obj{"type": "string"},
			"description": desc + " By language code (en, bn)."}
	}
	strList := func(desc string) obj {
		return obj{"type": "array", "items": obj{"type": "string"}, "description": desc}
	}
	listOfRef := func(desc, item string) obj { return obj{"type": "array", "items": ref(item), "description": desc} }
	weight := obj{"type": "number", "exclusiveMinimum": true, "minimum": 0, "description": "The weight (positive)."}
	version := obj{
		"id": str("The scoring version's ID."), "form_pk": str("The form's ID."), "form_id": str("The form's form_id."),
		"number":          obj{"type": "integer", "minimum": 1, "description": "1, 2, ... per form."},
		"label":           str("The version's name, from the scoring sheet."),
		"placeholder":     obj{"type": "boolean", "description": "True when the weights are placeholders, not an authority's."},
		"definition_hash": str("SHA-256 of the definition: equal hashes, equal scoring."),
		"source":          str("The form version whose workbook carried the definition, or upload for a scoring workbook."),
		"file_name":       str("The workbook's file name."),
		"created_by_name": str("Who uploaded it (system for the built-in forms)."),
		"created_at":      timestamp("When."),
		"current":         obj{"type": "boolean", "description": "True for the version new scores are computed with."},
		"definition":      ref("ScoringDefinition"),
	}
	return obj{
		"ScoringVersion": object("A scoring version of a form; the definition is given when one version is read.",
			[]string{"id", "form_pk", "form_id", "number", "label", "placeholder", "definition_hash", "source", "created_by_name",
				"created_at", "current"}, version),
		"ScoringVersionList": listSchema("ScoringVersion"),
		"ScoringDefinition": object("A scoring definition (see docs/SCORING.md).", []string{"form_id", "label", "placeholder",
			"dimensions", "items", "min_answered_share", "thresholds", "sustainable_from"}, obj{
			"form_id":            str("The form_id it belongs to."),
			"label":              str("Its name."),
			"placeholder":        obj{"type": "boolean", "description": "True when the weights are placeholders."},
			"note":               labels("Where the weights come from."),
			"dimensions":         listOfRef("The dimensions, in display order.", "ScoringDimension"),
			"items":              listOfRef("The scored questions, in form order.", "ScoringItem"),
			"min_answered_share": share("The share of a dimension's item weight that must be answered for it to be scored."),
			"thresholds":         listOfRef("Labelled ranges of a score, ascending, covering 0 to 1.", "ScoringThreshold"),
			"sustainable_from":   share("The composite score from which reintegration counts as sustainable."),
		}),
		"ScoringDimension": object("A dimension and its weight in the composite.", []string{"name", "label", "weight"}, obj{
			"name": str("Its code (economic, social, psychosocial)."), "label": labels("Its name."), "weight": weight}),
		"ScoringItem": object("A scored question.", []string{"question", "key", "label", "dimension", "weight"}, obj{
			"question":   str("The question's name."),
			"key":        str("Its path in the answers (economic/food_insecurity)."),
			"label":      labels("The question's label."),
			"dimension":  str("The dimension it counts in."),
			"weight":     weight,
			"reverse":    obj{"type": "boolean", "description": "Negatively worded: the score is 1 minus the option's."},
			"options":    obj{"type": "object", "additionalProperties": share("Score."), "description": "Score of each answer option."},
			"missing":    strList("Answer options that count as not answered."),
			"bands":      listOfRef("Scores of ranges of a numeric answer.", "ScoringBand"),
			"assistance": strList("Assistance types (plan item types) suggested when the item is weak."),
		}),
		"ScoringBand": object("Numbers v with min <= v < max score score; an absent bound is open.", []string{"score"}, obj{
			"min": obj{"type": "number"}, "max": obj{"type": "number"}, "score": share("The score.")}),
		"ScoringThreshold": object("Scores s with min <= s < max (the last includes 1).", []string{"name", "label", "min", "max"}, obj{
			"name": str("Its code."), "label": labels("Its name."), "min": share("From."), "max": share("To.")}),
		"ScoringUpload": object("The form's current scoring version after the upload.", []string{"created", "scoring_version"}, obj{
			"created":         obj{"type": "boolean", "description": "False when the definition equals the current version's (nothing stored)."},
			"scoring_version": ref("ScoringVersion")}),
		"RescoreProgress": object("How far recomputing has come.", []string{"form_pk", "version", "done", "total", "running"}, obj{
			"form_pk": str("The form."),
			"version": obj{"type": "integer", "minimum": 0, "description": "The scoring version number scores are brought to (0: the form has no scoring)."},
			"done":    obj{"type": "integer", "minimum": 0, "description": "Submissions recomputed."},
			"total":   obj{"type": "integer", "minimum": 0, "description": "Submissions to recompute."},
			"running": obj{"type": "boolean", "description": "True while a run is under way."},
			"error":   str("Why the last run stopped early."),
		}),
		"ScoreResult": object("The scoring of one submission.", []string{"dimensions", "composite", "items"}, obj{
			"dimensions": listOfRef("Each dimension's score.", "DimensionScore"),
			"composite":  score("The composite score; null when a dimension could not be scored."),
			"threshold":  str("The threshold the composite falls in."),
			"items":      listOfRef("Each scored item's outcome.", "ItemScore"),
		}),
		"DimensionScore": object("A dimension's score.", []string{"name", "score", "answered_share"}, obj{
			"name": str("The dimension."), "score": score("Null when too little was answered."),
			"answered_share": share("The share of its item weight answered.")}),
		"ItemScore": object("An item's outcome.", []string{"question", "answer", "score"}, obj{
			"question": str("The question."), "answer": str("The answer given (empty when none)."),
			"score": score("Null when not answered, not relevant or answered with a missing option.")}),
		"CaseScore": object("The score of one current submission of a case.", []string{"submission_id", "taken_on", "received_at",
			"scoring_version_id", "scoring_version", "result"}, obj{
			"submission_id":      str("The submission."),
			"survey_round":       str("The survey round answered (baseline, follow_up)."),
			"taken_on":           obj{"type": "string", "format": "date", "description": "The interview date, else the day it arrived."},
			"received_at":        timestamp("When the submission arrived."),
			"scoring_version_id": str("The scoring version that produced the score."),
			"scoring_version":    obj{"type": "integer", "minimum": 1, "description": "Its number."},
			"result":             ref("ScoreResult"),
		}),
		"CaseDimensionScores": object("One score at baseline and at the latest follow-up.", []string{"name", "baseline", "latest_follow_up"}, obj{
			"name":             str("The dimension, or composite."),
			"baseline":         score("At baseline."),
			"latest_follow_up": score("At the latest follow-up."),
			"weakest":          listOfRef("The answers that pulled the dimension down most, lowest first.", "ItemScore"),
			"assistance":       strList("Assistance types suggested for those answers."),
		}),
		"CaseScoreSummary": object("Baseline against latest follow-up.", []string{"dimensions", "composite"}, obj{
			"dimensions": listOfRef("Per dimension.", "CaseDimensionScores"), "composite": ref("CaseDimensionScores")}),
		"CaseFormScores": object("A case's scores on one scored form.", []string{"form_pk", "form_id", "title", "scoring", "scores",
			"baseline", "latest_follow_up", "stale", "summary"}, obj{
			"form_pk": str("The form."), "form_id": str("Its form_id."), "title": str("Its title."),
			"scoring":          obj{"allOf": []obj{ref("ScoringVersion")}, "nullable": true, "description": "The form's current scoring version."},
			"scores":           listOfRef("Oldest first.", "CaseScore"),
			"baseline":         obj{"type": "integer", "nullable": true, "description": "Index in scores of the baseline."},
			"latest_follow_up": obj{"type": "integer", "nullable": true, "description": "Index in scores of the latest follow-up."},
			"stale":            obj{"type": "integer", "minimum": 0, "description": "Scores not from the current scoring version."},
			"summary":          ref("CaseScoreSummary"),
		}),
		"CaseScoresList": listSchema("CaseFormScores"),
		"ScoreCell": object("One score's figures in a group.", []string{"n", "mean"}, obj{
			"n":          obj{"type": "integer", "minimum": 0, "description": "People with this score."},
			"mean":       nullNumber("The mean; null when suppressed or n is 0."),
			"histogram":  obj{"type": "array", "items": obj{"type": "integer"}, "description": "People per bucket of 0.1, from 0."},
			"suppressed": obj{"type": "boolean", "description": "True when hidden: fewer than 5 people."},
		}),
		"ScoreGroup": object("One group's figures.", []string{"key", "n", "cells"}, obj{
			"key":   str("The group's code (empty: not recorded)."),
			"n":     obj{"type": "integer", "minimum": 0, "description": "People in the group."},
			"cells": listOfRef("One per score, in the order of scores.", "ScoreCell"),
		}),
		"ScoreBreakdown": object("Figures per value of one attribute.", []string{"by", "groups"}, obj{
			"by": enum("The attribute.", store.ScoreBreakdowns), "groups": listOfRef("By code.", "ScoreGroup")}),
		"ShareFigure": object("The share at or above the sustainability threshold.", []string{"round", "n", "above", "share"}, obj{
			"round": str("baseline or follow_up."), "n": obj{"type": "integer", "minimum": 0, "description": "People with a composite score."},
			"above":      obj{"type": "integer", "nullable": true, "description": "How many are at or above it; null when suppressed."},
			"share":      nullNumber("above / n; null when suppressed or n is 0."),
			"suppressed": obj{"type": "boolean", "description": "True when hidden."},
		}),
		"PairedChange": object("A score at baseline and latest follow-up for the same people.", []string{"score", "n", "baseline",
			"follow_up", "change"}, obj{
			"score": str("The dimension, or composite."), "n": obj{"type": "integer", "minimum": 0, "description": "People with both."},
			"baseline": nullNumber("Mean at baseline."), "follow_up": nullNumber("Mean at the latest follow-up."),
			"change": nullNumber("Mean change."), "suppressed": obj{"type": "boolean", "description": "True when hidden."},
		}),
		"ScoreFigures": object("Programme figures of a scored form.", []string{"form_pk", "scoring", "round", "scores", "total",
			"breakdowns", "sustainable_from", "sustainable", "change", "pending", "suppressed"}, obj{
			"form_pk":          str("The form."),
			"scoring":          obj{"allOf": []obj{ref("ScoringVersion")}, "nullable": true, "description": "The current scoring version (null: no scoring)."},
			"round":            enum("Which score per person.", store.FigureRounds),
			"scores":           obj{"type": "array", "nullable": true, "items": obj{"type": "string"}, "description": "The dimensions, then composite."},
			"total":            ref("ScoreGroup"),
			"breakdowns":       obj{"type": "array", "nullable": true, "items": ref("ScoreBreakdown"), "description": "One per attribute."},
			"sustainable_from": share("The sustainability threshold."),
			"sustainable":      obj{"type": "array", "items": ref("ShareFigure"), "description": "At baseline, then at the latest follow-up."},
			"change":           obj{"type": "array", "nullable": true, "items": ref("PairedChange"), "description": "Per score."},
			"pending":          obj{"type": "integer", "minimum": 0, "description": "Submissions waiting to be recomputed."},
			"suppressed":       obj{"type": "boolean", "description": "True when figures under 5 people are hidden (viewers)."},
		}),
	}
}
