package auth

import (
	"context"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

// Config sets session lifetimes and throttling.
type Config struct {
	// IdleTimeout ends a session nobody has used for this long: shared
	// office PCs are left signed in.
	IdleTimeout time.Duration
	// AbsoluteTimeout ends any session this long after sign-in.
	AbsoluteTimeout time.Duration
	// FailureWindow is how far back failed sign-ins count.
	FailureWindow time.Duration
	// MaxFailuresPerUser and MaxFailuresPerIP within FailureWindow block
	// further attempts until old failures age out.
	MaxFailuresPerUser int
	MaxFailuresPerIP   int
}

// DefaultConfig suits a district office.
var DefaultConfig = Config{
	IdleTimeout:        30 * time.Minute,
	AbsoluteTimeout:    12 * time.Hour,
	FailureWindow:      15 * time.Minute,
	MaxFailuresPerUser: 5,
	MaxFailuresPerIP:   50,
}

// Service signs people in and recognises them on later requests.
type Service struct {
	db  *store.DB
	cfg Config
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// dummyHash is verified against when the username is unknown, so that a
	// wrong username takes as long as a wrong password (no enumeration by timing).
	dummyHash string
}

// NewService returns a Service over db.
func NewService(db *store.DB, cfg Config) *Service {
	h, _ := HashPassword("remaker-dummy-password-for-timing")
	return &Service{db: db, cfg: cfg, Now: time.Now, dummyHash: h}
}

// Config returns the service's settings.
func (s *Service) Config() Config { return s.cfg }

// SessionPrefix and APITokenPrefix make leaked tokens recognisable (secret scanners).
const (
	SessionPrefix  = "rms_"
	APITokenPrefix = "rmk_"
)

// ErrBadCredentials is shown for an unknown user and a wrong password alike.
var ErrBadCredentials = app.Errorf(app.EUNAUTHORIZED, "the username or password is not correct")

// SignIn checks a username and password and starts a session, returning the
// session token for the cookie.
func (s *Service) SignIn(ctx context.Context, username, password, ip, userAgent string) (string, store.User, error) {
	key := store.UsernameKey(username)
	at := s.Now().UTC()
	byUser, byIP, err := s.db.SignInFailures(ctx, key, ip, at.Add(-s.cfg.FailureWindow))
	if err != nil {
		return "", store.User{}, err
	}
	if byUser >= s.cfg.MaxFailuresPerUser || byIP >= s.cfg.MaxFailuresPerIP {
		return "", store.User{}, app.Errorf(app.ETOOMANY, "too many failed sign-ins: wait %d minutes and try again, or ask your manager to reset your password", int(s.cfg.FailureWindow.Minutes()))
	}
	u, err := s.db.UserByUsername(ctx, key)
	if app.ErrorCode(err) == app.ENOTFOUND {
		VerifyPassword(s.dummyHash, password)
		s.db.RecordSignInFailure(ctx, app.Actor{Username: truncateName(username), ClientIP: ip}, key, ip, at)
		return "", store.User{}, ErrBadCredentials
	}
	if err != nil {
		return "", store.User{}, err
	}
	actor := u.Actor()
	actor.ClientIP = ip
	if !VerifyPassword(u.PasswordHash, password) {
		s.db.RecordSignInFailure(ctx, actor, key, ip, at)
		return "", store.User{}, ErrBadCredentials
	}
	if u.Disabled() {
		// Only someone who knows the password learns the account is disabled.
		return "", store.User{}, app.Errorf(app.EFORBIDDEN, "this account is disabled: ask your manager or administrator")
	}
	tok := NewToken(SessionPrefix)
	sess := store.Session{TokenHash: HashToken(tok), UserID: u.ID, CreatedAt: at, LastSeenAt: at,
		ExpiresAt: at.Add(s.cfg.AbsoluteTimeout), ClientIP: ip, UserAgent: userAgent}
	if err := s.db.CreateSession(ctx, actor, sess); err != nil {
		return "", store.User{}, err
	}
	if byUser > 0 {
		s.db.ClearSignInFailures(ctx, key)
	}
	return tok, u, nil
}

func truncateName(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

// Authenticate returns the user behind a session token, enforcing idle and
// absolute expiry and refusing disabled users.
func (s *Service) Authenticate(ctx context.Context, token string) (store.User, error) {
	if !strings.HasPrefix(token, SessionPrefix) {
		return store.User{}, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	sess, u, err := s.db.SessionByHash(ctx, HashToken(token))
	if err != nil {
		return store.User{}, err
	}
	at := s.Now().UTC()
	if at.After(sess.ExpiresAt) || at.Sub(sess.LastSeenAt) > s.cfg.IdleTimeout {
		return store.User{}, app.Errorf(app.EUNAUTHORIZED, "your session has ended: please sign in again")
	}
	if u.Disabled() {
		return store.User{}, app.Errorf(app.EUNAUTHORIZED, "please sign in")
	}
	// Refresh the idle clock at most once a minute, sparing a write per request.
	if at.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.db.TouchSession(ctx, sess.TokenHash, at); err != nil {
			return store.User{}, err
		}
	}
	return u, nil
}

// SignOut ends one session.
func (s *Service) SignOut(ctx context.Context, a app.Actor, token string) error {
	return s.db.DeleteSession(ctx, a, HashToken(token))
}

// SignOutEverywhere ends every session of the actor, on every device.
func (s *Service) SignOutEverywhere(ctx context.Context, a app.Actor) error {
	return s.db.DeleteUserSessions(ctx, a)
}

// ChangePassword changes the actor's own password after checking the
// current one. Other sessions end; the current one (keepToken) stays.
func (s *Service) ChangePassword(ctx context.Context, a app.Actor, current, next, keepToken string) error {
	u, err := s.db.UserForAuth(ctx, a.UserID)
	if err != nil {
		return err
	}
	// Guessing the current password counts as failed sign-ins, so a
	// computer left signed in cannot be used to try passwords endlessly.
	key := store.UsernameKey(u.Username)
	at := s.Now().UTC()
	byUser, byIP, err := s.db.SignInFailures(ctx, key, a.ClientIP, at.Add(-s.cfg.FailureWindow))
	if err != nil {
		return err
	}
	if byUser >= s.cfg.MaxFailuresPerUser || byIP >= s.cfg.MaxFailuresPerIP {
		return app.Errorf(app.ETOOMANY, "too many failed sign-ins: wait %d minutes and try again, or ask your manager to reset your password", int(s.cfg.FailureWindow.Minutes()))
	}
	if !VerifyPassword(u.PasswordHash, current) {
		s.db.RecordSignInFailure(ctx, a, key, a.ClientIP, at)
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"current_password": "the current password is not correct"}}
	}
	return s.setPassword(ctx, a, u, next, keepToken)
}

// ResetPassword sets another user's password (administrators and managers).
// One's own password is changed with the current one (ChangePassword), so
// that a computer left signed in cannot be used to take the account over.
func (s *Service) ResetPassword(ctx context.Context, a app.Actor, userID, next string) error {
	if a.UserID != "" && a.UserID == userID {
		return app.Errorf(app.EFORBIDDEN, "change your own password on your account page, with your current password")
	}
	u, err := s.db.UserByID(ctx, a, userID)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, a, u, next, "")
}

func (s *Service) setPassword(ctx context.Context, a app.Actor, u store.User, next, keepToken string) error {
	if err := CheckPassword(next, u.Username); err != nil {
		return err
	}
	h, err := HashPassword(next)
	if err != nil {
		return app.Internal(err)
	}
	keep := ""
	if keepToken != "" {
		keep = HashToken(keepToken)
	}
	return s.db.SetPassword(ctx, a, u.ID, h, keep)
}

// CreateUser checks the password and creates the user. A weak password is
// reported together with any other problem, and nothing is created.
func (s *Service) CreateUser(ctx context.Context, a app.Actor, n store.NewUser, password string) (store.User, error) {
	if perr := CheckPassword(password, n.Username); perr != nil {
		n.PasswordHash = "checked separately"
		return store.User{}, mergeFields(n.Validate(), perr)
	}
	h, err := HashPassword(password)
	if err != nil {
		return store.User{}, app.Internal(err)
	}
	n.PasswordHash = h
	return s.db.CreateUser(ctx, a, n)
}

// mergeFields combines two validation errors' field messages.
func mergeFields(a, b error) error {
	af, bf := app.ErrorFields(a), app.ErrorFields(b)
	if a == nil || af == nil || app.ErrorCode(a) != app.EINVALID {
		return b
	}
	for k, v := range bf {
		if _, ok := af[k]; !ok {
			af[k] = v
		}
	}
	return a
}

// CreateAPIToken issues a personal access token; the plain token is
// returned once and never stored.
func (s *Service) CreateAPIToken(ctx context.Context, a app.Actor, name string) (string, store.APIToken, error) {
	tok := NewToken(APITokenPrefix)
	t, err := s.db.CreateToken(ctx, a, name, HashToken(tok), tok[:len(APITokenPrefix)+6])
	if err != nil {
		return "", t, err
	}
	return tok, t, nil
}

// AuthenticateToken returns the user behind an API token.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (store.User, error) {
	if !strings.HasPrefix(token, APITokenPrefix) {
		return store.User{}, app.Errorf(app.EUNAUTHORIZED, "the API token is unknown or revoked")
	}
	u, err := s.db.TokenUser(ctx, HashToken(token))
	if err != nil {
		return store.User{}, err
	}
	if u.Disabled() {
		return store.User{}, app.Errorf(app.EUNAUTHORIZED, "the API token's owner is disabled")
	}
	return u, nil
}

// Sweep removes expired sessions and old throttling records.
func (s *Service) Sweep(ctx context.Context) error {
	return s.db.DeleteExpiredSessions(ctx, s.Now().UTC(), s.cfg.IdleTimeout, 24*time.Hour)
}
