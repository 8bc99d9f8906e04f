package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

func TestLoadtestRefusesOtherHosts(t *testing.T) {
	ctx := context.Background()
	for _, addr := range []string{"10.1.2.3:8080", "192.168.0.10:80", "8.8.8.8:443", "[2001:db8::1]:80", "127.0.0.1", "no-port"} {
		if err := CheckLoopback(ctx, addr); err == nil {
			t.Errorf("CheckLoopback(%q) accepted a host that is not this machine", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:9000"} {
		if err := CheckLoopback(ctx, addr); err != nil {
			t.Errorf("CheckLoopback(%q): %v", addr, err)
		}
	}
	_, err := Run(ctx, Config{Addr: "10.0.0.1:8080", User: "u", Password: "p", Concurrency: 1, Duration: time.Second})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("Run against 10.0.0.1: %v, want a refusal naming 127.0.0.1", err)
	}
}

// TestLoadtestSmoke runs a short mixed workload against a test server:
// every operation succeeds and the report has figures for each.
func TestLoadtestSmoke(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		ctx := context.Background()
		if _, err := e.Server.Forms.LoadBuiltins(ctx); err != nil {
			t.Fatal(err)
		}
		pm := e.Users["pm"].Actor()
		project, err := e.DB.CreateProject(ctx, pm, store.Project{Code: "LT.1", Title: "Load test", Status: "active", Currency: "USD",
			PartnerIDs: []string{e.Orgs["BNSK"].ID}})
		if err != nil {
			t.Fatal(err)
		}
		w := e.Users["bnsk.worker"]
		for i := range 3 {
			p, _, err := e.DB.RegisterWithConsent(ctx, w.Actor(), registry.Person{NameLatin: fmt.Sprintf("Mohammad Rahim Uddin %c", 'A'+i),
				Sex: "male", Phones: []string{fmt.Sprintf("0171234567%d", i)}},
				registry.Consent{Purpose: registry.PurposeRegistration, Method: "written", GivenOn: time.Now().AddDate(0, 0, -1)})
			if err != nil {
				t.Fatal(err)
			}
			c, err := e.DB.OpenCase(ctx, w.Actor(), store.NewCase{PersonID: p.ID, ProjectID: project.ID, AssignedTo: w.ID})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.DB.ScheduleVisits(ctx, w.Actor(), c.ID, time.Now().AddDate(0, -2, 0), []int{1, 3}); err != nil {
				t.Fatal(err)
			}
		}
		u, err := url.Parse(e.URL)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		rep, err := Run(ctx, Config{Addr: u.Host, User: "bnsk.worker", Password: servertest.Password, DashboardUser: "pm",
			DashboardPassword: servertest.Password, Concurrency: 2, Devices: 2, MaxRequests: 60, Duration: 15 * time.Second,
			Out: &out, Progress: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		t.Log("\n" + out.String())
		if len(rep.Errors) > 0 {
			t.Errorf("errors: %v", rep.Errors)
		}
		for _, op := range []string{OpSearch, OpCase, OpDashboard, OpVisit, OpSubmit} {
			if s := rep.Ops[op]; s == nil || len(s.Latencies) == 0 {
				t.Errorf("no successful %s in the smoke run", op)
			}
		}
		if rep.Requests > 60 {
			t.Errorf("%d requests, more than --max-requests 60", rep.Requests)
		}
		if rep.MemoryEnd.SysBytes == 0 {
			t.Error("the server's memory was not read from /metrics")
		}
		for _, want := range []string{"p95 ms", "openrosa_submit", "server memory"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the report lacks %q", want)
			}
		}
	})
}
