package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/servertest"
)

var mediaPNG = []byte("\x89PNG\r\n\x1a\nlogo")

// mediaUpload uploads the media form for org as its manager.
func mediaUpload(t *testing.T, e *servertest.Env, org, formID, version string) forms.Version {
	t.Helper()
	owner := "pm"
	opts := collect.UploadOptions{}
	if org != "" {
		owner, opts.OrgID = strings.ToLower(org)+".manager", e.Orgs[org].ID
	}
	v, err := e.Server.Forms.Upload(bg, e.Users[owner].Actor(), formID+".xlsx", servertest.MediaFormWorkbook(t, formID, version), opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mediaAttachAll attaches the media form's two files.
func mediaAttachAll(t *testing.T, e *servertest.Env, v forms.Version) {
	t.Helper()
	for name, data := range map[string][]byte{"logo.png": mediaPNG, "fruits.csv": []byte(servertest.FruitsCSV)} {
		if _, err := e.Server.Forms.AttachMedia(bg, pmActor(e), v.ID, name, "", data); err != nil {
			t.Fatal(err)
		}
	}
}

// mediaFresh returns a target: a new BNSK media form's version for the
// cell, with its files attached and published when asked.
func mediaFresh(attach, publish bool) func(c *cell) string {
	return func(c *cell) string {
		v := mediaUpload(c.t, c.e, "BNSK", fmt.Sprintf("media_matrix_%d", c.n), "1")
		if attach {
			mediaAttachAll(c.t, c.e, v)
		}
		if publish {
			v = formPublish(c.t, c.e, v)
		}
		return v.ID
	}
}

func mediaName(name string) func(c *cell) map[string]string {
	return func(c *cell) map[string]string { return map[string]string{"name": name} }
}

func mediaAttached(c *cell) bool {
	_, _, err := c.e.DB.FormMediaFile(bg, pmActor(c.e), c.target, "logo.png")
	return err == nil
}

// formMediaMatrix: every route of forms_media.go, as every actor. Files
// are read by everyone who reads forms; changed by those who manage the
// form; a form's pictures on the web by those who may fill it in.
var formMediaMatrix = []accessRoute{
	//      anon  admin pm    view  bnsk  bnsk  bnsk  warbe warbe
	//                              mgr   wrkr  enum  mgr   wrkr
	{want: "SI    OK    OK    OK    OK    OK    OK    OK    OK",
		method: "GET", path: "/form-versions/{id}/media/{name}", note: "attached", target: mediaFresh(true, false), params: mediaName("logo.png")},
	{want: "SI    NF    NF    NF    NF    NF    NF    NF    NF",
		method: "GET", path: "/form-versions/{id}/media/{name}", note: "missing", target: mediaFresh(false, false), params: mediaName("logo.png")},
	{want: "SI    UE    UE    NO    UE    NO    NO    NO    NO",
		method: "POST", path: "/form-versions/{id}/media/{name}", note: "not a multipart upload", target: mediaFresh(false, false),
		params: mediaName("logo.png"), form: form("x", "y"), applied: mediaAttached},
	{want: "SI    GO    GO    NO    GO    NO    NO    NO    NO",
		method: "POST", path: "/form-versions/{id}/media/{name}/remove", note: "BNSK's draft", target: mediaFresh(true, false),
		params: mediaName("logo.png"), applied: func(c *cell) bool { return !mediaAttached(c) }},
	{want: "SI    NO    NO    NO    OK    OK    NO    NO    NO",
		method: "GET", path: "/fill/{id}/media/{name}", note: "BNSK's published form", target: mediaFresh(true, true), params: mediaName("logo.png")},
}

func TestWebFormMediaRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, formMediaMatrix)
}

func TestWebFormMediaMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, formMediaMatrix, "forms_media.go")
}

// mediaPost attaches a file through the form page's upload form.
func mediaPost(t *testing.T, e *servertest.Env, b *servertest.Browser, versionID, name string, data []byte) *servertest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "whatever it is called here.bin")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/form-versions/"+versionID+"/media/"+url.PathEscape(name), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Do(req)
}

// TestWebFormMediaPage: the form's page lists the files a draft needs;
// publishing waits for them; they are attached through the page (a CSV
// without its name column refused by name); a published version's files
// are frozen; the pictures show when the form is filled in, and the
// choices of select_one_from_file come from the CSV, also when answers
// are checked on the server.
func TestWebFormMediaPage(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		v := mediaUpload(t, e, "BNSK", "media_page", "1")
		b := e.SignIn("bnsk.manager")
		page := b.Get("/forms/" + v.FormPK)
		checkPage(t, "form page with media", page.Body)
		formNoKeys(t, "form page with media", page.Body)
		if rows := formTableRows(t, page.Body, "media-table-"+v.ID); len(rows) != 2 || !strings.Contains(page.Body, "fruits.csv, logo.png") {
			t.Fatalf("media rows: %v", rows)
		}
		r := b.PostForm("/form-versions/"+v.ID+"/publish", url.Values{"version": {fmt.Sprint(v.Version)}})
		if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "fruits.csv, logo.png") {
			t.Errorf("publishing with files missing: %d", r.StatusCode)
		}
		r = mediaPost(t, e, b, v.ID, "fruits.csv", []byte("label\nMango\n"))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "fruits.csv") {
			t.Errorf("a CSV without a name column: %d", r.StatusCode)
		}
		if r := mediaPost(t, e, b, v.ID, "logo.png", nil); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "an empty file cannot be attached") {
			t.Errorf("no file chosen: %d", r.StatusCode)
		}
		wantRedirect(t, "attach logo", mediaPost(t, e, b, v.ID, "logo.png", mediaPNG), "/forms/"+v.FormPK+"#media")
		wantRedirect(t, "attach fruits", mediaPost(t, e, b, v.ID, "fruits.csv", []byte(servertest.FruitsCSV)), "/forms/"+v.FormPK+"#media")
		got := b.Get("/form-versions/" + v.ID + "/media/logo.png")
		if got.StatusCode != 200 || got.Body != string(mediaPNG) || got.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d", got.StatusCode)
		}
		v = formVersion(t, e, v.ID)
		wantRedirect(t, "publish", b.PostForm("/form-versions/"+v.ID+"/publish", url.Values{"version": {fmt.Sprint(v.Version)}}), "/forms/"+v.FormPK+"#versions")
		page = b.Get("/forms/" + v.FormPK)
		if strings.Contains(page.Body, `enctype="multipart/form-data" action="/form-versions/`+v.ID) || !strings.Contains(page.Body, "cannot change") {
			t.Error("a published version's files can still be changed on the page")
		}
		if r := mediaPost(t, e, b, v.ID, "logo.png", []byte("\x89PNG other")); r.StatusCode != http.StatusConflict {
			t.Errorf("replacing a published version's file: %d", r.StatusCode)
		}
		if vp := e.SignIn("viewer").Get("/forms/" + v.FormPK); vp.StatusCode != 200 || !strings.Contains(vp.Body, `data-media="logo.png"`) ||
			strings.Contains(vp.Body, `enctype="multipart/form-data"`) {
			t.Errorf("viewer's form page: %d", vp.StatusCode)
		}
		bn := e.SignIn("bnsk.manager")
		bn.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {"/forms/" + v.FormPK}})
		formNoKeys(t, "Bangla form page with media", bn.Get("/forms/"+v.FormPK).Body)

		// Filling in on the web: the picture, and the CSV's choices.
		w := e.SignIn("bnsk.worker")
		fill := w.Get("/fill/" + v.ID)
		if fill.StatusCode != 200 || !strings.Contains(fill.Body, `src="/fill/`+v.ID+`/media/logo.png"`) ||
			!strings.Contains(fill.Body, `value="jackfruit"`) {
			t.Errorf("fill page: %d\n%.2000s", fill.StatusCode, fill.Body)
		}
		if img := w.Get("/fill/" + v.ID + "/media/logo.png"); img.StatusCode != 200 || img.Header.Get("Content-Type") != "image/png" {
			t.Errorf("picture: %d %s", img.StatusCode, img.Header.Get("Content-Type"))
		}
		s, err := e.Server.Forms.Schema(bg, pmActor(e), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for answer, ok := range map[string]bool{"mango": true, "banana": false} {
			in := s.New(instance.Options{Source: instance.FromDevice})
			in.Values["fruit"] = answer
			res := s.Validate(in, instance.Options{Source: instance.FromDevice})
			if res.OK() != ok {
				t.Errorf("answer %s: problems %+v", answer, res.Problems)
			}
		}
	})
}
