package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
	"github.com/remaker-bd/remaker/internal/testdb"
)

// caseFixture adds a project with BNSK and WARBE as partners and a BNSK
// person who consented to registration.
func caseFixture(t *testing.T, db *store.DB, f fixture) (store.Project, registry.Person) {
	t.Helper()
	pr, err := db.CreateProject(ctx, f.pm.Actor(), store.Project{Code: "lm.0379", Title: "REMA(K)ER", BudgetMinor: 20_000_000,
		PartnerIDs: []string{f.bnsk.ID, f.warbe.ID}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePerson(ctx, f.bnskCW.Actor(), rahim())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddConsent(ctx, f.bnskCW.Actor(), registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration,
		Method: "thumbprint", GivenOn: *date("2024-01-10")}); err != nil {
		t.Fatal(err)
	}
	return pr, p
}

func TestCaseLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pr, p := caseFixture(t, db, f)
		cw := f.bnskCW.Actor()
		if pr.Code != "LM.0379" || pr.Status != "active" {
			t.Errorf("project normalised: %+v", pr)
		}
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID, AssignedTo: f.bnskCW.ID})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(c.Reference, "BNSK-") || !strings.HasSuffix(c.Reference, "-0001") || c.Status != casework.Registered {
			t.Errorf("opened: %+v", c)
		}
		// One open case per person and organisation.
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second open case: %v", err)
		}
		// Screening sets the priority and moves a registered case on.
		s, err := db.RecordScreening(ctx, cw, c.ID, casework.Screening{Indicators: []string{"no_income", "disability", "signs_of_distress"}})
		if err != nil || s.Priority != casework.PriorityHigh {
			t.Fatalf("screening: %+v %v", s, err)
		}
		view, err := db.CaseByID(ctx, cw, c.ID)
		if err != nil || view.Status != casework.Screened || view.Priority != casework.PriorityHigh || view.Person.ID != p.ID ||
			view.ProjectCode != "LM.0379" || view.OrgCode != "BNSK" {
			t.Fatalf("after screening: %+v %v", view, err)
		}
		// No skipping ahead; stale versions are conflicts.
		if _, err := db.MoveCase(ctx, cw, c.ID, view.Version, casework.Transition{To: casework.PlanAgreed}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("skip: %v", err)
		}
		if _, err := db.MoveCase(ctx, cw, c.ID, view.Version-1, casework.Transition{To: casework.Assessed}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale move: %v", err)
		}
		version := view.Version
		for _, to := range []string{casework.Assessed, casework.PlanAgreed, casework.Assistance, casework.Monitoring} {
			moved, err := db.MoveCase(ctx, cw, c.ID, version, casework.Transition{To: to, Note: "on to " + to})
			if err != nil {
				t.Fatalf("move to %s: %v", to, err)
			}
			version = moved.Version
		}
		if _, err := db.MoveCase(ctx, cw, c.ID, version, casework.Transition{To: casework.Closed}); app.ErrorFields(err)["reason"] == "" {
			t.Errorf("closing without a reason: %v", err)
		}
		closed, err := db.MoveCase(ctx, cw, c.ID, version, casework.Transition{To: casework.Closed, Reason: "support_completed"})
		if err != nil || closed.ClosedOn == nil || closed.ClosureReason != "support_completed" {
			t.Fatalf("close: %+v %v", closed, err)
		}
		if _, err := db.RecordScreening(ctx, cw, c.ID, casework.Screening{}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("screening a closed case: %v", err)
		}
		reopened, err := db.ReopenCase(ctx, f.bnskMgr.Actor(), c.ID, closed.Version, "came back for help")
		if err != nil || reopened.Status != casework.Monitoring || reopened.ClosedOn != nil || reopened.ClosureReason != "" {
			t.Fatalf("reopen: %+v %v", reopened, err)
		}
		// A new case may be opened only once the first is closed.
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("open beside a reopened case: %v", err)
		}

		events, err := db.CaseTimeline(ctx, cw, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range events {
			kinds = append(kinds, e.Kind+":"+e.ToStatus)
		}
		want := "opened:registered screening: status:screened status:assessed status:plan_agreed status:assistance status:monitoring status:closed reopened:monitoring"
		if got := strings.Join(kinds, " "); got != want {
			t.Errorf("timeline:\n got %s\nwant %s", got, want)
		}
		if last := events[len(events)-2]; last.Reason != "support_completed" || last.ActorName != "bnsk.worker" {
			t.Errorf("closing event: %+v", last)
		}
	})
}

func TestCaseRulesAndScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pr, p := caseFixture(t, db, f)
		cw := f.bnskCW.Actor()
		// Without registration consent no case opens; a withdrawal takes effect at once.
		other := rahim()
		other.NID, other.Phones, other.NameLatin, other.NameBn = "", nil, "Mst. Rokeya Begum", "মোছাঃ রোকেয়া বেগম"
		other.Sex = "female"
		o, err := db.CreatePerson(ctx, cw, other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: o.ID, ProjectID: pr.ID}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("open without consent: %v", err)
		}
		consents, _ := db.ListConsents(ctx, cw, p.ID)
		if err := db.WithdrawConsent(ctx, cw, consents[0].ID, "asked to be removed"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("open after withdrawal: %v", err)
		}
		if _, err := db.AddConsent(ctx, cw, registry.Consent{PersonID: p.ID, Purpose: registry.PurposeRegistration, Method: "written",
			GivenOn: *date("2024-02-01")}); err != nil {
			t.Fatal(err)
		}
		// Projects the organisation is not a partner of, assignees of other organisations, future dates.
		solo, err := db.CreateProject(ctx, app.System, store.Project{Code: "X.1", Title: "WARBE only", PartnerIDs: []string{f.warbe.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: solo.ID}); app.ErrorFields(err)["project_id"] == "" {
			t.Errorf("project without the organisation: %v", err)
		}
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID, AssignedTo: f.warbeCW.ID}); app.ErrorFields(err)["assigned_to"] == "" {
			t.Errorf("assignee from another organisation: %v", err)
		}
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID, OpenedOn: time.Now().AddDate(0, 0, 3)}); app.ErrorFields(err)["opened_on"] == "" {
			t.Errorf("opened in the future: %v", err)
		}
		if _, err := db.OpenCase(ctx, f.pm.Actor(), store.NewCase{PersonID: p.ID, ProjectID: pr.ID}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("programme manager opens a case: %v", err)
		}
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		// Other organisations and roles without returnee access see nothing.
		for _, a := range []app.Actor{f.warbeCW.Actor(), f.admin.Actor(), f.viewer.Actor(), f.enumerator.Actor()} {
			if _, err := db.CaseByID(ctx, a, c.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads the case: %v", a.Username, err)
			}
			if rows, _, _ := db.ListCases(ctx, a, store.CaseQuery{}); len(rows) != 0 {
				t.Errorf("%s lists the case", a.Username)
			}
			if _, err := db.CaseTimeline(ctx, a, c.ID); app.ErrorCode(err) != app.ENOTFOUND {
				t.Errorf("%s reads the timeline: %v", a.Username, err)
			}
		}
		if _, err := db.MoveCase(ctx, f.warbeCW.Actor(), c.ID, c.Version, casework.Transition{To: casework.Screened}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("another organisation moves the case: %v", err)
		}
		if _, err := db.MoveCase(ctx, f.pm.Actor(), c.ID, c.Version, casework.Transition{To: casework.Screened}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("programme manager moves the case: %v", err)
		}
		if rows, _, err := db.ListCases(ctx, f.pm.Actor(), store.CaseQuery{}); err != nil || len(rows) != 1 {
			t.Errorf("programme manager's list: %d %v", len(rows), err)
		}

		// Assignment, notes and tasks.
		assigned, err := db.AssignCase(ctx, f.bnskMgr.Actor(), c.ID, c.Version, f.bnskCW.ID)
		if err != nil || assigned.AssignedTo != f.bnskCW.ID {
			t.Fatalf("assign: %v", err)
		}
		if _, err := db.AssignCase(ctx, f.bnskMgr.Actor(), c.ID, assigned.Version, f.enumerator.ID); app.ErrorFields(err)["assigned_to"] == "" {
			t.Errorf("assign to an enumerator: %v", err)
		}
		if _, err := db.AddCaseNote(ctx, cw, c.ID, "   "); app.ErrorFields(err)["body"] == "" {
			t.Errorf("empty note: %v", err)
		}
		if _, err := db.AddCaseNote(ctx, cw, c.ID, "Visited the family in Ramgati.\nThe father is ill."); err != nil {
			t.Fatal(err)
		}
		yesterday := time.Now().UTC().AddDate(0, 0, -2)
		task, err := db.AddTask(ctx, cw, c.ID, casework.Task{Title: "Call the upazila office", DueOn: &yesterday})
		if err != nil {
			t.Fatal(err)
		}
		view, _ := db.CaseByID(ctx, cw, c.ID)
		if !hasFlag(view.Flags, casework.FlagTaskOverdue) {
			t.Errorf("overdue task not flagged: %v", view.Flags)
		}
		if err := db.CompleteTask(ctx, cw, c.ID, task.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteTask(ctx, cw, c.ID, task.ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("completing twice: %v", err)
		}
		view, _ = db.CaseByID(ctx, cw, c.ID)
		if hasFlag(view.Flags, casework.FlagTaskOverdue) {
			t.Errorf("done task still flagged")
		}
		tasks, _ := db.ListTasks(ctx, cw, c.ID)
		if len(tasks) != 1 || tasks[0].DoneAt == nil {
			t.Errorf("tasks: %+v", tasks)
		}
	})
}

func hasFlag(flags []casework.Flag, f casework.Flag) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

func TestCaseListFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pr, p := caseFixture(t, db, f)
		cw := f.bnskCW.Actor()
		if _, err := db.AddEpisode(ctx, cw, registry.Episode{PersonID: p.ID, Destination: "SA", DepartureDate: date("2018-03-01"),
			ReturnDate: date("2023-06-15"), ReturnType: "lost_job"}); err != nil {
			t.Fatal(err)
		}
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID, AssignedTo: f.bnskCW.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordScreening(ctx, cw, c.ID, casework.Screening{Indicators: []string{"children_out_of_school"}}); err != nil {
			t.Fatal(err)
		}
		// A second, unassigned case for a woman with no episode.
		w := rahim()
		w.NID, w.Phones, w.NameLatin, w.NameBn, w.Sex = "", []string{"01819000111"}, "Mosammat Rokeya Khatun", "মোছাম্মৎ রোকেয়া খাতুন", "female"
		wp, _ := db.CreatePerson(ctx, cw, w)
		db.AddConsent(ctx, cw, registry.Consent{PersonID: wp.ID, Purpose: registry.PurposeRegistration, Method: "verbal", GivenOn: *date("2024-01-01")})
		if _, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: wp.ID, ProjectID: pr.ID}); err != nil {
			t.Fatal(err)
		}
		count := func(q store.CaseQuery) int {
			t.Helper()
			rows, _, err := db.ListCases(ctx, cw, q)
			if err != nil {
				t.Fatal(err)
			}
			return len(rows)
		}
		checks := []struct {
			name string
			q    store.CaseQuery
			want int
		}{
			{"all", store.CaseQuery{}, 2},
			{"open", store.CaseQuery{Status: "open"}, 2},
			{"closed", store.CaseQuery{Status: casework.Closed}, 0},
			{"screened", store.CaseQuery{Status: casework.Screened}, 1},
			{"women", store.CaseQuery{Sex: "female"}, 1},
			{"district", store.CaseQuery{District: "BD2051"}, 2},
			{"return year", store.CaseQuery{ReturnYear: 2023}, 1},
			{"other return year", store.CaseQuery{ReturnYear: 2022}, 0},
			{"destination", store.CaseQuery{Destination: "SA"}, 1},
			{"assigned", store.CaseQuery{AssignedTo: f.bnskCW.ID}, 1},
			{"unassigned", store.CaseQuery{AssignedTo: "none"}, 1},
			{"priority", store.CaseQuery{Priority: casework.PriorityLow}, 1},
			{"name variant", store.CaseQuery{Text: "mohammad rahim"}, 1},
			{"Bangla name", store.CaseQuery{Text: "রোকেয়া"}, 1},
			{"Mst. for Mosammat", store.CaseQuery{Text: "mst rokeya"}, 1},
			{"phone", store.CaseQuery{Text: "01819000111"}, 1},
			{"sorted by priority", store.CaseQuery{Sort: "priority"}, 2},
		}
		for _, c := range checks {
			if got := count(c.q); got != c.want {
				t.Errorf("%s: %d cases, want %d", c.name, got, c.want)
			}
		}
		rows, more, _ := db.ListCases(ctx, cw, store.CaseQuery{Sort: "name", Limit: 1})
		if len(rows) != 1 || !more || rows[0].DisplayName("bn") == "" {
			t.Errorf("paging: %d rows, more %v", len(rows), more)
		}
		byPriority, _, _ := db.ListCases(ctx, cw, store.CaseQuery{Sort: "priority"})
		if byPriority[0].Priority != casework.PriorityLow {
			t.Errorf("priority order: %s first", byPriority[0].Priority)
		}
		// The return date (2023) is long past: the case has no plan 30 days after return.
		if view, err := db.CaseByID(ctx, cw, c.ID); err != nil || !hasFlag(view.Flags, casework.FlagNoPlan30Days) {
			t.Errorf("flags after an old return: %v %v", view.Flags, err)
		}
		mine, err := db.CasesOfPerson(ctx, cw, p.ID)
		if err != nil || len(mine) != 1 || mine[0].OrgCode != "BNSK" {
			t.Errorf("cases of person: %+v %v", mine, err)
		}
		if people, _ := db.SearchPersons(ctx, cw, store.PersonQuery{Destination: "SA", ReturnYear: 2023}); len(people) != 1 {
			t.Errorf("person search by destination and year: %d", len(people))
		}
	})
}

func TestHouseholdsAndSkills(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		_, p := caseFixture(t, db, f)
		cw := f.bnskCW.Actor()
		h, err := db.CreateHousehold(ctx, cw, p.ID, registry.Household{IncomeSources: []string{"agriculture", "remittances"}})
		if err != nil {
			t.Fatal(err)
		}
		if h.ContactPersonID != p.ID || len(h.Members) != 1 || h.Members[0].Relationship != "self" || h.Members[0].Age == nil {
			t.Fatalf("household: %+v", h)
		}
		if _, err := db.CreateHousehold(ctx, cw, p.ID, registry.Household{}); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("second household: %v", err)
		}
		age, no := 11, false
		m, err := db.AddMember(ctx, cw, h.ID, registry.Member{Name: "Sumi", Relationship: "daughter", Sex: "female", Age: &age, Dependant: true, InSchool: &no})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMember(ctx, cw, h.ID, registry.Member{Relationship: "cousin", Sex: "x"}); app.ErrorFields(err)["relationship"] == "" {
			t.Errorf("bad member: %v", err)
		}
		if _, err := db.AddMember(ctx, f.warbeCW.Actor(), h.ID, registry.Member{Relationship: "son", Sex: "male"}); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("another organisation adds a member: %v", err)
		}
		h, _ = db.HouseholdByID(ctx, cw, h.ID)
		if len(h.Members) != 2 || h.Dependants() != 1 || h.ChildrenOutOfSchool() != 1 {
			t.Errorf("members: %+v", h.Members)
		}
		if err := db.RemoveMember(ctx, cw, h.ID, h.Members[0].ID); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("removing the returnee: %v", err)
		}
		if err := db.RemoveMember(ctx, cw, h.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		h, _ = db.HouseholdByID(ctx, cw, h.ID)
		h.IncomeSources, h.Notes = []string{"day_labour"}, ""
		if _, err := db.UpdateHousehold(ctx, cw, h); app.ErrorFields(err)["income_sources"] == "" {
			t.Errorf("unknown income source: %v", err)
		}
		h.IncomeSources = []string{"wage_labour"}
		saved, err := db.UpdateHousehold(ctx, cw, h)
		if err != nil || saved.Version <= h.Version {
			t.Fatalf("update household: %v", err)
		}
		if _, err := db.UpdateHousehold(ctx, cw, h); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("stale household update: %v", err)
		}
		// The person now points at the household.
		got, _ := db.PersonByID(ctx, cw, p.ID)
		if got.HouseholdID != h.ID {
			t.Errorf("person's household: %q", got.HouseholdID)
		}

		years := 6
		s, err := db.AddSkill(ctx, cw, registry.Skill{PersonID: p.ID, ISCO: "7112", Years: &years, Certificate: "Masonry NTVQF 2", Issuer: "TTC Noakhali"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSkill(ctx, cw, registry.Skill{PersonID: p.ID, ISCO: "99999"}); app.ErrorFields(err)["isco"] == "" {
			t.Errorf("unknown ISCO: %v", err)
		}
		skills, _ := db.ListSkills(ctx, f.pm.Actor(), p.ID)
		if len(skills) != 1 || *skills[0].Years != 6 {
			t.Errorf("skills: %+v", skills)
		}
		if skills, _ := db.ListSkills(ctx, f.warbeCW.Actor(), p.ID); len(skills) != 0 {
			t.Errorf("another organisation lists skills")
		}
		if err := db.RemoveSkill(ctx, cw, p.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveSkill(ctx, cw, p.ID, s.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("removing twice: %v", err)
		}
	})
}

func TestProjects(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		if _, err := db.CreateProject(ctx, f.bnskMgr.Actor(), store.Project{Code: "LM.1", Title: "x"}); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("manager creates a project: %v", err)
		}
		_, err := db.CreateProject(ctx, f.pm.Actor(), store.Project{Code: "?", StartDate: date("2023-01-01"), EndDate: date("2019-01-01"), BudgetMinor: -1})
		fields := app.ErrorFields(err)
		for _, k := range []string{"code", "title", "end_date", "budget_minor"} {
			if fields[k] == "" {
				t.Errorf("no message for %s: %v", k, err)
			}
		}
		p, err := db.CreateProject(ctx, f.pm.Actor(), store.Project{Code: "LM.0379", Title: "REMA(K)ER", PartnerIDs: []string{f.bnsk.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateProject(ctx, f.pm.Actor(), store.Project{Code: "lm.0379", Title: "Again"}); app.ErrorFields(err)["code"] == "" {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := db.CreateProject(ctx, f.pm.Actor(), store.Project{Code: "LM.2", Title: "Bad partner", PartnerIDs: []string{"nope"}}); app.ErrorFields(err)["partner_ids"] == "" {
			t.Errorf("unknown partner: %v", err)
		}
		open, _ := db.ProjectsOpenTo(ctx, f.bnsk.ID)
		if len(open) != 1 || open[0].ID != p.ID {
			t.Errorf("open to BNSK: %+v", open)
		}
		if open, _ := db.ProjectsOpenTo(ctx, f.warbe.ID); len(open) != 0 {
			t.Errorf("open to WARBE: %+v", open)
		}
		if got, err := db.ProjectByID(ctx, p.ID); err != nil || len(got.PartnerIDs) != 1 {
			t.Errorf("by id: %+v %v", got, err)
		}
	})
}

func TestStoreRefusesAmbiguousChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		pr, p := caseFixture(t, db, f)
		cw := f.bnskCW.Actor()
		c, err := db.OpenCase(ctx, cw, store.NewCase{PersonID: p.ID, ProjectID: pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		// A change of the case without the version read is refused, not applied blindly.
		if _, err := db.MoveCase(ctx, cw, c.ID, 0, casework.Transition{To: casework.Screened}); app.ErrorFields(err)["version"] == "" {
			t.Errorf("move without a version: %v", err)
		}
		if _, err := db.AssignCase(ctx, cw, c.ID, 0, ""); app.ErrorFields(err)["version"] == "" {
			t.Errorf("assign without a version: %v", err)
		}
		// A note comes back as stored.
		note, err := db.AddCaseNote(ctx, cw, c.ID, "first visit")
		if err != nil || note.ID == "" || note.At.IsZero() || note.ActorName != "bnsk.worker" {
			t.Errorf("note: %+v %v", note, err)
		}
		// Registration with consent is all or nothing, and names every wrong field.
		bad := rahim()
		bad.NID, bad.BirthDate = "", date("2999-01-01")
		_, _, err = db.RegisterWithConsent(ctx, cw, bad, registry.Consent{Method: "smoke signal"})
		fields := app.ErrorFields(err)
		if fields["birth_date"] == "" || fields["consent.method"] == "" || fields["consent.given_on"] == "" {
			t.Errorf("register with consent, bad: %v", err)
		}
		good := rahim()
		good.NID, good.Phones = "", nil
		person, consent, err := db.RegisterWithConsent(ctx, cw, good, registry.Consent{Method: "verbal", GivenOn: *date("2024-05-01")})
		if err != nil || consent.PersonID != person.ID || consent.Purpose != registry.PurposeRegistration {
			t.Fatalf("register with consent: %v", err)
		}
		// Household members: the returnee is "self" once; a registered
		// member joins the household.
		h, err := db.CreateHousehold(ctx, cw, p.ID, registry.Household{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMember(ctx, cw, h.ID, registry.Member{Relationship: "self", Sex: "male"}); app.ErrorFields(err)["relationship"] == "" {
			t.Errorf("second self: %v", err)
		}
		if _, err := db.AddMember(ctx, cw, h.ID, registry.Member{PersonID: person.ID, Relationship: "brother", Sex: "male"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.PersonByID(ctx, cw, person.ID); got.HouseholdID != h.ID {
			t.Errorf("member's household: %q", got.HouseholdID)
		}
		if _, err := db.AddMember(ctx, cw, h.ID, registry.Member{PersonID: person.ID, Relationship: "brother", Sex: "male"}); app.ErrorFields(err)["person_id"] == "" {
			t.Errorf("member twice: %v", err)
		}
		// A consent withdrawn twice is a conflict, not "not found".
		consents, _ := db.ListConsents(ctx, cw, person.ID)
		if err := db.WithdrawConsent(ctx, cw, consents[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawConsent(ctx, cw, consents[0].ID, ""); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("withdrawn twice: %v", err)
		}
		// Moving house: a new district with the old upazila is refused, not silently undone.
		moved, _ := db.PersonByID(ctx, cw, person.ID)
		moved.Upazila = "BD205158"
		if moved, err = db.UpdatePerson(ctx, cw, moved); err != nil {
			t.Fatalf("set upazila: %v", err)
		}
		moved.District = "BD1004"
		if _, err := db.UpdatePerson(ctx, cw, moved); app.ErrorFields(err)["upazila"] == "" {
			t.Errorf("district changed under the old upazila: %v", err)
		}
	})
}

// Two people saving the same record at once: exactly one wins, the other
// hears of the conflict (on PostgreSQL both may read the same version).
func TestConcurrentPersonSavesNeverLoseAChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		cw := f.bnskCW.Actor()
		for round := 0; round < 10; round++ {
			p := rahim()
			p.NID, p.Phones = "", nil
			created, err := db.CreatePerson(ctx, cw, p)
			if err != nil {
				t.Fatal(err)
			}
			errs := make(chan error, 2)
			for _, village := range []string{"Ramgati", "Raipur"} {
				go func(village string) {
					edit := created
					edit.Village = village
					_, err := db.UpdatePerson(ctx, cw, edit)
					errs <- err
				}(village)
			}
			var ok, conflicts int
			for range 2 {
				switch err := <-errs; app.ErrorCode(err) {
				case "":
					ok++
				case app.ECONFLICT:
					conflicts++
				default:
					t.Fatal(err)
				}
			}
			if ok != 1 || conflicts != 1 {
				t.Fatalf("round %d: %d saves succeeded, %d conflicts; want exactly one of each", round, ok, conflicts)
			}
		}
	})
}
