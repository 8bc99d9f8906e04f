package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// Validation comments on the sections of a strategy document. Those who
// may work on the study comment at any stage; any other signed-in user
// (every user may read a study) comments while the study is in its
// validation stage. Only those who write the document resolve a comment,
// with a note saying how it was taken into account; a resolved comment
// stays resolved.

const strategyCommentColumns = `c.id, c.section_id, c.section_version, c.author_name, c.body, c.state, c.resolution, c.resolved_by_name,
	c.resolved_at, c.created_at`

func strategyScanComment(r interface{ Scan(...any) error }) (strategy.Comment, error) {
	var c strategy.Comment
	var resolved sql.NullTime
	err := r.Scan(&c.ID, &c.SectionID, &c.SectionVersion, &c.AuthorName, &c.Body, &c.State, &c.Resolution, &c.ResolvedByName,
		&resolved, &c.CreatedAt)
	c.ResolvedAt, c.CreatedAt = nullTime(resolved), c.CreatedAt.UTC()
	return c, err
}

// strategyMayComment refuses an actor who may not comment on the study's document now.
func (tx *Tx) strategyMayComment(ctx context.Context, a app.Actor, studyID string) error {
	err := tx.studyAllowed(ctx, a, studyID, studyWork)
	if err == nil || app.ErrorCode(err) == app.ENOTFOUND {
		return err
	}
	var stage string
	if err := tx.queryRow(ctx, "SELECT current_stage FROM study_studies WHERE id = ?", studyID).Scan(&stage); err != nil {
		return dbError(err)
	}
	if stage != study.StageValidation {
		return app.Errorf(app.EFORBIDDEN, "comments from stakeholders are taken while the study is in its validation stage")
	}
	return nil
}

// AddStrategyComment adds a validation comment to a section.
func (db *DB) AddStrategyComment(ctx context.Context, a app.Actor, sectionID, body string) (strategy.Comment, error) {
	c := strategy.Comment{ID: NewID(), SectionID: sectionID, AuthorName: a.Username, State: strategy.CommentOpen, CreatedAt: now()}
	err := db.inTx(ctx, func(tx *Tx) error {
		if !a.SignedIn() {
			return app.NotFound("section")
		}
		_, studyID, err := tx.strategySection(ctx, sectionID)
		if err != nil {
			return err
		}
		if err := tx.strategyMayComment(ctx, a, studyID); err != nil {
			return err
		}
		if c.Body, err = strategy.CheckComment(body); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT version FROM strategy_sections WHERE id = ?", sectionID).Scan(&c.SectionVersion); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO strategy_comments (id, section_id, section_version, author_id, author_name, body, state, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, sectionID, c.SectionVersion, nullString(a.UserID), c.AuthorName, c.Body, c.State, c.CreatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "strategy_comment", c.ID, "", map[string]any{"section_id": sectionID, "section_version": c.SectionVersion})
	})
	return c, err
}

// ResolveStrategyComment resolves an open comment with a note.
func (db *DB) ResolveStrategyComment(ctx context.Context, a app.Actor, commentID, note string) (strategy.Comment, error) {
	var c strategy.Comment
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		c, err = strategyScanComment(tx.queryRow(ctx, "SELECT "+strategyCommentColumns+" FROM strategy_comments c WHERE c.id = ?", commentID))
		if errors.Is(err, sql.ErrNoRows) || !a.SignedIn() {
			return app.NotFound("comment")
		} else if err != nil {
			return dbError(err)
		}
		if _, _, err := tx.strategyWorkOnSection(ctx, a, c.SectionID); err != nil {
			if app.ErrorCode(err) == app.EFORBIDDEN {
				return app.Errorf(app.EFORBIDDEN, "only the study's lead and researchers resolve comments")
			}
			return err
		}
		if c.Resolution, err = strategy.CheckResolution(note); err != nil {
			return err
		}
		at := now()
		res, err := tx.exec(ctx, `UPDATE strategy_comments SET state = ?, resolution = ?, resolved_by_name = ?, resolved_at = ?
			WHERE id = ? AND state = ?`, strategy.CommentResolved, c.Resolution, a.Username, at, commentID, strategy.CommentOpen)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "this comment has already been resolved; reload to see the note")
		}
		c.State, c.ResolvedByName, c.ResolvedAt = strategy.CommentResolved, a.Username, &at
		return tx.audit(ctx, a, ActUpdate, "strategy_comment", commentID, "", Change{"state": {strategy.CommentOpen, strategy.CommentResolved}})
	})
	return c, err
}
