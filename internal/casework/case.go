package casework

import (
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Case is the programme's work with one person, by one organisation,
// within one project.
type Case struct {
	ID            string     `json:"id"`
	Reference     string     `json:"reference"` // e.g. BNSK-2024-0042, what people say on the phone
	PersonID      string     `json:"person_id"`
	OrgID         string     `json:"org_id"`
	ProjectID     string     `json:"project_id"`
	AssignedTo    string     `json:"assigned_to,omitempty"`
	Status        string     `json:"status"`
	Priority      string     `json:"priority,omitempty"` // from the latest screening
	OpenedOn      time.Time  `json:"opened_on"`
	ClosedOn      *time.Time `json:"closed_on,omitempty"`
	ClosureReason string     `json:"closure_reason,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`
}

// Timeline event kinds.
const (
	EventOpened    = "opened"
	EventStatus    = "status"
	EventReopened  = "reopened"
	EventNote      = "note"
	EventAssigned  = "assigned"
	EventTask      = "task"
	EventTaskDone  = "task_done"
	EventScreening = "screening"
)

// Event is a dated line of a case's timeline: who did what, when.
type Event struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	At         time.Time `json:"at"`
	ActorName  string    `json:"actor_name"`
	Kind       string    `json:"kind"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status,omitempty"`
	Body       string    `json:"body,omitempty"`
	RefID      string    `json:"ref_id,omitempty"` // the task, screening or user the line is about
	Reason     string    `json:"reason,omitempty"` // why a case closed
}

// Task is something to do on a case, by a date.
type Task struct {
	ID         string     `json:"id"`
	CaseID     string     `json:"case_id"`
	Title      string     `json:"title"`
	DueOn      *time.Time `json:"due_on,omitempty"`
	AssignedTo string     `json:"assigned_to,omitempty"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Overdue reports whether the task is open past its due date on day.
func (t Task) Overdue(day time.Time) bool {
	return t.DoneAt == nil && t.DueOn != nil && t.DueOn.Before(day)
}

// Validate checks a new task.
func (t *Task) Validate(today time.Time) error {
	t.Title = strings.TrimSpace(t.Title)
	var v app.Validation
	switch {
	case t.Title == "":
		v.Add("title", "say what needs doing")
	case len([]rune(t.Title)) > 300:
		v.Add("title", "keep the task under 300 characters")
	}
	if t.DueOn != nil && t.DueOn.Before(today.AddDate(-1, 0, 0)) {
		v.Add("due_on", "the due date is more than a year ago: check the year")
	}
	return v.Err()
}

// Screening is a dated vulnerability screening recorded on a case.
type Screening struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	AssessedOn time.Time `json:"assessed_on"`
	Indicators []string  `json:"indicators"`
	DebtMinor  *int64    `json:"debt_minor,omitempty"` // BDT paisa
	Score      int       `json:"score"`
	Priority   string    `json:"priority"`
	Notes      string    `json:"notes,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Prepare validates a screening and computes its score and priority.
func (s *Screening) Prepare(today time.Time) error {
	var v app.Validation
	if s.AssessedOn.IsZero() {
		v.Add("assessed_on", "enter the date of the screening")
	} else if s.AssessedOn.After(today) {
		v.Add("assessed_on", "the date is in the future")
	}
	s.Notes = strings.TrimSpace(s.Notes)
	if len(s.Notes) > 4000 {
		v.Add("notes", "keep the notes under 4000 characters")
	}
	if err := v.Err(); err != nil {
		return err
	}
	score, priority, normalized, err := Screen(s.Indicators, s.DebtMinor)
	if err != nil {
		return err
	}
	s.Score, s.Priority, s.Indicators = score, priority, normalized
	return nil
}

// CheckNote validates a note's text.
func CheckNote(body string) (string, error) {
	body = strings.TrimSpace(body)
	var v app.Validation
	switch {
	case body == "":
		v.Add("body", "write the note")
	case len(body) > 8000:
		v.Add("body", "keep the note under 8000 characters")
	}
	return body, v.Err()
}

// CheckOpening validates the opening date of a new case.
func CheckOpening(opened, today time.Time) error {
	var v app.Validation
	if opened.After(today) {
		v.Add("opened_on", "the date is in the future")
	}
	if opened.Before(today.AddDate(-10, 0, 0)) {
		v.Add("opened_on", "the date is more than ten years ago: check the year")
	}
	return v.Err()
}
