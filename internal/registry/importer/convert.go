package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Problem is something wrong with a row, named the way the person sees
// the file: the row number, the column's header and the cell.
type Problem struct {
	Row int `json:"row"`
	// Column is the column's header as in the file (its letter when the
	// header is empty); "" when the problem is not about one column.
	Column string `json:"column"`
	// Cell is the cell's address, such as D12; "" with Column.
	Cell string `json:"cell"`
	// Field is the register's field.
	Field string `json:"field"`
	// Message says what is wrong and what to do, in English; Text gives
	// it in another language.
	Message string `json:"message"`
}

// Text is the problem's message in lang.
func (p Problem) Text(lang string) string { return app.Translate(lang, p.Message) }

// Key names the problem's place in an error's field list: "row 12: Sex".
func (p Problem) Key() string {
	if p.Column == "" {
		return fmt.Sprintf("row %d", p.Row)
	}
	return fmt.Sprintf("row %d: %s", p.Row, p.Column)
}

// Row is a converted row, ready for the store.
type Row struct {
	// Row is the spreadsheet row number.
	Row     int
	Person  registry.Person
	Episode *registry.Episode
	// Fingerprint identifies the row's content (see the package
	// documentation); Key(org, Fingerprint) is the person's import key.
	Fingerprint string
	// ByID is true when the fingerprint is the file's own identifier.
	ByID bool
	// DuplicateOf is the row number of an earlier row of the same file
	// with the same fingerprint; such a row is skipped.
	DuplicateOf int

	t *Table
	m Mapping
}

// Key is the import key of a row with fingerprint fp, imported by org.
func Key(org, fp string) string {
	sum := sha256.Sum256([]byte("remaker-import\x00" + org + "\x00" + fp))
	return "v1:" + hex.EncodeToString(sum[:])
}

// Options says how to convert rows.
type Options struct {
	// Today is the date in Dhaka, for validation and for ages; zero means
	// today.
	Today time.Time
	// MaxProblems bounds the problems kept (all are counted); 0 means 1000.
	MaxProblems int
}

// Result is the outcome of Convert.
type Result struct {
	// Rows are the rows without problems, in file order.
	Rows []Row
	// Problems are the first problems found, in row order; ProblemCount
	// counts them all, and ProblemRows the rows with any.
	Problems     []Problem
	ProblemCount int
	ProblemRows  int
	// Duplicates counts rows that repeat an earlier row of the file.
	Duplicates int
}

// Err returns the error for a result with problems, or nil.
func (r Result) Err() error {
	if r.ProblemCount == 0 {
		return nil
	}
	return ProblemsError(r.Problems, r.ProblemCount)
}

// ProblemsError is the error for an import refused because of problems:
// its message names the first problem's row and column, and its Fields
// list the problems (up to 100) by "row N: Column".
func ProblemsError(problems []Problem, count int) error {
	if len(problems) == 0 {
		return nil
	}
	count = max(count, len(problems))
	fields := map[string]string{}
	for _, p := range problems[:min(len(problems), 100)] {
		if _, ok := fields[p.Key()]; !ok {
			fields[p.Key()] = p.Message
		}
	}
	first := problems[0]
	if first.Column == "" {
		return &app.Error{Code: app.EINVALID, Fields: fields, Args: []any{count, first.Row, first.Message},
			Message: "nothing was imported: the file has %d problems to correct; the first is in row %d: %s"}
	}
	return &app.Error{Code: app.EINVALID, Fields: fields, Args: []any{count, first.Row, first.Column, first.Message},
		Message: "nothing was imported: the file has %d problems to correct; the first is in row %d, column %q: %s"}
}

// Fail turns an error met while storing the row into one that names the
// row and, for a field, its column. Errors that are not about the row's
// data (a role that may not import, a database outage) are returned as
// they are.
func (r Row) Fail(err error) error {
	var e *app.Error
	if !errors.As(err, &e) || e.Code == app.EINTERNAL || e.Code == app.EUNAVAILABLE || e.Code == app.EFORBIDDEN {
		return err
	}
	if len(e.Fields) > 0 {
		var ps []Problem
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			ps = append(ps, r.Problem(k, e.Fields[k]))
		}
		return ProblemsError(ps, len(ps))
	}
	if len(e.Args) == 0 {
		return ProblemsError([]Problem{{Row: r.Row, Message: e.Message}}, 1)
	}
	return app.Errorf(e.Code, "nothing was imported: row %d could not be saved: %s", r.Row, app.ErrorMessage(err))
}

// Problem builds a problem about a register field of the row, naming the
// column the field came from.
func (r Row) Problem(field, msg string) Problem {
	p := Problem{Row: r.Row, Field: field, Message: msg}
	if r.t != nil {
		if col := colFor(r.m, nil, field); col >= 0 {
			p.Column, p.Cell = r.t.Label(col), ColumnLetter(col)+strconv.Itoa(r.Row)
		}
	}
	return p
}

// related lists, for each field Validate names, the mapping fields that
// feed it: a problem with the field points at the first such column.
var related = map[string][]string{
	"name_latin":            {"name_latin", "name", "name_bn"},
	"name_bn":               {"name_bn", "name", "name_latin"},
	"birth_date":            {"birth_date", "age"},
	"division":              {"division", "pcode"},
	"district":              {"district", "pcode"},
	"upazila":               {"upazila", "pcode"},
	"union":                 {"union", "pcode"},
	"cost_minor":            {"cost"},
	"unpaid_wages_minor":    {"unpaid_wages"},
	"cost_currency":         {"cost_currency", "cost"},
	"unpaid_wages_currency": {"unpaid_wages_currency", "unpaid_wages"},
}

// colFor returns the column a field's value came from (src), or else the
// first column mapped to a field that feeds it; -1 when there is none.
func colFor(m Mapping, src map[string]int, field string) int {
	if c, ok := src[field]; ok {
		return c
	}
	keys := related[field]
	if keys == nil {
		keys = []string{field}
	}
	for _, k := range keys {
		if cols := m.Columns(k); len(cols) > 0 {
			return cols[0]
		}
	}
	return -1
}

// Convert turns every record of t into a person (and episode) under the
// mapping m, collecting every problem. The mapping must have passed Check.
func Convert(t *Table, m Mapping, opts Options) Result {
	today := opts.Today
	if today.IsZero() {
		n := time.Now().In(i18n.Dhaka)
		today = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	}
	maxProblems := opts.MaxProblems
	if maxProblems <= 0 {
		maxProblems = 1000
	}
	buildLookups()
	var res Result
	seen := map[string]int{} // fingerprint -> first row
	nids := map[string]int{} // NID -> first row
	for _, rec := range t.Records {
		c := rowConv{t: t, m: m, rec: rec, today: today, src: map[string]int{}, bad: map[string]bool{}}
		c.convert()
		var row Row
		if len(c.problems) == 0 {
			row = Row{Row: rec.Row, Person: c.p, Fingerprint: c.fingerprint(), ByID: c.extID != "", t: t, m: m}
			if first, dup := seen[row.Fingerprint]; dup {
				row.DuplicateOf = first
			} else if _, dup := nids[c.p.NID]; dup && c.p.NID != "" {
				c.at(colFor(m, c.src, "nid"), "nid", "the same national ID is on an earlier row of this file: keep one row per person")
			}
		}
		if len(c.problems) > 0 {
			res.ProblemRows++
			res.ProblemCount += len(c.problems)
			for _, p := range c.problems {
				if len(res.Problems) < maxProblems {
					res.Problems = append(res.Problems, p)
				}
			}
			continue
		}
		if c.hasEpisode {
			e := c.e
			row.Episode = &e
		}
		if row.DuplicateOf > 0 {
			res.Duplicates++
		} else {
			seen[row.Fingerprint] = rec.Row
			if c.p.NID != "" {
				nids[c.p.NID] = rec.Row
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res
}

// rowConv converts one record.
type rowConv struct {
	t     *Table
	m     Mapping
	rec   Record
	today time.Time

	p          registry.Person
	e          registry.Episode
	hasEpisode bool
	extID      string
	age        int // -1 unknown
	fromAge    bool
	amountCur  map[string]string // cost/unpaid_wages -> currency written with the amount

	col      int            // the column being read
	src      map[string]int // register field -> column its value came from
	bad      map[string]bool
	problems []Problem
}

// Add records a problem with the current column, about field.
func (c *rowConv) Add(field, msg string) { c.at(c.col, field, msg) }

// at records a problem with column col (-1 for none), about field.
func (c *rowConv) at(col int, field, msg string) {
	if c.bad[field] {
		return
	}
	c.bad[field] = true
	p := Problem{Row: c.rec.Row, Field: field, Message: msg}
	if col >= 0 {
		p.Column, p.Cell = c.t.Label(col), ColumnLetter(col)+strconv.Itoa(c.rec.Row)
	}
	c.problems = append(c.problems, p)
}

// from notes that field's value came from the current column.
func (c *rowConv) from(field string) { c.src[field] = c.col }

func (c *rowConv) convert() {
	c.age = -1
	for _, f := range Fields {
		for _, col := range c.m.Columns(f.Key) {
			v := c.rec.Cell(col)
			if v == "" {
				continue
			}
			c.col = col
			// A quote that a spreadsheet export put before a value starting
			// with = + - @ (so it is not taken for a formula) is not data.
			if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@", rune(v[1])) {
				v = v[1:]
			}
			if f.Episode {
				c.hasEpisode = true
			}
			c.set(f.Key, v)
		}
	}
	c.col = -1
	if c.p.BirthDate == nil && c.age >= 0 && !c.bad["birth_date"] {
		b := registry.EstimatedBirthDate(c.today, c.age)
		c.p.BirthDate, c.p.BirthEstimated, c.fromAge = &b, true, true
	}
	if c.hasEpisode {
		for _, k := range []string{"cost", "unpaid_wages"} {
			cur := c.amountCur[k]
			if cur == "" {
				continue
			}
			dst := &c.e.CostCurrency
			if k == "unpaid_wages" {
				dst = &c.e.UnpaidWagesCurrency
			}
			if *dst == "" {
				*dst = cur
			}
		}
		if c.e.Destination == "" && !c.bad["destination"] {
			c.at(colFor(c.m, nil, "destination"), "destination",
				"this row has migration details but no country of work: add the country, or clear the row's migration columns")
		}
	}
	// The register's own rules, on copies: Validate tidies what it checks.
	p := c.p
	if err := p.Validate(c.today); err != nil {
		c.validation(err)
	} else {
		c.p = p
	}
	if c.hasEpisode && !c.bad["destination"] {
		e := c.e
		if err := e.Validate(c.today); err != nil {
			c.validation(err)
		} else {
			c.e = e
		}
	}
}

// validation turns the register's validation errors into problems, except
// for fields that already have one from reading the cell.
func (c *rowConv) validation(err error) {
	fields := app.ErrorFields(err)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field := k
		if c.bad[field] {
			continue
		}
		c.at(colFor(c.m, c.src, field), field, fields[k])
	}
	if len(fields) == 0 {
		c.at(-1, "", app.ErrorMessage(err))
	}
}

// set reads one cell into the field key.
func (c *rowConv) set(key, v string) {
	switch key {
	case "external_id":
		c.extID = strings.ToUpper(strings.Join(strings.Fields(i18n.ASCIIDigits(v)), " "))
		if d, ok := digitsOf(c.extID); ok {
			c.extID = d
		}
	case "name":
		if isBengali(v) {
			c.p.NameBn = v
			c.from("name_bn")
		} else {
			c.p.NameLatin = v
			c.from("name_latin")
		}
	case "name_bn":
		c.p.NameBn = v
		c.from("name_bn")
	case "name_latin":
		c.p.NameLatin = v
		c.from("name_latin")
	case "sex":
		c.from("sex")
		if code, ok := lookupCode("sex", v); ok {
			c.p.Sex = code
		} else {
			c.Add("sex", "write the sex as female, male or third gender (মহিলা, পুরুষ, তৃতীয় লিঙ্গ)")
		}
	case "birth_date":
		c.from("birth_date")
		d, msg := parseDate(v)
		if msg != "" {
			c.Add("birth_date", msg)
			return
		}
		t := d.t
		c.p.BirthDate = &t
		if d.precision != 'd' {
			c.p.BirthEstimated = true
		}
	case "birth_estimated":
		if b, ok := parseBool(v); ok {
			c.p.BirthEstimated = c.p.BirthEstimated || b
		} else {
			c.Add("birth_estimated", msgYesNo)
		}
	case "age":
		d, _ := digitsOf(v)
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 110 {
			c.Add("age", "write the age in whole years, from 0 to 110")
			return
		}
		c.age = n
		c.src["birth_date"] = c.col
	case "ethnicity":
		c.from("ethnicity")
		if g, ok := refdata.MatchEthnicGroup(v); ok {
			c.p.Ethnicity = g.Code
		} else {
			c.Add("ethnicity", "choose an ethnic group from the list")
		}
	case "religion", "education", "remigrate":
		c.from(key)
		code, ok := lookupCode(key, v)
		if !ok {
			c.Add(key, map[string]string{
				"religion":  "choose a religion from the list",
				"education": "choose an education level from the list",
				"remigrate": "answer yes, no or maybe",
			}[key])
			return
		}
		switch key {
		case "religion":
			c.p.Religion = code
		case "education":
			c.p.Education = code
		default:
			c.p.Remigrate = code
		}
	case "phones":
		c.from("phones")
		for _, ph := range splitList(v) {
			d, ok := digitsOf(ph)
			if !ok {
				c.Add("phones", msgRoundedNumber)
				return
			}
			n := registry.NormalizePhone(d)
			// A number cell drops the leading zero: 1711234567 is 01711234567.
			if len(n) == 10 && n[0] == '1' && n[1] >= '3' && n[1] <= '9' {
				n = "0" + n
			}
			if n == "" {
				c.Add("phones", "enter phone numbers as 11 digits starting with 01, or in full international form")
				return
			}
			c.p.Phones = append(c.p.Phones, n)
		}
	case "nid", "passport", "bmet_reg":
		c.from(key)
		d, ok := digitsOf(v)
		if !ok {
			c.Add(key, msgRoundedNumber)
			return
		}
		switch key {
		case "nid":
			c.p.NID = d
		case "passport":
			c.p.Passport = d
		default:
			c.p.BMETReg = d
		}
	case "division":
		c.place(refdata.Division, v, "", &c.p.Division, "this is not a division we know: check the spelling, or give its P-code (such as BD20)")
	case "district":
		c.place(refdata.District, v, c.p.Division, &c.p.District, "this is not a district we know: check the spelling, or give its P-code (such as BD2051)")
	case "upazila":
		c.place(refdata.Upazila, v, c.p.District, &c.p.Upazila, "this is not an upazila we know, or several upazilas have this name: check the spelling, add a District column, or give its P-code")
	case "union":
		c.place(refdata.Union, v, c.p.Upazila, &c.p.Union, "this is not a union we know, or several unions have this name: check the spelling, add an Upazila column, or give its P-code")
	case "pcode":
		code := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(i18n.ASCIIDigits(v)), " ", ""))
		u, ok := refdata.Admin(code)
		if !ok {
			c.Add("pcode", "this is not a P-code we know: give the code of a division, district, upazila or union, such as BD2051")
			return
		}
		c.setUnit(u)
	case "village":
		c.p.Village = v
		c.from("village")
	case "languages":
		c.from("languages")
		for _, l := range splitList(v) {
			code, ok := lookups.languages[headerKey(l)]
			if !ok {
				c.Add("languages", "choose languages from the list")
				return
			}
			if !slices.Contains(c.p.Languages, code) {
				c.p.Languages = append(c.p.Languages, code)
			}
		}
	case "wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare", "wg_communication":
		c.from(key)
		n, ok := parseWG(v)
		if !ok {
			c.Add(key, "answer from 1 (no difficulty) to 4 (cannot do at all)")
			return
		}
		if c.p.WG == nil {
			c.p.WG = map[string]int{}
		}
		c.p.WG[strings.TrimPrefix(key, "wg_")] = n
	case "destination":
		c.from("destination")
		code := strings.ToUpper(strings.TrimSpace(v))
		if len(code) == 2 && refdata.ValidCountry(code) {
			c.e.Destination = code
		} else if ci, ok := refdata.CountryByName(v); ok {
			c.e.Destination = ci.Code
		} else {
			c.Add("destination", "this is not a country we know: write its name in English or Bangla, or its two-letter ISO code (SA for Saudi Arabia)")
		}
	case "occupation_isco":
		c.from("occupation_isco")
		code, _ := digitsOf(v)
		if refdata.ValidISCO(code) {
			c.e.OccupationISCO = code
		} else if code, ok := lookups.isco[headerKey(v)]; ok {
			c.e.OccupationISCO = code
		} else {
			c.Add("occupation_isco", "this is not an ISCO-08 occupation code: choose from the list")
		}
	case "skill_category":
		c.from("skill_category")
		if code, ok := lookups.skills[headerKey(v)]; ok {
			c.e.SkillCategory = code
		} else {
			c.Add("skill_category", "choose a BMET skill category")
		}
	case "departure_date", "return_date":
		c.from(key)
		d, msg := parseDate(v)
		switch {
		case msg != "":
			c.Add(key, msg)
			return
		case d.precision == 'y':
			c.Add(key, msgDateFull)
			return
		}
		t := d.t
		if key == "departure_date" {
			c.e.DepartureDate = &t
		} else {
			c.e.ReturnDate = &t
		}
	case "channel", "return_type":
		c.from(key)
		code, ok := lookupCode(key, v)
		if !ok {
			c.Add(key, map[string]string{
				"channel":     "choose how the person was recruited",
				"return_type": "choose why the person came back",
			}[key])
			return
		}
		if key == "channel" {
			c.e.Channel = code
		} else {
			c.e.ReturnType = code
		}
	case "financing", "documents":
		c.from(key)
		for _, item := range splitList(v) {
			code, ok := lookupCode(key, item)
			if !ok {
				c.Add(key, map[string]string{
					"financing": "choose how the migration was paid for from the list",
					"documents": "choose documents from the list",
				}[key])
				return
			}
			dst := &c.e.Financing
			if key == "documents" {
				dst = &c.e.Documents
			}
			if !slices.Contains(*dst, code) {
				*dst = append(*dst, code)
			}
		}
	case "cost", "unpaid_wages":
		c.from(key + "_minor")
		minor, cur, msg := parseAmount(v)
		if msg != "" {
			c.Add(key+"_minor", msg)
			return
		}
		if key == "cost" {
			c.e.CostMinor = &minor
		} else {
			c.e.UnpaidWagesMinor = &minor
		}
		if cur != "" {
			if c.amountCur == nil {
				c.amountCur = map[string]string{}
			}
			c.amountCur[key] = cur
		}
	case "cost_currency", "unpaid_wages_currency":
		c.from(key)
		cur := strings.ToUpper(strings.TrimSpace(v))
		if k := headerKey(v); k == "tk" || k == "taka" || k == "টাকা" || cur == "৳" {
			cur = "BDT"
		}
		if !slices.Contains(registry.Currencies, cur) {
			c.Add(key, "choose a currency from the list")
			return
		}
		if key == "cost_currency" {
			c.e.CostCurrency = cur
		} else {
			c.e.UnpaidWagesCurrency = cur
		}
	}
}

// place reads an administrative unit by P-code or by name, within the
// unit above it when the row gives that.
func (c *rowConv) place(level refdata.Level, v, within string, dst *string, notFound string) {
	field := level.String()
	c.from(field)
	code := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(i18n.ASCIIDigits(v)), " ", ""))
	if !strings.HasPrefix(code, "BD") && isNumber(code) {
		code = "BD" + code
	}
	if *dst != "" {
		// The P-code column gave the place already: the name must agree.
		if u, ok := refdata.FindUnit(level, within, v); ok && u.Pcode != *dst {
			c.Add(field, "this place does not match the P-code column: check both")
		} else if u, ok := refdata.Admin(code); ok && u.Pcode != *dst {
			c.Add(field, "this place does not match the P-code column: check both")
		}
		return
	}
	u, ok := refdata.Admin(code)
	if ok && u.Level != level {
		c.Add(field, "this P-code is not a known place at this level: choose from the list")
		return
	}
	if !ok {
		u, ok = refdata.FindUnit(level, within, v)
		if !ok && within != "" {
			// The name may be right and the unit above wrong: say which.
			if _, elsewhere := refdata.FindUnit(level, "", v); elsewhere {
				c.Add(field, "this place is not inside the one given in the column before it: check both")
				return
			}
		}
	}
	if !ok {
		c.Add(field, notFound)
		return
	}
	if within != "" && !strings.HasPrefix(u.Pcode, within) {
		c.Add(field, "this place is not inside the one given in the column before it: check both")
		return
	}
	*dst = u.Pcode
}

// setUnit sets the row's place from a P-code column: the unit and those above it.
func (c *rowConv) setUnit(u refdata.Unit) {
	for _, x := range refdata.Path(u.Pcode) {
		var dst *string
		switch x.Level {
		case refdata.Division:
			dst = &c.p.Division
		case refdata.District:
			dst = &c.p.District
		case refdata.Upazila:
			dst = &c.p.Upazila
		case refdata.Union:
			dst = &c.p.Union
		}
		if *dst != "" && *dst != x.Pcode {
			c.Add("pcode", "this P-code is not inside the place given in the other address columns: check both")
			return
		}
		*dst = x.Pcode
		c.src[x.Level.String()] = c.col
	}
}

// fingerprint is the row's identity for the import key: the file's own
// identifier when it has one, else its converted content field by field.
func (c *rowConv) fingerprint() string {
	if c.extID != "" {
		return "id\x00" + c.extID
	}
	p, e := c.p, c.e
	var b strings.Builder
	put := func(k, v string) {
		if v != "" {
			b.WriteString(k)
			b.WriteByte('=')
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	date := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	amount := func(n *int64) string {
		if n == nil {
			return ""
		}
		return strconv.FormatInt(*n, 10)
	}
	b.WriteString("row\x00")
	put("name_bn", p.NameBn)
	put("name_latin", p.NameLatin)
	put("sex", p.Sex)
	if c.fromAge {
		put("age", strconv.Itoa(c.age))
	} else {
		put("birth_date", date(p.BirthDate))
		if p.BirthEstimated {
			put("birth_estimated", "yes")
		}
	}
	put("ethnicity", p.Ethnicity)
	put("religion", p.Religion)
	put("education", p.Education)
	put("phones", strings.Join(p.Phones, " "))
	put("nid", p.NID)
	put("passport", p.Passport)
	put("bmet_reg", p.BMETReg)
	put("division", p.Division)
	put("district", p.District)
	put("upazila", p.Upazila)
	put("union", p.Union)
	put("village", p.Village)
	put("languages", strings.Join(p.Languages, " "))
	put("remigrate", p.Remigrate)
	for _, d := range registry.WGDomains {
		if n, ok := p.WG[d]; ok {
			put("wg_"+d, strconv.Itoa(n))
		}
	}
	if c.hasEpisode {
		put("destination", e.Destination)
		put("occupation_isco", e.OccupationISCO)
		put("skill_category", e.SkillCategory)
		put("departure_date", date(e.DepartureDate))
		put("return_date", date(e.ReturnDate))
		put("channel", e.Channel)
		if e.CostMinor != nil {
			put("cost", amount(e.CostMinor)+" "+e.CostCurrency)
		}
		put("financing", strings.Join(e.Financing, " "))
		put("return_type", e.ReturnType)
		if e.UnpaidWagesMinor != nil {
			put("unpaid_wages", amount(e.UnpaidWagesMinor)+" "+e.UnpaidWagesCurrency)
		}
		put("documents", strings.Join(e.Documents, " "))
	}
	return b.String()
}
