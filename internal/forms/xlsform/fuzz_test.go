package xlsform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seedBooks are small valid and invalid workbooks that exercise most paths.
func seedBooks(tb testing.TB) [][]byte {
	return [][]byte{
		book(tb, survey(row("type", "name", "label"), row("text", "a", "A"))),
		intakeBook(tb),
		book(tb, survey(row("type", "name", "label", "relevant"),
			row("begin repeat", "r", "R"), row("select_one l or_other", "s", "S ${s}", "${r}"), row("end group")),
			choices(row("list_name", "name", "label"), row("l", "a", "A"), row("l", "a", "B"))),
		book(tb, survey(row("type", "name", "label::en", "parameters"), row("range", "x", "X", "start=1 end=3 step=0.5"),
			row("begin loop over l", "lp", "L"), row("text", "t", "%(label)s"), row("end loop")),
			choices(row("list_name", "name", "label::en"), row("l", "a", "A")),
			settings(row("form_id", "default_language", "allow_choice_duplicates"), row("x", "en", "yes"))),
	}
}

// FuzzRead feeds arbitrary bytes, and mutations of small workbooks, to Read.
// It must never panic (a recovered panic is reported as an internal error,
// which fails the fuzz target too), and what it accepts must be a sound tree.
func FuzzRead(f *testing.F) {
	for _, b := range seedBooks(f) {
		f.Add(b)
	}
	// A few small corpus workbooks, when the corpus is there.
	for _, name := range []string{"pyxform__group.xlsx", "pyxform__loop.xlsx", "jxlsform__earlyendgroup.xlsx", "onadata__GeoLocationForm.xlsx"} {
		if b, err := os.ReadFile(filepath.Join(corpusDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := time.AfterFunc(30*time.Second, func() { panic(fmt.Sprintf("Read took over 30 s on %d bytes", len(data))) })
		defer tm.Stop()
		form, err := Read(data, Options{FileName: "fuzz.xlsx", MaxBytes: 8 << 20})
		checkFuzzResult(t, form, err)
	})
}

// FuzzReadCells builds a workbook from text: sheets separated by form feeds
// (survey, choices, settings), rows by newlines, cells by '|'. It reaches
// the survey logic far more often than mutating zip bytes does.
func FuzzReadCells(f *testing.F) {
	f.Add("type|name|label\ntext|a|A")
	f.Add("type|name|label|relevant\nbegin group|g|G\nselect_one l|s|S|${a}\nend group\ninteger|a|A\fList_name|name|label\nl|x|X\nl|x|Y\fform_id|version\nf|1")
	f.Add("type|name|label::English (en)|label::bn|constraint_message|bind::jr:constraintMsg\nrange|r|R|||\nbegin loop over l|p\nnote|n|%(label)s\nend loop\nselect_one ${n}|s\fList name|name|label\nl|1|One")
	f.Add("TYPE|NAME|LABEL:en|parameters|default\nimage|i|I|max-pixels=x\ndate|d|D||45000\naudit|||location-priority=balanced location-min-interval=1 location-max-age=0\ncalculate|c\nselect_one_from_file a.csv|f|F|value=x label=y\nselect_one_external e|e")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4000 {
			return
		}
		// A hang is a bug too: crash the worker so the fuzzer saves the input.
		tm := time.AfterFunc(30*time.Second, func() { panic(fmt.Sprintf("SLOW %q", text)) })
		defer tm.Stop()
		parts := strings.SplitN(text, "\f", 3)
		names := []string{"survey", "choices", "settings"}
		var sheets []sheet
		for i, p := range parts {
			var rows [][]any
			for _, line := range strings.Split(p, "\n") {
				var cells []any
				for _, c := range strings.Split(line, "|") {
					cells = append(cells, c)
				}
				rows = append(rows, cells)
			}
			sheets = append(sheets, sheet{name: names[i], rows: rows})
		}
		data, err := buildBook(sheets...)
		if err != nil {
			return // excelize refused the content (e.g. an over-long cell)
		}
		form, err := Read(data, Options{FileName: "cells.xlsx", ExprChecker: &fakeChecker{}})
		checkFuzzResult(t, form, err)
	})
}

func checkFuzzResult(t *testing.T, form *Form, err error) {
	t.Helper()
	if err != nil {
		var xe *Error
		if !errors.As(err, &xe) {
			t.Fatalf("error is %T, not *Error: %v", err, err)
		}
		if len(xe.Problems) == 0 {
			t.Fatal("refused without problems")
		}
		for _, p := range xe.Problems {
			if strings.Contains(p.Message, "internal error") {
				t.Fatalf("recovered panic: %s", p.Message)
			}
			if p.Message == "" {
				t.Fatalf("problem without message: %+v", p)
			}
		}
		return
	}
	if form == nil || form.Root == nil {
		t.Fatal("accepted without a form")
	}
	checkFormInvariants(t, form)
}
