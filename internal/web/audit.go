package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

type auditData struct {
	Entries []store.AuditEntry
	Orgs    []store.Organisation
	Actions []string
	Older   string
}

// AuditActions lists the actions offered in the audit filter.
var AuditActions = store.AuditActions

const auditPageSize = 50

func (ui *UI) audit(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if !pr.Actor.CanReadAudit() {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "audit.heading")
	q := r.URL.Query()
	for _, k := range []string{"org", "action", "object_type", "from", "to"} {
		p.Form.Set(k, q.Get(k))
	}
	f := store.AuditFilter{OrgID: q.Get("org"), Action: q.Get("action"), ObjectType: q.Get("object_type"), Limit: auditPageSize}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	// Dates are days in Dhaka; "to" includes the whole day.
	if s := i18n.ASCIIDigits(q.Get("from")); s != "" {
		if d, err := time.ParseInLocation("2006-01-02", s, i18n.Dhaka); err == nil {
			f.From = d
		} else {
			p.Errors["from"] = p.T("audit.bad_date")
		}
	}
	if s := i18n.ASCIIDigits(q.Get("to")); s != "" {
		if d, err := time.ParseInLocation("2006-01-02", s, i18n.Dhaka); err == nil {
			f.To = d.AddDate(0, 0, 1)
		} else {
			p.Errors["to"] = p.T("audit.bad_date")
		}
	}
	entries, err := ui.DB.ListAudit(r.Context(), ui.actor(r, pr), f)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	orgs, err := ui.DB.ListOrgs(r.Context())
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d := auditData{Entries: entries, Orgs: orgs, Actions: AuditActions}
	if len(entries) == auditPageSize {
		older := url.Values{}
		for k, v := range q {
			older[k] = v
		}
		older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.Older = "/audit?" + older.Encode()
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "audit", p)
}
