package demo

import (
	"slices"
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
)

// casePlan is a case to open and the work to record on it, in order.
type casePlan struct {
	status   string // where the case ends up
	opened   time.Time
	assignee string // username; "" leaves the case unassigned
	reason   string // closure reason, for closed cases
	closedAt string // the status a closed case closed from
	reopen   bool
	ops      []op
}

type opKind int

const (
	opScreen opKind = iota
	opMove
	opNote
	opTask
	opReopen
	opProgramme // the plan, payments, referral and visits (programme.go)
)

// op is one piece of work on a case, done through the store as a case
// worker would: a screening, a move along the lifecycle, a note, a task.
type op struct {
	kind      opKind
	move      casework.Transition
	screening casework.Screening
	text      string // a note's body, a task's title, a reopening's note
	due       time.Time
	done      bool // the task was completed
}

// Why closed cases closed: the demo's estimate for a reintegration
// caseload, most completing their support, many lost to follow-up or gone
// abroad again.
var closureShares = []struct {
	reason string
	share  float64
}{
	{"support_completed", 0.40}, {"lost_contact", 0.14}, {"re_migrated", 0.14}, {"returnee_stopped", 0.08},
	{"moved_away", 0.08}, {"no_longer_eligible", 0.07}, {"programme_ended", 0.06}, {"deceased", 0.03},
}

// closures gives each closed case a reason (in the shares above), the
// stage it closed from, and marks two for reopening: one lost to contact
// who came back, one who went abroad again and returned.
func (pl *planner) closures(all []*returnee) {
	var closed []*casePlan
	for _, p := range all {
		if p.kase != nil && p.kase.status == casework.Closed {
			closed = append(closed, p.kase)
		}
	}
	var reasons []string
	acc := 0.0
	for _, s := range closureShares {
		acc += s.share * float64(len(closed))
		for float64(len(reasons)) < acc+0.5 && len(reasons) < len(closed) {
			reasons = append(reasons, s.reason)
		}
	}
	for len(reasons) < len(closed) {
		reasons = append(reasons, "support_completed")
	}
	pl.r.Shuffle(len(reasons), func(i, j int) { reasons[i], reasons[j] = reasons[j], reasons[i] })
	reopened := map[string]bool{}
	for i, c := range closed {
		c.reason = reasons[i]
		var from []string
		switch c.reason {
		case "support_completed":
			from = []string{casework.Monitoring}
		case "programme_ended":
			from = []string{casework.Assistance, casework.Monitoring}
		case "no_longer_eligible":
			from = []string{casework.Registered, casework.Screened}
		case "returnee_stopped":
			from = []string{casework.Registered, casework.Screened, casework.Assessed, casework.PlanAgreed}
		case "lost_contact":
			from = []string{casework.Registered, casework.Screened, casework.Assessed, casework.PlanAgreed, casework.Assistance}
		case "moved_away":
			from = []string{casework.Screened, casework.Assessed, casework.PlanAgreed, casework.Assistance}
		default: // re_migrated, deceased
			from = []string{casework.Screened, casework.Assessed, casework.PlanAgreed, casework.Assistance, casework.Monitoring}
		}
		c.closedAt = pick(pl.r, from)
		if (c.reason == "lost_contact" || c.reason == "re_migrated") && !reopened[c.reason] && c.closedAt != casework.Registered {
			reopened[c.reason] = true
			c.reopen = true
		}
	}
}

// history draws the consents and the case work of a person.
func (pl *planner) history(p *returnee) {
	o := profileOf(p.org)
	method := weighted[string]{}.add("written", 55).add("thumbprint", 25).add("verbal", 20).pick(pl.r)
	if p.person.Education == "none" && pl.chance(0.7) {
		method = "thumbprint"
	}
	p.consents = append(p.consents, consentPlan{purpose: registry.PurposeRegistration, method: method, givenOn: p.registered})
	c := p.kase
	stopped := c != nil && c.reason == "returnee_stopped"
	if pl.chance(0.85) || stopped {
		fu := consentPlan{purpose: registry.PurposeFollowUp, method: method, givenOn: p.registered}
		if stopped {
			fu.withdraw = pick(pl.r, withdrawalNotes)
		}
		p.consents = append(p.consents, fu)
	}
	if pl.chance(0.3) {
		ph := consentPlan{purpose: registry.PurposePhoto, method: method, givenOn: p.registered}
		if pl.chance(0.05) {
			ph.withdraw = "ছবি ব্যবহার করতে চান না বলে জানিয়েছেন।"
		}
		p.consents = append(p.consents, ph)
	}
	if c != nil && pl.chance(0.1) {
		// A referral to another partner: BNSK for women, WARBE or RMMRU otherwise.
		others := []string{}
		for _, q := range profiles {
			if q.code != p.org {
				others = append(others, q.code)
			}
		}
		to := pick(pl.r, others)
		if p.person.Sex == "female" && p.org != "BNSK" {
			to = "BNSK"
		}
		on := minDate(c.opened.AddDate(0, 0, pl.between(20, 200)), pl.day)
		p.consents = append(p.consents, consentPlan{purpose: registry.PurposeSharing, method: method, sharedWith: to, givenOn: on})
	}
	if c == nil {
		return
	}

	c.assignee = o.worker
	switch {
	case c.status == casework.Registered && pl.chance(0.3):
		c.assignee = "" // new, not yet given to anyone
	case pl.chance(0.06):
		c.assignee = o.manager
	}
	lang := choose(pl.chance(o.english), "en", "bn")
	note := func(list map[string][]string) string { return pick(pl.r, list[lang]) }

	target := c.status
	if target == casework.Closed {
		target = c.closedAt
	}
	if target == casework.Registered {
		if pl.chance(0.3) {
			c.ops = append(c.ops, op{kind: opNote, text: note(registeredNotes)})
		}
	} else {
		first := pl.screening(p, minDate(c.opened.AddDate(0, 0, pl.between(0, 14)), pl.day), false)
		c.ops = append(c.ops, op{kind: opScreen, screening: first})
		if pl.chance(0.5) {
			c.ops = append(c.ops, op{kind: opNote, text: note(screenedNotes)})
		}
		for _, s := range casework.Statuses[2 : slices.Index(casework.Statuses, target)+1] {
			t := casework.Transition{To: s}
			if pl.chance(0.6) {
				t.Note = note(stageNotes[s])
			}
			c.ops = append(c.ops, op{kind: opMove, move: t})
			if pl.chance(0.25) {
				c.ops = append(c.ops, op{kind: opNote, text: note(stageNotes[s])})
			}
		}
		if target == casework.Monitoring && pl.chance(0.5) {
			on := minDate(first.AssessedOn.AddDate(0, 0, pl.between(90, 270)), pl.day)
			c.ops = append(c.ops, op{kind: opScreen, screening: pl.screening(p, on, true)})
		}
		c.ops = append(c.ops, op{kind: opProgramme})
	}
	if c.status == casework.Closed {
		c.ops = append(c.ops, op{kind: opMove, move: casework.Transition{To: casework.Closed, Reason: c.reason,
			Note: pick(pl.r, closingNotes[c.reason][lang])}})
		if c.reopen {
			c.ops = append(c.ops, op{kind: opReopen, text: pick(pl.r, reopenNotes[lang])})
		}
	}
	if c.status != casework.Closed || c.reopen {
		pl.tasks(p, lang)
	}
}

// tasks adds up to three tasks to an open case, due from two months ago
// to six weeks ahead; about half of those already due are done, the rest
// overdue.
func (pl *planner) tasks(p *returnee, lang string) {
	c := p.kase
	n := weighted[int]{}.add(0, 35).add(1, 35).add(2, 20).add(3, 10).pick(pl.r)
	pool := slices.Clone(taskTitles[lang]["any"])
	if p.latest().UnpaidWagesMinor != nil {
		pool = append(pool, taskTitles[lang]["wages"]...)
	}
	if p.distress {
		pool = append(pool, taskTitles[lang]["distress"]...)
	}
	if p.outOfSchool > 0 {
		pool = append(pool, taskTitles[lang]["school"]...)
	}
	pl.r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	for i := range min(n, len(pool)) {
		due := pl.day.AddDate(0, 0, pl.between(-60, 45))
		if due.Before(c.opened) {
			due = c.opened.AddDate(0, 0, pl.between(3, 20))
		}
		c.ops = append(c.ops, op{kind: opTask, text: pool[i], due: due, done: due.Before(pl.day) && pl.chance(0.5)})
	}
}

// screening draws a vulnerability screening from what is known of the
// person; a follow-up finds some of them better off.
func (pl *planner) screening(p *returnee, on time.Time, followUp bool) casework.Screening {
	noIncome, debt, distress := p.noIncome, p.debt, p.distress
	if followUp {
		noIncome = noIncome && pl.chance(0.4)
		debt = debt / 2
		distress = distress && pl.chance(0.5)
	}
	var ind []string
	add := func(ok bool, code string) {
		if ok {
			ind = append(ind, code)
		}
	}
	add(noIncome, "no_income")
	add(p.womanHeaded, "woman_headed_household")
	add(p.person.HasDisability(), "disability")
	add(p.ill, "serious_illness")
	add(p.exploited, "exploitation_or_trafficking")
	add(distress, "signs_of_distress")
	add(p.outOfSchool > 0, "children_out_of_school")
	s := casework.Screening{AssessedOn: on, Indicators: ind, DebtMinor: ptr(debt)}
	if pl.chance(0.2) {
		s.Notes = pick(pl.r, screeningNotes)
	}
	return s
}

func minDate(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

func profileOf(code string) orgProfile {
	for _, o := range profiles {
		if o.code == code {
			return o
		}
	}
	panic("demo: no profile for " + code)
}

// What case workers write. BNSK, RMMRU and WARBE staff write in Bangla;
// some RMMRU and WARBE staff write notes in English.
var registeredNotes = map[string][]string{
	"bn": {
		"উঠান বৈঠক থেকে নাম এসেছে; স্ক্রিনিংয়ের জন্য অফিসে আসতে বলা হয়েছে।",
		"ফোনে কথা হয়েছে; আগামী সপ্তাহে কাগজপত্র নিয়ে অফিসে আসবেন।",
		"ইউনিয়ন পরিষদ থেকে রেফার করা হয়েছে।",
	},
	"en": {
		"Name came from a courtyard meeting; asked to come to the office for screening.",
		"Spoke on the phone; will come with documents next week.",
		"Referred by the union parishad.",
	},
}

var screenedNotes = map[string][]string{
	"bn": {
		"প্রথম সাক্ষাৎ অফিসে। ফেরার পর থেকে কোনো কাজ পাননি, ঋণের কিস্তি নিয়ে খুব চিন্তিত।",
		"বাড়িতে গিয়ে কথা বলেছি। পরিবারের সবাই তাঁর পাঠানো টাকার উপর নির্ভর করত।",
		"পাসপোর্ট ও বিএমইটি কার্ডের ফটোকপি জমা দিয়েছেন।",
		"বিদেশে নিয়োগকর্তা কয়েক মাসের বেতন দেয়নি বলে জানিয়েছেন।",
	},
	"en": {
		"First meeting at the office. No work since coming back; worried about the loan instalments.",
		"Home visit. The family relied on the money sent home.",
		"Gave copies of the passport and BMET card.",
		"Says the employer abroad did not pay several months' wages.",
	},
}

var stageNotes = map[string]map[string][]string{
	casework.Assessed: {
		"bn": {
			"চাহিদা নিরূপণ শেষ: ছোট মুদি দোকান দিতে চান, আগে দোকানে কাজের অভিজ্ঞতা আছে।",
			"চাহিদা নিরূপণ শেষ: গরু মোটাতাজাকরণে আগ্রহী, বাড়িতে গোয়ালঘরের জায়গা আছে।",
			"মানসিক চাপ বেশি; কাউন্সেলিং দরকার বলে মনে হয়।",
			"সেলাইয়ের কাজ জানেন; একটি মেশিন পেলে বাড়িতে কাজ করতে পারবেন।",
		},
		"en": {
			"Needs assessment done: wants to open a small grocery shop; has worked in one before.",
			"Assessment: interested in cattle fattening; has room for a shed at home.",
			"High stress; counselling looks needed.",
		},
	},
	casework.PlanAgreed: {
		"bn": {
			"পুনঃএকত্রীকরণ পরিকল্পনা নিয়ে আলোচনা হয়েছে, তিনি সম্মত: দক্ষতা প্রশিক্ষণ ও ব্যবসার উপকরণ সহায়তা।",
			"পরিকল্পনা চূড়ান্ত: দুটি ছাগল ও খামারের উপকরণ, সাথে তিন মাস ফলো-আপ।",
			"পরিকল্পনা চূড়ান্ত: সেলাই প্রশিক্ষণ ও একটি সেলাই মেশিন।",
		},
		"en": {
			"Reintegration plan agreed: skills training and support with business inputs.",
			"Plan agreed: tailoring training and a sewing machine.",
		},
	},
	casework.Assistance: {
		"bn": {
			"সেলাই মেশিন হস্তান্তর করা হয়েছে।",
			"টিটিসিতে ড্রাইভিং প্রশিক্ষণে ভর্তি হয়েছেন।",
			"দোকানের মালামাল কেনার জন্য অনুদানের প্রথম কিস্তি দেওয়া হয়েছে।",
			"প্রবাসী কল্যাণ ব্যাংকে পুনর্বাসন ঋণের আবেদন জমা হয়েছে।",
			"কাউন্সেলিংয়ের প্রথম সেশন হয়েছে।",
		},
		"en": {
			"First instalment of the business grant handed over.",
			"Application for a reintegration loan submitted to Probashi Kallyan Bank.",
			"First counselling session held.",
		},
	},
	casework.Monitoring: {
		"bn": {
			"ফোনে খোঁজ নিয়েছি: দোকান চলছে, মাসে আনুমানিক আট হাজার টাকা আয়।",
			"বাড়ি পরিদর্শন: ছাগল দুটি ভালো আছে, একটি বাচ্চা দিয়েছে।",
			"ঋণের কিস্তি নিয়মিত দিচ্ছেন; মন আগের চেয়ে ভালো।",
		},
		"en": {
			"Follow-up call: the shop is running, about BDT 8,000 a month.",
			"Home visit: the goats are doing well.",
			"Paying the loan instalments on time; in better spirits.",
		},
	},
}

var closingNotes = map[string]map[string][]string{
	"support_completed":  {"bn": {"পরিকল্পনার সব সহায়তা দেওয়া হয়েছে, আয় স্থিতিশীল।"}, "en": {"All planned support delivered; income is stable."}},
	"lost_contact":       {"bn": {"তিন মাসে কয়েকবার ফোন করেছি, নম্বর বন্ধ। বাড়িতে গিয়েও পাওয়া যায়নি।"}, "en": {"Phone switched off for three months; not found at home."}},
	"re_migrated":        {"bn": {"পরিবার জানিয়েছে তিনি আবার বিদেশে চলে গেছেন।"}, "en": {"The family says the returnee has gone abroad again."}},
	"returnee_stopped":   {"bn": {"তিনি আর সহায়তা চান না বলে জানিয়েছেন।"}, "en": {"Said they no longer want support."}},
	"moved_away":         {"bn": {"পরিবারসহ অন্য জেলায় চলে গেছেন।"}, "en": {"Moved to another district with the family."}},
	"no_longer_eligible": {"bn": {"যাচাইয়ে দেখা গেছে তিনি প্রকল্পের শর্ত পূরণ করেন না।"}, "en": {"Checks showed the person does not meet the project's criteria."}},
	"programme_ended":    {"bn": {"প্রকল্পের মেয়াদ শেষ; সরকারি সেবায় রেফার করা হয়েছে।"}, "en": {"Project period over; referred to government services."}},
	"deceased":           {"bn": {"পরিবার জানিয়েছে তিনি মারা গেছেন।"}, "en": {"The family told us the person has died."}},
}

var reopenNotes = map[string][]string{
	"bn": {"আবার যোগাযোগ করেছেন; কেস পুনরায় খোলা হলো।", "দেশে ফিরে আবার অফিসে এসেছেন; সহায়তা চালু করতে কেস খোলা হলো।"},
	"en": {"Got in touch again; case reopened.", "Back in the country and came to the office; case reopened to continue support."},
}

var withdrawalNotes = []string{
	"আর ফোন না করতে অনুরোধ করেছেন।",
	"ফলো-আপে রাজি নন বলে জানিয়েছেন।",
}

var screeningNotes = []string{
	"ঋণের পরিমাণ নিজে জানিয়েছেন; কাগজ দেখা হয়নি।",
	"স্ক্রিনিং বাড়িতে করা হয়েছে, পরিবারের সামনে।",
	"ঘুমের সমস্যা ও দুশ্চিন্তার কথা বলেছেন।",
}

var taskTitles = map[string]map[string][]string{
	"bn": {
		"any": {
			"জাতীয় পরিচয়পত্রের ফটোকপি সংগ্রহ",
			"বাড়ি পরিদর্শন",
			"প্রবাসী কল্যাণ ব্যাংকে পুনর্বাসন ঋণের আবেদন জমা",
			"টিটিসিতে পরবর্তী প্রশিক্ষণ ব্যাচের খোঁজ নেওয়া",
			"ফলো-আপ ফোন",
			"উপকরণ কেনার রসিদ সংগ্রহ",
		},
		"wages":    {"বকেয়া বেতনের অভিযোগ বিএমইটিতে জমা"},
		"distress": {"মনোসামাজিক কাউন্সেলিংয়ের জন্য রেফার"},
		"school":   {"সন্তানের স্কুলে ফেরা নিয়ে অভিভাবকের সাথে কথা বলা"},
	},
	"en": {
		"any": {
			"Collect a copy of the NID",
			"Home visit",
			"Submit the reintegration loan application to Probashi Kallyan Bank",
			"Ask the TTC about the next training batch",
			"Follow-up call",
			"Collect receipts for the business inputs",
		},
		"wages":    {"File the unpaid wages complaint with BMET"},
		"distress": {"Refer for psychosocial counselling"},
		"school":   {"Talk to the family about the children going back to school"},
	},
}
