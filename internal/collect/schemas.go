package collect

import (
	"context"
	"fmt"
	"sync"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms/instance"
)

// schemaKey names a compiled form version of one library.
type schemaKey struct {
	lib       *Library
	versionID string
}

// schemas holds compiled versions: compiling a schema is the costly part of
// reading a submission, and a version never changes once uploaded.
var schemas sync.Map // schemaKey -> *instance.Schema

// Schema returns the compiled answers schema of a form version, compiled
// once and kept. It is safe for concurrent use.
func (l *Library) Schema(ctx context.Context, a app.Actor, versionID string) (*instance.Schema, error) {
	k := schemaKey{l, versionID}
	if s, ok := schemas.Load(k); ok {
		return s.(*instance.Schema), nil
	}
	f, err := l.Model(ctx, a, versionID)
	if err != nil {
		return nil, err
	}
	s, err := instance.Compile(f)
	if err != nil {
		return nil, fmt.Errorf("form version %s no longer compiles: %w", versionID, err)
	}
	got, _ := schemas.LoadOrStore(k, s)
	return got.(*instance.Schema), nil
}
