package instance

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// corpusCase is one wrong submission of a corpus form: the correct one
// with an edit, refused by Parse (parseErr) or reported by Validate (key,
// code, label and message).
type corpusCase struct {
	name     string
	old, new string
	parseErr string
	key      string
	code     string
	label    string
	msg      string
}

// TestCorpusSubmissions reads real forms of the shared corpus with
// hand-written submissions (testdata/corpus): the correct one is accepted
// unchanged and survives a round trip through XML; each wrong one is
// refused with the right key and message.
func TestCorpusSubmissions(t *testing.T) {
	forms := []struct {
		file string
		opts Options
		ok   func(t *testing.T, in *Instance)
		bad  []corpusCase
	}{
		{
			file: "onadata__mali_health.xlsx", opts: Options{Source: FromDevice, FormLang: "French", Now: clock},
			bad: []corpusCase{
				{name: "district of another region", old: "<DISTRICT>ansongo</DISTRICT>", new: "<DISTRICT>commune1</DISTRICT>",
					key: "DISTRICT", code: CodeChoice, label: "District", msg: `"commune1" is not one of the answers offered.`},
				{name: "P-code fails its regex", old: "<Pcode>ML0801AB123</Pcode>", new: "<Pcode>ML-08</Pcode>",
					key: "Pcode", code: CodeConstraint, label: "PCode", msg: "This answer is not accepted."},
				{name: "negative number of villages", old: "<NBRE_VILLAGE>12</NBRE_VILLAGE>", new: "<NBRE_VILLAGE>-3</NBRE_VILLAGE>",
					key: "NBRE_VILLAGE", code: CodeConstraint, label: "Nombre de village", msg: "This answer is not accepted."},
				{name: "number of villages in words", old: "<NBRE_VILLAGE>12</NBRE_VILLAGE>", new: "<NBRE_VILLAGE>douze</NBRE_VILLAGE>",
					parseErr: "The answer to NBRE_VILLAGE is not valid: Enter a whole number."},
				{name: "location without longitude", old: "<location>15.6 0.5 250 10</location>", new: "<location>15.6</location>",
					parseErr: "The answer to location is not valid: Enter a location"},
				{name: "question of another form", old: "<obs>", new: "<latrine>yes</latrine><obs>",
					parseErr: "The element <latrine> in the root element is not part of this form version."},
			},
		},
		{
			file: "xlsformorg__cascading_select.xlsx", opts: device(),
			bad: []corpusCase{
				{name: "city of another county", old: "<selected_city>brownsville</selected_city>", new: "<selected_city>seattle</selected_city>",
					key: "selected_city", code: CodeChoice, label: "Select a city", msg: `"seattle" is not one of the answers offered.`},
				{name: "county of another state", old: "<selected_county>cameron</selected_county><selected_city>brownsville</selected_city>",
					new: "<selected_county>king</selected_county><selected_city>seattle</selected_city>",
					key: "selected_county", code: CodeChoice, label: "Select a county", msg: `"king" is not one of the answers offered.`},
			},
		},
		{
			file: "onadata__nested_repeats.xlsx", opts: device(),
			ok: func(t *testing.T, in *Instance) {
				if in.Counts["kids/kids_details[1]/kids_immunization"] != 2 || in.Values["kids/kids_details[2]/kids_immunization[1]/immunization_info"] != "Polio" {
					t.Errorf("nested repeats: %v %v", in.Counts, in.Values)
				}
			},
			bad: []corpusCase{
				{name: "age in words", old: "<kids_age>2</kids_age>", new: "<kids_age>two</kids_age>",
					parseErr: "The answer to kids/kids_details[2]/kids_age is not valid: Enter a whole number."},
				{name: "a browser not offered", old: "firefox chrome", new: "firefox netscape",
					key: "web_browsers", code: CodeChoice, label: "7. What web browsers do you use?", msg: `"netscape" is not one of the answers offered.`},
				{name: "immunization outside its repeat", old: "<address>", new: "<immunization_info>x</immunization_info><address>",
					parseErr: "The element <immunization_info> in the root element is not part of this form version."},
			},
		},
		{
			file: "pyxform__xlsform_spec_test.xlsx", opts: Options{Source: FromDevice, Lang: "en", Now: clock},
			bad: []corpusCase{
				{name: "required text missing in the second instance", old: "<required_text>second</required_text>", new: "<required_text/>",
					key: "everything/repeat_test[2]/group_test/required_text", code: CodeRequired, label: "required_text", msg: "Custom required message."},
				{name: "decimal above the integer", old: "<a_decimal>9.5</a_decimal>", new: "<a_decimal>10.5</a_decimal>",
					key: "everything/a_decimal", code: CodeConstraint, label: "constrained decimal", msg: "This answer is not accepted."},
				{name: "yes and no at once", old: "<select_multiple_test>yes</select_multiple_test>", new: "<select_multiple_test>yes no</select_multiple_test>",
					key: "everything/repeat_test[1]/group_test/select_multiple_test", code: CodeConstraint, label: "select multiple test", msg: "Sorry Nasima, you can't select yes and no."},
				{name: "acknowledged with yes", old: "<acknowledge_test>OK</acknowledge_test>", new: "<acknowledge_test>yes</acknowledge_test>",
					parseErr: "The answer to everything/acknowledge_test is not valid: Confirm with OK"},
				{name: "the whole form skipped keeps nothing", old: "<skip_to_end>no</skip_to_end>", new: "<skip_to_end>yes</skip_to_end>"},
			},
		},
	}
	for _, fc := range forms {
		t.Run(fc.file, func(t *testing.T) {
			s := corpus(t, fc.file)
			raw, err := os.ReadFile(filepath.Join("testdata/corpus", strings.TrimSuffix(fc.file, ".xlsx")+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			good := string(raw)
			in := parsed(t, s, good)
			res := s.Validate(in, fc.opts)
			if !res.OK() {
				t.Fatalf("the correct submission has problems:\n%s", dumpProblems(res.Problems))
			}
			if !reflect.DeepEqual(res.Instance.Values, in.Values) {
				t.Errorf("the correct submission changed:\n got %v\nwant %v", res.Instance.Values, in.Values)
			}
			back := parsed(t, s, string(s.XML(res.Instance)))
			if !reflect.DeepEqual(back.Values, res.Instance.Values) || !reflect.DeepEqual(back.Meta, res.Instance.Meta) {
				t.Errorf("round trip:\n got %v\nwant %v", back.Values, res.Instance.Values)
			}
			if fc.ok != nil {
				fc.ok(t, in)
			}
			for _, c := range fc.bad {
				t.Run(c.name, func(t *testing.T) {
					if !strings.Contains(good, c.old) {
						t.Fatalf("edit %q does not apply", c.old)
					}
					x := strings.Replace(good, c.old, c.new, 1)
					in, err := s.Parse([]byte(x))
					if c.parseErr != "" {
						if err == nil {
							t.Fatal("accepted")
						}
						if appCode(t, err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), c.parseErr) {
							t.Errorf("%v; want %q", err, c.parseErr)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					res := s.Validate(in, fc.opts)
					if c.key == "" {
						if !res.OK() {
							t.Errorf("problems:\n%s", dumpProblems(res.Problems))
						}
						return
					}
					if len(res.Problems) != 1 {
						t.Fatalf("want one problem, got:\n%s", dumpProblems(res.Problems))
					}
					p := res.Problems[0]
					if p.Key != c.key || p.Code != c.code || p.Label != c.label || p.Message != c.msg {
						t.Errorf("got %+v", p)
					}
				})
			}
		})
	}
}

// TestCorpusRepeatCount: the spec form asks for exactly two repeat_test
// instances; a device that sent one is reported, and on the web the
// second instance is added and its required question asked.
func TestCorpusRepeatCount(t *testing.T) {
	s := corpus(t, "pyxform__xlsform_spec_test.xlsx")
	raw, err := os.ReadFile("testdata/corpus/pyxform__xlsform_spec_test.xml")
	if err != nil {
		t.Fatal(err)
	}
	x := string(raw)
	i := strings.LastIndex(x, "<repeat_test>")
	j := strings.LastIndex(x, "</repeat_test>") + len("</repeat_test>")
	in := parsed(t, s, x[:i]+x[j:])
	res := s.Validate(in, device())
	p := findProblem(t, res.Problems, "everything/repeat_test")
	if p.Code != CodeRepeatCount || p.Message != "This repeat should have 2 instances, but has 1." || len(res.Problems) != 1 {
		t.Errorf("problems:\n%s", dumpProblems(res.Problems))
	}
	res = s.Validate(in, web("en"))
	if res.Instance.Counts["everything/repeat_test"] != 2 {
		t.Fatalf("count %d", res.Instance.Counts["everything/repeat_test"])
	}
	for _, k := range []string{"everything/repeat_test[2]/group_test/required_text", "everything/repeat_test[2]/labeled_select_group/list-nolabel-test"} {
		if findProblem(t, res.Problems, k).Code != CodeRequired {
			t.Errorf("%s is not asked", k)
		}
	}
}
