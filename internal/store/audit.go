package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Audit actions. Kept as constants so that filters in the UI and the API
// name the same things the code writes.
const (
	ActCreate       = "create"
	ActUpdate       = "update"
	ActDelete       = "delete"
	ActView         = "view"
	ActExport       = "export"
	ActSignIn       = "sign_in"
	ActSignInFailed = "sign_in_failed"
	ActSignOut      = "sign_out"
	ActSignOutAll   = "sign_out_everywhere"
	ActPassword     = "password_change"
	ActDisable      = "disable"
	ActEnable       = "enable"
	ActTokenCreate  = "token_create"
	ActTokenRevoke  = "token_revoke"
	ActImport       = "import"
	ActCaseMove     = "case_move"
	ActCaseReopen   = "case_reopen"
	ActTaskDone     = "task_done"
	ActWithdraw     = "consent_withdraw"
)

// AuditActions lists every action the store writes, for the filters of
// the audit screens.
var AuditActions = []string{ActCreate, ActUpdate, ActDelete, ActView, ActExport, ActImport,
	ActCaseMove, ActCaseReopen, ActTaskDone, ActWithdraw,
	ActSignIn, ActSignInFailed, ActSignOut, ActSignOutAll, ActPassword,
	ActDisable, ActEnable, ActTokenCreate, ActTokenRevoke,
	ActPlanSubmit, ActPlanApprove, ActPlanReturn, ActPayment, ActPaymentReverse,
	ActFormPublish, ActFormRetire, ActSubmissionReview,
	ActCommunityMove, ActCommunityExpense, ActCommunityExpenseReverse,
	ActScoringVersion, ActRescore}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID          int64
	At          time.Time
	ActorID     string
	ActorName   string
	ActorOrgID  string
	Action      string
	ObjectType  string
	ObjectID    string
	ObjectOrgID string
	ClientIP    string
	RequestID   string
	// Details is JSON: for updates, {"field": [old, new]}; otherwise context.
	Details string
}

// Change records one field's old and new value for the audit trail.
type Change map[string][2]any

// audit appends to the trail inside the caller's transaction, so that a
// write and its audit line land together or not at all.
func (t *Tx) audit(ctx context.Context, a app.Actor, action, objType, objID, objOrg string, details any) error {
	return appendAudit(ctx, t.tx, t.db, a, action, objType, objID, objOrg, details)
}

// Audit appends an entry outside any other write (views, exports, sign-ins).
func (db *DB) Audit(ctx context.Context, a app.Actor, action, objType, objID, objOrg string, details any) error {
	return appendAudit(ctx, db.w, db, a, action, objType, objID, objOrg, details)
}

func appendAudit(ctx context.Context, q queryer, db *DB, a app.Actor, action, objType, objID, objOrg string, details any) error {
	d := ""
	switch v := details.(type) {
	case nil:
	case string:
		d = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return app.Internal(err)
		}
		d = string(b)
	}
	_, err := q.ExecContext(ctx, db.q(`INSERT INTO audit_log
		(at, actor_id, actor_name, actor_org_id, action, object_type, object_id, object_org_id, client_ip, request_id, details)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		now(), nullString(a.UserID), a.Username, nullString(a.OrgID), action, objType, objID, nullString(objOrg),
		a.ClientIP, a.RequestID, d)
	return dbError(err)
}

// AuditFilter narrows the audit trail.
type AuditFilter struct {
	ActorID    string
	OrgID      string // actor's or object's organisation
	Action     string
	ObjectType string
	ObjectID   string
	From, To   time.Time // To is exclusive
	BeforeID   int64     // keyset paging: entries with id < BeforeID
	Limit      int
}

// ListAudit returns entries newest first. Only administrators and programme
// managers may read the trail.
func (db *DB) ListAudit(ctx context.Context, a app.Actor, f AuditFilter) ([]AuditEntry, error) {
	if !a.CanReadAudit() {
		return nil, app.Errorf(app.EFORBIDDEN, "only administrators and programme managers can read the audit trail")
	}
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.OrgID != "" {
		where = append(where, "(actor_org_id = ? OR object_org_id = ?)")
		args = append(args, f.OrgID, f.OrgID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT id, at, COALESCE(actor_id, ''), actor_name, COALESCE(actor_org_id, ''), action, object_type, object_id,
		COALESCE(object_org_id, ''), client_ip, request_id, details FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.ActorOrgID, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.ObjectOrgID, &e.ClientIP, &e.RequestID, &e.Details); err != nil {
			return nil, dbError(err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, dbError(rows.Err())
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
