package capacity

import (
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseScores(t *testing.T) {
	scores, err := ParseScores("40 70\r\n2. 55,60\n\n 3) ৬০ / ৫৫ \n4\t80\t-\nabsent;90\n6: 0 100\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatScores(scores); got != "40 70\n55 60\n60 55\n80 -\n- 90\n0 100\n" {
		t.Errorf("read back as %q", got)
	}
	again, err := ParseScores(FormatScores(scores))
	if err != nil || len(again) != len(scores) {
		t.Errorf("round trip: %v %v", again, err)
	}
	for text, want := range map[string]string{
		"40 70\n55\n":             "line 2 of the scores: write two scores, the pre-test then the post-test, e.g. 45 70",
		"40 70\n\n55 101":         "line 3 of the scores: a score is a whole number from 0 to 100; write - for a test the participant missed",
		"40 seventy":              "line 1 of the scores: a score is a whole number from 0 to 100; write - for a test the participant missed",
		"- -":                     "line 1 of the scores: this line has no score at all: remove it",
		"40 70 80 90\n1 2\n4.5 6": "lines 1, 3 of the scores need correcting; the first: write two scores, the pre-test then the post-test, e.g. 45 70",
	} {
		_, err := ParseScores(text)
		if app.ErrorMessage(err) != want || app.ErrorFields(err)["scores"] == "" || app.ErrorCode(err) != app.EINVALID {
			t.Errorf("%q: %v", text, err)
		}
	}
	if s, err := ParseScores(" \n\n"); err != nil || len(s) != 0 {
		t.Errorf("an empty sheet: %v %v", s, err)
	}
	if _, err := ParseScores(strings.Repeat("1 2\n", MaxScores+1)); app.ErrorFields(err)["scores"] == "" {
		t.Error("too many scores accepted")
	}
}

func TestSummarise(t *testing.T) {
	n := func(v int) *int { return &v }
	s := Summarise([]Score{{n(40), n(70)}, {n(55), n(60)}, {n(60), n(55)}, {n(80), nil}, {nil, n(90)}, {n(50), n(50)}})
	if s.Participants != 6 || s.PreCount != 5 || s.PostCount != 5 || s.Pairs != 4 || s.Improved != 2 {
		t.Errorf("counts %+v", s)
	}
	// pre (40+55+60+80+50)/5 = 57; post (70+60+55+90+50)/5 = 65; change (30+5-5+0)/4 = 7.5.
	if *s.MeanPre != 57 || *s.MeanPost != 65 || *s.MeanChange != 7.5 {
		t.Errorf("means %v %v %v", *s.MeanPre, *s.MeanPost, *s.MeanChange)
	}
	if e := Summarise(nil); e.MeanPre != nil || e.MeanPost != nil || e.MeanChange != nil || e.Participants != 0 {
		t.Errorf("empty %+v", e)
	}
	if err := CheckScores([]Score{{n(-1), n(101)}, {}}); len(app.ErrorFields(err)) != 3 {
		t.Errorf("bad scores: %v", err)
	}
}

func TestAttendance(t *testing.T) {
	rows, err := CheckAttendance([]Attendance{{OrgID: "o1", Female: 2}, {}, {Body: "  Wage Earners'   Welfare Board ", Male: 1}})
	if err != nil || len(rows) != 2 || rows[1].Body != "Wage Earners' Welfare Board" {
		t.Fatalf("%+v %v", rows, err)
	}
	if tot := AttendanceTotals(rows); tot.Total() != 3 || tot.Female != 2 {
		t.Errorf("totals %+v", tot)
	}
	_, err = CheckAttendance([]Attendance{{OrgID: "o1", Body: "x", Female: 1}, {Male: 1}, {Body: "BMET"}, {Body: "B", ThirdGender: MaxPeople + 1},
		{OrgID: "o1", Female: 1}})
	f := app.ErrorFields(err)
	for _, field := range []string{"attendance.0.body", "attendance.1.body", "attendance.2.female", "attendance.3.third_gender", "attendance.4.body"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, f)
		}
	}
}

func TestEventAndActionRules(t *testing.T) {
	today := day("2024-05-01")
	e := Event{ProjectID: "p", OrgID: "o", Topic: " Reintegration basics ", Kind: Training, Status: Held, StartsOn: day("2024-04-01"),
		Place: "BMET, Dhaka", District: "bd3026"}
	if err := e.Validate(today); err != nil || e.Topic != "Reintegration basics" || e.District != "BD3026" {
		t.Fatalf("%+v %v", e, err)
	}
	e.StartsOn = day("2024-06-01")
	if app.ErrorFields(e.Validate(today))["status"] == "" {
		t.Error("held in the future accepted")
	}
	e.Status = Planned
	if err := e.Validate(today); err != nil {
		t.Errorf("planned in the future: %v", err)
	}

	a := Action{Action: "Circulate the referral list", Owner: "DEMO", DueOn: day("2024-04-20"), Status: Open}
	if err := a.Validate(today); err != nil || !a.Overdue(today) || a.Overdue(day("2024-04-20")) {
		t.Errorf("open action: %v overdue %v", err, a.Overdue(today))
	}
	a.Status = Done
	if err := a.Validate(today); err != nil || a.DoneOn == nil || !a.DoneOn.Equal(today) || a.Overdue(today) {
		t.Errorf("done action: %+v %v", a, err)
	}
	a.Status = "maybe"
	if app.ErrorFields(a.Validate(today))["status"] == "" {
		t.Error("unknown status accepted")
	}
}
