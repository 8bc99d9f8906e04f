package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Who may read and change the register: one sentence each, used by every
// people and household route (and the case routes).
const (
	returneeReaders = "Programme managers (every organisation), organisation managers and case workers (their own " +
		"organisation). Administrators, viewers and enumerators never receive returnees' records: 403 on this route " +
		"whatever the ID. A record of another organisation is 404, exactly like one that does not exist."
	returneeWriters = "Organisation managers and case workers, on records of their own organisation. Programme managers " +
		"read but do not write: 403. Administrators, viewers and enumerators: 403. The role is checked before the " +
		"fields (a body that is not a JSON object is still 422). A record of another organisation is 404, exactly " +
		"like one that does not exist."
)

// Request-body conventions of the register, said once.
const (
	datesNote = "Dates are \"YYYY-MM-DD\" (a bad one is 422 naming the field). "
	moneyNote = "Money is in whole minor units of its currency (paisa for BDT, cents for USD), in the fields ending _minor. "
)

// registryRoutes lists this area's operations (see allRoutes).
func (s *server) registryRoutes() []route {
	personFilters := []param{
		{Name: "q", Type: "string", Description: "A name in Bangla or Latin letters (every word must match the start of a " +
			"name word; spelling variants such as Md./Mohammad/Muhammad and a Bangla spelling and its romanisation match each " +
			"other), a mobile number or its last six digits, or an NID, passport or BMET number. At most 200 characters."},
		{Name: "org_id", Type: "string", Description: "Only this organisation's (useful to programme managers)."},
		{Name: "sex", Type: "string", Enum: registry.Sexes, Description: "Only this sex."},
		{Name: "district", Type: "string", Description: "Only people living in this district (its P-code, e.g. BD2051)."},
		{Name: "return_year", Type: "integer", Minimum: 1950, Maximum: 2100,
			Description: "Only people with a migration episode returning in this year."},
		{Name: "destination", Type: "string",
			Description: "Only people with a migration episode in this country (ISO 3166-1 alpha-2, e.g. SA)."},
		{Name: "limit", Type: "integer", Minimum: 1, Maximum: maxPage, Description: "Items per page (default 50)."},
		{Name: "offset", Type: "integer", Description: "Items to skip (paging): pass next_offset."},
	}
	return []route{
		{Method: http.MethodGet, Path: "/projects", ID: "listProjects", Tag: "projects", handle: s.listProjects,
			Summary:     "List projects",
			Description: "Newest first. With open_to, only the active projects that organisation is a partner of: the ones it may open cases in.",
			Roles:       "Every role: project sheets are programme information, not personal data.",
			Query: []param{{Name: "open_to", Type: "string",
				Description: "An organisation ID: only the active projects it is a partner of."}},
			Status: http.StatusOK, Result: "ProjectList"},
		{Method: http.MethodGet, Path: "/projects/{id}", ID: "getProject", Tag: "projects", handle: s.getProject,
			Summary: "Read a project", Roles: "Every role: project sheets are programme information, not personal data.",
			Status: http.StatusOK, Result: "Project"},
		{Method: http.MethodPost, Path: "/projects", ID: "createProject", Tag: "projects", handle: s.createProject,
			Summary:     "Add a project",
			Description: datesNote + moneyNote + "Cases open only in active projects, and only for the partner organisations named.",
			Roles:       "Administrators and programme managers; everyone else gets 403, before the fields are checked.",
			Body:        "NewProject", Status: http.StatusCreated, Result: "Project",
			Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/people", ID: "listPeople", Tag: "people", handle: s.listPeople,
			Summary: "Search the register",
			Description: "Ordered by name. Pages by offset: next_offset is where the next page starts, absent on the last page. " +
				"A bad filter is 422 naming it (an unknown district P-code or country too), never an unfiltered list.",
			Roles: returneeReaders, Query: personFilters,
			Status: http.StatusOK, Result: "PersonPage", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/people", ID: "createPerson", Tag: "people", handle: s.createPerson,
			Summary: "Register a person",
			Description: datesNote + "The person joins the caller's organisation. With consent, the person's consent to " +
				"registration is recorded in the same request (the purpose is registration; other consents are added with " +
				"POST /people/{id}/consents). Both are checked before anything is written: if either is wrong the answer is " +
				"422 naming every wrong field (consent.method, consent.given_on) and nothing is stored. A national ID already " +
				"registered in the organisation is 409 naming nid. Without a registration consent no case can be opened.",
			Roles: returneeWriters,
			Body:  "NewPerson", Status: http.StatusCreated, Result: "Person",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/people/{id}", ID: "getPerson", Tag: "people", handle: s.getPerson,
			Summary: "Read a person", Description: "Every read of a person is recorded in the audit trail.",
			Roles: returneeReaders, Status: http.StatusOK, Result: "Person", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPatch, Path: "/people/{id}", ID: "updatePerson", Tag: "people", handle: s.updatePerson,
			Summary: "Change a person's record",
			Description: datesNote + "Send version as read; fields left out keep their value. To clear a text field or " +
				"birth_date send \"\"; to clear a list send []; wg replaces all the answers ({} clears them). The address " +
				"(division, district, upazila, union) changes as a whole: send the levels you know, the others are cleared, " +
				"and the lowest one fixes those above it. A stale version is 409 and nothing is written; a national ID " +
				"already registered in the organisation is 409 naming nid.",
			Roles: returneeWriters,
			Body:  "PersonPatch", Status: http.StatusOK, Result: "Person",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/people/{id}/consents", ID: "listConsents", Tag: "people", handle: s.listConsents,
			Summary: "A person's consents", Description: "Newest first, withdrawn ones included (active is false).",
			Roles: returneeReaders, Status: http.StatusOK, Result: "ConsentList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/people/{id}/consents", ID: "addConsent", Tag: "people", handle: s.addConsent,
			Summary: "Record a consent",
			Description: datesNote + "Consent to sharing names the organisation (shared_with_org); the other purposes do not. " +
				"Location names the person's consent list.",
			Roles: returneeWriters,
			Body:  "NewConsent", Status: http.StatusCreated, Result: "Consent",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/people/{id}/consents/{consent_id}/withdraw", ID: "withdrawConsent", Tag: "people",
			handle:  s.withdrawConsent,
			Summary: "Withdraw a consent",
			Description: "Takes effect at once: what needed the consent stops (without a registration consent no case can be " +
				"opened). Answers the consent as now stored. A consent already withdrawn is 409.",
			Roles: returneeWriters,
			Body:  "ConsentWithdrawal", Status: http.StatusOK, Result: "Consent",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},

		{Method: http.MethodGet, Path: "/people/{id}/episodes", ID: "listEpisodes", Tag: "people", handle: s.listEpisodes,
			Summary: "A person's migration history", Description: "Latest return first.",
			Roles: returneeReaders, Status: http.StatusOK, Result: "EpisodeList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/people/{id}/episodes", ID: "addEpisode", Tag: "people", handle: s.addEpisode,
			Summary:     "Record a period of work abroad",
			Description: datesNote + moneyNote + "Location names the person's episode list.",
			Roles:       returneeWriters,
			Body:        "NewEpisode", Status: http.StatusCreated, Result: "Episode",
			Errors: []int{http.StatusForbidden}},

		{Method: http.MethodGet, Path: "/people/{id}/skills", ID: "listSkills", Tag: "people", handle: s.listSkills,
			Summary: "A person's skills", Roles: returneeReaders,
			Status: http.StatusOK, Result: "SkillList", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPost, Path: "/people/{id}/skills", ID: "addSkill", Tag: "people", handle: s.addSkill,
			Summary: "Record a skill", Description: "Location names the person's skill list.", Roles: returneeWriters,
			Body: "NewSkill", Status: http.StatusCreated, Result: "Skill",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodDelete, Path: "/people/{id}/skills/{skill_id}", ID: "removeSkill", Tag: "people", handle: s.removeSkill,
			Summary: "Remove a skill recorded in error", Roles: returneeWriters,
			Status: http.StatusNoContent, Errors: []int{http.StatusForbidden}},

		{Method: http.MethodPost, Path: "/people/{id}/household", ID: "createHousehold", Tag: "households", handle: s.createHousehold,
			Summary: "Start the person's household",
			Description: "The person becomes the household's contact and its first member (relationship self). A person " +
				"who already belongs to a household is 409.",
			Roles: returneeWriters,
			Body:  "NewHousehold", Status: http.StatusCreated, Result: "Household",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodGet, Path: "/households/{id}", ID: "getHousehold", Tag: "households", handle: s.getHousehold,
			Summary: "Read a household with its members", Roles: returneeReaders,
			Status: http.StatusOK, Result: "Household", Errors: []int{http.StatusForbidden}},
		{Method: http.MethodPatch, Path: "/households/{id}", ID: "updateHousehold", Tag: "households", handle: s.updateHousehold,
			Summary: "Change a household's income sources or notes",
			Description: "Send version as read; fields left out keep their value. A stale version is 409 and nothing is " +
				"written. Adding or removing a member also changes the version.",
			Roles: returneeWriters,
			Body:  "HouseholdPatch", Status: http.StatusOK, Result: "Household",
			Errors: []int{http.StatusForbidden, http.StatusConflict}},
		{Method: http.MethodPost, Path: "/households/{id}/members", ID: "addMember", Tag: "households", handle: s.addMember,
			Summary: "Add a household member",
			Description: "person_id links a member who is also in the register (a person of your organisation). Location " +
				"names the household.",
			Roles: returneeWriters,
			Body:  "NewMember", Status: http.StatusCreated, Result: "Member",
			Errors: []int{http.StatusForbidden}},
		{Method: http.MethodDelete, Path: "/households/{id}/members/{member_id}", ID: "removeMember", Tag: "households",
			handle:      s.removeMember,
			Summary:     "Remove a household member",
			Description: "The returnee (relationship self) cannot be removed from their own household: 409.",
			Roles:       returneeWriters,
			Status:      http.StatusNoContent, Errors: []int{http.StatusForbidden, http.StatusConflict}},
	}
}

// Schema helpers of the register and the cases.

func schemaDate(desc string) obj {
	return obj{"type": "string", "format": "date", "description": desc}
}

func schemaBool(desc string) obj { return obj{"type": "boolean", "description": desc} }

func schemaArray(desc string, items obj) obj {
	return obj{"type": "array", "description": desc, "items": items}
}

func schemaInt64(desc string) obj {
	return obj{"type": "integer", "format": "int64", "description": desc}
}

func schemaIntRange(desc string, lo, hi int) obj {
	return obj{"type": "integer", "description": desc, "minimum": lo, "maximum": hi}
}

// withProps returns a copy of props with more added.
func withProps(props obj, more obj) obj {
	out := obj{}
	for k, v := range props {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// pageSchema is a page of a list that pages by offset.
func pageSchema(item string) obj {
	return object("A page of a list.", []string{"items"}, obj{
		"items":       obj{"type": "array", "items": ref(item)},
		"next_offset": integer("Pass as offset for the next page; absent on the last page."),
	})
}

// wgSchema is the Washington Group short set.
func wgSchema(desc string) obj {
	props := obj{}
	for _, d := range registry.WGDomains {
		props[d] = schemaIntRange("Difficulty "+d+": 1 no difficulty, 2 some, 3 a lot, 4 cannot do at all.", 1, 4)
	}
	return object(desc, nil, props)
}

// personInput is what a request may say about a person.
func personInput() obj {
	return obj{
		"name_bn":         str("Name in Bangla script."),
		"name_latin":      str("Name in Latin letters. At least one of name_bn and name_latin is needed."),
		"sex":             enum("Sex.", registry.Sexes),
		"birth_date":      str("Date of birth, YYYY-MM-DD; not in the future, not over 110 years ago."),
		"birth_estimated": schemaBool("Whether the date of birth is an estimate."),
		"ethnicity":       str("Ethnic group code from the reference data (e.g. bengali, chakma, marma)."),
		"religion":        enum("Religion.", append([]string{""}, registry.Religions...)),
		"wg":              wgSchema("Washington Group short set answers by domain; leave a domain out when not asked."),
		"education":       enum("Highest education.", append([]string{""}, registry.Educations...)),
		"phones": schemaArray("Phone numbers: Bangladeshi mobiles (11 digits starting 01; +880 and Bengali digits accepted) or full international numbers.",
			obj{"type": "string"}),
		"nid":       str("National ID number: 10, 13 or 17 digits; unique within the organisation."),
		"passport":  str("Passport number: one or two letters and seven digits."),
		"bmet_reg":  str("BMET registration number as printed on the card."),
		"division":  str("Division P-code."),
		"district":  str("District P-code (e.g. BD2051)."),
		"upazila":   str("Upazila P-code."),
		"union":     str("Union P-code."),
		"village":   obj{"type": "string", "maxLength": 200, "description": "Village or neighbourhood."},
		"languages": schemaArray("Languages spoken (ISO 639 codes, e.g. bn, ccp).", obj{"type": "string"}),
		"remigrate": enum("Wishes to migrate again.", append([]string{""}, registry.Remigration...)),
	}
}

// personProps is a person as the API shows one.
func personProps() obj {
	return obj{
		"id":              str("Person ID (UUIDv7)."),
		"org_id":          str("The organisation that registered the person."),
		"household_id":    str("The person's household; absent when none."),
		"name_bn":         str("Name in Bangla script; may be empty."),
		"name_latin":      str("Name in Latin letters; may be empty (not both)."),
		"sex":             enum("Sex.", registry.Sexes),
		"birth_date":      schemaDate("Date of birth; absent when unknown."),
		"birth_estimated": schemaBool("Whether the date of birth is an estimate."),
		"ethnicity":       str("Ethnic group code; absent when not recorded."),
		"religion":        enum("Religion; absent when not recorded.", registry.Religions),
		"wg":              wgSchema("Washington Group answers by domain; absent when none were asked. Any answer of 3 or 4 means a disability."),
		"education":       enum("Highest education; absent when not recorded.", registry.Educations),
		"phones":          schemaArray("Phone numbers, national form for Bangladeshi mobiles.", obj{"type": "string"}),
		"nid":             str("National ID number; absent when not recorded."),
		"passport":        str("Passport number; absent when not recorded."),
		"bmet_reg":        str("BMET registration number; absent when not recorded."),
		"division":        str("Division P-code; absent when not recorded."),
		"district":        str("District P-code; absent when not recorded."),
		"upazila":         str("Upazila P-code; absent when not recorded."),
		"union":           str("Union P-code; absent when not recorded."),
		"village":         str("Village; absent when not recorded."),
		"languages":       schemaArray("Languages spoken (ISO 639 codes).", obj{"type": "string"}),
		"remigrate":       enum("Wishes to migrate again; absent when not asked.", registry.Remigration),
		"created_by":      str("The user who registered the person; absent for imported records."),
		"created_at":      timestamp("When the person was registered."),
		"updated_at":      timestamp("When the record last changed."),
		"version":         integer("Increases with every change; send it back when changing the record."),
	}
}

var personRequired = []string{"id", "org_id", "name_bn", "name_latin", "sex", "birth_estimated", "phones", "languages",
	"created_at", "updated_at", "version"}

// registrySchemas lists the schemas this area's operations use (see allSchemas).
func registrySchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	return obj{
		"Project": object("A project that cases belong to: the IOM project sheet.",
			[]string{"id", "code", "title", "status", "budget_minor", "currency", "partner_ids", "created_at", "updated_at", "version"},
			obj{
				"id":            str("Project ID (UUIDv7)."),
				"code":          str("IOM project ID, e.g. LM.0379."),
				"title":         str("Title."),
				"prima_id":      str("PRIMA ID; absent when not recorded."),
				"project_type":  str("Project type; absent when not recorded."),
				"start_date":    schemaDate("Start date; absent when not recorded."),
				"end_date":      schemaDate("End date; absent when not recorded."),
				"status":        enum("Cases open only in active projects.", store.ProjectStatuses),
				"budget_minor":  schemaInt64("Budget in minor units of currency (cents for USD)."),
				"currency":      str("Currency of the budget (ISO 4217)."),
				"fund":          str("Fund; absent when not recorded."),
				"region":        str("Region; absent when not recorded."),
				"coverage":      str("Geographical coverage; absent when not recorded."),
				"member_states": str("Member states; absent when not recorded."),
				"partner_ids":   schemaArray("The partner organisations, which may open cases in it.", obj{"type": "string"}),
				"created_at":    timestamp("When it was added."),
				"updated_at":    timestamp("When it last changed."),
				"version":       version,
			}),
		"ProjectList": listSchema("Project"),
		"NewProject": object("A project to add.", []string{"code", "title"},
			obj{
				"code":          str("IOM project ID: capital letters, digits, dots, dashes or slashes (e.g. LM.0379); unique."),
				"title":         obj{"type": "string", "maxLength": 300, "description": "Title."},
				"prima_id":      str("PRIMA ID."),
				"project_type":  str("Project type."),
				"start_date":    str("Start date, YYYY-MM-DD."),
				"end_date":      str("End date, YYYY-MM-DD; not before the start."),
				"status":        obj{"type": "string", "enum": store.ProjectStatuses, "default": "active", "description": "Status."},
				"budget_minor":  obj{"type": "integer", "format": "int64", "minimum": 0, "description": "Budget in minor units of currency (cents for USD)."},
				"currency":      obj{"type": "string", "enum": registry.Currencies, "default": "USD", "description": "Currency of the budget."},
				"fund":          str("Fund, e.g. IOM Development Fund."),
				"region":        str("Region."),
				"coverage":      str("Geographical coverage."),
				"member_states": str("Member states."),
				"partner_ids":   schemaArray("Partner organisations' IDs: they may open cases in the project.", obj{"type": "string"}),
			}),

		"Person":     object("A person in the register: a returnee or a family member. Personal data: every read is audited.", personRequired, personProps()),
		"PersonRow":  object("A person in a search result.", append([]string{"org_code"}, personRequired...), withProps(personProps(), obj{"org_code": str("The organisation's code.")})),
		"PersonPage": pageSchema("PersonRow"),
		"NewPerson": object("A person to register, with their consent to registration if it was given.", []string{"sex"},
			withProps(personInput(), obj{
				"consent": object("The person's consent to registration, recorded with the person (both or neither).",
					[]string{"method", "given_on"}, obj{
						"method":   enum("How consent was given.", registry.ConsentMethods),
						"given_on": str("When consent was given, YYYY-MM-DD; not in the future."),
					}),
			})),
		"PersonPatch": object("Changes to a person. Fields left out keep their value.", []string{"version"},
			withProps(personInput(), obj{"version": sentVersion})),

		"Consent": object("A person's agreement to one use of their data.",
			[]string{"id", "person_id", "org_id", "purpose", "method", "given_on", "recorded_by", "recorded_at", "active"},
			obj{
				"id":              str("Consent ID."),
				"person_id":       str("The person."),
				"org_id":          str("The organisation that recorded it."),
				"purpose":         enum("What the consent is for.", registry.Purposes),
				"shared_with_org": str("For sharing: the organisation the person agreed to share with; absent otherwise."),
				"method":          enum("How consent was given.", registry.ConsentMethods),
				"given_on":        schemaDate("When consent was given."),
				"recorded_by":     str("Username of who recorded it."),
				"recorded_at":     timestamp("When it was recorded."),
				"active":          schemaBool("False once withdrawn."),
				"withdrawn_at":    timestamp("When it was withdrawn; absent while it stands."),
				"withdrawn_by":    str("Username of who recorded the withdrawal; absent while it stands."),
				"withdrawal_note": str("Why, as the person said; absent when none."),
			}),
		"ConsentList": listSchema("Consent"),
		"NewConsent": object("A consent to record.", []string{"purpose", "method", "given_on"},
			obj{
				"purpose":         enum("What the consent is for.", registry.Purposes),
				"shared_with_org": str("For sharing only: the organisation's ID."),
				"method":          enum("How consent was given.", registry.ConsentMethods),
				"given_on":        str("When consent was given, YYYY-MM-DD; not in the future."),
			}),
		"ConsentWithdrawal": object("A withdrawal of consent.", nil,
			obj{"note": obj{"type": "string", "maxLength": 2000, "description": "Why, as the person said; optional."}}),

		"Episode": object("A period of work abroad.",
			[]string{"id", "person_id", "org_id", "destination", "cost_currency", "financing", "unpaid_wages_currency", "documents",
				"created_at", "updated_at", "version"},
			obj{
				"id":                    str("Episode ID."),
				"person_id":             str("The person."),
				"org_id":                str("The organisation that recorded it."),
				"destination":           str("Country of work (ISO 3166-1 alpha-2)."),
				"occupation_isco":       str("Occupation abroad (ISCO-08 code); absent when not recorded."),
				"skill_category":        str("BMET skill category; absent when not recorded."),
				"departure_date":        schemaDate("Departure; absent when not recorded."),
				"return_date":           schemaDate("Return; absent when not recorded."),
				"channel":               enum("How the person was recruited; absent when not recorded.", registry.Channels),
				"cost_minor":            schemaInt64("What the migration cost, in minor units of cost_currency; absent when not recorded."),
				"cost_currency":         enum("Currency of cost_minor.", registry.Currencies),
				"financing":             schemaArray("How the migration was paid for.", enum("A source.", registry.Financing)),
				"return_type":           enum("Why the person came back; absent when not recorded.", registry.ReturnTypes),
				"unpaid_wages_minor":    schemaInt64("Wages owed and not paid, in minor units of unpaid_wages_currency; absent when not recorded."),
				"unpaid_wages_currency": enum("Currency of unpaid_wages_minor.", registry.Currencies),
				"documents":             schemaArray("Documents the person had.", enum("A document.", registry.Documents)),
				"created_at":            timestamp("When it was recorded."),
				"updated_at":            timestamp("When it last changed."),
				"version":               version,
			}),
		"EpisodeList": listSchema("Episode"),
		"NewEpisode": object("A period of work abroad to record.", []string{"destination"},
			obj{
				"destination":           str("Country of work (ISO 3166-1 alpha-2, e.g. SA); not BD."),
				"occupation_isco":       str("Occupation abroad, ISCO-08 code (e.g. 7112)."),
				"skill_category":        str("BMET skill category: professional, skilled, semi_skilled or less_skilled."),
				"departure_date":        str("Departure, YYYY-MM-DD; not in the future."),
				"return_date":           str("Return, YYYY-MM-DD; not in the future, not before the departure."),
				"channel":               enum("How the person was recruited.", append([]string{""}, registry.Channels...)),
				"cost_minor":            obj{"type": "integer", "format": "int64", "minimum": 0, "description": "What the migration cost, in minor units of cost_currency (paisa for BDT)."},
				"cost_currency":         obj{"type": "string", "enum": registry.Currencies, "default": "BDT", "description": "Currency of cost_minor."},
				"financing":             schemaArray("How the migration was paid for.", enum("A source.", registry.Financing)),
				"return_type":           enum("Why the person came back.", append([]string{""}, registry.ReturnTypes...)),
				"unpaid_wages_minor":    obj{"type": "integer", "format": "int64", "minimum": 0, "description": "Wages owed and not paid, in minor units of unpaid_wages_currency."},
				"unpaid_wages_currency": obj{"type": "string", "enum": registry.Currencies, "default": "BDT", "description": "Currency of unpaid_wages_minor."},
				"documents":             schemaArray("Documents the person had.", enum("A document.", registry.Documents)),
			}),

		"Skill": object("An occupation a person can do.", []string{"id", "person_id", "isco", "created_at"},
			obj{
				"id":          str("Skill ID."),
				"person_id":   str("The person."),
				"isco":        str("Occupation (ISCO-08 code)."),
				"years":       integer("Years of experience; absent when not recorded."),
				"certificate": str("Certificate; absent when none."),
				"issuer":      str("Who issued the certificate; absent when none."),
				"created_at":  timestamp("When it was recorded."),
			}),
		"SkillList": listSchema("Skill"),
		"NewSkill": object("A skill to record.", []string{"isco"},
			obj{
				"isco":        str("Occupation, ISCO-08 code (e.g. 7112)."),
				"years":       schemaIntRange("Years of experience.", 0, 70),
				"certificate": obj{"type": "string", "maxLength": 200, "description": "Certificate, e.g. NTVQF level 2."},
				"issuer":      obj{"type": "string", "maxLength": 200, "description": "Who issued the certificate."},
			}),

		"Household": object("The family a returnee lives with.",
			[]string{"id", "org_id", "income_sources", "members", "created_at", "updated_at", "version"},
			obj{
				"id":                str("Household ID."),
				"org_id":            str("The organisation that recorded it."),
				"contact_person_id": str("The person who is the household's contact; absent if none."),
				"income_sources":    schemaArray("Where the household's income comes from.", enum("A source.", registry.IncomeSources)),
				"notes":             str("Notes; absent when none."),
				"members":           schemaArray("The members, the returnee (self) first.", ref("Member")),
				"created_at":        timestamp("When it was recorded."),
				"updated_at":        timestamp("When it last changed."),
				"version":           version,
			}),
		"NewHousehold": object("A household to start.", nil,
			obj{
				"income_sources": schemaArray("Where the household's income comes from.", enum("A source.", registry.IncomeSources)),
				"notes":          obj{"type": "string", "maxLength": 4000, "description": "Notes."},
			}),
		"HouseholdPatch": object("Changes to a household. Fields left out keep their value.", []string{"version"},
			obj{
				"income_sources": schemaArray("Where the household's income comes from (replaces the list).", enum("A source.", registry.IncomeSources)),
				"notes":          obj{"type": "string", "maxLength": 4000, "description": "Notes."},
				"version":        sentVersion,
			}),
		"Member": object("A person in a household.",
			[]string{"id", "household_id", "name", "relationship", "sex", "dependant", "created_at"},
			obj{
				"id":           str("Member ID."),
				"household_id": str("The household."),
				"person_id":    str("The member's record in the register; absent for members who are not registered."),
				"name":         str("Name; may be empty."),
				"relationship": enum("Relationship to the returnee.", registry.Relationships),
				"sex":          enum("Sex.", registry.Sexes),
				"age":          integer("Age in years; absent when unknown."),
				"dependant":    schemaBool("Depends on the household's earners."),
				"in_school":    schemaBool("For children: attends school; absent when not asked."),
				"created_at":   timestamp("When the member was added."),
			}),
		"NewMember": object("A member to add.", []string{"relationship", "sex"},
			obj{
				"person_id":    str("The member's record in the register, if they are in it (a person of your organisation)."),
				"name":         obj{"type": "string", "maxLength": 100, "description": "Name."},
				"relationship": enum("Relationship to the returnee.", registry.Relationships),
				"sex":          enum("Sex.", registry.Sexes),
				"age":          schemaIntRange("Age in years.", 0, 120),
				"dependant":    schemaBool("Depends on the household's earners."),
				"in_school":    schemaBool("For children: attends school."),
			}),
	}
}
