package e2e

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/web"
)

// Shared selectors.
const (
	signinSubmit = `form[action="/signin"] button[type=submit]`
	langButton   = `.lang-switch button`
	signoutBtn   = `.user-menu form[action="/signout"] button`
	accountLink  = `.user-menu a[href="/account"]`
	alertBox     = `main [role=alert]`
	statusBox    = `main [role=status]`
)

// other is the interface language that is not lang.
func other(lang string) string {
	if lang == "bn" {
		return "en"
	}
	return "bn"
}

// signIn fills the sign-in form on the current page and submits it,
// expecting to arrive at w.
func (tb *tab) signIn(step, username, password string, w want) {
	tb.t.Helper()
	tb.fill("#username", username)
	tb.fill("#password", password)
	tb.click(step, signinSubmit, w)
}

// TestSignInAndSwitchLanguage: a case worker whose browser speaks Bangla, or
// English, opens Remaker, mistypes her password, signs in, switches the
// interface language with the header button, finds the choice kept on the
// next page and on another device, and signs out.
func TestSignInAndSwitchLanguage(t *testing.T) {
	t.Parallel()
	for _, browserLang := range []string{"bn", "en"} {
		t.Run("browser_"+browserLang, func(t *testing.T) {
			j := newJourney(t)
			tb := j.device("", browserLang)

			// An anonymous visitor is sent to sign in, in the browser's language.
			tb.open("home sends to sign-in", "/", want{Path: "/signin?next=%2F", Lang: browserLang})
			tb.expectText("sign-in page", "main h1", i18n.T(browserLang, "signin.heading"))

			// A wrong password: the error is shown, the username is kept,
			// the password is not.
			tb.signIn("wrong password", "bnsk.worker", "not-the-password", want{Status: 401, Path: "/signin", Lang: browserLang})
			tb.expectText("wrong password", alertBox, i18n.T(browserLang, "signin.bad_credentials"))
			if got := tb.value("#username"); got != "bnsk.worker" {
				t.Errorf("after a wrong password the username field holds %q, want bnsk.worker", got)
			}
			if got := tb.value("#password"); got != "" {
				t.Errorf("after a wrong password the password field holds %q, want it empty", got)
			}

			// The right password lands on the home page, in Rina's saved language (Bangla).
			tb.signIn("signed in", "bnsk.worker", demoPassword, want{Path: "/", Lang: "bn"})
			tb.expectText("home page", "main h1", i18n.T("bn", "home.welcome", "Rina Begum"))

			// The header button switches the page to English...
			tb.click("switched to English", langButton, want{Path: "/", Lang: "en"})
			tb.expectText("home in English", "main h1", i18n.T("en", "home.welcome", "Rina Begum"))
			tb.expectText("home in English", langButton, "বাংলা")

			// ...and the choice holds on the next page.
			tb.click("account in English", accountLink, want{Path: "/account", Lang: "en"})
			tb.expectText("account in English", "main h1", i18n.T("en", "account.heading"))

			// Sign out: the sign-in page keeps the chosen language.
			tb.click("signed out", signoutBtn, want{Path: "/signin", Lang: "en"})
			tb.expectText("signed out", statusBox, i18n.T("en", "flash.signed_out"))

			// The choice is saved with the account: on another device whose
			// browser prefers the other language, signing in brings English back.
			secondLang := "bn"
			second := j.device("second device", secondLang)
			second.open("sign-in", "/signin", want{Path: "/signin", Lang: secondLang})
			second.signIn("signed in in English", "bnsk.worker", demoPassword, want{Path: "/", Lang: "en"})

			// And back to Bangla from English, on a page other than home.
			second.click("account", accountLink, want{Path: "/account", Lang: "en"})
			second.click("back to Bangla", langButton, want{Path: "/account", Lang: "bn"})
			second.expectText("back to Bangla", "main h1", i18n.T("bn", "account.heading"))
			second.expectText("back to Bangla", langButton, "English")
			second.click("signed out", signoutBtn, want{Path: "/signin", Lang: "bn"})
		})
	}

	// With no language set, what headless Chromium asks for decides: the
	// server matches its Accept-Language like any other browser's.
	t.Run("browser_default", func(t *testing.T) {
		j := newJourney(t)
		tb := j.device("", "")
		tb.open("sign-in page", "/signin", want{Path: "/signin"})
		r, ok := j.site.lastRequest("GET", "/signin")
		if !ok {
			t.Fatal("the server saw no GET /signin")
		}
		wantLang := web.LangFromHeader(r.AcceptLanguage)
		t.Logf("headless Chromium sent Accept-Language %q; the page is in %q", r.AcceptLanguage, wantLang)
		if got := eval[string](tb, `document.documentElement.lang`); got != wantLang {
			t.Errorf("with Accept-Language %q the page is in %q, want %q", r.AcceptLanguage, got, wantLang)
		}
	})
}
