package e2e

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
)

// TestNotFoundInBangla: a mistyped or stale address shows the friendly 404
// page in Bangla, with the status 404, a way home, and the Bangla font, to a
// visitor whose browser prefers Bangla and to a signed-in user whose saved
// language is Bangla even on a browser set to English.
func TestNotFoundInBangla(t *testing.T) {
	j := newJourney(t)
	title := i18n.T("bn", "error.not_found.title")
	body := i18n.T("bn", "error.not_found.body")

	// A visitor, not signed in, on a phone set to Bangla.
	anon := j.device("visitor", "bn")
	anon.open("no such page", "/no-such-page", want{Status: 404, Path: "/no-such-page", Lang: "bn"})
	anon.expectText("no such page", "main h1", title)
	if got := anon.text("main"); !strings.Contains(got, body) {
		t.Errorf("the 404 page says %q, want it to say %q", got, body)
	}
	if got := eval[string](anon, `document.title`); !strings.HasPrefix(got, title) {
		t.Errorf("the 404 page's title is %q, want it to begin with %q", got, title)
	}
	anon.expectText("no such page", `main a[href="/"]`, i18n.T("bn", "error.go_home"))
	// The way home leads to sign-in, still in Bangla.
	anon.click("home from 404", `main a[href="/"]`, want{Path: "/signin?next=%2F", Lang: "bn"})

	// A case worker whose saved language is Bangla, on an office PC whose
	// browser is set to English.
	worker := j.device("case worker", "en")
	worker.open("sign-in", "/signin", want{Path: "/signin", Lang: "en"})
	worker.signIn("signed in", "bnsk.worker", demoPassword, want{Path: "/", Lang: "bn"})
	worker.open("no such page signed in", "/reports/2019/nothing", want{Status: 404, Path: "/reports/2019/nothing", Lang: "bn"})
	worker.expectText("no such page signed in", "main h1", title)
	// Signed in, the page keeps the header: the user can find their way.
	worker.expectText("no such page signed in", `.main-nav a[href="/"]`, i18n.T("bn", "nav.home"))

	// A manager following a link to a user that does not exist (or that is
	// outside their organisation) gets the same page, not an error.
	manager := j.device("manager", "bn")
	manager.open("sign-in", "/signin", want{Path: "/signin", Lang: "bn"})
	manager.signIn("signed in", "bnsk.manager", demoPassword, want{Path: "/", Lang: "bn"})
	manager.open("no such user", "/admin/users/01J0000000000000000000000", want{Status: 404, Path: "/admin/users/01J0000000000000000000000", Lang: "bn"})
	manager.expectText("no such user", "main h1", title)
}
