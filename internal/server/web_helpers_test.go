package server_test

// Helpers shared by the web_*_test.go files: sending requests the way a
// browser (or a forger) would, reading cookies, and reading the HTML the
// interface returns with a real parser.

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/web"
)

var bg = context.Background()

// fullNames are distinctive names given to the seeded users, so a test can
// look for a person's name as well as their username in a page.
var fullNames = map[string]string{
	"admin":           "Ayesha Siddiqa Admin",
	"pm":              "Partha Mondal Programme",
	"viewer":          "Vashkar Viewer Roy",
	"bnsk.manager":    "Bilkis Nahar Manager",
	"bnsk.worker":     "Rahima Begum Worker",
	"bnsk.enumerator": "Enamul Haque Enumerator",
	"warbe.manager":   "Wahid Rahman Manager",
	"warbe.worker":    "Shirin Akter Worker",
}

// giveFullNames stores fullNames on the seeded users.
func giveFullNames(t *testing.T, e *servertest.Env) {
	t.Helper()
	for name, full := range fullNames {
		u := e.Users[name]
		if _, err := e.DB.UpdateUser(bg, app.System, u.ID, store.UserUpdate{FullName: full, Role: u.Role, Lang: u.Lang, Version: u.Version}); err != nil {
			t.Fatal(err)
		}
	}
}

// browser returns a signed-in client, or an anonymous one for "".
func browser(e *servertest.Env, username string) *servertest.Browser {
	if username == "" {
		return e.Anonymous()
	}
	return e.SignIn(username)
}

// send makes a request with a form body (for POST) and extra headers. With
// sameOrigin it adds the headers a browser sends from a page of this site.
func send(e *servertest.Env, b *servertest.Browser, method, path string, form url.Values, sameOrigin bool, hdr map[string]string) *servertest.Response {
	e.T.Helper()
	var req *http.Request
	var err error
	if method == http.MethodGet || method == http.MethodHead {
		req, err = http.NewRequest(method, e.URL+path, nil)
	} else {
		req, err = http.NewRequest(method, e.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err != nil {
		e.T.Fatal(err)
	}
	if sameOrigin && method != http.MethodGet {
		req.Header.Set("Origin", e.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return b.Do(req)
}

// getWith fetches path with extra request headers.
func getWith(e *servertest.Env, b *servertest.Browser, path string, hdr map[string]string) *servertest.Response {
	e.T.Helper()
	return send(e, b, http.MethodGet, path, nil, false, hdr)
}

// jarCookie returns the value of a cookie in b's jar, or "".
func jarCookie(e *servertest.Env, b *servertest.Browser, name string) string {
	u, _ := url.Parse(e.URL)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// sessionOf returns b's session token.
func sessionOf(t *testing.T, e *servertest.Env, b *servertest.Browser) string {
	t.Helper()
	v := jarCookie(e, b, web.SessionCookie)
	if v == "" {
		t.Fatal("the browser holds no session cookie")
	}
	return v
}

// withSession returns a fresh client that presents the given session token,
// as an attacker who copied the cookie (or a second tab) would.
func withSession(e *servertest.Env, token string) *servertest.Browser {
	b := e.Anonymous()
	u, _ := url.Parse(e.URL)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: web.SessionCookie, Value: token, Path: "/"}})
	return b
}

// setCookie finds a Set-Cookie of r by name.
func setCookie(r *servertest.Response, name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// signsIn reports whether username can sign in with password (a new client).
func signsIn(e *servertest.Env, username, password string) int {
	r := e.Anonymous().PostForm("/signin", url.Values{"username": {username}, "password": {password}})
	return r.StatusCode
}

// hasPassword reports whether the stored hash of username matches password,
// without creating a session.
func hasPassword(t *testing.T, e *servertest.Env, username, password string) bool {
	t.Helper()
	u, err := e.DB.UserByUsername(bg, username)
	if err != nil {
		t.Fatal(err)
	}
	return auth.VerifyPassword(u.PasswordHash, password)
}

// user reads a user afresh from the database, outside any scope.
func user(t *testing.T, e *servertest.Env, id string) store.User {
	t.Helper()
	u, err := e.DB.UserForAuth(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// userExists reports whether a username is taken.
func userExists(t *testing.T, e *servertest.Env, username string) bool {
	t.Helper()
	_, err := e.DB.UserByUsername(bg, username)
	switch app.ErrorCode(err) {
	case "":
		return true
	case app.ENOTFOUND:
		return false
	}
	t.Fatal(err)
	return false
}

// newUser creates a user directly in the store, for a test to act on.
func newUser(t *testing.T, e *servertest.Env, org, username string, role app.Role) store.User {
	t.Helper()
	u, err := e.Auth.CreateUser(bg, app.System, store.NewUser{OrgID: e.Orgs[org].ID, Username: username, Role: role, Lang: "en"}, servertest.Password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// wantRedirect checks a 303 and its exact target.
func wantRedirect(t *testing.T, what string, r *servertest.Response, to string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("%s: status %d, want 303 to %s", what, r.StatusCode, to)
		return
	}
	if got := r.Header.Get("Location"); got != to {
		t.Errorf("%s: redirected to %q, want %q", what, got, to)
	}
}

// rawRedirect sends req without Go's client, which refuses to read some
// Location headers that browsers follow (a tab in the URL, for one), adds
// the cookies b holds, and returns the status and the Location as sent.
func rawRedirect(t *testing.T, e *servertest.Env, b *servertest.Browser, req *http.Request) (int, string) {
	t.Helper()
	if b != nil {
		for _, c := range b.Jar.Cookies(req.URL) {
			req.AddCookie(c)
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// browserTarget is where a browser goes for a Location header: per the URL
// standard it drops tabs and newlines, and reads a backslash as a slash.
func browserTarget(base, loc string) string {
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	b, _ := url.Parse(base)
	u, err := b.Parse(loc)
	if err != nil {
		return "unparsable: " + err.Error()
	}
	return u.String()
}

// signinURL is where an anonymous request for path is sent.
func signinURL(path string) string { return "/signin?next=" + url.QueryEscape(path) }

// ---- HTML ----

func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

// all returns the elements under n for which match is true, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

func byTag(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func byTagName(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func byID(root *html.Node, id string) *html.Node {
	for _, n := range all(root, func(n *html.Node) bool { return attr(n, "id") == id }) {
		return n
	}
	return nil
}

// textOf returns the text under n with runs of space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// field describes the form field around the control with id.
type field struct {
	found    bool
	hasError bool   // the .field wrapper has class has-error
	message  string // the text of its .field-error, if any
	value    string // the control's value attribute
}

// fieldAround finds the control with id and the .field element around it.
func fieldAround(root *html.Node, id string) field {
	c := byID(root, id)
	if c == nil {
		return field{}
	}
	f := field{found: true, value: attr(c, "value")}
	for p := c.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasClass(p, "field") {
			f.hasError = hasClass(p, "has-error")
			for _, m := range all(p, func(n *html.Node) bool { return hasClass(n, "field-error") }) {
				f.message = textOf(m)
			}
			break
		}
	}
	return f
}

// flashError returns the text of the form-wide error message, if any.
func flashError(root *html.Node) string {
	for _, n := range all(root, func(n *html.Node) bool { return hasClass(n, "flash-error") }) {
		return textOf(n)
	}
	return ""
}

// htmlLang returns the lang attribute of the root element.
func htmlLang(root *html.Node) string {
	for _, n := range all(root, byTag(atom.Html)) {
		return attr(n, "lang")
	}
	return ""
}

// pageTitle returns the document title's text.
func pageTitle(root *html.Node) string {
	for _, n := range all(root, byTag(atom.Title)) {
		return textOf(n)
	}
	return ""
}

// formControls returns the form controls a person fills in or chooses:
// every input that is not hidden or a button, every select and textarea.
func formControls(root *html.Node) []*html.Node {
	return all(root, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Select, atom.Textarea:
			return true
		case atom.Input:
			switch strings.ToLower(attr(n, "type")) {
			case "hidden", "submit", "button", "reset", "image":
				return false
			}
			return true
		}
		return false
	})
}

// checkPage checks what every HTML page must have: a language, a title, a
// label tied to every form control, and unique IDs. where names the page
// in failure messages.
func checkPage(t *testing.T, where, body string) {
	t.Helper()
	checkPageInto(body, func(format string, args ...any) {
		t.Helper()
		t.Errorf(where+": "+format, args...)
	})
}

// checkPageInto reports each problem of checkPage to errorf.
func checkPageInto(body string, errorf func(format string, args ...any)) {
	root, err := html.Parse(strings.NewReader(body))
	if err != nil {
		errorf("parse HTML: %v", err)
		return
	}
	if l := htmlLang(root); l != "en" && l != "bn" {
		errorf("<html lang=%q>, want en or bn", l)
	}
	// The layout writes "<page title> · Remaker": the page's own part must
	// not be empty.
	title := pageTitle(root)
	if own := strings.TrimSpace(strings.TrimSuffix(title, "Remaker")); own == "" || own == "·" {
		errorf("title %q has no page title", title)
	}
	labels := map[string]int{}
	for _, l := range all(root, byTag(atom.Label)) {
		if f := attr(l, "for"); f != "" {
			labels[f]++
		}
	}
	for _, c := range formControls(root) {
		id := attr(c, "id")
		switch {
		case id == "":
			errorf("<%s name=%q> has no id, so no label can point at it", c.Data, attr(c, "name"))
		case labels[id] == 0:
			errorf("<%s id=%q> has no <label for=%q>", c.Data, id, id)
		}
	}
	ids := map[string]bool{}
	for _, n := range all(root, func(n *html.Node) bool { return hasAttr(n, "id") }) {
		id := attr(n, "id")
		if ids[id] {
			errorf("id %q is used twice", id)
		}
		ids[id] = true
	}
}

// links returns the same-site paths a page links to or submits GET forms to.
func links(root *html.Node) []string {
	var out []string
	for _, n := range all(root, func(n *html.Node) bool {
		return n.DataAtom == atom.A || (n.DataAtom == atom.Form && !strings.EqualFold(attr(n, "method"), "post"))
	}) {
		h := attr(n, "href")
		if n.DataAtom == atom.Form {
			h = attr(n, "action")
		}
		if strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//") && !strings.HasPrefix(h, "/static/") {
			out = append(out, h)
		}
	}
	return out
}

// shownText returns what a page shows or says to a reader: its text and
// the attribute values that carry words (value, title, alt, aria-label,
// placeholder, content), leaving out link and form targets and the current
// path the language switch returns to, which hold addresses, not words.
func shownText(t *testing.T, body string) string {
	t.Helper()
	var b strings.Builder
	for n := range parse(t, body).Descendants() {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte('\n')
		case html.ElementNode:
			for _, a := range n.Attr {
				switch a.Key {
				case "href", "action", "src", "id", "for", "name", "class", "type", "method", "autocomplete", "lang", "rel":
					continue
				}
				if a.Key == "value" && attr(n, "name") == "return" {
					continue
				}
				b.WriteString(a.Val)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// mentions reports whether s contains name as a whole word, where a word
// is made of the characters allowed in usernames, so that "admin" is found
// in "by admin," but not in "administrator".
func mentions(s, name string) bool {
	re := regexp.MustCompile(`(?:^|[^A-Za-z0-9._-])` + regexp.QuoteMeta(name) + `(?:$|[^A-Za-z0-9._-])`)
	return re.MatchString(s)
}
