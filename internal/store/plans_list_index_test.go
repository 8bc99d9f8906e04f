package store

import (
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
)

// TestPlanListUsesIndexes checks on SQLite that the managers' queue (the
// plans of one status, per organisation or across all of them) reads plans
// through an index and people, cases and users by key: the queue is on
// every manager's home page.
func TestPlanListUsesIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	actors := []app.Actor{{Role: app.RoleOrgManager, OrgID: "x"}, {Role: app.RoleProgrammeManager, OrgID: "iom"}}
	for _, a := range actors {
		for _, q := range []PlanQuery{{Status: programme.PlanSubmitted}, {Status: programme.PlanReturned, CreatedBy: "u"},
			{Status: programme.PlanSubmitted, OrgID: "y"}} {
			query, args, err := planListSQL(a, q)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
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
				// The organisations are a handful of rows: listing them is no walk.
				if strings.HasPrefix(step, "SCAN ") && !strings.HasPrefix(step, "SCAN organisations") {
					t.Errorf("%s listing %+v walks a table: %s\n%s", a.Role, q, step, strings.Join(plan, "\n"))
				}
			}
		}
	}
}
