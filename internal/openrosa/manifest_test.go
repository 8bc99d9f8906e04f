package openrosa_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/servertest"
)

type manifestDoc struct {
	XMLName xml.Name `xml:"http://openrosa.org/xforms/xformsManifest manifest"`
	Files   []struct {
		Filename    string `xml:"filename"`
		Hash        string `xml:"hash"`
		DownloadURL string `xml:"downloadUrl"`
	} `xml:"mediaFile"`
}

// mediaForm uploads BNSK's form with a picture and a CSV, attaches both
// and publishes it; it returns the version and the files' contents.
func mediaForm(t *testing.T, e *servertest.Env) (forms.Version, map[string][]byte) {
	t.Helper()
	pm := e.Users["pm"].Actor()
	v, err := e.Server.Forms.Upload(bg, pm, "media.xlsx", servertest.MediaFormWorkbook(t, "media_form", "1"),
		collect.UploadOptions{OrgID: e.Orgs["BNSK"].ID})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"logo.png": []byte("\x89PNG\r\n\x1a\nlogo"), "fruits.csv": []byte(servertest.FruitsCSV)}
	for name, data := range files {
		if _, err := e.Server.Forms.AttachMedia(bg, pm, v.ID, name, "", data); err != nil {
			t.Fatal(err)
		}
	}
	if v, err = e.DB.PublishFormVersion(bg, pm, v.ID, v.Version); err != nil {
		t.Fatal(err)
	}
	return v, files
}

// TestOpenRosaManifest does what ODK Collect does with a form that has
// files: the form list gives a manifestUrl, the manifest each file's name,
// md5 hash and address, and each address the file; by password and by
// device token alike. Who may not collect the form gets none of it.
func TestOpenRosaManifest(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
			t.Fatal(err)
		}
		v, files := mediaForm(t, e)
		tok := e.Token("bnsk.worker")
		for _, d := range []device{
			{t: t, base: e.URL, user: "bnsk.worker", pass: servertest.Password},
			{t: t, base: e.URL + "/key/" + tok},
		} {
			var manifestURL string
			for _, f := range d.formList("").Forms {
				switch {
				case f.FormID == "media_form":
					manifestURL = f.ManifestURL
				case f.ManifestURL != "":
					t.Errorf("form %s without files has a manifest", f.FormID)
				}
			}
			if manifestURL != d.base+"/xforms/"+v.ID+"/manifest" {
				t.Fatalf("manifestUrl %q", manifestURL)
			}
			resp, body := d.do("GET", strings.TrimPrefix(manifestURL, d.base), nil, "")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml; charset=utf-8" ||
				!bytes.Contains(body, []byte(`<manifest xmlns="http://openrosa.org/xforms/xformsManifest">`)) {
				t.Fatalf("manifest: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			var doc manifestDoc
			if err := xml.Unmarshal(body, &doc); err != nil || len(doc.Files) != 2 {
				t.Fatalf("manifest: %v\n%s", err, body)
			}
			for _, f := range doc.Files {
				want, ok := files[f.Filename]
				sum := md5.Sum(want)
				if !ok || f.Hash != "md5:"+hex.EncodeToString(sum[:]) || !strings.HasPrefix(f.DownloadURL, d.base+"/xforms/"+v.ID+"/media/") {
					t.Errorf("manifest entry %+v", f)
					continue
				}
				resp, got := d.do("GET", strings.TrimPrefix(f.DownloadURL, d.base), nil, "")
				if resp.StatusCode != 200 || !bytes.Equal(got, want) {
					t.Errorf("download %s: %d %q", f.Filename, resp.StatusCode, got)
				}
				if ct := resp.Header.Get("Content-Type"); (f.Filename == "logo.png") != (ct == "image/png") {
					t.Errorf("%s served as %s", f.Filename, ct)
				}
			}
		}
		// Another organisation's worker, and a viewer, may not collect it.
		for _, user := range []string{"warbe.worker", "viewer"} {
			d := device{t: t, base: e.URL, user: user, pass: servertest.Password}
			for _, path := range []string{"/xforms/" + v.ID + "/manifest", "/xforms/" + v.ID + "/media/logo.png"} {
				if resp, _ := d.do("GET", path, nil, ""); resp.StatusCode != 404 {
					t.Errorf("%s GET %s: %d", user, path, resp.StatusCode)
				}
			}
		}
		worker := device{t: t, base: e.URL, user: "bnsk.worker", pass: servertest.Password}
		if resp, _ := worker.do("GET", "/xforms/"+v.ID+"/media/other.png", nil, ""); resp.StatusCode != 404 {
			t.Errorf("a file the form does not have: %d", resp.StatusCode)
		}
		anon := device{t: t, base: e.URL}
		if resp, _ := anon.do("GET", "/xforms/"+v.ID+"/manifest", nil, ""); resp.StatusCode != 401 {
			t.Errorf("manifest without credentials: %d", resp.StatusCode)
		}
		// A draft's files are not offered to devices.
		draft, err := e.Server.Forms.Upload(bg, e.Users["pm"].Actor(), "media.xlsx", servertest.MediaFormWorkbook(t, "media_form", "2"), collect.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := worker.do("GET", "/xforms/"+draft.ID+"/manifest", nil, ""); resp.StatusCode != 404 {
			t.Errorf("a draft's manifest: %d", resp.StatusCode)
		}
	})
}
