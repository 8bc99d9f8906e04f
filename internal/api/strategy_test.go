package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// strategyWorld is the study world with a strategy document of one
// section, a quote block, and a comment on it.
type strategyWorld struct {
	*studyWorld
	doc     strategy.Document
	section strategy.Section
	passage string
}

func strategyNewWorld(t *testing.T, e *servertest.Env) *strategyWorld {
	t.Helper()
	w := &strategyWorld{studyWorld: studyNewWorld(t, e)}
	pm := e.Users["pm"].Actor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ses, err := e.DB.AddQualPassage(regCtx, pm, w.ses.ID, w.sessionVersion(), study.Passage{Excerpt: "The dalal asks for too much money.",
		CodeIDs: []string{w.code.ID}})
	must(err)
	w.passage = ses.Passages[0].ID
	w.doc, err = e.DB.CreateStrategyDocument(regCtx, pm, strategy.Document{StudyID: w.s.ID, TitleEN: "Strategy", TitleBN: "কৌশল"})
	must(err)
	w.section, err = e.DB.AddStrategySection(regCtx, pm, w.s.ID, w.doc.Version, strategy.Text{HeadingEN: "Costs", BodyEN: "Brokers."})
	must(err)
	_, err = e.DB.AddStrategyBlock(regCtx, pm, w.section.ID, strategy.Block{Kind: strategy.BlockQuote, SourceID: w.passage})
	must(err)
	_, err = e.DB.AddStrategyComment(regCtx, pm, w.section.ID, "Name the districts.")
	must(err)
	return w
}

func (w *strategyWorld) docVersion() int {
	d, err := w.e.DB.StrategyDocumentOf(regCtx, w.e.Users["pm"].Actor(), w.s.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return d.Version
}

// newSection adds a section for one call of the matrix.
func (w *strategyWorld) newSection(name string) strategy.Section {
	s, err := w.e.DB.AddStrategySection(regCtx, w.e.Users["pm"].Actor(), w.s.ID, w.docVersion(), strategy.Text{HeadingEN: "Section of " + name})
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

func (w *strategyWorld) newBlock(name string) strategy.Block {
	b, err := w.e.DB.AddStrategyBlock(regCtx, w.e.Users["pm"].Actor(), w.newSection(name).ID, strategy.Block{Kind: strategy.BlockRecommendation,
		SourceID: w.rec.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

func (w *strategyWorld) newComment(name string) strategy.Comment {
	c, err := w.e.DB.AddStrategyComment(regCtx, w.e.Users["pm"].Actor(), w.section.ID, "Comment for "+name)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func strategyMatrix(w *strategyWorld) []regRow {
	e := w.e
	id := func(v string) map[string]string { return map[string]string{"id": v} }
	return []regRow{
		{"read the document", "GET", "/studies/{id}/strategy", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				m := r.JSON(t)
				if secs, _ := m["sections"].([]any); len(secs) == 0 || jstr(m, "title_bn") != "কৌশল" {
					t.Errorf("document: %s", r.Body)
				}
			}},
		{"start a document", "POST", "/studies/{id}/strategy", func(user string) regCall {
			s, err := e.DB.CreateStudy(regCtx, e.Users["pm"].Actor(), study.Study{TitleEN: "Study for " + user, Area: []string{"BD2084"},
				TargetGroups: []string{"chakma"}})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: id(s.ID), body: jsonBody(map[string]any{"title_en": "Strategy", "title_bn": "কৌশল"})}
		}, want(http.StatusForbidden, map[string]int{"admin": 201, "pm": 201}), nil},
		{"change the title", "PUT", "/studies/{id}/strategy", func(user string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"title_en": "Strategy by " + user, "version": w.docVersion()})}
		}, studyWorkers(200), nil},
		{"add a section", "POST", "/studies/{id}/strategy/sections", func(user string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"heading_en": "By " + user, "body_bn": "বাংলা লেখা", "version": w.docVersion()})}
		}, studyWorkers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["version"] != float64(1) || jstr(m, "body_bn") != "বাংলা লেখা" {
				t.Errorf("section: %s", r.Body)
			}
		}},
		{"read a section", "GET", "/strategy-sections/{id}", func(string) regCall { return regCall{params: id(w.section.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if m := r.JSON(t); m["open_comments"] != float64(1) || len(m["blocks"].([]any)) != 1 {
					t.Errorf("section: %s", r.Body)
				}
			}},
		{"save a section", "PUT", "/strategy-sections/{id}", func(user string) regCall {
			s := w.newSection(user)
			return regCall{params: id(s.ID), body: jsonBody(map[string]any{"heading_en": "Saved by " + user, "body_en": "New text.", "version": s.Version})}
		}, studyWorkers(200), func(t *testing.T, _ string, r *resp) {
			if r.JSON(t)["version"] != float64(2) {
				t.Errorf("saved: %s", r.Body)
			}
		}},
		{"delete a section", "DELETE", "/strategy-sections/{id}", func(user string) regCall {
			s := w.newSection(user)
			return regCall{params: id(s.ID), query: "version=" + strconv.Itoa(w.docVersion())}
		}, studyWorkers(200), nil},
		{"move a section", "POST", "/strategy-sections/{id}/move", func(user string) regCall {
			s := w.newSection(user)
			return regCall{params: id(s.ID), body: jsonBody(map[string]any{"direction": "up", "version": w.docVersion()})}
		}, studyWorkers(200), nil},
		{"versions of a section", "GET", "/strategy-sections/{id}/versions", func(string) regCall { return regCall{params: id(w.section.ID)} },
			want(200, nil), func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) == 0 || items[0]["author_name"] != "pm" {
					t.Errorf("versions: %s", r.Body)
				}
			}},
		{"place a block", "POST", "/strategy-sections/{id}/blocks", func(string) regCall {
			return regCall{params: id(w.section.ID), body: jsonBody(map[string]any{"kind": "recommendation", "source_id": w.rec.ID, "caption_en": "From the workshop"})}
		}, studyWorkers(201), nil},
		{"remove a block", "DELETE", "/strategy-blocks/{id}", func(user string) regCall { return regCall{params: id(w.newBlock(user).ID)} },
			studyWorkers(200), nil},
		{"move a block", "POST", "/strategy-blocks/{id}/move", func(user string) regCall {
			return regCall{params: id(w.newBlock(user).ID), body: `{"direction":"down"}`}
		}, studyWorkers(200), nil},
		{"link a recommendation", "PUT", "/strategy-sections/{id}/recommendations/{recommendation_id}", func(string) regCall {
			return regCall{params: map[string]string{"id": w.section.ID, "recommendation_id": w.rec.ID}}
		}, studyWorkers(200), func(t *testing.T, _ string, r *resp) {
			if ids, _ := r.JSON(t)["recommendation_ids"].([]any); len(ids) != 1 {
				t.Errorf("linked: %s", r.Body)
			}
		}},
		{"unlink a recommendation", "DELETE", "/strategy-sections/{id}/recommendations/{recommendation_id}", func(user string) regCall {
			s := w.newSection(user)
			if err := e.DB.LinkStrategyRecommendation(regCtx, e.Users["pm"].Actor(), s.ID, w.rec.ID); err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": s.ID, "recommendation_id": w.rec.ID}}
		}, studyWorkers(200), nil},
		{"comment on a section", "POST", "/strategy-sections/{id}/comments", func(user string) regCall {
			return regCall{params: id(w.section.ID), body: jsonBody(map[string]any{"body": "Comment by " + user})}
		}, studyWorkers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "state") != "open" || m["resolved_at"] != nil {
				t.Errorf("comment: %s", r.Body)
			}
		}},
		{"resolve a comment", "POST", "/strategy-comments/{id}/resolve", func(user string) regCall {
			return regCall{params: id(w.newComment(user).ID), body: `{"resolution":"Done in version 2."}`}
		}, studyWorkers(200), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); jstr(m, "state") != "resolved" || m["resolved_at"] == nil {
				t.Errorf("resolved: %s", r.Body)
			}
		}},
	}
}

func TestStrategyRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		runMatrix(t, newAPI(t, e), strategyMatrix(strategyNewWorld(t, e)), nil)
	})
}

// Every route tagged strategy is in the matrix.
func TestStrategyRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		covered := map[string]bool{}
		for _, r := range strategyMatrix(strategyNewWorld(t, e)) {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "strategy" {
				mine++
				if !covered[key] {
					t.Errorf("%s is not in the strategy matrix", key)
				}
			}
		}
		if mine != len(covered) {
			t.Errorf("%d strategy operations, %d in the matrix", mine, len(covered))
		}
	})
}

// The trace from a consultation recommendation to the section that
// addresses it, with the unaddressed list; a stale save is 409 naming the
// version; stakeholders comment during validation; bad input names fields.
func TestStrategyThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := strategyNewWorld(t, e)
		a := newAPI(t, e)
		cw, viewer := e.Token("bnsk.worker"), e.Token("viewer")
		doc := map[string]string{"id": w.s.ID}
		r := a.do(viewer, "GET", "/studies/{id}/strategy", doc, "", "")
		if un, _ := r.JSON(t)["unaddressed"].([]any); len(un) != 1 || un[0] != w.rec.ID {
			t.Fatalf("unaddressed at first: %s", r.Body)
		}
		sec := map[string]string{"id": w.section.ID, "recommendation_id": w.rec.ID}
		if r := a.do(cw, "PUT", "/strategy-sections/{id}/recommendations/{recommendation_id}", sec, "", ""); r.Status != 200 {
			t.Fatalf("link: %d %s", r.Status, r.Body)
		}
		r = a.do(viewer, "GET", "/studies/{id}/strategy", doc, "", "")
		m := r.JSON(t)
		trace := m["recommendations"].([]any)[0].(map[string]any)
		if un, _ := m["unaddressed"].([]any); len(un) != 0 || jstr(trace, "ref") != "R-1" || jstr(trace, "status") != "addressed" ||
			trace["section_ids"].([]any)[0] != w.section.ID {
			t.Errorf("trace: %s", r.Body)
		}
		r = a.do(viewer, "GET", "/studies/{id}/recommendations", doc, "status=open", "")
		if items := r.Items(t); len(items) != 0 {
			t.Errorf("still open: %s", r.Body)
		}

		body := func(text string, version int) string {
			return jsonBody(map[string]any{"heading_en": "Costs", "body_en": text, "version": version})
		}
		id := map[string]string{"id": w.section.ID}
		if r := a.do(e.Token("bnsk.manager"), "PUT", "/strategy-sections/{id}", id, "", body("Lead's text.", 1)); r.Status != 200 {
			t.Fatalf("lead's save: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "PUT", "/strategy-sections/{id}", id, "", body("Researcher's text.", 1))
		if r.Status != 409 || !strings.Contains(r.Body, "version 2, by bnsk.manager") {
			t.Errorf("stale save: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/studies/{id}/strategy/sections", doc, "", jsonBody(map[string]any{"heading_en": "", "version": w.docVersion()}))
		if r.Status != 422 || r.Errors(t)["heading_en"] == nil {
			t.Errorf("no heading: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/strategy-sections/{id}/blocks", id, "", `{"kind":"quote","source_id":"nope"}`)
		if r.Status != 422 || r.Errors(t)["source_id"] == nil {
			t.Errorf("bad quote: %d %s", r.Status, r.Body)
		}
		if _, err := e.Server.Forms.LoadBuiltins(regCtx); err != nil {
			t.Fatal(err)
		}
		r = a.do(cw, "POST", "/strategy-sections/{id}/blocks", id, "", `{"kind":"table","spec":{"kind":"crosstab","question":"no_such_question"}}`)
		if r.Status != 422 || r.Errors(t)["question"] == nil {
			t.Errorf("unknown question: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/strategy-sections/{id}/blocks", id, "", `{"kind":"chart","spec":{"kind":"crosstab","question":"willing_abroad","by":"sex"}}`)
		if r.Status != 201 || !strings.Contains(r.Body, `"question":"willing_abroad"`) {
			t.Errorf("chart: %d %s", r.Status, r.Body)
		}
		stake := e.Token("warbe.worker")
		if r := a.do(stake, "POST", "/strategy-sections/{id}/comments", id, "", `{"body":"Costs differ."}`); r.Status != 403 {
			t.Errorf("stakeholder before validation: %d %s", r.Status, r.Body)
		}
		s, _ := e.DB.StudyByID(regCtx, e.Users["pm"].Actor(), w.s.ID)
		if _, err := e.DB.SetStudyStages(regCtx, e.Users["pm"].Actor(), w.s.ID, s.Version, study.StageValidation, nil); err != nil {
			t.Fatal(err)
		}
		r = a.do(stake, "POST", "/strategy-sections/{id}/comments", id, "", `{"body":"Costs differ."}`)
		if r.Status != 201 {
			t.Fatalf("stakeholder in validation: %d %s", r.Status, r.Body)
		}
		cid := map[string]string{"id": jstr(r.JSON(t), "id")}
		if r := a.do(stake, "POST", "/strategy-comments/{id}/resolve", cid, "", `{"resolution":"x"}`); r.Status != 403 {
			t.Errorf("stakeholder resolving: %d", r.Status)
		}
		if r := a.do(cw, "POST", "/strategy-comments/{id}/resolve", cid, "", `{"resolution":""}`); r.Status != 422 || r.Errors(t)["resolution"] == nil {
			t.Errorf("no note: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/strategy-comments/{id}/resolve", cid, "", `{"resolution":"Added district figures."}`); r.Status != 200 {
			t.Errorf("resolve: %d %s", r.Status, r.Body)
		}
		if r := a.do(cw, "POST", "/strategy-comments/{id}/resolve", cid, "", `{"resolution":"again"}`); r.Status != 409 {
			t.Errorf("resolve twice: %d", r.Status)
		}
		for _, path := range []string{"/strategy-sections/{id}", "/strategy-sections/{id}/versions"} {
			if r := a.do(cw, "GET", path, map[string]string{"id": "nope"}, "", ""); r.Status != 404 {
				t.Errorf("%s unknown: %d", path, r.Status)
			}
		}
		if r := a.do(cw, "GET", "/studies/{id}/strategy", map[string]string{"id": w.studyWithoutDocument()}, "", ""); r.Status != 404 {
			t.Errorf("study without a document: %d", r.Status)
		}
	})
}

func (w *strategyWorld) studyWithoutDocument() string {
	s, err := w.e.DB.CreateStudy(regCtx, w.e.Users["pm"].Actor(), study.Study{TitleEN: "Another", Area: []string{"BD2084"}, TargetGroups: []string{"chakma"}})
	if err != nil {
		w.t.Fatal(err)
	}
	return s.ID
}
