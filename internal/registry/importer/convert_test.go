package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// today is fixed so that no test depends on the calendar.
var today = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func convert(t *testing.T, data string, opts ReadOptions) (*Table, Mapping, Result) {
	t.Helper()
	tab := mustRead(t, []byte(data), opts)
	m := Suggest(tab.Headers)
	if err := m.Check(len(tab.Headers)); err != nil {
		t.Fatalf("mapping %v: %v", m, err)
	}
	return tab, m, Convert(tab, m, Options{Today: today})
}

func TestSuggestEnglishAndBanglaHeaders(t *testing.T) {
	cases := map[string]string{
		"Name": "name", "নাম": "name", "Full Name": "name", "NAME (English)": "name_latin", "নাম (বাংলা)": "name_bn",
		"Mobile": "phones", "Mobile No.": "phones", "Phone 2": "phones", "মোবাইল নম্বর": "phones", "NID": "nid",
		"National ID No": "nid", "এনআইডি নং": "nid", "Destination country": "destination", "গন্তব্য দেশ": "destination",
		"Return date": "return_date", "Return date (DD/MM/YYYY)": "return_date", "ফেরার তারিখ": "return_date",
		"Date of Birth": "birth_date", "DOB": "birth_date", "জন্ম তারিখ": "birth_date", "Sex": "sex", "Gender": "sex",
		"লিঙ্গ": "sex", "Zila": "district", "জেলা": "district", "Upazila/Thana": "upazila", "Ref": "external_id",
		"Beneficiary ID": "external_id", "Migration cost (BDT)": "cost", "বয়স": "age", "Remarks": "", "SL": "",
		"": "", "Sex ": "sex", "গ্রাম": "village", "P-code": "pcode",
	}
	for h, want := range cases {
		if got := SuggestField(h); got != want {
			t.Errorf("SuggestField(%q) = %q, want %q", h, got, want)
		}
	}
	// A field fed by one column takes the first; phones may take several.
	m := Suggest([]string{"Name", "Mobile", "Name", "Phone 2", "Sex"})
	if !slices.Equal(m, Mapping{"name", "phones", "", "phones", "sex"}) {
		t.Errorf("Suggest = %v", m)
	}
	// The export's own headers, in either language, map back.
	for _, lang := range []string{"en", "bn"} {
		for i, h := range ExportHeaders(lang) {
			k := exportKeys[i]
			if got := SuggestField(h); got != k && !(got == "" && (k == "remaker_id" || k == "org" || k == "registered_on")) {
				t.Errorf("%s export header %q maps to %q, want %q", lang, h, got, k)
			}
		}
	}
}

func TestMappingCheck(t *testing.T) {
	for _, c := range []struct {
		m     Mapping
		field string
		msg   string
	}{
		{Mapping{"name", "name"}, "1", "already mapped"},
		{Mapping{"sex", "phones"}, "mapping", "name"},
		{Mapping{"name", "phones"}, "mapping", "Sex"},
		{Mapping{"name", "bogus"}, "1", "choose a field"},
	} {
		err := c.m.Check(len(c.m))
		if msg := app.ErrorFields(err)[c.field]; !strings.Contains(msg, c.msg) {
			t.Errorf("Check(%v): %v, want %s: ...%s...", c.m, err, c.field, c.msg)
		}
	}
	if err := (Mapping{"name", "sex", "phones", "phones", ""}).Check(5); err != nil {
		t.Errorf("good mapping: %v", err)
	}
	if err := (Mapping{"name", "sex"}).Check(3); err == nil {
		t.Error("a mapping of the wrong width passed")
	}
	m := Suggest([]string{"Name", "Sex", "Col"})
	if err := m.Override([]string{"Name", "Sex", "Col"}, map[string]string{"col": "village", "Name": ""}); err != nil || m[2] != "village" || m[0] != "" {
		t.Errorf("Override: %v %v", m, err)
	}
	if err := m.Override([]string{"Name", "Sex", "Col"}, map[string]string{"Nothing": "village"}); app.ErrorFields(err)["Nothing"] == "" {
		t.Errorf("Override of an unknown header: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]string{
		"2023-05-31": "2023-05-31", "31/05/2023": "2023-05-31", "31-05-2023": "2023-05-31", "31.05.2023": "2023-05-31",
		"1/5/2023": "2023-05-01", "৩১/০৫/২০২৩": "2023-05-31", "2023/05/31": "2023-05-31", "31 May 2023": "2023-05-31",
		"May 31, 2023": "2023-05-31", "31-May-2023": "2023-05-31", "31st May 2023": "2023-05-31", "৩১ মে ২০২৩": "2023-05-31",
		"45077": "2023-05-31", "45077.5": "2023-05-31", "32245": "1988-04-12", "2023-05-31 00:00:00": "2023-05-31",
		"2023-05-31T00:00:00Z": "2023-05-31", "05/2023": "2023-05-01", "May 2023": "2023-05-01", "1988": "1988-07-01",
		"29/02/2024": "2024-02-29", "1": "1900-01-01", "61": "1900-03-01",
	}
	for in, want := range good {
		d, msg := parseDate(in)
		if msg != "" || d.t.Format(time.DateOnly) != want {
			t.Errorf("parseDate(%q) = %s %q, want %s", in, d.t.Format(time.DateOnly), msg, want)
		}
	}
	bad := map[string]string{
		"31/05/23": msgDateYear, "05/31/2023": msgDateUS, "31/02/2023": msgDateNone, "yesterday": msgDate,
		"2023-13-01": msgDate, "": msgDate, "60": msgDateNone, "31 Foo 2023": msgDate, "12/12": msgDate,
		"1.2.3.4": msgDate, "-5": msgDate,
	}
	for in, want := range bad {
		if _, msg := parseDate(in); msg != want {
			t.Errorf("parseDate(%q): %q, want %q", in, msg, want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]struct {
		minor int64
		cur   string
	}{
		"350000": {35000000, ""}, "3,50,000": {35000000, ""}, "৩,৫০,০০০": {35000000, ""}, "3.5 lakh": {35000000, ""},
		"৩.৫ লাখ": {35000000, ""}, "Tk 350000": {35000000, "BDT"}, "350000/-": {35000000, ""}, "USD 2000": {200000, "USD"},
		"1,234.56": {123456, ""}, "35 হাজার টাকা": {3500000, "BDT"}, "-5": {-500, ""}, "3.5E5": {35000000, ""},
	} {
		minor, cur, msg := parseAmount(in)
		if msg != "" || minor != want.minor || cur != want.cur {
			t.Errorf("parseAmount(%q) = %d %q %q, want %d %q", in, minor, cur, msg, want.minor, want.cur)
		}
	}
	for _, in := range []string{"a lot", "3.5.5", "", "1e400"} {
		if _, _, msg := parseAmount(in); msg == "" {
			t.Errorf("parseAmount(%q) accepted", in)
		}
	}
}

func TestConvertFile(t *testing.T) {
	tab, m, res := convert(t, string(readFile(t, "people.csv")), ReadOptions{})
	if res.ProblemCount != 0 {
		t.Fatalf("problems: %+v", res.Problems)
	}
	if len(res.Rows) != 4 || res.Duplicates != 0 {
		t.Fatalf("%d rows, %d duplicates", len(res.Rows), res.Duplicates)
	}
	_ = tab
	_ = m
	rahim := res.Rows[0]
	p, e := rahim.Person, rahim.Episode
	if rahim.Row != 2 || p.NameLatin != "Md. Abdur Rahim" || p.NameBn != "মোঃ আব্দুর রহিম" || p.Sex != "male" ||
		p.BirthDate.Format(time.DateOnly) != "1988-04-12" || p.BirthEstimated || !slices.Equal(p.Phones, []string{"01711234567"}) ||
		p.NID != "1990123456789" || p.District != "BD2051" || p.Upazila != "BD205173" || p.Division != "BD20" {
		t.Errorf("row 2: %+v", p)
	}
	if e == nil || e.Destination != "SA" || e.ReturnDate.Format(time.DateOnly) != "2023-03-15" || *e.CostMinor != 35000000 ||
		e.CostCurrency != "BDT" || e.ReturnType != "contract_ended" {
		t.Errorf("row 2 episode: %+v", e)
	}
	if !rahim.ByID || !strings.HasPrefix(rahim.Fingerprint, "id\x00R-001") {
		t.Errorf("row 2 fingerprint %q", rahim.Fingerprint)
	}
	rahima := res.Rows[1]
	if rahima.Person.Sex != "female" || rahima.Person.Phones[0] != "01812345678" || rahima.Person.District != "BD2019" ||
		rahima.Episode.Destination != "AE" || *rahima.Episode.CostMinor != 25000000 || rahima.Episode.ReturnType != "covid19" {
		t.Errorf("row 3: %+v %+v", rahima.Person, rahima.Episode)
	}
	shirin := res.Rows[2]
	if shirin.Person.BirthDate.Format(time.DateOnly) != "1990-07-01" || !shirin.Person.BirthEstimated || shirin.Episode != nil ||
		shirin.Person.District != "BD2051" {
		t.Errorf("row 4: %+v %+v", shirin.Person, shirin.Episode)
	}
	kamal := res.Rows[3]
	if kamal.Row != 6 || !slices.Equal(kamal.Person.Phones, []string{"01511222333", "01611222333"}) ||
		kamal.Episode.ReturnDate.Format(time.DateOnly) != "2021-01-01" || kamal.Episode.ReturnType != "lost_job" {
		t.Errorf("row 6: %+v %+v", kamal.Person, kamal.Episode)
	}
}

func TestConvertBanglaFileAndWorkbook(t *testing.T) {
	_, _, res := convert(t, string(readFile(t, "people_bn_semicolon.csv")), ReadOptions{})
	if res.ProblemCount != 0 || len(res.Rows) != 2 {
		t.Fatalf("Bangla file: %+v", res.Problems)
	}
	p := res.Rows[0].Person
	if p.NameBn != "আয়েশা বেগম" || p.NameLatin != "" || p.Sex != "female" || p.BirthDate.Format(time.DateOnly) != "1988-04-12" ||
		p.Phones[0] != "01711223344" || p.District != "BD2019" || res.Rows[0].Episode.Destination != "SA" ||
		res.Rows[0].Episode.ReturnDate.Format(time.DateOnly) != "2023-03-15" {
		t.Errorf("Bangla row: %+v %+v", p, res.Rows[0].Episode)
	}
	if res.Rows[0].ByID {
		t.Error("a file without an ID column keys by content")
	}

	tab := mustRead(t, readFile(t, "people.xlsx"), ReadOptions{Sheet: "Returnees"})
	m := Suggest(tab.Headers)
	res = Convert(tab, m, Options{Today: today})
	if res.ProblemCount != 0 || len(res.Rows) != 2 {
		t.Fatalf("workbook: %v %+v", m, res.Problems)
	}
	w := res.Rows[0]
	if w.Person.BirthDate.Format(time.DateOnly) != "1988-04-12" || w.Person.Phones[0] != "01711234567" ||
		w.Episode.Destination != "SA" || w.Episode.ReturnDate.Format(time.DateOnly) != "2023-03-15" || *w.Episode.CostMinor != 35000000 {
		t.Errorf("workbook row: %+v %+v", w.Person, w.Episode)
	}
	if res.Rows[1].Person.NameBn != "রহিমা খাতুন" || res.Rows[1].Person.Sex != "female" {
		t.Errorf("workbook Bangla row: %+v", res.Rows[1].Person)
	}
}

func TestConvertNamesEveryProblem(t *testing.T) {
	data := "Name,Sex,DOB,Mobile,District,Upazila,Country,Return date,Cost,NID\n" +
		"Ok Person,male,01/01/1980,01711000000,Tangail,,Oman,01/01/2020,1000,1234567890\n" + // row 2: fine
		"Bad Sex,unknown,01/01/1980,,,,,,,\n" + // row 3
		"Bad Date,female,31/02/1980,,,,,,,\n" + // row 4
		"Future,female,01/01/2030,,,,,,,\n" + // row 5: the register's own rule
		",male,,,,,,,,\n" + // row 6: no name
		"Place,female,,,Atlantis,,,,,\n" + // row 7
		"Trip,female,,,,,Narnia,05/31/2020,a lot,\n" + // row 8: three problems
		"No Country,male,,,,,,01/01/2020,,\n" + // row 9: migration without destination
		"Wrong Upazila,male,,,Tangail,Ramgati,,,,\n" + // row 10: Ramgati is in Lakshmipur
		"Same NID,male,,,,,,,,1234567890\n" // row 11: the NID of row 2
	tab, _, res := convert(t, data, ReadOptions{})
	want := []struct {
		row          int
		column, cell string
		msg          string
	}{
		{3, "Sex", "B3", "female, male"},
		{4, "DOB", "C4", msgDateNone},
		{5, "DOB", "C5", "in the future"},
		{6, "Name", "A6", "enter the name"},
		{7, "District", "E7", "not a district"},
		{8, "Country", "G8", "not a country"},
		{8, "Return date", "H8", msgDateUS},
		{8, "Cost", "I8", msgAmount},
		{9, "Country", "G9", "no country of work"},
		{10, "Upazila", "F10", "not inside"},
		{11, "NID", "J11", "earlier row"},
	}
	if res.ProblemCount != len(want) || res.ProblemRows != 9 || len(res.Rows) != 1 {
		t.Errorf("%d problems on %d rows, %d good rows: %+v", res.ProblemCount, res.ProblemRows, len(res.Rows), res.Problems)
	}
	for i, w := range want {
		if i >= len(res.Problems) {
			break
		}
		p := res.Problems[i]
		if p.Row != w.row || p.Column != w.column || p.Cell != w.cell || !strings.Contains(p.Message, w.msg) {
			t.Errorf("problem %d: %+v, want row %d column %q cell %s ...%s...", i, p, w.row, w.column, w.cell, w.msg)
		}
	}
	err := res.Err()
	wantError(t, "Err", err, app.EINVALID, "nothing was imported", "11 problems", "row 3", `"Sex"`)
	if app.ErrorFields(err)["row 3: Sex"] == "" || app.ErrorFields(err)["row 8: Cost"] != msgAmount {
		t.Errorf("fields: %v", app.ErrorFields(err))
	}
	// In Bangla, the message and the problem it quotes.
	if msg := app.MessageIn("bn", err); !strings.Contains(msg, "কিছুই ইমপোর্ট হয়নি") || !strings.Contains(msg, "লিঙ্গ লিখুন") {
		t.Errorf("Bangla message: %s", msg)
	}
	if got := res.Problems[1].Text("bn"); got != "এমন কোনো তারিখ নেই: দিন ও মাস মিলিয়ে দেখুন" {
		t.Errorf("Bangla problem: %s", got)
	}
	_ = tab
}

func TestConvertDuplicatesAndFingerprints(t *testing.T) {
	data := "Name,Sex,Mobile,District\nA B,male,01711000000,Tangail\nC D,female,,\nA B,male,+880 1711-000000,টাঙ্গাইল\n"
	_, _, res := convert(t, data, ReadOptions{})
	if res.ProblemCount != 0 || len(res.Rows) != 3 || res.Duplicates != 1 || res.Rows[2].DuplicateOf != 2 {
		t.Fatalf("duplicates: %d, rows %+v", res.Duplicates, res.Rows)
	}
	// The same people in another layout, headers, order and spelling of
	// the same values: the same fingerprints.
	other := "District;Mobile No.;Gender;Full name;Notes\nBD3093;01711000000;M;A  B;x\n;;F;C D;y\n"
	_, _, res2 := convert(t, other, ReadOptions{})
	if res2.ProblemCount != 0 || res2.Rows[0].Fingerprint != res.Rows[0].Fingerprint || res2.Rows[1].Fingerprint != res.Rows[1].Fingerprint {
		t.Errorf("fingerprints differ across layouts:\n%q\n%q", res2.Rows[0].Fingerprint, res.Rows[0].Fingerprint)
	}
	if res.Rows[0].Fingerprint == res.Rows[1].Fingerprint {
		t.Error("different people share a fingerprint")
	}
	// Keys depend on the organisation.
	fp := res.Rows[0].Fingerprint
	if Key("org-a", fp) == Key("org-b", fp) || Key("org-a", fp) != Key("org-a", fp) || len(Key("o", fp)) != 67 {
		t.Errorf("keys: %s %s", Key("org-a", fp), Key("org-b", fp))
	}
	// An age keys by the age, not by a birth date that moves with today.
	_, _, a1 := convert(t, "Name,Sex,Age\nX,male,40\n", ReadOptions{})
	tab := mustRead(t, []byte("Name,Sex,Age\nX,male,40\n"), ReadOptions{})
	a2 := Convert(tab, Suggest(tab.Headers), Options{Today: today.AddDate(1, 0, 0)})
	if a1.Rows[0].Fingerprint != a2.Rows[0].Fingerprint || !a1.Rows[0].Person.BirthEstimated ||
		a1.Rows[0].Person.BirthDate.Format(time.DateOnly) != "1984-07-01" { // 1 July, as for an age typed on the form
		t.Errorf("age: %+v", a1.Rows[0].Person)
	}
}

func TestConvertHumanValues(t *testing.T) {
	data := "Name,Sex,Religion,Education,Ethnicity,Languages,Remigrate,Difficulty seeing,Channel,Financing,Documents,Skill category,Occupation,Currency,Cost,P-code,Country,Unpaid wages\n" +
		"A,পুরুষ,মুসলিম,SSC,Chakma,\"Bangla, চাকমা\",হ্যাঁ,a lot of difficulty,দালাল,\"ঋণ; land sale\",\"Passport, Iqama\",semi-skilled,9313,usd,2000,BD205173,সৌদি আরব,\"৳ ৫০,০০০\"\n"
	_, _, res := convert(t, data, ReadOptions{})
	if res.ProblemCount != 0 {
		t.Fatalf("%+v", res.Problems)
	}
	p, e := res.Rows[0].Person, res.Rows[0].Episode
	if p.Sex != "male" || p.Religion != "islam" || p.Education != "secondary" || p.Ethnicity != "chakma" ||
		!slices.Equal(p.Languages, []string{"bn", "ccp"}) || p.Remigrate != "yes" || p.WG["seeing"] != 3 ||
		p.Upazila != "BD205173" || p.District != "BD2051" {
		t.Errorf("person: %+v", p)
	}
	if e.Channel != "broker" || !slices.Equal(e.Financing, []string{"loan", "land_sale"}) ||
		!slices.Equal(e.Documents, []string{"passport", "work_permit"}) || e.SkillCategory != "semi_skilled" ||
		e.OccupationISCO != "9313" || e.CostCurrency != "USD" || *e.CostMinor != 200000 || e.Destination != "SA" ||
		*e.UnpaidWagesMinor != 5000000 || e.UnpaidWagesCurrency != "BDT" {
		t.Errorf("episode: %+v cost %d wages %d", e, *e.CostMinor, *e.UnpaidWagesMinor)
	}
}

// A number cell that Excel has rounded cannot be repaired: say so.
func TestConvertRoundedNumbers(t *testing.T) {
	_, _, res := convert(t, "Name,Sex,NID,Mobile\nA,male,1.99012345678901E+16,1.711234567E+9\n", ReadOptions{})
	if res.ProblemCount != 1 || res.Problems[0].Field != "nid" || res.Problems[0].Message != msgRoundedNumber {
		t.Errorf("%+v", res.Problems)
	}
	_, _, res = convert(t, "Name,Sex,NID,Mobile\nA,male,1.990123456789E+12,1.711234567E+9\n", ReadOptions{})
	if res.ProblemCount != 0 || res.Rows[0].Person.NID != "1990123456789" || res.Rows[0].Person.Phones[0] != "01711234567" {
		t.Errorf("%+v %+v", res.Problems, res.Rows)
	}
}

func TestRowFailNamesRowAndColumn(t *testing.T) {
	_, _, res := convert(t, "Name,Sex,National ID\nA,male,1234567890\n", ReadOptions{})
	r := res.Rows[0]
	err := r.Fail(&app.Error{Code: app.ECONFLICT, Message: "please correct the highlighted fields",
		Fields: map[string]string{"nid": "this national ID is already registered in your organisation: search for the person instead"}})
	wantError(t, "Fail", err, app.EINVALID, "row 2", `"National ID"`, "already registered")
	if app.ErrorFields(err)["row 2: National ID"] == "" {
		t.Errorf("fields %v", app.ErrorFields(err))
	}
	err = r.Fail(app.Errorf(app.ECONFLICT, "this row was imported before"))
	wantError(t, "Fail without fields", err, app.EINVALID, "row 2", "imported before")
	internal := fmt.Errorf("disk full")
	if r.Fail(internal) != internal {
		t.Error("an internal error was reworded")
	}
}
