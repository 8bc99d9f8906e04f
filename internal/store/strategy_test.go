package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/study/strategy"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// strategyFix is the study fixture with a coded passage, a consultation
// with two recommendations, and a strategy document with two sections.
type strategyFix struct {
	studyFix
	ses        study.Session
	rec1, rec2 study.Recommendation
	doc        strategy.Document
	intro, rec strategy.Section
}

func strategyFixture(t *testing.T, db *store.DB) strategyFix {
	t.Helper()
	f := strategyFix{studyFix: studyFixture(t, db)}
	lead := f.bnskMgr.Actor()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	code, err := db.SaveQualCode(ctx, lead, study.Code{StudyID: f.s.ID, Code: "info_gap", LabelEN: "Information gaps", LabelBN: "তথ্যের ঘাটতি"})
	must(err)
	f.ses, err = db.CreateQualSession(ctx, lead, study.Session{StudyID: f.s.ID, Kind: study.KindFGD, HeldOn: time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC),
		Upazila: "BD208447", Facilitator: "Mong", Transcript: "We never hear about jobs abroad. The dalal asks for too much money.",
		Participants: []study.Count{{Category: "chakma", Sex: "female", People: 6}}})
	must(err)
	f.ses, err = db.AddQualPassage(ctx, lead, f.ses.ID, f.ses.Version, study.Passage{Excerpt: "We never hear about jobs abroad.", CodeIDs: []string{code.ID}})
	must(err)
	c, err := db.CreateConsultation(ctx, lead, study.Consultation{StudyID: f.s.ID, Title: "Inception workshop",
		HeldOn: time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC), Stage: study.StageDesign, Place: "Rangamati"})
	must(err)
	f.rec1, err = db.AddConsultRecommendation(ctx, lead, c.ID, c.Version, study.Recommendation{TextEN: "Open a BMET desk in Rangamati", RaisedBy: study.StakeGovernment})
	must(err)
	f.rec2, err = db.AddConsultRecommendation(ctx, lead, c.ID, c.Version+1, study.Recommendation{TextEN: "Translate the pre-departure course", RaisedBy: study.StakeEthnicRep})
	must(err)
	f.doc, err = db.CreateStrategyDocument(ctx, lead, strategy.Document{StudyID: f.s.ID, TitleEN: "Strategy", TitleBN: "কৌশল"})
	must(err)
	f.intro, err = db.AddStrategySection(ctx, lead, f.s.ID, f.doc.Version, strategy.Text{HeadingEN: "Introduction", BodyEN: "Why this study."})
	must(err)
	f.rec, err = db.AddStrategySection(ctx, f.bnskCW.Actor(), f.s.ID, f.doc.Version+1, strategy.Text{HeadingEN: "Information",
		HeadingBN: "তথ্য", BodyEN: "People lack information.", BodyBN: "মানুষের কাছে তথ্য নেই।"})
	must(err)
	return f
}

func (f strategyFix) docNow(t *testing.T, db *store.DB) strategy.Document {
	t.Helper()
	d, err := db.StrategyDocumentOf(ctx, f.viewer.Actor(), f.s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestStrategyDocumentAndSections: who writes, one document per study,
// sections in order, moving and deleting them with the document's version.
func TestStrategyDocumentAndSections(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := strategyFixture(t, db)
		d := f.docNow(t, db)
		if d.Version != 3 || len(d.Sections) != 2 || d.Sections[0].HeadingEN != "Introduction" || d.Sections[1].Number != 2 ||
			d.Sections[1].AuthorName != "bnsk.worker" || d.Sections[1].Version != 1 {
			t.Fatalf("document: %+v", d)
		}
		if _, err := db.CreateStrategyDocument(ctx, f.pm.Actor(), strategy.Document{StudyID: f.s.ID, TitleEN: "Again"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second document: %v", err)
		}
		for _, a := range []app.Actor{f.viewer.Actor(), f.enumerator.Actor(), f.warbeCW.Actor()} {
			if _, err := db.AddStrategySection(ctx, a, f.s.ID, d.Version, strategy.Text{HeadingEN: "x"}); app.ErrorCode(err) != app.EFORBIDDEN {
				t.Errorf("%s adding a section: %v", a.Username, err)
			}
		}
		if _, err := db.AddStrategySection(ctx, f.pm.Actor(), f.s.ID, d.Version, strategy.Text{}); app.ErrorFields(err)["heading_en"] == "" {
			t.Errorf("no heading: %v", err)
		}
		if _, err := db.AddStrategySection(ctx, f.pm.Actor(), f.s.ID, 1, strategy.Text{HeadingEN: "x"}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale document: %v", err)
		}
		if _, err := db.StrategyDocumentOf(ctx, app.Actor{}, f.s.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("signed out: %v", err)
		}
		if err := db.MoveStrategySection(ctx, f.pm.Actor(), f.rec.ID, d.Version, -1); err != nil {
			t.Fatal(err)
		}
		d = f.docNow(t, db)
		if d.Sections[0].ID != f.rec.ID || d.Sections[0].Number != 1 || d.Version != 4 {
			t.Fatalf("after moving up: %+v", d.Sections)
		}
		if err := db.MoveStrategySection(ctx, f.pm.Actor(), f.rec.ID, d.Version, -1); err != nil {
			t.Fatalf("moving the first up: %v", err)
		}
		d = f.docNow(t, db)
		if err := db.DeleteStrategySection(ctx, f.pm.Actor(), f.intro.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if d = f.docNow(t, db); len(d.Sections) != 1 {
			t.Fatalf("after deleting: %+v", d.Sections)
		}
		d, err := db.UpdateStrategyDocument(ctx, f.bnskCW.Actor(), strategy.Document{StudyID: f.s.ID, TitleEN: "Strategy for CHT", Version: d.Version})
		if err != nil || d.TitleEN != "Strategy for CHT" {
			t.Fatalf("title: %v %+v", err, d)
		}
		audit, err := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{ObjectType: "strategy_section", ObjectID: f.intro.ID})
		if err != nil || len(audit) != 2 {
			t.Errorf("audit of the deleted section: %v %d", err, len(audit))
		}
	})
}

// TestStrategySectionVersionsAndConflict: every save is a version kept
// with its author; an edit on a stale version is a conflict naming who
// saved last, and nothing is lost.
func TestStrategySectionVersionsAndConflict(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := strategyFixture(t, db)
		lead, cw := f.bnskMgr.Actor(), f.bnskCW.Actor()
		s, err := db.SaveStrategySection(ctx, lead, f.intro.ID, 1, strategy.Text{HeadingEN: "Introduction", HeadingBN: "ভূমিকা",
			BodyEN: "Why this study.\r\n\r\nWho took part.", BodyBN: "কেন এই সমীক্ষা।"})
		if err != nil || s.Version != 2 || s.BodyEN != "Why this study.\n\nWho took part." || s.AuthorName != "bnsk.manager" {
			t.Fatalf("save: %v %+v", err, s)
		}
		// The researcher opened version 1 too: a conflict, not a silent overwrite.
		_, err = db.SaveStrategySection(ctx, cw, f.intro.ID, 1, strategy.Text{HeadingEN: "Intro", BodyEN: "Mine"})
		if app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(app.MessageIn("en", err), "version 2, by bnsk.manager") {
			t.Fatalf("stale save: %v", err)
		}
		// Saving the same text again adds no version.
		if s, err = db.SaveStrategySection(ctx, lead, f.intro.ID, 2, s.Text); err != nil || s.Version != 2 {
			t.Fatalf("unchanged: %v %+v", err, s)
		}
		if s, err = db.SaveStrategySection(ctx, cw, f.intro.ID, 2, strategy.Text{HeadingEN: "Introduction", BodyEN: "Mine"}); err != nil || s.Version != 3 {
			t.Fatalf("after reload: %v %+v", err, s)
		}
		if _, err := db.SaveStrategySection(ctx, f.viewer.Actor(), f.intro.ID, 3, strategy.Text{HeadingEN: "x"}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("viewer saving: %v", err)
		}
		vs, err := db.StrategySectionVersions(ctx, f.viewer.Actor(), f.s.ID, f.intro.ID)
		if err != nil || len(vs) != 3 || vs[0].Version != 3 || vs[0].AuthorName != "bnsk.worker" || vs[1].HeadingBN != "ভূমিকা" ||
			vs[2].BodyEN != "Why this study." {
			t.Fatalf("versions: %v %+v", err, vs)
		}
		if d := strategy.Diff(vs[1].BodyEN, vs[0].BodyEN); !strategy.Changed(d) {
			t.Errorf("diff: %+v", d)
		}
		if _, err := db.StrategySectionVersions(ctx, f.viewer.Actor(), f.s.ID, "nope"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("unknown section: %v", err)
		}
	})
}

// TestStrategyRecommendationTrace: a consultation recommendation traced to
// the section that addresses it, the list of those not yet addressed, and
// the recommendation's status following its links.
func TestStrategyRecommendationTrace(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := strategyFixture(t, db)
		cw := f.bnskCW.Actor()
		recIDs := []string{f.rec1.ID, f.rec2.ID}
		if un := f.docNow(t, db).Unaddressed(recIDs, nil); len(un) != 2 {
			t.Fatalf("unaddressed at first: %v", un)
		}
		if err := db.LinkStrategyRecommendation(ctx, cw, f.rec.ID, f.rec1.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkStrategyRecommendation(ctx, cw, f.rec.ID, f.rec1.ID); err != nil {
			t.Fatalf("linking twice: %v", err)
		}
		if err := db.LinkStrategyRecommendation(ctx, f.viewer.Actor(), f.rec.ID, f.rec2.ID); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("viewer linking: %v", err)
		}
		if err := db.LinkStrategyRecommendation(ctx, cw, f.rec.ID, "nope"); app.ErrorFields(err)["recommendation_id"] == "" {
			t.Errorf("unknown recommendation: %v", err)
		}
		d := f.docNow(t, db)
		if un := d.Unaddressed(recIDs, nil); len(un) != 1 || un[0] != f.rec2.ID {
			t.Fatalf("unaddressed: %v", un)
		}
		if by := d.SectionsAddressing(f.rec1.ID); len(by) != 1 || by[0].ID != f.rec.ID || by[0].Number != 2 {
			t.Fatalf("trace of R-1: %+v", by)
		}
		r, _ := db.ConsultRecommendationByID(ctx, cw, f.rec1.ID)
		if r.Status != study.RecAddressed || r.Version != 2 {
			t.Errorf("status after linking: %+v", r)
		}
		if err := db.LinkStrategyRecommendation(ctx, cw, f.intro.ID, f.rec1.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.UnlinkStrategyRecommendation(ctx, cw, f.rec.ID, f.rec1.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ = db.ConsultRecommendationByID(ctx, cw, f.rec1.ID); r.Status != study.RecAddressed {
			t.Errorf("still addressed by the introduction: %+v", r)
		}
		// Deleting the last section that addresses it opens it again.
		if err := db.DeleteStrategySection(ctx, cw, f.intro.ID, f.docNow(t, db).Version); err != nil {
			t.Fatal(err)
		}
		if r, _ = db.ConsultRecommendationByID(ctx, cw, f.rec1.ID); r.Status != study.RecOpen {
			t.Errorf("open again: %+v", r)
		}
		if err := db.UnlinkStrategyRecommendation(ctx, cw, f.rec.ID, f.rec1.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("unlinking what is not linked: %v", err)
		}
	})
}

// TestStrategyComments: stakeholders comment during validation only, the
// team at any stage; only the team resolves, once, with a note.
func TestStrategyComments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := strategyFixture(t, db)
		if _, err := db.AddStrategyComment(ctx, f.viewer.Actor(), f.rec.ID, "Name the districts"); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Fatalf("viewer before validation: %v", err)
		}
		rights, _ := db.StrategyRightsOf(ctx, f.viewer.Actor(), f.s.ID)
		if rights.Comment || rights.Write {
			t.Errorf("viewer's rights before validation: %+v", rights)
		}
		if _, err := db.AddStrategyComment(ctx, f.bnskCW.Actor(), f.rec.ID, "Check the figure"); err != nil {
			t.Fatalf("team member: %v", err)
		}
		s, _ := db.StudyByID(ctx, f.pm.Actor(), f.s.ID)
		if _, err := db.SetStudyStages(ctx, f.pm.Actor(), s.ID, s.Version, study.StageValidation, nil); err != nil {
			t.Fatal(err)
		}
		rights, _ = db.StrategyRightsOf(ctx, f.viewer.Actor(), f.s.ID)
		if !rights.Comment || rights.Write {
			t.Errorf("viewer's rights in validation: %+v", rights)
		}
		c, err := db.AddStrategyComment(ctx, f.warbeCW.Actor(), f.rec.ID, "  Say which districts.  ")
		if err != nil || c.State != strategy.CommentOpen || c.SectionVersion != 1 || c.Body != "Say which districts." {
			t.Fatalf("stakeholder comment: %v %+v", err, c)
		}
		if _, err := db.AddStrategyComment(ctx, f.warbeCW.Actor(), f.rec.ID, " "); app.ErrorFields(err)["body"] == "" {
			t.Errorf("empty comment: %v", err)
		}
		if _, err := db.ResolveStrategyComment(ctx, f.warbeCW.Actor(), c.ID, "done"); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("stakeholder resolving: %v", err)
		}
		if _, err := db.ResolveStrategyComment(ctx, f.bnskMgr.Actor(), c.ID, ""); app.ErrorFields(err)["resolution"] == "" {
			t.Errorf("no note: %v", err)
		}
		r, err := db.ResolveStrategyComment(ctx, f.bnskMgr.Actor(), c.ID, "Added Rangamati, Khagrachhari and Bandarban.")
		if err != nil || r.State != strategy.CommentResolved || r.ResolvedByName != "bnsk.manager" || r.ResolvedAt == nil {
			t.Fatalf("resolve: %v %+v", err, r)
		}
		if _, err := db.ResolveStrategyComment(ctx, f.pm.Actor(), c.ID, "again"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("resolving twice: %v", err)
		}
		d := f.docNow(t, db)
		sec := d.Sections[1]
		if sec.OpenComments() != 1 || sec.ResolvedComments() != 1 || len(d.OpenComments()) != 1 || d.OpenComments()[0].Comment.Body != "Check the figure" {
			t.Errorf("counts: %+v", sec.Comments)
		}
		if got := sec.Comments[1]; got.Resolution != "Added Rangamati, Khagrachhari and Bandarban." || got.AuthorName != "warbe.worker" {
			t.Errorf("stored: %+v", got)
		}
	})
}

// TestStrategyBlocks: blocks name sources of the same study, keep their
// order, and outlive a removed passage (the screen warns).
func TestStrategyBlocks(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := strategyFixture(t, db)
		cw := f.bnskCW.Actor()
		passage := f.ses.Passages[0]
		quotes, err := db.StrategyQuotes(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || len(quotes) != 1 || quotes[0].PassageID != passage.ID || quotes[0].SessionKind != study.KindFGD ||
			len(quotes[0].Codes) != 1 || quotes[0].Codes[0].LabelBN != "তথ্যের ঘাটতি" || quotes[0].HeldOn.Format(time.DateOnly) != "2025-03-12" {
			t.Fatalf("quotes: %v %+v", err, quotes)
		}
		q, err := db.AddStrategyBlock(ctx, cw, f.rec.ID, strategy.Block{Kind: strategy.BlockQuote, SourceID: passage.ID})
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.AddStrategyBlock(ctx, cw, f.rec.ID, strategy.Block{Kind: strategy.BlockRecommendation, SourceID: f.rec1.ID, CaptionEN: "From the inception workshop"})
		if err != nil {
			t.Fatal(err)
		}
		// Tables and charts need the study's questionnaire, which the
		// forms library installs: see the API and web tests. Without it
		// the analysis says why.
		if _, err := db.AddStrategyBlock(ctx, cw, f.rec.ID, strategy.Block{Kind: strategy.BlockTable, Spec: `{"kind":"readiness"}`}); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("table without a questionnaire: %v", err)
		}
		if _, err := db.AddStrategyBlock(ctx, cw, f.rec.ID, strategy.Block{Kind: strategy.BlockChart, Spec: `{"kind":"crosstab"}`}); app.ErrorFields(err)["question"] == "" {
			t.Errorf("chart without a question: %v", err)
		}
		for _, bad := range []strategy.Block{{Kind: strategy.BlockQuote, SourceID: "nope"}, {Kind: strategy.BlockRecommendation, SourceID: passage.ID}} {
			if _, err := db.AddStrategyBlock(ctx, cw, f.rec.ID, bad); app.ErrorFields(err)["source_id"] == "" {
				t.Errorf("bad source %+v: %v", bad, err)
			}
		}
		if _, err := db.AddStrategyBlock(ctx, f.viewer.Actor(), f.rec.ID, strategy.Block{Kind: strategy.BlockQuote, SourceID: passage.ID}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("viewer adding a block: %v", err)
		}
		if _, err := db.MoveStrategyBlock(ctx, cw, r.ID, -1); err != nil {
			t.Fatal(err)
		}
		blocks := f.docNow(t, db).Sections[1].Blocks
		if len(blocks) != 2 || blocks[0].ID != r.ID || blocks[1].ID != q.ID || blocks[0].CaptionEN != "From the inception workshop" {
			t.Fatalf("blocks: %+v", blocks)
		}
		// The passage is removed from its session: the block stays.
		ses, _ := db.QualSessionByID(ctx, cw, f.ses.ID)
		if _, err := db.RemoveQualPassage(ctx, f.bnskMgr.Actor(), ses.ID, ses.Version, passage.ID); err != nil {
			t.Fatal(err)
		}
		if quotes, _ = db.StrategyQuotes(ctx, cw, f.s.ID); len(quotes) != 0 {
			t.Errorf("quotes after removal: %+v", quotes)
		}
		if blocks = f.docNow(t, db).Sections[1].Blocks; len(blocks) != 2 || blocks[1].SourceID != passage.ID {
			t.Errorf("blocks after removal: %+v", blocks)
		}
		if _, err := db.RemoveStrategyBlock(ctx, cw, q.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RemoveStrategyBlock(ctx, cw, q.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("removing twice: %v", err)
		}
	})
}
