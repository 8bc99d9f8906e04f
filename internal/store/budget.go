package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
)

// Budget lines and exchange rates are set by IOM: programme managers and
// administrators write them; every signed-in user reads the aggregates
// (they name no person).

func canSetBudget(a app.Actor) bool {
	return a.Role == app.RoleAdmin || a.Role == app.RoleProgrammeManager
}

func errStaleLine() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this budget line since you opened it; reload to see their changes, then make yours again")
}

// CreateBudgetLine adds a line to a project for one organisation. The
// project's lines may not add up to more than its budget.
func (db *DB) CreateBudgetLine(ctx context.Context, a app.Actor, b programme.BudgetLine) (programme.BudgetLine, error) {
	if !canSetBudget(a) {
		return b, app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set budget lines")
	}
	if err := b.Validate(); err != nil {
		return b, err
	}
	b.ID, b.CreatedAt = NewID(), now()
	b.UpdatedAt, b.Version = b.CreatedAt, 1
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, "SELECT code FROM organisations WHERE id = ?", b.OrgID).Scan(&b.OrgCode); errors.Is(err, sql.ErrNoRows) {
			return app.FieldError("org_id", "choose the organisation")
		} else if err != nil {
			return dbError(err)
		}
		if err := tx.checkProjectTotal(ctx, b.ProjectID, "", b.PlannedMinor); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO budget_lines (id, project_id, org_id, category, planned_minor, currency, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, b.ID, b.ProjectID, b.OrgID, b.Category, b.PlannedMinor, b.Currency, b.CreatedAt, b.UpdatedAt)
		if isUniqueViolation(err) {
			return app.FieldError("category", "this project already has a line of this category for the organisation")
		}
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "budget_line", b.ID, b.OrgID, map[string]any{"project": b.ProjectID,
			"category": b.Category, "planned_minor": b.PlannedMinor})
	})
	return b, err
}

// checkProjectTotal locks the project (so that two lines added at once are
// checked one after the other) and refuses a planned amount that would take
// the project's lines past its budget. except is a line being changed.
func (tx *Tx) checkProjectTotal(ctx context.Context, projectID, except string, planned int64) error {
	res, err := tx.exec(ctx, "UPDATE projects SET version = version WHERE id = ?", projectID)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.FieldError("project_id", "choose the project")
	}
	var budget, others int64
	var currency string
	if err := tx.queryRow(ctx, `SELECT budget_minor, currency,
		CAST(COALESCE((SELECT SUM(planned_minor) FROM budget_lines WHERE project_id = ? AND id <> ?), 0) AS BIGINT)
		FROM projects WHERE id = ?`, projectID, except, projectID).Scan(&budget, &currency, &others); err != nil {
		return dbError(err)
	}
	if currency != programme.AccountingCurrency {
		return nil
	}
	return programme.CheckProjectTotal(others+planned, budget, currency)
}

// UpdateBudgetLine changes a line's planned amount; version is the version
// read. It cannot fall below what the line has committed or paid.
func (db *DB) UpdateBudgetLine(ctx context.Context, a app.Actor, id string, version int, planned int64) (programme.BudgetLine, error) {
	var b programme.BudgetLine
	if !canSetBudget(a) {
		return b, app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set budget lines")
	}
	if version <= 0 {
		return b, app.FieldError("version", "send the version of the budget line you read")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		f, err := tx.lineFigures(ctx, id)
		if err != nil {
			return err
		}
		if f.Version != version {
			return errStaleLine()
		}
		if err := programme.CheckPlannedChange(planned, f.Committed, f.Disbursed, f.Currency); err != nil {
			return err
		}
		if err := tx.checkProjectTotal(ctx, f.ProjectID, f.LineID, planned); err != nil {
			return err
		}
		at := now()
		res, err := tx.exec(ctx, "UPDATE budget_lines SET planned_minor = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			planned, at, id, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleLine()
		}
		b, err = scanBudgetLine(tx.queryRow(ctx, "SELECT "+budgetLineColumns+" FROM budget_lines b JOIN organisations o ON o.id = b.org_id WHERE b.id = ?", id))
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActUpdate, "budget_line", id, f.OrgID, Change{"planned_minor": {f.Planned, planned}})
	})
	return b, err
}

const budgetLineColumns = `b.id, b.project_id, b.org_id, o.code, b.category, b.planned_minor, b.currency, b.created_at, b.updated_at, b.version`

func scanBudgetLine(r interface{ Scan(...any) error }) (programme.BudgetLine, error) {
	var b programme.BudgetLine
	err := r.Scan(&b.ID, &b.ProjectID, &b.OrgID, &b.OrgCode, &b.Category, &b.PlannedMinor, &b.Currency, &b.CreatedAt, &b.UpdatedAt, &b.Version)
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, err
}

// figuresSQL computes every figure of the lines it selects in one query:
// committed from the items of approved plans, disbursed from the ledger,
// and the community initiatives' part of each (communityHeldSQL and their
// expenses), added to the totals in scanFigures.
const figuresSQL = `SELECT b.id, b.project_id, b.org_id, o.code, b.category, b.currency, b.planned_minor, b.version,
	CAST(COALESCE((SELECT SUM(i.committed_minor) FROM plan_items i JOIN plans p ON p.id = i.plan_id
		WHERE i.budget_line_id = b.id AND p.status = 'approved'), 0) AS BIGINT),
	CAST(COALESCE((SELECT SUM(l.usd_minor) FROM ledger_entries l WHERE l.budget_line_id = b.id), 0) AS BIGINT),
	CAST(COALESCE((SELECT SUM(` + communityHeldSQL + `) FROM community_initiatives c WHERE c.budget_line_id = b.id), 0) AS BIGINT),
	CAST(COALESCE((SELECT SUM(x.usd_minor) FROM community_expenses x WHERE x.budget_line_id = b.id), 0) AS BIGINT)
	FROM budget_lines b JOIN organisations o ON o.id = b.org_id`

// communityHeldSQL is what one community initiative c holds on its line:
// its approved budget (in the line's currency) while approved or ongoing,
// what it spent once completed or cancelled (the rest goes back to the
// line), nothing while only planned. community.Initiative.Held says the
// same in Go.
const communityHeldSQL = `CASE WHEN c.status IN ('approved', 'ongoing') THEN c.committed_minor
	WHEN c.status IN ('completed', 'cancelled') THEN
		(SELECT COALESCE(SUM(e.usd_minor), 0) FROM community_expenses e WHERE e.initiative_id = c.id)
	ELSE 0 END`

func scanFigures(r interface{ Scan(...any) error }) (programme.Figures, error) {
	var f programme.Figures
	err := r.Scan(&f.LineID, &f.ProjectID, &f.OrgID, &f.OrgCode, &f.Category, &f.Currency, &f.Planned, &f.Version, &f.Committed, &f.Disbursed,
		&f.CommunityCommitted, &f.CommunityDisbursed)
	f.Committed += f.CommunityCommitted
	f.Disbursed += f.CommunityDisbursed
	f.Settle()
	return f, err
}

// lineFigures reads one line's figures inside a transaction.
func (tx *Tx) lineFigures(ctx context.Context, id string) (programme.Figures, error) {
	f, err := scanFigures(tx.queryRow(ctx, figuresSQL+" WHERE b.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, app.NotFound("budget line")
	}
	return f, dbError(err)
}

// lockLines takes the lines' rows in a fixed order, so that two approvals
// or payments touching the same lines check their sums one after the other
// (on PostgreSQL; SQLite has one writer anyway) and never deadlock.
func (tx *Tx) lockLines(ctx context.Context, ids []string) error {
	ids = append([]string(nil), ids...)
	sort.Strings(ids)
	for i, id := range ids {
		if i > 0 && ids[i-1] == id {
			continue
		}
		if _, err := tx.exec(ctx, "UPDATE budget_lines SET version = version WHERE id = ?", id); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// BudgetQuery selects budget lines.
type BudgetQuery struct {
	ProjectID string
	OrgID     string
}

// BudgetFigures returns each line's planned, committed, disbursed and
// remaining amounts, by category and organisation.
func (db *DB) BudgetFigures(ctx context.Context, a app.Actor, q BudgetQuery) ([]programme.Figures, error) {
	if !a.SignedIn() {
		return nil, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	var where []string
	var args []any
	if q.ProjectID != "" {
		where, args = append(where, "b.project_id = ?"), append(args, q.ProjectID)
	}
	if q.OrgID != "" {
		where, args = append(where, "b.org_id = ?"), append(args, q.OrgID)
	}
	query := figuresSQL
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	figs, err := queryAll(ctx, db, scanFigures, query+" ORDER BY b.project_id, o.code, b.category", args...)
	if err != nil {
		return nil, err
	}
	// Category order is the budget's, not the alphabet's.
	rank := map[string]int{}
	for i, c := range programme.Categories {
		rank[c] = i
	}
	sort.SliceStable(figs, func(i, j int) bool {
		x, y := figs[i], figs[j]
		if x.ProjectID != y.ProjectID {
			return x.ProjectID < y.ProjectID
		}
		if x.OrgCode != y.OrgCode {
			return x.OrgCode < y.OrgCode
		}
		return rank[x.Category] < rank[y.Category]
	})
	return figs, nil
}

// AddExchangeRate records the taka-dollar rate valid from a date.
func (db *DB) AddExchangeRate(ctx context.Context, a app.Actor, r programme.ExchangeRate) (programme.ExchangeRate, error) {
	if !canSetBudget(a) {
		return r, app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set exchange rates")
	}
	if err := r.Validate(); err != nil {
		return r, err
	}
	r.ID, r.ValidFrom, r.CreatedBy, r.CreatedAt = NewID(), dateOnly(r.ValidFrom), a.Username, now()
	r.UpdatedAt, r.Version = r.CreatedAt, 1
	err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO exchange_rates (id, base, quote, valid_from, rate_micro, source, created_by, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, r.ID, r.Base, r.Quote, r.ValidFrom, r.RateMicro, r.Source, r.CreatedBy, r.CreatedAt, r.UpdatedAt)
		if isUniqueViolation(err) {
			return app.FieldError("valid_from", "there is already a rate from this date: correct that one instead")
		}
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "exchange_rate", r.ID, "", map[string]any{"pair": r.Base + "/" + r.Quote,
			"valid_from": r.ValidFrom.Format(time.DateOnly), "rate_micro": r.RateMicro})
	})
	return r, err
}

// UpdateExchangeRate corrects a mistyped rate. A rate already used by a
// payment or an approval stays as it was (their amounts were computed with
// it): add a rate from a later date instead.
func (db *DB) UpdateExchangeRate(ctx context.Context, a app.Actor, id string, version int, rateMicro int64, source string) (programme.ExchangeRate, error) {
	var r programme.ExchangeRate
	if !canSetBudget(a) {
		return r, app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set exchange rates")
	}
	if version <= 0 {
		return r, app.FieldError("version", "send the version of the rate you read")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		r, err = scanRate(tx.queryRow(ctx, "SELECT "+rateColumns+" FROM exchange_rates WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("exchange rate")
		}
		if err != nil {
			return dbError(err)
		}
		if r.Version != version {
			return app.Errorf(app.ECONFLICT, "someone else changed this rate since you opened it; reload to see their changes, then make yours again")
		}
		old := r.RateMicro
		r.RateMicro, r.Source = rateMicro, source
		if err := r.Validate(); err != nil {
			return err
		}
		var used int
		if err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM ledger_entries WHERE rate_id = ?) + (SELECT COUNT(*) FROM plan_items WHERE rate_id = ?)`,
			id, id).Scan(&used); err != nil {
			return dbError(err)
		}
		if used > 0 {
			return app.Errorf(app.ECONFLICT, "this rate has already been used for payments or approvals and cannot change: add a new rate from a later date instead")
		}
		r.UpdatedAt = now()
		res, err := tx.exec(ctx, "UPDATE exchange_rates SET rate_micro = ?, source = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			r.RateMicro, r.Source, r.UpdatedAt, id, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else changed this rate since you opened it; reload to see their changes, then make yours again")
		}
		r.Version++
		return tx.audit(ctx, a, ActUpdate, "exchange_rate", id, "", Change{"rate_micro": {old, r.RateMicro}})
	})
	return r, err
}

const rateColumns = `id, base, quote, valid_from, rate_micro, source, created_by, created_at, updated_at, version`

func scanRate(r interface{ Scan(...any) error }) (programme.ExchangeRate, error) {
	var x programme.ExchangeRate
	err := r.Scan(&x.ID, &x.Base, &x.Quote, &x.ValidFrom, &x.RateMicro, &x.Source, &x.CreatedBy, &x.CreatedAt, &x.UpdatedAt, &x.Version)
	x.ValidFrom, x.CreatedAt, x.UpdatedAt = x.ValidFrom.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, err
}

// ListExchangeRates returns every rate, newest first.
func (db *DB) ListExchangeRates(ctx context.Context, a app.Actor) ([]programme.ExchangeRate, error) {
	if !a.SignedIn() {
		return nil, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	return queryAll(ctx, db, scanRate, "SELECT "+rateColumns+" FROM exchange_rates ORDER BY base, quote, valid_from DESC")
}

// rateOn returns the rate converting currency into the accounting currency
// valid on day, or an error telling the user to add one.
func (tx *Tx) rateOn(ctx context.Context, currency string, day time.Time) (*programme.ExchangeRate, error) {
	if currency == programme.AccountingCurrency {
		return nil, nil
	}
	r, err := scanRate(tx.queryRow(ctx, "SELECT "+rateColumns+` FROM exchange_rates WHERE base = ? AND quote = ? AND valid_from <= ?
		ORDER BY valid_from DESC LIMIT 1`, programme.AccountingCurrency, currency, dateOnly(day)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.Errorf(app.ECONFLICT, "there is no exchange rate for %s on or before %s: ask a programme manager to add it first",
			currency, day.Format(time.DateOnly))
	}
	if err != nil {
		return nil, dbError(err)
	}
	return &r, nil
}
