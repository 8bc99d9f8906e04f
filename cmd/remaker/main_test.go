package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
)

func init() {
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
}

// cli runs the command line in-process and returns its exit code, standard
// output and standard error.
func cli(t *testing.T, input string, args ...string) (int, string, string) {
	t.Helper()
	stdin = strings.NewReader(input)
	outR, outW, _ := os.Pipe()
	errR, errW, _ := os.Pipe()
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outW, errW
	var help bytes.Buffer
	code := run(context.Background(), args, &help)
	os.Stdout, os.Stderr = oldOut, oldErr
	outW.Close()
	errW.Close()
	var out, errb bytes.Buffer
	out.ReadFrom(outR)
	errb.ReadFrom(errR)
	return code, help.String() + out.String(), errb.String()
}

func TestHelp(t *testing.T) {
	code, out, _ := cli(t, "", "help")
	for _, c := range []string{"serve", "demo", "migrate", "user", "org", "backup", "version"} {
		if code != 0 || !strings.Contains(out, "  "+c) {
			t.Errorf("help lacks %s", c)
		}
	}
	for _, c := range []string{"serve", "demo", "user", "org", "backup", "migrate"} {
		code, out, _ := cli(t, "", c, "-h")
		if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "Example") {
			t.Errorf("%s -h: code %d, output %q", c, code, out)
		}
	}
	if code, _, errs := cli(t, "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
}

func TestAdministrationCommands(t *testing.T) {
	dir := t.TempDir()
	dd := "--data-dir=" + dir
	if code, out, errs := cli(t, "", "migrate", dd); code != 0 || !strings.Contains(out, fmt.Sprintf("schema is at version %d", store.LatestVersion(store.SQLite))) {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, _, errs := cli(t, "", "org", "add", dd, "--code", "BNSK", "--name", "Bangladesh Nari Sramik Kendra", "--name-bn", "বাংলাদেশ নারী শ্রমিক কেন্দ্র", "--kind", "cso"); code != 0 {
		t.Fatalf("org add: %q", errs)
	}
	code, _, errs := cli(t, "", "org", "add", dd, "--code", "x", "--kind", "club")
	if code != 1 || !strings.Contains(errs, "--code") || !strings.Contains(errs, "--name-en") || !strings.Contains(errs, "--kind") {
		t.Errorf("bad org: %d %q", code, errs)
	}
	if code, out, _ := cli(t, "", "org", "list", dd); code != 0 || !strings.Contains(out, "BNSK") {
		t.Errorf("org list: %q", out)
	}
	// The password comes from standard input, never the command line.
	if code, out, errs := cli(t, "nodi-ar-akash-2024\n", "user", "add", dd, "--org", "bnsk", "--role", "case_worker", "--username", "rina", "--name", "Rina Begum"); code != 0 || !strings.Contains(out, "added rina") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	if code, _, errs := cli(t, "short\n", "user", "add", dd, "--org", "BNSK", "--role", "case_worker", "--username", "weak"); code != 1 || !strings.Contains(errs, "--password") {
		t.Errorf("weak password accepted: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "", "user", "add", dd, "--org", "BNSK", "--role", "case_worker", "--username", "nopw"); code != 1 || !strings.Contains(errs, "standard input") {
		t.Errorf("missing password: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "x-long-password-1\n", "user", "add", dd, "--org", "NOPE", "--role", "case_worker", "--username", "ghost"); code != 1 || !strings.Contains(errs, "org list") {
		t.Errorf("unknown org: %d %q", code, errs)
	}
	if code, _, _ := cli(t, "another-long-pass\n", "user", "passwd", dd, "--username", "rina"); code != 0 {
		t.Error("passwd failed")
	}
	if code, _, _ := cli(t, "", "user", "disable", dd, "--username", "rina"); code != 0 {
		t.Error("disable failed")
	}
	code, out, _ := cli(t, "", "user", "list", dd, "--org", "BNSK")
	if code != 0 || !strings.Contains(out, "rina") || !strings.Contains(out, "disabled") {
		t.Errorf("user list: %q", out)
	}
	if code, _, errs := cli(t, "", "user", "add", dd, "--org", "BNSK"); code != 2 || !strings.Contains(errs, "--username") {
		t.Errorf("missing flag: %d %q", code, errs)
	}

	// Backup makes a copy that opens and holds the data.
	dest := filepath.Join(t.TempDir(), "copy.db")
	if code, out, errs := cli(t, "", "backup", dd, dest); code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	db, err := store.Open(context.Background(), "sqlite:"+dest, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountUsers(context.Background()); n != 1 {
		t.Errorf("backup holds %d users, want 1", n)
	}
	if code, _, errs := cli(t, "", "backup", dd, dest); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("backup over an existing file: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "", "backup", "--database", "postgres://x@127.0.0.1/none", "f.db"); code != 1 || !strings.Contains(errs, "pg_dump") {
		t.Errorf("backup on PostgreSQL: %d %q", code, errs)
	}
}

func TestRefusesNewerSchemaInOneLine(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	db.Migrate(ctx)
	if err := db.ForceSchemaVersion(ctx, store.LatestVersion(store.SQLite)+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{{"migrate", "--data-dir=" + dir}, {"serve", "--data-dir=" + dir, "--addr=127.0.0.1:0"}, {"user", "list", "--data-dir=" + dir}} {
		code, _, errs := cli(t, "", args...)
		if code != 1 || !strings.Contains(errs, "newer") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
			t.Errorf("%v: code %d, stderr %q", args, code, errs)
		}
	}
	code, _, errs := cli(t, "", "serve", "--database", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "--addr=127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "PostgreSQL") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("unreachable PostgreSQL: code %d, stderr %q", code, errs)
	}
}
