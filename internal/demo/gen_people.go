package demo

import (
	"time"

	"github.com/remaker-bd/remaker/internal/casework"
	"github.com/remaker-bd/remaker/internal/registry"
)

// The large synthetic caseload of "remaker gen" (internal/gen) draws its
// people with the demo's planner, so that a million generated returnees
// look like the demo's five hundred: the same names and their variants,
// homes by census population, destinations by BMET outflows, debts,
// households and skills. Only the people are shared; gen writes cases,
// plans and payments of its own, in bulk.

// Synthetic is one generated returnee: who they are and what their first
// screening (and, for some, a follow-up screening) records.
type Synthetic struct {
	Org        string // the partner's code: BNSK, RMMRU or WARBE
	Person     registry.Person
	Episodes   []registry.Episode // oldest first
	Skills     []registry.Skill
	Members    []registry.Member // besides the returnee
	Income     []string          // the household's income sources
	Registered time.Time         // the day the person came to the organisation
	Screening  casework.Screening
	FollowUp   casework.Screening
	Female     bool
}

// Synth draws synthetic returnees. It is not safe for concurrent use: it
// keeps every phone and ID number drawn so far, so that none repeats.
type Synth struct {
	pl   *planner
	seed uint64
}

// NewSynth returns a drawer of returnees dated relative to day (in
// Dhaka). The seed selects the people: the same seed and index give the
// same person.
func NewSynth(day time.Time, seed uint64) (*Synth, error) {
	f, err := framesOnce()
	if err != nil {
		return nil, err
	}
	pl := &planner{day: dateOf(day), frames: f, phones: map[string]bool{}, ids: map[string]bool{}}
	return &Synth{pl: pl, seed: seed}, nil
}

// Reserve marks an ID number (national ID, passport, BMET registration)
// as taken, so that no generated person draws it: gen reserves those of
// the people already in a database it appends to.
func (s *Synth) Reserve(id string) { s.pl.ids[id] = true }

// SynthOrgShares are the partners' shares of a generated caseload, as in
// the demo.
func SynthOrgShares() map[string]int {
	out := map[string]int{}
	for _, o := range profiles {
		out[o.code] = o.n
	}
	return out
}

// Returnee draws person i of org (a partner's code) opened on or after
// the day the case status suggests. status is a casework status, or ""
// for a person registered without a case.
func (s *Synth) Returnee(org string, i int, status string) Synthetic {
	idx := int(s.seed<<40) + i
	p := s.pl.returnee(profileOf(org), idx, status)
	life := s.pl.stream(streamHistory, idx)
	out := Synthetic{Org: org, Person: p.person, Episodes: p.episodes, Skills: p.skills, Members: p.members,
		Income: p.income, Registered: p.registered, Female: p.person.Sex == "female"}
	first := minDate(p.registered.AddDate(0, 0, life.between(0, 14)), life.day)
	out.Screening = life.screening(p, first, false)
	out.FollowUp = life.screening(p, minDate(first.AddDate(0, 0, life.between(90, 270)), life.day), true)
	return out
}
