package openrosa

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// FuzzReadParts feeds arbitrary bodies to the multipart reader of
// POST /submission: it must never panic, must answer bad input with an
// invalid or too-large error (a 400 or 413, never a 500), and must leave no
// temporary file behind once the handler's cleanup has run.
func FuzzReadParts(f *testing.F) {
	const boundary = "fuzzboundary"
	f.Add([]byte("--fuzzboundary\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"a.xml\"\r\nContent-Type: text/xml\r\n\r\n<data id=\"x\"/>\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"a.jpg\"; filename=\"a.jpg\"\r\n\r\nJPEG\r\n--fuzzboundary--\r\n"))
	f.Add([]byte("--fuzzboundary\r\nContent-Disposition: form-data; name=\"a.jpg\"; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--fuzzboundary--\r\n"))
	f.Add([]byte("--fuzzboundary\r\n\r\n--fuzzboundary--"))
	f.Add([]byte("not multipart at all"))
	f.Fuzz(func(t *testing.T, body []byte) {
		dir := t.TempDir()
		r := httptest.NewRequest("POST", "/submission", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 1<<20)
		data, files, _, err := readParts(r, dir)
		for _, fl := range files {
			if filepath.Dir(fl.tmp) != filepath.Join(dir, "tmp") {
				t.Fatalf("part spooled outside the temporary directory: %s", fl.tmp)
			}
			os.Remove(fl.tmp)
		}
		if err != nil {
			if c := app.ErrorCode(err); c != app.EINVALID && c != app.ETOOLARGE {
				t.Fatalf("bad body gave %v, want invalid or too large", err)
			}
			return
		}
		if data == nil {
			t.Fatal("no error and no XML")
		}
		if left, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(left) != 0 {
			t.Fatalf("%d temporary files left", len(left))
		}
	})
}
