package store

import (
	"context"

	"github.com/remaker-bd/remaker/internal/app"
)

// The JSON API's view of users. Viewers and enumerators never receive
// another person's details (app.Actor.SeesPersonalData), so through the API
// their view of users is their own record only; every other role keeps the
// organisation scope of UserByID and ListUsers.

// ownRecordOnly reports whether a may read no user but themselves.
func ownRecordOnly(a app.Actor) bool {
	return a.SignedIn() && !a.SeesPersonalData()
}

// UserInView returns a user a may read through the API; any other user is
// "not found", exactly like an unknown ID.
func (db *DB) UserInView(ctx context.Context, a app.Actor, id string) (User, error) {
	if ownRecordOnly(a) && id != a.UserID {
		return User{}, app.NotFound("user")
	}
	return db.UserByID(ctx, a, id)
}

// ListUsersInView returns the users a may read through the API, filtered
// by f, ordered like ListUsers.
func (db *DB) ListUsersInView(ctx context.Context, a app.Actor, f UserFilter) ([]User, error) {
	if !ownRecordOnly(a) {
		return db.ListUsers(ctx, a, f)
	}
	q := "SELECT " + userColumns + userFrom + " WHERE u.id = ?"
	args := []any{a.UserID}
	if f.OrgID != "" {
		q += " AND u.org_id = ?"
		args = append(args, f.OrgID)
	}
	if f.Role != "" {
		q += " AND u.role = ?"
		args = append(args, string(f.Role))
	}
	if !f.IncludeDisabled {
		q += " AND u.disabled_at IS NULL"
	}
	return queryAll(ctx, db, scanUser, q, args...)
}
