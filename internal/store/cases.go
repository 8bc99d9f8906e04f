package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/registry"
)

// NewCase is what opening a case needs.
type NewCase struct {
	PersonID   string    `json:"person_id"`
	ProjectID  string    `json:"project_id"`
	AssignedTo string    `json:"assigned_to"`
	OpenedOn   time.Time `json:"opened_on"` // zero: today
}

// errStaleCase is the answer to a change made on an outdated copy.
func errStaleCase() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this case since you opened it; reload to see their changes, then make yours again")
}

// OpenCase opens a case for a person of the actor's organisation in a
// project the organisation works in. The person must have consented to
// registration, and may have only one open case per organisation.
func (db *DB) OpenCase(ctx context.Context, a app.Actor, n NewCase) (casework.Case, error) {
	var c casework.Case
	if !a.WritesCases() {
		return c, app.Errorf(app.EFORBIDDEN, "your role cannot open cases")
	}
	if n.OpenedOn.IsZero() {
		n.OpenedOn = today()
	}
	if err := casework.CheckOpening(n.OpenedOn, today()); err != nil {
		return c, err
	}
	// Two people opening cases at once may pick the same reference on
	// PostgreSQL; the unique index refuses the second, which tries again.
	for attempt := 0; ; attempt++ {
		err := db.inTx(ctx, func(tx *Tx) error {
			var err error
			c, err = tx.openCase(ctx, a, n)
			return err
		})
		if isUniqueViolation(errors.Unwrap(err)) && attempt < 3 {
			continue
		}
		return c, err
	}
}

func (tx *Tx) openCase(ctx context.Context, a app.Actor, n NewCase) (casework.Case, error) {
	c := casework.Case{PersonID: n.PersonID, ProjectID: n.ProjectID, OrgID: a.OrgID, Status: casework.Registered,
		OpenedOn: dateOnly(n.OpenedOn)}
	if err := tx.ownPerson(ctx, a, n.PersonID); err != nil {
		return c, err
	}
	var partner int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM project_partners pp JOIN projects p ON p.id = pp.project_id
		WHERE pp.project_id = ? AND pp.org_id = ? AND p.status = 'active'`, n.ProjectID, a.OrgID).Scan(&partner); err != nil {
		return c, dbError(err)
	}
	if partner == 0 {
		return c, app.FieldError("project_id", "choose an active project your organisation works in")
	}
	if n.AssignedTo != "" {
		if err := tx.checkAssignee(ctx, a.OrgID, n.AssignedTo); err != nil {
			return c, err
		}
		c.AssignedTo = n.AssignedTo
	}
	if err := tx.RequireConsent(ctx, n.PersonID, registry.PurposeRegistration, ""); err != nil {
		return c, err
	}
	var open string
	err := tx.queryRow(ctx, "SELECT reference FROM cases WHERE person_id = ? AND org_id = ? AND status <> ?",
		n.PersonID, a.OrgID, casework.Closed).Scan(&open)
	if err == nil {
		return c, app.Errorf(app.ECONFLICT, "this person already has an open case (%s): work on that one", open)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return c, dbError(err)
	}
	var code string
	var count int
	if err := tx.queryRow(ctx, "SELECT code FROM organisations WHERE id = ?", a.OrgID).Scan(&code); err != nil {
		return c, dbError(err)
	}
	prefix := fmt.Sprintf("%s-%d-", code, c.OpenedOn.Year())
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM cases WHERE org_id = ? AND reference LIKE ?", a.OrgID, prefix+"%").Scan(&count); err != nil {
		return c, dbError(err)
	}
	c.ID, c.Reference = NewID(), fmt.Sprintf("%s%04d", prefix, count+1)
	c.CreatedAt = now()
	c.UpdatedAt, c.Version = c.CreatedAt, 1
	if _, err := tx.exec(ctx, `INSERT INTO cases (id, reference, person_id, org_id, project_id, assigned_to, status, priority, opened_on,
		created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, 1)`,
		c.ID, c.Reference, c.PersonID, c.OrgID, c.ProjectID, nullString(c.AssignedTo), c.Status, c.OpenedOn, c.CreatedAt, c.UpdatedAt); err != nil {
		return c, fmt.Errorf("open case: %w", err)
	}
	if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventOpened, ToStatus: c.Status}, c.OrgID); err != nil {
		return c, err
	}
	return c, tx.audit(ctx, a, ActCreate, "case", c.ID, c.OrgID, map[string]any{"person": c.PersonID, "reference": c.Reference})
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// checkAssignee accepts active case workers and managers of the organisation.
func (tx *Tx) checkAssignee(ctx context.Context, orgID, userID string) error {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ? AND org_id = ? AND disabled_at IS NULL AND role IN (?, ?)`,
		userID, orgID, app.RoleCaseWorker, app.RoleOrgManager).Scan(&n)
	if err != nil {
		return dbError(err)
	}
	if n == 0 {
		return app.FieldError("assigned_to", "choose an active case worker or manager of your organisation")
	}
	return nil
}

func (tx *Tx) addEvent(ctx context.Context, a app.Actor, e casework.Event, orgID string) error {
	_, err := tx.writeEvent(ctx, a, e, orgID)
	return err
}

// writeEvent adds a line to a case's timeline and returns it as stored.
func (tx *Tx) writeEvent(ctx context.Context, a app.Actor, e casework.Event, orgID string) (casework.Event, error) {
	e.ID, e.At, e.ActorName = NewID(), now(), a.Username
	_, err := tx.exec(ctx, `INSERT INTO case_events (id, case_id, org_id, at, actor_id, actor_name, kind, from_status, to_status, body, ref_id, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.CaseID, orgID, e.At, nullString(a.UserID), a.Username, e.Kind,
		e.FromStatus, e.ToStatus, e.Body, e.RefID, e.Reason)
	return e, dbError(err)
}

const caseColumns = `c.id, c.reference, c.person_id, c.org_id, c.project_id, COALESCE(c.assigned_to, ''), c.status, c.priority,
	c.opened_on, c.closed_on, c.closure_reason, c.created_at, c.updated_at, c.version`

func scanCase(row interface{ Scan(...any) error }, extra ...any) (casework.Case, error) {
	var c casework.Case
	var closed sql.NullTime
	err := row.Scan(append([]any{&c.ID, &c.Reference, &c.PersonID, &c.OrgID, &c.ProjectID, &c.AssignedTo, &c.Status, &c.Priority,
		&c.OpenedOn, &closed, &c.ClosureReason, &c.CreatedAt, &c.UpdatedAt, &c.Version}, extra...)...)
	c.OpenedOn, c.CreatedAt, c.UpdatedAt = c.OpenedOn.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.ClosedOn = nullTime(closed)
	return c, err
}

// CaseView is a case with what its page shows about it.
type CaseView struct {
	casework.Case
	OrgCode      string          `json:"org_code"`
	ProjectCode  string          `json:"project_code"`
	ProjectTitle string          `json:"project_title"`
	AssignedName string          `json:"assigned_name,omitempty"`
	Person       registry.Person `json:"person"`
	Flags        []casework.Flag `json:"flags"`
	// Moves lists the statuses the case may move to now ("reopen" for a closed case).
	Moves []string `json:"moves"`
}

// CaseByID returns a case in a's scope, with its person; the view is audited.
func (db *DB) CaseByID(ctx context.Context, a app.Actor, id string) (CaseView, error) {
	var v CaseView
	scope, args, err := personScope(a, "c.org_id")
	if err != nil {
		return v, app.NotFound("case")
	}
	row := db.queryRow(ctx, "SELECT "+caseColumns+", o.code, pr.code, pr.title, COALESCE(CASE WHEN u.full_name = '' THEN u.username ELSE u.full_name END, ''), "+personColumns+`
		FROM cases c JOIN organisations o ON o.id = c.org_id JOIN projects pr ON pr.id = c.project_id
		JOIN persons p ON p.id = c.person_id LEFT JOIN users u ON u.id = c.assigned_to
		WHERE c.id = ?`+scope, append([]any{id}, args...)...)
	var person registry.Person
	v.Case, err = scanCase(personTail{row, &person}, &v.OrgCode, &v.ProjectCode, &v.ProjectTitle, &v.AssignedName)
	if errors.Is(err, sql.ErrNoRows) {
		return v, app.NotFound("case")
	}
	if err != nil {
		return v, dbError(err)
	}
	v.Person = person
	var overdue int
	var returned sql.NullTime
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM case_tasks WHERE case_id = ? AND done_at IS NULL AND due_on < ?",
		v.ID, today()).Scan(&overdue); err != nil {
		return v, dbError(err)
	}
	// A plain column, not MAX(): SQLite types a column by its declaration,
	// and only a declared DATE comes back as a time.
	err = db.queryRow(ctx, `SELECT return_date FROM migration_episodes WHERE person_id = ? AND return_date IS NOT NULL
		ORDER BY return_date DESC LIMIT 1`, v.PersonID).Scan(&returned)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return v, dbError(err)
	}
	v.Flags = casework.Flags(v.Status, v.OpenedOn, nullTime(returned), overdue, today())
	v.Moves = casework.Allowed(v.Status)
	return v, db.Audit(ctx, a, ActView, "case", v.ID, v.OrgID, nil)
}

// personTail scans a row whose last columns are personColumns into a
// person, handing the columns before them to the caller's targets.
type personTail struct {
	row    interface{ Scan(...any) error }
	person *registry.Person
}

func (s personTail) Scan(dest ...any) error {
	p, err := scanPerson(scanFunc(func(personDest ...any) error {
		return s.row.Scan(append(dest, personDest...)...)
	}))
	*s.person = p
	return err
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// anyVersion is passed to lockCase by additions such as notes and tasks,
// which cannot clash with another change.
const anyVersion = -1

// lockCase reads a case of the actor's own organisation for a change and
// checks the version the actor read (anyVersion skips the check). A
// change of the case itself must name the version: a missing one (0) is
// refused rather than read as "overwrite whatever is there".
func (tx *Tx) lockCase(ctx context.Context, a app.Actor, id string, version int) (casework.Case, error) {
	if !a.WritesCases() {
		return casework.Case{}, app.Errorf(app.EFORBIDDEN, "your role cannot change cases")
	}
	if version == 0 {
		return casework.Case{}, app.FieldError("version", "send the version of the case you read")
	}
	c, err := scanCase(tx.queryRow(ctx, "SELECT "+caseColumns+" FROM cases c WHERE c.id = ? AND c.org_id = ?", id, a.OrgID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, app.NotFound("case")
	}
	if err != nil {
		return c, dbError(err)
	}
	if version != anyVersion && version != c.Version {
		return c, errStaleCase()
	}
	return c, nil
}

// saveCase writes a changed case, bumping its version.
func (tx *Tx) saveCase(ctx context.Context, c *casework.Case) error {
	c.UpdatedAt = now()
	res, err := tx.exec(ctx, `UPDATE cases SET assigned_to = ?, status = ?, priority = ?, closed_on = ?, closure_reason = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`, nullString(c.AssignedTo), c.Status, c.Priority, nullDate(c.ClosedOn),
		c.ClosureReason, c.UpdatedAt, c.ID, c.Version)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStaleCase()
	}
	c.Version++
	return nil
}

// MoveCase changes a case's status along the lifecycle; version must be
// the version read. Closing needs a reason; a closed case only reopens.
func (db *DB) MoveCase(ctx context.Context, a app.Actor, id string, version int, t casework.Transition) (casework.Case, error) {
	var c casework.Case
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.lockCase(ctx, a, id, version); err != nil {
			return err
		}
		t.Note = strings.TrimSpace(t.Note)
		if err := t.Check(c.Status); err != nil {
			return err
		}
		from := c.Status
		c.Status = t.To
		if t.To == casework.Closed {
			d := today()
			c.ClosedOn, c.ClosureReason = &d, t.Reason
			// Nobody visits a closed case: its scheduled visits are cancelled,
			// so they do not linger on the case page or in any count.
			if _, err := tx.exec(ctx, `UPDATE visits SET status = ?, note = ?, updated_at = ?, version = version + 1
				WHERE case_id = ? AND status = ?`, followup.Cancelled, "the case was closed", now(), c.ID, followup.Scheduled); err != nil {
				return dbError(err)
			}
		}
		if err := tx.saveCase(ctx, &c); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventStatus, FromStatus: from, ToStatus: c.Status,
			Body: t.Note, Reason: t.Reason}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCaseMove, "case", c.ID, c.OrgID, map[string]any{"from": from, "to": c.Status, "reason": t.Reason})
	})
	return c, err
}

// ReopenCase reopens a closed case at the status it had before closing.
func (db *DB) ReopenCase(ctx context.Context, a app.Actor, id string, version int, note string) (casework.Case, error) {
	var c casework.Case
	note = strings.TrimSpace(note)
	if len(note) > 4000 {
		return c, app.FieldError("note", "keep the note under 4000 characters")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.lockCase(ctx, a, id, version); err != nil {
			return err
		}
		if c.Status != casework.Closed {
			return app.Errorf(app.ECONFLICT, "only a closed case can be reopened")
		}
		var before string
		err = tx.queryRow(ctx, `SELECT from_status FROM case_events WHERE case_id = ? AND kind = ? AND to_status = ?
			ORDER BY at DESC, id DESC LIMIT 1`, c.ID, casework.EventStatus, casework.Closed).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) || before == "" {
			before = casework.Registered
		} else if err != nil {
			return dbError(err)
		}
		c.Status, c.ClosedOn, c.ClosureReason = before, nil, ""
		if err := tx.saveCase(ctx, &c); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventReopened, FromStatus: casework.Closed,
			ToStatus: c.Status, Body: note}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCaseReopen, "case", c.ID, c.OrgID, map[string]any{"to": c.Status})
	})
	return c, err
}

// AssignCase gives a case to a case worker or manager of its organisation
// (userID "" leaves it unassigned).
func (db *DB) AssignCase(ctx context.Context, a app.Actor, id string, version int, userID string) (casework.Case, error) {
	var c casework.Case
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if c, err = tx.lockCase(ctx, a, id, version); err != nil {
			return err
		}
		name := ""
		if userID != "" {
			if err := tx.checkAssignee(ctx, c.OrgID, userID); err != nil {
				return err
			}
			if err := tx.queryRow(ctx, "SELECT CASE WHEN full_name = '' THEN username ELSE full_name END FROM users WHERE id = ?",
				userID).Scan(&name); err != nil {
				return dbError(err)
			}
		}
		old := c.AssignedTo
		c.AssignedTo = userID
		if err := tx.saveCase(ctx, &c); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventAssigned, Body: name, RefID: userID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "case", c.ID, c.OrgID, map[string]any{"assigned_to": []string{old, userID}})
	})
	return c, err
}

// AddCaseNote writes a note on a case's timeline.
func (db *DB) AddCaseNote(ctx context.Context, a app.Actor, caseID, body string) (casework.Event, error) {
	body, err := casework.CheckNote(body)
	if err != nil {
		return casework.Event{}, err
	}
	e := casework.Event{CaseID: caseID, Kind: casework.EventNote, Body: body}
	err = db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCase(ctx, a, caseID, anyVersion)
		if err != nil {
			return err
		}
		if e, err = tx.writeEvent(ctx, a, e, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "case_note", c.ID, c.OrgID, nil)
	})
	return e, err
}

// caseInScope checks that a case is visible to a (for reading its parts).
func (db *DB) caseInScope(ctx context.Context, a app.Actor, caseID string) error {
	scope, args, err := personScope(a, "org_id")
	if err != nil {
		return app.NotFound("case")
	}
	var id string
	err = db.queryRow(ctx, "SELECT id FROM cases WHERE id = ?"+scope, append([]any{caseID}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return app.NotFound("case")
	}
	return dbError(err)
}

// CaseTimeline returns a case's events, oldest first.
func (db *DB) CaseTimeline(ctx context.Context, a app.Actor, caseID string) ([]casework.Event, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (casework.Event, error) {
		var e casework.Event
		err := r.Scan(&e.ID, &e.CaseID, &e.At, &e.ActorName, &e.Kind, &e.FromStatus, &e.ToStatus, &e.Body, &e.RefID, &e.Reason)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT id, case_id, at, actor_name, kind, from_status, to_status, body, ref_id, reason FROM case_events
		WHERE case_id = ? ORDER BY at, id`, caseID)
}

// AddTask adds a task to a case.
func (db *DB) AddTask(ctx context.Context, a app.Actor, caseID string, t casework.Task) (casework.Task, error) {
	if err := t.Validate(today()); err != nil {
		return t, err
	}
	t.ID, t.CaseID, t.CreatedBy, t.CreatedAt = NewID(), caseID, a.Username, now()
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCase(ctx, a, caseID, anyVersion)
		if err != nil {
			return err
		}
		if t.AssignedTo != "" {
			if err := tx.checkAssignee(ctx, c.OrgID, t.AssignedTo); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO case_tasks (id, case_id, org_id, title, due_on, assigned_to, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.CaseID, c.OrgID, t.Title, nullDate(t.DueOn), nullString(t.AssignedTo),
			t.CreatedBy, t.CreatedAt); err != nil {
			return dbError(err)
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventTask, Body: t.Title, RefID: t.ID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "case_task", t.ID, c.OrgID, map[string]any{"case": c.ID})
	})
	return t, err
}

// CompleteTask marks a task done.
func (db *DB) CompleteTask(ctx context.Context, a app.Actor, caseID, taskID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCase(ctx, a, caseID, anyVersion)
		if err != nil {
			return err
		}
		var title string
		var done sql.NullTime
		err = tx.queryRow(ctx, "SELECT title, done_at FROM case_tasks WHERE id = ? AND case_id = ?", taskID, caseID).Scan(&title, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("task")
		}
		if err != nil {
			return dbError(err)
		}
		if done.Valid {
			return app.Errorf(app.ECONFLICT, "this task is already done")
		}
		if _, err := tx.exec(ctx, "UPDATE case_tasks SET done_at = ? WHERE id = ?", now(), taskID); err != nil {
			return dbError(err)
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventTaskDone, Body: title, RefID: taskID}, c.OrgID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActTaskDone, "case_task", taskID, c.OrgID, map[string]any{"case": c.ID})
	})
}

// ListTasks returns a case's tasks: open ones first, by due date.
func (db *DB) ListTasks(ctx context.Context, a app.Actor, caseID string) ([]casework.Task, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (casework.Task, error) {
		var t casework.Task
		var due, done sql.NullTime
		err := r.Scan(&t.ID, &t.CaseID, &t.Title, &due, &t.AssignedTo, &done, &t.CreatedBy, &t.CreatedAt)
		t.DueOn, t.DoneAt, t.CreatedAt = nullTime(due), nullTime(done), t.CreatedAt.UTC()
		return t, err
	}, `SELECT id, case_id, title, due_on, COALESCE(assigned_to, ''), done_at, created_by, created_at FROM case_tasks
		WHERE case_id = ? ORDER BY CASE WHEN done_at IS NULL THEN 0 ELSE 1 END, due_on, created_at`, caseID)
}

// RecordScreening records a vulnerability screening on a case. The case
// takes the priority of its latest screening, and a registered case
// becomes screened.
func (db *DB) RecordScreening(ctx context.Context, a app.Actor, caseID string, s casework.Screening) (casework.Screening, error) {
	if s.AssessedOn.IsZero() {
		s.AssessedOn = today()
	}
	if err := s.Prepare(today()); err != nil {
		return s, err
	}
	s.ID, s.CaseID, s.RecordedBy, s.CreatedAt = NewID(), caseID, a.Username, now()
	s.AssessedOn = dateOnly(s.AssessedOn)
	err := db.inTx(ctx, func(tx *Tx) error {
		c, err := tx.lockCase(ctx, a, caseID, anyVersion)
		if err != nil {
			return err
		}
		if c.Status == casework.Closed {
			return app.Errorf(app.ECONFLICT, "the case is closed: reopen it first")
		}
		if s.AssessedOn.Before(c.OpenedOn) {
			return app.FieldError("assessed_on", "the screening is dated before the case was opened: check the date")
		}
		if _, err := tx.exec(ctx, `INSERT INTO screenings (id, case_id, org_id, assessed_on, indicators, debt_minor, score, priority, notes,
			recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, c.ID, c.OrgID, s.AssessedOn, joinCodes(s.Indicators),
			nullInt(s.DebtMinor), s.Score, s.Priority, s.Notes, s.RecordedBy, s.CreatedAt); err != nil {
			return dbError(err)
		}
		var latest string
		if err := tx.queryRow(ctx, "SELECT priority FROM screenings WHERE case_id = ? ORDER BY assessed_on DESC, created_at DESC LIMIT 1",
			c.ID).Scan(&latest); err != nil {
			return dbError(err)
		}
		from := c.Status
		c.Priority = latest
		if c.Status == casework.Registered {
			c.Status = casework.Screened
		}
		if err := tx.saveCase(ctx, &c); err != nil {
			return err
		}
		if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventScreening, Body: s.Priority, RefID: s.ID}, c.OrgID); err != nil {
			return err
		}
		if from != c.Status {
			if err := tx.addEvent(ctx, a, casework.Event{CaseID: c.ID, Kind: casework.EventStatus, FromStatus: from, ToStatus: c.Status}, c.OrgID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, ActCreate, "screening", s.ID, c.OrgID, map[string]any{"case": c.ID, "priority": s.Priority})
	})
	return s, err
}

// ListScreenings returns a case's screenings, latest first.
func (db *DB) ListScreenings(ctx context.Context, a app.Actor, caseID string) ([]casework.Screening, error) {
	if err := db.caseInScope(ctx, a, caseID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (casework.Screening, error) {
		var s casework.Screening
		var ind string
		var debt sql.NullInt64
		err := r.Scan(&s.ID, &s.CaseID, &s.AssessedOn, &ind, &debt, &s.Score, &s.Priority, &s.Notes, &s.RecordedBy, &s.CreatedAt)
		s.Indicators, s.DebtMinor = splitCodes(ind), int64Ptr(debt)
		s.AssessedOn, s.CreatedAt = s.AssessedOn.UTC(), s.CreatedAt.UTC()
		return s, err
	}, `SELECT id, case_id, assessed_on, indicators, debt_minor, score, priority, notes, recorded_by, created_at FROM screenings
		WHERE case_id = ? ORDER BY assessed_on DESC, created_at DESC`, caseID)
}
