package web

import (
	"net/http"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study"
)

// Stakeholder consultations of a study: the list with the form to record
// one, a consultation's page (participants grid by stakeholder type and
// sex, issues, recommendations with their status, follow-up actions with
// overdue ones flagged), and the study's recommendations not yet
// addressed.

type consultListData struct {
	Head          studyHead
	Consultations []study.Consultation
	Stages        []string
}

func (ui *UI) consultListLoad(p *Page, r *http.Request, a app.Actor) (consultListData, error) {
	h, err := ui.studyLoad(r, a, "consultations")
	if err != nil {
		return consultListData{}, err
	}
	list, err := ui.DB.ListConsultations(r.Context(), a, h.Study.ID)
	p.Title = p.T("consult.heading") + " · " + h.Study.Title(p.Lang)
	return consultListData{Head: h, Consultations: list, Stages: study.Stages}, err
}

func (ui *UI) consultList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "consult.heading")
	d, err := ui.consultListLoad(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Form.Set("stage", d.Head.Study.CurrentStage)
	p.Form.Set("held_on", activityToday().Format("2006-01-02"))
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_consults", p)
}

func (ui *UI) consultCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "consult.flash.added", nil, func(a app.Actor) (string, error) {
		f := r.PostForm
		c := study.Consultation{StudyID: id, Title: f.Get("title"), Stage: f.Get("stage"), Place: f.Get("place"), Notes: f.Get("notes")}
		if d, ok := activityDate(f.Get("held_on")); ok {
			c.HeldOn = d
		} else {
			return "", app.FieldError("held_on", activityBadDate)
		}
		created, err := ui.DB.CreateConsultation(r.Context(), a, c)
		return "/studies/" + id + "/consultations/" + created.ID, err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.consultListLoad(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_consults", p)
	})
}

type consultPageData struct {
	Head         studyHead
	C            study.Consultation
	Grid         []studyGridRow
	Total        int
	Overdue      int
	Stakeholders []string
	RecStatuses  []string
	ActStatuses  []string
}

func (ui *UI) consultLoad(p *Page, r *http.Request, a app.Actor) (consultPageData, error) {
	h, err := ui.studyLoad(r, a, "consultations")
	if err != nil {
		return consultPageData{}, err
	}
	c, err := ui.DB.ConsultationByID(r.Context(), a, r.PathValue("cid"))
	if err == nil && c.StudyID != h.Study.ID {
		err = app.NotFound("consultation")
	}
	if err != nil {
		return consultPageData{}, err
	}
	if _, posted := p.Form["issues"]; !posted {
		p.Form.Set("issues", strings.Join(c.Issues, "\n"))
	}
	d := consultPageData{Head: h, C: c, Grid: studyGrid(p, "cp", study.Stakeholders, c.Participants), Total: study.Total(c.Participants),
		Stakeholders: study.Stakeholders, RecStatuses: study.RecStatuses, ActStatuses: study.ActionStatuses}
	for _, x := range c.Actions {
		if x.Overdue {
			d.Overdue++
		}
	}
	p.Title = c.Title
	return d, nil
}

func (ui *UI) consultShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "consult.heading")
	d, err := ui.consultLoad(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_consult", p)
}

// consultWrite runs a change posted from a consultation's page.
func (ui *UI) consultWrite(w http.ResponseWriter, r *http.Request, anchor, flash string, fields map[string]string, do func(a app.Actor) error) {
	to := "/studies/" + r.PathValue("id") + "/consultations/" + r.PathValue("cid") + "#" + anchor
	ui.studyWrite(w, r, flash, fields, func(a app.Actor) (string, error) { return to, do(a) }, func(p *Page, a app.Actor, status int) {
		d, err := ui.consultLoad(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_consult", p)
	})
}

// consultDetails saves the participants grid and the issues (one a line).
func (ui *UI) consultDetails(w http.ResponseWriter, r *http.Request) {
	ui.consultWrite(w, r, "participants", "consult.flash.saved", nil, func(a app.Actor) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		c, err := ui.DB.ConsultationByID(r.Context(), a, r.PathValue("cid"))
		if err != nil {
			return err
		}
		var v app.Validation
		c.Participants = studyCounts(r, "cp", study.Stakeholders, &v)
		c.Issues = strings.Split(strings.ReplaceAll(r.PostForm.Get("issues"), "\r\n", "\n"), "\n")
		if err := v.Err(); err != nil {
			return err
		}
		c.Version = version
		_, err = ui.DB.UpdateConsultation(r.Context(), a, c)
		return err
	})
}

func (ui *UI) consultRecAdd(w http.ResponseWriter, r *http.Request) {
	ui.consultWrite(w, r, "recommendations", "consult.flash.rec_added", nil, func(a app.Actor) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		f := r.PostForm
		_, err = ui.DB.AddConsultRecommendation(r.Context(), a, r.PathValue("cid"), version, study.Recommendation{TextEN: f.Get("text_en"),
			TextBN: f.Get("text_bn"), RaisedBy: f.Get("raised_by")})
		return err
	})
}

var consultActionFields = map[string]string{"action": "act_action", "owner": "act_owner", "due_on": "act_due_on"}

func (ui *UI) consultActionAdd(w http.ResponseWriter, r *http.Request) {
	ui.consultWrite(w, r, "actions", "consult.flash.action_added", consultActionFields, func(a app.Actor) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		f := r.PostForm
		x := study.Action{Action: f.Get("act_action"), Owner: f.Get("act_owner")}
		d, ok := activityDate(f.Get("act_due_on"))
		if !ok {
			return app.FieldError("act_due_on", activityBadDate)
		}
		x.DueOn = d
		_, err = ui.DB.AddConsultAction(r.Context(), a, r.PathValue("cid"), version, x)
		return err
	})
}

// consultBack is where a change from a list returns: the page posted from
// (a consultation or the open recommendations), checked to stay in the study.
func consultBack(r *http.Request, anchor string) string {
	back := r.PostForm.Get("back")
	if !strings.HasPrefix(back, "/studies/"+r.PathValue("id")+"/") || strings.ContainsAny(back, "#?\\") {
		back = "/studies/" + r.PathValue("id") + "/recommendations"
	}
	return back + "#" + anchor
}

// consultRecStatus sets a recommendation's status (not taken up needs a reason).
func (ui *UI) consultRecStatus(w http.ResponseWriter, r *http.Request) {
	ui.studyWrite(w, r, "consult.flash.rec_saved", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		rec, err := ui.DB.ConsultRecommendationByID(r.Context(), a, r.PathValue("rid"))
		if err == nil && rec.StudyID != r.PathValue("id") {
			err = app.NotFound("recommendation")
		}
		if err != nil {
			return "", err
		}
		rec.Version, rec.Status, rec.StatusReason = version, r.PostForm.Get("status"), r.PostForm.Get("status_reason")
		_, err = ui.DB.UpdateConsultRecommendation(r.Context(), a, rec)
		return consultBack(r, "rec-"+rec.ID), err
	}, ui.consultOpenRecsShow(w, r))
}

// consultActionStatus moves an action to the status chosen.
func (ui *UI) consultActionStatus(w http.ResponseWriter, r *http.Request) {
	ui.studyWrite(w, r, "consult.flash.action_saved", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		c, err := ui.DB.ConsultationByID(r.Context(), a, r.PostForm.Get("consultation"))
		if err == nil && c.StudyID != r.PathValue("id") {
			err = app.NotFound("consultation")
		}
		if err != nil {
			return "", err
		}
		for _, x := range c.Actions {
			if x.ID == r.PathValue("aid") {
				x.Version, x.Status = version, r.PostForm.Get("status")
				_, err = ui.DB.UpdateConsultAction(r.Context(), a, x)
				return "/studies/" + c.StudyID + "/consultations/" + c.ID + "#actions", err
			}
		}
		return "", app.NotFound("action")
	}, ui.consultOpenRecsShow(w, r))
}

type consultOpenData struct {
	Head        studyHead
	Recs        []study.Recommendation
	RecStatuses []string
}

func (ui *UI) consultOpenLoad(p *Page, r *http.Request, a app.Actor) (consultOpenData, error) {
	h, err := ui.studyLoad(r, a, "recommendations")
	if err != nil {
		return consultOpenData{}, err
	}
	recs, err := ui.DB.ConsultRecommendations(r.Context(), a, h.Study.ID, true)
	p.Title = p.T("consult.open_recs") + " · " + h.Study.Title(p.Lang)
	return consultOpenData{Head: h, Recs: recs, RecStatuses: study.RecStatuses}, err
}

// consultOpenRecsShow shows the open recommendations again after a
// refused change of status (the message says what to correct).
func (ui *UI) consultOpenRecsShow(w http.ResponseWriter, r *http.Request) func(p *Page, a app.Actor, status int) {
	return func(p *Page, a app.Actor, status int) {
		d, err := ui.consultOpenLoad(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Error = activityMessages(p.Error, p.Errors)
		p.Data = d
		ui.render(w, r, status, "study_recs", p)
	}
}

func (ui *UI) consultOpenRecs(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "consult.open_recs")
	d, err := ui.consultOpenLoad(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_recs", p)
}
