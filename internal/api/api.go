// Package api is Remaker's JSON API at /api/v1, for programs: personal
// access tokens, RFC 9457 problem details, and an OpenAPI 3 document
// generated from the same route table that serves the requests.
//
// Conventions, the same on every route (and stated in the OpenAPI document):
//
//   - Every route but GET /api/v1/openapi.json needs a personal access token
//     sent as "Authorization: Bearer rmk_...". A browser session cookie is
//     not enough: 401.
//   - A record outside the caller's scope is 404, exactly like one that does
//     not exist. A record the caller can see but may not change is 403.
//   - Anything wrong with what the client sent (malformed JSON, a wrong type,
//     an unknown or missing field, a bad query parameter) is 422 with a
//     detail, and with the offending fields named in "errors". Bodies over
//     1 MiB are 413; a method a path does not serve is 405 with Allow.
//   - A stale version on an update is 409 and nothing is written.
//   - Problems are in English, or in Bangla when Accept-Language prefers bn.
//   - Lists are {"items": [...]}.
package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/store"
)

// Deps is what the API needs.
type Deps struct {
	DB         *store.DB
	Auth       *auth.Service
	Forms      *collect.Library
	TrustProxy bool
	Version    string
}

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// server holds the dependencies the handlers use.
type server struct {
	db      *store.DB
	auth    *auth.Service
	forms   *collect.Library
	openapi []byte // the OpenAPI document, built once from the route table
}

// New returns the handler for every path under /api/v1/. The route table
// (routes.go) registers every handler and builds the OpenAPI document, so
// the two cannot drift apart.
func New(d Deps) http.Handler {
	s := &server{db: d.DB, auth: d.Auth, forms: d.Forms}
	routes := s.allRoutes()
	doc, err := json.Marshal(openAPI(routes, d.Version))
	if err != nil {
		panic("api: cannot encode the OpenAPI document: " + err.Error())
	}
	s.openapi = doc

	mux := http.NewServeMux()
	methods := map[string][]string{}
	var paths []string
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+Prefix+rt.Path, s.handler(rt))
		if _, ok := methods[rt.Path]; !ok {
			paths = append(paths, rt.Path)
		}
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
	}
	// Each method a path does not serve answers 405 naming the ones it
	// does. Registered per method, not as one method-less pattern, which
	// would clash with a wildcard route of another method (GET
	// /people/{id} against a literal /people/imports).
	for _, p := range paths {
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
			http.MethodDelete, http.MethodOptions} {
			served := slices.Contains(methods[p], m) || m == http.MethodHead && slices.Contains(methods[p], http.MethodGet)
			if !served {
				mux.Handle(m+" "+Prefix+p, methodNotAllowed(methods[p]))
			}
		}
	}
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, app.Errorf(app.ENOTFOUND, "no such API route: see /api/v1/openapi.json"))
	})
	return mux
}

// handler adapts a route's handler: it refuses callers without a token on
// non-public routes and writes any error as a problem.
func (s *server) handler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pr := auth.FromContext(r.Context())
		if !rt.Public && (pr == nil || pr.SessionToken != "") {
			// Only personal access tokens open the API: a browser's session
			// cookie must not turn a page into an API client.
			w.Header().Set("WWW-Authenticate", `Bearer realm="remaker"`)
			writeProblem(w, r, errUnauthorized)
			return
		}
		if !rt.Public {
			if err := checkQuery(r, rt.Query); err != nil {
				writeProblem(w, r, err)
				return
			}
		}
		if err := rt.handle(w, r, pr); err != nil {
			writeProblem(w, r, err)
		}
	})
}

// methodNotAllowed answers a method a path does not serve with 405 and Allow.
func methodNotAllowed(methods []string) http.Handler {
	allow := slices.Clone(methods)
	if slices.Contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	list := strings.Join(allow, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", list)
		writeProblem(w, r, app.Errorf(app.EMETHOD, "this path does not accept this method: use %s", list))
	})
}

// handle serves one route. pr is nil only on public routes.
type handle func(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error

// list is the envelope of every list response.
type list[T any] struct {
	Items []T `json:"items"`
}

// listOf wraps items, writing an empty list as [] rather than null.
func listOf[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items}
}
