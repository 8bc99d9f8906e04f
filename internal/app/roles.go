package app

// Role is what a user may do. A user has exactly one role, in one organisation.
type Role string

const (
	RoleAdmin            Role = "admin"             // system administrator: users, organisations, audit, settings
	RoleProgrammeManager Role = "programme_manager" // IOM programme / M&E: all organisations
	RoleOrgManager       Role = "org_manager"       // manages one organisation's caseload, users and approvals
	RoleCaseWorker       Role = "case_worker"       // works on cases of their organisation
	RoleEnumerator       Role = "enumerator"        // collects form data only
	RoleViewer           Role = "viewer"            // aggregate figures only, never personal data
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleProgrammeManager, RoleOrgManager, RoleCaseWorker, RoleEnumerator, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Actor is who performs an operation. The zero Actor is anonymous and may do nothing.
type Actor struct {
	UserID   string
	Username string
	OrgID    string
	Role     Role
	// ClientIP and RequestID travel with the actor so the audit trail can name them.
	ClientIP  string
	RequestID string
}

// System is the actor for work the binary does on its own (migrations,
// seeding, command-line administration).
var System = Actor{Username: "system", Role: RoleAdmin}

// SignedIn reports whether the actor is a real user or the system.
func (a Actor) SignedIn() bool { return a.Role != "" }

// AllOrgs reports whether the actor's scope spans every organisation.
func (a Actor) AllOrgs() bool {
	return a.Role == RoleAdmin || a.Role == RoleProgrammeManager
}

// SeesPersonalData reports whether the actor may ever receive another
// person's details. Viewers see aggregates only; enumerators see only what
// they collect.
func (a Actor) SeesPersonalData() bool {
	switch a.Role {
	case RoleAdmin, RoleProgrammeManager, RoleOrgManager, RoleCaseWorker:
		return true
	}
	return false
}

// SeesReturnees reports whether the actor may read returnees' records.
// Least privilege: the system administrator runs the system, not cases.
func (a Actor) SeesReturnees() bool {
	return a.SeesPersonalData() && a.Role != RoleAdmin
}

// WritesCases reports whether the actor may register people and work on
// cases (in their own organisation).
func (a Actor) WritesCases() bool {
	return a.Role == RoleOrgManager || a.Role == RoleCaseWorker
}

// CanManageUsers reports whether the actor may manage users at all; org
// managers only within their organisation (enforced in the store).
func (a Actor) CanManageUsers() bool {
	return a.Role == RoleAdmin || a.Role == RoleOrgManager
}

// CanReadAudit reports whether the actor may browse the audit trail.
func (a Actor) CanReadAudit() bool {
	return a.Role == RoleAdmin || a.Role == RoleProgrammeManager
}

// CanGrant reports whether the actor may give role r to a user.
// Nobody but an administrator creates administrators or programme managers.
func (a Actor) CanGrant(r Role) bool {
	switch a.Role {
	case RoleAdmin:
		return r.Valid()
	case RoleOrgManager:
		return r == RoleOrgManager || r == RoleCaseWorker || r == RoleEnumerator || r == RoleViewer
	}
	return false
}
