// Package httpx holds what the HTML interface, the JSON API and (later)
// OpenRosa share over HTTP: request IDs, client addresses, error statuses,
// RFC 9457 problem details, logging, panic recovery and metrics.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	routeKey
)

// RequestID returns the request's ID.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// routeHolder lets the innermost handler report the matched route pattern
// to the outer logging and metrics middleware.
type routeHolder struct{ pattern string }

// Status maps a domain error code to an HTTP status.
func Status(err error) int {
	switch app.ErrorCode(err) {
	case "":
		return http.StatusOK
	case app.ENOTFOUND:
		return http.StatusNotFound
	case app.EINVALID:
		return http.StatusUnprocessableEntity
	case app.ECONFLICT:
		return http.StatusConflict
	case app.EFORBIDDEN:
		return http.StatusForbidden
	case app.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case app.ETOOMANY:
		return http.StatusTooManyRequests
	case app.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case app.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case app.EMETHOD:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem details object, with per-field messages
// for validation errors as an extension member.
type Problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail,omitempty"`
	Instance string            `json:"instance,omitempty"`
	Code     string            `json:"code"`
	Errors   map[string]string `json:"errors,omitempty"`
}

// WriteProblem writes err as application/problem+json.
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	code := app.ErrorCode(err)
	if status >= 500 {
		LogError(r, err)
	}
	p := Problem{
		Type:     "https://remaker.example/problems/" + strings.ReplaceAll(code, "_", "-"),
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   app.ErrorMessage(err),
		Instance: r.URL.Path,
		Code:     code,
		Errors:   app.ErrorFields(err),
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// MaxJSONBody bounds JSON request bodies.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON body into v, refusing unknown fields, trailing
// data and oversized bodies with messages a client developer can act on.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return app.Errorf(app.EINVALID, "send the body as application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		var big *http.MaxBytesError
		switch {
		case errors.As(err, &big):
			return app.Errorf(app.ETOOLARGE, "the request body is larger than %d bytes", MaxJSONBody)
		case errors.Is(err, io.EOF):
			return app.Errorf(app.EINVALID, "the request body is empty: send a JSON object")
		case errors.As(err, &syn):
			return app.Errorf(app.EINVALID, "the body is not valid JSON (at byte %d)", syn.Offset)
		case errors.As(err, &typ):
			return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
				Fields: map[string]string{typ.Field: "has the wrong type: check the API description"}}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
				Fields: map[string]string{f: "unknown field: remove it"}}
		}
		return app.Errorf(app.EINVALID, "the body could not be read as JSON: %v", err)
	}
	if dec.More() {
		return app.Errorf(app.EINVALID, "send exactly one JSON object")
	}
	return nil
}

// ClientIP returns the client's address. Behind a reverse proxy that sets
// X-Forwarded-For, trustProxy takes its last entry (the one the proxy added).
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// LogError logs an unexpected error with the request's context.
func LogError(r *http.Request, err error) {
	slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", LogPath(r), "request_id", RequestID(r.Context()))
}

// statusWriter records the status and size written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Recorded wraps the mux so the matched pattern reaches Observe.
func Recorded(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if h, ok := r.Context().Value(routeKey).(*routeHolder); ok {
			h.pattern = r.Pattern
		}
	})
}

// Observe is the outermost middleware: it assigns a request ID, recovers
// from panics (a 500 with the ID, never a dropped connection), logs each
// request and feeds the metrics.
func Observe(m *Metrics, onPanic func(w http.ResponseWriter, r *http.Request), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		holder := &routeHolder{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), routeKey, holder)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(ctx, "panic", "panic", p, "stack", string(debug.Stack()), "request_id", id, "path", LogPath(r))
				if sw.status == 0 {
					onPanic(sw, r)
				}
			}
			route := holder.pattern
			if route == "" {
				route = "unmatched"
			}
			d := time.Since(start)
			m.observe(route, r.Method, sw.status, d)
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			slog.Log(ctx, level, "request", "method", r.Method, "path", LogPath(r), "route", route, "status", sw.status,
				"bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000, "request_id", id)
		}()
		next.ServeHTTP(sw, r)
	})
}

// LogPath is the request's path as logs may show it: a device's app token
// in a /key/TOKEN/ address is a password and is replaced by "***".
func LogPath(r *http.Request) string {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/key/") {
		return p
	}
	rest := p[len("/key/"):]
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return "/key/***" + rest[i:]
	}
	return "/key/***"
}
