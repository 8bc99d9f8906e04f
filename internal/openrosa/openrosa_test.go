package openrosa_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
)

var bg = context.Background()

// orEnv is a running server with the built-in forms and a case of BNSK.
type orEnv struct {
	*servertest.Env
	dir     string
	caseID  string
	caseRef string
}

func newOREnv(t testing.TB, e *servertest.Env) *orEnv {
	t.Helper()
	if _, err := e.Server.Forms.LoadBuiltins(bg); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	e.Server.Devices.SetDataDir(dir)
	pr, err := e.DB.CreateProject(bg, app.System, store.Project{Code: "LM.0379", Title: "REMA(K)ER",
		PartnerIDs: []string{e.Orgs["BNSK"].ID, e.Orgs["WARBE"].ID}})
	if err != nil {
		t.Fatal(err)
	}
	w := e.Users["bnsk.worker"].Actor()
	p, err := e.DB.CreatePerson(bg, w, registry.Person{NameLatin: "Returnee One", Sex: "female"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.AddConsent(bg, w, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration,
		Method: "thumbprint", GivenOn: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	cs, err := e.DB.OpenCase(bg, w, store.NewCase{PersonID: p.ID, ProjectID: pr.ID})
	if err != nil {
		t.Fatal(err)
	}
	return &orEnv{Env: e, dir: dir, caseID: cs.ID, caseRef: cs.Reference}
}

// device is what ODK Collect does over HTTP: OpenRosa headers, and Basic
// credentials once the server has asked for them.
type device struct {
	t          *testing.T
	base       string // server address as configured on the device
	user, pass string
}

func (d device) do(method, path string, body io.Reader, ctype string) (*http.Response, []byte) {
	d.t.Helper()
	req, err := http.NewRequest(method, d.base+path, body)
	if err != nil {
		d.t.Fatal(err)
	}
	req.Header.Set("X-OpenRosa-Version", "1.0")
	req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("Accept-Language", "en")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if d.user != "" {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(d.user+":"+d.pass)))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("X-OpenRosa-Version") != "1.0" || resp.Header.Get("Date") == "" {
		d.t.Errorf("%s %s: headers %v lack X-OpenRosa-Version or Date", method, path, resp.Header)
	}
	return resp, b
}

type listDoc struct {
	XMLName xml.Name `xml:"http://openrosa.org/xforms/xformsList xforms"`
	Forms   []struct {
		FormID      string `xml:"formID"`
		Name        string `xml:"name"`
		Version     string `xml:"version"`
		Hash        string `xml:"hash"`
		DownloadURL string `xml:"downloadUrl"`
		ManifestURL string `xml:"manifestUrl"`
	} `xml:"xform"`
}

func (d device) formList(query string) listDoc {
	d.t.Helper()
	resp, body := d.do("GET", "/formList"+query, nil, "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		d.t.Fatalf("formList: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var doc listDoc
	if err := xml.Unmarshal(body, &doc); err != nil {
		d.t.Fatalf("formList: %v\n%s", err, body)
	}
	return doc
}

type part struct {
	name, filename, ctype string
	data                  []byte
}

func multipartBody(t testing.TB, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, p.name, p.filename))
		h.Set("Content-Type", p.ctype)
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func xmlPart(data []byte) part {
	return part{name: "xml_submission_file", filename: "followup.xml", ctype: "text/xml", data: data}
}

func (d device) submit(parts ...part) (int, string) {
	d.t.Helper()
	body, ct := multipartBody(d.t, parts...)
	resp, b := d.do("POST", "/submission", body, ct)
	if resp.Header.Get("X-OpenRosa-Accept-Content-Length") == "" {
		d.t.Errorf("submission answer %d lacks X-OpenRosa-Accept-Content-Length", resp.StatusCode)
	}
	return resp.StatusCode, string(b)
}

// followup fills in the built-in follow-up visit form as a device would.
func followup(t testing.TB, e *orEnv, ref, photo string) (*instance.Instance, []byte) {
	t.Helper()
	v, err := e.DB.FormVersionByNumber(bg, app.System, "remaker_followup", "2026112301")
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.Server.Forms.Schema(bg, app.System, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := s.New(instance.Options{Source: instance.FromWeb})
	for k, val := range map[string]string{"case_ref": ref, "done_on": "2026-11-20", "met": "yes", "visit_mode": "home",
		"found/economic_change": "better", "found/social_change": "same", "found/psychosocial_change": "better",
		"found/findings": "Shop is open", "assistance/assistance_received": "yes", "assistance/assistance_used": "as_planned",
		"next_steps/has_new_needs": "no", "next_steps/action": "none", "photo": photo} {
		in.Values[k] = val
	}
	res := s.Validate(in, instance.Options{Source: instance.FromWeb})
	if !res.OK() {
		t.Fatalf("the test's follow-up answers have problems: %+v", res.Problems)
	}
	return res.Instance, s.XML(res.Instance)
}

func (e *orEnv) submissions(t *testing.T, all bool) []forms.Submission {
	t.Helper()
	list, err := e.DB.ListSubmissions(bg, e.Users["pm"].Actor(), store.SubmissionQuery{All: all})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestOpenRosaCollectJourney does what ODK Collect does: list, download,
// HEAD then POST with an attachment, retry, conflict, edit, and the
// refusals of bad input.
func TestOpenRosaCollectJourney(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		worker := device{t: t, base: e.URL, user: "bnsk.worker", pass: servertest.Password}

		// No credentials: the challenge that makes Collect ask for them.
		anon := device{t: t, base: e.URL}
		resp, _ := anon.do("GET", "/formList", nil, "")
		if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), `Basic realm="Remaker"`) {
			t.Fatalf("formList without credentials: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}

		list := worker.formList("")
		var dl string
		for _, f := range list.Forms {
			if f.ManifestURL != "" {
				t.Errorf("form %s has a manifest, but no form has media", f.FormID)
			}
			if f.FormID == "remaker_followup" {
				dl = f.DownloadURL
				if f.Version != "2026112301" || !strings.HasPrefix(f.Hash, "md5:") {
					t.Errorf("follow-up listed as %+v", f)
				}
				resp, body := worker.do("GET", strings.TrimPrefix(dl, e.URL), nil, "")
				sum := md5.Sum(body)
				if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/xml; charset=utf-8" || f.Hash != "md5:"+hex.EncodeToString(sum[:]) {
					t.Errorf("download: %d %s, hash %s, listed %s", resp.StatusCode, resp.Header.Get("Content-Type"), hex.EncodeToString(sum[:]), f.Hash)
				}
			}
		}
		if dl == "" || len(list.Forms) < 3 {
			t.Fatalf("the worker's form list lacks the built-in forms: %+v", list)
		}
		if one := worker.formList("?formID=remaker_followup"); len(one.Forms) != 1 {
			t.Errorf("formID filter: %d forms", len(one.Forms))
		}

		// HEAD before POST.
		resp, _ = worker.do("HEAD", "/submission", nil, "")
		if resp.StatusCode != 204 || resp.Header.Get("X-OpenRosa-Accept-Content-Length") == "" || resp.Header.Get("Location") != e.URL+"/submission" {
			t.Errorf("HEAD /submission: %d %v", resp.StatusCode, resp.Header)
		}

		photo := bytes.Repeat([]byte{0xff, 0xd8, 0x42}, 1000)
		in, data := followup(t, e, e.caseRef, "photo-1.jpg")
		photoPart := part{name: "photo-1.jpg", filename: "photo-1.jpg", ctype: "image/jpeg", data: photo}
		stray := part{name: "other.jpg", filename: "other.jpg", ctype: "image/jpeg", data: []byte("not asked for")}
		code, body := worker.submit(xmlPart(data), photoPart, stray)
		if code != 201 || !strings.Contains(body, `nature="submit_success"`) || !strings.Contains(body, "http://openrosa.org/http/response") {
			t.Fatalf("submit: %d %s", code, body)
		}
		subs := e.submissions(t, true)
		if len(subs) != 1 || subs[0].CaseID != e.caseID || subs[0].Channel != forms.ChannelOpenRosa || subs[0].InstanceID != in.Meta.InstanceID {
			t.Fatalf("stored: %+v", subs)
		}
		full, err := e.DB.SubmissionByID(bg, e.Users["pm"].Actor(), subs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Attachments) != 1 || full.Attachments[0].Name != "photo-1.jpg" || full.Attachments[0].Size != int64(len(photo)) {
			t.Fatalf("attachments: %+v", full.Attachments)
		}
		kept, err := os.ReadFile(filepath.Join(e.dir, "attachments", full.Attachments[0].SHA256[:2], full.Attachments[0].SHA256))
		if err != nil || !bytes.Equal(kept, photo) {
			t.Errorf("the photo on disk: %v", err)
		}
		if left, _ := os.ReadDir(filepath.Join(e.dir, "attachments", "tmp")); len(left) != 0 {
			t.Errorf("temporary files left behind: %d", len(left))
		}
		timeline, err := e.DB.CaseTimeline(bg, e.Users["pm"].Actor(), e.caseID)
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		for _, ev := range timeline {
			if ev.Kind == store.EventFormSubmitted && ev.RefID == subs[0].ID {
				lines++
			}
		}
		if lines != 1 {
			t.Errorf("the case's timeline has %d lines for the submission, want 1: %+v", lines, timeline)
		}

		// A retry of the same bytes is acknowledged and stored once.
		if code, body := worker.submit(xmlPart(data), photoPart); code != 202 || !strings.Contains(body, "submit_success") {
			t.Errorf("retry: %d %s", code, body)
		}
		if n := len(e.submissions(t, true)); n != 1 {
			t.Errorf("after the retry %d submissions", n)
		}

		// Different XML under the same instanceID is a conflict.
		changed := bytes.Replace(data, []byte("Shop is open"), []byte("Shop is closed"), 1)
		if code, body := worker.submit(xmlPart(changed)); code != 409 {
			t.Errorf("different XML, same instanceID: %d %s", code, body)
		}

		// An edit names the old instance in deprecatedID; the old one stays as history.
		edit := in.Clone()
		edit.Meta.DeprecatedID, edit.Meta.InstanceID = in.Meta.InstanceID, instance.NewInstanceID()
		edit.Values["found/findings"] = "Shop is open and growing"
		s, _ := e.Server.Forms.Schema(bg, app.System, subs[0].FormVersionID)
		if code, body := worker.submit(xmlPart(s.XML(edit)), photoPart); code != 201 {
			t.Fatalf("edit: %d %s", code, body)
		}
		all := e.submissions(t, true)
		if len(all) != 2 || len(e.submissions(t, false)) != 1 {
			t.Fatalf("after the edit: %d submissions, want 2 (one current)", len(all))
		}
		for _, x := range all {
			if x.InstanceID == in.Meta.InstanceID && (x.Current || x.ReviewState != forms.Edited) {
				t.Errorf("the edited submission: %+v", x)
			}
		}

		// Bad input: 400 (or 413) with a reason, nothing stored.
		wrongVersion := bytes.Replace(data, []byte(`version="2026112301"`), []byte(`version="1999"`), 1)
		xxe := []byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><data id="remaker_followup" version="2026112301">&x;</data>`)
		for name, c := range map[string]struct {
			parts []part
			want  int
		}{
			"wrong version": {[]part{xmlPart(wrongVersion)}, 400},
			"malformed":     {[]part{xmlPart([]byte("<data id=\"remaker_followup\" version=\"2026112301\"><case_ref>"))}, 400},
			"xxe":           {[]part{xmlPart(xxe)}, 400},
			"no xml":        {[]part{photoPart}, 400},
			"too large":     {[]part{xmlPart(bytes.Repeat([]byte("a"), instance.MaxSubmissionBytes+10))}, 413},
		} {
			code, body := worker.submit(c.parts...)
			if code != c.want || !strings.Contains(body, `nature="error"`) {
				t.Errorf("%s: %d %s, want %d", name, code, body, c.want)
			}
		}
		if code, _ := worker.do("POST", "/submission", strings.NewReader("x=1"), "application/x-www-form-urlencoded"); code.StatusCode != 400 {
			t.Errorf("not multipart: %d", code.StatusCode)
		}
		if n := len(e.submissions(t, true)); n != 2 {
			t.Errorf("bad input stored something: %d submissions", n)
		}

		// An unknown case reference: stored unbound, and the device is told.
		_, other := followup(t, e, "BNSK-2026-9999", "")
		if code, body := worker.submit(xmlPart(other)); code != 201 || !strings.Contains(body, "BNSK-2026-9999") {
			t.Errorf("unknown case reference: %d %s", code, body)
		}
	})
}

// TestOpenRosaWhoSeesWhat: an enumerator lists only the forms assigned to
// them, a viewer none; a /key/ token address works without a password and
// stops working when revoked.
func TestOpenRosaWhoSeesWhat(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		if got := (device{t: t, base: e.URL, user: "viewer", pass: servertest.Password}).formList(""); len(got.Forms) != 0 {
			t.Errorf("viewer lists %d forms", len(got.Forms))
		}
		enum := device{t: t, base: e.URL, user: "bnsk.enumerator", pass: servertest.Password}
		if got := enum.formList(""); len(got.Forms) != 0 {
			t.Errorf("enumerator without assignments lists %d forms", len(got.Forms))
		}
		v, err := e.DB.FormVersionByNumber(bg, app.System, "remaker_followup", "2026112301")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.DB.AssignForm(bg, e.Users["bnsk.manager"].Actor(), v.FormPK, e.Users["bnsk.enumerator"].ID); err != nil {
			t.Fatal(err)
		}
		got := enum.formList("")
		if len(got.Forms) != 1 || got.Forms[0].FormID != "remaker_followup" {
			t.Fatalf("enumerator with one assignment lists %+v", got.Forms)
		}
		// Another form's download is not theirs.
		if resp, _ := enum.do("GET", "/xforms/"+otherVersion(t, e)+".xml", nil, ""); resp.StatusCode != 404 {
			t.Errorf("enumerator downloads an unassigned form: %d", resp.StatusCode)
		}

		tok, rec, err := e.Auth.CreateAPIToken(bg, e.Users["bnsk.enumerator"].Actor(), "Collect on the field phone")
		if err != nil {
			t.Fatal(err)
		}
		keyed := device{t: t, base: e.URL + "/key/" + tok}
		list := keyed.formList("")
		if len(list.Forms) != 1 || !strings.HasPrefix(list.Forms[0].DownloadURL, e.URL+"/key/"+tok+"/xforms/") {
			t.Fatalf("form list by key: %+v", list.Forms)
		}
		if resp, body := keyed.do("GET", strings.TrimPrefix(list.Forms[0].DownloadURL, keyed.base), nil, ""); resp.StatusCode != 200 || !bytes.Contains(body, []byte("remaker_followup")) {
			t.Errorf("download by key: %d", resp.StatusCode)
		}
		_, data := followup(t, e, e.caseRef, "")
		if code, body := keyed.submit(xmlPart(data)); code != 201 || !strings.Contains(body, "a case worker will link it to case "+e.caseRef) {
			t.Errorf("submit by key: %d %s", code, body)
		}
		if err := e.DB.RevokeToken(bg, e.Users["bnsk.enumerator"].Actor(), rec.ID); err != nil {
			t.Fatal(err)
		}
		if resp, _ := keyed.do("GET", "/formList", nil, ""); resp.StatusCode != 403 {
			t.Errorf("revoked key: %d", resp.StatusCode)
		}
	})
}

func otherVersion(t *testing.T, e *orEnv) string {
	v, err := e.DB.FormVersionByNumber(bg, app.System, "remaker_screening", "2026112301")
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// TestOpenRosaThrottlesWrongPasswords: a wrong password is the 401
// challenge again, until too many failures make it 429.
func TestOpenRosaThrottlesWrongPasswords(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		bad := device{t: t, base: e.URL, user: "bnsk.worker", pass: "not the password"}
		var codes []int
		for range 8 {
			resp, _ := bad.do("GET", "/formList", nil, "")
			codes = append(codes, resp.StatusCode)
			if resp.StatusCode == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without a challenge")
			}
		}
		if codes[0] != 401 || codes[len(codes)-1] != 429 {
			t.Errorf("wrong password repeated: %v, want 401 first and 429 in the end", codes)
		}
	})
}

// TestOpenRosaCrossOriginLetsDevicesThrough: devices send no Origin or
// Sec-Fetch-Site, so the cross-origin protection lets their POSTs in; a
// browser on another site posting to /submission is refused.
func TestOpenRosaCrossOriginLetsDevicesThrough(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		_, data := followup(t, e, e.caseRef, "")
		body, ct := multipartBody(t, xmlPart(data))
		raw := body.Bytes()
		post := func(origin string) int {
			req, _ := http.NewRequest("POST", e.URL+"/submission", bytes.NewReader(raw))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("bnsk.worker:"+servertest.Password)))
			if origin != "" {
				req.Header.Set("Origin", origin)
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := post("https://evil.example"); code != 403 {
			t.Errorf("cross-site browser POST: %d, want 403", code)
		}
		if code := post(""); code != 201 {
			t.Errorf("device POST: %d, want 201", code)
		}
	})
}
