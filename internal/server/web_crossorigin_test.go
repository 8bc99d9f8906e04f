package server_test

// Forms sent from another site are refused with a page that says why, and
// change nothing.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/web"
)

func TestWebCrossOriginFormsRefused(t *testing.T) {
	t.Parallel()
	forgeries := []struct {
		name string
		hdr  map[string]string
	}{
		{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"Sec-Fetch-Site same-site", map[string]string{"Sec-Fetch-Site": "same-site"}},
		{"Sec-Fetch-Site cross-site with our Origin", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "SELF"}},
		{"Origin of another host", map[string]string{"Origin": "https://evil.example"}},
		{"Origin null", map[string]string{"Origin": "null"}},
	}
	type post struct {
		as, path string
		form     url.Values
		// unchanged reports whether the request left everything as it was.
		unchanged func(t *testing.T, e *servertest.Env, r *servertest.Response) bool
	}
	posts := []post{
		{"", "/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}},
			func(t *testing.T, e *servertest.Env, r *servertest.Response) bool {
				n, err := e.DB.CountSessions(bg, e.Users["bnsk.worker"].ID)
				return err == nil && n == 0 && setCookie(r, web.SessionCookie) == nil
			}},
		{"admin", "/admin/users", url.Values{"org_id": {"ORG:BNSK"}, "username": {"forged.user"}, "role": {"admin"}, "lang": {"en"}, "password": {"a long enough secret"}},
			func(t *testing.T, e *servertest.Env, _ *servertest.Response) bool {
				return !userExists(t, e, "forged.user")
			}},
		{"bnsk.worker", "/account/password", url.Values{"current_password": {servertest.Password}, "new_password": {"forged long password"}, "confirm_password": {"forged long password"}},
			func(t *testing.T, e *servertest.Env, _ *servertest.Response) bool {
				return hasPassword(t, e, "bnsk.worker", servertest.Password)
			}},
		{"bnsk.worker", "/lang", url.Values{"lang": {"bn"}, "return": {"/"}},
			func(t *testing.T, e *servertest.Env, r *servertest.Response) bool {
				return user(t, e, e.Users["bnsk.worker"].ID).Lang == "en" && setCookie(r, web.LangCookie) == nil
			}},
		{"", "/lang", url.Values{"lang": {"en"}, "return": {"/"}},
			func(t *testing.T, e *servertest.Env, r *servertest.Response) bool {
				return setCookie(r, web.LangCookie) == nil
			}},
		{"bnsk.worker", "/signout", nil,
			func(t *testing.T, e *servertest.Env, _ *servertest.Response) bool {
				n, err := e.DB.CountSessions(bg, e.Users["bnsk.worker"].ID)
				return err == nil && n == 1
			}},
	}
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, p := range posts {
			for _, f := range forgeries {
				b := e.Anonymous()
				if p.as != "" {
					b = e.SignIn(p.as)
				}
				form := url.Values{}
				for k, v := range p.form {
					form[k] = v
				}
				if form.Get("org_id") == "ORG:BNSK" {
					form.Set("org_id", e.Orgs["BNSK"].ID)
				}
				hdr := map[string]string{"Accept-Language": "en"}
				for k, v := range f.hdr {
					if v == "SELF" {
						v = e.URL
					}
					hdr[k] = v
				}
				r := send(e, b, http.MethodPost, p.path, form, false, hdr)
				what := "POST " + p.path + " with " + f.name
				if r.StatusCode != http.StatusForbidden {
					t.Errorf("%s: status %d, want 403", what, r.StatusCode)
				}
				if !strings.Contains(r.Body, i18n.T("en", "error.cross_origin.body")) || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					t.Errorf("%s: not the page explaining the refusal: %q", what, r.Header.Get("Content-Type"))
				}
				if !p.unchanged(t, e, r) {
					t.Errorf("%s: the forged request changed something", what)
				}
				if p.as != "" {
					// The forgery did not cost the person their session.
					if r := b.Get("/account"); r.StatusCode != http.StatusOK {
						t.Errorf("%s: the user's session is gone (%d)", what, r.StatusCode)
					}
					e.Auth.SignOutEverywhere(bg, e.Users[p.as].Actor())
				}
			}
		}
		// Control: the same sign-in from our own page works.
		if got := signsIn(e, "bnsk.worker", servertest.Password); got != http.StatusSeeOther {
			t.Errorf("same-origin sign-in: %d", got)
		}
		// A form the browser says was typed or bookmarked (Sec-Fetch-Site: none) is the person's own.
		r := send(e, e.Anonymous(), http.MethodPost, "/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}}, false,
			map[string]string{"Sec-Fetch-Site": "none"})
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("Sec-Fetch-Site none: %d, want 303", r.StatusCode)
		}
	})
}
