package store

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
)

// Worklists: what needs doing, counted per organisation (and per case
// worker) for the home pages. Each figure is one grouped query over an
// index that starts with the organisation (cases_org_status,
// visits_org_due, referrals_from, case_tasks_due), so the home page costs
// the same whatever the caseload.

// WorklistScope says whose work to count.
type WorklistScope struct {
	OrgID      string // only this organisation (for roles that see several)
	AssignedTo string // only cases assigned to this user (ID)
}

// WorklistFigures are one organisation's counts.
type WorklistFigures struct {
	OrgID   string `json:"org_id"`
	OrgCode string `json:"org_code"`
	// Cases counts cases by status; Open is every status but closed.
	Cases   map[string]int `json:"cases"`
	Open    int            `json:"open"`
	Flagged int            `json:"flagged"` // open cases with a flag (see casework.Flags)
	// Scheduled visits of open cases past their due date.
	OverdueVisits int `json:"overdue_visits"`
	// Referrals the organisation made that are still waiting for an answer
	// past their due date.
	OverdueReferrals int `json:"overdue_referrals"`
	// Open tasks of open cases past their due date.
	OverdueTasks int `json:"overdue_tasks"`
}

// Add adds o's counts to f (for totals across organisations).
func (f *WorklistFigures) Add(o WorklistFigures) {
	if f.Cases == nil {
		f.Cases = map[string]int{}
	}
	for s, n := range o.Cases {
		f.Cases[s] += n
	}
	f.Open += o.Open
	f.Flagged += o.Flagged
	f.OverdueVisits += o.OverdueVisits
	f.OverdueReferrals += o.OverdueReferrals
	f.OverdueTasks += o.OverdueTasks
}

// worklistScope is the organisation condition for a's worklist figures
// on column col. Staff who see returnees count their own organisation's
// (programme managers every one); viewers see every organisation's
// figures, which are counts and never name anyone, but not one person's
// caseload. Administrators run the system and enumerators collect
// forms: neither has a caseload to count.
func worklistScope(a app.Actor, s WorklistScope, col string) (string, []any, error) {
	var where string
	var args []any
	switch {
	case a.SeesReturnees():
		var err error
		if where, args, err = personScope(a, col); err != nil {
			return "", nil, err
		}
	case a.Role == app.RoleViewer:
		if s.AssignedTo != "" {
			return "", nil, app.Errorf(app.EFORBIDDEN, "your role sees figures for organisations, not anyone's caseload")
		}
	default:
		return "", nil, app.Errorf(app.EFORBIDDEN, "your role does not see caseload figures")
	}
	if s.OrgID != "" {
		where += " AND " + col + " = ?"
		args = append(args, s.OrgID)
	}
	if s.AssignedTo != "" {
		where += " AND c.assigned_to = ?"
		args = append(args, s.AssignedTo)
	}
	return where, args, nil
}

// worklistFlags is the SQL of casework.Flags for an open case c on day:
// one condition per flag, with its arguments. TestWorklistFlagsMatchCases
// holds the two in step.
func worklistFlags(day time.Time) (noScreening, noPlan, taskOverdue string, args [3][]any) {
	// More than 14 days registered without a screening.
	noScreening = "(c.status = ? AND c.opened_on < ?)"
	args[0] = []any{casework.Registered, day.AddDate(0, 0, -14)}
	// No agreed plan more than 30 days after the return (the latest one,
	// when it came before the opening) or else the opening.
	latest := "(SELECT MAX(e.return_date) FROM migration_episodes e WHERE e.person_id = c.person_id)"
	noPlan = "(c.status IN (?, ?, ?) AND (c.opened_on < ? OR (" + latest + " < c.opened_on AND " + latest + " < ?)))"
	cutoff := day.AddDate(0, 0, -30)
	args[1] = []any{casework.Registered, casework.Screened, casework.Assessed, cutoff, cutoff}
	taskOverdue = "EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id AND t.done_at IS NULL AND t.due_on < ?)"
	args[2] = []any{day}
	return noScreening, noPlan, taskOverdue, args
}

// Worklist counts the work of the organisations in a's scope narrowed by
// s: cases by status, flagged cases, overdue visits, referrals and tasks.
// Organisations with no cases are left out; the rest come by code.
func (db *DB) Worklist(ctx context.Context, a app.Actor, s WorklistScope) ([]WorklistFigures, error) {
	byOrg := map[string]*WorklistFigures{}
	get := func(org string) *WorklistFigures {
		f, ok := byOrg[org]
		if !ok {
			f = &WorklistFigures{OrgID: org, Cases: map[string]int{}}
			byOrg[org] = f
		}
		return f
	}
	day := today()
	noScreening, noPlan, taskOverdue, fargs := worklistFlags(day)
	flagArgs := slices.Concat([]any{casework.Closed}, fargs[0], fargs[1], fargs[2])
	// Each count is grouped by the organisation column org (which the scope
	// applies to), and by key when it has one.
	counts := []struct {
		org, key, from, where string
		args                  []any
		put                   func(f *WorklistFigures, key string, n int)
	}{
		{"c.org_id", "c.status", "cases c", "1=1", nil, func(f *WorklistFigures, status string, n int) {
			f.Cases[status] += n
			if status != casework.Closed {
				f.Open += n
			}
		}},
		{"c.org_id", "", "cases c", "c.status <> ? AND (" + noScreening + " OR " + noPlan + " OR " + taskOverdue + ")", flagArgs,
			func(f *WorklistFigures, _ string, n int) { f.Flagged += n }},
		{"v.org_id", "", "visits v JOIN cases c ON c.id = v.case_id", "v.status = ? AND v.due_on < ? AND c.status <> ?",
			[]any{followup.Scheduled, day, casework.Closed}, func(f *WorklistFigures, _ string, n int) { f.OverdueVisits += n }},
		{"r.from_org_id", "", "referrals r JOIN cases c ON c.id = r.case_id", "r.status = ? AND r.due_on < ?",
			[]any{referral.Requested, day}, func(f *WorklistFigures, _ string, n int) { f.OverdueReferrals += n }},
		{"t.org_id", "", "case_tasks t JOIN cases c ON c.id = t.case_id", "t.done_at IS NULL AND t.due_on < ? AND c.status <> ?",
			[]any{day, casework.Closed}, func(f *WorklistFigures, _ string, n int) { f.OverdueTasks += n }},
	}
	for _, q := range counts {
		scope, sargs, err := worklistScope(a, s, q.org)
		if err != nil {
			return nil, err
		}
		cols, group := q.org+", ''", q.org
		if q.key != "" {
			cols, group = q.org+", "+q.key, q.org+", "+q.key
		}
		rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (worklistCount, error) {
			var c worklistCount
			err := r.Scan(&c.org, &c.key, &c.n)
			return c, err
		}, "SELECT "+cols+", COUNT(*) FROM "+q.from+" WHERE "+q.where+scope+" GROUP BY "+group, slices.Concat(q.args, sargs)...)
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			q.put(get(c.org), c.key, c.n)
		}
	}
	if len(byOrg) == 0 {
		return nil, nil
	}
	orgs, err := db.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for _, o := range orgs {
		codes[o.ID] = o.Code
	}
	out := make([]WorklistFigures, 0, len(byOrg))
	for id, f := range byOrg {
		f.OrgCode = codes[id]
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OrgCode < out[j].OrgCode })
	return out, nil
}

// worklistCount is a line of a grouped count.
type worklistCount struct {
	org, key string
	n        int
}

// WorklistCase is an open case that needs attention, with the reasons.
type WorklistCase struct {
	ID           string          `json:"id"`
	Reference    string          `json:"reference"`
	OrgID        string          `json:"org_id"`
	Status       string          `json:"status"`
	NameBn       string          `json:"name_bn"`
	NameLatin    string          `json:"name_latin"`
	AssignedTo   string          `json:"assigned_to,omitempty"`
	AssignedName string          `json:"assigned_name,omitempty"`
	Flags        []casework.Flag `json:"flags"`
}

// DisplayName is the person's name in lang, falling back to the other script.
func (c WorklistCase) DisplayName(lang string) string {
	return registry.Person{NameBn: c.NameBn, NameLatin: c.NameLatin}.DisplayName(lang)
}

// WorklistFlagged lists the open cases in scope that carry a flag, the
// longest open first, at most limit (default 20, at most 200) of them.
// It names people: only roles that see returnees may call it.
func (db *DB) WorklistFlagged(ctx context.Context, a app.Actor, s WorklistScope, limit int) ([]WorklistCase, error) {
	if !a.SeesReturnees() {
		return nil, app.Errorf(app.EFORBIDDEN, "your role does not give access to returnees' records")
	}
	scope, sargs, err := worklistScope(a, s, "c.org_id")
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 20
	}
	noScreening, noPlan, taskOverdue, fargs := worklistFlags(today())
	// The flags' conditions appear twice: as columns, then in the filter.
	flagArgs := slices.Concat(fargs[0], fargs[1], fargs[2])
	args := slices.Concat(flagArgs, []any{casework.Closed}, flagArgs, sargs, []any{min(limit, 200)})
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (WorklistCase, error) {
		var c WorklistCase
		var flags [3]bool
		err := r.Scan(&c.ID, &c.Reference, &c.OrgID, &c.Status, &c.NameBn, &c.NameLatin, &c.AssignedTo, &c.AssignedName,
			&flags[0], &flags[1], &flags[2])
		// In the order casework.Flags gives them.
		for i, f := range []casework.Flag{casework.FlagNoScreening, casework.FlagNoPlan30Days, casework.FlagTaskOverdue} {
			if flags[i] {
				c.Flags = append(c.Flags, f)
			}
		}
		return c, err
	}, `SELECT c.id, c.reference, c.org_id, c.status, p.name_bn, p.name_latin, COALESCE(c.assigned_to, ''),
		COALESCE(CASE WHEN u.full_name = '' THEN u.username ELSE u.full_name END, ''),
		CASE WHEN `+noScreening+` THEN TRUE ELSE FALSE END, CASE WHEN `+noPlan+` THEN TRUE ELSE FALSE END,
		CASE WHEN `+taskOverdue+` THEN TRUE ELSE FALSE END
		FROM cases c JOIN persons p ON p.id = c.person_id LEFT JOIN users u ON u.id = c.assigned_to
		WHERE c.status <> ? AND (`+noScreening+" OR "+noPlan+" OR "+taskOverdue+")"+scope+
		" ORDER BY c.opened_on, c.reference LIMIT ?", args...)
}
