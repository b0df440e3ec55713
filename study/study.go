package study

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Opener returns a fresh, independent copy of the study's scenario, for
// example by calling scenarios.Open with the same arguments. Each worker
// opens its own copy once and changes its ranged numbers run by run.
type Opener func() (*scenarios.Opened, error)

// Study is a Monte Carlo ensemble of one scenario: Runs runs, run i with
// seed RunSeed(Seed, i) and the parameter values of run i of its Design.
type Study struct {
	Scenario, Title, Hash string
	Seed                  uint64
	Runs                  int
	Sampling              Sampling
	Params                []Param
	Layout                *Layout
	Design                *Design
	// Build is this build's fingerprint for the study (see Fingerprint).
	Build string

	open Opener
}

// New opens the scenario, finds its ranged numbers and checks that it
// builds. Its errors are the scenario's.
func New(open Opener, seed uint64, runs int, sampling Sampling) (*Study, error) {
	if runs < 1 {
		return nil, fmt.Errorf("an ensemble needs at least one run, not %d", runs)
	}
	if err := capped("--runs", runs, MaxEnsembleRuns); err != nil {
		return nil, err
	}
	if _, err := ParseSampling(string(sampling)); err != nil {
		return nil, err
	}
	o, err := open()
	if err != nil {
		return nil, err
	}
	cfg, agents, err := o.Build()
	if err != nil {
		return nil, err
	}
	layout := NewLayout(cfg)
	build, err := probe(o, cfg, agents, seed)
	if err != nil {
		return nil, err
	}
	params := Params(o.Scenario)
	return &Study{
		Scenario: o.Name, Title: o.Title, Hash: o.Hash, Seed: seed, Runs: runs, Sampling: sampling,
		Params: params, Layout: layout, Design: NewDesign(params, seed, runs, sampling), Build: build, open: open,
	}, nil
}

// Options say how to execute a study.
type Options struct {
	Jobs int // runs computed at once; at least 1
	// Progress, if set, is called after each run is written, with the
	// shard's runs done so far and in all.
	Progress func(done, total int)
	// Trajectories, if set, receives every run's monthly headline series,
	// in run order (montecarlo --keep-runs).
	Trajectories *TrajectoryWriter
	// Log, if set, saves every run of a Monte Carlo study as it finishes,
	// with a snapshot of the state from time to time (see Replay); Run
	// must then write runs.csv to the log's SumWriter.
	Log *Log
	// Checkpoint, if set, saves every run of a sweep, sensitivity study
	// or comparison as it finishes, and reads back the runs it saved
	// before (see TaskLog).
	Checkpoint *TaskLog
}

// ErrInterrupted is returned, wrapped, when the context ends a study
// early; the State given to Run then holds the runs done.
var ErrInterrupted = errors.New("interrupted")

// RunError is the failure of one run.
type RunError struct {
	Run  int
	Seed uint64
	Err  error
}

func (e *RunError) Error() string { return fmt.Sprintf("run %d (seed %d): %v", e.Run, e.Seed, e.Err) }
func (e *RunError) Unwrap() error { return e.Err }

// Header is the header of runs.csv: run, seed, every parameter's path,
// and every outcome's column.
func (s *Study) Header() []string {
	h := []string{"run", "seed"}
	for _, p := range s.Params {
		h = append(h, p.Path)
	}
	for _, o := range s.Layout.Outcomes {
		h = append(h, o.Column())
	}
	return h
}

// Start returns the state of a study with nothing done, for shard sh.
func (s *Study) Start(sh Shard) *State {
	return &State{
		Progress: Progress{
			Scenario: s.Scenario, Title: s.Title, Hash: s.Hash, Seed: s.Seed, Runs: s.Runs, Sampling: s.Sampling,
			Shard: sh, ShardRuns: sh.Size(s.Runs), Params: s.Params, Build: s.Build,
		},
		Agg: NewAggregate(s.Layout),
	}
}

// Check reports whether st is a state of this study and shard, so that Run
// can continue it.
func (s *Study) Check(st *State, sh Shard) error {
	if err := sameStudy(&st.Progress, &s.Start(sh).Progress); err != nil {
		return fmt.Errorf("it is another study (its values vs this one's): %v", err)
	}
	if st.Build != s.Build {
		return fmt.Errorf("%s; continue it with that build, or remove it to start again", OtherBuild(st.Build, s.Build))
	}
	if st.Shard != sh {
		return fmt.Errorf("it is shard %s, not %s", st.Shard, sh)
	}
	if !s.Layout.equal(st.Agg.Layout) {
		return errors.New("it aggregates other series or months")
	}
	return nil
}

// Run computes the runs of st's shard that st has not done, opt.Jobs at a
// time, adds them to st and writes their rows of runs.csv to rows in run
// order (with the header first if st has no runs yet and, with opt.Log,
// nothing was written to runs.csv yet). Memory stays bounded: at most
// 4·Jobs runs are in flight or waiting for an earlier one. Runs are added
// to st in run order, so st holds the shard's first st.Done runs whenever
// opt.Log takes a snapshot of it.
//
// If ctx ends, Run stops handing out runs, finishes those under way and
// returns st, holding every run up to the last one written, with an error
// wrapping ErrInterrupted; Run can continue it later. If a run fails, Run
// returns its *RunError (the one with the lowest index) and st must not
// be used.
func (s *Study) Run(ctx context.Context, st *State, rows io.Writer, opt Options) error {
	if err := s.Check(st, st.Shard); err != nil {
		return err
	}
	written := int64(0)
	if opt.Log != nil {
		if rows != opt.Log.rows {
			return errRowsWriter
		}
		written, _ = opt.Log.rows.Sum()
	}
	cw := csv.NewWriter(rows)
	if st.Done == 0 && written == 0 {
		if err := cw.Write(s.Header()); err != nil {
			return err
		}
	}
	todo := st.ShardRuns - st.Done
	jobs := min(max(opt.Jobs, 1), max(todo, 1))
	e := &execution{s: s, st: st, rows: cw, opt: opt, window: 4 * jobs, free: make(chan []float64, 4*jobs)}
	err := e.run(ctx, jobs)
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

// execution is one call of Run.
type execution struct {
	s      *Study
	st     *State
	rows   *csv.Writer
	opt    Options
	window int
	free   chan []float64 // cells of runs aggregated, for reuse
	tokens chan struct{}  // runs handed out and not yet written
}

// result is one run's row, series and outcomes, or its failure.
type result struct {
	j               int // the shard's j-th run
	row             []string
	cells, outcomes []float64
	traj            []byte // the run's trajectory rows, with Options.Trajectories
	err             error
}

func (e *execution) run(ctx context.Context, jobs int) error {
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	e.tokens = make(chan struct{}, e.window)
	todo := make(chan int)
	results := make(chan result, e.window)
	go dispatch(inner, e.st.Done, e.st.ShardRuns, e.tokens, todo)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() { e.work(todo, results) })
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*result{}
	var failed *RunError
	var werr error
	for res := range results {
		if res.err != nil {
			var re *RunError
			if !errors.As(res.err, &re) {
				re = &RunError{Run: -1, Err: res.err}
			}
			if failed == nil || re.Run < failed.Run {
				failed = re
			}
			cancel()
			continue
		}
		if werr != nil {
			continue
		}
		if e.opt.Log != nil {
			if err := e.opt.Log.add(res.j, res.row, res.cells, res.outcomes); err != nil {
				werr = fmt.Errorf("saving the checkpoint: %w", err)
				cancel()
				continue
			}
		}
		pending[res.j] = &res
		if werr = e.advance(pending); werr != nil {
			cancel()
		}
	}
	switch {
	case failed != nil && failed.Run < 0:
		return failed.Err
	case failed != nil:
		return failed
	case werr != nil:
		return werr
	case !e.st.Complete():
		return fmt.Errorf("%w after %d of %d runs: %w", ErrInterrupted, e.st.Done, e.st.ShardRuns, context.Cause(ctx))
	}
	return nil
}

// advance writes and aggregates the runs in pending that come next in
// run order, then, if the log is due for one, takes a snapshot of the
// state with the runs still waiting.
func (e *execution) advance(pending map[int]*result) error {
	for r, ok := pending[e.st.Done]; ok; r, ok = pending[e.st.Done] {
		delete(pending, e.st.Done)
		if err := e.rows.Write(r.row); err != nil {
			return err
		}
		if e.opt.Trajectories != nil {
			if err := e.opt.Trajectories.write(r.traj); err != nil {
				return err
			}
		}
		e.st.Agg.add(r.cells, r.outcomes)
		e.st.Done++
		select {
		case e.free <- r.cells:
		default:
		}
		<-e.tokens
		if e.opt.Progress != nil {
			e.opt.Progress(e.st.Done, e.st.ShardRuns)
		}
	}
	if log := e.opt.Log; log != nil && log.due() {
		if e.rows.Flush(); e.rows.Error() != nil {
			return e.rows.Error()
		}
		if err := log.snapshot(e.st, pending); err != nil {
			return fmt.Errorf("saving the checkpoint: %w", err)
		}
	}
	return nil
}

// dispatch hands out the shard's runs from to end, in order, each once a
// token is free, until they are all out or ctx ends.
func dispatch(ctx context.Context, from, end int, tokens chan<- struct{}, todo chan<- int) {
	defer close(todo)
	for j := from; j < end; j++ {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case todo <- j:
		case <-ctx.Done():
			return
		}
	}
}

// worker is one goroutine's copy of the scenario and its buffers.
type worker struct {
	sc       *scenarios.Opened
	bind     binding
	values   []float64
	cells    []float64
	outcomes []float64
	last     *market.Result // the previous run's result, whose memory the next run reuses
}

// work computes runs from todo until it is closed. Each result owns its
// cells and outcomes; the collector aggregates them in run order.
func (e *execution) work(todo <-chan int, results chan<- result) {
	w, err := e.newWorker()
	for j := range todo {
		if err != nil {
			results <- result{j: j, err: err}
			continue
		}
		i := e.st.Shard.Run(j)
		select {
		case w.cells = <-e.free:
		default:
			w.cells = make([]float64, e.s.Layout.Cells())
		}
		row, rerr := e.safeCompute(w, i)
		if rerr != nil {
			results <- result{j: j, err: &RunError{Run: i, Seed: RunSeed(e.s.Seed, i), Err: rerr}}
			continue
		}
		res := result{j: j, row: row, cells: w.cells, outcomes: slices.Clone(w.outcomes)}
		if e.opt.Trajectories != nil {
			res.traj = e.s.Layout.trajectoryRows(i, w.cells, nil)
		}
		results <- res
	}
}

func (e *execution) newWorker() (*worker, error) {
	sc, err := e.s.open()
	if err != nil {
		return nil, err
	}
	if sc.Hash != e.s.Hash {
		return nil, errors.New("the scenario changed while the study ran")
	}
	params, b := bind(sc.Scenario)
	if err := sameParams(e.s.Params, params); err != nil {
		return nil, err
	}
	return &worker{sc: sc, bind: b}, nil
}

// safeCompute is compute with a panic turned into the run's error, so a
// bug in one run fails the study with its run index instead of killing
// the process from a worker goroutine.
func (e *execution) safeCompute(w *worker, i int) (row []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
	}()
	return e.compute(w, i)
}

// compute runs run i on w, leaving its series in w.cells and its
// outcomes in w.outcomes, and returns its row.
func (e *execution) compute(w *worker, i int) ([]string, error) {
	s := e.s
	w.values = s.Design.Values(i, w.values)
	w.bind.set(w.values)
	cfg, agents, err := w.sc.Build()
	if err != nil {
		return nil, fmt.Errorf("the sampled parameters break the scenario: %w", err)
	}
	seed := RunSeed(s.Seed, i)
	r, err := market.Run(cfg, agents, market.Options{Seed: seed, Reuse: w.last, NoLog: true})
	if err != nil {
		return nil, err
	}
	if err := s.Layout.extract(r, w.cells); err != nil {
		return nil, err
	}
	w.last = r // extracted: nothing else reads it
	w.outcomes = s.Layout.outcomes(w.cells, w.outcomes)

	row := make([]string, 0, 2+len(w.values)+len(w.outcomes))
	row = append(row, strconv.Itoa(i), strconv.FormatUint(seed, 10))
	for _, v := range w.values {
		row = append(row, formatValue(v))
	}
	for _, v := range w.outcomes {
		row = append(row, formatValue(v))
	}
	return row, nil
}

// formatValue writes v with the fewest digits that read back exactly.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
