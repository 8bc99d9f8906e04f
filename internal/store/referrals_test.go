package store_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// refToday is the date in Dhaka, which is what the store calls today.
func refToday() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// refDhakaDate is the Dhaka date of an instant.
func refDhakaDate(at time.Time) time.Time {
	t := at.In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// refFixture is the seed plus RMMRU with a case worker, a WARBE manager, an
// open BNSK case of Rahim assigned to the BNSK worker, a WARBE service
// covering Chattogram division and a BNSK service of its own.
type refFixture struct {
	fixture
	rmmru             store.Organisation
	rmmruCW, warbeMgr store.User
	project           store.Project
	person            registry.Person
	kase              casework.Case
	warbeSvc, bnskSvc referral.Service
	rmmruSvc          referral.Service
}

func refSetup(t *testing.T, db *store.DB) refFixture {
	t.Helper()
	f := refFixture{fixture: seed(t, db)}
	var err error
	if f.rmmru, err = db.CreateOrg(ctx, app.System, store.Organisation{Code: "RMMRU", NameEn: "Refugee and Migratory Movements Research Unit",
		Kind: store.OrgCSO}); err != nil {
		t.Fatal(err)
	}
	mkUser := func(org store.Organisation, name string, role app.Role) store.User {
		u, err := db.CreateUser(ctx, app.System, store.NewUser{OrgID: org.ID, Username: name, Role: role, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.rmmruCW = mkUser(f.rmmru, "rmmru.worker", app.RoleCaseWorker)
	f.warbeMgr = mkUser(f.warbe, "warbe.manager", app.RoleOrgManager)
	f.project, f.person = caseFixture(t, db, f.fixture)
	if f.kase, err = db.OpenCase(ctx, f.bnskCW.Actor(), store.NewCase{PersonID: f.person.ID, ProjectID: f.project.ID,
		AssignedTo: f.bnskCW.ID}); err != nil {
		t.Fatal(err)
	}
	if f.warbeSvc, err = db.CreateService(ctx, f.pm.Actor(), referral.Service{OrgID: f.warbe.ID, NameEn: "Skills training for returnees",
		NameBn: "ফেরত আসা কর্মীদের দক্ষতা প্রশিক্ষণ", Type: referral.SkillsTraining, Areas: []string{"BD20"}, ContactName: "Training desk",
		Email: "training@example.org"}); err != nil {
		t.Fatal(err)
	}
	if f.bnskSvc, err = db.CreateService(ctx, f.bnskMgr.Actor(), referral.Service{NameEn: "Counselling at the BNSK office",
		Type: referral.PsychosocialSupport}); err != nil {
		t.Fatal(err)
	}
	if f.rmmruSvc, err = db.CreateService(ctx, app.System, referral.Service{OrgID: f.rmmru.ID, NameEn: "Legal advice on wage claims",
		Type: referral.WageClaims}); err != nil {
		t.Fatal(err)
	}
	return f
}

// refShare records Rahim's consent to sharing his details with org.
func refShare(t *testing.T, db *store.DB, f refFixture, org string) registry.Consent {
	t.Helper()
	c, err := db.AddConsent(ctx, f.bnskCW.Actor(), registry.Consent{PersonID: f.person.ID, Purpose: registry.PurposeSharing,
		SharedWithOrg: org, Method: "verbal", GivenOn: refToday()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func refTimeline(t *testing.T, db *store.DB, a app.Actor, caseID string) []casework.Event {
	t.Helper()
	events, err := db.CaseTimeline(ctx, a, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func refKinds(events []casework.Event, prefix string) string {
	var out []string
	for _, e := range events {
		if strings.HasPrefix(e.Kind, prefix) {
			out = append(out, e.Kind+"/"+e.ActorName)
		}
	}
	return strings.Join(out, " ")
}

func TestServiceDirectory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		// Who keeps the directory: administrators and programme managers for
		// every organisation, managers for their own only.
		svc := referral.Service{OrgID: f.warbe.ID, NameEn: "Job fair", Type: referral.JobPlacement}
		for _, a := range []app.Actor{f.warbeCW.Actor(), f.viewer.Actor(), f.enumerator.Actor(), f.bnskMgr.Actor()} {
			if _, err := db.CreateService(ctx, a, svc); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s adds a WARBE service: %v", a.Username, err)
			}
		}
		created, err := db.CreateService(ctx, f.warbeMgr.Actor(), svc)
		if err != nil || !created.Active || created.OrgCode != "WARBE" || !created.National() {
			t.Fatalf("manager adds own service: %+v %v", created, err)
		}
		if _, err := db.CreateService(ctx, f.warbeMgr.Actor(), svc); app.ErrorFields(err)["name_en"] == "" {
			t.Errorf("same name twice: %v", err)
		}
		_, err = db.CreateService(ctx, f.pm.Actor(), referral.Service{OrgID: f.warbe.ID, Type: "haircut", Areas: []string{"BD99"},
			Email: "not-an-address"})
		fields := app.ErrorFields(err)
		if app.ErrorCode(err) != app.EINVALID || fields["name_en"] == "" || fields["type"] == "" || fields["areas"] == "" || fields["email"] == "" {
			t.Errorf("invalid service: %v", err)
		}
		if _, err := db.CreateService(ctx, f.pm.Actor(), referral.Service{OrgID: "nope", NameEn: "X", Type: referral.OtherService}); app.ErrorFields(err)["org_id"] == "" {
			t.Errorf("unknown organisation: %v", err)
		}

		// Everyone signed in reads the directory; the area filter keeps
		// national services and those covering the place.
		lakshmipur, err := db.ListServices(ctx, f.viewer.Actor(), store.ServiceQuery{Area: "BD2051"})
		if err != nil {
			t.Fatal(err)
		}
		if got := refServiceNames(lakshmipur); got != "Counselling at the BNSK office|Legal advice on wage claims|Job fair|Skills training for returnees" {
			t.Errorf("services serving Lakshmipur: %s", got)
		}
		dhaka, _ := db.ListServices(ctx, f.bnskCW.Actor(), store.ServiceQuery{Area: "BD3026", Type: referral.SkillsTraining})
		if len(dhaka) != 0 {
			t.Errorf("a Chattogram service offered in Dhaka: %s", refServiceNames(dhaka))
		}
		byText, _ := db.ListServices(ctx, f.bnskCW.Actor(), store.ServiceQuery{Text: "warbe skills"})
		if refServiceNames(byText) != "Skills training for returnees" {
			t.Errorf("search by words: %s", refServiceNames(byText))
		}
		if _, err := db.ListServices(ctx, app.Actor{}, store.ServiceQuery{}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("anonymous reads the directory: %v", err)
		}

		// Changes are versioned; a service no longer offered leaves the list.
		created.Active, created.Phone = false, "01711-000000"
		if _, err := db.UpdateService(ctx, f.bnskMgr.Actor(), created); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("BNSK manager changes a WARBE service: %v", err)
		}
		updated, err := db.UpdateService(ctx, f.warbeMgr.Actor(), created)
		if err != nil || updated.Active || updated.Version != 2 || updated.Phone != "01711-000000" {
			t.Fatalf("deactivate: %+v %v", updated, err)
		}
		if _, err := db.UpdateService(ctx, f.warbeMgr.Actor(), created); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		all, _ := db.ListServices(ctx, f.bnskCW.Actor(), store.ServiceQuery{OrgID: f.warbe.ID})
		withInactive, _ := db.ListServices(ctx, f.bnskCW.Actor(), store.ServiceQuery{OrgID: f.warbe.ID, Inactive: true})
		if len(all) != 1 || len(withInactive) != 2 {
			t.Errorf("inactive services: %d listed, %d with inactive", len(all), len(withInactive))
		}
		trail, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "service", ObjectID: created.ID})
		if len(trail) != 2 || trail[0].Action != store.ActUpdate || !strings.Contains(trail[0].Details, `"active":[true,false]`) {
			t.Errorf("audit of a service: %+v", trail)
		}
	})
}

func refServiceNames(list []referral.Service) string {
	var out []string
	for _, s := range list {
		out = append(out, s.NameEn)
	}
	return strings.Join(out, "|")
}

func TestLoadServiceDirectory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		if _, _, err := db.LoadServiceDirectory(ctx, f.pm.Actor(), referral.StarterDirectory); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("programme manager creates organisations: %v", err)
		}
		want := 0
		for _, o := range referral.StarterDirectory {
			want += len(o.Services)
		}
		orgs, services, err := db.LoadServiceDirectory(ctx, app.System, referral.StarterDirectory)
		if err != nil || orgs != len(referral.StarterDirectory) || services != want {
			t.Fatalf("first load: %d orgs, %d services, %v", orgs, services, err)
		}
		orgs, services, err = db.LoadServiceDirectory(ctx, app.System, referral.StarterDirectory)
		if err != nil || orgs != 0 || services != 0 {
			t.Fatalf("second load added %d orgs, %d services: %v", orgs, services, err)
		}
		wewb, err := db.OrgByCode(ctx, "WEWB")
		if err != nil || wewb.Kind != store.OrgGovernment || wewb.NameBn == "" {
			t.Fatalf("WEWB: %+v %v", wewb, err)
		}
		loans, _ := db.ListServices(ctx, f.bnskCW.Actor(), store.ServiceQuery{Type: referral.FinancialServices, Area: "BD2051"})
		if len(loans) == 0 || loans[0].OrgCode != "PKB" {
			t.Errorf("loans in Lakshmipur: %s", refServiceNames(loans))
		}
		// All or nothing: a bad entry adds nothing at all.
		bad := []referral.StarterOrg{{Code: "NEWGOV", NameEn: "New office", Kind: store.OrgGovernment,
			Services: []referral.StarterService{{NameEn: "Fine", Type: referral.OtherService}, {NameEn: "Broken", Type: "nonsense"}}}}
		if _, _, err := db.LoadServiceDirectory(ctx, app.System, bad); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("bad entry: %v", err)
		}
		if _, err := db.OrgByCode(ctx, "NEWGOV"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("half a load was kept: %v", err)
		}
	})
}

func TestReferralAcrossOrganisations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		bnsk, warbe, warbeMgr, rmmru := f.bnskCW.Actor(), f.warbeCW.Actor(), f.warbeMgr.Actor(), f.rmmruCW.Actor()
		ask := referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Wants to learn tailoring to open a shop at home"}

		// Without consent to sharing with WARBE: refused with a plain reason, nothing written.
		_, err := db.CreateReferral(ctx, bnsk, ask)
		if app.ErrorCode(err) != app.EFORBIDDEN || !strings.Contains(app.ErrorMessage(err), "has not agreed to share their details with WARBE") {
			t.Fatalf("referral without consent: %v", err)
		}
		if msg := app.MessageIn("bn", err); msg == app.ErrorMessage(err) || !strings.Contains(msg, "WARBE") {
			t.Errorf("no Bangla for the refusal: %s", msg)
		}
		// Consent to sharing with another organisation does not count.
		refShare(t, db, f, f.rmmru.ID)
		if _, err := db.CreateReferral(ctx, bnsk, ask); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("consent for RMMRU used for WARBE: %v", err)
		}
		if list, _ := db.ReferralsOfCase(ctx, bnsk, f.kase.ID); len(list) != 0 {
			t.Errorf("a refused referral was stored: %+v", list)
		}
		if k := refKinds(refTimeline(t, db, bnsk, f.kase.ID), "referral"); k != "" {
			t.Errorf("a refused referral reached the timeline: %s", k)
		}
		if inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{}); len(inbox) != 0 {
			t.Errorf("WARBE's inbox before any referral: %+v", inbox)
		}

		// With consent.
		refShare(t, db, f, f.warbe.ID)
		r, err := db.CreateReferral(ctx, bnsk, ask)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != referral.Requested || r.ToOrgID != f.warbe.ID || r.FromOrgID != f.bnsk.ID || r.PersonID != f.person.ID ||
			!r.SharingConsent || r.IsOverdue || r.ToOrgCode != "WARBE" || r.CaseReference != f.kase.Reference {
			t.Errorf("created: %+v", r)
		}
		if want := refDhakaDate(r.RequestedAt).AddDate(0, 0, referral.DefaultResponseDays); !r.DueOn.Equal(want) {
			t.Errorf("due on %s, want %s", r.DueOn, want)
		}
		if _, err := db.CreateReferral(ctx, bnsk, ask); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a second open referral to the same service: %v", err)
		}

		// WARBE's inbox: only what it needs.
		for _, a := range []app.Actor{warbe, warbeMgr} {
			inbox, err := db.ReferralInbox(ctx, a, store.InboxQuery{})
			if err != nil || len(inbox) != 1 {
				t.Fatalf("%s inbox: %+v %v", a.Username, inbox, err)
			}
			it := inbox[0]
			if it.ID != r.ID || it.NameLatin != "Md. Abdur Rahim" || it.Phone != "01711234567" || it.Sex != "male" ||
				it.District != "BD2051" || it.Reason != ask.Reason || it.FromOrgCode != "BNSK" || it.ReferredBy != "bnsk.worker" ||
				it.CaseReference != f.kase.Reference || it.ServiceNameEn != "Skills training for returnees" ||
				it.AgeBand != referral.AgeBand(f.person.BirthDate, refToday()) || it.AgeBand == "" || it.Overdue {
				t.Errorf("inbox item: %+v", it)
			}
		}
		inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{})
		b, _ := json.Marshal(inbox[0])
		var keys map[string]any
		json.Unmarshal(b, &keys)
		var got []string
		for k := range keys {
			got = append(got, k)
		}
		sort.Strings(got)
		wantKeys := "age_band case_reference district due_on from_org_code from_org_name_bn from_org_name_en id name_bn name_latin " +
			"overdue phone reason referred_by requested_at service_id service_name_bn service_name_en service_type sex status version"
		if strings.Join(got, " ") != wantKeys {
			t.Errorf("the inbox shows more or less than it should:\n got %s\nwant %s", strings.Join(got, " "), wantKeys)
		}
		// The receiver never reaches the case, the person's record or the referral's full form.
		if _, err := db.CaseByID(ctx, warbe, f.kase.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE reads the case: %v", err)
		}
		if _, err := db.PersonByID(ctx, warbe, f.person.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE reads the person: %v", err)
		}
		if _, err := db.ReferralByID(ctx, warbe, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE reads the referral's full form: %v", err)
		}
		seen, err := db.ReceivedReferral(ctx, warbe, r.ID)
		if err != nil || seen.ID != r.ID {
			t.Fatalf("WARBE opens the referral: %v", err)
		}
		if views, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "referral", ObjectID: r.ID, Action: store.ActView}); len(views) != 1 || views[0].ActorName != "warbe.worker" {
			t.Errorf("the look is not audited: %+v", views)
		}

		// A third organisation never sees it, and cannot act on it.
		if inbox, _ := db.ReferralInbox(ctx, rmmru, store.InboxQuery{Status: "all"}); len(inbox) != 0 {
			t.Errorf("RMMRU's inbox: %+v", inbox)
		}
		if _, err := db.ReceivedReferral(ctx, rmmru, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("RMMRU opens it: %v", err)
		}
		if _, err := db.ReferralByID(ctx, rmmru, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("RMMRU reads it: %v", err)
		}
		if _, err := db.MoveReferral(ctx, rmmru, r.ID, r.Version, referral.Step{To: referral.Accepted}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("RMMRU accepts it: %v", err)
		}
		if list, _ := db.ListReferrals(ctx, rmmru, store.ReferralQuery{}); len(list) != 0 {
			t.Errorf("RMMRU lists it: %+v", list)
		}

		// Each side does its own part: WARBE (which uses Remaker) answers, BNSK cancels.
		if _, err := db.MoveReferral(ctx, bnsk, r.ID, r.Version, referral.Step{To: referral.Accepted}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("BNSK accepts for WARBE: %v", err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, r.Version, referral.Step{To: referral.Cancelled}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("WARBE cancels: %v", err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, r.Version, referral.Step{To: referral.Declined}); app.ErrorFields(err)["reason"] == "" {
			t.Errorf("decline without a reason: %v", err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, 0, referral.Step{To: referral.Accepted}); app.ErrorFields(err)["version"] == "" {
			t.Errorf("no version: %v", err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, r.Version+1, referral.Step{To: referral.Accepted}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, r.Version, referral.Step{To: referral.Completed, Outcome: "service_provided",
			Feedback: "done"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("complete before accepting: %v", err)
		}
		accepted, err := db.MoveReferral(ctx, warbeMgr, r.ID, r.Version, referral.Step{To: referral.Accepted})
		if err != nil || accepted.Status != referral.Accepted || accepted.AcceptedAt == nil || accepted.RespondedBy != "warbe.manager" {
			t.Fatalf("accept: %+v %v", accepted, err)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, accepted.Version, referral.Step{To: referral.Completed}); app.ErrorFields(err)["outcome"] == "" ||
			app.ErrorFields(err)["feedback"] == "" {
			t.Errorf("complete without outcome and feedback: %v", err)
		}
		completed, err := db.MoveReferral(ctx, warbe, r.ID, accepted.Version, referral.Step{To: referral.Completed,
			Outcome: "service_provided", Feedback: "Finished the 3-month tailoring course; certificate given."})
		if err != nil || completed.Status != referral.Completed || completed.CompletedAt == nil {
			t.Fatalf("complete: %+v %v", completed, err)
		}
		if _, err := db.MoveReferral(ctx, bnsk, r.ID, completed.Version, referral.Step{To: referral.Cancelled, Reason: "x"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("cancel a completed referral: %v", err)
		}

		// BNSK sees each step on its case and the feedback on the referral.
		mine, err := db.ReferralByID(ctx, bnsk, r.ID)
		if err != nil || mine.Feedback != completed.Feedback || mine.Outcome != "service_provided" || mine.CompletedBy != "warbe.worker" {
			t.Errorf("BNSK's view: %+v %v", mine, err)
		}
		events := refTimeline(t, db, bnsk, f.kase.ID)
		if k := refKinds(events, "referral"); k != "referral_requested/bnsk.worker referral_accepted/warbe.manager referral_completed/warbe.worker" {
			t.Errorf("timeline: %s", k)
		}
		for _, e := range events {
			if strings.HasPrefix(e.Kind, "referral") && (e.RefID != r.ID || !strings.Contains(e.Body, "WARBE")) {
				t.Errorf("timeline line: %+v", e)
			}
		}
		// Every step audited, by whoever took it.
		trail, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "referral", ObjectID: r.ID})
		var acts []string
		for i := len(trail) - 1; i >= 0; i-- {
			acts = append(acts, trail[i].Action+"/"+trail[i].ActorName)
		}
		if got := strings.Join(acts, " "); got != "create/bnsk.worker view/warbe.worker update/warbe.manager update/warbe.worker" {
			t.Errorf("audit: %s", got)
		}
		// Done work leaves the inbox but stays in its history.
		if open, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{}); len(open) != 0 {
			t.Errorf("completed referral still waiting: %+v", open)
		}
		if all, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{Status: "all"}); len(all) != 1 || all[0].Feedback == "" {
			t.Errorf("history: %+v", all)
		}
	})
}

func TestReferralAfterConsentWithdrawn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		consent := refShare(t, db, f, f.warbe.ID)
		r, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Training"})
		if err != nil {
			t.Fatal(err)
		}
		if inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{}); len(inbox) != 1 {
			t.Fatalf("inbox before withdrawal: %+v", inbox)
		}
		if err := db.WithdrawConsent(ctx, bnsk, consent.ID, "does not want WARBE to call"); err != nil {
			t.Fatal(err)
		}
		// The referral leaves WARBE's inbox and WARBE can no longer act on it.
		if inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{Status: "all"}); len(inbox) != 0 {
			t.Errorf("inbox after withdrawal: %+v", inbox)
		}
		if _, err := db.ReceivedReferral(ctx, warbe, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE opens it after withdrawal: %v", err)
		}
		for _, s := range []referral.Step{{To: referral.Accepted}, {To: referral.Declined, Reason: "no"}} {
			if _, err := db.MoveReferral(ctx, warbe, r.ID, r.Version, s); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("WARBE %s after withdrawal: %v", s.To, err)
			}
		}
		// BNSK sees why and can cancel it; no new referral to WARBE goes out.
		mine, err := db.ReferralByID(ctx, bnsk, r.ID)
		if err != nil || mine.SharingConsent || mine.Status != referral.Requested {
			t.Fatalf("BNSK's view: %+v %v", mine, err)
		}
		cancelled, err := db.MoveReferral(ctx, bnsk, r.ID, mine.Version, referral.Step{To: referral.Cancelled, Reason: "consent withdrawn"})
		if err != nil || cancelled.Status != referral.Cancelled || cancelled.CancelledBy != "bnsk.worker" || cancelled.CancelReason != "consent withdrawn" {
			t.Fatalf("cancel: %+v %v", cancelled, err)
		}
		if _, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Again"}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("referral after withdrawal: %v", err)
		}
		if k := refKinds(refTimeline(t, db, bnsk, f.kase.ID), "referral"); k != "referral_requested/bnsk.worker referral_cancelled/bnsk.worker" {
			t.Errorf("timeline: %s", k)
		}
		// Consent given again brings a new referral back into the inbox, not the cancelled one.
		refShare(t, db, f, f.warbe.ID)
		again, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Again"})
		if err != nil {
			t.Fatal(err)
		}
		if inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{}); len(inbox) != 1 || inbox[0].ID != again.ID {
			t.Errorf("inbox after new consent: %+v", inbox)
		}
	})
}

func TestReferralDeclineOverdueAndInternal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		refShare(t, db, f, f.warbe.ID)
		due := refToday().AddDate(0, 0, 3)
		r, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Training",
			DueOn: due})
		if err != nil {
			t.Fatal(err)
		}
		if !r.DueOn.Equal(due) {
			t.Errorf("chosen due date: %s", r.DueOn)
		}
		if _, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.bnskSvc.ID, Reason: "x",
			DueOn: refToday().AddDate(0, 0, -1)}); app.ErrorFields(err)["due_on"] == "" {
			t.Errorf("answer due yesterday: %v", err)
		}
		for _, bad := range []referral.Referral{
			{CaseID: f.kase.ID, ServiceID: "nope", Reason: "x"},
			{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "  "},
		} {
			if err := refErr(db.CreateReferral(ctx, bnsk, bad)); app.ErrorCode(err) != app.EINVALID {
				t.Errorf("bad referral %+v: %v", bad, err)
			}
		}

		// Not answered by its due date: flagged, for both sides.
		if overdue, _ := db.ListReferrals(ctx, bnsk, store.ReferralQuery{Overdue: true}); len(overdue) != 0 {
			t.Errorf("overdue before its date: %+v", overdue)
		}
		if err := db.BackdateReferralForTest(ctx, r.ID, refToday().AddDate(0, 0, -1)); err != nil {
			t.Fatal(err)
		}
		overdue, err := db.ListReferrals(ctx, f.bnskMgr.Actor(), store.ReferralQuery{Overdue: true})
		if err != nil || len(overdue) != 1 || !overdue[0].IsOverdue || overdue[0].ID != r.ID {
			t.Fatalf("BNSK's overdue referrals: %+v %v", overdue, err)
		}
		if mine, _ := db.ListReferrals(ctx, bnsk, store.ReferralQuery{AssignedTo: f.bnskCW.ID, Status: "open"}); len(mine) != 1 || !mine[0].IsOverdue {
			t.Errorf("the worker's waiting referrals: %+v", mine)
		}
		inbox, _ := db.ReferralInbox(ctx, warbe, store.InboxQuery{Overdue: true})
		if len(inbox) != 1 || !inbox[0].Overdue {
			t.Errorf("WARBE's overdue inbox: %+v", inbox)
		}
		// An answer clears the flag, overdue or not.
		declined, err := db.MoveReferral(ctx, warbe, r.ID, r.Version, referral.Step{To: referral.Declined, Reason: "The next course starts in six months"})
		if err != nil || declined.IsOverdue || declined.DeclinedAt == nil || declined.DeclineReason == "" {
			t.Fatalf("decline: %+v %v", declined, err)
		}
		if overdue, _ := db.ListReferrals(ctx, bnsk, store.ReferralQuery{Overdue: true}); len(overdue) != 0 {
			t.Errorf("a declined referral is still overdue: %+v", overdue)
		}
		if _, err := db.MoveReferral(ctx, warbe, r.ID, declined.Version, referral.Step{To: referral.Accepted}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("accept after declining: %v", err)
		}
		events := refTimeline(t, db, bnsk, f.kase.ID)
		last := events[len(events)-1]
		if last.Kind != referral.EventDeclined || last.Reason != "The next course starts in six months" || last.ActorName != "warbe.worker" {
			t.Errorf("decline on the timeline: %+v", last)
		}

		// A referral to one's own organisation needs no sharing consent and
		// lands in the organisation's own inbox.
		own, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.bnskSvc.ID, Reason: "Signs of distress"})
		if err != nil || !own.SharingConsent {
			t.Fatalf("internal referral: %+v %v", own, err)
		}
		if inbox, _ := db.ReferralInbox(ctx, f.bnskMgr.Actor(), store.InboxQuery{}); len(inbox) != 1 || inbox[0].ID != own.ID {
			t.Errorf("BNSK's inbox: %+v", inbox)
		}
		if _, err := db.MoveReferral(ctx, f.bnskMgr.Actor(), own.ID, own.Version, referral.Step{To: referral.Accepted}); err != nil {
			t.Errorf("accept an internal referral: %v", err)
		}
	})
}

func refErr[T any](_ T, err error) error { return err }

func TestReferralOnBehalfOfOrganisationWithoutUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		bnsk := f.bnskCW.Actor()
		if _, _, err := db.LoadServiceDirectory(ctx, app.System, referral.StarterDirectory); err != nil {
			t.Fatal(err)
		}
		wewb, _ := db.OrgByCode(ctx, "WEWB")
		services, _ := db.ListServices(ctx, bnsk, store.ServiceQuery{OrgID: wewb.ID, Type: referral.WageClaims})
		if len(services) != 1 {
			t.Fatalf("WEWB wage claims: %s", refServiceNames(services))
		}
		if _, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: services[0].ID,
			Reason: "Employer in Oman owes 8 months of wages"}); !strings.Contains(app.ErrorMessage(err), "WEWB") {
			t.Errorf("refusal names the organisation: %v", err)
		}
		refShare(t, db, f, wewb.ID)
		r, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: services[0].ID,
			Reason: "Employer in Oman owes 8 months of wages"})
		if err != nil {
			t.Fatal(err)
		}
		// Nobody at WEWB uses Remaker: BNSK records its answer.
		accepted, err := db.MoveReferral(ctx, bnsk, r.ID, r.Version, referral.Step{To: referral.Accepted})
		if err != nil || accepted.Status != referral.Accepted {
			t.Fatalf("accept on behalf: %+v %v", accepted, err)
		}
		trail, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "referral", ObjectID: r.ID, Action: store.ActUpdate})
		if len(trail) != 1 || !strings.Contains(trail[0].Details, `"on_behalf_of_receiver":true`) {
			t.Errorf("on-behalf not audited: %+v", trail)
		}
		// WARBE has people in Remaker, so BNSK cannot answer for it (checked
		// in TestReferralAcrossOrganisations); and nobody else can answer for WEWB.
		if _, err := db.MoveReferral(ctx, f.warbeCW.Actor(), r.ID, accepted.Version, referral.Step{To: referral.Completed,
			Outcome: "service_provided", Feedback: "x"}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE answers for WEWB: %v", err)
		}
	})
}

func TestReferralRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		refShare(t, db, f, f.warbe.ID)
		r, err := db.CreateReferral(ctx, f.bnskCW.Actor(), referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Training"})
		if err != nil {
			t.Fatal(err)
		}
		ask := referral.Referral{CaseID: f.kase.ID, ServiceID: f.bnskSvc.ID, Reason: "x"}
		// Viewers, enumerators and the administrator: nothing at all.
		for _, a := range []app.Actor{f.viewer.Actor(), f.enumerator.Actor(), f.admin.Actor()} {
			if _, err := db.CreateReferral(ctx, a, ask); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s refers: %v", a.Username, err)
			}
			if _, err := db.ReferralByID(ctx, a, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads: %v", a.Username, err)
			}
			if _, err := db.ReferralsOfCase(ctx, a, f.kase.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads the case's referrals: %v", a.Username, err)
			}
			if list, err := db.ListReferrals(ctx, a, store.ReferralQuery{}); err == nil || len(list) != 0 {
				t.Errorf("%s lists: %d %v", a.Username, len(list), err)
			}
			if list, err := db.ReferralInbox(ctx, a, store.InboxQuery{Status: "all"}); err == nil || len(list) != 0 {
				t.Errorf("%s has an inbox: %d %v", a.Username, len(list), err)
			}
			if _, err := db.ReceivedReferral(ctx, a, r.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s opens it: %v", a.Username, err)
			}
			if _, err := db.MoveReferral(ctx, a, r.ID, r.Version, referral.Step{To: referral.Cancelled}); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s cancels: %v", a.Username, err)
			}
		}
		// The programme manager reads every organisation's referrals, changes none.
		pm := f.pm.Actor()
		if got, err := db.ReferralByID(ctx, pm, r.ID); err != nil || got.ID != r.ID {
			t.Errorf("pm reads: %v", err)
		}
		if list, err := db.ReferralsOfCase(ctx, pm, f.kase.ID); err != nil || len(list) != 1 {
			t.Errorf("pm reads the case's referrals: %d %v", len(list), err)
		}
		if list, err := db.ListReferrals(ctx, pm, store.ReferralQuery{OrgID: f.bnsk.ID}); err != nil || len(list) != 1 {
			t.Errorf("pm lists: %d %v", len(list), err)
		}
		if _, err := db.CreateReferral(ctx, pm, ask); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("pm refers: %v", err)
		}
		if _, err := db.MoveReferral(ctx, pm, r.ID, r.Version, referral.Step{To: referral.Cancelled}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("pm cancels: %v", err)
		}
		// WARBE cannot refer from a BNSK case.
		if _, err := db.CreateReferral(ctx, f.warbeCW.Actor(), ask); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE refers from a BNSK case: %v", err)
		}
		// A closed case refers no one.
		v, _ := db.CaseByID(ctx, f.bnskCW.Actor(), f.kase.ID)
		if _, err := db.MoveCase(ctx, f.bnskCW.Actor(), f.kase.ID, v.Version, casework.Transition{To: casework.Closed, Reason: "moved_away"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateReferral(ctx, f.bnskCW.Actor(), ask); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("referral from a closed case: %v", err)
		}
	})
}
