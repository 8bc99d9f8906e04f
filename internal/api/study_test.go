package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/servertest"
	"github.com/remaker-bd/remaker/internal/study"
)

// studyWorld is a CHT study created by the programme manager with BNSK's
// manager as lead, BNSK's case worker as researcher and BNSK's enumerator
// on the team, a session, a code, a consultation, a recommendation and an
// action to work on.
type studyWorld struct {
	t       *testing.T
	e       *servertest.Env
	s       study.Study
	ses     study.Session
	code    study.Code
	consult study.Consultation
	rec     study.Recommendation
	action  study.Action
}

func studyNewWorld(t *testing.T, e *servertest.Env) *studyWorld {
	t.Helper()
	w := &studyWorld{t: t, e: e}
	pm := e.Users["pm"].Actor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	w.s, err = e.DB.CreateStudy(regCtx, pm, study.Study{TitleEN: "CHT scoping study", Area: []string{"BD2084", "BD2046", "BD2003"},
		TargetGroups: []string{"chakma", "marma", "tripura"}})
	must(err)
	for user, role := range map[string]string{"bnsk.manager": study.RoleLead, "bnsk.worker": study.RoleResearcher, "bnsk.enumerator": study.RoleEnumerator} {
		w.s, err = e.DB.AddStudyMember(regCtx, pm, w.s.ID, w.s.Version, study.Member{UserID: e.Users[user].ID, Role: role})
		must(err)
	}
	w.ses, err = e.DB.CreateQualSession(regCtx, pm, study.Session{StudyID: w.s.ID, Kind: study.KindFGD, HeldOn: *regDate("2025-03-12"),
		Upazila: "BD208447", Facilitator: "Mong", Transcript: "We never hear about jobs abroad. The dalal asks for too much money.",
		Participants: []study.Count{{Category: "chakma", Sex: "female", People: 6}}})
	must(err)
	w.code, err = e.DB.SaveQualCode(regCtx, pm, study.Code{StudyID: w.s.ID, Code: "info_gap", LabelEN: "Information gaps"})
	must(err)
	w.consult, err = e.DB.CreateConsultation(regCtx, pm, study.Consultation{StudyID: w.s.ID, Title: "Inception workshop",
		HeldOn: *regDate("2025-01-20"), Stage: study.StageDesign, Place: "Rangamati"})
	must(err)
	w.rec, err = e.DB.AddConsultRecommendation(regCtx, pm, w.consult.ID, w.consult.Version, study.Recommendation{TextEN: "Translate the tool",
		RaisedBy: study.StakeEthnicRep})
	must(err)
	w.action, err = e.DB.AddConsultAction(regCtx, pm, w.consult.ID, w.consult.Version+1, study.Action{Action: "Send the tool",
		Owner: "CHT Regional Council", DueOn: *regDate("2025-02-01")})
	must(err)
	return w
}

func (w *studyWorld) studyVersion() int {
	s, err := w.e.DB.StudyByID(regCtx, w.e.Users["pm"].Actor(), w.s.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return s.Version
}

func (w *studyWorld) sessionVersion() int {
	s, err := w.e.DB.QualSessionByID(regCtx, w.e.Users["pm"].Actor(), w.ses.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return s.Version
}

func (w *studyWorld) consultVersion() int {
	c, err := w.e.DB.ConsultationByID(regCtx, w.e.Users["pm"].Actor(), w.consult.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return c.Version
}

// Expected statuses: creators are programme managers and administrators;
// editors add the lead; workers add researchers; sessions add enumerators.
func studyCreators(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"admin": ok, "pm": ok})
}

func studyEditors(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"admin": ok, "pm": ok, "bnsk.manager": ok})
}

func studyWorkers(ok int) map[string]int {
	return want(http.StatusForbidden, map[string]int{"admin": ok, "pm": ok, "bnsk.manager": ok, "bnsk.worker": ok})
}

func studyMatrix(w *studyWorld) []regRow {
	e := w.e
	id := func(v string) map[string]string { return map[string]string{"id": v} }
	sessionBody := func(version int) string {
		return jsonBody(map[string]any{"kind": "kii", "held_on": "2025-03-14", "upazila": "BD200389", "facilitator": "Shirin",
			"informant_role": "headman", "participants": []map[string]any{{"category": "marma", "sex": "male", "people": 1}}, "version": version})
	}
	consultBody := func(version int) string {
		return jsonBody(map[string]any{"title": "Validation workshop", "held_on": "2025-06-02", "stage": "validation", "place": "Khagrachhari",
			"participants": []map[string]any{{"category": "government", "sex": "female", "people": 3}}, "issues": []string{"Land ties"},
			"version": version})
	}
	return []regRow{
		{"list studies", "GET", "/studies", nil, want(200, nil), func(t *testing.T, _ string, r *resp) {
			if len(r.Items(t)) == 0 {
				t.Errorf("no studies: %s", r.Body)
			}
		}},
		{"start a study", "POST", "/studies", func(string) regCall {
			return regCall{body: jsonBody(map[string]any{"title_en": "Sylhet tea garden study", "area": []string{"BD6091"},
				"target_groups": []string{"rel_hindu"}})}
		}, studyCreators(201), nil},
		{"read a study", "GET", "/studies/{id}", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				if team, _ := r.JSON(t)["team"].([]any); len(team) != 3 {
					t.Errorf("team: %s", r.Body)
				}
			}},
		{"change a study", "PUT", "/studies/{id}", func(string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"title_en": "CHT scoping study", "area": []string{"BD2084"},
				"target_groups": []string{"chakma"}, "current_stage": "data_collection", "version": w.studyVersion()})}
		}, studyEditors(200), nil},
		{"date the stages", "PUT", "/studies/{id}/stages", func(string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"version": w.studyVersion(), "stages": []map[string]any{
				{"stage": "design", "planned_start": "2025-01-01", "actual_end": nil}}})}
		}, studyEditors(200), func(t *testing.T, _ string, r *resp) {
			if st, _ := r.JSON(t)["stages"].([]any); len(st) != 5 || jstr(st[0].(map[string]any), "planned_start") != "2025-01-01" {
				t.Errorf("stages: %s", r.Body)
			}
		}},
		{"add a member", "POST", "/studies/{id}/team", func(user string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"version": w.studyVersion(), "name": "Member of " + user,
				"organisation": "CHT Regional Council", "role": "researcher"})}
		}, studyEditors(201), nil},
		{"remove a member", "DELETE", "/studies/{id}/team/{member_id}", func(user string) regCall {
			s, err := e.DB.AddStudyMember(regCtx, e.Users["pm"].Actor(), w.s.ID, w.studyVersion(), study.Member{Name: "Temp " + user,
				Organisation: "CSO", Role: "enumerator"})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": w.s.ID, "member_id": s.Team[len(s.Team)-1].ID}, query: "version=" + strconv.Itoa(s.Version)}
		}, studyEditors(200), nil},

		{"list sessions", "GET", "/studies/{id}/sessions", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil), nil},
		{"record a session", "POST", "/studies/{id}/sessions", func(string) regCall {
			return regCall{params: id(w.s.ID), body: sessionBody(0)}
		}, want(http.StatusForbidden, map[string]int{"admin": 201, "pm": 201, "bnsk.manager": 201, "bnsk.worker": 201, "bnsk.enumerator": 201}),
			func(t *testing.T, _ string, r *resp) {
				if m := r.JSON(t); m["total"] != float64(1) || jstr(m, "held_on") != "2025-03-14" {
					t.Errorf("session: %s", r.Body)
				}
			}},
		{"read a session", "GET", "/qual-sessions/{id}", func(string) regCall { return regCall{params: id(w.ses.ID)} }, want(200, nil), nil},
		{"change a session", "PUT", "/qual-sessions/{id}", func(string) regCall {
			return regCall{params: id(w.ses.ID), body: jsonBody(map[string]any{"kind": "fgd", "held_on": "2025-03-12", "upazila": "BD208447",
				"facilitator": "Mong Marma", "transcript": w.ses.Transcript, "participants": []map[string]any{{"category": "chakma", "sex": "female", "people": 7}},
				"version": w.sessionVersion()})}
		}, studyWorkers(200), nil},
		{"code a passage", "POST", "/qual-sessions/{id}/passages", func(string) regCall {
			return regCall{params: id(w.ses.ID), body: jsonBody(map[string]any{"version": w.sessionVersion(), "excerpt": "The dalal asks for too much money.",
				"code_ids": []string{w.code.ID}})}
		}, studyWorkers(201), func(t *testing.T, _ string, r *resp) {
			ps, _ := r.JSON(t)["passages"].([]any)
			if len(ps) == 0 || ps[len(ps)-1].(map[string]any)["start"] != float64(33) {
				t.Errorf("passage: %s", r.Body)
			}
		}},
		{"remove a passage", "DELETE", "/qual-sessions/{id}/passages/{passage_id}", func(string) regCall {
			s, err := e.DB.AddQualPassage(regCtx, e.Users["pm"].Actor(), w.ses.ID, w.sessionVersion(), study.Passage{Start: new(0), End: new(5),
				CodeIDs: []string{w.code.ID}})
			if err != nil {
				w.t.Fatal(err)
			}
			return regCall{params: map[string]string{"id": w.ses.ID, "passage_id": s.Passages[0].ID}, query: "version=" + strconv.Itoa(s.Version)}
		}, studyWorkers(200), nil},
		{"list codes", "GET", "/studies/{id}/codes", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil), nil},
		{"add a code", "POST", "/studies/{id}/codes", func(user string) regCall {
			return regCall{params: id(w.s.ID), body: jsonBody(map[string]any{"code": "cost_" + strings.NewReplacer(".", "_").Replace(user), "label_en": "Cost"})}
		}, studyWorkers(201), nil},
		{"change a code", "PUT", "/qual-codes/{id}", func(string) regCall {
			c, _ := e.DB.QualCodes(regCtx, e.Users["pm"].Actor(), w.s.ID)
			for _, x := range c {
				if x.ID == w.code.ID {
					return regCall{params: id(x.ID), body: jsonBody(map[string]any{"code": "info_gap", "label_en": "Information gaps",
						"label_bn": "তথ্যের ঘাটতি", "version": x.Version})}
				}
			}
			w.t.Fatal("no code")
			return regCall{}
		}, studyWorkers(200), nil},
		{"theme counts", "GET", "/studies/{id}/themes", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil), nil},

		{"list consultations", "GET", "/studies/{id}/consultations", func(string) regCall { return regCall{params: id(w.s.ID)} }, want(200, nil), nil},
		{"record a consultation", "POST", "/studies/{id}/consultations", func(string) regCall {
			return regCall{params: id(w.s.ID), body: consultBody(0)}
		}, studyWorkers(201), nil},
		{"read a consultation", "GET", "/consultations/{id}", func(string) regCall { return regCall{params: id(w.consult.ID)} }, want(200, nil),
			func(t *testing.T, _ string, r *resp) {
				acts, _ := r.JSON(t)["actions"].([]any)
				if len(acts) == 0 || acts[0].(map[string]any)["overdue"] != true {
					t.Errorf("overdue action: %s", r.Body)
				}
			}},
		{"change a consultation", "PUT", "/consultations/{id}", func(string) regCall {
			return regCall{params: id(w.consult.ID), body: consultBody(w.consultVersion())}
		}, studyWorkers(200), nil},
		{"record a recommendation", "POST", "/consultations/{id}/recommendations", func(string) regCall {
			return regCall{params: id(w.consult.ID), body: jsonBody(map[string]any{"text_en": "Open a BMET desk", "raised_by": "government",
				"version": w.consultVersion()})}
		}, studyWorkers(201), func(t *testing.T, _ string, r *resp) {
			if !strings.HasPrefix(jstr(r.JSON(t), "ref"), "R-") {
				t.Errorf("ref: %s", r.Body)
			}
		}},
		{"set a recommendation's status", "PUT", "/consult-recommendations/{id}", func(string) regCall {
			rec, _ := e.DB.ConsultRecommendationByID(regCtx, e.Users["pm"].Actor(), w.rec.ID)
			return regCall{params: id(rec.ID), body: jsonBody(map[string]any{"text_en": rec.TextEN, "raised_by": rec.RaisedBy,
				"status": "not_taken_up", "status_reason": "Out of scope", "version": rec.Version})}
		}, studyWorkers(200), nil},
		{"recommendations not yet addressed", "GET", "/studies/{id}/recommendations", func(string) regCall {
			return regCall{params: id(w.s.ID), query: "status=open"}
		}, want(200, nil), nil},
		{"record an action", "POST", "/consultations/{id}/actions", func(user string) regCall {
			return regCall{params: id(w.consult.ID), body: jsonBody(map[string]any{"action": "Share the report", "owner_user_id": e.Users["bnsk.manager"].ID,
				"due_on": time.Now().AddDate(0, 1, 0).Format(time.DateOnly), "version": w.consultVersion()})}
		}, studyWorkers(201), func(t *testing.T, _ string, r *resp) {
			if m := r.JSON(t); m["overdue"] != false || jstr(m, "owner_username") != "bnsk.manager" {
				t.Errorf("action: %s", r.Body)
			}
		}},
		{"change an action", "PUT", "/consult-actions/{id}", func(string) regCall {
			c, _ := e.DB.ConsultationByID(regCtx, e.Users["pm"].Actor(), w.consult.ID)
			x := c.Actions[0]
			return regCall{params: id(x.ID), body: jsonBody(map[string]any{"action": x.Action, "owner": x.Owner, "due_on": "2025-02-01",
				"status": "in_progress", "version": x.Version})}
		}, studyWorkers(200), nil},
	}
}

func TestStudyRoleRouteMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		runMatrix(t, newAPI(t, e), studyMatrix(studyNewWorld(t, e)), nil)
	})
}

// Every route tagged study is in the matrix.
func TestStudyRoutesAreInTheMatrix(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		covered := map[string]bool{}
		for _, r := range studyMatrix(studyNewWorld(t, e)) {
			covered[r.method+" "+r.path] = true
		}
		mine := 0
		for _, key := range docOperations(t, a.doc) {
			method, path, _ := strings.Cut(key, " ")
			if tags, _ := a.operation(method, path)["tags"].([]any); len(tags) == 1 && tags[0] == "study" {
				mine++
				if !covered[key] {
					t.Errorf("%s is not in the study matrix", key)
				}
			}
		}
		if mine != len(covered) {
			t.Errorf("%d study operations, %d in the matrix", mine, len(covered))
		}
	})
}

// Bad input names its fields, stale versions are 409, unknown records
// 404, and the theme table counts what was coded.
func TestStudyErrorsThroughTheAPI(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		w := studyNewWorld(t, e)
		a := newAPI(t, e)
		pm, cw := e.Token("pm"), e.Token("bnsk.worker")
		r := a.do(pm, "POST", "/studies", nil, "", `{"title_en":"","area":["BD99"],"target_groups":["martians"]}`)
		if r.Status != 422 || r.Errors(t)["title_en"] == nil || r.Errors(t)["area"] == nil {
			t.Errorf("bad study: %d %s", r.Status, r.Body)
		}
		r = a.do(pm, "PUT", "/studies/{id}", map[string]string{"id": w.s.ID}, "", jsonBody(map[string]any{"title_en": "x",
			"area": []string{"BD2084"}, "target_groups": []string{"chakma"}, "version": 1}))
		if r.Status != 409 {
			t.Errorf("stale study: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/studies/{id}/sessions", map[string]string{"id": w.s.ID}, "", `{"kind":"kii","held_on":"12/03/2025","upazila":"x","participants":[]}`)
		if r.Status != 422 || r.Errors(t)["held_on"] == nil {
			t.Errorf("bad session: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/qual-sessions/{id}/passages", map[string]string{"id": w.ses.ID}, "", jsonBody(map[string]any{"version": 1,
			"start": 10, "end": 5, "code_ids": []string{w.code.ID}}))
		if r.Status != 422 || r.Errors(t)["end"] == nil {
			t.Errorf("bad passage: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "POST", "/qual-sessions/{id}/passages", map[string]string{"id": w.ses.ID}, "", jsonBody(map[string]any{"version": 1,
			"start": 0, "end": 32, "code_ids": []string{w.code.ID}}))
		if r.Status != 201 {
			t.Fatalf("passage: %d %s", r.Status, r.Body)
		}
		r = a.do(cw, "GET", "/studies/{id}/themes", map[string]string{"id": w.s.ID}, "", "")
		rows, _ := r.JSON(t)["rows"].([]any)
		if len(rows) != 1 || rows[0].(map[string]any)["passages"] != float64(1) ||
			rows[0].(map[string]any)["sessions_by_group"].(map[string]any)["chakma"] != float64(1) {
			t.Errorf("themes: %s", r.Body)
		}
		r = a.do(cw, "PUT", "/consult-recommendations/{id}", map[string]string{"id": w.rec.ID}, "", jsonBody(map[string]any{
			"text_en": "x", "raised_by": "cso", "status": "not_taken_up", "version": 1}))
		if r.Status != 422 || r.Errors(t)["status_reason"] == nil {
			t.Errorf("no reason: %d %s", r.Status, r.Body)
		}
		for _, path := range []string{"/studies/{id}", "/qual-sessions/{id}", "/consultations/{id}"} {
			if r := a.do(cw, "GET", path, map[string]string{"id": "nope"}, "", ""); r.Status != 404 {
				t.Errorf("%s unknown: %d", path, r.Status)
			}
		}
		r = a.do(cw, "GET", "/studies/{id}/recommendations", map[string]string{"id": w.s.ID}, "status=open", "")
		if items := r.Items(t); len(items) != 1 || jstr(items[0], "ref") != "R-1" {
			t.Errorf("open recommendations: %s", r.Body)
		}
	})
}
