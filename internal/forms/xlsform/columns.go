package xlsform

import (
	"fmt"
	"strings"
)

// Canonical column fields. A header is normalised to a field, an attribute
// (media kind, bind/body/instance attribute name, or the header of an unknown
// column) and a language.
const (
	fType              = "type"
	fName              = "name"
	fLabel             = "label"
	fHint              = "hint"
	fGuidanceHint      = "guidance_hint"
	fConstraintMessage = "constraint_message"
	fRequiredMessage   = "required_message"
	fMedia             = "media"
	fRequired          = "required"
	fRelevant          = "relevant"
	fConstraint        = "constraint"
	fCalculation       = "calculation"
	fReadOnly          = "read_only"
	fDefault           = "default"
	fAppearance        = "appearance"
	fChoiceFilter      = "choice_filter"
	fRepeatCount       = "repeat_count"
	fParameters        = "parameters"
	fTrigger           = "trigger"
	fBind              = "bind"
	fBody              = "body"
	fInstance          = "instance"
	fDisabled          = "disabled"
	fSaveTo            = "save_to"
	fListName          = "list_name"
	fExtra             = "extra"
)

// column is one normalised header of a sheet.
type column struct {
	idx    int    // 0-based column index
	header string // as written (trimmed)
	field  string
	attr   string
	lang   string // "" = untranslated
}

func (c *column) key() string {
	return c.field + "\x00" + c.attr + "\x00" + c.lang
}

// translatable reports whether the field takes a language suffix.
func translatable(field string) bool {
	switch field {
	case fLabel, fHint, fGuidanceHint, fConstraintMessage, fRequiredMessage, fMedia:
		return true
	}
	return false
}

// surveyAliases maps a snake_case header (or first header token) to a field.
var surveyAliases = map[string]string{
	"type": fType, "command": fType,
	"name": fName, "tag": fName, "value": fName,
	"label": fLabel, "caption": fLabel,
	"hint": fHint, "guidance_hint": fGuidanceHint,
	"constraint_message": fConstraintMessage, "constraining_message": fConstraintMessage,
	"jr:constraintmsg": fConstraintMessage,
	"required_message": fRequiredMessage, "requiredmsg": fRequiredMessage,
	"jr:requiredmsg": fRequiredMessage,
	"required":       fRequired,
	"relevant":       fRelevant, "relevance": fRelevant,
	"constraint":  fConstraint,
	"calculation": fCalculation, "calculate": fCalculation,
	"read_only": fReadOnly, "readonly": fReadOnly,
	"default":       fDefault,
	"appearance":    fAppearance,
	"choice_filter": fChoiceFilter,
	"repeat_count":  fRepeatCount, "count": fRepeatCount, "jr:count": fRepeatCount,
	"parameters": fParameters,
	"trigger":    fTrigger,
	"disabled":   fDisabled,
	"save_to":    fSaveTo,
	"list_name":  fListName,
}

// surveyAttrAliases maps a snake_case header to a fixed attribute column.
var surveyAttrAliases = map[string][2]string{
	"autoplay":              {fBody, "autoplay"},
	"rows":                  {fBody, "rows"},
	"no_app_error_string":   {fBind, "jr:noAppErrorString"},
	"noapperrorstring":      {fBind, "jr:noAppErrorString"},
	"jr:noapperrorstring":   {fBind, "jr:noAppErrorString"},
	"compact_tag":           {fInstance, "odk:tag"},
	"bind::entities:saveto": {fSaveTo, ""},
}

// bindAttrFields maps a bind:: attribute (lower case) to the field it means.
var bindAttrFields = map[string]string{
	"relevant":         fRelevant,
	"constraint":       fConstraint,
	"required":         fRequired,
	"readonly":         fReadOnly,
	"calculate":        fCalculation,
	"jr:constraintmsg": fConstraintMessage,
	"jr:requiredmsg":   fRequiredMessage,
	"entities:saveto":  fSaveTo,
}

// bodyAttrFields maps a body:: / control:: attribute (lower case) to its field.
var bodyAttrFields = map[string]string{
	"appearance": fAppearance,
	"jr:count":   fRepeatCount,
}

var mediaKinds = map[string]string{
	"image": "image", "big-image": "big-image", "big_image": "big-image",
	"audio": "audio", "video": "video",
}

// choicesAliases maps a snake_case choices header (or first token) to a field.
var choicesAliases = map[string]string{
	"list_name": fListName,
	"name":      fName, "value": fName,
	"label": fLabel, "caption": fLabel,
}

// toSnake lower-cases a header and joins its words with underscores:
// "List Name " -> "list_name".
func toSnake(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), "_"))
}

// splitHeader splits a grouped header such as "label::English (en)" into
// tokens. Single colons ("label:English") are used only when no header of the
// sheet uses double colons, and "jr:" is kept with the name that follows it.
func splitHeader(h string, useDouble bool) []string {
	var tokens []string
	if useDouble || strings.Contains(h, "::") {
		tokens = strings.Split(h, "::")
	} else {
		parts := strings.Split(h, ":")
		for i := 0; i < len(parts); i++ {
			p := parts[i]
			if strings.TrimSpace(strings.ToLower(p)) == "jr" && i+1 < len(parts) {
				p = "jr:" + strings.TrimSpace(parts[i+1])
				i++
			}
			tokens = append(tokens, p)
		}
	}
	for i := range tokens {
		tokens[i] = strings.TrimSpace(tokens[i])
	}
	return tokens
}

// normaliseSurveyHeader maps a survey header to its column meaning.
func normaliseSurveyHeader(h string, useDouble bool) (col column, note string) {
	col.header = h
	snake := toSnake(h)
	if f, ok := surveyAliases[snake]; ok {
		col.field = f
		return col, ""
	}
	if fa, ok := surveyAttrAliases[snake]; ok {
		col.field, col.attr = fa[0], fa[1]
		return col, ""
	}
	if k, ok := mediaKinds[snake]; ok {
		col.field, col.attr = fMedia, k
		return col, ""
	}
	tokens := splitHeader(h, useDouble)
	first := toSnake(tokens[0])
	rest := tokens[1:]
	extra := func(why string) (column, string) {
		return column{header: h, field: fExtra, attr: h}, why
	}
	if len(rest) == 0 {
		return extra("")
	}
	switch first {
	case "bind":
		attr := rest[0]
		if f, ok := bindAttrFields[strings.ToLower(attr)]; ok {
			col.field = f
			return withLang(col, rest[1:], h)
		}
		if attr == "" || len(rest) > 1 {
			return extra(fmt.Sprintf("Column %q is not a valid bind attribute column (write bind::attribute); it is ignored.", h))
		}
		col.field, col.attr = fBind, attr
		return col, ""
	case "body", "control":
		attr := rest[0]
		if f, ok := bodyAttrFields[strings.ToLower(attr)]; ok {
			col.field = f
			return withLang(col, rest[1:], h)
		}
		if attr == "" || len(rest) > 1 {
			return extra(fmt.Sprintf("Column %q is not a valid body attribute column (write body::attribute); it is ignored.", h))
		}
		col.field, col.attr = fBody, attr
		return col, ""
	case "instance":
		if rest[0] == "" || len(rest) > 1 {
			return extra(fmt.Sprintf("Column %q is not a valid instance attribute column (write instance::attribute); it is ignored.", h))
		}
		col.field, col.attr = fInstance, rest[0]
		return col, ""
	case "media":
		k, ok := mediaKinds[toSnake(rest[0])]
		if !ok {
			return extra(fmt.Sprintf("Column %q names an unknown media kind %q; use image, big-image, audio or video. The column is ignored.", h, rest[0]))
		}
		col.field, col.attr = fMedia, k
		return withLang(col, rest[1:], h)
	}
	if k, ok := mediaKinds[first]; ok {
		col.field, col.attr = fMedia, k
		return withLang(col, rest, h)
	}
	f, ok := surveyAliases[first]
	if !ok {
		return extra("")
	}
	col.field = f
	return withLang(col, rest, h)
}

// withLang sets the language of a translatable column from the remaining
// header tokens; a language on a column that is not translatable makes it an
// ignored extra column, with a note.
func withLang(col column, rest []string, h string) (column, string) {
	if len(rest) == 0 {
		return col, ""
	}
	lang := strings.Join(rest, "::")
	if !translatable(col.field) {
		return column{header: h, field: fExtra, attr: h},
			fmt.Sprintf("Column %q gives a language to %q, which is not translated; the column is ignored. Use one %q column for all languages.", h, col.field, col.field)
	}
	if lang == "" {
		return col, ""
	}
	col.lang = lang
	return col, ""
}

// normaliseChoicesHeader maps a choices (or external_choices, osm) header.
func normaliseChoicesHeader(h string, useDouble bool) column {
	col := column{header: h}
	snake := toSnake(h)
	if f, ok := choicesAliases[snake]; ok {
		col.field = f
		return col
	}
	if k, ok := mediaKinds[snake]; ok {
		col.field, col.attr = fMedia, k
		return col
	}
	tokens := splitHeader(h, useDouble)
	first := toSnake(tokens[0])
	rest := tokens[1:]
	if len(rest) > 0 {
		if first == "media" {
			if k, ok := mediaKinds[toSnake(rest[0])]; ok {
				col.field, col.attr = fMedia, k
				col.lang = strings.Join(rest[1:], "::")
				return col
			}
		}
		if k, ok := mediaKinds[first]; ok {
			col.field, col.attr, col.lang = fMedia, k, strings.Join(rest, "::")
			return col
		}
		if f, ok := choicesAliases[first]; ok && f == fLabel {
			col.field, col.lang = fLabel, strings.Join(rest, "::")
			return col
		}
	}
	// Unknown columns keep their header as written: choice_filter
	// expressions refer to them by that name.
	col.field, col.attr = fExtra, h
	return col
}

// settingsAliases maps a snake_case settings header to its canonical name.
var settingsAliases = map[string]string{
	"form_title": "title", "set_form_title": "title", "title": "title",
	"form_id": "id_string", "set_form_id": "id_string", "id_string": "id_string",
	"omit_instanceid": "omit_instanceID",
}

func normaliseSettingsHeader(h string) string {
	s := toSnake(h)
	if a, ok := settingsAliases[s]; ok {
		return a
	}
	return s
}

// headerRow reads the header row of a sheet into columns, reporting
// duplicate headers and headers that are two names for one column.
func (r *reader) headerRow(sd *sheetData, kind string) (cols []column, data []rawRow) {
	if len(sd.rows) == 0 {
		return nil, nil
	}
	hdr := sd.rows[0]
	data = sd.rows[1:]
	useDouble := false
	for _, h := range hdr.cells {
		if strings.Contains(h, "::") {
			useDouble = true
			break
		}
	}
	seen := map[string]int{} // key -> index into cols
	for i, h := range hdr.cells {
		if h == "" {
			continue
		}
		var c column
		switch kind {
		case sheetSurvey:
			var note string
			c, note = normaliseSurveyHeader(h, useDouble)
			if note != "" {
				r.warn(Problem{Sheet: sd.name, Row: hdr.num, Column: h, Cell: cellRef(i, hdr.num), Text: h, Message: note})
			}
		case sheetSettings:
			c = column{header: h, field: fExtra, attr: normaliseSettingsHeader(h)}
		case sheetEntities:
			a := toSnake(h)
			if a == "list_name" {
				a = "dataset"
			}
			c = column{header: h, field: fExtra, attr: a}
		default:
			c = normaliseChoicesHeader(h, useDouble)
		}
		c.idx = i
		k := c.key()
		if kind == sheetSettings || kind == sheetEntities {
			k = c.attr
		}
		if j, dup := seen[k]; dup {
			other := cols[j]
			if kind == sheetSettings && c.attr == "id_string" {
				// pyxform keeps form_id when both form_id and id_string are given.
				r.warn(Problem{Sheet: sd.name, Row: hdr.num, Column: h, Cell: cellRef(i, hdr.num), Text: h,
					Message: fmt.Sprintf("The headers %q (column %s) and %q (column %s) both give the form id. Keep only form_id.", other.header, colName(other.idx), h, colName(i))})
				if toSnake(h) == "form_id" {
					cols[j] = c
				}
				continue
			}
			var msg string
			if other.header == h {
				msg = fmt.Sprintf("The column header %q appears twice (columns %s and %s). Delete or rename one of them.", h, colName(other.idx), colName(i))
			} else {
				msg = fmt.Sprintf("The headers %q (column %s) and %q (column %s) are different names for the same column. Rename or remove one of them.", other.header, colName(other.idx), h, colName(i))
			}
			r.fail(Problem{Sheet: sd.name, Row: hdr.num, Column: h, Cell: cellRef(i, hdr.num), Text: h, Message: msg})
			continue
		}
		seen[k] = len(cols)
		cols = append(cols, c)
	}
	return cols, data
}
