package casework

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

func TestTransitions(t *testing.T) {
	cases := []struct {
		from string
		tr   Transition
		code string
	}{
		{Registered, Transition{To: Screened}, ""},
		{Registered, Transition{To: Assessed}, app.ECONFLICT}, // no skipping ahead
		{Screened, Transition{To: Registered}, ""},            // one step back
		{Monitoring, Transition{To: Assessed}, ""},            // a new assessment after a visit
		{Assistance, Transition{To: Closed, Reason: "support_completed"}, ""},
		{Assistance, Transition{To: Closed}, app.EINVALID},                     // closing needs a reason
		{Assistance, Transition{To: Closed, Reason: "bored"}, app.EINVALID},    // from the list
		{Screened, Transition{To: Assessed, Reason: "deceased"}, app.EINVALID}, // reasons only on closing
		{Closed, Transition{To: Monitoring}, app.ECONFLICT},                    // closed cases reopen, nothing else
		{Registered, Transition{To: "archived"}, app.EINVALID},
	}
	for _, c := range cases {
		err := c.tr.Check(c.from)
		if app.ErrorCode(err) != c.code {
			t.Errorf("%s -> %+v: got %v, want code %q", c.from, c.tr, err, c.code)
		}
	}
	if got := Allowed(Closed); len(got) != 1 || got[0] != "reopen" {
		t.Errorf("Allowed(closed) = %v", got)
	}
}

func TestScreening(t *testing.T) {
	debt := func(bdt int64) *int64 { v := bdt * 100; return &v }
	cases := []struct {
		indicators []string
		debt       *int64
		score      int
		priority   string
	}{
		{nil, nil, 0, PriorityLow},
		{[]string{"children_out_of_school"}, nil, 1, PriorityLow},
		{[]string{"no_income", "children_out_of_school"}, nil, 3, PriorityMedium},
		{[]string{"no_income", "disability", "signs_of_distress"}, nil, 6, PriorityHigh},
		// Trafficking indicators make a case high priority on their own.
		{[]string{"exploitation_or_trafficking"}, nil, 3, PriorityHigh},
		// A debt amount sets the debt indicator by the threshold, either way.
		{[]string{"debt_above_threshold"}, debt(50_000), 0, PriorityLow},
		{nil, debt(250_000), 2, PriorityLow},
		{[]string{"no_income"}, debt(250_000), 4, PriorityMedium},
	}
	for _, c := range cases {
		score, pr, _, err := Screen(c.indicators, c.debt)
		if err != nil || score != c.score || pr != c.priority {
			t.Errorf("Screen(%v, %v) = %d %s %v, want %d %s", c.indicators, c.debt, score, pr, err, c.score, c.priority)
		}
	}
	if _, _, _, err := Screen([]string{"bad_luck"}, nil); app.ErrorFields(err)["indicators"] == "" {
		t.Errorf("unknown indicator: %v", err)
	}
	neg := int64(-1)
	if _, _, _, err := Screen(nil, &neg); app.ErrorFields(err)["debt_minor"] == "" {
		t.Errorf("negative debt: %v", err)
	}
}

func TestFlags(t *testing.T) {
	opened := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if f := Flags(Registered, opened, nil, 0, opened.AddDate(0, 0, 10)); len(f) != 0 {
		t.Errorf("fresh case flagged: %v", f)
	}
	f := Flags(Registered, opened, nil, 1, opened.AddDate(0, 0, 31))
	want := map[Flag]bool{FlagNoScreening: true, FlagNoPlan30Days: true, FlagTaskOverdue: true}
	if len(f) != 3 {
		t.Errorf("flags = %v", f)
	}
	for _, x := range f {
		if !want[x] {
			t.Errorf("unexpected flag %s", x)
		}
	}
	if f := Flags(PlanAgreed, opened, nil, 0, opened.AddDate(1, 0, 0)); len(f) != 0 {
		t.Errorf("case with a plan flagged: %v", f)
	}
	// The 30 days count from the return when the person came back before the case opened.
	returned := opened.AddDate(0, -2, 0)
	if f := Flags(Screened, opened, &returned, 0, opened.AddDate(0, 0, 5)); len(f) != 1 || f[0] != FlagNoPlan30Days {
		t.Errorf("30 days after return: %v", f)
	}
}
