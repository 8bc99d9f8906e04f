package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
)

// ownPerson checks that a person exists in the actor's own organisation,
// the only place the actor may add to their record.
func (t *Tx) ownPerson(ctx context.Context, a app.Actor, personID string) error {
	if !a.WritesCases() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot change people's records")
	}
	var id string
	err := t.queryRow(ctx, "SELECT id FROM persons WHERE id = ? AND org_id = ?", personID, a.OrgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return app.NotFound("person")
	}
	return dbError(err)
}

// AddConsent records a consent given by a person.
func (db *DB) AddConsent(ctx context.Context, a app.Actor, c registry.Consent) (registry.Consent, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.AddConsent(ctx, a, c)
		return err
	})
	return c, err
}

// AddConsent records a consent inside a transaction, so that a person and
// their consent to registration are stored together or not at all.
func (tx *Tx) AddConsent(ctx context.Context, a app.Actor, c registry.Consent) (registry.Consent, error) {
	if err := c.Validate(today()); err != nil {
		return c, err
	}
	c.ID, c.OrgID, c.RecordedBy, c.RecordedAt = NewID(), a.OrgID, a.Username, now()
	if err := tx.ownPerson(ctx, a, c.PersonID); err != nil {
		return c, err
	}
	if c.SharedWithOrg != "" {
		var id string
		if err := tx.queryRow(ctx, "SELECT id FROM organisations WHERE id = ?", c.SharedWithOrg).Scan(&id); err != nil {
			return c, app.FieldError("shared_with_org", "no such organisation")
		}
	}
	if _, err := tx.exec(ctx, `INSERT INTO consents (id, person_id, org_id, purpose, shared_with_org, method, given_on, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.PersonID, c.OrgID, c.Purpose, nullString(c.SharedWithOrg), c.Method,
		nullDate(&c.GivenOn), c.RecordedBy, c.RecordedAt); err != nil {
		return c, dbError(err)
	}
	return c, tx.audit(ctx, a, ActCreate, "consent", c.ID, c.OrgID, map[string]any{"person": c.PersonID, "purpose": c.Purpose, "shared_with": c.SharedWithOrg})
}

// RegisterWithConsent registers a person together with their consent to
// registration, in one transaction: a person is never stored without it.
func (db *DB) RegisterWithConsent(ctx context.Context, a app.Actor, p registry.Person, c registry.Consent) (registry.Person, registry.Consent, error) {
	c.Purpose, c.SharedWithOrg = registry.PurposeRegistration, ""
	// Check both before writing, so one answer names every wrong field.
	var v app.Validation
	check := p
	if err := check.Validate(today()); err != nil {
		v.Merge(err)
	}
	if err := c.Validate(today()); err != nil {
		v.MergePrefixed("consent.", err)
	}
	if err := v.Err(); err != nil {
		return p, c, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.CreatePerson(ctx, a, p); err != nil {
			return err
		}
		c.PersonID = p.ID
		c, err = tx.AddConsent(ctx, a, c)
		return err
	})
	return p, c, err
}

// WithdrawConsent records a withdrawal, which takes effect at once.
func (db *DB) WithdrawConsent(ctx context.Context, a app.Actor, id, note string) error {
	note = strings.TrimSpace(note)
	if len(note) > 2000 {
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"note": "keep the note under 2000 characters"}}
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if !a.WritesCases() {
			return app.Errorf(app.EFORBIDDEN, "your role cannot change people's records")
		}
		res, err := tx.exec(ctx, `UPDATE consents SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_note = ?
			WHERE id = ? AND org_id = ? AND withdrawn_at IS NULL`, now(), a.Username, note, id, a.OrgID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var withdrawn sql.NullTime
			err := tx.queryRow(ctx, "SELECT withdrawn_at FROM consents WHERE id = ? AND org_id = ?", id, a.OrgID).Scan(&withdrawn)
			if err == nil && withdrawn.Valid {
				return app.Errorf(app.ECONFLICT, "this consent was already withdrawn")
			}
			return app.NotFound("consent")
		}
		return tx.audit(ctx, a, ActWithdraw, "consent", id, a.OrgID, map[string]any{"note": note})
	})
}

// ListConsents returns a person's consents, newest first, withdrawn ones included.
func (db *DB) ListConsents(ctx context.Context, a app.Actor, personID string) ([]registry.Consent, error) {
	scope, args, err := personScope(a, "org_id")
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, person_id, org_id, purpose, COALESCE(shared_with_org, ''), method, given_on, recorded_by, recorded_at,
		withdrawn_at, COALESCE(withdrawn_by, ''), withdrawal_note FROM consents WHERE person_id = ?`+scope+` ORDER BY recorded_at DESC`,
		append([]any{personID}, args...)...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []registry.Consent
	for rows.Next() {
		var c registry.Consent
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.ID, &c.PersonID, &c.OrgID, &c.Purpose, &c.SharedWithOrg, &c.Method, &c.GivenOn, &c.RecordedBy, &c.RecordedAt,
			&withdrawn, &c.WithdrawnBy, &c.WithdrawalNote); err != nil {
			return nil, dbError(err)
		}
		c.GivenOn, c.RecordedAt = c.GivenOn.UTC(), c.RecordedAt.UTC()
		c.WithdrawnAt = nullTime(withdrawn)
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// RequireConsent refuses with a plain reason when a person has no active
// consent for purpose (for sharing: with org). Checked inside the
// transaction of whatever would use the data, so a withdrawal a moment
// before is honoured.
func (t *Tx) RequireConsent(ctx context.Context, personID, purpose, org string) error {
	q, args := activeConsentQuery(personID, purpose, org)
	var n int
	if err := t.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return dbError(err)
	}
	if n == 0 {
		return app.Errorf(app.EFORBIDDEN, "the person has not consented to this use of their data (%s): record their consent first", purpose)
	}
	return nil
}

// activeConsentQuery counts a person's active consents for purpose (for
// sharing: with org).
func activeConsentQuery(personID, purpose, org string) (string, []any) {
	q := "SELECT COUNT(*) FROM consents WHERE person_id = ? AND purpose = ? AND withdrawn_at IS NULL"
	args := []any{personID, purpose}
	if purpose == registry.PurposeSharing {
		q += " AND shared_with_org = ?"
		args = append(args, org)
	}
	return q, args
}

// HasConsent reports whether a person has active consent for purpose. It
// reads, for display; what uses the data checks RequireConsent inside its
// own transaction.
func (db *DB) HasConsent(ctx context.Context, personID, purpose, org string) (bool, error) {
	q, args := activeConsentQuery(personID, purpose, org)
	var n int
	if err := db.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return false, dbError(err)
	}
	return n > 0, nil
}

// AddEpisode records a period of work abroad for a person.
func (db *DB) AddEpisode(ctx context.Context, a app.Actor, e registry.Episode) (registry.Episode, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		e, err = tx.AddEpisode(ctx, a, e)
		return err
	})
	return e, err
}

// AddEpisode records an episode inside a transaction (see Tx.CreatePerson).
func (tx *Tx) AddEpisode(ctx context.Context, a app.Actor, e registry.Episode) (registry.Episode, error) {
	if err := e.Validate(today()); err != nil {
		return e, err
	}
	e.ID, e.OrgID = NewID(), a.OrgID
	e.CreatedAt = now()
	e.UpdatedAt, e.Version = e.CreatedAt, 1
	if err := tx.ownPerson(ctx, a, e.PersonID); err != nil {
		return e, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO migration_episodes (id, person_id, org_id, destination, occupation_isco, skill_category,
		departure_date, return_date, channel, cost_minor, cost_currency, financing, return_type, unpaid_wages_minor, unpaid_wages_currency,
		documents, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		e.ID, e.PersonID, e.OrgID, e.Destination, e.OccupationISCO, e.SkillCategory, nullDate(e.DepartureDate), nullDate(e.ReturnDate),
		e.Channel, nullInt(e.CostMinor), e.CostCurrency, joinCodes(e.Financing), e.ReturnType, nullInt(e.UnpaidWagesMinor),
		e.UnpaidWagesCurrency, joinCodes(e.Documents), e.CreatedAt, e.UpdatedAt); err != nil {
		return e, dbError(err)
	}
	return e, tx.audit(ctx, a, ActCreate, "migration_episode", e.ID, e.OrgID, map[string]any{"person": e.PersonID})
}

// ListEpisodes returns a person's migration history, latest return first.
func (db *DB) ListEpisodes(ctx context.Context, a app.Actor, personID string) ([]registry.Episode, error) {
	scope, args, err := personScope(a, "org_id")
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, person_id, org_id, destination, occupation_isco, skill_category, departure_date, return_date, channel,
		cost_minor, cost_currency, financing, return_type, unpaid_wages_minor, unpaid_wages_currency, documents, created_at, updated_at, version
		FROM migration_episodes WHERE person_id = ?`+scope+` ORDER BY return_date DESC, created_at DESC`, append([]any{personID}, args...)...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []registry.Episode
	for rows.Next() {
		var e registry.Episode
		var dep, ret sql.NullTime
		var cost, wages sql.NullInt64
		var fin, docs string
		if err := rows.Scan(&e.ID, &e.PersonID, &e.OrgID, &e.Destination, &e.OccupationISCO, &e.SkillCategory, &dep, &ret, &e.Channel,
			&cost, &e.CostCurrency, &fin, &e.ReturnType, &wages, &e.UnpaidWagesCurrency, &docs, &e.CreatedAt, &e.UpdatedAt, &e.Version); err != nil {
			return nil, dbError(err)
		}
		e.DepartureDate, e.ReturnDate = nullTime(dep), nullTime(ret)
		e.CostMinor, e.UnpaidWagesMinor = int64Ptr(cost), int64Ptr(wages)
		e.Financing, e.Documents = splitCodes(fin), splitCodes(docs)
		e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
		out = append(out, e)
	}
	return out, dbError(rows.Err())
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func int64Ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}
