package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// scoringWorkbook is a small scored XLSForm: q1 (economic) and q2
// (social) from the list abc (a = 1, b = 0.5, c = 0, dk missing), each
// dimension weighing 1, and the survey round. q1Weight is q1's weight;
// a q1Weight of "-1" makes the workbook wrong.
func scoringWorkbook(t *testing.T, version, q1Weight string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows [][]string) {
		if sheet != "survey" {
			f.NewSheet(sheet)
		}
		for i, row := range rows {
			cells := make([]any, len(row))
			for j, c := range row {
				cells[j] = c
			}
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		t.Fatal(err)
	}
	write("survey", [][]string{{"type", "name", "label::English (en)", "score_dimension", "score_weight", "score_assistance"},
		{"text", "case_ref", "Case"},
		{"select_one round", "survey_round", "Round"},
		{"select_one abc", "q1", "Question one", "econ", q1Weight, "job_placement"},
		{"select_one abc", "q2", "Question two", "soc", "1", "housing_support"}})
	write("choices", [][]string{{"list_name", "name", "label::English (en)", "score"},
		{"round", "baseline", "Baseline"}, {"round", "follow_up", "Follow-up"},
		{"abc", "a", "A", "1"}, {"abc", "b", "B", "0.5"}, {"abc", "c", "C", "0"}, {"abc", "dk", "Don't know", "missing"}})
	write("settings", [][]string{{"form_id", "version", "form_title"}, {"rss_api", version, "Scored test form"}})
	write("scoring", [][]string{{"kind", "name", "value", "label::English (en)"},
		{"version", "Test weights " + version}, {"placeholder", "", "yes"},
		{"dimension", "econ", "1", "Economic"}, {"dimension", "soc", "1", "Social"},
		{"min_answered_share", "", "1"},
		{"threshold", "low", "0..0.5", "Low"}, {"threshold", "ok", "0.5..1", "OK"},
		{"sustainable_from", "", "0.5"}})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scoringWorld is the scored form, published, and a BNSK case with a
// baseline and a follow-up.
type scoringWorld struct {
	*regWorld
	form   forms.Version
	caseID string
	n      int
}

func newScoringWorld(t *testing.T, e *servertest.Env, a *client) *scoringWorld {
	t.Helper()
	w := &scoringWorld{regWorld: newRegWorld(t, e)}
	r := a.formPost(tokens(e)["pm"], "rss_api.xlsx", scoringWorkbook(t, "1", "1"), map[string]string{"purpose": "rss", "case_bound": "true"})
	if r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	id, _ := r.JSON(t)["id"].(string)
	v, err := e.DB.FormVersionByID(regCtx, app.System, id)
	if err != nil {
		t.Fatal(err)
	}
	if w.form, err = e.DB.PublishFormVersion(regCtx, e.Users["pm"].Actor(), v.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	w.caseID = w.freshCase("bnsk.worker").ID
	w.submit("baseline", "a", "c")
	w.submit("follow_up", "b", "a")
	return w
}

// submit stores a web submission of the scored form for the case.
func (w *scoringWorld) submit(round, q1, q2 string) {
	w.t.Helper()
	w.n++
	data, _ := json.Marshal(map[string]any{"form_id": "rss_api", "meta": map[string]string{"instance_id": fmt.Sprintf("uuid:s-%d", w.n)},
		"values": map[string]string{"survey_round": round, "q1": q1, "q2": q2}})
	if _, _, err := w.e.DB.SaveSubmission(regCtx, w.actor("bnsk.worker"), store.NewSubmission{FormVersionID: w.form.ID,
		InstanceID: fmt.Sprintf("uuid:s-%d", w.n), XML: fmt.Sprintf("<data n=\"%d\"/>", w.n), Data: string(data), CaseID: w.caseID}); err != nil {
		w.t.Fatal(err)
	}
}

func (a *client) scoringUpload(token, formPK string, data []byte) *resp {
	a.t.Helper()
	ct, body := formMultipart("weights.xlsx", data, nil)
	r := send(a.t, a.e, token, http.MethodPost, "/api/v1/forms/"+formPK+"/scoring-versions", body, http.Header{"Content-Type": {ct}})
	a.conform(http.MethodPost, "/forms/{id}/scoring-versions", r)
	return r
}

func TestScoresThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		w := newScoringWorld(t, e, a)
		tok := tokens(e)
		form := map[string]string{"id": w.form.FormPK}

		r := a.do(tok["viewer"], "GET", "/forms/{id}/scoring-versions", form, "", "")
		items := r.Items(t)
		if r.Status != 200 || len(items) != 1 || items[0]["number"] != 1.0 || items[0]["current"] != true || items[0]["placeholder"] != true {
			t.Fatalf("versions: %d %s", r.Status, r.Body)
		}
		first, _ := items[0]["id"].(string)
		r = a.do(tok["bnsk.worker"], "GET", "/scoring-versions/{id}", map[string]string{"id": first}, "", "")
		def, _ := r.JSON(t)["definition"].(map[string]any)
		if r.Status != 200 || def["sustainable_from"] != 0.5 || len(def["items"].([]any)) != 2 {
			t.Fatalf("version: %d %s", r.Status, r.Body)
		}

		// The case's scores: baseline econ 1 soc 0 (0.5), follow-up econ 0.5 soc 1 (0.75).
		r = a.do(tok["bnsk.worker"], "GET", "/cases/{id}/scores", map[string]string{"id": w.caseID}, "", "")
		list := r.Items(t)
		if r.Status != 200 || len(list) != 1 || list[0]["baseline"] != 0.0 || list[0]["latest_follow_up"] != 1.0 {
			t.Fatalf("case scores: %d %s", r.Status, r.Body)
		}
		sum := list[0]["summary"].(map[string]any)
		comp := sum["composite"].(map[string]any)
		if comp["baseline"] != 0.5 || comp["latest_follow_up"] != 0.75 {
			t.Errorf("composite: %v", comp)
		}
		econ := sum["dimensions"].([]any)[0].(map[string]any)
		if fmt.Sprint(econ["assistance"]) != "[job_placement]" {
			t.Errorf("economic suggestions: %v", econ)
		}
		if r := a.do(tok["warbe.worker"], "GET", "/cases/{id}/scores", map[string]string{"id": w.caseID}, "", ""); r.Status != 404 {
			t.Errorf("another organisation's case: %d", r.Status)
		}

		// A wrong scoring workbook is refused with every problem, and changes nothing.
		r = a.scoringUpload(tok["pm"], w.form.FormPK, scoringWorkbook(t, "2", "-1"))
		if r.Status != 422 || len(r.Errors(t)) == 0 {
			t.Fatalf("wrong workbook: %d %s", r.Status, r.Body)
		}
		if n := len(a.do(tok["pm"], "GET", "/forms/{id}/scoring-versions", form, "", "").Items(t)); n != 1 {
			t.Errorf("after a refused workbook: %d versions", n)
		}
		if r := a.scoringUpload(tok["bnsk.manager"], w.form.FormPK, scoringWorkbook(t, "2", "3")); r.Status != 403 {
			t.Errorf("organisation manager uploading for a programme form: %d", r.Status)
		}
		// New weights (q1 weighs 3: alone in its dimension, the scores stay
		// the same, but the definition is new); the same again stores nothing.
		r = a.scoringUpload(tok["pm"], w.form.FormPK, scoringWorkbook(t, "2", "3"))
		if r.Status != 200 || r.JSON(t)["created"] != true {
			t.Fatalf("new weights: %d %s", r.Status, r.Body)
		}
		if r := a.scoringUpload(tok["pm"], w.form.FormPK, scoringWorkbook(t, "2", "3")); r.Status != 200 || r.JSON(t)["created"] != false {
			t.Errorf("same weights again: %d %s", r.Status, r.Body)
		}

		// Two scores wait; recomputing brings them to version 2.
		r = a.do(tok["viewer"], "GET", "/forms/{id}/rescore", form, "", "")
		if r.Status != 200 || r.JSON(t)["total"] != 2.0 || r.JSON(t)["version"] != 2.0 {
			t.Fatalf("status before: %d %s", r.Status, r.Body)
		}
		if r := a.do(tok["bnsk.worker"], "POST", "/forms/{id}/rescore", form, "", ""); r.Status != 403 {
			t.Errorf("case worker recomputing: %d", r.Status)
		}
		if r := a.do(tok["pm"], "POST", "/forms/{id}/rescore", form, "", ""); r.Status != 202 {
			t.Fatalf("start: %d %s", r.Status, r.Body)
		}
		for i := 0; ; i++ {
			r = a.do(tok["pm"], "GET", "/forms/{id}/rescore", form, "", "")
			if r.JSON(t)["running"] == false {
				break
			}
			if i > 2000 {
				t.Fatal("the recomputation did not finish")
			}
		}
		if p := r.JSON(t); p["done"] != 2.0 || p["error"] != nil {
			t.Errorf("finished: %s", r.Body)
		}
		r = a.do(tok["bnsk.worker"], "GET", "/cases/{id}/scores", map[string]string{"id": w.caseID}, "", "")
		if s := r.Items(t)[0]; s["stale"] != 0.0 {
			t.Errorf("after recomputing: %s", r.Body)
		}

		// Figures: one person, so the viewer sees n and suppressed cells.
		r = a.do(tok["pm"], "GET", "/forms/{id}/score-figures", form, "round=baseline", "")
		fig := r.JSON(t)
		total := fig["total"].(map[string]any)
		if r.Status != 200 || total["n"] != 1.0 || total["cells"].([]any)[2].(map[string]any)["mean"] != 0.5 {
			t.Fatalf("figures: %d %.600s", r.Status, r.Body)
		}
		r = a.do(tok["viewer"], "GET", "/forms/{id}/score-figures", form, "", "")
		cell := r.JSON(t)["total"].(map[string]any)["cells"].([]any)[0].(map[string]any)
		if r.Status != 200 || cell["suppressed"] != true || cell["mean"] != nil {
			t.Errorf("viewer figures: %d %.600s", r.Status, r.Body)
		}
		if strings.Contains(r.Body, "Fresh Person") {
			t.Errorf("a name in the figures: %.300s", r.Body)
		}
		if r := a.do(tok["warbe.worker"], "GET", "/forms/{id}/score-figures", form, "", ""); r.Status != 200 || r.JSON(t)["total"].(map[string]any)["n"] != 0.0 {
			t.Errorf("WARBE sees BNSK's people: %d %.300s", r.Status, r.Body)
		}
		for _, user := range []string{"admin", "bnsk.enumerator"} {
			if r := a.do(tok[user], "GET", "/forms/{id}/score-figures", form, "", ""); r.Status != 403 {
				t.Errorf("%s figures: %d", user, r.Status)
			}
		}
		if r := a.do(tok["pm"], "GET", "/forms/{id}/score-figures", form, "round=never", ""); r.Status != 422 {
			t.Errorf("bad round: %d", r.Status)
		}
	})
}
