package web

import (
	"net/http"
	"strconv"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

type usersData struct {
	Users           []store.User
	Orgs            []store.Organisation
	OrgFilter       string
	IncludeDisabled bool
	CanAdd, CanEdit bool
}

// canSeeUsers: administrators, programme managers and organisation managers.
func canSeeUsers(a app.Actor) bool {
	return a.CanManageUsers() || a.Role == app.RoleProgrammeManager
}

func (ui *UI) users(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if !canSeeUsers(pr.Actor) {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "users.heading")
	q := r.URL.Query()
	d := usersData{OrgFilter: q.Get("org"), IncludeDisabled: q.Get("disabled") == "1",
		CanAdd: pr.Actor.CanManageUsers(), CanEdit: pr.Actor.CanManageUsers()}
	var err error
	if pr.Actor.AllOrgs() {
		if d.Orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	d.Users, err = ui.DB.ListUsers(r.Context(), pr.Actor, store.UserFilter{OrgID: d.OrgFilter, IncludeDisabled: d.IncludeDisabled})
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "users", p)
}

type userFormData struct {
	Orgs  []store.Organisation
	Roles []app.Role
	Edit  *store.User
}

// grantable lists the roles a may give, and the organisations a may add users to.
func (ui *UI) userFormData(r *http.Request, a app.Actor) (userFormData, error) {
	var d userFormData
	for _, role := range app.Roles {
		if a.CanGrant(role) {
			d.Roles = append(d.Roles, role)
		}
	}
	orgs, err := ui.DB.ListOrgs(r.Context())
	if err != nil {
		return d, err
	}
	for _, o := range orgs {
		if a.Role == app.RoleAdmin || o.ID == a.OrgID {
			d.Orgs = append(d.Orgs, o)
		}
	}
	return d, nil
}

func (ui *UI) managerOnly(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !pr.Actor.CanManageUsers() {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

func (ui *UI) newUserForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "users.new_heading")
	d, err := ui.userFormData(r, pr.Actor)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Form.Set("role", string(app.RoleCaseWorker))
	p.Form.Set("lang", "bn")
	p.Form.Set("org_id", pr.Actor.OrgID)
	p.Data = d
	ui.render(w, r, http.StatusOK, "user_form", p)
}

func (ui *UI) createUser(w http.ResponseWriter, r *http.Request) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "users.new_heading")
	r.ParseForm()
	for _, k := range []string{"org_id", "username", "full_name", "role", "lang"} {
		p.Form.Set(k, r.PostForm.Get(k))
	}
	n := store.NewUser{OrgID: r.PostForm.Get("org_id"), Username: r.PostForm.Get("username"), FullName: r.PostForm.Get("full_name"),
		Role: app.Role(r.PostForm.Get("role")), Lang: r.PostForm.Get("lang")}
	if _, err := ui.Auth.CreateUser(r.Context(), ui.actor(r, pr), n, r.PostForm.Get("password")); err != nil {
		d, derr := ui.userFormData(r, pr.Actor)
		if derr != nil {
			ui.ServerError(w, r, derr)
			return
		}
		p.Data = d
		ui.formError(w, r, "user_form", p, err)
		return
	}
	ui.redirect(w, r, "/admin/users", "flash.user_created")
}

func (ui *UI) editUserForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	u, err := ui.DB.UserByID(r.Context(), pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "users.edit_heading")
	p.Form.Set("full_name", u.FullName)
	p.Form.Set("role", string(u.Role))
	p.Form.Set("lang", u.Lang)
	ui.renderEditUser(w, r, http.StatusOK, p, pr, u)
}

func (ui *UI) renderEditUser(w http.ResponseWriter, r *http.Request, status int, p *Page, pr *auth.Principal, u store.User) {
	d, err := ui.userFormData(r, pr.Actor)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	d.Edit = &u
	p.Data = d
	ui.render(w, r, status, "user_form", p)
}

func (ui *UI) updateUser(w http.ResponseWriter, r *http.Request) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	id := r.PathValue("id")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	up := store.UserUpdate{FullName: r.PostFormValue("full_name"), Role: app.Role(r.PostFormValue("role")), Lang: r.PostFormValue("lang"), Version: version}
	if _, err := ui.DB.UpdateUser(r.Context(), ui.actor(r, pr), id, up); err != nil {
		u, gerr := ui.DB.UserByID(r.Context(), pr.Actor, id)
		if gerr != nil {
			ui.fail(w, r, gerr)
			return
		}
		p := ui.newPage(w, r, "users.edit_heading")
		for _, k := range []string{"full_name", "role", "lang"} {
			p.Form.Set(k, r.PostFormValue(k))
		}
		if code := app.ErrorCode(err); code == app.EINVALID || code == app.ECONFLICT {
			p.Error = app.MessageIn(p.Lang, err)
			p.Errors = app.FieldsIn(p.Lang, err)
			if p.Errors == nil {
				p.Errors = map[string]string{}
			}
			ui.renderEditUser(w, r, httpx.Status(err), p, pr, u)
			return
		}
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/admin/users", "flash.user_saved")
}

func (ui *UI) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	if err := ui.DB.SetDisabled(r.Context(), ui.actor(r, pr), r.PathValue("id"), disabled); err != nil {
		ui.fail(w, r, err)
		return
	}
	flash := "flash.user_enabled"
	if disabled {
		flash = "flash.user_disabled"
	}
	ui.redirect(w, r, "/admin/users/"+r.PathValue("id"), flash)
}

func (ui *UI) disableUser(w http.ResponseWriter, r *http.Request) { ui.setDisabled(w, r, true) }
func (ui *UI) enableUser(w http.ResponseWriter, r *http.Request)  { ui.setDisabled(w, r, false) }

func (ui *UI) resetPassword(w http.ResponseWriter, r *http.Request) {
	pr := ui.managerOnly(w, r)
	if pr == nil {
		return
	}
	id := r.PathValue("id")
	err := ui.Auth.ResetPassword(r.Context(), ui.actor(r, pr), id, r.PostFormValue("new_password"))
	if err == nil {
		ui.redirect(w, r, "/admin/users/"+id, "flash.password_reset")
		return
	}
	if app.ErrorCode(err) != app.EINVALID {
		ui.fail(w, r, err)
		return
	}
	u, gerr := ui.DB.UserByID(r.Context(), pr.Actor, id)
	if gerr != nil {
		ui.fail(w, r, gerr)
		return
	}
	p := ui.newPage(w, r, "users.edit_heading")
	p.Form.Set("full_name", u.FullName)
	p.Form.Set("role", string(u.Role))
	p.Form.Set("lang", u.Lang)
	p.Errors["new_password"] = app.FieldsIn(p.Lang, err)["password"]
	ui.renderEditUser(w, r, http.StatusUnprocessableEntity, p, pr, u)
}
