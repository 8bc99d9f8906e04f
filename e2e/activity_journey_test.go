package e2e

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// TestActivityJourney: Rina, a BNSK case worker working in Bangla, reads
// her organisation's community initiatives, adds an awareness meeting
// (after a missing title is explained at its field), counts who came in
// the grid; Shirin, her manager, approves its budget and sees it held on
// the line; Rina records an expense; then she types a workshop's test
// scores from the paper forms, a mistyped line named, and reads the
// summary. Every page is checked at desktop and phone widths.
func TestActivityJourney(t *testing.T) {
	j := newJourney(t)
	tr := func(key string, args ...any) string { return i18n.T("bn", key, args...) }
	rina := j.signedIn("", "bn", "bnsk.worker", "bn")

	rina.open("initiatives", "/community", want{Path: "/community", Lang: "bn"})
	rina.expectText("initiatives", "main h1", tr("community.heading"))
	if n := rina.count("table.community-list tbody tr"); n < 10 {
		t.Errorf("the list shows %d of the demo's initiatives", n)
	}
	rina.open("BNSK's initiatives", "/community?org="+j.site.actor(t, "bnsk.worker").OrgID, want{Lang: "bn"})
	if n := rina.count("table.community-list tbody tr"); n != 4 {
		t.Errorf("BNSK has %d initiatives in the list", n)
	}

	// A new awareness meeting, first without a title.
	rina.click("new initiative", `main a[href="/community/new"]`, want{Path: "/community/new", Lang: "bn"})
	rina.choose("#kind", "awareness_event")
	rina.choose("#upazila", "BD305646")
	rina.fill("#place", "আটিগ্রাম বাজার")
	rina.setDate("#starts_on", "2025-01-15")
	rina.fill("#budget", "১৮,০০০")
	rina.click("no title", `form.community-form button[type=submit]`, want{Status: 422, Path: "/community", Lang: "bn"})
	rina.expectFieldError("no title", "title", app.Translate("bn", "give the initiative a title"))
	rina.fill("#title", "মেয়েদের নিরাপদ অভিবাসন বিষয়ে উঠান বৈঠক")
	rina.click("added", `form.community-form button[type=submit]`, want{Lang: "bn"})
	page := rina.location()
	if !strings.HasPrefix(page, "/community/") {
		t.Fatalf("after adding, the browser is at %s", page)
	}
	rina.expectText("added", "#community-status", tr("community.status.planned"))

	// The participants grid.
	rina.fill("#n-returnee-general-female", "১২")
	rina.fill("#n-community_member-general-female", "9")
	rina.click("counted", `#form-participants button[type=submit]`, want{Path: page, Lang: "bn"})
	rina.expectText("counted", "#community-total", "২১")

	// Shirin approves the budget: BDT 18,000 held on the community projects line.
	shirin := j.signedIn("manager", "bn", "bnsk.manager", "bn")
	shirin.open("the initiative", page, want{Path: page, Lang: "bn"})
	shirin.click("approved", `form[action$="/status"] input[value="approved"] ~ button`, want{Path: page, Lang: "bn"})
	shirin.expectText("approved", "#community-status", tr("community.status.approved"))
	if held := shirin.text("#community-held"); !strings.HasPrefix(held, "USD ১") {
		t.Errorf("after approval the line holds %q, want about USD ১৫০ (BDT ১৮,০০০)", held)
	}

	// Rina records what the meeting cost.
	rina.open("the initiative again", page, want{Path: page, Lang: "bn"})
	rina.setDate("#exp_spent_on", dhakaToday().Format("2006-01-02"))
	rina.fill("#exp_amount", "৪,৫০০")
	rina.fill("#exp_description", "মাইক ও ব্যানার")
	rina.click("expense", `#form-expense button[type=submit]`, want{Path: page, Lang: "bn"})
	if got := rina.text("#community-spent"); !strings.HasPrefix(got, "BDT ৪,৫০০.০০") {
		t.Errorf("the initiative shows %q spent, want BDT ৪,৫০০.০০", got)
	}

	// A workshop's score sheet, typed from the paper forms.
	rina.open("events", "/capacity?org="+j.site.actor(t, "bnsk.worker").OrgID, want{Lang: "bn"})
	rina.click("the workshop", `table.capacity-list tbody tr a`, want{Lang: "bn"})
	event := rina.location()
	rina.fill("#score_sheet", "1. 40 70\n2. 55 ৬০\n3. 6O 75\n")
	rina.click("a mistyped score", `#form-scores button[type=submit]`, want{Status: 422, Path: event + "/scores", Lang: "bn"})
	msg := rina.fieldError("score_sheet").Text
	if !strings.Contains(msg, "3") {
		t.Errorf("the error does not name line 3: %q", msg)
	}
	rina.fill("#score_sheet", "1. 40 70\n2. 55 ৬০\n3. 60 75\n")
	rina.click("scores", `#form-scores button[type=submit]`, want{Path: event, Lang: "bn"})
	rina.expectText("scores", "#capacity-improved", tr("capacity.improved_of", "৩", "৩"))
}
