package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// Project sheets and budget figures: every signed-in user reads them (they
// are programme information and aggregates, never personal data);
// programme managers and administrators set budget lines and exchange
// rates, as the store requires.

func (ui *UI) registerProjects(mux *http.ServeMux) {
	mux.HandleFunc("GET /projects", ui.projectList)
	mux.HandleFunc("GET /projects/{id}", ui.projectSheet)
	mux.HandleFunc("POST /projects/{id}/budget-lines", ui.addBudgetLine)
	mux.HandleFunc("POST /projects/{id}/budget-lines/{line_id}", ui.changeBudgetLine)
	mux.HandleFunc("POST /projects/{id}/exchange-rates", ui.addExchangeRate)
}

// ProjectMoney writes an amount in minor units with its currency, in the
// page's digits: "USD 2,00,000.00" reads "USD ২০০,০০০.০০" in Bangla.
func (p *Page) ProjectMoney(minor int64, currency string) string {
	return p.Digits(programme.Money(minor, currency))
}

// ProjectRate writes an exchange rate in millionths in the page's digits.
func (p *Page) ProjectRate(micro int64) string { return p.Digits(programme.FormatRate(micro)) }

// ProjectDay writes a date as YYYY-MM-DD in the page's digits.
func (p *Page) ProjectDay(t time.Time) string { return p.Digits(t.Format(time.DateOnly)) }

type projectRow struct {
	Project  store.Project
	Partners []store.Organisation
}

type projectListData struct {
	Projects []projectRow
}

// orgBudget is one organisation's lines of a project with their total.
type orgBudget struct {
	Org   store.Organisation
	Lines []programme.Figures
	Total programme.Figures
}

type projectSheetData struct {
	Project    store.Project
	Partners   []store.Organisation
	Budget     []orgBudget
	Total      programme.Figures
	Rates      []programme.ExchangeRate
	Categories []string
	CanSet     bool
	// LineErrors are messages for the change forms of single lines, by line ID.
	LineErrors map[string]string
}

func canSetBudget(a app.Actor) bool {
	return a.Role == app.RoleAdmin || a.Role == app.RoleProgrammeManager
}

func orgsByID(orgs []store.Organisation) map[string]store.Organisation {
	m := make(map[string]store.Organisation, len(orgs))
	for _, o := range orgs {
		m[o.ID] = o
	}
	return m
}

func partnersOf(p store.Project, byID map[string]store.Organisation) []store.Organisation {
	var out []store.Organisation
	for _, id := range p.PartnerIDs {
		if o, ok := byID[id]; ok {
			out = append(out, o)
		}
	}
	return out
}

func (ui *UI) projectList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	projects, err := ui.DB.ListProjects(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	orgs, err := ui.DB.ListOrgs(r.Context())
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	byID := orgsByID(orgs)
	var d projectListData
	for _, p := range projects {
		d.Projects = append(d.Projects, projectRow{Project: p, Partners: partnersOf(p, byID)})
	}
	p := ui.newPage(w, r, "projects.heading")
	p.Data = d
	ui.render(w, r, http.StatusOK, "project_list", p)
}

func (ui *UI) projectSheet(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "projects.sheet")
	ui.showSheet(w, r, http.StatusOK, p, pr.Actor, nil)
}

// showSheet renders the project sheet with its budget, with a status (422
// when a form is re-shown with errors).
func (ui *UI) showSheet(w http.ResponseWriter, r *http.Request, status int, p *Page, a app.Actor, lineErrors map[string]string) {
	ctx := r.Context()
	proj, err := ui.DB.ProjectByID(ctx, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	orgs, err := ui.DB.ListOrgs(ctx)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	figs, err := ui.DB.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: proj.ID})
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	rates, err := ui.DB.ListExchangeRates(ctx, a)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	byID := orgsByID(orgs)
	d := projectSheetData{Project: proj, Partners: partnersOf(proj, byID), Rates: rates, Categories: programme.Categories,
		CanSet: canSetBudget(a), LineErrors: lineErrors}
	for _, f := range figs {
		if n := len(d.Budget); n == 0 || d.Budget[n-1].Org.ID != f.OrgID {
			o, ok := byID[f.OrgID]
			if !ok {
				o = store.Organisation{ID: f.OrgID, Code: f.OrgCode}
			}
			d.Budget = append(d.Budget, orgBudget{Org: o})
		}
		b := &d.Budget[len(d.Budget)-1]
		b.Lines = append(b.Lines, f)
	}
	for i := range d.Budget {
		d.Budget[i].Total = programme.Sum(d.Budget[i].Lines)
		d.Budget[i].Total.Currency = programme.AccountingCurrency
	}
	d.Total = programme.Sum(figs)
	d.Total.Currency = programme.AccountingCurrency
	p.Title = proj.Code + " · " + proj.Title
	if p.Form.Get("org_id") == "" && len(d.Partners) > 0 {
		p.Form.Set("org_id", d.Partners[0].ID)
	}
	p.Data = d
	ui.render(w, r, status, "project_page", p)
}

// budgetWriter returns the signed-in programme manager or administrator,
// or answers the request (sign in, or 403) and returns nil.
func (ui *UI) budgetWriter(w http.ResponseWriter, r *http.Request) (app.Actor, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return app.Actor{}, false
	}
	if !canSetBudget(pr.Actor) {
		ui.Forbidden(w, r)
		return app.Actor{}, false
	}
	if _, err := ui.DB.ProjectByID(r.Context(), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return app.Actor{}, false
	}
	return ui.actor(r, pr), true
}

// renamed maps the store's field names onto the form's.
func renamed(fields map[string]string, names map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out[k] = v
	}
	return out
}

// sheetError re-shows the sheet with a form's errors, or fails the request
// when the error is not about the form.
func (ui *UI) sheetError(w http.ResponseWriter, r *http.Request, p *Page, a app.Actor, err error, names map[string]string, lineID string) {
	code := app.ErrorCode(err)
	if code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	var lineErrors map[string]string
	if lineID != "" {
		msg := p.Error
		for _, m := range app.FieldsIn(p.Lang, err) {
			msg = m
		}
		lineErrors = map[string]string{lineID: msg}
	} else {
		p.Errors = renamed(app.FieldsIn(p.Lang, err), names)
	}
	status := http.StatusUnprocessableEntity
	if code == app.ECONFLICT {
		status = http.StatusConflict
	}
	ui.showSheet(w, r, status, p, a, lineErrors)
}

func keep(p *Page, form url.Values, names ...string) {
	for _, n := range names {
		p.Form.Set(n, form.Get(n))
	}
}

func (ui *UI) addBudgetLine(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.budgetWriter(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	var v app.Validation
	planned, err := programme.ParseAmount(r.PostForm.Get("planned"), programme.USD)
	if err != nil {
		v.Add("planned_minor", app.ErrorMessage(err))
	}
	line := programme.BudgetLine{ProjectID: r.PathValue("id"), OrgID: r.PostForm.Get("org_id"), Category: r.PostForm.Get("category"),
		PlannedMinor: planned}
	check := line
	v.Merge(check.Validate())
	if err = v.Err(); err == nil {
		_, err = ui.DB.CreateBudgetLine(r.Context(), a, line)
	}
	if err != nil {
		p := ui.newPage(w, r, "projects.sheet")
		keep(p, r.PostForm, "org_id", "category", "planned")
		ui.sheetError(w, r, p, a, err, map[string]string{"planned_minor": "planned"}, "")
		return
	}
	ui.redirect(w, r, "/projects/"+line.ProjectID+"#budget", "projects.flash.line_added")
}

func (ui *UI) changeBudgetLine(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.budgetWriter(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	lineID := r.PathValue("line_id")
	figs, err := ui.DB.BudgetFigures(r.Context(), a, store.BudgetQuery{ProjectID: r.PathValue("id")})
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	found := false
	for _, f := range figs {
		found = found || f.LineID == lineID
	}
	if !found {
		ui.NotFound(w, r)
		return
	}
	var v app.Validation
	planned, perr := programme.ParseAmount(r.PostForm.Get("planned"), programme.USD)
	if perr != nil {
		v.Add("planned_minor", app.ErrorMessage(perr))
	}
	version, verr := strconv.Atoi(r.PostForm.Get("version"))
	if verr != nil || version <= 0 {
		v.Add("version", "this page is out of date: reload it and make your change again")
	}
	if err = v.Err(); err == nil {
		_, err = ui.DB.UpdateBudgetLine(r.Context(), a, lineID, version, planned)
	}
	if err != nil {
		p := ui.newPage(w, r, "projects.sheet")
		ui.sheetError(w, r, p, a, err, nil, lineID)
		return
	}
	ui.redirect(w, r, "/projects/"+r.PathValue("id")+"#budget", "projects.flash.line_changed")
}

// bengaliDigits turns Bengali digits into ASCII ones, for dates typed on a
// Bangla keyboard.
var bengaliDigits = strings.NewReplacer("০", "0", "১", "1", "২", "2", "৩", "3", "৪", "4", "৫", "5", "৬", "6", "৭", "7", "৮", "8", "৯", "9")

func (ui *UI) addExchangeRate(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.budgetWriter(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	var v app.Validation
	rate := programme.ExchangeRate{Base: programme.USD, Quote: programme.BDT, Source: r.PostForm.Get("source")}
	if s := strings.TrimSpace(bengaliDigits.Replace(r.PostForm.Get("valid_from"))); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add("valid_from", "enter the date as year-month-day, e.g. 2025-03-15")
		}
		rate.ValidFrom = d
	}
	micro, err := programme.ParseRate(r.PostForm.Get("rate"))
	if err != nil {
		v.Add("rate_micro", app.ErrorMessage(err))
	}
	rate.RateMicro = micro
	if !v.Has("valid_from") && !v.Has("rate_micro") {
		check := rate
		v.Merge(check.Validate())
	}
	if err = v.Err(); err == nil {
		_, err = ui.DB.AddExchangeRate(r.Context(), a, rate)
	}
	if err != nil {
		p := ui.newPage(w, r, "projects.sheet")
		keep(p, r.PostForm, "valid_from", "rate", "source")
		ui.sheetError(w, r, p, a, err, map[string]string{"rate_micro": "rate"}, "")
		return
	}
	ui.redirect(w, r, "/projects/"+r.PathValue("id")+"#rates", "projects.flash.rate_added")
}

// AmountInput writes an amount for an input field, as ParseAmount reads it back.
func (p *Page) AmountInput(minor int64, currency string) string {
	return p.Digits(programme.FormatAmount(minor, currency))
}
