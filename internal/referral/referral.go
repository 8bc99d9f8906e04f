// Package referral holds the rules of the service directory and of
// referrals between organisations: a case worker refers a returnee to a
// service of another organisation (or of their own); the receiving
// organisation accepts or declines, then completes the referral with
// feedback. The store enforces who may see and do what; this package says
// what a valid service, referral and step look like.
package referral

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Service types. Labels live in the catalogs under "service_type.<code>".
const (
	JobPlacement        = "job_placement"
	SkillsTraining      = "skills_training"
	FinancialServices   = "financial_services" // loans, savings, insurance
	LegalAid            = "legal_aid"
	HealthCare          = "health_care"
	PsychosocialSupport = "psychosocial_support"
	Documentation       = "documentation" // NID, passport, certificates
	Education           = "education"
	Housing             = "housing"
	SocialProtection    = "social_protection" // safety-net allowances, welfare grants
	WageClaims          = "wage_claims"       // unpaid wages, compensation, complaints against recruiters
	OtherService        = "other"
)

// ServiceTypes lists the service types in display order.
var ServiceTypes = []string{JobPlacement, SkillsTraining, FinancialServices, LegalAid, HealthCare, PsychosocialSupport,
	Documentation, Education, Housing, SocialProtection, WageClaims, OtherService}

// Service is one entry of the service directory: something an
// organisation (a partner CSO, a government body, a service provider)
// offers returnees, where, and whom to call. Not personal data.
type Service struct {
	ID     string `json:"id"`
	OrgID  string `json:"org_id"` // the provider organisation
	NameEn string `json:"name_en"`
	NameBn string `json:"name_bn"`
	Type   string `json:"type"`
	// Areas are the P-codes of the divisions, districts or upazilas the
	// service covers; empty means the whole country.
	Areas       []string  `json:"areas"`
	ContactName string    `json:"contact_name"`
	Phone       string    `json:"phone"`
	Email       string    `json:"email"`
	Notes       string    `json:"notes"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`

	// Read with the service, never written through it.
	OrgCode   string `json:"org_code,omitempty"`
	OrgNameEn string `json:"org_name_en,omitempty"`
	OrgNameBn string `json:"org_name_bn,omitempty"`
	OrgKind   string `json:"org_kind,omitempty"`
}

// Name returns the service's name in lang, falling back to English.
func (s Service) Name(lang string) string {
	if lang == "bn" && s.NameBn != "" {
		return s.NameBn
	}
	return s.NameEn
}

// National reports whether the service covers the whole country.
func (s Service) National() bool { return len(s.Areas) == 0 }

// Serves reports whether the service covers the place with P-code pcode
// (a division, district, upazila or union): a national service covers
// everywhere; otherwise one of its areas must contain the place or lie
// inside it (a district-wide search finds a service of one of its
// upazilas, which may well serve the person). An empty pcode matches
// every service.
func (s Service) Serves(pcode string) bool {
	if pcode == "" || s.National() {
		return true
	}
	for _, a := range s.Areas {
		if strings.HasPrefix(pcode, a) || strings.HasPrefix(a, pcode) {
			return true
		}
	}
	return false
}

// Normalize tidies a service's fields in place.
func (s *Service) Normalize() {
	s.NameEn = strings.Join(strings.Fields(s.NameEn), " ")
	s.NameBn = strings.Join(strings.Fields(s.NameBn), " ")
	s.Type = strings.TrimSpace(s.Type)
	var areas []string
	for _, a := range s.Areas {
		for _, f := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			f = strings.ToUpper(f)
			if !contains(areas, f) {
				areas = append(areas, f)
			}
		}
	}
	s.Areas = areas
	s.ContactName = strings.Join(strings.Fields(s.ContactName), " ")
	s.Phone = strings.Join(strings.Fields(s.Phone), " ")
	s.Email = strings.TrimSpace(s.Email)
	s.Notes = strings.TrimSpace(s.Notes)
}

// Validate checks a service, naming each wrong field.
func (s *Service) Validate() error {
	s.Normalize()
	var v app.Validation
	if s.OrgID == "" {
		v.Add("org_id", "choose the organisation that provides the service")
	}
	switch {
	case s.NameEn == "":
		v.Add("name_en", "enter the service's name in English")
	case utf8.RuneCountInString(s.NameEn) > 200:
		v.Add("name_en", "keep the name under 200 characters")
	}
	if utf8.RuneCountInString(s.NameBn) > 200 {
		v.Add("name_bn", "keep the name under 200 characters")
	}
	if !contains(ServiceTypes, s.Type) {
		v.Add("type", "choose the type of service from the list")
	}
	for _, a := range s.Areas {
		if u, ok := refdata.Admin(a); !ok || u.Level > refdata.Upazila {
			v.Add("areas", "give areas as P-codes of divisions, districts or upazilas (for example BD2051), or none for the whole country")
		}
	}
	if utf8.RuneCountInString(s.ContactName) > 200 {
		v.Add("contact_name", "keep the name under 200 characters")
	}
	if s.Phone != "" && !phoneOK(s.Phone) {
		v.Add("phone", "enter a phone number of 3 to 15 digits (a hotline such as 333 is fine)")
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email || len(s.Email) > 200 {
			v.Add("email", "enter an email address such as name@example.org")
		}
	}
	if len(s.Notes) > 4000 {
		v.Add("notes", "keep the notes under 4000 characters")
	}
	return v.Err()
}

// phoneOK accepts what directories print: digits (ASCII or Bengali), an
// optional leading +, spaces, dashes and brackets; 3 to 15 digits, so
// short government hotlines fit.
func phoneOK(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '০' && r <= '৯':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}

// Referral statuses.
const (
	Requested = "requested"
	Accepted  = "accepted"
	Declined  = "declined"
	Completed = "completed"
	Cancelled = "cancelled"
)

// Statuses lists the statuses in the order a referral moves through them.
var Statuses = []string{Requested, Accepted, Declined, Completed, Cancelled}

// Outcomes of a completed referral, as the receiving organisation reports it.
var Outcomes = []string{"service_provided", "partly_provided", "not_provided"}

// DefaultResponseDays is how long the receiving organisation has to accept
// or decline a referral, unless the referrer sets another date.
const DefaultResponseDays = 14

// Timeline event kinds written on the referring case.
const (
	EventRequested = "referral_requested"
	EventAccepted  = "referral_accepted"
	EventDeclined  = "referral_declined"
	EventCompleted = "referral_completed"
	EventCancelled = "referral_cancelled"
)

// EventKind returns the timeline kind for a referral reaching status.
func EventKind(status string) string { return "referral_" + status }

// Referral sends a returnee from a case to a service.
type Referral struct {
	ID        string `json:"id"`
	CaseID    string `json:"case_id"`
	PersonID  string `json:"person_id"`
	FromOrgID string `json:"from_org_id"`
	ServiceID string `json:"service_id"`
	ToOrgID   string `json:"to_org_id"` // the service's organisation
	// Reason says what the person needs from the service.
	Reason      string     `json:"reason"`
	Status      string     `json:"status"`
	DueOn       time.Time  `json:"due_on"` // the date an answer is due by
	RequestedAt time.Time  `json:"requested_at"`
	RequestedBy string     `json:"requested_by"`
	AcceptedAt  *time.Time `json:"accepted_at,omitempty"`
	DeclinedAt  *time.Time `json:"declined_at,omitempty"`
	RespondedBy string     `json:"responded_by,omitempty"`
	// DeclineReason is required when declining.
	DeclineReason string     `json:"decline_reason,omitempty"`
	CompletedAt   *time.Time `json:"completed_at,omitempty"`
	CompletedBy   string     `json:"completed_by,omitempty"`
	Outcome       string     `json:"outcome,omitempty"`
	Feedback      string     `json:"feedback,omitempty"`
	CancelledAt   *time.Time `json:"cancelled_at,omitempty"`
	CancelledBy   string     `json:"cancelled_by,omitempty"`
	CancelReason  string     `json:"cancel_reason,omitempty"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`

	// Read with the referral for the referring organisation's screens.
	CaseReference  string `json:"case_reference,omitempty"`
	ServiceNameEn  string `json:"service_name_en,omitempty"`
	ServiceNameBn  string `json:"service_name_bn,omitempty"`
	ServiceType    string `json:"service_type,omitempty"`
	ToOrgCode      string `json:"to_org_code,omitempty"`
	FromOrgCode    string `json:"from_org_code,omitempty"`
	SharingConsent bool   `json:"sharing_consent"` // the person's sharing consent with the receiver is active (or the referral stays inside one organisation)
	IsOverdue      bool   `json:"overdue"`
	// ReceiverInRemaker is true when the receiving organisation has active
	// case workers or managers, who answer in their inbox; otherwise the
	// referring organisation records the answers on its behalf.
	ReceiverInRemaker bool `json:"receiver_in_remaker"`
}

// Internal reports whether the referral stays inside one organisation.
func (r Referral) Internal() bool { return r.FromOrgID == r.ToOrgID }

// Overdue reports whether the referral waits for an answer past its due
// date on day (a date in Dhaka).
func (r Referral) Overdue(day time.Time) bool {
	return r.Status == Requested && day.After(dateOnly(r.DueOn))
}

// Open reports whether the referral still expects work.
func (r Referral) Open() bool { return r.Status == Requested || r.Status == Accepted }

// Prepare validates a new referral and fills its due date (DefaultResponseDays
// after today when not given). today is the date in Dhaka.
func (r *Referral) Prepare(today time.Time) error {
	r.Reason = strings.TrimSpace(r.Reason)
	var v app.Validation
	if r.CaseID == "" {
		v.Add("case_id", "choose the case the referral is for")
	}
	if r.ServiceID == "" {
		v.Add("service_id", "choose a service from the directory")
	}
	switch {
	case r.Reason == "":
		v.Add("reason", "say what the person needs from this service")
	case len(r.Reason) > 4000:
		v.Add("reason", "keep the description of the needs under 4000 characters")
	}
	if r.DueOn.IsZero() {
		r.DueOn = today.AddDate(0, 0, DefaultResponseDays)
	}
	r.DueOn = dateOnly(r.DueOn)
	switch {
	case r.DueOn.Before(today):
		v.Add("due_on", "the date for an answer is in the past")
	case r.DueOn.After(today.AddDate(0, 6, 0)):
		v.Add("due_on", "ask for an answer within six months")
	}
	return v.Err()
}

// Step is a requested change of a referral's status.
type Step struct {
	To       string `json:"to"`       // accepted, declined, completed or cancelled
	Reason   string `json:"reason"`   // why it is declined or cancelled
	Outcome  string `json:"outcome"`  // on completion, one of Outcomes
	Feedback string `json:"feedback"` // on completion, what was done
}

// Check validates a step from the referral's current status.
func (s *Step) Check(from string) error {
	s.Reason, s.Feedback = strings.TrimSpace(s.Reason), strings.TrimSpace(s.Feedback)
	var v app.Validation
	switch s.To {
	case Accepted, Declined, Completed, Cancelled:
	default:
		v.Add("to", "choose what to do with the referral")
		return v.Err()
	}
	switch {
	case s.To == Declined && s.Reason == "":
		v.Add("reason", "say why the referral is declined")
	case s.To == Cancelled && from == Accepted && s.Reason == "":
		v.Add("reason", "say why the accepted referral is cancelled")
	case s.To != Declined && s.To != Cancelled && s.Reason != "":
		v.Add("reason", "a reason is only given when declining or cancelling")
	case len(s.Reason) > 2000:
		v.Add("reason", "keep the reason for declining or cancelling under 2000 characters")
	}
	if s.To == Completed {
		if !contains(Outcomes, s.Outcome) {
			v.Add("outcome", "choose the outcome of the referral")
		}
		switch {
		case s.Feedback == "":
			v.Add("feedback", "describe what was done for the person")
		case len(s.Feedback) > 4000:
			v.Add("feedback", "keep the feedback under 4000 characters")
		}
	} else if s.Outcome != "" || s.Feedback != "" {
		v.Add("feedback", "outcome and feedback are given when completing the referral")
	}
	if err := v.Err(); err != nil {
		return err
	}
	switch {
	case from == Declined || from == Completed || from == Cancelled:
		return app.Errorf(app.ECONFLICT, "this referral is already closed: nothing more can be done with it")
	case from == Requested && s.To == Completed:
		return app.Errorf(app.ECONFLICT, "accept the referral before completing it")
	case from == Accepted && (s.To == Accepted || s.To == Declined):
		return app.Errorf(app.ECONFLICT, "the referral has already been accepted")
	}
	return nil
}

// Who may take a step: the receiving organisation answers and completes,
// the referring organisation cancels. The store says which side the actor
// is on (both, for a referral inside one organisation, or when the
// referrer records the answer of an organisation that does not use
// Remaker).
func (s Step) CheckSide(referrer, receiver bool) error {
	switch {
	case s.To == Cancelled && !referrer:
		return app.Errorf(app.EFORBIDDEN, "only the organisation that made the referral can cancel it")
	case s.To != Cancelled && !receiver:
		return app.Errorf(app.EFORBIDDEN, "only the receiving organisation can accept, decline or complete a referral")
	}
	return nil
}

// Apply moves the referral by a checked step, taken at by by.
func (r *Referral) Apply(s Step, at time.Time, by string) {
	r.Status = s.To
	t := at
	switch s.To {
	case Accepted:
		r.AcceptedAt, r.RespondedBy = &t, by
	case Declined:
		r.DeclinedAt, r.RespondedBy, r.DeclineReason = &t, by, s.Reason
	case Completed:
		r.CompletedAt, r.CompletedBy, r.Outcome, r.Feedback = &t, by, s.Outcome, s.Feedback
	case Cancelled:
		r.CancelledAt, r.CancelledBy, r.CancelReason = &t, by, s.Reason
	}
}

// AgeBand gives a person's age as a band (what a receiving organisation
// needs, rather than the birth date): "under_18", "18-24", "25-34",
// "35-44", "45-59", "60+", or "" when the birth date is unknown.
func AgeBand(birth *time.Time, day time.Time) string {
	if birth == nil {
		return ""
	}
	age := day.Year() - birth.Year()
	if day.Month() < birth.Month() || day.Month() == birth.Month() && day.Day() < birth.Day() {
		age--
	}
	switch {
	case age < 18:
		return "under_18"
	case age < 25:
		return "18-24"
	case age < 35:
		return "25-34"
	case age < 45:
		return "35-44"
	case age < 60:
		return "45-59"
	}
	return "60+"
}

// AgeBands lists the bands AgeBand returns, youngest first.
var AgeBands = []string{"under_18", "18-24", "25-34", "35-44", "45-59", "60+"}

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
