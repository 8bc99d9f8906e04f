package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/store"
)

// The receiving organisation's inbox (with only what it needs to act) and
// the referrals an organisation has made.

// referralInboxData is the inbox: referrals made to the actor's organisation.
type referralInboxData struct {
	Items    []store.ReferralInboxItem
	Statuses []string
	Filtered bool
}

func (ui *UI) referralInbox(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "referrals.inbox_heading")
	q := r.URL.Query()
	iq := store.InboxQuery{Overdue: q.Get("overdue") == "1"}
	if s := q.Get("status"); s == "all" || slices.Contains(referral.Statuses, s) {
		iq.Status = s
	}
	p.Form.Set("status", iq.Status)
	if iq.Overdue {
		p.Form.Set("overdue", "1")
	}
	items, err := ui.DB.ReferralInbox(r.Context(), ui.actor(r, pr), iq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = referralInboxData{Items: items, Statuses: referral.Statuses, Filtered: iq.Status != "" || iq.Overdue}
	ui.render(w, r, http.StatusOK, "referral_inbox", p)
}

// referralReceivedData is one referral of the inbox, with the answers the
// receiving organisation may give.
type referralReceivedData struct {
	Item  store.ReferralInboxItem
	Steps []referralStepForm
}

func (ui *UI) referralReceived(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ui.referralShowReceived(w, r, pr, http.StatusOK, ui.newPage(w, r, "referrals.received_heading"))
}

// referralShowReceived renders the referral in the path as its receiver
// sees it; the store audits the look.
func (ui *UI) referralShowReceived(w http.ResponseWriter, r *http.Request, pr *auth.Principal, status int, p *Page) {
	it, err := ui.DB.ReceivedReferral(r.Context(), ui.actor(r, pr), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Title = p.T("referrals.received_title", it.FromOrgCode, it.CaseReference)
	p.Data = referralReceivedData{Item: it,
		Steps: referralStepForms(p, "/referrals/inbox/"+it.ID+"/move", it.ID, it.Version, it.Status, referralAnswerSteps(it.Status))}
	ui.render(w, r, status, "referral_received", p)
}

// referralAnswer takes the receiving organisation's step on a referral of
// its inbox.
func (ui *UI) referralAnswer(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	id := r.PathValue("id")
	step, version, err := referralStepOf(r)
	if err == nil {
		_, err = ui.DB.AnswerReferral(r.Context(), ui.actor(r, pr), id, version, step)
	}
	if err == nil {
		ui.redirect(w, r, "/referrals/inbox/"+id, "referrals.flash.step_"+step.To)
		return
	}
	p := ui.newPage(w, r, "referrals.received_heading")
	if !referralStepError(p, r, err, id, step.To) {
		ui.fail(w, r, err)
		return
	}
	ui.referralShowReceived(w, r, pr, httpx.Status(err), p)
}

// referralListData is the referrals an organisation has made.
type referralListData struct {
	Rows     []referral.Referral
	Statuses []string
	Orgs     []store.Organisation // for roles that see several organisations
	ShowOrg  bool
	CanMine  bool // the "my cases only" filter, for people who take cases
	Filtered bool
}

func (ui *UI) referralOutgoing(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	p := ui.newPage(w, r, "referrals.outgoing_heading")
	q := r.URL.Query()
	d := referralListData{Statuses: referral.Statuses, ShowOrg: a.AllOrgs(), CanMine: a.WritesCases()}
	rq := store.ReferralQuery{Status: "open", Overdue: q.Get("overdue") == "1"}
	if s := q.Get("status"); s == "all" || slices.Contains(referral.Statuses, s) {
		rq.Status = s
	}
	if d.ShowOrg {
		rq.OrgID = q.Get("org")
	}
	if d.CanMine && q.Get("mine") == "1" {
		rq.AssignedTo = a.UserID
	}
	for k, v := range map[string]string{"status": rq.Status, "org": rq.OrgID} {
		p.Form.Set(k, v)
	}
	for k, on := range map[string]bool{"overdue": rq.Overdue, "mine": rq.AssignedTo != ""} {
		if on {
			p.Form.Set(k, "1")
		}
	}
	d.Filtered = rq.Status != "open" || rq.Overdue || rq.OrgID != "" || rq.AssignedTo != ""
	if rq.Status == "all" {
		rq.Status = ""
	}
	rows, err := ui.DB.ListReferrals(r.Context(), a, rq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Rows = rows
	if d.ShowOrg {
		if d.Orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
			ui.fail(w, r, err)
			return
		}
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "referral_list", p)
}

// ReferralDay writes the day of an instant, in Dhaka.
func (p *Page) ReferralDay(t time.Time) string { return p.Date(t.In(i18n.Dhaka)) }
