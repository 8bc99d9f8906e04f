package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// fillQ selects the element with a form entry id ("q:economic/has_debt"):
// ids hold ':' and '/', which a bare #id selector cannot.
func fillQ(id string) string { return fmt.Sprintf(`[id=%q]`, id) }

// fillShownJS is true when the item at key is on the screen.
func fillShownJS(key string) string {
	return fmt.Sprintf(`(() => { const el = document.querySelector('[data-fill=%q]'); return !!el && el.getClientRects().length > 0; })()`, key)
}

// fillWait waits until the JavaScript condition cond holds, as forms.js
// updates the page after a check; it fails the journey after five seconds.
func (tb *tab) fillWait(what, cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !eval[bool](tb, cond) {
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s%s did not happen", tb.prefix(), what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fillPick ticks the choice value of the question at key, by its label.
func (tb *tab) fillPick(key, value string) {
	tb.t.Helper()
	id := eval[string](tb, fmt.Sprintf(`document.querySelector('input[name=%q][value=%q]')?.id ?? ""`, key, value))
	if id == "" {
		tb.t.Fatalf("%s%s has no choice %q", tb.prefix(), key, value)
	}
	tb.tick(id)
}

// fillAnswerAll picks the first choice of every question shown with
// choices and no answer yet.
func (tb *tab) fillAnswerAll() {
	tb.t.Helper()
	eval[int](tb, `(() => {
  let n = 0;
  for (const fs of document.querySelectorAll('fieldset[data-fill]')) {
    if (fs.getClientRects().length === 0) continue;
    const inputs = [...fs.querySelectorAll('input[type=radio], input[type=checkbox]')].filter(i => i.name === fs.dataset.fill);
    if (inputs.length === 0 || inputs.some(i => i.checked)) continue;
    const first = inputs.find(i => i.getClientRects().length > 0);
    if (first) { first.click(); n++; }
  }
  return n;
})()`)
}

// TestFormEntryJourney: Rina, a BNSK case worker, opens the Reintegration
// Sustainability Survey from a case with JavaScript on: the case
// reference is filled in, questions appear and disappear as she answers,
// the debt-to-spending ratio follows her figures; in the scoping form she
// adds a skill and removes one; she submits the survey and finds it on
// the case's timeline.
func TestFormEntryJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	if _, err := collect.NewLibrary(j.site.DB).LoadBuiltins(ctx); err != nil {
		t.Fatalf("loading the built-in forms: %v", err)
	}
	a := j.site.actor(t, "bnsk.worker")
	cases, _, err := j.site.DB.ListCases(ctx, a, store.CaseQuery{AssignedTo: a.UserID, Status: "open", Limit: 1})
	if err != nil || len(cases) == 0 {
		t.Fatalf("the demo has no open case of bnsk.worker: %v", err)
	}
	cs := cases[0]
	versions := map[string]string{}
	vs, err := j.site.DB.CollectableForms(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		versions[v.FormID] = v.ID
	}
	tr := func(key string) string { return i18n.T("bn", key) }

	rina := j.signedIn("", "bn", "bnsk.worker", "bn")
	rina.open("the list of forms", "/fill", want{Path: "/fill", Lang: "bn"})
	rina.expectText("the list of forms", "main h1", tr("form_entry.list_title"))

	// The scoping form: a skill added and the first removed.
	scoping := "/fill/" + versions["remaker_scoping"]
	rina.open("scoping form", scoping, want{Path: scoping, Lang: "bn"})
	rina.fillPick("consent", "yes")
	rina.fillWait("the interview appearing after consent", fillShownJS("interview"))
	rina.fillPick("interview/skills/has_skills", "yes")
	rina.fillWait("the first skill appearing", fillShownJS("interview/skills/skill[1]"))
	rina.fill(fillQ("q:interview/skills/skill[1]/skill_name"), "সেলাই")
	rina.click("a skill added", `button[value="add:interview/skills/skill"]`, want{Path: scoping, Lang: "bn"})
	if n := rina.count("fieldset.fill-instance"); n != 2 {
		t.Fatalf("after adding a skill the form shows %d skills", n)
	}
	if got := rina.value(fillQ("q:interview/skills/skill[1]/skill_name")); got != "সেলাই" {
		t.Errorf("after adding a skill the first one holds %q", got)
	}
	rina.fill(fillQ("q:interview/skills/skill[2]/skill_name"), "গাড়ি চালানো")
	rina.click("the first skill removed", `button[value="remove:interview/skills/skill[1]"]`, want{Path: scoping, Lang: "bn"})
	if n := rina.count("fieldset.fill-instance"); n != 1 {
		t.Errorf("after removing a skill the form shows %d skills", n)
	}
	if got := rina.value(fillQ("q:interview/skills/skill[1]/skill_name")); got != "গাড়ি চালানো" {
		t.Errorf("after removing the first skill the one left holds %q", got)
	}

	// The survey, from the case.
	rss := "/fill/" + versions["remaker_rss"] + "?case=" + cs.ID
	rina.open("the survey for the case", rss, want{Path: rss, Lang: "bn"})
	if got := rina.value(fillQ("q:case_ref")); got != cs.Reference {
		t.Errorf("the case reference is filled in as %q, want %q", got, cs.Reference)
	}
	if eval[bool](rina, fillShownJS("economic")) {
		t.Error("the questions behind consent show before consent")
	}
	rina.fillPick("survey_round", "baseline")
	rina.fillPick("consent", "yes")
	rina.fillWait("the sections appearing after consent", fillShownJS("economic"))

	// Skip logic, live.
	school := "social/children_in_school"
	if eval[bool](rina, fillShownJS(school)) {
		t.Error("children in school shows before anyone said there are children")
	}
	rina.fillPick("social/school_age_children", "yes")
	rina.fillWait("children in school appearing", fillShownJS(school))
	rina.checkPage("children in school shown", "bn")
	rina.fillPick("social/school_age_children", "no")
	rina.fillWait("children in school disappearing", "!"+fillShownJS(school))

	// The ratio follows the figures.
	ratio := fillQ("q:economic/debt_spending_ratio")
	rina.fillPick("economic/has_debt", "yes")
	rina.fillWait("the amount owed appearing", fillShownJS("economic/debt_amount"))
	rina.fill(fillQ("q:economic/debt_amount"), "50000")
	rina.fill(fillQ("q:economic/monthly_spending"), "২৫০০০")
	rina.fillWait("the ratio showing 2", fmt.Sprintf(`document.querySelector(%q).textContent.trim() === "2"`, ratio))
	rina.fill(fillQ("q:economic/monthly_spending"), "10000")
	rina.fillWait("the ratio showing 5", fmt.Sprintf(`document.querySelector(%q).textContent.trim() === "5"`, ratio))
	rina.checkPage("the ratio worked out", "bn")

	// Everything answered; submitted; on the case's timeline.
	rina.fillAnswerAll()
	rina.fillWait("the answers checked", fillShownJS("social/children_in_school")+" === false")
	rina.click("submitted", `button[value="submit"]`, want{Path: "/cases/" + cs.ID, Lang: "bn"})
	rina.expectText("submitted", "main [role=status]", tr("form_entry.submitted"))
	found := false
	for _, ev := range rina.timeline() {
		found = found || ev.Kind == store.EventFormSubmitted
	}
	if !found {
		t.Errorf("the case's timeline does not show the survey: %+v", rina.timeline())
	}
}
