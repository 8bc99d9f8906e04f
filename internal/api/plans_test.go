package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// planWorld is a regWorld with budget lines set by the programme manager:
//
//	BNSK  direct assistance   USD 2,000.00
//	WARBE direct assistance   USD 1,000.00
//
// and the taka rates 110.00 from 2024-01-01 and 120.00 from 2024-06-01
// (every approval, made today, converts at 120).
type planWorld struct {
	*regWorld
	bnskDA, warbeDA programme.BudgetLine
}

func newPlanWorld(t *testing.T, e *servertest.Env) *planWorld {
	t.Helper()
	w := &planWorld{regWorld: newRegWorld(t, e)}
	pm := w.actor("pm")
	line := func(org string, planned int64) programme.BudgetLine {
		l, err := e.DB.CreateBudgetLine(regCtx, pm, programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs[org].ID,
			Category: programme.DirectAssistance, PlannedMinor: planned})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	w.bnskDA, w.warbeDA = line("BNSK", 200_000), line("WARBE", 100_000)
	for _, r := range []struct {
		from string
		rate int64
	}{{"2024-01-01", 110_000_000}, {"2024-06-01", 120_000_000}} {
		if _, err := e.DB.AddExchangeRate(regCtx, pm, programme.ExchangeRate{ValidFrom: *regDate(r.from), RateMicro: r.rate}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// oldCase opens a BNSK case dated 1 December 2023, so that payments may
// be dated in 2024.
func (w *planWorld) oldCase() casework.Case {
	w.t.Helper()
	c, err := w.e.DB.OpenCase(regCtx, w.actor("bnsk.worker"), store.NewCase{PersonID: w.fresh("bnsk.worker").ID, ProjectID: w.project.ID,
		OpenedOn: *regDate("2023-12-01")})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *planWorld) item(line programme.BudgetLine, typ string, amount int64, currency, what string) programme.PlanItem {
	return programme.PlanItem{Dimension: "economic", Level: "individual", Type: typ, Description: what, AmountMinor: amount,
		Currency: currency, BudgetLineID: line.ID, ResponsibleOrgID: line.OrgID, TargetDate: time.Now().UTC().AddDate(0, 3, 0).Truncate(24 * time.Hour)}
}

// draft, submitted and approved bring a fresh BNSK case's plan (one item
// of BDT 1,200.00) to a stage through the store.
func (w *planWorld) draft() programme.Plan {
	w.t.Helper()
	p, err := w.e.DB.DraftPlan(regCtx, w.actor("bnsk.worker"), w.freshCase("bnsk.worker").ID, programme.Plan{Goals: "A shop",
		Items: []programme.PlanItem{w.item(w.bnskDA, "business_startup_grant", 120_000, programme.BDT, "Stock")}})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *planWorld) submitted() programme.Plan {
	w.t.Helper()
	p := w.draft()
	p, err := w.e.DB.SubmitPlan(regCtx, w.actor("bnsk.worker"), p.ID, p.Version)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *planWorld) approved() programme.Plan {
	w.t.Helper()
	p := w.submitted()
	p, err := w.e.DB.ApprovePlan(regCtx, w.actor("bnsk.manager"), p.ID, p.Version)
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *planWorld) paid() programme.LedgerEntry {
	w.t.Helper()
	p := w.approved()
	e, err := w.e.DB.RecordPayment(regCtx, w.actor("bnsk.worker"), p.CaseID, programme.LedgerEntry{PlanItemID: p.Items[0].ID,
		PaidOn: planToday(), AmountMinor: 10_000, Currency: programme.BDT, Kind: programme.Cash, DeliveredBy: "Rina"})
	if err != nil {
		w.t.Fatal(err)
	}
	return e
}

func planToday() time.Time {
	t := time.Now().In(time.FixedZone("BST", 6*3600))
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func planVersionBody(p programme.Plan) string { return fmt.Sprintf(`{"version":%d}`, p.Version) }

// planItemJSON is an item as a client sends it.
func planItemJSON(line programme.BudgetLine, typ string, amount int64, currency, what string) map[string]any {
	return map[string]any{"dimension": "economic", "level": "individual", "type": typ, "description": what, "amount_minor": amount,
		"currency": currency, "budget_line_id": line.ID, "responsible_org_id": line.OrgID,
		"target_date": time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}
}

// planMatrix is the access policy of the plan and ledger routes.
func planMatrix(w *planWorld) []regRow {
	e := w.e
	base := w.approved()
	deciders := want(http.StatusForbidden, map[string]int{"bnsk.manager": 200, "warbe.manager": 404, "warbe.worker": 404})
	return []regRow{
		{"list plans", "GET", "/plans", func(string) regCall { return regCall{query: "status=approved"} }, readers(200),
			func(t *testing.T, user string, r *resp) {
				orgs := orgsSeen(t, r)
				if strings.HasPrefix(user, "warbe") && len(orgs) != 0 || !strings.HasPrefix(user, "warbe") && len(orgs) == 0 {
					t.Errorf("%s sees plans of %v", user, orgs)
				}
			}},
		{"plans of a case", "GET", "/cases/{id}/plans", func(string) regCall { return regCall{params: map[string]string{"id": base.CaseID}} },
			readBNSK(200), func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "status") != "approved" {
					t.Errorf("plans %s", r.Body)
				}
			}},
		{"draft a plan", "POST", "/cases/{id}/plans", func(string) regCall {
			return regCall{params: map[string]string{"id": w.freshCase("bnsk.worker").ID},
				body: jsonBody(map[string]any{"goals": "g", "items": []any{planItemJSON(w.bnskDA, "job_placement", 100, "BDT", "Placement")}})}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "draft" || jversion(j) != 1 {
				t.Errorf("drafted %s", r.Body)
			}
		}},
		{"revise a plan", "POST", "/cases/{id}/plans/revision", func(string) regCall {
			return regCall{params: map[string]string{"id": w.approved().CaseID}}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "draft" || j["number"] != float64(2) {
				t.Errorf("revision %s", r.Body)
			}
		}},
		{"read a plan", "GET", "/plans/{id}", func(string) regCall { return regCall{params: map[string]string{"id": base.ID}} }, readBNSK(200), nil},
		{"save a plan", "PUT", "/plans/{id}", func(string) regCall {
			p := w.draft()
			return regCall{params: map[string]string{"id": p.ID}, body: jsonBody(map[string]any{"goals": "changed", "version": p.Version,
				"items": []any{planItemJSON(w.bnskDA, "job_placement", 200, "BDT", "Placement")}})}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "goals") != "changed" || jversion(j) != 2 {
				t.Errorf("saved %s", r.Body)
			}
		}},
		{"submit a plan", "POST", "/plans/{id}/submit", func(string) regCall {
			p := w.draft()
			return regCall{params: map[string]string{"id": p.ID}, body: planVersionBody(p)}
		}, writeBNSK(200), nil},
		{"approve a plan", "POST", "/plans/{id}/approve", func(string) regCall {
			p := w.submitted()
			return regCall{params: map[string]string{"id": p.ID}, body: planVersionBody(p)}
		}, deciders, func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "approved" || jstr(j, "decided_by_name") != "bnsk.manager" {
				t.Errorf("approved %s", r.Body)
			}
		}},
		{"return a plan", "POST", "/plans/{id}/return", func(string) regCall {
			p := w.submitted()
			return regCall{params: map[string]string{"id": p.ID}, body: fmt.Sprintf(`{"version":%d,"comment":"Add a market survey"}`, p.Version)}
		}, deciders, func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "returned" || jstr(j, "decision_note") != "Add a market survey" {
				t.Errorf("returned %s", r.Body)
			}
		}},
		{"read a ledger", "GET", "/cases/{id}/ledger", func(string) regCall { return regCall{params: map[string]string{"id": base.CaseID}} },
			readBNSK(200), nil},
		{"record a payment", "POST", "/cases/{id}/ledger", func(string) regCall {
			p := w.approved()
			return regCall{params: map[string]string{"id": p.CaseID}, body: jsonBody(map[string]any{"plan_item_id": p.Items[0].ID,
				"paid_on": planToday().Format(time.DateOnly), "amount_minor": 50_000, "currency": "BDT", "kind": "cash", "delivered_by": "Rina"})}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); j["amount_minor"] != float64(50_000) || j["usd_minor"] != float64(417) {
				t.Errorf("paid %s", r.Body)
			}
		}},
		{"reverse a payment", "POST", "/ledger-entries/{id}/reversal", func(string) regCall {
			return regCall{params: map[string]string{"id": w.paid().ID}, body: `{"note":"paid twice"}`}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); j["amount_minor"] != float64(-10_000) || jstr(j, "reverses_id") == "" {
				t.Errorf("reversed %s", r.Body)
			}
		}},
		// Not mentioned above: anyone's, e.g. a token of WARBE's on BNSK's.
		{"read a plan of WARBE", "GET", "/plans/{id}", func(string) regCall {
			c := w.freshCase("warbe.worker")
			p, err := e.DB.DraftPlan(regCtx, w.actor("warbe.worker"), c.ID, programme.Plan{Goals: "g"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": p.ID}}
		}, want(403, map[string]int{"pm": 200, "bnsk.manager": 404, "bnsk.worker": 404, "warbe.manager": 200, "warbe.worker": 200}), nil},
	}
}

func TestPlanRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newPlanWorld(t, e)
		runMatrix(t, newAPI(t, e), planMatrix(w), nil)
	})
}

// Every route tagged plans is in the matrix.
func TestPlanRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		covered := map[string]bool{}
		for _, r := range planMatrix(newPlanWorld(t, e)) {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "plans" {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != 12 {
			t.Errorf("%d operations tagged plans, want 12", mine)
		}
	})
}

// TestPlanFlowThroughTheAPI is the whole flow through HTTP: a plan drafted
// and submitted by a case worker, refused to the drafter, approved by the
// manager; payments in taka at two dated rates and in dollars; a
// reversal; the budget figures against totals worked out by hand; and the
// refusals: above the approved amount, in another currency, without an
// exchange rate, against a line with no money left, on a closed case.
func TestPlanFlowThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newPlanWorld(t, e)
		a := newAPI(t, e)
		cw, mgr, pm := e.Token("bnsk.worker"), e.Token("bnsk.manager"), e.Token("pm")
		ok := func(what string, r *resp, status int) map[string]any {
			t.Helper()
			if r.Status != status {
				t.Fatalf("%s: %d %s", what, r.Status, r.Body)
			}
			return r.JSON(t)
		}
		c := w.oldCase()
		cid := map[string]string{"id": c.ID}

		// Draft: BDT 60,000.00 (USD 500.00 at 120) and USD 300.00.
		j := ok("draft", a.do(cw, "POST", "/cases/{id}/plans", cid, "", jsonBody(map[string]any{"goals": "A grocery shop",
			"items": []any{planItemJSON(w.bnskDA, "business_startup_grant", 6_000_000, "BDT", "Grocery stock"),
				planItemJSON(w.bnskDA, "vocational_training", 30_000, "USD", "Shopkeeping course")}})), 201)
		pid := map[string]string{"id": jstr(j, "id")}
		j = ok("submit", a.do(cw, "POST", "/plans/{id}/submit", pid, "", fmt.Sprintf(`{"version":%d}`, jversion(j))), 200)
		if jstr(j, "status") != "submitted" || jstr(j, "submitted_by_name") != "bnsk.worker" {
			t.Errorf("submitted %v", j)
		}
		// The queue shows it to the manager.
		r := a.do(mgr, "GET", "/plans", nil, "status=submitted", "")
		if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != pid["id"] || items[0]["total_minor"] != float64(0) ||
			items[0]["currency"] != nil || jstr(items[0], "case_reference") != c.Reference {
			t.Errorf("queue %s", r.Body)
		}
		version := fmt.Sprintf(`{"version":%d}`, jversion(j))
		if r := a.do(cw, "POST", "/plans/{id}/approve", pid, "", version); r.Status != 403 || !strings.Contains(r.Body, "organisation manager") {
			t.Errorf("the drafter approving: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "POST", "/plans/{id}/approve", pid, "", `{"version":1}`); r.Status != 409 {
			t.Errorf("stale approval: %d %s", r.Status, r.Body)
		}
		j = ok("approve", a.do(mgr, "POST", "/plans/{id}/approve", pid, "", version), 200)
		items, _ := j["items"].([]any)
		if jstr(j, "status") != "approved" || len(items) != 2 || items[0].(map[string]any)["committed_minor"] != float64(50_000) ||
			items[1].(map[string]any)["committed_minor"] != float64(30_000) {
			t.Fatalf("approved %v", j)
		}
		grant, course := jstr(items[0].(map[string]any), "id"), jstr(items[1].(map[string]any), "id")

		pay := func(item, day string, amount int64, currency string) *resp {
			return a.do(cw, "POST", "/cases/{id}/ledger", cid, "", jsonBody(map[string]any{"plan_item_id": item, "paid_on": day,
				"amount_minor": amount, "currency": currency, "kind": "in_kind", "vendor": "Rahman Traders", "receipt_ref": "RT-1",
				"delivered_by": "Rahima Begum"}))
		}
		// BDT 22,000.00 on 10 March 2024 at 110: USD 200.00.
		if j := ok("pay 1", pay(grant, "2024-03-10", 2_200_000, "BDT"), 201); j["usd_minor"] != float64(20_000) || j["rate_micro"] != float64(110_000_000) {
			t.Errorf("payment 1 %v", j)
		}
		// BDT 11,000.00 on 1 July 2024 at 120: USD 91.666... = 91.67.
		if j := ok("pay 2", pay(grant, "2024-07-01", 1_100_000, "BDT"), 201); j["usd_minor"] != float64(9_167) {
			t.Errorf("payment 2 %v", j)
		}
		// USD 100.00, reversed, then USD 300.00: the reversal frees the item's amount.
		mistake := ok("pay 3", pay(course, "2024-07-02", 10_000, "USD"), 201)
		rev := ok("reverse", a.do(cw, "POST", "/ledger-entries/{id}/reversal", map[string]string{"id": jstr(mistake, "id")}, "",
			`{"paid_on":"2024-07-03","note":"paid the wrong course"}`), 201)
		if rev["amount_minor"] != float64(-10_000) || rev["usd_minor"] != float64(-10_000) || jstr(rev, "reverses_id") != jstr(mistake, "id") {
			t.Errorf("reversal %v", rev)
		}
		if r := a.do(cw, "POST", "/ledger-entries/{id}/reversal", map[string]string{"id": jstr(mistake, "id")}, "", `{"note":"again"}`); r.Status != 409 {
			t.Errorf("reversing twice: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/ledger-entries/{id}/reversal", map[string]string{"id": jstr(rev, "id")}, "", `{"note":"undo"}`); r.Status != 409 {
			t.Errorf("reversing a reversal: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/ledger-entries/{id}/reversal", map[string]string{"id": jstr(rev, "id")}, "", `{}`); r.Status != 422 || r.Errors(t)["note"] == nil {
			t.Errorf("reversal without a note: %d %s", r.Status, r.Body)
		}
		ok("pay 4", pay(course, "2024-07-04", 30_000, "USD"), 201)

		// Refusals, each with its plain reason and nothing written.
		// BDT 33,000.00 paid of 60,000.00: 27,000.01 more is too much.
		if r := pay(grant, "2024-07-05", 2_700_001, "BDT"); r.Status != 409 || r.Errors(t)["amount_minor"] == nil ||
			!strings.Contains(r.Body, "needs a revised plan") {
			t.Errorf("above the approved amount: %d %s", r.Status, r.Body)
		}
		if r := pay(grant, "2024-07-05", 100, "USD"); r.Status != 422 || r.Errors(t)["currency"] == nil {
			t.Errorf("another currency: %d %s", r.Status, r.Body)
		}
		if r := pay(grant, "2023-12-15", 100, "BDT"); r.Status != 409 || !strings.Contains(r.Body, "no exchange rate") {
			t.Errorf("no rate: %d %s", r.Status, r.Body)
		}
		if r := pay(grant, "2024-07-05", 0, "BDT"); r.Status != 422 || r.Errors(t)["amount_minor"] == nil {
			t.Errorf("zero: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/cases/{id}/ledger", cid, "", `{"plan_item_id":"x","paid_on":"2024-13-01","currency":"BDT","kind":"cash","delivered_by":"R"}`); r.Status != 422 ||
			r.Errors(t)["paid_on"] == nil || r.Errors(t)["amount_minor"] == nil {
			t.Errorf("bad payment body: %d %s", r.Status, r.Body)
		}

		// The ledger and the plan say what was paid.
		r = a.do(pm, "GET", "/cases/{id}/ledger", cid, "", "")
		entries := r.Items(t)
		if len(entries) != 5 || jstr(entries[2], "reversed_by") != jstr(rev, "id") || jstr(entries[3], "reverses_id") != jstr(mistake, "id") {
			t.Errorf("ledger %s", r.Body)
		}
		j = ok("plan", a.do(cw, "GET", "/plans/{id}", pid, "", ""), 200)
		items, _ = j["items"].([]any)
		if items[0].(map[string]any)["paid_minor"] != float64(3_300_000) || items[1].(map[string]any)["paid_minor"] != float64(30_000) {
			t.Errorf("paid on items %v", items)
		}

		// The budget, by hand: committed 500.00 + 300.00; disbursed
		// 200.00 + 91.67 + 100.00 - 100.00 + 300.00 = 591.67.
		j = ok("budget", a.do(e.Token("viewer"), "GET", "/projects/{id}/budget", map[string]string{"id": w.project.ID}, "", ""), 200)
		lines, _ := j["lines"].([]any)
		var bnsk map[string]any
		for _, l := range lines {
			if m := l.(map[string]any); jstr(m, "line_id") == w.bnskDA.ID {
				bnsk = m
			}
		}
		if bnsk == nil || bnsk["planned_minor"] != float64(200_000) || bnsk["committed_minor"] != float64(80_000) ||
			bnsk["disbursed_minor"] != float64(59_167) || bnsk["remaining_minor"] != float64(120_000) {
			t.Errorf("BNSK line %v", bnsk)
		}
		total, _ := j["total"].(map[string]any)
		if total["planned_minor"] != float64(300_000) || total["committed_minor"] != float64(80_000) || total["disbursed_minor"] != float64(59_167) ||
			total["remaining_minor"] != float64(220_000) {
			t.Errorf("total %v", total)
		}

		// A line with no money left: USD 20.00, committed whole by BDT 2,400
		// at 120; paying it on 10 March 2024 at 110 would disburse USD 21.82.
		small, err := e.DB.CreateBudgetLine(regCtx, w.actor("pm"), programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs["BNSK"].ID,
			Category: programme.CommunityProjects, PlannedMinor: 2_000})
		if err != nil {
			t.Fatal(err)
		}
		c2 := w.oldCase()
		j = ok("draft 2", a.do(cw, "POST", "/cases/{id}/plans", map[string]string{"id": c2.ID}, "", jsonBody(map[string]any{"goals": "Poultry",
			"items": []any{planItemJSON(small, "in_kind_inputs", 240_000, "BDT", "Poultry shed")}})), 201)
		p2 := map[string]string{"id": jstr(j, "id")}
		j = ok("submit 2", a.do(cw, "POST", "/plans/{id}/submit", p2, "", fmt.Sprintf(`{"version":%d}`, jversion(j))), 200)
		j = ok("approve 2", a.do(mgr, "POST", "/plans/{id}/approve", p2, "", fmt.Sprintf(`{"version":%d}`, jversion(j))), 200)
		item2 := jstr(j["items"].([]any)[0].(map[string]any), "id")
		r = a.do(cw, "POST", "/cases/{id}/ledger", map[string]string{"id": c2.ID}, "", jsonBody(map[string]any{"plan_item_id": item2,
			"paid_on": "2024-03-10", "amount_minor": 240_000, "currency": "BDT", "kind": "cash", "delivered_by": "Rahima Begum"}))
		if r.Status != 409 || !strings.Contains(r.Body, "no money left") {
			t.Errorf("line with no money left: %d %s", r.Status, r.Body)
		}
		// Approving more than a line holds is refused too.
		c3 := w.oldCase()
		j = ok("draft 3", a.do(cw, "POST", "/cases/{id}/plans", map[string]string{"id": c3.ID}, "", jsonBody(map[string]any{"goals": "More",
			"items": []any{planItemJSON(small, "in_kind_inputs", 100, "USD", "Feed")}})), 201)
		p3 := map[string]string{"id": jstr(j, "id")}
		j = ok("submit 3", a.do(cw, "POST", "/plans/{id}/submit", p3, "", fmt.Sprintf(`{"version":%d}`, jversion(j))), 200)
		if r := a.do(mgr, "POST", "/plans/{id}/approve", p3, "", fmt.Sprintf(`{"version":%d}`, jversion(j))); r.Status != 409 || !strings.Contains(r.Body, "overdraw") {
			t.Errorf("overdrawing approval: %d %s", r.Status, r.Body)
		}

		// Closing the case: no more payments.
		cv := ok("case", a.do(cw, "GET", "/cases/{id}", cid, "", ""), 200)
		ok("close", a.do(cw, "POST", "/cases/{id}/transitions", cid, "", fmt.Sprintf(`{"to":"closed","reason":"moved_away","version":%d}`, jversion(cv))), 200)
		if r := pay(grant, "2024-07-05", 100, "BDT"); r.Status != 409 || !strings.Contains(r.Body, "the case is closed") {
			t.Errorf("paying on a closed case: %d %s", r.Status, r.Body)
		}
		r = a.do(pm, "GET", "/cases/{id}/ledger", cid, "", "")
		if n := len(r.Items(t)); n != 5 {
			t.Errorf("refusals wrote entries: %d", n)
		}
	})
}

// TestPlanRevisionsAtOnce: two people revising the same plan, then two
// saving the same version: the second gets 409 and nothing of theirs is
// written; a return needs a comment; the returned version is edited and
// approved, superseding the first.
func TestPlanRevisionsAtOnce(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newPlanWorld(t, e)
		a := newAPI(t, e)
		cw, mgr := e.Token("bnsk.worker"), e.Token("bnsk.manager")
		first := w.approved()
		cid := map[string]string{"id": first.CaseID}
		r := a.do(cw, "POST", "/cases/{id}/plans/revision", cid, "", "")
		if r.Status != 201 {
			t.Fatalf("revise: %d %s", r.Status, r.Body)
		}
		rev := r.JSON(t)
		if r := a.do(mgr, "POST", "/cases/{id}/plans/revision", cid, "", ""); r.Status != 409 || !strings.Contains(r.Body, "still being prepared") {
			t.Errorf("second revision: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "POST", "/cases/{id}/plans", cid, "", `{"goals":"x"}`); r.Status != 409 {
			t.Errorf("a new draft beside the revision: %d %s", r.Status, r.Body)
		}
		pid := map[string]string{"id": jstr(rev, "id")}
		key := jstr(rev["items"].([]any)[0].(map[string]any), "key")
		save := func(token, goals string, version int) *resp {
			it := planItemJSON(w.bnskDA, "business_startup_grant", 150_000, "BDT", "More stock")
			it["key"] = key
			return a.do(token, "PUT", "/plans/{id}", pid, "", jsonBody(map[string]any{"goals": goals, "version": version, "items": []any{it}}))
		}
		v := jversion(rev)
		if r := save(cw, "The worker's goals", v); r.Status != 200 {
			t.Fatalf("first save: %d %s", r.Status, r.Body)
		}
		if r := save(mgr, "The manager's goals", v); r.Status != 409 || !strings.Contains(r.Body, "someone else changed this plan") {
			t.Errorf("second save: %d %s", r.Status, r.Body)
		}
		r = a.do(mgr, "GET", "/plans/{id}", pid, "", "")
		got := r.JSON(t)
		if jstr(got, "goals") != "The worker's goals" || jversion(got) != v+1 {
			t.Errorf("after the refused save: %s", r.Body)
		}
		if r := save(cw, "no version", 0); r.Status != 422 || r.Errors(t)["version"] == nil {
			t.Errorf("save without a version: %d %s", r.Status, r.Body)
		}
		// An item's field named with its index.
		bad := a.do(cw, "PUT", "/plans/{id}", pid, "", jsonBody(map[string]any{"goals": "g", "version": v + 1,
			"items": []any{map[string]any{"dimension": "economic", "level": "x", "type": "referral", "description": "", "amount_minor": 5,
				"responsible_org_id": e.Orgs["BNSK"].ID, "target_date": "soon"}}}))
		if errs := bad.Errors(t); bad.Status != 422 || errs["items.0.level"] == nil || errs["items.0.description"] == nil ||
			errs["items.0.target_date"] == nil || errs["items.0.budget_line_id"] == nil {
			t.Errorf("bad item: %d %s", bad.Status, bad.Body)
		}

		j := a.do(cw, "POST", "/plans/{id}/submit", pid, "", fmt.Sprintf(`{"version":%d}`, v+1)).JSON(t)
		if r := a.do(mgr, "POST", "/plans/{id}/return", pid, "", fmt.Sprintf(`{"version":%d,"comment":"  "}`, jversion(j))); r.Status != 422 || r.Errors(t)["comment"] == nil {
			t.Errorf("return without a comment: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "POST", "/plans/{id}/approve", pid, "", fmt.Sprintf(`{"version":%d,"comment":"x"}`, jversion(j))); r.Status != 422 || r.Errors(t)["comment"] == nil {
			t.Errorf("approval with a comment: %d %s", r.Status, r.Body)
		}
		j = a.do(mgr, "POST", "/plans/{id}/return", pid, "", fmt.Sprintf(`{"version":%d,"comment":"Say where the shop will be"}`, jversion(j))).JSON(t)
		if jstr(j, "status") != "returned" || jstr(j, "decision_note") != "Say where the shop will be" {
			t.Fatalf("returned %v", j)
		}
		if r := save(cw, "The shop will be in the bazaar", jversion(j)); r.Status != 200 || jstr(r.JSON(t), "status") != "draft" {
			t.Fatalf("save the returned version: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "GET", "/plans/{id}", pid, "", "")
		j = a.do(cw, "POST", "/plans/{id}/submit", pid, "", fmt.Sprintf(`{"version":%d}`, jversion(r.JSON(t)))).JSON(t)
		if r := a.do(mgr, "POST", "/plans/{id}/approve", pid, "", fmt.Sprintf(`{"version":%d}`, jversion(j))); r.Status != 200 {
			t.Fatalf("approve the revision: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "GET", "/cases/{id}/plans", cid, "", "")
		if plans := r.Items(t); len(plans) != 2 || jstr(plans[0], "status") != "approved" || jstr(plans[1], "status") != "superseded" ||
			plans[1]["superseded_at"] == nil {
			t.Errorf("versions %s", r.Body)
		}
		// The queue's filters.
		if r := a.do(mgr, "GET", "/plans", nil, "status=superseded&created_by="+e.Users["bnsk.worker"].ID, ""); len(r.Items(t)) != 1 {
			t.Errorf("filtered queue %s", r.Body)
		}
		if r := a.do(mgr, "GET", "/plans", nil, "status=pending", ""); r.Status != 422 || r.Errors(t)["status"] == nil {
			t.Errorf("unknown status: %d %s", r.Status, r.Body)
		}
		if r := a.do(mgr, "GET", "/plans", nil, "limit=0", ""); r.Status != 422 || r.Errors(t)["limit"] == nil {
			t.Errorf("limit 0: %d %s", r.Status, r.Body)
		}
		if r := a.do(e.Token("pm"), "GET", "/plans", nil, "org_id="+e.Orgs["WARBE"].ID, ""); len(r.Items(t)) != 0 {
			t.Errorf("WARBE's plans: %s", r.Body)
		}
	})
}
