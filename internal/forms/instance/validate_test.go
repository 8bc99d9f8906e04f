package instance

import (
	"reflect"
	"strings"
	"testing"
)

func parsed(tb testing.TB, s *Schema, x string) *Instance {
	tb.Helper()
	in, err := s.Parse([]byte(x))
	if err != nil {
		tb.Fatal(err)
	}
	return in
}

func TestValidateAcceptsACorrectSubmission(t *testing.T) {
	s := household(t)
	in := parsed(t, s, householdXML)
	res := s.Validate(in, device())
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
	if !reflect.DeepEqual(res.Instance.Values, in.Values) {
		t.Errorf("a correct device submission changed:\n got %v\nwant %v", res.Instance.Values, in.Values)
	}
	if len(res.Instance.NotRelevant) != 1 || res.Instance.NotRelevant[0] != "hh/member[2]/m_job" {
		t.Errorf("not relevant: %v", res.Instance.NotRelevant)
	}
	if res.Err() != nil {
		t.Errorf("Err = %v", res.Err())
	}
}

// TestValidateFindsEachKindOfProblem edits the correct submission once per
// kind of problem; each must be reported at the right key, with the
// question's label and the right message, in English and in Bangla.
func TestValidateFindsEachKindOfProblem(t *testing.T) {
	s := household(t)
	cases := []struct {
		name       string
		old, new   string
		key, code  string
		label, msg string // English
		bnMsg      string // Bangla
	}{
		{"required, with the form's message", "<respondent>Rahima Begum</respondent>", "<respondent/>",
			"respondent", CodeRequired, "Respondent's name", "Write the respondent's name.", "উত্তরদাতার নাম লিখুন।"},
		{"required, default message", "<hh_size>3</hh_size>", "",
			"hh/hh_size", CodeRequired, "Household size", "An answer is required.", "এই প্রশ্নের উত্তর দিতে হবে।"},
		{"required inside a repeat", "<m_name>Karim</m_name>", "<m_name/>",
			"hh/member[2]/m_name", CodeRequired, "Name of member", "An answer is required.", "এই প্রশ্নের উত্তর দিতে হবে।"},
		{"constraint, with the form's message", "<age>34</age>", "<age>16</age>",
			"age", CodeConstraint, "Age", "The respondent must be an adult.", "উত্তরদাতাকে প্রাপ্তবয়স্ক হতে হবে।"},
		{"constraint, default message, label with a reference", "<m_age>12</m_age>", "<m_age>140</m_age>",
			"hh/member[2]/m_age", CodeConstraint, "Age of Karim", "This answer is not accepted.", "এই উত্তরটি গ্রহণযোগ্য নয়।"},
		{"constraint on a date against today()", "<visit_date>2024-06-09</visit_date>", "<visit_date>2024-06-11</visit_date>",
			"visit_date", CodeConstraint, "Date of visit", "This answer is not accepted.", "এই উত্তরটি গ্রহণযোগ্য নয়।"},
		{"choice not in the list", "<consent>yes</consent>", "<consent>maybe</consent>",
			"consent", CodeChoice, "Consent given?", `"maybe" is not one of the answers offered.`, `"maybe" দেওয়া উত্তরগুলোর একটি নয়।`},
		{"choice of select_multiple not in the list", "cash training", "cash loans",
			"hh/member[1]/services", CodeChoice, "Services", `"loans" is not one of the answers offered.`, `"loans" দেওয়া উত্তরগুলোর একটি নয়।`},
		{"choice outside the choice_filter", "<district>gazipur</district>", "<district>cox</district>",
			"hh/district", CodeChoice, "District", `"cox" is not one of the answers offered.`, `"cox" দেওয়া উত্তরগুলোর একটি নয়।`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(householdXML, c.old) {
				t.Fatalf("edit %q does not apply", c.old)
			}
			in := parsed(t, s, strings.Replace(householdXML, c.old, c.new, 1))
			res := s.Validate(in, device())
			if len(res.Problems) != 1 {
				t.Fatalf("want one problem, got:\n%s", dumpProblems(res.Problems))
			}
			p := findProblem(t, res.Problems, c.key)
			if p.Code != c.code || p.Label != c.label || p.Message != c.msg || p.Path != "/data/"+c.key {
				t.Errorf("got %+v", p)
			}
			bn := findProblem(t, s.Validate(in, Options{Source: FromDevice, Lang: "bn", Now: clock}).Problems, c.key)
			if bn.Message != c.bnMsg {
				t.Errorf("Bangla message %q, want %q", bn.Message, c.bnMsg)
			}
			if !strings.ContainsAny(bn.Label, "অআইউএকখগচজটডতদনপবমযরলশসহ") {
				t.Errorf("Bangla label %q", bn.Label)
			}
			if fields := res.Err(); fields == nil {
				t.Error("Err is nil")
			}
		})
	}
}

// TestValidateRelevance: what is not relevant is cleared and not checked,
// down through groups and repeats, and left out of the XML.
func TestValidateRelevance(t *testing.T) {
	s := household(t)
	// No consent: the whole household group is not relevant, so its
	// required questions are not asked and its answers go.
	x := strings.NewReplacer("<consent>yes</consent>", "<consent>no</consent>", "<hh_size>3</hh_size>", "<hh_size/>").Replace(householdXML)
	res := s.Validate(parsed(t, s, x), device())
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
	for k := range res.Instance.Values {
		if strings.HasPrefix(k, "hh/") {
			t.Errorf("%s kept its answer in a group that is not relevant", k)
		}
	}
	if !reflect.DeepEqual(res.Instance.NotRelevant, []string{"hh"}) {
		t.Errorf("not relevant: %v", res.Instance.NotRelevant)
	}
	if res.Relevant("hh/member[1]/m_name") || !res.Relevant("respondent") {
		t.Error("Relevant disagrees")
	}
	out := string(s.XML(res.Instance))
	if strings.Contains(out, "<hh>") || strings.Contains(out, "<member>") {
		t.Errorf("the group that is not relevant is in the XML: %s", out)
	}

	// or_other: the "other" text is relevant only when other is chosen.
	x = strings.Replace(householdXML, "<colour>other</colour>", "<colour>red</colour>", 1)
	res = s.Validate(parsed(t, s, x), device())
	if _, kept := res.Instance.Values["colour_other"]; kept || !res.OK() {
		t.Errorf("colour_other kept: %v; problems:\n%s", res.Instance.Values["colour_other"], dumpProblems(res.Problems))
	}
}

// TestValidateCalculatesOnTheWeb: calculations run in dependency order with
// the right repeat context; position() and count() follow the repeat.
func TestValidateCalculatesOnTheWeb(t *testing.T) {
	s := household(t)
	in := parsed(t, s, householdXML)
	for _, k := range []string{"hh/member[1]/m_pos", "hh/member[2]/m_pos", "hh/n_members", "hh/n_adults"} {
		delete(in.Values, k)
	}
	in.Counts["hh/member"] = 3
	in.Values["hh/member[3]/m_name"] = "Salma"
	in.Values["hh/member[3]/m_age"] = "40"
	res := s.Validate(in, web("en"))
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
	got := res.Instance.Values
	for k, want := range map[string]string{"hh/member[1]/m_pos": "1", "hh/member[2]/m_pos": "2", "hh/member[3]/m_pos": "3",
		"hh/n_members": "3", "hh/n_adults": "2"} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	if got := res.Text("summary", s.Form.Find("summary").Label); got != "Members: 3" {
		t.Errorf("note = %q", got)
	}
	if got := res.Text("hh/member[3]/m_job", s.Form.Find("m_job").Label); got != "Job of Salma" {
		t.Errorf("label in a repeat = %q", got)
	}
	// The device's own calculations are kept, right or wrong: it was the
	// form engine, and values from now() or random() cannot be redone.
	in = parsed(t, s, strings.Replace(householdXML, "<n_members>2</n_members>", "<n_members>7</n_members>", 1))
	if v := s.Validate(in, device()).Instance.Values["hh/n_members"]; v != "7" {
		t.Errorf("a device's calculation became %q", v)
	}
}

func TestValidateFillsMetadataOnTheWeb(t *testing.T) {
	s := household(t)
	in := s.New(web("en"))
	if !strings.HasPrefix(in.Meta.InstanceID, "uuid:") || len(in.Meta.InstanceID) != 41 {
		t.Errorf("instanceID %q", in.Meta.InstanceID)
	}
	for k, want := range map[string]string{
		"start": "2024-06-10T11:30:00.000+06:00", "end": "2024-06-10T11:30:00.000+06:00", "today": "2024-06-10",
		"deviceid": "remaker:web", "username": "bnsk.enumerator", "village": "Unknown",
	} {
		if got := in.Values[k]; got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// The household group waits for consent, with one member ready.
	if in.Counts["hh/member"] != 1 || !reflect.DeepEqual(in.NotRelevant, []string{"colour_other", "hh"}) {
		t.Errorf("members %d, not relevant %v", in.Counts["hh/member"], in.NotRelevant)
	}
	// Later the start stays, the end moves, the instance is named.
	later := web("en")
	later.Now = clock.Add(90 * 60e9)
	in.Values["respondent"] = "Rahima"
	in.Values["visit_date"] = "2024-06-10"
	res := s.Validate(in, later)
	if v := res.Instance.Values; v["start"] != "2024-06-10T11:30:00.000+06:00" || v["end"] != "2024-06-10T13:00:00.000+06:00" {
		t.Errorf("start %s end %s", v["start"], v["end"])
	}
	if res.Instance.Meta.InstanceName != "Rahima 2024-06-10" || res.Instance.Meta.InstanceID != in.Meta.InstanceID {
		t.Errorf("meta %+v", res.Instance.Meta)
	}
}

func TestValidateTypesOnTheWeb(t *testing.T) {
	s := household(t)
	base := s.New(web("en"))
	cases := []struct{ key, value, msg string }{
		{"age", "thirty", "Enter a whole number."},
		{"income", "1,500", "Enter a number, with a point for decimals."},
		{"visit_date", "10/06/2024", "Enter a date as YYYY-MM-DD."},
		{"visit_time", "half past ten", "Enter a time as HH:MM."},
		{"follow_up", "2024-07-01", "Enter a date and time as YYYY-MM-DDTHH:MM."},
		{"gps", "Dhaka", "Enter a location as latitude and longitude in degrees, optionally followed by altitude and accuracy in metres."},
		{"photo", "C:/photos/a.jpg", "Give a file name without folders."},
	}
	for _, c := range cases {
		in := base.Clone()
		in.Values[c.key] = c.value
		res := s.Validate(in, web("en"))
		p := findProblem(t, res.Problems, c.key)
		if p.Code != CodeType || p.Message != c.msg {
			t.Errorf("%s = %q: %+v", c.key, c.value, p)
		}
		if res.Instance.Values[c.key] != c.value {
			t.Errorf("%s: what was typed is lost: %q", c.key, res.Instance.Values[c.key])
		}
	}
}

// TestRepeatCount: on the web a repeat gets as many instances as its
// repeat_count says; a device submission with another number is a problem.
func TestRepeatCount(t *testing.T) {
	s := compile(t,
		sheet{"survey", [][]any{
			row("type", "name", "label", "repeat_count", "default", "required", "calculation"),
			row("integer", "n", "How many children?"),
			row("begin repeat", "child", "Child", "${n}"),
			row("text", "name", "Name", "", "", "yes"),
			row("integer", "order", "Order", "", "position(..)", "", ""),
			row("calculate", "label", "", "", "", "", "concat('Child ', position(..))"),
			row("end repeat"),
		}},
		sheet{"settings", [][]any{row("form_id"), row("children")}},
	)
	in := s.New(web("en"))
	if in.Counts["child"] != 0 {
		t.Fatalf("no n yet, but %d children", in.Counts["child"])
	}
	in.Values["n"] = "3"
	res := s.Validate(in, web("en"))
	if res.Instance.Counts["child"] != 3 {
		t.Fatalf("count %d", res.Instance.Counts["child"])
	}
	if in.Counts["child"] != 0 || len(in.Values) != len(s.New(web("en")).Values)+1 {
		t.Errorf("Validate changed the instance it was given: %v %v", in.Counts, in.Values)
	}
	if len(res.Problems) != 3 || findProblem(t, res.Problems, "child[3]/name").Code != CodeRequired {
		t.Errorf("problems:\n%s", dumpProblems(res.Problems))
	}
	if v := res.Instance.Values; v["child[2]/order"] != "2" || v["child[3]/label"] != "Child 3" {
		t.Errorf("dynamic default and calculation in new instances: %v", v)
	}
	// Fewer: the last instances go.
	in = res.Instance
	in.Values["child[1]/name"] = "Asha"
	in.Values["n"] = "1"
	res = s.Validate(in, web("en"))
	if res.Instance.Counts["child"] != 1 || res.Instance.Values["child[1]/name"] != "Asha" || !res.OK() {
		t.Errorf("count %d values %v problems\n%s", res.Instance.Counts["child"], res.Instance.Values, dumpProblems(res.Problems))
	}

	x := `<data id="children"><n>2</n><child><name>Asha</name><order>1</order><label>Child 1</label></child><meta><instanceID>uuid:1</instanceID></meta></data>`
	res = s.Validate(parsed(t, s, x), device())
	p := findProblem(t, res.Problems, "child")
	if p.Code != CodeRepeatCount || p.Message != "This repeat should have 2 instances, but has 1." {
		t.Errorf("%+v", p)
	}
}

func TestRangeAndExpressionProblems(t *testing.T) {
	s := compile(t,
		sheet{"survey", [][]any{
			row("type", "name", "label", "parameters", "calculation", "relevant"),
			row("range", "score", "Score", "start=0 end=10 step=2"),
			row("calculate", "price", "", "", "pulldata('prices', 'price', 'item', 'rice')"),
			row("text", "why", "Why?", "", "", "${score} > 4"),
		}},
		sheet{"settings", [][]any{row("form_id"), row("ranges")}},
	)
	in := &Instance{Values: map[string]string{"score": "5", "why": "because"}}
	res := s.Validate(in, web("en"))
	if p := findProblem(t, res.Problems, "score"); p.Code != CodeRange || p.Message != "Enter a number from 0 to 10, in steps of 2." {
		t.Errorf("%+v", p)
	}
	p := findProblem(t, res.Problems, "price")
	if p.Code != CodeExpression || !strings.Contains(p.Message, "The form's calculation cannot be worked out") || !strings.Contains(p.Message, "prices") {
		t.Errorf("%+v", p)
	}
	in.Values["score"] = "4"
	res = s.Validate(in, web("en"))
	if _, kept := res.Instance.Values["why"]; kept || res.Relevant("why") {
		t.Error("why is kept though score is not above 4")
	}
}

func TestResultChoicesFollowTheFilter(t *testing.T) {
	s := household(t)
	in := s.New(web("en"))
	in.Values["consent"] = "yes"
	in.Values["hh/division"] = "ctg"
	res := s.Validate(in, web("en"))
	var names []string
	for _, c := range res.Choices("hh/district") {
		names = append(names, c.Name)
	}
	if !reflect.DeepEqual(names, []string{"cox", "rangamati"}) {
		t.Errorf("districts of Chattogram: %v", names)
	}
	if n := len(res.Choices("colour")); n != 3 {
		t.Errorf("or_other offers %d colours, want red, green and other", n)
	}
	if res.Choices("respondent") != nil || res.Choices("nothing") != nil {
		t.Error("choices for a text question or a missing key")
	}
}

func TestLanguage(t *testing.T) {
	s := household(t)
	for lang, want := range map[string]string{"bn": "Bangla (bn)", "en": "English (en)", "Bangla (bn)": "Bangla (bn)", "fr": "English (en)", "": "English (en)"} {
		if got := s.Language(lang); got != want {
			t.Errorf("Language(%q) = %q, want %q", lang, got, want)
		}
	}
}

// TestConcurrentUse: one Schema serves many requests at once (run with
// -race).
func TestConcurrentUse(t *testing.T) {
	s := household(t)
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			in, err := s.Parse([]byte(householdXML))
			if err == nil {
				res := s.Validate(in, web("bn"))
				_ = res.Choices("hh/district")
				_ = s.XML(res.Instance)
				_ = s.Flatten(res.Instance)
			}
			done <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
