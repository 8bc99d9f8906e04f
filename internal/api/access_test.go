package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// want gives the expected status for each seeded user: def for everyone,
// except those named in the overrides.
func want(def int, overrides map[string]int) map[string]int {
	out := map[string]int{}
	for _, s := range servertest.Seeded {
		out[s.Username] = def
	}
	for u, st := range overrides {
		if _, ok := out[u]; !ok {
			panic("no seeded user " + u)
		}
		out[u] = st
	}
	return out
}

// usersOf lists the seeded usernames of the given organisations.
func usersOf(orgs ...string) []string {
	var out []string
	for _, s := range servertest.Seeded {
		if slices.Contains(orgs, s.Org) {
			out = append(out, s.Username)
		}
	}
	return out
}

// TestRoleRouteMatrix calls every route as every seeded user and checks the
// status, and what each sees. The matrix is the access policy of the API.
func TestRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		ctx := context.Background()
		a := newAPI(t, e)
		tok := tokens(e)
		id := func(u string) string { return e.Users[u].ID }
		bnsk, warbe := e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID
		n := 0
		// fresh adds a BNSK case worker nobody has touched, as a target.
		fresh := func(disabled bool) string {
			n++
			u, err := e.Auth.CreateUser(ctx, app.System, store.NewUser{OrgID: bnsk, Username: fmt.Sprintf("target%d", n),
				Role: app.RoleCaseWorker, Lang: "en"}, servertest.Password)
			if err != nil {
				t.Fatal(err)
			}
			if disabled {
				if err := e.DB.SetDisabled(ctx, app.System, u.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			return u.ID
		}
		version := func(userID string) int {
			u, err := e.DB.UserByID(ctx, app.System, userID)
			if err != nil {
				t.Fatal(err)
			}
			return u.Version
		}
		newToken := func(user string) string {
			_, tk, err := e.Auth.CreateAPIToken(ctx, e.Users[user].Actor(), "target")
			if err != nil {
				t.Fatal(err)
			}
			return tk.ID
		}
		visibleUsers := map[string][]string{
			"admin": usersOf("IOM", "BNSK", "WARBE"), "pm": usersOf("IOM", "BNSK", "WARBE"),
			"viewer": {"viewer"}, "bnsk.enumerator": {"bnsk.enumerator"},
			"bnsk.manager": usersOf("BNSK"), "bnsk.worker": usersOf("BNSK"),
			"warbe.manager": usersOf("WARBE"), "warbe.worker": usersOf("WARBE"),
		}

		type call struct {
			params map[string]string
			query  string
			body   string
		}
		cases := []struct {
			name, method, path string
			call               func(user string) call
			want               map[string]int
			check              func(t *testing.T, user string, r *resp)
		}{
			{"me", "GET", "/me", nil, want(200, nil), func(t *testing.T, user string, r *resp) {
				if r.JSON(t)["username"] != user {
					t.Errorf("me is %v", r.JSON(t)["username"])
				}
			}},
			{"list organisations", "GET", "/organisations", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
				if len(r.Items(t)) < 3 {
					t.Errorf("organisations: %s", r.Body)
				}
			}},
			{"create organisation", "POST", "/organisations", func(user string) call {
				code := strings.ToUpper(strings.NewReplacer(".", "", "_", "").Replace(user))
				return call{body: jsonBody(map[string]string{"code": "X" + code, "name_en": "Org by " + user, "kind": "cso"})}
			}, want(403, map[string]int{"admin": 201}), nil},
			{"list users", "GET", "/users", nil, want(200, nil), func(t *testing.T, user string, r *resp) {
				var got []string
				for _, u := range r.Items(t) {
					got = append(got, u["username"].(string))
				}
				w := slices.Clone(visibleUsers[user])
				slices.Sort(got)
				slices.Sort(w)
				if !slices.Equal(got, w) {
					t.Errorf("sees %v, want %v", got, w)
				}
			}},
			{"list users of WARBE", "GET", "/users", func(string) call { return call{query: "org_id=" + warbe} },
				want(200, nil), func(t *testing.T, user string, r *resp) {
					for _, u := range r.Items(t) {
						if u["org_code"] != "WARBE" || (!strings.HasPrefix(user, "warbe.") && user != "admin" && user != "pm") {
							t.Errorf("sees %v", u["username"])
						}
					}
				}},
			{"read a WARBE user", "GET", "/users/{id}", func(string) call { return call{params: map[string]string{"id": id("warbe.worker")}} },
				want(404, map[string]int{"admin": 200, "pm": 200, "warbe.manager": 200, "warbe.worker": 200}), nil},
			{"read a BNSK user", "GET", "/users/{id}", func(string) call { return call{params: map[string]string{"id": id("bnsk.worker")}} },
				want(404, map[string]int{"admin": 200, "pm": 200, "bnsk.manager": 200, "bnsk.worker": 200}), nil},
			{"read an IOM viewer", "GET", "/users/{id}", func(string) call { return call{params: map[string]string{"id": id("viewer")}} },
				want(404, map[string]int{"admin": 200, "pm": 200, "viewer": 200}), nil},
			{"read yourself", "GET", "/users/{id}", func(user string) call { return call{params: map[string]string{"id": id(user)}} },
				want(200, nil), nil},
			{"create a BNSK case worker", "POST", "/users", func(user string) call {
				return call{body: jsonBody(map[string]string{"org_id": bnsk, "username": "cw-by-" + user, "role": "case_worker", "password": "a long enough secret"})}
			}, want(403, map[string]int{"admin": 201, "bnsk.manager": 201}), nil},
			{"create a WARBE case worker", "POST", "/users", func(user string) call {
				return call{body: jsonBody(map[string]string{"org_id": warbe, "username": "wcw-by-" + user, "role": "case_worker", "password": "a long enough secret"})}
			}, want(403, map[string]int{"admin": 201, "warbe.manager": 201}), nil},
			{"create a BNSK administrator", "POST", "/users", func(user string) call {
				return call{body: jsonBody(map[string]string{"org_id": bnsk, "username": "adm-by-" + user, "role": "admin", "password": "a long enough secret"})}
			}, want(403, map[string]int{"admin": 201}), nil},
			{"create a programme manager", "POST", "/users", func(user string) call {
				return call{body: jsonBody(map[string]string{"org_id": bnsk, "username": "pm-by-" + user, "role": "programme_manager", "password": "a long enough secret"})}
			}, want(403, map[string]int{"admin": 201}), nil},
			{"rename the BNSK enumerator", "PATCH", "/users/{id}", func(user string) call {
				target := id("bnsk.enumerator")
				return call{params: map[string]string{"id": target}, body: jsonBody(map[string]any{"full_name": "Named by " + user, "version": version(target)})}
			}, want(404, map[string]int{"admin": 200, "bnsk.manager": 200, "bnsk.enumerator": 200, "pm": 403, "bnsk.worker": 403}),
				func(t *testing.T, user string, r *resp) {
					if r.Status == 200 && r.JSON(t)["full_name"] != "Named by "+user {
						t.Errorf("not renamed: %s", r.Body)
					}
				}},
			{"promote yourself", "PATCH", "/users/{id}", func(user string) call {
				role := "admin"
				if user == "admin" {
					role = "viewer"
				}
				return call{params: map[string]string{"id": id(user)}, body: jsonBody(map[string]any{"role": role, "version": version(id(user))})}
			}, want(403, nil), nil},
			{"disable", "POST", "/users/{id}/disable", func(string) call { return call{params: map[string]string{"id": fresh(false)}} },
				want(404, map[string]int{"admin": 200, "bnsk.manager": 200, "pm": 403, "bnsk.worker": 403}),
				func(t *testing.T, _ string, r *resp) {
					if r.Status == 200 && r.JSON(t)["disabled_at"] == nil {
						t.Errorf("not disabled: %s", r.Body)
					}
				}},
			{"disable yourself", "POST", "/users/{id}/disable", func(user string) call { return call{params: map[string]string{"id": id(user)}} },
				want(403, map[string]int{"admin": 422, "bnsk.manager": 422, "warbe.manager": 422}), nil},
			{"enable", "POST", "/users/{id}/enable", func(string) call { return call{params: map[string]string{"id": fresh(true)}} },
				want(404, map[string]int{"admin": 200, "bnsk.manager": 200, "pm": 403, "bnsk.worker": 403}),
				func(t *testing.T, _ string, r *resp) {
					if r.Status == 200 && r.JSON(t)["disabled_at"] != nil {
						t.Errorf("not enabled: %s", r.Body)
					}
				}},
			{"reset a password", "PUT", "/users/{id}/password", func(string) call {
				return call{params: map[string]string{"id": fresh(false)}, body: `{"password":"another long secret"}`}
			}, want(404, map[string]int{"admin": 204, "bnsk.manager": 204, "pm": 403, "bnsk.worker": 403}), nil},
			{"reset your own password", "PUT", "/users/{id}/password", func(user string) call {
				return call{params: map[string]string{"id": id(user)}, body: `{"password":"another long secret"}`}
			}, want(403, nil), nil},
			{"list tokens", "GET", "/tokens", nil, want(200, nil), func(t *testing.T, user string, r *resp) {
				items := r.Items(t)
				if len(items) == 0 {
					t.Error("no tokens listed")
				}
				for _, tk := range items {
					if tk["user_id"] != id(user) {
						t.Errorf("sees a token of %v", tk["user_id"])
					}
				}
			}},
			{"create a token", "POST", "/tokens", func(user string) call { return call{body: `{"name":"script"}`} },
				want(201, nil), func(t *testing.T, user string, r *resp) {
					j := r.JSON(t)
					if tk, _ := j["token"].(string); !strings.HasPrefix(tk, "rmk_") || j["user_id"] != id(user) {
						t.Errorf("created %s", r.Body)
					}
				}},
			{"revoke someone else's token", "DELETE", "/tokens/{id}", func(user string) call {
				other := "admin"
				if user == "admin" {
					other = "pm"
				}
				return call{params: map[string]string{"id": newToken(other)}}
			}, want(404, nil), nil},
			{"revoke your own token", "DELETE", "/tokens/{id}", func(user string) call {
				return call{params: map[string]string{"id": newToken(user)}}
			}, want(204, nil), nil},
			{"read the audit trail", "GET", "/audit", nil, want(403, map[string]int{"admin": 200, "pm": 200}), nil},
			{"change your own password", "PUT", "/me/password", func(string) call {
				return call{body: jsonBody(map[string]string{"current_password": servertest.Password, "new_password": "a brand new passphrase"})}
			}, want(204, nil), nil},
			{"still signed in after the change", "GET", "/me", nil, want(200, nil), nil},
		}

		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				a.t = t
				for _, s := range servertest.Seeded {
					user := s.Username
					var in call
					if c.call != nil {
						in = c.call(user)
					}
					r := a.do(tok[user], c.method, c.path, in.params, in.query, in.body)
					if r.Status != c.want[user] {
						t.Errorf("%s: %s %s = %d, want %d: %.300s", user, c.method, c.path, r.Status, c.want[user], r.Body)
						continue
					}
					if c.check != nil {
						c.check(t, user, r)
					}
					// Viewers and enumerators never receive anyone else's details.
					if (s.Role == app.RoleViewer || s.Role == app.RoleEnumerator) && r.Status < 300 {
						for _, o := range servertest.Seeded {
							if o.Username != user && (strings.Contains(r.Body, `"`+o.Username+`"`) || strings.Contains(r.Body, e.Users[o.Username].ID)) {
								t.Errorf("%s received %s's details: %.300s", user, o.Username, r.Body)
							}
						}
					}
				}
			})
		}
	})
}
