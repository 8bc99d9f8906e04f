package store

import (
	"context"
	"time"
)

// BackdateReferralForTest moves a referral's due date, so that a test can
// see it become overdue without waiting for the calendar.
func (db *DB) BackdateReferralForTest(ctx context.Context, id string, due time.Time) error {
	_, err := db.w.ExecContext(ctx, db.q("UPDATE referrals SET due_on = ? WHERE id = ?"), dateOnly(due), id)
	return err
}
