package expr

import (
	"fmt"
	"unicode/utf8"
)

// SyntaxError reports why an expression could not be parsed. Offset is a
// byte offset into the source so callers can slice it; the message uses a
// 1-based character position because that is what a form author can count
// in a spreadsheet cell.
type SyntaxError struct {
	Offset int    // byte offset of the problem in the source
	Text   string // the offending part of the source
	Msg    string // what is wrong, in plain English

	char int // 1-based character position of Offset
}

// Error gives the message with the 1-based character position and the
// offending text.
func (e *SyntaxError) Error() string {
	char := e.char
	if char == 0 {
		char = e.Offset + 1
	}
	if e.Text == "" {
		return fmt.Sprintf("%s (at character %d)", e.Msg, char)
	}
	return fmt.Sprintf("%s (at character %d: %s)", e.Msg, char, quoteSnippet(e.Text))
}

func newSyntaxError(src string, off int, text, msg string) *SyntaxError {
	if off > len(src) {
		off = len(src)
	}
	return &SyntaxError{
		Offset: off,
		Text:   text,
		Msg:    msg,
		char:   utf8.RuneCountInString(src[:off]) + 1,
	}
}

// EvalError reports an expression that parsed but could not be evaluated
// against an Env, pointing at the sub-expression responsible so a form
// author can find it.
type EvalError struct {
	Offset int    // byte offset of the failing sub-expression
	Text   string // the failing sub-expression's source
	Msg    string
	Err    error // underlying cause (for example an Env error), if any
}

// Error gives the message and the failing sub-expression.
func (e *EvalError) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	if e.Text == "" {
		return msg
	}
	return fmt.Sprintf("%s (in %s)", msg, quoteSnippet(e.Text))
}

// Unwrap exposes the Env's error, so callers can test for their own
// sentinel errors with errors.Is.
func (e *EvalError) Unwrap() error { return e.Err }

// quoteSnippet keeps messages readable when the offending text is a whole
// paragraph of source.
func quoteSnippet(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		n := 0
		for i := range s {
			if n == max {
				s = s[:i] + "…"
				break
			}
			n++
		}
	}
	return fmt.Sprintf("%q", s)
}
