package store

import "context"

// TamperAuditForTest tries to rewrite history, which the database must refuse.
func (db *DB) TamperAuditForTest(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, "UPDATE audit_log SET actor_name = 'nobody'")
	if err != nil {
		return err
	}
	_, err = db.w.ExecContext(ctx, "DELETE FROM audit_log")
	return err
}

// InTxForTest runs fn in one write transaction, for tests and benchmarks
// that fill the register quickly.
func (db *DB) InTxForTest(ctx context.Context, fn func(tx *Tx) error) error { return db.inTx(ctx, fn) }

// SettingForTest reads a PostgreSQL run-time setting of a connection.
func (db *DB) SettingForTest(ctx context.Context, name string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, "SELECT current_setting($1)", name).Scan(&v)
	return v, err
}
