package servertest

import (
	"context"
	"database/sql"
	"os"
	"time"

	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// ReferralSetDue moves a referral's due date, so that a test sees it
// become overdue without waiting for the calendar (the store takes no
// date in the past). It writes to the test database directly: on
// PostgreSQL it finds the test's schema by the referral's ID, which is
// unique across every schema.
func (e *Env) ReferralSetDue(id string, due time.Time) {
	e.T.Helper()
	ctx := context.Background()
	due = time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
	var n int64
	switch e.DB.Dialect() {
	case store.SQLite:
		db, err := sql.Open("sqlite", "file:"+e.DB.Path()+"?_pragma=busy_timeout(10000)&_time_format=sqlite")
		if err != nil {
			e.T.Fatal(err)
		}
		defer db.Close()
		res, err := db.ExecContext(ctx, "UPDATE referrals SET due_on = ? WHERE id = ?", due, id)
		if err != nil {
			e.T.Fatal(err)
		}
		n, _ = res.RowsAffected()
	default:
		db, err := sql.Open("pgx", os.Getenv(testdb.EnvPostgres))
		if err != nil {
			e.T.Fatal(err)
		}
		defer db.Close()
		rows, err := db.QueryContext(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = 'referrals'`)
		if err != nil {
			e.T.Fatal(err)
		}
		var schemas []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				e.T.Fatal(err)
			}
			schemas = append(schemas, s)
		}
		rows.Close()
		for _, s := range schemas {
			// Other tests' schemas come and go meanwhile: only the one
			// holding the referral matters.
			if res, err := db.ExecContext(ctx, `UPDATE "`+s+`".referrals SET due_on = $1 WHERE id = $2`, due, id); err == nil {
				k, _ := res.RowsAffected()
				n += k
			}
		}
	}
	if n != 1 {
		e.T.Fatalf("moving the due date of referral %s changed %d rows", id, n)
	}
}
