// Package api is Remaker's JSON API at /api/v1, for programs: personal
// access tokens, RFC 9457 problem details, and an OpenAPI 3 document
// generated from the same route table that serves the requests.
package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

// Deps is what the API needs.
type Deps struct {
	DB         *store.DB
	Auth       *auth.Service
	TrustProxy bool
	Version    string
}

// New returns the handler for every path under /api/v1/.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		pr := auth.FromContext(r.Context())
		if pr == nil {
			httpx.WriteProblem(w, r, errUnauthorized)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, pr.User)
	})
	return mux
}
