// Package strategy holds the rules of a scoping study's strategy document
// (issue 7): one document per study, made of ordered sections whose text
// is written in English and Bangla and kept in versions (every save is a
// new version; an edit names the version it read, so two people editing
// one section get a conflict, never lost work), evidence blocks placed in
// a section (analysis tables and charts, quotes from coded passages,
// consultation recommendations), the recommendations each section
// addresses, and validation comments that the document's authors resolve
// with a note. The text is written in a small markup (markup.go) that is
// never passed through as HTML.
package strategy

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
)

// Kinds of evidence block.
const (
	BlockTable          = "table"
	BlockChart          = "chart"
	BlockQuote          = "quote"
	BlockRecommendation = "recommendation"
)

// BlockKinds lists the kinds of evidence block.
var BlockKinds = []string{BlockTable, BlockChart, BlockQuote, BlockRecommendation}

// Comment states.
const (
	CommentOpen     = "open"
	CommentResolved = "resolved"
)

// CommentStates lists the states of a comment.
var CommentStates = []string{CommentOpen, CommentResolved}

const (
	maxTitle   = 300
	maxHeading = 200
	// MaxBody bounds a section's text in one language (characters).
	MaxBody    = 50_000
	maxCaption = 300
	maxSpec    = 10_000
	maxComment = 4000
)

// Document is a study's strategy document.
type Document struct {
	ID            string    `json:"id"`
	StudyID       string    `json:"study_id"`
	TitleEN       string    `json:"title_en"`
	TitleBN       string    `json:"title_bn"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`

	// Read with the document, in order.
	Sections []Section `json:"sections"`
}

// Validate checks a document's own fields.
func (d *Document) Validate() error {
	d.TitleEN = strings.TrimSpace(d.TitleEN)
	d.TitleBN = strings.TrimSpace(d.TitleBN)
	var v app.Validation
	switch {
	case d.TitleEN == "":
		v.Add("title_en", "write the title of the document in English")
	case utf8.RuneCountInString(d.TitleEN) > maxTitle:
		v.Add("title_en", "keep this under 300 characters")
	}
	if utf8.RuneCountInString(d.TitleBN) > maxTitle {
		v.Add("title_bn", "keep this under 300 characters")
	}
	return v.Err()
}

// Title returns the title in lang and whether it fell back to the other
// language.
func (d Document) Title(lang string) (string, bool) { return Pick(lang, d.TitleEN, d.TitleBN) }

// Pick returns the text in lang (Bangla for "bn...", English otherwise),
// or the other language's when that one is empty, reporting the fallback.
func Pick(lang, en, bn string) (string, bool) {
	mine, other := en, bn
	if strings.HasPrefix(lang, "bn") {
		mine, other = bn, en
	}
	if strings.TrimSpace(mine) != "" || strings.TrimSpace(other) == "" {
		return mine, false
	}
	return other, true
}

// Text is what one version of a section says.
type Text struct {
	HeadingEN string `json:"heading_en"`
	HeadingBN string `json:"heading_bn"`
	BodyEN    string `json:"body_en"`
	BodyBN    string `json:"body_bn"`
}

// Validate checks and normalises a section's text.
func (t *Text) Validate() error {
	t.HeadingEN = strings.TrimSpace(t.HeadingEN)
	t.HeadingBN = strings.TrimSpace(t.HeadingBN)
	t.BodyEN = normalise(t.BodyEN)
	t.BodyBN = normalise(t.BodyBN)
	var v app.Validation
	switch {
	case t.HeadingEN == "":
		v.Add("heading_en", "write the section's heading in English")
	case utf8.RuneCountInString(t.HeadingEN) > maxHeading:
		v.Add("heading_en", "keep the heading under 200 characters")
	}
	if utf8.RuneCountInString(t.HeadingBN) > maxHeading {
		v.Add("heading_bn", "keep the heading under 200 characters")
	}
	if utf8.RuneCountInString(t.BodyEN) > MaxBody {
		v.Add("body_en", "keep a section under 50000 characters; split it into two sections")
	}
	if utf8.RuneCountInString(t.BodyBN) > MaxBody {
		v.Add("body_bn", "keep a section under 50000 characters; split it into two sections")
	}
	return v.Err()
}

// normalise trims trailing space and unifies line ends.
func normalise(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimRight(strings.TrimLeft(s, "\n"), " \t\n")
}

// Heading returns the heading in lang with the fallback flag.
func (t Text) Heading(lang string) (string, bool) { return Pick(lang, t.HeadingEN, t.HeadingBN) }

// Body returns the text in lang with the fallback flag.
func (t Text) Body(lang string) (string, bool) { return Pick(lang, t.BodyEN, t.BodyBN) }

// Section is one section of a document with its latest text.
type Section struct {
	ID         string `json:"id"`
	DocumentID string `json:"document_id"`
	// Number is the section's place in the document, from 1.
	Number int `json:"number"`
	Text
	// Version is the number of the latest text version: an edit names it.
	Version    int       `json:"version"`
	AuthorName string    `json:"author_name"` // of the latest version
	UpdatedAt  time.Time `json:"updated_at"`

	Blocks            []Block   `json:"blocks"`
	RecommendationIDs []string  `json:"recommendation_ids"`
	Comments          []Comment `json:"comments"`
}

// OpenComments counts the section's open comments.
func (s Section) OpenComments() int { return countState(s.Comments, CommentOpen) }

// ResolvedComments counts the section's resolved comments.
func (s Section) ResolvedComments() int { return countState(s.Comments, CommentResolved) }

func countState(list []Comment, state string) int {
	n := 0
	for _, c := range list {
		if c.State == state {
			n++
		}
	}
	return n
}

// Addresses reports whether the section addresses the recommendation.
func (s Section) Addresses(recID string) bool { return slices.Contains(s.RecommendationIDs, recID) }

// SectionVersion is one saved version of a section's text.
type SectionVersion struct {
	SectionID string `json:"section_id"`
	Version   int    `json:"version"`
	Text
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

// Block is an evidence block placed in a section.
type Block struct {
	ID        string `json:"id"`
	SectionID string `json:"section_id"`
	Kind      string `json:"kind"`
	// Spec is the analysis asked for, as JSON (tables and charts).
	Spec string `json:"spec,omitempty"`
	// SourceID is the coded passage (quote) or the recommendation.
	SourceID      string    `json:"source_id,omitempty"`
	CaptionEN     string    `json:"caption_en"`
	CaptionBN     string    `json:"caption_bn"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

// Caption returns the caption in lang with the fallback flag.
func (b Block) Caption(lang string) (string, bool) { return Pick(lang, b.CaptionEN, b.CaptionBN) }

// Validate checks a block's kind and that it names its source.
func (b *Block) Validate() error {
	b.Spec = strings.TrimSpace(b.Spec)
	b.SourceID = strings.TrimSpace(b.SourceID)
	b.CaptionEN = strings.TrimSpace(b.CaptionEN)
	b.CaptionBN = strings.TrimSpace(b.CaptionBN)
	var v app.Validation
	switch b.Kind {
	case BlockTable, BlockChart:
		b.SourceID = ""
		var probe map[string]any
		switch {
		case b.Spec == "":
			v.Add("spec", "choose the analysis to show")
		case len(b.Spec) > maxSpec:
			v.Add("spec", "the analysis asked for is too long")
		case json.Unmarshal([]byte(b.Spec), &probe) != nil:
			v.Add("spec", "the analysis must be a JSON object")
		}
	case BlockQuote:
		b.Spec = ""
		if b.SourceID == "" {
			v.Add("source_id", "choose a coded passage to quote")
		}
	case BlockRecommendation:
		b.Spec = ""
		if b.SourceID == "" {
			v.Add("source_id", "choose a recommendation")
		}
	default:
		v.Add("kind", "choose a table, a chart, a quote or a recommendation")
	}
	if utf8.RuneCountInString(b.CaptionEN) > maxCaption {
		v.Add("caption_en", "keep the caption under 300 characters")
	}
	if utf8.RuneCountInString(b.CaptionBN) > maxCaption {
		v.Add("caption_bn", "keep the caption under 300 characters")
	}
	return v.Err()
}

// Comment is a validation comment on a section.
type Comment struct {
	ID        string `json:"id"`
	SectionID string `json:"section_id"`
	// SectionVersion is the section's version when the comment was made.
	SectionVersion int        `json:"section_version"`
	AuthorName     string     `json:"author_name"`
	Body           string     `json:"body"`
	State          string     `json:"state"`
	Resolution     string     `json:"resolution"`
	ResolvedByName string     `json:"resolved_by_name"`
	ResolvedAt     *time.Time `json:"resolved_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

// CheckComment checks a comment's text.
func CheckComment(body string) (string, error) {
	body = strings.TrimSpace(normalise(body))
	switch {
	case strings.TrimSpace(body) == "":
		return body, app.FieldError("body", "write your comment")
	case utf8.RuneCountInString(body) > maxComment:
		return body, app.FieldError("body", "keep a comment under 4000 characters")
	}
	return body, nil
}

// CheckResolution checks the note that resolves a comment.
func CheckResolution(note string) (string, error) {
	note = strings.TrimSpace(normalise(note))
	switch {
	case strings.TrimSpace(note) == "":
		return note, app.FieldError("resolution", "say how the comment was taken into account")
	case utf8.RuneCountInString(note) > maxComment:
		return note, app.FieldError("resolution", "keep the note under 4000 characters")
	}
	return note, nil
}

// Unaddressed returns the IDs among recIDs that no section addresses,
// in the order given, leaving out those in skip (e.g. not taken up).
func (d Document) Unaddressed(recIDs []string, skip func(id string) bool) []string {
	addressed := map[string]bool{}
	for _, s := range d.Sections {
		for _, id := range s.RecommendationIDs {
			addressed[id] = true
		}
	}
	var out []string
	for _, id := range recIDs {
		if !addressed[id] && (skip == nil || !skip(id)) {
			out = append(out, id)
		}
	}
	return out
}

// SectionsAddressing returns the sections that address a recommendation.
func (d Document) SectionsAddressing(recID string) []Section {
	var out []Section
	for _, s := range d.Sections {
		if s.Addresses(recID) {
			out = append(out, s)
		}
	}
	return out
}

// OpenComments lists the document's open comments with their sections.
func (d Document) OpenComments() []SectionComment {
	var out []SectionComment
	for _, s := range d.Sections {
		for _, c := range s.Comments {
			if c.State == CommentOpen {
				out = append(out, SectionComment{Section: s, Comment: c})
			}
		}
	}
	return out
}

// SectionComment is a comment with its section, for lists.
type SectionComment struct {
	Section Section
	Comment Comment
}

// Quote is a coded passage as a document quotes it: the words, the kind,
// date and upazila of the session, and the codes applied; never who said it.
type Quote struct {
	PassageID   string       `json:"passage_id"`
	SessionID   string       `json:"session_id"`
	Excerpt     string       `json:"excerpt"`
	SessionKind string       `json:"session_kind"`
	HeldOn      time.Time    `json:"held_on"`
	Upazila     string       `json:"upazila"`
	Codes       []study.Code `json:"codes"`
}
