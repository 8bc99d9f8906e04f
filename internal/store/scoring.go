package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/scoring"
)

// Scoring: the scoring versions of a form and the score of each current
// submission. A form's scoring definition is programme information, read
// by every signed-in user; changing it is for those who manage the form.
// A score is personal data: it is read with its case.

// Audit actions of the scoring area.
const (
	ActScoringVersion = "scoring_version"
	ActRescore        = "rescore"
)

// Keys of the answers that place a scored submission in time: the survey
// round ("baseline" or "follow_up") and the interview date. A form without
// them is ordered by the day its submissions arrived.
const (
	ScoreRoundKey = "survey_round"
	ScoreDateKey  = "interview_date"
)

// Survey rounds.
const (
	RoundBaseline = "baseline"
	RoundFollowUp = "follow_up"
)

// ScoringSourceUpload is the source of a scoring version uploaded on its
// own, as a scoring workbook; otherwise the source is the form version
// whose workbook carried the definition.
const ScoringSourceUpload = "upload"

// ScoringVersion is one scoring version of a form.
type ScoringVersion struct {
	ID            string    `json:"id"`
	FormPK        string    `json:"form_pk"`
	FormID        string    `json:"form_id"`
	Number        int       `json:"number"`
	Label         string    `json:"label"`
	Placeholder   bool      `json:"placeholder"`
	Hash          string    `json:"definition_hash"`
	Source        string    `json:"source"`
	FileName      string    `json:"file_name,omitempty"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	// Current is true for the form's highest number: the version new
	// scores are computed with.
	Current bool `json:"current"`
	// Definition is filled by ScoringVersionByID and CurrentScoring.
	Definition *scoring.Definition `json:"definition,omitempty"`
}

const scoringVersionColumns = `sv.id, sv.form_pk, f.form_id, sv.number, sv.label, sv.placeholder, sv.definition_hash, sv.source,
	sv.file_name, sv.created_by_name, sv.created_at,
	sv.number = (SELECT MAX(x.number) FROM scoring_versions x WHERE x.form_pk = sv.form_pk)`

const scoringVersionFrom = ` FROM scoring_versions sv JOIN forms f ON f.id = sv.form_pk`

func scanScoringVersion(row interface{ Scan(...any) error }) (ScoringVersion, error) {
	var v ScoringVersion
	err := row.Scan(&v.ID, &v.FormPK, &v.FormID, &v.Number, &v.Label, &v.Placeholder, &v.Hash, &v.Source, &v.FileName,
		&v.CreatedByName, &v.CreatedAt, &v.Current)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, err
}

// definitions caches parsed definitions by scoring version ID: a version
// never changes, and parsing its JSON for every submission would cost
// more than scoring it. IDs are UUIDs, so one cache serves every DB.
var definitions sync.Map

func (db *DB) scoringDefinition(ctx context.Context, q queryer, id string) (*scoring.Definition, error) {
	if d, ok := definitions.Load(id); ok {
		return d.(*scoring.Definition), nil
	}
	var text string
	if err := q.QueryRowContext(ctx, db.q("SELECT definition FROM scoring_versions WHERE id = ?"), id).Scan(&text); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, app.NotFound("scoring version")
		}
		return nil, dbError(err)
	}
	var d scoring.Definition
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		return nil, app.Internal(err)
	}
	definitions.Store(id, &d)
	return &d, nil
}

// currentScoringID returns the ID of a form's current scoring version, ""
// when the form has none.
func currentScoringID(ctx context.Context, db *DB, q queryer, formPK string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, db.q("SELECT id FROM scoring_versions WHERE form_pk = ? ORDER BY number DESC LIMIT 1"), formPK).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, dbError(err)
}

// addScoringVersion stores def as the form's new current scoring version,
// unless the current one is the same definition (same hash): then it
// returns the current one and false.
func (tx *Tx) addScoringVersion(ctx context.Context, a app.Actor, f forms.Form, def *scoring.Definition, source, fileName string) (ScoringVersion, bool, error) {
	hash := def.Hash()
	var last int
	var lastHash sql.NullString
	err := tx.queryRow(ctx, `SELECT number, definition_hash FROM scoring_versions WHERE form_pk = ? ORDER BY number DESC LIMIT 1`, f.ID).
		Scan(&last, &lastHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ScoringVersion{}, false, dbError(err)
	}
	if lastHash.Valid && lastHash.String == hash {
		v, err := scanScoringVersion(tx.queryRow(ctx, "SELECT "+scoringVersionColumns+scoringVersionFrom+" WHERE sv.form_pk = ? AND sv.number = ?", f.ID, last))
		return v, false, dbError(err)
	}
	text, err := json.Marshal(def)
	if err != nil {
		return ScoringVersion{}, false, app.Internal(err)
	}
	v := ScoringVersion{ID: NewID(), FormPK: f.ID, FormID: f.FormID, Number: last + 1, Label: def.Label, Placeholder: def.Placeholder,
		Hash: hash, Source: source, FileName: fileName, CreatedByName: a.Username, CreatedAt: now(), Current: true, Definition: def}
	if _, err := tx.exec(ctx, `INSERT INTO scoring_versions (id, form_pk, number, label, placeholder, definition, definition_hash, source,
		file_name, created_by, created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, v.FormPK, v.Number, v.Label,
		v.Placeholder, string(text), v.Hash, v.Source, v.FileName, a.UserID, v.CreatedByName, v.CreatedAt); err != nil {
		if isUniqueViolation(err) {
			return v, false, app.Errorf(app.ECONFLICT, "someone else changed this form's scoring at the same time; reload the page and upload again")
		}
		return v, false, dbError(err)
	}
	return v, true, tx.audit(ctx, a, ActScoringVersion, "form", f.ID, f.OrgID, map[string]any{"form_id": f.FormID,
		"number": v.Number, "label": v.Label, "source": source, "hash": hash})
}

// addUploadScoring is called when a form version is stored: a workbook
// that carries a scoring definition different from the form's current
// one gives the form a new scoring version, in the same transaction.
func (tx *Tx) addUploadScoring(ctx context.Context, a app.Actor, f forms.Form, v forms.Version, def *scoring.Definition) error {
	if def == nil {
		return nil
	}
	_, _, err := tx.addScoringVersion(ctx, a, f, def, v.ID, v.FileName)
	return err
}

// AddScoringVersion stores a scoring workbook's definition, already read
// and checked against the form's questions, as the form's new scoring
// version. created is false when it equals the current version (nothing
// is stored).
func (db *DB) AddScoringVersion(ctx context.Context, a app.Actor, formPK, fileName string, def *scoring.Definition) (v ScoringVersion, created bool, err error) {
	if def == nil {
		return v, false, app.FieldError("file", "this workbook has no scoring sheet; add the scoring sheet and the score columns and upload it again")
	}
	f, err := db.FormByID(ctx, a, formPK)
	if err != nil {
		return v, false, err
	}
	if !forms.ManagesForms(a, f.OrgID) {
		return v, false, app.Errorf(app.EFORBIDDEN, "your role cannot change this form's scoring")
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		v, created, err = tx.addScoringVersion(ctx, a, f, def, ScoringSourceUpload, fileName)
		return err
	})
	return v, created, err
}

// ScoringVersions lists a form's scoring versions, newest first.
func (db *DB) ScoringVersions(ctx context.Context, a app.Actor, formPK string) ([]ScoringVersion, error) {
	if _, err := db.FormByID(ctx, a, formPK); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanScoringVersion, "SELECT "+scoringVersionColumns+scoringVersionFrom+" WHERE sv.form_pk = ? ORDER BY sv.number DESC", formPK)
}

// ScoringVersionByID returns a scoring version with its definition.
func (db *DB) ScoringVersionByID(ctx context.Context, a app.Actor, id string) (ScoringVersion, error) {
	if !a.SignedIn() {
		return ScoringVersion{}, app.NotFound("scoring version")
	}
	v, err := scanScoringVersion(db.queryRow(ctx, "SELECT "+scoringVersionColumns+scoringVersionFrom+" WHERE sv.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, app.NotFound("scoring version")
	}
	if err != nil {
		return v, dbError(err)
	}
	v.Definition, err = db.scoringDefinition(ctx, db.r, v.ID)
	return v, err
}

// CurrentScoring returns a form's current scoring version with its
// definition, or nil when the form has no scoring.
func (db *DB) CurrentScoring(ctx context.Context, a app.Actor, formPK string) (*ScoringVersion, error) {
	if _, err := db.FormByID(ctx, a, formPK); err != nil {
		return nil, err
	}
	id, err := currentScoringID(ctx, db, db.r, formPK)
	if err != nil || id == "" {
		return nil, err
	}
	v, err := db.ScoringVersionByID(ctx, a, id)
	return &v, err
}

// storedAnswers reads the answers of a stored submission. The web stores
// an instance.Instance as JSON; OpenRosa the same object with the
// problems found added beside it. Older data may nest it as "instance".
func storedAnswers(data string) (map[string]string, error) {
	var in struct {
		Values   map[string]string `json:"values"`
		Instance *struct {
			Values map[string]string `json:"values"`
		} `json:"instance"`
	}
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return nil, err
	}
	if in.Values == nil && in.Instance != nil {
		return in.Instance.Values, nil
	}
	return in.Values, nil
}

// scoreTarget is what scoring one submission needs.
type scoreTarget struct {
	ID, FormPK, OrgID, CaseID, Data string
	ReceivedAt                      time.Time
}

// writeScores computes and stores the scores of submissions with the
// given scoring version, replacing any score they had: three statements
// for the lot, so that recomputing many is cheap.
func (tx *Tx) writeScores(ctx context.Context, versionID string, def *scoring.Definition, list []scoreTarget) error {
	if len(list) == 0 {
		return nil
	}
	at := now()
	ids := make([]any, len(list))
	scores := make([]any, 0, len(list)*11)
	var dims []any
	for i, t := range list {
		values, err := storedAnswers(t.Data)
		if err != nil {
			return app.Internal(err)
		}
		res := def.Compute(values)
		round, takenOn := scoreRound(values, t.ReceivedAt)
		result, err := json.Marshal(res)
		if err != nil {
			return app.Internal(err)
		}
		ids[i] = t.ID
		scores = append(scores, t.ID, versionID, t.FormPK, t.OrgID, nullString(t.CaseID), round, takenOn, res.Composite,
			res.Threshold, string(result), at)
		for _, d := range res.Dimensions {
			dims = append(dims, t.ID, d.Name, d.Score, d.AnsweredShare)
		}
	}
	if _, err := tx.exec(ctx, "DELETE FROM submission_scores WHERE submission_id IN ("+placeholders(len(ids), 1)+")", ids...); err != nil {
		return dbError(err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO submission_scores (submission_id, scoring_version_id, form_pk, org_id, case_id, survey_round,
		taken_on, composite, threshold, result, computed_at) VALUES `+placeholders(len(list), 11), scores...); err != nil {
		return dbError(err)
	}
	if len(dims) == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO submission_dimension_scores (submission_id, dimension, score, answered_share) VALUES `+
		placeholders(len(dims)/4, 4), dims...)
	return dbError(err)
}

// placeholders writes rows groups of n placeholders: "(?, ?), (?, ?)"; a
// single column is written without parentheses, for IN lists.
func placeholders(rows, n int) string {
	one := "?" + strings.Repeat(", ?", n-1)
	if n > 1 {
		one = "(" + one + ")"
	}
	return one + strings.Repeat(", "+one, rows-1)
}

// scoreRound returns the survey round a submission's answers name and the
// day the survey was taken (the interview date, else the day it arrived).
func scoreRound(values map[string]string, received time.Time) (string, time.Time) {
	round := strings.TrimSpace(values[ScoreRoundKey])
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(values[ScoreDateKey])); err == nil {
		return round, d
	}
	return round, dateOnly(received)
}

// scoreSubmission is called when a submission is stored: it computes the
// submission's score with the form's current scoring version, in the same
// transaction, and drops the score of the submission an edit replaces.
func (tx *Tx) scoreSubmission(ctx context.Context, s forms.Submission) error {
	if s.DeprecatedID != "" {
		if _, err := tx.exec(ctx, `DELETE FROM submission_scores WHERE submission_id IN
			(SELECT id FROM submissions WHERE instance_id = ? AND is_current = FALSE)`, s.DeprecatedID); err != nil {
			return dbError(err)
		}
	}
	id, err := currentScoringID(ctx, tx.db, tx.tx, s.FormPK)
	if err != nil || id == "" {
		return err
	}
	def, err := tx.db.scoringDefinition(ctx, tx.tx, id)
	if err != nil {
		return err
	}
	return tx.writeScores(ctx, id, def, []scoreTarget{{ID: s.ID, FormPK: s.FormPK, OrgID: s.OrgID, CaseID: s.CaseID, Data: s.Data,
		ReceivedAt: s.ReceivedAt}})
}

// ScoringDefinition is what FormUpload carries of a workbook's scoring.
type ScoringDefinition = scoring.Definition

// ScoredForms returns the current scoring version of every form that has
// one, by form_id.
func (db *DB) ScoredForms(ctx context.Context, a app.Actor) ([]ScoringVersion, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("form")
	}
	return queryAll(ctx, db, scanScoringVersion, "SELECT "+scoringVersionColumns+scoringVersionFrom+
		` WHERE sv.number = (SELECT MAX(x.number) FROM scoring_versions x WHERE x.form_pk = sv.form_pk) ORDER BY f.form_id`)
}
