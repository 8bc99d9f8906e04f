package server_test

// Security headers on HTML pages, and the static files the pages load.

import (
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/remaker-bd/remaker/internal/servertest"
)

// TestWebSecurityHeaders: every HTML page, including error pages and the
// sign-in form, forbids framing and sniffing, carries a strict content
// security policy, and is never stored by the browser or a proxy.
func TestWebSecurityHeaders(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		admin := e.SignIn("admin")
		worker := e.SignIn("bnsk.worker")
		type page struct {
			name string
			r    *servertest.Response
		}
		pages := []page{
			{"sign-in form", e.Anonymous().Get("/signin")},
			{"failed sign-in", e.Anonymous().PostForm("/signin", url.Values{"username": {"admin"}, "password": {"wrong"}})},
			{"home", admin.Get("/")},
			{"account", worker.Get("/account")},
			{"token shown once", worker.PostForm("/account/tokens", url.Values{"name": {"phone"}})},
			{"users", admin.Get("/admin/users")},
			{"new user", admin.Get("/admin/users/new")},
			{"edit user", admin.Get("/admin/users/" + e.Users["bnsk.worker"].ID)},
			{"user form errors", admin.PostForm("/admin/users", url.Values{"username": {"!"}})},
			{"organisations", admin.Get("/admin/organisations")},
			{"audit", admin.Get("/audit")},
			{"not found", worker.Get("/nowhere")},
			{"forbidden", worker.Get("/audit")},
			{"cross-origin refusal", send(e, worker, http.MethodPost, "/lang", url.Values{"lang": {"bn"}}, false, map[string]string{"Sec-Fetch-Site": "cross-site"})},
		}
		for _, p := range pages {
			checkHeaders(t, p.name, p.r.Header)
			// No inline script or style: the policy would block it anyway.
			root := parse(t, p.r.Body)
			if n := len(all(root, func(n *html.Node) bool { return n.Data == "script" && !hasAttr(n, "src") })); n != 0 {
				t.Errorf("%s: %d inline scripts", p.name, n)
			}
			if n := len(all(root, func(n *html.Node) bool { return n.Data == "style" || hasAttr(n, "style") })); n != 0 {
				t.Errorf("%s: %d inline styles", p.name, n)
			}
		}
	})
}

// checkHeaders checks the headers every HTML page must carry.
func checkHeaders(t *testing.T, where string, h http.Header) {
	t.Helper()
	if !strings.HasPrefix(h.Get("Content-Type"), "text/html; charset=utf-8") {
		t.Errorf("%s: Content-Type %q", where, h.Get("Content-Type"))
	}
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", where, csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
		t.Errorf("%s: Content-Security-Policy %q allows too much", where, csp)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", where, got)
	}
	if got := h.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("%s: X-Frame-Options %q", where, got)
	}
	if got := h.Get("Cache-Control"); !strings.Contains(got, "no-store") {
		t.Errorf("%s: Cache-Control %q, want no-store", where, got)
	}
	if got := h.Get("Referrer-Policy"); got == "" || got == "unsafe-url" {
		t.Errorf("%s: Referrer-Policy %q", where, got)
	}
}

// TestWebStaticFiles: the stylesheet, its fonts and the icon are served
// with the right types and exactly as shipped, and every url() in the
// stylesheet resolves.
func TestWebStaticFiles(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.Anonymous()
		files := map[string]string{
			"app.css":                           "text/css; charset=utf-8",
			"fonts/noto-sans-bengali-400.woff2": "font/woff2",
			"fonts/noto-sans-bengali-700.woff2": "font/woff2",
			"favicon.svg":                       "image/svg+xml",
		}
		for name, ctype := range files {
			r := b.Get("/static/" + name)
			if r.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d", name, r.StatusCode)
				continue
			}
			if got := r.Header.Get("Content-Type"); got != ctype {
				t.Errorf("%s: Content-Type %q, want %q", name, got, ctype)
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: no nosniff", name)
			}
			want, err := os.ReadFile("../web/static/" + name)
			if err != nil {
				t.Fatal(err)
			}
			if r.Body != string(want) {
				t.Errorf("%s: served %d bytes, the file has %d", name, len(r.Body), len(want))
			}
		}
		css := b.Get("/static/app.css").Body
		urls := regexp.MustCompile(`url\("?([^")]+)"?\)`).FindAllStringSubmatch(css, -1)
		if len(urls) == 0 {
			t.Fatal("no url() in app.css")
		}
		for _, m := range urls {
			if strings.HasPrefix(m[1], "data:") {
				continue
			}
			if r := b.Get("/static/" + m[1]); r.StatusCode != http.StatusOK {
				t.Errorf("app.css refers to %s: status %d", m[1], r.StatusCode)
			}
		}
		// Every page links the stylesheet and icon that exist.
		root := parse(t, b.Get("/signin").Body)
		for _, l := range all(root, byTagName("link")) {
			href := attr(l, "href")
			if r := b.Get(href); r.StatusCode != http.StatusOK {
				t.Errorf("the page links %s: status %d", href, r.StatusCode)
			}
		}
		if r := b.Get("/static/no-such.css"); r.StatusCode != http.StatusNotFound {
			t.Errorf("missing static file: %d", r.StatusCode)
		}
	})
}
