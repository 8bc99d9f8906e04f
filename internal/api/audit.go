package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

const (
	maxAuditPage     = 500 // the store's ceiling
	defaultAuditPage = 100
)

// auditEntry is store.AuditEntry as the API shows it.
type auditEntry struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	ActorID     string          `json:"actor_id"`
	ActorName   string          `json:"actor_name"`
	ActorOrgID  string          `json:"actor_org_id"`
	Action      string          `json:"action"`
	ObjectType  string          `json:"object_type"`
	ObjectID    string          `json:"object_id"`
	ObjectOrgID string          `json:"object_org_id"`
	ClientIP    string          `json:"client_ip"`
	RequestID   string          `json:"request_id"`
	Details     json.RawMessage `json:"details,omitempty"`
}

// auditPage is one page of the trail.
type auditPage struct {
	Items        []auditEntry `json:"items"`
	NextBeforeID int64        `json:"next_before_id,omitempty"`
}

// details returns an entry's details as a JSON object: the store keeps
// JSON for its own entries, and anything else is wrapped as {"text": ...}.
func details(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &obj) == nil && obj != nil {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(map[string]string{"text": s})
	return b
}

func (s *server) listAudit(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	if !pr.Actor.CanReadAudit() {
		// The store refuses too; refusing first means a caller who may not
		// read the trail hears 403, not about mistakes in their dates.
		return app.Errorf(app.EFORBIDDEN, "only administrators and programme managers can read the audit trail")
	}
	q := r.URL.Query()
	f := store.AuditFilter{ActorID: q.Get("actor_id"), OrgID: q.Get("org_id"), Action: q.Get("action"),
		ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Limit: defaultAuditPage}
	var v app.Validation
	f.From = parseTime(&v, r, "from", false)
	f.To = parseTime(&v, r, "to", true)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) && !v.Has("from") && !v.Has("to") {
		v.Add("to", "the end must be after the start")
	}
	if n, ok := queryInt(r, "before_id", 1, 1<<63-1); ok {
		f.BeforeID = n
	} else {
		v.Add("before_id", "use a positive whole number")
	}
	if n, ok := queryInt(r, "limit", 1, maxAuditPage); !ok {
		v.Add("limit", "use a whole number from 1 to 500")
	} else if n > 0 {
		f.Limit = int(n)
	}
	if err := v.Err(); err != nil {
		return err
	}
	entries, err := s.db.ListAudit(r.Context(), pr.Actor, f)
	if err != nil {
		return err
	}
	page := auditPage{Items: make([]auditEntry, len(entries))}
	for i, e := range entries {
		page.Items[i] = auditEntry{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorName: e.ActorName, ActorOrgID: e.ActorOrgID,
			Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, ObjectOrgID: e.ObjectOrgID,
			ClientIP: e.ClientIP, RequestID: e.RequestID, Details: details(e.Details)}
	}
	if len(entries) == f.Limit {
		page.NextBeforeID = entries[len(entries)-1].ID
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}
