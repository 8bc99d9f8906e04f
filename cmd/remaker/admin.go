package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
)

// stdin is where passwords are read from; tests replace it.
var stdin io.Reader = os.Stdin

const dbFlagsUsage = `  --data-dir DIR   (REMAKER_DATA_DIR, default ./data)
  --database URL   (REMAKER_DATABASE) postgres://... for PostgreSQL`

// dbFlags are the flags every database command takes.
type dbFlags struct{ dataDir, database string }

func (f *dbFlags) register(fs interface {
	StringVar(*string, string, string, string)
}) {
	fs.StringVar(&f.dataDir, "data-dir", env("REMAKER_DATA_DIR", "data"), "")
	fs.StringVar(&f.database, "database", env("REMAKER_DATABASE", ""), "")
}

// openReady opens a database that must already be at this binary's schema.
func (f *dbFlags) openReady(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, f.database, f.dataDir)
	if err != nil {
		return nil, err
	}
	if err := db.CheckSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// errorText renders a domain error with its field messages for a terminal.
func errorText(err error) error {
	var ae *app.Error
	if !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(app.ErrorMessage(err))
	for k, v := range ae.Fields {
		fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(k, "_", "-"), v)
	}
	return errors.New(b.String())
}

const migrateUsage = `Usage: remaker migrate [flags]

Brings the database schema up to date and prints the version. serve does
this by itself at start; run it alone before an upgrade window, or to check
a database. Refuses a database migrated by a newer remaker.

Flags:
` + dbFlagsUsage + `

Example:
  remaker migrate --database postgres://remaker@localhost/remaker`

func runMigrate(ctx context.Context, args []string) error {
	var f dbFlags
	fs := newFlags("migrate")
	f.register(fs)
	if err := parse(fs, migrateUsage, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, f.database, f.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	if len(applied) == 0 {
		fmt.Printf("schema is up to date at version %d (%s)\n", v, db.Dialect())
	} else {
		fmt.Printf("applied migrations %v; schema is at version %d (%s)\n", applied, v, db.Dialect())
	}
	return nil
}

const userUsage = `Usage:
  remaker user add --org CODE --role ROLE --username NAME [--name "FULL NAME"] [--lang bn|en]
  remaker user passwd --username NAME
  remaker user disable --username NAME
  remaker user enable --username NAME
  remaker user list [--org CODE]

add and passwd read the new password from standard input (one line), so
that it never appears in the shell history or the process list.

Roles: admin, programme_manager, org_manager, case_worker, enumerator, viewer.

Flags:
` + dbFlagsUsage + `

Examples:
  echo 'a-long-secret-phrase' | remaker user add --org IOM --role admin --username admin
  remaker user passwd --username rina.akter < password.txt
  remaker user list --org BNSK`

func runUser(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"say what to do: add, passwd, disable, enable or list"}
	}
	sub, args := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fmt.Println(userUsage)
		return flag.ErrHelp
	}
	var f dbFlags
	fs := newFlags("user " + sub)
	f.register(fs)
	org := fs.String("org", "", "")
	role := fs.String("role", "", "")
	username := fs.String("username", "", "")
	name := fs.String("name", "", "")
	lang := fs.String("lang", "bn", "")
	if err := parse(fs, userUsage, args); err != nil {
		return err
	}
	if sub != "list" && *username == "" {
		return usageError{"--username is required"}
	}
	db, err := f.openReady(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	authSvc := auth.NewService(db, auth.DefaultConfig)
	switch sub {
	case "add":
		if *org == "" || *role == "" {
			return usageError{"--org and --role are required"}
		}
		o, err := db.OrgByCode(ctx, *org)
		if err != nil {
			return fmt.Errorf("no organisation with code %q: see remaker org list", *org)
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		u, err := authSvc.CreateUser(ctx, app.System, store.NewUser{OrgID: o.ID, Username: *username, FullName: *name, Role: app.Role(*role), Lang: *lang}, pw)
		if err != nil {
			return errorText(err)
		}
		fmt.Printf("added %s (%s) to %s\n", u.Username, u.Role, o.Code)
	case "passwd":
		u, err := db.UserByUsername(ctx, *username)
		if err != nil {
			return fmt.Errorf("no user %q", *username)
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := authSvc.ResetPassword(ctx, app.System, u.ID, pw); err != nil {
			return errorText(err)
		}
		fmt.Printf("password set for %s; their sessions have ended\n", u.Username)
	case "disable", "enable":
		u, err := db.UserByUsername(ctx, *username)
		if err != nil {
			return fmt.Errorf("no user %q", *username)
		}
		if err := db.SetDisabled(ctx, app.System, u.ID, sub == "disable"); err != nil {
			return errorText(err)
		}
		fmt.Printf("%sd %s\n", sub, u.Username)
	case "list":
		filter := store.UserFilter{IncludeDisabled: true}
		if *org != "" {
			o, err := db.OrgByCode(ctx, *org)
			if err != nil {
				return fmt.Errorf("no organisation with code %q", *org)
			}
			filter.OrgID = o.ID
		}
		users, err := db.ListUsers(ctx, app.System, filter)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tORGANISATION\tSTATUS\tNAME")
		for _, u := range users {
			status := "active"
			if u.Disabled() {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.Role, u.OrgCode, status, u.FullName)
		}
		tw.Flush()
	default:
		return usageError{fmt.Sprintf("unknown user command %q", sub)}
	}
	return nil
}

// readPassword reads one line from standard input.
func readPassword() (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(os.Stderr, "Password (input is shown; pipe it in to hide it): ")
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input: pipe it in, e.g. echo 'a-long-secret' | remaker user ...")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

const orgUsage = `Usage:
  remaker org add --code CODE --name "NAME IN ENGLISH" [--name-bn "বাংলা নাম"] --kind iom|cso|government|service_provider
  remaker org list

Flags:
` + dbFlagsUsage + `

Examples:
  remaker org add --code BNSK --name "Bangladesh Nari Sramik Kendra" --name-bn "বাংলাদেশ নারী শ্রমিক কেন্দ্র" --kind cso
  remaker org list`

func runOrg(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usageError{"say what to do: add or list"}
	}
	sub, args := args[0], args[1:]
	if sub == "-h" || sub == "--help" || sub == "help" {
		fmt.Println(orgUsage)
		return flag.ErrHelp
	}
	var f dbFlags
	fs := newFlags("org " + sub)
	f.register(fs)
	code := fs.String("code", "", "")
	name := fs.String("name", "", "")
	nameBn := fs.String("name-bn", "", "")
	kind := fs.String("kind", "", "")
	if err := parse(fs, orgUsage, args); err != nil {
		return err
	}
	db, err := f.openReady(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "add":
		o, err := db.CreateOrg(ctx, app.System, store.Organisation{Code: *code, NameEn: *name, NameBn: *nameBn, Kind: *kind})
		if err != nil {
			return errorText(err)
		}
		fmt.Printf("added organisation %s\n", o.Code)
	case "list":
		orgs, err := db.ListOrgs(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tKIND\tNAME")
		for _, o := range orgs {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Code, o.Kind, o.NameEn)
		}
		tw.Flush()
	default:
		return usageError{fmt.Sprintf("unknown org command %q", sub)}
	}
	return nil
}

const backupUsage = `Usage: remaker backup [flags] FILE

Writes a consistent copy of the SQLite database to FILE (which must not
exist) while the server keeps running. Restore by stopping the server and
putting the copy in place of remaker.db in the data directory.

On PostgreSQL, use the database's own tools instead:
  pg_dump --format=custom --file remaker.dump "$REMAKER_DATABASE"
  pg_restore --clean --dbname "$REMAKER_DATABASE" remaker.dump

Flags:
` + dbFlagsUsage + `

Example:
  remaker backup --data-dir /var/lib/remaker /srv/backups/remaker-$(date +%F).db`

func runBackup(ctx context.Context, args []string) error {
	var f dbFlags
	fs := newFlags("backup")
	f.register(fs)
	if err := parse(fs, backupUsage, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"name the file to write the backup to"}
	}
	dest := fs.Arg(0)
	if strings.HasPrefix(f.database, "postgres") {
		return errors.New("this database is PostgreSQL: back it up with pg_dump, e.g.\n  pg_dump --format=custom --file remaker.dump \"$REMAKER_DATABASE\"")
	}
	db, err := f.openReady(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, dest); err != nil {
		return err
	}
	st, err := os.Stat(dest)
	if err != nil {
		return err
	}
	fmt.Printf("backed up %s to %s (%d bytes)\n", db.Path(), dest, st.Size())
	return nil
}
