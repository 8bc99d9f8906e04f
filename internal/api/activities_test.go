package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/capacity"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// activityWorld is the project of regWorld with community projects lines
// for BNSK (USD 2,000) and WARBE (USD 500), and taka rates of 110 from
// 2024-01-01 and 120 from 2024-06-01.
type activityWorld struct {
	*regWorld
	bnskLine, warbeLine programme.BudgetLine
}

func newActivityWorld(t *testing.T, e *servertest.Env) *activityWorld {
	t.Helper()
	w := &activityWorld{regWorld: newRegWorld(t, e)}
	pm := w.actor("pm")
	line := func(org string, cents int64) programme.BudgetLine {
		l, err := e.DB.CreateBudgetLine(regCtx, pm, programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs[org].ID,
			Category: programme.CommunityProjects, PlannedMinor: cents})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	w.bnskLine, w.warbeLine = line("BNSK", 200_000), line("WARBE", 50_000)
	for from, micro := range map[string]int64{"2024-01-01": 110_000_000, "2024-06-01": 120_000_000} {
		if _, err := e.DB.AddExchangeRate(regCtx, pm, programme.ExchangeRate{ValidFrom: *regDate(from), RateMicro: micro}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// initiative adds a BNSK initiative with a taka budget, moved on to status
// by the programme manager.
func (w *activityWorld) initiative(budget int64, status string) community.Initiative {
	w.t.Helper()
	in, err := w.e.DB.CreateCommunityInitiative(regCtx, w.actor("bnsk.worker"), community.Initiative{ProjectID: w.project.ID,
		OrgID: w.e.Orgs["BNSK"].ID, Title: "Tailoring cooperative", Kind: community.CollectiveBusiness, Upazila: "BD205133",
		StartsOn: *regDate("2024-03-01"), BudgetLineID: w.bnskLine.ID, BudgetMinor: budget, Currency: programme.BDT})
	if err != nil {
		w.t.Fatal(err)
	}
	steps := map[string][]string{community.Approved: {community.Approved}, community.Ongoing: {community.Approved, community.Ongoing}}[status]
	for _, to := range steps {
		if in, err = w.e.DB.MoveCommunityInitiative(regCtx, w.actor("pm"), in.ID, in.Version, to); err != nil {
			w.t.Fatal(err)
		}
	}
	return in
}

func (w *activityWorld) version(id string) int {
	in, err := w.e.DB.CommunityInitiativeByID(regCtx, w.actor("pm"), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return in.Version
}

func (w *activityWorld) event() capacity.Event {
	w.t.Helper()
	ev, err := w.e.DB.CreateCapacityEvent(regCtx, w.actor("bnsk.worker"), capacity.Event{ProjectID: w.project.ID, Topic: "Referral pathways",
		Kind: capacity.Workshop, Status: capacity.Held, StartsOn: *regDate("2024-02-14"), Place: "DEMO office, Lakshmipur"})
	if err != nil {
		w.t.Fatal(err)
	}
	return ev
}

func (w *activityWorld) eventVersion(id string) int {
	ev, err := w.e.DB.CapacityEventByID(regCtx, w.actor("pm"), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return ev.Version
}

// activityMatrix is the access policy of the community and capacity
// routes, on BNSK's records: every role reads; BNSK's managers and case
// workers, the programme manager and the administrator write; the linked
// returnees are read and linked like BNSK's people.
func activityMatrix(w *activityWorld) ([]regRow, []string) {
	e := w.e
	writers := func(ok int) map[string]int {
		return want(http.StatusForbidden, map[string]int{"admin": ok, "pm": ok, "bnsk.manager": ok, "bnsk.worker": ok})
	}
	shared := w.initiative(120_000, community.Ongoing)
	ev := w.event()
	person := w.person("bnsk.worker", registry.Person{NameLatin: "Kulsum Matrix Begum", Sex: "female"}, true)
	one := func(id string) map[string]string { return map[string]string{"id": id} }
	n := 0
	newInitiative := func(user string) regCall {
		n++
		return regCall{body: jsonBody(map[string]any{"project_id": w.project.ID, "org_id": e.Orgs["BNSK"].ID,
			"title": fmt.Sprintf("Awareness meeting %d", n), "kind": community.AwarenessEvent, "upazila": "BD205133",
			"starts_on": "2024-05-01", "budget_line_id": w.bnskLine.ID, "budget_minor": 60_000})}
	}
	return []regRow{
		{"list initiatives", "GET", "/community-initiatives", func(string) regCall { return regCall{query: "org_id=" + e.Orgs["BNSK"].ID} },
			want(200, nil), func(t *testing.T, _ string, r *resp) {
				if len(r.Items(t)) == 0 {
					t.Errorf("no initiatives: %s", r.Body)
				}
			}},
		{"add an initiative", "POST", "/community-initiatives", newInitiative, writers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "status") != community.Planned || jstr(m, "district") != "BD2051" || m["held_minor"] != float64(0) {
				t.Errorf("added %s", r.Body)
			}
		}},
		{"read an initiative", "GET", "/community-initiatives/{id}", func(string) regCall { return regCall{params: one(shared.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				// BDT 1,200 at 120 taka a dollar.
				if m := r.JSON(t); m["held_minor"] != float64(1_000) || m["committed_minor"] != float64(1_000) {
					t.Errorf("read %s", r.Body)
				}
				if strings.Contains(r.Body, "Kulsum") {
					t.Error("the initiative names a linked returnee")
				}
			}},
		{"change an initiative", "PATCH", "/community-initiatives/{id}", func(string) regCall {
			return regCall{params: one(shared.ID), body: jsonBody(map[string]any{"place": "Char Falcon bazar", "version": w.version(shared.ID)})}
		}, writers(200), nil},
		{"approve a budget", "POST", "/community-initiatives/{id}/status", func(string) regCall {
			in := w.initiative(12_000, community.Planned)
			return regCall{params: one(in.ID), body: jsonBody(map[string]any{"status": community.Approved, "version": in.Version})}
		}, want(403, map[string]int{"admin": 200, "pm": 200, "bnsk.manager": 200}), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "status") != community.Approved || m["held_minor"] != float64(100) {
				t.Errorf("approved %s", r.Body)
			}
		}},
		{"count participants", "PUT", "/community-initiatives/{id}/participants", func(string) regCall {
			return regCall{params: one(shared.ID), body: jsonBody(map[string]any{"version": w.version(shared.ID), "counts": []map[string]any{
				{"type": community.Returnee, "sex": "female", "group": "general", "people": 6},
				{"type": community.CommunityMember, "sex": "male", "group": "marma", "people": 2}}})}
		}, writers(200), func(t *testing.T, _ string, r *resp) {
			if tot, _ := r.JSON(t)["participant_totals"].(map[string]any); tot["all"] != float64(8) || tot["community_member"] != float64(2) {
				t.Errorf("totals %v", tot)
			}
		}},
		{"list expenses", "GET", "/community-initiatives/{id}/expenses", func(string) regCall { return regCall{params: one(shared.ID)} },
			want(200, nil), nil},
		{"record an expense", "POST", "/community-initiatives/{id}/expenses", func(string) regCall {
			return regCall{params: one(shared.ID), body: `{"spent_on":"2024-07-01","amount_minor":1200,"description":"tea for the meeting"}`}
		}, writers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["usd_minor"] != float64(10) || jstr(m, "currency") != programme.BDT {
				t.Errorf("expense %s", r.Body)
			}
		}},
		{"reverse an expense", "POST", "/community-initiatives/{id}/expenses/{expense_id}/reverse", func(string) regCall {
			x, err := e.DB.RecordCommunityExpense(regCtx, w.actor("bnsk.worker"), shared.ID, community.Expense{SpentOn: *regDate("2024-07-02"),
				AmountMinor: 2_400, Currency: programme.BDT, Description: "chairs"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": shared.ID, "expense_id": x.ID}, body: `{"reason":"entered twice"}`}
		}, writers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["amount_minor"] != float64(-2_400) || jstr(m, "description") != "entered twice" {
				t.Errorf("reversal %s", r.Body)
			}
		}},
		{"linked returnees", "GET", "/community-initiatives/{id}/people", func(user string) regCall {
			if err := e.DB.LinkCommunityPerson(regCtx, w.actor("bnsk.worker"), shared.ID, person.ID); err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: one(shared.ID)}
		}, readBNSK(200), func(t *testing.T, _ string, r *resp) {
			if items := r.Items(t); len(items) != 1 || jstr(items[0], "name_latin") != "Kulsum Matrix Begum" {
				t.Errorf("people %s", r.Body)
			}
		}},
		{"link a returnee", "POST", "/community-initiatives/{id}/people", func(string) regCall {
			in := w.initiative(0, community.Planned)
			return regCall{params: one(in.ID), body: jsonBody(map[string]any{"person_id": person.ID})}
		}, readBNSK(204), nil},
		{"unlink a returnee", "DELETE", "/community-initiatives/{id}/people/{person_id}", func(string) regCall {
			in := w.initiative(0, community.Planned)
			if err := e.DB.LinkCommunityPerson(regCtx, w.actor("bnsk.worker"), in.ID, person.ID); err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": in.ID, "person_id": person.ID}}
		}, readBNSK(204), nil},

		{"list events", "GET", "/capacity-events", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if len(r.Items(t)) == 0 {
				t.Errorf("no events: %s", r.Body)
			}
		}},
		{"add an event", "POST", "/capacity-events", func(string) regCall {
			return regCall{body: jsonBody(map[string]any{"project_id": w.project.ID, "org_id": e.Orgs["BNSK"].ID, "topic": "Reintegration basics",
				"kind": capacity.Training, "status": capacity.Held, "starts_on": "2024-04-10", "ends_on": "2024-04-11", "place": "BMET, Dhaka"})}
		}, writers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "org_code") != "BNSK" || jstr(m, "ends_on") != "2024-04-11" {
				t.Errorf("added %s", r.Body)
			}
		}},
		{"read an event", "GET", "/capacity-events/{id}", func(string) regCall { return regCall{params: one(ev.ID)} }, want(200, nil), nil},
		{"change an event", "PATCH", "/capacity-events/{id}", func(string) regCall {
			return regCall{params: one(ev.ID), body: jsonBody(map[string]any{"facilitator": "Shirin Akter", "version": w.eventVersion(ev.ID)})}
		}, writers(200), nil},
		{"record attendance", "PUT", "/capacity-events/{id}/attendance", func(string) regCall {
			return regCall{params: one(ev.ID), body: jsonBody(map[string]any{"version": w.eventVersion(ev.ID), "attendance": []map[string]any{
				{"org_id": e.Orgs["WARBE"].ID, "female": 2, "male": 1}, {"body": "BMET", "male": 3}}})}
		}, writers(200), func(t *testing.T, _ string, r *resp) {
			if tot, _ := r.JSON(t)["attendance_totals"].(map[string]any); tot["total"] != float64(6) {
				t.Errorf("attendance %s", r.Body)
			}
		}},
		{"record scores", "PUT", "/capacity-events/{id}/scores", func(string) regCall {
			return regCall{params: one(ev.ID), body: jsonBody(map[string]any{"version": w.eventVersion(ev.ID),
				"scores": []map[string]any{{"pre": 40, "post": 70}, {"pre": 55, "post": nil}}})}
		}, writers(200), nil},
		{"list actions", "GET", "/capacity-events/{id}/actions", func(string) regCall { return regCall{params: one(ev.ID)} }, want(200, nil), nil},
		{"add an action", "POST", "/capacity-events/{id}/actions", func(string) regCall {
			return regCall{params: one(ev.ID), body: `{"action":"Share the referral directory","owner":"DEMO Lakshmipur","due_on":"2024-03-31"}`}
		}, writers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["overdue"] != true || jstr(m, "status") != capacity.Open {
				t.Errorf("action %s", r.Body)
			}
		}},
		{"mark an action done", "PATCH", "/capacity-events/{id}/actions/{action_id}", func(string) regCall {
			x, err := e.DB.AddCapacityAction(regCtx, w.actor("bnsk.worker"), ev.ID, capacity.Action{Action: "Refresher", Owner: "BNSK",
				DueOn: *regDate("2024-03-31")})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": ev.ID, "action_id": x.ID}, body: `{"status":"done","version":1}`}
		}, writers(200), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["overdue"] != false || jstr(m, "done_on") == "" {
				t.Errorf("done %s", r.Body)
			}
		}},
	}, []string{"Kulsum"}
}

func TestActivityRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		rows, secrets := activityMatrix(newActivityWorld(t, e))
		runMatrix(t, newAPI(t, e), rows, secrets)
	})
}

// Every route tagged community or capacity is in the matrix.
func TestActivityRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		rows, _ := activityMatrix(newActivityWorld(t, e))
		covered := map[string]bool{}
		for _, r := range rows {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && (tags[0] == "community" || tags[0] == "capacity") {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != 21 {
			t.Errorf("%d operations tagged community or capacity, want 21", mine)
		}
	})
}

// TestCommunityMoneyThroughTheAPI: an initiative added, approved, spent
// and completed through the API, the project's budget figures against
// totals worked out by hand at each step, and every refusal.
func TestCommunityMoneyThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newActivityWorld(t, e)
		a := newAPI(t, e)
		cw, mgr := e.Token("bnsk.worker"), e.Token("bnsk.manager")
		line := func() map[string]any {
			r := a.do(e.Token("viewer"), "GET", "/projects/{id}/budget", map[string]string{"id": w.project.ID}, "", "")
			lines, _ := r.JSON(t)["lines"].([]any)
			for _, l := range lines {
				if m := l.(map[string]any); jstr(m, "line_id") == w.bnskLine.ID {
					return m
				}
			}
			t.Fatalf("no BNSK line: %s", r.Body)
			return nil
		}
		figures := func(committed, disbursed, remaining int64) {
			t.Helper()
			m := line()
			if m["committed_minor"] != float64(committed) || m["disbursed_minor"] != float64(disbursed) || m["remaining_minor"] != float64(remaining) {
				t.Errorf("BNSK community line %v; want committed %d disbursed %d remaining %d", m, committed, disbursed, remaining)
			}
		}
		add := func(body map[string]any) *resp {
			base := map[string]any{"project_id": w.project.ID, "title": "Harvest fair", "kind": community.SocialCohesionEvent,
				"upazila": "BD205133", "starts_on": "2024-03-01", "budget_line_id": w.bnskLine.ID, "budget_minor": 1_800_000}
			for k, v := range body {
				base[k] = v
			}
			return a.do(cw, "POST", "/community-initiatives", nil, "", jsonBody(base))
		}
		for field, body := range map[string]map[string]any{
			"title":          {"title": ""},
			"kind":           {"kind": "picnic"},
			"upazila":        {"upazila": "BD2051"},
			"union":          {"union": "BD20514347"},
			"starts_on":      {"starts_on": "01/03/2024"},
			"budget_minor":   {"budget_minor": "lots"},
			"budget_line_id": {"budget_line_id": w.warbeLine.ID},
			"currency":       {"currency": "EUR"},
		} {
			if r := add(body); r.Status != 422 || r.Errors(t)[field] == nil {
				t.Errorf("bad %s: %d %s", field, r.Status, r.Body)
			}
		}
		r := add(nil)
		if r.Status != 201 {
			t.Fatalf("add: %d %s", r.Status, r.Body)
		}
		id := jstr(r.JSON(t), "id")
		one := map[string]string{"id": id}
		figures(0, 0, 200_000)

		// BDT 18,000 at today's 120 = USD 150.00 held.
		if r := a.do(cw, "POST", "/community-initiatives/{id}/status", one, "", `{"status":"approved","version":1}`); r.Status != 403 {
			t.Errorf("a case worker approving: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "POST", "/community-initiatives/{id}/status", one, "", `{"status":"completed","version":1}`); r.Status != 409 {
			t.Errorf("completing a planned initiative: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "POST", "/community-initiatives/{id}/status", one, "", `{"status":"approved","version":1}`); r.Status != 200 || r.JSON(t)["held_minor"] != float64(15_000) {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		figures(15_000, 0, 185_000)
		if r := a.do(cw, "PATCH", "/community-initiatives/{id}", one, "", `{"budget_minor":1,"version":1}`); r.Status != 409 {
			t.Errorf("a stale change: %d %s", r.Status, r.Body)
		}
		// Raising it to BDT 240,012 (USD 2,000.10, more than the whole line) is refused; to BDT 24,000 (USD 200.00) it fits.
		if r := a.do(cw, "PATCH", "/community-initiatives/{id}", one, "", `{"budget_minor":24001200,"version":2}`); r.Status != 409 ||
			!strings.Contains(jstr(r.JSON(t), "detail"), "no money left for this initiative") {
			t.Errorf("past the line: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "PATCH", "/community-initiatives/{id}", one, "", `{"budget_minor":2400000,"version":2}`); r.Status != 200 || r.JSON(t)["held_minor"] != float64(20_000) {
			t.Fatalf("raise: %d %s", r.Status, r.Body)
		}
		figures(20_000, 0, 180_000)

		// Expenses: BDT 11,000 on 10 March at 110 = USD 100.00; refusals named.
		spend := func(body string) *resp {
			return a.do(cw, "POST", "/community-initiatives/{id}/expenses", one, "", body)
		}
		if r := spend(`{"spent_on":"2024-03-10","amount_minor":1100000,"description":"stalls","vendor":"Char Falcon decorators"}`); r.Status != 201 ||
			r.JSON(t)["usd_minor"] != float64(10_000) || r.JSON(t)["rate_micro"] != float64(110_000_000) {
			t.Fatalf("expense: %d %s", r.Status, r.Body)
		}
		for what, c := range map[string]struct {
			body   string
			status int
			field  string
		}{
			"above the budget": {`{"spent_on":"2024-07-01","amount_minor":1300001,"description":"prizes"}`, 409, "amount_minor"},
			"in dollars":       {`{"spent_on":"2024-07-01","amount_minor":100,"currency":"USD","description":"prizes"}`, 422, "currency"},
			"no description":   {`{"spent_on":"2024-07-01","amount_minor":100}`, 422, "description"},
			"a bad date":       {`{"spent_on":"July","amount_minor":100,"description":"prizes"}`, 422, "spent_on"},
		} {
			if r := spend(c.body); r.Status != c.status || r.Errors(t)[c.field] == nil {
				t.Errorf("%s: %d %s", what, r.Status, r.Body)
			}
		}
		figures(20_000, 10_000, 180_000)
		// Completed: it holds what it spent (USD 100.00); the rest goes back.
		if r := a.do(cw, "POST", "/community-initiatives/{id}/status", one, "", `{"status":"completed","version":3}`); r.Status != 200 {
			t.Fatalf("complete: %d %s", r.Status, r.Body)
		}
		figures(10_000, 10_000, 190_000)
		if r := a.do(cw, "PATCH", "/community-initiatives/{id}", one, "", `{"budget_minor":1,"version":4}`); r.Status != 422 || r.Errors(t)["budget_minor"] == nil {
			t.Errorf("changing a settled budget: %d %s", r.Status, r.Body)
		}

		// Participants: a bad group named; counts read back in order.
		if r := a.do(cw, "PUT", "/community-initiatives/{id}/participants", one, "",
			`{"version":4,"counts":[{"type":"returnee","sex":"female","group":"martian","people":1}]}`); r.Status != 422 || r.Errors(t)["participants"] == nil {
			t.Errorf("a bad group: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PUT", "/community-initiatives/{id}/participants", one, "",
			`{"version":4,"counts":[{"type":"community_member","sex":"male","group":"general","people":3},{"type":"returnee","sex":"female","group":"chakma","people":1}]}`)
		if r.Status != 200 {
			t.Fatalf("counts: %d %s", r.Status, r.Body)
		}
		parts, _ := r.JSON(t)["participants"].([]any)
		if len(parts) != 2 || jstr(parts[0].(map[string]any), "type") != community.Returnee {
			t.Errorf("participants in order: %v", parts)
		}
		list := a.do(e.Token("warbe.worker"), "GET", "/community-initiatives", nil, "status=completed&project_id="+w.project.ID, "")
		if items := list.Items(t); len(items) != 1 || items[0]["participants_total"] != float64(4) || items[0]["held_minor"] != float64(10_000) {
			t.Errorf("list: %s", list.Body)
		}
		if r := a.do(cw, "GET", "/community-initiatives", nil, "kind=picnic", ""); r.Status != 422 || r.Errors(t)["kind"] == nil {
			t.Errorf("a bad filter: %d %s", r.Status, r.Body)
		}
	})
}

// TestCapacityThroughTheAPI: an event, its attendance, scores and actions,
// with refusals naming the row and field.
func TestCapacityThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newActivityWorld(t, e)
		a := newAPI(t, e)
		cw := e.Token("bnsk.worker")
		future := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
		r := a.do(cw, "POST", "/capacity-events", nil, "", jsonBody(map[string]any{"project_id": w.project.ID, "topic": "Reintegration basics",
			"kind": capacity.Training, "status": capacity.Held, "starts_on": future, "place": "BMET, Dhaka"}))
		if r.Status != 422 || r.Errors(t)["status"] == nil {
			t.Errorf("held in the future: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/capacity-events", nil, "", jsonBody(map[string]any{"project_id": w.project.ID, "topic": "Reintegration basics",
			"kind": capacity.Training, "starts_on": future, "place": "BMET, Dhaka", "district": "BD3026"}))
		if r.Status != 201 || jstr(r.JSON(t), "status") != capacity.Planned {
			t.Fatalf("add: %d %s", r.Status, r.Body)
		}
		one := map[string]string{"id": jstr(r.JSON(t), "id")}
		r = a.do(cw, "PUT", "/capacity-events/{id}/attendance", one, "",
			`{"version":1,"attendance":[{"body":"BMET","male":2},{"body":"bmet","female":1},{"org_id":"nope","male":1}]}`)
		if r.Status != 422 || r.Errors(t)["attendance.1.body"] == nil {
			t.Errorf("a body twice: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PUT", "/capacity-events/{id}/attendance", one, "", `{"version":1,"attendance":[{"org_id":"nope","male":1}]}`)
		if r.Status != 422 || r.Errors(t)["attendance.0.org_id"] == nil {
			t.Errorf("an unknown organisation: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PUT", "/capacity-events/{id}/scores", one, "", `{"version":1,"scores":[{"pre":40,"post":70},{"pre":101,"post":null}]}`)
		if r.Status != 422 || r.Errors(t)["scores.1.pre"] == nil {
			t.Errorf("a score over 100: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PUT", "/capacity-events/{id}/scores", one, "",
			`{"version":1,"scores":[{"pre":40,"post":70},{"pre":55,"post":60},{"pre":60,"post":55},{"pre":80,"post":null},{"pre":null,"post":90}]}`)
		if r.Status != 200 {
			t.Fatalf("scores: %d %s", r.Status, r.Body)
		}
		sum, _ := r.JSON(t)["score_summary"].(map[string]any)
		if sum["mean_pre"] != 58.8 || sum["mean_post"] != 68.8 || sum["mean_change"] != float64(10) || sum["improved"] != float64(2) || sum["pairs"] != float64(3) {
			t.Errorf("summary %v", sum)
		}
		if r := a.do(cw, "PUT", "/capacity-events/{id}/scores", one, "", `{"version":1,"scores":[]}`); r.Status != 409 {
			t.Errorf("stale scores: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/capacity-events/{id}/actions", one, "", `{"action":"","owner":"BNSK","due_on":"tomorrow"}`); r.Status != 422 ||
			r.Errors(t)["due_on"] == nil {
			t.Errorf("a bad action: %d %s", r.Status, r.Body)
		}
		if r := a.do(e.Token("warbe.manager"), "POST", "/capacity-events/{id}/actions", one, "", `{"action":"x","owner":"y","due_on":"2024-01-01"}`); r.Status != 403 {
			t.Errorf("WARBE adding BNSK's action: %d %s", r.Status, r.Body)
		}
		r = a.do(e.Token("viewer"), "GET", "/capacity-events", nil, "org_id="+e.Orgs["BNSK"].ID+"&status=planned", "")
		if items := r.Items(t); len(items) != 1 || !slices.Contains([]string{"BNSK"}, jstr(items[0], "org_code")) {
			t.Errorf("list: %s", r.Body)
		}
	})
}
