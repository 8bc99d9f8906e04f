package server_test

// The plan tab of a case and the plans queue: drafting a plan with the
// form (rows added and removed without JavaScript), submitting, the
// four-eyes approval, payments and reversals, every refusal shown beside
// its form with nothing written, and who may do what.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// planEnv is a caseEnv with budget lines for both partners (USD 100,000
// each, so that the many approvals of the matrix never run them dry) and
// the taka rates 110.00 from 2024-01-01 and 120.00 from 2024-06-01.
type planEnv struct {
	*caseEnv
	lines map[string]programme.BudgetLine // direct assistance, by organisation code
}

func newPlanEnv(t *testing.T, e *servertest.Env) *planEnv {
	t.Helper()
	pe := &planEnv{caseEnv: newCaseEnv(t, e), lines: map[string]programme.BudgetLine{}}
	pm := e.Users["pm"].Actor()
	for _, org := range []string{"BNSK", "WARBE"} {
		l, err := e.DB.CreateBudgetLine(bg, pm, programme.BudgetLine{ProjectID: pe.project.ID, OrgID: e.Orgs[org].ID,
			Category: programme.DirectAssistance, PlannedMinor: 10_000_000})
		if err != nil {
			t.Fatal(err)
		}
		pe.lines[org] = l
	}
	for _, r := range []struct {
		from string
		rate int64
	}{{"2024-01-01", 110_000_000}, {"2024-06-01", 120_000_000}} {
		d, _ := time.Parse(time.DateOnly, r.from)
		if _, err := e.DB.AddExchangeRate(bg, pm, programme.ExchangeRate{ValidFrom: d, RateMicro: r.rate, Source: "Bangladesh Bank"}); err != nil {
			t.Fatal(err)
		}
	}
	return pe
}

// planEnvs keeps one planEnv per server, for the access matrix, whose
// cells only know the server.
var (
	planEnvsMu sync.Mutex
	planEnvs   = map[*servertest.Env]*planEnv{}
)

func planEnvOf(t *testing.T, e *servertest.Env) *planEnv {
	planEnvsMu.Lock()
	defer planEnvsMu.Unlock()
	pe, ok := planEnvs[e]
	if !ok {
		pe = newPlanEnv(t, e)
		planEnvs[e] = pe
	}
	return pe
}

// item is an assistance item of org's case, charged to org's line.
func (pe *planEnv) item(org, what string, amount int64) programme.PlanItem {
	return programme.PlanItem{Dimension: "economic", Level: "individual", Type: "business_startup_grant", Description: what,
		AmountMinor: amount, Currency: programme.BDT, BudgetLineID: pe.lines[org].ID, ResponsibleOrgID: pe.Orgs[org].ID,
		TargetDate: time.Now().UTC().AddDate(0, 3, 0).Truncate(24 * time.Hour)}
}

// draft has org's case worker draft a plan of one item (BDT 1,200.00) for c.
func (pe *planEnv) draft(t *testing.T, org string, c casework.Case) programme.Plan {
	t.Helper()
	p, err := pe.DB.DraftPlan(bg, pe.actorOf(writerOf(org)), c.ID, programme.Plan{Goals: "A tailoring shop",
		Items: []programme.PlanItem{pe.item(org, "Sewing machine", 120_000)}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (pe *planEnv) submit(t *testing.T, org string, p programme.Plan) programme.Plan {
	t.Helper()
	p, err := pe.DB.SubmitPlan(bg, pe.actorOf(writerOf(org)), p.ID, p.Version)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (pe *planEnv) approve(t *testing.T, org string, p programme.Plan) programme.Plan {
	t.Helper()
	p, err := pe.DB.ApprovePlan(bg, pe.actorOf(strings.ToLower(org)+".manager"), p.ID, p.Version)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (pe *planEnv) pay(t *testing.T, org string, c casework.Case, p programme.Plan, amount int64) programme.LedgerEntry {
	t.Helper()
	e, err := pe.DB.RecordPayment(bg, pe.actorOf(writerOf(org)), c.ID, programme.LedgerEntry{PlanItemID: p.Items[0].ID,
		PaidOn: c.OpenedOn, AmountMinor: amount, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "Rina Akter"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// approvedCase is a case of org with an approved plan.
func (pe *planEnv) approvedCase(t *testing.T, org string) (casework.Case, programme.Plan) {
	t.Helper()
	c := pe.newCase(t, org)
	return c, pe.approve(t, org, pe.submit(t, org, pe.draft(t, org, c)))
}

// plansNow reads a case's plans as they are in the database.
func (pe *planEnv) plansNow(t *testing.T, caseID string) []programme.Plan {
	t.Helper()
	plans, err := pe.DB.PlansOfCase(bg, pe.pmActor(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return plans
}

func (pe *planEnv) ledgerNow(t *testing.T, caseID string) []programme.LedgerEntry {
	t.Helper()
	l, err := pe.DB.CaseLedger(bg, pe.pmActor(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// planStatusIs reports whether a case's newest version has status s.
func (pe *planEnv) planStatusIs(t *testing.T, caseID, s string) bool {
	plans := pe.plansNow(t, caseID)
	return len(plans) > 0 && plans[0].Status == s
}

// planRowForm is the plan form with goals and items as a browser posts it.
func planRowForm(pe *planEnv, org, goals string, rows ...map[string]string) url.Values {
	f := url.Values{"goals": {goals}, "rows": {fmt.Sprint(len(rows))}, "action": {"save"}}
	for i, r := range rows {
		row := map[string]string{"type": "business_startup_grant", "dimension": "economic", "level": "individual",
			"currency": "BDT", "budget_line_id": pe.lines[org].ID, "responsible_org_id": pe.Orgs[org].ID, "target_date": dhakaDay(60)}
		for k, v := range r {
			row[k] = v
		}
		for k, v := range row {
			f.Set(fmt.Sprintf("item-%d-%s", i, k), v)
		}
	}
	return f
}

// ---- the access matrix ----

// planCase is a target: a fresh case of org, brought to a stage of its plan.
func planCase(org string, stage func(t *testing.T, pe *planEnv, c casework.Case) map[string]string) func(c *cell) string {
	return func(cl *cell) string {
		pe := planEnvOf(cl.t, cl.e)
		c := pe.newCase(cl.t, org)
		cl.params = map[string]string{}
		if stage != nil {
			cl.params = stage(cl.t, pe, c)
		}
		return c.ID
	}
}

func stageDraft(t *testing.T, pe *planEnv, c casework.Case) map[string]string {
	p := pe.draft(t, "BNSK", c)
	return map[string]string{"plan": p.ID, "version": fmt.Sprint(p.Version)}
}

func stageSubmitted(t *testing.T, pe *planEnv, c casework.Case) map[string]string {
	p := pe.submit(t, "BNSK", pe.draft(t, "BNSK", c))
	return map[string]string{"plan": p.ID, "version": fmt.Sprint(p.Version)}
}

func stageApproved(t *testing.T, pe *planEnv, c casework.Case) map[string]string {
	p := pe.approve(t, "BNSK", pe.submit(t, "BNSK", pe.draft(t, "BNSK", c)))
	return map[string]string{"plan": p.ID, "version": fmt.Sprint(p.Version), "item": p.Items[0].ID}
}

func stagePaid(t *testing.T, pe *planEnv, c casework.Case) map[string]string {
	m := stageApproved(t, pe, c)
	p := pe.plansNow(t, c.ID)[0]
	m["entry"] = pe.pay(t, "BNSK", c, p, 50_000).ID
	return m
}

// planParams passes the stage's values on (the matrix asks for params
// after the target).
func planParams(c *cell) map[string]string { return c.params }

func planVersionForm(extra ...string) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		f := url.Values{"plan_id": {c.params["plan"]}, "version": {c.params["version"]}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
}

func planStatusApplied(s string) func(c *cell) bool {
	return func(c *cell) bool { return planEnvOf(c.t, c.e).planStatusIs(c.t, c.target, s) }
}

func planLedgerHas(n int) func(c *cell) bool {
	return func(c *cell) bool { return len(planEnvOf(c.t, c.e).ledgerNow(c.t, c.target)) == n }
}

// planAccessMatrix: programme managers read plans of every organisation but
// change none; BNSK's managers and case workers work on BNSK's; only its
// manager decides (the drafter, a case worker, may not); WARBE's are told
// BNSK's case does not exist; administrators, viewers and enumerators never
// see a plan.
var planAccessMatrix = []accessRoute{
	{method: "GET", path: "/plans",
		want: "SI    NO    OK    NO    OK    OK    NO    OK    OK"},
	{method: "GET", path: "/cases/{id}/plan", target: planCase("BNSK", stagePaid), params: planParams,
		want: "SI    NO    OK    NO    OK    OK    NO    NF    NF"},
	{method: "GET", path: "/cases/{id}/plan/edit", target: planCase("BNSK", stageDraft), params: planParams,
		want: "SI    NO    NO    NO    OK    OK    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/edit", note: "a new draft", target: planCase("BNSK", nil),
		form: func(c *cell) url.Values {
			return planRowForm(planEnvOf(c.t, c.e), "BNSK", "Goals", map[string]string{"description": "Goat", "amount": "5,000"})
		},
		applied: planStatusApplied(programme.PlanDraft),
		want:    "SI    NO    NO    NO    GO    GO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/submit", target: planCase("BNSK", stageDraft), params: planParams, form: planVersionForm(),
		applied: planStatusApplied(programme.PlanSubmitted),
		want:    "SI    NO    NO    NO    GO    GO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/approve", target: planCase("BNSK", stageSubmitted), params: planParams, form: planVersionForm(),
		applied: planStatusApplied(programme.PlanApproved),
		want:    "SI    NO    NO    NO    GO    NO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/return", target: planCase("BNSK", stageSubmitted), params: planParams,
		form:    planVersionForm("comment", "Add a market survey"),
		applied: planStatusApplied(programme.PlanReturned),
		want:    "SI    NO    NO    NO    GO    NO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/revise", target: planCase("BNSK", stageApproved), params: planParams,
		applied: planStatusApplied(programme.PlanDraft),
		want:    "SI    NO    NO    NO    GO    GO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/payments", target: planCase("BNSK", stageApproved), params: planParams,
		form: func(c *cell) url.Values {
			return url.Values{"plan_item_id": {c.params["item"]}, "paid_on": {dhakaDay(0)}, "amount": {"500"}, "kind": {"cash"},
				"delivered_by": {"Rina Akter"}}
		},
		applied: planLedgerHas(1),
		want:    "SI    NO    NO    NO    GO    GO    NO    NF    NF"},
	{method: "POST", path: "/cases/{id}/plan/payments/{entry}/reverse", target: planCase("BNSK", stagePaid), params: planParams,
		form:    func(*cell) url.Values { return url.Values{"note": {"Paid twice by mistake"}} },
		applied: planLedgerHas(2),
		want:    "SI    NO    NO    NO    GO    GO    NO    NF    NF"},
}

func TestWebPlanRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, planAccessMatrix)
}

func TestWebPlanMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, planAccessMatrix, "plans.go")
}

// ---- the journey ----

// TestWebPlanJourney drafts a plan through the form, adding a row without
// JavaScript and removing one, submits it, has the manager approve it,
// records a payment and reverses it, and checks the budget figures.
func TestWebPlanJourney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		pe := newPlanEnv(t, e)
		c := pe.newCase(t, "BNSK")
		tab, edit := "/cases/"+c.ID+"/plan", "/cases/"+c.ID+"/plan/edit"
		worker, manager := e.SignIn("bnsk.worker"), e.SignIn("bnsk.manager")

		r := worker.Get(tab)
		if r.StatusCode != http.StatusOK || byID(parse(t, r.Body), "plan-draft") == nil {
			t.Fatalf("empty tab: %d, no draft button", r.StatusCode)
		}
		checkPage(t, "empty tab", r.Body)
		r = worker.Get(edit)
		if r.StatusCode != http.StatusOK || byID(parse(t, r.Body), "item-0-description") == nil {
			t.Fatalf("new plan form: %d", r.StatusCode)
		}
		checkPage(t, "new plan form", r.Body)

		// One row filled in, then "add another item": the form comes back
		// with what was typed and a second, blank row; nothing is saved.
		f := planRowForm(pe, "BNSK", "A tailoring shop of her own", map[string]string{"description": "Sewing machine", "amount": "৩৬,০০০"})
		f.Set("action", "add")
		r = worker.PostForm(edit, f)
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusOK || byID(root, "item-1-description") == nil || byID(root, "item-2-description") != nil ||
			fieldAround(root, "item-0-amount").value != "৩৬,০০০" {
			t.Fatalf("add a row: %d, second row %v", r.StatusCode, byID(root, "item-1-description") != nil)
		}
		checkPage(t, "form with two rows", r.Body)
		if len(pe.plansNow(t, c.ID)) != 0 {
			t.Fatal("adding a row saved the plan")
		}

		// Three rows posted, the third ticked for removal: two items saved.
		f = planRowForm(pe, "BNSK", "A tailoring shop of her own",
			map[string]string{"description": "Sewing machine", "amount": "৩৬,০০০"},
			map[string]string{"description": "Tailoring course", "amount": "120.50", "currency": "USD", "type": "vocational_training"},
			map[string]string{"description": "Not wanted", "amount": "1", "remove": "1"})
		r = worker.PostForm(edit, f)
		wantRedirect(t, "save the draft", r, tab)
		plans := pe.plansNow(t, c.ID)
		if len(plans) != 1 || len(plans[0].Items) != 2 || plans[0].Items[0].AmountMinor != 3_600_000 ||
			plans[0].Items[1].AmountMinor != 12_050 || plans[0].Items[1].Currency != "USD" || plans[0].Status != programme.PlanDraft {
			t.Fatalf("saved %+v", plans)
		}
		p := plans[0]

		r = worker.Get(tab)
		root = parse(t, r.Body)
		if text := textOf(byID(root, "plan-open")); !strings.Contains(text, "Sewing machine") || !strings.Contains(text, "BDT 36,000.00") ||
			!strings.Contains(text, "USD 120.50") || !strings.Contains(text, fullNames["bnsk.worker"]) {
			t.Errorf("tab shows %q", text)
		}
		checkPage(t, "tab with a draft", r.Body)

		r = worker.PostForm(tab+"/submit", url.Values{"plan_id": {p.ID}, "version": {fmt.Sprint(p.Version)}})
		wantRedirect(t, "submit", r, tab)

		// The worker sees no decision form; the manager does.
		if r = worker.Get(tab); byID(parse(t, r.Body), "form-decide") != nil || byID(parse(t, r.Body), "plan-waiting") == nil {
			t.Error("the case worker is offered the decision")
		}
		r = manager.Get(tab)
		if byID(parse(t, r.Body), "form-decide") == nil {
			t.Fatal("the manager is not offered the decision")
		}
		checkPage(t, "tab for the manager", r.Body)
		p = pe.plansNow(t, c.ID)[0]
		// The drafter cannot approve: the refusal is shown plainly, nothing changes.
		r = worker.PostForm(tab+"/approve", url.Values{"plan_id": {p.ID}, "version": {fmt.Sprint(p.Version)}})
		if r.StatusCode != http.StatusForbidden || !strings.Contains(flashError(parse(t, r.Body)), "only an organisation manager") {
			t.Errorf("drafter approving: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		r = manager.PostForm(tab+"/approve", url.Values{"plan_id": {p.ID}, "version": {fmt.Sprint(p.Version)}})
		wantRedirect(t, "approve", r, tab)
		if !pe.planStatusIs(t, c.ID, programme.PlanApproved) {
			t.Fatal("not approved")
		}
		p = pe.plansNow(t, c.ID)[0]

		// A payment of BDT 24,000 today at 120: USD 200.00.
		r = worker.Get(tab)
		if !hasForm(t, r.Body, tab+"/payments") {
			t.Fatal("no payment form")
		}
		r = worker.PostForm(tab+"/payments", url.Values{"plan_item_id": {p.Items[0].ID}, "paid_on": {dhakaDay(0)}, "amount": {"24,000"},
			"kind": {"in_kind"}, "vendor": {"Singer Bangladesh"}, "receipt_ref": {"SB-1029"}, "delivered_by": {"Rahima Begum"}})
		wantRedirect(t, "pay", r, tab+"#payments")
		ledger := pe.ledgerNow(t, c.ID)
		if len(ledger) != 1 || ledger[0].AmountMinor != 2_400_000 || ledger[0].USDMinor != 20_000 || ledger[0].Vendor != "Singer Bangladesh" {
			t.Fatalf("ledger %+v", ledger)
		}
		r = worker.Get(tab)
		if text := textOf(byID(parse(t, r.Body), "ledger-table")); !strings.Contains(text, "BDT 24,000.00") || !strings.Contains(text, "SB-1029") ||
			!strings.Contains(text, "Singer Bangladesh") {
			t.Errorf("ledger shows %q", text)
		}
		checkPage(t, "tab with a payment", r.Body)
		r = worker.PostForm(tab+"/payments/"+ledger[0].ID+"/reverse", url.Values{"note": {"Wrong machine"}})
		wantRedirect(t, "reverse", r, tab+"#payments")
		ledger = pe.ledgerNow(t, c.ID)
		if len(ledger) != 2 || ledger[1].ReversesID != ledger[0].ID || ledger[1].AmountMinor != -2_400_000 {
			t.Fatalf("after reversal %+v", ledger)
		}
		r = worker.Get(tab)
		root = parse(t, r.Body)
		if text := textOf(byID(root, "entry-"+ledger[1].ID)); !strings.Contains(text, "Reversal of the entry") || !strings.Contains(text, "Wrong machine") {
			t.Errorf("reversal row %q", text)
		}
		if hasForm(t, r.Body, tab+"/payments/"+ledger[0].ID+"/reverse") || hasForm(t, r.Body, tab+"/payments/"+ledger[1].ID+"/reverse") {
			t.Error("a reversed entry or a reversal is offered for reversal")
		}

		// The budget: committed BDT 36,000 at 120 = USD 300.00 plus USD 120.50; nothing disbursed net.
		figs, err := e.DB.BudgetFigures(bg, pe.pmActor(), store.BudgetQuery{ProjectID: pe.project.ID, OrgID: e.Orgs["BNSK"].ID})
		if err != nil || len(figs) != 1 || figs[0].Committed != 42_050 || figs[0].Disbursed != 0 {
			t.Errorf("figures %+v %v", figs, err)
		}

		// Revise: a new version to change, the approved one still in force.
		r = worker.PostForm(tab+"/revise", url.Values{})
		wantRedirect(t, "revise", r, edit)
		r = worker.Get(edit)
		if r.StatusCode != http.StatusOK || fieldAround(parse(t, r.Body), "item-0-description").found == false {
			t.Fatalf("revision form %d", r.StatusCode)
		}
		checkPage(t, "revision form", r.Body)
		if plans := pe.plansNow(t, c.ID); len(plans) != 2 || plans[0].Status != programme.PlanDraft || plans[1].Status != programme.PlanApproved {
			t.Errorf("after revise %+v", plans)
		}

		// The queue: the manager sees the plan while it waits, not after.
		r = manager.Get("/plans?status=approved")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, c.Reference) {
			t.Errorf("queue of approved plans: %d", r.StatusCode)
		}
		checkPage(t, "queue", r.Body)
		if r = manager.Get("/plans"); strings.Contains(r.Body, c.Reference) {
			t.Error("an approved plan is in the queue of plans to approve")
		}
	})
}

// ---- refusals ----

// TestWebPlanFormErrors: each mistake is shown beside its field, what was
// typed is kept, and nothing is written.
func TestWebPlanFormErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		pe := newPlanEnv(t, e)
		c := pe.newCase(t, "BNSK")
		edit := "/cases/" + c.ID + "/plan/edit"
		worker := e.SignIn("bnsk.worker")

		f := planRowForm(pe, "BNSK", "Goals",
			map[string]string{"description": "", "amount": "3,5000"},
			map[string]string{"description": "Course", "amount": "100", "target_date": "2025-02-30", "type": "made_up"})
		r := worker.PostForm(edit, f)
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad rows: %d", r.StatusCode)
		}
		checkPage(t, "form errors", r.Body)
		for id, want := range map[string]string{"item-0-amount": "commas", "item-0-description": "say what", "item-1-target": "year-month-day",
			"item-1-type": "kind of assistance"} {
			if fa := fieldAround(root, id); !fa.hasError || !strings.Contains(fa.message, want) {
				t.Errorf("%s: %+v, want a message with %q", id, fa, want)
			}
		}
		if fa := fieldAround(root, "item-0-amount"); fa.value != "3,5000" {
			t.Errorf("typed amount not kept: %q", fa.value)
		}
		if len(pe.plansNow(t, c.ID)) != 0 {
			t.Fatal("a refused plan was saved")
		}
		// A line of another organisation is refused by the store, naming the row's field.
		f = planRowForm(pe, "BNSK", "Goals", map[string]string{"description": "Goat", "amount": "100", "budget_line_id": pe.lines["WARBE"].ID})
		r = worker.PostForm(edit, f)
		if fa := fieldAround(parse(t, r.Body), "item-0-line"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fa.message, "project and organisation") {
			t.Errorf("another organisation's line: %d %+v", r.StatusCode, fa)
		}

		// Two people saving the same version: the second is told, nothing of theirs is written.
		p := pe.draft(t, "BNSK", c)
		f = planRowForm(pe, "BNSK", "First change", map[string]string{"description": "Cow", "amount": "40,000"})
		f.Set("plan_id", p.ID)
		f.Set("version", fmt.Sprint(p.Version))
		wantRedirect(t, "first save", worker.PostForm(edit, f), "/cases/"+c.ID+"/plan")
		f.Set("goals", "Second change")
		r = e.SignIn("bnsk.manager").PostForm(edit, f)
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "someone else changed this plan") ||
			!strings.Contains(r.Body, "Second change") {
			t.Errorf("stale save: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		if got := pe.plansNow(t, c.ID)[0]; got.Goals != "First change" {
			t.Errorf("stale save overwrote: %q", got.Goals)
		}

		// Submitting without goals names them beside the submit form.
		f = planRowForm(pe, "BNSK", "", map[string]string{"description": "Cow", "amount": "40,000"})
		p = pe.plansNow(t, c.ID)[0]
		f.Set("plan_id", p.ID)
		f.Set("version", fmt.Sprint(p.Version))
		wantRedirect(t, "clear the goals", worker.PostForm(edit, f), "/cases/"+c.ID+"/plan")
		p = pe.plansNow(t, c.ID)[0]
		r = worker.PostForm("/cases/"+c.ID+"/plan/submit", url.Values{"plan_id": {p.ID}, "version": {fmt.Sprint(p.Version)}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(textOf(byID(parse(t, r.Body), "form-submit")), "write the goals") {
			t.Errorf("submit without goals: %d", r.StatusCode)
		}
		if !pe.planStatusIs(t, c.ID, programme.PlanDraft) {
			t.Error("submitted without goals")
		}
	})
}

// TestWebPlanDecisionAndPaymentRefusals: returning without a comment, a
// manager approving their own plan, payments above the approved amount,
// on a closed case, without an exchange rate, and against a line with no
// money left: each refused beside its form with the store's reason.
func TestWebPlanDecisionAndPaymentRefusals(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		pe := newPlanEnv(t, e)
		manager, worker := e.SignIn("bnsk.manager"), e.SignIn("bnsk.worker")

		c := pe.newCase(t, "BNSK")
		p := pe.submit(t, "BNSK", pe.draft(t, "BNSK", c))
		tab := "/cases/" + c.ID + "/plan"
		r := manager.PostForm(tab+"/return", url.Values{"plan_id": {p.ID}, "version": {fmt.Sprint(p.Version)}, "comment": {"  "}})
		if fa := fieldAround(parse(t, r.Body), "return_comment"); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fa.message, "what needs to change") {
			t.Errorf("return without a comment: %d %+v", r.StatusCode, fa)
		}
		if !pe.planStatusIs(t, c.ID, programme.PlanSubmitted) {
			t.Error("returned without a comment")
		}

		// A plan the manager changed: the tab says why they may not decide, and posting anyway is refused.
		c2 := pe.newCase(t, "BNSK")
		own, err := e.DB.DraftPlan(bg, pe.actorOf("bnsk.manager"), c2.ID, programme.Plan{Goals: "g", Items: []programme.PlanItem{pe.item("BNSK", "Cow", 100)}})
		if err != nil {
			t.Fatal(err)
		}
		if own, err = e.DB.SubmitPlan(bg, pe.actorOf("bnsk.manager"), own.ID, own.Version); err != nil {
			t.Fatal(err)
		}
		tab2 := "/cases/" + c2.ID + "/plan"
		r = manager.Get(tab2)
		if root := parse(t, r.Body); byID(root, "form-decide") != nil || !strings.Contains(textOf(byID(root, "plan-no-decide")), "another manager") {
			t.Error("the manager who drafted is offered the decision")
		}
		r = manager.PostForm(tab2+"/approve", url.Values{"plan_id": {own.ID}, "version": {fmt.Sprint(own.Version)}})
		if r.StatusCode != http.StatusForbidden || !strings.Contains(flashError(parse(t, r.Body)), "another manager must approve") {
			t.Errorf("approving one's own plan: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		if !pe.planStatusIs(t, c2.ID, programme.PlanSubmitted) {
			t.Error("the manager approved their own plan")
		}

		// Above the approved amount (BDT 1,200.00).
		c3, p3 := pe.approvedCase(t, "BNSK")
		tab3 := "/cases/" + c3.ID + "/plan"
		pay := func(tab, item, day, amount string) *servertest.Response {
			return worker.PostForm(tab+"/payments", url.Values{"plan_item_id": {item}, "paid_on": {day}, "amount": {amount},
				"kind": {"cash"}, "delivered_by": {"Rahima Begum"}})
		}
		r = pay(tab3, p3.Items[0].ID, dhakaDay(0), "1,200.01")
		root := parse(t, r.Body)
		if fa := fieldAround(root, "pay_amount"); r.StatusCode != http.StatusConflict || !fa.hasError ||
			!strings.Contains(flashError(root), "needs a revised plan") || fa.value != "1,200.01" {
			t.Errorf("above the approved amount: %d %+v %q", r.StatusCode, fa, flashError(root))
		}
		checkPage(t, "refused payment", r.Body)
		// Mistakes of the form: every field named at once.
		r = pay(tab3, "", "tomorrow", "abc")
		root = parse(t, r.Body)
		for _, id := range []string{"pay_item", "pay_date"} {
			if fa := fieldAround(root, id); !fa.hasError {
				t.Errorf("%s not flagged: %+v", id, fa)
			}
		}
		r = pay(tab3, p3.Items[0].ID, dhakaDay(0), "abc")
		if fa := fieldAround(parse(t, r.Body), "pay_amount"); r.StatusCode != http.StatusUnprocessableEntity || !fa.hasError {
			t.Errorf("bad amount: %d %+v", r.StatusCode, fa)
		}
		if len(pe.ledgerNow(t, c3.ID)) != 0 {
			t.Error("a refused payment was written")
		}

		// On a closed case: no payment form, and posting anyway is refused.
		if _, err := e.DB.MoveCase(bg, pe.actorOf("bnsk.worker"), c3.ID, pe.caseNow(t, c3.ID).Version,
			casework.Transition{To: casework.Closed, Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		if r = worker.Get(tab3); hasForm(t, r.Body, tab3+"/payments") {
			t.Error("a closed case offers the payment form")
		}
		r = pay(tab3, p3.Items[0].ID, dhakaDay(0), "100")
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "the case is closed") {
			t.Errorf("paying on a closed case: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}

		// A payment dated before any exchange rate, and one the line cannot hold.
		// A small line of its own: USD 20.00, fully committed by an item of BDT 2,400 at 120.
		small, err := e.DB.CreateBudgetLine(bg, pe.pmActor(), programme.BudgetLine{ProjectID: pe.project.ID, OrgID: e.Orgs["BNSK"].ID,
			Category: programme.CommunityProjects, PlannedMinor: 2_000})
		if err != nil {
			t.Fatal(err)
		}
		person := pe.person(t, "BNSK", registry.Person{}, true)
		c4, err := e.DB.OpenCase(bg, pe.actorOf("bnsk.worker"), store.NewCase{PersonID: person.ID, ProjectID: pe.project.ID,
			OpenedOn: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		it := pe.item("BNSK", "Poultry shed", 240_000)
		it.BudgetLineID = small.ID
		p4, err := e.DB.DraftPlan(bg, pe.actorOf("bnsk.worker"), c4.ID, programme.Plan{Goals: "g", Items: []programme.PlanItem{it}})
		if err != nil {
			t.Fatal(err)
		}
		p4 = pe.approve(t, "BNSK", pe.submit(t, "BNSK", p4))
		tab4 := "/cases/" + c4.ID + "/plan"
		r = pay(tab4, p4.Items[0].ID, "2023-12-15", "100")
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "no exchange rate for BDT") {
			t.Errorf("no rate: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		// BDT 2,400 on 10 March 2024, at 110: USD 21.82, more than the USD 20.00 the line holds.
		r = pay(tab4, p4.Items[0].ID, "2024-03-10", "2,400")
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "no money left") {
			t.Errorf("no money left: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		if len(pe.ledgerNow(t, c4.ID)) != 0 {
			t.Error("a refused payment was written")
		}
		// A reversal without a note is refused beside that entry's form.
		c5, p5 := pe.approvedCase(t, "BNSK")
		entry := pe.pay(t, "BNSK", c5, p5, 10_000)
		r = worker.PostForm("/cases/"+c5.ID+"/plan/payments/"+entry.ID+"/reverse", url.Values{"note": {""}})
		if root := parse(t, r.Body); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(textOf(byID(root, "form-reverse-"+entry.ID)), "say why") {
			t.Errorf("reversal without a note: %d", r.StatusCode)
		}
		if len(pe.ledgerNow(t, c5.ID)) != 1 {
			t.Error("a refused reversal was written")
		}
		// An entry of another case is not found through this one.
		r = worker.PostForm("/cases/"+c3.ID+"/plan/payments/"+entry.ID+"/reverse", url.Values{"note": {"x"}})
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("entry of another case: %d", r.StatusCode)
		}
	})
}

// TestWebPlanInBangla: the tab, the form and the queue speak Bangla, with
// Bengali digits in amounts and dates.
func TestWebPlanInBangla(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		pe := newPlanEnv(t, e)
		c, p := pe.approvedCase(t, "BNSK")
		pe.pay(t, "BNSK", c, p, 50_000)
		for _, name := range []string{"bnsk.worker", "bnsk.manager", "pm"} {
			if err := e.DB.SetLang(bg, e.Users[name].ID, "bn"); err != nil {
				t.Fatal(err)
			}
		}
		worker := e.SignIn("bnsk.worker")
		r := worker.Get("/cases/" + c.ID + "/plan")
		checkPage(t, "bn tab", r.Body)
		root := parse(t, r.Body)
		if htmlLang(root) != "bn" {
			t.Errorf("lang %q", htmlLang(root))
		}
		text := shownText(t, r.Body)
		for _, want := range []string{"চালু পরিকল্পনা", "অনুমোদিত", "সহায়তা আইটেম", "ব্যবসা শুরুর অনুদান", "অর্থনৈতিক", "BDT ১,২০০.০০",
			"BDT ৫০০.০০", "নগদ", "পরিশোধ লিখুন", "সরাসরি সহায়তা"} {
			if !strings.Contains(text, want) {
				t.Errorf("the Bangla tab lacks %q", want)
			}
		}
		r = worker.PostForm("/cases/"+c.ID+"/plan/payments", url.Values{"plan_item_id": {p.Items[0].ID}, "paid_on": {dhakaDay(0)},
			"amount": {"১০,০০০"}, "kind": {"cash"}, "delivered_by": {"রহিমা"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "সংশোধিত পরিকল্পনা") {
			t.Errorf("Bangla refusal: %d %q", r.StatusCode, flashError(parse(t, r.Body)))
		}
		c2 := pe.newCase(t, "BNSK")
		r = worker.Get("/cases/" + c2.ID + "/plan/edit")
		checkPage(t, "bn form", r.Body)
		if text := shownText(t, r.Body); !strings.Contains(text, "আরেকটি আইটেম যোগ করুন") || !strings.Contains(text, "লক্ষ্য") {
			t.Error("the Bangla form is not in Bangla")
		}
		r = e.SignIn("pm").Get("/plans?status=all")
		checkPage(t, "bn queue", r.Body)
		if text := shownText(t, r.Body); !strings.Contains(text, c.Reference) || !strings.Contains(text, "অনুমোদিত") {
			t.Errorf("the Bangla queue: %q", text)
		}
	})
}
