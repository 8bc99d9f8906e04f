package builtin_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// wantQuestion checks a question's type (and list, for selects).
func wantQuestion(t *testing.T, form *xlsform.Form, name, typ, list string) *xlsform.Node {
	t.Helper()
	n := node(t, form, name)
	if n.Type != typ || n.ListName != list {
		t.Errorf("%s %s: type %s %s, want %s %s", form.ID, name, n.Type, n.ListName, typ, list)
	}
	return n
}

// wantCatalogLabels checks that a list's names are codes (in order) and its
// labels the words the application shows for them, from the i18n catalogs
// under prefix.code, so that a form and a screen never disagree.
func wantCatalogLabels(t *testing.T, form *xlsform.Form, list, prefix string, codes []string) {
	t.Helper()
	if got := choiceNames(form, list); !slices.Equal(got, codes) {
		t.Errorf("%s list %s: names %q, want %q", form.ID, list, got, codes)
	}
	for _, c := range form.Choices[list].Choices {
		en, bn := i18n.Keys("en")[prefix+"."+c.Name], i18n.Keys("bn")[prefix+"."+c.Name]
		if c.Label[langEN] != en || c.Label[langBN] != bn {
			t.Errorf("%s list %s choice %s: labels %q, want the catalog's %q / %q", form.ID, list, c.Name,
				map[string]string(c.Label), en, bn)
		}
	}
}

func codes[T any](items []T, code func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = code(it)
	}
	return out
}

// TestScreeningMatchesCasework: the screening form records what
// casework.Screening holds, under the same names, with the indicator codes
// casework scores.
func TestScreeningMatchesCasework(t *testing.T) {
	_, form := byName(t, "screening")
	wantQuestion(t, form, "assessed_on", xlsform.TypeDate, "")
	wantQuestion(t, form, "indicators", xlsform.TypeSelectMultiple, "indicator")
	wantQuestion(t, form, "has_debt", xlsform.TypeSelectOne, "yes_no_dk")
	amount := wantQuestion(t, form, "debt_amount", xlsform.TypeInteger, "")
	wantQuestion(t, form, "notes", xlsform.TypeText, "")

	wantCatalogLabels(t, form, "indicator", "indicator", codes(casework.Indicators, func(in struct {
		Code   string
		Weight int
	}) string {
		return in.Code
	}))

	// The note that tells the case worker the debt counts uses casework's threshold.
	threshold := strconv.FormatInt(casework.DebtThresholdMinor/100, 10)
	counts := node(t, form, "debt_counts")
	if !strings.Contains(counts.Relevant, "> "+threshold) {
		t.Errorf("debt_counts is shown when %q, want the threshold %s taka", counts.Relevant, threshold)
	}
	for amountTaka, shown := range map[string]bool{threshold: false, "100001": true, "": false} {
		if got := evalBool(t, form, counts.Relevant, "", map[string]string{"has_debt": "yes", "debt_amount": amountTaka}); got != shown {
			t.Errorf("debt %q taka: note shown = %v", amountTaka, got)
		}
	}
	if !evalBool(t, form, amount.Relevant, "", map[string]string{"has_debt": "yes"}) ||
		evalBool(t, form, amount.Relevant, "", map[string]string{"has_debt": "dont_know"}) {
		t.Errorf("the amount must be asked only when there is debt: %q", amount.Relevant)
	}

	// The debt indicator is ticked by hand only when no amount decides it.
	others := slices.DeleteFunc(choiceNames(form, "indicator"), func(s string) bool { return s == "debt_above_threshold" })
	for _, tc := range []struct {
		hasDebt, amount string
		offersDebt      bool
	}{
		{"yes", "", true},
		{"dont_know", "", true},
		{"yes", "150000", false},
		{"yes", "0", false},
		{"no", "", false},
	} {
		got := offered(t, form, "indicators", map[string]string{"has_debt": tc.hasDebt, "debt_amount": tc.amount})
		want := others
		if tc.offersDebt {
			want = choiceNames(form, "indicator")
		}
		if !slices.Equal(got, want) {
			t.Errorf("debt %s/%q: offered %q, want %q", tc.hasDebt, tc.amount, got, want)
		}
	}
}

// TestFollowupMatchesRecord: the follow-up form holds what followup.Record
// takes (done_on, findings, action) under the same names and codes, and its
// new needs are the plan's assistance types.
func TestFollowupMatchesRecord(t *testing.T) {
	_, form := byName(t, "followup")
	done := wantQuestion(t, form, "done_on", xlsform.TypeDate, "")
	findings := wantQuestion(t, form, "findings", xlsform.TypeText, "")
	wantQuestion(t, form, "action", xlsform.TypeSelectOne, "action")
	met := wantQuestion(t, form, "met", xlsform.TypeSelectOne, "yes_no")
	wantQuestion(t, form, "not_met_reason", xlsform.TypeText, "")
	wantQuestion(t, form, "new_needs", xlsform.TypeSelectMultiple, "assistance_type")
	wantQuestion(t, form, "assistance_received", xlsform.TypeSelectOne, "received")
	wantQuestion(t, form, "assistance_used", xlsform.TypeSelectOne, "use")
	wantQuestion(t, form, "photo", xlsform.TypeImage, "")
	wantQuestion(t, form, "notes", xlsform.TypeText, "")
	for _, d := range programme.Dimensions {
		wantQuestion(t, form, d+"_change", xlsform.TypeSelectOne, "change")
		wantQuestion(t, form, d+"_notes", xlsform.TypeText, "")
	}
	wantCatalogLabels(t, form, "action", "visit_action", followup.Actions)
	if got := choiceNames(form, "assistance_type"); !slices.Equal(got, programme.AssistanceTypes) {
		t.Errorf("new needs %q, want programme.AssistanceTypes %q", got, programme.AssistanceTypes)
	}
	if met.Required != "true()" || findings.Required != "true()" {
		t.Error("met and findings must be required")
	}

	// followup.Record refuses a visit in the future or more than a year ago.
	for day, ok := range map[string]bool{"2026-11-23": true, "2026-11-24": false, "2026-01-10": true, "2025-11-01": false} {
		if got := evalBool(t, form, done.Constraint, day, nil); got != ok {
			t.Errorf("visit on %s accepted = %v, want %v", day, got, ok)
		}
	}
	// What was found is asked only when the returnee was met; why not, only when not.
	for name, whenMet := range map[string]bool{"found": true, "assistance": true, "next_steps": true, "photo": true, "visit_mode": true, "not_met_reason": false} {
		rel := node(t, form, name).Relevant
		if evalBool(t, form, rel, "", map[string]string{"met": "yes"}) != whenMet ||
			evalBool(t, form, rel, "", map[string]string{"met": "no"}) == whenMet {
			t.Errorf("%s: relevant %q does not follow whether the returnee was met", name, rel)
		}
	}
}

// rssItems are the indicators of issue 6, by dimension: each is a required
// select_one in its dimension's group.
var rssItems = map[string][]string{
	"economic": {"economic_satisfaction", "food_insecurity", "can_borrow", "borrowing_frequency", "debt_spending_ratio",
		"access_employment_training", "productive_assets", "employment_status", "job_searching"},
	"social": {"access_housing", "housing_standard", "access_education", "children_in_school", "access_justice",
		"identity_documents", "access_water", "access_health", "health_quality"},
	"psychosocial": {"social_activities", "support_network", "belonging", "physical_safety", "tensions",
		"discrimination", "distress", "wants_psychological_support", "able_to_stay"},
}

func TestRSSIndicators(t *testing.T) {
	_, form := byName(t, "rss")
	for dim, items := range rssItems {
		group := wantQuestion(t, form, dim, xlsform.TypeGroup, "")
		if group.Relevant != "${consent} = 'yes'" {
			t.Errorf("%s: relevant %q, want it asked only with consent", dim, group.Relevant)
		}
		for _, name := range items {
			n := node(t, form, name)
			if n.Parent != group {
				t.Errorf("%s is not in the %s group", name, dim)
			}
			if name == "debt_spending_ratio" {
				continue
			}
			if n.Type != xlsform.TypeSelectOne || n.Required != "true()" {
				t.Errorf("%s: want a required select_one, got %s required=%q", name, n.Type, n.Required)
			}
			// Every scored answer can be refused; the scoring counts it as missing.
			if !slices.Contains(choiceNames(form, n.ListName), "refused") {
				t.Errorf("%s: its list %s has no refused", name, n.ListName)
			}
		}
	}
	// Opinions and perceptions may also be "don't know".
	for _, list := range []string{"yes_no_dk", "satisfaction", "frequency", "rating", "agreement", "attendance"} {
		if names := choiceNames(form, list); !slices.Contains(names, "dont_know") || names[len(names)-1] != "refused" {
			t.Errorf("list %s: %q must offer dont_know and end with refused", list, names)
		}
	}
	// Exactly the indicators carry a scoring dimension, their own; the
	// rest of the form has no extra columns (see TestRSSScoring).
	for _, n := range nodes(form) {
		want := ""
		for dim, items := range rssItems {
			if slices.Contains(items, n.Name) {
				want = dim
			}
		}
		if got := n.Extra["score_dimension"]; got != want || (want == "" && len(n.Extra) > 0) {
			t.Errorf("%s: score_dimension %q, want %q (extra columns %v)", n.Name, got, want, n.Extra)
		}
	}

	// Skip logic: school attendance only with school-age children, the
	// debt amount only when in debt.
	school := node(t, form, "children_in_school").Relevant
	if !evalBool(t, form, school, "", map[string]string{"school_age_children": "yes"}) ||
		evalBool(t, form, school, "", map[string]string{"school_age_children": "no"}) {
		t.Errorf("children_in_school relevant %q", school)
	}
	debt := node(t, form, "debt_amount").Relevant
	if !evalBool(t, form, debt, "", map[string]string{"has_debt": "yes"}) ||
		evalBool(t, form, debt, "", map[string]string{"has_debt": "refused"}) {
		t.Errorf("debt_amount relevant %q", debt)
	}

	ratio := wantQuestion(t, form, "debt_spending_ratio", xlsform.TypeCalculate, "")
	calc := expr.MustParse(ratio.Calculation)
	for _, tc := range []struct{ hasDebt, debt, spending, want string }{
		{"no", "", "", "0"},
		{"no", "", "12000", "0"},
		{"yes", "50000", "10000", "5"},
		{"yes", "10000", "3000", "3.33"},
		{"yes", "0", "8000", "0"},
		{"yes", "", "10000", ""}, // amount unknown
		{"yes", "5000", "0", ""}, // no spending: no ratio
		{"yes", "5000", "", ""},  // spending unknown
		{"dont_know", "", "9000", ""},
		{"refused", "", "9000", ""},
	} {
		got, err := calc.EvalString(answers(form, map[string]string{"has_debt": tc.hasDebt, "debt_amount": tc.debt, "monthly_spending": tc.spending}))
		if err != nil || got != tc.want {
			t.Errorf("ratio of %s %q/%q = %q (%v), want %q", tc.hasDebt, tc.debt, tc.spending, got, err, tc.want)
		}
	}
}

// TestScopingMatchesReferenceData: the scoping questionnaire's places,
// groups, languages, occupations and countries are the codes of
// internal/refdata (the shared reference data), and its profile codes are
// the register's.
func TestScopingMatchesReferenceData(t *testing.T) {
	_, form := byName(t, "scoping")

	groups := refdata.EthnicGroups()
	if got := choiceNames(form, "ethnic_group"); !slices.Equal(got, codes(groups, func(e refdata.Ethnicity) string { return e.Code })) {
		t.Errorf("ethnic groups %q", got)
	}
	for i, c := range form.Choices["ethnic_group"].Choices {
		if c.Label[langEN] != groups[i].NameEN || c.Label[langBN] != groups[i].NameBN {
			t.Errorf("ethnic group %s: labels %q", c.Name, map[string]string(c.Label))
		}
	}

	// Districts: all of them, the three Hill Tracts districts first.
	districts := form.Choices["district"].Choices
	if len(districts) != len(refdata.Units(refdata.District)) {
		t.Errorf("%d districts, want %d", len(districts), len(refdata.Units(refdata.District)))
	}
	for i, c := range districts {
		u, ok := refdata.Admin(c.Name)
		if !ok || u.Level != refdata.District || c.Label[langEN] != u.NameEN || c.Label[langBN] != u.NameBN {
			t.Errorf("district %s %q is not a district of refdata", c.Name, map[string]string(c.Label))
		}
		if u.IsCHT != (i < 3) {
			t.Errorf("district %s at %d: the Hill Tracts districts come first", c.Name, i)
		}
	}
	// Upazilas: each district offers exactly its upazilas with a Bangla
	// name (every one but the metropolitan thanas), and "other".
	for _, d := range districts {
		var want []string
		for _, u := range refdata.Children(d.Name) {
			if u.NameBN != "" {
				want = append(want, u.Pcode)
			}
		}
		got := offered(t, form, "upazila", map[string]string{"district": d.Name})
		if got[len(got)-1] != "other" {
			t.Errorf("district %s: no 'other' upazila", d.Name)
		}
		got = got[:len(got)-1]
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("district %s offers %q, want %q", d.Name, got, want)
		}
	}
	for _, c := range form.Choices["upazila"].Choices {
		if c.Name == "other" {
			continue
		}
		u, ok := refdata.Admin(c.Name)
		if !ok || u.Level != refdata.Upazila || u.Parent != c.Extra["district"] || c.Label[langEN] != u.NameEN || c.Label[langBN] != u.NameBN {
			t.Errorf("upazila %s (district %s) %q does not match refdata", c.Name, c.Extra["district"], map[string]string(c.Label))
		}
	}

	for _, c := range form.Choices["language"].Choices {
		l, ok := refdata.Language(c.Name)
		if c.Name != "other" && (!ok || c.Label[langEN] != l.NameEN || c.Label[langBN] != l.NameBN) {
			t.Errorf("language %s %q does not match refdata", c.Name, map[string]string(c.Label))
		}
	}
	if names := choiceNames(form, "language"); !slices.Contains(names, "bn") || !slices.Contains(names, "en") || !slices.Contains(names, "ar") {
		t.Errorf("languages %q must include Bangla, English and Arabic", names)
	}

	majors := refdata.ISCOMajorGroups()
	if got := choiceNames(form, "isco"); !slices.Equal(got, codes(majors, func(o refdata.Occupation) string { return o.Code })) {
		t.Errorf("ISCO-08 major groups %q", got)
	}
	for i, c := range form.Choices["isco"].Choices {
		if !strings.HasPrefix(c.Label[langEN], majors[i].Title) {
			t.Errorf("ISCO %s: label %q does not start with %q", c.Name, c.Label[langEN], majors[i].Title)
		}
	}

	countries := choiceNames(form, "country")
	for _, c := range form.Choices["country"].Choices {
		ci, ok := refdata.Country(c.Name)
		if c.Name != "other" && (!ok || c.Label[langEN] != ci.NameEN || c.Label[langBN] != ci.NameBN) {
			t.Errorf("country %s %q does not match refdata", c.Name, map[string]string(c.Label))
		}
	}
	for _, w := range refdata.DestinationWeights() {
		if !slices.Contains(countries, w.Country) {
			t.Errorf("BMET destination %s is not offered", w.Country)
		}
	}

	wantCatalogLabels(t, form, "sex", "sex", registry.Sexes)
	wantCatalogLabels(t, form, "religion", "religion", registry.Religions)
	wantCatalogLabels(t, form, "education", "education", registry.Educations)
	wantCatalogLabels(t, form, "income_source", "income_source", registry.IncomeSources)
	wantCatalogLabels(t, form, "channel", "channel", registry.Channels)
	if got := choiceNames(form, "yes_no_maybe"); !slices.Equal(got, registry.Remigration) {
		t.Errorf("willingness %q, want the register's %q", got, registry.Remigration)
	}
}

// TestScopingQuestionnaire: the questions issue 7 asks for, consent first,
// names optional, skills as a repeat.
func TestScopingQuestionnaire(t *testing.T) {
	_, form := byName(t, "scoping")
	consent := wantQuestion(t, form, "consent", xlsform.TypeSelectOne, "yes_no")
	interview := wantQuestion(t, form, "interview", xlsform.TypeGroup, "")
	if interview.Relevant != "${consent} = 'yes'" || consent.Required != "true()" {
		t.Errorf("consent must be required and gate the interview: %q", interview.Relevant)
	}
	// Nothing is asked before consent but the date; everything after it is
	// inside the interview.
	for _, n := range nodes(form) {
		if n.IsMetadata() || n.Type == xlsform.TypeNote || n == consent || n.Name == "interview_date" {
			continue
		}
		inside := false
		for p := n; p != nil; p = p.Parent {
			inside = inside || p == interview
		}
		if !inside && n != interview {
			t.Errorf("%s is asked outside the interview group", n.Name)
		}
	}
	if consent.Row > interview.Row || node(t, form, "interview_date").Row > consent.Row {
		t.Error("consent must come before the interview")
	}
	if n := node(t, form, "respondent_name"); n.Required != "" {
		t.Errorf("the name must be optional, required=%q", n.Required)
	}

	for name, want := range map[string][2]string{
		"sex": {xlsform.TypeSelectOne, "sex"}, "age": {xlsform.TypeInteger, ""},
		"ethnic_group": {xlsform.TypeSelectOne, "ethnic_group"}, "religion": {xlsform.TypeSelectOne, "religion"},
		"district": {xlsform.TypeSelectOne, "district"}, "upazila": {xlsform.TypeSelectOne, "upazila"},
		"education": {xlsform.TypeSelectOne, "education"}, "languages": {xlsform.TypeSelectMultiple, "language"},
		"income_sources": {xlsform.TypeSelectMultiple, "income_source"}, "income_band": {xlsform.TypeSelectOne, "income_band"},
		"skill": {xlsform.TypeRepeat, ""}, "skill_group": {xlsform.TypeSelectOne, "isco"},
		"skill_years": {xlsform.TypeInteger, ""}, "skill_certificate": {xlsform.TypeSelectOne, "yes_no"},
		"been_abroad": {xlsform.TypeSelectOne, "yes_no"}, "abroad_countries": {xlsform.TypeSelectMultiple, "country"},
		"household_abroad": {xlsform.TypeSelectOne, "yes_no"},
		"willing_abroad":   {xlsform.TypeSelectOne, "yes_no_maybe"}, "preferred_destinations": {xlsform.TypeSelectMultiple, "country"},
		"preferred_occupations": {xlsform.TypeSelectMultiple, "isco"}, "reasons_for": {xlsform.TypeSelectMultiple, "reason_for"},
		"reasons_against": {xlsform.TypeSelectMultiple, "reason_against"}, "barriers": {xlsform.TypeSelectMultiple, "barrier"},
		"main_barrier": {xlsform.TypeSelectOne, "barrier"}, "info_sources": {xlsform.TypeSelectMultiple, "info_source"},
		"contacts_abroad": {xlsform.TypeSelectOne, "yes_no"}, "contact_countries": {xlsform.TypeSelectMultiple, "country"},
		"aware_bmet": {xlsform.TypeSelectOne, "yes_no"}, "aware_ttc": {xlsform.TypeSelectOne, "yes_no"},
		"aware_pkb": {xlsform.TypeSelectOne, "yes_no"}, "training_interest": {xlsform.TypeSelectOne, "yes_no_maybe"},
	} {
		wantQuestion(t, form, name, want[0], want[1])
	}
	for _, name := range []string{"skill_group", "skill_name", "skill_years", "skill_certificate"} {
		if node(t, form, name).Parent.Name != "skill" {
			t.Errorf("%s is not in the skills repeat", name)
		}
	}
	barriers := []string{"information", "cost", "documents", "language", "discrimination", "care_duties", "land_ties",
		"security", "broker_trust", "none", "other"}
	if got := choiceNames(form, "barrier"); !slices.Equal(got, barriers) {
		t.Errorf("barriers %q, want %q", got, barriers)
	}

	// Destinations and reasons follow the answer on willingness.
	dest := node(t, form, "preferred_destinations").Relevant
	against := node(t, form, "reasons_against").Relevant
	for answer, want := range map[string][2]bool{"yes": {true, false}, "maybe": {true, true}, "no": {false, true}} {
		a := map[string]string{"willing_abroad": answer}
		if evalBool(t, form, dest, "", a) != want[0] || evalBool(t, form, against, "", a) != want[1] {
			t.Errorf("willing %s: destinations/reasons against shown wrongly", answer)
		}
	}
	// "None" stands alone in a multiple choice.
	for _, name := range []string{"barriers", "income_sources", "info_sources", "used_services"} {
		con := node(t, form, name).Constraint
		if !evalBool(t, form, con, "none", nil) || evalBool(t, form, con, "none cost", nil) || !evalBool(t, form, con, "cost other", nil) {
			t.Errorf("%s: constraint %q must keep none alone", name, con)
		}
	}
	if got := offered(t, form, "main_barrier", map[string]string{"barriers": "cost language"}); !slices.Equal(got, []string{"cost", "language"}) {
		t.Errorf("main barrier offers %q, want the barriers named", got)
	}
	if got := offered(t, form, "used_services", map[string]string{"aware_bmet": "yes", "aware_ttc": "no", "aware_pkb": "yes"}); !slices.Equal(got, []string{"bmet", "pkb", "none"}) {
		t.Errorf("used services offers %q, want only the services the person knows", got)
	}
	age := node(t, form, "age").Constraint
	if evalBool(t, form, age, "17", nil) || !evalBool(t, form, age, "18", nil) {
		t.Errorf("age constraint %q must refuse minors", age)
	}
}
