// Command gen writes each built-in form's workbook, <form>.xlsx, from its
// text source in src/<form>/ (survey.tsv, choices.tsv, settings.tsv and,
// for a scored form, scoring.tsv). Run it with `go generate
// ./internal/forms/builtin` after editing a source; the package's tests
// fail while a workbook and its source differ.
//
// It then reads each workbook (and its scoring definition, if any) as an
// upload is read and lists every problem and warning by file and line
// (line N of a .tsv file is row N of its sheet), exiting with status 1 if
// there is any.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/builtin/internal/sheets"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/scoring"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run writes a workbook for every folder under dir/src.
func run(dir string) error {
	src := filepath.Join(dir, "src")
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	findings := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		book, err := sheets.Read(os.DirFS(src), e.Name())
		if err != nil {
			return err
		}
		data, err := book.XLSX()
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		out := filepath.Join(dir, e.Name()+".xlsx")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", out)
		findings += check(filepath.Join(src, e.Name()), e.Name()+".xlsx", data)
	}
	if findings > 0 {
		return fmt.Errorf("%d problems or warnings in the forms", findings)
	}
	return nil
}

// check reads a workbook with the upload reader and prints what it finds,
// pointing at the source file and line.
func check(srcDir, fileName string, data []byte) int {
	form, err := forms.Read(data, fileName)
	var found []xlsform.Problem
	var xe *xlsform.Error
	switch {
	case errors.As(err, &xe):
		found = append(xe.Problems, xe.Warnings...)
	case err != nil:
		found = []xlsform.Problem{{Message: err.Error()}}
	default:
		found = form.Warnings
		// A scored form's scoring definition is read as an upload's is.
		if _, err := scoring.Read(form, data); errors.As(err, &xe) {
			found = append(found, xe.Problems...)
		} else if err != nil {
			found = append(found, xlsform.Problem{Message: err.Error()})
		}
	}
	for _, p := range found {
		where := srcDir
		if p.Sheet != "" {
			where = filepath.Join(srcDir, p.Sheet+".tsv")
		}
		if p.Row > 0 {
			where += fmt.Sprintf(" line %d", p.Row)
		}
		if p.Column != "" {
			where += fmt.Sprintf(", column %s", p.Column)
		}
		fmt.Fprintf(os.Stderr, "%s: %s\n", where, p.Message)
	}
	return len(found)
}
