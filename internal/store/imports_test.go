package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/registry/importer"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// importRows converts a CSV text the way the import screens do.
func importRows(t *testing.T, csv string) []importer.Row {
	t.Helper()
	tab, err := importer.Read([]byte(csv), importer.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Suggest(tab.Headers)
	if err := m.Check(len(m)); err != nil {
		t.Fatal(err)
	}
	res := importer.Convert(tab, m, importer.Options{})
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	return res.Rows
}

const importCSV = `Name,Sex,Date of birth,Mobile,NID,District,Country,Return date,Cost
Md. Abdur Rahim,male,12/04/1988,01711234567,1990123456789,Lakshmipur,Saudi Arabia,15/03/2023,350000
Rahima Khatun,female,01/07/1992,01812345678,,Cumilla,,,
Shirin Akter,female,1990,,,Tangail,Malaysia,01/2021,
Md. Abdur Rahim,male,12/04/1988,01711234567,1990123456789,Lakshmipur,Saudi Arabia,15/03/2023,350000
`

func countPersons(t *testing.T, db *store.DB, a app.Actor) int {
	t.Helper()
	rows, err := db.SearchPersons(ctx, a, store.PersonQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func TestImportPersonsIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		rows := importRows(t, importCSV)

		check, problems, err := db.CheckImport(ctx, bnsk, rows)
		if err != nil || len(problems) != 0 || check.Created != 3 || check.Episodes != 2 || check.Duplicates != 1 || check.Rows != 4 {
			t.Fatalf("check: %+v %v %v", check, problems, err)
		}
		if n := countPersons(t, db, bnsk); n != 0 {
			t.Fatalf("a check wrote %d people", n)
		}

		var seen []int
		res, err := db.ImportPersons(ctx, bnsk, rows, func(done, total int) {
			if total != 4 {
				t.Errorf("progress total %d", total)
			}
			seen = append(seen, done)
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 3 || res.Episodes != 2 || res.AlreadyImported != 0 || res.Duplicates != 1 || res.ImportID == "" {
			t.Errorf("first import: %+v", res)
		}
		if !slices.Equal(seen, []int{1, 2, 3, 4}) {
			t.Errorf("progress %v", seen)
		}
		people, _ := db.SearchPersons(ctx, bnsk, store.PersonQuery{Text: "abdur rahim"})
		if len(people) != 1 || people[0].District != "BD2051" || people[0].OrgID != f.bnsk.ID {
			t.Fatalf("imported person: %+v", people)
		}
		eps, _ := db.ListEpisodes(ctx, bnsk, people[0].ID)
		if len(eps) != 1 || eps[0].Destination != "SA" || *eps[0].CostMinor != 35000000 {
			t.Errorf("episode: %+v", eps)
		}

		// The same file again: nothing new, every row reported as imported before.
		again, err := db.ImportPersons(ctx, bnsk, importRows(t, importCSV), nil)
		if err != nil || again.Created != 0 || again.Episodes != 0 || again.AlreadyImported != 4 || again.Duplicates != 0 {
			t.Errorf("second import: %+v %v", again, err)
		}
		if n := countPersons(t, db, bnsk); n != 3 {
			t.Errorf("after importing twice: %d people, want 3", n)
		}
		// Another organisation importing the same list gets its own people.
		other, err := db.ImportPersons(ctx, warbe, rows, nil)
		if err != nil || other.Created != 3 {
			t.Errorf("another organisation: %+v %v", other, err)
		}
		if n := countPersons(t, db, bnsk); n != 3 {
			t.Errorf("BNSK sees %d people after WARBE's import", n)
		}

		// The audit trail: one import entry per import, with its counts,
		// and a create entry per person.
		imports, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActImport, OrgID: f.bnsk.ID})
		if len(imports) != 2 || !strings.Contains(imports[1].Details, `"created":3`) || !strings.Contains(imports[0].Details, `"already_imported":4`) ||
			imports[1].ObjectID != res.ImportID || imports[1].ActorID != f.bnskCW.ID {
			t.Errorf("import entries: %+v", imports)
		}
		creates, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActCreate, ObjectType: "person", OrgID: f.bnsk.ID})
		if len(creates) != 3 {
			t.Errorf("%d person create entries, want 3", len(creates))
		}
	})
}

func TestImportPersonsAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		bnsk := f.bnskCW.Actor()
		if _, err := db.CreatePerson(ctx, bnsk, rahim()); err != nil {
			t.Fatal(err)
		}
		// Many good rows, and one whose national ID is already registered:
		// the check names it, and the import writes nothing.
		var b strings.Builder
		b.WriteString("Name,Sex,National ID\n")
		for i := range 300 {
			fmt.Fprintf(&b, "Person %d,female,%010d\n", i, 5000000000+i)
		}
		b.WriteString("Md. Abdur Rahim,male,1990123456789\n") // row 302
		rows := importRows(t, b.String())
		_, problems, err := db.CheckImport(ctx, bnsk, rows)
		if err != nil || len(problems) != 1 || problems[0].Row != 302 || problems[0].Column != "National ID" || problems[0].Cell != "C302" {
			t.Fatalf("check: %+v %v", problems, err)
		}
		_, err = db.ImportPersons(ctx, bnsk, rows, nil)
		if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "row 302") ||
			!strings.Contains(app.ErrorMessage(err), `"National ID"`) || app.ErrorFields(err)["row 302: National ID"] == "" {
			t.Errorf("import with a registered NID: %v", err)
		}
		if n := countPersons(t, db, bnsk); n != 1 {
			t.Errorf("%d people after a refused import, want 1", n)
		}

		// A row the database refuses half-way (two different rows with the
		// same national ID, which a hand-made list can hold): everything
		// before it is rolled back, and the error names the row.
		rows = importRows(t, "Name,Sex,NID\nA One,male,1111111111\nB Two,female,2222222222\n")
		rows[1].Person.NID = "1111111111"
		_, err = db.ImportPersons(ctx, bnsk, rows, nil)
		if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "row 3") || app.ErrorFields(err)["row 3: NID"] == "" {
			t.Errorf("a duplicate met half-way: %v", err)
		}
		if n := countPersons(t, db, bnsk); n != 1 {
			t.Errorf("%d people after a failed import, want 1", n)
		}
		// A row that breaks the register's rules is refused too.
		bad := importer.Row{Row: 9, Fingerprint: "x", Person: registry.Person{NameLatin: "No Sex"}}
		_, err = db.ImportPersons(ctx, bnsk, append(importRows(t, "Name,Sex\nOk,male\n"), bad), nil)
		if app.ErrorCode(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), "row 9") {
			t.Errorf("an invalid row: %v", err)
		}
		if n := countPersons(t, db, bnsk); n != 1 {
			t.Errorf("%d people after an invalid row, want 1", n)
		}
		if entries, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActImport}); len(entries) != 0 {
			t.Errorf("a refused import left %d audit entries", len(entries))
		}
	})
}

func TestImportRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		rows := importRows(t, "Name,Sex\nA,male\n")
		for _, u := range []store.User{f.admin, f.pm, f.viewer, f.enumerator} {
			if _, err := db.ImportPersons(ctx, u.Actor(), rows, nil); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s imports: %v", u.Username, err)
			}
			if _, _, err := db.CheckImport(ctx, u.Actor(), rows); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s checks an import: %v", u.Username, err)
			}
		}
		if _, err := db.ImportPersons(ctx, f.bnskMgr.Actor(), rows, nil); err != nil {
			t.Errorf("organisation manager: %v", err)
		}
	})
}

func TestExportPersonsScopeAndAudit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		if _, err := db.ImportPersons(ctx, bnsk, importRows(t, importCSV), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportPersons(ctx, warbe, importRows(t, "Name,Sex,District\nWarbe One,male,Tangail\nWarbe Two,female,Cumilla\n"), nil); err != nil {
			t.Fatal(err)
		}
		// A second, later episode for Rahim: the export shows the latest.
		people, _ := db.SearchPersons(ctx, bnsk, store.PersonQuery{Text: "abdur rahim"})
		if _, err := db.AddEpisode(ctx, bnsk, registry.Episode{PersonID: people[0].ID, Destination: "QA", ReturnDate: date("2024-08-01")}); err != nil {
			t.Fatal(err)
		}
		export := func(a app.Actor, q store.PersonQuery) ([]store.ExportRow, error) {
			var out []store.ExportRow
			_, err := db.ExportPersons(ctx, a, q, "csv", func(r store.ExportRow) error {
				out = append(out, r)
				return nil
			})
			return out, err
		}
		orgsOf := func(rows []store.ExportRow) []string {
			var out []string
			for _, r := range rows {
				if !slices.Contains(out, r.OrgCode) {
					out = append(out, r.OrgCode)
				}
			}
			slices.Sort(out)
			return out
		}
		got, err := export(bnsk, store.PersonQuery{})
		if err != nil || len(got) != 3 || !slices.Equal(orgsOf(got), []string{"BNSK"}) {
			t.Fatalf("BNSK worker: %d rows %v %v", len(got), orgsOf(got), err)
		}
		for _, r := range got {
			if r.NameLatin == "Md. Abdur Rahim" && (r.Episode == nil || r.Episode.Destination != "QA") {
				t.Errorf("latest episode of Rahim: %+v", r.Episode)
			}
			if r.NameLatin == "Rahima Khatun" && r.Episode != nil {
				t.Errorf("Rahima has no migration, exported %+v", r.Episode)
			}
		}
		// A WARBE worker never gets BNSK's people, even asking for them.
		for _, q := range []store.PersonQuery{{}, {OrgID: f.bnsk.ID}, {Text: "rahim"}, {District: "BD2051"}} {
			got, err := export(warbe, q)
			if err != nil || slices.Contains(orgsOf(got), "BNSK") {
				t.Errorf("WARBE worker with %+v: %v %v", q, orgsOf(got), err)
			}
		}
		// The programme manager sees every organisation, and may narrow to one.
		if got, _ := export(f.pm.Actor(), store.PersonQuery{}); len(got) != 5 || !slices.Equal(orgsOf(got), []string{"BNSK", "WARBE"}) {
			t.Errorf("programme manager: %d %v", len(got), orgsOf(got))
		}
		if got, _ := export(f.pm.Actor(), store.PersonQuery{OrgID: f.warbe.ID, Sex: "female"}); len(got) != 1 || got[0].NameLatin != "Warbe Two" {
			t.Errorf("programme manager, WARBE women: %+v", got)
		}
		// Roles that never see returnees may not export.
		for _, u := range []store.User{f.admin, f.viewer, f.enumerator} {
			if _, err := export(u.Actor(), store.PersonQuery{}); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s exports: %v", u.Username, err)
			}
		}
		// Every export is in the audit trail with its filter and count.
		entries, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActExport})
		if len(entries) != 7 {
			t.Fatalf("%d export entries, want 7", len(entries))
		}
		last := entries[0] // the programme manager's narrowed export
		if last.ActorID != f.pm.ID || last.ObjectOrgID != f.warbe.ID || !strings.Contains(last.Details, `"rows":1`) ||
			!strings.Contains(last.Details, `"Sex":"female"`) || !strings.Contains(last.Details, `"format":"csv"`) {
			t.Errorf("export entry: %+v", last)
		}
		first := entries[len(entries)-1]
		if first.ActorID != f.bnskCW.ID || first.ObjectOrgID != f.bnsk.ID || !strings.Contains(first.Details, `"rows":3`) {
			t.Errorf("first export entry: %+v", first)
		}
	})
}

// An export larger than one page of the people list reads every page once.
func TestExportPersonsPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		var b strings.Builder
		b.WriteString("Name,Sex\n")
		for i := range 450 {
			fmt.Fprintf(&b, "Person %03d,female\n", i)
		}
		if _, err := db.ImportPersons(ctx, f.bnskCW.Actor(), importRows(t, b.String()), nil); err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		n, err := db.ExportPersons(ctx, f.bnskMgr.Actor(), store.PersonQuery{}, "xlsx", func(r store.ExportRow) error {
			ids[r.ID] = true
			return nil
		})
		if err != nil || n != 450 || len(ids) != 450 {
			t.Errorf("export of 450: n %d, %d distinct, %v", n, len(ids), err)
		}
	})
}
