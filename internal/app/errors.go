// Package app holds the domain vocabulary shared by every part of Remaker:
// error codes, roles, and the actor on whose behalf an operation runs.
//
// Errors carry a code (mapped to an HTTP status in one place), a message a
// person can act on, and optional per-field messages for validation errors.
package app

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Handlers map them to HTTP statuses; domain code never
// thinks in HTTP.
const (
	ENOTFOUND     = "not_found"          // no such record, or not in the actor's scope
	EINVALID      = "invalid"            // input fails validation; see Fields
	ECONFLICT     = "conflict"           // stale version or duplicate key
	EFORBIDDEN    = "forbidden"          // signed in but not allowed
	EUNAUTHORIZED = "unauthorized"       // not signed in, or bad credentials
	ETOOMANY      = "too_many"           // throttled
	ETOOLARGE     = "too_large"          // request body over its limit
	EINTERNAL     = "internal"           // a bug or an outage; details go to the log only
	EUNAVAILABLE  = "unavailable"        // dependency down (database)
	EMETHOD       = "method_not_allowed" // the route exists for other methods
)

// Error is the domain error type.
//
// Message and the Fields values are written in plain English and double as
// keys into the Bangla message table (i18n): Localize renders them in the
// reader's language. Args, when present, fill fmt verbs in Message.
type Error struct {
	Code    string
	Message string
	Args    []any
	// Fields maps a field name to a message naming what is wrong and what to do.
	Fields map[string]string
	// Err is the underlying cause, logged but never shown to users.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.text("en", e.Message))
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error whose message is format filled with args.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: format, Args: args}
}

// NotFound is the error for a record that does not exist or is outside the
// actor's scope: the two are deliberately indistinguishable.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: "%s not found", Args: []any{what}}
}

// FieldError is invalid input in one field, with what to do about it.
func FieldError(field, msg string) *Error {
	return &Error{Code: EINVALID, Message: "please correct the highlighted fields", Fields: map[string]string{field: msg}}
}

// Translate renders an English message in lang. It is set by package i18n,
// which owns the catalogs; until then messages stay in English.
var Translate = func(lang, msg string) string { return msg }

// text renders a message and its arguments in lang; string arguments are
// translated too, so "user" in "%s not found" reads right in Bangla.
func (e *Error) text(lang, msg string) string {
	msg = Translate(lang, msg)
	if len(e.Args) == 0 {
		return msg
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if s, ok := a.(string); ok {
			a = Translate(lang, s)
		}
		args[i] = a
	}
	return fmt.Sprintf(msg, args...)
}

// Localize returns the message and field messages in lang.
func (e *Error) Localize(lang string) (string, map[string]string) {
	msg := "something went wrong on our side"
	if e.Code != EINTERNAL {
		msg = e.Message
	}
	var fields map[string]string
	if len(e.Fields) > 0 {
		fields = make(map[string]string, len(e.Fields))
		for k, v := range e.Fields {
			fields[k] = Translate(lang, v)
		}
	}
	return e.text(lang, msg), fields
}

// Internal wraps an unexpected error.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "something went wrong on our side", Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err in English.
func ErrorMessage(err error) string { return MessageIn("en", err) }

// MessageIn returns the user-facing message of err in lang.
func MessageIn(lang string, err error) string {
	var e *Error
	if errors.As(err, &e) {
		m, _ := e.Localize(lang)
		return m
	}
	return Translate(lang, "something went wrong on our side")
}

// FieldsIn returns the per-field messages of err in lang.
func FieldsIn(lang string, err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		_, f := e.Localize(lang)
		return f
	}
	return nil
}

// ErrorFields returns the per-field messages of a validation error.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validation collects per-field problems; Err returns nil when there are none.
type Validation struct {
	fields map[string]string
}

// Add records a problem with a field. The first problem per field wins.
func (v *Validation) Add(field, msg string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; !ok {
		v.fields[field] = msg
	}
}

// Merge adds the field problems of another validation error.
func (v *Validation) Merge(err error) { v.MergePrefixed("", err) }

// MergePrefixed adds the field problems of another validation error, each
// field name prefixed (e.g. "consent." for a nested object).
func (v *Validation) MergePrefixed(prefix string, err error) {
	for field, msg := range ErrorFields(err) {
		v.Add(prefix+field, msg)
	}
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool { _, ok := v.fields[field]; return ok }

// Err returns an EINVALID error listing every problem, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "please correct the highlighted fields", Fields: v.fields}
}

// NotFoundOrForbidden is the refusal for acting on a record: when the actor
// can see it, say they may not change it; otherwise say it does not exist.
func NotFoundOrForbidden(visible bool, what string) *Error {
	if visible {
		return Errorf(EFORBIDDEN, "you are not allowed to change this record")
	}
	return NotFound(what)
}
