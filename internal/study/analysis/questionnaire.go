package analysis

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Question kinds the analysis knows.
const (
	QSelectOne      = "select_one"
	QSelectMultiple = "select_multiple"
	QInteger        = "integer"
)

// Langs are the languages labels are kept in.
var Langs = []string{"en", "bn"}

// Label is a text in the interface languages.
type Label map[string]string

// In returns the text in lang, falling back to English and then any.
func (l Label) In(lang string) string {
	if s := l[lang]; s != "" {
		return s
	}
	if s := l["en"]; s != "" {
		return s
	}
	for _, k := range slices.Sorted(maps.Keys(l)) {
		if l[k] != "" {
			return l[k]
		}
	}
	return ""
}

// Option is a choice of a select question, or a bin of an integer one.
type Option struct {
	Code  string
	Label Label
}

// Question is a question of the form that can be analysed.
type Question struct {
	Name string
	// Path is the question's key without repeat indices
	// ("interview/skills/skill/skill_group").
	Path     string
	Kind     string // QSelectOne, QSelectMultiple or QInteger
	InRepeat bool
	Label    Label
	Options  []Option
	// derive, when set, works the answers out from other questions'
	// (the BMET category of the skills).
	derive func(r Response) []string
}

// CanBy reports whether q can be a breakdown: a question outside repeats.
func (q *Question) CanBy() bool { return !q.InRepeat }

// Questionnaire is the analysable questions of a form version.
type Questionnaire struct {
	FormID    string
	Version   string
	Questions []*Question
	byName    map[string]*Question
}

// Find returns the question named name, nil when the form has none.
func (qn *Questionnaire) Find(name string) *Question {
	if qn == nil {
		return nil
	}
	return qn.byName[name]
}

// QuestionInfo describes a question for the screens that choose one.
type QuestionInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	CanBy bool   `json:"can_by"`
}

// Infos lists the questions with labels in lang.
func (qn *Questionnaire) Infos(lang string) []QuestionInfo {
	if qn == nil {
		return nil
	}
	out := make([]QuestionInfo, 0, len(qn.Questions))
	for _, q := range qn.Questions {
		out = append(out, QuestionInfo{Name: q.Name, Label: q.Label.In(lang), Kind: q.Kind, CanBy: q.CanBy()})
	}
	return out
}

// FromForm reads the analysable questions of a parsed XLSForm: select_one,
// select_multiple (with their choices) and integer questions, in form
// order. Questions of the same name in two places are analysed by their
// first occurrence.
func FromForm(f *xlsform.Form) *Questionnaire {
	qn := &Questionnaire{byName: map[string]*Question{}}
	if f == nil || f.Root == nil {
		return qn
	}
	qn.FormID, qn.Version = f.ID, f.Version
	keys := map[string]string{}
	for _, l := range Langs {
		keys[l] = formLanguage(f, l)
	}
	label := func(t xlsform.Text) Label {
		out := Label{}
		for _, l := range Langs {
			out[l] = strings.TrimSpace(t.Get(keys[l], f.DefaultLanguage))
		}
		return out
	}
	root := f.Root.Path + "/"
	var walk func(n *xlsform.Node, inRepeat bool)
	walk = func(n *xlsform.Node, inRepeat bool) {
		for _, c := range n.Children {
			if c.IsGroup() {
				walk(c, inRepeat || c.Type == xlsform.TypeRepeat)
				continue
			}
			var kind string
			switch c.Type {
			case xlsform.TypeSelectOne:
				kind = QSelectOne
			case xlsform.TypeSelectMultiple:
				kind = QSelectMultiple
			case xlsform.TypeInteger:
				kind = QInteger
			default:
				continue
			}
			if c.Name == "" || qn.byName[c.Name] != nil {
				continue
			}
			q := &Question{Name: c.Name, Path: stripIndices(strings.TrimPrefix(c.Path, root)), Kind: kind, InRepeat: inRepeat,
				Label: label(c.Label)}
			if q.Label.In("en") == "" {
				q.Label = Label{"en": c.Name}
			}
			if kind == QInteger {
				q.Options = integerBins(c.Name)
			} else {
				for _, ch := range c.ChoiceItems() {
					o := Option{Code: ch.Name, Label: label(ch.Label)}
					if o.Label.In("en") == "" {
						o.Label = Label{"en": ch.Name}
					}
					q.Options = append(q.Options, o)
				}
				if len(q.Options) == 0 {
					continue // choices from a file or another question: nothing to tabulate against
				}
			}
			qn.Questions = append(qn.Questions, q)
			qn.byName[q.Name] = q
		}
	}
	walk(f.Root, false)
	if skill := qn.byName[QSkillGroup]; skill != nil && qn.byName[QSkillCategory] == nil {
		q := &Question{Name: QSkillCategory, Kind: QSelectMultiple, InRepeat: true,
			Label:  Label{"en": i18n.T("en", "analysis.q.skill_category"), "bn": i18n.T("bn", "analysis.q.skill_category")},
			derive: func(r Response) []string { return skillCategories(r, skill) }}
		for _, c := range refdata.SkillCategories() {
			q.Options = append(q.Options, Option{Code: c.Code, Label: Label{"en": c.NameEN, "bn": c.NameBN}})
		}
		qn.Questions = append(qn.Questions, q)
		qn.byName[q.Name] = q
	}
	return qn
}

// formLanguage finds the form's language key for an interface language:
// "bn" matches "Bangla (bn)", "bn" or "Bangla".
func formLanguage(f *xlsform.Form, lang string) string {
	names := map[string][]string{"bn": {"bangla", "bengali", "বাংলা"}, "en": {"english"}}
	for _, l := range f.Languages {
		low := strings.ToLower(l)
		if low == lang || strings.Contains(low, "("+lang+")") {
			return l
		}
	}
	for _, l := range f.Languages {
		low := strings.ToLower(l)
		for _, n := range names[lang] {
			if strings.Contains(low, n) {
				return l
			}
		}
	}
	return f.DefaultLanguage
}

// stripIndices removes repeat indices from a key: "a/b[2]/c" -> "a/b/c".
func stripIndices(key string) string {
	if !strings.Contains(key, "[") {
		return key
	}
	var b strings.Builder
	skip := false
	for _, r := range key {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Response is one respondent's answers by question path without repeat
// indices; a question in a repeat has one answer per instance.
type Response struct {
	Answers map[string][]string
}

// NewResponse builds a response from answers keyed by instance key
// ("interview/skills/skill[2]/skill_group").
func NewResponse(values map[string]string) Response {
	r := Response{Answers: map[string][]string{}}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := strings.TrimSpace(values[k])
		if v == "" {
			continue
		}
		p := stripIndices(k)
		r.Answers[p] = append(r.Answers[p], v)
	}
	return r
}

// ParseAnswers reads a submission's stored answers: the JSON of an
// instance ({"values": {...}, "meta": ...}) as web data entry stores it,
// {"instance": {...}, "problems": [...]} as OpenRosa stores it, or a flat
// object of key to answer.
func ParseAnswers(data string) (map[string]string, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &top); err != nil {
		return nil, fmt.Errorf("analysis: stored answers are not a JSON object: %w", err)
	}
	if raw, ok := top["instance"]; ok {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) == nil {
			if _, ok := inner["values"]; ok {
				top = inner
			}
		}
	}
	if raw, ok := top["values"]; ok {
		if _, meta := top["meta"]; meta || top["form_id"] != nil {
			var v map[string]string
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, fmt.Errorf("analysis: stored values: %w", err)
			}
			return v, nil
		}
	}
	out := make(map[string]string, len(top))
	for k, raw := range top {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out[k] = s
			continue
		}
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			out[k] = n.String()
		}
	}
	return out, nil
}

// answers returns a respondent's answers to q: select codes (split for
// select_multiple), or integer bin codes; answered is false when q is
// unanswered.
func (r Response) answers(q *Question) (codes []string, answered bool) {
	if q.derive != nil {
		codes = q.derive(r)
		return codes, len(codes) > 0
	}
	vals := r.Answers[q.Path]
	if len(vals) == 0 {
		return nil, false
	}
	seen := map[string]bool{}
	for _, v := range vals {
		var cs []string
		switch q.Kind {
		case QSelectMultiple:
			cs = strings.Fields(v)
		case QSelectOne:
			cs = []string{v}
		case QInteger:
			if b := binOf(q.Options, v); b != "" {
				cs = []string{b}
			}
		}
		for _, c := range cs {
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	return codes, len(codes) > 0
}

// first is the respondent's first answer at a question name's path.
func (r Response) first(path string) string {
	if v := r.Answers[path]; len(v) > 0 {
		return v[0]
	}
	return ""
}
