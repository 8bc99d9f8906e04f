package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/analysis/analysistest"
)

// analysisWorld is a study with BNSK's manager as lead and case worker as
// researcher, the built-in forms loaded and scoping answers from both
// partner organisations.
func analysisWorld(t *testing.T, e *servertest.Env) string {
	t.Helper()
	if _, err := e.Server.Forms.LoadBuiltins(regCtx); err != nil {
		t.Fatal(err)
	}
	pm := e.Users["pm"].Actor()
	s, err := e.DB.CreateStudy(regCtx, pm, study.Study{TitleEN: "CHT scoping study", Area: []string{"BD2084"}, TargetGroups: []string{"chakma"}})
	if err != nil {
		t.Fatal(err)
	}
	for user, role := range map[string]string{"bnsk.manager": study.RoleLead, "bnsk.worker": study.RoleResearcher} {
		if s, err = e.DB.AddStudyMember(regCtx, pm, s.ID, s.Version, study.Member{UserID: e.Users[user].ID, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	v := analysistest.ScopingVersion(t, e.DB)
	analysistest.Submit(t, e.DB, e.Users["bnsk.worker"].Actor(), v, analysistest.Join(
		analysistest.Many(6, analysistest.Respondent{Name: "Secret Name", Sex: "female", Group: "chakma", District: "BD2084", Willing: "yes",
			Skills: []analysistest.Skill{{Group: "7", Certificate: true}}, Barriers: []string{"cost"}, Destinations: []string{"SA"}}),
		analysistest.Many(5, analysistest.Respondent{Sex: "male", Group: "chakma", District: "BD2084", Willing: "no", Barriers: []string{"cost"}}),
	))
	analysistest.Submit(t, e.DB, e.Users["warbe.worker"].Actor(), v, analysistest.Many(3, analysistest.Respondent{Sex: "male", Group: "marma",
		District: "BD2003", Willing: "maybe"}))
	return s.ID
}

func analysisMatrix(e *servertest.Env, id string) []regRow {
	p := map[string]string{"id": id}
	noName := func(t *testing.T, user string, r *resp) {
		if strings.Contains(r.Body, "Secret Name") {
			t.Errorf("%s: a respondent's name: %s", user, r.Body)
		}
	}
	return []regRow{
		{"questions", "GET", "/studies/{id}/analysis/questions", func(string) regCall { return regCall{params: p} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if m := r.JSON(t); jstr(m["form"].(map[string]any), "form_id") != "remaker_scoping" || len(m["items"].([]any)) < 20 {
					t.Errorf("questions: %.300s", r.Body)
				}
			}},
		{"crosstab", "GET", "/studies/{id}/analysis/crosstab", func(string) regCall {
			return regCall{params: p, query: "question=willing_abroad&by=ethnic_group&weighted=true"}
		}, want(200, nil), func(t *testing.T, user string, r *resp) {
			noName(t, user, r)
			m := r.JSON(t)
			cols, _ := m["columns"].([]any)
			// chakma 11, marma 3 (suppressed, out of the total), total 11
			if len(cols) != 3 || cols[1].(map[string]any)["suppressed"] != true || m["n"] != float64(11) || m["weighted"] != true {
				t.Errorf("crosstab: %.600s", r.Body)
			}
		}},
		{"readiness", "GET", "/studies/{id}/analysis/readiness", func(string) regCall { return regCall{params: p} }, want(200, nil), noName},
		{"supply", "GET", "/studies/{id}/analysis/supply", func(string) regCall {
			return regCall{params: p, query: "by=destination"}
		}, want(200, nil), func(t *testing.T, _ string, r *resp) {
			rows, _ := r.JSON(t)["rows"].([]any)
			if len(rows) == 0 || jstr(rows[0].(map[string]any), "code") != "SA" {
				t.Errorf("supply: %.300s", r.Body)
			}
		}},
		{"demand", "GET", "/studies/{id}/analysis/demand", func(string) regCall { return regCall{params: p} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if len(r.Items(t)) == 0 {
					t.Errorf("no demand figures")
				}
			}},
		{"set demand", "PUT", "/studies/{id}/analysis/demand", func(user string) regCall {
			return regCall{params: p, body: jsonBody(map[string]any{"figures": []map[string]any{{"country": "SA", "category": "skilled",
				"workers": 1000, "source": "Set by " + user}, {"country": "MY", "category": "less_skilled", "workers": 500}}})}
		}, studyWorkers(200), func(t *testing.T, user string, r *resp) {
			items := r.Items(t)
			if len(items) != 2 || jstr(items[1], "edited_by") != user {
				t.Errorf("set demand: %.300s", r.Body)
			}
		}},
		{"set form", "PUT", "/studies/{id}/analysis/form", func(string) regCall {
			return regCall{params: p, body: `{"form_pk":""}`}
		}, want(http.StatusForbidden, map[string]int{"admin": 200, "pm": 200, "bnsk.manager": 200}), nil},
	}
}

func TestAnalysisRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		runMatrix(t, newAPI(t, e), analysisMatrix(e, analysisWorld(t, e)), []string{"Secret Name"})
	})
}

// Every route tagged analysis is in the matrix.
func TestAnalysisRoutesAreInTheMatrix(t *testing.T) {
	e := servertest.New(t, "sqlite")
	a := newAPI(t, e)
	covered := map[string]bool{}
	for _, r := range analysisMatrix(e, "x") {
		covered[r.method+" "+r.path] = true
	}
	mine := 0
	for _, key := range docOperations(t, a.doc) {
		method, path, _ := strings.Cut(key, " ")
		if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "analysis" {
			mine++
			if !covered[key] {
				t.Errorf("%s is not in the analysis matrix", key)
			}
		}
	}
	if mine != len(covered) {
		t.Errorf("%d analysis operations, %d in the matrix", mine, len(covered))
	}
}

// Unknown questions and bad figures are 422 naming the field; an unknown
// study is 404.
func TestAnalysisErrorsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		id := analysisWorld(t, e)
		a := newAPI(t, e)
		viewer, cw := e.Token("viewer"), e.Token("bnsk.worker")
		p := map[string]string{"id": id}
		r := a.do(viewer, "GET", "/studies/{id}/analysis/crosstab", p, "question=passport&by=ethnic_group", "")
		if r.Status != 422 || r.Errors(t)["question"] == nil {
			t.Errorf("unknown question: %d %s", r.Status, r.Body)
		}
		r = a.do(viewer, "GET", "/studies/{id}/analysis/crosstab", p, "question=sex&by=skill_group", "")
		if r.Status != 422 || r.Errors(t)["by"] == nil {
			t.Errorf("breakdown in a repeat: %d %s", r.Status, r.Body)
		}
		r = a.do(viewer, "GET", "/studies/{id}/analysis/crosstab", p, "", "")
		if r.Status != 422 || r.Errors(t)["question"] == nil {
			t.Errorf("no question: %d %s", r.Status, r.Body)
		}
		r = a.do(viewer, "GET", "/studies/{id}/analysis/crosstab", map[string]string{"id": "nope"}, "question=sex", "")
		if r.Status != 404 {
			t.Errorf("unknown study: %d", r.Status)
		}
		r = a.do(cw, "PUT", "/studies/{id}/analysis/demand", p, "", jsonBody(map[string]any{"figures": []map[string]any{
			{"country": "XX", "category": "skilled", "workers": 1}, {"country": "SA", "category": "skilled", "workers": 1},
			{"country": "SA", "category": "skilled", "workers": 2}}}))
		if r.Status != 422 || r.Errors(t)["figures[0].country"] == nil || r.Errors(t)["figures[2].category"] == nil {
			t.Errorf("bad figures: %d %s", r.Status, r.Body)
		}
		// Bangla labels on request.
		a.Header = http.Header{"Accept-Language": {"bn"}}
		r = a.do(viewer, "GET", "/studies/{id}/analysis/crosstab", p, "question=willing_abroad", "")
		if r.Status != 200 || !strings.Contains(r.Body, "মোট") {
			t.Errorf("Bangla: %d %.300s", r.Status, r.Body)
		}
	})
}
