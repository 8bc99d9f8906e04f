package api_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// The service directory and referrals between organisations, through the
// API: who may call what, and a referral from BNSK to WARBE with and
// without the person's consent to sharing, on both databases.

// referralWorld is regWorld with a WARBE service covering Chattogram
// division and a BNSK service of its own.
type referralWorld struct {
	*regWorld
	warbeSvc, bnskSvc referral.Service
}

func newReferralWorld(t *testing.T, e *servertest.Env) *referralWorld {
	t.Helper()
	w := &referralWorld{regWorld: newRegWorld(t, e)}
	var err error
	if w.warbeSvc, err = e.DB.CreateService(regCtx, w.actor("pm"), referral.Service{OrgID: e.Orgs["WARBE"].ID,
		NameEn: "Skills training for returnees", NameBn: "ফেরত আসা কর্মীদের দক্ষতা প্রশিক্ষণ", Type: referral.SkillsTraining,
		Areas: []string{"BD20"}, ContactName: "Training desk", Phone: "01711-000111"}); err != nil {
		t.Fatal(err)
	}
	if w.bnskSvc, err = e.DB.CreateService(regCtx, w.actor("bnsk.manager"), referral.Service{NameEn: "Counselling at the BNSK office",
		Type: referral.PsychosocialSupport}); err != nil {
		t.Fatal(err)
	}
	return w
}

// referralToday is the date in Dhaka, the day the store counts in.
func referralToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// share records a BNSK person's consent to sharing their details with org.
func (w *referralWorld) share(personID, org string) registry.Consent {
	w.t.Helper()
	c, err := w.e.DB.AddConsent(regCtx, w.actor("bnsk.worker"), registry.Consent{PersonID: personID, Purpose: registry.PurposeSharing,
		SharedWithOrg: w.e.Orgs[org].ID, Method: "verbal", GivenOn: referralToday()})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// referred opens a BNSK case for a new person who consents to sharing with
// WARBE, and refers them to WARBE's service.
func (w *referralWorld) referred() referral.Referral {
	w.t.Helper()
	c := w.freshCase("bnsk.worker")
	w.share(c.PersonID, "WARBE")
	r, err := w.e.DB.CreateReferral(regCtx, w.actor("bnsk.worker"), referral.Referral{CaseID: c.ID, ServiceID: w.warbeSvc.ID,
		Reason: "Wants to learn tailoring"})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// referralMatrix is the access policy of the directory's and the referrals' routes.
func referralMatrix(w *referralWorld) ([]regRow, []string) {
	e := w.e
	rahim := regRahim()
	rahim.NID = "1990123456781"
	rahim = w.person("bnsk.worker", rahim, true)
	c := w.openCase("bnsk.worker", rahim.ID)
	w.share(rahim.ID, "WARBE")
	ref, err := e.DB.CreateReferral(regCtx, w.actor("bnsk.worker"), referral.Referral{CaseID: c.ID, ServiceID: w.warbeSvc.ID,
		Reason: "Wants to learn tailoring"})
	if err != nil {
		w.t.Fatal(err)
	}
	id := func(s string) map[string]string { return map[string]string{"id": s} }
	serviceVersion := func() int {
		s, err := e.DB.ServiceByID(regCtx, w.actor("pm"), w.warbeSvc.ID)
		if err != nil {
			w.t.Fatal(err)
		}
		return s.Version
	}
	directoryWriters := func(ok int) map[string]int {
		return want(http.StatusForbidden, map[string]int{"admin": ok, "pm": ok, "warbe.manager": ok})
	}
	inbox := func(ok int) map[string]int {
		return want(http.StatusForbidden, map[string]int{"bnsk.manager": http.StatusNotFound, "bnsk.worker": http.StatusNotFound,
			"warbe.manager": ok, "warbe.worker": ok})
	}
	holds := func(t *testing.T, r *resp) bool {
		return slices.ContainsFunc(r.Items(t), func(m map[string]any) bool { return jstr(m, "id") == ref.ID })
	}
	rows := []regRow{
		{"the directory", "GET", "/services", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if !slices.ContainsFunc(r.Items(t), func(m map[string]any) bool { return jstr(m, "id") == w.warbeSvc.ID }) {
				t.Errorf("directory: %s", r.Body)
			}
		}},
		{"skills training in Lakshmipur", "GET", "/services", func(string) regCall {
			return regCall{query: "area=BD2051&type=skills_training"}
		}, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != w.warbeSvc.ID {
				t.Errorf("skills training in Lakshmipur: %s", r.Body)
			}
		}},
		{"an unknown area", "GET", "/services", func(string) regCall { return regCall{query: "area=BD99"} }, want(422, nil), nil},
		{"add a WARBE service", "POST", "/services", func(user string) regCall {
			return regCall{body: jsonBody(map[string]any{"org_id": e.Orgs["WARBE"].ID, "name_en": "Job fair by " + user, "type": "job_placement",
				"areas": []string{"BD2051"}})}
		}, directoryWriters(201), func(t *testing.T, user string, r *resp) {
			j := r.JSON(t)
			if jstr(j, "org_code") != "WARBE" || j["active"] != true || r.Header.Get("Location") != "/api/v1/services/"+jstr(j, "id") {
				t.Errorf("%s added %s", user, r.Body)
			}
		}},
		{"read a service", "GET", "/services/{id}", func(string) regCall { return regCall{params: id(w.warbeSvc.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if a, _ := r.JSON(t)["areas"].([]any); len(a) != 1 || a[0] != "BD20" {
					t.Errorf("service: %s", r.Body)
				}
			}},
		{"change a WARBE service", "PATCH", "/services/{id}", func(user string) regCall {
			return regCall{params: id(w.warbeSvc.ID), body: jsonBody(map[string]any{"contact_name": "Desk of " + user, "version": serviceVersion()})}
		}, directoryWriters(200), func(t *testing.T, user string, r *resp) {
			if jstr(r.JSON(t), "contact_name") != "Desk of "+user || jstr(r.JSON(t), "name_en") != w.warbeSvc.NameEn {
				t.Errorf("%s changed %s", user, r.Body)
			}
		}},

		{"a case's referrals", "GET", "/cases/{id}/referrals", func(string) regCall { return regCall{params: id(c.ID)} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if items := r.Items(t); len(items) != 1 || jstr(items[0], "id") != ref.ID {
					t.Errorf("case's referrals: %s", r.Body)
				}
			}},
		{"refer with consent", "POST", "/cases/{id}/referrals", func(string) regCall {
			fresh := w.freshCase("bnsk.worker")
			w.share(fresh.PersonID, "WARBE")
			return regCall{params: id(fresh.ID), body: jsonBody(map[string]string{"service_id": w.warbeSvc.ID, "reason": "Needs training"})}
		}, writeBNSK(201), func(t *testing.T, _ string, r *resp) {
			j := r.JSON(t)
			if jstr(j, "status") != "requested" || jstr(j, "to_org_code") != "WARBE" || j["sharing_consent"] != true ||
				r.Header.Get("Location") != "/api/v1/referrals/"+jstr(j, "id") {
				t.Errorf("referred %s", r.Body)
			}
		}},
		{"refer without consent", "POST", "/cases/{id}/referrals", func(string) regCall {
			return regCall{params: id(w.freshCase("bnsk.worker").ID), body: jsonBody(map[string]string{"service_id": w.warbeSvc.ID, "reason": "Needs training"})}
		}, writeBNSK(403), nil},
		{"referrals made", "GET", "/referrals", nil, readers(200), func(t *testing.T, user string, r *resp) {
			if has := holds(t, r); has == strings.HasPrefix(user, "warbe.") {
				t.Errorf("%s lists BNSK's referral: %v", user, has)
			}
		}},
		{"read a referral", "GET", "/referrals/{id}", func(string) regCall { return regCall{params: id(ref.ID)} }, readBNSK(200),
			func(t *testing.T, _ string, r *resp) {
				if jstr(r.JSON(t), "case_id") != c.ID || jstr(r.JSON(t), "due_on") == "" {
					t.Errorf("referral: %s", r.Body)
				}
			}},
		{"cancel a referral", "POST", "/referrals/{id}/transitions", func(string) regCall {
			return regCall{params: id(w.referred().ID), body: `{"to":"cancelled","version":1}`}
		}, writeBNSK(200), func(t *testing.T, user string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "cancelled" || jstr(j, "cancelled_by") != user || jversion(j) != 2 {
				t.Errorf("cancelled %s", r.Body)
			}
		}},
		{"the inbox", "GET", "/inbox/referrals", nil, want(http.StatusForbidden, map[string]int{"bnsk.manager": 200, "bnsk.worker": 200,
			"warbe.manager": 200, "warbe.worker": 200}), func(t *testing.T, user string, r *resp) {
			if has := holds(t, r); has != strings.HasPrefix(user, "warbe.") {
				t.Errorf("%s's inbox holds BNSK's referral to WARBE: %v", user, has)
			}
		}},
		{"a referral received", "GET", "/inbox/referrals/{id}", func(string) regCall { return regCall{params: id(ref.ID)} }, inbox(200),
			func(t *testing.T, _ string, r *resp) {
				if j := r.JSON(t); jstr(j, "name_latin") != rahim.NameLatin || strings.Contains(r.Body, rahim.NID) || j["case_id"] != nil {
					t.Errorf("received: %s", r.Body)
				}
			}},
		{"accept a referral", "POST", "/inbox/referrals/{id}/transitions", func(string) regCall {
			return regCall{params: id(w.referred().ID), body: `{"to":"accepted","version":1}`}
		}, inbox(200), func(t *testing.T, _ string, r *resp) {
			if j := r.JSON(t); jstr(j, "status") != "accepted" || j["accepted_at"] == nil || jversion(j) != 2 {
				t.Errorf("accepted %s", r.Body)
			}
		}},
	}
	return rows, []string{rahim.NameLatin, rahim.NameBn, rahim.NID}
}

func TestReferralRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newReferralWorld(t, e)
		rows, secrets := referralMatrix(w)
		runMatrix(t, newAPI(t, e), rows, secrets)
	})
}

// Every route tagged referrals or services is in the matrix.
func TestReferralRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		rows, _ := referralMatrix(newReferralWorld(t, e))
		covered := map[string]bool{}
		for _, r := range rows {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && (tags[0] == "referrals" || tags[0] == "services") {
				mine++
				if !covered[key] {
					t.Errorf("%s is in no role matrix", key)
				}
			}
		}
		if mine != 12 {
			t.Errorf("%d operations tagged referrals or services, want 12", mine)
		}
	})
}

// referralKeys lists the members of a JSON object, sorted.
func referralKeys(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// A BNSK case worker refers Rahim to WARBE's training: refused without his
// consent to sharing with WARBE, nothing written; with it, WARBE's inbox
// shows only what WARBE needs; WARBE accepts, then completes with feedback,
// which BNSK reads on its referral. WARBE never reads the case. Every step
// is in the audit trail.
func TestReferralAcrossOrganisationsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newReferralWorld(t, e)
		a := newAPI(t, e)
		tok := tokens(e)
		bnsk, warbe := tok["bnsk.worker"], tok["warbe.worker"]
		rahim := w.person("bnsk.worker", regRahim(), true)
		c := w.openCase("bnsk.worker", rahim.ID)
		caseID := map[string]string{"id": c.ID}
		ask := jsonBody(map[string]string{"service_id": w.warbeSvc.ID, "reason": "Wants to learn tailoring to open a shop at home"})

		// Without consent to sharing with WARBE: a plain refusal, nothing written.
		r := a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", ask)
		if r.Status != http.StatusForbidden || !strings.Contains(jstr(r.JSON(t), "detail"), "has not agreed to share their details with WARBE") ||
			!strings.Contains(jstr(r.JSON(t), "detail"), "record their consent to sharing") {
			t.Fatalf("referral without consent: %d %s", r.Status, r.Body)
		}
		a.Header = http.Header{"Accept-Language": {"bn"}}
		r = a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", ask)
		if r.Status != http.StatusForbidden || !strings.Contains(jstr(r.JSON(t), "detail"), "সম্মতি") || !strings.Contains(jstr(r.JSON(t), "detail"), "WARBE") {
			t.Errorf("the refusal in Bangla: %s", r.Body)
		}
		a.Header = nil
		if items := a.do(bnsk, "GET", "/cases/{id}/referrals", caseID, "", "").Items(t); len(items) != 0 {
			t.Errorf("a refused referral was stored: %v", items)
		}
		if items := a.do(warbe, "GET", "/inbox/referrals", nil, "status=all", "").Items(t); len(items) != 0 {
			t.Errorf("WARBE's inbox before any referral: %v", items)
		}

		// The consent, recorded through the API; then the referral.
		r = a.do(bnsk, "POST", "/people/{id}/consents", map[string]string{"id": rahim.ID}, "", jsonBody(map[string]string{
			"purpose": "sharing", "shared_with_org": e.Orgs["WARBE"].ID, "method": "verbal", "given_on": referralToday().Format(time.DateOnly)}))
		if r.Status != http.StatusCreated {
			t.Fatalf("consent: %d %s", r.Status, r.Body)
		}
		r = a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", ask)
		if r.Status != http.StatusCreated {
			t.Fatalf("referral with consent: %d %s", r.Status, r.Body)
		}
		made := r.JSON(t)
		refID := jstr(made, "id")
		refParam := map[string]string{"id": refID}
		if jstr(made, "status") != "requested" || jstr(made, "to_org_code") != "WARBE" || made["receiver_in_remaker"] != true ||
			jstr(made, "due_on") != referralToday().AddDate(0, 0, referral.DefaultResponseDays).Format(time.DateOnly) || made["overdue"] != false {
			t.Errorf("made: %s", r.Body)
		}
		if r := a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", ask); r.Status != http.StatusConflict {
			t.Errorf("a second open referral to the same service: %d %s", r.Status, r.Body)
		}

		// WARBE's inbox: only what it needs.
		for _, user := range []string{"warbe.worker", "warbe.manager"} {
			items := a.do(tok[user], "GET", "/inbox/referrals", nil, "", "").Items(t)
			if len(items) != 1 || jstr(items[0], "id") != refID {
				t.Fatalf("%s's inbox: %v", user, items)
			}
		}
		r = a.do(warbe, "GET", "/inbox/referrals", nil, "", "")
		it := r.Items(t)[0]
		if got, want := referralKeys(it), "age_band case_reference district due_on from_org_code from_org_name_bn from_org_name_en id name_bn "+
			"name_latin overdue phone reason referred_by requested_at service_id service_name_bn service_name_en service_type sex status version"; got != want {
			t.Errorf("the inbox shows more or less than it should:\n got %s\nwant %s", got, want)
		}
		if jstr(it, "name_latin") != rahim.NameLatin || jstr(it, "phone") != rahim.Phones[0] || jstr(it, "district") != "BD2051" ||
			jstr(it, "age_band") == "" || jstr(it, "from_org_code") != "BNSK" || jstr(it, "case_reference") != c.Reference {
			t.Errorf("inbox item: %v", it)
		}
		for _, secret := range []string{rahim.NID, rahim.Village, c.ID, rahim.ID, "1988-04-12"} {
			if strings.Contains(r.Body, secret) {
				t.Errorf("the inbox reveals %q: %s", secret, r.Body)
			}
		}
		// WARBE never reaches the case, the person or the referring side of the referral.
		for _, call := range []struct{ method, path, id, body string }{
			{"GET", "/cases/{id}", c.ID, ""}, {"GET", "/people/{id}", rahim.ID, ""}, {"GET", "/cases/{id}/referrals", c.ID, ""},
			{"GET", "/referrals/{id}", refID, ""}, {"POST", "/referrals/{id}/transitions", refID, `{"to":"accepted","version":1}`},
		} {
			if r := a.do(warbe, call.method, call.path, map[string]string{"id": call.id}, "", call.body); r.Status != http.StatusNotFound {
				t.Errorf("WARBE %s %s: %d %s", call.method, call.path, r.Status, r.Body)
			}
		}
		// Each side does its own part.
		if r := a.do(bnsk, "POST", "/inbox/referrals/{id}/transitions", refParam, "", `{"to":"accepted","version":1}`); r.Status != http.StatusNotFound {
			t.Errorf("BNSK answers from its inbox: %d %s", r.Status, r.Body)
		}
		if r := a.do(bnsk, "POST", "/referrals/{id}/transitions", refParam, "", `{"to":"accepted","version":1}`); r.Status != http.StatusForbidden {
			t.Errorf("BNSK accepts for WARBE: %d %s", r.Status, r.Body)
		}
		if r := a.do(warbe, "POST", "/inbox/referrals/{id}/transitions", refParam, "", `{"to":"cancelled","version":1}`); r.Status != http.StatusForbidden {
			t.Errorf("WARBE cancels: %d %s", r.Status, r.Body)
		}
		// A stale version changes nothing.
		if r := a.do(warbe, "POST", "/inbox/referrals/{id}/transitions", refParam, "", `{"to":"accepted","version":2}`); r.Status != http.StatusConflict {
			t.Errorf("stale accept: %d %s", r.Status, r.Body)
		}
		r = a.do(warbe, "GET", "/inbox/referrals/{id}", refParam, "", "")
		if jstr(r.JSON(t), "status") != "requested" || jversion(r.JSON(t)) != 1 {
			t.Errorf("after the stale accept: %s", r.Body)
		}
		r = a.do(tok["warbe.manager"], "POST", "/inbox/referrals/{id}/transitions", refParam, "", `{"to":"accepted","version":1}`)
		if r.Status != http.StatusOK || jstr(r.JSON(t), "status") != "accepted" || jversion(r.JSON(t)) != 2 || r.JSON(t)["case_id"] != nil {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		r = a.do(warbe, "POST", "/inbox/referrals/{id}/transitions", refParam, "", `{"to":"completed","version":2}`)
		if r.Status != http.StatusUnprocessableEntity || r.Errors(t)["outcome"] == nil || r.Errors(t)["feedback"] == nil {
			t.Errorf("complete without outcome and feedback: %d %s", r.Status, r.Body)
		}
		feedback := "Finished the 3-month tailoring course; certificate given."
		r = a.do(warbe, "POST", "/inbox/referrals/{id}/transitions", refParam, "", jsonBody(map[string]any{"to": "completed",
			"outcome": "service_provided", "feedback": feedback, "version": 2}))
		if r.Status != http.StatusOK || jstr(r.JSON(t), "status") != "completed" || jstr(r.JSON(t), "feedback") != feedback {
			t.Fatalf("complete: %d %s", r.Status, r.Body)
		}
		if items := a.do(warbe, "GET", "/inbox/referrals", nil, "", "").Items(t); len(items) != 0 {
			t.Errorf("a completed referral still waits in the inbox: %v", items)
		}
		if items := a.do(warbe, "GET", "/inbox/referrals", nil, "status=completed", "").Items(t); len(items) != 1 {
			t.Errorf("completed referrals of the inbox: %v", items)
		}

		// BNSK reads the feedback on its referral and on its case's list.
		r = a.do(bnsk, "GET", "/referrals/{id}", refParam, "", "")
		if j := r.JSON(t); jstr(j, "feedback") != feedback || jstr(j, "outcome") != "service_provided" || jstr(j, "completed_by") != "warbe.worker" ||
			jstr(j, "responded_by") != "warbe.manager" {
			t.Errorf("BNSK's view: %s", r.Body)
		}
		if items := a.do(bnsk, "GET", "/cases/{id}/referrals", caseID, "", "").Items(t); len(items) != 1 || jstr(items[0], "feedback") != feedback {
			t.Errorf("the case's referrals: %v", items)
		}
		// Every step is audited, by whoever took it.
		trail, err := e.DB.ListAudit(regCtx, w.actor("pm"), store.AuditFilter{ObjectType: "referral", ObjectID: refID})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for i := len(trail) - 1; i >= 0; i-- {
			acts = append(acts, trail[i].Action+"/"+trail[i].ActorName)
		}
		if got := strings.Join(acts, " "); got != "create/bnsk.worker view/warbe.worker update/warbe.manager update/warbe.worker" {
			t.Errorf("audit: %s", got)
		}
	})
}

// A referral not answered by its due date is flagged on both sides, and
// leaves the overdue lists once answered.
func TestReferralOverdueThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newReferralWorld(t, e)
		a := newAPI(t, e)
		tok := tokens(e)
		ref := w.referred()
		on := w.referred()
		overdue := func(token, path string) []string {
			var out []string
			for _, it := range a.do(token, "GET", path, nil, "overdue=true", "").Items(t) {
				if it["overdue"] != true {
					t.Errorf("%s?overdue=true lists one not overdue: %v", path, it)
				}
				out = append(out, jstr(it, "id"))
			}
			return out
		}
		if got := overdue(tok["bnsk.manager"], "/referrals"); len(got) != 0 {
			t.Errorf("overdue before the due date: %v", got)
		}
		e.ReferralSetDue(ref.ID, referralToday().AddDate(0, 0, -1))
		if got := overdue(tok["bnsk.manager"], "/referrals"); !slices.Equal(got, []string{ref.ID}) {
			t.Errorf("BNSK's overdue referrals: %v", got)
		}
		if got := overdue(tok["warbe.worker"], "/inbox/referrals"); !slices.Equal(got, []string{ref.ID}) {
			t.Errorf("WARBE's overdue referrals: %v", got)
		}
		r := a.do(tok["bnsk.worker"], "GET", "/referrals/{id}", map[string]string{"id": on.ID}, "", "")
		if r.JSON(t)["overdue"] != false {
			t.Errorf("a referral due in two weeks is flagged: %s", r.Body)
		}
		r = a.do(tok["warbe.worker"], "POST", "/inbox/referrals/{id}/transitions", map[string]string{"id": ref.ID}, "",
			`{"to":"declined","reason":"The next course starts in six months","version":1}`)
		if r.Status != http.StatusOK || r.JSON(t)["overdue"] != false || jstr(r.JSON(t), "decline_reason") == "" {
			t.Errorf("decline: %d %s", r.Status, r.Body)
		}
		if got := overdue(tok["bnsk.manager"], "/referrals"); len(got) != 0 {
			t.Errorf("overdue after the answer: %v", got)
		}
	})
}

// Bad input is 422 naming the field; conflicts are 409; nothing is written.
func TestReferralValidationAndConflicts(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newReferralWorld(t, e)
		a := newAPI(t, e)
		tok := tokens(e)
		bnsk, pm := tok["bnsk.worker"], tok["pm"]
		c := w.freshCase("bnsk.worker")
		caseID := map[string]string{"id": c.ID}
		for _, tc := range []struct {
			body   string
			fields []string
		}{
			{`{}`, []string{"service_id", "reason"}},
			{jsonBody(map[string]string{"service_id": "nope", "reason": "x"}), []string{"service_id"}},
			{jsonBody(map[string]string{"service_id": w.bnskSvc.ID, "reason": "x", "due_on": "15/03/2025"}), []string{"due_on"}},
			{jsonBody(map[string]string{"service_id": w.bnskSvc.ID, "reason": "x",
				"due_on": referralToday().AddDate(0, 0, -1).Format(time.DateOnly)}), []string{"due_on"}},
			{jsonBody(map[string]string{"service_id": w.bnskSvc.ID, "reason": "x",
				"due_on": referralToday().AddDate(1, 0, 0).Format(time.DateOnly)}), []string{"due_on"}},
			{`{"service_id":"x","reason":"x","urgent":true}`, []string{"urgent"}},
			{`{"service_id":7,"reason":"x"}`, []string{"service_id"}},
		} {
			r := a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", tc.body)
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d %s", tc.body, r.Status, r.Body)
				continue
			}
			for _, f := range tc.fields {
				if r.Errors(t)[f] == nil {
					t.Errorf("%s: no message for %s: %s", tc.body, f, r.Body)
				}
			}
		}
		// A referral inside one organisation needs no consent; a chosen due date is kept.
		due := referralToday().AddDate(0, 0, 3).Format(time.DateOnly)
		r := a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", jsonBody(map[string]string{"service_id": w.bnskSvc.ID,
			"reason": "Signs of distress", "due_on": due}))
		if r.Status != http.StatusCreated || jstr(r.JSON(t), "due_on") != due || r.JSON(t)["sharing_consent"] != true {
			t.Fatalf("internal referral: %d %s", r.Status, r.Body)
		}
		own := map[string]string{"id": jstr(r.JSON(t), "id")}
		for _, tc := range []struct {
			body   string
			status int
			field  string
		}{
			{`{"to":"cancelled"}`, 422, "version"},
			{`{"to":"paused","version":1}`, 422, "to"},
			{`{"to":"cancelled","outcome":"service_provided","version":1}`, 422, "feedback"},
			{`{"to":"completed","outcome":"service_provided","feedback":"x","version":1}`, 409, ""},
			{`{"to":"cancelled","version":9}`, 409, ""},
		} {
			r := a.do(bnsk, "POST", "/referrals/{id}/transitions", own, "", tc.body)
			if r.Status != tc.status || tc.field != "" && r.Errors(t)[tc.field] == nil {
				t.Errorf("%s: %d %s", tc.body, r.Status, r.Body)
			}
		}
		if r := a.do(bnsk, "GET", "/referrals/{id}", own, "", ""); jstr(r.JSON(t), "status") != "requested" || jversion(r.JSON(t)) != 1 {
			t.Errorf("after refused steps: %s", r.Body)
		}
		// A closed case refers no one.
		v, err := e.DB.CaseByID(regCtx, w.actor("bnsk.worker"), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.MoveCase(regCtx, w.actor("bnsk.worker"), c.ID, v.Version, casework.Transition{To: casework.Closed,
			Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		if r := a.do(bnsk, "POST", "/cases/{id}/referrals", caseID, "", jsonBody(map[string]string{"service_id": w.warbeSvc.ID,
			"reason": "x"})); r.Status != http.StatusConflict {
			t.Errorf("referral from a closed case: %d %s", r.Status, r.Body)
		}

		// The directory.
		r = a.do(pm, "POST", "/services", nil, "", `{"org_id":"nope","type":"haircut","areas":["BD99"],"email":"not-an-address","phone":"x"}`)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid service: %d %s", r.Status, r.Body)
		}
		for _, f := range []string{"name_en", "type", "areas", "email", "phone"} {
			if r.Errors(t)[f] == nil {
				t.Errorf("invalid service: no message for %s: %s", f, r.Body)
			}
		}
		if r := a.do(tok["warbe.manager"], "POST", "/services", nil, "", jsonBody(map[string]string{"name_en": w.warbeSvc.NameEn,
			"type": "other"})); r.Status != http.StatusConflict || r.Errors(t)["name_en"] == nil {
			t.Errorf("the same name twice: %d %s", r.Status, r.Body)
		}
		svc := map[string]string{"id": w.warbeSvc.ID}
		if r := a.do(pm, "PATCH", "/services/{id}", svc, "", `{"active":false}`); r.Status != http.StatusUnprocessableEntity || r.Errors(t)["version"] == nil {
			t.Errorf("a change without a version: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "PATCH", "/services/{id}", svc, "", `{"active":false,"version":1}`); r.Status != http.StatusOK || r.JSON(t)["active"] != false {
			t.Errorf("take the service off: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "PATCH", "/services/{id}", svc, "", `{"name_en":"Renamed","version":1}`); r.Status != http.StatusConflict {
			t.Errorf("stale change: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, "GET", "/services/{id}", svc, "", ""); jstr(r.JSON(t), "name_en") != w.warbeSvc.NameEn || jversion(r.JSON(t)) != 2 {
			t.Errorf("after the stale change: %s", r.Body)
		}
		if items := a.do(pm, "GET", "/services", nil, "org_id="+e.Orgs["WARBE"].ID, "").Items(t); len(items) != 0 {
			t.Errorf("an inactive service is listed: %v", items)
		}
		if items := a.do(pm, "GET", "/services", nil, "org_id="+e.Orgs["WARBE"].ID+"&include_inactive=true", "").Items(t); len(items) != 1 {
			t.Errorf("inactive services on request: %v", items)
		}
		fresh := w.freshCase("bnsk.worker")
		w.share(fresh.PersonID, "WARBE")
		if r := a.do(bnsk, "POST", "/cases/{id}/referrals", map[string]string{"id": fresh.ID}, "", jsonBody(map[string]string{
			"service_id": w.warbeSvc.ID, "reason": "x"})); r.Status != http.StatusUnprocessableEntity || r.Errors(t)["service_id"] == nil {
			t.Errorf("referral to a service no longer offered: %d %s", r.Status, r.Body)
		}
	})
}

// When nobody at the receiving organisation uses Remaker (a government
// office), the referring organisation records its answers.
func TestReferralOnBehalfThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := newReferralWorld(t, e)
		a := newAPI(t, e)
		bnsk := tokens(e)["bnsk.worker"]
		if _, _, err := e.DB.LoadServiceDirectory(regCtx, app.System, referral.StarterDirectory); err != nil {
			t.Fatal(err)
		}
		wewb, err := e.DB.OrgByCode(regCtx, "WEWB")
		if err != nil {
			t.Fatal(err)
		}
		items := a.do(bnsk, "GET", "/services", nil, "type=wage_claims&q=wage+earners", "").Items(t)
		if len(items) != 1 || jstr(items[0], "org_code") != "WEWB" || jstr(items[0], "org_kind") != "government" {
			t.Fatalf("WEWB's wage claims: %v", items)
		}
		c := w.freshCase("bnsk.worker")
		if _, err := e.DB.AddConsent(regCtx, w.actor("bnsk.worker"), registry.Consent{PersonID: c.PersonID, Purpose: registry.PurposeSharing,
			SharedWithOrg: wewb.ID, Method: "verbal", GivenOn: referralToday()}); err != nil {
			t.Fatal(err)
		}
		r := a.do(bnsk, "POST", "/cases/{id}/referrals", map[string]string{"id": c.ID}, "", jsonBody(map[string]string{
			"service_id": jstr(items[0], "id"), "reason": "Employer in Oman owes 8 months of wages"}))
		if r.Status != http.StatusCreated || r.JSON(t)["receiver_in_remaker"] != false {
			t.Fatalf("referral to WEWB: %d %s", r.Status, r.Body)
		}
		ref := map[string]string{"id": jstr(r.JSON(t), "id")}
		r = a.do(bnsk, "POST", "/referrals/{id}/transitions", ref, "", `{"to":"accepted","version":1}`)
		if r.Status != http.StatusOK || jstr(r.JSON(t), "status") != "accepted" || jstr(r.JSON(t), "responded_by") != "bnsk.worker" {
			t.Fatalf("accept on behalf: %d %s", r.Status, r.Body)
		}
		trail, _ := e.DB.ListAudit(regCtx, w.actor("pm"), store.AuditFilter{ObjectType: "referral", ObjectID: ref["id"], Action: store.ActUpdate})
		if len(trail) != 1 || !strings.Contains(trail[0].Details, `"on_behalf_of_receiver":true`) {
			t.Errorf("on-behalf not audited: %+v", trail)
		}
	})
}
