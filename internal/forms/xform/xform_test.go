package xform

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"
)

func attrs(n *xnode) string {
	if n == nil {
		return "<nil>"
	}
	var b strings.Builder
	for _, k := range sortedKeys(n.attrs) {
		fmt.Fprintf(&b, "%s=%q ", k, n.attrs[k])
	}
	return strings.TrimSpace(b.String())
}

// wantAttrs checks the attributes of an element exactly.
func wantAttrs(t *testing.T, what string, n *xnode, want string) {
	t.Helper()
	if got := attrs(n); got != want {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func wantContains(t *testing.T, x *XForm, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !bytes.Contains(x.XML, []byte(p)) {
			t.Errorf("the XForm does not contain %s\n%s", p, x.XML)
		}
	}
}

func TestDocumentSkeleton(t *testing.T) {
	x, _ := convert(t,
		survey(row("type", "name", "label"), row("text", "name", "Your name")),
		settings(row("form_id", "form_title", "version", "instance_name"), row("screening", "Screening", "2024-05", "concat('S-', ${name})")))
	d := parseDoc(t, x.XML)
	if !bytes.HasPrefix(x.XML, []byte(`<?xml version="1.0"?>`+"\n"+`<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:ev="http://www.w3.org/2001/xml-events" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms" xmlns:orx="http://openrosa.org/xforms" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`)) {
		t.Errorf("declaration and namespaces:\n%s", x.XML[:400])
	}
	if got := d.root.child("h:head").child("h:title").text; got != "Screening" {
		t.Errorf("title %q", got)
	}
	wantAttrs(t, "model", d.model, `odk:xforms-version="1.0.0"`)
	wantAttrs(t, "primary instance root", d.primary, `id="screening" version="2024-05"`)
	if d.primary.name != "data" {
		t.Errorf("root element %s, want data", d.primary.name)
	}
	meta := d.primary.child("meta")
	if meta == nil || len(meta.kids) != 2 || meta.kids[0].name != "instanceID" || meta.kids[1].name != "instanceName" {
		t.Fatalf("meta block: %+v", meta)
	}
	wantAttrs(t, "instanceID bind", d.binds["/data/meta/instanceID"], `jr:preload="uid" nodeset="/data/meta/instanceID" readonly="true()" type="string"`)
	wantAttrs(t, "instanceName bind", d.binds["/data/meta/instanceName"], `calculate="concat('S-',  /data/name )" nodeset="/data/meta/instanceName" type="string"`)
	wantAttrs(t, "text bind", d.binds["/data/name"], `nodeset="/data/name" type="string"`)
	wantAttrs(t, "input", d.controls["/data/name"], `ref="/data/name"`)
	if d.model.child("itext") != nil || d.model.child("submission") != nil {
		t.Error("a form without translations or submission settings has itext or submission")
	}
	if d.controls["/data/meta/instanceID"] != nil {
		t.Error("the meta block has a body control")
	}
}

func TestHash(t *testing.T) {
	sum := md5.Sum([]byte("<h:html/>"))
	if got, want := Hash([]byte("<h:html/>")), "md5:"+hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
	f := readForm(t, survey(row("type", "name", "label"), row("integer", "age", "Age")))
	a, err := Convert(f)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		b, err := Convert(f)
		if err != nil || !bytes.Equal(a.XML, b.XML) || a.Hash != b.Hash {
			t.Fatal("the same form gave different bytes")
		}
	}
	if !strings.HasPrefix(a.Hash, "md5:") || len(a.Hash) != 36 {
		t.Errorf("Hash %q", a.Hash)
	}
}

func TestTypesBindsAndControls(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "parameters"),
		row("text", "t", "T", "rows=3"),
		row("integer", "i", "I", ""),
		row("decimal", "dec", "D", ""),
		row("date", "d", "D", ""),
		row("time", "tm", "T", ""),
		row("dateTime", "dt", "DT", ""),
		row("geopoint", "gp", "G", "capture-accuracy=5 warning-accuracy=20 allow-mock-accuracy=true"),
		row("geotrace", "gt", "G", "incremental=true"),
		row("barcode", "bc", "B", ""),
		row("range", "r", "R", "start=0 end=10 step=2"),
		row("image", "img", "Photo", "max-pixels=1024"),
		row("audio", "aud", "Audio", "quality=voice-only"),
		row("video", "vid", "Video", ""),
		row("file", "fil", "File", ""),
		row("hidden", "h", "", ""),
	))
	d := parseDoc(t, x.XML)
	for _, c := range []struct{ path, bind, control string }{
		{"/data/t", `nodeset="/data/t" type="string"`, `ref="/data/t" rows="3"`},
		{"/data/i", `nodeset="/data/i" type="int"`, `ref="/data/i"`},
		{"/data/dec", `nodeset="/data/dec" type="decimal"`, `ref="/data/dec"`},
		{"/data/d", `nodeset="/data/d" type="date"`, `ref="/data/d"`},
		{"/data/tm", `nodeset="/data/tm" type="time"`, `ref="/data/tm"`},
		{"/data/dt", `nodeset="/data/dt" type="dateTime"`, `ref="/data/dt"`},
		{"/data/gp", `nodeset="/data/gp" odk:allow-mock-accuracy="true" type="geopoint"`, `accuracyThreshold="5" ref="/data/gp" unacceptableAccuracyThreshold="20"`},
		{"/data/gt", `nodeset="/data/gt" type="geotrace"`, `incremental="true" ref="/data/gt"`},
		{"/data/bc", `nodeset="/data/bc" type="barcode"`, `ref="/data/bc"`},
		{"/data/r", `nodeset="/data/r" type="int"`, `end="10" ref="/data/r" start="0" step="2"`},
		{"/data/img", `nodeset="/data/img" orx:max-pixels="1024" type="binary"`, `mediatype="image/*" ref="/data/img"`},
		{"/data/aud", `nodeset="/data/aud" odk:quality="voice-only" type="binary"`, `mediatype="audio/*" ref="/data/aud"`},
		{"/data/vid", `nodeset="/data/vid" type="binary"`, `mediatype="video/*" ref="/data/vid"`},
		{"/data/fil", `nodeset="/data/fil" type="binary"`, `mediatype="application/*" ref="/data/fil"`},
	} {
		wantAttrs(t, c.path+" bind", d.binds[c.path], c.bind)
		wantAttrs(t, c.path+" control", d.controls[c.path], c.control)
	}
	tags := map[string]string{"/data/t": "input", "/data/gp": "input", "/data/r": "range", "/data/img": "upload", "/data/fil": "upload"}
	for p, tag := range tags {
		if d.controls[p].name != tag {
			t.Errorf("%s: <%s>, want <%s>", p, d.controls[p].name, tag)
		}
	}
	wantAttrs(t, "hidden bind", d.binds["/data/h"], `nodeset="/data/h" type="string"`)
	if d.controls["/data/h"] != nil {
		t.Error("a hidden question has a body control")
	}
}

func TestMetadataPreloads(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label"),
		row("start", "start", ""),
		row("end", "end", ""),
		row("today", "today", ""),
		row("deviceid", "deviceid", ""),
		row("username", "username", ""),
		row("start-geopoint", "where", ""),
		row("audit", "", ""),
		row("text", "q", "Q"),
	))
	d := parseDoc(t, x.XML)
	for p, want := range map[string]string{
		"/data/start":      `jr:preload="timestamp" jr:preloadParams="start" nodeset="/data/start" type="dateTime"`,
		"/data/end":        `jr:preload="timestamp" jr:preloadParams="end" nodeset="/data/end" type="dateTime"`,
		"/data/today":      `jr:preload="date" jr:preloadParams="today" nodeset="/data/today" type="date"`,
		"/data/deviceid":   `jr:preload="property" jr:preloadParams="deviceid" nodeset="/data/deviceid" type="string"`,
		"/data/username":   `jr:preload="property" jr:preloadParams="username" nodeset="/data/username" type="string"`,
		"/data/where":      `nodeset="/data/where" type="geopoint"`,
		"/data/meta/audit": `nodeset="/data/meta/audit" type="binary"`,
	} {
		wantAttrs(t, p, d.binds[p], want)
		if d.controls[p] != nil {
			t.Errorf("%s has a body control", p)
		}
	}
	wantContains(t, x, `<bind nodeset="/data/where" type="geopoint"/>`+"\n      "+`<odk:setgeopoint event="odk-instance-first-load" ref="/data/where"/>`)
	if meta := d.primary.child("meta"); meta.kids[0].name != "audit" || meta.kids[1].name != "instanceID" {
		t.Errorf("meta block order: %s, %s; pyxform puts the audit first", meta.kids[0].name, meta.kids[1].name)
	}
	if d.primary.child("audit") != nil {
		t.Error("the audit is outside the meta block")
	}
}

func TestGroupsAndFieldList(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "relevant", "appearance"),
		row("integer", "age", "Age", "", ""),
		row("begin group", "household", "Household", "${age} >= 18", "field-list"),
		row("text", "head", "Head of household", "", ""),
		row("begin group", "inner", "", "", ""),
		row("note", "n", "Inside: ${head}", "", ""),
		row("end group", "", "", "", ""),
		row("end group", "", "", "", ""),
	))
	d := parseDoc(t, x.XML)
	g := d.controls["/data/household"]
	wantAttrs(t, "group", g, `appearance="field-list" ref="/data/household"`)
	if g.kids[0].name != "label" || g.kids[0].text != "Household" {
		t.Errorf("group label: %+v", g.kids[0])
	}
	wantAttrs(t, "group bind", d.binds["/data/household"], `nodeset="/data/household" relevant=" /data/age  >= 18"`)
	if d.binds["/data/household/inner"] != nil {
		t.Error("a group without bind columns has a bind")
	}
	inner := d.controls["/data/household/inner"]
	if inner == nil || inner.child("label") != nil {
		t.Errorf("unlabelled group: %+v", inner)
	}
	wantAttrs(t, "note bind", d.binds["/data/household/inner/n"], `nodeset="/data/household/inner/n" readonly="true()" type="string"`)
	if got := inner.child("input").child("label").inner; got != `Inside: <output value=" /data/household/head "></output>` {
		t.Errorf("note label with output: %s", got)
	}
	if d.primary.child("household").child("inner").child("n") == nil {
		t.Error("groups do not nest in the instance")
	}
}

func TestRepeatsCountAndRelativePaths(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "repeat_count", "relevant", "calculation", "constraint"),
		row("integer", "members", "How many?", "", "", "", ""),
		row("begin repeat", "member", "Member", "${members}", "", "", ""),
		row("text", "mname", "Name", "", "", "", ""),
		row("integer", "mage", "Age of ${mname}", "", "", "", ". < ${members} * 100"),
		row("begin group", "work", "Work", "", "${mage} >= 15", "", ""),
		row("begin repeat", "job", "Job", "", "", "", ""),
		row("text", "employer", "Employer of ${mname}", "", "", "", ""),
		row("end repeat", "", "", "", "", "", ""),
		row("end group", "", "", "", "", "", ""),
		row("end repeat", "", "", "", "", "", ""),
		row("begin repeat", "visit", "Visit", "${members} + 1", "", "", ""),
		row("calculate", "pos", "", "", "", "position(..)", ""),
		row("end repeat", "", "", "", "", "", ""),
		row("calculate", "n_members", "", "", "", "count(${member})", ""),
	))
	d := parseDoc(t, x.XML)
	wantAttrs(t, "repeat", d.controls["/data/member"], `jr:count=" /data/members " nodeset="/data/member"`)
	g := d.body.kids[1]
	if g.name != "group" || g.attrs["ref"] != "/data/member" || g.kids[0].name != "label" || g.kids[1].name != "repeat" {
		t.Errorf("a repeat is written as <group ref><label/><repeat>: %s %v", g.name, g.attrs)
	}
	// Inside the repeat, references to the same repeat instance are
	// relative; those outside stay absolute.
	if got := d.controls["/data/member/mage"].child("label").inner; got != `Age of <output value=" ../mname "></output>` {
		t.Errorf("label output in a repeat: %s", got)
	}
	wantAttrs(t, "constraint", d.binds["/data/member/mage"], `constraint=". <  /data/members  * 100" nodeset="/data/member/mage" type="int"`)
	wantAttrs(t, "group relevant", d.binds["/data/member/work"], `nodeset="/data/member/work" relevant=" ../mage  >= 15"`)
	if got := d.controls["/data/member/work/job/employer"].child("label").inner; got != `Employer of <output value=" ../../../mname "></output>` {
		t.Errorf("nested repeat output: %s", got)
	}
	wantAttrs(t, "count outside", d.binds["/data/n_members"], `calculate="count( /data/member )" nodeset="/data/n_members" type="string"`)
	// An expression as repeat_count becomes a generated calculate.
	wantAttrs(t, "generated count", d.binds["/data/visit_count"], `calculate=" /data/members  + 1" nodeset="/data/visit_count" readonly="true()" type="string"`)
	wantAttrs(t, "repeat with computed count", d.controls["/data/visit"], `jr:count=" /data/visit_count " nodeset="/data/visit"`)
	// Templates: the first instance of a repeat is preceded by its
	// jr:template. As in pyxform, a repeat nested in a group of the
	// template gets a template and an instance there, and only an instance
	// in the first instance.
	var names []string
	for _, k := range d.primary.kids {
		s := k.name
		if _, ok := k.attrs["jr:template"]; ok {
			s += "[template]"
		}
		names = append(names, s)
	}
	if got := strings.Join(names, " "); got != "members member[template] member visit_count visit[template] visit n_members meta" {
		t.Errorf("instance children: %s", got)
	}
	tpl := d.primary.kids[1].child("work").all("job")
	inst := d.primary.kids[2].child("work").all("job")
	if len(tpl) != 2 || tpl[0].attrs["jr:template"] != "" || len(inst) != 1 {
		t.Errorf("nested repeat: %d in the template, %d in the first instance", len(tpl), len(inst))
	}
	if _, ok := inst[0].attrs["jr:template"]; ok {
		t.Error("the nested repeat of the first instance is a template")
	}
}

func TestChoiceListsAndFilters(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label", "choice_filter", "parameters"),
			row("select_one division", "division", "Division", "", ""),
			row("select_one district", "district", "District", "division=${division}", ""),
			row("select_multiple skills", "skills", "Skills", "", "randomize=true seed=${seed}"),
			row("integer", "seed", "Seed", "", ""),
			row("begin repeat", "trip", "Trip", "", ""),
			row("select_one division", "from_div", "From", "", ""),
			row("select_one district", "from_dist", "District", "division=${from_div}", ""),
			row("end repeat", "", "", "", ""),
		),
		choices(
			row("list_name", "name", "label", "division"),
			row("division", "dhaka", "Dhaka", ""),
			row("division", "sylhet", "Sylhet", ""),
			row("district", "gazipur", "Gazipur", "dhaka"),
			row("district", "moulvibazar", "Moulvibazar", "sylhet"),
			row("skills", "driving", "Driving", ""),
			row("skills", "sewing", "Sewing", ""),
			row("unused", "x", "X", ""),
		))
	d := parseDoc(t, x.XML)
	is := func(p string) *xnode { return d.controls[p].child("itemset") }
	wantAttrs(t, "plain list", is("/data/division"), `nodeset="instance('division')/root/item"`)
	wantAttrs(t, "value", is("/data/division").child("value"), `ref="name"`)
	wantAttrs(t, "label", is("/data/division").child("label"), `ref="label"`)
	wantAttrs(t, "filter", is("/data/district"), `nodeset="instance('district')/root/item[division= /data/division ]"`)
	wantAttrs(t, "filter in repeat", is("/data/trip/from_dist"), `nodeset="instance('district')/root/item[division= current()/../from_div ]"`)
	wantAttrs(t, "randomize", is("/data/skills"), `nodeset="randomize(instance('skills')/root/item, /data/seed)"`)
	if d.controls["/data/skills"].name != "select" || d.controls["/data/division"].name != "select1" {
		t.Error("select_multiple is not <select>, or select_one not <select1>")
	}
	// Every list of the choices sheet is a secondary instance (pyxform
	// 4), with its extra columns.
	for _, id := range []string{"division", "district", "skills", "unused"} {
		if d.instances[id] == nil {
			t.Errorf("no instance %q", id)
		}
	}
	item := d.instances["district"].child("root").kids[0]
	var got []string
	for _, k := range item.kids {
		got = append(got, k.name+"="+k.text)
	}
	if strings.Join(got, " ") != "name=gazipur label=Gazipur division=dhaka" {
		t.Errorf("item: %s", got)
	}
}

func TestTranslations(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label::English (en)", "label::Bangla (bn)", "hint::English (en)", "hint::Bangla (bn)",
				"constraint", "constraint_message::English (en)", "constraint_message::Bangla (bn)", "required", "required_message", "guidance_hint"),
			row("integer", "age", "Age", "বয়স", "In years", "বছরে", ". < 120", "Too old: ${age}", "বয়স বেশি", "yes", "Required", "Ask for the ID card"),
			row("select_one yn", "returned", "Returned?", "ফিরেছেন?", "", "", "", "", "", "", "", ""),
			row("note", "only_en", "English only", "", "", "", "", "", "", "", "", ""),
		),
		choices(
			row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "image"),
			row("yn", "yes", "Yes", "হ্যাঁ", "yes.png"),
			row("yn", "no", "No", "", ""),
		),
		settings(row("default_language"), row("English (en)")))
	d := parseDoc(t, x.XML)
	if len(d.itext) != 2 || d.itext["English (en)"] == nil || d.itext["Bangla (bn)"] == nil {
		t.Fatalf("translations: %v", keysOf(d.itext))
	}
	trs := d.model.child("itext").all("translation")
	wantAttrs(t, "first translation", trs[0], `default="true()" lang="English (en)"`)
	wantAttrs(t, "second translation", trs[1], `lang="Bangla (bn)"`)
	val := func(lang, id, form string) string {
		t.Helper()
		tx := d.itext[lang][id]
		if tx == nil {
			t.Fatalf("no text %s in %s", id, lang)
		}
		for _, v := range tx.all("value") {
			if v.attrs["form"] == form {
				return inner(v)
			}
		}
		return "<none>"
	}
	for _, c := range []struct{ lang, id, form, want string }{
		{"Bangla (bn)", "/data/age:label", "", "বয়স"},
		{"English (en)", "/data/age:hint", "", "In years"},
		{"English (en)", "/data/age:hint", "guidance", "Ask for the ID card"},
		{"Bangla (bn)", "/data/age:hint", "guidance", "-"},
		{"English (en)", "/data/age:jr:constraintMsg", "", `Too old: <output value=" /data/age "></output>`},
		{"Bangla (bn)", "/data/age:jr:constraintMsg", "", "বয়স বেশি"},
		{"Bangla (bn)", "yn-0", "", "হ্যাঁ"},
		{"English (en)", "yn-0", "image", "jr://images/yes.png"},
		{"Bangla (bn)", "yn-0", "image", "<none>"}, // the plain image column is the default language's
		{"Bangla (bn)", "yn-1", "", "-"},
		{"English (en)", "yn-1", "image", "<none>"},
	} {
		if got := val(c.lang, c.id, c.form); got != c.want {
			t.Errorf("%s %s form %q = %q, want %q", c.lang, c.id, c.form, got, c.want)
		}
	}
	wantAttrs(t, "bind", d.binds["/data/age"], `constraint=". < 120" jr:constraintMsg="jr:itext('/data/age:jr:constraintMsg')" jr:requiredMsg="Required" nodeset="/data/age" required="true()" type="int"`)
	wantAttrs(t, "label", d.controls["/data/age"].child("label"), `ref="jr:itext('/data/age:label')"`)
	wantAttrs(t, "hint", d.controls["/data/age"].child("hint"), `ref="jr:itext('/data/age:hint')"`)
	wantAttrs(t, "choice label", d.controls["/data/returned"].child("itemset").child("label"), `ref="jr:itext(itextId)"`)
	if got := d.instances["yn"].child("root").kids[0].child("itextId").text; got != "yn-0" {
		t.Errorf("itextId %q", got)
	}
	if d.instances["yn"].child("root").kids[0].child("label") != nil {
		t.Error("translated choices also carry an inline label")
	}
	// A text written in the default language only stays inline.
	if got := d.controls["/data/only_en"].child("label").text; got != "English only" {
		t.Errorf("untranslated label: %q", got)
	}
	if x.MediaFiles[0] != "yes.png" || len(x.MediaFiles) != 1 {
		t.Errorf("media files %v", x.MediaFiles)
	}
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestOrOther(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label"),
			row("select_one colour or_other", "colour", "Colour"),
			row("select_multiple colour", "also", "Also"),
		),
		choices(row("list_name", "name", "label"), row("colour", "red", "Red"), row("colour", "blue", "Blue")))
	d := parseDoc(t, x.XML)
	items := d.instances["colour"].child("root").all("item")
	if len(items) != 3 || items[2].child("name").text != "other" || items[2].child("label").text != "Other" {
		t.Fatalf("the list gets an 'other' choice: %d items", len(items))
	}
	wantAttrs(t, "specify other", d.binds["/data/colour_other"], `nodeset="/data/colour_other" relevant="selected(../colour, 'other')" type="string"`)
	if got := d.controls["/data/colour_other"].child("label").text; got != "Specify other." {
		t.Errorf("label %q", got)
	}
	if d.body.kids[1].attrs["ref"] != "/data/colour_other" {
		t.Error("the 'specify other' question does not follow its select")
	}
}

func TestOrOtherTranslated(t *testing.T) {
	x, _ := convert(t,
		survey(row("type", "name", "label::en", "label::bn"), row("select_one c or_other", "c", "C", "সি")),
		choices(row("list_name", "name", "label::en", "label::bn"), row("c", "a", "A", "এ")))
	d := parseDoc(t, x.XML)
	for _, lang := range []string{"en", "bn"} {
		if got := inner(d.itext[lang]["c-1"].child("value")); got != "Other" {
			t.Errorf("%s: other choice label %q", lang, got)
		}
	}
}

func TestNotesCalculatesAndDefaults(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "calculation", "default", "read_only"),
		row("integer", "income", "Income", "", "0", ""),
		row("calculate", "yearly", "", "${income} * 12", "", ""),
		row("note", "show", "Yearly: ${yearly}", "", "", ""),
		row("date", "visit", "Visit date", "", "today()", ""),
		row("text", "code", "Code", "concat('C', ${income})", "", "yes"),
		row("image", "photo", "Photo", "", "placeholder.png", ""),
	))
	d := parseDoc(t, x.XML)
	wantAttrs(t, "calculate", d.binds["/data/yearly"], `calculate=" /data/income  * 12" nodeset="/data/yearly" type="string"`)
	if d.controls["/data/yearly"] != nil {
		t.Error("a calculate has a body control")
	}
	if got := d.primary.child("income").text; got != "0" {
		t.Errorf("literal default %q", got)
	}
	if got := d.primary.child("photo").text; got != "jr://images/placeholder.png" {
		t.Errorf("image default %q", got)
	}
	if got := d.primary.child("visit").text; got != "" {
		t.Errorf("a dynamic default is in the instance: %q", got)
	}
	wantContains(t, x, `<setvalue event="odk-instance-first-load" ref="/data/visit" value="today()"/>`)
	wantAttrs(t, "calculated text", d.binds["/data/code"], `calculate="concat('C',  /data/income )" nodeset="/data/code" readonly="true()" type="string"`)
	if d.controls["/data/code"] == nil {
		t.Error("a labelled question with a calculation has no control")
	}
	if x.MediaFiles[0] != "placeholder.png" {
		t.Errorf("media %v", x.MediaFiles)
	}
}

func TestDynamicDefaultInRepeat(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "default"),
		row("begin repeat", "r", "R", ""),
		row("date", "when", "When", "today()"),
		row("begin repeat", "inner", "Inner", ""),
		row("integer", "n", "N", "position(..)"),
		row("end repeat", "", "", ""),
		row("end repeat", "", "", ""),
	))
	d := parseDoc(t, x.XML)
	wantContains(t, x, `<setvalue event="odk-instance-first-load" ref="/data/r/when" value="today()"/>`)
	var inOuter, inInner []string
	for _, k := range d.controls["/data/r"].all("setvalue") {
		inOuter = append(inOuter, attrs(k))
	}
	for _, k := range d.controls["/data/r/inner"].all("setvalue") {
		inInner = append(inInner, attrs(k))
	}
	if len(inOuter) != 1 || inOuter[0] != `event="odk-new-repeat" ref="/data/r/when" value="today()"` {
		t.Errorf("outer repeat setvalues: %v", inOuter)
	}
	if len(inInner) != 1 || inInner[0] != `event="odk-new-repeat" ref="/data/r/inner/n" value="position(..)"` {
		t.Errorf("inner repeat setvalues: %v", inInner)
	}
}

func TestConstraintsAndMessages(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "constraint", "constraint_message", "required", "required_message"),
		row("integer", "a", "A", ". >= 0 and . <= 100", "Between 0 & 100", "${b} > 1", "Needed when b > 1"),
		row("integer", "b", "B", ". != ${a}", "Must differ from ${a}", "", ""),
	))
	d := parseDoc(t, x.XML)
	wantAttrs(t, "a", d.binds["/data/a"], `constraint=". >= 0 and . <= 100" jr:constraintMsg="Between 0 & 100" jr:requiredMsg="Needed when b > 1" nodeset="/data/a" required=" /data/b  > 1" type="int"`)
	wantAttrs(t, "b", d.binds["/data/b"], `constraint=". !=  /data/a " jr:constraintMsg="jr:itext('/data/b:jr:constraintMsg')" nodeset="/data/b" type="int"`)
	if got := inner(d.itext["default"]["/data/b:jr:constraintMsg"].child("value")); got != `Must differ from <output value=" /data/a "></output>` {
		t.Errorf("message with a reference lives in itext: %s", got)
	}
	wantContains(t, x, `constraint=". &gt;= 0 and . &lt;= 100"`, `jr:constraintMsg="Between 0 &amp; 100"`)
}

func TestAcknowledge(t *testing.T) {
	x, _ := convert(t, survey(row("type", "name", "label", "hint"), row("acknowledge", "consent", "I agree", "Read it out")))
	d := parseDoc(t, x.XML)
	c := d.controls["/data/consent"]
	if c.name != "trigger" || c.child("label").text != "I agree" || c.child("hint").text != "Read it out" {
		t.Errorf("acknowledge: <%s> %+v", c.name, c.kids)
	}
	wantAttrs(t, "bind", d.binds["/data/consent"], `nodeset="/data/consent" type="string"`)
}

func TestTriggerColumn(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "calculation", "trigger"),
		row("integer", "weight", "Weight", "", ""),
		row("decimal", "bmi", "BMI", "${weight} div 4", "${weight}"),
		row("dateTime", "changed", "", "now()", "${weight}"),
	))
	d := parseDoc(t, x.XML)
	var sv []string
	for _, k := range d.controls["/data/weight"].all("setvalue") {
		sv = append(sv, attrs(k))
	}
	if strings.Join(sv, "|") != `event="xforms-value-changed" ref="/data/bmi" value=" /data/weight  div 4"|event="xforms-value-changed" ref="/data/changed" value="now()"` {
		t.Errorf("setvalues: %v", sv)
	}
	wantAttrs(t, "triggered bind has no calculate", d.binds["/data/bmi"], `nodeset="/data/bmi" type="decimal"`)
	if d.controls["/data/changed"] != nil {
		t.Error("an unlabelled triggered question has a control")
	}
	ps := refuse(t, survey(
		row("type", "name", "label", "calculation", "trigger"),
		row("calculate", "hidden_src", "", "1", ""),
		row("integer", "x", "X", "2", "${hidden_src}"),
	))
	wantProblem(t, ps, 3, "trigger", `Question "x"`, "${hidden_src} is not shown")
}

func TestTableList(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label", "hint", "appearance"),
			row("begin group", "tbl", "Services used", "One row each", "table-list"),
			row("select_one yn", "health", "Health", "", ""),
			row("select_one yn", "school", "School", "", ""),
			row("end group", "", "", "", ""),
		),
		choices(row("list_name", "name", "label"), row("yn", "yes", "Yes"), row("yn", "no", "No")))
	d := parseDoc(t, x.XML)
	g := d.controls["/data/tbl"]
	wantAttrs(t, "group", g, `appearance="field-list" ref="/data/tbl"`)
	var got []string
	for _, k := range g.kids {
		got = append(got, k.name+" "+k.attrs["ref"]+" "+k.attrs["appearance"])
	}
	want := "input /data/tbl/generated_table_list_label_2 |select1 /data/tbl/reserved_name_for_field_list_labels_3 label|select1 /data/tbl/health list-nolabel|select1 /data/tbl/school list-nolabel"
	if strings.Join(got, "|") != want {
		t.Errorf("table-list body:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	note := d.controls["/data/tbl/generated_table_list_label_2"]
	if note.child("label").text != "Services used" || note.child("hint").text != "One row each" {
		t.Error("the group's label and hint do not move to the generated note")
	}
	wantContains(t, x, `<select1 appearance="label" ref="/data/tbl/reserved_name_for_field_list_labels_3">`+"\n        <label></label>")
}

func TestSelectFromRepeatAndFiles(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "choice_filter", "calculation"),
		row("begin repeat", "member", "Member", "", ""),
		row("text", "mname", "Name", "", ""),
		row("end repeat", "", "", "", ""),
		row("select_one ${mname}", "head", "Head of household", "", ""),
		row("select_one ${mname}", "adult", "An adult", "starts-with(${mname}, 'A')", ""),
		row("select_one_from_file villages.csv", "village", "Village", "", ""),
		row("select_multiple_from_file places.geojson", "place", "Place", "", ""),
		row("calculate", "price", "", "", "pulldata('prices', 'price', 'item', 'rice')"),
		row("xml-external", "lookup", "", "", ""),
	))
	d := parseDoc(t, x.XML)
	is := func(p string) *xnode { return d.controls[p].child("itemset") }
	wantAttrs(t, "from repeat", is("/data/head"), `nodeset="/data/member[./mname != '']"`)
	wantAttrs(t, "from repeat value", is("/data/head").child("value"), `ref="mname"`)
	wantAttrs(t, "filtered from repeat", is("/data/adult"), `nodeset="/data/member[starts-with( ./mname , 'A')]"`)
	wantAttrs(t, "from csv", is("/data/village"), `nodeset="instance('villages')/root/item"`)
	wantAttrs(t, "from geojson", is("/data/place").child("value"), `ref="id"`)
	wantAttrs(t, "from geojson label", is("/data/place").child("label"), `ref="title"`)
	for id, src := range map[string]string{"villages": "jr://file-csv/villages.csv", "places": "jr://file/places.geojson",
		"prices": "jr://file-csv/prices.csv", "lookup": "jr://file/lookup.xml"} {
		wantAttrs(t, id, d.instances[id], fmt.Sprintf(`id=%q src=%q`, id, src))
	}
	if got := strings.Join(x.MediaFiles, " "); got != "lookup.xml places.geojson prices.csv villages.csv" {
		t.Errorf("media files: %s", got)
	}
	if d.primary.child("lookup") != nil || d.binds["/data/lookup"] != nil {
		t.Error("xml-external has an instance node or a bind")
	}
}

func TestXMLEscapingAndMixedContent(t *testing.T) {
	x, _ := convert(t, survey(
		row("type", "name", "label", "hint"),
		row("text", "a", `Fish & chips <b>"bold"</b>`, "Line one\nline two"),
		row("note", "b", "${a} < 5 & ${a} > 1", ""),
	))
	wantContains(t, x,
		`<label>Fish &amp; chips &lt;b&gt;"bold"&lt;/b&gt;</label>`,
		"<hint>Line one\nline two</hint>",
		`<label><output value=" /data/a "/> &lt; 5 &amp; <output value=" /data/a "/> &gt; 1</label>`)
}

func TestSettingsAttributes(t *testing.T) {
	x, _ := convert(t,
		survey(row("type", "name", "label", "bind::odk:length", "body::esri:style", "instance::odk:tag"), row("text", "a", "A", "10", "wide", "ta")),
		settings(row("form_id", "submission_url", "public_key", "style", "namespaces", "auto_send", "name"),
			row("f1", "https://remaker.example/submission", "MIIBIjANBgkq", "pages", `esri="http://esri.com/xforms"`, "true", "record")))
	d := parseDoc(t, x.XML)
	wantAttrs(t, "submission", d.model.child("submission"), `action="https://remaker.example/submission" base64RsaPublicKey="MIIBIjANBgkq" method="post" orx:auto-send="true"`)
	wantAttrs(t, "body", d.body, `class="pages"`)
	if d.primary.name != "record" {
		t.Errorf("root name %s", d.primary.name)
	}
	wantContains(t, x, `xmlns:esri="http://esri.com/xforms"`)
	wantAttrs(t, "bind:: column", d.binds["/record/a"], `nodeset="/record/a" odk:length="10" type="string"`)
	wantAttrs(t, "body:: column", d.controls["/record/a"], `esri:style="wide" ref="/record/a"`)
	wantAttrs(t, "instance:: column", d.primary.child("a"), `odk:tag="ta"`)
}

func TestFlatSetting(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label", "relevant"),
			row("integer", "age", "Age", ""),
			row("begin group", "g", "G", "${age} > 1"),
			row("text", "q", "Q", "${age} < 9"),
			row("end group", "", "", ""),
		),
		settings(row("flat"), row("yes")))
	d := parseDoc(t, x.XML)
	wantAttrs(t, "flattened relevant", d.binds["/data/q"], `nodeset="/data/q" relevant=" /data/age  > 1 and ( /data/age  < 9)" type="string"`)
	if d.primary.child("g") != nil || d.binds["/data/g"] != nil {
		t.Error("a flat group has an instance node or a bind")
	}
	g := d.body.kids[1]
	if g.name != "group" || g.attrs["ref"] != "" || g.child("input").attrs["ref"] != "/data/q" {
		t.Errorf("flat group body: %s %v", g.name, g.attrs)
	}
	// Flattening must not put two elements of one name side by side.
	ps := refuse(t,
		survey(row("type", "name", "label"),
			row("begin group", "g1", "G1"), row("text", "q", "Q"), row("end group", "", ""),
			row("begin group", "g2", "G2"), row("text", "q", "Q"), row("end group", "", "")),
		settings(row("flat"), row("yes")))
	wantProblem(t, ps, 6, "name", `Question "q"`, "two elements /data/q", "row 3")
}

func TestNotesForGroupHints(t *testing.T) {
	f := readForm(t, survey(row("type", "name", "label", "hint"),
		row("begin group", "g", "G", "About the household"), row("text", "q", "Q", ""), row("end group", "", "", "")))
	x, err := Convert(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Notes) != 1 || x.Notes[0].Row != 2 || x.Notes[0].Column != "hint" || !strings.Contains(x.Notes[0].Message, `Group "g"`) {
		t.Errorf("notes: %+v", x.Notes)
	}
	if bytes.Contains(x.XML, []byte("About the household")) {
		t.Error("a group hint is in the XForm")
	}
}

func TestRefusals(t *testing.T) {
	ps := refuse(t,
		survey(row("type", "name", "label", "appearance", "parameters"),
			row("begin repeat", "r", "R", "", ""), row("text", "a", "A", "", ""), row("end repeat", "", "", "", ""),
			row("range", "rg", "Range", "", "start=0 end=10 step=1 tick_interval=2"),
			row("select_one l", "s", "S", "search('fruits')", ""),
			row("text", "r_count", "Clash", "", ""),
		),
		choices(row("list_name", "name", "label"), row("l", "x", "X")),
		settings(row("flat", "add_none_option"), row("yes", "yes")))
	wantProblem(t, ps, 2, "type", `Repeat "r"`, "flat")
	wantProblem(t, ps, 5, "parameters", `Question "rg"`, "tick_interval")
	wantProblem(t, ps, 6, "appearance", `Question "s"`, "search()")
	wantProblem(t, ps, 2, "add_none_option", "add_none_option")

	ps = refuse(t, survey(row("type", "name", "label", "repeat_count"),
		row("integer", "n", "N", ""),
		row("begin repeat", "r", "R", "${n} + 1"), row("text", "a", "A", ""), row("end repeat", "", "", ""),
		row("text", "r_count", "Clash", "")))
	wantProblem(t, ps, 3, "repeat_count", `Repeat "r"`, `"r_count"`, "row 6")

	ps = refuse(t, survey(row("type", "name", "label", "bind::foo:bar", "body::ref"), row("text", "a", "A", "1", "/x")))
	wantProblem(t, ps, 2, "bind::foo:bar", `Question "a"`, `prefix "foo"`)
	wantProblem(t, ps, 2, "body::ref", `Question "a"`, "path")

	ps = refuse(t, survey(row("type", "name", "label"), row("select_one_external city", "city", "City")),
		sheet{"external_choices", [][]any{row("list_name", "name", "label"), row("city", "dhaka", "Dhaka")}})
	wantProblem(t, ps, 2, "choice_filter", `Question "city"`, "choice_filter")
}

// An invalid expression reaching the converter (from a reader run without
// expression checking) is reported against its question, not written.
func TestExpressionErrorsNameTheQuestion(t *testing.T) {
	f := readForm(t, survey(row("type", "name", "label"), row("integer", "a", "A")))
	f.Root.Children[0].Relevant = "1 +"
	_, err := Convert(f)
	if err == nil || !strings.Contains(err.Error(), `Question "a": the expression is not valid`) || !strings.Contains(err.Error(), `column "relevant"`) {
		t.Errorf("err = %v", err)
	}
}

func TestConvertNilForm(t *testing.T) {
	if _, err := Convert(nil); err == nil {
		t.Error("Convert(nil) succeeded")
	}
}

func TestRankExternalAndAuditParameters(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label", "choice_filter", "parameters"),
			row("rank prio", "prio", "Priorities", "", ""),
			row("text", "division", "Division", "", ""),
			row("select_one_external city", "city", "City", "division=${division}", ""),
			row("audit", "", "", "", "track-changes=true location-priority=balanced location-min-interval=60 location-max-age=120"),
		),
		choices(row("list_name", "name", "label"), row("prio", "work", "Work"), row("prio", "family", "Family")),
		sheet{"external_choices", [][]any{row("list_name", "name", "label", "division"), row("city", "dhaka", "Dhaka", "dhaka")}})
	d := parseDoc(t, x.XML)
	if c := d.controls["/data/prio"]; c.name != "odk:rank" || c.child("itemset") == nil {
		t.Errorf("rank control: <%s>", c.name)
	}
	wantAttrs(t, "rank bind", d.binds["/data/prio"], `nodeset="/data/prio" type="odk:rank"`)
	c := d.controls["/data/city"]
	if c.name != "input" {
		t.Errorf("select_one_external is <%s>, want <input>", c.name)
	}
	wantAttrs(t, "external select", c, `query="instance('city')/root/item[division= /data/division ]" ref="/data/city"`)
	if len(x.MediaFiles) != 1 || x.MediaFiles[0] != "itemsets.csv" {
		t.Errorf("media files %v: select_one_external reads itemsets.csv", x.MediaFiles)
	}
	wantAttrs(t, "audit", d.binds["/data/meta/audit"], `nodeset="/data/meta/audit" odk:location-max-age="120" odk:location-min-interval="60" odk:location-priority="balanced" odk:track-changes="true" type="binary"`)
}

func TestOmitInstanceIDAndGroupIntent(t *testing.T) {
	x, _ := convert(t,
		survey(row("type", "name", "label", "intent"),
			row("begin group", "ext", "External", "org.example.app"), row("text", "a", "A", ""), row("end group", "", "", "")),
		settings(row("omit_instanceID"), row("yes")))
	d := parseDoc(t, x.XML)
	if d.primary.child("meta") != nil {
		t.Error("a meta block without instanceID, instanceName or audit")
	}
	wantAttrs(t, "group with intent", d.controls["/data/ext"], `intent="org.example.app" ref="/data/ext"`)
}

// recorder collects what checkStructure reports, to show that it notices
// a broken XForm.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Error(a ...any)            { r.errs = append(r.errs, fmt.Sprint(a...)) }
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(f, a...))
	panic(r)
}
func (r *recorder) Fatal(a ...any) { r.errs = append(r.errs, fmt.Sprint(a...)); panic(r) }

func TestStructureCheckCatchesDamage(t *testing.T) {
	f := readForm(t,
		survey(row("type", "name", "label::en", "label::bn"), row("select_one yn", "q", "Q", "প্র"), row("integer", "n", "N", "এন")),
		choices(row("list_name", "name", "label::en", "label::bn"), row("yn", "yes", "Yes", "হ্যাঁ"), row("yn", "no", "No", "না")))
	good, err := Convert(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new, want string }{
		{"missing bind", `<bind nodeset="/data/n" type="int"/>`, ``, "no bind"},
		{"wrong type", `nodeset="/data/n" type="int"`, `nodeset="/data/n" type="string"`, "bind type"},
		{"missing control", `<input ref="/data/n">`, `<input ref="/data/other">`, "no body control"},
		{"reference left", `<value>N</value>`, `<value>${n}</value>`, "not rewritten"},
		{"missing choice", `<name>no</name>`, `<name>maybe</name>`, `choice "no" missing`},
		{"missing language", `lang="bn"`, `lang="fr"`, `no translation "bn"`},
		{"missing text", `<text id="/data/n:label">`, `<text id="/data/n:labelx">`, "has no text"},
		{"not well-formed", `</h:body>`, `</h:bdy>`, "not well-formed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := bytes.Replace(good.XML, []byte(c.old), []byte(c.new), 1)
			if bytes.Equal(bad, good.XML) {
				t.Fatalf("%q is not in the XForm", c.old)
			}
			r := &recorder{TB: t}
			func() {
				defer func() {
					if p := recover(); p != nil && p != any(r) {
						panic(p)
					}
				}()
				checkStructure(r, f, &XForm{XML: bad, Hash: Hash(bad)})
			}()
			if !strings.Contains(strings.Join(r.errs, "\n"), c.want) {
				t.Errorf("the check did not report %q; it reported %q", c.want, r.errs)
			}
		})
	}
}

func TestSelectFromSameRepeatAndInstancePredicates(t *testing.T) {
	x, _ := convert(t,
		survey(
			row("type", "name", "label", "calculation"),
			row("begin repeat", "member", "Member", ""),
			row("text", "mname", "Name", ""),
			row("select_one ${mname}", "carer", "Who cares for ${mname}?", ""),
			row("select_one district", "d", "District", ""),
			row("calculate", "dname", "", "instance('district')/root/item[name = ${d}]/label"),
			row("end repeat", "", "", ""),
		),
		choices(row("list_name", "name", "label"), row("district", "sylhet", "Sylhet")))
	d := parseDoc(t, x.XML)
	// The itemset reaches every instance of the repeat from inside one.
	wantAttrs(t, "select from the same repeat", d.controls["/data/member/carer"].child("itemset"), `nodeset="../../member[./mname != '']"`)
	// A reference in a predicate of a secondary instance needs current().
	wantAttrs(t, "instance predicate", d.binds["/data/member/dname"], `calculate="instance('district')/root/item[name =  current()/../d ]/label" nodeset="/data/member/dname" type="string"`)
}

func TestChoiceColumnsAndInstanceClashes(t *testing.T) {
	f := readForm(t,
		survey(row("type", "name", "label"), row("select_one l", "q", "Q")),
		choices(row("list_name", "name", "label", "1st"), row("l", "a", "A", "x")))
	x, err := Convert(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Notes) != 1 || x.Notes[0].Column != "1st" || !strings.Contains(x.Notes[0].Message, "cannot be the name of an XML element") {
		t.Errorf("notes %+v", x.Notes)
	}
	if bytes.Contains(x.XML, []byte("1st")) {
		t.Error("a choice column that cannot be an element name is in the XForm")
	}
	ps := refuse(t,
		survey(row("type", "name", "label"), row("select_one_from_file yn.csv", "a", "A"), row("select_one yn", "b", "B")),
		choices(row("list_name", "name", "label"), row("yn", "yes", "Yes")))
	wantProblem(t, ps, 2, "", `Question "a"`, `"yn"`, "jr://file-csv/yn.csv", "the choices sheet")
}
