package scoring_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/scoring"
)

func TestReadSmall(t *testing.T) {
	data := small.xlsx(t)
	form, err := xlsform.Read(data, xlsform.Options{FileName: "small.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	// The scoring sheet and the score columns do not bother the form reader.
	if len(form.Warnings) > 0 {
		t.Errorf("warnings: %v", form.Warnings)
	}
	d, err := scoring.Read(form, data)
	if err != nil {
		t.Fatal(err)
	}
	zero, ten := 0.0, 10.0
	want := &scoring.Definition{
		FormID: "small", Label: "test 1", Note: map[string]string{"en": "A note", "bn": "একটি নোট"},
		Dimensions: []scoring.Dimension{{Name: "a", Label: map[string]string{"en": "A", "bn": "ক"}, Weight: 2},
			{Name: "b", Label: map[string]string{"en": "B", "bn": "খ"}, Weight: 1}},
		Items: []scoring.Item{
			{Question: "q1", Key: "q1", Label: map[string]string{"en": "Q1", "bn": "প্র১"}, Dimension: "a", Weight: 1,
				Options: map[string]float64{"good": 1, "fair": 0.4, "bad": 0}, Missing: []string{"dont_know"}},
			{Question: "q2", Key: "g/q2", Label: map[string]string{"en": "Q2", "bn": "প্র২"}, Dimension: "a", Weight: 3, Reverse: true,
				Options: map[string]float64{"good": 1, "fair": 0.4, "bad": 0}, Missing: []string{"dont_know"}},
			{Question: "n1", Key: "g/n1", Label: map[string]string{"en": "N1", "bn": "সং১"}, Dimension: "b", Weight: 1,
				Bands: []scoring.Band{{Max: &zero, Score: 1}, {Min: &zero, Max: &ten, Score: 0.5}, {Min: &ten, Score: 0}}},
			{Question: "q3", Key: "q3", Label: map[string]string{"en": "Q3", "bn": "প্র৩"}, Dimension: "b", Weight: 1,
				Options: map[string]float64{"good": 1, "fair": 0.4, "bad": 0}, Missing: []string{"dont_know"}},
		},
		MinAnsweredShare: 0.5,
		Thresholds: []scoring.Threshold{{Name: "low", Label: map[string]string{"en": "Low", "bn": "কম"}, Min: 0, Max: 0.5},
			{Name: "high", Label: map[string]string{"en": "High", "bn": "বেশি"}, Min: 0.5, Max: 1}},
		SustainableFrom: 0.5,
	}
	if !reflect.DeepEqual(d, want) {
		got, _ := json.MarshalIndent(d, "", " ")
		t.Errorf("got %s", got)
	}
	if d.Hash() != want.Hash() {
		t.Error("equal definitions hash differently")
	}
}

// TestReadNone: a form without score columns and scoring sheet has no
// scoring; empty score columns do not count.
func TestReadNone(t *testing.T) {
	b := book{
		"survey":  {"type|name|label|score_dimension|score_weight", "text|q|Q||", "integer|n|N"},
		"choices": {"list_name|name|label|score"},
	}
	d, err := b.read(t)
	if d != nil || err != nil {
		t.Fatalf("Read = %v, %v; want nil, nil", d, err)
	}
}

// TestReadProblems: each mistake is refused with a problem at its cell.
func TestReadProblems(t *testing.T) {
	type edit struct{ sheet, prefix, row string }
	for _, tc := range []struct {
		name  string
		edits []edit
		// where (sheet!cell, or sheet!row for a whole row, or sheet alone)
		// and a piece of the message.
		where, says string
	}{
		{"zero item weight", []edit{{"survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|0|yes|"}}, "survey!G4", "positive number"},
		{"negative item weight", []edit{{"survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|-1|yes|"}}, "survey!G4", "positive number"},
		{"weight not a number", []edit{{"survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|heavy|yes|"}}, "survey!G4", "positive number"},
		{"zero dimension weight", []edit{{"scoring", "dimension|a", "dimension|a|0|A|ক"}}, "scoring!C5", "weight of dimension \"a\" must be a positive number"},
		{"unknown dimension", []edit{{"survey", "select_one good|q1", "select_one good|q1|Q1|প্র১||z|1||"}}, "survey!F2", "names the dimension \"z\""},
		{"select_multiple scored", []edit{{"survey", "select_one good|q1", "select_multiple good|q1|Q1|প্র১||a|1||"}}, "survey!F2", "select_multiple, which cannot be scored"},
		{"text scored", []edit{{"survey", "text|remark", "text|remark|Remark|মন্তব্য||a"}}, "survey!F8", "type text, which cannot be scored"},
		{"option without score", []edit{{"choices", "good|bad", "good|bad|Bad|খারাপ"}}, "survey!F2", "options 'bad' of its list \"good\" have no score"},
		{"score above 1", []edit{{"choices", "good|fair", "good|fair|Fair|মোটামুটি|1.5"}}, "choices!E3", "from 0 (worst) to 1 (best)"},
		{"score negative", []edit{{"choices", "good|fair", "good|fair|Fair|মোটামুটি|-0.5"}}, "choices!E3", "from 0 (worst) to 1 (best)"},
		{"score a word", []edit{{"choices", "good|fair", "good|fair|Fair|মোটামুটি|n/a"}}, "choices!E3", "or the word missing"},
		{"every option missing", []edit{{"choices", "good|good", "good|good|Good|ভালো|missing"}, {"choices", "good|fair", "good|fair|Fair|মোটামুটি|missing"},
			{"choices", "good|bad", "good|bad|Bad|খারাপ|missing"}}, "survey!F2", "has no scored answer"},
		{"bands overlap", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||..1=1; 0..10=0.5; 10..=0"}}, "survey!I5", "overlap"},
		{"bands with a gap", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||..0=1; 1..10=0.5; 10..=0"}}, "survey!I5", "gap between the bands ..0=1 and 1..10=0.5"},
		{"two open low ends", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||..0=1; ..10=0.5"}}, "survey!I5", "only one band may be open"},
		{"empty band", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||..0=1; 0..0=0.5; 0..=0"}}, "survey!I5", "is empty"},
		{"band score above 1", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||..0=2; 0..=0"}}, "survey!I5", "outside 0 to 1"},
		{"bands unreadable", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||0-10=1"}}, "survey!I5", "cannot be read"},
		{"no bands", []edit{{"survey", "integer|n1", "integer|n1|N1|সং১||b|||"}}, "survey!I5", "needs score bands"},
		{"bands on a select", []edit{{"survey", "select_one good|q1", "select_one good|q1|Q1|প্র১||a|1||..1=1; 1..=0"}}, "survey!I2", "not with bands"},
		{"reverse not yes or no", []edit{{"survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|3|backwards|"}}, "survey!H4", "must be yes"},
		{"score columns without a dimension", []edit{{"survey", "text|remark", "text|remark|Remark|মন্তব্য|||2"}}, "survey!F8", "no score_dimension"},
		{"misspelt score column", []edit{{"survey", "type|", "type|name|label::English (en)|label::Bangla (bn)|relevant|score_dimension|score_wieght|score_reverse|score_bands"}}, "survey!G1", "not a scoring column"},
		{"threshold gap", []edit{{"scoring", "threshold|high", "threshold|high|0.6..1|High|বেশি"}}, "scoring!C9", "gap between the thresholds \"low\" and \"high\""},
		{"threshold overlap", []edit{{"scoring", "threshold|high", "threshold|high|0.4..1|High|বেশি"}}, "scoring!C9", "overlap"},
		{"thresholds from above 0", []edit{{"scoring", "threshold|low", "threshold|low|0.1..0.5|Low|কম"}}, "scoring!C8", "must start at 0"},
		{"thresholds short of 1", []edit{{"scoring", "threshold|high", "threshold|high|0.5..0.9|High|বেশি"}}, "scoring!C9", "must end at 1"},
		{"threshold unreadable", []edit{{"scoring", "threshold|high", "threshold|high|half to one|High|বেশি"}}, "scoring!C9", "is not a range"},
		{"missing dimension row", []edit{{"scoring", "dimension|b", "dimension|a|2|A|ক"}}, "scoring!B6", "named twice"},
		{"dimension without items", []edit{{"scoring", "placeholder", "dimension|c|1|C|গ"}}, "scoring!B3", "has no scored question"},
		{"no version", []edit{{"scoring", "version", ""}}, "scoring", "no version name"},
		{"unknown kind", []edit{{"scoring", "placeholder", "weights|x|1"}}, "scoring!A3", "not a kind of scoring row"},
		{"placeholder not yes or no", []edit{{"scoring", "placeholder", "placeholder||maybe"}}, "scoring!C3", "yes (the weights are not an authority's) or no"},
		{"min share above 1", []edit{{"scoring", "min_answered_share", "min_answered_share||1.5"}}, "scoring!C7", "more than 0 and at most 1"},
		{"min share zero", []edit{{"scoring", "min_answered_share", "min_answered_share||0"}}, "scoring!C7", "more than 0 and at most 1"},
		{"no min share", []edit{{"scoring", "min_answered_share", ""}}, "scoring", "no row of kind min_answered_share"},
		{"sustainable_from above 1", []edit{{"scoring", "sustainable_from", "sustainable_from||66"}}, "scoring!C10", "from 0 to 1"},
		{"twice the version", []edit{{"scoring", "placeholder", "version|again"}}, "scoring!A3", "already a row of kind version"},
		{"unknown assistance", []edit{{"survey", "type|", "type|name|label::English (en)|label::Bangla (bn)|relevant|score_dimension|score_weight|score_reverse|score_assistance"},
			{"survey", "select_one good|q1", "select_one good|q1|Q1|প্র১||a|1||cash"}}, "survey!I2", "assistance type \"cash\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := small.clone()
			for _, e := range tc.edits {
				b.set(t, e.sheet, e.prefix, e.row)
			}
			d, err := b.read(t)
			if err == nil {
				t.Fatalf("accepted: %+v", d)
			}
			ps := problems(t, err)
			for _, p := range ps {
				where := p.Sheet
				if p.Cell != "" {
					where += "!" + p.Cell
				}
				if where == tc.where && strings.Contains(p.Message, tc.says) {
					if p.Cell != "" && p.Column == "" {
						t.Errorf("problem %+v has a cell but no column", p)
					}
					return
				}
			}
			t.Errorf("no problem at %s saying %q; got:\n%s", tc.where, tc.says, err)
		})
	}
}

// TestReadAllProblemsAtOnce: every mistake is reported in one go.
func TestReadAllProblemsAtOnce(t *testing.T) {
	b := small.clone().
		set(t, "survey", "select_one good|q2", "select_one good|q2|Q2|প্র২||a|0|yes|").
		set(t, "survey", "integer|n1", "integer|n1|N1|সং১||b|||..1=1; 0..=0").
		set(t, "choices", "good|fair", "good|fair|Fair|মোটামুটি|2").
		set(t, "scoring", "threshold|high", "threshold|high|0.6..1|High|বেশি").
		set(t, "scoring", "dimension|a", "dimension|a|-2|A|ক")
	_, err := b.read(t)
	if err == nil {
		t.Fatal("accepted")
	}
	var cells []string
	for _, p := range problems(t, err) {
		cells = append(cells, p.Sheet+"!"+p.Cell)
	}
	for _, want := range []string{"survey!G4", "survey!I5", "choices!E3", "scoring!C9", "scoring!C5"} {
		if !slices.Contains(cells, want) {
			t.Errorf("no problem at %s; got %q:\n%v", want, cells, err)
		}
	}
}

// TestReadNoScoringSheet: score columns without a scoring sheet are one
// problem, not one per question.
func TestReadNoScoringSheet(t *testing.T) {
	b := small.clone()
	delete(b, "scoring")
	_, err := b.read(t)
	if ps := problems(t, err); len(ps) != 1 || !strings.Contains(ps[0].Message, "no 'scoring' sheet") {
		t.Errorf("problems %v", err)
	}
}

// TestReadScoringWorkbook: the scoring of a published form may come in a
// workbook of its own, matched to the form's questions and choices by
// name; names the form does not have are refused.
func TestReadScoringWorkbook(t *testing.T) {
	data := small.xlsx(t)
	form, err := xlsform.Read(data, xlsform.Options{FileName: "small.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	only := book{
		"survey": {"name|score_dimension|score_weight|score_reverse|score_bands",
			"n1|b||| ..5=1; 5..=0", "q1|a|2", "q3|b", "q2|a|1|yes"},
		"choices": {"list_name|name|score", "good|good|1", "good|fair|0.5", "good|bad|0", "good|dont_know|missing"},
		"scoring": small["scoring"],
	}
	d, err := scoring.Read(form, only.xlsx(t))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, it := range d.Items {
		order = append(order, it.Question)
	}
	if !slices.Equal(order, []string{"q1", "q2", "n1", "q3"}) || d.Item("q1").Weight != 2 || d.Item("q2").Options["fair"] != 0.5 ||
		d.Item("q2").Label["bn"] != "প্র২" || d.Item("n1").Key != "g/n1" {
		t.Errorf("definition %+v", d)
	}

	bad := only.clone()
	bad["survey"] = append(bad["survey"], "nope|a")
	bad["choices"] = append(bad["choices"], "good|excellent|1", "grade|a|1")
	_, err = scoring.Read(form, bad.xlsx(t))
	var says []string
	for _, p := range problems(t, err) {
		says = append(says, p.Cell+" "+p.Message)
	}
	for _, want := range []string{"A6 The form has no question \"nope\"", "B6 The choice \"excellent\"", "A7 The choice list \"grade\""} {
		if !slices.ContainsFunc(says, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("no problem %q in %q", want, says)
		}
	}
}

// TestReadRepeat: questions in a repeat cannot be scored.
func TestReadRepeat(t *testing.T) {
	b := small.clone()
	b["survey"] = append(b["survey"], "begin_repeat|r|R|পু", "integer|rn|RN|পুস||b|||..1=1; 1..=0", "end_repeat")
	_, err := b.read(t)
	if ps := problems(t, err); !slices.ContainsFunc(ps, func(p xlsform.Problem) bool {
		return p.Row == 10 && strings.Contains(p.Message, "inside the repeat \"r\"")
	}) {
		t.Errorf("problems %v", err)
	}
}

// TestValidate: a definition decoded from JSON passes the same checks.
func TestValidate(t *testing.T) {
	_, d := builtinRSS(t)
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back scoring.Definition
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if back.Hash() != d.Hash() {
		t.Error("the JSON round trip changed the hash")
	}
	back.Items[0].Weight = 0
	back.Items[1].Options["never"] = 1.2
	back.Items[2].Dimension = "cultural"
	back.Items[3].Assistance = []string{"cash"}
	back.Dimensions[2].Weight = -1
	back.Thresholds[1].Min = 0.3
	back.MinAnsweredShare = 0
	back.Label = ""
	err = back.Validate()
	if err == nil {
		t.Fatal("accepted")
	}
	ps := problems(t, err)
	for _, want := range []string{"weight of question \"economic_satisfaction\"", "\"never\" of question \"food_insecurity\" has the score 1.2",
		"names the dimension \"cultural\"", "assistance type \"cash\"", "weight of dimension \"psychosocial\"",
		"thresholds \"priority\" and \"some_support\" overlap", "minimum answered share", "no version name"} {
		if !slices.ContainsFunc(ps, func(p xlsform.Problem) bool { return strings.Contains(p.Message, want) }) {
			t.Errorf("no problem saying %q in\n%v", want, err)
		}
	}
}
