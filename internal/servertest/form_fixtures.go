package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/store"
)

// FormWorkbook writes a small XLSForm for tests: a survey sheet with the
// columns type, name and label::English (en) (and label::Bangla (bn) when
// a row has a fourth cell), a choices sheet when choices are given (rows
// of list_name, name, label), and a settings sheet with formID and
// version.
func FormWorkbook(t testing.TB, formID, version string, survey [][]string, choices [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows [][]string) {
		for i, row := range rows {
			cells := make([]any, len(row))
			for j, c := range row {
				cells[j] = c
			}
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		t.Fatal(err)
	}
	header := []string{"type", "name", "label::English (en)"}
	if slices.ContainsFunc(survey, func(r []string) bool { return len(r) > 3 }) {
		header = append(header, "label::Bangla (bn)")
	}
	write("survey", append([][]string{header}, survey...))
	if len(choices) > 0 {
		f.NewSheet("choices")
		write("choices", append([][]string{{"list_name", "name", "label::English (en)"}}, choices...))
	}
	f.NewSheet("settings")
	write("settings", [][]string{{"form_id", "version", "form_title"}, {formID, version, "Test form " + formID}})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FormSubmit stores a submission of the version as username, with the
// answers as a JSON object by instance key ("grp/rep[1]/q") and a
// matching XML instance, as web data entry and OpenRosa store them.
func (e *Env) FormSubmit(username, versionID, instanceID string, answers map[string]string) forms.Submission {
	e.T.Helper()
	ctx := context.Background()
	a := e.Users[username].Actor()
	v, err := e.DB.FormVersionByID(ctx, a, versionID)
	if err != nil {
		e.T.Fatal(err)
	}
	data, err := json.Marshal(answers)
	if err != nil {
		e.T.Fatal(err)
	}
	var x strings.Builder
	fmt.Fprintf(&x, `<data id="%s" version="%s">`, html.EscapeString(v.FormID), html.EscapeString(v.FormVersion))
	for _, k := range slices.Sorted(maps.Keys(answers)) {
		fmt.Fprintf(&x, "<a key=%q>%s</a>", html.EscapeString(k), html.EscapeString(answers[k]))
	}
	fmt.Fprintf(&x, "<meta><instanceID>%s</instanceID></meta></data>", html.EscapeString(instanceID))
	s, _, err := e.DB.SaveSubmission(ctx, a, store.NewSubmission{FormVersionID: versionID, InstanceID: instanceID,
		XML: x.String(), Data: string(data), DeviceID: "collect:test", Channel: forms.ChannelOpenRosa})
	if err != nil {
		e.T.Fatal(err)
	}
	return s
}
