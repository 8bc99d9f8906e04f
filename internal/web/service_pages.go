package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/store"
)

// The service directory: what organisations (partners, government bodies,
// service providers) offer returnees, where and whom to call. It is not
// personal data: everyone signed in reads it. Administrators and programme
// managers keep every organisation's entries, managers their own.

// serviceDivision is a division with its districts, for choosing areas.
type serviceDivision struct {
	refdata.Unit
	Districts []refdata.Unit
}

func serviceDivisions() []serviceDivision {
	var out []serviceDivision
	for _, d := range refdata.Divisions() {
		out = append(out, serviceDivision{Unit: d, Districts: refdata.Children(d.Pcode)})
	}
	return out
}

// serviceCanAdd reports whether a's role keeps any part of the directory.
func serviceCanAdd(a app.Actor) bool { return a.AllOrgs() || a.Role == app.RoleOrgManager }

type serviceListData struct {
	Services  []referral.Service
	Types     []string
	Orgs      []store.Organisation
	Divisions []serviceDivision
	CanAdd    bool
	Filtered  bool
}

func (ui *UI) serviceList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "services.heading")
	q := r.URL.Query()
	for _, k := range []string{"q", "type", "org", "area", "inactive"} {
		p.Form.Set(k, strings.TrimSpace(q.Get(k)))
	}
	sq := store.ServiceQuery{Text: p.Val("q"), Type: p.Val("type"), OrgID: p.Val("org"), Inactive: p.Val("inactive") == "1"}
	if u, ok := refdata.Admin(p.Val("area")); ok && u.Level <= refdata.District {
		sq.Area = u.Pcode
	}
	services, err := ui.DB.ListServices(r.Context(), ui.actor(r, pr), sq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	orgs, err := ui.DB.ListOrgs(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := serviceListData{Services: services, Types: referral.ServiceTypes, Orgs: orgs, Divisions: serviceDivisions(),
		CanAdd: serviceCanAdd(pr.Actor)}
	d.Filtered = sq.Text != "" || sq.Type != "" || sq.OrgID != "" || sq.Area != "" || sq.Inactive
	p.Data = d
	ui.render(w, r, http.StatusOK, "service_list", p)
}

type servicePageData struct {
	Service referral.Service
	CanEdit bool
}

// ServiceAreas names the areas a service covers, or says it covers the
// whole country.
func (p *Page) ServiceAreas(s referral.Service) string {
	if s.National() {
		return p.T("services.national")
	}
	names := make([]string, len(s.Areas))
	for i, a := range s.Areas {
		names[i] = p.Place(a)
	}
	return strings.Join(names, ", ")
}

// ServiceOrg names a service's organisation in the page's language.
func (p *Page) ServiceOrg(s referral.Service) string {
	return store.Organisation{NameEn: s.OrgNameEn, NameBn: s.OrgNameBn}.Name(p.Lang)
}

func (ui *UI) servicePage(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	s, err := ui.DB.ServiceByID(r.Context(), ui.actor(r, pr), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "services.heading")
	p.Title = s.Name(p.Lang)
	p.Data = servicePageData{Service: s, CanEdit: store.CanEditService(pr.Actor, s.OrgID)}
	ui.render(w, r, http.StatusOK, "service_page", p)
}

// ---- adding and changing a service ----

// serviceFormData is the form to add or change a service.
type serviceFormData struct {
	Service referral.Service // the service changed (ID empty for a new one)
	// Orgs are the organisations to choose from; nil when the actor may
	// only add to their own (OrgName).
	Orgs      []store.Organisation
	OrgName   string
	Types     []string
	Divisions []serviceDivision
	// Other are chosen areas that are neither divisions nor districts
	// (upazilas, set through the API), kept ticked.
	Other  []string
	Chosen map[string]bool
	Action string
}

// Ticked reports whether an area is chosen in the form.
func (d serviceFormData) Ticked(code string) bool { return d.Chosen[code] }

// OpenDivision reports whether a division or one of its districts is
// chosen, so that its list starts unfolded.
func (d serviceFormData) OpenDivision(div serviceDivision) bool {
	return d.Chosen[div.Pcode] || slices.ContainsFunc(div.Districts, func(u refdata.Unit) bool { return d.Chosen[u.Pcode] })
}

// serviceFormFields are the form's controls, by the store's field names.
var serviceFormFields = []string{"org_id", "name_en", "name_bn", "type", "areas", "contact_name", "phone", "email", "notes", "active"}

// serviceEditor returns the principal when their role keeps part of the
// directory, and answers the request otherwise.
func (ui *UI) serviceEditor(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil
	}
	if !serviceCanAdd(pr.Actor) {
		ui.Forbidden(w, r)
		return nil
	}
	return pr
}

// serviceToEdit reads the service in the path for an editor who may
// change it: not found, or forbidden for another organisation's.
func (ui *UI) serviceToEdit(w http.ResponseWriter, r *http.Request) (*auth.Principal, referral.Service, bool) {
	pr := ui.serviceEditor(w, r)
	if pr == nil {
		return nil, referral.Service{}, false
	}
	s, err := ui.DB.ServiceByID(r.Context(), ui.actor(r, pr), r.PathValue("id"))
	if err == nil && !store.CanEditService(pr.Actor, s.OrgID) {
		err = app.Errorf(app.EFORBIDDEN, "you can only change your own organisation's services")
	}
	if err != nil {
		ui.fail(w, r, err)
		return nil, s, false
	}
	return pr, s, true
}

func (ui *UI) serviceNewForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.serviceEditor(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "services.add_heading")
	ui.serviceRenderForm(w, r, http.StatusOK, p, pr.Actor, referral.Service{})
}

func (ui *UI) serviceEditForm(w http.ResponseWriter, r *http.Request) {
	pr, s, ok := ui.serviceToEdit(w, r)
	if !ok {
		return
	}
	p := ui.newPage(w, r, "services.edit_heading")
	serviceFill(p.Form, s)
	ui.serviceRenderForm(w, r, http.StatusOK, p, pr.Actor, s)
}

// serviceFill puts a service's values in a form.
func serviceFill(f url.Values, s referral.Service) {
	f.Set("org_id", s.OrgID)
	f.Set("name_en", s.NameEn)
	f.Set("name_bn", s.NameBn)
	f.Set("type", s.Type)
	f["areas"] = slices.Clone(s.Areas)
	f.Set("contact_name", s.ContactName)
	f.Set("phone", s.Phone)
	f.Set("email", s.Email)
	f.Set("notes", s.Notes)
	if s.Active {
		f.Set("active", "1")
	}
}

// serviceFromForm reads a submitted form.
func serviceFromForm(f url.Values) referral.Service {
	return referral.Service{OrgID: f.Get("org_id"), NameEn: f.Get("name_en"), NameBn: f.Get("name_bn"), Type: f.Get("type"),
		Areas: f["areas"], ContactName: f.Get("contact_name"), Phone: f.Get("phone"), Email: f.Get("email"), Notes: f.Get("notes"),
		Active: f.Get("active") == "1"}
}

func (ui *UI) serviceCreate(w http.ResponseWriter, r *http.Request) {
	pr := ui.serviceEditor(w, r)
	if pr == nil {
		return
	}
	a := ui.actor(r, pr)
	s := serviceFromForm(r.PostForm)
	if !a.AllOrgs() {
		s.OrgID = a.OrgID // a manager adds to their own organisation
	}
	created, err := ui.DB.CreateService(r.Context(), a, s)
	if err != nil {
		ui.serviceFormFailed(w, r, pr.Actor, referral.Service{}, "services.add_heading", err)
		return
	}
	ui.redirect(w, r, "/services/"+created.ID, "services.flash.added")
}

func (ui *UI) serviceUpdate(w http.ResponseWriter, r *http.Request) {
	pr, old, ok := ui.serviceToEdit(w, r)
	if !ok {
		return
	}
	s := serviceFromForm(r.PostForm)
	s.ID = old.ID
	var err error
	if s.Version, err = strconv.Atoi(r.PostForm.Get("version")); err != nil || s.Version < 1 {
		err = app.Errorf(app.ECONFLICT, "this page is out of date: reload it and make your change again")
	} else {
		_, err = ui.DB.UpdateService(r.Context(), ui.actor(r, pr), s)
	}
	if err != nil {
		ui.serviceFormFailed(w, r, pr.Actor, old, "services.edit_heading", err)
		return
	}
	ui.redirect(w, r, "/services/"+old.ID, "services.flash.changed")
}

// serviceFormFailed re-shows the form with what was typed and the
// messages, or fails the request when the error is not about the form.
func (ui *UI) serviceFormFailed(w http.ResponseWriter, r *http.Request, a app.Actor, s referral.Service, titleKey string, err error) {
	if code := app.ErrorCode(err); code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, titleKey)
	p.Error = app.MessageIn(p.Lang, err)
	for k, msg := range app.FieldsIn(p.Lang, err) {
		p.Errors["svc_"+k] = msg
	}
	for _, k := range serviceFormFields {
		if vals, ok := r.PostForm[k]; ok {
			p.Form[k] = vals
		}
	}
	ui.serviceRenderForm(w, r, httpx.Status(err), p, a, s)
}

// serviceRenderForm shows the form for s (empty for a new service) with
// the values in p.Form.
func (ui *UI) serviceRenderForm(w http.ResponseWriter, r *http.Request, status int, p *Page, a app.Actor, s referral.Service) {
	d := serviceFormData{Service: s, Types: referral.ServiceTypes, Divisions: serviceDivisions(), Chosen: map[string]bool{},
		Action: "/services"}
	if s.ID != "" {
		d.Action = "/services/" + s.ID
		d.OrgName = s.OrgCode + " · " + p.ServiceOrg(s)
	} else if a.AllOrgs() {
		orgs, err := ui.DB.ListOrgs(r.Context())
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.Orgs = orgs
	} else {
		o, err := ui.DB.OrgByID(r.Context(), a.OrgID)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		d.OrgName = o.Code + " · " + o.Name(p.Lang)
	}
	for _, code := range p.Form["areas"] {
		code = strings.ToUpper(strings.TrimSpace(code))
		d.Chosen[code] = true
		if u, ok := refdata.Admin(code); !ok || u.Level > refdata.District {
			d.Other = append(d.Other, code)
		}
	}
	if s.ID != "" {
		p.Title = p.T("services.edit_title", s.Name(p.Lang))
	}
	p.Data = d
	ui.render(w, r, status, "service_form", p)
}
