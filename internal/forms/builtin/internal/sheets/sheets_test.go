package sheets

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	rows, err := Parse([]byte("\ufefftype\tname\tlabel\r\ntext\tq1\tহ্যাঁ\t\t\n\nnote\tn\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"type", "name", "label"}, {"text", "q1", "হ্যাঁ"}, {}, {"note", "n"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Fatalf("rows %q, want %q (blank lines kept inside, trailing cells and lines dropped)", rows, want)
	}
	for src, msg := range map[string]string{
		"":                           "empty",
		"\t\t\n":                     "header row is empty",
		"type\tname\ntext\tq\textra": "line 2 has 3 cells but the header row has 2",
		"type\n\xff":                 "not UTF-8",
	} {
		if _, err := Parse([]byte(src)); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", src, err, msg)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	fsys := fstest.MapFS{
		"f/survey.tsv":   {Data: []byte("type\tname\tlabel::Bangla (bn)\ninteger\tage\tবয়স\n\nbegin_group\tg\n")},
		"f/choices.tsv":  {Data: []byte("list_name\tname\tlabel\n")},
		"f/settings.tsv": {Data: []byte("form_id\tversion\nf\t2026112301\n")},
	}
	book, back := roundTrip(t, fsys, "f")
	back["settings"][1][1] = "2026112302"
	if diff := Diff(book, back, 5); len(diff) != 1 || !strings.Contains(diff[0], "cell B2") {
		t.Errorf("Diff = %q, want one difference at B2", diff)
	}
	if _, err := Read(fsys, "missing"); err == nil {
		t.Error("reading a form without sources succeeded")
	}
}

// TestOptionalSheet: a scoring.tsv beside the other sources becomes a
// scoring sheet after them; a form without one has no such sheet.
func TestOptionalSheet(t *testing.T) {
	fsys := fstest.MapFS{
		"f/survey.tsv":   {Data: []byte("type\tname\tscore_dimension\ninteger\tage\ta\n")},
		"f/choices.tsv":  {Data: []byte("list_name\tname\tlabel\n")},
		"f/settings.tsv": {Data: []byte("form_id\nf\n")},
		"f/scoring.tsv":  {Data: []byte("kind\tname\tvalue\ndimension\ta\t1\n")},
		"g/survey.tsv":   {Data: []byte("type\tname\n")},
		"g/choices.tsv":  {Data: []byte("list_name\tname\n")},
		"g/settings.tsv": {Data: []byte("form_id\ng\n")},
	}
	for dir, want := range map[string][]string{"f": {"survey", "choices", "settings", "scoring"}, "g": Names} {
		book, _ := roundTrip(t, fsys, dir)
		if got := book.Sheets(); !slices.Equal(got, want) {
			t.Errorf("%s: sheets %q, want %q", dir, got, want)
		}
	}
	f, _ := Read(fsys, "f")
	g, _ := Read(fsys, "g")
	if diff := Diff(f, g, 100); !slices.ContainsFunc(diff, func(s string) bool { return strings.HasPrefix(s, "sheet scoring:") }) {
		t.Errorf("Diff does not notice a missing scoring sheet: %q", diff)
	}
}

// roundTrip reads the sources in dir, writes them as a workbook and reads
// that back, failing unless both books are the same.
func roundTrip(t *testing.T, fsys fstest.MapFS, dir string) (book, back Book) {
	t.Helper()
	book, err := Read(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := book.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	if back, err = FromXLSX(data); err != nil {
		t.Fatal(err)
	}
	if diff := Diff(book, back, 5); diff != nil {
		t.Fatalf("%s: round trip changed the book: %q", dir, diff)
	}
	return book, back
}
