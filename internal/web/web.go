// Package web is Remaker's HTML interface: server-rendered pages that work
// without JavaScript, in Bangla and English, on a shared office PC or a
// cheap phone. Handlers parse the request, call the store or a domain
// package, and render; access rules live in the store's queries.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

//go:embed templates/*.html templates/partials/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Cookie names.
const (
	SessionCookie = "remaker_session"
	LangCookie    = "remaker_lang"
	flashCookie   = "remaker_flash"
)

// Deps is what the interface needs from the rest of the program.
type Deps struct {
	DB            *store.DB
	Auth          *auth.Service
	Forms         *collect.Library
	SecureCookies bool
	TrustProxy    bool
	Version       string
}

// UI serves the HTML pages.
type UI struct {
	Deps
	pages map[string]*template.Template
}

// New parses the templates once; a broken template fails at start, not on a
// user's screen.
func New(d Deps) (*UI, error) {
	ui := &UI{Deps: d, pages: map[string]*template.Template{}}
	// Partials (templates/partials) are pieces that several pages share,
	// such as the header and tabs of every page of a case.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles,
		"templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		ui.pages[name] = t
	}
	return ui, nil
}

// Static serves the embedded stylesheet, fonts and icons: files only, no
// folder listings, nothing that is not meant for the browser.
func (ui *UI) Static() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		st, err := fs.Stat(sub, name)
		if name == "" || err != nil || st.IsDir() || strings.HasSuffix(name, ".md") {
			ui.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

var funcs = template.FuncMap{}

// Page is what every template receives.
type Page struct {
	Lang  string
	Title string
	Path  string
	// Return is the page to come back to after switching language: this
	// page for a GET, the page whose form was posted otherwise.
	Return  string
	User    *store.User
	Nav     []NavItem
	Flash   string
	Version string
	// Form holds submitted values to re-show; Errors the per-field messages.
	Form   url.Values
	Errors map[string]string
	// Error is a message for the whole form.
	Error string
	Data  any
}

// NavItem is a link in the main navigation.
type NavItem struct {
	Href, Label string
	Current     bool
	// Area is the path whose pages the item stands for, when wider than
	// Href: "Referrals" opens the inbox but covers every /referrals page.
	Area string
}

// T translates a catalog key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Num formats an integer in the page's language.
func (p *Page) Num(n any) string {
	switch v := n.(type) {
	case int:
		return i18n.Number(p.Lang, int64(v))
	case int64:
		return i18n.Number(p.Lang, v)
	}
	return fmt.Sprint(n)
}

// Date and DateTime format instants in Dhaka time.
func (p *Page) Date(t any) string     { return formatTime(p.Lang, t, i18n.Date) }
func (p *Page) DateTime(t any) string { return formatTime(p.Lang, t, i18n.DateTime) }

func formatTime(lang string, t any, f func(string, time.Time) string) string {
	switch v := t.(type) {
	case time.Time:
		return f(lang, v)
	case *time.Time:
		if v != nil {
			return f(lang, *v)
		}
	}
	return ""
}

// Digits writes digits in the page's script.
func (p *Page) Digits(s string) string { return i18n.Digits(p.Lang, s) }

// Val returns a submitted form value.
func (p *Page) Val(name string) string { return p.Form.Get(name) }

// Role returns a role's name in the page's language.
func (p *Page) Role(r app.Role) string { return p.T("role." + string(r)) }

// OrgName returns an organisation's name in the page's language.
func (p *Page) OrgName(o store.Organisation) string { return o.Name(p.Lang) }

// Other returns the language to switch to.
func (p *Page) Other() string {
	if p.Lang == "bn" {
		return "en"
	}
	return "bn"
}

// newPage prepares the page data for a request.
func (ui *UI) newPage(w http.ResponseWriter, r *http.Request, titleKey string) *Page {
	p := &Page{Lang: ui.Lang(r), Path: r.URL.Path, Version: ui.Version, Form: url.Values{}, Errors: map[string]string{}}
	p.Title = p.T(titleKey)
	p.Return = returnTo(r)
	if pr := auth.FromContext(r.Context()); pr != nil {
		u := pr.User
		p.User = &u
		p.Nav = ui.nav(p, pr.Actor)
	}
	if c, err := r.Cookie(flashCookie); err == nil && i18n.Has(c.Value) {
		p.Flash = p.T(c.Value)
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: ui.SecureCookies})
	}
	return p
}

// nav lists the sections the actor may open, so nobody is shown a door
// they cannot go through.
func (ui *UI) nav(p *Page, a app.Actor) []NavItem {
	items := []NavItem{{Href: "/", Label: p.T("nav.home")}}
	if a.SeesReturnees() {
		items = append(items, NavItem{Href: "/people", Label: p.T("nav.people")}, NavItem{Href: "/cases", Label: p.T("nav.cases")})
	}
	if a.WritesCases() || a.Role == app.RoleProgrammeManager {
		items = append(items, NavItem{Href: "/visits", Label: p.T("visits.nav")})
	}
	switch {
	case a.WritesCases():
		items = append(items, NavItem{Href: "/referrals/inbox", Area: "/referrals", Label: p.T("nav.referrals")})
	case a.SeesReturnees():
		items = append(items, NavItem{Href: "/referrals", Label: p.T("nav.referrals")})
	}
	if a.Role == app.RoleOrgManager || a.Role == app.RoleProgrammeManager {
		items = append(items, NavItem{Href: "/plans", Label: p.T("plans.queue_title")})
	}
	if a.SeesReturnees() || a.Role == app.RoleViewer {
		items = append(items, NavItem{Href: "/scores", Label: p.T("scoring.nav")})
	}
	items = append(items, NavItem{Href: "/projects", Label: p.T("projects.heading")},
		NavItem{Href: "/community", Label: p.T("nav.community")}, NavItem{Href: "/capacity", Label: p.T("nav.capacity")},
		NavItem{Href: "/services", Label: p.T("nav.services")}, NavItem{Href: "/forms", Label: p.T("form.nav")},
		NavItem{Href: "/studies", Label: p.T("study.nav")})
	if a.CanManageUsers() || a.Role == app.RoleProgrammeManager {
		items = append(items, NavItem{Href: "/admin/users", Label: p.T("nav.users")})
	}
	if a.Role == app.RoleAdmin || a.Role == app.RoleProgrammeManager {
		items = append(items, NavItem{Href: "/admin/organisations", Label: p.T("nav.organisations")})
	}
	if a.CanReadAudit() {
		items = append(items, NavItem{Href: "/audit", Label: p.T("nav.audit")})
	}
	for i := range items {
		h := items[i].Area
		if h == "" {
			h = items[i].Href
		}
		items[i].Current = p.Path == items[i].Href || p.Path == h || (h != "/" && strings.HasPrefix(p.Path, h+"/"))
	}
	return items
}

// Lang picks the interface language: the user's saved choice, then the
// language cookie, then the browser's preference, then Bangla.
func (ui *UI) Lang(r *http.Request) string {
	if pr := auth.FromContext(r.Context()); pr != nil && i18n.Supported(pr.User.Lang) {
		return pr.User.Lang
	}
	if c, err := r.Cookie(LangCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return LangFromHeader(r.Header.Get("Accept-Language"))
}

var matcher = language.NewMatcher([]language.Tag{language.Bengali, language.English})

// LangFromHeader matches an Accept-Language header against the interface languages.
func LangFromHeader(h string) string {
	if h == "" {
		return i18n.Default
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return i18n.Default
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return i18n.Default
	}
	return []string{"bn", "en"}[idx]
}

// render writes a page with a status. Templates render into a buffer first
// so a template error becomes a clean 500 page, not half a page.
func (ui *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := ui.pages[name]
	if !ok {
		ui.ServerError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		if name == "error" {
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			return
		}
		ui.ServerError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage renders a friendly error in the user's language.
func (ui *UI) errorPage(w http.ResponseWriter, r *http.Request, status int, titleKey, message string) {
	p := ui.newPage(w, r, titleKey)
	p.Error = message
	p.Data = status
	ui.render(w, r, status, "error", p)
}

// NotFound is the friendly 404 page.
func (ui *UI) NotFound(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, http.StatusNotFound, "error.not_found.title", i18n.T(ui.Lang(r), "error.not_found.body"))
}

// BadInput is shown for a form or address holding characters that are not text.
func (ui *UI) BadInput(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, http.StatusUnprocessableEntity, "error.bad_request.title", i18n.T(ui.Lang(r), "error.bad_input"))
}

// MethodNotAllowed is shown when a page exists but not for this kind of request.
func (ui *UI) MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, http.StatusMethodNotAllowed, "error.method.title", i18n.T(ui.Lang(r), "error.method.body"))
}

// Forbidden is shown for a request the user may not make, including a
// forged cross-site form.
func (ui *UI) Forbidden(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, http.StatusForbidden, "error.forbidden.title", i18n.T(ui.Lang(r), "error.forbidden.body"))
}

// CrossOrigin is shown when a form arrives from another site.
func (ui *UI) CrossOrigin(w http.ResponseWriter, r *http.Request) {
	ui.errorPage(w, r, http.StatusForbidden, "error.forbidden.title", i18n.T(ui.Lang(r), "error.cross_origin.body"))
}

// ServerError logs err and shows a page with the request ID to quote.
func (ui *UI) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		slog.ErrorContext(r.Context(), "page failed", "err", err, "path", r.URL.Path, "request_id", httpx.RequestID(r.Context()))
	}
	lang := ui.Lang(r)
	ui.errorPage(w, r, http.StatusInternalServerError, "error.server.title", i18n.T(lang, "error.server.body", httpx.RequestID(r.Context())))
}

// fail renders the right page for a domain error that is not a form problem.
func (ui *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch app.ErrorCode(err) {
	case app.ENOTFOUND:
		ui.NotFound(w, r)
	case app.EFORBIDDEN:
		ui.errorPage(w, r, http.StatusForbidden, "error.forbidden.title", app.MessageIn(ui.Lang(r), err))
	case app.EUNAUTHORIZED:
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	case app.EINVALID, app.ECONFLICT, app.ETOOMANY:
		ui.errorPage(w, r, httpx.Status(err), "error.cannot_do.title", app.MessageIn(ui.Lang(r), err))
	default:
		ui.ServerError(w, r, err)
	}
}

// formError re-renders a form with the error's messages, or fails the
// request when the error is not about the form.
func (ui *UI) formError(w http.ResponseWriter, r *http.Request, name string, p *Page, err error) {
	switch app.ErrorCode(err) {
	case app.EINVALID, app.ECONFLICT, app.ETOOMANY, app.EUNAUTHORIZED, app.EFORBIDDEN:
		p.Error = app.MessageIn(p.Lang, err)
		for k, v := range app.FieldsIn(p.Lang, err) {
			p.Errors[k] = v
		}
		if app.ErrorCode(err) == app.EFORBIDDEN && r.URL.Path != "/signin" {
			ui.fail(w, r, err)
			return
		}
		ui.render(w, r, httpx.Status(err), name, p)
	default:
		ui.fail(w, r, err)
	}
}

// redirect sends the browser on after a successful POST, with a flash message key.
func (ui *UI) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flashKey, Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: ui.SecureCookies})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// principal returns the signed-in user, or redirects to sign in.
func (ui *UI) principal(w http.ResponseWriter, r *http.Request) *auth.Principal {
	pr := auth.FromContext(r.Context())
	if pr == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	}
	return pr
}

// actor returns the request's actor with its address and request ID, for the audit trail.
func (ui *UI) actor(r *http.Request, pr *auth.Principal) app.Actor {
	a := pr.Actor
	a.ClientIP = httpx.ClientIP(r, ui.TrustProxy)
	a.RequestID = httpx.RequestID(r.Context())
	return a
}

// safeNext keeps post-sign-in redirects on this site. Browsers drop tabs
// and newlines from URLs and read a backslash as a slash, so any of those
// could turn "/\t/evil.example" into another site: refuse them outright.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.ContainsAny(next, "\\\t\r\n") || strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// fieldsOf returns a validation error's field messages in lang, or nil.
func fieldsOf(lang string, err error) map[string]string {
	return app.FieldsIn(lang, err)
}

// returnTo is where the language switch should bring the person back to.
func returnTo(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		return ref.RequestURI()
	}
	return "/"
}
