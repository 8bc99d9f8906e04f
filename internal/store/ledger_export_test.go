package store

import "context"

// TamperLedgerForTest tries to edit and to delete a ledger entry with plain
// SQL, which the database must refuse both times.
func (db *DB) TamperLedgerForTest(ctx context.Context, id string) (updateErr, deleteErr error) {
	_, updateErr = db.w.ExecContext(ctx, db.q("UPDATE ledger_entries SET amount_minor = amount_minor + 1 WHERE id = ?"), id)
	_, deleteErr = db.w.ExecContext(ctx, db.q("DELETE FROM ledger_entries WHERE id = ?"), id)
	return updateErr, deleteErr
}
