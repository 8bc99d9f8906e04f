package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/gen"
)

const genUsage = `Usage: remaker gen --persons N [flags]

Writes a large synthetic caseload for benchmarks into the database: people
drawn like the demo's (names in Bangla and Latin script with their variants,
homes by census population, destinations by BMET outflows) with households,
migration histories, skills and consents; most with a case, a screening,
follow-up screenings and visits, an approved plan and about two payments.
Creates the demo organisations and users when they are missing. The same
--seed gives the same people. Shows a progress bar on standard error.

Refuses a database that already holds people unless --append is given.

Flags:
  --persons N        how many people (1 to 2,000,000)
  --seed S           which people (default 1)
  --append           add to a database that already holds people
  --password PW      password of the demo users gen creates (default: a random one, printed)
  --batch N          people per transaction (default 5000)
` + dbFlagsUsage + `

Examples:
  remaker gen --persons 10000 --data-dir /tmp/remaker-10k
  remaker gen --persons 1000000 --database postgres://postgres@127.0.0.1/remaker_gen --password bench-pass-2026`

func runGen(ctx context.Context, args []string) error {
	var f dbFlags
	fs := newFlags("gen")
	f.register(fs)
	persons := fs.Int("persons", 0, "")
	seed := fs.Uint64("seed", 1, "")
	appendTo := fs.Bool("append", false, "")
	password := fs.String("password", "", "")
	batch := fs.Int("batch", 5000, "")
	if err := parse(fs, genUsage, args); err != nil {
		return err
	}
	if *persons < 1 || *persons > gen.MaxPersons {
		return usageError{fmt.Sprintf("--persons must be from 1 to %d", gen.MaxPersons)}
	}
	if *batch < 1 || *batch > 100_000 {
		return usageError{"--batch must be from 1 to 100000"}
	}
	db, err := openDB(ctx, f.database, f.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	authSvc := auth.NewService(db, auth.DefaultConfig)
	// The batches are short-lived garbage: collect less often.
	debug.SetGCPercent(400)
	res, err := gen.Run(ctx, db, authSvc, f.database, gen.Options{Persons: *persons, Seed: *seed, Append: *appendTo,
		Password: *password, Progress: os.Stderr, BatchPersons: *batch})
	if err != nil {
		return errorText(err)
	}
	fmt.Printf("generated %d people in %s (%s)\n", res.Persons, res.Elapsed.Round(1e8), db.Dialect())
	names := make([]string, 0, len(res.Rows))
	for k := range res.Rows {
		names = append(names, k)
	}
	slices.Sort(names)
	var parts []string
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%s %d", k, res.Rows[k]))
	}
	fmt.Println("rows:", strings.Join(parts, ", "))
	if res.Password != "" {
		fmt.Printf("demo users (admin, iom.pm, bnsk.worker, ...) were created with the password: %s\n", res.Password)
	}
	return nil
}
