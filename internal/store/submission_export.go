package store

import (
	"context"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// SubmissionExport returns a form's submissions with their answers, oldest
// first, for an export, and records one "export" entry in the audit trail
// with the filter, the format and the number of submissions. It reads what
// the submission list shows for the same filter (q.FormPK is required),
// but only for roles that read returnees' records: an export leaves the
// system, so enumerators, who see what they collected, do not take it away.
// More than MaxExportRows submissions is refused before any is read.
func (db *DB) SubmissionExport(ctx context.Context, a app.Actor, q SubmissionQuery, format string) ([]forms.Submission, error) {
	if !a.SeesReturnees() {
		return nil, app.Errorf(app.EFORBIDDEN, "your role cannot export submissions")
	}
	if q.FormPK == "" {
		return nil, app.NotFound("form")
	}
	scope, args, err := submissionScope(a)
	if err != nil {
		return nil, err
	}
	where := " WHERE s.form_pk = ?" + scope
	args = append([]any{q.FormPK}, args...)
	filter := map[string]any{}
	for _, f := range []struct{ col, name, val string }{{"s.form_version_id", "version", q.VersionID},
		{"s.review_state", "review_state", q.ReviewState}} {
		if f.val != "" {
			where += " AND " + f.col + " = ?"
			args = append(args, f.val)
			filter[f.name] = f.val
		}
	}
	if q.All {
		filter["include_edited"] = true
	} else {
		where += " AND s.is_current = TRUE"
	}
	list, err := queryAll(ctx, db, func(r interface{ Scan(...any) error }) (forms.Submission, error) {
		var data string
		s, err := scanSubmission(r, &data)
		s.Data = data
		return s, err
	}, "SELECT "+submissionColumns+", s.data"+submissionFrom+where+" ORDER BY s.received_at, s.id LIMIT ?",
		append(args, MaxExportRows+1)...)
	if err != nil {
		return nil, err
	}
	if len(list) > MaxExportRows {
		return nil, app.Errorf(app.EINVALID, "more than %d submissions match: choose a version or a review state and export in parts", MaxExportRows)
	}
	org := a.OrgID
	if a.AllOrgs() {
		org = ""
	}
	return list, db.Audit(ctx, a, ActExport, "submission", q.FormPK, org,
		map[string]any{"format": format, "filter": filter, "rows": len(list)})
}
