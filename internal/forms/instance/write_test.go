package instance

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestXMLHasTheShapeCollectSends(t *testing.T) {
	s := compile(t,
		sheet{"survey", [][]any{
			row("type", "name", "label", "relevant"),
			row("text", "name", "Name"),
			row("begin group", "g", "G"),
			row("select_multiple l", "pick", "Pick"),
			row("begin repeat", "r", "R"),
			row("integer", "n", "N"),
			row("text", "why", "Why", "${n} > 1"),
			row("end repeat"),
			row("end group"),
			row("note", "done", "Done"),
		}},
		sheet{"choices", [][]any{row("list_name", "name", "label"), row("l", "a", "A"), row("l", "b", "B")}},
		sheet{"settings", [][]any{row("form_id", "version", "instance_name", "name"), row("shape", "3", "${name}", "survey")}},
	)
	in := &Instance{Meta: Meta{InstanceID: "uuid:x"},
		Values: map[string]string{"name": `A & B <"c">`, "g/pick": "a b", "g/r[1]/n": "1", "g/r[1]/why": "dropped", "g/r[2]/n": "2", "g/r[2]/why": "line\nbreak"},
		Counts: map[string]int{"g/r": 2}}
	res := s.Validate(in, device())
	got := string(s.XML(res.Instance))
	want := `<?xml version='1.0' ?><survey xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" id="shape" version="3">` +
		`<name>A &amp; B &lt;&#34;c&#34;&gt;</name><g><pick>a b</pick><r><n>1</n></r><r><n>2</n><why>line&#xA;break</why></r></g><done/>` +
		`<meta><instanceID>uuid:x</instanceID><instanceName/></meta></survey>`
	if got != want {
		t.Errorf("XML:\n got %s\nwant %s", got, want)
	}
	back, err := s.Parse([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Values, res.Instance.Values) || !reflect.DeepEqual(back.Counts, res.Instance.Counts) {
		t.Errorf("round trip:\n got %v %v\nwant %v %v", back.Values, back.Counts, res.Instance.Values, res.Instance.Counts)
	}
}

// TestRoundTrip: a web instance written as XML and parsed again is the
// same instance, and stays the same through JSON (how drafts are kept).
func TestRoundTrip(t *testing.T) {
	s := household(t)
	in := parsed(t, s, householdXML)
	in.Meta.DeprecatedID = "uuid:11111111-2222-4333-8444-555555555555"
	in.Meta.InstanceID = NewInstanceID()
	res := s.Validate(in, web("en"))
	if !res.OK() {
		t.Fatalf("problems:\n%s", dumpProblems(res.Problems))
	}
	back := parsed(t, s, string(s.XML(res.Instance)))
	back.NotRelevant = res.Instance.NotRelevant
	if !reflect.DeepEqual(back, res.Instance) {
		t.Errorf("XML round trip:\n got %+v\nwant %+v", back, res.Instance)
	}
	data, err := json.Marshal(res.Instance)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON Instance
	if err := json.Unmarshal(data, &fromJSON); err != nil || !reflect.DeepEqual(&fromJSON, res.Instance) {
		t.Errorf("JSON round trip: %v\n got %+v", err, fromJSON)
	}
}

func TestFlatten(t *testing.T) {
	s := corpus(t, "onadata__nested_repeats.xlsx")
	tables := s.Tables()
	want := []Table{
		{Name: "", Parent: "", Columns: []string{"kids/has_kids", "kids/nested_group/nested_name", "kids/nested_group/nested_age",
			"address", "gps", "web_browsers", ColInstanceID, ColDeprecatedID, ColInstanceName, ColKey}},
		{Name: "kids/kids_details", Parent: "", Columns: []string{"kids/kids_details/kids_name", "kids/kids_details/kids_age", ColKey, ColParentKey}},
		{Name: "kids/kids_details/kids_immunization", Parent: "kids/kids_details",
			Columns: []string{"kids/kids_details/kids_immunization/immunization_info", ColKey, ColParentKey}},
	}
	if !reflect.DeepEqual(tables, want) {
		t.Errorf("tables:\n got %+v\nwant %+v", tables, want)
	}
	in := &Instance{Meta: Meta{InstanceID: "uuid:s1"}, Values: map[string]string{
		"kids/has_kids": "1", "address": "Dhaka",
		"kids/kids_details[1]/kids_name": "Asha", "kids/kids_details[2]/kids_name": "Babu",
		"kids/kids_details[2]/kids_immunization[1]/immunization_info": "BCG",
	}, Counts: map[string]int{"kids/kids_details": 2, "kids/kids_details[2]/kids_immunization": 1}}
	rows := s.Flatten(in)
	wantRows := map[string][]Row{
		"": {{"kids/has_kids": "1", "address": "Dhaka", ColInstanceID: "uuid:s1", ColKey: "uuid:s1"}},
		"kids/kids_details": {
			{"kids/kids_details/kids_name": "Asha", ColKey: "uuid:s1/kids/kids_details[1]", ColParentKey: "uuid:s1"},
			{"kids/kids_details/kids_name": "Babu", ColKey: "uuid:s1/kids/kids_details[2]", ColParentKey: "uuid:s1"},
		},
		"kids/kids_details/kids_immunization": {
			{"kids/kids_details/kids_immunization/immunization_info": "BCG",
				ColKey: "uuid:s1/kids/kids_details[2]/kids_immunization[1]", ColParentKey: "uuid:s1/kids/kids_details[2]"},
		},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %v\nwant %v", rows, wantRows)
	}
	// Every column of a row is one of its table's columns.
	for _, tb := range tables {
		cols := map[string]bool{}
		for _, c := range tb.Columns {
			cols[c] = true
		}
		for _, r := range rows[tb.Name] {
			for c := range r {
				if !cols[c] {
					t.Errorf("table %q has no column %q", tb.Name, c)
				}
			}
		}
	}
}
