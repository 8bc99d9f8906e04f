package e2e

// The harness: one headless Chromium for the package, a fresh server on a
// fresh database for every journey, a fresh incognito-like browser context
// for every device a journey uses, and the checks every page must pass.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/demo"
	"github.com/remaker-bd/remaker/internal/server"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// EnvChromium names the browser to use. CI sets it, and then a missing or
// broken browser fails every journey instead of skipping it.
const EnvChromium = "REMAKER_CHROMIUM"

// demoPassword is every seeded account's password.
const demoPassword = "journey-demo-password"

// The two widths every page is checked and photographed at.
const (
	desktopWidth, desktopHeight = 1280, 800
	phoneWidth, phoneHeight     = 360, 740
)

// How long one browser action may take before the journey gives up on it.
// Generous, so a slow CI machine is not a failure; a hang still ends.
const actionTimeout = 30 * time.Second

// The bundled Bangla font family.
const banglaFont = "Noto Sans Bengali"

// chrome is the package's browser, started once by TestMain.
var chrome struct {
	ctx       context.Context // owns the browser; a journey's tabs derive from it
	userAgent string
	skip      string // why journeys are skipped (no browser, not required)
	err       error  // why journeys fail (browser required or found, but broken)
}

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	// The server logs every request at INFO; keep only its errors, which
	// explain a failing step.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	// Cheap password hashes, as in the other suites: the code path is the
	// same, and the browser, not argon2, should use the CPU.
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	path, required := findChromium()
	if path == "" {
		chrome.skip = "no Chromium found: install Debian's package (apt-get install chromium) or set " +
			EnvChromium + " to the browser, to run the browser journeys"
		return m.Run()
	}
	// From here on a browser was asked for (CI) or found: if it does not
	// work, every journey fails rather than skips.
	source := "found at " + path
	if required {
		source = EnvChromium + "=" + path
	}
	if _, err := os.Stat(path); err != nil {
		chrome.err = fmt.Errorf("Chromium %s: %w", source, err)
		return m.Run()
	}
	profile, err := os.MkdirTemp("", "remaker-e2e-chromium-")
	if err != nil {
		chrome.err = err
		return m.Run()
	}
	defer os.RemoveAll(profile)

	var output tailBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Classic scrollbars would take width from the page and make the
		// 360 px check depend on the platform's scrollbar.
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(&output),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }() // starts the browser; no timeout on this context
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("the browser did not answer within 60 seconds")
	}
	if err == nil {
		var v browser.GetVersionResult
		if v, err = chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{}); err == nil {
			chrome.userAgent = v.UserAgent
		}
	}
	if err != nil {
		chrome.err = fmt.Errorf("starting Chromium (%s): %w\nbrowser output:\n%s", source, err, output.String())
		cancel()
		return m.Run()
	}
	chrome.ctx = ctx
	return m.Run()
}

// findChromium returns the browser to use and whether the environment
// demands it.
func findChromium() (path string, required bool) {
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	return chooseChromium(os.Getenv(EnvChromium), exists, exec.LookPath)
}

// chooseChromium is findChromium's decision: $REMAKER_CHROMIUM (required),
// else Debian's /usr/bin/chromium, else chromium or chromium-browser on the
// PATH; "" when there is none.
func chooseChromium(env string, exists func(string) bool, lookPath func(string) (string, error)) (path string, required bool) {
	if env != "" {
		return env, true
	}
	if exists("/usr/bin/chromium") {
		return "/usr/bin/chromium", false
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := lookPath(name); err == nil {
			return p, false
		}
	}
	return "", false
}

// tailBuffer keeps the last 8 KB of the browser's output, for the message
// when it does not start.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 8<<10 {
		b.buf = b.buf[len(b.buf)-8<<10:]
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// ---------------------------------------------------------------------------
// The server under test.

// site is a running Remaker on a fresh data directory, seeded with the demo.
type site struct {
	URL  string
	DB   *store.DB
	Auth *auth.Service

	mu       sync.Mutex
	requests []seenRequest
}

// seenRequest is what the server saw of one request.
type seenRequest struct {
	Method, Path, AcceptLanguage string
}

// startSite starts the real HTTP stack (server.New, all middleware) on a
// fresh, migrated SQLite database in t.TempDir(), seeded with demo.Seed,
// listening on 127.0.0.1.
func startSite(t *testing.T) *site {
	t.Helper()
	db := testdb.Open(t, store.SQLite)
	authSvc := auth.NewService(db, auth.DefaultConfig)
	if err := demo.Seed(context.Background(), db, authSvc, demoPassword); err != nil {
		t.Fatalf("seeding the demo: %v", err)
	}
	srv, err := server.New(db, authSvc, server.Config{Version: "e2e"})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	s := &site{DB: db, Auth: authSvc}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, seenRequest{r.Method, r.URL.Path, r.Header.Get("Accept-Language")})
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// lastRequest returns the last request the server saw for path.
func (s *site) lastRequest(method, path string) (seenRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.requests) - 1; i >= 0; i-- {
		if r := s.requests[i]; r.Method == method && r.Path == path {
			return r, true
		}
	}
	return seenRequest{}, false
}

// ---------------------------------------------------------------------------
// Journeys and devices.

// journey is one test's walk through the application: its server, its
// screenshots folder and its numbered steps.
type journey struct {
	t     *testing.T
	site  *site
	dir   string
	mu    sync.Mutex
	steps int
}

// newJourney marks the test parallel, skips or fails it when there is no
// usable browser, then starts a fresh server and empties the journey's
// screenshot folder. Call it first, and only once, in a journey's test.
func newJourney(t *testing.T) *journey {
	t.Helper()
	// Journeys are independent: each has its own server, database and
	// browser contexts, so they run side by side.
	t.Parallel()
	if chrome.skip != "" {
		t.Skip(chrome.skip)
	}
	if chrome.err != nil {
		t.Fatal(chrome.err)
	}
	j := &journey{t: t, site: startSite(t)}
	j.dir = filepath.Join(artifactsDir(), "e2e", slug(t.Name()))
	if err := os.RemoveAll(j.dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(j.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return j
}

// artifactsDir is $ARTIFACTS, or the repository's git-ignored artifacts
// folder (../artifacts from this package, where go test runs).
func artifactsDir() string {
	if d := os.Getenv("ARTIFACTS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "artifacts")
	}
	return filepath.Join(filepath.Dir(wd), "artifacts")
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a test name into a folder name: TestSignIn/browser_bn becomes
// signin-browser-bn.
func slug(name string) string {
	name = strings.TrimPrefix(name, "Test")
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

// tab is one device in a journey: a new incognito-like browser context with
// its own cookies, whose browser language is lang ("" leaves Chromium's own).
type tab struct {
	j    *journey
	t    *testing.T
	name string
	ctx  context.Context
	lang string

	// noScreenshots spares the harness's own test the photographs.
	noScreenshots bool

	mu       sync.Mutex
	problems []string
	requests map[network.RequestID]*network.EventRequestWillBeSent
}

// device opens a new browser context for the journey. Name it when a journey
// uses several devices; it prefixes their screenshots.
func (j *journey) device(name, lang string) *tab {
	t := j.t
	t.Helper()
	ctx, cancel := chromedp.NewContext(chrome.ctx, chromedp.WithNewBrowserContext())
	tb := &tab{j: j, t: t, name: name, ctx: ctx, lang: lang, requests: map[network.RequestID]*network.EventRequestWillBeSent{}}
	t.Cleanup(func() {
		tb.reportProblems("end of journey")
		cancel()
	})
	if err := chromedp.Listen(ctx, tb.observe); err != nil {
		t.Fatalf("opening a browser tab: %v", err)
	}
	if lang != "" {
		// The browser's language preference: the Accept-Language header and
		// navigator.languages, as a phone set to that language sends them.
		tb.call("set the browser language", func(ctx context.Context) error {
			_, err := chromedp.Call(ctx, emulation.SetUserAgentOverride,
				emulation.SetUserAgentOverrideParams{UserAgent: chrome.userAgent, AcceptLanguage: lang})
			return err
		})
	}
	tb.viewport(desktopWidth, desktopHeight, false)
	return tb
}

// observe records, for the page checks, every console error or warning,
// uncaught exception and failed request. It runs on the browser's reading
// goroutine, so it only files things away.
func (tb *tab) observe(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = fmt.Sprintf("uncaught exception: %s", d.Text)
		if d.Exception != nil && d.Exception.Description != "" {
			p += ": " + firstLine(d.Exception.Description)
		}
		if d.URL != "" {
			p += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *runtime.EventConsoleAPICalled:
		switch string(ev.Type) {
		case "error", "warning", "assert":
			var parts []string
			for _, a := range ev.Args {
				var str string
				switch {
				case a.Type == runtime.RemoteObjectTypeString && json.Unmarshal(a.Value, &str) == nil:
					parts = append(parts, str)
				case a.Description != "":
					parts = append(parts, a.Description)
				default:
					parts = append(parts, string(a.Value))
				}
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Source == log.EntrySourceNetwork && e.NetworkRequestID != "" && tb.isDocument(e.NetworkRequestID) {
			// "Failed to load resource" for a 4xx page: the step that
			// loads a page checks its status itself.
			break
		}
		if e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning {
			p = fmt.Sprintf("console %s (%s): %s", e.Level, e.Source, e.Text)
			if e.URL != "" {
				p += " [" + e.URL + "]"
			}
		}
	case *network.EventRequestWillBeSent:
		tb.mu.Lock()
		tb.requests[ev.RequestID] = ev
		tb.mu.Unlock()
	case *network.EventLoadingFailed:
		p = fmt.Sprintf("request failed: %s %s: %s", ev.Type, tb.requestURL(ev.RequestID), ev.ErrorText)
		if ev.BlockedReason != "" {
			p += " (blocked: " + string(ev.BlockedReason) + ")"
		}
	case *network.EventResponseReceived:
		// The main document's status is checked by the step that loads it;
		// every other response must succeed.
		if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 {
			p = fmt.Sprintf("%s %s answered %d", ev.Type, ev.Response.URL, ev.Response.Status)
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

func (tb *tab) requestURL(id network.RequestID) string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if r := tb.requests[id]; r != nil {
		return r.Request.Method + " " + r.Request.URL
	}
	return string(id)
}

func (tb *tab) isDocument(id network.RequestID) bool {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	r := tb.requests[id]
	return r != nil && r.Type == network.ResourceTypeDocument
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// reportProblems fails the journey for every console or network problem
// seen since the last report.
func (tb *tab) reportProblems(where string) {
	tb.t.Helper()
	for _, p := range tb.takeProblems() {
		tb.t.Errorf("%s%s: %s", tb.prefix(), where, p)
	}
}

// takeProblems returns the console and network problems seen since the
// last call, and forgets them.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	ps := tb.problems
	tb.problems = nil
	return ps
}

func (tb *tab) prefix() string {
	if tb.name == "" {
		return ""
	}
	return tb.name + ": "
}

// call runs f with a time limit and fails the journey at once on an error.
func (tb *tab) call(what string, f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.reportProblems(what)
		tb.t.Fatalf("%s%s: %v", tb.prefix(), what, err)
	}
}

// run runs browser actions with a time limit, failing the journey on an error.
func (tb *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(what, func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// eval evaluates a JavaScript expression in the page (promises are awaited)
// and decodes its value into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call("evaluating "+shorten(expr), func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		return err
	})
	return v
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// viewport sets the page's size; a phone is emulated as a mobile device, so
// the page's viewport meta tag applies and scrollbars overlay the content.
func (tb *tab) viewport(w, h int64, phone bool) {
	tb.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if phone {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tb.run(fmt.Sprintf("setting the viewport to %dx%d", w, h), chromedp.EmulateViewport(w, h, opts...))
}

// ---------------------------------------------------------------------------
// Moving about.

// want is what a step expects of the page it arrives at.
type want struct {
	Status int    // the main document's HTTP status; 0 means 200
	Path   string // the URL path after redirects, and the query when it has "?"; "" skips the check
	Lang   string // the page's language, "bn" or "en"
}

// open loads path and checks the page as step.
func (tb *tab) open(step, path string, w want) {
	tb.t.Helper()
	tb.navigate(step, w, chromedp.Navigate(tb.j.site.URL+path))
}

// click clicks the element that sel (a CSS selector) selects, which loads a
// page, and checks that page as step.
func (tb *tab) click(step, sel string, w want) {
	tb.t.Helper()
	x, y := tb.point(sel)
	tb.navigate(step, w, chromedp.MouseClickXY(x, y))
}

// point scrolls the element sel selects into view and returns the middle of
// it, failing the journey when there is no such element, when it is not
// shown, or when something else covers it.
func (tb *tab) point(sel string) (x, y float64) {
	tb.t.Helper()
	xy := eval[[]float64](tb, fmt.Sprintf(`(() => {
  const el = document.querySelector(%q);
  if (!el) return null;
  el.scrollIntoView({block: 'center', inline: 'center'});
  // A link that wraps has one box per line, and the middle of the whole
  // may fall between them: aim at the middle of a line box instead.
  const boxes = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  if (boxes.length === 0) return [];
  for (const r of boxes) {
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && (el === hit || el.contains(hit))) return [x, y];
  }
  return [-1];
})()`, sel))
	switch {
	case xy == nil:
		tb.t.Fatalf("%sthe page has no %s to click", tb.prefix(), sel)
	case len(xy) == 0:
		tb.t.Fatalf("%s%s is not shown, so it cannot be clicked", tb.prefix(), sel)
	case len(xy) != 2:
		tb.t.Fatalf("%s%s is covered by another element, so it cannot be clicked", tb.prefix(), sel)
	}
	return xy[0], xy[1]
}

// navigate runs an action that loads a page, then checks the main
// document's status and address, and the page.
func (tb *tab) navigate(step string, w want, action chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	var resp *network.Response
	tb.call(step, func(ctx context.Context) (err error) {
		resp, err = chromedp.RunResponse(ctx, action)
		return err
	})
	status := w.Status
	if status == 0 {
		status = http.StatusOK
	}
	if resp == nil {
		tb.t.Fatalf("%s%s: no response for the page", tb.prefix(), step)
	}
	if int(resp.Status) != status {
		tb.t.Errorf("%s%s: %s answered %d, want %d", tb.prefix(), step, resp.URL, resp.Status, status)
	}
	if w.Path != "" {
		if got := tb.location(); got != w.Path {
			tb.t.Errorf("%s%s: the browser is at %s, want %s", tb.prefix(), step, got, w.Path)
		}
	}
	tb.checkPage(step, w.Lang)
}

// location returns the current path, with the query when there is one.
func (tb *tab) location() string {
	tb.t.Helper()
	var loc string
	tb.call("reading the location", func(ctx context.Context) (err error) {
		loc, err = chromedp.Run(ctx, chromedp.Location())
		return err
	})
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// fill puts value into the text field that sel selects, replacing what was
// there, as typing (or a phone's keyboard) would: the field gets the focus,
// then the text arrives as input.
func (tb *tab) fill(sel, value string) {
	tb.t.Helper()
	focused := eval[bool](tb, fmt.Sprintf(`(() => {
  const el = document.querySelector(%q);
  if (!el) return false;
  el.focus();
  el.value = '';
  return document.activeElement === el;
})()`, sel))
	if !focused {
		tb.t.Fatalf("%sthe page has no field %s to type into", tb.prefix(), sel)
	}
	tb.call("typing into "+sel, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: value})
		return err
	})
	if got := tb.value(sel); got != value {
		tb.t.Fatalf("%s%s holds %q after typing %q", tb.prefix(), sel, got, value)
	}
}

// choose selects the option with value in the select that sel selects.
func (tb *tab) choose(sel, value string) {
	tb.t.Helper()
	ok := eval[bool](tb, fmt.Sprintf(`(() => {
  const el = document.querySelector(%q);
  if (!el || ![...el.options].some(o => o.value === %q)) return false;
  el.value = %q;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
  return true;
})()`, sel, value, value))
	if !ok {
		tb.t.Fatalf("%s%s has no option %q", tb.prefix(), sel, value)
	}
}

// text returns the visible text of the first element sel selects, or "" when there is none.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.TrimSpace(eval[string](tb, fmt.Sprintf(`document.querySelector(%q)?.innerText ?? ""`, sel)))
}

// value returns the value of the form field sel selects.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`document.querySelector(%q)?.value ?? "<no such field>"`, sel))
}

// expectText checks that the element sel selects shows exactly want.
func (tb *tab) expectText(step, sel, want string) {
	tb.t.Helper()
	if got := tb.text(sel); got != want {
		tb.t.Errorf("%s%s: %s shows %q, want %q", tb.prefix(), step, sel, got, want)
	}
}

// ---------------------------------------------------------------------------
// The page checks.

// pageFacts is what the checks read from a page.
type pageFacts struct {
	Lang        string      `json:"lang"`
	Title       string      `json:"title"`
	Unlabelled  []string    `json:"unlabelled"`
	DupIDs      []string    `json:"dupIDs"`
	ScrollWidth int         `json:"scrollWidth"`
	InnerWidth  int         `json:"innerWidth"`
	Overflowing []string    `json:"overflowing"`
	FontCheck   bool        `json:"fontCheck"`
	FontFaces   []fontState `json:"fontFaces"`
}

type fontState struct {
	Weight string `json:"weight"`
	Status string `json:"status"`
}

// factsJS gathers pageFacts once the fonts have loaded and the layout has
// settled after the last viewport change. WIDTH stands for the emulated
// width: a phone's layout viewport grows to fit content that is too wide,
// so window.innerWidth alone would hide the overflow it should reveal.
const factsJS = `(async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const shown = el => {
    const s = getComputedStyle(el);
    return el.getClientRects().length > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const words = el => ((el && el.textContent) || '').trim() !== '';
  const describe = el => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    if (el.getAttribute('name')) d += '[name=' + el.getAttribute('name') + ']';
    if (el.className && typeof el.className === 'string') d += '.' + el.className.trim().split(/\s+/).join('.');
    return d;
  };
  const unlabelled = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || !shown(el)) continue;
    let ok = false;
    if (el.id) ok = [...document.querySelectorAll('label[for="' + CSS.escape(el.id) + '"]')].some(words);
    if (!ok) ok = (el.getAttribute('aria-label') || '').trim() !== '';
    if (!ok && el.getAttribute('aria-labelledby'))
      ok = el.getAttribute('aria-labelledby').trim().split(/\s+/).some(id => words(document.getElementById(id)));
    if (!ok) ok = words(el.closest('label'));
    if (!ok && ['submit', 'button', 'reset'].includes(el.type)) ok = (el.value || '').trim() !== '';
    if (!ok) unlabelled.push(describe(el));
  }
  const count = {};
  for (const el of document.querySelectorAll('[id]')) count[el.id] = (count[el.id] || 0) + 1;
  const dupIDs = Object.keys(count).filter(id => count[id] > 1);
  const iw = window.innerWidth;
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    // Inside a scrolling table wrap overflow is fine, unless the element
    // escaped it (absolutely placed with no positioned ancestor inside).
    const wrap = el.closest('.table-wrap');
    const escapes = wrap && getComputedStyle(el).position === 'absolute' && !(el.offsetParent && wrap.contains(el.offsetParent));
    if (r.width > 0 && r.right > WIDTH + 0.5 && ((!wrap && !el.closest('.visually-hidden')) || escapes) && overflowing.length < 8)
      overflowing.push(describe(el) + ' ends at ' + Math.round(r.right) + 'px');
  }
  const fontFaces = [];
  document.fonts.forEach(f => {
    if (f.family.replace(/^["']|["']$/g, '') === '` + banglaFont + `') fontFaces.push({weight: String(f.weight), status: f.status});
  });
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    title: document.title,
    unlabelled, dupIDs,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: iw,
    overflowing,
    fontCheck: document.fonts.check('16px "` + banglaFont + `"', 'বাংলা'),
    fontFaces,
  };
})()`

// factsAt returns factsJS for a screen width px wide.
func factsAt(width int) string {
	return strings.ReplaceAll(factsJS, "WIDTH", strconv.Itoa(width))
}

// checkPage runs the page checks at desktop and phone widths, saving a
// screenshot at each, and fails the journey for every problem found,
// including every console or network problem seen since the last check.
// lang is the language the page must be in.
func (tb *tab) checkPage(step, lang string) {
	tb.t.Helper()
	for _, p := range tb.inspect(step, lang) {
		tb.t.Errorf("%s%s: %s", tb.prefix(), step, p)
	}
}

// inspect runs the page checks and returns the problems found.
func (tb *tab) inspect(step, lang string) []string {
	tb.t.Helper()
	name := tb.j.nextStep(tb.name, step)

	problems := factProblems(lang, eval[pageFacts](tb, factsAt(desktopWidth)), desktopWidth)
	if lang == "bn" {
		problems = append(problems, tb.banglaGlyphProblems()...)
	}
	tb.screenshot(name, desktopWidth)

	tb.viewport(phoneWidth, phoneHeight, true)
	problems = append(problems, factProblems(lang, eval[pageFacts](tb, factsAt(phoneWidth)), phoneWidth)...)
	tb.screenshot(name, phoneWidth)
	tb.viewport(desktopWidth, desktopHeight, false)

	return append(problems, tb.takeProblems()...)
}

// factProblems checks what factsJS read from a page at width.
func factProblems(lang string, f pageFacts, width int) []string {
	var ps []string
	add := func(format string, args ...any) {
		ps = append(ps, fmt.Sprintf("at %d px: ", width)+fmt.Sprintf(format, args...))
	}
	if f.Lang == "" {
		add("<html> has no lang")
	} else if lang != "" && f.Lang != lang {
		add("<html lang=%q>, want %q", f.Lang, lang)
	}
	if strings.TrimSpace(f.Title) == "" {
		add("the page has no <title>")
	}
	for _, c := range f.Unlabelled {
		add("%s has no label (label[for], aria-label or aria-labelledby)", c)
	}
	if len(f.DupIDs) > 0 {
		add("ids used more than once, so a label can point at the wrong field: %v", f.DupIDs)
	}
	// On a phone, content that is too wide makes the browser widen the
	// layout viewport (and zoom out): innerWidth then exceeds the screen.
	if f.ScrollWidth > f.InnerWidth || f.InnerWidth != width {
		add("the page scrolls sideways (scrollWidth %d, innerWidth %d, screen %d); too wide: %s",
			f.ScrollWidth, f.InnerWidth, width, strings.Join(f.Overflowing, "; "))
	}
	if f.Lang == "bn" {
		loaded := false
		for _, ff := range f.FontFaces {
			if ff.Status == "loaded" && (ff.Weight == "400" || ff.Weight == "normal") {
				loaded = true
			}
			if ff.Status == "error" {
				add("the %s font (weight %s) failed to load", banglaFont, ff.Weight)
			}
		}
		if !loaded {
			add("the bundled %s font (weight 400) is not loaded on a Bangla page; faces: %+v", banglaFont, f.FontFaces)
		}
		if !f.FontCheck {
			add(`document.fonts.check('16px "%s"', 'বাংলা') is false`, banglaFont)
		}
	}
	return ps
}

// banglaGlyphProblems asks the browser which fonts drew the main heading:
// on a Bangla page its letters must come from the bundled web font, not
// from a system font, and not as empty boxes.
func (tb *tab) banglaGlyphProblems() []string {
	tb.t.Helper()
	var fonts []*css.PlatformFontUsage
	var missing bool
	tb.call("reading the heading's fonts", func(ctx context.Context) error {
		h1, err := chromedp.Run(ctx, chromedp.Evaluate[*runtime.RemoteObject](`document.querySelector('main h1')`))
		if err != nil || h1.ObjectID == "" {
			missing = err == nil
			return err
		}
		node, err := chromedp.Call(ctx, dom.RequestNode, dom.RequestNodeParams{ObjectID: h1.ObjectID})
		if err != nil {
			return err
		}
		res, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: node.NodeID})
		fonts = res.Fonts
		return err
	})
	if missing {
		return []string{"the page has no main h1"}
	}
	var used []string
	for _, f := range fonts {
		used = append(used, fmt.Sprintf("%s (custom %v, %v glyphs)", f.FamilyName, f.IsCustomFont, f.GlyphCount))
		if f.IsCustomFont && f.FamilyName == banglaFont && f.GlyphCount > 0 {
			return nil
		}
	}
	return []string{fmt.Sprintf("the heading's Bangla is not drawn with the bundled %s; fonts used: %v", banglaFont, used)}
}

// nextStep numbers a step, so the screenshots sort in journey order.
func (j *journey) nextStep(device, step string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.steps++
	name := fmt.Sprintf("%02d-", j.steps)
	if device != "" {
		name += slug(device) + "-"
	}
	return name + slug(step)
}

// screenshot saves the whole page as <journey>/<step>-<width>.png.
func (tb *tab) screenshot(name string, width int) {
	tb.t.Helper()
	if tb.noScreenshots {
		return
	}
	var png []byte
	tb.call("taking a screenshot", func(ctx context.Context) error {
		res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: new(true),
			FromSurface:           new(true),
		})
		png = res.Data
		return err
	})
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		tb.t.Errorf("the screenshot of %s is not a PNG", name)
		return
	}
	path := filepath.Join(tb.j.dir, fmt.Sprintf("%s-%d.png", name, width))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Errorf("saving a screenshot: %v", err)
	}
}
