// Package loadtest drives a running Remaker server on this machine with a
// bounded, mixed workload and reports throughput, latency percentiles per
// operation, errors by kind and the server's memory: "remaker loadtest".
//
// The operations are those of a working day: search the register (the
// people page), open a case page, record a follow-up visit (API), submit
// the Reintegration Sustainability Survey over OpenRosa as a device does
// (distinct, valid submissions with fresh instanceIDs, through a device
// address with a token, so that no password hash is paid per submission),
// and open the home page, which is each role's dashboard. The ingest mix
// only submits, from the given number of devices.
//
// It refuses any address that is not loopback, and always stops by
// itself: at the duration, at the request limit, or at the hard caps.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Hard caps: whatever is asked, a run stops by these.
const (
	MaxDuration = time.Hour
	MaxRequests = 5_000_000
)

// Operations.
const (
	OpSearch    = "search"
	OpCase      = "case_page"
	OpVisit     = "record_visit"
	OpSubmit    = "openrosa_submit"
	OpDashboard = "dashboard"
)

// Config says what to run.
type Config struct {
	Addr        string // host:port, loopback only
	Duration    time.Duration
	MaxRequests int // 0: no limit but the duration
	Concurrency int // web workers (mixed mix)
	Devices     int // OpenRosa devices submitting at once
	User        string
	Password    string
	// DashboardUser and DashboardPassword sign in for the dashboard (a
	// programme manager sees the cohort overview); empty: User.
	DashboardUser, DashboardPassword string
	Mix                              string // "mixed" or "ingest"
	Out                              io.Writer
	Progress                         io.Writer // a line a second; nil for none
}

// CheckLoopback refuses an address whose host is not this machine.
func CheckLoopback(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return fmt.Errorf("--addr %q: give HOST:PORT, such as 127.0.0.1:8080", addr)
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil || len(ips) == 0 {
		return fmt.Errorf("--addr %q: cannot resolve %s; use 127.0.0.1", addr, host)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return fmt.Errorf("--addr %q: %s is not this machine (%s): the load tool only drives a server on 127.0.0.1, ::1 or localhost", addr, host, ip.IP)
		}
	}
	return nil
}

func (c *Config) check(ctx context.Context) error {
	if err := CheckLoopback(ctx, c.Addr); err != nil {
		return err
	}
	if c.Duration <= 0 && c.MaxRequests <= 0 {
		c.Duration = time.Minute
	}
	if c.Duration <= 0 || c.Duration > MaxDuration {
		c.Duration = MaxDuration
	}
	if c.MaxRequests <= 0 || c.MaxRequests > MaxRequests {
		c.MaxRequests = MaxRequests
	}
	if c.Concurrency < 1 || c.Concurrency > 256 || c.Devices < 0 || c.Devices > 256 {
		return errors.New("--concurrency must be from 1 to 256 and --devices from 0 to 256")
	}
	switch c.Mix {
	case "":
		c.Mix = "mixed"
	case "mixed", "ingest":
	default:
		return fmt.Errorf("--mix %q: choose mixed or ingest", c.Mix)
	}
	if c.Mix == "ingest" && c.Devices == 0 {
		return errors.New("--mix ingest needs --devices of at least 1")
	}
	if c.User == "" || c.Password == "" {
		return errors.New("give --user and --password of a case worker (the password may come from REMAKER_LOADTEST_PASSWORD)")
	}
	if c.DashboardUser == "" {
		c.DashboardUser, c.DashboardPassword = c.User, c.Password
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
	return nil
}

// Report is what a run measured.
type Report struct {
	Elapsed   time.Duration
	Ops       map[string]*OpStats
	Errors    map[string]int // by "operation: kind"
	Requests  int
	MemoryMax Memory // the highest of the samples taken during the run
	MemoryEnd Memory
	Skipped   map[string]int // operations that had nothing left to work on
	TokenName string         // the API token the run created
}

// OpStats are one operation's latencies.
type OpStats struct {
	Latencies []time.Duration
	Errors    int
}

// Percentile returns the p-th percentile (0 to 100) of the successful requests.
func (s *OpStats) Percentile(p float64) time.Duration {
	if len(s.Latencies) == 0 {
		return 0
	}
	l := s.Latencies
	i := int(float64(len(l)-1) * p / 100)
	return l[i]
}

// Memory is what the server's /metrics said of its memory.
type Memory struct {
	HeapBytes, SysBytes int64
}

// Run runs the workload and writes the report to cfg.Out.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.check(ctx); err != nil {
		return nil, err
	}
	base := "http://" + cfg.Addr
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	d := &driver{cfg: cfg, base: base, tr: tr}
	if err := d.setup(ctx); err != nil {
		return nil, err
	}
	rep := &Report{Ops: map[string]*OpStats{}, Errors: map[string]int{}, Skipped: map[string]int{}, TokenName: d.tokenName}
	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var mu sync.Mutex
	var issued atomic.Int64
	record := func(op string, took time.Duration, kind string) {
		mu.Lock()
		defer mu.Unlock()
		s := rep.Ops[op]
		if s == nil {
			s = &OpStats{}
			rep.Ops[op] = s
		}
		switch kind {
		case "":
			s.Latencies = append(s.Latencies, took)
		case "skipped":
			rep.Skipped[op]++
		default:
			s.Errors++
			rep.Errors[op+": "+kind]++
		}
	}
	// Memory is sampled every second while the load runs.
	memDone := make(chan struct{})
	go func() {
		defer close(memDone)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
				if m, err := d.memory(ctx); err == nil {
					mu.Lock()
					rep.MemoryMax.HeapBytes = max(rep.MemoryMax.HeapBytes, m.HeapBytes)
					rep.MemoryMax.SysBytes = max(rep.MemoryMax.SysBytes, m.SysBytes)
					mu.Unlock()
				}
				if cfg.Progress != nil {
					fmt.Fprintf(cfg.Progress, "\r%d requests, %s\x1b[K", issued.Load(), time.Since(d.started).Round(time.Second))
				}
			}
		}
	}()
	take := func() bool {
		if runCtx.Err() != nil {
			return false
		}
		return issued.Add(1) <= int64(cfg.MaxRequests)
	}
	var wg sync.WaitGroup
	d.started = time.Now()
	worker := func(id int, ops []string) {
		defer wg.Done()
		for n := 0; take(); n++ {
			op := ops[(id+n)%len(ops)]
			took, kind := d.do(runCtx, op, id)
			if runCtx.Err() != nil && kind != "" && kind != "skipped" {
				return // cut off by the end of the run: not the server's error
			}
			record(op, took, kind)
		}
	}
	if cfg.Mix == "mixed" {
		// Per ten requests: 4 searches, 3 case pages, 2 dashboards, 1 visit.
		ops := []string{OpSearch, OpCase, OpSearch, OpDashboard, OpCase, OpSearch, OpVisit, OpCase, OpSearch, OpDashboard}
		for i := range cfg.Concurrency {
			wg.Add(1)
			go worker(i, ops)
		}
	}
	for i := range cfg.Devices {
		wg.Add(1)
		go worker(1000+i, []string{OpSubmit})
	}
	wg.Wait()
	rep.Elapsed = time.Since(d.started)
	cancel()
	<-memDone
	if cfg.Progress != nil {
		fmt.Fprintln(cfg.Progress)
	}
	if m, err := d.memory(ctx); err == nil {
		rep.MemoryEnd = m
		rep.MemoryMax.HeapBytes = max(rep.MemoryMax.HeapBytes, m.HeapBytes)
		rep.MemoryMax.SysBytes = max(rep.MemoryMax.SysBytes, m.SysBytes)
	}
	for _, s := range rep.Ops {
		sort.Slice(s.Latencies, func(i, j int) bool { return s.Latencies[i] < s.Latencies[j] })
		rep.Requests += len(s.Latencies) + s.Errors
	}
	rep.Write(cfg.Out, cfg)
	return rep, nil
}

// Write prints the report as a table.
func (r *Report) Write(w io.Writer, cfg Config) {
	fmt.Fprintf(w, "remaker loadtest: %s mix against %s for %s, %d web workers, %d devices\n", cfg.Mix, cfg.Addr,
		r.Elapsed.Round(time.Millisecond), cfg.Concurrency*boolInt(cfg.Mix == "mixed"), cfg.Devices)
	fmt.Fprintf(w, "%-16s %8s %9s %9s %9s %9s %9s %7s\n", "operation", "ok", "per sec", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	names := make([]string, 0, len(r.Ops))
	for n := range r.Ops {
		names = append(names, n)
	}
	sort.Strings(names)
	secs := r.Elapsed.Seconds()
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
	total := 0
	for _, n := range names {
		s := r.Ops[n]
		total += len(s.Latencies)
		fmt.Fprintf(w, "%-16s %8d %9.1f %9s %9s %9s %9s %7d\n", n, len(s.Latencies), float64(len(s.Latencies))/secs,
			ms(s.Percentile(50)), ms(s.Percentile(95)), ms(s.Percentile(99)), ms(s.Percentile(100)), s.Errors)
	}
	fmt.Fprintf(w, "%-16s %8d %9.1f\n", "all", total, float64(total)/secs)
	if len(r.Errors) > 0 {
		fmt.Fprintln(w, "errors:")
		keys := make([]string, 0, len(r.Errors))
		for k := range r.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %-50s %d\n", k, r.Errors[k])
		}
	}
	for op, n := range r.Skipped {
		fmt.Fprintf(w, "skipped %d %s (nothing left to work on)\n", n, op)
	}
	mb := func(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	fmt.Fprintf(w, "server memory (from /metrics): heap peak %s, from the OS peak %s; at the end heap %s, from the OS %s\n",
		mb(r.MemoryMax.HeapBytes), mb(r.MemoryMax.SysBytes), mb(r.MemoryEnd.HeapBytes), mb(r.MemoryEnd.SysBytes))
	if r.TokenName != "" {
		fmt.Fprintf(w, "the run created the API token %q for %s: revoke it on the account page when done\n", r.TokenName, cfg.User)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newJar is a cookie jar for one signed-in session.
func newJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}

// errorKind names what went wrong with a request, for the error table.
func errorKind(resp *http.Response, err error) string {
	switch {
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case err != nil:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return "timeout"
		}
		return "network: " + strings.SplitN(err.Error(), ": ", 2)[0]
	default:
		return fmt.Sprintf("HTTP %d", resp.StatusCode)
	}
}
