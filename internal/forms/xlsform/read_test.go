package xlsform

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// A realistic returnee intake form: translations, groups, a repeat,
// selects, bind columns and settings.
func intakeBook(tb testing.TB) []byte {
	return book(tb,
		survey(
			row("type", "name", "label::English (en)", "label::Bangla (bn)", "hint::English (en)", "required", "relevant",
				"constraint", "constraint_message::English (en)", "appearance", "calculation", "default", "parameters",
				"choice_filter", "repeat_count", "media::image::English (en)", "bind::odk:length", "body::accuracyThreshold", "instance::odk:tag", "notes"),
			row("start", "start"),
			row("today", "today"),
			row("begin group", "person", "Returnee", "প্রত্যাবাসী", "", "", "", "", "", "field-list"),
			row("text", "full_name", "Full name", "পুরো নাম", "As on the passport", "yes", "", "", "", "", "", "", "", "", "", "", "1 100", "", "pii", "ask politely"),
			row("integer", "age", "Age", "বয়স", "", "yes", "", ". >= 15 and . < 100", "Age must be 15 to 99", "", "", "", "", "", "", "age.png"),
			row("select_one sex", "sex", "Sex", "লিঙ্গ", "", "true()"),
			row("select_one district", "district", "District", "জেলা"),
			row("select_one upazila", "upazila", "Upazila", "উপজেলা", "", "", "", "", "", "minimal", "", "", "", "district=${district}"),
			row("end group"),
			row("integer", "n_members", "Household members", "পরিবারের সদস্য", "", "", "", ". > 0"),
			row("begin repeat", "member", "Member", "সদস্য", "", "", "${n_members} > 0", "", "", "", "", "", "", "", "${n_members}"),
			row("text", "m_name", "Name", "নাম"),
			row("select_multiple skills", "m_skills", "Skills", "দক্ষতা", "", "", "", "", "", "", "", "", "randomize=true"),
			row("end repeat"),
			row("geopoint", "home", "Home", "বাড়ি", "", "", "", "", "", "", "", "", "capture-accuracy=10", "", "", "", "", "5"),
			row("calculate", "is_adult", "", "", "", "", "", "", "", "", "if(${age} >= 18, 1, 0)"),
			row("note", "", "Thank you ${full_name}", "ধন্যবাদ ${full_name}"),
		),
		choices(
			row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "district"),
			row("sex", "f", "Female", "মহিলা"),
			row("sex", "m", "Male", "পুরুষ"),
			row("district", "dhaka", "Dhaka", "ঢাকা"),
			row("district", "sylhet", "Sylhet", "সিলেট"),
			row("upazila", "savar", "Savar", "সাভার", "dhaka"),
			row("upazila", "beanibazar", "Beanibazar", "বিয়ানীবাজার", "sylhet"),
			row("skills", "tailoring", "Tailoring", "দর্জি"),
			row("skills", "driving", "Driving", "ড্রাইভিং"),
		),
		settings(row("form_title", "form_id", "version", "default_language", "instance_name", "style"),
			row("Returnee intake", "rema_intake", "2024031501", "English (en)", "concat(${full_name}, '-', ${today})", "pages")),
		sheet{name: "notes", rows: [][]any{{"anything"}}},
	)
}

func TestReadIntakeForm(t *testing.T) {
	f := mustRead(t, intakeBook(t), Options{FileName: "intake.xlsx"})
	if f.ID != "rema_intake" || f.Title != "Returnee intake" || f.Version != "2024031501" {
		t.Errorf("identity: id=%q title=%q version=%q", f.ID, f.Title, f.Version)
	}
	if f.DefaultLanguage != "English (en)" || f.RootName != "data" || f.Settings.Style != "pages" {
		t.Errorf("settings: lang=%q root=%q style=%q", f.DefaultLanguage, f.RootName, f.Settings.Style)
	}
	if want := []string{"English (en)", "Bangla (bn)"}; !reflect.DeepEqual(f.Languages, want) {
		t.Errorf("languages %q, want %q", f.Languages, want)
	}
	paths := map[string]*Node{}
	f.Root.Walk(func(n *Node) bool { paths[n.Path] = n; return true })
	for _, p := range []string{"/data/start", "/data/person/full_name", "/data/person/upazila",
		"/data/member/m_skills", "/data/home", "/data/is_adult", "/data/generated_note_name_18"} {
		if paths[p] == nil {
			t.Errorf("no node at %s", p)
		}
	}
	name := paths["/data/person/full_name"]
	if name.Row != 5 || name.Type != TypeText || name.DataType != "string" || name.Required != "true()" {
		t.Errorf("full_name: row=%d type=%q datatype=%q required=%q", name.Row, name.Type, name.DataType, name.Required)
	}
	if name.Label["Bangla (bn)"] != "পুরো নাম" || name.Hint["English (en)"] != "As on the passport" {
		t.Errorf("full_name texts: %v %v", name.Label, name.Hint)
	}
	if name.Bind["odk:length"] != "1 100" || name.Instance["odk:tag"] != "pii" || name.Extra["notes"] != "ask politely" {
		t.Errorf("attribute columns: bind=%v instance=%v extra=%v", name.Bind, name.Instance, name.Extra)
	}
	age := paths["/data/person/age"]
	if age.Constraint != ". >= 15 and . < 100" || age.ConstraintMessage["English (en)"] != "Age must be 15 to 99" ||
		age.Media["image"]["English (en)"] != "age.png" {
		t.Errorf("age: %q %v %v", age.Constraint, age.ConstraintMessage, age.Media)
	}
	if g := paths["/data/person"]; g.Type != TypeGroup || g.Appearance != "field-list" || len(g.Children) != 5 {
		t.Errorf("group: %+v", g)
	}
	up := paths["/data/person/upazila"]
	if up.ListName != "upazila" || up.Choices == nil || up.ChoiceFilter != "district=${district}" || up.Appearance != "minimal" {
		t.Errorf("upazila: %+v", up)
	}
	if c := up.Choices.Choices[1]; c.Name != "beanibazar" || c.Extra["district"] != "sylhet" || c.Label["Bangla (bn)"] != "বিয়ানীবাজার" || c.Row != 7 {
		t.Errorf("choice: %+v", c)
	}
	rep := paths["/data/member"]
	if rep.Type != TypeRepeat || rep.RepeatCount != "${n_members}" || rep.Relevant != "${n_members} > 0" {
		t.Errorf("repeat: %+v", rep)
	}
	if sk := paths["/data/member/m_skills"]; sk.Parameters["randomize"] != "true" || sk.Type != TypeSelectMultiple {
		t.Errorf("skills: %+v", sk)
	}
	if h := paths["/data/home"]; h.Parameters["capture-accuracy"] != "10" || h.Body["accuracyThreshold"] != "5" || h.DataType != "geopoint" {
		t.Errorf("home: %+v", h)
	}
	if st := paths["/data/start"]; !st.IsMetadata() || st.Preload != "timestamp" || st.PreloadParams != "start" {
		t.Errorf("start: %+v", st)
	}
	if c := paths["/data/is_adult"]; c.Calculation != "if(${age} >= 18, 1, 0)" {
		t.Errorf("calc: %+v", c)
	}
	// hint, constraint_message and media are only in English.
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Message, "hint (no 'Bangla (bn)')") {
		t.Errorf("unexpected warnings:\n%s", dump(f.Warnings))
	}
	if f.Find("m_name") == nil || f.Find("m_name").Parent != rep {
		t.Error("Find/Parent broken")
	}
}

func TestSheetAndColumnNamesAreCaseInsensitive(t *testing.T) {
	f := mustRead(t, book(t,
		sheet{name: "Other", rows: [][]any{{"x"}}},
		sheet{name: "SURVEY", rows: [][]any{
			{"TYPE", "Name", "Label", "List Name", "Constraint Message", "READ_ONLY", "Relevance"},
			{"text", "a", "A", "", "no", "yes", "1 = 1"},
			{"select_one yn", "b", "B"},
		}},
		sheet{name: "Choices", rows: [][]any{{"LIST NAME", "NAME", "LABEL"}, {"yn", "y", "Yes"}}},
	))
	a := f.Find("a")
	if a.ConstraintMessage[DefaultLanguageKey] != "no" || a.ReadOnly != "true()" || a.Relevant != "1 = 1" {
		t.Errorf("aliases not normalised: %+v", a)
	}
	if f.Find("b").Choices.Name != "yn" {
		t.Error("choices sheet not found case-insensitively")
	}
}

func TestAliasPairRefusedNamingBoth(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label", "relevance", "bind::relevant"),
		row("text", "a", "A"),
	)))
	p := wantProblem(t, ps, "survey", 1, "bind::relevant", "different names for the same column")
	if !strings.Contains(p.Message, `"relevance"`) || !strings.Contains(p.Message, `"bind::relevant"`) || p.Cell != "E1" {
		t.Errorf("message should name both headers and the cell: %+v", p)
	}
	ps = mustRefuse(t, book(t, survey(
		row("type", "name", "label", "label"),
		row("text", "a", "A", "B"),
	)))
	wantProblem(t, ps, "survey", 1, "label", "appears twice", "columns C and D")
}

func TestUnknownTypeRefusedByName(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label"),
		row("caseid", "c", "Case"),
		row("Text", "d", "D"),
		row("intger", "e", "E"),
		row("background-audio", "f", "F"),
		row("include", "g", "G"),
	)))
	wantProblem(t, ps, "survey", 2, "type", "Unknown question type 'caseid'", "SurveyCTO")
	wantProblem(t, ps, "survey", 3, "type", "Unknown question type 'Text'", "case-sensitive", "'text'")
	wantProblem(t, ps, "survey", 4, "type", "Unknown question type 'intger'", "Did you mean 'integer'?")
	wantProblem(t, ps, "survey", 5, "type", "'background-audio' is not supported")
	wantProblem(t, ps, "survey", 6, "type", "'include' is not supported")
	if len(ps) != 5 {
		t.Errorf("want all 5 problems, got:\n%s", dump(ps))
	}
}

func TestEveryTypeAccepted(t *testing.T) {
	rows := [][]any{{"type", "name", "label", "calculation", "parameters"}}
	types := []string{"text", "integer", "decimal", "range", "select_one l", "select_multiple l", "select_one l or_other",
		"select_one_from_file towns.csv", "select_multiple_from_file towns.xml", "rank l", "date", "time", "dateTime",
		"geopoint", "geotrace", "geoshape", "note", "calculate", "acknowledge", "image", "audio", "video", "file",
		"barcode", "hidden", "start", "end", "today", "deviceid", "phonenumber", "username", "email", "audit",
		"start-geopoint", "string", "int", "datetime", "trigger", "photo", "gps", "uri:deviceid", "xml-external",
		"select one from l", "select all that apply from l or specify other", "select one l", "simserial", "subscriberid"}
	for i, ty := range types {
		name := "q" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		calc, params := "", ""
		switch ty {
		case "calculate":
			calc = "1 + 1"
		case "image":
			params = "max-pixels=1024"
		case "audit":
			name = ""
		}
		rows = append(rows, []any{ty, name, "Q " + ty, calc, params})
	}
	f := mustRead(t, book(t, sheet{name: "survey", rows: rows}, choices(row("list_name", "name", "label"), row("l", "a", "A"), row("l", "b", "B"))))
	got := map[string]bool{}
	f.Root.Walk(func(n *Node) bool { got[n.Type] = true; return true })
	for _, want := range []string{TypeText, TypeInteger, TypeDecimal, TypeRange, TypeSelectOne, TypeSelectMultiple,
		TypeSelectOneFromFile, TypeSelectMultipleFromFile, TypeRank, TypeDate, TypeTime, TypeDateTime, TypeGeopoint,
		TypeGeotrace, TypeGeoshape, TypeNote, TypeCalculate, TypeAcknowledge, TypeImage, TypeAudio, TypeVideo,
		TypeFile, TypeBarcode, TypeHidden, TypeStart, TypeEnd, TypeToday, TypeDeviceID, TypePhoneNumber,
		TypeUsername, TypeEmail, TypeStartGeopoint, TypeXMLExternal, TypeSimSerial, TypeSubscriberID} {
		if !got[want] {
			t.Errorf("type %s missing", want)
		}
	}
	if f.Audit == nil || f.Audit.Name != "audit" || f.Audit.Path != "/data/meta/audit" {
		t.Errorf("audit: %+v", f.Audit)
	}
	if !reflect.DeepEqual(f.ExternalFiles, []string{"towns.csv", "towns.xml"}) {
		t.Errorf("external files %q", f.ExternalFiles)
	}
	ff := f.Find("qah")
	if ff.Type != TypeSelectOneFromFile || !ff.External || ff.FileType != "csv" || ff.Choices != nil {
		t.Errorf("from file: %+v", ff)
	}
	other := f.Find("qag_other")
	if other == nil || !other.Generated || other.Relevant != "selected(../qag, 'other')" {
		t.Fatalf("or_other sibling: %+v", other)
	}
	items := f.Find("qag").ChoiceItems()
	if len(items) != 3 || items[2].Name != "other" {
		t.Errorf("or_other items: %+v", items)
	}
	if w, ok := findProblem(f.Warnings, "simserial is no longer supported"); !ok || w.Row == 0 {
		t.Errorf("want deprecation warning, got:\n%s", dump(f.Warnings))
	}
	if d := f.Find("qad"); d.Type != TypeRange || d.Parameters["start"] != "1" || d.Parameters["end"] != "10" || d.DataType != "int" {
		t.Errorf("range defaults: %+v", d)
	}
}

func TestStructureErrors(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label"),
		row("begin group", "g1", "G1"),
		row("begin repeat", "r1", "R1"),
		row("text", "a", "A"),
		row("end group", "", ""),
		row("end repeat"),
		row("end repeat"),
		row("begin_group", "open", "Open"),
		row("text", "b", "B"),
	)))
	wantProblem(t, ps, "survey", 5, "type", "Unmatched 'end group'", `repeat "r1" begun at row 3`)
	wantProblem(t, ps, "survey", 7, "type", "Unmatched 'end repeat'")
	wantProblem(t, ps, "survey", 8, "type", `Unmatched 'begin group'`, `"open"`)
	wantProblem(t, ps, "survey", 7, "type", "Unmatched 'end repeat'", `group "g1" begun at row 2`)
	wantProblem(t, ps, "survey", 2, "type", `Unmatched 'begin group'`, `"g1"`)
	if len(ps) != 4 {
		t.Errorf("want 4 problems, got:\n%s", dump(ps))
	}
}

func TestNameRules(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label"),
		row("text", "1st", "Bad start"),
		row("text", "has space", "Space"),
		row("text", "dup", "Dup 1"),
		row("text", "dup", "Dup 2"),
		row("begin group", "g", "G"),
		row("text", "dup", "Dup in group is fine"),
		row("text", "meta", "Reserved"),
		row("end group"),
		row("begin repeat", "data", "Like root"),
		row("text", "x", "X"),
		row("end repeat"),
		row("begin repeat", "r", "R"),
		row("end repeat"),
		row("begin group", "h", "H"),
		row("begin repeat", "r", "R again"),
		row("end repeat"),
		row("end group"),
		row("text", "", "No name"),
		row("text", "Dup", "Case twin"),
	)))
	wantProblem(t, ps, "survey", 2, "name", `The name "1st" is not valid`)
	wantProblem(t, ps, "survey", 3, "name", `The name "has space" is not valid`)
	wantProblem(t, ps, "survey", 5, "name", `"dup" is already used at row 4`)
	wantProblem(t, ps, "survey", 8, "name", "'meta' is reserved")
	wantProblem(t, ps, "survey", 10, "name", `repeat name "data" is the same as the survey's root`)
	wantProblem(t, ps, "survey", 16, "name", `repeat name "r" is already used by the repeat at row 13`)
	wantProblem(t, ps, "survey", 19, "type", "has no name")
	if len(ps) != 7 {
		t.Errorf("want 7 problems, got:\n%s", dump(ps))
	}
}

func TestCaseTwinNamesWarn(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label"), row("text", "dup", "a"), row("text", "Dup", "b"))))
	if _, ok := findProblem(f.Warnings, "only in upper/lower case"); !ok {
		t.Errorf("want case warning, got:\n%s", dump(f.Warnings))
	}
}

func TestCalculateWithoutCalculation(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label", "calculation"), row("calculate", "c", ""), row("calculate", "d", "", "1"))))
	wantProblem(t, ps, "survey", 2, "type", `calculate "c" has no calculation`)
	if len(ps) != 1 {
		t.Errorf("got:\n%s", dump(ps))
	}
	// A dynamic default counts as a calculation (pyxform).
	f := mustRead(t, book(t, survey(row("type", "name", "default"), row("calculate", "c", "now()"))))
	if c := f.Find("c"); !c.DefaultDynamic {
		t.Errorf("dynamic default not recognised: %+v", c)
	}
	ps = mustRefuse(t, book(t, survey(row("type", "name", "label", "default"), row("integer", "n", "N", "${m} + 1"))))
	wantProblem(t, ps, "survey", 2, "default", "${m}")
	if len(ps) != 1 {
		t.Errorf("a default's reference is reported once; got:\n%s", dump(ps))
	}
}

func TestSelectListProblems(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label"),
		row("select_one", "a", "A"),
		row("select_one colour", "b", "B"),
		row("select_multiple yn", "c", "C"),
		row("select_one_from_file towns.txt", "d", "D"),
		row("rank", "e", "E"),
	), choices(row("list_name", "name", "label"), row("yn", "y", "Yes"), row("yn", "n n", "No"), row("colours", "r", "Red"))))
	wantProblem(t, ps, "survey", 2, "type", "'select_one' needs the name of a choice list")
	p := wantProblem(t, ps, "survey", 3, "type", `choice list "colour" is not on the choices sheet`)
	if !strings.Contains(p.Message, `Did you mean "colours"?`) {
		t.Errorf("no suggestion: %s", p.Message)
	}
	wantProblem(t, ps, "choices", 3, "name", `"n n"`, "contains a space")
	wantProblem(t, ps, "survey", 5, "type", "must end with .csv, .xml or .geojson")
	wantProblem(t, ps, "survey", 6, "type", "'rank' needs the name of a choice list")

	ps = mustRefuse(t, book(t, survey(row("type", "name", "label"), row("select_one yn", "a", "A"))))
	wantProblem(t, ps, "survey", 2, "type", "no choices", "'choices' sheet")
}

func TestDuplicateChoices(t *testing.T) {
	srv := survey(row("type", "name", "label"), row("select_one yn", "a", "A"))
	ch := choices(row("list_name", "name", "label"), row("yn", "y", "Yes"), row("yn", "n", "No"), row("yn", "y", "Yes again"), row("other", "y", "Other list is fine"))
	ps := mustRefuse(t, book(t, srv, ch))
	wantProblem(t, ps, "choices", 4, "name", `"y" appears twice in list "yn" (rows 2 and 4)`, "allow_choice_duplicates")
	if len(ps) != 1 {
		t.Errorf("got:\n%s", dump(ps))
	}
	f := mustRead(t, book(t, srv, ch, settings(row("allow_choice_duplicates"), row("yes"))))
	if len(f.Find("a").Choices.Choices) != 3 || !f.Settings.AllowChoiceDuplicates {
		t.Error("duplicates not kept when allowed")
	}
}

func TestReferences(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label", "relevant", "notes"),
		row("integer", "age", "Age"),
		row("text", "a", "You are ${agee}", "${age} > 3"),
		row("text", "b", "B", "${age > 3"),
		row("begin repeat", "r", "R"),
		row("text", "x", "X"),
		row("end repeat"),
		row("begin group", "g", "G"),
		row("text", "x", "X again"),
		row("end group"),
		row("text", "c", "C", "${x} = 'y'", "${not a ref"),
		row("text", "d", "D ${last-saved#age}", "${last-saved#nope} = 1"),
	)))
	p := wantProblem(t, ps, "survey", 3, "label", "${agee} refers to a question named \"agee\"")
	if !strings.Contains(p.Message, "Did you mean ${age}?") || p.Text != "You are ${agee}" || p.Cell != "C3" {
		t.Errorf("reference problem: %+v", p)
	}
	wantProblem(t, ps, "survey", 4, "relevant", "is malformed")
	wantProblem(t, ps, "survey", 11, "relevant", "${x} is ambiguous: 2")
	wantProblem(t, ps, "survey", 12, "relevant", "${nope}")
	if len(ps) != 4 {
		t.Errorf("want 4 problems, got:\n%s", dump(ps))
	}
}

func TestMalformedReferenceInUnusedColumnOnlyWarns(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label", "notes"), row("text", "a", "A", "see ${b"))))
	if _, ok := findProblem(f.Warnings, "malformed"); !ok {
		t.Errorf("want a warning, got:\n%s", dump(f.Warnings))
	}
}

type fakeChecker struct{ calls []string }

func (c *fakeChecker) Check(src string) ([]string, error) {
	c.calls = append(c.calls, src)
	if strings.Count(src, "(") != strings.Count(src, ")") {
		return nil, &ExprError{Offset: strings.Index(src, "("), Msg: "unbalanced brackets"}
	}
	return nil, nil
}

func (c *fakeChecker) Cycles(calcs map[string]string) [][]string {
	if strings.Contains(calcs["a"], "${b}") && strings.Contains(calcs["b"], "${a}") {
		return [][]string{{"a", "b"}}
	}
	return nil
}

func TestExprCheckerIsPluggable(t *testing.T) {
	data := book(t, survey(
		row("type", "name", "label", "calculation", "constraint", "required"),
		row("calculate", "a", "", "${b} + 1"),
		row("calculate", "b", "", "${a} + 1"),
		row("integer", "c", "C", "", "(. > 1", "yes"),
		row("integer", "d", "D", "", "", "${c} > (1"),
	))
	// Without a checker the reader cannot see XPath mistakes: accepted.
	mustRead(t, data)
	fc := &fakeChecker{}
	ps := mustRefuse(t, data, Options{ExprChecker: fc})
	wantProblem(t, ps, "survey", 4, "constraint", "unbalanced brackets, at character 1")
	wantProblem(t, ps, "survey", 5, "required", "unbalanced brackets")
	p := wantProblem(t, ps, "survey", 2, "calculation", "depend on each other", "a → b → a")
	if p.Text == "" {
		t.Error("cycle problem without text")
	}
	for _, src := range fc.calls {
		if src == "yes" {
			t.Error("yes/no literal passed to the expression checker")
		}
	}
	if len(fc.calls) != 4 {
		t.Errorf("checker calls %q", fc.calls)
	}
}

func TestAllProblemsCollected(t *testing.T) {
	ps := mustRefuse(t, book(t,
		survey(
			row("type", "name", "label", "calculation"),
			row("text", "a b", "A"),
			row("foo", "f", "F"),
			row("calculate", "c", ""),
			row("select_one nolist", "s", "S"),
			row("text", "r", "${zz}"),
		),
		choices(row("list_name", "name", "label"), row("l", "x", "X"), row("l", "x", "X")),
	))
	if len(ps) != 6 {
		t.Fatalf("want 6 problems, got:\n%s", dump(ps))
	}
	for _, p := range ps {
		if p.Sheet == "" || p.Row == 0 || p.Message == "" {
			t.Errorf("problem without location: %+v", p)
		}
	}
	// Sheet order: choices problems come first (they are read first), then
	// the survey in row order.
	if ps[0].Sheet != "choices" {
		t.Errorf("order: %s", dump(ps))
	}
}

func TestLegacyAndBadFiles(t *testing.T) {
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	for name, data := range map[string][]byte{
		"form.xls":  xls,
		"empty":     nil,
		"form.csv":  []byte("type,name,label\ntext,a,A\n"),
		"truncated": intakeBook(t)[:500],
	} {
		_, err := Read(data, Options{FileName: name})
		var xe *Error
		if !errors.As(err, &xe) || len(xe.Problems) != 1 {
			t.Errorf("%s: want one problem, got %v", name, err)
			continue
		}
		msg := xe.Problems[0].Message
		if name == "form.xls" && !strings.Contains(msg, "save the workbook as .xlsx") {
			t.Errorf("%s: %s", name, msg)
		}
		if !strings.Contains(msg, ".xlsx") {
			t.Errorf("%s: message does not tell what to do: %s", name, msg)
		}
	}
}

func TestMissingSurveySheet(t *testing.T) {
	ps := mustRefuse(t, book(t, sheet{name: "surveyy", rows: [][]any{{"type"}}}, choices(row("list_name", "name"))))
	p, _ := findProblem(ps, "no sheet named 'survey'")
	if !strings.Contains(p.Message, "'surveyy' looks like a misspelling") {
		t.Errorf("got %s", dump(ps))
	}
	// A lone sheet is the survey, whatever its name (pyxform).
	mustRead(t, book(t, sheet{name: "Sheet1", rows: [][]any{{"type", "name", "label"}, {"text", "a", "A"}}}))
	ps = mustRefuse(t, book(t, survey(row("name", "label"), row("a", "A"))))
	wantProblem(t, ps, "survey", 1, "", "no 'type' column")
}

func TestSettingsDefaults(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label"), row("text", "a", "A"))), Options{FileName: "/tmp/returnee survey.xlsx"})
	if f.ID != "returnee survey" || f.Title != "returnee survey" || f.RootName != "data" || f.DefaultLanguage != "default" {
		t.Errorf("defaults: %+v", f)
	}
	f = mustRead(t, book(t, survey(row("type", "name", "label"), row("text", "a", "A"))))
	if f.ID != "data" {
		t.Errorf("id without a file name: %q", f.ID)
	}
	f = mustRead(t, book(t, survey(row("type", "name", "label"), row("text", "a", "A")),
		settings(row("id_string", "title", "name", "version", "submission_url", "public_key"),
			row("legacy_id", "Legacy", "root", 3, "https://example.org/submission", "MIIBIjANBgkq"))))
	if f.ID != "legacy_id" || f.Title != "Legacy" || f.RootName != "root" || f.Version != "3" ||
		f.Find("a").Path != "/root/a" || f.Settings.PublicKey != "MIIBIjANBgkq" {
		t.Errorf("settings: %+v", f)
	}
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label"), row("text", "a", "A")),
		settings(row("instance_name", "omit_instanceID", "public_key"), row("${nope}", "yes", "abc"))))
	wantProblem(t, ps, "settings", 2, "instance_name", "${nope}")
	wantProblem(t, ps, "settings", 2, "omit_instanceID", "need the instanceID")
}

func TestTranslationsAndDefaultLanguage(t *testing.T) {
	f := mustRead(t, book(t,
		survey(
			row("type", "name", "label", "label::Bangla (bn)", "hint::English (en)", "media::audio::Bangla (bn)", "image"),
			row("select_one yn", "a", "Plain", "বাংলা", "Hint", "a.mp3", "a.png"),
		),
		choices(row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "image::Bangla (bn)"),
			row("yn", "y", "Yes", "হ্যাঁ", "yes.png")),
		settings(row("default_language"), row("English (en)")),
	))
	a := f.Find("a")
	if a.Label["English (en)"] != "Plain" || a.Label["Bangla (bn)"] != "বাংলা" {
		t.Errorf("untranslated label goes to the default language: %v", a.Label)
	}
	if a.Media["audio"]["Bangla (bn)"] != "a.mp3" || a.Media["image"]["English (en)"] != "a.png" {
		t.Errorf("media: %v", a.Media)
	}
	if c := a.Choices.Choices[0]; c.Media["image"]["Bangla (bn)"] != "yes.png" || c.Label.Get("fr", "English (en)") != "Yes" {
		t.Errorf("choice: %+v", c)
	}
	if !reflect.DeepEqual(f.Languages, []string{"English (en)", "Bangla (bn)"}) {
		t.Errorf("languages %q", f.Languages)
	}
	if _, ok := findProblem(f.Warnings, "not translated into every language"); !ok {
		t.Errorf("want missing-translation warning; got:\n%s", dump(f.Warnings))
	}
	// Legacy single-colon headers.
	f = mustRead(t, book(t, survey(row("type", "name", "label:English (en)", "bind:jr:constraintMsg", "constraint"), row("integer", "a", "A", "Too big", ". < 5"))))
	if a := f.Find("a"); a.Label["English (en)"] != "A" || a.ConstraintMessage[DefaultLanguageKey] != "Too big" {
		t.Errorf("single colon headers: %+v", a)
	}
}

func TestLanguageWithoutCodeWarns(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label::English", "label::bn"), row("text", "a", "A", "এ"))))
	w, ok := findProblem(f.Warnings, "no language code")
	if !ok || !strings.Contains(w.Message, "'English'") || strings.Contains(w.Message, "'bn'") {
		t.Errorf("got:\n%s", dump(f.Warnings))
	}
}

func TestBooleanCellsReadAsText(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label", "required"), row("text", false, "A", true), row("integer", "n", 42, false))))
	q := f.Root.Children[0]
	if q.Name != "FALSE" || q.Required != "true()" {
		t.Errorf("boolean cells: name=%q required=%q", q.Name, q.Required)
	}
	if n := f.Find("n"); n.Label[DefaultLanguageKey] != "42" || n.Required != "false()" {
		t.Errorf("number cells: %+v", n)
	}
}

func TestDateDefaultFromExcelSerial(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label", "default"),
		row("date", "d", "D", 45366), row("time", "t", "T", 0.395833333333333), row("text", "x", "X", 45366))))
	if d := f.Find("d").Default; d != "2024-03-15" {
		t.Errorf("date default %q", d)
	}
	if d := f.Find("t").Default; d != "09:30:00" {
		t.Errorf("time default %q", d)
	}
	if d := f.Find("x").Default; d != "45366" {
		t.Errorf("text default %q", d)
	}
}

func TestParameters(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(
		row("type", "name", "label", "parameters"),
		row("range", "a", "A", "start=0 end=10 step=0"),
		row("range", "b", "B", "start=0;end=x"),
		row("text", "c", "C", "rows=three"),
		row("integer", "d", "D", "justtext"),
		row("geopoint", "e", "E", "capture-accuracy=10 colour=red"),
		row("select_one l", "f", "F", "seed=3"),
		row("audit", "", "", "location-priority=balanced"),
		row("image", "g", "G", "max-pixels=big"),
	), choices(row("list_name", "name", "label"), row("l", "a", "A"))))
	wantProblem(t, ps, "survey", 2, "parameters", "step must not be 0")
	wantProblem(t, ps, "survey", 3, "parameters", "end must be a number")
	wantProblem(t, ps, "survey", 4, "parameters", "rows parameter must be a whole number")
	wantProblem(t, ps, "survey", 5, "parameters", "name=value")
	wantProblem(t, ps, "survey", 6, "parameters", "'colour' cannot be used with geopoint")
	wantProblem(t, ps, "survey", 7, "parameters", "seed needs randomize=true")
	wantProblem(t, ps, "survey", 8, "parameters", "all three parameters")
	wantProblem(t, ps, "survey", 9, "parameters", "max-pixels parameter must be a whole number")
	f := mustRead(t, book(t, survey(row("type", "name", "label", "parameters"), row("range", "r", "R", "start=0.5 end=2.5 step=0.5"))))
	if r := f.Find("r"); r.DataType != "decimal" || r.Parameters["step"] != "0.5" {
		t.Errorf("decimal range: %+v", r)
	}
}

func TestOrOther(t *testing.T) {
	ch := choices(row("list_name", "name", "label", "k"), row("l", "a", "A", "x"))
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label", "choice_filter"),
		row("select_one l or_other", "q", "Q", "k='x'"),
		row("text", "q_other", "Clash"),
		row("select_one empty or_other", "p", "P"),
	), ch, sheet{name: "external_choices", rows: [][]any{{"list_name", "name"}, {"empty", "z"}}}))
	wantProblem(t, ps, "survey", 2, "choice_filter", "or_other cannot be combined with a choice_filter")
	wantProblem(t, ps, "survey", 3, "name", `"q_other" is already used at row 2`)
	wantProblem(t, ps, "survey", 4, "type", `choice list "empty" is not on the choices sheet`)
}

func TestExternalChoicesAndEntities(t *testing.T) {
	f := mustRead(t, book(t,
		survey(row("type", "name", "label", "choice_filter", "save_to"),
			row("text", "district", "District", "", "district"),
			row("select_one_external towns", "town", "Town", "district=${district}")),
		sheet{name: "external_choices", rows: [][]any{{"list_name", "name", "label", "district"}, {"towns", "savar", "Savar", "dhaka"}}},
		sheet{name: "entities", rows: [][]any{{"list_name", "label"}, {"returnees", "${district}"}}},
	))
	tw := f.Find("town")
	if !tw.External || tw.Type != TypeSelectOneExternal || f.ExternalChoices["towns"].Choices[0].Extra["district"] != "dhaka" {
		t.Errorf("external: %+v", tw)
	}
	if f.Entities == nil || f.Entities.Dataset != "returnees" || f.Find("district").SaveTo != "district" {
		t.Errorf("entities: %+v", f.Entities)
	}
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label", "save_to"), row("text", "a", "A", "name")),
		sheet{name: "entities", rows: [][]any{{"dataset"}, {"__bad"}}}))
	wantProblem(t, ps, "entities", 2, "dataset", "two underscores")
	wantProblem(t, ps, "entities", 2, "", "needs a label")
	wantProblem(t, ps, "survey", 2, "save_to", "reserved")
}

func TestTableList(t *testing.T) {
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label", "appearance"),
		row("begin group", "t", "T", "table-list"),
		row("select_one a", "x", "X"),
		row("select_one b", "y", "Y"),
		row("end group")),
		choices(row("list_name", "name", "label"), row("a", "1", "One"), row("b", "1", "One"))))
	wantProblem(t, ps, "survey", 4, "type", "must use the same list")
}

func TestSelectFromRepeatAnswers(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label", "choice_filter"),
		row("begin repeat", "m", "Members"), row("text", "mname", "Name"), row("end repeat"),
		row("select_one ${mname}", "head", "Head of household", "position() != 1"))))
	if h := f.Find("head"); h.ListRef != "mname" || h.Choices != nil {
		t.Errorf("select from repeat: %+v", h)
	}
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label"), row("select_one ${nope}", "head", "H"))))
	wantProblem(t, ps, "survey", 2, "type", "${nope}")
}

func TestLegacyLoop(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label"),
		row("begin loop over rooms", "loop", "Rooms"),
		row("integer", "n", "How many %(label)s?"),
		row("end loop")),
		choices(row("list_name", "name", "label"), row("rooms", "kitchen", "Kitchen"), row("rooms", "bath", "Bathroom"))))
	n := f.Find("loop")
	if n.Type != TypeGroup || n.LoopList != "rooms" || len(n.Children) != 2 || n.Children[1].Children[0].Path != "/data/loop/bath/n" ||
		n.Children[1].Children[0].Label[DefaultLanguageKey] != "How many Bathroom?" {
		t.Errorf("loop: %+v", n)
	}
}

func TestEmptyAndCommentRows(t *testing.T) {
	f := mustRead(t, book(t, survey(row("type", "name", "label", "hint", "disabled"),
		row("text", "a", "A"),
		row(),
		row("", "", "", "a comment row"),
		row("text", "b", "B", "", "yes"),
		row("text", "c", "C"))))
	if len(f.Root.Children) != 2 || f.Find("b") != nil || f.Find("c").Row != 6 {
		t.Errorf("rows: %+v", f.Root.Children)
	}
	if _, ok := findProblem(f.Warnings, "skipped"); !ok {
		t.Errorf("want skipped-row warning: %s", dump(f.Warnings))
	}
	ps := mustRefuse(t, book(t, survey(row("type", "name", "label"), row("", "a", "A"))))
	wantProblem(t, ps, "survey", 2, "name", "no type")
}

func TestProblemString(t *testing.T) {
	p := Problem{Sheet: "survey", Row: 3, Column: "type", Cell: "A3", Message: "Bad."}
	if got := p.String(); got != `sheet "survey", row 3, column "type" (A3): Bad.` {
		t.Errorf("got %q", got)
	}
	e := &Error{Problems: []Problem{p, {Message: "Other."}}}
	if !strings.Contains(e.Error(), "2 problems") {
		t.Errorf("got %q", e.Error())
	}
}
