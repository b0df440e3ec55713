package study

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/optimize"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// CalibrationConfig chooses what a calibration fits and how hard it tries.
type CalibrationConfig struct {
	Params   []string // paths of ranged numbers to fit; none: the Top the screening ranks first
	Top      int      // numbers the screening picks; default 4
	Seeds    int      // common random numbers: seeds every point is run with, averaged; default 3
	MaxEvals int      // Nelder–Mead evaluations of the main fit; default 120 (the hold-out fit gets half)
	Date     string   // the day of the fit, for the sources of the fitted numbers
}

// Default tolerances of a target's error: a share may miss by 2
// percentage points, any other figure by 10%.
const (
	ShareTolerance    = 0.02
	RelativeTolerance = 0.10
)

// Calibration fits a scenario's ranged numbers to its dated targets.
//
// The error of a target is its miss over its tolerance: for a share, the
// difference in points over ShareTolerance; for money and volumes, the
// difference over the larger of the source's and the simulated value,
// over RelativeTolerance, so that missing by a factor k costs the same
// up or down and a zero does not make the error infinite. The weighted
// error of a set of targets is the root mean square of their errors. Each
// point is run with the same Seeds seeds and the simulated figures are
// averaged before the errors are taken (common random numbers), so the
// optimiser sees the numbers' effect and not the seeds' noise.
//
// A calibration screens the ranged numbers (each at the low and at the
// high end of its range: which move the targets most), fits the chosen
// ones with Nelder–Mead over unconstrained coordinates u with
// value = low + (high−low)·σ(u), so every trial stays in its range,
// measures the fitted numbers' identifiability from a finite-difference
// Jacobian of the errors, and repeats the fit on two thirds of the
// targets to measure the error on the rest (the hold-out check).
type Calibration struct {
	Scenario, Title, Ref string
	Seed                 uint64
	Config               CalibrationConfig
	Params               []Param // every ranged number
	Targets              []market.Target

	open      Opener
	seeds     []uint64
	rn        *runner
	unreached []string // targets no ranged number moves by a tenth of a tolerance
}

// NewCalibration opens the scenario (through open) and reads its targets.
// The runs stop at the end of the last target's period. Its errors are bad
// input.
func NewCalibration(open Opener, ref string, seed uint64, c CalibrationConfig) (*Calibration, error) {
	c.Top = cmp.Or(c.Top, 4)
	c.Seeds = cmp.Or(c.Seeds, 3)
	c.MaxEvals = cmp.Or(c.MaxEvals, 120)
	if c.Top < 1 || c.Seeds < 1 || c.MaxEvals < 10 {
		return nil, fmt.Errorf("calibration needs at least 1 number, 1 seed and 10 evaluations: %d, %d, %d", c.Top, c.Seeds, c.MaxEvals)
	}
	o, err := open()
	if err != nil {
		return nil, err
	}
	targets, err := o.CalibrationTargets()
	if err != nil {
		return nil, err
	}
	if len(targets) < 2 {
		return nil, fmt.Errorf("scenario %s declares %d targets; calibration needs at least two (try history)", o.Name, len(targets))
	}
	last := o.Targets[0].To.Day
	for _, t := range o.Targets {
		if t.To.Day.After(last) {
			last = t.To.Day
		}
	}
	short := func() (*scenarios.Opened, error) {
		o, err := open()
		if err == nil && last.Before(o.End.Day) {
			o.End.Day = last
		}
		return o, err
	}
	cal := &Calibration{Scenario: o.Name, Title: o.Title, Ref: ref, Seed: seed, Config: c, Params: Params(o.Scenario),
		Targets: targets, open: short}
	for j := range c.Seeds {
		cal.seeds = append(cal.seeds, replicateSeed(seed, j))
	}
	for _, path := range c.Params {
		i := slices.IndexFunc(cal.Params, func(p Param) bool { return p.Path == path })
		switch {
		case i < 0:
			return nil, fmt.Errorf("%s is not a ranged number of %s%s", path, o.Name, scenarios.DidYouMean(path, paths(cal.Params)))
		case cal.Params[i].Fixed():
			return nil, fmt.Errorf("%s has a range of a single value; there is nothing to fit", path)
		case !writable(o.Tree, cal.Params[i]):
			return nil, fmt.Errorf("%s is inside a list; a fitted scenario cannot override it on its own", path)
		}
	}
	return cal, nil
}

// paths returns the params' paths.
func paths(ps []Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Path
	}
	return out
}

// writable reports whether every path of p goes through mappings only,
// so that a scenario extending this one can set it.
func writable(t *scenarios.Tree, p Param) bool {
	for _, path := range append([]string{p.Path}, p.Aliases...) {
		n := t.Root
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
		for _, seg := range strings.Split(path, ".") {
			if n.Kind != yaml.MappingNode {
				return false
			}
			i := keyIndex(n, seg)
			if i < 0 {
				return false
			}
			n = n.Content[i+1]
		}
	}
	return true
}

// Evaluations is the number of simulations a calibration runs at most.
func (c *Calibration) Evaluations() int {
	k := len(c.Config.Params)
	if k == 0 {
		k = c.Config.Top
	}
	screen := 0
	if len(c.Config.Params) == 0 {
		screen = 2 * len(varied(c.Params))
	}
	return c.Config.Seeds * (2 + screen + c.Config.MaxEvals*3/2 + k + 2)
}

// Run performs the calibration.
func (c *Calibration) Run(ctx context.Context, opt Options) (*reports.Calibration, error) {
	c.rn = &runner{open: c.open, params: c.Params, opt: opt, total: c.Evaluations()}
	base := baseValues(c.Params)
	before, err := c.simulate(ctx, base)
	if err != nil {
		return nil, err
	}
	fit := c.Config.Params
	var screen []reports.CalibrationScreen
	if len(fit) == 0 {
		if fit, screen, err = c.screen(ctx, base, before); err != nil {
			return nil, err
		}
	}
	idx := make([]int, len(fit))
	for k, path := range fit {
		idx[k] = slices.IndexFunc(c.Params, func(p Param) bool { return p.Path == path })
	}
	all := make([]bool, len(c.Targets))
	for i := range all {
		all[i] = true
	}
	best, evals, err := c.fit(ctx, base, idx, all, c.Config.MaxEvals)
	if err != nil {
		return nil, err
	}
	after, err := c.simulate(ctx, best)
	if err != nil {
		return nil, err
	}
	out := c.report(base, best, idx, before, after)
	out.Screening, out.Evaluations, out.Unreached = screen, evals, c.unreached
	if err := c.identify(ctx, out, best, idx, after); err != nil {
		return nil, err
	}
	if err := c.holdOut(ctx, out, base, idx, before); err != nil {
		return nil, err
	}
	return out, nil
}

// simulate runs the scenario with values on every seed and returns each
// target's simulated figure, averaged over the seeds.
func (c *Calibration) simulate(ctx context.Context, values []float64) ([]float64, error) {
	tasks := make([]task, len(c.seeds))
	for j, s := range c.seeds {
		tasks[j] = task{variant: -1, values: values, seed: s}
	}
	fits, err := runTasks(ctx, c.rn, tasks, func(_ int, r *market.Result) ([]market.FitRow, error) { return market.Fit(r, c.Targets), nil })
	if err != nil {
		return nil, err
	}
	sims := make([]float64, len(c.Targets))
	for _, rows := range fits {
		for i, row := range rows {
			sims[i] += row.Simulated / float64(len(fits))
		}
	}
	return sims, nil
}

// TargetError is a target's error: its miss over its tolerance (see
// Calibration).
func TargetError(t market.Target, sim float64) float64 {
	switch {
	case math.IsNaN(sim):
		return math.NaN()
	case t.Kind == market.TargetRevenueShare || t.Kind == market.TargetVolumeShare:
		return (sim - t.Value) / ShareTolerance
	}
	scale := math.Max(math.Abs(sim), math.Abs(t.Value))
	if scale == 0 {
		return 0
	}
	return (sim - t.Value) / scale / RelativeTolerance
}

// weightedError is the root mean square of the errors of the targets in use.
func (c *Calibration) weightedError(sims []float64, use []bool) float64 {
	var ss float64
	n := 0
	for i, t := range c.Targets {
		if use[i] {
			if z := TargetError(t, sims[i]); !math.IsNaN(z) {
				ss += z * z
				n++
			}
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Sqrt(ss / float64(n))
}

// logistic and logit map between a position in [0, 1] and the real line.
func logistic(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
func logit(t float64) float64 {
	t = min(max(t, 0.02), 0.98)
	return math.Log(t / (1 - t))
}

// fit minimises the weighted error of the targets in use over the numbers
// idx, from base, with at most maxEvals evaluations. It returns every
// number's values at the best point found and the evaluations made.
func (c *Calibration) fit(ctx context.Context, base []float64, idx []int, use []bool, maxEvals int) ([]float64, int, error) {
	u0 := make([]float64, len(idx))
	for k, i := range idx {
		p := c.Params[i]
		u0[k] = logit((base[i] - p.Low) / (p.High - p.Low))
	}
	values := func(u []float64) []float64 {
		v := slices.Clone(base)
		for k, i := range idx {
			p := c.Params[i]
			v[i] = p.Low + (p.High-p.Low)*logistic(u[k])
		}
		return v
	}
	var ferr error
	evals := 0
	problem := optimize.Problem{Func: func(u []float64) float64 {
		if ferr != nil {
			return math.Inf(1)
		}
		evals++
		sims, err := c.simulate(ctx, values(u))
		if err != nil {
			ferr = err
			return math.Inf(1)
		}
		e := c.weightedError(sims, use)
		return e * e
	}}
	settings := &optimize.Settings{FuncEvaluations: maxEvals, Converger: &optimize.FunctionConverge{Absolute: 1e-6, Relative: 1e-4, Iterations: 4 * len(idx)}}
	res, err := optimize.Minimize(problem, u0, settings, &optimize.NelderMead{SimplexSize: 1})
	if ferr != nil {
		return nil, evals, ferr
	}
	if res == nil {
		return nil, evals, fmt.Errorf("Nelder–Mead: %w", err)
	}
	return values(res.X), evals, nil
}

// formatDate is the day of the fit.
func (c *Calibration) date() string {
	if c.Config.Date != "" {
		return c.Config.Date
	}
	return time.Time{}.Format(time.DateOnly)
}

// fittedSource is the source of a fitted number.
func (c *Calibration) fittedSource() string {
	return "fitted to " + strconv.Itoa(len(c.Targets)) + " targets of " + c.Scenario + " on " + c.date()
}
