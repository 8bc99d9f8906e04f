package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/demo"
	"github.com/remaker-bd/remaker/internal/server"
	"github.com/remaker-bd/remaker/internal/store"
)

const serveUsage = `Usage: remaker serve [flags]

Runs the web server. On first start it creates the database (SQLite in the
data directory unless --database names PostgreSQL) and brings it up to date.

Flags (each also read from the environment variable shown):
  --addr HOST:PORT      address to listen on (REMAKER_ADDR, default 127.0.0.1:8080)
  --data-dir DIR        where the SQLite database and uploads live (REMAKER_DATA_DIR, default ./data)
  --database URL        postgres://USER:PASS@HOST/DB to use PostgreSQL (REMAKER_DATABASE)
  --base-url URL        the public address, e.g. https://remaker.example.org (REMAKER_BASE_URL)
  --secure-cookies      mark cookies Secure; on by itself when --base-url is https (REMAKER_SECURE_COOKIES)
  --behind-proxy        trust X-Forwarded-For from a reverse proxy (REMAKER_BEHIND_PROXY)
  --log-format text|json  (REMAKER_LOG_FORMAT, default text)
  --log-level debug|info|warn|error  (REMAKER_LOG_LEVEL, default info)
  --visit-months 3,6,12  months after plan approval at which follow-up visits are due (REMAKER_VISIT_MONTHS)

Examples:
  remaker serve --data-dir /var/lib/remaker
  remaker serve --addr 0.0.0.0:8080 --base-url https://remaker.example.org --behind-proxy
  REMAKER_DATABASE=postgres://remaker@db/remaker remaker serve --data-dir /var/lib/remaker`

// serverFlags are shared by serve and demo.
type serverFlags struct {
	addr, dataDir, database, baseURL, logFormat, logLevel string
	visitMonths                                           string
	secureCookies, behindProxy                            bool
}

func (f *serverFlags) register(fs *flag.FlagSet, defaultDataDir string) {
	fs.StringVar(&f.addr, "addr", env("REMAKER_ADDR", "127.0.0.1:8080"), "")
	fs.StringVar(&f.dataDir, "data-dir", env("REMAKER_DATA_DIR", defaultDataDir), "")
	fs.StringVar(&f.database, "database", env("REMAKER_DATABASE", ""), "")
	fs.StringVar(&f.baseURL, "base-url", env("REMAKER_BASE_URL", ""), "")
	fs.BoolVar(&f.secureCookies, "secure-cookies", envBool("REMAKER_SECURE_COOKIES", false), "")
	fs.BoolVar(&f.behindProxy, "behind-proxy", envBool("REMAKER_BEHIND_PROXY", false), "")
	fs.StringVar(&f.logFormat, "log-format", env("REMAKER_LOG_FORMAT", "text"), "")
	fs.StringVar(&f.logLevel, "log-level", env("REMAKER_LOG_LEVEL", "info"), "")
	fs.StringVar(&f.visitMonths, "visit-months", env("REMAKER_VISIT_MONTHS", "3,6,12"), "")
}

// applyVisitMonths sets the follow-up intervals, "3,6,12" style.
func (f *serverFlags) applyVisitMonths(db *store.DB) error {
	var months []int
	for _, part := range strings.Split(f.visitMonths, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return fmt.Errorf("--visit-months %q: give whole numbers of months separated by commas, such as 3,6,12", f.visitMonths)
		}
		months = append(months, n)
	}
	if err := db.SetVisitIntervals(months); err != nil {
		return fmt.Errorf("--visit-months %q: give each interval as a whole number of months from 1 to 60", f.visitMonths)
	}
	return nil
}

func (f *serverFlags) setupLogging() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usageError{"--log-level must be debug, info, warn or error"}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f.logFormat {
	case "text":
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, opts)))
	case "json":
		slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, opts)))
	default:
		return usageError{"--log-format must be text or json"}
	}
	return nil
}

// openDB opens and migrates the database, explaining failures in one line.
func openDB(ctx context.Context, database, dataDir string) (*store.DB, error) {
	db, err := store.Open(ctx, database, dataDir)
	if err != nil {
		return nil, fmt.Errorf("%w (check --database / REMAKER_DATABASE and --data-dir / REMAKER_DATA_DIR)", err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		if errors.Is(err, store.ErrSchemaTooNew) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot bring the database schema up to date: %w", err)
	}
	if len(applied) > 0 {
		slog.Info("database migrated", "engine", db.Dialect(), "applied", applied, "version", store.LatestVersion(db.Dialect()))
	}
	return db, nil
}

func runServe(ctx context.Context, args []string) error {
	var f serverFlags
	fs := newFlags("serve")
	f.register(fs, "data")
	if err := parse(fs, serveUsage, args); err != nil {
		return err
	}
	if err := f.setupLogging(); err != nil {
		return err
	}
	db, err := openDB(ctx, f.database, f.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.CountUsers(ctx); err == nil && n == 0 {
		slog.Warn("no users yet: create an organisation and an administrator, e.g.\n" +
			"  remaker org add --code IOM --name \"IOM Bangladesh\" --kind iom\n" +
			"  remaker user add --org IOM --role admin --username admin   (reads the password from standard input)")
	}
	ln, err := listen(f.addr)
	if err != nil {
		return err
	}
	return serve(ctx, db, f, ln)
}

func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w (is another program using it? choose another with --addr)", addr, err)
	}
	return ln, nil
}

func serve(ctx context.Context, db *store.DB, f serverFlags, ln net.Listener) error {
	defer ln.Close()
	if err := f.applyVisitMonths(db); err != nil {
		return err
	}
	authSvc := auth.NewService(db, auth.DefaultConfig)
	srv, err := server.New(db, authSvc, server.Config{BaseURL: f.baseURL, SecureCookies: f.secureCookies, TrustProxy: f.behindProxy,
		Version: version, DataDir: f.dataDir})
	if err != nil {
		return err
	}
	// The built-in forms are loaded on every start; each version only once.
	if n, err := srv.Forms.LoadBuiltins(ctx); err != nil {
		return fmt.Errorf("cannot load the built-in forms: %w", err)
	} else if n > 0 {
		slog.Info("built-in forms loaded", "versions", n)
	}
	slog.Info("remaker is serving", "url", "http://"+ln.Addr().String(), "database", db.Dialect(), "version", version)
	return srv.Serve(ctx, ln)
}

const demoUsage = `Usage: remaker demo [flags]

Starts Remaker on a fresh demo dataset: IOM and the three partner
organisations of the REMA(K)ER project, with a user of every role, and
about 500 synthetic returnees with their households, migration history,
consents and cases at every stage. Prints
the address and the demo logins. Without --data-dir the demo lives in a
temporary folder that is removed when it stops.

Flags:
  --addr HOST:PORT       (REMAKER_ADDR, default 127.0.0.1:8080)
  --data-dir DIR         keep the demo in DIR, which must be empty (REMAKER_DATA_DIR)
  --database URL         run the demo on an empty PostgreSQL database instead (REMAKER_DATABASE)
  --demo-password PW     password of every demo user (default: a random one, printed)
  --log-format, --log-level  as for serve

Examples:
  remaker demo
  remaker demo --addr 127.0.0.1:9000 --demo-password demo-pass-2024`

func runDemo(ctx context.Context, args []string) error {
	var f serverFlags
	fs := newFlags("demo")
	f.register(fs, "")
	password := fs.String("demo-password", "", "")
	if err := parse(fs, demoUsage, args); err != nil {
		return err
	}
	if err := f.setupLogging(); err != nil {
		return err
	}
	if *password == "" {
		b := make([]byte, 9)
		rand.Read(b)
		*password = "demo-" + base64.RawURLEncoding.EncodeToString(b)
	}
	if err := auth.CheckPassword(*password, ""); err != nil {
		return usageError{"--demo-password: use at least 10 characters that are not a common password"}
	}
	if f.dataDir == "" && f.database == "" {
		dir, err := os.MkdirTemp("", "remaker-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		f.dataDir = dir
	}
	db, err := openDB(ctx, f.database, f.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	authSvc := auth.NewService(db, auth.DefaultConfig)
	if err := demo.Seed(ctx, db, authSvc, *password); err != nil {
		return err
	}
	ln, err := listen(f.addr)
	if err != nil {
		return err
	}
	where := db.Path()
	if where == "" {
		where = "PostgreSQL"
	} else {
		where, _ = filepath.Abs(where)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nRemaker demo is running at http://%s\nDatabase: %s\n\nDemo logins (password for all: %s)\n", ln.Addr(), where, *password)
	fmt.Fprintf(&b, "  %-18s %-22s %s\n", "USERNAME", "ROLE", "ORGANISATION")
	for _, l := range demo.Logins {
		fmt.Fprintf(&b, "  %-18s %-22s %s\n", l.Username, l.Role, l.Org)
	}
	b.WriteString("\nPress Ctrl+C to stop.\n")
	fmt.Print(b.String())
	return serve(ctx, db, f, ln)
}
