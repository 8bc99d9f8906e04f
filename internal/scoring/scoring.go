// Package scoring turns the answers of a scored instrument, such as IOM's
// Reintegration Sustainability Survey, into dimension scores and a
// composite score between 0 and 1.
//
// A scoring definition lives in the XLSForm itself (see docs/SCORING.md):
// extra columns on the survey sheet say which questions are scored, in
// which dimension, with which weight; a score column on the choices sheet
// gives each answer option its score (or marks it as missing); numeric
// questions carry score bands; a `scoring` sheet names the dimensions,
// their weights in the composite, the minimum answered share and the
// labelled thresholds. Read parses and checks a definition; Compute
// applies it to one submission's answers. Both are pure: storage and
// screens live elsewhere.
package scoring

// Definition is one scoring version of a form: everything needed to score
// a submission. It is stored as JSON with every score it produced, so its
// field names are part of the storage format: add fields, never rename.
type Definition struct {
	// FormID is the form_id of the XLSForm the definition belongs to.
	FormID string `json:"form_id"`
	// Label is the scoring version's name as written on the scoring sheet
	// ("placeholder equal weights 2026-11").
	Label string `json:"label"`
	// Placeholder is true when the weights are not an authority's: the UI
	// and every export say so.
	Placeholder bool `json:"placeholder"`
	// Note is free text shown with the definition (source of the weights).
	Note map[string]string `json:"note,omitempty"` // language code -> text
	// Dimensions in display order; their weights in the composite.
	Dimensions []Dimension `json:"dimensions"`
	// Items are the scored questions in form order.
	Items []Item `json:"items"`
	// MinAnsweredShare is the share (0..1] of a dimension's item weight
	// that must be answered (not missing) for the dimension to be scored;
	// the composite needs every dimension scored.
	MinAnsweredShare float64 `json:"min_answered_share"`
	// Thresholds label ranges of a score; they cover [0, 1] without gaps
	// or overlaps, in ascending order.
	Thresholds []Threshold `json:"thresholds"`
	// SustainableFrom is the composite score from which reintegration
	// counts as sustainable (programme figures report the share above it).
	SustainableFrom float64 `json:"sustainable_from"`
}

// Dimension is one dimension of the score (economic, social, psychosocial).
type Dimension struct {
	Name   string            `json:"name"`
	Label  map[string]string `json:"label"` // language code -> label
	Weight float64           `json:"weight"`
}

// Item is one scored question.
type Item struct {
	// Question is the question's name on the survey sheet; Key its path
	// in the submission's values ("economic/food_insecurity").
	Question  string            `json:"question"`
	Key       string            `json:"key"`
	Label     map[string]string `json:"label"`
	Dimension string            `json:"dimension"`
	Weight    float64           `json:"weight"`
	// Reverse is true for negatively worded items: the score of an
	// answer is 1 minus its option's score.
	Reverse bool `json:"reverse,omitempty"`
	// Options maps a select_one choice name to its score in [0, 1];
	// Missing lists the choice names that count as not answered
	// ("dont_know", "refused").
	Options map[string]float64 `json:"options,omitempty"`
	Missing []string           `json:"missing,omitempty"`
	// Bands score a numeric answer (integer, decimal, calculate).
	Bands []Band `json:"bands,omitempty"`
	// Assistance lists the assistance types (programme.AssistanceTypes)
	// to suggest when the item is among a returnee's weakest.
	Assistance []string `json:"assistance,omitempty"`
}

// Band scores numeric answers v with Min <= v < Max. A nil bound is open.
type Band struct {
	Min   *float64 `json:"min,omitempty"`
	Max   *float64 `json:"max,omitempty"`
	Score float64  `json:"score"`
}

// Threshold labels scores s with Min <= s < Max (the last includes 1).
type Threshold struct {
	Name  string            `json:"name"`
	Label map[string]string `json:"label"`
	Min   float64           `json:"min"`
	Max   float64           `json:"max"`
}

// Result is the scoring of one submission.
type Result struct {
	// Dimensions holds each dimension's score in definition order.
	Dimensions []DimensionScore `json:"dimensions"`
	// Composite is the weighted mean of the dimension scores; nil when a
	// dimension could not be scored.
	Composite *float64 `json:"composite"`
	// Threshold is the name of the threshold the composite falls in ("" when
	// there is no composite).
	Threshold string `json:"threshold,omitempty"`
	// Items holds each scored item's outcome, in definition order.
	Items []ItemScore `json:"items"`
}

// DimensionScore is one dimension's score. Score is nil when the answered
// share of its weight is below the definition's minimum.
type DimensionScore struct {
	Name          string   `json:"name"`
	Score         *float64 `json:"score"`
	AnsweredShare float64  `json:"answered_share"`
}

// ItemScore is one item's contribution. Score is nil when the item was not
// answered, not relevant, or answered with a missing option.
type ItemScore struct {
	Question string   `json:"question"`
	Answer   string   `json:"answer"`
	Score    *float64 `json:"score"`
}
