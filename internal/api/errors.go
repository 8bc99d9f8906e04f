package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/httpx"
)

var errUnauthorized = app.Errorf(app.EUNAUTHORIZED, "send a personal access token as Authorization: Bearer TOKEN")

// problem is an RFC 9457 problem details object: httpx.Problem's members,
// in the reader's language, plus the request ID so a report of a server
// error can be found in the log.
type problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Code      string            `json:"code"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// problemType is the URI identifying a kind of problem; it is the one
// httpx.WriteProblem uses, so problems read alike wherever they come from.
func problemType(code string) string {
	return "https://remaker.example/problems/" + strings.ReplaceAll(code, "_", "-")
}

// writeProblem writes err as application/problem+json, with the detail and
// the field messages in the language the request prefers.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	status, code := httpx.Status(err), app.ErrorCode(err)
	if status >= 500 {
		httpx.LogError(r, err)
	}
	lang := requestLang(r)
	p := problem{
		Type:      problemType(code),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    app.MessageIn(lang, err),
		Instance:  r.URL.Path,
		Code:      code,
		Errors:    app.FieldsIn(lang, err),
		RequestID: httpx.RequestID(r.Context()),
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", lang)
	h.Set("Vary", "Accept-Language")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Bengali})

// requestLang is "bn" when the request's Accept-Language prefers Bangla to
// English, and "en" otherwise: programs get English unless they ask.
func requestLang(r *http.Request) string {
	h := r.Header.Get("Accept-Language")
	if h == "" {
		return "en"
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, idx, conf := langMatcher.Match(tags...)
	if conf != language.No && idx == 1 {
		return "bn"
	}
	return "en"
}

// renameField moves a validation message from one field name to another,
// for when a domain function names a field differently from the API body
// (auth checks "password"; PUT /me/password calls it "new_password").
func renameField(err error, from, to string) error {
	var e *app.Error
	if !errors.As(err, &e) {
		return err
	}
	msg, ok := e.Fields[from]
	if !ok {
		return err
	}
	c := *e
	c.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if k != from {
			c.Fields[k] = v
		}
	}
	c.Fields[to] = msg
	return &c
}
