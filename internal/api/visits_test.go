package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// Follow-up visits through the API. Due dates in the past come from
// scheduling through the store counting from a past date; nothing here
// depends on the time of day.

// visitToday is the date in Dhaka, the day the store counts in.
func visitToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func visitDay(t time.Time) string { return t.Format(time.DateOnly) }

// visitCase opens a case in user's organisation for a new person,
// assigned to assignee (a username, or "" for nobody).
func visitCase(w *regWorld, user, assignee string) casework.Case {
	w.t.Helper()
	n := store.NewCase{PersonID: w.fresh(user).ID, ProjectID: w.project.ID}
	if assignee != "" {
		n.AssignedTo = w.e.Users[assignee].ID
	}
	c, err := w.e.DB.OpenCase(regCtx, w.actor(user), n)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// visitSchedule schedules visits of a case through the store, months after from.
func visitSchedule(w *regWorld, user, caseID string, from time.Time, months ...int) []followup.Visit {
	w.t.Helper()
	vs, err := w.e.DB.ScheduleVisits(regCtx, w.actor(user), caseID, from, months)
	if err != nil {
		w.t.Fatal(err)
	}
	return vs
}

// visitOverdue gives a new case of user's organisation a visit ten or so
// days overdue (three months after a date 100 days ago) and returns it.
func visitOverdue(w *regWorld, user, assignee string) (casework.Case, followup.Visit) {
	w.t.Helper()
	c := visitCase(w, user, assignee)
	return c, visitSchedule(w, user, c.ID, visitToday().AddDate(0, 0, -100), 3)[0]
}

// visitMatrix is the access policy of the visit routes.
func visitMatrix(w *regWorld) ([]regRow, []string) {
	e := w.e
	bnskCase, _ := visitOverdue(w, "bnsk.worker", "bnsk.worker")
	visitSchedule(w, "bnsk.worker", bnskCase.ID, visitToday(), 6, 12)
	visitOverdue(w, "warbe.worker", "warbe.worker")
	person, err := e.DB.PersonByID(regCtx, w.actor("bnsk.worker"), bnskCase.PersonID)
	if err != nil {
		w.t.Fatal(err)
	}
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	// fresh is a scheduled visit nobody has touched, of a new BNSK case.
	fresh := func() followup.Visit {
		c := visitCase(w, "bnsk.worker", "bnsk.worker")
		return visitSchedule(w, "bnsk.worker", c.ID, visitToday(), 3)[0]
	}
	statusIs := func(status string) func(t *testing.T, _ string, r *resp) {
		return func(t *testing.T, user string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != status || jstr(j, "recorded_by") != user || jversion(j) != 2 {
				t.Errorf("%s: %s", user, r.Body)
			}
		}
	}
	rows := []regRow{
		{"due and overdue visits", "GET", "/visits", func(string) regCall { return regCall{query: "overdue=true"} }, readers(200),
			func(t *testing.T, user string, r *resp) {
				var orgs []string
				for _, it := range r.Items(t) {
					if o := jstr(it, "org_id"); !slices.Contains(orgs, o) {
						orgs = append(orgs, o)
					}
					if it["overdue"] != true {
						t.Errorf("%s: not overdue: %v", user, it)
					}
				}
				want := []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}
				if org, _, _ := strings.Cut(user, "."); org != "pm" {
					want = []string{e.Orgs[strings.ToUpper(org)].ID}
				}
				slices.Sort(orgs)
				slices.Sort(want)
				if !slices.Equal(orgs, want) {
					t.Errorf("%s sees the visits of %v, want %v", user, orgs, want)
				}
			}},
		{"a case's visits", "GET", "/cases/{id}/visits", func(string) regCall { return regCall{params: id(bnskCase.ID)} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if n := len(r.Items(t)); n != 3 {
					t.Errorf("%d visits: %s", n, r.Body)
				}
			}},
		{"schedule visits", "POST", "/cases/{id}/visits", func(string) regCall {
			return regCall{params: id(visitCase(w, "bnsk.worker", "").ID), body: `{"from":"2025-01-31","months":[1]}`}
		}, writeBNSK(201), func(t *testing.T, user string, r *resp) {
			items := r.Items(t)
			if len(items) != 1 || jstr(items[0], "due_on") != "2025-02-28" || jstr(items[0], "created_by") != user || items[0]["overdue"] != true {
				t.Errorf("scheduled %s", r.Body)
			}
		}},
		{"record a visit", "POST", "/visits/{id}/record", func(string) regCall {
			return regCall{params: id(fresh().ID), body: `{"findings":"The shop is open every day.","version":1}`}
		}, writeBNSK(200), statusIs(followup.Done)},
		{"miss a visit", "POST", "/visits/{id}/miss", func(string) regCall {
			return regCall{params: id(fresh().ID), body: `{"note":"Nobody at home.","version":1}`}
		}, writeBNSK(200), statusIs(followup.Missed)},
		{"cancel a visit", "POST", "/visits/{id}/cancel", func(string) regCall {
			return regCall{params: id(fresh().ID), body: `{"version":1}`}
		}, writeBNSK(200), statusIs(followup.Cancelled)},
	}
	return rows, []string{person.NameLatin, bnskCase.Reference}
}

func TestVisitRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		rows, secrets := visitMatrix(newRegWorld(t, e))
		runMatrix(t, newAPI(t, e), rows, secrets)
	})
}

// Every route tagged visits is in the matrix.
func TestVisitRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		rows, _ := visitMatrix(newRegWorld(t, e))
		covered := map[string]bool{}
		for _, r := range rows {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "visits" {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != len(rows) {
			t.Errorf("%d operations tagged visits, %d rows", mine, len(rows))
		}
	})
}

// visitApprovePlan has the BNSK worker draft and submit a plan for the
// case and the BNSK manager approve it.
func visitApprovePlan(w *regWorld, caseID string) {
	w.t.Helper()
	db, cw := w.e.DB, w.actor("bnsk.worker")
	p, err := db.DraftPlan(regCtx, cw, caseID, programme.Plan{Goals: "Feel at home again", Items: []programme.PlanItem{{
		Dimension: "psychosocial", Level: "individual", Type: "psychosocial_counselling", Description: "Six counselling sessions",
		Currency: programme.BDT, ResponsibleOrgID: w.e.Orgs["BNSK"].ID, TargetDate: visitToday().AddDate(0, 2, 0)}}})
	if err != nil {
		w.t.Fatal(err)
	}
	if p, err = db.SubmitPlan(regCtx, cw, p.ID, p.Version); err != nil {
		w.t.Fatal(err)
	}
	if _, err := db.ApprovePlan(regCtx, w.actor("bnsk.manager"), p.ID, p.Version); err != nil {
		w.t.Fatal(err)
	}
}

// TestVisitsThroughTheAPI: approving a first plan schedules the visits at
// 3, 6 and 12 months; the due and overdue lists per case worker and per
// organisation; recording a visit that calls for a plan revision adds the
// task; stale versions and bad input are refused and change nothing.
func TestVisitsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newRegWorld(t, e)
		a := newAPI(t, e)
		cw, mgr := e.Token("bnsk.worker"), e.Token("bnsk.manager")
		today := visitToday()
		items := func(r *resp) []map[string]any {
			t.Helper()
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			return r.Items(t)
		}
		dates := func(list []map[string]any) string {
			var out []string
			for _, it := range list {
				out = append(out, jstr(it, "due_on")+"/"+jstr(it, "status"))
			}
			return strings.Join(out, " ")
		}

		// The first approval schedules the follow-up.
		planned := visitCase(w, "bnsk.worker", "bnsk.worker")
		visitApprovePlan(w, planned.ID)
		list := items(a.do(cw, "GET", "/cases/{id}/visits", map[string]string{"id": planned.ID}, "", ""))
		want := fmt.Sprintf("%s/scheduled %s/scheduled %s/scheduled", visitDay(followup.AddMonths(today, 3)),
			visitDay(followup.AddMonths(today, 6)), visitDay(followup.AddMonths(today, 12)))
		if got := dates(list); got != want {
			t.Errorf("visits after approval: %s, want %s", got, want)
		}
		for _, it := range list {
			if jstr(it, "created_by") != "bnsk.manager" || it["overdue"] != false || jversion(it) != 1 {
				t.Errorf("scheduled visit %v", it)
			}
		}

		// Due and overdue: the worker's case X and the manager's case Y
		// each have a visit overdue; Y has one due in about ten days.
		x, xv := visitOverdue(w, "bnsk.worker", "bnsk.worker")
		y, yv := visitOverdue(w, "bnsk.worker", "bnsk.manager")
		ysoon := visitSchedule(w, "bnsk.manager", y.ID, today.AddDate(0, 0, -80), 3)[0]
		if !ysoon.DueOn.After(today) || ysoon.DueOn.After(today.AddDate(0, 0, 14)) {
			t.Fatalf("the test's dates drifted: due %s", visitDay(ysoon.DueOn))
		}
		warbeCase, _ := visitOverdue(w, "warbe.worker", "warbe.worker")
		ids := func(list []map[string]any) []string {
			var out []string
			for _, it := range list {
				out = append(out, jstr(it, "id"))
			}
			return out
		}
		byDue := func(vs ...followup.Visit) []string {
			slices.SortStableFunc(vs, func(p, q followup.Visit) int { return p.DueOn.Compare(q.DueOn) })
			var out []string
			for _, v := range vs {
				out = append(out, v.ID)
			}
			return out
		}
		worker, manager := e.Users["bnsk.worker"].ID, e.Users["bnsk.manager"].ID
		if got := ids(items(a.do(cw, "GET", "/visits", nil, "overdue=true&assigned_to="+worker, ""))); !slices.Equal(got, []string{xv.ID}) {
			t.Errorf("the worker's overdue visits: %v, want %v", got, []string{xv.ID})
		}
		orgOverdue := items(a.do(mgr, "GET", "/visits", nil, "overdue=true", ""))
		if got := ids(orgOverdue); !slices.Equal(got, byDue(xv, yv)) {
			t.Errorf("BNSK's overdue visits: %v", got)
		}
		for _, it := range orgOverdue {
			if it["overdue"] != true || jstr(it, "name_latin") == "" || !strings.HasPrefix(jstr(it, "case_reference"), "BNSK-") {
				t.Errorf("overdue row %v", it)
			}
		}
		if got := ids(items(a.do(mgr, "GET", "/visits", nil, "assigned_to="+manager, ""))); !slices.Equal(got, byDue(yv, ysoon)) {
			t.Errorf("the manager's due and overdue visits: %v", got)
		}
		if got := ids(items(a.do(mgr, "GET", "/visits", nil, "assigned_to="+manager+"&due_within=5", ""))); !slices.Equal(got, []string{yv.ID}) {
			t.Errorf("within 5 days: %v", got)
		}
		if got := items(a.do(e.Token("pm"), "GET", "/visits", nil, "overdue=true&org_id="+e.Orgs["WARBE"].ID, "")); len(got) != 1 || jstr(got[0], "case_id") != warbeCase.ID {
			t.Errorf("the programme manager's WARBE list: %v", got)
		}
		if got := items(a.do(e.Token("warbe.manager"), "GET", "/visits", nil, "overdue=true&org_id="+e.Orgs["BNSK"].ID, "")); len(got) != 0 {
			t.Errorf("WARBE lists BNSK's visits: %v", got)
		}
		for _, q := range []string{"due_within=0", "due_within=400", "limit=0", "overdue=maybe", "nearby=1"} {
			if r := a.do(mgr, "GET", "/visits", nil, q, ""); r.Status != 422 {
				t.Errorf("GET /visits?%s: %d %s", q, r.Status, r.Body)
			}
		}

		// Recording X's visit calls for a plan revision: a task appears.
		rec := func(token, id string, body any) *resp {
			return a.do(token, "POST", "/visits/{id}/record", map[string]string{"id": id}, "", jsonBody(body))
		}
		r := rec(cw, xv.ID, map[string]any{"findings": "The grant bought a sewing machine; she needs a second one.",
			"action": "plan_revision", "task_title": "Revise the plan: a second machine", "version": 1})
		if r.Status != 200 {
			t.Fatalf("record: %d %s", r.Status, r.Body)
		}
		done := r.JSON(t)
		if jstr(done, "status") != "done" || jstr(done, "action") != "plan_revision" || jstr(done, "done_on") != visitDay(today) ||
			jstr(done, "task_id") == "" || done["overdue"] != false || jversion(done) != 2 {
			t.Errorf("recorded %s", r.Body)
		}
		tasks := items(a.do(cw, "GET", "/cases/{id}/tasks", map[string]string{"id": x.ID}, "", ""))
		if len(tasks) != 1 || jstr(tasks[0], "id") != jstr(done, "task_id") || jstr(tasks[0], "title") != "Revise the plan: a second machine" ||
			jstr(tasks[0], "assigned_to") != worker {
			t.Errorf("the visit's task: %v", tasks)
		}
		if got := ids(items(a.do(cw, "GET", "/visits", nil, "overdue=true&assigned_to="+worker, ""))); len(got) != 0 {
			t.Errorf("still overdue after recording: %v", got)
		}
		if r := rec(cw, xv.ID, map[string]any{"findings": "Again", "version": 1}); r.Status != 409 {
			t.Errorf("stale version: %d %s", r.Status, r.Body)
		}
		if r := rec(cw, xv.ID, map[string]any{"findings": "Again", "version": 2}); r.Status != 409 {
			t.Errorf("recorded twice: %d %s", r.Status, r.Body)
		}

		// Bad input names the field, in Bangla when asked; nothing changes.
		target := visitSchedule(w, "bnsk.worker", y.ID, today, 2)[0]
		for _, c := range []struct {
			body  any
			field string
		}{
			{map[string]any{"findings": " ", "version": 1}, "findings"},
			{map[string]any{"findings": "x", "done_on": visitDay(today.AddDate(0, 0, 1)), "version": 1}, "done_on"},
			{map[string]any{"findings": "x", "done_on": "15/03/2025", "version": 1}, "done_on"},
			{map[string]any{"findings": "x", "action": "celebrate", "version": 1}, "action"},
			{map[string]any{"findings": "x"}, "version"},
			{map[string]any{"findings": "x", "version": 1, "mood": "good"}, "mood"},
		} {
			if r := rec(cw, target.ID, c.body); r.Status != 422 || r.Errors(t)[c.field] == nil {
				t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
			}
		}
		a.Header = http.Header{"Accept-Language": {"bn"}}
		bangla := app.Translate("bn", "write what the visit found")
		if r := rec(cw, target.ID, map[string]any{"findings": "", "version": 1}); r.Status != 422 || bangla == "write what the visit found" ||
			r.Errors(t)["findings"] != bangla {
			t.Errorf("in Bangla: %d %s", r.Status, r.Body)
		}
		a.Header = nil

		// Two people at once: the second, on the same version, is refused.
		note := func(path, token, id string, version int) *resp {
			return a.do(token, "POST", path, map[string]string{"id": id}, "", jsonBody(map[string]any{"note": "Away in Dhaka", "version": version}))
		}
		if r := note("/visits/{id}/miss", cw, target.ID, 1); r.Status != 200 || jstr(r.JSON(t), "status") != "missed" {
			t.Fatalf("miss: %d %s", r.Status, r.Body)
		}
		if r := note("/visits/{id}/cancel", mgr, target.ID, 1); r.Status != 409 {
			t.Errorf("cancel on a stale version: %d %s", r.Status, r.Body)
		}
		if r := note("/visits/{id}/miss", cw, target.ID, 2); r.Status != 409 {
			t.Errorf("missed twice: %d %s", r.Status, r.Body)
		}
		// A missed visit may still be recorded.
		if r := rec(cw, target.ID, map[string]any{"findings": "Met her the week after.", "version": 2}); r.Status != 200 ||
			jstr(r.JSON(t), "status") != "done" || jstr(r.JSON(t), "note") != "Away in Dhaka" {
			t.Errorf("record a missed visit: %d %s", r.Status, r.Body)
		}
		if r := note("/visits/{id}/cancel", cw, target.ID, 3); r.Status != 409 {
			t.Errorf("cancel a recorded visit: %d %s", r.Status, r.Body)
		}
		if r := note("/visits/{id}/miss", e.Token("warbe.worker"), yv.ID, 1); r.Status != 404 {
			t.Errorf("WARBE misses a BNSK visit: %d %s", r.Status, r.Body)
		}
		if r := note("/visits/{id}/miss", e.Token("pm"), yv.ID, 1); r.Status != 403 {
			t.Errorf("the programme manager misses a visit: %d %s", r.Status, r.Body)
		}

		// Scheduling by hand: the usual schedule, dates already taken
		// skipped, bad months and a closed case refused.
		sched := func(id, body string) *resp {
			return a.do(cw, "POST", "/cases/{id}/visits", map[string]string{"id": id}, "", body)
		}
		if r := sched(x.ID, `{}`); r.Status != 201 || len(r.Items(t)) != 3 || r.Header.Get("Location") != "/api/v1/cases/"+x.ID+"/visits" {
			t.Errorf("usual schedule: %d %s", r.Status, r.Body)
		}
		if r := sched(x.ID, fmt.Sprintf(`{"from":%q}`, visitDay(today))); r.Status != 201 || len(r.Items(t)) != 0 {
			t.Errorf("same dates again: %d %s", r.Status, r.Body)
		}
		if r := sched(x.ID, `{"months":[0,3]}`); r.Status != 422 || r.Errors(t)["months"] == nil {
			t.Errorf("0 months: %d %s", r.Status, r.Body)
		}
		if r := sched(x.ID, `{"from":"yesterday"}`); r.Status != 422 || r.Errors(t)["from"] == nil {
			t.Errorf("bad from: %d %s", r.Status, r.Body)
		}
		closed := visitCase(w, "bnsk.worker", "")
		if _, err := e.DB.MoveCase(regCtx, w.actor("bnsk.worker"), closed.ID, closed.Version, casework.Transition{To: casework.Closed,
			Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		if r := sched(closed.ID, `{}`); r.Status != 409 {
			t.Errorf("closed case: %d %s", r.Status, r.Body)
		}
	})
}
