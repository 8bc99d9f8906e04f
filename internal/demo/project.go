package demo

import (
	"time"

	"github.com/remaker-bd/remaker/internal/store"
)

// Project is the REMA(K)ER project as IOM publishes it
// (iom.int/project/remaker-returning-migrants-achieve-economic-resilience-and-social-cohesion-within-their-communities):
// project ID LM.0379, Prima ID BD10P0501, Labour Migration, 2019-2023,
// USD 200,000 from the IOM Development Fund, Asia and Oceania, national
// coverage, benefiting Bangladesh. IOM gives the years only: the dates are
// the first and last days of them.
//
// The real project is completed. The demo keeps it active, as though it
// had been extended, because cases open only in active projects and the
// demo's caseload runs to the present day.
func Project(partnerIDs []string) store.Project {
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	return store.Project{
		Code:         "LM.0379",
		Title:        "REMA(K)ER: Returning Migrants Achieve Economic Resilience and Social Cohesion within their Communities",
		PrimaID:      "BD10P0501",
		Type:         "Labour Migration",
		StartDate:    &start,
		EndDate:      &end,
		Status:       "active",
		BudgetMinor:  200_000 * 100,
		Currency:     "USD",
		Fund:         "IOM Development Fund",
		Region:       "Asia and Oceania",
		Coverage:     "National",
		MemberStates: "Bangladesh",
		PartnerIDs:   partnerIDs,
	}
}
