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
	book, err := Read(fsys, "f")
	if err != nil {
		t.Fatal(err)
	}
	data, err := book.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromXLSX(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := Diff(book, back, 5); diff != nil {
		t.Fatalf("round trip changed the book: %q", diff)
	}
	back["settings"][1][1] = "2026112302"
	if diff := Diff(book, back, 5); len(diff) != 1 || !strings.Contains(diff[0], "cell B2") {
		t.Errorf("Diff = %q, want one difference at B2", diff)
	}
	if _, err := Read(fsys, "missing"); err == nil {
		t.Error("reading a form without sources succeeded")
	}
}
