package e2e

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
)

// TestLanguageSwitchKeepsThePlace: the language button is most needed right
// when a message cannot be read. Switching must leave the person where they
// were: on the sign-in page with the page they asked for still to come, and
// on "My account" after a mistake in the password form.
func TestLanguageSwitchKeepsThePlace(t *testing.T) {
	j := newJourney(t)
	tb := j.device("", "bn")

	// A shared link to My account: sign in first, in Bangla...
	tb.open("account asks to sign in", "/account", want{Path: "/signin?next=%2Faccount", Lang: "bn"})
	// ...the visitor prefers English, and still goes to My account afterwards.
	tb.click("sign-in in English", langButton, want{Path: "/signin?next=%2Faccount", Lang: "en"})
	tb.signIn("signed in to account", "bnsk.worker", demoPassword, want{Path: "/account", Lang: "bn"})

	// A mistake in the password form, shown in Bangla; switching to English
	// to read it must not lead to an error page.
	tb.open("my account", "/account", want{Path: "/account", Lang: "bn"})
	tb.changePassword("password mistake", demoPassword, "tiny", "tiny", want{Status: 422, Path: "/account/password", Lang: "bn"})
	tb.click("mistake in English", langButton, want{Path: "/account", Lang: "en"})
	tb.expectText("mistake in English", "main h1", i18n.T("en", "account.heading"))
}
