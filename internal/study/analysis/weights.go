package analysis

import (
	"github.com/remaker-bd/remaker/internal/refdata"
)

// PopulationFunc returns the population of a weighting cell (district
// P-code, ethnic group code); ok is false when there is no figure.
type PopulationFunc func(district, group string) (float64, bool)

// CensusPopulation estimates a cell's population as the district's 2011
// census population times the group's share of the CHT population (2022
// census); see the package documentation.
func CensusPopulation(district, group string) (float64, bool) {
	if district == "" || group == "" {
		return 0, false
	}
	p, ok := refdata.Population2011(district)
	if !ok || p.Total <= 0 {
		return 0, false
	}
	g, ok := refdata.EthnicGroup(group)
	if !ok || g.CHTSharePct <= 0 {
		return 0, false
	}
	return float64(p.Total) * g.CHTSharePct / 100, true
}

// cellKey is a weighting cell.
type cellKey struct{ district, group string }

// PostStratify returns each respondent's weight: the cell's population
// share over its sample share (see the package documentation). cells[i]
// is respondent i's (district, group). Respondents in cells without a
// population figure weigh 1.
func PostStratify(cells [][2]string, pop PopulationFunc) []float64 {
	n := len(cells)
	w := make([]float64, n)
	count := map[cellKey]int{}
	popOf := map[cellKey]float64{}
	known := 0
	var popSum float64
	for _, c := range cells {
		k := cellKey{c[0], c[1]}
		count[k]++
		if _, seen := popOf[k]; seen {
			if popOf[k] > 0 {
				known++
			}
			continue
		}
		p, ok := pop(k.district, k.group)
		if !ok || p <= 0 {
			p = 0
		}
		popOf[k] = p
		popSum += p
		if p > 0 {
			known++
		}
	}
	for i, c := range cells {
		k := cellKey{c[0], c[1]}
		p := popOf[k]
		if p <= 0 || popSum <= 0 {
			w[i] = 1
			continue
		}
		// The known cells share known/n of the sample; their population
		// shares are rescaled to the same total, so weights average 1.
		popShare := p / popSum * float64(known) / float64(n)
		sampleShare := float64(count[k]) / float64(n)
		w[i] = popShare / sampleShare
	}
	return w
}
