package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
)

// Stakeholder consultations of a study: the event with its participant
// counts and issues (replaced with the event's version), recommendations
// with a stable reference per study and a status a strategy document
// settles, and follow-up actions. Recommendations and actions carry
// versions of their own; adding one moves the event's version.

func consultErrStale() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this consultation since you opened it; reload to see their changes, then make yours again")
}

func consultErrStaleRec() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this recommendation since you opened it; reload to see their changes, then make yours again")
}

func consultErrStaleAction() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this action since you opened it; reload to see their changes, then make yours again")
}

const consultColumns = "id, study_id, title, held_on, stage, place, notes, created_by_name, created_at, updated_at, version"

func consultScan(r interface{ Scan(...any) error }) (study.Consultation, error) {
	var c study.Consultation
	err := r.Scan(&c.ID, &c.StudyID, &c.Title, &c.HeldOn, &c.Stage, &c.Place, &c.Notes, &c.CreatedByName, &c.CreatedAt, &c.UpdatedAt, &c.Version)
	c.HeldOn, c.CreatedAt, c.UpdatedAt = c.HeldOn.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

func (tx *Tx) consultWriteDetails(ctx context.Context, c study.Consultation) error {
	for _, q := range []string{"DELETE FROM consult_participants WHERE event_id = ?", "DELETE FROM consult_issues WHERE event_id = ?"} {
		if _, err := tx.exec(ctx, q, c.ID); err != nil {
			return dbError(err)
		}
	}
	for _, p := range c.Participants {
		if _, err := tx.exec(ctx, "INSERT INTO consult_participants (event_id, stakeholder, sex, people) VALUES (?, ?, ?, ?)",
			c.ID, p.Category, p.Sex, p.People); err != nil {
			return dbError(err)
		}
	}
	for i, is := range c.Issues {
		if _, err := tx.exec(ctx, "INSERT INTO consult_issues (event_id, position, issue) VALUES (?, ?, ?)", c.ID, i, is); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// consultStudy returns the study of a consultation after checking the
// actor may work on it.
func (tx *Tx) consultStudy(ctx context.Context, a app.Actor, eventID string) (string, error) {
	var studyID string
	if err := tx.queryRow(ctx, "SELECT study_id FROM consult_events WHERE id = ?", eventID).Scan(&studyID); errors.Is(err, sql.ErrNoRows) {
		return "", app.NotFound("consultation")
	} else if err != nil {
		return "", dbError(err)
	}
	return studyID, tx.studyAllowed(ctx, a, studyID, studyWork)
}

// CreateConsultation adds a consultation with its counts and issues.
func (db *DB) CreateConsultation(ctx context.Context, a app.Actor, c study.Consultation) (study.Consultation, error) {
	c.ID, c.CreatedAt, c.CreatedByName = NewID(), now(), a.Username
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, c.StudyID, studyWork); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO consult_events (id, study_id, title, held_on, stage, place, notes, created_by_name, created_at,
			updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, c.ID, c.StudyID, c.Title, dateOnly(c.HeldOn), c.Stage, c.Place,
			c.Notes, c.CreatedByName, c.CreatedAt, c.CreatedAt); err != nil {
			return dbError(err)
		}
		if err := tx.consultWriteDetails(ctx, c); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "consultation", c.ID, "", map[string]any{"study_id": c.StudyID, "title": c.Title, "stage": c.Stage})
	})
	if err != nil {
		return c, err
	}
	return db.ConsultationByID(ctx, a, c.ID)
}

// UpdateConsultation saves a consultation, its counts and issues.
func (db *DB) UpdateConsultation(ctx context.Context, a app.Actor, c study.Consultation) (study.Consultation, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		studyID, err := tx.consultStudy(ctx, a, c.ID)
		if err != nil {
			return err
		}
		c.StudyID = studyID
		if err := c.Validate(); err != nil {
			return err
		}
		old, err := consultScan(tx.queryRow(ctx, "SELECT "+consultColumns+" FROM consult_events WHERE id = ?", c.ID))
		if err != nil {
			return dbError(err)
		}
		res, err := tx.exec(ctx, `UPDATE consult_events SET title = ?, held_on = ?, stage = ?, place = ?, notes = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, c.Title, dateOnly(c.HeldOn), c.Stage, c.Place, c.Notes, now(), c.ID, c.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultErrStale()
		}
		if err := tx.consultWriteDetails(ctx, c); err != nil {
			return err
		}
		ch := Change{}
		studyDiff(ch, "title", old.Title, c.Title)
		studyDiff(ch, "held_on", old.HeldOn.Format(time.DateOnly), c.HeldOn.Format(time.DateOnly))
		studyDiff(ch, "stage", old.Stage, c.Stage)
		studyDiff(ch, "place", old.Place, c.Place)
		studyDiff(ch, "notes", old.Notes, c.Notes)
		ch["participants"] = [2]any{nil, study.Total(c.Participants)}
		ch["issues"] = [2]any{nil, len(c.Issues)}
		return tx.audit(ctx, a, ActUpdate, "consultation", c.ID, "", ch)
	})
	if err != nil {
		return c, err
	}
	return db.ConsultationByID(ctx, a, c.ID)
}

// ConsultationByID returns a consultation with everything recorded at it.
func (db *DB) ConsultationByID(ctx context.Context, a app.Actor, id string) (study.Consultation, error) {
	if !a.SignedIn() {
		return study.Consultation{}, app.NotFound("consultation")
	}
	c, err := consultScan(db.queryRow(ctx, "SELECT "+consultColumns+" FROM consult_events WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, app.NotFound("consultation")
	} else if err != nil {
		return c, dbError(err)
	}
	list := []study.Consultation{c}
	if err := db.consultDetails(ctx, list, "e.id = ?", id); err != nil {
		return c, err
	}
	return list[0], nil
}

// ListConsultations returns a study's consultations, oldest first, with
// everything recorded at each.
func (db *DB) ListConsultations(ctx context.Context, a app.Actor, studyID string) ([]study.Consultation, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	list, err := queryAll(ctx, db, consultScan, "SELECT "+consultColumns+" FROM consult_events WHERE study_id = ? ORDER BY held_on, created_at, id", studyID)
	if err != nil {
		return nil, err
	}
	return list, db.consultDetails(ctx, list, "e.study_id = ?", studyID)
}

const consultRecColumns = `r.id, r.event_id, r.study_id, r.ref, r.text_en, r.text_bn, r.raised_by, r.status, r.status_reason,
	r.created_by_name, r.created_at, r.updated_at, r.version`

func consultScanRec(r interface{ Scan(...any) error }) (study.Recommendation, error) {
	var x study.Recommendation
	err := r.Scan(&x.ID, &x.ConsultationID, &x.StudyID, &x.Ref, &x.TextEN, &x.TextBN, &x.RaisedBy, &x.Status, &x.StatusReason,
		&x.CreatedByName, &x.CreatedAt, &x.UpdatedAt, &x.Version)
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, err
}

const consultActionColumns = `x.id, x.event_id, x.action, x.owner, COALESCE(x.owner_user_id, ''), COALESCE(u.username, ''), x.due_on, x.status,
	x.created_by_name, x.created_at, x.updated_at, x.version`

func consultScanAction(r interface{ Scan(...any) error }) (study.Action, error) {
	var x study.Action
	err := r.Scan(&x.ID, &x.ConsultationID, &x.Action, &x.Owner, &x.OwnerUserID, &x.OwnerUsername, &x.DueOn, &x.Status,
		&x.CreatedByName, &x.CreatedAt, &x.UpdatedAt, &x.Version)
	x.DueOn, x.CreatedAt, x.UpdatedAt = x.DueOn.UTC(), x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	x.Overdue = x.IsOverdue(today())
	return x, err
}

// consultDetails fills the counts, issues, recommendations and actions of
// the consultations listed, all matching where (over consult_events e).
func (db *DB) consultDetails(ctx context.Context, list []study.Consultation, where, arg string) error {
	index := map[string]int{}
	for i := range list {
		index[list[i].ID] = i
		c := &list[i]
		c.Participants, c.Issues, c.Recommendations, c.Actions = []study.Count{}, []string{}, []study.Recommendation{}, []study.Action{}
	}
	type keyed struct {
		event string
		count study.Count
		issue string
	}
	counts, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (keyed, error) {
		var k keyed
		err := r.Scan(&k.event, &k.count.Category, &k.count.Sex, &k.count.People)
		return k, err
	}, "SELECT p.event_id, p.stakeholder, p.sex, p.people FROM consult_participants p JOIN consult_events e ON e.id = p.event_id WHERE "+where+" ORDER BY p.stakeholder, p.sex", arg)
	if err != nil {
		return err
	}
	for _, k := range counts {
		list[index[k.event]].Participants = append(list[index[k.event]].Participants, k.count)
	}
	issues, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (keyed, error) {
		var k keyed
		err := r.Scan(&k.event, &k.issue)
		return k, err
	}, "SELECT i.event_id, i.issue FROM consult_issues i JOIN consult_events e ON e.id = i.event_id WHERE "+where+" ORDER BY i.position", arg)
	if err != nil {
		return err
	}
	for _, k := range issues {
		list[index[k.event]].Issues = append(list[index[k.event]].Issues, k.issue)
	}
	recs, err := queryAll(ctx, db, consultScanRec, "SELECT "+consultRecColumns+
		" FROM consult_recommendations r JOIN consult_events e ON e.id = r.event_id WHERE "+where+" ORDER BY r.created_at, r.id", arg)
	if err != nil {
		return err
	}
	for _, r := range recs {
		list[index[r.ConsultationID]].Recommendations = append(list[index[r.ConsultationID]].Recommendations, r)
	}
	actions, err := queryAll(ctx, db, consultScanAction, "SELECT "+consultActionColumns+
		" FROM consult_actions x JOIN consult_events e ON e.id = x.event_id LEFT JOIN users u ON u.id = x.owner_user_id WHERE "+where+
		" ORDER BY x.due_on, x.id", arg)
	if err != nil {
		return err
	}
	for _, x := range actions {
		list[index[x.ConsultationID]].Actions = append(list[index[x.ConsultationID]].Actions, x)
	}
	return nil
}

// AddConsultRecommendation records a recommendation made at a
// consultation, numbered R-n within the study; version is the event's.
func (db *DB) AddConsultRecommendation(ctx context.Context, a app.Actor, eventID string, version int, r study.Recommendation) (study.Recommendation, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		studyID, err := tx.consultStudy(ctx, a, eventID)
		if err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if err := tx.studyBumpRow(ctx, "consult_events", eventID, version, consultErrStale); err != nil {
			return err
		}
		// The event's row is locked by the bump, but two events of one
		// study may add at once: the unique index on (study_id, ref)
		// turns that race into a conflict, never a duplicate reference.
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM consult_recommendations WHERE study_id = ?", studyID).Scan(&n); err != nil {
			return dbError(err)
		}
		r.ID, r.StudyID, r.ConsultationID, r.Ref, r.CreatedByName, r.CreatedAt = NewID(), studyID, eventID, fmt.Sprintf("R-%d", n+1), a.Username, now()
		if _, err := tx.exec(ctx, `INSERT INTO consult_recommendations (id, event_id, study_id, ref, text_en, text_bn, raised_by, status,
			status_reason, created_by_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			r.ID, eventID, studyID, r.Ref, r.TextEN, r.TextBN, r.RaisedBy, r.Status, r.StatusReason, r.CreatedByName, r.CreatedAt, r.CreatedAt); err != nil {
			if isUniqueViolation(err) {
				return consultErrStale()
			}
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "consult_recommendation", r.ID, "", map[string]any{"event_id": eventID, "ref": r.Ref})
	})
	if err != nil {
		return r, err
	}
	return db.ConsultRecommendationByID(ctx, a, r.ID)
}

// UpdateConsultRecommendation saves a recommendation's text, who raised
// it and its status; r.Version is the version read. The reference stays.
func (db *DB) UpdateConsultRecommendation(ctx context.Context, a app.Actor, r study.Recommendation) (study.Recommendation, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := consultScanRec(tx.queryRow(ctx, "SELECT "+consultRecColumns+" FROM consult_recommendations r WHERE r.id = ?", r.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("recommendation")
		} else if err != nil {
			return dbError(err)
		}
		if err := tx.studyAllowed(ctx, a, old.StudyID, studyWork); err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE consult_recommendations SET text_en = ?, text_bn = ?, raised_by = ?, status = ?, status_reason = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, r.TextEN, r.TextBN, r.RaisedBy, r.Status, r.StatusReason,
			now(), r.ID, r.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultErrStaleRec()
		}
		ch := Change{}
		studyDiff(ch, "text_en", old.TextEN, r.TextEN)
		studyDiff(ch, "text_bn", old.TextBN, r.TextBN)
		studyDiff(ch, "raised_by", old.RaisedBy, r.RaisedBy)
		studyDiff(ch, "status", old.Status, r.Status)
		studyDiff(ch, "status_reason", old.StatusReason, r.StatusReason)
		return tx.audit(ctx, a, ActUpdate, "consult_recommendation", r.ID, "", ch)
	})
	if err != nil {
		return r, err
	}
	return db.ConsultRecommendationByID(ctx, a, r.ID)
}

// ConsultRecommendationByID returns one recommendation.
func (db *DB) ConsultRecommendationByID(ctx context.Context, a app.Actor, id string) (study.Recommendation, error) {
	if !a.SignedIn() {
		return study.Recommendation{}, app.NotFound("recommendation")
	}
	r, err := consultScanRec(db.queryRow(ctx, "SELECT "+consultRecColumns+" FROM consult_recommendations r WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, app.NotFound("recommendation")
	}
	return r, dbError(err)
}

// ConsultRecommendations returns a study's recommendations in reference
// order; open only when openOnly (those not yet addressed).
func (db *DB) ConsultRecommendations(ctx context.Context, a app.Actor, studyID string, openOnly bool) ([]study.Recommendation, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	q := "SELECT " + consultRecColumns + " FROM consult_recommendations r WHERE r.study_id = ?"
	args := []any{studyID}
	if openOnly {
		q += " AND r.status = ?"
		args = append(args, study.RecOpen)
	}
	return queryAll(ctx, db, consultScanRec, q+" ORDER BY r.created_at, r.id", args...)
}

// consultCheckOwner accepts a user as the owner of an action.
func (tx *Tx) consultCheckOwner(ctx context.Context, userID string) error {
	if userID == "" {
		return nil
	}
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM users WHERE id = ?", userID).Scan(&id); errors.Is(err, sql.ErrNoRows) {
		return app.FieldError("owner_user_id", "choose a user from the list")
	} else if err != nil {
		return dbError(err)
	}
	return nil
}

// AddConsultAction records a follow-up action; version is the event's.
func (db *DB) AddConsultAction(ctx context.Context, a app.Actor, eventID string, version int, x study.Action) (study.Action, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.consultStudy(ctx, a, eventID); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if err := tx.consultCheckOwner(ctx, x.OwnerUserID); err != nil {
			return err
		}
		if err := tx.studyBumpRow(ctx, "consult_events", eventID, version, consultErrStale); err != nil {
			return err
		}
		x.ID, x.ConsultationID, x.CreatedAt = NewID(), eventID, now()
		if _, err := tx.exec(ctx, `INSERT INTO consult_actions (id, event_id, action, owner, owner_user_id, due_on, status, created_by_name,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, x.ID, eventID, x.Action, x.Owner,
			nullString(x.OwnerUserID), dateOnly(x.DueOn), x.Status, a.Username, x.CreatedAt, x.CreatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "consult_action", x.ID, "", map[string]any{"event_id": eventID, "due_on": x.DueOn.Format(time.DateOnly)})
	})
	if err != nil {
		return x, err
	}
	return db.consultActionByID(ctx, x.ID)
}

// UpdateConsultAction saves an action; x.Version is the version read.
func (db *DB) UpdateConsultAction(ctx context.Context, a app.Actor, x study.Action) (study.Action, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := consultScanAction(tx.queryRow(ctx, "SELECT "+consultActionColumns+
			" FROM consult_actions x LEFT JOIN users u ON u.id = x.owner_user_id WHERE x.id = ?", x.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("action")
		} else if err != nil {
			return dbError(err)
		}
		if _, err := tx.consultStudy(ctx, a, old.ConsultationID); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if err := tx.consultCheckOwner(ctx, x.OwnerUserID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE consult_actions SET action = ?, owner = ?, owner_user_id = ?, due_on = ?, status = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, x.Action, x.Owner, nullString(x.OwnerUserID), dateOnly(x.DueOn), x.Status,
			now(), x.ID, x.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return consultErrStaleAction()
		}
		ch := Change{}
		studyDiff(ch, "action", old.Action, x.Action)
		studyDiff(ch, "owner", old.Owner, x.Owner)
		studyDiff(ch, "owner_user_id", old.OwnerUserID, x.OwnerUserID)
		studyDiff(ch, "due_on", old.DueOn.Format(time.DateOnly), x.DueOn.Format(time.DateOnly))
		studyDiff(ch, "status", old.Status, x.Status)
		return tx.audit(ctx, a, ActUpdate, "consult_action", x.ID, "", ch)
	})
	if err != nil {
		return x, err
	}
	return db.consultActionByID(ctx, x.ID)
}

func (db *DB) consultActionByID(ctx context.Context, id string) (study.Action, error) {
	x, err := consultScanAction(db.queryRow(ctx, "SELECT "+consultActionColumns+
		" FROM consult_actions x LEFT JOIN users u ON u.id = x.owner_user_id WHERE x.id = ?", id))
	return x, dbError(err)
}
