package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// TestEnumeratorScopingJourney: Ching Marma, an RMMRU enumerator in the
// Hill Tracts, fills the scoping-study questionnaire in Bangla. She sees
// no returnees (least privilege); the upazilas offered follow the district
// she picks; she saves a draft half way, finds it again in her list,
// resumes it with her answers kept, says she is willing to work abroad so
// that the destinations appear, and submits. The answers are stored once,
// as hers, with what she chose.
func TestEnumeratorScopingJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	if _, err := collect.NewLibrary(j.site.DB).LoadBuiltins(ctx); err != nil {
		t.Fatalf("loading the built-in forms: %v", err)
	}
	a := j.site.actor(t, "rmmru.enumerator")
	vs, err := j.site.DB.CollectableForms(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	versionID, formPK := "", ""
	for _, v := range vs {
		if v.FormID == "remaker_scoping" {
			versionID, formPK = v.ID, v.FormPK
		}
	}
	if versionID == "" {
		t.Fatalf("the enumerator may not collect the scoping questionnaire; she may collect %d forms", len(vs))
	}
	before := newestSubmission(t, j, a, formPK)
	tr := func(key string) string { return i18n.T("bn", key) }

	ching := j.signedIn("", "bn", "rmmru.enumerator", "bn")
	for _, href := range []string{"/people", "/cases"} {
		if n := ching.count(fmt.Sprintf(`.main-nav a[href=%q]`, href)); n != 0 {
			t.Errorf("an enumerator's navigation links to %s", href)
		}
	}
	ching.open("the list of forms", "/fill", want{Path: "/fill", Lang: "bn"})
	ching.expectText("the list of forms", "main h1", tr("form_entry.list_title"))
	form := "/fill/" + versionID
	ching.click("the questionnaire", fmt.Sprintf(`ul.fill-forms a[href=%q]`, form), want{Path: form, Lang: "bn"})

	// Consent first: nothing else shows before it.
	if eval[bool](ching, fillShownJS("interview")) {
		t.Error("the interview shows before consent")
	}
	ching.fillPick("consent", "yes")
	ching.fillWait("the interview appearing after consent", fillShownJS("interview"))

	// Her profile. The upazilas offered follow the district (the others are
	// hidden and disabled).
	const profile = "interview/profile/"
	ching.fillPick(profile+"sex", "female")
	ching.fill(fillQ("q:"+profile+"age"), "২৪")
	ching.fillPick(profile+"ethnic_group", "marma")
	ching.fillPick(profile+"religion", "buddhism")
	ching.choose(fillQ("q:"+profile+"district"), "BD2003") // Bandarban
	upazilas := fmt.Sprintf(`[...document.querySelector(%q).options].filter(o => !o.hidden && !o.disabled).map(o => o.value).filter(v => v !== "")`, "[id=\"q:"+profile+"upazila\"]")
	// Seven upazilas and "other".
	ching.fillWait("Bandarban's upazilas offered", upazilas+`.length === 8 && `+upazilas+`.every(v => v.startsWith("BD2003") || v === "other")`)
	ching.choose(fillQ("q:"+profile+"upazila"), "BD200389") // Rowangchhari
	ching.checkPage("profile filled", "bn")

	// A draft, half way: it is in her list and comes back as she left it.
	ching.click("draft saved", `button[value="save"]`, want{Lang: "bn"})
	ching.expectText("draft saved", "main [role=status]", tr("form_entry.draft_saved"))
	draft := ching.location()
	if !strings.HasPrefix(draft, "/fill/drafts/") {
		t.Fatalf("saving a draft went to %s", draft)
	}
	ching.open("the list with the draft", "/fill", want{Path: "/fill", Lang: "bn"})
	if n := ching.count(fmt.Sprintf(`#fill-drafts-heading ~ div a[href=%q]`, draft)); n != 1 {
		t.Fatalf("the list shows %d links to the draft %s", n, draft)
	}
	ching.click("the draft resumed", fmt.Sprintf(`a[href=%q]`, draft), want{Path: draft, Lang: "bn"})
	if got := ching.value(fillQ("q:" + profile + "upazila")); got != "BD200389" {
		t.Errorf("the resumed draft has the upazila %q, want Rowangchhari", got)
	}
	if got := ching.value(fillQ("q:" + profile + "age")); got != "২৪" && got != "24" {
		t.Errorf("the resumed draft has the age %q, want 24", got)
	}

	// Willing to work abroad: the destinations appear.
	dest := "interview/willingness/preferred_destinations"
	if eval[bool](ching, fillShownJS(dest)) {
		t.Error("preferred destinations show before she says whether she is willing")
	}
	ching.fillPick("interview/willingness/willing_abroad", "yes")
	ching.fillWait("the destinations appearing", fillShownJS(dest))
	ching.fillPick(dest, "MY")
	ching.fill(fillQ("q:interview/livelihood/household_size"), "৫")

	// No skills to list and never abroad; everything else answered with its
	// first choice, then the questions those answers open.
	ching.fillPick("interview/skills/has_skills", "no")
	ching.fillPick("interview/migration/been_abroad", "no")
	ching.fillPick("interview/migration/household_abroad", "no")
	ching.fillAnswerAll()
	ching.fillWait("the countries of her contacts appearing", fillShownJS("interview/information/contact_countries"))
	ching.fillWait("the services appearing", fillShownJS("interview/services/used_services"))
	ching.fillWait("the trades appearing", fillShownJS("interview/training/training_trades"))
	ching.fillAnswerAll()
	ching.click("submitted", `button[value="submit"]`, want{Path: "/fill", Lang: "bn"})
	if ching.location() != "/fill" {
		t.Fatalf("the questionnaire was refused: %q", eval[[]string](ching,
			`[...document.querySelectorAll('.field-error:not([hidden])')].map(e => e.id + ": " + e.innerText.trim())`))
	}
	ching.expectText("submitted", "main [role=status]", tr("form_entry.submitted"))
	if n := ching.count("#fill-drafts-heading"); n != 0 {
		t.Error("the submitted draft is still listed")
	}

	// Stored once, as hers, with her answers: the newest submission she can see.
	latest := newestSubmission(t, j, a, formPK)
	if latest.ID == "" || latest.ID == before.ID || latest.SubmittedBy != a.UserID || latest.CaseID != "" {
		t.Fatalf("the newest scoping submission is %+v, want a new one of hers without a case", latest)
	}
	full, err := j.site.DB.SubmissionByID(ctx, a, latest.ID)
	if err != nil {
		t.Fatal(err)
	}
	mine := full.Data
	var got struct {
		Values map[string]string `json:"values"`
	}
	if err := json.Unmarshal([]byte(mine), &got); err != nil {
		t.Fatalf("the stored answers are not an instance: %v", err)
	}
	for k, v := range map[string]string{profile + "sex": "female", profile + "age": "24", profile + "ethnic_group": "marma",
		profile + "district": "BD2003", "interview/willingness/willing_abroad": "yes", dest: "MY"} {
		if got.Values[k] != v {
			t.Errorf("stored %s = %q, want %q", k, got.Values[k], v)
		}
	}
}

// newestSubmission is the newest submission of the form the actor can see.
func newestSubmission(t *testing.T, j *journey, a app.Actor, formPK string) forms.Submission {
	t.Helper()
	subs, err := j.site.DB.ListSubmissions(context.Background(), a, store.SubmissionQuery{FormPK: formPK, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) == 0 {
		return forms.Submission{}
	}
	return subs[0]
}
