package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
)

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

const apiDescription = `Remaker's JSON API, for programs. Remaker is case-management software for the reintegration of
returning labour migrants (IOM Bangladesh's REMA(K)ER model).

**Authentication.** Every operation but this document needs a personal access token, created in the web
interface (Account) or with POST /tokens, sent as ` + "`Authorization: Bearer rmk_...`" + `. A missing, unknown or
revoked token, or one whose owner is disabled, is 401. A browser session cookie does not open the API.

**Scope.** Everything is scoped to what the caller's role may see. A record outside your scope is 404, exactly
like one that does not exist; a record you can see but may not change is 403. Each operation says who may call
it (also in x-remaker-roles).

**Errors** are RFC 9457 problem details (application/problem+json) with a stable ` + "`code`" + ` and, for invalid
input, the offending fields named in ` + "`errors`" + `. Anything wrong with what the client sent (malformed JSON,
a value of the wrong type, an unknown or missing field, a bad or unknown query parameter) is 422; a body over
1 MiB is 413; a method a path does not serve is 405 with an Allow header; a stale version is 409 and nothing
is written; too many wrong current passwords is 429. ` + "`detail`" + ` and the field messages are in English, or in Bangla when Accept-Language prefers bn.

**Lists** are ` + "`{\"items\": [...]}`" + `. Times are RFC 3339 in UTC.`

// openAPI builds the OpenAPI 3.0.3 document from the route table.
func openAPI(routes []route, version string) obj {
	if version == "" {
		version = "dev"
	}
	paths := obj{}
	for _, rt := range routes {
		item, ok := paths[rt.Path].(obj)
		if !ok {
			item = obj{}
			paths[rt.Path] = item
		}
		item[strings.ToLower(rt.Method)] = operation(rt)
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "Remaker API",
			"version":     version,
			"description": apiDescription,
			"license":     obj{"name": "MIT"},
		},
		"servers": []any{obj{"url": Prefix, "description": "This Remaker server"}},
		"tags": []any{
			obj{"name": "me", "description": "The signed-in user"},
			obj{"name": "organisations", "description": "IOM, partner CSOs, government bodies and service providers"},
			obj{"name": "users", "description": "People who sign in, their roles and organisations"},
			obj{"name": "tokens", "description": "Personal access tokens for this API"},
			obj{"name": "audit", "description": "The append-only audit trail"},
			obj{"name": "projects", "description": "Projects that cases belong to"},
			obj{"name": "people", "description": "Returnees and their families: the register, migration history, skills and consent"},
			obj{"name": "households", "description": "Households and their members"},
			obj{"name": "cases", "description": "Cases along IOM's Integrated Approach to Reintegration: lifecycle, timeline, tasks, screening"},
			obj{"name": "imports", "description": "Importing people from CSV or XLSX, and exporting lists"},
			obj{"name": "budget", "description": "Budget lines, exchange rates and a project's budget figures"},
			obj{"name": "plans", "description": "Reintegration plans, their approval, and the assistance ledger"},
			obj{"name": "services", "description": "The service directory: what organisations and government bodies offer returnees"},
			obj{"name": "referrals", "description": "Referrals from a case to a service, and the receiving organisation's inbox"},
			obj{"name": "visits", "description": "Follow-up monitoring visits: scheduling, recording, the due and overdue lists"},
			obj{"name": "community", "description": "Community initiatives: collective businesses, community centres, awareness and social-cohesion events"},
			obj{"name": "capacity", "description": "Capacity-building events for partner staff and government officials"},
			obj{"name": "forms", "description": "XLSForm questionnaires: uploading, versions (draft, published, retired), downloads and assignments"},
			obj{"name": "form-media", "description": "The images, audio, video and data files a form version refers to, served to devices in its OpenRosa manifest"},
			obj{"name": "submissions", "description": "Filled forms: lists, answers, review and export"},
			obj{"name": "study", "description": "Scoping studies: stages, team, qualitative sessions with coded passages, theme counts, stakeholder consultations, recommendations and follow-up actions"},
			obj{"name": "scores", "description": "Scored instruments such as the Reintegration Sustainability Survey: scoring versions, scores per case, aggregates"},
			obj{"name": "analysis", "description": "Scoping-study analysis: cross-tabulations with confidence intervals, readiness profiles, skills supply against demand"},
			obj{"name": "strategy", "description": "A study's strategy document: sections, versions, evidence blocks and validation comments"},
			obj{"name": "meta", "description": "About the API itself"},
		},
		"security": []any{obj{"bearerAuth": []any{}}},
		"paths":    paths,
		"components": obj{
			"securitySchemes": obj{
				"bearerAuth": obj{"type": "http", "scheme": "bearer", "bearerFormat": "rmk_ personal access token",
					"description": "A personal access token (rmk_...), created in the web interface or with POST /tokens."},
			},
			"schemas":   allSchemas(),
			"responses": problemResponses(),
		},
	}
}

// problemStatuses names the reusable problem responses.
var problemStatuses = map[int]string{
	http.StatusUnauthorized:          "Unauthorized",
	http.StatusForbidden:             "Forbidden",
	http.StatusNotFound:              "NotFound",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "TooLarge",
	http.StatusUnprocessableEntity:   "Invalid",
	http.StatusTooManyRequests:       "TooMany",
}

var problemDescriptions = map[string]string{
	"Unauthorized": "No token, or an unknown or revoked one, or its owner is disabled.",
	"Forbidden":    "Signed in, but your role may not do this.",
	"NotFound":     "No such record, or it is outside your scope: the two are indistinguishable.",
	"Conflict":     "A stale version (someone else changed the record since you read it) or a duplicate; nothing was written.",
	"TooLarge":     "The request body is over 1 MiB.",
	"Invalid":      "The request is malformed or fails validation: malformed JSON, a wrong type, an unknown or missing field, a bad query parameter. The fields are named in errors.",
	"TooMany":      "Too many wrong passwords lately: wait, as the detail says, and try again.",
	"Error":        "Any other problem: 405 for a method the path does not serve, 503 when the database is not answering, 500 for a fault on the server (quote request_id).",
}

func problemResponses() obj {
	out := obj{}
	for name, desc := range problemDescriptions {
		out[name] = obj{
			"description": desc,
			"content":     obj{"application/problem+json": obj{"schema": ref("Problem")}},
		}
	}
	return out
}

func ref(schema string) obj { return obj{"$ref": "#/components/schemas/" + schema} }

// errorStatuses is every problem status a route documents: its own and the
// implied ones.
func (rt route) errorStatuses() []int {
	st := slices.Clone(rt.Errors)
	if !rt.Public {
		// Every route with a token refuses unknown query parameters.
		st = append(st, http.StatusUnauthorized, http.StatusUnprocessableEntity)
	}
	if len(pathParams(rt.Path)) > 0 {
		st = append(st, http.StatusNotFound)
	}
	if rt.Body != "" {
		st = append(st, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity)
	}
	slices.Sort(st)
	return slices.Compact(st)
}

func operation(rt route) obj {
	desc := rt.Description
	if desc != "" {
		desc += "\n\n"
	}
	desc += "**Who may call it:** " + rt.Roles
	op := obj{
		"operationId":     rt.ID,
		"summary":         rt.Summary,
		"description":     desc,
		"tags":            []any{rt.Tag},
		"x-remaker-roles": rt.Roles,
	}
	if rt.Public {
		op["security"] = []any{}
	}
	var params []any
	for _, p := range pathParams(rt.Path) {
		params = append(params, obj{"name": p, "in": "path", "required": true, "schema": obj{"type": "string"},
			"description": "The record's ID."})
	}
	for _, p := range rt.Query {
		schema := obj{"type": p.Type}
		if p.Format != "" {
			schema["format"] = p.Format
		}
		if len(p.Enum) > 0 {
			schema["enum"] = p.Enum
		}
		if p.Minimum != 0 {
			schema["minimum"] = p.Minimum
		}
		if p.Maximum != 0 {
			schema["maximum"] = p.Maximum
		}
		params = append(params, obj{"name": p.Name, "in": "query", "required": false, "schema": schema,
			"description": p.Description})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.Body != "" {
		op["requestBody"] = obj{"required": true,
			"content": obj{"application/json": obj{"schema": ref(rt.Body)}}}
	}
	ok := obj{"description": http.StatusText(rt.Status)}
	if rt.Result != "" {
		ok["content"] = obj{"application/json": obj{"schema": ref(rt.Result)}}
	}
	responses := obj{strconv.Itoa(rt.Status): ok, "default": obj{"$ref": "#/components/responses/Error"}}
	for _, st := range rt.errorStatuses() {
		responses[strconv.Itoa(st)] = obj{"$ref": "#/components/responses/" + problemStatuses[st]}
	}
	op["responses"] = responses
	return op
}

// Schema helpers.

func str(desc string) obj { return obj{"type": "string", "description": desc} }

func enum(desc string, values []string) obj {
	return obj{"type": "string", "description": desc, "enum": values}
}

func timestamp(desc string) obj {
	return obj{"type": "string", "format": "date-time", "description": desc}
}

func integer(desc string) obj { return obj{"type": "integer", "description": desc} }

// object is a closed object schema.
func object(desc string, required []string, props obj) obj {
	o := obj{"type": "object", "description": desc, "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func listSchema(item string) obj {
	return object("A list.", []string{"items"}, obj{"items": obj{"type": "array", "items": ref(item)}})
}

// allSchemas merges the foundation's schemas with each area's; a name
// defined twice is a programming error.
func allSchemas() obj {
	out := schemas()
	for _, part := range []obj{registrySchemas(), caseSchemas(), importSchemas(), projectSchemas(),
		planSchemas(), referralSchemas(), visitSchemas(), activitySchemas(), formSchemas(), studySchemas(),
		scoringSchemas(), analysisSchemas(), strategySchemas()} {
		for k, v := range part {
			if _, dup := out[k]; dup {
				panic("api: schema " + k + " defined twice")
			}
			out[k] = v
		}
	}
	return out
}

func schemas() obj {
	roles := roleNames()
	version := integer("Increases with every change; send it back when changing the record.")
	apiToken := obj{
		"id":           str("Token ID."),
		"user_id":      str("The owner."),
		"name":         str("What uses the token."),
		"prefix":       str("The token's first characters, to recognise it."),
		"created_at":   timestamp("When it was created."),
		"last_used_at": timestamp("When it was last used, to the minute; absent if never."),
		"revoked_at":   timestamp("When it was revoked; absent while it works."),
	}
	created := obj{"token": str("The token itself: shown this once, never again.")}
	for k, v := range apiToken {
		created[k] = v
	}
	return obj{
		"Organisation": object("IOM, a partner CSO, a government body or a service provider.",
			[]string{"id", "code", "name_en", "name_bn", "kind", "created_at", "updated_at", "version"},
			obj{
				"id":         str("Organisation ID (UUIDv7)."),
				"code":       str("Short code, e.g. BNSK."),
				"name_en":    str("Name in English."),
				"name_bn":    str("Name in Bangla; may be empty."),
				"kind":       enum("Kind of organisation.", store.OrgKinds),
				"created_at": timestamp("When it was added."),
				"updated_at": timestamp("When it last changed."),
				"version":    version,
			}),
		"NewOrganisation": object("An organisation to add.", []string{"code", "name_en", "kind"},
			obj{
				"code":    str("2 to 20 capital letters, digits, - or _, starting with a letter (e.g. BNSK); unique."),
				"name_en": obj{"type": "string", "maxLength": 200, "description": "Name in English."},
				"name_bn": str("Name in Bangla."),
				"kind":    enum("Kind of organisation.", store.OrgKinds),
			}),
		"OrganisationList": listSchema("Organisation"),
		"User": object("A person who signs in.",
			[]string{"id", "org_id", "org_code", "username", "full_name", "role", "lang", "password_changed_at",
				"created_at", "updated_at", "version"},
			obj{
				"id":                  str("User ID (UUIDv7)."),
				"org_id":              str("The user's organisation."),
				"org_code":            str("The organisation's code."),
				"username":            str("Sign-in name."),
				"full_name":           str("Full name; may be empty."),
				"role":                enum("What the user may do.", roles),
				"lang":                enum("Interface language.", store.Languages),
				"password_changed_at": timestamp("When the password last changed."),
				"disabled_at":         timestamp("When the user was disabled; absent while active."),
				"last_sign_in_at":     timestamp("Last sign-in to the web interface; absent if never."),
				"created_at":          timestamp("When the user was added."),
				"updated_at":          timestamp("When the user last changed."),
				"version":             version,
			}),
		"NewUser": object("A user to add.", []string{"org_id", "username", "role", "password"},
			obj{
				"org_id":    str("The user's organisation."),
				"username":  str("2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit; unique regardless of case."),
				"full_name": obj{"type": "string", "maxLength": 200, "description": "Full name."},
				"role":      enum("What the user may do; see the roles you may grant.", roles),
				"lang":      obj{"type": "string", "enum": store.Languages, "default": "bn", "description": "Interface language."},
				"password": obj{"type": "string", "format": "password", "minLength": 10,
					"description": "At least 10 characters, not a common password, not containing the username."},
			}),
		"UserPatch": object("Changes to a user. Fields left out keep their value.", []string{"version"},
			obj{
				"full_name": obj{"type": "string", "maxLength": 200, "description": "Full name."},
				"role":      enum("New role.", roles),
				"lang":      enum("Interface language.", store.Languages),
				"version":   integer("The version you read; a stale one is 409."),
			}),
		"UserList": listSchema("User"),
		"PasswordChange": object("Your current password and the new one.", []string{"current_password", "new_password"},
			obj{
				"current_password": obj{"type": "string", "format": "password", "description": "Your current password."},
				"new_password": obj{"type": "string", "format": "password", "minLength": 10,
					"description": "At least 10 characters, not a common password, not containing your username."},
			}),
		"PasswordReset": object("The user's new password.", []string{"password"},
			obj{"password": obj{"type": "string", "format": "password", "minLength": 10,
				"description": "At least 10 characters, not a common password, not containing the username."}}),
		"APIToken":        object("A personal access token (never the token itself).", []string{"id", "user_id", "name", "prefix", "created_at"}, apiToken),
		"CreatedAPIToken": object("A new token, with the token itself.", []string{"id", "user_id", "name", "prefix", "created_at", "token"}, created),
		"NewAPIToken": object("A token to create.", []string{"name"},
			obj{"name": obj{"type": "string", "minLength": 1, "maxLength": 100, "description": "Say what will use it."}}),
		"APITokenList": listSchema("APIToken"),
		"AuditEntry": object("One line of the audit trail.",
			[]string{"id", "at", "actor_id", "actor_name", "actor_org_id", "action", "object_type", "object_id",
				"object_org_id", "client_ip", "request_id"},
			obj{
				"id":            obj{"type": "integer", "format": "int64", "description": "Entry ID; increases with time."},
				"at":            timestamp("When it happened."),
				"actor_id":      str("Who did it; empty for the system."),
				"actor_name":    str("Their username at the time."),
				"actor_org_id":  str("Their organisation; may be empty."),
				"action":        str("What they did: create, update, disable, sign_in, token_create..."),
				"object_type":   str("Kind of object: user, organisation, api_token, session..."),
				"object_id":     str("The object's ID."),
				"object_org_id": str("The object's organisation; may be empty."),
				"client_ip":     str("The client's address."),
				"request_id":    str("The request's ID, as in the server log."),
				"details": obj{"type": "object", "additionalProperties": true,
					"description": "For updates {\"field\": [old, new]}; otherwise context. Absent when there is none."},
			}),
		"AuditPage": object("A page of the audit trail, newest first.", []string{"items"},
			obj{
				"items": obj{"type": "array", "items": ref("AuditEntry")},
				"next_before_id": obj{"type": "integer", "format": "int64",
					"description": "Pass as before_id for the next page; absent on the last page."},
			}),
		"Problem": object("An RFC 9457 problem details object.", []string{"type", "title", "status", "code"},
			obj{
				"type":     obj{"type": "string", "format": "uri", "description": "Identifies the kind of problem."},
				"title":    str("The HTTP status text."),
				"status":   integer("The HTTP status."),
				"detail":   str("What went wrong and what to do, in English or Bangla (Accept-Language)."),
				"instance": str("The request path."),
				"code":     enum("Stable machine-readable code.", problemCodes),
				"errors": obj{"type": "object", "additionalProperties": obj{"type": "string"},
					"description": "For invalid input: a message per offending field (or query parameter)."},
				"request_id": str("The request's ID, to quote when reporting a server error."),
			}),
		"OpenAPIDocument": obj{"type": "object", "additionalProperties": true, "description": "An OpenAPI 3.0 document."},
	}
}

// problemCodes are the codes a problem may carry.
var problemCodes = []string{app.ENOTFOUND, app.EINVALID, app.ECONFLICT, app.EFORBIDDEN, app.EUNAUTHORIZED,
	app.ETOOMANY, app.ETOOLARGE, app.EINTERNAL, app.EUNAVAILABLE, app.EMETHOD}
