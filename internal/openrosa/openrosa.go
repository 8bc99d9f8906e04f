// Package openrosa is the server side of the OpenRosa 1.0 APIs that ODK
// Collect, KoBoCollect and Enketo speak: the Form List API (GET /formList),
// form download, and the Form Submission API (HEAD and POST /submission).
//
// Devices authenticate with HTTP Basic (an account's username and
// password), or with a personal access token in the address, as ODK
// Central's app users do: https://remaker.example.org/key/TOKEN is the
// server address to give Collect, and every route answers below it too.
// The token is an ordinary API token (created on the account page), so it
// is revoked there.
//
// Every response carries X-OpenRosa-Version: 1.0 and Date. Bad input is a
// 4xx with an OpenRosaResponse saying why, never a 500.
package openrosa

import (
	"encoding/xml"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

// Realm is the Basic authentication realm devices show when they ask for a
// username and password.
const Realm = "Remaker"

// Limits of a submission POST. A device splits a submission whose files
// exceed MaxBodyBytes into several POSTs (each with the XML and some of
// the files), as the Form Submission API recommends.
const (
	MaxBodyBytes       = 100 << 20
	MaxAttachmentBytes = 50 << 20
)

// Config is how the handler is reached and where it keeps files.
type Config struct {
	// BaseURL is the public address (https://remaker.example.org); without
	// it, addresses are made from the request's Host.
	BaseURL string
	// TrustProxy takes the client address from X-Forwarded-For and the
	// scheme from X-Forwarded-Proto.
	TrustProxy bool
	// DataDir is where attachments are kept, under DataDir/attachments. A
	// server without one refuses submissions that carry files (503): the
	// device keeps them and sends them again later.
	DataDir string
}

// Deps are what the handler works with.
type Deps struct {
	DB    *store.DB
	Auth  *auth.Service
	Forms *collect.Library
}

// Handler serves the OpenRosa routes.
type Handler struct {
	d   Deps
	mux *http.ServeMux

	mu  sync.RWMutex
	cfg Config
}

// New returns the handler.
func New(d Deps, cfg Config) *Handler {
	h := &Handler{d: d, cfg: cfg, mux: http.NewServeMux()}
	for _, prefix := range []string{"", "/key/{token}"} {
		h.mux.HandleFunc("GET "+prefix+"/formList", h.authed(h.formList))
		h.mux.HandleFunc("GET "+prefix+"/xforms/{file}", h.authed(h.download))
		h.mux.HandleFunc("GET "+prefix+"/xforms/{id}/manifest", h.authed(h.manifest))
		h.mux.HandleFunc("GET "+prefix+"/xforms/{id}/media/{name}", h.authed(h.media))
		h.mux.HandleFunc("HEAD "+prefix+"/submission", h.authed(h.preflight))
		h.mux.HandleFunc("POST "+prefix+"/submission", h.authed(h.submit))
	}
	return h
}

// SetDataDir sets where attachments are kept; call it before serving.
func (h *Handler) SetDataDir(dir string) {
	h.mu.Lock()
	h.cfg.DataDir = dir
	h.mu.Unlock()
}

func (h *Handler) config() Config {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.cfg
}

// Owns reports whether a path is an OpenRosa route. The server sends these
// past its session and bearer-token step: devices carry no cookies and
// authenticate here.
func Owns(path string) bool {
	if rest, ok := strings.CutPrefix(path, "/key/"); ok {
		_, path, ok = strings.Cut(rest, "/")
		if !ok {
			return false
		}
		path = "/" + path
	}
	return path == "/formList" || path == "/submission" || strings.HasPrefix(path, "/xforms/")
}

// Split sends OpenRosa requests to devices and every other request to rest.
func Split(devices, rest http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if Owns(r.URL.Path) {
			devices.ServeHTTP(w, r)
			return
		}
		rest.ServeHTTP(w, r)
	})
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-OpenRosa-Version", "1.0")
	hd.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if _, pattern := h.mux.Handler(r); pattern == "" {
		lang := requestLang(r, "")
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
			writeResponse(w, http.StatusMethodNotAllowed, lang, "error", "this address does not take %s requests", r.Method)
			return
		}
		writeResponse(w, http.StatusNotFound, lang, "error", "there is nothing at this address: give the device the server address only")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// request is one authenticated device request.
type request struct {
	actor app.Actor
	lang  string
	// base is the address the device used, up to and including /key/TOKEN.
	base string
}

// authed authenticates a request: the /key/TOKEN in the address, or HTTP
// Basic credentials. Missing or wrong credentials get the 401 challenge
// the Authentication API prescribes, so the device asks for them.
func (h *Handler) authed(next func(w http.ResponseWriter, r *http.Request, q request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cfg := h.config()
		ctx := r.Context()
		ip := httpx.ClientIP(r, cfg.TrustProxy)
		base := h.baseURL(r, cfg)
		var u store.User
		var err error
		if tok := r.PathValue("token"); tok != "" {
			base += "/key/" + tok
			u, err = h.d.Auth.AuthenticateToken(ctx, tok)
			if app.ErrorCode(err) == app.EUNAUTHORIZED {
				// Another password would not help: the link itself is wrong.
				err = app.Errorf(app.EFORBIDDEN, "this device address is unknown or its token was revoked: ask for a new one")
			}
		} else {
			username, password, ok := r.BasicAuth()
			switch {
			case !ok:
				challenge(w, requestLang(r, ""), "sign in with your Remaker username and password")
				return
			case !secure(r, cfg):
				err = app.Errorf(app.EFORBIDDEN, "passwords are only accepted over https: use the server's https address")
			default:
				u, err = h.d.Auth.VerifyBasic(ctx, username, password, ip)
			}
		}
		if err != nil {
			lang := requestLang(r, "")
			if app.ErrorCode(err) == app.EUNAUTHORIZED {
				challenge(w, lang, app.MessageIn(lang, err))
				return
			}
			writeError(w, r, lang, err)
			return
		}
		a := u.Actor()
		a.ClientIP, a.RequestID = ip, httpx.RequestID(ctx)
		next(w, r, request{actor: a, lang: requestLang(r, u.Lang), base: base})
	}
}

// secure reports whether Basic credentials may be read from r: the
// Authentication API forbids Basic over plain HTTP. A deployment whose own
// address is plain http (an office network without a certificate) has
// chosen that, and is served as it is.
func secure(r *http.Request, cfg Config) bool {
	if r.TLS != nil || !strings.HasPrefix(cfg.BaseURL, "https://") {
		return true
	}
	return cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (h *Handler) baseURL(r *http.Request, cfg Config) string {
	if cfg.BaseURL != "" {
		return strings.TrimRight(cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || (cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// requestLang is the language of messages: Bangla when the device asks for
// it (Accept-Language) or, failing that, when the account reads Bangla.
func requestLang(r *http.Request, userLang string) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch strings.ToLower(tag) {
		case "bn", "bn-bd", "bn-in":
			return "bn"
		case "en", "en-us", "en-gb":
			return "en"
		}
	}
	if userLang == "bn" {
		return "bn"
	}
	return "en"
}

// challenge is the 401 that makes a device ask for a username and password.
func challenge(w http.ResponseWriter, lang, msg string) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+Realm+`", charset="UTF-8"`)
	writeMessage(w, http.StatusUnauthorized, lang, "error", msg)
}

// orResponse is the OpenRosa response envelope.
type orResponse struct {
	XMLName xml.Name `xml:"http://openrosa.org/http/response OpenRosaResponse"`
	Message struct {
		Nature string `xml:"nature,attr,omitempty"`
		Text   string `xml:",chardata"`
	} `xml:"message"`
}

// writeResponse writes an envelope whose message is an English text (a
// catalog key of messages.openrosa.bn.json) rendered in lang.
func writeResponse(w http.ResponseWriter, status int, lang, nature, format string, args ...any) {
	writeMessage(w, status, lang, nature, app.MessageIn(lang, app.Errorf(app.EINVALID, format, args...)))
}

func writeMessage(w http.ResponseWriter, status int, lang, nature, msg string) {
	var env orResponse
	env.Message.Nature, env.Message.Text = nature, msg
	body, _ := xml.Marshal(env)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	w.Write(body)
}

// writeError answers with an error's message. Invalid input is a 400, as
// the Form Submission API expects; an unexpected error is logged and the
// device is told to try again later.
func writeError(w http.ResponseWriter, r *http.Request, lang string, err error) {
	status := httpx.Status(err)
	switch app.ErrorCode(err) {
	case app.EINVALID:
		status = http.StatusBadRequest
	case app.EINTERNAL:
		httpx.LogError(r, err)
	}
	var e *app.Error
	msg := app.MessageIn(lang, err)
	if errors.As(err, &e) && e.Code == app.EINVALID {
		// Name the answers or fields at fault: a device shows only the message.
		for _, f := range sortedFields(app.FieldsIn(lang, err)) {
			msg += "; " + f
		}
	}
	writeMessage(w, status, lang, "error", msg)
}

// sortedFields renders field messages as "field: message", sorted.
func sortedFields(fields map[string]string) []string {
	out := make([]string, 0, len(fields))
	for k, v := range fields {
		out = append(out, k+": "+v)
	}
	sort.Strings(out)
	return out
}
