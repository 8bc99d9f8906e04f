package web

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

// homeData is the home page for every role: what they can do, and the
// figures their role may see.
type homeData struct {
	Role        app.Role
	Org         store.Organisation
	Counts      []store.OrgUserCount
	Roles       []app.Role
	Engine      store.Dialect
	Schema      int
	ActiveUsers int
}

func (ui *UI) home(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "home.title")
	ctx := r.Context()
	org, err := ui.DB.OrgByID(ctx, pr.User.OrgID)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d := homeData{Role: pr.Actor.Role, Org: org, Roles: app.Roles, Engine: ui.DB.Dialect()}
	d.Counts, err = ui.DB.UserCountsByOrg(ctx, pr.Actor)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	for _, c := range d.Counts {
		d.ActiveUsers += c.Total
	}
	if pr.Actor.Role == app.RoleAdmin {
		if d.Schema, err = ui.DB.SchemaVersion(ctx); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "home", p)
}
