package auth_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestVerifyBasic: devices' Basic credentials are checked like a sign-in
// (wrong ones throttled, disabled accounts refused), and a verified pair is
// remembered for a while, so a device keeps working while someone guesses
// the password from elsewhere, until the cache entry expires or the
// password changes.
func TestVerifyBasic(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		const pw = "nodi-ar-akash-2024"
		if u, err := e.svc.VerifyBasic(ctx, "RINA", pw, "10.0.0.1"); err != nil || u.ID != e.user.ID {
			t.Fatalf("right password: %v", err)
		}
		if _, err := e.svc.VerifyBasic(ctx, "rina", "wrong-password!", "10.0.0.1"); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := e.svc.VerifyBasic(ctx, "ghost", pw, "10.0.0.1"); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Fatalf("unknown user: %v", err)
		}
		for i := 1; i < auth.DefaultConfig.MaxFailuresPerUser; i++ {
			e.svc.VerifyBasic(ctx, "rina", "wrong-password!", "10.0.0.9")
		}
		if _, err := e.svc.VerifyBasic(ctx, "rina", "wrong-password!", "10.0.0.9"); app.ErrorCode(err) != app.ETOOMANY {
			t.Fatalf("after %d failures: %v, want too many", auth.DefaultConfig.MaxFailuresPerUser, err)
		}
		// The device that verified a moment ago is remembered.
		if _, err := e.svc.VerifyBasic(ctx, "rina", pw, "10.0.0.1"); err != nil {
			t.Fatalf("cached credentials refused while throttled: %v", err)
		}
		// Once the entry expires, the throttle applies to it too.
		e.clock = e.clock.Add(auth.BasicCacheTTL + 1)
		if _, err := e.svc.VerifyBasic(ctx, "rina", pw, "10.0.0.1"); app.ErrorCode(err) != app.ETOOMANY {
			t.Fatalf("expired cache entry: %v, want too many", err)
		}
		e.clock = e.clock.Add(auth.DefaultConfig.FailureWindow)
		if _, err := e.svc.VerifyBasic(ctx, "rina", pw, "10.0.0.1"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// A new password makes the old pair useless at once.
		if err := e.svc.ResetPassword(ctx, app.System, e.user.ID, "a-brand-new-password-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.VerifyBasic(ctx, "rina", pw, "10.0.0.1"); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Fatalf("old password after reset: %v", err)
		}
		if _, err := e.svc.VerifyBasic(ctx, "rina", "a-brand-new-password-1", "10.0.0.1"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// A disabled account is refused, cached or not.
		if err := db.SetDisabled(ctx, app.System, e.user.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.VerifyBasic(ctx, "rina", "a-brand-new-password-1", "10.0.0.1"); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Fatalf("disabled account: %v", err)
		}
	})
}
