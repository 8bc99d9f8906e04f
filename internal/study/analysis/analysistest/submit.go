package analysistest

import (
	"context"
	"encoding/json"
	"html"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/store"
)

// ScopingVersion returns the ID of the built-in scoping form's published
// version; load the built-in forms first (collect.Library.LoadBuiltins).
func ScopingVersion(t testing.TB, db *store.DB) string {
	t.Helper()
	ctx := context.Background()
	for _, f := range must(t)(db.Forms(ctx, app.System)) {
		if f.FormID == store.DefaultAnalysisFormID && f.Published != nil {
			return f.Published.ID
		}
	}
	t.Fatal("the built-in scoping form is not loaded: call LoadBuiltins first")
	return ""
}

func must(t testing.TB) func([]forms.Form, error) []forms.Form {
	return func(list []forms.Form, err error) []forms.Form {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
}

// Submit stores one submission of the version per respondent as a (a
// case worker or manager, or an enumerator the form is assigned to), with the answers as web data entry keeps them: an instance's JSON.
// Half of them (every other) are stored as OpenRosa stores them, with the
// instance under "instance", so that both shapes are read.
func Submit(t testing.TB, db *store.DB, a app.Actor, versionID string, rs []Respondent) {
	t.Helper()
	ctx := context.Background()
	for i, r := range rs {
		values := r.Values()
		id := "uuid:" + store.NewID()
		inst := map[string]any{"form_id": store.DefaultAnalysisFormID, "meta": map[string]string{"instance_id": id}, "values": values}
		var data []byte
		var err error
		if i%2 == 1 {
			data, err = json.Marshal(map[string]any{"instance": inst})
		} else {
			data, err = json.Marshal(inst)
		}
		if err != nil {
			t.Fatal(err)
		}
		var x strings.Builder
		x.WriteString(`<data id="remaker_scoping">`)
		for _, k := range slices.Sorted(maps.Keys(values)) {
			x.WriteString(`<a key="` + html.EscapeString(k) + `">` + html.EscapeString(values[k]) + `</a>`)
		}
		x.WriteString(`<meta><instanceID>` + id + `</instanceID></meta></data>`)
		if _, _, err := db.SaveSubmission(ctx, a, store.NewSubmission{FormVersionID: versionID, InstanceID: id, XML: x.String(),
			Data: string(data), Channel: forms.ChannelWeb}); err != nil {
			t.Fatal(err)
		}
	}
}
