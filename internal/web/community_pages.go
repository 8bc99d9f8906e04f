package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// Community initiatives: the list, a page per initiative with its money,
// participants, expenses and linked returnees, and the forms to add and
// change them.

type communityListData struct {
	Base, Area string // the list's path and catalog prefix, for the shared filters
	Rows       []store.CommunityRow
	Lists      activityLists
	Kinds      []string
	Statuses   []string
	CanAdd     bool
	Pager      activityPager
}

func (ui *UI) communityList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "community.heading")
	q := r.URL.Query()
	for _, k := range activityFilterKeys {
		p.Form.Set(k, strings.TrimSpace(q.Get(k)))
	}
	page := activityPage(q)
	rows, more, err := ui.DB.ListCommunityInitiatives(r.Context(), pr.Actor, store.CommunityQuery{ProjectID: p.Val("project"),
		OrgID: p.Val("org"), Kind: p.Val("kind"), Status: p.Val("status"), Limit: activityPageSize, Offset: (page - 1) * activityPageSize})
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	lists, err := ui.activityChoices(r)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = communityListData{Base: "/community", Area: "community", Rows: rows, Lists: lists, Kinds: community.Kinds, Statuses: community.Statuses,
		CanAdd: activityCreates(pr.Actor), Pager: newActivityPager("/community", p, page, more)}
	ui.render(w, r, http.StatusOK, "community_list", p)
}

// ---- the form to add or change an initiative ----

// communityLineOption is a budget line offered to an initiative.
type communityLineOption struct {
	ID, Label string
}

type communityFormData struct {
	Edit       bool
	ID         string
	Lists      activityLists
	Writable   []store.Organisation // the organisations the actor may add for
	Kinds      []string
	Currencies []string
	Lines      []communityLineOption
	Upazilas   []personOptGroup
	Unions     []personOption // of the upazila chosen, when it has some
}

// communityFields maps the store's field names to the form's.
var communityFields = map[string]string{"budget_minor": "budget"}

func (ui *UI) communityFormData(r *http.Request, p *Page, a app.Actor) (communityFormData, error) {
	d := communityFormData{Kinds: community.Kinds, Currencies: programme.Currencies, Upazilas: peopleUpazilaGroups(p),
		Unions: peopleUnions(p, strings.ToUpper(strings.TrimSpace(p.Val("upazila"))))}
	var err error
	if d.Lists, err = ui.activityChoices(r); err != nil {
		return d, err
	}
	for _, o := range d.Lists.Orgs {
		if activityWrites(a, o.ID) {
			d.Writable = append(d.Writable, o)
		}
	}
	figs, err := ui.DB.BudgetFigures(r.Context(), a, store.BudgetQuery{})
	if err != nil {
		return d, err
	}
	codes := map[string]string{}
	for _, pj := range d.Lists.Projects {
		codes[pj.ID] = pj.Code
	}
	for _, f := range figs {
		if !activityWrites(a, f.OrgID) {
			continue
		}
		d.Lines = append(d.Lines, communityLineOption{ID: f.LineID, Label: p.T("community.line_option", codes[f.ProjectID], f.OrgCode,
			p.Label("budget_category", f.Category), p.ProjectMoney(f.Remaining, f.Currency))})
	}
	return d, nil
}

// communityDefaults fills a new initiative's form: the actor's
// organisation, the first project, taka, today.
func communityDefaults(p *Page, a app.Actor, d communityFormData) {
	if len(d.Lists.Projects) > 0 {
		p.Form.Set("project_id", d.Lists.Projects[0].ID)
	}
	if len(d.Writable) > 0 {
		org := d.Writable[0].ID
		if slices.ContainsFunc(d.Writable, func(o store.Organisation) bool { return o.ID == a.OrgID }) {
			org = a.OrgID
		}
		p.Form.Set("org_id", org)
	}
	p.Form.Set("currency", programme.BDT)
	p.Form.Set("starts_on", activityToday().Format("2006-01-02"))
}

func (ui *UI) communityNewForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "community.new")
	d, err := ui.communityFormData(r, p, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	communityDefaults(p, pr.Actor, d)
	if line := ui.communityLineFor(r, pr.Actor, p.Val("project_id"), p.Val("org_id")); line != "" {
		p.Form.Set("budget_line_id", line)
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "community_form", p)
}

// communityLineFor is the community projects line of a project and
// organisation, "" when it has none.
func (ui *UI) communityLineFor(r *http.Request, a app.Actor, projectID, orgID string) string {
	figs, err := ui.DB.BudgetFigures(r.Context(), a, store.BudgetQuery{ProjectID: projectID, OrgID: orgID})
	if err != nil {
		return ""
	}
	for _, f := range figs {
		if f.Category == programme.CommunityProjects {
			return f.LineID
		}
	}
	return ""
}

// communityParse reads the initiative form. Values that cannot be read
// are recorded in v under the form's names.
func communityParse(r *http.Request, v *app.Validation) community.Initiative {
	f := r.PostForm
	in := community.Initiative{ProjectID: f.Get("project_id"), OrgID: f.Get("org_id"), Title: f.Get("title"), Kind: f.Get("kind"),
		Description: f.Get("description"), Upazila: f.Get("upazila"), Union: f.Get("union"), Place: f.Get("place"),
		BudgetLineID: f.Get("budget_line_id"), Currency: f.Get("currency")}
	if d, ok := activityDate(f.Get("starts_on")); ok {
		in.StartsOn = d
	} else {
		v.Add("starts_on", activityBadDate)
	}
	if d, ok := activityDate(f.Get("ends_on")); !ok {
		v.Add("ends_on", activityBadDate)
	} else if !d.IsZero() {
		in.EndsOn = &d
	}
	if s := strings.TrimSpace(f.Get("budget")); s != "" && programme.ValidCurrency(in.Currency) {
		amount, err := programme.ParseAmount(s, in.Currency)
		if err != nil {
			v.Add("budget", app.ErrorMessage(err))
		}
		in.BudgetMinor = amount
	}
	return in
}

func (ui *UI) communityCreate(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	var v app.Validation
	in := communityParse(r, &v)
	err := v.Err()
	if err == nil {
		in, err = ui.DB.CreateCommunityInitiative(r.Context(), ui.actor(r, pr), in)
	}
	if err != nil {
		ui.communityFormFailed(w, r, pr, "community.new", false, err)
		return
	}
	ui.redirect(w, r, "/community/"+in.ID, "community.flash.created")
}

// communityFormFailed re-shows the initiative form with its messages.
func (ui *UI) communityFormFailed(w http.ResponseWriter, r *http.Request, pr *auth.Principal, title string, edit bool, err error) {
	p := ui.newPage(w, r, title)
	ui.activityFormFailed(w, r, p, err, communityFields, func(status int) {
		d, lerr := ui.communityFormData(r, p, pr.Actor)
		if lerr != nil {
			ui.fail(w, r, lerr)
			return
		}
		d.Edit, d.ID = edit, r.PathValue("id")
		p.Data = d
		ui.render(w, r, status, "community_form", p)
	})
}

func (ui *UI) communityEditForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	in, err := ui.DB.CommunityInitiativeByID(r.Context(), pr.Actor, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	if !activityWrites(pr.Actor, in.OrgID) {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "community.edit")
	set := p.Form.Set
	set("project_id", in.ProjectID)
	set("org_id", in.OrgID)
	set("title", in.Title)
	set("kind", in.Kind)
	set("description", in.Description)
	set("upazila", in.Upazila)
	set("union", in.Union)
	set("place", in.Place)
	set("starts_on", in.StartsOn.Format("2006-01-02"))
	if in.EndsOn != nil {
		set("ends_on", in.EndsOn.Format("2006-01-02"))
	}
	set("budget_line_id", in.BudgetLineID)
	set("budget", p.AmountInput(in.BudgetMinor, in.Currency))
	set("currency", in.Currency)
	set("version", strconv.Itoa(in.Version))
	d, err := ui.communityFormData(r, p, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Edit, d.ID = true, in.ID
	p.Data = d
	ui.render(w, r, http.StatusOK, "community_form", p)
}

func (ui *UI) communityUpdate(w http.ResponseWriter, r *http.Request) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	var v app.Validation
	in := communityParse(r, &v)
	in.ID = r.PathValue("id")
	version, err := activityVersion(r)
	if err == nil {
		in.Version = version
		err = v.Err()
	}
	if err == nil {
		_, err = ui.DB.UpdateCommunityInitiative(r.Context(), ui.actor(r, pr), in)
	}
	if err != nil {
		ui.communityFormFailed(w, r, pr, "community.edit", true, err)
		return
	}
	ui.redirect(w, r, "/community/"+in.ID, "community.flash.saved")
}

// ---- the initiative's page ----

// communityCell is one count of the participants grid.
type communityCell struct {
	Name, Type, Sex string
	Value           string // as the input shows it
	People          int
}

// communityGroupRow is one population group's counts.
type communityGroupRow struct {
	Group string
	Cells []communityCell // types x sexes, in that order
	Total int
}

type communityPageData struct {
	In          community.Initiative
	Project     store.Project
	Line        *programme.Figures // the budget line, with its figures
	Totals      community.Totals
	Counted     []communityGroupRow // groups with participants, for reading
	Grid        []communityGroupRow // every group, for the form: Counted's first
	FirstHidden int                 // Grid rows from here go under "other groups"
	Types       []string
	Sexes       []string
	Expenses    []community.Expense
	CanWrite    bool
	CanApprove  bool
	Moves       []string
	SeesPeople  bool
	People      []store.CommunityPerson
	Found       []store.PersonRow // returnees found to link
	Searched    bool
	ErrorForm   string // the form a refused change came from
	FormMessage string
}

// communityCellName names a grid input.
func communityCellName(typ, group, sex string) string { return "n-" + typ + "-" + group + "-" + sex }

func (ui *UI) communityPage(r *http.Request, p *Page, a app.Actor, id string) (communityPageData, error) {
	ctx := r.Context()
	var d communityPageData
	in, err := ui.DB.CommunityInitiativeByID(ctx, a, id)
	if err != nil {
		return d, err
	}
	d.In, d.Types, d.Sexes = in, community.ParticipantTypes, community.Sexes
	if d.Project, err = ui.DB.ProjectByID(ctx, in.ProjectID); err != nil {
		return d, err
	}
	if in.BudgetLineID != "" {
		figs, err := ui.DB.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: in.ProjectID, OrgID: in.OrgID})
		if err != nil {
			return d, err
		}
		for i := range figs {
			if figs[i].LineID == in.BudgetLineID {
				d.Line = &figs[i]
			}
		}
	}
	d.CanWrite = activityWrites(a, in.OrgID)
	d.CanApprove = d.CanWrite && (a.AllOrgs() || a.Role == app.RoleOrgManager)
	for _, m := range community.Moves(in.Status) {
		if m != community.Approved || d.CanApprove {
			d.Moves = append(d.Moves, m)
		}
	}
	d.Totals = community.Sum(in.Participants)
	counts := map[string]int{}
	for _, c := range in.Participants {
		counts[communityCellName(c.Type, c.Group, c.Sex)] = c.People
	}
	var hidden []communityGroupRow
	for _, g := range community.Groups() {
		row := communityGroupRow{Group: g}
		for _, t := range community.ParticipantTypes {
			for _, s := range community.Sexes {
				name := communityCellName(t, g, s)
				c := communityCell{Name: name, Type: t, Sex: s, People: counts[name]}
				if c.People > 0 {
					c.Value = p.Digits(strconv.Itoa(c.People))
				}
				if posted, ok := p.Form[name]; ok {
					c.Value = posted[0]
				}
				row.Cells = append(row.Cells, c)
				row.Total += c.People
			}
		}
		switch {
		case row.Total > 0:
			d.Counted = append(d.Counted, row)
			d.Grid = append(d.Grid, row)
		case g == community.GeneralPopulation:
			d.Grid = append(d.Grid, row)
		default:
			hidden = append(hidden, row)
		}
	}
	d.FirstHidden = len(d.Grid)
	d.Grid = append(d.Grid, hidden...)
	if d.Expenses, err = ui.DB.CommunityExpenses(ctx, a, id); err != nil {
		return d, err
	}
	d.SeesPeople = a.SeesReturnees() && (a.AllOrgs() || a.OrgID == in.OrgID)
	if d.SeesPeople {
		if d.People, err = ui.DB.CommunityPeople(ctx, a, id); err != nil {
			return d, err
		}
		if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" && d.CanWrite {
			d.Searched = true
			p.Form.Set("q", q)
			found, err := ui.DB.SearchPersons(ctx, a, store.PersonQuery{Text: q, OrgID: in.OrgID, Limit: 10})
			if err != nil {
				return d, err
			}
			for _, f := range found {
				linked := slices.ContainsFunc(d.People, func(lp store.CommunityPerson) bool { return lp.PersonID == f.ID })
				if f.OrgID == in.OrgID && !linked {
					d.Found = append(d.Found, f)
				}
			}
		}
	}
	return d, nil
}

func (ui *UI) communityShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "community.heading")
	d, err := ui.communityPage(r, p, ui.actor(r, pr), r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.communityRender(w, r, http.StatusOK, p, d)
}

func (ui *UI) communityRender(w http.ResponseWriter, r *http.Request, status int, p *Page, d communityPageData) {
	p.Title = d.In.Title
	if p.Val("exp_spent_on") == "" {
		p.Form.Set("exp_spent_on", activityToday().Format("2006-01-02"))
	}
	p.Data = d
	ui.render(w, r, status, "community_page", p)
}

// communityForms maps, for each form of the initiative's page, the store's
// field names to the form's input names.
var communityForms = map[string]map[string]string{
	"status":       {},
	"participants": {},
	"expense": {"spent_on": "exp_spent_on", "amount_minor": "exp_amount", "currency": "exp_amount", "description": "exp_description",
		"vendor": "exp_vendor", "receipt_ref": "exp_receipt"},
	"reverse": {},
	"people":  {"person_id": "person_id"},
}

// communityWrite runs a change on the initiative's page: on success back
// to the page with a flash; a refused form re-shows the page with the
// message beside that form.
func (ui *UI) communityWrite(w http.ResponseWriter, r *http.Request, form, flash string, do func(a app.Actor, id string) error) {
	pr := ui.activityCreator(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	id := r.PathValue("id")
	a := ui.actor(r, pr)
	err := do(a, id)
	if err == nil {
		ui.redirect(w, r, "/community/"+id+"#"+form, flash)
		return
	}
	p := ui.newPage(w, r, "community.heading")
	ui.activityFormFailed(w, r, p, err, communityForms[form], func(status int) {
		d, lerr := ui.communityPage(r, p, a, id)
		if lerr != nil {
			ui.fail(w, r, lerr)
			return
		}
		d.ErrorForm, d.FormMessage = form, p.Error
		if form == "participants" {
			// The grid's cells are marked, not captioned: say what is wrong once.
			d.FormMessage = activityMessages(p.Error, app.FieldsIn(p.Lang, err))
		}
		ui.communityRender(w, r, status, p, d)
	})
}

func (ui *UI) communityMove(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "status", "community.flash.moved", func(a app.Actor, id string) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.MoveCommunityInitiative(r.Context(), a, id, version, r.PostForm.Get("to"))
		return err
	})
}

func (ui *UI) communityParticipants(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "participants", "community.flash.participants", func(a app.Actor, id string) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		var v app.Validation
		var counts []community.Count
		for _, g := range community.Groups() {
			for _, t := range community.ParticipantTypes {
				for _, s := range community.Sexes {
					name := communityCellName(t, g, s)
					n, ok := activityCount(r.PostForm.Get(name))
					if !ok {
						v.Add(name, "a count is a whole number from 0 to 100000")
						continue
					}
					counts = append(counts, community.Count{Type: t, Sex: s, Group: g, People: n})
				}
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = ui.DB.SetCommunityParticipants(r.Context(), a, id, version, counts)
		return err
	})
}

func (ui *UI) communityExpense(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "expense", "community.flash.expense", func(a app.Actor, id string) error {
		in, err := ui.DB.CommunityInitiativeByID(r.Context(), a, id)
		if err != nil {
			return err
		}
		f := r.PostForm
		e := community.Expense{Currency: in.Currency, Description: f.Get("exp_description"), Vendor: f.Get("exp_vendor"),
			ReceiptRef: f.Get("exp_receipt")}
		var v app.Validation
		if d, ok := activityDate(f.Get("exp_spent_on")); ok {
			e.SpentOn = d
		} else {
			v.Add("exp_spent_on", activityBadDate)
		}
		if amount, err := programme.ParseAmount(f.Get("exp_amount"), in.Currency); err != nil {
			v.Add("exp_amount", app.ErrorMessage(err))
		} else {
			e.AmountMinor = amount
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = ui.DB.RecordCommunityExpense(r.Context(), a, id, e)
		return err
	})
}

func (ui *UI) communityReverse(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "reverse", "community.flash.reversed", func(a app.Actor, id string) error {
		expenses, err := ui.DB.CommunityExpenses(r.Context(), a, id)
		if err != nil {
			return err
		}
		eid := r.PathValue("eid")
		if !slices.ContainsFunc(expenses, func(e community.Expense) bool { return e.ID == eid }) {
			return app.NotFound("community expense")
		}
		_, err = ui.DB.ReverseCommunityExpense(r.Context(), a, eid, activityToday(), r.PostForm.Get("why"))
		return err
	})
}

func (ui *UI) communityLink(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "people", "community.flash.linked", func(a app.Actor, id string) error {
		return ui.DB.LinkCommunityPerson(r.Context(), a, id, r.PostForm.Get("person_id"))
	})
}

func (ui *UI) communityUnlink(w http.ResponseWriter, r *http.Request) {
	ui.communityWrite(w, r, "people", "community.flash.unlinked", func(a app.Actor, id string) error {
		return ui.DB.UnlinkCommunityPerson(r.Context(), a, id, r.PathValue("pid"))
	})
}

// CommunityGroup names a population group: the general population, or an
// ethnic group of the reference data.
func (p *Page) CommunityGroup(code string) string {
	if code == community.GeneralPopulation {
		return p.T("community.group.general")
	}
	return p.Ethnicity(code)
}

// CommunitySpends reports whether an initiative in status takes expenses.
func (p *Page) CommunitySpends(status string) bool { return community.Spends(status) }

// communityGrid is part of the participants grid, for the template that
// draws it (the groups shown, and those under "other groups").
type communityGrid struct {
	Page         *Page
	Types, Sexes []string
	Rows         []communityGroupRow
}

// CommunityGridPart returns the rows from..to of the page's grid.
func (p *Page) CommunityGridPart(d communityPageData, from, to int) communityGrid {
	return communityGrid{Page: p, Types: d.Types, Sexes: d.Sexes, Rows: d.Grid[from:to]}
}
