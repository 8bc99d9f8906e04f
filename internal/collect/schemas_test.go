package collect

import (
	"context"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestSchemaCompiledOnce: the schema of a version is compiled once and
// handed out again; an unknown version is not found, not a crash.
func TestSchemaCompiledOnce(t *testing.T) {
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			l := NewLibrary(db)
			if _, err := l.LoadBuiltins(ctx); err != nil {
				t.Fatal(err)
			}
			v, err := db.FormVersionByNumber(ctx, app.System, "remaker_followup", "2026112301")
			if err != nil {
				t.Fatal(err)
			}
			s1, err := l.Schema(ctx, app.System, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := l.Schema(ctx, app.System, v.ID)
			if err != nil || s1 != s2 {
				t.Fatalf("second Schema: %p %v, want the same schema %p", s2, err, s1)
			}
			if s1.Form.ID != "remaker_followup" {
				t.Errorf("schema of form %q", s1.Form.ID)
			}
			if _, err := l.Schema(ctx, app.System, store.NewID()); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("unknown version: %v, want not found", err)
			}
		})
	}
}
