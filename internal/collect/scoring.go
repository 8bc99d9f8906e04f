package collect

import (
	"context"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/scoring"
	"github.com/remaker-bd/remaker/internal/store"
)

// Scoring definitions travel in the XLSForm (see docs/SCORING.md). A form
// version's workbook may carry one: Upload reads it with the form and the
// store makes it the form's new scoring version when it differs from the
// current one. Replacing the weights alone is a scoring workbook upload.

// readScoring reads the scoring definition of a form's own workbook: nil
// when it has none, an *xlsform.Error listing every problem when it is
// wrong.
func readScoring(f *xlsform.Form, data []byte) (*scoring.Definition, error) {
	return scoring.Read(f, data)
}

// UploadScoring reads a scoring workbook (the score columns of its survey
// and choices sheets and its scoring sheet), checks it against the
// questions of the form's published version and stores it as the form's
// new scoring version. A workbook with problems changes nothing: the
// error is an *xlsform.Error listing every one. created is false when the
// definition equals the current scoring version.
func (l *Library) UploadScoring(ctx context.Context, a app.Actor, formPK, fileName string, data []byte) (store.ScoringVersion, bool, error) {
	var none store.ScoringVersion
	switch {
	case len(data) == 0:
		return none, false, app.FieldError("file", "choose the scoring workbook (.xlsx) to upload")
	case len(data) > MaxWorkbookBytes:
		return none, false, app.FieldError("file", "the workbook is larger than 10 MB; remove unused sheets or pictures and try again")
	}
	f, err := l.DB.FormByID(ctx, a, formPK)
	if err != nil {
		return none, false, err
	}
	if f.Published == nil {
		return none, false, app.FieldError("file", "this form has no published version to check the scoring against; publish a version first")
	}
	model, err := l.Model(ctx, a, f.Published.ID)
	if err != nil {
		return none, false, err
	}
	def, err := scoring.Read(model, data)
	if err != nil {
		return none, false, err
	}
	return l.DB.AddScoringVersion(ctx, a, formPK, fileName, def)
}
