package e2e

import (
	"fmt"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
)

const (
	passwordSubmit        = `form[action="/account/password"] button[type=submit]`
	signoutEverywhereBtn  = `form[action="/account/signout-everywhere"] button[type=submit]`
	accountSessionsDTText = "account.sessions"
)

// summary returns the value that the account summary shows against label.
func (tb *tab) summary(label string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(() => {
  const dt = [...document.querySelectorAll('dl.summary dt')].find(d => d.innerText.trim() === %q);
  const dd = dt && dt.nextElementSibling;
  return dd ? dd.innerText.trim() : '<no such row>';
})()`, label))
}

// changePassword fills in the password form and submits it.
func (tb *tab) changePassword(step, current, next, confirm string, w want) {
	tb.t.Helper()
	tb.fill("#current_password", current)
	tb.fill("#new_password", next)
	tb.fill("#confirm_password", confirm)
	tb.click(step, passwordSubmit, w)
}

// TestPasswordChangeAndSignOutEverywhere: a case worker signed in on the
// office PC and on her phone changes her password from "My account" (after
// getting each mistake explained next to its field); the phone is signed out
// and the old password stops working. Then, from the PC, she signs out
// everywhere, and no device stays signed in. All in Bangla.
func TestPasswordChangeAndSignOutEverywhere(t *testing.T) {
	j := newJourney(t)
	const user = "warbe.worker"
	const newPassword = "bright-kite-over-the-river"
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	msg := func(english string) string { return app.Translate("bn", english) }
	sessions := tr(accountSessionsDTText)

	pc := j.device("office pc", "bn")
	pc.open("sign-in", "/signin", want{Path: "/signin", Lang: "bn"})
	pc.signIn("signed in", user, demoPassword, want{Path: "/", Lang: "bn"})
	phone := j.device("phone", "bn")
	phone.open("sign-in", "/signin", want{Path: "/signin", Lang: "bn"})
	phone.signIn("signed in", user, demoPassword, want{Path: "/", Lang: "bn"})

	pc.click("my account", accountLink, want{Path: "/account", Lang: "bn"})
	pc.expectText("my account", "main h1", tr("account.heading"))
	if got, want := pc.summary(sessions), i18n.Number("bn", 2); got != want {
		t.Errorf("with two devices signed in, %q shows %q, want %q", sessions, got, want)
	}

	// Each mistake is explained next to its field, and nothing changes.
	pc.changePassword("wrong current password", "not-my-password", newPassword, newPassword,
		want{Status: 422, Path: "/account/password", Lang: "bn"})
	pc.expectFieldError("wrong current password", "current_password", msg("the current password is not correct"))

	pc.changePassword("new passwords differ", demoPassword, newPassword, newPassword+"x",
		want{Status: 422, Path: "/account/password", Lang: "bn"})
	pc.expectFieldError("new passwords differ", "confirm_password", tr("account.password_mismatch"))

	pc.changePassword("new password too short", demoPassword, "short", "short",
		want{Status: 422, Path: "/account/password", Lang: "bn"})
	pc.expectFieldError("new password too short", "new_password", msg("use at least 10 characters; a few words together are easy to remember"))

	// The change: this device stays signed in, the others are signed out.
	pc.changePassword("password changed", demoPassword, newPassword, newPassword, want{Path: "/account", Lang: "bn"})
	pc.expectText("password changed", statusBox, tr("flash.password_changed"))
	if got, want := pc.summary(sessions), i18n.Number("bn", 1); got != want {
		t.Errorf("after the password change %q shows %q, want %q", sessions, got, want)
	}

	phone.open("signed out by the change", "/account", want{Path: "/signin?next=%2Faccount", Lang: "bn"})
	phone.signIn("old password refused", user, demoPassword, want{Status: 401, Path: "/signin", Lang: "bn"})
	phone.expectText("old password refused", alertBox, tr("signin.bad_credentials"))
	phone.signIn("new password accepted", user, newPassword, want{Path: "/account", Lang: "bn"})

	// Sign out everywhere, from the PC.
	pc.open("my account again", "/account", want{Path: "/account", Lang: "bn"})
	if got, want := pc.summary(sessions), i18n.Number("bn", 2); got != want {
		t.Errorf("with the phone signed in again, %q shows %q, want %q", sessions, got, want)
	}
	pc.click("signed out everywhere", signoutEverywhereBtn, want{Path: "/signin", Lang: "bn"})
	pc.expectText("signed out everywhere", statusBox, tr("flash.signed_out_everywhere"))
	pc.open("signed out", "/", want{Path: "/signin?next=%2F", Lang: "bn"})
	phone.open("signed out", "/account", want{Path: "/signin?next=%2Faccount", Lang: "bn"})

	// The new password is the one that works from now on.
	pc.signIn("signed in with the new password", user, newPassword, want{Path: "/", Lang: "bn"})
	pc.expectText("signed in with the new password", "main h1", tr("home.welcome", "Jewel Chakma"))
}
