package api

import (
	"net/http"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

func (s *server) listUsers(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	q := r.URL.Query()
	users, err := s.db.ListUsersInView(r.Context(), pr.Actor, store.UserFilter{
		OrgID: q.Get("org_id"), Role: app.Role(q.Get("role")), IncludeDisabled: queryBool(r, "include_disabled")})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(users))
	return nil
}

type newUser struct {
	OrgID    string   `json:"org_id"`
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	Role     app.Role `json:"role"`
	Lang     string   `json:"lang"`
	Password string   `json:"password"`
}

func (s *server) createUser(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in newUser
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.auth.CreateUser(r.Context(), pr.Actor, store.NewUser{OrgID: in.OrgID, Username: in.Username,
		FullName: in.FullName, Role: in.Role, Lang: in.Lang}, in.Password)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/users/"+u.ID)
	httpx.WriteJSON(w, http.StatusCreated, u)
	return nil
}

// visibleUser returns the user named in the path if the caller may see it
// through the API; every user route starts here, so a user outside the
// caller's view is 404 whatever the route.
func (s *server) visibleUser(r *http.Request, pr *auth.Principal) (store.User, error) {
	id, err := pathID(r, "id", "user")
	if err != nil {
		return store.User{}, err
	}
	return s.db.UserInView(r.Context(), pr.Actor, id)
}

func (s *server) getUser(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	u, err := s.visibleUser(r, pr)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, u)
	return nil
}

// userPatch holds the fields a PATCH may send; nil means "keep".
type userPatch struct {
	FullName *string   `json:"full_name"`
	Role     *app.Role `json:"role"`
	Lang     *string   `json:"lang"`
	Version  *int      `json:"version"`
}

func (s *server) updateUser(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in userPatch
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Version == nil {
		var v app.Validation
		v.Add("version", "send the version you last read, so that no one else's change is overwritten")
		return v.Err()
	}
	u, err := s.visibleUser(r, pr)
	if err != nil {
		return err
	}
	up := store.UserUpdate{FullName: u.FullName, Role: u.Role, Lang: u.Lang, Version: *in.Version}
	if in.FullName != nil {
		up.FullName = *in.FullName
	}
	if in.Role != nil {
		up.Role = *in.Role
	}
	if in.Lang != nil {
		up.Lang = *in.Lang
	}
	u, err = s.db.UpdateUser(r.Context(), pr.Actor, u.ID, up)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (s *server) setDisabled(w http.ResponseWriter, r *http.Request, pr *auth.Principal, disabled bool) error {
	u, err := s.visibleUser(r, pr)
	if err != nil {
		return err
	}
	if err := s.db.SetDisabled(r.Context(), pr.Actor, u.ID, disabled); err != nil {
		return err
	}
	// Answer with the user as now stored: the version has moved on.
	if u, err = s.db.UserInView(r.Context(), pr.Actor, u.ID); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (s *server) disableUser(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.setDisabled(w, r, pr, true)
}

func (s *server) enableUser(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.setDisabled(w, r, pr, false)
}

type passwordReset struct {
	Password string `json:"password"`
}

func (s *server) resetPassword(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in passwordReset
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.visibleUser(r, pr)
	if err != nil {
		return err
	}
	if u.ID == pr.Actor.UserID {
		// Whoever holds a token must not take over the account without
		// knowing its password.
		return app.Errorf(app.EFORBIDDEN, "to change your own password, use PUT /api/v1/me/password with your current password")
	}
	if err := s.auth.ResetPassword(r.Context(), pr.Actor, u.ID, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
