package server_test

import (
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// TestCasePageOffersCaseForms checks that the case overview links the
// case-bound forms its workers may fill in, and not the scoping study's
// questionnaire, which is not about a case.
func TestCasePageOffersCaseForms(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		cs := f.newCase(t, "BNSK")
		body := e.SignIn("bnsk.worker").Get("/cases/" + cs.ID).Body
		for _, id := range []string{"remaker_rss", "remaker_followup", "remaker_screening"} {
			if link := `/fill/` + f.versions[id] + `?case=` + cs.ID; !strings.Contains(body, link) {
				t.Errorf("the case page does not link %s (%s)", id, link)
			}
		}
		if strings.Contains(body, "/fill/"+f.versions["remaker_scoping"]) {
			t.Error("the case page offers the scoping questionnaire")
		}
		// A programme manager reads the case but does not work on it.
		if strings.Contains(e.SignIn("pm").Get("/cases/"+cs.ID).Body, "/fill/") {
			t.Error("the case page offers forms to a programme manager")
		}
	})
}

// TestTimelineLinksTheWorkItRecords checks that a submission's line on the
// case timeline names the form and links the submission.
func TestTimelineLinksTheWorkItRecords(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		f := newFillEnv(t, e)
		cs := f.newCase(t, "BNSK")
		v, err := e.DB.FormVersionByID(bg, f.actorOf("bnsk.worker"), f.versions["remaker_rss"])
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := e.DB.SaveSubmission(bg, f.actorOf("bnsk.worker"), store.NewSubmission{FormVersionID: v.ID,
			InstanceID: "uuid:timeline-1", XML: "<data/>", Data: "{}", CaseID: cs.ID, Channel: forms.ChannelWeb})
		if err != nil {
			t.Fatal(err)
		}
		body := e.SignIn("bnsk.worker").Get("/cases/" + cs.ID).Body
		if !strings.Contains(body, `href="/submissions/`+s.ID+`"`) || !strings.Contains(body, v.Title) {
			t.Errorf("the timeline does not link the submission %s of %q", s.ID, v.Title)
		}
	})
}
