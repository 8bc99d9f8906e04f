// Package testdb gives tests a fresh, migrated database on every engine
// Remaker supports: SQLite always, PostgreSQL when REMAKER_TEST_POSTGRES
// holds a connection URL (CI sets it). Each test gets its own SQLite file or
// its own PostgreSQL schema, dropped afterwards.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL URL for tests.
const EnvPostgres = "REMAKER_TEST_POSTGRES"

// Engines lists the engines available to this test run.
func Engines() []store.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []store.Dialect{store.SQLite, store.Postgres}
	}
	return []store.Dialect{store.SQLite}
}

// Each runs fn as a subtest on every available engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Engines() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of dialect d, closed when the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	db := OpenEmpty(t, d)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// OpenEmpty returns a fresh database of dialect d without migrating it.
func OpenEmpty(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	ctx := context.Background()
	if d == store.SQLite {
		db, err := store.Open(ctx, "", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	u := URLWithSchema(t)
	db, err := store.Open(ctx, u, "")
	if err != nil {
		t.Fatalf("open PostgreSQL test schema: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// URLWithSchema creates a new schema on the test PostgreSQL server and
// returns a URL whose search_path points at it. The schema is dropped when
// the test ends.
func URLWithSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("cannot create a test schema on %s (is PostgreSQL running?): %v", base, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}
