package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/remaker-bd/remaker/internal/app"
)

// Programme figures of a scored form: distributions and means of each
// score by organisation, sex, district, ethnicity, destination and return
// type; the share of people above the sustainability threshold at
// baseline and at the latest follow-up; and the change per dimension
// between the two for the same people. Every figure carries its n. For
// viewers, cells of fewer than MinCellSize people are suppressed. Nothing
// names a person. Only scores from the form's current scoring version
// count: mixing versions would compare different scales.

// MinCellSize is the smallest number of people a figure shown to a viewer
// may rest on.
const MinCellSize = 5

// Figure rounds: which of each person's scores a distribution counts.
const (
	FigureBaseline = "baseline"
	FigureFollowUp = "follow_up" // the latest follow-up; people without one are left out
	FigureLatest   = "latest"    // the latest follow-up, else the baseline
)

// FigureRounds lists the rounds ScoreFigures accepts.
var FigureRounds = []string{FigureLatest, FigureBaseline, FigureFollowUp}

// Breakdowns of the figures, in display order.
var ScoreBreakdowns = []string{"organisation", "sex", "district", "ethnicity", "destination", "return_type"}

// HistogramBuckets is the number of equal-width buckets of [0, 1].
const HistogramBuckets = 10

// ScoreFigures are the programme figures of one scored form.
type ScoreFigures struct {
	FormPK  string          `json:"form_pk"`
	Scoring *ScoringVersion `json:"scoring"`
	Round   string          `json:"round"`
	// Scores names the columns of every group: the dimensions, then
	// "composite".
	Scores []string `json:"scores"`
	// Total is the figures over everyone, then one breakdown per
	// ScoreBreakdowns.
	Total      ScoreGroup       `json:"total"`
	Breakdowns []ScoreBreakdown `json:"breakdowns"`
	// SustainableFrom is the definition's threshold; Sustainable the
	// share of people at or above it at baseline and at the latest
	// follow-up.
	SustainableFrom float64        `json:"sustainable_from"`
	Sustainable     [2]ShareFigure `json:"sustainable"`
	// Change is the paired change per score between baseline and latest
	// follow-up, over the people who have both.
	Change []PairedChange `json:"change"`
	// Pending counts current submissions whose score is not from the
	// current scoring version (they are left out until recomputed).
	Pending int `json:"pending"`
	// Suppressed is true when cells under MinCellSize are hidden.
	Suppressed bool `json:"suppressed"`
}

// ScoreBreakdown is the figures per value of one attribute.
type ScoreBreakdown struct {
	By     string       `json:"by"`
	Groups []ScoreGroup `json:"groups"`
}

// ScoreGroup is one group's figures: a cell per score.
type ScoreGroup struct {
	// Key is the attribute's code ("" when not recorded).
	Key   string      `json:"key"`
	N     int         `json:"n"`
	Cells []ScoreCell `json:"cells"`
}

// ScoreCell is one score's figures in a group. Mean and Histogram are
// empty when the cell is suppressed.
type ScoreCell struct {
	N          int      `json:"n"`
	Mean       *float64 `json:"mean"`
	Histogram  []int    `json:"histogram,omitempty"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// ShareFigure is the share of people at or above the sustainability
// threshold in one round.
type ShareFigure struct {
	Round      string   `json:"round"`
	N          int      `json:"n"`
	Above      *int     `json:"above"`
	Share      *float64 `json:"share"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// PairedChange is the mean of one score at baseline and at the latest
// follow-up, and their mean difference, over the same N people.
type PairedChange struct {
	Score      string   `json:"score"`
	N          int      `json:"n"`
	Baseline   *float64 `json:"baseline"`
	FollowUp   *float64 `json:"follow_up"`
	Change     *float64 `json:"change"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// figureScore is one stored score with what the figures group it by.
type figureScore struct {
	ID     string
	CaseID string
	Round  string
	Groups map[string]string // breakdown -> code
	Scores map[string]*float64
}

// ScoreFigures computes the figures of a form for a round (FigureRounds;
// "" is FigureLatest), of one organisation's people when orgID is given.
func (db *DB) ScoreFigures(ctx context.Context, a app.Actor, formPK, round, orgID string) (ScoreFigures, error) {
	fig := ScoreFigures{FormPK: formPK, Round: round, Total: ScoreGroup{Cells: []ScoreCell{}},
		Sustainable: [2]ShareFigure{{Round: FigureBaseline}, {Round: FigureFollowUp}}}
	if fig.Round == "" {
		fig.Round = FigureLatest
	}
	if !oneOf(fig.Round, FigureRounds) {
		return fig, app.FieldError("round", "choose baseline, latest follow-up or latest score")
	}
	// As the worklist's figures: staff who see returnees count their
	// organisation's people (programme managers everyone's), viewers
	// every organisation's, suppressed.
	scope, scopeArgs, err := worklistScope(a, WorklistScope{OrgID: orgID}, "c.org_id")
	if err != nil {
		return fig, err
	}
	cur, err := db.CurrentScoring(ctx, a, formPK)
	if err != nil || cur == nil {
		return fig, err
	}
	fig.Scoring = cur
	if fig.Pending, _, _, err = db.ScoresPending(ctx, a, formPK); err != nil {
		return fig, err
	}
	args := append([]any{formPK, cur.ID}, scopeArgs...)
	// The latest migration episode says where the person came back from
	// and how; NULL return dates sort last on both engines.
	const episode = `(SELECT me.%s FROM migration_episodes me WHERE me.person_id = p.id
		ORDER BY me.return_date IS NULL, me.return_date DESC, me.id DESC LIMIT 1)`
	list, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (figureScore, error) {
		var x figureScore
		var org, sex, district, ethnicity string
		var dest, rtype sql.NullString
		var composite sql.NullFloat64
		err := r.Scan(&x.ID, &x.CaseID, &x.Round, &composite, &org, &sex, &district, &ethnicity, &dest, &rtype)
		x.Groups = map[string]string{"organisation": org, "sex": sex, "district": district, "ethnicity": ethnicity,
			"destination": dest.String, "return_type": rtype.String}
		x.Scores = map[string]*float64{ScoreComposite: nullFloat(composite)}
		return x, err
	}, `SELECT sc.submission_id, sc.case_id, sc.survey_round, sc.composite, o.code, p.sex, p.district,
		p.ethnicity, `+fmt.Sprintf(episode, "destination")+`, `+fmt.Sprintf(episode, "return_type")+`
		FROM submission_scores sc JOIN submissions s ON s.id = sc.submission_id AND s.is_current = TRUE
		JOIN cases c ON c.id = sc.case_id JOIN persons p ON p.id = c.person_id JOIN organisations o ON o.id = c.org_id
		WHERE sc.form_pk = ? AND sc.scoring_version_id = ?`+scope+`
		ORDER BY sc.case_id, sc.taken_on, s.received_at, sc.submission_id`, args...)
	if err != nil {
		return fig, err
	}
	type dimRow struct {
		id, dim string
		score   sql.NullFloat64
	}
	dims, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (dimRow, error) {
		var x dimRow
		return x, r.Scan(&x.id, &x.dim, &x.score)
	}, `SELECT d.submission_id, d.dimension, d.score FROM submission_dimension_scores d
		JOIN submission_scores sc ON sc.submission_id = d.submission_id JOIN submissions s ON s.id = sc.submission_id AND s.is_current = TRUE
		JOIN cases c ON c.id = sc.case_id WHERE sc.form_pk = ? AND sc.scoring_version_id = ?`+scope, args...)
	if err != nil {
		return fig, err
	}
	byID := make(map[string]*figureScore, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for _, d := range dims {
		if x := byID[d.id]; x != nil {
			x.Scores[d.dim] = nullFloat(d.score)
		}
	}
	names := make([]string, 0, len(cur.Definition.Dimensions)+1)
	for _, d := range cur.Definition.Dimensions {
		names = append(names, d.Name)
	}
	names = append(names, ScoreComposite)
	aggregateScores(&fig, list, names, cur.Definition.SustainableFrom, a.Role == app.RoleViewer)
	return fig, db.Audit(ctx, a, ActView, "score_figures", formPK, a.OrgID, map[string]any{"round": fig.Round, "scores": len(list)})
}

func nullFloat(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}

// aggregateScores fills the figures from every person's scores, in time
// order per person (list is sorted by case).
func aggregateScores(fig *ScoreFigures, list []figureScore, names []string, sustainableFrom float64, suppress bool) {
	fig.Scores, fig.SustainableFrom, fig.Suppressed = names, sustainableFrom, suppress
	var chosen []*figureScore               // one per person, for the distributions
	var baselines, followUps []*figureScore // one per person who has it
	var paired [][2]*figureScore            // per person who has both
	eachPerson(list, func(person []figureScore, b, l int) {
		var base, latest *figureScore
		if b >= 0 {
			base = &person[b]
			baselines = append(baselines, base)
		}
		if l >= 0 {
			latest = &person[l]
			followUps = append(followUps, latest)
		}
		if base != nil && latest != nil {
			paired = append(paired, [2]*figureScore{base, latest})
		}
		pick := base
		switch {
		case fig.Round == FigureFollowUp, fig.Round == FigureLatest && latest != nil:
			pick = latest
		}
		if pick != nil {
			chosen = append(chosen, pick)
		}
	})
	fig.Total = scoreGroup("", chosen, names, suppress)
	for _, by := range ScoreBreakdowns {
		groups := map[string][]*figureScore{}
		var keys []string
		for _, x := range chosen {
			k := x.Groups[by]
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], x)
		}
		sort.Strings(keys)
		bd := ScoreBreakdown{By: by, Groups: []ScoreGroup{}}
		for _, k := range keys {
			bd.Groups = append(bd.Groups, scoreGroup(k, groups[k], names, suppress))
		}
		fig.Breakdowns = append(fig.Breakdowns, bd)
	}
	fig.Sustainable = [2]ShareFigure{shareAbove(FigureBaseline, baselines, sustainableFrom, suppress),
		shareAbove(FigureFollowUp, followUps, sustainableFrom, suppress)}
	for _, name := range names {
		c := PairedChange{Score: name}
		var sumB, sumF float64
		for _, pair := range paired {
			b, f := pair[0].Scores[name], pair[1].Scores[name]
			if b == nil || f == nil {
				continue
			}
			c.N++
			sumB += *b
			sumF += *f
		}
		switch {
		case suppress && c.N < MinCellSize:
			c.Suppressed = true
		case c.N > 0:
			mb, mf := sumB/float64(c.N), sumF/float64(c.N)
			d := mf - mb
			c.Baseline, c.FollowUp, c.Change = &mb, &mf, &d
		}
		fig.Change = append(fig.Change, c)
	}
}

// eachPerson calls fn with each person's scores (list is sorted by case,
// then in time order) and the indexes of their baseline and latest
// follow-up.
func eachPerson(list []figureScore, fn func(person []figureScore, baseline, latest int)) {
	for start := 0; start < len(list); {
		end := start
		for end < len(list) && list[end].CaseID == list[start].CaseID {
			end++
		}
		person := list[start:end]
		rounds := make([]string, len(person))
		for i, x := range person {
			rounds[i] = x.Round
		}
		b, l := pickRounds(rounds)
		fn(person, b, l)
		start = end
	}
}

func scoreGroup(key string, list []*figureScore, names []string, suppress bool) ScoreGroup {
	g := ScoreGroup{Key: key, N: len(list)}
	for _, name := range names {
		c := ScoreCell{Histogram: make([]int, HistogramBuckets)}
		var sum float64
		for _, x := range list {
			s := x.Scores[name]
			if s == nil {
				continue
			}
			c.N++
			sum += *s
			c.Histogram[bucketOf(*s)]++
		}
		switch {
		case suppress && c.N < MinCellSize:
			c = ScoreCell{N: c.N, Suppressed: true}
		case c.N > 0:
			m := sum / float64(c.N)
			c.Mean = &m
		}
		g.Cells = append(g.Cells, c)
	}
	return g
}

// bucketOf returns the histogram bucket of a score: [0, 0.1) is 0, and
// so on; 1 falls in the last.
func bucketOf(s float64) int {
	b := int(s * HistogramBuckets)
	return max(0, min(b, HistogramBuckets-1))
}

func shareAbove(round string, list []*figureScore, from float64, suppress bool) ShareFigure {
	f := ShareFigure{Round: round}
	above := 0
	for _, x := range list {
		s := x.Scores[ScoreComposite]
		if s == nil {
			continue
		}
		f.N++
		if *s >= from {
			above++
		}
	}
	switch {
	case suppress && f.N < MinCellSize:
		f.Suppressed = true
	case f.N > 0:
		share := float64(above) / float64(f.N)
		f.Above, f.Share = &above, &share
	}
	return f
}
