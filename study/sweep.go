package study

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Limits of a sweep.
const (
	MaxSweepSteps = 200    // values per axis
	MaxSweepRuns  = 100000 // points × runs per point
)

// AxisSpec is a sweep argument "path=a..b:steps" or "path=a..b:steps:log"
// as written: steps values from a to b inclusive, spaced evenly (or evenly
// on a log scale), a and b in the unit of the number at path.
type AxisSpec struct {
	Arg      string // the whole argument
	Path     string
	From, To string
	Steps    int
	Log      bool
}

// IsSweepArg reports whether a --set argument of `sweep` asks for a
// range of values rather than one: its value holds "..".
func IsSweepArg(expr string) bool {
	_, v, _ := strings.Cut(expr, "=")
	return strings.Contains(v, "..")
}

var axisRE = regexp.MustCompile(`^(.+?)\.\.(.+?):([0-9]+)(?::(lin|log))?$`)

// ParseAxisSpec reads a sweep argument; see AxisSpec. The error quotes the
// argument and shows the expected form.
func ParseAxisSpec(expr string) (AxisSpec, error) {
	path, val, ok := strings.Cut(expr, "=")
	path, val = strings.TrimSpace(path), strings.TrimSpace(val)
	const want = "want path=a..b:steps or path=a..b:steps:log, e.g. chips.zhenwu-810e.memory_bandwidth=0.7TB/s..2TB/s:7"
	if !ok || path == "" || slices.Contains(strings.Split(path, "."), "") {
		return AxisSpec{}, fmt.Errorf("sweep --set %q: %s", expr, want)
	}
	m := axisRE.FindStringSubmatch(val)
	if m == nil {
		return AxisSpec{}, fmt.Errorf("sweep --set %q: %s", expr, want)
	}
	steps, err := strconv.Atoi(m[3])
	switch {
	case err != nil || steps < 2:
		return AxisSpec{}, fmt.Errorf("sweep --set %q: a sweep needs at least 2 steps", expr)
	case steps > MaxSweepSteps:
		return AxisSpec{}, fmt.Errorf("sweep --set %q: at most %d steps", expr, MaxSweepSteps)
	}
	return AxisSpec{Arg: expr, Path: path, From: strings.TrimSpace(m[1]), To: strings.TrimSpace(m[2]), Steps: steps, Log: m[4] == "log"}, nil
}

// Axis is a swept number of a scenario and its values.
type Axis struct {
	AxisSpec
	Unit   string        // the number's unit tag
	Num    scenarios.Num // the number as the scenario gives it
	Paths  []string      // Path and the other paths of the same number (a YAML anchor), set together
	Values []float64     // in canonical units
}

// resolveAxis finds the number of spec in s and computes its values.
func resolveAxis(spec AxisSpec, s *scenarios.Scenario) (Axis, error) {
	num, unit, err := numAt(s, spec.Path)
	if err != nil {
		return Axis{}, fmt.Errorf("sweep --set %q: %v", spec.Arg, err)
	}
	a := Axis{AxisSpec: spec, Unit: unit, Num: num, Paths: []string{spec.Path}}
	for _, p := range Params(s) {
		if p.Path == spec.Path || slices.Contains(p.Aliases, spec.Path) {
			a.Paths = append([]string{p.Path}, p.Aliases...)
		}
	}
	from, err1 := scenarios.ParseQuantity(unit, spec.From)
	to, err2 := scenarios.ParseQuantity(unit, spec.To)
	switch {
	case err1 != nil:
		return Axis{}, fmt.Errorf("sweep --set %q: %v", spec.Arg, err1)
	case err2 != nil:
		return Axis{}, fmt.Errorf("sweep --set %q: %v", spec.Arg, err2)
	case from == to:
		return Axis{}, fmt.Errorf("sweep --set %q: the two ends are equal", spec.Arg)
	case spec.Log && (from <= 0 || to <= 0):
		return Axis{}, fmt.Errorf("sweep --set %q: a log sweep needs two positive ends", spec.Arg)
	}
	for i := range spec.Steps {
		t := float64(i) / float64(spec.Steps-1)
		v := from + t*(to-from)
		if spec.Log {
			v = from * math.Pow(to/from, t)
		}
		if i == spec.Steps-1 {
			v = to
		}
		a.Values = append(a.Values, v)
	}
	return a, nil
}

// sets returns the --set arguments that give the axis value v: the whole
// number replaced, so that a value outside the scenario's range is allowed
// (the schema's plausible range still holds).
func (a Axis) sets(v float64) []string {
	var out []string
	for _, p := range a.Paths {
		out = append(out, p+"={value: "+exact(a.Unit, v)+"}")
	}
	return out
}

// SweepStudy is a sweep of one or two numbers of a scenario: every
// combination of the axes' values, each run Runs times with the seeds
// replicateSeed(Seed, 0..Runs-1), common to every point so that the
// differences between points are not buried in the engine's own noise.
type SweepStudy struct {
	Scenario, Title, Hash string
	Seed                  uint64
	Runs                  int
	Axes                  []Axis
	Measures              []Measure
	// Build is this build's fingerprint for the study (see Fingerprint).
	Build string

	tree *scenarios.Tree
}

// NewSweep opens the scenario, resolves the axes and outcomes and checks
// that the sweep's corner points build. Its errors are bad input.
func NewSweep(open Opener, specs []AxisSpec, outcomes []string, seed uint64, runs int) (*SweepStudy, error) {
	switch {
	case len(specs) == 0:
		return nil, errors.New("sweep needs a number to vary: --set path=a..b:steps, e.g. --set chips.zhenwu-810e.memory_bandwidth=0.7TB/s..2TB/s:7")
	case len(specs) > 2:
		return nil, fmt.Errorf("a sweep varies one or two numbers, not %d", len(specs))
	case runs < 1:
		return nil, fmt.Errorf("--runs must be at least 1, not %d", runs)
	}
	o, err := open()
	if err != nil {
		return nil, err
	}
	cfg, agents, err := o.Build()
	if err != nil {
		return nil, err
	}
	ms, err := ParseMeasures(outcomes, cfg)
	if err != nil {
		return nil, err
	}
	s := &SweepStudy{Scenario: o.Name, Title: o.Title, Hash: o.Hash, Seed: seed, Runs: runs, Measures: ms, tree: o.Tree}
	points := 1
	for _, spec := range specs {
		a, err := resolveAxis(spec, o.Scenario)
		if err != nil {
			return nil, err
		}
		for _, b := range s.Axes {
			if slices.Contains(b.Paths, a.Path) {
				return nil, fmt.Errorf("sweep --set %q: %s is already swept by --set %q", spec.Arg, a.Path, b.Arg)
			}
		}
		s.Axes = append(s.Axes, a)
		points *= len(a.Values)
	}
	if points*runs > MaxSweepRuns {
		return nil, fmt.Errorf("the sweep would take %d runs (%d points × %d); the limit is %d", points*runs, points, runs, MaxSweepRuns)
	}
	for _, corner := range s.corners() {
		if err := s.check(corner); err != nil {
			return nil, err
		}
	}
	// The probe last: bad input fails before it runs.
	if s.Build, err = probe(o, cfg, agents, seed); err != nil {
		return nil, err
	}
	return s, nil
}

// Points is the number of combinations of the axes' values.
func (s *SweepStudy) Points() int {
	n := 1
	for _, a := range s.Axes {
		n *= len(a.Values)
	}
	return n
}

// index returns the axis indices of point p; the first axis varies slowest.
func (s *SweepStudy) index(p int) []int {
	idx := make([]int, len(s.Axes))
	for a := len(s.Axes) - 1; a >= 0; a-- {
		n := len(s.Axes[a].Values)
		idx[a], p = p%n, p/n
	}
	return idx
}

// corners returns the points at the ends of every axis.
func (s *SweepStudy) corners() []int {
	var out []int
	for p := range s.Points() {
		corner := true
		for a, i := range s.index(p) {
			corner = corner && (i == 0 || i == len(s.Axes[a].Values)-1)
		}
		if corner {
			out = append(out, p)
		}
	}
	return out
}

// variant returns the scenario of point p.
func (s *SweepStudy) variant(p int) variant {
	idx := s.index(p)
	return variant{tree: s.tree, edit: func(t *scenarios.Tree) error {
		for a, i := range idx {
			for _, set := range s.Axes[a].sets(s.Axes[a].Values[i]) {
				if err := scenarios.ApplySet(t, set); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// check opens and builds point p, for an error that names its values.
func (s *SweepStudy) check(p int) error {
	sc, err := s.variant(p).open()
	if err == nil {
		_, _, err = sc.Build()
	}
	if err != nil {
		var at []string
		for a, i := range s.index(p) {
			at = append(at, s.Axes[a].Path+" = "+readable(s.Axes[a].Unit, s.Axes[a].Values[i]))
		}
		return fmt.Errorf("the sweep's point %s does not make a valid scenario:\n%w", strings.Join(at, ", "), err)
	}
	return nil
}

// Tasks is the number of runs of the sweep.
func (s *SweepStudy) Tasks() int { return s.Points() * s.Runs }

// Run computes the sweep and returns what its reports show.
func (s *SweepStudy) Run(ctx context.Context, opt Options) (*reports.Sweep, error) {
	rn := &runner{opt: opt, total: s.Tasks()}
	var tasks []task
	for p := range s.Points() {
		rn.variants = append(rn.variants, s.variant(p))
		for j := range s.Runs {
			tasks = append(tasks, task{variant: p, seed: replicateSeed(s.Seed, j)})
		}
	}
	vals, err := runOutcomes(ctx, rn, tasks, s.Measures)
	if err != nil {
		return nil, err
	}
	out := &reports.Sweep{Scenario: s.Scenario, Title: s.Title, Hash: s.Hash, Seed: s.Seed, Runs: s.Runs, Outcomes: infos(s.Measures)}
	for _, a := range s.Axes {
		out.Axes = append(out.Axes, a.report())
	}
	for p := range s.Points() {
		pt := reports.SweepPoint{Index: s.index(p)}
		for m := range s.Measures {
			xs := make([]float64, s.Runs)
			for j := range s.Runs {
				xs[j] = vals[p*s.Runs+j][m]
			}
			pt.Stats = append(pt.Stats, reports.ExactStats(xs))
		}
		out.Points = append(out.Points, pt)
	}
	return out, nil
}

// report returns what the charts show of the axis.
func (a Axis) report() reports.SweepAxis {
	k, unit, money := displayUnit(a.Unit, slices.Max(absAll(a.Values)))
	r := reports.SweepAxis{Path: a.Path, Unit: unit, Money: money, Log: a.Log, Canonical: a.Values, Base: math.NaN(), Low: math.NaN(), High: math.NaN()}
	for _, v := range a.Values {
		r.Values = append(r.Values, v*k)
		r.Text = append(r.Text, readable(a.Unit, v))
	}
	if a.Num.Present() {
		r.Base = a.Num.Value * k
	}
	if a.Num.Ranged {
		r.Low, r.High = a.Num.Low*k, a.Num.High*k
	}
	return r
}

func absAll(vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = math.Abs(v)
	}
	return out
}

// displayUnit returns how a chart shows numbers of a unit tag up to
// maxAbs: the factor from the canonical unit, the unit's name, and
// whether they are US dollars (which the charts format themselves).
func displayUnit(unit string, maxAbs float64) (k float64, name string, money bool) {
	kind, _, _ := strings.Cut(unit, "/")
	scaled := func(steps []struct {
		at   float64
		name string
	}) (float64, string, bool) {
		for _, s := range steps {
			if maxAbs >= s.at {
				return 1 / s.at, s.name, false
			}
		}
		return 1, steps[len(steps)-1].name, false
	}
	type step = struct {
		at   float64
		name string
	}
	switch kind {
	case "usd", "price":
		return 1, "", true
	case "fraction":
		return 100, "%", false
	case "bandwidth":
		return scaled([]step{{1e3, "TB/s"}, {1, "GB/s"}})
	case "bytes":
		return scaled([]step{{1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1, "bytes"}})
	case "power":
		return scaled([]step{{1e3, "kW"}, {1, "W"}})
	case "tflops":
		return scaled([]step{{1e3, "PFLOPS"}, {1, "TFLOPS"}})
	case "flop":
		return scaled([]step{{1e15, "PFLOP"}, {1e12, "TFLOP"}, {1e9, "GFLOP"}, {1, "FLOP"}})
	case "count":
		return scaled([]step{{1e9, "billion"}, {1e6, "million"}, {1e3, "thousand"}, {1, ""}})
	case "duration":
		return 1, "days", false
	}
	return 1, "", false
}
