package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// A study's strategy document: programme information like the study
// itself, read by every signed-in user (quotes carry no participant's
// name). Writing it (the document, its sections and their text, evidence
// blocks, the recommendations a section addresses, resolving comments) is
// work on the study: programme managers, administrators, and the lead and
// researchers of the study's team (studyWork). Comments: those who may
// work on the study comment at any stage; every other signed-in user
// comments only while the study is in its validation stage, which is when
// stakeholders are asked (strategy_comments.go).
//
// Versions: the document's version moves with its title and with adding,
// moving and deleting sections; a section's version is the number of its
// latest text version, and every save of its text adds a version that is
// kept. Evidence blocks, links and comments carry no version of their own.

func strategyErrStaleDoc() error {
	return app.Errorf(app.ECONFLICT, "someone else changed this strategy document since you opened it; reload to see their changes, then make yours again")
}

// strategyErrStaleSection is the conflict of two people editing one
// section: the screen shows the text sent beside the latest.
func strategyErrStaleSection(latest int, by string) error {
	return app.Errorf(app.ECONFLICT, "someone else saved this section since you opened it (version %d, by %s); your text is not lost: compare it with theirs below, then save again", latest, by)
}

// strategyDocOf returns the document of a study, not found when there is none.
func (tx *Tx) strategyDocOf(ctx context.Context, studyID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, "SELECT id FROM strategy_documents WHERE study_id = ?", studyID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", app.NotFound("strategy document")
	}
	return id, dbError(err)
}

// strategySection returns the document and study of a section.
func (tx *Tx) strategySection(ctx context.Context, sectionID string) (docID, studyID string, err error) {
	err = tx.queryRow(ctx, `SELECT d.id, d.study_id FROM strategy_sections s JOIN strategy_documents d ON d.id = s.document_id
		WHERE s.id = ?`, sectionID).Scan(&docID, &studyID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", app.NotFound("section")
	}
	return docID, studyID, dbError(err)
}

// strategyWorkOnSection checks the actor may write a section and returns
// its document and study.
func (tx *Tx) strategyWorkOnSection(ctx context.Context, a app.Actor, sectionID string) (docID, studyID string, err error) {
	if !a.SignedIn() {
		return "", "", app.NotFound("section")
	}
	if docID, studyID, err = tx.strategySection(ctx, sectionID); err != nil {
		return "", "", err
	}
	return docID, studyID, tx.studyAllowed(ctx, a, studyID, studyWork)
}

// StrategyRights says what an actor may do on a study's document.
type StrategyRights struct {
	// Write: the document, its sections, blocks and links; resolving comments.
	Write bool
	// Comment: adding validation comments.
	Comment bool
}

// StrategyRightsOf returns the actor's rights on a study's document.
func (db *DB) StrategyRightsOf(ctx context.Context, a app.Actor, studyID string) (StrategyRights, error) {
	var r StrategyRights
	err := db.inTx(ctx, func(tx *Tx) error {
		err := tx.studyAllowed(ctx, a, studyID, studyWork)
		if app.ErrorCode(err) == app.ENOTFOUND {
			return err
		}
		r.Write = err == nil
		r.Comment = tx.strategyMayComment(ctx, a, studyID) == nil
		return nil
	})
	return r, err
}

const strategyDocColumns = "id, study_id, title_en, title_bn, created_by_name, created_at, updated_at, version"

func strategyScanDoc(r interface{ Scan(...any) error }) (strategy.Document, error) {
	var d strategy.Document
	err := r.Scan(&d.ID, &d.StudyID, &d.TitleEN, &d.TitleBN, &d.CreatedByName, &d.CreatedAt, &d.UpdatedAt, &d.Version)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// CreateStrategyDocument starts the strategy document of a study.
func (db *DB) CreateStrategyDocument(ctx context.Context, a app.Actor, d strategy.Document) (strategy.Document, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, d.StudyID, studyWork); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		if _, err := tx.strategyDocOf(ctx, d.StudyID); err == nil {
			return app.Errorf(app.ECONFLICT, "this study already has a strategy document; open it instead")
		}
		d.ID, d.CreatedAt, d.CreatedByName = NewID(), now(), a.Username
		if _, err := tx.exec(ctx, `INSERT INTO strategy_documents (id, study_id, title_en, title_bn, created_by_name, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, d.ID, d.StudyID, d.TitleEN, d.TitleBN, d.CreatedByName, d.CreatedAt, d.CreatedAt); err != nil {
			if isUniqueViolation(err) {
				return app.Errorf(app.ECONFLICT, "this study already has a strategy document; open it instead")
			}
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "strategy_document", d.ID, "", map[string]any{"study_id": d.StudyID, "title": d.TitleEN})
	})
	if err != nil {
		return d, err
	}
	return db.StrategyDocumentOf(ctx, a, d.StudyID)
}

// UpdateStrategyDocument saves the document's title; d.Version is the
// version read.
func (db *DB) UpdateStrategyDocument(ctx context.Context, a app.Actor, d strategy.Document) (strategy.Document, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, d.StudyID, studyWork); err != nil {
			return err
		}
		id, err := tx.strategyDocOf(ctx, d.StudyID)
		if err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		old, err := strategyScanDoc(tx.queryRow(ctx, "SELECT "+strategyDocColumns+" FROM strategy_documents WHERE id = ?", id))
		if err != nil {
			return dbError(err)
		}
		res, err := tx.exec(ctx, "UPDATE strategy_documents SET title_en = ?, title_bn = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			d.TitleEN, d.TitleBN, now(), id, d.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return strategyErrStaleDoc()
		}
		c := Change{}
		studyDiff(c, "title_en", old.TitleEN, d.TitleEN)
		studyDiff(c, "title_bn", old.TitleBN, d.TitleBN)
		return tx.audit(ctx, a, ActUpdate, "strategy_document", id, "", c)
	})
	if err != nil {
		return d, err
	}
	return db.StrategyDocumentOf(ctx, a, d.StudyID)
}

// StrategyDocumentOf returns a study's document with its sections in
// order, each with its latest text, blocks, the recommendations it
// addresses and its comments.
func (db *DB) StrategyDocumentOf(ctx context.Context, a app.Actor, studyID string) (strategy.Document, error) {
	if !a.SignedIn() {
		return strategy.Document{}, app.NotFound("strategy document")
	}
	d, err := strategyScanDoc(db.queryRow(ctx, "SELECT "+strategyDocColumns+" FROM strategy_documents WHERE study_id = ?", studyID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, app.NotFound("strategy document")
	} else if err != nil {
		return d, dbError(err)
	}
	d.Sections, err = queryAll(ctx, db, strategyScanSection, "SELECT "+strategySectionColumns+" WHERE s.document_id = ? ORDER BY s.position, s.id", d.ID)
	if err != nil {
		return d, err
	}
	index := map[string]int{}
	for i := range d.Sections {
		s := &d.Sections[i]
		s.Number = i + 1
		s.Blocks, s.RecommendationIDs, s.Comments = []strategy.Block{}, []string{}, []strategy.Comment{}
		index[s.ID] = i
	}
	blocks, err := queryAll(ctx, db, strategyScanBlock, "SELECT "+strategyBlockColumns+
		" FROM strategy_blocks b JOIN strategy_sections s ON s.id = b.section_id WHERE s.document_id = ? ORDER BY b.position, b.created_at, b.id", d.ID)
	if err != nil {
		return d, err
	}
	for _, b := range blocks {
		d.Sections[index[b.SectionID]].Blocks = append(d.Sections[index[b.SectionID]].Blocks, b)
	}
	type link struct{ section, rec string }
	links, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (link, error) {
		var l link
		err := r.Scan(&l.section, &l.rec)
		return l, err
	}, `SELECT l.section_id, l.recommendation_id FROM strategy_rec_links l JOIN strategy_sections s ON s.id = l.section_id
		LEFT JOIN consult_recommendations r ON r.id = l.recommendation_id WHERE s.document_id = ? ORDER BY r.created_at, l.recommendation_id`, d.ID)
	if err != nil {
		return d, err
	}
	for _, l := range links {
		s := &d.Sections[index[l.section]]
		s.RecommendationIDs = append(s.RecommendationIDs, l.rec)
	}
	comments, err := queryAll(ctx, db, strategyScanComment, "SELECT "+strategyCommentColumns+
		" FROM strategy_comments c JOIN strategy_sections s ON s.id = c.section_id WHERE s.document_id = ? ORDER BY c.created_at, c.id", d.ID)
	if err != nil {
		return d, err
	}
	for _, c := range comments {
		d.Sections[index[c.SectionID]].Comments = append(d.Sections[index[c.SectionID]].Comments, c)
	}
	return d, nil
}

const strategySectionColumns = `s.id, s.document_id, s.version, s.updated_at, v.heading_en, v.heading_bn, v.body_en, v.body_bn, v.author_name
	FROM strategy_sections s JOIN strategy_section_versions v ON v.section_id = s.id AND v.version = s.version`

func strategyScanSection(r interface{ Scan(...any) error }) (strategy.Section, error) {
	var s strategy.Section
	err := r.Scan(&s.ID, &s.DocumentID, &s.Version, &s.UpdatedAt, &s.HeadingEN, &s.HeadingBN, &s.BodyEN, &s.BodyBN, &s.AuthorName)
	s.UpdatedAt = s.UpdatedAt.UTC()
	return s, err
}

// StrategySectionByID returns a section of a study's document with its
// blocks, links and comments, and its number in the document.
func (db *DB) StrategySectionByID(ctx context.Context, a app.Actor, studyID, sectionID string) (strategy.Section, error) {
	d, err := db.StrategyDocumentOf(ctx, a, studyID)
	if err != nil {
		return strategy.Section{}, err
	}
	for _, s := range d.Sections {
		if s.ID == sectionID {
			return s, nil
		}
	}
	return strategy.Section{}, app.NotFound("section")
}

// StrategySectionStudy returns the study a section belongs to.
func (db *DB) StrategySectionStudy(ctx context.Context, a app.Actor, sectionID string) (string, error) {
	if !a.SignedIn() {
		return "", app.NotFound("section")
	}
	var studyID string
	err := db.queryRow(ctx, `SELECT d.study_id FROM strategy_sections s JOIN strategy_documents d ON d.id = s.document_id WHERE s.id = ?`,
		sectionID).Scan(&studyID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", app.NotFound("section")
	}
	return studyID, dbError(err)
}

func (tx *Tx) strategyBumpDoc(ctx context.Context, docID string, version int) error {
	return tx.studyBumpRow(ctx, "strategy_documents", docID, version, strategyErrStaleDoc)
}

func (tx *Tx) strategyWriteVersion(ctx context.Context, a app.Actor, sectionID string, version int, t strategy.Text, at any) error {
	_, err := tx.exec(ctx, `INSERT INTO strategy_section_versions (section_id, version, heading_en, heading_bn, body_en, body_bn, author_id,
		author_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sectionID, version, t.HeadingEN, t.HeadingBN, t.BodyEN, t.BodyBN,
		nullString(a.UserID), a.Username, at)
	return dbError(err)
}

// AddStrategySection adds a section at the end of a study's document;
// docVersion is the document's version read.
func (db *DB) AddStrategySection(ctx context.Context, a app.Actor, studyID string, docVersion int, t strategy.Text) (strategy.Section, error) {
	id := NewID()
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyWork); err != nil {
			return err
		}
		docID, err := tx.strategyDocOf(ctx, studyID)
		if err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if err := tx.strategyBumpDoc(ctx, docID, docVersion); err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM strategy_sections WHERE document_id = ?", docID).Scan(&pos); err != nil {
			return dbError(err)
		}
		at := now()
		if _, err := tx.exec(ctx, "INSERT INTO strategy_sections (id, document_id, position, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)",
			id, docID, pos+1, at, at); err != nil {
			return dbError(err)
		}
		if err := tx.strategyWriteVersion(ctx, a, id, 1, t, at); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "strategy_section", id, "", map[string]any{"document_id": docID, "heading": t.HeadingEN})
	})
	if err != nil {
		return strategy.Section{}, err
	}
	return db.StrategySectionByID(ctx, a, studyID, id)
}

// SaveStrategySection saves a section's text as a new version; version is
// the section's version read. Saving the text unchanged adds no version.
func (db *DB) SaveStrategySection(ctx context.Context, a app.Actor, sectionID string, version int, t strategy.Text) (strategy.Section, error) {
	var studyID string
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if _, studyID, err = tx.strategyWorkOnSection(ctx, a, sectionID); err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		var latest int
		var cur strategy.Text
		var by string
		if err := tx.queryRow(ctx, `SELECT s.version, v.heading_en, v.heading_bn, v.body_en, v.body_bn, v.author_name FROM strategy_sections s
			JOIN strategy_section_versions v ON v.section_id = s.id AND v.version = s.version WHERE s.id = ?`, sectionID).Scan(
			&latest, &cur.HeadingEN, &cur.HeadingBN, &cur.BodyEN, &cur.BodyBN, &by); err != nil {
			return dbError(err)
		}
		if latest != version {
			return strategyErrStaleSection(latest, by)
		}
		if cur == t {
			return nil
		}
		at := now()
		res, err := tx.exec(ctx, "UPDATE strategy_sections SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?", at, sectionID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return strategyErrStaleSection(latest, by)
		}
		if err := tx.strategyWriteVersion(ctx, a, sectionID, version+1, t, at); err != nil {
			return err
		}
		c := Change{}
		studyDiff(c, "heading_en", cur.HeadingEN, t.HeadingEN)
		studyDiff(c, "heading_bn", cur.HeadingBN, t.HeadingBN)
		// The texts are kept in their versions: the trail notes the sizes.
		studyDiff(c, "body_en_chars", len([]rune(cur.BodyEN)), len([]rune(t.BodyEN)))
		studyDiff(c, "body_bn_chars", len([]rune(cur.BodyBN)), len([]rune(t.BodyBN)))
		c["version"] = [2]any{version, version + 1}
		return tx.audit(ctx, a, ActUpdate, "strategy_section", sectionID, "", c)
	})
	if err != nil {
		return strategy.Section{}, err
	}
	return db.StrategySectionByID(ctx, a, studyID, sectionID)
}

// MoveStrategySection moves a section one place up (delta -1) or down
// (+1); docVersion is the document's version read.
func (db *DB) MoveStrategySection(ctx context.Context, a app.Actor, sectionID string, docVersion, delta int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		docID, _, err := tx.strategyWorkOnSection(ctx, a, sectionID)
		if err != nil {
			return err
		}
		if delta != -1 && delta != 1 {
			return app.FieldError("direction", "move a section up or down")
		}
		if err := tx.strategyBumpDoc(ctx, docID, docVersion); err != nil {
			return err
		}
		ids, err := tx.strategyIDs(ctx, "SELECT id FROM strategy_sections WHERE document_id = ? ORDER BY position, id", docID)
		if err != nil {
			return err
		}
		if err := tx.strategyReorder(ctx, "strategy_sections", ids, sectionID, delta); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "strategy_section", sectionID, "", map[string]any{"moved": delta})
	})
}

// strategyIDs reads a column of IDs inside the transaction.
func (tx *Tx) strategyIDs(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, dbError(err)
		}
		ids = append(ids, id)
	}
	return ids, dbError(rows.Err())
}

// strategyReorder moves id by delta places in ids (the rows of table in
// order) and numbers the rows 1, 2, ... again. Moving past an end does
// nothing.
func (tx *Tx) strategyReorder(ctx context.Context, table string, ids []string, id string, delta int) error {
	i := -1
	for k, x := range ids {
		if x == id {
			i = k
		}
	}
	j := i + delta
	if i < 0 || j < 0 || j >= len(ids) {
		return nil
	}
	ids[i], ids[j] = ids[j], ids[i]
	for k, x := range ids {
		if _, err := tx.exec(ctx, "UPDATE "+table+" SET position = ? WHERE id = ?", k+1, x); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// DeleteStrategySection removes a section with its versions, blocks,
// links and comments; docVersion is the document's version read. A
// recommendation that no other section addresses goes back to open.
func (db *DB) DeleteStrategySection(ctx context.Context, a app.Actor, sectionID string, docVersion int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		docID, _, err := tx.strategyWorkOnSection(ctx, a, sectionID)
		if err != nil {
			return err
		}
		if err := tx.strategyBumpDoc(ctx, docID, docVersion); err != nil {
			return err
		}
		var heading string
		var versions int
		if err := tx.queryRow(ctx, `SELECT v.heading_en, s.version FROM strategy_sections s JOIN strategy_section_versions v
			ON v.section_id = s.id AND v.version = s.version WHERE s.id = ?`, sectionID).Scan(&heading, &versions); err != nil {
			return dbError(err)
		}
		recs, err := tx.strategyIDs(ctx, "SELECT recommendation_id FROM strategy_rec_links WHERE section_id = ?", sectionID)
		if err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM strategy_rec_links WHERE section_id = ?", "DELETE FROM strategy_comments WHERE section_id = ?",
			"DELETE FROM strategy_blocks WHERE section_id = ?", "DELETE FROM strategy_section_versions WHERE section_id = ?",
			"DELETE FROM strategy_sections WHERE id = ?"} {
			if _, err := tx.exec(ctx, q, sectionID); err != nil {
				return dbError(err)
			}
		}
		for _, rec := range recs {
			if err := tx.strategyRecStatus(ctx, a, rec); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, ActDelete, "strategy_section", sectionID, "", map[string]any{"document_id": docID, "heading": heading,
			"versions": versions, "recommendations": recs})
	})
}

// StrategySectionVersions returns every version of a section's text,
// newest first.
func (db *DB) StrategySectionVersions(ctx context.Context, a app.Actor, studyID, sectionID string) ([]strategy.SectionVersion, error) {
	if _, err := db.StrategySectionByID(ctx, a, studyID, sectionID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (strategy.SectionVersion, error) {
		var v strategy.SectionVersion
		err := r.Scan(&v.SectionID, &v.Version, &v.HeadingEN, &v.HeadingBN, &v.BodyEN, &v.BodyBN, &v.AuthorName, &v.CreatedAt)
		v.CreatedAt = v.CreatedAt.UTC()
		return v, err
	}, `SELECT section_id, version, heading_en, heading_bn, body_en, body_bn, author_name, created_at FROM strategy_section_versions
		WHERE section_id = ? ORDER BY version DESC`, sectionID)
}

// strategyStudyOfRec returns the study of a recommendation.
func (tx *Tx) strategyStudyOfRec(ctx context.Context, recID string) (string, error) {
	var studyID string
	err := tx.queryRow(ctx, "SELECT study_id FROM consult_recommendations WHERE id = ?", recID).Scan(&studyID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return studyID, dbError(err)
}

// strategyRecStatus settles a recommendation's status after its links
// changed: an open one that a section now addresses becomes addressed;
// an addressed one that no section addresses any more is open again.
// Recommendations not taken up keep their status.
func (tx *Tx) strategyRecStatus(ctx context.Context, a app.Actor, recID string) error {
	var links int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM strategy_rec_links WHERE recommendation_id = ?", recID).Scan(&links); err != nil {
		return dbError(err)
	}
	from, to := study.RecOpen, study.RecAddressed
	if links == 0 {
		from, to = to, from
	}
	res, err := tx.exec(ctx, "UPDATE consult_recommendations SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?",
		to, now(), recID, from)
	if err != nil {
		return dbError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return tx.audit(ctx, a, ActUpdate, "consult_recommendation", recID, "", Change{"status": {from, to}})
}
