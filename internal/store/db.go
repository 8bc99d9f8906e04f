// Package store holds all of Remaker's SQL. One schema, two engines:
// embedded SQLite (the default: one office machine, no server to run) and
// PostgreSQL. Queries are written once with ? placeholders in portable SQL
// and rebound for PostgreSQL; where the engines differ, the difference is
// named here and nowhere else.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is Remaker's database. On SQLite, writes go through a single
// connection (SQLite allows one writer; queuing in Go is cheaper than
// retrying on SQLITE_BUSY) and reads through a pool of read-only
// connections, which WAL lets run alongside the writer.
type DB struct {
	w       *sql.DB
	r       *sql.DB
	dialect Dialect
	// path is the SQLite file, for backups.
	path string

	rebound sync.Map // query text -> rebound text, for PostgreSQL

	// visitMonths are the follow-up intervals used when none are given
	// (on plan approval); nil means followup.DefaultIntervals.
	visitMonths []int
}

// Dialect returns the engine in use.
func (db *DB) Dialect() Dialect { return db.dialect }

// Path returns the SQLite file path ("" on PostgreSQL).
func (db *DB) Path() string { return db.path }

// Open opens the database named by url: "" or "sqlite:" for data-dir/remaker.db,
// "sqlite:PATH" for a file, "postgres://..." or "postgresql://..." for PostgreSQL.
// It checks that the database answers but does not migrate.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	case url == "" || strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" {
			if dataDir == "" {
				return nil, errors.New("no data directory given: pass --data-dir DIR or set REMAKER_DATA_DIR")
			}
			if err := os.MkdirAll(dataDir, 0o700); err != nil {
				return nil, fmt.Errorf("cannot create data directory %s: %w", dataDir, err)
			}
			path = filepath.Join(dataDir, "remaker.db")
		}
		return openSQLite(ctx, path)
	default:
		return nil, fmt.Errorf("unknown database URL %q: use postgres://USER@HOST/DB or leave it empty for SQLite in the data directory", url)
	}
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// _txlock=immediate takes the write lock at BEGIN, so a transaction that
	// reads then writes cannot fail half-way with SQLITE_BUSY.
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot open SQLite database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{w: w, r: r, dialect: SQLite, path: path}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("cannot read the PostgreSQL address: %s", oneLine(err.Error()))
	}
	// JIT compilation costs seconds on the home page's counts and gains
	// nothing on Remaker's short queries (docs/BENCHMARKS.md); an address
	// that sets jit itself keeps its choice.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	db.SetMaxIdleConns(max(8, runtime.NumCPU()*4))
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot connect to PostgreSQL: %s", oneLine(err.Error()))
	}
	return &DB{w: db, r: db, dialect: Postgres}, nil
}

// oneLine folds a driver's multi-line message into one line for an
// operator's terminal or log.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		if e := db.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// PoolStats reports the connection pools, for /metrics.
func (db *DB) PoolStats() (writer, reader sql.DBStats) {
	return db.w.Stats(), db.r.Stats()
}

// q rebinds a query written with ? placeholders for the engine in use.
func (db *DB) q(query string) string {
	if db.dialect != Postgres {
		return query
	}
	if v, ok := db.rebound.Load(query); ok {
		return v.(string)
	}
	out := rebind(query)
	db.rebound.Store(query, out)
	return out
}

// rebind turns ? into $1, $2... outside string literals.
func rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a write transaction with the same rebinding helpers as DB.
type Tx struct {
	db *DB
	tx *sql.Tx
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.q(query), args...)
}
func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.q(query), args...)
}
func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.q(query), args...)
}

// read helpers go to the reader pool.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.r.QueryContext(ctx, db.q(query), args...)
}
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.r.QueryRowContext(ctx, db.q(query), args...)
}

// inTx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	if err := fn(&Tx{db: db, tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	return nil
}

// NewID returns a time-ordered UUIDv7, generated here rather than by the
// database so that records made offline or on another site merge cleanly.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// now is the store's clock: UTC, microsecond precision, so that both engines
// store and compare exactly the same instant.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// scanTime converts a nullable timestamp into a *time.Time in UTC.
func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// queryAll runs a read query and scans every row with scan.
func queryAll[T any](ctx context.Context, db *DB, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, dbError(err)
		}
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}
