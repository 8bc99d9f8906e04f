package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/registry"
)

// The caseload is drawn from a seeded PCG generator: the same seed gives
// the same people, histories and cases on every run. Dates are placed
// relative to the day of seeding (returns from about 7.9 years to 11
// months before: 2019 to 2025 when seeded in late 2026; cases opened
// within the last six years), so that the caseload always looks current
// and never breaks the register's rules on dates in the future or tasks
// due more than a year ago.
const seed1, seed2 = 2019, 379 // the project's first year and its IOM project number

// orgProfile describes one partner's caseload.
type orgProfile struct {
	code string
	n    int // returnees
	// female is the share of women. BNSK (Bangladesh Nari Sramik Kendra)
	// is a women workers' centre; among all BMET departures women were
	// about 6% in 2024 (bmet_overseas_employment.csv, FEMALE_JAN_NOV) and
	// 92-96% of the BRAC 2020/2021 returnee samples were men.
	female float64
	// cht is the share of people from the three Hill Tracts districts,
	// above their 1.1% of the census population: the project began with a
	// scoping study of labour migration from the CHT.
	cht float64
	// catchment lists the districts where the organisation works; share
	// is the part of its caseload drawn from them (the rest from the whole
	// country), each by census population. RMMRU's districts are those of
	// its 2020 returnee study (returnee_survey_benchmarks.csv); BNSK's and
	// WARBE's are assumptions for the demo.
	catchment []string
	share     float64
	worker    string // the case worker most cases are assigned to
	manager   string
	// english is the share of notes written in English rather than Bangla.
	english float64
}

var profiles = []orgProfile{
	{code: "BNSK", n: 150, female: 0.70, cht: 0.04, catchment: []string{"Dhaka", "Narayanganj", "Gazipur", "Manikganj", "Munshiganj", "Faridpur"},
		share: 0.6, worker: "bnsk.worker", manager: "bnsk.manager", english: 0.05},
	{code: "RMMRU", n: 175, female: 0.10, cht: 0.08, catchment: []string{"Tangail", "Dhaka", "Cumilla", "Faridpur"},
		share: 0.6, worker: "rmmru.worker", manager: "rmmru.manager", english: 0.4},
	{code: "WARBE", n: 175, female: 0.12, cht: 0.15, catchment: []string{"Jashore", "Satkhira", "Jhenaidah", "Khulna", "Chattogram"},
		share: 0.55, worker: "warbe.worker", manager: "warbe.manager", english: 0.15},
}

// returnee is one planned person with everything the demo records about them.
type returnee struct {
	org        string
	actor      string // username of the person who registers them
	community  community
	family     family // the family name the household shares, where there is one
	person     registry.Person
	episodes   []registry.Episode // oldest first
	skills     []registry.Skill
	income     []string
	members    []registry.Member // besides the returnee
	consents   []consentPlan
	registered time.Time
	kase       *casePlan // nil: registered without a case

	// What the screening records.
	noIncome, inDebt bool
	debt             int64 // paisa owed
	womanHeaded      bool
	outOfSchool      int
	ill, exploited   bool
	distress         bool
}

func (p *returnee) latest() registry.Episode { return p.episodes[len(p.episodes)-1] }

// consentPlan is a consent to record, and perhaps to withdraw.
type consentPlan struct {
	purpose, method, sharedWith string // sharedWith: an organisation code
	givenOn                     time.Time
	withdraw                    string // the withdrawal note; "" keeps it
}

// planner draws the caseload.
type planner struct {
	r      *rand.Rand
	day    time.Time // the day of seeding, in Dhaka
	frames *frames
	phones map[string]bool
	ids    map[string]bool
}

// plan draws the whole caseload for day. It touches no database.
func plan(day time.Time) ([]*returnee, error) {
	f, err := framesOnce()
	if err != nil {
		return nil, err
	}
	pl := &planner{r: rand.New(rand.NewPCG(seed1, seed2)), day: dateOf(day), frames: f,
		phones: map[string]bool{}, ids: map[string]bool{}}
	var all []*returnee
	for _, o := range profiles {
		statuses := pl.statusQuota(o.n)
		for i := range o.n {
			all = append(all, pl.returnee(o, len(all), statuses[i]))
		}
	}
	pl.closures(all)
	for i, p := range all {
		pl.stream(streamHistory, i).history(p)
	}
	// Written in the order people came to the organisations, so that case
	// references run in date order.
	slices.SortStableFunc(all, func(a, b *returnee) int { return a.registered.Compare(b.registered) })
	return all, nil
}

// Each person draws from streams of their own: who they are (sex, home,
// name, phones, passport) from one, their history from others. What one draw
// uses then never shifts the next person, and the same people come back
// whatever the day of seeding, only their dates move.
const (
	streamWho = iota + 1
	streamLife
	streamHistory
)

// stream returns a planner drawing from person i's stream of a kind; it
// shares the sets that keep phone and ID numbers unique.
func (pl *planner) stream(kind, i int) *planner {
	c := *pl
	c.r = rand.New(rand.NewPCG(seed1<<8|uint64(kind), seed2<<32|uint64(i)))
	return &c
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (pl *planner) daysAgo(n int) time.Time { return pl.day.AddDate(0, 0, -n) }

// between draws a whole number uniformly from lo to hi inclusive.
func (pl *planner) between(lo, hi int) int { return lo + pl.r.IntN(hi-lo+1) }

func (pl *planner) chance(p float64) bool { return pl.r.Float64() < p }

// Case statuses: about 10% of people registered without a case (met at an
// outreach session, not yet taken on); the rest spread along the
// lifecycle, a fifth of them closed. The shares are the demo's choice: no
// published figures exist for a CSO caseload.
var statusShares = []struct {
	status string
	share  float64
}{
	{"", 0.10},
	{casework.Registered, 0.09},
	{casework.Screened, 0.11},
	{casework.Assessed, 0.11},
	{casework.PlanAgreed, 0.09},
	{casework.Assistance, 0.17},
	{casework.Monitoring, 0.15},
	{casework.Closed, 0.18},
}

// statusQuota returns n statuses in the shares above, shuffled.
func (pl *planner) statusQuota(n int) []string {
	var out []string
	acc := 0.0
	for _, s := range statusShares {
		acc += s.share * float64(n)
		for float64(len(out)) < math.Round(acc) {
			out = append(out, s.status)
		}
	}
	for len(out) < n {
		out = append(out, casework.Assistance)
	}
	pl.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out[:n]
}

// How long ago a case in each status was opened, in days: the further
// along, the longer ago. People without a case were registered in the
// last three years.
var openedAgo = map[string][2]int{
	casework.Registered: {1, 60},
	casework.Screened:   {7, 240},
	casework.Assessed:   {20, 450},
	casework.PlanAgreed: {40, 600},
	casework.Assistance: {60, 900},
	casework.Monitoring: {150, 1300},
	casework.Closed:     {120, 2200},
	"":                  {5, 1100},
}

// The window of return dates, in days before seeding.
const returnedFrom, returnedTo = 2880, 330

func (pl *planner) returnee(o orgProfile, i int, status string) *returnee {
	who, life := pl.stream(streamWho, i), pl.stream(streamLife, i)
	r := who.r
	p := &returnee{org: o.code, actor: o.worker}
	if who.chance(0.1) {
		p.actor = o.manager
	}
	sex := choose(who.chance(o.female), "female", "male")
	p.person.Sex = sex

	// Home: the Hill Tracts, the organisation's districts or anywhere,
	// each upazila by its census population.
	var upazila string
	switch x := r.Float64(); {
	case x < o.cht:
		upazila = pl.frames.cht.pick(r)
	case x < o.cht+(1-o.cht)*o.share:
		upazila = pl.frames.byOrg[o.code].pick(r)
	default:
		upazila = pl.frames.national.pick(r)
	}
	district := upazila[:6]
	cht := slices.Contains(chtDistricts, district)
	who.people(p, district, cht)
	who.identity(p, upazila, cht)

	pl = life

	// Age at return: BRAC 2020 (n=558) found 32% aged 30 or under, 47%
	// 31-40, 16% 41-50 and 5% over 50.
	var age int
	switch x := pl.r.Float64(); {
	case x < 0.32:
		age = pl.between(20, 30)
	case x < 0.79:
		age = pl.between(31, 40)
	case x < 0.95:
		age = pl.between(41, 50)
	default:
		age = pl.between(51, 55)
	}
	if sex == "female" {
		// Women go abroad as domestic workers at 25 to 45 (the Saudi rule).
		age = max(23, min(age, 50))
	}

	// Dates: the return first, more of them recent and a wave in the
	// COVID-19 years (March 2020 to 2021); then the case's opening, at
	// least ten days later, as long ago as its status suggests.
	var returned time.Time
	if pl.chance(0.1) {
		covid := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, pl.between(0, 670))
		if !covid.Before(pl.daysAgo(returnedFrom)) && !covid.After(pl.daysAgo(returnedTo)) {
			returned = covid
		}
	}
	if returned.IsZero() {
		back := float64(returnedFrom-returnedTo) * math.Pow(pl.r.Float64(), 1.6)
		returned = pl.daysAgo(returnedTo + int(back))
	}
	span := openedAgo[status]
	earliest := max(int(pl.day.Sub(returned).Hours()/24)-10, span[0])
	opened := pl.daysAgo(pl.between(span[0], min(span[1], earliest)))
	birth := returned.AddDate(-age, -pl.between(0, 11), -pl.between(0, 27))
	p.person.BirthDate = &birth
	if pl.chance(0.25) {
		// An age given, not a date: registers write the first of January.
		b := time.Date(birth.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		p.person.BirthDate, p.person.BirthEstimated = &b, true
	}

	pl.episode(p, returned, age)
	pl.documents(p, upazila)
	pl.economy(p)
	pl.household(p, age)
	pl.skills(p)

	p.registered = opened
	if status != "" {
		p.kase = &casePlan{status: status, opened: opened}
	}
	return p
}

// people sets the community, ethnicity and religion of a person from their
// district. In the Hill Tracts the ethnic group is drawn by its share of
// the CHT population in the 2022 census (cht_ethnic_groups.csv) among the
// groups living in the district; elsewhere people are Bengali, Muslim
// 91%, Hindu 8%, Buddhist and Christian under 1% (Census 2022).
func (pl *planner) people(p *returnee, district string, cht bool) {
	r := pl.r
	group := "bengali"
	if cht {
		var w weighted[string]
		for _, g := range refdata.EthnicGroups() {
			if _, named := chtCommunities[g.Code]; named && slices.Contains(g.Districts, district) {
				w = w.add(g.Code, g.CHTSharePct)
			}
		}
		group = w.pick(r)
	}
	c, ok := chtCommunities[group]
	if !ok || group == "bengali" {
		x := r.Float64()
		if cht {
			// Bengali settlers in the Hill Tracts are mostly Muslim.
			x = x * 0.95
		}
		switch {
		case x < 0.91:
			c = muslim
		case x < 0.99:
			c = hindu
		case x < 0.996 || district == "BD2015":
			c = bengaliBuddhist
		default:
			c = bengaliChristian
		}
	}
	p.community = c
	p.person.Religion = religionOf(r, c)
	p.person.Ethnicity = group
	if !cht && pl.chance(0.15) {
		p.person.Ethnicity = "" // not asked: many registers leave it blank outside the CHT
	}
	p.person.Languages = []string{"bn"}
	if g, ok := refdata.EthnicGroup(group); ok && group != "bengali" && g.Language != "" {
		p.person.Languages = []string{g.Language, "bn"}
	}
}

// The CHT groups the demo has names for, with their naming tradition. The
// other six groups are together under 4% of the CHT population.
var chtCommunities = map[string]community{
	"bengali": muslim, "chakma": chakma, "marma": marma, "tripura": tripura, "tanchangya": tanchangya, "bawm": bawm,
}

// religionOf follows the predominant religion of each group
// (cht_ethnic_groups.csv marks these as editable defaults).
func religionOf(r *rand.Rand, c community) string {
	x := r.Float64()
	switch c {
	case muslim:
		return "islam"
	case hindu:
		return "hinduism"
	case bengaliBuddhist:
		return "buddhism"
	case bengaliChristian, bawm:
		return "christianity"
	case chakma, tanchangya:
		return choose(x < 0.95, "buddhism", choose(x < 0.98, "christianity", "hinduism"))
	case marma:
		return choose(x < 0.97, "buddhism", "christianity")
	case tripura:
		return choose(x < 0.75, "hinduism", "christianity")
	}
	return "not_stated"
}

// Destinations of men follow the BMET outflow table
// (refdata.DestinationWeights). Women's destinations are the demo's
// estimate of where Bangladeshi women domestic and garment workers went
// in 2015-2022 (Saudi Arabia first, then Jordan, Oman, the UAE, Qatar and
// Lebanon): the reference data has no breakdown of women by country.
var womenDestinations = weighted[string]{}.add("SA", 55).add("JO", 14).add("OM", 12).add("AE", 6).add("QA", 5).add("LB", 5).add("KW", 3)

var menDestinations = func() weighted[string] {
	var w weighted[string]
	for _, d := range refdata.DestinationWeights() {
		w = w.add(d.Country, d.Weight)
	}
	return w
}()

// Occupations abroad (ISCO-08 unit groups) by destination, the demo's
// estimate from the trades BMET lists for each skill category, with farm
// work in Saudi Arabia (the "agriculture visa") and Malaysia's plantations.
var menJobs = map[string]weighted[string]{
	"SA": jobs("9313", 20, "7112", 10, "8322", 10, "9112", 10, "9211", 14, "6121", 6, "9333", 6, "7411", 5, "7126", 4, "7212", 4, "5120", 4, "5223", 5, "9412", 4, "7231", 3, "3112", 1),
	"MY": jobs("9329", 25, "9313", 20, "9214", 18, "9211", 8, "7112", 10, "9112", 10, "5223", 5, "9333", 10),
	"OM": jobs("9313", 20, "9112", 15, "8322", 15, "9211", 10, "6121", 8, "7112", 10, "5223", 10, "9412", 12),
	"AE": jobs("9313", 20, "9112", 20, "8322", 15, "5414", 10, "7112", 10, "5223", 10, "9412", 10, "7411", 4, "3112", 1),
	"SG": jobs("7112", 15, "7214", 15, "7212", 15, "9313", 25, "7411", 10, "7126", 10, "9112", 8, "3115", 2),
	"QA": jobs("9313", 25, "7112", 15, "8322", 15, "9112", 15, "5414", 10, "7411", 10, "9412", 10),
	"KW": jobs("9112", 25, "9313", 20, "8322", 20, "5223", 15, "9412", 15, "5120", 5),
	"JO": jobs("8153", 50, "9329", 30, "9211", 20),
	"IT": jobs("5120", 20, "9412", 25, "5223", 20, "9211", 20, "9329", 15),
	"KR": jobs("9329", 50, "8189", 30, "9211", 20),
	"MU": jobs("9329", 40, "8153", 30, "9313", 30),
}

var womenJobs = map[string]weighted[string]{
	"JO": jobs("8153", 80, "7531", 10, "9111", 10),
	"AE": jobs("9111", 50, "9112", 40, "5321", 10),
	"":   jobs("9111", 82, "9112", 8, "5322", 6, "5120", 4),
}

func jobs(pairs ...any) weighted[string] {
	var w weighted[string]
	for i := 0; i < len(pairs); i += 2 {
		w = w.add(pairs[i].(string), float64(pairs[i+1].(int)))
	}
	return w
}

// skillCategory maps an occupation to BMET's category by BMET's examples
// (bmet_skill_categories.csv): cleaners, domestic and general labourers
// are less-skilled; farm workers and shop assistants semi-skilled;
// trades, drivers, cooks, garment workers and caregivers skilled;
// technicians professional.
func skillCategory(isco string) string {
	switch isco {
	case "9211", "9214", "6121", "6111", "5223":
		return "semi_skilled"
	case "3112", "3115":
		return "professional"
	}
	switch isco[0] {
	case '9':
		return "less_skilled"
	case '2', '3':
		return "professional"
	}
	return "skilled"
}

// Why people came back. The BBS Socio-economic and Demographic Survey 2023
// gives voluntary 17.28%, visa expiry 12.80%, medical 11.6%, family
// 9.21%, COVID-19 9.24%, lost job 7.96% and low salary 4.3%
// (returnee_survey_benchmarks.csv). Low salary counts as voluntary here;
// the 27.6% the survey leaves unnamed is spread over contract end, lost
// job, employer-forced return and deportation, which CSO caseloads see
// more of (RMMRU 2020: 78% forcibly returned). COVID-19 is only a reason
// for returns from March 2020 to 2021, where it is drawn for a third,
// which with the wave of returns in those years gives about 9%.
var returnReasons = weighted[string]{}.add("voluntary", 21.58).add("contract_ended", 20.8).add("medical", 11.6).
	add("family_reasons", 9.21).add("lost_job", 16.0).add("forced_by_employer", 10.0).add("deported", 7.6)

func covidYears(d time.Time) bool {
	return !d.Before(time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)) && d.Before(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
}

// episode draws the latest migration (and for some an earlier one).
func (pl *planner) episode(p *returnee, returned time.Time, age int) {
	r := pl.r
	female := p.person.Sex == "female"
	var dest, job string
	if female {
		dest = womenDestinations.pick(r)
		w, ok := womenJobs[dest]
		if !ok {
			w = womenJobs[""]
		}
		job = w.pick(r)
	} else {
		dest = menDestinations.pick(r)
		job = menJobs[dest].pick(r)
	}
	// Years abroad: men a median of four, women two; never before 18 nor
	// before 2010 (the demo's earliest departure).
	median := choose(female, 2.0, 4.0)
	years := median * math.Exp(0.6*r.NormFloat64())
	years = max(0.3, min(years, 12, float64(age)-18.5))
	dep := returned.AddDate(0, 0, -int(years*365.25))
	if floor := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC); dep.Before(floor) {
		dep = floor.AddDate(0, 0, pl.between(0, 200))
	}
	ep := registry.Episode{Destination: dest, OccupationISCO: job, SkillCategory: skillCategory(job),
		DepartureDate: &dep, ReturnDate: &returned, CostCurrency: "BDT", UnpaidWagesCurrency: "BDT"}

	// Recruitment: most men through a broker (dalal) or a licensed agency
	// on a visa a broker sold; women mostly through licensed agencies and
	// BOESL (the demo's estimate).
	if female {
		ep.Channel = weighted[string]{}.add("licensed_agency", 50).add("bmet", 20).add("broker", 25).add("individual_visa", 5).pick(r)
	} else {
		ep.Channel = weighted[string]{}.add("broker", 42).add("licensed_agency", 30).add("individual_visa", 18).add("bmet", 10).pick(r)
	}
	ep.CostMinor = ptr(pl.cost(dest, ep.Channel, female) * 100)

	// Return reason.
	if covidYears(returned) && pl.chance(0.33) {
		ep.ReturnType = "covid19"
	} else {
		ep.ReturnType = returnReasons.pick(r)
	}
	forced := ep.ReturnType == "forced_by_employer" || ep.ReturnType == "deported"
	// Unpaid wages: two in three forcibly returned migrants lost wages
	// (BCSM/RMMRU 2020: 67%); mean losses were USD 2287 for men and 1144
	// for women (wage-theft survey), about BDT 2.5 and 1.25 lakh.
	pWages := 0.1
	switch ep.ReturnType {
	case "forced_by_employer", "covid19":
		pWages = 0.67
	case "deported", "lost_job":
		pWages = 0.5
	}
	if pl.chance(pWages) {
		median := choose(female, 80_000.0, 150_000.0)
		amount := int64(median*math.Exp(0.7*r.NormFloat64())/1000) * 1000
		ep.UnpaidWagesMinor = ptr(max(amount, 5_000) * 100)
	}
	ep.Documents = []string{"passport", "visa"}
	if ep.Channel == "bmet" || ep.Channel == "licensed_agency" {
		ep.Documents = append(ep.Documents, "bmet_card", "pdo_certificate")
		if pl.chance(0.7) {
			ep.Documents = append(ep.Documents, "contract")
		}
	} else if pl.chance(0.3) {
		ep.Documents = append(ep.Documents, "contract")
	}
	if pl.chance(0.6) {
		ep.Documents = append(ep.Documents, "work_permit")
	}
	if pl.chance(0.5) {
		ep.Documents = append(ep.Documents, "medical_certificate")
	}
	ep.Documents = ordered(ep.Documents, registry.Documents)

	p.ill = ep.ReturnType == "medical" && pl.chance(0.6) || pl.chance(0.04)
	p.exploited = forced && pl.chance(0.3) || female && job == "9111" && pl.chance(0.15) || pl.chance(0.03)

	// One in seven had been abroad before.
	if age >= 32 && pl.chance(0.15) {
		prevRet := dep.AddDate(0, -pl.between(6, 30), 0)
		prevDep := prevRet.AddDate(-pl.between(2, 4), -pl.between(0, 11), 0)
		if prevDep.Year()-p.person.BirthDate.Year() >= 19 && prevDep.Year() >= 2004 {
			d := menDestinations.pick(r)
			if female {
				d = womenDestinations.pick(r)
			}
			prev := registry.Episode{Destination: d, DepartureDate: &prevDep, ReturnDate: &prevRet, ReturnType: "contract_ended",
				CostCurrency: "BDT", UnpaidWagesCurrency: "BDT", Channel: ep.Channel, Documents: []string{"passport", "visa"}}
			if pl.chance(0.7) {
				prev.OccupationISCO = ep.OccupationISCO
				prev.SkillCategory = ep.SkillCategory
			}
			p.episodes = append(p.episodes, prev)
		}
	}
	p.episodes = append(p.episodes, ep)
}

// cost draws what the migration cost, in taka: BDT 3 to 6 lakh for most
// men (RMMRU and news reports), more for Singapore and Italy, much less
// through BOESL (the government channel) and for South Korea's EPS; women
// domestic workers are meant to go free and pay brokers' fees of BDT
// 20,000 to 1 lakh.
func (pl *planner) cost(dest, channel string, female bool) int64 {
	lo, hi := 300_000, 600_000
	switch dest {
	case "SG":
		lo, hi = 400_000, 800_000
	case "IT":
		lo, hi = 800_000, 1_400_000
	case "KR":
		lo, hi = 90_000, 160_000
	case "OM", "MU", "JO":
		lo, hi = 200_000, 400_000
	}
	if female {
		lo, hi = 20_000, 100_000
	}
	c := pl.between(lo/1000, hi/1000) * 1000
	if channel == "bmet" {
		c = c * 4 / 10
	}
	return int64(c)
}

// economy sets what the screening will record of work and debt.
//
// IOM REMAP (2020, 1,486 international returnees): about 70% without work
// at interview and 55% with unpaid debt; BRAC 2020: 87% without income,
// BRAC 2021: 47%. The demo draws 70% without income, a little more after
// a forced return and less after a planned one, and about 68% owing money,
// mostly the loans that paid for the migration, so that a little over half
// owe more than BDT 1 lakh. The debt amount, not a
// flag, goes to the screening: the store sets "debt above threshold" when
// it exceeds BDT 1 lakh.
func (pl *planner) economy(p *returnee) {
	ep := p.latest()
	pNo := 0.70
	switch ep.ReturnType {
	case "forced_by_employer", "deported", "covid19", "lost_job":
		pNo += 0.1
	case "voluntary", "contract_ended":
		pNo -= 0.1
	}
	p.noIncome = pl.chance(pNo)
	p.inDebt = pl.chance(0.68)
	cost := *ep.CostMinor / 100
	if p.inDebt {
		// Loans cost 30-60% a year from moneylenders; what is left of them
		// grows with time and what could not be sent home.
		owed := 200_000 * math.Exp(0.6*pl.r.NormFloat64())
		owed = min(owed, float64(cost)*1.3+float64(pl.between(0, 100_000)))
		p.debt = max(int64(owed/500)*500, 5_000) * 100
	}
	fin := []string{}
	if p.inDebt || pl.chance(0.35) {
		fin = append(fin, "loan")
	}
	if pl.chance(0.3) {
		fin = append(fin, "family")
	}
	if pl.chance(0.12) {
		fin = append(fin, "land_sale")
	}
	if pl.chance(0.25) {
		fin = append(fin, "savings")
	}
	if p.person.Sex == "female" && pl.chance(0.3) {
		fin = append(fin, "employer")
	}
	if len(fin) == 0 {
		fin = append(fin, "savings")
	}
	p.episodes[len(p.episodes)-1].Financing = ordered(fin, registry.Financing)
	p.distress = pl.chance(0.25 + choose(p.exploited, 0.3, 0.0) + choose(p.noIncome, 0.1, 0.0))
}

// household draws the family the returnee lives with: 2 to 7 people
// including the returnee (IOM REMAP: each returnee supports about three).
func (pl *planner) household(p *returnee, age int) {
	r := pl.r
	female := p.person.Sex == "female"
	fam := p.family
	now := age + (pl.day.Year() - p.latest().ReturnDate.Year())
	add := func(rel, sex string, a int, dependant bool) {
		bn, lat := personName(r, p.community, sex, fam, a >= 18)
		// Members are written in the script of the returnee's record.
		name := lat
		if p.person.NameLatin == "" || p.person.NameBn != "" && pl.chance(0.6) {
			name = bn
		}
		m := registry.Member{Name: name, Relationship: rel, Sex: sex, Age: ptr(a), Dependant: dependant}
		if a >= 5 && a <= 17 {
			// Most children go to school; fewer where the family is in
			// trouble.
			in := pl.chance(choose(p.noIncome && p.inDebt, 0.75, 0.88))
			m.InSchool = &in
			if !in {
				p.outOfSchool++
			}
		}
		p.members = append(p.members, m)
	}
	married := false
	switch {
	case female:
		// Many women who go abroad as domestic workers are widowed,
		// divorced or left by their husbands.
		married = pl.chance(0.55)
		if married {
			add("spouse", "male", now+pl.between(3, 10), false)
		}
	default:
		pMarried := 0.4
		if now > 25 {
			pMarried = 0.82
		}
		if now > 35 {
			pMarried = 0.95
		}
		married = pl.chance(pMarried)
		if married {
			add("spouse", "female", max(18, now-pl.between(3, 10)), pl.chance(0.8))
		}
	}
	everMarried := married || female && now >= 25 && pl.chance(0.8)
	if everMarried {
		n := 0
		switch {
		case now <= 25:
			n = pl.between(0, 2)
		case now <= 35:
			n = pl.between(1, 3)
		default:
			n = pl.between(1, 4)
		}
		for range n {
			oldest := min(now-19, 24)
			if oldest < 0 {
				break
			}
			a := pl.between(0, oldest)
			sex := choose(pl.chance(0.5), "female", "male")
			add(choose(sex == "female", "daughter", "son"), sex, a, a < 18)
		}
	}
	if now < 42 {
		if pl.chance(0.45) {
			add("mother", "female", now+pl.between(18, 32), true)
		}
		if pl.chance(0.3) {
			add("father", "male", now+pl.between(22, 36), pl.chance(0.6))
		}
	}
	if len(p.members) == 0 {
		add(choose(female, "brother", "mother"), choose(female, "male", "female"), now+pl.between(-5, 25), !female)
	}
	if len(p.members) > 6 {
		p.members = p.members[:6]
	}
	p.outOfSchool = 0
	for _, m := range p.members {
		if m.InSchool != nil && !*m.InSchool {
			p.outOfSchool++
		}
	}
	// A woman who is widowed, divorced or left heads her household, unless
	// she has gone back to her parents' home without children of her own;
	// a young woman who never married lives in her parents'.
	has := func(rel ...string) bool {
		return slices.ContainsFunc(p.members, func(m registry.Member) bool { return slices.Contains(rel, m.Relationship) })
	}
	p.womanHeaded = female && !married && everMarried && (has("son", "daughter") || !has("mother", "father"))

	// Income: the returnee's own source, if any, and the family's.
	var inc []string
	if !p.noIncome {
		inc = append(inc, weighted[string]{}.add("small_business", 30).add("wage_labour", 30).add("agriculture", 18).
			add("salaried_job", 10).add("livestock", 7).add("fishing", 5).pick(r))
	}
	if len(p.members) > 1 || married {
		for _, s := range []struct {
			code string
			p    float64
		}{{"agriculture", 0.25}, {"wage_labour", 0.2}, {"livestock", 0.2}, {"remittances", 0.08}} {
			if pl.chance(s.p) {
				inc = append(inc, s.code)
			}
		}
	}
	if p.womanHeaded && pl.chance(0.3) || pl.chance(0.06) {
		inc = append(inc, "social_safety_net")
	}
	if len(inc) == 0 {
		inc = []string{"none"}
	}
	p.income = ordered(inc, registry.IncomeSources)
}

// identity draws the name, documents, phone numbers and address.
func (pl *planner) identity(p *returnee, upazila string, cht bool) {
	r := pl.r
	per := &p.person
	p.family = familyOf(r, p.community)
	bn, lat := personName(r, p.community, per.Sex, p.family, true)
	// Some records carry one script only: those typed from a passport
	// copy have Latin, those from a Bangla form only Bangla.
	switch x := r.Float64(); {
	case x < choose(cht, 0.22, 0.15):
		bn = ""
	case x < choose(cht, 0.30, 0.27):
		lat = ""
	}
	per.NameBn, per.NameLatin = bn, lat

	per.Upazila = upazila
	per.Union = unionIn(r, upazila)
	v := pick(r, choose(cht && p.community != muslim && p.community != hindu, chtVillages, villages))
	vb, vl := spell(r, v)
	per.Village = choose(bn != "", vb, vl)
	if pl.chance(0.1) {
		per.Village = ""
	}

	n := 1
	if pl.chance(0.15) {
		n = 2
	}
	if pl.chance(0.03) {
		n = 0 // no phone of their own: reached through a neighbour
	}
	for range n {
		per.Phones = append(per.Phones, pl.phone())
	}
	if pl.chance(0.85) {
		per.Passport = pl.unique(func() string {
			return pick(r, passportSeries) + fmt.Sprintf("%07d", r.IntN(10_000_000))
		})
	}
	// Education: most returnees went to primary or secondary school.
	if per.Sex == "female" {
		per.Education = weighted[string]{}.add("none", 22).add("primary", 40).add("secondary", 30).add("higher_secondary", 5).add("religious", 3).pick(r)
	} else {
		per.Education = weighted[string]{}.add("none", 12).add("primary", 30).add("secondary", 35).add("higher_secondary", 12).
			add("tertiary", 4).add("vocational", 4).add("religious", 3).pick(r)
	}
	if pl.chance(0.65) {
		// The Washington Group short set, asked of two in three.
		per.WG = map[string]int{}
		for _, d := range registry.WGDomains {
			a := 1
			switch x := r.Float64(); {
			case x < 0.0015:
				a = 4
			case x < 0.009:
				a = 3
			case x < 0.06:
				a = 2
			}
			per.WG[d] = a
		}
	}
	// BRAC 2021: 72% want to go abroad again; RMMRU 2020: 80% consider it.
	per.Remigrate = weighted[string]{}.add("yes", 55).add("maybe", 20).add("no", 20).add("", 5).pick(r)
}

// documents draws what follows from the migration: the national ID (the
// old numbers start with the birth year), BMET registration for those who
// went through BMET or an agency, languages learnt abroad.
func (pl *planner) documents(p *returnee, upazila string) {
	r, per, ep := pl.r, &p.person, p.latest()
	if pl.chance(0.7) {
		per.NID = pl.nid(per.BirthDate.Year(), upazila)
	}
	if ep.Channel == "bmet" || ep.Channel == "licensed_agency" {
		per.BMETReg = pl.unique(func() string {
			return fmt.Sprintf("%d-%07d", ep.DepartureDate.Year(), r.IntN(10_000_000))
		})
	}
	if per.WG != nil && ep.ReturnType == "medical" && pl.chance(0.15) {
		per.WG["walking"] = 3
	}
	switch ep.Destination {
	case "SA", "OM", "AE", "QA", "KW", "JO", "LB":
		if pl.chance(0.35) {
			per.Languages = append(per.Languages, "ar")
		}
	case "MY":
		if pl.chance(0.4) {
			per.Languages = append(per.Languages, "ms")
		}
	}
	if per.Education == "tertiary" || per.Education == "higher_secondary" && pl.chance(0.4) {
		per.Languages = append(per.Languages, "en")
	}
}

var passportSeries = []string{"BA", "BB", "BC", "BE", "BF", "BH", "BJ", "BK", "BL", "BM", "BN", "BP", "BR", "BS", "BT", "BW", "BX", "EA", "EB", "EC", "ED", "EE", "EF", "EG"}

// Mobile operators' prefixes, weighted roughly by subscribers
// (Grameenphone 017/013, Robi 018, Banglalink 019/014, Airtel 016,
// Teletalk 015).
var operators = weighted[string]{}.add("017", 30).add("013", 8).add("018", 20).add("019", 18).add("014", 6).add("016", 12).add("015", 6)

func (pl *planner) phone() string {
	for {
		ph := operators.pick(pl.r) + fmt.Sprintf("%08d", pl.r.IntN(100_000_000))
		if !pl.phones[ph] {
			pl.phones[ph] = true
			return ph
		}
	}
}

func (pl *planner) unique(gen func() string) string {
	for {
		s := gen()
		if !pl.ids[s] {
			pl.ids[s] = true
			return s
		}
	}
}

// nid draws a national ID number: a 10-digit smart card number for most,
// the older 17-digit number (birth year and district code first) or
// 13-digit number for the rest.
func (pl *planner) nid(birthYear int, upazila string) string {
	r := pl.r
	district := upazila[4:6]
	return pl.unique(func() string {
		switch x := r.Float64(); {
		case x < 0.55:
			return fmt.Sprintf("%d%09d", 1+r.IntN(9), r.IntN(1_000_000_000))
		case x < 0.85:
			return fmt.Sprintf("%d%s%011d", birthYear, district, r.Int64N(100_000_000_000))
		default:
			return fmt.Sprintf("%s%011d", district, r.Int64N(100_000_000_000))
		}
	})
}

// Skills learnt at home that returnees name besides their work abroad.
var homeSkills = map[string]weighted[string]{
	"male":   jobs("6111", 30, "8322", 15, "7231", 8, "5223", 15, "7115", 8, "7131", 8, "6121", 16),
	"female": jobs("7531", 40, "6121", 25, "6111", 10, "5120", 15, "7512", 10),
}

// skills records the work done abroad for most, and a skill from home for some.
func (pl *planner) skills(p *returnee) {
	ep := p.latest()
	if ep.OccupationISCO != "" && pl.chance(0.7) {
		years := max(1, ep.ReturnDate.Year()-ep.DepartureDate.Year())
		s := registry.Skill{ISCO: ep.OccupationISCO, Years: ptr(years)}
		if pl.chance(0.25) {
			s.Certificate, s.Issuer = certificateFor(ep.OccupationISCO)
		}
		p.skills = append(p.skills, s)
	}
	if pl.chance(0.3) {
		isco := homeSkills[p.person.Sex].pick(pl.r)
		if len(p.skills) == 0 || p.skills[0].ISCO != isco {
			p.skills = append(p.skills, registry.Skill{ISCO: isco, Years: ptr(pl.between(1, 15))})
		}
	}
}

// certificateFor names the certificate a worker in the trade usually holds.
func certificateFor(isco string) (cert, issuer string) {
	switch {
	case isco == "9111" || isco == "9112":
		return "Housekeeping training (30 days)", "Technical Training Centre (BMET)"
	case isco == "8322" || isco == "8332":
		return "Professional driving licence", "BRTA"
	case strings.HasPrefix(isco, "72") || strings.HasPrefix(isco, "74") || strings.HasPrefix(isco, "71"):
		return "Trade course (3 months)", "Technical Training Centre (BMET)"
	case isco == "8153" || isco == "7531":
		return "Sewing machine operation", "Technical Training Centre (BMET)"
	}
	return "Skills for Employment certificate", "BMET"
}

func ptr[T any](v T) *T { return &v }

// ordered returns the codes of set in the order of list, without repeats.
func ordered(set, list []string) []string {
	var out []string
	for _, c := range list {
		if slices.Contains(set, c) {
			out = append(out, c)
		}
	}
	return out
}
