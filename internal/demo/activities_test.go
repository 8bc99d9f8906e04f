package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/capacity"
	cmty "github.com/remaker-bd/remaker/internal/community"
	"github.com/remaker-bd/remaker/internal/programme"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// TestActivityTables checks the demo's initiatives and events against the
// domain's rules and the reference data without a database, so a typo in
// a P-code cannot wait for a seed.
func TestActivityTables(t *testing.T) {
	for _, a := range activityInitiatives {
		in := cmty.Initiative{ProjectID: "p", OrgID: "o", Title: a.title, Kind: a.kind, Description: a.description, Upazila: a.upazila,
			Union: a.union, Place: a.place, StartsOn: today(), Status: cmty.Planned, BudgetLineID: "l", BudgetMinor: a.budget * 100}
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", a.title, err)
		}
		var spent int64
		for _, s := range a.spend {
			spent += s.taka
			if s.monthsAgo > a.startMonthsAgo {
				t.Errorf("%s: an expense before the start", a.title)
			}
		}
		if spent > a.budget || a.status == cmty.Planned && len(a.spend) > 0 {
			t.Errorf("%s: spends %d of %d while %s", a.title, spent, a.budget, a.status)
		}
		if _, err := cmty.CheckCounts(activityCountsOf(a)); err != nil {
			t.Errorf("%s: %v", a.title, err)
		}
	}
	for _, ev := range activityEvents {
		e := capacity.Event{ProjectID: "p", OrgID: "o", Topic: ev.topic, Kind: ev.kind, Status: ev.status, StartsOn: today().AddDate(0, -ev.monthsAgo, 0),
			Place: ev.place, District: ev.district, Facilitator: ev.facilitator, Notes: ev.notes}
		if err := e.Validate(today()); err != nil {
			t.Errorf("%s: %v", ev.topic, err)
		}
	}
}

func activityCountsOf(a activityInitiative) []cmty.Count {
	var out []cmty.Count
	for _, c := range a.counts {
		out = append(out, cmty.Count{Type: c.typ, Sex: c.sex, Group: c.group, People: c.people})
	}
	return out
}

// TestActivities seeds the demo and checks its community and structural
// work: no budget line overdrawn, community spending included; each line's
// community part equal to what its initiatives hold and spent; the ledger
// and the initiatives' expenses adding up to what the line disbursed; and
// the events with their attendance, scores and overdue actions.
func TestActivities(t *testing.T) {
	day := today()
	for _, d := range testdb.Engines() {
		t.Run(string(d), func(t *testing.T) {
			s := seedDB(t, d, day)
			ctx := context.Background()
			figs, err := s.db.BudgetFigures(ctx, s.pm, store.BudgetQuery{})
			if err != nil {
				t.Fatal(err)
			}
			rows, _, err := s.db.ListCommunityInitiatives(ctx, s.pm, store.CommunityQuery{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			held, spent := map[string]int64{}, map[string]int64{}
			kinds, statuses, perOrg := map[string]bool{}, map[string]bool{}, map[string]int{}
			linked := 0
			for _, r := range rows {
				held[r.BudgetLineID] += r.Held()
				spent[r.BudgetLineID] += r.SpentUSD
				kinds[r.Kind], statuses[r.Status] = true, true
				perOrg[r.OrgCode]++
				if r.SpentMinor > r.BudgetMinor {
					t.Errorf("%s spent %d of %d", r.Title, r.SpentMinor, r.BudgetMinor)
				}
				people, err := s.db.CommunityPeople(ctx, s.pm, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				linked += len(people)
			}
			ledger := map[string]int64{}
			for _, c := range s.cases {
				entries, err := s.db.CaseLedger(ctx, s.pm, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range entries {
					ledger[e.BudgetLineID] += e.USDMinor
				}
			}
			for _, f := range figs {
				if f.Committed > f.Planned || f.Disbursed > f.Planned || f.Remaining < 0 {
					t.Errorf("line %s %s overdrawn: planned %d, committed %d, disbursed %d", f.OrgCode, f.Category, f.Planned, f.Committed, f.Disbursed)
				}
				if f.CommunityCommitted != held[f.LineID] || f.CommunityDisbursed != spent[f.LineID] {
					t.Errorf("line %s %s: community %d committed, %d disbursed; its initiatives hold %d and spent %d", f.OrgCode, f.Category,
						f.CommunityCommitted, f.CommunityDisbursed, held[f.LineID], spent[f.LineID])
				}
				if f.Disbursed != ledger[f.LineID]+spent[f.LineID] {
					t.Errorf("line %s %s: disbursed %d, the ledger %d and the initiatives %d", f.OrgCode, f.Category, f.Disbursed, ledger[f.LineID], spent[f.LineID])
				}
				if f.Category == programme.CommunityProjects {
					t.Logf("line %s %s: planned %d committed %d (community %d) disbursed %d (community %d) remaining %d", f.OrgCode, f.Category,
						f.Planned, f.Committed, f.CommunityCommitted, f.Disbursed, f.CommunityDisbursed, f.Remaining)
				}
			}
			if len(rows) != len(activityInitiatives) || len(kinds) != len(cmty.Kinds) || len(statuses) != len(cmty.Statuses) || linked != 15 {
				t.Errorf("%d initiatives of kinds %v in statuses %v, %d returnees linked", len(rows), kinds, statuses, linked)
			}
			for _, o := range profiles {
				if perOrg[o.code] < 3 {
					t.Errorf("%s has %d initiatives", o.code, perOrg[o.code])
				}
			}

			events, _, err := s.db.ListCapacityEvents(ctx, s.pm, store.CapacityQuery{})
			if err != nil {
				t.Fatal(err)
			}
			overdue, scored, bodies := 0, 0, map[string]bool{}
			for _, r := range events {
				overdue += r.Overdue
				ev, err := s.db.CapacityEventByID(ctx, s.pm, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if ev.Status == capacity.Held && len(ev.Attendance) == 0 {
					t.Errorf("%s was held but nobody attended", ev.Topic)
				}
				for _, a := range ev.Attendance {
					if a.Body != "" {
						bodies[strings.Fields(a.Body)[0]] = true
					}
				}
				if sum := capacity.Summarise(ev.Scores); sum.Pairs > 0 {
					scored++
					if *sum.MeanPost <= *sum.MeanPre || sum.Improved == 0 {
						t.Errorf("%s: scores did not improve: %+v", ev.Topic, sum)
					}
				}
			}
			if len(events) != len(activityEvents) || scored != 3 || overdue == 0 {
				t.Errorf("%d events, %d with scores, %d actions overdue", len(events), scored, overdue)
			}
			for _, b := range []string{"Bureau", "District", "Wage", "Ministry", "Probashi"} {
				if !bodies[b] {
					t.Errorf("no officials of %s... attended: %v", b, bodies)
				}
			}
			t.Logf("%d initiatives (%d returnees linked), %d events (%d actions overdue)", len(rows), linked, len(events), overdue)
		})
	}
}
