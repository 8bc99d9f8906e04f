package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/capacity"
)

// Capacity-building events: programme information and aggregates, read by
// every signed-in user; written like community initiatives (see
// activityWriter). Attendance and scores are replaced as a whole with the
// event's version; follow-up actions carry versions of their own.

func errStaleCapacityEvent() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this event since you opened it; reload to see their changes, then make yours again")
}

const capacityEventColumns = `e.id, e.project_id, e.org_id, o.code, e.topic, e.kind, e.status, e.starts_on, e.ends_on, e.place, e.district,
	e.facilitator, e.notes, e.created_by_name, e.created_at, e.updated_at, e.version`

const capacityEventFrom = ` FROM capacity_events e JOIN organisations o ON o.id = e.org_id`

func scanCapacityEvent(r interface{ Scan(...any) error }, extra ...any) (capacity.Event, error) {
	var e capacity.Event
	var ends sql.NullTime
	err := r.Scan(append([]any{&e.ID, &e.ProjectID, &e.OrgID, &e.OrgCode, &e.Topic, &e.Kind, &e.Status, &e.StartsOn, &ends, &e.Place,
		&e.District, &e.Facilitator, &e.Notes, &e.CreatedByName, &e.CreatedAt, &e.UpdatedAt, &e.Version}, extra...)...)
	e.StartsOn, e.CreatedAt, e.UpdatedAt, e.EndsOn = e.StartsOn.UTC(), e.CreatedAt.UTC(), e.UpdatedAt.UTC(), nullTime(ends)
	return e, err
}

// lockCapacityEvent reads an event inside a write transaction, its row taken first.
func (tx *Tx) lockCapacityEvent(ctx context.Context, id string) (capacity.Event, error) {
	res, err := tx.exec(ctx, "UPDATE capacity_events SET version = version WHERE id = ?", id)
	if err != nil {
		return capacity.Event{}, dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return capacity.Event{}, app.NotFound("capacity-building event")
	}
	e, err := scanCapacityEvent(tx.queryRow(ctx, "SELECT "+capacityEventColumns+capacityEventFrom+" WHERE e.id = ?", id))
	return e, dbError(err)
}

// bumpCapacityEvent moves an event to its next version, refusing a stale one.
func (tx *Tx) bumpCapacityEvent(ctx context.Context, id string, version int) error {
	res, err := tx.exec(ctx, "UPDATE capacity_events SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", now(), id, version)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStaleCapacityEvent()
	}
	return nil
}

// CreateCapacityEvent adds a capacity-building event.
func (db *DB) CreateCapacityEvent(ctx context.Context, a app.Actor, e capacity.Event) (capacity.Event, error) {
	e.OrgID = activityOrg(a, e.OrgID)
	if err := activityWriter(a, e.OrgID); err != nil {
		return e, err
	}
	if err := e.Validate(today()); err != nil {
		return e, err
	}
	e.ID, e.CreatedAt, e.Version, e.CreatedByName = NewID(), now(), 1, a.Username
	e.UpdatedAt = e.CreatedAt
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.activityParents(ctx, e.ProjectID, e.OrgID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO capacity_events (id, project_id, org_id, topic, kind, status, starts_on, ends_on, place, district,
			facilitator, notes, created_by, created_by_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			e.ID, e.ProjectID, e.OrgID, e.Topic, e.Kind, e.Status, dateOnly(e.StartsOn), nullDate(e.EndsOn), e.Place, e.District, e.Facilitator,
			e.Notes, nullString(a.UserID), e.CreatedByName, e.CreatedAt, e.UpdatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "capacity_event", e.ID, e.OrgID, map[string]any{"topic": e.Topic, "kind": e.Kind,
			"starts_on": e.StartsOn.Format(time.DateOnly)})
	})
	if err != nil {
		return e, err
	}
	return db.CapacityEventByID(ctx, a, e.ID)
}

// UpdateCapacityEvent saves changes to an event's own fields; e.Version must be
// the version read. The organiser and project stay.
func (db *DB) UpdateCapacityEvent(ctx context.Context, a app.Actor, e capacity.Event) (capacity.Event, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := tx.lockCapacityEvent(ctx, e.ID)
		if err != nil {
			return err
		}
		if err := activityWriter(a, old.OrgID); err != nil {
			return err
		}
		e.ProjectID, e.OrgID = old.ProjectID, old.OrgID
		if err := e.Validate(today()); err != nil {
			return err
		}
		if e.Version != old.Version {
			return errStaleCapacityEvent()
		}
		res, err := tx.exec(ctx, `UPDATE capacity_events SET topic = ?, kind = ?, status = ?, starts_on = ?, ends_on = ?, place = ?, district = ?,
			facilitator = ?, notes = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			e.Topic, e.Kind, e.Status, dateOnly(e.StartsOn), nullDate(e.EndsOn), e.Place, e.District, e.Facilitator, e.Notes, now(), e.ID, old.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleCapacityEvent()
		}
		return tx.audit(ctx, a, ActUpdate, "capacity_event", e.ID, e.OrgID, capacityEventDiff(old, e))
	})
	if err != nil {
		return e, err
	}
	return db.CapacityEventByID(ctx, a, e.ID)
}

func capacityEventDiff(old, e capacity.Event) Change {
	c := Change{}
	add := func(name string, a, b any) {
		if a != b {
			c[name] = [2]any{a, b}
		}
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	add("topic", old.Topic, e.Topic)
	add("kind", old.Kind, e.Kind)
	add("status", old.Status, e.Status)
	add("starts_on", day(&old.StartsOn), day(&e.StartsOn))
	add("ends_on", day(old.EndsOn), day(e.EndsOn))
	add("place", old.Place, e.Place)
	add("district", old.District, e.District)
	add("facilitator", old.Facilitator, e.Facilitator)
	add("notes", old.Notes, e.Notes)
	return c
}

// CapacityEventByID returns an event with its attendance and scores.
func (db *DB) CapacityEventByID(ctx context.Context, a app.Actor, id string) (capacity.Event, error) {
	if !a.SignedIn() {
		return capacity.Event{}, app.NotFound("capacity-building event")
	}
	e, err := scanCapacityEvent(db.queryRow(ctx, "SELECT "+capacityEventColumns+capacityEventFrom+" WHERE e.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, app.NotFound("capacity-building event")
	}
	if err != nil {
		return e, dbError(err)
	}
	e.Attendance, err = queryAll(ctx, db, func(r interface{ Scan(...any) error }) (capacity.Attendance, error) {
		var at capacity.Attendance
		err := r.Scan(&at.OrgID, &at.OrgCode, &at.Body, &at.Female, &at.Male, &at.ThirdGender)
		return at, err
	}, `SELECT COALESCE(a.org_id, ''), COALESCE(o.code, ''), a.body, a.female, a.male, a.third_gender FROM capacity_attendance a
		LEFT JOIN organisations o ON o.id = a.org_id WHERE a.event_id = ? ORDER BY a.position`, id)
	if err != nil {
		return e, err
	}
	e.Scores, err = queryAll(ctx, db, func(r interface{ Scan(...any) error }) (capacity.Score, error) {
		var pre, post sql.NullInt64
		err := r.Scan(&pre, &post)
		return capacity.Score{Pre: capacityScore(pre), Post: capacityScore(post)}, err
	}, "SELECT pre_score, post_score FROM capacity_scores WHERE event_id = ? ORDER BY position", id)
	return e, err
}

func capacityScore(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// CapacityQuery filters the list of events.
type CapacityQuery struct {
	ProjectID, OrgID, Kind, Status string
	Limit, Offset                  int
}

// CapacityRow is an event in a list, with its attendance added up and the
// number of its open actions (and how many of those are overdue on the
// day read).
type CapacityRow struct {
	capacity.Event
	Female, Male, ThirdGender int
	OpenActions, Overdue      int
}

// ListCapacityEvents returns events, latest first, one more than the limit telling
// whether there are more.
func (db *DB) ListCapacityEvents(ctx context.Context, a app.Actor, q CapacityQuery) ([]CapacityRow, bool, error) {
	if !a.SignedIn() {
		return nil, false, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	where, args := activityFilter("e", q.ProjectID, q.OrgID, q.Kind, q.Status)
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	args = append([]any{today()}, args...)
	rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (CapacityRow, error) {
		var row CapacityRow
		var err error
		row.Event, err = scanCapacityEvent(r, &row.Female, &row.Male, &row.ThirdGender, &row.OpenActions, &row.Overdue)
		return row, err
	}, "SELECT "+capacityEventColumns+`,
		CAST(COALESCE((SELECT SUM(a.female) FROM capacity_attendance a WHERE a.event_id = e.id), 0) AS BIGINT),
		CAST(COALESCE((SELECT SUM(a.male) FROM capacity_attendance a WHERE a.event_id = e.id), 0) AS BIGINT),
		CAST(COALESCE((SELECT SUM(a.third_gender) FROM capacity_attendance a WHERE a.event_id = e.id), 0) AS BIGINT),
		(SELECT COUNT(*) FROM capacity_actions x WHERE x.event_id = e.id AND x.status = 'open'),
		(SELECT COUNT(*) FROM capacity_actions x WHERE x.event_id = e.id AND x.status = 'open' AND x.due_on < ?)`+
		capacityEventFrom+where+" ORDER BY e.starts_on DESC, e.id DESC LIMIT ? OFFSET ?", append(args, limit+1, max(q.Offset, 0))...)
	if err != nil {
		return nil, false, err
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	return rows, more, nil
}

// SetCapacityAttendance replaces who attended an event; version is the event's
// version read. Organisations must exist.
func (db *DB) SetCapacityAttendance(ctx context.Context, a app.Actor, id string, version int, given []capacity.Attendance) (capacity.Event, error) {
	rows, err := capacity.CheckAttendance(given)
	if err != nil {
		return capacity.Event{}, err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockCapacityEvent(ctx, id)
		if err != nil {
			return err
		}
		if err := activityWriter(a, e.OrgID); err != nil {
			return err
		}
		// Errors name the row as given, empty rows included.
		for i, r := range given {
			if r.OrgID == "" {
				continue
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", r.OrgID).Scan(&n); err != nil {
				return dbError(err)
			}
			if n == 0 {
				return app.FieldError("attendance."+strconv.Itoa(i)+".org_id", "choose an organisation from the list of organisations in Remaker")
			}
		}
		if err := tx.bumpCapacityEvent(ctx, id, version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM capacity_attendance WHERE event_id = ?", id); err != nil {
			return dbError(err)
		}
		for i, r := range rows {
			if _, err := tx.exec(ctx, `INSERT INTO capacity_attendance (event_id, position, org_id, body, female, male, third_gender)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, nullString(r.OrgID), r.Body, r.Female, r.Male, r.ThirdGender); err != nil {
				return dbError(err)
			}
		}
		t := capacity.AttendanceTotals(rows)
		return tx.audit(ctx, a, ActUpdate, "capacity_event", id, e.OrgID, map[string]any{"attendance_rows": len(rows),
			"female": t.Female, "male": t.Male, "third_gender": t.ThirdGender})
	})
	if err != nil {
		return capacity.Event{}, err
	}
	return db.CapacityEventByID(ctx, a, id)
}

// SetCapacityScores replaces an event's score sheet; version is the event's
// version read.
func (db *DB) SetCapacityScores(ctx context.Context, a app.Actor, id string, version int, scores []capacity.Score) (capacity.Event, error) {
	if err := capacity.CheckScores(scores); err != nil {
		return capacity.Event{}, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockCapacityEvent(ctx, id)
		if err != nil {
			return err
		}
		if err := activityWriter(a, e.OrgID); err != nil {
			return err
		}
		if err := tx.bumpCapacityEvent(ctx, id, version); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM capacity_scores WHERE event_id = ?", id); err != nil {
			return dbError(err)
		}
		for i, s := range scores {
			if _, err := tx.exec(ctx, "INSERT INTO capacity_scores (event_id, position, pre_score, post_score) VALUES (?, ?, ?, ?)",
				id, i, s.Pre, s.Post); err != nil {
				return dbError(err)
			}
		}
		sum := capacity.Summarise(scores)
		return tx.audit(ctx, a, ActUpdate, "capacity_event", id, e.OrgID, map[string]any{"scores": sum.Participants, "improved": sum.Improved})
	})
	if err != nil {
		return capacity.Event{}, err
	}
	return db.CapacityEventByID(ctx, a, id)
}

// ---- follow-up actions ----

const capacityActionColumns = `x.id, x.event_id, x.org_id, x.action, x.owner, x.due_on, x.status, x.done_on, x.created_by_name, x.created_at,
	x.updated_at, x.version`

func scanCapacityAction(r interface{ Scan(...any) error }) (capacity.Action, error) {
	var x capacity.Action
	var done sql.NullTime
	err := r.Scan(&x.ID, &x.EventID, &x.OrgID, &x.Action, &x.Owner, &x.DueOn, &x.Status, &done, &x.CreatedByName, &x.CreatedAt,
		&x.UpdatedAt, &x.Version)
	x.DueOn, x.CreatedAt, x.UpdatedAt, x.DoneOn = x.DueOn.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC(), nullTime(done)
	return x, err
}

func errStaleCapacityAction() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this action since you opened it; reload to see their changes, then make yours again")
}

// AddCapacityAction records a follow-up action of an event.
func (db *DB) AddCapacityAction(ctx context.Context, a app.Actor, eventID string, x capacity.Action) (capacity.Action, error) {
	if x.Status == "" {
		x.Status = capacity.Open
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		e, err := tx.lockCapacityEvent(ctx, eventID)
		if err != nil {
			return err
		}
		if err := activityWriter(a, e.OrgID); err != nil {
			return err
		}
		if err := x.Validate(today()); err != nil {
			return err
		}
		x.ID, x.EventID, x.OrgID, x.CreatedByName, x.CreatedAt, x.Version = NewID(), e.ID, e.OrgID, a.Username, now(), 1
		x.UpdatedAt = x.CreatedAt
		if _, err := tx.exec(ctx, `INSERT INTO capacity_actions (id, event_id, org_id, action, owner, due_on, status, done_on, created_by_name,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, x.ID, x.EventID, x.OrgID, x.Action, x.Owner,
			dateOnly(x.DueOn), x.Status, nullDate(x.DoneOn), x.CreatedByName, x.CreatedAt, x.UpdatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "capacity_action", x.ID, x.OrgID, map[string]any{"event": e.ID, "owner": x.Owner,
			"due_on": x.DueOn.Format(time.DateOnly)})
	})
	return x, err
}

// UpdateCapacityAction changes an action (what, who, when, open or done); x.Version
// must be the version read. It must belong to eventID.
func (db *DB) UpdateCapacityAction(ctx context.Context, a app.Actor, eventID string, x capacity.Action) (capacity.Action, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := scanCapacityAction(tx.queryRow(ctx, "SELECT "+capacityActionColumns+" FROM capacity_actions x WHERE x.id = ? AND x.event_id = ?", x.ID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("follow-up action")
		}
		if err != nil {
			return dbError(err)
		}
		if err := activityWriter(a, old.OrgID); err != nil {
			return err
		}
		if err := x.Validate(today()); err != nil {
			return err
		}
		if x.Version != old.Version {
			return errStaleCapacityAction()
		}
		x.EventID, x.OrgID, x.CreatedByName, x.CreatedAt, x.UpdatedAt = old.EventID, old.OrgID, old.CreatedByName, old.CreatedAt, now()
		res, err := tx.exec(ctx, `UPDATE capacity_actions SET action = ?, owner = ?, due_on = ?, status = ?, done_on = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, x.Action, x.Owner, dateOnly(x.DueOn), x.Status, nullDate(x.DoneOn), x.UpdatedAt,
			x.ID, old.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStaleCapacityAction()
		}
		x.Version = old.Version + 1
		c := Change{}
		for name, pair := range map[string][2]any{"action": {old.Action, x.Action}, "owner": {old.Owner, x.Owner},
			"due_on": {old.DueOn.Format(time.DateOnly), x.DueOn.Format(time.DateOnly)}, "status": {old.Status, x.Status}} {
			if pair[0] != pair[1] {
				c[name] = pair
			}
		}
		return tx.audit(ctx, a, ActUpdate, "capacity_action", x.ID, x.OrgID, c)
	})
	return x, err
}

// CapacityActions returns an event's follow-up actions by due date.
func (db *DB) CapacityActions(ctx context.Context, a app.Actor, eventID string) ([]capacity.Action, error) {
	if _, err := db.CapacityEventByID(ctx, a, eventID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanCapacityAction, "SELECT "+capacityActionColumns+" FROM capacity_actions x WHERE x.event_id = ? ORDER BY x.due_on, x.created_at, x.id",
		eventID)
}
