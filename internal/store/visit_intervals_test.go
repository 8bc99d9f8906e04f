package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestVisitIntervalsConfigurable checks that a deployment's own intervals
// replace 3, 6 and 12 months wherever none are given, and that nonsense is
// refused before it is used.
func TestVisitIntervalsConfigurable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		if err := db.SetVisitIntervals([]int{0, 2}); app.ErrorFields(err)["months"] == "" {
			t.Errorf("an interval of 0 months: %v", err)
		}
		if err := db.SetVisitIntervals([]int{2, 4}); err != nil {
			t.Fatal(err)
		}
		from := refToday()
		added, err := db.ScheduleVisits(ctx, f.bnskCW.Actor(), f.kase.ID, from, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := visitDates([]followup.Visit{{DueOn: followup.AddMonths(from, 2)}, {DueOn: followup.AddMonths(from, 4)}})
		if got := visitDates(added); got != want {
			t.Errorf("scheduled %s, want %s", got, want)
		}
	})
}
