package study

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
)

// Stakeholder types consultation participants are counted by and
// recommendations are raised by.
const (
	StakeGovernment = "government"
	StakeEthnicRep  = "ethnic_representative"
	StakeCHTRC      = "cht_regional_council"
	StakeCSO        = "cso"
	StakePrivate    = "private_sector"
	StakeOther      = "other"
)

// Stakeholders lists the stakeholder types in display order.
var Stakeholders = []string{StakeGovernment, StakeEthnicRep, StakeCHTRC, StakeCSO, StakePrivate, StakeOther}

// Recommendation statuses: a strategy document addresses a
// recommendation, or the team records why it was not taken up.
const (
	RecOpen      = "open"
	RecAddressed = "addressed"
	RecNotTaken  = "not_taken_up"
)

// RecStatuses lists the recommendation statuses.
var RecStatuses = []string{RecOpen, RecAddressed, RecNotTaken}

// Action statuses.
const (
	ActionOpen       = "open"
	ActionInProgress = "in_progress"
	ActionDone       = "done"
)

// ActionStatuses lists the statuses of a follow-up action.
var ActionStatuses = []string{ActionOpen, ActionInProgress, ActionDone}

// Consultation is one stakeholder event of a study.
type Consultation struct {
	ID      string    `json:"id"`
	StudyID string    `json:"study_id"`
	Title   string    `json:"title"`
	HeldOn  time.Time `json:"held_on"`
	Stage   string    `json:"stage"`
	Place   string    `json:"place"`
	Notes   string    `json:"notes"`
	// Participants are counted by stakeholder type (Category) and sex.
	Participants []Count  `json:"participants"`
	Issues       []string `json:"issues"`

	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`

	// Read with the event.
	Recommendations []Recommendation `json:"recommendations"`
	Actions         []Action         `json:"actions"`
}

// Validate checks a consultation, its counts and its issues.
func (c *Consultation) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	c.Place = strings.TrimSpace(c.Place)
	c.Notes = strings.TrimSpace(c.Notes)
	var v app.Validation
	checkText(&v, "title", c.Title, true, maxShort)
	checkDate(&v, "held_on", c.HeldOn)
	if !slices.Contains(Stages, c.Stage) {
		v.Add("stage", "choose a stage from the list")
	}
	checkText(&v, "place", c.Place, true, maxShort)
	checkText(&v, "notes", c.Notes, false, maxText)
	parts, err := checkCounts("participants", c.Participants, func(s string) bool { return slices.Contains(Stakeholders, s) })
	v.Merge(err)
	c.Participants = parts
	var issues []string
	for i, is := range c.Issues {
		is = strings.TrimSpace(is)
		if is == "" {
			continue
		}
		if utf8.RuneCountInString(is) > maxText {
			v.Add("issues."+strconv.Itoa(i), "keep this under 4000 characters")
		}
		issues = append(issues, is)
	}
	c.Issues = issues
	return v.Err()
}

// Recommendation is one recommendation made at a consultation. Ref (R-1,
// R-2...) is stable within the study: a strategy document cites it.
type Recommendation struct {
	ID             string    `json:"id"`
	ConsultationID string    `json:"consultation_id"`
	StudyID        string    `json:"study_id"`
	Ref            string    `json:"ref"`
	TextEN         string    `json:"text_en"`
	TextBN         string    `json:"text_bn"`
	RaisedBy       string    `json:"raised_by"` // a stakeholder type
	Status         string    `json:"status"`
	StatusReason   string    `json:"status_reason"`
	CreatedByName  string    `json:"created_by_name"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	Version        int       `json:"version"`
}

// Text returns the recommendation in lang, falling back to English.
func (r Recommendation) Text(lang string) string {
	if strings.HasPrefix(lang, "bn") && r.TextBN != "" {
		return r.TextBN
	}
	return r.TextEN
}

// Validate checks a recommendation.
func (r *Recommendation) Validate() error {
	r.TextEN = strings.TrimSpace(r.TextEN)
	r.TextBN = strings.TrimSpace(r.TextBN)
	r.StatusReason = strings.TrimSpace(r.StatusReason)
	if r.Status == "" {
		r.Status = RecOpen
	}
	var v app.Validation
	checkText(&v, "text_en", r.TextEN, true, maxText)
	checkText(&v, "text_bn", r.TextBN, false, maxText)
	if !slices.Contains(Stakeholders, r.RaisedBy) {
		v.Add("raised_by", "choose who raised it from the list")
	}
	if !slices.Contains(RecStatuses, r.Status) {
		v.Add("status", "choose a status from the list")
	}
	if r.Status == RecNotTaken && r.StatusReason == "" {
		v.Add("status_reason", "say why the recommendation was not taken up")
	}
	checkText(&v, "status_reason", r.StatusReason, false, maxText)
	if r.Status != RecNotTaken {
		r.StatusReason = ""
	}
	return v.Err()
}

// Action is a follow-up action agreed at a consultation.
type Action struct {
	ID             string    `json:"id"`
	ConsultationID string    `json:"consultation_id"`
	Action         string    `json:"action"`
	Owner          string    `json:"owner"`         // named in full, when not a user
	OwnerUserID    string    `json:"owner_user_id"` // a Remaker user
	OwnerUsername  string    `json:"owner_username"`
	DueOn          time.Time `json:"due_on"`
	Status         string    `json:"status"`
	// Overdue is computed on read: not done and due before today.
	Overdue       bool      `json:"overdue"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
}

// Validate checks an action.
func (a *Action) Validate() error {
	a.Action = strings.TrimSpace(a.Action)
	a.Owner = strings.TrimSpace(a.Owner)
	a.OwnerUserID = strings.TrimSpace(a.OwnerUserID)
	if a.Status == "" {
		a.Status = ActionOpen
	}
	var v app.Validation
	checkText(&v, "action", a.Action, true, maxText)
	if a.Owner == "" && a.OwnerUserID == "" {
		v.Add("owner", "say who owns the action: a user or a name")
	}
	checkText(&v, "owner", a.Owner, false, maxShort)
	checkDate(&v, "due_on", a.DueOn)
	if !slices.Contains(ActionStatuses, a.Status) {
		v.Add("status", "choose a status from the list")
	}
	return v.Err()
}

// IsOverdue reports whether an action is late on the day today.
func (a Action) IsOverdue(today time.Time) bool {
	return a.Status != ActionDone && a.DueOn.Before(today)
}
