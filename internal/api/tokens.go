package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

func (s *server) listTokens(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	toks, err := s.db.ListTokens(r.Context(), pr.Actor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(toks))
	return nil
}

type newToken struct {
	Name string `json:"name"`
}

// createdToken is a new token with its secret, shown this once.
type createdToken struct {
	store.APIToken
	Token string `json:"token"`
}

func (s *server) createToken(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newToken
	if err := decode(w, r, &in); err != nil {
		return err
	}
	tok, t, err := s.auth.CreateAPIToken(r.Context(), pr.Actor, in.Name)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, createdToken{APIToken: t, Token: tok})
	return nil
}

func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id, err := pathID(r, "id", "token")
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
