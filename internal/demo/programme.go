package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/followup"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// The programme side of the demo: REMA(K)ER's budget lines, the taka-dollar
// rates, the service directory, and for the cases that got that far a
// reintegration plan (drafted by the case worker, approved by the
// organisation's manager), payments against it, referrals and follow-up
// visits. Everything is drawn in advance (programmePlan), so that the
// budget can be checked to fit before anything is written, and from
// streams of its own, so that the people and cases stay as they were.

const streamProgramme = 10 // after streamWho, streamLife, streamHistory

// budgetLines are the project's lines in US dollars, by category and
// organisation: USD 200,000 in all. IOM keeps part of the staff and
// monitoring money; the rest goes to the three partners by caseload.
var budgetLines = []struct {
	category string
	org      string
	usd      int64
}{
	{programme.DirectAssistance, "BNSK", 34_000}, {programme.DirectAssistance, "RMMRU", 42_000}, {programme.DirectAssistance, "WARBE", 40_000},
	{programme.CommunityProjects, "BNSK", 5_000}, {programme.CommunityProjects, "RMMRU", 5_500}, {programme.CommunityProjects, "WARBE", 5_500},
	{programme.CapacityBuilding, "BNSK", 3_500}, {programme.CapacityBuilding, "RMMRU", 4_500}, {programme.CapacityBuilding, "WARBE", 4_000},
	{programme.Staff, "IOM", 16_000}, {programme.Staff, "BNSK", 8_000}, {programme.Staff, "RMMRU", 8_000}, {programme.Staff, "WARBE", 8_000},
	{programme.MonitoringEvaluation, "IOM", 7_000}, {programme.MonitoringEvaluation, "BNSK", 3_000},
	{programme.MonitoringEvaluation, "RMMRU", 3_000}, {programme.MonitoringEvaluation, "WARBE", 3_000},
}

// rateAnchors are approximate taka-per-dollar rates (the market's level,
// rounded; not official figures): about 84-86 until 2021, the slide of
// 2022-2023 to about 110, the step to 117 when the rate was freed in May
// 2024, then 120-122. Monthly rates are interpolated between them.
var rateAnchors = []struct {
	year  int
	month time.Month
	rate  float64
}{
	{2019, 1, 84.20}, {2020, 1, 84.90}, {2021, 1, 84.80}, {2021, 12, 85.80}, {2022, 5, 87.50}, {2022, 8, 95.00},
	{2022, 12, 103.00}, {2023, 6, 108.50}, {2023, 12, 110.00}, {2024, 4, 110.00}, {2024, 5, 117.00}, {2024, 12, 120.00},
	{2025, 6, 122.00}, {2030, 12, 122.00},
}

// demoRates are the monthly rates from January 2019 to day's month.
func demoRates(day time.Time) []programme.ExchangeRate {
	var out []programme.ExchangeRate
	for m := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC); !m.After(day); m = m.AddDate(0, 1, 0) {
		idx := func(y int, mo time.Month) int { return y*12 + int(mo) }
		at := idx(m.Year(), m.Month())
		rate := rateAnchors[len(rateAnchors)-1].rate
		for k := 1; k < len(rateAnchors); k++ {
			a, b := rateAnchors[k-1], rateAnchors[k]
			if at <= idx(b.year, b.month) {
				f := float64(at-idx(a.year, a.month)) / float64(idx(b.year, b.month)-idx(a.year, a.month))
				rate = a.rate + f*(b.rate-a.rate)
				break
			}
		}
		out = append(out, programme.ExchangeRate{Base: programme.USD, Quote: programme.BDT, ValidFrom: m,
			RateMicro: int64(rate*100+0.5) * 10_000, Source: "Demo: approximate market rate"})
	}
	return out
}

// usdOn converts taka (paisa) to US cents at the demo rate valid on day.
func usdOn(rates []programme.ExchangeRate, bdt int64, day time.Time) int64 {
	r, ok := programme.RateOn(rates, programme.USD, programme.BDT, day)
	if !ok {
		r = rates[0]
	}
	usd, _ := programme.Convert(bdt, programme.BDT, programme.USD, &r)
	return usd
}

// itemPlan is a plan item to write; amount in paisa.
type itemPlan struct {
	dim, level, kind, desc string
	amount                 int64
	line                   string // budget category; "" when nothing is paid
	target                 time.Time
	delivery, vendor       string // how it is paid
}

type payPlan struct {
	item    int // in the final version's items
	on      time.Time
	amount  int64
	mistake int64 // a wrong amount recorded first, then reversed
}

type referralPlan struct {
	org, service string // starter organisation code (or a partner's) and service name
	reason       string
	status       string
	outcome      string
	feedback     string
	why          string // decline or cancel reason
	due          int    // days from the seeding day
}

// progPlan is the programme work on one case.
type progPlan struct {
	stage      string // the furthest stage the case reached
	closed     bool
	agreed     time.Time
	items      []itemPlan // the approved version (after a return, after a revision)
	firstAbove int64      // a returned first version asked this much more for item 0
	returnNote string
	revision   *itemPlan // an item a revision adds
	payments   []payPlan
	ref        *referralPlan
}

var (
	returnNotes = []string{
		"ব্যবসার অনুদানের অঙ্ক বাজারদরের চেয়ে বেশি মনে হচ্ছে। দোকানের খরচের হিসাব যোগ করে আবার জমা দিন।",
		"অনুদানের অঙ্ক কমিয়ে প্রশিক্ষণের বিষয়টি স্পষ্ট করুন, তারপর জমা দিন।",
		"পরিবারের আয়ের তথ্যের সঙ্গে অনুদানের অঙ্ক মিলছে না। যাচাই করে আবার পাঠান।",
	}
	grantDescs = []string{
		"মুদি দোকান চালুর জন্য ব্যবসা শুরুর অনুদান", "গরু পালন শুরুর অনুদান", "হাঁস-মুরগির খামার শুরুর অনুদান",
		"সেলাই মেশিন কিনে দর্জির কাজ শুরুর অনুদান", "চায়ের দোকান চালুর অনুদান", "মোবাইল মেরামতের দোকান শুরুর অনুদান",
		"অটোরিকশা কেনার আংশিক অনুদান", "মাছ চাষের পুকুর সংস্কারের অনুদান",
	}
	inKindDescs = []string{
		"দুটি ছাগল ও তিন মাসের খাদ্য", "সবজি চাষের বীজ, সার ও সেচের পাম্প", "দোকানের প্রথম দফার মালামাল", "সেলাই মেশিন ও কাপড়",
	}
	trainingDescs = []string{
		"কারিগরি প্রশিক্ষণ কেন্দ্রে তিন মাসের ড্রাইভিং প্রশিক্ষণ", "ইলেকট্রিক্যাল ওয়্যারিং প্রশিক্ষণ", "সেলাই ও পোশাক তৈরির প্রশিক্ষণ",
		"মোবাইল ফোন মেরামতের প্রশিক্ষণ", "হিসাব রাখা ও ছোট ব্যবসা পরিচালনার প্রশিক্ষণ",
	}
	visitFindings = []string{
		"দোকান নিয়মিত চলছে; মাসে প্রায় আট হাজার টাকা আয় হচ্ছে।",
		"গরু দুটি সুস্থ আছে; দুধ বিক্রি করে সংসার চলছে।",
		"ব্যবসা শুরু হয়েছে, তবে পুঁজি কম; ঋণের কিস্তি নিয়ে দুশ্চিন্তায় আছেন।",
		"প্রশিক্ষণ শেষ করেছেন; স্থানীয় একটি কারখানায় কাজ খুঁজছেন।",
		"পরিবারের সঙ্গে সম্পর্ক ভালো হয়েছে; সন্তানেরা নিয়মিত স্কুলে যাচ্ছে।",
		"মানসিকভাবে আগের চেয়ে ভালো আছেন; সহায়ক দলের সভায় যাচ্ছেন।",
		"খামারে রোগ দেখা দিয়েছিল; প্রাণিসম্পদ অফিসে যোগাযোগ করিয়ে দেওয়া হয়েছে।",
	}
	revisionFindings = []string{
		"বন্যায় দোকানের মালামাল নষ্ট হয়েছে; পরিকল্পনা সংশোধন দরকার।",
		"অসুস্থতার কারণে ব্যবসা বন্ধ; নতুন করে অবস্থা মূল্যায়ন করা দরকার।",
	}
	missedNotes = []string{
		"বাড়িতে পাওয়া যায়নি; ফোনেও সাড়া মেলেনি।", "ঢাকায় কাজে গেছেন বলে পরিবার জানিয়েছে।", "রাস্তা পানিতে ডুবে থাকায় যাওয়া যায়নি।",
	}
)

// govReferrals are the government services the demo refers people to,
// with what the person needs from each.
var govReferrals = []struct{ org, service, reason string }{
	{"BMET", "", "কারিগরি প্রশিক্ষণ কেন্দ্রে ভর্তির জন্য সহায়তা দরকার।"},
	{"PKB", "", "ব্যবসা বড় করতে প্রবাসী কল্যাণ ব্যাংকের পুনর্বাসন ঋণ দরকার।"},
	{"WEWB", "", "বিদেশের নিয়োগকর্তার কাছে পাওনা মজুরি ও ক্ষতিপূরণ আদায়ে সহায়তা দরকার।"},
	{"DSS", "", "সামাজিক নিরাপত্তা ভাতার জন্য আবেদন করতে সহায়তা দরকার।"},
	{"DGHS", "", "বিদেশে পাওয়া আঘাতের চিকিৎসা দরকার।"},
	{"NLASO", "", "দালালের প্রতারণার বিরুদ্ধে আইনি সহায়তা দরকার।"},
	{"DYD", "", "যুব উন্নয়ন অধিদপ্তরের প্রশিক্ষণে ভর্তি হতে চান।"},
}

// csoServices are the partners' own services, which the others refer to.
var csoServices = map[string]referral.Service{
	"BNSK": {NameEn: "Counselling and safe-shelter support for women returnees", NameBn: "ফেরত আসা নারী কর্মীদের কাউন্সেলিং ও নিরাপদ আশ্রয় সহায়তা",
		Type: referral.PsychosocialSupport},
	"RMMRU": {NameEn: "Legal advice on recruitment fraud and unpaid wages", NameBn: "নিয়োগ প্রতারণা ও অনাদায়ী মজুরি বিষয়ে আইনি পরামর্শ",
		Type: referral.LegalAid},
	"WARBE": {NameEn: "Skills training and job placement for returnees", NameBn: "ফেরত আসা কর্মীদের দক্ষতা প্রশিক্ষণ ও চাকরির ব্যবস্থা",
		Type: referral.SkillsTraining},
}

var csoReasons = map[string]string{
	"BNSK":  "বিদেশে নির্যাতনের শিকার হয়েছেন; কাউন্সেলিং ও আশ্রয় সহায়তা দরকার।",
	"RMMRU": "দালালের প্রতারণা ও অনাদায়ী মজুরির বিষয়ে আইনি পরামর্শ দরকার।",
	"WARBE": "দক্ষতা প্রশিক্ষণ ও স্থানীয় চাকরির জন্য সহায়তা দরকার।",
}

// programmePlan draws the programme work of every case (nil for a case
// with none), scaled down per organisation until the budget lines hold
// every commitment and payment with room to spare.
func programmePlan(people []*returnee, day time.Time) []*progPlan {
	rates := demoRates(day)
	out := make([]*progPlan, len(people))
	for _, o := range profiles {
		scale := 1.0
		for range 20 {
			spent := map[string]int64{} // committed and disbursed by category, the larger counts
			committed, disbursed := map[string]int64{}, map[string]int64{}
			for i, p := range people {
				if p.org != o.code {
					continue
				}
				out[i] = drawProgramme(i, p, day, scale)
				if out[i] == nil {
					continue
				}
				for _, it := range out[i].items {
					if it.line != "" {
						committed[it.line] += usdOn(rates, it.amount, day)
					}
				}
				for _, pay := range out[i].payments {
					line := out[i].items[pay.item].line
					disbursed[line] += usdOn(rates, pay.amount+pay.mistake, pay.on)
				}
			}
			for k, v := range committed {
				spent[k] = max(v, disbursed[k])
			}
			fits := true
			for _, b := range budgetLines {
				if b.org == o.code && spent[b.category] > b.usd*100*9/10 {
					fits = false
				}
			}
			if fits {
				break
			}
			scale *= 0.93
		}
	}
	return out
}

// round500 rounds taka to the nearest 500 and returns paisa.
func round500(taka float64) int64 { return int64(taka/500+0.5) * 500 * 100 }

func drawProgramme(i int, p *returnee, day time.Time, scale float64) *progPlan {
	c := p.kase
	if c == nil {
		return nil
	}
	r := rand.New(rand.NewPCG(seed1<<8|streamProgramme, seed2<<32|uint64(i)))
	pl := &planner{r: r, day: day}
	stage := c.status
	if stage == casework.Closed {
		stage = c.closedAt
	}
	if stage == casework.Registered {
		return nil
	}
	pp := &progPlan{stage: stage, closed: c.status == casework.Closed}
	// Referrals: a few to government services, and to a partner when the
	// person agreed to share their details with it.
	var sharedWith string
	for _, cp := range p.consents {
		if cp.purpose == registry.PurposeSharing && cp.withdraw == "" {
			sharedWith = cp.sharedWith
		}
	}
	switch {
	case sharedWith != "" && pl.chance(0.5):
		pp.ref = &referralPlan{org: sharedWith, service: csoServices[sharedWith].NameEn, reason: csoReasons[sharedWith]}
	case pl.chance(0.075):
		g := govReferrals[r.IntN(len(govReferrals))]
		if p.latest().UnpaidWagesMinor != nil && pl.chance(0.5) {
			g = govReferrals[2]
		}
		pp.ref = &referralPlan{org: g.org, service: g.service, reason: g.reason}
	}
	if pp.ref != nil {
		pp.ref.due = pl.between(2, 21)
		switch x := r.Float64(); {
		case x < 0.3:
			pp.ref.status = referral.Requested
		case x < 0.55:
			pp.ref.status = referral.Accepted
		case x < 0.85:
			pp.ref.status = referral.Completed
			pp.ref.outcome = weighted[string]{}.add("service_provided", 70).add("partly_provided", 20).add("not_provided", 10).pick(r)
			pp.ref.feedback = pick(r, []string{"সেবা দেওয়া হয়েছে; পরবর্তী যোগাযোগের তারিখ ঠিক হয়েছে।",
				"প্রয়োজনীয় কাগজপত্র জমা নিয়ে আবেদন প্রক্রিয়া শুরু করা হয়েছে।", "প্রথম সেশন হয়েছে; আরও দুটি সেশন প্রয়োজন।"})
		case x < 0.95:
			pp.ref.status = referral.Declined
			pp.ref.why = pick(r, []string{"এই এলাকায় বর্তমানে আসন খালি নেই।", "আবেদনকারীর প্রয়োজনীয় কাগজপত্র নেই।"})
		default:
			pp.ref.status = referral.Cancelled
			pp.ref.why = "ব্যক্তি নিজেই অন্য জায়গা থেকে সেবা নিয়েছেন।"
		}
	}
	if !slices.Contains([]string{casework.PlanAgreed, casework.Assistance, casework.Monitoring}, stage) {
		if pp.ref == nil {
			return nil
		}
		return pp
	}
	pp.agreed = minDate(c.opened.AddDate(0, 0, pl.between(30, 120)), day.AddDate(0, 0, -pl.between(7, 40)))
	if pp.agreed.Before(c.opened) {
		pp.agreed = c.opened
	}
	target := func(months int) time.Time { return pp.agreed.AddDate(0, months, 0) }
	amount := func(lo, hi int) int64 { return round500(float64(pl.between(lo, hi)) * scale) }
	if pl.chance(0.7) {
		pp.items = append(pp.items, itemPlan{dim: "economic", level: "individual", kind: "business_startup_grant", desc: pick(r, grantDescs),
			amount: amount(20_000, 50_000), line: programme.DirectAssistance, target: target(2), delivery: programme.Cash})
	} else {
		pp.items = append(pp.items, itemPlan{dim: "economic", level: "individual", kind: "in_kind_inputs", desc: pick(r, inKindDescs),
			amount: amount(10_000, 25_000), line: programme.DirectAssistance, target: target(2), delivery: programme.InKind,
			vendor: "স্থানীয় সরবরাহকারী"})
	}
	if pl.chance(0.4) {
		pp.items = append(pp.items, itemPlan{dim: "economic", level: "individual", kind: "vocational_training", desc: pick(r, trainingDescs),
			amount: amount(5_000, 12_000), line: programme.DirectAssistance, target: target(4), delivery: programme.Service,
			vendor: "কারিগরি প্রশিক্ষণ কেন্দ্র (টিটিসি)"})
	}
	switch {
	case p.outOfSchool > 0 || (len(p.members) > 2 && pl.chance(0.25)):
		pp.items = append(pp.items, itemPlan{dim: "social", level: "individual", kind: "children_education",
			desc: "সন্তানের স্কুলের বেতন, বই ও পোশাক", amount: amount(4_000, 10_000), line: programme.DirectAssistance, target: target(1),
			delivery: programme.Cash})
	case p.ill || pl.chance(0.15):
		pp.items = append(pp.items, itemPlan{dim: "social", level: "individual", kind: "medical_support",
			desc: "চিকিৎসা ও ওষুধের খরচ", amount: amount(3_000, 12_000), line: programme.DirectAssistance, target: target(1),
			delivery: programme.Cash})
	case pl.chance(0.15):
		pp.items = append(pp.items, itemPlan{dim: "social", level: "individual", kind: "documentation",
			desc: "জাতীয় পরিচয়পত্র ও পাসপোর্টের তথ্য সংশোধনে সহায়তা", target: target(2)})
	}
	switch {
	case p.distress || pl.chance(0.2):
		pp.items = append(pp.items, itemPlan{dim: "psychosocial", level: "individual", kind: "psychosocial_counselling",
			desc: "কাউন্সেলরের সঙ্গে ছয়টি সেশন", target: target(3)})
	case pl.chance(0.25):
		pp.items = append(pp.items, itemPlan{dim: "psychosocial", level: "community", kind: "peer_support_group",
			desc: "ফেরত আসা অভিবাসীদের সহায়ক দলের মাসিক সভা (যাতায়াত ও আপ্যায়ন)", amount: amount(2_000, 5_000),
			line: programme.CommunityProjects, target: target(6), delivery: programme.Cash})
	}
	if pl.chance(0.12) {
		pp.returnNote = pick(r, returnNotes)
		pp.firstAbove = round500(float64(pl.between(3_000, 10_000)))
	}
	paid := stage == casework.Assistance || stage == casework.Monitoring
	if paid && pl.chance(0.05) {
		rev := itemPlan{dim: "social", level: "individual", kind: "medical_support", desc: "নতুন করে অসুস্থ হওয়ায় চিকিৎসা সহায়তা",
			amount: amount(4_000, 10_000), line: programme.DirectAssistance, target: target(6), delivery: programme.Cash}
		pp.revision = &rev
		pp.items = append(pp.items, rev)
	}
	if !paid {
		return pp
	}
	for k, it := range pp.items {
		if it.amount == 0 || (stage == casework.Assistance && !pl.chance(0.6)) {
			continue
		}
		on := minDate(pp.agreed.AddDate(0, 0, pl.between(7, 60)), day)
		if it.kind == "business_startup_grant" && pl.chance(0.5) {
			first := round500(float64(it.amount) / 100 * 0.6)
			pp.payments = append(pp.payments, payPlan{item: k, on: on, amount: first})
			if stage == casework.Monitoring {
				pp.payments = append(pp.payments, payPlan{item: k, on: minDate(on.AddDate(0, 0, pl.between(45, 120)), day),
					amount: it.amount - first})
			}
			continue
		}
		pay := payPlan{item: k, on: on, amount: it.amount}
		if stage == casework.Monitoring && pl.chance(0.02) {
			pay.mistake = it.amount / 10 // a slipped digit
		}
		pp.payments = append(pp.payments, pay)
	}
	return pp
}

// programmeSetup writes what the cases' programme work needs first: the
// rates and budget lines (by the programme manager), the service
// directory and the partners' own services (by the administrator).
func (w *writer) programmeSetup(ctx context.Context, day time.Time) error {
	pm, err := w.actor("iom.pm")
	if err != nil {
		return err
	}
	admin, err := w.actor("admin")
	if err != nil {
		return err
	}
	for _, r := range demoRates(day) {
		if _, err := w.db.AddExchangeRate(ctx, pm, r); err != nil {
			return fmt.Errorf("exchange rate %s: %w", r.ValidFrom.Format(time.DateOnly), err)
		}
	}
	w.lines = map[string]string{}
	for _, b := range budgetLines {
		l, err := w.db.CreateBudgetLine(ctx, pm, programme.BudgetLine{ProjectID: w.projectID, OrgID: w.orgIDs[b.org],
			Category: b.category, PlannedMinor: b.usd * 100, Currency: programme.USD})
		if err != nil {
			return fmt.Errorf("budget line %s %s: %w", b.org, b.category, err)
		}
		w.lines[b.org+"|"+b.category] = l.ID
	}
	if _, _, err := w.db.LoadServiceDirectory(ctx, admin, referral.StarterDirectory); err != nil {
		return fmt.Errorf("service directory: %w", err)
	}
	for _, o := range profiles {
		s := csoServices[o.code]
		s.OrgID = w.orgIDs[o.code]
		if _, err := w.db.CreateService(ctx, admin, s); err != nil {
			return fmt.Errorf("service of %s: %w", o.code, err)
		}
	}
	services, err := w.db.ListServices(ctx, admin, store.ServiceQuery{})
	if err != nil {
		return err
	}
	w.services = map[string]referral.Service{}
	for _, s := range services {
		w.services[s.OrgCode+"|"+s.NameEn] = s
		if _, ok := w.services[s.OrgCode+"|"]; !ok {
			w.services[s.OrgCode+"|"] = s // an organisation's first service
		}
	}
	return nil
}

// programmeWork writes a case's plan, payments, referral and visits, before
// the case closes (a closed case takes none of them).
func (w *writer) programmeWork(ctx context.Context, i int, p *returnee, c openCase) error {
	pp := w.prog[i]
	if pp == nil {
		return nil
	}
	o := profileOf(p.org)
	drafter, err := w.actor(o.worker)
	if err != nil {
		return err
	}
	manager, err := w.actor(o.manager)
	if err != nil {
		return err
	}
	if pp.ref != nil {
		if err := w.referral(ctx, i, p, c, pp.ref); err != nil {
			return fmt.Errorf("referral: %w", err)
		}
	}
	if len(pp.items) == 0 {
		return nil
	}
	approved, err := w.plan(ctx, p, c, pp, drafter, manager)
	if err != nil {
		return err
	}
	for _, pay := range pp.payments {
		it := approved.Items[pay.item]
		e := programme.LedgerEntry{PlanItemID: it.ID, PaidOn: pay.on, Currency: programme.BDT, Kind: pp.items[pay.item].delivery,
			Vendor: pp.items[pay.item].vendor, DeliveredBy: w.users[o.worker].FullName,
			ReceiptRef: fmt.Sprintf("%s/%d/%s", p.org, pay.on.Year(), c.ref[len(c.ref)-4:])}
		if pay.mistake > 0 {
			e.AmountMinor = pay.mistake
			wrong, err := w.db.RecordPayment(ctx, drafter, c.id, e)
			if err != nil {
				return fmt.Errorf("payment: %w", err)
			}
			if _, err := w.db.ReversePayment(ctx, drafter, wrong.ID, minDate(pay.on.AddDate(0, 0, 3), w.day),
				"অঙ্ক ভুল লেখা হয়েছিল (একটি শূন্য বাদ পড়েছে); সঠিক অঙ্কে আবার লেখা হলো।"); err != nil {
				return fmt.Errorf("reversal: %w", err)
			}
			e.PaidOn = minDate(pay.on.AddDate(0, 0, 3), w.day)
		}
		e.AmountMinor = pay.amount
		if _, err := w.db.RecordPayment(ctx, drafter, c.id, e); err != nil {
			return fmt.Errorf("payment: %w", err)
		}
	}
	if err := w.visits(ctx, i, c, pp, drafter); err != nil {
		return fmt.Errorf("visits: %w", err)
	}
	return nil
}

// plan drafts, submits, perhaps returns, approves and perhaps revises a
// case's plan, and returns the version in force.
func (w *writer) plan(ctx context.Context, p *returnee, c openCase, pp *progPlan, drafter, manager app.Actor) (programme.Plan, error) {
	respOrg := w.orgIDs[p.org]
	items := func(list []itemPlan) []programme.PlanItem {
		var out []programme.PlanItem
		for _, it := range list {
			pi := programme.PlanItem{Dimension: it.dim, Level: it.level, Type: it.kind, Description: it.desc, AmountMinor: it.amount,
				Currency: programme.BDT, ResponsibleOrgID: respOrg, TargetDate: it.target}
			if it.line != "" {
				pi.BudgetLineID = w.lines[p.org+"|"+it.line]
			}
			out = append(out, pi)
		}
		return out
	}
	first := pp.items
	if pp.revision != nil {
		first = first[:len(first)-1]
	}
	goals := "আয়ের একটি স্থায়ী উৎস গড়ে তোলা, পরিবারের প্রয়োজন মেটানো এবং সমাজে আবার স্বাভাবিকভাবে যুক্ত হওয়া।"
	draft := programme.Plan{Goals: goals, Items: items(first)}
	if pp.returnNote != "" {
		draft.Items[0].AmountMinor += pp.firstAbove
	}
	v, err := w.db.DraftPlan(ctx, drafter, c.id, draft)
	if err != nil {
		return v, fmt.Errorf("draft plan: %w", err)
	}
	if v, err = w.db.SubmitPlan(ctx, drafter, v.ID, v.Version); err != nil {
		return v, fmt.Errorf("submit plan: %w", err)
	}
	if pp.returnNote != "" {
		if v, err = w.db.ReturnPlan(ctx, manager, v.ID, v.Version, pp.returnNote); err != nil {
			return v, fmt.Errorf("return plan: %w", err)
		}
		fixed := programme.Plan{Goals: goals, Items: v.Items}
		fixed.Items[0].AmountMinor -= pp.firstAbove
		if v, err = w.db.SavePlan(ctx, drafter, v.ID, v.Version, fixed); err != nil {
			return v, fmt.Errorf("save returned plan: %w", err)
		}
		if v, err = w.db.SubmitPlan(ctx, drafter, v.ID, v.Version); err != nil {
			return v, fmt.Errorf("resubmit plan: %w", err)
		}
	}
	if v, err = w.db.ApprovePlan(ctx, manager, v.ID, v.Version); err != nil {
		return v, fmt.Errorf("approve plan: %w", err)
	}
	if pp.revision != nil {
		if v, err = w.db.RevisePlan(ctx, drafter, c.id); err != nil {
			return v, fmt.Errorf("revise plan: %w", err)
		}
		revised := programme.Plan{Goals: v.Goals, Items: append(v.Items, items([]itemPlan{*pp.revision})...)}
		if v, err = w.db.SavePlan(ctx, drafter, v.ID, v.Version, revised); err != nil {
			return v, fmt.Errorf("save revision: %w", err)
		}
		if v, err = w.db.SubmitPlan(ctx, drafter, v.ID, v.Version); err != nil {
			return v, fmt.Errorf("submit revision: %w", err)
		}
		if v, err = w.db.ApprovePlan(ctx, manager, v.ID, v.Version); err != nil {
			return v, fmt.Errorf("approve revision: %w", err)
		}
	}
	return w.db.PlanByID(ctx, drafter, v.ID)
}

// referral refers the person and takes the referral to its planned
// status: a partner answers for itself, a government office (nobody
// there uses Remaker) through the referring organisation.
func (w *writer) referral(ctx context.Context, i int, p *returnee, c openCase, rp *referralPlan) error {
	svc, ok := w.services[rp.org+"|"+rp.service]
	if !ok {
		return fmt.Errorf("no service of %s", rp.org)
	}
	referrer := c.worker
	receiver := referrer
	if rc, ok := csoServices[rp.org]; ok && rc.NameEn == rp.service {
		if receiver, ok = w.userActor(profileOf(rp.org).worker); !ok {
			return fmt.Errorf("no worker at %s", rp.org)
		}
	} else {
		// Sharing with a government office needs the person's consent too.
		if _, err := w.db.AddConsent(ctx, referrer, registry.Consent{PersonID: w.personIDs[i], Purpose: registry.PurposeSharing,
			Method: "verbal", GivenOn: w.day, SharedWithOrg: svc.OrgID}); err != nil {
			return fmt.Errorf("sharing consent: %w", err)
		}
	}
	r, err := w.db.CreateReferral(ctx, referrer, referral.Referral{CaseID: c.id, ServiceID: svc.ID, Reason: rp.reason,
		DueOn: w.day.AddDate(0, 0, rp.due)})
	if err != nil {
		return err
	}
	step := func(a app.Actor, s referral.Step) error {
		r, err = w.db.MoveReferral(ctx, a, r.ID, r.Version, s)
		return err
	}
	switch rp.status {
	case referral.Accepted:
		return step(receiver, referral.Step{To: referral.Accepted})
	case referral.Completed:
		if err := step(receiver, referral.Step{To: referral.Accepted}); err != nil {
			return err
		}
		return step(receiver, referral.Step{To: referral.Completed, Outcome: rp.outcome, Feedback: rp.feedback})
	case referral.Declined:
		return step(receiver, referral.Step{To: referral.Declined, Reason: rp.why})
	case referral.Cancelled:
		return step(referrer, referral.Step{To: referral.Cancelled, Reason: rp.why})
	}
	return nil
}

func (w *writer) userActor(username string) (app.Actor, bool) {
	u, ok := w.users[username]
	return u.Actor(), ok
}

// visits places the follow-up of a case that has been receiving
// assistance on its real timeline: the visits the approval scheduled from
// today give way to a schedule from the day the plan was agreed; visits
// past due are mostly recorded (those over a year old were kept on paper
// before Remaker), some missed, some left overdue. A closed case's
// remaining visits are cancelled.
func (w *writer) visits(ctx context.Context, i int, c openCase, pp *progPlan, a app.Actor) error {
	r := rand.New(rand.NewPCG(seed1<<8|streamProgramme+1, seed2<<32|uint64(i)))
	list, err := w.db.VisitsOfCase(ctx, a, c.id)
	if err != nil {
		return err
	}
	if pp.stage != casework.PlanAgreed && pp.agreed.Before(w.day.AddDate(0, 0, -30)) {
		for _, v := range list {
			if _, err := w.db.CancelVisit(ctx, a, v.ID, v.Version, "সূচি পরিকল্পনা সম্মত হওয়ার প্রকৃত তারিখ থেকে ঠিক করা হয়েছে।"); err != nil {
				return err
			}
		}
		if _, err := w.db.ScheduleVisits(ctx, a, c.id, pp.agreed, nil); err != nil {
			return err
		}
		if list, err = w.db.VisitsOfCase(ctx, a, c.id); err != nil {
			return err
		}
	}
	yearAgo := w.day.AddDate(-1, 0, 7)
	for _, v := range list {
		if v.Status != followup.Scheduled {
			continue
		}
		due := v.DueOn
		switch {
		case pp.closed:
			_, err = w.db.CancelVisit(ctx, a, v.ID, v.Version, "কেস বন্ধ হচ্ছে।")
		case !due.Before(w.day):
			continue
		case due.Before(yearAgo):
			_, err = w.db.CancelVisit(ctx, a, v.ID, v.Version, "রিমেকার চালুর আগের পরিদর্শন; কাগজের খাতায় লেখা আছে।")
		default:
			x := r.Float64()
			done := pp.stage == casework.Monitoring && x < 0.85 || pp.stage == casework.Assistance && x < 0.5
			missed := pp.stage == casework.Monitoring && x >= 0.85 || pp.stage == casework.Assistance && x >= 0.5 && x < 0.6
			switch {
			case done:
				rec := followup.Record{DoneOn: minDate(due.AddDate(0, 0, r.IntN(10)), w.day), Findings: pick(r, visitFindings)}
				switch y := r.Float64(); {
				case y < 0.05:
					rec.Action, rec.Findings, rec.TaskTitle = followup.ActionPlanRevision, revisionFindings[0], "পরিদর্শনের পর পরিকল্পনা সংশোধন করুন"
				case y < 0.10:
					rec.Action, rec.Findings, rec.TaskTitle = followup.ActionNewAssessment, revisionFindings[1], "পরিদর্শনের পর নতুন করে মূল্যায়ন করুন"
				}
				_, err = w.db.RecordVisit(ctx, a, v.ID, v.Version, rec)
			case missed:
				_, err = w.db.MissVisit(ctx, a, v.ID, v.Version, pick(r, missedNotes))
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
