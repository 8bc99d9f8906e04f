package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// Selectors of the case screens.
const (
	caseFilterBtn = `form.case-filters button[type=submit]`
	caseListTable = `table.case-list`
)

// pageLang is the language the current page is in.
func (tb *tab) pageLang() string {
	tb.t.Helper()
	return eval[string](tb, `document.documentElement.lang`)
}

// expectCase checks the status and the priority the case page shows.
func (tb *tab) expectCase(step, status, priority string) {
	tb.t.Helper()
	lang := tb.pageLang()
	for label, v := range map[string]string{
		i18n.T(lang, "cases.status"):   i18n.T(lang, "status."+status),
		i18n.T(lang, "cases.priority"): priority,
	} {
		if got := tb.summary(label); got != v {
			tb.t.Errorf("%s%s: the case shows %s %q, want %q", tb.prefix(), step, label, got, v)
		}
	}
}

// caseEvent is a line of the case timeline as the page shows it.
type caseEvent struct {
	Kind string `json:"kind"` // opened, status, reopened, screening, note...
	Move string `json:"move"` // "“from” to “to”", for moves
	Text string `json:"text"` // everything the line says
}

// timeline reads the case page's timeline, oldest first (the page shows
// the newest first).
func (tb *tab) timeline() []caseEvent {
	tb.t.Helper()
	evs := eval[[]caseEvent](tb, `[...document.querySelectorAll('ol.case-timeline > li')].map(li => ({
  kind: ([...li.classList].find(c => c.startsWith('case-event-')) || '').slice('case-event-'.length),
  move: (li.querySelector('.case-move')?.innerText ?? '').trim(),
  text: li.innerText.trim(),
}))`)
	slices.Reverse(evs)
	return evs
}

// expectTimeline checks that the timeline begins with the opening, holds
// one screening, and shows the moves in order.
func (tb *tab) expectTimeline(caseID string, moves []string) {
	tb.t.Helper()
	evs := tb.timeline()
	if len(evs) == 0 || evs[0].Kind != casework.EventOpened {
		tb.t.Errorf("%sthe timeline of %s does not begin with the opening: %+v", tb.prefix(), caseID, evs)
	}
	var got []string
	screenings := 0
	for _, e := range evs {
		switch e.Kind {
		case casework.EventStatus, casework.EventReopened:
			got = append(got, e.Move)
		case casework.EventScreening:
			screenings++
		}
	}
	if !slices.Equal(got, moves) {
		tb.t.Errorf("%sthe timeline shows the moves\n  %q\nwant\n  %q", tb.prefix(), got, moves)
	}
	if screenings != 1 {
		tb.t.Errorf("%sthe timeline shows %d screenings, want 1", tb.prefix(), screenings)
	}
	if last := evs[len(evs)-1]; last.Kind != casework.EventReopened {
		tb.t.Errorf("%sthe latest event is %q, want the reopening", tb.prefix(), last.Kind)
	}
}

// TestFindPeopleAndCases: Rina finds a returnee registered as "Md. ..." by
// typing "Mohammad ...", and another by the phone number in Bengali
// digits, and opens their pages; she narrows her organisation's cases by
// status and priority. Farzana, IOM's programme manager (in English), sees
// the cases of several organisations and reads them without any form to
// change them. Jewel, a WARBE case worker, following a link to a BNSK case
// or person, gets the friendly "not found" page in Bangla.
func TestFindPeopleAndCases(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	en := func(key string, args ...any) string { return i18n.T("en", key, args...) }
	rinaActor := j.site.actor(t, "bnsk.worker")
	rows, err := j.site.people(rinaActor)
	if err != nil {
		t.Fatalf("listing the demo's people: %v", err)
	}

	// From the demo: someone written "Md. ..." whose other words alone find
	// few enough people for one page of results, and someone else with a phone.
	var md, byPhone store.PersonRow
	var mdRest string
	for _, r := range rows {
		words := latinWords(r.NameLatin)
		if md.ID != "" || len(words) < 2 || (words[0] != "Md." && words[0] != "Md") {
			continue
		}
		rest := strings.Join(words[1:], " ")
		found, err := j.site.DB.SearchPersons(ctx, rinaActor, store.PersonQuery{Text: rest, Limit: 26})
		if err != nil {
			t.Fatalf("searching the demo for %q: %v", rest, err)
		}
		if len(found) <= 25 && slices.ContainsFunc(found, func(f store.PersonRow) bool { return f.ID == r.ID }) {
			md, mdRest = r, rest
		}
	}
	for _, r := range rows {
		if r.ID != md.ID && len(r.Phones) > 0 {
			byPhone = r
			break
		}
	}
	if md.ID == "" || byPhone.ID == "" {
		t.Fatalf("the demo has no BNSK returnee written “Md. ...” (found %q) or none with a phone (found %q)", md.NameLatin, byPhone.NameLatin)
	}

	rina := j.signedIn("case worker", "bn", "bnsk.worker", "bn")

	// "Mohammad" finds "Md.".
	rina.click("people", peopleNav, want{Path: "/people", Lang: "bn"})
	typed := "Mohammad " + mdRest
	rina.fill("#f-q", typed)
	rina.click("found by a spelling variant", peopleSearchBtn, want{Lang: "bn"})
	if got := rina.query().Get("q"); got != typed {
		t.Errorf("the search sent q=%q, want %q", got, typed)
	}
	mdLink := fmt.Sprintf(`table.data a[href="/people/%s"]`, md.ID)
	if rina.count(mdLink) != 1 {
		t.Fatalf("searching %q does not list %s (%s); it lists %q", typed, md.NameLatin, md.NameBn, rina.texts("table.data tbody td:first-child"))
	}
	rina.expectText("found by a spelling variant", mdLink, displayName("bn", md.Person))
	rina.click("person found by name", mdLink, want{Path: "/people/" + md.ID, Lang: "bn"})
	if got := rina.text("main h1"); !strings.HasPrefix(got, displayName("bn", md.Person)) {
		t.Errorf("the person page is headed %q, want %q", got, displayName("bn", md.Person))
	}

	// A phone number, typed in Bengali digits.
	rina.click("people again", peopleNav, want{Path: "/people", Lang: "bn"})
	phone := i18n.Digits("bn", byPhone.Phones[0])
	rina.fill("#f-q", phone)
	rina.click("found by phone", peopleSearchBtn, want{Lang: "bn"})
	phoneLink := fmt.Sprintf(`table.data a[href="/people/%s"]`, byPhone.ID)
	if rina.count(phoneLink) != 1 {
		t.Fatalf("searching the phone %s does not list %s; it lists %q", phone, byPhone.NameLatin, rina.texts("table.data tbody td:first-child"))
	}
	if row := eval[string](rina, fmt.Sprintf(`document.querySelector(%q).closest('tr').innerText`, phoneLink)); !strings.Contains(row, phone) {
		t.Errorf("the result %q does not show the phone %s", row, phone)
	}
	rina.click("person found by phone", phoneLink, want{Path: "/people/" + byPhone.ID, Lang: "bn"})
	if got := rina.summary(tr("people.phones")); !strings.Contains(got, phone) {
		t.Errorf("the person page shows the phones %q, want %s among them", got, phone)
	}

	// Her organisation's open cases, then narrowed by status and priority.
	rina.click("cases", casesNav, want{Path: "/cases", Lang: "bn"})
	rina.expectText("cases", "main h1", tr("cases.heading"))
	if got := rina.value("#f-status"); got != "open" {
		t.Errorf("the case list starts filtered by status %q, want open", got)
	}
	for _, r := range rina.tableRows(caseListTable) {
		if r[4] == tr("status.closed") {
			t.Errorf("the open cases list a closed case: %q", r)
		}
	}
	status, priority, wantCases := "", "", []store.CaseRow(nil)
	for _, s := range casework.Statuses {
		for _, p := range casework.Priorities {
			cases, more, err := j.site.DB.ListCases(ctx, rinaActor, store.CaseQuery{Status: s, Priority: p, Limit: 25})
			if err != nil {
				t.Fatalf("listing the demo's cases: %v", err)
			}
			if status == "" && len(cases) >= 2 && !more {
				status, priority, wantCases = s, p, cases
			}
		}
	}
	if status == "" {
		t.Fatal("the demo has no status and priority with between 2 and 25 BNSK cases")
	}
	rina.choose("#f-status", status)
	rina.choose("#f-priority", priority)
	rina.click("cases by status and priority", caseFilterBtn, want{Lang: "bn"})
	if q := rina.query(); q.Get("status") != status || q.Get("priority") != priority {
		t.Errorf("the filter sent status=%q priority=%q, want %s and %s", q.Get("status"), q.Get("priority"), status, priority)
	}
	listed := rina.tableRows(caseListTable)
	var refs, wantRefs []string
	for _, r := range listed {
		refs = append(refs, r[0])
		if r[4] != tr("status."+status) || r[5] != tr("priority."+priority) {
			t.Errorf("filtered by %s and %s, the list shows %q", tr("status."+status), tr("priority."+priority), r)
		}
	}
	for _, c := range wantCases {
		wantRefs = append(wantRefs, c.Reference)
	}
	slices.Sort(refs)
	slices.Sort(wantRefs)
	if !slices.Equal(refs, wantRefs) {
		t.Errorf("filtered by %s and %s, the list shows %q, want %q", status, priority, refs, wantRefs)
	}

	// The programme manager, in English: several organisations' cases.
	farzana := j.signedIn("programme manager", "en", "iom.pm", "en")
	farzana.click("all cases", casesNav, want{Path: "/cases", Lang: "en"})
	orgs := map[string]bool{}
	var bnskCase string
	for _, r := range farzana.tableRows(caseListTable) {
		org := r[len(r)-1]
		orgs[org] = true
		if org == "BNSK" && bnskCase == "" {
			bnskCase = r[0]
		}
	}
	if len(orgs) < 2 || bnskCase == "" {
		t.Fatalf("the programme manager's case list shows the organisations %v, want several, BNSK among them", orgs)
	}
	for _, code := range []string{"BNSK", "RMMRU", "WARBE"} {
		farzana.optionContaining("#f-org", code)
	}
	if n := farzana.count(`main a[href^="/cases?assigned="]`); n != 0 {
		t.Errorf("the programme manager is offered “My cases”")
	}

	// She reads a BNSK case and its person: no form to change anything.
	caseHref := farzana.linkTo(caseListTable+" tbody", bnskCase)
	farzana.click("a BNSK case", fmt.Sprintf(`%s a[href=%q]`, caseListTable, caseHref), want{Path: caseHref, Lang: "en"})
	farzana.expectText("a BNSK case", "main h1", en("cases.case_title", bnskCase))
	if got := farzana.summary(en("cases.org")); got != "BNSK" {
		t.Errorf("the BNSK case shows the organisation %q", got)
	}
	if n := farzana.count("main form"); n != 0 {
		t.Errorf("the programme manager's case page has %d forms, want none: %q", n, farzana.texts("main form h3"))
	}
	farzana.click("the case's person", `main dl.summary a[href^="/people/"]`, want{Lang: "en"})
	personPath := farzana.location()
	if n := farzana.count("main form, main .page-actions, main details.person-add"); n != 0 {
		t.Errorf("the programme manager's person page offers %d forms or actions, want none", n)
	}
	farzana.open("cannot register", "/people/new", want{Status: 403, Path: "/people/new", Lang: "en"})
	farzana.expectText("cannot register", "main h1", en("error.forbidden.title"))
	farzana.open("cannot open a case", "/cases/new?person="+strings.TrimPrefix(personPath, "/people/"),
		want{Status: 403, Path: "/cases/new?person=" + strings.TrimPrefix(personPath, "/people/"), Lang: "en"})
	farzana.expectText("cannot open a case", "main h1", en("error.forbidden.title"))

	// A WARBE case worker following links to BNSK's records.
	jewel := j.signedIn("warbe worker", "bn", "warbe.worker", "bn")
	for _, path := range []string{caseHref, personPath} {
		step := "not found " + strings.Split(path, "/")[1]
		jewel.open(step, path, want{Status: 404, Path: path, Lang: "bn"})
		jewel.expectText(step, "main h1", tr("error.not_found.title"))
		if got := jewel.text("main"); !strings.Contains(got, tr("error.not_found.body")) {
			t.Errorf("%s: the page says %q, want %q", step, got, tr("error.not_found.body"))
		}
		jewel.expectText(step, `.main-nav a[href="/"]`, tr("nav.home"))
	}
}

// linkTo returns the address of the first link inside sel whose text is text.
func (tb *tab) linkTo(sel, text string) string {
	tb.t.Helper()
	href := eval[string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].find(a => a.innerText.trim() === %q)?.getAttribute('href') ?? ""`, sel+" a", text))
	if href == "" {
		tb.t.Fatalf("%sthere is no link %q in %s", tb.prefix(), text, sel)
	}
	return href
}
