package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

// Follow-up visits: the monitoring visits of a case, scheduled when its
// first plan is approved (at 3, 6 and 12 months) or by hand; recorded,
// missed or cancelled by the case's organisation; and the due and overdue
// lists per organisation and per case worker.

// visitDueWithin is how many days ahead GET /visits looks by default: two
// weeks, the same as the web list.
const visitDueWithin = 14

// visitVersionNote is said of every change to a visit.
const visitVersionNote = "Send version as read: a stale version is 409 and nothing is written. "

func (s *server) visitRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/visits", ID: "listVisits", Tag: "visits", handle: s.listVisits,
			Summary: "Visits due and overdue",
			Description: "Scheduled visits of open cases due within due_within days from today, overdue ones included (or only " +
				"the overdue ones), earliest first. Use assigned_to for one case worker's list and org_id for one organisation's.",
			Roles: returneeReaders,
			Query: []param{
				{Name: "org_id", Type: "string", Description: "Only this organisation's visits (useful to programme managers)."},
				{Name: "assigned_to", Type: "string", Description: "Only visits of cases assigned to this user (ID); none for unassigned cases."},
				{Name: "overdue", Type: "boolean", Description: "Only visits past their due date (default false)."},
				{Name: "due_within", Type: "integer", Minimum: 1, Maximum: 366,
					Description: "How many days ahead to look (default 14)."},
				{Name: "limit", Type: "integer", Minimum: 1, Maximum: maxPage, Description: "At most this many visits (default 200)."},
			},
			Status: http.StatusOK, Result: "VisitRowList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/cases/{id}/visits", ID: "listCaseVisits", Tag: "visits", handle: s.listCaseVisits,
			Summary: "A case's visits", Description: "Every visit, in any status, by due date.", Roles: returneeReaders,
			Status: http.StatusOK, Result: "VisitList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/visits", ID: "scheduleVisits", Tag: "visits", handle: s.scheduleVisits,
			Summary: "Schedule visits",
			Description: datesNote + "Visits months after from (today when left out): by default 3, 6 and 12 months, as when a " +
				"case's first plan is approved. A date on which a visit is already scheduled is skipped, so the answer lists " +
				"only the visits added, and may be empty. A closed case is 409.",
			Roles: returneeWriters,
			Body:  "NewVisitSchedule", Status: http.StatusCreated, Result: "VisitList",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/visits/{id}/record", ID: "recordVisit", Tag: "visits", handle: s.recordVisit,
			Summary: "Record what a visit found",
			Description: datesNote + visitVersionNote + "For a scheduled or missed visit. An action of new_assessment or " +
				"plan_revision adds a task to the case (due in two weeks, for the case's worker), named task_id in the answer. " +
				"A visit already recorded or cancelled is 409.",
			Roles: returneeWriters,
			Body:  "VisitRecord", Status: http.StatusOK, Result: "Visit",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/visits/{id}/miss", ID: "missVisit", Tag: "visits", handle: s.missVisit,
			Summary:     "Mark a visit missed",
			Description: visitVersionNote + "The person was not found, or the visit could not happen; it may still be recorded later.",
			Roles:       returneeWriters,
			Body:        "VisitNote", Status: http.StatusOK, Result: "Visit",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/visits/{id}/cancel", ID: "cancelVisit", Tag: "visits", handle: s.cancelVisit,
			Summary:     "Cancel a visit",
			Description: visitVersionNote + "A visit no longer needed. A visit recorded or cancelled already is 409.",
			Roles:       returneeWriters,
			Body:        "VisitNote", Status: http.StatusOK, Result: "Visit",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// Views.

type visitJSON struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	OrgID      string    `json:"org_id"`
	DueOn      apiDate   `json:"due_on"`
	Status     string    `json:"status"`
	Overdue    bool      `json:"overdue"`
	DoneOn     *apiDate  `json:"done_on,omitempty"`
	Findings   string    `json:"findings,omitempty"`
	Action     string    `json:"action,omitempty"`
	TaskID     string    `json:"task_id,omitempty"`
	Note       string    `json:"note,omitempty"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int       `json:"version"`
}

func visitView(v followup.Visit) visitJSON {
	return visitJSON{ID: v.ID, CaseID: v.CaseID, OrgID: v.OrgID, DueOn: apiDate(v.DueOn), Status: v.Status,
		Overdue: v.Overdue(dhakaToday()), DoneOn: datePtr(v.DoneOn), Findings: v.Findings, Action: v.Action, TaskID: v.TaskID,
		Note: v.Note, RecordedBy: v.RecordedBy, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		Version: v.Version}
}

type visitRowJSON struct {
	visitJSON
	CaseReference string `json:"case_reference"`
	NameBn        string `json:"name_bn"`
	NameLatin     string `json:"name_latin"`
	District      string `json:"district,omitempty"`
	Upazila       string `json:"upazila,omitempty"`
	AssignedTo    string `json:"assigned_to,omitempty"`
	AssignedName  string `json:"assigned_name,omitempty"`
}

func visitRowView(r store.VisitRow) visitRowJSON {
	return visitRowJSON{visitJSON: visitView(r.Visit), CaseReference: r.CaseReference, NameBn: r.NameBn, NameLatin: r.NameLatin,
		District: r.District, Upazila: r.Upazila, AssignedTo: r.AssignedTo, AssignedName: r.AssignedName}
}

// Handlers.

func (s *server) listVisits(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	q := r.URL.Query()
	var v app.Validation
	vq := store.VisitQuery{OrgID: q.Get("org_id"), AssignedTo: q.Get("assigned_to"), Overdue: queryBool(r, "overdue"),
		DueWithin: visitDueWithin}
	if n, ok := queryInt(r, "due_within", 1, 366); !ok {
		v.Add("due_within", "use a whole number of days from 1 to 366")
	} else if n > 0 {
		vq.DueWithin = int(n)
	}
	if n, ok := queryInt(r, "limit", 1, maxPage); !ok {
		v.Add("limit", "use a whole number from 1 to 200")
	} else {
		vq.Limit = int(n)
	}
	if err := v.Err(); err != nil {
		return err
	}
	rows, err := s.db.ListVisits(r.Context(), pr.Actor, vq)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(rows, visitRowView)))
	return nil
}

func (s *server) listCaseVisits(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.VisitsOfCase, visitView)
}

type visitSchedule struct {
	From   *string `json:"from"`
	Months []int   `json:"months"`
}

func (s *server) scheduleVisits(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in visitSchedule
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	var v app.Validation
	from := dhakaToday()
	if d := parseDate(&v, "from", in.From); d != nil {
		from = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	added, err := s.db.ScheduleVisits(r.Context(), pr.Actor, id, from, in.Months)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+id+"/visits")
	httpx.WriteJSON(w, http.StatusCreated, listOf(views(added, visitView)))
	return nil
}

// visitInPath reads the visit named in the path of a change, after the
// role check.
func visitInPath(r *http.Request, pr *auth.Principal) (string, error) {
	if err := writesReturnees(pr); err != nil {
		return "", err
	}
	return pathID(r, "id", "visit")
}

type visitRecord struct {
	DoneOn    *string `json:"done_on"`
	Findings  string  `json:"findings"`
	Action    string  `json:"action"`
	TaskTitle string  `json:"task_title"`
	Version   *int    `json:"version"`
}

func (s *server) recordVisit(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in visitRecord
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := visitInPath(r, pr)
	if err != nil {
		return err
	}
	var v app.Validation
	rec := followup.Record{Findings: in.Findings, Action: strings.TrimSpace(in.Action), TaskTitle: in.TaskTitle}
	if d := parseDate(&v, "done_on", in.DoneOn); d != nil {
		rec.DoneOn = *d
	}
	if in.Version == nil || *in.Version < 1 {
		v.Add("version", "send the version you last read, so that no one else's change is overwritten")
	}
	if err := v.Err(); err != nil {
		return err
	}
	visit, err := s.db.RecordVisit(r.Context(), pr.Actor, id, *in.Version, rec)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, visitView(visit))
	return nil
}

type visitNote struct {
	Note    string `json:"note"`
	Version *int   `json:"version"`
}

func (s *server) missVisit(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.closeVisit(w, r, pr, s.db.MissVisit)
}

func (s *server) cancelVisit(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.closeVisit(w, r, pr, s.db.CancelVisit)
}

// closeVisit marks a visit missed or cancelled (do), with the body's note.
func (s *server) closeVisit(w http.ResponseWriter, r *http.Request, pr *auth.Principal,
	do func(ctx context.Context, a app.Actor, id string, version int, note string) (followup.Visit, error)) error {
	var in visitNote
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := visitInPath(r, pr)
	if err != nil {
		return err
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	visit, err := do(r.Context(), pr.Actor, id, *in.Version, in.Note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, visitView(visit))
	return nil
}

func visitSchemas() obj {
	props := obj{
		"id":          str("Visit ID (UUIDv7)."),
		"case_id":     str("The case."),
		"org_id":      str("The case's organisation."),
		"due_on":      schemaDate("When the visit is due."),
		"status":      enum("Where the visit is.", followup.Statuses),
		"overdue":     schemaBool("Still scheduled past its due date."),
		"done_on":     schemaDate("When the visit happened; absent until recorded."),
		"findings":    str("What the visit found; absent until recorded."),
		"action":      enum("What the visit called for; absent until recorded.", followup.Actions),
		"task_id":     str("The task the action added to the case; absent when none."),
		"note":        str("Why the visit was missed or cancelled; absent when none was given."),
		"recorded_by": str("Username of who recorded, missed or cancelled it; absent while scheduled."),
		"created_by":  str("Username of who scheduled it."),
		"created_at":  timestamp("When it was scheduled."),
		"updated_at":  timestamp("When it last changed."),
		"version":     integer("Increases with every change; send it back when changing the visit."),
	}
	required := []string{"id", "case_id", "org_id", "due_on", "status", "overdue", "created_by", "created_at", "updated_at", "version"}
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version of the visit you read; a stale one is 409."}
	return obj{
		"Visit":     object("A follow-up monitoring visit of a case.", required, props),
		"VisitList": listSchema("Visit"),
		"VisitRow": object("A line of the due and overdue list: a visit with its case and person.",
			append([]string{"case_reference", "name_bn", "name_latin"}, required...),
			withProps(props, obj{
				"case_reference": str("The case's reference, e.g. BNSK-2026-0042."),
				"name_bn":        str("The person's name in Bangla; may be empty."),
				"name_latin":     str("The person's name in Latin letters; may be empty."),
				"district":       str("The person's district (P-code); absent when not recorded."),
				"upazila":        str("The person's upazila (P-code); absent when not recorded."),
				"assigned_to":    str("The user the case is assigned to; absent when unassigned."),
				"assigned_name":  str("The assignee's name; absent when unassigned."),
			})),
		"VisitRowList": listSchema("VisitRow"),
		"NewVisitSchedule": object("Visits to schedule.", nil, obj{
			"from": str("YYYY-MM-DD: the date the months count from; today when left out."),
			"months": obj{"type": "array", "items": obj{"type": "integer", "minimum": 1, "maximum": followup.MaxIntervalMonths},
				"description": "Months after from, each from 1 to 60; 3, 6 and 12 when left out or empty."},
		}),
		"VisitRecord": object("What a visit found.", []string{"findings", "version"}, obj{
			"done_on":  str("YYYY-MM-DD: when the visit happened; today when left out. Not in the future, not over a year ago."),
			"findings": obj{"type": "string", "maxLength": 8000, "description": "What the visit found."},
			"action":   enum("What the visit calls for; none when left out.", followup.Actions),
			"task_title": obj{"type": "string", "maxLength": 300,
				"description": "The title of the task an action adds, in the case worker's language; an English default when left out."},
			"version": sentVersion,
		}),
		"VisitNote": object("Why a visit was missed or cancelled.", []string{"version"}, obj{
			"note":    obj{"type": "string", "maxLength": 2000, "description": "Why; it joins the case's timeline."},
			"version": sentVersion,
		}),
	}
}
