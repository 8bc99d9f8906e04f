package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
)

func (s *server) getMe(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	httpx.WriteJSON(w, http.StatusOK, pr.User)
	return nil
}

type passwordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *server) changeMyPassword(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in passwordChange
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.CurrentPassword == "" {
		var v app.Validation
		v.Add("current_password", "enter your current password")
		return v.Err()
	}
	// API tokens have no session to keep: every browser session ends.
	err := s.auth.ChangePassword(r.Context(), pr.Actor, in.CurrentPassword, in.NewPassword, "")
	if err != nil {
		return renameField(err, "password", "new_password")
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) getOpenAPI(w http.ResponseWriter, r *http.Request, _ *auth.Principal) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Allow-Origin", "*") // a public description: documentation viewers may fetch it
	w.Write(s.openapi)
	return nil
}
