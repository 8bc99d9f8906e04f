package gen

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/store"
)

// BenchmarkGen writes b.N people into a fresh SQLite database.
func BenchmarkGen(b *testing.B) {
	db, err := store.Open(b.Context(), "", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if _, err := Run(b.Context(), db, authFor(db), "", Options{Persons: max(b.N, 1), Seed: 1, Day: testDay, Password: "generated-users-pass-2026"}); err != nil {
		b.Fatal(err)
	}
}
