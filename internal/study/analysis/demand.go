package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
)

// Demand is a destination demand figure: workers a destination country
// takes in one BMET skill category in a year. Seeded from BMET's
// departure figures (SeedDemand) and edited by the study's team.
type Demand struct {
	ID       string `json:"id,omitempty"`
	Country  string `json:"country"`  // ISO 3166-1 alpha-2 ("SA")
	Category string `json:"category"` // BMET skill category code ("skilled")
	Workers  int    `json:"workers"`
	Source   string `json:"source"`
	// EditedByName and EditedAt say who last changed the figure; empty
	// for a seeded figure nobody edited.
	EditedByName string     `json:"edited_by,omitempty"`
	EditedAt     *time.Time `json:"edited_at,omitempty"`
}

// MaxDemandWorkers bounds a figure: more than Bangladesh's total yearly
// departures is a typing mistake.
const MaxDemandWorkers = 5_000_000

// MaxDemandRows bounds a study's figures.
const MaxDemandRows = 500

// SeedDemand derives figures from refdata's BMET tables: for each
// destination its latest year's departures, split by the 2024 share of
// each skill category (BMET gives no destination x category table, so
// the split is an estimate, and the source note says so).
func SeedDemand() []Demand {
	totals := map[int]int{}
	for _, f := range refdata.Outflows() {
		if f.Kind == refdata.OutflowTotal {
			totals[f.Year] = f.Workers
		}
	}
	latest := map[string]refdata.Outflow{}
	for _, f := range refdata.Outflows() {
		if f.Kind != refdata.OutflowCountry {
			continue
		}
		if old, ok := latest[f.Country]; !ok || f.Year > old.Year {
			latest[f.Country] = f
		}
	}
	var out []Demand
	for _, c := range slices.Sorted(func(yield func(string) bool) {
		for k := range latest {
			if !yield(k) {
				return
			}
		}
	}) {
		f := latest[c]
		workers := float64(f.Workers)
		if !f.HasWorkers {
			workers = f.SharePct / 100 * float64(totals[f.Year])
		}
		if workers <= 0 {
			continue
		}
		for _, s := range refdata.SkillCategories() {
			out = append(out, Demand{Country: c, Category: s.Code, Workers: int(math.Round(workers * s.Share2024Pct / 100)),
				Source: fmt.Sprintf("BMET %d departures to %s (%.0f) x %.2f%% %s share of 2024 departures: an estimate",
					f.Year, f.Destination, workers, s.Share2024Pct, s.NameEN)})
		}
	}
	return out
}

// CheckDemand validates a study's figures as a whole and returns them
// sorted by country and category, sources trimmed.
func CheckDemand(ds []Demand) ([]Demand, error) {
	var v app.Validation
	if len(ds) > MaxDemandRows {
		v.Add("figures", "a study keeps at most 500 demand figures; remove some")
		return nil, v.Err()
	}
	seen := map[[2]string]bool{}
	out := make([]Demand, 0, len(ds))
	for i, d := range ds {
		d.Country = strings.ToUpper(strings.TrimSpace(d.Country))
		d.Category = strings.TrimSpace(d.Category)
		d.Source = strings.TrimSpace(d.Source)
		field := func(name string) string { return fmt.Sprintf("figures[%d].%s", i, name) }
		if !refdata.ValidCountry(d.Country) {
			v.Add(field("country"), "choose a destination country from the list")
		}
		if _, ok := refdata.Skill(d.Category); !ok {
			v.Add(field("category"), "choose a BMET skill category: professional, skilled, semi_skilled or less_skilled")
		}
		if d.Workers < 0 || d.Workers > MaxDemandWorkers {
			v.Add(field("workers"), "write a number of workers from 0 to 5,000,000")
		}
		if len([]rune(d.Source)) > 500 {
			v.Add(field("source"), "keep the source note under 500 characters")
		}
		k := [2]string{d.Country, d.Category}
		if seen[k] {
			v.Add(field("category"), "this country and category already have a figure; change that one instead")
		}
		seen[k] = true
		out = append(out, d)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Demand) int {
		return cmp.Or(strings.Compare(a.Country, b.Country), categoryOrder(a.Category)-categoryOrder(b.Category))
	})
	return out, nil
}

func categoryOrder(code string) int {
	for i, s := range refdata.SkillCategories() {
		if s.Code == code {
			return i
		}
	}
	return len(code) + 100
}
