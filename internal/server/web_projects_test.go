package server_test

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// webProject adds the demo's project, open to BNSK and WARBE, with a USD
// 200,000 budget.
func webProject(t *testing.T, e *servertest.Env) store.Project {
	t.Helper()
	start, end := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	p, err := e.DB.CreateProject(bg, e.Users["pm"].Actor(), store.Project{Code: "LM.0379", Title: "REMA(K)ER", PrimaID: "BD10P0501",
		Type: "Labour Migration", StartDate: &start, EndDate: &end, BudgetMinor: 20_000_000, Fund: "IOM Development Fund",
		Region: "Asia and Oceania", Coverage: "National", MemberStates: "Bangladesh",
		PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// budgetForms counts the forms on a page that set budget lines or rates.
func budgetForms(body string) int {
	return strings.Count(body, "/budget-lines\"") + strings.Count(body, "/exchange-rates\"") +
		len(regexp.MustCompile(`/budget-lines/[^"]+"`).FindAllString(body, -1))
}

// TestWebProjectPagesForEveryRole: every signed-in role reads the project
// list and sheet with its budget; only programme managers and
// administrators get the forms, and only they may post them.
func TestWebProjectPagesForEveryRole(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		p := webProject(t, e)
		if _, err := e.DB.CreateBudgetLine(bg, e.Users["pm"].Actor(), programme.BudgetLine{ProjectID: p.ID, OrgID: e.Orgs["BNSK"].ID,
			Category: programme.DirectAssistance, PlannedMinor: 2_500_000}); err != nil {
			t.Fatal(err)
		}
		for _, name := range matrixActors {
			b := browser(e, name)
			for _, path := range []string{"/projects", "/projects/" + p.ID} {
				r := b.Get(path)
				if name == "" {
					wantRedirect(t, "anonymous GET "+path, r, signinURL(path))
					continue
				}
				if r.StatusCode != http.StatusOK {
					t.Errorf("%s GET %s: %d", name, path, r.StatusCode)
					continue
				}
				checkPage(t, name+" "+path, r.Body)
				if !strings.Contains(r.Body, "LM.0379") {
					t.Errorf("%s GET %s: no project code", name, path)
				}
				if path != "/projects" {
					writer := name == "admin" || name == "pm"
					if n := budgetForms(r.Body); (n > 0) != writer {
						t.Errorf("%s sees %d budget forms", name, n)
					}
					for _, want := range []string{"BD10P0501", "IOM Development Fund", "Asia and Oceania", "Bangladesh", "WARBE"} {
						if !strings.Contains(r.Body, want) {
							t.Errorf("%s: the sheet lacks %q", name, want)
						}
					}
				}
			}
			if name == "" || name == "admin" || name == "pm" {
				continue
			}
			r := send(e, b, http.MethodPost, "/projects/"+p.ID+"/budget-lines", url.Values{"org_id": {e.Orgs["WARBE"].ID},
				"category": {"staff"}, "planned": {"100"}}, true, nil)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s adds a line: %d", name, r.StatusCode)
			}
			r = send(e, b, http.MethodPost, "/projects/"+p.ID+"/exchange-rates", url.Values{"valid_from": {"2024-01-01"}, "rate": {"110"}}, true, nil)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s adds a rate: %d", name, r.StatusCode)
			}
		}
		figs, err := e.DB.BudgetFigures(bg, e.Users["pm"].Actor(), store.BudgetQuery{ProjectID: p.ID})
		if err != nil || len(figs) != 1 {
			t.Fatalf("refused posts wrote something: %v %v", figs, err)
		}
		rates, _ := e.DB.ListExchangeRates(bg, e.Users["pm"].Actor())
		if len(rates) != 0 {
			t.Errorf("refused posts added rates: %v", rates)
		}
		if r := browser(e, "viewer").Get("/projects/nope"); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown project: %d", r.StatusCode)
		}
	})
}

// TestWebProgrammeManagerSetsTheBudget: a programme manager adds lines and
// a rate through the forms, mistakes come back as field errors, and the
// figures shown are the store's, in Bangla digits in Bangla.
func TestWebProgrammeManagerSetsTheBudget(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		p := webProject(t, e)
		b := browser(e, "pm")
		sheet := "/projects/" + p.ID
		post := func(path string, f url.Values) *servertest.Response {
			return send(e, b, http.MethodPost, path, f, true, nil)
		}
		r := post(sheet+"/budget-lines", url.Values{"org_id": {e.Orgs["BNSK"].ID}, "category": {"direct_assistance"}, "planned": {"$ 1,25,000.50"}})
		wantRedirect(t, "add a line", r, sheet+"#budget")
		r = post(sheet+"/budget-lines", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "category": {"staff"}, "planned": {"৩০,০০০"}})
		wantRedirect(t, "add a line in Bengali digits", r, sheet+"#budget")

		figs, err := e.DB.BudgetFigures(bg, e.Users["pm"].Actor(), store.BudgetQuery{ProjectID: p.ID})
		if err != nil || len(figs) != 2 || figs[0].Planned != 12_500_050 || figs[1].Planned != 3_000_000 {
			t.Fatalf("figures %+v %v", figs, err)
		}

		// A bad amount: 422, the field named, nothing written.
		r = post(sheet+"/budget-lines", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "category": {"capacity_building"}, "planned": {"3,5000"}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad amount: %d", r.StatusCode)
		}
		checkPage(t, "bad amount", r.Body)
		if f := fieldAround(parse(t, r.Body), "planned"); !f.hasError || f.message == "" || f.value != "3,5000" {
			t.Errorf("bad amount field: %+v", f)
		}
		// Over the project's budget: 200,000 - 155,000.50 is left.
		r = post(sheet+"/budget-lines", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "category": {"capacity_building"}, "planned": {"45,000"}})
		if f := fieldAround(parse(t, r.Body), "planned"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError {
			t.Errorf("over budget: %d %+v", r.StatusCode, f)
		}
		// A duplicate line.
		r = post(sheet+"/budget-lines", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "category": {"staff"}, "planned": {"1"}})
		if f := fieldAround(parse(t, r.Body), "category"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError {
			t.Errorf("duplicate: %d %+v", r.StatusCode, f)
		}
		if after, _ := e.DB.BudgetFigures(bg, e.Users["pm"].Actor(), store.BudgetQuery{ProjectID: p.ID}); len(after) != 2 {
			t.Errorf("refused lines were written: %+v", after)
		}

		// Change a line's planned amount; a stale version is a conflict.
		line := figs[1]
		r = post(sheet+"/budget-lines/"+line.LineID, url.Values{"planned": {"35,000"}, "version": {strconv.Itoa(line.Version)}})
		wantRedirect(t, "change a line", r, sheet+"#budget")
		r = post(sheet+"/budget-lines/"+line.LineID, url.Values{"planned": {"1"}, "version": {strconv.Itoa(line.Version)}})
		if r.StatusCode != http.StatusConflict || flashError(parse(t, r.Body)) == "" {
			t.Errorf("stale change: %d", r.StatusCode)
		}
		r = post(sheet+"/budget-lines/"+line.LineID, url.Values{"planned": {"abc"}, "version": {strconv.Itoa(line.Version + 1)}})
		if f := fieldAround(parse(t, r.Body), "planned-"+line.LineID); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError || f.message == "" {
			t.Errorf("bad changed amount: %d %+v", r.StatusCode, f)
		}
		if r := post(sheet+"/budget-lines/nope", url.Values{"planned": {"1"}, "version": {"1"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown line: %d", r.StatusCode)
		}

		// Exchange rates.
		r = post(sheet+"/exchange-rates", url.Values{"valid_from": {"২০২৪-০৭-০১"}, "rate": {"১১৭.৫"}, "source": {"Bangladesh Bank"}})
		wantRedirect(t, "add a rate", r, sheet+"#rates")
		r = post(sheet+"/exchange-rates", url.Values{"valid_from": {"2024-07-01"}, "rate": {"118"}})
		if f := fieldAround(parse(t, r.Body), "valid_from"); r.StatusCode != http.StatusUnprocessableEntity || !f.hasError {
			t.Errorf("same date: %d %+v", r.StatusCode, f)
		}
		r = post(sheet+"/exchange-rates", url.Values{"valid_from": {"1 July"}, "rate": {"a lot"}})
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity || !fieldAround(root, "valid_from").hasError || !fieldAround(root, "rate").hasError {
			t.Errorf("bad rate: %d", r.StatusCode)
		}
		rates, err := e.DB.ListExchangeRates(bg, e.Users["pm"].Actor())
		if err != nil || len(rates) != 1 || rates[0].RateMicro != 117_500_000 {
			t.Fatalf("rates %+v %v", rates, err)
		}

		// The sheet shows the store's figures, in English and in Bangla.
		figs, _ = e.DB.BudgetFigures(bg, e.Users["pm"].Actor(), store.BudgetQuery{ProjectID: p.ID})
		total := programme.Sum(figs)
		for _, lang := range []string{"en", "bn"} {
			if err := e.DB.SetLang(bg, e.Users["viewer"].ID, lang); err != nil {
				t.Fatal(err)
			}
			body := browser(e, "viewer").Get(sheet).Body
			text := shownText(t, body)
			digits := func(s string) string {
				if lang == "bn" {
					return strings.NewReplacer("0", "০", "1", "১", "2", "২", "3", "৩", "4", "৪", "5", "৫", "6", "৬", "7", "৭", "8", "৮", "9", "৯").Replace(s)
				}
				return s
			}
			for _, f := range append(figs, total) {
				for _, amount := range []int64{f.Planned, f.Committed, f.Disbursed, f.Remaining} {
					if want := digits(programme.Money(amount, "USD")); !strings.Contains(text, want) {
						t.Errorf("%s: the sheet does not show %s", lang, want)
					}
				}
			}
			if want := digits("USD 160,000.50"); !strings.Contains(text, want) {
				t.Errorf("%s: no project total %s in %s", lang, want, text)
			}
			if want := digits("117.50"); !strings.Contains(text, want) {
				t.Errorf("%s: no rate %s", lang, want)
			}
			if lang == "bn" && !strings.Contains(text, "সরাসরি সহায়তা") {
				t.Errorf("bn: no category label")
			}
		}
	})
}

// TestWebProjectRoutesAreTested fails when internal/web/projects.go gains
// a route that the tests above do not call.
func TestWebProjectRoutesAreTested(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../web/projects.go")
	if err != nil {
		t.Fatal(err)
	}
	tried := map[string]bool{"GET /projects": true, "GET /projects/{id}": true, "POST /projects/{id}/budget-lines": true,
		"POST /projects/{id}/budget-lines/{line_id}": true, "POST /projects/{id}/exchange-rates": true}
	routes := regexp.MustCompile(`mux\.HandleFunc\("([A-Z]+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) != len(tried) {
		t.Errorf("projects.go has %d routes, the tests try %d", len(routes), len(tried))
	}
	for _, m := range routes {
		if !tried[m[1]+" "+m[2]] {
			t.Errorf("route %s %s is not tested", m[1], m[2])
		}
	}
}
