package analysis

import (
	"net/url"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
)

// Kind is what an analysis computes.
type Kind string

// The kinds of analysis.
const (
	KindCrosstab  Kind = "crosstab"  // Question by By
	KindReadiness Kind = "readiness" // migration-readiness profile per ethnic group
	KindSupply    Kind = "supply"    // skills supply against destination demand
)

// Kinds lists the kinds in the order screens offer them.
var Kinds = []Kind{KindCrosstab, KindReadiness, KindSupply}

// Supply breakdowns (Spec.By of a KindSupply spec).
const (
	SupplyByCategory    = "category"
	SupplyByDestination = "destination"
)

// Spec says which analysis to compute; it is stored as JSON in evidence
// blocks of the strategy document.
type Spec struct {
	Kind Kind `json:"kind"`
	// Question is a question name of the form ("willing_abroad"); for
	// KindCrosstab only.
	Question string `json:"question,omitempty"`
	// By is the breakdown: a question name ("ethnic_group", "sex",
	// "district", any select_one, select_multiple or integer question),
	// or "" for totals only. For KindSupply: SupplyByCategory (default)
	// or SupplyByDestination. Ignored for KindReadiness.
	By string `json:"by,omitempty"`
	// Weighted asks for post-stratification weights by district and
	// ethnic group (see the package documentation).
	Weighted bool `json:"weighted,omitempty"`
}

// Normal returns the spec with its defaults filled in and what its kind
// ignores cleared.
func (s Spec) Normal() Spec {
	s.Question, s.By = strings.TrimSpace(s.Question), strings.TrimSpace(s.By)
	if s.Kind == "" {
		s.Kind = KindCrosstab
	}
	switch s.Kind {
	case KindReadiness:
		s.Question, s.By = "", ""
	case KindSupply:
		s.Question = ""
		if s.By != SupplyByDestination {
			s.By = SupplyByCategory
		}
	}
	return s
}

// Validate checks the spec's shape; whether its questions exist is for
// the form to say (Compute).
func (s Spec) Validate() error {
	s = s.Normal()
	switch s.Kind {
	case KindCrosstab:
		if s.Question == "" {
			return app.FieldError("question", "choose a question to analyse")
		}
	case KindReadiness, KindSupply:
	default:
		return app.FieldError("kind", "choose crosstab, readiness or supply")
	}
	return nil
}

// ParseSpec reads a spec from a query: kind, question, by, weighted.
func ParseSpec(v url.Values) Spec {
	w := v.Get("weighted")
	return Spec{Kind: Kind(strings.TrimSpace(v.Get("kind"))), Question: v.Get("question"), By: v.Get("by"),
		Weighted: w == "1" || w == "true" || w == "on" || w == "yes"}.Normal()
}

// Query is the reverse of ParseSpec.
func (s Spec) Query() url.Values {
	s = s.Normal()
	v := url.Values{"kind": {string(s.Kind)}}
	if s.Question != "" {
		v.Set("question", s.Question)
	}
	if s.By != "" {
		v.Set("by", s.By)
	}
	if s.Weighted {
		v.Set("weighted", "1")
	}
	return v
}
