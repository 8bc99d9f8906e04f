// Package builtin holds the XLSForms Remaker ships with, in English and
// Bangla: the vulnerability screening, the Reintegration Sustainability
// Survey, the follow-up visit and the scoping-study questionnaire. They are
// loaded on first start and can be replaced by uploading a new version of
// the same form_id, like any other form.
//
// # Editing a form
//
// Each form's source is text, so that a change reads well in review:
// src/<form>/survey.tsv, choices.tsv and settings.tsv (and scoring.tsv for
// a scored form), one per XLSForm sheet, tab-separated, the first line the XLSForm column headers (see
// internal/forms/builtin/internal/sheets for the exact format). Edit them in
// a text editor, or in a spreadsheet saved as tab-separated text without
// quotes. Then raise the version on the settings sheet, run
//
//	go generate ./internal/forms/builtin
//
// which rewrites <form>.xlsx from the source, and run the package's tests:
// they fail while a workbook differs from its source, and they read every
// form with the same reader that checks uploads.
//
// Choice names are codes that other parts of Remaker rely on: the
// screening's indicators are casework.Indicators, the follow-up's actions
// followup.Actions and its needs programme.AssistanceTypes, the scoping
// study's places P-codes, its ethnic groups, languages, countries and
// occupations the codes of internal/refdata. The tests check each of them.
// The sustainability survey is scored (see internal/scoring and
// docs/SCORING.md): score columns on its survey and choices sheets and a
// scoring sheet say how its answers make the economic, social,
// psychosocial and composite scores. Its weights are PLACEHOLDERS, equal
// for every question and dimension, with placeholder option scores, bands
// and thresholds; the workbook says so (placeholder = yes, and a note in
// both languages). They are not IOM's: replace them with the official
// weights of the IOM Reintegration Handbook, Annex 4, by uploading a new
// version of the workbook. Its tests check that the definition reads
// without a problem.
package builtin

import (
	"embed"
)

//go:generate go run ./gen

//go:embed *.xlsx
var files embed.FS

// Form is one built-in XLSForm.
type Form struct {
	// Name is the form's short name ("screening"); its form_id is
	// "remaker_" + Name.
	Name string
	// FileName is the workbook's file name ("screening.xlsx").
	FileName string
	// Purpose is one of forms.Purposes.
	Purpose string
	// CaseBound is true for forms whose submissions belong to a case.
	CaseBound bool
	// XLSX is the workbook.
	XLSX []byte
}

// catalog lists the forms in the order All returns them.
var catalog = []struct {
	name      string
	caseBound bool
}{
	{"screening", true},
	{"rss", true},
	{"followup", true},
	{"scoping", false},
}

// All returns the built-in forms: screening, rss, followup, scoping. Each
// form's purpose is its name. Each call returns fresh copies of the
// workbooks.
func All() []Form {
	out := make([]Form, 0, len(catalog))
	for _, c := range catalog {
		file := c.name + ".xlsx"
		data, err := files.ReadFile(file)
		if err != nil { // cannot happen: the test checks every workbook is embedded
			panic("builtin: " + err.Error())
		}
		out = append(out, Form{Name: c.name, FileName: file, Purpose: c.name, CaseBound: c.caseBound, XLSX: data})
	}
	return out
}
