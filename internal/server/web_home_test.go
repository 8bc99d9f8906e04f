package server_test

// The home pages: each role's sections, with the numbers of a known world.

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// homeWorld is what the home pages are checked against:
//
//	A  BNSK, the worker's, registered 20 days ago (not screened): an
//	   overdue visit, an overdue task, a referral to BNSK's own service
//	B  BNSK, the worker's, opened today: plan 1 returned by the manager
//	C  BNSK, the worker's, opened today: plan 1 submitted, waiting
//	D  BNSK, the manager's, opened today: plan 1 approved, committing
//	   USD 500.00 of the BNSK direct assistance line's USD 2,000.00
//	W  WARBE, the WARBE worker's, registered 20 days ago: an overdue visit
type homeWorld struct {
	cases   map[string]casework.Case
	people  []registry.Person
	project store.Project
	service referral.Service
}

func homeSetup(t *testing.T, e *servertest.Env) homeWorld {
	t.Helper()
	giveFullNames(t, e)
	today := visitToday()
	w := homeWorld{cases: map[string]casework.Case{}, project: visitProject(t, e)}
	open := func(letter, org, name, assignee string, daysAgo int) casework.Case {
		c := visitCase(t, e, org, name, assignee, daysAgo)
		w.cases[letter] = c
		p, err := e.DB.PersonByID(bg, pmActor(e), c.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		w.people = append(w.people, p)
		return c
	}
	cw, mgr := e.Users["bnsk.worker"].Actor(), e.Users["bnsk.manager"].Actor()
	a := open("A", "BNSK", "Amena Khatun", "bnsk.worker", 20)
	b := open("B", "BNSK", "Babul Mia", "bnsk.worker", 0)
	c := open("C", "BNSK", "Champa Rani", "bnsk.worker", 0)
	d := open("D", "BNSK", "Dulal Hossain", "bnsk.manager", 0)
	wc := open("W", "WARBE", "Wasim Akram", "warbe.worker", 20)
	visitSchedule(t, e, "bnsk.worker", a.ID, today.AddDate(0, 0, -100), 3)
	visitSchedule(t, e, "warbe.worker", wc.ID, today.AddDate(0, 0, -100), 3)
	yesterday := today.AddDate(0, 0, -1)
	if _, err := e.DB.AddTask(bg, cw, a.ID, casework.Task{Title: "Call the family", DueOn: &yesterday}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.service, err = e.DB.CreateService(bg, mgr, referral.Service{NameEn: "Counselling at the BNSK office", NameBn: "বিএনএসকে অফিসে কাউন্সেলিং",
		Type: referral.PsychosocialSupport}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.CreateReferral(bg, cw, referral.Referral{CaseID: a.ID, ServiceID: w.service.ID, Reason: "Signs of distress"}); err != nil {
		t.Fatal(err)
	}
	line, err := e.DB.CreateBudgetLine(bg, pmActor(e), programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs["BNSK"].ID,
		Category: programme.DirectAssistance, PlannedMinor: 200_000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.CreateBudgetLine(bg, pmActor(e), programme.BudgetLine{ProjectID: w.project.ID, OrgID: e.Orgs["WARBE"].ID,
		Category: programme.DirectAssistance, PlannedMinor: 100_000}); err != nil {
		t.Fatal(err)
	}
	draft := func(caseID string, amount int64, lineID string) programme.Plan {
		p, err := e.DB.DraftPlan(bg, cw, caseID, programme.Plan{Goals: "A steady income", Items: []programme.PlanItem{{
			Dimension: "economic", Level: "individual", Type: "business_startup_grant", Description: "A sewing machine",
			AmountMinor: amount, Currency: programme.USD, BudgetLineID: lineID, ResponsibleOrgID: e.Orgs["BNSK"].ID,
			TargetDate: today.AddDate(0, 2, 0)}}})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = e.DB.SubmitPlan(bg, cw, p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := draft(b.ID, 0, ""); true {
		if _, err := e.DB.ReturnPlan(bg, mgr, p.ID, p.Version, "Say what the machine costs"); err != nil {
			t.Fatal(err)
		}
	}
	draft(c.ID, 0, "")
	p := draft(d.ID, 50_000, line.ID)
	if _, err := e.DB.ApprovePlan(bg, mgr, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	return w
}

// homeSection returns the text of the section headed by the element with id.
func homeSection(t *testing.T, root *html.Node, id string) string {
	t.Helper()
	h := byID(root, id)
	if h == nil {
		return ""
	}
	for p := h.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Section {
			return textOf(p)
		}
	}
	return ""
}

// homeCards maps each card's label to its figure, within the section headed by id.
func homeCards(t *testing.T, root *html.Node, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	h := byID(root, id)
	if h == nil {
		return out
	}
	for p := h.Parent; p != nil; p = p.Parent {
		if p.DataAtom != atom.Section {
			continue
		}
		for _, c := range all(p, func(n *html.Node) bool { return hasClass(n, "card") }) {
			var fig, label string
			for _, n := range all(c, func(n *html.Node) bool { return hasClass(n, "card-figure") }) {
				fig = textOf(n)
			}
			for _, n := range all(c, func(n *html.Node) bool { return hasClass(n, "card-label") }) {
				label = textOf(n)
			}
			out[label] = fig + " " + attr(c, "href")
		}
		break
	}
	return out
}

func TestWebHomeOfACaseWorker(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := homeSetup(t, e)
		worker := e.Users["bnsk.worker"].ID
		r := e.SignIn("bnsk.worker").Get("/")
		checkPage(t, "worker's home", r.Body)
		root := parse(t, r.Body)
		cards := homeCards(t, root, "home-cases")
		mine := "/cases?assigned=" + worker
		for label, want := range map[string]string{
			"open cases": "3 " + mine,
			"Registered": "3 /cases?assigned=" + worker + "&status=registered",
		} {
			if cards[label] != want {
				t.Errorf("card %q: %q, want %q (all: %v)", label, cards[label], want, cards)
			}
		}
		cases := homeSection(t, root, "home-cases")
		if !strings.Contains(cases, w.cases["A"].Reference+" · Amena Khatun") || !strings.Contains(cases, "Not screened 14 days after opening") ||
			strings.Contains(cases, w.cases["B"].Reference) {
			t.Errorf("flagged cases: %s", cases)
		}
		visits := homeSection(t, root, "home-visits")
		if !strings.Contains(visits, "1 overdue") || !strings.Contains(visits, w.cases["A"].Reference) || strings.Contains(visits, w.cases["W"].Reference) {
			t.Errorf("visits: %s", visits)
		}
		if !slices.Contains(links(root), "/cases/"+w.cases["A"].ID+"/visits") || !slices.Contains(links(root), "/visits") {
			t.Error("the visits do not lead to the case and the list")
		}
		refs := homeSection(t, root, "home-referrals")
		if !strings.Contains(refs, "Counselling at the BNSK office") || !strings.Contains(refs, "Amena Khatun") ||
			!strings.Contains(refs, i18n.T("en", "home.no_late_out")) {
			t.Errorf("referrals: %s", refs)
		}
		returned := homeSection(t, root, "home-returned")
		if !strings.Contains(returned, w.cases["B"].Reference) || !strings.Contains(returned, "Say what the machine costs") ||
			strings.Contains(returned, w.cases["C"].Reference) {
			t.Errorf("returned plans: %s", returned)
		}
		if !slices.Contains(links(root), "/cases/"+w.cases["B"].ID+"/plan") {
			t.Error("the returned plan does not lead to the plan tab")
		}
		if strings.Contains(textOf(root), i18n.T("en", "home.people_heading")) {
			t.Error("a case worker's home shows the table of users")
		}

		// In Bangla, with Bengali digits.
		if err := e.DB.SetLang(bg, worker, "bn"); err != nil {
			t.Fatal(err)
		}
		r = e.SignIn("bnsk.worker").Get("/")
		checkPage(t, "worker's home in Bangla", r.Body)
		root = parse(t, r.Body)
		if cards := homeCards(t, root, "home-cases"); cards[i18n.T("bn", "home.open_cases")] != "৩ "+mine {
			t.Errorf("Bangla cards: %v", cards)
		}
		if !strings.Contains(homeSection(t, root, "home-visits"), i18n.T("bn", "home.n_overdue", "১")) {
			t.Errorf("Bangla visits: %s", homeSection(t, root, "home-visits"))
		}
	})
}

func TestWebHomeOfAnOrganisationManager(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := homeSetup(t, e)
		r := e.SignIn("bnsk.manager").Get("/")
		checkPage(t, "manager's home", r.Body)
		root := parse(t, r.Body)
		approve := homeSection(t, root, "home-approve")
		if !strings.Contains(approve, w.cases["C"].Reference) || !strings.Contains(approve, "Champa Rani") ||
			!strings.Contains(approve, "Rahima Begum Worker") || strings.Contains(approve, w.cases["B"].Reference) {
			t.Errorf("plans to approve: %s", approve)
		}
		if !slices.Contains(links(root), "/cases/"+w.cases["C"].ID+"/plan") {
			t.Error("the plan to approve does not lead to its tab")
		}
		cards := homeCards(t, root, "home-overdue")
		for label, want := range map[string]string{
			"visits overdue":                 "1 /visits#overdue",
			"referrals not answered in time": "0 /referrals?overdue=1",
			"tasks overdue":                  "1 #home-flagged",
			"cases needing attention":        "1 #home-flagged",
			"open cases":                     "4 /cases",
		} {
			if cards[label] != want {
				t.Errorf("card %q: %q, want %q (all: %v)", label, cards[label], want, cards)
			}
		}
		if flagged := homeSection(t, root, "home-overdue"); !strings.Contains(flagged, w.cases["A"].Reference) ||
			!strings.Contains(flagged, "Rahima Begum Worker") || strings.Contains(flagged, w.cases["W"].Reference) {
			t.Errorf("flagged: %s", flagged)
		}
		budget := byID(root, "home-budget").Parent
		meters := all(budget, byTagName("meter"))
		if len(meters) != 1 || attr(meters[0], "max") != "200000" || attr(meters[0], "value") != "50000" {
			t.Errorf("budget bars: %d", len(meters))
		}
		text := textOf(budget)
		if !strings.Contains(text, "Direct assistance") || !strings.Contains(text, "USD 500.00 committed of USD 2,000.00 planned") ||
			!strings.Contains(text, "USD 1,500.00 left") || strings.Contains(text, "USD 1,000.00") {
			t.Errorf("budget: %s", text)
		}
		if !slices.Contains(links(budget), "/projects/"+w.project.ID+"#budget") {
			t.Error("the budget does not lead to the project sheet")
		}
	})
}

// homeOrgRow returns the cells of the organisations table's row for code.
func homeOrgRow(t *testing.T, root *html.Node, code string) []string {
	t.Helper()
	for _, tr := range all(root, byTag(atom.Tr)) {
		if attr(tr, "data-org") == code {
			var out []string
			for _, c := range all(tr, func(n *html.Node) bool { return n.DataAtom == atom.Td || n.DataAtom == atom.Th }) {
				out = append(out, textOf(c))
			}
			return out
		}
	}
	return nil
}

func TestWebHomeOfProgrammeManagerAndViewer(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := homeSetup(t, e)
		for _, who := range []string{"pm", "viewer"} {
			r := e.SignIn(who).Get("/")
			checkPage(t, who+"'s home", r.Body)
			root := parse(t, r.Body)
			// open, closed, needing attention, visits, referrals, tasks overdue
			for code, want := range map[string][]string{
				"BNSK":  {"BNSK", "4", "0", "1", "1", "0", "1"},
				"WARBE": {"WARBE", "1", "0", "1", "1", "0", "0"},
				"all":   {"Total", "5", "0", "2", "2", "0", "1"},
			} {
				if got := homeOrgRow(t, root, code); !slices.Equal(got, want) {
					t.Errorf("%s: row %s = %q, want %q", who, code, got, want)
				}
			}
			budget := byID(root, "home-budget").Parent
			meters := all(budget, byTagName("meter"))
			if len(meters) != 2 || attr(meters[0], "value") != "50000" || attr(meters[1], "max") != "100000" {
				t.Errorf("%s: %d budget bars", who, len(meters))
			}
			orgLinks := slices.ContainsFunc(links(root), func(l string) bool { return strings.HasPrefix(l, "/cases?org=") })
			if orgLinks != (who == "pm") {
				t.Errorf("%s: links to the case lists = %v", who, orgLinks)
			}
			if who != "viewer" {
				continue
			}
			// No names: not the returnees', not the staff's, not a case's reference.
			text := shownText(t, r.Body)
			for _, p := range w.people {
				for _, name := range []string{p.NameLatin, p.NameBn} {
					if name != "" && strings.Contains(text, name) {
						t.Errorf("the viewer's home names %q", name)
					}
				}
			}
			for _, c := range w.cases {
				if strings.Contains(text, c.Reference) {
					t.Errorf("the viewer's home shows the case %s", c.Reference)
				}
			}
			for user, full := range fullNames {
				if user != "viewer" && (strings.Contains(text, full) || mentions(text, user)) {
					t.Errorf("the viewer's home names %s", user)
				}
			}
		}
	})
}

// The administrator's and the enumerator's home pages are what they were.
func TestWebHomeOfAdministratorAndEnumerator(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		homeSetup(t, e)
		r := e.SignIn("admin").Get("/")
		text := textOf(parse(t, r.Body))
		for _, want := range []string{i18n.T("en", "home.admin_tasks"), i18n.T("en", "home.people_heading"), string(e.DB.Dialect())} {
			if !strings.Contains(text, want) {
				t.Errorf("the administrator's home lacks %q", want)
			}
		}
		if strings.Contains(text, i18n.T("en", "home.budget_heading")) {
			t.Error("the administrator's home shows the budget")
		}
		r = e.SignIn("bnsk.enumerator").Get("/")
		checkPage(t, "enumerator's home", r.Body)
		text = textOf(parse(t, r.Body))
		if !strings.Contains(text, i18n.T("en", "home.enumerator_heading")) || strings.Contains(text, i18n.T("en", "home.my_cases")) {
			t.Errorf("the enumerator's home: %s", text)
		}
	})
}
