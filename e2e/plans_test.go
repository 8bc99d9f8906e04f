package e2e

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// planLine reads one budget line's figures from the site's store.
func (s *site) planLine(t *testing.T, projectID, lineID string) programme.Figures {
	t.Helper()
	figs, err := s.DB.BudgetFigures(context.Background(), s.actor(t, "iom.pm"), store.BudgetQuery{ProjectID: projectID})
	if err != nil {
		t.Fatalf("reading the budget: %v", err)
	}
	for _, f := range figs {
		if f.LineID == lineID {
			return f
		}
	}
	t.Fatalf("the project has no line %s", lineID)
	return programme.Figures{}
}

// planSignedIn opens a page on a new device, signing username in on the
// way (as following a link to it does), and lands on it in lang.
func (j *journey) planSignedIn(device, browserLang, username, path, lang string) *tab {
	j.t.Helper()
	tb := j.device(device, browserLang)
	tb.open("sign-in", "/signin?next="+url.QueryEscape(path), want{Lang: browserLang})
	tb.signIn("signed in", username, demoPassword, want{Path: path, Lang: lang})
	return tb
}

// planExpectLine checks the budget page's row of a line against the
// store's figures: committed and disbursed as the programme manager reads them.
func (tb *tab) planExpectLine(step string, f programme.Figures) {
	tb.t.Helper()
	row := fmt.Sprintf("#line-%s", f.LineID)
	tb.expectText(step, row+" td:nth-child(4)", programme.Money(f.Committed, f.Currency))
	tb.expectText(step, row+" td:nth-child(5)", programme.Money(f.Disbursed, f.Currency))
}

// TestPlanApprovalAndPaymentJourney: a case worker drafts a plan with two
// items on her phone's Bangla screens (adding the second row without
// JavaScript) and submits it; she is not offered the decision; her
// manager approves it; she records a payment; the programme manager's
// budget page shows the line's committed and disbursed figures move.
func TestPlanApprovalAndPaymentJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	rinaActor := j.site.actor(t, "bnsk.worker")

	// A BNSK case of the demo that has no plan yet.
	cases, _, err := j.site.DB.ListCases(ctx, rinaActor, store.CaseQuery{Status: "open", Limit: 200})
	if err != nil {
		t.Fatalf("listing the demo's cases: %v", err)
	}
	var c store.CaseRow
	for _, row := range cases {
		plans, err := j.site.DB.PlansOfCase(ctx, rinaActor, row.ID)
		if err != nil {
			t.Fatalf("reading plans: %v", err)
		}
		if len(plans) == 0 && row.Status != casework.Closed {
			c = row
			break
		}
	}
	if c.ID == "" {
		t.Fatal("the demo has no open BNSK case without a plan")
	}
	figs, err := j.site.DB.BudgetFigures(ctx, rinaActor, store.BudgetQuery{ProjectID: c.ProjectID, OrgID: c.OrgID})
	if err != nil {
		t.Fatalf("reading the budget: %v", err)
	}
	var line programme.Figures
	for _, f := range figs {
		if f.Category == programme.DirectAssistance {
			line = f
		}
	}
	if line.LineID == "" || line.Remaining < 50_000 {
		t.Fatalf("the demo's BNSK direct assistance line has too little left: %+v", line)
	}
	tab, edit := "/cases/"+c.ID+"/plan", "/cases/"+c.ID+"/plan/edit"
	budget := "/projects/" + c.ProjectID

	farzana := j.planSignedIn("programme manager", "en", "iom.pm", budget, "en")
	before := j.site.planLine(t, c.ProjectID, line.LineID)
	farzana.planExpectLine("budget before", before)

	rina := j.planSignedIn("case worker", "bn", "bnsk.worker", tab, "bn")
	rina.click("new plan", "#plan-draft", want{Path: edit, Lang: "bn"})
	rina.fill("#goals", "নিজের সেলাইয়ের দোকান চালু করা")
	fillRow := func(i int, typ, dimension, what, amount string) {
		id := fmt.Sprintf("#item-%d-", i)
		rina.choose(id+"type", typ)
		rina.choose(id+"dimension", dimension)
		rina.choose(id+"level", "individual")
		rina.fill(id+"description", what)
		rina.fill(id+"amount", amount)
		rina.choose(id+"line", line.LineID)
		rina.setDate(id+"target", iso(dhakaToday().AddDate(0, 2, 0)))
	}
	fillRow(0, "business_startup_grant", "economic", "সেলাই মেশিন", "১২,০০০")
	rina.click("another item", "#plan-add-item", want{Path: edit, Lang: "bn"})
	if rina.count("#item-1-description") != 1 || rina.value("#item-0-description") != "সেলাই মেশিন" {
		t.Fatalf("adding a row: second row %d, first row holds %q", rina.count("#item-1-description"), rina.value("#item-0-description"))
	}
	fillRow(1, "vocational_training", "economic", "দর্জি প্রশিক্ষণ", "৬,০০০")
	rina.click("draft saved", "#plan-save", want{Path: tab, Lang: "bn"})
	if n := rina.count("#plan-open table.plan-items tbody tr"); n != 2 {
		t.Fatalf("the draft shows %d items, want 2", n)
	}
	rina.click("submitted", "#form-submit button[type=submit]", want{Path: tab, Lang: "bn"})
	rina.expectText("submitted", "#plan-open .badge", tr("plan_status.submitted"))
	// The drafter cannot approve: no decision is offered, only the wait.
	if rina.count("#form-decide") != 0 || rina.count("#plan-waiting") != 1 {
		t.Errorf("the case worker who drafted the plan is offered the decision")
	}

	shirin := j.planSignedIn("manager", "bn", "bnsk.manager", tab, "bn")
	shirin.click("approved", "#plan-approve", want{Path: tab, Lang: "bn"})
	shirin.expectText("approved", "#plan-current .badge", tr("plan_status.approved"))

	plans, err := j.site.DB.PlansOfCase(ctx, rinaActor, c.ID)
	if err != nil || len(plans) != 1 || plans[0].Status != programme.PlanApproved {
		t.Fatalf("after approval: %+v %v", plans, err)
	}
	var committed int64
	for _, it := range plans[0].Items {
		committed += it.CommittedMinor
	}
	farzana.open("budget after approval", budget, want{Path: budget, Lang: "en"})
	approved := j.site.planLine(t, c.ProjectID, line.LineID)
	if approved.Committed != before.Committed+committed || committed <= 0 || approved.Disbursed != before.Disbursed {
		t.Errorf("approval moved committed by %d (want %d) and disbursed by %d", approved.Committed-before.Committed, committed,
			approved.Disbursed-before.Disbursed)
	}
	farzana.planExpectLine("budget after approval", approved)

	rina.open("plan approved", tab, want{Path: tab, Lang: "bn"})
	rina.choose("#pay_item", plans[0].Items[0].ID)
	rina.fill("#pay_amount", "৫,০০০")
	rina.choose("#pay_kind", "in_kind")
	rina.fill("#pay_vendor", "সিঙ্গার বাংলাদেশ")
	rina.fill("#pay_receipt", "SB-2291")
	rina.click("payment recorded", "#form-pay button[type=submit]", want{Path: tab, Lang: "bn"})
	if n := rina.count("#ledger-table tbody tr"); n != 1 {
		t.Fatalf("the ledger shows %d entries, want 1", n)
	}
	ledger, err := j.site.DB.CaseLedger(ctx, rinaActor, c.ID)
	if err != nil || len(ledger) != 1 || ledger[0].AmountMinor != 500_000 || ledger[0].Currency != programme.BDT {
		t.Fatalf("the ledger: %+v %v", ledger, err)
	}

	farzana.open("budget after payment", budget, want{Path: budget, Lang: "en"})
	paid := j.site.planLine(t, c.ProjectID, line.LineID)
	if paid.Disbursed != approved.Disbursed+ledger[0].USDMinor || paid.Committed != approved.Committed {
		t.Errorf("the payment moved disbursed by %d, want %d", paid.Disbursed-approved.Disbursed, ledger[0].USDMinor)
	}
	farzana.planExpectLine("budget after payment", paid)
}
