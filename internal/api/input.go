package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// cleanText reports whether s can be stored and compared as text on every
// engine: valid UTF-8 without NUL (PostgreSQL refuses both in text).
func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// pathID returns a path parameter. A value that cannot be stored cannot name
// a record either, so it is "not found" like any other unknown ID.
func pathID(r *http.Request, name, what string) (string, error) {
	v := r.PathValue(name)
	if v == "" || !cleanText(v) {
		return "", app.NotFound(what)
	}
	return v, nil
}

// checkQuery refuses query parameters the route does not declare, repeated
// ones and ones that are not clean text: a misspelt filter must not
// silently return everything.
func checkQuery(r *http.Request, declared []param) error {
	var v app.Validation
	for name, values := range r.URL.Query() {
		i := indexParam(declared, name)
		switch {
		case !cleanText(name):
			v.Add("query", "the query string holds characters that are not allowed: use UTF-8 text without NUL")
		case i < 0:
			v.Add(name, "unknown query parameter: remove it")
		case len(values) > 1:
			v.Add(name, "give this parameter only once")
		case !cleanText(values[0]):
			v.Add(name, "use UTF-8 text without NUL characters")
		case values[0] == "":
		case len(declared[i].Enum) > 0 && !slices.Contains(declared[i].Enum, values[0]):
			v.Add(name, "use one of the values listed for this parameter in the API description")
		case declared[i].Type == "boolean" && !slices.Contains([]string{"true", "false", "1", "0"}, values[0]):
			v.Add(name, "use true or false")
		}
	}
	return v.Err()
}

func indexParam(ps []param, name string) int {
	for i, p := range ps {
		if p.Name == name {
			return i
		}
	}
	return -1
}

// decode reads a JSON body into v (httpx.DecodeJSON: unknown fields,
// trailing data and oversized bodies refused), then refuses NUL characters
// in any string field, naming the field.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if err := httpx.DecodeJSON(w, r, v); err != nil {
		if _, ok := app.ErrorFields(err)[""]; ok {
			// A wrong type at the top level: not an object at all.
			return app.Errorf(app.EINVALID, "the body must be a JSON object")
		}
		return err
	}
	var val app.Validation
	rv := reflect.ValueOf(v).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rv.Field(i)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		if f.Kind() == reflect.String && !cleanText(f.String()) {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			val.Add(name, "remove the NUL characters from this text")
		}
	}
	return val.Err()
}

// queryBool reads a boolean query parameter that checkQuery has checked.
func queryBool(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "true" || v == "1"
}

// queryInt reads an optional integer query parameter between lo and hi.
// Absent, it is 0 and ok; out of range or not a number, not ok.
func queryInt(r *http.Request, name string, lo, hi int64) (n int64, ok bool) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(i18n.ASCIIDigits(s), 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// parseTime reads an optional time query parameter: an RFC 3339 instant, or
// a date (YYYY-MM-DD) meaning that day in Bangladesh. With endOfDay a date
// means the end of that day, so "to=2024-03-05" includes all of 5 March.
func parseTime(v *app.Validation, r *http.Request, name string, endOfDay bool) time.Time {
	s := i18n.ASCIIDigits(strings.TrimSpace(r.URL.Query().Get(name)))
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil && t.Year() >= 1 {
		return t.UTC()
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, i18n.Dhaka); err == nil {
		if endOfDay {
			d = d.AddDate(0, 0, 1)
		}
		return d.UTC()
	}
	v.Add(name, "use a date (YYYY-MM-DD) or a time in RFC 3339 format (2024-03-05T10:00:00Z)")
	return time.Time{}
}
