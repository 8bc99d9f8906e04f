// Package casework holds the rules of a case's life along IOM's Integrated
// Approach to Reintegration: its statuses and the moves between them,
// closure reasons, and the vulnerability screening that sets its priority.
package casework

import (
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Case statuses, in the order a case normally moves through them.
const (
	Registered = "registered"
	Screened   = "screened"
	Assessed   = "assessed"
	PlanAgreed = "plan_agreed"
	Assistance = "assistance"
	Monitoring = "monitoring"
	Closed     = "closed"
)

// Statuses lists every status in lifecycle order.
var Statuses = []string{Registered, Screened, Assessed, PlanAgreed, Assistance, Monitoring, Closed}

// ClosureReasons are why a case may close; closing needs one.
var ClosureReasons = []string{"support_completed", "no_longer_eligible", "returnee_stopped", "moved_away", "re_migrated", "lost_contact", "deceased", "programme_ended"}

// next lists the moves allowed from each status. A case may go forward one
// step, skip straight to closure, or step back one stage when work must be
// redone (a new assessment, a revised plan); a closed case can only reopen.
var next = map[string][]string{
	Registered: {Screened, Closed},
	Screened:   {Assessed, Registered, Closed},
	Assessed:   {PlanAgreed, Screened, Closed},
	PlanAgreed: {Assistance, Assessed, Closed},
	Assistance: {Monitoring, PlanAgreed, Closed},
	Monitoring: {Assistance, Assessed, Closed},
	Closed:     {},
}

// CanMove reports whether a case may go from one status to another.
func CanMove(from, to string) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Allowed returns the statuses a case in status may move to, reopening included.
func Allowed(status string) []string {
	if status == Closed {
		return []string{"reopen"}
	}
	return next[status]
}

// Transition is a requested change of status.
type Transition struct {
	To     string
	Reason string // closure reason, required when To is Closed
	Note   string
}

// Check validates a transition from the current status.
func (t Transition) Check(from string) error {
	var v app.Validation
	switch {
	case t.To == Closed && !oneOf(t.Reason, ClosureReasons):
		v.Add("reason", "choose why the case is closing")
	case t.To != Closed && t.Reason != "":
		v.Add("reason", "a reason is only given when closing a case")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !oneOf(t.To, Statuses) {
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"to": "choose a status from the list"}}
	}
	if !CanMove(from, t.To) {
		return app.Errorf(app.ECONFLICT, "a case cannot move from %s to %s", from, t.To)
	}
	if len(t.Note) > 4000 {
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"note": "keep the note under 4000 characters"}}
	}
	return nil
}

// Flag is a warning shown on a case that needs attention.
type Flag string

// Flags.
const (
	FlagNoPlan30Days Flag = "no_plan_30_days" // no agreed plan 30 days after the return (or the opening, when the return date is unknown)
	FlagTaskOverdue  Flag = "task_overdue"
	FlagNoScreening  Flag = "no_screening_14_days"
)

// Flags computes a case's warnings on day. returned is the person's latest
// return date, nil when unknown.
func Flags(status string, openedOn time.Time, returned *time.Time, overdueTasks int, day time.Time) []Flag {
	var out []Flag
	if status == Registered && day.Sub(openedOn) > 14*24*time.Hour {
		out = append(out, FlagNoScreening)
	}
	since := openedOn
	if returned != nil && returned.Before(openedOn) {
		since = *returned
	}
	if (status == Registered || status == Screened || status == Assessed) && day.Sub(since) > 30*24*time.Hour {
		out = append(out, FlagNoPlan30Days)
	}
	if overdueTasks > 0 {
		out = append(out, FlagTaskOverdue)
	}
	return out
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
