package web

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
)

// caseTabs are the pages of a case, in the order of the tabs: the
// overview (status, tasks, screening, timeline), the reintegration plan
// with its payments, referrals, and follow-up visits.
var caseTabs = []string{"overview", "plan", "referrals", "visits", "scores"}

// caseHead is what the shared "case_header" partial shows on every page
// of a case: which case, and which tab is open.
type caseHead struct {
	Case store.CaseView
	Tab  string
	Tabs []string
}

func newCaseHead(v store.CaseView, tab string) caseHead {
	return caseHead{Case: v, Tab: tab, Tabs: caseTabs}
}

// caseHeadFor reads the case in the path for the header of one of its
// tabs. The store scopes the read (another organisation's case is not
// found) and audits it.
func (ui *UI) caseHeadFor(r *http.Request, pr *auth.Principal, tab string) (caseHead, error) {
	v, err := ui.DB.CaseByID(r.Context(), ui.actor(r, pr), r.PathValue("id"))
	if err != nil {
		return caseHead{}, err
	}
	return newCaseHead(v, tab), nil
}
