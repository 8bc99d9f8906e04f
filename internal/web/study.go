package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/refdata"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
)

// Scoping studies: the list, a page per study (stages, team, area and
// target groups), its qualitative sessions and codebook with the theme
// counts (study_qual.go), and its consultations (study_consult.go).
// Everyone signed in reads; the store decides who writes.

func (ui *UI) registerStudy(mux *http.ServeMux) {
	mux.HandleFunc("GET /studies", ui.studyList)
	mux.HandleFunc("POST /studies", ui.studyCreate)
	mux.HandleFunc("GET /studies/{id}", ui.studyShow)
	mux.HandleFunc("POST /studies/{id}/stages", ui.studyStages)
	mux.HandleFunc("GET /studies/{id}/sessions", ui.qualSessionList)
	mux.HandleFunc("POST /studies/{id}/sessions", ui.qualSessionCreate)
	mux.HandleFunc("GET /studies/{id}/sessions/{sid}", ui.qualSessionShow)
	mux.HandleFunc("POST /studies/{id}/sessions/{sid}/passages", ui.qualPassageAdd)
	mux.HandleFunc("GET /studies/{id}/codebook", ui.qualCodebook)
	mux.HandleFunc("POST /studies/{id}/codebook", ui.qualCodeAdd)
	mux.HandleFunc("GET /studies/{id}/themes", ui.qualThemes)
	mux.HandleFunc("GET /studies/{id}/consultations", ui.consultList)
	mux.HandleFunc("POST /studies/{id}/consultations", ui.consultCreate)
	mux.HandleFunc("GET /studies/{id}/consultations/{cid}", ui.consultShow)
	mux.HandleFunc("POST /studies/{id}/consultations/{cid}/details", ui.consultDetails)
	mux.HandleFunc("POST /studies/{id}/consultations/{cid}/recommendations", ui.consultRecAdd)
	mux.HandleFunc("POST /studies/{id}/consultations/{cid}/actions", ui.consultActionAdd)
	mux.HandleFunc("POST /studies/{id}/recommendations/{rid}", ui.consultRecStatus)
	mux.HandleFunc("POST /studies/{id}/actions/{aid}", ui.consultActionStatus)
	mux.HandleFunc("GET /studies/{id}/recommendations", ui.consultOpenRecs)
}

// studyHead is what every page of a study shows at its top: the study,
// the tab open and what the reader may do.
type studyHead struct {
	Study  study.Study
	Tab    string
	Rights store.StudyRights
}

// studyLoad reads the study in the path and the actor's rights on it.
func (ui *UI) studyLoad(r *http.Request, a app.Actor, tab string) (studyHead, error) {
	s, err := ui.DB.StudyByID(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return studyHead{}, err
	}
	rights, err := ui.DB.StudyRightsOf(r.Context(), a, s.ID)
	return studyHead{Study: s, Tab: tab, Rights: rights}, err
}

// StudyGroup names a target or participant group.
func (p *Page) StudyGroup(code string) string {
	if g, ok := study.GroupByCode(code); ok {
		return g.Name(p.Lang)
	}
	return code
}

// StudyTitle is a study's title in the page's language.
func (p *Page) StudyTitle(s study.Study) string { return s.Title(p.Lang) }

type studyListData struct {
	Studies   []study.Study
	CanCreate bool
	Districts []refdata.Unit // the CHT districts, offered first
	Groups    []study.Group
}

func (ui *UI) studyListShow(p *Page, r *http.Request, a app.Actor) (studyListData, error) {
	list, err := ui.DB.ListStudies(r.Context(), a)
	d := studyListData{Studies: list, CanCreate: a.AllOrgs(), Groups: study.Groups()}
	for _, u := range refdata.Units(refdata.District) {
		if u.IsCHT {
			d.Districts = append(d.Districts, u)
		}
	}
	return d, err
}

func (ui *UI) studyList(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "study.heading")
	d, err := ui.studyListShow(p, r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "study_list", p)
}

// studyCreate starts a study: the CHT districts ticked and any other
// P-codes typed, the target groups ticked.
func (ui *UI) studyCreate(w http.ResponseWriter, r *http.Request) {
	ui.studyWrite(w, r, "study.flash.created", nil, func(a app.Actor) (string, error) {
		f := r.PostForm
		s := study.Study{TitleEN: f.Get("title_en"), TitleBN: f.Get("title_bn"), Objectives: f.Get("objectives"),
			Area: append(f["area"], strings.Fields(strings.ReplaceAll(f.Get("area_other"), ",", " "))...), TargetGroups: f["target_groups"]}
		created, err := ui.DB.CreateStudy(r.Context(), a, s)
		return "/studies/" + created.ID, err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.studyListShow(p, r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Data = d
		ui.render(w, r, status, "study_list", p)
	})
}

// studyStages saves the stages' dates and the current stage: the study as
// read with those changed.
func (ui *UI) studyStages(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "study.flash.stages", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		var v app.Validation
		var stages []study.Stage
		for _, name := range study.Stages {
			st := study.Stage{Stage: name}
			for field, dst := range map[string]**time.Time{"planned_start": &st.PlannedStart, "planned_end": &st.PlannedEnd,
				"actual_start": &st.ActualStart, "actual_end": &st.ActualEnd} {
				input := "stages." + name + "." + field
				d, ok := activityDate(r.PostForm.Get(input))
				switch {
				case !ok:
					v.Add(input, activityBadDate)
				case !d.IsZero():
					*dst = &d
				}
			}
			stages = append(stages, st)
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err = ui.DB.SetStudyStages(r.Context(), a, id, version, r.PostForm.Get("current_stage"), stages)
		return "/studies/" + id + "#stages", err
	}, func(p *Page, a app.Actor, status int) {
		h, err := ui.studyLoad(r, a, "overview")
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		p.Title = h.Study.Title(p.Lang)
		p.Data = studyPageData{Head: h, Team: h.Study.Team}
		ui.render(w, r, status, "study_page", p)
	})
}

// StudyDateVal is the value of a stage's date input: as posted, or as stored.
func (p *Page) StudyDateVal(name string, d *time.Time) string {
	if v, ok := p.Form[name]; ok {
		return strings.Join(v, "")
	}
	if d == nil {
		return ""
	}
	return d.Format("2006-01-02")
}

// StudyHas reports whether list holds code, for ticking checkboxes again.
func (p *Page) StudyHas(name, code string) bool { return slices.Contains(p.Form[name], code) }

type studyPageData struct {
	Head studyHead
	Team []study.Member
}

// DateFields are the date inputs of each stage in the stages form.
func (studyPageData) DateFields() []string {
	return []string{"planned_start", "planned_end", "actual_start", "actual_end"}
}

func (ui *UI) studyShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "study.heading")
	h, err := ui.studyLoad(r, pr.Actor, "overview")
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	p.Title = h.Study.Title(p.Lang)
	p.Data = studyPageData{Head: h, Team: h.Study.Team}
	ui.render(w, r, http.StatusOK, "study_page", p)
}

// studyWrite runs a change posted from a study's page: on success do
// names the page to go to, shown with a flash; on bad input or a stale
// version the page is shown again by show with the messages (fields maps
// store names to inputs).
func (ui *UI) studyWrite(w http.ResponseWriter, r *http.Request, flash string, fields map[string]string,
	do func(a app.Actor) (string, error), show func(p *Page, a app.Actor, status int)) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	r.ParseForm()
	a := ui.actor(r, pr)
	to, err := do(a)
	if err == nil {
		ui.redirect(w, r, to, flash)
		return
	}
	if app.ErrorCode(err) == app.EFORBIDDEN {
		ui.Forbidden(w, r)
		return
	}
	p := ui.newPage(w, r, "study.heading")
	ui.activityFormFailed(w, r, p, err, fields, func(status int) { show(p, a, status) })
}

// studyCounts reads a grid of number inputs named prefix_<category>_<sex>.
func studyCounts(r *http.Request, prefix string, categories []string, v *app.Validation) []study.Count {
	var out []study.Count
	for _, c := range categories {
		for _, sex := range study.Sexes {
			name := prefix + "_" + c + "_" + sex
			n, ok := activityCount(r.PostForm.Get(name))
			if !ok {
				v.Add(name, "a count is a whole number from 0 to 10000")
			}
			out = append(out, study.Count{Category: c, Sex: sex, People: n})
		}
	}
	return out
}

// studyGridRow is a row of a grid of counts by sex.
type studyGridRow struct {
	Category, Label string
	Cells           []studyGridCell
	Total           int
}

type studyGridCell struct {
	Name, Sex, Value string
	People           int
}

// studyGrid lays counts out by category and sex for a form (prefix names
// the inputs) or a table; posted values win over stored ones.
func studyGrid(p *Page, prefix string, categories []string, counts []study.Count) []studyGridRow {
	var rows []studyGridRow
	for _, c := range categories {
		label := p.StudyGroup(c)
		if prefix == "cp" {
			label = p.Label("study.stakeholder", c)
		}
		row := studyGridRow{Category: c, Label: label}
		for _, sex := range study.Sexes {
			name := prefix + "_" + c + "_" + sex
			n := study.CountOf(counts, c, sex)
			val := ""
			if n > 0 {
				val = strconv.Itoa(n)
			}
			if posted, ok := p.Form[name]; ok {
				val = strings.Join(posted, "")
			}
			row.Cells = append(row.Cells, studyGridCell{Name: name, Sex: sex, Value: val, People: n})
			row.Total += n
		}
		rows = append(rows, row)
	}
	return rows
}

// studyTabs are the pages of a study, in the order of its tabs.
var studyTabs = []string{"overview", "sessions", "codebook", "themes", "consultations", "recommendations", "analysis", "strategy"}

// Tabs lists the tabs of a study's pages.
func (h studyHead) Tabs() []string { return studyTabs }
