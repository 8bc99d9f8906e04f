package store_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func TestFormMediaLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw := f.pm.Actor(), f.bnskCW.Actor()

		up := formUpload("media_form", "1")
		up.Media = []string{"logo.png", "districts.csv", "logo.png"}
		v, err := db.AddFormVersion(ctx, pm, up)
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FormMediaList(ctx, cw, v.ID)
		if err != nil || len(list) != 2 || list[0].Name != "districts.csv" || list[0].Attached || list[1].Name != "logo.png" {
			t.Fatalf("expected files: %+v %v", list, err)
		}
		// Publishing is refused while files are missing, naming them.
		_, err = db.PublishFormVersion(ctx, pm, v.ID, v.Version)
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "districts.csv, logo.png") {
			t.Fatalf("publishing with files missing: %v", err)
		}
		if _, _, err := db.FormMediaFile(ctx, cw, v.ID, "logo.png"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("a missing file read: %v", err)
		}

		png := []byte("\x89PNG picture")
		if _, err := db.AttachFormMedia(ctx, cw, v.ID, "logo.png", "image/png", png); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker attaching: %v", err)
		}
		if _, err := db.AttachFormMedia(ctx, pm, v.ID, "other.png", "image/png", png); app.ErrorCode(err) != app.EINVALID ||
			!strings.Contains(app.ErrorMessage(err), "other.png") {
			t.Errorf("a file the form does not refer to: %v", err)
		}
		if _, err := db.AttachFormMedia(ctx, pm, v.ID, "logo.png", "image/png", nil); app.ErrorFields(err)["file"] == "" {
			t.Errorf("an empty file: %v", err)
		}
		if _, err := db.AttachFormMedia(ctx, pm, v.ID, "logo.png", "image/png", bytes.Repeat([]byte("x"), store.MaxFormMediaBytes+1)); app.ErrorCode(err) != app.ETOOLARGE {
			t.Errorf("an oversize file: %v", err)
		}
		m, err := db.AttachFormMedia(ctx, pm, v.ID, "logo.png", "image/png", png)
		sum := md5.Sum(png)
		if err != nil || !m.Attached || m.Size != int64(len(png)) || m.Hash() != "md5:"+hex.EncodeToString(sum[:]) || m.UploadedBy != f.pm.ID || m.UploadedAt == nil {
			t.Fatalf("attach: %+v %v", m, err)
		}
		// Replacing the file of a draft is allowed.
		png2 := []byte("\x89PNG another picture")
		if m, err = db.AttachFormMedia(ctx, pm, v.ID, "logo.png", "", png2); err != nil || m.Size != int64(len(png2)) || m.ContentType != "application/octet-stream" {
			t.Fatalf("replace: %+v %v", m, err)
		}
		got, content, err := db.FormMediaFile(ctx, cw, v.ID, "logo.png")
		if err != nil || !bytes.Equal(content, png2) || got.MD5 != m.MD5 {
			t.Errorf("read back: %+v %q %v", got, content, err)
		}
		// Detaching makes it missing again.
		if err := db.DetachFormMedia(ctx, pm, v.ID, "logo.png"); err != nil {
			t.Fatal(err)
		}
		if err := db.DetachFormMedia(ctx, pm, v.ID, "logo.png"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("detaching twice: %v", err)
		}
		for name, data := range map[string][]byte{"logo.png": png, "districts.csv": []byte("name,label\ndhaka,Dhaka\n")} {
			if _, err := db.AttachFormMedia(ctx, pm, v.ID, name, "", data); err != nil {
				t.Fatal(err)
			}
		}
		with, err := db.PublishedWithMedia(ctx, cw)
		if err != nil || len(with) != 0 {
			t.Errorf("with media before publishing: %v %v", with, err)
		}
		p, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version)
		if err != nil || p.State != forms.Published {
			t.Fatalf("publish with every file: %+v %v", p, err)
		}
		if with, err = db.PublishedWithMedia(ctx, cw); err != nil || !with[v.ID] {
			t.Errorf("with media after publishing: %v %v", with, err)
		}
		// A published version's files are frozen.
		if _, err := db.AttachFormMedia(ctx, pm, v.ID, "logo.png", "image/png", png2); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("replacing on a published version: %v", err)
		}
		if err := db.DetachFormMedia(ctx, pm, v.ID, "logo.png"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("detaching on a published version: %v", err)
		}
		if _, err := db.FormMediaList(ctx, app.Actor{}, v.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("signed out: %v", err)
		}
		// Every change is audited.
		entries, err := db.ListAudit(ctx, pm, store.AuditFilter{ObjectType: "form_media", ObjectID: v.ID})
		if err != nil || len(entries) != 5 {
			t.Errorf("audit entries: %d %v", len(entries), err)
		}
	})
}
