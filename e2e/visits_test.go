package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// visitToFollow picks, in the demo, the visit due or overdue of one of a's
// cases that her list shows first, on a case with an approved plan. When
// the demo has none, one is scheduled on such a case, three months after
// a day 100 days ago (about ten days overdue).
func visitToFollow(t *testing.T, s *site, a app.Actor) store.VisitRow {
	t.Helper()
	ctx := context.Background()
	hasPlan := func(caseID string) bool {
		plans, err := s.DB.PlansOfCase(ctx, a, caseID)
		if err != nil {
			t.Fatalf("reading the demo's plans: %v", err)
		}
		for _, p := range plans {
			if p.Status == programme.PlanApproved {
				return true
			}
		}
		return false
	}
	list := func() []store.VisitRow {
		rows, err := s.DB.ListVisits(ctx, a, store.VisitQuery{AssignedTo: a.UserID, DueWithin: 14})
		if err != nil {
			t.Fatalf("listing the demo's visits: %v", err)
		}
		return rows
	}
	if rows := list(); len(rows) > 0 && hasPlan(rows[0].CaseID) {
		return rows[0]
	}
	cases, _, err := s.DB.ListCases(ctx, a, store.CaseQuery{AssignedTo: a.UserID, Status: "open", Limit: 200})
	if err != nil {
		t.Fatalf("listing the demo's cases: %v", err)
	}
	for _, c := range cases {
		if !hasPlan(c.ID) {
			continue
		}
		if _, err := s.DB.ScheduleVisits(ctx, a, c.ID, dhakaToday().AddDate(0, 0, -100), []int{3}); err != nil {
			t.Fatalf("scheduling a visit on %s: %v", c.Reference, err)
		}
		if rows := list(); len(rows) > 0 && rows[0].CaseID == c.ID {
			return rows[0]
		}
	}
	t.Fatalf("the demo has no open case of %s with an approved plan to follow up", a.Username)
	return store.VisitRow{}
}

// visitFact returns what the visit item sel says against label.
func visitFact(tb *tab, sel, label string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(() => {
  const dt = [...document.querySelectorAll(%q)].find(d => d.innerText.trim() === %q);
  return dt && dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : '<no such row>';
})()`, sel+" dl.summary dt", label))
}

// TestVisitJourney: Rina, a BNSK case worker working in Bangla, finds on
// her home page the visits due and the rest of her worklist, opens her
// list of visits due, goes to the case, sees its scheduled visits, records
// the visit (after a mistake is explained at its field) as calling for a
// revision of the plan, and finds the task it added on the case.
func TestVisitJourney(t *testing.T) {
	j := newJourney(t)
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	rinaActor := j.site.actor(t, "bnsk.worker")
	v := visitToFollow(t, j.site, rinaActor)
	tab := "/cases/" + v.CaseID + "/visits"
	item := "#visit-" + v.ID

	rina := j.signedIn("", "bn", "bnsk.worker", "bn")

	// The home page is her worklist; the visit is on it.
	for _, id := range []string{"home-cases", "home-visits", "home-referrals", "home-returned"} {
		if rina.count("#"+id) != 1 {
			t.Errorf("the home page has no section #%s", id)
		}
	}
	if rina.count(fmt.Sprintf(`#home-visits ~ ul a[href=%q]`, tab)) == 0 {
		t.Errorf("the home page does not list the visit of %s: %q", v.CaseReference, rina.texts("#home-visits ~ ul li"))
	}

	// Her list of visits due.
	rina.click("visits due", `main a[href="/visits"]`, want{Path: "/visits", Lang: "bn"})
	rina.expectText("visits due", "main h1", tr("visits.list_title"))
	table := "#visits-due"
	if v.IsOverdue {
		table = "#visits-overdue"
	}
	row := fmt.Sprintf(`%s a[href=%q]`, table, tab)
	if rina.count(row) == 0 {
		t.Fatalf("the list does not show %s in %s: %q", v.CaseReference, table, rina.texts(table+" tbody tr"))
	}

	// The case's visits, scheduled from the plan's approval.
	rina.click("the case's visits", row, want{Path: tab, Lang: "bn"})
	if n := rina.count("ol.visit-list > li"); n < 1 {
		t.Fatalf("the visits tab shows %d visits", n)
	}
	if got := rina.text(item + " .visit-title"); got != tr("visits.due", i18n.Date("bn", v.DueOn)) {
		t.Errorf("the visit is headed %q", got)
	}
	if got := rina.text(item + " .visit-badges .badge"); got != tr("visit_status.scheduled") {
		t.Errorf("the visit's status shows %q", got)
	}
	if !eval[bool](rina, fmt.Sprintf(`document.querySelector(%q).open`, item+" details.visit-act")) {
		rina.tap(item + " details.visit-act > summary")
	}

	// A mistake: no findings.
	submit := item + ` form[action$="/record"] button[type=submit]`
	rina.tick("vr-action-" + v.ID + "-" + followup.ActionPlanRevision)
	rina.click("no findings", submit, want{Status: 422, Path: tab + "/" + v.ID + "/record", Lang: "bn"})
	rina.expectFieldError("no findings", "vr-findings-"+v.ID, app.Translate("bn", "write what the visit found"))
	if !rina.checked("vr-action-" + v.ID + "-" + followup.ActionPlanRevision) {
		t.Error("after the mistake, the action chosen is not kept")
	}

	// Recorded: the visit calls for a revision of the plan.
	findings := "দোকান ভালো চলছে; দ্বিতীয় একটি সেলাই মেশিন দরকার।"
	rina.fill("#vr-findings-"+v.ID, findings)
	rina.click("recorded", submit, want{Path: tab, Lang: "bn"})
	rina.expectText("recorded", "main [role=status]", tr("visits.flash.recorded_plan_revision"))
	if got := rina.text(item + " .visit-badges .badge"); got != tr("visit_status.done") {
		t.Errorf("after recording, the visit's status shows %q", got)
	}
	if got := visitFact(rina, item, tr("visits.findings")); got != findings {
		t.Errorf("the findings show as %q", got)
	}
	if got := visitFact(rina, item, tr("visits.action")); got != tr("visit_action.plan_revision") {
		t.Errorf("the follow-up shows as %q", got)
	}
	title := tr("visits.task_title.plan_revision")
	if got := rina.text(item + " .visit-task a"); got != title {
		t.Errorf("the task shows as %q, want %q", got, title)
	}
	if rina.count(fmt.Sprintf(`%s a[href="/cases/%s/plan"]`, item, v.CaseID)) != 1 {
		t.Error("the recorded visit does not lead to the plan")
	}
	if rina.count(item+" form") != 0 {
		t.Error("the recorded visit can still be recorded")
	}

	// The task is on the case.
	rina.click("the task on the case", item+" .visit-task a", want{Path: "/cases/" + v.CaseID, Lang: "bn"})
	found := false
	for _, r := range rina.tableRows(`section[aria-labelledby="tasks-heading"] table.data`) {
		found = found || (len(r) > 0 && r[0] == title)
	}
	if !found {
		t.Errorf("the case's tasks do not include %q", title)
	}

	// Home again: the worklist no longer holds the visit.
	rina.open("home", "/", want{Path: "/", Lang: "bn"})
	for _, text := range rina.texts("#home-visits ~ ul li") {
		if strings.Contains(text, v.CaseReference) && strings.Contains(text, i18n.Date("bn", v.DueOn)) {
			t.Errorf("the recorded visit is still on the home page: %q", text)
		}
	}

	visitManagersHomes(t, j)
}

// visitManagersHomes: the BNSK manager's home page shows the plans to
// approve, the organisation's overdue work (the numbers the store counts)
// and its budget with bars; the programme manager's and the viewer's show
// every organisation's figures, the viewer's without a name or a way to
// the records.
func visitManagersHomes(t *testing.T, j *journey) {
	ctx := context.Background()
	figures := func(a app.Actor) (total store.WorklistFigures, orgs int) {
		figs, err := j.site.DB.Worklist(ctx, a, store.WorklistScope{})
		if err != nil {
			t.Fatalf("counting the demo's work: %v", err)
		}
		for _, f := range figs {
			total.Add(f)
		}
		return total, len(figs)
	}

	shirin := j.signedIn("manager", "bn", "bnsk.manager", "bn")
	for _, id := range []string{"home-approve", "home-overdue", "home-budget"} {
		if shirin.count("#"+id) != 1 {
			t.Errorf("the manager's home page has no section #%s", id)
		}
	}
	work, _ := figures(j.site.actor(t, "bnsk.manager"))
	cards := eval[map[string]string](shirin, `Object.fromEntries([...document.querySelectorAll('#home-overdue ~ ul.cards a.card')]
  .map(a => [a.getAttribute('href'), a.querySelector('.card-figure').innerText.trim()]))`)
	for href, n := range map[string]int{"/visits#overdue": work.OverdueVisits, "/referrals?overdue=1": work.OverdueReferrals, "/cases": work.Open} {
		if want := i18n.Digits("bn", fmt.Sprint(n)); cards[href] != want {
			t.Errorf("the manager's card for %s shows %q, want %s", href, cards[href], want)
		}
	}
	if shirin.count("#home-budget ~ ul.home-budget meter") == 0 {
		t.Error("the manager's budget has no bars")
	}

	farzana := j.signedIn("programme manager", "en", "iom.pm", "en")
	_, orgs := figures(j.site.actor(t, "iom.pm"))
	if n := farzana.count("#home-org-table tbody tr"); n != orgs || orgs < 3 {
		t.Errorf("the programme manager's home lists %d organisations, the store counts %d", n, orgs)
	}
	if farzana.count(`#home-org-table a[href^="/cases?org="]`) != orgs {
		t.Error("the programme manager's figures do not lead to the case lists")
	}

	viewer := j.signedIn("viewer", "en", "iom.me", "en")
	if n := viewer.count("#home-org-table tbody tr"); n != orgs {
		t.Errorf("the viewer's home lists %d organisations, want %d", n, orgs)
	}
	if n := viewer.count(`main a[href^="/cases"], main a[href^="/people"], main a[href^="/visits"]`); n != 0 {
		t.Errorf("the viewer's home has %d links to records", n)
	}
	people, err := j.site.people(j.site.actor(t, "iom.pm"))
	if err != nil {
		t.Fatal(err)
	}
	// The page's sections: the greeting above them names the viewer, who
	// shares a name with a returnee of the demo.
	text := strings.Join(viewer.texts("main section"), "\n")
	for _, p := range people {
		for _, name := range []string{p.NameLatin, p.NameBn} {
			if name != "" && strings.Contains(text, name) {
				t.Errorf("the viewer's home names %q", name)
			}
		}
	}
}
