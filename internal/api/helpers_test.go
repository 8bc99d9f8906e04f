package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// doc is the parsed OpenAPI document.
type doc map[string]any

// resp is an API response with its body.
type resp struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body into a generic value.
func (r *resp) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("body is not a JSON object (%v): %.300s", err, r.Body)
	}
	return v
}

// Errors returns the problem's per-field messages.
func (r *resp) Errors(t *testing.T) map[string]any {
	t.Helper()
	m, _ := r.JSON(t)["errors"].(map[string]any)
	return m
}

// Items returns a list response's items.
func (r *resp) Items(t *testing.T) []map[string]any {
	t.Helper()
	raw, ok := r.JSON(t)["items"].([]any)
	if !ok {
		t.Fatalf("no items array: %.300s", r.Body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], _ = x.(map[string]any)
	}
	return out
}

// client talks to a test server and checks every answer against the OpenAPI
// document: the status must be documented for the operation, and a body
// must match the documented schema.
type client struct {
	t   *testing.T
	e   *servertest.Env
	doc doc
	// Header is added to every request.
	Header http.Header
}

func newAPI(t *testing.T, e *servertest.Env) *client {
	t.Helper()
	r := send(t, e, "", http.MethodGet, "/api/v1/openapi.json", "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("openapi.json: %d %s", r.Status, r.Body)
	}
	var d doc
	if err := json.Unmarshal([]byte(r.Body), &d); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return &client{t: t, e: e, doc: d}
}

// send makes one request to the server; path is the full path with query.
func send(t *testing.T, e *servertest.Env, token, method, path, body string, h http.Header) *resp {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

// fill puts params into a path pattern.
func fill(pattern string, params map[string]string) string {
	for k, v := range params {
		pattern = strings.ReplaceAll(pattern, "{"+k+"}", url.PathEscape(v))
	}
	return pattern
}

// do calls the operation at method and pattern (an OpenAPI path, e.g.
// "/users/{id}") and checks the answer against the document.
func (a *client) do(token, method, pattern string, params map[string]string, query, body string) *resp {
	a.t.Helper()
	path := "/api/v1" + fill(pattern, params)
	if query != "" {
		path += "?" + query
	}
	r := send(a.t, a.e, token, method, path, body, a.Header)
	a.conform(method, pattern, r)
	return r
}

func (a *client) operation(method, pattern string) map[string]any {
	paths, _ := a.doc["paths"].(map[string]any)
	item, _ := paths[pattern].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	return op
}

// conform checks r against the documented responses of the operation.
func (a *client) conform(method, pattern string, r *resp) {
	a.t.Helper()
	op := a.operation(method, pattern)
	if op == nil {
		a.t.Errorf("%s %s is not in the OpenAPI document", method, pattern)
		return
	}
	if r.Status >= 500 {
		a.t.Errorf("%s %s: server error %d: %s", method, pattern, r.Status, r.Body)
		return
	}
	responses, _ := op["responses"].(map[string]any)
	desc, ok := responses[strconv.Itoa(r.Status)].(map[string]any)
	if !ok {
		a.t.Errorf("%s %s answered %d, which the document does not list for it: %.300s", method, pattern, r.Status, r.Body)
		return
	}
	desc = a.resolve(desc)
	content, _ := desc["content"].(map[string]any)
	if len(content) == 0 {
		if strings.TrimSpace(r.Body) != "" {
			a.t.Errorf("%s %s %d: documented without a body but sent %.200s", method, pattern, r.Status, r.Body)
		}
		return
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	media, ok := content[ct].(map[string]any)
	if !ok {
		a.t.Errorf("%s %s %d: Content-Type %q is not documented", method, pattern, r.Status, ct)
		return
	}
	var v any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		a.t.Errorf("%s %s %d: body is not JSON: %v", method, pattern, r.Status, err)
		return
	}
	for _, p := range a.validate(media["schema"], v, "body") {
		a.t.Errorf("%s %s %d: %s", method, pattern, r.Status, p)
	}
}

// resolve follows a local $ref.
func (a *client) resolve(x map[string]any) map[string]any {
	for {
		ref, ok := x["$ref"].(string)
		if !ok {
			return x
		}
		var cur any = map[string]any(a.doc)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, _ := cur.(map[string]any)
			cur = m[part]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			a.t.Fatalf("unresolvable $ref %s", ref)
		}
		x = next
	}
}

// validate checks v against an OpenAPI 3.0 schema, strictly: an object
// property the schema does not declare is a problem unless the schema
// allows additional properties, so the document cannot fall behind the code.
func (a *client) validate(schemaAny, v any, at string) []string {
	schema, _ := schemaAny.(map[string]any)
	if schema == nil {
		return nil
	}
	schema = a.resolve(schema)
	if v == nil {
		if schema["nullable"] == true || schema["type"] == nil {
			return nil
		}
		return []string{at + ": null, but not nullable"}
	}
	var out []string
	if e, ok := schema["enum"].([]any); ok && !slices.Contains(e, v) {
		out = append(out, fmt.Sprintf("%s: %v is not one of %v", at, v, e))
	}
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(out, at+": not an object")
		}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				out = append(out, fmt.Sprintf("%s: required property %s missing", at, r))
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k]; ok {
				out = append(out, a.validate(ps, m[k], at+"."+k)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					out = append(out, fmt.Sprintf("%s: property %s is not in the schema", at, k))
				}
			case map[string]any:
				out = append(out, a.validate(ap, m[k], at+"."+k)...)
			default:
				out = append(out, fmt.Sprintf("%s: property %s is not in the schema", at, k))
			}
		}
	case "array":
		l, ok := v.([]any)
		if !ok {
			return append(out, at+": not an array")
		}
		for i, x := range l {
			out = append(out, a.validate(schema["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return append(out, at+": not a string")
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				out = append(out, fmt.Sprintf("%s: %q is not a date-time", at, s))
			}
		case "uri":
			if u, err := url.Parse(s); err != nil || !u.IsAbs() {
				out = append(out, fmt.Sprintf("%s: %q is not an absolute URI", at, s))
			}
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			out = append(out, at+": not an integer")
		}
	case "number":
		if _, ok := v.(float64); !ok {
			out = append(out, at+": not a number")
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			out = append(out, at+": not a boolean")
		}
	}
	return out
}

// tokens holds an API token for every seeded user.
func tokens(e *servertest.Env) map[string]string {
	out := map[string]string{}
	for _, s := range servertest.Seeded {
		out[s.Username] = e.Token(s.Username)
	}
	return out
}

func jsonBody(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// newCaseWorker describes a BNSK case worker to add directly.
func newCaseWorker(e *servertest.Env, username string) store.NewUser {
	return store.NewUser{OrgID: e.Orgs["BNSK"].ID, Username: username, Role: app.RoleCaseWorker, Lang: "en"}
}
