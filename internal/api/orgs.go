package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

func (s *server) listOrgs(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	orgs, err := s.db.ListOrgs(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(orgs))
	return nil
}

type newOrganisation struct {
	Code   string `json:"code"`
	NameEn string `json:"name_en"`
	NameBn string `json:"name_bn"`
	Kind   string `json:"kind"`
}

func (s *server) createOrg(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newOrganisation
	if err := decode(w, r, &in); err != nil {
		return err
	}
	o, err := s.db.CreateOrg(r.Context(), pr.Actor, store.Organisation{Code: in.Code, NameEn: in.NameEn, NameBn: in.NameBn, Kind: in.Kind})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, o)
	return nil
}
