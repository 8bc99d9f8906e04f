package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func cash(itemID, on string, amount int64, currency string) programme.LedgerEntry {
	return programme.LedgerEntry{PlanItemID: itemID, PaidOn: *date(on), AmountMinor: amount, Currency: currency, Kind: programme.Cash,
		DeliveredBy: "Rina Akter"}
}

// TestClosedCaseTakesNoApprovalOrPayment: a plan is not approved, nor a
// payment recorded or reversed, on a closed case.
func TestClosedCaseTakesNoApprovalOrPayment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		cw, mgr := pf.bnskCW.Actor(), pf.bnskMgr.Actor()
		p := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 5_000_000, programme.BDT, "shop"))
		closed, err := db.MoveCase(ctx, cw, pf.c.ID, pf.c.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApprovePlan(ctx, mgr, p.ID, p.Version); app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "closed") {
			t.Errorf("approving on a closed case: %v", err)
		}
		reopened, err := db.ReopenCase(ctx, mgr, pf.c.ID, closed.Version, "came back")
		if err != nil {
			t.Fatal(err)
		}
		p, err = db.ApprovePlan(ctx, mgr, p.ID, p.Version)
		if err != nil {
			t.Fatal(err)
		}
		entry, err := db.RecordPayment(ctx, cw, pf.c.ID, cash(p.Items[0].ID, "2024-03-10", 1_100_000, programme.BDT))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveCase(ctx, cw, pf.c.ID, reopened.Version, casework.Transition{To: casework.Closed, Reason: "support_completed"}); err != nil {
			t.Fatal(err)
		}
		_, err = db.RecordPayment(ctx, cw, pf.c.ID, cash(p.Items[0].ID, "2024-03-11", 100_000, programme.BDT))
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) != "the case is closed: no payment can be recorded on it" {
			t.Errorf("paying on a closed case: %v", err)
		}
		if _, err := db.ReversePayment(ctx, cw, entry.ID, time.Time{}, "wrong"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reversing on a closed case: %v", err)
		}
		if _, err := db.RevisePlan(ctx, cw, pf.c.ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("revising on a closed case: %v", err)
		}
		ledger, _ := db.CaseLedger(ctx, cw, pf.c.ID)
		if len(ledger) != 1 {
			t.Errorf("ledger after refusals: %d entries", len(ledger))
		}
	})
}

// TestLedgerIsAppendOnly: the database itself refuses to edit or delete a
// ledger entry, whoever asks.
func TestLedgerIsAppendOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, true)
		p := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.da, "business_startup_grant", 5_000_000, programme.BDT, "shop"))
		p, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version)
		if err != nil {
			t.Fatal(err)
		}
		e, err := db.RecordPayment(ctx, pf.bnskCW.Actor(), pf.c.ID, cash(p.Items[0].ID, "2024-03-10", 1_100_000, programme.BDT))
		if err != nil {
			t.Fatal(err)
		}
		upd, del := db.TamperLedgerForTest(ctx, e.ID)
		if upd == nil || !strings.Contains(upd.Error(), "append-only") {
			t.Errorf("the ledger accepted an UPDATE: %v", upd)
		}
		if del == nil || !strings.Contains(del.Error(), "append-only") {
			t.Errorf("the ledger accepted a DELETE: %v", del)
		}
		ledger, _ := db.CaseLedger(ctx, pf.bnskCW.Actor(), pf.c.ID)
		if len(ledger) != 1 || ledger[0].AmountMinor != 1_100_000 {
			t.Errorf("ledger after tampering: %+v", ledger)
		}
	})
}

// TestPaymentsNeedARateAndMoneyOnTheLine: without a rate neither an
// approval nor a taka payment can be converted, and each says so; a line
// whose money is paid out (the taka having fallen since approval) takes no
// more payments.
func TestPaymentsNeedARateAndMoneyOnTheLine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		pf := programmeFixture(t, db, false)
		cw := pf.bnskCW.Actor()
		// BDT 58,000 on the USD 500 community projects line.
		p := pf.draftAndSubmit(t, db, pf.c.ID, item(pf.cp, "in_kind_inputs", 5_800_000, programme.BDT, "a shared rice husker"))
		_, err := db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version)
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "no exchange rate for BDT") ||
			!strings.Contains(app.ErrorMessage(err), "ask a programme manager") {
			t.Fatalf("approval without a rate: %v", err)
		}
		pf.rate110 = pf.addRate(t, db, "2024-01-01", 110_000_000)
		pf.rate120 = pf.addRate(t, db, "2024-06-01", 120_000_000)
		// At 120: BDT 58,000 = USD 483.333... = 483.33 committed.
		p, err = db.ApprovePlan(ctx, pf.bnskMgr.Actor(), p.ID, p.Version)
		if err != nil || p.Items[0].CommittedMinor != 48_333 {
			t.Fatalf("approval: %+v %v", p, err)
		}
		itemID := p.Items[0].ID
		_, err = db.RecordPayment(ctx, cw, pf.c.ID, cash(itemID, "2023-12-15", 100_000, programme.BDT))
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
			"there is no exchange rate for BDT on or before 2023-12-15: ask a programme manager to add it first" {
			t.Errorf("payment before the first rate: %v", err)
		}
		// Paid in March at 110, the same BDT 58,000 is USD 527.27: more than the line's USD 500.
		_, err = db.RecordPayment(ctx, cw, pf.c.ID, cash(itemID, "2024-03-10", 5_800_000, programme.BDT))
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorMessage(err) !=
			"the budget line community_projects of BNSK has no money left for this payment: USD 500.00 is left and the payment is USD 527.27" {
			t.Errorf("payment past the line: %v", err)
		}
		// BDT 55,000 at 110 is exactly USD 500.00; then the line is empty.
		if _, err := db.RecordPayment(ctx, cw, pf.c.ID, cash(itemID, "2024-03-10", 5_500_000, programme.BDT)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordPayment(ctx, cw, pf.c.ID, cash(itemID, "2024-07-01", 100, programme.BDT)); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("payment on an empty line: %v", err)
		}
		checkFigures(t, figuresOf(t, db, cw, pf.pr.ID)["BNSK community_projects"], 50_000, 48_333, 50_000, 1_667)
		// The rates used cannot be rewritten under the payments.
		if _, err := db.UpdateExchangeRate(ctx, pf.pm.Actor(), pf.rate110.ID, pf.rate110.Version, 111_000_000, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("changing a used rate: %v", err)
		}
	})
}
