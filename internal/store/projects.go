package store

import (
	"context"
	"database/sql"

	"regexp"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

// Project is a programme that cases belong to, with the fields of an IOM
// project sheet. Budget in minor units (cents) of Currency.
type Project struct {
	ID           string     `json:"id"`
	Code         string     `json:"code"` // IOM project ID, e.g. LM.0379
	Title        string     `json:"title"`
	PrimaID      string     `json:"prima_id,omitempty"`
	Type         string     `json:"project_type,omitempty"`
	StartDate    *time.Time `json:"start_date,omitempty"`
	EndDate      *time.Time `json:"end_date,omitempty"`
	Status       string     `json:"status"`
	BudgetMinor  int64      `json:"budget_minor"`
	Currency     string     `json:"currency"`
	Fund         string     `json:"fund,omitempty"`
	Region       string     `json:"region,omitempty"`
	Coverage     string     `json:"coverage,omitempty"`
	MemberStates string     `json:"member_states,omitempty"`
	PartnerIDs   []string   `json:"partner_ids"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      int        `json:"version"`
}

// ProjectStatuses are the states of a project; cases open only in active ones.
var ProjectStatuses = []string{"active", "completed", "suspended"}

var projectCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.\-/]{1,29}$`)

// Validate checks a project's fields.
func (p *Project) Validate() error {
	p.Code = strings.ToUpper(strings.TrimSpace(p.Code))
	p.Title = strings.TrimSpace(p.Title)
	if p.Status == "" {
		p.Status = "active"
	}
	if p.Currency == "" {
		p.Currency = "USD"
	}
	var v app.Validation
	if !projectCodeRe.MatchString(p.Code) {
		v.Add("code", "use the IOM project ID, e.g. LM.0379")
	}
	if p.Title == "" || len([]rune(p.Title)) > 300 {
		v.Add("title", "enter the project title, under 300 characters")
	}
	if !oneOfStrings(p.Status, ProjectStatuses) {
		v.Add("status", "choose active, completed or suspended")
	}
	if p.BudgetMinor < 0 {
		v.Add("budget_minor", "the budget cannot be negative")
	}
	if p.StartDate != nil && p.EndDate != nil && p.EndDate.Before(*p.StartDate) {
		v.Add("end_date", "the end date is before the start date")
	}
	return v.Err()
}

func oneOfStrings(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CreateProject adds a project with its partner organisations.
// Administrators and programme managers only.
func (db *DB) CreateProject(ctx context.Context, a app.Actor, p Project) (Project, error) {
	if a.Role != app.RoleAdmin && a.Role != app.RoleProgrammeManager {
		return p, app.Errorf(app.EFORBIDDEN, "only administrators and programme managers can add projects")
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	p.ID = NewID()
	p.CreatedAt = now()
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO projects (id, code, title, prima_id, project_type, start_date, end_date, status, budget_minor,
			currency, fund, region, coverage, member_states, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			p.ID, p.Code, p.Title, p.PrimaID, p.Type, nullDate(p.StartDate), nullDate(p.EndDate), p.Status, p.BudgetMinor, p.Currency,
			p.Fund, p.Region, p.Coverage, p.MemberStates, p.CreatedAt, p.UpdatedAt)
		if isUniqueViolation(err) {
			return app.FieldError("code", "a project with this ID already exists")
		}
		if err != nil {
			return dbError(err)
		}
		for _, org := range p.PartnerIDs {
			if _, err := tx.exec(ctx, "INSERT INTO project_partners (project_id, org_id) VALUES (?, ?)", p.ID, org); err != nil {
				return app.FieldError("partner_ids", "choose partner organisations from the list")
			}
		}
		return tx.audit(ctx, a, ActCreate, "project", p.ID, "", map[string]any{"code": p.Code})
	})
	return p, err
}

const projectColumns = `id, code, title, prima_id, project_type, start_date, end_date, status, budget_minor, currency, fund, region,
	coverage, member_states, created_at, updated_at, version`

func scanProject(r interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var start, end sql.NullTime
	err := r.Scan(&p.ID, &p.Code, &p.Title, &p.PrimaID, &p.Type, &start, &end, &p.Status, &p.BudgetMinor, &p.Currency, &p.Fund,
		&p.Region, &p.Coverage, &p.MemberStates, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	p.StartDate, p.EndDate = nullTime(start), nullTime(end)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// ListProjects returns every project with its partners. Project sheets are
// public programme information: every role may read them.
func (db *DB) ListProjects(ctx context.Context) ([]Project, error) {
	projects, err := queryAll(ctx, db, scanProject, "SELECT "+projectColumns+" FROM projects ORDER BY start_date DESC, code")
	if err != nil {
		return nil, err
	}
	type link struct{ project, org string }
	links, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (link, error) {
		var l link
		return l, r.Scan(&l.project, &l.org)
	}, "SELECT project_id, org_id FROM project_partners ORDER BY project_id, org_id")
	if err != nil {
		return nil, err
	}
	for i := range projects {
		projects[i].PartnerIDs = []string{}
		for _, l := range links {
			if l.project == projects[i].ID {
				projects[i].PartnerIDs = append(projects[i].PartnerIDs, l.org)
			}
		}
	}
	return projects, nil
}

// ProjectsOpenTo returns the active projects an organisation may open cases in.
func (db *DB) ProjectsOpenTo(ctx context.Context, orgID string) ([]Project, error) {
	all, err := db.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	var out []Project
	for _, p := range all {
		if p.Status == "active" && oneOfStrings(orgID, p.PartnerIDs) {
			out = append(out, p)
		}
	}
	return out, nil
}

// ProjectByID returns one project.
func (db *DB) ProjectByID(ctx context.Context, id string) (Project, error) {
	all, err := db.ListProjects(ctx)
	if err != nil {
		return Project{}, err
	}
	for _, p := range all {
		if p.ID == id {
			return p, nil
		}
	}
	return Project{}, app.NotFound("project")
}
