package openrosa

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
)

// The manifest of the Form List API: the files a form version refers to
// (images, audio, video, CSV and XML data), each with its own hash, so a
// device downloads only what changed. The form's <hash> in the form list
// is the XForm's alone, as the spec has it; a version's files never change
// once it is published (store.AttachFormMedia), so a device that has a
// version has its files too.

// manifest is the manifest document.
type manifest struct {
	XMLName xml.Name    `xml:"http://openrosa.org/xforms/xformsManifest manifest"`
	Files   []mediaFile `xml:"mediaFile"`
}

type mediaFile struct {
	Filename    string `xml:"filename"`
	Hash        string `xml:"hash"`
	DownloadURL string `xml:"downloadUrl"`
}

// manifestURL is where the manifest of a version is.
func manifestURL(base, versionID string) string {
	return base + "/xforms/" + versionID + "/manifest"
}

// mediaURL is where one file of a version is.
func mediaURL(base, versionID, name string) string {
	return base + "/xforms/" + versionID + "/media/" + url.PathEscape(name)
}

// collectableVersion returns the version id if the user may collect it,
// else not found: a device learns nothing of forms it may not fill in.
// Retired versions are served too: a device may hold a submission of one
// and need the form, and its files, again to edit it.
func (h *Handler) collectableVersion(r *http.Request, q request, id string) (forms.Version, error) {
	ctx := r.Context()
	v, err := h.d.DB.FormVersionByID(ctx, q.actor, id)
	if err == nil && !v.Collectable() {
		err = app.NotFound("form")
	}
	if err == nil {
		var may bool
		if may, err = h.d.DB.MayCollect(ctx, q.actor, v.FormPK); err == nil && !may {
			err = app.NotFound("form")
		}
	}
	return v, err
}

// manifest serves the manifest of a version the user may collect.
func (h *Handler) manifest(w http.ResponseWriter, r *http.Request, q request) {
	v, err := h.collectableVersion(r, q, r.PathValue("id"))
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	files, err := h.d.DB.FormMediaList(r.Context(), q.actor, v.ID)
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	doc := manifest{Files: []mediaFile{}}
	for _, m := range files {
		if !m.Attached {
			continue // cannot happen once published; a device must not be sent to a 404
		}
		doc.Files = append(doc.Files, mediaFile{Filename: m.Name, Hash: m.Hash(), DownloadURL: mediaURL(q.base, v.ID, m.Name)})
	}
	writeXML(w, r, q, doc)
}

// writeXML answers with a document of the Form List API.
func writeXML(w http.ResponseWriter, r *http.Request, q request, doc any) {
	body, err := xml.Marshal(doc)
	if err != nil {
		writeError(w, r, q.lang, app.Internal(err))
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(xml.Header))
	w.Write(body)
}

// media serves one file of a version the user may collect.
func (h *Handler) media(w http.ResponseWriter, r *http.Request, q request) {
	v, err := h.collectableVersion(r, q, r.PathValue("id"))
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	m, content, err := h.d.DB.FormMediaFile(r.Context(), q.actor, v.ID, r.PathValue("name"))
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", m.ContentType)
	hd.Set("Content-Length", strconv.Itoa(len(content)))
	hd.Set("ETag", `"`+m.MD5+`"`)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	w.Write(content)
}
