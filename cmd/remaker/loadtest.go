package main

import (
	"context"
	"os"
	"time"

	"github.com/remaker-bd/remaker/internal/loadtest"
)

const loadtestUsage = `Usage: remaker loadtest --addr 127.0.0.1:PORT --user NAME --password PW [flags]

Drives a Remaker server running on this machine with a bounded, mixed
workload and prints throughput, p50/p95/p99 latency per operation, errors
by kind and the server's memory (from its /metrics). The mixed workload:
search the register, open a case page, open the dashboard (the home page),
record a follow-up visit (API); and, from --devices devices at once,
submit Reintegration Sustainability Surveys over OpenRosa (distinct valid
submissions, each with a fresh instanceID). --mix ingest only submits.

Signs in as --user (a case worker of an organisation with open cases) and
creates an API token named "loadtest ..." for the API and the device
address: revoke it on the account page afterwards. Recorded visits and
submissions stay in the database: run it on a copy or a generated one.

Refuses any address that is not loopback. Always stops by itself: at
--duration, at --max-requests, or at the caps of one hour and 5,000,000
requests.

Flags:
  --addr HOST:PORT       the server (127.0.0.1, ::1 or localhost only)
  --user NAME            a case worker
  --password PW          (or REMAKER_LOADTEST_PASSWORD)
  --dashboard-user NAME  signs in for the dashboard, e.g. a programme manager (default --user)
  --dashboard-password PW  (default --password)
  --duration D           how long (default 60s)
  --max-requests N       stop after N requests (default: none but the cap)
  --concurrency N        web workers (default 8)
  --devices N            OpenRosa devices submitting at once (default 8; 0 for none)
  --mix mixed|ingest     (default mixed)

Examples:
  remaker loadtest --addr 127.0.0.1:8080 --user bnsk.worker --password bench-pass-2026 --dashboard-user iom.pm
  remaker loadtest --addr 127.0.0.1:8080 --user bnsk.worker --password bench-pass-2026 --mix ingest --devices 8 --duration 30s`

func runLoadtest(ctx context.Context, args []string) error {
	fs := newFlags("loadtest")
	var c loadtest.Config
	fs.StringVar(&c.Addr, "addr", "", "")
	fs.StringVar(&c.User, "user", "", "")
	fs.StringVar(&c.Password, "password", env("REMAKER_LOADTEST_PASSWORD", ""), "")
	fs.StringVar(&c.DashboardUser, "dashboard-user", "", "")
	fs.StringVar(&c.DashboardPassword, "dashboard-password", "", "")
	fs.DurationVar(&c.Duration, "duration", 60*time.Second, "")
	fs.IntVar(&c.MaxRequests, "max-requests", 0, "")
	fs.IntVar(&c.Concurrency, "concurrency", 8, "")
	fs.IntVar(&c.Devices, "devices", 8, "")
	fs.StringVar(&c.Mix, "mix", "mixed", "")
	if err := parse(fs, loadtestUsage, args); err != nil {
		return err
	}
	if c.Addr == "" {
		return usageError{"give --addr 127.0.0.1:PORT of a running server"}
	}
	if c.DashboardUser != "" && c.DashboardPassword == "" {
		c.DashboardPassword = c.Password
	}
	c.Out, c.Progress = os.Stdout, os.Stderr
	_, err := loadtest.Run(ctx, c)
	return err
}
