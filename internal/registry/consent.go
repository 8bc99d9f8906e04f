package registry

import (
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Consent purposes. What lacks consent for a purpose cannot be used for it.
const (
	PurposeRegistration = "registration"
	PurposeSharing      = "sharing" // with one named organisation, for a referral
	PurposeFollowUp     = "follow_up"
	PurposePhoto        = "photo"
)

// Purposes lists the consent purposes in display order.
var Purposes = []string{PurposeRegistration, PurposeSharing, PurposeFollowUp, PurposePhoto}

// ConsentMethods are the ways consent is given.
var ConsentMethods = []string{"written", "verbal", "thumbprint"}

// Consent records a person's agreement to one purpose. Withdrawal is
// recorded on the same line and takes effect at once.
type Consent struct {
	ID             string     `json:"id"`
	PersonID       string     `json:"person_id"`
	OrgID          string     `json:"org_id"`
	Purpose        string     `json:"purpose"`
	SharedWithOrg  string     `json:"shared_with_org,omitempty"`
	Method         string     `json:"method"`
	GivenOn        time.Time  `json:"given_on"`
	RecordedBy     string     `json:"recorded_by"`
	RecordedAt     time.Time  `json:"recorded_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
	WithdrawalNote string     `json:"withdrawal_note,omitempty"`
}

// Active reports whether the consent stands.
func (c Consent) Active() bool { return c.WithdrawnAt == nil }

// Validate checks a consent record.
func (c *Consent) Validate(today time.Time) error {
	var v app.Validation
	if !contains(Purposes, c.Purpose) {
		v.Add("purpose", "choose what the consent is for")
	}
	if c.Purpose == PurposeSharing && c.SharedWithOrg == "" {
		v.Add("shared_with_org", "name the organisation the person agreed to share with")
	}
	if c.Purpose != PurposeSharing && c.SharedWithOrg != "" {
		v.Add("shared_with_org", "only consent to sharing names an organisation")
	}
	if !contains(ConsentMethods, c.Method) {
		v.Add("method", "choose how consent was given: written, verbal or thumbprint")
	}
	if c.GivenOn.IsZero() {
		v.Add("given_on", "enter the date consent was given")
	} else if c.GivenOn.After(today) {
		v.Add("given_on", "the date is in the future")
	}
	return v.Err()
}

// Covers reports whether the active consents allow purpose (for sharing,
// with org). Registration consent is a precondition of every other use.
func Covers(consents []Consent, purpose, org string) bool {
	for _, c := range consents {
		if c.Active() && c.Purpose == purpose && (purpose != PurposeSharing || c.SharedWithOrg == org) {
			return true
		}
	}
	return false
}
