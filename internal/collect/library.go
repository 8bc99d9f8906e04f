// Package collect is data collection with forms: it reads uploaded
// XLSForms, makes their XForms, keeps the built-in forms loaded, and turns
// what people submit (on the web or from ODK Collect over OpenRosa) into
// stored submissions. The rules of forms live in internal/forms; storage
// in internal/store; this package puts them together.
package collect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/xform"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/store"
)

// MaxWorkbookBytes bounds an uploaded XLSForm. Real questionnaires are a
// few hundred kilobytes; the scoping study's, with every upazila, 1 MB.
const MaxWorkbookBytes = 10 << 20

// Library uploads forms and hands out their parsed definitions, which it
// keeps in memory: a published version never changes, and reading a
// workbook for every submission would be the slowest part of ingest.
type Library struct {
	DB *store.DB

	mu     sync.Mutex
	models map[string]*xlsform.Form // by form version ID
}

// NewLibrary returns a library over db.
func NewLibrary(db *store.DB) *Library {
	return &Library{DB: db, models: map[string]*xlsform.Form{}}
}

// UploadOptions apply when an upload creates a form.
type UploadOptions struct {
	Purpose   string
	OrgID     string
	CaseBound bool
	builtIn   bool
}

// Upload reads a workbook, checks it, makes its XForm and stores it as a
// draft version. A workbook with problems is refused whole: the error is
// an *xlsform.Error listing every problem with sheet, row and column.
// A form without a version on its settings sheet gets one from the clock
// (yyyymmddHHMM, Dhaka time), as ODK tools do, so that devices can tell
// uploads apart.
func (l *Library) Upload(ctx context.Context, a app.Actor, fileName string, data []byte, opts UploadOptions) (forms.Version, error) {
	if len(data) == 0 {
		return forms.Version{}, app.FieldError("file", "choose the XLSForm workbook (.xlsx) to upload")
	}
	if len(data) > MaxWorkbookBytes {
		return forms.Version{}, app.FieldError("file", "the workbook is larger than 10 MB; remove unused sheets or pictures and try again")
	}
	f, err := forms.Read(data, fileName)
	if err != nil {
		return forms.Version{}, err
	}
	if strings.TrimSpace(f.Version) == "" {
		f.Version = time.Now().In(i18n.Dhaka).Format("200601021504")
	}
	xf, err := xform.Convert(f)
	if err != nil {
		return forms.Version{}, err
	}
	// The files the form refers to are attached to the draft afterwards
	// (AttachMedia); their names must be ones a device can save.
	if p := mediaNameProblems(xf.MediaFiles); len(p) > 0 {
		return forms.Version{}, &xlsform.Error{Problems: p}
	}
	def, err := readScoring(f, data)
	if err != nil {
		return forms.Version{}, err
	}
	sum := sha256.Sum256(data)
	v, err := l.DB.AddFormVersion(ctx, a, store.FormUpload{Scoring: def, FormID: f.ID, Title: f.Title, FormVersion: f.Version,
		DefaultLanguage: f.DefaultLanguage, Languages: f.Languages, Questions: countQuestions(f.Root), FileName: fileName,
		Source: data, SourceSHA256: hex.EncodeToString(sum[:]), XForm: string(xf.XML), XFormHash: xf.Hash,
		Purpose: opts.Purpose, OrgID: opts.OrgID, CaseBound: opts.CaseBound, BuiltIn: opts.builtIn,
		Media: xf.MediaFiles})
	if err != nil {
		return v, err
	}
	// itemsets.csv is made from the workbook's external_choices sheet, as
	// pyxform makes it, rather than asked of the uploader.
	if slices.Contains(xf.MediaFiles, "itemsets.csv") {
		if data := itemsetsCSV(f); len(data) > 0 {
			if _, err := l.DB.AttachFormMedia(ctx, a, v.ID, "itemsets.csv", "text/csv", data); err != nil {
				return v, err
			}
		}
	}
	return v, nil
}

// countQuestions counts what a person answers: every question that is not
// a group, a repeat, a note or a calculation.
func countQuestions(n *xlsform.Node) int {
	if n == nil {
		return 0
	}
	c := 0
	for _, ch := range n.Children {
		switch ch.Type {
		case xlsform.TypeGroup, xlsform.TypeRepeat:
			c += countQuestions(ch)
		case xlsform.TypeNote, xlsform.TypeCalculate:
		default:
			if !ch.Generated {
				c++
			}
		}
	}
	return c
}

// Model returns the parsed form of a version, read once and kept.
func (l *Library) Model(ctx context.Context, a app.Actor, versionID string) (*xlsform.Form, error) {
	l.mu.Lock()
	f, ok := l.models[versionID]
	l.mu.Unlock()
	if ok {
		return f, nil
	}
	src, _, err := l.DB.FormVersionFiles(ctx, a, versionID)
	if err != nil {
		return nil, err
	}
	v, err := l.DB.FormVersionByID(ctx, a, versionID)
	if err != nil {
		return nil, err
	}
	if f, err = forms.Read(src, v.FileName); err != nil {
		return nil, fmt.Errorf("form version %s no longer reads: %w", versionID, err)
	}
	// The version the store knows is the one the XForm carries, also when
	// it was given at upload because the workbook had none.
	f.Version = v.FormVersion
	if err := l.applyFileChoices(ctx, a, versionID, f); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.models[versionID] = f
	l.mu.Unlock()
	return f, nil
}

// LoadBuiltins stores the forms Remaker ships, each version once, and
// publishes a built-in version unless someone has published their own
// version of that form since: an uploaded replacement stays in force.
func (l *Library) LoadBuiltins(ctx context.Context) (loaded int, err error) {
	a := app.System
	for _, b := range builtin.All() {
		f, err := forms.Read(b.XLSX, b.FileName)
		if err != nil {
			return loaded, fmt.Errorf("built-in form %s: %w", b.Name, err)
		}
		if _, err := l.DB.FormVersionByNumber(ctx, a, f.ID, f.Version); err == nil {
			continue
		} else if app.ErrorCode(err) != app.ENOTFOUND {
			return loaded, err
		}
		v, err := l.Upload(ctx, a, b.FileName, b.XLSX, UploadOptions{Purpose: b.Purpose, CaseBound: b.CaseBound, builtIn: true})
		if err != nil {
			return loaded, fmt.Errorf("built-in form %s: %w", b.Name, err)
		}
		form, err := l.DB.FormByID(ctx, a, v.FormPK)
		if err != nil {
			return loaded, err
		}
		if form.Published == nil || form.Published.UploadedBy == "" {
			if _, err := l.DB.PublishFormVersion(ctx, a, v.ID, v.Version); err != nil {
				return loaded, fmt.Errorf("built-in form %s: %w", b.Name, err)
			}
		}
		loaded++
	}
	return loaded, nil
}

// ProblemsOf returns the problems of a refused upload, or nil when err is
// not about the workbook's content.
func ProblemsOf(err error) []xlsform.Problem {
	var xe *xlsform.Error
	if errors.As(err, &xe) {
		return xe.Problems
	}
	return nil
}
