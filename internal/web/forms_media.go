package web

// Form media on the web: the files each version of a form refers to (its
// pictures, audio, video and data files), on the form's page, with their
// upload, replacement and removal for drafts, and their downloads; and the
// pictures of a form being filled in on the web. The rules are in
// internal/collect/form_media.go and internal/store/form_media.go.

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/store"
)

func (ui *UI) registerFormMedia(mux *http.ServeMux) {
	mux.HandleFunc("GET /form-versions/{id}/media/{name}", ui.formMediaDownload)
	mux.HandleFunc("POST /form-versions/{id}/media/{name}", ui.formMediaUpload)
	mux.HandleFunc("POST /form-versions/{id}/media/{name}/remove", ui.formMediaRemove)
	mux.HandleFunc("GET /fill/{id}/media/{name}", ui.fillMedia)
}

// formMediaVersion is a version's files on the form's page.
type formMediaVersion struct {
	Version forms.Version
	Files   []store.FormMedia
	Missing []string
	// CanChange: the reader manages the form and the version is a draft.
	CanChange bool
}

// formMediaOf lists the files of the versions that refer to any.
func (ui *UI) formMediaOf(r *http.Request, a app.Actor, d *formPageData) error {
	for _, v := range d.Versions {
		files, err := ui.DB.FormMediaList(r.Context(), a, v.ID)
		if err != nil {
			return err
		}
		if len(files) == 0 {
			continue
		}
		mv := formMediaVersion{Version: v, Files: files, CanChange: d.CanManage && v.State == forms.Draft}
		for _, f := range files {
			if !f.Attached {
				mv.Missing = append(mv.Missing, f.Name)
			}
		}
		d.Media = append(d.Media, mv)
	}
	return nil
}

// FormMediaPath is the address of a version's file.
func (p *Page) FormMediaPath(versionID, name string) string {
	return "/form-versions/" + versionID + "/media/" + url.PathEscape(name)
}

// FormMediaMissing lists missing files for a sentence.
func (p *Page) FormMediaMissing(names []string) string { return strings.Join(names, ", ") }

// formMediaSlack is room for the multipart framing around the file.
const formMediaSlack = 1 << 20

// formMediaUpload attaches the file posted (multipart, part "file") under
// the name in the path, whatever the browser calls it.
func (ui *UI) formMediaUpload(w http.ResponseWriter, r *http.Request) {
	a, v, ok := ui.formMediaTarget(w, r)
	if !ok {
		return
	}
	if f, err := ui.DB.FormByID(r.Context(), a, v.FormPK); err != nil || !forms.ManagesForms(a, f.OrgID) {
		ui.Forbidden(w, r)
		return
	}
	name := r.PathValue("name")
	data, ctype, err := formMediaRead(w, r)
	if err == nil {
		_, err = ui.Forms.AttachMedia(r.Context(), a, v.ID, name, ctype, data)
	}
	ui.formMediaDone(w, r, a, v, err, "form.flash.media_attached")
}

// formMediaRead reads the part "file" of a multipart upload.
func formMediaRead(w http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, collect.MaxMediaBytes+formMediaSlack)
	if err := r.ParseMultipartForm(collect.MaxMediaBytes + formMediaSlack); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return nil, "", &app.Error{Code: app.ETOOLARGE, Message: "the file is larger than 10 MB; make it smaller (for example a smaller picture) and try again"}
		}
		return nil, "", app.FieldError("file", "choose a file to upload; an empty file cannot be attached")
	}
	defer r.MultipartForm.RemoveAll()
	files := r.MultipartForm.File["file"]
	if len(files) == 0 {
		return nil, "", app.FieldError("file", "choose a file to upload; an empty file cannot be attached")
	}
	f, err := files[0].Open()
	if err != nil {
		return nil, "", app.Internal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, collect.MaxMediaBytes+1))
	if err != nil {
		return nil, "", app.Internal(err)
	}
	return data, files[0].Header.Get("Content-Type"), nil
}

// formMediaRemove removes a draft's file.
func (ui *UI) formMediaRemove(w http.ResponseWriter, r *http.Request) {
	if a, v, ok := ui.formMediaTarget(w, r); ok {
		err := ui.Forms.DetachMedia(r.Context(), a, v.ID, r.PathValue("name"))
		ui.formMediaDone(w, r, a, v, err, "form.flash.media_removed")
	}
}

// formMediaTarget reads the signed-in actor and the version in the path.
func (ui *UI) formMediaTarget(w http.ResponseWriter, r *http.Request) (app.Actor, forms.Version, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return app.Actor{}, forms.Version{}, false
	}
	a := ui.actor(r, pr)
	v, err := ui.DB.FormVersionByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		ui.fail(w, r, err)
		return a, v, false
	}
	return a, v, true
}

// formMediaDone goes back to the form's files, or shows the page with
// what went wrong.
func (ui *UI) formMediaDone(w http.ResponseWriter, r *http.Request, a app.Actor, v forms.Version, err error, flash string) {
	switch app.ErrorCode(err) {
	case "":
		ui.redirect(w, r, "/forms/"+v.FormPK+"#media", flash)
	case app.EINVALID, app.ECONFLICT, app.ETOOLARGE:
		p := ui.newPage(w, r, "form.page_title")
		p.Error = app.MessageIn(p.Lang, err)
		// The page has no field to highlight: a plain field error says
		// what is wrong in its field's message.
		var e *app.Error
		if errors.As(err, &e) && e.Message == app.FieldError("", "").Message && e.Fields["file"] != "" {
			p.Error = app.FieldsIn(p.Lang, err)["file"]
		}
		ui.showFormPage(w, r, a, httpx.Status(err), p, v.FormPK)
	default:
		ui.fail(w, r, err)
	}
}

// formMediaDownload downloads a version's file, for everyone who reads
// forms.
func (ui *UI) formMediaDownload(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	m, data, err := ui.DB.FormMediaFile(r.Context(), ui.actor(r, pr), r.PathValue("id"), r.PathValue("name"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	formMediaSend(w, m, "attachment", data)
}

// formMediaSend writes a form file. It is the uploader's content: the
// browser must not guess its type, and a picture that is really a page
// (an SVG with a script) runs in a sandbox with nothing to reach.
func formMediaSend(w http.ResponseWriter, m store.FormMedia, disposition string, data []byte) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	formSend(w, m.ContentType, disposition, m.Name, data)
}

// fillMedia serves a picture (or other file) of a form being filled in on
// the web, to those who may fill the form in.
func (ui *UI) fillMedia(w http.ResponseWriter, r *http.Request) {
	a, ok := ui.fillActor(w, r)
	if !ok {
		return
	}
	fs, err := ui.fillOpen(r, a, r.PathValue("id"), true)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	m, data, err := ui.DB.FormMediaFile(r.Context(), a, fs.version.ID, r.PathValue("name"))
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	disposition := "attachment"
	switch m.ContentType {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		disposition = "inline"
	}
	formMediaSend(w, m, disposition, data)
}

// FormMediaSize is a file's size in kilobytes, rounded up.
func (p *Page) FormMediaSize(n int64) string { return p.T("form.media_kb", p.Num((n+1023)/1024)) }
