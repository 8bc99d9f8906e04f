package server_test

import (
	"net/http"
	"testing"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// BenchmarkSignedInPage measures a signed-in page over real HTTP: session
// lookup, scoped queries, template rendering.
func BenchmarkSignedInPage(b *testing.B) {
	for _, d := range testdb.Engines() {
		b.Run(string(d), func(b *testing.B) {
			e := servertest.New(b, d)
			br := e.SignIn("pm")
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if r := br.Get("/admin/users"); r.StatusCode != http.StatusOK {
						b.Fatalf("status %d", r.StatusCode)
					}
				}
			})
		})
	}
}

// BenchmarkAPIWithToken measures an API call authenticated by token.
func BenchmarkAPIWithToken(b *testing.B) {
	for _, d := range testdb.Engines() {
		b.Run(string(d), func(b *testing.B) {
			e := servertest.New(b, d)
			tok := e.Token("admin")
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if r := e.API(tok, "GET", "/api/v1/me", ""); r.StatusCode != http.StatusOK {
						b.Fatalf("status %d", r.StatusCode)
					}
				}
			})
		})
	}
}
