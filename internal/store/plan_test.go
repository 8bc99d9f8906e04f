package store

import (
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// TestSearchPlansUseIndexes checks on SQLite that searching never walks a
// whole table: at a million persons a scan is the difference between
// milliseconds and seconds, and no functional test would notice.
func TestSearchPlansUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	actors := []app.Actor{{Role: app.RoleCaseWorker, OrgID: "x"}, {Role: app.RoleProgrammeManager, OrgID: "iom"}}
	for _, a := range actors {
		for _, text := range []string{"md rahim", "রোকেয়া খাতুন", "01711234567", "1990123456789", "mst rokeya beg"} {
			q, args, err := personSearchSQL(a, PersonQuery{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
			for _, step := range plan {
				// "SCAN m" reads the matches just found; anything else scanned is a table walk.
				if strings.HasPrefix(step, "SCAN ") && step != "SCAN m" {
					t.Errorf("%s searching %q walks a table: %s\n%s", a.Role, text, step, strings.Join(plan, "\n"))
				}
				// People are read by key once found, not walked in name order.
				if strings.HasPrefix(step, "SEARCH p ") && !strings.Contains(step, "(id=?)") {
					t.Errorf("%s searching %q walks the register: %s\n%s", a.Role, text, step, strings.Join(plan, "\n"))
				}
			}
		}
	}
}
