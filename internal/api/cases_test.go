package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// caseMatrix is the access policy of the case routes.
func caseMatrix(w *regWorld) ([]regRow, []string) {
	e := w.e
	rahim := regRahim()
	rahim.NID = "1990123456780"
	rahim = w.person("bnsk.worker", rahim, true)
	c := w.openCase("bnsk.worker", rahim.ID)
	karim := w.person("warbe.worker", registry.Person{NameLatin: "Karim Uddin", Sex: "male"}, true)
	w.openCase("warbe.worker", karim.ID)
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	caseID := id(c.ID)
	rows := []regRow{
		{"list cases", "GET", "/cases", nil, readers(200), wantOrgs},
		{"list open BNSK cases", "GET", "/cases", func(string) regCall { return regCall{query: "status=open&org_id=" + e.Orgs["BNSK"].ID} },
			readers(200), func(t *testing.T, user string, r *resp) {
				if n := len(r.Items(t)); (n > 0) != !strings.HasPrefix(user, "warbe.") {
					t.Errorf("%s sees %d open BNSK cases", user, n)
				}
			}},
		{"open a case", "POST", "/cases", func(string) regCall {
			return regCall{body: jsonBody(map[string]string{"person_id": w.fresh("bnsk.worker").ID, "project_id": w.project.ID})}
		}, want(403, map[string]int{"bnsk.manager": 201, "bnsk.worker": 201, "warbe.manager": 422, "warbe.worker": 422}),
			func(t *testing.T, _ string, r *resp) {
				if jstr(r.JSON(t), "status") != "registered" || r.Header.Get("Location") != "/api/v1/cases/"+jstr(r.JSON(t), "id") {
					t.Errorf("opened %s", r.Body)
				}
			}},
		{"read a BNSK case", "GET", "/cases/{id}", func(string) regCall { return regCall{params: caseID} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if p, _ := r.JSON(t)["person"].(map[string]any); jstr(p, "id") != rahim.ID {
					t.Errorf("case view: %s", r.Body)
				}
			}},
		{"a person's cases", "GET", "/people/{id}/cases", func(string) regCall { return regCall{params: id(rahim.ID)} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != c.ID || jstr(items[0], "name_bn") != rahim.NameBn {
					t.Errorf("person's cases: %s", r.Body)
				}
			}},
		{"move a case", "POST", "/cases/{id}/transitions", func(string) regCall {
			return regCall{params: id(w.freshCase("bnsk.worker").ID), body: `{"to":"screened","version":1}`}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "status") != "screened" || jversion(r.JSON(t)) != 2 {
				t.Errorf("moved %s", r.Body)
			}
		}},
		{"assign a case", "PUT", "/cases/{id}/assignee", func(string) regCall {
			return regCall{params: id(w.freshCase("bnsk.worker").ID), body: jsonBody(map[string]any{"user_id": e.Users["bnsk.worker"].ID, "version": 1})}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "assigned_to") != e.Users["bnsk.worker"].ID {
				t.Errorf("assigned %s", r.Body)
			}
		}},
		{"read the timeline", "GET", "/cases/{id}/timeline", func(string) regCall { return regCall{params: caseID} }, readBNSK(200), nil},
		{"write a note", "POST", "/cases/{id}/notes", func(user string) regCall {
			return regCall{params: caseID, body: jsonBody(map[string]string{"body": "Visited by " + user})}
		}, writeBNSK(201), func(t *testing.T, user string, r *resp) {
			if j := r.JSON(t); jstr(j, "id") == "" || jstr(j, "kind") != "note" || jstr(j, "actor_name") != user {
				t.Errorf("note %s", r.Body)
			}
		}},
		{"list tasks", "GET", "/cases/{id}/tasks", func(string) regCall { return regCall{params: caseID} }, readBNSK(200), nil},
		{"add a task", "POST", "/cases/{id}/tasks", func(string) regCall {
			return regCall{params: caseID, body: `{"title":"Visit the family","due_on":"2030-01-01"}`}
		}, writeBNSK(201), nil},
		{"finish a task", "POST", "/cases/{id}/tasks/{task_id}/done", func(string) regCall {
			tk, err := e.DB.AddTask(regCtx, w.actor("bnsk.worker"), c.ID, casework.Task{Title: "Call back"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": c.ID, "task_id": tk.ID}}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if r.JSON(t)["done"] != true || r.JSON(t)["done_at"] == nil {
				t.Errorf("task %s", r.Body)
			}
		}},
		{"list screenings", "GET", "/cases/{id}/screenings", func(string) regCall { return regCall{params: caseID} }, readBNSK(200), nil},
		{"record a screening", "POST", "/cases/{id}/screenings", func(string) regCall {
			return regCall{params: caseID, body: `{"indicators":["no_income"]}`}
		}, writeBNSK(201), nil},
	}
	return rows, []string{rahim.NameLatin, rahim.NameBn, c.Reference}
}

func TestCaseRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newRegWorld(t, e)
		rows, secrets := caseMatrix(w)
		runMatrix(t, newAPI(t, e), rows, secrets)
	})
}

// From the project sheet to a closed and reopened case, entirely through
// the API, as a program would do it.
func TestCaseJourneyThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		pm, cw := e.Token("pm"), e.Token("bnsk.worker")
		bnsk := e.Orgs["BNSK"].ID
		ok := func(what string, r *resp, status int) map[string]any {
			t.Helper()
			if r.Status != status {
				t.Fatalf("%s: %d %s", what, r.Status, r.Body)
			}
			if r.Body == "" {
				return nil
			}
			return r.JSON(t)
		}

		// The programme manager adds the project with BNSK as partner.
		pr := ok("project", a.do(pm, "POST", "/projects", nil, "", jsonBody(map[string]any{"code": "lm.0379", "title": "REMA(K)ER",
			"start_date": "2019-07-01", "end_date": "2023-12-31", "budget_minor": 20_000_000, "currency": "usd",
			"fund": "IOM Development Fund", "partner_ids": []string{bnsk}})), 201)
		project := jstr(pr, "id")
		if jstr(pr, "code") != "LM.0379" || jstr(pr, "status") != "active" || jstr(pr, "currency") != "USD" || jstr(pr, "start_date") != "2019-07-01" {
			t.Errorf("project: %v", pr)
		}
		if items := a.do(cw, "GET", "/projects", nil, "open_to="+bnsk, "").Items(t); len(items) != 1 || jstr(items[0], "id") != project {
			t.Errorf("projects open to BNSK: %v", items)
		}
		if items := a.do(cw, "GET", "/projects", nil, "open_to="+e.Orgs["WARBE"].ID, "").Items(t); len(items) != 0 {
			t.Errorf("projects open to WARBE: %v", items)
		}

		// The case worker registers the returnee with consent.
		p := ok("register", a.do(cw, "POST", "/people", nil, "", jsonBody(map[string]any{"name_latin": "Md. Abdur Rahim",
			"name_bn": "মোঃ আব্দুর রহিম", "sex": "male", "birth_date": "1988-04-12", "phones": []string{"+880 1711-234567"},
			"nid": "1990123456789", "district": "BD2051", "village": "Char Alexander", "wg": map[string]int{"walking": 3},
			"consent": map[string]string{"method": "thumbprint", "given_on": "2024-01-10"}})), 201)
		person := map[string]string{"id": jstr(p, "id")}
		ok("episode", a.do(cw, "POST", "/people/{id}/episodes", person, "", jsonBody(map[string]any{"destination": "SA",
			"occupation_isco": "7112", "departure_date": "2018-03-01", "return_date": "2023-06-15", "cost_minor": 45_000_000,
			"financing": []string{"loan"}, "return_type": "lost_job"})), 201)
		h := ok("household", a.do(cw, "POST", "/people/{id}/household", person, "", `{"income_sources":["agriculture"]}`), 201)
		ok("member", a.do(cw, "POST", "/households/{id}/members", map[string]string{"id": jstr(h, "id")}, "",
			`{"name":"Rahima Khatun","relationship":"spouse","sex":"female","age":30,"dependant":true}`), 201)
		ok("skill", a.do(cw, "POST", "/people/{id}/skills", person, "", `{"isco":"7112","years":6}`), 201)

		// The case opens, registered.
		c := ok("open", a.do(cw, "POST", "/cases", nil, "", jsonBody(map[string]string{"person_id": person["id"], "project_id": project})), 201)
		cid := map[string]string{"id": jstr(c, "id")}
		if !regexp.MustCompile(`^BNSK-\d{4}-0001$`).MatchString(jstr(c, "reference")) || jstr(c, "status") != "registered" || c["priority"] != nil {
			t.Errorf("opened: %v", c)
		}
		if r := a.do(cw, "POST", "/cases", nil, "", jsonBody(map[string]string{"person_id": person["id"], "project_id": project})); r.Status != http.StatusConflict {
			t.Errorf("a second open case: %d %s", r.Status, r.Body)
		}

		// Screening sets the priority and moves the case to screened.
		s := ok("screening", a.do(cw, "POST", "/cases/{id}/screenings", cid, "",
			`{"indicators":["signs_of_distress","no_income","disability"],"debt_minor":50000000,"notes":"Owes the broker"}`), 201)
		if jstr(s, "priority") != "high" || s["score"] != float64(8) || len(s["indicators"].([]any)) != 4 {
			t.Errorf("screening: %v", s)
		}
		view := ok("read", a.do(cw, "GET", "/cases/{id}", cid, "", ""), 200)
		if jstr(view, "status") != "screened" || jstr(view, "priority") != "high" || jstr(view, "project_code") != "LM.0379" ||
			jstr(view, "org_code") != "BNSK" || jstr(view["person"].(map[string]any), "nid") != "1990123456789" ||
			fmt.Sprint(view["moves"]) != "[assessed registered closed]" {
			t.Errorf("case after screening: %v", view)
		}
		version := jversion(view)

		// Assignment, a task done, a note.
		c = ok("assign", a.do(cw, "PUT", "/cases/{id}/assignee", cid, "", jsonBody(map[string]any{"user_id": e.Users["bnsk.worker"].ID, "version": version})), 200)
		version = jversion(c)
		tk := ok("task", a.do(cw, "POST", "/cases/{id}/tasks", cid, "", `{"title":"Visit the family","due_on":"2030-01-31"}`), 201)
		if jstr(tk, "due_on") != "2030-01-31" || tk["done"] != false {
			t.Errorf("task: %v", tk)
		}
		ok("task done", a.do(cw, "POST", "/cases/{id}/tasks/{task_id}/done", map[string]string{"id": cid["id"], "task_id": jstr(tk, "id")}, "", ""), 200)
		if r := a.do(cw, "POST", "/cases/{id}/tasks/{task_id}/done", map[string]string{"id": cid["id"], "task_id": jstr(tk, "id")}, "", ""); r.Status != http.StatusConflict {
			t.Errorf("task done twice: %d %s", r.Status, r.Body)
		}
		note := ok("note", a.do(cw, "POST", "/cases/{id}/notes", cid, "", `{"body":"Met Rahim and his wife at home."}`), 201)
		if jstr(note, "id") == "" || jstr(note, "body") != "Met Rahim and his wife at home." {
			t.Errorf("note: %v", note)
		}

		// Along the lifecycle to closure, with a reason.
		for _, to := range []string{"assessed", "plan_agreed", "assistance", "monitoring"} {
			c = ok("move to "+to, a.do(cw, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": to, "version": version})), 200)
			if jstr(c, "status") != to || jversion(c) != version+1 {
				t.Errorf("move to %s: %v", to, c)
			}
			version = jversion(c)
		}
		wantFields(t, "closing without a reason", a.do(cw, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": "closed", "version": version})), "reason")
		c = ok("close", a.do(cw, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": "closed", "reason": "support_completed",
			"note": "Business running", "version": version})), 200)
		if jstr(c, "status") != "closed" || jstr(c, "closure_reason") != "support_completed" || c["closed_on"] == nil {
			t.Errorf("closed: %v", c)
		}
		version = jversion(c)
		if view := ok("read closed", a.do(cw, "GET", "/cases/{id}", cid, "", ""), 200); fmt.Sprint(view["moves"]) != "[reopen]" {
			t.Errorf("moves of a closed case: %v", view["moves"])
		}
		if r := a.do(cw, "POST", "/cases/{id}/screenings", cid, "", `{}`); r.Status != http.StatusConflict {
			t.Errorf("screening a closed case: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": "monitoring", "version": version})); r.Status != http.StatusConflict {
			t.Errorf("moving a closed case: %d %s", r.Status, r.Body)
		}
		wantFields(t, "reopen with a reason", a.do(cw, "POST", "/cases/{id}/transitions", cid, "",
			jsonBody(map[string]any{"to": "reopen", "reason": "deceased", "version": version})), "reason")

		// Reopening returns it to where it was.
		c = ok("reopen", a.do(cw, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": "reopen", "note": "Business failed", "version": version})), 200)
		if jstr(c, "status") != "monitoring" || c["closed_on"] != nil || c["closure_reason"] != nil {
			t.Errorf("reopened: %v", c)
		}

		var kinds []string
		for _, ev := range a.do(cw, "GET", "/cases/{id}/timeline", cid, "", "").Items(t) {
			kinds = append(kinds, jstr(ev, "kind"))
		}
		w := []string{"opened", "screening", "status", "assigned", "task", "task_done", "note", "status", "status", "status", "status", "status", "reopened"}
		if !slices.Equal(kinds, w) {
			t.Errorf("timeline %v\nwant     %v", kinds, w)
		}
		if items := a.do(cw, "GET", "/people/{id}/cases", person, "", "").Items(t); len(items) != 1 || jstr(items[0], "status") != "monitoring" {
			t.Errorf("the person's cases: %v", items)
		}
		if items := a.do(pm, "GET", "/cases", nil, "q=rahim", "").Items(t); len(items) != 1 || jstr(items[0], "assigned_name") == "" {
			t.Errorf("the programme manager's case list: %v", items)
		}
		// Every read of the case and the person is in the audit trail, by whom.
		for _, obj := range []string{"case&object_id=" + cid["id"], "person&object_id=" + person["id"]} {
			views := auditEntries(t, a, e.Token("admin"), "action=view&object_type="+obj)
			if len(views) == 0 || jstr(views[0], "actor_name") != "bnsk.worker" {
				t.Errorf("reads of %s audited: %v", obj, views)
			}
		}
		// The programme manager reads all of it and writes nothing.
		for _, r := range []*resp{
			a.do(pm, "GET", "/cases/{id}", cid, "", ""), a.do(pm, "GET", "/cases/{id}/timeline", cid, "", ""),
			a.do(pm, "GET", "/people/{id}", person, "", ""), a.do(pm, "GET", "/households/{id}", map[string]string{"id": jstr(h, "id")}, "", ""),
		} {
			if r.Status != 200 {
				t.Errorf("pm read: %d %s", r.Status, r.Body)
			}
		}
		for _, r := range []*resp{
			a.do(pm, "POST", "/cases/{id}/notes", cid, "", `{"body":"From Dhaka"}`),
			a.do(pm, "POST", "/cases/{id}/transitions", cid, "", jsonBody(map[string]any{"to": "assistance", "version": jversion(c)})),
			a.do(pm, "PATCH", "/people/{id}", person, "", `{"village":"X","version":1}`),
		} {
			if r.Status != 403 {
				t.Errorf("pm write: %d %s", r.Status, r.Body)
			}
		}
	})
}

func TestWithdrawnConsentBlocksOpeningACase(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		p := regCreated(t, a.do(cw, "POST", "/people", nil, "", jsonBody(map[string]any{"name_latin": "Shirin Akter", "sex": "female",
			"consent": map[string]string{"method": "verbal", "given_on": "2024-01-10"}})))
		person := map[string]string{"id": jstr(p, "id")}
		cons := a.do(cw, "GET", "/people/{id}/consents", person, "", "").Items(t)
		if len(cons) != 1 {
			t.Fatalf("consents: %v", cons)
		}
		r := a.do(cw, "POST", "/people/{id}/consents/{consent_id}/withdraw", map[string]string{"id": person["id"], "consent_id": jstr(cons[0], "id")},
			"", `{"note":"Does not want to be registered"}`)
		if r.Status != 200 || r.JSON(t)["active"] != false {
			t.Fatalf("withdraw: %d %s", r.Status, r.Body)
		}
		open := jsonBody(map[string]string{"person_id": person["id"], "project_id": w.project.ID})
		r = a.do(cw, "POST", "/cases", nil, "", open)
		if d := jstr(r.JSON(t), "detail"); r.Status != http.StatusForbidden || !strings.Contains(d, "consent") || !strings.Contains(d, "registration") {
			t.Errorf("opening without consent: %d %s", r.Status, r.Body)
		}
		a.Header = http.Header{"Accept-Language": {"bn"}}
		r = a.do(cw, "POST", "/cases", nil, "", open)
		a.Header = nil
		if d := jstr(r.JSON(t), "detail"); r.Status != http.StatusForbidden || !strings.Contains(d, "সম্মতি") {
			t.Errorf("in Bangla: %d %s", r.Status, r.Body)
		}
		if items := a.do(cw, "GET", "/people/{id}/cases", person, "", "").Items(t); len(items) != 0 {
			t.Errorf("a case was opened: %v", items)
		}
		// Consent given again: the case opens.
		regCreated(t, a.do(cw, "POST", "/people/{id}/consents", person, "", `{"purpose":"registration","method":"written","given_on":"2024-02-01"}`))
		regCreated(t, a.do(cw, "POST", "/cases", nil, "", open))
	})
}

func regCreated(t *testing.T, r *resp) map[string]any {
	t.Helper()
	if r.Status != http.StatusCreated {
		t.Fatalf("%d %s, want 201", r.Status, r.Body)
	}
	return r.JSON(t)
}

func TestCaseConflictsAndValidation(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw, mgr := e.Token("bnsk.worker"), e.Token("bnsk.manager")
		c := w.freshCase("bnsk.worker")
		cid := map[string]string{"id": c.ID}
		move := func(token string, body any) *resp {
			return a.do(token, "POST", "/cases/{id}/transitions", cid, "", jsonBody(body))
		}

		// Two people read version 1; the second move is stale and writes nothing.
		if r := move(cw, map[string]any{"to": "screened", "version": 1}); r.Status != 200 {
			t.Fatalf("move: %d %s", r.Status, r.Body)
		}
		r := move(mgr, map[string]any{"to": "closed", "reason": "lost_contact", "version": 1})
		if r.Status != http.StatusConflict || jstr(r.JSON(t), "code") != "conflict" {
			t.Errorf("stale move: %d %s", r.Status, r.Body)
		}
		if v := a.do(cw, "GET", "/cases/{id}", cid, "", "").JSON(t); jstr(v, "status") != "screened" || jversion(v) != 2 {
			t.Errorf("the stale move wrote something: %v", v)
		}
		if r := a.do(mgr, "PUT", "/cases/{id}/assignee", cid, "", jsonBody(map[string]any{"user_id": "", "version": 1})); r.Status != http.StatusConflict {
			t.Errorf("stale assignment: %d %s", r.Status, r.Body)
		}
		// Skipping ahead is not a move the lifecycle allows.
		if r := move(cw, map[string]any{"to": "assistance", "version": 2}); r.Status != http.StatusConflict {
			t.Errorf("skipping ahead: %d %s", r.Status, r.Body)
		}

		for name, c := range map[string]struct {
			body   any
			fields []string
		}{
			"no version":             {map[string]any{"to": "assessed"}, []string{"version"}},
			"version 0":              {map[string]any{"to": "assessed", "version": 0}, []string{"version"}},
			"unknown status":         {map[string]any{"to": "archived", "version": 2}, []string{"to"}},
			"no status":              {map[string]any{"version": 2}, []string{"to"}},
			"unknown reason":         {map[string]any{"to": "closed", "reason": "bored", "version": 2}, []string{"reason"}},
			"reason without closing": {map[string]any{"to": "assessed", "reason": "deceased", "version": 2}, []string{"reason"}},
		} {
			wantFields(t, "transition: "+name, move(cw, c.body), c.fields...)
		}
		assign := func(body any) *resp { return a.do(cw, "PUT", "/cases/{id}/assignee", cid, "", jsonBody(body)) }
		wantFields(t, "assign without user_id", assign(map[string]any{"version": 2}), "user_id")
		wantFields(t, "assign to WARBE", assign(map[string]any{"user_id": e.Users["warbe.worker"].ID, "version": 2}), "user_id")
		wantFields(t, "assign to the enumerator", assign(map[string]any{"user_id": e.Users["bnsk.enumerator"].ID, "version": 2}), "user_id")
		if r := assign(map[string]any{"user_id": e.Users["bnsk.manager"].ID, "version": 2}); r.Status != 200 || jstr(r.JSON(t), "assigned_to") != e.Users["bnsk.manager"].ID {
			t.Errorf("assign: %d %s", r.Status, r.Body)
		}
		if r := assign(map[string]any{"user_id": "", "version": 3}); r.Status != 200 || r.JSON(t)["assigned_to"] != nil {
			t.Errorf("unassign: %d %s", r.Status, r.Body)
		}

		other := w.fresh("bnsk.worker")
		for name, c := range map[string]struct {
			body   any
			fields []string
		}{
			"empty":               {map[string]any{}, []string{"person_id", "project_id"}},
			"unknown person":      {map[string]any{"person_id": "nobody", "project_id": w.project.ID}, []string{"person_id"}},
			"WARBE's person":      {map[string]any{"person_id": w.fresh("warbe.worker").ID, "project_id": w.project.ID}, []string{"person_id"}},
			"unknown project":     {map[string]any{"person_id": other.ID, "project_id": "nothing"}, []string{"project_id"}},
			"bad opening date":    {map[string]any{"person_id": other.ID, "project_id": w.project.ID, "opened_on": "01-02-2024"}, []string{"opened_on"}},
			"future opening date": {map[string]any{"person_id": other.ID, "project_id": w.project.ID, "opened_on": "2999-01-01"}, []string{"opened_on"}},
			"assigned to WARBE":   {map[string]any{"person_id": other.ID, "project_id": w.project.ID, "assigned_to": e.Users["warbe.worker"].ID}, []string{"assigned_to"}},
			"unknown field":       {map[string]any{"person_id": other.ID, "project_id": w.project.ID, "status": "assessed"}, []string{"status"}},
		} {
			wantFields(t, "open: "+name, a.do(cw, "POST", "/cases", nil, "", jsonBody(c.body)), c.fields...)
		}
		r = a.do(cw, "POST", "/cases", nil, "", jsonBody(map[string]any{"person_id": other.ID, "project_id": w.project.ID, "opened_on": "2025-01-15"}))
		if r.Status != 201 || jstr(r.JSON(t), "opened_on") != "2025-01-15" || !strings.Contains(jstr(r.JSON(t), "reference"), "-2025-") {
			t.Errorf("opened on a date: %d %s", r.Status, r.Body)
		}

		for name, c := range map[string]struct {
			path, body string
			fields     []string
		}{
			"empty note":         {"/cases/{id}/notes", `{"body":"  "}`, []string{"body"}},
			"empty task":         {"/cases/{id}/tasks", `{"title":""}`, []string{"title"}},
			"bad due date":       {"/cases/{id}/tasks", `{"title":"Call","due_on":"tomorrow"}`, []string{"due_on"}},
			"old due date":       {"/cases/{id}/tasks", `{"title":"Call","due_on":"2001-01-01"}`, []string{"due_on"}},
			"task for WARBE":     {"/cases/{id}/tasks", jsonBody(map[string]string{"title": "Call", "assigned_to": e.Users["warbe.worker"].ID}), []string{"assigned_to"}},
			"unknown indicator":  {"/cases/{id}/screenings", `{"indicators":["bad_luck"]}`, []string{"indicators"}},
			"negative debt":      {"/cases/{id}/screenings", `{"debt_minor":-1}`, []string{"debt_minor"}},
			"bad screening date": {"/cases/{id}/screenings", `{"assessed_on":"2024/01/01"}`, []string{"assessed_on"}},
			"future screening":   {"/cases/{id}/screenings", `{"assessed_on":"2999-01-01"}`, []string{"assessed_on"}},
		} {
			wantFields(t, name, a.do(cw, "POST", c.path, cid, "", c.body), c.fields...)
		}
		if r := a.do(cw, "POST", "/cases/{id}/tasks/{task_id}/done", map[string]string{"id": c.ID, "task_id": "nothing"}, "", ""); r.Status != 404 {
			t.Errorf("unknown task: %d %s", r.Status, r.Body)
		}
		// WARBE cannot see, so cannot touch.
		wt := e.Token("warbe.worker")
		for _, r := range []*resp{
			a.do(wt, "GET", "/cases/{id}", cid, "", ""), a.do(wt, "GET", "/cases/{id}/tasks", cid, "", ""),
			a.do(wt, "POST", "/cases/{id}/notes", cid, "", `{"body":"x"}`), move(wt, map[string]any{"to": "assessed", "version": 2}),
		} {
			if r.Status != 404 {
				t.Errorf("WARBE on a BNSK case: %d %s", r.Status, r.Body)
			}
		}
	})
}

func TestCaseListFiltersAndPaging(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		worker := w.actor("bnsk.worker")
		rahim := w.person("bnsk.worker", regRahim(), true)
		high := w.openCase("bnsk.worker", rahim.ID)
		if _, err := e.DB.RecordScreening(regCtx, worker, high.ID, casework.Screening{Indicators: []string{"exploitation_or_trafficking"}}); err != nil {
			t.Fatal(err)
		}
		assigned := w.freshCase("bnsk.worker")
		if _, err := e.DB.AssignCase(regCtx, worker, assigned.ID, 1, e.Users["bnsk.worker"].ID); err != nil {
			t.Fatal(err)
		}
		closed := w.freshCase("bnsk.worker")
		if _, err := e.DB.MoveCase(regCtx, worker, closed.ID, 1, casework.Transition{To: "closed", Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		w.freshCase("bnsk.worker")
		w.freshCase("warbe.worker")

		count := func(token, q string) int {
			t.Helper()
			r := a.do(token, "GET", "/cases", nil, q, "")
			if r.Status != 200 {
				t.Fatalf("cases?%s: %d %s", q, r.Status, r.Body)
			}
			return len(r.Items(t))
		}
		for q, n := range map[string]int{
			"": 4, "status=open": 3, "status=closed": 1, "status=screened": 1, "status=registered": 2, "priority=high": 1,
			"assigned_to=none": 3, "assigned_to=" + e.Users["bnsk.worker"].ID: 1, "q=rahim": 1, "q=01711234567": 1,
			"district=BD2051": 1, "sex=female": 3, "org_id=" + e.Orgs["WARBE"].ID: 0,
		} {
			if got := count(cw, q); got != n {
				t.Errorf("cases?%s: %d, want %d", q, got, n)
			}
		}
		if got := count(e.Token("pm"), ""); got != 5 {
			t.Errorf("pm sees %d cases, want 5", got)
		}
		if got := count(e.Token("pm"), "org_id="+e.Orgs["WARBE"].ID); got != 1 {
			t.Errorf("pm sees %d WARBE cases, want 1", got)
		}
		// Sorting by priority puts the high one first; by reference in order.
		if items := a.do(cw, "GET", "/cases", nil, "sort=priority", "").Items(t); jstr(items[0], "id") != high.ID {
			t.Errorf("priority order: %v", items[0])
		}
		var refs []string
		offset := ""
		for page := 0; page < 5; page++ {
			r := a.do(cw, "GET", "/cases", nil, "sort=reference&limit=3"+offset, "")
			for _, it := range r.Items(t) {
				refs = append(refs, jstr(it, "reference"))
			}
			next, ok := r.JSON(t)["next_offset"].(float64)
			if !ok {
				break
			}
			offset = fmt.Sprintf("&offset=%d", int(next))
		}
		if len(refs) != 4 || !slices.IsSorted(refs) {
			t.Errorf("paged by reference: %v", refs)
		}
		for q, f := range map[string]string{"status=archived": "status", "priority=urgent": "priority", "sort=random": "sort",
			"limit=500": "limit", "offset=x": "offset", "return_year=1800": "return_year", "district=XX": "district", "assigned=none": "assigned"} {
			wantFields(t, q, a.do(cw, "GET", "/cases", nil, q, ""), f)
		}
		for _, user := range []string{"admin", "viewer", "bnsk.enumerator"} {
			if r := a.do(e.Token(user), "GET", "/cases", nil, "", ""); r.Status != 403 {
				t.Errorf("%s lists cases: %d", user, r.Status)
			}
		}
	})
}
