package xlsform

import (
	"fmt"
	"strings"
)

// Problem is one finding about a workbook: an error that stops the form from
// being published, or a warning. It says where (sheet, row, column), what
// (the offending text) and what to do (Message).
type Problem struct {
	// Sheet is the sheet name as written in the workbook ("" for the workbook).
	Sheet string
	// Row is the 1-based Excel row (0 when the problem concerns the sheet or
	// the workbook as a whole).
	Row int
	// Column is the column header as written ("" when not about one column).
	Column string
	// Cell is the Excel cell reference, e.g. "C12" ("" when Row or Column is unknown).
	Cell string
	// Text is the offending text (a cell value, a header, a sheet name).
	Text string
	// Message tells the author, in plain English, what is wrong and what to do.
	Message string
}

// String formats the problem for a person: where, then what.
func (p Problem) String() string {
	var b strings.Builder
	if p.Sheet != "" {
		fmt.Fprintf(&b, "sheet %q", p.Sheet)
	}
	if p.Row > 0 {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "row %d", p.Row)
	}
	if p.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column %q", p.Column)
		if p.Cell != "" {
			fmt.Fprintf(&b, " (%s)", p.Cell)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is returned by Read when the workbook is refused. It lists every
// problem found, in sheet order, and the warnings collected on the way.
type Error struct {
	Problems []Problem
	Warnings []Problem
}

func (e *Error) Error() string {
	switch len(e.Problems) {
	case 0:
		return "xlsform: the workbook was refused"
	case 1:
		return "xlsform: " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "xlsform: %d problems: ", len(e.Problems))
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// ExprChecker checks the syntax of one expression cell. The reader calls it
// for relevant, constraint, calculation, required and read_only (when not a
// yes/no literal), choice_filter, repeat_count, dynamic defaults and the
// instance_name setting. src is the cell text as written, ${name}
// references included.
//
// Check returns the ${name} references the expression makes (the reader
// checks that each names a question) and a non-nil error when the expression
// is not valid; an *ExprError carries the offset of the mistake.
//
// The reader always checks ${name} references with its own scanner as well,
// so a nil ExprChecker still catches references to missing questions.
type ExprChecker interface {
	Check(src string) (refs []string, err error)
}

// CycleChecker may also be implemented by an ExprChecker. Cycles receives
// the calculations of the form (question name to calculation, for names that
// are unique in the form) and returns each dependency cycle as a list of
// names; the reader reports each cycle as a problem.
type CycleChecker interface {
	Cycles(calculations map[string]string) [][]string
}

// ExprError describes a syntax error in an expression.
type ExprError struct {
	Offset int    // byte offset of the mistake in the expression
	Msg    string // what is wrong
}

func (e *ExprError) Error() string {
	return fmt.Sprintf("%s (at character %d)", e.Msg, e.Offset+1)
}

// Options adjust Read.
type Options struct {
	// FileName is the workbook's file name. Its stem is the default form id,
	// as in pyxform, and its extension is checked (.xls is refused).
	FileName string
	// ExprChecker, when set, checks expression syntax (see ExprChecker).
	ExprChecker ExprChecker
	// MaxBytes limits the uncompressed size of the workbook; 0 means 256 MiB.
	MaxBytes int64
}
