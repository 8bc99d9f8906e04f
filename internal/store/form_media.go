package store

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// Form media: the images, audio, video and data files a form version
// refers to (ODK's "form attachments"). Each version has its own set,
// named exactly as the form refers to them; the names are recorded when
// the version is uploaded (FormUpload.Media) and the files attached
// afterwards. A version with files missing cannot be published, and the
// files of a version that is no longer a draft never change: a device may
// already hold them, and the OpenRosa manifest promises their hashes. A
// new version of the form is the way to change them.
//
// The files are kept in the database (see migration 0009 for why). Like
// the forms themselves they are not personal data: reading them is open to
// every signed-in role, changing them to those forms.ManagesForms allows.

// MaxFormMediaBytes bounds one form file. ODK Collect shows images and
// plays audio from the device's storage; files past a few megabytes make
// the form slow to download on a mobile connection.
const MaxFormMediaBytes = 10 << 20

// FormMedia is one file a form version refers to, attached or not.
type FormMedia struct {
	VersionID   string `json:"-"`
	Name        string `json:"name"`
	Attached    bool   `json:"attached"`
	ContentType string `json:"content_type,omitempty"`
	Size        int64  `json:"size"`
	// MD5 is the hexadecimal MD5 of the content; the OpenRosa manifest
	// gives it as "md5:" + MD5.
	MD5            string     `json:"md5,omitempty"`
	SHA256         string     `json:"sha256,omitempty"`
	UploadedBy     string     `json:"uploaded_by,omitempty"`
	UploadedByName string     `json:"uploaded_by_name,omitempty"`
	UploadedAt     *time.Time `json:"uploaded_at,omitempty"`
	Version        int        `json:"version"`
}

// Hash is the file's hash as the OpenRosa manifest gives it.
func (m FormMedia) Hash() string {
	if m.MD5 == "" {
		return ""
	}
	return "md5:" + m.MD5
}

const formMediaColumns = `form_version_id, name, content IS NOT NULL, content_type, size, md5, sha256,
	uploaded_by, uploaded_by_name, uploaded_at, version`

func scanFormMedia(row interface{ Scan(...any) error }) (FormMedia, error) {
	var m FormMedia
	var at sql.NullTime
	err := row.Scan(&m.VersionID, &m.Name, &m.Attached, &m.ContentType, &m.Size, &m.MD5, &m.SHA256,
		&m.UploadedBy, &m.UploadedByName, &at, &m.Version)
	m.UploadedAt = nullTime(at)
	return m, err
}

// expectFormMedia records the files a new version refers to, each once.
func (tx *Tx) expectFormMedia(ctx context.Context, versionID string, names []string) error {
	seen := make(map[string]bool, len(names))
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		if _, err := tx.exec(ctx, "INSERT INTO form_media (form_version_id, name) VALUES (?, ?)", versionID, name); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// missingFormMedia refuses to let a version be published while files it
// refers to are missing, naming them.
func (tx *Tx) missingFormMedia(ctx context.Context, versionID string) error {
	rows, err := tx.query(ctx, "SELECT name FROM form_media WHERE form_version_id = ? AND content IS NULL ORDER BY name", versionID)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	var missing []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return dbError(err)
		}
		missing = append(missing, name)
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	if len(missing) == 0 {
		return nil
	}
	return &app.Error{Code: app.ECONFLICT, Message: "this version cannot be published until its files are attached; missing: %s",
		Args: []any{strings.Join(missing, ", ")}, Fields: map[string]string{"media": "attach every file the form lists, then publish"}}
}

// FormMediaList lists the files a version refers to, by name, with what is
// attached.
func (db *DB) FormMediaList(ctx context.Context, a app.Actor, versionID string) ([]FormMedia, error) {
	if _, err := db.FormVersionByID(ctx, a, versionID); err != nil {
		return nil, err
	}
	return queryAll(ctx, db, scanFormMedia, "SELECT "+formMediaColumns+" FROM form_media WHERE form_version_id = ? ORDER BY name", versionID)
}

// FormMediaFile returns one attached file with its content. A file the
// version refers to that is not attached yet is not found.
func (db *DB) FormMediaFile(ctx context.Context, a app.Actor, versionID, name string) (FormMedia, []byte, error) {
	if !a.SignedIn() {
		return FormMedia{}, nil, app.NotFound("form file")
	}
	var content []byte
	m, err := scanFormMedia(db.queryRow(ctx, "SELECT "+formMediaColumns+" FROM form_media WHERE form_version_id = ? AND name = ?", versionID, name))
	if err == nil && m.Attached {
		err = db.queryRow(ctx, "SELECT content FROM form_media WHERE form_version_id = ? AND name = ?", versionID, name).Scan(&content)
	}
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !m.Attached) {
		return m, nil, app.NotFound("form file")
	}
	if err != nil {
		return m, nil, dbError(err)
	}
	return m, content, nil
}

// AttachFormMedia stores the content of a file a draft version refers to,
// replacing what was attached before. The caller has checked the content
// against the form (package collect); here the name, the size, the
// version's state and the actor's right to change the form.
func (db *DB) AttachFormMedia(ctx context.Context, a app.Actor, versionID, name, contentType string, content []byte) (FormMedia, error) {
	var m FormMedia
	switch {
	case len(content) == 0:
		return m, app.FieldError("file", "choose a file to upload; an empty file cannot be attached")
	case len(content) > MaxFormMediaBytes:
		return m, formMediaTooLarge()
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		orgID, err := tx.draftForMedia(ctx, a, versionID)
		if err != nil {
			return err
		}
		md := md5.Sum(content)
		sh := sha256.Sum256(content)
		at := now()
		res, err := tx.exec(ctx, `UPDATE form_media SET content = ?, content_type = ?, size = ?, md5 = ?, sha256 = ?,
			uploaded_by = ?, uploaded_by_name = ?, uploaded_at = ?, version = version + 1 WHERE form_version_id = ? AND name = ?`,
			content, contentType, len(content), hex.EncodeToString(md[:]), hex.EncodeToString(sh[:]), a.UserID, a.Username, at,
			versionID, name)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return unknownFormMedia(name)
		}
		if m, err = scanFormMedia(tx.queryRow(ctx, "SELECT "+formMediaColumns+" FROM form_media WHERE form_version_id = ? AND name = ?", versionID, name)); err != nil {
			return dbError(err)
		}
		return tx.audit(ctx, a, ActUpdate, "form_media", versionID, orgID, map[string]any{"name": name, "size": m.Size, "sha256": m.SHA256})
	})
	return m, err
}

// DetachFormMedia removes the content of a file of a draft version; the
// version still refers to the file, which is missing again.
func (db *DB) DetachFormMedia(ctx context.Context, a app.Actor, versionID, name string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		orgID, err := tx.draftForMedia(ctx, a, versionID)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE form_media SET content = NULL, content_type = '', size = 0, md5 = '', sha256 = '',
			uploaded_by = '', uploaded_by_name = '', uploaded_at = NULL, version = version + 1
			WHERE form_version_id = ? AND name = ? AND content IS NOT NULL`, versionID, name)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("form file")
		}
		return tx.audit(ctx, a, ActDelete, "form_media", versionID, orgID, map[string]any{"name": name})
	})
}

// draftForMedia checks that the actor may change the files of a version
// and that it is still a draft, returning the form's organisation.
func (tx *Tx) draftForMedia(ctx context.Context, a app.Actor, versionID string) (string, error) {
	var state, orgID string
	err := tx.queryRow(ctx, `SELECT v.state, COALESCE(f.org_id, '') FROM form_versions v JOIN forms f ON f.id = v.form_pk
		WHERE v.id = ?`, versionID).Scan(&state, &orgID)
	if errors.Is(err, sql.ErrNoRows) || !a.SignedIn() {
		return "", app.NotFound("form version")
	}
	if err != nil {
		return "", dbError(err)
	}
	if !forms.ManagesForms(a, orgID) {
		return "", app.Errorf(app.EFORBIDDEN, "your role cannot change this form")
	}
	if state != forms.Draft {
		return "", &app.Error{Code: app.ECONFLICT, Message: "the files of a published version cannot change, as devices may already hold them; upload a new version of the form to change them",
			Fields: map[string]string{"file": "upload a new version of the form to change its files"}}
	}
	return orgID, nil
}

func unknownFormMedia(name string) error {
	return &app.Error{Code: app.EINVALID, Message: "the form does not refer to a file named %s; attach only the files the form lists",
		Args: []any{name}, Fields: map[string]string{"file": "attach only the files the form lists, named exactly as the form names them"}}
}

func formMediaTooLarge() error {
	return &app.Error{Code: app.ETOOLARGE, Message: "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again",
		Fields: map[string]string{"file": "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again"}}
}

// PublishedWithMedia returns the IDs of the published versions that refer
// to files, which the OpenRosa form list gives a manifest.
func (db *DB) PublishedWithMedia(ctx context.Context, a app.Actor) (map[string]bool, error) {
	out := map[string]bool{}
	if !a.SignedIn() {
		return out, nil
	}
	ids, err := queryAll(ctx, db, func(row interface{ Scan(...any) error }) (string, error) {
		var id string
		return id, row.Scan(&id)
	}, `SELECT DISTINCT m.form_version_id FROM form_media m JOIN form_versions v ON v.id = m.form_version_id WHERE v.state = ?`, forms.Published)
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
