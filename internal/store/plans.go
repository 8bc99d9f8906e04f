package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
)

// Audit actions of plans and the ledger (creation and saving use ActCreate
// and ActUpdate).
const (
	ActPlanSubmit     = "plan_submit"
	ActPlanApprove    = "plan_approve"
	ActPlanReturn     = "plan_return"
	ActPayment        = "payment"
	ActPaymentReverse = "payment_reverse"
)

func errStalePlan() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this plan since you opened it; reload to see their changes, then make yours again")
}

const planColumns = `p.id, p.case_id, p.org_id, p.number, p.status, p.goals, p.created_by, p.created_by_name, p.editors,
	COALESCE(p.submitted_by, ''), p.submitted_by_name, p.submitted_at, COALESCE(p.decided_by, ''), p.decided_by_name, p.decided_at,
	p.decision_note, p.superseded_at, p.created_at, p.updated_at, p.version`

func scanPlan(r interface{ Scan(...any) error }) (programme.Plan, error) {
	var p programme.Plan
	var editors string
	var submitted, decided, superseded sql.NullTime
	err := r.Scan(&p.ID, &p.CaseID, &p.OrgID, &p.Number, &p.Status, &p.Goals, &p.CreatedBy, &p.CreatedByName, &editors,
		&p.SubmittedBy, &p.SubmittedByName, &submitted, &p.DecidedBy, &p.DecidedByName, &decided,
		&p.DecisionNote, &superseded, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	p.Editors = splitCodes(editors)
	p.SubmittedAt, p.DecidedAt, p.SupersededAt = nullTime(submitted), nullTime(decided), nullTime(superseded)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

const itemColumns = `i.id, i.plan_id, i.item_key, i.dimension, i.level, i.assistance_type, i.description, i.amount_minor, i.currency,
	COALESCE(i.budget_line_id, ''), i.responsible_org_id, i.target_date, i.committed_minor, COALESCE(i.rate_id, '')`

// rowsQuerier is what both *DB (the reader pool) and *Tx offer for reads.
type rowsQuerier interface {
	query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// loadItems fills in the items of plans (all of one case), with what the
// ledger has paid on each item key.
func loadItems(ctx context.Context, q rowsQuerier, caseID string, plans []programme.Plan) error {
	if len(plans) == 0 {
		return nil
	}
	index := map[string]int{}
	for i := range plans {
		index[plans[i].ID] = i
		plans[i].Items = []programme.PlanItem{}
	}
	paid, err := paidByKey(ctx, q, caseID)
	if err != nil {
		return err
	}
	rows, err := q.query(ctx, "SELECT "+itemColumns+" FROM plan_items i WHERE i.case_id = ? ORDER BY i.plan_id, i.position", caseID)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var it programme.PlanItem
		var planID string
		if err := rows.Scan(&it.ID, &planID, &it.Key, &it.Dimension, &it.Level, &it.Type, &it.Description, &it.AmountMinor, &it.Currency,
			&it.BudgetLineID, &it.ResponsibleOrgID, &it.TargetDate, &it.CommittedMinor, &it.RateID); err != nil {
			return dbError(err)
		}
		it.TargetDate = it.TargetDate.UTC()
		it.PaidMinor = paid[it.Key].Minor
		if i, ok := index[planID]; ok {
			plans[i].Items = append(plans[i].Items, it)
		}
	}
	return dbError(rows.Err())
}

// paidByKey sums a case's ledger by item key, reversals included.
func paidByKey(ctx context.Context, q rowsQuerier, caseID string) (map[string]programme.Paid, error) {
	rows, err := q.query(ctx, `SELECT l.item_key, MAX(l.currency), CAST(SUM(l.amount_minor) AS BIGINT), MAX(i.description)
		FROM ledger_entries l JOIN plan_items i ON i.id = l.plan_item_id WHERE l.case_id = ? GROUP BY l.item_key`, caseID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[string]programme.Paid{}
	for rows.Next() {
		var key string
		var p programme.Paid
		if err := rows.Scan(&key, &p.Currency, &p.Minor, &p.Description); err != nil {
			return nil, dbError(err)
		}
		out[key] = p
	}
	return out, dbError(rows.Err())
}

// PlanByID returns one version of a plan with its items, if its case is in
// a's scope. The view is audited.
func (db *DB) PlanByID(ctx context.Context, a app.Actor, id string) (programme.Plan, error) {
	scope, args, err := personScope(a, "p.org_id")
	if err != nil {
		return programme.Plan{}, app.NotFound("plan")
	}
	p, err := scanPlan(db.queryRow(ctx, "SELECT "+planColumns+" FROM plans p WHERE p.id = ?"+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, app.NotFound("plan")
	}
	if err != nil {
		return p, dbError(err)
	}
	plans := []programme.Plan{p}
	if err := loadItems(ctx, db, p.CaseID, plans); err != nil {
		return p, err
	}
	return plans[0], db.Audit(ctx, a, ActView, "plan", p.ID, p.OrgID, nil)
}

// PlansOfCase returns every version of a case's plan with its items,
// newest first.
func (db *DB) PlansOfCase(ctx context.Context, a app.Actor, caseID string) ([]programme.Plan, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	plans, err := queryAll(ctx, db, scanPlan, "SELECT "+planColumns+" FROM plans p WHERE p.case_id = ? ORDER BY p.number DESC", caseID)
	if err != nil {
		return nil, err
	}
	return plans, loadItems(ctx, db, caseID, plans)
}

// openCaseForPlan reads a case of a's organisation that plans may be
// written for: not closed.
func (tx *Tx) openCaseForPlan(ctx context.Context, a app.Actor, caseID string) (casework.Case, error) {
	c, err := tx.lockCase(ctx, a, caseID, anyVersion)
	if err != nil {
		return c, err
	}
	if c.Status == casework.Closed {
		return c, app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
	}
	return c, nil
}

// DraftPlan starts a new version of a case's plan: version 1, or the next
// version beside the approved one (which stays in force until the new one
// is approved). Only one version may be in preparation at a time.
func (db *DB) DraftPlan(ctx context.Context, a app.Actor, caseID string, p programme.Plan) (programme.Plan, error) {
	if err := p.Validate(today()); err != nil {
		return p, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.openCaseForPlan(ctx, a, caseID)
		if err != nil {
			return err
		}
		p, err = tx.insertPlan(ctx, a, c, p)
		return err
	})
	if isUniqueViolation(errors.Unwrap(err)) {
		return p, app.Errorf(app.ECONFLICT, "someone else has just started a new version of this plan: reload and work on that one")
	}
	if err != nil {
		return p, dbError(err)
	}
	return db.reloadPlan(ctx, p)
}

// RevisePlan starts the next version of a case's approved plan as a copy
// of it (goals and items, each item keeping its key), to be changed and
// approved again.
func (db *DB) RevisePlan(ctx context.Context, a app.Actor, caseID string) (programme.Plan, error) {
	var p programme.Plan
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.openCaseForPlan(ctx, a, caseID)
		if err != nil {
			return err
		}
		current, err := scanPlan(tx.queryRow(ctx, "SELECT "+planColumns+" FROM plans p WHERE p.case_id = ? AND p.status = ?",
			c.ID, programme.PlanApproved))
		if errors.Is(err, sql.ErrNoRows) {
			return app.Errorf(app.ECONFLICT, "this case has no approved plan to revise: draft a plan instead")
		}
		if err != nil {
			return dbError(err)
		}
		plans := []programme.Plan{current}
		if err := loadItems(ctx, tx, c.ID, plans); err != nil {
			return err
		}
		copied := programme.Plan{Goals: current.Goals, Items: plans[0].Items}
		for i := range copied.Items {
			it := &copied.Items[i]
			it.ID, it.CommittedMinor, it.RateID, it.PaidMinor = "", 0, "", 0
		}
		p, err = tx.insertPlan(ctx, a, c, copied)
		return err
	})
	if isUniqueViolation(errors.Unwrap(err)) {
		return p, app.Errorf(app.ECONFLICT, "someone else has just started a new version of this plan: reload and work on that one")
	}
	if err != nil {
		return p, dbError(err)
	}
	return db.reloadPlan(ctx, p)
}

func (tx *Tx) insertPlan(ctx context.Context, a app.Actor, c casework.Case, p programme.Plan) (programme.Plan, error) {
	var open int
	err := tx.queryRow(ctx, "SELECT number FROM plans WHERE case_id = ? AND status IN (?, ?, ?)",
		c.ID, programme.PlanDraft, programme.PlanSubmitted, programme.PlanReturned).Scan(&open)
	if err == nil {
		return p, app.Errorf(app.ECONFLICT, "version %d of this plan is still being prepared: work on that one", open)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return p, dbError(err)
	}
	if err := tx.checkItems(ctx, c, &p); err != nil {
		return p, err
	}
	if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(number), 0) + 1 FROM plans WHERE case_id = ?", c.ID).Scan(&p.Number); err != nil {
		return p, dbError(err)
	}
	p.ID, p.CaseID, p.OrgID, p.Status = NewID(), c.ID, c.OrgID, programme.PlanDraft
	p.CreatedBy, p.CreatedByName, p.Editors = a.UserID, a.Username, []string{a.UserID}
	p.CreatedAt = now()
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	if _, err := tx.exec(ctx, `INSERT INTO plans (id, case_id, org_id, number, status, goals, created_by, created_by_name, editors,
		created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, p.ID, p.CaseID, p.OrgID, p.Number, p.Status, p.Goals,
		p.CreatedBy, p.CreatedByName, joinCodes(p.Editors), p.CreatedAt, p.UpdatedAt); err != nil {
		return p, fmt.Errorf("insert plan: %w", err)
	}
	if err := tx.insertItems(ctx, p); err != nil {
		return p, err
	}
	if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPlanDrafted, Body: strconv.Itoa(p.Number), RefID: p.ID},
		c.OrgID); err != nil {
		return p, err
	}
	return p, tx.audit(ctx, a, ActCreate, "plan", p.ID, c.OrgID, map[string]any{"case": c.ID, "number": p.Number, "items": len(p.Items)})
}

// checkItems checks what only the database knows about a plan's items:
// keys carried over belong to this case, budget lines belong to the case's
// project and organisation, responsible organisations exist, and items
// already paid on stay in the plan. New items get their key here.
func (tx *Tx) checkItems(ctx context.Context, c casework.Case, p *programme.Plan) error {
	var v app.Validation
	for i := range p.Items {
		it := &p.Items[i]
		field := fmt.Sprintf("items.%d.", i)
		if it.Key == "" {
			it.Key = NewID()
		} else {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM plan_items WHERE case_id = ? AND item_key = ?", c.ID, it.Key).Scan(&n); err != nil {
				return dbError(err)
			}
			if n == 0 {
				v.Add(field+"key", "this item is not part of an earlier version of this plan")
			}
		}
		if it.BudgetLineID != "" {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM budget_lines WHERE id = ? AND project_id = ? AND org_id = ?",
				it.BudgetLineID, c.ProjectID, c.OrgID).Scan(&n); err != nil {
				return dbError(err)
			}
			if n == 0 {
				v.Add(field+"budget_line_id", "choose a budget line of this case's project and organisation")
			}
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", it.ResponsibleOrgID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n == 0 {
			v.Add(field+"responsible_org_id", "choose the organisation responsible for this item")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	paid, err := paidByKey(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	return programme.CheckPaidItems(*p, paid)
}

func (tx *Tx) insertItems(ctx context.Context, p programme.Plan) error {
	for i, it := range p.Items {
		if _, err := tx.exec(ctx, `INSERT INTO plan_items (id, plan_id, case_id, item_key, position, dimension, level, assistance_type,
			description, amount_minor, currency, budget_line_id, responsible_org_id, target_date, committed_minor, rate_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)`, NewID(), p.ID, p.CaseID, it.Key, i, it.Dimension, it.Level, it.Type,
			it.Description, it.AmountMinor, it.Currency, nullString(it.BudgetLineID), it.ResponsibleOrgID, dateOnly(it.TargetDate)); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// lockPlan reads a plan version of a's organisation, with its items, for a
// change, checking the version read.
func (tx *Tx) lockPlan(ctx context.Context, a app.Actor, id string, version int) (programme.Plan, error) {
	if !a.WritesCases() {
		return programme.Plan{}, app.Errorf(app.EFORBIDDEN, "your role cannot change plans")
	}
	if version <= 0 {
		return programme.Plan{}, app.FieldError("version", "send the version of the plan you read")
	}
	p, err := scanPlan(tx.queryRow(ctx, "SELECT "+planColumns+" FROM plans p WHERE p.id = ? AND p.org_id = ?", id, a.OrgID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, app.NotFound("plan")
	}
	if err != nil {
		return p, dbError(err)
	}
	plans := []programme.Plan{p}
	if err := loadItems(ctx, tx, p.CaseID, plans); err != nil {
		return p, err
	}
	return plans[0], nil
}

// checkEditable refuses a change made on an outdated copy, or one the
// version's status no longer allows.
func checkEditable(p programme.Plan, version int) error {
	switch {
	case p.Status == programme.PlanSubmitted:
		return app.Errorf(app.ECONFLICT, "the plan has been submitted: a manager must return it before it can be changed")
	case !p.Editable():
		return app.Errorf(app.ECONFLICT, "an approved plan cannot be changed: revise it, which makes a new version to approve")
	case p.Version != version:
		return errStalePlan()
	}
	return nil
}

// SavePlan replaces the goals and items of a version in preparation (a
// draft, or a returned version, which becomes a draft again). version is
// the version read: of two people saving the same copy, the second gets a
// conflict and nothing of theirs is written.
func (db *DB) SavePlan(ctx context.Context, a app.Actor, id string, version int, in programme.Plan) (programme.Plan, error) {
	if err := in.Validate(today()); err != nil {
		return in, err
	}
	var p programme.Plan
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.lockPlan(ctx, a, id, version); err != nil {
			return err
		}
		if err := checkEditable(p, version); err != nil {
			return err
		}
		c, err := tx.openCaseForPlan(ctx, a, p.CaseID)
		if err != nil {
			return err
		}
		if err := tx.checkItems(ctx, c, &in); err != nil {
			return err
		}
		if !oneOfStrings(a.UserID, p.Editors) {
			p.Editors = append(p.Editors, a.UserID)
		}
		before := len(p.Items)
		p.Goals, p.Items, p.Status, p.UpdatedAt = in.Goals, in.Items, programme.PlanDraft, now()
		res, err := tx.exec(ctx, "UPDATE plans SET goals = ?, status = ?, editors = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			p.Goals, p.Status, joinCodes(p.Editors), p.UpdatedAt, p.ID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStalePlan()
		}
		p.Version++
		if _, err := tx.exec(ctx, "DELETE FROM plan_items WHERE plan_id = ?", p.ID); err != nil {
			return dbError(err)
		}
		if err := tx.insertItems(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "plan", p.ID, p.OrgID, Change{"items": {before, len(p.Items)}})
	})
	if err != nil {
		return p, err
	}
	return db.reloadPlan(ctx, p)
}

// reloadPlan reads a plan back as stored (item IDs and paid amounts).
func (db *DB) reloadPlan(ctx context.Context, p programme.Plan) (programme.Plan, error) {
	stored, err := scanPlan(db.queryRow(ctx, "SELECT "+planColumns+" FROM plans p WHERE p.id = ?", p.ID))
	if err != nil {
		return p, dbError(err)
	}
	plans := []programme.Plan{stored}
	return plans[0], loadItems(ctx, db, stored.CaseID, plans)
}

// SubmitPlan sends a version in preparation to the organisation's managers.
func (db *DB) SubmitPlan(ctx context.Context, a app.Actor, id string, version int) (programme.Plan, error) {
	var p programme.Plan
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.lockPlan(ctx, a, id, version); err != nil {
			return err
		}
		if err := checkEditable(p, version); err != nil {
			return err
		}
		if err := p.CheckSubmit(); err != nil {
			return err
		}
		c, err := tx.openCaseForPlan(ctx, a, p.CaseID)
		if err != nil {
			return err
		}
		at := now()
		res, err := tx.exec(ctx, `UPDATE plans SET status = ?, submitted_by = ?, submitted_by_name = ?, submitted_at = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, programme.PlanSubmitted, a.UserID, a.Username, at, at, p.ID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStalePlan()
		}
		p.Status, p.SubmittedBy, p.SubmittedByName, p.SubmittedAt, p.UpdatedAt = programme.PlanSubmitted, a.UserID, a.Username, &at, at
		p.Version++
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPlanSubmitted, Body: strconv.Itoa(p.Number), RefID: p.ID},
			c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActPlanSubmit, "plan", p.ID, p.OrgID, map[string]any{"case": c.ID, "number": p.Number})
	})
	return p, err
}

// lockDecision reads a submitted version for a manager's decision: the
// four-eyes rule, the version read, and a case that is not closed. The
// case's row is locked so that payments and approvals on it queue.
func (tx *Tx) lockDecision(ctx context.Context, a app.Actor, id string, version int) (programme.Plan, casework.Case, error) {
	p, err := tx.lockPlan(ctx, a, id, version)
	if err != nil {
		return p, casework.Case{}, err
	}
	if err := programme.CheckDecider(p, a); err != nil {
		return p, casework.Case{}, err
	}
	if p.Status != programme.PlanSubmitted {
		return p, casework.Case{}, app.Errorf(app.ECONFLICT, "only a submitted plan can be approved or returned")
	}
	if p.Version != version {
		return p, casework.Case{}, errStalePlan()
	}
	c, err := tx.lockCaseRow(ctx, a, p.CaseID)
	if err != nil {
		return p, c, err
	}
	if c.Status == casework.Closed {
		return p, c, app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
	}
	return p, c, nil
}

// ApprovePlan approves a submitted version. An organisation manager who
// neither drafted, changed nor submitted it decides. Each item's amount is
// committed on its budget line in the line's currency at today's rate, and
// the approval is refused if any line would then promise more than it
// holds. The version approved before it, if any, is superseded.
func (db *DB) ApprovePlan(ctx context.Context, a app.Actor, id string, version int) (programme.Plan, error) {
	var p programme.Plan
	err := db.inTx(ctx, func(tx *Tx) error {
		var c casework.Case
		var err error
		if p, c, err = tx.lockDecision(ctx, a, id, version); err != nil {
			return err
		}
		if err := p.CheckSubmit(); err != nil {
			return err
		}
		// The lines may have changed since the draft was saved; so may the
		// payments made under the version in force.
		if err := tx.checkItems(ctx, c, &p); err != nil {
			return err
		}
		day := today()
		adding := map[string]int64{}
		var lines []string
		for i := range p.Items {
			it := &p.Items[i]
			if it.BudgetLineID == "" {
				continue
			}
			rate, err := tx.rateOn(ctx, it.Currency, day)
			if err != nil {
				return err
			}
			if it.CommittedMinor, err = programme.Convert(it.AmountMinor, it.Currency, programme.AccountingCurrency, rate); err != nil {
				return err
			}
			if rate != nil {
				it.RateID = rate.ID
			}
			if _, ok := adding[it.BudgetLineID]; !ok {
				lines = append(lines, it.BudgetLineID)
			}
			adding[it.BudgetLineID] += it.CommittedMinor
		}
		sort.Strings(lines)
		if err := tx.lockLines(ctx, lines); err != nil {
			return err
		}
		for _, line := range lines {
			f, err := tx.lineFigures(ctx, line)
			if err != nil {
				return err
			}
			var elsewhere int64
			if err := tx.queryRow(ctx, `SELECT CAST(COALESCE(SUM(i.committed_minor), 0) AS BIGINT) FROM plan_items i JOIN plans p ON p.id = i.plan_id
				WHERE i.budget_line_id = ? AND p.status = ? AND p.case_id <> ?`, line, programme.PlanApproved, c.ID).Scan(&elsewhere); err != nil {
				return dbError(err)
			}
			if err := programme.CheckCommit(f, elsewhere, adding[line]); err != nil {
				return err
			}
		}
		at := now()
		var superseded string
		err = tx.queryRow(ctx, "SELECT id FROM plans WHERE case_id = ? AND status = ?", c.ID, programme.PlanApproved).Scan(&superseded)
		switch {
		case err == nil:
			if _, err := tx.exec(ctx, "UPDATE plans SET status = ?, superseded_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
				programme.PlanSuperseded, at, at, superseded); err != nil {
				return dbError(err)
			}
		case !errors.Is(err, sql.ErrNoRows):
			return dbError(err)
		}
		res, err := tx.exec(ctx, `UPDATE plans SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, decision_note = '',
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, programme.PlanApproved, a.UserID, a.Username, at, at, p.ID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStalePlan()
		}
		p.Status, p.DecidedBy, p.DecidedByName, p.DecidedAt, p.DecisionNote, p.UpdatedAt = programme.PlanApproved, a.UserID, a.Username, &at, "", at
		p.Version++
		for _, it := range p.Items {
			if _, err := tx.exec(ctx, "UPDATE plan_items SET committed_minor = ?, rate_id = ? WHERE id = ?",
				it.CommittedMinor, nullString(it.RateID), it.ID); err != nil {
				return dbError(err)
			}
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPlanApproved, Body: strconv.Itoa(p.Number), RefID: p.ID},
			c.OrgID); err != nil {
			return err
		}
		// The first approval starts follow-up: monitoring visits at 3, 6 and
		// 12 months, in the same transaction. A revision keeps the schedule.
		if superseded == "" {
			if err := tx.ScheduleVisits(ctx, a, c.ID, dateOnly(at.In(i18n.Dhaka)), nil); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, ActPlanApprove, "plan", p.ID, p.OrgID, map[string]any{"case": c.ID, "number": p.Number,
			"superseded": superseded, "committed": adding})
	})
	return p, err
}

// ReturnPlan sends a submitted version back to its drafters with a comment
// saying what must change. The same four-eyes rule as approval applies.
func (db *DB) ReturnPlan(ctx context.Context, a app.Actor, id string, version int, comment string) (programme.Plan, error) {
	var p programme.Plan
	comment, err := programme.CheckReturnComment(comment)
	if err != nil {
		return p, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		var c casework.Case
		var err error
		if p, c, err = tx.lockDecision(ctx, a, id, version); err != nil {
			return err
		}
		at := now()
		res, err := tx.exec(ctx, `UPDATE plans SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, decision_note = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, programme.PlanReturned, a.UserID, a.Username, at, comment, at, p.ID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStalePlan()
		}
		p.Status, p.DecidedBy, p.DecidedByName, p.DecidedAt, p.DecisionNote, p.UpdatedAt = programme.PlanReturned, a.UserID, a.Username, &at, comment, at
		p.Version++
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: programme.EventPlanReturned, Body: comment, RefID: p.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActPlanReturn, "plan", p.ID, p.OrgID, map[string]any{"case": c.ID, "number": p.Number})
	})
	return p, err
}

// lockCaseRow reads a case of a's organisation and locks its row until the
// transaction ends (a no-op update: portable, and on PostgreSQL it makes a
// concurrent payment, approval or closing of the same case wait, then read
// what the first one wrote). SQLite has one writer, so it is already so.
func (tx *Tx) lockCaseRow(ctx context.Context, a app.Actor, caseID string) (casework.Case, error) {
	if !a.WritesCases() {
		return casework.Case{}, app.Errorf(app.EFORBIDDEN, "your role cannot change cases")
	}
	res, err := tx.exec(ctx, "UPDATE cases SET version = version WHERE id = ? AND org_id = ?", caseID, a.OrgID)
	if err != nil {
		return casework.Case{}, dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return casework.Case{}, app.NotFound("case")
	}
	c, err := scanCase(tx.queryRow(ctx, "SELECT "+caseColumns+" FROM cases c WHERE c.id = ?", caseID))
	return c, dbError(err)
}
