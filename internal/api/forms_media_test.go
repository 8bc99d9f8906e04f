package api_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

// mediaPut attaches a file through PUT /form-versions/{id}/media/{name}.
func (a *client) mediaPut(token, versionID, name, contentType string, data []byte) *resp {
	a.t.Helper()
	h := http.Header{"Content-Type": {contentType}}
	r := send(a.t, a.e, token, http.MethodPut, "/api/v1/form-versions/"+versionID+"/media/"+url.PathEscape(name), string(data), h)
	a.conform(http.MethodPut, "/form-versions/{id}/media/{name}", r)
	return r
}

// TestFormMediaThroughTheAPI: the files of a draft are listed, attached
// (with the refusals: unknown name, a path, oversize, a CSV without its
// name column, a role that may not), downloaded, removed; publishing waits
// for every file, and a published version's files are frozen.
func TestFormMediaThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		pm, worker := e.Token("pm"), e.Token("bnsk.worker")
		v, err := e.Server.Forms.Upload(bgCtx, e.Users["pm"].Actor(), "media.xlsx", servertest.MediaFormWorkbook(t, "media_form", "1"), collect.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		id := map[string]string{"id": v.ID}
		r := a.do(worker, http.MethodGet, "/form-versions/{id}/media", id, "", "")
		items := r.Items(t)
		if r.Status != 200 || len(items) != 2 || items[0]["name"] != "fruits.csv" || items[0]["attached"] != false {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		r = a.do(pm, http.MethodPost, "/form-versions/{id}/publish", id, "", jsonBody(map[string]any{"version": v.Version}))
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "fruits.csv, logo.png") {
			t.Errorf("publishing with files missing: %d %s", r.Status, r.Body)
		}

		png := []byte("\x89PNG\r\n\x1a\nlogo")
		if r := a.mediaPut(worker, v.ID, "logo.png", "image/png", png); r.Status != http.StatusForbidden {
			t.Errorf("case worker attaching: %d %s", r.Status, r.Body)
		}
		if r := a.mediaPut(pm, v.ID, "other.png", "image/png", png); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "other.png") {
			t.Errorf("unknown name: %d %s", r.Status, r.Body)
		}
		if r := a.mediaPut(pm, v.ID, "../logo.png", "image/png", png); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a path as the name: %d %s", r.Status, r.Body)
		}
		if r := a.mediaPut(pm, v.ID, "logo.png", "image/png", bytes.Repeat([]byte("x"), store.MaxFormMediaBytes+1)); r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversize: %d %.200s", r.Status, r.Body)
		}
		r = a.mediaPut(pm, v.ID, "fruits.csv", "text/csv", []byte("label,colour\nMango,yellow\n"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "fruits.csv") || !strings.Contains(r.Body, "column name") {
			t.Errorf("a CSV without a name column: %d %s", r.Status, r.Body)
		}
		r = a.mediaPut(pm, v.ID, "logo.png", "image/png", png)
		sum := md5.Sum(png)
		if m := r.JSON(t); r.Status != 200 || m["attached"] != true || m["md5"] != hex.EncodeToString(sum[:]) || m["content_type"] != "image/png" {
			t.Fatalf("attach: %d %s", r.Status, r.Body)
		}
		got := send(t, e, worker, http.MethodGet, "/api/v1/form-versions/"+v.ID+"/media/logo.png", "", nil)
		if got.Status != 200 || got.Body != string(png) || got.Header.Get("Content-Type") != "image/png" {
			t.Errorf("download: %d %s", got.Status, got.Header.Get("Content-Type"))
		}
		// Removing a draft's file makes it missing again.
		name := map[string]string{"id": v.ID, "name": "logo.png"}
		if r := a.do(pm, http.MethodDelete, "/form-versions/{id}/media/{name}", name, "", ""); r.Status != http.StatusNoContent {
			t.Errorf("detach: %d %s", r.Status, r.Body)
		}
		if r := a.do(worker, http.MethodGet, "/form-versions/{id}/media/{name}", name, "", ""); r.Status != http.StatusNotFound {
			t.Errorf("download of a detached file: %d", r.Status)
		}
		for file, data := range map[string][]byte{"logo.png": png, "fruits.csv": []byte(servertest.FruitsCSV)} {
			if r := a.mediaPut(pm, v.ID, file, "application/octet-stream", data); r.Status != 200 {
				t.Fatalf("attach %s: %d %s", file, r.Status, r.Body)
			}
		}
		if r := a.do(pm, http.MethodPost, "/form-versions/{id}/publish", id, "", jsonBody(map[string]any{"version": v.Version})); r.Status != 200 {
			t.Fatalf("publish with every file: %d %s", r.Status, r.Body)
		}
		// A published version's files are frozen.
		if r := a.mediaPut(pm, v.ID, "logo.png", "image/png", []byte("\x89PNG another")); r.Status != http.StatusConflict {
			t.Errorf("replacing on a published version: %d %s", r.Status, r.Body)
		}
		if r := a.do(pm, http.MethodDelete, "/form-versions/{id}/media/{name}", name, "", ""); r.Status != http.StatusConflict {
			t.Errorf("removing on a published version: %d %s", r.Status, r.Body)
		}
	})
}
