package server_test

// The referral screens: the referrals tab of a case, the receiving
// organisation's inbox, the outgoing list and the service directory,
// through the HTML forms on the real HTTP stack, on both databases.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// ---- fixtures ----

// referralFixture is what every referral test of one server needs: a
// project both partners work in, a WARBE service covering Chattogram
// division and a BNSK service of its own.
type referralFixture struct {
	project           store.Project
	warbeSvc, bnskSvc referral.Service
}

var referralFixtures sync.Map // *servertest.Env -> *referralFixture

func referralFixtureOf(t *testing.T, e *servertest.Env) *referralFixture {
	t.Helper()
	if f, ok := referralFixtures.Load(e); ok {
		return f.(*referralFixture)
	}
	f := &referralFixture{}
	var err error
	if f.project, err = e.DB.CreateProject(bg, app.System, store.Project{Code: "LM.0379", Title: "REMA(K)ER",
		PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}}); err != nil {
		t.Fatal(err)
	}
	if f.warbeSvc, err = e.DB.CreateService(bg, pmActor(e), referral.Service{OrgID: e.Orgs["WARBE"].ID,
		NameEn: "Skills training for returnees", NameBn: "ফেরত আসা কর্মীদের দক্ষতা প্রশিক্ষণ", Type: referral.SkillsTraining,
		Areas: []string{"BD20"}, ContactName: "Training desk", Phone: "01711-000111"}); err != nil {
		t.Fatal(err)
	}
	if f.bnskSvc, err = e.DB.CreateService(bg, e.Users["bnsk.manager"].Actor(), referral.Service{NameEn: "Counselling at the BNSK office",
		Type: referral.PsychosocialSupport}); err != nil {
		t.Fatal(err)
	}
	referralFixtures.Store(e, f)
	return f
}

// referralCase opens a BNSK case for p (registered by the BNSK worker),
// sharing their details with WARBE when share is set.
func referralCase(t *testing.T, e *servertest.Env, p registry.Person, share bool) casework.Case {
	t.Helper()
	f := referralFixtureOf(t, e)
	p = addPerson(t, e, "bnsk.worker", p)
	if share {
		referralShare(t, e, p.ID, e.Orgs["WARBE"].ID)
	}
	c, err := e.DB.OpenCase(bg, e.Users["bnsk.worker"].Actor(), store.NewCase{PersonID: p.ID, ProjectID: f.project.ID})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// referralShare records a BNSK person's consent to sharing with the organisation orgID.
func referralShare(t *testing.T, e *servertest.Env, personID, orgID string) {
	t.Helper()
	if _, err := e.DB.AddConsent(bg, e.Users["bnsk.worker"].Actor(), registry.Consent{PersonID: personID, Purpose: registry.PurposeSharing,
		SharedWithOrg: orgID, Method: "verbal", GivenOn: time.Now().AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
}

// referralMade refers the person of a case to WARBE's service.
func referralMade(t *testing.T, e *servertest.Env, caseID string) referral.Referral {
	t.Helper()
	r, err := e.DB.CreateReferral(bg, e.Users["bnsk.worker"].Actor(), referral.Referral{CaseID: caseID,
		ServiceID: referralFixtureOf(t, e).warbeSvc.ID, Reason: "Wants to learn tailoring"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// referralNow reads a referral as the programme manager sees it.
func referralNow(t *testing.T, e *servertest.Env, id string) referral.Referral {
	t.Helper()
	r, err := e.DB.ReferralByID(bg, pmActor(e), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func referralsOf(t *testing.T, e *servertest.Env, caseID string) []referral.Referral {
	t.Helper()
	list, err := e.DB.ReferralsOfCase(bg, pmActor(e), caseID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// Matrix targets: a fresh case, or a fresh referral, for every cell.
func referralTargetCase(share bool) func(c *cell) string {
	return func(c *cell) string {
		return referralCase(c.t, c.e, registry.Person{NameLatin: "Target " + matrixWord(c.n)}, share).ID
	}
}

func referralTargetReferral(c *cell) string {
	return referralMade(c.t, c.e, referralTargetCase(true)(c)).ID
}

// referralTargetService is a fresh WARBE service.
func referralTargetService(c *cell) string {
	s, err := c.e.DB.CreateService(bg, pmActor(c.e), referral.Service{OrgID: c.e.Orgs["WARBE"].ID, NameEn: "Service " + matrixWord(c.n),
		Type: referral.JobPlacement})
	if err != nil {
		c.t.Fatal(err)
	}
	return s.ID
}

func referralServiceNamed(c *cell, name string) bool {
	list, err := c.e.DB.ListServices(bg, pmActor(c.e), store.ServiceQuery{Text: name, Inactive: true})
	if err != nil {
		c.t.Fatal(err)
	}
	return len(list) == 1 && list[0].NameEn == name
}

// referralAccessMatrix: who may open and do what on the referral and
// directory screens (internal/web/referrals.go).
var referralAccessMatrix = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    NO    OK    NO    OK    OK    NO    NF    NF",
		method: "GET", path: "/cases/{id}/referrals", note: "BNSK case", target: referralTargetCase(false)},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/referrals", note: "to WARBE, with consent to sharing", target: referralTargetCase(true),
		form: func(c *cell) url.Values {
			return url.Values{"service_id": {referralFixtureOf(c.t, c.e).warbeSvc.ID}, "reason": {"Needs training"}}
		},
		applied: func(c *cell) bool { return len(referralsOf(c.t, c.e, c.target)) == 1 }},
	{want: "SI    NO    NO    NO    NO    NO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/referrals", note: "to WARBE, without consent to sharing", target: referralTargetCase(false),
		form: func(c *cell) url.Values {
			return url.Values{"service_id": {referralFixtureOf(c.t, c.e).warbeSvc.ID}, "reason": {"Needs training"}}
		},
		applied: func(c *cell) bool { return len(referralsOf(c.t, c.e, c.target)) == 1 }},
	{want: "SI    NO    NO    NO    GO    GO    NO    NF    NF",
		method: "POST", path: "/cases/{id}/referrals/{rid}/move", note: "cancel", target: referralTargetCase(true),
		params: func(c *cell) map[string]string { return map[string]string{"rid": referralMade(c.t, c.e, c.target).ID} },
		form:   form("to", "cancelled", "version", "1"),
		applied: func(c *cell) bool {
			return referralNow(c.t, c.e, c.params["rid"]).Status == referral.Cancelled
		}},
	{want: "SI    NO    OK    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/referrals"},
	{want: "SI    NO    NO    NO    OK    OK    NO    OK    OK",
		method: "GET", path: "/referrals/inbox"},
	{want: "SI    NO    NO    NO    NF    NF    NO    OK    OK",
		method: "GET", path: "/referrals/inbox/{id}", note: "BNSK to WARBE", target: referralTargetReferral},
	{want: "SI    NO    NO    NO    NF    NF    NO    GO    GO",
		method: "POST", path: "/referrals/inbox/{id}/move", note: "accept", target: referralTargetReferral,
		form:    form("to", "accepted", "version", "1"),
		applied: func(c *cell) bool { return referralNow(c.t, c.e, c.target).Status == referral.Accepted }},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/services"},
	{want: "SI    OK    OK    NO    OK    NO    NO    OK    NO",
		method: "GET", path: "/services/new"},
	{want: "SI    GO    GO    NO    GO    NO    NO    GO    NO",
		method: "POST", path: "/services", note: "a manager adds to their own organisation",
		form: func(c *cell) url.Values {
			return url.Values{"org_id": {c.e.Orgs["WARBE"].ID}, "name_en": {"Added " + matrixWord(c.n)}, "type": {"legal_aid"},
				"areas": {"BD20", "BD2051"}}
		},
		applied: func(c *cell) bool { return referralServiceNamed(c, "Added "+matrixWord(c.n)) }},
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/services/{id}", note: "WARBE service", target: referralTargetService},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/services/{id}", note: "no such service", target: targetMissing},
	{want: "SI    OK    OK    NO    NO    NO    NO    OK    NO",
		method: "GET", path: "/services/{id}/edit", note: "WARBE service", target: referralTargetService},
	{want: "SI    GO    GO    NO    NO    NO    NO    GO    NO",
		method: "POST", path: "/services/{id}", note: "rename a WARBE service", target: referralTargetService,
		form: func(c *cell) url.Values {
			return url.Values{"name_en": {"Renamed " + matrixWord(c.n)}, "type": {"job_placement"}, "active": {"1"}, "version": {"1"}}
		},
		applied: func(c *cell) bool { return referralServiceNamed(c, "Renamed "+matrixWord(c.n)) }},
}

func TestWebReferralRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, referralAccessMatrix)
}

func TestWebReferralMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, referralAccessMatrix, "referrals.go")
}

// ---- reading the pages ----

// referralTexts returns the text of every element with class.
func referralTexts(t *testing.T, body, class string) []string {
	t.Helper()
	var out []string
	for _, n := range all(parse(t, body), func(n *html.Node) bool { return hasClass(n, class) }) {
		out = append(out, textOf(n))
	}
	return out
}

// referralHasLink reports whether a page links to href.
func referralHasLink(t *testing.T, body, href string) bool {
	t.Helper()
	for _, l := range links(parse(t, body)) {
		if l == href {
			return true
		}
	}
	return false
}

// ---- the journey ----

// TestWebReferralJourney: a BNSK case worker refers Rahim to WARBE's
// training, is refused until his consent to sharing with WARBE is recorded
// on his page, then refers him; a WARBE case worker finds the referral in
// the inbox with only what WARBE needs, accepts it and completes it with
// feedback, which the BNSK worker then reads on the case. Each step is in
// the audit trail.
func TestWebReferralJourney(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		giveFullNames(t, e)
		f := referralFixtureOf(t, e)
		birth := time.Date(1988, 4, 12, 0, 0, 0, 0, time.UTC)
		c := referralCase(t, e, registry.Person{NameLatin: "Md. Abdur Rahim", NameBn: "মোঃ আব্দুর রহিম", Sex: "male",
			Phones: []string{"01711234567"}, NID: "1990123456789", District: "BD2051", Village: "Char Alexander", BirthDate: &birth}, false)
		b := e.SignIn("bnsk.worker")
		tab := "/cases/" + c.ID + "/referrals"

		r := b.Get(tab)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("the tab: %d", r.StatusCode)
		}
		checkPage(t, "the tab", r.Body)
		if !strings.Contains(r.Body, "No referrals yet.") || !hasForm(t, r.Body, tab) {
			t.Errorf("the empty tab has no form to refer")
		}
		sel := byID(parse(t, r.Body), "ref_service")
		if sel == nil || !strings.Contains(textOf(sel), "Skills training for returnees · consent to sharing needed") ||
			!strings.Contains(textOf(sel), "Counselling at the BNSK office") || strings.Contains(textOf(sel), "Counselling at the BNSK office ·") {
			t.Errorf("the services offered: %q", textOf(sel))
		}
		if !strings.Contains(r.Body, "Services for Lakshmipur") {
			t.Errorf("the area filter does not name the person's district")
		}

		// Without consent to sharing with WARBE: refused, said plainly, with the way to fix it.
		ask := url.Values{"service_id": {f.warbeSvc.ID}, "reason": {"Wants to learn tailoring to open a shop at home"}, "due_on": {dhakaDay(10)}}
		r = b.PostForm(tab, ask)
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusForbidden || !strings.Contains(flashError(root), "has not agreed to share their details with WARBE") {
			t.Fatalf("referral without consent: %d %q", r.StatusCode, flashError(root))
		}
		checkPage(t, "the refusal", r.Body)
		if !referralHasLink(t, r.Body, "/people/"+c.PersonID+"#consents") {
			t.Errorf("the refusal does not lead to the person's consents")
		}
		if got := textOf(byID(root, "ref_reason")); got != ask.Get("reason") {
			t.Errorf("the reason typed is lost: %q", got)
		}
		if len(referralsOf(t, e, c.ID)) != 0 {
			t.Fatalf("a refused referral was stored")
		}

		// The consent, on the person's page; then the referral.
		wantRedirect(t, "record consent", b.PostForm("/people/"+c.PersonID+"/consents", url.Values{"purpose": {"sharing"},
			"shared_with_org": {e.Orgs["WARBE"].ID}, "method": {"verbal"}, "given_on": {dhakaDay(0)}}), "/people/"+c.PersonID+"#consents")
		wantRedirect(t, "refer", b.PostForm(tab, ask), tab)
		list := referralsOf(t, e, c.ID)
		if len(list) != 1 || list[0].Status != referral.Requested || list[0].DueOn.Format(time.DateOnly) != dhakaDay(10) {
			t.Fatalf("referral made: %+v", list)
		}
		ref := list[0]
		r = b.Get(tab)
		item := byID(parse(t, r.Body), "referral-"+ref.ID)
		if item == nil || !strings.Contains(textOf(item), "WARBE") || !strings.Contains(textOf(item), "Waiting for an answer") ||
			!strings.Contains(textOf(item), ask.Get("reason")) {
			t.Fatalf("the referral on the tab: %q", textOf(item))
		}
		if byID(parse(t, r.Body), "rs-"+ref.ID+"-accepted") != nil || byID(parse(t, r.Body), "rs-"+ref.ID+"-cancelled") == nil {
			t.Errorf("BNSK is offered WARBE's answers, or no way to cancel")
		}

		// WARBE's inbox: only what it needs.
		wb := e.SignIn("warbe.worker")
		r = wb.Get("/referrals/inbox")
		checkPage(t, "the inbox", r.Body)
		detail := "/referrals/inbox/" + ref.ID
		if !referralHasLink(t, r.Body, detail) || !strings.Contains(r.Body, "Md. Abdur Rahim") {
			t.Fatalf("the inbox does not list the referral")
		}
		r = wb.Get(detail)
		checkPage(t, "the referral received", r.Body)
		text := shownText(t, r.Body)
		band := i18n.T("en", "age_band."+referral.AgeBand(&birth, referralToday()))
		for _, want := range []string{"Md. Abdur Rahim", "মোঃ আব্দুর রহিম", "01711234567", "Lakshmipur", band, ask.Get("reason"),
			"Rahima Begum Worker", c.Reference} {
			if !strings.Contains(text, want) {
				t.Errorf("the referral received does not show %q", want)
			}
		}
		for _, secret := range []string{"1990123456789", "Char Alexander", "1988", c.ID} {
			if strings.Contains(r.Body, secret) {
				t.Errorf("the referral received reveals %q", secret)
			}
		}
		if r := wb.Get(tab); r.StatusCode != http.StatusNotFound {
			t.Errorf("WARBE opens the case's referrals: %d", r.StatusCode)
		}
		if r := wb.Get("/cases/" + c.ID); r.StatusCode != http.StatusNotFound {
			t.Errorf("WARBE opens the case: %d", r.StatusCode)
		}

		// Accept, then complete: first without feedback, then with.
		version := formInput(t, r.Body, "rs-"+ref.ID+"-accepted", "version")
		wantRedirect(t, "accept", wb.PostForm(detail+"/move", url.Values{"to": {"accepted"}, "version": {version}}), detail)
		r = wb.Get(detail)
		if !strings.Contains(referralFlash(t, r.Body), "Referral accepted.") || byID(parse(t, r.Body), "rs-"+ref.ID+"-completed") == nil {
			t.Fatalf("after accepting: %q", referralFlash(t, r.Body))
		}
		version = formInput(t, r.Body, "rs-"+ref.ID+"-completed", "version")
		r = wb.PostForm(detail+"/move", url.Values{"to": {"completed"}, "version": {version}, "feedback": {" "}})
		root = parse(t, r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("complete without feedback: %d", r.StatusCode)
		}
		checkPage(t, "complete without feedback", r.Body)
		for _, id := range []string{"rs-" + ref.ID + "-completed-outcome", "rs-" + ref.ID + "-completed-feedback"} {
			if f := fieldAround(root, id); !f.hasError || f.message == "" {
				t.Errorf("no message beside %s: %+v", id, f)
			}
		}
		feedback := "Finished the 3-month tailoring course; certificate given."
		wantRedirect(t, "complete", wb.PostForm(detail+"/move", url.Values{"to": {"completed"}, "version": {version},
			"outcome": {"service_provided"}, "feedback": {feedback}}), detail)

		// BNSK reads the feedback on the case.
		r = b.Get(tab)
		item = byID(parse(t, r.Body), "referral-"+ref.ID)
		for _, want := range []string{"Completed", "Service provided", feedback, "warbe.worker"} {
			if item == nil || !strings.Contains(textOf(item), want) {
				t.Errorf("the completed referral on the tab does not show %q", want)
			}
		}
		if byID(parse(t, r.Body), "rs-"+ref.ID+"-cancelled") != nil {
			t.Errorf("a completed referral can still be cancelled")
		}
		trail, err := e.DB.ListAudit(bg, pmActor(e), store.AuditFilter{ObjectType: "referral", ObjectID: ref.ID})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for i := len(trail) - 1; i >= 0; i-- {
			acts = append(acts, trail[i].Action+"/"+trail[i].ActorName)
		}
		// Each look at the referral received is audited (the page shown
		// again with the missing feedback too), as is each step.
		if got := strings.Join(acts, " "); got != "create/bnsk.worker view/warbe.worker update/warbe.worker view/warbe.worker "+
			"view/warbe.worker update/warbe.worker" {
			t.Errorf("audit: %s", got)
		}
	})
}

// referralFlash returns the page's success message, if any.
func referralFlash(t *testing.T, body string) string {
	t.Helper()
	for _, s := range referralTexts(t, body, "flash-success") {
		return s
	}
	return ""
}

// ---- what goes wrong ----

// TestWebReferralErrors: a mistake is explained beside the field it is
// about, with what was typed kept; a page left open while someone else
// acted is a conflict; a closed case refers no one; a referral is only
// reached through its own case.
func TestWebReferralErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := referralFixtureOf(t, e)
		c := referralCase(t, e, registry.Person{NameLatin: "Kulsum Akter"}, true)
		tab := "/cases/" + c.ID + "/referrals"
		b := e.SignIn("bnsk.worker")

		for _, tc := range []struct {
			form   url.Values
			status int
			fields []string
		}{
			{url.Values{"reason": {"Needs training"}, "due_on": {"2025-13-45"}}, http.StatusUnprocessableEntity, []string{"ref_due"}},
			{url.Values{"due_on": {dhakaDay(-1)}}, http.StatusUnprocessableEntity, []string{"ref_service", "ref_reason", "ref_due"}},
			{url.Values{"service_id": {f.warbeSvc.ID}, "reason": {"x"}, "due_on": {dhakaDay(400)}}, http.StatusUnprocessableEntity, []string{"ref_due"}},
		} {
			r := b.PostForm(tab, tc.form)
			root := parse(t, r.Body)
			if r.StatusCode != tc.status {
				t.Errorf("%v: status %d", tc.form, r.StatusCode)
				continue
			}
			checkPage(t, fmt.Sprint(tc.form), r.Body)
			for _, id := range tc.fields {
				if fl := fieldAround(root, id); !fl.hasError || fl.message == "" {
					t.Errorf("%v: no message beside %s", tc.form, id)
				}
			}
			if got := fieldAround(root, "ref_due").value; got != tc.form.Get("due_on") {
				t.Errorf("%v: the date typed became %q", tc.form, got)
			}
		}
		if len(referralsOf(t, e, c.ID)) != 0 {
			t.Fatal("a refused referral was stored")
		}

		// A step from a page left open: the other change wins, the message says so beside the form.
		ref := referralMade(t, e, c.ID)
		if _, err := e.DB.MoveReferral(bg, e.Users["warbe.worker"].Actor(), ref.ID, 1, referral.Step{To: referral.Accepted}); err != nil {
			t.Fatal(err)
		}
		r := b.PostForm(tab+"/"+ref.ID+"/move", url.Values{"to": {"cancelled"}, "version": {"1"}})
		if r.StatusCode != http.StatusConflict {
			t.Fatalf("stale cancel: %d", r.StatusCode)
		}
		checkPage(t, "stale cancel", r.Body)
		form := byID(parse(t, r.Body), "rs-"+ref.ID+"-cancelled")
		if form == nil || !strings.Contains(textOf(form), "someone else changed this referral") {
			t.Errorf("the conflict is not said beside the form")
		}
		// Cancelling an accepted referral needs a reason.
		r = b.PostForm(tab+"/"+ref.ID+"/move", url.Values{"to": {"cancelled"}, "version": {"2"}})
		if fl := fieldAround(parse(t, r.Body), "rs-"+ref.ID+"-cancelled-reason"); r.StatusCode != http.StatusUnprocessableEntity || !fl.hasError {
			t.Errorf("cancel an accepted referral without a reason: %d %+v", r.StatusCode, fl)
		}
		wantRedirect(t, "cancel", b.PostForm(tab+"/"+ref.ID+"/move", url.Values{"to": {"cancelled"}, "version": {"2"},
			"reason": {"Found work in Dhaka"}}), tab)
		if got := referralNow(t, e, ref.ID); got.Status != referral.Cancelled || got.CancelReason != "Found work in Dhaka" {
			t.Errorf("cancelled: %+v", got)
		}
		// WARBE declining needs a reason, said beside the field.
		other := referralMade(t, e, c.ID)
		wb := e.SignIn("warbe.worker")
		r = wb.PostForm("/referrals/inbox/"+other.ID+"/move", url.Values{"to": {"declined"}, "version": {"1"}})
		if fl := fieldAround(parse(t, r.Body), "rs-"+other.ID+"-declined-reason"); r.StatusCode != http.StatusUnprocessableEntity || !fl.hasError {
			t.Errorf("decline without a reason: %d %+v", r.StatusCode, fl)
		}
		checkPage(t, "decline without a reason", r.Body)
		if r := wb.PostForm("/referrals/inbox/"+other.ID+"/move", url.Values{"to": {"cancelled"}, "version": {"1"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("WARBE cancels from its inbox: %d", r.StatusCode)
		}
		if r := wb.PostForm("/referrals/inbox/"+other.ID+"/move", url.Values{"to": {"accepted"}}); r.StatusCode != http.StatusConflict {
			t.Errorf("a step without the version read: %d", r.StatusCode)
		}
		// A referral through another case's address, or one that does not exist.
		c2 := referralCase(t, e, registry.Person{NameLatin: "Other Person"}, false)
		if r := b.PostForm("/cases/"+c2.ID+"/referrals/"+other.ID+"/move", url.Values{"to": {"cancelled"}, "version": {"1"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("a referral through another case: %d", r.StatusCode)
		}
		if r := wb.Get("/referrals/inbox/" + store.NewID()); r.StatusCode != http.StatusNotFound {
			t.Errorf("no such referral: %d", r.StatusCode)
		}
		if referralNow(t, e, other.ID).Status != referral.Requested {
			t.Errorf("a refused step changed the referral")
		}

		// A closed case: no form, and a referral posted anyway is refused.
		v, err := e.DB.CaseByID(bg, e.Users["bnsk.worker"].Actor(), c2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.MoveCase(bg, e.Users["bnsk.worker"].Actor(), c2.ID, v.Version, casework.Transition{To: casework.Closed,
			Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		tab2 := "/cases/" + c2.ID + "/referrals"
		if r := b.Get(tab2); r.StatusCode != http.StatusOK || hasForm(t, r.Body, tab2) {
			t.Errorf("a closed case offers to refer: %d", r.StatusCode)
		}
		if r := b.PostForm(tab2, url.Values{"service_id": {f.bnskSvc.ID}, "reason": {"x"}}); r.StatusCode != http.StatusConflict ||
			!strings.Contains(flashError(parse(t, r.Body)), "the case is closed") {
			t.Errorf("referral from a closed case: %d", r.StatusCode)
		}

		// The directory's forms.
		pm := e.SignIn("pm")
		r = pm.PostForm("/services", url.Values{"org_id": {e.Orgs["WARBE"].ID}, "type": {"haircut"}, "email": {"not-an-address"},
			"phone": {"x"}, "notes": {"Kept"}})
		root := parse(t, r.Body)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid service: %d", r.StatusCode)
		}
		checkPage(t, "invalid service", r.Body)
		for _, id := range []string{"svc_name_en", "svc_type", "svc_email", "svc_phone"} {
			if fl := fieldAround(root, id); !fl.hasError || fl.message == "" {
				t.Errorf("invalid service: no message beside %s", id)
			}
		}
		if textOf(byID(root, "svc_notes")) != "Kept" || fieldAround(root, "svc_email").value != "not-an-address" {
			t.Errorf("invalid service: what was typed is lost")
		}
		wm := e.SignIn("warbe.manager")
		edit := "/services/" + f.warbeSvc.ID
		r = wm.Get(edit + "/edit")
		root = parse(t, r.Body)
		if box := byID(root, "svc_area_BD20"); box == nil || !hasAttr(box, "checked") || hasAttr(byID(root, "svc_area_BD2051"), "checked") {
			t.Errorf("the edit form does not tick the service's area, and only it")
		}
		if byID(root, "svc_org_id") != nil {
			t.Errorf("a manager may move a service to another organisation")
		}
		wantRedirect(t, "change", wm.PostForm(edit, url.Values{"name_en": {f.warbeSvc.NameEn}, "type": {"skills_training"},
			"areas": {"BD20", "BD2051"}, "active": {"1"}, "version": {"1"}}), edit)
		r = pm.PostForm(edit, url.Values{"name_en": {"Renamed"}, "type": {"skills_training"}, "active": {"1"}, "version": {"1"}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(flashError(parse(t, r.Body)), "someone else changed this service") {
			t.Errorf("stale change: %d", r.StatusCode)
		}
		s, err := e.DB.ServiceByID(bg, pmActor(e), f.warbeSvc.ID)
		if err != nil || s.NameEn != f.warbeSvc.NameEn || strings.Join(s.Areas, " ") != "BD20 BD2051" {
			t.Errorf("after the stale change: %+v %v", s, err)
		}
	})
}

// TestWebReferralOverdue: a referral not answered by its due date is
// flagged on the case, in the inbox and in the outgoing list, and the
// overdue filters find it.
func TestWebReferralOverdue(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		c := referralCase(t, e, registry.Person{NameLatin: "Late Answer"}, true)
		late := referralMade(t, e, c.ID)
		e.ReferralSetDue(late.ID, time.Now().In(i18n.Dhaka).AddDate(0, 0, -2))
		onTime := referralMade(t, e, referralCase(t, e, registry.Person{NameLatin: "On Time"}, true).ID)

		b := e.SignIn("bnsk.manager")
		r := b.Get("/cases/" + c.ID + "/referrals")
		if item := byID(parse(t, r.Body), "referral-"+late.ID); item == nil || !hasClass(item, "referral-overdue") ||
			!strings.Contains(textOf(item), "Overdue") {
			t.Errorf("the case does not flag the overdue referral")
		}
		for _, tc := range []struct {
			b    *servertest.Browser
			path string
		}{{b, "/referrals"}, {e.SignIn("warbe.worker"), "/referrals/inbox"}} {
			r := tc.b.Get(tc.path)
			checkPage(t, tc.path, r.Body)
			rows := referralTexts(t, r.Body, "case-overdue")
			if len(rows) != 1 || !strings.Contains(rows[0], "Overdue") {
				t.Errorf("%s flags %q", tc.path, rows)
			}
			r = tc.b.Get(tc.path + "?overdue=1")
			if !strings.Contains(r.Body, late.ID) || strings.Contains(r.Body, onTime.ID) {
				t.Errorf("%s?overdue=1 does not list exactly the overdue referral", tc.path)
			}
		}
	})
}

// TestWebReferralBangla: the tab, the inbox, a referral received, the
// outgoing list and the directory in Bangla, with Bengali digits.
func TestWebReferralBangla(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := referralFixtureOf(t, e)
		c := referralCase(t, e, registry.Person{NameBn: "রহিমা খাতুন", District: "BD2051"}, true)
		ref := referralMade(t, e, c.ID)
		for _, u := range []string{"bnsk.worker", "warbe.worker"} {
			if err := e.DB.SetLang(bg, e.Users[u].ID, "bn"); err != nil {
				t.Fatal(err)
			}
		}
		b, wb := e.SignIn("bnsk.worker"), e.SignIn("warbe.worker")
		due := i18n.Date("bn", ref.DueOn)
		for _, tc := range []struct {
			b     *servertest.Browser
			path  string
			words []string
		}{
			{b, "/cases/" + c.ID + "/referrals", []string{"এই কেসের রেফারাল", "উত্তরের অপেক্ষায়", "সেবার জন্য রেফার করুন", "ফেরত আসা কর্মীদের দক্ষতা প্রশিক্ষণ", due}},
			{b, "/referrals", []string{"আমাদের করা রেফারাল", due}},
			{wb, "/referrals/inbox", []string{"আমাদের কাছে আসা রেফারাল", "রহিমা খাতুন", due}},
			{wb, "/referrals/inbox/" + ref.ID, []string{"রেফারাল গ্রহণ করুন", "লক্ষ্মীপুর", "দক্ষতা প্রশিক্ষণ"}},
			{b, "/services?type=skills_training", []string{"সেবা তালিকা", "চট্টগ্রাম", "০১৭১১-০০০১১১"}},
			{b, "/services/" + f.warbeSvc.ID, []string{"যোগাযোগের ব্যক্তি বা ডেস্ক", "ওয়ারবি ডেভেলপমেন্ট ফাউন্ডেশন"}},
		} {
			r := tc.b.Get(tc.path)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", tc.path, r.StatusCode)
				continue
			}
			checkPage(t, tc.path, r.Body)
			if got := htmlLang(parse(t, r.Body)); got != "bn" {
				t.Errorf("%s: lang %q", tc.path, got)
			}
			text := shownText(t, r.Body)
			for _, w := range tc.words {
				if !strings.Contains(text, w) {
					t.Errorf("%s does not show %q", tc.path, w)
				}
			}
			for k := range i18n.Keys("en") {
				if (strings.HasPrefix(k, "referrals.") || strings.HasPrefix(k, "services.")) && strings.Contains(text, k) {
					t.Errorf("%s shows the catalog key %q", tc.path, k)
				}
			}
		}
		// The refusal for want of consent, in Bangla.
		c2 := referralCase(t, e, registry.Person{NameBn: "করিম উদ্দিন"}, false)
		r := b.PostForm("/cases/"+c2.ID+"/referrals", url.Values{"service_id": {f.warbeSvc.ID}, "reason": {"প্রশিক্ষণ দরকার"}})
		if msg := flashError(parse(t, r.Body)); r.StatusCode != http.StatusForbidden || !strings.Contains(msg, "সম্মতি দেননি") ||
			!strings.Contains(msg, "ব্যক্তির পাতায় তথ্য শেয়ারের সম্মতি লিপিবদ্ধ করুন") {
			t.Errorf("the refusal in Bangla: %d %q", r.StatusCode, msg)
		}
	})
}

// TestWebServiceDirectory: the filters find services by type, area,
// organisation and name, in either language; the government bodies of
// the starter list are there.
func TestWebServiceDirectory(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := referralFixtureOf(t, e)
		if _, _, err := e.DB.LoadServiceDirectory(bg, app.System, referral.StarterDirectory); err != nil {
			t.Fatal(err)
		}
		b := e.SignIn("viewer")
		// names is the text of the directory's table for a query ("" when it lists nothing).
		names := func(q string) string {
			r := b.Get("/services" + q)
			checkPage(t, q, r.Body)
			return strings.Join(referralTexts(t, r.Body, "service-list"), " ")
		}
		everything := names("")
		for _, want := range []string{"WEWB", "BMET", "PKB", "Skills training for returnees", "Counselling at the BNSK office"} {
			if !strings.Contains(everything, want) {
				t.Errorf("the directory lacks %q", want)
			}
		}
		for _, tc := range []struct{ q, want, not string }{
			{"?type=skills_training&area=BD2051", "Skills training for returnees", "Counselling"},
			{"?type=skills_training&area=BD3026", "Technical Training Centres", "Skills training for returnees"},
			{"?q=kallyan", "Rehabilitation loans", "Skills training"},
			{"?q=" + url.QueryEscape("প্রবাসী কল্যাণ"), "Rehabilitation loans", "Skills training"},
			{"?org=" + e.Orgs["WARBE"].ID, "Skills training for returnees", "Counselling"},
		} {
			if got := names(tc.q); !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
				t.Errorf("%s lists %s", tc.q, got)
			}
		}
		r := b.Get("/services/" + f.warbeSvc.ID)
		if !strings.Contains(shownText(t, r.Body), "Chattogram") || !strings.Contains(r.Body, "tel:01711-000111") {
			t.Errorf("the service page lacks its area or phone")
		}
		if hasForm(t, r.Body, "/services/"+f.warbeSvc.ID) || referralHasLink(t, r.Body, "/services/"+f.warbeSvc.ID+"/edit") {
			t.Errorf("a viewer is offered to change a service")
		}
	})
}

// referralToday is the date in Dhaka, as the store counts days.
func referralToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// TestWebReferralOnBehalf: nobody at the Wage Earners' Welfare Board uses
// Remaker, so the BNSK case worker records its answers on the case.
func TestWebReferralOnBehalf(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		if _, _, err := e.DB.LoadServiceDirectory(bg, app.System, referral.StarterDirectory); err != nil {
			t.Fatal(err)
		}
		c := referralCase(t, e, registry.Person{NameLatin: "Owed Wages"}, false)
		wewb, err := e.DB.OrgByCode(bg, "WEWB")
		if err != nil {
			t.Fatal(err)
		}
		referralShare(t, e, c.PersonID, wewb.ID)
		svc, err := e.DB.ListServices(bg, pmActor(e), store.ServiceQuery{OrgID: wewb.ID, Type: referral.WageClaims})
		if err != nil || len(svc) != 1 {
			t.Fatalf("WEWB's wage claims: %v %v", svc, err)
		}
		b := e.SignIn("bnsk.worker")
		tab := "/cases/" + c.ID + "/referrals"
		r := b.Get(tab + "?type=wage_claims&area=all")
		// Consent to sharing with WEWB is recorded, not with BMET.
		if sel := textOf(byID(parse(t, r.Body), "ref_service")); !strings.Contains(sel, "workers' families") ||
			strings.Contains(sel, "families · consent") || !strings.Contains(sel, "(arbitration and compensation) · consent to sharing needed") ||
			strings.Contains(sel, "Skills training") {
			t.Errorf("wage claims services: %q", sel)
		}
		wantRedirect(t, "refer", b.PostForm(tab, url.Values{"service_id": {svc[0].ID}, "reason": {"Employer in Oman owes 8 months of wages"}}), tab)
		ref := referralsOf(t, e, c.ID)[0]
		r = b.Get(tab)
		item := byID(parse(t, r.Body), "referral-"+ref.ID)
		if item == nil || !strings.Contains(textOf(item), "Nobody at WEWB uses Remaker") || byID(item, "rs-"+ref.ID+"-accepted") == nil ||
			byID(item, "rs-"+ref.ID+"-declined") == nil {
			t.Fatalf("the tab does not offer to record WEWB's answer")
		}
		move := tab + "/" + ref.ID + "/move"
		wantRedirect(t, "accept for WEWB", b.PostForm(move, url.Values{"to": {"accepted"}, "version": {"1"}}), tab)
		wantRedirect(t, "complete for WEWB", b.PostForm(move, url.Values{"to": {"completed"}, "version": {"2"}, "outcome": {"partly_provided"},
			"feedback": {"Claim filed; first instalment paid"}}), tab)
		if got := referralNow(t, e, ref.ID); got.Status != referral.Completed || got.CompletedBy != "bnsk.worker" || got.Outcome != "partly_provided" {
			t.Errorf("completed on behalf: %+v", got)
		}
	})
}
