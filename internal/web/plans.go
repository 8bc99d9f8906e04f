package web

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// The plan tab of a case: the reintegration plan (the version in force
// and the one in preparation, with their earlier versions), its approval,
// and the assistance ledger. Who may do what is the store's rule; the page
// only offers what the rules allow, and shows the store's reason when a
// change is refused anyway.

func (ui *UI) registerPlans(mux *http.ServeMux) {
	mux.HandleFunc("GET /plans", ui.planQueue)
	mux.HandleFunc("GET /cases/{id}/plan", ui.planTab)
	mux.HandleFunc("GET /cases/{id}/plan/edit", ui.planEditForm)
	mux.HandleFunc("POST /cases/{id}/plan/edit", ui.planEdit)
	mux.HandleFunc("POST /cases/{id}/plan/submit", ui.planSubmit)
	mux.HandleFunc("POST /cases/{id}/plan/approve", ui.planApprove)
	mux.HandleFunc("POST /cases/{id}/plan/return", ui.planReturn)
	mux.HandleFunc("POST /cases/{id}/plan/revise", ui.planRevise)
	mux.HandleFunc("POST /cases/{id}/plan/payments", ui.paymentRecord)
	mux.HandleFunc("POST /cases/{id}/plan/payments/{entry}/reverse", ui.paymentReverse)
}

// planVersion is one version of the plan as the tab shows it.
type planVersion struct {
	programme.Plan
	Items                                   []planItemView
	CreatedName, SubmittedName, DecidedName string
	Totals                                  []planMoney // per currency, in the order the items use them
}

// planItemView is an item with the names of its budget line and responsible organisation.
type planItemView struct {
	programme.PlanItem
	Line    string
	RespOrg string
	// Left is what may still be paid on the item, in its currency.
	Left int64
}

type planMoney struct {
	Minor    int64
	Currency string
}

// planEntry is a ledger line with who recorded it and, for a reversal,
// the entry it reverses.
type planEntry struct {
	programme.LedgerEntry
	ByName   string
	Reverses *programme.LedgerEntry
	CanUndo  bool
}

type planTabData struct {
	Head caseHead
	Case store.CaseView
	// Open is the version in preparation, Current the approved one in
	// force; Viewing an earlier version asked for by number.
	Open, Current, Viewing *planVersion
	Versions               []*planVersion // newest first
	Ledger                 []planEntry
	PayItems               []planItemView // items of the plan in force that can still be paid
	Kinds                  []string
	CanWrite               bool
	CanDraft, CanRevise    bool
	CanPay                 bool
	// CanDecide offers approval to an organisation manager of the case;
	// NoDecide is the four-eyes reason when that manager may not decide.
	CanDecide bool
	NoDecide  string
	Today     string
	// ErrorForm names the form whose submission failed; FormMessage is
	// what to say beside it when no single field is to blame.
	ErrorForm   string
	FormMessage string
}

// planNames maps user IDs to the names case pages show.
func (ui *UI) planNames(ctx context.Context, a app.Actor, orgID string) (map[string]string, error) {
	users, err := ui.DB.ListUsers(ctx, a, store.UserFilter{OrgID: orgID, IncludeDisabled: true})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, u := range users {
		out[u.ID] = caseUserName(u)
	}
	return out, nil
}

// planLines returns the budget lines a case's plan may charge (its
// project's, of its organisation) with their figures.
func (ui *UI) planLines(ctx context.Context, a app.Actor, c store.CaseView) ([]programme.Figures, error) {
	return ui.DB.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: c.ProjectID, OrgID: c.OrgID})
}

// planNamer builds the views of plan versions.
type planNamer struct {
	p     *Page
	users map[string]string
	lines map[string]programme.Figures
	orgs  map[string]store.Organisation
}

func (n planNamer) user(id, username string) string {
	if name, ok := n.users[id]; ok {
		return name
	}
	return username
}

func (n planNamer) version(pl programme.Plan) *planVersion {
	v := &planVersion{Plan: pl, CreatedName: n.user(pl.CreatedBy, pl.CreatedByName),
		SubmittedName: n.user(pl.SubmittedBy, pl.SubmittedByName), DecidedName: n.user(pl.DecidedBy, pl.DecidedByName)}
	for _, it := range pl.Items {
		iv := planItemView{PlanItem: it, Left: max(it.AmountMinor-it.PaidMinor, 0)}
		if f, ok := n.lines[it.BudgetLineID]; ok {
			iv.Line = n.p.Label("budget_category", f.Category) + " (" + f.OrgCode + ")"
		}
		if o, ok := n.orgs[it.ResponsibleOrgID]; ok {
			iv.RespOrg = o.Code
		}
		v.Items = append(v.Items, iv)
		i := slices.IndexFunc(v.Totals, func(m planMoney) bool { return m.Currency == it.Currency })
		if i < 0 {
			v.Totals = append(v.Totals, planMoney{Currency: it.Currency})
			i = len(v.Totals) - 1
		}
		v.Totals[i].Minor += it.AmountMinor
	}
	return v
}

// planNamerFor loads what naming a case's plans needs.
func (ui *UI) planNamerFor(ctx context.Context, a app.Actor, p *Page, c store.CaseView) (planNamer, error) {
	n := planNamer{p: p, lines: map[string]programme.Figures{}}
	var err error
	if n.users, err = ui.planNames(ctx, a, c.OrgID); err != nil {
		return n, err
	}
	// Every line of the project, to name the line each item is charged to.
	figs, err := ui.DB.BudgetFigures(ctx, a, store.BudgetQuery{ProjectID: c.ProjectID})
	if err != nil {
		return n, err
	}
	for _, f := range figs {
		n.lines[f.LineID] = f
	}
	orgs, err := ui.DB.ListOrgs(ctx)
	if err != nil {
		return n, err
	}
	n.orgs = orgsByID(orgs)
	return n, nil
}

// planTabLoad loads the plan tab of the case in the path.
func (ui *UI) planTabLoad(r *http.Request, pr *auth.Principal, p *Page) (planTabData, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	var d planTabData
	head, err := ui.caseHeadFor(r, pr, "plan")
	if err != nil {
		return d, err
	}
	d.Head, d.Case = head, head.Case
	plans, err := ui.DB.PlansOfCase(ctx, a, d.Case.ID)
	if err != nil {
		return d, err
	}
	ledger, err := ui.DB.CaseLedger(ctx, a, d.Case.ID)
	if err != nil {
		return d, err
	}
	n, err := ui.planNamerFor(ctx, a, p, d.Case)
	if err != nil {
		return d, err
	}
	number, _ := strconv.Atoi(r.URL.Query().Get("number"))
	for _, pl := range plans {
		v := n.version(pl)
		d.Versions = append(d.Versions, v)
		switch {
		case pl.Open():
			d.Open = v
		case pl.Status == programme.PlanApproved:
			d.Current = v
		}
		if pl.Number == number && !pl.Open() && pl.Status != programme.PlanApproved {
			d.Viewing = v
		}
	}
	closed := d.Case.Status == casework.Closed
	d.CanWrite = a.WritesCases() && d.Case.OrgID == a.OrgID
	d.CanDraft = d.CanWrite && !closed && d.Open == nil && d.Current == nil
	d.CanRevise = d.CanWrite && !closed && d.Open == nil && d.Current != nil
	d.CanPay = d.CanWrite && !closed && d.Current != nil
	if d.Open != nil && d.Open.Status == programme.PlanSubmitted && a.Role == app.RoleOrgManager && d.Case.OrgID == a.OrgID {
		if err := programme.CheckDecider(d.Open.Plan, a); err != nil {
			d.NoDecide = app.MessageIn(p.Lang, err)
		} else {
			d.CanDecide = !closed
		}
	}
	if d.Current != nil {
		for _, it := range d.Current.Items {
			if it.Left > 0 && it.BudgetLineID != "" {
				d.PayItems = append(d.PayItems, it)
			}
		}
	}
	byID := map[string]*programme.LedgerEntry{}
	for i := range ledger {
		byID[ledger[i].ID] = &ledger[i]
	}
	for _, e := range ledger {
		d.Ledger = append(d.Ledger, planEntry{LedgerEntry: e, ByName: n.user(e.CreatedBy, e.CreatedByName), Reverses: byID[e.ReversesID],
			CanUndo: d.CanWrite && !closed && e.ReversesID == "" && e.ReversedBy == ""})
	}
	d.Kinds = programme.DeliveryKinds
	d.Today = caseToday().Format("2006-01-02")
	return d, nil
}

func (ui *UI) planTab(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "cases.tab_plan")
	d, err := ui.planTabLoad(r, pr, p)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.planRenderTab(w, r, http.StatusOK, p, d)
}

// planRenderTab shows the tab, with the forms' defaults under whatever was typed.
func (ui *UI) planRenderTab(w http.ResponseWriter, r *http.Request, status int, p *Page, d planTabData) {
	p.Title = p.T("plans.tab_title", d.Case.Reference)
	defaults := map[string]string{"pay_date": d.Today, "pay_kind": programme.Cash}
	if p.User != nil {
		defaults["pay_delivered"] = caseUserName(*p.User)
	}
	for k, v := range defaults {
		if _, typed := p.Form[k]; !typed {
			p.Form.Set(k, v)
		}
	}
	p.Data = d
	ui.render(w, r, status, "plan_page", p)
}

// planTabForms maps, for each form of the tab, the store's field names and
// the posted names to the IDs of the form's controls.
var planTabForms = map[string]map[string]string{
	"decide": {"comment": "return_comment"},
	"pay": {"plan_item_id": "pay_item", "currency": "pay_item", "paid_on": "pay_date", "amount_minor": "pay_amount", "amount": "pay_amount",
		"kind": "pay_kind", "vendor": "pay_vendor", "receipt_ref": "pay_receipt", "delivered_by": "pay_delivered", "note": "pay_note"},
}

// planTabFailed answers a refused change made from the tab: a mistake in
// a form or a refusal of the rules re-shows the tab (as it is now) with the
// reason beside the form and what was typed kept; anything else is an
// error page.
func (ui *UI) planTabFailed(w http.ResponseWriter, r *http.Request, pr *auth.Principal, form string, err error) {
	if code := app.ErrorCode(err); code != app.EINVALID && code != app.ECONFLICT && code != app.EFORBIDDEN {
		ui.fail(w, r, err)
		return
	}
	p := ui.newPage(w, r, "cases.tab_plan")
	d, lerr := ui.planTabLoad(r, pr, p)
	if lerr != nil {
		ui.fail(w, r, lerr)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	fields := planTabForms[form]
	for k, msg := range app.FieldsIn(p.Lang, err) {
		if el, ok := fields[k]; ok {
			p.Errors[el] = msg
		}
	}
	for k, el := range fields {
		if vals, ok := r.PostForm[k]; ok {
			p.Form[el] = vals
		}
	}
	if strings.HasPrefix(form, "reverse-") {
		// The reversal forms: one per entry, the note kept for the one posted.
		p.Form.Set("rev_note", r.PostForm.Get("note"))
	}
	d.ErrorForm = form
	if len(p.Errors) == 0 {
		if fields := app.FieldsIn(p.Lang, err); len(fields) > 0 {
			p.Error = strings.Join(slices.Sorted(maps.Values(fields)), "; ")
		}
		d.FormMessage = p.Error
	}
	ui.planRenderTab(w, r, httpx.Status(err), p, d)
}

// planPosted finds the version named by the form's plan_id among the
// case's plans, with the version number the form was filled in on.
func (ui *UI) planPosted(ctx context.Context, a app.Actor, caseID string, r *http.Request) (programme.Plan, int, error) {
	plans, err := ui.DB.PlansOfCase(ctx, a, caseID)
	if err != nil {
		return programme.Plan{}, 0, err
	}
	id := r.PostForm.Get("plan_id")
	i := slices.IndexFunc(plans, func(p programme.Plan) bool { return p.ID == id })
	if i < 0 {
		return programme.Plan{}, 0, app.NotFound("plan")
	}
	version, err := caseVersion(r)
	return plans[i], version, err
}

// planStep runs a change to a version from the tab, then goes back to it
// with a flash.
func (ui *UI) planStep(w http.ResponseWriter, r *http.Request, form, flash string,
	do func(ctx context.Context, a app.Actor, p programme.Plan, version int) error) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ctx, a, id := r.Context(), ui.actor(r, pr), r.PathValue("id")
	p, version, err := ui.planPosted(ctx, a, id, r)
	if err == nil {
		err = do(ctx, a, p, version)
	}
	if err != nil {
		ui.planTabFailed(w, r, pr, form, err)
		return
	}
	ui.redirect(w, r, "/cases/"+id+"/plan", flash)
}

func (ui *UI) planSubmit(w http.ResponseWriter, r *http.Request) {
	ui.planStep(w, r, "submit", "plans.flash.submitted", func(ctx context.Context, a app.Actor, p programme.Plan, version int) error {
		_, err := ui.DB.SubmitPlan(ctx, a, p.ID, version)
		return err
	})
}

func (ui *UI) planApprove(w http.ResponseWriter, r *http.Request) {
	ui.planStep(w, r, "decide", "plans.flash.approved", func(ctx context.Context, a app.Actor, p programme.Plan, version int) error {
		_, err := ui.DB.ApprovePlan(ctx, a, p.ID, version)
		return err
	})
}

func (ui *UI) planReturn(w http.ResponseWriter, r *http.Request) {
	ui.planStep(w, r, "decide", "plans.flash.returned", func(ctx context.Context, a app.Actor, p programme.Plan, version int) error {
		_, err := ui.DB.ReturnPlan(ctx, a, p.ID, version, r.PostForm.Get("comment"))
		return err
	})
}

func (ui *UI) planRevise(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	id := r.PathValue("id")
	if _, err := ui.DB.RevisePlan(r.Context(), ui.actor(r, pr), id); err != nil {
		ui.planTabFailed(w, r, pr, "revise", err)
		return
	}
	ui.redirect(w, r, "/cases/"+id+"/plan/edit", "plans.flash.revising")
}

// paymentRecord records a payment against an item of the plan in force,
// in the item's currency.
func (ui *UI) paymentRecord(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ctx, a, id := r.Context(), ui.actor(r, pr), r.PathValue("id")
	f := r.PostForm
	e := programme.LedgerEntry{PlanItemID: f.Get("plan_item_id"), Kind: f.Get("kind"), Vendor: f.Get("vendor"),
		ReceiptRef: f.Get("receipt_ref"), DeliveredBy: f.Get("delivered_by"), Note: f.Get("note")}
	err := func() error {
		plans, err := ui.DB.PlansOfCase(ctx, a, id)
		if err != nil {
			return err
		}
		var v app.Validation
		e.Currency = paymentCurrency(plans, e.PlanItemID)
		if e.Currency == "" {
			v.Add("plan_item_id", "choose the plan item the payment is for")
		} else if amount, err := programme.ParseAmount(f.Get("amount"), e.Currency); err != nil {
			v.Add("amount", app.ErrorMessage(err))
		} else {
			e.AmountMinor = amount
		}
		if d, ok := caseParseDate(f.Get("paid_on")); ok {
			e.PaidOn = d
		} else {
			v.Add("paid_on", caseBadDate)
		}
		if err := v.Err(); err != nil {
			// Say everything wrong at once: the rest of the form too (the
			// store checks the date against the case's opening).
			check := e
			if check.AmountMinor == 0 {
				check.AmountMinor = 1
			}
			if check.Currency == "" {
				check.Currency = programme.BDT
			}
			v.Merge(check.ValidatePayment(caseToday(), time.Time{}))
			return v.Err()
		}
		_, err = ui.DB.RecordPayment(ctx, a, id, e)
		return err
	}()
	if err != nil {
		ui.planTabFailed(w, r, pr, "pay", err)
		return
	}
	ui.redirect(w, r, "/cases/"+id+"/plan#payments", "plans.flash.paid")
}

// paymentCurrency is the currency of an item of the case's approved plan,
// or "" when the ID names none.
func paymentCurrency(plans []programme.Plan, itemID string) string {
	for _, p := range plans {
		if p.Status != programme.PlanApproved {
			continue
		}
		for _, it := range p.Items {
			if it.ID == itemID {
				return it.Currency
			}
		}
	}
	return ""
}

func (ui *UI) paymentReverse(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ctx, a, id, entry := r.Context(), ui.actor(r, pr), r.PathValue("id"), r.PathValue("entry")
	err := func() error {
		ledger, err := ui.DB.CaseLedger(ctx, a, id)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ledger, func(e programme.LedgerEntry) bool { return e.ID == entry }) {
			return app.NotFound("ledger entry")
		}
		_, err = ui.DB.ReversePayment(ctx, a, entry, caseToday(), r.PostForm.Get("note"))
		return err
	}()
	if err != nil {
		ui.planTabFailed(w, r, pr, "reverse-"+entry, err)
		return
	}
	ui.redirect(w, r, "/cases/"+id+"/plan#payments", "plans.flash.reversed")
}

// ShowCommitted reports whether the version's items have committed amounts to show.
func (v *planVersion) ShowCommitted() bool {
	return v.Status == programme.PlanApproved || v.Status == programme.PlanSuperseded
}

// planVersionArgs carries the page and a version into the template that
// shows a version.
type planVersionArgs struct {
	P *Page
	V *planVersion
}

// PlanWith pairs the page with a version, for the "plan_version" template.
func (p *Page) PlanWith(v *planVersion) planVersionArgs { return planVersionArgs{P: p, V: v} }

// PlanBadge is the badge class of a plan status.
func (p *Page) PlanBadge(status string) string {
	switch status {
	case programme.PlanSubmitted:
		return "badge-warn"
	case programme.PlanApproved:
		return "badge-ok"
	case programme.PlanReturned:
		return "badge-danger"
	case programme.PlanSuperseded:
		return "badge-muted"
	}
	return ""
}
