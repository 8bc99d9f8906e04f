package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// budgetMatrix is the access policy of the budget routes: every role reads
// figures and rates; programme managers and administrators write them.
func budgetMatrix(w *regWorld) []regRow {
	e := w.e
	pm := w.actor("pm")
	line, err := e.DB.CreateBudgetLine(regCtx, pm, programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs["BNSK"].ID,
		Category: programme.DirectAssistance, PlannedMinor: 5_000_000})
	if err != nil {
		w.t.Fatal(err)
	}
	rate, err := e.DB.AddExchangeRate(regCtx, pm, programme.ExchangeRate{ValidFrom: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		RateMicro: 110_000_000})
	if err != nil {
		w.t.Fatal(err)
	}
	lineVersion := func() int {
		figs, err := e.DB.BudgetFigures(regCtx, pm, store.BudgetQuery{ProjectID: w.project.ID})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, f := range figs {
			if f.LineID == line.ID {
				return f.Version
			}
		}
		w.t.Fatal("line gone")
		return 0
	}
	rateVersion := func() int {
		rates, err := e.DB.ListExchangeRates(regCtx, pm)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, r := range rates {
			if r.ID == rate.ID {
				return r.Version
			}
		}
		w.t.Fatal("rate gone")
		return 0
	}
	writers := want(403, map[string]int{"admin": 201, "pm": 201})
	project := map[string]string{"id": w.project.ID}
	day := 0
	return []regRow{
		{"budget figures", "GET", "/projects/{id}/budget", func(string) regCall { return regCall{params: project} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				lines, _ := r.JSON(t)["lines"].([]any)
				if len(lines) == 0 || jstr(r.JSON(t), "project_id") != w.project.ID {
					t.Errorf("figures: %s", r.Body)
				}
			}},
		{"budget lines", "GET", "/projects/{id}/budget-lines", func(string) regCall { return regCall{params: project} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if !slices.ContainsFunc(r.Items(t), func(m map[string]any) bool { return jstr(m, "id") == line.ID }) {
					t.Errorf("lines: %s", r.Body)
				}
			}},
		{"add a budget line", "POST", "/projects/{id}/budget-lines", func(user string) regCall {
			cat := map[string]string{"admin": programme.Staff, "pm": programme.MonitoringEvaluation}[user]
			if cat == "" {
				cat = programme.CapacityBuilding
			}
			return regCall{params: project, body: jsonBody(map[string]any{"org_id": e.Orgs["WARBE"].ID, "category": cat, "planned_minor": 100_000})}
		}, writers, func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "org_code") != "WARBE" || jversion(r.JSON(t)) != 1 {
				t.Errorf("added %s", r.Body)
			}
		}},
		{"change a budget line", "PATCH", "/projects/{id}/budget-lines/{line_id}", func(user string) regCall {
			return regCall{params: map[string]string{"id": w.project.ID, "line_id": line.ID},
				body: jsonBody(map[string]any{"planned_minor": 6_000_000, "version": lineVersion()})}
		}, want(403, map[string]int{"admin": 200, "pm": 200}), func(t *testing.T, _ string, r *resp) {
			if r.JSON(t)["planned_minor"] != float64(6_000_000) {
				t.Errorf("changed %s", r.Body)
			}
		}},
		{"exchange rates", "GET", "/exchange-rates", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if len(r.Items(t)) == 0 {
				t.Errorf("rates: %s", r.Body)
			}
		}},
		{"add an exchange rate", "POST", "/exchange-rates", func(string) regCall {
			day++
			return regCall{body: fmt.Sprintf(`{"valid_from":"2025-01-%02d","rate_micro":121500000,"source":"Bangladesh Bank"}`, day)}
		}, writers, func(t *testing.T, _ string, r *resp) {
			if jstr(r.JSON(t), "rate") != "121.50" {
				t.Errorf("added %s", r.Body)
			}
		}},
		{"correct an exchange rate", "PATCH", "/exchange-rates/{id}", func(string) regCall {
			return regCall{params: map[string]string{"id": rate.ID}, body: jsonBody(map[string]any{"rate_micro": 110_500_000, "version": rateVersion()})}
		}, want(403, map[string]int{"admin": 200, "pm": 200}), nil},
	}
}

func TestBudgetRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newRegWorld(t, e)
		runMatrix(t, newAPI(t, e), budgetMatrix(w), nil)
	})
}

// Every route tagged budget is in the matrix.
func TestBudgetRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		covered := map[string]bool{}
		for _, r := range budgetMatrix(newRegWorld(t, e)) {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "budget" {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != 7 {
			t.Errorf("%d operations tagged budget, want 7", mine)
		}
	})
}

// TestBudgetThroughTheAPI sets up a project's budget as a programme
// manager and checks the figures against hand-computed totals and the
// store's own, and every refusal.
func TestBudgetThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newRegWorld(t, e) // budget USD 200,000.00
		a := newAPI(t, e)
		pm := e.Token("pm")
		bnsk, warbe := e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID
		project := map[string]string{"id": w.project.ID}
		add := func(org, cat string, planned int64) *resp {
			return a.do(pm, "POST", "/projects/{id}/budget-lines", project, "",
				jsonBody(map[string]any{"org_id": org, "category": cat, "planned_minor": planned}))
		}
		lines := map[string]string{}
		for _, l := range []struct {
			org, cat string
			planned  int64
		}{{bnsk, programme.DirectAssistance, 8_000_000}, {bnsk, programme.Staff, 2_000_000}, {warbe, programme.DirectAssistance, 6_000_000}} {
			r := add(l.org, l.cat, l.planned)
			if r.Status != 201 {
				t.Fatalf("add line: %d %s", r.Status, r.Body)
			}
			lines[l.org+l.cat] = jstr(r.JSON(t), "id")
		}
		// 160,000 of 200,000 planned: 40,000.01 more is too much.
		if r := add(warbe, programme.Staff, 4_000_001); r.Status != 422 || r.Errors(t)["planned_minor"] == nil {
			t.Errorf("over budget: %d %s", r.Status, r.Body)
		}
		if r := add(bnsk, programme.Staff, 1); r.Status != 422 || r.Errors(t)["category"] == nil {
			t.Errorf("duplicate line: %d %s", r.Status, r.Body)
		}
		if r := add(bnsk, "food", 1); r.Status != 422 || r.Errors(t)["category"] == nil {
			t.Errorf("bad category: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "POST", "/projects/{id}/budget-lines", project, "", `{"org_id":"`+bnsk+`","category":"staff"}`); r.Status != 422 || r.Errors(t)["planned_minor"] == nil {
			t.Errorf("no amount: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "POST", "/projects/{id}/budget-lines", map[string]string{"id": "nope"}, "", `{"org_id":"`+bnsk+`","category":"staff","planned_minor":1}`); r.Status != 404 {
			t.Errorf("unknown project: %d %s", r.Status, r.Body)
		}

		r := a.do(e.Token("viewer"), "GET", "/projects/{id}/budget", project, "", "")
		if r.Status != 200 {
			t.Fatalf("budget: %d %s", r.Status, r.Body)
		}
		j := r.JSON(t)
		total, _ := j["total"].(map[string]any)
		if total["planned_minor"] != float64(16_000_000) || total["committed_minor"] != float64(0) || total["remaining_minor"] != float64(16_000_000) {
			t.Errorf("total %v", total)
		}
		byOrg, _ := j["by_organisation"].([]any)
		var got []string
		for _, x := range byOrg {
			m := x.(map[string]any)
			got = append(got, fmt.Sprintf("%s %v", jstr(m, "org_code"), m["planned_minor"]))
		}
		if !slices.Equal(got, []string{"BNSK 1e+07", "WARBE 6e+06"}) {
			t.Errorf("by organisation %v", got)
		}
		figs, err := e.DB.BudgetFigures(regCtx, e.Users["pm"].Actor(), store.BudgetQuery{ProjectID: w.project.ID})
		if err != nil {
			t.Fatal(err)
		}
		apiLines, _ := j["lines"].([]any)
		if len(apiLines) != len(figs) {
			t.Fatalf("%d lines, store has %d", len(apiLines), len(figs))
		}
		for i, f := range figs {
			m := apiLines[i].(map[string]any)
			if jstr(m, "line_id") != f.LineID || jstr(m, "category") != f.Category || m["planned_minor"] != float64(f.Planned) ||
				m["remaining_minor"] != float64(f.Remaining) || m["disbursed_minor"] != float64(f.Disbursed) {
				t.Errorf("line %d: %v, store %+v", i, m, f)
			}
		}

		// Changing a line: stale versions and lines of other projects refused.
		line := map[string]string{"id": w.project.ID, "line_id": lines[bnsk+programme.Staff]}
		if r := a.do(pm, "PATCH", "/projects/{id}/budget-lines/{line_id}", line, "", `{"planned_minor":2500000,"version":1}`); r.Status != 200 || jversion(r.JSON(t)) != 2 {
			t.Errorf("change: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "PATCH", "/projects/{id}/budget-lines/{line_id}", line, "", `{"planned_minor":100,"version":1}`); r.Status != 409 {
			t.Errorf("stale change: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "PATCH", "/projects/{id}/budget-lines/{line_id}", line, "", `{"planned_minor":100}`); r.Status != 422 || r.Errors(t)["version"] == nil {
			t.Errorf("no version: %d %s", r.Status, r.Body)
		}
		other, err := e.DB.CreateProject(regCtx, e.Users["pm"].Actor(), store.Project{Code: "LM.9999", Title: "Other"})
		if err != nil {
			t.Fatal(err)
		}
		if r := a.do(pm, "PATCH", "/projects/{id}/budget-lines/{line_id}", map[string]string{"id": other.ID, "line_id": line["line_id"]}, "",
			`{"planned_minor":100,"version":2}`); r.Status != 404 {
			t.Errorf("line of another project: %d %s", r.Status, r.Body)
		}
		if r := a.do(e.Token("bnsk.manager"), "PATCH", "/projects/{id}/budget-lines/{line_id}", line, "", `{"planned_minor":1,"version":2}`); r.Status != 403 {
			t.Errorf("manager changes: %d %s", r.Status, r.Body)
		}

		// Exchange rates.
		rate := func(body string) *resp { return a.do(pm, "POST", "/exchange-rates", nil, "", body) }
		if r := rate(`{"valid_from":"2024-07-01","rate_micro":117500000}`); r.Status != 201 || jstr(r.JSON(t), "rate") != "117.50" ||
			jstr(r.JSON(t), "valid_from") != "2024-07-01" || jstr(r.JSON(t), "created_by") != "pm" {
			t.Errorf("add rate: %d %s", r.Status, r.Body)
		}
		if r := rate(`{"valid_from":"2024-07-01","rate_micro":118000000}`); r.Status != 422 || r.Errors(t)["valid_from"] == nil {
			t.Errorf("same date: %d %s", r.Status, r.Body)
		}
		if r := rate(`{"valid_from":"2024-13-01","rate_micro":0}`); r.Status != 422 || r.Errors(t)["valid_from"] == nil || r.Errors(t)["rate_micro"] == nil {
			t.Errorf("bad rate: %d %s", r.Status, r.Body)
		}
		if r := a.do(e.Token("bnsk.worker"), "POST", "/exchange-rates", nil, "", `{"valid_from":"2024-08-01","rate_micro":117500000}`); r.Status != 403 {
			t.Errorf("worker adds a rate: %d %s", r.Status, r.Body)
		}
		r = a.do(e.Token("bnsk.enumerator"), "GET", "/exchange-rates", nil, "", "")
		if items := r.Items(t); len(items) != 1 || items[0]["rate_micro"] != float64(117_500_000) {
			t.Errorf("rates: %s", r.Body)
		}
	})
}
