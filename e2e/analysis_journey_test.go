package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// TestStudyAnalysisJourney: Abdul Karim, IOM's M&E officer, who may see
// figures but never names, switches to Bangla and reads the scoping
// study's analysis:
// willingness to work abroad by ethnic group, weighted by population, as
// a table with confidence intervals and a chart; the readiness profile of
// each group; skills against demand, which he may read but not edit; and
// the table as a CSV file with the same figures.
func TestStudyAnalysisJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	if _, err := collect.NewLibrary(j.site.DB).LoadBuiltins(ctx); err != nil {
		t.Fatalf("loading the built-in forms: %v", err)
	}
	a := j.site.actor(t, "iom.me")
	studies, err := j.site.DB.ListStudies(ctx, a)
	if err != nil || len(studies) == 0 {
		t.Fatalf("the demo has no study the viewer can read: %v", err)
	}
	page := "/studies/" + studies[0].ID + "/analysis"
	tr := func(key string) string { return i18n.T("bn", key) }

	// IOM's staff read Remaker in English; he switches to Bangla to check
	// the tables he will share with the district office.
	abdul := j.signedIn("", "en", "iom.me", "en")
	abdul.open("analysis in English", page, want{Path: page, Lang: "en"})
	abdul.click("analysis", langButton, want{Path: page, Lang: "bn"})
	abdul.expectText("analysis", "#analysis-privacy", tr("analysis.privacy"))

	// Willingness by ethnic group, weighted.
	abdul.choose("#question", "willing_abroad")
	abdul.choose("#by", "ethnic_group")
	abdul.tick("weighted")
	abdul.click("willingness by group", `#form-crosstab button[type=submit]`, want{Lang: "bn"})
	q := abdul.query()
	if q.Get("question") != "willing_abroad" || q.Get("by") != "ethnic_group" || q.Get("weighted") != "1" {
		t.Errorf("the analysis form sent %v", q)
	}
	if n := abdul.count("#result-0 table.analysis-table"); n != 1 {
		t.Fatalf("the cross-tabulation shows %d tables", n)
	}
	if n := abdul.count("#result-0 svg.analysis-chart"); n != 1 {
		t.Errorf("the cross-tabulation shows %d charts", n)
	}
	if n := abdul.count("#result-0 .analysis-ci"); n == 0 {
		t.Error("the cross-tabulation shows no confidence intervals")
	}
	head := abdul.texts("#result-0 table.analysis-table thead th")
	if !strings.Contains(strings.Join(head, " "), "চাকমা") {
		t.Errorf("the columns %q do not name the Chakma group in Bangla", head)
	}
	if n := abdul.count("#result-0 a[href*='analysis.csv']"); n != 1 {
		t.Fatalf("the table has %d CSV links", n)
	}

	// The CSV holds the same table.
	href := eval[string](abdul, `document.querySelector("#result-0 a[href*='analysis.csv']").getAttribute("href")`)
	csv := eval[string](abdul, fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(async r => r.headers.get("content-type") + "\n" + await r.text())`, href))
	if !strings.HasPrefix(csv, "text/csv") || !strings.Contains(csv, "চাকমা") {
		t.Errorf("the CSV download starts %q", firstLines(csv, 3))
	}

	// Readiness per group.
	abdul.click("readiness", `nav.analysis-views a[href*="/analysis/readiness"]`, want{Lang: "bn"})
	if n := abdul.count("#result-0 table.analysis-table tbody tr"); n < 2 {
		t.Errorf("the readiness profile has %d rows", n)
	}

	// Skills against demand: figures to read, not to edit.
	abdul.click("supply and demand", `nav.analysis-views a[href*="/analysis/supply"]`, want{Lang: "bn"})
	if n := abdul.count("#form-demand"); n != 0 {
		t.Error("a viewer is offered the form that edits demand figures")
	}
	if n := abdul.count("table#demand-figures tbody tr"); n == 0 {
		t.Error("the demand figures are not shown")
	}
	if n := abdul.count("section.analysis-result svg.analysis-chart"); n == 0 {
		t.Error("skills against demand has no chart")
	}
}

// firstLines is the first n lines of s, for messages.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
