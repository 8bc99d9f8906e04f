package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// APIToken is a personal access token for the JSON API. The token itself is
// shown once at creation; only its hash and a short prefix are kept.
type APIToken struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken stores a token for the acting user.
func (db *DB) CreateToken(ctx context.Context, a app.Actor, name, hash, prefix string) (APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return APIToken{}, &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"name": "give the token a name of up to 100 characters, saying what uses it"}}
	}
	if !a.SignedIn() || a.UserID == "" {
		return APIToken{}, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	t := APIToken{ID: NewID(), UserID: a.UserID, Name: name, Prefix: prefix, CreatedAt: now()}
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.UserID, t.Name, hash, t.Prefix, t.CreatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActTokenCreate, "api_token", t.ID, a.OrgID, map[string]any{"name": t.Name})
	})
	return t, err
}

// ListTokens returns the acting user's tokens, newest first.
func (db *DB) ListTokens(ctx context.Context, a app.Actor) ([]APIToken, error) {
	rows, err := db.query(ctx, `SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC`, a.UserID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, dbError(err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		t.LastUsedAt, t.RevokedAt = nullTime(used), nullTime(revoked)
		out = append(out, t)
	}
	return out, dbError(rows.Err())
}

// RevokeToken revokes one of the acting user's tokens; others' tokens are "not found".
func (db *DB) RevokeToken(ctx context.Context, a app.Actor, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", now(), id, a.UserID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("token")
		}
		return tx.audit(ctx, a, ActTokenRevoke, "api_token", id, a.OrgID, nil)
	})
}

// TokenUser returns the user owning a live token and marks the token used.
func (db *DB) TokenUser(ctx context.Context, hash string) (User, error) {
	var id, userID string
	var used sql.NullTime
	err := db.queryRow(ctx, "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", hash).Scan(&id, &userID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, app.Errorf(app.EUNAUTHORIZED, "the API token is unknown or revoked")
	}
	if err != nil {
		return User{}, dbError(err)
	}
	// Last use is kept to the minute: enough to spot stale tokens, without a
	// write on every request.
	t := now()
	if !used.Valid || t.Sub(used.Time) > time.Minute {
		if err := db.inTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", t, id)
			return dbError(err)
		}); err != nil {
			return User{}, err
		}
	}
	return db.UserForAuth(ctx, userID)
}
