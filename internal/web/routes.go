package web

import "net/http"

// Register adds every HTML route to mux. Each pattern names its method so
// that a wrong method gets 405, not a page.
func (ui *UI) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", ui.home)
	mux.HandleFunc("GET /signin", ui.signinForm)
	mux.HandleFunc("POST /signin", ui.signin)
	mux.HandleFunc("POST /signout", ui.signout)
	mux.HandleFunc("POST /lang", ui.switchLang)

	mux.HandleFunc("GET /account", ui.account)
	mux.HandleFunc("POST /account/password", ui.changePassword)
	mux.HandleFunc("POST /account/signout-everywhere", ui.signoutEverywhere)
	mux.HandleFunc("POST /account/tokens", ui.createToken)
	mux.HandleFunc("POST /account/tokens/{id}/revoke", ui.revokeToken)

	mux.HandleFunc("GET /admin/users", ui.users)
	mux.HandleFunc("GET /admin/users/new", ui.newUserForm)
	mux.HandleFunc("POST /admin/users", ui.createUser)
	mux.HandleFunc("GET /admin/users/{id}", ui.editUserForm)
	mux.HandleFunc("POST /admin/users/{id}", ui.updateUser)
	mux.HandleFunc("POST /admin/users/{id}/disable", ui.disableUser)
	mux.HandleFunc("POST /admin/users/{id}/enable", ui.enableUser)
	mux.HandleFunc("POST /admin/users/{id}/password", ui.resetPassword)

	mux.HandleFunc("GET /admin/organisations", ui.orgs)
	mux.HandleFunc("POST /admin/organisations", ui.createOrg)

	mux.HandleFunc("GET /audit", ui.audit)

	ui.registerPeople(mux)
	ui.registerCases(mux)
	ui.registerImports(mux)
	ui.registerProjects(mux)
	ui.registerPlans(mux)
	ui.registerReferrals(mux)
	ui.registerVisits(mux)
	ui.registerActivities(mux)
	ui.registerFormEntry(mux)
	ui.registerForms(mux)
	ui.registerStudy(mux)
	ui.registerScoring(mux)
	ui.registerAnalysis(mux)
	ui.registerStrategy(mux)
}
