package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/forms"
)

// Submissions are personal data. Case workers and managers read their
// organisation's, programme managers everyone's, and whoever submitted
// one reads it (an enumerator sees what they collected, nothing more).

// EventFormSubmitted is the timeline line of a submission bound to a case.
const EventFormSubmitted = "form_submitted"

// ActSubmissionReview is the audit action of a reviewer's decision.
const ActSubmissionReview = "submission_review"

// NewSubmission is a submission that internal/forms/instance has parsed
// and checked against its form version, ready to store.
type NewSubmission struct {
	FormVersionID string
	InstanceID    string
	DeprecatedID  string
	InstanceName  string
	XML           string
	Data          string // the answers as a JSON object
	CaseID        string
	DeviceID      string
	Channel       string
	Attachments   []forms.Attachment
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

const submissionColumns = `s.id, s.form_pk, f.form_id, s.form_version_id, v.form_version, s.instance_id, s.deprecated_id, s.instance_name,
	s.org_id, COALESCE(s.case_id, ''), s.submitted_by, s.submitted_by_name, s.device_id, s.channel, s.received_at, s.review_state,
	s.review_note, s.reviewed_by, s.reviewed_at, s.is_current, s.version, COALESCE(c.reference, '')`

const submissionFrom = ` FROM submissions s JOIN forms f ON f.id = s.form_pk JOIN form_versions v ON v.id = s.form_version_id
	LEFT JOIN cases c ON c.id = s.case_id`

func scanSubmission(row interface{ Scan(...any) error }, extra ...any) (forms.Submission, error) {
	var s forms.Submission
	var reviewed sql.NullTime
	err := row.Scan(append([]any{&s.ID, &s.FormPK, &s.FormID, &s.FormVersionID, &s.FormVersion, &s.InstanceID, &s.DeprecatedID,
		&s.InstanceName, &s.OrgID, &s.CaseID, &s.SubmittedBy, &s.SubmittedByName, &s.DeviceID, &s.Channel, &s.ReceivedAt,
		&s.ReviewState, &s.ReviewNote, &s.ReviewedBy, &reviewed, &s.Current, &s.Version, &s.CaseReference}, extra...)...)
	s.ReceivedAt, s.ReviewedAt = s.ReceivedAt.UTC(), nullTime(reviewed)
	return s, err
}

// submissionScope is the WHERE clause that limits submissions to those the
// actor may read.
func submissionScope(a app.Actor) (string, []any, error) {
	switch {
	case !a.SignedIn() || a.Role == app.RoleViewer || a.Role == app.RoleAdmin:
		return "", nil, app.NotFound("submission")
	case a.AllOrgs():
		return "", nil, nil
	case a.WritesCases():
		return " AND (s.org_id = ? OR s.submitted_by = ?)", []any{a.OrgID, a.UserID}, nil
	default:
		return " AND s.submitted_by = ?", []any{a.UserID}, nil
	}
}

// SaveSubmission stores a submission once per instanceID and reports
// whether it was new. Devices retry: the same XML again is acknowledged
// with the stored submission; different XML under a known instanceID is a
// conflict. An edit names the submission it replaces in DeprecatedID; the
// old one is kept, marked edited and no longer current.
func (db *DB) SaveSubmission(ctx context.Context, a app.Actor, in NewSubmission) (forms.Submission, bool, error) {
	if err := forms.CheckInstanceID("instance_id", in.InstanceID); err != nil {
		return forms.Submission{}, false, err
	}
	if in.DeprecatedID != "" {
		if err := forms.CheckInstanceID("deprecated_id", in.DeprecatedID); err != nil {
			return forms.Submission{}, false, err
		}
	}
	sum := sha256Hex(in.XML)
	if s, done, err := db.knownSubmission(ctx, in.InstanceID, sum); done || err != nil {
		return s, false, err
	}
	v, err := db.FormVersionByID(ctx, a, in.FormVersionID)
	if err != nil {
		return forms.Submission{}, false, err
	}
	if !v.Collectable() {
		return forms.Submission{}, false, app.Errorf(app.ECONFLICT, "version %s of form %s is a draft: publish it before collecting with it", v.FormVersion, v.FormID)
	}
	ok, err := db.MayCollect(ctx, a, v.FormPK)
	if err != nil {
		return forms.Submission{}, false, err
	}
	if !ok {
		return forms.Submission{}, false, app.Errorf(app.EFORBIDDEN, "you may not submit form %s: ask your manager to assign it to you", v.FormID)
	}
	s := forms.Submission{ID: NewID(), FormPK: v.FormPK, FormID: v.FormID, FormVersionID: v.ID, FormVersion: v.FormVersion,
		InstanceID: in.InstanceID, DeprecatedID: in.DeprecatedID, InstanceName: strings.TrimSpace(in.InstanceName),
		XML: in.XML, Data: in.Data, OrgID: a.OrgID, CaseID: in.CaseID, SubmittedBy: a.UserID, SubmittedByName: a.Username,
		DeviceID: in.DeviceID, Channel: in.Channel, ReceivedAt: now(), ReviewState: forms.Received, Current: true,
		Attachments: in.Attachments, Version: 1}
	if s.Channel == "" {
		s.Channel = forms.ChannelWeb
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if s.CaseID != "" {
			if err := tx.checkSubmissionCase(ctx, a, s.CaseID); err != nil {
				return err
			}
		}
		if s.DeprecatedID != "" {
			if err := tx.supersedeSubmission(ctx, a, s); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, `INSERT INTO submissions (id, form_pk, form_version_id, instance_id, deprecated_id, instance_name, xml,
			xml_sha256, data, org_id, case_id, submitted_by, submitted_by_name, device_id, channel, received_at, review_state, is_current, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, 1)`, s.ID, s.FormPK, s.FormVersionID, s.InstanceID,
			s.DeprecatedID, s.InstanceName, s.XML, sum, s.Data, s.OrgID, nullString(s.CaseID), s.SubmittedBy, s.SubmittedByName,
			s.DeviceID, s.Channel, s.ReceivedAt, s.ReviewState)
		if isUniqueViolation(err) {
			return errSameInstance
		}
		if err != nil {
			return dbError(err)
		}
		for _, at := range s.Attachments {
			if _, err := tx.exec(ctx, `INSERT INTO submission_attachments (submission_id, name, content_type, size, sha256)
				VALUES (?, ?, ?, ?, ?)`, s.ID, at.Name, at.ContentType, at.Size, at.SHA256); err != nil {
				if isUniqueViolation(err) {
					return app.FieldError("attachments", "two attachments have the same name; each file needs its own name")
				}
				return dbError(err)
			}
		}
		if err := tx.scoreSubmission(ctx, s); err != nil {
			return err
		}
		if s.CaseID != "" {
			if err := tx.addEvent(ctx, a, casework.Event{CaseID: s.CaseID, Kind: EventFormSubmitted, Body: v.Title, RefID: s.ID}, s.OrgID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, ActCreate, "submission", s.ID, s.OrgID, map[string]any{"form_id": s.FormID,
			"version": s.FormVersion, "instance_id": s.InstanceID, "channel": s.Channel})
	})
	if errors.Is(err, errSameInstance) {
		// Another request stored the same instance first: answer as a retry would be answered.
		if known, done, kerr := db.knownSubmission(ctx, in.InstanceID, sum); done || kerr != nil {
			return known, false, kerr
		}
	}
	if err != nil {
		return forms.Submission{}, false, err
	}
	return s, true, nil
}

var errSameInstance = errors.New("instance stored concurrently")

// knownSubmission looks for a stored submission with this instanceID:
// done is true when it was found with the same XML; a different XML is a
// conflict error.
func (db *DB) knownSubmission(ctx context.Context, instanceID, sum string) (forms.Submission, bool, error) {
	var stored string
	s, err := scanSubmission(db.queryRow(ctx, "SELECT "+submissionColumns+", s.xml_sha256"+submissionFrom+" WHERE s.instance_id = ?",
		instanceID), &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s, false, nil
	case err != nil:
		return s, false, dbError(err)
	case stored != sum:
		return s, false, app.Errorf(app.ECONFLICT, "a different submission with instance ID %s is already stored; an edit must carry a new instance ID and name the old one as deprecatedID", instanceID)
	}
	return s, true, nil
}

func (tx *Tx) checkSubmissionCase(ctx context.Context, a app.Actor, caseID string) error {
	var orgID string
	err := tx.queryRow(ctx, "SELECT org_id FROM cases WHERE id = ?", caseID).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (orgID != a.OrgID || !a.WritesCases())) {
		return app.FieldError("case_id", "no case of your organisation has this ID; check the case reference and try again")
	}
	return dbError(err)
}

// supersedeSubmission marks the submission an edit replaces. An edit whose
// original never arrived is stored all the same: the answers are what
// matter, and the device will not send the original again.
func (tx *Tx) supersedeSubmission(ctx context.Context, a app.Actor, s forms.Submission) error {
	var id, formPK, orgID, by string
	var current bool
	err := tx.queryRow(ctx, "SELECT id, form_pk, org_id, submitted_by, is_current FROM submissions WHERE instance_id = ?", s.DeprecatedID).
		Scan(&id, &formPK, &orgID, &by, &current)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return dbError(err)
	}
	if formPK != s.FormPK || (orgID != a.OrgID && by != a.UserID) {
		return app.FieldError("deprecated_id", "the submission this edit replaces belongs to another form or organisation")
	}
	// Two edits of the same submission: the second would fork its history.
	if !current {
		return app.Errorf(app.ECONFLICT, "the submission this edit replaces was already replaced by another edit; edit the newest one instead")
	}
	if _, err := tx.exec(ctx, "UPDATE submissions SET is_current = FALSE, review_state = ?, version = version + 1 WHERE id = ?",
		forms.Edited, id); err != nil {
		return dbError(err)
	}
	return nil
}

// SubmissionByID returns a submission with its XML, answers and
// attachments. The read is audited.
func (db *DB) SubmissionByID(ctx context.Context, a app.Actor, id string) (forms.Submission, error) {
	scope, args, err := submissionScope(a)
	if err != nil {
		return forms.Submission{}, err
	}
	var xml, data string
	s, err := scanSubmission(db.queryRow(ctx, "SELECT "+submissionColumns+", s.xml, s.data"+submissionFrom+" WHERE s.id = ?"+scope,
		append([]any{id}, args...)...), &xml, &data)
	s.XML, s.Data = xml, data
	if errors.Is(err, sql.ErrNoRows) {
		return s, app.NotFound("submission")
	}
	if err != nil {
		return s, dbError(err)
	}
	if s.Attachments, err = queryAll(ctx, db, scanAttachment, `SELECT name, content_type, size, sha256 FROM submission_attachments
		WHERE submission_id = ? ORDER BY name`, id); err != nil {
		return s, err
	}
	return s, db.Audit(ctx, a, ActView, "submission", s.ID, s.OrgID, nil)
}

func scanAttachment(row interface{ Scan(...any) error }) (forms.Attachment, error) {
	var at forms.Attachment
	err := row.Scan(&at.Name, &at.ContentType, &at.Size, &at.SHA256)
	return at, err
}

// SubmissionQuery filters the submission list.
type SubmissionQuery struct {
	FormPK      string
	VersionID   string
	CaseID      string
	ReviewState string
	// All includes edited submissions that a newer one replaced.
	All   bool
	Limit int
}

// ListSubmissions lists submissions, newest first, without their answers.
func (db *DB) ListSubmissions(ctx context.Context, a app.Actor, q SubmissionQuery) ([]forms.Submission, error) {
	scope, args, err := submissionScope(a)
	if err != nil {
		return nil, err
	}
	where := " WHERE 1 = 1" + scope
	for _, f := range []struct{ col, val string }{{"s.form_pk", q.FormPK}, {"s.form_version_id", q.VersionID},
		{"s.case_id", q.CaseID}, {"s.review_state", q.ReviewState}} {
		if f.val != "" {
			where += " AND " + f.col + " = ?"
			args = append(args, f.val)
		}
	}
	if !q.All {
		where += " AND s.is_current = TRUE"
	}
	list, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (forms.Submission, error) { return scanSubmission(r) },
		"SELECT "+submissionColumns+submissionFrom+where+" ORDER BY s.received_at DESC, s.id DESC LIMIT ?", append(args, listLimit(q.Limit))...)
	if err != nil {
		return nil, err
	}
	return list, db.Audit(ctx, a, ActView, "submissions", q.FormPK, a.OrgID, map[string]any{"count": len(list), "case": q.CaseID})
}

// ReviewSubmission records a reviewer's decision: approved, rejected with
// a note, or back to received. Reviewers are organisation managers of the
// submitting organisation and programme managers.
func (db *DB) ReviewSubmission(ctx context.Context, a app.Actor, id string, version int, state, note string) (forms.Submission, error) {
	note, err := forms.CheckReview(state, note)
	if err != nil {
		return forms.Submission{}, err
	}
	var s forms.Submission
	err = db.inTx(ctx, func(tx *Tx) error {
		var err error
		s, err = scanSubmission(tx.queryRow(ctx, "SELECT "+submissionColumns+submissionFrom+" WHERE s.id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("submission")
		}
		if err != nil {
			return dbError(err)
		}
		switch {
		case a.Role == app.RoleProgrammeManager:
		case a.Role == app.RoleOrgManager && a.OrgID == s.OrgID:
		case a.SeesReturnees() && (a.AllOrgs() || a.OrgID == s.OrgID), a.UserID != "" && a.UserID == s.SubmittedBy:
			// Whoever may read the submission (its submitter too) is
			// refused, not told it does not exist.
			return app.Errorf(app.EFORBIDDEN, "only managers review submissions")
		default:
			return app.NotFound("submission")
		}
		if !s.Current {
			return app.Errorf(app.ECONFLICT, "this submission was replaced by an edit; review the newer one")
		}
		at := now()
		res, err := tx.exec(ctx, `UPDATE submissions SET review_state = ?, review_note = ?, reviewed_by = ?, reviewed_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, state, note, a.Username, at, id, version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else reviewed this submission since you opened it; reload to see their decision")
		}
		s.ReviewState, s.ReviewNote, s.ReviewedBy, s.ReviewedAt = state, note, a.Username, &at
		s.Version++
		return tx.audit(ctx, a, ActSubmissionReview, "submission", s.ID, s.OrgID, map[string]any{"state": state})
	})
	return s, err
}

// FormDraft is answers saved on the web to finish later. Only the user who
// saved a draft sees it.
type FormDraft struct {
	ID            string    `json:"id"`
	FormVersionID string    `json:"form_version_id"`
	FormID        string    `json:"form_id"`
	Title         string    `json:"title"`
	CaseID        string    `json:"case_id,omitempty"`
	Data          string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
}

const draftColumns = `d.id, d.form_version_id, f.form_id, v.title, COALESCE(d.case_id, ''), d.data, d.created_at, d.updated_at, d.version`

const draftFrom = ` FROM form_drafts d JOIN form_versions v ON v.id = d.form_version_id JOIN forms f ON f.id = v.form_pk`

func scanDraft(row interface{ Scan(...any) error }) (FormDraft, error) {
	var d FormDraft
	err := row.Scan(&d.ID, &d.FormVersionID, &d.FormID, &d.Title, &d.CaseID, &d.Data, &d.CreatedAt, &d.UpdatedAt, &d.Version)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// SaveFormDraft creates a draft (d.ID empty) or replaces its answers
// (d.Version is the version read; a stale one is a conflict, so that two
// tabs cannot overwrite each other's answers unnoticed).
func (db *DB) SaveFormDraft(ctx context.Context, a app.Actor, d FormDraft) (FormDraft, error) {
	if !a.SignedIn() || a.UserID == "" {
		return d, app.Errorf(app.EFORBIDDEN, "sign in to save a draft")
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		at := now()
		if d.ID == "" {
			if d.CaseID != "" {
				if err := tx.checkSubmissionCase(ctx, a, d.CaseID); err != nil {
					return err
				}
			}
			d.ID, d.CreatedAt, d.UpdatedAt, d.Version = NewID(), at, at, 1
			_, err := tx.exec(ctx, `INSERT INTO form_drafts (id, form_version_id, user_id, case_id, data, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, d.ID, d.FormVersionID, a.UserID, nullString(d.CaseID), d.Data, at, at)
			return dbError(err)
		}
		res, err := tx.exec(ctx, "UPDATE form_drafts SET data = ?, updated_at = ?, version = version + 1 WHERE id = ? AND user_id = ? AND version = ?",
			d.Data, at, d.ID, a.UserID, d.Version)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.draftOwnedBy(ctx, a, d.ID); err != nil {
				return err
			}
			return app.Errorf(app.ECONFLICT, "this draft was saved from another window since you opened it; reload it before saving again")
		}
		d.UpdatedAt = at
		d.Version++
		return nil
	})
	return d, err
}

func (tx *Tx) draftOwnedBy(ctx context.Context, a app.Actor, id string) (FormDraft, error) {
	d, err := scanDraft(tx.queryRow(ctx, "SELECT "+draftColumns+draftFrom+" WHERE d.id = ? AND d.user_id = ?", id, a.UserID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, app.NotFound("draft")
	}
	return d, dbError(err)
}

// FormDraftByID returns one of the actor's drafts.
func (db *DB) FormDraftByID(ctx context.Context, a app.Actor, id string) (FormDraft, error) {
	d, err := scanDraft(db.queryRow(ctx, "SELECT "+draftColumns+draftFrom+" WHERE d.id = ? AND d.user_id = ?", id, a.UserID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, app.NotFound("draft")
	}
	return d, dbError(err)
}

// FormDrafts lists the actor's drafts, most recently saved first.
func (db *DB) FormDrafts(ctx context.Context, a app.Actor) ([]FormDraft, error) {
	return queryAll(ctx, db, scanDraft, "SELECT "+draftColumns+draftFrom+" WHERE d.user_id = ? ORDER BY d.updated_at DESC", a.UserID)
}

// DeleteFormDraft removes one of the actor's drafts, as when it has been
// submitted or abandoned.
func (db *DB) DeleteFormDraft(ctx context.Context, a app.Actor, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM form_drafts WHERE id = ? AND user_id = ?", id, a.UserID)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return app.NotFound("draft")
		}
		return nil
	})
}
