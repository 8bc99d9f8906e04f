package store

import (
	"context"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
)

// CaseQuery filters and orders the case list.
type CaseQuery struct {
	Text        string // the person's name in either script, phone or ID number
	OrgID       string // for roles that see several organisations
	Status      string // a status, "open" (anything but closed), or "" for all
	Sex         string
	District    string
	ReturnYear  int
	Destination string
	AssignedTo  string // a user ID, or "none" for unassigned cases
	Priority    string
	Sort        string // one of CaseSorts
	Limit       int
	Offset      int
}

// CaseSorts are the orders the case list offers, the first the default.
var CaseSorts = []string{"opened_desc", "opened", "name", "priority", "reference"}

var caseOrder = map[string]string{
	"opened_desc": "c.opened_on DESC, c.id DESC",
	"opened":      "c.opened_on, c.id",
	"name":        "p.sort_name, c.id",
	// high, medium, low, then not yet screened
	"priority":  "CASE c.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, c.opened_on, c.id",
	"reference": "c.reference",
}

// CaseRow is a line of the case list.
type CaseRow struct {
	casework.Case
	OrgCode      string `json:"org_code"`
	NameBn       string `json:"name_bn"`
	NameLatin    string `json:"name_latin"`
	Sex          string `json:"sex"`
	District     string `json:"district"`
	AssignedName string `json:"assigned_name,omitempty"`
}

// DisplayName is the person's name in lang, falling back to the other script.
func (r CaseRow) DisplayName(lang string) string {
	return registry.Person{NameBn: r.NameBn, NameLatin: r.NameLatin}.DisplayName(lang)
}

// ListCases returns a page of the cases in a's scope, and whether more follow.
func (db *DB) ListCases(ctx context.Context, a app.Actor, q CaseQuery) ([]CaseRow, bool, error) {
	scope, args, err := personScope(a, "c.org_id")
	if err != nil {
		return nil, false, app.NotFound("case")
	}
	where := "WHERE 1=1" + scope
	add := func(cond string, v any) { where += cond; args = append(args, v) }
	if q.OrgID != "" {
		add(" AND c.org_id = ?", q.OrgID)
	}
	switch q.Status {
	case "":
	case "open":
		add(" AND c.status <> ?", casework.Closed)
	default:
		add(" AND c.status = ?", q.Status)
	}
	if q.Sex != "" {
		add(" AND p.sex = ?", q.Sex)
	}
	if q.District != "" {
		add(" AND p.district = ?", q.District)
	}
	switch q.AssignedTo {
	case "":
	case "none":
		where += " AND c.assigned_to IS NULL"
	default:
		add(" AND c.assigned_to = ?", q.AssignedTo)
	}
	if q.Priority != "" {
		add(" AND c.priority = ?", q.Priority)
	}
	if q.ReturnYear != 0 || q.Destination != "" {
		cond, eargs := episodeFilter("c.person_id", q.ReturnYear, q.Destination)
		where += cond
		args = append(args, eargs...)
	}
	from := "cases c"
	if matches, margs := termMatches(a, q.Text); matches != "" {
		from = "(" + matches + ") m CROSS JOIN cases c"
		where += " AND c.person_id = m.person_id"
		args = append(margs, args...)
	} else if strings.TrimSpace(q.Text) != "" {
		where += " AND 1=0"
	}
	order, ok := caseOrder[q.Sort]
	if !ok {
		order = caseOrder[CaseSorts[0]]
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	rows, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (CaseRow, error) {
		var row CaseRow
		var err error
		row.Case, err = scanCase(r, &row.OrgCode, &row.NameBn, &row.NameLatin, &row.Sex, &row.District, &row.AssignedName)
		return row, err
	}, "SELECT "+caseColumns+`, o.code, p.name_bn, p.name_latin, p.sex, p.district,
		COALESCE(CASE WHEN u.full_name = '' THEN u.username ELSE u.full_name END, '')
		FROM `+from+` JOIN persons p ON p.id = c.person_id JOIN organisations o ON o.id = c.org_id
		LEFT JOIN users u ON u.id = c.assigned_to `+where+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, limit+1, max(q.Offset, 0))...)
	if err != nil {
		return nil, false, err
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	return rows, more, nil
}

// CasesOfPerson returns a person's cases in a's scope, newest first.
func (db *DB) CasesOfPerson(ctx context.Context, a app.Actor, personID string) ([]CaseRow, error) {
	scope, args, err := personScope(a, "c.org_id")
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (CaseRow, error) {
		var row CaseRow
		var err error
		row.Case, err = scanCase(r, &row.OrgCode, &row.AssignedName)
		return row, err
	}, "SELECT "+caseColumns+`, o.code, COALESCE(CASE WHEN u.full_name = '' THEN u.username ELSE u.full_name END, '')
		FROM cases c JOIN organisations o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.assigned_to
		WHERE c.person_id = ?`+scope+" ORDER BY c.opened_on DESC, c.id DESC", append([]any{personID}, args...)...)
}
