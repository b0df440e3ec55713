package web

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// maxSets bounds the overrides of one what-if.
const maxSets = 200

// runSpec is one what-if: an embedded scenario, a seed and overrides.
type runSpec struct {
	Scenario string
	Seed     uint64 // 0: the scenario's seed, else 1
	Sets     []string
}

// id identifies the spec's run: a hash of the scenario, seed and the
// overrides in order.
func (s runSpec) id() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d", s.Scenario, s.Seed)
	for _, x := range s.Sets {
		fmt.Fprintf(h, "\x00%s", x)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// base is the unchanged scenario the what-if is compared with.
func (s runSpec) base() runSpec { return runSpec{Scenario: s.Scenario, Seed: s.Seed} }

// badRequest is an error in what a client asked for: the API answers 400
// with its message.
type badRequest struct{ err error }

func (e badRequest) Error() string { return e.err.Error() }
func (e badRequest) Unwrap() error { return e.err }

func badRequestf(format string, args ...any) error {
	return badRequest{fmt.Errorf(format, args...)}
}

// checkSpec checks a spec's scenario name against the embedded catalogue:
// the studio never opens a file a request names.
func checkSpec(s runSpec) error {
	names := catalogueNames()
	if !slices.Contains(names, s.Scenario) {
		return badRequestf("scenario %q is not an embedded scenario%s; the embedded scenarios are: %s",
			s.Scenario, scenarios.DidYouMean(s.Scenario, names), strings.Join(names, ", "))
	}
	if len(s.Sets) > maxSets {
		return badRequestf("set: %d overrides; at most %d", len(s.Sets), maxSets)
	}
	return nil
}

// catalogue is the embedded scenarios, read once: listing them opens
// every one.
var catalogue = sync.OnceValue(scenarios.Catalogue)

// catalogueNames lists the embedded scenarios' names.
func catalogueNames() []string {
	var names []string
	for _, e := range catalogue() {
		names = append(names, e.Name)
	}
	return names
}

// opened is a spec's scenario, opened and checked.
type opened struct {
	*scenarios.Opened
	seed uint64
}

// open opens the spec's scenario with its overrides. Problems with them
// are bad requests, with the CLI's messages.
func open(s runSpec) (*opened, error) {
	if err := checkSpec(s); err != nil {
		return nil, err
	}
	o, err := scenarios.Open(s.Scenario, s.Sets)
	if err != nil {
		return nil, badRequest{err}
	}
	return &opened{Opened: o, seed: cmp.Or(s.Seed, o.Seed, 1)}, nil
}

// simulate builds and runs the scenario once.
func (o *opened) simulate() (*market.Result, error) {
	cfg, agents, err := o.Build()
	if err != nil {
		return nil, badRequest{err}
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: o.seed})
	switch {
	case errors.Is(err, market.ErrConfig):
		return nil, badRequest{err}
	case err != nil:
		return nil, fmt.Errorf("running %s: %w", o.Name, err)
	}
	return r, nil
}

// run is a finished what-if: its headline and charts. The full results
// are not kept; a download runs the scenario again (runs are
// deterministic).
type run struct {
	ID     string
	Spec   runSpec
	Seed   uint64
	Name   string // the scenario's name
	Title  string
	Year   int // the final year of the headline
	Months int // the months of that year the run settled
	Rows   []reports.CompanyYear
	series *series
	charts []chart
	whatIf []byte // the what-if as YAML: extends plus the changes
}

// chart finds one of the run's charts by file name.
func (r *run) chart(name string) (chart, bool) {
	for _, c := range r.charts {
		if c.Name == name {
			return c, true
		}
	}
	return chart{}, false
}

// runStore computes runs on the pool and keeps the most recent ones, so
// that a page, its charts and its downloads cost one run. Identical
// requests at the same time share one computation.
type runStore struct {
	pool *pool
	max  int

	mu      sync.Mutex
	entries map[string]*runEntry
	order   []string // ids, oldest first
}

// runEntry is a run being computed or done.
type runEntry struct {
	done chan struct{}
	run  *run
	err  error
}

func newRunStore(p *pool, max int) *runStore {
	return &runStore{pool: p, max: max, entries: map[string]*runEntry{}}
}

// get returns the run of s, computing it (and first its base) if needed.
func (st *runStore) get(ctx context.Context, s runSpec) (*run, error) {
	var base *run
	if len(s.Sets) > 0 {
		b, err := st.get(ctx, s.base())
		if err != nil {
			return nil, err
		}
		base = b
	}
	id := s.id()
	st.mu.Lock()
	e, ok := st.entries[id]
	if !ok {
		e = &runEntry{done: make(chan struct{})}
		st.entries[id] = e
		st.order = append(st.order, id)
	}
	st.mu.Unlock()
	if ok {
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil {
			return nil, e.err
		}
		return e.run, nil
	}
	err := st.pool.do(ctx, func() { e.run, e.err = compute(s, base) })
	if err != nil {
		e.err = err
	}
	close(e.done)
	st.mu.Lock()
	if e.err != nil && !isBadRequest(e.err) {
		st.forget(id) // busy or failed: a later request tries again
	}
	for len(st.order) > st.max {
		st.forget(st.order[0])
	}
	st.mu.Unlock()
	return e.run, e.err
}

// forget drops an entry; st.mu is held.
func (st *runStore) forget(id string) {
	delete(st.entries, id)
	if i := slices.Index(st.order, id); i >= 0 {
		st.order = slices.Delete(st.order, i, i+1)
	}
}

// lookup returns a finished run by id, if the store still has it.
func (st *runStore) lookup(id string) (*run, bool) {
	st.mu.Lock()
	e, ok := st.entries[id]
	st.mu.Unlock()
	if !ok {
		return nil, false
	}
	select {
	case <-e.done:
		return e.run, e.err == nil
	default:
		return nil, false
	}
}

func isBadRequest(err error) bool {
	var b badRequest
	return errors.As(err, &b)
}

// compute runs s and draws its charts against base (nil for a base run).
func compute(s runSpec, base *run) (*run, error) {
	o, err := open(s)
	if err != nil {
		return nil, err
	}
	res, err := o.simulate()
	if err != nil {
		return nil, err
	}
	r := &run{ID: s.id(), Spec: s, Seed: o.seed, Name: o.Name, Title: o.Title, series: newSeries(res)}
	r.Year, r.Months, r.Rows = reports.FinalYear(res)
	var bs *series
	if base != nil {
		bs = base.series
	}
	if r.charts, err = drawCharts(r.series, bs); err != nil {
		return nil, err
	}
	if r.whatIf, err = whatIfYAML(o, s); err != nil {
		return nil, err
	}
	return r, nil
}
