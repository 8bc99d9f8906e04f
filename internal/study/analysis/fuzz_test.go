package analysis_test

import (
	"net/url"
	"testing"

	"github.com/remaker-bd/remaker/internal/study/analysis"
)

// FuzzParseAnswers: stored answers come from devices and old versions;
// whatever they hold, reading them and tabulating them must not panic.
func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{`{"consent":"yes","interview/profile/sex":"female"}`,
		`{"form_id":"x","meta":{},"values":{"consent":"yes","interview/skills/skill[2]/skill_group":"7"}}`,
		`{"instance":{"values":{"interview/profile/age":"30"},"meta":{}},"problems":[]}`, `{"a":1.5,"b":null,"c":[1]}`, `[]`, `"x"`, ``} {
		f.Add(s)
	}
	qn := scoping()
	f.Fuzz(func(t *testing.T, data string) {
		values, err := analysis.ParseAnswers(data)
		if err != nil {
			return
		}
		in := analysis.Input{Questions: qn, Responses: []analysis.Response{analysis.NewResponse(values)}}
		for _, s := range []analysis.Spec{{Question: "age", By: "ethnic_group", Weighted: true}, {Question: "skill_group"},
			{Kind: analysis.KindReadiness}, {Kind: analysis.KindSupply, By: analysis.SupplyByDestination}} {
			if tb, err := analysis.Compute(in, s, "bn"); err == nil {
				analysis.BarChartSVG(tb, "bn")
				analysis.TableHTML(tb, "en")
			}
		}
	})
}

// FuzzParseSpec: a spec comes from a query string or a stored block.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"kind=crosstab&question=sex&by=district&weighted=1", "kind=supply&by=destination", "kind=pie", "question=%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		s := analysis.ParseSpec(v)
		if s.Validate() == nil && analysis.ParseSpec(s.Query()) != s {
			t.Errorf("round trip of %+v: %+v", s, analysis.ParseSpec(s.Query()))
		}
	})
}
