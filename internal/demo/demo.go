// Package demo seeds a realistic, reproducible demonstration dataset: the
// organisations of the REMA(K)ER project and a user of every role in them.
// Each capability adds its part of the story as it lands.
package demo

import (
	"context"
	"fmt"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/store"
)

// Orgs are IOM and its three partner civil society organisations.
var Orgs = []store.Organisation{
	{Code: "IOM", NameEn: "International Organization for Migration, Bangladesh", NameBn: "আন্তর্জাতিক অভিবাসন সংস্থা, বাংলাদেশ", Kind: store.OrgIOM},
	{Code: "BNSK", NameEn: "Bangladesh Nari Sramik Kendra", NameBn: "বাংলাদেশ নারী শ্রমিক কেন্দ্র", Kind: store.OrgCSO},
	{Code: "RMMRU", NameEn: "Refugee and Migratory Movements Research Unit", NameBn: "রিফিউজি অ্যান্ড মাইগ্রেটরি মুভমেন্টস রিসার্চ ইউনিট", Kind: store.OrgCSO},
	{Code: "WARBE", NameEn: "WARBE Development Foundation", NameBn: "ওয়ারবি ডেভেলপমেন্ট ফাউন্ডেশন", Kind: store.OrgCSO},
}

// Login is a demo account.
type Login struct {
	Username string
	FullName string
	Role     app.Role
	Org      string
}

// Logins are the demo accounts: every role, in the organisations where
// that role works in the project.
var Logins = []Login{
	{"admin", "Tanvir Hossain", app.RoleAdmin, "IOM"},
	{"iom.pm", "Farzana Rahman", app.RoleProgrammeManager, "IOM"},
	{"iom.me", "Abdul Karim", app.RoleViewer, "IOM"},
	{"bnsk.manager", "Shirin Akter", app.RoleOrgManager, "BNSK"},
	{"bnsk.worker", "Rina Begum", app.RoleCaseWorker, "BNSK"},
	{"rmmru.manager", "Mahmudul Hasan", app.RoleOrgManager, "RMMRU"},
	{"rmmru.enumerator", "Ching Marma", app.RoleEnumerator, "RMMRU"},
	{"warbe.manager", "Nasima Khatun", app.RoleOrgManager, "WARBE"},
	{"warbe.worker", "Jewel Chakma", app.RoleCaseWorker, "WARBE"},
}

// Seed writes the demo organisations and users. Every account gets password.
// It refuses a database that already has users, so it never mixes the demo
// into real data.
func Seed(ctx context.Context, db *store.DB, authSvc *auth.Service, password string) error {
	n, err := db.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database already has %d users: the demo needs an empty data directory", n)
	}
	orgIDs := map[string]string{}
	for _, o := range Orgs {
		created, err := db.CreateOrg(ctx, app.System, o)
		if err != nil {
			return fmt.Errorf("demo organisation %s: %w", o.Code, err)
		}
		orgIDs[o.Code] = created.ID
	}
	for _, l := range Logins {
		lang := "bn"
		if l.Org == "IOM" {
			lang = "en"
		}
		if _, err := authSvc.CreateUser(ctx, app.System, store.NewUser{OrgID: orgIDs[l.Org], Username: l.Username,
			FullName: l.FullName, Role: l.Role, Lang: lang}, password); err != nil {
			return fmt.Errorf("demo user %s: %w", l.Username, err)
		}
	}
	return nil
}
