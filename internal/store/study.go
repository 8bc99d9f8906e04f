package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
)

// Scoping studies: programme information, read by every signed-in user
// (nothing personal: participants are counted, outside team members are
// named without contact details). Programme managers and administrators
// create studies; they and the study's lead change it; the lead and
// researchers of the team record its work, and enumerators on the team
// add qualitative sessions. Team and stages move the study's version.

func studyErrStale() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this study since you opened it; reload to see their changes, then make yours again")
}

// studyAccess is what an actor may do on one study.
type studyAccess int

const (
	studyRead       studyAccess = iota
	studyAddSession             // enumerators of the team
	studyWork                   // lead and researchers: sessions, codes, consultations
	studyEdit                   // the lead: the study itself, its stages and team
)

// studyTeamRole returns the actor's role on the study's team, "" if none.
func (tx *Tx) studyTeamRole(ctx context.Context, a app.Actor, studyID string) (string, error) {
	if a.UserID == "" {
		return "", nil
	}
	var role string
	err := tx.queryRow(ctx, "SELECT role FROM study_team WHERE study_id = ? AND user_id = ?", studyID, a.UserID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, dbError(err)
}

// studyAllowed refuses an actor who may not do need on the study, and
// reports a study that does not exist as not found.
func (tx *Tx) studyAllowed(ctx context.Context, a app.Actor, studyID string, need studyAccess) error {
	var id string
	if err := tx.queryRow(ctx, "SELECT id FROM study_studies WHERE id = ?", studyID).Scan(&id); errors.Is(err, sql.ErrNoRows) || !a.SignedIn() {
		return app.NotFound("study")
	} else if err != nil {
		return dbError(err)
	}
	if a.AllOrgs() {
		return nil
	}
	role, err := tx.studyTeamRole(ctx, a, studyID)
	if err != nil {
		return err
	}
	have := studyRead
	switch role {
	case study.RoleLead:
		have = studyEdit
	case study.RoleResearcher:
		have = studyWork
	case study.RoleEnumerator:
		have = studyAddSession
	}
	if have < need {
		return app.Errorf(app.EFORBIDDEN, "only the study's team can change this study")
	}
	return nil
}

// StudyRights says what an actor may do on a study, for the screens.
type StudyRights struct {
	Edit, Work, AddSession bool
}

// StudyRightsOf returns the actor's rights on a study.
func (db *DB) StudyRightsOf(ctx context.Context, a app.Actor, studyID string) (StudyRights, error) {
	var r StudyRights
	err := db.inTx(ctx, func(tx *Tx) error {
		r.Edit = tx.studyAllowed(ctx, a, studyID, studyEdit) == nil
		r.Work = tx.studyAllowed(ctx, a, studyID, studyWork) == nil
		err := tx.studyAllowed(ctx, a, studyID, studyAddSession)
		r.AddSession = err == nil
		if app.ErrorCode(err) == app.ENOTFOUND {
			return err
		}
		return nil
	})
	return r, err
}

// studyBumpRow moves a row of table to its next version, refusing a stale
// one; a missing row is not found as what.
func (tx *Tx) studyBumpRow(ctx context.Context, table, id string, version int, stale func() error) error {
	res, err := tx.exec(ctx, "UPDATE "+table+" SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", now(), id, version)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stale()
	}
	return nil
}

const studyColumns = `id, title_en, title_bn, objectives, area, target_groups, current_stage, created_by_name, created_at, updated_at, version`

func studyScan(r interface{ Scan(...any) error }) (study.Study, error) {
	var s study.Study
	var area, groups string
	err := r.Scan(&s.ID, &s.TitleEN, &s.TitleBN, &s.Objectives, &area, &groups, &s.CurrentStage, &s.CreatedByName, &s.CreatedAt, &s.UpdatedAt, &s.Version)
	s.Area, s.TargetGroups = splitCodes(area), splitCodes(groups)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// CreateStudy adds a study with its five stages, undated.
func (db *DB) CreateStudy(ctx context.Context, a app.Actor, s study.Study) (study.Study, error) {
	if !a.AllOrgs() {
		return s, app.Errorf(app.EFORBIDDEN, "only programme managers and administrators create studies")
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	s.ID, s.CreatedAt, s.CreatedByName = NewID(), now(), a.Username
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO study_studies (id, title_en, title_bn, objectives, area, target_groups, current_stage,
			created_by, created_by_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			s.ID, s.TitleEN, s.TitleBN, s.Objectives, joinCodes(s.Area), joinCodes(s.TargetGroups), s.CurrentStage,
			nullString(a.UserID), s.CreatedByName, s.CreatedAt, s.CreatedAt); err != nil {
			return dbError(err)
		}
		stages, _ := study.CheckStages(nil)
		if err := tx.studyWriteStages(ctx, s.ID, stages); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "study", s.ID, "", map[string]any{"title": s.TitleEN})
	})
	if err != nil {
		return s, err
	}
	return db.StudyByID(ctx, a, s.ID)
}

// UpdateStudy saves a study's own fields; s.Version is the version read.
func (db *DB) UpdateStudy(ctx context.Context, a app.Actor, s study.Study) (study.Study, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, s.ID, studyEdit); err != nil {
			return err
		}
		if err := s.Validate(); err != nil {
			return err
		}
		old, err := studyScan(tx.queryRow(ctx, "SELECT "+studyColumns+" FROM study_studies WHERE id = ?", s.ID))
		if err != nil {
			return dbError(err)
		}
		res, err := tx.exec(ctx, `UPDATE study_studies SET title_en = ?, title_bn = ?, objectives = ?, area = ?, target_groups = ?,
			current_stage = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			s.TitleEN, s.TitleBN, s.Objectives, joinCodes(s.Area), joinCodes(s.TargetGroups), s.CurrentStage, now(), s.ID, s.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return studyErrStale()
		}
		c := Change{}
		studyDiff(c, "title_en", old.TitleEN, s.TitleEN)
		studyDiff(c, "title_bn", old.TitleBN, s.TitleBN)
		studyDiff(c, "objectives", old.Objectives, s.Objectives)
		studyDiff(c, "area", joinCodes(old.Area), joinCodes(s.Area))
		studyDiff(c, "target_groups", joinCodes(old.TargetGroups), joinCodes(s.TargetGroups))
		studyDiff(c, "current_stage", old.CurrentStage, s.CurrentStage)
		return tx.audit(ctx, a, ActUpdate, "study", s.ID, "", c)
	})
	if err != nil {
		return s, err
	}
	return db.StudyByID(ctx, a, s.ID)
}

func studyDiff(c Change, name string, old, new any) {
	if old != new {
		c[name] = [2]any{old, new}
	}
}

func (tx *Tx) studyWriteStages(ctx context.Context, studyID string, stages []study.Stage) error {
	if _, err := tx.exec(ctx, "DELETE FROM study_stages WHERE study_id = ?", studyID); err != nil {
		return dbError(err)
	}
	for _, st := range stages {
		if _, err := tx.exec(ctx, `INSERT INTO study_stages (study_id, stage, planned_start, planned_end, actual_start, actual_end)
			VALUES (?, ?, ?, ?, ?, ?)`, studyID, st.Stage, nullDate(st.PlannedStart), nullDate(st.PlannedEnd),
			nullDate(st.ActualStart), nullDate(st.ActualEnd)); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// SetStudyStages replaces the dates of the study's stages and, unless
// current is empty, moves the study to the stage current.
func (db *DB) SetStudyStages(ctx context.Context, a app.Actor, studyID string, version int, current string, stages []study.Stage) (study.Study, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyEdit); err != nil {
			return err
		}
		checked, err := study.CheckStages(stages)
		if current != "" && !slices.Contains(study.Stages, current) {
			var v app.Validation
			v.Merge(err)
			v.Add("current_stage", "choose a stage from the list")
			err = v.Err()
		}
		if err != nil {
			return err
		}
		if err := tx.studyBumpRow(ctx, "study_studies", studyID, version, studyErrStale); err != nil {
			return err
		}
		if current != "" {
			if _, err := tx.exec(ctx, "UPDATE study_studies SET current_stage = ? WHERE id = ?", current, studyID); err != nil {
				return dbError(err)
			}
		}
		if err := tx.studyWriteStages(ctx, studyID, checked); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "study", studyID, "", map[string]any{"stages": checked, "current_stage": current})
	})
	if err != nil {
		return study.Study{}, err
	}
	return db.StudyByID(ctx, a, studyID)
}

// AddStudyMember adds a user or an outside member to the team.
func (db *DB) AddStudyMember(ctx context.Context, a app.Actor, studyID string, version int, m study.Member) (study.Study, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyEdit); err != nil {
			return err
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if m.UserID != "" {
			var id string
			if err := tx.queryRow(ctx, "SELECT id FROM users WHERE id = ?", m.UserID).Scan(&id); errors.Is(err, sql.ErrNoRows) {
				return app.FieldError("user_id", "choose a user from the list")
			} else if err != nil {
				return dbError(err)
			}
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM study_team WHERE study_id = ? AND user_id = ?", studyID, m.UserID).Scan(&n); err != nil {
				return dbError(err)
			}
			if n > 0 {
				return app.FieldError("user_id", "this user is already on the team")
			}
		}
		if err := tx.studyBumpRow(ctx, "study_studies", studyID, version, studyErrStale); err != nil {
			return err
		}
		m.ID = NewID()
		if _, err := tx.exec(ctx, `INSERT INTO study_team (id, study_id, user_id, name, organisation, role, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.ID, studyID, nullString(m.UserID), m.Name, m.Organisation, m.Role, now()); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "study_member", m.ID, "", map[string]any{"study_id": studyID, "user_id": m.UserID,
			"name": m.Name, "role": m.Role})
	})
	if err != nil {
		return study.Study{}, err
	}
	return db.StudyByID(ctx, a, studyID)
}

// RemoveStudyMember takes a member off the team.
func (db *DB) RemoveStudyMember(ctx context.Context, a app.Actor, studyID string, version int, memberID string) (study.Study, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyEdit); err != nil {
			return err
		}
		if err := tx.studyBumpRow(ctx, "study_studies", studyID, version, studyErrStale); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM study_team WHERE id = ? AND study_id = ?", memberID, studyID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("team member")
		}
		return tx.audit(ctx, a, ActDelete, "study_member", memberID, "", map[string]any{"study_id": studyID})
	})
	if err != nil {
		return study.Study{}, err
	}
	return db.StudyByID(ctx, a, studyID)
}

// StudyByID returns a study with its stages and team.
func (db *DB) StudyByID(ctx context.Context, a app.Actor, id string) (study.Study, error) {
	if !a.SignedIn() {
		return study.Study{}, app.NotFound("study")
	}
	s, err := studyScan(db.queryRow(ctx, "SELECT "+studyColumns+" FROM study_studies WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, app.NotFound("study")
	}
	if err != nil {
		return s, dbError(err)
	}
	s.Stages, err = queryAll(ctx, db, func(r interface{ Scan(...any) error }) (study.Stage, error) {
		var st study.Stage
		var ps, pe, as, ae sql.NullTime
		err := r.Scan(&st.Stage, &ps, &pe, &as, &ae)
		st.PlannedStart, st.PlannedEnd, st.ActualStart, st.ActualEnd = nullTime(ps), nullTime(pe), nullTime(as), nullTime(ae)
		return st, err
	}, "SELECT stage, planned_start, planned_end, actual_start, actual_end FROM study_stages WHERE study_id = ?", id)
	if err != nil {
		return s, err
	}
	s.Stages, _ = study.CheckStages(s.Stages)
	s.Team, err = queryAll(ctx, db, func(r interface{ Scan(...any) error }) (study.Member, error) {
		var m study.Member
		err := r.Scan(&m.ID, &m.UserID, &m.Username, &m.Name, &m.Organisation, &m.Role)
		return m, err
	}, `SELECT t.id, COALESCE(t.user_id, ''), COALESCE(u.username, ''), t.name, t.organisation, t.role FROM study_team t
		LEFT JOIN users u ON u.id = t.user_id WHERE t.study_id = ? ORDER BY t.added_at, t.id`, id)
	return s, err
}

// ListStudies returns every study, newest first, without stages and team.
func (db *DB) ListStudies(ctx context.Context, a app.Actor) ([]study.Study, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	return queryAll(ctx, db, studyScan, "SELECT "+studyColumns+" FROM study_studies ORDER BY created_at DESC, id")
}
