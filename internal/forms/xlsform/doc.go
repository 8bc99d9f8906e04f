// Package xlsform reads an XLSForm workbook (.xlsx or .xlsm) into a validated
// form model.
//
// XLSForm (https://xlsform.org) is the spreadsheet format in which the
// humanitarian sector writes questionnaires: a "survey" sheet with one row per
// question, group or repeat, a "choices" sheet with the answer lists, and an
// optional "settings" sheet. Read turns the bytes of such a workbook into a
// *Form: a tree of groups, repeats and questions with their full instance
// paths (/data/group/name), labels and hints per language, bind attributes,
// appearance, parameters, choice lists and the Excel row each came from. The
// model keeps everything needed to emit an ODK XForm 1.0 document and to
// render a web form; it does not emit either.
//
// The reader follows pyxform, the reference implementation, for what is
// accepted: sheet and column names are case-insensitive, the documented
// column aliases (relevance, bind::relevant, "constraint message", "list
// name", ...) are normalised, the legacy type spellings ("select one from X",
// "begin loop over X", "string", "int", ...) are understood, and extra sheets
// and unknown columns are kept or ignored. What Remaker does not support is
// refused by name, never silently dropped.
//
// Bad input never stops the reader at the first mistake. Every problem found
// is returned in an *Error, each naming the sheet, the Excel row and column,
// the offending text and what the author should do. Non-fatal findings are
// returned as warnings on the Form (or on the Error when the form is refused).
//
// Expressions (relevant, constraint, calculation, ...) are XPath. This
// package checks only their ${name} references itself: every ${name} must
// name a question, group or repeat of the form, and must not be ambiguous.
// Full syntax checking is pluggable through Options.ExprChecker, so that the
// expression parser can be wired in without this package depending on it.
//
// Legacy .xls (BIFF) workbooks are detected by their magic bytes and refused
// with a message asking the author to save the workbook as .xlsx.
package xlsform
