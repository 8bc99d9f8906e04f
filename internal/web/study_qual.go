package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/study"
)

// Qualitative work of a study: the list of sessions with the form to add
// one (participants counted in a grid of the study's target groups by
// sex), a session's page with its transcript and coded passages, the
// codebook and the theme counts.

type qualListData struct {
	Head     studyHead
	Sessions []study.Session
	Grid     []studyGridRow
	Upazilas []refdata.Unit
	Kinds    []string
}

// qualUpazilas are the upazilas of the study's area, to choose from.
func qualUpazilas(s study.Study) []refdata.Unit {
	var out []refdata.Unit
	for _, code := range s.Area {
		u, ok := refdata.Admin(code)
		switch {
		case !ok:
		case u.Level == refdata.Upazila:
			out = append(out, u)
		default:
			out = append(out, refdata.Children(code)...)
		}
	}
	return out
}

func (ui *UI) qualListShow(p *Page, r *http.Request, a app.Actor) (qualListData, error) {
	h, err := ui.studyLoad(r, a, "sessions")
	if err != nil {
		return qualListData{}, err
	}
	list, err := ui.DB.ListQualSessions(r.Context(), a, h.Study.ID)
	if err != nil {
		return qualListData{}, err
	}
	p.Title = p.T("qual.sessions") + " · " + h.Study.Title(p.Lang)
	return qualListData{Head: h, Sessions: list, Grid: studyGrid(p, "qp", h.Study.TargetGroups, nil),
		Upazilas: qualUpazilas(h.Study), Kinds: study.Kinds}, nil
}

func (ui *UI) qualSessionList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "qual.sessions")
	d, err := ui.qualListShow(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Form.Set("kind", study.KindFGD)
	p.Form.Set("held_on", activityToday().Format("2006-01-02"))
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_sessions", p)
}

func (ui *UI) qualSessionCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "qual.flash.session_added", map[string]string{"participants": "qp"}, func(a app.Actor) (string, error) {
		s, err := ui.DB.StudyByID(r.Context(), a, id)
		if err != nil {
			return "", err
		}
		var v app.Validation
		f := r.PostForm
		ses := study.Session{StudyID: id, Kind: f.Get("kind"), Upazila: f.Get("upazila"), Place: f.Get("place"), Facilitator: f.Get("facilitator"),
			InformantRole: f.Get("informant_role"), Transcript: f.Get("transcript"), Participants: studyCounts(r, "qp", s.TargetGroups, &v)}
		if d, ok := activityDate(f.Get("held_on")); ok {
			ses.HeldOn = d
		} else {
			v.Add("held_on", activityBadDate)
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		created, err := ui.DB.CreateQualSession(r.Context(), a, ses)
		return "/studies/" + id + "/sessions/" + created.ID, err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.qualListShow(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_sessions", p)
	})
}

type qualSessionData struct {
	Head    studyHead
	Session study.Session
	Codes   []study.Code
	Grid    []studyGridRow
}

func (ui *UI) qualSessionLoad(p *Page, r *http.Request, a app.Actor) (qualSessionData, error) {
	h, err := ui.studyLoad(r, a, "sessions")
	if err != nil {
		return qualSessionData{}, err
	}
	s, err := ui.DB.QualSessionByID(r.Context(), a, r.PathValue("sid"))
	if err == nil && s.StudyID != h.Study.ID {
		err = app.NotFound("session")
	}
	if err != nil {
		return qualSessionData{}, err
	}
	codes, err := ui.DB.QualCodes(r.Context(), a, h.Study.ID)
	if err != nil {
		return qualSessionData{}, err
	}
	p.Title = p.T("qual.kind."+s.Kind) + " · " + p.Place(s.Upazila) + " · " + p.Date(s.HeldOn)
	return qualSessionData{Head: h, Session: s, Codes: codes, Grid: studyGrid(p, "qp", s.Groups(), s.Participants)}, nil
}

func (ui *UI) qualSessionShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "qual.sessions")
	d, err := ui.qualSessionLoad(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_session", p)
}

func (ui *UI) qualPassageAdd(w http.ResponseWriter, r *http.Request) {
	to := "/studies/" + r.PathValue("id") + "/sessions/" + r.PathValue("sid") + "#passages"
	ui.studyWrite(w, r, "qual.flash.passage_added", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		f := r.PostForm
		p := study.Passage{Excerpt: f.Get("excerpt"), CodeIDs: f["code_ids"]}
		var v app.Validation
		for name, dst := range map[string]**int{"start": &p.Start, "end": &p.End} {
			s := strings.TrimSpace(f.Get(name))
			if s == "" {
				continue
			}
			n, ok := activityCount(s)
			if !ok {
				v.Add(name, "give a position in the transcript: a whole number from 0")
			}
			*dst = &n
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err = ui.DB.AddQualPassage(r.Context(), a, r.PathValue("sid"), version, p)
		return to, err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.qualSessionLoad(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_session", p)
	})
}

// QualCodesOf lists the labels of a passage's codes from the codebook.
func (p *Page) QualCodesOf(codes []study.Code, ids []string) []string {
	var out []string
	for _, c := range codes {
		for _, id := range ids {
			if c.ID == id {
				out = append(out, c.Label(p.Lang))
			}
		}
	}
	return out
}

// QualCodeLabel is a code's label in the page's language.
func (p *Page) QualCodeLabel(c study.Code) string { return c.Label(p.Lang) }

type qualCodebookData struct {
	Head  studyHead
	Codes []study.Code
}

func (ui *UI) qualCodebookLoad(p *Page, r *http.Request, a app.Actor) (qualCodebookData, error) {
	h, err := ui.studyLoad(r, a, "codebook")
	if err != nil {
		return qualCodebookData{}, err
	}
	codes, err := ui.DB.QualCodes(r.Context(), a, h.Study.ID)
	p.Title = p.T("qual.codebook") + " · " + h.Study.Title(p.Lang)
	return qualCodebookData{Head: h, Codes: codes}, err
}

func (ui *UI) qualCodebook(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "qual.codebook")
	d, err := ui.qualCodebookLoad(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_codebook", p)
}

func (ui *UI) qualCodeAdd(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "qual.flash.code_added", nil, func(a app.Actor) (string, error) {
		f := r.PostForm
		_, err := ui.DB.SaveQualCode(r.Context(), a, study.Code{StudyID: id, Code: f.Get("code"), LabelEN: f.Get("label_en"),
			LabelBN: f.Get("label_bn"), Description: f.Get("description")})
		return "/studies/" + id + "/codebook", err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.qualCodebookLoad(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_codebook", p)
	})
}

type qualThemesData struct {
	Head  studyHead
	Table study.ThemeTable
	Kinds []string
}

func (ui *UI) qualThemes(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "qual.themes")
	h, err := ui.studyLoad(r, pr.Actor, "themes")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	t, err := ui.DB.QualThemes(r.Context(), pr.Actor, h.Study.ID)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Title = p.T("qual.themes") + " · " + h.Study.Title(p.Lang)
	p.Data = qualThemesData{Head: h, Table: t, Kinds: study.Kinds}
	ui.render(w, r, http.StatusOK, "study_themes", p)
}

// QualCount writes a count of a map, a dash for none.
func (p *Page) QualCount(m map[string]int, key string) string {
	if m[key] == 0 {
		return "–"
	}
	return p.Num(m[key])
}

// QualOffset writes a passage's offset.
func (p *Page) QualOffset(n *int) string {
	if n == nil {
		return ""
	}
	return p.Digits(strconv.Itoa(*n))
}
