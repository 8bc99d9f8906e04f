package collect

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// FormUploadRequest is an XLSForm upload as the upload page and the API
// receive it.
type FormUploadRequest struct {
	FileName string
	Data     []byte
	Options  UploadOptions
}

// formUploadSlack is room for the fields and multipart framing around the
// workbook itself.
const formUploadSlack = 1 << 20

// FormUploadFrom reads an upload sent as multipart/form-data: the workbook
// in a part named "file", and the fields purpose, org_id and case_bound
// (which apply when the upload creates the form). The workbook's content
// is checked by Upload; here only its presence and size.
func FormUploadFrom(w http.ResponseWriter, r *http.Request) (FormUploadRequest, error) {
	var up FormUploadRequest
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return up, app.FieldError("file", "send the XLSForm workbook (.xlsx) as multipart/form-data, in a part named file")
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxWorkbookBytes+formUploadSlack)
	if err := r.ParseMultipartForm(MaxWorkbookBytes + formUploadSlack); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return up, formTooLarge()
		}
		return up, app.FieldError("file", "the upload was interrupted or is not a valid form submission: try again")
	}
	defer r.MultipartForm.RemoveAll()
	var v app.Validation
	field := func(name string) string {
		vals := r.MultipartForm.Value[name]
		if len(vals) == 0 {
			return ""
		}
		s := strings.TrimSpace(vals[0])
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || len(s) > 200 {
			v.Add(name, "remove the characters that are not text")
			return ""
		}
		return s
	}
	if p := field("purpose"); p != "" {
		if err := forms.CheckPurpose(p); err != nil {
			v.Merge(err)
		}
		up.Options.Purpose = p
	}
	up.Options.OrgID = field("org_id")
	switch strings.ToLower(field("case_bound")) {
	case "", "0", "false", "off", "no":
	case "1", "true", "on", "yes":
		up.Options.CaseBound = true
	default:
		v.Add("case_bound", "use true or false")
	}
	files := r.MultipartForm.File["file"]
	if len(files) == 0 || files[0].Size == 0 {
		v.Add("file", "choose the XLSForm workbook (.xlsx) to upload")
	} else if files[0].Size > MaxWorkbookBytes {
		return up, formTooLarge()
	}
	if err := v.Err(); err != nil {
		return up, err
	}
	f, err := files[0].Open()
	if err != nil {
		return up, app.Internal(err)
	}
	defer f.Close()
	if up.Data, err = io.ReadAll(f); err != nil {
		return up, app.Internal(err)
	}
	up.FileName = formFileName(files[0].Filename)
	return up, nil
}

func formTooLarge() error {
	return &app.Error{Code: app.ETOOLARGE, Message: "the workbook is larger than 10 MB; remove unused sheets or pictures and try again",
		Fields: map[string]string{"file": "the workbook is larger than 10 MB; remove unused sheets or pictures and try again"}}
}

// formFileName keeps the name of the file without its folders (some
// browsers send the whole path), as text that can be stored.
func formFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if !utf8.ValidString(name) || strings.ContainsRune(name, 0) || name == "." || name == "/" || name == "" {
		return "form.xlsx"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	return name
}
