package casework

import (
	"sort"

	"github.com/remaker-bd/remaker/internal/app"
)

// Screening indicators and their weights. A higher total means more
// vulnerable. Exploitation or trafficking indicators always make a case
// high priority, whatever the total: they call for protection first.
var Indicators = []struct {
	Code   string
	Weight int
}{
	{"woman_headed_household", 2},
	{"disability", 2},
	{"serious_illness", 2},
	{"debt_above_threshold", 2},
	{"exploitation_or_trafficking", 3},
	{"signs_of_distress", 2},
	{"children_out_of_school", 1},
	{"no_income", 2},
}

// Priority levels.
const (
	PriorityHigh   = "high"
	PriorityMedium = "medium"
	PriorityLow    = "low"
)

// Priorities lists the levels from most to least urgent.
var Priorities = []string{PriorityHigh, PriorityMedium, PriorityLow}

// DebtThresholdMinor is the debt (in paisa) above which the debt indicator
// applies when a debt amount is given: BDT 100,000, about the median
// migration cost reported by returnee surveys.
const DebtThresholdMinor int64 = 100_000 * 100

// Screen scores a set of indicators. debtMinor, when given, sets the debt
// indicator by the threshold.
func Screen(indicators []string, debtMinor *int64) (score int, priority string, normalized []string, err error) {
	set := map[string]bool{}
	var v app.Validation
	for _, code := range indicators {
		if !isIndicator(code) {
			v.Add("indicators", "choose indicators from the list")
			continue
		}
		set[code] = true
	}
	if debtMinor != nil {
		if *debtMinor < 0 {
			v.Add("debt_minor", "debt cannot be negative")
		}
		set["debt_above_threshold"] = *debtMinor > DebtThresholdMinor
	}
	if err := v.Err(); err != nil {
		return 0, "", nil, err
	}
	for _, in := range Indicators {
		if set[in.Code] {
			score += in.Weight
			normalized = append(normalized, in.Code)
		}
	}
	sort.Strings(normalized)
	switch {
	case set["exploitation_or_trafficking"] || score >= 6:
		priority = PriorityHigh
	case score >= 3:
		priority = PriorityMedium
	default:
		priority = PriorityLow
	}
	return score, priority, normalized, nil
}

func isIndicator(code string) bool {
	for _, in := range Indicators {
		if in.Code == code {
			return true
		}
	}
	return false
}
