package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/auth"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/httpx"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// Referrals between organisations: the referrals tab of a case (refer,
// cancel, and record the answers of an organisation nobody uses Remaker
// in), the receiving organisation's inbox and the organisation's outgoing
// referrals (referral_lists.go), and the service directory
// (service_pages.go). The store decides who sees and does what; these
// pages offer only what it will accept.

func (ui *UI) registerReferrals(mux *http.ServeMux) {
	mux.HandleFunc("GET /cases/{id}/referrals", ui.referralTab)
	mux.HandleFunc("POST /cases/{id}/referrals", ui.referralCreate)
	mux.HandleFunc("POST /cases/{id}/referrals/{rid}/move", ui.referralMoveOnCase)
	mux.HandleFunc("GET /referrals", ui.referralOutgoing)
	mux.HandleFunc("GET /referrals/inbox", ui.referralInbox)
	mux.HandleFunc("GET /referrals/inbox/{id}", ui.referralReceived)
	mux.HandleFunc("POST /referrals/inbox/{id}/move", ui.referralAnswer)
	mux.HandleFunc("GET /services", ui.serviceList)
	mux.HandleFunc("GET /services/new", ui.serviceNewForm)
	mux.HandleFunc("POST /services", ui.serviceCreate)
	mux.HandleFunc("GET /services/{id}", ui.servicePage)
	mux.HandleFunc("GET /services/{id}/edit", ui.serviceEditForm)
	mux.HandleFunc("POST /services/{id}", ui.serviceUpdate)
}

// referralTabData is the referrals tab of a case.
type referralTabData struct {
	Head caseHead
	Case store.CaseView
	Rows []referralRow
	// CanRefer offers the form to refer: the case's own organisation's
	// workers and managers, while the case is open.
	CanRefer bool
	// The directory for the form: services of the chosen type, covering
	// the person's area unless AllAreas.
	Type     string
	AllAreas bool
	AreaName string // the person's area, "" when none is recorded
	Types    []string
	Services []referralServiceGroup
	Today    string
	MaxDue   string
	// ConsentLink leads to the person's consents when a referral was
	// refused for want of consent to sharing.
	ConsentLink string
}

// referralRow is a referral of the case with the steps its referrer may take.
type referralRow struct {
	referral.Referral
	Steps []referralStepForm
}

// referralServiceGroup is one organisation's services in the form's list.
type referralServiceGroup struct {
	Label   string
	Options []referralServiceOption
}

type referralServiceOption struct {
	ID, Label string
	// NeedsConsent: the person has not agreed to share their details with
	// the service's organisation yet.
	NeedsConsent bool
}

// referralFields maps the store's field names of a new referral to the
// refer form's controls.
var referralFields = map[string]string{"service_id": "ref_service", "reason": "ref_reason", "due_on": "ref_due"}

func (ui *UI) referralTab(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseReader(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "cases.tab_referrals")
	d, err := ui.referralTabPage(r, pr, p)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	ui.referralRenderTab(w, r, http.StatusOK, p, d)
}

// referralTabPage loads the tab of the case in the path.
func (ui *UI) referralTabPage(r *http.Request, pr *auth.Principal, p *Page) (referralTabData, error) {
	ctx, a := r.Context(), ui.actor(r, pr)
	var d referralTabData
	head, err := ui.caseHeadFor(r, pr, "referrals")
	if err != nil {
		return d, err
	}
	d.Head, d.Case = head, head.Case
	list, err := ui.DB.ReferralsOfCase(ctx, a, d.Case.ID)
	if err != nil {
		return d, err
	}
	own := a.WritesCases() && d.Case.OrgID == a.OrgID
	for _, rf := range list {
		row := referralRow{Referral: rf}
		if own {
			action := "/cases/" + d.Case.ID + "/referrals/" + rf.ID + "/move"
			row.Steps = referralStepForms(p, action, rf.ID, rf.Version, rf.Status, referralCaseSteps(rf))
		}
		d.Rows = append(d.Rows, row)
	}
	d.CanRefer = own && d.Case.Status != casework.Closed
	if !d.CanRefer {
		return d, nil
	}
	today := caseToday()
	d.Today, d.MaxDue = today.Format(time.DateOnly), today.AddDate(0, 6, 0).Format(time.DateOnly)
	d.Types = referral.ServiceTypes
	q := r.URL.Query()
	if slices.Contains(referral.ServiceTypes, q.Get("type")) {
		d.Type = q.Get("type")
	}
	area := referralPersonArea(d.Case.Person)
	d.AllAreas = q.Get("area") == "all" || area == ""
	if area != "" {
		d.AreaName = p.Place(area)
	}
	sq := store.ServiceQuery{Type: d.Type}
	if !d.AllAreas {
		sq.Area = area
	}
	services, err := ui.DB.ListServices(ctx, a, sq)
	if err != nil {
		return d, err
	}
	consents, err := ui.DB.ListConsents(ctx, a, d.Case.PersonID)
	if err != nil {
		return d, err
	}
	shared := map[string]bool{a.OrgID: true}
	for _, c := range consents {
		if c.Purpose == registry.PurposeSharing && c.Active() {
			shared[c.SharedWithOrg] = true
		}
	}
	for _, s := range services {
		if org := s.OrgCode + " · " + p.ServiceOrg(s); len(d.Services) == 0 || d.Services[len(d.Services)-1].Label != org {
			d.Services = append(d.Services, referralServiceGroup{Label: org})
		}
		g := &d.Services[len(d.Services)-1]
		g.Options = append(g.Options, referralServiceOption{ID: s.ID, Label: s.Name(p.Lang), NeedsConsent: !shared[s.OrgID]})
	}
	return d, nil
}

// referralPersonArea is the most precise place recorded for the person,
// which services must cover.
func referralPersonArea(x registry.Person) string {
	return cmp.Or(x.Upazila, x.District, x.Division)
}

// referralCaseSteps are the steps the referring organisation takes on an
// open referral: cancelling it, and recording the answers of a receiving
// organisation that has nobody in Remaker.
func referralCaseSteps(rf referral.Referral) []string {
	if !rf.Open() {
		return nil
	}
	var out []string
	if !rf.ReceiverInRemaker {
		out = referralAnswerSteps(rf.Status)
	}
	return append(out, referral.Cancelled)
}

// referralAnswerSteps are the receiving organisation's steps from status.
func referralAnswerSteps(status string) []string {
	switch status {
	case referral.Requested:
		return []string{referral.Accepted, referral.Declined}
	case referral.Accepted:
		return []string{referral.Completed}
	}
	return nil
}

func (ui *UI) referralRenderTab(w http.ResponseWriter, r *http.Request, status int, p *Page, d referralTabData) {
	p.Title = p.T("cases.case_title", d.Case.Reference) + " · " + p.T("cases.tab_referrals")
	if _, typed := p.Form["ref_due"]; !typed && d.CanRefer {
		p.Form.Set("ref_due", caseToday().AddDate(0, 0, referral.DefaultResponseDays).Format(time.DateOnly))
	}
	p.Data = d
	ui.render(w, r, status, "referral_tab", p)
}

func (ui *UI) referralCreate(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	f := r.PostForm
	rf := referral.Referral{CaseID: r.PathValue("id"), ServiceID: f.Get("service_id"), Reason: f.Get("reason")}
	var err error
	if due, ok := caseParseDate(f.Get("due_on")); ok {
		rf.DueOn = due
		_, err = ui.DB.CreateReferral(r.Context(), ui.actor(r, pr), rf)
	} else {
		// Say what else is wrong in the same answer.
		var v app.Validation
		v.Add("due_on", caseBadDate)
		check := rf
		v.Merge(check.Prepare(caseToday()))
		err = v.Err()
	}
	if err == nil {
		ui.redirect(w, r, "/cases/"+rf.CaseID+"/referrals", "referrals.flash.referred")
		return
	}
	p := ui.newPage(w, r, "cases.tab_referrals")
	if !referralFormError(p, r, err, "form-refer", referralFields) {
		ui.fail(w, r, err)
		return
	}
	d, lerr := ui.referralTabPage(r, pr, p)
	if lerr != nil {
		ui.fail(w, r, lerr)
		return
	}
	// Past the role check, a refusal is the person's missing consent to
	// sharing: lead to where it is recorded.
	if app.ErrorCode(err) == app.EFORBIDDEN {
		d.ConsentLink = "/people/" + d.Case.PersonID + "#consents"
	}
	ui.referralRenderTab(w, r, httpx.Status(err), p, d)
}

// referralMoveOnCase takes a step of the referring organisation on a
// referral of the case in the path.
func (ui *UI) referralMoveOnCase(w http.ResponseWriter, r *http.Request) {
	pr := ui.caseWriter(w, r)
	if pr == nil {
		return
	}
	ctx, a := r.Context(), ui.actor(r, pr)
	caseID, rid := r.PathValue("id"), r.PathValue("rid")
	rf, err := ui.DB.ReferralByID(ctx, a, rid)
	if err == nil && rf.CaseID != caseID {
		err = app.NotFound("referral")
	}
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	step, version, err := referralStepOf(r)
	if err == nil {
		_, err = ui.DB.MoveReferral(ctx, a, rid, version, step)
	}
	if err == nil {
		ui.redirect(w, r, "/cases/"+caseID+"/referrals", "referrals.flash.step_"+step.To)
		return
	}
	p := ui.newPage(w, r, "cases.tab_referrals")
	if !referralStepError(p, r, err, rid, step.To) {
		ui.fail(w, r, err)
		return
	}
	d, lerr := ui.referralTabPage(r, pr, p)
	if lerr != nil {
		ui.fail(w, r, lerr)
		return
	}
	ui.referralRenderTab(w, r, httpx.Status(err), p, d)
}

// ---- the step forms, shared by the case tab and the inbox ----

// referralStepForm is one step offered on a referral, as a small form.
type referralStepForm struct {
	ID      string // the form's id: "rs-<referral>-<step>"
	Action  string
	To      string
	Version int
	Fields  []referralField // what the step asks for: none to accept
	Message string          // what is wrong with the form when no field is to blame
	Open    bool            // shown unfolded: it holds a message
}

// referralField is a control of a step form: a text box, or a list when
// it has Options.
type referralField struct {
	ID, Name, Label, Value, Error string
	Required                      bool
	Options                       []referralOption
}

type referralOption struct{ Value, Label string }

// referralStepForms builds the forms of steps on the referral rid at
// version, with whatever a refused submission left in p.
func referralStepForms(p *Page, action, rid string, version int, status string, steps []string) []referralStepForm {
	var out []referralStepForm
	for _, to := range steps {
		f := referralStepForm{ID: referralFormID(rid, to), Action: action, To: to, Version: version}
		field := func(name, label string, required bool) referralField {
			id := f.ID + "-" + name
			return referralField{ID: id, Name: name, Label: p.T(label), Value: p.Val(id), Error: p.Errors[id], Required: required}
		}
		switch to {
		case referral.Declined:
			f.Fields = []referralField{field("reason", "referrals.decline_reason", true)}
		case referral.Cancelled:
			f.Fields = []referralField{field("reason", "referrals.cancel_reason", status == referral.Accepted)}
		case referral.Completed:
			outcome := field("outcome", "referrals.outcome", true)
			outcome.Options = []referralOption{{"", p.T("referrals.choose_outcome")}}
			for _, o := range referral.Outcomes {
				outcome.Options = append(outcome.Options, referralOption{o, p.Label("referral_outcome", o)})
			}
			f.Fields = []referralField{outcome, field("feedback", "referrals.feedback", true)}
		}
		f.Message = p.Errors[f.ID]
		f.Open = f.Message != "" || slices.ContainsFunc(f.Fields, func(x referralField) bool { return x.Error != "" })
		out = append(out, f)
	}
	return out
}

func referralFormID(rid, to string) string { return "rs-" + rid + "-" + to }

// ReferralStepsOf gives the "referral_steps" partial its page and forms.
func (p *Page) ReferralStepsOf(forms []referralStepForm) referralStepsView {
	return referralStepsView{P: p, Forms: forms}
}

type referralStepsView struct {
	P     *Page
	Forms []referralStepForm
}

// referralStepOf reads a step form. A form without the version it was
// filled in on is refused rather than applied blindly.
func referralStepOf(r *http.Request) (referral.Step, int, error) {
	f := r.PostForm
	s := referral.Step{To: f.Get("to"), Reason: f.Get("reason"), Outcome: f.Get("outcome"), Feedback: f.Get("feedback")}
	v, err := strconv.Atoi(f.Get("version"))
	if err != nil || v < 1 {
		return s, 0, app.Errorf(app.ECONFLICT, "this page is out of date: reload it and make your change again")
	}
	return s, v, nil
}

// referralStepError puts a refused step's messages beside its form.
func referralStepError(p *Page, r *http.Request, err error, rid, to string) bool {
	id := referralFormID(rid, to)
	ids := map[string]string{}
	for _, name := range []string{"reason", "outcome", "feedback"} {
		ids[name] = id + "-" + name
	}
	return referralFormError(p, r, err, id, ids)
}

// referralFormError puts a refused form's messages on p: each field's
// beside its control (ids maps the store's field names to control IDs,
// and the typed values are kept), anything else beside the form itself
// (p.Errors[formID]). Handlers check the role first, so a refusal here is
// about this record (no consent to sharing, a step for the other side).
// It reports false when the error is not about the form, for ui.fail.
func referralFormError(p *Page, r *http.Request, err error, formID string, ids map[string]string) bool {
	switch app.ErrorCode(err) {
	case app.EINVALID, app.ECONFLICT, app.EFORBIDDEN:
	default:
		return false
	}
	p.Error = app.MessageIn(p.Lang, err)
	fields := app.FieldsIn(p.Lang, err)
	var loose []string
	for k, msg := range fields {
		if id, ok := ids[k]; ok {
			p.Errors[id] = msg
		} else {
			loose = append(loose, msg)
		}
	}
	for k, id := range ids {
		if vals, ok := r.PostForm[k]; ok {
			p.Form[id] = vals
		}
	}
	switch {
	case len(loose) > 0:
		slices.Sort(loose)
		p.Errors[formID] = strings.Join(loose, "; ")
	case len(fields) == 0:
		p.Errors[formID] = p.Error
	}
	return true
}
