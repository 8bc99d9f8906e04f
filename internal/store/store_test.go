package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

var ctx = context.Background()

func TestMigrationFoldersMatch(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %04d_%s, postgres %04d_%s", i, lite[i].Version, lite[i].Name, pg[i].Version, pg[i].Name)
		}
	}
}

func TestMigrateFromEmptyAndIdempotent(t *testing.T) {
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) {
			db := testdb.OpenEmpty(t, d)
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != store.LatestVersion(d) {
				t.Fatalf("applied %v, want all %d", applied, store.LatestVersion(d))
			}
			again, err := db.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second migrate applied %v, err %v", again, err)
			}
			if err := db.CheckSchema(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ForceSchemaVersion(ctx, store.LatestVersion(db.Dialect())+1); err != nil {
			t.Fatal(err)
		}
		_, err := db.Migrate(ctx)
		if !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("Migrate on a newer schema: %v, want ErrSchemaTooNew", err)
		}
		if err := db.CheckSchema(ctx); !errors.Is(err, store.ErrSchemaTooNew) {
			t.Fatalf("CheckSchema on a newer schema: %v", err)
		}
	})
}

// fixture is three organisations with a user of each kind that matters.
type fixture struct {
	iom, bnsk, warbe            store.Organisation
	admin, pm, bnskMgr, bnskCW  store.User
	warbeCW, viewer, enumerator store.User
}

func seed(t testing.TB, db *store.DB) fixture {
	t.Helper()
	var f fixture
	mkOrg := func(code, name, kind string) store.Organisation {
		o, err := db.CreateOrg(ctx, app.System, store.Organisation{Code: code, NameEn: name, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	f.iom = mkOrg("IOM", "International Organization for Migration", store.OrgIOM)
	f.bnsk = mkOrg("BNSK", "Bangladesh Nari Sramik Kendra", store.OrgCSO)
	f.warbe = mkOrg("WARBE", "WARBE Development Foundation", store.OrgCSO)
	mkUser := func(org store.Organisation, name string, role app.Role) store.User {
		u, err := db.CreateUser(ctx, app.System, store.NewUser{OrgID: org.ID, Username: name, Role: role, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.admin = mkUser(f.iom, "admin", app.RoleAdmin)
	f.pm = mkUser(f.iom, "pm", app.RoleProgrammeManager)
	f.bnskMgr = mkUser(f.bnsk, "bnsk.manager", app.RoleOrgManager)
	f.bnskCW = mkUser(f.bnsk, "bnsk.worker", app.RoleCaseWorker)
	f.warbeCW = mkUser(f.warbe, "warbe.worker", app.RoleCaseWorker)
	f.viewer = mkUser(f.iom, "viewer", app.RoleViewer)
	f.enumerator = mkUser(f.bnsk, "enum", app.RoleEnumerator)
	return f
}

func TestOrganisations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		_, err := db.CreateOrg(ctx, app.System, store.Organisation{Code: "bnsk", NameEn: "Again", Kind: store.OrgCSO})
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorFields(err)["code"] == "" {
			t.Fatalf("duplicate code: %v", err)
		}
		_, err = db.CreateOrg(ctx, app.System, store.Organisation{Code: "x", Kind: "club"})
		fields := app.ErrorFields(err)
		if app.ErrorCode(err) != app.EINVALID || fields["code"] == "" || fields["name_en"] == "" || fields["kind"] == "" {
			t.Fatalf("invalid org: %v", err)
		}
		_, err = db.CreateOrg(ctx, f.bnskMgr.Actor(), store.Organisation{Code: "NEW", NameEn: "New", Kind: store.OrgCSO})
		if app.ErrorCode(err) != app.EFORBIDDEN {
			t.Fatalf("manager creating org: %v", err)
		}
		o, err := db.OrgByCode(ctx, "warbe")
		if err != nil || o.ID != f.warbe.ID {
			t.Fatalf("OrgByCode: %v %v", o, err)
		}
		orgs, err := db.ListOrgs(ctx)
		if err != nil || len(orgs) != 3 {
			t.Fatalf("ListOrgs: %d %v", len(orgs), err)
		}
	})
}

func TestUserScoping(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		// A BNSK case worker sees BNSK users only; WARBE's are "not found".
		us, err := db.ListUsers(ctx, f.bnskCW.Actor(), store.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			if u.OrgID != f.bnsk.ID {
				t.Errorf("BNSK worker sees %s of another organisation", u.Username)
			}
		}
		if len(us) != 3 {
			t.Errorf("BNSK worker sees %d users, want 3", len(us))
		}
		if _, err := db.UserByID(ctx, f.bnskCW.Actor(), f.warbeCW.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("cross-org read: %v, want not found", err)
		}
		all, _ := db.ListUsers(ctx, f.pm.Actor(), store.UserFilter{})
		if len(all) != 7 {
			t.Errorf("programme manager sees %d users, want 7", len(all))
		}
		// Managers manage their own organisation, below their level.
		_, err = db.CreateUser(ctx, f.bnskMgr.Actor(), store.NewUser{OrgID: f.warbe.ID, Username: "sneaky", Role: app.RoleCaseWorker, PasswordHash: "x"})
		if app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("manager adding to another org: %v", err)
		}
		_, err = db.CreateUser(ctx, f.bnskMgr.Actor(), store.NewUser{OrgID: f.bnsk.ID, Username: "boss", Role: app.RoleAdmin, PasswordHash: "x"})
		if app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("manager creating an admin: %v", err)
		}
		if _, err := db.CreateUser(ctx, f.bnskMgr.Actor(), store.NewUser{OrgID: f.bnsk.ID, Username: "new.worker", Role: app.RoleCaseWorker, PasswordHash: "x"}); err != nil {
			t.Errorf("manager adding a worker: %v", err)
		}
		if err := db.SetDisabled(ctx, f.bnskMgr.Actor(), f.warbeCW.ID, true); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("manager disabling a WARBE user: %v, want not found", err)
		}
		if err := db.SetDisabled(ctx, f.bnskCW.Actor(), f.enumerator.ID, true); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker disabling a colleague: %v, want forbidden", err)
		}
	})
}

func TestUserValidationAndConflicts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		_, err := db.CreateUser(ctx, app.System, store.NewUser{OrgID: f.bnsk.ID, Username: "BNSK.Worker", Role: app.RoleCaseWorker, PasswordHash: "x"})
		if app.ErrorCode(err) != app.ECONFLICT || app.ErrorFields(err)["username"] == "" {
			t.Errorf("case-insensitive duplicate username: %v", err)
		}
		_, err = db.CreateUser(ctx, app.System, store.NewUser{OrgID: "nope", Username: "a b", Role: "boss", Lang: "fr"})
		fields := app.ErrorFields(err)
		for _, k := range []string{"username", "role", "lang", "password"} {
			if fields[k] == "" {
				t.Errorf("no message for %s in %v", k, err)
			}
		}
		_, err = db.CreateUser(ctx, app.System, store.NewUser{OrgID: "nope", Username: "ghost", Role: app.RoleViewer, PasswordHash: "x"})
		if app.ErrorFields(err)["org_id"] == "" {
			t.Errorf("unknown org: %v", err)
		}
		// Stale edits are conflicts.
		u := f.bnskCW
		up := store.UserUpdate{FullName: "Rina Akter", Role: u.Role, Lang: "en", Version: u.Version}
		u2, err := db.UpdateUser(ctx, f.bnskMgr.Actor(), u.ID, up)
		if err != nil || u2.Version != u.Version+1 || u2.FullName != "Rina Akter" {
			t.Fatalf("update: %+v %v", u2, err)
		}
		up.FullName = "Someone else"
		if _, err := db.UpdateUser(ctx, f.bnskMgr.Actor(), u.ID, up); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale update: %v, want conflict", err)
		}
		got, _ := db.UserByID(ctx, f.admin.Actor(), u.ID)
		if got.FullName != "Rina Akter" {
			t.Errorf("stale update overwrote: %q", got.FullName)
		}
		// A case worker cannot promote themselves.
		_, err = db.UpdateUser(ctx, u2.Actor(), u.ID, store.UserUpdate{FullName: "R", Role: app.RoleAdmin, Lang: "en", Version: u2.Version})
		if app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("self-promotion: %v", err)
		}
	})
}

func TestSessionsAndDisable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		at := time.Now().UTC()
		for _, h := range []string{"h1", "h2"} {
			if err := db.CreateSession(ctx, f.bnskCW.Actor(), store.Session{TokenHash: h, UserID: f.bnskCW.ID, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		s, u, err := db.SessionByHash(ctx, "h1")
		if err != nil || u.ID != f.bnskCW.ID || !s.ExpiresAt.After(at) {
			t.Fatalf("SessionByHash: %+v %+v %v", s, u, err)
		}
		if err := db.SetDisabled(ctx, f.bnskMgr.Actor(), f.bnskCW.ID, true); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountSessions(ctx, f.bnskCW.ID); n != 0 {
			t.Errorf("disabled user keeps %d sessions", n)
		}
		if _, _, err := db.SessionByHash(ctx, "h1"); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Errorf("session after disable: %v", err)
		}
		// Idle and absolute expiry clean-up.
		old := at.Add(-2 * time.Hour)
		db.CreateSession(ctx, f.warbeCW.Actor(), store.Session{TokenHash: "idle", UserID: f.warbeCW.ID, CreatedAt: old, LastSeenAt: old, ExpiresAt: at.Add(time.Hour)})
		db.CreateSession(ctx, f.warbeCW.Actor(), store.Session{TokenHash: "fresh", UserID: f.warbeCW.ID, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)})
		if err := db.DeleteExpiredSessions(ctx, at, 30*time.Minute, time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionByHash(ctx, "idle"); err == nil {
			t.Error("idle session survived clean-up")
		}
		if _, _, err := db.SessionByHash(ctx, "fresh"); err != nil {
			t.Errorf("fresh session removed: %v", err)
		}
	})
}

func TestSignInFailures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		at := time.Now().UTC()
		for i := 0; i < 3; i++ {
			if err := db.RecordSignInFailure(ctx, app.Actor{Username: "rina", ClientIP: "10.0.0.1"}, "rina", "10.0.0.1", at); err != nil {
				t.Fatal(err)
			}
		}
		db.RecordSignInFailure(ctx, app.Actor{Username: "other"}, "other", "10.0.0.1", at)
		byUser, byIP, err := db.SignInFailures(ctx, "rina", "10.0.0.1", at.Add(-time.Minute))
		if err != nil || byUser != 3 || byIP != 4 {
			t.Fatalf("failures: user %d ip %d err %v", byUser, byIP, err)
		}
		byUser, _, _ = db.SignInFailures(ctx, "rina", "10.0.0.1", at.Add(time.Minute))
		if byUser != 0 {
			t.Errorf("failures outside the window counted: %d", byUser)
		}
		db.ClearSignInFailures(ctx, "rina")
		byUser, byIP, _ = db.SignInFailures(ctx, "rina", "10.0.0.1", at.Add(-time.Minute))
		if byUser != 0 || byIP != 1 {
			t.Errorf("after clear: user %d ip %d", byUser, byIP)
		}
	})
}

func TestTokens(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		tok, err := db.CreateToken(ctx, f.bnskCW.Actor(), "Laptop sync", "hash1", "rmk_abcd")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, f.bnskCW.Actor(), " ", "hash2", "p"); app.ErrorFields(err)["name"] == "" {
			t.Errorf("empty token name: %v", err)
		}
		u, err := db.TokenUser(ctx, "hash1")
		if err != nil || u.ID != f.bnskCW.ID {
			t.Fatalf("TokenUser: %v %v", u.Username, err)
		}
		if err := db.RevokeToken(ctx, f.warbeCW.Actor(), tok.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("revoking someone else's token: %v", err)
		}
		if err := db.RevokeToken(ctx, f.bnskCW.Actor(), tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "hash1"); app.ErrorCode(err) != app.EUNAUTHORIZED {
			t.Errorf("revoked token still works: %v", err)
		}
		list, _ := db.ListTokens(ctx, f.bnskCW.Actor())
		if len(list) != 1 || list[0].RevokedAt == nil {
			t.Errorf("ListTokens: %+v", list)
		}
	})
}

func TestAuditTrail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		if _, err := db.ListAudit(ctx, f.bnskMgr.Actor(), store.AuditFilter{}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("manager reading audit: %v", err)
		}
		entries, err := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "user", Action: store.ActCreate})
		if err != nil || len(entries) != 7 {
			t.Fatalf("user creations in audit: %d %v", len(entries), err)
		}
		if !strings.Contains(entries[0].Details, "enum") {
			t.Errorf("newest first with details, got %q", entries[0].Details)
		}
		byOrg, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{OrgID: f.warbe.ID})
		if len(byOrg) != 2 { // the organisation and its worker
			t.Errorf("audit for WARBE: %d entries", len(byOrg))
		}
		page1, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Limit: 4})
		page2, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Limit: 4, BeforeID: page1[3].ID})
		if len(page1) != 4 || len(page2) != 4 || page2[0].ID >= page1[3].ID {
			t.Errorf("keyset paging broken: %d %d", len(page1), len(page2))
		}
		// Append-only, even for someone with SQL in hand.
		if err := db.TamperAuditForTest(ctx); err == nil {
			t.Error("the audit log accepted an UPDATE")
		}
	})
}

// PostgreSQL's JIT compiler spends seconds on the home page's counts and
// gains nothing on short queries, so Remaker's connections turn it off.
func TestPostgresConnectionsRunWithoutJIT(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("a PostgreSQL setting")
		}
		if jit, err := db.SettingForTest(ctx, "jit"); err != nil || jit != "off" {
			t.Errorf("jit = %q (%v), want off", jit, err)
		}
	})
}
