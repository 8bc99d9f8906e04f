package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/remaker-bd/remaker/internal/study"
)

// The REMA(K)ER scoping study of the Chittagong Hill Tracts: led by
// RMMRU for IOM, now at validation, with focus groups and key informant
// interviews coded with a small codebook, and the consultations held at
// each stage with their recommendations and follow-up actions. Dates are
// months before (negative after) the seeding day, so the demo reads the
// same whenever it is seeded.

var studyDemoCodes = []study.Code{
	{Code: "info_gap", LabelEN: "Information gaps", LabelBN: "তথ্যের ঘাটতি", Description: "Not knowing about jobs abroad, the process or government services."},
	{Code: "broker_mistrust", LabelEN: "Mistrust of brokers", LabelBN: "দালালের প্রতি অবিশ্বাস", Description: "Fear of being cheated by dalals or sub-agents."},
	{Code: "language", LabelEN: "Language", LabelBN: "ভাষা", Description: "Bangla, English or Arabic as a barrier, or interest in learning them."},
	{Code: "cost", LabelEN: "Cost of migration", LabelBN: "অভিবাসনের খরচ", Description: "Fees, loans, land mortgaged to pay for going."},
	{Code: "land_ties", LabelEN: "Land and community ties", LabelBN: "জমি ও সমাজের বন্ধন", Description: "Jum land, para duties and fear of losing land while away."},
	{Code: "care_duties", LabelEN: "Women's care duties", LabelBN: "নারীর পরিচর্যার দায়িত্ব", Description: "Children, elders and household work keeping women home."},
	{Code: "documents", LabelEN: "Passport and documents", LabelBN: "পাসপোর্ট ও কাগজপত্র", Description: "Passports, birth registration, police clearance."},
}

type studyDemoSession struct {
	kind, upazila, place, facilitator, role string
	monthsAgo                               int
	counts                                  []study.Count
	transcript                              string
	passages                                map[string][]string // excerpt -> codes
}

func studyCounts(group string, female, male int) []study.Count {
	return []study.Count{{Category: group, Sex: "female", People: female}, {Category: group, Sex: "male", People: male}}
}

var studyDemoSessions = []studyDemoSession{
	{kind: study.KindFGD, upazila: "BD208487", place: "Tabalchari para community hall", facilitator: "Ching Marma", monthsAgo: 7,
		counts: studyCounts("chakma", 0, 9),
		transcript: "Nobody from our para has gone abroad. We hear that Bengali boys go to Saudi, but we do not know how they find the work. " +
			"When a dalal came last year he asked for four lakh taka, and we did not trust him. If the training centre taught us in our language it would be easier.",
		passages: map[string][]string{
			"We hear that Bengali boys go to Saudi, but we do not know how they find the work.":  {"info_gap"},
			"When a dalal came last year he asked for four lakh taka, and we did not trust him.": {"broker_mistrust", "cost"},
			"If the training centre taught us in our language it would be easier.":               {"language"}}},
	{kind: study.KindFGD, upazila: "BD208487", place: "Women's cooperative office", facilitator: "Ching Marma", monthsAgo: 7,
		counts: studyCounts("chakma", 10, 0),
		transcript: "Who will look after the children and my husband's mother if I go? Some of us would go to work in garments abroad if it was safe. " +
			"We do not know what a passport costs or where to apply.",
		passages: map[string][]string{
			"Who will look after the children and my husband's mother if I go?": {"care_duties"},
			"We do not know what a passport costs or where to apply.":           {"documents", "info_gap"}}},
	{kind: study.KindFGD, upazila: "BD200314", place: "Balaghata Marma para", facilitator: "Sumon Barua", monthsAgo: 6,
		counts: studyCounts("marma", 4, 6),
		transcript: "Some young Marma men have gone to Malaysia through relatives. Those without relatives abroad have no one to ask. " +
			"The jum land must be worked every year; if the men leave, the land is lost to others.",
		passages: map[string][]string{
			"Those without relatives abroad have no one to ask.":                                    {"info_gap"},
			"The jum land must be worked every year; if the men leave, the land is lost to others.": {"land_ties"}}},
	{kind: study.KindFGD, upazila: "BD200391", place: "Ruma bazar school", facilitator: "Sumon Barua", monthsAgo: 6,
		counts: append(studyCounts("bawm", 3, 5), studyCounts("mro", 1, 3)...),
		transcript: "Many of us speak English from the church school, so we could work in hotels abroad. " +
			"But the road to Bandarban is long, and the passport office wants papers we do not have.",
		passages: map[string][]string{
			"Many of us speak English from the church school, so we could work in hotels abroad.": {"language"},
			"the passport office wants papers we do not have.":                                    {"documents"}}},
	{kind: study.KindFGD, upazila: "BD204649", place: "Khagrachhari Tripura para", facilitator: "Ching Marma", monthsAgo: 5,
		counts: append(studyCounts("tripura", 5, 4), study.Count{Category: "rel_hindu", Sex: "male", People: 2}),
		transcript: "A man from the next para paid a dalal and was sent back after three months without pay. Since then nobody trusts the agents. " +
			"To pay the costs families mortgage land, and then they lose it.",
		passages: map[string][]string{
			"Since then nobody trusts the agents.":                            {"broker_mistrust"},
			"To pay the costs families mortgage land, and then they lose it.": {"cost", "land_ties"}}},
	{kind: study.KindFGD, upazila: "BD208436", place: "Kaptai Tanchangya para", facilitator: "Sumon Barua", monthsAgo: 5,
		counts:     studyCounts("tanchangya", 6, 5),
		transcript: "We have never heard of BMET or the technical training centre. Women here weave, and would learn other skills if the training was near.",
		passages: map[string][]string{
			"We have never heard of BMET or the technical training centre.": {"info_gap"}}},
	{kind: study.KindKII, upazila: "BD208487", place: "Mouza office", facilitator: "Mahmudul Hasan", role: "Headman (mouza chief)", monthsAgo: 6,
		counts:     []study.Count{{Category: "chakma", Sex: "male", People: 1}},
		transcript: "The young people want work, but they fear the brokers in Chattogram. Land records in the hills are customary, so families worry that land left behind is taken.",
		passages: map[string][]string{
			"they fear the brokers in Chattogram.":                                                       {"broker_mistrust"},
			"Land records in the hills are customary, so families worry that land left behind is taken.": {"land_ties"}}},
	{kind: study.KindKII, upazila: "BD200314", place: "District Employment and Manpower Office", facilitator: "Mahmudul Hasan",
		role: "DEMO official", monthsAgo: 5, counts: []study.Count{{Category: "marma", Sex: "female", People: 1}},
		transcript: "Very few registrations come from the hill peoples. Our leaflets are only in Bangla, and we have no outreach in the remote upazilas.",
		passages: map[string][]string{
			"Our leaflets are only in Bangla, and we have no outreach in the remote upazilas.": {"language", "info_gap"}}},
}

type studyDemoRec struct {
	text, textBN, by, status, reason string
}

type studyDemoAction struct {
	action, owner, status string
	dueMonthsAgo          int
}

type studyDemoConsult struct {
	title, stage, place string
	monthsAgo           int
	counts              []study.Count
	issues              []string
	recs                []studyDemoRec
	actions             []studyDemoAction
}

func studyStake(kind string, female, male int) []study.Count {
	return []study.Count{{Category: kind, Sex: "female", People: female}, {Category: kind, Sex: "male", People: male}}
}

func studyJoin(parts ...[]study.Count) []study.Count {
	var out []study.Count
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var studyDemoConsults = []studyDemoConsult{
	{title: "Inception workshop", stage: study.StageDesign, place: "Rangamati Circuit House", monthsAgo: 9,
		counts: studyJoin(studyStake(study.StakeGovernment, 2, 6), studyStake(study.StakeCHTRC, 1, 3), studyStake(study.StakeEthnicRep, 3, 5),
			studyStake(study.StakeCSO, 2, 2)),
		issues: []string{"Questionnaire must be understood in Chakma and Marma", "Data collection should avoid the jum harvest"},
		recs: []studyDemoRec{
			{text: "Translate the questionnaire's key terms into Chakma and Marma and use local enumerators", textBN: "প্রশ্নপত্রের মূল শব্দ চাকমা ও মারমা ভাষায় অনুবাদ করুন এবং স্থানীয় তথ্য সংগ্রাহক নিন",
				by: study.StakeEthnicRep, status: study.RecAddressed},
			{text: "Include the smaller groups of Bandarban (Bawm, Mro, Khumi)", textBN: "বান্দরবানের ছোট জাতিগোষ্ঠী (বম, ম্রো, খুমি) অন্তর্ভুক্ত করুন", by: study.StakeCHTRC,
				status: study.RecAddressed}},
		actions: []studyDemoAction{{action: "Share the draft questionnaire with the Regional Council", owner: "RMMRU", status: study.ActionDone, dueMonthsAgo: 8}}},
	{title: "Field consultation with headmen and karbaris", stage: study.StageCollection, place: "Bandarban Hill District Council", monthsAgo: 6,
		counts: studyJoin(studyStake(study.StakeEthnicRep, 2, 9), studyStake(study.StakeGovernment, 0, 3)),
		issues: []string{"Fear of brokers is widespread", "Women's care duties limit who can go"},
		recs: []studyDemoRec{
			{text: "Set up a BMET help desk in each hill district headquarters", textBN: "প্রতিটি পার্বত্য জেলা সদরে বিএমইটি সহায়তা ডেস্ক স্থাপন করুন", by: study.StakeEthnicRep,
				status: study.RecOpen},
			{text: "Run pre-decision orientation in para centres, in local languages", textBN: "পাড়া কেন্দ্রে স্থানীয় ভাষায় সিদ্ধান্ত-পূর্ব ওরিয়েন্টেশন চালু করুন",
				by: study.StakeCSO, status: study.RecOpen}},
		actions: []studyDemoAction{{action: "List the para centres that can host orientations", owner: "rmmru.worker", status: study.ActionInProgress, dueMonthsAgo: 3}}},
	{title: "Preliminary findings with government", stage: study.StageAnalysis, place: "BMET, Dhaka", monthsAgo: 2,
		counts: studyJoin(studyStake(study.StakeGovernment, 4, 8), studyStake(study.StakePrivate, 1, 3), studyStake(study.StakeCSO, 2, 1)),
		issues: []string{"Registration data do not record ethnicity", "Recruiting agencies rarely reach the hills"},
		recs: []studyDemoRec{
			{text: "Add ethnic group to BMET emigrant registration, voluntarily", textBN: "বিএমইটির অভিবাসী নিবন্ধনে ঐচ্ছিকভাবে জাতিগোষ্ঠী যোগ করুন",
				by: study.StakeGovernment, status: study.RecOpen},
			{text: "Give recruiting agencies a quota for hill district candidates", textBN: "রিক্রুটিং এজেন্সিগুলোকে পার্বত্য জেলার প্রার্থীদের জন্য কোটা দিন",
				by: study.StakePrivate, status: study.RecNotTaken, reason: "Quotas are outside the ministry's current policy; outreach is recommended instead"}},
		actions: []studyDemoAction{
			{action: "Send BMET the registration variables proposed", owner: "IOM programme team", status: study.ActionOpen, dueMonthsAgo: 1},
			{action: "Meet BAIRA on agency outreach to the hills", owner: "iom.pm", status: study.ActionOpen, dueMonthsAgo: -1}}},
	{title: "Validation workshop", stage: study.StageValidation, place: "Khagrachhari Hill District Council", monthsAgo: 0,
		counts: studyJoin(studyStake(study.StakeCHTRC, 2, 4), studyStake(study.StakeEthnicRep, 5, 6), studyStake(study.StakeGovernment, 1, 4),
			studyStake(study.StakeCSO, 3, 2)),
		issues: []string{"Findings on women need more weight", "Strategy must name who does what"},
		recs: []studyDemoRec{
			{text: "Pair women's migration with child-care support from the Union Parishad", textBN: "নারীর অভিবাসনের সঙ্গে ইউনিয়ন পরিষদের শিশু-যত্ন সহায়তা যুক্ত করুন",
				by: study.StakeCSO, status: study.RecOpen}},
		actions: []studyDemoAction{{action: "Circulate the validated findings to all participants", owner: "RMMRU", status: study.ActionOpen, dueMonthsAgo: -1}}},
}

// studySeed writes the scoping study. It runs after the activities.
func (w *writer) studySeed(ctx context.Context) error {
	pm, err := w.actor("iom.pm")
	if err != nil {
		return err
	}
	month := func(ago int) time.Time { return w.day.AddDate(0, -ago, 0) }
	at := func(ago int) *time.Time { d := month(ago); return &d }
	s, err := w.db.CreateStudy(ctx, pm, study.Study{
		TitleEN:      "Skills and willingness of CHT ethnic minorities to work abroad: a scoping study",
		TitleBN:      "বিদেশে কাজের জন্য পার্বত্য চট্টগ্রামের ক্ষুদ্র জাতিগোষ্ঠীর দক্ষতা ও আগ্রহ: একটি স্কোপিং সমীক্ষা",
		Objectives:   "Assess the skills, willingness and barriers to overseas employment of the indigenous peoples of the Chittagong Hill Tracts, with government, group representatives, the CHT Regional Council and CSOs consulted at every stage, and propose a strategy to BMET and the Ministry of Expatriates' Welfare and Overseas Employment.",
		Area:         []string{"BD2084", "BD2046", "BD2003"},
		TargetGroups: []string{"chakma", "marma", "tripura", "tanchangya", "mro", "bawm", "rel_hindu", "rel_christian"},
		CurrentStage: study.StageValidation})
	if err != nil {
		return fmt.Errorf("demo study: %w", err)
	}
	s, err = w.db.SetStudyStages(ctx, pm, s.ID, s.Version, "", []study.Stage{
		{Stage: study.StageDesign, PlannedStart: at(10), PlannedEnd: at(9), ActualStart: at(10), ActualEnd: at(8)},
		{Stage: study.StageCollection, PlannedStart: at(8), PlannedEnd: at(5), ActualStart: at(8), ActualEnd: at(4)},
		{Stage: study.StageAnalysis, PlannedStart: at(5), PlannedEnd: at(2), ActualStart: at(4), ActualEnd: at(1)},
		{Stage: study.StageValidation, PlannedStart: at(1), PlannedEnd: at(-1), ActualStart: at(0)},
		{Stage: study.StagePublished, PlannedStart: at(-2), PlannedEnd: at(-3)}})
	if err != nil {
		return fmt.Errorf("demo study stages: %w", err)
	}
	team := []study.Member{{Name: "Dr Sadia Afrin", Organisation: "University of Chittagong", Role: study.RoleResearcher}}
	for user, role := range map[string]string{"rmmru.manager": study.RoleLead, "rmmru.worker": study.RoleResearcher, "rmmru.enumerator": study.RoleEnumerator} {
		team = append(team, study.Member{UserID: w.users[user].ID, Role: role})
	}
	for _, m := range team {
		if s, err = w.db.AddStudyMember(ctx, pm, s.ID, s.Version, m); err != nil {
			return fmt.Errorf("demo study team: %w", err)
		}
	}
	lead, err := w.actor("rmmru.manager")
	if err != nil {
		return err
	}
	codes := map[string]string{}
	for _, c := range studyDemoCodes {
		c.StudyID = s.ID
		saved, err := w.db.SaveQualCode(ctx, lead, c)
		if err != nil {
			return fmt.Errorf("demo code %s: %w", c.Code, err)
		}
		codes[c.Code] = saved.ID
	}
	enumerator, err := w.actor("rmmru.enumerator")
	if err != nil {
		return err
	}
	for i, d := range studyDemoSessions {
		ses, err := w.db.CreateQualSession(ctx, enumerator, study.Session{StudyID: s.ID, Kind: d.kind, HeldOn: month(d.monthsAgo), Upazila: d.upazila,
			Place: d.place, Facilitator: d.facilitator, InformantRole: d.role, Transcript: d.transcript, Participants: d.counts})
		if err != nil {
			return fmt.Errorf("demo session %d: %w", i+1, err)
		}
		for _, excerpt := range studySortedKeys(d.passages) {
			var ids []string
			for _, c := range d.passages[excerpt] {
				ids = append(ids, codes[c])
			}
			if ses, err = w.db.AddQualPassage(ctx, lead, ses.ID, ses.Version, study.Passage{Excerpt: excerpt, CodeIDs: ids}); err != nil {
				return fmt.Errorf("demo session %d passage: %w", i+1, err)
			}
		}
	}
	for i, d := range studyDemoConsults {
		c, err := w.db.CreateConsultation(ctx, lead, study.Consultation{StudyID: s.ID, Title: d.title, HeldOn: month(d.monthsAgo), Stage: d.stage,
			Place: d.place, Participants: d.counts, Issues: d.issues})
		if err != nil {
			return fmt.Errorf("demo consultation %d: %w", i+1, err)
		}
		for _, r := range d.recs {
			rec, err := w.db.AddConsultRecommendation(ctx, lead, c.ID, c.Version, study.Recommendation{TextEN: r.text, TextBN: r.textBN, RaisedBy: r.by})
			if err != nil {
				return fmt.Errorf("demo recommendation: %w", err)
			}
			c.Version++
			if r.status != study.RecOpen {
				rec.Status, rec.StatusReason = r.status, r.reason
				if _, err := w.db.UpdateConsultRecommendation(ctx, lead, rec); err != nil {
					return fmt.Errorf("demo recommendation status: %w", err)
				}
			}
		}
		for _, a := range d.actions {
			x := study.Action{Action: a.action, Owner: a.owner, DueOn: month(a.dueMonthsAgo)}
			if u, ok := w.users[a.owner]; ok {
				x.Owner, x.OwnerUserID = "", u.ID
			}
			x, err := w.db.AddConsultAction(ctx, lead, c.ID, c.Version, x)
			if err != nil {
				return fmt.Errorf("demo action: %w", err)
			}
			c.Version++
			if a.status != study.ActionOpen {
				x.Status = a.status
				if _, err := w.db.UpdateConsultAction(ctx, lead, x); err != nil {
					return fmt.Errorf("demo action status: %w", err)
				}
			}
		}
	}
	return nil
}

// studySortedKeys gives a session's passages in a fixed order.
func studySortedKeys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
