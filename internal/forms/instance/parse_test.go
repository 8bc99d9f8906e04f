package instance

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestParseReadsEveryPartOfASubmission(t *testing.T) {
	s := household(t)
	in, err := s.Parse([]byte(householdXML))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"start": "2024-06-10T10:00:00.000+06:00", "end": "2024-06-10T10:20:00.000+06:00", "today": "2024-06-10",
		"deviceid": "collect:abc123", "username": "bnsk.enumerator",
		"respondent": "Rahima Begum", "age": "34", "consent": "yes",
		"hh/division": "dhaka", "hh/district": "gazipur", "hh/hh_size": "3",
		"hh/member[1]/m_name": "Rahima", "hh/member[1]/m_age": "34", "hh/member[1]/services": "cash training",
		"hh/member[1]/m_pos": "1", "hh/member[1]/m_job": "Tailor",
		"hh/member[2]/m_name": "Karim", "hh/member[2]/m_age": "12", "hh/member[2]/m_pos": "2",
		"hh/n_members": "2", "hh/n_adults": "1",
		"visit_date": "2024-06-09", "gps": "23.8103 90.4125 12.5 4.0", "photo": "1718000000000.jpg",
		"colour": "other", "colour_other": "Purple", "income": "1500.50",
		"visit_time": "10:30:00.000+06:00", "follow_up": "2024-07-01T09:00:00.000+06:00", "village": "Kaliakair",
	}
	if !reflect.DeepEqual(in.Values, want) {
		t.Errorf("values:\n got %v\nwant %v", in.Values, want)
	}
	if !reflect.DeepEqual(in.Counts, map[string]int{"hh/member": 2}) {
		t.Errorf("counts: %v", in.Counts)
	}
	wantMeta := Meta{InstanceID: "uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10", InstanceName: "Rahima Begum 2024-06-09"}
	if !reflect.DeepEqual(in.Meta, wantMeta) || in.FormID != "household" || in.Version != "2024061001" {
		t.Errorf("meta %+v form %q version %q", in.Meta, in.FormID, in.Version)
	}
	id, version, err := Peek([]byte(householdXML))
	if err != nil || id != "household" || version != "2024061001" {
		t.Errorf("Peek = %q, %q, %v", id, version, err)
	}
}

// TestParseNormalisesAnswers: whitespace around numbers, selections and
// locations goes; free text keeps its spaces and line breaks.
func TestParseNormalisesAnswers(t *testing.T) {
	s := household(t)
	x := strings.NewReplacer(
		"<age>34</age>", "<age> +034 </age>",
		"<services>cash training</services>", "<services>\n cash   training </services>",
		"<respondent>Rahima Begum</respondent>", "<respondent>  Rahima\nBegum &amp; Co </respondent>",
		"<visit_time>10:30:00.000+06:00</visit_time>", "<visit_time>10:30</visit_time>",
	).Replace(householdXML)
	in, err := s.Parse([]byte(x))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"age": "34", "hh/member[1]/services": "cash training",
		"respondent": "  Rahima\nBegum & Co ", "visit_time": "10:30:00"} {
		if got := in.Values[key]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

func TestParseAcceptsWhatClientsWrite(t *testing.T) {
	s := household(t)
	cases := []struct {
		name string
		edit func(string) string
		key  string
		want string
	}{
		{"XForms default namespace (Enketo)", func(x string) string {
			return strings.Replace(x, `<data `, `<data xmlns="http://www.w3.org/2002/xforms" `, 1)
		}, "respondent", "Rahima Begum"},
		{"orx-prefixed meta", func(x string) string {
			return strings.NewReplacer("<meta>", "<orx:meta>", "</meta>", "</orx:meta>",
				"<instanceID>", "<orx:instanceID>", "</instanceID>", "</orx:instanceID>").Replace(x)
		}, "respondent", "Rahima Begum"},
		{"questions left out as not relevant", func(x string) string {
			return strings.Replace(x, "<m_job>Tailor</m_job>", "", 1)
		}, "hh/member[1]/m_job", ""},
		{"a repeat template sent along", func(x string) string {
			return strings.Replace(x, "<hh>", `<hh><member jr:template=""><m_name/></member>`, 1)
		}, "hh/member[2]/m_name", "Karim"},
		{"comments and processing instructions", func(x string) string {
			return strings.Replace(x, "<age>34</age>", "<!-- note --><age>3<!-- split -->4</age><?pi x?>", 1)
		}, "age", "34"},
		{"an edit", func(x string) string {
			return strings.Replace(x, "</instanceID>", "</instanceID><deprecatedID>uuid:11111111-2222-4333-8444-555555555555</deprecatedID>", 1)
		}, "respondent", "Rahima Begum"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, err := s.Parse([]byte(c.edit(householdXML)))
			if err != nil {
				t.Fatal(err)
			}
			if got := in.Values[c.key]; got != c.want {
				t.Errorf("%s = %q, want %q", c.key, got, c.want)
			}
		})
	}
}

// TestParseRefuses lists every kind of submission the server must answer
// with 400 (413 for size), each with a message naming what is wrong.
func TestParseRefuses(t *testing.T) {
	s := household(t)
	r := func(old, new string) func(string) string {
		return func(x string) string {
			if !strings.Contains(x, old) {
				panic("test edit does not apply: " + old)
			}
			return strings.Replace(x, old, new, 1)
		}
	}
	big := strings.Repeat("x", MaxSubmissionBytes)
	cases := []struct {
		name string
		edit func(string) string
		code string
		want string
	}{
		{"another form", r(`id="household"`, `id="screening"`), app.EINVALID, `for the form "screening", not "household"`},
		{"another version", r(`version="2024061001"`, `version="2023"`), app.EINVALID, `version "2023" of the form "household", but this is version "2024061001"`},
		{"no version", r(` version="2024061001"`, ``), app.EINVALID, `version "" of the form`},
		{"no form id", r(` id="household"`, ``), app.EINVALID, "has no form id"},
		{"another root", func(x string) string {
			return strings.Replace(strings.Replace(x, "<data ", "<survey ", 1), "</data>", "</survey>", 1)
		}, app.EINVALID, "root element is <survey>, but this form's is <data>"},
		{"unknown question", r("<age>34</age>", "<age>34</age><salary>5</salary>"), app.EINVALID, "<salary> in the root element is not part of this form version"},
		{"unknown question in a repeat", r("<m_job>Tailor</m_job>", "<m_job>Tailor</m_job><phone>1</phone>"), app.EINVALID, "<phone> in hh/member[1] is not part of this form version"},
		{"question in the wrong group", r("<hh>", "<hh><respondent>x</respondent>"), app.EINVALID, "<respondent> in hh is not part of this form version"},
		{"unknown namespace", r("<age>34</age>", `<x:age xmlns:x="urn:other">34</x:age>`), app.EINVALID, "<age> in the root element is not part of this form version"},
		{"unknown meta element", r("<meta>", "<meta><phonenumber>1</phonenumber>"), app.EINVALID, "<phonenumber> in meta is not part of this form version"},
		{"question twice", r("<age>34</age>", "<age>34</age><age>35</age>"), app.EINVALID, "<age> appears twice in the root element"},
		{"group twice", r("<visit_date>", "<hh></hh><visit_date>"), app.EINVALID, "<hh> appears twice in the root element"},
		{"text in a group", r("<hh>", "<hh>oops"), app.EINVALID, "The group hh holds text"},
		{"element in a question", r("<age>34</age>", "<age><b>34</b></age>"), app.EINVALID, "The question age holds the element <b>"},
		{"not a whole number", r("<age>34</age>", "<age>34.5</age>"), app.EINVALID, "The answer to age is not valid: Enter a whole number."},
		{"beyond 32 bits", r("<age>34</age>", "<age>2147483648</age>"), app.EINVALID, "The answer to age is not valid: Enter a whole number between"},
		{"not a number", r("<income>1500.50</income>", "<income>1e3</income>"), app.EINVALID, "The answer to income is not valid: Enter a number"},
		{"not a date", r("<visit_date>2024-06-09</visit_date>", "<visit_date>2024-02-30</visit_date>"), app.EINVALID, "visit_date is not valid: Enter a date as YYYY-MM-DD."},
		{"not a time", r("<visit_time>10:30:00.000+06:00</visit_time>", "<visit_time>25:00</visit_time>"), app.EINVALID, "visit_time is not valid: Enter a time"},
		{"not a dateTime", r("<follow_up>2024-07-01T09:00:00.000+06:00</follow_up>", "<follow_up>2024-07-01 09:00</follow_up>"), app.EINVALID, "follow_up is not valid: Enter a date and time"},
		{"not a geopoint", r("<gps>23.8103 90.4125 12.5 4.0</gps>", "<gps>23.8103</gps>"), app.EINVALID, "gps is not valid: Enter a location"},
		{"latitude out of range", r("<gps>23.8103 90.4125 12.5 4.0</gps>", "<gps>123.8 90.4</gps>"), app.EINVALID, "gps is not valid: Latitude must be between"},
		{"two answers to select_one", r("<consent>yes</consent>", "<consent>yes no</consent>"), app.EINVALID, "consent is not valid: Choose one answer only."},
		{"same choice twice", r("<services>cash training</services>", "<services>cash cash</services>"), app.EINVALID, "hh/member[1]/services is not valid: The same answer is chosen twice."},
		{"attachment with a folder", r("<photo>1718000000000.jpg</photo>", "<photo>../../etc/passwd</photo>"), app.EINVALID, "photo is not valid: Give a file name without folders."},
		{"no instanceID", r("<instanceID>uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10</instanceID>", ""), app.EINVALID, "has no meta/instanceID"},
		{"no meta", func(x string) string {
			i, j := strings.Index(x, "<meta>"), strings.Index(x, "</meta>")
			return x[:i] + x[j+len("</meta>"):]
		}, app.EINVALID, "has no meta/instanceID"},
		{"malformed instanceID", r("uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10", "uuid:6b0c 8f6e"), app.EINVALID, `meta/instanceID "uuid:6b0c 8f6e" is not a valid instance ID`},
		{"edit of itself", r("</instanceID>", "</instanceID><deprecatedID>uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10</deprecatedID>"), app.EINVALID, "deprecatedID is the same as the meta/instanceID"},
		{"encrypted", r(`<data `, `<data encrypted="yes" `), app.EINVALID, "encrypted"},
		{"not XML", func(string) string { return "instanceID=uuid:1" }, app.EINVALID, "text outside its root element"},
		{"empty", func(string) string { return "  " }, app.EINVALID, "has no root element"},
		{"unclosed", func(x string) string { return x[:strings.Index(x, "<visit_date>")] }, app.EINVALID, "not well-formed XML: line 9: unexpected EOF"},
		{"mismatched tags", r("<age>34</age>", "<age>34</agе>"), app.EINVALID, "not well-formed XML"},
		{"two roots", func(x string) string { return x + "<data/>" }, app.EINVALID, "more than one root element"},
		{"text after the root", func(x string) string { return x + "trailing" }, app.EINVALID, "text outside its root element"},
		{"invalid UTF-8", r("Rahima Begum", "Rahima \xff\xfe Begum"), app.EINVALID, "not valid UTF-8"},
		{"control character", r("Rahima Begum", "Rahima \x01 Begum"), app.EINVALID, "not well-formed XML"},
		{"another encoding", r("<?xml version='1.0' ?>", `<?xml version="1.0" encoding="ISO-8859-1"?>`), app.EINVALID, `declares the encoding "ISO-8859-1"; only UTF-8`},
		{"undefined entity", r("Rahima Begum", "&name;"), app.EINVALID, "not well-formed XML"},
		{"too large", func(x string) string { return strings.Replace(x, "Rahima Begum", big, 1) }, app.ETOOLARGE, "larger than"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := c.edit(householdXML)
			in, err := s.Parse([]byte(x))
			if err == nil {
				t.Fatalf("accepted: %+v", in.Values)
			}
			if code := appCode(t, err); code != c.code {
				t.Errorf("code %s, want %s (%v)", code, c.code, err)
			}
			if msg := app.ErrorMessage(err); !strings.Contains(msg, c.want) {
				t.Errorf("message %q does not say %q", msg, c.want)
			}
			if c.code == app.EINVALID && app.MessageIn("bn", err) == app.ErrorMessage(err) {
				t.Errorf("message %q has no Bangla", app.ErrorMessage(err))
			}
		})
	}
}

// TestParseRefusesEntities proves that no entity is ever defined or
// expanded: encoding/xml does not read DTDs, and Parse refuses any
// DOCTYPE before the decoder could see an entity declaration. The file
// named by the external entity is never read, so its contents cannot
// leak into an answer.
func TestParseRefusesEntities(t *testing.T) {
	s := household(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOPSECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	attacks := map[string]string{
		"external entity (XXE)": `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY xxe SYSTEM "file://` + secret + `">]>`,
		"internal entity":       `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY name "Rahima">]>`,
		"billion laughs":        `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>`,
		"parameter entity":      `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY % p SYSTEM "file://` + secret + `"> %p;]>`,
	}
	refs := map[string]string{"external entity (XXE)": "&xxe;", "internal entity": "&name;", "billion laughs": "&c;", "parameter entity": "x"}
	for name, prolog := range attacks {
		t.Run(name, func(t *testing.T) {
			x := prolog + strings.Replace(strings.TrimPrefix(householdXML, "<?xml version='1.0' ?>"), "Rahima Begum", refs[name], 1)
			in, err := s.Parse([]byte(x))
			if err == nil {
				t.Fatalf("accepted, respondent = %q", in.Values["respondent"])
			}
			if strings.Contains(err.Error(), "TOPSECRET") {
				t.Fatalf("the secret file leaked into the error: %v", err)
			}
			if !strings.Contains(app.ErrorMessage(err), "DOCTYPE") {
				t.Errorf("message %q does not name the DOCTYPE", app.ErrorMessage(err))
			}
		})
	}
	// Without a DOCTYPE an entity reference is simply undefined.
	_, err := s.Parse([]byte(strings.Replace(householdXML, "Rahima Begum", "&xxe;", 1)))
	if err == nil || strings.Contains(err.Error(), "TOPSECRET") {
		t.Fatalf("undefined entity: %v", err)
	}
}

func TestParseLimitsDepthAndRepeats(t *testing.T) {
	// A form nested deeper than MaxDepth: the limit stops the parser even
	// where the form allows the nesting.
	rows := [][]any{row("type", "name", "label")}
	for i := 0; i < MaxDepth+2; i++ {
		rows = append(rows, row("begin group", fmt.Sprintf("g%d", i), "G"))
	}
	rows = append(rows, row("text", "q", "Q"))
	for i := 0; i < MaxDepth+2; i++ {
		rows = append(rows, row("end group"))
	}
	rows = append(rows, row("begin repeat", "r", "R"), row("text", "a", "A"), row("end repeat"))
	rows = append(rows, row("text", "b", "B"))
	s := compile(t, sheet{"survey", rows}, sheet{"settings", [][]any{row("form_id"), row("deep")}})

	var b strings.Builder
	b.WriteString(`<data id="deep">`)
	for i := 0; i < MaxDepth+2; i++ {
		fmt.Fprintf(&b, "<g%d>", i)
	}
	b.WriteString("<q>x</q>")
	for i := MaxDepth + 1; i >= 0; i-- {
		fmt.Fprintf(&b, "</g%d>", i)
	}
	b.WriteString(`<meta><instanceID>uuid:1</instanceID></meta></data>`)
	_, err := s.Parse([]byte(b.String()))
	if err == nil || !strings.Contains(app.ErrorMessage(err), fmt.Sprintf("nested more than %d elements deep", MaxDepth)) {
		t.Errorf("deep submission: %v", err)
	}

	repeats := func(n int) string {
		return `<data id="deep">` + strings.Repeat("<r><a>1</a></r>", n) + `<b/><meta><instanceID>uuid:1</instanceID></meta></data>`
	}
	in, err := s.Parse([]byte(repeats(MaxRepeatInstances)))
	if err != nil || in.Counts["r"] != MaxRepeatInstances || in.Values[fmt.Sprintf("r[%d]/a", MaxRepeatInstances)] != "1" {
		t.Fatalf("%d repeat instances: %v", MaxRepeatInstances, err)
	}
	_, err = s.Parse([]byte(repeats(MaxRepeatInstances + 1)))
	if err == nil || !strings.Contains(app.ErrorMessage(err), "has more than 5000 instances") {
		t.Errorf("too many repeat instances: %v", err)
	}
}

// TestParseMetaOfAuditAndEntities: the meta block also carries the audit
// log's file name and the entity of forms that declare them, and only then.
func TestParseMetaOfAuditAndEntities(t *testing.T) {
	s := compile(t,
		sheet{"survey", [][]any{row("type", "name", "label", "save_to"), row("audit", "audit"), row("text", "tree", "Tree", "species")}},
		sheet{"entities", [][]any{row("dataset", "label"), row("trees", "${tree}")}},
		sheet{"settings", [][]any{row("form_id", "version"), row("trees", "1")}},
	)
	x := `<data id="trees" version="1"><tree>Mango</tree><meta><audit>audit.csv</audit>` +
		`<instanceID>uuid:a</instanceID><entity dataset="trees" id="uuid:e" create="1"><label>Mango</label></entity></meta></data>`
	in, err := s.Parse([]byte(x))
	if err != nil {
		t.Fatal(err)
	}
	want := Meta{InstanceID: "uuid:a", Audit: "audit.csv", Entity: &Entity{Dataset: "trees", ID: "uuid:e", Create: "1", Label: "Mango"}}
	if !reflect.DeepEqual(in.Meta, want) {
		t.Errorf("meta %+v, entity %+v", in.Meta, in.Meta.Entity)
	}
	back, err := s.Parse(s.XML(in))
	if err != nil || !reflect.DeepEqual(back.Meta, want) {
		t.Errorf("meta after a round trip: %+v %v", back.Meta, err)
	}
	_, err = s.Parse([]byte(strings.Replace(x, `create="1"`, `create="1" delete="1"`, 1)))
	if err == nil || !strings.Contains(app.ErrorMessage(err), "attribute delete") {
		t.Errorf("unknown entity attribute: %v", err)
	}
	plain := household(t)
	_, err = plain.Parse([]byte(strings.Replace(householdXML, "<meta>", "<meta><audit>audit.csv</audit>", 1)))
	if err == nil || !strings.Contains(app.ErrorMessage(err), "<audit> in meta") {
		t.Errorf("audit in a form without one: %v", err)
	}
}

func TestAttachments(t *testing.T) {
	s := corpus(t, "pyxform__xlsform_spec_test.xlsx")
	raw, err := os.ReadFile("testdata/corpus/pyxform__xlsform_spec_test.xml")
	if err != nil {
		t.Fatal(err)
	}
	in := parsed(t, s, string(raw))
	if got := s.Attachments(in); !reflect.DeepEqual(got, []string{"1714550000000.jpg", "1714550000001.m4a"}) {
		t.Errorf("attachments %v", got)
	}
}
