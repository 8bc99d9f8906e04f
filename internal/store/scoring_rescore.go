package store

import (
	"context"
	"sync"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// Recomputing scores after a scoring change. Rescore works through the
// current submissions whose stored score is not from the form's current
// scoring version, a batch per transaction: it is idempotent (a second run
// finds nothing to do) and resumable (an interrupted run keeps the batches
// it committed, and the next run starts where it stopped).

// RescoreBatch is the number of submissions scored per transaction.
const RescoreBatch = 500

// RescoreProgress is how far a recomputation has come.
type RescoreProgress struct {
	FormPK string `json:"form_pk"`
	// Version is the number of the scoring version scores are brought to
	// (0 when the form has no scoring).
	Version int `json:"version"`
	// Done counts the submissions scored so far; Total those that needed
	// it when the run started.
	Done  int `json:"done"`
	Total int `json:"total"`
	// Running is true while a background run is at work.
	Running bool `json:"running"`
	// Error says why a background run stopped early.
	Error string `json:"error,omitempty"`
}

// MayRescore reports whether the actor may recompute a form's scores:
// those who manage the form, and organisation managers (recomputing only
// brings stored scores to the form's current definition).
func MayRescore(a app.Actor, f forms.Form) bool {
	return forms.ManagesForms(a, f.OrgID) || a.Role == app.RoleOrgManager
}

// ScoresPending counts the current submissions of a form whose score is
// missing or from an older scoring version, and returns the current
// scoring version's ID and number ("" and 0 when the form has no scoring).
func (db *DB) ScoresPending(ctx context.Context, a app.Actor, formPK string) (pending int, versionID string, number int, err error) {
	if _, err := db.FormByID(ctx, a, formPK); err != nil {
		return 0, "", 0, err
	}
	if versionID, err = currentScoringID(ctx, db, db.r, formPK); err != nil || versionID == "" {
		return 0, "", 0, err
	}
	if err := db.queryRow(ctx, "SELECT number FROM scoring_versions WHERE id = ?", versionID).Scan(&number); err != nil {
		return 0, "", 0, dbError(err)
	}
	err = db.queryRow(ctx, `SELECT COUNT(*) FROM submissions s WHERE s.form_pk = ? AND s.is_current = TRUE AND NOT EXISTS
		(SELECT 1 FROM submission_scores sc WHERE sc.submission_id = s.id AND sc.scoring_version_id = ?)`, formPK, versionID).Scan(&pending)
	return pending, versionID, number, dbError(err)
}

// Rescore recomputes, batch by batch, the scores of a form's current
// submissions that are not from its current scoring version. progress,
// when not nil, is called after each committed batch. A cancelled context
// stops it between batches (the batch under way is rolled back); what was
// committed stays, so running it again resumes.
func (db *DB) Rescore(ctx context.Context, a app.Actor, formPK string, batch int, progress func(RescoreProgress)) (RescoreProgress, error) {
	p := RescoreProgress{FormPK: formPK}
	f, err := db.FormByID(ctx, a, formPK)
	if err != nil {
		return p, err
	}
	if !MayRescore(a, f) {
		return p, app.Errorf(app.EFORBIDDEN, "only managers recompute scores")
	}
	if batch <= 0 {
		batch = RescoreBatch
	}
	pending, versionID, number, err := db.ScoresPending(ctx, a, formPK)
	if err != nil || versionID == "" {
		return p, err
	}
	p.Version, p.Total = number, pending
	def, err := db.scoringDefinition(ctx, db.r, versionID)
	if err != nil {
		return p, err
	}
	// Batches walk the submissions in ID order, so that each reads only
	// its own rows, whatever the size of the form.
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return p, err
		}
		n := 0
		err := db.inTx(ctx, func(tx *Tx) error {
			list, err := tx.scoreTargets(ctx, formPK, versionID, after, batch)
			if err != nil {
				return err
			}
			if len(list) > 0 {
				after = list[len(list)-1].ID
			}
			if err := tx.writeScores(ctx, versionID, def, list); err != nil {
				return err
			}
			n = len(list)
			if n == 0 {
				return nil
			}
			return tx.audit(ctx, a, ActRescore, "form", f.ID, f.OrgID, map[string]any{"form_id": f.FormID, "scoring_version": number, "scored": n})
		})
		if err != nil {
			return p, err
		}
		p.Done += n
		if p.Done > p.Total { // submissions that arrived meanwhile with an old score
			p.Total = p.Done
		}
		if n > 0 && progress != nil {
			progress(p)
		}
		if n < batch {
			return p, nil
		}
	}
}

// scoreTargets reads the next batch of current submissions, after the
// given ID, without a score from the given scoring version.
func (tx *Tx) scoreTargets(ctx context.Context, formPK, versionID, after string, limit int) ([]scoreTarget, error) {
	rows, err := tx.query(ctx, `SELECT s.id, s.form_pk, s.org_id, COALESCE(s.case_id, ''), s.data, s.received_at FROM submissions s
		WHERE s.form_pk = ? AND s.is_current = TRUE AND s.id > ? AND NOT EXISTS
		(SELECT 1 FROM submission_scores sc WHERE sc.submission_id = s.id AND sc.scoring_version_id = ?)
		ORDER BY s.id LIMIT ?`, formPK, after, versionID, limit)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []scoreTarget
	for rows.Next() {
		var t scoreTarget
		if err := rows.Scan(&t.ID, &t.FormPK, &t.OrgID, &t.CaseID, &t.Data, &t.ReceivedAt); err != nil {
			return nil, dbError(err)
		}
		out = append(out, t)
	}
	return out, dbError(rows.Err())
}

// Background runs: the screen's and the API's recompute button start one
// per form and show its progress. They live in this process only; a run
// cut short by a restart is resumed by starting it again.

type rescoreKey struct {
	db     *DB
	formPK string
}

var (
	rescoreMu   sync.Mutex
	rescoreRuns = map[rescoreKey]*rescoreRun{}
)

type rescoreRun struct {
	mu sync.Mutex
	p  RescoreProgress
}

func (r *rescoreRun) set(p RescoreProgress) {
	r.mu.Lock()
	r.p = p
	r.mu.Unlock()
}

func (r *rescoreRun) get() RescoreProgress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.p
}

// StartRescore starts recomputing a form's scores in the background,
// unless a run for the form is already under way (then it reports that
// run). The run goes on after the request that started it ends; ctx
// only carries values, its cancellation is ignored.
func (db *DB) StartRescore(ctx context.Context, a app.Actor, formPK string) (RescoreProgress, error) {
	f, err := db.FormByID(ctx, a, formPK)
	if err != nil {
		return RescoreProgress{}, err
	}
	if !MayRescore(a, f) {
		return RescoreProgress{}, app.Errorf(app.EFORBIDDEN, "only managers recompute scores")
	}
	pending, _, number, err := db.ScoresPending(ctx, a, formPK)
	if err != nil {
		return RescoreProgress{}, err
	}
	run := &rescoreRun{p: RescoreProgress{FormPK: formPK, Version: number, Total: pending, Running: true}}
	rescoreMu.Lock()
	if old := rescoreRuns[rescoreKey{db, formPK}]; old != nil {
		if p := old.get(); p.Running {
			rescoreMu.Unlock()
			return p, nil
		}
	}
	rescoreRuns[rescoreKey{db, formPK}] = run
	rescoreMu.Unlock()
	bg := context.WithoutCancel(ctx)
	go func() {
		p, err := db.Rescore(bg, a, formPK, RescoreBatch, func(p RescoreProgress) {
			p.Running = true
			run.set(p)
		})
		p.Running = false
		if err != nil {
			p.Error = err.Error()
		}
		run.set(p)
	}()
	return run.get(), nil
}

// RescoreStatus reports the background run of a form: the one under way,
// or the last one finished, or, when none ran in this process, what is
// pending.
func (db *DB) RescoreStatus(ctx context.Context, a app.Actor, formPK string) (RescoreProgress, error) {
	pending, _, number, err := db.ScoresPending(ctx, a, formPK)
	if err != nil {
		return RescoreProgress{}, err
	}
	rescoreMu.Lock()
	r := rescoreRuns[rescoreKey{db, formPK}]
	rescoreMu.Unlock()
	if r != nil {
		if p := r.get(); p.Running || p.Version == number {
			return p, nil
		}
	}
	return RescoreProgress{FormPK: formPK, Version: number, Total: pending}, nil
}
