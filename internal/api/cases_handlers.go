package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

// Views.

type caseJSON struct {
	ID            string    `json:"id"`
	Reference     string    `json:"reference"`
	PersonID      string    `json:"person_id"`
	OrgID         string    `json:"org_id"`
	ProjectID     string    `json:"project_id"`
	AssignedTo    string    `json:"assigned_to,omitempty"`
	Status        string    `json:"status"`
	Priority      string    `json:"priority,omitempty"`
	OpenedOn      apiDate   `json:"opened_on"`
	ClosedOn      *apiDate  `json:"closed_on,omitempty"`
	ClosureReason string    `json:"closure_reason,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
}

func caseView(c casework.Case) caseJSON {
	return caseJSON{ID: c.ID, Reference: c.Reference, PersonID: c.PersonID, OrgID: c.OrgID, ProjectID: c.ProjectID,
		AssignedTo: c.AssignedTo, Status: c.Status, Priority: c.Priority, OpenedOn: apiDate(c.OpenedOn), ClosedOn: datePtr(c.ClosedOn),
		ClosureReason: c.ClosureReason, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version}
}

type caseRowJSON struct {
	caseJSON
	OrgCode      string `json:"org_code"`
	NameBn       string `json:"name_bn"`
	NameLatin    string `json:"name_latin"`
	Sex          string `json:"sex"`
	District     string `json:"district,omitempty"`
	AssignedName string `json:"assigned_name,omitempty"`
}

func caseRowView(r store.CaseRow) caseRowJSON {
	return caseRowJSON{caseJSON: caseView(r.Case), OrgCode: r.OrgCode, NameBn: r.NameBn, NameLatin: r.NameLatin, Sex: r.Sex,
		District: r.District, AssignedName: r.AssignedName}
}

type caseViewJSON struct {
	caseJSON
	OrgCode      string     `json:"org_code"`
	ProjectCode  string     `json:"project_code"`
	ProjectTitle string     `json:"project_title"`
	AssignedName string     `json:"assigned_name,omitempty"`
	Person       personJSON `json:"person"`
	Flags        []string   `json:"flags"`
	Moves        []string   `json:"moves"`
}

func caseFullView(v store.CaseView) caseViewJSON {
	out := caseViewJSON{caseJSON: caseView(v.Case), OrgCode: v.OrgCode, ProjectCode: v.ProjectCode, ProjectTitle: v.ProjectTitle,
		AssignedName: v.AssignedName, Person: personView(v.Person), Flags: []string{}, Moves: strs(slices.Clone(v.Moves))}
	for _, f := range v.Flags {
		out.Flags = append(out.Flags, string(f))
	}
	return out
}

type eventJSON struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	At         time.Time `json:"at"`
	ActorName  string    `json:"actor_name"`
	Kind       string    `json:"kind"`
	FromStatus string    `json:"from_status,omitempty"`
	ToStatus   string    `json:"to_status,omitempty"`
	Body       string    `json:"body,omitempty"`
	RefID      string    `json:"ref_id,omitempty"`
	Reason     string    `json:"reason,omitempty"`
}

func eventView(e casework.Event) eventJSON {
	return eventJSON{ID: e.ID, CaseID: e.CaseID, At: e.At, ActorName: e.ActorName, Kind: e.Kind, FromStatus: e.FromStatus,
		ToStatus: e.ToStatus, Body: e.Body, RefID: e.RefID, Reason: e.Reason}
}

type taskJSON struct {
	ID         string     `json:"id"`
	CaseID     string     `json:"case_id"`
	Title      string     `json:"title"`
	DueOn      *apiDate   `json:"due_on,omitempty"`
	AssignedTo string     `json:"assigned_to,omitempty"`
	Done       bool       `json:"done"`
	DoneAt     *time.Time `json:"done_at,omitempty"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
}

func taskView(t casework.Task) taskJSON {
	return taskJSON{ID: t.ID, CaseID: t.CaseID, Title: t.Title, DueOn: datePtr(t.DueOn), AssignedTo: t.AssignedTo,
		Done: t.DoneAt != nil, DoneAt: t.DoneAt, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
}

type screeningJSON struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	AssessedOn apiDate   `json:"assessed_on"`
	Indicators []string  `json:"indicators"`
	DebtMinor  *int64    `json:"debt_minor,omitempty"`
	Score      int       `json:"score"`
	Priority   string    `json:"priority"`
	Notes      string    `json:"notes,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func screeningView(s casework.Screening) screeningJSON {
	return screeningJSON{ID: s.ID, CaseID: s.CaseID, AssessedOn: apiDate(s.AssessedOn), Indicators: strs(s.Indicators),
		DebtMinor: s.DebtMinor, Score: s.Score, Priority: s.Priority, Notes: s.Notes, RecordedBy: s.RecordedBy, CreatedAt: s.CreatedAt}
}

// Handlers.

func (s *server) listCases(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	var v app.Validation
	text, district, destination, year, limit, offset := listQuery(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	q := r.URL.Query()
	rows, more, err := s.db.ListCases(r.Context(), pr.Actor, store.CaseQuery{Text: text, OrgID: q.Get("org_id"), Status: q.Get("status"),
		Sex: q.Get("sex"), District: district, ReturnYear: year, Destination: destination, AssignedTo: q.Get("assigned_to"),
		Priority: q.Get("priority"), Sort: q.Get("sort"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	page := pageOf[caseRowJSON]{Items: views(rows, caseRowView)}
	if more {
		page.NextOffset = offset + limit
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

type newCase struct {
	PersonID   string  `json:"person_id"`
	ProjectID  string  `json:"project_id"`
	AssignedTo string  `json:"assigned_to"`
	OpenedOn   *string `json:"opened_on"`
}

func (s *server) openCase(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newCase
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := writesReturnees(pr); err != nil {
		return err
	}
	var v app.Validation
	n := store.NewCase{PersonID: strings.TrimSpace(in.PersonID), ProjectID: strings.TrimSpace(in.ProjectID),
		AssignedTo: strings.TrimSpace(in.AssignedTo)}
	if d := parseDate(&v, "opened_on", in.OpenedOn); d != nil {
		n.OpenedOn = *d
	}
	if n.PersonID == "" {
		v.Add("person_id", "choose the person the case is for")
	}
	if n.ProjectID == "" {
		v.Add("project_id", "choose an active project your organisation works in")
	}
	if err := v.Err(); err != nil {
		return err
	}
	c, err := s.db.OpenCase(r.Context(), pr.Actor, n)
	if notFoundOf(err, "person") {
		return app.FieldError("person_id", "no such person in your organisation")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+c.ID)
	httpx.WriteJSON(w, http.StatusCreated, caseView(c))
	return nil
}

func (s *server) getCase(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	c, err := visibleRecord(r, pr, "case", s.db.CaseByID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, caseFullView(c))
	return nil
}

func (s *server) listPersonCases(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	p, err := s.visiblePerson(r, pr)
	if err != nil {
		return err
	}
	rows, err := s.db.CasesOfPerson(r.Context(), pr.Actor, p.ID)
	if err != nil {
		return err
	}
	// The store leaves out the person's own fields: they are p's.
	for i := range rows {
		rows[i].NameBn, rows[i].NameLatin, rows[i].Sex, rows[i].District = p.NameBn, p.NameLatin, p.Sex, p.District
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(rows, caseRowView)))
	return nil
}

// caseID reads the case named in the path, after the role check.
func caseID(r *http.Request, pr *auth.Principal, write bool) (string, error) {
	check := readsReturnees
	if write {
		check = writesReturnees
	}
	if err := check(pr); err != nil {
		return "", err
	}
	return pathID(r, "id", "case")
}

// reopen is the move that takes a closed case back to the status it had.
const reopen = "reopen"

type caseTransition struct {
	To      string `json:"to"`
	Reason  string `json:"reason"`
	Note    string `json:"note"`
	Version *int   `json:"version"`
}

func (s *server) moveCase(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in caseTransition
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	// lockCase skips the version check for version 0: the API never does.
	if err := needVersion(in.Version); err != nil {
		return err
	}
	var c casework.Case
	if in.To == reopen {
		if in.Reason != "" {
			return app.FieldError("reason", "a reason is only given when closing a case")
		}
		c, err = s.db.ReopenCase(r.Context(), pr.Actor, id, *in.Version, in.Note)
	} else {
		c, err = s.db.MoveCase(r.Context(), pr.Actor, id, *in.Version, casework.Transition{To: in.To, Reason: in.Reason, Note: in.Note})
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, caseView(c))
	return nil
}

type caseAssignment struct {
	UserID  *string `json:"user_id"`
	Version *int    `json:"version"`
}

func (s *server) assignCase(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in caseAssignment
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	if in.UserID == nil {
		return app.FieldError("user_id", "name the case worker or manager, or send an empty text to leave the case unassigned")
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	c, err := s.db.AssignCase(r.Context(), pr.Actor, id, *in.Version, strings.TrimSpace(*in.UserID))
	if err != nil {
		return renameField(err, "assigned_to", "user_id")
	}
	httpx.WriteJSON(w, http.StatusOK, caseView(c))
	return nil
}

func (s *server) caseTimeline(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.CaseTimeline, eventView)
}

type newCaseNote struct {
	Body string `json:"body"`
}

func (s *server) addCaseNote(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newCaseNote
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	e, err := s.db.AddCaseNote(r.Context(), pr.Actor, id, in.Body)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+id+"/timeline")
	httpx.WriteJSON(w, http.StatusCreated, eventView(e))
	return nil
}

func (s *server) listTasks(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.ListTasks, taskView)
}

type newTask struct {
	Title      string  `json:"title"`
	DueOn      *string `json:"due_on"`
	AssignedTo string  `json:"assigned_to"`
}

func (s *server) addTask(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newTask
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	var v app.Validation
	t := casework.Task{Title: in.Title, AssignedTo: strings.TrimSpace(in.AssignedTo)}
	t.DueOn = parseDate(&v, "due_on", in.DueOn)
	check := t
	if err := addFields(&v, check.Validate(dhakaToday()), ""); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if t, err = s.db.AddTask(r.Context(), pr.Actor, id, t); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+id+"/tasks")
	httpx.WriteJSON(w, http.StatusCreated, taskView(t))
	return nil
}

func (s *server) completeTask(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	taskID, err := pathID(r, "task_id", "task")
	if err != nil {
		return err
	}
	find := func() (casework.Task, error) {
		tasks, err := s.db.ListTasks(r.Context(), pr.Actor, id)
		if err != nil {
			return casework.Task{}, err
		}
		for _, t := range tasks {
			if t.ID == taskID {
				return t, nil
			}
		}
		return casework.Task{}, app.NotFound("task")
	}
	t, err := find()
	if err != nil {
		return err
	}
	if t.DoneAt != nil {
		return app.Errorf(app.ECONFLICT, "this task is already done")
	}
	if err := s.db.CompleteTask(r.Context(), pr.Actor, id, taskID); err != nil {
		return err
	}
	if t, err = find(); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, taskView(t))
	return nil
}

func (s *server) listScreenings(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.ListScreenings, screeningView)
}

type newScreening struct {
	AssessedOn *string  `json:"assessed_on"`
	Indicators []string `json:"indicators"`
	DebtMinor  *int64   `json:"debt_minor"`
	Notes      string   `json:"notes"`
}

func (s *server) recordScreening(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newScreening
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	var v app.Validation
	sc := casework.Screening{Indicators: in.Indicators, DebtMinor: in.DebtMinor, Notes: in.Notes}
	if d := parseDate(&v, "assessed_on", in.AssessedOn); d != nil {
		sc.AssessedOn = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	if sc, err = s.db.RecordScreening(r.Context(), pr.Actor, id, sc); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+id+"/screenings")
	httpx.WriteJSON(w, http.StatusCreated, screeningView(sc))
	return nil
}
