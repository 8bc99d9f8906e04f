package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t *testing.T, data []byte, opts ReadOptions) *Table {
	t.Helper()
	tab, err := Read(data, opts)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return tab
}

// wantError checks that err is an *app.Error with code whose English
// message contains every one of parts.
func wantError(t *testing.T, what string, err error, code string, parts ...string) {
	t.Helper()
	if app.ErrorCode(err) != code {
		t.Errorf("%s: error %v, want code %s", what, err, code)
		return
	}
	msg := app.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: message %q lacks %q", what, msg, p)
		}
	}
}

func TestReadCSVRowsAsTheSpreadsheetShowsThem(t *testing.T) {
	tab := mustRead(t, readFile(t, "people.csv"), ReadOptions{})
	if tab.Format != CSV || tab.Delimiter != "," || tab.HeaderRow != 1 {
		t.Errorf("format %s delimiter %q header row %d", tab.Format, tab.Delimiter, tab.HeaderRow)
	}
	if tab.Headers[0] != "Ref" { // the byte order mark is not part of the first header
		t.Errorf("first header %q", tab.Headers[0])
	}
	var rows []int
	for _, r := range tab.Records {
		rows = append(rows, r.Row)
	}
	// A quoted value with a line break is one row; the empty line is a row too.
	if !slices.Equal(rows, []int{2, 3, 4, 6}) {
		t.Errorf("row numbers %v, want [2 3 4 6]", rows)
	}
	if got := tab.Records[0].Cell(13); got != "came back with\nunpaid wages" {
		t.Errorf("multi-line cell %q", got)
	}
	if got := tab.Records[0].Cell(11); got != "3,50,000" {
		t.Errorf("quoted comma cell %q", got)
	}
}

func TestReadCSVDelimiters(t *testing.T) {
	tab := mustRead(t, readFile(t, "people_bn_semicolon.csv"), ReadOptions{})
	if tab.Delimiter != ";" || len(tab.Headers) != 7 || tab.Headers[0] != "নাম" || len(tab.Records) != 2 {
		t.Errorf("semicolon file: %q %v %d rows", tab.Delimiter, tab.Headers, len(tab.Records))
	}
	tab = mustRead(t, readFile(t, "people_tab.csv"), ReadOptions{})
	if tab.Delimiter != "\t" || len(tab.Headers) != 3 || tab.Records[0].Cell(2) != "01711000222" {
		t.Errorf("tab file: %q %v", tab.Delimiter, tab.Headers)
	}
	// A comma inside quotes does not count towards the delimiter.
	tab = mustRead(t, []byte("\"a,b,c\";x\n1;2\n"), ReadOptions{})
	if tab.Delimiter != ";" || tab.Headers[0] != "a,b,c" {
		t.Errorf("quoted commas: %q %v", tab.Delimiter, tab.Headers)
	}
	// CR line ends (old Mac Excel) and CRLF.
	tab = mustRead(t, []byte("a,b\r1,2\r\n3,4"), ReadOptions{})
	if len(tab.Records) != 2 || tab.Records[1].Row != 3 || tab.Records[1].Cell(1) != "4" {
		t.Errorf("line ends: %+v", tab.Records)
	}
	// Doubled quotes, text after a closing quote, a trailing delimiter.
	tab = mustRead(t, []byte("a,b,c\n\"say \"\"hi\"\"\",\"x\"y,\n"), ReadOptions{})
	if r := tab.Records[0]; r.Cell(0) != `say "hi"` || r.Cell(1) != "xy" || len(tab.Headers) != 3 {
		t.Errorf("quotes: %q", r.Cells)
	}
}

func TestReadRefusesWhatItCannotRead(t *testing.T) {
	_, err := Read(readFile(t, "latin1.csv"), ReadOptions{})
	wantError(t, "Latin-1 file", err, app.EINVALID, "UTF-8", "Save As")
	_, err = Read([]byte{0xFF, 0xFE, 'N', 0, 'a', 0}, ReadOptions{})
	wantError(t, "UTF-16 file", err, app.EINVALID, "UTF-8")
	_, err = Read(readFile(t, "unclosed_quote.csv"), ReadOptions{})
	wantError(t, "unclosed quote", err, app.EINVALID, "row 2", `"`)
	_, err = Read([]byte("\xef\xbb\xbf \n\n"), ReadOptions{})
	wantError(t, "empty file", err, app.EINVALID, "empty")
	_, err = Read([]byte("Name,Sex\n,\n"), ReadOptions{})
	wantError(t, "header only", err, app.EINVALID, "no people")
	_, err = Read([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ReadOptions{FileName: "old.xls"})
	wantError(t, "xls", err, app.EINVALID, ".xls", ".xlsx")
	_, err = Read([]byte("PK\x03\x04garbage"), ReadOptions{FileName: "x.xlsx"})
	wantError(t, "broken zip", err, app.EINVALID, "could not be read")
	_, err = Read([]byte("not a workbook"), ReadOptions{FileName: "x.xlsx"})
	wantError(t, "text named .xlsx", err, app.EINVALID, ".xlsx")
}

func TestReadLimits(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Name,Sex\n")
	for range 11 {
		b.WriteString("A,male\n")
	}
	_, err := Read(b.Bytes(), ReadOptions{Limits: Limits{MaxRows: 10}})
	wantError(t, "too many rows", err, app.EINVALID, "more than 10 rows", "split")
	if _, err := Read(b.Bytes(), ReadOptions{Limits: Limits{MaxRows: 11}}); err != nil {
		t.Errorf("exactly at the row limit: %v", err)
	}
	_, err = Read(b.Bytes(), ReadOptions{Limits: Limits{MaxBytes: 20}})
	wantError(t, "too large", err, app.ETOOLARGE, "larger than")
	_, err = Read([]byte(strings.Repeat("h,", 300)+"\n"+strings.Repeat("x,", 300)), ReadOptions{})
	wantError(t, "too many columns", err, app.EINVALID, "more than 200 columns")
}

func TestReadXLSXSheetAndRawValues(t *testing.T) {
	data := readFile(t, "people.xlsx")
	_, err := Read(data, ReadOptions{})
	// The first sheet holds a note, not people.
	wantError(t, "first sheet", err, app.EINVALID, "no people")
	tab := mustRead(t, data, ReadOptions{Sheet: "returnees"})
	if tab.Format != XLSX || tab.Sheet != "Returnees" || !slices.Equal(tab.Sheets, []string{"Notes", "Returnees"}) {
		t.Errorf("sheets: %s %v", tab.Sheet, tab.Sheets)
	}
	if tab.HeaderRow != 3 || tab.Records[0].Row != 4 || tab.Records[1].Row != 5 {
		t.Errorf("header row %d, rows %d %d", tab.HeaderRow, tab.Records[0].Row, tab.Records[1].Row)
	}
	r := tab.Records[0]
	// Raw values: the date is Excel's serial number, the phone lost its zero.
	if r.Cell(3) != "32245" || r.Cell(4) != "1711234567" || r.Cell(9) != "350000" {
		t.Errorf("raw cells %q", r.Cells)
	}
	_, err = Read(data, ReadOptions{Sheet: "People"})
	wantError(t, "no such sheet", err, app.EINVALID, `"People"`, "Notes, Returnees")
}

func TestReadXLSXWideAndSparse(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Name")
	f.SetCellValue("Sheet1", "B1", "Sex")
	f.SetCellValue("Sheet1", "A7", "Late row")
	f.SetCellValue("Sheet1", "B7", "female")
	f.SetCellValue("Sheet1", "D7", "beyond the headers")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tab := mustRead(t, buf.Bytes(), ReadOptions{})
	if len(tab.Records) != 1 || tab.Records[0].Row != 7 {
		t.Fatalf("records %+v", tab.Records)
	}
	if len(tab.Headers) != 4 || tab.Label(3) != "D" || tab.Records[0].Cell(3) != "beyond the headers" {
		t.Errorf("a value beyond the headers: %q %q", tab.Headers, tab.Records[0].Cells)
	}
}
