package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// fieldErrorFacts is how a form shows the error of one field.
type fieldErrorFacts struct {
	Found       bool   `json:"found"`       // the control exists
	Text        string `json:"text"`        // the field's error message, "" when none
	InField     bool   `json:"inField"`     // the message is in the control's own .field, marked .has-error
	Before      bool   `json:"before"`      // the message comes before the control, where a reader meets it
	DescribedBy bool   `json:"describedBy"` // the control's aria-describedby names the message
	Invalid     bool   `json:"invalid"`     // the control has aria-invalid="true"
}

// fieldError reads the error shown for the control with id.
func (tb *tab) fieldError(id string) fieldErrorFacts {
	tb.t.Helper()
	return eval[fieldErrorFacts](tb, fmt.Sprintf(`(() => {
  const el = document.getElementById(%q);
  if (!el) return {found: false};
  const field = el.closest('.field');
  const msg = field && field.querySelector('.field-error');
  if (!msg) return {found: true, text: ''};
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
  return {
    found: true,
    text: msg.innerText.trim(),
    inField: field.classList.contains('has-error'),
    before: !!(msg.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
    describedBy: msg.id !== '' && ids.includes(msg.id),
    invalid: el.getAttribute('aria-invalid') === 'true',
  };
})()`, id))
}

// expectFieldError checks that the control with id shows want as its error,
// next to it, and that assistive technology announces it with the control.
func (tb *tab) expectFieldError(step, id, want string) {
	tb.t.Helper()
	f := tb.fieldError(id)
	switch {
	case !f.Found:
		tb.t.Errorf("%s: the form has no field #%s", step, id)
		return
	case f.Text == "":
		tb.t.Errorf("%s: #%s shows no error, want %q", step, id, want)
		return
	case f.Text != want:
		tb.t.Errorf("%s: #%s shows the error %q, want %q", step, id, f.Text, want)
	}
	if !f.InField || !f.Before {
		tb.t.Errorf("%s: the error of #%s is not next to it (in its .field.has-error, before the control)", step, id)
	}
	if !f.DescribedBy || !f.Invalid {
		tb.t.Errorf("%s: #%s is not tied to its error for screen readers: aria-describedby names the error %v, aria-invalid=\"true\" %v",
			step, id, f.DescribedBy, f.Invalid)
	}
}

// expectNoFieldError checks that the control with id shows no error.
func (tb *tab) expectNoFieldError(step, id string) {
	tb.t.Helper()
	if f := tb.fieldError(id); f.Text != "" {
		tb.t.Errorf("%s: #%s shows the error %q, want none", step, id, f.Text)
	}
}

// optionValue returns the value of the option of the select sel whose text
// begins with prefix.
func (tb *tab) optionValue(sel, prefix string) string {
	tb.t.Helper()
	v := eval[string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].find(o => o.textContent.trim().startsWith(%q))?.value ?? ""`, sel+" option", prefix))
	if v == "" {
		tb.t.Fatalf("%s has no option beginning %q", sel, prefix)
	}
	return v
}

// userRow returns the cells of the users table's row for username.
func (tb *tab) userRow(username string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`(() => {
  const row = [...document.querySelectorAll('table.data tbody tr')].find(r => r.cells[0].innerText.trim() === %q);
  return row ? [...row.cells].map(c => c.innerText.trim()) : [];
})()`, username))
}

// TestAdministratorAddsUser: the administrator opens Users, adds a case
// worker for a partner organisation, gets clear messages next to the fields
// he got wrong, fixes them, finds the new user in the list, and the new
// user signs in. Once in English, once after switching the interface to
// Bangla, with a Bangla name.
func TestAdministratorAddsUser(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "bn"} {
		t.Run(lang, func(t *testing.T) {
			j := newJourney(t)
			tb := j.device("", lang)
			tr := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
			msg := func(english string) string { return app.Translate(lang, english) }
			fullName := map[string]string{"en": "Salma Khatun", "bn": "সালমা খাতুন"}[lang]
			username := "bnsk.salma"
			newPassword := "green-paddy-after-rain"

			tb.open("sign-in", "/signin", want{Path: "/signin", Lang: lang})
			tb.signIn("signed in", "admin", demoPassword, want{Path: "/", Lang: "en"}) // Tanvir's saved language
			if lang == "bn" {
				tb.click("switched to Bangla", langButton, want{Path: "/", Lang: "bn"})
			}

			tb.click("users", `.main-nav a[href="/admin/users"]`, want{Path: "/admin/users", Lang: lang})
			tb.expectText("users", "main h1", tr("users.heading"))
			if len(tb.userRow("bnsk.worker")) == 0 {
				t.Errorf("the users list does not show the seeded bnsk.worker")
			}
			if len(tb.userRow(username)) != 0 {
				t.Fatalf("the users list shows %s before it was added", username)
			}

			tb.click("add a user", `.page-actions a[href="/admin/users/new"]`, want{Path: "/admin/users/new", Lang: lang})
			tb.expectText("add a user", "main h1", tr("users.new_heading"))

			// Mistakes: a one-letter username and a short password.
			bnsk := tb.optionValue("#org_id", "BNSK")
			tb.choose("#org_id", bnsk)
			tb.fill("#username", "s")
			tb.fill("#full_name", fullName)
			tb.choose("#role", string(app.RoleCaseWorker))
			tb.choose("#lang", "bn")
			tb.fill("#password", "short")
			tb.click("mistakes shown", `form[action="/admin/users"] button[type=submit]`, want{Status: 422, Path: "/admin/users", Lang: lang})
			tb.expectText("mistakes shown", alertBox, msg("please correct the highlighted fields"))
			tb.expectFieldError("mistakes shown", "username", msg("use 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit"))
			tb.expectFieldError("mistakes shown", "password", msg("use at least 10 characters; a few words together are easy to remember"))
			tb.expectNoFieldError("mistakes shown", "full_name")
			tb.expectNoFieldError("mistakes shown", "org_id")
			// What was typed is kept, except the password.
			for sel, v := range map[string]string{"#org_id": bnsk, "#username": "s", "#full_name": fullName, "#role": string(app.RoleCaseWorker), "#lang": "bn", "#password": ""} {
				if got := tb.value(sel); got != v {
					t.Errorf("after the mistakes %s holds %q, want %q", sel, got, v)
				}
			}

			// Fixed: the user is added and listed.
			tb.fill("#username", username)
			tb.fill("#password", newPassword)
			tb.click("user added", `form[action="/admin/users"] button[type=submit]`, want{Path: "/admin/users", Lang: lang})
			tb.expectText("user added", statusBox, tr("flash.user_created"))
			row := tb.userRow(username)
			if len(row) < 5 {
				t.Fatalf("the users list has no row for %s after adding it", username)
			}
			if row[1] != fullName || row[2] != "BNSK" || row[3] != tr("role.case_worker") || row[4] != tr("users.active") {
				t.Errorf("the new user's row is %q, want name %q, BNSK, %q, %q", row, fullName, tr("role.case_worker"), tr("users.active"))
			}

			// The administrator signs out; the new user signs in, in Bangla.
			tb.click("admin signed out", signoutBtn, want{Path: "/signin", Lang: lang})
			tb.signIn("new user signed in", username, newPassword, want{Path: "/", Lang: "bn"})
			tb.expectText("new user signed in", "main h1", i18n.T("bn", "home.welcome", fullName))
			if got := tb.text("main p.muted"); !strings.HasPrefix(got, i18n.T("bn", "role.case_worker")) {
				t.Errorf("the new user's home page says %q, want their role %q first", got, i18n.T("bn", "role.case_worker"))
			}
		})
	}
}
