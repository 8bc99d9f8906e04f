package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/scoring"
	"github.com/remaker-bd/remaker/internal/store"
)

// Reintegration Sustainability Surveys of the demo cases: most open cases
// have a baseline, many a follow-up three and six months on. They are
// stored as the web stores a filled form, so the store scores them on
// arrival. Answers are drawn around a level per person and dimension:
// baselines mostly low to middle, follow-ups better on average, some
// worse. Everything is drawn from the seed.

const streamScores = 20 // after streamActivities, leaving room

// scoresRSSFormID is the built-in survey's form_id.
const scoresRSSFormID = "remaker_rss"

// scores loads the built-in forms (serve would at start) and submits the
// surveys of the open cases.
func (w *writer) scores(ctx context.Context, people []*returnee) error {
	v, schema, err := w.builtinForm(ctx, scoresRSSFormID)
	if err != nil {
		return err
	}
	cur, err := w.db.CurrentScoring(ctx, app.System, v.FormPK)
	if err != nil {
		return err
	}
	if cur == nil {
		return nil // a survey without scoring: nothing to show
	}
	return w.parallel(ctx, len(people), func(i int) error {
		p := people[i]
		if p.kase == nil || p.kase.status == casework.Closed || w.cases[i].id == "" {
			return nil
		}
		for _, sv := range scoresPlan(i, p, w.day) {
			if err := w.survey(ctx, schema, cur.Definition, v, i, p, sv); err != nil {
				return fmt.Errorf("demo survey of %s: %w", w.cases[i].ref, err)
			}
		}
		return nil
	})
}

// scoresSurvey is one survey to submit: its round, day and level.
type scoresSurvey struct {
	round string
	on    time.Time
	level [3]float64 // economic, social, psychosocial, 0..1
	seed  uint64
}

// scoresPlan draws a person's surveys: a baseline for most (85%) a week
// to a month after the case opened, then follow-ups three (70% of them)
// and six months (55% of those) later, up to the day of seeding.
func scoresPlan(i int, p *returnee, day time.Time) []scoresSurvey {
	r := rand.New(rand.NewPCG(seed1<<8|streamScores, seed2<<32|uint64(i)))
	if r.Float64() >= 0.85 {
		return nil
	}
	on := p.kase.opened.AddDate(0, 0, 7+r.IntN(24))
	if !on.Before(day) {
		return nil
	}
	// Baselines mostly low to middle; the economic dimension lowest, and
	// lower still for those without income or in debt.
	base := 0.25 + 0.3*r.Float64()
	level := [3]float64{base - 0.08 + 0.1*r.Float64(), base + 0.05 + 0.1*r.Float64(), base + 0.1*r.Float64()}
	if p.noIncome || p.inDebt {
		level[0] -= 0.1
	}
	if p.distress {
		level[2] -= 0.12
	}
	out := []scoresSurvey{{round: "baseline", on: on, level: level, seed: r.Uint64()}}
	for _, months := range []int{3, 6} {
		next := on.AddDate(0, months, r.IntN(10))
		chance := 0.7
		if months == 6 {
			chance = 0.55
		}
		if !next.Before(day) || r.Float64() >= chance {
			break
		}
		// Better on average (+0.12 a round), worse for about one in six.
		for d := range level {
			level[d] += 0.12 + 0.16*r.NormFloat64()*0.6
		}
		out = append(out, scoresSurvey{round: "follow_up", on: next, level: level, seed: r.Uint64()})
	}
	return out
}

// scoresDimensions are the built-in survey's dimensions, in the order of
// scoresSurvey.level.
var scoresDimensions = []string{"economic", "social", "psychosocial"}

// survey fills in and submits one survey as the case's worker.
func (w *writer) survey(ctx context.Context, schema *instance.Schema, def *scoring.Definition, v forms.Version, i int, p *returnee, sv scoresSurvey) error {
	r := rand.New(rand.NewPCG(sv.seed, uint64(i)))
	c := w.cases[i]
	in := schema.New(instance.Options{Source: instance.FromWeb})
	in.Meta.InstanceID = "uuid:" + uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("remaker-demo-rss/%s/%s", c.ref, sv.on.Format(time.DateOnly)))).String()
	set := func(key, val string) { in.Values[key] = val }
	set("case_ref", c.ref)
	set("interview_date", sv.on.Format(time.DateOnly))
	set("survey_round", sv.round)
	set("consent", "yes")
	hasDebt := p.inDebt || r.Float64() < 0.3
	spending := 8000 + 1000*r.IntN(18)
	set("economic/monthly_spending", strconv.Itoa(spending))
	if hasDebt {
		set("economic/has_debt", "yes")
		// The debt in months of spending falls as the economic level rises.
		months := math.Max(0, (1-sv.level[0])*7+r.NormFloat64())
		set("economic/debt_amount", strconv.Itoa(int(months*float64(spending))/100*100))
	} else {
		set("economic/has_debt", "no")
	}
	if r.Float64() < 0.6 {
		set("social/school_age_children", "yes")
	} else {
		set("social/school_age_children", "no")
	}
	for _, it := range def.Items {
		if len(it.Options) == 0 {
			continue // numeric items are calculated from the answers above
		}
		d := slices.Index(scoresDimensions, it.Dimension)
		target := 0.5
		if d >= 0 {
			target = sv.level[d]
		}
		target += 0.22 * r.NormFloat64()
		if r.Float64() < 0.03 && len(it.Missing) > 0 {
			set(it.Key, it.Missing[0]) // "don't know" now and then
			continue
		}
		set(it.Key, scoresNearest(it, target))
	}
	res := schema.Validate(in, instance.Options{Source: instance.FromWeb})
	if !res.OK() {
		return fmt.Errorf("the drawn answers do not fit the form: %+v", res.Problems)
	}
	data, err := json.Marshal(res.Instance)
	if err != nil {
		return err
	}
	_, _, err = w.db.SaveSubmission(ctx, c.worker, store.NewSubmission{FormVersionID: v.ID, InstanceID: res.Instance.Meta.InstanceID,
		InstanceName: res.Instance.Meta.InstanceName, XML: string(schema.XML(res.Instance)), Data: string(data), CaseID: c.id,
		Channel: forms.ChannelWeb})
	return err
}

// scoresNearest is the option whose score (reversed for a reversed item)
// is nearest to target.
func scoresNearest(it scoring.Item, target float64) string {
	best, bestGap := "", math.Inf(1)
	names := make([]string, 0, len(it.Options))
	for name := range it.Options {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := it.Options[name]
		if it.Reverse {
			s = 1 - s
		}
		if gap := math.Abs(s - target); gap < bestGap {
			best, bestGap = name, gap
		}
	}
	return best
}
