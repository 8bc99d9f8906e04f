package xlsform

import (
	"sort"
)

// DefaultLanguageKey is the language key under which untranslated text
// (a plain "label" column) is stored when the settings sheet names no
// default_language. It is pyxform's name for it, and the XForm writer emits
// it as the "default" translation.
const DefaultLanguageKey = "default"

// DefaultRootName is the name of the instance root element when the settings
// sheet does not set one ("name" setting).
const DefaultRootName = "data"

// Canonical question types. Legacy spellings and aliases found in workbooks
// ("string", "int", "photo", "gps", "select one from X"...) are normalised to
// these; the spelling the author used is kept in Node.TypeText.
const (
	TypeText                   = "text"
	TypeInteger                = "integer"
	TypeDecimal                = "decimal"
	TypeRange                  = "range"
	TypeSelectOne              = "select_one"
	TypeSelectMultiple         = "select_multiple"
	TypeSelectOneFromFile      = "select_one_from_file"
	TypeSelectMultipleFromFile = "select_multiple_from_file"
	TypeSelectOneExternal      = "select_one_external"
	TypeRank                   = "rank"
	TypeDate                   = "date"
	TypeTime                   = "time"
	TypeDateTime               = "dateTime"
	TypeGeopoint               = "geopoint"
	TypeGeotrace               = "geotrace"
	TypeGeoshape               = "geoshape"
	TypeNote                   = "note"
	TypeCalculate              = "calculate"
	TypeAcknowledge            = "acknowledge"
	TypeImage                  = "image"
	TypeAudio                  = "audio"
	TypeVideo                  = "video"
	TypeFile                   = "file"
	TypeBarcode                = "barcode"
	TypeHidden                 = "hidden"
	TypeOSM                    = "osm"
	TypeXMLExternal            = "xml-external"
	TypeCSVExternal            = "csv-external"

	// Metadata types: filled in by the client, never shown.
	TypeStart         = "start"
	TypeEnd           = "end"
	TypeToday         = "today"
	TypeDeviceID      = "deviceid"
	TypePhoneNumber   = "phonenumber"
	TypeSimSerial     = "simserial"
	TypeSubscriberID  = "subscriberid"
	TypeUsername      = "username"
	TypeEmail         = "email"
	TypeAudit         = "audit"
	TypeStartGeopoint = "start-geopoint"

	// Structure.
	TypeSurvey = "survey" // the root node only
	TypeGroup  = "group"
	TypeRepeat = "repeat"
)

// Text is a piece of translatable text: language key to text. Untranslated
// columns are stored under the form's default language key (Form.DefaultLanguage).
type Text map[string]string

// Get returns the text in lang, falling back to def and then to any language
// (the alphabetically first, for stable output). It returns "" for empty Text.
func (t Text) Get(lang, def string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	if s, ok := t[def]; ok {
		return s
	}
	if len(t) == 0 {
		return ""
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return t[keys[0]]
}

// Empty reports whether t has no non-empty text.
func (t Text) Empty() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// Form is a validated XLSForm.
type Form struct {
	// ID is the form id (settings form_id / id_string); defaults to the file
	// name without extension, as pyxform does, or "data" without a file name.
	ID string
	// Title is settings form_title; defaults to ID.
	Title string
	// Version is settings version, as written ("" when absent).
	Version string
	// RootName is the instance root element name (settings name, default "data").
	RootName string
	// DefaultLanguage is the key under which untranslated text is stored:
	// settings default_language, or DefaultLanguageKey.
	DefaultLanguage string
	// Languages lists every language key used by any text in the form, in
	// order of first appearance (the default language key included when
	// untranslated columns are used).
	Languages []string
	// Settings holds the whole settings sheet.
	Settings Settings

	// Root is the survey: a node of type "survey" whose Path is "/"+RootName.
	Root *Node
	// Audit is the audit metadata question, if any. pyxform places it in the
	// meta block (/data/meta/audit), so it is not among Root's children.
	Audit *Node

	// Choices maps list_name to the list from the choices sheet.
	Choices map[string]*ChoiceList
	// ChoiceListOrder is the list names in sheet order.
	ChoiceListOrder []string
	// ExternalChoices maps list_name to the list from the external_choices
	// sheet (used by select_one_external; published as itemsets.csv).
	ExternalChoices map[string]*ChoiceList
	// OSMTags maps list_name to the tag list from the osm sheet.
	OSMTags map[string]*ChoiceList
	// Entities is the entities sheet (ODK entities), nil when absent.
	Entities *Entities
	// ExternalFiles lists the media files the form needs beside it: files of
	// select_one_from_file / select_multiple_from_file, in first-use order.
	ExternalFiles []string

	// Warnings are non-fatal findings the author may want to fix.
	Warnings []Problem
}

// Settings is the settings sheet.
type Settings struct {
	FormID                string // form_id / id_string, as written
	FormTitle             string // form_title / title, as written
	Version               string
	DefaultLanguage       string
	InstanceName          string // expression naming each submission
	PublicKey             string // base64 RSA public key: submissions are encrypted
	SubmissionURL         string
	Style                 string // e.g. "pages", "theme-grid"
	AllowChoiceDuplicates bool
	OmitInstanceID        bool
	CleanTextValues       bool   // true unless clean_text_values is "no"
	Name                  string // instance root name override
	// Row is the Excel row the values came from (2), 0 without a settings sheet.
	Row int
	// All holds every column of the settings sheet: normalised header to value.
	All map[string]string
}

// Node is a question, a group, a repeat or the survey root.
type Node struct {
	// Type is the canonical type (TypeText, TypeGroup, ...).
	Type string
	// TypeText is the type cell as written (after whitespace clean-up).
	TypeText string
	Name     string
	// Path is the absolute instance path, e.g. /data/household/member/age.
	Path string
	// Row is the 1-based Excel row on the survey sheet (0 for the root and
	// for nodes that do not come from a row).
	Row int
	// Generated is true for nodes the reader adds (the "_other" text question
	// of an or_other select, the per-item groups of a legacy loop).
	Generated bool

	Label             Text
	Hint              Text
	GuidanceHint      Text
	ConstraintMessage Text
	RequiredMessage   Text
	// Media maps a media kind (image, big-image, audio, video) to files per language.
	Media map[string]Text

	// Expressions and bind values, as written (smart quotes replaced).
	// Required and ReadOnly hold "true()" or "false()" when the cell was a
	// yes/no literal, else the expression.
	Relevant    string
	Constraint  string
	Calculation string
	Required    string
	ReadOnly    string
	Default     string
	// DefaultDynamic is true when Default is an expression to evaluate when
	// the form (or a new repeat instance) loads, rather than a literal.
	DefaultDynamic bool
	ChoiceFilter   string
	RepeatCount    string
	Trigger        string
	Appearance     string

	// DataType is the XForm bind type (string, int, decimal, date, time,
	// dateTime, geopoint, geotrace, geoshape, binary, barcode, odk:rank);
	// empty for groups, repeats and notes-only nodes that bind no value.
	DataType string
	// Preload and PreloadParams are the jr:preload attributes of metadata
	// questions (e.g. "timestamp"/"start", "property"/"deviceid").
	Preload       string
	PreloadParams string

	// Parameters is the parameters column parsed (keys lower-case).
	Parameters    map[string]string
	ParametersRaw string

	// ListName is the choice list of a select, rank, osm or legacy loop; for
	// *_from_file selects it is the file name; for selects from a repeat it
	// is the ${name} reference.
	ListName string
	// Choices is the list ListName names (nil for file, external and
	// ${reference} lists).
	Choices *ChoiceList
	// External is true when the choices live outside the workbook's choices
	// sheet: *_from_file (ListName is the file) and select_one_external.
	External bool
	// FileType is the extension of a from_file list: "csv", "xml" or "geojson".
	FileType string
	// OrOther is true for "select_one X or_other": the client adds an
	// "other" choice and the generated sibling NAME_other text question.
	OrOther bool
	// ListRef is the question named by a "select_one ${name}" list.
	ListRef string

	// SaveTo is the entity property this question saves to (save_to column).
	SaveTo string

	// Bind, Body and Instance hold the bind::*, body::* and instance::*
	// attribute columns (attribute name to value), plus the attributes the
	// reader derives from aliases such as "autoplay", "rows", "noAppErrorString".
	Bind     map[string]string
	Body     map[string]string
	Instance map[string]string
	// Extra holds unknown columns (header as written to value).
	Extra map[string]string

	// LoopList is set on a group expanded from a legacy "begin loop over X".
	LoopList string

	Children []*Node
	Parent   *Node `json:"-"`
}

// IsGroup reports whether n is a group or a repeat (or the root).
func (n *Node) IsGroup() bool {
	return n.Type == TypeGroup || n.Type == TypeRepeat || n.Type == TypeSurvey
}

// IsSelect reports whether n offers choices (select_one, select_multiple and
// their file and external variants, and rank).
func (n *Node) IsSelect() bool {
	switch n.Type {
	case TypeSelectOne, TypeSelectMultiple, TypeSelectOneFromFile,
		TypeSelectMultipleFromFile, TypeSelectOneExternal, TypeRank:
		return true
	}
	return false
}

// IsMetadata reports whether n is a metadata question (start, end, today,
// deviceid, ..., audit, start-geopoint) that the client fills in.
func (n *Node) IsMetadata() bool {
	return metadataTypes[n.Type]
}

// ChoiceItems returns the choices to offer: the list's choices plus, for an
// or_other select whose list has no "other" choice, an "other" choice
// labelled "Other" in every language of the list.
func (n *Node) ChoiceItems() []*Choice {
	if n.Choices == nil {
		return nil
	}
	items := n.Choices.Choices
	if !n.OrOther {
		return items
	}
	for _, c := range items {
		if c.Name == "other" {
			return items
		}
	}
	other := &Choice{Name: "other", Label: Text{}}
	for _, c := range items {
		for lang := range c.Label {
			other.Label[lang] = "Other"
		}
	}
	if len(other.Label) == 0 {
		other.Label[DefaultLanguageKey] = "Other"
	}
	out := make([]*Choice, 0, len(items)+1)
	out = append(out, items...)
	return append(out, other)
}

// Walk calls fn for n and every descendant, depth first in sheet order. It
// stops descending into a node when fn returns false.
func (n *Node) Walk(fn func(*Node) bool) {
	if !fn(n) {
		return
	}
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// Find returns the first node (depth first) named name, or nil.
func (f *Form) Find(name string) *Node {
	var found *Node
	f.Root.Walk(func(n *Node) bool {
		if found != nil {
			return false
		}
		if n != f.Root && n.Name == name {
			found = n
			return false
		}
		return true
	})
	if found == nil && f.Audit != nil && f.Audit.Name == name {
		return f.Audit
	}
	return found
}

// ChoiceList is one list of the choices (or external_choices, or osm) sheet.
type ChoiceList struct {
	Name    string
	Sheet   string // sheet name as written in the workbook
	Row     int    // Excel row of the first choice
	Choices []*Choice
}

// Choice is one answer of a choice list.
type Choice struct {
	Name  string
	Label Text
	// Media maps a media kind (image, big-image, audio, video) to files per language.
	Media map[string]Text
	// Extra holds the other columns (header as written to value): the
	// columns a choice_filter refers to.
	Extra map[string]string
	Row   int
}

// Entities is the entities sheet: the entity list a submission creates or
// updates (ODK entities spec).
type Entities struct {
	Dataset  string
	Label    string
	EntityID string
	CreateIf string
	UpdateIf string
	// All holds every column: normalised header to value.
	All map[string]string
	Row int
}

var metadataTypes = map[string]bool{
	TypeStart: true, TypeEnd: true, TypeToday: true, TypeDeviceID: true,
	TypePhoneNumber: true, TypeSimSerial: true, TypeSubscriberID: true,
	TypeUsername: true, TypeEmail: true, TypeAudit: true, TypeStartGeopoint: true,
}
