package analysis

import (
	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// Input is what an analysis works from.
type Input struct {
	Questions *Questionnaire
	Responses []Response
	// Demand is the study's destination demand figures (KindSupply and
	// the readiness profile's "skills in demand").
	Demand []Demand
	// Population gives weighting cells' populations; nil means
	// CensusPopulation.
	Population PopulationFunc
}

// Names of the questions the analysis relies on in the scoping form.
const (
	QConsent     = "consent"
	QEthnicGroup = "ethnic_group"
	QSex         = "sex"
	QDistrict    = "district"
	QWilling     = "willing_abroad"
	QSkillGroup  = "skill_group"
	// QSkillCategory is derived, not asked: the BMET skill categories of
	// the person's skills (from skill_group, see refdata).
	QSkillCategory = "skill_category"
	QCertificate   = "skill_certificate"
	QBarriers      = "barriers"
	QDestination   = "preferred_destinations"
	QOccupations   = "preferred_occupations"
)

// Compute computes the analysis spec asks for. A spec the form cannot
// answer (a question it does not have) returns a Table whose Problem says
// so, in lang, with an app.EINVALID error.
func Compute(in Input, spec Spec, lang string) (Table, error) {
	spec = spec.Normal()
	if err := spec.Validate(); err != nil {
		return Table{Spec: spec, Problem: errorText(lang, err)}, err
	}
	switch spec.Kind {
	case KindReadiness:
		return readiness(in, spec, lang)
	case KindSupply:
		return supply(in, spec, lang)
	}
	return crosstab(in, spec, lang)
}

// problem is a Table that could not be computed, and its error.
func problem(spec Spec, lang, field, key, name string) (Table, error) {
	msg := "this question is not in the study's questionnaire; choose one from the list"
	if key == "analysis.problem.by_repeat" {
		msg = "this question is asked once per skill and cannot be a breakdown; choose another"
	}
	return Table{Spec: spec, Problem: i18n.T(lang, key, name)}, app.FieldError(field, msg)
}

// respondent is a response taking part in an analysis, with its weight.
type respondent struct {
	Response
	w float64
}

// prepare keeps the respondents who consented (when the form asks) and
// weighs them when asked; weighted is false when the form cannot be
// weighted.
func prepare(in Input, want bool, lang string, t *Table) []respondent {
	qn := in.Questions
	consent := qn.Find(QConsent)
	var rs []respondent
	for _, r := range in.Responses {
		if consent != nil && r.first(consent.Path) != "yes" {
			continue
		}
		rs = append(rs, respondent{Response: r, w: 1})
	}
	if !want {
		return rs
	}
	d, g := qn.Find(QDistrict), qn.Find(QEthnicGroup)
	if d == nil || g == nil {
		t.Warnings = append(t.Warnings, i18n.T(lang, "analysis.warn.no_weights"))
		return rs
	}
	cells := make([][2]string, len(rs))
	for i, r := range rs {
		cells[i] = [2]string{r.first(d.Path), r.first(g.Path)}
	}
	pop := in.Population
	if pop == nil {
		pop = CensusPopulation
	}
	for i, w := range PostStratify(cells, pop) {
		rs[i].w = w
	}
	t.Weighted = true
	t.Notes = append(t.Notes, i18n.T(lang, "analysis.note.weighted"))
	return rs
}

// errorText is an error's field messages (or its message) in lang.
func errorText(lang string, err error) string {
	for _, m := range app.FieldsIn(lang, err) {
		return m
	}
	return app.MessageIn(lang, err)
}
