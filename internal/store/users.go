package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
)

// User is a person who signs in to Remaker.
type User struct {
	ID                string     `json:"id"`
	OrgID             string     `json:"org_id"`
	OrgCode           string     `json:"org_code"`
	Username          string     `json:"username"`
	FullName          string     `json:"full_name"`
	Role              app.Role   `json:"role"`
	Lang              string     `json:"lang"`
	PasswordHash      string     `json:"-"`
	PasswordChangedAt time.Time  `json:"password_changed_at"`
	DisabledAt        *time.Time `json:"disabled_at,omitempty"`
	LastSignInAt      *time.Time `json:"last_sign_in_at,omitempty"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	Version           int        `json:"version"`
}

// Disabled reports whether the account is disabled.
func (u User) Disabled() bool { return u.DisabledAt != nil }

// Actor returns the actor for requests made by u.
func (u User) Actor() app.Actor {
	return app.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, Role: u.Role}
}

// Languages the interface speaks.
var Languages = []string{"bn", "en"}

var usernameRe = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,39}$`)

// UsernameKey is the case-folded form under which usernames are unique.
func UsernameKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

// NewUser is what it takes to create a user; the password arrives hashed.
type NewUser struct {
	OrgID        string
	Username     string
	FullName     string
	Role         app.Role
	Lang         string
	PasswordHash string
}

// Validate checks the fields and normalises them in place.
func (n *NewUser) Validate() error {
	var v app.Validation
	n.Username = strings.TrimSpace(n.Username)
	n.FullName = strings.TrimSpace(n.FullName)
	if !usernameRe.MatchString(n.Username) {
		v.Add("username", "use 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit")
	}
	if utf8.RuneCountInString(n.FullName) > 200 {
		v.Add("full_name", "keep the name under 200 characters")
	}
	if !n.Role.Valid() {
		v.Add("role", "choose a role")
	}
	if n.Lang == "" {
		n.Lang = "bn"
	}
	if !oneOf(n.Lang, Languages) {
		v.Add("lang", "choose Bangla (bn) or English (en)")
	}
	if n.OrgID == "" {
		v.Add("org_id", "choose the user's organisation")
	}
	if n.PasswordHash == "" {
		v.Add("password", "enter a password")
	}
	return v.Err()
}

// canManage reports whether a may create or change users of org with role.
func canManage(a app.Actor, orgID string, role app.Role) bool {
	if a.Role == app.RoleAdmin {
		return true
	}
	return a.Role == app.RoleOrgManager && a.OrgID == orgID && a.CanGrant(role)
}

// CreateUser adds a user. Administrators may add anyone; organisation
// managers only users of their own organisation and below their level.
func (db *DB) CreateUser(ctx context.Context, a app.Actor, n NewUser) (User, error) {
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	if !canManage(a, n.OrgID, n.Role) {
		return User{}, app.Errorf(app.EFORBIDDEN, "you cannot add a user with this role to this organisation")
	}
	t := now()
	u := User{ID: NewID(), OrgID: n.OrgID, Username: n.Username, FullName: n.FullName, Role: n.Role, Lang: n.Lang,
		PasswordHash: n.PasswordHash, PasswordChangedAt: t, CreatedAt: t, UpdatedAt: t, Version: 1}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, "SELECT code FROM organisations WHERE id = ?", n.OrgID).Scan(&u.OrgCode); errors.Is(err, sql.ErrNoRows) {
			return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
				Fields: map[string]string{"org_id": "no such organisation"}}
		} else if err != nil {
			return dbError(err)
		}
		_, err := tx.exec(ctx, `INSERT INTO users (id, org_id, username, username_key, full_name, role, lang, password_hash,
			password_changed_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			u.ID, u.OrgID, u.Username, UsernameKey(u.Username), u.FullName, string(u.Role), u.Lang, u.PasswordHash, t, t, t)
		if isUniqueViolation(err) {
			return &app.Error{Code: app.ECONFLICT, Message: "this username is taken",
				Fields: map[string]string{"username": "this username is already taken: choose another"}}
		}
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "user", u.ID, u.OrgID, map[string]any{"username": u.Username, "role": u.Role, "org": u.OrgCode})
	})
	return u, err
}

const userColumns = `u.id, u.org_id, o.code, u.username, u.full_name, u.role, u.lang, u.password_hash, u.password_changed_at,
	u.disabled_at, u.last_sign_in_at, u.created_at, u.updated_at, u.version`
const userFrom = " FROM users u JOIN organisations o ON o.id = u.org_id"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var disabled, lastSignIn sql.NullTime
	err := row.Scan(&u.ID, &u.OrgID, &u.OrgCode, &u.Username, &u.FullName, &role, &u.Lang, &u.PasswordHash,
		&u.PasswordChangedAt, &disabled, &lastSignIn, &u.CreatedAt, &u.UpdatedAt, &u.Version)
	u.Role = app.Role(role)
	u.DisabledAt, u.LastSignInAt = nullTime(disabled), nullTime(lastSignIn)
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = u.PasswordChangedAt.UTC(), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// userScope is the organisation restriction for reading users: roles that
// span organisations see all, everyone else their own organisation.
func userScope(a app.Actor) (string, []any) {
	if a.AllOrgs() {
		return "", nil
	}
	return " AND u.org_id = ?", []any{a.OrgID}
}

// UserByID returns a user within a's scope; outside it, "not found".
func (db *DB) UserByID(ctx context.Context, a app.Actor, id string) (User, error) {
	if !a.SignedIn() {
		return User{}, app.NotFound("user")
	}
	scope, args := userScope(a)
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.id = ?"+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, app.NotFound("user")
	}
	return u, dbError(err)
}

// UserForAuth looks a user up by ID without scoping, for authentication only.
func (db *DB) UserForAuth(ctx context.Context, id string) (User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, app.NotFound("user")
	}
	return u, dbError(err)
}

// UserByUsername looks a user up by name without scoping, for sign-in and
// the command line only.
func (db *DB) UserByUsername(ctx context.Context, username string) (User, error) {
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.username_key = ?", UsernameKey(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, app.NotFound("user")
	}
	return u, dbError(err)
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	OrgID           string
	Role            app.Role
	IncludeDisabled bool
}

// ListUsers returns users in a's scope, ordered by organisation and username.
func (db *DB) ListUsers(ctx context.Context, a app.Actor, f UserFilter) ([]User, error) {
	if !a.SignedIn() {
		return nil, nil
	}
	scope, args := userScope(a)
	q := "SELECT " + userColumns + userFrom + " WHERE 1=1" + scope
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
	q += " ORDER BY o.code, u.username_key"
	return queryAll(ctx, db, scanUser, q, args...)
}

// UserUpdate changes a user's name, role or language. Version must match
// the stored one: a stale edit is a conflict, never a silent overwrite.
type UserUpdate struct {
	FullName string
	Role     app.Role
	Lang     string
	Version  int
}

// UpdateUser changes a user's profile.
func (db *DB) UpdateUser(ctx context.Context, a app.Actor, id string, up UserUpdate) (User, error) {
	var u User
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		u, err = db.userInTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		self := a.UserID == u.ID
		if !self && !canManage(a, u.OrgID, u.Role) {
			return app.NotFoundOrForbidden(a.AllOrgs() || a.OrgID == u.OrgID, "user")
		}
		if up.Role != u.Role && (self || !canManage(a, u.OrgID, up.Role)) {
			return &app.Error{Code: app.EFORBIDDEN, Message: "you cannot give this role",
				Fields: map[string]string{"role": "you cannot give this role"}}
		}
		var v app.Validation
		up.FullName = strings.TrimSpace(up.FullName)
		if utf8.RuneCountInString(up.FullName) > 200 {
			v.Add("full_name", "keep the name under 200 characters")
		}
		if !up.Role.Valid() {
			v.Add("role", "choose a role")
		}
		if !oneOf(up.Lang, Languages) {
			v.Add("lang", "choose Bangla (bn) or English (en)")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if up.Version != u.Version {
			return app.Errorf(app.ECONFLICT, "someone else changed this user since you opened it; reload to see their changes")
		}
		changes := Change{}
		if up.FullName != u.FullName {
			changes["full_name"] = [2]any{u.FullName, up.FullName}
		}
		if up.Role != u.Role {
			changes["role"] = [2]any{u.Role, up.Role}
		}
		if up.Lang != u.Lang {
			changes["lang"] = [2]any{u.Lang, up.Lang}
		}
		if len(changes) == 0 {
			return nil
		}
		roleChanged := up.Role != u.Role
		t := now()
		res, err := tx.exec(ctx, `UPDATE users SET full_name = ?, role = ?, lang = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, up.FullName, string(up.Role), up.Lang, t, u.ID, u.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return app.Errorf(app.ECONFLICT, "someone else changed this user since you opened it; reload to see their changes")
		}
		u.FullName, u.Role, u.Lang, u.UpdatedAt, u.Version = up.FullName, up.Role, up.Lang, t, u.Version+1
		if roleChanged {
			// A role change takes effect at once: end the user's sessions.
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
				return dbError(err)
			}
		}
		return tx.audit(ctx, a, ActUpdate, "user", u.ID, u.OrgID, changes)
	})
	return u, err
}

func (db *DB) userInTx(ctx context.Context, tx *Tx, a app.Actor, id string) (User, error) {
	scope, args := userScope(a)
	u, err := scanUser(tx.queryRow(ctx, "SELECT "+userColumns+userFrom+" WHERE u.id = ?"+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, app.NotFound("user")
	}
	return u, dbError(err)
}

// SetLang remembers a user's interface language.
func (db *DB) SetLang(ctx context.Context, userID, lang string) error {
	if !oneOf(lang, Languages) {
		return &app.Error{Code: app.EINVALID, Message: "unknown language", Fields: map[string]string{"lang": "choose bn or en"}}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE users SET lang = ? WHERE id = ?", lang, userID)
		return dbError(err)
	})
}

// SetPassword stores a new password hash. A user may change their own; an
// administrator or their organisation's manager may reset it. Every session
// of the user ends except keepSession (the one that made the change).
func (db *DB) SetPassword(ctx context.Context, a app.Actor, id, hash, keepSession string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := db.userInTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if a.UserID != u.ID && !canManage(a, u.OrgID, u.Role) {
			return app.NotFoundOrForbidden(a.AllOrgs() || a.OrgID == u.OrgID, "user")
		}
		t := now()
		if _, err := tx.exec(ctx, "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?", hash, t, t, u.ID); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", u.ID, keepSession); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActPassword, "user", u.ID, u.OrgID, nil)
	})
}

// SetDisabled disables or enables a user. Disabling ends every session and
// revokes nothing else: API tokens stop working because their owner is disabled.
func (db *DB) SetDisabled(ctx context.Context, a app.Actor, id string, disabled bool) error {
	return db.inTx(ctx, func(tx *Tx) error {
		u, err := db.userInTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !canManage(a, u.OrgID, u.Role) {
			return app.NotFoundOrForbidden(a.AllOrgs() || a.OrgID == u.OrgID, "user")
		}
		if a.UserID == u.ID && disabled {
			return app.Errorf(app.EINVALID, "you cannot disable your own account")
		}
		t := now()
		action := ActEnable
		var at any
		if disabled {
			action, at = ActDisable, t
			if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
				return dbError(err)
			}
		}
		if _, err := tx.exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ?, version = version + 1 WHERE id = ?", at, t, u.ID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, action, "user", u.ID, u.OrgID, nil)
	})
}

// CountUsers returns how many users exist (to tell a fresh install).
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, dbError(err)
}

// OrgUserCount is how many active users an organisation has, by role.
type OrgUserCount struct {
	Org    Organisation
	ByRole map[app.Role]int
	Total  int
}

// UserCountsByOrg returns active user counts per organisation in a's scope.
// Counts name no one, so every role may see them.
func (db *DB) UserCountsByOrg(ctx context.Context, a app.Actor) ([]OrgUserCount, error) {
	orgs, err := db.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	q := "SELECT org_id, role, COUNT(*) FROM users WHERE disabled_at IS NULL"
	var args []any
	if !a.AllOrgs() && a.Role != app.RoleViewer {
		q += " AND org_id = ?"
		args = append(args, a.OrgID)
	}
	rows, err := db.query(ctx, q+" GROUP BY org_id, role", args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	counts := map[string]map[app.Role]int{}
	for rows.Next() {
		var org, role string
		var n int
		if err := rows.Scan(&org, &role, &n); err != nil {
			return nil, dbError(err)
		}
		if counts[org] == nil {
			counts[org] = map[app.Role]int{}
		}
		counts[org][app.Role(role)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	var out []OrgUserCount
	for _, o := range orgs {
		c, ok := counts[o.ID]
		if !ok && !a.AllOrgs() && a.Role != app.RoleViewer && o.ID != a.OrgID {
			continue
		}
		oc := OrgUserCount{Org: o, ByRole: c}
		for _, n := range c {
			oc.Total += n
		}
		out = append(out, oc)
	}
	return out, nil
}
