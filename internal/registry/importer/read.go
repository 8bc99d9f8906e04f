package importer

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
)

// Formats of the files read and written.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Content types of the formats.
const (
	CSVType  = "text/csv"
	XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Limits bound what Read accepts. A register of a district office has a few
// thousand people; the limits leave room for a whole organisation's list
// while keeping one import to a transaction a small server can hold.
type Limits struct {
	MaxBytes   int64 // size of the file
	MaxRows    int   // data rows, not counting the header or empty rows
	MaxColumns int
}

// DefaultLimits are the limits of the web page and the API.
var DefaultLimits = Limits{MaxBytes: 20 << 20, MaxRows: 50_000, MaxColumns: 200}

// Table is a file's header and data rows.
type Table struct {
	Format string // CSV or XLSX
	// Sheet is the sheet read and Sheets every sheet, for workbooks.
	Sheet  string
	Sheets []string
	// Delimiter is the CSV field separator found: ",", ";" or "\t".
	Delimiter string
	// HeaderRow is the row number of the header (the first non-empty row).
	HeaderRow int
	Headers   []string
	Records   []Record
}

// Record is one data row.
type Record struct {
	// Row is the row number as the user sees it in the spreadsheet,
	// counting from 1 at the top of the file, empty rows included.
	Row   int
	Cells []string
}

// Cell returns the record's cell in column i, "" beyond its end.
func (r Record) Cell(i int) string {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return ""
}

// ColumnLetter names column i (from 0) the way spreadsheets do: A, B, ... Z, AA.
func ColumnLetter(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return name
}

// Label names column i for a person: its header, or its letter when the
// header is empty.
func (t *Table) Label(i int) string {
	if i >= 0 && i < len(t.Headers) && t.Headers[i] != "" {
		return t.Headers[i]
	}
	return ColumnLetter(i)
}

// ReadOptions says how to read a file.
type ReadOptions struct {
	// FileName is the uploaded file's name, used only to word messages.
	FileName string
	// Sheet names the workbook sheet to read; "" reads the first.
	Sheet  string
	Limits Limits
}

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	bomUTF8  = []byte{0xEF, 0xBB, 0xBF}
)

// Read parses a CSV file or an XLSX workbook, recognised by its content.
// Every error is an *app.Error whose message says what to do.
func Read(data []byte, opts ReadOptions) (*Table, error) {
	lim := opts.Limits
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxRows <= 0 {
		lim.MaxRows = DefaultLimits.MaxRows
	}
	if lim.MaxColumns <= 0 {
		lim.MaxColumns = DefaultLimits.MaxColumns
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, TooLarge(lim.MaxBytes)
	}
	lower := strings.ToLower(opts.FileName)
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, bomUTF8))) == 0:
		return nil, app.Errorf(app.EINVALID, "the file is empty: choose the file with the list of people")
	case bytes.HasPrefix(data, magicZip):
		return readXLSX(data, opts.Sheet, lim)
	case bytes.HasPrefix(data, magicOLE):
		return nil, app.Errorf(app.EINVALID, "this is an old Excel 97-2003 workbook (.xls) or a password-protected one, which Remaker cannot read: open it in Excel or LibreOffice, remove any password and save it as .xlsx (Excel Workbook) or as CSV UTF-8")
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xls") || strings.HasSuffix(lower, ".ods"):
		return nil, app.Errorf(app.EINVALID, "this file is not an Excel workbook that Remaker can read: save it as .xlsx (Excel Workbook) or as CSV UTF-8 and upload that file")
	}
	return readCSV(data, lim)
}

// TooLarge is the error for a file over the size limit.
func TooLarge(maxBytes int64) error {
	return app.Errorf(app.ETOOLARGE, "the file is larger than %d MB: split the list into smaller files and import them one after another", maxBytes>>20)
}

// tooManyRows is the error for a file over the row limit.
func tooManyRows(max int) error {
	return app.Errorf(app.EINVALID, "the file has more than %d rows of people: split the list into smaller files and import them one after another", max)
}

func tooManyColumns(max int) error {
	return app.Errorf(app.EINVALID, "the file has more than %d columns: delete the columns Remaker does not need and try again", max)
}

// cleanCell trims a cell and removes what no database should store: NUL
// and invalid UTF-8. Non-breaking spaces, which Excel users paste from the
// web, count as spaces.
func cleanCell(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if strings.ContainsRune(s, 0) {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
}

// table builds the Table from raw rows: the first non-empty row is the
// header, the others are data rows; empty rows are skipped but counted.
type tableBuilder struct {
	t   *Table
	lim Limits
}

// add takes the cells of spreadsheet row n. It returns an error when a
// limit is passed.
func (b *tableBuilder) add(n int, cells []string) error {
	empty := true
	for i, c := range cells {
		c = cleanCell(c)
		cells[i] = c
		if c != "" {
			empty = false
		}
	}
	if empty {
		return nil
	}
	// Drop trailing empty cells so a wide, mostly empty sheet costs nothing.
	last := len(cells)
	for last > 0 && cells[last-1] == "" {
		last--
	}
	cells = cells[:last]
	if b.t.Headers == nil {
		if len(cells) > b.lim.MaxColumns {
			return tooManyColumns(b.lim.MaxColumns)
		}
		b.t.HeaderRow = n
		b.t.Headers = cells
		return nil
	}
	if len(b.t.Records) >= b.lim.MaxRows {
		return tooManyRows(b.lim.MaxRows)
	}
	if len(cells) > len(b.t.Headers) {
		// Values beyond the last header: keep them under a column named
		// by its letter, so no data goes unseen.
		if len(cells) > b.lim.MaxColumns {
			return tooManyColumns(b.lim.MaxColumns)
		}
		for len(b.t.Headers) < len(cells) {
			b.t.Headers = append(b.t.Headers, "")
		}
	}
	b.t.Records = append(b.t.Records, Record{Row: n, Cells: cells})
	return nil
}

func (b *tableBuilder) finish() (*Table, error) {
	if b.t.Headers == nil {
		return nil, app.Errorf(app.EINVALID, "the file is empty: choose the file with the list of people")
	}
	if len(b.t.Records) == 0 {
		return nil, app.Errorf(app.EINVALID, "the file has a header row but no people below it: put one person on each row under the header")
	}
	return b.t, nil
}

// readXLSX reads a workbook's sheet with raw cell values.
func readXLSX(data []byte, sheet string, lim Limits) (t *Table, err error) {
	// excelize is robust, but a reader of outside input must never take
	// the server down: a panic inside the library is a file we cannot read.
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, unreadableWorkbook()
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true,
		// A zip can unpack to far more than its size: bound what it may
		// take, in total and in memory per sheet (the rest goes to disk).
		UnzipSizeLimit:    512 << 20,
		UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		if strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "encrypt") {
			return nil, app.Errorf(app.EINVALID, "this workbook is protected with a password: open it, remove the password, save it and upload it again")
		}
		return nil, unreadableWorkbook()
	}
	defer f.Close()
	t = &Table{Format: XLSX, Sheets: f.GetSheetList()}
	if len(t.Sheets) == 0 {
		return nil, unreadableWorkbook()
	}
	t.Sheet = t.Sheets[0]
	if sheet != "" {
		t.Sheet = ""
		for _, s := range t.Sheets {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(sheet)) {
				t.Sheet = s
			}
		}
		if t.Sheet == "" {
			return nil, app.Errorf(app.EINVALID, "this workbook has no sheet named %q: its sheets are %s", sheet, strings.Join(t.Sheets, ", "))
		}
	}
	rows, err := f.Rows(t.Sheet)
	if err != nil {
		return nil, unreadableWorkbook()
	}
	defer rows.Close()
	b := tableBuilder{t: t, lim: lim}
	n := 0
	for rows.Next() {
		n++ // Next steps over missing rows one by one, so n is the sheet's row number
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, unreadableWorkbook()
		}
		if len(cols) > lim.MaxColumns*4 {
			cols = cols[:lim.MaxColumns*4]
		}
		if err := b.add(n, cols); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, unreadableWorkbook()
	}
	return b.finish()
}

func unreadableWorkbook() error {
	return app.Errorf(app.EINVALID, "this workbook could not be read: open it in Excel or LibreOffice, save it again as .xlsx (Excel Workbook) or as CSV UTF-8, and upload that file")
}

// readCSV parses delimited text. It is written here rather than with
// encoding/csv to count rows the way a spreadsheet shows them (a value
// with line breaks inside quotes is one row; empty lines are rows) and to
// be as forgiving as Excel with stray quotes.
func readCSV(data []byte, lim Limits) (*Table, error) {
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || !utf8.Valid(data) {
		return nil, notUTF8()
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, notUTF8()
	}
	delim := detectDelimiter(data)
	t := &Table{Format: CSV, Delimiter: string(delim)}
	b := tableBuilder{t: t, lim: lim}
	p := csvParser{data: data, delim: delim}
	row := 0
	for {
		cells, more, err := p.record(row + 1)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		row++
		if len(cells) > lim.MaxColumns*4 {
			return nil, tooManyColumns(lim.MaxColumns)
		}
		if err := b.add(row, cells); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

func notUTF8() error {
	return app.Errorf(app.EINVALID, "this file is not saved as UTF-8 text, so its Bangla would be garbled: in Excel choose File, Save As, \"CSV UTF-8 (Comma delimited)\"; in LibreOffice tick \"Edit filter settings\" and choose Unicode (UTF-8); then upload the new file")
}

// detectDelimiter picks the separator that splits the first non-empty line
// into the most fields: comma, semicolon (Excel in many European locales)
// or tab. A single-column file reads with a comma.
func detectDelimiter(data []byte) byte {
	counts := map[byte]int{}
	inQuote := false
	started := false
	for _, c := range data {
		if c == '"' {
			inQuote = !inQuote
		}
		if inQuote {
			continue
		}
		if c == '\n' || c == '\r' {
			if started {
				break
			}
			continue
		}
		started = true
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// csvParser reads one record at a time.
type csvParser struct {
	data  []byte
	pos   int
	delim byte
}

// record returns the next record's fields; more is false at the end. row
// is the record's row number, for the message about an unclosed quote.
func (p *csvParser) record(row int) (fields []string, more bool, err error) {
	if p.pos >= len(p.data) {
		return nil, false, nil
	}
	var field bytes.Buffer
	for {
		// At the start of a field.
		if p.pos < len(p.data) && p.data[p.pos] == '"' {
			p.pos++
			closed := false
			for p.pos < len(p.data) {
				c := p.data[p.pos]
				if c == '"' {
					if p.pos+1 < len(p.data) && p.data[p.pos+1] == '"' {
						field.WriteByte('"')
						p.pos += 2
						continue
					}
					p.pos++
					closed = true
					break
				}
				field.WriteByte(c)
				p.pos++
			}
			if !closed {
				return nil, false, app.Errorf(app.EINVALID, "row %d: a value starts with a double quote (\") that is never closed, so the rest of the file cannot be read: check that row in a text editor", row)
			}
		}
		// The rest of the field, up to the delimiter or the end of the
		// line. Characters after a closing quote are kept, as Excel does.
		for p.pos < len(p.data) {
			c := p.data[p.pos]
			if c == p.delim || c == '\n' || c == '\r' {
				break
			}
			field.WriteByte(c)
			p.pos++
		}
		fields = append(fields, field.String())
		field.Reset()
		if p.pos >= len(p.data) {
			return fields, true, nil
		}
		switch p.data[p.pos] {
		case p.delim:
			p.pos++
			if p.pos >= len(p.data) {
				return append(fields, ""), true, nil
			}
		case '\r':
			p.pos++
			if p.pos < len(p.data) && p.data[p.pos] == '\n' {
				p.pos++
			}
			return fields, true, nil
		case '\n':
			p.pos++
			return fields, true, nil
		}
	}
}
