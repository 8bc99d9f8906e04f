package e2e

// Helpers of the register and case-work journeys (people_test.go,
// cases_test.go): clicks that do not leave the page, ticking boxes, date
// fields, reading tables, and choosing demo records from the site's store.

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// tap clicks the element sel selects where a click changes the page in
// place (a <summary>, a checkbox's label) instead of loading another page.
func (tb *tab) tap(sel string) {
	tb.t.Helper()
	x, y := tb.point(sel)
	tb.run("clicking "+sel, chromedp.MouseClickXY(x, y))
}

// checked reports whether the checkbox with id is ticked.
func (tb *tab) checked(id string) bool {
	tb.t.Helper()
	return eval[bool](tb, fmt.Sprintf(`!!document.getElementById(%q)?.checked`, id))
}

// tick ticks the checkbox with id by clicking its label, as a person does.
func (tb *tab) tick(id string) {
	tb.t.Helper()
	if tb.checked(id) {
		return
	}
	tb.tap(fmt.Sprintf(`label[for=%q]`, id))
	if !tb.checked(id) {
		tb.t.Fatalf("%sclicking the label of #%s did not tick it", tb.prefix(), id)
	}
}

// setDate puts an ISO date (or "" to empty it) into the date field sel
// selects, as the browser's date picker does: the field's value changes
// and it fires input and change.
func (tb *tab) setDate(sel, iso string) {
	tb.t.Helper()
	got := eval[string](tb, fmt.Sprintf(`(() => {
  const el = document.querySelector(%q);
  if (!el) return '<no such field>';
  el.focus();
  el.value = %q;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
  return el.value;
})()`, sel, iso))
	if got != iso {
		tb.t.Fatalf("%s%s holds %q after picking the date %q", tb.prefix(), sel, got, iso)
	}
}

// count returns how many elements sel selects.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return eval[int](tb, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))
}

// texts returns the visible text of every element sel selects.
func (tb *tab) texts(sel string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.innerText.trim())`, sel))
}

// tableRows returns the cells' texts of every row of the table body sel selects.
func (tb *tab) tableRows(sel string) [][]string {
	tb.t.Helper()
	return eval[[][]string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(r => [...r.cells].map(c => c.innerText.trim()))`, sel+" tbody tr"))
}

// optionContaining returns the value of the option of the select sel whose
// text contains part.
func (tb *tab) optionContaining(sel, part string) string {
	tb.t.Helper()
	v := eval[string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].find(o => o.textContent.includes(%q))?.value ?? ""`, sel+" option", part))
	if v == "" {
		tb.t.Fatalf("%s%s has no option containing %q", tb.prefix(), sel, part)
	}
	return v
}

// idAfter returns the record ID in the current address /<prefix>/<id>,
// failing the journey when the browser is elsewhere.
func (tb *tab) idAfter(step, prefix string) string {
	tb.t.Helper()
	loc := tb.location()
	id, ok := strings.CutPrefix(loc, prefix)
	if !ok || id == "" || strings.ContainsAny(id, "/?") {
		tb.t.Fatalf("%s%s: the browser is at %s, want %s<id>", tb.prefix(), step, loc, prefix)
	}
	return id
}

// query returns the current address's query.
func (tb *tab) query() url.Values {
	tb.t.Helper()
	_, q, _ := strings.Cut(tb.location(), "?")
	v, err := url.ParseQuery(q)
	if err != nil {
		tb.t.Fatalf("%sthe address's query %q: %v", tb.prefix(), q, err)
	}
	return v
}

// signedIn opens the sign-in page on a new device and signs username in,
// expecting the home page in their saved language.
func (j *journey) signedIn(device, browserLang, username, lang string) *tab {
	j.t.Helper()
	tb := j.device(device, browserLang)
	tb.open("sign-in", "/signin", want{Path: "/signin", Lang: browserLang})
	tb.signIn("signed in", username, demoPassword, want{Path: "/", Lang: lang})
	return tb
}

// actor is what the store knows of a demo user, to read the demo the way
// that user would.
func (s *site) actor(t *testing.T, username string) app.Actor {
	t.Helper()
	u, err := s.DB.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatalf("the demo has no user %s: %v", username, err)
	}
	return app.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, Role: u.Role}
}

// people returns everyone in a's scope, as the store lists them.
func (s *site) people(a app.Actor) ([]store.PersonRow, error) {
	return s.DB.SearchPersons(context.Background(), a, store.PersonQuery{Limit: 100000})
}

// dhakaToday is today's date in Dhaka, the day the application counts in.
func dhakaToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// iso writes a date as a date input holds it.
func iso(t time.Time) string { return t.Format(time.DateOnly) }

// latinWords splits a Latin name into its words.
func latinWords(name string) []string { return strings.Fields(name) }

// displayName is how a page in lang names a person.
func displayName(lang string, p registry.Person) string { return p.DisplayName(lang) }
