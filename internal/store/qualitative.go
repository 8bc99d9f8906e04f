package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
)

// Qualitative work of a study: focus group discussions and key informant
// interviews with participants counted by group and sex, the study's
// codebook, and coded passages. A passage belongs to its session and moves
// the session's version; codebook entries carry versions of their own.

func qualErrStaleSession() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this session since you opened it; reload to see their changes, then make yours again")
}

func qualErrStaleCode() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this code since you opened it; reload to see their changes, then make yours again")
}

const qualSessionColumns = `id, study_id, kind, held_on, upazila, place, facilitator, informant_role, transcript, created_by_name,
	created_at, updated_at, version`

func qualScanSession(r interface{ Scan(...any) error }) (study.Session, error) {
	var s study.Session
	err := r.Scan(&s.ID, &s.StudyID, &s.Kind, &s.HeldOn, &s.Upazila, &s.Place, &s.Facilitator, &s.InformantRole, &s.Transcript,
		&s.CreatedByName, &s.CreatedAt, &s.UpdatedAt, &s.Version)
	s.HeldOn, s.CreatedAt, s.UpdatedAt = s.HeldOn.UTC(), s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

func (tx *Tx) qualWriteParticipants(ctx context.Context, sessionID string, counts []study.Count) error {
	if _, err := tx.exec(ctx, "DELETE FROM qual_participants WHERE session_id = ?", sessionID); err != nil {
		return dbError(err)
	}
	for _, c := range counts {
		if _, err := tx.exec(ctx, "INSERT INTO qual_participants (session_id, grp, sex, people) VALUES (?, ?, ?, ?)",
			sessionID, c.Category, c.Sex, c.People); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// CreateQualSession adds a session to a study; enumerators on the team may.
func (db *DB) CreateQualSession(ctx context.Context, a app.Actor, s study.Session) (study.Session, error) {
	s.ID, s.CreatedAt, s.CreatedByName = NewID(), now(), a.Username
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, s.StudyID, studyAddSession); err != nil {
			return err
		}
		if err := s.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO qual_sessions (id, study_id, kind, held_on, upazila, place, facilitator, informant_role,
			transcript, created_by, created_by_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			s.ID, s.StudyID, s.Kind, dateOnly(s.HeldOn), s.Upazila, s.Place, s.Facilitator, s.InformantRole, s.Transcript,
			nullString(a.UserID), s.CreatedByName, s.CreatedAt, s.CreatedAt); err != nil {
			return dbError(err)
		}
		if err := tx.qualWriteParticipants(ctx, s.ID, s.Participants); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "qual_session", s.ID, "", map[string]any{"study_id": s.StudyID, "kind": s.Kind,
			"held_on": s.HeldOn.Format(time.DateOnly)})
	})
	if err != nil {
		return s, err
	}
	return db.QualSessionByID(ctx, a, s.ID)
}

// UpdateQualSession saves a session and its counts. The transcript of a
// session with coded passages cannot change: their offsets point into it.
func (db *DB) UpdateQualSession(ctx context.Context, a app.Actor, s study.Session) (study.Session, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := qualScanSession(tx.queryRow(ctx, "SELECT "+qualSessionColumns+" FROM qual_sessions WHERE id = ?", s.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("session")
		} else if err != nil {
			return dbError(err)
		}
		if err := tx.studyAllowed(ctx, a, old.StudyID, studyWork); err != nil {
			return err
		}
		s.StudyID = old.StudyID
		if err := s.Validate(); err != nil {
			return err
		}
		if s.Transcript != old.Transcript {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM qual_passages WHERE session_id = ? AND start_offset IS NOT NULL", s.ID).Scan(&n); err != nil {
				return dbError(err)
			}
			if n > 0 {
				return app.FieldError("transcript", "this transcript has coded passages: remove them before changing the text")
			}
		}
		res, err := tx.exec(ctx, `UPDATE qual_sessions SET kind = ?, held_on = ?, upazila = ?, place = ?, facilitator = ?, informant_role = ?,
			transcript = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			s.Kind, dateOnly(s.HeldOn), s.Upazila, s.Place, s.Facilitator, s.InformantRole, s.Transcript, now(), s.ID, s.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return qualErrStaleSession()
		}
		if err := tx.qualWriteParticipants(ctx, s.ID, s.Participants); err != nil {
			return err
		}
		c := Change{}
		studyDiff(c, "kind", old.Kind, s.Kind)
		studyDiff(c, "held_on", old.HeldOn.Format(time.DateOnly), s.HeldOn.Format(time.DateOnly))
		studyDiff(c, "upazila", old.Upazila, s.Upazila)
		studyDiff(c, "place", old.Place, s.Place)
		studyDiff(c, "facilitator", old.Facilitator, s.Facilitator)
		studyDiff(c, "informant_role", old.InformantRole, s.InformantRole)
		studyDiff(c, "transcript_chars", len([]rune(old.Transcript)), len([]rune(s.Transcript)))
		return tx.audit(ctx, a, ActUpdate, "qual_session", s.ID, "", c)
	})
	if err != nil {
		return s, err
	}
	return db.QualSessionByID(ctx, a, s.ID)
}

// QualSessionByID returns a session with its counts and passages.
func (db *DB) QualSessionByID(ctx context.Context, a app.Actor, id string) (study.Session, error) {
	if !a.SignedIn() {
		return study.Session{}, app.NotFound("session")
	}
	s, err := qualScanSession(db.queryRow(ctx, "SELECT "+qualSessionColumns+" FROM qual_sessions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, app.NotFound("session")
	} else if err != nil {
		return s, dbError(err)
	}
	list := []study.Session{s}
	if err := db.qualSessionDetails(ctx, list, "s.id = ?", id); err != nil {
		return s, err
	}
	return list[0], nil
}

// ListQualSessions returns a study's sessions with counts and passages,
// oldest first.
func (db *DB) ListQualSessions(ctx context.Context, a app.Actor, studyID string) ([]study.Session, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	list, err := queryAll(ctx, db, qualScanSession, "SELECT "+qualSessionColumns+" FROM qual_sessions WHERE study_id = ? ORDER BY held_on, created_at, id", studyID)
	if err != nil {
		return nil, err
	}
	return list, db.qualSessionDetails(ctx, list, "s.study_id = ?", studyID)
}

// qualSessionDetails fills the counts and passages of the sessions listed,
// all matching where.
func (db *DB) qualSessionDetails(ctx context.Context, list []study.Session, where string, arg string) error {
	index := map[string]int{}
	for i := range list {
		index[list[i].ID] = i
		list[i].Participants, list[i].Passages = []study.Count{}, []study.Passage{}
	}
	type countRow struct {
		session string
		study.Count
	}
	counts, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (countRow, error) {
		var c countRow
		err := r.Scan(&c.session, &c.Category, &c.Sex, &c.People)
		return c, err
	}, "SELECT p.session_id, p.grp, p.sex, p.people FROM qual_participants p JOIN qual_sessions s ON s.id = p.session_id WHERE "+where+
		" ORDER BY p.grp, p.sex", arg)
	if err != nil {
		return err
	}
	for _, c := range counts {
		if i, ok := index[c.session]; ok {
			list[i].Participants = append(list[i].Participants, c.Count)
		}
	}
	passages, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (study.Passage, error) {
		var p study.Passage
		var start, end sql.NullInt64
		err := r.Scan(&p.ID, &p.SessionID, &start, &end, &p.Excerpt, &p.CreatedByName, &p.CreatedAt)
		if start.Valid && end.Valid {
			s, e := int(start.Int64), int(end.Int64)
			p.Start, p.End = &s, &e
		}
		p.CreatedAt = p.CreatedAt.UTC()
		return p, err
	}, `SELECT p.id, p.session_id, p.start_offset, p.end_offset, p.excerpt, p.created_by_name, p.created_at FROM qual_passages p
		JOIN qual_sessions s ON s.id = p.session_id WHERE `+where+` ORDER BY COALESCE(p.start_offset, 2147483647), p.created_at, p.id`, arg)
	if err != nil {
		return err
	}
	type applied struct{ passage, codeID, code string }
	codes, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (applied, error) {
		var x applied
		err := r.Scan(&x.passage, &x.codeID, &x.code)
		return x, err
	}, `SELECT pc.passage_id, c.id, c.code FROM qual_passage_codes pc JOIN qual_codes c ON c.id = pc.code_id
		JOIN qual_passages p ON p.id = pc.passage_id JOIN qual_sessions s ON s.id = p.session_id WHERE `+where+` ORDER BY c.code`, arg)
	if err != nil {
		return err
	}
	for _, p := range passages {
		p.CodeIDs, p.Codes = []string{}, []string{}
		for _, x := range codes {
			if x.passage == p.ID {
				p.CodeIDs, p.Codes = append(p.CodeIDs, x.codeID), append(p.Codes, x.code)
			}
		}
		if i, ok := index[p.SessionID]; ok {
			list[i].Passages = append(list[i].Passages, p)
		}
	}
	return nil
}

// AddQualPassage codes a passage of a session; version is the session's.
func (db *DB) AddQualPassage(ctx context.Context, a app.Actor, sessionID string, version int, p study.Passage) (study.Session, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		s, err := qualScanSession(tx.queryRow(ctx, "SELECT "+qualSessionColumns+" FROM qual_sessions WHERE id = ?", sessionID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("session")
		} else if err != nil {
			return dbError(err)
		}
		if err := tx.studyAllowed(ctx, a, s.StudyID, studyWork); err != nil {
			return err
		}
		if err := p.Resolve(s.Transcript); err != nil {
			return err
		}
		for _, id := range p.CodeIDs {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM qual_codes WHERE id = ? AND study_id = ?", id, s.StudyID).Scan(&n); err != nil {
				return dbError(err)
			}
			if n == 0 {
				return app.FieldError("code_ids", "choose codes from the study's codebook")
			}
		}
		if err := tx.studyBumpRow(ctx, "qual_sessions", sessionID, version, qualErrStaleSession); err != nil {
			return err
		}
		p.ID = NewID()
		if _, err := tx.exec(ctx, `INSERT INTO qual_passages (id, session_id, start_offset, end_offset, excerpt, created_by_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ID, sessionID, qualOffsetArg(p.Start), qualOffsetArg(p.End), p.Excerpt, a.Username, now()); err != nil {
			return dbError(err)
		}
		for _, id := range p.CodeIDs {
			if _, err := tx.exec(ctx, "INSERT INTO qual_passage_codes (passage_id, code_id) VALUES (?, ?)", p.ID, id); err != nil {
				return dbError(err)
			}
		}
		return tx.audit(ctx, a, ActCreate, "qual_passage", p.ID, "", map[string]any{"session_id": sessionID, "code_ids": p.CodeIDs})
	})
	if err != nil {
		return study.Session{}, err
	}
	return db.QualSessionByID(ctx, a, sessionID)
}

func qualOffsetArg(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// RemoveQualPassage deletes a coded passage; version is the session's.
func (db *DB) RemoveQualPassage(ctx context.Context, a app.Actor, sessionID string, version int, passageID string) (study.Session, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		var studyID string
		if err := tx.queryRow(ctx, "SELECT study_id FROM qual_sessions WHERE id = ?", sessionID).Scan(&studyID); errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("session")
		} else if err != nil {
			return dbError(err)
		}
		if err := tx.studyAllowed(ctx, a, studyID, studyWork); err != nil {
			return err
		}
		if err := tx.studyBumpRow(ctx, "qual_sessions", sessionID, version, qualErrStaleSession); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM qual_passage_codes WHERE passage_id IN (SELECT id FROM qual_passages WHERE id = ? AND session_id = ?)",
			passageID, sessionID); err != nil {
			return dbError(err)
		}
		res, err := tx.exec(ctx, "DELETE FROM qual_passages WHERE id = ? AND session_id = ?", passageID, sessionID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("passage")
		}
		return tx.audit(ctx, a, ActDelete, "qual_passage", passageID, "", map[string]any{"session_id": sessionID})
	})
	if err != nil {
		return study.Session{}, err
	}
	return db.QualSessionByID(ctx, a, sessionID)
}

const qualCodeColumns = "id, study_id, code, label_en, label_bn, description, updated_at, version"

func qualScanCode(r interface{ Scan(...any) error }) (study.Code, error) {
	var c study.Code
	err := r.Scan(&c.ID, &c.StudyID, &c.Code, &c.LabelEN, &c.LabelBN, &c.Description, &c.UpdatedAt, &c.Version)
	c.UpdatedAt = c.UpdatedAt.UTC()
	return c, err
}

// SaveQualCode adds a codebook entry (no ID) or changes one (ID and the
// version read). A code is unique within its study.
func (db *DB) SaveQualCode(ctx context.Context, a app.Actor, c study.Code) (study.Code, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if c.ID != "" {
			var studyID string
			if err := tx.queryRow(ctx, "SELECT study_id FROM qual_codes WHERE id = ?", c.ID).Scan(&studyID); errors.Is(err, sql.ErrNoRows) {
				return app.NotFound("code")
			} else if err != nil {
				return dbError(err)
			}
			c.StudyID = studyID
		}
		if err := tx.studyAllowed(ctx, a, c.StudyID, studyWork); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM qual_codes WHERE study_id = ? AND code = ? AND id <> ?", c.StudyID, c.Code, c.ID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n > 0 {
			return app.FieldError("code", "this code is already in the codebook")
		}
		if c.ID == "" {
			c.ID = NewID()
			if _, err := tx.exec(ctx, `INSERT INTO qual_codes (id, study_id, code, label_en, label_bn, description, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, c.ID, c.StudyID, c.Code, c.LabelEN, c.LabelBN, c.Description, now()); err != nil {
				return dbError(err)
			}
			return tx.audit(ctx, a, ActCreate, "qual_code", c.ID, "", map[string]any{"study_id": c.StudyID, "code": c.Code})
		}
		res, err := tx.exec(ctx, `UPDATE qual_codes SET code = ?, label_en = ?, label_bn = ?, description = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, c.Code, c.LabelEN, c.LabelBN, c.Description, now(), c.ID, c.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return qualErrStaleCode()
		}
		return tx.audit(ctx, a, ActUpdate, "qual_code", c.ID, "", map[string]any{"code": c.Code, "label_en": c.LabelEN})
	})
	if err != nil {
		return c, err
	}
	return qualScanCode(db.queryRow(ctx, "SELECT "+qualCodeColumns+" FROM qual_codes WHERE id = ?", c.ID))
}

// QualCodes returns a study's codebook in code order.
func (db *DB) QualCodes(ctx context.Context, a app.Actor, studyID string) ([]study.Code, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	return queryAll(ctx, db, qualScanCode, "SELECT "+qualCodeColumns+" FROM qual_codes WHERE study_id = ? ORDER BY code", studyID)
}

// QualThemes counts the codes of a study over its sessions.
func (db *DB) QualThemes(ctx context.Context, a app.Actor, studyID string) (study.ThemeTable, error) {
	if _, err := db.StudyByID(ctx, a, studyID); err != nil {
		return study.ThemeTable{}, err
	}
	codes, err := db.QualCodes(ctx, a, studyID)
	if err != nil {
		return study.ThemeTable{}, err
	}
	sessions, err := db.ListQualSessions(ctx, a, studyID)
	if err != nil {
		return study.ThemeTable{}, err
	}
	return study.CountThemes(codes, sessions), nil
}
