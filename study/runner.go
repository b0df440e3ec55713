package study

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// This file is the runner that sweeps, sensitivity studies and
// comparisons share: a list of tasks, each one run of a version of the
// scenario with a seed, computed --jobs at a time with the results stored
// by task index, so that the outputs are the same for any number of
// workers. Unlike Study.Run it keeps every task's (small) result; the
// studies that use it have hundreds or thousands of runs, not millions.

// task is one run: the base scenario with values for its parameters
// (variant < 0), or one of the runner's variants as it is; and a seed.
type task struct {
	variant int
	values  []float64 // with variant < 0: one per runner.params, or nil to draw them from design
	design  *Design   // with variant < 0 and no values: the values are design.Values(run), drawn by the worker
	run     int
	seed    uint64
}

// variant is a version of a scenario made by editing a copy of a merged
// tree. Its scenario is decoded from the copy, so the positions of its
// numbers are not reliable: it is never bound to parameters.
type variant struct {
	tree *scenarios.Tree               // read, never changed
	edit func(t *scenarios.Tree) error // changes the copy; nil for none
}

// open decodes a fresh copy of the variant.
func (v variant) open() (*scenarios.Scenario, error) {
	t := &scenarios.Tree{Root: cloneNode(v.tree.Root), File: v.tree.File}
	// The merged tree has no extends key left, so Extend only readies the
	// new Tree for decoding.
	if err := scenarios.Extend(t, nil); err != nil {
		return nil, err
	}
	if v.edit != nil {
		if err := v.edit(t); err != nil {
			return nil, err
		}
	}
	var s scenarios.Scenario
	if errs := scenarios.Decode(t, &s); len(errs) > 0 {
		return nil, errs.Err()
	}
	return &s, nil
}

// cloneNode deep-copies a YAML node tree (it has no aliases).
func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, ch := range n.Content {
			c.Content[i] = cloneNode(ch)
		}
	}
	return &c
}

// runner computes tasks on a pool of workers.
type runner struct {
	open     Opener  // the base scenario, for tasks that set parameters
	params   []Param // the parameters those tasks set, as Params finds them
	variants []variant
	opt      Options
	// done and total count the tasks of every call of run, for progress.
	done, total int
}

// runTasks computes the tasks with rn's workers and returns result(i, r)
// of each, by index. result is called from the workers, at most once per
// task and in any order. If a task fails, runTasks returns the error of
// the failed task with the lowest index; if ctx ends, it stops handing out
// tasks and returns an error wrapping ErrInterrupted.
func runTasks[T any](ctx context.Context, rn *runner, tasks []task, result func(i int, r *market.Result) (T, error)) ([]T, error) {
	return runPending(ctx, rn, tasks, make([]T, len(tasks)), nil, result)
}

// runPending is runTasks for the tasks i without have[i] (have may be
// nil); out holds the results of the others already.
func runPending[T any](ctx context.Context, rn *runner, tasks []task, out []T, have []bool, result func(i int, r *market.Result) (T, error)) ([]T, error) {
	pending := len(tasks)
	for _, h := range have {
		if h {
			pending--
		}
	}
	if pending == 0 {
		return out, nil
	}
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan int)
	go func() {
		defer close(todo)
		for i := range tasks {
			if have != nil && have[i] {
				continue
			}
			if inner.Err() != nil {
				return // a select below would pick at random between the two
			}
			select {
			case todo <- i:
			case <-inner.Done():
				return
			}
		}
	}()
	var (
		mu     sync.Mutex
		failed = -1
		ferr   error
		done   = len(tasks) - pending
		wg     sync.WaitGroup
	)
	for range min(max(rn.opt.Jobs, 1), pending) {
		wg.Go(func() {
			w := &taskWorker{rn: rn, cur: -1}
			for i := range todo {
				r, err := w.safeRun(tasks[i])
				var v T
				if err == nil {
					v, err = result(i, r)
				}
				mu.Lock()
				if err != nil {
					if failed < 0 || i < failed {
						failed, ferr = i, err
					}
					cancel()
				} else {
					out[i] = v
					done++
					rn.done++
					if rn.opt.Progress != nil {
						rn.opt.Progress(rn.done, rn.total)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	switch {
	case failed >= 0:
		return nil, fmt.Errorf("run %d (seed %d): %w", failed, tasks[failed].seed, ferr)
	case done < len(tasks):
		return nil, fmt.Errorf("%w after %d of %d runs: %w", ErrInterrupted, done, len(tasks), context.Cause(ctx))
	}
	return out, nil
}

// taskWorker is one goroutine's copies of the scenario: the base, bound to
// the runner's parameters, and the variant it ran last.
type taskWorker struct {
	rn   *runner
	base *scenarios.Opened
	bind binding
	cur  int // variant of sc, or -1
	sc   *scenarios.Scenario
	buf  []float64 // the values of the last task drawn from a design
}

// safeRun is run with a panic turned into the task's error.
func (w *taskWorker) safeRun(t task) (r *market.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	return w.run(t)
}

// run builds the task's scenario and simulates it.
func (w *taskWorker) run(t task) (*market.Result, error) {
	var s *scenarios.Scenario
	if t.variant < 0 {
		if w.base == nil {
			if err := w.openBase(); err != nil {
				return nil, err
			}
		}
		values := t.values
		if values == nil {
			w.buf = t.design.Values(t.run, w.buf)
			values = w.buf
		}
		w.bind.set(values)
		s = w.base.Scenario
	} else {
		if w.cur != t.variant {
			sc, err := w.rn.variants[t.variant].open()
			if err != nil {
				return nil, err
			}
			w.cur, w.sc = t.variant, sc
		}
		s = w.sc
	}
	cfg, agents, err := s.Build()
	if err != nil {
		return nil, err
	}
	return market.Run(cfg, agents, market.Options{Seed: t.seed, NoLog: true}) // studies read only the records
}

// openBase opens the worker's copy of the base scenario and binds it.
func (w *taskWorker) openBase() error {
	if w.rn.open == nil {
		return errors.New("internal error: a task sets parameters but the runner has no scenario")
	}
	o, err := w.rn.open()
	if err != nil {
		return err
	}
	params, b := bind(o.Scenario)
	if err := sameParams(w.rn.params, params); err != nil {
		return err
	}
	w.base, w.bind = o, b
	return nil
}

// replicateSeed is the seed of replicate j of a design point: the master
// seed itself for the first, so that a study with one replicate runs
// every point as `aicloudsim run --seed <seed>` would, and RunSeed(seed, j)
// for the others.
func replicateSeed(seed uint64, j int) uint64 {
	if j == 0 {
		return seed
	}
	return RunSeed(seed, j)
}

// baseValues returns every parameter's value in the scenario.
func baseValues(params []Param) []float64 {
	v := make([]float64, len(params))
	for i, p := range params {
		v[i] = p.Value
	}
	return v
}

// varied returns the indices of the parameters whose range is not a
// single point.
func varied(params []Param) []int {
	var out []int
	for i, p := range params {
		if !p.Fixed() {
			out = append(out, i)
		}
	}
	return out
}

// runLogged is runTasks for the runs of a study that Options.Checkpoint
// saves: compute returns a run's result as vectors of floats of the
// lengths in shape, which keep turns into T. The runs the checkpoint saved
// for this stage are read back instead of computed; the others are saved
// as they finish. keep is called at most once per task, from the workers
// in any order.
func runLogged[T any](ctx context.Context, rn *runner, tasks []task, shape []int, compute func(r *market.Result) ([][]float64, error), keep func(vecs [][]float64) T) ([]T, error) {
	return runFolded(ctx, rn, tasks, shape, nil, compute, keep, nil)
}

// runFolded is runLogged for a stage that folds the first vector of each
// run into st (an ensemble's aggregate), so that the checkpoint can save
// st in their stead (see tasksnapshot.go). keep folds a run into st; the
// runs the checkpoint's snapshot holds in st are handed to restore
// instead, with their other vectors. With st nil, restore is not used.
func runFolded[T any](ctx context.Context, rn *runner, tasks []task, shape []int, st stageState, compute func(r *market.Result) ([][]float64, error), keep, restore func(vecs [][]float64) T) ([]T, error) {
	log := rn.opt.Checkpoint
	stage := log.begin(st)
	out := make([]T, len(tasks))
	have := make([]bool, len(tasks))
	n, err := log.replay(stage, len(tasks), shape, st,
		func(i int, vecs [][]float64) { out[i], have[i] = keep(vecs), true },
		func(i int, vecs [][]float64) { out[i], have[i] = restore(vecs), true })
	if err != nil {
		return nil, err
	}
	if n > 0 {
		rn.done += n
		if rn.opt.Progress != nil {
			rn.opt.Progress(rn.done, rn.total)
		}
	}
	return runPending(ctx, rn, tasks, out, have, func(i int, r *market.Result) (T, error) {
		var v T
		vecs, err := compute(r)
		if err != nil {
			return v, err
		}
		err = log.save(stage, i, vecs, func() { v = keep(vecs) })
		return v, err
	})
}

// runOutcomes runs the tasks with runLogged and returns the outcomes ms of
// each run, by task.
func runOutcomes(ctx context.Context, rn *runner, tasks []task, ms []Measure) ([][]float64, error) {
	ev := newEvaluator(ms)
	return runLogged(ctx, rn, tasks, []int{len(ms)},
		func(r *market.Result) ([][]float64, error) { return [][]float64{ev.eval(r)}, nil },
		func(vecs [][]float64) []float64 { return vecs[0] })
}
