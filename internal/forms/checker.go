// Package forms joins the XLSForm reader to the expression language: a
// form is only accepted when every expression in it parses, and when its
// calculations do not depend on each other in a circle.
package forms

import (
	"errors"

	"github.com/remaker-bd/remaker/internal/forms/expr"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// Checker checks expression syntax and calculation cycles for the
// XLSForm reader, with the same parser that later evaluates the form.
type Checker struct{}

// Check parses one expression cell.
func (Checker) Check(src string) ([]string, error) {
	e, err := expr.Parse(src)
	if err != nil {
		var se *expr.SyntaxError
		if errors.As(err, &se) {
			return nil, &xlsform.ExprError{Offset: se.Offset, Msg: se.Msg}
		}
		return nil, err
	}
	return e.Refs(), nil
}

// Cycles reports dependency cycles among calculations. Calculations that
// do not parse are left to Check, which reports them.
func (Checker) Cycles(calcs map[string]string) [][]string {
	parsed := make(map[string]*expr.Expr, len(calcs))
	for name, src := range calcs {
		if e, err := expr.Parse(src); err == nil {
			parsed[name] = e
		}
	}
	return expr.Cycles(parsed)
}

// Read reads an XLSForm workbook with full expression checking.
func Read(data []byte, fileName string) (*xlsform.Form, error) {
	return xlsform.Read(data, xlsform.Options{FileName: fileName, ExprChecker: Checker{}})
}
