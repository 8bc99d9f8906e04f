package web

import (
	"strings"
	"testing"
)

// The PDF's stylesheet carries both weights of the Bangla font inline, so
// the browser printing it fetches nothing.
func TestStrategyInlineCSS(t *testing.T) {
	css, err := strategyInlineCSS()
	if err != nil {
		t.Fatal(err)
	}
	s := string(css)
	if strings.Count(s, `url("data:font/woff2;base64,`) != 2 || strings.Contains(s, `url("fonts/`) {
		t.Errorf("fonts not inlined: %.300s", s)
	}
	for _, want := range []string{"Noto Sans Bengali", "size: A4", "@bottom-center", "counter(page)"} {
		if !strings.Contains(s, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
}
