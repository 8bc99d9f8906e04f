package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Selectors of the referral screens.
const (
	referralSubmit   = `#form-refer button[type=submit]`
	referralTabLink  = `nav.case-tabs a[href$="/referrals"]`
	referralConsent  = `.flash-error a[href*="#consents"]`
	referralAddShare = `#consents > details.person-add > summary`
	referralShareBtn = `#consents > details.person-add button[type=submit]`
)

// referralSummary is the selector of the folded step form with id.
func referralSummary(formID string) string { return fmt.Sprintf(`details:has(#%s) > summary`, formID) }

// TestReferralJourney: Nasima, WARBE's manager, keeps her service's
// contact in the directory. Rina, a BNSK case worker, refers a returnee to
// WARBE's skills training. Remaker refuses, in Bangla, until she records on
// the person's page that they agree to share their details with WARBE, and
// leads her there. Jewel, a WARBE case worker, finds the referral in his
// organisation's inbox with only what he needs, accepts it and later
// completes it with feedback; Rina reads the feedback on the case.
func TestReferralJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	rinaActor := j.site.actor(t, "bnsk.worker")
	warbe, err := j.site.DB.OrgByCode(ctx, "WARBE")
	if err != nil {
		t.Fatal(err)
	}
	services, err := j.site.DB.ListServices(ctx, rinaActor, store.ServiceQuery{OrgID: warbe.ID, Type: referral.SkillsTraining})
	if err != nil || len(services) == 0 {
		t.Fatalf("the demo has no WARBE skills training service: %v", err)
	}
	svc := services[0]

	// From the demo: an open BNSK case whose person has not agreed to
	// share their details with WARBE.
	cases, _, err := j.site.DB.ListCases(ctx, rinaActor, store.CaseQuery{Status: casework.Assessed, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var kase store.CaseRow
	for _, c := range cases {
		consents, err := j.site.DB.ListConsents(ctx, rinaActor, c.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(consents, func(x registry.Consent) bool {
			return x.Purpose == registry.PurposeSharing && x.SharedWithOrg == warbe.ID
		}) {
			kase = c
			break
		}
	}
	if kase.ID == "" {
		t.Fatal("the demo has no assessed BNSK case without consent to sharing with WARBE")
	}
	tab := "/cases/" + kase.ID + "/referrals"
	reason := "সেলাইয়ের প্রশিক্ষণ নিয়ে বাড়িতে দোকান দিতে চান।"

	// Nasima, WARBE's manager, puts a contact on the service in the directory.
	nasima := j.signedIn("manager", "bn", "warbe.manager", "bn")
	nasima.open("the directory", "/services?type="+referral.SkillsTraining, want{Lang: "bn"})
	page := "/services/" + svc.ID
	nasima.click("the service", fmt.Sprintf(`table.service-list a[href=%q]`, page), want{Path: page, Lang: "bn"})
	nasima.click("change the service", `.page-actions a[href$="/edit"]`, want{Path: page + "/edit", Lang: "bn"})
	nasima.fill("#svc_contact_name", "প্রশিক্ষণ ডেস্ক")
	nasima.fill("#svc_phone", "০১৭১১-০০০১১১")
	nasima.click("service changed", `form.service-form button[type=submit]`, want{Path: page, Lang: "bn"})
	nasima.expectText("service changed", ".flash-success", tr("services.flash.changed"))
	if got := nasima.text("main dl.summary"); !strings.Contains(got, "প্রশিক্ষণ ডেস্ক") || !strings.Contains(got, "০১৭১১-০০০১১১") {
		t.Errorf("the service page shows %q, without the contact", got)
	}

	// Rina opens the case's referrals and asks for WARBE's training.
	rina := j.signedIn("case worker", "bn", "bnsk.worker", "bn")
	rina.open("the case", "/cases/"+kase.ID, want{Path: "/cases/" + kase.ID, Lang: "bn"})
	rina.click("the referrals tab", referralTabLink, want{Path: tab, Lang: "bn"})
	if got := rina.text("#ref_service option[value=\"" + svc.ID + "\"]"); !strings.Contains(got, tr("referrals.needs_consent")) {
		t.Errorf("the service is offered as %q, without saying consent is needed", got)
	}
	rina.choose("#ref_service", svc.ID)
	rina.fill("#ref_reason", reason)
	rina.click("refused without consent", referralSubmit, want{Status: 403, Path: tab, Lang: "bn"})
	if got := rina.text(".flash-error"); !strings.Contains(got, "WARBE") || !strings.Contains(got, "সম্মতি দেননি") {
		t.Errorf("the refusal says %q", got)
	}
	if got := rina.value("#ref_reason"); got != reason {
		t.Errorf("after the refusal the reason holds %q, want what Rina typed", got)
	}

	// She follows the link to the person's consents and records it.
	rina.click("the person's consents", referralConsent, want{Path: "/people/" + kase.PersonID, Lang: "bn"})
	rina.tap(referralAddShare)
	rina.choose("#cs-purpose", registry.PurposeSharing)
	rina.choose("#cs-shared-with-org", warbe.ID)
	rina.choose("#cs-method", "verbal")
	rina.click("consent to sharing recorded", referralShareBtn, want{Path: "/people/" + kase.PersonID, Lang: "bn"})

	// Now the referral goes.
	rina.open("the referrals tab again", tab, want{Path: tab, Lang: "bn"})
	rina.choose("#ref_service", svc.ID)
	rina.fill("#ref_reason", reason)
	rina.click("referred", referralSubmit, want{Path: tab, Lang: "bn"})
	rina.expectText("referred", ".flash-success", tr("referrals.flash.referred"))
	refs, err := j.site.DB.ReferralsOfCase(ctx, rinaActor, kase.ID)
	if err != nil || len(refs) == 0 || refs[0].ServiceID != svc.ID || refs[0].Status != referral.Requested {
		t.Fatalf("the referral made: %+v %v", refs, err)
	}
	ref := refs[0]
	item := "#referral-" + ref.ID
	if got := rina.text(item); !strings.Contains(got, tr("referral_status.requested")) || !strings.Contains(got, reason) {
		t.Errorf("the referral on the tab reads %q", got)
	}

	// Jewel, at WARBE, finds it in the inbox.
	jewel := j.signedIn("receiver", "bn", "warbe.worker", "bn")
	jewel.open("the inbox", "/referrals/inbox", want{Path: "/referrals/inbox", Lang: "bn"})
	detail := "/referrals/inbox/" + ref.ID
	jewel.click("the referral received", fmt.Sprintf(`table.data a[href=%q]`, detail), want{Path: detail, Lang: "bn"})
	if got := jewel.text("main"); !strings.Contains(got, reason) || !strings.Contains(got, kase.Reference) {
		t.Errorf("the referral received does not show the need and the case reference: %q", got)
	}
	accepted := "rs-" + ref.ID + "-accepted"
	jewel.click("accepted", "#"+accepted+" button", want{Path: detail, Lang: "bn"})
	jewel.expectText("accepted", ".flash-success", tr("referrals.flash.step_accepted"))

	// ...and completes it with feedback.
	completed := "rs-" + ref.ID + "-completed"
	feedback := "তিন মাসের সেলাই প্রশিক্ষণ শেষ করেছেন; সনদ দেওয়া হয়েছে।"
	jewel.tap(referralSummary(completed))
	jewel.choose("#"+completed+"-outcome", "service_provided")
	jewel.fill("#"+completed+"-feedback", feedback)
	jewel.click("completed with feedback", "#"+completed+" button[type=submit]", want{Path: detail, Lang: "bn"})
	jewel.expectText("completed", ".flash-success", tr("referrals.flash.step_completed"))

	// Rina reads the feedback on the case.
	rina.open("the feedback on the case", tab, want{Path: tab, Lang: "bn"})
	rina.expectText("the feedback", item+" .referral-feedback", feedback)
	if got := rina.text(item); !strings.Contains(got, tr("referral_status.completed")) || !strings.Contains(got, tr("referral_outcome.service_provided")) {
		t.Errorf("the completed referral reads %q", got)
	}
}
