package importer

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// ExportRecord is one person of an export, with the organisation's code
// and the latest migration episode (nil when there is none).
type ExportRecord struct {
	Person  registry.Person
	OrgCode string
	Episode *registry.Episode
}

// exportKeys are an export's columns: the person's Remaker ID and
// organisation, then the import fields (so that the file can be imported
// into another organisation, or another system), then the registration
// date. "name", "age" and "external_id" only exist for imports.
var exportKeys = func() []string {
	out := []string{"remaker_id", "org"}
	for _, f := range Fields {
		switch f.Key {
		case "name", "age", "external_id":
			continue
		}
		out = append(out, f.Key)
	}
	return append(out, "registered_on")
}()

// templateKeys are the columns of an empty import template: the export's,
// without what Remaker fills in itself, and with the file's own ID first.
var templateKeys = func() []string {
	out := []string{"external_id"}
	for _, k := range exportKeys {
		switch k {
		case "remaker_id", "org", "registered_on":
			continue
		}
		out = append(out, k)
	}
	return out
}()

// ExportHeaders are the column headers of an export in lang.
func ExportHeaders(lang string) []string { return headers(lang, exportKeys) }

func headers(lang string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = FieldLabel(lang, k)
	}
	return out
}

// cell is one value of an export: text, a number or a date.
type cell struct {
	text string
	num  *float64
	date *time.Time
}

func (c cell) String() string {
	switch {
	case c.num != nil:
		return strconv.FormatFloat(*c.num, 'f', -1, 64)
	case c.date != nil:
		return c.date.Format(time.DateOnly)
	}
	return c.text
}

// CodeLabel shows a code of a list in lang: the catalog's label when
// there is one, else the code (which an import reads back either way).
func CodeLabel(lang, list, code string) string { return label(lang, list, code) }

// PlaceName is a P-code's name in lang, or the code when it is unknown.
func PlaceName(lang, code string) string {
	if u, ok := refdata.Admin(code); ok {
		return u.Name(lang)
	}
	return code
}

// CountryName is a country's name in lang, or the code when it is unknown.
func CountryName(lang, code string) string {
	if c, ok := refdata.Country(code); ok {
		return c.Name(lang)
	}
	return code
}

func label(lang, list, code string) string {
	if code == "" {
		return ""
	}
	if i18n.Has(list + "." + code) {
		return i18n.T(lang, list+"."+code)
	}
	return code
}

func labels(lang, list string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = label(lang, list, c)
	}
	return strings.Join(out, ", ")
}

func yesNo(lang string, b bool) string {
	if b {
		return i18n.T(lang, "import.yes")
	}
	return i18n.T(lang, "import.no")
}

func money(n *int64) cell {
	if n == nil {
		return cell{}
	}
	f := float64(*n) / 100
	return cell{num: &f}
}

func dateCell(t *time.Time) cell {
	if t == nil {
		return cell{}
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return cell{date: &d}
}

// exportCells lays out one record in the columns keys.
func exportCells(lang string, keys []string, r ExportRecord) []cell {
	p, e := r.Person, r.Episode
	if e == nil {
		e = &registry.Episode{}
	}
	place := func(code string) cell {
		if u, ok := refdata.Admin(code); ok {
			return cell{text: u.Name(lang)}
		}
		return cell{text: code}
	}
	lowest := ""
	for _, c := range []string{p.Union, p.Upazila, p.District, p.Division} {
		if c != "" {
			lowest = c
			break
		}
	}
	out := make([]cell, 0, len(keys))
	for _, k := range keys {
		var c cell
		switch k {
		case "remaker_id":
			c.text = p.ID
		case "org":
			c.text = r.OrgCode
		case "name_bn":
			c.text = p.NameBn
		case "name_latin":
			c.text = p.NameLatin
		case "sex":
			c.text = label(lang, "sex", p.Sex)
		case "birth_date":
			c = dateCell(p.BirthDate)
		case "birth_estimated":
			if p.BirthDate != nil {
				c.text = yesNo(lang, p.BirthEstimated)
			}
		case "ethnicity":
			if g, ok := refdata.EthnicGroup(p.Ethnicity); ok {
				c.text = g.Name(lang)
			}
		case "religion", "education", "remigrate":
			c.text = label(lang, k, map[string]string{"religion": p.Religion, "education": p.Education, "remigrate": p.Remigrate}[k])
		case "phones":
			c.text = strings.Join(p.Phones, ", ")
		case "nid":
			c.text = p.NID
		case "passport":
			c.text = p.Passport
		case "bmet_reg":
			c.text = p.BMETReg
		case "pcode":
			c.text = lowest
		case "division":
			c = place(p.Division)
		case "district":
			c = place(p.District)
		case "upazila":
			c = place(p.Upazila)
		case "union":
			c = place(p.Union)
		case "village":
			c.text = p.Village
		case "languages":
			names := make([]string, 0, len(p.Languages))
			for _, l := range p.Languages {
				if li, ok := refdata.Language(l); ok {
					names = append(names, li.Name(lang))
				} else {
					names = append(names, l)
				}
			}
			c.text = strings.Join(names, ", ")
		case "wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare", "wg_communication":
			if n, ok := p.WG[strings.TrimPrefix(k, "wg_")]; ok {
				f := float64(n)
				c.num = &f
			}
		case "destination":
			if ci, ok := refdata.Country(e.Destination); ok {
				c.text = ci.Name(lang)
			}
		case "occupation_isco":
			c.text = e.OccupationISCO
		case "skill_category":
			if s, ok := refdata.Skill(e.SkillCategory); ok {
				c.text = s.Name(lang)
			}
		case "departure_date":
			c = dateCell(e.DepartureDate)
		case "return_date":
			c = dateCell(e.ReturnDate)
		case "channel", "return_type":
			c.text = label(lang, k, map[string]string{"channel": e.Channel, "return_type": e.ReturnType}[k])
		case "cost":
			c = money(e.CostMinor)
		case "cost_currency":
			if e.CostMinor != nil {
				c.text = e.CostCurrency
			}
		case "financing":
			c.text = labels(lang, "financing", e.Financing)
		case "unpaid_wages":
			c = money(e.UnpaidWagesMinor)
		case "unpaid_wages_currency":
			if e.UnpaidWagesMinor != nil {
				c.text = e.UnpaidWagesCurrency
			}
		case "documents":
			c.text = labels(lang, "documents", e.Documents)
		case "registered_on":
			if !p.CreatedAt.IsZero() {
				d := p.CreatedAt.In(i18n.Dhaka)
				c = dateCell(&d)
			}
		}
		out = append(out, c)
	}
	return out
}

// Writer writes an export one person at a time.
type Writer interface {
	Write(ExportRecord) error
	// Close finishes the file; nothing is complete before it returns.
	Close() error
}

// NewWriter starts an export in format (CSV or XLSX) with headers in lang.
func NewWriter(format string, w io.Writer, lang string) (Writer, error) {
	return newWriter(format, w, lang, exportKeys)
}

// WriteTemplate writes an empty file to fill in for an import: the
// headers Suggest recognises, in lang.
func WriteTemplate(format string, w io.Writer, lang string) error {
	tw, err := newWriter(format, w, lang, templateKeys)
	if err != nil {
		return err
	}
	return tw.Close()
}

func newWriter(format string, w io.Writer, lang string, keys []string) (Writer, error) {
	switch format {
	case CSV:
		return newCSVWriter(w, lang, keys)
	case XLSX:
		return newXLSXWriter(w, lang, keys)
	}
	return nil, app.Errorf(app.EINVALID, "choose the file format: csv or xlsx")
}

// CSVWriter writes UTF-8 CSV with a byte order mark, which Excel needs to
// show Bangla, and CRLF line ends.
type CSVWriter struct {
	w    *csv.Writer
	lang string
	keys []string
}

// NewCSVWriter writes the byte order mark and the header row.
func NewCSVWriter(w io.Writer, lang string) (*CSVWriter, error) {
	return newCSVWriter(w, lang, exportKeys)
}

func newCSVWriter(w io.Writer, lang string, keys []string) (*CSVWriter, error) {
	if _, err := w.Write(bomUTF8); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(headers(lang, keys)); err != nil {
		return nil, err
	}
	return &CSVWriter{w: cw, lang: lang, keys: keys}, nil
}

// Write adds a person.
func (c *CSVWriter) Write(r ExportRecord) error {
	cells := exportCells(c.lang, c.keys, r)
	rec := make([]string, len(cells))
	for i, x := range cells {
		rec[i] = x.String()
		if x.num == nil && x.date == nil {
			rec[i] = defuse(rec[i])
		}
	}
	return c.w.Write(rec)
}

// Close flushes the file.
func (c *CSVWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// defuse keeps a spreadsheet from running text as a formula: a value that
// starts with = + - @ or a control character gets a leading apostrophe,
// which the import removes again.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// XLSXWriter writes a workbook with one sheet: a bold, frozen header row,
// text cells for IDs and phone numbers (so Excel keeps their digits), real
// dates and numbers.
type XLSXWriter struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	lang   string
	keys   []string
	row    int
	date   int
	closed bool
}

// NewXLSXWriter starts the workbook.
func NewXLSXWriter(w io.Writer, lang string) (*XLSXWriter, error) {
	return newXLSXWriter(w, lang, exportKeys)
}

func newXLSXWriter(w io.Writer, lang string, keys []string) (*XLSXWriter, error) {
	f := excelize.NewFile()
	sheet := i18n.T(lang, "import.sheet_name")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, err
	}
	x := &XLSXWriter{out: w, f: f, lang: lang, keys: keys, row: 1}
	fail := func(err error) (*XLSXWriter, error) {
		f.Close()
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fail(err)
	}
	fmtDate := "yyyy-mm-dd"
	if x.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return fail(err)
	}
	if x.sw, err = f.NewStreamWriter(sheet); err != nil {
		return fail(err)
	}
	if err := x.sw.SetColWidth(1, len(keys), 16); err != nil {
		return fail(err)
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	hs := headers(lang, keys)
	row := make([]any, len(hs))
	for i, h := range hs {
		row[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := x.sw.SetRow("A1", row); err != nil {
		return fail(err)
	}
	return x, nil
}

// Write adds a person.
func (x *XLSXWriter) Write(r ExportRecord) error {
	cells := exportCells(x.lang, x.keys, r)
	row := make([]any, len(cells))
	for i, c := range cells {
		switch {
		case c.num != nil:
			row[i] = *c.num
		case c.date != nil:
			row[i] = excelize.Cell{StyleID: x.date, Value: *c.date}
		case c.text != "":
			row[i] = c.text
		default:
			row[i] = nil
		}
	}
	x.row++
	axis, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(axis, row)
}

// Close writes the workbook out.
func (x *XLSXWriter) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.out)
	return err
}
