package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/study"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func qualInt(n int) *int { return &n }

// TestQualSessionsCodesAndThemes: sessions by the team (enumerators
// included), participant counts, the codebook, passages by offsets or by
// pasted excerpt, and the theme counts by kind and group.
func TestQualSessionsCodesAndThemes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := studyFixture(t, db)
		transcript := "We never hear about jobs abroad. The dalal asks for too much money. My wife cannot leave the children."
		fgd := study.Session{StudyID: f.s.ID, Kind: study.KindFGD, HeldOn: *date("2025-03-12"), Upazila: "BD208447",
			Place: "Union Parishad hall", Facilitator: "Mong Marma", Transcript: transcript,
			Participants: []study.Count{{Category: "chakma", Sex: "female", People: 5}, {Category: "chakma", Sex: "male", People: 4},
				{Category: "marma", Sex: "male", People: 0}}}
		if _, err := db.CreateQualSession(ctx, f.warbeCW.Actor(), fgd); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("outsider adding a session: %v", err)
		}
		bad := study.Session{StudyID: f.s.ID, Kind: study.KindKII, Upazila: "BD2084",
			Participants: []study.Count{{Category: "klingon", Sex: "female", People: 1}, {Category: "chakma", Sex: "x", People: -1}}}
		fields := app.ErrorFields(func() error { _, err := db.CreateQualSession(ctx, f.bnskCW.Actor(), bad); return err }())
		for _, name := range []string{"held_on", "upazila", "facilitator", "informant_role", "participants.0.category",
			"participants.1.sex", "participants.1.people"} {
			if fields[name] == "" {
				t.Errorf("no message for %s: %v", name, fields)
			}
		}
		s, err := db.CreateQualSession(ctx, f.enumerator.Actor(), fgd)
		if err != nil || len(s.Participants) != 2 || s.Version != 1 || s.Upazila != "BD208447" {
			t.Fatalf("enumerator adds a session: %+v %v", s, err)
		}
		kii, err := db.CreateQualSession(ctx, f.bnskCW.Actor(), study.Session{StudyID: f.s.ID, Kind: study.KindKII, HeldOn: *date("2025-03-14"),
			Upazila: "BD200389", Facilitator: "Shirin", InformantRole: "headman", Transcript: "Young Marma men do go to Malaysia, but the broker fees are high.",
			Participants: []study.Count{{Category: "marma", Sex: "male", People: 1}}})
		if err != nil {
			t.Fatal(err)
		}

		// The codebook: researchers write it, enumerators may not.
		if _, err := db.SaveQualCode(ctx, f.enumerator.Actor(), study.Code{StudyID: f.s.ID, Code: "cost", LabelEN: "Cost"}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("enumerator coding: %v", err)
		}
		if _, err := db.SaveQualCode(ctx, f.bnskCW.Actor(), study.Code{StudyID: f.s.ID, Code: "Bad Code!"}); app.ErrorFields(err)["code"] == "" || app.ErrorFields(err)["label_en"] == "" {
			t.Errorf("bad code: %v", err)
		}
		mk := func(code, label string) study.Code {
			c, err := db.SaveQualCode(ctx, f.bnskCW.Actor(), study.Code{StudyID: f.s.ID, Code: code, LabelEN: label})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		info, broker, care := mk("info_gap", "Information gaps"), mk("broker_mistrust", "Mistrust of brokers"), mk("care_duties", "Women's care duties")
		if _, err := db.SaveQualCode(ctx, f.bnskCW.Actor(), study.Code{StudyID: f.s.ID, Code: "cost", LabelEN: "x", ID: info.ID, Version: info.Version + 1}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale code: %v", err)
		}
		if _, err := db.SaveQualCode(ctx, f.bnskCW.Actor(), study.Code{StudyID: f.s.ID, Code: "info_gap", LabelEN: "Again"}); app.ErrorFields(err)["code"] == "" {
			t.Errorf("duplicate code: %v", err)
		}
		info.LabelBN = "তথ্যের ঘাটতি"
		if info, err = db.SaveQualCode(ctx, f.bnskCW.Actor(), info); err != nil || info.Version != 2 {
			t.Fatalf("edit code: %+v %v", info, err)
		}

		// Passages: by offsets, by a pasted excerpt found in the text, by one that is not.
		s, err = db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, study.Passage{Start: qualInt(0), End: qualInt(32), CodeIDs: []string{info.ID}})
		if err != nil || len(s.Passages) != 1 || s.Passages[0].Excerpt != "We never hear about jobs abroad." || s.Version != 2 {
			t.Fatalf("offsets: %+v %v", s.Passages, err)
		}
		s, err = db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, study.Passage{Excerpt: "The dalal asks for too much money.", CodeIDs: []string{broker.ID, info.ID}})
		if err != nil || len(s.Passages) != 2 || s.Passages[1].Start == nil || *s.Passages[1].Start != 33 || len(s.Passages[1].Codes) != 2 {
			t.Fatalf("pasted: %+v %v", s.Passages, err)
		}
		s, err = db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, study.Passage{Excerpt: "From the facilitator's notebook: women nodded.", CodeIDs: []string{care.ID}})
		if err != nil || len(s.Passages) != 3 || s.Passages[2].Start != nil {
			t.Fatalf("free excerpt: %+v %v", s.Passages, err)
		}
		for field, p := range map[string]study.Passage{
			"end":      {Start: qualInt(10), End: qualInt(5), CodeIDs: []string{info.ID}},
			"start":    {Start: qualInt(1000), End: qualInt(1001), CodeIDs: []string{info.ID}},
			"excerpt":  {CodeIDs: []string{info.ID}},
			"code_ids": {Excerpt: "money"},
		} {
			if _, err := db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, p); app.ErrorFields(err)[field] == "" {
				t.Errorf("bad passage %s: %v", field, err)
			}
		}
		if _, err := db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, study.Passage{Excerpt: "money", CodeIDs: []string{"foreign"}}); app.ErrorFields(err)["code_ids"] == "" {
			t.Errorf("code of no codebook: %v", err)
		}
		if _, err := db.AddQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version-1, study.Passage{Excerpt: "money", CodeIDs: []string{info.ID}}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale passage: %v", err)
		}
		if _, err := db.AddQualPassage(ctx, f.enumerator.Actor(), s.ID, s.Version, study.Passage{Excerpt: "money", CodeIDs: []string{info.ID}}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("enumerator coding a passage: %v", err)
		}
		if kii, err = db.AddQualPassage(ctx, f.pm.Actor(), kii.ID, kii.Version, study.Passage{Excerpt: "the broker fees are high", CodeIDs: []string{broker.ID}}); err != nil {
			t.Fatal(err)
		}

		// The coded transcript cannot change under its passages; other fields can.
		s.Transcript = "Rewritten."
		if _, err := db.UpdateQualSession(ctx, f.bnskCW.Actor(), s); app.ErrorFields(err)["transcript"] == "" {
			t.Errorf("transcript under passages: %v", err)
		}
		s.Transcript, s.Place = transcript, "School"
		if s, err = db.UpdateQualSession(ctx, f.bnskCW.Actor(), s); err != nil || s.Place != "School" || len(s.Passages) != 3 {
			t.Fatalf("update: %+v %v", s, err)
		}
		if _, err := db.UpdateQualSession(ctx, f.enumerator.Actor(), s); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("enumerator editing: %v", err)
		}

		// Themes: broker mistrust in both sessions, once each.
		tab, err := db.QualThemes(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || tab.TotalSessions != 2 || len(tab.Rows) != 3 || len(tab.Groups) != 2 {
			t.Fatalf("themes: %+v %v", tab, err)
		}
		byCode := map[string]study.ThemeRow{}
		for _, r := range tab.Rows {
			byCode[r.Code.Code] = r
		}
		if r := byCode["broker_mistrust"]; r.Sessions != 2 || r.Passages != 2 || r.SessionsByKind["kii"] != 1 || r.SessionsByGroup["marma"] != 1 ||
			r.SessionsByGroup["chakma"] != 1 {
			t.Errorf("broker_mistrust: %+v", r)
		}
		if r := byCode["info_gap"]; r.Sessions != 1 || r.Passages != 2 || r.PassagesByKind["fgd"] != 2 || r.PassagesByGroup["marma"] != 0 {
			t.Errorf("info_gap: %+v", r)
		}

		s, err = db.RemoveQualPassage(ctx, f.bnskCW.Actor(), s.ID, s.Version, s.Passages[0].ID)
		if err != nil || len(s.Passages) != 2 {
			t.Fatalf("remove passage: %+v %v", s.Passages, err)
		}
		list, err := db.ListQualSessions(ctx, f.viewer.Actor(), f.s.ID)
		if err != nil || len(list) != 2 || len(list[0].Passages) != 2 || len(list[1].Passages) != 1 {
			t.Fatalf("list: %+v %v", list, err)
		}
		audit, _ := db.ListAudit(ctx, f.admin.Actor(), store.AuditFilter{ObjectType: "qual_passage"})
		if len(audit) != 5 {
			t.Errorf("passage audit: %d", len(audit))
		}
	})
}
