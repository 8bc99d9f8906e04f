package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
)

// Each engine has its own folder of migrations with the same version
// numbers: NNNN_name.sql. A test checks the two folders stay in step.
//
//go:embed migrations
var migrationFiles embed.FS

// Migration is one schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations for a dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_name.sql", dir, name)
		}
		body, err := migrationFiles.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: rest, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations for %s: expected version %d, found %d", d, i+1, m.Version)
		}
	}
	return out, nil
}

// LatestVersion is the newest schema this binary knows.
func LatestVersion(d Dialect) int {
	ms, err := Migrations(d)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// ErrSchemaTooNew is returned when the database was migrated by a newer
// Remaker. Starting anyway could corrupt data the newer version relies on.
var ErrSchemaTooNew = errors.New("database schema is newer than this remaker binary")

// SchemaVersion returns the version the database is at (0 when empty).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	if err := db.ensureMigrationTable(ctx); err != nil {
		return 0, err
	}
	var v int
	err := db.w.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

func (db *DB) ensureMigrationTable(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`)
	return err
}

// Migrate brings the schema up to date and returns the versions it applied.
// Each migration runs in its own transaction together with its bookkeeping
// row, so a failure leaves the database at the previous version.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations(db.dialect)
	if err != nil {
		return nil, err
	}
	if err := db.ensureMigrationTable(ctx); err != nil {
		return nil, fmt.Errorf("cannot create the migrations table: %w", err)
	}
	var applied []int
	for _, m := range ms {
		done := false
		err := db.inTx(ctx, func(tx *Tx) error {
			if db.dialect == Postgres {
				// Two servers starting at once must not both migrate.
				if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(7321001)"); err != nil {
					return err
				}
			}
			var current int
			if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
				return err
			}
			if current > ms[len(ms)-1].Version {
				return fmt.Errorf("%w: the database is at version %d, this binary knows up to %d; run the newer remaker or restore a backup", ErrSchemaTooNew, current, ms[len(ms)-1].Version)
			}
			if current >= m.Version {
				return nil
			}
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s failed: %w", m.Version, m.Name, err)
			}
			if _, err := tx.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.Version, m.Name, now()); err != nil {
				return err
			}
			done = true
			return nil
		})
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.Version)
		}
	}
	return applied, nil
}

// CheckSchema refuses a database whose schema is newer than the binary, or
// not yet migrated. Used by commands that must not migrate on their own.
func (db *DB) CheckSchema(ctx context.Context) error {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	latest := LatestVersion(db.dialect)
	if v > latest {
		return fmt.Errorf("%w: the database is at version %d, this binary knows up to %d; run the newer remaker or restore a backup", ErrSchemaTooNew, v, latest)
	}
	if v < latest {
		return fmt.Errorf("the database is at schema version %d but this binary needs %d: run `remaker migrate`", v, latest)
	}
	return nil
}

// dbError turns driver errors into domain errors where they mean something
// to the user, and wraps the rest as internal.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &app.Error{Code: app.EUNAVAILABLE, Message: "the request took too long or was cancelled", Err: err}
	}
	return app.Internal(err)
}

// ForceSchemaVersion records version v as applied without running anything.
// It exists for tests of what an older binary does with a newer database.
func (db *DB) ForceSchemaVersion(ctx context.Context, v int) error {
	_, err := db.w.ExecContext(ctx, db.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'forced', ?)"), v, now())
	return err
}
