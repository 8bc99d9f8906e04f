package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/remaker-bd/remaker/internal/app"
	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/referral"
	"github.com/remaker-bd/remaker/internal/registry"
	"github.com/remaker-bd/remaker/internal/store"
)

// seedCaseload creates the REMA(K)ER project and the planned caseload
// through the store, each record by the case worker or manager who would
// have entered it, so every rule of the register and the lifecycle holds
// for the demo as for real work. users are the demo users by username,
// orgIDs the organisations by code.
//
// People are written in parallel (PostgreSQL waits on each commit;
// SQLite's single writer simply queues them); cases are opened one
// organisation at a time in date order so that their references (BNSK-2025-0001...)
// follow the opening dates; the work on each case is again parallel.
func seedCaseload(ctx context.Context, db *store.DB, users map[string]store.User, orgIDs map[string]string, day time.Time) error {
	people, err := plan(day)
	if err != nil {
		return err
	}
	pm, ok := users["iom.pm"]
	if !ok {
		return fmt.Errorf("demo: no programme manager to create the project")
	}
	var partners []string
	for _, o := range profiles {
		partners = append(partners, orgIDs[o.code])
	}
	project, err := db.CreateProject(ctx, pm.Actor(), Project(partners))
	if err != nil {
		return fmt.Errorf("demo project: %w", err)
	}
	w := &writer{db: db, users: users, orgIDs: orgIDs, projectID: project.ID, day: dateOf(day),
		personIDs: make([]string, len(people)), cases: make([]openCase, len(people)), prog: programmePlan(people, dateOf(day))}
	if err := w.programmeSetup(ctx, w.day); err != nil {
		return err
	}
	if err := w.parallel(ctx, len(people), func(i int) error {
		if err := w.person(ctx, i, people[i]); err != nil {
			return fmt.Errorf("demo returnee %d (%s): %w", i+1, people[i].org, err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := parallelN(ctx, len(profiles), len(profiles), func(k int) error {
		org := profiles[k].code
		for i, p := range people {
			if p.org != org || p.kase == nil {
				continue
			}
			if err := w.open(ctx, i, p); err != nil {
				return fmt.Errorf("demo case of returnee %d (%s): %w", i+1, org, err)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := w.parallel(ctx, len(people), func(i int) error {
		if people[i].kase == nil {
			return nil
		}
		if err := w.work(ctx, i, people[i]); err != nil {
			return fmt.Errorf("demo case %s: %w", w.cases[i].ref, err)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := w.activities(ctx, people); err != nil {
		return err
	}
	if err := w.scores(ctx, people); err != nil {
		return err
	}
	if err := w.studyResponses(ctx); err != nil {
		return err
	}
	if err := w.studySeed(ctx); err != nil {
		return err
	}
	return w.strategySeed(ctx)
}

// writer writes planned returnees through the store.
type writer struct {
	db        *store.DB
	users     map[string]store.User
	orgIDs    map[string]string
	projectID string
	personIDs []string   // by index in the plan
	cases     []openCase // by index in the plan
	day       time.Time
	prog      []*progPlan                 // by index in the plan
	lines     map[string]string           // budget line IDs by "ORG|category"
	services  map[string]referral.Service // by "ORG|name_en", and "ORG|" for its first
}

type openCase struct {
	id, ref string
	version int
	worker  app.Actor // who works on the case
}

func (w *writer) actor(username string) (app.Actor, error) {
	u, ok := w.users[username]
	if !ok {
		return app.Actor{}, fmt.Errorf("demo: no user %s", username)
	}
	return u.Actor(), nil
}

// person writes a person with their consents, migration history,
// household and skills.
func (w *writer) person(ctx context.Context, i int, p *returnee) error {
	db := w.db
	a, err := w.actor(p.actor)
	if err != nil {
		return err
	}
	person, err := db.CreatePerson(ctx, a, p.person)
	if err != nil {
		return fmt.Errorf("person: %w", err)
	}
	w.personIDs[i] = person.ID
	for _, c := range p.consents {
		saved, err := db.AddConsent(ctx, a, consentRecord(c, person.ID, w.orgIDs))
		if err != nil {
			return fmt.Errorf("consent %s: %w", c.purpose, err)
		}
		if c.withdraw != "" {
			if err := db.WithdrawConsent(ctx, a, saved.ID, c.withdraw); err != nil {
				return fmt.Errorf("withdraw %s: %w", c.purpose, err)
			}
		}
	}
	for _, ep := range p.episodes {
		ep.PersonID = person.ID
		if _, err := db.AddEpisode(ctx, a, ep); err != nil {
			return fmt.Errorf("episode: %w", err)
		}
	}
	h, err := db.CreateHousehold(ctx, a, person.ID, householdOf(p))
	if err != nil {
		return fmt.Errorf("household: %w", err)
	}
	for _, m := range p.members {
		if _, err := db.AddMember(ctx, a, h.ID, m); err != nil {
			return fmt.Errorf("household member: %w", err)
		}
	}
	for _, s := range p.skills {
		s.PersonID = person.ID
		if _, err := db.AddSkill(ctx, a, s); err != nil {
			return fmt.Errorf("skill %s: %w", s.ISCO, err)
		}
	}
	return nil
}

// open opens a person's case, registered by whoever registered the person.
func (w *writer) open(ctx context.Context, i int, p *returnee) error {
	registrar, err := w.actor(p.actor)
	if err != nil {
		return err
	}
	worker := registrar
	n := store.NewCase{PersonID: w.personIDs[i], ProjectID: w.projectID, OpenedOn: p.kase.opened}
	if p.kase.assignee != "" {
		n.AssignedTo = w.users[p.kase.assignee].ID
		if worker, err = w.actor(p.kase.assignee); err != nil {
			return err
		}
	}
	c, err := w.db.OpenCase(ctx, registrar, n)
	if err != nil {
		return fmt.Errorf("open case: %w", err)
	}
	w.cases[i] = openCase{id: c.ID, ref: c.Reference, version: c.Version, worker: worker}
	return nil
}

// work records the screenings, moves, notes and tasks of a case, in order.
func (w *writer) work(ctx context.Context, i int, p *returnee) error {
	db, c := w.db, w.cases[i]
	assignee := ""
	if p.kase.assignee != "" {
		assignee = w.users[p.kase.assignee].ID
	}
	for _, o := range p.kase.ops {
		switch o.kind {
		case opScreen:
			if _, err := db.RecordScreening(ctx, c.worker, c.id, o.screening); err != nil {
				return fmt.Errorf("screening: %w", err)
			}
			// A screening always saves the case (its priority, and its
			// status when registered), which bumps the version.
			c.version++
		case opMove:
			moved, err := db.MoveCase(ctx, c.worker, c.id, c.version, o.move)
			if err != nil {
				return fmt.Errorf("move to %s: %w", o.move.To, err)
			}
			c.version = moved.Version
		case opReopen:
			reopened, err := db.ReopenCase(ctx, c.worker, c.id, c.version, o.text)
			if err != nil {
				return fmt.Errorf("reopen: %w", err)
			}
			c.version = reopened.Version
		case opProgramme:
			if err := w.programmeWork(ctx, i, p, c); err != nil {
				return err
			}
		case opNote:
			if _, err := db.AddCaseNote(ctx, c.worker, c.id, o.text); err != nil {
				return fmt.Errorf("note: %w", err)
			}
		case opTask:
			t, err := db.AddTask(ctx, c.worker, c.id, casework.Task{Title: o.text, DueOn: &o.due, AssignedTo: assignee})
			if err != nil {
				return fmt.Errorf("task: %w", err)
			}
			if o.done {
				if err := db.CompleteTask(ctx, c.worker, c.id, t.ID); err != nil {
					return fmt.Errorf("complete task: %w", err)
				}
			}
		}
	}
	return nil
}

// parallel runs fn for 0..n-1 on a few goroutines and returns the first
// error, after which no new item starts. PostgreSQL takes eight writers
// at once (each waits on its commit); SQLite has one writer connection,
// where more goroutines only queue, so two keep it busy.
func (w *writer) parallel(ctx context.Context, n int, fn func(i int) error) error {
	g := 8
	if w.db.Dialect() == store.SQLite {
		g = 2
	}
	return parallelN(ctx, n, g, fn)
}

func parallelN(ctx context.Context, n, goroutines int, fn func(i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for i := range next {
				if err := fn(i); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

func consentRecord(c consentPlan, personID string, orgIDs map[string]string) registry.Consent {
	rec := registry.Consent{PersonID: personID, Purpose: c.purpose, Method: c.method, GivenOn: c.givenOn}
	if c.sharedWith != "" {
		rec.SharedWithOrg = orgIDs[c.sharedWith]
	}
	return rec
}

func householdOf(p *returnee) registry.Household {
	return registry.Household{IncomeSources: p.income}
}
