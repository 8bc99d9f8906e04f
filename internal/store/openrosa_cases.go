package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// OpenRosaCaseByReference finds the case a device submission names in its
// case reference question, for forms bound to cases: a case of the
// submitter's own organisation, which they may write to. It returns ""
// when the form is not case-bound, the actor does not work on cases, or no
// such case exists: the submission is then stored unbound rather than lost.
func (db *DB) OpenRosaCaseByReference(ctx context.Context, a app.Actor, formPK, reference string) (string, error) {
	reference = strings.ToUpper(strings.TrimSpace(reference))
	if reference == "" || !a.WritesCases() || a.OrgID == "" {
		return "", nil
	}
	var id string
	err := db.queryRow(ctx, `SELECT c.id FROM cases c JOIN forms f ON f.id = ? AND f.case_bound = TRUE
		WHERE c.reference = ? AND c.org_id = ?`, formPK, reference, a.OrgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, dbError(err)
}

// OpenRosaAddAttachments records attachments that arrive after their
// submission: a device splits a large submission into several POSTs, each
// with the same XML and some of the files. Files already recorded under
// the same name are kept as they are. It reports how many were added.
func (db *DB) OpenRosaAddAttachments(ctx context.Context, a app.Actor, s forms.Submission, list []forms.Attachment) (int, error) {
	if len(list) == 0 {
		return 0, nil
	}
	if s.SubmittedBy != a.UserID && (s.OrgID != a.OrgID || a.OrgID == "") {
		return 0, app.Errorf(app.EFORBIDDEN, "this submission was sent by someone else; only they can add its files")
	}
	added := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		added = 0
		have := map[string]bool{}
		rows, err := tx.query(ctx, "SELECT name FROM submission_attachments WHERE submission_id = ?", s.ID)
		if err != nil {
			return dbError(err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return dbError(err)
			}
			have[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		for _, at := range list {
			if have[at.Name] {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO submission_attachments (submission_id, name, content_type, size, sha256)
				VALUES (?, ?, ?, ?, ?)`, s.ID, at.Name, at.ContentType, at.Size, at.SHA256); err != nil {
				return dbError(err)
			}
			have[at.Name] = true
			added++
		}
		if added == 0 {
			return nil
		}
		return tx.audit(ctx, a, ActUpdate, "submission", s.ID, s.OrgID, map[string]any{"attachments_added": added})
	})
	return added, err
}
