package gen

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func init() {
	// Cheap password hashes keep the tests fast; the code path is the same.
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
}

var testDay = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// fresh opens an empty migrated database of dialect d and returns it with
// the URL gen needs for its own connection.
func fresh(t *testing.T, d store.Dialect) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	url := ""
	var db *store.DB
	var err error
	if d == store.Postgres {
		url = testdb.URLWithSchema(t)
		db, err = store.Open(ctx, url, "")
	} else {
		db, err = store.Open(ctx, "", t.TempDir())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, url
}

func run(t *testing.T, db *store.DB, url string, o Options) Result {
	t.Helper()
	if o.Day.IsZero() {
		o.Day = testDay
	}
	if o.Password == "" {
		o.Password = "generated-users-pass-2026"
	}
	res, err := Run(context.Background(), db, authFor(db), url, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// idColumns hold the IDs of organisations, users, the project, budget
// lines and rates, which the store draws at random when gen creates them.
var idColumns = map[string]bool{"org_id": true, "created_by": true, "assigned_to": true, "actor_id": true, "decided_by": true,
	"submitted_by": true, "budget_line_id": true, "rate_id": true, "responsible_org_id": true, "project_id": true, "shared_with_org": true,
	"editors": true}

// dump reads every generated table in a stable order, without the columns
// of idColumns.
func dump(t *testing.T, db *store.DB, url string) string {
	t.Helper()
	ctx := context.Background()
	var raw *sql.DB
	var err error
	if db.Dialect() == store.Postgres {
		raw, err = sql.Open("pgx", url)
	} else {
		raw, err = sql.Open("sqlite", "file:"+db.Path()+"?_pragma=query_only(1)&_time_format=sqlite")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var b strings.Builder
	for _, name := range bulkTables {
		var cols []string
		for _, c := range columns[name] {
			if !idColumns[c] {
				cols = append(cols, c)
			}
		}
		rows, err := raw.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+name+" ORDER BY "+strings.Join(cols, ", "))
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", name, vals)
			n++
		}
		rows.Close()
		if n == 0 && name != "visits" {
			t.Errorf("gen wrote no rows to %s", name)
		}
	}
	return b.String()
}

func TestGenDeterministic(t *testing.T) {
	eachEngine(t, func(t *testing.T, d store.Dialect) {
		{
			db1, url1 := fresh(t, d)
			db2, url2 := fresh(t, d)
			o := Options{Persons: 150, Seed: 42, BatchPersons: 40}
			run(t, db1, url1, o)
			run(t, db2, url2, o)
			a, b := dump(t, db1, url1), dump(t, db2, url2)
			if a != b {
				la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
				for i := range min(len(la), len(lb)) {
					if la[i] != lb[i] {
						t.Fatalf("the same seed gave different rows:\n%s\n%s", la[i], lb[i])
					}
				}
				t.Fatalf("the same seed gave %d and %d rows", len(la), len(lb))
			}
			db3, url3 := fresh(t, d)
			run(t, db3, url3, Options{Persons: 150, Seed: 43, BatchPersons: 40})
			if dump(t, db3, url3) == a {
				t.Error("another seed gave the same people")
			}
		}
	})
}

func TestGenRefusesDatabaseWithPeople(t *testing.T) {
	eachEngine(t, func(t *testing.T, d store.Dialect) {
		db, url := fresh(t, d)
		run(t, db, url, Options{Persons: 30, Seed: 1})
		_, err := Run(context.Background(), db, auth.NewService(db, auth.DefaultConfig), url, Options{Persons: 10, Seed: 1, Day: testDay})
		if err == nil || !strings.Contains(err.Error(), "--append") {
			t.Fatalf("a second run without --append: %v, want a refusal naming --append", err)
		}
		// With --append, the same seed adds other people, indexes kept.
		res := run(t, db, url, Options{Persons: 20, Seed: 1, Append: true})
		if res.Persons != 20 {
			t.Fatalf("appended %d people, want 20", res.Persons)
		}
		pm, err := db.UserByUsername(context.Background(), "iom.pm")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.SearchPersons(context.Background(), pm.Actor(), store.PersonQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 50 {
			t.Errorf("%d people after appending, want 50", len(rows))
		}
	})
}

// TestGenPassesValidation reads generated records back through the store
// and checks them with the validation a person entering them faces, and
// finds generated people with the register's search.
func TestGenPassesValidation(t *testing.T) {
	eachEngine(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		db, url := fresh(t, d)
		run(t, db, url, Options{Persons: 200, Seed: 5, BatchPersons: 64})
		today := time.Now().UTC()
		found, withCase := 0, 0
		for _, username := range []string{"bnsk.worker", "rmmru.worker", "warbe.worker"} {
			u, err := db.UserByUsername(ctx, username)
			if err != nil {
				t.Fatal(err)
			}
			a := u.Actor()
			rows, err := db.SearchPersons(ctx, a, store.PersonQuery{Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 {
				t.Fatalf("%s sees no generated people", username)
			}
			for _, r := range rows {
				p, err := db.PersonByID(ctx, a, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if err := p.Validate(today); err != nil {
					t.Errorf("generated person %s fails validation: %v", p.ID, err)
				}
				eps, err := db.ListEpisodes(ctx, a, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, ep := range eps {
					if err := ep.Validate(today); err != nil {
						t.Errorf("generated episode of %s fails validation: %v", p.ID, err)
					}
				}
				// The search finds the person by their name and by their phone.
				name := p.NameLatin
				if name == "" {
					name = p.NameBn
				}
				hits, err := db.SearchPersons(ctx, a, store.PersonQuery{Text: name, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				if !containsPerson(hits, p.ID) {
					t.Errorf("searching %q does not find generated person %s", name, p.ID)
				} else {
					found++
				}
				if len(p.Phones) > 0 {
					hits, err := db.SearchPersons(ctx, a, store.PersonQuery{Text: p.Phones[0]})
					if err != nil {
						t.Fatal(err)
					}
					if !containsPerson(hits, p.ID) {
						t.Errorf("searching phone %s does not find generated person %s", p.Phones[0], p.ID)
					}
				}
			}
			cases, _, err := db.ListCases(ctx, a, store.CaseQuery{Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				withCase++
				if _, err := db.CaseByID(ctx, a, c.ID); err != nil {
					t.Errorf("generated case %s does not open: %v", c.Reference, err)
				}
				if _, err := db.CaseLedger(ctx, a, c.ID); err != nil {
					t.Errorf("ledger of generated case %s: %v", c.Reference, err)
				}
			}
		}
		if found == 0 || withCase == 0 {
			t.Errorf("found %d people by name and %d cases", found, withCase)
		}
	})
}

func containsPerson(rows []store.PersonRow, id string) bool {
	for _, r := range rows {
		if r.ID == id {
			return true
		}
	}
	return false
}

func eachEngine(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

func authFor(db *store.DB) *auth.Service { return auth.NewService(db, auth.DefaultConfig) }
