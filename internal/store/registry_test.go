package store_test

import (
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func date(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

func rahim() registry.Person {
	return registry.Person{NameLatin: "Md. Abdur Rahim", NameBn: "মোঃ আব্দুর রহিম", Sex: "male", BirthDate: date("1988-04-12"),
		Ethnicity: "bengali", Religion: "islam", Phones: []string{"+880 1711-234567"}, NID: "1990123456789",
		District: "BD2051", Village: "Char Alexander", WG: map[string]int{"walking": 3}}
}

func TestPersonLifecycleAndScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		p, err := db.CreatePerson(ctx, bnsk, rahim())
		if err != nil {
			t.Fatal(err)
		}
		if p.Division == "" || p.Phones[0] != "01711234567" || !p.HasDisability() {
			t.Errorf("normalisation: division %q phones %v", p.Division, p.Phones)
		}
		got, err := db.PersonByID(ctx, bnsk, p.ID)
		if err != nil || got.NameBn != p.NameBn || got.BirthDate.Format("2006-01-02") != "1988-04-12" || got.WG["walking"] != 3 {
			t.Fatalf("read back: %+v %v", got, err)
		}
		// Another organisation, the administrator, viewers and enumerators: not found.
		for _, a := range []app.Actor{warbe, f.admin.Actor(), f.viewer.Actor(), f.enumerator.Actor()} {
			if _, err := db.PersonByID(ctx, a, p.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads a BNSK person: %v", a.Username, err)
			}
			if rows, _ := db.SearchPersons(ctx, a, store.PersonQuery{Text: "rahim"}); len(rows) != 0 {
				t.Errorf("%s finds a BNSK person", a.Username)
			}
		}
		// The programme manager sees every organisation.
		if _, err := db.PersonByID(ctx, f.pm.Actor(), p.ID); err != nil {
			t.Errorf("programme manager: %v", err)
		}
		views, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActView, ObjectID: p.ID})
		if len(views) != 2 {
			t.Errorf("views audited: %d, want 2", len(views))
		}
		// The same national ID twice in one organisation is refused; in another it is allowed.
		if _, err := db.CreatePerson(ctx, bnsk, rahim()); app.ErrorFields(err)["nid"] == "" {
			t.Errorf("duplicate NID: %v", err)
		}
		if _, err := db.CreatePerson(ctx, warbe, rahim()); err != nil {
			t.Errorf("same NID in another organisation: %v", err)
		}
		// Stale edits are conflicts; nothing is lost.
		edit := got
		edit.Village = "Ramgati"
		saved, err := db.UpdatePerson(ctx, bnsk, edit)
		if err != nil || saved.Version != got.Version+1 {
			t.Fatalf("update: %v", err)
		}
		stale := got
		stale.Village = "Somewhere else"
		if _, err := db.UpdatePerson(ctx, bnsk, stale); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		if _, err := db.UpdatePerson(ctx, warbe, saved); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("update from another organisation: %v", err)
		}
		changes, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{Action: store.ActUpdate, ObjectID: p.ID})
		if len(changes) != 1 || changes[0].Details == "" {
			t.Errorf("update audited with changes: %+v", changes)
		}
	})
}

func TestPersonValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		bad := registry.Person{Sex: "x", BirthDate: date("2999-01-01"), Ethnicity: "klingon", NID: "123", Passport: "12",
			District: "BD9999", Phones: []string{"12"}}
		_, err := db.CreatePerson(ctx, f.bnskCW.Actor(), bad)
		fields := app.ErrorFields(err)
		for _, k := range []string{"name_latin", "sex", "birth_date", "ethnicity", "nid", "passport", "district", "phones"} {
			if fields[k] == "" {
				t.Errorf("no message for %s: %v", k, err)
			}
		}
		if _, err := db.CreatePerson(ctx, f.viewer.Actor(), rahim()); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("viewer registers a person: %v", err)
		}
	})
}

func TestSearchNamesVariantsAndNumbers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		a := f.bnskCW.Actor()
		p, err := db.CreatePerson(ctx, a, rahim())
		if err != nil {
			t.Fatal(err)
		}
		other := registry.Person{NameLatin: "Mst. Rina Khatun", Sex: "female", Phones: []string{"01819000111"}}
		if _, err := db.CreatePerson(ctx, a, other); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"rahim", "Rahim", "rah", "Mohammad Rahim", "muhammad abdur rahim", "রহিম", "আব্দুর রহি", "01711234567", "+8801711234567", "234567", "1990123456789", "১৯৯০১২৩৪৫৬৭৮৯"} {
			rows, err := db.SearchPersons(ctx, a, store.PersonQuery{Text: q})
			if err != nil || len(rows) != 1 || rows[0].ID != p.ID {
				t.Errorf("search %q: %d rows, err %v", q, len(rows), err)
			}
		}
		for _, q := range []string{"karim", "rina rahim", "01711234568"} {
			if rows, _ := db.SearchPersons(ctx, a, store.PersonQuery{Text: q}); len(rows) != 0 {
				t.Errorf("search %q found %d", q, len(rows))
			}
		}
		rows, _ := db.SearchPersons(ctx, a, store.PersonQuery{Text: "mosammat rina khatoon"})
		if len(rows) != 1 {
			t.Errorf("variant spelling of Rina: %d rows", len(rows))
		}
		all, _ := db.SearchPersons(ctx, a, store.PersonQuery{Sex: "female"})
		if len(all) != 1 || all[0].NameLatin != "Mst. Rina Khatun" || all[0].OrgCode != "BNSK" {
			t.Errorf("filter by sex: %+v", all)
		}
	})
}

func TestConsentAndEpisodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		a := f.bnskCW.Actor()
		p, _ := db.CreatePerson(ctx, a, rahim())
		c, err := db.AddConsent(ctx, a, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeSharing, SharedWithOrg: f.warbe.ID, Method: "thumbprint", GivenOn: *date("2024-01-10")})
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.HasConsent(ctx, p.ID, registry.PurposeSharing, f.warbe.ID); !ok {
			t.Error("sharing consent not found")
		}
		if ok, _ := db.HasConsent(ctx, p.ID, registry.PurposeSharing, f.iom.ID); ok {
			t.Error("consent to share with WARBE covers IOM")
		}
		if _, err := db.AddConsent(ctx, a, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeSharing, Method: "verbal", GivenOn: *date("2024-01-10")}); app.ErrorFields(err)["shared_with_org"] == "" {
			t.Errorf("sharing without an organisation: %v", err)
		}
		if err := db.WithdrawConsent(ctx, f.warbeCW.Actor(), c.ID, "x"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("withdrawal from another organisation: %v", err)
		}
		if err := db.WithdrawConsent(ctx, a, c.ID, "asked by phone"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.HasConsent(ctx, p.ID, registry.PurposeSharing, f.warbe.ID); ok {
			t.Error("withdrawn consent still counts")
		}
		list, _ := db.ListConsents(ctx, a, p.ID)
		if len(list) != 1 || list[0].Active() || list[0].WithdrawalNote != "asked by phone" {
			t.Errorf("consents: %+v", list)
		}

		cost := int64(450_000_00)
		_, err = db.AddEpisode(ctx, a, registry.Episode{PersonID: p.ID, Destination: "SA", OccupationISCO: "9313", SkillCategory: "less_skilled",
			DepartureDate: date("2019-02-01"), ReturnDate: date("2018-12-01")})
		if app.ErrorFields(err)["return_date"] == "" {
			t.Errorf("return before departure: %v", err)
		}
		_, err = db.AddEpisode(ctx, a, registry.Episode{PersonID: p.ID, Destination: "XX", OccupationISCO: "0000"})
		if f := app.ErrorFields(err); f["destination"] == "" || f["occupation_isco"] == "" {
			t.Errorf("unknown country and ISCO: %v", err)
		}
		if _, err := db.AddEpisode(ctx, a, registry.Episode{PersonID: p.ID, Destination: "SA", OccupationISCO: "9313",
			DepartureDate: date("2019-02-01"), ReturnDate: date("2020-06-15"), Channel: "broker", CostMinor: &cost,
			Financing: []string{"loan", "land_sale"}, ReturnType: "covid19", Documents: []string{"passport"}}); err != nil {
			t.Fatal(err)
		}
		eps, _ := db.ListEpisodes(ctx, a, p.ID)
		if len(eps) != 1 || *eps[0].CostMinor != cost || eps[0].Financing[1] != "land_sale" || eps[0].ReturnDate.Format("2006-01-02") != "2020-06-15" {
			t.Errorf("episodes: %+v", eps)
		}
		if eps, _ := db.ListEpisodes(ctx, f.warbeCW.Actor(), p.ID); len(eps) != 0 {
			t.Error("another organisation lists the episodes")
		}
	})
}
