package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
)

// CreateHousehold starts a household with a person of the actor's
// organisation as its contact and first member ("self").
func (db *DB) CreateHousehold(ctx context.Context, a app.Actor, personID string, h registry.Household) (registry.Household, error) {
	if err := h.Validate(); err != nil {
		return h, err
	}
	h.ID, h.OrgID, h.ContactPersonID = NewID(), a.OrgID, personID
	h.CreatedAt = now()
	h.UpdatedAt, h.Version = h.CreatedAt, 1
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.ownPerson(ctx, a, personID); err != nil {
			return err
		}
		var existing sql.NullString
		if err := tx.queryRow(ctx, "SELECT household_id FROM persons WHERE id = ?", personID).Scan(&existing); err != nil {
			return dbError(err)
		}
		if existing.Valid {
			return app.Errorf(app.ECONFLICT, "this person already belongs to a household")
		}
		if _, err := tx.exec(ctx, `INSERT INTO households (id, org_id, contact_person_id, income_sources, notes, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, h.ID, h.OrgID, personID, joinCodes(h.IncomeSources), h.Notes, h.CreatedAt, h.UpdatedAt); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, "UPDATE persons SET household_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
			h.ID, h.UpdatedAt, personID); err != nil {
			return dbError(err)
		}
		var sex, nameBn, nameLatin string
		var birth sql.NullTime
		if err := tx.queryRow(ctx, "SELECT sex, name_bn, name_latin, birth_date FROM persons WHERE id = ?", personID).
			Scan(&sex, &nameBn, &nameLatin, &birth); err != nil {
			return dbError(err)
		}
		self := registry.Member{PersonID: personID, Relationship: "self", Sex: sex,
			Name: registry.Person{NameBn: nameBn, NameLatin: nameLatin}.DisplayName("en")}
		if birth.Valid {
			age := registry.Person{BirthDate: nullTime(birth)}.Age(today())
			self.Age = &age
		}
		if _, err := tx.addMember(ctx, h.ID, h.OrgID, self); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "household", h.ID, h.OrgID, map[string]any{"contact": personID})
	})
	if err != nil {
		return h, err
	}
	return db.HouseholdByID(ctx, a, h.ID)
}

func (tx *Tx) addMember(ctx context.Context, householdID, orgID string, m registry.Member) (registry.Member, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	m.ID, m.HouseholdID, m.CreatedAt = NewID(), householdID, now()
	var age, inSchool any
	if m.Age != nil {
		age = *m.Age
	}
	if m.InSchool != nil {
		inSchool = *m.InSchool
	}
	_, err := tx.exec(ctx, `INSERT INTO household_members (id, household_id, org_id, person_id, name, relationship, sex, age, dependant, in_school, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, householdID, orgID, nullString(m.PersonID), m.Name, m.Relationship, m.Sex,
		age, m.Dependant, inSchool, m.CreatedAt)
	return m, dbError(err)
}

// lockHousehold reads a household of the actor's organisation for a change.
func (tx *Tx) lockHousehold(ctx context.Context, a app.Actor, id string) error {
	if !a.WritesCases() {
		return app.Errorf(app.EFORBIDDEN, "your role cannot change people's records")
	}
	var org string
	err := tx.queryRow(ctx, "SELECT org_id FROM households WHERE id = ? AND org_id = ?", id, a.OrgID).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return app.NotFound("household")
	}
	return dbError(err)
}

// AddMember adds a member to a household.
func (db *DB) AddMember(ctx context.Context, a app.Actor, householdID string, m registry.Member) (registry.Member, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.lockHousehold(ctx, a, householdID); err != nil {
			return err
		}
		if m.Relationship == "self" {
			return app.FieldError("relationship", "the returnee is already in the household: choose how this member is related to them")
		}
		if m.PersonID != "" {
			if err := tx.ownPerson(ctx, a, m.PersonID); err != nil {
				return err
			}
			var current sql.NullString
			if err := tx.queryRow(ctx, "SELECT household_id FROM persons WHERE id = ?", m.PersonID).Scan(&current); err != nil {
				return dbError(err)
			}
			if current.Valid {
				return app.FieldError("person_id", "this person already belongs to a household")
			}
			if _, err := tx.exec(ctx, "UPDATE persons SET household_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
				householdID, now(), m.PersonID); err != nil {
				return dbError(err)
			}
		}
		var err error
		if m, err = tx.addMember(ctx, householdID, a.OrgID, m); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE households SET version = version + 1, updated_at = ? WHERE id = ?", now(), householdID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "household_member", m.ID, a.OrgID, map[string]any{"household": householdID})
	})
	return m, err
}

// RemoveMember takes a member out of a household. The contact person stays.
func (db *DB) RemoveMember(ctx context.Context, a app.Actor, householdID, memberID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.lockHousehold(ctx, a, householdID); err != nil {
			return err
		}
		var rel string
		err := tx.queryRow(ctx, "SELECT relationship FROM household_members WHERE id = ? AND household_id = ?", memberID, householdID).Scan(&rel)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("household member")
		}
		if err != nil {
			return dbError(err)
		}
		if rel == "self" {
			return app.Errorf(app.ECONFLICT, "the returnee cannot be removed from their own household")
		}
		if _, err := tx.exec(ctx, "DELETE FROM household_members WHERE id = ?", memberID); err != nil {
			return dbError(err)
		}
		if _, err := tx.exec(ctx, "UPDATE households SET version = version + 1, updated_at = ? WHERE id = ?", now(), householdID); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActDelete, "household_member", memberID, a.OrgID, map[string]any{"household": householdID})
	})
}

// UpdateHousehold saves a household's income sources and notes; h.Version
// must be the version read.
func (db *DB) UpdateHousehold(ctx context.Context, a app.Actor, h registry.Household) (registry.Household, error) {
	if err := h.Validate(); err != nil {
		return h, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.lockHousehold(ctx, a, h.ID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "UPDATE households SET income_sources = ?, notes = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			joinCodes(h.IncomeSources), h.Notes, now(), h.ID, h.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else changed this record since you opened it; reload to see their changes, then make yours again")
		}
		return tx.audit(ctx, a, ActUpdate, "household", h.ID, a.OrgID, map[string]any{"income_sources": h.IncomeSources})
	})
	if err != nil {
		return h, err
	}
	return db.HouseholdByID(ctx, a, h.ID)
}

// HouseholdByID returns a household in a's scope with its members.
func (db *DB) HouseholdByID(ctx context.Context, a app.Actor, id string) (registry.Household, error) {
	var h registry.Household
	scope, args, err := personScope(a, "org_id")
	if err != nil {
		return h, app.NotFound("household")
	}
	var income string
	err = db.queryRow(ctx, `SELECT id, org_id, COALESCE(contact_person_id, ''), income_sources, notes, created_at, updated_at, version
		FROM households WHERE id = ?`+scope, append([]any{id}, args...)...).
		Scan(&h.ID, &h.OrgID, &h.ContactPersonID, &income, &h.Notes, &h.CreatedAt, &h.UpdatedAt, &h.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return h, app.NotFound("household")
	}
	if err != nil {
		return h, dbError(err)
	}
	h.IncomeSources = splitCodes(income)
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	h.Members, err = queryAll(ctx, db, func(r interface{ Scan(...any) error }) (registry.Member, error) {
		var m registry.Member
		var age sql.NullInt64
		var inSchool sql.NullBool
		err := r.Scan(&m.ID, &m.HouseholdID, &m.PersonID, &m.Name, &m.Relationship, &m.Sex, &age, &m.Dependant, &inSchool, &m.CreatedAt)
		if age.Valid {
			n := int(age.Int64)
			m.Age = &n
		}
		if inSchool.Valid {
			b := inSchool.Bool
			m.InSchool = &b
		}
		m.CreatedAt = m.CreatedAt.UTC()
		return m, err
	}, `SELECT id, household_id, COALESCE(person_id, ''), name, relationship, sex, age, dependant, in_school, created_at
		FROM household_members WHERE household_id = ? ORDER BY CASE WHEN relationship = 'self' THEN 0 ELSE 1 END, created_at`, h.ID)
	if err != nil {
		return h, err
	}
	// Members' names and ages are personal data: the look is accounted for.
	return h, db.Audit(ctx, a, ActView, "household", h.ID, h.OrgID, nil)
}

// AddSkill records an occupation a person can do.
func (db *DB) AddSkill(ctx context.Context, a app.Actor, s registry.Skill) (registry.Skill, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	s.ID, s.CreatedAt = NewID(), now()
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.ownPerson(ctx, a, s.PersonID); err != nil {
			return err
		}
		var years any
		if s.Years != nil {
			years = *s.Years
		}
		if _, err := tx.exec(ctx, `INSERT INTO person_skills (id, person_id, org_id, isco, years, certificate, issuer, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.PersonID, a.OrgID, s.ISCO, years, s.Certificate, s.Issuer, s.CreatedAt); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "skill", s.ID, a.OrgID, map[string]any{"person": s.PersonID, "isco": s.ISCO})
	})
	return s, err
}

// RemoveSkill deletes a skill recorded in error.
func (db *DB) RemoveSkill(ctx context.Context, a app.Actor, personID, skillID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.ownPerson(ctx, a, personID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM person_skills WHERE id = ? AND person_id = ?", skillID, personID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("skill")
		}
		return tx.audit(ctx, a, ActDelete, "skill", skillID, a.OrgID, map[string]any{"person": personID})
	})
}

// ListSkills returns a person's skills.
func (db *DB) ListSkills(ctx context.Context, a app.Actor, personID string) ([]registry.Skill, error) {
	scope, args, err := personScope(a, "org_id")
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, db, func(r interface{ Scan(...any) error }) (registry.Skill, error) {
		var s registry.Skill
		var years sql.NullInt64
		err := r.Scan(&s.ID, &s.PersonID, &s.ISCO, &years, &s.Certificate, &s.Issuer, &s.CreatedAt)
		if years.Valid {
			n := int(years.Int64)
			s.Years = &n
		}
		s.CreatedAt = s.CreatedAt.UTC()
		return s, err
	}, "SELECT id, person_id, isco, years, certificate, issuer, created_at FROM person_skills WHERE person_id = ?"+scope+" ORDER BY created_at",
		append([]any{personID}, args...)...)
}
