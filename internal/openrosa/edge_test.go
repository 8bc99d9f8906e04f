package openrosa_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/openrosa"
	"github.com/remaker-bd/remaker/internal/servertest"
)

// TestOpenRosaSplitAndProblems: a device that splits a large submission
// sends the same XML again with the next files, which are added; answers
// that break the form's rules are stored with their problems, not refused.
func TestOpenRosaSplitAndProblems(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		worker := device{t: t, base: e.URL, user: "bnsk.worker", pass: servertest.Password}
		_, data := followup(t, e, e.caseRef, "photo-2.jpg")
		// The first POST carries the XML only, the second the photo too.
		if code, body := worker.submit(xmlPart(data)); code != 201 {
			t.Fatalf("first part: %d %s", code, body)
		}
		photo := part{name: "photo-2.jpg", filename: "photo-2.jpg", ctype: "image/jpeg", data: []byte("jpeg bytes")}
		if code, body := worker.submit(xmlPart(data), photo); code != 202 {
			t.Fatalf("second part: %d %s", code, body)
		}
		subs := e.submissions(t, true)
		full, err := e.DB.SubmissionByID(bg, e.Users["pm"].Actor(), subs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs) != 1 || len(full.Attachments) != 1 || full.Attachments[0].Name != "photo-2.jpg" {
			t.Fatalf("after the split POST: %d submissions, attachments %+v", len(subs), full.Attachments)
		}

		// A case reference the form's constraint refuses: stored, marked.
		_, bad := followup(t, e, e.caseRef, "")
		bad = bytes.Replace(bad, []byte("<case_ref>"+e.caseRef+"</case_ref>"), []byte("<case_ref>not a reference</case_ref>"), 1)
		code, body := worker.submit(xmlPart(bad))
		if code != 201 || !strings.Contains(body, "reviewer") {
			t.Fatalf("answers with problems: %d %s", code, body)
		}
		var stored struct {
			Problems []struct{ Key, Code string }
		}
		for _, s := range e.submissions(t, true) {
			if s.ID == subs[0].ID {
				continue
			}
			full, err := e.DB.SubmissionByID(bg, e.Users["pm"].Actor(), s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(full.Data), &stored); err != nil {
				t.Fatal(err)
			}
			if full.CaseID != "" {
				t.Errorf("a submission without a valid reference is bound to case %s", full.CaseID)
			}
		}
		if len(stored.Problems) != 1 || stored.Problems[0].Key != "case_ref" || stored.Problems[0].Code != "constraint" {
			t.Errorf("stored problems: %+v", stored.Problems)
		}
	})
}

// TestOpenRosaChunked: the Form Submission API requires chunked transfer
// encoding to be accepted; a body of unknown length is sent chunked.
func TestOpenRosaChunked(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		_, data := followup(t, e, e.caseRef, "")
		body, ct := multipartBody(t, xmlPart(data))
		req, err := http.NewRequest("POST", e.URL+"/submission", io.MultiReader(body)) // unknown length: chunked
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("bnsk.worker:"+servertest.Password)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if req.ContentLength != 0 || resp.StatusCode != 201 {
			t.Errorf("chunked POST (length %d): %d", req.ContentLength, resp.StatusCode)
		}
	})
}

// TestOpenRosaServerEdges: addresses that are not OpenRosa routes, Basic
// over plain http on an https deployment, and a server without a place for
// files.
func TestOpenRosaServerEdges(t *testing.T) {
	servertest.Each(t, func(t *testing.T, se *servertest.Env) {
		e := newOREnv(t, se)
		worker := device{t: t, base: e.URL, user: "bnsk.worker", pass: servertest.Password}
		if resp, _ := worker.do("PUT", "/submission", nil, ""); resp.StatusCode != 405 {
			t.Errorf("PUT /submission: %d", resp.StatusCode)
		}
		if resp, _ := worker.do("GET", "/xforms/nothing.xml", nil, ""); resp.StatusCode != 404 {
			t.Errorf("unknown form: %d", resp.StatusCode)
		}
		if resp, _ := worker.do("GET", "/xforms/nothing", nil, ""); resp.StatusCode != 404 {
			t.Errorf("download without .xml: %d", resp.StatusCode)
		}

		deps := openrosa.Deps{DB: e.DB, Auth: e.Auth, Forms: e.Server.Forms}
		tls := httptest.NewServer(openrosa.New(deps, openrosa.Config{BaseURL: "https://remaker.example.org"}))
		defer tls.Close()
		resp, body := (device{t: t, base: tls.URL, user: "bnsk.worker", pass: servertest.Password}).do("GET", "/formList", nil, "")
		if resp.StatusCode != 403 || !strings.Contains(string(body), "https") {
			t.Errorf("Basic over http on an https deployment: %d %s", resp.StatusCode, body)
		}

		noDir := httptest.NewServer(openrosa.New(deps, openrosa.Config{}))
		defer noDir.Close()
		d := device{t: t, base: noDir.URL, user: "bnsk.worker", pass: servertest.Password}
		_, data := followup(t, e, e.caseRef, "photo-3.jpg")
		if code, body := d.submit(xmlPart(data), part{name: "photo-3.jpg", filename: "photo-3.jpg", ctype: "image/jpeg", data: []byte("x")}); code != http.StatusServiceUnavailable {
			t.Errorf("a file and nowhere to keep it: %d %s", code, body)
		}
		if n := len(e.submissions(t, true)); n != 0 {
			t.Errorf("%d submissions stored without their file", n)
		}
	})
}
