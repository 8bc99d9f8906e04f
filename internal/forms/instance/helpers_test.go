package instance

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// sheet is a worksheet of a test workbook: a header row, then rows.
type sheet struct {
	name string
	rows [][]any
}

// compile writes an .xlsx workbook from the sheets, reads it with the
// full expression checker (as the server does) and compiles it.
func compile(tb testing.TB, sheets ...sheet) *Schema {
	tb.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", s.name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := x.NewSheet(s.name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := x.SetSheetRow(s.name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	form, err := forms.Read(buf.Bytes(), "test.xlsx")
	if err != nil {
		tb.Fatalf("the test form does not read: %v", err)
	}
	s, err := Compile(form)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// corpus compiles a workbook of the shared corpus, skipping the test when
// the corpus is not beside the checkout.
func corpus(tb testing.TB, name string) *Schema {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("../../../../shared/xlsforms", name))
	if errors.Is(err, os.ErrNotExist) {
		tb.Skip("the corpus in ../shared/xlsforms is not beside this checkout")
	}
	if err != nil {
		tb.Fatal(err)
	}
	form, err := forms.Read(data, name)
	if err != nil {
		tb.Fatalf("%s does not read: %v", name, err)
	}
	s, err := Compile(form)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func row(cells ...any) []any { return cells }

// clock is the fixed time of every evaluation in the tests.
var clock = time.Date(2024, 6, 10, 11, 30, 0, 0, i18n.Dhaka)

func web(lang string) Options {
	return Options{Source: FromWeb, Lang: lang, Now: clock, Username: "bnsk.enumerator", DeviceID: "remaker:web"}
}

func device() Options { return Options{Source: FromDevice, Now: clock} }

// household is the form most tests use: translated labels and messages,
// required, constraints, a group with relevance, a cascading select, a
// repeat with calculations using position() and count(), or_other,
// dates, a geopoint, an image and metadata.
func household(tb testing.TB) *Schema {
	tb.Helper()
	return compile(tb,
		sheet{"survey", [][]any{
			row("type", "name", "label::English (en)", "label::Bangla (bn)", "required",
				"required_message::English (en)", "required_message::Bangla (bn)", "relevant", "constraint",
				"constraint_message::English (en)", "constraint_message::Bangla (bn)", "calculation", "choice_filter", "default"),
			row("start", "start"),
			row("end", "end"),
			row("today", "today"),
			row("deviceid", "deviceid"),
			row("username", "username"),
			row("text", "respondent", "Respondent's name", "উত্তরদাতার নাম", "yes", "Write the respondent's name.", "উত্তরদাতার নাম লিখুন।"),
			row("integer", "age", "Age", "বয়স", "", "", "", "", ". >= 18 and . <= 120", "The respondent must be an adult.", "উত্তরদাতাকে প্রাপ্তবয়স্ক হতে হবে।"),
			row("select_one yes_no", "consent", "Consent given?", "সম্মতি দিয়েছেন?", "yes"),
			row("begin group", "hh", "Household", "খানা", "", "", "", "${consent} = 'yes'"),
			row("select_one division", "division", "Division", "বিভাগ"),
			row("select_one district", "district", "District", "জেলা", "", "", "", "", "", "", "", "", "division=${division}"),
			row("integer", "hh_size", "Household size", "খানার সদস্য সংখ্যা", "yes"),
			row("begin repeat", "member", "Member", "সদস্য"),
			row("text", "m_name", "Name of member", "সদস্যের নাম", "yes"),
			row("integer", "m_age", "Age of ${m_name}", "${m_name}-এর বয়স", "", "", "", "", ". < 130"),
			row("select_multiple services", "services", "Services", "সেবা"),
			row("calculate", "m_pos", "", "", "", "", "", "", "", "", "", "position(..)"),
			row("text", "m_job", "Job of ${m_name}", "${m_name}-এর পেশা", "", "", "", "${m_age} >= 15"),
			row("end repeat"),
			row("calculate", "n_members", "", "", "", "", "", "", "", "", "", "count(${member})"),
			row("calculate", "n_adults", "", "", "", "", "", "", "", "", "", "count(../member[m_age >= 18])"),
			row("end group"),
			row("date", "visit_date", "Date of visit", "পরিদর্শনের তারিখ", "", "", "", "", ". <= today()"),
			row("geopoint", "gps", "Location", "অবস্থান"),
			row("image", "photo", "Photo", "ছবি"),
			row("select_one colour or_other", "colour", "Favourite colour", "প্রিয় রং"),
			row("decimal", "income", "Income", "আয়"),
			row("time", "visit_time", "Time of visit", "পরিদর্শনের সময়"),
			row("dateTime", "follow_up", "Follow-up", "ফলো-আপ"),
			row("note", "summary", "Members: ${n_members}", "সদস্য: ${n_members}"),
			row("text", "village", "Village", "গ্রাম", "", "", "", "", "", "", "", "", "", "Unknown"),
		}},
		sheet{"choices", [][]any{
			row("list_name", "name", "label::English (en)", "label::Bangla (bn)", "division"),
			row("yes_no", "yes", "Yes", "হ্যাঁ"),
			row("yes_no", "no", "No", "না"),
			row("division", "dhaka", "Dhaka", "ঢাকা"),
			row("division", "ctg", "Chattogram", "চট্টগ্রাম"),
			row("district", "gazipur", "Gazipur", "গাজীপুর", "dhaka"),
			row("district", "narsingdi", "Narsingdi", "নরসিংদী", "dhaka"),
			row("district", "cox", "Cox's Bazar", "কক্সবাজার", "ctg"),
			row("district", "rangamati", "Rangamati", "রাঙ্গামাটি", "ctg"),
			row("services", "cash", "Cash", "নগদ"),
			row("services", "training", "Training", "প্রশিক্ষণ"),
			row("services", "health", "Health", "স্বাস্থ্য"),
			row("colour", "red", "Red", "লাল"),
			row("colour", "green", "Green", "সবুজ"),
		}},
		sheet{"settings", [][]any{
			row("form_id", "version", "default_language", "instance_name"),
			row("household", "2024061001", "English (en)", "concat(${respondent}, ' ', ${visit_date})"),
		}},
	)
}

// householdXML is a correct submission of the household form, as ODK
// Collect sends it.
const householdXML = `<?xml version='1.0' ?><data xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" id="household" version="2024061001">
<start>2024-06-10T10:00:00.000+06:00</start><end>2024-06-10T10:20:00.000+06:00</end><today>2024-06-10</today>
<deviceid>collect:abc123</deviceid><username>bnsk.enumerator</username>
<respondent>Rahima Begum</respondent><age>34</age><consent>yes</consent>
<hh><division>dhaka</division><district>gazipur</district><hh_size>3</hh_size>
<member><m_name>Rahima</m_name><m_age>34</m_age><services>cash training</services><m_pos>1</m_pos><m_job>Tailor</m_job></member>
<member><m_name>Karim</m_name><m_age>12</m_age><services/><m_pos>2</m_pos></member>
<n_members>2</n_members><n_adults>1</n_adults></hh>
<visit_date>2024-06-09</visit_date><gps>23.8103 90.4125 12.5 4.0</gps><photo>1718000000000.jpg</photo>
<colour>other</colour><colour_other>Purple</colour_other><income>1500.50</income>
<visit_time>10:30:00.000+06:00</visit_time><follow_up>2024-07-01T09:00:00.000+06:00</follow_up>
<summary/><village>Kaliakair</village>
<meta><instanceID>uuid:6b0c8f6e-4b61-4d8a-9d7c-2f1f0e3c9a10</instanceID><instanceName>Rahima Begum 2024-06-09</instanceName></meta>
</data>`

// appCode returns the code of an app error, or fails.
func appCode(tb testing.TB, err error) string {
	tb.Helper()
	var ae *app.Error
	if !errors.As(err, &ae) {
		tb.Fatalf("error %T %v is not an *app.Error", err, err)
	}
	return ae.Code
}

// findProblem returns the problem at key, or fails listing them all.
func findProblem(tb testing.TB, ps []Problem, key string) Problem {
	tb.Helper()
	for _, p := range ps {
		if p.Key == key {
			return p
		}
	}
	tb.Fatalf("no problem at %s; got:\n%s", key, dumpProblems(ps))
	return Problem{}
}

func dumpProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.Key + " [" + p.Code + "] " + p.Label + ": " + p.Message + "\n")
	}
	return b.String()
}
