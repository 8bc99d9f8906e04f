// Command remaker is the whole of Remaker in one binary: the web server,
// the demo, database migrations and the administrator's tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	name, summary, usage string
	run                  func(ctx context.Context, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "run the web server", serveUsage, runServe},
		{"demo", "run the server on a fresh demo dataset", demoUsage, runDemo},
		{"migrate", "bring the database schema up to date", migrateUsage, runMigrate},
		{"user", "add, list, disable users or set a password", userUsage, runUser},
		{"org", "add or list organisations", orgUsage, runOrg},
		{"backup", "copy the database to a file while the server runs", backupUsage, runBackup},
		{"rescore", "recompute scores after a scoring change", rescoreUsage, runRescore},
		{"gen", "generate a large synthetic caseload for benchmarks", genUsage, runGen},
		{"loadtest", "drive a running server with a mixed workload", loadtestUsage, runLoadtest},
		{"version", "print the version", "remaker version", func(context.Context, []string) error {
			fmt.Println("remaker", version)
			return nil
		}},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout))
}

// usageError is a mistake on the command line: the usage is shown.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, out io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					fmt.Fprintln(out, c.usage)
					return 0
				}
			}
		}
		printHelp(out)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(os.Stderr, "remaker %s: %s\n\n%s\n", c.name, ue.msg, c.usage)
			return 2
		default:
			fmt.Fprintf(os.Stderr, "remaker %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(os.Stderr, "remaker: unknown command %q\n\n", args[0])
	printHelp(os.Stderr)
	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `Remaker: case management, surveys and programme tracking for returnee reintegration.

Usage: remaker COMMAND [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "remaker COMMAND -h" for a command's flags and examples.

Quick start:
  remaker demo                               # a demo with sample users, in a temporary folder
  remaker serve --data-dir /var/lib/remaker  # your own data, on SQLite
`)
}

// newFlags returns a quiet flag set: parse prints the usage and errors itself.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, printing usage for -h and turning mistakes into usage errors.
func parse(fs *flag.FlagSet, usage string, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Println(usage)
			return flag.ErrHelp
		}
		return usageError{err.Error()}
	}
	return nil
}

// env returns the environment variable's value or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	switch strings.ToLower(os.Getenv(name)) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	return def
}
