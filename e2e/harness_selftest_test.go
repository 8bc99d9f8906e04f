package e2e

import (
	"errors"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPageChecksCatchDefects breaks a good page in the browser, one defect
// at a time, and makes sure the page checks notice: a check that cannot
// fail proves nothing.
func TestPageChecksCatchDefects(t *testing.T) {
	j := newJourney(t)
	tb := j.device("", "bn")
	tb.noScreenshots = true

	// The sign-in page in Bangla passes every check as it is.
	tb.open("clean page", "/signin", want{Path: "/signin", Lang: "bn"})

	for _, c := range []struct {
		name   string
		lang   string // the language the check expects
		inject string // JavaScript that breaks the page
		want   string // part of the problem the checks must report
	}{
		{"no lang", "bn", `document.documentElement.removeAttribute('lang')`, "<html> has no lang"},
		{"wrong lang", "en", ``, `<html lang="bn">, want "en"`},
		{"no title", "bn", `document.title = ''`, "has no <title>"},
		{"unlabelled field", "bn", `document.querySelector('form').append(Object.assign(document.createElement('input'), {name: 'stray'}))`, "input[name=stray] has no label"},
		{"label lost to a duplicate id", "bn", `document.querySelector('main').prepend(Object.assign(document.createElement('p'), {id: 'username'}))`, "ids used more than once"},
		{"too wide at 360 px", "bn", `(() => { const d = document.createElement('div'); d.id = 'wide'; d.style.width = '500px'; d.style.height = '1px'; document.querySelector('main').append(d) })()`, "the page scrolls sideways"},
		{"console error", "bn", `console.error('injected failure')`, "console.error: injected failure"},
		{"console warning", "bn", `console.warn('injected warning')`, "console.warning: injected warning"},
		{"uncaught exception", "bn", `setTimeout(() => { throw new Error('injected exception') })`, "uncaught exception"},
		{"missing image", "bn", `document.querySelector('main').append(Object.assign(document.createElement('img'), {src: '/static/no-such-image.png', alt: ''}))`, "no-such-image.png answered 404"},
		{"heading not in the bundled font", "bn", `document.querySelector('main h1').style.fontFamily = 'monospace'`, "not drawn with the bundled Noto Sans Bengali"},
		{"stylesheet (and font) missing", "bn", `document.querySelector('link[rel=stylesheet]').remove()`, "font (weight 400) is not loaded"},
	} {
		tb.run("reloading for "+c.name, chromedp.Navigate(j.site.URL+"/signin"))
		if c.inject != "" {
			eval[chromedp.Void](tb, c.inject)
		}
		problems := tb.inspect("defect "+c.name, c.lang)
		found := false
		for _, p := range problems {
			if strings.Contains(p, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the page checks did not report %q; they reported %q", c.name, c.want, problems)
		}
	}
}

// TestChooseChromium: CI's REMAKER_CHROMIUM is required even when it names
// nothing; without it, Debian's browser or one on the PATH is used, and with
// none the journeys are skipped.
func TestChooseChromium(t *testing.T) {
	none := func(string) bool { return false }
	debian := func(p string) bool { return p == "/usr/bin/chromium" }
	notOnPath := func(string) (string, error) { return "", errors.New("not found") }
	onPath := func(name string) (string, error) {
		if name == "chromium-browser" {
			return "/opt/bin/chromium-browser", nil
		}
		return "", errors.New("not found")
	}
	for _, c := range []struct {
		name, env    string
		exists       func(string) bool
		lookPath     func(string) (string, error)
		wantPath     string
		wantRequired bool
	}{
		{"CI names a browser that is missing", "/nowhere/chromium", none, notOnPath, "/nowhere/chromium", true},
		{"CI names a browser", "/usr/bin/chromium", debian, notOnPath, "/usr/bin/chromium", true},
		{"Debian package", "", debian, onPath, "/usr/bin/chromium", false},
		{"on the PATH", "", none, onPath, "/opt/bin/chromium-browser", false},
		{"no browser: skip", "", none, notOnPath, "", false},
	} {
		path, required := chooseChromium(c.env, c.exists, c.lookPath)
		if path != c.wantPath || required != c.wantRequired {
			t.Errorf("%s: got (%q, %v), want (%q, %v)", c.name, path, required, c.wantPath, c.wantRequired)
		}
	}
}
