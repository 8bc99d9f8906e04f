package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// The service directory and referrals between organisations. The
// directory is not personal data: every role reads it. A referral belongs
// to the referring organisation's case and is read there in full; the
// receiving organisation works from its inbox (/inbox/referrals), which
// shows only what it needs to act, and only while the person consents to
// sharing with it.

const (
	serviceReaders = "Every role: the directory is not personal data."
	serviceWriters = "Administrators and programme managers for every organisation; organisation managers for their own " +
		"organisation's services. Everyone else gets 403, before the fields are checked."
	inboxUsers = "Organisation managers and case workers, for referrals made to their own organisation. Other roles get 403; " +
		"a referral that is not in your inbox (made to another organisation, or whose person withdrew consent to sharing " +
		"with yours) is 404."
)

var (
	referralMoves         = []string{referral.Accepted, referral.Declined, referral.Completed, referral.Cancelled}
	referralStatusFilters = append([]string{"open"}, referral.Statuses...)
	inboxStatusFilters    = append([]string{"open", "all"}, referral.Statuses...)
)

// referralRoutes lists this area's operations (see allRoutes).
func (s *server) referralRoutes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/services", ID: "listServices", Tag: "services", handle: s.listServices,
			Summary: "The service directory",
			Description: "Ordered by organisation code, then name. National services (no areas) cover every area. A bad " +
				"filter is 422 naming it.",
			Roles: serviceReaders,
			Query: []param{
				{Name: "type", Type: "string", Enum: referral.ServiceTypes, Description: "Only services of this type."},
				{Name: "area", Type: "string", Description: "Only services covering this place (a P-code of a division, " +
					"district, upazila or union): national ones, ones covering a larger area that contains it, and ones of a " +
					"smaller area inside it."},
				{Name: "org_id", Type: "string", Description: "Only this organisation's services."},
				{Name: "q", Type: "string", Description: "Words of the service's or the organisation's name (either language) or the organisation's code. At most 200 characters."},
				{Name: "include_inactive", Type: "boolean", Description: "Include services no longer offered (default false)."},
			},
			Status: http.StatusOK, Result: "ServiceList"},
		{Method: http.MethodPost, Path: "/services", ID: "createService", Tag: "services", handle: s.createService,
			Summary: "Add a service to the directory",
			Description: "A new service is active. org_id may be left out by an organisation manager: the service is their " +
				"organisation's. A second service of the same organisation with the same English name is 409 naming name_en. " +
				"Location names the service.",
			Roles: serviceWriters,
			Body:  "NewService", Status: http.StatusCreated, Result: "Service",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/services/{id}", ID: "getService", Tag: "services", handle: s.getService,
			Summary: "Read a service", Roles: serviceReaders,
			Status: http.StatusOK, Result: "Service"},
		{Method: http.MethodPatch, Path: "/services/{id}", ID: "updateService", Tag: "services", handle: s.updateService,
			Summary: "Change a service",
			Description: "Send version as read; fields left out keep their value; active false takes the service off the " +
				"directory (referrals already made keep it). The organisation does not change: a service moving to another " +
				"organisation is a new service. A stale version is 409 and nothing is written.",
			Roles: serviceWriters,
			Body:  "ServicePatch", Status: http.StatusOK, Result: "Service",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/cases/{id}/referrals", ID: "listCaseReferrals", Tag: "referrals", handle: s.listCaseReferrals,
			Summary: "A case's referrals", Description: "Newest first, as the referring organisation sees them.",
			Roles: returneeReaders, Status: http.StatusOK, Result: "ReferralList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/cases/{id}/referrals", ID: "createReferral", Tag: "referrals", handle: s.createReferral,
			Summary: "Refer the person of a case to a service",
			Description: datesNote + "The case must be open (409 otherwise) and the service active. A service of another " +
				"organisation needs the person's active consent to sharing their details with that organisation: without it " +
				"the answer is 403 saying so, and nothing is written (record the consent with POST /people/{id}/consents). " +
				"A second open referral of the case to the same service is 409. The answer is due on due_on, by default 14 " +
				"days from today; not in the past, not over six months ahead. Location names the referral.",
			Roles: returneeWriters,
			Body:  "NewReferral", Status: http.StatusCreated, Result: "Referral",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/referrals", ID: "listReferrals", Tag: "referrals", handle: s.listReferrals,
			Summary: "Referrals made by your organisation",
			Description: "Waiting ones first (requested, then accepted), by due date. The referrals made to your " +
				"organisation are in GET /inbox/referrals.",
			Roles: returneeReaders,
			Query: []param{
				{Name: "status", Type: "string", Enum: referralStatusFilters, Description: "Only referrals with this status; open means requested or accepted."},
				{Name: "overdue", Type: "boolean", Description: "Only referrals waiting for an answer past their due date."},
				{Name: "org_id", Type: "string", Description: "Only referrals made by this organisation (useful to programme managers)."},
				{Name: "assigned_to", Type: "string", Description: "Only referrals of cases assigned to this user (ID)."},
				{Name: "limit", Type: "integer", Minimum: 1, Maximum: 1000, Description: "At most this many (default 200)."},
			},
			Status: http.StatusOK, Result: "ReferralList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/referrals/{id}", ID: "getReferral", Tag: "referrals", handle: s.getReferral,
			Summary:     "Read a referral your organisation made",
			Description: "The receiving organisation reads it through GET /inbox/referrals/{id}: here it is 404 to them.",
			Roles:       returneeReaders,
			Status:      http.StatusOK, Result: "Referral", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/referrals/{id}/transitions", ID: "moveReferral", Tag: "referrals", handle: s.moveReferral,
			Summary: "Take a step on a referral your organisation made",
			Description: "to=cancelled cancels it (a reason is needed once it was accepted). When the receiving " +
				"organisation has nobody in Remaker (receiver_in_remaker false, e.g. a government office), the referring " +
				"organisation also records its answers here: accepted, declined (with a reason), completed (with an outcome " +
				"and feedback); the audit trail says so. Otherwise those answers are the receiver's (403 here). Send version " +
				"as read: a stale version is 409 and nothing is written; so is a step from a status that does not allow it.",
			Roles: returneeWriters,
			Body:  "ReferralStep", Status: http.StatusOK, Result: "Referral",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/inbox/referrals", ID: "listReceivedReferrals", Tag: "referrals", handle: s.listInbox,
			Summary: "Referrals made to your organisation",
			Description: "Only what the receiving organisation needs to act: the person's name, phone, sex, age band and " +
				"district, the need, and who referred when; never the case or the person's record. Only referrals whose " +
				"person consents to sharing with your organisation (or made inside it). Waiting ones first, by due date.",
			Roles: inboxUsers,
			Query: []param{
				{Name: "status", Type: "string", Enum: inboxStatusFilters, Description: "open (the default: requested or accepted), all, or one status."},
				{Name: "overdue", Type: "boolean", Description: "Only referrals waiting for an answer past their due date."},
			},
			Status: http.StatusOK, Result: "ReceivedReferralList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodGet, Path: "/inbox/referrals/{id}", ID: "getReceivedReferral", Tag: "referrals", handle: s.getReceived,
			Summary: "Read a referral made to your organisation", Description: "The look is recorded in the audit trail.",
			Roles:  inboxUsers,
			Status: http.StatusOK, Result: "ReceivedReferral", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/inbox/referrals/{id}/transitions", ID: "answerReferral", Tag: "referrals", handle: s.answerReferral,
			Summary: "Answer a referral made to your organisation",
			Description: "to: accepted or declined (with a reason) while it is requested; completed (with an outcome and " +
				"feedback, which the referring organisation reads) once accepted. Only the referring organisation cancels " +
				"(403). Send version as read: a stale version is 409 and nothing is written; so is a step from a status " +
				"that does not allow it.",
			Roles: inboxUsers,
			Body:  "ReferralStep", Status: http.StatusOK, Result: "ReceivedReferral",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// Views.

type serviceJSON struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"org_id"`
	OrgCode     string    `json:"org_code"`
	OrgNameEn   string    `json:"org_name_en"`
	OrgNameBn   string    `json:"org_name_bn"`
	OrgKind     string    `json:"org_kind"`
	NameEn      string    `json:"name_en"`
	NameBn      string    `json:"name_bn"`
	Type        string    `json:"type"`
	Areas       []string  `json:"areas"`
	ContactName string    `json:"contact_name"`
	Phone       string    `json:"phone"`
	Email       string    `json:"email"`
	Notes       string    `json:"notes"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
}

func serviceView(s referral.Service) serviceJSON {
	return serviceJSON{ID: s.ID, OrgID: s.OrgID, OrgCode: s.OrgCode, OrgNameEn: s.OrgNameEn, OrgNameBn: s.OrgNameBn, OrgKind: s.OrgKind,
		NameEn: s.NameEn, NameBn: s.NameBn, Type: s.Type, Areas: strs(s.Areas), ContactName: s.ContactName, Phone: s.Phone,
		Email: s.Email, Notes: s.Notes, Active: s.Active, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Version: s.Version}
}

// referralJSON is a referral as its referring organisation sees it. The
// embedded fields keep their names; due_on is written as a date.
type referralJSON struct {
	referral.Referral
	DueOn apiDate `json:"due_on"`
}

func referralView(r referral.Referral) referralJSON {
	return referralJSON{Referral: r, DueOn: apiDate(r.DueOn)}
}

// receivedJSON is a referral of an inbox; due_on is written as a date.
type receivedJSON struct {
	store.ReferralInboxItem
	DueOn apiDate `json:"due_on"`
}

func receivedView(i store.ReferralInboxItem) receivedJSON {
	return receivedJSON{ReferralInboxItem: i, DueOn: apiDate(i.DueOn)}
}

// Handlers: the directory.

func (s *server) listServices(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	q := r.URL.Query()
	var v app.Validation
	sq := store.ServiceQuery{Type: q.Get("type"), OrgID: strings.TrimSpace(q.Get("org_id")), Text: strings.TrimSpace(q.Get("q")),
		Area: strings.ToUpper(strings.TrimSpace(q.Get("area"))), Inactive: queryBool(r, "include_inactive")}
	if len([]rune(sq.Text)) > maxQueryText {
		v.Add("q", "keep the search under 200 characters")
	}
	if sq.Area != "" && !refdata.ValidPcode(sq.Area) {
		v.Add("area", "this P-code is not a known place at this level: choose from the list")
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := s.db.ListServices(r.Context(), pr.Actor, sq)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, serviceView)))
	return nil
}

// keepsDirectory refuses roles that keep no part of the directory.
func keepsDirectory(pr *auth.Principal) error {
	if !pr.Actor.AllOrgs() && pr.Actor.Role != app.RoleOrgManager {
		return app.Errorf(app.EFORBIDDEN, "your role cannot change the service directory")
	}
	return nil
}

type newService struct {
	OrgID       string   `json:"org_id"`
	NameEn      string   `json:"name_en"`
	NameBn      string   `json:"name_bn"`
	Type        string   `json:"type"`
	Areas       []string `json:"areas"`
	ContactName string   `json:"contact_name"`
	Phone       string   `json:"phone"`
	Email       string   `json:"email"`
	Notes       string   `json:"notes"`
}

func (s *server) createService(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newService
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := keepsDirectory(pr); err != nil {
		return err
	}
	svc, err := s.db.CreateService(r.Context(), pr.Actor, referral.Service{OrgID: strings.TrimSpace(in.OrgID), NameEn: in.NameEn,
		NameBn: in.NameBn, Type: in.Type, Areas: in.Areas, ContactName: in.ContactName, Phone: in.Phone, Email: in.Email, Notes: in.Notes})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/services/"+svc.ID)
	httpx.WriteJSON(w, http.StatusCreated, serviceView(svc))
	return nil
}

func (s *server) getService(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "service")
	if err != nil {
		return err
	}
	svc, err := s.db.ServiceByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, serviceView(svc))
	return nil
}

type servicePatch struct {
	NameEn      *string   `json:"name_en"`
	NameBn      *string   `json:"name_bn"`
	Type        *string   `json:"type"`
	Areas       *[]string `json:"areas"`
	ContactName *string   `json:"contact_name"`
	Phone       *string   `json:"phone"`
	Email       *string   `json:"email"`
	Notes       *string   `json:"notes"`
	Active      *bool     `json:"active"`
	Version     *int      `json:"version"`
}

func (s *server) updateService(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in servicePatch
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	if err := keepsDirectory(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "service")
	if err != nil {
		return err
	}
	svc, err := s.db.ServiceByID(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	if !store.CanEditService(pr.Actor, svc.OrgID) {
		return app.Errorf(app.EFORBIDDEN, "you can only change your own organisation's services")
	}
	if err := needVersion(in.Version); err != nil {
		return err
	}
	for dst, src := range map[*string]*string{&svc.NameEn: in.NameEn, &svc.NameBn: in.NameBn, &svc.Type: in.Type,
		&svc.ContactName: in.ContactName, &svc.Phone: in.Phone, &svc.Email: in.Email, &svc.Notes: in.Notes} {
		if src != nil {
			*dst = *src
		}
	}
	if in.Areas != nil {
		svc.Areas = *in.Areas
	}
	if in.Active != nil {
		svc.Active = *in.Active
	}
	svc.Version = *in.Version
	if svc, err = s.db.UpdateService(r.Context(), pr.Actor, svc); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, serviceView(svc))
	return nil
}

// Handlers: referrals, as the referring organisation.

func (s *server) listCaseReferrals(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return listOwned(w, r, pr, caseInPath, s.db.ReferralsOfCase, referralView)
}

type newReferral struct {
	ServiceID string  `json:"service_id"`
	Reason    string  `json:"reason"`
	DueOn     *string `json:"due_on"`
}

func (s *server) createReferral(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newReferral
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	id, err := caseID(r, pr, true)
	if err != nil {
		return err
	}
	var v app.Validation
	ref := referral.Referral{CaseID: id, ServiceID: strings.TrimSpace(in.ServiceID), Reason: in.Reason}
	if d := parseDate(&v, "due_on", in.DueOn); d != nil {
		ref.DueOn = *d
	}
	if err := v.Err(); err != nil {
		return err
	}
	if ref, err = s.db.CreateReferral(r.Context(), pr.Actor, ref); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/referrals/"+ref.ID)
	httpx.WriteJSON(w, http.StatusCreated, referralView(ref))
	return nil
}

func (s *server) listReferrals(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := readsReturnees(pr); err != nil {
		return err
	}
	q := r.URL.Query()
	limit, ok := queryInt(r, "limit", 1, 1000)
	if !ok {
		return app.FieldError("limit", "give a whole number from 1 to 1000")
	}
	list, err := s.db.ListReferrals(r.Context(), pr.Actor, store.ReferralQuery{Status: q.Get("status"), Overdue: queryBool(r, "overdue"),
		OrgID: strings.TrimSpace(q.Get("org_id")), AssignedTo: strings.TrimSpace(q.Get("assigned_to")), Limit: int(limit)})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, referralView)))
	return nil
}

func (s *server) getReferral(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	ref, err := visibleRecord(r, pr, "referral", s.db.ReferralByID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, referralView(ref))
	return nil
}

type referralStep struct {
	To       string `json:"to"`
	Reason   string `json:"reason"`
	Outcome  string `json:"outcome"`
	Feedback string `json:"feedback"`
	Version  *int   `json:"version"`
}

func (in referralStep) step() referral.Step {
	return referral.Step{To: in.To, Reason: in.Reason, Outcome: in.Outcome, Feedback: in.Feedback}
}

// stepOn reads a step's body and the referral in the path, after the role check.
func stepOn(w http.ResponseWriter, r *http.Request, pr *auth.Principal) (string, referralStep, error) {
	var in referralStep
	if err := decodeBody(w, r, &in); err != nil {
		return "", in, err
	}
	if err := writesReturnees(pr); err != nil {
		return "", in, err
	}
	id, err := pathID(r, "id", "referral")
	if err != nil {
		return "", in, err
	}
	if err := needVersion(in.Version); err != nil {
		return "", in, err
	}
	return id, in, nil
}

func (s *server) moveReferral(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, in, err := stepOn(w, r, pr)
	if err != nil {
		return err
	}
	// Only the referring organisation works here: the receiver's answers
	// come back through its inbox, which never shows the case.
	if _, err := s.db.ReferralByID(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	ref, err := s.db.MoveReferral(r.Context(), pr.Actor, id, *in.Version, in.step())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, referralView(ref))
	return nil
}

// Handlers: the receiving organisation's inbox.

func (s *server) listInbox(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := writesReturnees(pr); err != nil {
		return err
	}
	iq := store.InboxQuery{Status: r.URL.Query().Get("status"), Overdue: queryBool(r, "overdue")}
	if iq.Status == "open" {
		iq.Status = ""
	}
	items, err := s.db.ReferralInbox(r.Context(), pr.Actor, iq)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(items, receivedView)))
	return nil
}

func (s *server) getReceived(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if err := writesReturnees(pr); err != nil {
		return err
	}
	id, err := pathID(r, "id", "referral")
	if err != nil {
		return err
	}
	it, err := s.db.ReceivedReferral(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, receivedView(it))
	return nil
}

func (s *server) answerReferral(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, in, err := stepOn(w, r, pr)
	if err != nil {
		return err
	}
	it, err := s.db.AnswerReferral(r.Context(), pr.Actor, id, *in.Version, in.step())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, receivedView(it))
	return nil
}

// referralSchemas lists the schemas this area's operations use (see allSchemas).
func referralSchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	text := func(max int, desc string) obj { return obj{"type": "string", "maxLength": max, "description": desc} }
	areas := schemaArray("P-codes of the divisions, districts or upazilas covered; empty for the whole country.", str("A P-code."))
	serviceInput := obj{
		"name_en":      text(200, "The service's name in English; unique within the organisation."),
		"name_bn":      text(200, "The name in Bangla."),
		"type":         enum("The type of service.", referral.ServiceTypes),
		"areas":        areas,
		"contact_name": text(200, "Whom to ask for: a person or a desk."),
		"phone":        str("3 to 15 digits (a hotline such as 333 is fine); +, spaces, dashes and brackets allowed."),
		"email":        str("An email address."),
		"notes":        text(4000, "What to know before referring someone."),
	}
	status := enum("Where the referral is: requested (waiting for an answer), accepted, declined, completed or cancelled.", referral.Statuses)
	answered := obj{
		"accepted_at":    timestamp("When it was accepted; absent before."),
		"declined_at":    timestamp("When it was declined; absent unless declined."),
		"decline_reason": str("Why it was declined; absent unless declined."),
		"completed_at":   timestamp("When it was completed; absent before."),
		"outcome":        enum("What came of it, on completion; absent before.", referral.Outcomes),
		"feedback":       str("What was done for the person, on completion; absent before."),
		"cancelled_at":   timestamp("When the referring organisation cancelled it; absent unless cancelled."),
	}
	common := obj{
		"id":              str("Referral ID."),
		"status":          status,
		"case_reference":  str("The referring case's reference, to quote on the phone."),
		"service_id":      str("The service."),
		"service_name_en": str("The service's name in English."),
		"service_name_bn": str("The service's name in Bangla; absent or empty when it has none."),
		"service_type":    enum("The type of service.", referral.ServiceTypes),
		"reason":          str("What the person needs from the service."),
		"from_org_code":   str("The referring organisation's code."),
		"requested_at":    timestamp("When the referral was made."),
		"due_on":          schemaDate("The date an answer is due by."),
		"overdue":         schemaBool("Still waiting for an answer past due_on."),
		"version":         version,
	}
	commonRequired := []string{"id", "status", "case_reference", "service_id", "service_name_en", "service_type", "reason",
		"from_org_code", "requested_at", "due_on", "overdue", "version"}
	return obj{
		"Service": object("An entry of the service directory: what an organisation offers returnees, where, and whom to contact.",
			[]string{"id", "org_id", "org_code", "org_name_en", "org_name_bn", "org_kind", "name_en", "name_bn", "type", "areas",
				"contact_name", "phone", "email", "notes", "active", "created_at", "updated_at", "version"},
			withProps(serviceInput, obj{
				"id":          str("Service ID."),
				"org_id":      str("The organisation that provides it."),
				"org_code":    str("The organisation's code."),
				"org_name_en": str("The organisation's name in English."),
				"org_name_bn": str("The organisation's name in Bangla; may be empty."),
				"org_kind":    enum("The kind of organisation.", store.OrgKinds),
				"active":      schemaBool("Whether it is still offered; inactive services take no new referrals."),
				"created_at":  timestamp("When it was added."),
				"updated_at":  timestamp("When it last changed."),
				"version":     version,
			})),
		"ServiceList": listSchema("Service"),
		"NewService": object("A service to add.", []string{"name_en", "type"},
			withProps(serviceInput, obj{"org_id": str("The organisation that provides it; an organisation manager may leave it out (their own).")})),
		"ServicePatch": object("Changes to a service; fields left out keep their value.", []string{"version"},
			withProps(serviceInput, obj{
				"active":  schemaBool("false takes the service off the directory; true offers it again."),
				"version": sentVersion,
			})),
		"Referral": object("A referral as the referring organisation sees it.",
			append([]string{"case_id", "person_id", "from_org_id", "to_org_id", "to_org_code", "requested_by", "updated_at",
				"sharing_consent", "receiver_in_remaker"}, commonRequired...),
			withProps(withProps(common, answered), obj{
				"case_id":             str("The referring case."),
				"person_id":           str("The person referred."),
				"from_org_id":         str("The referring organisation."),
				"to_org_id":           str("The receiving organisation: the service's."),
				"to_org_code":         str("The receiving organisation's code."),
				"requested_by":        str("Username of who made the referral."),
				"responded_by":        str("Username of who accepted or declined it; absent before."),
				"completed_by":        str("Username of who completed it; absent before."),
				"cancelled_by":        str("Username of who cancelled it; absent unless cancelled."),
				"cancel_reason":       str("Why it was cancelled; absent when none was given."),
				"updated_at":          timestamp("When it last changed."),
				"sharing_consent":     schemaBool("The person's consent to sharing with the receiving organisation is active (always true inside one organisation); without it the receiver no longer sees the referral."),
				"receiver_in_remaker": schemaBool("The receiving organisation has people in Remaker who answer in their inbox; when false, the referring organisation records the answers (POST /referrals/{id}/transitions)."),
			})),
		"ReferralList": listSchema("Referral"),
		"NewReferral": object("A referral to make.", []string{"service_id", "reason"},
			obj{
				"service_id": str("An active service of the directory."),
				"reason":     obj{"type": "string", "minLength": 1, "maxLength": 4000, "description": "What the person needs from the service; the receiving organisation reads it."},
				"due_on":     str("The date an answer is due by, YYYY-MM-DD; 14 days from today when left out; not in the past, not over six months ahead."),
			}),
		"ReferralStep": object("A step on a referral.", []string{"to", "version"},
			obj{
				"to":       enum("accepted, declined or completed (the receiver's answers), or cancelled (the referrer's).", referralMoves),
				"reason":   text(2000, "Why it is declined (needed), or cancelled (needed once accepted); refused otherwise."),
				"outcome":  enum("What came of it: needed with to=completed, refused otherwise.", referral.Outcomes),
				"feedback": text(4000, "What was done for the person: needed with to=completed, refused otherwise."),
				"version":  sentVersion,
			}),
		"ReceivedReferral": object("A referral made to your organisation, with only what you need to act on it.",
			append([]string{"name_bn", "name_latin", "sex", "service_name_bn", "from_org_name_en", "from_org_name_bn", "referred_by"}, commonRequired...),
			withProps(withProps(common, answered), obj{
				"name_bn":          str("The person's name in Bangla; may be empty."),
				"name_latin":       str("The person's name in Latin letters; may be empty."),
				"phone":            str("The person's first phone number; absent when none."),
				"sex":              enum("The person's sex.", registry.Sexes),
				"age_band":         enum("The person's age, as a band; absent when the birth date is unknown.", referral.AgeBands),
				"district":         str("The district the person lives in (P-code); absent when not recorded."),
				"from_org_name_en": str("The referring organisation's name in English."),
				"from_org_name_bn": str("The referring organisation's name in Bangla; may be empty."),
				"referred_by":      str("Who made the referral: their name, or username."),
			})),
		"ReceivedReferralList": listSchema("ReceivedReferral"),
	}
}
