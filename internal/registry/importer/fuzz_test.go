package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
)

// checkConverted holds what every conversion must give, whatever the input:
// problems point at real rows, cells and fields; rows that passed meet the
// register's own rules; fingerprints are set.
func checkConverted(t *testing.T, tab *Table, res Result) {
	t.Helper()
	rows := map[int]bool{}
	last := tab.HeaderRow
	for _, r := range tab.Records {
		if r.Row <= last {
			t.Fatalf("row numbers not increasing: %d after %d", r.Row, last)
		}
		last = r.Row
		rows[r.Row] = true
	}
	for _, p := range res.Problems {
		if !rows[p.Row] {
			t.Fatalf("problem on row %d, which is not a data row: %+v", p.Row, p)
		}
		if p.Message == "" || p.Field == "" && p.Column != "" {
			t.Fatalf("problem without message or field: %+v", p)
		}
		if p.Cell != "" && !strings.HasSuffix(p.Cell, strconv.Itoa(p.Row)) {
			t.Fatalf("problem cell %s is not on row %d", p.Cell, p.Row)
		}
		if !utf8.ValidString(p.Column) {
			t.Fatalf("column label is not UTF-8: %q", p.Column)
		}
	}
	if res.ProblemCount < len(res.Problems) || len(res.Rows)+res.ProblemRows != len(tab.Records) {
		t.Fatalf("counts: %d problems kept of %d, %d rows + %d bad of %d", len(res.Problems), res.ProblemCount,
			len(res.Rows), res.ProblemRows, len(tab.Records))
	}
	for _, r := range res.Rows {
		p := r.Person
		if err := p.Validate(today); err != nil {
			t.Fatalf("row %d passed conversion but fails validation: %v", r.Row, err)
		}
		if r.Episode != nil {
			e := *r.Episode
			if err := e.Validate(today); err != nil {
				t.Fatalf("row %d episode passed conversion but fails validation: %v", r.Row, err)
			}
		}
		if r.Fingerprint == "" {
			t.Fatalf("row %d has no fingerprint", r.Row)
		}
		for _, s := range []string{p.NameBn, p.NameLatin, p.Village, p.NID} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("row %d keeps text no database should store: %q", r.Row, s)
			}
		}
	}
}

// fuzzMapping is the suggested mapping, or, when it lacks a name or sex,
// one that maps the first columns to them so that conversion runs.
func fuzzMapping(tab *Table) Mapping {
	m := Suggest(tab.Headers)
	if m.Check(len(tab.Headers)) == nil {
		return m
	}
	m = make(Mapping, len(tab.Headers))
	for i := range m {
		if i < len(Fields) {
			m[i] = Fields[(i+1)%len(Fields)].Key // name first, then the rest in order
		}
	}
	if len(m) > 0 && m.Check(len(m)) != nil {
		m = make(Mapping, len(tab.Headers))
		m[0] = "name"
		if len(m) > 1 {
			m[1] = "sex"
		}
	}
	return m
}

// FuzzRead feeds bytes to Read, as CSV or as a workbook, then converts
// what it reads. It must never panic nor take long, and what it accepts
// must hold the invariants of checkConverted.
func FuzzRead(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	var buf bytes.Buffer
	w, _ := NewWriter(XLSX, &buf, "bn")
	for _, r := range exportSample() {
		w.Write(r)
	}
	w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("Name,Sex\n\"a\"\"b\",m\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := time.AfterFunc(20*time.Second, func() { panic(fmt.Sprintf("Read took over 20 s on %d bytes", len(data))) })
		defer tm.Stop()
		tab, err := Read(data, ReadOptions{Limits: Limits{MaxBytes: 1 << 20, MaxRows: 2000, MaxColumns: 60}})
		if err != nil {
			if code := app.ErrorCode(err); code != app.EINVALID && code != app.ETOOLARGE {
				t.Fatalf("Read error %v has code %q", err, code)
			}
			return
		}
		if len(tab.Headers) == 0 || len(tab.Records) == 0 {
			t.Fatalf("a table without headers or records was accepted")
		}
		for _, r := range tab.Records {
			if len(r.Cells) > len(tab.Headers) {
				t.Fatalf("row %d has %d cells for %d headers", r.Row, len(r.Cells), len(tab.Headers))
			}
		}
		m := fuzzMapping(tab)
		if m.Check(len(m)) != nil {
			return
		}
		checkConverted(t, tab, Convert(tab, m, Options{Today: today}))
	})
}

// FuzzConvertCells builds a table from text, rows separated by newlines and
// cells by '|', under headers that map to every field, so that the value
// parsers (dates, amounts, places, codes) get the mutations rather than
// the file formats.
func FuzzConvertCells(f *testing.F) {
	f.Add("Md. Rahim|male|12/04/1988|01711-234567|1990123456789|Lakshmipur|Ramgati|Saudi Arabia|15/03/2023|3,50,000|contract ended")
	f.Add("রহিমা|মহিলা|১৯৯০|+8801812345678||কুমিল্লা||দুবাই|০১/২০২১|৩.৫ লাখ|কোভিড")
	f.Add("X|F|45077|1.711234567E+9|1.99E+16|BD2051|BD205173|SA|2023-05-31|USD 2000|deported\n|m|||||||31/02/2023|-5|x")
	f.Add("A|third gender|May 2023|0|0|BD|BD20|BD|1|1e400|voluntary")
	headers := []string{"Name", "Sex", "Date of birth", "Mobile", "NID", "District", "Upazila", "Country", "Return date", "Cost",
		"Return reason", "Religion", "Education", "Languages", "Documents", "Financing", "P-code", "Age", "Ref", "Difficulty seeing"}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		tab := &Table{Format: CSV, HeaderRow: 1, Headers: headers}
		for i, line := range strings.Split(text, "\n") {
			cells := strings.Split(line, "|")
			if len(cells) > len(headers) {
				cells = cells[:len(headers)]
			}
			for j := range cells {
				cells[j] = cleanCell(cells[j])
			}
			tab.Records = append(tab.Records, Record{Row: i + 2, Cells: cells})
			if i > 200 {
				break
			}
		}
		m := Suggest(headers)
		if err := m.Check(len(headers)); err != nil {
			t.Fatalf("the fuzz headers do not map: %v %v", m, err)
		}
		res := Convert(tab, m, Options{Today: today})
		checkConverted(t, tab, res)
		// The same rows converted twice give the same fingerprints.
		again := Convert(tab, m, Options{Today: today})
		for i := range res.Rows {
			if res.Rows[i].Fingerprint != again.Rows[i].Fingerprint {
				t.Fatalf("fingerprint of row %d is not stable", res.Rows[i].Row)
			}
		}
	})
}
