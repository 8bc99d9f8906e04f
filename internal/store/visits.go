package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Follow-up visits. Scheduling, recording and marking visits are case
// work of the case's organisation; reading follows the case's scope.

// ScheduleVisits schedules monitoring visits of a case months after from
// (followup.DefaultIntervals when months is empty), skipping any date on
// which a visit is already scheduled. It runs inside the caller's
// transaction, so that approving a plan and scheduling its follow-up land
// together or not at all; the actor must be a case worker or manager of
// the case's organisation, and the case open.
func (tx *Tx) ScheduleVisits(ctx context.Context, a app.Actor, caseID string, from time.Time, months []int) error {
	_, err := tx.scheduleVisits(ctx, a, caseID, from, months)
	return err
}

// SetVisitIntervals sets the months after plan approval at which follow-up
// visits are scheduled when nobody gives them (3, 6 and 12 unless set),
// as a deployment chooses at start. Call it before serving.
func (db *DB) SetVisitIntervals(months []int) error {
	if _, err := followup.DueDates(time.Now(), months); err != nil {
		return err
	}
	db.visitMonths = append([]int(nil), months...)
	return nil
}

// ScheduleVisits schedules visits by hand (for example when a case moves
// to monitoring) and returns the visits it added.
func (db *DB) ScheduleVisits(ctx context.Context, a app.Actor, caseID string, from time.Time, months []int) ([]followup.Visit, error) {
	var added []followup.Visit
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		added, err = tx.scheduleVisits(ctx, a, caseID, from, months)
		return err
	})
	return added, err
}

func (tx *Tx) scheduleVisits(ctx context.Context, a app.Actor, caseID string, from time.Time, months []int) ([]followup.Visit, error) {
	if len(months) == 0 {
		months = tx.db.visitMonths
	}
	dates, err := followup.DueDates(from, months)
	if err != nil {
		return nil, err
	}
	c, err := tx.lockCase(ctx, a, caseID, anyVersion)
	if err != nil {
		return nil, err
	}
	if c.Status == casework.Closed {
		return nil, app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
	}
	rows, err := tx.query(ctx, "SELECT due_on FROM visits WHERE case_id = ? AND status = ?", c.ID, followup.Scheduled)
	if err != nil {
		return nil, dbError(err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var d time.Time
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		have[d.UTC().Format(time.DateOnly)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	var added []followup.Visit
	var days []string
	for _, d := range dates {
		day := d.Format(time.DateOnly)
		if have[day] {
			continue
		}
		v := followup.Visit{ID: NewID(), CaseID: c.ID, OrgID: c.OrgID, DueOn: d, Status: followup.Scheduled, CreatedBy: a.Username,
			CreatedAt: now(), Version: 1}
		v.UpdatedAt = v.CreatedAt
		if _, err := tx.exec(ctx, `INSERT INTO visits (id, case_id, org_id, due_on, status, created_by, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, v.ID, v.CaseID, v.OrgID, v.DueOn, v.Status, v.CreatedBy, v.CreatedAt, v.UpdatedAt); err != nil {
			if isUniqueViolation(err) {
				// Someone scheduled the same day at the same moment (PostgreSQL).
				return nil, errStaleCase()
			}
			return nil, dbError(err)
		}
		if err := tx.audit(ctx, a, ActCreate, "visit", v.ID, c.OrgID, map[string]any{"case": c.ID, "due_on": day}); err != nil {
			return nil, err
		}
		added = append(added, v)
		days = append(days, day)
	}
	if len(added) == 0 {
		return nil, nil
	}
	return added, tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: followup.EventScheduled, Body: strings.Join(days, " ")}, c.OrgID)
}

const visitColumns = `v.id, v.case_id, v.org_id, v.due_on, v.status, v.done_on, v.findings, v.action, COALESCE(v.task_id, ''), v.note,
	v.recorded_by, v.created_by, v.created_at, v.updated_at, v.version`

func scanVisit(row interface{ Scan(...any) error }, extra ...any) (followup.Visit, error) {
	var v followup.Visit
	var done sql.NullTime
	err := row.Scan(append([]any{&v.ID, &v.CaseID, &v.OrgID, &v.DueOn, &v.Status, &done, &v.Findings, &v.Action, &v.TaskID, &v.Note,
		&v.RecordedBy, &v.CreatedBy, &v.CreatedAt, &v.UpdatedAt, &v.Version}, extra...)...)
	v.DueOn, v.CreatedAt, v.UpdatedAt = v.DueOn.UTC(), v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	v.DoneOn = nullTime(done)
	return v, err
}

// lockVisit reads a visit of the actor's organisation for a change.
func (tx *Tx) lockVisit(ctx context.Context, a app.Actor, id string, version int) (followup.Visit, casework.Case, error) {
	if !a.WritesCases() {
		return followup.Visit{}, casework.Case{}, app.Errorf(app.EFORBIDDEN, "your role cannot change cases")
	}
	if version == 0 {
		return followup.Visit{}, casework.Case{}, app.FieldError("version", "send the version of the visit you read")
	}
	v, err := scanVisit(tx.queryRow(ctx, "SELECT "+visitColumns+" FROM visits v WHERE v.id = ? AND v.org_id = ?", id, a.OrgID))
	if errors.Is(err, sql.ErrNoRows) {
		return v, casework.Case{}, app.NotFound("visit")
	}
	if err != nil {
		return v, casework.Case{}, dbError(err)
	}
	c, err := tx.lockCase(ctx, a, v.CaseID, anyVersion)
	if err != nil {
		return v, c, err
	}
	if version != v.Version {
		return v, c, app.Errorf(app.ECONFLICT, "someone else changed this visit since you opened it; reload to see their changes, then make yours again")
	}
	return v, c, nil
}

func (tx *Tx) saveVisit(ctx context.Context, v *followup.Visit) error {
	v.UpdatedAt = now()
	res, err := tx.exec(ctx, `UPDATE visits SET status = ?, done_on = ?, findings = ?, action = ?, task_id = ?, note = ?, recorded_by = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, v.Status, nullDate(v.DoneOn), v.Findings, v.Action,
		nullString(v.TaskID), v.Note, v.RecordedBy, v.UpdatedAt, v.ID, v.Version)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return app.Errorf(app.ECONFLICT, "someone else changed this visit since you opened it; reload to see their changes, then make yours again")
	}
	v.Version++
	return nil
}

// RecordVisit records what a visit found. When it calls for a new
// assessment or a plan revision, a task saying so is added to the case
// (due in two weeks, for the case's assigned worker), in the same
// transaction.
func (db *DB) RecordVisit(ctx context.Context, a app.Actor, id string, version int, r followup.Record) (followup.Visit, error) {
	var v followup.Visit
	err := db.inTx(ctx, func(tx *Tx) error {
		var c casework.Case
		var err error
		if v, c, err = tx.lockVisit(ctx, a, id, version); err != nil {
			return err
		}
		// Closing a case cancels its scheduled visits, but a missed one
		// stays missed: recording it would add work to a closed case.
		if c.Status == casework.Closed {
			return app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
		}
		if err := r.Check(v.Status, today()); err != nil {
			return err
		}
		if r.DoneOn.Before(c.OpenedOn) {
			return app.FieldError("done_on", "the visit is dated before the case was opened: check the date")
		}
		done := r.DoneOn
		v.Status, v.DoneOn, v.Findings, v.Action, v.RecordedBy = followup.Done, &done, r.Findings, r.Action, a.Username
		if r.Action != followup.ActionNone {
			title := r.TaskTitle
			if title == "" {
				title = followup.DefaultTaskTitle(r.Action)
			}
			due := done.AddDate(0, 0, 14)
			if due.Before(today()) {
				due = today()
			}
			t := casework.Task{ID: NewID(), CaseID: c.ID, Title: title, DueOn: &due, AssignedTo: c.AssignedTo, CreatedBy: a.Username,
				CreatedAt: now()}
			if _, err := tx.exec(ctx, `INSERT INTO case_tasks (id, case_id, org_id, title, due_on, assigned_to, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.CaseID, c.OrgID, t.Title, nullDate(t.DueOn), nullString(t.AssignedTo),
				t.CreatedBy, t.CreatedAt); err != nil {
				return dbError(err)
			}
			if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventTask, Body: t.Title, RefID: t.ID}, c.OrgID); err != nil {
				return err
			}
			if err := tx.audit(ctx, a, ActCreate, "case_task", t.ID, c.OrgID, map[string]any{"case": c.ID, "visit": v.ID}); err != nil {
				return err
			}
			v.TaskID = t.ID
		}
		if err := tx.saveVisit(ctx, &v); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: followup.EventDone, Body: v.Findings, RefID: v.ID,
			Reason: v.Action}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "visit", v.ID, c.OrgID, map[string]any{"case": c.ID, "status": followup.Done,
			"done_on": done.Format(time.DateOnly), "action": v.Action})
	})
	return v, err
}

// MissVisit marks a scheduled visit as missed (the person was not found,
// the visit could not happen), with an optional note. A missed visit may
// still be recorded later.
func (db *DB) MissVisit(ctx context.Context, a app.Actor, id string, version int, note string) (followup.Visit, error) {
	return db.closeVisit(ctx, a, id, version, followup.Missed, followup.EventMissed, note)
}

// CancelVisit cancels a visit that is no longer needed.
func (db *DB) CancelVisit(ctx context.Context, a app.Actor, id string, version int, note string) (followup.Visit, error) {
	return db.closeVisit(ctx, a, id, version, followup.Cancelled, followup.EventCancelled, note)
}

func (db *DB) closeVisit(ctx context.Context, a app.Actor, id string, version int, to, kind, note string) (followup.Visit, error) {
	var v followup.Visit
	note = strings.TrimSpace(note)
	err := db.inTx(ctx, func(tx *Tx) error {
		var c casework.Case
		var err error
		if v, c, err = tx.lockVisit(ctx, a, id, version); err != nil {
			return err
		}
		if err := followup.CheckMiss(v.Status, to, note); err != nil {
			return err
		}
		from := v.Status
		v.Status, v.Note, v.RecordedBy = to, note, a.Username
		if err := tx.saveVisit(ctx, &v); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: kind, Body: note, RefID: v.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "visit", v.ID, c.OrgID, map[string]any{"case": c.ID, "status": []string{from, to}})
	})
	return v, err
}

// VisitsOfCase returns a case's visits by due date.
func (db *DB) VisitsOfCase(ctx context.Context, a app.Actor, caseID string) ([]followup.Visit, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (followup.Visit, error) { return scanVisit(r) },
		"SELECT "+visitColumns+" FROM visits v WHERE v.case_id = ? ORDER BY v.due_on, v.created_at", caseID)
}

// VisitQuery selects the visits to make: scheduled visits of open cases
// due up to DueWithin days from today, overdue ones included.
type VisitQuery struct {
	OrgID      string // for roles that see several organisations
	AssignedTo string // visits of cases assigned to this user ("none": unassigned cases)
	Overdue    bool   // only visits past their due date
	DueWithin  int    // days ahead; 0 means followup.DefaultDueWithin
	Limit      int    // default 200
}

// VisitRow is a line of a visit list.
type VisitRow struct {
	followup.Visit
	CaseReference string `json:"case_reference"`
	NameBn        string `json:"name_bn"`
	NameLatin     string `json:"name_latin"`
	District      string `json:"district"`
	Upazila       string `json:"upazila"`
	AssignedTo    string `json:"assigned_to,omitempty"`
	AssignedName  string `json:"assigned_name,omitempty"`
	IsOverdue     bool   `json:"overdue"`
}

// DisplayName is the person's name in lang, falling back to the other script.
func (r VisitRow) DisplayName(lang string) string {
	return registry.Person{NameBn: r.NameBn, NameLatin: r.NameLatin}.DisplayName(lang)
}

// ListVisits returns the visits due and overdue in a's scope, per
// organisation or per case worker, earliest first.
func (db *DB) ListVisits(ctx context.Context, a app.Actor, q VisitQuery) ([]VisitRow, error) {
	scope, args, err := personScope(a, "v.org_id")
	if err != nil {
		return nil, app.Errorf(app.EFORBIDDEN, "your role cannot see follow-up visits")
	}
	day := today()
	within := q.DueWithin
	if within <= 0 {
		within = followup.DefaultDueWithin
	}
	where := " WHERE v.status = ? AND c.status <> ?" + scope
	args = append([]any{followup.Scheduled, casework.Closed}, args...)
	add := func(cond string, v ...any) { where += cond; args = append(args, v...) }
	if q.OrgID != "" {
		add(" AND v.org_id = ?", q.OrgID)
	}
	switch q.AssignedTo {
	case "":
	case "none":
		add(" AND c.assigned_to IS NULL")
	default:
		add(" AND c.assigned_to = ?", q.AssignedTo)
	}
	if q.Overdue {
		add(" AND v.due_on < ?", day)
	} else {
		add(" AND v.due_on <= ?", day.AddDate(0, 0, within))
	}
	args = append(args, listLimit(q.Limit))
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (VisitRow, error) {
		var row VisitRow
		var err error
		row.Visit, err = scanVisit(r, &row.CaseReference, &row.NameBn, &row.NameLatin, &row.District, &row.Upazila, &row.AssignedTo,
			&row.AssignedName)
		row.IsOverdue = row.Overdue(day)
		return row, err
	}, "SELECT "+visitColumns+`, c.reference, p.name_bn, p.name_latin, p.district, p.upazila, COALESCE(c.assigned_to, ''),
		COALESCE(CASE WHEN u.full_name = '' THEN u.username ELSE u.full_name END, '')
		FROM visits v JOIN cases c ON c.id = v.case_id JOIN persons p ON p.id = c.person_id LEFT JOIN users u ON u.id = c.assigned_to`+
		where+" ORDER BY v.due_on, c.reference LIMIT ?", args...)
}
