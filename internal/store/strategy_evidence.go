package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// Evidence in a strategy document: blocks placed in a section (analysis
// tables and charts, quotes from coded passages, recommendations) and the
// recommendations a section addresses. A block names its source when it
// is added, which must then belong to the same study; the source may
// later go away (a passage removed), and the block is shown with a
// warning rather than refused.

const strategyBlockColumns = `b.id, b.section_id, b.kind, b.spec, b.source_id, b.caption_en, b.caption_bn, b.created_by_name, b.created_at`

func strategyScanBlock(r interface{ Scan(...any) error }) (strategy.Block, error) {
	var b strategy.Block
	err := r.Scan(&b.ID, &b.SectionID, &b.Kind, &b.Spec, &b.SourceID, &b.CaptionEN, &b.CaptionBN, &b.CreatedByName, &b.CreatedAt)
	b.CreatedAt = b.CreatedAt.UTC()
	return b, err
}

// strategyCheckSource accepts a block's source when it belongs to the study.
func (tx *Tx) strategyCheckSource(ctx context.Context, studyID string, b strategy.Block) error {
	var q, field, msg string
	switch b.Kind {
	case strategy.BlockQuote:
		q, field, msg = `SELECT s.study_id FROM qual_passages p JOIN qual_sessions s ON s.id = p.session_id WHERE p.id = ?`, "source_id",
			"choose a coded passage of this study"
	case strategy.BlockRecommendation:
		q, field, msg = "SELECT study_id FROM consult_recommendations WHERE id = ?", "source_id", "choose a recommendation of this study"
	default:
		return nil
	}
	var owner string
	err := tx.queryRow(ctx, q, b.SourceID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != studyID) {
		return app.FieldError(field, msg)
	}
	return dbError(err)
}

// strategyCheckSpec accepts the analysis of a table or chart when the
// study's questionnaire can answer it, and returns it in its normal form.
func (db *DB) strategyCheckSpec(ctx context.Context, a app.Actor, studyID, raw string) (string, error) {
	var spec analysis.Spec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		return "", app.FieldError("spec", "the analysis must be a JSON object")
	}
	if err := spec.Validate(); err != nil {
		return "", err
	}
	// The analysis names the field it cannot answer (question or by).
	t, err := db.StudyAnalysis(ctx, a, studyID, spec, "en")
	if err != nil {
		return "", err
	}
	if t.Problem != "" {
		return "", app.FieldError("question", "the study's questionnaire cannot answer this analysis; choose another question")
	}
	b, err := json.Marshal(spec.Normal())
	return string(b), err
}

// AddStrategyBlock places an evidence block at the end of a section.
func (db *DB) AddStrategyBlock(ctx context.Context, a app.Actor, sectionID string, b strategy.Block) (strategy.Block, error) {
	if err := b.Validate(); err != nil {
		return b, err
	}
	if b.Kind == strategy.BlockTable || b.Kind == strategy.BlockChart {
		studyID, err := db.StrategySectionStudy(ctx, a, sectionID)
		if err != nil {
			return b, err
		}
		if b.Spec, err = db.strategyCheckSpec(ctx, a, studyID, b.Spec); err != nil {
			return b, err
		}
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		_, studyID, err := tx.strategyWorkOnSection(ctx, a, sectionID)
		if err != nil {
			return err
		}
		if err := b.Validate(); err != nil {
			return err
		}
		if err := tx.strategyCheckSource(ctx, studyID, b); err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM strategy_blocks WHERE section_id = ?", sectionID).Scan(&pos); err != nil {
			return dbError(err)
		}
		b.ID, b.SectionID, b.CreatedByName, b.CreatedAt = NewID(), sectionID, a.Username, now()
		if _, err := tx.exec(ctx, `INSERT INTO strategy_blocks (id, section_id, position, kind, spec, source_id, caption_en, caption_bn,
			created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, sectionID, pos+1, b.Kind, b.Spec, b.SourceID,
			b.CaptionEN, b.CaptionBN, b.CreatedByName, b.CreatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "strategy_block", b.ID, "", map[string]any{"section_id": sectionID, "kind": b.Kind,
			"source_id": b.SourceID, "spec": b.Spec})
	})
	return b, err
}

// strategyWorkOnBlock checks the actor may change a block and returns its section.
func (tx *Tx) strategyWorkOnBlock(ctx context.Context, a app.Actor, blockID string) (string, error) {
	var sectionID string
	err := tx.queryRow(ctx, "SELECT section_id FROM strategy_blocks WHERE id = ?", blockID).Scan(&sectionID)
	if errors.Is(err, sql.ErrNoRows) || !a.SignedIn() {
		return "", app.NotFound("evidence block")
	} else if err != nil {
		return "", dbError(err)
	}
	_, _, err = tx.strategyWorkOnSection(ctx, a, sectionID)
	return sectionID, err
}

// RemoveStrategyBlock takes an evidence block out of its section and
// returns the section.
func (db *DB) RemoveStrategyBlock(ctx context.Context, a app.Actor, blockID string) (string, error) {
	var sectionID string
	return sectionID, db.inTx(ctx, func(tx *Tx) error {
		var err error
		if sectionID, err = tx.strategyWorkOnBlock(ctx, a, blockID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM strategy_blocks WHERE id = ?", blockID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActDelete, "strategy_block", blockID, "", map[string]any{"section_id": sectionID})
	})
}

// MoveStrategyBlock moves a block one place up (-1) or down (+1) in its
// section and returns the section.
func (db *DB) MoveStrategyBlock(ctx context.Context, a app.Actor, blockID string, delta int) (string, error) {
	var sectionID string
	return sectionID, db.inTx(ctx, func(tx *Tx) error {
		var err error
		if sectionID, err = tx.strategyWorkOnBlock(ctx, a, blockID); err != nil {
			return err
		}
		if delta != -1 && delta != 1 {
			return app.FieldError("direction", "move a block up or down")
		}
		ids, err := tx.strategyIDs(ctx, "SELECT id FROM strategy_blocks WHERE section_id = ? ORDER BY position, created_at, id", sectionID)
		if err != nil {
			return err
		}
		if err := tx.strategyReorder(ctx, "strategy_blocks", ids, blockID, delta); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "strategy_block", blockID, "", map[string]any{"moved": delta})
	})
}

// LinkStrategyRecommendation records that a section addresses a
// recommendation of its study; an open recommendation becomes addressed.
// Linking twice changes nothing.
func (db *DB) LinkStrategyRecommendation(ctx context.Context, a app.Actor, sectionID, recID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, studyID, err := tx.strategyWorkOnSection(ctx, a, sectionID)
		if err != nil {
			return err
		}
		if owner, err := tx.strategyStudyOfRec(ctx, recID); err != nil {
			return err
		} else if owner != studyID {
			return app.FieldError("recommendation_id", "choose a recommendation of this study")
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM strategy_rec_links WHERE section_id = ? AND recommendation_id = ?", sectionID, recID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, "INSERT INTO strategy_rec_links (section_id, recommendation_id, linked_by_name, linked_at) VALUES (?, ?, ?, ?)",
			sectionID, recID, a.Username, now()); err != nil {
			if isUniqueViolation(err) {
				return nil
			}
			return dbError(err)
		}
		if err := tx.strategyRecStatus(ctx, a, recID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "strategy_rec_link", sectionID, "", map[string]any{"recommendation_id": recID})
	})
}

// UnlinkStrategyRecommendation removes the link; a recommendation no
// section addresses any more is open again.
func (db *DB) UnlinkStrategyRecommendation(ctx context.Context, a app.Actor, sectionID, recID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, _, err := tx.strategyWorkOnSection(ctx, a, sectionID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM strategy_rec_links WHERE section_id = ? AND recommendation_id = ?", sectionID, recID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("link to the recommendation")
		}
		if err := tx.strategyRecStatus(ctx, a, recID); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActDelete, "strategy_rec_link", sectionID, "", map[string]any{"recommendation_id": recID})
	})
}

// StrategyQuotes returns the coded passages of a study as a document
// quotes them: the text, the session's kind, date and upazila, and the
// codes applied. Participants are never named.
func (db *DB) StrategyQuotes(ctx context.Context, a app.Actor, studyID string) ([]strategy.Quote, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("study")
	}
	quotes, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (strategy.Quote, error) {
		var q strategy.Quote
		err := r.Scan(&q.PassageID, &q.SessionID, &q.Excerpt, &q.SessionKind, &q.HeldOn, &q.Upazila)
		q.HeldOn = q.HeldOn.UTC()
		return q, err
	}, `SELECT p.id, p.session_id, p.excerpt, s.kind, s.held_on, s.upazila FROM qual_passages p JOIN qual_sessions s ON s.id = p.session_id
		WHERE s.study_id = ? ORDER BY s.held_on, s.id, p.start_offset, p.created_at, p.id`, studyID)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i := range quotes {
		index[quotes[i].PassageID] = i
		quotes[i].Codes = []study.Code{}
	}
	type coded struct {
		passage string
		code    study.Code
	}
	codes, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (coded, error) {
		var c coded
		err := r.Scan(&c.passage, &c.code.ID, &c.code.Code, &c.code.LabelEN, &c.code.LabelBN)
		return c, err
	}, `SELECT pc.passage_id, c.id, c.code, c.label_en, c.label_bn FROM qual_passage_codes pc JOIN qual_codes c ON c.id = pc.code_id
		WHERE c.study_id = ? ORDER BY c.code`, studyID)
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		if i, ok := index[c.passage]; ok {
			quotes[i].Codes = append(quotes[i].Codes, c.code)
		}
	}
	return quotes, nil
}
