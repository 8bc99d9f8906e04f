package httpx

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Metrics collects request counts and latencies and writes them in the
// Prometheus text exposition format. Hand-written: a few dozen lines spare
// the project a large dependency tree.
type Metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[string]*histogram
	start    time.Time
	// Pools reports database pool statistics at scrape time.
	Pools func() map[string]sql.DBStats
}

type reqKey struct {
	route, method string
	code          int
}

// latencyBuckets are upper bounds in seconds.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

// NewMetrics returns an empty collector.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[reqKey]uint64{}, latency: map[string]*histogram{}, start: time.Now()}
}

func (m *Metrics) observe(route, method string, code int, d time.Duration) {
	if code == 0 {
		code = http.StatusOK
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, method, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	s := d.Seconds()
	for i, b := range latencyBuckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

// ServeHTTP writes the metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.WriteTo(w)
}

// WriteTo writes every metric in the text exposition format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.code < b.code
	})
	var out []byte
	out = append(out, "# HELP remaker_http_requests_total HTTP requests by route pattern, method and status.\n# TYPE remaker_http_requests_total counter\n"...)
	for _, k := range keys {
		out = fmt.Appendf(out, "remaker_http_requests_total{route=%s,method=%s,code=\"%d\"} %d\n", quote(k.route), quote(k.method), k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	out = append(out, "# HELP remaker_http_request_duration_seconds Time to serve a request, by route pattern.\n# TYPE remaker_http_request_duration_seconds histogram\n"...)
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			out = fmt.Appendf(out, "remaker_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(r), strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		out = fmt.Appendf(out, "remaker_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(r), h.count)
		out = fmt.Appendf(out, "remaker_http_request_duration_seconds_sum{route=%s} %g\n", quote(r), h.sum)
		out = fmt.Appendf(out, "remaker_http_request_duration_seconds_count{route=%s} %d\n", quote(r), h.count)
	}
	m.mu.Unlock()

	if m.Pools != nil {
		pools := m.Pools()
		names := make([]string, 0, len(pools))
		for n := range pools {
			names = append(names, n)
		}
		sort.Strings(names)
		gauge := func(name, help string, v func(sql.DBStats) float64) {
			out = fmt.Appendf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
			for _, n := range names {
				out = fmt.Appendf(out, "%s{pool=%s} %g\n", name, quote(n), v(pools[n]))
			}
		}
		gauge("remaker_db_open_connections", "Open database connections.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) })
		gauge("remaker_db_in_use_connections", "Database connections in use.", func(s sql.DBStats) float64 { return float64(s.InUse) })
		gauge("remaker_db_idle_connections", "Idle database connections.", func(s sql.DBStats) float64 { return float64(s.Idle) })
		gauge("remaker_db_wait_count", "Requests that waited for a connection (cumulative).", func(s sql.DBStats) float64 { return float64(s.WaitCount) })
		gauge("remaker_db_wait_seconds", "Time spent waiting for a connection (cumulative).", func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() })
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out = fmt.Appendf(out, "# HELP remaker_memory_heap_bytes Bytes of allocated heap objects.\n# TYPE remaker_memory_heap_bytes gauge\nremaker_memory_heap_bytes %d\n", ms.HeapAlloc)
	out = fmt.Appendf(out, "# HELP remaker_memory_sys_bytes Bytes obtained from the operating system.\n# TYPE remaker_memory_sys_bytes gauge\nremaker_memory_sys_bytes %d\n", ms.Sys)
	out = fmt.Appendf(out, "# HELP remaker_goroutines Goroutines running.\n# TYPE remaker_goroutines gauge\nremaker_goroutines %d\n", runtime.NumGoroutine())
	out = fmt.Appendf(out, "# HELP remaker_uptime_seconds Seconds since the server started.\n# TYPE remaker_uptime_seconds gauge\nremaker_uptime_seconds %g\n", time.Since(m.start).Seconds())
	n, err := w.Write(out)
	return int64(n), err
}

// quote escapes a label value per the exposition format.
func quote(s string) string { return strconv.Quote(s) }
