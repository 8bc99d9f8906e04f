// Package server assembles Remaker's HTTP service: the HTML interface, the
// JSON API, health and metrics, behind one chain of middleware that
// identifies the user, guards against cross-site requests and observes
// every request.
package server

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/api"
	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/openrosa"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/web"
)

// Config is how the server presents itself.
type Config struct {
	// BaseURL is the public address people use, e.g. https://remaker.example.org.
	BaseURL string
	// SecureCookies marks cookies Secure; on when BaseURL is https.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	Version    string
	// DataDir is where files people send are kept (OpenRosa attachments).
	DataDir string
}

// Server is the assembled HTTP service.
type Server struct {
	DB      *store.DB
	Forms   *collect.Library
	Auth    *auth.Service
	UI      *web.UI
	Metrics *httpx.Metrics
	// Devices serves ODK Collect and KoBoCollect (the OpenRosa APIs).
	Devices *openrosa.Handler
	cfg     Config
	handler http.Handler
}

// New builds the server.
func New(db *store.DB, authSvc *auth.Service, cfg Config) (*Server, error) {
	if strings.HasPrefix(cfg.BaseURL, "https://") {
		cfg.SecureCookies = true
	}
	// One library of forms for the whole server: it keeps parsed forms in memory.
	forms := collect.NewLibrary(db)
	ui, err := web.New(web.Deps{DB: db, Auth: authSvc, Forms: forms, SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy, Version: cfg.Version})
	if err != nil {
		return nil, err
	}
	s := &Server{DB: db, Forms: forms, Auth: authSvc, UI: ui, Metrics: httpx.NewMetrics(), cfg: cfg}
	s.Devices = openrosa.New(openrosa.Deps{DB: db, Auth: authSvc, Forms: forms},
		openrosa.Config{BaseURL: cfg.BaseURL, TrustProxy: cfg.TrustProxy, DataDir: cfg.DataDir})
	s.Metrics.Pools = func() map[string]sql.DBStats {
		w, r := db.PoolStats()
		if db.Dialect() == store.Postgres {
			return map[string]sql.DBStats{"postgres": w}
		}
		return map[string]sql.DBStats{"sqlite_writer": w, "sqlite_reader": r}
	}

	mux := http.NewServeMux()
	ui.Register(mux)
	mux.Handle("/api/v1/", api.New(api.Deps{DB: db, Auth: authSvc, Forms: forms, TrustProxy: cfg.TrustProxy, Version: cfg.Version}))
	mux.Handle("GET /static/", http.StripPrefix("/static/", ui.Static()))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.Metrics)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			httpx.WriteProblem(w, r, app.Errorf(app.EFORBIDDEN, "cross-origin requests are refused"))
			return
		}
		ui.CrossOrigin(w, r)
	}))

	var h http.Handler = httpx.Recorded(s.fallback(mux))
	h = cop.Handler(h)
	h = s.cleanInput(h)
	h = s.authenticate(h)
	// Devices authenticate with Basic or a /key/ token, never a cookie, so
	// they bypass the session step; the cross-origin check still applies
	// (devices send no Origin or Sec-Fetch-Site, which it lets through).
	h = openrosa.Split(cop.Handler(httpx.Recorded(s.Devices)), h)
	h = securityHeaders(h)
	h = httpx.Observe(s.Metrics, func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			httpx.WriteProblem(w, r, app.Internal(errors.New("panic")))
			return
		}
		ui.ServerError(w, r, nil)
	}, h)
	s.handler = h
	return s, nil
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// methods are those a route may be registered for.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// fallback answers requests no route matches: 405 with Allow when the path
// exists for other methods, otherwise the friendly 404 page (or a problem
// document under /api/). A catch-all route would hide the 405s.
func (s *Server) fallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		var allowed []string
		for _, m := range methods {
			if m == r.Method {
				continue
			}
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, p := mux.Handler(probe); p != "" {
				allowed = append(allowed, m)
				if m == http.MethodGet {
					allowed = append(allowed, http.MethodHead)
				}
			}
		}
		switch {
		case len(allowed) > 0:
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			if isAPI(r) {
				httpx.WriteProblem(w, r, &app.Error{Code: app.EMETHOD, Message: "this route does not take %s", Args: []any{r.Method}})
				return
			}
			s.UI.MethodNotAllowed(w, r)
		case isAPI(r):
			httpx.WriteProblem(w, r, app.Errorf(app.ENOTFOUND, "no such API route: see /api/v1/openapi.json"))
		default:
			s.UI.NotFound(w, r)
		}
	})
}

// authenticate puts the principal in the request context: an API token in
// the Authorization header, or the session cookie. A bad token is refused
// at once; a stale cookie is dropped and the request goes on anonymous, so
// pages can send the person to sign in.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var pr *auth.Principal
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				httpx.WriteProblem(w, r, app.Errorf(app.EUNAUTHORIZED, "send a personal access token as Authorization: Bearer TOKEN"))
				return
			}
			u, err := s.Auth.AuthenticateToken(ctx, strings.TrimSpace(tok))
			if err != nil {
				httpx.WriteProblem(w, r, err)
				return
			}
			pr = &auth.Principal{User: u, Actor: u.Actor()}
		} else if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
			u, err := s.Auth.Authenticate(ctx, c.Value)
			switch app.ErrorCode(err) {
			case "":
				pr = &auth.Principal{User: u, Actor: u.Actor(), SessionToken: c.Value}
			case app.EUNAUTHORIZED:
				http.SetCookie(w, &http.Cookie{Name: web.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
			default:
				httpx.LogError(r, err)
				http.Error(w, "the database is not answering; try again in a minute", http.StatusServiceUnavailable)
				return
			}
		}
		if pr != nil {
			pr.Actor.ClientIP = httpx.ClientIP(r, s.cfg.TrustProxy)
			pr.Actor.RequestID = httpx.RequestID(ctx)
			r = r.WithContext(auth.WithPrincipal(ctx, pr))
		}
		next.ServeHTTP(w, r)
	})
}

// cleanInput refuses text no database should be asked to store: NUL
// characters (PostgreSQL rejects them) and invalid UTF-8, in the path, the
// query or a submitted form. Checking once here spares every handler.
func (s *Server) cleanInput(next http.Handler) http.Handler {
	bad := func(v string) bool { return strings.ContainsRune(v, 0) || !utf8.ValidString(v) }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bad(r.URL.Path) {
			if isAPI(r) {
				httpx.WriteProblem(w, r, app.Errorf(app.ENOTFOUND, "no such API route: see /api/v1/openapi.json"))
				return
			}
			s.UI.NotFound(w, r)
			return
		}
		if isAPI(r) { // the API checks its own query and JSON body, field by field
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			if err := r.ParseForm(); err != nil {
				s.UI.BadInput(w, r)
				return
			}
		}
		for _, vals := range r.URL.Query() {
			for _, v := range vals {
				if bad(v) {
					s.UI.BadInput(w, r)
					return
				}
			}
		}
		for k, vals := range r.PostForm {
			for _, v := range vals {
				if bad(k) || bad(v) {
					s.UI.BadInput(w, r)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict content security policy: the interface
// loads nothing from elsewhere and runs no inline script.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		slog.ErrorContext(ctx, "health check failed", "err", err)
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "not answering"})
		return
	}
	v, err := s.DB.SchemaVersion(ctx)
	if err != nil {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "schema unreadable"})
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": "ok", "database": s.DB.Dialect(), "schema_version": v, "version": s.cfg.Version})
}

// Serve serves on ln until ctx ends, then shuts down gracefully: requests
// in flight get up to 20 seconds to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads over slow rural links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go s.sweep(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutCtx)
}

// sweep removes expired sessions every ten minutes.
func (s *Server) sweep(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := s.Auth.Sweep(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("session sweep failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
