package store

import "context"

// ForceSchemaVersionForTest pretends a newer binary migrated the database.
func (db *DB) ForceSchemaVersionForTest(ctx context.Context, v int) error {
	_, err := db.w.ExecContext(ctx, db.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', ?)"), v, now())
	return err
}

// TamperAuditForTest tries to rewrite history, which the database must refuse.
func (db *DB) TamperAuditForTest(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, "UPDATE audit_log SET actor_name = 'nobody'")
	if err != nil {
		return err
	}
	_, err = db.w.ExecContext(ctx, "DELETE FROM audit_log")
	return err
}
