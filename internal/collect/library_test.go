package collect_test

import (
	"context"
	"os"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

var ctx = context.Background()

func programmeManager(t *testing.T, db *store.DB) app.Actor {
	t.Helper()
	iom, err := db.CreateOrg(ctx, app.System, store.Organisation{Code: "IOM", NameEn: "International Organization for Migration", Kind: store.OrgIOM})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, app.System, store.NewUser{OrgID: iom.ID, Username: "pm", Role: app.RoleProgrammeManager, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}

func TestBuiltinFormsLoadOnceAndPublish(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		n, err := lib.LoadBuiltins(ctx)
		if err != nil || n != 4 {
			t.Fatalf("first start: %d %v", n, err)
		}
		if n, err := lib.LoadBuiltins(ctx); err != nil || n != 0 {
			t.Errorf("second start: %d %v", n, err)
		}
		pm := programmeManager(t, db)
		list, err := db.Forms(ctx, pm)
		if err != nil || len(list) != 4 {
			t.Fatalf("forms: %+v %v", list, err)
		}
		purposes := map[string]bool{}
		for _, f := range list {
			purposes[f.Purpose] = true
			if !f.BuiltIn || f.Published == nil || f.Published.XFormHash == "" || f.Published.Questions == 0 {
				t.Errorf("built-in form %s: %+v", f.FormID, f)
			}
		}
		for _, p := range []string{"screening", "rss", "followup", "scoping"} {
			if !purposes[p] {
				t.Errorf("no built-in %s form", p)
			}
		}
		// The definition is read once, then served from memory.
		v := list[0].Published
		m1, err := lib.Model(ctx, pm, v.ID)
		if err != nil || m1.ID != v.FormID || m1.Version != v.FormVersion {
			t.Fatalf("model: %v", err)
		}
		if m2, _ := lib.Model(ctx, pm, v.ID); m2 != m1 {
			t.Error("the model was read twice")
		}
	})
}

func TestUploadRefusesBrokenWorkbooks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		pm := programmeManager(t, db)
		if _, err := lib.Upload(ctx, pm, "empty.xlsx", nil, collect.UploadOptions{}); app.ErrorFields(err)["file"] == "" {
			t.Errorf("empty upload: %v", err)
		}
		if _, err := lib.Upload(ctx, pm, "junk.xlsx", []byte("not a workbook"), collect.UploadOptions{}); err == nil {
			t.Error("junk accepted")
		}
		data, err := os.ReadFile("../../../shared/xlsforms/pyxform__include.xlsx")
		if err != nil {
			t.Skip("the XLSForm corpus is not beside this checkout")
		}
		_, err = lib.Upload(ctx, pm, "pyxform__include.xlsx", data, collect.UploadOptions{})
		if p := collect.ProblemsOf(err); len(p) == 0 || p[0].Row == 0 {
			t.Errorf("an invalid form: %v", err)
		}
		if list, _ := db.Forms(ctx, pm); len(list) != 0 {
			t.Errorf("a refused upload left a form behind: %+v", list)
		}
		// A valid form without a version gets one, and publishes.
		data, _ = os.ReadFile("../../../shared/xlsforms/pyxform__group.xlsx")
		v, err := lib.Upload(ctx, pm, "pyxform__group.xlsx", data, collect.UploadOptions{Purpose: "other"})
		if err != nil || v.State != forms.Draft || v.FormVersion == "" {
			t.Fatalf("valid upload: %+v %v", v, err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
			t.Fatal(err)
		}
	})
}
