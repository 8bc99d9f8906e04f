package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// strategyWebSeed adds the study of studyWebSeed with a strategy document:
// section 1 "Information" (English and Bangla) with a quote block and a
// recommendation block and an open comment, section 2 "Costs" (English
// only) addressing R-1. params gets: sec, sec2, blk, blk2, cmt, rid,
// pid (the quoted passage), sid (its session), docv, secv.
func strategyWebSeed(t *testing.T, e *servertest.Env, params map[string]string) string {
	t.Helper()
	id := studyWebSeed(t, e, params)
	lead := e.Users["bnsk.manager"].Actor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ses, err := e.DB.QualSessionByID(bg, lead, params["sid"])
	must(err)
	params["pid"] = ses.Passages[0].ID
	d, err := e.DB.CreateStrategyDocument(bg, lead, strategy.Document{StudyID: id, TitleEN: "Migration readiness strategy for the CHT",
		TitleBN: "পার্বত্য চট্টগ্রামের অভিবাসন প্রস্তুতি কৌশল"})
	must(err)
	s1, err := e.DB.AddStrategySection(bg, lead, id, d.Version, strategy.Text{HeadingEN: "Information", HeadingBN: "তথ্য",
		BodyEN: "People hear **little** about jobs abroad.\n\n- no BMET office nearby\n- brokers fill the gap",
		BodyBN: "বিদেশে কাজের খবর মানুষ **খুব কম** পান।"})
	must(err)
	s2, err := e.DB.AddStrategySection(bg, lead, id, d.Version+1, strategy.Text{HeadingEN: "Costs", BodyEN: "Brokers ask for <too much>."})
	must(err)
	b1, err := e.DB.AddStrategyBlock(bg, lead, s1.ID, strategy.Block{Kind: strategy.BlockQuote, SourceID: params["pid"], CaptionEN: "A woman in Juraichari"})
	must(err)
	b2, err := e.DB.AddStrategyBlock(bg, lead, s1.ID, strategy.Block{Kind: strategy.BlockRecommendation, SourceID: params["rid"]})
	must(err)
	must(e.DB.LinkStrategyRecommendation(bg, lead, s2.ID, params["rid"]))
	c, err := e.DB.AddStrategyComment(bg, e.Users["bnsk.worker"].Actor(), s1.ID, "Say which upazilas.")
	must(err)
	params["sec"], params["sec2"], params["blk"], params["blk2"], params["cmt"] = s1.ID, s2.ID, b1.ID, b2.ID, c.ID
	params["docv"], params["secv"] = strconv.Itoa(d.Version+2), strconv.Itoa(s1.Version)
	return id
}

func strategyTarget(c *cell) string {
	c.params = map[string]string{}
	return strategyWebSeed(c.t, c.e, c.params)
}

func (c *cell) strategyDoc() strategy.Document {
	d, err := c.e.DB.StrategyDocumentOf(bg, c.e.Users["pm"].Actor(), c.target)
	if err != nil {
		c.t.Fatal(err)
	}
	return d
}

// strategyParams fills the path's {name} with the seeded record key names.
func strategyParams(name, key string) func(c *cell) map[string]string {
	return func(c *cell) map[string]string {
		p := map[string]string{}
		for k, v := range c.params {
			p[k] = v
		}
		p[name] = c.params[key]
		return p
	}
}

const strategyWriters = "SI    OK    OK    NO    OK    OK    NO    NO    NO"

var strategyAccessMatrix = []accessRoute{
	{method: "GET", path: "/studies/{id}/strategy", target: strategyTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/strategy", note: "no document yet", target: studyTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/strategy", target: studyTarget, form: func(c *cell) url.Values {
		return url.Values{"title_en": {"Strategy"}, "title_bn": {"কৌশল"}}
	}, applied: func(c *cell) bool {
		_, err := c.e.DB.StrategyDocumentOf(bg, c.e.Users["pm"].Actor(), c.target)
		return err == nil
	}, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/title", target: strategyTarget, form: func(c *cell) url.Values {
		return url.Values{"title_en": {"New title"}, "version": {c.params["docv"]}}
	}, applied: func(c *cell) bool { return c.strategyDoc().TitleEN == "New title" }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections", target: strategyTarget, form: func(c *cell) url.Values {
		return url.Values{"heading_en": {"Training"}, "body_en": {"Technical training centres."}, "version": {c.params["docv"]}}
	}, applied: func(c *cell) bool { return len(c.strategyDoc().Sections) == 3 }, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/strategy/sections/{sid}", target: strategyTarget, params: strategyParams("sid", "sec"), want: strategyWriters},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}", target: strategyTarget, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values {
		return url.Values{"heading_en": {"Information gaps"}, "body_en": {"Rewritten."}, "version": {c.params["secv"]}}
	}, applied: func(c *cell) bool { return c.strategyDoc().Sections[0].Version == 2 }, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/strategy/sections/{sid}/history", target: strategyTarget, params: strategyParams("sid", "sec"), want: studyReaders},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/move", target: strategyTarget, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values {
		return url.Values{"direction": {"down"}, "version": {c.params["docv"]}}
	}, applied: func(c *cell) bool { return c.strategyDoc().Sections[0].ID == c.params["sec2"] }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/delete", target: strategyTarget, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["docv"]}}
	}, applied: func(c *cell) bool { return len(c.strategyDoc().Sections) == 1 }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/blocks", target: strategyTarget, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values {
		return url.Values{"block_kind": {"recommendation"}, "rec_id": {c.params["rid"]}, "caption_bn": {"সুপারিশ"}}
	}, applied: func(c *cell) bool { return len(c.strategyDoc().Sections[0].Blocks) == 3 }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/recommendations", target: strategyTarget, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values {
		return url.Values{"recommendation_id": {c.params["rid"]}}
	}, applied: func(c *cell) bool { return c.strategyDoc().Sections[0].Addresses(c.params["rid"]) }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/recommendations/{rid}/unlink", target: strategyTarget,
		params: strategyParams("sid", "sec2"), applied: func(c *cell) bool { return !c.strategyDoc().Sections[1].Addresses(c.params["rid"]) }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/comments", note: "design stage", target: strategyTarget, params: strategyParams("sid", "sec"),
		form:    func(c *cell) url.Values { return url.Values{"body": {"Please add the Bawm."}} },
		applied: func(c *cell) bool { return len(c.strategyDoc().Sections[0].Comments) == 2 }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/sections/{sid}/comments", note: "validation stage", target: func(c *cell) string {
		id := strategyTarget(c)
		s, err := c.e.DB.StudyByID(bg, c.e.Users["pm"].Actor(), id)
		if err == nil {
			_, err = c.e.DB.SetStudyStages(bg, c.e.Users["pm"].Actor(), id, s.Version, study.StageValidation, nil)
		}
		if err != nil {
			c.t.Fatal(err)
		}
		return id
	}, params: strategyParams("sid", "sec"), form: func(c *cell) url.Values { return url.Values{"body": {"Please add the Bawm."}} },
		applied: func(c *cell) bool { return len(c.strategyDoc().Sections[0].Comments) == 2 },
		want:    "SI    GO    GO    GO    GO    GO    GO    GO    GO"},
	{method: "POST", path: "/studies/{id}/strategy/blocks/{bid}/move", target: strategyTarget, params: strategyParams("bid", "blk2"), form: func(c *cell) url.Values {
		return url.Values{"direction": {"up"}}
	}, applied: func(c *cell) bool { return c.strategyDoc().Sections[0].Blocks[0].ID == c.params["blk2"] }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/blocks/{bid}/delete", target: strategyTarget, params: strategyParams("bid", "blk"),
		applied: func(c *cell) bool { return len(c.strategyDoc().Sections[0].Blocks) == 1 }, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/strategy/comments/{cid}/resolve", target: strategyTarget, params: strategyParams("cid", "cmt"), form: func(c *cell) url.Values {
		return url.Values{"resolution": {"Named Juraichari and Belaichari."}}
	}, applied: func(c *cell) bool { return c.strategyDoc().Sections[0].Comments[0].State == strategy.CommentResolved }, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/strategy/print", target: strategyTarget, want: studyReaders},
	// Without a document there is nothing to print: access is checked
	// without starting a browser (TestWebStrategyPDF prints).
	{method: "GET", path: "/studies/{id}/strategy/pdf", target: studyTarget, want: "SI    NF    NF    NF    NF    NF    NF    NF    NF"},
}

func TestWebStrategyRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, strategyAccessMatrix)
}

func TestWebStrategyMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, strategyAccessMatrix, "strategy.go")
}

func wantIn(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// The document page shows sections in order with their text rendered
// safely, live evidence, the trace of recommendations and the comments, in
// English and in Bangla (falling back to English, marked); a quote whose
// passage was removed shows a warning.
func TestWebStrategyPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		path := "/studies/" + id + "/strategy"
		viewer := browser(e, "viewer")
		r := send(e, viewer, "GET", path, nil, true, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("document: %d", r.StatusCode)
		}
		checkPage(t, "document", r.Body)
		wantIn(t, "document", r.Body, "Migration readiness strategy for the CHT", "People hear <strong>little</strong> about jobs abroad.",
			"<li>no BMET office nearby</li>", "Brokers ask for &lt;too much&gt;.", "“We never hear about jobs abroad.”", "Information gaps",
			"Focus group discussion", "A woman in Juraichari", "R-1", "Translate the tool into Chakma", "Say which upazilas.",
			`id="addresses-`+params["sec2"], "1 open", "Print view")
		if strings.Contains(r.Body, "Strategy published") && strings.Contains(r.Body, `id="form-section"`) {
			t.Error("the viewer is offered the section form")
		}
		if i, j := strings.Index(r.Body, `id="section-`+params["sec"]), strings.Index(r.Body, `id="section-`+params["sec2"]); i < 0 || j < i {
			t.Errorf("sections out of order: %d %d", i, j)
		}
		// R-1 is addressed by section 2, so not listed as unaddressed, and
		// its row of the trace names the section.
		if i := strings.Index(r.Body, `id="trace-`+params["rid"]); i < 0 || !strings.Contains(r.Body[i:], "2. Costs</a>") {
			t.Error("the trace does not show R-1 addressed by section 2")
		}
		if strings.Contains(r.Body, `id="unaddressed-`+params["rid"]) {
			t.Error("R-1 listed as not addressed")
		}
		lead := browser(e, "bnsk.manager")
		r = send(e, lead, "GET", path, nil, true, nil)
		checkPage(t, "document with the forms", r.Body)
		wantIn(t, "document with the forms", r.Body, `id="form-section"`, "Add evidence", "Resolve")

		bn := browser(e, "bnsk.worker")
		bn.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {path}})
		r = send(e, bn, "GET", path, nil, true, nil)
		checkPage(t, "Bangla document", r.Body)
		wantIn(t, "Bangla document", r.Body, "পার্বত্য চট্টগ্রামের অভিবাসন প্রস্তুতি কৌশল", "বিদেশে কাজের খবর মানুষ <strong>খুব কম</strong> পান।",
			"এই ভাষায় এখনো লেখা হয়নি", `<div class="strategy-text" lang="en"><p>Brokers ask for`, "প্রশ্নপত্র চাকমা ভাষায় অনুবাদ করুন", "তথ্যের ঘাটতি")

		for _, p := range []string{path + "/sections/" + params["sec"] + "/history", path + "/print", path + "/print?lang=bn"} {
			r := send(e, viewer, "GET", p, nil, true, nil)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, r.StatusCode)
			}
			checkPage(t, p, r.Body)
		}
		checkPage(t, "edit page", send(e, lead, "GET", path+"/sections/"+params["sec"], nil, true, nil).Body)

		// The passage goes: the quote block warns, the page still shows.
		ses, _ := e.DB.QualSessionByID(bg, e.Users["pm"].Actor(), params["sid"])
		if _, err := e.DB.RemoveQualPassage(bg, e.Users["pm"].Actor(), ses.ID, ses.Version, params["pid"]); err != nil {
			t.Fatal(err)
		}
		r = send(e, viewer, "GET", path, nil, true, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("document without its passage: %d", r.StatusCode)
		}
		wantIn(t, "document without its passage", r.Body, `class="strategy-warning"`, "has been removed from its session")
		if strings.Contains(r.Body, "“We never hear about jobs abroad.”") {
			t.Error("the removed passage is still quoted")
		}
		r = send(e, viewer, "GET", path+"/print", nil, true, nil)
		wantIn(t, "print view without its passage", r.Body, "has been removed from its session")
	})
}

// The print view is a standalone page for A4: lang attributes, a numbered
// contents list, the stylesheet with the Bangla font and page numbers, and
// the recommendations with the sections that address them.
func TestWebStrategyPrintView(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		viewer := browser(e, "viewer")
		r := send(e, viewer, "GET", "/studies/"+id+"/strategy/print?lang=bn", nil, true, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("print: %d", r.StatusCode)
		}
		wantIn(t, "Bangla print view", r.Body, `<html lang="bn">`, `<span lang="en">Costs</span>`, `<span lang="bn">তথ্য</span>`,
			`href="/static/strategy_print.css`, "সূচিপত্র", `<span class="num">১</span>`, `<span class="num">২</span>`,
			"সুপারিশ ও কোথায় সেগুলোর উত্তর দেওয়া হয়েছে", `<a href="#section-2">২</a>`)
		if strings.Contains(r.Body, "<form") {
			t.Error("the print view has forms")
		}
		css := send(e, viewer, "GET", "/static/strategy_print.css", nil, true, nil)
		wantIn(t, "print stylesheet", css.Body, "Noto Sans Bengali", "fonts/noto-sans-bengali-400.woff2", "size: A4", "@bottom-center", "counter(page)")
	})
}

// Two team members edit one section: the second save is a conflict that
// keeps the second person's text and shows how it differs; saving again
// knowingly makes a new version, and the history compares versions.
func TestWebStrategyConflictAndHistory(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		path := "/studies/" + id + "/strategy/sections/" + params["sec"]
		lead, cw := browser(e, "bnsk.manager"), browser(e, "bnsk.worker")
		form := func(body string) url.Values {
			return url.Values{"heading_en": {"Information"}, "heading_bn": {"তথ্য"}, "body_en": {body}, "version": {params["secv"]}}
		}
		if r := send(e, lead, "POST", path, form("Lead's text."), true, nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("lead's save: %d", r.StatusCode)
		}
		r := send(e, cw, "POST", path, form("Researcher's text."), true, nil)
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("second save: %d", r.StatusCode)
		}
		checkPage(t, "conflict", r.Body)
		wantIn(t, "conflict", r.Body, `id="strategy-conflict"`, "version 2, by bnsk.manager", "Researcher&#39;s text.</textarea>",
			"<del>− Lead&#39;s text.</del>", "<ins>+ Researcher&#39;s text.</ins>", `name="version" value="2"`)
		f := form("Researcher's text.")
		f.Set("version", "2")
		if r := send(e, cw, "POST", path, f, true, nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save after the conflict: %d", r.StatusCode)
		}
		r = send(e, cw, "GET", path+"/history", nil, true, nil)
		wantIn(t, "history", r.Body, "Version 3 compared with version 2", "bnsk.worker", "bnsk.manager", "<ins>+ Researcher&#39;s text.</ins>")
		r = send(e, cw, "GET", path+"/history?v=1", nil, true, nil)
		wantIn(t, "first version", r.Body, "Version 1, the first", "<ins>+ People hear **little** about jobs abroad.</ins>")
		if r := send(e, cw, "GET", path+"/history?v=9", nil, true, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("unknown version: %d", r.StatusCode)
		}
		if r := send(e, cw, "POST", path, url.Values{"heading_en": {""}, "version": {"3"}}, true, nil); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "write the section&#39;s heading in English") {
			t.Errorf("no heading: %d", r.StatusCode)
		}
		other := studyWebSeed(t, e, nil)
		if r := send(e, cw, "GET", "/studies/"+other+"/strategy/sections/"+params["sec"], nil, true, nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("section under another study: %d", r.StatusCode)
		}
	})
}

// Validation: a stakeholder comments during the validation stage, the lead
// resolves the comment with a note, and the counts follow.
func TestWebStrategyValidation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		path := "/studies/" + id + "/strategy"
		stakeholder := browser(e, "warbe.worker")
		if r := send(e, stakeholder, "POST", path+"/sections/"+params["sec2"]+"/comments", url.Values{"body": {"Costs differ by district."}}, true, nil); r.StatusCode != http.StatusForbidden {
			t.Fatalf("comment before validation: %d", r.StatusCode)
		}
		s, _ := e.DB.StudyByID(bg, e.Users["pm"].Actor(), id)
		if _, err := e.DB.SetStudyStages(bg, e.Users["pm"].Actor(), id, s.Version, study.StageValidation, nil); err != nil {
			t.Fatal(err)
		}
		r := send(e, stakeholder, "GET", path, nil, true, nil)
		wantIn(t, "stakeholder's view", r.Body, "You may comment on each section below.", `id="comment-body-`+params["sec2"])
		if r := send(e, stakeholder, "POST", path+"/sections/"+params["sec2"]+"/comments", url.Values{"body": {" "}}, true, nil); r.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "write your comment") {
			t.Errorf("empty comment: %d", r.StatusCode)
		}
		if r := send(e, stakeholder, "POST", path+"/sections/"+params["sec2"]+"/comments", url.Values{"body": {"Costs differ by district."}}, true, nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("stakeholder's comment: %d", r.StatusCode)
		}
		d, _ := e.DB.StrategyDocumentOf(bg, e.Users["pm"].Actor(), id)
		cid := d.Sections[1].Comments[0].ID
		if r := send(e, stakeholder, "POST", path+"/comments/"+cid+"/resolve", url.Values{"resolution": {"x"}}, true, nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("stakeholder resolving: %d", r.StatusCode)
		}
		lead := browser(e, "bnsk.manager")
		if r := send(e, lead, "POST", path+"/comments/"+cid+"/resolve", url.Values{"resolution": {""}}, true, nil); r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("resolving without a note: %d", r.StatusCode)
		}
		if r := send(e, lead, "POST", path+"/comments/"+cid+"/resolve", url.Values{"resolution": {"Added a table by district."}}, true, nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("resolve: %d", r.StatusCode)
		}
		r = send(e, lead, "GET", path, nil, true, nil)
		wantIn(t, "after resolving", r.Body, "Added a table by district.", "1 resolved", "Say which upazilas.")
		if r := send(e, lead, "POST", path+"/comments/"+cid+"/resolve", url.Values{"resolution": {"again"}}, true, nil); r.StatusCode != http.StatusConflict {
			t.Errorf("resolving twice: %d", r.StatusCode)
		}
	})
}

// The PDF of a Bangla document, printed by headless Chromium when one is
// installed ($REMAKER_CHROMIUM or /usr/bin/chromium).
func TestWebStrategyPDF(t *testing.T) {
	if strategy.FindChromium() == "" {
		t.Skip("no Chromium: set " + strategy.EnvChromium + " or install chromium to print the document to PDF")
	}
	// Printing does not depend on the database: SQLite is enough.
	func(e *servertest.Env) {
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		r := send(e, browser(e, "viewer"), "GET", "/studies/"+id+"/strategy/pdf?lang=bn", nil, true, nil)
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf: %d %s %.300s", r.StatusCode, r.Header.Get("Content-Type"), r.Body)
		}
		pdf := []byte(r.Body)
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
		}
		if !bytes.Contains(pdf, []byte("NotoSansBengali")) {
			t.Error("the PDF does not embed Noto Sans Bengali")
		}
	}(servertest.New(t, store.SQLite))
}

// Tables and charts from the study's analysis render live in the document
// and its print view; an analysis the questionnaire cannot answer is
// refused with the field named.
func TestWebStrategyAnalysisBlocks(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
			t.Fatal(err)
		}
		params := map[string]string{}
		id := strategyWebSeed(t, e, params)
		path := "/studies/" + id + "/strategy"
		lead := browser(e, "bnsk.manager")
		for kind, caption := range map[string]string{"table": "Willingness by sex", "chart": "Willingness chart"} {
			r := send(e, lead, "POST", path+"/sections/"+params["sec"]+"/blocks", url.Values{"block_kind": {kind}, "kind": {"crosstab"},
				"question": {"willing_abroad"}, "by": {"sex"}, "caption_en": {caption}}, true, nil)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s block: %d %.500s", kind, r.StatusCode, r.Body)
			}
		}
		r := send(e, lead, "POST", path+"/sections/"+params["sec"]+"/blocks", url.Values{"block_kind": {"table"}, "kind": {"crosstab"},
			"question": {"no_such_question"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "questionnaire") {
			i := strings.Index(r.Body, "flash-error")
			t.Errorf("unknown question: %d %s", r.StatusCode, r.Body[max(i, 0):min(len(r.Body), max(i, 0)+400)])
		}
		r = send(e, lead, "GET", path, nil, true, nil)
		checkPage(t, "document with analysis blocks", r.Body)
		wantIn(t, "document with analysis blocks", r.Body, "Willingness by sex", "Willingness chart", "analysis-table", "Nothing to draw",
			`<option value="willing_abroad">`)
		r = send(e, lead, "GET", path+"/print?lang=bn", nil, true, nil)
		wantIn(t, "print view with analysis blocks", r.Body, "analysis-table", "আঁকার মতো কিছু নেই")

		// The study moves to a questionnaire that no longer asks the
		// question: the blocks stay, each with a visible warning.
		pm := e.Users["pm"].Actor()
		wb := servertest.FormWorkbook(t, "short_scoping", "1", [][]string{{"select_one yn", "interested", "Interested in training?"}},
			[][]string{{"yn", "yes", "Yes"}, {"yn", "no", "No"}})
		v, err := e.Server.Forms.Upload(bg, pm, "short.xlsx", wb, collect.UploadOptions{Purpose: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.PublishFormVersion(bg, pm, v.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.SetStudyAnalysisForm(bg, pm, id, v.FormPK); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "/print"} {
			r = send(e, lead, "GET", p, nil, true, nil)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s after the question went: %d", p, r.StatusCode)
			}
			if n := strings.Count(r.Body, `class="strategy-warning"`); n < 2 {
				t.Errorf("%s after the question went shows %d warnings, want one in each of the two blocks", p, n)
			}
			if strings.Contains(r.Body, "analysis-table") {
				t.Errorf("%s still draws a table of a question the questionnaire no longer asks", p)
			}
		}
	})
}
