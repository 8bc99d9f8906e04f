package server_test

// No page shows a person outside the reader's scope: a partner's worker
// never sees the other partner's staff, and roles without access to
// personal data (viewer, enumerator) never see anyone else at all.

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// crawled is a page a client reached.
type crawled struct {
	path   string
	status int
	header http.Header
	body   string
}

// crawl opens the given paths and every same-site page they link to, as b,
// and returns the HTML pages reached (any status).
func crawl(t *testing.T, e *servertest.Env, b *servertest.Browser, start ...string) []crawled {
	t.Helper()
	seen := map[string]bool{}
	queue := slices.Clone(start)
	var out []crawled
	for len(queue) > 0 && len(out) < 200 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		r := b.Get(p)
		if r.StatusCode >= 300 && r.StatusCode < 400 {
			if l := r.Header.Get("Location"); strings.HasPrefix(l, "/") && !seen[l] {
				queue = append(queue, l)
			}
			continue
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		out = append(out, crawled{path: p, status: r.StatusCode, header: r.Header, body: r.Body})
		for _, l := range links(parse(t, r.Body)) {
			if !seen[l] {
				queue = append(queue, l)
			}
		}
	}
	return out
}

// startPages are every GET route of the interface, with user pages for a
// user of each organisation and for one that does not exist, and an
// address that matches no route.
func startPages(e *servertest.Env) []string {
	pages := []string{"/", "/signin", "/account", "/admin/users", "/admin/users?disabled=1", "/admin/users/new",
		"/admin/organisations", "/audit", "/no-such-page", "/admin/users/" + store.NewID()}
	for _, name := range slices.Sorted(maps.Keys(e.Users)) {
		pages = append(pages, "/admin/users/"+e.Users[name].ID)
	}
	for _, o := range e.Orgs {
		pages = append(pages, "/admin/users?org="+o.ID)
	}
	return pages
}

// TestWebNoNamesOutsideScope crawls every page each reader can reach and
// checks that no username or full name they may not see appears in it.
func TestWebNoNamesOutsideScope(t *testing.T) {
	t.Parallel()
	cases := []struct {
		reader string
		// hidden returns whether the reader must not see this user.
		hidden func(username string) bool
	}{
		// Viewers see figures only; enumerators only what they collect.
		{"viewer", func(u string) bool { return u != "viewer" }},
		{"bnsk.enumerator", func(u string) bool { return u != "bnsk.enumerator" }},
		// Partner staff never see the other partner's people.
		{"bnsk.worker", func(u string) bool { return strings.HasPrefix(u, "warbe.") }},
		{"bnsk.manager", func(u string) bool { return strings.HasPrefix(u, "warbe.") }},
		{"warbe.worker", func(u string) bool { return strings.HasPrefix(u, "bnsk.") }},
		{"warbe.manager", func(u string) bool { return strings.HasPrefix(u, "bnsk.") }},
	}
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		giveFullNames(t, e)
		// Give every user some history, so the names are in the database
		// wherever a page might pick them up.
		for name := range e.Users {
			e.SignIn(name)
		}
		// Control: the check finds every name where it is shown.
		list := shownText(t, e.SignIn("admin").Get("/admin/users").Body)
		for _, s := range servertest.Seeded {
			if !mentions(list, s.Username) || !strings.Contains(list, fullNames[s.Username]) {
				t.Fatalf("the admin's user list does not show %s / %s: the check below would prove nothing", s.Username, fullNames[s.Username])
			}
		}
		for _, tc := range cases {
			b := e.SignIn(tc.reader)
			pages := crawl(t, e, b, startPages(e)...)
			if len(pages) < 5 {
				t.Fatalf("%s reached only %d pages", tc.reader, len(pages))
			}
			for _, p := range pages {
				shown := shownText(t, p.body)
				for _, s := range servertest.Seeded {
					if !tc.hidden(s.Username) {
						continue
					}
					if mentions(shown, s.Username) {
						t.Errorf("%s sees username %q on %s (status %d)", tc.reader, s.Username, p.path, p.status)
					}
					if strings.Contains(shown, fullNames[s.Username]) || strings.Contains(p.body, fullNames[s.Username]) {
						t.Errorf("%s sees the name %q of %s on %s (status %d)", tc.reader, fullNames[s.Username], s.Username, p.path, p.status)
					}
				}
			}
		}
	})
}

// TestWebPartnerWorkerCannotReachOtherPartner: a BNSK case worker cannot
// list, read or change a WARBE user, and the refusal for a real WARBE user
// is the same as for an ID that does not exist, so it reveals nothing.
func TestWebPartnerWorkerCannotReachOtherPartner(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		giveFullNames(t, e)
		b := e.SignIn("bnsk.worker")
		victim := e.Users["warbe.worker"]
		before := user(t, e, victim.ID)
		missing := store.NewID()

		type req struct {
			method, path string
			form         url.Values
		}
		for _, q := range []req{
			{"GET", "/admin/users", nil},
			{"GET", "/admin/users?org=" + e.Orgs["WARBE"].ID, nil},
			{"GET", "/admin/users/{id}", nil},
			{"POST", "/admin/users/{id}", url.Values{"full_name": {"Changed by BNSK"}, "role": {"case_worker"}, "lang": {"en"}, "version": {"2"}}},
			{"POST", "/admin/users/{id}/disable", nil},
			{"POST", "/admin/users/{id}/password", url.Values{"new_password": {"taken over by bnsk"}}},
		} {
			real := send(e, b, q.method, strings.ReplaceAll(q.path, "{id}", victim.ID), q.form, true, nil)
			ghost := send(e, b, q.method, strings.ReplaceAll(q.path, "{id}", missing), q.form, true, nil)
			if real.StatusCode < 400 {
				t.Errorf("%s %s for a WARBE user: status %d, want a refusal", q.method, q.path, real.StatusCode)
			}
			if real.StatusCode != ghost.StatusCode {
				t.Errorf("%s %s: status %d for a WARBE user but %d for no user: the difference reveals who exists",
					q.method, q.path, real.StatusCode, ghost.StatusCode)
			}
			for _, s := range []string{victim.Username, fullNames[victim.Username], "warbe.manager", fullNames["warbe.manager"]} {
				if strings.Contains(real.Body, s) {
					t.Errorf("%s %s: the page shows %q", q.method, q.path, s)
				}
			}
		}
		after := user(t, e, victim.ID)
		if after.FullName != before.FullName || after.Version != before.Version || after.Disabled() || !hasPassword(t, e, victim.Username, servertest.Password) {
			t.Errorf("the WARBE user was changed: %+v", after)
		}
	})
}

// TestWebOrgManagerManagesOnlyOwnOrganisation: the BNSK manager's user list
// holds BNSK users only, even when asking for another organisation, and
// the new-user form offers only BNSK and only roles a manager may give.
func TestWebOrgManagerManagesOnlyOwnOrganisation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.manager")
		for _, path := range []string{"/admin/users", "/admin/users?disabled=1", "/admin/users?org=" + e.Orgs["WARBE"].ID, "/admin/users?org=" + e.Orgs["IOM"].ID} {
			r := b.Get(path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, r.StatusCode)
			}
			text := shownText(t, r.Body)
			for _, s := range servertest.Seeded {
				shown := mentions(text, s.Username)
				if s.Org != "BNSK" && shown {
					t.Errorf("%s lists %s of %s", path, s.Username, s.Org)
				}
			}
		}
		r := b.Get("/admin/users")
		for _, name := range []string{"bnsk.manager", "bnsk.worker", "bnsk.enumerator"} {
			if !mentions(r.Body, name) {
				t.Errorf("/admin/users does not list own organisation's %s", name)
			}
		}

		r = b.Get("/admin/users/new")
		root := parse(t, r.Body)
		var orgs, roles []string
		for _, o := range all(byID(root, "org_id"), byTagName("option")) {
			orgs = append(orgs, attr(o, "value"))
		}
		for _, o := range all(byID(root, "role"), byTagName("option")) {
			roles = append(roles, attr(o, "value"))
		}
		if !slices.Equal(orgs, []string{e.Orgs["BNSK"].ID}) {
			t.Errorf("organisations offered: %v, want only BNSK", orgs)
		}
		slices.Sort(roles)
		if want := []string{"case_worker", "enumerator", "org_manager", "viewer"}; !slices.Equal(roles, want) {
			t.Errorf("roles offered: %v, want %v", roles, want)
		}

		// The admin is offered every organisation and role.
		root = parse(t, e.SignIn("admin").Get("/admin/users/new").Body)
		if n := len(all(byID(root, "role"), byTagName("option"))); n != len(app.Roles) {
			t.Errorf("admin is offered %d roles, want %d", n, len(app.Roles))
		}
		if n := len(all(byID(root, "org_id"), byTagName("option"))); n != len(e.Orgs) {
			t.Errorf("admin is offered %d organisations, want %d", n, len(e.Orgs))
		}
	})
}
