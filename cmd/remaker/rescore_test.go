package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/collect"
	"github.com/remaker-bd/remaker/internal/store"
)

func TestRescoreCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := collect.NewLibrary(db).LoadBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rescore(ctx, db, "", 10, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "remaker_rss: every score is from scoring version 1") {
		t.Errorf("output: %q", out.String())
	}
	if err := rescore(ctx, db, "remaker_followup", 10, &out); err == nil || !strings.Contains(err.Error(), "no scoring") {
		t.Errorf("a form without scoring: %v", err)
	}
	if err := rescore(ctx, db, "no_such_form", 10, &out); err == nil || !strings.Contains(err.Error(), "no form") {
		t.Errorf("an unknown form: %v", err)
	}
	if err := runRescore(ctx, []string{"--data-dir", dir, "--batch", "0"}); err == nil {
		t.Error("--batch 0 accepted")
	}
}
