package web

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

type orgsData struct {
	Orgs   []store.Organisation
	Kinds  []string
	CanAdd bool
}

func (ui *UI) orgsPage(w http.ResponseWriter, r *http.Request, status int, p *Page, a app.Actor) {
	orgs, err := ui.DB.ListOrgs(r.Context())
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Data = orgsData{Orgs: orgs, Kinds: store.OrgKinds, CanAdd: a.Role == app.RoleAdmin}
	ui.render(w, r, status, "orgs", p)
}

func (ui *UI) orgs(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if !pr.Actor.AllOrgs() {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "orgs.heading")
	p.Form.Set("kind", store.OrgCSO)
	ui.orgsPage(w, r, http.StatusOK, p, pr.Actor)
}

func (ui *UI) createOrg(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if pr.Actor.Role != app.RoleAdmin {
		ui.Forbidden(w, r)
		return
	}
	r.ParseForm()
	o := store.Organisation{Code: r.PostForm.Get("code"), NameEn: r.PostForm.Get("name_en"), NameBn: r.PostForm.Get("name_bn"), Kind: r.PostForm.Get("kind")}
	if _, err := ui.DB.CreateOrg(r.Context(), ui.actor(r, pr), o); err != nil {
		if c := app.ErrorCode(err); c != app.EINVALID && c != app.ECONFLICT {
			ui.fail(w, r, err)
			return
		}
		p := ui.newPage(w, r, "orgs.heading")
		for _, k := range []string{"code", "name_en", "name_bn", "kind"} {
			p.Form.Set(k, r.PostForm.Get(k))
		}
		p.Error = app.MessageIn(p.Lang, err)
		p.Errors = app.FieldsIn(p.Lang, err)
		ui.orgsPage(w, r, 422, p, pr.Actor)
		return
	}
	ui.redirect(w, r, "/admin/organisations", "flash.org_created")
}
