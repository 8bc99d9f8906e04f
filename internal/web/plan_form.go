package web

import (
	"fmt"
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

// The plan form: the goals and assistance items of a new plan, or of the
// version in preparation. It works without JavaScript: "add another item"
// posts the form and shows it again with one more blank row (nothing is
// saved), and each row has a "remove" box that saving honours.

// planFormRow is one item row as typed.
type planFormRow struct {
	Key, Dimension, Level, Type, Description, Amount, Currency, BudgetLineID, ResponsibleOrgID, TargetDate string
	Remove                                                                                                 bool
	// Paid is what has already been paid on a carried-over item, for display.
	Paid   string
	Errors map[string]string
	// N is the row's number as shown (1, 2...).
	N int
}

// blank reports whether a row was left as it was offered.
func (r planFormRow) blank() bool {
	return r.Key == "" && r.Dimension == "" && r.Level == "" && r.Type == "" && strings.TrimSpace(r.Description) == "" &&
		strings.TrimSpace(r.Amount) == "" && r.BudgetLineID == "" && strings.TrimSpace(r.TargetDate) == ""
}

type planLineOption struct{ ID, Label string }

type planFormData struct {
	Head caseHead
	Case store.CaseView
	// PlanID and Version name the version being changed; both empty for a new plan.
	PlanID      string
	Number      int
	Version     int
	Returned    string // the manager's comment when the version was returned
	Goals       string
	Rows        []planFormRow
	Lines       []planLineOption
	Orgs        []store.Organisation
	Dimensions  []string
	Levels      []string
	Types       []string
	Currencies  []string
	CanAdd      bool
	FormMessage string
}

// planItemFields maps the store's item field names to the form's.
var planItemFields = map[string]string{"amount_minor": "amount"}

// planFormSetup fills in the choices of the form for the case.
func (ui *UI) planFormSetup(r *http.Request, pr *auth.Principal, p *Page, d *planFormData) error {
	ctx, a := r.Context(), ui.actor(r, pr)
	figs, err := ui.planLines(ctx, a, d.Case)
	if err != nil {
		return err
	}
	for _, f := range figs {
		d.Lines = append(d.Lines, planLineOption{ID: f.LineID,
			Label: p.T("plans.line_option", p.Label("budget_category", f.Category), p.ProjectMoney(f.Remaining, f.Currency))})
	}
	if d.Orgs, err = ui.DB.ListOrgs(ctx); err != nil {
		return err
	}
	d.Dimensions, d.Levels, d.Types, d.Currencies = programme.Dimensions, programme.Levels, programme.AssistanceTypes, programme.Currencies
	d.CanAdd = len(d.Rows) < programme.MaxItems
	for i := range d.Rows {
		d.Rows[i].N = i + 1
	}
	p.Title = p.T("plans.form_title", d.Case.Reference)
	return nil
}

func (d planFormData) blankRow() planFormRow {
	return planFormRow{Currency: programme.BDT, ResponsibleOrgID: d.Case.OrgID, Errors: map[string]string{}}
}

// planPaidByKey is what has been paid on each item key, for display.
func planPaidByKey(p *Page, plans []programme.Plan) map[string]string {
	out := map[string]string{}
	for _, pl := range plans {
		for _, it := range pl.Items {
			if it.PaidMinor != 0 {
				out[it.Key] = p.ProjectMoney(it.PaidMinor, it.Currency)
			}
		}
	}
	return out
}

// planOpen returns the version in preparation among a case's plans, and
// whether an approved one exists.
func planOpen(plans []programme.Plan) (open *programme.Plan, approved bool) {
	for i := range plans {
		switch {
		case plans[i].Open():
			open = &plans[i]
		case plans[i].Status == programme.PlanApproved:
			approved = true
		}
	}
	return open, approved
}

func (ui *UI) planEditForm(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "plans.form_heading")
	head, err := ui.caseHeadFor(r, pr, "plan")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	plans, err := ui.DB.PlansOfCase(r.Context(), ui.actor(r, pr), head.Case.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := planFormData{Head: head, Case: head.Case}
	open, approved := planOpen(plans)
	switch {
	case open != nil:
		paid := planPaidByKey(p, plans)
		d.PlanID, d.Number, d.Version, d.Goals = open.ID, open.Number, open.Version, open.Goals
		if open.Status == programme.PlanReturned {
			d.Returned = open.DecisionNote
		}
		for _, it := range open.Items {
			d.Rows = append(d.Rows, planFormRow{Key: it.Key, Dimension: it.Dimension, Level: it.Level, Type: it.Type,
				Description: it.Description, Amount: p.AmountInput(it.AmountMinor, it.Currency), Currency: it.Currency,
				BudgetLineID: it.BudgetLineID, ResponsibleOrgID: it.ResponsibleOrgID, TargetDate: it.TargetDate.Format(time.DateOnly),
				Paid: paid[it.Key], Errors: map[string]string{}})
		}
		if open.Status == programme.PlanSubmitted {
			ui.fail(w, r, app.Errorf(app.ECONFLICT, "the plan has been submitted: a manager must return it before it can be changed"))
			return
		}
	case approved:
		// An approved plan changes by revision, offered on the tab.
		http.Redirect(w, r, "/cases/"+head.Case.ID+"/plan", http.StatusSeeOther)
		return
	case head.Case.Status == casework.Closed:
		ui.fail(w, r, app.Errorf(app.ECONFLICT, "the case is closed: reopen it first"))
		return
	}
	if len(d.Rows) == 0 {
		d.Rows = []planFormRow{d.blankRow()}
	}
	if err := ui.planFormSetup(r, pr, p, &d); err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "plan_form", p)
}

// planFormRows reads the item rows posted, leaving out those ticked for
// removal and those left blank.
func planFormRows(r *http.Request) []planFormRow {
	f := r.PostForm
	n, _ := strconv.Atoi(f.Get("rows"))
	n = min(max(n, 0), programme.MaxItems+1)
	var out []planFormRow
	for i := range n {
		get := func(name string) string { return f.Get(fmt.Sprintf("item-%d-%s", i, name)) }
		row := planFormRow{Key: get("key"), Dimension: get("dimension"), Level: get("level"), Type: get("type"),
			Description: get("description"), Amount: get("amount"), Currency: get("currency"), BudgetLineID: get("budget_line_id"),
			ResponsibleOrgID: get("responsible_org_id"), TargetDate: get("target_date"), Remove: get("remove") != "",
			Errors: map[string]string{}}
		if !row.Remove && !row.blank() {
			out = append(out, row)
		}
	}
	return out
}

// planFromRows turns the rows into a plan, with the mistakes of typing
// (amounts, dates) as field errors items.N.field.
func planFromRows(goals string, rows []planFormRow) (programme.Plan, error) {
	var v app.Validation
	p := programme.Plan{Goals: goals}
	for i, row := range rows {
		field := fmt.Sprintf("items.%d.", i)
		it := programme.PlanItem{Key: row.Key, Dimension: row.Dimension, Level: row.Level, Type: row.Type, Description: row.Description,
			Currency: row.Currency, BudgetLineID: row.BudgetLineID, ResponsibleOrgID: row.ResponsibleOrgID}
		if it.Currency == "" {
			it.Currency = programme.BDT
		}
		if s := strings.TrimSpace(row.Amount); s != "" {
			amount, err := programme.ParseAmount(s, it.Currency)
			if err != nil {
				v.Add(field+"amount_minor", app.ErrorMessage(err))
			}
			it.AmountMinor = amount
		}
		if d, ok := caseParseDate(row.TargetDate); ok {
			it.TargetDate = d
		} else {
			v.Add(field+"target_date", caseBadDate)
		}
		p.Items = append(p.Items, it)
	}
	if v.Err() != nil {
		// Say everything wrong at once: the rest of each row too.
		check := p
		check.Items = slices.Clone(p.Items)
		v.Merge(check.Validate(caseToday()))
	}
	return p, v.Err()
}

// planEdit saves the form (a new draft, or the version in preparation),
// or shows it again with one more row.
func (ui *UI) planEdit(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ctx, a := r.Context(), ui.actor(r, pr)
	p := ui.newPage(w, r, "plans.form_heading")
	head, err := ui.caseHeadFor(r, pr, "plan")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	plans, err := ui.DB.PlansOfCase(ctx, a, head.Case.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d := planFormData{Head: head, Case: head.Case, Goals: r.PostForm.Get("goals"), Rows: planFormRows(r)}
	if id := r.PostForm.Get("plan_id"); id != "" {
		i := slices.IndexFunc(plans, func(pl programme.Plan) bool { return pl.ID == id })
		if i < 0 {
			ui.NotFound(w, r)
			return
		}
		d.PlanID, d.Number = id, plans[i].Number
		if plans[i].Status == programme.PlanReturned {
			d.Returned = plans[i].DecisionNote
		}
		// The version the form was filled in on, whatever it is now:
		// a stale one must conflict, not overwrite.
		d.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	}
	paid := planPaidByKey(p, plans)
	for i := range d.Rows {
		d.Rows[i].Paid = paid[d.Rows[i].Key]
	}
	show := func(status int) {
		if len(d.Rows) == 0 {
			d.Rows = []planFormRow{d.blankRow()}
		}
		if err := ui.planFormSetup(r, pr, p, &d); err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "plan_form", p)
	}
	if r.PostForm.Get("action") == "add" {
		if len(d.Rows) < programme.MaxItems {
			d.Rows = append(d.Rows, d.blankRow())
		}
		show(http.StatusOK)
		return
	}
	plan, err := planFromRows(d.Goals, d.Rows)
	if err == nil {
		if d.PlanID == "" {
			_, err = ui.DB.DraftPlan(ctx, a, head.Case.ID, plan)
		} else {
			_, err = ui.DB.SavePlan(ctx, a, d.PlanID, d.Version, plan)
		}
	}
	if err == nil {
		ui.redirect(w, r, "/cases/"+head.Case.ID+"/plan", "plans.flash.saved")
		return
	}
	if code := app.ErrorCode(err); code != app.EINVALID && code != app.ECONFLICT {
		ui.fail(w, r, err)
		return
	}
	p.Error = app.MessageIn(p.Lang, err)
	for k, msg := range app.FieldsIn(p.Lang, err) {
		rest, isItem := strings.CutPrefix(k, "items.")
		idx, field, _ := strings.Cut(rest, ".")
		i, convErr := strconv.Atoi(idx)
		switch {
		case isItem && convErr == nil && i >= 0 && i < len(d.Rows) && field != "":
			if f, ok := planItemFields[field]; ok {
				field = f
			}
			d.Rows[i].Errors[field] = msg
		case k == "goals":
			p.Errors["goals"] = msg
		default:
			d.FormMessage = msg
		}
	}
	if len(app.FieldsIn(p.Lang, err)) == 0 {
		d.FormMessage = p.Error
	}
	show(httpx.Status(err))
}
