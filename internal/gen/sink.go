package gen

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the "sqlite" driver, as the store uses it
)

// table is a batch of rows for one table.
type table struct {
	name string
	cols []string
	rows [][]any
}

func (t *table) add(vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("gen: %d values for the %d columns of %s", len(vals), len(t.cols), t.name))
	}
	t.rows = append(t.rows, vals)
}

// sink writes batches of rows in one transaction each: multi-row INSERTs
// on SQLite, COPY on PostgreSQL.
type sink interface {
	write(ctx context.Context, tables []*table) error
	exec(ctx context.Context, query string, args ...any) error
	queryInt(ctx context.Context, query string, args ...any) (int64, error)
	queryStrings(ctx context.Context, query string, args ...any) ([][2]string, error)
	close() error
}

// sqliteSink is a connection of its own to the store's file, tuned for a
// bulk load: no fsync after each batch, only at the end (a crash of the
// machine mid-run may lose the last batches; each batch is one
// transaction, so what remains is consistent), a large page cache.
type sqliteSink struct {
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func openSQLiteSink(ctx context.Context, path string) (*sqliteSink, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(30000)&_pragma=foreign_keys(0)&_time_format=sqlite" +
		"&_pragma=synchronous(OFF)&_pragma=cache_size(-400000)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &sqliteSink{db: db, stmts: map[string]*sql.Stmt{}}, nil
}

// SQLite takes at most 32,766 parameters in a statement.
const sqliteMaxParams = 32_000

func insertSQL(t *table, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(t.name)
	b.WriteString(" (")
	b.WriteString(strings.Join(t.cols, ", "))
	b.WriteString(") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

func (s *sqliteSink) write(ctx context.Context, tables []*table) error {
	// Full-size statements are prepared once, before the transaction takes
	// the only connection; the last, shorter chunk of a table is run as is.
	for _, t := range tables {
		per := rowsPerInsert(t)
		if len(t.rows) < per {
			continue
		}
		if _, ok := s.stmts[t.name]; !ok {
			st, err := s.db.PrepareContext(ctx, insertSQL(t, per))
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			s.stmts[t.name] = st
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range tables {
		per := rowsPerInsert(t)
		for start := 0; start < len(t.rows); start += per {
			chunk := t.rows[start:min(start+per, len(t.rows))]
			args := make([]any, 0, len(chunk)*len(t.cols))
			for _, r := range chunk {
				args = append(args, r...)
			}
			if len(chunk) == per {
				_, err = tx.StmtContext(ctx, s.stmts[t.name]).ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, insertSQL(t, len(chunk)), args...)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	return tx.Commit()
}

func rowsPerInsert(t *table) int { return max(1, min(500, sqliteMaxParams/len(t.cols))) }

func (s *sqliteSink) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.db.ExecContext(ctx, query, args...)
	return err
}

func (s *sqliteSink) queryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

func (s *sqliteSink) queryStrings(ctx context.Context, query string, args ...any) ([][2]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var a, b sql.NullString
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]string{a.String, b.String})
	}
	return out, rows.Err()
}

func (s *sqliteSink) close() error {
	for _, st := range s.stmts {
		st.Close()
	}
	// Fold the write-ahead log back into the database file and sync it.
	_, _ = s.db.Exec("PRAGMA synchronous(FULL)")
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return s.db.Close()
}

// pgSink is a pgx connection of its own, writing each table of a batch
// with COPY.
type pgSink struct{ conn *pgx.Conn }

func openPGSink(ctx context.Context, url string) (*pgSink, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	// Each batch is still one transaction; only its flush to disk is not
	// waited for (the server's own connections are unaffected).
	if _, err := conn.Exec(ctx, "SET synchronous_commit = off"); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	// A superuser can skip the foreign-key triggers for the load (gen
	// writes parents before children, and the tests check the references);
	// anyone else keeps them, which is only slower.
	if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
		conn.Close(ctx)
		if conn, err = pgx.Connect(ctx, url); err != nil {
			return nil, err
		}
		if _, err := conn.Exec(ctx, "SET synchronous_commit = off"); err != nil {
			conn.Close(ctx)
			return nil, err
		}
	}
	return &pgSink{conn: conn}, nil
}

func (s *pgSink) write(ctx context.Context, tables []*table) error {
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, t := range tables {
		if len(t.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return tx.Commit(ctx)
}

// pgRebind turns ? placeholders into $1, $2...
func pgRebind(q string) string {
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *pgSink) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.conn.Exec(ctx, pgRebind(query), args...)
	return err
}

func (s *pgSink) queryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.conn.QueryRow(ctx, pgRebind(query), args...).Scan(&n)
	return n, err
}

func (s *pgSink) queryStrings(ctx context.Context, query string, args ...any) ([][2]string, error) {
	rows, err := s.conn.Query(ctx, pgRebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var a, b *string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		var row [2]string
		if a != nil {
			row[0] = *a
		}
		if b != nil {
			row[1] = *b
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

func (s *pgSink) close() error { return s.conn.Close(context.Background()) }
