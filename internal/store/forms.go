package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// Forms and their versions. Reading a form is open to every signed-in
// role (a questionnaire is not personal data); changing one is for those
// forms.ManagesForms allows. The answers (submissions.go) are personal data.

// Audit actions of the forms area.
const (
	ActFormPublish = "form_publish"
	ActFormRetire  = "form_retire"
)

// FormUpload is a workbook that has been read and checked, with the XForm
// made from it, ready to become a draft version. The store does not parse
// workbooks: internal/forms does, before this is built.
type FormUpload struct {
	FormID, Title, FormVersion string
	DefaultLanguage            string
	Languages                  []string
	Questions                  int
	FileName                   string
	Source                     []byte
	SourceSHA256               string
	XForm, XFormHash           string
	// Purpose, OrgID and CaseBound apply when the upload creates the form;
	// a new version of an existing form keeps the form's own.
	Purpose   string
	OrgID     string
	CaseBound bool
	BuiltIn   bool
	Media     []string // the files the form refers to (form_media.go)
	// Scoring is the workbook's scoring definition, nil if none (scoring.go).
	Scoring *ScoringDefinition
}

const formColumns = `f.id, f.form_id, f.title, f.purpose, COALESCE(f.org_id, ''), COALESCE(o.code, ''), f.case_bound, f.built_in,
	f.created_at, f.updated_at, f.version, (SELECT COUNT(*) FROM form_versions v WHERE v.form_pk = f.id)`

func scanForm(row interface{ Scan(...any) error }) (forms.Form, error) {
	var f forms.Form
	err := row.Scan(&f.ID, &f.FormID, &f.Title, &f.Purpose, &f.OrgID, &f.OrgCode, &f.CaseBound, &f.BuiltIn,
		&f.CreatedAt, &f.UpdatedAt, &f.Version, &f.Versions)
	f.CreatedAt, f.UpdatedAt = f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	return f, err
}

const versionColumns = `v.id, v.form_pk, f.form_id, v.form_version, v.state, v.title, v.default_language, v.languages, v.questions,
	v.file_name, v.source_sha256, v.xform_hash, v.uploaded_by, v.uploaded_by_name, v.uploaded_at, v.published_at, v.retired_at, v.version`

func scanVersion(row interface{ Scan(...any) error }) (forms.Version, error) {
	var v forms.Version
	var langs string
	var published, retired sql.NullTime
	err := row.Scan(&v.ID, &v.FormPK, &v.FormID, &v.FormVersion, &v.State, &v.Title, &v.DefaultLanguage, &langs, &v.Questions,
		&v.FileName, &v.SourceSHA256, &v.XFormHash, &v.UploadedBy, &v.UploadedByName, &v.UploadedAt, &published, &retired, &v.Version)
	v.Languages = formSplitLanguages(langs)
	v.UploadedAt = v.UploadedAt.UTC()
	v.PublishedAt, v.RetiredAt = nullTime(published), nullTime(retired)
	return v, err
}

// formSplitLanguages reads the languages of a version, kept one a line:
// a language key may hold spaces ("English (en)").
func formSplitLanguages(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// AddFormVersion stores an upload as a draft version, creating the form on
// its first upload. A version string already uploaded for the form is a
// conflict: devices tell versions apart by it, so it must change.
func (db *DB) AddFormVersion(ctx context.Context, a app.Actor, up FormUpload) (forms.Version, error) {
	var v forms.Version
	up.FormID, up.FormVersion, up.Title = strings.TrimSpace(up.FormID), strings.TrimSpace(up.FormVersion), strings.TrimSpace(up.Title)
	switch {
	case up.FormID == "":
		return v, app.FieldError("form_id", "the settings sheet must give the form a form_id")
	case up.FormVersion == "":
		return v, app.FieldError("version", "the settings sheet must give the form a version")
	case len(up.Source) == 0:
		return v, app.FieldError("file", "choose the XLSForm workbook (.xlsx) to upload")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		f, err := tx.formByFormID(ctx, up.FormID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if up.OrgID == "" && a.Role == app.RoleOrgManager {
				up.OrgID = a.OrgID
			}
			if !forms.ManagesForms(a, up.OrgID) {
				return app.Errorf(app.EFORBIDDEN, "your role cannot add forms for this organisation")
			}
			if up.OrgID != "" {
				// An unknown organisation would fail the foreign key: a 500 for a typing mistake.
				var n int
				if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", up.OrgID).Scan(&n); err != nil {
					return dbError(err)
				}
				if n == 0 {
					return app.FieldError("org_id", "choose one of the organisations listed")
				}
			}
			if up.Purpose == "" {
				up.Purpose = "other"
			}
			if err := forms.CheckPurpose(up.Purpose); err != nil {
				return err
			}
			at := now()
			f = forms.Form{ID: NewID(), FormID: up.FormID, Title: up.Title, Purpose: up.Purpose, OrgID: up.OrgID,
				CaseBound: up.CaseBound, BuiltIn: up.BuiltIn, CreatedAt: at, UpdatedAt: at, Version: 1}
			if _, err := tx.exec(ctx, `INSERT INTO forms (id, form_id, title, purpose, org_id, case_bound, built_in, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, f.ID, f.FormID, f.Title, f.Purpose, nullString(f.OrgID), f.CaseBound, f.BuiltIn,
				at, at); err != nil {
				return dbError(err)
			}
			if err := tx.audit(ctx, a, ActCreate, "form", f.ID, f.OrgID, map[string]any{"form_id": f.FormID}); err != nil {
				return err
			}
		case err != nil:
			return dbError(err)
		default:
			if !forms.ManagesForms(a, f.OrgID) {
				return app.Errorf(app.EFORBIDDEN, "your role cannot change this form")
			}
		}
		at := now()
		v = forms.Version{ID: NewID(), FormPK: f.ID, FormID: f.FormID, FormVersion: up.FormVersion, State: forms.Draft, Title: up.Title,
			DefaultLanguage: up.DefaultLanguage, Languages: up.Languages, Questions: up.Questions, FileName: up.FileName,
			SourceSHA256: up.SourceSHA256, XFormHash: up.XFormHash, UploadedBy: a.UserID, UploadedByName: a.Username,
			UploadedAt: at, Version: 1}
		_, err = tx.exec(ctx, `INSERT INTO form_versions (id, form_pk, form_version, state, title, default_language, languages, questions,
			file_name, source, source_sha256, xform, xform_hash, uploaded_by, uploaded_by_name, uploaded_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, v.ID, v.FormPK, v.FormVersion, v.State, v.Title,
			v.DefaultLanguage, strings.Join(v.Languages, "\n"), v.Questions, v.FileName, up.Source, v.SourceSHA256, up.XForm, v.XFormHash,
			v.UploadedBy, v.UploadedByName, at)
		if isUniqueViolation(err) {
			return &app.Error{Code: app.ECONFLICT, Message: "this version of the form is already uploaded",
				Fields: map[string]string{"version": "this version of the form is already uploaded; give the new upload a higher version on the settings sheet"}}
		}
		if err != nil {
			return dbError(err)
		}
		if err := tx.expectFormMedia(ctx, v.ID, up.Media); err != nil {
			return err
		}
		if err := tx.addUploadScoring(ctx, a, f, v, up.Scoring); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActCreate, "form_version", v.ID, f.OrgID, map[string]any{"form_id": f.FormID, "version": v.FormVersion})
	})
	return v, err
}

func (tx *Tx) formByFormID(ctx context.Context, formID string) (forms.Form, error) {
	return scanForm(tx.queryRow(ctx, "SELECT "+formColumns+" FROM forms f LEFT JOIN organisations o ON o.id = f.org_id WHERE f.form_id = ?", formID))
}

// Forms lists every form with its published version, by title.
func (db *DB) Forms(ctx context.Context, a app.Actor) ([]forms.Form, error) {
	if !a.SignedIn() {
		return nil, app.Errorf(app.EFORBIDDEN, "sign in to see forms")
	}
	list, err := queryAll(ctx, db, scanForm, "SELECT "+formColumns+" FROM forms f LEFT JOIN organisations o ON o.id = f.org_id ORDER BY f.title, f.form_id")
	if err != nil {
		return nil, err
	}
	published, err := queryAll(ctx, db, scanVersion, "SELECT "+versionColumns+" FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.state = ?", forms.Published)
	if err != nil {
		return nil, err
	}
	attachPublished(list, published)
	return list, nil
}

func attachPublished(list []forms.Form, published []forms.Version) {
	byForm := make(map[string]*forms.Version, len(published))
	for i := range published {
		byForm[published[i].FormPK] = &published[i]
	}
	for i := range list {
		list[i].Published = byForm[list[i].ID]
	}
}

// FormByID returns a form with its published version.
func (db *DB) FormByID(ctx context.Context, a app.Actor, id string) (forms.Form, error) {
	if !a.SignedIn() {
		return forms.Form{}, app.NotFound("form")
	}
	f, err := scanForm(db.queryRow(ctx, "SELECT "+formColumns+" FROM forms f LEFT JOIN organisations o ON o.id = f.org_id WHERE f.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, app.NotFound("form")
	}
	if err != nil {
		return f, dbError(err)
	}
	published, err := queryAll(ctx, db, scanVersion, "SELECT "+versionColumns+" FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.form_pk = ? AND v.state = ?", id, forms.Published)
	if err != nil {
		return f, err
	}
	one := []forms.Form{f}
	attachPublished(one, published)
	return one[0], nil
}

// FormVersions lists a form's versions, newest first.
func (db *DB) FormVersions(ctx context.Context, a app.Actor, formPK string) ([]forms.Version, error) {
	if _, err := db.FormByID(ctx, a, formPK); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanVersion, "SELECT "+versionColumns+" FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.form_pk = ? ORDER BY v.uploaded_at DESC, v.id DESC", formPK)
}

// FormVersionByID returns one version.
func (db *DB) FormVersionByID(ctx context.Context, a app.Actor, id string) (forms.Version, error) {
	if !a.SignedIn() {
		return forms.Version{}, app.NotFound("form version")
	}
	v, err := scanVersion(db.queryRow(ctx, "SELECT "+versionColumns+" FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, app.NotFound("form version")
	}
	return v, dbError(err)
}

// FormVersionFiles returns the workbook as uploaded and the XForm made from it.
func (db *DB) FormVersionFiles(ctx context.Context, a app.Actor, id string) (source []byte, xform string, err error) {
	if !a.SignedIn() {
		return nil, "", app.NotFound("form version")
	}
	err = db.queryRow(ctx, "SELECT source, xform FROM form_versions WHERE id = ?", id).Scan(&source, &xform)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", app.NotFound("form version")
	}
	return source, xform, dbError(err)
}

// FormVersionByNumber finds a version by form ID and version string, as a
// submission names them.
func (db *DB) FormVersionByNumber(ctx context.Context, a app.Actor, formID, version string) (forms.Version, error) {
	if !a.SignedIn() {
		return forms.Version{}, app.NotFound("form version")
	}
	v, err := scanVersion(db.queryRow(ctx, "SELECT "+versionColumns+` FROM form_versions v JOIN forms f ON f.id = v.form_pk
		WHERE f.form_id = ? AND v.form_version = ?`, formID, version))
	if errors.Is(err, sql.ErrNoRows) {
		return v, app.NotFound("form version")
	}
	return v, dbError(err)
}

// PublishFormVersion makes a draft the version devices download; the
// version published before is retired (it still accepts submissions).
func (db *DB) PublishFormVersion(ctx context.Context, a app.Actor, id string, version int) (forms.Version, error) {
	return db.moveFormVersion(ctx, a, id, version, forms.Published)
}

// RetireFormVersion stops a published version being offered to devices,
// leaving the form with no published version until another is published.
func (db *DB) RetireFormVersion(ctx context.Context, a app.Actor, id string, version int) (forms.Version, error) {
	return db.moveFormVersion(ctx, a, id, version, forms.Retired)
}

func (db *DB) moveFormVersion(ctx context.Context, a app.Actor, id string, version int, to string) (forms.Version, error) {
	var v forms.Version
	err := db.inTx(ctx, func(tx *Tx) error {
		var orgID string
		var err error
		v, err = scanVersion(tx.queryRow(ctx, "SELECT "+versionColumns+" FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("form version")
		}
		if err != nil {
			return dbError(err)
		}
		if err := tx.queryRow(ctx, "SELECT COALESCE(org_id, '') FROM forms WHERE id = ?", v.FormPK).Scan(&orgID); err != nil {
			return dbError(err)
		}
		if !forms.ManagesForms(a, orgID) {
			return app.Errorf(app.EFORBIDDEN, "your role cannot change this form")
		}
		if v.Version != version {
			return app.Errorf(app.ECONFLICT, "someone else changed this form version since you opened it; reload and try again")
		}
		at := now()
		action := ActFormPublish
		switch {
		case to == forms.Published && v.State == forms.Draft:
			if err := tx.missingFormMedia(ctx, v.ID); err != nil {
				return err
			}
			// Publishing retires whatever was published before it.
			if _, err := tx.exec(ctx, `UPDATE form_versions SET state = ?, retired_at = ?, version = version + 1
				WHERE form_pk = ? AND state = ?`, forms.Retired, at, v.FormPK, forms.Published); err != nil {
				return dbError(err)
			}
			v.PublishedAt = &at
		case to == forms.Retired && v.State == forms.Published:
			action = ActFormRetire
			v.RetiredAt = &at
		default:
			return app.Errorf(app.ECONFLICT, "a %s version cannot be %s", v.State, to)
		}
		v.State = to
		res, err := tx.exec(ctx, "UPDATE form_versions SET state = ?, published_at = ?, retired_at = ?, version = version + 1 WHERE id = ? AND version = ?",
			v.State, v.PublishedAt, v.RetiredAt, v.ID, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else changed this form version since you opened it; reload and try again")
		}
		v.Version++
		if to == forms.Published {
			if _, err := tx.exec(ctx, "UPDATE forms SET title = ?, updated_at = ?, version = version + 1 WHERE id = ?", v.Title, at, v.FormPK); err != nil {
				return dbError(err)
			}
		}
		return tx.audit(ctx, a, action, "form_version", v.ID, orgID, map[string]any{"form_id": v.FormID, "version": v.FormVersion})
	})
	return v, err
}

// AssignForm lets a user collect a form on a device (enumerators see only
// the forms assigned to them). Assigning twice is harmless.
func (db *DB) AssignForm(ctx context.Context, a app.Actor, formPK, userID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var orgID string
		err := tx.queryRow(ctx, "SELECT COALESCE(org_id, '') FROM forms WHERE id = ?", formPK).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("form")
		}
		if err != nil {
			return dbError(err)
		}
		var userOrg string
		err = tx.queryRow(ctx, "SELECT org_id FROM users WHERE id = ? AND disabled_at IS NULL", userID).Scan(&userOrg)
		if errors.Is(err, sql.ErrNoRows) {
			return app.FieldError("user_id", "choose an active user")
		}
		if err != nil {
			return dbError(err)
		}
		// A manager assigns the organisation's own people, to forms they
		// may see: their organisation's or everyone's.
		if !a.AllOrgs() && (a.Role != app.RoleOrgManager || userOrg != a.OrgID || (orgID != "" && orgID != a.OrgID)) {
			return app.Errorf(app.EFORBIDDEN, "your role cannot assign this form to this user")
		}
		if orgID != "" && userOrg != orgID {
			return app.FieldError("user_id", "this form belongs to another organisation; choose one of its users")
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM form_assignments WHERE form_pk = ? AND user_id = ?", formPK, userID).Scan(&n); err != nil {
			return dbError(err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, "INSERT INTO form_assignments (form_pk, user_id, assigned_at) VALUES (?, ?, ?)", formPK, userID, now()); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActCreate, "form_assignment", formPK, userOrg, map[string]any{"user": userID})
	})
}

// UnassignForm takes a form off a user's list.
func (db *DB) UnassignForm(ctx context.Context, a app.Actor, formPK, userID string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var userOrg string
		err := tx.queryRow(ctx, "SELECT org_id FROM users WHERE id = ?", userID).Scan(&userOrg)
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("user")
		}
		if err != nil {
			return dbError(err)
		}
		if !a.AllOrgs() && (a.Role != app.RoleOrgManager || userOrg != a.OrgID) {
			return app.Errorf(app.EFORBIDDEN, "your role cannot change this user's forms")
		}
		res, err := tx.exec(ctx, "DELETE FROM form_assignments WHERE form_pk = ? AND user_id = ?", formPK, userID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.audit(ctx, a, ActDelete, "form_assignment", formPK, userOrg, map[string]any{"user": userID})
	})
}

// FormAssignees lists the users a form is assigned to, of those the actor
// may see: viewers and enumerators see only themselves.
func (db *DB) FormAssignees(ctx context.Context, a app.Actor, formPK string) ([]User, error) {
	users, err := db.ListUsersInView(ctx, a, UserFilter{IncludeDisabled: true})
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT user_id FROM form_assignments WHERE form_pk = ?", formPK)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	assigned := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, dbError(err)
		}
		assigned[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	var out []User
	for _, u := range users {
		if assigned[u.ID] {
			out = append(out, u)
		}
	}
	return out, nil
}

// CollectableForms lists the published versions the actor may fill in on a
// device or the web: forms assigned to them, and for case workers and
// managers also their organisation's forms and everyone's. Viewers collect
// nothing. This is the OpenRosa form list.
func (db *DB) CollectableForms(ctx context.Context, a app.Actor) ([]forms.Version, error) {
	if !a.SignedIn() || a.Role == app.RoleViewer {
		return nil, nil
	}
	q := "SELECT " + versionColumns + ` FROM form_versions v JOIN forms f ON f.id = v.form_pk WHERE v.state = ? AND (
		EXISTS (SELECT 1 FROM form_assignments fa WHERE fa.form_pk = f.id AND fa.user_id = ?)`
	args := []any{forms.Published, a.UserID}
	if a.WritesCases() {
		q += " OR f.org_id IS NULL OR f.org_id = ?"
		args = append(args, a.OrgID)
	}
	q += ") ORDER BY v.title, f.form_id"
	return queryAll(ctx, db, scanVersion, q, args...)
}

// MayCollect reports whether the actor may submit to a form: the same rule
// as CollectableForms, for any version that accepts submissions.
func (db *DB) MayCollect(ctx context.Context, a app.Actor, formPK string) (bool, error) {
	if !a.SignedIn() || a.Role == app.RoleViewer {
		return false, nil
	}
	var orgID sql.NullString
	var assigned int
	err := db.queryRow(ctx, `SELECT f.org_id, (SELECT COUNT(*) FROM form_assignments fa WHERE fa.form_pk = f.id AND fa.user_id = ?)
		FROM forms f WHERE f.id = ?`, a.UserID, formPK).Scan(&orgID, &assigned)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, dbError(err)
	}
	return assigned > 0 || (a.WritesCases() && (!orgID.Valid || orgID.String == a.OrgID)), nil
}
