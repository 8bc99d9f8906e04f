package forms

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// A form version is a draft until someone publishes it; publishing a newer
// version retires the one before. Devices download only the published
// version, but a retired version still accepts submissions: an enumerator
// may have filled it offline days ago, and that work must not be lost.
const (
	Draft     = "draft"
	Published = "published"
	Retired   = "retired"
)

// States lists the states of a form version in lifecycle order.
var States = []string{Draft, Published, Retired}

// Purposes say what a form is for; the built-in forms each have one, so
// that the case page can offer "record a screening" with the right form.
var Purposes = []string{"screening", "rss", "followup", "scoping", "other"}

// Review states of a submission. An edited submission has been replaced by
// a newer one (which names it in deprecatedID) and is kept as history.
const (
	Received = "received"
	Approved = "approved"
	Rejected = "rejected"
	Edited   = "edited"
)

// ReviewStates lists the review states a reviewer may set.
var ReviewStates = []string{Received, Approved, Rejected}

// Channels a submission can arrive by.
const (
	ChannelWeb      = "web"
	ChannelOpenRosa = "openrosa"
)

// Form is one questionnaire, known to devices by its form ID (settings
// form_id). OrgID is empty for forms every organisation uses.
type Form struct {
	ID        string    `json:"id"`
	FormID    string    `json:"form_id"`
	Title     string    `json:"title"`
	Purpose   string    `json:"purpose"`
	OrgID     string    `json:"org_id,omitempty"`
	OrgCode   string    `json:"org_code,omitempty"`
	CaseBound bool      `json:"case_bound"`
	BuiltIn   bool      `json:"built_in"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
	// Published is the version devices download, if any.
	Published *Version `json:"published,omitempty"`
	// Versions counts every version ever uploaded.
	Versions int `json:"versions"`
}

// Version is one upload of a form: the workbook as it came and the XForm
// made from it. FormVersion is the settings sheet's version string.
type Version struct {
	ID              string     `json:"id"`
	FormPK          string     `json:"form"`
	FormID          string     `json:"form_id"`
	FormVersion     string     `json:"form_version"`
	State           string     `json:"state"`
	Title           string     `json:"title"`
	DefaultLanguage string     `json:"default_language"`
	Languages       []string   `json:"languages"`
	Questions       int        `json:"questions"`
	FileName        string     `json:"file_name"`
	SourceSHA256    string     `json:"source_sha256"`
	XFormHash       string     `json:"xform_hash"`
	UploadedBy      string     `json:"uploaded_by"`
	UploadedByName  string     `json:"uploaded_by_name"`
	UploadedAt      time.Time  `json:"uploaded_at"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	RetiredAt       *time.Time `json:"retired_at,omitempty"`
	Version         int        `json:"version"`
}

// Collectable reports whether a submission to this version is accepted.
func (v Version) Collectable() bool { return v.State == Published || v.State == Retired }

// Submission is one filled form. Data holds the answers as a flat JSON
// object; XML is the instance as received (or as made from the web form).
type Submission struct {
	ID              string       `json:"id"`
	FormPK          string       `json:"form"`
	FormID          string       `json:"form_id"`
	FormVersionID   string       `json:"form_version_id"`
	FormVersion     string       `json:"form_version"`
	InstanceID      string       `json:"instance_id"`
	DeprecatedID    string       `json:"deprecated_id,omitempty"`
	InstanceName    string       `json:"instance_name,omitempty"`
	XML             string       `json:"-"`
	Data            string       `json:"-"`
	OrgID           string       `json:"org_id"`
	CaseID          string       `json:"case_id,omitempty"`
	CaseReference   string       `json:"case_reference,omitempty"`
	SubmittedBy     string       `json:"submitted_by"`
	SubmittedByName string       `json:"submitted_by_name"`
	DeviceID        string       `json:"device_id,omitempty"`
	Channel         string       `json:"channel"`
	ReceivedAt      time.Time    `json:"received_at"`
	ReviewState     string       `json:"review_state"`
	ReviewNote      string       `json:"review_note,omitempty"`
	ReviewedBy      string       `json:"reviewed_by,omitempty"`
	ReviewedAt      *time.Time   `json:"reviewed_at,omitempty"`
	Current         bool         `json:"current"`
	Attachments     []Attachment `json:"attachments"`
	Version         int          `json:"version"`
}

// Attachment is a file sent with a submission (a photo, a recording, a
// scanned document), kept in the data directory under its SHA-256.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// The OpenRosa instanceID is "uuid:" and a UUID in practice, but the spec
// allows any string; keep it printable and bounded so that it can be a key.
var instanceIDPattern = regexp.MustCompile(`^[\x21-\x7e]{1,128}$`)

// CheckInstanceID checks an instanceID or deprecatedID as received.
func CheckInstanceID(field, id string) error {
	if !instanceIDPattern.MatchString(id) {
		return app.FieldError(field, "the instance ID must be 1 to 128 printable characters without spaces, such as uuid:...")
	}
	return nil
}

// CheckPurpose checks a form's purpose.
func CheckPurpose(p string) error {
	if !slices.Contains(Purposes, p) {
		return app.FieldError("purpose", "choose what the form is for: screening, sustainability survey, follow-up, scoping study or other")
	}
	return nil
}

// CheckReview checks a reviewer's decision: rejecting needs a note saying
// what is wrong, so that whoever collected it can put it right.
func CheckReview(state, note string) (string, error) {
	note = strings.TrimSpace(note)
	switch {
	case !slices.Contains(ReviewStates, state):
		return note, app.FieldError("review_state", "choose received, approved or rejected")
	case state == Rejected && note == "":
		return note, app.FieldError("review_note", "say what is wrong with the submission, so that it can be corrected")
	case len([]rune(note)) > 2000:
		return note, app.FieldError("review_note", "keep the note under 2000 characters")
	}
	return note, nil
}

// ManagesForms reports whether the actor may upload, publish and retire
// forms: administrators and programme managers for every form,
// organisation managers for their own organisation's.
func ManagesForms(a app.Actor, orgID string) bool {
	switch a.Role {
	case app.RoleAdmin, app.RoleProgrammeManager:
		return true
	case app.RoleOrgManager:
		return orgID != "" && orgID == a.OrgID
	}
	return false
}
