package openrosa

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
)

// xformsList is the Form List API's response document.
type xformsList struct {
	XMLName xml.Name    `xml:"http://openrosa.org/xforms/xformsList xforms"`
	Forms   []xformItem `xml:"xform"`
}

type xformItem struct {
	FormID      string `xml:"formID"`
	Name        string `xml:"name"`
	Version     string `xml:"version"`
	Hash        string `xml:"hash"`
	DownloadURL string `xml:"downloadUrl"`
	// ManifestURL is given only for forms with media or data files (see
	// manifest.go); for the others the element is left out, as the spec
	// requires.
	ManifestURL string `xml:"manifestUrl,omitempty"`
}

// formList answers the Form List API: the published versions the user may
// collect (store.CollectableForms), optionally only one formID. Every
// hosted version is the published one, so listAllVersions lists the same;
// verbose adds nothing, as forms carry no description.
func (h *Handler) formList(w http.ResponseWriter, r *http.Request, q request) {
	versions, err := h.d.DB.CollectableForms(r.Context(), q.actor)
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	withMedia, err := h.d.DB.PublishedWithMedia(r.Context(), q.actor)
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	only := strings.TrimSpace(r.URL.Query().Get("formID"))
	list := xformsList{Forms: []xformItem{}}
	for _, v := range versions {
		if only != "" && v.FormID != only {
			continue
		}
		name := v.Title
		if name == "" {
			name = v.FormID
		}
		item := xformItem{FormID: v.FormID, Name: name, Version: v.FormVersion, Hash: v.XFormHash,
			DownloadURL: q.base + "/xforms/" + v.ID + ".xml"}
		if withMedia[v.ID] {
			item.ManifestURL = manifestURL(q.base, v.ID)
		}
		list.Forms = append(list.Forms, item)
	}
	writeXML(w, r, q, list)
}

// download serves a version's XForm to whoever may collect it, retired
// versions too (collectableVersion).
func (h *Handler) download(w http.ResponseWriter, r *http.Request, q request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	if !ok {
		writeError(w, r, q.lang, app.NotFound("form"))
		return
	}
	v, err := h.collectableVersion(r, q, id)
	var xform string
	if err == nil {
		_, xform, err = h.d.DB.FormVersionFiles(r.Context(), q.actor, v.ID)
	}
	if err != nil {
		writeError(w, r, q.lang, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write([]byte(xform))
}
