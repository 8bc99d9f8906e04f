package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// The visits due and overdue: a case worker's own (the cases assigned to
// them), an organisation manager's whole organisation with a filter by
// case worker, a programme manager's any organisation. Each line leads to
// the case's visits tab, where the visit is recorded.

// visitDueWithinDays is how many days ahead the list looks unless asked.
const visitDueWithinDays = 14

// visitWithinChoices are the look-aheads the filter offers.
var visitWithinChoices = []int{7, 14, 30, 60, 90}

type visitListData struct {
	Overdue, Due []visitListRow
	Within       int
	Choices      []int
	// Mine: a case worker's own list, without filters by person.
	Mine bool
	// The filters of managers: by case worker (grouped by organisation
	// for programme managers), and by organisation.
	Workers      []caseWorkerGroup
	GroupWorkers bool
	Orgs         []store.Organisation
	ShowOrg      bool
	Limited      bool // the list was cut at the store's limit
}

// visitListRow is a line of the list with how late the visit is.
type visitListRow struct {
	store.VisitRow
	DaysLate int
}

func (ui *UI) visitList(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	a := pr.Actor
	p := ui.newPage(w, r, "visits.list_title")
	q := r.URL.Query()
	for _, k := range []string{"worker", "org", "within"} {
		p.Form.Set(k, q.Get(k))
	}
	d := visitListData{Within: visitDueWithinDays, Choices: visitWithinChoices, Mine: a.Role == app.RoleCaseWorker,
		GroupWorkers: a.AllOrgs(), ShowOrg: a.AllOrgs()}
	if s := i18n.ASCIIDigits(p.Val("within")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 366 {
			p.Errors["f-within"] = p.T("visits.error.within")
		} else {
			d.Within = n
		}
	}
	if !slices.Contains(d.Choices, d.Within) {
		d.Choices = append(slices.Clone(d.Choices), d.Within)
		slices.Sort(d.Choices)
	}
	vq := store.VisitQuery{DueWithin: d.Within}
	switch {
	case d.Mine:
		vq.AssignedTo = a.UserID
	default:
		vq.AssignedTo = p.Val("worker")
		if d.ShowOrg {
			vq.OrgID = p.Val("org")
		}
	}
	rows, err := ui.DB.ListVisits(r.Context(), ui.actor(r, pr), vq)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.Limited = len(rows) == visitListLimit
	today := caseToday()
	for _, row := range rows {
		lr := visitListRow{VisitRow: row, DaysLate: int(today.Sub(row.DueOn).Hours() / 24)}
		if row.IsOverdue {
			d.Overdue = append(d.Overdue, lr)
		} else {
			d.Due = append(d.Due, lr)
		}
	}
	if !d.Mine {
		orgFilter := a.OrgID
		if a.AllOrgs() {
			orgFilter = vq.OrgID
			if d.Orgs, err = ui.DB.ListOrgs(r.Context()); err != nil {
				ui.ServerError(w, r, err)
				return
			}
			d.Orgs = slices.DeleteFunc(d.Orgs, func(o store.Organisation) bool { return o.Kind == store.OrgIOM })
		}
		if d.Workers, err = ui.caseWorkers(r, a, orgFilter, true); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	p.Data = d
	status := http.StatusOK
	if len(p.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	ui.render(w, r, status, "visit_list", p)
}

// visitListLimit is the store's default: the most visits one list shows.
const visitListLimit = 200

// visitRowsData is what the "visit_rows" template of the list needs.
type visitRowsData struct {
	Page *Page
	Rows []visitListRow
	Mine bool
	Kind string // overdue or due: names the table and its heading
}

// VisitRows hands a table of the visit list to its template.
func (p *Page) VisitRows(rows []visitListRow, mine bool, kind string) visitRowsData {
	return visitRowsData{Page: p, Rows: rows, Mine: mine, Kind: kind}
}
