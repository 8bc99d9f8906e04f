package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry/names"
	"github.com/remaker-bd/remaker/internal/store"
)

// Selectors of the people screens.
const (
	peopleNav       = `.main-nav a[href="/people"]`
	casesNav        = `.main-nav a[href="/cases"]`
	peopleSearchBtn = `form.person-filters button[type=submit]`
	personSubmit    = `form.person-form button[type=submit]`
	episodeSummary  = `#migration details.person-add > summary`
	episodeSubmit   = `#migration form[action$="/episodes#migration"] button[type=submit]`
	openCaseButton  = `.page-actions a[href^="/cases/new?person="]`
	caseOpenSubmit  = `form[action="/cases"] button[type=submit]`
)

// newcomer is a returnee the register journey adds: nobody in the demo
// looks like her, so the form shows no possible duplicates.
type newcomer struct {
	NameBn, NameLatin, Phone, NID string
}

// expectNobodyLike stops the journey, with a message saying what to change,
// when the demo the site was seeded with holds someone the duplicate check
// would offer for x: the journey is about a first registration.
func expectNobodyLike(t *testing.T, s *site, a app.Actor, x newcomer) {
	t.Helper()
	rows, err := s.people(a)
	if err != nil {
		t.Fatalf("listing the demo's people: %v", err)
	}
	for _, r := range rows {
		for _, mine := range []string{x.NameBn, x.NameLatin} {
			for _, theirs := range []string{r.NameBn, r.NameLatin} {
				if theirs != "" && names.Similarity(mine, theirs) >= names.ReviewThreshold {
					t.Fatalf("the demo now has %q, whose name is like %q: give the journey's returnee another name", theirs, mine)
				}
			}
		}
		if slices.Contains(r.Phones, x.Phone) || r.NID == x.NID {
			t.Fatalf("the demo now has %s with the phone %s or the NID %s: give the journey's returnee others", r.NameLatin, x.Phone, x.NID)
		}
	}
}

// TestRegisterAndOpenCase: Rina, a BNSK case worker working in Bangla,
// looks for a returnee who is not registered yet, registers her with her
// names in both scripts, an age instead of a birth date, her upazila, phone
// and consent (after a future birth date and a short NID are explained next
// to their fields), records her work in Saudi Arabia, opens a REMA(K)ER
// case, screens it (indicators and a debt typed in Bengali digits), walks
// it stage by stage to closure with a reason, reopens it, and reads the
// timeline.
func TestRegisterAndOpenCase(t *testing.T) {
	j := newJourney(t)
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	msg := func(english string) string { return app.Translate("bn", english) }
	bn := func(s string) string { return i18n.Digits("bn", s) }
	ctx := context.Background()
	rinaActor := j.site.actor(t, "bnsk.worker")

	she := newcomer{NameBn: "কাজলী সরেন", NameLatin: "Kajoli Soren", Phone: "01719876543", NID: "5512345678"}
	expectNobodyLike(t, j.site, rinaActor, she)
	before := countPeople(t, j.site, rinaActor)
	const district, upazila = "BD3068", "BD306876" // Narsingdi, Shibpur
	today := dhakaToday()

	rina := j.signedIn("", "bn", "bnsk.worker", "bn")

	// She is not in the register yet.
	rina.click("people", peopleNav, want{Path: "/people", Lang: "bn"})
	rina.expectText("people", "main h1", tr("people.title"))
	rina.fill("#f-q", she.NameBn)
	rina.click("not found", peopleSearchBtn, want{Lang: "bn"})
	if got := rina.query().Get("q"); got != she.NameBn {
		t.Errorf("the search sent q=%q, want %q", got, she.NameBn)
	}
	if got := rina.value("#f-q"); got != she.NameBn {
		t.Errorf("after searching, the search box holds %q, want %q", got, she.NameBn)
	}
	rina.expectText("not found", "main .empty p", tr("people.none_found"))
	if n := rina.count("table.data tbody tr"); n != 0 {
		t.Errorf("searching for someone not registered lists %d people", n)
	}

	// The registration form, from the empty result.
	rina.click("registration form", `main .empty a[href="/people/new"]`, want{Path: "/people/new", Lang: "bn"})
	rina.expectText("registration form", "main h1", tr("people.new_title"))
	if got := rina.value("#consent-date"); got != iso(today) {
		t.Errorf("the consent date starts as %q, want today %q", got, iso(today))
	}

	// Mistakes: a birth date in the future and an NID of five digits.
	rina.fill("#name-bn", she.NameBn)
	rina.fill("#name-latin", she.NameLatin)
	rina.choose("#sex", "female")
	rina.setDate("#birth-date", iso(today.AddDate(1, 0, 0)))
	rina.fill("#phone1", bn(she.Phone))
	rina.fill("#nid", bn("12345"))
	rina.choose("#district", district)
	rina.choose("#upazila", upazila)
	rina.fill("#village", "দুলালপুর")
	rina.tick("consent")
	rina.choose("#consent-method", "verbal")
	rina.click("mistakes shown", personSubmit, want{Status: 422, Path: "/people", Lang: "bn"})
	rina.expectText("mistakes shown", alertBox, tr("people.fix_fields"))
	rina.expectFieldError("mistakes shown", "birth-date", msg("the date of birth is in the future: check the year"))
	rina.expectFieldError("mistakes shown", "nid", msg("a national ID number has 10, 13 or 17 digits"))
	for _, id := range []string{"name-bn", "name-latin", "sex", "phone1", "district", "upazila", "consent"} {
		rina.expectNoFieldError("mistakes shown", id)
	}
	// What was typed is kept.
	for sel, v := range map[string]string{"#name-bn": she.NameBn, "#name-latin": she.NameLatin, "#sex": "female", "#phone1": bn(she.Phone),
		"#nid": bn("12345"), "#district": district, "#upazila": upazila, "#village": "দুলালপুর", "#consent-method": "verbal"} {
		if got := rina.value(sel); got != v {
			t.Errorf("after the mistakes %s holds %q, want %q", sel, got, v)
		}
	}
	if !rina.checked("consent") {
		t.Errorf("after the mistakes the consent box is no longer ticked")
	}
	if n := countPeople(t, j.site, rinaActor); n != before {
		t.Fatalf("the refused form saved someone: %d people, was %d", n, before)
	}

	// Fixed: no birth date, her age instead (in Bengali digits), a real NID.
	rina.setDate("#birth-date", "")
	rina.fill("#age", bn("32"))
	rina.fill("#nid", bn(she.NID))
	rina.click("registered", personSubmit, want{Lang: "bn"})
	personID := rina.idAfter("registered", "/people/")
	rina.expectText("registered", statusBox, tr("people.flash.registered"))
	// Her name in Bangla heads the page, the Latin spelling beside it.
	if got := strings.Join(strings.Fields(rina.text("main h1")), " "); got != she.NameBn+" "+she.NameLatin {
		t.Errorf("the new person's page is headed %q, want %q", got, she.NameBn+" "+she.NameLatin)
	}
	if rina.count(`main .flash-error`) != 0 {
		t.Errorf("the new person's page warns: %q", rina.text("main .flash-error"))
	}
	shibpur, _ := refdata.Admin(upazila)
	narsingdi, _ := refdata.Admin(district)
	for label, v := range map[string]string{
		tr("people.name_bn"): she.NameBn, tr("people.name_latin"): she.NameLatin, tr("people.sex"): tr("sex.female"),
		tr("people.age"):    tr("people.about", i18n.Number("bn", 32)),
		tr("people.phones"): bn(she.Phone), tr("people.nid"): bn(she.NID),
	} {
		if got := rina.summary(label); got != v {
			t.Errorf("the person page shows %s %q, want %q", label, got, v)
		}
	}
	if got := rina.summary(tr("people.address")); !strings.Contains(got, shibpur.Name("bn")) || !strings.Contains(got, narsingdi.Name("bn")) {
		t.Errorf("the person page shows the address %q, want %s and %s in it", got, shibpur.Name("bn"), narsingdi.Name("bn"))
	}
	consents := rina.tableRows("#consents table.data")
	if len(consents) != 1 || !strings.HasPrefix(consents[0][0], tr("purpose.registration")) || consents[0][1] != tr("consent_method.verbal") ||
		consents[0][3] != tr("people.consent_active") {
		t.Errorf("the consents table is %q, want one active verbal registration consent", consents)
	}
	stored, err := j.site.DB.PersonByID(ctx, rinaActor, personID)
	if err != nil {
		t.Fatalf("reading the new person: %v", err)
	}
	if !stored.BirthEstimated || stored.Age(today) != 32 || stored.NID != she.NID || !slices.Equal(stored.Phones, []string{she.Phone}) {
		t.Errorf("stored: birth %v (estimated %v, age %d), NID %q, phones %q; want an estimate giving 32, %s, %s",
			stored.BirthDate, stored.BirthEstimated, stored.Age(today), stored.NID, stored.Phones, she.NID, she.Phone)
	}

	// Her work in Saudi Arabia: a form that opens on the page.
	rina.tap(episodeSummary)
	departed, returned := today.AddDate(-3, 0, 0), today.AddDate(0, -2, 0)
	rina.choose("#ep-destination", "SA")
	rina.setDate("#ep-departure-date", iso(departed))
	rina.setDate("#ep-return-date", iso(returned))
	rina.choose("#ep-channel", "licensed_agency")
	rina.choose("#ep-return-type", "forced_by_employer")
	rina.fill("#ep-cost", "৩,৫০,০০০")
	rina.click("migration added", episodeSubmit, want{Path: "/people/" + personID, Lang: "bn"})
	rina.expectText("migration added", statusBox, tr("people.flash.episode_added"))
	saudi, _ := refdata.Country("SA")
	episodes := rina.tableRows("#migration table.data")
	if len(episodes) != 1 {
		t.Fatalf("the migration table has %d rows after adding one: %q", len(episodes), episodes)
	}
	for i, v := range map[int]string{0: saudi.Name("bn"), 2: i18n.Date("bn", departed), 3: i18n.Date("bn", returned),
		4: tr("channel.licensed_agency"), 5: "৳ ৩,৫০,০০০", 7: tr("return_type.forced_by_employer")} {
		if episodes[0][i] != v {
			t.Errorf("the migration row shows %q in column %d, want %q (row %q)", episodes[0][i], i+1, v, episodes[0])
		}
	}

	// A case in REMA(K)ER, from her page.
	rina.click("open a case", openCaseButton, want{Path: "/cases/new?person=" + personID, Lang: "bn"})
	rina.expectText("open a case", "main h1", tr("cases.new_heading"))
	rina.choose("#project_id", rina.optionContaining("#project_id", "REMA(K)ER"))
	if got := rina.value("#assigned_to"); got != rinaActor.UserID {
		t.Errorf("the new case is offered to %q, want the case worker herself (%s)", got, rinaActor.UserID)
	}
	if got := rina.value("#opened_on"); got != iso(today) {
		t.Errorf("the case opening date starts as %q, want today %q", got, iso(today))
	}
	rina.click("case opened", caseOpenSubmit, want{Lang: "bn"})
	caseID := rina.idAfter("case opened", "/cases/")
	rina.expectText("case opened", statusBox, tr("cases.flash.opened"))
	kase, err := j.site.DB.CaseByID(ctx, rinaActor, caseID)
	if err != nil {
		t.Fatalf("reading the new case: %v", err)
	}
	if !strings.HasPrefix(kase.Reference, "BNSK-") || kase.PersonID != personID {
		t.Errorf("the new case is %s for %s, want a BNSK case for %s", kase.Reference, kase.PersonID, personID)
	}
	rina.expectText("case opened", "main h1", tr("cases.case_title", kase.Reference))
	rina.expectCase("case opened", casework.Registered, tr("cases.not_screened"))
	if got := rina.summary(tr("cases.project")); !strings.Contains(got, "REMA(K)ER") {
		t.Errorf("the case's project is %q, want REMA(K)ER", got)
	}
	for label, v := range map[string]string{tr("cases.org"): "BNSK", tr("cases.assigned"): "Rina Begum"} {
		if got := rina.summary(label); got != v {
			t.Errorf("the case page shows %s %q, want %q", label, got, v)
		}
	}
	// She came back two months ago and has no plan yet.
	noPlan := tr("flag.no_plan_30_days")
	if !slices.Contains(rina.texts(".case-flags li"), noPlan) {
		t.Errorf("the case's flags are %q, want %q", rina.texts(".case-flags li"), noPlan)
	}

	// Screening: two indicators ticked and a debt in Bengali digits above
	// the threshold, which ticks the debt indicator.
	rina.tick("scr_ind_woman_headed_household")
	rina.tick("scr_ind_signs_of_distress")
	rina.fill("#scr_debt", "৩,৫০,০০০")
	rina.fill("#scr_notes", "দালালের কাছ থেকে নেওয়া ঋণ এখনো শোধ হয়নি; রাতে ঘুমাতে পারেন না।")
	if got := rina.value("#scr_date"); got != iso(today) {
		t.Errorf("the screening date starts as %q, want today %q", got, iso(today))
	}
	rina.click("screened", `#form-screening button[type=submit]`, want{Path: "/cases/" + caseID, Lang: "bn"})
	rina.expectText("screened", statusBox, tr("cases.flash.screened"))
	rina.expectCase("screened", casework.Screened, tr("priority.high"))
	screenings := rina.tableRows(`section[aria-labelledby="screenings-heading"] table.data`)
	if len(screenings) != 1 {
		t.Fatalf("the screenings table has %d rows after one screening: %q", len(screenings), screenings)
	}
	s := screenings[0]
	if s[1] != tr("priority.high") || s[2] != i18n.Number("bn", 6) || s[4] != tr("cases.taka", "৩,৫০,০০০") || s[5] != "Rina Begum" {
		t.Errorf("the screening row is %q, want priority %q, score %s, debt %q, by Rina Begum",
			s, tr("priority.high"), i18n.Number("bn", 6), tr("cases.taka", "৩,৫০,০০০"))
	}
	for _, code := range []string{"woman_headed_household", "signs_of_distress", "debt_above_threshold"} {
		if !strings.Contains(s[3], tr("indicator."+code)) {
			t.Errorf("the screening's indicators %q do not include %q", s[3], tr("indicator."+code))
		}
	}

	// Stage by stage to monitoring; a note with the agreed plan.
	planNote := "পরিকল্পনা: সেলাই প্রশিক্ষণ ও একটি সেলাই মেশিন।"
	for _, to := range []string{casework.Assessed, casework.PlanAgreed, casework.Assistance, casework.Monitoring} {
		step := "moved to " + to
		if to == casework.PlanAgreed {
			rina.fill("#move_note", planNote)
		}
		rina.click(step, fmt.Sprintf(`#form-move button[name="to"][value=%q]`, to), want{Path: "/cases/" + caseID, Lang: "bn"})
		rina.expectText(step, statusBox, tr("cases.flash.moved"))
		rina.expectCase(step, to, tr("priority.high"))
		back := casework.Statuses[slices.Index(casework.Statuses, to)-1]
		if to == casework.Monitoring {
			back = casework.Assistance
		}
		if rina.count(fmt.Sprintf(`#form-move button[name="to"][value=%q]`, back)) != 1 {
			t.Errorf("%s: the page offers no step back to %s", step, back)
		}
		if to == casework.PlanAgreed && slices.Contains(rina.texts(".case-flags li"), noPlan) {
			t.Errorf("%s: the case still says %q", step, noPlan)
		}
	}

	// Closing needs a reason: without one it is explained at the field.
	rina.fill("#close_note", "প্রশিক্ষণ শেষ, নিজের দোকান চালু হয়েছে।")
	rina.click("closing without a reason", `#form-close button[type=submit]`, want{Status: 422, Path: "/cases/" + caseID + "/move", Lang: "bn"})
	rina.expectFieldError("closing without a reason", "close_reason", msg("choose why the case is closing"))
	rina.expectCase("closing without a reason", casework.Monitoring, tr("priority.high"))
	if got := rina.value("#close_note"); got != "প্রশিক্ষণ শেষ, নিজের দোকান চালু হয়েছে।" {
		t.Errorf("after the mistake the closing note holds %q", got)
	}
	rina.choose("#close_reason", "support_completed")
	rina.click("closed", `#form-close button[type=submit]`, want{Path: "/cases/" + caseID, Lang: "bn"})
	rina.expectText("closed", statusBox, tr("cases.flash.closed"))
	rina.expectCase("closed", casework.Closed, tr("priority.high"))
	if got := rina.summary(tr("cases.closure_reason")); got != tr("closure_reason.support_completed") {
		t.Errorf("the closed case shows the reason %q, want %q", got, tr("closure_reason.support_completed"))
	}
	for sel, n := range map[string]int{"#form-move": 0, "#form-close": 0, "#form-screening": 0, "#form-reopen": 1} {
		if got := rina.count(sel); got != n {
			t.Errorf("the closed case's page has %d %s, want %d", got, sel, n)
		}
	}

	// Reopened: back to the stage it closed from.
	rina.fill("#reopen_note", "আবার ঋণের চাপে পড়েছেন, সহায়তা দরকার।")
	rina.click("reopened", `#form-reopen button[type=submit]`, want{Path: "/cases/" + caseID, Lang: "bn"})
	rina.expectText("reopened", statusBox, tr("cases.flash.reopened"))
	rina.expectCase("reopened", casework.Monitoring, tr("priority.high"))
	if rina.summary(tr("cases.closure_reason")) != "<no such row>" {
		t.Errorf("the reopened case still shows a closure reason")
	}

	// The timeline tells the story, oldest first once reversed.
	rina.expectTimeline(caseID, []string{
		tr("cases.ev.moved", tr("status.registered"), tr("status.screened")),
		tr("cases.ev.moved", tr("status.screened"), tr("status.assessed")),
		tr("cases.ev.moved", tr("status.assessed"), tr("status.plan_agreed")),
		tr("cases.ev.moved", tr("status.plan_agreed"), tr("status.assistance")),
		tr("cases.ev.moved", tr("status.assistance"), tr("status.monitoring")),
		tr("cases.ev.moved", tr("status.monitoring"), tr("status.closed")),
		tr("cases.ev.moved", tr("status.closed"), tr("status.monitoring")),
	})
	events := rina.timeline()
	for _, e := range events {
		switch {
		case e.Kind == "status" && e.Move == tr("cases.ev.moved", tr("status.assessed"), tr("status.plan_agreed")):
			if !strings.Contains(e.Text, planNote) {
				t.Errorf("the move to plan agreed does not show its note: %q", e.Text)
			}
		case e.Kind == "status" && e.Move == tr("cases.ev.moved", tr("status.monitoring"), tr("status.closed")):
			if !strings.Contains(e.Text, tr("closure_reason.support_completed")) {
				t.Errorf("the closing does not show its reason: %q", e.Text)
			}
		case e.Kind == "screening":
			if !strings.Contains(e.Text, tr("priority.high")) {
				t.Errorf("the screening in the timeline does not show the priority: %q", e.Text)
			}
		}
	}

	// Her page lists the case, open again.
	rina.click("person page with the case", `main dl.summary a[href="/people/`+personID+`"]`, want{Path: "/people/" + personID, Lang: "bn"})
	cases := rina.tableRows("#cases table.data")
	if len(cases) != 1 || cases[0][0] != kase.Reference || cases[0][1] != tr("status.monitoring") || cases[0][2] != "BNSK" {
		t.Errorf("the person's cases are %q, want %s, %s, BNSK", cases, kase.Reference, tr("status.monitoring"))
	}
}

// countPeople is how many people a sees.
func countPeople(t *testing.T, s *site, a app.Actor) int {
	t.Helper()
	rows, err := s.people(a)
	if err != nil {
		t.Fatalf("listing people: %v", err)
	}
	return len(rows)
}

// TestDuplicateWarning: registering someone the demo already has (her name
// in both scripts and her phone) stops before saving anything and shows
// the record that may be hers, with a link; the case worker checks, says
// this is someone else, and registers her.
func TestDuplicateWarning(t *testing.T) {
	j := newJourney(t)
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	a := j.site.actor(t, "bnsk.worker")
	rows, err := j.site.people(a)
	if err != nil {
		t.Fatalf("listing the demo's people: %v", err)
	}
	var known store.PersonRow
	for _, r := range rows {
		if r.NameBn != "" && r.NameLatin != "" && len(r.Phones) > 0 {
			known = r
			break
		}
	}
	if known.ID == "" {
		t.Fatal("the demo has no BNSK returnee with both names and a phone")
	}
	before := len(rows)

	rina := j.signedIn("", "bn", "bnsk.worker", "bn")
	rina.open("registration form", "/people/new", want{Path: "/people/new", Lang: "bn"})
	rina.fill("#name-bn", known.NameBn)
	rina.fill("#name-latin", known.NameLatin)
	rina.choose("#sex", known.Sex)
	rina.fill("#phone1", i18n.Digits("bn", known.Phones[0]))
	rina.tick("consent")
	rina.choose("#consent-method", "thumbprint")
	rina.click("possible duplicate", personSubmit, want{Status: 409, Path: "/people", Lang: "bn"})
	rina.expectText("possible duplicate", ".person-duplicates h2", tr("people.dup_heading"))
	link := fmt.Sprintf(`.person-duplicates a[href="/people/%s"]`, known.ID)
	if rina.count(link) != 1 {
		t.Fatalf("the warning does not link to %s (%s); it lists %q", known.NameLatin, known.ID, rina.texts(".person-duplicates li"))
	}
	if got := rina.text(link); !strings.HasPrefix(got, displayName("bn", known.Person)) {
		t.Errorf("the link to the possible duplicate reads %q, want her name %q first", got, displayName("bn", known.Person))
	}
	if got := eval[string](rina, fmt.Sprintf(`document.querySelector(%q).target`, link)); got != "_blank" {
		t.Errorf("the possible duplicate opens in target %q, want a new tab so the form is not lost", got)
	}
	item := eval[string](rina, fmt.Sprintf(`document.querySelector(%q).closest('li').innerText`, link))
	for _, reason := range []string{tr("people.dup_name"), tr("people.dup_phone", i18n.Digits("bn", known.Phones[0]))} {
		if !strings.Contains(item, reason) {
			t.Errorf("the possible duplicate %q does not give the reason %q", item, reason)
		}
	}
	if rina.checked("different-person") {
		t.Errorf("“register anyway” is ticked before the worker has checked")
	}
	if got := rina.value("#name-latin"); got != known.NameLatin {
		t.Errorf("the form lost the name: %q", got)
	}
	if n := countPeople(t, j.site, a); n != before {
		t.Fatalf("the warning saved someone: %d people, was %d", n, before)
	}

	// She checked: it is someone else with the same name.
	rina.tick("different-person")
	rina.click("registered anyway", personSubmit, want{Lang: "bn"})
	id := rina.idAfter("registered anyway", "/people/")
	if id == known.ID {
		t.Fatalf("registering anyway opened the existing record")
	}
	rina.expectText("registered anyway", statusBox, tr("people.flash.registered"))
	if n := countPeople(t, j.site, a); n != before+1 {
		t.Errorf("after registering anyway there are %d people, want %d", n, before+1)
	}
}
