package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/demo"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// statusShares are where the generated cases stand: further along than
// the demo's, so that most people carry the assessments and payments a
// caseload of some years has (the demo's 500 show every stage instead).
var statusShares = []struct {
	status string
	share  float64
}{
	{"", 0.05}, {casework.Registered, 0.04}, {casework.Screened, 0.06}, {casework.Assessed, 0.07}, {casework.PlanAgreed, 0.06},
	{casework.Assistance, 0.25}, {casework.Monitoring, 0.25}, {casework.Closed, 0.22},
}

// Visit findings and plan texts, in Bangla as the partners' case workers write them.
var (
	findings = []string{
		"দোকান চালু আছে, মাসে প্রায় ১২,০০০ টাকা আয় হচ্ছে। ঋণের কিস্তি নিয়মিত দিচ্ছেন।",
		"গরু দুটি ভালো আছে, দুধ বিক্রি করে সংসার চলছে। আরও প্রশিক্ষণ চান।",
		"ব্যবসা ধীরে চলছে; বাজারে প্রতিযোগিতা বেশি। পরামর্শ দেওয়া হয়েছে।",
		"Business running; income about BDT 10,000 a month. Family supportive.",
		"Training completed, now working as an electrician's helper. Debt reduced.",
		"সন্তানেরা স্কুলে ফিরেছে। মানসিক অবস্থা আগের চেয়ে ভালো।",
		"Not at home; spoke by phone. Says the poultry farm lost birds to disease.",
	}
	goals = []string{
		"নিজের ব্যবসা শুরু করে পরিবারের নিয়মিত আয় নিশ্চিত করা এবং ঋণ কমানো।",
		"প্রশিক্ষণ নিয়ে দেশে কাজ পাওয়া এবং সন্তানদের পড়াশোনা চালিয়ে যাওয়া।",
		"Start a small business to earn a steady income and repay the migration loan.",
	}
	grants = []string{"মুদি দোকান চালুর জন্য ব্যবসা শুরুর অনুদান", "গরু পালন শুরুর অনুদান", "হাঁস-মুরগির খামার শুরুর অনুদান",
		"সেলাই মেশিন কিনে দর্জির কাজ শুরুর অনুদান", "Start-up grant for a tea stall", "Start-up grant for a mobile phone repair shop"}
	supports = []struct{ dim, kind, desc, vendor string }{
		{"economic", "vocational_training", "কারিগরি প্রশিক্ষণ কেন্দ্রে তিন মাসের প্রশিক্ষণ", "Technical Training Centre"},
		{"psychosocial", "psychosocial_counselling", "Six counselling sessions", "BRAC psychosocial services"},
		{"economic", "financial_literacy", "আর্থিক সাক্ষরতা প্রশিক্ষণ", "Local NGO trainer"},
		{"social", "children_education", "Schooling costs for the children for a year", "Upazila school"},
	}
)

// worker of each partner: who registers, screens and visits; manager: who approves.
var staff = map[string][2]string{"BNSK": {"bnsk.worker", "bnsk.manager"}, "RMMRU": {"rmmru.worker", "rmmru.manager"},
	"WARBE": {"warbe.worker", "warbe.manager"}}

// batch is the rows of a batch of people.
type batch struct {
	tables  []*table
	by      map[string]*table
	persons int
	first   string // the first person's ID
}

func newBatch() *batch {
	b := &batch{by: map[string]*table{}}
	for _, name := range bulkTables {
		t := &table{name: name, cols: columns[name]}
		b.tables = append(b.tables, t)
		b.by[name] = t
	}
	return b
}

var columns = map[string][]string{
	"households": {"id", "org_id", "contact_person_id", "income_sources", "notes", "created_at", "updated_at", "version"},
	"persons": {"id", "org_id", "household_id", "name_bn", "name_latin", "sort_name", "sex", "birth_date", "birth_estimated",
		"ethnicity", "religion", "wg_seeing", "wg_hearing", "wg_walking", "wg_cognition", "wg_selfcare", "wg_communication", "education", "phones",
		"nid", "passport", "bmet_reg", "division", "district", "upazila", "union_code", "village", "languages", "remigrate", "import_key",
		"created_by", "created_at", "updated_at", "version"},
	"person_terms":      {"org_id", "term", "person_id"},
	"household_members": {"id", "household_id", "org_id", "person_id", "name", "relationship", "sex", "age", "dependant", "in_school", "created_at"},
	"migration_episodes": {"id", "person_id", "org_id", "destination", "occupation_isco", "skill_category", "departure_date", "return_date",
		"channel", "cost_minor", "cost_currency", "financing", "return_type", "unpaid_wages_minor", "unpaid_wages_currency", "documents",
		"created_at", "updated_at", "version"},
	"person_skills": {"id", "person_id", "org_id", "isco", "years", "certificate", "issuer", "created_at"},
	"consents":      {"id", "person_id", "org_id", "purpose", "shared_with_org", "method", "given_on", "recorded_by", "recorded_at"},
	"cases": {"id", "reference", "person_id", "org_id", "project_id", "assigned_to", "status", "priority", "opened_on", "closed_on",
		"closure_reason", "created_at", "updated_at", "version"},
	"case_events": {"id", "case_id", "org_id", "at", "actor_id", "actor_name", "kind", "from_status", "to_status", "body", "ref_id", "reason"},
	"screenings": {"id", "case_id", "org_id", "assessed_on", "indicators", "debt_minor", "score", "priority", "notes", "recorded_by",
		"created_at"},
	"plans": {"id", "case_id", "org_id", "number", "status", "goals", "created_by", "created_by_name", "editors", "submitted_by",
		"submitted_by_name", "submitted_at", "decided_by", "decided_by_name", "decided_at", "created_at", "updated_at", "version"},
	"plan_items": {"id", "plan_id", "case_id", "item_key", "position", "dimension", "level", "assistance_type", "description", "amount_minor",
		"currency", "budget_line_id", "responsible_org_id", "target_date", "committed_minor", "rate_id"},
	"ledger_entries": {"id", "case_id", "org_id", "plan_id", "plan_item_id", "item_key", "budget_line_id", "paid_on", "amount_minor",
		"currency", "usd_minor", "rate_id", "rate_micro", "kind", "vendor", "receipt_ref", "delivered_by", "note", "created_by",
		"created_by_name", "created_at"},
	"visits": {"id", "case_id", "org_id", "due_on", "status", "done_on", "findings", "action", "note", "recorded_by", "created_by",
		"created_at", "updated_at", "version"},
}

// maker turns synthetic people into rows.
type maker struct {
	env   *env
	ids   *ids
	synth *demo.Synth
	r     *rand.Rand
	refs  map[string]int // last case number by reference prefix
	orgs  []string       // partner codes, one per person slot, in proportion
	seed  uint64
	today time.Time
	s     sink
}

func dnull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func snull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func inull[T int | int64](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func joinCodes(list []string) string { return strings.Join(list, " ") }

// stamp is a time of day on date d: the hour office work is entered.
func (m *maker) stamp(d time.Time, minute int) time.Time {
	return d.Add(9*time.Hour + time.Duration(minute)*time.Minute + time.Duration(m.r.IntN(3600))*time.Second)
}

func (m *maker) between(lo, hi int) int { return lo + m.r.IntN(hi-lo+1) }

func minDate(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

// loadReferences reads how many cases each partner already has each year,
// so that references continue from them.
func (m *maker) loadReferences(ctx context.Context) error {
	m.refs = map[string]int{}
	for code := range staff {
		for y := 2000; y <= m.today.Year(); y++ {
			prefix := fmt.Sprintf("%s-%d-", code, y)
			c, err := m.s.queryInt(ctx, "SELECT COUNT(*) FROM cases WHERE reference LIKE ?", prefix+"%")
			if err != nil {
				return err
			}
			m.refs[prefix] = int(c)
		}
	}
	return nil
}

// reference gives the next case reference of org in year.
func (m *maker) reference(org string, year int) string {
	prefix := fmt.Sprintf("%s-%d-", org, year)
	m.refs[prefix]++
	return fmt.Sprintf("%s%04d", prefix, m.refs[prefix])
}

// status draws a case status by statusShares.
func (m *maker) status() string {
	x := m.r.Float64()
	for _, s := range statusShares {
		if x < s.share {
			return s.status
		}
		x -= s.share
	}
	return casework.Closed
}

// person adds one person and everything about them to b. i is the
// person's index in the whole generated caseload (across appends).
func (m *maker) person(b *batch, i int) error {
	m.r = rand.New(rand.NewPCG(m.seed, uint64(i)))
	org := m.orgs[i%len(m.orgs)]
	status := m.status()
	syn := m.synth.Returnee(org, i, status)
	orgID := m.env.orgIDs[org]
	worker, manager := m.env.users[staff[org][0]], m.env.users[staff[org][1]]
	today := m.today

	p := syn.Person
	if err := p.Validate(today); err != nil {
		return fmt.Errorf("person %d: %w", i, err)
	}
	p.ID, p.OrgID, p.CreatedBy = m.ids.next(), orgID, worker.ID
	hhID := m.ids.next()
	p.HouseholdID = hhID
	reg := syn.Registered
	at := m.stamp(reg, 0)
	if b.first == "" {
		b.first = p.ID
	}
	b.persons++

	h := registry.Household{IncomeSources: syn.Income}
	if err := h.Validate(); err != nil {
		return fmt.Errorf("household of person %d: %w", i, err)
	}
	b.by["households"].add(hhID, orgID, p.ID, joinCodes(h.IncomeSources), "", at, at, 1)
	wg := func(d string) any {
		if v, ok := p.WG[d]; ok {
			return int16(v)
		}
		return nil
	}
	b.by["persons"].add(p.ID, orgID, hhID, p.NameBn, p.NameLatin, registry.SortName(p), p.Sex, dnull(p.BirthDate), p.BirthEstimated,
		p.Ethnicity, p.Religion, wg("seeing"), wg("hearing"), wg("walking"), wg("cognition"), wg("selfcare"), wg("communication"),
		p.Education, joinCodes(p.Phones), snull(p.NID), snull(p.Passport), snull(p.BMETReg), p.Division, p.District, p.Upazila, p.Union,
		p.Village, joinCodes(p.Languages), p.Remigrate, nil, worker.ID, at, at, 2)
	for _, term := range registry.SearchTerms(p) {
		b.by["person_terms"].add(orgID, term, p.ID)
	}
	self := registry.Member{PersonID: p.ID, Relationship: "self", Sex: p.Sex, Name: p.DisplayName("en")}
	if p.BirthDate != nil {
		age := p.Age(today)
		self.Age = &age
	}
	for _, mem := range append([]registry.Member{self}, syn.Members...) {
		if err := mem.Validate(); err != nil {
			return fmt.Errorf("household member of person %d: %w", i, err)
		}
		var inSchool any
		if mem.InSchool != nil {
			inSchool = *mem.InSchool
		}
		b.by["household_members"].add(m.ids.next(), hhID, orgID, snull(mem.PersonID), mem.Name, mem.Relationship, mem.Sex,
			inull(mem.Age), mem.Dependant, inSchool, at)
	}
	for _, ep := range syn.Episodes {
		ep.PersonID = p.ID
		if err := ep.Validate(today); err != nil {
			return fmt.Errorf("migration of person %d: %w", i, err)
		}
		b.by["migration_episodes"].add(m.ids.next(), p.ID, orgID, ep.Destination, ep.OccupationISCO, ep.SkillCategory,
			dnull(ep.DepartureDate), dnull(ep.ReturnDate), ep.Channel, inull(ep.CostMinor), ep.CostCurrency, joinCodes(ep.Financing),
			ep.ReturnType, inull(ep.UnpaidWagesMinor), ep.UnpaidWagesCurrency, joinCodes(ep.Documents), at, at, 1)
	}
	for _, sk := range syn.Skills {
		sk.PersonID = p.ID
		if err := sk.Validate(); err != nil {
			return fmt.Errorf("skill of person %d: %w", i, err)
		}
		b.by["person_skills"].add(m.ids.next(), p.ID, orgID, sk.ISCO, inull(sk.Years), sk.Certificate, sk.Issuer, at)
	}
	method := "written"
	switch x := m.r.Float64(); {
	case p.Education == "none" || x < 0.25:
		method = "thumbprint"
	case x < 0.45:
		method = "verbal"
	}
	purposes := []string{registry.PurposeRegistration}
	if m.r.Float64() < 0.85 {
		purposes = append(purposes, registry.PurposeFollowUp)
	}
	if m.r.Float64() < 0.3 {
		purposes = append(purposes, registry.PurposePhoto)
	}
	for _, purpose := range purposes {
		c := registry.Consent{PersonID: p.ID, Purpose: purpose, Method: method, GivenOn: reg}
		if err := c.Validate(today); err != nil {
			return fmt.Errorf("consent of person %d: %w", i, err)
		}
		b.by["consents"].add(m.ids.next(), p.ID, orgID, purpose, nil, method, reg, worker.Username, at)
	}
	if status == "" {
		return nil
	}
	return m.kase(b, syn, p, status, worker, manager, at)
}

// kase writes the case of a person and the work on it.
func (m *maker) kase(b *batch, syn demo.Synthetic, p registry.Person, status string, worker, manager store.User,
	at time.Time) error {
	org, orgID, today := syn.Org, p.OrgID, m.today
	opened := syn.Registered
	if err := casework.CheckOpening(opened, today); err != nil {
		return fmt.Errorf("case of %s: %w", p.ID, err)
	}
	ref := m.reference(org, opened.Year())
	caseID := m.ids.next()
	events := b.by["case_events"]
	event := func(on time.Time, actor store.User, kind, from, to, body, refID, reason string) {
		events.add(m.ids.next(), caseID, orgID, on, actor.ID, actor.Username, kind, from, to, body, refID, reason)
	}
	event(at, worker, casework.EventOpened, "", casework.Registered, "", "", "")
	version := 1
	reached := casework.Registered
	priority := ""
	step := func(to string, on time.Time) {
		t := casework.Transition{To: to}
		if err := t.Check(reached); err == nil {
			event(m.stamp(on, 30), worker, casework.EventStatus, reached, to, "", "", "")
			reached = to
			version++
		}
	}
	// screen records a screening (scored as the store scores it) and its timeline line.
	screen := func(sc *casework.Screening, minute int, what string) error {
		if err := sc.Prepare(today); err != nil {
			return fmt.Errorf("%s of case %s: %w", what, ref, err)
		}
		id, on := m.ids.next(), m.stamp(sc.AssessedOn, minute)
		b.by["screenings"].add(id, caseID, orgID, sc.AssessedOn, joinCodes(sc.Indicators), inull(sc.DebtMinor), sc.Score, sc.Priority,
			sc.Notes, worker.Username, on)
		event(on, worker, casework.EventScreening, "", "", sc.Priority, id, "")
		return nil
	}
	var closedOn *time.Time
	reason := ""
	target := status
	if status == casework.Closed {
		// A closed case went as far as monitoring, or stopped earlier.
		target = []string{casework.Screened, casework.Assistance, casework.Monitoring, casework.Monitoring}[m.r.IntN(4)]
	}
	idx := func(s string) int {
		for k, v := range casework.Statuses {
			if v == s {
				return k
			}
		}
		return -1
	}
	day := opened
	if idx(target) >= idx(casework.Screened) {
		sc := syn.Screening
		if err := screen(&sc, 10, "screening"); err != nil {
			return err
		}
		step(casework.Screened, sc.AssessedOn)
		priority = sc.Priority
		day = sc.AssessedOn
	}
	if idx(target) >= idx(casework.Assessed) {
		day = minDate(day.AddDate(0, 0, m.between(7, 40)), today)
		step(casework.Assessed, day)
	}
	var plan struct {
		id          string
		items       [2]programme.PlanItem
		itemIDs     [2]string
		approvedOn  time.Time
		committed   [2]int64
		rate        programme.ExchangeRate
		hasRate     bool
		planCreated time.Time
	}
	if idx(target) >= idx(casework.PlanAgreed) {
		drafted := minDate(day.AddDate(0, 0, m.between(5, 30)), today)
		approved := minDate(drafted.AddDate(0, 0, m.between(2, 20)), today)
		plan.id, plan.approvedOn = m.ids.next(), approved
		plan.rate, plan.hasRate = programme.RateOn(m.env.rates, programme.USD, programme.BDT, approved)
		sup := supports[m.r.IntN(len(supports))]
		plan.items[0] = programme.PlanItem{Key: "1", Dimension: "economic", Level: "individual", Type: "business_startup_grant",
			Description: grants[m.r.IntN(len(grants))], AmountMinor: int64(m.between(25, 60)) * 1000_00, Currency: programme.BDT,
			BudgetLineID: m.env.lines[org], ResponsibleOrgID: orgID, TargetDate: approved.AddDate(0, 1, 0)}
		plan.items[1] = programme.PlanItem{Key: "2", Dimension: sup.dim, Level: "individual", Type: sup.kind, Description: sup.desc,
			AmountMinor: int64(m.between(5, 15)) * 1000_00, Currency: programme.BDT, BudgetLineID: m.env.lines[org],
			ResponsibleOrgID: orgID, TargetDate: approved.AddDate(0, 3, 0)}
		pl := programme.Plan{Goals: goals[m.r.IntN(len(goals))], Items: plan.items[:]}
		if err := pl.Validate(drafted); err != nil {
			return fmt.Errorf("plan of case %s: %w", ref, err)
		}
		if err := pl.CheckSubmit(); err != nil {
			return fmt.Errorf("plan of case %s: %w", ref, err)
		}
		created, decided := m.stamp(drafted, 60), m.stamp(approved, 120)
		plan.planCreated = created
		b.by["plans"].add(plan.id, caseID, orgID, 1, programme.PlanApproved, pl.Goals, worker.ID, worker.Username, worker.ID, worker.ID,
			worker.Username, created, manager.ID, manager.Username, decided, created, decided, 3)
		for k, it := range plan.items {
			plan.itemIDs[k] = m.ids.next()
			var rateID any
			committed := it.AmountMinor
			if plan.hasRate {
				usd, err := programme.Convert(it.AmountMinor, programme.BDT, programme.USD, &plan.rate)
				if err != nil {
					return err
				}
				committed, rateID = usd, plan.rate.ID
			}
			plan.committed[k] = committed
			b.by["plan_items"].add(plan.itemIDs[k], plan.id, caseID, it.Key, k, it.Dimension, it.Level, it.Type, it.Description, it.AmountMinor,
				it.Currency, it.BudgetLineID, orgID, it.TargetDate, committed, rateID)
		}
		event(created, worker, programme.EventPlanDrafted, "", "", "1", plan.id, "")
		event(created.Add(time.Hour), worker, programme.EventPlanSubmitted, "", "", "1", plan.id, "")
		event(decided, manager, programme.EventPlanApproved, "", "", "1", plan.id, "")
		step(casework.PlanAgreed, approved)
		day = approved
	}
	if idx(target) >= idx(casework.Assistance) {
		step(casework.Assistance, minDate(day.AddDate(0, 0, 1), today))
		// The grant in two instalments (the second once the business is
		// running), the support item once.
		first := plan.items[0].AmountMinor * 6 / 10
		pays := []struct {
			item   int
			amount int64
			on     time.Time
		}{{0, first, minDate(day.AddDate(0, 0, m.between(3, 20)), today)}}
		if target == casework.Monitoring || m.r.Float64() < 0.5 {
			pays = append(pays, struct {
				item   int
				amount int64
				on     time.Time
			}{0, plan.items[0].AmountMinor - first, minDate(day.AddDate(0, 0, m.between(40, 90)), today)})
		}
		pays = append(pays, struct {
			item   int
			amount int64
			on     time.Time
		}{1, plan.items[1].AmountMinor, minDate(day.AddDate(0, 0, m.between(20, 120)), today)})
		for n, pay := range pays {
			it := plan.items[pay.item]
			e := programme.LedgerEntry{PlanItemID: plan.itemIDs[pay.item], PaidOn: pay.on, AmountMinor: pay.amount, Currency: it.Currency,
				Kind: programme.Cash, DeliveredBy: worker.FullName, ReceiptRef: fmt.Sprintf("%s/%d", ref, n+1)}
			if pay.item == 1 {
				e.Kind, e.Vendor = programme.Service, supports[0].vendor
				for _, s := range supports {
					if s.kind == it.Type {
						e.Vendor = s.vendor
					}
				}
			}
			if err := e.ValidatePayment(pay.on, opened); err != nil {
				return fmt.Errorf("payment on case %s: %w", ref, err)
			}
			rate, ok := programme.RateOn(m.env.rates, programme.USD, programme.BDT, pay.on)
			var rateID, rateMicro any
			usd := pay.amount
			if ok {
				u, err := programme.Convert(pay.amount, programme.BDT, programme.USD, &rate)
				if err != nil {
					return err
				}
				usd, rateID, rateMicro = u, rate.ID, rate.RateMicro
			}
			id, on := m.ids.next(), m.stamp(pay.on, 90)
			b.by["ledger_entries"].add(id, caseID, orgID, plan.id, e.PlanItemID, it.Key, it.BudgetLineID, pay.on, pay.amount, it.Currency,
				usd, rateID, rateMicro, e.Kind, e.Vendor, e.ReceiptRef, e.DeliveredBy, "", worker.ID, worker.Username, on)
			event(on, worker, programme.EventPayment, "", "", programme.Money(pay.amount, it.Currency), id, "")
		}
	}
	if idx(target) >= idx(casework.Monitoring) {
		mon := minDate(day.AddDate(0, 0, m.between(60, 150)), today)
		step(casework.Monitoring, mon)
		// Visits at 3, 6 and 12 months after approval: done when due by
		// today (recorded on the day), scheduled otherwise.
		dates, err := followup.DueDates(plan.approvedOn, followup.DefaultIntervals)
		if err != nil {
			return err
		}
		event(m.stamp(plan.approvedOn, 150), manager, followup.EventScheduled, "", "", datesText(dates), "", "")
		for _, due := range dates {
			id := m.ids.next()
			created := m.stamp(plan.approvedOn, 150)
			if due.After(today) {
				if status == casework.Closed {
					// Closing a case cancels the visits still to come.
					b.by["visits"].add(id, caseID, orgID, due, followup.Cancelled, nil, "", "", "case closed", worker.Username,
						manager.Username, created, created, 2)
					continue
				}
				b.by["visits"].add(id, caseID, orgID, due, followup.Scheduled, nil, "", "", "", "", manager.Username, created, created, 1)
				continue
			}
			rec := followup.Record{DoneOn: due, Findings: findings[m.r.IntN(len(findings))], Action: followup.ActionNone}
			if err := rec.Check(followup.Scheduled, due); err != nil {
				return fmt.Errorf("visit on case %s: %w", ref, err)
			}
			done := m.stamp(due, 200)
			b.by["visits"].add(id, caseID, orgID, due, followup.Done, due, rec.Findings, rec.Action, "", worker.Username, manager.Username,
				created, done, 2)
			event(done, worker, followup.EventDone, "", "", rec.Findings, id, "")
			day = due
		}
		// A follow-up screening at the last visit.
		fu := syn.FollowUp
		fu.AssessedOn = minDate(day, today)
		if err := screen(&fu, 220, "follow-up screening"); err != nil {
			return err
		}
		priority = fu.Priority
	}
	if status == casework.Closed {
		reason = "support_completed"
		if reached != casework.Monitoring {
			reason = []string{"lost_contact", "re_migrated", "returnee_stopped", "moved_away"}[m.r.IntN(4)]
		}
		t := casework.Transition{To: casework.Closed, Reason: reason}
		if err := t.Check(reached); err != nil {
			return fmt.Errorf("closing case %s: %w", ref, err)
		}
		on := minDate(day.AddDate(0, 0, m.between(10, 60)), today)
		closedOn = &on
		event(m.stamp(on, 240), worker, casework.EventStatus, reached, casework.Closed, "", "", reason)
		reached = casework.Closed
		version++
	}
	if reached != status {
		return fmt.Errorf("case %s: reached %s, meant %s", ref, reached, status)
	}
	b.by["cases"].add(caseID, ref, p.ID, orgID, m.env.projectID, worker.ID, status, priority, opened, dnull(closedOn), reason, at,
		m.stamp(day, 250), version)
	return nil
}

func datesText(ds []time.Time) string {
	days := make([]string, len(ds))
	for i, d := range ds {
		days[i] = d.Format(time.DateOnly)
	}
	return joinCodes(days)
}

// batchAudit is the audit line of a batch: who generated what, not one
// line per record (see the package documentation).
func batchAudit(b *batch, seed uint64, firstIndex int) (string, error) {
	d, err := json.Marshal(map[string]any{"persons": b.persons, "seed": strconv.FormatUint(seed, 10), "first_index": firstIndex,
		"first_person": b.first, "tool": "remaker gen"})
	return string(d), err
}
