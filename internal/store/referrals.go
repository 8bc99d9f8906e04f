package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Referrals. A referral belongs to the referring organisation's case and
// is read there in full. The receiving organisation (the service's) sees
// it in its inbox with only what it needs to act, and only while the
// person's consent to sharing with it is active: once withdrawn, the
// referral is outside the receiver's scope, read or write, exactly like
// another organisation's record ("not found"). A referral to a service of
// the referring organisation itself needs no sharing consent.
//
// When the receiving organisation has nobody in Remaker (a government
// office, say), the referring organisation records its answer and the
// completion on its behalf, and the audit trail says so.

// referralShared is true when the receiver may see the referral's person.
const referralShared = `(r.from_org_id = r.to_org_id OR EXISTS (SELECT 1 FROM consents cs WHERE cs.person_id = r.person_id
	AND cs.purpose = '` + registry.PurposeSharing + `' AND cs.shared_with_org = r.to_org_id AND cs.withdrawn_at IS NULL))`

// referralReceiverActive is true when the receiving organisation has
// active case workers or managers, who answer in their inbox; otherwise
// the referring organisation records the answers on its behalf.
const referralReceiverActive = `EXISTS (SELECT 1 FROM users ru WHERE ru.org_id = r.to_org_id AND ru.disabled_at IS NULL
	AND ru.role IN ('` + string(app.RoleCaseWorker) + `', '` + string(app.RoleOrgManager) + `'))`

const referralColumns = `r.id, r.case_id, r.person_id, r.from_org_id, r.service_id, r.to_org_id, r.reason, r.status, r.due_on,
	r.requested_at, r.requested_by, r.accepted_at, r.declined_at, r.responded_by, r.decline_reason, r.completed_at, r.completed_by,
	r.outcome, r.feedback, r.cancelled_at, r.cancelled_by, r.cancel_reason, r.updated_at, r.version,
	c.reference, s.name_en, s.name_bn, s.service_type, tor.code, fo.code, CASE WHEN ` + referralShared + ` THEN 1 ELSE 0 END,
	CASE WHEN ` + referralReceiverActive + ` THEN 1 ELSE 0 END`

const referralFrom = ` FROM referrals r JOIN cases c ON c.id = r.case_id JOIN services s ON s.id = r.service_id
	JOIN organisations fo ON fo.id = r.from_org_id JOIN organisations tor ON tor.id = r.to_org_id`

func scanReferral(row interface{ Scan(...any) error }) (referral.Referral, error) {
	var r referral.Referral
	var accepted, declined, completed, cancelled sql.NullTime
	var shared, active int
	err := row.Scan(&r.ID, &r.CaseID, &r.PersonID, &r.FromOrgID, &r.ServiceID, &r.ToOrgID, &r.Reason, &r.Status, &r.DueOn,
		&r.RequestedAt, &r.RequestedBy, &accepted, &declined, &r.RespondedBy, &r.DeclineReason, &completed, &r.CompletedBy,
		&r.Outcome, &r.Feedback, &cancelled, &r.CancelledBy, &r.CancelReason, &r.UpdatedAt, &r.Version,
		&r.CaseReference, &r.ServiceNameEn, &r.ServiceNameBn, &r.ServiceType, &r.ToOrgCode, &r.FromOrgCode, &shared, &active)
	r.DueOn, r.RequestedAt, r.UpdatedAt = r.DueOn.UTC(), r.RequestedAt.UTC(), r.UpdatedAt.UTC()
	r.AcceptedAt, r.DeclinedAt, r.CompletedAt, r.CancelledAt = nullTime(accepted), nullTime(declined), nullTime(completed), nullTime(cancelled)
	r.SharingConsent, r.ReceiverInRemaker = shared == 1, active == 1
	r.IsOverdue = r.Overdue(today())
	return r, err
}

func errStaleReferral() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this referral since you opened it; reload to see their changes, then make yours again")
}

// CreateReferral refers the person of a case of the actor's organisation
// to a service. Only case workers and managers may; the case must be
// open, the service active, and the person must have consented to
// sharing their details with the service's organisation (unless it is the
// actor's own). The answer is due r.DueOn, by default
// referral.DefaultResponseDays from today.
func (db *DB) CreateReferral(ctx context.Context, a app.Actor, r referral.Referral) (referral.Referral, error) {
	if !a.WritesCases() {
		return r, app.Errorf(app.EFORBIDDEN, "your role cannot refer people to services")
	}
	if err := r.Prepare(today()); err != nil {
		return r, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCase(ctx, a, r.CaseID, anyVersion)
		if err != nil {
			return err
		}
		if c.Status == casework.Closed {
			return app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
		}
		var toOrg, toCode, name string
		var active bool
		err = tx.queryRow(ctx, `SELECT s.org_id, o.code, s.name_en, s.active FROM services s JOIN organisations o ON o.id = s.org_id
			WHERE s.id = ?`, r.ServiceID).Scan(&toOrg, &toCode, &name, &active)
		if errors.Is(err, sql.ErrNoRows) {
			return app.FieldError("service_id", "no such service in the directory")
		}
		if err != nil {
			return dbError(err)
		}
		if !active {
			return app.FieldError("service_id", "this service is no longer offered: choose another")
		}
		r.PersonID, r.FromOrgID, r.ToOrgID = c.PersonID, c.OrgID, toOrg
		if !r.Internal() {
			if err := tx.RequireConsent(ctx, r.PersonID, registry.PurposeSharing, r.ToOrgID); err != nil {
				if app.ErrorCode(err) == app.EFORBIDDEN {
					return app.Errorf(app.EFORBIDDEN, "the person has not agreed to share their details with %s: record their consent to sharing with that organisation before referring", toCode)
				}
				return err
			}
		}
		var open int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM referrals WHERE case_id = ? AND service_id = ? AND status IN (?, ?)",
			c.ID, r.ServiceID, referral.Requested, referral.Accepted).Scan(&open); err != nil {
			return dbError(err)
		}
		if open > 0 {
			return app.Errorf(app.ECONFLICT, "this case already has an open referral to this service")
		}
		r.ID, r.Status, r.RequestedAt, r.RequestedBy = NewID(), referral.Requested, now(), a.Username
		r.UpdatedAt, r.Version = r.RequestedAt, 1
		if _, err := tx.exec(ctx, `INSERT INTO referrals (id, case_id, person_id, from_org_id, service_id, to_org_id, reason, status, due_on,
			requested_at, requested_by, requested_by_id, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			r.ID, r.CaseID, r.PersonID, r.FromOrgID, r.ServiceID, r.ToOrgID, r.Reason, r.Status, r.DueOn, r.RequestedAt,
			r.RequestedBy, nullString(a.UserID), r.UpdatedAt); err != nil {
			return dbError(err)
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: referral.EventRequested, Body: toCode + ": " + name,
			RefID: r.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "referral", r.ID, r.FromOrgID, map[string]any{"case": c.ID, "service": r.ServiceID,
			"to_org": r.ToOrgID, "due_on": r.DueOn.Format(time.DateOnly)})
	})
	if err != nil {
		return r, err
	}
	return db.ReferralByID(ctx, a, r.ID)
}

// MoveReferral takes a step on a referral: the receiving organisation
// accepts, declines (with a reason) or completes (with an outcome and
// feedback); the referring organisation cancels. version must be the
// version read. Each step is written on the referring case's timeline and
// in the audit trail.
func (db *DB) MoveReferral(ctx context.Context, a app.Actor, id string, version int, s referral.Step) (referral.Referral, error) {
	var r referral.Referral
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.moveReferral(ctx, a, id, version, s)
		return err
	})
	if err != nil {
		return referral.Referral{}, err
	}
	return r, nil
}

// AnswerReferral is MoveReferral for the receiving organisation's inbox:
// only a referral in a's inbox (see ReceivedReferral) is answered here,
// never cancelled, and what comes back is the inbox's view of it, not the
// referring organisation's.
func (db *DB) AnswerReferral(ctx context.Context, a app.Actor, id string, version int, s referral.Step) (ReferralInboxItem, error) {
	var item ReferralInboxItem
	if !a.WritesCases() {
		return item, app.Errorf(app.EFORBIDDEN, "your role cannot work on referrals")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*)"+inboxFrom+" AND r.id = ?", a.OrgID, id).Scan(&n); err != nil {
			return dbError(err)
		}
		if n == 0 {
			return app.NotFound("referral")
		}
		if s.To == referral.Cancelled {
			return app.Errorf(app.EFORBIDDEN, "only the organisation that made the referral can cancel it")
		}
		if _, err := tx.moveReferral(ctx, a, id, version, s); err != nil {
			return err
		}
		var err error
		item, err = scanInboxItem(tx.queryRow(ctx, "SELECT "+inboxColumns+inboxFrom+" AND r.id = ?", a.OrgID, id))
		return dbError(err)
	})
	return item, err
}

func (tx *Tx) moveReferral(ctx context.Context, a app.Actor, id string, version int, s referral.Step) (referral.Referral, error) {
	var r referral.Referral
	if !a.WritesCases() {
		return r, app.Errorf(app.EFORBIDDEN, "your role cannot work on referrals")
	}
	if version == 0 {
		return r, app.FieldError("version", "send the version of the referral you read")
	}
	r, err := scanReferral(tx.queryRow(ctx, "SELECT "+referralColumns+referralFrom+" WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, app.NotFound("referral")
	}
	if err != nil {
		return r, dbError(err)
	}
	referrer, receiver := a.OrgID == r.FromOrgID, a.OrgID == r.ToOrgID
	if !referrer && !receiver || !referrer && !r.SharingConsent {
		return r, app.NotFound("referral")
	}
	onBehalf := false
	if referrer && !receiver && s.To != referral.Cancelled {
		receiver, onBehalf = !r.ReceiverInRemaker, !r.ReceiverInRemaker
	}
	if err := s.CheckSide(referrer, receiver); err != nil {
		return r, err
	}
	if version != r.Version {
		return r, errStaleReferral()
	}
	if err := s.Check(r.Status); err != nil {
		return r, err
	}
	from := r.Status
	r.Apply(s, now(), a.Username)
	r.UpdatedAt = now()
	res, err := tx.exec(ctx, `UPDATE referrals SET status = ?, accepted_at = ?, declined_at = ?, responded_by = ?, decline_reason = ?,
		completed_at = ?, completed_by = ?, outcome = ?, feedback = ?, cancelled_at = ?, cancelled_by = ?, cancel_reason = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		r.Status, nullTimePtr(r.AcceptedAt), nullTimePtr(r.DeclinedAt), r.RespondedBy, r.DeclineReason, nullTimePtr(r.CompletedAt),
		r.CompletedBy, r.Outcome, r.Feedback, nullTimePtr(r.CancelledAt), r.CancelledBy, r.CancelReason, r.UpdatedAt, r.ID, r.Version)
	if err != nil {
		return r, dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return r, errStaleReferral()
	}
	r.Version++
	r.IsOverdue = r.Overdue(today())
	why := ""
	switch r.Status {
	case referral.Declined:
		why = r.DeclineReason
	case referral.Cancelled:
		why = r.CancelReason
	case referral.Completed:
		why = r.Outcome
	}
	if err := tx.addEvent(ctx, a, casework.Event{CaseID: r.CaseID, Kind: referral.EventKind(r.Status),
		Body: r.ToOrgCode + ": " + r.ServiceNameEn, RefID: r.ID, Reason: why}, r.FromOrgID); err != nil {
		return r, err
	}
	return r, tx.audit(ctx, a, ActUpdate, "referral", r.ID, r.FromOrgID, map[string]any{"status": []string{from, r.Status},
		"reason": why, "on_behalf_of_receiver": onBehalf})
}

func nullTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// ReferralByID returns a referral as the referring organisation (and the
// programme managers) see it. The receiving organisation reads it through
// ReceivedReferral.
func (db *DB) ReferralByID(ctx context.Context, a app.Actor, id string) (referral.Referral, error) {
	scope, args, err := personScope(a, "r.from_org_id")
	if err != nil {
		return referral.Referral{}, app.NotFound("referral")
	}
	r, err := scanReferral(db.queryRow(ctx, "SELECT "+referralColumns+referralFrom+" WHERE r.id = ?"+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, app.NotFound("referral")
	}
	return r, dbError(err)
}

// ReferralsOfCase returns a case's referrals, newest first.
func (db *DB) ReferralsOfCase(ctx context.Context, a app.Actor, caseID string) ([]referral.Referral, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanReferral, "SELECT "+referralColumns+referralFrom+" WHERE r.case_id = ? ORDER BY r.requested_at DESC, r.id DESC", caseID)
}

// ReferralQuery filters the referrals an organisation has made.
type ReferralQuery struct {
	OrgID      string // the referring organisation, for roles that see several
	AssignedTo string // referrals of cases assigned to this user
	Status     string // "" for all, "open" (requested or accepted), or a status
	Overdue    bool   // only referrals waiting for an answer past their due date
	Limit      int    // default 200
}

// ListReferrals returns the referrals made by organisations in a's scope:
// waiting ones first, by due date.
func (db *DB) ListReferrals(ctx context.Context, a app.Actor, q ReferralQuery) ([]referral.Referral, error) {
	scope, args, err := personScope(a, "r.from_org_id")
	if err != nil {
		return nil, app.Errorf(app.EFORBIDDEN, "your role cannot see referrals")
	}
	where := " WHERE 1=1" + scope
	add := func(cond string, v ...any) { where += cond; args = append(args, v...) }
	if q.OrgID != "" {
		add(" AND r.from_org_id = ?", q.OrgID)
	}
	if q.AssignedTo != "" {
		add(" AND c.assigned_to = ?", q.AssignedTo)
	}
	switch q.Status {
	case "":
	case "open":
		add(" AND r.status IN (?, ?)", referral.Requested, referral.Accepted)
	default:
		add(" AND r.status = ?", q.Status)
	}
	if q.Overdue {
		add(" AND r.status = ? AND r.due_on < ?", referral.Requested, today())
	}
	args = append(args, listLimit(q.Limit))
	return queryAll(ctx, db, scanReferral, "SELECT "+referralColumns+referralFrom+where+
		` ORDER BY CASE r.status WHEN 'requested' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END, r.due_on, r.requested_at LIMIT ?`, args...)
}

func listLimit(n int) int {
	if n <= 0 || n > 1000 {
		return 200
	}
	return n
}

// ReferralInboxItem is a referral as the receiving organisation sees it:
// who the person is and how to reach them, what they need and who sent
// them. Never the case itself, the person's record, or their history.
type ReferralInboxItem struct {
	ID            string     `json:"id"`
	Status        string     `json:"status"`
	CaseReference string     `json:"case_reference"` // the referrer's reference, to quote on the phone
	NameBn        string     `json:"name_bn"`
	NameLatin     string     `json:"name_latin"`
	Phone         string     `json:"phone,omitempty"`
	Sex           string     `json:"sex"`
	AgeBand       string     `json:"age_band,omitempty"` // referral.AgeBands
	District      string     `json:"district,omitempty"` // P-code
	ServiceID     string     `json:"service_id"`
	ServiceNameEn string     `json:"service_name_en"`
	ServiceNameBn string     `json:"service_name_bn"`
	ServiceType   string     `json:"service_type"`
	Reason        string     `json:"reason"`
	FromOrgCode   string     `json:"from_org_code"`
	FromOrgNameEn string     `json:"from_org_name_en"`
	FromOrgNameBn string     `json:"from_org_name_bn"`
	ReferredBy    string     `json:"referred_by"`
	RequestedAt   time.Time  `json:"requested_at"`
	DueOn         time.Time  `json:"due_on"`
	AcceptedAt    *time.Time `json:"accepted_at,omitempty"`
	DeclinedAt    *time.Time `json:"declined_at,omitempty"`
	DeclineReason string     `json:"decline_reason,omitempty"`
	CompletedAt   *time.Time `json:"completed_at,omitempty"`
	Outcome       string     `json:"outcome,omitempty"`
	Feedback      string     `json:"feedback,omitempty"`
	CancelledAt   *time.Time `json:"cancelled_at,omitempty"`
	Overdue       bool       `json:"overdue"`
	Version       int        `json:"version"`
}

// DisplayName is the person's name in lang, falling back to the other script.
func (i ReferralInboxItem) DisplayName(lang string) string {
	return registry.Person{NameBn: i.NameBn, NameLatin: i.NameLatin}.DisplayName(lang)
}

const inboxColumns = `r.id, r.status, c.reference, p.name_bn, p.name_latin, p.phones, p.sex, p.birth_date, p.district, r.service_id,
	s.name_en, s.name_bn, s.service_type, r.reason, fo.code, fo.name_en, fo.name_bn,
	COALESCE(NULLIF(u.full_name, ''), r.requested_by), r.requested_at, r.due_on, r.accepted_at, r.declined_at, r.decline_reason,
	r.completed_at, r.outcome, r.feedback, r.cancelled_at, r.version`

const inboxFrom = ` FROM referrals r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = r.person_id
	JOIN services s ON s.id = r.service_id JOIN organisations fo ON fo.id = r.from_org_id LEFT JOIN users u ON u.id = r.requested_by_id
	WHERE r.to_org_id = ? AND ` + referralShared

func scanInboxItem(row interface{ Scan(...any) error }) (ReferralInboxItem, error) {
	var i ReferralInboxItem
	var phones string
	var birth, accepted, declined, completed, cancelled sql.NullTime
	err := row.Scan(&i.ID, &i.Status, &i.CaseReference, &i.NameBn, &i.NameLatin, &phones, &i.Sex, &birth, &i.District, &i.ServiceID,
		&i.ServiceNameEn, &i.ServiceNameBn, &i.ServiceType, &i.Reason, &i.FromOrgCode, &i.FromOrgNameEn, &i.FromOrgNameBn,
		&i.ReferredBy, &i.RequestedAt, &i.DueOn, &accepted, &declined, &i.DeclineReason, &completed, &i.Outcome, &i.Feedback,
		&cancelled, &i.Version)
	if ph := splitCodes(phones); len(ph) > 0 {
		i.Phone = ph[0]
	}
	day := today()
	i.AgeBand = referral.AgeBand(nullTime(birth), day)
	i.RequestedAt, i.DueOn = i.RequestedAt.UTC(), i.DueOn.UTC()
	i.AcceptedAt, i.DeclinedAt, i.CompletedAt, i.CancelledAt = nullTime(accepted), nullTime(declined), nullTime(completed), nullTime(cancelled)
	i.Overdue = referral.Referral{Status: i.Status, DueOn: i.DueOn}.Overdue(day)
	return i, err
}

// InboxQuery filters an organisation's referral inbox.
type InboxQuery struct {
	Status  string // "" for open ones (requested or accepted), "all", or a status
	Overdue bool   // only referrals waiting for an answer past their due date
	Limit   int    // default 200
}

// ReferralInbox returns the referrals made to the actor's organisation
// whose person consents to sharing with it: those waiting for an answer
// first, by due date.
func (db *DB) ReferralInbox(ctx context.Context, a app.Actor, q InboxQuery) ([]ReferralInboxItem, error) {
	if !a.WritesCases() {
		return nil, app.Errorf(app.EFORBIDDEN, "only case workers and managers receive referrals")
	}
	where := ""
	args := []any{a.OrgID}
	switch q.Status {
	case "":
		where += " AND r.status IN (?, ?)"
		args = append(args, referral.Requested, referral.Accepted)
	case "all":
	default:
		where += " AND r.status = ?"
		args = append(args, q.Status)
	}
	if q.Overdue {
		where += " AND r.status = ? AND r.due_on < ?"
		args = append(args, referral.Requested, today())
	}
	args = append(args, listLimit(q.Limit))
	return queryAll(ctx, db, scanInboxItem, "SELECT "+inboxColumns+inboxFrom+where+
		` ORDER BY CASE r.status WHEN 'requested' THEN 0 WHEN 'accepted' THEN 1 ELSE 2 END, r.due_on, r.requested_at LIMIT ?`, args...)
}

// ReceivedReferral returns one referral of the actor's inbox; the look is
// audited, since it shows another organisation's returnee.
func (db *DB) ReceivedReferral(ctx context.Context, a app.Actor, id string) (ReferralInboxItem, error) {
	if !a.WritesCases() {
		return ReferralInboxItem{}, app.NotFound("referral")
	}
	var fromOrg string
	i, err := scanInboxItem(scanFunc(func(dest ...any) error {
		return db.queryRow(ctx, "SELECT "+inboxColumns+", r.from_org_id"+inboxFrom+" AND r.id = ?", a.OrgID, id).Scan(append(dest, &fromOrg)...)
	}))
	if errors.Is(err, sql.ErrNoRows) {
		return i, app.NotFound("referral")
	}
	if err != nil {
		return i, dbError(err)
	}
	return i, db.Audit(ctx, a, ActView, "referral", i.ID, fromOrg, nil)
}
