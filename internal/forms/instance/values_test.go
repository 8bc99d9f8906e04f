package instance

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestFromValuesReadsTheKeyScheme(t *testing.T) {
	s := household(t)
	base := s.New(web("bn"))
	post := url.Values{
		"respondent":            {"রহিমা বেগম"},
		"age":                   {"৩৪"}, // Bengali digits
		"consent":               {"yes"},
		"hh/division":           {"dhaka"},
		"hh/district":           {"gazipur"},
		"hh/hh_size":            {"3"},
		"hh/member":             {"2"},
		"hh/member[1]/m_name":   {"Rahima"},
		"hh/member[1]/m_age":    {"34"},
		"hh/member[1]/services": {"cash", "training"}, // one per ticked box
		"hh/member[2]/m_name":   {"Karim"},
		"hh/member[2]/m_age":    {"12"},
		"visit_date":            {"২০২৪-০৬-০৯"},
		"visit_time":            {"10:30"},            // a browser's time input
		"follow_up":             {"2024-07-01T09:00"}, // a browser's datetime-local input
		"village":               {"Kaliakair\r\nnorth"},
		"income":                {""},
		"today":                 {"1999-01-01"}, // metadata is never taken from a post
		"hh/n_members":          {"99"},         // nor calculations
		".action":               {"save"},       // the screen's own field
	}
	in, err := s.FromValues(base, post)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"respondent": "রহিমা বেগম", "age": "34", "hh/member[1]/services": "cash training", "hh/member[2]/m_name": "Karim",
		"visit_date": "2024-06-09", "visit_time": "10:30:00", "follow_up": "2024-07-01T09:00:00",
		"village": "Kaliakair\nnorth", "today": "2024-06-10", "start": base.Values["start"],
	} {
		if got := in.Values[k]; got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, ok := in.Values["income"]; ok {
		t.Error("an empty field is an answer")
	}
	if in.Counts["hh/member"] != 2 || in.Meta.InstanceID != base.Meta.InstanceID {
		t.Errorf("count %d id %q", in.Counts["hh/member"], in.Meta.InstanceID)
	}
	if in.Values["hh/n_members"] == "99" {
		t.Error("a calculation was taken from the post")
	}
	res := s.Validate(in, web("bn"))
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
	if res.Instance.Values["hh/n_members"] != "2" || res.Instance.Meta.InstanceName != "রহিমা বেগম 2024-06-09" {
		t.Errorf("n_members %q name %q", res.Instance.Values["hh/n_members"], res.Instance.Meta.InstanceName)
	}
}

// TestFromValuesScope: a page of the form clears only its own unposted
// answers (unticked boxes post nothing); answers elsewhere stay.
func TestFromValuesScope(t *testing.T) {
	s := household(t)
	base := parsed(t, s, householdXML)
	in, err := s.FromValues(base, url.Values{"hh/member[1]/m_name": {"Rahima B."}}, "hh/member[1]")
	if err != nil {
		t.Fatal(err)
	}
	if in.Values["hh/member[1]/m_name"] != "Rahima B." || in.Values["hh/member[1]/services"] != "" || in.Values["hh/member[1]/m_age"] != "" {
		t.Errorf("member 1 after its page: %v", in.Values)
	}
	if in.Values["hh/member[2]/m_name"] != "Karim" || in.Values["respondent"] != "Rahima Begum" {
		t.Error("answers outside the page were cleared")
	}
	if base.Values["hh/member[1]/m_name"] != "Rahima" {
		t.Error("FromValues changed its base")
	}
	// The whole form: everything answerable not posted is cleared, but
	// metadata and calculations stay.
	in, err = s.FromValues(base, url.Values{"respondent": {"X"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Values) != 10 || in.Values["start"] == "" || in.Values["hh/n_members"] != "2" {
		t.Errorf("after a post of one field: %v", in.Values)
	}
}

func TestFromValuesRepeatCounts(t *testing.T) {
	s := household(t)
	base := parsed(t, s, householdXML)
	// Fewer instances posted: the last goes with its answers.
	in, err := s.FromValues(base, url.Values{"hh/member": {"1"}}, "hh/member[1]")
	if err != nil {
		t.Fatal(err)
	}
	if in.Counts["hh/member"] != 1 || in.Values["hh/member[2]/m_name"] != "" {
		t.Errorf("count %d, member 2 %q", in.Counts["hh/member"], in.Values["hh/member[2]/m_name"])
	}
	// An answer in a new instance adds it when no count is posted.
	in, err = s.FromValues(base, url.Values{"hh/member[3]/m_name": {"Salma"}}, "hh/member[3]")
	if err != nil || in.Counts["hh/member"] != 3 {
		t.Fatalf("count %d: %v", in.Counts["hh/member"], err)
	}
}

func TestFromValuesRefusesBadKeys(t *testing.T) {
	s := household(t)
	cases := []struct {
		key  string
		vals []string
		msg  string
	}{
		{"salary", []string{"1"}, "This form has no question with this name."},
		{"hh/salary", []string{"1"}, "This form has no question with this name."},
		{"hh/member/m_name", []string{"x"}, "This form has no question with this name."},      // a repeat needs its index
		{"hh[1]/hh_size", []string{"1"}, "This form has no question with this name."},         // a group has none
		{"hh/member[0]/m_name", []string{"x"}, "This form has no question with this name."},   // indices start at 1
		{"hh/member[01]/m_name", []string{"x"}, "This form has no question with this name."},  // no leading zeros
		{"respondent/x", []string{"x"}, "This form has no question with this name."},          // nothing below a question
		{"hh", []string{"x"}, "This form has no question with this name."},                    // a group takes no answer
		{"/data/respondent", []string{"x"}, "This form has no question with this name."},      // keys are not XPaths
		{"age", []string{"1", "2"}, "This question takes one answer, but several were sent."}, // one answer only
		{"hh/member", []string{"many"}, "The number of repeat instances is not valid."},       // counts are numbers
		{"hh/member", []string{"5001"}, "The number of repeat instances is not valid."},       // within the limit
		{"hh/member[2]/m_name", []string{"x"}, "This repeat instance is beyond the number of instances sent."},
	}
	for _, c := range cases {
		post := url.Values{c.key: c.vals}
		if c.key == "hh/member[2]/m_name" {
			post.Set("hh/member", "1")
		}
		_, err := s.FromValues(nil, post)
		if err == nil {
			t.Errorf("%s accepted", c.key)
			continue
		}
		if fields := app.ErrorFields(err); fields[c.key] != c.msg {
			t.Errorf("%s: fields %v, want %q", c.key, fields, c.msg)
		}
		if app.FieldsIn("bn", err)[c.key] == c.msg {
			t.Errorf("%s: %q has no Bangla", c.key, c.msg)
		}
	}
	if _, err := s.FromValues(nil, url.Values{}, "hh/member"); err == nil {
		t.Error("a scope naming a repeat without its index is accepted")
	}
}

func TestAddAndRemoveRepeat(t *testing.T) {
	s := household(t)
	in := parsed(t, s, householdXML)
	key, err := s.AddRepeat(in, "hh/member", web("en"))
	if err != nil || key != "hh/member[3]" || in.Counts["hh/member"] != 3 {
		t.Fatalf("AddRepeat = %q, %v, count %d", key, err, in.Counts["hh/member"])
	}
	in.Values["hh/member[3]/m_name"] = "Salma"
	if err := s.RemoveRepeat(in, "hh/member[1]"); err != nil {
		t.Fatal(err)
	}
	if in.Counts["hh/member"] != 2 || in.Values["hh/member[1]/m_name"] != "Karim" || in.Values["hh/member[2]/m_name"] != "Salma" {
		t.Errorf("after removing the first member: count %d, %v", in.Counts["hh/member"], in.Values)
	}
	if _, ok := in.Values["hh/member[3]/m_name"]; ok {
		t.Error("a third member is left behind")
	}
	for _, bad := range []string{"hh/members", "hh/member[1]", "hh"} {
		if _, err := s.AddRepeat(in, bad, web("en")); err == nil {
			t.Errorf("AddRepeat(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"hh/member", "hh/member[3]", "respondent"} {
		if err := s.RemoveRepeat(in, bad); err == nil {
			t.Errorf("RemoveRepeat(%q) accepted", bad)
		}
	}
}

func TestKeysOfNestedRepeats(t *testing.T) {
	s := corpus(t, "onadata__nested_repeats.xlsx")
	post := url.Values{
		"kids/has_kids":                  {"1"},
		"kids/kids_details":              {"2"},
		"kids/kids_details[2]/kids_name": {"Asha"},
		"kids/kids_details[2]/kids_immunization[3]/immunization_info": {"BCG"},
	}
	in, err := s.FromValues(nil, post)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"kids/kids_details": 2, "kids/kids_details[1]/kids_immunization": 0, "kids/kids_details[2]/kids_immunization": 3}
	for k, n := range want {
		if in.Counts[k] != n {
			t.Errorf("count %s = %d, want %d", k, in.Counts[k], n)
		}
	}
	x := string(s.XML(in))
	if !strings.Contains(x, "<kids_details><kids_name>Asha</kids_name><kids_age/><kids_immunization><immunization_info/></kids_immunization>") {
		t.Errorf("nested repeats in the XML: %s", x)
	}
	back := parsed(t, s, strings.Replace(x, "<instanceID/>", "<instanceID>uuid:1</instanceID>", 1))
	if !reflect.DeepEqual(back.Values, in.Values) {
		t.Errorf("round trip:\n got %v\nwant %v", back.Values, in.Values)
	}
}

func TestFromValuesEdgeCases(t *testing.T) {
	s := corpus(t, "onadata__nested_repeats.xlsx")
	// A count inside a repeat instance that does not exist yet adds it.
	in, err := s.FromValues(nil, url.Values{"kids/kids_details[2]/kids_immunization": {"1"}, "address": {}})
	if err != nil {
		t.Fatal(err)
	}
	if in.Counts["kids/kids_details"] != 2 || in.Counts["kids/kids_details[2]/kids_immunization"] != 1 {
		t.Errorf("counts %v", in.Counts)
	}
	// ... unless the repeat's own count says there are fewer.
	_, err = s.FromValues(nil, url.Values{"kids/kids_details": {"1"}, "kids/kids_details[2]/kids_immunization": {"1"}})
	if err == nil {
		t.Error("a count in an instance beyond the posted count is accepted")
	}
}
