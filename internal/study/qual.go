package study

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Kinds of qualitative session.
const (
	KindFGD = "fgd" // focus group discussion
	KindKII = "kii" // key informant interview
)

// Kinds lists the kinds of session.
var Kinds = []string{KindFGD, KindKII}

// Session is one focus group discussion or key informant interview.
type Session struct {
	ID      string    `json:"id"`
	StudyID string    `json:"study_id"`
	Kind    string    `json:"kind"`
	HeldOn  time.Time `json:"held_on"`
	Upazila string    `json:"upazila"` // P-code
	Place   string    `json:"place"`
	// Facilitator is who led the session, as written.
	Facilitator string `json:"facilitator"`
	// InformantRole describes a key informant without naming them
	// ("headman", "BMET official").
	InformantRole string `json:"informant_role"`
	Transcript    string `json:"transcript"`
	// Participants are counted by group (Category) and sex.
	Participants []Count `json:"participants"`

	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`

	// Read with the session.
	Passages []Passage `json:"passages"`
}

// Validate checks a session and its participant counts.
func (s *Session) Validate() error {
	s.Upazila = strings.ToUpper(strings.TrimSpace(s.Upazila))
	s.Place = strings.TrimSpace(s.Place)
	s.Facilitator = strings.TrimSpace(s.Facilitator)
	s.InformantRole = strings.TrimSpace(s.InformantRole)
	s.Transcript = strings.ReplaceAll(strings.TrimSpace(s.Transcript), "\r\n", "\n")
	var v app.Validation
	if !slices.Contains(Kinds, s.Kind) {
		v.Add("kind", "choose a focus group discussion or a key informant interview")
	}
	checkDate(&v, "held_on", s.HeldOn)
	if u, ok := refdata.Admin(s.Upazila); !ok || u.Level != refdata.Upazila {
		v.Add("upazila", "choose the upazila from the list")
	}
	checkText(&v, "place", s.Place, false, maxShort)
	checkText(&v, "facilitator", s.Facilitator, true, maxShort)
	checkText(&v, "informant_role", s.InformantRole, s.Kind == KindKII, maxShort)
	if utf8.RuneCountInString(s.Transcript) > MaxTranscript {
		v.Add("transcript", "the transcript is too long: at most 200000 characters")
	}
	parts, err := checkCounts("participants", s.Participants, func(c string) bool { _, ok := GroupByCode(c); return ok })
	v.Merge(err)
	s.Participants = parts
	if err == nil && len(parts) == 0 {
		v.Add("participants", "count at least one participant")
	}
	return v.Err()
}

// Groups returns the participant groups present in the session.
func (s Session) Groups() []string {
	var out []string
	for _, c := range s.Participants {
		if !slices.Contains(out, c.Category) {
			out = append(out, c.Category)
		}
	}
	return out
}

// Code is one entry of a study's codebook.
type Code struct {
	ID          string    `json:"id"`
	StudyID     string    `json:"study_id"`
	Code        string    `json:"code"`
	LabelEN     string    `json:"label_en"`
	LabelBN     string    `json:"label_bn"`
	Description string    `json:"description"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
}

// Label returns the label in lang, falling back to English.
func (c Code) Label(lang string) string {
	if strings.HasPrefix(lang, "bn") && c.LabelBN != "" {
		return c.LabelBN
	}
	return c.LabelEN
}

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Validate checks a codebook entry.
func (c *Code) Validate() error {
	c.Code = strings.ToLower(strings.TrimSpace(c.Code))
	c.LabelEN = strings.TrimSpace(c.LabelEN)
	c.LabelBN = strings.TrimSpace(c.LabelBN)
	c.Description = strings.TrimSpace(c.Description)
	var v app.Validation
	if !codePattern.MatchString(c.Code) {
		v.Add("code", "a code is a short name of lower-case letters, digits and _ starting with a letter, e.g. broker_mistrust")
	}
	checkText(&v, "label_en", c.LabelEN, true, maxShort)
	checkText(&v, "label_bn", c.LabelBN, false, maxShort)
	checkText(&v, "description", c.Description, false, maxText)
	return v.Err()
}

// Passage is a coded span of a session: character offsets into the
// transcript (Start inclusive, End exclusive) or an excerpt pasted from
// notes kept elsewhere (Start and End nil).
type Passage struct {
	ID            string    `json:"id"`
	SessionID     string    `json:"session_id"`
	Start         *int      `json:"start"`
	End           *int      `json:"end"`
	Excerpt       string    `json:"excerpt"`
	CodeIDs       []string  `json:"code_ids"`
	Codes         []string  `json:"codes"` // read only: the codes of CodeIDs
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

// Resolve checks a passage against its session's transcript. With offsets
// the excerpt is cut from the transcript; with a pasted excerpt found in
// the transcript the offsets are filled in, so both ways give the same
// passage. An excerpt not in the transcript is kept as pasted.
func (p *Passage) Resolve(transcript string) error {
	var v app.Validation
	runes := []rune(transcript)
	p.Excerpt = strings.TrimSpace(strings.ReplaceAll(p.Excerpt, "\r\n", "\n"))
	switch {
	case p.Start != nil || p.End != nil:
		switch {
		case p.Start == nil:
			v.Add("start", "give where the passage starts")
		case p.End == nil:
			v.Add("end", "give where the passage ends")
		case *p.Start < 0 || *p.Start >= len(runes):
			v.Add("start", "the start is outside the transcript")
		case *p.End <= *p.Start || *p.End > len(runes):
			v.Add("end", "the end must come after the start and within the transcript")
		default:
			p.Excerpt = string(runes[*p.Start:*p.End])
		}
	case p.Excerpt == "":
		v.Add("excerpt", "paste the passage or give its start and end in the transcript")
	case utf8.RuneCountInString(p.Excerpt) > maxText:
		v.Add("excerpt", "keep the passage under 4000 characters")
	default:
		if i := strings.Index(transcript, p.Excerpt); i >= 0 {
			start := utf8.RuneCountInString(transcript[:i])
			end := start + utf8.RuneCountInString(p.Excerpt)
			p.Start, p.End = &start, &end
		}
	}
	p.CodeIDs = dedupe(p.CodeIDs, strings.TrimSpace)
	if len(p.CodeIDs) == 0 {
		v.Add("code_ids", "choose at least one code for the passage")
	}
	return v.Err()
}

// ThemeRow is how often one code was applied: in how many sessions and
// passages, overall, by kind of session and by participant group (a
// session counts for every group among its participants).
type ThemeRow struct {
	Code            Code           `json:"code"`
	Sessions        int            `json:"sessions"`
	Passages        int            `json:"passages"`
	SessionsByKind  map[string]int `json:"sessions_by_kind"`
	PassagesByKind  map[string]int `json:"passages_by_kind"`
	SessionsByGroup map[string]int `json:"sessions_by_group"`
	PassagesByGroup map[string]int `json:"passages_by_group"`
}

// ThemeTable is the theme counts of a study: one row per code of the
// codebook (in its order) and the groups present in any session.
type ThemeTable struct {
	Groups        []string   `json:"groups"`
	TotalSessions int        `json:"total_sessions"`
	Rows          []ThemeRow `json:"rows"`
}

// CountThemes builds the theme table from the sessions (with their
// passages) and the codebook.
func CountThemes(codes []Code, sessions []Session) ThemeTable {
	t := ThemeTable{TotalSessions: len(sessions), Groups: []string{}, Rows: []ThemeRow{}}
	for _, g := range Groups() {
		for _, s := range sessions {
			if slices.Contains(s.Groups(), g.Code) {
				t.Groups = append(t.Groups, g.Code)
				break
			}
		}
	}
	for _, c := range codes {
		r := ThemeRow{Code: c, SessionsByKind: map[string]int{}, PassagesByKind: map[string]int{},
			SessionsByGroup: map[string]int{}, PassagesByGroup: map[string]int{}}
		for _, s := range sessions {
			n := 0
			for _, p := range s.Passages {
				if slices.Contains(p.CodeIDs, c.ID) {
					n++
				}
			}
			if n == 0 {
				continue
			}
			r.Sessions++
			r.Passages += n
			r.SessionsByKind[s.Kind]++
			r.PassagesByKind[s.Kind] += n
			for _, g := range s.Groups() {
				r.SessionsByGroup[g]++
				r.PassagesByGroup[g] += n
			}
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}
