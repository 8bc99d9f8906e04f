package registry

import (
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Code lists for households.
var (
	Relationships = []string{"self", "spouse", "son", "daughter", "father", "mother", "brother", "sister",
		"grandparent", "grandchild", "in_law", "other_relative", "other"}
	IncomeSources = []string{"wage_labour", "agriculture", "livestock", "fishing", "small_business", "salaried_job",
		"remittances", "social_safety_net", "none", "other"}
)

// Household is the family a returnee lives with. One person is its contact.
type Household struct {
	ID              string    `json:"id"`
	OrgID           string    `json:"org_id"`
	ContactPersonID string    `json:"contact_person_id,omitempty"`
	IncomeSources   []string  `json:"income_sources"`
	Notes           string    `json:"notes,omitempty"`
	Members         []Member  `json:"members"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	Version         int       `json:"version"`
}

// Dependants counts the members who depend on the household's earners.
func (h Household) Dependants() int {
	n := 0
	for _, m := range h.Members {
		if m.Dependant {
			n++
		}
	}
	return n
}

// ChildrenOutOfSchool counts school-age members (5 to 17) known not to attend school.
func (h Household) ChildrenOutOfSchool() int {
	n := 0
	for _, m := range h.Members {
		if m.Age != nil && *m.Age >= 5 && *m.Age <= 17 && m.InSchool != nil && !*m.InSchool {
			n++
		}
	}
	return n
}

// Validate checks a household's own fields.
func (h *Household) Validate() error {
	var v app.Validation
	for _, s := range h.IncomeSources {
		if !contains(IncomeSources, s) {
			v.Add("income_sources", "choose income sources from the list")
		}
	}
	h.Notes = strings.TrimSpace(h.Notes)
	if len(h.Notes) > 4000 {
		v.Add("notes", "keep the notes under 4000 characters")
	}
	return v.Err()
}

// Member is a person in a household, described by their relationship to
// the returnee. PersonID links a member who is also in the register.
type Member struct {
	ID           string    `json:"id"`
	HouseholdID  string    `json:"household_id"`
	PersonID     string    `json:"person_id,omitempty"`
	Name         string    `json:"name"`
	Relationship string    `json:"relationship"`
	Sex          string    `json:"sex"`
	Age          *int      `json:"age,omitempty"`
	Dependant    bool      `json:"dependant"`
	InSchool     *bool     `json:"in_school,omitempty"` // for children: attends school
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks a member.
func (m *Member) Validate() error {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	var v app.Validation
	if len([]rune(m.Name)) > 100 {
		v.Add("name", "keep the name under 100 letters")
	}
	if !contains(Relationships, m.Relationship) {
		v.Add("relationship", "choose how the member is related to the returnee")
	}
	if !contains(Sexes, m.Sex) {
		v.Add("sex", "choose the member's sex")
	}
	if m.Age != nil && (*m.Age < 0 || *m.Age > 120) {
		v.Add("age", "enter an age from 0 to 120")
	}
	return v.Err()
}
