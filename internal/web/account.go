package web

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/store"
)

type accountData struct {
	Tokens []store.APIToken
	// NewToken is shown once, right after it is created.
	NewToken string
	Sessions int
}

func (ui *UI) accountPage(w http.ResponseWriter, r *http.Request, status int, p *Page, newToken string) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	toks, err := ui.DB.ListTokens(r.Context(), pr.Actor)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	n, err := ui.DB.CountSessions(r.Context(), pr.User.ID)
	if err != nil {
		ui.ServerError(w, r, err)
		return
	}
	p.Data = accountData{Tokens: toks, NewToken: newToken, Sessions: n}
	ui.render(w, r, status, "account", p)
}

func (ui *UI) account(w http.ResponseWriter, r *http.Request) {
	if ui.principal(w, r) == nil {
		return
	}
	ui.accountPage(w, r, http.StatusOK, ui.newPage(w, r, "account.title"), "")
}

func (ui *UI) changePassword(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "account.title")
	current, next, confirm := r.PostFormValue("current_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password")
	if next != confirm {
		p.Errors["confirm_password"] = p.T("account.password_mismatch")
		ui.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
		return
	}
	err := ui.Auth.ChangePassword(r.Context(), ui.actor(r, pr), current, next, pr.SessionToken)
	if err != nil {
		if fields := fieldsOf(p.Lang, err); fields != nil {
			if m, ok := fields["password"]; ok {
				fields["new_password"] = m
			}
			p.Errors = fields
			ui.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
			return
		}
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/account", "flash.password_changed")
}

func (ui *UI) signoutEverywhere(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if err := ui.Auth.SignOutEverywhere(r.Context(), ui.actor(r, pr)); err != nil {
		ui.ServerError(w, r, err)
		return
	}
	ui.clearSession(w)
	ui.redirect(w, r, "/signin", "flash.signed_out_everywhere")
}

func (ui *UI) createToken(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "account.title")
	tok, _, err := ui.Auth.CreateAPIToken(r.Context(), ui.actor(r, pr), r.PostFormValue("name"))
	if err != nil {
		if fields := fieldsOf(p.Lang, err); fields != nil {
			p.Errors = fields
			p.Form.Set("name", r.PostFormValue("name"))
			ui.accountPage(w, r, http.StatusUnprocessableEntity, p, "")
			return
		}
		ui.fail(w, r, err)
		return
	}
	p.Flash = p.T("flash.token_created")
	ui.accountPage(w, r, http.StatusOK, p, tok)
}

func (ui *UI) revokeToken(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	if err := ui.DB.RevokeToken(r.Context(), ui.actor(r, pr), r.PathValue("id")); err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.redirect(w, r, "/account", "flash.token_revoked")
}
