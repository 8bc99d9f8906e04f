package collect_test

import (
	"bytes"
	"encoding/csv"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// The stored answers are read the same whichever shape they were kept in.
func TestFormValuesShapes(t *testing.T) {
	want := map[string]string{"name": "Rahima", "hh/size": "4", "hh/member[1]/age": "31", "hh/member[2]/age": "7",
		"langs": "bn en", "ok": "true"}
	for name, data := range map[string]string{
		"answers by key": `{"name":"Rahima","hh/size":"4","hh/member[1]/age":"31","hh/member[2]/age":"7","langs":"bn en","ok":"true","empty":""}`,
		"an instance": `{"form_id":"f","meta":{"instance_id":"uuid:1"},"values":{"name":"Rahima","hh/size":"4","hh/member[1]/age":"31",
			"hh/member[2]/age":"7","langs":"bn en","ok":"true"},"counts":{"hh/member":2}}`,
		"nested, with numbers": `{"name":"Rahima","hh":{"size":4,"member":[{"age":31},{"age":7}]},"langs":["bn","en"],"ok":true,"none":null}`,
		"flattened tables": `{"":[{"KEY":"uuid:1","meta/instanceID":"uuid:1","name":"Rahima","hh/size":"4","langs":"bn en","ok":"true"}],
			"hh/member":[{"KEY":"uuid:1/hh/member[1]","PARENT_KEY":"uuid:1","hh/member/age":"31"},
			{"KEY":"uuid:1/hh/member[2]","PARENT_KEY":"uuid:1","hh/member/age":"7"}]}`,
	} {
		got, err := collect.FormValues(data)
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("%s: %v %v", name, got, err)
		}
	}
	if _, err := collect.FormValues(`["not", "an object"]`); err == nil {
		t.Error("an array read as answers")
	}
	if got, err := collect.FormValues(""); err != nil || len(got) != 0 {
		t.Errorf("no answers: %v %v", got, err)
	}
}

// formTestVersion uploads a bilingual form with a select, a group and a
// repeat as the programme manager, and returns its version and schema.
func formTestVersion(t *testing.T, db *store.DB, lib *collect.Library) (app.Actor, forms.Version, *instance.Schema) {
	t.Helper()
	pm := programmeManager(t, db)
	survey := [][]string{{"text", "name", "Name", "নাম"}, {"select_multiple lang", "langs", "Languages", "ভাষা"},
		{"begin_group", "hh", "Household", "খানা"}, {"integer", "size", "Size", "সদস্য"},
		{"begin_repeat", "member", "Member", "সদস্য"}, {"integer", "age", "Age", "বয়স"}, {"end_repeat", "", "", ""}, {"end_group", "", "", ""}}
	wb := servertest.FormWorkbook(t, "household", "1", survey, [][]string{{"lang", "bn", "Bangla"}, {"lang", "en", "English"}})
	v, err := lib.Upload(ctx, pm, "household.xlsx", wb, collect.UploadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := lib.Schema(ctx, pm, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	return pm, v, s
}

// The answers of a submission are listed in form order with their
// questions in the reader's language; choices by their labels.
func TestFormAnswersInFormOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		_, _, s := formTestVersion(t, db, collect.NewLibrary(db))
		data := `{"hh/member[2]/age":"7","langs":"bn en","hh/member[1]/age":"31","zz":"?","name":"Rahima","hh/size":"4"}`
		got, err := collect.FormAnswers(s, data, "bn")
		if err != nil {
			t.Fatal(err)
		}
		var keys, labels, shown []string
		for _, a := range got {
			keys, labels, shown = append(keys, a.Key), append(labels, a.Label), append(shown, a.Shown)
		}
		if !slices.Equal(keys, []string{"name", "langs", "hh/size", "hh/member[1]/age", "hh/member[2]/age", "zz"}) {
			t.Errorf("order: %v", keys)
		}
		if labels[0] != "নাম" || labels[3] != "বয়স" || labels[5] != "zz" || got[5].Known {
			t.Errorf("labels: %v", labels)
		}
		if shown[1] != "Bangla, English" {
			t.Errorf("choices shown as %q", shown[1])
		}
		q := collect.FormQuestions(s, "en")
		if len(q) != 6 || q[4].Path != "hh/member" || !q[4].Group || q[5].Depth != 2 || q[5].Label != "Age" {
			t.Errorf("questions: %+v", q)
		}
	})
}

// An export lays the submissions out in a table and each repeat in one
// of its own; answers the version does not know are kept under their keys.
func TestFormExportTables(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		lib := collect.NewLibrary(db)
		pm, v, _ := formTestVersion(t, db, lib)
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		subs := []forms.Submission{
			{FormVersionID: v.ID, FormVersion: v.FormVersion, InstanceID: "uuid:1", ReceivedAt: at, SubmittedByName: "rahima",
				ReviewState: forms.Approved, Channel: forms.ChannelWeb,
				Data: `{"name":"=1+1","hh/size":"2","hh/member[1]/age":"31","hh/member[2]/age":"7","old_question":"kept"}`},
			{FormVersionID: v.ID, FormVersion: v.FormVersion, InstanceID: "uuid:2", ReceivedAt: at, Data: `{"langs":"en"}`},
		}
		tables, err := lib.FormExport(ctx, pm, v.FormID, v.ID, subs, collect.FormExportOptions{Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 2 || tables[1].Name != "hh/member" || tables[1].Sheet != "member" {
			t.Fatalf("tables: %+v", tables)
		}
		main := tables[0]
		if !slices.Equal(main.Headers[:5], []string{"SubmissionDate", "name", "langs", "hh/size", "meta/instanceID"}) ||
			!slices.Contains(main.Headers, "old_question") || main.Headers[len(main.Headers)-1] != "FormVersion" {
			t.Errorf("headers: %v", main.Headers)
		}
		col := func(name string) int { return slices.Index(main.Headers, name) }
		if r := main.Rows[0]; r[col("SubmissionDate")] != "2026-01-02T09:04:05+06:00" || r[col("old_question")] != "kept" ||
			r[col("KEY")] != "uuid:1" || r[col("ReviewState")] != "approved" {
			t.Errorf("row: %v", r)
		}
		if len(tables[1].Rows) != 2 || tables[1].Rows[1][slices.Index(tables[1].Headers, "PARENT_KEY")] != "uuid:1" {
			t.Errorf("member rows: %+v", tables[1])
		}
		var buf bytes.Buffer
		if err := collect.FormWriteCSV(&buf, main); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\xEF\xBB\xBF"))).ReadAll()
		if err != nil || len(rows) != 3 || rows[1][col("name")] != "'=1+1" {
			t.Errorf("CSV: %v %v", rows, err)
		}
		// With Bangla labels, selections are their choices' labels.
		tables, err = lib.FormExport(ctx, pm, v.FormID, v.ID, subs, collect.FormExportOptions{Labels: true, Lang: "bn"})
		if err != nil {
			t.Fatal(err)
		}
		if h := tables[0].Headers; h[2] != "ভাষা" || tables[0].Rows[1][2] != "English" {
			t.Errorf("labels: %v %v", h, tables[0].Rows[1])
		}
	})
}
