package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestLogPathHidesDeviceTokens(t *testing.T) {
	for path, want := range map[string]string{
		"/key/rmk_secret/submission": "/key/***/submission",
		"/key/rmk_secret":            "/key/***",
		"/formList":                  "/formList",
		"/people/key/x":              "/people/key/x",
	} {
		if got := LogPath(httptest.NewRequest("GET", path, nil)); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", path, got, want)
		}
	}
}
