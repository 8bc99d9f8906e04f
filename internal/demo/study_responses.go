package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/forms/instance"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/store"
)

// The scoping study's questionnaire: about a thousand interviews with
// people of the three Hill Tracts districts, filled in on the built-in
// form remaker_scoping by RMMRU's enumerator (and now and then its case
// worker) during the collection stage, eight to four months before the
// seeding day. Homes are upazilas by census population; ethnic groups
// by their share of the CHT population among the groups living in the
// district (cht_ethnic_groups.csv), with the Bengali half of the Hill
// Tracts' people kept to a fifth of the sample, as the study was about
// the ethnic minorities. Willingness to work abroad varies plausibly: the
// demo's own estimate, not published figures, higher among Bengali and
// Marma men and the English-speaking Bawm, lower among women (care
// duties) and older people. Most respondents give no name.

const (
	streamStudyResponses = 30 // after streamScores
	studyResponsesN      = 1000
	scopingFormID        = "remaker_scoping"
)

// studyGroupWillingness is the chance that a man of the group answers
// "yes" to working abroad; "maybe" is drawn at a third of the rest.
var studyGroupWillingness = map[string]float64{
	"bengali": 0.55, "marma": 0.48, "chakma": 0.40, "tripura": 0.42, "tanchangya": 0.38, "bawm": 0.50,
	"mro": 0.22, "khyang": 0.30, "khumi": 0.25, "chak": 0.30, "pangkhua": 0.30, "lushai": 0.40,
}

// studyReligions are the groups' religions: the predominant one first.
var studyReligions = map[string]weighted[string]{
	"bengali":    weighted[string]{}.add("islam", 88).add("hinduism", 10).add("buddhism", 2),
	"chakma":     weighted[string]{}.add("buddhism", 95).add("christianity", 3).add("hinduism", 2),
	"marma":      weighted[string]{}.add("buddhism", 97).add("christianity", 3),
	"tripura":    weighted[string]{}.add("hinduism", 75).add("christianity", 25),
	"tanchangya": weighted[string]{}.add("buddhism", 95).add("christianity", 5),
	"mro":        weighted[string]{}.add("buddhism", 50).add("other", 25).add("christianity", 25),
	"":           weighted[string]{}.add("christianity", 80).add("buddhism", 20),
}

var studySkillNames = map[string][]string{
	"5": {"Cook", "Shop assistant", "Hotel waiter"}, "6": {"Jum farmer", "Fruit gardener", "Poultry rearing"},
	"7": {"Weaver", "Tailor", "Carpenter", "Mason", "Bamboo craft"}, "8": {"Driver", "Boat engine operator"},
	"9": {"Day labourer", "Construction helper"}, "3": {"Community health worker", "Primary teacher"}, "4": {"NGO office assistant"},
}

// studyResponses submits the questionnaire's responses.
func (w *writer) studyResponses(ctx context.Context) error {
	v, schema, err := w.builtinForm(ctx, scopingFormID)
	if err != nil {
		return err
	}
	manager, err := w.actor("rmmru.manager")
	if err != nil {
		return err
	}
	enumerator := w.users["rmmru.enumerator"]
	if err := w.db.AssignForm(ctx, manager, v.FormPK, enumerator.ID); err != nil && app.ErrorCode(err) != app.ECONFLICT {
		return fmt.Errorf("demo scoping responses: assign the form: %w", err)
	}
	var districts weighted[string]
	for _, d := range chtDistricts {
		for _, p := range refdata.Populations2011(d) {
			districts = districts.add(p.Pcode, float64(p.Total))
		}
	}
	return w.parallel(ctx, studyResponsesN, func(k int) error {
		r := rand.New(rand.NewPCG(seed1<<8|streamStudyResponses, seed2<<32|uint64(k)))
		in := w.studyResponse(r, schema, districts, k)
		res := schema.Validate(in, instance.Options{Source: instance.FromWeb, Now: w.studyNow(in)})
		if !res.OK() {
			return fmt.Errorf("demo scoping response %d does not fit the form: %+v", k+1, res.Problems)
		}
		data, err := json.Marshal(res.Instance)
		if err != nil {
			return err
		}
		by := enumerator.Actor()
		if r.Float64() < 0.2 {
			by = w.users["rmmru.worker"].Actor()
		}
		_, _, err = w.db.SaveSubmission(ctx, by, store.NewSubmission{FormVersionID: v.ID, InstanceID: res.Instance.Meta.InstanceID,
			InstanceName: res.Instance.Meta.InstanceName, XML: string(schema.XML(res.Instance)), Data: string(data), Channel: forms.ChannelWeb})
		if err != nil {
			return fmt.Errorf("demo scoping response %d: %w", k+1, err)
		}
		return nil
	})
}

// studyNow is the clock of a response: its interview day, in the afternoon.
func (w *writer) studyNow(in *instance.Instance) time.Time {
	d, err := time.Parse(time.DateOnly, in.Values["interview_date"])
	if err != nil {
		return w.day
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 15, 0, 0, 0, time.FixedZone("Asia/Dhaka", 6*3600))
}

// studyResponse draws one person's answers.
func (w *writer) studyResponse(r *rand.Rand, schema *instance.Schema, districts weighted[string], k int) *instance.Instance {
	in := schema.New(instance.Options{Source: instance.FromWeb})
	in.Meta.InstanceID = "uuid:" + uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("remaker-demo-scoping/%d", k))).String()
	chance := func(p float64) bool { return r.Float64() < p }
	set := func(key, val string) { in.Values["interview/"+key] = val }
	// Interviews ran through the collection stage, eight to four months ago.
	on := w.day.AddDate(0, -8, r.IntN(120))
	in.Values["interview_date"] = on.Format(time.DateOnly)
	in.Values["consent"] = "yes"

	upazila := districts.pick(r)
	district := upazila[:6]
	group := "bengali"
	if !chance(0.2) {
		var g weighted[string]
		for _, eg := range refdata.EthnicGroups() {
			if eg.Code != "bengali" && slices.Contains(eg.Districts, district) {
				g = g.add(eg.Code, eg.CHTSharePct)
			}
		}
		group = g.pick(r)
	}
	female := chance(0.45)
	sex := choose(female, "female", "male")
	age := 18 + int(min(60, max(0, 14*r.ExpFloat64())))
	set("profile/sex", sex)
	set("profile/age", strconv.Itoa(age))
	set("profile/ethnic_group", group)
	rel, ok := studyReligions[group]
	if !ok {
		rel = studyReligions[""]
	}
	religion := rel.pick(r)
	set("profile/religion", religion)
	if religion == "other" {
		set("profile/religion_other", "Krama")
	}
	set("profile/district", district)
	set("profile/upazila", upazila)
	if chance(0.2) {
		c, ok := chtCommunities[group]
		if !ok {
			c = tripura
		}
		bn, lat := personName(r, c, sex, familyOf(r, c), true)
		set("profile/respondent_name", choose(chance(0.5) && bn != "", bn, lat))
	}
	if chance(0.6) {
		vb, vl := spell(r, pick(r, choose(group == "bengali", villages, chtVillages)))
		set("profile/village", choose(chance(0.5), vb, vl))
	}
	edu := weighted[string]{}.add("none", choose(female, 30.0, 18.0)).add("primary", 32).add("secondary", 26).add("higher_secondary", 8).
		add("tertiary", choose(group == "bawm", 8.0, 3.0)).add("vocational", 2).pick(r)
	set("profile/education", edu)
	langs := []string{"bn"}
	if g, ok := refdata.EthnicGroup(group); ok && group != "bengali" && g.Language != "" {
		langs = append([]string{g.Language}, langs...)
	}
	if edu == "tertiary" || edu == "higher_secondary" || group == "bawm" && chance(0.5) {
		langs = append(langs, "en")
	}
	set("profile/languages", joinSpace(langs))

	// Livelihood: jum and wage labour above all.
	var inc []string
	for _, s := range []struct {
		code string
		p    float64
	}{{"agriculture", 0.6}, {"wage_labour", 0.45}, {"livestock", 0.25}, {"small_business", 0.15}, {"salaried_job", 0.08},
		{"remittances", 0.06}, {"social_safety_net", 0.1}} {
		if chance(s.p) {
			inc = append(inc, s.code)
		}
	}
	if len(inc) == 0 {
		inc = []string{"none"}
	}
	set("livelihood/income_sources", joinSpace(inc))
	set("livelihood/works_now", choose(chance(choose(female, 0.35, 0.7)), "yes", "no"))
	set("livelihood/household_size", strconv.Itoa(2+r.IntN(7)))
	set("livelihood/income_band", weighted[string]{}.add("under_5000", 25).add("from_5000_to_10000", 35).add("from_10001_to_20000", 25).
		add("from_20001_to_40000", 8).add("over_40000", 2).add("dont_know", 4).add("refused", 1).pick(r))

	// Skills, as ISCO major groups.
	if chance(0.6) {
		set("skills/has_skills", "yes")
		n := 1 + choose(chance(0.25), 1, 0)
		in.Counts["interview/skills/skill"] = n
		for j := 1; j <= n; j++ {
			grp := weighted[string]{}.add("6", 40).add("7", choose(female, 30.0, 18.0)).add("5", 10).add("9", 15).add("8", choose(female, 0.0, 8.0)).
				add("3", 3).add("4", 2).pick(r)
			p := fmt.Sprintf("skills/skill[%d]/", j)
			set(p+"skill_group", grp)
			set(p+"skill_name", pick(r, studySkillNames[grp]))
			set(p+"skill_years", strconv.Itoa(1+r.IntN(max(1, min(20, age-16)))))
			if chance(0.15) {
				set(p+"skill_certificate", "yes")
				set(p+"certificate_from", pick(r, []string{"Technical Training Centre, Rangamati", "BRAC", "Hill Tracts Development Board"}))
			} else {
				set(p+"skill_certificate", "no")
			}
		}
	} else {
		set("skills/has_skills", "no")
	}

	// Migration experience: few in the Hill Tracts, more among Bengalis.
	if chance(choose(group == "bengali", 0.15, 0.05) * choose(female, 0.4, 1.0)) {
		set("migration/been_abroad", "yes")
		set("migration/abroad_countries", weighted[string]{}.add("SA", 35).add("MY", 30).add("AE", 15).add("OM", 10).add("QA", 10).pick(r))
		set("migration/abroad_years", strconv.Itoa(r.IntN(8)))
		set("migration/abroad_channel", weighted[string]{}.add("broker", 45).add("licensed_agency", 30).add("individual_visa", 20).add("bmet", 5).pick(r))
	} else {
		set("migration/been_abroad", "no")
	}
	if chance(choose(group == "bengali", 0.3, 0.12)) {
		set("migration/household_abroad", "yes")
		set("migration/household_migrants", strconv.Itoa(1+r.IntN(2)))
	} else {
		set("migration/household_abroad", "no")
	}

	// Willingness: by group and sex, lower with age.
	pYes := studyGroupWillingness[group]
	if female {
		pYes *= 0.45
	}
	if age > 45 {
		pYes *= 0.5
	}
	willing := "no"
	switch x := r.Float64(); {
	case x < pYes:
		willing = "yes"
	case x < pYes+(1-pYes)/3:
		willing = "maybe"
	}
	set("willingness/willing_abroad", willing)
	if willing != "no" {
		dest := weighted[string]{}.add("MY", 25).add("SA", 20).add("AE", 15).add("SG", 10).add("QA", 8).add("OM", 6).add("KR", 8).add("JP", 5).
			add("JO", choose(female, 8.0, 1.0))
		set("willingness/preferred_destinations", joinSpace(distinct(r, dest, 1+r.IntN(3))))
		occ := weighted[string]{}.add("9", 25).add("7", 25).add("8", choose(female, 1.0, 15.0)).add("5", 20).add("6", 10).add("3", 5)
		set("willingness/preferred_occupations", joinSpace(distinct(r, occ, 1+r.IntN(2))))
		set("willingness/reasons_for", joinSpace(distinct(r, weighted[string]{}.add("higher_income", 50).add("no_work_here", 25).
			add("family_needs", 15).add("repay_debt", 8).add("learn_skills", 5).add("others_went", 7), 1+r.IntN(2))))
	}
	if willing != "yes" {
		against := weighted[string]{}.add("family_duties", choose(female, 40.0, 12.0)).add("land_community", choose(group == "bengali", 5.0, 20.0)).
			add("has_work_here", 15).add("fear_of_harm", choose(female, 20.0, 8.0)).add("cost", 20).add("health_or_age", choose(age > 45, 25.0, 3.0)).
			add("culture_or_religion", 5)
		set("willingness/reasons_against", joinSpace(distinct(r, against, 1+r.IntN(2))))
	}

	// Barriers: information, cost and documents above all; language and
	// land for the minorities, care duties for women.
	bw := weighted[string]{}.add("information", 30).add("cost", 30).add("documents", 15).add("broker_trust", 15).
		add("language", choose(group == "bengali", 3.0, 15.0)).add("land_ties", choose(group == "bengali", 2.0, 10.0)).
		add("care_duties", choose(female, 20.0, 3.0)).add("discrimination", choose(group == "bengali", 1.0, 6.0)).add("security", 3)
	if chance(0.05) {
		set("obstacles/barriers", "none")
	} else {
		bs := distinct(r, bw, 1+r.IntN(3))
		set("obstacles/barriers", joinSpace(bs))
		if len(bs) > 1 {
			set("obstacles/main_barrier", bs[0])
		}
	}

	// Information and contacts.
	is := weighted[string]{}.add("family_friends", 40).add("returnees", 15).add("broker", 12).add("community_leader", 12).
		add("social_media", choose(age < 30, 20.0, 5.0)).add("ngo", 8).add("media", 5).add("government", 3)
	set("information/info_sources", joinSpace(distinct(r, is, 1+r.IntN(2))))
	if chance(choose(group == "bengali", 0.45, 0.2)) {
		set("information/contacts_abroad", "yes")
		set("information/contact_countries", weighted[string]{}.add("SA", 35).add("MY", 30).add("AE", 15).add("OM", 10).add("QA", 10).pick(r))
	} else {
		set("information/contacts_abroad", "no")
	}

	// Government services: awareness grows with schooling.
	schooled := edu == "secondary" || edu == "higher_secondary" || edu == "tertiary"
	aware := map[string]bool{"bmet": chance(choose(schooled, 0.35, 0.12)), "ttc": chance(choose(schooled, 0.3, 0.1)), "pkb": chance(0.06)}
	var used []string
	for _, s := range []string{"bmet", "ttc", "pkb"} {
		set("services/aware_"+s, choose(aware[s], "yes", "no"))
		if aware[s] && chance(0.2) {
			used = append(used, s)
		}
	}
	if aware["bmet"] || aware["ttc"] || aware["pkb"] {
		if len(used) == 0 {
			used = []string{"none"}
		}
		set("services/used_services", joinSpace(used))
	}

	// Training.
	ti := weighted[string]{}.add("yes", 55).add("maybe", 20).add("no", 25).pick(r)
	set("training/training_interest", ti)
	if ti != "no" {
		tw := weighted[string]{}.add("driving", choose(female, 1.0, 20.0)).add("electrical", choose(female, 2.0, 12.0)).add("welding", choose(female, 0.0, 6.0)).
			add("construction", choose(female, 1.0, 8.0)).add("garments", choose(female, 25.0, 4.0)).add("cooking", 10).add("caregiving", choose(female, 15.0, 2.0)).
			add("computer", 10).add("agriculture", 10).add("language", 8)
		set("training/training_trades", joinSpace(distinct(r, tw, 1+r.IntN(2))))
	}
	return in
}

// distinct draws n different items of w.
func distinct(r *rand.Rand, w weighted[string], n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 50; tries++ {
		if x := w.pick(r); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func joinSpace(list []string) string { return strings.Join(list, " ") }
