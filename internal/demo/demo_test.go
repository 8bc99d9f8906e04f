package demo

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/i18n"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func TestMain(m *testing.M) {
	// Password hashing at full strength would only slow the tests.
	auth.Params = auth.Argon2Params{Time: 1, Memory: 64, Threads: 1}
	os.Exit(m.Run())
}

// today is the day the tests seed for: the store checks dates against its
// own today, so the demo must be placed from the same day.
func today() time.Time { return dateOf(time.Now().In(i18n.Dhaka)) }

// seeded is a demo database and what the tests read back from it.
type seeded struct {
	db       *store.DB
	pm       app.Actor
	orgCode  map[string]string // org ID -> code
	persons  []store.PersonRow
	cases    []store.CaseRow
	episodes map[string][]registry.Episode // by person ID, latest return first
}

func seedDB(t *testing.T, d store.Dialect, day time.Time) *seeded {
	t.Helper()
	ctx := context.Background()
	db := testdb.Open(t, d)
	start := time.Now()
	if err := seed(ctx, db, auth.NewService(db, auth.DefaultConfig), "demo-password-long", day); err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Logf("seeded %s in %s", d, time.Since(start).Round(time.Millisecond))
	s := &seeded{db: db, orgCode: map[string]string{}, episodes: map[string][]registry.Episode{}}
	u, err := db.UserByUsername(ctx, "iom.pm")
	if err != nil {
		t.Fatal(err)
	}
	s.pm = u.Actor()
	orgs, err := db.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		s.orgCode[o.ID] = o.Code
	}
	for off := 0; ; off += 200 {
		page, err := db.SearchPersons(ctx, s.pm, store.PersonQuery{Limit: 200, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		s.persons = append(s.persons, page...)
		if len(page) < 200 {
			break
		}
	}
	for off := 0; ; off += 200 {
		page, more, err := db.ListCases(ctx, s.pm, store.CaseQuery{Sort: "reference", Limit: 200, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		s.cases = append(s.cases, page...)
		if !more {
			break
		}
	}
	for _, p := range s.persons {
		eps, err := db.ListEpisodes(ctx, s.pm, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.episodes[p.ID] = eps
	}
	return s
}

// share is the fraction of items for which ok holds.
func share[T any](items []T, ok func(T) bool) float64 {
	if len(items) == 0 {
		return 0
	}
	n := 0
	for _, x := range items {
		if ok(x) {
			n++
		}
	}
	return float64(n) / float64(len(items))
}

func within(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %.3f, want between %.2f and %.2f", what, got, lo, hi)
	}
}

// TestCalibration seeds the demo and checks its figures against the
// published benchmarks and the register's rules.
func TestCalibration(t *testing.T) {
	day := today()
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) {
			s := seedDB(t, d, day)
			ctx := context.Background()
			t.Run("project", func(t *testing.T) { checkProject(t, s) })
			t.Run("people", func(t *testing.T) { checkPeople(t, s) })
			t.Run("names", func(t *testing.T) { checkNames(t, s) })
			t.Run("places", func(t *testing.T) { checkPlaces(t, s) })
			t.Run("migration", func(t *testing.T) { checkMigration(t, s) })
			t.Run("consents", func(t *testing.T) { checkConsents(t, ctx, s) })
			t.Run("households", func(t *testing.T) { checkHouseholds(t, ctx, s) })
			t.Run("cases", func(t *testing.T) { checkCases(t, ctx, s, day) })
		})
	}
}

func checkProject(t *testing.T, s *seeded) {
	ps, err := s.db.ListProjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("%d projects, want the REMA(K)ER project only", len(ps))
	}
	p := ps[0]
	if p.Code != "LM.0379" || p.PrimaID != "BD10P0501" || p.Status != "active" || p.BudgetMinor != 20_000_000 || p.Currency != "USD" ||
		p.Fund != "IOM Development Fund" || p.Region != "Asia and Oceania" || p.Coverage != "National" || p.MemberStates != "Bangladesh" ||
		p.Type != "Labour Migration" || !strings.Contains(p.Title, "REMA(K)ER") || p.StartDate.Year() != 2019 || p.EndDate.Year() != 2023 {
		t.Errorf("project sheet: %+v", p)
	}
	var partners []string
	for _, id := range p.PartnerIDs {
		partners = append(partners, s.orgCode[id])
	}
	slices.Sort(partners)
	if !slices.Equal(partners, []string{"BNSK", "RMMRU", "WARBE"}) {
		t.Errorf("partners %v, want BNSK, RMMRU, WARBE", partners)
	}
}

var mobile = regexp.MustCompile(`^01[3-9]\d{8}$`)

func checkPeople(t *testing.T, s *seeded) {
	n := len(s.persons)
	if n < 450 || n > 550 {
		t.Fatalf("%d persons, want about 500", n)
	}
	byOrg := map[string][]store.PersonRow{}
	for _, p := range s.persons {
		byOrg[p.OrgCode] = append(byOrg[p.OrgCode], p)
	}
	for _, org := range []string{"BNSK", "RMMRU", "WARBE"} {
		if len(byOrg[org]) < 100 {
			t.Errorf("%s has %d returnees, want over 100", org, len(byOrg[org]))
		}
	}
	if len(byOrg["IOM"]) != 0 {
		t.Errorf("IOM registers nobody, has %d", len(byOrg["IOM"]))
	}
	female := func(p store.PersonRow) bool { return p.Sex == "female" }
	within(t, "women at BNSK", share(byOrg["BNSK"], female), 0.55, 0.85)
	within(t, "women at RMMRU", share(byOrg["RMMRU"], female), 0.03, 0.20)
	within(t, "women at WARBE", share(byOrg["WARBE"], female), 0.03, 0.22)
	within(t, "women overall", share(s.persons, female), 0.15, 0.35)

	phones := map[string]bool{}
	for _, p := range s.persons {
		for _, ph := range p.Phones {
			if !mobile.MatchString(ph) {
				t.Errorf("%s: phone %q is not a Bangladeshi mobile number", p.NameLatin, ph)
			}
			if phones[ph] {
				t.Errorf("phone %s given twice", ph)
			}
			phones[ph] = true
		}
		if p.BirthDate == nil {
			t.Errorf("%s has no birth date", p.NameLatin)
		}
	}
	within(t, "with a national ID", share(s.persons, func(p store.PersonRow) bool { return p.NID != "" }), 0.60, 0.80)
	within(t, "with a passport", share(s.persons, func(p store.PersonRow) bool { return p.Passport != "" }), 0.77, 0.93)
	within(t, "with two phones", share(s.persons, func(p store.PersonRow) bool { return len(p.Phones) == 2 }), 0.05, 0.30)
	within(t, "asked the Washington Group questions", share(s.persons, func(p store.PersonRow) bool { return len(p.WG) == 6 }), 0.5, 0.8)
	within(t, "with a disability", share(s.persons, func(p store.PersonRow) bool { return p.HasDisability() }), 0.01, 0.12)

	// Ages at the latest return: 20-55, BRAC 2020's bands within 10 points.
	var ages []int
	for _, p := range s.persons {
		ret := s.episodes[p.ID][0].ReturnDate
		a := p.Age(*ret)
		if a < 19 || a > 56 {
			t.Errorf("%s was %d at return", p.NameLatin, a)
		}
		ages = append(ages, a)
	}
	within(t, "aged 30 or under at return", share(ages, func(a int) bool { return a <= 30 }), 0.22, 0.42)
	within(t, "aged 31-40 at return", share(ages, func(a int) bool { return a > 30 && a <= 40 }), 0.37, 0.57)
}

func checkNames(t *testing.T, s *seeded) {
	count := func(re string, bangla bool) int {
		r := regexp.MustCompile(re)
		n := 0
		for _, p := range s.persons {
			if bangla && r.MatchString(p.NameBn) || !bangla && r.MatchString(p.NameLatin) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		re     string
		bangla bool
		min    int
	}{
		{`^Md\. `, false, 20}, {`^Mohammad `, false, 5}, {`^(Muhammad|Mohd\.|Mohammed|Md) `, false, 3},
		{`^Mst\.? `, false, 5}, {`^(Mosammat|Most\.|Mossammat|Musammat) `, false, 2},
		{`\bBegum$`, false, 5}, {`\bKhatun$`, false, 5}, {`\bAkter$`, false, 3}, {`\bAkhter$`, false, 1},
		{`\bHossain\b`, false, 5}, {`\bHossen\b`, false, 2}, {`\bRahman\b`, false, 5}, {`\bRahaman\b`, false, 1},
		{`\bChakma$`, false, 5}, {`\bMarma$`, false, 2}, {`\bTripura$`, false, 1},
		{`\b(Das|Saha|Roy|Ghosh|Pal)$`, false, 3},
		{`^[A-Z .'-]+$`, false, 5}, // copied from passports, in capitals
		{`^মোঃ `, true, 20}, {`^মোহাম্মদ `, true, 3}, {`^মোছাঃ `, true, 3}, {`বেগম$`, true, 5}, {`চাকমা$`, true, 3},
	} {
		if n := count(c.re, c.bangla); n < c.min {
			t.Errorf("%d names match %s, want at least %d", n, c.re, c.min)
		}
	}
	latinOnly := share(s.persons, func(p store.PersonRow) bool { return p.NameBn == "" })
	banglaOnly := share(s.persons, func(p store.PersonRow) bool { return p.NameLatin == "" })
	within(t, "Latin-only names", latinOnly, 0.08, 0.25)
	within(t, "Bangla-only names", banglaOnly, 0.06, 0.20)
	// Bangla names are in Bangla script, Latin ones in Latin letters.
	for _, p := range s.persons {
		if strings.ContainsFunc(p.NameBn, func(r rune) bool { return r < 0x80 && !strings.ContainsRune(" .'", r) }) {
			t.Errorf("Bangla name %q has Latin characters", p.NameBn)
		}
		if strings.ContainsFunc(p.NameLatin, func(r rune) bool { return r >= 0x80 }) {
			t.Errorf("Latin name %q has non-ASCII characters", p.NameLatin)
		}
	}
	// The search finds the variants of one name by any of them.
	rows, err := s.db.SearchPersons(context.Background(), s.pm, store.PersonQuery{Text: "md hossain", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	spellings := map[string]bool{}
	for _, r := range rows {
		for _, w := range strings.Fields(r.NameLatin) {
			switch w {
			case "Hossain", "Hossen", "Hussain", "HOSSAIN", "HOSSEN", "HUSSAIN":
				spellings[strings.ToLower(w)] = true
			}
		}
	}
	if len(spellings) < 2 {
		t.Errorf(`searching "md hossain" finds the spellings %v, want at least two of Hossain/Hossen/Hussain`, spellings)
	}
}

func checkPlaces(t *testing.T, s *seeded) {
	cht := func(p store.PersonRow) bool { return slices.Contains(chtDistricts, p.District) }
	within(t, "from the Hill Tracts", share(s.persons, cht), 0.05, 0.16)
	groups := map[string]int{}
	districts := map[string]bool{}
	for _, p := range s.persons {
		districts[p.District] = true
		if p.Upazila == "" || p.Division == "" || !strings.HasPrefix(p.Upazila, p.District) {
			t.Errorf("%s: address %s/%s/%s is incomplete", p.NameLatin, p.Division, p.District, p.Upazila)
		}
		g, _ := refdata.EthnicGroup(p.Ethnicity)
		switch {
		case g.Indigenous && !cht(p):
			t.Errorf("%s is %s but lives outside the Hill Tracts (%s)", p.NameLatin, p.Ethnicity, p.District)
		case g.Indigenous && p.Religion == "islam":
			t.Errorf("%s is %s and Muslim", p.NameLatin, p.Ethnicity)
		case !cht(p) && p.Ethnicity != "bengali" && p.Ethnicity != "":
			t.Errorf("%s outside the Hill Tracts is %q", p.NameLatin, p.Ethnicity)
		}
		if g.Indigenous {
			groups[p.Ethnicity]++
			if !slices.Contains(p.Languages, g.Language) {
				t.Errorf("%s (%s) does not speak %s", p.NameLatin, p.Ethnicity, g.Language)
			}
		}
	}
	if len(groups) < 3 {
		t.Errorf("indigenous groups %v, want at least three", groups)
	}
	if len(districts) < 40 {
		t.Errorf("people come from %d districts, want most of the 64", len(districts))
	}
	notCHT := slices.DeleteFunc(slices.Clone(s.persons), cht)
	within(t, "Muslim outside the Hill Tracts", share(notCHT, func(p store.PersonRow) bool { return p.Religion == "islam" }), 0.83, 0.97)
	within(t, "Hindu outside the Hill Tracts", share(notCHT, func(p store.PersonRow) bool { return p.Religion == "hinduism" }), 0.03, 0.14)
}

func checkMigration(t *testing.T, s *seeded) {
	var latest []registry.Episode
	var men []registry.Episode
	var women []registry.Episode
	for _, p := range s.persons {
		eps := s.episodes[p.ID]
		if len(eps) == 0 {
			t.Fatalf("%s has no migration episode", p.NameLatin)
		}
		for _, e := range eps {
			if e.DepartureDate == nil || e.ReturnDate == nil || !e.ReturnDate.After(*e.DepartureDate) {
				t.Errorf("%s: departure %v, return %v", p.NameLatin, e.DepartureDate, e.ReturnDate)
			}
		}
		if len(eps) > 1 && !eps[1].ReturnDate.Before(*eps[0].DepartureDate) {
			t.Errorf("%s: the earlier migration overlaps the latest", p.NameLatin)
		}
		e := eps[0]
		latest = append(latest, e)
		if p.Sex == "female" {
			women = append(women, e)
		} else {
			men = append(men, e)
		}
		if e.DepartureDate.Year() < 2010 {
			t.Errorf("%s left in %d, before 2010", p.NameLatin, e.DepartureDate.Year())
		}
		if e.ReturnType == "covid19" && !covidYears(*e.ReturnDate) {
			t.Errorf("%s came back for COVID-19 on %s", p.NameLatin, e.ReturnDate.Format(time.DateOnly))
		}
		if (e.Channel == "bmet" || e.Channel == "licensed_agency") != (p.BMETReg != "") {
			t.Errorf("%s went by %s with BMET registration %q", p.NameLatin, e.Channel, p.BMETReg)
		}
		if e.SkillCategory != skillCategory(e.OccupationISCO) {
			t.Errorf("%s: %s is %s", p.NameLatin, e.OccupationISCO, e.SkillCategory)
		}
	}
	// Men's destinations follow the BMET outflow weights.
	for _, w := range refdata.DestinationWeights()[:3] {
		got := share(men, func(e registry.Episode) bool { return e.Destination == w.Country })
		within(t, "men to "+w.Country, got, w.Weight-0.08, w.Weight+0.08)
	}
	within(t, "women to Saudi Arabia", share(women, func(e registry.Episode) bool { return e.Destination == "SA" }), 0.4, 0.7)
	within(t, "women domestic workers", share(women, func(e registry.Episode) bool { return e.OccupationISCO == "9111" }), 0.45, 0.85)
	within(t, "less-skilled", share(latest, func(e registry.Episode) bool { return e.SkillCategory == "less_skilled" }), 0.40, 0.70)
	within(t, "through a broker", share(men, func(e registry.Episode) bool { return e.Channel == "broker" }), 0.30, 0.55)
	within(t, "financed with a loan", share(latest, func(e registry.Episode) bool { return slices.Contains(e.Financing, "loan") }), 0.6, 0.9)
	cost := func(e registry.Episode) bool {
		return e.CostMinor != nil && *e.CostMinor >= 300_000*100 && *e.CostMinor <= 600_000*100
	}
	within(t, "men paying BDT 3-6 lakh", share(men, cost), 0.6, 0.95)
	// Return reasons: the BBS 2023 shares, within a few points.
	reason := func(r string) func(registry.Episode) bool {
		return func(e registry.Episode) bool { return e.ReturnType == r }
	}
	within(t, "voluntary returns", share(latest, reason("voluntary")), 0.13, 0.30)
	within(t, "medical returns", share(latest, reason("medical")), 0.05, 0.18)
	within(t, "family reasons", share(latest, reason("family_reasons")), 0.04, 0.15)
	within(t, "with unpaid wages", share(latest, func(e registry.Episode) bool { return e.UnpaidWagesMinor != nil }), 0.15, 0.45)
	if share(latest, reason("covid19")) == 0 || share(latest, reason("deported")) == 0 {
		t.Error("no COVID-19 returns or no deportations")
	}
}

func checkConsents(t *testing.T, ctx context.Context, s *seeded) {
	var followUp, shared, withdrawn int
	for _, p := range s.persons {
		cs, err := s.db.ListConsents(ctx, s.pm, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !registry.Covers(cs, registry.PurposeRegistration, "") {
			t.Errorf("%s has no registration consent", p.NameLatin)
		}
		for _, c := range cs {
			switch {
			case !c.Active():
				withdrawn++
			case c.Purpose == registry.PurposeFollowUp:
				followUp++
			case c.Purpose == registry.PurposeSharing:
				// The calibrated figure is sharing with another partner;
				// the consents to share with a government office come
				// with the referrals there.
				if code := s.orgCode[c.SharedWithOrg]; code == "BNSK" || code == "RMMRU" || code == "WARBE" {
					shared++
				}
				if c.SharedWithOrg == p.OrgID || s.orgCode[c.SharedWithOrg] == "" {
					t.Errorf("%s shares with %q", p.NameLatin, c.SharedWithOrg)
				}
			}
		}
	}
	n := float64(len(s.persons))
	within(t, "follow-up consent", float64(followUp)/n, 0.7, 0.95)
	within(t, "sharing consent", float64(shared)/n, 0.03, 0.15)
	if withdrawn < 3 || withdrawn > 40 {
		t.Errorf("%d consents withdrawn, want a few", withdrawn)
	}
}

func checkHouseholds(t *testing.T, ctx context.Context, s *seeded) {
	var sizes []int
	var kin, sameName int // Latin-named relatives of Hindu returnees, and those with the family's name
	for _, p := range s.persons {
		if p.HouseholdID == "" {
			t.Fatalf("%s has no household", p.NameLatin)
		}
		h, err := s.db.HouseholdByID(ctx, s.pm, p.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Members) < 2 || len(h.Members) > 7 || h.Members[0].Relationship != "self" || len(h.IncomeSources) == 0 {
			t.Errorf("%s's household: %d members, first %q, income %v", p.NameLatin, len(h.Members), h.Members[0].Relationship, h.IncomeSources)
		}
		for _, m := range h.Members {
			if m.Age != nil && *m.Age >= 5 && *m.Age <= 17 && m.Relationship != "self" && m.InSchool == nil {
				t.Errorf("%s's child of %d has no school attendance", p.NameLatin, *m.Age)
			}
		}
		sizes = append(sizes, len(h.Members))
		if p.Religion == "hinduism" && p.NameLatin != "" {
			words := strings.Fields(strings.ToLower(p.NameLatin))
			for _, m := range h.Members[1:] {
				if w := strings.Fields(strings.ToLower(m.Name)); len(w) > 0 && w[0] < "\u0080" {
					kin++
					if w[len(w)-1] == words[len(words)-1] {
						sameName++
					}
				}
			}
		}
		// A woman heads her household when she has no husband there, and
		// it is not her parents' home unless she has children of her own.
		has := func(rel ...string) bool {
			return slices.ContainsFunc(h.Members, func(m registry.Member) bool { return slices.Contains(rel, m.Relationship) })
		}
		womanHeaded := p.Sex == "female" && !has("spouse") && (has("son", "daughter") || !has("mother", "father"))
		cs, err := s.db.CasesOfPerson(ctx, s.pm, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			scr, err := s.db.ListScreenings(ctx, s.pm, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, sc := range scr {
				if slices.Contains(sc.Indicators, "woman_headed_household") && !womanHeaded {
					t.Errorf("%s (%s) is screened as heading a household with %d members", p.NameLatin, p.Sex, len(h.Members))
				}
			}
		}
	}
	if kin < 10 || float64(sameName) < 0.8*float64(kin) {
		t.Errorf("%d of %d relatives of Hindu returnees carry the family's name", sameName, kin)
	}
	mean := 0.0
	for _, n := range sizes {
		mean += float64(n)
	}
	within(t, "mean household size", mean/float64(len(sizes)), 3, 5.5)
}

func checkCases(t *testing.T, ctx context.Context, s *seeded, day time.Time) {
	within(t, "people with a case", float64(len(s.cases))/float64(len(s.persons)), 0.85, 0.95)
	byStatus := map[string]int{}
	for _, c := range s.cases {
		byStatus[c.Status]++
	}
	for _, st := range casework.Statuses {
		if byStatus[st] == 0 {
			t.Errorf("no case is %s", st)
		}
	}
	n := float64(len(s.cases))
	within(t, "registered", float64(byStatus[casework.Registered])/n, 0.05, 0.16)
	within(t, "closed", float64(byStatus[casework.Closed])/n, 0.12, 0.28)

	personOf := map[string]store.PersonRow{}
	for _, p := range s.persons {
		personOf[p.ID] = p
	}
	reasons := map[string]int{}
	var baseline []casework.Screening
	var reopened, overdue, done, unassigned, open int
	lastOpened := map[string]time.Time{} // by reference prefix
	for _, c := range s.cases {
		p := personOf[c.PersonID]
		ret := s.episodes[c.PersonID][0].ReturnDate
		if !c.OpenedOn.After(*ret) {
			t.Errorf("%s opened %s, not after the return on %s", c.Reference, c.OpenedOn.Format(time.DateOnly), ret.Format(time.DateOnly))
		}
		if c.OpenedOn.After(day) {
			t.Errorf("%s opens in the future", c.Reference)
		}
		prefix := c.Reference[:strings.LastIndexByte(c.Reference, '-')]
		if c.OpenedOn.Before(lastOpened[prefix]) {
			t.Errorf("%s opened before the case numbered before it", c.Reference)
		}
		lastOpened[prefix] = c.OpenedOn
		if c.OrgID != p.OrgID || c.ProjectID == "" {
			t.Errorf("%s: org %s, person's org %s", c.Reference, c.OrgID, p.OrgID)
		}
		if c.Status == casework.Closed {
			reasons[c.ClosureReason]++
		} else {
			open++
			if c.AssignedTo == "" {
				unassigned++
			}
		}
		scr, err := s.db.ListScreenings(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		events, err := s.db.CaseTimeline(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var statuses []string
		for _, e := range events {
			switch e.Kind {
			case casework.EventReopened:
				reopened++
			case casework.EventStatus:
				statuses = append(statuses, e.ToStatus)
			}
		}
		passedRegistration := len(statuses) > 0 && statuses[0] == casework.Screened
		if passedRegistration != (len(scr) > 0) {
			t.Errorf("%s: moves %v with %d screenings", c.Reference, statuses, len(scr))
		}
		if c.Status == casework.Registered && len(scr) > 0 {
			t.Errorf("%s is registered with a screening", c.Reference)
		}
		if len(scr) > 0 {
			first := scr[len(scr)-1]
			baseline = append(baseline, first)
			if first.AssessedOn.Before(c.OpenedOn) {
				t.Errorf("%s screened before it opened", c.Reference)
			}
			if c.Priority != scr[0].Priority {
				t.Errorf("%s has priority %q, its latest screening %q", c.Reference, c.Priority, scr[0].Priority)
			}
		}
		tasks, err := s.db.ListTasks(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range tasks {
			switch {
			case task.DoneAt != nil:
				done++
			case task.Overdue(day):
				overdue++
			}
		}
	}
	if len(reasons) < 6 || reasons["support_completed"] == 0 {
		t.Errorf("closure reasons %v, want at least six, support completed among them", reasons)
	}
	if reopened < 1 || reopened > 3 {
		t.Errorf("%d cases reopened, want one or two", reopened)
	}
	if overdue < 10 || done < 10 {
		t.Errorf("%d overdue and %d done tasks, want some of each", overdue, done)
	}
	if unassigned == 0 || unassigned > open/5 {
		t.Errorf("%d of %d open cases unassigned, want a few", unassigned, open)
	}
	// The screening benchmarks: IOM REMAP about 70% without work, most in
	// debt (REMAP 55% with unpaid debt).
	has := func(code string) func(casework.Screening) bool {
		return func(s casework.Screening) bool { return slices.Contains(s.Indicators, code) }
	}
	within(t, "no income at the first screening", share(baseline, has("no_income")), 0.60, 0.80)
	within(t, "debt above the threshold", share(baseline, has("debt_above_threshold")), 0.45, 0.70)
	within(t, "signs of distress", share(baseline, has("signs_of_distress")), 0.2, 0.5)
	if share(baseline, has("woman_headed_household")) == 0 || share(baseline, has("exploitation_or_trafficking")) == 0 ||
		share(baseline, has("children_out_of_school")) == 0 || share(baseline, has("disability")) == 0 {
		t.Error("some screening indicators never occur")
	}
	for _, pr := range casework.Priorities {
		if share(baseline, func(s casework.Screening) bool { return s.Priority == pr }) < 0.05 {
			t.Errorf("fewer than 5%% of screenings are %s priority", pr)
		}
	}
}

// TestDeterministic seeds twice, into two databases (SQLite and, when
// configured, PostgreSQL), and finds the same people and cases in the same
// order.
func TestDeterministic(t *testing.T) {
	day := today()
	a, b := seedDB(t, store.SQLite, day), seedDB(t, testdb.Engines()[len(testdb.Engines())-1], day)
	caseLines := func(s *seeded) []string {
		var out []string
		for _, c := range s.cases {
			out = append(out, fmt.Sprintf("%s %s | %s | %s %s %s", c.Reference, c.OpenedOn.Format(time.DateOnly), c.NameLatin, c.NameBn, c.Status, c.Priority))
		}
		return out
	}
	personLines := func(s *seeded) []string {
		var out []string
		for _, p := range s.persons {
			out = append(out, fmt.Sprintf("%s | %s | %s %s %v", p.NameLatin, p.NameBn, p.District, p.Passport, p.Phones))
		}
		slices.Sort(out) // people with the same sort name may come in either order
		return out
	}
	if ca, cb := caseLines(a), caseLines(b); !slices.Equal(ca, cb) {
		t.Errorf("the cases differ between two seeds: %d and %d, first %q / %q", len(ca), len(cb), first(ca), first(cb))
	}
	if pa, pb := personLines(a), personLines(b); !slices.Equal(pa, pb) {
		t.Errorf("the people differ between two seeds")
	}
	if pa, pb := programmeFacts(t, a), programmeFacts(t, b); !slices.Equal(pa, pb) {
		for i := range min(len(pa), len(pb)) {
			if pa[i] != pb[i] {
				t.Errorf("the programme differs between two seeds: %q / %q", pa[i], pb[i])
				break
			}
		}
		t.Errorf("the programme differs between two seeds: %d and %d facts", len(pa), len(pb))
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// TestPlanIsStable draws the plan twice without a database.
func TestPlanIsStable(t *testing.T) {
	day := today()
	a, err := plan(day)
	if err != nil {
		t.Fatal(err)
	}
	b, err := plan(day)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans for the same day differ")
	}
	// The same people on another day, with their dates moved along (and
	// so perhaps in another order).
	c, err := plan(day.AddDate(0, 0, 40))
	if err != nil {
		t.Fatal(err)
	}
	who := func(ps []*returnee) []string {
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s | %s | %s %s %v %s", p.person.NameLatin, p.person.NameBn, p.org, p.person.Upazila, p.person.Phones, p.person.Passport))
		}
		slices.Sort(out)
		return out
	}
	if wa, wc := who(a), who(c); !slices.Equal(wa, wc) {
		for i := range wa {
			if wa[i] != wc[i] {
				t.Fatalf("seeded forty days later, %q becomes %q", wa[i], wc[i])
			}
		}
	}
}

// TestTables checks the code tables the demo draws from against the
// reference data, so a typo cannot wait for an unlucky draw.
func TestTables(t *testing.T) {
	for dest, w := range menJobs {
		if !refdata.ValidCountry(dest) {
			t.Errorf("menJobs: %s is not a country", dest)
		}
		for _, code := range w.items {
			if !refdata.ValidISCO(code) || len(code) != 4 {
				t.Errorf("menJobs[%s]: %s is not an ISCO-08 unit group", dest, code)
			}
		}
	}
	for _, d := range refdata.DestinationWeights() {
		if _, ok := menJobs[d.Country]; !ok {
			t.Errorf("no occupations for men going to %s", d.Country)
		}
	}
	for _, w := range []weighted[string]{womenJobs["JO"], womenJobs["AE"], womenJobs[""], homeSkills["male"], homeSkills["female"]} {
		for _, code := range w.items {
			if !refdata.ValidISCO(code) || len(code) != 4 {
				t.Errorf("%s is not an ISCO-08 unit group", code)
			}
		}
	}
	for _, c := range womenDestinations.items {
		if !refdata.ValidCountry(c) {
			t.Errorf("womenDestinations: %s is not a country", c)
		}
	}
	for _, group := range []string{"chakma", "marma", "tripura", "tanchangya", "bawm", "bengali"} {
		if _, ok := refdata.EthnicGroup(group); !ok {
			t.Errorf("%s is not an ethnic group in refdata", group)
		}
	}
	latin := regexp.MustCompile(`^[A-Za-z][A-Za-z .']*$`)
	tables := [][]el{muslimMale, muslimMaleShort, muslimFamily, muslimFemale, hinduMale, hinduFemale, hinduFamily, hinduMaleMiddle,
		baruaMale, baruaFemale, christMale, christFemale, christFamily, chakmaMale, chakmaFemale, chakmaFamily, marmaMale, marmaFemale,
		tripuraMale, tripuraFemale, bawmMale, bawmFemale, villages, chtVillages, {begum, khatun, akter, nessa, rani, bala, sri, srimati}}
	for _, table := range tables {
		for _, x := range table {
			if len(x.lat) == 0 || x.bn == "" {
				t.Errorf("%q lacks a spelling", x.bn)
			}
			for _, l := range x.lat {
				if !latin.MatchString(l) {
					t.Errorf("%q: Latin spelling %q", x.bn, l)
				}
			}
			for _, b := range strings.Split(x.bn, "|") {
				if b == "" || strings.ContainsFunc(b, func(r rune) bool { return r < 0x80 && r != ' ' && r != '\'' }) {
					t.Errorf("Bangla spelling %q of %v", b, x.lat)
				}
			}
		}
	}
}

// programmeFacts checks the budget, plans, ledger, referrals and visits
// of a seeded demo and returns them as lines to compare between seeds.
func programmeFacts(t *testing.T, s *seeded) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	figs, err := s.db.BudgetFigures(ctx, s.pm, store.BudgetQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var planned int64
	disbursedByLine := map[string]int64{}
	for _, f := range figs {
		planned += f.Planned
		if f.Committed > f.Planned || f.Disbursed > f.Planned || f.Remaining < 0 || f.Committed < 0 || f.Disbursed < 0 {
			t.Errorf("line %s %s overdrawn: planned %d, committed %d, disbursed %d", f.OrgCode, f.Category, f.Planned, f.Committed, f.Disbursed)
		}
		// Community initiatives' expenses count as disbursed too; the ledger holds the rest.
		disbursedByLine[f.LineID] = f.Disbursed - f.CommunityDisbursed
		out = append(out, fmt.Sprintf("line %s %s %d %d %d", f.OrgCode, f.Category, f.Planned, f.Committed, f.Disbursed))
		t.Log(out[len(out)-1])
	}
	if planned <= 0 || planned > 200_000*100 {
		t.Errorf("budget lines total %d cents, want up to USD 200,000", planned)
	}
	if len(figs) < 15 {
		t.Errorf("%d budget lines, want every category for the partners", len(figs))
	}
	approved, returned, revised, payments, reversals := 0, 0, 0, 0, 0
	ledgerByLine := map[string]int64{}
	for _, c := range s.cases {
		plans, err := s.db.PlansOfCase(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range plans {
			switch {
			case p.Status == "approved":
				approved++
				if p.DecidedBy == p.CreatedBy || p.DecidedBy == p.SubmittedBy {
					t.Errorf("%s: plan %d approved by its drafter", c.Reference, p.Number)
				}
				if p.Number > 1 {
					revised++
				}
				if c.Status == casework.Registered || c.Status == casework.Screened || c.Status == casework.Assessed {
					t.Errorf("%s is %s with an approved plan", c.Reference, c.Status)
				}
			case p.Status == "draft" || p.Status == "submitted" || p.Status == "returned":
				t.Errorf("%s: plan %d left %s", c.Reference, p.Number, p.Status)
			}
			out = append(out, fmt.Sprintf("plan %s %d %s %d", c.Reference, p.Number, p.Status, len(p.Items)))
		}
		tl, err := s.db.CaseTimeline(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range tl {
			if e.Kind == "plan_returned" {
				returned++
			}
		}
		entries, err := s.db.CaseLedger(ctx, s.pm, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			payments++
			if e.ReversesID != "" {
				reversals++
			}
			ledgerByLine[e.BudgetLineID] += e.USDMinor
			out = append(out, fmt.Sprintf("pay %s %s %d %s %d", c.Reference, e.PaidOn.Format(time.DateOnly), e.AmountMinor, e.Currency, e.USDMinor))
		}
	}
	if approved < 200 || revised < 1 || returned < 5 {
		t.Errorf("%d approved plans (%d revisions), %d returns: want at least 200, 1 and 5", approved, revised, returned)
	}
	if payments < 200 || reversals < 1 {
		t.Errorf("%d ledger entries, %d reversals", payments, reversals)
	}
	for line, sum := range ledgerByLine {
		if sum != disbursedByLine[line] {
			t.Errorf("line %s: the ledger adds up to %d cents, the budget says %d disbursed", line, sum, disbursedByLine[line])
		}
	}
	refs, err := s.db.ListReferrals(ctx, s.pm, store.ReferralQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, r := range refs {
		statuses[r.Status]++
		out = append(out, fmt.Sprintf("referral %s %s %s", r.CaseReference, r.ToOrgCode, r.Status))
	}
	if len(refs) < 30 || len(refs) > 60 || len(statuses) < 4 {
		t.Errorf("%d referrals in statuses %v: want about 40 in at least four statuses", len(refs), statuses)
	}
	overdue, err := s.db.ListVisits(ctx, s.pm, store.VisitQuery{Overdue: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	due, err := s.db.ListVisits(ctx, s.pm, store.VisitQuery{DueWithin: 120, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(overdue) == 0 || len(due) <= len(overdue) {
		t.Errorf("%d visits overdue, %d due within 120 days: want some of each", len(overdue), len(due)-len(overdue))
	}
	t.Logf("%d budget lines, %d approved plans (%d revised, %d returns), %d ledger entries (%d reversals), referrals %v, %d visits overdue, %d due",
		len(figs), approved, revised, returned, payments, reversals, statuses, len(overdue), len(due)-len(overdue))
	return out
}
