package gen

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/remaker-bd/remaker/internal/demo"
	"github.com/remaker-bd/remaker/internal/store"
)

// generate draws the people in one goroutine and writes them in another,
// a batch (one transaction) at a time. first is the index of the first
// new person: the number already in the database.
func generate(ctx context.Context, s sink, e *env, o Options, first int, res *Result) error {
	synth, err := demo.NewSynth(e.day, o.Seed)
	if err != nil {
		return err
	}
	if first > 0 {
		// Keep national IDs unique within each organisation.
		taken, err := s.queryStrings(ctx, "SELECT nid, passport FROM persons WHERE nid IS NOT NULL OR passport IS NOT NULL")
		if err != nil {
			return err
		}
		for _, t := range taken {
			synth.Reserve(t[0])
			synth.Reserve(t[1])
		}
	}
	m := &maker{env: e, ids: newIDs(e.day, o.Seed, uint64(first)), synth: synth, seed: o.Seed, today: e.day, s: s}
	if err := m.loadReferences(ctx); err != nil {
		return err
	}
	for code, n := range demo.SynthOrgShares() {
		for range n {
			m.orgs = append(m.orgs, code)
		}
	}
	slices.Sort(m.orgs)
	// Interleave the partners' slots so that every batch holds all three.
	m.orgs = interleave(m.orgs)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	genErr := make(chan error, 1)
	go func() {
		defer close(batches)
		for start := 0; start < o.Persons; start += o.BatchPersons {
			b := newBatch()
			for i := start; i < min(start+o.BatchPersons, o.Persons); i++ {
				if err := m.person(b, first+i); err != nil {
					genErr <- err
					return
				}
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
		genErr <- nil
	}()
	bar := newProgress(o.Progress, o.Persons)
	done := 0
	for b := range batches {
		details, err := batchAudit(b, o.Seed, first+done)
		if err != nil {
			return err
		}
		audit := &table{name: "audit_log", cols: []string{"at", "actor_id", "actor_name", "actor_org_id", "action", "object_type",
			"object_id", "object_org_id", "client_ip", "request_id", "details"}}
		audit.add(time.Now().UTC().Truncate(time.Microsecond), nil, "remaker gen", nil, store.ActCreate, "generated_batch", b.first, nil, "", "", details)
		if err := s.write(ctx, append(b.tables, audit)); err != nil {
			return fmt.Errorf("writing people %d to %d: %w", first+done+1, first+done+b.persons, err)
		}
		for _, t := range b.tables {
			res.Rows[t.name] += int64(len(t.rows))
		}
		res.Rows["audit_log"]++
		done += b.persons
		res.Persons = done
		bar.update(done)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	bar.finish()
	if err := <-genErr; err != nil {
		return err
	}
	return ctx.Err()
}

// interleave spreads sorted codes evenly: AAABBC -> ABACAB-like.
func interleave(sorted []string) []string {
	count := map[string]int{}
	var order []string
	for _, c := range sorted {
		if count[c] == 0 {
			order = append(order, c)
		}
		count[c]++
	}
	out := make([]string, 0, len(sorted))
	placed := map[string]int{}
	for k := range len(sorted) {
		// Take the code furthest behind its share.
		best, bestLag := "", -1.0
		for _, c := range order {
			lag := float64(count[c])*float64(k+1)/float64(len(sorted)) - float64(placed[c])
			if placed[c] < count[c] && lag > bestLag {
				best, bestLag = c, lag
			}
		}
		out = append(out, best)
		placed[best]++
	}
	return out
}

// progress draws "[=====>    ] 45%  450,000/1,000,000 people  12,345/s  ETA 0:45" on one line.
type progress struct {
	w     io.Writer
	total int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: time.Now()}
}

func (p *progress) update(done int) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 200*time.Millisecond && done < p.total {
		return
	}
	p.last = now
	const width = 30
	frac := float64(done) / float64(p.total)
	filled := int(frac * width)
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	el := now.Sub(p.start)
	rate := float64(done) / el.Seconds()
	eta := "--:--"
	if rate > 0 {
		eta = clock(time.Duration(float64(p.total-done) / rate * float64(time.Second)))
	}
	fmt.Fprintf(p.w, "\r[%s] %3.0f%%  %s/%s people  %s/s  elapsed %s  ETA %s\x1b[K", bar, frac*100, thousands(done), thousands(p.total),
		thousands(int(rate)), clock(el), eta)
}

func (p *progress) finish() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}

func clock(d time.Duration) string {
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
