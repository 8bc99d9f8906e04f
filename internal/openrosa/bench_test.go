package openrosa_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// BenchmarkOpenRosaSubmit measures ingest over the real HTTP stack: 8
// devices POST follow-up visits (case-bound, with a small photo) at once,
// each a new instance, authenticated with Basic as Collect does. It
// reports submissions per second (issue 8's target is 1,000).
func BenchmarkOpenRosaSubmit(b *testing.B) {
	const clients = 8
	for _, d := range testdb.Engines() {
		b.Run(string(d), func(b *testing.B) {
			e := newOREnv(b, servertest.New(b, d))
			in, data := followup(b, e, e.caseRef, "photo.jpg")
			photo := part{name: "photo.jpg", filename: "photo.jpg", ctype: "image/jpeg", data: bytes.Repeat([]byte{0xff}, 20<<10)}
			auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("bnsk.worker:"+servertest.Password))
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
			var next, failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						xml := bytes.Replace(data, []byte(in.Meta.InstanceID), []byte(instance.NewInstanceID()), 1)
						body, ct := multipartBody(b, xmlPart(xml), photo)
						req, _ := http.NewRequest("POST", e.URL+"/submission", body)
						req.Header.Set("Content-Type", ct)
						req.Header.Set("Authorization", auth)
						req.Header.Set("X-OpenRosa-Version", "1.0")
						resp, err := client.Do(req)
						if err != nil || resp.StatusCode != http.StatusCreated {
							failed.Add(1)
						}
						if err == nil {
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d of %d submissions failed", n, b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "submissions/s")
		})
	}
}
