package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// benchPersons is how many people the search benchmarks register:
// REMAKER_BENCH_PERSONS, 20,000 unless set.
func benchPersons() int {
	if n, err := strconv.Atoi(os.Getenv("REMAKER_BENCH_PERSONS")); err == nil && n > 0 {
		return n
	}
	return 20_000
}

var (
	benchGiven = [][2]string{{"Md. Abdur", "মোঃ আব্দুর"}, {"Mohammad", "মোহাম্মদ"}, {"Abul", "আবুল"}, {"Jamal", "জামাল"},
		{"Kamal", "কামাল"}, {"Rafiqul", "রফিকুল"}, {"Shahidul", "শহিদুল"}, {"Mst. Rokeya", "মোছাঃ রোকেয়া"}, {"Nasima", "নাসিমা"},
		{"Shirin", "শিরিন"}, {"Ching", "চিং"}, {"Jewel", "জুয়েল"}, {"Anwar", "আনোয়ার"}, {"Habib", "হাবিব"}}
	benchFamily = [][2]string{{"Rahim", "রহিম"}, {"Hossain", "হোসেন"}, {"Rahman", "রহমান"}, {"Islam", "ইসলাম"}, {"Uddin", "উদ্দিন"},
		{"Begum", "বেগম"}, {"Khatun", "খাতুন"}, {"Akter", "আক্তার"}, {"Chakma", "চাকমা"}, {"Marma", "মারমা"}, {"Miah", "মিয়া"},
		{"Sarkar", "সরকার"}, {"Talukder", "তালুকদার"}, {"Bhuiyan", "ভূঁইয়া"}}
)

// fillRegister registers n people in the BNSK organisation of f, a tenth
// of them with an open case, in transactions of a thousand.
func fillRegister(b *testing.B, db *store.DB, f fixture, n int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	cw := f.bnskCW.Actor()
	pr, err := db.CreateProject(ctx, app.System, store.Project{Code: "LM.0379", Title: "REMA(K)ER", PartnerIDs: []string{f.bnsk.ID}})
	if err != nil {
		b.Fatal(err)
	}
	for start := 0; start < n; start += 1000 {
		err := db.InTxForTest(ctx, func(tx *store.Tx) error {
			for i := start; i < min(start+1000, n); i++ {
				g, fam := benchGiven[rng.IntN(len(benchGiven))], benchFamily[rng.IntN(len(benchFamily))]
				p := registry.Person{NameLatin: g[0] + " " + fam[0], NameBn: g[1] + " " + fam[1], Sex: "male",
					Phones: []string{fmt.Sprintf("017%08d", i)}, District: "BD2051"}
				if _, err := tx.CreatePerson(ctx, cw, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// A case for some: the case list joins persons and cases.
	people, err := db.SearchPersons(ctx, cw, store.PersonQuery{Text: "jamal", Limit: 200})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range people {
		db.AddConsent(ctx, cw, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration, Method: "verbal", GivenOn: *date("2024-01-01")})
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.RecordScreening(ctx, cw, c.ID, casework.Screening{Indicators: []string{"no_income"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures the search box on a filled register.
func BenchmarkSearch(b *testing.B) {
	queries := []struct{ name, text string }{
		{"latin_two_words", "md rahim"},
		{"latin_prefix", "shahidul hoss"},
		{"bangla", "রোকেয়া খাতুন"},
		{"phone", "01700001234"},
		{"common_prefix", "m"},
	}
	for _, d := range testdb.Engines() {
		b.Run(string(d), func(b *testing.B) {
			db := testdb.Open(b, d)
			f := seed(b, db)
			fillRegister(b, db, f, benchPersons())
			cw := f.bnskCW.Actor()
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.SearchPersons(ctx, cw, store.PersonQuery{Text: q.text, Limit: 50}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("case_list_open_by_priority", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := db.ListCases(ctx, cw, store.CaseQuery{Status: "open", Sort: "priority"}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("case_list_text", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := db.ListCases(ctx, cw, store.CaseQuery{Text: "jamal"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
