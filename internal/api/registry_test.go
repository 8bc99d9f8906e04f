package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// The register's and the cases' routes: fixtures made through the store,
// so each test starts from a known world, and the routes under test are
// then called through the real HTTP stack with tokens. Every answer is
// checked against the OpenAPI document (client.do).

var regCtx = context.Background()

// regWorld holds a project open to BNSK and WARBE, and what the tests add.
type regWorld struct {
	t       *testing.T
	e       *servertest.Env
	project store.Project
	n       int
}

func newRegWorld(t *testing.T, e *servertest.Env) *regWorld {
	t.Helper()
	pr, err := e.DB.CreateProject(regCtx, e.Users["pm"].Actor(), store.Project{Code: "LM.0379", Title: "REMA(K)ER",
		BudgetMinor: 20_000_000, PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return &regWorld{t: t, e: e, project: pr}
}

func (w *regWorld) actor(user string) app.Actor { return w.e.Users[user].Actor() }

func regDate(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

// regRahim is the returnee most tests are about.
func regRahim() registry.Person {
	return registry.Person{NameLatin: "Md. Abdur Rahim", NameBn: "মোঃ আব্দুর রহিম", Sex: "male", BirthDate: regDate("1988-04-12"),
		Phones: []string{"+880 1711-234567"}, NID: "1990123456789", District: "BD2051", Village: "Char Alexander"}
}

// person registers p in user's organisation, with consent to registration
// when consent is true.
func (w *regWorld) person(user string, p registry.Person, consent bool) registry.Person {
	w.t.Helper()
	p, err := w.e.DB.CreatePerson(regCtx, w.actor(user), p)
	if err != nil {
		w.t.Fatal(err)
	}
	if consent {
		w.consent(user, p.ID, registry.PurposeRegistration)
	}
	return p
}

func (w *regWorld) consent(user, personID, purpose string) registry.Consent {
	w.t.Helper()
	c, err := w.e.DB.AddConsent(regCtx, w.actor(user), registry.Consent{PersonID: personID, Purpose: purpose, Method: "thumbprint",
		GivenOn: *regDate("2024-01-10")})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// fresh registers a new person with consent in user's organisation.
func (w *regWorld) fresh(user string) registry.Person {
	w.n++
	return w.person(user, registry.Person{NameLatin: fmt.Sprintf("Fresh Person %d", w.n), Sex: "female"}, true)
}

// openCase opens a case for a person of user's organisation.
func (w *regWorld) openCase(user, personID string) casework.Case {
	w.t.Helper()
	c, err := w.e.DB.OpenCase(regCtx, w.actor(user), store.NewCase{PersonID: personID, ProjectID: w.project.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// freshCase opens a case for a new person of user's organisation.
func (w *regWorld) freshCase(user string) casework.Case { return w.openCase(user, w.fresh(user).ID) }

func (w *regWorld) household(user, personID string) registry.Household {
	w.t.Helper()
	h, err := w.e.DB.CreateHousehold(regCtx, w.actor(user), personID, registry.Household{IncomeSources: []string{"agriculture"}})
	if err != nil {
		w.t.Fatal(err)
	}
	return h
}

// str reads a string member of a JSON object.
func jstr(m map[string]any, key string) string { s, _ := m[key].(string); return s }

// version reads the version member of a JSON object.
func jversion(m map[string]any) int { f, _ := m["version"].(float64); return int(f) }

// regCall is one request of a role matrix row.
type regCall struct {
	params      map[string]string
	query, body string
}

// regRow is a row of a role x route matrix: a route, how each user calls
// it, the status each user gets, and what to check in the answer.
type regRow struct {
	name, method, path string
	call               func(user string) regCall
	want               map[string]int
	check              func(t *testing.T, user string, r *resp)
}

// Expected statuses on a record of BNSK: programme managers and BNSK's
// managers and case workers read it; only BNSK's write it; WARBE's are
// told it does not exist; the roles that never see returnees are refused.
func readBNSK(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"pm": ok, "bnsk.manager": ok, "bnsk.worker": ok,
		"warbe.manager": http.StatusNotFound, "warbe.worker": http.StatusNotFound})
}

func writeBNSK(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"bnsk.manager": ok, "bnsk.worker": ok,
		"warbe.manager": http.StatusNotFound, "warbe.worker": http.StatusNotFound})
}

// readers is the status for a list every returnee reader may call.
func readers(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"pm": ok, "bnsk.manager": ok, "bnsk.worker": ok, "warbe.manager": ok, "warbe.worker": ok})
}

// runMatrix calls every row as every seeded user. secrets are texts no
// refused answer may contain (names of the BNSK person).
func runMatrix(t *testing.T, a *client, rows []regRow, secrets []string) {
	tok := tokens(a.e)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			a.t = t
			for _, s := range servertest.Seeded {
				user := s.Username
				var in regCall
				if row.call != nil {
					in = row.call(user)
				}
				r := a.do(tok[user], row.method, row.path, in.params, in.query, in.body)
				if r.Status != row.want[user] {
					t.Errorf("%s: %s %s = %d, want %d: %.300s", user, row.method, row.path, r.Status, row.want[user], r.Body)
					continue
				}
				if r.Status >= 400 {
					for _, sec := range secrets {
						if strings.Contains(r.Body, sec) {
							t.Errorf("%s: a refusal reveals %q: %.300s", user, sec, r.Body)
						}
					}
				}
				if c := row.check; c != nil && r.Status < 300 {
					c(t, user, r)
				}
			}
		})
	}
}

// orgsSeen lists the org_code of every item of a list answer.
func orgsSeen(t *testing.T, r *resp) []string {
	var out []string
	for _, it := range r.Items(t) {
		if c := jstr(it, "org_code"); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// wantOrgs checks that a list shows exactly the organisations the user
// may see: every one for the programme manager, their own for the rest.
func wantOrgs(t *testing.T, user string, r *resp) {
	t.Helper()
	w := []string{"BNSK", "WARBE"}
	if strings.HasPrefix(user, "bnsk.") {
		w = []string{"BNSK"}
	} else if strings.HasPrefix(user, "warbe.") {
		w = []string{"WARBE"}
	}
	if got := orgsSeen(t, r); !slices.Equal(got, w) {
		t.Errorf("%s sees organisations %v, want %v", user, got, w)
	}
}

// registryMatrix is the access policy of the register's routes.
func registryMatrix(w *regWorld) ([]regRow, []string) {
	e := w.e
	rahim := w.person("bnsk.worker", regRahim(), true)
	karim := w.person("warbe.worker", registry.Person{NameLatin: "Karim Uddin", NameBn: "করিম উদ্দিন", Sex: "male"}, true)
	h := w.household("bnsk.worker", rahim.ID)
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	n := 0
	next := func() int { n++; return n }
	rows := []regRow{
		{"list projects", "GET", "/projects", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if items := r.Items(t); len(items) == 0 || jstr(items[len(items)-1], "code") == "" {
				t.Errorf("projects: %s", r.Body)
			}
		}},
		{"projects open to BNSK", "GET", "/projects", func(string) regCall { return regCall{query: "open_to=" + e.Orgs["BNSK"].ID} },
			want(200, nil), func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != w.project.ID {
					t.Errorf("open to BNSK: %s", r.Body)
				}
			}},
		{"projects open to IOM", "GET", "/projects", func(string) regCall { return regCall{query: "open_to=" + e.Orgs["IOM"].ID} },
			want(200, nil), func(t *testing.T, _ string, r *resp) {
				if len(r.Items(t)) != 0 {
					t.Errorf("open to IOM: %s", r.Body)
				}
			}},
		{"read a project", "GET", "/projects/{id}", func(string) regCall { return regCall{params: id(w.project.ID)} }, want(200, nil), nil},
		{"add a project", "POST", "/projects", func(user string) regCall {
			return regCall{body: jsonBody(map[string]any{"code": fmt.Sprintf("LM.%04d", next()), "title": "By " + user,
				"partner_ids": []string{e.Orgs["BNSK"].ID}})}
		}, want(403, map[string]int{"admin": 201, "pm": 201}), func(t *testing.T, user string, r *resp) {
			if jstr(r.JSON(t), "title") != "By "+user || r.Header.Get("Location") != "/api/v1/projects/"+jstr(r.JSON(t), "id") {
				t.Errorf("created %s (Location %q)", r.Body, r.Header.Get("Location"))
			}
		}},

		{"list people", "GET", "/people", nil, readers(200), wantOrgs},
		{"search for the BNSK person", "GET", "/people", func(string) regCall { return regCall{query: "q=rahim"} },
			readers(200), func(t *testing.T, user string, r *resp) {
				found := len(r.Items(t)) == 1 && jstr(r.Items(t)[0], "id") == rahim.ID
				if sees := !strings.HasPrefix(user, "warbe."); found != sees || (!sees && len(r.Items(t)) != 0) {
					t.Errorf("%s searching rahim: %s", user, r.Body)
				}
			}},
		{"list WARBE's people", "GET", "/people", func(string) regCall { return regCall{query: "org_id=" + e.Orgs["WARBE"].ID} },
			readers(200), func(t *testing.T, user string, r *resp) {
				if got := orgsSeen(t, r); strings.HasPrefix(user, "bnsk.") && len(got) != 0 || !strings.HasPrefix(user, "bnsk.") && !slices.Equal(got, []string{"WARBE"}) {
					t.Errorf("%s sees %v", user, got)
				}
			}},
		{"register a person", "POST", "/people", func(user string) regCall {
			return regCall{body: jsonBody(map[string]any{"name_latin": "Registered by " + user, "sex": "female",
				"consent": map[string]string{"method": "verbal", "given_on": "2024-02-01"}})}
		}, want(403, map[string]int{"bnsk.manager": 201, "bnsk.worker": 201, "warbe.manager": 201, "warbe.worker": 201}),
			func(t *testing.T, user string, r *resp) {
				if jstr(r.JSON(t), "org_id") != e.Users[user].OrgID {
					t.Errorf("registered in %v", r.JSON(t)["org_id"])
				}
			}},
		{"read the BNSK person", "GET", "/people/{id}", func(string) regCall { return regCall{params: id(rahim.ID)} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if jstr(r.JSON(t), "name_bn") != rahim.NameBn {
					t.Errorf("read %s", r.Body)
				}
			}},
		{"read the WARBE person", "GET", "/people/{id}", func(string) regCall { return regCall{params: id(karim.ID)} },
			want(403, map[string]int{"pm": 200, "warbe.manager": 200, "warbe.worker": 200, "bnsk.manager": 404, "bnsk.worker": 404}), nil},
		{"change a BNSK person", "PATCH", "/people/{id}", func(string) regCall {
			return regCall{params: id(w.fresh("bnsk.worker").ID), body: `{"village":"Ramgati","version":1}`}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "village") != "Ramgati" || jversion(r.JSON(t)) != 2 {
				t.Errorf("patched %s", r.Body)
			}
		}},
		{"list consents", "GET", "/people/{id}/consents", func(string) regCall { return regCall{params: id(rahim.ID)} }, readBNSK(200), nil},
		{"add a consent", "POST", "/people/{id}/consents", func(string) regCall {
			return regCall{params: id(rahim.ID), body: `{"purpose":"follow_up","method":"written","given_on":"2024-03-01"}`}
		}, writeBNSK(201), nil},
		{"withdraw a consent", "POST", "/people/{id}/consents/{consent_id}/withdraw", func(string) regCall {
			c := w.consent("bnsk.worker", rahim.ID, registry.PurposePhoto)
			return regCall{params: map[string]string{"id": rahim.ID, "consent_id": c.ID}, body: `{"note":"changed her mind"}`}
		}, writeBNSK(200), func(t *testing.T, _ string, r *resp) {
			if r.JSON(t)["active"] != false || jstr(r.JSON(t), "withdrawal_note") != "changed her mind" {
				t.Errorf("withdrawn %s", r.Body)
			}
		}},
		{"list episodes", "GET", "/people/{id}/episodes", func(string) regCall { return regCall{params: id(rahim.ID)} }, readBNSK(200), nil},
		{"add an episode", "POST", "/people/{id}/episodes", func(string) regCall {
			return regCall{params: id(rahim.ID), body: `{"destination":"SA","return_date":"2023-06-15"}`}
		}, writeBNSK(201), nil},
		{"list skills", "GET", "/people/{id}/skills", func(string) regCall { return regCall{params: id(rahim.ID)} }, readBNSK(200), nil},
		{"add a skill", "POST", "/people/{id}/skills", func(string) regCall {
			return regCall{params: id(rahim.ID), body: `{"isco":"7112","years":3}`}
		}, writeBNSK(201), nil},
		{"remove a skill", "DELETE", "/people/{id}/skills/{skill_id}", func(string) regCall {
			sk, err := e.DB.AddSkill(regCtx, w.actor("bnsk.worker"), registry.Skill{PersonID: rahim.ID, ISCO: "7112"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": rahim.ID, "skill_id": sk.ID}}
		}, writeBNSK(204), nil},
		{"start a household", "POST", "/people/{id}/household", func(string) regCall {
			return regCall{params: id(w.fresh("bnsk.worker").ID), body: `{"income_sources":["remittances"]}`}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			if m, _ := r.JSON(t)["members"].([]any); len(m) != 1 {
				t.Errorf("new household: %s", r.Body)
			}
		}},
		{"read a household", "GET", "/households/{id}", func(string) regCall { return regCall{params: id(h.ID)} }, readBNSK(200), nil},
		{"change a household", "PATCH", "/households/{id}", func(string) regCall {
			cur, err := e.DB.HouseholdByID(regCtx, w.actor("bnsk.worker"), h.ID)
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: id(h.ID), body: jsonBody(map[string]any{"notes": "Tin roof", "version": cur.Version})}
		}, writeBNSK(200), nil},
		{"add a member", "POST", "/households/{id}/members", func(string) regCall {
			return regCall{params: id(h.ID), body: `{"name":"Rahima Khatun","relationship":"spouse","sex":"female","age":30}`}
		}, writeBNSK(201), nil},
		{"remove a member", "DELETE", "/households/{id}/members/{member_id}", func(string) regCall {
			m, err := e.DB.AddMember(regCtx, w.actor("bnsk.worker"), h.ID, registry.Member{Name: "Temporary", Relationship: "other", Sex: "male"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": h.ID, "member_id": m.ID}}
		}, writeBNSK(204), nil},
	}
	return rows, []string{rahim.NameLatin, rahim.NameBn, rahim.NID}
}

func TestRegistryRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newRegWorld(t, e)
		rows, secrets := registryMatrix(w)
		runMatrix(t, newAPI(t, e), rows, secrets)
	})
}

// Every route of the register and the cases is in one of the two matrices.
func TestRegistryAndCaseRoutesAreInTheMatrices(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		rows, _ := registryMatrix(w)
		crows, _ := caseMatrix(w)
		covered := map[string]bool{}
		for _, r := range append(rows, crows...) {
			covered[r.method+" "+r.path] = true
		}
		var mine int
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			tags, _ := a.operation(method, path)["tags"].([]any)
			if len(tags) != 1 || !slices.Contains([]any{"projects", "people", "households", "cases"}, tags[0]) {
				continue
			}
			mine++
			if !covered[key] {
				t.Errorf("%s is in no role matrix", key)
			}
		}
		if mine < 30 {
			t.Errorf("only %d operations tagged projects, people, households or cases", mine)
		}
	})
}

func TestRegisterWithConsentAndValidation(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		post := func(body any) *resp { return a.do(cw, "POST", "/people", nil, "", jsonBody(body)) }
		count := func(q string) int {
			r := a.do(cw, "GET", "/people", nil, "q="+url.QueryEscape(q), "")
			if r.Status != 200 {
				t.Fatalf("search: %d %s", r.Status, r.Body)
			}
			return len(r.Items(t))
		}

		// A bad consent leaves nothing behind, and every wrong field is named at once.
		r := post(map[string]any{"name_latin": "Nasima Akter", "sex": "female", "birth_date": "2999-01-01",
			"consent": map[string]any{"method": "email", "given_on": "2999-01-01"}})
		wantFields(t, "bad person and consent", r, "birth_date", "consent.method", "consent.given_on")
		r = post(map[string]any{"name_latin": "Nasima Akter", "sex": "female", "consent": map[string]any{"method": "written", "given_on": "10/01/2024"}})
		wantFields(t, "consent date format", r, "consent.given_on")
		if msg := jstr(r.Errors(t), "consent.given_on"); !strings.Contains(msg, "YYYY-MM-DD") {
			t.Errorf("date message: %q", msg)
		}
		wantFields(t, "empty consent", post(map[string]any{"name_latin": "Nasima Akter", "sex": "female", "consent": map[string]any{}}),
			"consent.method", "consent.given_on")
		wantFields(t, "unknown consent field", post(map[string]any{"name_latin": "Nasima Akter", "sex": "female",
			"consent": map[string]any{"method": "written", "given_on": "2024-01-10", "purpose": "photo"}}), "purpose")
		if n := count("Nasima"); n != 0 {
			t.Fatalf("a refused registration left %d people behind", n)
		}

		// A good one stores both.
		r = post(map[string]any{"name_latin": "Nasima Akter", "name_bn": "নাসিমা আক্তার", "sex": "female", "birth_date": "১৯৯০-০৫-০১",
			"wg": map[string]int{"seeing": 1, "walking": 3}, "phones": []string{"01811-000111"}, "district": "BD2051",
			"consent": map[string]any{"method": "written", "given_on": "2024-01-10"}})
		if r.Status != http.StatusCreated {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		p := r.JSON(t)
		if jstr(p, "birth_date") != "1990-05-01" || jstr(p, "division") == "" || jstr(p, "phones") != "" ||
			r.Header.Get("Location") != "/api/v1/people/"+jstr(p, "id") || p["wg"].(map[string]any)["walking"] != float64(3) {
			t.Errorf("registered: %s (Location %q)", r.Body, r.Header.Get("Location"))
		}
		if ph, _ := p["phones"].([]any); len(ph) != 1 || ph[0] != "01811000111" {
			t.Errorf("phones: %v", p["phones"])
		}
		cons := a.do(cw, "GET", "/people/{id}/consents", map[string]string{"id": jstr(p, "id")}, "", "").Items(t)
		if len(cons) != 1 || jstr(cons[0], "purpose") != "registration" || jstr(cons[0], "given_on") != "2024-01-10" || cons[0]["active"] != true {
			t.Errorf("consents: %v", cons)
		}
		// Without consent is allowed too; no consent is recorded.
		r = post(map[string]any{"name_latin": "Without Consent", "sex": "male"})
		if r.Status != 201 || len(a.do(cw, "GET", "/people/{id}/consents", map[string]string{"id": jstr(r.JSON(t), "id")}, "", "").Items(t)) != 0 {
			t.Errorf("without consent: %d %s", r.Status, r.Body)
		}

		// Bad input: 422 naming the field.
		bad := []struct {
			name   string
			body   any
			fields []string
		}{
			{"future birth date", map[string]any{"name_latin": "X", "sex": "male", "birth_date": "2999-01-01"}, []string{"birth_date"}},
			{"bad date format", map[string]any{"name_latin": "X", "sex": "male", "birth_date": "12/04/1988"}, []string{"birth_date"}},
			{"impossible date", map[string]any{"name_latin": "X", "sex": "male", "birth_date": "1988-02-30"}, []string{"birth_date"}},
			{"unknown P-code", map[string]any{"name_latin": "X", "sex": "male", "district": "BD9999"}, []string{"district"}},
			{"unknown field", map[string]any{"name_latin": "X", "sex": "male", "nickname": "Babu"}, []string{"nickname"}},
			{"no name, no sex", map[string]any{}, []string{"name_latin", "sex"}},
			{"wrong type", map[string]any{"name_latin": "X", "sex": 1}, []string{"sex"}},
			{"bad NID", map[string]any{"name_latin": "X", "sex": "male", "nid": "12345"}, []string{"nid"}},
			{"bad WG answer", map[string]any{"name_latin": "X", "sex": "male", "wg": map[string]int{"seeing": 7, "smell": 1}}, []string{"wg.seeing", "wg.smell"}},
			{"bad codes", map[string]any{"name_latin": "X", "sex": "male", "religion": "jedi", "education": "phd", "remigrate": "never",
				"languages": []string{"klingon"}}, []string{"religion", "education", "remigrate", "languages"}},
			{"NUL in a list", map[string]any{"name_latin": "X", "sex": "male", "languages": []string{"bn\u0000"}}, []string{"languages"}},
			{"NUL in the consent", map[string]any{"name_latin": "X", "sex": "male", "consent": map[string]any{"method": "written\u0000", "given_on": "2024-01-10"}},
				[]string{"consent.method"}},
		}
		for _, c := range bad {
			wantFields(t, c.name, post(c.body), c.fields...)
		}
		if n := count("X"); n != 0 {
			t.Errorf("refused registrations left %d people behind", n)
		}

		// A national ID registered in the organisation: 409 naming nid; another organisation may.
		w.person("bnsk.worker", regRahim(), true)
		dup := map[string]any{"name_latin": "Abdur Rahim", "sex": "male", "nid": "1990123456789"}
		r = post(dup)
		if r.Status != http.StatusConflict || jstr(r.Errors(t), "nid") == "" {
			t.Errorf("duplicate NID: %d %s", r.Status, r.Body)
		}
		if r := a.do(e.Token("warbe.worker"), "POST", "/people", nil, "", jsonBody(dup)); r.Status != http.StatusCreated {
			t.Errorf("same NID in WARBE: %d %s", r.Status, r.Body)
		}

		// In Bangla when asked.
		a.Header = http.Header{"Accept-Language": {"bn"}}
		r = post(map[string]any{"name_latin": "X", "sex": "male", "birth_date": "12/04/1988"})
		a.Header = nil
		if msg := jstr(r.Errors(t), "birth_date"); msg != "তারিখ YYYY-MM-DD আকারে লিখুন, যেমন 2024-03-05" {
			t.Errorf("Bangla date message: %q", msg)
		}
	})
}

func TestPersonPatch(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw, mgr := e.Token("bnsk.worker"), e.Token("bnsk.manager")
		district := refdata.Children("BD2051")
		if len(district) == 0 {
			t.Fatal("no upazilas in BD2051")
		}
		p := regRahim()
		p.District, p.Upazila = "", district[0].Pcode
		p = w.person("bnsk.worker", p, true)
		if p.District != "BD2051" {
			t.Fatalf("the upazila did not fix the district: %+v", p)
		}
		id := map[string]string{"id": p.ID}
		patch := func(token string, body any) *resp {
			return a.do(token, "PATCH", "/people/{id}", id, "", jsonBody(body))
		}

		// Two people read version 1; the first save wins, fields left out keep their value.
		r := patch(cw, map[string]any{"village": "Ramgati", "birth_estimated": true, "version": 1})
		if r.Status != 200 || jversion(r.JSON(t)) != 2 || jstr(r.JSON(t), "village") != "Ramgati" || jstr(r.JSON(t), "name_bn") != p.NameBn ||
			jstr(r.JSON(t), "nid") != p.NID || jstr(r.JSON(t), "birth_date") != "1988-04-12" || r.JSON(t)["birth_estimated"] != true {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		r = patch(mgr, map[string]any{"village": "Somewhere else", "name_latin": "Someone", "version": 1})
		if r.Status != http.StatusConflict || jstr(r.JSON(t), "code") != "conflict" {
			t.Errorf("stale patch: %d %s", r.Status, r.Body)
		}
		got := a.do(cw, "GET", "/people/{id}", id, "", "").JSON(t)
		if jstr(got, "village") != "Ramgati" || jstr(got, "name_latin") != p.NameLatin || jversion(got) != 2 {
			t.Errorf("the stale patch wrote something: %v", got)
		}

		// The address changes as a whole: a new district clears the old upazila.
		var other string
		for _, u := range refdata.Units(refdata.District) {
			if u.Pcode != "BD2051" {
				other = u.Pcode
				break
			}
		}
		r = patch(cw, map[string]any{"district": other, "version": 2})
		if r.Status != 200 || jstr(r.JSON(t), "district") != other || r.JSON(t)["upazila"] != nil || jstr(r.JSON(t), "division") == "" {
			t.Errorf("moved district: %d %s", r.Status, r.Body)
		}
		// "" clears; [] clears a list; {} clears the WG answers.
		r = patch(cw, map[string]any{"birth_date": "", "phones": []string{}, "wg": map[string]int{}, "nid": "", "version": 3})
		if j := r.JSON(t); r.Status != 200 || j["birth_date"] != nil || len(j["phones"].([]any)) != 0 || j["wg"] != nil || j["nid"] != nil {
			t.Errorf("clearing: %d %s", r.Status, r.Body)
		}
		// The search index follows: the old phone no longer finds the person.
		if n := len(a.do(cw, "GET", "/people", nil, "q=01711234567", "").Items(t)); n != 0 {
			t.Errorf("a cleared phone still finds the person (%d)", n)
		}

		wantFields(t, "no version", patch(cw, map[string]any{"village": "X"}), "version")
		wantFields(t, "version 0", patch(cw, map[string]any{"village": "X", "version": 0}), "version")
		wantFields(t, "bad date", patch(cw, map[string]any{"birth_date": "1988-4-12", "version": 4}), "birth_date")
		wantFields(t, "bad sex", patch(cw, map[string]any{"sex": "robot", "version": 4}), "sex")
		wantFields(t, "unknown field", patch(cw, map[string]any{"household_id": "x", "version": 4}), "household_id")
		// Refusals come before anything else: the programme manager and WARBE.
		if r := patch(e.Token("pm"), map[string]any{"version": 4}); r.Status != 403 {
			t.Errorf("pm patch: %d", r.Status)
		}
		if r := patch(e.Token("warbe.worker"), map[string]any{"village": "X", "version": 4}); r.Status != 404 {
			t.Errorf("WARBE patch: %d", r.Status)
		}
		if got := a.do(cw, "GET", "/people/{id}", id, "", "").JSON(t); jversion(got) != 4 {
			t.Errorf("refused patches changed the version: %v", got["version"])
		}
	})
}

func TestSearchPeople(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		// Registered through the API, as a program would.
		r := a.do(cw, "POST", "/people", nil, "", jsonBody(map[string]any{"name_latin": "Md. Abdur Rahim", "name_bn": "মোঃ আব্দুর রহিম",
			"sex": "male", "phones": []string{"+880 1711-234567"}, "nid": "1990123456789", "district": "BD2051"}))
		if r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Body)
		}
		rahim := jstr(r.JSON(t), "id")
		w.person("bnsk.worker", registry.Person{NameLatin: "Karim Uddin", NameBn: "করিম উদ্দিন", Sex: "male", Phones: []string{"01819000222"}}, false)
		w.person("warbe.worker", registry.Person{NameLatin: "Mohammad Rahim Sheikh", Sex: "male", Phones: []string{"01711234567"}}, false)

		for _, q := range []string{"রহিম", "মোঃ রহিম", "মোহাম্মদ আব্দুর", "Rahim", "Mohammad Rahim", "Muhammad Abdur", "md rah", "rohim",
			"01711234567", "+8801711-234567", "০১৭১১২৩৪৫৬৭", "234567", "1990123456789"} {
			items := a.do(cw, "GET", "/people", nil, "q="+url.QueryEscape(q), "").Items(t)
			if len(items) != 1 || jstr(items[0], "id") != rahim || jstr(items[0], "org_code") != "BNSK" {
				t.Errorf("q=%q finds %d: %v", q, len(items), items)
			}
		}
		// WARBE's worker finds WARBE's Rahim only; the programme manager both.
		if items := a.do(e.Token("warbe.worker"), "GET", "/people", nil, "q=rahim", "").Items(t); len(items) != 1 || jstr(items[0], "org_code") != "WARBE" {
			t.Errorf("WARBE searching rahim: %v", items)
		}
		if items := a.do(e.Token("pm"), "GET", "/people", nil, "q=01711234567", "").Items(t); len(items) != 2 {
			t.Errorf("pm searching the phone: %v", items)
		}
		// Filters.
		a.do(cw, "POST", "/people/{id}/episodes", map[string]string{"id": rahim}, "", `{"destination":"SA","departure_date":"2018-03-01","return_date":"2023-06-15"}`)
		filters := map[string]int{"sex=male": 2, "sex=female": 0, "district=BD2051": 1, "district=bd2051": 1, "destination=SA": 1,
			"destination=qa": 0, "return_year=2023": 1, "return_year=2022": 0, "return_year=২০২৩&destination=SA": 1, "q=karim&sex=male": 1}
		for q, n := range filters {
			if got := len(a.do(cw, "GET", "/people", nil, q, "").Items(t)); got != n {
				t.Errorf("%s: %d, want %d", q, got, n)
			}
		}
		for q, f := range map[string]string{"limit=0": "limit", "limit=201": "limit", "offset=-1": "offset", "return_year=abc": "return_year",
			"district=BD9999": "district", "destination=XX": "destination", "sex=robot": "sex", "name=rahim": "name",
			"q=" + strings.Repeat("a", 201): "q"} {
			wantFields(t, q, a.do(cw, "GET", "/people", nil, q, ""), f)
		}
	})
}

func TestPeoplePaging(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		for i := range 5 {
			w.person("bnsk.worker", registry.Person{NameLatin: fmt.Sprintf("Pager %c", 'A'+i), Sex: "female"}, false)
		}
		var names []string
		offset := ""
		for page := 0; page < 5; page++ {
			r := a.do(cw, "GET", "/people", nil, "q=pager&limit=2"+offset, "")
			for _, it := range r.Items(t) {
				names = append(names, jstr(it, "name_latin"))
			}
			next, ok := r.JSON(t)["next_offset"].(float64)
			if !ok {
				break
			}
			offset = fmt.Sprintf("&offset=%d", int(next))
		}
		if !slices.Equal(names, []string{"Pager A", "Pager B", "Pager C", "Pager D", "Pager E"}) {
			t.Errorf("paged: %v", names)
		}
		// At the store's ceiling of 200, the next page is looked for too.
		for i := 5; i < 200; i++ {
			w.person("bnsk.worker", registry.Person{NameLatin: fmt.Sprintf("Pager %03d", i), Sex: "male"}, false)
		}
		if r := a.do(cw, "GET", "/people", nil, "q=pager&limit=200", ""); len(r.Items(t)) != 200 || r.JSON(t)["next_offset"] != nil {
			t.Errorf("exactly 200: %d items, next %v", len(r.Items(t)), r.JSON(t)["next_offset"])
		}
		w.person("bnsk.worker", registry.Person{NameLatin: "Pager last", Sex: "male"}, false)
		r := a.do(cw, "GET", "/people", nil, "q=pager&limit=200", "")
		if len(r.Items(t)) != 200 || r.JSON(t)["next_offset"] != float64(200) {
			t.Errorf("201: %d items, next %v", len(r.Items(t)), r.JSON(t)["next_offset"])
		}
		if r := a.do(cw, "GET", "/people", nil, "q=pager&limit=200&offset=200", ""); len(r.Items(t)) != 1 || r.JSON(t)["next_offset"] != nil {
			t.Errorf("last page: %d items, next %v", len(r.Items(t)), r.JSON(t)["next_offset"])
		}
		// The default page is 50.
		if r := a.do(cw, "GET", "/people", nil, "", ""); len(r.Items(t)) != 50 || r.JSON(t)["next_offset"] != float64(50) {
			t.Errorf("default page: %d items, next %v", len(r.Items(t)), r.JSON(t)["next_offset"])
		}
	})
}

func TestMigrationSkillsAndConsents(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		p := w.person("bnsk.worker", regRahim(), false)
		id := map[string]string{"id": p.ID}

		r := a.do(cw, "POST", "/people/{id}/episodes", id, "", jsonBody(map[string]any{"destination": "sa", "occupation_isco": "7112",
			"skill_category": "skilled", "departure_date": "2018-03-01", "return_date": "2023-06-15", "channel": "licensed_agency",
			"cost_minor": 45_000_000, "financing": []string{"loan", "land_sale"}, "return_type": "lost_job", "unpaid_wages_minor": 12_000_00,
			"unpaid_wages_currency": "sar", "documents": []string{"passport", "visa"}}))
		ep := r.JSON(t)
		if r.Status != 201 || jstr(ep, "destination") != "SA" || ep["cost_minor"] != float64(45_000_000) || jstr(ep, "cost_currency") != "BDT" ||
			jstr(ep, "unpaid_wages_currency") != "SAR" || jstr(ep, "return_date") != "2023-06-15" ||
			r.Header.Get("Location") != "/api/v1/people/"+p.ID+"/episodes" {
			t.Errorf("episode: %d %s", r.Status, r.Body)
		}
		for name, c := range map[string]struct {
			body  string
			field string
		}{
			"return before departure": {`{"destination":"SA","departure_date":"2020-01-01","return_date":"2019-01-01"}`, "return_date"},
			"unknown ISCO":            {`{"destination":"SA","occupation_isco":"99999"}`, "occupation_isco"},
			"bad date":                {`{"destination":"SA","departure_date":"March 2018"}`, "departure_date"},
			"future return":           {`{"destination":"SA","return_date":"2999-01-01"}`, "return_date"},
			"negative cost":           {`{"destination":"SA","cost_minor":-1}`, "cost_minor"},
			"cost as text":            {`{"destination":"SA","cost_minor":"450000"}`, "cost_minor"},
			"home is not abroad":      {`{"destination":"BD"}`, "destination"},
			"unknown currency":        {`{"destination":"SA","cost_currency":"XYZ"}`, "cost_currency"},
			"unknown document":        {`{"destination":"SA","documents":["diploma"]}`, "documents"},
		} {
			wantFields(t, name, a.do(cw, "POST", "/people/{id}/episodes", id, "", c.body), c.field)
		}
		if eps := a.do(cw, "GET", "/people/{id}/episodes", id, "", "").Items(t); len(eps) != 1 {
			t.Errorf("episodes after refusals: %d", len(eps))
		}

		r = a.do(cw, "POST", "/people/{id}/skills", id, "", `{"isco":"7112","years":6,"certificate":"NTVQF 2","issuer":"TTC Noakhali"}`)
		if r.Status != 201 || r.JSON(t)["years"] != float64(6) {
			t.Errorf("skill: %d %s", r.Status, r.Body)
		}
		skill := jstr(r.JSON(t), "id")
		wantFields(t, "unknown ISCO", a.do(cw, "POST", "/people/{id}/skills", id, "", `{"isco":"99999"}`), "isco")
		wantFields(t, "too many years", a.do(cw, "POST", "/people/{id}/skills", id, "", `{"isco":"7112","years":90}`), "years")
		if r := a.do(cw, "DELETE", "/people/{id}/skills/{skill_id}", map[string]string{"id": p.ID, "skill_id": skill}, "", ""); r.Status != 204 {
			t.Errorf("remove skill: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "DELETE", "/people/{id}/skills/{skill_id}", map[string]string{"id": p.ID, "skill_id": skill}, "", ""); r.Status != 404 {
			t.Errorf("remove it again: %d %s", r.Status, r.Body)
		}
		if n := len(a.do(cw, "GET", "/people/{id}/skills", id, "", "").Items(t)); n != 0 {
			t.Errorf("skills left: %d", n)
		}

		// Consents: sharing names the organisation; withdrawal is once.
		r = a.do(cw, "POST", "/people/{id}/consents", id, "", jsonBody(map[string]string{"purpose": "sharing",
			"shared_with_org": e.Orgs["WARBE"].ID, "method": "written", "given_on": "2024-02-02"}))
		if r.Status != 201 || jstr(r.JSON(t), "shared_with_org") != e.Orgs["WARBE"].ID || jstr(r.JSON(t), "recorded_by") != "bnsk.worker" {
			t.Errorf("sharing consent: %d %s", r.Status, r.Body)
		}
		sharing := jstr(r.JSON(t), "id")
		for name, c := range map[string]struct {
			body   string
			fields []string
		}{
			"unknown purpose":          {`{"purpose":"marketing","method":"written","given_on":"2024-01-01"}`, []string{"purpose"}},
			"sharing with no one":      {`{"purpose":"sharing","method":"written","given_on":"2024-01-01"}`, []string{"shared_with_org"}},
			"sharing with nobody":      {`{"purpose":"sharing","shared_with_org":"nope","method":"written","given_on":"2024-01-01"}`, []string{"shared_with_org"}},
			"no method, bad date":      {`{"purpose":"photo","given_on":"yesterday"}`, []string{"method", "given_on"}},
			"future date":              {`{"purpose":"photo","method":"verbal","given_on":"2999-01-01"}`, []string{"given_on"}},
			"registration with an org": {`{"purpose":"registration","shared_with_org":"x","method":"verbal","given_on":"2024-01-01"}`, []string{"shared_with_org"}},
		} {
			wantFields(t, name, a.do(cw, "POST", "/people/{id}/consents", id, "", c.body), c.fields...)
		}
		withdraw := func(person, consent string) *resp {
			return a.do(cw, "POST", "/people/{id}/consents/{consent_id}/withdraw", map[string]string{"id": person, "consent_id": consent}, "", `{"note":"no longer"}`)
		}
		// A consent of another person of the organisation is not this person's.
		other := w.person("bnsk.worker", registry.Person{NameLatin: "Other Person", Sex: "female"}, true)
		if r := withdraw(other.ID, sharing); r.Status != 404 {
			t.Errorf("withdraw through another person: %d %s", r.Status, r.Body)
		}
		if r := withdraw(p.ID, sharing); r.Status != 200 || r.JSON(t)["active"] != false || r.JSON(t)["withdrawn_at"] == nil {
			t.Errorf("withdraw: %d %s", r.Status, r.Body)
		}
		if r := withdraw(p.ID, sharing); r.Status != http.StatusConflict {
			t.Errorf("withdraw again: %d %s", r.Status, r.Body)
		}
		long := jsonBody(map[string]string{"note": strings.Repeat("n", 2001)})
		c := w.consent("bnsk.worker", p.ID, registry.PurposePhoto)
		wantFields(t, "long note", a.do(cw, "POST", "/people/{id}/consents/{consent_id}/withdraw", map[string]string{"id": p.ID, "consent_id": c.ID}, "", long), "note")
	})
}

func TestHouseholds(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		cw := e.Token("bnsk.worker")
		p := w.person("bnsk.worker", regRahim(), false)
		r := a.do(cw, "POST", "/people/{id}/household", map[string]string{"id": p.ID}, "", `{"income_sources":["agriculture","remittances"],"notes":"Tin roof"}`)
		h := r.JSON(t)
		hid := jstr(h, "id")
		if r.Status != 201 || jstr(h, "contact_person_id") != p.ID || r.Header.Get("Location") != "/api/v1/households/"+hid {
			t.Fatalf("household: %d %s", r.Status, r.Body)
		}
		members, _ := h["members"].([]any)
		if len(members) != 1 || jstr(members[0].(map[string]any), "relationship") != "self" || members[0].(map[string]any)["age"] == nil {
			t.Errorf("the returnee is not the first member: %v", members)
		}
		self := jstr(members[0].(map[string]any), "id")
		if got := a.do(cw, "GET", "/people/{id}", map[string]string{"id": p.ID}, "", "").JSON(t); jstr(got, "household_id") != hid {
			t.Errorf("the person does not name the household: %v", got["household_id"])
		}
		if r := a.do(cw, "POST", "/people/{id}/household", map[string]string{"id": p.ID}, "", `{}`); r.Status != http.StatusConflict {
			t.Errorf("second household: %d %s", r.Status, r.Body)
		}
		hp := map[string]string{"id": hid}
		son := w.person("bnsk.worker", registry.Person{NameLatin: "Rafiq", Sex: "male"}, false)
		r = a.do(cw, "POST", "/households/{id}/members", hp, "", jsonBody(map[string]any{"person_id": son.ID, "name": "Rafiq",
			"relationship": "son", "sex": "male", "age": 12, "in_school": false, "dependant": true}))
		if r.Status != 201 || jstr(r.JSON(t), "person_id") != son.ID || r.JSON(t)["in_school"] != false {
			t.Errorf("member: %d %s", r.Status, r.Body)
		}
		member := jstr(r.JSON(t), "id")
		karim := w.person("warbe.worker", registry.Person{NameLatin: "Karim", Sex: "male"}, false)
		for name, c := range map[string]struct {
			body   string
			fields []string
		}{
			"bad codes":      {`{"relationship":"cousin","sex":"x","age":200}`, []string{"relationship", "sex", "age"}},
			"WARBE's person": {jsonBody(map[string]any{"person_id": karim.ID, "relationship": "son", "sex": "male"}), []string{"person_id"}},
			"unknown person": {`{"person_id":"nobody","relationship":"son","sex":"male"}`, []string{"person_id"}},
			"age as text":    {`{"relationship":"son","sex":"male","age":"12"}`, []string{"age"}},
		} {
			wantFields(t, name, a.do(cw, "POST", "/households/{id}/members", hp, "", c.body), c.fields...)
		}

		got := a.do(cw, "GET", "/households/{id}", hp, "", "").JSON(t)
		if m, _ := got["members"].([]any); len(m) != 2 || jversion(got) != 2 {
			t.Errorf("household after a member: %v", got)
		}
		// Stale and fresh changes.
		if r := a.do(cw, "PATCH", "/households/{id}", hp, "", `{"notes":"Brick house","version":1}`); r.Status != http.StatusConflict {
			t.Errorf("stale household patch: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PATCH", "/households/{id}", hp, "", `{"income_sources":["small_business"],"version":2}`)
		if r.Status != 200 || jstr(r.JSON(t), "notes") != "Tin roof" || fmt.Sprint(r.JSON(t)["income_sources"]) != "[small_business]" || jversion(r.JSON(t)) != 3 {
			t.Errorf("household patch: %d %s", r.Status, r.Body)
		}
		wantFields(t, "bad income source", a.do(cw, "PATCH", "/households/{id}", hp, "", `{"income_sources":["lottery"],"version":3}`), "income_sources")
		wantFields(t, "no version", a.do(cw, "PATCH", "/households/{id}", hp, "", `{"notes":"x"}`), "version")
		// The returnee stays; others go once.
		if r := a.do(cw, "DELETE", "/households/{id}/members/{member_id}", map[string]string{"id": hid, "member_id": self}, "", ""); r.Status != http.StatusConflict {
			t.Errorf("remove self: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "DELETE", "/households/{id}/members/{member_id}", map[string]string{"id": hid, "member_id": member}, "", ""); r.Status != 204 {
			t.Errorf("remove member: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "DELETE", "/households/{id}/members/{member_id}", map[string]string{"id": hid, "member_id": member}, "", ""); r.Status != 404 {
			t.Errorf("remove member again: %d %s", r.Status, r.Body)
		}
		// WARBE does not see it.
		if r := a.do(e.Token("warbe.manager"), "GET", "/households/{id}", hp, "", ""); r.Status != 404 {
			t.Errorf("WARBE reads the household: %d", r.Status)
		}
	})
}

// Roles that never see returnees are refused whatever the ID, so the
// answer reveals nothing; the programme manager is refused every write
// before the fields are looked at.
func TestRegistryRefusalsDoNotDependOnTheRecord(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newRegWorld(t, e)
		p := w.person("bnsk.worker", regRahim(), true)
		for _, user := range []string{"admin", "viewer", "bnsk.enumerator"} {
			for _, pid := range []string{p.ID, "no-such-person"} {
				r := a.do(e.Token(user), "GET", "/people/{id}", map[string]string{"id": pid}, "", "")
				if r.Status != 403 || !strings.Contains(jstr(r.JSON(t), "detail"), "returnees") {
					t.Errorf("%s reading %s: %d %s", user, pid, r.Status, r.Body)
				}
			}
		}
		for _, body := range []string{`{}`, `{"sex":"robot"}`, `{"name_latin":"Valid","sex":"male"}`} {
			r := a.do(e.Token("pm"), "POST", "/people", nil, "", body)
			if r.Status != 403 || !strings.Contains(jstr(r.JSON(t), "detail"), "not change") {
				t.Errorf("pm registering %s: %d %s", body, r.Status, r.Body)
			}
		}
		// A body that is not JSON is still 422 for everyone.
		if r := a.do(e.Token("viewer"), "POST", "/people", nil, "", `{`); r.Status != 422 {
			t.Errorf("viewer with broken JSON: %d", r.Status)
		}
	})
}
