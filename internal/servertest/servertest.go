// Package servertest starts the real Remaker HTTP stack on a fresh
// database for tests: a real listener, real cookies, the real middleware.
// It seeds IOM and two partner organisations with a user of every role.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/server"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// Password is every seeded user's password.
const Password = "test-password-long"

func init() {
	// Cheap hashes keep the suites fast; the code path is the same.
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	// Request logs would drown test output; errors still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
}

// Env is a running server with seeded organisations and users.
type Env struct {
	T      testing.TB
	DB     *store.DB
	Auth   *auth.Service
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Orgs   map[string]store.Organisation // by code: IOM, BNSK, WARBE
	Users  map[string]store.User         // by username, see Seeded
}

// Seeded lists the seeded users: username, organisation code, role.
var Seeded = []struct {
	Username, Org string
	Role          app.Role
}{
	{"admin", "IOM", app.RoleAdmin},
	{"pm", "IOM", app.RoleProgrammeManager},
	{"viewer", "IOM", app.RoleViewer},
	{"bnsk.manager", "BNSK", app.RoleOrgManager},
	{"bnsk.worker", "BNSK", app.RoleCaseWorker},
	{"bnsk.enumerator", "BNSK", app.RoleEnumerator},
	{"warbe.manager", "WARBE", app.RoleOrgManager},
	{"warbe.worker", "WARBE", app.RoleCaseWorker},
}

// Each runs fn against a fresh server on every available database engine.
func Each(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Helper()
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) { fn(t, New(t, d)) })
	}
}

// New starts a server on a fresh database of dialect d.
func New(t testing.TB, d store.Dialect) *Env {
	t.Helper()
	ctx := context.Background()
	db := testdb.Open(t, d)
	e := &Env{T: t, DB: db, Auth: auth.NewService(db, auth.DefaultConfig), Orgs: map[string]store.Organisation{}, Users: map[string]store.User{}}
	for _, o := range []store.Organisation{
		{Code: "IOM", NameEn: "International Organization for Migration", NameBn: "আন্তর্জাতিক অভিবাসন সংস্থা", Kind: store.OrgIOM},
		{Code: "BNSK", NameEn: "Bangladesh Nari Sramik Kendra", NameBn: "বাংলাদেশ নারী শ্রমিক কেন্দ্র", Kind: store.OrgCSO},
		{Code: "WARBE", NameEn: "WARBE Development Foundation", NameBn: "ওয়ারবি ডেভেলপমেন্ট ফাউন্ডেশন", Kind: store.OrgCSO},
	} {
		created, err := db.CreateOrg(ctx, app.System, o)
		if err != nil {
			t.Fatal(err)
		}
		e.Orgs[o.Code] = created
	}
	for _, s := range Seeded {
		u, err := e.Auth.CreateUser(ctx, app.System, store.NewUser{OrgID: e.Orgs[s.Org].ID, Username: s.Username, Role: s.Role, Lang: "en"}, Password)
		if err != nil {
			t.Fatal(err)
		}
		e.Users[s.Username] = u
	}
	srv, err := server.New(db, e.Auth, server.Config{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e.Server = srv
	e.HTTP = httptest.NewServer(srv.Handler())
	t.Cleanup(e.HTTP.Close)
	e.URL = e.HTTP.URL
	return e
}

// Browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see each response as it is.
type Browser struct {
	*http.Client
	e *Env
}

// Anonymous returns a client that is not signed in.
func (e *Env) Anonymous() *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, e: e}
}

// SignIn returns a client signed in as username through the sign-in form.
func (e *Env) SignIn(username string) *Browser {
	e.T.Helper()
	b := e.Anonymous()
	resp := b.PostForm("/signin", url.Values{"username": {username}, "password": {Password}})
	if resp.StatusCode != http.StatusSeeOther {
		e.T.Fatalf("sign in as %s: status %d", username, resp.StatusCode)
	}
	return b
}

// Get fetches a path and returns the response with its body read.
func (b *Browser) Get(path string) *Response {
	b.e.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.URL+path, nil)
	return b.Do(req)
}

// PostForm posts a form the way a browser does from a page of this site.
func (b *Browser) PostForm(path string, form url.Values) *Response {
	b.e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Do(req)
}

// Do sends a request and reads the body.
func (b *Browser) Do(req *http.Request) *Response {
	b.e.T.Helper()
	resp, err := b.Client.Do(req)
	if err != nil {
		b.e.T.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return &Response{Response: resp, Body: string(body)}
}

// Response is an HTTP response with its body.
type Response struct {
	*http.Response
	Body string
}

// Token creates an API token for username and returns it.
func (e *Env) Token(username string) string {
	e.T.Helper()
	tok, _, err := e.Auth.CreateAPIToken(context.Background(), e.Users[username].Actor(), "test")
	if err != nil {
		e.T.Fatal(err)
	}
	return tok
}

// API sends a JSON API request with a bearer token ("" for none).
func (e *Env) API(token, method, path, body string) *Response {
	e.T.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.URL+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.Anonymous().Do(req)
}
