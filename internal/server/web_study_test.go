package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/study"
)

// studyWebSeed adds a CHT study with BNSK's manager as lead, its case
// worker as researcher and its enumerator on the team, a session, a code,
// a consultation with a recommendation and an overdue action. It returns
// the study's ID and fills c.params (when c is given) with the others.
func studyWebSeed(t *testing.T, e *servertest.Env, params map[string]string) string {
	t.Helper()
	pm := e.Users["pm"].Actor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s, err := e.DB.CreateStudy(bg, pm, study.Study{TitleEN: "CHT scoping study", TitleBN: "পার্বত্য চট্টগ্রাম স্কোপিং সমীক্ষা",
		Area: []string{"BD2084", "BD2046", "BD2003"}, TargetGroups: []string{"chakma", "marma", "rel_hindu"}})
	must(err)
	for user, role := range map[string]string{"bnsk.manager": study.RoleLead, "bnsk.worker": study.RoleResearcher, "bnsk.enumerator": study.RoleEnumerator} {
		s, err = e.DB.AddStudyMember(bg, pm, s.ID, s.Version, study.Member{UserID: e.Users[user].ID, Role: role})
		must(err)
	}
	ses, err := e.DB.CreateQualSession(bg, pm, study.Session{StudyID: s.ID, Kind: study.KindFGD, HeldOn: *studyDay("2025-03-12"),
		Upazila: "BD208447", Facilitator: "Mong", Transcript: "We never hear about jobs abroad. The dalal asks for too much money.",
		Participants: []study.Count{{Category: "chakma", Sex: "female", People: 6}, {Category: "marma", Sex: "male", People: 3}}})
	must(err)
	code, err := e.DB.SaveQualCode(bg, pm, study.Code{StudyID: s.ID, Code: "info_gap", LabelEN: "Information gaps", LabelBN: "তথ্যের ঘাটতি"})
	must(err)
	ses, err = e.DB.AddQualPassage(bg, pm, ses.ID, ses.Version, study.Passage{Start: new(0), End: new(32), CodeIDs: []string{code.ID}})
	must(err)
	c, err := e.DB.CreateConsultation(bg, pm, study.Consultation{StudyID: s.ID, Title: "Inception workshop", HeldOn: *studyDay("2025-01-20"),
		Stage: study.StageDesign, Place: "Rangamati", Issues: []string{"Language of the questionnaire"}})
	must(err)
	rec, err := e.DB.AddConsultRecommendation(bg, pm, c.ID, c.Version, study.Recommendation{TextEN: "Translate the tool into Chakma",
		TextBN: "প্রশ্নপত্র চাকমা ভাষায় অনুবাদ করুন", RaisedBy: study.StakeEthnicRep})
	must(err)
	x, err := e.DB.AddConsultAction(bg, pm, c.ID, c.Version+1, study.Action{Action: "Send the tool to the Regional Council",
		Owner: "BNSK", DueOn: *studyDay("2025-02-01")})
	must(err)
	if params != nil {
		params["sid"], params["cid"], params["rid"], params["aid"], params["code"] = ses.ID, c.ID, rec.ID, x.ID, code.ID
		params["sv"], params["cv"], params["rv"], params["av"] = strconv.Itoa(ses.Version), strconv.Itoa(c.Version+2),
			strconv.Itoa(rec.Version), strconv.Itoa(x.Version)
	}
	return s.ID
}

func studyDay(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func studyTarget(c *cell) string {
	c.params = map[string]string{}
	return studyWebSeed(c.t, c.e, c.params)
}

func studyParams(c *cell) map[string]string { return c.params }

const (
	studyReaders = "SI    OK    OK    OK    OK    OK    OK    OK    OK"
	studyWorkers = "SI    GO    GO    NO    GO    GO    NO    NO    NO"
)

var studyAccessMatrix = []accessRoute{
	{method: "GET", path: "/studies", want: studyReaders},
	{method: "POST", path: "/studies", form: func(c *cell) url.Values {
		return url.Values{"title_en": {"Study " + strconv.Itoa(c.n)}, "area": {"BD2084"}, "area_other": {"BD6091"}, "target_groups": {"chakma", "rel_hindu"}}
	}, applied: func(c *cell) bool {
		list, _ := c.e.DB.ListStudies(bg, c.e.Users["pm"].Actor())
		for _, s := range list {
			if s.TitleEN == "Study "+strconv.Itoa(c.n) {
				return len(s.Area) == 2
			}
		}
		return false
	}, want: "SI    GO    GO    NO    NO    NO    NO    NO    NO"},
	{method: "GET", path: "/studies/{id}", target: studyTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/stages", target: studyTarget, form: func(c *cell) url.Values {
		s, _ := c.e.DB.StudyByID(bg, c.e.Users["pm"].Actor(), c.target)
		return url.Values{"version": {strconv.Itoa(s.Version)}, "current_stage": {"analysis"}, "stages.design.planned_start": {"2025-01-01"},
			"stages.design.actual_end": {"২০২৫-০৩-১০"}, "stages.design.actual_start": {"2025-01-05"}}
	}, applied: func(c *cell) bool {
		s, _ := c.e.DB.StudyByID(bg, c.e.Users["pm"].Actor(), c.target)
		return s.CurrentStage == study.StageAnalysis && s.Stages[0].ActualEnd != nil
	}, want: "SI    GO    GO    NO    GO    NO    NO    NO    NO"},
	{method: "GET", path: "/studies/{id}/sessions", target: studyTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/sessions", target: studyTarget, form: func(c *cell) url.Values {
		return url.Values{"kind": {"kii"}, "held_on": {"2025-03-14"}, "upazila": {"BD200389"}, "facilitator": {"Shirin"},
			"informant_role": {"headman"}, "qp_marma_male": {"1"}}
	}, applied: func(c *cell) bool {
		list, _ := c.e.DB.ListQualSessions(bg, c.e.Users["pm"].Actor(), c.target)
		return len(list) == 2
	}, want: "SI    GO    GO    NO    GO    GO    GO    NO    NO"},
	{method: "GET", path: "/studies/{id}/sessions/{sid}", target: studyTarget, params: studyParams, want: studyReaders},
	{method: "POST", path: "/studies/{id}/sessions/{sid}/passages", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["sv"]}, "excerpt": {"The dalal asks for too much money."}, "code_ids": {c.params["code"]}}
	}, applied: func(c *cell) bool {
		s, _ := c.e.DB.QualSessionByID(bg, c.e.Users["pm"].Actor(), c.params["sid"])
		return len(s.Passages) == 2
	}, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/codebook", target: studyTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/codebook", target: studyTarget, form: func(c *cell) url.Values {
		return url.Values{"code": {"broker_mistrust"}, "label_en": {"Mistrust of brokers"}}
	}, applied: func(c *cell) bool {
		codes, _ := c.e.DB.QualCodes(bg, c.e.Users["pm"].Actor(), c.target)
		return len(codes) == 2
	}, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/themes", target: studyTarget, want: studyReaders},
	{method: "GET", path: "/studies/{id}/consultations", target: studyTarget, want: studyReaders},
	{method: "POST", path: "/studies/{id}/consultations", target: studyTarget, form: func(c *cell) url.Values {
		return url.Values{"title": {"Validation workshop"}, "held_on": {"2025-06-02"}, "stage": {"validation"}, "place": {"Khagrachhari"}}
	}, applied: func(c *cell) bool {
		list, _ := c.e.DB.ListConsultations(bg, c.e.Users["pm"].Actor(), c.target)
		return len(list) == 2
	}, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/consultations/{cid}", target: studyTarget, params: studyParams, want: studyReaders},
	{method: "POST", path: "/studies/{id}/consultations/{cid}/details", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["cv"]}, "cp_government_female": {"3"}, "cp_cht_regional_council_male": {"২"},
			"issues": {"Land ties\nCare duties"}}
	}, applied: func(c *cell) bool {
		x, _ := c.e.DB.ConsultationByID(bg, c.e.Users["pm"].Actor(), c.params["cid"])
		return study.Total(x.Participants) == 5 && len(x.Issues) == 2
	}, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/consultations/{cid}/recommendations", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["cv"]}, "text_en": {"Open a BMET desk in Rangamati"}, "raised_by": {"government"}}
	}, applied: func(c *cell) bool {
		recs, _ := c.e.DB.ConsultRecommendations(bg, c.e.Users["pm"].Actor(), c.target, false)
		return len(recs) == 2
	}, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/consultations/{cid}/actions", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["cv"]}, "act_action": {"Share the report"}, "act_owner": {"RMMRU"}, "act_due_on": {"2025-09-01"}}
	}, applied: func(c *cell) bool {
		x, _ := c.e.DB.ConsultationByID(bg, c.e.Users["pm"].Actor(), c.params["cid"])
		return len(x.Actions) == 2
	}, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/recommendations/{rid}", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["rv"]}, "status": {"addressed"}}
	}, applied: func(c *cell) bool {
		r, _ := c.e.DB.ConsultRecommendationByID(bg, c.e.Users["pm"].Actor(), c.params["rid"])
		return r.Status == study.RecAddressed
	}, want: studyWorkers},
	{method: "POST", path: "/studies/{id}/actions/{aid}", target: studyTarget, params: studyParams, form: func(c *cell) url.Values {
		return url.Values{"version": {c.params["av"]}, "consultation": {c.params["cid"]}, "status": {"done"}}
	}, applied: func(c *cell) bool {
		x, _ := c.e.DB.ConsultationByID(bg, c.e.Users["pm"].Actor(), c.params["cid"])
		return x.Actions[0].Status == study.ActionDone
	}, want: studyWorkers},
	{method: "GET", path: "/studies/{id}/recommendations", target: studyTarget, want: studyReaders},
}

func TestWebStudyRouteMatrix(t *testing.T) {
	t.Parallel()
	runAccessMatrix(t, studyAccessMatrix)
}

func TestWebStudyMatrixCoversEveryRoute(t *testing.T) {
	t.Parallel()
	matrixCovers(t, studyAccessMatrix, "study.go")
}

// The pages show what was recorded, with names from refdata, in English
// and in Bangla; overdue actions are flagged and open recommendations listed.
func TestWebStudyPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := studyWebSeed(t, e, params)
		b := browser(e, "viewer")
		for path, wants := range map[string][]string{
			"/studies":                     {"CHT scoping study", "Rangamati", "Design"},
			"/studies/" + id:               {"Khagrachhari", "Bandarban", "Chakma", "Marma", "Hindu", "bnsk.manager", "Lead", "Strategy published"},
			"/studies/" + id + "/sessions": {"Focus group discussion", "Juraichari"},
			"/studies/" + id + "/sessions/" + params["sid"]: {"We never hear about jobs abroad.", "Information gaps", "characters 0 to 32"},
			"/studies/" + id + "/themes":                    {"Information gaps", "Chakma", "FGD"},
			"/studies/" + id + "/consultations/" + params["cid"]: {"R-1", "Translate the tool into Chakma", "Overdue", "Language of the questionnaire",
				"CHT Regional Council"},
			"/studies/" + id + "/recommendations": {"R-1", "Ethnic group representatives"},
		} {
			r := send(e, b, "GET", path, nil, true, nil)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, r.StatusCode)
			}
			checkPage(t, path, r.Body)
			for _, w := range wants {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
			if strings.Contains(r.Body, "id=\"form-") {
				t.Errorf("%s offers a form to the viewer", path)
			}
		}
		// The forms offered to a programme manager and to the lead are labelled too.
		checkPage(t, "study list with the form to start one", send(e, browser(e, "pm"), "GET", "/studies", nil, true, nil).Body)
		if r := send(e, browser(e, "bnsk.manager"), "GET", "/studies/"+id, nil, true, nil); !strings.Contains(r.Body, `id="form-stages"`) {
			t.Error("the lead is not offered the stages form")
		} else {
			checkPage(t, "study page with the stages form", r.Body)
		}
		bn := browser(e, "bnsk.worker")
		bn.PostForm("/lang", url.Values{"lang": {"bn"}, "return": {"/studies"}})
		for _, path := range []string{"/studies/" + id, "/studies/" + id + "/sessions", "/studies/" + id + "/sessions/" + params["sid"],
			"/studies/" + id + "/codebook", "/studies/" + id + "/consultations", "/studies/" + id + "/recommendations"} {
			checkPage(t, "Bangla "+path, send(e, bn, "GET", path, nil, true, nil).Body)
		}
		r := send(e, bn, "GET", "/studies/"+id+"/consultations/"+params["cid"], nil, true, nil)
		checkPage(t, "Bangla consultation", r.Body)
		for _, w := range []string{"প্রশ্নপত্র চাকমা ভাষায় অনুবাদ করুন", "মেয়াদোত্তীর্ণ", "পার্বত্য চট্টগ্রাম আঞ্চলিক পরিষদ", "পরবর্তী করণীয়"} {
			if !strings.Contains(r.Body, w) {
				t.Errorf("Bangla consultation page lacks %q", w)
			}
		}
		if r := send(e, bn, "GET", "/studies/"+id+"/themes", nil, true, nil); !strings.Contains(r.Body, "তথ্যের ঘাটতি") || !strings.Contains(r.Body, "চাকমা") {
			t.Errorf("Bangla themes page: %.300s", r.Body)
		}
	})
}

// Bad input is shown again with the field named; stale versions are 409;
// another study's records are not found.
func TestWebStudyErrors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		params := map[string]string{}
		id := studyWebSeed(t, e, params)
		other := studyWebSeed(t, e, nil)
		b := browser(e, "bnsk.worker")
		r := send(e, b, "POST", "/studies/"+id+"/sessions", url.Values{"kind": {"kii"}, "held_on": {"2025-3-1x"}, "qp_chakma_female": {"lots"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "enter the date as year-month-day") ||
			!strings.Contains(r.Body, "a count is a whole number") {
			t.Errorf("bad session: %d", r.StatusCode)
		}
		r = send(e, b, "POST", "/studies/"+id+"/sessions", url.Values{"kind": {"kii"}, "held_on": {"2025-03-01"}, "upazila": {"BD208447"},
			"facilitator": {"Shirin"}, "qp_chakma_female": {"1"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "this is required") || !strings.Contains(r.Body, `value="1"`) {
			t.Errorf("interview without the informant's role: %d", r.StatusCode)
		}
		r = send(e, b, "POST", "/studies/"+id+"/sessions/"+params["sid"]+"/passages", url.Values{"version": {params["sv"]}, "start": {"10"}, "end": {"5"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "choose at least one code") {
			t.Errorf("bad passage: %d", r.StatusCode)
		}
		r = send(e, b, "POST", "/studies/"+id+"/consultations/"+params["cid"]+"/recommendations", url.Values{"version": {"1"},
			"text_en": {"x"}, "raised_by": {"cso"}}, true, nil)
		if r.StatusCode != http.StatusConflict {
			t.Errorf("stale consultation: %d", r.StatusCode)
		}
		r = send(e, b, "POST", "/studies/"+id+"/recommendations/"+params["rid"], url.Values{"version": {params["rv"]}, "status": {"not_taken_up"},
			"back": {"/studies/" + id + "/consultations/" + params["cid"]}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "say why the recommendation was not taken up") {
			t.Errorf("no reason: %d", r.StatusCode)
		}
		r = send(e, browser(e, "pm"), "POST", "/studies", url.Values{"title_en": {"x"}, "area_other": {"BD99"}, "target_groups": {"chakma"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "not a known district or upazila") || !strings.Contains(r.Body, `value="BD99"`) {
			t.Errorf("bad study: %d", r.StatusCode)
		}
		r = send(e, browser(e, "bnsk.manager"), "POST", "/studies/"+id+"/stages", url.Values{"version": {"1"}, "current_stage": {"design"}}, true, nil)
		if r.StatusCode != http.StatusConflict {
			t.Errorf("stale stages: %d", r.StatusCode)
		}
		r = send(e, browser(e, "bnsk.manager"), "POST", "/studies/"+id+"/stages", url.Values{"version": {"4"}, "current_stage": {"design"},
			"stages.analysis.planned_start": {"2025-05-01"}, "stages.analysis.planned_end": {"2025-04-01"}}, true, nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "the end date is before the start date") {
			t.Errorf("bad stages: %d", r.StatusCode)
		}
		for _, path := range []string{"/studies/" + other + "/sessions/" + params["sid"], "/studies/" + other + "/consultations/" + params["cid"],
			"/studies/nope"} {
			if r := send(e, b, "GET", path, nil, true, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, r.StatusCode)
			}
		}
	})
}
