package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// Budget lines, their figures and the exchange-rate table. Figures are
// aggregates naming no person: every role reads them. Programme managers
// and administrators set lines and rates.

const (
	budgetReaders = "Every role: budget figures are programme information and aggregates, never personal data."
	budgetWriters = "Programme managers and administrators; everyone else gets 403, before the fields are checked."
)

// projectRoutes lists this area's operations (see allRoutes). They are
// tagged "budget": the project sheet itself is under "projects".
func (s *server) projectRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/projects/{id}/budget", ID: "getProjectBudget", Tag: "budget", handle: s.getBudget,
			Summary: "A project's budget figures",
			Description: "For each budget line (one per category and organisation), in US cents: planned; committed (items of " +
				"approved plans and the budgets of approved community initiatives, converted at the rate of the approval day); " +
				"disbursed (payments, community expenses and their reversals, converted at the rate of each day); remaining (planned minus committed). Ordered by organisation, then " +
				"category in budget order; totals per organisation and for the project.",
			Roles:  budgetReaders,
			Status: http.StatusOK, Result: "BudgetFigures"},
		{Method: http.MethodGet, Path: "/projects/{id}/budget-lines", ID: "listBudgetLines", Tag: "budget", handle: s.listBudgetLines,
			Summary: "A project's budget lines", Roles: budgetReaders,
			Status: http.StatusOK, Result: "BudgetLineList"},
		{Method: http.MethodPost, Path: "/projects/{id}/budget-lines", ID: "createBudgetLine", Tag: "budget", handle: s.createBudgetLine,
			Summary: "Add a budget line",
			Description: moneyNote + "One line per category and organisation (another is 422 naming category). The lines of a " +
				"project may not add up to more than its budget (422 naming planned_minor).",
			Roles: budgetWriters,
			Body:  "NewBudgetLine", Status: http.StatusCreated, Result: "BudgetLine",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPatch, Path: "/projects/{id}/budget-lines/{line_id}", ID: "updateBudgetLine", Tag: "budget", handle: s.updateBudgetLine,
			Summary: "Change a budget line's planned amount",
			Description: "Send version as read; a stale one is 409 and nothing is written. The planned amount may not fall below " +
				"what the line has committed or disbursed (409), nor take the project's lines past its budget (422).",
			Roles: budgetWriters,
			Body:  "BudgetLinePatch", Status: http.StatusOK, Result: "BudgetLine",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/exchange-rates", ID: "listExchangeRates", Tag: "budget", handle: s.listRates,
			Summary:     "The exchange-rate table",
			Description: "Taka per US dollar, newest first. A rate holds from its valid_from until the next one.",
			Roles:       budgetReaders,
			Status:      http.StatusOK, Result: "ExchangeRateList"},
		{Method: http.MethodPost, Path: "/exchange-rates", ID: "createExchangeRate", Tag: "budget", handle: s.createRate,
			Summary:     "Add an exchange rate",
			Description: datesNote + "One rate per date (another from the same date is 422 naming valid_from).",
			Roles:       budgetWriters,
			Body:        "NewExchangeRate", Status: http.StatusCreated, Result: "ExchangeRate",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPatch, Path: "/exchange-rates/{id}", ID: "updateExchangeRate", Tag: "budget", handle: s.updateRate,
			Summary: "Correct a mistyped exchange rate",
			Description: "Send version as read; a stale one is 409. A rate already used by a payment or an approval cannot " +
				"change (409): add a rate from a later date instead.",
			Roles: budgetWriters,
			Body:  "ExchangeRatePatch", Status: http.StatusOK, Result: "ExchangeRate",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// Views.

type budgetLineJSON struct {
	ID           string `json:"id"`
	ProjectID    string `json:"project_id"`
	OrgID        string `json:"org_id"`
	OrgCode      string `json:"org_code"`
	Category     string `json:"category"`
	PlannedMinor int64  `json:"planned_minor"`
	Currency     string `json:"currency"`
	Version      int    `json:"version"`
}

func budgetLineView(b programme.BudgetLine) budgetLineJSON {
	return budgetLineJSON{ID: b.ID, ProjectID: b.ProjectID, OrgID: b.OrgID, OrgCode: b.OrgCode, Category: b.Category,
		PlannedMinor: b.PlannedMinor, Currency: b.Currency, Version: b.Version}
}

func lineOfFigures(f programme.Figures) budgetLineJSON {
	return budgetLineJSON{ID: f.LineID, ProjectID: f.ProjectID, OrgID: f.OrgID, OrgCode: f.OrgCode, Category: f.Category,
		PlannedMinor: f.Planned, Currency: f.Currency, Version: f.Version}
}

type totalsJSON struct {
	Currency  string `json:"currency"`
	Planned   int64  `json:"planned_minor"`
	Committed int64  `json:"committed_minor"`
	Disbursed int64  `json:"disbursed_minor"`
	Remaining int64  `json:"remaining_minor"`
}

func totalsView(figs []programme.Figures) totalsJSON {
	t := programme.Sum(figs)
	return totalsJSON{Currency: programme.AccountingCurrency, Planned: t.Planned, Committed: t.Committed, Disbursed: t.Disbursed,
		Remaining: t.Remaining}
}

type orgTotalsJSON struct {
	OrgID   string `json:"org_id"`
	OrgCode string `json:"org_code"`
	totalsJSON
}

type budgetJSON struct {
	ProjectID string              `json:"project_id"`
	Lines     []programme.Figures `json:"lines"`
	ByOrg     []orgTotalsJSON     `json:"by_organisation"`
	Total     totalsJSON          `json:"total"`
}

type rateJSON struct {
	ID        string    `json:"id"`
	Base      string    `json:"base"`
	Quote     string    `json:"quote"`
	ValidFrom apiDate   `json:"valid_from"`
	RateMicro int64     `json:"rate_micro"`
	Rate      string    `json:"rate"`
	Source    string    `json:"source,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

func rateView(r programme.ExchangeRate) rateJSON {
	return rateJSON{ID: r.ID, Base: r.Base, Quote: r.Quote, ValidFrom: apiDate(r.ValidFrom), RateMicro: r.RateMicro,
		Rate: programme.FormatRate(r.RateMicro), Source: r.Source, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, Version: r.Version}
}

// Handlers.

func setsBudget(pr *auth.Principal) error {
	if pr.Actor.Role != app.RoleAdmin && pr.Actor.Role != app.RoleProgrammeManager {
		return app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set budget lines")
	}
	return nil
}

// projectFigures reads the project in the path and its figures.
func (s *server) projectFigures(r *http.Request, pr *auth.Principal) (string, []programme.Figures, error) {
	id, err := pathID(r, "id", "project")
	if err != nil {
		return "", nil, err
	}
	if _, err := s.db.ProjectByID(r.Context(), id); err != nil {
		return "", nil, err
	}
	figs, err := s.db.BudgetFigures(r.Context(), pr.Actor, store.BudgetQuery{ProjectID: id})
	if figs == nil {
		figs = []programme.Figures{}
	}
	return id, figs, err
}

func (s *server) getBudget(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, figs, err := s.projectFigures(r, pr)
	if err != nil {
		return err
	}
	out := budgetJSON{ProjectID: id, Lines: figs, ByOrg: []orgTotalsJSON{}, Total: totalsView(figs)}
	for i := 0; i < len(figs); {
		j := i
		for j < len(figs) && figs[j].OrgID == figs[i].OrgID {
			j++
		}
		out.ByOrg = append(out.ByOrg, orgTotalsJSON{OrgID: figs[i].OrgID, OrgCode: figs[i].OrgCode, totalsJSON: totalsView(figs[i:j])})
		i = j
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) listBudgetLines(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	_, figs, err := s.projectFigures(r, pr)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(figs, lineOfFigures)))
	return nil
}

type newBudgetLine struct {
	OrgID        string `json:"org_id"`
	Category     string `json:"category"`
	PlannedMinor *int64 `json:"planned_minor"`
}

func (s *server) createBudgetLine(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newBudgetLine
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := setsBudget(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "project")
	if err != nil {
		return err
	}
	if _, err := s.db.ProjectByID(r.Context(), id); err != nil {
		return err
	}
	var v app.Validation
	b := programme.BudgetLine{ProjectID: id, OrgID: strings.TrimSpace(in.OrgID), Category: in.Category}
	if in.PlannedMinor == nil {
		v.Add("planned_minor", "enter an amount")
	} else {
		b.PlannedMinor = *in.PlannedMinor
	}
	check := b
	v.Merge(check.Validate())
	if err := v.Err(); err != nil {
		return err
	}
	b, err = s.db.CreateBudgetLine(r.Context(), pr.Actor, b)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/projects/"+id+"/budget-lines")
	httpx.WriteJSON(w, http.StatusCreated, budgetLineView(b))
	return nil
}

type budgetLinePatch struct {
	PlannedMinor *int64 `json:"planned_minor"`
	Version      int    `json:"version"`
}

func (s *server) updateBudgetLine(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in budgetLinePatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := setsBudget(pr); err != nil {
		return err
	}
	_, figs, err := s.projectFigures(r, pr)
	if err != nil {
		return err
	}
	lineID, err := pathID(r, "line_id", "budget line")
	if err != nil {
		return err
	}
	found := false
	for _, f := range figs {
		found = found || f.LineID == lineID
	}
	if !found {
		return app.NotFound("budget line")
	}
	var v app.Validation
	if in.PlannedMinor == nil {
		v.Add("planned_minor", "enter an amount")
	}
	if in.Version <= 0 {
		v.Add("version", "send the version of the budget line you read")
	}
	if err := v.Err(); err != nil {
		return err
	}
	b, err := s.db.UpdateBudgetLine(r.Context(), pr.Actor, lineID, in.Version, *in.PlannedMinor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, budgetLineView(b))
	return nil
}

func (s *server) listRates(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	rates, err := s.db.ListExchangeRates(r.Context(), pr.Actor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(rates, rateView)))
	return nil
}

type newRate struct {
	ValidFrom *string `json:"valid_from"`
	RateMicro int64   `json:"rate_micro"`
	Source    string  `json:"source"`
}

func (s *server) createRate(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newRate
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if pr.Actor.Role != app.RoleAdmin && pr.Actor.Role != app.RoleProgrammeManager {
		return app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set exchange rates")
	}
	var v app.Validation
	x := programme.ExchangeRate{Base: programme.USD, Quote: programme.BDT, RateMicro: in.RateMicro, Source: in.Source}
	if d := parseDate(&v, "valid_from", in.ValidFrom); d != nil {
		x.ValidFrom = *d
	}
	check := x
	if err := check.Validate(); err != nil {
		for f, m := range app.ErrorFields(err) {
			if !v.Has(f) {
				v.Add(f, m)
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	x, err := s.db.AddExchangeRate(r.Context(), pr.Actor, x)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/exchange-rates")
	httpx.WriteJSON(w, http.StatusCreated, rateView(x))
	return nil
}

type ratePatch struct {
	RateMicro int64  `json:"rate_micro"`
	Source    string `json:"source"`
	Version   int    `json:"version"`
}

func (s *server) updateRate(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in ratePatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if pr.Actor.Role != app.RoleAdmin && pr.Actor.Role != app.RoleProgrammeManager {
		return app.Errorf(app.EFORBIDDEN, "only programme managers and administrators can set exchange rates")
	}
	id, err := pathID(r, "id", "exchange rate")
	if err != nil {
		return err
	}
	x, err := s.db.UpdateExchangeRate(r.Context(), pr.Actor, id, in.Version, in.RateMicro, in.Source)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, rateView(x))
	return nil
}

// projectSchemas are the schemas of this area's routes.
func projectSchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	cents := func(desc string) obj { return schemaInt64(desc + " In US cents.") }
	totals := obj{
		"currency":        str("Always USD: budgets are kept in US dollars."),
		"planned_minor":   cents("What the lines may spend."),
		"committed_minor": cents("What approved plans and approved community initiatives promise."),
		"disbursed_minor": cents("What has been paid to returnees and spent by community initiatives, reversals included."),
		"remaining_minor": cents("Planned minus committed: what can still be promised (negative if overcommitted)."),
	}
	totalsReq := []string{"currency", "planned_minor", "committed_minor", "disbursed_minor", "remaining_minor"}
	return obj{
		"BudgetLine": object("A budget line: what one organisation may spend under one category of a project, in US cents.",
			[]string{"id", "project_id", "org_id", "org_code", "category", "planned_minor", "currency", "version"},
			obj{
				"id":            str("Budget line ID."),
				"project_id":    str("The project."),
				"org_id":        str("The organisation that spends it."),
				"org_code":      str("The organisation's code."),
				"category":      enum("The budget category.", programme.Categories),
				"planned_minor": cents("The planned amount."),
				"currency":      str("Always USD."),
				"version":       version,
			}),
		"BudgetLineList": listSchema("BudgetLine"),
		"NewBudgetLine": object("A budget line to add.", []string{"org_id", "category", "planned_minor"},
			obj{
				"org_id":        str("The organisation that spends it."),
				"category":      enum("The budget category; one line per category and organisation.", programme.Categories),
				"planned_minor": obj{"type": "integer", "format": "int64", "minimum": 0, "description": "The planned amount in US cents."},
			}),
		"BudgetLinePatch": object("A new planned amount for a line.", []string{"planned_minor", "version"},
			obj{
				"planned_minor": obj{"type": "integer", "format": "int64", "minimum": 0, "description": "The planned amount in US cents."},
				"version":       sentVersion,
			}),
		"BudgetLineFigures": object("One budget line's money at a glance, in US cents.",
			[]string{"line_id", "project_id", "org_id", "org_code", "category", "currency", "planned_minor", "committed_minor",
				"disbursed_minor", "remaining_minor", "version"},
			withProps(totals, obj{
				"line_id":    str("Budget line ID."),
				"project_id": str("The project."),
				"org_id":     str("The organisation."),
				"org_code":   str("The organisation's code."),
				"category":   enum("The budget category.", programme.Categories),
				"version":    integer("The line's version, to change its planned amount."),
			})),
		"BudgetTotals": object("Figures added up, in US cents.", totalsReq, totals),
		"OrganisationBudgetTotals": object("One organisation's lines of the project added up, in US cents.",
			append([]string{"org_id", "org_code"}, totalsReq...),
			withProps(totals, obj{"org_id": str("The organisation."), "org_code": str("The organisation's code.")})),
		"BudgetFigures": object("A project's budget: each line's figures, totals per organisation and for the project.",
			[]string{"project_id", "lines", "by_organisation", "total"},
			obj{
				"project_id":      str("The project."),
				"lines":           schemaArray("Each line, by organisation then category in budget order.", ref("BudgetLineFigures")),
				"by_organisation": schemaArray("Totals per organisation, in the order of lines.", ref("OrganisationBudgetTotals")),
				"total":           ref("BudgetTotals"),
			}),
		"ExchangeRate": object("How many taka buy one US dollar from valid_from until the next rate.",
			[]string{"id", "base", "quote", "valid_from", "rate_micro", "rate", "created_at", "updated_at", "version"},
			obj{
				"id":         str("Rate ID."),
				"base":       enum("The base currency.", []string{programme.USD}),
				"quote":      enum("The quote currency.", []string{programme.BDT}),
				"valid_from": schemaDate("The first day the rate holds."),
				"rate_micro": schemaInt64("Taka per dollar in millionths: 117500000 is 117.50."),
				"rate":       str("The rate as a decimal, e.g. \"117.50\"."),
				"source":     str("Where the rate comes from; absent when not recorded."),
				"created_by": str("Username of who added it."),
				"created_at": timestamp("When it was added."),
				"updated_at": timestamp("When it last changed."),
				"version":    version,
			}),
		"ExchangeRateList": listSchema("ExchangeRate"),
		"NewExchangeRate": object("An exchange rate to add (taka per US dollar).", []string{"valid_from", "rate_micro"},
			obj{
				"valid_from": str("The first day the rate holds, YYYY-MM-DD."),
				"rate_micro": obj{"type": "integer", "format": "int64", "minimum": programme.MinRateMicro, "maximum": programme.MaxRateMicro,
					"description": "Taka per dollar in millionths: 117500000 is 117.50."},
				"source": obj{"type": "string", "maxLength": 200, "description": "Where the rate comes from, e.g. Bangladesh Bank."},
			}),
		"ExchangeRatePatch": object("A corrected rate.", []string{"rate_micro", "version"},
			obj{
				"rate_micro": obj{"type": "integer", "format": "int64", "minimum": programme.MinRateMicro, "maximum": programme.MaxRateMicro,
					"description": "Taka per dollar in millionths."},
				"source":  obj{"type": "string", "maxLength": 200, "description": "Where the rate comes from."},
				"version": sentVersion,
			}),
	}
}
