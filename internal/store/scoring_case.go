package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/scoring"
)

// CaseScore is the stored score of one current submission of a case.
type CaseScore struct {
	SubmissionID string    `json:"submission_id"`
	Round        string    `json:"survey_round,omitempty"`
	TakenOn      time.Time `json:"taken_on"`
	ReceivedAt   time.Time `json:"received_at"`
	// ScoringVersionID and ScoringNumber name the scoring version that
	// produced the score.
	ScoringVersionID string         `json:"scoring_version_id"`
	ScoringNumber    int            `json:"scoring_version"`
	Result           scoring.Result `json:"result"`
}

// CaseFormScores are a case's scores on one scored form, oldest first,
// with the form's current scoring version and which of the scores are the
// baseline and the latest follow-up (indexes into Scores, -1 when none).
type CaseFormScores struct {
	FormPK   string          `json:"form_pk"`
	FormID   string          `json:"form_id"`
	Title    string          `json:"title"`
	Scoring  *ScoringVersion `json:"scoring"`
	Scores   []CaseScore     `json:"scores"`
	Baseline int             `json:"baseline"`
	Latest   int             `json:"latest_follow_up"`
	// Stale counts scores not from the current scoring version (waiting
	// to be recomputed).
	Stale int `json:"stale"`
}

// CaseScores returns a case's scores, per scored form. It is a read of
// personal data, scoped and audited as the case is.
func (db *DB) CaseScores(ctx context.Context, a app.Actor, caseID string) ([]CaseFormScores, error) {
	scope, args, err := personScope(a, "c.org_id")
	if err != nil {
		return nil, app.NotFound("case")
	}
	var orgID string
	if err := db.queryRow(ctx, "SELECT c.org_id FROM cases c WHERE c.id = ?"+scope, append([]any{caseID}, args...)...).Scan(&orgID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, app.NotFound("case")
		}
		return nil, dbError(err)
	}
	type row struct {
		formPK, formID, title, result string
		s                             CaseScore
	}
	rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		err := r.Scan(&x.formPK, &x.formID, &x.title, &x.s.SubmissionID, &x.s.Round, &x.s.TakenOn, &x.s.ReceivedAt,
			&x.s.ScoringVersionID, &x.s.ScoringNumber, &x.result)
		x.s.TakenOn, x.s.ReceivedAt = x.s.TakenOn.UTC(), x.s.ReceivedAt.UTC()
		return x, err
	}, `SELECT sc.form_pk, f.form_id, f.title, sc.submission_id, sc.survey_round, sc.taken_on, s.received_at, sc.scoring_version_id,
		sv.number, sc.result FROM submission_scores sc JOIN submissions s ON s.id = sc.submission_id AND s.is_current = TRUE
		JOIN forms f ON f.id = sc.form_pk JOIN scoring_versions sv ON sv.id = sc.scoring_version_id
		WHERE sc.case_id = ? ORDER BY f.form_id, sc.taken_on, s.received_at, sc.submission_id`, caseID)
	if err != nil {
		return nil, err
	}
	var out []CaseFormScores
	for _, x := range rows {
		if len(out) == 0 || out[len(out)-1].FormPK != x.formPK {
			cur, err := db.CurrentScoring(ctx, a, x.formPK)
			if err != nil {
				return nil, err
			}
			out = append(out, CaseFormScores{FormPK: x.formPK, FormID: x.formID, Title: x.title, Scoring: cur})
		}
		if err := json.Unmarshal([]byte(x.result), &x.s.Result); err != nil {
			return nil, app.Internal(err)
		}
		fs := &out[len(out)-1]
		if fs.Scoring == nil || x.s.ScoringVersionID != fs.Scoring.ID {
			fs.Stale++
		}
		fs.Scores = append(fs.Scores, x.s)
	}
	for i := range out {
		rounds := make([]string, len(out[i].Scores))
		for j, s := range out[i].Scores {
			rounds[j] = s.Round
		}
		out[i].Baseline, out[i].Latest = pickRounds(rounds)
	}
	return out, db.Audit(ctx, a, ActView, "case_scores", caseID, orgID, map[string]any{"forms": len(out)})
}

// pickRounds chooses, among one person's scores in time order, the
// baseline (the first whose round is baseline, else the first) and the
// latest follow-up (the last that is neither the baseline nor marked as
// one). Either is -1 when there is none.
func pickRounds(rounds []string) (baseline, latest int) {
	baseline, latest = -1, -1
	for i, r := range rounds {
		if r == RoundBaseline {
			baseline = i
			break
		}
	}
	if baseline < 0 && len(rounds) > 0 {
		baseline = 0
	}
	for i := len(rounds) - 1; i >= 0; i-- {
		if i != baseline && rounds[i] != RoundBaseline {
			latest = i
			break
		}
	}
	return baseline, latest
}

// CaseScoreSummary is what the case page needs of one form's scores: the
// baseline and the latest follow-up side by side per dimension, and the
// weakest answers of the most recent of the two.
type CaseScoreSummary struct {
	Dimensions []CaseDimensionScores `json:"dimensions"`
	Composite  CaseDimensionScores   `json:"composite"`
}

// CaseDimensionScores is one dimension's score at baseline and at the
// latest follow-up (nil when not taken or not computable), and the
// answers that pulled it down most in the most recent score.
type CaseDimensionScores struct {
	Name     string              `json:"name"`
	Baseline *float64            `json:"baseline"`
	Latest   *float64            `json:"latest_follow_up"`
	Weakest  []scoring.ItemScore `json:"weakest,omitempty"`
	// Assistance lists the assistance types the definition suggests for
	// the weakest answers, without repeats.
	Assistance []string `json:"assistance,omitempty"`
}

// WeakestPerDimension is how many of the weakest answers are shown.
const WeakestPerDimension = 3

// Summary sets baseline and latest follow-up side by side. Definitions are
// those of the form's current scoring version.
func (fs CaseFormScores) Summary() CaseScoreSummary {
	var sum CaseScoreSummary
	if fs.Scoring == nil || fs.Scoring.Definition == nil {
		return sum
	}
	def := fs.Scoring.Definition
	var base, latest *CaseScore
	if fs.Baseline >= 0 {
		base = &fs.Scores[fs.Baseline]
	}
	if fs.Latest >= 0 {
		latest = &fs.Scores[fs.Latest]
	}
	recent := latest
	if recent == nil {
		recent = base
	}
	for _, d := range def.Dimensions {
		c := CaseDimensionScores{Name: d.Name, Baseline: dimensionScore(base, d.Name), Latest: dimensionScore(latest, d.Name)}
		if recent != nil {
			// An answer with the full score pulled nothing down.
			for _, w := range def.Weakest(recent.Result, d.Name, WeakestPerDimension) {
				if w.Score != nil && *w.Score < 1 {
					c.Weakest = append(c.Weakest, w)
				}
			}
			seen := map[string]bool{}
			for _, w := range c.Weakest {
				it := def.Item(w.Question)
				if it == nil {
					continue
				}
				for _, t := range it.Assistance {
					if !seen[t] {
						seen[t] = true
						c.Assistance = append(c.Assistance, t)
					}
				}
			}
		}
		sum.Dimensions = append(sum.Dimensions, c)
	}
	sum.Composite = CaseDimensionScores{Name: ScoreComposite}
	if base != nil {
		sum.Composite.Baseline = base.Result.Composite
	}
	if latest != nil {
		sum.Composite.Latest = latest.Result.Composite
	}
	return sum
}

// ScoreComposite names the composite score beside the dimensions.
const ScoreComposite = "composite"

func dimensionScore(s *CaseScore, name string) *float64 {
	if s == nil {
		return nil
	}
	for _, d := range s.Result.Dimensions {
		if d.Name == name {
			return d.Score
		}
	}
	return nil
}
