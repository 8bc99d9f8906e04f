package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// The strategy document of a study (issue 7): the document page with its
// sections in order, their evidence blocks read live, the recommendations
// each addresses and those not yet addressed, validation comments; a
// section's edit page (English and Bangla side by side) and its history
// with a comparison of versions; the print view and its PDF
// (strategy_print.go). Everyone signed in reads; the store decides who
// writes and who comments.

func (ui *UI) registerStrategy(mux *http.ServeMux) {
	mux.HandleFunc("GET /studies/{id}/strategy", ui.strategyShow)
	mux.HandleFunc("POST /studies/{id}/strategy", ui.strategyCreate)
	mux.HandleFunc("POST /studies/{id}/strategy/title", ui.strategyTitle)
	mux.HandleFunc("POST /studies/{id}/strategy/sections", ui.strategySectionAdd)
	mux.HandleFunc("GET /studies/{id}/strategy/sections/{sid}", ui.strategySectionEdit)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}", ui.strategySectionSave)
	mux.HandleFunc("GET /studies/{id}/strategy/sections/{sid}/history", ui.strategySectionHistory)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/move", ui.strategySectionMove)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/delete", ui.strategySectionDelete)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/blocks", ui.strategyBlockAdd)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/recommendations", ui.strategyRecLink)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/recommendations/{rid}/unlink", ui.strategyRecUnlink)
	mux.HandleFunc("POST /studies/{id}/strategy/sections/{sid}/comments", ui.strategyCommentAdd)
	mux.HandleFunc("POST /studies/{id}/strategy/blocks/{bid}/move", ui.strategyBlockMove)
	mux.HandleFunc("POST /studies/{id}/strategy/blocks/{bid}/delete", ui.strategyBlockDelete)
	mux.HandleFunc("POST /studies/{id}/strategy/comments/{cid}/resolve", ui.strategyCommentResolve)
	mux.HandleFunc("GET /studies/{id}/strategy/print", ui.strategyPrint)
	mux.HandleFunc("GET /studies/{id}/strategy/pdf", ui.strategyPDF)
}

func strategyPath(studyID string) string { return "/studies/" + studyID + "/strategy" }

// strategyShowPage renders the document page; status and formSection
// tell a form posted with errors.
func (ui *UI) strategyShowPage(w http.ResponseWriter, r *http.Request, p *Page, a app.Actor, status int, formSection string) {
	d, err := ui.strategyLoad(r, a, p.Lang)
	if err != nil {
		ui.fail(w, r, err)
		return
	}
	d.FormSection = formSection
	if strings.HasSuffix(r.URL.Path, "/blocks") {
		for _, k := range slices.Sorted(maps.Keys(p.Errors)) {
			d.BlockErrors = append(d.BlockErrors, p.Errors[k])
		}
	}
	p.Title = p.T("strategy.heading") + " · " + d.Head.Study.Title(p.Lang)
	if d.HasDoc && !p.Form.Has("title_en") {
		p.Form.Set("title_en", d.Doc.TitleEN)
		p.Form.Set("title_bn", d.Doc.TitleBN)
	}
	p.Data = d
	ui.render(w, r, status, "strategy_doc", p)
}

func (ui *UI) strategyShow(w http.ResponseWriter, r *http.Request) {
	pr := ui.principal(w, r)
	if pr == nil {
		return
	}
	p := ui.newPage(w, r, "strategy.heading")
	ui.strategyShowPage(w, r, p, pr.Actor, http.StatusOK, "")
}

// strategyWrite runs a change posted from the document page and goes back
// to the anchor; on bad input the page is shown again with the messages.
func (ui *UI) strategyWrite(w http.ResponseWriter, r *http.Request, flash, anchor string, do func(a app.Actor) error) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, flash, nil, func(a app.Actor) (string, error) {
		to := strategyPath(id)
		if anchor != "" {
			to += "#" + anchor
		}
		return to, do(a)
	}, func(p *Page, a app.Actor, status int) {
		ui.strategyShowPage(w, r, p, a, status, r.PathValue("sid"))
	})
}

// strategySectionOf checks the section in the path belongs to the study in it.
func (ui *UI) strategySectionOf(r *http.Request, a app.Actor) (string, error) {
	sid := r.PathValue("sid")
	studyID, err := ui.DB.StrategySectionStudy(r.Context(), a, sid)
	if err == nil && studyID != r.PathValue("id") {
		err = app.NotFound("section")
	}
	return sid, err
}

func (ui *UI) strategyCreate(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.created", "", func(a app.Actor) error {
		_, err := ui.DB.CreateStrategyDocument(r.Context(), a, strategy.Document{StudyID: r.PathValue("id"),
			TitleEN: r.PostForm.Get("title_en"), TitleBN: r.PostForm.Get("title_bn")})
		return err
	})
}

func (ui *UI) strategyTitle(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.title", "", func(a app.Actor) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		_, err = ui.DB.UpdateStrategyDocument(r.Context(), a, strategy.Document{StudyID: r.PathValue("id"),
			TitleEN: r.PostForm.Get("title_en"), TitleBN: r.PostForm.Get("title_bn"), Version: version})
		return err
	})
}

func strategyText(r *http.Request) strategy.Text {
	f := r.PostForm
	return strategy.Text{HeadingEN: f.Get("heading_en"), HeadingBN: f.Get("heading_bn"), BodyEN: f.Get("body_en"), BodyBN: f.Get("body_bn")}
}

func (ui *UI) strategySectionAdd(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "strategy.flash.section_added", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		s, err := ui.DB.AddStrategySection(r.Context(), a, id, version, strategyText(r))
		return strategyPath(id) + "#section-" + s.ID, err
	}, func(p *Page, a app.Actor, status int) {
		ui.strategyShowPage(w, r, p, a, status, "new")
	})
}

func strategyDelta(r *http.Request) int {
	if r.PostForm.Get("direction") == "up" {
		return -1
	}
	return 1
}

// strategySectionChange runs a change of the document on the section in
// the path, with the document's version posted.
func (ui *UI) strategySectionChange(w http.ResponseWriter, r *http.Request, flash, anchor string, do func(a app.Actor, sid string, version int) error) {
	ui.strategyWrite(w, r, flash, anchor, func(a app.Actor) error {
		version, err := activityVersion(r)
		if err != nil {
			return err
		}
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return err
		}
		return do(a, sid, version)
	})
}

func (ui *UI) strategySectionMove(w http.ResponseWriter, r *http.Request) {
	ui.strategySectionChange(w, r, "", "section-"+r.PathValue("sid"), func(a app.Actor, sid string, version int) error {
		return ui.DB.MoveStrategySection(r.Context(), a, sid, version, strategyDelta(r))
	})
}

func (ui *UI) strategySectionDelete(w http.ResponseWriter, r *http.Request) {
	ui.strategySectionChange(w, r, "strategy.flash.section_deleted", "", func(a app.Actor, sid string, version int) error {
		return ui.DB.DeleteStrategySection(r.Context(), a, sid, version)
	})
}

func (ui *UI) strategyBlockAdd(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.block_added", "section-"+r.PathValue("sid"), func(a app.Actor) error {
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return err
		}
		f := r.PostForm
		b := strategy.Block{Kind: f.Get("block_kind"), CaptionEN: f.Get("caption_en"), CaptionBN: f.Get("caption_bn")}
		switch b.Kind {
		case strategy.BlockQuote:
			b.SourceID = f.Get("passage_id")
		case strategy.BlockRecommendation:
			b.SourceID = f.Get("rec_id")
		case strategy.BlockTable, strategy.BlockChart:
			b.Spec = strategySpec(f)
		}
		_, err = ui.DB.AddStrategyBlock(r.Context(), a, sid, b)
		return err
	})
}

// strategyBlockOf checks the block in the path belongs to the study in it.
func (ui *UI) strategyBlockOf(r *http.Request, a app.Actor) (string, string, error) {
	d, err := ui.DB.StrategyDocumentOf(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return "", "", err
	}
	bid := r.PathValue("bid")
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.ID == bid {
				return bid, s.ID, nil
			}
		}
	}
	return "", "", app.NotFound("evidence block")
}

func (ui *UI) strategyBlockMove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "", nil, func(a app.Actor) (string, error) {
		bid, sid, err := ui.strategyBlockOf(r, a)
		if err != nil {
			return "", err
		}
		_, err = ui.DB.MoveStrategyBlock(r.Context(), a, bid, strategyDelta(r))
		return strategyPath(id) + "#section-" + sid, err
	}, func(p *Page, a app.Actor, status int) { ui.strategyShowPage(w, r, p, a, status, "") })
}

func (ui *UI) strategyBlockDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "strategy.flash.block_removed", nil, func(a app.Actor) (string, error) {
		bid, sid, err := ui.strategyBlockOf(r, a)
		if err != nil {
			return "", err
		}
		_, err = ui.DB.RemoveStrategyBlock(r.Context(), a, bid)
		return strategyPath(id) + "#section-" + sid, err
	}, func(p *Page, a app.Actor, status int) { ui.strategyShowPage(w, r, p, a, status, "") })
}

func (ui *UI) strategyRecLink(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.linked", "section-"+r.PathValue("sid"), func(a app.Actor) error {
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return err
		}
		return ui.DB.LinkStrategyRecommendation(r.Context(), a, sid, r.PostForm.Get("recommendation_id"))
	})
}

func (ui *UI) strategyRecUnlink(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.unlinked", "section-"+r.PathValue("sid"), func(a app.Actor) error {
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return err
		}
		return ui.DB.UnlinkStrategyRecommendation(r.Context(), a, sid, r.PathValue("rid"))
	})
}

func (ui *UI) strategyCommentAdd(w http.ResponseWriter, r *http.Request) {
	ui.strategyWrite(w, r, "strategy.flash.commented", "comments-"+r.PathValue("sid"), func(a app.Actor) error {
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return err
		}
		_, err = ui.DB.AddStrategyComment(r.Context(), a, sid, r.PostForm.Get("body"))
		return err
	})
}

func (ui *UI) strategyCommentResolve(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "strategy.flash.resolved", nil, func(a app.Actor) (string, error) {
		d, err := ui.DB.StrategyDocumentOf(r.Context(), a, id)
		if err != nil {
			return "", err
		}
		cid := r.PathValue("cid")
		for _, s := range d.Sections {
			for _, c := range s.Comments {
				if c.ID == cid {
					_, err := ui.DB.ResolveStrategyComment(r.Context(), a, cid, r.PostForm.Get("resolution"))
					return strategyPath(id) + "#comments-" + s.ID, err
				}
			}
		}
		return "", app.NotFound("comment")
	}, func(p *Page, a app.Actor, status int) { ui.strategyShowPage(w, r, p, a, status, r.PathValue("cid")) })
}

// ---- a section's edit page and history ----

type strategyEditData struct {
	Head    studyHead
	Section strategy.Section
	// Version is what the form sends back: the version read, or after a
	// conflict the latest, once its text has been shown beside the user's.
	Version int
	// Theirs is the latest text after a conflict.
	Theirs *strategy.Section
}

func (ui *UI) strategyEditLoad(r *http.Request, a app.Actor) (strategyEditData, error) {
	h, err := ui.studyLoad(r, a, "strategy")
	if err != nil {
		return strategyEditData{}, err
	}
	s, err := ui.DB.StrategySectionByID(r.Context(), a, h.Study.ID, r.PathValue("sid"))
	return strategyEditData{Head: h, Section: s, Version: s.Version}, err
}

// strategySectionPage starts a page about one section: the page and the
// section, or false when the request has been answered.
func (ui *UI) strategySectionPage(w http.ResponseWriter, r *http.Request, titleKey string) (*Page, app.Actor, strategyEditData, bool) {
	pr := ui.principal(w, r)
	if pr == nil {
		return nil, app.Actor{}, strategyEditData{}, false
	}
	p := ui.newPage(w, r, titleKey)
	d, err := ui.strategyEditLoad(r, pr.Actor)
	if err != nil {
		ui.fail(w, r, err)
		return nil, app.Actor{}, d, false
	}
	return p, pr.Actor, d, true
}

func (ui *UI) strategySectionEdit(w http.ResponseWriter, r *http.Request) {
	p, a, d, ok := ui.strategySectionPage(w, r, "strategy.edit_section")
	if !ok {
		return
	}
	if rights, err := ui.DB.StrategyRightsOf(r.Context(), a, d.Head.Study.ID); err != nil || !rights.Write {
		ui.Forbidden(w, r)
		return
	}
	s := d.Section
	for k, v := range map[string]string{"heading_en": s.HeadingEN, "heading_bn": s.HeadingBN, "body_en": s.BodyEN, "body_bn": s.BodyBN} {
		p.Form.Set(k, v)
	}
	p.Data = d
	ui.render(w, r, http.StatusOK, "strategy_edit", p)
}

func (ui *UI) strategySectionSave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ui.studyWrite(w, r, "strategy.flash.saved", nil, func(a app.Actor) (string, error) {
		version, err := activityVersion(r)
		if err != nil {
			return "", err
		}
		sid, err := ui.strategySectionOf(r, a)
		if err != nil {
			return "", err
		}
		_, err = ui.DB.SaveStrategySection(r.Context(), a, sid, version, strategyText(r))
		return strategyPath(id) + "#section-" + sid, err
	}, func(p *Page, a app.Actor, status int) {
		d, err := ui.strategyEditLoad(r, a)
		if err != nil {
			ui.fail(w, r, err)
			return
		}
		if status == http.StatusConflict {
			// Show their text beside the user's (kept in the form) and
			// let the user save over it knowingly.
			theirs := d.Section
			d.Theirs = &theirs
		} else if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil {
			d.Version = v
		}
		p.Data = d
		ui.render(w, r, status, "strategy_edit", p)
	})
}

type strategyHistoryData struct {
	Head     studyHead
	Section  strategy.Section
	Versions []strategy.SectionVersion
	// Shown is the version compared with the one before it (Older, nil
	// for the first).
	Shown, Older *strategy.SectionVersion
}

func (ui *UI) strategySectionHistory(w http.ResponseWriter, r *http.Request) {
	p, a, e, ok := ui.strategySectionPage(w, r, "strategy.history")
	if !ok {
		return
	}
	d := strategyHistoryData{Head: e.Head, Section: e.Section}
	var err error
	if d.Versions, err = ui.DB.StrategySectionVersions(r.Context(), a, e.Head.Study.ID, e.Section.ID); err != nil {
		ui.fail(w, r, err)
		return
	}
	want, _ := strconv.Atoi(r.URL.Query().Get("v"))
	for i := range d.Versions {
		if d.Versions[i].Version == want || (want == 0 && i == 0) {
			d.Shown = &d.Versions[i]
			if i+1 < len(d.Versions) {
				d.Older = &d.Versions[i+1]
			}
		}
	}
	if d.Shown == nil {
		ui.NotFound(w, r)
		return
	}
	p.Title = p.T("strategy.history") + " · " + p.StrategyHeading(e.Section)
	p.Data = d
	ui.render(w, r, http.StatusOK, "strategy_history", p)
}

// Compare is the comparison of a field of the shown version with the
// version before it (everything added for the first version).
func (d strategyHistoryData) Compare(field string) []strategy.DiffLine {
	pick := func(v *strategy.SectionVersion) string {
		if v == nil {
			return ""
		}
		return map[string]string{"heading_en": v.HeadingEN, "heading_bn": v.HeadingBN, "body_en": v.BodyEN, "body_bn": v.BodyBN}[field]
	}
	return strategy.Diff(pick(d.Older), pick(d.Shown))
}
