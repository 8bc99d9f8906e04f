package importer

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/registry"
)

func exportSample() []ExportRecord {
	birth, ret := day("1988-04-12"), day("2023-03-15")
	cost := int64(35000000)
	return []ExportRecord{
		{OrgCode: "BNSK", Person: registry.Person{ID: "p1", NameLatin: "Md. Abdur Rahim", NameBn: "মোঃ আব্দুর রহিম", Sex: "male",
			BirthDate: &birth, Ethnicity: "chakma", Religion: "buddhism", Education: "secondary", Phones: []string{"01711234567", "01811234567"},
			NID: "1990123456789", Division: "BD20", District: "BD2051", Upazila: "BD205173", Village: "Char Alexander",
			Languages: []string{"bn", "ccp"}, Remigrate: "maybe", WG: map[string]int{"walking": 3},
			CreatedAt: time.Date(2025, 1, 31, 20, 0, 0, 0, time.UTC)},
			Episode: &registry.Episode{Destination: "SA", OccupationISCO: "9313", SkillCategory: "less_skilled", ReturnDate: &ret,
				Channel: "broker", CostMinor: &cost, CostCurrency: "BDT", Financing: []string{"loan", "land_sale"},
				ReturnType: "contract_ended", Documents: []string{"passport", "visa"}}},
		{OrgCode: "BNSK", Person: registry.Person{ID: "p2", NameLatin: "=HYPERLINK(\"http://x\")", Sex: "female", District: "BD2019"}},
	}
}

func TestExportCSV(t *testing.T) {
	for _, lang := range []string{"en", "bn"} {
		var buf bytes.Buffer
		w, err := NewWriter(CSV, &buf, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range exportSample() {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) || !bytes.Contains(b, []byte("\r\n")) {
			t.Errorf("%s: no byte order mark or no CRLF", lang)
		}
		recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil || len(recs) != 3 {
			t.Fatalf("%s: %d records, %v", lang, len(recs), err)
		}
		head := strings.Join(recs[0], "|")
		if lang == "bn" && !strings.Contains(head, "জন্ম তারিখ") || lang == "en" && !strings.Contains(head, "Date of birth") {
			t.Errorf("%s headers: %s", lang, head)
		}
		row := strings.Join(recs[1], "|")
		for _, want := range []string{"p1", "BNSK", "মোঃ আব্দুর রহিম", "1988-04-12", "01711234567, 01811234567", "BD205173", "9313", "350000", "2023-03-15", "2025-02-01"} {
			if !strings.Contains(row, want) {
				t.Errorf("%s: row lacks %q: %s", lang, want, row)
			}
		}
		if lang == "bn" && !strings.Contains(row, "লক্ষ্মীপুর") || lang == "en" && !strings.Contains(row, "Lakshmipur") {
			t.Errorf("%s: place names: %s", lang, row)
		}
		// A name that a spreadsheet would run as a formula is defused.
		if got := recs[2][3]; got != "'=HYPERLINK(\"http://x\")" {
			t.Errorf("%s: formula name written as %q", lang, got)
		}
	}
}

// An export reads back in: its headers map to the same fields, and the
// people come back as they were (the round trip an organisation makes
// when it hands a list to another).
func TestExportImportsBack(t *testing.T) {
	for _, format := range []string{CSV, XLSX} {
		for _, lang := range []string{"en", "bn"} {
			var buf bytes.Buffer
			w, err := NewWriter(format, &buf, lang)
			if err != nil {
				t.Fatal(err)
			}
			sample := exportSample()
			for _, r := range sample {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			tab := mustRead(t, buf.Bytes(), ReadOptions{})
			if tab.Format != format {
				t.Errorf("%s/%s read as %s", format, lang, tab.Format)
			}
			m := Suggest(tab.Headers)
			res := Convert(tab, m, Options{Today: today})
			if res.ProblemCount != 0 || len(res.Rows) != 2 {
				t.Fatalf("%s/%s: %v %+v", format, lang, m, res.Problems)
			}
			got, want := res.Rows[0], sample[0]
			p, e := got.Person, got.Episode
			if p.NameBn != want.Person.NameBn || p.NameLatin != want.Person.NameLatin || p.Sex != "male" ||
				p.BirthDate.Format(time.DateOnly) != "1988-04-12" || p.Ethnicity != "chakma" || p.Religion != "buddhism" ||
				p.Education != "secondary" || strings.Join(p.Phones, " ") != "01711234567 01811234567" || p.NID != want.Person.NID ||
				p.Upazila != "BD205173" || p.Village != "Char Alexander" || strings.Join(p.Languages, " ") != "bn ccp" ||
				p.Remigrate != "maybe" || p.WG["walking"] != 3 {
				t.Errorf("%s/%s person: %+v", format, lang, p)
			}
			if e == nil || e.Destination != "SA" || e.OccupationISCO != "9313" || e.SkillCategory != "less_skilled" ||
				e.ReturnDate.Format(time.DateOnly) != "2023-03-15" || e.Channel != "broker" || *e.CostMinor != 35000000 ||
				strings.Join(e.Financing, " ") != "loan land_sale" || e.ReturnType != "contract_ended" ||
				strings.Join(e.Documents, " ") != "passport visa" {
				t.Errorf("%s/%s episode: %+v", format, lang, e)
			}
			if n := res.Rows[1].Person.NameLatin; n != "=HYPERLINK(\"http://x\")" {
				t.Errorf("%s/%s: defused name reads back as %q", format, lang, n)
			}
		}
	}
}

func TestExportXLSXCells(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(XLSX, &buf, "bn")
	w.Write(exportSample()[0])
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "ব্যক্তি" {
		t.Errorf("sheet %q", sheet)
	}
	// IDs stay text (no digits lost), dates are dates, amounts numbers.
	nid, _ := f.GetCellValue(sheet, cellOf(t, "nid", 2))
	nidType, _ := f.GetCellType(sheet, cellOf(t, "nid", 2))
	birth, _ := f.GetCellValue(sheet, cellOf(t, "birth_date", 2))
	costType, _ := f.GetCellType(sheet, cellOf(t, "cost", 2))
	if nid != "1990123456789" || nidType == excelize.CellTypeNumber || birth != "1988-04-12" || costType == excelize.CellTypeSharedString {
		t.Errorf("nid %q (%v) birth %q cost type %v", nid, nidType, birth, costType)
	}
	if v, _ := f.GetCellValue(sheet, "A1"); v != "রিমেকার আইডি" {
		t.Errorf("A1 = %q", v)
	}
}

func cellOf(t *testing.T, key string, row int) string {
	for i, k := range exportKeys {
		if k == key {
			c, _ := excelize.CoordinatesToCellName(i+1, row)
			return c
		}
	}
	t.Fatalf("no export column %s", key)
	return ""
}

func TestTemplate(t *testing.T) {
	for _, format := range []string{CSV, XLSX} {
		var buf bytes.Buffer
		if err := WriteTemplate(format, &buf, "bn"); err != nil {
			t.Fatal(err)
		}
		_, err := Read(buf.Bytes(), ReadOptions{})
		// Headers only: reading it says there is nobody in it yet.
		wantError(t, format+" template", err, "invalid", "no people")
	}
	// Every header maps to its field.
	var buf bytes.Buffer
	WriteTemplate(CSV, &buf, "en")
	head, _ := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).Read()
	m := Suggest(head)
	for i, k := range m {
		if k != templateKeys[i] {
			t.Errorf("template column %q maps to %q, want %q", head[i], k, templateKeys[i])
		}
	}
	if _, err := NewWriter("pdf", &buf, "en"); err == nil {
		t.Error("an unknown format was accepted")
	}
}
