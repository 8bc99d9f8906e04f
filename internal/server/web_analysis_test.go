package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/analysis/analysistest"
)

// analysisLoaded remembers the servers whose built-in forms are loaded.
var analysisLoaded sync.Map

// analysisWebSeed loads the built-in forms (once per server) and adds a
// study with BNSK's manager as lead, its case worker as researcher and
// its enumerator on the team.
func analysisWebSeed(t *testing.T, e *servertest.Env) string {
	t.Helper()
	if _, done := analysisLoaded.LoadOrStore(e, true); !done {
		if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
			t.Fatal(err)
		}
	}
	pm := e.Users["pm"].Actor()
	s, err := e.DB.CreateStudy(bg, pm, study.Study{TitleEN: "CHT scoping study", Area: []string{"BD2084"}, TargetGroups: []string{"chakma"}})
	if err != nil {
		t.Fatal(err)
	}
	for user, role := range map[string]string{"bnsk.manager": study.RoleLead, "bnsk.worker": study.RoleResearcher, "bnsk.enumerator": study.RoleEnumerator} {
		if s, err = e.DB.AddStudyMember(bg, pm, s.ID, s.Version, study.Member{UserID: e.Users[user].ID, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	return s.ID
}

func analysisTarget(c *cell) string { return analysisWebSeed(c.t, c.e) }

var analysisAccessMatrix = []accessRoute{
	{method: "GET", path: "/studies/{id}/analysis", target: analysisTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/analysis/readiness", target: analysisTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/analysis/supply", target: analysisTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/analysis.csv", target: analysisTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/analysis.xlsx", target: analysisTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/analysis/form", target: analysisTarget, form: func(c *cell) url.Values {
		f, _ := c.e.DB.StudyAnalysisForm(bg, c.e.Users["pm"].Actor(), c.target)
		return url.Values{"form_pk": {f.FormPK}}
	}, applied: func(c *cell) bool {
		f, _ := c.e.DB.StudyAnalysisForm(bg, c.e.Users["pm"].Actor(), c.target)
		return !f.Default
	}, want: "SI    GO    GO    NO    GO    NO    NO    NO    NO"},
	{method: "POST", path: "/studies/{id}/analysis/demand", target: analysisTarget, form: func(c *cell) url.Values {
		return url.Values{"figures[0].country": {"SA"}, "figures[0].category": {"skilled"}, "figures[0].workers": {"777"},
			"figures[0].source": {"Embassy survey"}, "figures[1].country": {""}, "figures[1].workers": {""}}
	}, applied: func(c *cell) bool {
		ds, _ := c.e.DB.StudyDemand(bg, c.e.Users["pm"].Actor(), c.target)
		return len(ds) == 1 && ds[0].Workers == 777
	}, want: studyWorkers},
}

func TestWebAnalysisRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, analysisAccessMatrix)
}

func TestWebAnalysisMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, analysisAccessMatrix, "analysis.go")
}

// The pages show tables with intervals and suppression marks, SVG charts
// and downloads, in English and Bangla, and never a respondent's name.
func TestWebAnalysisPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		id := analysisWebSeed(t, e)
		v := analysistest.ScopingVersion(t, e.DB)
		analysistest.Submit(t, e.DB, e.Users["bnsk.worker"].Actor(), v, analysistest.Join(
			analysistest.Many(8, analysistest.Respondent{Name: "Secret Name", Sex: "female", Group: "chakma", District: "BD2084", Willing: "yes",
				Skills: []analysistest.Skill{{Group: "7", Certificate: true}}, Barriers: []string{"cost", "documents"}, Destinations: []string{"SA"}}),
			analysistest.Many(7, analysistest.Respondent{Sex: "male", Group: "chakma", District: "BD2084", Willing: "no", Barriers: []string{"cost"}}),
			analysistest.Many(6, analysistest.Respondent{Sex: "male", Group: "marma", District: "BD2003", Willing: "maybe", Barriers: []string{"information"}}),
			analysistest.Many(2, analysistest.Respondent{Sex: "female", Group: "mro", District: "BD2003", Willing: "yes"}),
		))
		b := browser(e, "viewer")
		base := "/studies/" + id + "/analysis"
		for path, wants := range map[string][]string{
			base: {"Would the person like to work abroad?", "Chakma", "Marma", "analysis-suppressed", "<svg", "role=\"img\"",
				"analysis.csv?", "38.1%", "n 21"},
			base + "?question=barriers&by=sex&weighted=1": {"(weighted)", "n_eff", "Cost of going"},
			base + "/readiness":                           {"Migration readiness by ethnic group", "Skills in demand", "Cost of going"},
			base + "/supply":                              {"Skilled", "Saudi Arabia", "Destination demand figures", "Embassy", "figures[0].workers"},
		} {
			if strings.Contains(path, "supply") {
				// the lead sees the edit form; set a figure first so it shows
				send(e, browser(e, "pm"), "POST", base+"/demand", url.Values{"figures[0].country": {"SA"}, "figures[0].category": {"skilled"},
					"figures[0].workers": {"100000"}, "figures[0].source": {"Embassy"}}, true, nil)
				b = browser(e, "bnsk.manager")
			}
			r := b.Get(path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, r.StatusCode)
			}
			checkPage(t, path, r.Body)
			for _, w := range wants {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
			if strings.Contains(r.Body, "Secret Name") {
				t.Errorf("%s shows a respondent's name", path)
			}
		}
		// 2 Mro respondents: a suppressed column, left out of the total (21).
		r := browser(e, "viewer").Get(base + "?question=willing_abroad&by=ethnic_group")
		if !strings.Contains(r.Body, "n: "+analysis.SuppressedMark) {
			t.Errorf("the Mro column is not marked suppressed")
		}
		// A question not in the form: a message, not a crash.
		r = browser(e, "viewer").Get(base + "?question=passport_number&by=ethnic_group")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "passport_number") || !strings.Contains(r.Body, "flash-error") {
			t.Errorf("unknown question: %d", r.StatusCode)
		}
		// Downloads keep the marks and say how it was weighted.
		r = browser(e, "viewer").Get("/studies/" + id + "/analysis.csv?question=willing_abroad&by=ethnic_group&weighted=1")
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(r.Body, ",x") ||
			!strings.Contains(r.Body, "Weighted to the population") || strings.Contains(r.Body, "Secret Name") {
			t.Errorf("csv: %d %s", r.StatusCode, r.Body)
		}
		r = browser(e, "viewer").Get("/studies/" + id + "/analysis.xlsx?kind=readiness")
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "readiness.xlsx") {
			t.Errorf("xlsx: %d %v", r.StatusCode, r.Header)
		}
		r = browser(e, "viewer").Get("/studies/" + id + "/analysis.csv?question=nope")
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("csv of an unknown question: %d", r.StatusCode)
		}
		// A bad figure is refused beside its field; the others are kept.
		r = send(e, browser(e, "bnsk.worker"), "POST", base+"/demand", url.Values{"figures[0].country": {"SA"}, "figures[0].category": {"skilled"},
			"figures[0].workers": {"10"}, "figures[1].country": {""}, "figures[1].workers": {""},
			"figures[2].country": {"QA"}, "figures[2].category": {"skilled"}, "figures[2].workers": {"-4"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "from 0 to 5,000,000") {
			t.Errorf("bad figure: %d", r.StatusCode)
		}
		root := parse(t, r.Body)
		if f := byID(root, "figures[2].workers"); f == nil || attr(f, "aria-invalid") != "true" || attr(f, "value") != "-4" {
			t.Errorf("the bad row is not marked: %v", f)
		}
		ds, _ := e.DB.StudyDemand(bg, e.Users["pm"].Actor(), id)
		if len(ds) != 1 || ds[0].Workers != 100000 {
			t.Errorf("a refused form changed the figures: %+v", ds)
		}
		// Bangla (last: it changes the viewer's language).
		bn := browser(e, "viewer")
		send(e, bn, "POST", "/lang", url.Values{"lang": {"bn"}, "return": {base}}, true, nil)
		r = bn.Get(base)
		for _, w := range []string{"ব্যক্তি কি বিদেশে কাজ করতে চান?", "চাকমা", "৯৫%", "CSV ডাউনলোড"} {
			if !strings.Contains(r.Body, w) {
				t.Errorf("Bangla page lacks %q", w)
			}
		}
	})
}
