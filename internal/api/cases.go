package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Code lists of the cases, for the document.
var (
	caseMoves = append(append([]string{}, casework.Statuses...), reopen)
	caseFlags = []string{string(casework.FlagNoScreening), string(casework.FlagNoPlan30Days), string(casework.FlagTaskOverdue)}
	// eventKinds are every kind of timeline line: the case's own, and those
	// that plans, payments, referrals, visits and forms write on it.
	eventKinds = []string{casework.EventOpened, casework.EventStatus, casework.EventReopened, casework.EventNote,
		casework.EventAssigned, casework.EventTask, casework.EventTaskDone, casework.EventScreening,
		programme.EventPlanDrafted, programme.EventPlanSubmitted, programme.EventPlanApproved, programme.EventPlanReturned,
		programme.EventPayment, programme.EventPaymentReversed,
		referral.EventRequested, referral.EventAccepted, referral.EventDeclined, referral.EventCompleted, referral.EventCancelled,
		followup.EventScheduled, followup.EventDone, followup.EventMissed, followup.EventCancelled,
		store.EventFormSubmitted}
)

func indicatorCodes() []string {
	out := make([]string, len(casework.Indicators))
	for i, in := range casework.Indicators {
		out[i] = in.Code
	}
	return out
}

// caseRoutes lists this area's operations (see allRoutes).
func (s *server) caseRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/cases", ID: "listCases", Tag: "cases", handle: s.listCases,
			Summary: "List cases",
			Description: "Pages by offset: next_offset is where the next page starts, absent on the last page. A bad filter " +
				"is 422 naming it (an unknown district P-code or country too), never an unfiltered list.",
			Roles: returneeReaders,
			Query: []param{
				{Name: "q", Type: "string", Description: "The person's name in either script (spelling variants match), a " +
					"mobile number or its last six digits, or an ID number. At most 200 characters."},
				{Name: "org_id", Type: "string", Description: "Only this organisation's cases (useful to programme managers)."},
				{Name: "status", Type: "string", Enum: append(append([]string{}, casework.Statuses...), "open"),
					Description: "Only cases with this status; open means every status but closed."},
				{Name: "sex", Type: "string", Enum: registry.Sexes, Description: "Only cases of people of this sex."},
				{Name: "district", Type: "string", Description: "Only cases of people living in this district (P-code)."},
				{Name: "return_year", Type: "integer", Minimum: 1950, Maximum: 2100,
					Description: "Only cases of people with a migration episode returning in this year."},
				{Name: "destination", Type: "string",
					Description: "Only cases of people with a migration episode in this country (ISO 3166-1 alpha-2)."},
				{Name: "assigned_to", Type: "string", Description: "Only cases assigned to this user (ID); none for unassigned cases."},
				{Name: "priority", Type: "string", Enum: casework.Priorities, Description: "Only cases with this priority (from the latest screening)."},
				{Name: "sort", Type: "string", Enum: store.CaseSorts,
					Description: "Order: opened_desc (newest first, the default), opened, name, priority (high first, unscreened last), reference."},
				{Name: "limit", Type: "integer", Minimum: 1, Maximum: maxPage, Description: "Items per page (default 50)."},
				{Name: "offset", Type: "integer", Description: "Items to skip (paging): pass next_offset."},
			},
			Status: http.StatusOK, Result: "CasePage", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases", ID: "openCase", Tag: "cases", handle: s.openCase,
			Summary: "Open a case",
			Description: datesNote + "For a person of your organisation, in an active project your organisation is a partner " +
				"of. The case starts registered, with a reference such as BNSK-2026-0001. The person must have an active " +
				"consent to registration: without one the answer is 403 saying so. A person with an open case in your " +
				"organisation is 409: work on that one.",
			Roles: returneeWriters,
			Body:  "NewCase", Status: http.StatusCreated, Result: "Case",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/cases/{id}", ID: "getCase", Tag: "cases", handle: s.getCase,
			Summary:     "Read a case with its person",
			Description: "With the person, the project, the flags (what is overdue) and the moves the case may make now. Every read is recorded in the audit trail.",
			Roles:       returneeReaders,
			Status:      http.StatusOK, Result: "CaseView", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/people/{id}/cases", ID: "listPersonCases", Tag: "cases", handle: s.listPersonCases,
			Summary: "A person's cases", Description: "Newest first.", Roles: returneeReaders,
			Status: http.StatusOK, Result: "CaseRowList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/transitions", ID: "moveCase", Tag: "cases", handle: s.moveCase,
			Summary: "Move a case along its lifecycle",
			Description: "to is the next status (see moves on the case): registered, screened, assessed, plan_agreed, " +
				"assistance, monitoring move one step forward or back; closed from any open status needs a reason; a closed " +
				"case only takes reopen, which returns it to the status it had before closing. Send version as read: a stale " +
				"version is 409 and nothing is written; so is a move the lifecycle does not allow.",
			Roles: returneeWriters,
			Body:  "CaseTransition", Status: http.StatusOK, Result: "Case",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPut, Path: "/cases/{id}/assignee", ID: "assignCase", Tag: "cases", handle: s.assignCase,
			Summary: "Assign a case",
			Description: "To an active case worker or organisation manager of the case's organisation; an empty user_id " +
				"leaves the case unassigned. Send version as read: a stale version is 409 and nothing is written.",
			Roles: returneeWriters,
			Body:  "CaseAssignment", Status: http.StatusOK, Result: "Case",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/cases/{id}/timeline", ID: "caseTimeline", Tag: "cases", handle: s.caseTimeline,
			Summary: "A case's timeline", Description: "Every event, oldest first: opening, moves, notes, assignments, tasks, screenings.",
			Roles: returneeReaders, Status: http.StatusOK, Result: "EventList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/notes", ID: "addCaseNote", Tag: "cases", handle: s.addCaseNote,
			Summary: "Write a note on a case", Description: "The note joins the timeline; Location names the timeline.",
			Roles: returneeWriters,
			Body:  "NewCaseNote", Status: http.StatusCreated, Result: "Event",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/cases/{id}/tasks", ID: "listTasks", Tag: "cases", handle: s.listTasks,
			Summary: "A case's tasks", Description: "Open ones first, by due date.", Roles: returneeReaders,
			Status: http.StatusOK, Result: "TaskList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/tasks", ID: "addTask", Tag: "cases", handle: s.addTask,
			Summary:     "Add a task to a case",
			Description: datesNote + "assigned_to is an active case worker or manager of the case's organisation. Location names the case's task list.",
			Roles:       returneeWriters,
			Body:        "NewTask", Status: http.StatusCreated, Result: "Task",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/tasks/{task_id}/done", ID: "completeTask", Tag: "cases", handle: s.completeTask,
			Summary: "Mark a task done", Description: "A task already done is 409.", Roles: returneeWriters,
			Status: http.StatusOK, Result: "Task", Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/cases/{id}/screenings", ID: "listScreenings", Tag: "cases", handle: s.listScreenings,
			Summary: "A case's vulnerability screenings", Description: "Latest first.", Roles: returneeReaders,
			Status: http.StatusOK, Result: "ScreeningList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/screenings", ID: "recordScreening", Tag: "cases", handle: s.recordScreening,
			Summary: "Record a vulnerability screening",
			Description: datesNote + moneyNote + "The indicators are scored; the case takes the priority of its latest " +
				"screening, and a registered case becomes screened. debt_minor above 100,000 BDT counts as the " +
				"debt_above_threshold indicator. A closed case is 409: reopen it first. Location names the case's screenings.",
			Roles: returneeWriters,
			Body:  "NewScreening", Status: http.StatusCreated, Result: "Screening",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// caseProps is a case as the API shows one.
func caseProps() obj {
	return obj{
		"id":             str("Case ID (UUIDv7)."),
		"reference":      str("What people say on the phone, e.g. BNSK-2026-0042."),
		"person_id":      str("The person."),
		"org_id":         str("The organisation working on the case."),
		"project_id":     str("The project."),
		"assigned_to":    str("The user the case is assigned to; absent when unassigned."),
		"status":         enum("Where the case is in its lifecycle.", casework.Statuses),
		"priority":       enum("From the latest screening; absent before the first.", casework.Priorities),
		"opened_on":      schemaDate("When the case was opened."),
		"closed_on":      schemaDate("When the case was closed; absent while open."),
		"closure_reason": enum("Why the case was closed; absent while open.", casework.ClosureReasons),
		"created_at":     timestamp("When it was recorded."),
		"updated_at":     timestamp("When it last changed."),
		"version":        integer("Increases with every change; send it back when changing the case."),
	}
}

var caseRequired = []string{"id", "reference", "person_id", "org_id", "project_id", "status", "opened_on", "created_at",
	"updated_at", "version"}

// caseSchemas lists the schemas this area's operations use (see allSchemas).
func caseSchemas() obj {
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version of the case you read; a stale one is 409."}
	rowProps := withProps(caseProps(), obj{
		"org_code":      str("The organisation's code."),
		"name_bn":       str("The person's name in Bangla; may be empty."),
		"name_latin":    str("The person's name in Latin letters; may be empty."),
		"sex":           enum("The person's sex.", registry.Sexes),
		"district":      str("The person's district (P-code); absent when not recorded."),
		"assigned_name": str("The assignee's name; absent when unassigned."),
	})
	rowRequired := append([]string{"org_code", "name_bn", "name_latin", "sex"}, caseRequired...)
	return obj{
		"Case":        object("One organisation's work with one person in one project.", caseRequired, caseProps()),
		"CaseRow":     object("A line of a case list.", rowRequired, rowProps),
		"CasePage":    pageSchema("CaseRow"),
		"CaseRowList": listSchema("CaseRow"),
		"CaseView": object("A case with what its page shows.",
			append([]string{"org_code", "project_code", "project_title", "person", "flags", "moves"}, caseRequired...),
			withProps(caseProps(), obj{
				"org_code":      str("The organisation's code."),
				"project_code":  str("The project's code."),
				"project_title": str("The project's title."),
				"assigned_name": str("The assignee's name; absent when unassigned."),
				"person":        ref("Person"),
				"flags":         schemaArray("What needs attention.", enum("A flag.", caseFlags)),
				"moves":         schemaArray("The values of to the case takes now (reopen for a closed case).", enum("A move.", caseMoves)),
			})),
		"NewCase": object("A case to open.", []string{"person_id", "project_id"},
			obj{
				"person_id":   str("The person, registered in your organisation with consent to registration."),
				"project_id":  str("An active project your organisation is a partner of."),
				"assigned_to": str("An active case worker or manager of your organisation; empty for unassigned."),
				"opened_on":   str("YYYY-MM-DD; today when left out; not in the future, not over ten years ago."),
			}),
		"CaseTransition": object("A move of a case.", []string{"to", "version"},
			obj{
				"to":      enum("The status to move to, or reopen for a closed case.", caseMoves),
				"reason":  enum("Why the case is closing: needed with to=closed, refused otherwise.", casework.ClosureReasons),
				"note":    obj{"type": "string", "maxLength": 4000, "description": "What happened; it joins the timeline."},
				"version": sentVersion,
			}),
		"CaseAssignment": object("Who the case is assigned to.", []string{"user_id", "version"},
			obj{
				"user_id": str("An active case worker or organisation manager of the case's organisation; \"\" to leave unassigned."),
				"version": sentVersion,
			}),
		"Event": object("A line of a case's timeline.", []string{"id", "case_id", "at", "actor_name", "kind"},
			obj{
				"id":          str("Event ID."),
				"case_id":     str("The case."),
				"at":          timestamp("When it happened."),
				"actor_name":  str("Username of who did it."),
				"kind":        enum("What happened.", eventKinds),
				"from_status": enum("For moves: the status before; absent otherwise.", casework.Statuses),
				"to_status":   enum("For opening and moves: the status after; absent otherwise.", casework.Statuses),
				"body": str("The note's text, the task's title, the screening's priority, the assignee's name, the plan's number, " +
					"the referral's service, the visit's findings or note, or the form's title; absent when none."),
				"ref_id": str("The task, screening, user, plan, ledger entry, referral, visit or submission the line is about; absent when none."),
				"reason": enum("Why the case closed; absent otherwise.", casework.ClosureReasons),
			}),
		"EventList": listSchema("Event"),
		"NewCaseNote": object("A note on a case.", []string{"body"},
			obj{"body": obj{"type": "string", "minLength": 1, "maxLength": 8000, "description": "The note."}}),
		"Task": object("Something to do on a case.", []string{"id", "case_id", "title", "done", "created_by", "created_at"},
			obj{
				"id":          str("Task ID."),
				"case_id":     str("The case."),
				"title":       str("What needs doing."),
				"due_on":      schemaDate("When it is due; absent when no date."),
				"assigned_to": str("The user who will do it; absent when unassigned."),
				"done":        schemaBool("Whether it is done."),
				"done_at":     timestamp("When it was done; absent while open."),
				"created_by":  str("Username of who added it."),
				"created_at":  timestamp("When it was added."),
			}),
		"TaskList": listSchema("Task"),
		"NewTask": object("A task to add.", []string{"title"},
			obj{
				"title":       obj{"type": "string", "minLength": 1, "maxLength": 300, "description": "What needs doing."},
				"due_on":      str("When it is due, YYYY-MM-DD; not over a year ago."),
				"assigned_to": str("An active case worker or manager of the case's organisation."),
			}),
		"Screening": object("A vulnerability screening.",
			[]string{"id", "case_id", "assessed_on", "indicators", "score", "priority", "recorded_by", "created_at"},
			obj{
				"id":          str("Screening ID."),
				"case_id":     str("The case."),
				"assessed_on": schemaDate("When the screening was done."),
				"indicators":  schemaArray("The vulnerability indicators found.", enum("An indicator.", indicatorCodes())),
				"debt_minor":  schemaInt64("The household's debt in paisa (BDT minor units); absent when not asked."),
				"score":       integer("The weighted score of the indicators."),
				"priority":    enum("The priority the score gives.", casework.Priorities),
				"notes":       str("Notes; absent when none."),
				"recorded_by": str("Username of who recorded it."),
				"created_at":  timestamp("When it was recorded."),
			}),
		"ScreeningList": listSchema("Screening"),
		"NewScreening": object("A screening to record.", nil,
			obj{
				"assessed_on": str("When it was done, YYYY-MM-DD; today when left out; not in the future."),
				"indicators":  schemaArray("The vulnerability indicators found.", enum("An indicator.", indicatorCodes())),
				"debt_minor":  obj{"type": "integer", "format": "int64", "minimum": 0, "description": "The household's debt in paisa (BDT minor units)."},
				"notes":       obj{"type": "string", "maxLength": 4000, "description": "Notes."},
			}),
	}
}
