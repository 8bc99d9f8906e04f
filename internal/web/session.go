package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/i18n"
)

func (ui *UI) signinForm(w http.ResponseWriter, r *http.Request) {
	if auth.FromContext(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	p := ui.newPage(w, r, "signin.title")
	p.Form.Set("next", safeNext(r.URL.Query().Get("next")))
	ui.render(w, r, http.StatusOK, "signin", p)
}

func (ui *UI) signin(w http.ResponseWriter, r *http.Request) {
	p := ui.newPage(w, r, "signin.title")
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	p.Form.Set("username", username)
	p.Form.Set("next", safeNext(r.PostFormValue("next")))
	if username == "" || password == "" {
		if username == "" {
			p.Errors["username"] = p.T("signin.username_required")
		}
		if password == "" {
			p.Errors["password"] = p.T("signin.password_required")
		}
		ui.render(w, r, http.StatusUnprocessableEntity, "signin", p)
		return
	}
	tok, u, err := ui.Auth.SignIn(r.Context(), username, password, httpx.ClientIP(r, ui.TrustProxy), r.UserAgent())
	if err != nil {
		switch app.ErrorCode(err) {
		case app.EUNAUTHORIZED:
			p.Error = p.T("signin.bad_credentials")
		case app.ETOOMANY:
			p.Error = p.T("signin.throttled", i18n.Digits(p.Lang, strconv.Itoa(int(ui.Auth.Config().FailureWindow.Minutes()))))
		case app.EFORBIDDEN:
			p.Error = p.T("signin.disabled")
		default:
			ui.ServerError(w, r, err)
			return
		}
		ui.render(w, r, httpx.Status(err), "signin", p)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: tok, Path: "/", HttpOnly: true, Secure: ui.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(ui.Auth.Config().AbsoluteTimeout),
	})
	// The interface follows the user's saved language from now on.
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: u.Lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: ui.SecureCookies})
	http.Redirect(w, r, p.Form.Get("next"), http.StatusSeeOther)
}

func (ui *UI) signout(w http.ResponseWriter, r *http.Request) {
	if pr := auth.FromContext(r.Context()); pr != nil && pr.SessionToken != "" {
		if err := ui.Auth.SignOut(r.Context(), ui.actor(r, pr), pr.SessionToken); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	ui.clearSession(w)
	ui.redirect(w, r, "/signin", "flash.signed_out")
}

func (ui *UI) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: ui.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// switchLang changes the interface language and remembers it: for a
// signed-in user in their profile, for everyone in a cookie.
func (ui *UI) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		ui.errorPage(w, r, http.StatusBadRequest, "error.bad_request.title", i18n.T(ui.Lang(r), "error.bad_lang"))
		return
	}
	if pr := auth.FromContext(r.Context()); pr != nil {
		if err := ui.DB.SetLang(r.Context(), pr.User.ID, lang); err != nil {
			ui.ServerError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: ui.SecureCookies})
	http.Redirect(w, r, safeNext(r.PostFormValue("return")), http.StatusSeeOther)
}
