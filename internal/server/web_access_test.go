package server_test

// Who may open and do what in the HTML interface: every route of
// internal/web/routes.go, for an anonymous visitor and each seeded role.

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// The matrix's columns: anonymous first, then the seeded users.
var matrixActors = [9]string{"", "admin", "pm", "viewer", "bnsk.manager", "bnsk.worker", "bnsk.enumerator", "warbe.manager", "warbe.worker"}

// Expected outcomes in the matrix.
const (
	OK = http.StatusOK                  // page shown, or form accepted and re-shown
	GO = http.StatusSeeOther            // done; redirected onwards
	SI = -http.StatusSeeOther           // not signed in: 303 to /signin?next=<this path>
	NO = http.StatusForbidden           // signed in, role may not
	NF = http.StatusNotFound            // outside the actor's scope: indistinguishable from absent
	UE = http.StatusUnprocessableEntity // form re-shown with errors
)

// cell is one request of the matrix: an actor and the record it acts on.
type cell struct {
	t      *testing.T
	e      *servertest.Env
	actor  string
	n      int    // unique per cell, for names
	target string // the {id} in the path
	// params are the other {name}s in the path, and anything else a
	// row's form or check needs to know about its target.
	params map[string]string
}

// accessRoute is one row of the matrix.
type accessRoute struct {
	method, path string // {id} is replaced by the cell's target
	note         string
	target       func(c *cell) string
	// params fills the path's other {name}s (and cell.params), after target.
	params func(c *cell) map[string]string
	form   func(c *cell) url.Values
	// applied reports whether the request's change happened; it must
	// happen exactly when the request succeeded for a signed-in actor.
	applied func(c *cell) bool
	// fresh: the request ends the session, so it gets its own.
	fresh bool
	// want holds one outcome per column of matrixActors: OK, GO, SI, NO,
	// NF or UE, as defined above.
	want string
}

// Targets: a new user for every cell, so a successful change in one cell
// cannot decide the outcome of the next.
func targetUser(org string, role app.Role, disabled bool) func(c *cell) string {
	return func(c *cell) string {
		u := newUser(c.t, c.e, org, fmt.Sprintf("target-%s-%d", strings.ToLower(org), c.n), role)
		if disabled {
			if err := c.e.DB.SetDisabled(bg, app.System, u.ID, true); err != nil {
				c.t.Fatal(err)
			}
		}
		return u.ID
	}
}

func targetMissing(*cell) string { return store.NewID() }

// targetToken creates an API token owned by the actor (own) or by someone else.
func targetToken(own bool) func(c *cell) string {
	return func(c *cell) string {
		owner := c.actor
		if !own || owner == "" {
			owner = "bnsk.enumerator"
			if c.actor == owner {
				owner = "admin"
			}
		}
		_, tok, err := c.e.Auth.CreateAPIToken(bg, c.e.Users[owner].Actor(), fmt.Sprintf("matrix %d", c.n))
		if err != nil {
			c.t.Fatal(err)
		}
		return tok.ID
	}
}

func tokenRevoked(c *cell) bool {
	for _, u := range c.e.Users {
		toks, err := c.e.DB.ListTokens(bg, u.Actor())
		if err != nil {
			c.t.Fatal(err)
		}
		for _, tk := range toks {
			if tk.ID == c.target {
				return tk.RevokedAt != nil
			}
		}
	}
	c.t.Fatalf("token %s vanished", c.target)
	return false
}

func newUserForm(org string, role app.Role) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		return url.Values{"org_id": {c.e.Orgs[org].ID}, "username": {fmt.Sprintf("created-%d", c.n)}, "full_name": {"New Person"},
			"role": {string(role)}, "lang": {"bn"}, "password": {"a long enough secret"}}
	}
}

func userCreated(c *cell) bool { return userExists(c.t, c.e, fmt.Sprintf("created-%d", c.n)) }

// editForm is the edit form as the page would submit it, current version included.
func editForm(role app.Role) func(c *cell) url.Values {
	return func(c *cell) url.Values {
		u := user(c.t, c.e, c.target)
		if role == "" {
			role = u.Role
		}
		return url.Values{"full_name": {fmt.Sprintf("Renamed %d", c.n)}, "role": {string(role)}, "lang": {u.Lang}, "version": {fmt.Sprint(u.Version)}}
	}
}

func renamed(c *cell) bool {
	return user(c.t, c.e, c.target).FullName == fmt.Sprintf("Renamed %d", c.n)
}

func roleIs(r app.Role) func(c *cell) bool {
	return func(c *cell) bool { return user(c.t, c.e, c.target).Role == r }
}

func isDisabled(c *cell) bool { return user(c.t, c.e, c.target).Disabled() }
func isEnabled(c *cell) bool  { return !user(c.t, c.e, c.target).Disabled() }

const resetTo = "reset by the matrix"

func passwordReset(c *cell) bool {
	return hasPassword(c.t, c.e, user(c.t, c.e, c.target).Username, resetTo)
}

func orgCreated(c *cell) bool {
	orgs, err := c.e.DB.ListOrgs(bg)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Code == fmt.Sprintf("NEWORG%d", c.n) {
			return true
		}
	}
	return false
}

func form(kv ...string) func(*cell) url.Values {
	return func(*cell) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
}

// targetPerson registers a person in org (by its case worker) with
// consent to registration, and with a household of two when household.
func targetPerson(org string, household bool) func(c *cell) string {
	return func(c *cell) string {
		worker := strings.ToLower(org) + ".worker"
		p := addPerson(c.t, c.e, worker, registry.Person{NameLatin: fmt.Sprintf("Target %s", matrixWord(c.n)), Sex: "female"})
		if household {
			a := c.e.Users[worker].Actor()
			h, err := c.e.DB.CreateHousehold(bg, a, p.ID, registry.Household{})
			if err != nil {
				c.t.Fatal(err)
			}
			if _, err := c.e.DB.AddMember(bg, a, h.ID, registry.Member{Name: "Spouse", Relationship: "spouse", Sex: "male"}); err != nil {
				c.t.Fatal(err)
			}
		}
		return p.ID
	}
}

// matrixWord spells n in letters, so that names made for different cells
// share no word a search could confuse.
func matrixWord(n int) string {
	s := fmt.Sprint(n)
	b := []byte("q")
	for _, d := range s {
		b = append(b, byte('a'+(d-'0')))
	}
	return string(b)
}

func matrixName(c *cell) string { return "Matrix " + matrixWord(c.n) }

func matrixPerson(c *cell) registry.Person { return person(c.t, c.e, c.target) }

func matrixPersonExists(c *cell) bool {
	rows, err := c.e.DB.SearchPersons(bg, pmActor(c.e), store.PersonQuery{Text: matrixName(c)})
	if err != nil {
		c.t.Fatal(err)
	}
	return slices.ContainsFunc(rows, func(r store.PersonRow) bool { return r.NameLatin == matrixName(c) })
}

// matrixConsents are the target's consents, oldest first.
func matrixConsents(c *cell) []registry.Consent {
	cs, err := c.e.DB.ListConsents(bg, pmActor(c.e), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	slices.Reverse(cs)
	return cs
}

func matrixSkills(c *cell) []registry.Skill {
	s, err := c.e.DB.ListSkills(bg, pmActor(c.e), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

// matrixHousehold names the target's household, its version and its
// second member.
func matrixHousehold(c *cell) map[string]string {
	h := matrixMembers(c)
	return map[string]string{"hid": h.ID, "version": fmt.Sprint(h.Version), "mid": h.Members[1].ID}
}

func matrixMembers(c *cell) registry.Household {
	h, err := c.e.DB.HouseholdByID(bg, pmActor(c.e), matrixPerson(c).HouseholdID)
	if err != nil {
		c.t.Fatal(err)
	}
	return h
}

// accessMatrix: one row per route and situation; want gives the outcome
// for each actor, in the columns of matrixActors.
var accessMatrix = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/"},
	{want: "OK    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "GET", path: "/signin", note: "signed in: sent on"},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/account"},
	{want: "SI    OK    OK    NO    OK    NO    NO    OK    NO",
		method: "GET", path: "/admin/users"},
	{want: "SI    OK    NO    NO    OK    NO    NO    OK    NO",
		method: "GET", path: "/admin/users/new"},
	{want: "SI    OK    NO    NO    OK    NO    NO    NF    NO",
		method: "GET", path: "/admin/users/{id}", note: "BNSK user", target: targetUser("BNSK", app.RoleCaseWorker, false)},
	{want: "SI    OK    NO    NO    NF    NO    NO    OK    NO",
		method: "GET", path: "/admin/users/{id}", note: "WARBE user", target: targetUser("WARBE", app.RoleCaseWorker, false)},
	{want: "SI    OK    NO    NO    NF    NO    NO    NF    NO",
		method: "GET", path: "/admin/users/{id}", note: "IOM user", target: targetUser("IOM", app.RoleViewer, false)},
	{want: "SI    NF    NO    NO    NF    NO    NO    NF    NO",
		method: "GET", path: "/admin/users/{id}", note: "no such user", target: targetMissing},
	{want: "SI    OK    OK    NO    NO    NO    NO    NO    NO",
		method: "GET", path: "/admin/organisations"},
	{want: "SI    OK    OK    NO    NO    NO    NO    NO    NO",
		method: "GET", path: "/audit"},
	{want: "GO    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "POST", path: "/signin", note: "own username, right password", fresh: true,
		form: func(c *cell) url.Values {
			name := c.actor
			if name == "" {
				name = "bnsk.worker"
			}
			return url.Values{"username": {name}, "password": {servertest.Password}}
		}},
	{want: "GO    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "POST", path: "/signout", fresh: true},
	{want: "SI    UE    UE    UE    UE    UE    UE    UE    UE",
		method: "POST", path: "/account/password", note: "wrong current password",
		form:    form("current_password", "not my password", "new_password", "a new long password", "confirm_password", "a new long password"),
		applied: func(c *cell) bool { return c.actor != "" && !hasPassword(c.t, c.e, c.actor, servertest.Password) }},
	{want: "SI    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "POST", path: "/account/signout-everywhere", fresh: true},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "POST", path: "/account/tokens", form: form("name", "matrix token"),
		applied: func(c *cell) bool {
			toks, _ := c.e.DB.ListTokens(bg, c.e.Users[c.actor].Actor())
			return c.actor != "" && len(toks) > 0
		}},
	{want: "SI    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "POST", path: "/account/tokens/{id}/revoke", note: "own token", target: targetToken(true), applied: tokenRevoked},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "POST", path: "/account/tokens/{id}/revoke", note: "someone else's token", target: targetToken(false), applied: tokenRevoked},
	{want: "SI    GO    NO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/admin/users", note: "BNSK case worker", form: newUserForm("BNSK", app.RoleCaseWorker), applied: userCreated},
	{want: "SI    GO    NO    NO    NO    NO    NO    GO    NO",
		method: "POST", path: "/admin/users", note: "WARBE case worker", form: newUserForm("WARBE", app.RoleCaseWorker), applied: userCreated},
	{want: "SI    GO    NO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/admin/users", note: "BNSK org manager", form: newUserForm("BNSK", app.RoleOrgManager), applied: userCreated},
	{want: "SI    GO    NO    NO    NO    NO    NO    NO    NO",
		method: "POST", path: "/admin/users", note: "BNSK admin", form: newUserForm("BNSK", app.RoleAdmin), applied: userCreated},
	{want: "SI    GO    NO    NO    NO    NO    NO    NO    NO",
		method: "POST", path: "/admin/users", note: "BNSK programme manager", form: newUserForm("BNSK", app.RoleProgrammeManager), applied: userCreated},
	{want: "SI    GO    NO    NO    NO    NO    NO    NO    NO",
		method: "POST", path: "/admin/users", note: "IOM viewer", form: newUserForm("IOM", app.RoleViewer), applied: userCreated},
	{want: "SI    GO    NO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}", note: "rename BNSK user", target: targetUser("BNSK", app.RoleCaseWorker, false),
		form: editForm(""), applied: renamed},
	{want: "SI    GO    NO    NO    NF    NO    NO    GO    NO",
		method: "POST", path: "/admin/users/{id}", note: "rename WARBE user", target: targetUser("WARBE", app.RoleCaseWorker, false),
		form: editForm(""), applied: renamed},
	{want: "SI    GO    NO    NO    NF    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}", note: "rename IOM user", target: targetUser("IOM", app.RoleViewer, false),
		form: editForm(""), applied: renamed},
	{want: "SI    GO    NO    NO    NO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}", note: "make BNSK user admin", target: targetUser("BNSK", app.RoleCaseWorker, false),
		form: editForm(app.RoleAdmin), applied: roleIs(app.RoleAdmin)},
	{want: "SI    GO    NO    NO    NO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}", note: "make BNSK user programme manager", target: targetUser("BNSK", app.RoleCaseWorker, false),
		form: editForm(app.RoleProgrammeManager), applied: roleIs(app.RoleProgrammeManager)},
	{want: "SI    GO    NO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}", note: "make BNSK user org manager", target: targetUser("BNSK", app.RoleCaseWorker, false),
		form: editForm(app.RoleOrgManager), applied: roleIs(app.RoleOrgManager)},
	{want: "SI    GO    NO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}/disable", note: "BNSK user", target: targetUser("BNSK", app.RoleCaseWorker, false),
		applied: isDisabled},
	{want: "SI    GO    NO    NO    NF    NO    NO    GO    NO",
		method: "POST", path: "/admin/users/{id}/disable", note: "WARBE user", target: targetUser("WARBE", app.RoleCaseWorker, false),
		applied: isDisabled},
	{want: "SI    GO    NO    NO    NF    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}/disable", note: "IOM user", target: targetUser("IOM", app.RoleViewer, false),
		applied: isDisabled},
	{want: "SI    GO    NO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}/enable", note: "disabled BNSK user", target: targetUser("BNSK", app.RoleCaseWorker, true),
		applied: isEnabled},
	{want: "SI    GO    NO    NO    GO    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}/password", note: "BNSK user", target: targetUser("BNSK", app.RoleCaseWorker, false),
		form: form("new_password", resetTo), applied: passwordReset},
	{want: "SI    GO    NO    NO    NF    NO    NO    GO    NO",
		method: "POST", path: "/admin/users/{id}/password", note: "WARBE user", target: targetUser("WARBE", app.RoleCaseWorker, false),
		form: form("new_password", resetTo), applied: passwordReset},
	{want: "SI    GO    NO    NO    NF    NO    NO    NF    NO",
		method: "POST", path: "/admin/users/{id}/password", note: "IOM user", target: targetUser("IOM", app.RoleViewer, false),
		form: form("new_password", resetTo), applied: passwordReset},
	{want: "SI    GO    NO    NO    NO    NO    NO    NO    NO",
		method: "POST", path: "/admin/organisations",
		form: func(c *cell) url.Values {
			return url.Values{"code": {fmt.Sprintf("NEWORG%d", c.n)}, "name_en": {"New Organisation"}, "kind": {store.OrgCSO}}
		},
		applied: orgCreated},
	// The register (internal/web/people.go). Partner staff see and
	// change their own organisation's people; the programme manager reads
	// every organisation's and changes none; other roles never see them.
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/people"},
	{want: "SI    NO    NO    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/people/new"},
	{want: "SI    NO    OK    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/people/{id}", note: "BNSK person", target: targetPerson("BNSK", false)},
	{want: "SI    NO    OK    NO    NF    NF    NO    OK    OK",
		method: "GET", path: "/people/{id}", note: "WARBE person", target: targetPerson("WARBE", false)},
	{want: "SI    NO    NF    NO    NF    NF    NO    NF    NF",
		method: "GET", path: "/people/{id}", note: "no such person", target: targetMissing},
	{want: "SI    NO    NO    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/people/{id}/edit", note: "BNSK person", target: targetPerson("BNSK", false)},
	{want: "SI    NO    NO    NO    GO    GO    NO    GO    GO",
		method: "POST", path: "/people", note: "with consent",
		form: func(c *cell) url.Values {
			return url.Values{"name_latin": {matrixName(c)}, "sex": {"male"}, "consent": {"1"}, "consent_method": {"verbal"},
				"consent_date": {"2024-01-15"}, "different_person": {"1"}}
		},
		applied: func(c *cell) bool { return matrixPersonExists(c) }},
	{want: "SI    NO    NO    NO    UE    UE    NO    UE    UE",
		method: "POST", path: "/people", note: "without consent",
		form: func(c *cell) url.Values {
			return url.Values{"name_latin": {matrixName(c)}, "sex": {"male"}, "different_person": {"1"}}
		},
		applied: func(c *cell) bool { return matrixPersonExists(c) }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}", note: "rename BNSK person", target: targetPerson("BNSK", false),
		form: func(c *cell) url.Values {
			p := matrixPerson(c)
			return url.Values{"name_latin": {matrixName(c)}, "sex": {p.Sex}, "version": {fmt.Sprint(p.Version)}}
		},
		applied: func(c *cell) bool { return matrixPerson(c).NameLatin == matrixName(c) }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/consents", note: "BNSK person", target: targetPerson("BNSK", false),
		form:    form("purpose", "follow_up", "method", "verbal", "given_on", "2024-02-01"),
		applied: func(c *cell) bool { return len(matrixConsents(c)) == 2 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/consents/{cid}/withdraw", note: "BNSK person's registration consent", target: targetPerson("BNSK", false),
		params: func(c *cell) map[string]string { return map[string]string{"cid": matrixConsents(c)[0].ID} },
		form:   form("note", "asked to stop"),
		applied: func(c *cell) bool {
			return !matrixConsents(c)[0].Active()
		}},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/episodes", note: "BNSK person", target: targetPerson("BNSK", false),
		form: form("destination", "QA", "return_date", "2023-04-05"),
		applied: func(c *cell) bool {
			eps, err := c.e.DB.ListEpisodes(bg, pmActor(c.e), c.target)
			if err != nil {
				c.t.Fatal(err)
			}
			return len(eps) == 1
		}},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/skills", note: "BNSK person", target: targetPerson("BNSK", false),
		form: form("isco", "7411"), applied: func(c *cell) bool { return len(matrixSkills(c)) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/skills/{sid}/remove", note: "BNSK person", target: targetPerson("BNSK", false),
		params: func(c *cell) map[string]string {
			s, err := c.e.DB.AddSkill(bg, c.e.Users["bnsk.worker"].Actor(), registry.Skill{PersonID: c.target, ISCO: "7411"})
			if err != nil {
				c.t.Fatal(err)
			}
			return map[string]string{"sid": s.ID}
		},
		applied: func(c *cell) bool { return len(matrixSkills(c)) == 0 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/household", note: "BNSK person", target: targetPerson("BNSK", false),
		applied: func(c *cell) bool { return matrixPerson(c).HouseholdID != "" }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/household/members", note: "BNSK household", target: targetPerson("BNSK", true),
		params: matrixHousehold,
		form: func(c *cell) url.Values {
			return url.Values{"household_id": {c.params["hid"]}, "name": {"Member"}, "relationship": {"son"}, "sex": {"male"}, "age": {"7"}}
		},
		applied: func(c *cell) bool { return len(matrixMembers(c).Members) == 3 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/household/members/{mid}/remove", note: "BNSK household", target: targetPerson("BNSK", true),
		params:  matrixHousehold,
		form:    func(c *cell) url.Values { return url.Values{"household_id": {c.params["hid"]}} },
		applied: func(c *cell) bool { return len(matrixMembers(c).Members) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/people/{id}/household/update", note: "BNSK household", target: targetPerson("BNSK", true),
		params: matrixHousehold,
		form: func(c *cell) url.Values {
			return url.Values{"household_id": {c.params["hid"]}, "version": {c.params["version"]}, "income_sources": {"fishing"}}
		},
		applied: func(c *cell) bool { return slices.Equal(matrixMembers(c).IncomeSources, []string{"fishing"}) }},
	// Last: it changes the users' language.
	{want: "GO    GO    GO    GO    GO    GO    GO    GO    GO",
		method: "POST", path: "/lang", form: form("lang", "bn", "return", "/account"),
		applied: func(c *cell) bool {
			return c.actor != "" && c.e.Users[c.actor].ID != "" && user(c.t, c.e, c.e.Users[c.actor].ID).Lang == "bn"
		}},
}

// outcomes reads a row's expectations.
func outcomes(t *testing.T, row string) [9]int {
	t.Helper()
	codes := map[string]int{"OK": OK, "GO": GO, "SI": SI, "NO": NO, "NF": NF, "UE": UE}
	var out [9]int
	f := strings.Fields(row)
	if len(f) != len(out) {
		t.Fatalf("matrix row %q has %d columns, want %d", row, len(f), len(out))
	}
	for i, c := range f {
		v, ok := codes[c]
		if !ok {
			t.Fatalf("matrix row %q: unknown outcome %q", row, c)
		}
		out[i] = v
	}
	return out
}

// TestWebRoleRouteMatrix sends every route, as every actor, and checks the
// status, where redirects go, and that a refused request changed nothing
// while an accepted one took effect.
func TestWebRoleRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, accessMatrix)
}

// runAccessMatrix sends each row of a matrix as every actor, on both
// engines. Each area of the interface keeps its own rows in its own test
// file and runs them with this.
func runAccessMatrix(t *testing.T, rows []accessRoute) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		browsers := map[string]*servertest.Browser{}
		n := 0
		for _, rt := range rows {
			name := rt.method + " " + rt.path
			if rt.note != "" {
				name += " (" + rt.note + ")"
			}
			for i, actor := range matrixActors {
				n++
				c := &cell{t: t, e: e, actor: actor, n: n}
				who := actor
				if who == "" {
					who = "anonymous"
				}
				path := rt.path
				if rt.target != nil {
					c.target = rt.target(c)
					path = strings.ReplaceAll(path, "{id}", c.target)
				}
				if rt.params != nil {
					c.params = rt.params(c)
					for k, v := range c.params {
						path = strings.ReplaceAll(path, "{"+k+"}", v)
					}
				}
				var f url.Values
				if rt.form != nil {
					f = rt.form(c)
				}
				b := browsers[actor]
				if b == nil || rt.fresh {
					b = browser(e, actor)
					browsers[actor] = b
				}
				if rt.fresh {
					delete(browsers, actor)
				}
				r := send(e, b, rt.method, path, f, true, nil)
				want := outcomes(t, rt.want)[i]
				switch {
				case want == SI:
					wantRedirect(t, fmt.Sprintf("%s as %s", name, who), r, signinURL(path))
				case r.StatusCode != want:
					t.Errorf("%s as %s: status %d, want %d", name, who, r.StatusCode, want)
				}
				if rt.applied != nil {
					ok := actor != "" && (want == OK || want == GO)
					if got := rt.applied(c); got != ok {
						t.Errorf("%s as %s: change applied = %v, want %v", name, who, got, ok)
					}
				}
			}
		}
	})
}

// TestWebMatrixCoversEveryRoute fails when internal/web/routes.go gains a
// route that the matrix above does not try.
func TestWebMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, accessMatrix, "routes.go", "people.go")
}

// matrixCovers fails when one of the named files of internal/web
// registers a route that has no row in rows.
func matrixCovers(t *testing.T, rows []accessRoute, files ...string) {
	t.Helper()
	var src []byte
	for _, name := range files {
		b, err := os.ReadFile("../web/" + name)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	routes := regexp.MustCompile(`mux\.HandleFunc\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) == 0 {
		t.Fatalf("found no routes in %v", files)
	}
	tried := map[string]bool{}
	for _, rt := range rows {
		tried[rt.method+" "+rt.path] = true
	}
	for _, m := range routes {
		pattern := m[1] + " " + strings.ReplaceAll(m[2], "{$}", "")
		if !tried[pattern] {
			t.Errorf("route %s %s has no row in the access matrix", m[1], m[2])
		}
	}
}
