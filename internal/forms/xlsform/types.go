package xlsform

import (
	"regexp"
	"sort"
	"strings"
)

// typeSpec describes a plain (list-less) question type.
type typeSpec struct {
	canonical     string
	dataType      string // XForm bind type
	preload       string
	preloadParams string
	// Defaults that legacy types carry (row values win).
	constraint string
	hint       string
}

// plainTypes maps every accepted spelling of a list-less type to its spec.
// Type names are case-sensitive, as in pyxform ("dateTime" and "datetime"
// are both listed because both are documented).
var plainTypes = map[string]typeSpec{}

func addTypes(spec typeSpec, names ...string) {
	for _, n := range names {
		plainTypes[n] = spec
	}
}

func init() {
	addTypes(typeSpec{canonical: TypeText, dataType: "string"}, "text", "string", "q string", "add text prompt")
	addTypes(typeSpec{canonical: TypeInteger, dataType: "int"}, "integer", "int", "q int", "add integer prompt")
	addTypes(typeSpec{canonical: TypeDecimal, dataType: "decimal"}, "decimal", "q decimal", "add decimal prompt")
	addTypes(typeSpec{canonical: TypeRange, dataType: "int"}, "range")
	addTypes(typeSpec{canonical: TypeDate, dataType: "date"}, "date", "q date", "add date prompt")
	addTypes(typeSpec{canonical: TypeTime, dataType: "time"}, "time")
	addTypes(typeSpec{canonical: TypeDateTime, dataType: "dateTime"}, "dateTime", "datetime", "date time",
		"q dateTime", "q date time", "add dateTime prompt", "add date time prompt")
	addTypes(typeSpec{canonical: TypeGeopoint, dataType: "geopoint"}, "geopoint", "gps", "location",
		"q geopoint", "q location", "add location prompt")
	addTypes(typeSpec{canonical: TypeGeotrace, dataType: "geotrace"}, "geotrace", "q geotrace")
	addTypes(typeSpec{canonical: TypeGeoshape, dataType: "geoshape"}, "geoshape", "q geoshape")
	addTypes(typeSpec{canonical: TypeNote, dataType: "string"}, "note", "q note", "add note prompt")
	addTypes(typeSpec{canonical: TypeCalculate, dataType: "string"}, "calculate", "q calculate", "add calculate prompt")
	addTypes(typeSpec{canonical: TypeAcknowledge, dataType: "string"}, "acknowledge", "trigger",
		"q acknowledge", "add acknowledge prompt")
	addTypes(typeSpec{canonical: TypeImage, dataType: "binary"}, "image", "photo", "q picture", "q image",
		"add image prompt", "add photo prompt")
	addTypes(typeSpec{canonical: TypeAudio, dataType: "binary"}, "audio", "q audio", "add audio prompt")
	addTypes(typeSpec{canonical: TypeVideo, dataType: "binary"}, "video", "q video", "add video prompt")
	addTypes(typeSpec{canonical: TypeFile, dataType: "binary"}, "file", "add file prompt")
	addTypes(typeSpec{canonical: TypeBarcode, dataType: "barcode"}, "barcode", "q barcode", "add barcode prompt")
	addTypes(typeSpec{canonical: TypeHidden, dataType: "string"}, "hidden")
	addTypes(typeSpec{canonical: TypeOSM, dataType: "binary"}, "osm")
	addTypes(typeSpec{canonical: TypeXMLExternal}, "xml-external")
	addTypes(typeSpec{canonical: TypeCSVExternal}, "csv-external")

	// Legacy types that carry a constraint and a hint.
	addTypes(typeSpec{canonical: TypeText, dataType: "string", constraint: `regex(., '^\d*$')`, hint: "Enter numbers only."}, "phone number")
	addTypes(typeSpec{canonical: TypeInteger, dataType: "int", constraint: "0 <= . and . <= 100"}, "percentage")
	addTypes(typeSpec{canonical: TypeInteger, dataType: "int", constraint: "0 <= . and . <= 31", hint: "Enter a number 0-31."}, "number of days in last month")
	addTypes(typeSpec{canonical: TypeInteger, dataType: "int", constraint: "0 <= . and . <= 183", hint: "Enter a number 0-183."}, "number of days in last six months")
	addTypes(typeSpec{canonical: TypeInteger, dataType: "int", constraint: "0 <= . and . <= 365", hint: "Enter a number 0-365."}, "number of days in last year")

	// Metadata.
	meta := func(canonical, dataType, preload, params string, names ...string) {
		addTypes(typeSpec{canonical: canonical, dataType: dataType, preload: preload, preloadParams: params}, names...)
	}
	meta(TypeStart, "dateTime", "timestamp", "start", "start", "start time", "get start time")
	meta(TypeEnd, "dateTime", "timestamp", "end", "end", "end time", "get end time")
	meta(TypeToday, "date", "date", "today", "today", "get today")
	meta(TypeDeviceID, "string", "property", "deviceid", "deviceid", "imei", "device id", "get device id")
	meta(TypeDeviceID, "string", "property", "uri:deviceid", "uri:deviceid")
	meta(TypePhoneNumber, "string", "property", "phonenumber", "phonenumber", "get phone number")
	meta(TypePhoneNumber, "string", "property", "uri:phonenumber", "uri:phonenumber")
	meta(TypeSimSerial, "string", "property", "simserial", "simserial", "sim id", "get sim id")
	meta(TypeSimSerial, "string", "property", "uri:simserial", "uri:simserial")
	meta(TypeSubscriberID, "string", "property", "subscriberid", "subscriberid", "subscriber id", "get subscriber id")
	meta(TypeSubscriberID, "string", "property", "uri:subscriberid", "uri:subscriberid")
	meta(TypeUsername, "string", "property", "username", "username")
	meta(TypeUsername, "string", "property", "uri:username", "uri:username")
	meta(TypeEmail, "string", "property", "email", "email")
	meta(TypeEmail, "string", "property", "uri:email", "uri:email")
	meta(TypeAudit, "binary", "", "", "audit")
	meta(TypeStartGeopoint, "geopoint", "", "", "start-geopoint")
}

// unsupportedTypes are types pyxform knows that Remaker refuses, with why.
var unsupportedTypes = map[string]string{
	"background-audio": "Remaker does not support 'background-audio': recording the whole interview in the background " +
		"needs a separate consent process. Remove the row, or use an 'audio' question the respondent sees.",
	"background-geopoint": "Remaker does not support 'background-geopoint'. Use a 'geopoint' question, " +
		"or a 'start-geopoint' metadata row to record where the interview began.",
	"include": "The legacy 'include' type (which pasted another form in) is not supported, by Remaker or by current XLSForm tools. " +
		"Copy the questions of the other form into this survey sheet.",
	"cascading select": "The legacy 'cascading select' type is not supported. Use select_one questions with a choice_filter " +
		"(see xlsform.org, Cascading selects).",
	"cascading_select": "The legacy 'cascading_select' type is not supported. Use select_one questions with a choice_filter " +
		"(see xlsform.org, Cascading selects).",
	"entity": "The 'entity' type is not an XLSForm question type. Declare entities on an 'entities' sheet.",
}

// platformTypes are types of other XLSForm platforms, with what to use instead.
var platformTypes = map[string]string{
	"caseid":                   "'caseid' is a SurveyCTO case-management type, not part of XLSForm. Remove the row, or use a 'text' or 'calculate' question.",
	"comments":                 "'comments' is a SurveyCTO field-comments type, not part of XLSForm. Use a 'text' question.",
	"calculate_here":           "'calculate_here' is a SurveyCTO type, not part of XLSForm. Use 'calculate'.",
	"text audit":               "'text audit' is a SurveyCTO type, not part of XLSForm. Use an 'audit' row.",
	"audio audit":              "'audio audit' is a SurveyCTO type, not part of XLSForm; Remaker does not record background audio.",
	"speed violations count":   "This is a SurveyCTO sensor type, not part of XLSForm. Remove the row.",
	"select_one_from_previous": "This is not an XLSForm type. To offer the answers of a repeat write 'select_one ${question}'.",
}

// selectCommands maps every select spelling to its canonical type.
var selectCommands = map[string]string{
	"select_one": TypeSelectOne, "select one": TypeSelectOne, "select1": TypeSelectOne,
	"select one from": TypeSelectOne, "add select one prompt using": TypeSelectOne,
	"select one using": TypeSelectOne, "q select1": TypeSelectOne,
	"select_multiple": TypeSelectMultiple, "select all that apply": TypeSelectMultiple,
	"select all that apply from": TypeSelectMultiple, "add select multiple prompt using": TypeSelectMultiple,
	"select multiple using": TypeSelectMultiple, "select multiple from": TypeSelectMultiple,
	"q select":            TypeSelectMultiple,
	"select_one_external": TypeSelectOneExternal, "select one external": TypeSelectOneExternal,
	"select_one_from_file": TypeSelectOneFromFile, "select one from file": TypeSelectOneFromFile,
	"select_multiple_from_file": TypeSelectMultipleFromFile, "select multiple from file": TypeSelectMultipleFromFile,
	"rank": TypeRank,
}

// settingsTypes are legacy "types" that set a setting from the name column.
var settingsTypes = map[string]string{
	"set form title": "title", "form_title": "title",
	"set form id": "id_string", "form_id": "id_string",
	"public_key": "public_key", "submission_url": "submission_url",
	"allow_choice_duplicates": "allow_choice_duplicates",
}

var (
	reBegin  = regexp.MustCompile(`^begin[ _](group|repeat|loop|lgroup|looped group)(?: (?:over )?(\S+))?$`)
	reEnd    = regexp.MustCompile(`^end[ _](group|repeat|loop|lgroup|looped group)$`)
	reSelect *regexp.Regexp
	reOSM    = regexp.MustCompile(`^osm (\S+)$`)
)

func init() {
	cmds := make([]string, 0, len(selectCommands))
	for c := range selectCommands {
		cmds = append(cmds, regexp.QuoteMeta(c))
	}
	// Longest first, so "select one from file" is preferred to "select one from".
	sort.Slice(cmds, func(i, j int) bool {
		if len(cmds[i]) != len(cmds[j]) {
			return len(cmds[i]) > len(cmds[j])
		}
		return cmds[i] < cmds[j]
	})
	reSelect = regexp.MustCompile(`^(` + strings.Join(cmds, "|") + `) (\S+)(?: (or specify other|or_other|or other))?$`)
}

// Control kinds of begin/end rows.
func controlKind(word string) string {
	switch word {
	case "group":
		return TypeGroup
	case "loop":
		return "loop"
	default: // repeat, lgroup, looped group
		return TypeRepeat
	}
}

// Kinds of type cell.
const (
	tkQuestion = iota
	tkBegin
	tkEnd
	tkSelect
	tkOSM
	tkSetting
	tkUnsupported
	tkNeedsList
	tkUnknown
)

// parsedType is a survey type cell understood.
type parsedType struct {
	kind      int
	canonical string // question type, or group/repeat/loop for begin/end
	spec      typeSpec
	listName  string // select list, loop list, osm list
	orOther   bool
	command   string // the select command as written
	setting   string
	why       string // for tkUnsupported
}

// parseType understands a type cell (already whitespace-collapsed).
func parseType(t string) parsedType {
	if m := reEnd.FindStringSubmatch(t); m != nil {
		return parsedType{kind: tkEnd, canonical: controlKind(m[1])}
	}
	if m := reBegin.FindStringSubmatch(t); m != nil {
		return parsedType{kind: tkBegin, canonical: controlKind(m[1]), listName: m[2]}
	}
	if s, ok := plainTypes[t]; ok {
		return parsedType{kind: tkQuestion, canonical: s.canonical, spec: s}
	}
	if m := reSelect.FindStringSubmatch(t); m != nil {
		return parsedType{kind: tkSelect, canonical: selectCommands[m[1]], command: m[1], listName: m[2], orOther: m[3] != ""}
	}
	if c, ok := selectCommands[t]; ok {
		return parsedType{kind: tkNeedsList, canonical: c, command: t}
	}
	if m := reOSM.FindStringSubmatch(t); m != nil {
		return parsedType{kind: tkOSM, canonical: TypeOSM, spec: plainTypes["osm"], listName: m[1]}
	}
	if s, ok := settingsTypes[t]; ok {
		return parsedType{kind: tkSetting, setting: s}
	}
	if why, ok := unsupportedTypes[t]; ok {
		return parsedType{kind: tkUnsupported, why: why}
	}
	if why, ok := platformTypes[t]; ok {
		return parsedType{kind: tkUnknown, why: why}
	}
	return parsedType{kind: tkUnknown}
}

// suggestType returns a hint for an unknown type: the right spelling when
// only the case (or spacing) is wrong, or the nearest known type.
func suggestType(t string) string {
	lower := strings.ToLower(t)
	if lower != t {
		p := parseType(lower)
		switch p.kind {
		case tkQuestion, tkBegin, tkEnd:
			return " Type names are case-sensitive: write '" + lower + "'."
		case tkSelect:
			return " Type names are case-sensitive: write '" + canonicalSelect(p) + "'."
		}
	}
	if strings.HasPrefix(lower, "select") {
		return " To offer choices write 'select_one LIST' or 'select_multiple LIST', where LIST is a list_name of the choices sheet."
	}
	best, bestD := "", 3
	for name := range canonicalNames {
		d := levenshtein(lower, strings.ToLower(name), 3)
		if d < 3 && (best == "" || d < bestD || (d == bestD && name < best)) {
			best, bestD = name, d
		}
	}
	if best != "" {
		return " Did you mean '" + best + "'? The question types are listed at https://xlsform.org/en/#question-types."
	}
	return " The question types are listed at https://xlsform.org/en/#question-types."
}

func canonicalSelect(p parsedType) string {
	s := p.canonical + " " + p.listName
	if p.orOther {
		s += " or_other"
	}
	return s
}

// canonicalNames are the type names suggested to authors.
var canonicalNames = map[string]bool{
	"text": true, "integer": true, "decimal": true, "range": true, "select_one": true,
	"select_multiple": true, "select_one_from_file": true, "select_multiple_from_file": true,
	"rank": true, "date": true, "time": true, "dateTime": true, "geopoint": true, "geotrace": true,
	"geoshape": true, "note": true, "calculate": true, "acknowledge": true, "image": true,
	"audio": true, "video": true, "file": true, "barcode": true, "hidden": true, "start": true,
	"end": true, "today": true, "deviceid": true, "username": true, "email": true, "audit": true,
	"start-geopoint": true, "begin group": true, "end group": true, "begin repeat": true, "end repeat": true,
}

// levenshtein computes the edit distance between a and b, giving up (and
// returning max) once it is certain to be at least max.
func levenshtein(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= max || -d >= max {
		return max
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= max {
			return max
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], max)
}
