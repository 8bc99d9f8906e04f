package api

import (
	"net/http"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

// route is one operation of the API. The table below is the only place
// routes are declared: New registers each handler from it and openAPI
// describes each from it.
type route struct {
	Method string
	Path   string // below /api/v1, with {name} path parameters
	ID     string // OpenAPI operationId
	Tag    string
	// Summary is one line; Roles says who may call it and what each role
	// gets (it goes into the description and into x-remaker-roles).
	Summary, Description, Roles string
	Public                      bool    // no token needed
	Query                       []param // the query parameters; any other is refused
	Body                        string  // request body schema ("" for none)
	Status                      int     // success status
	Result                      string  // success body schema ("" for none)
	// Errors lists the problem statuses particular to the route; 401 and 422
	// (any route but public ones: unknown query parameters are refused), 404
	// (routes with path parameters) and 413 (routes with a body) are implied.
	Errors []int
	handle handle
}

// param is a query parameter.
type param struct {
	Name, Type, Format, Description string
	Enum                            []string
	Minimum, Maximum                int64
}

func roleNames() []string {
	out := make([]string, len(app.Roles))
	for i, r := range app.Roles {
		out[i] = string(r)
	}
	return out
}

// pathParams lists the {name} parameters of a path.
func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, strings.Trim(seg, "{}"))
		}
	}
	return out
}

// Who sees which users. One sentence, used by every user route.
const userScope = "Administrators and programme managers see every organisation's users; organisation managers and " +
	"case workers see their own organisation's. Viewers and enumerators see only themselves: they never receive " +
	"other people's details (least privilege). A user outside your scope is 404, like one that does not exist."

// allRoutes is the whole route table: the foundation's routes, then each
// area's, each area in its own file with the schemas it uses.
func (s *server) allRoutes() []route {
	var out []route
	for _, part := range [][]route{s.routes(), s.registryRoutes(), s.caseRoutes(), s.importRoutes(), s.projectRoutes(),
		s.planRoutes(), s.referralRoutes(), s.visitRoutes(), s.activityRoutes(), s.formRoutes(), s.studyRoutes(),
		s.scoringRoutes(), s.analysisRoutes(), s.strategyRoutes()} {
		out = append(out, part...)
	}
	return out
}

func (s *server) routes() []route {
	return []route{
		{Method: http.MethodGet, Path: "/me", ID: "getMe", Tag: "me", handle: s.getMe,
			Summary: "The signed-in user", Roles: "Every role.",
			Status: http.StatusOK, Result: "User"},
		{Method: http.MethodPut, Path: "/me/password", ID: "changeMyPassword", Tag: "me", handle: s.changeMyPassword,
			Summary: "Change your own password",
			Description: "Checks the current password. Every browser session of yours ends; API tokens keep working. " +
				"Wrong current passwords count as failed sign-ins: too many and the answer is 429 for a while.",
			Roles: "Every role.",
			Body:  "PasswordChange", Status: http.StatusNoContent,
			Errors: []int{http.StatusTooManyRequests}},

		{Method: http.MethodGet, Path: "/organisations", ID: "listOrganisations", Tag: "organisations", handle: s.listOrgs,
			Summary: "List organisations",
			Roles:   "Every role: organisation names are not personal data, and referrals between organisations need them.",
			Status:  http.StatusOK, Result: "OrganisationList"},
		{Method: http.MethodPost, Path: "/organisations", ID: "createOrganisation", Tag: "organisations", handle: s.createOrg,
			Summary: "Add an organisation", Roles: "Administrators only; everyone else gets 403.",
			Body: "NewOrganisation", Status: http.StatusCreated, Result: "Organisation",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/users", ID: "listUsers", Tag: "users", handle: s.listUsers,
			Summary: "List the users you may see", Roles: userScope,
			Query: []param{
				{Name: "org_id", Type: "string", Description: "Only users of this organisation."},
				{Name: "role", Type: "string", Enum: roleNames(), Description: "Only users with this role."},
				{Name: "include_disabled", Type: "boolean", Description: "Include disabled users (default false)."},
			},
			Status: http.StatusOK, Result: "UserList"},
		{Method: http.MethodPost, Path: "/users", ID: "createUser", Tag: "users", handle: s.createUser,
			Summary: "Add a user",
			Roles: "Administrators may add any role to any organisation; organisation managers may add organisation " +
				"managers, case workers, enumerators and viewers to their own organisation. Anything else is 403: in " +
				"particular, managers cannot create administrators or programme managers.",
			Body: "NewUser", Status: http.StatusCreated, Result: "User",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/users/{id}", ID: "getUser", Tag: "users", handle: s.getUser,
			Summary: "Read a user", Roles: userScope,
			Status: http.StatusOK, Result: "User"},
		{Method: http.MethodPatch, Path: "/users/{id}", ID: "updateUser", Tag: "users", handle: s.updateUser,
			Summary: "Change a user's name, role or language",
			Description: "Send version as read; fields left out keep their value. If someone changed the user since " +
				"(a stale version), the answer is 409 and nothing is written.",
			Roles: "Administrators; organisation managers within their organisation, giving only roles they may grant; " +
				"anyone their own full_name and lang, never their own role. A user you can see but may not change is " +
				"403. " + userScope,
			Body: "UserPatch", Status: http.StatusOK, Result: "User",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/users/{id}/disable", ID: "disableUser", Tag: "users", handle: s.disableUser,
			Summary:     "Disable a user",
			Description: "Ends the user's sessions; their API tokens stop working while they are disabled. Disabling yourself is 422.",
			Roles:       "Administrators; organisation managers within their organisation. A user you can see but may not change is 403. " + userScope,
			Status:      http.StatusOK, Result: "User",
			Errors: []int{http.StatusForbidden, http.StatusUnprocessableEntity}},
		{Method: http.MethodPost, Path: "/users/{id}/enable", ID: "enableUser", Tag: "users", handle: s.enableUser,
			Summary: "Enable a disabled user",
			Roles:   "Administrators; organisation managers within their organisation. A user you can see but may not change is 403. " + userScope,
			Status:  http.StatusOK, Result: "User",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPut, Path: "/users/{id}/password", ID: "resetUserPassword", Tag: "users", handle: s.resetPassword,
			Summary:     "Reset another user's password",
			Description: "Ends the user's sessions. Your own password is changed with PUT /me/password, which checks the current one: here it is 403.",
			Roles:       "Administrators; organisation managers within their organisation. A user you can see but may not change is 403. " + userScope,
			Body:        "PasswordReset", Status: http.StatusNoContent,
			Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/tokens", ID: "listTokens", Tag: "tokens", handle: s.listTokens,
			Summary: "List your API tokens", Roles: "Every role, for their own tokens only.",
			Status: http.StatusOK, Result: "APITokenList"},
		{Method: http.MethodPost, Path: "/tokens", ID: "createToken", Tag: "tokens", handle: s.createToken,
			Summary:     "Create an API token",
			Description: "The answer holds the token itself, shown this once: only its hash is kept.",
			Roles:       "Every role, for themselves.",
			Body:        "NewAPIToken", Status: http.StatusCreated, Result: "CreatedAPIToken"},
		{Method: http.MethodDelete, Path: "/tokens/{id}", ID: "revokeToken", Tag: "tokens", handle: s.revokeToken,
			Summary: "Revoke one of your API tokens",
			Roles:   "Every role, for their own tokens; another user's token is 404.",
			Status:  http.StatusNoContent},

		{Method: http.MethodGet, Path: "/audit", ID: "listAudit", Tag: "audit", handle: s.listAudit,
			Summary: "Browse the audit trail, newest first",
			Description: "Pages by keyset: pass next_before_id as before_id for the next page; next_before_id is absent " +
				"on the last page (it may also lead to an empty page when the last page was exactly full). A date " +
				"(YYYY-MM-DD) is that day in Bangladesh; to is exclusive for a time and includes the whole day for a date.",
			Roles: "Administrators and programme managers; everyone else gets 403.",
			Query: []param{
				{Name: "actor_id", Type: "string", Description: "Only entries made by this user."},
				{Name: "org_id", Type: "string", Description: "Only entries whose actor or object belongs to this organisation."},
				{Name: "action", Type: "string", Enum: auditActions, Description: "Only this action."},
				{Name: "object_type", Type: "string", Description: "Only this kind of object (user, organisation, api_token, session...)."},
				{Name: "object_id", Type: "string", Description: "Only entries about this object."},
				{Name: "from", Type: "string", Description: "From this time (RFC 3339) or date (YYYY-MM-DD), inclusive."},
				{Name: "to", Type: "string", Description: "Up to this time (RFC 3339, exclusive) or date (YYYY-MM-DD, inclusive)."},
				{Name: "before_id", Type: "integer", Format: "int64", Minimum: 1, Description: "Only entries older than this one (paging)."},
				{Name: "limit", Type: "integer", Minimum: 1, Maximum: maxAuditPage, Description: "Entries per page (default 100)."},
			},
			Status: http.StatusOK, Result: "AuditPage",
			Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/openapi.json", ID: "getOpenAPI", Tag: "meta", handle: s.getOpenAPI, Public: true,
			Summary: "This OpenAPI document", Roles: "Public: no token needed.",
			Status: http.StatusOK, Result: "OpenAPIDocument"},
	}
}

// auditActions are the actions the store writes, offered as a filter.
var auditActions = store.AuditActions
