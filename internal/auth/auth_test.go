package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

var ctx = context.Background()

func init() {
	// Cheap hashes keep the suite fast; the format and code path are the same.
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
}

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash format: %s", h)
	}
	if !auth.VerifyPassword(h, "correct horse battery") || auth.VerifyPassword(h, "correct horse batterY") {
		t.Error("verification wrong")
	}
	h2, _ := auth.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("salt not random")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA"} {
		if auth.VerifyPassword(bad, "x") {
			t.Errorf("accepted malformed hash %q", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{
		"short": false, "1234567890": false, "rina.akter-secret": false,
		"nodi-ar-akash-2024": true, "নদী আর আকাশ": true,
	} {
		err := auth.CheckPassword(pw, "rina.akter")
		if (err == nil) != ok {
			t.Errorf("CheckPassword(%q) = %v", pw, err)
		}
		if err != nil && app.ErrorFields(err)["password"] == "" {
			t.Errorf("no field message for %q", pw)
		}
	}
}

type env struct {
	db    *store.DB
	svc   *auth.Service
	clock time.Time
	user  store.User
	org   store.Organisation
}

func setup(t *testing.T, db *store.DB) *env {
	e := &env{db: db, clock: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	e.svc = auth.NewService(db, auth.DefaultConfig)
	e.svc.Now = func() time.Time { return e.clock }
	var err error
	e.org, err = db.CreateOrg(ctx, app.System, store.Organisation{Code: "BNSK", NameEn: "Bangladesh Nari Sramik Kendra", Kind: store.OrgCSO})
	if err != nil {
		t.Fatal(err)
	}
	e.user, err = e.svc.CreateUser(ctx, app.System, store.NewUser{OrgID: e.org.ID, Username: "rina", Role: app.RoleCaseWorker}, "nodi-ar-akash-2024")
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCreateUserRefusesWeakPasswordTogetherWithOtherProblems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		_, err := e.svc.CreateUser(ctx, app.System, store.NewUser{OrgID: e.org.ID, Username: "!bad", Role: app.RoleViewer}, "short")
		f := app.ErrorFields(err)
		if f["password"] == "" || f["username"] == "" {
			t.Fatalf("want both problems, got %v", err)
		}
		_, err = e.svc.CreateUser(ctx, app.System, store.NewUser{OrgID: e.org.ID, Username: "good.name", Role: app.RoleViewer}, "short")
		if app.ErrorFields(err)["password"] == "" {
			t.Fatalf("weak password alone: %v", err)
		}
		if _, err := db.UserByUsername(ctx, "good.name"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Fatalf("user created despite weak password: %v", err)
		}
	})
}

func TestSignInAndNoEnumeration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		tok, u, err := e.svc.SignIn(ctx, "RINA", "nodi-ar-akash-2024", "10.0.0.1", "test")
		if err != nil || u.ID != e.user.ID || !strings.HasPrefix(tok, auth.SessionPrefix) {
			t.Fatalf("sign in: %v", err)
		}
		got, err := e.svc.Authenticate(ctx, tok)
		if err != nil || got.ID != e.user.ID {
			t.Fatalf("authenticate: %v", err)
		}
		_, _, errWrongPw := e.svc.SignIn(ctx, "rina", "wrong-password!", "10.0.0.1", "test")
		_, _, errNoUser := e.svc.SignIn(ctx, "nobody", "wrong-password!", "10.0.0.1", "test")
		if errWrongPw == nil || errWrongPw.Error() != errNoUser.Error() {
			t.Fatalf("unknown user and wrong password differ: %v / %v", errWrongPw, errNoUser)
		}
		entries, _ := db.ListAudit(ctx, app.System, store.AuditFilter{Action: store.ActSignInFailed})
		if len(entries) != 2 {
			t.Errorf("failed sign-ins audited: %d, want 2", len(entries))
		}
	})
}

func TestThrottling(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		for i := 0; i < auth.DefaultConfig.MaxFailuresPerUser; i++ {
			if _, _, err := e.svc.SignIn(ctx, "rina", "wrong-password!", "10.0.0.1", ""); app.ErrorCode(err) != app.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Now even the right password is refused, from any address.
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.2", ""); app.ErrorCode(err) != app.ETOOMANY {
			t.Fatalf("after %d failures: %v, want too many", auth.DefaultConfig.MaxFailuresPerUser, err)
		}
		// An unknown name is throttled the same way (no enumeration).
		for i := 0; i < auth.DefaultConfig.MaxFailuresPerUser; i++ {
			e.svc.SignIn(ctx, "ghost", "x-wrong-password", "10.0.0.3", "")
		}
		if _, _, err := e.svc.SignIn(ctx, "ghost", "x-wrong-password", "10.0.0.3", ""); app.ErrorCode(err) != app.ETOOMANY {
			t.Fatalf("unknown user not throttled: %v", err)
		}
		// After the window passes, the right password works again.
		e.clock = e.clock.Add(auth.DefaultConfig.FailureWindow + time.Second)
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.2", ""); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestThrottlingPerAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		for i := 0; i < auth.DefaultConfig.MaxFailuresPerIP; i++ {
			e.svc.SignIn(ctx, "user"+strings.Repeat("x", i%7)+string(rune('a'+i%26)), "wrong-password!", "10.9.9.9", "")
		}
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.9.9.9", ""); app.ErrorCode(err) != app.ETOOMANY {
			t.Fatalf("address spraying many names not throttled: %v", err)
		}
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", ""); err != nil {
			t.Fatalf("other address blocked: %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		cfg := auth.DefaultConfig
		tok, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		// Active use keeps the session alive past the idle timeout...
		for elapsed := time.Duration(0); elapsed < 3*cfg.IdleTimeout; elapsed += cfg.IdleTimeout / 2 {
			e.clock = e.clock.Add(cfg.IdleTimeout / 2)
			if _, err := e.svc.Authenticate(ctx, tok); err != nil {
				t.Fatalf("active session ended after %v: %v", elapsed, err)
			}
		}
		// ...but not idleness.
		e.clock = e.clock.Add(cfg.IdleTimeout + time.Second)
		if _, err := e.svc.Authenticate(ctx, tok); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Fatalf("idle session still valid: %v", err)
		}
		// And never past the absolute limit, however active.
		tok, _, _ = e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", "")
		for i := 0; i < int(cfg.AbsoluteTimeout/(cfg.IdleTimeout/2)); i++ {
			e.clock = e.clock.Add(cfg.IdleTimeout / 2)
			e.svc.Authenticate(ctx, tok)
		}
		e.clock = e.clock.Add(time.Minute)
		if _, err := e.svc.Authenticate(ctx, tok); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Fatalf("session valid past the absolute limit: %v", err)
		}
	})
}

func TestSignOutEverywhereAndPasswordChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		a := e.user.Actor()
		t1, _, _ := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", "pc")
		t2, _, _ := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.2", "phone")
		t3, _, _ := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.3", "tablet")
		// Changing the password keeps this device and ends the others.
		if err := e.svc.ChangePassword(ctx, a, "wrong", "a-new-long-password", t1); app.ErrorFields(err)["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := e.svc.ChangePassword(ctx, a, "nodi-ar-akash-2024", "a-new-long-password", t1); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(ctx, t1); err != nil {
			t.Errorf("current session ended by password change: %v", err)
		}
		if _, err := e.svc.Authenticate(ctx, t2); err == nil {
			t.Error("other session survived password change")
		}
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", ""); err == nil {
			t.Error("old password still works")
		}
		t3, _, _ = e.svc.SignIn(ctx, "rina", "a-new-long-password", "10.0.0.3", "tablet")
		if err := e.svc.SignOutEverywhere(ctx, a); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{t1, t3} {
			if _, err := e.svc.Authenticate(ctx, tok); err == nil {
				t.Error("session survived sign out everywhere")
			}
		}
	})
}

func TestDisabledUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		tok, _, _ := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", "")
		apiTok, _, err := e.svc.CreateAPIToken(ctx, e.user.Actor(), "sync script")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AuthenticateToken(ctx, apiTok); err != nil {
			t.Fatalf("API token: %v", err)
		}
		if err := db.SetDisabled(ctx, app.System, e.user.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Authenticate(ctx, tok); err == nil {
			t.Error("disabled user's session still works")
		}
		if _, err := e.svc.AuthenticateToken(ctx, apiTok); err == nil {
			t.Error("disabled user's API token still works")
		}
		if _, _, err := e.svc.SignIn(ctx, "rina", "nodi-ar-akash-2024", "10.0.0.1", ""); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("disabled user signs in: %v", err)
		}
	})
}
