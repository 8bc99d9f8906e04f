package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/i18n"
)

// TestStrategyPrintJourney: Mahmudul Hasan leads the scoping study. In
// Bangla he opens the strategy document, sees the recommendations no
// section addresses yet, adds a sentence to the first section's Bangla
// text (a new version), and opens the print view: an A4 document in
// Bangla, drawn with the bundled font, with numbered contents, his new
// sentence, live evidence and the recommendations appendix. When the
// server has Chromium, the PDF download is a PDF.
func TestStrategyPrintJourney(t *testing.T) {
	j := newJourney(t)
	ctx := context.Background()
	if _, err := collect.NewLibrary(j.site.DB).LoadBuiltins(ctx); err != nil {
		t.Fatalf("loading the built-in forms: %v", err)
	}
	a := j.site.actor(t, "rmmru.manager")
	studies, err := j.site.DB.ListStudies(ctx, a)
	if err != nil || len(studies) == 0 {
		t.Fatalf("the demo has no study: %v", err)
	}
	doc := "/studies/" + studies[0].ID + "/strategy"

	lead := j.signedIn("", "bn", "rmmru.manager", "bn")
	lead.open("the strategy document", doc, want{Path: doc, Lang: "bn"})
	if n := lead.count("#strategy-unaddressed li"); n == 0 {
		t.Error("the document lists no recommendation left to address; the demo leaves two")
	}
	sections := lead.count("section.strategy-section")
	if sections < 3 {
		t.Fatalf("the document has %d sections", sections)
	}

	// A sentence added to the first section, in Bangla.
	const added = "পার্বত্য জেলাগুলোর প্রতিটি উপজেলায় তথ্যকেন্দ্র চালু করা দরকার।"
	editPage := eval[string](lead, `[...document.querySelectorAll('section.strategy-section a')].map(a => a.getAttribute('href')).find(h => /\/strategy\/sections\/[^/]+$/.test(h)) ?? ""`)
	if editPage == "" {
		t.Fatal("the first section has no edit link for its lead")
	}
	lead.click("editing the first section", fmt.Sprintf(`section.strategy-section a[href=%q]`, editPage), want{Path: editPage, Lang: "bn"})
	before := lead.value("#body_bn")
	lead.fill("#body_bn", before+"\n\n"+added)
	lead.click("section saved", `#form-edit-section button[type=submit]`, want{Lang: "bn"})
	if lead.location() == editPage {
		t.Fatalf("saving the section stayed on the edit page: %q", lead.texts(".field-error, .flash-error"))
	}
	if !strings.Contains(lead.text("section.strategy-section"), added) {
		t.Error("the first section does not show the sentence just added")
	}

	// The print view, in Bangla.
	lead.click("print view", "#strategy-print-link", want{Lang: "bn"})
	if got := lead.count("nav.contents ol > li"); got < sections {
		t.Errorf("the contents list %d entries for %d sections", got, sections)
	}
	if first := lead.text("nav.contents ol > li .num"); first != i18n.Digits("bn", "1") {
		t.Errorf("the contents are numbered %q, want Bangla digits", first)
	}
	if !strings.Contains(lead.text("section.doc-section"), added) {
		t.Error("the printed first section lacks the sentence just added")
	}
	if n := lead.count("#recommendations table.trace tbody tr"); n == 0 {
		t.Error("the print view has no recommendations appendix")
	}
	if lead.count("section.doc-section table, section.doc-section svg, section.doc-section blockquote") == 0 {
		t.Error("the printed document shows no evidence")
	}
	pageRule := eval[bool](lead, `[...document.styleSheets].some(s => [...s.cssRules].some(r => r instanceof CSSPageRule && /\ba4\b/i.test(r.cssText)))`)
	if !pageRule {
		t.Error("the print view's stylesheet has no A4 @page rule")
	}

	// The PDF, when the server can print.
	if lead.count(`a[href*="/strategy/pdf"]`) == 0 {
		if chromiumPath() != "" {
			t.Error("the print view offers no PDF although Chromium is installed")
		}
		return
	}
	href := eval[string](lead, `document.querySelector('a[href*="/strategy/pdf"]').getAttribute("href")`)
	got := eval[string](lead, fmt.Sprintf(`fetch(%q, {credentials: "same-origin"}).then(async r => r.status + " " + r.headers.get("content-type") + " " + new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)))`, href))
	if got != "200 application/pdf %PDF-" {
		t.Errorf("the PDF download answered %q, want 200 application/pdf %%PDF-", got)
	}
}

// chromiumPath is the browser the server would print with, or "".
func chromiumPath() string {
	if p := os.Getenv("REMAKER_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}
