package store_test

import (
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// AnswerReferral is the receiver's way to answer from its inbox: only a
// referral in the actor's inbox, never a cancellation, and the answer is
// the inbox's view, not the referring case's.
func TestReferralAnswerFromTheInbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := refSetup(t, db)
		bnsk, warbe := f.bnskCW.Actor(), f.warbeCW.Actor()
		refShare(t, db, f, f.warbe.ID)
		r, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: f.warbeSvc.ID, Reason: "Training"})
		if err != nil {
			t.Fatal(err)
		}
		if !r.ReceiverInRemaker {
			t.Errorf("WARBE has case workers, yet the referral says nobody there answers")
		}
		accept := referral.Step{To: referral.Accepted}
		// Not in the inbox of the referrer, of a third organisation, or of roles without one.
		for _, a := range []app.Actor{bnsk, f.rmmruCW.Actor()} {
			if _, err := db.AnswerReferral(ctx, a, r.ID, r.Version, accept); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s answers: %v", a.Username, err)
			}
		}
		if _, err := db.AnswerReferral(ctx, f.pm.Actor(), r.ID, r.Version, accept); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("pm answers: %v", err)
		}
		if _, err := db.AnswerReferral(ctx, warbe, r.ID, r.Version, referral.Step{To: referral.Cancelled}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("WARBE cancels from its inbox: %v", err)
		}
		if _, err := db.AnswerReferral(ctx, warbe, r.ID, r.Version+1, accept); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale answer: %v", err)
		}
		it, err := db.AnswerReferral(ctx, warbe, r.ID, r.Version, accept)
		if err != nil || it.Status != referral.Accepted || it.AcceptedAt == nil || it.Version != 2 || it.NameLatin != "Md. Abdur Rahim" {
			t.Fatalf("accepted: %+v %v", it, err)
		}
		// One update in the trail, no look: the answer is what was written.
		trail, _ := db.ListAudit(ctx, f.pm.Actor(), store.AuditFilter{ObjectType: "referral", ObjectID: r.ID})
		if len(trail) != 2 || trail[0].Action != store.ActUpdate || trail[0].ActorName != "warbe.worker" {
			t.Errorf("audit: %+v", trail)
		}

		// An organisation with nobody in Remaker: its referrals are answered by the referrer, not here.
		if _, _, err := db.LoadServiceDirectory(ctx, app.System, referral.StarterDirectory); err != nil {
			t.Fatal(err)
		}
		pkb, _ := db.OrgByCode(ctx, "PKB")
		loans, _ := db.ListServices(ctx, bnsk, store.ServiceQuery{OrgID: pkb.ID})
		refShare(t, db, f, pkb.ID)
		gov, err := db.CreateReferral(ctx, bnsk, referral.Referral{CaseID: f.kase.ID, ServiceID: loans[0].ID, Reason: "Loan"})
		if err != nil || gov.ReceiverInRemaker {
			t.Fatalf("referral to PKB: %+v %v", gov, err)
		}
		if _, err := db.AnswerReferral(ctx, bnsk, gov.ID, gov.Version, accept); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("BNSK answers for PKB from its own inbox: %v", err)
		}
	})
}
