// Package followup holds the rules of monitoring visits: after a plan is
// approved (or whenever a case worker decides), visits are scheduled at
// intervals of months; a case worker records what a visit found, which may
// call for a new assessment or a revision of the plan, or marks it missed.
package followup

import (
	"sort"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Visit statuses.
const (
	Scheduled = "scheduled"
	Done      = "done"
	Missed    = "missed"
	Cancelled = "cancelled"
)

// Statuses lists every visit status.
var Statuses = []string{Scheduled, Done, Missed, Cancelled}

// What a visit calls for.
const (
	ActionNone          = "none"
	ActionNewAssessment = "new_assessment"
	ActionPlanRevision  = "plan_revision"
)

// Actions lists the follow-up actions in display order.
var Actions = []string{ActionNone, ActionNewAssessment, ActionPlanRevision}

// DefaultIntervals are the months after plan approval at which IOM's
// approach schedules monitoring visits.
var DefaultIntervals = []int{3, 6, 12}

// MaxIntervalMonths bounds a schedule: five years of follow-up.
const MaxIntervalMonths = 60

// DefaultDueWithin is how many days ahead the "due" lists look.
const DefaultDueWithin = 30

// Timeline event kinds written on the case.
const (
	EventScheduled = "visits_scheduled"
	EventDone      = "visit_done"
	EventMissed    = "visit_missed"
	EventCancelled = "visit_cancelled"
)

// Visit is one monitoring visit of a case.
type Visit struct {
	ID         string     `json:"id"`
	CaseID     string     `json:"case_id"`
	OrgID      string     `json:"org_id"`
	DueOn      time.Time  `json:"due_on"`
	Status     string     `json:"status"`
	DoneOn     *time.Time `json:"done_on,omitempty"`
	Findings   string     `json:"findings,omitempty"`
	Action     string     `json:"action,omitempty"`
	TaskID     string     `json:"task_id,omitempty"` // the task a visit's action created
	Note       string     `json:"note,omitempty"`    // why it was missed or cancelled
	RecordedBy string     `json:"recorded_by,omitempty"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Version    int        `json:"version"`
}

// Overdue reports whether the visit is still scheduled past its due date on day.
func (v Visit) Overdue(day time.Time) bool {
	return v.Status == Scheduled && day.After(dateOnly(v.DueOn))
}

// DueWithin reports whether the visit is scheduled from day to days after it.
func (v Visit) DueWithin(day time.Time, days int) bool {
	d := dateOnly(v.DueOn)
	return v.Status == Scheduled && !d.Before(day) && !d.After(day.AddDate(0, 0, days))
}

// AddMonths adds n months to a date, keeping the day of the month where
// it exists and taking the month's last day where it does not (31 August
// plus 6 months is 28 or 29 February, not 3 March).
func AddMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// DueDates returns the visit dates months after from, in order and without
// repeats. Empty months means DefaultIntervals.
func DueDates(from time.Time, months []int) ([]time.Time, error) {
	var v app.Validation
	if from.IsZero() {
		v.Add("from", "give the date the follow-up counts from")
	}
	if len(months) == 0 {
		months = DefaultIntervals
	}
	ms := append([]int(nil), months...)
	sort.Ints(ms)
	for _, m := range ms {
		if m < 1 || m > MaxIntervalMonths {
			v.Add("months", "give each interval as a whole number of months from 1 to 60")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []time.Time
	for i, m := range ms {
		if i > 0 && m == ms[i-1] {
			continue
		}
		out = append(out, AddMonths(dateOnly(from), m))
	}
	return out, nil
}

// Record is what a case worker writes after a visit.
type Record struct {
	DoneOn   time.Time `json:"done_on"` // zero: today
	Findings string    `json:"findings"`
	Action   string    `json:"action"` // one of Actions; "" is none
	// TaskTitle names the task a new assessment or plan revision creates.
	// The screen passes it in the user's language; empty gives an English
	// default.
	TaskTitle string `json:"task_title,omitempty"`
}

// Check validates a record of a visit in status from. today is the date in Dhaka.
func (r *Record) Check(from string, today time.Time) error {
	r.Findings, r.TaskTitle = strings.TrimSpace(r.Findings), strings.TrimSpace(r.TaskTitle)
	if r.Action == "" {
		r.Action = ActionNone
	}
	if r.DoneOn.IsZero() {
		r.DoneOn = today
	}
	r.DoneOn = dateOnly(r.DoneOn)
	var v app.Validation
	switch {
	case r.DoneOn.After(today):
		v.Add("done_on", "the visit date is in the future")
	case r.DoneOn.Before(today.AddDate(-1, 0, 0)):
		v.Add("done_on", "the visit date is more than a year ago: check the year")
	}
	switch {
	case r.Findings == "":
		v.Add("findings", "write what the visit found")
	case len(r.Findings) > 8000:
		v.Add("findings", "keep the findings under 8000 characters")
	}
	if !contains(Actions, r.Action) {
		v.Add("action", "choose what the visit calls for")
	}
	if len([]rune(r.TaskTitle)) > 300 {
		v.Add("task_title", "keep the task under 300 characters")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return checkFrom(from)
}

// CheckMiss validates marking a visit in status from as missed or
// cancelled (to), with an optional note.
func CheckMiss(from, to, note string) error {
	if len(note) > 2000 {
		return app.FieldError("note", "keep the note under 2000 characters")
	}
	if to == Missed && from == Missed {
		return app.Errorf(app.ECONFLICT, "this visit is already marked as missed")
	}
	if to == Cancelled && from == Missed {
		return nil
	}
	return checkFrom(from)
}

func checkFrom(from string) error {
	switch from {
	case Scheduled, Missed:
		return nil
	case Done:
		return app.Errorf(app.ECONFLICT, "this visit has already been recorded")
	}
	return app.Errorf(app.ECONFLICT, "this visit was cancelled")
}

// DefaultTaskTitle is the English task title for an action.
func DefaultTaskTitle(action string) string {
	switch action {
	case ActionNewAssessment:
		return "Carry out a new assessment (called for by a follow-up visit)"
	case ActionPlanRevision:
		return "Revise the reintegration plan (called for by a follow-up visit)"
	}
	return ""
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
