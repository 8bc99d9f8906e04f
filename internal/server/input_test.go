package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
)

// NUL characters and invalid UTF-8 are refused before they reach the
// database (PostgreSQL would fail on them): never a 500.
func TestWebRefusesNonText(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("admin")
		for _, c := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/admin/users/%00", nil},
			{"GET", "/admin/users/%ff%fe", nil},
			{"GET", "/audit?action=%00", nil},
			{"GET", "/admin/users?org=%ff", nil},
			{"POST", "/admin/organisations", url.Values{"code": {"NUL"}, "name_en": {"a\x00b"}, "kind": {"cso"}}},
			{"POST", "/admin/users", url.Values{"username": {"x\xffy"}, "role": {"viewer"}}},
			{"POST", "/signin", url.Values{"username": {"admin\x00"}, "password": {"x"}}},
		} {
			var r *servertest.Response
			if c.method == "GET" {
				r = b.Get(c.path)
			} else {
				r = b.PostForm(c.path, c.form)
			}
			if r.StatusCode >= 500 || r.StatusCode == http.StatusOK || r.StatusCode == http.StatusSeeOther {
				t.Errorf("%s %s: status %d", c.method, c.path, r.StatusCode)
			}
		}
		if orgs, _ := e.DB.ListOrgs(t.Context()); len(orgs) != 3 {
			t.Errorf("an organisation was created from bad input")
		}
	})
}
