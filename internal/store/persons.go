package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/registry"
)

// today is the date in Dhaka, which is what "today" means to a case worker.
func today() time.Time {
	t := time.Now().In(i18n.Dhaka)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// personScope restricts person queries to what a may see: every
// organisation for roles that span them, otherwise the actor's own.
// Roles that never see personal data get nothing.
func personScope(a app.Actor, col string) (string, []any, error) {
	if !a.SeesReturnees() {
		return "", nil, app.NotFound("person")
	}
	if a.AllOrgs() {
		return "", nil, nil
	}
	return " AND " + col + " = ?", []any{a.OrgID}, nil
}

func joinCodes(list []string) string { return strings.Join(list, " ") }

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

func nullDate(t *time.Time) any {
	if t == nil {
		return nil
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func wgValue(m map[string]int, domain string) any {
	if v, ok := m[domain]; ok {
		return v
	}
	return nil
}

// CreatePerson registers a person in the actor's organisation.
func (db *DB) CreatePerson(ctx context.Context, a app.Actor, p registry.Person) (registry.Person, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.CreatePerson(ctx, a, p)
		return err
	})
	return p, err
}

// CreatePerson registers a person inside a transaction, so that an import
// can add many people, and their episodes, all or nothing.
func (tx *Tx) CreatePerson(ctx context.Context, a app.Actor, p registry.Person) (registry.Person, error) {
	if !a.WritesCases() {
		return p, app.Errorf(app.EFORBIDDEN, "your role cannot register people")
	}
	if err := p.Validate(today()); err != nil {
		return p, err
	}
	p.ID, p.OrgID, p.CreatedBy = NewID(), a.OrgID, a.UserID
	p.CreatedAt = now()
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	if err := tx.checkHousehold(ctx, p); err != nil {
		return p, err
	}
	_, err := tx.exec(ctx, `INSERT INTO persons (id, org_id, household_id, name_bn, name_latin, sort_name, sex, birth_date, birth_estimated,
		ethnicity, religion, wg_seeing, wg_hearing, wg_walking, wg_cognition, wg_selfcare, wg_communication, education, phones,
		nid, passport, bmet_reg, division, district, upazila, union_code, village, languages, remigrate, import_key,
		created_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		p.ID, p.OrgID, nullString(p.HouseholdID), p.NameBn, p.NameLatin, registry.SortName(p), p.Sex, nullDate(p.BirthDate), p.BirthEstimated,
		p.Ethnicity, p.Religion, wgValue(p.WG, "seeing"), wgValue(p.WG, "hearing"), wgValue(p.WG, "walking"), wgValue(p.WG, "cognition"),
		wgValue(p.WG, "selfcare"), wgValue(p.WG, "communication"), p.Education, joinCodes(p.Phones),
		nullString(p.NID), nullString(p.Passport), nullString(p.BMETReg), p.Division, p.District, p.Upazila, p.Union, p.Village,
		joinCodes(p.Languages), p.Remigrate, nullString(p.ImportKey), nullString(p.CreatedBy), p.CreatedAt, p.UpdatedAt)
	if isUniqueViolation(err) {
		return p, duplicatePerson(err)
	}
	if err != nil {
		return p, dbError(err)
	}
	if err := tx.writeTerms(ctx, p); err != nil {
		return p, err
	}
	return p, tx.audit(ctx, a, ActCreate, "person", p.ID, p.OrgID, nil)
}

// duplicatePerson names which unique rule a new or changed person broke.
func duplicatePerson(err error) error {
	if strings.Contains(err.Error(), "import") {
		return app.Errorf(app.ECONFLICT, "this row was imported before")
	}
	return &app.Error{Code: app.ECONFLICT, Message: "please correct the highlighted fields",
		Fields: map[string]string{"nid": "this national ID is already registered in your organisation: search for the person instead"}}
}

func (tx *Tx) checkHousehold(ctx context.Context, p registry.Person) error {
	if p.HouseholdID == "" {
		return nil
	}
	var org string
	err := tx.queryRow(ctx, "SELECT org_id FROM households WHERE id = ?", p.HouseholdID).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && org != p.OrgID) {
		return &app.Error{Code: app.EINVALID, Message: "please correct the highlighted fields",
			Fields: map[string]string{"household_id": "no such household in your organisation"}}
	}
	return dbError(err)
}

// writeTerms replaces a person's search terms.
func (t *Tx) writeTerms(ctx context.Context, p registry.Person) error {
	if _, err := t.exec(ctx, "DELETE FROM person_terms WHERE person_id = ?", p.ID); err != nil {
		return dbError(err)
	}
	for _, term := range registry.SearchTerms(p) {
		if _, err := t.exec(ctx, "INSERT INTO person_terms (org_id, term, person_id) VALUES (?, ?, ?)", p.OrgID, term, p.ID); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// personColumns are read from "persons p".
const personColumns = `p.id, p.org_id, COALESCE(p.household_id, ''), p.name_bn, p.name_latin, p.sex, p.birth_date, p.birth_estimated,
	p.ethnicity, p.religion, p.wg_seeing, p.wg_hearing, p.wg_walking, p.wg_cognition, p.wg_selfcare, p.wg_communication,
	p.education, p.phones, COALESCE(p.nid, ''), COALESCE(p.passport, ''), COALESCE(p.bmet_reg, ''), p.division,
	p.district, p.upazila, p.union_code, p.village, p.languages, p.remigrate, COALESCE(p.created_by, ''), p.created_at,
	p.updated_at, p.version`

func scanPerson(row interface{ Scan(...any) error }) (registry.Person, error) {
	var p registry.Person
	var birth sql.NullTime
	var wg [6]sql.NullInt64
	var phones, langs string
	err := row.Scan(&p.ID, &p.OrgID, &p.HouseholdID, &p.NameBn, &p.NameLatin, &p.Sex, &birth, &p.BirthEstimated, &p.Ethnicity, &p.Religion,
		&wg[0], &wg[1], &wg[2], &wg[3], &wg[4], &wg[5], &p.Education, &phones,
		&p.NID, &p.Passport, &p.BMETReg, &p.Division, &p.District, &p.Upazila, &p.Union, &p.Village,
		&langs, &p.Remigrate, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return p, err
	}
	if birth.Valid {
		d := birth.Time.UTC()
		p.BirthDate = &d
	}
	for i, d := range registry.WGDomains {
		if wg[i].Valid {
			if p.WG == nil {
				p.WG = map[string]int{}
			}
			p.WG[d] = int(wg[i].Int64)
		}
	}
	p.Phones, p.Languages = splitCodes(phones), splitCodes(langs)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// PersonByID returns a person in a's scope and records the view in the
// audit trail: every look at a person's record is accounted for.
func (db *DB) PersonByID(ctx context.Context, a app.Actor, id string) (registry.Person, error) {
	scope, args, err := personScope(a, "p.org_id")
	if err != nil {
		return registry.Person{}, err
	}
	p, err := scanPerson(db.queryRow(ctx, "SELECT "+personColumns+" FROM persons p WHERE p.id = ?"+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, app.NotFound("person")
	}
	if err != nil {
		return p, dbError(err)
	}
	return p, db.Audit(ctx, a, ActView, "person", p.ID, p.OrgID, nil)
}

// UpdatePerson saves changes to a person; p.Version must be the version read.
func (db *DB) UpdatePerson(ctx context.Context, a app.Actor, p registry.Person) (registry.Person, error) {
	if !a.WritesCases() {
		return p, app.Errorf(app.EFORBIDDEN, "your role cannot change people's records")
	}
	if err := p.Validate(today()); err != nil {
		return p, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		old, err := scanPerson(tx.queryRow(ctx, "SELECT "+personColumns+" FROM persons p WHERE p.id = ? AND p.org_id = ?", p.ID, a.OrgID))
		if errors.Is(err, sql.ErrNoRows) {
			return app.NotFound("person")
		}
		if err != nil {
			return dbError(err)
		}
		if old.Version != p.Version {
			return app.Errorf(app.ECONFLICT, "someone else changed this record since you opened it; reload to see their changes, then make yours again")
		}
		// Household membership changes through the household, never as a
		// side effect of editing the person.
		p.OrgID, p.CreatedBy, p.CreatedAt, p.HouseholdID = old.OrgID, old.CreatedBy, old.CreatedAt, old.HouseholdID
		if err := tx.checkHousehold(ctx, p); err != nil {
			return err
		}
		p.UpdatedAt, p.Version = now(), old.Version+1
		res, err := tx.exec(ctx, `UPDATE persons SET household_id = ?, name_bn = ?, name_latin = ?, sort_name = ?, sex = ?, birth_date = ?,
			birth_estimated = ?, ethnicity = ?, religion = ?, wg_seeing = ?, wg_hearing = ?, wg_walking = ?, wg_cognition = ?, wg_selfcare = ?,
			wg_communication = ?, education = ?, phones = ?, nid = ?, passport = ?, bmet_reg = ?, division = ?, district = ?, upazila = ?,
			union_code = ?, village = ?, languages = ?, remigrate = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?`,
			nullString(p.HouseholdID), p.NameBn, p.NameLatin, registry.SortName(p), p.Sex, nullDate(p.BirthDate), p.BirthEstimated,
			p.Ethnicity, p.Religion, wgValue(p.WG, "seeing"), wgValue(p.WG, "hearing"), wgValue(p.WG, "walking"), wgValue(p.WG, "cognition"),
			wgValue(p.WG, "selfcare"), wgValue(p.WG, "communication"), p.Education, joinCodes(p.Phones), nullString(p.NID), nullString(p.Passport),
			nullString(p.BMETReg), p.Division, p.District, p.Upazila, p.Union, p.Village, joinCodes(p.Languages), p.Remigrate,
			p.UpdatedAt, p.Version, p.ID, old.Version)
		if isUniqueViolation(err) {
			return duplicatePerson(err)
		}
		if err != nil {
			return dbError(err)
		}
		// On PostgreSQL two saves may both read the same version; only one
		// updates the row, and the other must hear it lost.
		if n, _ := res.RowsAffected(); n == 0 {
			return app.Errorf(app.ECONFLICT, "someone else changed this record since you opened it; reload to see their changes, then make yours again")
		}
		if err := tx.writeTerms(ctx, p); err != nil {
			return err
		}
		return tx.audit(ctx, a, ActUpdate, "person", p.ID, p.OrgID, registry.Diff(old, p))
	})
	return p, err
}

// PersonQuery is a search of the register.
type PersonQuery struct {
	Text     string // a name in either script (partial), a phone or an ID number
	OrgID    string // for roles that see several organisations
	Sex      string
	District string
	// ReturnYear and Destination match any of the person's migration episodes.
	ReturnYear  int
	Destination string
	Limit       int
	Offset      int
}

// termMatches returns a query of the IDs of the people whose search terms
// match every word of text (the last as a prefix), or "" when text has no
// searchable word. Searches drive from it: a name, phone or ID gives a few
// IDs, each then read by primary key, rather than walking the whole
// organisation's register testing each person. The most telling word
// (registry.QueryParts) is one index range on (org_id, term), or on (term,
// person_id) for roles that see every organisation; every other word is a
// probe on (person_id, term) for each candidate, so "Md." costs nothing
// however many people share it.
func termMatches(a app.Actor, text string) (string, []any) {
	parts := registry.QueryParts(text)
	if len(parts) == 0 {
		return "", nil
	}
	match := func(alias string, p registry.QueryPart) (string, []any) {
		var ors []string
		var args []any
		if p.Prefix {
			for _, pre := range p.Terms {
				ors = append(ors, alias+".term >= ? AND "+alias+".term < ?")
				args = append(args, pre, pre+"\U0010FFFF")
			}
			return "((" + strings.Join(ors, ") OR (") + "))", args
		}
		for _, term := range p.Terms {
			args = append(args, term)
		}
		return alias + ".term IN (?" + strings.Repeat(", ?", len(p.Terms)-1) + ")", args
	}
	// The driver: one query per prefix keeps each an index range.
	var drivers []string
	var args []any
	lead := parts[0]
	scope, scopeArgs := "", []any(nil)
	if !a.AllOrgs() {
		scope, scopeArgs = "d.org_id = ? AND ", []any{a.OrgID}
	}
	var checks string
	var checkArgs []any
	for i, p := range parts[1:] {
		alias := fmt.Sprintf("x%d", i)
		cond, cargs := match(alias, p)
		checks += " AND EXISTS (SELECT 1 FROM person_terms " + alias + " WHERE " + alias + ".person_id = d.person_id AND " + cond + ")"
		checkArgs = append(checkArgs, cargs...)
	}
	leads := []registry.QueryPart{lead}
	if lead.Prefix {
		leads = nil
		for _, term := range lead.Terms {
			leads = append(leads, registry.QueryPart{Terms: []string{term}, Prefix: true})
		}
	}
	for _, l := range leads {
		cond, largs := match("d", l)
		drivers = append(drivers, "SELECT d.person_id FROM person_terms d WHERE "+scope+cond+checks)
		args = append(append(append(args, scopeArgs...), largs...), checkArgs...)
	}
	// UNION removes the duplicates of a person matched by several terms.
	if len(drivers) == 1 {
		return "SELECT DISTINCT" + strings.TrimPrefix(drivers[0], "SELECT"), args
	}
	return strings.Join(drivers, " UNION "), args
}

// episodeFilter returns the condition that the person in col has a
// migration episode returning in year and/or to destination.
func episodeFilter(col string, year int, destination string) (string, []any) {
	cond, args := "", []any{}
	if year != 0 {
		cond += " AND e.return_date >= ? AND e.return_date < ?"
		args = append(args, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	if destination != "" {
		cond += " AND e.destination = ?"
		args = append(args, destination)
	}
	return " AND EXISTS (SELECT 1 FROM migration_episodes e WHERE e.person_id = " + col + cond + ")", args
}

// PersonRow is a line of a search result.
type PersonRow struct {
	registry.Person
	OrgCode string `json:"org_code"`
}

// SearchPersons finds people in a's scope. Each word of the text must
// match a search term of the person (the last word as a prefix), so
// "md rahim" finds "Mohammad Abdur Rahim" and "মোঃ আব্দুর রহিম".
func (db *DB) SearchPersons(ctx context.Context, a app.Actor, q PersonQuery) ([]PersonRow, error) {
	query, args, err := personSearchSQL(a, q)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []PersonRow
	for rows.Next() {
		var r PersonRow
		var scanErr error
		r.Person, scanErr = scanPerson(scanAppend{rows, &r.OrgCode})
		if scanErr != nil {
			return nil, dbError(scanErr)
		}
		out = append(out, r)
	}
	return out, dbError(rows.Err())
}

// personSearchSQL builds the query of SearchPersons.
func personSearchSQL(a app.Actor, q PersonQuery) (string, []any, error) {
	scope, args, err := personScope(a, "p.org_id")
	if err != nil {
		return "", nil, err
	}
	where := "WHERE 1=1" + scope
	if q.OrgID != "" {
		where += " AND p.org_id = ?"
		args = append(args, q.OrgID)
	}
	if q.Sex != "" {
		where += " AND p.sex = ?"
		args = append(args, q.Sex)
	}
	if q.District != "" {
		where += " AND p.district = ?"
		args = append(args, q.District)
	}
	if q.ReturnYear != 0 || q.Destination != "" {
		cond, eargs := episodeFilter("p.id", q.ReturnYear, q.Destination)
		where += cond
		args = append(args, eargs...)
	}
	from := "persons p"
	if matches, margs := termMatches(a, q.Text); matches != "" {
		// CROSS JOIN keeps SQLite from reordering: the matches lead.
		from = "(" + matches + ") m CROSS JOIN persons p"
		where += " AND p.id = m.person_id"
		args = append(margs, args...)
	} else if q.Text != "" && strings.TrimSpace(q.Text) != "" {
		where += " AND 1=0" // nothing searchable in the text: nothing matches
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	return "SELECT " + personColumns + ", o.code FROM " + from + " JOIN organisations o ON o.id = p.org_id " +
		where + " ORDER BY p.sort_name, p.id LIMIT ? OFFSET ?", append(args, limit, max(q.Offset, 0)), nil
}

// scanAppend scans a row with one extra trailing column.
type scanAppend struct {
	rows  *sql.Rows
	extra *string
}

func (s scanAppend) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra)...) }
