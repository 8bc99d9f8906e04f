package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/api"
	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// wantUnauthorized checks a 401 problem.
func wantUnauthorized(t *testing.T, what string, r *resp) {
	t.Helper()
	if r.Status != http.StatusUnauthorized || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("%s: %d %s, want a 401 problem", what, r.Status, r.Body)
	}
}

func TestEveryRouteButTheDocumentNeedsAToken(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{"id": e.Users["admin"].ID}
		for _, rt := range api.Routes() {
			r := send(t, e, "", rt.Method, "/api/v1"+fill(rt.Path, params), "", nil)
			if rt.Public {
				if r.Status != http.StatusOK {
					t.Errorf("%s %s without a token: %d, want 200", rt.Method, rt.Path, r.Status)
				}
				continue
			}
			wantUnauthorized(t, rt.Method+" "+rt.Path+" without a token", r)
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s %s: WWW-Authenticate %q", rt.Method, rt.Path, r.Header.Get("WWW-Authenticate"))
			}
			// The same for an unknown token and a malformed header.
			wantUnauthorized(t, rt.Path+" with an unknown token", send(t, e, "rmk_unknown", rt.Method, "/api/v1"+fill(rt.Path, params), "", nil))
			wantUnauthorized(t, rt.Path+" with Basic", send(t, e, "", rt.Method, "/api/v1"+fill(rt.Path, params), "",
				http.Header{"Authorization": {"Basic YWRtaW46eA=="}}))
		}
	})
}

func TestRevokedAndDisabledTokensAreRefused(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		admin := e.Token("admin")

		// A token revoked through the API stops working at once.
		created := a.do(admin, "POST", "/tokens", nil, "", `{"name":"to revoke"}`)
		if created.Status != http.StatusCreated {
			t.Fatalf("create token: %d %s", created.Status, created.Body)
		}
		tok, id := created.JSON(t)["token"].(string), created.JSON(t)["id"].(string)
		if r := a.do(tok, "GET", "/me", nil, "", ""); r.Status != http.StatusOK {
			t.Fatalf("new token: %d", r.Status)
		}
		if r := a.do(tok, "DELETE", "/tokens/{id}", map[string]string{"id": id}, "", ""); r.Status != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		wantUnauthorized(t, "revoked token", send(t, e, tok, "GET", "/api/v1/me", "", nil))
		if r := a.do(admin, "DELETE", "/tokens/{id}", map[string]string{"id": id}, "", ""); r.Status != http.StatusNotFound {
			t.Errorf("revoking twice: %d, want 404", r.Status)
		}
		for _, tk := range a.do(admin, "GET", "/tokens", nil, "", "").Items(t) {
			if tk["id"] == id && tk["revoked_at"] == nil {
				t.Errorf("revoked token listed without revoked_at: %v", tk)
			}
		}

		// A disabled user's token stops working, and works again once enabled.
		worker := e.Token("bnsk.worker")
		target := map[string]string{"id": e.Users["bnsk.worker"].ID}
		if r := a.do(admin, "POST", "/users/{id}/disable", target, "", ""); r.Status != http.StatusOK {
			t.Fatalf("disable: %d %s", r.Status, r.Body)
		}
		wantUnauthorized(t, "disabled user's token", send(t, e, worker, "GET", "/api/v1/me", "", nil))
		wantUnauthorized(t, "disabled user's token", send(t, e, worker, "POST", "/api/v1/tokens", `{"name":"x"}`, nil))
		if r := a.do(admin, "POST", "/users/{id}/enable", target, "", ""); r.Status != http.StatusOK {
			t.Fatalf("enable: %d %s", r.Status, r.Body)
		}
		if r := a.do(worker, "GET", "/me", nil, "", ""); r.Status != http.StatusOK {
			t.Errorf("enabled user's token: %d", r.Status)
		}

		// A browser session cookie does not open the API.
		b := e.SignIn("admin")
		if r := b.Get("/api/v1/me"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("session cookie on the API: %d, want 401", r.StatusCode)
		}
	})
}

// TestGarbageNeverServerError throws malformed bodies, path IDs and query
// strings at every route, as an administrator (who gets furthest) and as a
// viewer (who is refused most): never a 5xx.
func TestGarbageNeverServerError(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		target, err := e.Auth.CreateUser(context.Background(), app.System, newCaseWorker(e, "garbage.target"), servertest.Password)
		if err != nil {
			t.Fatal(err)
		}
		bodies := []string{"", "{", "}", "null", "true", "0", "-1", `""`, "[]", "[{}]", "{}", `{"":""}`,
			`{"version":1e400}`, `{"version":-9223372036854775809}`, `{"version":null,"role":null,"lang":null,"full_name":null}`,
			`{"full_name":"\u0000","version":1}`, `{"name":"\u0000"}`, `{"code":"\u0000","name_en":"\u0000","kind":"cso"}`,
			`{"username":"\u0000","org_id":"\u0000","role":"viewer","password":"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}`,
			`{"password":"` + strings.Repeat("p", 300) + `"}`, `{"current_password":"x","new_password":"` + strings.Repeat("é", 200) + `"}`,
			`{"org_id":"' OR 1=1 --","username":"x'; DROP TABLE users; --","role":"viewer","password":"a long enough secret"}`,
			`{"name":"` + strings.Repeat("ব", 5000) + `"}`, `{"full_name":"` + strings.Repeat("x", 100000) + `","version":1}`,
			"\xff\xfe\xfd", `{"name":"\xff\xfe"}`, strings.Repeat("[", 100000), strings.Repeat(`{"a":`, 20000),
			`{"version":1,"version":2}`, `{"VERSION":1}`}
		ids := []string{target.ID, "x", "%00", "%ff", "'%20OR%201=1", strings.Repeat("9", 2000), "..", "%2F"}
		queries := []string{"", "org_id=%00", "org_id=%ff", "%ff=1", "role=", "limit=99999999999999999999",
			"before_id=9223372036854775808", "from=0000-01-01T00:00:00Z", "from=9999-12-31&to=0001-01-01",
			"to=2024-02-30", "from=1970-01-01T00:00:00%2B14:00", "action=%00", "object_id=" + strings.Repeat("x", 5000)}
		for _, user := range []string{"admin", "viewer"} {
			tok := e.Token(user)
			for _, rt := range api.Routes() {
				ps := []string{"{}"}
				if strings.Contains(rt.Path, "{id}") {
					ps = ids
				}
				for _, id := range ps {
					path := "/api/v1" + strings.ReplaceAll(rt.Path, "{id}", id)
					if rt.Method == http.MethodGet {
						for _, q := range queries {
							if r := send(t, e, tok, rt.Method, path+"?"+q, "", nil); r.Status >= 500 {
								t.Errorf("%s: %s %s?%.60s: %d %s", user, rt.Method, path, q, r.Status, r.Body)
							}
						}
						continue
					}
					for _, body := range bodies {
						r := send(t, e, tok, rt.Method, path, body, nil)
						if r.Status >= 500 {
							t.Errorf("%s: %s %.80s with %.60q: %d %s", user, rt.Method, path, body, r.Status, r.Body)
						}
						// The answers stay in the document (bar 404s for IDs the router cannot match).
						if id == target.ID || !strings.Contains(rt.Path, "{id}") {
							a.conform(rt.Method, rt.Path, r)
						}
					}
				}
			}
		}
		// After all that, the target is still there and intact.
		if u, err := e.DB.UserByID(context.Background(), app.System, target.ID); err != nil || u.Username != "garbage.target" {
			t.Errorf("target after garbage: %v %v", u.Username, err)
		}
	})
}

// Guessing the current password through the API is throttled like sign-ins.
func TestCurrentPasswordGuessingIsThrottled(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		tok := e.Token("bnsk.worker")
		var last *resp
		for i := range 10 {
			last = a.do(tok, "PUT", "/me/password", nil, "", `{"current_password":"guess number `+string(rune('0'+i))+`","new_password":"a long enough secret"}`)
			if last.Status == http.StatusTooManyRequests {
				break
			}
			wantFields(t, "wrong current password", last, "current_password")
		}
		if last.Status != http.StatusTooManyRequests {
			t.Fatalf("ten wrong current passwords: %d, want 429", last.Status)
		}
		// Even the right one is refused for now, and nothing changed.
		right := jsonBody(map[string]string{"current_password": servertest.Password, "new_password": "a long enough secret"})
		if r := a.do(tok, "PUT", "/me/password", nil, "", right); r.Status != http.StatusTooManyRequests {
			t.Errorf("right password while throttled: %d, want 429", r.Status)
		}
		if _, _, err := e.Auth.SignIn(context.Background(), "bnsk.worker", "a long enough secret", "192.0.2.1", "test"); err == nil {
			t.Error("the password changed while throttled")
		}
	})
}
