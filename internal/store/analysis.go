package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/study/analysis"
)

// Study analysis: aggregate figures computed from the submissions of a
// study's questionnaire (by default the built-in remaker_scoping form).
// Respondents are not cases: the answers are personal data at row level,
// so nothing here returns a row, a name or a free text; what leaves is
// counts and percentages with small cells suppressed (see package
// analysis), which every signed-in user who reads the study may see, as
// the study pages allow. Submissions of every organisation count, as the
// study is the programme's. Exports of the figures are audited.

// DefaultAnalysisFormID is the form a study analyses unless it names one.
const DefaultAnalysisFormID = "remaker_scoping"

// AnalysisForm is the questionnaire a study analyses.
type AnalysisForm struct {
	FormPK  string `json:"form_pk"`
	FormID  string `json:"form_id"`
	Title   string `json:"title"`
	Default bool   `json:"default"` // the built-in scoping form, not chosen
	// VersionID and Version are the version whose questions the analysis
	// uses: the published one, else the latest uploaded; "" when the form
	// is not loaded or has no version.
	VersionID string `json:"version_id,omitempty"`
	Version   string `json:"version,omitempty"`
}

// studyAnalysisRow reads what the analysis needs of a study, refusing
// actors who may not read it.
func (db *DB) studyAnalysisRow(ctx context.Context, a app.Actor, studyID string) (formPK string, seeded bool, err error) {
	if !a.SignedIn() {
		return "", false, app.NotFound("study")
	}
	var pk sql.NullString
	err = db.queryRow(ctx, "SELECT form_pk, demand_seeded FROM study_studies WHERE id = ?", studyID).Scan(&pk, &seeded)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, app.NotFound("study")
	}
	return pk.String, seeded, dbError(err)
}

// StudyAnalysisForm returns the form a study analyses.
func (db *DB) StudyAnalysisForm(ctx context.Context, a app.Actor, studyID string) (AnalysisForm, error) {
	pk, _, err := db.studyAnalysisRow(ctx, a, studyID)
	if err != nil {
		return AnalysisForm{}, err
	}
	f := AnalysisForm{FormPK: pk, Default: pk == ""}
	q, arg := "SELECT id, form_id, title FROM forms WHERE id = ?", pk
	if pk == "" {
		q, arg = "SELECT id, form_id, title FROM forms WHERE form_id = ?", DefaultAnalysisFormID
	}
	err = db.queryRow(ctx, q, arg).Scan(&f.FormPK, &f.FormID, &f.Title)
	if errors.Is(err, sql.ErrNoRows) {
		f.FormID = DefaultAnalysisFormID
		return f, nil // the built-in forms are not loaded (a fresh test database)
	}
	if err != nil {
		return f, dbError(err)
	}
	err = db.queryRow(ctx, `SELECT id, form_version FROM form_versions WHERE form_pk = ?
		ORDER BY CASE WHEN state = ? THEN 0 ELSE 1 END, uploaded_at DESC, id DESC LIMIT 1`, f.FormPK, forms.Published).Scan(&f.VersionID, &f.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	}
	return f, dbError(err)
}

// AnalysisFormChoice is a form a study may analyse.
type AnalysisFormChoice struct {
	FormPK string `json:"form_pk"`
	FormID string `json:"form_id"`
	Title  string `json:"title"`
}

// AnalysisFormChoices lists the forms a study may analyse: those not
// bound to cases (questionnaires), by title.
func (db *DB) AnalysisFormChoices(ctx context.Context, a app.Actor) ([]AnalysisFormChoice, error) {
	if !a.SignedIn() {
		return nil, app.NotFound("form")
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (AnalysisFormChoice, error) {
		var c AnalysisFormChoice
		err := r.Scan(&c.FormPK, &c.FormID, &c.Title)
		return c, err
	}, "SELECT id, form_id, title FROM forms WHERE case_bound = FALSE ORDER BY title, form_id")
}

// SetStudyAnalysisForm links a study to the form it analyses; formPK ""
// goes back to the built-in scoping form. The study's lead (and
// programme managers) change it.
func (db *DB) SetStudyAnalysisForm(ctx context.Context, a app.Actor, studyID, formPK string) (AnalysisForm, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.studyAllowed(ctx, a, studyID, studyEdit); err != nil {
			return err
		}
		if formPK != "" {
			var caseBound bool
			err := tx.queryRow(ctx, "SELECT case_bound FROM forms WHERE id = ?", formPK).Scan(&caseBound)
			if errors.Is(err, sql.ErrNoRows) || caseBound {
				return app.FieldError("form_pk", "choose a questionnaire from the list (forms bound to cases cannot be analysed here)")
			} else if err != nil {
				return dbError(err)
			}
		}
		var old sql.NullString
		if err := tx.queryRow(ctx, "SELECT form_pk FROM study_studies WHERE id = ?", studyID).Scan(&old); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, "UPDATE study_studies SET form_pk = ? WHERE id = ?", nullString(formPK), studyID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActUpdate, "study", studyID, "", Change{"form_pk": {old.String, formPK}})
	})
	if err != nil {
		return AnalysisForm{}, err
	}
	return db.StudyAnalysisForm(ctx, a, studyID)
}

// analysisModels keeps the questionnaires read from form versions: a
// version never changes, and the scoping workbook (every upazila) takes a
// while to read.
var analysisModels struct {
	sync.Mutex
	m map[string]*analysis.Questionnaire
}

// analysisQuestionnaire returns the questions of a form version.
func (db *DB) analysisQuestionnaire(ctx context.Context, versionID string) (*analysis.Questionnaire, error) {
	if versionID == "" {
		return &analysis.Questionnaire{}, nil
	}
	analysisModels.Lock()
	qn, ok := analysisModels.m[versionID]
	analysisModels.Unlock()
	if ok {
		return qn, nil
	}
	var src []byte
	var name string
	if err := db.queryRow(ctx, "SELECT source, file_name FROM form_versions WHERE id = ?", versionID).Scan(&src, &name); err != nil {
		return nil, dbError(err)
	}
	f, err := forms.Read(src, name)
	if err != nil {
		return nil, app.Internal(err)
	}
	qn = analysis.FromForm(f)
	analysisModels.Lock()
	if analysisModels.m == nil || len(analysisModels.m) > 64 {
		analysisModels.m = map[string]*analysis.Questionnaire{}
	}
	analysisModels.m[versionID] = qn
	analysisModels.Unlock()
	return qn, nil
}

// analysisResponses reads the answers of a form's current, not rejected
// submissions. Answers that no longer read are skipped.
func (db *DB) analysisResponses(ctx context.Context, formPK string) ([]analysis.Response, error) {
	if formPK == "" {
		return nil, nil
	}
	rows, err := db.query(ctx, "SELECT data FROM submissions WHERE form_pk = ? AND is_current = TRUE AND review_state <> ?",
		formPK, forms.Rejected)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []analysis.Response
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, dbError(err)
		}
		values, err := analysis.ParseAnswers(data)
		if err != nil {
			continue
		}
		out = append(out, analysis.NewResponse(values))
	}
	return out, dbError(rows.Err())
}

// StudyAnalysisQuestions lists the questions of the study's form that can
// be analysed, with labels in lang.
func (db *DB) StudyAnalysisQuestions(ctx context.Context, a app.Actor, studyID, lang string) ([]analysis.QuestionInfo, error) {
	f, err := db.StudyAnalysisForm(ctx, a, studyID)
	if err != nil {
		return nil, err
	}
	qn, err := db.analysisQuestionnaire(ctx, f.VersionID)
	if err != nil {
		return nil, err
	}
	return qn.Infos(lang), nil
}

// StudyAnalysis computes an analysis of the study's questionnaire. A spec
// the form cannot answer (a question removed from it) returns a Table
// whose Problem says so in lang, with an app.EINVALID error: evidence
// blocks show the Problem as a warning.
func (db *DB) StudyAnalysis(ctx context.Context, a app.Actor, studyID string, spec analysis.Spec, lang string) (analysis.Table, error) {
	f, err := db.StudyAnalysisForm(ctx, a, studyID)
	if err != nil {
		return analysis.Table{}, err
	}
	if f.VersionID == "" {
		err := app.Errorf(app.EINVALID, "the study's questionnaire has no version to analyse yet: load the built-in forms or upload it first")
		return analysis.Table{Spec: spec.Normal(), Problem: app.MessageIn(lang, err)}, err
	}
	qn, err := db.analysisQuestionnaire(ctx, f.VersionID)
	if err != nil {
		return analysis.Table{}, err
	}
	in := analysis.Input{Questions: qn}
	if in.Responses, err = db.analysisResponses(ctx, f.FormPK); err != nil {
		return analysis.Table{}, err
	}
	if spec.Normal().Kind != analysis.KindCrosstab {
		if in.Demand, err = db.StudyDemand(ctx, a, studyID); err != nil {
			return analysis.Table{}, err
		}
	}
	return analysis.Compute(in, spec, lang)
}

// AuditStudyAnalysisExport records that someone took a table away.
func (db *DB) AuditStudyAnalysisExport(ctx context.Context, a app.Actor, studyID string, spec analysis.Spec, format string) error {
	return db.Audit(ctx, a, ActExport, "study_analysis", studyID, "", map[string]any{"spec": spec.Normal(), "format": format})
}
