package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/programme"
)

// The assistance ledger is append-only (triggers refuse UPDATE and DELETE
// on both engines): payments are recorded, mistakes reversed, nothing edited.

// RecordPayment records a delivery of assistance against an item of the
// case's approved plan. It is refused on a closed case, above what the plan
// approves for the item (net of reversals, in the item's currency), when no
// exchange rate covers the payment date, and when the item's budget line has
// no money left to pay out.
func (db *DB) RecordPayment(ctx context.Context, a app.Actor, caseID string, e programme.LedgerEntry) (programme.LedgerEntry, error) {
	if !e.PaidOn.IsZero() {
		e.PaidOn = dateOnly(e.PaidOn)
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCaseRow(ctx, a, caseID)
		if err != nil {
			return err
		}
		if c.Status == casework.Closed {
			return app.Errorf(app.ECONFLICT, "the case is closed: no payment can be recorded on it")
		}
		if err := e.ValidatePayment(today(), c.OpenedOn); err != nil {
			return err
		}
		var status string
		var approved int64
		var currency, line string
		err = tx.queryRow(ctx, `SELECT i.plan_id, i.item_key, i.amount_minor, i.currency, COALESCE(i.budget_line_id, ''), i.description, p.status
			FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE i.id = ? AND p.case_id = ?`, e.PlanItemID, c.ID).Scan(
			&e.PlanID, &e.ItemKey, &approved, &currency, &line, &e.ItemDescription, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return app.FieldError("plan_item_id", "choose an item of this case's plan")
		}
		if err != nil {
			return dbError(err)
		}
		if status != programme.PlanApproved {
			return app.FieldError("plan_item_id", "payments are made against the items of the approved plan: choose an item of the plan in force")
		}
		if e.Currency != currency {
			return app.FieldError("currency", "pay in the currency the plan gives for this item")
		}
		var paid int64
		if err := tx.queryRow(ctx, "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_entries WHERE case_id = ? AND item_key = ?",
			c.ID, e.ItemKey).Scan(&paid); err != nil {
			return dbError(err)
		}
		if err := programme.CheckItemPayment(approved, paid, e.AmountMinor, currency); err != nil {
			return err
		}
		rate, err := tx.rateOn(ctx, e.Currency, e.PaidOn)
		if err != nil {
			return err
		}
		if e.USDMinor, err = programme.Convert(e.AmountMinor, e.Currency, programme.AccountingCurrency, rate); err != nil {
			return err
		}
		e.RateID, e.RateMicro = "", 0
		if rate != nil {
			e.RateID, e.RateMicro = rate.ID, rate.RateMicro
		}
		e.BudgetLineID = line
		if err := tx.lockLines(ctx, []string{line}); err != nil {
			return err
		}
		f, err := tx.lineFigures(ctx, line)
		if err != nil {
			return err
		}
		if err := programme.CheckPayout(f, e.USDMinor); err != nil {
			return err
		}
		e.CaseID, e.OrgID, e.ReversesID, e.ReversedBy = c.ID, c.OrgID, "", ""
		if err := tx.insertEntry(ctx, a, &e); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPayment,
			Body: programme.Money(e.AmountMinor, e.Currency), RefID: e.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActPayment, "ledger_entry", e.ID, c.OrgID, map[string]any{"case": c.ID, "item": e.PlanItemID,
			"amount_minor": e.AmountMinor, "currency": e.Currency, "usd_minor": e.USDMinor, "paid_on": e.PaidOn.Format(time.DateOnly)})
	})
	return e, err
}

func (tx *Tx) insertEntry(ctx context.Context, a app.Actor, e *programme.LedgerEntry) error {
	e.ID, e.CreatedBy, e.CreatedByName, e.CreatedAt = NewID(), a.UserID, a.Username, now()
	var rateMicro any
	if e.RateID != "" {
		rateMicro = e.RateMicro
	}
	_, err := tx.exec(ctx, `INSERT INTO ledger_entries (id, case_id, org_id, plan_id, plan_item_id, item_key, budget_line_id, paid_on,
		amount_minor, currency, usd_minor, rate_id, rate_micro, kind, vendor, receipt_ref, delivered_by, note, reverses_id,
		created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.CaseID, e.OrgID, e.PlanID, e.PlanItemID, e.ItemKey, e.BudgetLineID, e.PaidOn, e.AmountMinor, e.Currency, e.USDMinor,
		nullString(e.RateID), rateMicro, e.Kind, e.Vendor, e.ReceiptRef, e.DeliveredBy, e.Note, nullString(e.ReversesID),
		nullString(e.CreatedBy), e.CreatedByName, e.CreatedAt)
	if isUniqueViolation(err) {
		return app.Errorf(app.ECONFLICT, "this entry has already been reversed")
	}
	return dbError(err)
}

// ReversePayment corrects a ledger entry by recording its exact opposite
// (same item, line, currency and rate), dated on (zero: today), with a note
// saying why. An entry is reversed at most once; a reversal is not reversed.
func (db *DB) ReversePayment(ctx context.Context, a app.Actor, entryID string, on time.Time, note string) (programme.LedgerEntry, error) {
	var r programme.LedgerEntry
	if !on.IsZero() {
		on = dateOnly(on)
	}
	if !a.WritesCases() {
		return r, app.Errorf(app.EFORBIDDEN, "your role cannot change cases")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var caseID string
		err := tx.queryRow(ctx, "SELECT case_id FROM ledger_entries WHERE id = ? AND org_id = ?", entryID, a.OrgID).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("ledger entry")
		}
		if err != nil {
			return dbError(err)
		}
		c, err := tx.lockCaseRow(ctx, a, caseID)
		if err != nil {
			return err
		}
		if c.Status == casework.Closed {
			return app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
		}
		orig, err := scanEntry(tx.queryRow(ctx, ledgerSelect+" WHERE l.id = ?", entryID))
		if err != nil {
			return dbError(err)
		}
		if r, err = programme.Reversal(orig, on, today(), note); err != nil {
			return err
		}
		if err := tx.insertEntry(ctx, a, &r); err != nil {
			return err
		}
		r.ItemDescription = orig.ItemDescription
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPaymentReversed,
			Body: programme.Money(r.AmountMinor, r.Currency), RefID: r.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActPaymentReverse, "ledger_entry", r.ID, c.OrgID, map[string]any{"case": c.ID, "reverses": orig.ID,
			"amount_minor": r.AmountMinor, "currency": r.Currency, "usd_minor": r.USDMinor})
	})
	return r, err
}

const ledgerSelect = `SELECT l.id, l.case_id, l.org_id, l.plan_id, l.plan_item_id, l.item_key, l.budget_line_id, l.paid_on, l.amount_minor,
	l.currency, l.usd_minor, COALESCE(l.rate_id, ''), COALESCE(l.rate_micro, 0), l.kind, l.vendor, l.receipt_ref, l.delivered_by, l.note,
	COALESCE(l.reverses_id, ''), COALESCE(r.id, ''), COALESCE(l.created_by, ''), l.created_by_name, l.created_at, i.description
	FROM ledger_entries l JOIN plan_items i ON i.id = l.plan_item_id LEFT JOIN ledger_entries r ON r.reverses_id = l.id`

func scanEntry(row interface{ Scan(...any) error }) (programme.LedgerEntry, error) {
	var e programme.LedgerEntry
	err := row.Scan(&e.ID, &e.CaseID, &e.OrgID, &e.PlanID, &e.PlanItemID, &e.ItemKey, &e.BudgetLineID, &e.PaidOn, &e.AmountMinor,
		&e.Currency, &e.USDMinor, &e.RateID, &e.RateMicro, &e.Kind, &e.Vendor, &e.ReceiptRef, &e.DeliveredBy, &e.Note,
		&e.ReversesID, &e.ReversedBy, &e.CreatedBy, &e.CreatedByName, &e.CreatedAt, &e.ItemDescription)
	e.PaidOn, e.CreatedAt = e.PaidOn.UTC(), e.CreatedAt.UTC()
	return e, err
}

// CaseLedger returns a case's ledger, oldest first, each entry with the
// entry that reversed it, if any.
func (db *DB) CaseLedger(ctx context.Context, a app.Actor, caseID string) ([]programme.LedgerEntry, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanEntry, ledgerSelect+" WHERE l.case_id = ? ORDER BY l.paid_on, l.created_at, l.id", caseID)
}
