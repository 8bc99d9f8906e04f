package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored,
// so a copy of the database does not hand out live sessions.
type Session struct {
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	ClientIP   string
	UserAgent  string
}

// CreateSession stores a new session and records the sign-in.
func (db *DB) CreateSession(ctx context.Context, a app.Actor, s Session) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, client_ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC(), s.ClientIP, truncate(s.UserAgent, 300)); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, "UPDATE users SET last_sign_in_at = ? WHERE id = ?", s.CreatedAt.UTC(), s.UserID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActSignIn, "user", s.UserID, a.OrgID, map[string]any{"user_agent": truncate(s.UserAgent, 120)})
	})
}

// SessionByHash returns a session and its user.
func (db *DB) SessionByHash(ctx context.Context, hash string) (Session, User, error) {
	var s Session
	row := db.queryRow(ctx, `SELECT token_hash, user_id, created_at, last_seen_at, expires_at, client_ip, user_agent
		FROM sessions WHERE token_hash = ?`, hash)
	err := row.Scan(&s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.ClientIP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return s, User{}, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	if err != nil {
		return s, User{}, dbError(err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	u, err := db.UserForAuth(ctx, s.UserID)
	return s, u, err
}

// TouchSession records activity, pushing back the idle expiry.
func (db *DB) TouchSession(ctx context.Context, hash string, at time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", at.UTC(), hash)
		return dbError(err)
	})
}

// DeleteSession ends one session (sign out).
func (db *DB) DeleteSession(ctx context.Context, a app.Actor, hash string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hash); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActSignOut, "user", a.UserID, a.OrgID, nil)
	})
}

// DeleteUserSessions ends every session of the acting user (sign out everywhere).
func (db *DB) DeleteUserSessions(ctx context.Context, a app.Actor) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", a.UserID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActSignOutAll, "user", a.UserID, a.OrgID, nil)
	})
}

// CountSessions counts a user's live sessions.
func (db *DB) CountSessions(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.queryRow(ctx, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", userID).Scan(&n)
	return n, dbError(err)
}

// DeleteExpiredSessions removes sessions past their absolute expiry or idle
// for longer than idle, and sign-in failures older than keepFailures.
func (db *DB) DeleteExpiredSessions(ctx context.Context, at time.Time, idle, keepFailures time.Duration) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?", at.UTC(), at.Add(-idle).UTC()); err != nil {
			return dbError(err)
		}
		_, err := tx.exec(ctx, "DELETE FROM signin_failures WHERE at < ?", at.Add(-keepFailures).UTC())
		return dbError(err)
	})
}

// RecordSignInFailure notes a failed sign-in for throttling and audits it.
// The username is recorded as typed; it may not exist.
func (db *DB) RecordSignInFailure(ctx context.Context, a app.Actor, usernameKey, ip string, at time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "INSERT INTO signin_failures (username_key, client_ip, at) VALUES (?, ?, ?)", truncate(usernameKey, 80), ip, at.UTC()); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActSignInFailed, "user", a.UserID, a.OrgID, map[string]any{"username": truncate(usernameKey, 80)})
	})
}

// SignInFailures counts failures since a time for a username and for an address.
func (db *DB) SignInFailures(ctx context.Context, usernameKey, ip string, since time.Time) (byUser, byIP int, err error) {
	err = db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM signin_failures WHERE username_key = ? AND at >= ?),
		(SELECT COUNT(*) FROM signin_failures WHERE client_ip = ? AND at >= ?)`,
		usernameKey, since.UTC(), ip, since.UTC()).Scan(&byUser, &byIP)
	return byUser, byIP, dbError(err)
}

// ClearSignInFailures forgets a username's failures after a good sign-in.
func (db *DB) ClearSignInFailures(ctx context.Context, usernameKey string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM signin_failures WHERE username_key = ?", usernameKey)
		return dbError(err)
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary so Bangla text stays valid UTF-8.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
