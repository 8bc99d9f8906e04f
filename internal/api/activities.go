package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/capacity"
	"github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Community initiatives and capacity-building events: the community and
// structural levels of IOM's integrated approach. Programme information
// and counts, never names: every role reads them. The returnees linked to
// an initiative are personal data, read and linked only within the
// organisation's scope.

const (
	activityReaders = "Every role: initiatives, events and their counts are programme information, never personal data."
	activityWriters = "Programme managers and administrators for any organisation; organisation managers and case workers for their " +
		"own organisation's (another organisation's is 403). Viewers and enumerators get 403, before the fields are checked."
	activityPeopleRoles = "Programme managers, and the organisation managers and case workers of the initiative's organisation " +
		"(other organisations' staff get 404). Administrators, viewers and enumerators, who never receive returnees' details, get 403."
	activityPaging = "Latest start first. Pages by offset: next_offset is where the next page starts, absent on the last page."
)

func activityFilters(kinds, statuses []string) []param {
	return []param{
		{Name: "project_id", Type: "string", Description: "Only this project's."},
		{Name: "org_id", Type: "string", Description: "Only this organisation's."},
		{Name: "kind", Type: "string", Enum: kinds, Description: "Only this kind."},
		{Name: "status", Type: "string", Enum: statuses, Description: "Only in this status."},
		{Name: "limit", Type: "integer", Minimum: 1, Maximum: maxPage, Description: "Items per page (default 50)."},
		{Name: "offset", Type: "integer", Description: "Items to skip (paging): pass next_offset."},
	}
}

// activityRoutes lists this area's operations (see allRoutes), tagged
// community and capacity.
func (s *server) activityRoutes() []route {
	writeErrs := []int{http.StatusForbidden, http.StatusConflict}
	return []route{
		{Method: http.MethodGet, Path: "/community-initiatives", ID: "listCommunityInitiatives", Tag: "community", handle: s.listCommunity,
			Summary: "List community initiatives", Description: activityPaging, Roles: activityReaders,
			Query:  activityFilters(community.Kinds, community.Statuses),
			Status: http.StatusOK, Result: "CommunityInitiativePage"},
		{Method: http.MethodPost, Path: "/community-initiatives", ID: "createCommunityInitiative", Tag: "community", handle: s.createCommunity,
			Summary: "Add a community initiative",
			Description: datesNote + moneyNote + "It starts planned: nothing is held on its budget line until the budget is " +
				"approved (POST .../status). The budget line must be of the same project and organisation (422 naming " +
				"budget_line_id), and is needed once there is a budget. org_id defaults to your own organisation.",
			Roles: activityWriters,
			Body:  "NewCommunityInitiative", Status: http.StatusCreated, Result: "CommunityInitiative",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/community-initiatives/{id}", ID: "getCommunityInitiative", Tag: "community", handle: s.getCommunity,
			Summary:     "Read a community initiative",
			Description: "With its money (budget, held on the line, spent), its participant counts and how many registered returnees are linked.",
			Roles:       activityReaders,
			Status:      http.StatusOK, Result: "CommunityInitiative"},
		{Method: http.MethodPatch, Path: "/community-initiatives/{id}", ID: "updateCommunityInitiative", Tag: "community", handle: s.updateCommunity,
			Summary: "Change a community initiative",
			Description: "Send version as read; fields left out keep their value; a stale version is 409 and nothing is written. " +
				"While the budget is held on its line (approved or under way), a new budget or line is converted at today's rate " +
				"and must fit the line (409 when it does not). A completed or cancelled initiative's budget is settled; once money " +
				"was spent the line and currency stay, and the budget cannot fall below what was spent.",
			Roles: activityWriters,
			Body:  "CommunityInitiativePatch", Status: http.StatusOK, Result: "CommunityInitiative", Errors: writeErrs},
		{Method: http.MethodPost, Path: "/community-initiatives/{id}/status", ID: "moveCommunityInitiative", Tag: "community", handle: s.moveCommunity,
			Summary: "Move a community initiative along its lifecycle",
			Description: "planned → approved or cancelled; approved → ongoing, completed or cancelled; ongoing → completed or " +
				"cancelled. Approving holds the budget on its line, converted at today's rate: 409 when the line has no money " +
				"left for it. Completing or cancelling releases what was not spent. Another move is 409.",
			Roles: activityWriters + " Approving the budget is for organisation managers, programme managers and administrators: a case worker gets 403.",
			Body:  "CommunityStatusChange", Status: http.StatusOK, Result: "CommunityInitiative", Errors: writeErrs},
		{Method: http.MethodPut, Path: "/community-initiatives/{id}/participants", ID: "setCommunityParticipants", Tag: "community",
			handle:  s.setCommunityParticipants,
			Summary: "Replace an initiative's participant counts",
			Description: "People are counted by type (returnee, community member who never migrated), sex and population group " +
				"(an ethnic group code, or general). The counts given replace the old ones; zeros are dropped. Send the " +
				"initiative's version as read (409 when stale).",
			Roles: activityWriters,
			Body:  "CommunityParticipants", Status: http.StatusOK, Result: "CommunityInitiative", Errors: writeErrs},
		{Method: http.MethodGet, Path: "/community-initiatives/{id}/expenses", ID: "listCommunityExpenses", Tag: "community",
			handle: s.listCommunityExpenses, Summary: "An initiative's expenses and reversals, oldest first", Roles: activityReaders,
			Status: http.StatusOK, Result: "CommunityExpenseList"},
		{Method: http.MethodPost, Path: "/community-initiatives/{id}/expenses", ID: "recordCommunityExpense", Tag: "community",
			handle:  s.recordCommunityExpense,
			Summary: "Record what an initiative spent",
			Description: datesNote + moneyNote + "In the budget's currency (422 naming currency otherwise), converted to the " +
				"line's dollars at the rate of spent_on. Refused with 409 before the budget is approved, once cancelled, above " +
				"what is left of the budget, or when the budget line has no money left to pay it out. Expenses are never " +
				"changed: reverse a mistake.",
			Roles: activityWriters,
			Body:  "NewCommunityExpense", Status: http.StatusCreated, Result: "CommunityExpense", Errors: writeErrs},
		{Method: http.MethodPost, Path: "/community-initiatives/{id}/expenses/{expense_id}/reverse", ID: "reverseCommunityExpense",
			Tag: "community", handle: s.reverseCommunityExpense,
			Summary: "Reverse an expense",
			Description: datesNote + "Records the exact opposite (same line, currency and rate), dated spent_on (default today). " +
				"An entry is reversed at most once and a reversal is not reversed (409).",
			Roles: activityWriters,
			Body:  "CommunityExpenseReversal", Status: http.StatusCreated, Result: "CommunityExpense", Errors: writeErrs},
		{Method: http.MethodGet, Path: "/community-initiatives/{id}/people", ID: "listCommunityPeople", Tag: "community",
			handle:      s.listCommunityPeople,
			Summary:     "The registered returnees linked to an initiative",
			Description: "Personal data: every read is recorded in the audit trail.",
			Roles:       activityPeopleRoles,
			Status:      http.StatusOK, Result: "CommunityPersonList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/community-initiatives/{id}/people", ID: "linkCommunityPerson", Tag: "community",
			handle:      s.linkCommunityPerson,
			Summary:     "Link a registered returnee to an initiative",
			Description: "A returnee registered by the initiative's organisation (422 naming person_id otherwise). Linking twice changes nothing.",
			Roles:       activityPeopleRoles,
			Body:        "CommunityPersonLink", Status: http.StatusNoContent, Errors: []int{http.StatusForbidden}},
		{Method: http.MethodDelete, Path: "/community-initiatives/{id}/people/{person_id}", ID: "unlinkCommunityPerson", Tag: "community",
			handle: s.unlinkCommunityPerson, Summary: "Remove a returnee from an initiative", Roles: activityPeopleRoles,
			Status: http.StatusNoContent, Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/capacity-events", ID: "listCapacityEvents", Tag: "capacity", handle: s.listCapacity,
			Summary: "List capacity-building events", Description: activityPaging, Roles: activityReaders,
			Query:  activityFilters(capacity.Kinds, capacity.Statuses),
			Status: http.StatusOK, Result: "CapacityEventPage"},
		{Method: http.MethodPost, Path: "/capacity-events", ID: "createCapacityEvent", Tag: "capacity", handle: s.createCapacity,
			Summary:     "Add a capacity-building event",
			Description: datesNote + "org_id is the organiser, by default your own organisation. An event that starts in the future cannot be held yet (422 naming status).",
			Roles:       activityWriters,
			Body:        "NewCapacityEvent", Status: http.StatusCreated, Result: "CapacityEvent", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/capacity-events/{id}", ID: "getCapacityEvent", Tag: "capacity", handle: s.getCapacity,
			Summary:     "Read a capacity-building event",
			Description: "With its attendance by organisation and sex, the anonymous test scores and their summary.",
			Roles:       activityReaders,
			Status:      http.StatusOK, Result: "CapacityEvent"},
		{Method: http.MethodPatch, Path: "/capacity-events/{id}", ID: "updateCapacityEvent", Tag: "capacity", handle: s.updateCapacity,
			Summary:     "Change a capacity-building event",
			Description: datesNote + "Send version as read; fields left out keep their value; a stale version is 409.",
			Roles:       activityWriters,
			Body:        "CapacityEventPatch", Status: http.StatusOK, Result: "CapacityEvent", Errors: writeErrs},
		{Method: http.MethodPut, Path: "/capacity-events/{id}/attendance", ID: "setCapacityAttendance", Tag: "capacity",
			handle:  s.setCapacityAttendance,
			Summary: "Replace who attended an event",
			Description: "One row per organisation in Remaker (org_id) or outside body named in full (body), with counts by sex. " +
				"Errors name the row: attendance.N.field. Send the event's version as read (409 when stale).",
			Roles: activityWriters,
			Body:  "CapacityAttendance", Status: http.StatusOK, Result: "CapacityEvent", Errors: writeErrs},
		{Method: http.MethodPut, Path: "/capacity-events/{id}/scores", ID: "setCapacityScores", Tag: "capacity", handle: s.setCapacityScores,
			Summary: "Replace an event's test scores",
			Description: "One item per participant, anonymous: pre- and post-test scores from 0 to 100, null for a test missed. " +
				"Errors name the item: scores.N.pre. Send the event's version as read (409 when stale).",
			Roles: activityWriters,
			Body:  "CapacityScores", Status: http.StatusOK, Result: "CapacityEvent", Errors: writeErrs},
		{Method: http.MethodGet, Path: "/capacity-events/{id}/actions", ID: "listCapacityActions", Tag: "capacity", handle: s.listCapacityActions,
			Summary: "An event's follow-up actions, by due date", Description: "overdue is true for an open action past its due date in Bangladesh.",
			Roles:  activityReaders,
			Status: http.StatusOK, Result: "CapacityActionList"},
		{Method: http.MethodPost, Path: "/capacity-events/{id}/actions", ID: "addCapacityAction", Tag: "capacity", handle: s.addCapacityAction,
			Summary: "Add a follow-up action", Description: datesNote, Roles: activityWriters,
			Body: "NewCapacityAction", Status: http.StatusCreated, Result: "CapacityAction", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPatch, Path: "/capacity-events/{id}/actions/{action_id}", ID: "updateCapacityAction", Tag: "capacity",
			handle:      s.updateCapacityAction,
			Summary:     "Change a follow-up action, or mark it done",
			Description: datesNote + "Send version as read; fields left out keep their value; a stale version is 409. A done action gets done_on (today when not given).",
			Roles:       activityWriters,
			Body:        "CapacityActionPatch", Status: http.StatusOK, Result: "CapacityAction", Errors: writeErrs},
	}
}

// activityDecode is decodeBody for bodies built from embedded field sets,
// whose Go names encoding/json puts before a field with a wrong type
// ("communityFields.budget_minor" is the body's "budget_minor").
func activityDecode(w http.ResponseWriter, r *http.Request, v any) error {
	err := decodeBody(w, r, v)
	var e *app.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make(map[string]string, len(e.Fields))
	for k, msg := range e.Fields {
		for _, embedded := range []string{"communityFields.", "capacityFields.", "capacityActionFields."} {
			k = strings.TrimPrefix(k, embedded)
		}
		c.Fields[k] = msg
	}
	return &c
}

// ---- refusals by role, before anything else ----

func activityWrites(pr *auth.Principal) error {
	if !pr.Actor.AllOrgs() && !pr.Actor.WritesCases() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot change community or capacity-building activities")
	}
	return nil
}

// activityPageQuery reads the lists' limit and offset.
func activityPageQuery(r *http.Request) (limit, offset int, err error) {
	var v app.Validation
	limit = defaultPage
	if n, ok := queryInt(r, "limit", 1, maxPage); !ok {
		v.Add("limit", "use a whole number from 1 to 200")
	} else if n > 0 {
		limit = int(n)
	}
	if n, ok := queryInt(r, "offset", 0, 1<<31-1); ok {
		offset = int(n)
	} else {
		v.Add("offset", "use a whole number, 0 or more")
	}
	return limit, offset, v.Err()
}

// ---- community initiatives: views ----

type communityCountJSON struct {
	Type   string `json:"type"`
	Sex    string `json:"sex"`
	Group  string `json:"group"`
	People int    `json:"people"`
}

type communityTotalsJSON struct {
	All             int `json:"all"`
	Returnee        int `json:"returnee"`
	CommunityMember int `json:"community_member"`
	Female          int `json:"female"`
	Male            int `json:"male"`
	ThirdGender     int `json:"third_gender"`
}

type communityJSON struct {
	ID             string               `json:"id"`
	ProjectID      string               `json:"project_id"`
	OrgID          string               `json:"org_id"`
	OrgCode        string               `json:"org_code"`
	Title          string               `json:"title"`
	Kind           string               `json:"kind"`
	Description    string               `json:"description,omitempty"`
	District       string               `json:"district"`
	Upazila        string               `json:"upazila"`
	Union          string               `json:"union,omitempty"`
	Place          string               `json:"place,omitempty"`
	StartsOn       apiDate              `json:"starts_on"`
	EndsOn         *apiDate             `json:"ends_on,omitempty"`
	Status         string               `json:"status"`
	BudgetLineID   string               `json:"budget_line_id,omitempty"`
	BudgetMinor    int64                `json:"budget_minor"`
	Currency       string               `json:"currency"`
	CommittedMinor int64                `json:"committed_minor"`
	HeldMinor      int64                `json:"held_minor"`
	SpentMinor     int64                `json:"spent_minor"`
	SpentUSDMinor  int64                `json:"spent_usd_minor"`
	LeftMinor      int64                `json:"left_minor"`
	ApprovedByName string               `json:"approved_by_name,omitempty"`
	ApprovedAt     *time.Time           `json:"approved_at,omitempty"`
	Participants   []communityCountJSON `json:"participants"`
	Totals         communityTotalsJSON  `json:"participant_totals"`
	LinkedPeople   int                  `json:"linked_people"`
	CreatedByName  string               `json:"created_by_name"`
	CreatedAt      time.Time            `json:"created_at"`
	UpdatedAt      time.Time            `json:"updated_at"`
	Version        int                  `json:"version"`
}

func communityView(in community.Initiative) communityJSON {
	t := community.Sum(in.Participants)
	out := communityJSON{ID: in.ID, ProjectID: in.ProjectID, OrgID: in.OrgID, OrgCode: in.OrgCode, Title: in.Title, Kind: in.Kind,
		Description: in.Description, District: in.District, Upazila: in.Upazila, Union: in.Union, Place: in.Place,
		StartsOn: apiDate(in.StartsOn), EndsOn: datePtr(in.EndsOn), Status: in.Status, BudgetLineID: in.BudgetLineID,
		BudgetMinor: in.BudgetMinor, Currency: in.Currency, CommittedMinor: in.CommittedMinor, HeldMinor: in.Held(),
		SpentMinor: in.SpentMinor, SpentUSDMinor: in.SpentUSD, LeftMinor: in.Left(), ApprovedByName: in.ApprovedByName,
		ApprovedAt: in.ApprovedAt, Participants: []communityCountJSON{}, LinkedPeople: in.Linked, CreatedByName: in.CreatedByName,
		CreatedAt: in.CreatedAt, UpdatedAt: in.UpdatedAt, Version: in.Version,
		Totals: communityTotalsJSON{All: t.All, Returnee: t.ByType[community.Returnee], CommunityMember: t.ByType[community.CommunityMember],
			Female: t.BySex["female"], Male: t.BySex["male"], ThirdGender: t.BySex["third_gender"]}}
	for _, c := range in.Participants {
		out.Participants = append(out.Participants, communityCountJSON(c))
	}
	return out
}

type communityRowJSON struct {
	ID           string   `json:"id"`
	ProjectID    string   `json:"project_id"`
	OrgID        string   `json:"org_id"`
	OrgCode      string   `json:"org_code"`
	Title        string   `json:"title"`
	Kind         string   `json:"kind"`
	District     string   `json:"district"`
	Upazila      string   `json:"upazila"`
	StartsOn     apiDate  `json:"starts_on"`
	EndsOn       *apiDate `json:"ends_on,omitempty"`
	Status       string   `json:"status"`
	BudgetMinor  int64    `json:"budget_minor"`
	Currency     string   `json:"currency"`
	HeldMinor    int64    `json:"held_minor"`
	SpentMinor   int64    `json:"spent_minor"`
	Participants int      `json:"participants_total"`
	LinkedPeople int      `json:"linked_people"`
	Version      int      `json:"version"`
}

func communityRowView(r store.CommunityRow) communityRowJSON {
	return communityRowJSON{ID: r.ID, ProjectID: r.ProjectID, OrgID: r.OrgID, OrgCode: r.OrgCode, Title: r.Title, Kind: r.Kind,
		District: r.District, Upazila: r.Upazila, StartsOn: apiDate(r.StartsOn), EndsOn: datePtr(r.EndsOn), Status: r.Status,
		BudgetMinor: r.BudgetMinor, Currency: r.Currency, HeldMinor: r.Held(), SpentMinor: r.SpentMinor, Participants: r.People,
		LinkedPeople: r.Linked, Version: r.Version}
}

type communityExpenseJSON struct {
	ID            string    `json:"id"`
	InitiativeID  string    `json:"initiative_id"`
	BudgetLineID  string    `json:"budget_line_id"`
	SpentOn       apiDate   `json:"spent_on"`
	AmountMinor   int64     `json:"amount_minor"`
	Currency      string    `json:"currency"`
	USDMinor      int64     `json:"usd_minor"`
	RateMicro     int64     `json:"rate_micro,omitempty"`
	Description   string    `json:"description"`
	Vendor        string    `json:"vendor,omitempty"`
	ReceiptRef    string    `json:"receipt_ref,omitempty"`
	ReversesID    string    `json:"reverses_id,omitempty"`
	ReversedBy    string    `json:"reversed_by,omitempty"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

func communityExpenseView(e community.Expense) communityExpenseJSON {
	return communityExpenseJSON{ID: e.ID, InitiativeID: e.InitiativeID, BudgetLineID: e.BudgetLineID, SpentOn: apiDate(e.SpentOn),
		AmountMinor: e.AmountMinor, Currency: e.Currency, USDMinor: e.USDMinor, RateMicro: e.RateMicro, Description: e.Description,
		Vendor: e.Vendor, ReceiptRef: e.ReceiptRef, ReversesID: e.ReversesID, ReversedBy: e.ReversedBy, CreatedByName: e.CreatedByName,
		CreatedAt: e.CreatedAt}
}

type communityPersonJSON struct {
	PersonID  string    `json:"person_id"`
	NameBn    string    `json:"name_bn,omitempty"`
	NameLatin string    `json:"name_latin,omitempty"`
	Sex       string    `json:"sex"`
	AddedBy   string    `json:"added_by"`
	AddedAt   time.Time `json:"added_at"`
}

func communityPersonView(p store.CommunityPerson) communityPersonJSON { return communityPersonJSON(p) }

// ---- community initiatives: handlers ----

func (s *server) listCommunity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	limit, offset, err := activityPageQuery(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	rows, more, err := s.db.ListCommunityInitiatives(r.Context(), pr.Actor, store.CommunityQuery{ProjectID: q.Get("project_id"),
		OrgID: q.Get("org_id"), Kind: q.Get("kind"), Status: q.Get("status"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	page := pageOf[communityRowJSON]{Items: views(rows, communityRowView)}
	if more {
		page.NextOffset = offset + limit
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

// communityFields are the fields of an initiative a client sends; nil
// keeps the value (on a change) or leaves it empty (on a new one).
type communityFields struct {
	Title        *string `json:"title"`
	Kind         *string `json:"kind"`
	Description  *string `json:"description"`
	Upazila      *string `json:"upazila"`
	Union        *string `json:"union"`
	Place        *string `json:"place"`
	StartsOn     *string `json:"starts_on"`
	EndsOn       *string `json:"ends_on"`
	BudgetLineID *string `json:"budget_line_id"`
	BudgetMinor  *int64  `json:"budget_minor"`
	Currency     *string `json:"currency"`
}

// apply puts the fields sent onto in; dates that cannot be read go to v.
func (f communityFields) apply(v *app.Validation, in *community.Initiative) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&in.Title, f.Title)
	set(&in.Kind, f.Kind)
	set(&in.Description, f.Description)
	set(&in.Upazila, f.Upazila)
	set(&in.Union, f.Union)
	set(&in.Place, f.Place)
	set(&in.BudgetLineID, f.BudgetLineID)
	set(&in.Currency, f.Currency)
	if f.BudgetMinor != nil {
		in.BudgetMinor = *f.BudgetMinor
	}
	if f.StartsOn != nil {
		in.StartsOn = time.Time{}
		if d := parseDate(v, "starts_on", f.StartsOn); d != nil {
			in.StartsOn = *d
		}
	}
	if f.EndsOn != nil {
		in.EndsOn = parseDate(v, "ends_on", f.EndsOn)
	}
}

type newCommunity struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	communityFields
}

func (s *server) createCommunity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newCommunity
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	var v app.Validation
	x := community.Initiative{ProjectID: strings.TrimSpace(in.ProjectID), OrgID: strings.TrimSpace(in.OrgID)}
	in.apply(&v, &x)
	if err := v.Err(); err != nil {
		return err
	}
	x, err := s.db.CreateCommunityInitiative(r.Context(), pr.Actor, x)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/community-initiatives/"+x.ID)
	httpx.WriteJSON(w, http.StatusCreated, communityView(x))
	return nil
}

func (s *server) getCommunity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	x, err := s.db.CommunityInitiativeByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, communityView(x))
	return nil
}

type communityPatch struct {
	Version int `json:"version"`
	communityFields
}

func (s *server) updateCommunity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in communityPatch
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	x, err := s.db.CommunityInitiativeByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	var v app.Validation
	if in.Version <= 0 {
		v.Add("version", "send the version of the initiative you read")
	}
	in.apply(&v, &x)
	if err := v.Err(); err != nil {
		return err
	}
	x.Version = in.Version
	if x, err = s.db.UpdateCommunityInitiative(r.Context(), pr.Actor, x); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, communityView(x))
	return nil
}

type communityStatusChange struct {
	Status  string `json:"status"`
	Version int    `json:"version"`
}

func (s *server) moveCommunity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in communityStatusChange
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	x, err := s.db.MoveCommunityInitiative(r.Context(), pr.Actor, id, in.Version, in.Status)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, communityView(x))
	return nil
}

type communityParticipants struct {
	Version int                  `json:"version"`
	Counts  []communityCountJSON `json:"counts"`
}

func (s *server) setCommunityParticipants(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in communityParticipants
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	if in.Version <= 0 {
		return app.FieldError("version", "send the version of the initiative you read")
	}
	counts := make([]community.Count, len(in.Counts))
	for i, c := range in.Counts {
		counts[i] = community.Count(c)
	}
	x, err := s.db.SetCommunityParticipants(r.Context(), pr.Actor, id, in.Version, counts)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, communityView(x))
	return nil
}

func (s *server) listCommunityExpenses(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	list, err := s.db.CommunityExpenses(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, communityExpenseView)))
	return nil
}

type newCommunityExpense struct {
	SpentOn     *string `json:"spent_on"`
	AmountMinor int64   `json:"amount_minor"`
	Currency    string  `json:"currency"`
	Description string  `json:"description"`
	Vendor      string  `json:"vendor"`
	ReceiptRef  string  `json:"receipt_ref"`
}

func (s *server) recordCommunityExpense(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newCommunityExpense
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	x, err := s.db.CommunityInitiativeByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	var v app.Validation
	e := community.Expense{AmountMinor: in.AmountMinor, Currency: in.Currency, Description: in.Description, Vendor: in.Vendor,
		ReceiptRef: in.ReceiptRef}
	if e.Currency == "" {
		e.Currency = x.Currency
	}
	if d := parseDate(&v, "spent_on", in.SpentOn); d != nil {
		e.SpentOn = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	if e, err = s.db.RecordCommunityExpense(r.Context(), pr.Actor, id, e); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, communityExpenseView(e))
	return nil
}

type communityReversal struct {
	Reason  string  `json:"reason"`
	SpentOn *string `json:"spent_on"`
}

func (s *server) reverseCommunityExpense(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in communityReversal
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "expense_id", "community expense")
	if err != nil {
		return err
	}
	list, err := s.db.CommunityExpenses(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	found := false
	for _, e := range list {
		found = found || e.ID == eid
	}
	if !found {
		return app.NotFound("community expense")
	}
	var v app.Validation
	var on time.Time
	if d := parseDate(&v, "spent_on", in.SpentOn); d != nil {
		on = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	rev, err := s.db.ReverseCommunityExpense(r.Context(), pr.Actor, eid, on, in.Reason)
	if err != nil {
		return activityReason(err)
	}
	httpx.WriteJSON(w, http.StatusCreated, communityExpenseView(rev))
	return nil
}

// activityReason names the API's field for the reason of a reversal,
// which the domain keeps in the reversal's description.
func activityReason(err error) error {
	f := app.ErrorFields(err)
	if msg, ok := f["description"]; ok && app.ErrorCode(err) == app.EINVALID {
		out := map[string]string{"reason": msg}
		for k, m := range f {
			if k != "description" {
				out[k] = m
			}
		}
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields", Fields: out}
	}
	return err
}

// readsCommunityPeople refuses the roles that never see returnees.
func readsCommunityPeople(pr *auth.Principal) error {
	if !pr.Actor.SeesReturnees() {
		return app.Errorf(app.EFORBIDDEN, "your role does not give access to returnees' records")
	}
	return nil
}

func (s *server) listCommunityPeople(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsCommunityPeople(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	people, err := s.db.CommunityPeople(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(people, communityPersonView)))
	return nil
}

type communityPersonLink struct {
	PersonID string `json:"person_id"`
}

func (s *server) linkCommunityPerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in communityPersonLink
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := readsCommunityPeople(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	if strings.TrimSpace(in.PersonID) == "" {
		return app.FieldError("person_id", "choose a returnee registered by the initiative's organisation")
	}
	if err := s.db.LinkCommunityPerson(r.Context(), pr.Actor, id, strings.TrimSpace(in.PersonID)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) unlinkCommunityPerson(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsCommunityPeople(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "community initiative")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "person_id", "person")
	if err != nil {
		return err
	}
	if err := s.db.UnlinkCommunityPerson(r.Context(), pr.Actor, id, pid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ---- capacity-building events: views ----

type capacityAttendanceJSON struct {
	OrgID       string `json:"org_id,omitempty"`
	OrgCode     string `json:"org_code,omitempty"`
	Body        string `json:"body,omitempty"`
	Female      int    `json:"female"`
	Male        int    `json:"male"`
	ThirdGender int    `json:"third_gender"`
	Total       int    `json:"total"`
}

func capacityAttendanceView(a capacity.Attendance) capacityAttendanceJSON {
	return capacityAttendanceJSON{OrgID: a.OrgID, OrgCode: a.OrgCode, Body: a.Body, Female: a.Female, Male: a.Male,
		ThirdGender: a.ThirdGender, Total: a.Total()}
}

type capacityEventJSON struct {
	ID              string                   `json:"id"`
	ProjectID       string                   `json:"project_id"`
	OrgID           string                   `json:"org_id"`
	OrgCode         string                   `json:"org_code"`
	Topic           string                   `json:"topic"`
	Kind            string                   `json:"kind"`
	Status          string                   `json:"status"`
	StartsOn        apiDate                  `json:"starts_on"`
	EndsOn          *apiDate                 `json:"ends_on,omitempty"`
	Place           string                   `json:"place"`
	District        string                   `json:"district,omitempty"`
	Facilitator     string                   `json:"facilitator,omitempty"`
	Notes           string                   `json:"notes,omitempty"`
	Attendance      []capacityAttendanceJSON `json:"attendance"`
	AttendanceTotal capacityAttendanceJSON   `json:"attendance_totals"`
	Scores          []capacity.Score         `json:"scores"`
	Summary         capacity.Summary         `json:"score_summary"`
	CreatedByName   string                   `json:"created_by_name"`
	CreatedAt       time.Time                `json:"created_at"`
	UpdatedAt       time.Time                `json:"updated_at"`
	Version         int                      `json:"version"`
}

func capacityEventView(e capacity.Event) capacityEventJSON {
	out := capacityEventJSON{ID: e.ID, ProjectID: e.ProjectID, OrgID: e.OrgID, OrgCode: e.OrgCode, Topic: e.Topic, Kind: e.Kind,
		Status: e.Status, StartsOn: apiDate(e.StartsOn), EndsOn: datePtr(e.EndsOn), Place: e.Place, District: e.District,
		Facilitator: e.Facilitator, Notes: e.Notes, Attendance: views(e.Attendance, capacityAttendanceView),
		AttendanceTotal: capacityAttendanceView(capacity.AttendanceTotals(e.Attendance)), Scores: e.Scores,
		Summary: capacity.Summarise(e.Scores), CreatedByName: e.CreatedByName, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
		Version: e.Version}
	if out.Scores == nil {
		out.Scores = []capacity.Score{}
	}
	return out
}

type capacityRowJSON struct {
	ID             string   `json:"id"`
	ProjectID      string   `json:"project_id"`
	OrgID          string   `json:"org_id"`
	OrgCode        string   `json:"org_code"`
	Topic          string   `json:"topic"`
	Kind           string   `json:"kind"`
	Status         string   `json:"status"`
	StartsOn       apiDate  `json:"starts_on"`
	EndsOn         *apiDate `json:"ends_on,omitempty"`
	Place          string   `json:"place"`
	Female         int      `json:"female"`
	Male           int      `json:"male"`
	ThirdGender    int      `json:"third_gender"`
	OpenActions    int      `json:"open_actions"`
	OverdueActions int      `json:"overdue_actions"`
	Version        int      `json:"version"`
}

func capacityRowView(r store.CapacityRow) capacityRowJSON {
	return capacityRowJSON{ID: r.ID, ProjectID: r.ProjectID, OrgID: r.OrgID, OrgCode: r.OrgCode, Topic: r.Topic, Kind: r.Kind,
		Status: r.Status, StartsOn: apiDate(r.StartsOn), EndsOn: datePtr(r.EndsOn), Place: r.Place, Female: r.Female, Male: r.Male,
		ThirdGender: r.ThirdGender, OpenActions: r.OpenActions, OverdueActions: r.Overdue, Version: r.Version}
}

type capacityActionJSON struct {
	ID            string    `json:"id"`
	EventID       string    `json:"event_id"`
	Action        string    `json:"action"`
	Owner         string    `json:"owner"`
	DueOn         apiDate   `json:"due_on"`
	Status        string    `json:"status"`
	DoneOn        *apiDate  `json:"done_on,omitempty"`
	Overdue       bool      `json:"overdue"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
}

func capacityActionView(x capacity.Action) capacityActionJSON {
	return capacityActionJSON{ID: x.ID, EventID: x.EventID, Action: x.Action, Owner: x.Owner, DueOn: apiDate(x.DueOn), Status: x.Status,
		DoneOn: datePtr(x.DoneOn), Overdue: x.Overdue(dhakaToday()), CreatedByName: x.CreatedByName, CreatedAt: x.CreatedAt,
		UpdatedAt: x.UpdatedAt, Version: x.Version}
}

// ---- capacity-building events: handlers ----

func (s *server) listCapacity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	limit, offset, err := activityPageQuery(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	rows, more, err := s.db.ListCapacityEvents(r.Context(), pr.Actor, store.CapacityQuery{ProjectID: q.Get("project_id"),
		OrgID: q.Get("org_id"), Kind: q.Get("kind"), Status: q.Get("status"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	page := pageOf[capacityRowJSON]{Items: views(rows, capacityRowView)}
	if more {
		page.NextOffset = offset + limit
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

type capacityFields struct {
	Topic       *string `json:"topic"`
	Kind        *string `json:"kind"`
	Status      *string `json:"status"`
	StartsOn    *string `json:"starts_on"`
	EndsOn      *string `json:"ends_on"`
	Place       *string `json:"place"`
	District    *string `json:"district"`
	Facilitator *string `json:"facilitator"`
	Notes       *string `json:"notes"`
}

func (f capacityFields) apply(v *app.Validation, e *capacity.Event) {
	for dst, src := range map[*string]*string{&e.Topic: f.Topic, &e.Kind: f.Kind, &e.Status: f.Status, &e.Place: f.Place,
		&e.District: f.District, &e.Facilitator: f.Facilitator, &e.Notes: f.Notes} {
		if src != nil {
			*dst = *src
		}
	}
	if f.StartsOn != nil {
		e.StartsOn = time.Time{}
		if d := parseDate(v, "starts_on", f.StartsOn); d != nil {
			e.StartsOn = *d
		}
	}
	if f.EndsOn != nil {
		e.EndsOn = parseDate(v, "ends_on", f.EndsOn)
	}
}

type newCapacity struct {
	ProjectID string `json:"project_id"`
	OrgID     string `json:"org_id"`
	capacityFields
}

func (s *server) createCapacity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newCapacity
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	var v app.Validation
	e := capacity.Event{ProjectID: strings.TrimSpace(in.ProjectID), OrgID: strings.TrimSpace(in.OrgID), Status: capacity.Planned}
	in.apply(&v, &e)
	if err := v.Err(); err != nil {
		return err
	}
	e, err := s.db.CreateCapacityEvent(r.Context(), pr.Actor, e)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/capacity-events/"+e.ID)
	httpx.WriteJSON(w, http.StatusCreated, capacityEventView(e))
	return nil
}

func (s *server) getCapacity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	e, err := s.db.CapacityEventByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, capacityEventView(e))
	return nil
}

type capacityPatch struct {
	Version int `json:"version"`
	capacityFields
}

func (s *server) updateCapacity(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in capacityPatch
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	e, err := s.db.CapacityEventByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	var v app.Validation
	if in.Version <= 0 {
		v.Add("version", "send the version of the event you read")
	}
	in.apply(&v, &e)
	if err := v.Err(); err != nil {
		return err
	}
	e.Version = in.Version
	if e, err = s.db.UpdateCapacityEvent(r.Context(), pr.Actor, e); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, capacityEventView(e))
	return nil
}

type capacityAttendanceIn struct {
	Version    int `json:"version"`
	Attendance []struct {
		OrgID       string `json:"org_id"`
		Body        string `json:"body"`
		Female      int    `json:"female"`
		Male        int    `json:"male"`
		ThirdGender int    `json:"third_gender"`
	} `json:"attendance"`
}

func (s *server) setCapacityAttendance(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in capacityAttendanceIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	if in.Version <= 0 {
		return app.FieldError("version", "send the version of the event you read")
	}
	rows := make([]capacity.Attendance, len(in.Attendance))
	for i, a := range in.Attendance {
		rows[i] = capacity.Attendance{OrgID: a.OrgID, Body: a.Body, Female: a.Female, Male: a.Male, ThirdGender: a.ThirdGender}
	}
	e, err := s.db.SetCapacityAttendance(r.Context(), pr.Actor, id, in.Version, rows)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, capacityEventView(e))
	return nil
}

type capacityScoresIn struct {
	Version int              `json:"version"`
	Scores  []capacity.Score `json:"scores"`
}

func (s *server) setCapacityScores(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in capacityScoresIn
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	if in.Version <= 0 {
		return app.FieldError("version", "send the version of the event you read")
	}
	e, err := s.db.SetCapacityScores(r.Context(), pr.Actor, id, in.Version, in.Scores)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, capacityEventView(e))
	return nil
}

func (s *server) listCapacityActions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	list, err := s.db.CapacityActions(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, capacityActionView)))
	return nil
}

type capacityActionFields struct {
	Action *string `json:"action"`
	Owner  *string `json:"owner"`
	DueOn  *string `json:"due_on"`
	Status *string `json:"status"`
	DoneOn *string `json:"done_on"`
}

func (f capacityActionFields) apply(v *app.Validation, x *capacity.Action) {
	for dst, src := range map[*string]*string{&x.Action: f.Action, &x.Owner: f.Owner, &x.Status: f.Status} {
		if src != nil {
			*dst = *src
		}
	}
	if f.DueOn != nil {
		x.DueOn = time.Time{}
		if d := parseDate(v, "due_on", f.DueOn); d != nil {
			x.DueOn = *d
		}
	}
	if f.DoneOn != nil {
		x.DoneOn = parseDate(v, "done_on", f.DoneOn)
	} else if f.Status != nil {
		x.DoneOn = nil // a new status: done_on is today's, unless given
	}
}

func (s *server) addCapacityAction(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in capacityActionFields
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	var v app.Validation
	x := capacity.Action{Status: capacity.Open}
	in.apply(&v, &x)
	if err := v.Err(); err != nil {
		return err
	}
	if x, err = s.db.AddCapacityAction(r.Context(), pr.Actor, id, x); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, capacityActionView(x))
	return nil
}

type capacityActionPatch struct {
	Version int `json:"version"`
	capacityActionFields
}

func (s *server) updateCapacityAction(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in capacityActionPatch
	if err := activityDecode(w, r, &in); err != nil {
		return err
	}
	if err := activityWrites(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "capacity-building event")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "action_id", "follow-up action")
	if err != nil {
		return err
	}
	list, err := s.db.CapacityActions(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	var x *capacity.Action
	for i := range list {
		if list[i].ID == aid {
			x = &list[i]
		}
	}
	if x == nil {
		return app.NotFound("follow-up action")
	}
	var v app.Validation
	if in.Version <= 0 {
		v.Add("version", "send the version of the action you read")
	}
	in.apply(&v, x)
	if err := v.Err(); err != nil {
		return err
	}
	x.Version = in.Version
	updated, err := s.db.UpdateCapacityAction(r.Context(), pr.Actor, id, *x)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, capacityActionView(updated))
	return nil
}

// ---- schemas ----

// activitySchemas are the schemas of this area's routes.
func activitySchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	text := func(desc string, max int) obj { return obj{"type": "string", "maxLength": max, "description": desc} }
	count := func(desc string, max int) obj {
		return obj{"type": "integer", "minimum": 0, "maximum": max, "description": desc}
	}
	nullableInt := func(desc string) obj {
		return obj{"type": "integer", "minimum": 0, "maximum": 100, "nullable": true, "description": desc}
	}
	nullableNum := func(desc string) obj { return obj{"type": "number", "nullable": true, "description": desc} }
	cents := func(desc string) obj { return schemaInt64(desc + " In US cents (the budget line's currency).") }
	groups := community.Groups()
	initiativeFields := obj{
		"title":          text("A short title.", 200),
		"kind":           enum("The kind of initiative.", community.Kinds),
		"description":    text("What it is and who it brings together.", 4000),
		"upazila":        str("Where it happens: the upazila's P-code (the district follows from it)."),
		"union":          str("The union's P-code, inside the upazila; empty for none."),
		"place":          text("The village, para or venue.", 300),
		"starts_on":      str("The start date, YYYY-MM-DD."),
		"ends_on":        str("The end date, YYYY-MM-DD; empty for none."),
		"budget_line_id": str("The budget line it spends from: of the same project and organisation, normally community projects."),
		"budget_minor":   obj{"type": "integer", "format": "int64", "minimum": 0, "description": "The budget in minor units of currency."},
		"currency":       enum("The budget's currency (default BDT).", programme.Currencies),
	}
	countSchema := object("How many people of one type, sex and population group took part.", []string{"type", "sex", "group", "people"},
		obj{
			"type":   enum("Returnees, or community members who never migrated.", community.ParticipantTypes),
			"sex":    enum("Their sex.", registry.Sexes),
			"group":  enum("Their population group: an ethnic group code, or general when not recorded.", groups),
			"people": count("How many.", community.MaxPeople),
		})
	eventFields := obj{
		"topic":       text("What the event taught.", 300),
		"kind":        enum("The kind of event.", capacity.Kinds),
		"status":      enum("Planned, held or cancelled (default planned on creation).", capacity.Statuses),
		"starts_on":   str("The (first) day, YYYY-MM-DD."),
		"ends_on":     str("The last day, YYYY-MM-DD; empty for a one-day event."),
		"place":       text("Where it took place.", 200),
		"district":    str("The district's P-code; empty for none."),
		"facilitator": text("Who facilitated.", 200),
		"notes":       text("Notes.", 4000),
	}
	actionFields := obj{
		"action":  text("What is to be done.", 400),
		"owner":   text("Who is responsible: a person, an office or an organisation.", 200),
		"due_on":  str("The date it is due, YYYY-MM-DD."),
		"status":  enum("Open or done.", capacity.ActionStatuses),
		"done_on": str("The day it was done, YYYY-MM-DD (default today when marked done)."),
	}
	attendanceRow := obj{
		"org_id":       str("An organisation in Remaker; leave empty for an outside body."),
		"body":         text("An outside body named in full (e.g. BMET, DEMO Lakshmipur, the Wage Earners' Welfare Board); empty with org_id.", 200),
		"female":       count("Women.", capacity.MaxPeople),
		"male":         count("Men.", capacity.MaxPeople),
		"third_gender": count("Third-gender participants.", capacity.MaxPeople),
	}
	return obj{
		"CommunityCount": countSchema,
		"CommunityParticipantTotals": object("Participants added up.", []string{"all", "returnee", "community_member", "female", "male", "third_gender"},
			obj{"all": integer("Everyone."), "returnee": integer("Returnees."), "community_member": integer("Community members."),
				"female": integer("Women."), "male": integer("Men."), "third_gender": integer("Third-gender participants.")}),
		"CommunityInitiative": object("A community initiative with its money and participants. Money in minor units.",
			[]string{"id", "project_id", "org_id", "org_code", "title", "kind", "district", "upazila", "starts_on", "status", "budget_minor",
				"currency", "committed_minor", "held_minor", "spent_minor", "spent_usd_minor", "left_minor", "participants",
				"participant_totals", "linked_people", "created_by_name", "created_at", "updated_at", "version"},
			withProps(initiativeFields, obj{
				"id":                 str("Initiative ID."),
				"project_id":         str("The project."),
				"org_id":             str("The organisation that runs it."),
				"org_code":           str("The organisation's code."),
				"district":           str("The district's P-code."),
				"starts_on":          schemaDate("The start date."),
				"ends_on":            schemaDate("The end date; absent when not set."),
				"status":             enum("Where it stands.", community.Statuses),
				"committed_minor":    cents("The budget converted at the rate of its approval day; 0 before approval."),
				"held_minor":         cents("What it holds on its line now (counted as committed there): the approved budget while approved or ongoing, what it spent once completed or cancelled, nothing while planned."),
				"spent_minor":        schemaInt64("What it spent, reversals included, in currency."),
				"spent_usd_minor":    cents("What it spent, each expense at the rate of its date (counted as disbursed on the line)."),
				"left_minor":         schemaInt64("What is left of the budget, in currency."),
				"approved_by_name":   str("Who approved the budget; absent before approval."),
				"approved_at":        timestamp("When the budget was approved; absent before approval."),
				"participants":       schemaArray("The counts, zero cells left out.", ref("CommunityCount")),
				"participant_totals": ref("CommunityParticipantTotals"),
				"linked_people":      integer("How many registered returnees are linked (who they are: GET .../people)."),
				"created_by_name":    str("Who added it."),
				"created_at":         timestamp("When it was added."),
				"updated_at":         timestamp("When it last changed."),
				"version":            version,
			})),
		"CommunityInitiativeRow": object("A community initiative in a list.",
			[]string{"id", "project_id", "org_id", "org_code", "title", "kind", "district", "upazila", "starts_on", "status", "budget_minor",
				"currency", "held_minor", "spent_minor", "participants_total", "linked_people", "version"},
			obj{
				"id": str("Initiative ID."), "project_id": str("The project."), "org_id": str("The organisation."), "org_code": str("Its code."),
				"title": str("The title."), "kind": enum("The kind.", community.Kinds), "district": str("District P-code."),
				"upazila": str("Upazila P-code."), "starts_on": schemaDate("Start date."), "ends_on": schemaDate("End date; absent when not set."),
				"status": enum("Where it stands.", community.Statuses), "budget_minor": schemaInt64("The budget in minor units of currency."),
				"currency": enum("The budget's currency.", programme.Currencies), "held_minor": cents("What it holds on its line."),
				"spent_minor": schemaInt64("What it spent, in currency."), "participants_total": integer("Participants counted."),
				"linked_people": integer("Registered returnees linked."), "version": version,
			}),
		"CommunityInitiativePage": pageSchema("CommunityInitiativeRow"),
		"NewCommunityInitiative": object("A community initiative to add.", []string{"project_id", "title", "kind", "upazila", "starts_on"},
			withProps(initiativeFields, obj{
				"project_id": str("The project."),
				"org_id":     str("The organisation that runs it; default your own."),
			})),
		"CommunityInitiativePatch": object("Changes to an initiative: fields left out keep their value.", []string{"version"},
			withProps(initiativeFields, obj{"version": sentVersion})),
		"CommunityStatusChange": object("A move along the lifecycle.", []string{"status", "version"},
			obj{"status": enum("The status to move to.", community.Statuses), "version": sentVersion}),
		"CommunityParticipants": object("The participant counts, replacing the old ones.", []string{"version", "counts"},
			obj{"version": sentVersion, "counts": schemaArray("The counts; a type, sex and group at most once.", ref("CommunityCount"))}),
		"CommunityExpense": object("Money an initiative spent, or the reversal of an entry.",
			[]string{"id", "initiative_id", "budget_line_id", "spent_on", "amount_minor", "currency", "usd_minor", "description",
				"created_by_name", "created_at"},
			obj{
				"id":              str("Expense ID."),
				"initiative_id":   str("The initiative."),
				"budget_line_id":  str("The line it was paid from."),
				"spent_on":        schemaDate("The day it was spent."),
				"amount_minor":    schemaInt64("The amount in minor units of currency; negative for a reversal."),
				"currency":        enum("The currency.", programme.Currencies),
				"usd_minor":       cents("The amount at the rate of spent_on."),
				"rate_micro":      schemaInt64("Taka per dollar in millionths used; absent for dollars."),
				"description":     str("What it paid for; for a reversal, why."),
				"vendor":          str("Whom it was paid to; absent when not recorded."),
				"receipt_ref":     str("The receipt or voucher number; absent when not recorded."),
				"reverses_id":     str("The entry this one reverses; absent otherwise."),
				"reversed_by":     str("The entry that reversed this one; absent otherwise."),
				"created_by_name": str("Who recorded it."),
				"created_at":      timestamp("When it was recorded."),
			}),
		"CommunityExpenseList": listSchema("CommunityExpense"),
		"NewCommunityExpense": object("An expense to record.", []string{"spent_on", "amount_minor", "description"},
			obj{
				"spent_on":     str("The day it was spent, YYYY-MM-DD."),
				"amount_minor": obj{"type": "integer", "format": "int64", "minimum": 1, "description": "The amount in minor units."},
				"currency":     enum("The currency: the budget's (default).", programme.Currencies),
				"description":  text("What it paid for.", 300),
				"vendor":       text("Whom it was paid to.", 300),
				"receipt_ref":  text("The receipt or voucher number.", 300),
			}),
		"CommunityExpenseReversal": object("Why an expense is reversed.", []string{"reason"},
			obj{"reason": text("Why.", 300), "spent_on": str("The day of the reversal, YYYY-MM-DD (default today).")}),
		"CommunityPerson": object("A registered returnee linked to an initiative. Personal data.",
			[]string{"person_id", "sex", "added_by", "added_at"},
			obj{
				"person_id":  str("The person."),
				"name_bn":    str("Name in Bangla; absent when not recorded."),
				"name_latin": str("Name in Latin letters; absent when not recorded."),
				"sex":        enum("Sex.", registry.Sexes),
				"added_by":   str("Username of who linked them."),
				"added_at":   timestamp("When."),
			}),
		"CommunityPersonList": listSchema("CommunityPerson"),
		"CommunityPersonLink": object("A returnee to link.", []string{"person_id"}, obj{"person_id": str("The person.")}),

		"CapacityAttendanceRow": object("Who came from one organisation or body, by sex.", []string{"female", "male", "third_gender", "total"},
			withProps(attendanceRow, obj{"org_code": str("The organisation's code; absent for an outside body."), "total": integer("Everyone of the row.")})),
		"CapacityScore": object("One participant's scores, anonymous.", []string{"pre", "post"},
			obj{"pre": nullableInt("Pre-test score, 0 to 100; null when missed."), "post": nullableInt("Post-test score, 0 to 100; null when missed.")}),
		"CapacityScoreSummary": object("What the scores say. Means rounded to one decimal; null when there is nothing to average.",
			[]string{"participants", "pre_count", "post_count", "pairs", "improved", "mean_pre", "mean_post", "mean_change"},
			obj{
				"participants": integer("Participants with scores."),
				"pre_count":    integer("Who took the pre-test."),
				"post_count":   integer("Who took the post-test."),
				"pairs":        integer("Who took both."),
				"improved":     integer("Of those who took both, how many scored higher after."),
				"mean_pre":     nullableNum("Mean pre-test score."),
				"mean_post":    nullableNum("Mean post-test score."),
				"mean_change":  nullableNum("Mean change over those who took both."),
			}),
		"CapacityEvent": object("A capacity-building event with attendance and scores.",
			[]string{"id", "project_id", "org_id", "org_code", "topic", "kind", "status", "starts_on", "place", "attendance",
				"attendance_totals", "scores", "score_summary", "created_by_name", "created_at", "updated_at", "version"},
			withProps(eventFields, obj{
				"id":                str("Event ID."),
				"project_id":        str("The project."),
				"org_id":            str("The organiser."),
				"org_code":          str("The organiser's code."),
				"starts_on":         schemaDate("The (first) day."),
				"ends_on":           schemaDate("The last day; absent for a one-day event."),
				"attendance":        schemaArray("Who attended, by organisation or body.", ref("CapacityAttendanceRow")),
				"attendance_totals": ref("CapacityAttendanceRow"),
				"scores":            schemaArray("The anonymous scores.", ref("CapacityScore")),
				"score_summary":     ref("CapacityScoreSummary"),
				"created_by_name":   str("Who added it."),
				"created_at":        timestamp("When it was added."),
				"updated_at":        timestamp("When it last changed."),
				"version":           version,
			})),
		"CapacityEventRow": object("A capacity-building event in a list.",
			[]string{"id", "project_id", "org_id", "org_code", "topic", "kind", "status", "starts_on", "place", "female", "male",
				"third_gender", "open_actions", "overdue_actions", "version"},
			obj{
				"id": str("Event ID."), "project_id": str("The project."), "org_id": str("The organiser."), "org_code": str("Its code."),
				"topic": str("The topic."), "kind": enum("The kind.", capacity.Kinds), "status": enum("Planned, held or cancelled.", capacity.Statuses),
				"starts_on": schemaDate("The (first) day."), "ends_on": schemaDate("The last day; absent for a one-day event."),
				"place": str("Where."), "female": integer("Women who attended."), "male": integer("Men who attended."),
				"third_gender": integer("Third-gender participants."), "open_actions": integer("Follow-up actions still open."),
				"overdue_actions": integer("Of those, past their due date."), "version": version,
			}),
		"CapacityEventPage": pageSchema("CapacityEventRow"),
		"NewCapacityEvent": object("A capacity-building event to add.", []string{"project_id", "topic", "kind", "starts_on", "place"},
			withProps(eventFields, obj{"project_id": str("The project."), "org_id": str("The organiser; default your own organisation.")})),
		"CapacityEventPatch": object("Changes to an event: fields left out keep their value.", []string{"version"},
			withProps(eventFields, obj{"version": sentVersion})),
		"CapacityAttendance": object("Who attended, replacing the old rows.", []string{"version", "attendance"},
			obj{"version": sentVersion, "attendance": schemaArray("One row per organisation or body.",
				object("Attendance from one organisation or body.", nil, attendanceRow))}),
		"CapacityScores": object("The score sheet, replacing the old one.", []string{"version", "scores"},
			obj{"version": sentVersion, "scores": schemaArray("One item per participant.", ref("CapacityScore"))}),
		"CapacityAction": object("A follow-up action agreed at an event.",
			[]string{"id", "event_id", "action", "owner", "due_on", "status", "overdue", "created_by_name", "created_at", "updated_at", "version"},
			withProps(actionFields, obj{
				"id":              str("Action ID."),
				"event_id":        str("The event."),
				"due_on":          schemaDate("The day it is due."),
				"done_on":         schemaDate("The day it was done; absent while open."),
				"overdue":         schemaBool("Open and past its due date."),
				"created_by_name": str("Who added it."),
				"created_at":      timestamp("When it was added."),
				"updated_at":      timestamp("When it last changed."),
				"version":         version,
			})),
		"CapacityActionList": listSchema("CapacityAction"),
		"NewCapacityAction":  object("A follow-up action to add.", []string{"action", "owner", "due_on"}, actionFields),
		"CapacityActionPatch": object("Changes to an action: fields left out keep their value.", []string{"version"},
			withProps(actionFields, obj{"version": sentVersion})),
	}
}
