package server_test

// What a wrong address or method gets: a friendly page in the reader's
// language for people, problem details for programs.

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/web"
)

// TestWebNotFoundInReadersLanguage: the 404 page speaks the signed-in
// user's language, or for a visitor the language cookie, then the
// browser's preference.
func TestWebNotFoundInReadersLanguage(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		bnUser := newUser(t, e, "BNSK", "bangla.reader", "case_worker")
		if err := e.DB.SetLang(bg, bnUser.ID, "bn"); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			b      *servertest.Browser
			hdr    map[string]string
			path   string
			lang   string
			cookie string
		}{
			{"English user", e.SignIn("bnsk.worker"), nil, "/no-such-page", "en", ""},
			{"English user, Bangla browser", e.SignIn("bnsk.worker"), map[string]string{"Accept-Language": "bn"}, "/no/such/page", "en", ""},
			{"Bangla user", e.SignIn("bangla.reader"), map[string]string{"Accept-Language": "en"}, "/no-such-page", "bn", ""},
			{"English user, user out of scope", e.SignIn("bnsk.manager"), nil, "/admin/users/" + e.Users["warbe.worker"].ID, "en", ""},
			{"admin, no such user", e.SignIn("admin"), nil, "/admin/users/" + store.NewID(), "en", ""},
			{"visitor, Accept-Language bn", e.Anonymous(), map[string]string{"Accept-Language": "bn-BD,bn;q=0.9"}, "/no-such-page", "bn", ""},
			{"visitor, Accept-Language en", e.Anonymous(), map[string]string{"Accept-Language": "en-GB,en;q=0.9"}, "/no-such-page", "en", ""},
			{"visitor, lang cookie bn beats Accept-Language en", e.Anonymous(), map[string]string{"Accept-Language": "en"}, "/no-such-page", "bn", "bn"},
			{"visitor, lang cookie en", e.Anonymous(), map[string]string{"Accept-Language": "bn"}, "/no-such-page", "en", "en"},
			{"visitor, no preference", e.Anonymous(), nil, "/no-such-page", i18n.Default, ""},
			{"visitor, static file missing is not a page", e.Anonymous(), nil, "/favicon.ico", i18n.Default, ""},
		}
		for _, c := range cases {
			hdr := map[string]string{}
			for k, v := range c.hdr {
				hdr[k] = v
			}
			if c.cookie != "" {
				hdr["Cookie"] = web.LangCookie + "=" + c.cookie
			}
			r := getWith(e, c.b, c.path, hdr)
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", c.name, r.StatusCode)
				continue
			}
			root := parse(t, r.Body)
			if got := htmlLang(root); got != c.lang {
				t.Errorf("%s: <html lang=%q>, want %q", c.name, got, c.lang)
			}
			if !strings.Contains(pageTitle(root), i18n.T(c.lang, "error.not_found.title")) || !strings.Contains(r.Body, i18n.T(c.lang, "error.not_found.body")) {
				t.Errorf("%s: not the friendly 404 page in %s", c.name, c.lang)
			}
			if r.Header.Get("Content-Language") != c.lang {
				t.Errorf("%s: Content-Language %q, want %q", c.name, r.Header.Get("Content-Language"), c.lang)
			}
			checkPage(t, c.name+" 404", r.Body)
		}
	})
}

// TestWebWrongMethod: a route asked with a method it does not take gets 405
// and an Allow header, not a page and not "not found".
func TestWebWrongMethod(t *testing.T) {
	t.Parallel()
	cases := []struct{ method, path, allow string }{
		{"GET", "/signout", "POST"},
		{"GET", "/lang", "POST"},
		{"GET", "/account/password", "POST"},
		{"GET", "/account/signout-everywhere", "POST"},
		{"DELETE", "/account", "GET"},
		{"PUT", "/admin/users", "GET"},
		{"DELETE", "/admin/users/ID", "GET"},
		{"GET", "/admin/users/ID/disable", "POST"},
		{"PATCH", "/admin/organisations", "GET"},
		{"POST", "/audit", "GET"},
		{"POST", "/", "GET"},
		{"PUT", "/signin", "GET"},
	}
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("admin")
		for _, c := range cases {
			path := strings.ReplaceAll(c.path, "ID", e.Users["bnsk.worker"].ID)
			r := send(e, b, c.method, path, nil, true, nil)
			if r.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", c.method, c.path, r.StatusCode)
				continue
			}
			if !strings.Contains(r.Header.Get("Allow"), c.allow) {
				t.Errorf("%s %s: Allow %q, want it to list %s", c.method, c.path, r.Header.Get("Allow"), c.allow)
			}
		}
	})
}

// TestWebUnknownAPIPathIsProblem: programs get RFC 9457 problem details,
// never an HTML page, for an API address that does not exist.
func TestWebUnknownAPIPathIsProblem(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		tok := e.Token("admin")
		for _, path := range []string{"/api/", "/api/nope", "/api/v2/me", "/api/v1/nope", "/api/v1/users/none/at/all"} {
			for _, token := range []string{"", tok} {
				r := e.API(token, http.MethodGet, path, "")
				if r.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s (token %v): status %d, want 404", path, token != "", r.StatusCode)
				}
				if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("GET %s (token %v): Content-Type %q, want application/problem+json", path, token != "", ct)
					continue
				}
				var p struct {
					Status int    `json:"status"`
					Title  string `json:"title"`
				}
				if err := json.Unmarshal([]byte(r.Body), &p); err != nil || p.Status != http.StatusNotFound || p.Title == "" {
					t.Errorf("GET %s: problem %s (%v)", path, r.Body, err)
				}
			}
		}
	})
}
