package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/scoring"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// scoringWorld is the built-in Reintegration Sustainability Survey,
// loaded and scored, and a BNSK case with a baseline sent from a phone
// (OpenRosa) and a follow-up filled in on the web.
type scoringWorld struct {
	form   forms.Version
	def    *scoring.Definition
	caseID string
}

var (
	scoringMu     sync.Mutex
	scoringWorlds = map[*servertest.Env]*scoringWorld{}
)

func scoringWorldOf(t *testing.T, e *servertest.Env) *scoringWorld {
	t.Helper()
	scoringMu.Lock()
	defer scoringMu.Unlock()
	if w := scoringWorlds[e]; w != nil {
		return w
	}
	if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
		t.Fatal(err)
	}
	list, err := e.DB.Forms(bg, app.System)
	if err != nil {
		t.Fatal(err)
	}
	w := &scoringWorld{}
	for _, f := range list {
		if f.FormID == "remaker_rss" && f.Published != nil {
			w.form = *f.Published
		}
	}
	cur, err := e.DB.CurrentScoring(bg, app.System, w.form.FormPK)
	if err != nil || cur == nil {
		t.Fatalf("the built-in survey has no scoring: %v", err)
	}
	w.def = cur.Definition
	c := visitCase(t, e, "BNSK", "Scored Returnee", "bnsk.worker", 200)
	w.caseID = c.ID
	// The baseline from a phone: every answer the worst.
	_, xml := scoringAnswers(t, e, w, c.Reference, "baseline", "2026-05-01", 0)
	if status := scoringOpenRosa(t, e, "bnsk.worker", xml); status != http.StatusCreated {
		t.Fatalf("OpenRosa submission: %d", status)
	}
	// The follow-up on the web (as fillSubmit stores it): every answer the best.
	in, xml := scoringAnswers(t, e, w, c.Reference, "follow_up", "2026-08-01", 1)
	data, _ := json.Marshal(in)
	if _, _, err := e.DB.SaveSubmission(bg, e.Users["bnsk.worker"].Actor(), store.NewSubmission{FormVersionID: w.form.ID,
		InstanceID: in.Meta.InstanceID, XML: string(xml), Data: string(data), CaseID: c.ID, Channel: forms.ChannelWeb}); err != nil {
		t.Fatal(err)
	}
	scoringWorlds[e] = w
	return w
}

// scoringAnswers fills in the survey with every scored answer as near as
// can be to target (0 worst, 1 best).
func scoringAnswers(t *testing.T, e *servertest.Env, w *scoringWorld, ref, round, day string, target float64) (*instance.Instance, []byte) {
	t.Helper()
	s, err := e.Server.Forms.Schema(bg, app.System, w.form.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := s.New(instance.Options{Source: instance.FromWeb})
	vals := map[string]string{"case_ref": ref, "interview_date": day, "survey_round": round, "consent": "yes",
		"economic/monthly_spending": "10000", "economic/has_debt": "no", "social/school_age_children": "no"}
	if target == 0 {
		vals["economic/has_debt"], vals["economic/debt_amount"] = "yes", "100000"
	}
	for _, it := range w.def.Items {
		best, gap := "", math.Inf(1)
		for name, sc := range it.Options {
			if it.Reverse {
				sc = 1 - sc
			}
			if g := math.Abs(sc - target); g < gap || (g == gap && name < best) {
				best, gap = name, g
			}
		}
		if best != "" {
			vals[it.Key] = best
		}
	}
	for k, v := range vals {
		in.Values[k] = v
	}
	res := s.Validate(in, instance.Options{Source: instance.FromWeb})
	if !res.OK() {
		t.Fatalf("the test's answers have problems: %+v", res.Problems)
	}
	return res.Instance, s.XML(res.Instance)
}

// scoringOpenRosa sends a submission as ODK Collect does.
func scoringOpenRosa(t *testing.T, e *servertest.Env, user string, xml []byte) int {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="xml_submission_file"; filename="rss.xml"`)
	h.Set("Content-Type", "text/xml")
	pw, _ := mw.CreatePart(h)
	pw.Write(xml)
	mw.Close()
	req, _ := http.NewRequest("POST", e.URL+"/submission", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-OpenRosa-Version", "1.0")
	req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+servertest.Password)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func scoringFormTarget(c *cell) string { return scoringWorldOf(c.t, c.e).form.FormPK }
func scoringCaseTarget(c *cell) string { return scoringWorldOf(c.t, c.e).caseID }

var scoringAccessMatrix = []accessRoute{
	{method: "GET", path: "/scores", target: scoringFormTarget, want: "SI    NO    OK    OK    OK    OK    NO    OK    OK"},
	{method: "GET", path: "/forms/{id}/scoring", target: scoringFormTarget, want: "SI    OK    OK    OK    OK    OK    OK    OK    OK"},
	// Not multipart: refused with a message for those who may upload.
	{method: "POST", path: "/forms/{id}/scoring", target: scoringFormTarget, want: "SI    UE    UE    NO    NO    NO    NO    NO    NO"},
	{method: "POST", path: "/forms/{id}/rescore", target: scoringFormTarget, want: "SI    GO    GO    NO    GO    NO    NO    GO    NO"},
	{method: "GET", path: "/cases/{id}/scores", target: scoringCaseTarget, want: "SI    NO    OK    NO    OK    OK    NO    NF    NF"},
}

func TestWebScoringRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, scoringAccessMatrix)
}

func TestWebScoringMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, scoringAccessMatrix, "scoring.go")
}

// TestWebScoringPages: both channels' submissions are scored on arrival;
// the case's tab, the form's scoring page and the programme figures show
// them, in both languages; the placeholder weights are said to be so.
func TestWebScoringPages(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := scoringWorldOf(t, e)
		list, err := e.DB.CaseScores(bg, e.Users["bnsk.worker"].Actor(), w.caseID)
		if err != nil || len(list) != 1 || len(list[0].Scores) != 2 {
			t.Fatalf("case scores: %+v %v", list, err)
		}
		base, fu := list[0].Scores[0].Result.Composite, list[0].Scores[1].Result.Composite
		if base == nil || *base != 0 || fu == nil || *fu != 1 {
			t.Errorf("composites: baseline (OpenRosa, worst answers) %v, follow-up (web, best answers) %v", base, fu)
		}

		worker := e.SignIn("bnsk.worker")
		r := worker.Get("/cases/" + w.caseID + "/scores")
		for _, want := range []string{"<svg", "scores-table-0", "0.00", "1.00", `aria-current="page"`, "Placeholder weights"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("case tab lacks %q", want)
			}
		}
		// The worst answers suggest assistance from the definition.
		if !strings.Contains(r.Body, "Scores") {
			t.Errorf("no Scores tab")
		}

		pm := e.SignIn("pm")
		r = pm.Get("/forms/" + w.form.FormPK + "/scoring")
		for _, want := range []string{"placeholder-banner", "items-table", "economic_satisfaction", "thresholds-table", "history-table", "recompute-heading", `enctype="multipart/form-data"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("scoring page lacks %q", want)
			}
		}
		r = pm.Get("/scores?round=baseline")
		for _, want := range []string{"placeholder-banner", "total-table", "change-table", "by-sex", "by-destination", "n = "} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("figures page lacks %q", want)
			}
		}
		if strings.Contains(r.Body, "Scored Returnee") {
			t.Errorf("a name on the figures page")
		}
		// Viewers see the figures with one person suppressed.
		r = e.SignIn("viewer").Get("/scores")
		if r.StatusCode != 200 || !strings.Contains(r.Body, "suppression-note") || strings.Contains(r.Body, "Scored Returnee") {
			t.Errorf("viewer's figures: %d", r.StatusCode)
		}

		// In Bangla.
		send(e, worker, "POST", "/lang", url.Values{"lang": {"bn"}, "return": {"/"}}, true, nil)
		r = worker.Get("/cases/" + w.caseID + "/scores")
		if !strings.Contains(r.Body, "প্রারম্ভিক") || !strings.Contains(r.Body, "অস্থায়ী ওজন") {
			t.Errorf("the tab is not in Bangla")
		}

		// Every page passes the accessibility checks, in both languages.
		for _, lang := range []string{"en", "bn"} {
			for _, user := range []string{"pm", "viewer", "bnsk.worker"} {
				if err := e.DB.SetLang(bg, e.Users[user].ID, lang); err != nil {
					t.Fatal(err)
				}
				b := e.SignIn(user)
				for _, path := range []string{"/scores", "/scores?round=follow_up", "/forms/" + w.form.FormPK + "/scoring", "/cases/" + w.caseID + "/scores"} {
					r := b.Get(path)
					if r.StatusCode == http.StatusOK {
						checkPage(t, lang+"/"+user+" "+path, r.Body)
					}
				}
			}
		}
	})
}

// TestWebScoringUploadRefusedChangesNothing: a wrong scoring workbook
// lists its problems and leaves the scoring as it was.
func TestWebScoringUploadRefusedChangesNothing(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := scoringWorldOf(t, e)
		before, _ := e.DB.ScoringVersions(bg, app.System, w.form.FormPK)
		bad := scoringBadWorkbook(t)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "weights.xlsx")
		fw.Write(bad)
		mw.Close()
		req, _ := http.NewRequest("POST", e.URL+"/forms/"+w.form.FormPK+"/scoring", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", e.URL)
		r := e.SignIn("pm").Do(req)
		after, _ := e.DB.ScoringVersions(bg, app.System, w.form.FormPK)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("wrong workbook: %d", r.StatusCode)
		}
		if len(after) != len(before) {
			t.Errorf("scoring versions %d -> %d", len(before), len(after))
		}
		if !strings.Contains(r.Body, "problems-table") || !strings.Contains(r.Body, "no_such_question") {
			t.Errorf("the problems are not listed: %.500s", r.Body)
		}
	})
}

// scoringBadWorkbook is a scoring workbook with three problems: a
// negative weight, an unknown question and no scoring sheet.
func scoringBadWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "survey")
	for i, row := range [][]any{{"name", "score_dimension", "score_weight"}, {"economic_satisfaction", "economic", "-1"},
		{"no_such_question", "economic", "1"}} {
		if err := f.SetSheetRow("survey", "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
