package server_test

// Language choice, and what every page must have whatever the language and
// role: a language, a title, labelled form controls, the security headers.

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/web"
)

// TestWebLanguageRemembered: POST /lang switches the interface and, for a
// signed-in user, is kept in their profile: after signing out and in again
// on another device the interface is still Bangla.
func TestWebLanguageRemembered(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b, office := e.SignIn("bnsk.worker"), e.SignIn("bnsk.worker")
		if got := htmlLang(parse(t, b.Get("/account").Body)); got != "en" {
			t.Fatalf("before: lang %q", got)
		}
		wantRedirect(t, "switch to Bangla", b.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {"/account"}}), "/account")
		r := b.Get("/account")
		if got := htmlLang(parse(t, r.Body)); got != "bn" || !strings.Contains(r.Body, i18n.T("bn", "account.heading")) {
			t.Errorf("after switching: lang %q", got)
		}
		// The user's other open session, whose language cookie still says
		// English, follows the profile on its next page.
		if got := htmlLang(parse(t, office.Get("/").Body)); got != "bn" {
			t.Errorf("the user's other session: lang %q, want bn", got)
		}
		b.PostForm("/signout", nil)

		// Another device, with no language cookie and a browser asking for English.
		other := e.Anonymous()
		other.PostForm("/signin", url.Values{"username": {"bnsk.worker"}, "password": {servertest.Password}})
		r = getWith(e, other, "/", map[string]string{"Accept-Language": "en"})
		if got := htmlLang(parse(t, r.Body)); got != "bn" {
			t.Errorf("signed in again elsewhere: lang %q, want bn", got)
		}
		// Someone else's language is their own.
		if got := htmlLang(parse(t, e.SignIn("bnsk.manager").Get("/").Body)); got != "en" {
			t.Errorf("another user: lang %q, want en", got)
		}
		// And back.
		other.PostForm("/lang", url.Values{"lang": {"en"}, "return": {"/"}})
		if got := user(t, e, e.Users["bnsk.worker"].ID).Lang; got != "en" {
			t.Errorf("switching back: stored %q", got)
		}
	})
}

// TestWebLanguageForVisitors: a visitor's choice is kept in a cookie; an
// unknown language is refused; the way back stays on this site.
func TestWebLanguageForVisitors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.Anonymous()
		r := send(e, b, http.MethodPost, "/lang", url.Values{"lang": {"en"}, "return": {"/signin"}}, true, nil)
		wantRedirect(t, "visitor switches", r, "/signin")
		if c := setCookie(r, web.LangCookie); c == nil || c.Value != "en" {
			t.Fatalf("no language cookie")
		}
		if got := htmlLang(parse(t, getWith(e, b, "/signin", map[string]string{"Accept-Language": "bn"}).Body)); got != "en" {
			t.Errorf("visitor's choice: lang %q, want en", got)
		}
		r = b.PostForm("/lang", url.Values{"lang": {"fr"}, "return": {"/"}})
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, i18n.T("en", "error.bad_lang")) {
			t.Errorf("unknown language: %d", r.StatusCode)
		}
		for _, ret := range attackerNexts {
			f := url.Values{"lang": {"bn"}, "return": {ret}}
			req, _ := http.NewRequest(http.MethodPost, e.URL+"/lang", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			status, loc := rawRedirect(t, e, nil, req)
			if status != http.StatusSeeOther || loc != "/" {
				t.Errorf("POST /lang return=%q: %d to %q (a browser goes to %s), want /", ret, status, loc, browserTarget(e.URL, loc))
			}
		}
	})
}

// pagesOf lists the pages a user can reach by GET (crawled from every
// route) plus the pages forms return with errors, in the user's language.
func pagesOf(t *testing.T, e *servertest.Env, b *servertest.Browser, username string) []crawled {
	pages := crawl(t, e, b, startPages(e)...)
	post := func(path string, f url.Values) {
		r := b.PostForm(path, f)
		redirected := r.StatusCode >= 300 && r.StatusCode < 400
		if !redirected && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			pages = append(pages, crawled{path: "POST " + path, status: r.StatusCode, header: r.Header, body: r.Body})
		}
	}
	post("/account/password", url.Values{"current_password": {"wrong"}, "new_password": {"x"}, "confirm_password": {"y"}})
	post("/account/password", url.Values{"current_password": {"wrong"}, "new_password": {"long enough pass"}, "confirm_password": {"long enough pass"}})
	post("/account/tokens", url.Values{"name": {""}})
	post("/account/tokens", url.Values{"name": {"page check"}})
	post("/admin/users", url.Values{"username": {"!"}, "password": {"x"}, "org_id": {e.Orgs["BNSK"].ID}, "role": {"case_worker"}})
	post("/admin/users/"+e.Users["bnsk.enumerator"].ID, url.Values{"full_name": {strings.Repeat("x", 201)}, "role": {"enumerator"}, "lang": {"en"}, "version": {"1"}})
	post("/admin/users/"+e.Users["bnsk.enumerator"].ID, url.Values{"full_name": {"Stale"}, "role": {"enumerator"}, "lang": {"en"}, "version": {"0"}})
	post("/admin/users/"+e.Users["bnsk.enumerator"].ID+"/password", url.Values{"new_password": {"x"}})
	post("/admin/organisations", url.Values{"code": {"?"}, "name_en": {""}, "kind": {"cso"}})
	post("/lang", url.Values{"lang": {"xx"}})
	post("/people", url.Values{"name_latin": {""}, "nid": {"1"}})
	if username == "" {
		post("/signin", url.Values{"username": {""}, "password": {""}})
		post("/signin", url.Values{"username": {"nobody"}, "password": {"wrong"}})
	}
	return pages
}

// TestWebEveryPageIsAccessible: on every page each role can reach, in both
// languages, the document has its language and a title, every control has
// a label, IDs are unique, no catalog key shows untranslated, and the
// security headers are set.
func TestWebEveryPageIsAccessible(t *testing.T) {
	t.Parallel()
	keys := slices.Collect(maps.Keys(i18n.Keys("en")))
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, lang := range []string{"en", "bn"} {
			for _, name := range matrixActors {
				var b *servertest.Browser
				if name == "" {
					b = e.Anonymous()
					u, _ := url.Parse(e.URL)
					b.Jar.SetCookies(u, []*http.Cookie{{Name: web.LangCookie, Value: lang, Path: "/"}})
				} else {
					if err := e.DB.SetLang(bg, e.Users[name].ID, lang); err != nil {
						t.Fatal(err)
					}
					b = e.SignIn(name)
				}
				who := fmt.Sprintf("%s/%s", lang, name)
				pages := pagesOf(t, e, b, name)
				if len(pages) < 5 {
					t.Errorf("%s reached %d pages", who, len(pages))
				}
				for _, p := range pages {
					where := fmt.Sprintf("%s %s (%d)", who, p.path, p.status)
					checkPage(t, where, p.body)
					checkHeaders(t, where, p.header)
					if got := htmlLang(parse(t, p.body)); got != lang {
						t.Errorf("%s: lang %q, want %q", where, got, lang)
					}
					text := shownText(t, p.body)
					for _, k := range keys {
						if strings.Contains(text, k) && strings.Contains(k, ".") {
							t.Errorf("%s: shows the catalog key %q instead of words", where, k)
						}
					}
				}
			}
		}
	})
}

// TestWebCheckPageFindsProblems proves the page checker can fail.
func TestWebCheckPageFindsProblems(t *testing.T) {
	t.Parallel()
	bad := []string{
		`<!doctype html><html><head><title>x · Remaker</title></head><body></body></html>`,
		`<!doctype html><html lang="en"><head><title> · Remaker</title></head><body></body></html>`,
		`<!doctype html><html lang="en"><head><title>T · Remaker</title></head><body><input id="a" name="a"></body></html>`,
		`<!doctype html><html lang="en"><head><title>T · Remaker</title></head><body><label for="b">B</label><select id="a"></select></body></html>`,
		`<!doctype html><html lang="en"><head><title>T · Remaker</title></head><body><textarea name="c"></textarea></body></html>`,
		`<!doctype html><html lang="en"><head><title>T · Remaker</title></head><body><p id="d"></p><p id="d"></p></body></html>`,
	}
	for i, body := range bad {
		if !checkFails(body) {
			t.Errorf("case %d: the checker accepted a broken page", i)
		}
	}
	good := `<!doctype html><html lang="bn"><head><title>T · Remaker</title></head><body><input type="hidden" name="h">
		<label for="a">A</label><input id="a"><button type="submit">Go</button></body></html>`
	if checkFails(good) {
		t.Error("the checker refused a good page")
	}
}

// checkFails reports whether checkPage finds a problem in body.
func checkFails(body string) bool {
	failed := false
	checkPageInto(body, func(string, ...any) { failed = true })
	return failed
}
