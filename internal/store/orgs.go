package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
)

// Organisation kinds.
const (
	OrgIOM             = "iom"
	OrgCSO             = "cso"
	OrgGovernment      = "government"
	OrgServiceProvider = "service_provider"
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []string{OrgIOM, OrgCSO, OrgGovernment, OrgServiceProvider}

// Organisation is IOM, a partner CSO, a government body or a service provider.
type Organisation struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	NameEn    string    `json:"name_en"`
	NameBn    string    `json:"name_bn"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Name returns the organisation's name in lang, falling back to English.
func (o Organisation) Name(lang string) string {
	if lang == "bn" && o.NameBn != "" {
		return o.NameBn
	}
	return o.NameEn
}

var orgCodeRe = regexp.MustCompile(`^[A-Z][A-Z0-9_-]{1,19}$`)

func (o *Organisation) validate() error {
	var v app.Validation
	o.Code = strings.ToUpper(strings.TrimSpace(o.Code))
	o.NameEn = strings.TrimSpace(o.NameEn)
	o.NameBn = strings.TrimSpace(o.NameBn)
	if !orgCodeRe.MatchString(o.Code) {
		v.Add("code", "use 2 to 20 capital letters, digits, - or _, starting with a letter (for example BNSK)")
	}
	if o.NameEn == "" {
		v.Add("name_en", "enter the organisation's name in English")
	} else if utf8.RuneCountInString(o.NameEn) > 200 {
		v.Add("name_en", "keep the name under 200 characters")
	}
	if utf8.RuneCountInString(o.NameBn) > 200 {
		v.Add("name_bn", "keep the name under 200 characters")
	}
	if !oneOf(o.Kind, OrgKinds) {
		v.Add("kind", "choose the kind of organisation")
	}
	return v.Err()
}

// CreateOrg adds an organisation. Only administrators may.
func (db *DB) CreateOrg(ctx context.Context, a app.Actor, o Organisation) (Organisation, error) {
	if a.Role != app.RoleAdmin {
		return o, app.Errorf(app.EFORBIDDEN, "only administrators can add organisations")
	}
	if err := o.validate(); err != nil {
		return o, err
	}
	o.ID = NewID()
	o.CreatedAt = now()
	o.UpdatedAt = o.CreatedAt
	o.Version = 1
	err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO organisations (id, code, name_en, name_bn, kind, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Code, o.NameEn, o.NameBn, o.Kind, o.CreatedAt, o.UpdatedAt, o.Version)
		if isUniqueViolation(err) {
			return &app.Error{Code: app.ECONFLICT, Message: "an organisation with this code already exists",
				Fields: map[string]string{"code": "this code is already used: choose another"}}
		}
		if err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "organisation", o.ID, o.ID, o)
	})
	return o, err
}

const orgColumns = "id, code, name_en, name_bn, kind, created_at, updated_at, version"

func scanOrg(row interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.Code, &o.NameEn, &o.NameBn, &o.Kind, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, err
}

// ListOrgs returns every organisation. Organisation names are not personal
// data, and case workers need them to refer between organisations.
func (db *DB) ListOrgs(ctx context.Context) ([]Organisation, error) {
	return queryAll(ctx, db, scanOrg, "SELECT "+orgColumns+" FROM organisations ORDER BY code")
}

// OrgByCode finds an organisation by its code (case-insensitive).
func (db *DB) OrgByCode(ctx context.Context, code string) (Organisation, error) {
	o, err := scanOrg(db.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE code = ?", strings.ToUpper(strings.TrimSpace(code))))
	if errors.Is(err, sql.ErrNoRows) {
		return o, app.NotFound("organisation " + code)
	}
	return o, dbError(err)
}

// OrgByID finds an organisation by ID.
func (db *DB) OrgByID(ctx context.Context, id string) (Organisation, error) {
	o, err := scanOrg(db.queryRow(ctx, "SELECT "+orgColumns+" FROM organisations WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, app.NotFound("organisation")
	}
	return o, dbError(err)
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
