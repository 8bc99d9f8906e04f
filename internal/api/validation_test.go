package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/api"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// wantFields checks a 422 problem naming each field in errors.
func wantFields(t *testing.T, what string, r *resp, fields ...string) {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("%s: %d, want 422: %.300s", what, r.Status, r.Body)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	errs := r.Errors(t)
	for _, f := range fields {
		if msg, _ := errs[f].(string); msg == "" {
			t.Errorf("%s: errors.%s missing: %s", what, f, r.Body)
		}
	}
}

func TestValidationNamesTheFields(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		admin := e.Token("admin")
		worker := map[string]string{"id": e.Users["bnsk.worker"].ID}
		cases := []struct {
			name, method, path string
			params             map[string]string
			body               string
			fields             []string
		}{
			{"empty user", "POST", "/users", nil, `{}`, []string{"username", "role", "org_id", "password"}},
			{"bad user values", "POST", "/users", nil, `{"org_id":"nope","username":"a b","role":"king","lang":"fr","password":"short"}`,
				[]string{"username", "role", "lang", "password"}},
			{"unknown organisation", "POST", "/users", nil, `{"org_id":"nope","username":"someone","role":"viewer","password":"a long enough secret"}`,
				[]string{"org_id"}},
			{"wrong type", "POST", "/users", nil, `{"username":5}`, []string{"username"}},
			{"unknown field", "POST", "/users", nil, `{"username":"x","bogus":1}`, []string{"bogus"}},
			{"NUL in a name", "POST", "/organisations", nil, `{"code":"NUL","name_en":"a\u0000b","kind":"cso"}`, []string{"name_en"}},
			{"empty organisation", "POST", "/organisations", nil, `{}`, []string{"code", "name_en", "kind"}},
			{"bad organisation", "POST", "/organisations", nil, `{"code":"1x","name_en":"X","kind":"club"}`, []string{"code", "kind"}},
			{"empty token", "POST", "/tokens", nil, `{}`, []string{"name"}},
			{"long token name", "POST", "/tokens", nil, `{"name":"` + strings.Repeat("n", 101) + `"}`, []string{"name"}},
			{"patch without version", "PATCH", "/users/{id}", worker, `{"full_name":"X"}`, []string{"version"}},
			{"patch with a bad role", "PATCH", "/users/{id}", worker, `{"role":"king","version":1}`, []string{"role"}},
			{"patch with a bad lang", "PATCH", "/users/{id}", worker, `{"lang":"fr","version":1}`, []string{"lang"}},
			{"patch version as text", "PATCH", "/users/{id}", worker, `{"version":"1"}`, []string{"version"}},
			{"reset without password", "PUT", "/users/{id}/password", worker, `{}`, []string{"password"}},
			{"reset with a common password", "PUT", "/users/{id}/password", worker, `{"password":"1234567890"}`, []string{"password"}},
			{"change without current", "PUT", "/me/password", nil, `{"new_password":"a long enough secret"}`, []string{"current_password"}},
			{"change with a wrong current", "PUT", "/me/password", nil, `{"current_password":"wrong","new_password":"a long enough secret"}`, []string{"current_password"}},
			{"change to a short password", "PUT", "/me/password", nil, `{"current_password":"` + servertest.Password + `","new_password":"short"}`, []string{"new_password"}},
		}
		for _, c := range cases {
			r := a.do(admin, c.method, c.path, c.params, "", c.body)
			wantFields(t, c.name, r, c.fields...)
			if c.name == "unknown field" && !strings.Contains(r.Errors(t)["bogus"].(string), "unknown field") {
				t.Errorf("unknown field: %s", r.Body)
			}
		}

		queries := []struct {
			path, query string
			fields      []string
		}{
			{"/users", "org=x", []string{"org"}},
			{"/users", "role=king", []string{"role"}},
			{"/users", "include_disabled=maybe", []string{"include_disabled"}},
			{"/users", "org_id=a&org_id=b", []string{"org_id"}},
			{"/users", "org_id=%00", []string{"org_id"}},
			{"/users", "org_id=%ff", []string{"org_id"}},
			{"/audit", "from=yesterday&to=2024-13-01", []string{"from", "to"}},
			{"/audit", "from=2024-03-05&to=2024-03-04", []string{"to"}},
			{"/audit", "limit=0&before_id=-1", []string{"limit", "before_id"}},
			{"/audit", "limit=501&before_id=x", []string{"limit", "before_id"}},
			{"/audit", "action=explode", []string{"action"}},
			{"/tokens", "all=1", []string{"all"}},
		}
		for _, q := range queries {
			wantFields(t, q.path+"?"+q.query, a.do(admin, "GET", q.path, nil, q.query, ""), q.fields...)
		}

		// Malformed JSON, and bodies that are JSON but not an object: 422
		// with a detail saying what is wrong, on every route with a body.
		for _, rt := range routesWithBody() {
			for _, body := range []string{`{`, `{"name": }`, `not json`, `[]`, `"text"`, `{}{}`} {
				r := a.do(admin, rt.Method, rt.Path, worker, "", body)
				if r.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s %s with %q: %d, want 422", rt.Method, rt.Path, body, r.Status)
					continue
				}
				if d, _ := r.JSON(t)["detail"].(string); d == "" || r.Errors(t)[""] != nil {
					t.Errorf("%s %s with %q: no detail, or a field without a name: %s", rt.Method, rt.Path, body, r.Body)
				}
			}
			r := send(t, e, admin, rt.Method, "/api/v1"+fill(rt.Path, worker), "", http.Header{"Content-Type": {"application/json"}})
			if d, _ := r.JSON(t)["detail"].(string); r.Status != 422 || !strings.Contains(d, "empty") {
				t.Errorf("%s %s without a body: %d %s", rt.Method, rt.Path, r.Status, r.Body)
			}
			r = send(t, e, admin, rt.Method, "/api/v1"+fill(rt.Path, worker), `name=x`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
			if d, _ := r.JSON(t)["detail"].(string); r.Status != 422 || !strings.Contains(d, "application/json") {
				t.Errorf("%s %s as a form: %d %s", rt.Method, rt.Path, r.Status, r.Body)
			}
			// Over 1 MiB: 413.
			big := `{"name":"` + strings.Repeat("x", 1<<20+10) + `"}`
			if r := a.do(admin, rt.Method, rt.Path, worker, "", big); r.Status != http.StatusRequestEntityTooLarge {
				t.Errorf("%s %s with a big body: %d, want 413", rt.Method, rt.Path, r.Status)
			}
		}
		r := a.do(admin, "POST", "/tokens", nil, "", `{`)
		if d := r.JSON(t)["detail"].(string); !strings.Contains(d, "JSON") {
			t.Errorf("malformed JSON detail: %q", d)
		}
	})
}

type routeRef struct{ Method, Path string }

func routesWithBody() []routeRef {
	var out []routeRef
	for _, rt := range api.Routes() {
		if rt.Body != "" {
			out = append(out, routeRef{rt.Method, rt.Path})
		}
	}
	return out
}
