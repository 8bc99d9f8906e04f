package server_test

// The follow-up visit screens: the visits tab of a case and the list of
// visits due and overdue, through the HTML forms on the real HTTP stack,
// on both databases.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// ---- fixtures ----

// visitToday is the date in Dhaka, the day the store counts in.
func visitToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// visitProject is the project the visit tests open cases in, made once
// per server.
func visitProject(t *testing.T, e *servertest.Env) store.Project {
	t.Helper()
	projects, err := e.DB.ListProjects(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		if p.Code == "LM.0379" {
			return p
		}
	}
	p, err := e.DB.CreateProject(bg, app.System, store.Project{Code: "LM.0379", Title: "REMA(K)ER", BudgetMinor: 20_000_000,
		PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// visitCase opens a case in org's for a new person named name, assigned
// to assignee (a username, "" for nobody), opened daysAgo days ago.
func visitCase(t *testing.T, e *servertest.Env, org, name, assignee string, daysAgo int) casework.Case {
	t.Helper()
	worker := strings.ToLower(org) + ".worker"
	p := addPerson(t, e, worker, registry.Person{NameLatin: name})
	n := store.NewCase{PersonID: p.ID, ProjectID: visitProject(t, e).ID, OpenedOn: visitToday().AddDate(0, 0, -daysAgo)}
	if assignee != "" {
		n.AssignedTo = e.Users[assignee].ID
	}
	c, err := e.DB.OpenCase(bg, e.Users[worker].Actor(), n)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// visitSchedule schedules visits months after from, as user.
func visitSchedule(t *testing.T, e *servertest.Env, user, caseID string, from time.Time, months ...int) []followup.Visit {
	t.Helper()
	vs, err := e.DB.ScheduleVisits(bg, e.Users[user].Actor(), caseID, from, months)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// visitsNow reads a case's visits as they are in the database.
func visitsNow(t *testing.T, e *servertest.Env, caseID string) []followup.Visit {
	t.Helper()
	vs, err := e.DB.VisitsOfCase(bg, pmActor(e), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// visitNow reads one visit.
func visitNow(t *testing.T, e *servertest.Env, caseID, id string) followup.Visit {
	t.Helper()
	for _, v := range visitsNow(t, e, caseID) {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("visit %s is gone", id)
	return followup.Visit{}
}

// visitApprovePlan has the BNSK worker draft and submit a plan and the
// BNSK manager approve it: the follow-up visits are scheduled.
func visitApprovePlan(t *testing.T, e *servertest.Env, caseID string) {
	t.Helper()
	cw := e.Users["bnsk.worker"].Actor()
	p, err := e.DB.DraftPlan(bg, cw, caseID, programme.Plan{Goals: "A steady income", Items: []programme.PlanItem{{
		Dimension: "psychosocial", Level: "individual", Type: "psychosocial_counselling", Description: "Counselling",
		Currency: programme.BDT, ResponsibleOrgID: e.Orgs["BNSK"].ID, TargetDate: visitToday().AddDate(0, 2, 0)}}})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.DB.SubmitPlan(bg, cw, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.ApprovePlan(bg, e.Users["bnsk.manager"].Actor(), p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
}

// ---- the access matrix ----

// visitTarget opens a case of org with a visit scheduled today: the cell
// targets the case and params name the visit (vid) and its version.
func visitTarget(org string) func(c *cell) string {
	return func(c *cell) string {
		k := visitCase(c.t, c.e, org, "Visit "+matrixWord(c.n), "", 0)
		return k.ID
	}
}

func visitParams(c *cell) map[string]string {
	v := visitSchedule(c.t, c.e, "bnsk.manager", c.target, visitToday(), 1)[0]
	return map[string]string{"vid": v.ID, "version": fmt.Sprint(v.Version)}
}

// visitStatusIs reports whether the cell's visit has status.
func visitStatusIs(status string) func(c *cell) bool {
	return func(c *cell) bool { return visitNow(c.t, c.e, c.target, c.params["vid"]).Status == status }
}

func visitVersionForm(kv ...string) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		f := url.Values{"version": {c.params["version"]}}
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
}

var visitAccessRows = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/visits"},
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/visits?within=30&worker=none", note: "filtered"},
	{want: "SI    NO    OK    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/cases/{id}/visits", note: "BNSK case", target: visitTarget("BNSK"), params: visitParams},
	{want: "SI    NO    OK    NO    NF    NF    NO    OK    OK",
		method: "GET", path: "/cases/{id}/visits", note: "WARBE case", target: visitTarget("WARBE")},
	{want: "SI    NO    NF    NO    NF    NF    NO    NF    NF",
		method: "GET", path: "/cases/{id}/visits", note: "no such case", target: targetMissing},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits", note: "BNSK case", target: visitTarget("BNSK"),
		form:    form("from", "2025-01-31", "months", "1"),
		applied: func(c *cell) bool { return len(visitsNow(c.t, c.e, c.target)) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits/{vid}/record", note: "BNSK visit", target: visitTarget("BNSK"), params: visitParams,
		form: visitVersionForm("findings", "All well", "action", "none"), applied: visitStatusIs(followup.Done)},
	{want: "SI    NO    NO    NO    UE    UE    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits/{vid}/record", note: "no findings", target: visitTarget("BNSK"), params: visitParams,
		form: visitVersionForm("findings", " "), applied: visitStatusIs(followup.Done)},
	{want: "SI    NO    NO    NO    NF    NF    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits/{vid}/record", note: "another case's visit", target: visitTarget("BNSK"),
		params: func(c *cell) map[string]string {
			other := visitCase(c.t, c.e, "BNSK", "Other "+matrixWord(c.n), "", 0)
			v := visitSchedule(c.t, c.e, "bnsk.worker", other.ID, visitToday(), 1)[0]
			return map[string]string{"vid": v.ID, "version": "1", "other": other.ID}
		},
		form: visitVersionForm("findings", "All well"),
		applied: func(c *cell) bool {
			return visitNow(c.t, c.e, c.params["other"], c.params["vid"]).Status != followup.Scheduled
		}},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits/{vid}/miss", note: "BNSK visit", target: visitTarget("BNSK"), params: visitParams,
		form: visitVersionForm("note", "Nobody at home"), applied: visitStatusIs(followup.Missed)},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/visits/{vid}/cancel", note: "BNSK visit", target: visitTarget("BNSK"), params: visitParams,
		form: visitVersionForm(), applied: visitStatusIs(followup.Cancelled)},
}

// TestWebVisitRouteMatrix sends every visit route as every actor.
func TestWebVisitRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, visitAccessRows)
}

func TestWebVisitMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	rows := slices.Clone(visitAccessRows)
	for i := range rows {
		rows[i].path, _, _ = strings.Cut(rows[i].path, "?")
	}
	matrixCovers(t, rows, "visits.go")
}

// ---- reading the pages ----

// visitItems returns the visits a tab shows: due date text, status badge
// text, and the item's whole text, by visit ID.
func visitItems(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, li := range all(parse(t, body), func(n *html.Node) bool { return hasClass(n, "visit-item") }) {
		out[strings.TrimPrefix(attr(li, "id"), "visit-")] = textOf(li)
	}
	return out
}

// visitListed returns the case references a list table shows, in order.
func visitListed(t *testing.T, body, table string) []string {
	t.Helper()
	tb := byID(parse(t, body), table)
	if tb == nil {
		return nil
	}
	var out []string
	for _, tr := range all(tb, byTag(atom.Tr)) {
		if tds := all(tr, byTag(atom.Td)); len(tds) > 1 {
			out = append(out, textOf(tds[1]))
		}
	}
	return out
}

// ---- the journey ----

// TestWebVisitJourney: a case worker's approved plan has scheduled its
// visits; an overdue visit shows on her list; she records it as calling
// for a plan revision and the task and the way to the plan appear; her
// mistakes are re-shown with the message at the field and her words
// kept; a visit changed meanwhile is a conflict that overwrites nothing.
func TestWebVisitJourney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		giveFullNames(t, e)
		today := visitToday()
		k := visitCase(t, e, "BNSK", "Md. Abdur Rahim", "bnsk.worker", 10)
		visitApprovePlan(t, e, k.ID)
		b := e.SignIn("bnsk.worker")
		tab := "/cases/" + k.ID + "/visits"

		r := b.Get(tab)
		if r.StatusCode != 200 {
			t.Fatalf("tab: %d", r.StatusCode)
		}
		checkPage(t, "visits tab", r.Body)
		scheduled := visitsNow(t, e, k.ID)
		if len(scheduled) != 3 {
			t.Fatalf("%d visits after approval", len(scheduled))
		}
		items := visitItems(t, r.Body)
		for i, m := range []int{3, 6, 12} {
			v := scheduled[i]
			if !v.DueOn.Equal(followup.AddMonths(today, m)) {
				t.Errorf("visit %d due %s, want %d months from today", i, v.DueOn, m)
			}
			if !strings.Contains(items[v.ID], i18n.Date("en", v.DueOn)) || !strings.Contains(items[v.ID], "Scheduled") {
				t.Errorf("visit %d shows %q", i, items[v.ID])
			}
		}
		if !hasForm(t, r.Body, tab) || !hasForm(t, r.Body, tab+"/"+scheduled[0].ID+"/record") {
			t.Error("the tab offers no forms to its case worker")
		}

		// An overdue visit: three months from 100 days ago.
		late := visitSchedule(t, e, "bnsk.worker", k.ID, today.AddDate(0, 0, -100), 3)[0]
		r = b.Get("/visits")
		checkPage(t, "visit list", r.Body)
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{k.Reference}) {
			t.Errorf("overdue list %q", got)
		}
		if !slices.Contains(links(parse(t, r.Body)), tab) {
			t.Errorf("the list does not lead to the case's visits")
		}

		// Mistakes: no findings, a date in the future.
		rec := tab + "/" + late.ID + "/record"
		r = b.PostForm(rec, url.Values{"version": {"1"}, "findings": {""}, "done_on": {today.AddDate(0, 0, 2).Format(time.DateOnly)},
			"action": {"plan_revision"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad record: %d", r.StatusCode)
		}
		checkPage(t, "bad record", r.Body)
		root := parse(t, r.Body)
		for id, want := range map[string]string{"vr-findings-" + late.ID: "write what the visit found", "vr-done-" + late.ID: "the visit date is in the future"} {
			if f := fieldAround(root, id); !f.hasError || f.message != want {
				t.Errorf("field %s: %+v", id, f)
			}
		}
		if n := byID(root, "vr-action-"+late.ID+"-plan_revision"); n == nil || !hasAttr(n, "checked") {
			t.Error("the chosen action is not kept")
		}
		if v := visitNow(t, e, k.ID, late.ID); v.Status != followup.Scheduled {
			t.Errorf("a refused record changed the visit: %+v", v)
		}

		// Recorded, calling for a plan revision.
		r = b.PostForm(rec, url.Values{"version": {"1"}, "findings": {"The shop is doing well; she wants to add a second machine."},
			"done_on": {today.Format(time.DateOnly)}, "action": {"plan_revision"}})
		wantRedirect(t, "record", r, tab)
		r = b.Get(tab)
		checkPage(t, "recorded", r.Body)
		root = parse(t, r.Body)
		if f := textOf(root); !strings.Contains(f, i18n.T("en", "visits.flash.recorded_plan_revision")) {
			t.Errorf("no flash saying what happened")
		}
		done := visitNow(t, e, k.ID, late.ID)
		if done.Status != followup.Done || done.Action != followup.ActionPlanRevision || done.TaskID == "" || done.RecordedBy != "bnsk.worker" {
			t.Fatalf("recorded %+v", done)
		}
		tasks, err := e.DB.ListTasks(bg, pmActor(e), k.ID)
		if err != nil || len(tasks) != 1 || tasks[0].ID != done.TaskID || tasks[0].Title != i18n.T("en", "visits.task_title.plan_revision") {
			t.Fatalf("the visit's task: %+v %v", tasks, err)
		}
		item := visitItems(t, r.Body)[late.ID]
		for _, want := range []string{"Done", "Rahima Begum Worker", "second machine", "Plan revision needed", tasks[0].Title, "Open the plan to revise it"} {
			if !strings.Contains(item, want) {
				t.Errorf("the recorded visit does not show %q: %s", want, item)
			}
		}
		if l := links(byID(root, "visit-"+late.ID)); !slices.Contains(l, "/cases/"+k.ID+"/plan") || !slices.Contains(l, "/cases/"+k.ID+"#tasks-heading") {
			t.Errorf("the recorded visit links to %q", l)
		}
		if hasForm(t, r.Body, rec) {
			t.Error("a recorded visit can still be recorded")
		}
		if got := visitListed(t, b.Get("/visits").Body, "visits-overdue"); len(got) != 0 {
			t.Errorf("still overdue: %q", got)
		}

		// Two people on one visit: the manager marks it missed; the
		// worker's page, opened before, records on the old version.
		next := scheduled[0]
		if _, err := e.DB.MissVisit(bg, e.Users["bnsk.manager"].Actor(), next.ID, next.Version, "Away in Dhaka"); err != nil {
			t.Fatal(err)
		}
		r = b.PostForm(tab+"/"+next.ID+"/cancel", url.Values{"version": {fmt.Sprint(next.Version)}, "note": {"No longer needed"}})
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("stale cancel: %d", r.StatusCode)
		}
		checkPage(t, "conflict", r.Body)
		if msg := flashError(parse(t, r.Body)); !strings.Contains(msg, "someone else changed this visit") {
			t.Errorf("conflict says %q", msg)
		}
		if f := fieldAround(parse(t, r.Body), "vc-note-"+next.ID); !strings.Contains(textOf(byID(parse(t, r.Body), "vc-note-"+next.ID)), "No longer needed") || !f.found {
			t.Error("the note typed is not kept")
		}
		if v := visitNow(t, e, k.ID, next.ID); v.Status != followup.Missed || v.Note != "Away in Dhaka" {
			t.Errorf("the conflict overwrote the visit: %+v", v)
		}

		// Scheduling by hand: bad months, then an extra visit.
		r = b.PostForm(tab, url.Values{"from": {"2025-01-31"}, "months": {"two"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad months: %d", r.StatusCode)
		}
		if f := fieldAround(parse(t, r.Body), "vs-months"); !f.hasError || f.value != "two" {
			t.Errorf("months field: %+v", f)
		}
		r = b.PostForm(tab, url.Values{"from": {"2025-01-31"}, "months": {"১"}})
		wantRedirect(t, "schedule", r, tab)
		if vs := visitsNow(t, e, k.ID); len(vs) != 5 || !vs[0].DueOn.Equal(time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("after scheduling: %d visits, first due %s", len(vs), vs[0].DueOn)
		}

		// A closed case offers no scheduling and refuses it.
		closed := visitCase(t, e, "BNSK", "Closed Case Person", "bnsk.worker", 0)
		if _, err := e.DB.MoveCase(bg, e.Users["bnsk.worker"].Actor(), closed.ID, closed.Version, casework.Transition{To: casework.Closed,
			Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		ctab := "/cases/" + closed.ID + "/visits"
		if r := b.Get(ctab); r.StatusCode != 200 || hasForm(t, r.Body, ctab) {
			t.Errorf("closed case tab: %d, schedule form shown %v", r.StatusCode, hasForm(t, r.Body, ctab))
		}
		if r := b.PostForm(ctab, url.Values{"months": {"3"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("schedule on a closed case: %d", r.StatusCode)
		}

		// The programme manager reads the tab without a form.
		if r := e.SignIn("pm").Get(tab); r.StatusCode != 200 || len(all(parse(t, r.Body), byTag(atom.Form))) != 2 {
			t.Errorf("programme manager's tab: %d, %d forms (the language switch and sign-out only)", r.StatusCode,
				len(all(parse(t, r.Body), byTag(atom.Form))))
		}
	})
}

// TestWebVisitListPerWorkerAndOrganisation: a case worker sees the visits
// of her own cases, her manager the organisation's with a filter by case
// worker, WARBE none of BNSK's.
func TestWebVisitListPerWorkerAndOrganisation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		giveFullNames(t, e)
		today := visitToday()
		mine := visitCase(t, e, "BNSK", "Worker Case Person", "bnsk.worker", 0)
		theirs := visitCase(t, e, "BNSK", "Manager Case Person", "bnsk.manager", 0)
		nobody := visitCase(t, e, "BNSK", "Unassigned Case Person", "", 0)
		for _, c := range []casework.Case{mine, theirs, nobody} {
			visitSchedule(t, e, "bnsk.worker", c.ID, today.AddDate(0, 0, -100), 3)
		}
		soon := visitSchedule(t, e, "bnsk.worker", mine.ID, today.AddDate(0, 0, -80), 3)[0]
		if !soon.DueOn.After(today) || soon.DueOn.After(today.AddDate(0, 0, 14)) {
			t.Fatalf("the test's dates drifted: %s", soon.DueOn)
		}
		warbe := visitCase(t, e, "WARBE", "Warbe Case Person", "warbe.worker", 0)
		visitSchedule(t, e, "warbe.worker", warbe.ID, today.AddDate(0, 0, -100), 3)

		r := e.SignIn("bnsk.worker").Get("/visits")
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{mine.Reference}) {
			t.Errorf("the worker's overdue visits: %q", got)
		}
		if got := visitListed(t, r.Body, "visits-due"); !slices.Equal(got, []string{mine.Reference}) {
			t.Errorf("the worker's visits due: %q", got)
		}
		if byID(parse(t, r.Body), "f-worker") != nil {
			t.Error("a case worker is offered other workers' lists")
		}
		if r := e.SignIn("bnsk.worker").Get("/visits?within=5"); len(visitListed(t, r.Body, "visits-due")) != 0 {
			t.Errorf("within 5 days: %q", visitListed(t, r.Body, "visits-due"))
		}

		mgr := e.SignIn("bnsk.manager")
		r = mgr.Get("/visits")
		got := visitListed(t, r.Body, "visits-overdue")
		slices.Sort(got)
		want := []string{mine.Reference, theirs.Reference, nobody.Reference}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("the organisation's overdue visits: %q, want %q", got, want)
		}
		if !strings.Contains(textOf(byID(parse(t, r.Body), "visits-overdue")), "Bilkis Nahar Manager") {
			t.Error("the manager's list does not name who each case is assigned to")
		}
		r = mgr.Get("/visits?worker=" + e.Users["bnsk.manager"].ID)
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{theirs.Reference}) {
			t.Errorf("filtered by the manager: %q", got)
		}
		r = mgr.Get("/visits?worker=none")
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{nobody.Reference}) {
			t.Errorf("unassigned: %q", got)
		}
		r = mgr.Get("/visits?within=lots")
		if r.StatusCode != http.StatusUnprocessableEntity || !fieldAround(parse(t, r.Body), "f-within").hasError {
			t.Errorf("bad look-ahead: %d", r.StatusCode)
		}
		checkPage(t, "bad look-ahead", r.Body)

		r = e.SignIn("warbe.manager").Get("/visits")
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{warbe.Reference}) {
			t.Errorf("WARBE's overdue visits: %q", got)
		}
		r = e.SignIn("pm").Get("/visits?org=" + e.Orgs["WARBE"].ID)
		if got := visitListed(t, r.Body, "visits-overdue"); !slices.Equal(got, []string{warbe.Reference}) {
			t.Errorf("the programme manager's WARBE list: %q", got)
		}
	})
}

// TestWebVisitsInBangla: the tab and the list in Bangla, with Bengali
// digits, and the task a visit adds written in Bangla.
func TestWebVisitsInBangla(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		u := e.Users["bnsk.worker"]
		if err := e.DB.SetLang(bg, u.ID, "bn"); err != nil {
			t.Fatal(err)
		}
		k := visitCase(t, e, "BNSK", "Md. Karim", "bnsk.worker", 0)
		v := visitSchedule(t, e, "bnsk.worker", k.ID, visitToday().AddDate(0, 0, -100), 3)[0]
		b := e.SignIn("bnsk.worker")
		tab := "/cases/" + k.ID + "/visits"
		r := b.Get(tab)
		checkPage(t, "bn tab", r.Body)
		root := parse(t, r.Body)
		if htmlLang(root) != "bn" || !strings.Contains(textOf(root), i18n.T("bn", "visits.tab_heading")) ||
			!strings.Contains(textOf(root), i18n.Date("bn", v.DueOn)) || !strings.Contains(textOf(root), i18n.T("bn", "visits.overdue")) {
			t.Errorf("the tab is not in Bangla: %.300s", textOf(root))
		}
		r = b.PostForm(tab+"/"+v.ID+"/record", url.Values{"version": {"1"}, "findings": {""}})
		if f := fieldAround(parse(t, r.Body), "vr-findings-"+v.ID); f.message != app.Translate("bn", "write what the visit found") {
			t.Errorf("the error in Bangla: %+v", f)
		}
		r = b.PostForm(tab+"/"+v.ID+"/record", url.Values{"version": {"1"}, "findings": {"ভালো আছেন"}, "action": {"new_assessment"}})
		wantRedirect(t, "record in Bangla", r, tab)
		tasks, err := e.DB.ListTasks(bg, pmActor(e), k.ID)
		if err != nil || len(tasks) != 1 || tasks[0].Title != i18n.T("bn", "visits.task_title.new_assessment") {
			t.Errorf("the task in Bangla: %+v %v", tasks, err)
		}
		r = b.Get("/visits")
		checkPage(t, "bn list", r.Body)
		if !strings.Contains(textOf(parse(t, r.Body)), i18n.T("bn", "visits.list_title")) {
			t.Error("the list is not in Bangla")
		}
	})
}
