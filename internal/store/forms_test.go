package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/forms"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

func formUpload(formID, version string) store.FormUpload {
	return store.FormUpload{FormID: formID, Title: "Follow-up visit", FormVersion: version, DefaultLanguage: "English (en)",
		Languages: []string{"English (en)", "Bangla (bn)"}, Questions: 12, FileName: formID + ".xlsx",
		Source: []byte("workbook " + version), SourceSHA256: "sha", XForm: "<h:html/>", XFormHash: "md5:" + version,
		Purpose: "followup", CaseBound: true}
}

func TestFormVersionsLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, mgr, cw := f.pm.Actor(), f.bnskMgr.Actor(), f.bnskCW.Actor()

		if _, err := db.AddFormVersion(ctx, cw, formUpload("followup", "1")); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker uploading: %v", err)
		}
		if _, err := db.AddFormVersion(ctx, pm, formUpload("followup", "")); app.ErrorFields(err)["version"] == "" {
			t.Errorf("no version: %v", err)
		}
		v1, err := db.AddFormVersion(ctx, pm, formUpload("followup", "1"))
		if err != nil || v1.State != forms.Draft {
			t.Fatalf("upload: %+v %v", v1, err)
		}
		if _, err := db.AddFormVersion(ctx, pm, formUpload("followup", "1")); app.ErrorFields(err)["version"] == "" {
			t.Errorf("same version twice: %v", err)
		}
		// A form every organisation uses is not a manager's to change.
		if _, err := db.AddFormVersion(ctx, mgr, formUpload("followup", "2")); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("manager changing a shared form: %v", err)
		}
		// Drafts are not offered to devices.
		if list, err := db.CollectableForms(ctx, cw); err != nil || len(list) != 0 {
			t.Errorf("collectable before publishing: %v %v", list, err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v1.ID, v1.Version+1); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale publish: %v", err)
		}
		p1, err := db.PublishFormVersion(ctx, pm, v1.ID, v1.Version)
		if err != nil || p1.State != forms.Published || p1.PublishedAt == nil {
			t.Fatalf("publish: %+v %v", p1, err)
		}
		v2, err := db.AddFormVersion(ctx, pm, formUpload("followup", "2"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v2.ID, v2.Version); err != nil {
			t.Fatal(err)
		}
		old, err := db.FormVersionByID(ctx, cw, v1.ID)
		if err != nil || old.State != forms.Retired || !old.Collectable() {
			t.Errorf("the version before: %+v %v", old, err)
		}
		list, err := db.CollectableForms(ctx, cw)
		if err != nil || len(list) != 1 || list[0].ID != v2.ID {
			t.Errorf("collectable for a case worker: %+v %v", list, err)
		}
		// Enumerators see only what is assigned to them; viewers nothing.
		enum := f.enumerator.Actor()
		if list, _ := db.CollectableForms(ctx, enum); len(list) != 0 {
			t.Errorf("enumerator before assignment: %+v", list)
		}
		if err := db.AssignForm(ctx, f.warbeCW.Actor(), v1.FormPK, f.enumerator.ID); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("a case worker assigning: %v", err)
		}
		if err := db.AssignForm(ctx, mgr, v1.FormPK, f.enumerator.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.CollectableForms(ctx, enum); len(list) != 1 {
			t.Errorf("enumerator after assignment: %+v", list)
		}
		if list, _ := db.CollectableForms(ctx, f.viewer.Actor()); len(list) != 0 {
			t.Errorf("viewer: %+v", list)
		}
		all, err := db.Forms(ctx, f.viewer.Actor())
		if err != nil || len(all) != 1 || all[0].Published == nil || all[0].Published.ID != v2.ID || all[0].Versions != 2 {
			t.Errorf("forms list: %+v %v", all, err)
		}
		src, xform, err := db.FormVersionFiles(ctx, cw, v1.ID)
		if err != nil || string(src) != "workbook 1" || xform != "<h:html/>" {
			t.Errorf("files: %q %q %v", src, xform, err)
		}
		// Retiring leaves no published version.
		cur, _ := db.FormVersionByID(ctx, pm, v2.ID)
		if _, err := db.RetireFormVersion(ctx, pm, v2.ID, cur.Version); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.CollectableForms(ctx, cw); len(list) != 0 {
			t.Errorf("after retiring: %+v", list)
		}
	})
}

func TestSubmissionsStoredOnceAndScoped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw := f.pm.Actor(), f.bnskCW.Actor()
		pr, person := caseFixture(t, db, f)
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: person.ID, ProjectID: pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		caseID := c.ID

		v, err := db.AddFormVersion(ctx, pm, formUpload("followup", "1"))
		if err != nil {
			t.Fatal(err)
		}
		in := store.NewSubmission{FormVersionID: v.ID, InstanceID: "uuid:0001", XML: "<data><a>1</a></data>", Data: `{"a":1}`,
			CaseID: caseID, Channel: forms.ChannelOpenRosa, DeviceID: "collect:abc",
			Attachments: []forms.Attachment{{Name: "photo.jpg", ContentType: "image/jpeg", Size: 3, SHA256: "abc"}}}
		if _, _, err := db.SaveSubmission(ctx, cw, in); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("submitting to a draft: %v", err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		s, created, err := db.SaveSubmission(ctx, cw, in)
		if err != nil || !created || s.CaseID != caseID || s.ReviewState != forms.Received {
			t.Fatalf("submit: %+v %v %v", s, created, err)
		}
		// A retry is acknowledged and stored once.
		again, created, err := db.SaveSubmission(ctx, cw, in)
		if err != nil || created || again.ID != s.ID {
			t.Errorf("retry: %+v %v %v", again, created, err)
		}
		// Different XML under the same instanceID is a conflict.
		other := in
		other.XML = "<data><a>2</a></data>"
		if _, _, err := db.SaveSubmission(ctx, cw, other); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("different XML, same instance: %v", err)
		}
		// The case's timeline shows it.
		events, err := db.CaseTimeline(ctx, cw, caseID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			found = found || (e.Kind == store.EventFormSubmitted && e.RefID == s.ID)
		}
		if !found {
			t.Errorf("no timeline line for the submission: %+v", events)
		}
		// Another organisation's case cannot be named.
		wrong := in
		wrong.InstanceID, wrong.CaseID = "uuid:0002", caseID
		if _, _, err := db.SaveSubmission(ctx, f.warbeCW.Actor(), wrong); app.ErrorFields(err)["case_id"] == "" {
			t.Errorf("WARBE naming a BNSK case: %v", err)
		}
		// An edit replaces the original, which is kept as history.
		edit := in
		edit.InstanceID, edit.DeprecatedID, edit.XML = "uuid:0003", "uuid:0001", "<data><a>3</a></data>"
		e, _, err := db.SaveSubmission(ctx, cw, edit)
		if err != nil {
			t.Fatal(err)
		}
		current, err := db.ListSubmissions(ctx, cw, store.SubmissionQuery{FormPK: v.FormPK})
		if err != nil || len(current) != 1 || current[0].ID != e.ID {
			t.Errorf("current submissions: %+v %v", current, err)
		}
		history, _ := db.ListSubmissions(ctx, cw, store.SubmissionQuery{FormPK: v.FormPK, All: true})
		if len(history) != 2 {
			t.Errorf("with history: %+v", history)
		}
		orig, err := db.SubmissionByID(ctx, cw, s.ID)
		if err != nil || orig.ReviewState != forms.Edited || orig.Current || orig.XML != in.XML || len(orig.Attachments) != 1 {
			t.Errorf("the original: %+v %v", orig, err)
		}
		// Scope: WARBE and viewers do not see BNSK's submissions.
		if _, err := db.SubmissionByID(ctx, f.warbeCW.Actor(), e.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("WARBE reading: %v", err)
		}
		if _, err := db.ListSubmissions(ctx, f.viewer.Actor(), store.SubmissionQuery{}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("viewer listing: %v", err)
		}
		// Review: managers only; rejection needs a note; stale is a conflict.
		if _, err := db.ReviewSubmission(ctx, cw, e.ID, e.Version, forms.Approved, ""); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("case worker reviewing: %v", err)
		}
		mgr := f.bnskMgr.Actor()
		if _, err := db.ReviewSubmission(ctx, mgr, e.ID, e.Version, forms.Rejected, " "); app.ErrorFields(err)["review_note"] == "" {
			t.Errorf("rejecting without a note: %v", err)
		}
		r, err := db.ReviewSubmission(ctx, mgr, e.ID, e.Version, forms.Rejected, "age does not match the NID")
		if err != nil || r.ReviewState != forms.Rejected {
			t.Fatalf("review: %+v %v", r, err)
		}
		if _, err := db.ReviewSubmission(ctx, mgr, e.ID, e.Version, forms.Approved, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale review: %v", err)
		}
	})
}

func TestFormDraftsBelongToTheirAuthor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		v, err := db.AddFormVersion(ctx, f.pm.Actor(), formUpload("screening", "1"))
		if err != nil {
			t.Fatal(err)
		}
		cw := f.bnskCW.Actor()
		d, err := db.SaveFormDraft(ctx, cw, store.FormDraft{FormVersionID: v.ID, Data: `{"a":"1"}`})
		if err != nil {
			t.Fatal(err)
		}
		d.Data = `{"a":"2"}`
		saved, err := db.SaveFormDraft(ctx, cw, d)
		if err != nil || saved.Version != 2 {
			t.Fatalf("resave: %+v %v", saved, err)
		}
		if _, err := db.SaveFormDraft(ctx, cw, d); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale draft save: %v", err)
		}
		if _, err := db.FormDraftByID(ctx, f.bnskMgr.Actor(), d.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("someone else's draft: %v", err)
		}
		got, err := db.FormDraftByID(ctx, cw, d.ID)
		if err != nil || got.Data != `{"a":"2"}` {
			t.Errorf("read back: %+v %v", got, err)
		}
		if err := db.DeleteFormDraft(ctx, cw, d.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.FormDrafts(ctx, cw); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
	})
}

func TestSecondEditOfTheSameSubmissionIsAConflict(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pm, cw := f.pm.Actor(), f.bnskCW.Actor()
		pr, person := caseFixture(t, db, f)
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: person.ID, ProjectID: pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.AddFormVersion(ctx, pm, formUpload("followup", "1"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishFormVersion(ctx, pm, v.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		in := store.NewSubmission{FormVersionID: v.ID, InstanceID: "uuid:a", XML: "<data>1</data>", Data: "{}", CaseID: c.ID}
		if _, _, err := db.SaveSubmission(ctx, cw, in); err != nil {
			t.Fatal(err)
		}
		first := in
		first.InstanceID, first.DeprecatedID, first.XML = "uuid:b", "uuid:a", "<data>2</data>"
		s, _, err := db.SaveSubmission(ctx, cw, first)
		if err != nil {
			t.Fatal(err)
		}
		if s.CaseID != c.ID {
			t.Errorf("the edit lost its case: %+v", s)
		}
		second := in
		second.InstanceID, second.DeprecatedID, second.XML = "uuid:c", "uuid:a", "<data>3</data>"
		if _, _, err := db.SaveSubmission(ctx, cw, second); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("a second edit of the same submission: %v", err)
		}
		list, err := db.ListSubmissions(ctx, cw, store.SubmissionQuery{FormPK: v.FormPK})
		if err != nil || len(list) != 1 || list[0].CaseReference != c.Reference {
			t.Errorf("the list after the edits: %+v %v", list, err)
		}
	})
}
