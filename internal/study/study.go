// Package study holds the rules of a scoping study (issue 7): a
// participatory assessment of the skills and willingness to work abroad
// of ethnic and religious minorities, its qualitative sessions (focus
// group discussions and key informant interviews) coded with a codebook,
// and the stakeholder consultations held at each stage, whose
// recommendations a strategy document later addresses by their reference.
// Nothing here names a participant: counts by sex and group only.
package study

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Stages of a study, in order.
const (
	StageDesign     = "design"
	StageCollection = "data_collection"
	StageAnalysis   = "analysis"
	StageValidation = "validation"
	StagePublished  = "strategy_published"
)

// Stages lists the stages in order.
var Stages = []string{StageDesign, StageCollection, StageAnalysis, StageValidation, StagePublished}

// Team roles of Remaker users; outside members take any of them too.
const (
	RoleLead       = "lead"
	RoleResearcher = "researcher"
	RoleEnumerator = "enumerator"
)

// TeamRoles lists the team roles.
var TeamRoles = []string{RoleLead, RoleResearcher, RoleEnumerator}

// Religious minorities a study may target, beside the ethnic groups of
// refdata. The "rel_" prefix keeps them apart from ethnic group codes.
var ReligiousGroups = []Group{
	{Code: "rel_hindu", NameEN: "Hindu", NameBN: "হিন্দু"},
	{Code: "rel_buddhist", NameEN: "Buddhist", NameBN: "বৌদ্ধ"},
	{Code: "rel_christian", NameEN: "Christian", NameBN: "খ্রিস্টান"},
	{Code: "rel_other", NameEN: "Other religious minority", NameBN: "অন্যান্য ধর্মীয় সংখ্যালঘু"},
}

// Group is a target group: an ethnic group or a religious minority.
type Group struct {
	Code, NameEN, NameBN string
}

// Name returns the Bangla name for Bangla and the English one otherwise.
func (g Group) Name(lang string) string {
	if strings.HasPrefix(lang, "bn") && g.NameBN != "" {
		return g.NameBN
	}
	return g.NameEN
}

// Groups lists every code a target group or a participant group may take:
// the ethnic groups of refdata, then the religious minorities.
func Groups() []Group {
	var out []Group
	for _, e := range refdata.EthnicGroups() {
		out = append(out, Group{Code: e.Code, NameEN: e.NameEN, NameBN: e.NameBN})
	}
	return append(out, ReligiousGroups...)
}

// GroupByCode finds a group.
func GroupByCode(code string) (Group, bool) {
	for _, g := range Groups() {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// Sexes participants are counted by (the register's).
var Sexes = registry.Sexes

const (
	maxTitle = 300
	maxShort = 200
	maxText  = 4000
	// MaxTranscript bounds a session's notes or transcript (characters).
	MaxTranscript = 200_000
	// MaxPeople bounds one count of participants.
	MaxPeople = 10_000
)

var (
	firstDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Study is one scoping study.
type Study struct {
	ID           string   `json:"id"`
	TitleEN      string   `json:"title_en"`
	TitleBN      string   `json:"title_bn"`
	Objectives   string   `json:"objectives"`
	Area         []string `json:"area"`          // P-codes of districts or upazilas
	TargetGroups []string `json:"target_groups"` // group codes, see Groups
	CurrentStage string   `json:"current_stage"`

	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`

	// Read with the study.
	Stages []Stage  `json:"stages"`
	Team   []Member `json:"team"`
}

// Title returns the title in lang, falling back to English.
func (s Study) Title(lang string) string {
	if strings.HasPrefix(lang, "bn") && s.TitleBN != "" {
		return s.TitleBN
	}
	return s.TitleEN
}

// Validate checks a study's own fields and normalises its codes.
func (s *Study) Validate() error {
	s.TitleEN = strings.TrimSpace(s.TitleEN)
	s.TitleBN = strings.TrimSpace(s.TitleBN)
	s.Objectives = strings.TrimSpace(s.Objectives)
	var v app.Validation
	switch {
	case s.TitleEN == "":
		v.Add("title_en", "write the title of the study in English")
	case utf8.RuneCountInString(s.TitleEN) > maxTitle:
		v.Add("title_en", "keep this under 300 characters")
	}
	if utf8.RuneCountInString(s.TitleBN) > maxTitle {
		v.Add("title_bn", "keep this under 300 characters")
	}
	if utf8.RuneCountInString(s.Objectives) > maxText {
		v.Add("objectives", "keep the objectives under 4000 characters")
	}
	s.Area = dedupe(s.Area, strings.ToUpper)
	if len(s.Area) == 0 {
		v.Add("area", "choose at least one district or upazila")
	}
	for _, p := range s.Area {
		if u, ok := refdata.Admin(p); !ok || (u.Level != refdata.District && u.Level != refdata.Upazila) {
			v.Add("area", "this P-code is not a known district or upazila: choose from the list")
			break
		}
	}
	s.TargetGroups = dedupe(s.TargetGroups, strings.ToLower)
	if len(s.TargetGroups) == 0 {
		v.Add("target_groups", "choose at least one target group")
	}
	for _, g := range s.TargetGroups {
		if _, ok := GroupByCode(g); !ok {
			v.Add("target_groups", "choose the target groups from the list")
			break
		}
	}
	if s.CurrentStage == "" {
		s.CurrentStage = StageDesign
	}
	if !slices.Contains(Stages, s.CurrentStage) {
		v.Add("current_stage", "choose a stage from the list")
	}
	return v.Err()
}

func dedupe(list []string, norm func(string) string) []string {
	var out []string
	for _, c := range list {
		c = norm(strings.TrimSpace(c))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Stage is one stage of a study with its planned and actual dates.
type Stage struct {
	Stage        string     `json:"stage"`
	PlannedStart *time.Time `json:"planned_start"`
	PlannedEnd   *time.Time `json:"planned_end"`
	ActualStart  *time.Time `json:"actual_start"`
	ActualEnd    *time.Time `json:"actual_end"`
}

// Date returns one of the stage's dates by its field name.
func (s Stage) Date(field string) *time.Time {
	switch field {
	case "planned_start":
		return s.PlannedStart
	case "planned_end":
		return s.PlannedEnd
	case "actual_start":
		return s.ActualStart
	case "actual_end":
		return s.ActualEnd
	}
	return nil
}

// CheckStages validates a study's stages; field names are
// "stages.<stage>.<field>". The result holds every stage in order, those
// not given without dates.
func CheckStages(in []Stage) ([]Stage, error) {
	var v app.Validation
	byStage := map[string]Stage{}
	for i, s := range in {
		if !slices.Contains(Stages, s.Stage) {
			v.Add("stages."+strconv.Itoa(i)+".stage", "choose a stage from the list")
			continue
		}
		if _, dup := byStage[s.Stage]; dup {
			v.Add("stages."+s.Stage+".stage", "this stage is given twice")
		}
		byStage[s.Stage] = s
		field := "stages." + s.Stage + "."
		for name, d := range map[string]*time.Time{"planned_start": s.PlannedStart, "planned_end": s.PlannedEnd,
			"actual_start": s.ActualStart, "actual_end": s.ActualEnd} {
			if d != nil && (d.Before(firstDay) || !d.Before(lastDay)) {
				v.Add(field+name, "this date is outside the years of the programme's work: check the year")
			}
		}
		if s.PlannedStart != nil && s.PlannedEnd != nil && s.PlannedEnd.Before(*s.PlannedStart) {
			v.Add(field+"planned_end", "the end date is before the start date")
		}
		if s.ActualStart != nil && s.ActualEnd != nil && s.ActualEnd.Before(*s.ActualStart) {
			v.Add(field+"actual_end", "the end date is before the start date")
		}
		if s.ActualStart == nil && s.ActualEnd != nil {
			v.Add(field+"actual_start", "give the date this stage started before the date it ended")
		}
	}
	out := make([]Stage, len(Stages))
	for i, name := range Stages {
		out[i] = byStage[name]
		out[i].Stage = name
	}
	return out, v.Err()
}

// Member is one member of a study's team: a Remaker user (UserID) or an
// outside member named with their organisation.
type Member struct {
	ID           string `json:"id"`
	UserID       string `json:"user_id"`
	Username     string `json:"username"` // read only
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Role         string `json:"role"`
}

// Validate checks a member.
func (m *Member) Validate() error {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	m.Organisation = strings.Join(strings.Fields(m.Organisation), " ")
	m.UserID = strings.TrimSpace(m.UserID)
	var v app.Validation
	if !slices.Contains(TeamRoles, m.Role) {
		v.Add("role", "choose the member's role on the study")
	}
	if m.UserID == "" {
		switch {
		case m.Name == "":
			v.Add("name", "choose a Remaker user or write the name of an outside member")
		case utf8.RuneCountInString(m.Name) > maxShort:
			v.Add("name", "keep this shorter: at most 200 characters")
		}
		if m.Organisation == "" {
			v.Add("organisation", "write the organisation of the outside member")
		}
	} else {
		m.Name = ""
	}
	if utf8.RuneCountInString(m.Organisation) > maxShort {
		v.Add("organisation", "keep this shorter: at most 200 characters")
	}
	return v.Err()
}

// Display is the member's name as shown: the username or the name given.
func (m Member) Display() string {
	if m.UserID != "" {
		return m.Username
	}
	return m.Name
}

// Count is a number of people of one sex in one category (a participant
// group or a stakeholder type).
type Count struct {
	Category string `json:"category"`
	Sex      string `json:"sex"`
	People   int    `json:"people"`
}

// checkCounts validates counts against the allowed categories and returns
// them with empty cells dropped; field names are "<field>.N.<part>".
func checkCounts(field string, in []Count, valid func(string) bool) ([]Count, error) {
	var v app.Validation
	var out []Count
	seen := map[string]bool{}
	for i, c := range in {
		f := field + "." + strconv.Itoa(i) + "."
		if !valid(c.Category) {
			v.Add(f+"category", "choose from the list")
		}
		if !slices.Contains(Sexes, c.Sex) {
			v.Add(f+"sex", "choose the sex from the list")
		}
		if c.People < 0 || c.People > MaxPeople {
			v.Add(f+"people", "a count is a whole number from 0 to 10000")
		}
		key := c.Category + "/" + c.Sex
		if seen[key] {
			v.Add(f+"category", "this cell is given twice: add its people up on one row")
		}
		seen[key] = true
		if c.People > 0 {
			out = append(out, c)
		}
	}
	return out, v.Err()
}

// Total adds counts up.
func Total(cs []Count) int {
	n := 0
	for _, c := range cs {
		n += c.People
	}
	return n
}

// CountOf returns the count of one category and sex.
func CountOf(cs []Count, category, sex string) int {
	for _, c := range cs {
		if c.Category == category && c.Sex == sex {
			return c.People
		}
	}
	return 0
}

func checkDate(v *app.Validation, field string, d time.Time) {
	switch {
	case d.IsZero():
		v.Add(field, "enter the date")
	case d.Before(firstDay) || !d.Before(lastDay):
		v.Add(field, "this date is outside the years of the programme's work: check the year")
	}
}

func checkText(v *app.Validation, field, s string, required bool, max int) {
	switch {
	case s == "" && required:
		v.Add(field, "this is required")
	case utf8.RuneCountInString(s) > max && max == maxShort:
		v.Add(field, "keep this shorter: at most 200 characters")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "keep this under 4000 characters")
	}
}
