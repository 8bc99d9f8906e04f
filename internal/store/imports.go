package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/registry/importer"
)

// ImportResult counts what an import did (or, checked without writing,
// would do).
type ImportResult struct {
	// ImportID names the import in the audit trail; "" for a check.
	ImportID string `json:"import_id,omitempty"`
	// Rows is the number of rows with people in the file.
	Rows int `json:"rows"`
	// Created counts the people added, Episodes their migration episodes.
	Created  int `json:"created"`
	Episodes int `json:"episodes"`
	// AlreadyImported counts rows imported before, by this organisation,
	// from this or another file; they are skipped.
	AlreadyImported int `json:"already_imported"`
	// Duplicates counts rows repeating an earlier row of the same file.
	Duplicates int `json:"duplicates"`
}

// importChunk bounds the values in one IN (...) list.
const importChunk = 500

// importPlan sorts an import's rows: which are new, which were imported
// before, and which would break a rule of the database (a national ID
// already registered in the organisation).
type importPlan struct {
	keys     []string // per row
	create   []bool   // per row
	result   ImportResult
	problems []importer.Problem
}

// planImport looks up the rows' import keys and national IDs in the
// actor's organisation, through q (the reader pool for a check, the
// transaction for an import).
func planImport(ctx context.Context, db *DB, q queryer, a app.Actor, rows []importer.Row) (importPlan, error) {
	p := importPlan{keys: make([]string, len(rows)), create: make([]bool, len(rows))}
	p.result.Rows = len(rows)
	var keys, nids []string
	for i, r := range rows {
		p.keys[i] = importer.Key(a.OrgID, r.Fingerprint)
		keys = append(keys, p.keys[i])
		if r.Person.NID != "" {
			nids = append(nids, r.Person.NID)
		}
	}
	known, err := existing(ctx, db, q, "import_key", a.OrgID, keys)
	if err != nil {
		return p, err
	}
	registered, err := existing(ctx, db, q, "nid", a.OrgID, nids)
	if err != nil {
		return p, err
	}
	seen := map[string]bool{}
	for i, r := range rows {
		switch k := p.keys[i]; {
		case known[k]:
			p.result.AlreadyImported++
		case seen[k] || r.DuplicateOf > 0:
			p.result.Duplicates++
		case r.Person.NID != "" && registered[r.Person.NID]:
			p.problems = append(p.problems, r.Problem("nid", "this national ID is already registered in your organisation: search for the person instead"))
		default:
			seen[k] = true
			p.create[i] = true
			p.result.Created++
			if r.Episode != nil {
				p.result.Episodes++
			}
		}
	}
	return p, nil
}

// existing returns which of values the column col holds in org's persons.
func existing(ctx context.Context, db *DB, q queryer, col, org string, values []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(values) > 0 {
		n := min(len(values), importChunk)
		chunk := values[:n]
		values = values[n:]
		args := make([]any, 0, n+1)
		args = append(args, org)
		for _, v := range chunk {
			args = append(args, v)
		}
		rows, err := q.QueryContext(ctx, db.q("SELECT "+col+" FROM persons WHERE org_id = ? AND "+col+" IN (?"+
			strings.Repeat(", ?", n-1)+")"), args...)
		if err != nil {
			return nil, dbError(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			out[v] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, dbError(err)
		}
	}
	return out, nil
}

// CheckImport says what importing rows would do, without writing: how
// many people are new, imported before or repeated, and the rows that
// the database would refuse (a national ID already registered).
func (db *DB) CheckImport(ctx context.Context, a app.Actor, rows []importer.Row) (ImportResult, []importer.Problem, error) {
	if !a.WritesCases() {
		return ImportResult{}, nil, app.Errorf(app.EFORBIDDEN, "your role cannot import people: ask a case worker or an organisation manager")
	}
	p, err := planImport(ctx, db, db.r, a, rows)
	return p.result, p.problems, err
}

// ImportPersons adds the rows' people, and their latest migration
// episodes, to the actor's organisation in one transaction: all of them
// or, at the first problem, none. Rows imported before (by import key)
// and rows repeating an earlier row are skipped and counted. progress,
// when not nil, is called after each row with the rows done and the total.
func (db *DB) ImportPersons(ctx context.Context, a app.Actor, rows []importer.Row, progress func(done, total int)) (ImportResult, error) {
	if !a.WritesCases() {
		return ImportResult{}, app.Errorf(app.EFORBIDDEN, "your role cannot import people: ask a case worker or an organisation manager")
	}
	var res ImportResult
	err := db.inTx(ctx, func(tx *Tx) error {
		plan, err := planImport(ctx, db, tx.tx, a, rows)
		if err != nil {
			return err
		}
		if len(plan.problems) > 0 {
			return importer.ProblemsError(plan.problems, len(plan.problems))
		}
		res = plan.result
		res.ImportID = NewID()
		for i, r := range rows {
			if err := ctx.Err(); err != nil {
				return app.Errorf(app.EUNAVAILABLE, "the import was interrupted before it finished, so nothing was imported: try again")
			}
			if plan.create[i] {
				p := r.Person
				p.ImportKey = plan.keys[i]
				p.HouseholdID = ""
				created, err := tx.CreatePerson(ctx, a, p)
				if err != nil {
					return r.Fail(err)
				}
				if r.Episode != nil {
					e := *r.Episode
					e.PersonID = created.ID
					if _, err := tx.AddEpisode(ctx, a, e); err != nil {
						return r.Fail(err)
					}
				}
			}
			if progress != nil {
				progress(i+1, len(rows))
			}
		}
		return tx.audit(ctx, a, ActImport, "import", res.ImportID, a.OrgID, map[string]any{
			"rows": res.Rows, "created": res.Created, "episodes": res.Episodes,
			"already_imported": res.AlreadyImported, "duplicates": res.Duplicates,
		})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// MaxExportRows bounds one export: a larger list is exported in parts,
// narrowed by organisation, district or sex.
const MaxExportRows = 50_000

// exportPage is the page size of an export's reads (SearchPersons' largest).
const exportPage = 200

// ExportRow is one person of an export with the latest migration episode.
type ExportRow struct {
	PersonRow
	Episode *registry.Episode
}

// ExportPersons calls each for every person matching q in a's scope, in
// the order of the people list, with their latest migration episode, and
// records one "export" entry in the audit trail with the filter, the
// format and the number of people read. It reads through SearchPersons,
// so an export holds exactly what the list shows, with every filter the
// list has. More than MaxExportRows people is refused before any is
// handed out. Roles that never see returnees may not export.
func (db *DB) ExportPersons(ctx context.Context, a app.Actor, q PersonQuery, format string, each func(ExportRow) error) (int, error) {
	if !a.SeesReturnees() {
		return 0, app.Errorf(app.EFORBIDDEN, "your role cannot export people's records")
	}
	var all []ExportRow
	seen := map[string]bool{}
	for offset := 0; ; offset += exportPage {
		page := q
		page.Limit, page.Offset = exportPage, offset
		rows, err := db.SearchPersons(ctx, a, page)
		if err != nil {
			return 0, err
		}
		ids := make([]string, 0, len(rows))
		for _, r := range rows {
			// Paging by offset: a person added meanwhile can shift a row
			// into the next page; never list anyone twice.
			if !seen[r.ID] {
				seen[r.ID] = true
				all = append(all, ExportRow{PersonRow: r})
				ids = append(ids, r.ID)
			}
		}
		if len(all) > MaxExportRows {
			return 0, app.Errorf(app.EINVALID, "more than %d people match these filters: narrow them (by organisation, district or sex) and export in parts", MaxExportRows)
		}
		if err := db.latestEpisodes(ctx, all[len(all)-len(ids):], ids); err != nil {
			return 0, err
		}
		if len(rows) < exportPage {
			break
		}
	}
	n := 0
	var err error
	for _, r := range all {
		if err = each(r); err != nil {
			break
		}
		n++
	}
	// The filter as given, whatever fields PersonQuery grows: the audit
	// names what was asked for, not only what this code knows of.
	f := q
	f.Limit, f.Offset = 0, 0
	var filter map[string]any
	if b, jerr := json.Marshal(f); jerr == nil && json.Unmarshal(b, &filter) == nil {
		for k, v := range filter {
			if v == "" || v == float64(0) || v == nil || v == false {
				delete(filter, k)
			}
		}
	}
	org := q.OrgID
	if org == "" && !a.AllOrgs() {
		org = a.OrgID
	}
	if aerr := db.Audit(ctx, a, ActExport, "person", "", org, map[string]any{"format": format, "filter": filter, "rows": n}); err == nil {
		err = aerr
	}
	return n, err
}

// latestEpisodes fills in each row's latest migration episode (latest
// return first, as ListEpisodes orders them). The rows are already in
// the actor's scope, and an episode always belongs to its person's
// organisation.
func (db *DB) latestEpisodes(ctx context.Context, rows []ExportRow, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	byID := make(map[string]*ExportRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	eps, err := queryAll(ctx, db, scanEpisode, `SELECT id, person_id, org_id, destination, occupation_isco, skill_category,
		departure_date, return_date, channel, cost_minor, cost_currency, financing, return_type, unpaid_wages_minor,
		unpaid_wages_currency, documents, created_at, updated_at, version
		FROM migration_episodes WHERE person_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)
		ORDER BY person_id, return_date DESC, created_at DESC`, args...)
	if err != nil {
		return err
	}
	for i := range eps {
		e := eps[i]
		if r := byID[e.PersonID]; r != nil && r.Episode == nil {
			r.Episode = &e
		}
	}
	return nil
}

func scanEpisode(row interface{ Scan(...any) error }) (registry.Episode, error) {
	var e registry.Episode
	var dep, ret sql.NullTime
	var cost, wages sql.NullInt64
	var fin, docs string
	if err := row.Scan(&e.ID, &e.PersonID, &e.OrgID, &e.Destination, &e.OccupationISCO, &e.SkillCategory, &dep, &ret, &e.Channel,
		&cost, &e.CostCurrency, &fin, &e.ReturnType, &wages, &e.UnpaidWagesCurrency, &docs, &e.CreatedAt, &e.UpdatedAt, &e.Version); err != nil {
		return e, err
	}
	e.DepartureDate, e.ReturnDate = nullTime(dep), nullTime(ret)
	e.CostMinor, e.UnpaidWagesMinor = int64Ptr(cost), int64Ptr(wages)
	e.Financing, e.Documents = splitCodes(fin), splitCodes(docs)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}
