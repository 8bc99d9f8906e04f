package servertest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// MediaFormWorkbook writes a small XLSForm that needs two files: the
// picture logo.png in a note's label (media::image) and the CSV fruits.csv
// that a select_one_from_file question takes its choices from.
func MediaFormWorkbook(t testing.TB, formID, version string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows [][]any) {
		for i, row := range rows {
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		t.Fatal(err)
	}
	write("survey", [][]any{
		{"type", "name", "label::English (en)", "media::image::English (en)"},
		{"note", "logo_note", "Our logo", "logo.png"},
		{"select_one_from_file fruits.csv", "fruit", "Which fruit?", ""},
		{"text", "remark", "Remark", ""},
	})
	f.NewSheet("settings")
	write("settings", [][]any{{"form_id", "version", "form_title"}, {formID, version, "Media form " + formID}})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FruitsCSV is a fruits.csv for MediaFormWorkbook's question.
const FruitsCSV = "name,label,colour\nmango,Mango,yellow\njackfruit,Jackfruit,green\n"
