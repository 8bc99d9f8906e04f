package analysis_test

import (
	"sync"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/study/analysis"
)

var scoping = sync.OnceValue(func() *analysis.Questionnaire {
	for _, b := range builtin.All() {
		if b.Name == "scoping" {
			f, err := forms.Read(b.XLSX, b.FileName)
			if err != nil {
				panic(err)
			}
			return analysis.FromForm(f)
		}
	}
	panic("no scoping form")
})

// The built-in questionnaire's questions the analysis relies on are
// found with their paths, kinds and Bangla labels.
func TestScopingQuestions(t *testing.T) {
	qn := scoping()
	for name, want := range map[string]struct {
		path, kind string
		repeat     bool
	}{
		analysis.QConsent:       {"consent", analysis.QSelectOne, false},
		analysis.QEthnicGroup:   {"interview/profile/ethnic_group", analysis.QSelectOne, false},
		analysis.QDistrict:      {"interview/profile/district", analysis.QSelectOne, false},
		"age":                   {"interview/profile/age", analysis.QInteger, false},
		analysis.QWilling:       {"interview/willingness/willing_abroad", analysis.QSelectOne, false},
		analysis.QDestination:   {"interview/willingness/preferred_destinations", analysis.QSelectMultiple, false},
		analysis.QBarriers:      {"interview/obstacles/barriers", analysis.QSelectMultiple, false},
		analysis.QSkillGroup:    {"interview/skills/skill/skill_group", analysis.QSelectOne, true},
		analysis.QCertificate:   {"interview/skills/skill/skill_certificate", analysis.QSelectOne, true},
		analysis.QSkillCategory: {"", analysis.QSelectMultiple, true},
	} {
		q := qn.Find(name)
		if q == nil {
			t.Errorf("%s: not found", name)
			continue
		}
		if q.Path != want.path || q.Kind != want.kind || q.InRepeat != want.repeat || q.Label.In("bn") == q.Label.In("en") {
			t.Errorf("%s: %+v", name, q)
		}
	}
	if qn.Find("respondent_name") != nil || qn.Find("notes") != nil {
		t.Error("free-text questions are analysable")
	}
}
