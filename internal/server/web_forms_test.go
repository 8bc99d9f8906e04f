package server_test

// Forms: mistakes are shown next to their fields and nothing half-done is
// saved; a stale edit is a conflict the person sees, never an overwrite.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// TestWebCreateUserFieldErrors: a bad username and a short password are
// both reported, each at its own field, with 422, the typed values kept
// (but never the password), and no user created.
func TestWebCreateUserFieldErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, as := range []string{"admin", "bnsk.manager"} {
			b := e.SignIn(as)
			before, err := e.DB.CountUsers(bg)
			if err != nil {
				t.Fatal(err)
			}
			r := b.PostForm("/admin/users", url.Values{"org_id": {e.Orgs["BNSK"].ID}, "username": {"-bad name!"}, "full_name": {"Kept Name"},
				"role": {"case_worker"}, "lang": {"bn"}, "password": {"short1"}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", as, r.StatusCode)
			}
			root := parse(t, r.Body)
			u, p := fieldAround(root, "username"), fieldAround(root, "password")
			if !u.hasError || !strings.Contains(u.message, "use 2 to 40 letters") {
				t.Errorf("%s: username field: %+v", as, u)
			}
			if !p.hasError || !strings.Contains(p.message, "at least 10 characters") {
				t.Errorf("%s: password field: %+v", as, p)
			}
			if f := fieldAround(root, "full_name"); f.hasError || f.value != "Kept Name" {
				t.Errorf("%s: full name field: %+v, want kept and without error", as, f)
			}
			if u.value != "-bad name!" || p.value != "" || strings.Contains(r.Body, "short1") {
				t.Errorf("%s: username kept as %q; the password must not come back", as, u.value)
			}
			if flashError(root) == "" {
				t.Errorf("%s: no summary message above the form", as)
			}
			after, _ := e.DB.CountUsers(bg)
			if after != before {
				t.Errorf("%s: %d users created by a refused form", as, after-before)
			}
		}
	})
}

// TestWebCreateUserDuplicate: a taken username (in any letter case) is a
// 409 with the message at the username field.
func TestWebCreateUserDuplicate(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("admin")
		for _, name := range []string{"bnsk.worker", "BNSK.Worker", " bnsk.worker "} {
			before, _ := e.DB.CountUsers(bg)
			r := b.PostForm("/admin/users", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "username": {name}, "role": {"case_worker"},
				"lang": {"en"}, "password": {"a long enough secret"}})
			if r.StatusCode != http.StatusConflict {
				t.Errorf("%q: status %d, want 409", name, r.StatusCode)
			}
			if f := fieldAround(parse(t, r.Body), "username"); !f.hasError || !strings.Contains(f.message, "already taken") {
				t.Errorf("%q: username field %+v", name, f)
			}
			if after, _ := e.DB.CountUsers(bg); after != before {
				t.Errorf("%q: a user was created", name)
			}
		}
		if u, _ := e.DB.UserByUsername(bg, "bnsk.worker"); u.OrgID != e.Orgs["BNSK"].ID {
			t.Error("the existing user was changed")
		}
	})
}

// TestWebCreateUserEscapesInput: what people type is shown as text, never
// run as markup.
func TestWebCreateUserEscapesInput(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("admin")
		const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`
		wantRedirect(t, "create", b.PostForm("/admin/users", url.Values{"org_id": {e.Orgs["BNSK"].ID}, "username": {"escaped.user"},
			"full_name": {evil}, "role": {"case_worker"}, "lang": {"en"}, "password": {"a long enough secret"}}), "/admin/users")
		r := b.Get("/admin/users")
		if strings.Contains(r.Body, evil) || len(all(parse(t, r.Body), byTagName("script"))) != 0 {
			t.Error("the user list carries the full name as markup")
		}
		if !strings.Contains(shownText(t, r.Body), evil) {
			t.Error("the full name is not shown as text")
		}
	})
}

// editVersion returns the version the edit form carries.
func editVersion(t *testing.T, b *servertest.Browser, id string) string {
	t.Helper()
	for _, in := range all(parse(t, b.Get("/admin/users/"+id).Body), byTagName("input")) {
		if attr(in, "name") == "version" {
			return attr(in, "value")
		}
	}
	t.Fatal("the edit form has no version")
	return ""
}

// TestWebStaleEditIsConflict: two managers open the same user; the second
// to save is told someone changed it (409) and the first one's change
// stays.
func TestWebStaleEditIsConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		id := e.Users["bnsk.worker"].ID
		admin, mgr := e.SignIn("admin"), e.SignIn("bnsk.manager")
		vAdmin, vMgr := editVersion(t, admin, id), editVersion(t, mgr, id)
		if vAdmin != vMgr {
			t.Fatalf("versions %s and %s", vAdmin, vMgr)
		}
		wantRedirect(t, "first save", mgr.PostForm("/admin/users/"+id, url.Values{"full_name": {"Saved First"}, "role": {"case_worker"}, "lang": {"en"}, "version": {vMgr}}), "/admin/users")

		r := admin.PostForm("/admin/users/"+id, url.Values{"full_name": {"Saved Second"}, "role": {"enumerator"}, "lang": {"bn"}, "version": {vAdmin}})
		if r.StatusCode != http.StatusConflict {
			t.Errorf("stale save: status %d, want 409", r.StatusCode)
		}
		root := parse(t, r.Body)
		if msg := flashError(root); !strings.Contains(msg, "someone else changed this user") {
			t.Errorf("stale save: message %q", msg)
		}
		// The person's typing is kept so they can compare and save again.
		if f := fieldAround(root, "full_name"); f.value != "Saved Second" {
			t.Errorf("stale save: the form lost the typed name (%q)", f.value)
		}
		u := user(t, e, id)
		if u.FullName != "Saved First" || u.Role != "case_worker" || u.Lang != "en" {
			t.Errorf("stale save overwrote: %q %s %s", u.FullName, u.Role, u.Lang)
		}
		// A save without any version is stale too.
		r = admin.PostForm("/admin/users/"+id, url.Values{"full_name": {"No Version"}, "role": {"case_worker"}, "lang": {"en"}})
		if r.StatusCode != http.StatusConflict || user(t, e, id).FullName != "Saved First" {
			t.Errorf("save without version: status %d", r.StatusCode)
		}
		// Reloading gives the new version, and the save then goes through.
		v := editVersion(t, admin, id)
		if v == vAdmin {
			t.Errorf("the version did not move on: %s", v)
		}
		wantRedirect(t, "save after reload", admin.PostForm("/admin/users/"+id, url.Values{"full_name": {"Saved Second"}, "role": {"case_worker"}, "lang": {"en"}, "version": {v}}), "/admin/users")
		if got := user(t, e, id).FullName; got != "Saved Second" {
			t.Errorf("after reload: %q", got)
		}
	})
}

// TestWebEditUserFieldErrors: an invalid edit is 422 with the field marked,
// and nothing saved.
func TestWebEditUserFieldErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		id := e.Users["bnsk.worker"].ID
		b := e.SignIn("bnsk.manager")
		v := editVersion(t, b, id)
		r := b.PostForm("/admin/users/"+id, url.Values{"full_name": {strings.Repeat("n", 201)}, "role": {"case_worker"}, "lang": {"xx"}, "version": {v}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		for _, id := range []string{"full_name", "lang"} {
			if f := fieldAround(root, id); !f.hasError || f.message == "" {
				t.Errorf("field %s: %+v", id, f)
			}
		}
		if u := user(t, e, id); u.FullName != "" || u.Lang != "en" || fmt.Sprint(u.Version) != v {
			t.Errorf("saved anyway: %+v", u)
		}
	})
}

// TestWebBanglaNameLength: the limit on names is in characters, as the
// message says, so a Bangla name is not refused for being three bytes a
// letter.
func TestWebBanglaNameLength(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		name := strings.TrimSpace(strings.Repeat("মোছাম্মৎ রহিমা বেগম ", 5)) // 99 characters, 269 bytes
		id := e.Users["bnsk.worker"].ID
		b := e.SignIn("bnsk.manager")
		r := b.PostForm("/admin/users/"+id, url.Values{"full_name": {name}, "role": {"case_worker"}, "lang": {"bn"}, "version": {editVersion(t, b, id)}})
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("a %d-character Bangla name: status %d, field message %q", utf8.RuneCountInString(name), r.StatusCode, fieldAround(parse(t, r.Body), "full_name").message)
		}
		r = b.PostForm("/admin/users", url.Values{"org_id": {e.Orgs["BNSK"].ID}, "username": {"long.bangla.name"}, "full_name": {name},
			"role": {"case_worker"}, "lang": {"bn"}, "password": {"a long enough secret"}})
		if r.StatusCode != http.StatusSeeOther {
			t.Errorf("creating a user with a %d-character Bangla name: status %d", utf8.RuneCountInString(name), r.StatusCode)
		}
	})
}

// TestWebCreateOrganisation: only the administrator adds organisations;
// bad input is shown at its fields; a duplicate code is refused.
func TestWebCreateOrganisation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.SignIn("admin")
		wantRedirect(t, "create", b.PostForm("/admin/organisations", url.Values{"code": {"rmmru"}, "name_en": {"Refugee and Migratory Movements Research Unit"},
			"name_bn": {"রিফিউজি অ্যান্ড মাইগ্রেটরি মুভমেন্টস রিসার্চ ইউনিট"}, "kind": {store.OrgCSO}}), "/admin/organisations")
		if r := b.Get("/admin/organisations"); !strings.Contains(r.Body, "RMMRU") {
			t.Error("the new organisation is not listed")
		}
		r := b.PostForm("/admin/organisations", url.Values{"code": {"x"}, "name_en": {""}, "kind": {"club"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad organisation: %d, want 422", r.StatusCode)
		}
		root := parse(t, r.Body)
		for _, id := range []string{"code", "name_en", "kind"} {
			if f := fieldAround(root, id); !f.hasError || f.message == "" {
				t.Errorf("field %s: %+v", id, f)
			}
		}
		r = b.PostForm("/admin/organisations", url.Values{"code": {"BNSK"}, "name_en": {"Another BNSK"}, "kind": {store.OrgCSO}})
		if r.StatusCode < 400 || r.StatusCode >= 500 {
			t.Errorf("duplicate code: %d, want a 4xx refusal", r.StatusCode)
		}
		orgs, _ := e.DB.ListOrgs(bg)
		if len(orgs) != 4 {
			t.Errorf("%d organisations, want 4", len(orgs))
		}
	})
}
