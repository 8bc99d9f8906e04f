package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
)

// builtinForm loads the built-in forms (each version is stored once, so
// calling it again costs a lookup) and returns the published version of
// formID with its answer schema, for demo submissions made through the
// real submission path.
func (w *writer) builtinForm(ctx context.Context, formID string) (forms.Version, *instance.Schema, error) {
	lib := collect.NewLibrary(w.db)
	if _, err := lib.LoadBuiltins(ctx); err != nil {
		return forms.Version{}, nil, fmt.Errorf("demo form %s: %w", formID, err)
	}
	list, err := w.db.Forms(ctx, app.System)
	if err != nil {
		return forms.Version{}, nil, err
	}
	i := slices.IndexFunc(list, func(f forms.Form) bool { return f.FormID == formID })
	if i < 0 || list[i].Published == nil {
		return forms.Version{}, nil, fmt.Errorf("demo form %s: the built-in form is not published", formID)
	}
	v := *list[i].Published
	schema, err := lib.Schema(ctx, app.System, v.ID)
	return v, schema, err
}
