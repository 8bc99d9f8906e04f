package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
)

func TestEveryRoleGetsAHomePage(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		for _, s := range servertest.Seeded {
			b := e.SignIn(s.Username)
			r := b.Get("/")
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `<html lang="en">`) {
				t.Errorf("%s: home %d", s.Username, r.StatusCode)
			}
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		b := e.Anonymous()
		if r := b.Get("/healthz"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"status":"ok"`) {
			t.Fatalf("healthz: %d %s", r.StatusCode, r.Body)
		}
		b.Get("/signin")
		r := b.Get("/metrics")
		for _, want := range []string{`remaker_http_requests_total{route="GET /signin",method="GET",code="200"} 1`, "remaker_db_open_connections", "remaker_memory_heap_bytes"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
	})
}
