package collect_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/forms/xlsform"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func TestFormMediaUploadAttachPublish(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		pm := programmeManager(t, db)
		v, err := lib.Upload(ctx, pm, "media.xlsx", servertest.MediaFormWorkbook(t, "media_form", "1"), collect.UploadOptions{})
		if err != nil {
			t.Fatalf("a form with media uploads as a draft: %v", err)
		}
		list, err := db.FormMediaList(ctx, pm, v.ID)
		if err != nil || len(list) != 2 || list[0].Name != "fruits.csv" || list[1].Name != "logo.png" || list[0].Attached {
			t.Fatalf("expected files: %+v %v", list, err)
		}
		_, err = db.PublishFormVersion(ctx, pm, v.ID, v.Version)
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.ErrorMessage(err), "fruits.csv, logo.png") {
			t.Errorf("publishing with files missing: %v", err)
		}
		// Refusals: a path, a name the form does not use, a CSV without
		// the columns its question reads, an oversize file.
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "../logo.png", "image/png", []byte("png")); app.ErrorCode(err) != app.EINVALID ||
			!strings.Contains(app.ErrorMessage(err), "../logo.png") {
			t.Errorf("a path as a name: %v", err)
		}
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "other.png", "image/png", []byte("png")); app.ErrorCode(err) != app.EINVALID ||
			!strings.Contains(app.ErrorMessage(err), "other.png") {
			t.Errorf("a name the form does not use: %v", err)
		}
		_, err = lib.AttachMedia(ctx, pm, v.ID, "fruits.csv", "text/csv", []byte("key,label\nmango,Mango\n"))
		if msg := app.ErrorMessage(err); app.ErrorCode(err) != app.EINVALID || !strings.Contains(msg, "fruits.csv") || !strings.Contains(msg, "name") {
			t.Errorf("a CSV without a name column: %v", err)
		}
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "logo.png", "image/png", bytes.Repeat([]byte("x"), collect.MaxMediaBytes+1)); app.ErrorCode(err) != app.ETOOLARGE {
			t.Errorf("an oversize file: %v", err)
		}
		// Choices come from the CSV once it is attached.
		m, err := lib.Model(ctx, pm, v.ID)
		if err != nil || fruit(m).Choices != nil {
			t.Fatalf("model before the CSV: %v", err)
		}
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "fruits.csv", "", []byte("\xef\xbb\xbf"+servertest.FruitsCSV)); err != nil {
			t.Fatal(err)
		}
		png, err := lib.AttachMedia(ctx, pm, v.ID, "logo.png", "", []byte("\x89PNG"))
		if err != nil || png.ContentType != "image/png" {
			t.Fatalf("attach a picture: %+v %v", png, err)
		}
		m, err = lib.Model(ctx, pm, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		q := fruit(m)
		if q.Choices == nil || len(q.Choices.Choices) != 2 || q.Choices.Choices[1].Name != "jackfruit" ||
			q.Choices.Choices[1].Label[xlsform.DefaultLanguageKey] != "Jackfruit" || q.Choices.Choices[0].Extra["colour"] != "yellow" {
			t.Fatalf("choices from the file: %+v", q.Choices)
		}
		v, _ = db.FormVersionByID(ctx, pm, v.ID)
		if _, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
			t.Fatalf("publish with every file: %v", err)
		}
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "logo.png", "image/png", []byte("\x89PNG2")); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("replacing a published version's file: %v", err)
		}
	})
}

func fruit(f *xlsform.Form) *xlsform.Node {
	for _, n := range f.Root.Children {
		if n.Name == "fruit" {
			return n
		}
	}
	return nil
}

// A form of the corpus that refers to media files, refused before Remaker
// could serve them, now uploads as a draft listing them.
func TestCorpusFormWithMediaUploads(t *testing.T) {
	data, err := os.ReadFile("../../../shared/xlsforms/pyxform__attribute_columns_test.xlsx")
	if err != nil {
		t.Skip("the XLSForm corpus is not beside this checkout")
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		pm := programmeManager(t, db)
		v, err := lib.Upload(ctx, pm, "pyxform__attribute_columns_test.xlsx", data, collect.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FormMediaList(ctx, pm, v.ID)
		if err != nil || len(list) != 7 || list[0].Name != "a.jpg" {
			t.Errorf("files of the corpus form: %+v %v", list, err)
		}
		// itemsets.csv is made from the external_choices sheet: such a
		// form is complete as uploaded.
		ext, err := os.ReadFile("../../../shared/xlsforms/onadata__external_choice_form_v1.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if v, err = lib.Upload(ctx, pm, "onadata__external_choice_form_v1.xlsx", ext, collect.UploadOptions{}); err != nil {
			t.Fatal(err)
		}
		m, csv, err := db.FormMediaFile(ctx, pm, v.ID, "itemsets.csv")
		if err != nil || m.ContentType != "text/csv" || !strings.HasPrefix(string(csv), "list_name,name,") {
			t.Fatalf("itemsets.csv: %+v %.200q %v", m, csv, err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
			t.Errorf("a form whose only file is itemsets.csv publishes as uploaded: %v", err)
		}
	})
}

// pulldata() reads an attached CSV on the web, and a form that refers to
// a file under a name with folders is refused at upload.
func TestPulldataAndBadNames(t *testing.T) {
	data, err := os.ReadFile("../../../shared/xlsforms/pyxform__pull_data.xlsx")
	if err != nil {
		t.Skip("the XLSForm corpus is not beside this checkout")
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		pm := programmeManager(t, db)
		v, err := lib.Upload(ctx, pm, "pyxform__pull_data.xlsx", data, collect.UploadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lib.AttachMedia(ctx, pm, v.ID, "fruits.csv", "text/csv", []byte("name,colour\nmango,yellow\n")); err != nil {
			t.Fatal(err)
		}
		s, err := lib.Schema(ctx, pm, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		res := s.Validate(s.New(instance.Options{Source: instance.FromWeb}), instance.Options{Source: instance.FromWeb})
		if got := res.Instance.Get("fruit"); got != "mango" || !res.OK() {
			t.Errorf("pulldata on the web: %q %+v", got, res.Problems)
		}

		bad := mediaWorkbook(t, "../evil.png")
		_, err = lib.Upload(ctx, pm, "bad.xlsx", bad, collect.UploadOptions{})
		if p := collect.ProblemsOf(err); len(p) != 1 || !strings.Contains(p[0].Message, "../evil.png") {
			t.Errorf("a media name with folders: %v", err)
		}
	})
}

// mediaWorkbook is a one-note form whose label shows the picture image.
func mediaWorkbook(t *testing.T, image string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "survey")
	for i, row := range [][]any{{"type", "name", "label", "media::image"}, {"note", "hello", "Hello", image}} {
		if err := f.SetSheetRow("survey", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	f.NewSheet("settings")
	f.SetSheetRow("settings", "A1", &[]any{"form_id", "version"})
	f.SetSheetRow("settings", "A2", &[]any{"bad_media", "1"})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzCSVChoices(f *testing.F) {
	f.Add([]byte(servertest.FruitsCSV))
	f.Add([]byte("\xef\xbb\xbfname,label::English (en),label\n\"a\"\"b\",x\n"))
	f.Add([]byte("name\n"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		header, err := collect.CSVHeader(data)
		list, lerr := collect.CSVChoices("f.csv", data, "name", "label")
		if err != nil && lerr == nil {
			t.Fatalf("choices read from a file whose header does not read")
		}
		if lerr == nil {
			hasName, hasLabel := false, false
			for _, h := range header {
				hasName = hasName || h == "name"
				hasLabel = hasLabel || h == "label"
			}
			if !hasName || !hasLabel {
				t.Fatalf("choices read without the columns: %q", header)
			}
			for _, c := range list.Choices {
				if c.Name == "" {
					t.Fatal("a choice without a name")
				}
			}
		}
	})
}
