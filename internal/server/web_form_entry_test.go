package server_test

// Web data entry (internal/web/form_entry.go): the built-in forms filled in
// through the HTML screens, as a browser without JavaScript does, and the
// check that forms.js asks after each change.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// fillEnv is a server with the built-in forms loaded and a project to open
// cases in.
type fillEnv struct {
	*caseEnv
	versions map[string]string // form ID to the published version's ID
}

func newFillEnv(t *testing.T, e *servertest.Env) *fillEnv {
	t.Helper()
	if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
		t.Fatal(err)
	}
	vs, err := e.DB.CollectableForms(bg, e.Users["bnsk.worker"].Actor())
	if err != nil {
		t.Fatal(err)
	}
	f := &fillEnv{caseEnv: newCaseEnv(t, e), versions: map[string]string{}}
	for _, v := range vs {
		f.versions[v.FormID] = v.ID
	}
	for _, id := range []string{"remaker_rss", "remaker_scoping"} {
		if f.versions[id] == "" {
			t.Fatalf("built-in form %s is not collectable: %v", id, f.versions)
		}
	}
	return f
}

// fillScreen is a form page as a browser holds it: the controls' values.
type fillScreen struct {
	t      *testing.T
	status int
	body   string
	root   *html.Node
	values url.Values
	action string
}

func fillRead(t *testing.T, r *servertest.Response) *fillScreen {
	t.Helper()
	s := &fillScreen{t: t, status: r.StatusCode, body: r.Body, root: parse(t, r.Body), values: url.Values{}}
	forms := all(s.root, func(n *html.Node) bool { return n.DataAtom == atom.Form && hasClass(n, "fill-form") })
	if len(forms) != 1 {
		return s
	}
	s.action = attr(forms[0], "action")
	for _, n := range all(forms[0], func(n *html.Node) bool {
		return n.DataAtom == atom.Input || n.DataAtom == atom.Select || n.DataAtom == atom.Textarea
	}) {
		name := attr(n, "name")
		if name == "" || hasAttr(n, "disabled") {
			continue
		}
		switch n.DataAtom {
		case atom.Select:
			for _, o := range all(n, byTag(atom.Option)) {
				if hasAttr(o, "selected") {
					s.values.Add(name, attr(o, "value"))
				}
			}
		case atom.Textarea:
			s.values.Add(name, textOf(n))
		default:
			if typ := attr(n, "type"); (typ == "radio" || typ == "checkbox") && !hasAttr(n, "checked") {
				continue
			}
			s.values.Add(name, attr(n, "value"))
		}
	}
	return s
}

// shown reports whether the element for key is on the screen and not hidden.
func (s *fillScreen) shown(key string) bool {
	for _, n := range all(s.root, func(n *html.Node) bool { return attr(n, "data-fill") == key }) {
		for p := n; p != nil; p = p.Parent {
			if p.Type == html.ElementNode && hasAttr(p, "hidden") {
				return false
			}
		}
		return true
	}
	return false
}

// fieldError is the message shown beside the question at key.
func (s *fillScreen) fieldError(key string) string {
	if n := byID(s.root, "q:"+key+"-error"); n != nil && !hasAttr(n, "hidden") {
		return textOf(n)
	}
	return ""
}

// post sends the screen with answers set (a nil slice clears one) and the
// button pressed.
func (s *fillScreen) post(b *servertest.Browser, action string, answers map[string][]string) *fillScreen {
	s.t.Helper()
	v := url.Values{}
	for k, vals := range s.values {
		v[k] = slices.Clone(vals)
	}
	for k, vals := range answers {
		if vals == nil {
			delete(v, k)
			continue
		}
		v[k] = vals
	}
	if action != "" {
		v.Set(".action", action)
	}
	return fillRead(s.t, b.PostForm(s.action, v))
}

func (s *fillScreen) state() map[string]any {
	s.t.Helper()
	var st map[string]any
	if err := json.Unmarshal([]byte(s.values.Get(".state")), &st); err != nil {
		s.t.Fatalf("state: %v", err)
	}
	return st
}

func one(v string) []string { return []string{v} }

// answerAll picks the first offered choice of every shown question with
// choices that has no answer yet, as a hurried enumerator would.
func (s *fillScreen) answerAll() map[string][]string {
	out := map[string][]string{}
	for _, fs := range all(s.root, func(n *html.Node) bool { return n.DataAtom == atom.Fieldset && hasAttr(n, "data-fill") }) {
		key := attr(fs, "data-fill")
		if !s.shown(key) || s.values.Get(key) != "" {
			continue
		}
		for _, in := range all(fs, byTag(atom.Input)) {
			if typ := attr(in, "type"); (typ == "radio" || typ == "checkbox") && attr(in, "name") == key {
				out[key] = one(attr(in, "value"))
				break
			}
		}
	}
	return out
}

func merge(ms ...map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// TestFormEntryRSS fills in the Reintegration Sustainability Survey from a
// case, without JavaScript: skip logic, a calculation, a missing answer
// refused, and the submission filed with the case.
func TestFormEntryRSS(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		cs := f.newCase(t, "BNSK")
		b := e.SignIn("bnsk.worker")
		if r := b.Get("/fill/" + f.versions["remaker_rss"] + "?case=" + f.newCase(t, "WARBE").ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's case: status %d, want 404", r.StatusCode)
		}
		s := fillRead(t, b.Get("/fill/"+f.versions["remaker_rss"]+"?case="+cs.ID))
		if s.status != http.StatusOK {
			t.Fatalf("open: status %d", s.status)
		}
		checkPage(t, "RSS form", s.body)
		if got := s.values.Get("case_ref"); got != cs.Reference {
			t.Errorf("case_ref prefilled with %q, want %q", got, cs.Reference)
		}
		if s.values.Get(".case") != cs.ID {
			t.Errorf("the form is not bound to the case: .case = %q", s.values.Get(".case"))
		}
		if s.shown("economic") || s.shown("social/children_in_school") {
			t.Error("questions behind consent are shown before consent")
		}
		if !strings.Contains(s.body, `class="required-mark"`) || !strings.Contains(s.body, "(required)") {
			t.Error("required questions carry no mark")
		}

		// Skip logic: children in school only when there are children of school age.
		s = s.post(b, "", map[string][]string{"consent": one("yes"), "survey_round": one("baseline"), "social/school_age_children": one("yes")})
		if !s.shown("economic") || !s.shown("social/children_in_school") {
			t.Fatal("consent and children of school age do not show the questions they gate")
		}
		s = s.post(b, "", map[string][]string{"social/school_age_children": one("no")})
		if s.shown("social/children_in_school") {
			t.Error("children_in_school still shown when there are no children of school age")
		}

		// The calculation, with the spending typed in Bangla digits.
		s = s.post(b, "", map[string][]string{"economic/has_debt": one("yes"), "economic/debt_amount": one("50000"), "economic/monthly_spending": one("২৫০০০")})
		if n := byID(s.root, "q:economic/debt_spending_ratio"); n == nil || textOf(n) != "2" {
			t.Errorf("debt-to-spending ratio shown as %v, want 2", n)
		}
		if got := s.values.Get("economic/monthly_spending"); got != "25000" {
			t.Errorf("Bangla digits kept as %q, want 25000", got)
		}

		// A required answer missing: 422, named beside the question and above the form.
		bad := s.post(b, "submit", nil)
		if bad.status != http.StatusUnprocessableEntity {
			t.Fatalf("submit with answers missing: status %d, want 422", bad.status)
		}
		if bad.fieldError("economic/economic_satisfaction") == "" {
			t.Error("the missing answer has no message beside it")
		}
		if !strings.Contains(flashError(bad.root), "How satisfied are you") {
			t.Errorf("the summary does not name the question: %q", flashError(bad.root))
		}

		// Answer everything, then submit.
		for range 3 {
			s = s.post(b, "", s.answerAll())
		}
		done := s.post(b, "submit", nil)
		if done.status != http.StatusSeeOther {
			t.Fatalf("submit: status %d: %s", done.status, flashError(done.root))
		}
		subs, err := e.DB.ListSubmissions(bg, e.Users["pm"].Actor(), store.SubmissionQuery{CaseID: cs.ID})
		if err != nil || len(subs) != 1 {
			t.Fatalf("submissions of the case: %v, %v", subs, err)
		}
		if subs[0].Channel != "web" || subs[0].SubmittedBy != e.Users["bnsk.worker"].ID {
			t.Errorf("submission %+v", subs[0])
		}
		full, err := e.DB.SubmissionByID(bg, e.Users["pm"].Actor(), subs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		vals, err := collect.FormValues(full.Data)
		if err != nil {
			t.Fatal(err)
		}
		if vals["economic/debt_spending_ratio"] != "2" || vals["case_ref"] != cs.Reference || vals["social/children_in_school"] != "" {
			t.Errorf("stored answers %v", vals)
		}
		if !strings.Contains(full.XML, "<debt_spending_ratio>2</debt_spending_ratio>") {
			t.Errorf("XML lacks the calculation: %s", full.XML)
		}
		events, err := e.DB.CaseTimeline(bg, e.Users["pm"].Actor(), cs.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(events, func(ev casework.Event) bool { return ev.Kind == store.EventFormSubmitted && ev.RefID == subs[0].ID }) {
			t.Errorf("the case timeline has no line for the submission: %+v", events)
		}
		// The same screen again is the same instance: a changed one is refused, not stored twice.
		if again := s.post(b, "submit", nil); again.status == http.StatusSeeOther {
			if subs, _ := e.DB.ListSubmissions(bg, e.Users["pm"].Actor(), store.SubmissionQuery{CaseID: cs.ID}); len(subs) != 1 {
				t.Errorf("a second submit stored %d submissions", len(subs))
			}
		}
	})
}

// TestFormEntryDraft saves a draft, resumes it, and refuses a save from a
// window that read an older version of it.
func TestFormEntryDraft(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		cs := f.newCase(t, "BNSK")
		b := e.SignIn("bnsk.worker")
		s := fillRead(t, b.Get("/fill/"+f.versions["remaker_rss"]+"?case="+cs.ID))
		r := b.PostForm(s.action, merge(map[string][]string{".action": one("save"), "consent": one("yes")}, s.values))
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/fill/drafts/") {
			t.Fatalf("save draft: status %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
		draftURL := r.Header.Get("Location")
		first := fillRead(t, b.Get(draftURL))
		if first.status != http.StatusOK || first.values.Get("consent") != "yes" || first.values.Get(".case") != cs.ID || first.values.Get(".draft_version") != "1" {
			t.Fatalf("resumed draft: status %d, values %v", first.status, first.values)
		}
		if l := fillRead(t, b.Get("/fill")); !strings.Contains(l.body, draftURL) {
			t.Error("the list of forms does not offer the draft")
		}
		// Another user does not see it.
		if r := e.SignIn("bnsk.manager").Get(draftURL); r.StatusCode != http.StatusNotFound {
			t.Errorf("someone else's draft: status %d, want 404", r.StatusCode)
		}
		// The draft belongs to its form: saving it from another form's screen is refused.
		scoping := fillRead(t, b.Get("/fill/"+f.versions["remaker_scoping"]))
		if r := scoping.post(b, "save", map[string][]string{".draft": one(first.values.Get(".draft")), ".draft_version": one("1")}); r.status != http.StatusNotFound {
			t.Errorf("a draft saved over from another form: status %d, want 404", r.status)
		}
		saved := first.post(b, "save", map[string][]string{"survey_round": one("follow_up")})
		if saved.status != http.StatusSeeOther {
			t.Fatalf("second save: status %d", saved.status)
		}
		stale := first.post(b, "save", map[string][]string{"survey_round": one("baseline")})
		if stale.status != http.StatusConflict || flashError(stale.root) == "" {
			t.Errorf("stale save: status %d, message %q; want 409 with a message", stale.status, flashError(stale.root))
		}
		now := fillRead(t, b.Get(draftURL))
		if now.values.Get("survey_round") != "follow_up" {
			t.Errorf("the stale save overwrote the draft: %v", now.values.Get("survey_round"))
		}
	})
}

// TestFormEntryRepeat adds and removes skills in the scoping form, and
// narrows the upazilas to the district chosen.
func TestFormEntryRepeat(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		b := e.SignIn("bnsk.worker")
		s := fillRead(t, b.Get("/fill/"+f.versions["remaker_scoping"]))
		s = s.post(b, "", map[string][]string{"consent": one("yes"), "interview/skills/has_skills": one("yes")})
		if !s.shown("interview/skills/skill[1]") {
			t.Fatalf("the first skill is not shown once the person has skills")
		}
		s = s.post(b, "add:interview/skills/skill", map[string][]string{"interview/skills/skill[1]/skill_name": one("Tailoring")})
		if s.status != http.StatusOK || !s.shown("interview/skills/skill[2]") || s.values.Get("interview/skills/skill") != "2" {
			t.Fatalf("add a skill: status %d, count %q", s.status, s.values.Get("interview/skills/skill"))
		}
		s = s.post(b, "remove:interview/skills/skill[1]", map[string][]string{"interview/skills/skill[2]/skill_name": one("Driving")})
		if s.values.Get("interview/skills/skill") != "1" || s.values.Get("interview/skills/skill[1]/skill_name") != "Driving" || s.shown("interview/skills/skill[2]") {
			t.Errorf("remove the first skill: count %q, first %q", s.values.Get("interview/skills/skill"), s.values.Get("interview/skills/skill[1]/skill_name"))
		}
		if s.body == "" || !strings.Contains(s.body, `value="remove:interview/skills/skill[1]"`) {
			t.Error("no button removes the remaining skill")
		}
	})
}

// TestFormEntryCheck is the JSON forms.js reads after each change.
func TestFormEntryCheck(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		b := e.SignIn("bnsk.worker")
		rss := fillRead(t, b.Get("/fill/"+f.versions["remaker_rss"]))
		check := func(s *fillScreen, answers map[string][]string) map[string]json.RawMessage {
			t.Helper()
			r := b.PostForm(s.action+"/check", merge(s.values, answers))
			if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("check: status %d %s", r.StatusCode, r.Body)
			}
			var out map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		var got struct {
			Relevant map[string]bool     `json:"relevant"`
			Values   map[string]string   `json:"values"`
			Choices  map[string][]string `json:"choices"`
			Problems map[string]string   `json:"problems"`
		}
		decode := func(m map[string]json.RawMessage) {
			got.Relevant, got.Values, got.Choices, got.Problems = nil, nil, nil, nil
			for k, v := range m {
				var err error
				switch k {
				case "relevant":
					err = json.Unmarshal(v, &got.Relevant)
				case "values":
					err = json.Unmarshal(v, &got.Values)
				case "choices":
					err = json.Unmarshal(v, &got.Choices)
				case "problems":
					err = json.Unmarshal(v, &got.Problems)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		decode(check(rss, map[string][]string{"consent": one("yes"), "social/school_age_children": one("yes"),
			"economic/has_debt": one("yes"), "economic/debt_amount": one("1000"), "economic/monthly_spending": one("4000"),
			"interview_date": one("2999-01-01")}))
		if !got.Relevant["social/children_in_school"] || !got.Relevant["economic"] || got.Relevant["no_consent"] {
			t.Errorf("relevance %v", got.Relevant)
		}
		if got.Values["economic/debt_spending_ratio"] != "0.25" {
			t.Errorf("calculation %q, want 0.25", got.Values["economic/debt_spending_ratio"])
		}
		if got.Problems["interview_date"] == "" || got.Problems["economic/economic_satisfaction"] != "" {
			t.Errorf("problems %v: want the constraint now and the missing answers only on submit", got.Problems)
		}
		// Nothing was stored by checking.
		if subs, _ := e.DB.ListSubmissions(bg, e.Users["pm"].Actor(), store.SubmissionQuery{}); len(subs) != 0 {
			t.Errorf("a check stored %d submissions", len(subs))
		}

		scoping := fillRead(t, b.Get("/fill/"+f.versions["remaker_scoping"]))
		decode(check(scoping, map[string][]string{"consent": one("yes")}))
		without := len(got.Choices["interview/profile/upazila"])
		decode(check(scoping, map[string][]string{"consent": one("yes"), "interview/profile/district": one(fillFirstChoice(t, scoping, "interview/profile/district"))}))
		narrowed := got.Choices["interview/profile/upazila"]
		offered := len(all(scoping.root, func(n *html.Node) bool {
			return n.DataAtom == atom.Option && n.Parent != nil && attr(n.Parent, "name") == "interview/profile/upazila" && attr(n, "value") != ""
		}))
		if len(narrowed) <= without || len(narrowed) >= offered || !slices.Contains(narrowed, "other") {
			t.Errorf("upazilas for the district: %v (%d without a district, %d in all)", narrowed, without, offered)
		}

		// A post that names no question of the form is refused by name.
		r := b.PostForm(rss.action+"/check", merge(rss.values, map[string][]string{"no_such_question": one("x")}))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "no_such_question") {
			t.Errorf("unknown question: status %d %s", r.StatusCode, r.Body)
		}
	})
}

// fillFirstChoice is the first choice of a select on the screen.
func fillFirstChoice(t *testing.T, s *fillScreen, key string) string {
	t.Helper()
	for _, o := range all(s.root, func(n *html.Node) bool { return attr(n, "data-fill-choice") != "" }) {
		for p := o.Parent; p != nil; p = p.Parent {
			if attr(p, "data-fill") == key {
				return attr(o, "data-fill-choice")
			}
		}
	}
	t.Fatalf("no choices for %s", key)
	return ""
}

// TestFormEntryBangla shows a form in Bangla to a user who reads Bangla.
func TestFormEntryBangla(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		b := e.SignIn("bnsk.worker")
		if r := b.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {"/fill"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("switch language: %d", r.StatusCode)
		}
		s := fillRead(t, b.Get("/fill/"+f.versions["remaker_rss"]))
		checkPage(t, "RSS in Bangla", s.body)
		root := s.root
		if htmlLang(root) != "bn" {
			t.Errorf("lang %q", htmlLang(root))
		}
		for _, want := range []string{"কেসের রেফারেন্স নম্বর", "আবশ্যক", "খসড়া সংরক্ষণ", "জমা দিন"} {
			if !strings.Contains(s.body, want) {
				t.Errorf("the Bangla form lacks %q", want)
			}
		}
		bad := s.post(b, "submit", nil)
		if bad.status != http.StatusUnprocessableEntity || !strings.Contains(flashError(bad.root), "কেসের রেফারেন্স নম্বর") {
			t.Errorf("Bangla problems: status %d %q", bad.status, flashError(bad.root))
		}
		l := fillRead(t, b.Get("/fill"))
		checkPage(t, "fill list in Bangla", l.body)
	})
}

// TestFormEntryRouteMatrix: who may open and post the data-entry screens.
func TestFormEntryRouteMatrix(t *testing.T) {
	t.Parallel()
	rss := func(c *cell) string {
		if c.params == nil {
			c.params = map[string]string{}
		}
		if _, err := c.e.Server.Forms.LoadBuiltins(bg); err != nil {
			c.t.Fatal(err)
		}
		vs, err := c.e.DB.CollectableForms(bg, c.e.Users["bnsk.worker"].Actor())
		if err != nil {
			c.t.Fatal(err)
		}
		for _, v := range vs {
			if v.FormID == "remaker_rss" {
				return v.ID
			}
		}
		c.t.Fatal("no RSS")
		return ""
	}
	// A blank RSS screen, as the server would show it, posted back.
	screen := func(action string) func(c *cell) url.Values {
		return func(c *cell) url.Values {
			s := fillRead(c.t, c.e.SignIn("bnsk.worker").Get("/fill/"+c.target))
			v := merge(s.values, map[string][]string{".action": one(action)})
			return v
		}
	}
	draft := func(c *cell) string {
		id := rss(c)
		d, err := c.e.DB.SaveFormDraft(bg, c.e.Users["bnsk.worker"].Actor(), store.FormDraft{FormVersionID: id, Data: `{"form_id":"remaker_rss","meta":{"instance_id":"uuid:6f1e2a3b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},"values":{}}`})
		if err != nil {
			c.t.Fatal(err)
		}
		return d.ID
	}
	drafts := func(c *cell) bool {
		ds, err := c.e.DB.FormDrafts(bg, c.e.Users[c.actor].Actor())
		return err == nil && c.actor != "" && len(ds) > 0
	}
	rows := []accessRoute{
		{want: "SI    OK    OK    NO    OK    OK    OK    OK    OK", method: "GET", path: "/fill"},
		{want: "SI    NO    NO    NO    OK    OK    NO    OK    OK", method: "GET", path: "/fill/{id}", target: rss},
		{want: "SI    NF    NF    NO    NF    NF    NF    NF    NF", method: "GET", path: "/fill/{id}", note: "missing", target: targetMissing},
		{want: "SI    NO    NO    NO    OK    OK    NO    OK    OK", method: "POST", path: "/fill/{id}", note: "refresh", target: rss, form: screen("")},
		{want: "SI    NO    NO    NO    GO    GO    NO    GO    GO", method: "POST", path: "/fill/{id}", note: "save draft", target: rss, form: screen("save"), applied: drafts},
		{want: "SI    NO    NO    NO    OK    OK    NO    OK    OK", method: "POST", path: "/fill/{id}/check", target: rss, form: screen("")},
		{want: "SI    NF    NF    NO    NF    OK    NF    NF    NF", method: "GET", path: "/fill/drafts/{id}", target: draft},
	}
	runAccessMatrix(t, rows)
	matrixCovers(t, rows, "form_entry.go")
}

// fillPagedForm uploads and publishes a small form in the "pages" style:
// a page of loose questions, a group on a page of its own that only shows
// for adults, and a last group.
func fillPagedForm(t *testing.T, e *servertest.Env) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	rows := map[string][][]any{
		"survey": {
			{"type", "name", "label", "required", "relevant", "appearance"},
			{"text", "name", "Name", "yes"},
			{"integer", "age", "Age", "yes"},
			{"begin_group", "work", "Work", "", "${age} >= 18", "field-list"},
			{"select_multiple job", "jobs", "Jobs", "yes"},
			{"end_group"},
			{"begin_group", "end", "The end"},
			{"text", "remarks", "Remarks"},
			{"end_group"},
		},
		"choices":  {{"list_name", "name", "label"}, {"job", "farm", "Farming"}, {"job", "shop", "Shop"}},
		"settings": {{"form_id", "form_title", "version", "style"}, {"paged_test", "Paged test", "1", "pages"}},
	}
	for _, sheet := range []string{"survey", "choices", "settings"} {
		if _, err := x.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for i, row := range rows[sheet] {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow(sheet, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	x.DeleteSheet("Sheet1")
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	pm := e.Users["pm"].Actor()
	v, err := e.Server.Forms.Upload(bg, pm, "paged.xlsx", buf.Bytes(), collect.UploadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.PublishFormVersion(bg, pm, v.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// TestFormEntryPages moves through a form in the "pages" style: a page
// with problems holds the person back, a page with nothing relevant is
// skipped, answers on other pages travel with the screen, and the submit
// checks every page.
func TestFormEntryPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		id := fillPagedForm(t, e)
		b := e.SignIn("bnsk.worker")
		s := fillRead(t, b.Get("/fill/"+id))
		if s.status != http.StatusOK || byID(s.root, "q:name") == nil || byID(s.root, "q:work/jobs:0") != nil {
			t.Fatalf("first page: status %d", s.status)
		}
		checkPage(t, "paged form", s.body)
		if strings.Contains(s.body, `value="submit"`) || !strings.Contains(s.body, `value="next"`) {
			t.Error("the first page offers a submit, or no way on")
		}
		held := s.post(b, "next", map[string][]string{"name": one("Rahim")})
		if held.status != http.StatusUnprocessableEntity || held.fieldError("age") == "" || held.values.Get(".page") != "0" {
			t.Fatalf("next with the age missing: status %d, page %s", held.status, held.values.Get(".page"))
		}
		// A child: the work page is skipped.
		child := held.post(b, "next", map[string][]string{"age": one("12")})
		if child.status != http.StatusOK || child.values.Get(".page") != "2" || byID(child.root, "q:end/remarks") == nil {
			t.Fatalf("a child goes to page %s, want 2 (the end)", child.values.Get(".page"))
		}
		if child.values.Get("name") != "Rahim" || child.values.Get("age") != "12" {
			t.Errorf("the first page's answers did not travel: %v", child.values)
		}
		back := child.post(b, "prev", nil)
		if back.values.Get(".page") != "0" {
			t.Errorf("previous from the end goes to page %s, want 0", back.values.Get(".page"))
		}
		// An adult: the work page, whose answers travel as one value each.
		adult := back.post(b, "next", map[string][]string{"age": one("৩০")})
		if adult.values.Get(".page") != "1" || byID(adult.root, "q:work/jobs:0") == nil {
			t.Fatalf("an adult goes to page %s, want 1", adult.values.Get(".page"))
		}
		last := adult.post(b, "next", map[string][]string{"work/jobs": {"farm", "shop"}})
		if last.values.Get(".page") != "2" || !slices.Equal(last.values["work/jobs"], []string{"farm", "shop"}) {
			t.Fatalf("the end page: page %s, jobs %v", last.values.Get(".page"), last.values["work/jobs"])
		}
		if done := last.post(b, "submit", nil); done.status != http.StatusSeeOther {
			t.Fatalf("submit: status %d %s", done.status, flashError(done.root))
		}
		subs, err := e.DB.ListSubmissions(bg, e.Users["pm"].Actor(), store.SubmissionQuery{VersionID: id})
		if err != nil || len(subs) != 1 {
			t.Fatalf("stored: %v %v", subs, err)
		}
		full, _ := e.DB.SubmissionByID(bg, e.Users["pm"].Actor(), subs[0].ID)
		if !strings.Contains(full.XML, "<jobs>farm shop</jobs>") || !strings.Contains(full.XML, "<age>30</age>") {
			t.Errorf("XML %s", full.XML)
		}
	})
}

// TestFormEntryDraftSubmitted: a draft finished and submitted is gone.
func TestFormEntryDraftSubmitted(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		b := e.SignIn("bnsk.worker")
		s := fillRead(t, b.Get("/fill/"+f.versions["remaker_rss"]))
		r := b.PostForm(s.action, merge(s.values, map[string][]string{".action": one("save"), "case_ref": one("BNSK-2026-0001")}))
		s = fillRead(t, b.Get(r.Header.Get("Location")))
		for range 3 {
			s = s.post(b, "", s.answerAll())
		}
		if done := s.post(b, "submit", nil); done.status != http.StatusSeeOther {
			t.Fatalf("submit the draft: status %d %s", done.status, flashError(done.root))
		}
		if ds, err := e.DB.FormDrafts(bg, e.Users["bnsk.worker"].Actor()); err != nil || len(ds) != 0 {
			t.Errorf("drafts after the submit: %v %v", ds, err)
		}
	})
}
