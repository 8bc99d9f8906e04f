package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/referral"
)

// The service directory: what organisations offer returnees, where, and
// whom to contact. It is not personal data, so every signed-in user may
// read it; administrators and programme managers keep it, and an
// organisation's managers keep their own organisation's entries.

// ServiceQuery filters the directory.
type ServiceQuery struct {
	Type     string // a service type
	Area     string // a P-code: services covering it (national ones included)
	OrgID    string // services of one organisation
	Text     string // words in the service's or the organisation's name, either language
	Inactive bool   // include services no longer offered
}

const serviceColumns = `s.id, s.org_id, s.name_en, s.name_bn, s.service_type, s.areas, s.contact_name, s.phone, s.email, s.notes,
	s.active, s.created_at, s.updated_at, s.version, o.code, o.name_en, o.name_bn, o.kind`

func scanService(row interface{ Scan(...any) error }) (referral.Service, error) {
	var s referral.Service
	var areas string
	err := row.Scan(&s.ID, &s.OrgID, &s.NameEn, &s.NameBn, &s.Type, &areas, &s.ContactName, &s.Phone, &s.Email, &s.Notes,
		&s.Active, &s.CreatedAt, &s.UpdatedAt, &s.Version, &s.OrgCode, &s.OrgNameEn, &s.OrgNameBn, &s.OrgKind)
	s.Areas = splitCodes(areas)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// canEditService says whether a may add or change a service of orgID.
func canEditService(a app.Actor, orgID string) error {
	switch {
	case a.AllOrgs():
		return nil
	case a.Role == app.RoleOrgManager && a.OrgID == orgID:
		return nil
	case a.Role == app.RoleOrgManager:
		return app.Errorf(app.EFORBIDDEN, "you can only change your own organisation's services")
	}
	return app.Errorf(app.EFORBIDDEN, "your role cannot change the service directory")
}

// CanEditService reports whether a may add or change a service of orgID,
// so that screens offer only the changes the store will accept.
func CanEditService(a app.Actor, orgID string) bool { return canEditService(a, orgID) == nil }

func (tx *Tx) checkServiceOrg(ctx context.Context, orgID string) error {
	var id string
	err := tx.queryRow(ctx, "SELECT id FROM organisations WHERE id = ?", orgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return app.FieldError("org_id", "no such organisation")
	}
	return dbError(err)
}

func duplicateService(err error) error {
	if isUniqueViolation(err) {
		return &app.Error{Code: app.ECONFLICT, Message: "please correct the highlighted fields",
			Fields: map[string]string{"name_en": "this organisation already lists a service with this name"}}
	}
	return dbError(err)
}

// CreateService adds a service to the directory. A new service is active.
func (db *DB) CreateService(ctx context.Context, a app.Actor, s referral.Service) (referral.Service, error) {
	if s.OrgID == "" && a.Role == app.RoleOrgManager {
		s.OrgID = a.OrgID
	}
	if err := canEditService(a, s.OrgID); err != nil {
		return s, err
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		s, err = tx.createService(ctx, a, s)
		return err
	})
	if err != nil {
		return s, err
	}
	return db.ServiceByID(ctx, a, s.ID)
}

func (tx *Tx) createService(ctx context.Context, a app.Actor, s referral.Service) (referral.Service, error) {
	if err := tx.checkServiceOrg(ctx, s.OrgID); err != nil {
		return s, err
	}
	s.ID, s.Active, s.CreatedAt = NewID(), true, now()
	s.UpdatedAt, s.Version = s.CreatedAt, 1
	_, err := tx.exec(ctx, `INSERT INTO services (id, org_id, name_en, name_bn, service_type, areas, contact_name, phone, email, notes,
		active, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		s.ID, s.OrgID, s.NameEn, s.NameBn, s.Type, joinCodes(s.Areas), s.ContactName, s.Phone, s.Email, s.Notes, s.Active,
		s.CreatedAt, s.UpdatedAt)
	if err != nil {
		return s, duplicateService(err)
	}
	return s, tx.audit(ctx, a, ActCreate, "service", s.ID, s.OrgID, map[string]any{"name": s.NameEn, "type": s.Type})
}

// UpdateService saves changes to a service, including its active flag;
// s.Version must be the version read. The providing organisation does not
// change: a service moving to another organisation is a new service.
func (db *DB) UpdateService(ctx context.Context, a app.Actor, s referral.Service) (referral.Service, error) {
	if !a.AllOrgs() && a.Role != app.RoleOrgManager {
		return s, app.Errorf(app.EFORBIDDEN, "your role cannot change the service directory")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := scanService(tx.queryRow(ctx, "SELECT "+serviceColumns+` FROM services s JOIN organisations o ON o.id = s.org_id
			WHERE s.id = ?`, s.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("service")
		}
		if err != nil {
			return dbError(err)
		}
		if err := canEditService(a, old.OrgID); err != nil {
			return err
		}
		s.OrgID = old.OrgID
		if err := s.Validate(); err != nil {
			return err
		}
		if s.Version != old.Version {
			return app.Errorf(app.ECONFLICT, "someone else changed this service since you opened it; reload to see their changes, then make yours again")
		}
		res, err := tx.exec(ctx, `UPDATE services SET name_en = ?, name_bn = ?, service_type = ?, areas = ?, contact_name = ?, phone = ?,
			email = ?, notes = ?, active = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			s.NameEn, s.NameBn, s.Type, joinCodes(s.Areas), s.ContactName, s.Phone, s.Email, s.Notes, s.Active, now(), s.ID, old.Version)
		if err != nil {
			return duplicateService(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else changed this service since you opened it; reload to see their changes, then make yours again")
		}
		return tx.audit(ctx, a, ActUpdate, "service", s.ID, s.OrgID, serviceDiff(old, s))
	})
	if err != nil {
		return s, err
	}
	return db.ServiceByID(ctx, a, s.ID)
}

func serviceDiff(old, s referral.Service) Change {
	c := Change{}
	add := func(name string, a, b any) {
		if a != b {
			c[name] = [2]any{a, b}
		}
	}
	add("name_en", old.NameEn, s.NameEn)
	add("name_bn", old.NameBn, s.NameBn)
	add("type", old.Type, s.Type)
	add("areas", joinCodes(old.Areas), joinCodes(s.Areas))
	add("contact_name", old.ContactName, s.ContactName)
	add("phone", old.Phone, s.Phone)
	add("email", old.Email, s.Email)
	add("notes", old.Notes, s.Notes)
	add("active", old.Active, s.Active)
	return c
}

// ServiceByID returns one service of the directory.
func (db *DB) ServiceByID(ctx context.Context, a app.Actor, id string) (referral.Service, error) {
	if !a.SignedIn() {
		return referral.Service{}, app.NotFound("service")
	}
	s, err := scanService(db.queryRow(ctx, "SELECT "+serviceColumns+` FROM services s JOIN organisations o ON o.id = s.org_id
		WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, app.NotFound("service")
	}
	return s, dbError(err)
}

// ListServices returns the directory, filtered, ordered by organisation
// and name. The directory holds hundreds of entries, not millions: the
// area filter runs on the rows read.
func (db *DB) ListServices(ctx context.Context, a app.Actor, q ServiceQuery) ([]referral.Service, error) {
	if !a.SignedIn() {
		return nil, app.Errorf(app.EFORBIDDEN, "sign in to see the service directory")
	}
	where := " WHERE 1=1"
	var args []any
	if !q.Inactive {
		where += " AND s.active = ?"
		args = append(args, true)
	}
	if q.Type != "" {
		where += " AND s.service_type = ?"
		args = append(args, q.Type)
	}
	if q.OrgID != "" {
		where += " AND s.org_id = ?"
		args = append(args, q.OrgID)
	}
	for _, w := range strings.Fields(strings.ToLower(q.Text)) {
		where += ` AND (LOWER(s.name_en) LIKE ? OR s.name_bn LIKE ? OR LOWER(o.name_en) LIKE ? OR o.name_bn LIKE ? OR LOWER(o.code) LIKE ?)`
		like := "%" + directoryLikeWord(w) + "%"
		args = append(args, like, like, like, like, like)
	}
	all, err := queryAll(ctx, db, scanService, "SELECT "+serviceColumns+` FROM services s JOIN organisations o ON o.id = s.org_id`+
		where+` ORDER BY o.code, s.name_en`, args...)
	if err != nil {
		return nil, err
	}
	area := strings.ToUpper(strings.TrimSpace(q.Area))
	out := all[:0]
	for _, s := range all {
		if s.Serves(area) {
			out = append(out, s)
		}
	}
	return out, nil
}

// directoryLikeWord neutralises LIKE's wildcards in a user's word. Both engines
// treat backslash as an ordinary character unless told otherwise, so
// the wildcards are dropped rather than escaped.
func directoryLikeWord(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// LoadServiceDirectory adds the organisations and services of a starter
// list (referral.StarterDirectory) that are not there yet, all in one
// transaction: an organisation is matched by its code, a service by its
// organisation and English name, so loading twice adds nothing. Only
// administrators may, since it creates organisations.
func (db *DB) LoadServiceDirectory(ctx context.Context, a app.Actor, orgs []referral.StarterOrg) (orgsAdded, servicesAdded int, err error) {
	if a.Role != app.RoleAdmin {
		return 0, 0, app.Errorf(app.EFORBIDDEN, "only administrators can add organisations")
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		orgsAdded, servicesAdded = 0, 0
		for _, so := range orgs {
			o := Organisation{Code: so.Code, NameEn: so.NameEn, NameBn: so.NameBn, Kind: so.Kind}
			if err := o.validate(); err != nil {
				return err
			}
			err := tx.queryRow(ctx, "SELECT id FROM organisations WHERE code = ?", o.Code).Scan(&o.ID)
			if errors.Is(err, sql.ErrNoRows) {
				o.ID, o.CreatedAt = NewID(), now()
				if _, err := tx.exec(ctx, `INSERT INTO organisations (id, code, name_en, name_bn, kind, created_at, updated_at, version)
					VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, o.ID, o.Code, o.NameEn, o.NameBn, o.Kind, o.CreatedAt, o.CreatedAt); err != nil {
					return dbError(err)
				}
				if err := tx.audit(ctx, a, ActCreate, "organisation", o.ID, o.ID, o); err != nil {
					return err
				}
				orgsAdded++
			} else if err != nil {
				return dbError(err)
			}
			for _, ss := range so.Services {
				s := referral.Service{OrgID: o.ID, NameEn: ss.NameEn, NameBn: ss.NameBn, Type: ss.Type, Notes: ss.Notes}
				if err := s.Validate(); err != nil {
					return err
				}
				var n int
				if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM services WHERE org_id = ? AND name_en = ?", o.ID, s.NameEn).Scan(&n); err != nil {
					return dbError(err)
				}
				if n > 0 {
					continue
				}
				if _, err := tx.createService(ctx, a, s); err != nil {
					return err
				}
				servicesAdded++
			}
		}
		return nil
	})
	return orgsAdded, servicesAdded, err
}
