package server_test

// The audit trail page shows what happened, who did it and from where.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// auditRow is one row of the audit table as shown.
type auditRow struct{ when, who, action, object, address, details string }

func auditRows(t *testing.T, body string) []auditRow {
	t.Helper()
	var rows []auditRow
	for _, tb := range all(parse(t, body), byTag(atom.Tbody)) {
		for _, tr := range all(tb, byTag(atom.Tr)) {
			var c []string
			for _, td := range all(tr, byTag(atom.Td)) {
				c = append(c, textOf(td))
			}
			if len(c) != 6 {
				t.Fatalf("audit row with %d cells: %v", len(c), c)
			}
			rows = append(rows, auditRow{c[0], c[1], c[2], c[3], c[4], c[5]})
		}
	}
	return rows
}

// TestWebAuditShowsAccountEvents: sign-in, failed sign-in (known and
// unknown user), user creation, disabling and a password change all
// appear for the administrator, with the actor and the client address.
func TestWebAuditShowsAccountEvents(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		admin := e.SignIn("admin")
		e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {"wrong password"}})
		e.Anonymous().PostForm("/signin", url.Values{"username": {"ghost.user"}, "password": {"wrong password"}})
		// Without a trusted proxy, a forwarded-for header is not believed.
		send(e, e.Anonymous(), http.MethodPost, "/signin", url.Values{"username": {"warbe.worker"}, "password": {"wrong password"}}, true,
			map[string]string{"X-Forwarded-For": "203.0.113.9"})
		wantRedirect(t, "create", admin.PostForm("/admin/users", url.Values{"org_id": {e.Orgs["BNSK"].ID}, "username": {"audit.new"},
			"role": {"case_worker"}, "lang": {"en"}, "password": {"a long enough secret"}}), "/admin/users")
		created, err := e.DB.UserByUsername(bg, "audit.new")
		if err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, "disable", admin.PostForm("/admin/users/"+created.ID+"/disable", nil), "/admin/users/"+created.ID)
		worker := e.SignIn("bnsk.worker")
		wantRedirect(t, "password", worker.PostForm("/account/password", url.Values{"current_password": {servertest.Password},
			"new_password": {"changed for the audit"}, "confirm_password": {"changed for the audit"}}), "/account")

		r := admin.Get("/audit")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("/audit: %d", r.StatusCode)
		}
		rows := auditRows(t, r.Body)
		act := func(a string) string { return i18n.T("en", "audit.action."+a) }
		want := []struct {
			who, action, object, details string
		}{
			{"admin", act("sign_in"), e.Users["admin"].ID, ""},
			{"bnsk.worker", act("sign_in_failed"), e.Users["bnsk.worker"].ID, ""},
			{"ghost.user", act("sign_in_failed"), "", "ghost.user"},
			{"warbe.worker", act("sign_in_failed"), e.Users["warbe.worker"].ID, ""},
			{"admin", act("create"), created.ID, "audit.new"},
			{"admin", act("disable"), created.ID, ""},
			{"bnsk.worker", act("sign_in"), e.Users["bnsk.worker"].ID, ""},
			{"bnsk.worker", act("password_change"), e.Users["bnsk.worker"].ID, ""},
		}
		for _, w := range want {
			found := false
			for _, row := range rows {
				if row.who == w.who && row.action == w.action && strings.Contains(row.object, w.object) && strings.Contains(row.details, w.details) {
					found = true
					if row.address != "127.0.0.1" {
						t.Errorf("%s %s: address %q, want 127.0.0.1", w.who, w.action, row.address)
					}
					if row.when == "" {
						t.Errorf("%s %s: no time", w.who, w.action)
					}
				}
			}
			if !found {
				t.Errorf("no audit row: %s %q %s %s", w.who, w.action, w.object, w.details)
			}
		}
		// Newest first: the password change was the last thing done.
		if len(rows) == 0 || rows[0].action != act("password_change") {
			t.Errorf("first row %+v, want the password change", rows[0])
		}
		for _, row := range rows {
			if strings.Contains(row.address, "203.0.113.9") {
				t.Error("the audit believed X-Forwarded-For from an untrusted client")
			}
			if strings.Contains(row.details, "wrong password") || strings.Contains(row.details, "changed for the audit") {
				t.Errorf("a password is in the audit trail: %+v", row)
			}
		}

		// The filter narrows to one action.
		rows = auditRows(t, admin.Get("/audit?action=sign_in_failed").Body)
		if len(rows) != 3 {
			t.Errorf("filtered to failed sign-ins: %d rows, want 3", len(rows))
		}
		for _, row := range rows {
			if row.action != act("sign_in_failed") {
				t.Errorf("filter let through %+v", row)
			}
		}
		// The programme manager reads the same trail.
		if rows := auditRows(t, e.SignIn("pm").Get("/audit?action=disable").Body); len(rows) != 1 || rows[0].who != "admin" {
			t.Errorf("programme manager's view: %+v", rows)
		}
	})
}
