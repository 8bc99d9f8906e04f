package store

import "context"

// TamperCommunityExpenseForTest tries to edit and to delete a community
// expense with plain SQL, which the database must refuse both times.
func (db *DB) TamperCommunityExpenseForTest(ctx context.Context, id string) (updateErr, deleteErr error) {
	_, updateErr = db.w.ExecContext(ctx, db.q("UPDATE community_expenses SET amount_minor = amount_minor + 1 WHERE id = ?"), id)
	_, deleteErr = db.w.ExecContext(ctx, db.q("DELETE FROM community_expenses WHERE id = ?"), id)
	return updateErr, deleteErr
}
