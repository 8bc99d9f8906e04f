package analysis_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/analysis/analysistest"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.5f, want %.5f", what, got, want)
	}
}

// Wilson intervals against values computed by hand (and by R's
// prop.test(correct=FALSE) / binom::binom.wilson).
func TestWilson(t *testing.T) {
	for _, c := range []struct{ p, n, lo, hi float64 }{
		{0.2, 50, 0.1124, 0.3304},
		{0, 10, 0, 0.2775},
		{1, 5, 0.5655, 1},
		{0.5, 100, 0.4038, 0.5962},
		{0.625, 16, 0.3864, 0.8152},
	} {
		lo, hi := analysis.Wilson(c.p, c.n)
		near(t, "low", lo, c.lo, 5e-5)
		near(t, "high", hi, c.hi, 5e-5)
	}
	if lo, hi := analysis.Wilson(0.5, 0); lo != 0 || hi != 1 {
		t.Errorf("n = 0: [%v, %v], want [0, 1]", lo, hi)
	}
}

func TestKishAndPostStratify(t *testing.T) {
	near(t, "n_eff", analysis.KishNEff([]float64{1, 1, 2, 2}), 3.6, 1e-9)
	// Cells A (population 300, 2 respondents), B (100, 2) and one
	// respondent without a figure: A weighs (300/400 x 4/5) / (2/5) =
	// 1.5, B 0.5, the unknown 1; the weights add up to n.
	pop := func(d, g string) (float64, bool) {
		switch d {
		case "A":
			return 300, true
		case "B":
			return 100, true
		}
		return 0, false
	}
	w := analysis.PostStratify([][2]string{{"A", "x"}, {"B", "x"}, {"A", "x"}, {"", ""}, {"B", "x"}}, pop)
	want := []float64{1.5, 0.5, 1.5, 1, 0.5}
	for i := range want {
		near(t, "weight", w[i], want[i], 1e-9)
	}
	// Census cells: Rangamati's 2011 population times the Chakma share.
	p, ok := analysis.CensusPopulation("BD2084", "chakma")
	if !ok || p <= 0 {
		t.Fatalf("census cell: %v %v", p, ok)
	}
	if _, ok := analysis.CensusPopulation("BD2084", "other_group"); ok {
		t.Error("an unknown group has a population")
	}
}

func input(rs []analysistest.Respondent) analysis.Input {
	in := analysis.Input{Questions: scoping(), Demand: analysis.SeedDemand()}
	for _, r := range rs {
		in.Responses = append(in.Responses, analysis.NewResponse(r.Values()))
	}
	return in
}

func cellOf(t *testing.T, tb analysis.Table, row, col string) analysis.Cell {
	t.Helper()
	j := -1
	for k, c := range tb.Columns {
		if c.Code == col {
			j = k
		}
	}
	for _, r := range tb.Rows {
		if r.Code == row && j >= 0 {
			return r.Cells[j]
		}
	}
	t.Fatalf("no cell %s/%s in %+v", row, col, tb)
	return analysis.Cell{}
}

func TestCrosstabWilsonTotal(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(10, analysistest.Respondent{Sex: "female", Group: "chakma", District: "BD2084", Willing: "yes"}),
		analysistest.Many(40, analysistest.Respondent{Sex: "male", Group: "chakma", District: "BD2084", Willing: "no"}),
		analysistest.Many(3, analysistest.Respondent{NoConsent: true}),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Question: "willing_abroad"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if tb.N != 50 || len(tb.Columns) != 1 || tb.Columns[0].N != 50 {
		t.Fatalf("N = %d, columns %+v: the 3 without consent must not count", tb.N, tb.Columns)
	}
	c := cellOf(t, tb, "yes", "total")
	if c.Count != 10 || c.Suppressed {
		t.Fatalf("yes: %+v", c)
	}
	near(t, "pct", c.Pct, 20, 1e-9)
	near(t, "low", c.Low, 11.24, 0.005)
	near(t, "high", c.High, 33.04, 0.005)
	if m := cellOf(t, tb, "maybe", "total"); m.Count != 0 || m.Suppressed {
		t.Errorf("maybe: %+v, want a visible 0", m)
	}
	// By sex: every cell is a whole column (10 women all yes).
	tb, _ = analysis.Compute(input(rs), analysis.Spec{Question: "willing_abroad", By: "sex"}, "en")
	if c := cellOf(t, tb, "yes", "female"); c.Count != 10 || c.Pct != 100 {
		t.Errorf("yes/female: %+v", c)
	}
	if len(tb.Columns) != 3 || tb.Columns[2].Code != "total" {
		t.Errorf("columns: %+v (female, male, total; no column for third_gender)", tb.Columns)
	}
}

func TestCrosstabWeighted(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(5, analysistest.Respondent{Group: "chakma", District: "BD2084", Willing: "yes"}),
		analysistest.Many(5, analysistest.Respondent{Group: "chakma", District: "BD2084", Willing: "no"}),
		analysistest.Many(10, analysistest.Respondent{Group: "chakma", District: "BD2003", Willing: "yes"}),
	)
	in := input(rs)
	in.Population = func(d, g string) (float64, bool) {
		return map[string]float64{"BD2084": 300, "BD2003": 100}[d], true
	}
	tb, err := analysis.Compute(in, analysis.Spec{Question: "willing_abroad", By: "district", Weighted: true}, "en")
	if err != nil {
		t.Fatal(err)
	}
	// Weights: Rangamati 1.5, Bandarban 0.5. Yes = (5x1.5 + 10x0.5)/20 =
	// 62.5%; n_eff = 20²/(10x2.25 + 10x0.25) = 16; Wilson(0.625, 16) =
	// [38.64, 81.52].
	c := cellOf(t, tb, "yes", "total")
	if !tb.Weighted || c.Count != 15 {
		t.Fatalf("weighted %v, count %d", tb.Weighted, c.Count)
	}
	near(t, "weighted pct", c.Pct, 62.5, 1e-9)
	near(t, "n_eff", tb.Columns[len(tb.Columns)-1].NEff, 16, 1e-9)
	near(t, "low", c.Low, 38.64, 0.005)
	near(t, "high", c.High, 81.52, 0.005)
	// Within a district all weights are equal: the percentage is the
	// unweighted one.
	near(t, "Rangamati yes", cellOf(t, tb, "yes", "BD2084").Pct, 50, 1e-9)
	if len(tb.Notes) == 0 || !strings.Contains(strings.Join(tb.Notes, " "), "Weighted") {
		t.Errorf("no weighting note: %v", tb.Notes)
	}
	// Unweighted, the same data gives 75%.
	tb, _ = analysis.Compute(in, analysis.Spec{Question: "willing_abroad", By: "district"}, "en")
	near(t, "unweighted", cellOf(t, tb, "yes", "total").Pct, 75, 1e-9)
}

// The worked example of secondary suppression in the package
// documentation's terms: a cell of 3 hides, and then whatever would give
// it away by subtraction.
func TestCrosstabSuppression(t *testing.T) {
	r := func(group, willing string) analysistest.Respondent {
		return analysistest.Respondent{Group: group, District: "BD2084", Willing: willing}
	}
	rs := analysistest.Join(
		analysistest.Many(10, r("chakma", "yes")), analysistest.Many(17, r("chakma", "no")), analysistest.Many(3, r("chakma", "maybe")),
		analysistest.Many(10, r("marma", "yes")), analysistest.Many(10, r("marma", "no")),
		analysistest.Many(3, r("tripura", "yes")),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Question: "willing_abroad", By: "ethnic_group"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	// Tripura (3) is a suppressed column and left out of Total (50).
	var codes []string
	for _, c := range tb.Columns {
		codes = append(codes, c.Code)
		if c.Code == "tripura" && (!c.Suppressed || c.N != 0) {
			t.Errorf("tripura column: %+v", c)
		}
	}
	if strings.Join(codes, ",") != "chakma,marma,tripura,total" || tb.N != 50 {
		t.Fatalf("columns %v, N %d", codes, tb.N)
	}
	// By hand: chakma maybe 3 and total maybe 3 hide (primary). Column
	// chakma then has one hidden cell: its smallest other, yes 10, hides;
	// likewise the total column's yes 20. Each row now has two hidden
	// cells or none, each column two or none: done. (chakma yes + maybe =
	// 13 and total yes + maybe = 23 are all a reader can work out.)
	visible := map[string]int{"no/chakma": 17, "yes/marma": 10, "no/marma": 10, "maybe/marma": 0, "no/total": 27}
	for _, row := range tb.Rows {
		for j, c := range row.Cells {
			key := row.Code + "/" + tb.Columns[j].Code
			want, shown := visible[key]
			if c.Suppressed == shown {
				t.Errorf("%s: suppressed %v, want %v", key, c.Suppressed, !shown)
			}
			if shown && c.Count != want {
				t.Errorf("%s = %d, want %d", key, c.Count, want)
			}
			if c.Suppressed && (c.Count != 0 || c.Pct != 0 || c.Low != 0) {
				t.Errorf("%s: a suppressed cell keeps figures: %+v", key, c)
			}
		}
	}
	if len(tb.Warnings) == 0 {
		t.Error("no warning about small groups")
	}
}

func TestCrosstabRepeatAndMultiple(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(6, analysistest.Respondent{Group: "chakma", Willing: "yes", Skills: []analysistest.Skill{{Group: "7", Certificate: true}, {Group: "7"}, {Group: "5"}},
			Barriers: []string{"cost", "documents"}}),
		analysistest.Many(6, analysistest.Respondent{Group: "chakma", Willing: "no", Barriers: []string{"cost"}}),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Question: "skill_group"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	// Two skills in group 7 count the respondent once; the base is all 12.
	if c := cellOf(t, tb, "7", "total"); c.Count != 6 || c.Pct != 50 || tb.N != 12 {
		t.Errorf("skill 7: %+v, N %d", c, tb.N)
	}
	tb, _ = analysis.Compute(input(rs), analysis.Spec{Question: "barriers"}, "en")
	if c := cellOf(t, tb, "cost", "total"); c.Count != 12 || c.Pct != 100 {
		t.Errorf("cost: %+v", c)
	}
	if c := cellOf(t, tb, "documents", "total"); c.Count != 6 || c.Pct != 50 {
		t.Errorf("documents: %+v", c)
	}
	// Integer questions come in bins.
	rs = analysistest.Many(5, analysistest.Respondent{Age: 30, Group: "marma"})
	tb, _ = analysis.Compute(input(rs), analysis.Spec{Question: "age", By: "ethnic_group"}, "en")
	if c := cellOf(t, tb, "25-34", "marma"); c.Count != 5 {
		t.Errorf("age 25-34: %+v", c)
	}
}

func TestCrosstabProblems(t *testing.T) {
	in := input(analysistest.Many(5, analysistest.Respondent{Group: "chakma", Willing: "yes"}))
	for _, c := range []struct {
		spec  analysis.Spec
		field string
	}{
		{analysis.Spec{Question: "passport_held"}, "question"},
		{analysis.Spec{Question: "willing_abroad", By: "nothing_here"}, "by"},
		{analysis.Spec{Question: "willing_abroad", By: "skill_group"}, "by"},
		{analysis.Spec{}, "question"},
		{analysis.Spec{Kind: "pie", Question: "x"}, "kind"},
	} {
		tb, err := analysis.Compute(in, c.spec, "bn")
		if app.ErrorCode(err) != app.EINVALID || app.FieldsIn("en", err)[c.field] == "" {
			t.Errorf("%+v: error %v, want a field error on %s", c.spec, err, c.field)
		}
		if tb.Problem == "" {
			t.Errorf("%+v: no problem text", c.spec)
		}
		if analysis.BarChartSVG(tb, "en") != "" || !strings.Contains(string(analysis.TableHTML(tb, "en")), "analysis-problem") {
			t.Errorf("%+v: a problem renders as a table or chart", c.spec)
		}
	}
	// Too few respondents: a warning and nothing shown, no error.
	in = input(analysistest.Many(4, analysistest.Respondent{Group: "chakma", Willing: "yes"}))
	tb, err := analysis.Compute(in, analysis.Spec{Question: "willing_abroad"}, "en")
	if err != nil || len(tb.Warnings) == 0 || !cellOf(t, tb, "yes", "total").Suppressed || tb.N != 0 {
		t.Errorf("4 respondents: err %v, %+v", err, tb)
	}
	// An empty questionnaire (no form) is a problem, not a crash.
	if _, err := analysis.Compute(analysis.Input{}, analysis.Spec{Question: "sex"}, "en"); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("no form: %v", err)
	}
	for _, k := range analysis.Kinds {
		if _, err := analysis.Compute(analysis.Input{}, analysis.Spec{Kind: k, Question: "sex"}, "en"); err != nil && app.ErrorCode(err) != app.EINVALID {
			t.Errorf("no form, %s: %v", k, err)
		}
	}
}

func TestSeedDemand(t *testing.T) {
	ds := analysis.SeedDemand()
	got := map[string]int{}
	for _, d := range ds {
		got[d.Country+"/"+d.Category] = d.Workers
	}
	// Saudi Arabia 2024: 627,000 x 23.62% skilled = 148,097; Qatar 2024
	// has only a share: 7.56% of 1,011,856 = 76,496, x 54.23% less-skilled.
	if got["SA/skilled"] != 148097 {
		t.Errorf("SA skilled = %d", got["SA/skilled"])
	}
	if got["QA/less_skilled"] != int(math.Round(76496.3136*0.5423)) {
		t.Errorf("QA less-skilled = %d", got["QA/less_skilled"])
	}
	if _, err := analysis.CheckDemand(ds); err != nil {
		t.Errorf("seeded figures do not check: %v", err)
	}
	_, err := analysis.CheckDemand([]analysis.Demand{{Country: "XX", Category: "skilled"}, {Country: "SA", Category: "wizard", Workers: -1},
		{Country: "sa", Category: "skilled"}, {Country: "SA", Category: "skilled"}})
	f := app.FieldsIn("en", err)
	for _, k := range []string{"figures[0].country", "figures[1].category", "figures[1].workers", "figures[3].category"} {
		if f[k] == "" {
			t.Errorf("no error on %s: %v", k, f)
		}
	}
}

func TestReadinessAndSupply(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(6, analysistest.Respondent{Group: "chakma", Willing: "yes", Skills: []analysistest.Skill{{Group: "7", Certificate: true}},
			Barriers: []string{"cost", "documents"}, Destinations: []string{"SA"}}),
		analysistest.Many(4, analysistest.Respondent{Group: "chakma", Willing: "maybe", Barriers: []string{"information"}, Destinations: []string{"MY"}}),
		analysistest.Many(10, analysistest.Respondent{Group: "marma", Willing: "no", Barriers: []string{"care_duties", "cost"}}),
		analysistest.Many(2, analysistest.Respondent{Group: "mro", Willing: "yes"}),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Kind: analysis.KindReadiness}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if c := cellOf(t, tb, "chakma", analysis.MeasureWilling); c.Count != 10 || c.Pct != 100 {
		t.Errorf("chakma willing: %+v", c)
	}
	if c := cellOf(t, tb, "chakma", analysis.MeasureSkills); c.Count != 6 || c.Pct != 60 {
		t.Errorf("chakma skills in demand: %+v", c)
	}
	if c := cellOf(t, tb, "chakma", analysis.MeasureBarriers); c.Text != "Cost of going (60%); Passport and other documents (60%)" {
		t.Errorf("chakma barriers: %q", c.Text)
	}
	if c := cellOf(t, tb, "mro", analysis.MeasureWilling); !c.Suppressed {
		t.Errorf("mro (2) not suppressed: %+v", c)
	}
	if c := cellOf(t, tb, "total", analysis.MeasureN); c.Count != 20 {
		t.Errorf("total n = %d, want 20 (mro left out)", c.Count)
	}
	// Supply: 6 respondents with a skill in group 7, which is skilled.
	tb, err = analysis.Compute(input(rs), analysis.Spec{Kind: analysis.KindSupply}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if c := cellOf(t, tb, "skilled", analysis.SupplyRespondents); c.Count != 6 || math.Abs(c.Pct-100*6.0/22) > 1e-9 {
		t.Errorf("skilled supply: %+v", c)
	}
	if c := cellOf(t, tb, "skilled", analysis.SupplyDemand); !c.HasValue || c.Value <= 0 {
		t.Errorf("skilled demand: %+v", c)
	}
	tb, err = analysis.Compute(input(rs), analysis.Spec{Kind: analysis.KindSupply, By: analysis.SupplyByDestination}, "bn")
	if err != nil {
		t.Fatal(err)
	}
	if c := cellOf(t, tb, "SA", analysis.SupplyRespondents); c.Count != 6 || c.Pct != 60 {
		t.Errorf("SA preferred: %+v", c)
	}
	if c := cellOf(t, tb, "MY", analysis.SupplyRespondents); !c.Suppressed {
		t.Errorf("MY (4) not suppressed: %+v", c)
	}
}

func TestRenderAndExport(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(7, analysistest.Respondent{Group: "chakma", Willing: "yes"}),
		analysistest.Many(3, analysistest.Respondent{Group: "chakma", Willing: "maybe"}),
		analysistest.Many(9, analysistest.Respondent{Group: "marma", Willing: "no"}),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Question: "willing_abroad", By: "ethnic_group"}, "bn")
	if err != nil {
		t.Fatal(err)
	}
	svg := string(analysis.BarChartSVG(tb, "bn"))
	for _, want := range []string{`role="img"`, "<title id=", "<desc id=", ">x</text>", "জাতিগোষ্ঠী"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "style="} {
		if strings.Contains(svg, bad) {
			t.Errorf("svg has %q", bad)
		}
	}
	if two := string(analysis.BarChartSVGID(tb, "bn", `b"1`)); !strings.Contains(two, `id="b_1-t"`) {
		t.Errorf("chart with its own id: %.200s", two)
	}
	html := string(analysis.TableHTML(tb, "bn"))
	if !strings.Contains(html, `class="num analysis-suppressed"`) || !strings.Contains(html, "৯") {
		t.Errorf("table html: %s", html)
	}
	var buf bytes.Buffer
	if err := analysis.WriteCSV(&buf, tb, "en"); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all := buf.String()
	if !strings.Contains(all, ",x,x,x,x") || !strings.Contains(all, "x: suppressed") || len(recs) < 6 {
		t.Errorf("csv: %s", all)
	}
	tb.Weighted = true
	buf.Reset()
	if err := analysis.WriteXLSX(&buf, []analysis.Table{tb}, "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	title, _ := f.GetCellValue("Table 1", "A1")
	if !strings.HasSuffix(title, "(weighted)") {
		t.Errorf("xlsx title %q", title)
	}
}

func TestSpecQuery(t *testing.T) {
	s := analysis.Spec{Question: "sex", By: "district", Weighted: true}
	if got := analysis.ParseSpec(s.Query()); got != s.Normal() {
		t.Errorf("round trip: %+v", got)
	}
	if got := analysis.ParseSpec(map[string][]string{"kind": {"supply"}}); got.By != analysis.SupplyByCategory {
		t.Errorf("supply default: %+v", got)
	}
}

// The derived question skill_category counts respondents by the BMET
// category of any of their skills: group 5 is skilled and semi-skilled.
func TestCrosstabSkillCategory(t *testing.T) {
	rs := analysistest.Join(
		analysistest.Many(5, analysistest.Respondent{Group: "chakma", Skills: []analysistest.Skill{{Group: "5"}}}),
		analysistest.Many(5, analysistest.Respondent{Group: "chakma", Skills: []analysistest.Skill{{Group: "2"}, {Group: "3"}}}),
		analysistest.Many(5, analysistest.Respondent{Group: "chakma"}),
	)
	tb, err := analysis.Compute(input(rs), analysis.Spec{Question: analysis.QSkillCategory, By: "ethnic_group"}, "en")
	if err != nil {
		t.Fatal(err)
	}
	for code, n := range map[string]int{"professional": 5, "skilled": 5, "semi_skilled": 5, "less_skilled": 0} {
		if c := cellOf(t, tb, code, "chakma"); c.Count != n || tb.N != 15 {
			t.Errorf("%s: %+v (N %d), want %d", code, c, tb.N, n)
		}
	}
}
