package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// Bounds of a background Monte Carlo.
const (
	defaultMCRuns = 40
	maxMCRuns     = 200
	keptMCs       = 8
)

// monteCarlos are the background Monte Carlo ensembles of what-ifs. One
// runs at a time, on one worker of the pool, so the studio stays quick
// for the what-ifs of everyone else.
type monteCarlos struct {
	mu      sync.Mutex
	byID    map[string]*monteCarlo
	order   []string
	running *monteCarlo
}

// monteCarlo is one ensemble: its progress and, once done, its final-year
// revenue shares.
type monteCarlo struct {
	ID     string
	spec   runSpec
	runs   int
	cancel context.CancelFunc

	mu     sync.Mutex
	done   int
	state  string // "queued", "running", "done", "failed", "cancelled"
	err    string
	finals []mcFinal
}

// mcFinal is a company's final-year revenue share over the ensemble.
type mcFinal struct {
	ID   string     `json:"id"`
	Runs uint64     `json:"runs"`
	P    [5]float64 `json:"p"` // P5, P25, P50, P75, P95
}

// mcJSON is the answer of the Monte Carlo endpoints.
type mcJSON struct {
	ID     string    `json:"id"`
	URL    string    `json:"url"`
	State  string    `json:"state"`
	Done   int       `json:"done"`
	Runs   int       `json:"runs"`
	Error  string    `json:"error,omitempty"`
	Finals []mcFinal `json:"finals,omitempty"`
}

func (mc *monteCarlo) json() mcJSON {
	mc.mu.Lock()
	defer mc.mu.Unlock()
	return mcJSON{ID: mc.ID, URL: "/api/montecarlo/" + mc.ID, State: mc.state, Done: mc.done, Runs: mc.runs, Error: mc.err, Finals: mc.finals}
}

// mcRequest is the body of POST /api/montecarlo: a what-if and its runs.
type mcRequest struct {
	runRequest
	Runs int `json:"runs"`
}

// handleMonteCarlo starts a Monte Carlo of a what-if in the background:
// POST /api/montecarlo. It answers 202 with the URL to follow; the same
// what-if and runs again answers the one already started. A new one
// cancels one still running.
func (s *Server) handleMonteCarlo(w http.ResponseWriter, r *http.Request) {
	var req mcRequest
	if !decodeJSON(w, r, &req, "Monte Carlo") {
		return
	}
	spec, err := req.spec()
	if err == nil {
		_, err = open(spec) // the scenario's own errors, before anything starts
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorJSON{err.Error()})
		return
	}
	runs := req.Runs
	if runs == 0 {
		runs = defaultMCRuns
	}
	if runs < 1 || runs > maxMCRuns {
		writeJSON(w, http.StatusBadRequest, errorJSON{fmt.Sprintf("runs: %d; a background Monte Carlo has 1 to %d runs (run more with `aicloudsim montecarlo`)", runs, maxMCRuns)})
		return
	}
	mc := s.mcs.start(s.pool, spec, runs)
	writeJSON(w, http.StatusAccepted, mc.json())
}

// handleMonteCarloStatus reports a Monte Carlo's progress: GET /api/montecarlo/{id}.
func (s *Server) handleMonteCarloStatus(w http.ResponseWriter, r *http.Request) {
	s.mcs.mu.Lock()
	mc, ok := s.mcs.byID[r.PathValue("id")]
	s.mcs.mu.Unlock()
	if !ok {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, mc.json())
}

// start returns the Monte Carlo of spec with runs runs, starting it if it
// is new and cancelling any other that runs.
func (ms *monteCarlos) start(p *pool, spec runSpec, runs int) *monteCarlo {
	id := fmt.Sprintf("%s-%d", spec.id(), runs)
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if mc, ok := ms.byID[id]; ok {
		return mc
	}
	if ms.running != nil {
		ms.running.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	mc := &monteCarlo{ID: id, spec: spec, runs: runs, cancel: cancel, state: "queued"}
	ms.byID[id] = mc
	ms.order = append(ms.order, id)
	for len(ms.order) > keptMCs {
		delete(ms.byID, ms.order[0])
		ms.order = ms.order[1:]
	}
	ms.running = mc
	go func() {
		mc.run(ctx, p)
		cancel()
		ms.mu.Lock()
		if ms.running == mc {
			ms.running = nil
		}
		ms.mu.Unlock()
	}()
	return mc
}

// run computes the ensemble on one worker of the pool. When the queue is
// full of what-ifs it lets them go first, and asks again a moment later.
func (mc *monteCarlo) run(ctx context.Context, p *pool) {
	var err error
	for {
		var cerr error
		err = p.do(ctx, func() { cerr = mc.compute(ctx) })
		if err == nil {
			err = cerr
		}
		if !errors.Is(err, errBusy) {
			break
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(500 * time.Millisecond):
			continue
		}
		break
	}
	mc.mu.Lock()
	defer mc.mu.Unlock()
	switch {
	case err == nil:
		mc.state = "done"
	case errors.Is(err, context.Canceled), errors.Is(err, study.ErrInterrupted):
		mc.state, mc.err = "cancelled", "stopped: another Monte Carlo took its place"
	default:
		mc.state, mc.err = "failed", err.Error()
	}
}

// stop cancels the running Monte Carlo, if any.
func (ms *monteCarlos) stop() {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.running != nil {
		ms.running.cancel()
	}
}

// compute runs the ensemble with study, one run at a time.
func (mc *monteCarlo) compute(ctx context.Context) error {
	mc.mu.Lock()
	mc.state = "running"
	mc.mu.Unlock()
	sets, err := heldSets(mc.spec)
	if err != nil {
		return err
	}
	st, err := study.New(func() (*scenarios.Opened, error) { return scenarios.Open(mc.spec.Scenario, sets) },
		mcSeed(mc.spec), mc.runs, study.LatinHypercube)
	if err != nil {
		return err
	}
	state := st.Start(study.Whole)
	err = st.Run(ctx, state, io.Discard, study.Options{Jobs: 1, Progress: func(done, _ int) {
		mc.mu.Lock()
		mc.done = done
		mc.mu.Unlock()
	}})
	if err != nil {
		return err
	}
	var finals []mcFinal
	for _, f := range state.Agg.Finals() {
		if f.Metric == market.MetricRevenueShare && f.Company != market.Market {
			finals = append(finals, mcFinal{ID: f.Company, Runs: f.Runs, P: f.P})
		}
	}
	mc.mu.Lock()
	mc.finals = finals
	mc.mu.Unlock()
	return nil
}

// heldSets returns the what-if's overrides with every ranged number it
// changes held at its new value: {value: ...} without the range, so that
// the ensemble varies only what the what-if left alone.
func heldSets(s runSpec) ([]string, error) {
	o, err := scenarios.Open(s.Scenario, nil)
	if err != nil {
		return nil, err
	}
	ranged := map[string]bool{}
	for _, p := range study.Params(o.Scenario) {
		ranged[p.Path] = true
		for _, a := range p.Aliases {
			ranged[a] = true
		}
	}
	out := make([]string, len(s.Sets))
	for i, set := range s.Sets {
		path, value, _ := strings.Cut(set, "=")
		out[i] = set
		if ranged[strings.TrimSpace(path)] {
			out[i] = fmt.Sprintf("%s={value: %s}", path, strconv.Quote(strings.TrimSpace(value)))
		}
	}
	return out, nil
}

// mcSeed is the ensemble's seed: the what-if's, else 1.
func mcSeed(s runSpec) uint64 {
	if s.Seed != 0 {
		return s.Seed
	}
	return 1
}
