package server_test

// The case screens: the list with its filters, opening a case for a
// person, and the case page with every change a case worker makes to it,
// through the HTML forms on the real HTTP stack, on both databases.

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// ---- fixtures ----

// caseEnv is a server with a project both partners work in. The people
// screens are built elsewhere, so people and their consent are made
// through the store.
type caseEnv struct {
	*servertest.Env
	project store.Project
	n       int
}

func newCaseEnv(t *testing.T, e *servertest.Env) *caseEnv {
	t.Helper()
	giveFullNames(t, e)
	pr, err := e.DB.CreateProject(bg, app.System, store.Project{Code: "LM.0379", Title: "REMA(K)ER",
		PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return &caseEnv{Env: e, project: pr}
}

// writerOf is the case worker who registers an organisation's people.
func writerOf(org string) string { return strings.ToLower(org) + ".worker" }

// actorOf is a seeded user's actor.
func (c *caseEnv) actorOf(username string) app.Actor { return c.Users[username].Actor() }

// pmActor reads every organisation's cases, for checking what happened.
func (c *caseEnv) pmActor() app.Actor { return c.actorOf("pm") }

// person registers a person in org, with consent to registration when consent is set.
func (c *caseEnv) person(t *testing.T, org string, p registry.Person, consent bool) registry.Person {
	t.Helper()
	c.n++
	if p.NameLatin == "" && p.NameBn == "" {
		p.NameLatin = fmt.Sprintf("Returnee Number%d", c.n)
	}
	if p.Sex == "" {
		p.Sex = "female"
	}
	a := c.actorOf(writerOf(org))
	created, err := c.DB.CreatePerson(bg, a, p)
	if err != nil {
		t.Fatal(err)
	}
	if consent {
		if _, err := c.DB.AddConsent(bg, a, registry.Consent{PersonID: created.ID, Purpose: registry.PurposeRegistration,
			Method: "thumbprint", GivenOn: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	return created
}

// openCase opens a case through the store, for tests about what follows.
func (c *caseEnv) openCase(t *testing.T, org string, personID string) casework.Case {
	t.Helper()
	cs, err := c.DB.OpenCase(bg, c.actorOf(writerOf(org)), store.NewCase{PersonID: personID, ProjectID: c.project.ID})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// newCase registers a person with consent and opens a case for them.
func (c *caseEnv) newCase(t *testing.T, org string) casework.Case {
	t.Helper()
	return c.openCase(t, org, c.person(t, org, registry.Person{}, true).ID)
}

// caseNow reads a case as it is in the database.
func (c *caseEnv) caseNow(t *testing.T, id string) store.CaseView {
	t.Helper()
	v, err := c.DB.CaseByID(bg, c.pmActor(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ---- reading the pages ----

// formInput returns the value of the control named name in the form with id formID.
func formInput(t *testing.T, body, formID, name string) string {
	t.Helper()
	f := byID(parse(t, body), formID)
	if f == nil {
		t.Fatalf("no form #%s on the page", formID)
	}
	for _, in := range all(f, func(n *html.Node) bool { return attr(n, "name") == name }) {
		return attr(in, "value")
	}
	t.Fatalf("form #%s has no control named %s", formID, name)
	return ""
}

// listRefs returns the case references listed on a case list page, in order.
func listRefs(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, table := range all(parse(t, body), func(n *html.Node) bool { return hasClass(n, "case-list") }) {
		for _, tr := range all(table, byTag(atom.Tr)) {
			if tds := all(tr, byTag(atom.Td)); len(tds) > 0 {
				out = append(out, textOf(tds[0]))
			}
		}
	}
	return out
}

// timelineEvent is a line of the case history as shown.
type timelineEvent struct {
	kind, text string
	timed      bool
}

// timeline returns the case history shown on a case page, as listed.
func timeline(t *testing.T, body string) []timelineEvent {
	t.Helper()
	var out []timelineEvent
	for _, li := range all(parse(t, body), func(n *html.Node) bool { return hasClass(n, "case-event") }) {
		ev := timelineEvent{text: textOf(li), timed: len(all(li, byTag(atom.Time))) == 1}
		for _, c := range strings.Fields(attr(li, "class")) {
			if k, ok := strings.CutPrefix(c, "case-event-"); ok {
				ev.kind = k
			}
		}
		out = append(out, ev)
	}
	return out
}

// hasForm reports whether a page has a form posting to action.
func hasForm(t *testing.T, body, action string) bool {
	t.Helper()
	return len(all(parse(t, body), func(n *html.Node) bool { return n.DataAtom == atom.Form && attr(n, "action") == action })) > 0
}

// caseIDFrom reads the case ID from the redirect after opening a case.
func caseIDFrom(t *testing.T, r *servertest.Response) string {
	t.Helper()
	id, ok := strings.CutPrefix(r.Header.Get("Location"), "/cases/")
	if r.StatusCode != http.StatusSeeOther || !ok || id == "" {
		t.Fatalf("open a case: status %d, Location %q, body %s", r.StatusCode, r.Header.Get("Location"), flashError(parse(t, r.Body)))
	}
	return id
}

// dhakaDay is the date in Dhaka days from today, as a form would send it.
func dhakaDay(days int) string {
	return time.Now().In(i18n.Dhaka).AddDate(0, 0, days).Format("2006-01-02")
}

// ---- the journey ----

// TestWebCaseJourney follows a case from registration to closure and back
// through the forms a case worker uses: open, screen, move stage by stage,
// close with a reason, reopen; the history shows each step with who did it.
func TestWebCaseJourney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		person := c.person(t, "BNSK", registry.Person{NameBn: "মোঃ আব্দুর রহিম", NameLatin: "Md. Abdur Rahim", Sex: "male"}, true)
		b := e.SignIn("bnsk.worker")
		me := e.Users["bnsk.worker"]

		// The form: the only project chosen, the worker assigns themself.
		r := b.Get("/cases/new?person=" + person.ID)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("new case form: %d", r.StatusCode)
		}
		checkPage(t, "new case form", r.Body)
		root := parse(t, r.Body)
		if f := fieldAround(root, "opened_on"); !f.found || f.value == "" {
			t.Errorf("opened on: %+v, want today by default", f)
		}
		for id, want := range map[string]string{"project_id": c.project.ID, "assigned_to": me.ID} {
			sel := byID(root, id)
			if sel == nil {
				t.Fatalf("no #%s", id)
			}
			var chosen string
			for _, o := range all(sel, byTag(atom.Option)) {
				if hasAttr(o, "selected") {
					chosen = attr(o, "value")
				}
			}
			if chosen != want {
				t.Errorf("#%s chooses %q, want %q", id, chosen, want)
			}
		}

		id := caseIDFrom(t, b.PostForm("/cases", url.Values{"person_id": {person.ID}, "project_id": {c.project.ID},
			"assigned_to": {me.ID}, "opened_on": {""}}))
		page := "/cases/" + id
		r = b.Get(page)
		checkPage(t, "case page", r.Body)
		v := c.caseNow(t, id)
		for _, want := range []string{"Case opened.", v.Reference, "Md. Abdur Rahim", "Registered", "LM.0379", "Rahima Begum Worker", "Not screened"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("new case page lacks %q", want)
			}
		}
		if !slices.Contains(links(parse(t, r.Body)), "/people/"+person.ID) {
			t.Errorf("the case page does not link to the person's page")
		}
		if v.AssignedTo != me.ID || v.Status != casework.Registered || v.OrgID != e.Orgs["BNSK"].ID {
			t.Errorf("opened: %+v", v.Case)
		}

		// No skipping a stage: refused with the stages named, nothing changes.
		r = b.PostForm(page+"/move", url.Values{"version": {formInput(t, r.Body, "form-move", "version")}, "to": {"assessed"}})
		if r.StatusCode != http.StatusConflict {
			t.Errorf("registered -> assessed: status %d, want 409", r.StatusCode)
		}
		if msg := flashError(parse(t, r.Body)); !strings.Contains(msg, "“Registered” cannot move to “Assessed”") || !strings.Contains(msg, "Screened") {
			t.Errorf("skipping a stage: message %q", msg)
		}
		if now := c.caseNow(t, id); now.Status != casework.Registered || now.Version != v.Version {
			t.Errorf("a refused skip changed the case: %s v%d", now.Status, now.Version)
		}

		// Screening: four indicators with the debt over the threshold.
		r = b.PostForm(page+"/screenings", url.Values{"indicators": {"no_income", "disability", "signs_of_distress"},
			"debt_bdt": {"২,৫০,০০০"}, "assessed_on": {""}, "notes": {"Owes the dalal.\nWife unwell."}})
		wantRedirect(t, "screening", r, page)
		r = b.Get(page)
		v = c.caseNow(t, id)
		if v.Status != casework.Screened || v.Priority != casework.PriorityHigh {
			t.Errorf("after screening: %s %s", v.Status, v.Priority)
		}
		tl := timeline(t, r.Body)
		if len(tl) == 0 || tl[0].kind != "status" || tl[1].kind != "screening" {
			t.Fatalf("history after screening, newest first: %+v", tl)
		}
		if s := tl[1].text; !strings.Contains(s, "High") || !strings.Contains(s, "Score: 8") || !strings.Contains(s, "Debt above 1,00,000 taka") {
			t.Errorf("the screening in the history: %q", s)
		}
		if !strings.Contains(r.Body, "BDT 250,000") || !strings.Contains(r.Body, "Owes the dalal.\nWife unwell.") {
			t.Errorf("the screenings table lacks the debt or the notes with their line break")
		}

		// A stale version is a conflict that changes nothing.
		stale := formInput(t, r.Body, "form-move", "version")
		b.PostForm(page+"/notes", url.Values{"body": {"Visited at home."}}) // does not touch the version
		if _, err := c.DB.AssignCase(bg, c.actorOf("bnsk.manager"), id, v.Version, me.ID); err != nil {
			t.Fatal(err) // someone else saves the case meanwhile
		}
		r = b.PostForm(page+"/move", url.Values{"version": {stale}, "to": {"assessed"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "someone else changed this case") {
			t.Errorf("stale move: status %d, message %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		if now := c.caseNow(t, id); now.Status != casework.Screened {
			t.Errorf("a stale move went through: %s", now.Status)
		}
		checkPage(t, "case page after a conflict", r.Body)

		// Stage by stage, with the version the page carries.
		for _, to := range []string{"assessed", "plan_agreed", "assistance", "monitoring"} {
			r = b.Get(page)
			r = b.PostForm(page+"/move", url.Values{"version": {formInput(t, r.Body, "form-move", "version")}, "to": {to}, "note": {"Now " + to}})
			wantRedirect(t, "move to "+to, r, page)
		}
		if now := c.caseNow(t, id); now.Status != casework.Monitoring {
			t.Fatalf("after the moves: %s", now.Status)
		}

		// Closing needs a reason: the error is beside the reason, the note kept.
		r = b.Get(page)
		version := formInput(t, r.Body, "form-close", "version")
		r = b.PostForm(page+"/move", url.Values{"version": {version}, "to": {"closed"}, "reason": {""}, "note": {"Kept\nnote"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("closing without a reason: status %d, want 422", r.StatusCode)
		}
		root = parse(t, r.Body)
		if f := fieldAround(root, "close_reason"); !f.hasError || !strings.Contains(f.message, "choose why the case is closing") {
			t.Errorf("reason field: %+v", f)
		}
		if n := byID(root, "close_note"); n == nil || textOf(n) != "Kept note" {
			t.Errorf("the note typed was not kept")
		}
		checkPage(t, "closing without a reason", r.Body)
		if now := c.caseNow(t, id); now.Status != casework.Monitoring {
			t.Errorf("closed without a reason: %s", now.Status)
		}

		r = b.PostForm(page+"/move", url.Values{"version": {version}, "to": {"closed"}, "reason": {"support_completed"},
			"note": {"Business running.\n<b>Follow up</b> by phone."}})
		wantRedirect(t, "close", r, page)
		r = b.Get(page)
		v = c.caseNow(t, id)
		if v.Status != casework.Closed || v.ClosureReason != "support_completed" || v.ClosedOn == nil {
			t.Fatalf("closed: %+v", v.Case)
		}
		for _, want := range []string{"Case closed.", "Support completed", "Closed on", "Business running.\n&lt;b&gt;Follow up&lt;/b&gt; by phone."} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("closed case page lacks %q", want)
			}
		}
		if hasForm(t, r.Body, page+"/screenings") || byID(parse(t, r.Body), "form-move") != nil {
			t.Errorf("a closed case still offers moves or screening")
		}

		// A stale reopen is refused; the current one returns to monitoring.
		r = b.PostForm(page+"/reopen", url.Values{"version": {fmt.Sprint(v.Version - 1)}, "note": {"again"}})
		if r.StatusCode != http.StatusConflict {
			t.Errorf("stale reopen: %d", r.StatusCode)
		}
		if c.caseNow(t, id).Status != casework.Closed {
			t.Errorf("a stale reopen went through")
		}
		r = b.PostForm(page+"/reopen", url.Values{"version": {formInput(t, b.Get(page).Body, "form-reopen", "version")}, "note": {"Came back for help"}})
		wantRedirect(t, "reopen", r, page)
		if now := c.caseNow(t, id); now.Status != casework.Monitoring || now.ClosedOn != nil {
			t.Errorf("reopened: %s", now.Status)
		}

		// The history, newest first, says who did each step and when.
		r = b.Get(page)
		tl = timeline(t, r.Body)
		var kinds []string
		for _, ev := range tl {
			kinds = append(kinds, ev.kind)
			if !ev.timed || !strings.Contains(ev.text, "Rahima Begum Worker") && ev.kind != "assigned" {
				t.Errorf("history line %q does not say who and when", ev.text)
			}
		}
		want := "reopened status status status status status assigned note status screening opened"
		if got := strings.Join(kinds, " "); got != want {
			t.Errorf("history:\n got %s\nwant %s", got, want)
		}
		for i, w := range map[int]string{0: "From “Closed” to “Follow-up monitoring”", 1: "Support completed", 2: "From “Receiving assistance” to “Follow-up monitoring”",
			6: "Bilkis Nahar Manager", 7: "Visited at home.", 8: "From “Registered” to “Screened”", 10: "Opened at: Registered"} {
			if !strings.Contains(tl[i].text, w) {
				t.Errorf("history line %d %q lacks %q", i, tl[i].text, w)
			}
		}
		if !strings.Contains(tl[0].text, "Came back for help") {
			t.Errorf("the reopening note is missing: %q", tl[0].text)
		}

		// The same page in Bangla.
		b.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {page}})
		r = b.Get(page)
		checkPage(t, "case page in Bangla", r.Body)
		if htmlLang(parse(t, r.Body)) != "bn" || !strings.Contains(r.Body, "ফলো-আপ পর্যবেক্ষণ") || !strings.Contains(r.Body, "মোঃ আব্দুর রহিম") ||
			!strings.Contains(r.Body, "সহায়তা সম্পন্ন হয়েছে") {
			t.Errorf("the Bangla page lacks the Bangla status, name or closure reason")
		}
		r = b.PostForm(page+"/move", url.Values{"version": {formInput(t, r.Body, "form-close", "version")}, "to": {"closed"}})
		if f := fieldAround(parse(t, r.Body), "close_reason"); f.message != app.Translate("bn", "choose why the case is closing") || f.message == "choose why the case is closing" {
			t.Errorf("Bangla reason error: %q", f.message)
		}
	})
}

// ---- opening ----

// TestWebCaseOpenRefused: without consent, with a bad date or no project,
// beside an open case: the form says why and no case is opened.
func TestWebCaseOpenRefused(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		b := e.SignIn("bnsk.manager")
		count := func() int {
			rows, _, err := e.DB.ListCases(bg, c.pmActor(), store.CaseQuery{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			return len(rows)
		}

		// No consent to registration: a clear message and the way to fix it.
		nc := c.person(t, "BNSK", registry.Person{NameLatin: "Nasrin Akter"}, false)
		r := b.Get("/cases/new?person=" + nc.ID)
		checkPage(t, "new case without consent", r.Body)
		if !strings.Contains(r.Body, "Nasrin Akter has not consented to registration") || !slices.Contains(links(parse(t, r.Body)), "/people/"+nc.ID+"#consents") ||
			byID(parse(t, r.Body), "project_id") != nil {
			t.Errorf("the form for a person without consent does not send them to record it")
		}
		r = b.PostForm("/cases", url.Values{"person_id": {nc.ID}, "project_id": {c.project.ID}})
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "has not consented to registration") ||
			!slices.Contains(links(parse(t, r.Body)), "/people/"+nc.ID+"#consents") {
			t.Errorf("open without consent: status %d", r.StatusCode)
		}

		p := c.person(t, "BNSK", registry.Person{}, true)
		for _, tc := range []struct {
			name, field, message string
			form                 url.Values
		}{
			{"a date that is not a date", "opened_on", "year-month-day", url.Values{"project_id": {c.project.ID}, "opened_on": {"15/03/2025"}}},
			{"a date in the future", "opened_on", "the date is in the future", url.Values{"project_id": {c.project.ID}, "opened_on": {dhakaDay(3)}}},
			{"no project", "project_id", "choose an active project", url.Values{"project_id": {""}}},
			{"another organisation's worker", "assigned_to", "choose an active case worker", url.Values{"project_id": {c.project.ID},
				"assigned_to": {e.Users["warbe.worker"].ID}}},
		} {
			tc.form.Set("person_id", p.ID)
			r := b.PostForm("/cases", tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", tc.name, r.StatusCode)
			}
			root := parse(t, r.Body)
			if f := fieldAround(root, tc.field); !f.hasError || !strings.Contains(f.message, tc.message) {
				t.Errorf("%s: field %s: %+v", tc.name, tc.field, f)
			}
			if flashError(root) == "" {
				t.Errorf("%s: no summary above the form", tc.name)
			}
			checkPage(t, tc.name, r.Body)
		}
		if r := b.PostForm("/cases", url.Values{"person_id": {p.ID}, "project_id": {c.project.ID}, "opened_on": {"১৫/০৩/২০২৫"}}); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a date in Bangla digits in the wrong order: %d", r.StatusCode)
		}
		if n := count(); n != 0 {
			t.Fatalf("%d cases opened by refused forms", n)
		}

		// Bengali digits in the right order are a date.
		id := caseIDFrom(t, b.PostForm("/cases", url.Values{"person_id": {p.ID}, "project_id": {c.project.ID}, "opened_on": {"২০২৫-০৩-১৫"}}))
		if v := c.caseNow(t, id); v.OpenedOn.Format("2006-01-02") != "2025-03-15" || v.AssignedTo != "" {
			t.Errorf("opened on %s, assigned to %q", v.OpenedOn, v.AssignedTo)
		}
		// A second open case for the same person: the page points at the first.
		r = b.PostForm("/cases", url.Values{"person_id": {p.ID}, "project_id": {c.project.ID}})
		if r.StatusCode != http.StatusConflict || !slices.Contains(links(parse(t, r.Body)), "/cases/"+id) {
			t.Errorf("second open case: status %d", r.StatusCode)
		}
		if r := b.Get("/cases/new?person=" + p.ID); !slices.Contains(links(parse(t, r.Body)), "/cases/"+id) || byID(parse(t, r.Body), "project_id") != nil {
			t.Errorf("the form for a person with an open case does not point at it")
		}
		if n := count(); n != 1 {
			t.Errorf("%d cases, want 1", n)
		}
		// Without a person the form says where to start.
		if r := b.Get("/cases/new"); r.StatusCode != http.StatusOK || !slices.Contains(links(parse(t, r.Body)), "/people") {
			t.Errorf("new case without a person: %d", r.StatusCode)
		}
	})
}

// ---- the case page's forms ----

// TestWebCaseFormErrors: each form of the case page shows its mistakes
// beside its own fields, keeps what was typed, and saves nothing.
func TestWebCaseFormErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		cs := c.newCase(t, "BNSK")
		page := "/cases/" + cs.ID
		b := e.SignIn("bnsk.worker")
		version := fmt.Sprint(cs.Version)
		for _, tc := range []struct {
			name, path, field, message string
			form                       url.Values
			status                     int
			kept                       map[string]string // control id -> value
		}{
			{"empty note", "/notes", "note_body", "write the note", url.Values{"body": {"  "}}, 422, nil},
			{"task without a title", "/tasks", "task_title", "say what needs doing", url.Values{"title": {""}, "due_on": {"2031-01-02"}}, 422,
				map[string]string{"task_due": "2031-01-02"}},
			{"task with a bad date", "/tasks", "task_due", "year-month-day", url.Values{"title": {"Call the NGO"}, "due_on": {"next week"}}, 422,
				map[string]string{"task_title": "Call the NGO"}},
			{"task for another organisation's worker", "/tasks", "task_assignee", "choose an active case worker",
				url.Values{"title": {"Visit"}, "assigned_to": {e.Users["warbe.worker"].ID}}, 422, nil},
			{"debt that is not an amount", "/screenings", "scr_debt", "enter the amount in taka", url.Values{"debt_bdt": {"lots"},
				"indicators": {"no_income"}}, 422, map[string]string{"scr_debt": "lots"}},
			{"negative debt", "/screenings", "scr_debt", "debt cannot be negative", url.Values{"debt_bdt": {"-5"}}, 422, nil},
			{"unknown indicator", "/screenings", "scr_indicators", "choose indicators from the list", url.Values{"indicators": {"bad_luck"}}, 422, nil},
			{"screening in the future", "/screenings", "scr_date", "the date is in the future", url.Values{"assessed_on": {dhakaDay(2)}}, 422, nil},
			{"assign to another organisation's worker", "/assign", "assign_to", "choose an active case worker",
				url.Values{"version": {version}, "assigned_to": {e.Users["warbe.manager"].ID}}, 422, nil},
		} {
			r := b.PostForm(page+tc.path, tc.form)
			if r.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, r.StatusCode, tc.status)
			}
			root := parse(t, r.Body)
			if f := fieldAround(root, tc.field); !f.hasError || !strings.Contains(f.message, tc.message) {
				t.Errorf("%s: field %s: %+v", tc.name, tc.field, f)
			}
			for id, want := range tc.kept {
				if f := fieldAround(root, id); f.value != want {
					t.Errorf("%s: %s kept as %q, want %q", tc.name, id, f.value, want)
				}
			}
			checkPage(t, tc.name, r.Body)
		}
		// The ticked indicator is still ticked after a mistake elsewhere.
		r := b.PostForm(page+"/screenings", url.Values{"debt_bdt": {"lots"}, "indicators": {"disability"}, "notes": {"Kept notes"}})
		root := parse(t, r.Body)
		if n := byID(root, "scr_ind_disability"); n == nil || !hasAttr(n, "checked") {
			t.Errorf("the ticked indicator was lost")
		}
		if n := byID(root, "scr_ind_no_income"); n == nil || hasAttr(n, "checked") {
			t.Errorf("an indicator not ticked came back ticked")
		}
		if n := byID(root, "scr_notes"); n == nil || textOf(n) != "Kept notes" {
			t.Errorf("the notes were lost")
		}
		// A change that names no version is not made blindly.
		r = b.PostForm(page+"/move", url.Values{"to": {"screened"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "this page is out of date") {
			t.Errorf("move without a version: %d", r.StatusCode)
		}
		// A status that does not exist is named beside the moves.
		r = b.PostForm(page+"/move", url.Values{"version": {version}, "to": {"archived"}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "choose a status from the list") {
			t.Errorf("move to an unknown status: %d", r.StatusCode)
		}
		// Nothing was saved by any of these.
		v := c.caseNow(t, cs.ID)
		tasks, _ := e.DB.ListTasks(bg, c.pmActor(), cs.ID)
		screenings, _ := e.DB.ListScreenings(bg, c.pmActor(), cs.ID)
		events, _ := e.DB.CaseTimeline(bg, c.pmActor(), cs.ID)
		if v.Version != cs.Version || v.Status != casework.Registered || len(tasks)+len(screenings) != 0 || len(events) != 1 {
			t.Errorf("refused forms changed the case: v%d %s, %d tasks, %d screenings, %d events", v.Version, v.Status, len(tasks), len(screenings), len(events))
		}
	})
}

// TestWebCaseTasks: an overdue task flags the case until it is done; a
// second press of "done" is not an error; notes and assignments show.
func TestWebCaseTasks(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		cs := c.newCase(t, "BNSK")
		page := "/cases/" + cs.ID
		b := e.SignIn("bnsk.worker")
		manager := e.Users["bnsk.manager"]

		wantRedirect(t, "add an overdue task", b.PostForm(page+"/tasks", url.Values{"title": {"Collect the NID copy"}, "due_on": {dhakaDay(-3)},
			"assigned_to": {manager.ID}}), page)
		wantRedirect(t, "add a task", b.PostForm(page+"/tasks", url.Values{"title": {"Phone the family"}, "due_on": {dhakaDay(5)}}), page)
		r := b.Get(page)
		checkPage(t, "case with tasks", r.Body)
		flags := all(parse(t, r.Body), func(n *html.Node) bool { return hasClass(n, "case-flags") })
		if len(flags) != 1 || !strings.Contains(textOf(flags[0]), "A task is overdue") {
			t.Errorf("no overdue flag on the case")
		}
		overdue := all(parse(t, r.Body), func(n *html.Node) bool { return hasClass(n, "case-overdue") })
		if len(overdue) != 1 || !strings.Contains(textOf(overdue[0]), "Collect the NID copy") || !strings.Contains(textOf(overdue[0]), "Overdue") ||
			!strings.Contains(textOf(overdue[0]), "Bilkis Nahar Manager") {
			t.Errorf("the overdue task is not marked: %d rows", len(overdue))
		}
		tasks, err := e.DB.ListTasks(bg, c.pmActor(), cs.ID)
		if err != nil || len(tasks) != 2 {
			t.Fatalf("tasks: %v %v", tasks, err)
		}
		var late casework.Task
		for _, tk := range tasks {
			if tk.Title == "Collect the NID copy" {
				late = tk
			}
		}
		done := page + "/tasks/" + late.ID + "/done"
		if !hasForm(t, r.Body, done) {
			t.Fatalf("no done button for the task")
		}
		wantRedirect(t, "done", b.PostForm(done, nil), page)
		wantRedirect(t, "done again", b.PostForm(done, nil), page)
		r = b.Get(page)
		if strings.Contains(r.Body, "A task is overdue") || hasForm(t, r.Body, done) {
			t.Errorf("the done task still flags the case or offers the button")
		}
		if r := b.PostForm(page+"/tasks/"+store.NewID()+"/done", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("no such task: %d", r.StatusCode)
		}
		// Assign and unassign: the history says to whom.
		v := c.caseNow(t, cs.ID)
		wantRedirect(t, "assign", b.PostForm(page+"/assign", url.Values{"version": {fmt.Sprint(v.Version)}, "assigned_to": {manager.ID}}), page)
		r = b.Get(page)
		wantRedirect(t, "unassign", b.PostForm(page+"/assign", url.Values{"version": {formInput(t, r.Body, "form-assign", "version")}, "assigned_to": {""}}), page)
		tl := timeline(t, b.Get(page).Body)
		if len(tl) < 2 || !strings.Contains(tl[0].text, "No longer assigned") || !strings.Contains(tl[1].text, "Given to Bilkis Nahar Manager") {
			t.Errorf("assignments in the history: %+v", tl)
		}
		if c.caseNow(t, cs.ID).AssignedTo != "" {
			t.Errorf("still assigned")
		}
		// Someone without a full name is named by their username.
		plain := newUser(t, e, "BNSK", "bnsk.plain", app.RoleCaseWorker)
		wantRedirect(t, "assign to a user without a full name", b.PostForm(page+"/assign",
			url.Values{"version": {fmt.Sprint(c.caseNow(t, cs.ID).Version)}, "assigned_to": {plain.ID}}), page)
		summary := all(parse(t, b.Get(page).Body), byTag(atom.Dl))
		if len(summary) == 0 || !strings.Contains(textOf(summary[0]), "Assigned worker bnsk.plain") {
			t.Errorf("the assignee without a full name is not named on the case page")
		}
		if refs := listRefs(t, b.Get("/cases?assigned="+plain.ID).Body); !slices.Equal(refs, []string{cs.Reference}) {
			t.Errorf("list by the plain assignee: %v", refs)
		}
	})
}

// ---- scope ----

// TestWebCaseScope: a partner's worker never sees the other partner's
// cases, in the list or by address; the programme manager reads every
// organisation's cases and changes none; other roles see no cases at all.
func TestWebCaseScope(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		bp := c.person(t, "BNSK", registry.Person{NameLatin: "Bnsk Onlyperson"}, true)
		bc := c.openCase(t, "BNSK", bp.ID)
		wp := c.person(t, "WARBE", registry.Person{NameLatin: "Warbe Onlyperson"}, true)
		wc := c.openCase(t, "WARBE", wp.ID)

		w := e.SignIn("warbe.worker")
		r := w.Get("/cases?status=all")
		if refs := listRefs(t, r.Body); !slices.Equal(refs, []string{wc.Reference}) || strings.Contains(r.Body, "Bnsk Onlyperson") {
			t.Errorf("WARBE's list: %v", refs)
		}
		if r := w.Get("/cases?status=all&q=Onlyperson"); slices.Contains(listRefs(t, r.Body), bc.Reference) {
			t.Errorf("a search shows the other partner's case")
		}
		if r := w.Get("/cases/" + bc.ID); r.StatusCode != http.StatusNotFound || strings.Contains(r.Body, "Bnsk Onlyperson") {
			t.Errorf("WARBE worker opens a BNSK case: %d", r.StatusCode)
		}

		pm := e.SignIn("pm")
		r = pm.Get("/cases")
		checkPage(t, "programme manager's list", r.Body)
		if refs := listRefs(t, r.Body); len(refs) != 2 || !slices.Contains(refs, bc.Reference) || !slices.Contains(refs, wc.Reference) {
			t.Errorf("the programme manager's list: %v", refs)
		}
		if refs := listRefs(t, pm.Get("/cases?org="+e.Orgs["WARBE"].ID).Body); !slices.Equal(refs, []string{wc.Reference}) {
			t.Errorf("programme manager filtering by organisation: %v", refs)
		}
		r = pm.Get("/cases/" + bc.ID)
		if r.StatusCode != http.StatusOK || hasForm(t, r.Body, "/cases/"+bc.ID+"/move") || hasForm(t, r.Body, "/cases/"+bc.ID+"/notes") {
			t.Errorf("programme manager's case page: %d, or it offers changes", r.StatusCode)
		}
		checkPage(t, "programme manager's case page", r.Body)
		for _, path := range []string{"/move", "/notes", "/assign", "/reopen", "/tasks", "/screenings"} {
			r := pm.PostForm("/cases/"+bc.ID+path, url.Values{"version": {"1"}, "to": {"screened"}, "body": {"note"}, "title": {"t"}})
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("programme manager POST %s: %d", path, r.StatusCode)
			}
		}
		if v := c.caseNow(t, bc.ID); v.Version != bc.Version {
			t.Errorf("the programme manager changed a case")
		}
		for _, who := range []string{"viewer", "bnsk.enumerator", "admin"} {
			b := e.SignIn(who)
			for _, path := range []string{"/cases", "/cases/" + bc.ID, "/cases/new?person=" + bp.ID} {
				if r := b.Get(path); r.StatusCode != http.StatusForbidden || strings.Contains(r.Body, "Onlyperson") {
					t.Errorf("%s GET %s: %d", who, path, r.StatusCode)
				}
			}
		}
	})
}

// ---- the list ----

// TestWebCaseListFilters: each filter narrows the list to the cases it
// names, and a search finds a person by a Bangla or a Latin name.
func TestWebCaseListFilters(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		districts := refdata.Units(refdata.District)
		d1, d2 := districts[0].Pcode, districts[1].Pcode
		worker, manager := e.Users["bnsk.worker"], e.Users["bnsk.manager"]
		cw := c.actorOf("bnsk.worker")

		a := c.person(t, "BNSK", registry.Person{NameBn: "নাসরিন আক্তার", NameLatin: "Nasrin Akter", Sex: "female", District: d1}, true)
		bp := c.person(t, "BNSK", registry.Person{NameBn: "মোঃ আব্দুর রহিম", NameLatin: "Md. Abdur Rahim", Sex: "male", District: d2}, true)
		cp := c.person(t, "BNSK", registry.Person{NameBn: "শাহানা বেগম", NameLatin: "Shahana Begum", Sex: "female", District: d2}, true)
		ret := func(y int) *time.Time { d := time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC); return &d }
		for _, ep := range []registry.Episode{{PersonID: a.ID, Destination: "SA", ReturnDate: ret(2023)}, {PersonID: bp.ID, Destination: "MY", ReturnDate: ret(2024)}} {
			if _, err := e.DB.AddEpisode(bg, cw, ep); err != nil {
				t.Fatal(err)
			}
		}
		ca, cb, cc := c.openCase(t, "BNSK", a.ID), c.openCase(t, "BNSK", bp.ID), c.openCase(t, "BNSK", cp.ID)
		if _, err := e.DB.RecordScreening(bg, cw, ca.ID, casework.Screening{Indicators: []string{"exploitation_or_trafficking"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.RecordScreening(bg, cw, cb.ID, casework.Screening{}); err != nil {
			t.Fatal(err)
		}
		for id, u := range map[string]string{ca.ID: worker.ID, cb.ID: manager.ID} {
			if _, err := e.DB.AssignCase(bg, cw, id, c.caseNow(t, id).Version, u); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.DB.MoveCase(bg, cw, cc.ID, cc.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		A, B, C := ca.Reference, cb.Reference, cc.Reference

		b := e.SignIn("bnsk.worker")
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", []string{A, B}}, // open cases by default
			{"?status=all", []string{A, B, C}},
			{"?status=closed", []string{C}},
			{"?status=screened", []string{A, B}},
			{"?status=registered", nil},
			{"?priority=high", []string{A}},
			{"?priority=low", []string{B}},
			{"?assigned=" + worker.ID, []string{A}},
			{"?assigned=" + manager.ID, []string{B}},
			{"?assigned=none&status=all", []string{C}},
			{"?q=" + url.QueryEscape("নাসরিন"), []string{A}},
			{"?q=" + url.QueryEscape("রহিম"), []string{B}},
			{"?q=rahim", []string{B}},
			{"?q=" + url.QueryEscape("Nasrin Akter"), []string{A}},
			{"?q=begum&status=all", []string{C}},
			{"?q=nobody-like-this", nil},
			{"?sex=female&status=all", []string{A, C}},
			{"?sex=male", []string{B}},
			{"?district=" + d2 + "&status=all", []string{B, C}},
			{"?return_year=2023", []string{A}},
			{"?return_year=" + url.QueryEscape("২০২৪"), []string{B}},
			{"?destination=MY", []string{B}},
			{"?destination=MY&return_year=2023", nil},
			{"?sex=female&priority=high&assigned=" + worker.ID, []string{A}},
		} {
			r := b.Get("/cases" + tc.query)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d", tc.query, r.StatusCode)
				continue
			}
			got := listRefs(t, r.Body)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("/cases%s lists %v, want %v", tc.query, got, want)
			}
		}
		// Orders.
		if got := listRefs(t, b.Get("/cases?status=all&sort=name").Body); !slices.Equal(got, []string{B, A, C}) && !slices.Equal(got, []string{A, B, C}) {
			// sort names: Md. Abdur Rahim / Nasrin Akter / Shahana Begum, by the register's sort name
			t.Errorf("by name: %v", got)
		}
		if got := listRefs(t, b.Get("/cases?status=all&sort=priority").Body); len(got) != 3 || got[0] != A || got[1] != B {
			t.Errorf("by priority: %v", got)
		}
		if got := listRefs(t, b.Get("/cases?status=all&sort=reference").Body); !slices.Equal(got, []string{A, B, C}) {
			t.Errorf("by reference: %v", got)
		}
		// A year that is not a year is said beside the filter; the list stays.
		r := b.Get("/cases?return_year=soon")
		if f := fieldAround(parse(t, r.Body), "f-year"); r.StatusCode != http.StatusOK || !f.hasError || f.value != "soon" {
			t.Errorf("bad year: %d %+v", r.StatusCode, f)
		}
		// The list shows the columns, the priority in words.
		r = b.Get("/cases?priority=high")
		checkPage(t, "filtered list", r.Body)
		row := textOf(all(parse(t, r.Body), func(n *html.Node) bool { return hasClass(n, "case-list") })[0])
		for _, want := range []string{A, "Nasrin Akter", "High", "Rahima Begum Worker", "Screened", districts[0].NameEN} {
			if !strings.Contains(row, want) {
				t.Errorf("the list row lacks %q: %s", want, row)
			}
		}
		// "My cases" is the worker's own list.
		r = b.Get("/cases")
		if !slices.Contains(links(parse(t, r.Body)), "/cases?assigned="+worker.ID) {
			t.Errorf("no link to my cases")
		}
		// The filters keep their values, in Bangla too.
		b.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {"/cases"}})
		r = b.Get("/cases?status=all&q=" + url.QueryEscape("রহিম"))
		checkPage(t, "list in Bangla", r.Body)
		if f := fieldAround(parse(t, r.Body), "f-q"); f.value != "রহিম" || !strings.Contains(r.Body, "মোঃ আব্দুর রহিম") {
			t.Errorf("the Bangla list: search kept as %q", f.value)
		}
	})
}

// TestWebCaseListPages: the list is paged; the links keep the filters.
func TestWebCaseListPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := newCaseEnv(t, e)
		var refs []string
		for range 26 {
			refs = append(refs, c.newCase(t, "BNSK").Reference)
		}
		slices.Sort(refs)
		b := e.SignIn("bnsk.manager")
		r := b.Get("/cases?sort=reference&status=open")
		first := listRefs(t, r.Body)
		if !slices.Equal(first, refs[:25]) {
			t.Fatalf("first page: %d cases", len(first))
		}
		var next string
		for _, l := range links(parse(t, r.Body)) {
			if strings.Contains(l, "page=2") {
				next = l
			}
		}
		u, err := url.Parse(next)
		if err != nil || u.Query().Get("sort") != "reference" || u.Query().Get("status") != "open" {
			t.Fatalf("next link %q does not keep the filters", next)
		}
		r = b.Get(next)
		if got := listRefs(t, r.Body); !slices.Equal(got, refs[25:]) {
			t.Errorf("second page: %v", got)
		}
		prev := ""
		for _, l := range links(parse(t, r.Body)) {
			if strings.HasPrefix(l, "/cases?") && !strings.Contains(l, "page=") {
				prev = l
			}
		}
		if prev == "" || !strings.Contains(prev, "sort=reference") {
			t.Errorf("no previous link keeping the filters on page 2")
		}
	})
}

// ---- who may do what ----

// caseCell is one request of the cases access table.
type caseCell struct {
	t      *testing.T
	c      *caseEnv
	actor  string
	n      int
	caseID string // the case in the path
	taskID string // the task in the path
	person string // the person a new case is for
}

// caseAccessRoute is a row of the cases access table.
type caseAccessRoute struct {
	method, path string // {id}, {tid} and {person} are filled from the cell
	note         string
	setup        func(c *caseCell)
	form         func(c *caseCell) url.Values
	applied      func(c *caseCell) bool
	want         string // one outcome per column of matrixActors
}

func onCase(org string, prepare ...func(c *caseCell)) func(c *caseCell) {
	return func(c *caseCell) {
		c.caseID = c.c.newCase(c.t, org).ID
		for _, p := range prepare {
			p(c)
		}
	}
}

func closedCase(c *caseCell) {
	v := c.c.caseNow(c.t, c.caseID)
	if _, err := c.c.DB.MoveCase(bg, c.c.actorOf("bnsk.worker"), c.caseID, v.Version, casework.Transition{To: casework.Closed, Reason: "lost_contact"}); err != nil {
		c.t.Fatal(err)
	}
}

func withTask(c *caseCell) {
	tk, err := c.c.DB.AddTask(bg, c.c.actorOf("bnsk.worker"), c.caseID, casework.Task{Title: "matrix task"})
	if err != nil {
		c.t.Fatal(err)
	}
	c.taskID = tk.ID
}

func withVersion(extra ...string) func(c *caseCell) url.Values {
	return func(c *caseCell) url.Values {
		v := url.Values{"version": {fmt.Sprint(c.c.caseNow(c.t, c.caseID).Version)}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
}

func statusIs(s string) func(c *caseCell) bool {
	return func(c *caseCell) bool { return c.c.caseNow(c.t, c.caseID).Status == s }
}

func eventsOf(c *caseCell, kind string) int {
	events, err := c.c.DB.CaseTimeline(bg, c.c.pmActor(), c.caseID)
	if err != nil {
		c.t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

var caseAccessMatrix = []caseAccessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/cases"},
	{want: "SI    NO    NO    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/cases/new?person={person}", note: "BNSK person",
		setup: func(c *caseCell) { c.person = c.c.person(c.t, "BNSK", registry.Person{}, true).ID }},
	{want: "SI    NO    OK    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/cases/{id}", note: "BNSK case", setup: onCase("BNSK")},
	{want: "SI    NO    OK    NO    NF    NF    NO    OK    OK",
		method: "GET", path: "/cases/{id}", note: "WARBE case", setup: onCase("WARBE")},
	{want: "SI    NO    NF    NO    NF    NF    NO    NF    NF",
		method: "GET", path: "/cases/{id}", note: "no such case", setup: func(c *caseCell) { c.caseID = store.NewID() }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases", note: "BNSK person",
		setup: func(c *caseCell) { c.person = c.c.person(c.t, "BNSK", registry.Person{}, true).ID },
		form: func(c *caseCell) url.Values {
			return url.Values{"person_id": {c.person}, "project_id": {c.c.project.ID}}
		},
		applied: func(c *caseCell) bool {
			cases, err := c.c.DB.CasesOfPerson(bg, c.c.pmActor(), c.person)
			if err != nil {
				c.t.Fatal(err)
			}
			return len(cases) == 1
		}},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/move", note: "BNSK case, on to screened", setup: onCase("BNSK"),
		form: withVersion("to", "screened"), applied: statusIs(casework.Screened)},
	{want: "SI    NO    NO    NO    NF    NF    NO    GO    GO",
		method: "POST", path: "/cases/{id}/move", note: "WARBE case, closed", setup: onCase("WARBE"),
		form: withVersion("to", "closed", "reason", "re_migrated"), applied: statusIs(casework.Closed)},
	{want: "SI    NO    NO    NO    UE    UE    NO    NF    NF",
		method: "POST", path: "/cases/{id}/move", note: "closing without a reason", setup: onCase("BNSK"),
		form: withVersion("to", "closed"), applied: statusIs(casework.Closed)},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/reopen", note: "closed BNSK case", setup: onCase("BNSK", closedCase),
		form: withVersion("note", "back again"), applied: statusIs(casework.Registered)},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/assign", note: "to the BNSK manager", setup: onCase("BNSK"),
		form: func(c *caseCell) url.Values {
			return withVersion("assigned_to", c.c.Users["bnsk.manager"].ID)(c)
		},
		applied: func(c *caseCell) bool { return c.c.caseNow(c.t, c.caseID).AssignedTo == c.c.Users["bnsk.manager"].ID }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/notes", setup: onCase("BNSK"),
		form:    func(c *caseCell) url.Values { return url.Values{"body": {fmt.Sprintf("matrix note %d", c.n)}} },
		applied: func(c *caseCell) bool { return eventsOf(c, casework.EventNote) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/tasks", setup: onCase("BNSK"),
		form:    func(c *caseCell) url.Values { return url.Values{"title": {"matrix task"}, "due_on": {"2031-05-01"}} },
		applied: func(c *caseCell) bool { return eventsOf(c, casework.EventTask) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/tasks/{tid}/done", setup: onCase("BNSK", withTask),
		applied: func(c *caseCell) bool { return eventsOf(c, casework.EventTaskDone) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/screenings", setup: onCase("BNSK"),
		form:    func(*caseCell) url.Values { return url.Values{"indicators": {"no_income"}, "debt_bdt": {"120000"}} },
		applied: func(c *caseCell) bool { return eventsOf(c, casework.EventScreening) == 1 }},
}

// TestWebCaseRouteMatrix sends every case route as every actor, and checks
// the status, and that a change happened exactly when it was accepted.
func TestWebCaseRouteMatrix(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		ce := newCaseEnv(t, e)
		browsers := map[string]*servertest.Browser{}
		n := 0
		for _, rt := range caseAccessMatrix {
			name := rt.method + " " + rt.path
			if rt.note != "" {
				name += " (" + rt.note + ")"
			}
			want := outcomes(t, rt.want)
			for i, actor := range matrixActors {
				n++
				c := &caseCell{t: t, c: ce, actor: actor, n: n}
				if rt.setup != nil {
					rt.setup(c)
				}
				path := strings.NewReplacer("{id}", c.caseID, "{tid}", c.taskID, "{person}", c.person).Replace(rt.path)
				var f url.Values
				if rt.form != nil {
					f = rt.form(c)
				}
				b := browsers[actor]
				if b == nil {
					b = browser(e, actor)
					browsers[actor] = b
				}
				who := actor
				if who == "" {
					who = "anonymous"
				}
				r := send(e, b, rt.method, path, f, true, nil)
				switch {
				case want[i] == SI:
					wantRedirect(t, fmt.Sprintf("%s as %s", name, who), r, signinURL(path))
				case r.StatusCode != want[i]:
					t.Errorf("%s as %s: status %d, want %d", name, who, r.StatusCode, want[i])
				}
				if want[i] == GO && !strings.HasPrefix(r.Header.Get("Location"), "/cases/") {
					t.Errorf("%s as %s: sent to %q, want a case page", name, who, r.Header.Get("Location"))
				}
				if r.StatusCode == OK || r.StatusCode >= 400 {
					checkPage(t, name+" as "+who, r.Body)
				}
				if rt.applied != nil {
					if got, ok := rt.applied(c), want[i] == GO || want[i] == OK; got != ok {
						t.Errorf("%s as %s: change applied = %v, want %v", name, who, got, ok)
					}
				}
			}
		}
	})
}

// TestWebCaseMatrixCoversEveryRoute fails when internal/web/cases.go gains
// a route that the table above does not try.
func TestWebCaseMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../web/cases.go")
	if err != nil {
		t.Fatal(err)
	}
	routes := regexp.MustCompile(`mux\.HandleFunc\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 5 {
		t.Fatalf("found only %d routes in cases.go", len(routes))
	}
	tried := map[string]bool{}
	for _, rt := range caseAccessMatrix {
		path, _, _ := strings.Cut(rt.path, "?")
		tried[rt.method+" "+path] = true
	}
	for _, m := range routes {
		if !tried[m[1]+" "+m[2]] {
			t.Errorf("route %s %s has no row in the cases access table", m[1], m[2])
		}
	}
}
