package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
)

// PlanQuery filters the plan list (the managers' queue).
type PlanQuery struct {
	Status    string // "" = any; else a programme.Plan* status
	OrgID     string // "" = every organisation the actor may see (org-scoped for CSO roles)
	CreatedBy string // user ID; "" = anyone
	Limit     int    // 0 = a sensible default (e.g. 50), capped
}

// PlanRow is a line of the plan list: one version of a case's plan.
type PlanRow struct {
	ID, CaseID, CaseReference, OrgID, OrgCode string
	Number                                    int
	Status                                    string
	PersonName, PersonNameBn                  string // the returnee, for display
	CreatedBy, CreatedByName                  string
	SubmittedAt, DecidedAt                    *time.Time
	DecisionNote                              string
	// TotalMinor is the sum of the items' planned amounts in Currency. The
	// items of a plan share one currency in practice; when they do not,
	// no single total can be given: Currency is empty and TotalMinor 0.
	TotalMinor int64
	Currency   string
	UpdatedAt  time.Time
}

// DisplayName is the returnee's name in lang, falling back to the other script.
func (r PlanRow) DisplayName(lang string) string {
	return registry.Person{NameBn: r.PersonNameBn, NameLatin: r.PersonName}.DisplayName(lang)
}

const (
	planListDefault = 50
	planListMax     = 500
)

// planListSQL builds the list query. Plans are read through the index on
// (org_id, status): for roles that see every organisation the organisation
// is given as a list of all of them (there are a handful), so that the
// queue of submitted plans never walks the table.
func planListSQL(a app.Actor, q PlanQuery) (string, []any, error) {
	scope, args, err := personScope(a, "p.org_id")
	if err != nil {
		return "", nil, app.Errorf(app.EFORBIDDEN, "your role cannot see reintegration plans")
	}
	where := " WHERE 1=1" + scope
	add := func(cond string, v ...any) { where += cond; args = append(args, v...) }
	switch {
	case q.OrgID != "":
		add(" AND p.org_id = ?", q.OrgID)
	case scope == "":
		where += " AND p.org_id IN (SELECT id FROM organisations)"
	}
	order := " ORDER BY p.updated_at DESC, p.id DESC"
	switch {
	case q.Status == "":
	case !oneOfStrings(q.Status, programme.PlanStatuses):
		return "", nil, app.FieldError("status", "choose a plan status from the list")
	default:
		add(" AND p.status = ?", q.Status)
		if q.Status == programme.PlanSubmitted {
			order = " ORDER BY p.submitted_at, p.id"
		}
	}
	if q.CreatedBy != "" {
		add(" AND p.created_by = ?", q.CreatedBy)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = planListDefault
	}
	args = append(args, min(limit, planListMax))
	return `SELECT p.id, p.case_id, c.reference, p.org_id, o.code, p.number, p.status, per.name_latin, per.name_bn,
		p.created_by, COALESCE(NULLIF(u.full_name, ''), p.created_by_name), p.submitted_at, p.decided_at, p.decision_note,
		CAST(COALESCE((SELECT SUM(i.amount_minor) FROM plan_items i WHERE i.plan_id = p.id), 0) AS BIGINT),
		COALESCE((SELECT CASE WHEN MIN(i.currency) = MAX(i.currency) THEN MIN(i.currency) ELSE '' END
			FROM plan_items i WHERE i.plan_id = p.id), ''),
		p.updated_at
		FROM plans p JOIN cases c ON c.id = p.case_id JOIN persons per ON per.id = c.person_id
		JOIN organisations o ON o.id = p.org_id LEFT JOIN users u ON u.id = p.created_by` + where + order + " LIMIT ?", args, nil
}

// ListPlans returns the plan versions in a's scope: the submitted ones
// oldest submission first (the order a manager should decide them in),
// any other selection most recently changed first. Only roles that see
// returnees may list plans, CSO roles only their organisation's. The
// list names people, so reading it is audited.
func (db *DB) ListPlans(ctx context.Context, a app.Actor, q PlanQuery) ([]PlanRow, error) {
	query, args, err := planListSQL(a, q)
	if err != nil {
		return nil, err
	}
	rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (PlanRow, error) {
		var row PlanRow
		var submitted, decided sql.NullTime
		err := r.Scan(&row.ID, &row.CaseID, &row.CaseReference, &row.OrgID, &row.OrgCode, &row.Number, &row.Status,
			&row.PersonName, &row.PersonNameBn, &row.CreatedBy, &row.CreatedByName, &submitted, &decided, &row.DecisionNote,
			&row.TotalMinor, &row.Currency, &row.UpdatedAt)
		row.SubmittedAt, row.DecidedAt, row.UpdatedAt = nullTime(submitted), nullTime(decided), row.UpdatedAt.UTC()
		if row.Currency == "" {
			row.TotalMinor = 0
		}
		return row, err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	org := q.OrgID
	if !a.AllOrgs() {
		org = a.OrgID
	}
	return rows, db.Audit(ctx, a, ActView, "plan", "", org, map[string]any{"list": "plans", "status": q.Status,
		"created_by": q.CreatedBy, "rows": len(rows)})
}
