package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/remaker-bd/remaker/internal/capacity"
	cmty "github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
)

// The community and structural levels of REMA(K)ER in the demo: each
// partner's community initiatives (a collective business, a community
// centre, awareness and social-cohesion events) in its own districts,
// paid from its community projects line, with participants counted by
// sex and group and a few registered returnees linked; and the
// capacity-building events each ran for its own staff and the officials
// of BMET, the district employment offices, the Wage Earners' Welfare
// Board, Probashi Kallyan Bank and the ministry, with anonymous pre- and
// post-test scores and follow-up actions. Dates are placed back from the
// seeding day, amounts are in taka.

const streamActivities = 11 // after streamProgramme

// activitySpend is an expense of a demo initiative; months back from the
// seeding day.
type activitySpend struct {
	monthsAgo int
	taka      int64
	what, to  string
	receipt   string
}

// activityCount is a cell of the participants: type, sex, group, people.
type activityCount struct {
	typ, sex, group string
	people          int
}

// activityInitiative is a demo community initiative.
type activityInitiative struct {
	org, kind, title, description string
	upazila, union, place         string
	startMonthsAgo, months        int // start, and how long it runs (0: one day)
	budget                        int64
	status                        string
	spend                         []activitySpend
	counts                        []activityCount
	link                          int // registered returnees of the organisation to link
}

var activityInitiatives = []activityInitiative{
	{org: "BNSK", kind: cmty.CollectiveBusiness, title: "নারী ফেরত কর্মীদের দর্জি সমবায়",
		description: "বিদেশফেরত নারী কর্মী ও এলাকার নারীদের নিয়ে পোশাক তৈরির যৌথ ব্যবসা: সেলাই মেশিন, কাপড় ও দোকান ভাড়া।",
		upazila:     "BD305646", union: "BD30564613", place: "আটিগ্রাম বাজার", startMonthsAgo: 10, months: 6, budget: 300_000, status: cmty.Completed,
		spend: []activitySpend{{9, 150_000, "১০টি সেলাই মেশিন", "মানিকগঞ্জ সেলাই ঘর", "MSG-0412"}, {9, 80_000, "প্রথম দফার কাপড় ও সুতা", "আটিগ্রাম বস্ত্রালয়", "AB-118"},
			{8, 36_000, "দোকান ভাড়া, ছয় মাস", "দোকান মালিক", "ভাড়ার রসিদ ১-৬"}, {7, 20_000, "পোশাক তৈরির প্রশিক্ষকের সম্মানী", "প্রশিক্ষক", "HON-07"}},
		counts: []activityCount{{cmty.Returnee, "female", cmty.GeneralPopulation, 18}, {cmty.CommunityMember, "female", cmty.GeneralPopulation, 7}},
		link:   6},
	{org: "BNSK", kind: cmty.AwarenessEvent, title: "নিরাপদ অভিবাসন ও পুনঃএকীকরণ বিষয়ে উঠান বৈঠক",
		description: "দালালের প্রতারণা, নারী কর্মীদের অধিকার ও দেশে ফিরে সহায়তা পাওয়ার উপায় নিয়ে খোলা আলোচনা।",
		upazila:     "BD302672", union: "BD30267218", place: "আশুলিয়া ইউনিয়ন পরিষদ চত্বর", startMonthsAgo: 5, budget: 25_000, status: cmty.Completed,
		spend: []activitySpend{{5, 9_500, "ব্যানার, লিফলেট ও মাইক", "আশুলিয়া প্রিন্টার্স", "AP-233"}, {5, 14_000, "অংশগ্রহণকারীদের নাস্তা ও যাতায়াত", "স্থানীয় হোটেল", "H-56"}},
		counts: []activityCount{{cmty.Returnee, "female", cmty.GeneralPopulation, 12}, {cmty.Returnee, "male", cmty.GeneralPopulation, 3},
			{cmty.CommunityMember, "female", cmty.GeneralPopulation, 20}, {cmty.CommunityMember, "male", cmty.GeneralPopulation, 9}}},
	{org: "BNSK", kind: cmty.SocialCohesionEvent, title: "ফেরত আসা পরিবারগুলোর পহেলা বৈশাখ মেলা",
		description: "ফেরত আসা কর্মীদের পরিবার ও প্রতিবেশীদের নিয়ে মেলা: নারী উদ্যোক্তাদের স্টল ও সাংস্কৃতিক অনুষ্ঠান।",
		upazila:     "BD302947", place: "ফরিদপুর সদর, অম্বিকা ময়দান", startMonthsAgo: 1, budget: 60_000, status: cmty.Approved,
		spend: []activitySpend{{1, 12_000, "স্টলের অগ্রিম ভাড়া", "মেলা কমিটি", "MK-09"}}},
	{org: "BNSK", kind: cmty.CommunityCentre, title: "অভিবাসী নারী তথ্য ও সহায়তা কেন্দ্র",
		description: "ফেরত আসা নারী কর্মীদের জন্য তথ্য, পরামর্শ ও সভার একটি স্থায়ী জায়গা।",
		upazila:     "BD306758", place: "নারায়ণগঞ্জ সদর", startMonthsAgo: -2, months: 12, budget: 450_000, status: cmty.Planned},

	{org: "RMMRU", kind: cmty.CollectiveBusiness, title: "ফেরত আসা অভিবাসীদের মাছ চাষ দল",
		description: "লিজ নেওয়া পুকুরে ফেরত আসা অভিবাসী ও গ্রামের যুবকদের যৌথ মাছ চাষ।",
		upazila:     "BD309323", union: "BD30932311", place: "আটিয়া, পুরনো দিঘি", startMonthsAgo: 7, months: 12, budget: 350_000, status: cmty.Ongoing,
		spend: []activitySpend{{7, 100_000, "পুকুর লিজ, এক বছর", "পুকুর মালিক", "LEASE-2"}, {6, 90_000, "রুই-কাতলার পোনা", "দেলদুয়ার মৎস্য খামার", "DMF-71"},
			{4, 60_000, "মাছের খাবার", "টাঙ্গাইল ফিড হাউস", "TFH-310"}},
		counts: []activityCount{{cmty.Returnee, "male", cmty.GeneralPopulation, 14}, {cmty.Returnee, "female", cmty.GeneralPopulation, 1},
			{cmty.CommunityMember, "male", cmty.GeneralPopulation, 6}},
		link: 5},
	{org: "RMMRU", kind: cmty.AwarenessEvent, title: "নিরাপদ পুনরায় অভিবাসন নিয়ে জেলা সংলাপ",
		description: "ফেরত আসা কর্মী, পরিবার, স্থানীয় সরকার ও ডেমোর কর্মকর্তাদের নিয়ে আবার বিদেশ যাওয়ার আগে করণীয় বিষয়ে সংলাপ।",
		upazila:     "BD309395", place: "টাঙ্গাইল জেলা শিল্পকলা একাডেমি মিলনায়তন", startMonthsAgo: 8, budget: 40_000, status: cmty.Completed,
		spend: []activitySpend{{8, 15_000, "মিলনায়তন ভাড়া ও সাজসজ্জা", "শিল্পকলা একাডেমি", "SA-15"}, {8, 23_000, "দুপুরের খাবার ও যাতায়াত", "টাঙ্গাইল ক্যাটারিং", "TC-88"}},
		counts: []activityCount{{cmty.Returnee, "male", cmty.GeneralPopulation, 25}, {cmty.Returnee, "female", cmty.GeneralPopulation, 4},
			{cmty.CommunityMember, "male", cmty.GeneralPopulation, 30}, {cmty.CommunityMember, "female", cmty.GeneralPopulation, 12},
			{cmty.Returnee, "male", "chakma", 2}}},
	{org: "RMMRU", kind: cmty.SocialCohesionEvent, title: "ফেরত আসা ও স্থানীয় যুবকদের প্রীতি ক্রিকেট ও সাংস্কৃতিক দিবস",
		description: "ফেরত আসা অভিবাসী ও গ্রামের তরুণদের মধ্যে খেলা ও গান দিয়ে সম্পর্ক গড়া।",
		upazila:     "BD201931", union: "BD20193119", place: "চিওড়া উচ্চ বিদ্যালয় মাঠ", startMonthsAgo: 3, budget: 55_000, status: cmty.Completed,
		spend: []activitySpend{{3, 22_000, "খেলার সরঞ্জাম ও পুরস্কার", "চৌদ্দগ্রাম স্পোর্টস", "CS-402"}, {3, 32_000, "মঞ্চ, সাউন্ড ও নাস্তা", "চিওড়া ডেকোরেটর", "CD-17"}},
		counts: []activityCount{{cmty.Returnee, "male", cmty.GeneralPopulation, 20}, {cmty.CommunityMember, "male", cmty.GeneralPopulation, 35},
			{cmty.CommunityMember, "female", cmty.GeneralPopulation, 15}}},

	{org: "WARBE", kind: cmty.CommunityCentre, title: "অভিবাসী তথ্য ও কমিউনিটি কেন্দ্র, ঝিকরগাছা",
		description: "ইউনিয়ন পরিষদের একটি কক্ষ সংস্কার করে ফেরত আসা অভিবাসী ও তাঁদের পরিবারের জন্য তথ্য, পরামর্শ ও সভার কেন্দ্র।",
		upazila:     "BD404123", union: "BD40412329", place: "গঙ্গানন্দপুর ইউনিয়ন পরিষদ", startMonthsAgo: 6, months: 12, budget: 400_000, status: cmty.Ongoing,
		spend: []activitySpend{{6, 180_000, "কক্ষ সংস্কার ও রং", "ঝিকরগাছা কনস্ট্রাকশন", "JC-2201"}, {5, 60_000, "আসবাব ও তথ্য বোর্ড", "যশোর ফার্নিচার", "JF-144"}},
		counts: []activityCount{{cmty.Returnee, "male", cmty.GeneralPopulation, 22}, {cmty.Returnee, "female", cmty.GeneralPopulation, 5},
			{cmty.CommunityMember, "male", cmty.GeneralPopulation, 10}, {cmty.CommunityMember, "female", cmty.GeneralPopulation, 8}},
		link: 4},
	{org: "WARBE", kind: cmty.SocialCohesionEvent, title: "ফেরত আসা অভিবাসী ও প্রতিবেশীদের বিজু উৎসব সমাবেশ",
		description: "কাপ্তাই হ্রদের পাড়ে পাহাড়ি ও বাঙালি ফেরত আসা কর্মী এবং প্রতিবেশীদের নিয়ে বিজু উৎসব।",
		upazila:     "BD208487", union: "BD20848713", place: "বন্দুকভাঙ্গা, হ্রদের ঘাট", startMonthsAgo: 9, budget: 50_000, status: cmty.Completed,
		spend: []activitySpend{{9, 18_000, "নৌকা ভাড়া ও যাতায়াত", "স্থানীয় নৌকা মালিক সমিতি", "NB-31"}, {9, 30_000, "খাবার ও সাংস্কৃতিক দল", "বন্দুকভাঙ্গা যুব সংঘ", "BJ-05"}},
		counts: []activityCount{{cmty.Returnee, "male", "chakma", 6}, {cmty.Returnee, "female", "chakma", 2}, {cmty.Returnee, "male", "marma", 3},
			{cmty.CommunityMember, "female", "chakma", 15}, {cmty.CommunityMember, "male", "chakma", 10}, {cmty.CommunityMember, "female", "marma", 6},
			{cmty.CommunityMember, "male", "bengali", 8}, {cmty.CommunityMember, "female", "bengali", 4}}},
	{org: "WARBE", kind: cmty.AwarenessEvent, title: "নিয়োগ প্রতারণা নিয়ে উঠান বৈঠক, কলারোয়া",
		description: "বন্যায় রাস্তা ডুবে যাওয়ায় বাতিল; ব্যানার আগেই ছাপা হয়েছিল।",
		upazila:     "BD408743", union: "BD40874315", place: "দিয়ারা বাজার", startMonthsAgo: 4, budget: 20_000, status: cmty.Cancelled,
		spend: []activitySpend{{4, 3_000, "ব্যানার ছাপা", "কলারোয়া প্রিন্টিং", "KP-77"}}},
}

// activityScores draws a score sheet: n participants, most improving, a
// few missing a test.
type activityScores struct {
	n, preFrom, preTo, gainFrom, gainTo int
	missing                             int // participants who missed the post-test
}

// activityAttend is a row of attendance: an organisation by code, or an outside body.
type activityAttend struct {
	org, body               string
	female, male, thirdGndr int
}

type activityAction struct {
	action, owner string
	dueMonths     int // from the event's day
	done          bool
}

// activityEvent is a demo capacity-building event.
type activityEvent struct {
	org, kind, topic, place, district, facilitator, notes string
	monthsAgo, days                                       int // the first day, and how many
	status                                                string
	attend                                                []activityAttend
	scores                                                activityScores
	actions                                               []activityAction
}

var activityEvents = []activityEvent{
	{org: "BNSK", kind: capacity.Training, topic: "ফেরত আসা নারী কর্মীদের কেস ম্যানেজমেন্ট: রেফারাল ও মনোসামাজিক প্রাথমিক সহায়তা",
		place: "বিএনএসকে প্রশিক্ষণ কক্ষ, মিরপুর, ঢাকা", district: "BD3026", facilitator: "IOM Bangladesh reintegration team",
		monthsAgo: 8, days: 2, status: capacity.Held,
		attend: []activityAttend{{org: "BNSK", female: 8, male: 2}, {body: "District Employment and Manpower Office (DEMO), Dhaka", female: 1, male: 2},
			{body: "Wage Earners' Welfare Board", female: 1, male: 2}},
		scores: activityScores{n: 16, preFrom: 30, preTo: 60, gainFrom: -5, gainTo: 30, missing: 1},
		actions: []activityAction{{"হালনাগাদ রেফারাল তালিকা ডেমো ঢাকার সঙ্গে ভাগ করা", "BNSK", 1, true},
			{"ফেরত আসা নারী কর্মীদের জন্য ডেমো ঢাকায় একজন ফোকাল পারসন মনোনয়ন", "DEMO Dhaka", 3, false}}},
	{org: "RMMRU", kind: capacity.Orientation, topic: "পুনঃএকীকরণ ও ওয়েজ আর্নার্স কল্যাণ বোর্ডের সেবা: উপজেলা কর্মকর্তাদের জন্য পরিচিতি সভা",
		place: "জেলা প্রশাসকের সম্মেলন কক্ষ, টাঙ্গাইল", district: "BD3093", facilitator: "Mahmudul Hasan, RMMRU", monthsAgo: 5, days: 1, status: capacity.Held,
		attend: []activityAttend{{org: "RMMRU", female: 2, male: 3}, {body: "Upazila Parishad, Tangail Sadar", female: 1, male: 5},
			{body: "District Employment and Manpower Office (DEMO), Tangail", male: 3}, {body: "Probashi Kallyan Bank, Tangail branch", male: 2}},
		scores: activityScores{n: 14, preFrom: 25, preTo: 55, gainFrom: 0, gainTo: 35, missing: 2},
		actions: []activityAction{{"প্রবাসী কল্যাণ ব্যাংকের পুনর্বাসন ঋণের যোগ্য ফেরত আসা কর্মীদের তালিকা তৈরি", "RMMRU", 6, false},
			{"প্রতিটি ইউনিয়ন ডিজিটাল সেন্টারে কল্যাণ বোর্ডের সেবার পোস্টার লাগানো", "Upazila Parishad, Tangail Sadar", 2, false}}},
	{org: "RMMRU", kind: capacity.Workshop, topic: "বিএমইটি ও অংশীদার সংস্থার মধ্যে ফেরত আসা কর্মীদের তথ্য আদান-প্রদান",
		place: "বিএমইটি সম্মেলন কক্ষ, কাকরাইল, ঢাকা", district: "BD3026", facilitator: "IOM Bangladesh", monthsAgo: -1, days: 1, status: capacity.Planned},
	{org: "WARBE", kind: capacity.Workshop, topic: "ফেরত আসা কর্মীদের দক্ষতার স্বীকৃতি ও চাকরির ব্যবস্থা",
		place: "কারিগরি প্রশিক্ষণ কেন্দ্র (টিটিসি), যশোর", district: "BD4041", facilitator: "Principal, TTC Jashore, with WARBE", monthsAgo: 6, days: 1,
		status: capacity.Held,
		attend: []activityAttend{{org: "WARBE", female: 3, male: 4}, {body: "Bureau of Manpower, Employment and Training (BMET), TTC Jashore", female: 1, male: 4},
			{body: "District Employment and Manpower Office (DEMO), Jashore", male: 2}, {body: "Jashore Chamber of Commerce", male: 2, thirdGndr: 0}},
		scores: activityScores{n: 18, preFrom: 35, preTo: 65, gainFrom: -5, gainTo: 25},
		actions: []activityAction{{"টিটিসি যশোরে পূর্বশিক্ষার স্বীকৃতি (আরপিএল) মূল্যায়নের তারিখ ঘোষণা", "BMET, TTC Jashore", 2, true},
			{"চেম্বারের সদস্য প্রতিষ্ঠানে ফেরত আসা কর্মীদের জন্য খালি পদের তালিকা পাঠানো", "Jashore Chamber of Commerce", 4, false}}},
	{org: "WARBE", kind: capacity.ExposureVisit, topic: "ফেরত আসা অভিবাসীদের পরিচালিত উদ্যোগ পরিদর্শন, ঝিকরগাছা",
		place: "গঙ্গানন্দপুর, ঝিকরগাছা, যশোর", district: "BD4041", facilitator: "Nasima Khatun, WARBE", monthsAgo: 2, days: 1, status: capacity.Held,
		notes: "মন্ত্রণালয়ের পুনঃএকীকরণ সেলের কর্মকর্তারা তিনটি ব্যবসা ও কমিউনিটি কেন্দ্র দেখেছেন।",
		attend: []activityAttend{{body: "Ministry of Expatriates' Welfare and Overseas Employment", female: 1, male: 3}, {org: "WARBE", female: 2, male: 2},
			{org: "IOM", female: 1, male: 1}},
		actions: []activityAction{{"পরিদর্শনের অভিজ্ঞতা মন্ত্রণালয়ের পুনঃএকীকরণ সেলে উপস্থাপন", "Ministry's reintegration focal point", 1, true}}},
}

// activities writes the demo's community initiatives and capacity-building
// events, each by the organisation's case worker, the budgets approved by
// its manager.
func (w *writer) activities(ctx context.Context, people []*returnee) error {
	for i, a := range activityInitiatives {
		if err := w.initiative(ctx, people, a); err != nil {
			return fmt.Errorf("demo initiative %d (%s): %w", i+1, a.org, err)
		}
	}
	r := rand.New(rand.NewPCG(seed1<<8|streamActivities, seed2))
	for i, ev := range activityEvents {
		if err := w.capacityEvent(ctx, r, ev); err != nil {
			return fmt.Errorf("demo capacity-building event %d (%s): %w", i+1, ev.org, err)
		}
	}
	return nil
}

func (w *writer) initiative(ctx context.Context, people []*returnee, a activityInitiative) error {
	o := profileOf(a.org)
	worker, err := w.actor(o.worker)
	if err != nil {
		return err
	}
	manager, err := w.actor(o.manager)
	if err != nil {
		return err
	}
	in := cmty.Initiative{ProjectID: w.projectID, OrgID: w.orgIDs[a.org], Title: a.title, Kind: a.kind, Description: a.description,
		Upazila: a.upazila, Union: a.union, Place: a.place, StartsOn: w.day.AddDate(0, -a.startMonthsAgo, 0),
		BudgetLineID: w.lines[a.org+"|"+programme.CommunityProjects], BudgetMinor: a.budget * 100, Currency: programme.BDT}
	if a.months > 0 {
		end := in.StartsOn.AddDate(0, a.months, 0)
		in.EndsOn = &end
	}
	if in, err = w.db.CreateCommunityInitiative(ctx, worker, in); err != nil {
		return err
	}
	var steps []string
	switch a.status {
	case cmty.Approved:
		steps = []string{cmty.Approved}
	case cmty.Ongoing:
		steps = []string{cmty.Approved, cmty.Ongoing}
	case cmty.Completed, cmty.Cancelled:
		steps = []string{cmty.Approved, cmty.Ongoing}
	}
	for _, to := range steps {
		by := worker
		if to == cmty.Approved {
			by = manager
		}
		if in, err = w.db.MoveCommunityInitiative(ctx, by, in.ID, in.Version, to); err != nil {
			return fmt.Errorf("move to %s: %w", to, err)
		}
	}
	for _, s := range a.spend {
		on := minDate(w.day.AddDate(0, -s.monthsAgo, 0), w.day)
		if _, err := w.db.RecordCommunityExpense(ctx, worker, in.ID, cmty.Expense{SpentOn: on, AmountMinor: s.taka * 100,
			Currency: programme.BDT, Description: s.what, Vendor: s.to, ReceiptRef: s.receipt}); err != nil {
			return fmt.Errorf("expense %q: %w", s.what, err)
		}
	}
	if a.status == cmty.Completed || a.status == cmty.Cancelled {
		if in, err = w.db.MoveCommunityInitiative(ctx, manager, in.ID, in.Version, a.status); err != nil {
			return fmt.Errorf("move to %s: %w", a.status, err)
		}
	}
	if len(a.counts) > 0 {
		counts := make([]cmty.Count, len(a.counts))
		for i, c := range a.counts {
			counts[i] = cmty.Count{Type: c.typ, Sex: c.sex, Group: c.group, People: c.people}
		}
		if _, err := w.db.SetCommunityParticipants(ctx, worker, in.ID, in.Version, counts); err != nil {
			return fmt.Errorf("participants: %w", err)
		}
	}
	// The returnees linked are the organisation's first registered ones of
	// the sex the initiative is mostly for.
	linked := 0
	for i, p := range people {
		if linked == a.link {
			break
		}
		if p.org != a.org || a.org == "BNSK" && p.person.Sex != "female" || w.personIDs[i] == "" {
			continue
		}
		if err := w.db.LinkCommunityPerson(ctx, worker, in.ID, w.personIDs[i]); err != nil {
			return fmt.Errorf("link a returnee: %w", err)
		}
		linked++
	}
	return nil
}

func (w *writer) capacityEvent(ctx context.Context, r *rand.Rand, ev activityEvent) error {
	worker, err := w.actor(profileOf(ev.org).worker)
	if err != nil {
		return err
	}
	e := capacity.Event{ProjectID: w.projectID, OrgID: w.orgIDs[ev.org], Topic: ev.topic, Kind: ev.kind, Status: ev.status,
		StartsOn: w.day.AddDate(0, -ev.monthsAgo, 0), Place: ev.place, District: ev.district, Facilitator: ev.facilitator, Notes: ev.notes}
	if ev.days > 1 {
		end := e.StartsOn.AddDate(0, 0, ev.days-1)
		e.EndsOn = &end
	}
	if e, err = w.db.CreateCapacityEvent(ctx, worker, e); err != nil {
		return err
	}
	if len(ev.attend) > 0 {
		rows := make([]capacity.Attendance, len(ev.attend))
		for i, a := range ev.attend {
			rows[i] = capacity.Attendance{OrgID: w.orgIDs[a.org], Body: a.body, Female: a.female, Male: a.male, ThirdGender: a.thirdGndr}
		}
		if e, err = w.db.SetCapacityAttendance(ctx, worker, e.ID, e.Version, rows); err != nil {
			return fmt.Errorf("attendance: %w", err)
		}
	}
	if s := ev.scores; s.n > 0 {
		scores := make([]capacity.Score, s.n)
		for i := range scores {
			pre := s.preFrom + r.IntN(s.preTo-s.preFrom+1)
			post := min(100, max(0, pre+s.gainFrom+r.IntN(s.gainTo-s.gainFrom+1)))
			scores[i].Pre = &pre
			if i < s.n-s.missing {
				scores[i].Post = &post
			}
		}
		if _, err := w.db.SetCapacityScores(ctx, worker, e.ID, e.Version, scores); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
	}
	for _, a := range ev.actions {
		x := capacity.Action{Action: a.action, Owner: a.owner, DueOn: e.StartsOn.AddDate(0, a.dueMonths, 0), Status: capacity.Open}
		if a.done {
			x.Status = capacity.Done
			done := minDate(x.DueOn.AddDate(0, 0, -7), w.day)
			x.DoneOn = &done
		}
		if _, err := w.db.AddCapacityAction(ctx, worker, e.ID, x); err != nil {
			return fmt.Errorf("action %q: %w", a.action, err)
		}
	}
	return nil
}
