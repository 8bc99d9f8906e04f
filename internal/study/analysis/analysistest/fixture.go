// Package analysistest makes scoping questionnaire answers for tests of
// the study analysis: a Respondent says what matters, Values writes it as
// the built-in remaker_scoping form's instance keys, and Many repeats a
// respondent.
package analysistest

import (
	"strconv"
	"strings"
)

// Skill is one instance of the skills repeat.
type Skill struct {
	Group       string // ISCO-08 major group, "0" to "9"
	Certificate bool
}

// Respondent is one person's answers. Empty fields are left unanswered,
// except Consent (default yes).
type Respondent struct {
	NoConsent    bool
	Name         string
	Sex          string // female, male, third_gender
	Age          int
	Group        string // ethnic group code: chakma, marma, ...
	District     string // P-code: BD2003, BD2046, BD2084
	Upazila      string
	Willing      string // yes, no, maybe
	Destinations []string
	Occupations  []string
	Skills       []Skill
	Barriers     []string
}

// Values writes the answers as instance keys of the scoping form.
func (r Respondent) Values() map[string]string {
	v := map[string]string{"interview_date": "2025-03-10", "consent": "yes"}
	if r.NoConsent {
		v["consent"] = "no"
		return v
	}
	set := func(key, val string) {
		if val != "" {
			v[key] = val
		}
	}
	set("interview/profile/respondent_name", r.Name)
	set("interview/profile/sex", r.Sex)
	if r.Age > 0 {
		set("interview/profile/age", strconv.Itoa(r.Age))
	}
	set("interview/profile/ethnic_group", r.Group)
	set("interview/profile/district", r.District)
	set("interview/profile/upazila", r.Upazila)
	set("interview/willingness/willing_abroad", r.Willing)
	set("interview/willingness/preferred_destinations", strings.Join(r.Destinations, " "))
	set("interview/willingness/preferred_occupations", strings.Join(r.Occupations, " "))
	set("interview/obstacles/barriers", strings.Join(r.Barriers, " "))
	if len(r.Skills) > 0 {
		v["interview/skills/has_skills"] = "yes"
	} else {
		v["interview/skills/has_skills"] = "no"
	}
	for i, s := range r.Skills {
		p := "interview/skills/skill[" + strconv.Itoa(i+1) + "]/"
		v[p+"skill_group"] = s.Group
		v[p+"skill_name"] = "work"
		v[p+"skill_years"] = "3"
		v[p+"skill_certificate"] = map[bool]string{true: "yes", false: "no"}[s.Certificate]
	}
	return v
}

// Many returns n copies of r.
func Many(n int, r Respondent) []Respondent {
	out := make([]Respondent, n)
	for i := range out {
		out[i] = r
	}
	return out
}

// Join concatenates groups of respondents.
func Join(groups ...[]Respondent) []Respondent {
	var out []Respondent
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
