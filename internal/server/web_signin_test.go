package server_test

// Signing in and out through the HTML interface: cookies, where sign-in
// leads, throttling, disabled accounts, ending sessions, and changing one's
// own password.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/web"
)

// TestWebSignInCookie: a good sign-in sets a session cookie that scripts
// cannot read and other sites cannot send with their forms.
func TestWebSignInCookie(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.Anonymous()
		r := b.PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}})
		wantRedirect(t, "sign in", r, "/")
		c := setCookie(r, web.SessionCookie)
		if c == nil {
			t.Fatal("no session cookie set")
		}
		if !c.HttpOnly {
			t.Error("session cookie is not HttpOnly")
		}
		if c.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie SameSite = %v, want Lax", c.SameSite)
		}
		if c.Path != "/" || c.Value == "" {
			t.Errorf("session cookie path %q value %q", c.Path, c.Value)
		}
		if r := b.Get("/account"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "bnsk.worker") {
			t.Errorf("after sign-in /account: %d", r.StatusCode)
		}
		// A made-up session is worth nothing.
		if r := withSession(e, c.Value+"x").Get("/account"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("forged session: %d, want 303 to sign in", r.StatusCode)
		}
	})
}

// attackerNexts are next= values that must never send the browser to
// another site. Browsers drop tabs and newlines from a URL and read a
// backslash as a slash, so "/\t/evil.example" is "//evil.example" to them.
// (Newlines need no case here: net/http turns them into spaces in headers.)
var attackerNexts = []string{
	"//evil.example",
	"//evil.example/account",
	"https://evil.example",
	"http://evil.example/",
	"/\\evil.example",
	"\\\\evil.example",
	"/\t/evil.example",
	"/\t\\evil.example",
	"/\\\t/evil.example",
	"javascript:alert(1)",
	"evil.example",
	" //evil.example",
}

// TestWebSignInNext: sign-in continues to the page asked for when it is a
// path of this site, and to the home page otherwise.
func TestWebSignInNext(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		cases := map[string]string{
			"":                          "/",
			"/account":                  "/account",
			"/admin/users?disabled=1":   "/admin/users?disabled=1",
			"/admin/users/new":          "/admin/users/new",
			"/audit?action=sign_in#top": "/audit?action=sign_in#top",
		}
		for _, next := range attackerNexts {
			cases[next] = "/"
		}
		check := func(what string, status int, loc, want string) {
			t.Helper()
			if status != http.StatusSeeOther || loc != want {
				t.Errorf("%s: %d to %q (a browser goes to %s), want 303 to %q", what, status, loc, browserTarget(e.URL, loc), want)
			}
		}
		for next, want := range cases {
			f := url.Values{"username": {"admin"}, "password": {servertest.Password}, "next": {next}}
			req, _ := http.NewRequest(http.MethodPost, e.URL+"/signin", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			status, loc := rawRedirect(t, e, nil, req)
			check("POST /signin next="+strconv.Quote(next), status, loc, want)

			// The sign-in form carries next on, cleaned the same way.
			root := parse(t, e.Anonymous().Get("/signin?next="+url.QueryEscape(next)).Body)
			var hidden string
			for _, in := range all(root, byTagName("input")) {
				if attr(in, "name") == "next" {
					hidden = attr(in, "value")
				}
			}
			if hidden != want {
				t.Errorf("GET /signin?next=%s: the form's next is %q, want %q", strconv.Quote(next), hidden, want)
			}
		}
		// Someone already signed in who follows a sign-in link is sent on at once.
		b := e.SignIn("admin")
		for next, want := range cases {
			req, _ := http.NewRequest(http.MethodGet, e.URL+"/signin?next="+url.QueryEscape(next), nil)
			status, loc := rawRedirect(t, e, b, req)
			check("GET /signin (signed in) next="+strconv.Quote(next), status, loc, want)
		}
	})
}

// TestWebSignInFailureIsUniform: a wrong password and an unknown user get
// the same status and the same words, so the form does not tell which
// usernames exist; empty fields get field messages.
func TestWebSignInFailureIsUniform(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		wrong := e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {"not the password"}})
		unknown := e.Anonymous().PostForm("/signin", url.Values{"username": {"nobody.here"}, "password": {"not the password"}})
		if wrong.StatusCode != http.StatusUnauthorized || unknown.StatusCode != wrong.StatusCode {
			t.Errorf("wrong password %d, unknown user %d: want the same 401", wrong.StatusCode, unknown.StatusCode)
		}
		msgWrong, msgUnknown := flashError(parse(t, wrong.Body)), flashError(parse(t, unknown.Body))
		if msgWrong == "" || msgWrong != msgUnknown {
			t.Errorf("messages differ or are empty: %q vs %q", msgWrong, msgUnknown)
		}
		if want := i18n.T("bn", "signin.bad_credentials"); msgWrong != want {
			t.Errorf("message %q, want %q (Bangla: the browser asked for no language)", msgWrong, want)
		}
		for _, r := range []*servertest.Response{wrong, unknown} {
			if setCookie(r, web.SessionCookie) != nil {
				t.Error("a failed sign-in set a session cookie")
			}
			// The username is kept in the form; the password never comes back.
			if strings.Contains(r.Body, "not the password") {
				t.Error("the page repeats the password")
			}
		}
		if f := fieldAround(parse(t, wrong.Body), "username"); f.value != "bnsk.worker" {
			t.Errorf("username not kept in the form: %q", f.value)
		}

		r := e.Anonymous().PostForm("/signin", url.Values{"username": {""}, "password": {""}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty form: %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		for _, id := range []string{"username", "password"} {
			if f := fieldAround(root, id); !f.hasError || f.message == "" {
				t.Errorf("empty form: field %s has no error shown: %+v", id, f)
			}
		}
	})
}

// TestWebSignInThrottled: after five failures the account is held, and even
// the right password gets the throttled message (429), not a session.
func TestWebSignInThrottled(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for i := range 5 {
			r := e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {"guess " + string(rune('a'+i))}})
			if r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, r.StatusCode)
			}
		}
		r := e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}})
		if r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("right password after 5 failures: status %d, want 429", r.StatusCode)
		}
		if got, want := flashError(parse(t, r.Body)), i18n.T("bn", "signin.throttled", i18n.Digits("bn", "15")); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if setCookie(r, web.SessionCookie) != nil {
			t.Error("a throttled sign-in set a session cookie")
		}
		// Another person is not held by bnsk.worker's failures.
		if got := signsIn(e, "bnsk.manager", servertest.Password); got != http.StatusSeeOther {
			t.Errorf("another user after the throttling: %d, want 303", got)
		}
	})
}

// TestWebDisabledUser: a disabled user cannot sign in, their open session
// stops working on its next request, and only someone with the right
// password learns that the account is disabled.
func TestWebDisabledUser(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		worker := e.SignIn("bnsk.worker")
		if r := worker.Get("/"); r.StatusCode != http.StatusOK {
			t.Fatalf("before: %d", r.StatusCode)
		}
		id := e.Users["bnsk.worker"].ID
		wantRedirect(t, "disable", e.SignIn("bnsk.manager").PostForm("/admin/users/"+id+"/disable", nil), "/admin/users/"+id)

		wantRedirect(t, "the disabled user's next request", worker.Get("/account"), signinURL("/account"))

		r := e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}})
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("disabled user signing in: %d, want 403", r.StatusCode)
		}
		if got, want := flashError(parse(t, r.Body)), i18n.T("bn", "signin.disabled"); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
		if setCookie(r, web.SessionCookie) != nil {
			t.Error("a disabled user got a session cookie")
		}
		r = e.Anonymous().PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {"wrong password"}})
		if r.StatusCode != http.StatusUnauthorized || strings.Contains(r.Body, i18n.T("bn", "signin.disabled")) {
			t.Errorf("wrong password for a disabled user: %d; it must not say the account is disabled", r.StatusCode)
		}

		// Enabled again, the user signs in.
		e.SignIn("bnsk.manager").PostForm("/admin/users/"+id+"/enable", nil)
		if got := signsIn(e, "bnsk.worker", servertest.Password); got != http.StatusSeeOther {
			t.Errorf("after enabling: %d, want 303", got)
		}
	})
}

// TestWebSignOut: signing out ends the session on the server, so a copy of
// the old cookie no longer works.
func TestWebSignOut(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		tok := sessionOf(t, e, b)
		other := e.SignIn("bnsk.worker")

		r := b.PostForm("/signout", nil)
		wantRedirect(t, "sign out", r, "/signin")
		if c := setCookie(r, web.SessionCookie); c == nil || c.MaxAge >= 0 {
			t.Error("sign out does not clear the session cookie")
		}
		if jarCookie(e, b, web.SessionCookie) != "" {
			t.Error("the browser still holds a session cookie")
		}
		wantRedirect(t, "old cookie after sign out", withSession(e, tok).Get("/account"), signinURL("/account"))
		// The signed-out page says so.
		if r := b.Get("/signin"); !strings.Contains(r.Body, i18n.T("en", "flash.signed_out")) {
			t.Error("the sign-in page does not say the user signed out")
		}
		// Signing out here leaves the user's other device signed in.
		if r := other.Get("/"); r.StatusCode != http.StatusOK {
			t.Errorf("other session after sign out: %d, want 200", r.StatusCode)
		}
	})
}

// TestWebSignOutEverywhere ends every session of the user, and no one else's.
func TestWebSignOutEverywhere(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		phone, office := e.SignIn("bnsk.worker"), e.SignIn("bnsk.worker")
		phoneTok := sessionOf(t, e, phone)
		colleague := e.SignIn("bnsk.manager")

		wantRedirect(t, "sign out everywhere", office.PostForm("/account/signout-everywhere", nil), "/signin")
		wantRedirect(t, "the other device", phone.Get("/"), signinURL("/"))
		wantRedirect(t, "the other device's old cookie", withSession(e, phoneTok).Get("/"), signinURL("/"))
		wantRedirect(t, "the device that asked", office.Get("/account"), signinURL("/account"))
		if r := colleague.Get("/"); r.StatusCode != http.StatusOK {
			t.Errorf("another user's session: %d, want 200", r.StatusCode)
		}
		if n, err := e.DB.CountSessions(bg, e.Users["bnsk.worker"].ID); err != nil || n != 0 {
			t.Errorf("sessions left: %d %v", n, err)
		}
	})
}

// TestWebChangePassword: the session that changes the password stays, the
// user's others end, and only the new password works afterwards.
func TestWebChangePassword(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b, other := e.SignIn("bnsk.worker"), e.SignIn("bnsk.worker")
		const next = "a fresh long password"
		r := b.PostForm("/account/password", url.Values{"current_password": {servertest.Password}, "new_password": {next}, "confirm_password": {next}})
		wantRedirect(t, "change password", r, "/account")
		if r := b.Get("/account"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, i18n.T("en", "flash.password_changed")) {
			t.Errorf("the session that changed the password: %d, or no confirmation shown", r.StatusCode)
		}
		wantRedirect(t, "the user's other session", other.Get("/"), signinURL("/"))
		if got := signsIn(e, "bnsk.worker", servertest.Password); got != http.StatusUnauthorized {
			t.Errorf("old password: %d, want 401", got)
		}
		if got := signsIn(e, "bnsk.worker", next); got != http.StatusSeeOther {
			t.Errorf("new password: %d, want 303", got)
		}
	})
}

// TestWebChangePasswordErrors: each mistake is shown at its field, with
// 422, and the password stays as it was.
func TestWebChangePasswordErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("bnsk.worker")
		cases := []struct {
			name            string
			current, n1, n2 string
			field           string
			message         string
		}{
			{"confirmation differs", servertest.Password, "a fresh long password", "a fresh long passwort", "confirm_password", i18n.T("en", "account.password_mismatch")},
			{"current password wrong", "not my password", "a fresh long password", "a fresh long password", "current_password", "the current password is not correct"},
			{"new password short", servertest.Password, "short", "short", "new_password", "use at least 10 characters; a few words together are easy to remember"},
			{"new password has username", servertest.Password, "my bnsk.worker pass", "my bnsk.worker pass", "new_password", "the password must not contain the username"},
		}
		for _, c := range cases {
			r := b.PostForm("/account/password", url.Values{"current_password": {c.current}, "new_password": {c.n1}, "confirm_password": {c.n2}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", c.name, r.StatusCode)
			}
			f := fieldAround(parse(t, r.Body), c.field)
			if !f.hasError || f.message != c.message {
				t.Errorf("%s: field %s has-error=%v message %q, want %q", c.name, c.field, f.hasError, f.message, c.message)
			}
			if !hasPassword(t, e, "bnsk.worker", servertest.Password) {
				t.Fatalf("%s: the password changed", c.name)
			}
		}
		if r := b.Get("/"); r.StatusCode != http.StatusOK {
			t.Errorf("still signed in after the mistakes: %d", r.StatusCode)
		}
	})
}

// TestWebResetPasswordEndsSessions: when a manager sets a user's password,
// the user's sessions end and the new password works.
func TestWebResetPasswordEndsSessions(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		worker := e.SignIn("bnsk.worker")
		mgr := e.SignIn("bnsk.manager")
		id := e.Users["bnsk.worker"].ID
		wantRedirect(t, "reset", mgr.PostForm("/admin/users/"+id+"/password", url.Values{"new_password": {"set by the manager"}}), "/admin/users/"+id)
		wantRedirect(t, "the user's session after the reset", worker.Get("/"), signinURL("/"))
		if got := signsIn(e, "bnsk.worker", "set by the manager"); got != http.StatusSeeOther {
			t.Errorf("new password: %d", got)
		}
		if got := signsIn(e, "bnsk.worker", servertest.Password); got != http.StatusUnauthorized {
			t.Errorf("old password: %d, want 401", got)
		}
		// The manager's own session is untouched.
		if r := mgr.Get("/admin/users"); r.StatusCode != http.StatusOK {
			t.Errorf("manager after the reset: %d", r.StatusCode)
		}
		// A weak password is refused at its field.
		r := mgr.PostForm("/admin/users/"+id+"/password", url.Values{"new_password": {"short"}})
		if f := fieldAround(parse(t, r.Body), "new_password"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError || f.message == "" {
			t.Errorf("weak reset: status %d, field %+v", r.StatusCode, f)
		}
	})
}

// TestWebOwnPasswordNeedsCurrentPassword: the account page asks for the
// current password before changing it, so that someone at a PC left signed
// in cannot take the account over. The user pages must not offer a way
// round that to the managers and administrators who can open their own
// user page.
func TestWebOwnPasswordNeedsCurrentPassword(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, name := range []string{"bnsk.manager", "admin"} {
			b := e.SignIn(name)
			id := e.Users[name].ID
			r := b.PostForm("/admin/users/"+id+"/password", url.Values{"new_password": {"taken over at the office pc"}})
			if !hasPassword(t, e, name, servertest.Password) {
				t.Errorf("%s: own password was replaced through /admin/users/{id}/password without the current password (status %d)", name, r.StatusCode)
			}
		}
	})
}

// TestWebDisableSelfIsRefusedClearly: nobody can disable their own account;
// the refusal is a message, not a server error.
func TestWebDisableSelfIsRefusedClearly(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, name := range []string{"admin", "bnsk.manager"} {
			b := e.SignIn(name)
			id := e.Users[name].ID
			r := b.PostForm("/admin/users/"+id+"/disable", nil)
			if r.StatusCode >= 500 || r.StatusCode < 400 {
				t.Errorf("%s disabling themself: status %d, want a 4xx refusal", name, r.StatusCode)
			}
			if !strings.Contains(r.Body, "you cannot disable your own account") {
				t.Errorf("%s disabling themself: the page does not say why", name)
			}
			if user(t, e, id).Disabled() {
				t.Errorf("%s disabled themself", name)
			}
			if r := b.Get("/"); r.StatusCode != http.StatusOK {
				t.Errorf("%s after trying: %d", name, r.StatusCode)
			}
		}
	})
}
