package api

import (
	"net/http"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/study"
)

// Scoping studies (issue 7): the study, its qualitative sessions with the
// codebook and coded passages, the theme counts, and the stakeholder
// consultations with recommendations and follow-up actions. Counts and
// programme information, never personal data: every role reads them.
// Changes replace the record as read (PUT with its version).

const (
	studyReaders  = "Every role: a study holds counts and programme information, never personal data."
	studyCreators = "Programme managers and administrators; everyone else gets 403."
	studyEditors  = "Programme managers, administrators and the study's lead; everyone else gets 403."
	studyWorkers  = "Programme managers, administrators, and the lead and researchers of the study's team; everyone else gets 403."
	studySession  = "Programme managers, administrators, and the lead, researchers and enumerators of the study's team; everyone else gets 403."
	studyReplace  = "Send the whole record as you read it with your changes and its version; a stale version is 409 and nothing is written."
)

// studyRoutes lists this area's operations (see allRoutes), tagged study.
func (s *server) studyRoutes() []route {
	we := []int{http.StatusForbidden, http.StatusConflict}
	versionQuery := []param{{Name: "version", Type: "integer", Minimum: 1, Description: "The version you read; a stale one is 409."}}
	r := func(method, path, id string, h handle, summary, desc, roles string, q []param, body string, status int, result string, errs []int) route {
		return route{Method: method, Path: path, ID: id, Tag: "study", handle: h, Summary: summary, Description: desc, Roles: roles,
			Query: q, Body: body, Status: status, Result: result, Errors: errs}
	}
	return []route{
		r("GET", "/studies", "listStudies", s.listStudies, "List scoping studies", "Newest first, without stages and team.",
			studyReaders, nil, "", 200, "StudyList", nil),
		r("POST", "/studies", "createStudy", s.createStudy, "Start a scoping study",
			"Area: P-codes of districts or upazilas; target groups: ethnic group codes and religious minority codes (rel_...). "+
				"The five stages are created undated.", studyCreators, nil, "NewStudy", 201, "Study", []int{http.StatusForbidden}),
		r("GET", "/studies/{id}", "getStudy", s.getStudy, "A study with its stages and team", "", studyReaders, nil, "", 200, "Study", nil),
		r("PUT", "/studies/{id}", "updateStudy", s.updateStudy, "Change a study", studyReplace, studyEditors, nil, "StudyUpdate", 200, "Study", we),
		r("PUT", "/studies/{id}/stages", "setStudyStages", s.setStudyStages, "Date the stages of a study",
			"Planned and actual dates of each stage (stages left out are undated), and optionally the current stage. "+studyReplace, studyEditors, nil, "StudyStages", 200, "Study", we),
		r("POST", "/studies/{id}/team", "addStudyMember", s.addStudyMember, "Add a member to the team",
			"A Remaker user (user_id) or an outside member (name and organisation; no contact details are kept). Moves the study's version.",
			studyEditors, nil, "NewStudyMember", 201, "Study", we),
		r("DELETE", "/studies/{id}/team/{member_id}", "removeStudyMember", s.removeStudyMember, "Take a member off the team",
			"Moves the study's version.", studyEditors, versionQuery, "", 200, "Study", we),

		r("GET", "/studies/{id}/sessions", "listQualSessions", s.listQualSessions, "A study's focus groups and interviews",
			"Oldest first, with participant counts and coded passages.", studyReaders, nil, "", 200, "QualSessionList", nil),
		r("POST", "/studies/{id}/sessions", "createQualSession", s.createQualSession, "Record a focus group or interview",
			"Participants are counted by group and sex, never named; a key informant is described by role.", studySession, nil,
			"QualSessionInput", 201, "QualSession", we),
		r("GET", "/qual-sessions/{id}", "getQualSession", s.getQualSession, "A session with its transcript and coded passages", "",
			studyReaders, nil, "", 200, "QualSession", nil),
		r("PUT", "/qual-sessions/{id}", "updateQualSession", s.updateQualSession, "Change a session",
			studyReplace+" The transcript of a session with coded passages cannot change (422 naming transcript).", studyWorkers, nil,
			"QualSessionInput", 200, "QualSession", we),
		r("POST", "/qual-sessions/{id}/passages", "addQualPassage", s.addQualPassage, "Code a passage",
			"Give start and end (character offsets into the transcript, end exclusive), or paste the excerpt: one found in the transcript "+
				"gets its offsets. version is the session's.", studyWorkers, nil, "NewQualPassage", 201, "QualSession", we),
		r("DELETE", "/qual-sessions/{id}/passages/{passage_id}", "removeQualPassage", s.removeQualPassage, "Remove a coded passage",
			"", studyWorkers, versionQuery, "", 200, "QualSession", we),
		r("GET", "/studies/{id}/codes", "listQualCodes", s.listQualCodes, "A study's codebook", "In code order.", studyReaders, nil, "", 200,
			"QualCodeList", nil),
		r("POST", "/studies/{id}/codes", "createQualCode", s.createQualCode, "Add a code to the codebook", "A code is unique in its study.",
			studyWorkers, nil, "QualCodeInput", 201, "QualCode", we),
		r("PUT", "/qual-codes/{id}", "updateQualCode", s.updateQualCode, "Change a code", studyReplace, studyWorkers, nil, "QualCodeInput",
			200, "QualCode", we),
		r("GET", "/studies/{id}/themes", "getQualThemes", s.getQualThemes, "Theme counts",
			"For each code: in how many sessions and passages it was applied, by kind of session and by participant group (a session counts "+
				"for every group among its participants).", studyReaders, nil, "", 200, "QualThemeTable", nil),

		r("GET", "/studies/{id}/consultations", "listConsultations", s.listConsultations, "A study's stakeholder consultations",
			"Oldest first, with counts, issues, recommendations and actions.", studyReaders, nil, "", 200, "ConsultationList", nil),
		r("POST", "/studies/{id}/consultations", "createConsultation", s.createConsultation, "Record a consultation",
			"Participants counted by stakeholder type and sex; issues raised in order.", studyWorkers, nil, "ConsultationInput", 201,
			"Consultation", we),
		r("GET", "/consultations/{id}", "getConsultation", s.getConsultation, "A consultation with everything recorded at it", "",
			studyReaders, nil, "", 200, "Consultation", nil),
		r("PUT", "/consultations/{id}", "updateConsultation", s.updateConsultation, "Change a consultation", studyReplace, studyWorkers,
			nil, "ConsultationInput", 200, "Consultation", we),
		r("POST", "/consultations/{id}/recommendations", "addConsultRecommendation", s.addConsultRecommendation, "Record a recommendation",
			"Numbered R-1, R-2... within the study: a strategy document cites that reference. version is the consultation's.",
			studyWorkers, nil, "ConsultRecommendationInput", 201, "ConsultRecommendation", we),
		r("PUT", "/consult-recommendations/{id}", "updateConsultRecommendation", s.updateConsultRecommendation,
			"Change a recommendation or its status", "not_taken_up needs status_reason. "+studyReplace, studyWorkers, nil,
			"ConsultRecommendationInput", 200, "ConsultRecommendation", we),
		r("GET", "/studies/{id}/recommendations", "listConsultRecommendations", s.listConsultRecommendations, "A study's recommendations",
			"In the order made; status=open lists those not yet addressed.", studyReaders,
			[]param{{Name: "status", Type: "string", Enum: []string{study.RecOpen}, Description: "open: only those not yet addressed."}},
			"", 200, "ConsultRecommendationList", nil),
		r("POST", "/consultations/{id}/actions", "addConsultAction", s.addConsultAction, "Record a follow-up action",
			"The owner is a user (owner_user_id) or named in owner. version is the consultation's.", studyWorkers, nil, "ConsultActionInput",
			201, "ConsultAction", we),
		r("PUT", "/consult-actions/{id}", "updateConsultAction", s.updateConsultAction, "Change a follow-up action", studyReplace,
			studyWorkers, nil, "ConsultActionInput", 200, "ConsultAction", we),
	}
}

// ---- views ----

type studyStageJSON struct {
	Stage        string   `json:"stage"`
	PlannedStart *apiDate `json:"planned_start,omitempty"`
	PlannedEnd   *apiDate `json:"planned_end,omitempty"`
	ActualStart  *apiDate `json:"actual_start,omitempty"`
	ActualEnd    *apiDate `json:"actual_end,omitempty"`
}

type studyJSON struct {
	ID            string           `json:"id"`
	TitleEN       string           `json:"title_en"`
	TitleBN       string           `json:"title_bn"`
	Objectives    string           `json:"objectives"`
	Area          []string         `json:"area"`
	TargetGroups  []string         `json:"target_groups"`
	CurrentStage  string           `json:"current_stage"`
	Stages        []studyStageJSON `json:"stages,omitempty"`
	Team          []study.Member   `json:"team,omitempty"`
	CreatedByName string           `json:"created_by_name"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
	Version       int              `json:"version"`
}

func studyView(s study.Study) studyJSON {
	out := studyJSON{ID: s.ID, TitleEN: s.TitleEN, TitleBN: s.TitleBN, Objectives: s.Objectives, Area: strs(s.Area),
		TargetGroups: strs(s.TargetGroups), CurrentStage: s.CurrentStage, Team: s.Team, CreatedByName: s.CreatedByName,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Version: s.Version}
	for _, st := range s.Stages {
		out.Stages = append(out.Stages, studyStageJSON{Stage: st.Stage, PlannedStart: datePtr(st.PlannedStart),
			PlannedEnd: datePtr(st.PlannedEnd), ActualStart: datePtr(st.ActualStart), ActualEnd: datePtr(st.ActualEnd)})
	}
	return out
}

type qualSessionJSON struct {
	study.Session
	HeldOn apiDate `json:"held_on"`
	Total  int     `json:"total"`
}

func qualSessionView(s study.Session) qualSessionJSON {
	return qualSessionJSON{Session: s, HeldOn: apiDate(s.HeldOn), Total: study.Total(s.Participants)}
}

type consultActionJSON struct {
	study.Action
	DueOn apiDate `json:"due_on"`
}

func consultActionView(x study.Action) consultActionJSON {
	return consultActionJSON{Action: x, DueOn: apiDate(x.DueOn)}
}

type consultationJSON struct {
	study.Consultation
	HeldOn  apiDate             `json:"held_on"`
	Total   int                 `json:"total"`
	Actions []consultActionJSON `json:"actions"`
}

func consultationView(c study.Consultation) consultationJSON {
	return consultationJSON{Consultation: c, HeldOn: apiDate(c.HeldOn), Total: study.Total(c.Participants),
		Actions: views(c.Actions, consultActionView)}
}

// ---- inputs ----

// studyPathID reads a path ID, what naming the record for a 404.
func studyPathID(r *http.Request, name, what string) string {
	id, _ := pathID(r, name, what)
	return id
}

func studyVersion(r *http.Request) (int, error) {
	n, ok := queryInt(r, "version", 1, 1<<31-1)
	if !ok {
		return 0, app.FieldError("version", "send the version you read")
	}
	return int(n), nil
}

type studyInput struct {
	TitleEN      string   `json:"title_en"`
	TitleBN      string   `json:"title_bn"`
	Objectives   string   `json:"objectives"`
	Area         []string `json:"area"`
	TargetGroups []string `json:"target_groups"`
	CurrentStage string   `json:"current_stage"`
	Version      int      `json:"version"`
}

func (in studyInput) study(id string) study.Study {
	return study.Study{ID: id, TitleEN: in.TitleEN, TitleBN: in.TitleBN, Objectives: in.Objectives, Area: in.Area,
		TargetGroups: in.TargetGroups, CurrentStage: in.CurrentStage, Version: in.Version}
}

func studyDateIn(v *app.Validation, field string, s string) time.Time {
	if d := parseDate(v, field, &s); d != nil {
		return *d
	}
	return time.Time{}
}

// ---- studies ----

func (s *server) listStudies(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	list, err := s.db.ListStudies(r.Context(), pr.Actor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, studyView)))
	return nil
}

func (s *server) createStudy(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in studyInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	st, err := s.db.CreateStudy(r.Context(), pr.Actor, in.study(""))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, studyView(st))
	return nil
}

func (s *server) getStudy(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	st, err := s.db.StudyByID(r.Context(), pr.Actor, studyPathID(r, "id", "study"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, studyView(st))
	return nil
}

func (s *server) updateStudy(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in studyInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	st, err := s.db.UpdateStudy(r.Context(), pr.Actor, in.study(studyPathID(r, "id", "study")))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, studyView(st))
	return nil
}

type studyStagesInput struct {
	Version      int    `json:"version"`
	CurrentStage string `json:"current_stage"`
	Stages       []struct {
		Stage        string  `json:"stage"`
		PlannedStart *string `json:"planned_start"`
		PlannedEnd   *string `json:"planned_end"`
		ActualStart  *string `json:"actual_start"`
		ActualEnd    *string `json:"actual_end"`
	} `json:"stages"`
}

func (s *server) setStudyStages(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in studyStagesInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	var v app.Validation
	stages := make([]study.Stage, len(in.Stages))
	for i, x := range in.Stages {
		f := "stages." + x.Stage + "."
		stages[i] = study.Stage{Stage: x.Stage, PlannedStart: parseDate(&v, f+"planned_start", x.PlannedStart),
			PlannedEnd: parseDate(&v, f+"planned_end", x.PlannedEnd), ActualStart: parseDate(&v, f+"actual_start", x.ActualStart),
			ActualEnd: parseDate(&v, f+"actual_end", x.ActualEnd)}
	}
	if err := v.Err(); err != nil {
		return err
	}
	st, err := s.db.SetStudyStages(r.Context(), pr.Actor, studyPathID(r, "id", "study"), in.Version, in.CurrentStage, stages)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, studyView(st))
	return nil
}

type studyMemberInput struct {
	Version      int    `json:"version"`
	UserID       string `json:"user_id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	Role         string `json:"role"`
}

func (s *server) addStudyMember(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in studyMemberInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	st, err := s.db.AddStudyMember(r.Context(), pr.Actor, studyPathID(r, "id", "study"), in.Version,
		study.Member{UserID: in.UserID, Name: in.Name, Organisation: in.Organisation, Role: in.Role})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, studyView(st))
	return nil
}

func (s *server) removeStudyMember(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	version, err := studyVersion(r)
	if err != nil {
		return err
	}
	st, err := s.db.RemoveStudyMember(r.Context(), pr.Actor, studyPathID(r, "id", "study"), version, studyPathID(r, "member_id", "team member"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, studyView(st))
	return nil
}

// ---- qualitative sessions, codebook, themes ----

func (s *server) listQualSessions(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "study")
	if _, err := s.db.StudyByID(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	list, err := s.db.ListQualSessions(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, qualSessionView)))
	return nil
}

type qualSessionInput struct {
	Kind          string        `json:"kind"`
	HeldOn        string        `json:"held_on"`
	Upazila       string        `json:"upazila"`
	Place         string        `json:"place"`
	Facilitator   string        `json:"facilitator"`
	InformantRole string        `json:"informant_role"`
	Transcript    string        `json:"transcript"`
	Participants  []study.Count `json:"participants"`
	Version       int           `json:"version"`
}

func (in qualSessionInput) session(v *app.Validation) study.Session {
	return study.Session{Kind: in.Kind, HeldOn: studyDateIn(v, "held_on", in.HeldOn), Upazila: in.Upazila, Place: in.Place,
		Facilitator: in.Facilitator, InformantRole: in.InformantRole, Transcript: in.Transcript,
		Participants: in.Participants, Version: in.Version}
}

func (s *server) createQualSession(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in qualSessionInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	var v app.Validation
	ses := in.session(&v)
	if err := v.Err(); err != nil {
		return err
	}
	ses.StudyID = studyPathID(r, "id", "study")
	ses, err := s.db.CreateQualSession(r.Context(), pr.Actor, ses)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, qualSessionView(ses))
	return nil
}

func (s *server) getQualSession(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	ses, err := s.db.QualSessionByID(r.Context(), pr.Actor, studyPathID(r, "id", "session"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, qualSessionView(ses))
	return nil
}

func (s *server) updateQualSession(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in qualSessionInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	var v app.Validation
	ses := in.session(&v)
	if err := v.Err(); err != nil {
		return err
	}
	ses.ID = studyPathID(r, "id", "session")
	ses, err := s.db.UpdateQualSession(r.Context(), pr.Actor, ses)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, qualSessionView(ses))
	return nil
}

type qualPassageInput struct {
	Version int      `json:"version"`
	Start   *int     `json:"start"`
	End     *int     `json:"end"`
	Excerpt string   `json:"excerpt"`
	CodeIDs []string `json:"code_ids"`
}

func (s *server) addQualPassage(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in qualPassageInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	ses, err := s.db.AddQualPassage(r.Context(), pr.Actor, studyPathID(r, "id", "session"), in.Version,
		study.Passage{Start: in.Start, End: in.End, Excerpt: in.Excerpt, CodeIDs: in.CodeIDs})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, qualSessionView(ses))
	return nil
}

func (s *server) removeQualPassage(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	version, err := studyVersion(r)
	if err != nil {
		return err
	}
	ses, err := s.db.RemoveQualPassage(r.Context(), pr.Actor, studyPathID(r, "id", "session"), version, studyPathID(r, "passage_id", "passage"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, qualSessionView(ses))
	return nil
}

func (s *server) listQualCodes(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "study")
	if _, err := s.db.StudyByID(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	list, err := s.db.QualCodes(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(studyOrEmpty(list)))
	return nil
}

// studyOrEmpty returns list, or an empty list for nil.
func studyOrEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

type qualCodeInput struct {
	Code        string `json:"code"`
	LabelEN     string `json:"label_en"`
	LabelBN     string `json:"label_bn"`
	Description string `json:"description"`
	Version     int    `json:"version"`
}

func (s *server) saveQualCode(w http.ResponseWriter, r *http.Request, pr *auth.Principal, c study.Code, status int) error {
	var in qualCodeInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	c.Code, c.LabelEN, c.LabelBN, c.Description, c.Version = in.Code, in.LabelEN, in.LabelBN, in.Description, in.Version
	c, err := s.db.SaveQualCode(r.Context(), pr.Actor, c)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, c)
	return nil
}

func (s *server) createQualCode(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.saveQualCode(w, r, pr, study.Code{StudyID: studyPathID(r, "id", "study")}, http.StatusCreated)
}

func (s *server) updateQualCode(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "code")
	if id == "" {
		return app.NotFound("code")
	}
	return s.saveQualCode(w, r, pr, study.Code{ID: id}, http.StatusOK)
}

func (s *server) getQualThemes(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	t, err := s.db.QualThemes(r.Context(), pr.Actor, studyPathID(r, "id", "study"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, t)
	return nil
}

// ---- consultations ----

func (s *server) listConsultations(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "study")
	if _, err := s.db.StudyByID(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	list, err := s.db.ListConsultations(r.Context(), pr.Actor, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(views(list, consultationView)))
	return nil
}

type consultationInput struct {
	Title        string        `json:"title"`
	HeldOn       string        `json:"held_on"`
	Stage        string        `json:"stage"`
	Place        string        `json:"place"`
	Notes        string        `json:"notes"`
	Participants []study.Count `json:"participants"`
	Issues       []string      `json:"issues"`
	Version      int           `json:"version"`
}

func (in consultationInput) consultation(v *app.Validation) study.Consultation {
	return study.Consultation{Title: in.Title, HeldOn: studyDateIn(v, "held_on", in.HeldOn), Stage: in.Stage, Place: in.Place,
		Notes: in.Notes, Participants: in.Participants, Issues: in.Issues, Version: in.Version}
}

func (s *server) saveConsultation(w http.ResponseWriter, r *http.Request, pr *auth.Principal, create bool) error {
	var in consultationInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	var v app.Validation
	c := in.consultation(&v)
	if err := v.Err(); err != nil {
		return err
	}
	var err error
	status := http.StatusOK
	if create {
		c.StudyID, status = studyPathID(r, "id", "study"), http.StatusCreated
		c, err = s.db.CreateConsultation(r.Context(), pr.Actor, c)
	} else {
		c.ID = studyPathID(r, "id", "consultation")
		c, err = s.db.UpdateConsultation(r.Context(), pr.Actor, c)
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, consultationView(c))
	return nil
}

func (s *server) createConsultation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.saveConsultation(w, r, pr, true)
}

func (s *server) updateConsultation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.saveConsultation(w, r, pr, false)
}

func (s *server) getConsultation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	c, err := s.db.ConsultationByID(r.Context(), pr.Actor, studyPathID(r, "id", "consultation"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, consultationView(c))
	return nil
}

type consultRecInput struct {
	TextEN       string `json:"text_en"`
	TextBN       string `json:"text_bn"`
	RaisedBy     string `json:"raised_by"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	Version      int    `json:"version"`
}

func (in consultRecInput) recommendation() study.Recommendation {
	return study.Recommendation{TextEN: in.TextEN, TextBN: in.TextBN, RaisedBy: in.RaisedBy, Status: in.Status,
		StatusReason: in.StatusReason, Version: in.Version}
}

func (s *server) addConsultRecommendation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in consultRecInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	rec, err := s.db.AddConsultRecommendation(r.Context(), pr.Actor, studyPathID(r, "id", "consultation"), in.Version, in.recommendation())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *server) updateConsultRecommendation(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	var in consultRecInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	rec := in.recommendation()
	rec.ID = studyPathID(r, "id", "recommendation")
	rec, err := s.db.UpdateConsultRecommendation(r.Context(), pr.Actor, rec)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, rec)
	return nil
}

func (s *server) listConsultRecommendations(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	id := studyPathID(r, "id", "study")
	if _, err := s.db.StudyByID(r.Context(), pr.Actor, id); err != nil {
		return err
	}
	list, err := s.db.ConsultRecommendations(r.Context(), pr.Actor, id, r.URL.Query().Get("status") == study.RecOpen)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, listOf(studyOrEmpty(list)))
	return nil
}

type consultActionInput struct {
	Action      string `json:"action"`
	Owner       string `json:"owner"`
	OwnerUserID string `json:"owner_user_id"`
	DueOn       string `json:"due_on"`
	Status      string `json:"status"`
	Version     int    `json:"version"`
}

func (s *server) saveConsultAction(w http.ResponseWriter, r *http.Request, pr *auth.Principal, create bool) error {
	var in consultActionInput
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	var v app.Validation
	x := study.Action{Action: in.Action, Owner: in.Owner, OwnerUserID: in.OwnerUserID, DueOn: studyDateIn(&v, "due_on", in.DueOn),
		Status: in.Status, Version: in.Version}
	if err := v.Err(); err != nil {
		return err
	}
	var err error
	status := http.StatusOK
	if create {
		status = http.StatusCreated
		x, err = s.db.AddConsultAction(r.Context(), pr.Actor, studyPathID(r, "id", "consultation"), in.Version, x)
	} else {
		x.ID = studyPathID(r, "id", "action")
		x, err = s.db.UpdateConsultAction(r.Context(), pr.Actor, x)
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, status, consultActionView(x))
	return nil
}

func (s *server) addConsultAction(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.saveConsultAction(w, r, pr, true)
}

func (s *server) updateConsultAction(w http.ResponseWriter, r *http.Request, pr *auth.Principal) error {
	return s.saveConsultAction(w, r, pr, false)
}

// ---- schemas ----

// studySchemas are the schemas of this area's routes.
func studySchemas() obj {
	version := integer("Increases with every change; send it back when changing the record.")
	sentVersion := obj{"type": "integer", "minimum": 1, "description": "The version you read; a stale one is 409."}
	text := func(desc string, max int) obj { return obj{"type": "string", "maxLength": max, "description": desc} }
	date := func(desc string) obj {
		return obj{"type": "string", "format": "date", "description": desc + " YYYY-MM-DD."}
	}
	strList := func(desc string) obj {
		return obj{"type": "array", "items": obj{"type": "string"}, "description": desc}
	}
	listOfRef := func(desc, item string) obj { return obj{"type": "array", "items": ref(item), "description": desc} }
	counts := obj{"type": "object", "description": "Counts by key.", "additionalProperties": obj{"type": "integer"}}
	nullableOffset := func(desc string) obj {
		return obj{"type": "integer", "minimum": 0, "nullable": true, "description": desc}
	}
	var groups []string
	for _, g := range study.Groups() {
		groups = append(groups, g.Code)
	}
	stamps := obj{"created_by_name": str("Who recorded it."), "created_at": timestamp("When."), "updated_at": timestamp("Last change."),
		"version": version}
	studyFields := obj{
		"title_en":      text("The title in English.", 300),
		"title_bn":      text("The title in Bangla; may be empty.", 300),
		"objectives":    text("The study's objectives.", 4000),
		"area":          strList("P-codes of the districts and upazilas covered."),
		"target_groups": obj{"type": "array", "items": obj{"type": "string", "enum": groups}, "description": "Ethnic group codes and religious minority codes (rel_...)."},
		"current_stage": enum("The stage the study is at (default design).", study.Stages),
	}
	stage := obj{"stage": enum("The stage.", study.Stages), "planned_start": date("Planned start."), "planned_end": date("Planned end."),
		"actual_start": date("Actual start."), "actual_end": date("Actual end.")}
	count := func(what string, values []string) obj {
		return object("How many people of one "+what+" and sex.", []string{"category", "sex", "people"}, obj{
			"category": enum("The "+what+".", values), "sex": enum("Their sex.", study.Sexes),
			"people": obj{"type": "integer", "minimum": 0, "maximum": study.MaxPeople, "description": "How many."}})
	}
	sessionFields := obj{
		"kind":           enum("Focus group discussion (fgd) or key informant interview (kii).", study.Kinds),
		"held_on":        date("The day it was held."),
		"upazila":        str("The upazila's P-code."),
		"place":          text("The village, para or venue.", 200),
		"facilitator":    text("Who facilitated.", 200),
		"informant_role": text("A key informant's role, e.g. headman or BMET official; required for an interview.", 200),
		"transcript":     text("Notes or transcript.", study.MaxTranscript),
		"participants":   listOfRef("Participants by group and sex.", "QualGroupCount"),
	}
	codeFields := obj{"code": str("Lower-case letters, digits and _, starting with a letter; unique in the study."),
		"label_en": text("Label in English.", 200), "label_bn": text("Label in Bangla.", 200), "description": text("When to apply it.", 4000)}
	consultFields := obj{
		"title":        text("A short title.", 200),
		"held_on":      date("The day it was held."),
		"stage":        enum("The stage of the study it belongs to.", study.Stages),
		"place":        text("Where.", 200),
		"notes":        text("Notes.", 4000),
		"participants": listOfRef("Participants by stakeholder type and sex.", "ConsultStakeholderCount"),
		"issues":       strList("Issues raised, in order."),
	}
	recFields := obj{"text_en": text("The recommendation in English.", 4000), "text_bn": text("In Bangla; may be empty.", 4000),
		"raised_by":     enum("The stakeholder type that raised it.", study.Stakeholders),
		"status":        enum("open (default), addressed, or not_taken_up (needs status_reason).", study.RecStatuses),
		"status_reason": text("Why it was not taken up.", 4000)}
	actionFields := obj{"action": text("What is to be done.", 4000), "owner": text("Who owns it, named in full, when not a user.", 200),
		"owner_user_id": str("The user who owns it, when one does."), "due_on": date("Due date."),
		"status": enum("open (default), in_progress or done.", study.ActionStatuses)}
	return obj{
		"StudyMember": object("A team member: a Remaker user or an outside member (no contact details kept).",
			[]string{"id", "user_id", "username", "name", "organisation", "role"}, obj{"id": str("Member ID."),
				"user_id": str("The user; empty for an outside member."), "username": str("The user's sign-in name."),
				"name": str("An outside member's name."), "organisation": str("An outside member's organisation."),
				"role": enum("Role on the study.", study.TeamRoles)}),
		"StudyStage": object("A stage with its dates.", []string{"stage"}, stage),
		"Study": object("A scoping study.", []string{"id", "title_en", "title_bn", "objectives", "area", "target_groups", "current_stage",
			"created_by_name", "created_at", "updated_at", "version"}, withProps(withProps(studyFields, stamps), obj{"id": str("Study ID."),
			"stages": listOfRef("The five stages in order (not in lists).", "StudyStage"),
			"team":   listOfRef("The team (not in lists).", "StudyMember")})),
		"StudyList":   listSchema("Study"),
		"NewStudy":    object("A new study.", []string{"title_en", "area", "target_groups"}, studyFields),
		"StudyUpdate": object("A study as read, changed.", []string{"title_en", "area", "target_groups", "version"}, withProps(studyFields, obj{"version": sentVersion})),
		"StudyStages": object("Dates of the stages.", []string{"version", "stages"}, obj{"version": sentVersion,
			"current_stage": enum("Move the study to this stage too; omit to keep it.", study.Stages),
			"stages":        listOfRef("Stages with their dates.", "StudyStage")}),
		"NewStudyMember": object("A member to add.", []string{"version", "role"}, obj{"version": sentVersion,
			"user_id": str("A Remaker user."), "name": text("An outside member's name.", 200),
			"organisation": text("An outside member's organisation.", 200), "role": enum("Role on the study.", study.TeamRoles)}),

		"QualGroupCount": count("participant group (ethnic group or religious minority code)", groups),
		"QualPassage": object("A coded passage: offsets into the transcript (end exclusive), or null for an excerpt pasted from elsewhere.",
			[]string{"id", "session_id", "start", "end", "excerpt", "code_ids", "codes", "created_by_name", "created_at"}, obj{
				"id": str("Passage ID."), "session_id": str("The session."), "start": nullableOffset("First character."),
				"end": nullableOffset("After the last character."), "excerpt": str("The passage's text."),
				"code_ids": strList("IDs of the codes applied."), "codes": strList("The codes applied."),
				"created_by_name": str("Who coded it."), "created_at": timestamp("When.")}),
		"QualSession": object("A focus group discussion or key informant interview.", []string{"id", "study_id", "kind", "held_on", "upazila",
			"participants", "passages", "total", "version"}, withProps(withProps(sessionFields, stamps), obj{"id": str("Session ID."),
			"study_id": str("The study."), "passages": listOfRef("Coded passages in transcript order.", "QualPassage"),
			"total": integer("Participants in all.")})),
		"QualSessionList": listSchema("QualSession"),
		"QualSessionInput": object("A session (version needed to change one).", []string{"kind", "held_on", "upazila", "facilitator", "participants"},
			withProps(sessionFields, obj{"version": obj{"type": "integer", "description": "The version you read, when changing."}})),
		"NewQualPassage": object("A passage to code: start and end, or an excerpt.", []string{"version", "code_ids"}, obj{
			"version": sentVersion, "start": nullableOffset("First character."), "end": nullableOffset("After the last character."),
			"excerpt": text("The passage pasted.", 4000), "code_ids": strList("Codes of the study's codebook.")}),
		"QualCode": object("A codebook entry.", []string{"id", "study_id", "code", "label_en", "label_bn", "description", "updated_at", "version"},
			withProps(codeFields, obj{"id": str("Code ID."), "study_id": str("The study."), "updated_at": timestamp("Last change."), "version": version})),
		"QualCodeList": listSchema("QualCode"),
		"QualCodeInput": object("A codebook entry (version needed to change one).", []string{"code", "label_en"},
			withProps(codeFields, obj{"version": obj{"type": "integer", "description": "The version you read, when changing."}})),
		"QualThemeRow": object("How often one code was applied.", []string{"code", "sessions", "passages", "sessions_by_kind", "passages_by_kind",
			"sessions_by_group", "passages_by_group"}, obj{"code": ref("QualCode"), "sessions": integer("Sessions with the code."),
			"passages": integer("Passages with the code."), "sessions_by_kind": counts, "passages_by_kind": counts,
			"sessions_by_group": counts, "passages_by_group": counts}),
		"QualThemeTable": object("Theme counts of a study.", []string{"groups", "total_sessions", "rows"}, obj{
			"groups": strList("Participant groups present in any session."), "total_sessions": integer("Sessions in all."),
			"rows": listOfRef("One row per code.", "QualThemeRow")}),

		"ConsultStakeholderCount": count("stakeholder type", study.Stakeholders),
		"ConsultRecommendation": object("A recommendation; ref (R-1, R-2...) is stable within the study.", []string{"id", "consultation_id",
			"study_id", "ref", "text_en", "raised_by", "status", "version"}, withProps(withProps(recFields, stamps), obj{
			"id": str("Recommendation ID."), "consultation_id": str("Where it was made."), "study_id": str("The study."),
			"ref": str("The reference a strategy document cites.")})),
		"ConsultRecommendationList": listSchema("ConsultRecommendation"),
		"ConsultRecommendationInput": object("A recommendation (version: the consultation's when adding, the recommendation's when changing).",
			[]string{"text_en", "raised_by", "version"}, withProps(recFields, obj{"version": sentVersion})),
		"ConsultAction": object("A follow-up action.", []string{"id", "consultation_id", "action", "due_on", "status", "overdue", "version"},
			withProps(withProps(actionFields, stamps), obj{"id": str("Action ID."), "consultation_id": str("Where it was agreed."),
				"owner_username": str("The owning user's sign-in name."), "overdue": obj{"type": "boolean",
					"description": "Not done and due before today (computed on read)."}})),
		"ConsultActionInput": object("A follow-up action (version: the consultation's when adding, the action's when changing).",
			[]string{"action", "due_on", "version"}, withProps(actionFields, obj{"version": sentVersion})),
		"Consultation": object("A stakeholder consultation.", []string{"id", "study_id", "title", "held_on", "stage", "place", "participants",
			"issues", "recommendations", "actions", "total", "version"}, withProps(withProps(consultFields, stamps), obj{
			"id": str("Consultation ID."), "study_id": str("The study."), "total": integer("Participants in all."),
			"recommendations": listOfRef("Recommendations made.", "ConsultRecommendation"),
			"actions":         listOfRef("Follow-up actions, by due date.", "ConsultAction")})),
		"ConsultationList": listSchema("Consultation"),
		"ConsultationInput": object("A consultation (version needed to change one).", []string{"title", "held_on", "stage", "place"},
			withProps(consultFields, obj{"version": obj{"type": "integer", "description": "The version you read, when changing."}})),
	}
}
