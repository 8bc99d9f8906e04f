package followup

import (
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

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from, want string
		n          int
	}{
		{"2025-01-15", "2025-04-15", 3},
		{"2025-08-31", "2026-02-28", 6}, // no 31 February: the month's last day
		{"2023-08-31", "2024-02-29", 6}, // leap year
		{"2025-11-30", "2026-11-30", 12},
		{"2025-10-31", "2026-01-31", 3},
		{"2025-05-31", "2025-06-30", 1},
	}
	for _, c := range cases {
		if got := AddMonths(day(c.from), c.n); !got.Equal(day(c.want)) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from, c.n, got.Format(time.DateOnly), c.want)
		}
	}
}

func TestDueDates(t *testing.T) {
	from := day("2025-03-10").Add(15 * time.Hour) // the time of day is dropped
	got, err := DueDates(from, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2025-06-10", "2025-09-10", "2026-03-10"}
	if len(got) != len(want) {
		t.Fatalf("default schedule: %v", got)
	}
	for i := range want {
		if got[i].Format(time.DateOnly) != want[i] || got[i].Hour() != 0 {
			t.Errorf("visit %d: %s, want %s", i, got[i], want[i])
		}
	}
	got, err = DueDates(from, []int{12, 1, 12})
	if err != nil || len(got) != 2 || got[0].Format(time.DateOnly) != "2025-04-10" {
		t.Errorf("sorted without repeats: %v %v", got, err)
	}
	if _, err := DueDates(from, []int{0, 3}); app.ErrorFields(err)["months"] == "" {
		t.Errorf("zero months: %v", err)
	}
	if _, err := DueDates(from, []int{61}); app.ErrorFields(err)["months"] == "" {
		t.Errorf("61 months: %v", err)
	}
	if _, err := DueDates(time.Time{}, nil); app.ErrorFields(err)["from"] == "" {
		t.Errorf("no start: %v", err)
	}
}

func TestVisitDueAndOverdue(t *testing.T) {
	today := day("2025-03-10")
	v := Visit{Status: Scheduled, DueOn: today}
	if v.Overdue(today) || !v.DueWithin(today, 0) {
		t.Error("a visit due today is due, not overdue")
	}
	if !v.Overdue(today.AddDate(0, 0, 1)) {
		t.Error("not overdue the day after")
	}
	v.DueOn = today.AddDate(0, 0, 30)
	if !v.DueWithin(today, 30) || v.DueWithin(today, 29) {
		t.Error("due within")
	}
	v.Status = Done
	if v.Overdue(today.AddDate(1, 0, 0)) || v.DueWithin(today, 30) {
		t.Error("a done visit is neither due nor overdue")
	}
}

func TestRecordCheck(t *testing.T) {
	today := day("2025-03-10")
	r := Record{Findings: " Shop open, income steady. "}
	if err := r.Check(Scheduled, today); err != nil {
		t.Fatal(err)
	}
	if r.Action != ActionNone || !r.DoneOn.Equal(today) || r.Findings != "Shop open, income steady." {
		t.Errorf("defaults: %+v", r)
	}
	r = Record{DoneOn: today.AddDate(0, 0, 1), Action: "celebrate"}
	f := app.ErrorFields(r.Check(Scheduled, today))
	for _, k := range []string{"done_on", "findings", "action"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
	ok := Record{Findings: "x", Action: ActionPlanRevision}
	if err := ok.Check(Missed, today); err != nil {
		t.Errorf("a missed visit may be recorded later: %v", err)
	}
	ok = Record{Findings: "x"}
	if err := ok.Check(Done, today); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("recording twice: %v", err)
	}
	if err := ok.Check(Cancelled, today); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("recording a cancelled visit: %v", err)
	}
	if err := CheckMiss(Missed, Missed, ""); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("missing twice: %v", err)
	}
	if err := CheckMiss(Missed, Cancelled, ""); err != nil {
		t.Errorf("cancelling a missed visit: %v", err)
	}
	if err := CheckMiss(Done, Missed, ""); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("missing a done visit: %v", err)
	}
	if DefaultTaskTitle(ActionNewAssessment) == "" || DefaultTaskTitle(ActionPlanRevision) == "" || DefaultTaskTitle(ActionNone) != "" {
		t.Error("task titles")
	}
}
