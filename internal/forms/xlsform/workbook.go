package xlsform

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Magic numbers of the file formats a user may upload by mistake.
var (
	magicZip = []byte("PK\x03\x04")
	// magicOLE starts every Compound File Binary: legacy .xls (BIFF), and
	// also password-protected .xlsx.
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Excel's limits: no sheet can be larger.
const (
	maxExcelRows = 1048576
	maxExcelCols = 16384
)

// rawRow is one non-empty row of a sheet.
type rawRow struct {
	num   int      // 1-based Excel row number
	cells []string // cell values, index = column - 1, trimmed
}

// sheetData is one sheet read into memory: its non-empty rows in order.
type sheetData struct {
	name string // as written in the workbook
	rows []rawRow
}

// checkMagic refuses inputs that are not an Office Open XML package,
// returning a message for the author, or "" when data looks like a zip.
func checkMagic(data []byte, fileName string) string {
	lower := strings.ToLower(fileName)
	switch {
	case len(data) == 0:
		return "The file is empty. Upload the XLSForm workbook (.xlsx)."
	case bytes.HasPrefix(data, magicOLE):
		return "This is a legacy Excel 97-2003 workbook (.xls), or a password-protected workbook, which Remaker cannot read. " +
			"Open it in Excel or LibreOffice, remove any password, save the workbook as .xlsx (Excel Workbook) and upload that file."
	case bytes.HasPrefix(data, magicZip):
		return ""
	case strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".md"):
		return "This is not an Excel workbook. Remaker reads XLSForms saved as .xlsx; save the workbook as .xlsx and upload that file."
	default:
		return "This file is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx (Excel Workbook) and upload that file."
	}
}

// openWorkbook opens the workbook with raw cell values (no number
// formatting: faster, and numbers come as written).
func openWorkbook(data []byte, maxBytes int64) (*excelize.File, error) {
	if maxBytes <= 0 {
		maxBytes = 256 << 20
	}
	xmlLimit := int64(16 << 20)
	if xmlLimit > maxBytes {
		xmlLimit = maxBytes
	}
	return excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    maxBytes,
		UnzipXMLSizeLimit: xmlLimit,
	})
}

// hasBooleanCells reports whether any worksheet held in memory has a
// boolean cell (t="b"). Raw cell values give booleans as 1 and 0; pyxform
// reads them as TRUE and FALSE, so when a workbook has any, the type of each
// 0/1 cell is looked up.
func hasBooleanCells(f *excelize.File) bool {
	found := false
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		data, _ := v.([]byte)
		if strings.HasPrefix(name, "xl/worksheets/") && bytes.Contains(data, []byte(`t="b"`)) {
			found = true
			return false
		}
		return true
	})
	return found
}

// readSheet reads every non-empty row of a sheet.
func readSheet(f *excelize.File, name string, bools bool) (sd *sheetData, err error) {
	// excelize is robust, but a reader of outside input must never take the
	// server down: turn a panic inside the library into an error.
	defer func() {
		if r := recover(); r != nil {
			sd, err = nil, fmt.Errorf("the sheet could not be read (%v)", r)
		}
	}()
	rows, err := f.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sd = &sheetData{name: name}
	n := 0
	for rows.Next() {
		n++
		if n > maxExcelRows {
			break
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > maxExcelCols {
			cols = cols[:maxExcelCols]
		}
		nonEmpty := false
		for i, c := range cols {
			if bools && (c == "0" || c == "1") {
				if t, err := f.GetCellType(name, cellRef(i, n)); err == nil && t == excelize.CellTypeBool {
					c = map[string]string{"0": "FALSE", "1": "TRUE"}[c]
				}
			}
			if integralNumber(c) {
				// A number cell holding a whole number written as 12.0 (as some
				// tools save it) reads as 12, as pyxform reads it; text typed
				// as "12.0" stays as typed.
				if t, err := f.GetCellType(name, cellRef(i, n)); err == nil && t != excelize.CellTypeSharedString &&
					t != excelize.CellTypeInlineString && t != excelize.CellTypeFormula {
					c = c[:strings.IndexByte(c, '.')]
				}
			}
			c = cleanCell(c)
			cols[i] = c
			if c != "" {
				nonEmpty = true
			}
		}
		if !nonEmpty {
			continue
		}
		// Drop trailing empty cells so wide, mostly empty rows cost nothing.
		last := len(cols)
		for last > 0 && cols[last-1] == "" {
			last--
		}
		sd.rows = append(sd.rows, rawRow{num: n, cells: cols[:last:last]})
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return sd, nil
}

// integralNumber reports whether s is a whole number with a zero fraction, like 12.0.
func integralNumber(s string) bool {
	dot := strings.IndexByte(s, '.')
	if dot < 1 || dot == len(s)-1 {
		return false
	}
	digits := s[:dot]
	if digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return false
	}
	return strings.Trim(s[dot+1:], "0") == ""
}

// cleanCell trims a raw cell value and tidies numbers stored with binary
// noise (0.30000000000000004 is shown by Excel as 0.3).
func cleanCell(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[0]; (c >= '0' && c <= '9') || c == '-' || c == '.' {
		if strings.ContainsAny(s, ".eE") && significantDigits(s) > 15 {
			if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
				return strconv.FormatFloat(r, 'f', -1, 64)
			}
		}
	}
	return s
}

func significantDigits(s string) int {
	n := 0
	started := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c >= '1' && c <= '9' {
			started = true
		}
		if started && c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// cellRef names a cell: column index (0-based) and row (1-based) to "C12".
func cellRef(col, row int) string {
	if col < 0 || row <= 0 {
		return ""
	}
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return ""
	}
	return name + strconv.Itoa(row)
}

// colName names a column: index (0-based) to "C".
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return "?"
	}
	return name
}
