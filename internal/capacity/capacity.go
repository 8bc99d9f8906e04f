// Package capacity holds the rules of the structural level of IOM's
// integrated approach to reintegration: capacity-building events that
// transfer knowledge on reintegration to partner staff and government
// officials (BMET, the district employment offices, the Wage Earners'
// Welfare Board, the ministry), who came from where counted by sex,
// anonymous pre- and post-test scores, and the follow-up actions agreed.
// Nothing here names a participant: aggregates only.
package capacity

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Kinds of event.
const (
	Training      = "training"
	Workshop      = "workshop"
	Orientation   = "orientation"
	ExposureVisit = "exposure_visit"
)

// Kinds lists the kinds in display order.
var Kinds = []string{Training, Workshop, Orientation, ExposureVisit}

// Statuses of an event.
const (
	Planned   = "planned"
	Held      = "held"
	Cancelled = "cancelled"
)

// Statuses lists the statuses in display order.
var Statuses = []string{Planned, Held, Cancelled}

// OutsideBodies are bodies whose officials commonly attend, offered as
// suggestions when they are not organisations in Remaker.
var OutsideBodies = []string{
	"Bureau of Manpower, Employment and Training (BMET)",
	"District Employment and Manpower Office (DEMO)",
	"Wage Earners' Welfare Board",
	"Ministry of Expatriates' Welfare and Overseas Employment",
	"Probashi Kallyan Bank",
	"Upazila Parishad",
	"Union Parishad",
}

const (
	maxTopic = 300
	maxShort = 200
	maxText  = 4000
	// MaxPeople bounds one count of attendance.
	MaxPeople = 10_000
	// MaxScores bounds the score sheet of one event.
	MaxScores = 2_000
)

var (
	firstDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Event is one capacity-building event.
type Event struct {
	ID          string     `json:"id"`
	ProjectID   string     `json:"project_id"`
	OrgID       string     `json:"org_id"` // the organiser
	OrgCode     string     `json:"org_code"`
	Topic       string     `json:"topic"`
	Kind        string     `json:"kind"`
	Status      string     `json:"status"`
	StartsOn    time.Time  `json:"starts_on"`
	EndsOn      *time.Time `json:"ends_on"`
	Place       string     `json:"place"`
	District    string     `json:"district"` // P-code, "" when not given
	Facilitator string     `json:"facilitator"`
	Notes       string     `json:"notes"`

	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`

	// Read with the event.
	Attendance []Attendance `json:"attendance"`
	Scores     []Score      `json:"scores"`
}

// Validate checks an event's own fields; today is the date in Dhaka.
func (e *Event) Validate(today time.Time) error {
	e.Topic = strings.TrimSpace(e.Topic)
	e.Place = strings.TrimSpace(e.Place)
	e.Facilitator = strings.TrimSpace(e.Facilitator)
	e.Notes = strings.TrimSpace(e.Notes)
	e.District = strings.ToUpper(strings.TrimSpace(e.District))
	var v app.Validation
	if e.ProjectID == "" {
		v.Add("project_id", "choose the project")
	}
	if e.OrgID == "" {
		v.Add("org_id", "choose the organisation")
	}
	switch {
	case e.Topic == "":
		v.Add("topic", "write the topic of the event")
	case utf8.RuneCountInString(e.Topic) > maxTopic:
		v.Add("topic", "keep this under 300 characters")
	}
	if !slices.Contains(Kinds, e.Kind) {
		v.Add("kind", "choose the kind of event from the list")
	}
	if !slices.Contains(Statuses, e.Status) {
		v.Add("status", "choose a status from the list")
	}
	switch {
	case e.StartsOn.IsZero():
		v.Add("starts_on", "enter the date the activity starts")
	case e.StartsOn.Before(firstDay) || !e.StartsOn.Before(lastDay):
		v.Add("starts_on", "this date is outside the years of the programme's work: check the year")
	case e.Status == Held && e.StartsOn.After(today):
		v.Add("status", "an event that starts in the future has not been held yet")
	}
	if e.EndsOn != nil && !e.StartsOn.IsZero() && e.EndsOn.Before(e.StartsOn) {
		v.Add("ends_on", "the end date is before the start date")
	} else if e.EndsOn != nil && !e.EndsOn.Before(lastDay) {
		v.Add("ends_on", "this date is outside the years of the programme's work: check the year")
	}
	switch {
	case e.Place == "":
		v.Add("place", "say where the event takes place")
	case utf8.RuneCountInString(e.Place) > maxShort:
		v.Add("place", "keep this shorter: at most 200 characters")
	}
	if e.District != "" {
		if u, ok := refdata.Admin(e.District); !ok || u.Level != refdata.District {
			v.Add("district", "this P-code is not a known place at this level: choose from the list")
		}
	}
	if utf8.RuneCountInString(e.Facilitator) > maxShort {
		v.Add("facilitator", "keep this shorter: at most 200 characters")
	}
	if utf8.RuneCountInString(e.Notes) > maxText {
		v.Add("notes", "keep the notes under 4000 characters")
	}
	return v.Err()
}

// Attendance is who came from one organisation in Remaker (OrgID) or one
// outside body (Body), counted by sex.
type Attendance struct {
	OrgID       string `json:"org_id"`
	OrgCode     string `json:"org_code"` // read only
	Body        string `json:"body"`
	Female      int    `json:"female"`
	Male        int    `json:"male"`
	ThirdGender int    `json:"third_gender"`
}

// Total is everyone of the row.
func (a Attendance) Total() int { return a.Female + a.Male + a.ThirdGender }

// CheckAttendance validates the rows of attendance (an organisation or a
// body each, nobody twice) and returns them trimmed, empty rows dropped.
// Field names are "attendance.N.<field>" with N the row's index.
func CheckAttendance(rows []Attendance) ([]Attendance, error) {
	var v app.Validation
	var out []Attendance
	seen := map[string]bool{}
	for i, a := range rows {
		a.Body = strings.Join(strings.Fields(a.Body), " ")
		a.OrgID = strings.TrimSpace(a.OrgID)
		field := "attendance." + strconv.Itoa(i) + "."
		if a.OrgID == "" && a.Body == "" && a.Total() == 0 {
			continue
		}
		switch {
		case a.OrgID != "" && a.Body != "":
			v.Add(field+"body", "choose an organisation or name an outside body, not both")
		case a.OrgID == "" && a.Body == "":
			v.Add(field+"body", "say which organisation or body these participants came from")
		case utf8.RuneCountInString(a.Body) > maxShort:
			v.Add(field+"body", "keep this shorter: at most 200 characters")
		}
		for name, n := range map[string]int{"female": a.Female, "male": a.Male, "third_gender": a.ThirdGender} {
			if n < 0 || n > MaxPeople {
				v.Add(field+name, "a count is a whole number from 0 to 10000")
			}
		}
		if a.Total() == 0 {
			v.Add(field+"female", "count at least one participant from here")
		}
		key := "org:" + a.OrgID
		if a.OrgID == "" {
			key = "body:" + strings.ToLower(a.Body)
		}
		if seen[key] {
			v.Add(field+"body", "this organisation or body is listed twice: add its people up on one row")
		}
		seen[key] = true
		out = append(out, a)
	}
	return out, v.Err()
}

// AttendanceTotals adds attendance up by sex.
func AttendanceTotals(rows []Attendance) Attendance {
	var t Attendance
	for _, a := range rows {
		t.Female += a.Female
		t.Male += a.Male
		t.ThirdGender += a.ThirdGender
	}
	return t
}

// Score is one participant's pre- and post-test scores, 0 to 100; nil
// when the participant missed that test.
type Score struct {
	Pre  *int `json:"pre"`
	Post *int `json:"post"`
}

// CheckScores validates scores given one by one (the API's form); field
// names are "scores.N.pre" and "scores.N.post".
func CheckScores(scores []Score) error {
	var v app.Validation
	if len(scores) > MaxScores {
		v.Add("scores", "no more than 2000 scores per event")
	}
	for i, s := range scores {
		field := "scores." + strconv.Itoa(i) + "."
		for side, p := range map[string]*int{"pre": s.Pre, "post": s.Post} {
			if p != nil && (*p < 0 || *p > 100) {
				v.Add(field+side, "a score is a whole number from 0 to 100")
			}
		}
		if s.Pre == nil && s.Post == nil {
			v.Add(field+"pre", "this participant has no score at all: leave them out")
		}
	}
	return v.Err()
}

// Reasons a line of a score sheet is refused; ParseScores puts one in its
// message after the line number.
const (
	reasonShape   = "write two scores, the pre-test then the post-test, e.g. 45 70"
	reasonRange   = "a score is a whole number from 0 to 100; write - for a test the participant missed"
	reasonNoScore = "this line has no score at all: remove it"
)

// ParseScores reads a score sheet as a facilitator types it from the paper
// forms: one participant per line, the pre-test score then the post-test
// score, separated by a space, comma, semicolon, slash or tab; "-" (or
// "x", "absent", "অনুপস্থিত") for a test the participant missed. A line may
// start with the participant's number ("3", "3." or "3)"). Bengali digits are read. Blank
// lines are skipped. A refusal names the line (in the message; the field
// is "scores").
func ParseScores(text string) ([]Score, error) {
	var out []Score
	var bad []int
	var firstReason string
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for n, line := range lines {
		fields := strings.FieldsFunc(i18n.ASCIIDigits(line), func(r rune) bool {
			return r == ' ' || r == '\t' || r == ',' || r == ';' || r == '/' || r == '|' || r == '\u00a0' || r == '\u3000'
		})
		if len(fields) == 3 {
			// The participant's number on the paper form: "3", "3." or "3)".
			if _, ok := atoi(strings.TrimRight(fields[0], ".):")); ok {
				fields = fields[1:]
			}
		}
		if len(fields) == 0 {
			continue
		}
		s, reason := parseScoreLine(fields)
		if reason != "" {
			bad = append(bad, n+1)
			if firstReason == "" {
				firstReason = reason
			}
			continue
		}
		out = append(out, s)
	}
	if len(bad) == 1 {
		return nil, &app.Error{Code: app.EINVALID, Message: "line %d of the scores: %s", Args: []any{bad[0], firstReason},
			Fields: map[string]string{"scores": "correct the line named above"}}
	}
	if len(bad) > 1 {
		return nil, &app.Error{Code: app.EINVALID, Message: "lines %s of the scores need correcting; the first: %s",
			Args: []any{joinInts(bad), firstReason}, Fields: map[string]string{"scores": "correct the lines named above"}}
	}
	if len(out) > MaxScores {
		return nil, app.FieldError("scores", "no more than 2000 scores per event")
	}
	return out, nil
}

func parseScoreLine(fields []string) (Score, string) {
	if len(fields) != 2 {
		return Score{}, reasonShape
	}
	var s Score
	for i, f := range fields {
		switch strings.ToLower(f) {
		case "-", "–", "—", "x", "absent", "অনুপস্থিত":
			continue
		}
		n, ok := atoi(f)
		if !ok || n < 0 || n > 100 {
			return Score{}, reasonRange
		}
		if i == 0 {
			s.Pre = &n
		} else {
			s.Post = &n
		}
	}
	if s.Pre == nil && s.Post == nil {
		return Score{}, reasonNoScore
	}
	return s, ""
}

// FormatScores writes scores back as ParseScores reads them.
func FormatScores(scores []Score) string {
	var b strings.Builder
	side := func(p *int) string {
		if p == nil {
			return "-"
		}
		return strconv.Itoa(*p)
	}
	for _, s := range scores {
		b.WriteString(side(s.Pre) + " " + side(s.Post) + "\n")
	}
	return b.String()
}

// Summary is what a score sheet says about the event: how many took each
// test, the mean of each, and, over those who took both, the mean change
// and how many improved. Means are rounded to one decimal; nil when there
// is nothing to average.
type Summary struct {
	Participants int      `json:"participants"`
	PreCount     int      `json:"pre_count"`
	PostCount    int      `json:"post_count"`
	Pairs        int      `json:"pairs"`
	Improved     int      `json:"improved"`
	MeanPre      *float64 `json:"mean_pre"`
	MeanPost     *float64 `json:"mean_post"`
	MeanChange   *float64 `json:"mean_change"`
}

// Summarise computes a score sheet's summary.
func Summarise(scores []Score) Summary {
	s := Summary{Participants: len(scores)}
	var pre, post, change int
	for _, x := range scores {
		if x.Pre != nil {
			s.PreCount++
			pre += *x.Pre
		}
		if x.Post != nil {
			s.PostCount++
			post += *x.Post
		}
		if x.Pre != nil && x.Post != nil {
			s.Pairs++
			change += *x.Post - *x.Pre
			if *x.Post > *x.Pre {
				s.Improved++
			}
		}
	}
	s.MeanPre, s.MeanPost, s.MeanChange = mean(pre, s.PreCount), mean(post, s.PostCount), mean(change, s.Pairs)
	return s
}

func mean(sum, n int) *float64 {
	if n == 0 {
		return nil
	}
	m := math.Round(float64(sum)*10/float64(n)) / 10
	return &m
}

// Action statuses.
const (
	Open = "open"
	Done = "done"
)

// ActionStatuses lists the statuses of a follow-up action.
var ActionStatuses = []string{Open, Done}

// Action is a follow-up the event agreed: what, who owns it, by when.
type Action struct {
	ID            string     `json:"id"`
	EventID       string     `json:"event_id"`
	OrgID         string     `json:"org_id"`
	Action        string     `json:"action"`
	Owner         string     `json:"owner"`
	DueOn         time.Time  `json:"due_on"`
	Status        string     `json:"status"`
	DoneOn        *time.Time `json:"done_on"`
	CreatedByName string     `json:"created_by_name"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`
}

// Overdue reports whether an open action is past its due date on today.
func (a Action) Overdue(today time.Time) bool { return a.Status == Open && a.DueOn.Before(today) }

// Validate checks an action; a done action gets its done date (today when
// not given); an open one has none.
func (a *Action) Validate(today time.Time) error {
	a.Action = strings.TrimSpace(a.Action)
	a.Owner = strings.TrimSpace(a.Owner)
	var v app.Validation
	switch {
	case a.Action == "":
		v.Add("action", "say what is to be done")
	case utf8.RuneCountInString(a.Action) > maxShort*2:
		v.Add("action", "keep the action shorter: at most 400 characters")
	}
	switch {
	case a.Owner == "":
		v.Add("owner", "say who is responsible: a person, an office or an organisation")
	case utf8.RuneCountInString(a.Owner) > maxShort:
		v.Add("owner", "keep this shorter: at most 200 characters")
	}
	switch {
	case a.DueOn.IsZero():
		v.Add("due_on", "enter the date the action is due")
	case a.DueOn.Before(firstDay) || !a.DueOn.Before(lastDay):
		v.Add("due_on", "this date is outside the years of the programme's work: check the year")
	}
	switch a.Status {
	case Open:
		a.DoneOn = nil
	case Done:
		if a.DoneOn == nil {
			d := today
			a.DoneOn = &d
		} else if a.DoneOn.After(today) {
			v.Add("done_on", "the date is in the future")
		}
	default:
		v.Add("status", "choose open or done")
	}
	return v.Err()
}

// atoi reads a whole number of at most four ASCII digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}
