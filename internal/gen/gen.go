// Package gen writes a large synthetic caseload for benchmarks: "remaker
// gen --persons N". Its people are the demo's (internal/demo draws them:
// names in both scripts with their register variants, homes by census
// population, destinations by BMET outflows), each with a household,
// migration history, skills and consents; most with a case in the
// REMA(K)ER-like project "GEN", a vulnerability screening, a follow-up
// screening and monitoring visits for those far enough along, an approved
// plan and about two payments against it.
//
// Everything is written in bulk on a connection of gen's own: multi-row
// INSERTs on SQLite, COPY on PostgreSQL, a few thousand people to a
// transaction, with the search terms and sort names computed exactly as
// the store computes them. Every record first passes the validation a
// person entering it would face (registry, casework, programme, followup).
// Instead of one audit line per record, each batch writes one audit line
// ("create", object "generated_batch") naming the seed and the people it
// holds.
package gen

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/demo"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
)

// MaxPersons bounds one run.
const MaxPersons = 2_000_000

// Options say what to generate.
type Options struct {
	Persons int
	Seed    uint64
	// Append allows a database that already holds people.
	Append bool
	// Password is given to the demo users gen creates (those missing).
	// Empty: a random one, reported in Result.
	Password string
	// Day is the day the caseload is dated from (zero: today in Dhaka).
	Day time.Time
	// Progress receives a progress bar redrawn with \r; nil for none.
	Progress io.Writer
	// BatchPersons is how many people go in one transaction (default 5,000).
	BatchPersons int
	// KeepIndexes keeps the secondary indexes during a fresh load instead
	// of building them at the end (slower; for tests of the index set).
	KeepIndexes bool
}

// Result reports a run.
type Result struct {
	Persons  int
	Rows     map[string]int64
	Password string // the demo users' password, when gen created them with a random one
	Elapsed  time.Duration
}

// Run generates o.Persons people into db. databaseURL is what db was
// opened with ("" or sqlite:... for SQLite): gen opens a connection of its
// own for the bulk writes.
func Run(ctx context.Context, db *store.DB, authSvc *auth.Service, databaseURL string, o Options) (Result, error) {
	start := time.Now()
	res := Result{Rows: map[string]int64{}}
	if o.Persons < 1 || o.Persons > MaxPersons {
		return res, fmt.Errorf("--persons must be from 1 to %d", MaxPersons)
	}
	if o.BatchPersons <= 0 {
		o.BatchPersons = 5000
	}
	if o.Day.IsZero() {
		t := time.Now().In(i18n.Dhaka)
		o.Day = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	var s sink
	var err error
	if db.Dialect() == store.Postgres {
		s, err = openPGSink(ctx, databaseURL)
	} else {
		s, err = openSQLiteSink(ctx, db.Path())
	}
	if err != nil {
		return res, fmt.Errorf("cannot open a bulk-load connection: %w", err)
	}
	defer s.close()

	existing, err := s.queryInt(ctx, "SELECT COUNT(*) FROM persons")
	if err != nil {
		return res, err
	}
	if existing > 0 && !o.Append {
		return res, fmt.Errorf("the database already holds %d people: pass --append to add to them, or generate into an empty database", existing)
	}
	env, err := setup(ctx, db, authSvc, s, &o, &res)
	if err != nil {
		return res, err
	}
	var restore []string
	if existing == 0 && !o.KeepIndexes {
		if restore, err = dropIndexes(ctx, s, db.Dialect()); err != nil {
			return res, err
		}
	}
	err = generate(ctx, s, env, o, int(existing), &res)
	if len(restore) > 0 {
		// Indexes come back even when the run stopped half-way.
		if e := buildIndexes(context.WithoutCancel(ctx), s, restore, o.Progress); err == nil {
			err = e
		}
	}
	if err == nil && db.Dialect() == store.Postgres {
		err = s.exec(ctx, "ANALYZE")
	}
	res.Elapsed = time.Since(start)
	return res, err
}

// env is what setup found or created: organisations, users, the project,
// budget lines and exchange rates.
type env struct {
	day       time.Time
	orgIDs    map[string]string     // by code
	users     map[string]store.User // by username
	projectID string
	lines     map[string]string // direct assistance budget line by org code
	rates     []programme.ExchangeRate
}

// GenProject is the project gen opens its cases in.
const GenProject = "GEN.0001"

// setup finds or creates, through the store (so with its checks and audit),
// the demo organisations and users, the project, its budget lines and the
// exchange rates.
func setup(ctx context.Context, db *store.DB, authSvc *auth.Service, s sink, o *Options, res *Result) (*env, error) {
	e := &env{day: o.Day, orgIDs: map[string]string{}, users: map[string]store.User{}, lines: map[string]string{}}
	for _, org := range demo.Orgs {
		got, err := db.OrgByCode(ctx, org.Code)
		if app.ErrorCode(err) == app.ENOTFOUND {
			got, err = db.CreateOrg(ctx, app.System, org)
		}
		if err != nil {
			return nil, fmt.Errorf("organisation %s: %w", org.Code, err)
		}
		e.orgIDs[org.Code] = got.ID
	}
	for _, l := range demo.Logins {
		u, err := db.UserByUsername(ctx, l.Username)
		if app.ErrorCode(err) == app.ENOTFOUND {
			if o.Password == "" {
				b := make([]byte, 12)
				rand.Read(b)
				o.Password = base64.RawURLEncoding.EncodeToString(b)
				res.Password = o.Password
			}
			lang := "bn"
			if l.Org == "IOM" {
				lang = "en"
			}
			u, err = authSvc.CreateUser(ctx, app.System, store.NewUser{OrgID: e.orgIDs[l.Org], Username: l.Username,
				FullName: l.FullName, Role: l.Role, Lang: lang}, o.Password)
		}
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", l.Username, err)
		}
		e.users[l.Username] = u
	}
	pm := e.users["iom.pm"].Actor()
	shares := demo.SynthOrgShares()
	total := 0
	for _, n := range shares {
		total += n
	}
	projects, err := db.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range projects {
		if p.Code == GenProject {
			e.projectID = p.ID
		}
	}
	// USD 1,500 of direct assistance a person: more than the plans below commit.
	perOrg := map[string]int64{}
	var budget int64
	for code, n := range shares {
		perOrg[code] = int64(o.Persons) * int64(n) / int64(total) * 1500 * 100
		budget += perOrg[code]
	}
	if e.projectID == "" {
		start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(o.Day.Year()+2, 12, 31, 0, 0, 0, 0, time.UTC)
		var partners []string
		for code := range shares {
			partners = append(partners, e.orgIDs[code])
		}
		p, err := db.CreateProject(ctx, pm, store.Project{Code: GenProject, Title: "Generated caseload (remaker gen)",
			Type: "Labour Migration", StartDate: &start, EndDate: &end, Status: "active", BudgetMinor: budget, Currency: "USD",
			Fund: "Synthetic", Region: "Asia and Oceania", Coverage: "National", MemberStates: "Bangladesh", PartnerIDs: partners})
		if err != nil {
			return nil, fmt.Errorf("project: %w", err)
		}
		e.projectID = p.ID
	}
	have, err := s.queryStrings(ctx, "SELECT org_id, id FROM budget_lines WHERE project_id = ? AND category = ?", e.projectID, programme.DirectAssistance)
	if err != nil {
		return nil, err
	}
	for code, id := range e.orgIDs {
		for _, h := range have {
			if h[0] == id {
				e.lines[code] = h[1]
			}
		}
	}
	for code := range shares {
		if e.lines[code] != "" {
			continue
		}
		l, err := db.CreateBudgetLine(ctx, pm, programme.BudgetLine{ProjectID: e.projectID, OrgID: e.orgIDs[code],
			Category: programme.DirectAssistance, PlannedMinor: perOrg[code], Currency: "USD"})
		if err != nil {
			return nil, fmt.Errorf("budget line of %s: %w", code, err)
		}
		e.lines[code] = l.ID
	}
	if e.rates, err = db.ListExchangeRates(ctx, pm); err != nil {
		return nil, err
	}
	if _, ok := programme.RateOn(e.rates, programme.USD, programme.BDT, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)); !ok {
		for _, r := range yearlyRates(o.Day) {
			saved, err := db.AddExchangeRate(ctx, pm, r)
			if err != nil && app.ErrorCode(err) != app.ECONFLICT {
				return nil, fmt.Errorf("exchange rate from %s: %w", r.ValidFrom.Format(time.DateOnly), err)
			}
			if err == nil {
				e.rates = append(e.rates, saved)
			}
		}
	}
	return e, nil
}

// yearlyRates are approximate taka-per-dollar rates, one a year from 2015
// (the generator's earliest case) to day: the level of the market,
// rounded, not official figures.
func yearlyRates(day time.Time) []programme.ExchangeRate {
	byYear := map[int]float64{2015: 78.0, 2016: 78.5, 2017: 80.5, 2018: 83.5, 2019: 84.2, 2020: 84.9, 2021: 84.8, 2022: 87.5,
		2023: 108.5, 2024: 117.0, 2025: 122.0}
	var out []programme.ExchangeRate
	for y := 2015; y <= day.Year(); y++ {
		r, ok := byYear[y]
		if !ok {
			r = 122.0
		}
		out = append(out, programme.ExchangeRate{Base: programme.USD, Quote: programme.BDT, ValidFrom: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
			RateMicro: int64(r*100+0.5) * 10_000, Source: "remaker gen: approximate market rate"})
	}
	return out
}

// bulkTables are the tables gen fills, parents first.
var bulkTables = []string{"households", "persons", "person_terms", "household_members", "migration_episodes", "person_skills",
	"consents", "cases", "case_events", "screenings", "plans", "plan_items", "ledger_entries", "visits"}

// dropIndexes drops the secondary indexes of the bulk tables (not the
// primary keys) and returns the statements that build them again: an
// index built once at the end of a fresh load is much faster than one
// kept up row by row.
func dropIndexes(ctx context.Context, s sink, d store.Dialect) ([]string, error) {
	in := "'" + strings.Join(bulkTables, "', '") + "'"
	var rows [][2]string
	var err error
	if d == store.Postgres {
		rows, err = s.queryStrings(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
			AND tablename IN (`+in+`) AND indexname NOT IN (SELECT conname FROM pg_constraint)`)
	} else {
		rows, err = s.queryStrings(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
			AND tbl_name IN (`+in+`)`)
	}
	if err != nil {
		return nil, err
	}
	var create []string
	for _, r := range rows {
		if err := s.exec(ctx, "DROP INDEX "+r[0]); err != nil {
			return create, err
		}
		create = append(create, r[1])
	}
	return create, nil
}

func buildIndexes(ctx context.Context, s sink, create []string, progress io.Writer) error {
	for i, q := range create {
		if progress != nil {
			fmt.Fprintf(progress, "\rbuilding indexes %d/%d\x1b[K", i+1, len(create))
		}
		if err := s.exec(ctx, q); err != nil {
			return fmt.Errorf("cannot build index again (%s): %w", q, err)
		}
	}
	if progress != nil && len(create) > 0 {
		fmt.Fprintln(progress)
	}
	return nil
}
