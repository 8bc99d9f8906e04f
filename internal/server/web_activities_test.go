package server_test

// Community initiatives and capacity-building events in the HTML
// interface (internal/web/activities.go): who may open and do what, form
// errors that name the field and write nothing, the budget line's figures,
// Bangla pages, and counts shown without names.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/capacity"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// activityFixture is what the activity pages need: the project with
// community projects lines for BNSK (USD 5,000) and WARBE (USD 1,000),
// and the taka rates 110 from 2024-01-01 and 120 from 2024-06-01.
type activityFixture struct {
	project          store.Project
	bnskLine, wLine  programme.BudgetLine
	rate110, rate120 programme.ExchangeRate
}

var activityFixtures sync.Map // *servertest.Env -> activityFixture

// activitySetup makes the fixture once per server.
func activitySetup(t *testing.T, e *servertest.Env) activityFixture {
	t.Helper()
	if f, ok := activityFixtures.Load(e); ok {
		return f.(activityFixture)
	}
	pm := e.Users["pm"].Actor()
	f := activityFixture{project: webProject(t, e)}
	line := func(org string, usd int64) programme.BudgetLine {
		l, err := e.DB.CreateBudgetLine(bg, pm, programme.BudgetLine{ProjectID: f.project.ID, OrgID: e.Orgs[org].ID,
			Category: programme.CommunityProjects, PlannedMinor: usd * 100})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	f.bnskLine, f.wLine = line("BNSK", 5_000), line("WARBE", 1_000)
	rate := func(from string, micro int64) programme.ExchangeRate {
		d, _ := time.Parse(time.DateOnly, from)
		r, err := e.DB.AddExchangeRate(bg, pm, programme.ExchangeRate{ValidFrom: d, RateMicro: micro})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	f.rate110, f.rate120 = rate("2024-01-01", 110_000_000), rate("2024-06-01", 120_000_000)
	activityFixtures.Store(e, f)
	return f
}

func activityDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// activityInitiative adds an initiative of org (by its case worker) with a
// taka budget on its community line, moved on to status by the programme
// manager.
func activityInitiative(t *testing.T, e *servertest.Env, org string, budget int64, status string) community.Initiative {
	t.Helper()
	f := activitySetup(t, e)
	line := f.bnskLine
	if org == "WARBE" {
		line = f.wLine
	}
	in, err := e.DB.CreateCommunityInitiative(bg, e.Users[strings.ToLower(org)+".worker"].Actor(), community.Initiative{
		ProjectID: f.project.ID, OrgID: e.Orgs[org].ID, Title: "Returnee women's poultry cooperative", Kind: community.CollectiveBusiness,
		Upazila: "BD205133", Place: "Char Falcon", StartsOn: activityDay("2024-03-01"), BudgetLineID: line.ID, BudgetMinor: budget,
		Currency: programme.BDT})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range map[string][]string{community.Planned: nil, community.Approved: {community.Approved},
		community.Ongoing: {community.Approved, community.Ongoing}}[status] {
		if in, err = e.DB.MoveCommunityInitiative(bg, e.Users["pm"].Actor(), in.ID, in.Version, to); err != nil {
			t.Fatal(err)
		}
	}
	return in
}

func activityGetInitiative(t *testing.T, e *servertest.Env, id string) community.Initiative {
	t.Helper()
	in, err := e.DB.CommunityInitiativeByID(bg, e.Users["viewer"].Actor(), id)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func activityExpenses(t *testing.T, e *servertest.Env, id string) []community.Expense {
	t.Helper()
	x, err := e.DB.CommunityExpenses(bg, e.Users["viewer"].Actor(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// activityEvent adds a capacity-building event organised by BNSK.
func activityEvent(t *testing.T, e *servertest.Env) capacity.Event {
	t.Helper()
	f := activitySetup(t, e)
	ev, err := e.DB.CreateCapacityEvent(bg, e.Users["bnsk.worker"].Actor(), capacity.Event{ProjectID: f.project.ID, Topic: "Referral pathways",
		Kind: capacity.Workshop, Status: capacity.Held, StartsOn: activityDay("2024-02-14"), Place: "DEMO office, Lakshmipur"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func activityGetEvent(t *testing.T, e *servertest.Env, id string) capacity.Event {
	t.Helper()
	ev, err := e.DB.CapacityEventByID(bg, e.Users["viewer"].Actor(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func activityActions(t *testing.T, e *servertest.Env, id string) []capacity.Action {
	t.Helper()
	x, err := e.DB.CapacityActions(bg, e.Users["viewer"].Actor(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Targets and checks of the matrix rows.
func activityTarget(org string, budget int64, status string) func(c *cell) string {
	return func(c *cell) string { return activityInitiative(c.t, c.e, org, budget, status).ID }
}

func activityTargetEvent(c *cell) string { return activityEvent(c.t, c.e).ID }

func activityTitle(c *cell) string { return "Matrix initiative " + matrixWord(c.n) }

func activityRenamed(c *cell) bool {
	return activityGetInitiative(c.t, c.e, c.target).Title == activityTitle(c)
}

func activityVersionForm(c *cell, kv ...string) url.Values {
	v := url.Values{"version": {fmt.Sprint(activityGetInitiative(c.t, c.e, c.target).Version)}}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func activityEventForm(c *cell, kv ...string) url.Values {
	v := url.Values{"version": {fmt.Sprint(activityGetEvent(c.t, c.e, c.target).Version)}}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// activityInitiativeForm is the initiative form as a person fills it in.
func activityInitiativeForm(org, title string) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		f := activitySetup(c.t, c.e)
		t := title
		if t == "" {
			t = activityTitle(c)
		}
		return url.Values{"project_id": {f.project.ID}, "org_id": {c.e.Orgs[org].ID}, "title": {t}, "kind": {community.AwarenessEvent},
			"upazila": {"BD205133"}, "union": {"BD20513347"}, "starts_on": {"2024-04-01"}, "budget_line_id": {f.bnskLine.ID},
			"budget": {"12,000"}, "currency": {"BDT"}}
	}
}

func activityInitiativeExists(c *cell) bool {
	rows, _, err := c.e.DB.ListCommunityInitiatives(bg, pmActor(c.e), store.CommunityQuery{Limit: 500})
	if err != nil {
		c.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Title == activityTitle(c) {
			return true
		}
	}
	return false
}

func activityTopic(c *cell) string { return "Matrix workshop " + matrixWord(c.n) }

func activityEventExists(c *cell) bool {
	rows, _, err := c.e.DB.ListCapacityEvents(bg, pmActor(c.e), store.CapacityQuery{Limit: 500})
	if err != nil {
		c.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Topic == activityTopic(c) {
			return true
		}
	}
	return false
}

func activityEventFields(org string) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		return url.Values{"project_id": {activitySetup(c.t, c.e).project.ID}, "org_id": {c.e.Orgs[org].ID}, "topic": {activityTopic(c)},
			"kind": {capacity.Training}, "status": {capacity.Held}, "starts_on": {"2024-05-02"}, "place": {"BMET, Dhaka"}}
	}
}

// activityLinkPerson registers a BNSK returnee for the cell.
func activityLinkPerson(c *cell) map[string]string {
	p := addPerson(c.t, c.e, "bnsk.worker", registry.Person{NameLatin: "Linked " + matrixWord(c.n)})
	return map[string]string{"pid": p.ID}
}

func activityLinked(c *cell) []store.CommunityPerson {
	people, err := c.e.DB.CommunityPeople(bg, pmActor(c.e), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	return people
}

// activityMatrix: every route of internal/web/activities.go, for each
// actor (columns as in matrixActors).
var activityMatrix = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/community"},
	{want: "SI    OK    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/community/new"},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community", note: "BNSK initiative",
		form: activityInitiativeForm("BNSK", ""), applied: activityInitiativeExists},
	{want: "SI    UE    UE    NO    UE    UE    NO    NO    NO",
		method: "POST", path: "/community", note: "no title",
		form: activityInitiativeForm("BNSK", " "), applied: activityInitiativeExists},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/community/{id}", note: "BNSK initiative", target: activityTarget("BNSK", 120_000, community.Approved)},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/community/{id}", note: "WARBE initiative", target: activityTarget("WARBE", 0, community.Planned)},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/community/{id}", note: "no such initiative", target: targetMissing},
	{want: "SI    OK    OK    NO    OK    OK    NO    NO    NO",
		method: "GET", path: "/community/{id}/edit", note: "BNSK initiative", target: activityTarget("BNSK", 0, community.Planned)},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community/{id}", note: "rename BNSK initiative", target: activityTarget("BNSK", 0, community.Planned),
		form: func(c *cell) url.Values {
			v := activityInitiativeForm("BNSK", "")(c)
			v.Set("version", fmt.Sprint(activityGetInitiative(c.t, c.e, c.target).Version))
			return v
		}, applied: activityRenamed},
	{want: "SI    GO    GO    NO    NO    NO    NO    GO    GO",
		method: "POST", path: "/community/{id}", note: "rename WARBE initiative", target: activityTarget("WARBE", 0, community.Planned),
		form: func(c *cell) url.Values {
			v := activityInitiativeForm("WARBE", "")(c)
			v.Set("budget_line_id", activitySetup(c.t, c.e).wLine.ID)
			v.Set("version", fmt.Sprint(activityGetInitiative(c.t, c.e, c.target).Version))
			return v
		}, applied: activityRenamed},
	{want: "SI    GO    GO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/community/{id}/status", note: "approve a BNSK budget", target: activityTarget("BNSK", 120_000, community.Planned),
		form:    func(c *cell) url.Values { return activityVersionForm(c, "to", community.Approved) },
		applied: func(c *cell) bool { return activityGetInitiative(c.t, c.e, c.target).Status == community.Approved }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community/{id}/status", note: "BNSK initiative under way", target: activityTarget("BNSK", 120_000, community.Approved),
		form:    func(c *cell) url.Values { return activityVersionForm(c, "to", community.Ongoing) },
		applied: func(c *cell) bool { return activityGetInitiative(c.t, c.e, c.target).Status == community.Ongoing }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community/{id}/participants", note: "BNSK initiative", target: activityTarget("BNSK", 0, community.Planned),
		form: func(c *cell) url.Values {
			return activityVersionForm(c, "n-returnee-general-female", "7", "n-community_member-marma-third_gender", "১")
		},
		applied: func(c *cell) bool {
			return community.Sum(activityGetInitiative(c.t, c.e, c.target).Participants).All == 8
		}},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community/{id}/expenses", note: "BNSK initiative", target: activityTarget("BNSK", 120_000, community.Ongoing),
		form:    form("exp_spent_on", "2024-07-01", "exp_amount", "1,200", "exp_description", "seedlings", "exp_vendor", "Krishi Ghar"),
		applied: func(c *cell) bool { return len(activityExpenses(c.t, c.e, c.target)) == 1 }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/community/{id}/expenses/{eid}/reverse", note: "BNSK initiative", target: activityTarget("BNSK", 120_000, community.Ongoing),
		params: func(c *cell) map[string]string {
			x, err := c.e.DB.RecordCommunityExpense(bg, c.e.Users["bnsk.worker"].Actor(), c.target, community.Expense{SpentOn: activityDay("2024-07-01"),
				AmountMinor: 60_000, Currency: programme.BDT, Description: "chairs"})
			if err != nil {
				c.t.Fatal(err)
			}
			return map[string]string{"eid": x.ID}
		},
		form:    form("why", "typed twice"),
		applied: func(c *cell) bool { return len(activityExpenses(c.t, c.e, c.target)) == 2 }},
	{want: "SI    NF    GO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/community/{id}/people", note: "link a BNSK returnee", target: activityTarget("BNSK", 0, community.Planned),
		params:  activityLinkPerson,
		form:    func(c *cell) url.Values { return url.Values{"person_id": {c.params["pid"]}} },
		applied: func(c *cell) bool { return len(activityLinked(c)) == 1 }},
	{want: "SI    NF    GO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/community/{id}/people/{pid}/remove", note: "a linked BNSK returnee", target: activityTarget("BNSK", 0, community.Planned),
		params: func(c *cell) map[string]string {
			m := activityLinkPerson(c)
			if err := c.e.DB.LinkCommunityPerson(bg, c.e.Users["bnsk.worker"].Actor(), c.target, m["pid"]); err != nil {
				c.t.Fatal(err)
			}
			return m
		},
		applied: func(c *cell) bool { return len(activityLinked(c)) == 0 }},

	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/capacity"},
	{want: "SI    OK    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/capacity/new"},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity", note: "BNSK event",
		form: activityEventFields("BNSK"), applied: activityEventExists},
	{want: "SI    UE    UE    NO    UE    UE    NO    UE    UE",
		method: "POST", path: "/capacity", note: "a bad date",
		form: func(c *cell) url.Values {
			v := activityEventFields("BNSK")(c)
			v.Set("starts_on", "14/02/2024")
			return v
		}, applied: activityEventExists},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/capacity/{id}", note: "BNSK event", target: activityTargetEvent},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/capacity/{id}", note: "no such event", target: targetMissing},
	{want: "SI    OK    OK    NO    OK    OK    NO    NO    NO",
		method: "GET", path: "/capacity/{id}/edit", note: "BNSK event", target: activityTargetEvent},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity/{id}", note: "BNSK event", target: activityTargetEvent,
		form: func(c *cell) url.Values {
			v := activityEventFields("BNSK")(c)
			v.Set("version", fmt.Sprint(activityGetEvent(c.t, c.e, c.target).Version))
			return v
		},
		applied: func(c *cell) bool { return activityGetEvent(c.t, c.e, c.target).Topic == activityTopic(c) }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity/{id}/attendance", note: "BNSK event", target: activityTargetEvent,
		form: func(c *cell) url.Values {
			return activityEventForm(c, "att_rows", "2", "att_org_0", c.e.Orgs["WARBE"].ID, "att_f_0", "2", "att_body_1", "Wage Earners' Welfare Board",
				"att_m_1", "৩")
		},
		applied: func(c *cell) bool { return len(activityGetEvent(c.t, c.e, c.target).Attendance) == 2 }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity/{id}/scores", note: "BNSK event", target: activityTargetEvent,
		form:    func(c *cell) url.Values { return activityEventForm(c, "scores", "40 70\n55 60\n") },
		applied: func(c *cell) bool { return len(activityGetEvent(c.t, c.e, c.target).Scores) == 2 }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity/{id}/actions", note: "BNSK event", target: activityTargetEvent,
		form:    form("act_action", "Share the directory", "act_owner", "DEMO Lakshmipur", "act_due_on", "2024-03-31"),
		applied: func(c *cell) bool { return len(activityActions(c.t, c.e, c.target)) == 1 }},
	{want: "SI    GO    GO    NO    GO    GO    NO    NO    NO",
		method: "POST", path: "/capacity/{id}/actions/{aid}", note: "mark a BNSK action done", target: activityTargetEvent,
		params: func(c *cell) map[string]string {
			x, err := c.e.DB.AddCapacityAction(bg, c.e.Users["bnsk.worker"].Actor(), c.target, capacity.Action{Action: "Share the directory",
				Owner: "DEMO", DueOn: activityDay("2024-03-31")})
			if err != nil {
				c.t.Fatal(err)
			}
			return map[string]string{"aid": x.ID}
		},
		form:    form("version", "1", "act_status", capacity.Done),
		applied: func(c *cell) bool { return activityActions(c.t, c.e, c.target)[0].Status == capacity.Done }},
}

func TestWebActivityRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, activityMatrix)
}

func TestWebActivityMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, activityMatrix, "activities.go")
}

func activityCheckFigures(t *testing.T, got programme.Figures, planned, committed, disbursed, remaining int64) {
	t.Helper()
	if got.Planned != planned || got.Committed != committed || got.Disbursed != disbursed || got.Remaining != remaining {
		t.Errorf("%s %s: planned %d committed %d disbursed %d remaining %d; want %d %d %d %d", got.OrgCode, got.Category,
			got.Planned, got.Committed, got.Disbursed, got.Remaining, planned, committed, disbursed, remaining)
	}
}

// activityPost posts a form as b and returns the answer.
func activityPost(e *servertest.Env, b *servertest.Browser, path string, f url.Values) *servertest.Response {
	return send(e, b, http.MethodPost, path, f, true, nil)
}

// TestWebCommunityFormsAndMoney: the initiative's forms through the
// browser as BNSK's staff, each mistake re-shown with the field named and
// nothing written, and the money on the budget line as the project sheet
// shows it, against totals worked out by hand.
func TestWebCommunityFormsAndMoney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := activitySetup(t, e)
		cw, mgr := browser(e, "bnsk.worker"), browser(e, "bnsk.manager")
		count := func() int {
			rows, _, err := e.DB.ListCommunityInitiatives(bg, pmActor(e), store.CommunityQuery{})
			if err != nil {
				t.Fatal(err)
			}
			return len(rows)
		}
		good := activityInitiativeForm("BNSK", "Harvest fair with neighbours")(&cell{t: t, e: e})
		good.Set("budget", "৩৬,০০০")
		for name, change := range map[string]func(url.Values){
			"title":          func(v url.Values) { v.Set("title", "") },
			"upazila":        func(v url.Values) { v.Set("upazila", "BD2051") },
			"union":          func(v url.Values) { v.Set("upazila", "BD205143") },
			"starts_on":      func(v url.Values) { v.Set("starts_on", "1/4/2024") },
			"budget":         func(v url.Values) { v.Set("budget", "36.000,00") },
			"budget_line_id": func(v url.Values) { v.Set("budget_line_id", f.wLine.ID) },
		} {
			bad := url.Values{}
			for k, v := range good {
				bad[k] = append([]string(nil), v...)
			}
			change(bad)
			r := activityPost(e, cw, "/community", bad)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("bad %s: status %d", name, r.StatusCode)
				continue
			}
			checkPage(t, "bad "+name, r.Body)
			if fa := fieldAround(parse(t, r.Body), name); !fa.hasError || fa.message == "" {
				t.Errorf("bad %s: field %+v", name, fa)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("refused forms wrote %d initiatives", n)
		}
		r := activityPost(e, cw, "/community", good)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/community/") {
			t.Fatalf("create: %d %s", r.StatusCode, r.Header.Get("Location"))
		}
		page := r.Header.Get("Location")
		id := strings.TrimPrefix(page, "/community/")
		in := activityGetInitiative(t, e, id)
		if in.BudgetMinor != 3_600_000 || in.Union != "BD20513347" || in.Status != community.Planned {
			t.Fatalf("created %+v", in)
		}

		// The case worker sees no approval button; the manager approves: BDT 36,000 at 120 = USD 300.00 held.
		if body := cw.Get(page).Body; strings.Contains(body, `name="to" value="approved"`) {
			t.Error("the case worker is offered the approval")
		}
		r = activityPost(e, mgr, page+"/status", url.Values{"version": {fmt.Sprint(in.Version)}, "to": {community.Approved}})
		wantRedirect(t, "approve", r, page+"#status")
		sheet := func() programme.Figures {
			figs, err := e.DB.BudgetFigures(bg, pmActor(e), store.BudgetQuery{ProjectID: f.project.ID, OrgID: e.Orgs["BNSK"].ID})
			if err != nil || len(figs) != 1 {
				t.Fatalf("figures %+v %v", figs, err)
			}
			return figs[0]
		}
		activityCheckFigures(t, sheet(), 500_000, 30_000, 0, 470_000)
		if body := browser(e, "viewer").Get("/projects/" + f.project.ID).Body; !strings.Contains(body, "USD 300.00") || !strings.Contains(body, "USD 4,700.00") {
			t.Error("the project sheet does not show the initiative's USD 300.00 committed and USD 4,700.00 remaining")
		}

		// Expenses: a bad amount, one above the budget, then BDT 11,000 on 10 March at 110 = USD 100.00.
		spend := func(amount string) *servertest.Response {
			return activityPost(e, cw, page+"/expenses", url.Values{"exp_spent_on": {"2024-03-10"}, "exp_amount": {amount},
				"exp_description": {"stalls"}, "exp_vendor": {"Char Falcon decorators"}})
		}
		r = spend("eleven")
		if fa := fieldAround(parse(t, r.Body), "exp_amount"); r.StatusCode != http.StatusUnprocessableEntity || !fa.hasError || fa.value != "eleven" {
			t.Errorf("a bad amount: %d %+v", r.StatusCode, fa)
		}
		r = spend("36,000.01")
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "above its budget of BDT 36,000.00") {
			t.Errorf("above the budget: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		checkPage(t, "above the budget", r.Body)
		if n := len(activityExpenses(t, e, id)); n != 0 {
			t.Fatalf("refused expenses wrote %d", n)
		}
		wantRedirect(t, "expense", spend("11,000"), page+"#expense")
		activityCheckFigures(t, sheet(), 500_000, 30_000, 10_000, 470_000)

		// Counts: a bad cell is marked and nothing is saved; small counts are shown as they are.
		cells := url.Values{"version": {fmt.Sprint(activityGetInitiative(t, e, id).Version)}, "n-returnee-general-female": {"12"},
			"n-returnee-general-male": {"many"}}
		r = activityPost(e, cw, page+"/participants", cells)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "a count is a whole number from 0 to 100000") {
			t.Errorf("a bad count: %d", r.StatusCode)
		}
		if fa := fieldAround(parse(t, r.Body), "n-returnee-general-male"); fa.value != "many" {
			t.Errorf("the bad count was not kept: %+v", fa)
		}
		if n := len(activityGetInitiative(t, e, id).Participants); n != 0 {
			t.Errorf("a refused grid saved %d counts", n)
		}
		cells.Set("n-returnee-general-male", "9")
		cells.Set("n-community_member-chakma-third_gender", "1")
		wantRedirect(t, "counts", activityPost(e, cw, page+"/participants", cells), page+"#participants")
		stale := activityPost(e, cw, page+"/participants", cells)
		if stale.StatusCode != http.StatusConflict {
			t.Errorf("a stale grid: %d", stale.StatusCode)
		}
		body := browser(e, "viewer").Get(page).Body
		root := parse(t, body)
		checkPage(t, "initiative as viewer", body)
		if got := textOf(byID(root, "community-total")); got != "22" {
			t.Errorf("total participants %q, want 22", got)
		}
		if counts := textOf(byID(root, "community-counts")); !strings.Contains(counts, "Chakma") || !strings.Contains(counts, "1") {
			t.Errorf("the single Chakma participant is not shown: %q", counts)
		}
	})
}

// TestWebCommunityLinkedReturneesAreNamedOnlyInScope: the returnees
// linked to an initiative are named to its organisation's staff and the
// programme manager, never to the viewer, another organisation or the
// administrator, who still see the counts.
func TestWebCommunityLinkedReturneesAreNamedOnlyInScope(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		in := activityInitiative(t, e, "BNSK", 0, community.Planned)
		p := addPerson(t, e, "bnsk.worker", registry.Person{NameLatin: "Nurjahan Khatun Linked"})
		cw := browser(e, "bnsk.worker")
		page := "/community/" + in.ID
		found := cw.Get(page + "?q=Nurjahan")
		if !strings.Contains(found.Body, `name="person_id" value="`+p.ID+`"`) {
			t.Fatal("the search does not offer the returnee")
		}
		wantRedirect(t, "link", activityPost(e, cw, page+"/people", url.Values{"person_id": {p.ID}}), page+"#people")
		for _, name := range matrixActors[1:] {
			body := browser(e, name).Get(page).Body
			named := strings.Contains(body, "Nurjahan Khatun Linked")
			if want := name == "pm" || strings.HasPrefix(name, "bnsk.") && name != "bnsk.enumerator"; named != want {
				t.Errorf("%s sees the linked returnee's name: %v, want %v", name, named, want)
			}
		}
	})
}

// TestWebCapacityScoresAndActions: the score sheet typed from paper, a bad
// line named and nothing saved, the summary shown, and an overdue action
// flagged.
func TestWebCapacityScoresAndActions(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		ev := activityEvent(t, e)
		cw := browser(e, "bnsk.worker")
		page := "/capacity/" + ev.ID
		sheet := "1. 40 70\n2. 55 60\n3. 60 55\n4. 80 -\n5. 4O 90\n"
		r := activityPost(e, cw, page+"/scores", url.Values{"version": {"1"}, "scores": {sheet}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad sheet: %d", r.StatusCode)
		}
		checkPage(t, "bad sheet", r.Body)
		fa := fieldAround(parse(t, r.Body), "score_sheet")
		if !fa.hasError || !strings.Contains(fa.message, "line 5 of the scores") || !strings.Contains(r.Body, "4O 90") {
			t.Errorf("the bad line is not named, or the sheet not kept: %+v", fa)
		}
		if n := len(activityGetEvent(t, e, ev.ID).Scores); n != 0 {
			t.Fatalf("a refused sheet saved %d scores", n)
		}
		wantRedirect(t, "scores", activityPost(e, cw, page+"/scores", url.Values{"version": {"1"}, "scores": {strings.Replace(sheet, "4O", "-", 1)}}),
			page+"#scores")
		wantRedirect(t, "action", activityPost(e, cw, page+"/actions", url.Values{"act_action": {"Circulate the referral directory"},
			"act_owner": {"DEMO Lakshmipur"}, "act_due_on": {"2024-03-31"}}), page+"#actions")
		r = activityPost(e, cw, page+"/actions", url.Values{"act_owner": {"DEMO"}, "act_due_on": {"31-03-2024"}})
		if fa := fieldAround(parse(t, r.Body), "act_due_on"); r.StatusCode != http.StatusUnprocessableEntity || !fa.hasError {
			t.Errorf("a bad due date: %d %+v", r.StatusCode, fa)
		}
		if n := len(activityActions(t, e, ev.ID)); n != 1 {
			t.Errorf("%d actions", n)
		}
		body := browser(e, "warbe.worker").Get(page).Body
		root := parse(t, body)
		checkPage(t, "event as WARBE", body)
		// Pre 40 55 60 80 = 58.75; post 70 60 55 90 = 68.75; change over 3 pairs (30 5 -5) = 10.0; 2 of 3 improved.
		for id, want := range map[string]string{"capacity-mean-pre": "58.8", "capacity-mean-post": "68.8", "capacity-mean-change": "+10.0",
			"capacity-improved": "2 of 3"} {
			if got := textOf(byID(root, id)); !strings.HasPrefix(got, want) {
				t.Errorf("%s = %q, want %q", id, got, want)
			}
		}
		if !strings.Contains(textOf(byID(root, "capacity-actions")), "Overdue") {
			t.Error("the overdue action is not flagged")
		}
		if strings.Contains(body, `action="`+page+`/scores"`) {
			t.Error("WARBE is offered BNSK's score form")
		}
	})
}

// TestWebActivitiesInBangla: the lists and pages in Bangla, with Bengali
// digits in the counts and money.
func TestWebActivitiesInBangla(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		in := activityInitiative(t, e, "BNSK", 3_600_000, community.Approved)
		if _, err := e.DB.SetCommunityParticipants(bg, e.Users["bnsk.worker"].Actor(), in.ID, in.Version,
			[]community.Count{{Type: community.Returnee, Sex: "female", Group: community.GeneralPopulation, People: 14}}); err != nil {
			t.Fatal(err)
		}
		ev := activityEvent(t, e)
		u := e.Users["bnsk.worker"]
		if _, err := e.DB.UpdateUser(bg, app.System, u.ID, store.UserUpdate{Role: u.Role, Lang: "bn", Version: u.Version}); err != nil {
			t.Fatal(err)
		}
		b := browser(e, "bnsk.worker")
		for path, want := range map[string][]string{
			"/community":                   {"কমিউনিটি উদ্যোগ", "যৌথ ব্যবসা", "অনুমোদিত", "৩৬,০০০.০০"},
			"/community/" + in.ID:          {"অংশগ্রহণকারী", "১৪", "সাধারণ জনগোষ্ঠী", "বাজেট অনুমোদন"},
			"/community/new":               {"নতুন কমিউনিটি উদ্যোগ", "উপজেলা"},
			"/capacity":                    {"সক্ষমতা বৃদ্ধি", "কর্মশালা"},
			"/capacity/" + ev.ID:           {"কারা অংশ নিয়েছেন", "পরবর্তী করণীয়"},
			"/capacity/" + ev.ID + "/edit": {"আয়োজন সম্পাদনা"},
		} {
			r := b.Get(path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", path, r.StatusCode)
				continue
			}
			checkPage(t, path, r.Body)
			if l := htmlLang(parse(t, r.Body)); l != "bn" {
				t.Errorf("%s: lang %q", path, l)
			}
			for _, w := range want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
		}
		// A refusal in Bangla.
		r := activityPost(e, b, "/community/"+in.ID+"/expenses", url.Values{"exp_spent_on": {"2024-07-01"}, "exp_amount": {"৪০,০০০"},
			"exp_description": {"চেয়ার"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "আগে বাজেট বাড়ান") {
			t.Errorf("an expense above the budget in Bangla: %d", r.StatusCode)
		}
	})
}
