package web

import (
	"net/http"
	"slices"

	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// The plans queue: the versions waiting for a decision (by default),
// or of any status, for managers to work through. Scoped like the cases:
// organisation managers and case workers see their organisation's,
// programme managers every organisation's.

type planQueueData struct {
	Rows     []store.PlanRow
	Statuses []string
	Orgs     []store.Organisation // for roles that see several organisations
	ShowOrg  bool
	CanMine  bool // the "drafted by me" filter, for people who draft plans
	Status   string
	Limited  bool // the list was cut at its limit
}

const planQueueLimit = 200

func (ui *UI) planQueue(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	a := pr.Actor
	p := ui.newPage(w, r, "plans.queue_title")
	q := r.URL.Query()
	for _, k := range []string{"status", "org", "mine"} {
		p.Form.Set(k, q.Get(k))
	}
	if !q.Has("status") {
		p.Form.Set("status", programme.PlanSubmitted)
	}
	d := planQueueData{Statuses: programme.PlanStatuses, ShowOrg: a.AllOrgs(), CanMine: a.WritesCases(), Status: p.Val("status")}
	pq := store.PlanQuery{Status: d.Status, Limit: planQueueLimit}
	if pq.Status == "all" {
		pq.Status = ""
	}
	if !slices.Contains(programme.PlanStatuses, pq.Status) && pq.Status != "" {
		p.Errors["status"] = p.T("plans.queue_bad_status")
		pq.Status = programme.PlanSubmitted
	}
	if d.ShowOrg {
		pq.OrgID = p.Val("org")
	}
	if d.CanMine && p.Val("mine") != "" {
		pq.CreatedBy = a.UserID
	}
	rows, err := ui.DB.ListPlans(r.Context(), ui.actor(r, pr), pq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Rows, d.Limited = rows, len(rows) == planQueueLimit
	if d.ShowOrg {
		if d.Orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Orgs = slices.DeleteFunc(d.Orgs, func(o store.Organisation) bool { return o.Kind == store.OrgIOM })
	}
	p.Data = d
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	ui.render(w, r, status, "plans_queue", p)
}

// PlanTotal writes a plan row's total; a dash when there is no single
// total (no items, or items in more than one currency).
func (p *Page) PlanTotal(r store.PlanRow) string {
	if r.Currency == "" {
		return "—"
	}
	return p.ProjectMoney(r.TotalMinor, r.Currency)
}
