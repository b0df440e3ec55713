package study

import (
	"context"
	"errors"
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// SensitivityConfig chooses the methods and sizes of a sensitivity study.
type SensitivityConfig struct {
	OAT, Morris  bool
	Runs         int // seeds per design point, averaged (common random numbers)
	Trajectories int // Morris trajectories, r
	Levels       int // Morris grid levels, p (even)
}

// DefaultSensitivity is both methods, one seed, 10 trajectories on 4 levels.
var DefaultSensitivity = SensitivityConfig{OAT: true, Morris: true, Runs: 1, Trajectories: 10, Levels: 4}

// SensitivityStudy asks which of a scenario's ranged numbers move its
// outcomes most, in two ways:
//
//   - one at a time (OAT): each number at the low and at the high end of
//     its range with every other at its value, against the base run; the
//     tornado chart sorts the numbers by the swing between the two ends.
//     At most 2k+1 design points for k varied numbers (an end equal to
//     the value is the base run and is not run again).
//   - Morris screening: r trajectories of k+1 points over the whole box of
//     ranges (each number scaled linearly to its range), giving each
//     number's mean absolute elementary effect μ* (importance, including
//     effects that appear only when other numbers move) and their spread σ
//     (non-linearity or interactions). r(k+1) design points.
//
// Every design point is run with the same Runs seeds, replicateSeed(Seed,
// 0..Runs−1), and the outcomes are averaged over them: the differences
// between points are then due to the numbers, not to different random
// draws (common random numbers), and more seeds damp the engine's own
// noise further.
type SensitivityStudy struct {
	Scenario, Title, Hash string
	Seed                  uint64
	Config                SensitivityConfig
	Params                []Param // every ranged number
	Varied                []int   // the indices of those whose range is not a single value
	Measures              []Measure
	// Build is this build's fingerprint for the study (see Fingerprint).
	Build string

	open Opener
}

// NewSensitivity opens the scenario, finds its ranged numbers and checks
// the outcomes and the configuration. Its errors are bad input.
func NewSensitivity(open Opener, outcomes []string, seed uint64, c SensitivityConfig) (*SensitivityStudy, error) {
	switch {
	case !c.OAT && !c.Morris:
		return nil, errors.New("choose at least one method: oat or morris")
	case c.Runs < 1:
		return nil, fmt.Errorf("--runs must be at least 1, not %d", c.Runs)
	}
	for _, err := range []error{capped("--runs", c.Runs, MaxSeedsPerPoint), capped("--trajectories", c.Trajectories, MaxTrajectories),
		capped("--levels", c.Levels, MaxLevels)} {
		if err != nil {
			return nil, err
		}
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
	params := Params(o.Scenario)
	s := &SensitivityStudy{Scenario: o.Name, Title: o.Title, Hash: o.Hash, Seed: seed, Config: c, Params: params,
		Varied: varied(params), Measures: ms, open: open}
	if len(s.Varied) == 0 {
		return nil, fmt.Errorf("scenario %s has no number with a range, so there is nothing to vary; give numbers a range: [low, high]", o.Name)
	}
	if c.Morris {
		if err := s.morrisDesign().Check(); err != nil {
			return nil, err
		}
	}
	if n := s.Runs(); n > MaxStudyRuns {
		return nil, fmt.Errorf("the study would take %d runs (%d one-at-a-time, %d Morris); the limit is %d: use fewer --runs or --trajectories",
			n, s.OATRuns(), s.MorrisRuns(), MaxStudyRuns)
	}
	// The probe last: bad input fails before it runs.
	if s.Build, err = probe(o, cfg, agents, seed); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *SensitivityStudy) morrisDesign() MorrisDesign {
	return MorrisDesign{K: len(s.Varied), R: s.Config.Trajectories, Levels: s.Config.Levels, Seed: s.Seed}
}

// oatCase is one design point of the OAT study: parameter p (an index
// into Params) at its low (end −1) or high (end +1) end, or the base run
// (p −1).
type oatCase struct{ p, end int }

// oatCases lists the OAT design: the base, then each varied parameter's
// ends that differ from its value.
func (s *SensitivityStudy) oatCases() []oatCase {
	cases := []oatCase{{-1, 0}}
	for _, p := range s.Varied {
		pr := s.Params[p]
		if pr.Low != pr.Value {
			cases = append(cases, oatCase{p, -1})
		}
		if pr.High != pr.Value {
			cases = append(cases, oatCase{p, 1})
		}
	}
	return cases
}

// values returns the parameter values of an OAT case.
func (s *SensitivityStudy) values(c oatCase) []float64 {
	v := baseValues(s.Params)
	switch {
	case c.p >= 0 && c.end < 0:
		v[c.p] = s.Params[c.p].Low
	case c.p >= 0:
		v[c.p] = s.Params[c.p].High
	}
	return v
}

// OATRuns and MorrisRuns are the runs each method takes, seeds included.
func (s *SensitivityStudy) OATRuns() int {
	if !s.Config.OAT {
		return 0
	}
	return len(s.oatCases()) * s.Config.Runs
}

func (s *SensitivityStudy) MorrisRuns() int {
	if !s.Config.Morris {
		return 0
	}
	return s.Config.Trajectories * (len(s.Varied) + 1) * s.Config.Runs
}

// Runs is the number of runs of the whole study: the OAT and Morris
// designs, or the base runs and the Morris design.
func (s *SensitivityStudy) Runs() int {
	if s.Config.OAT {
		return s.OATRuns() + s.MorrisRuns()
	}
	return s.Config.Runs + s.MorrisRuns()
}

// Run computes the study and returns what its reports show.
func (s *SensitivityStudy) Run(ctx context.Context, opt Options) (*reports.Sensitivity, error) {
	rn := &runner{open: s.open, params: s.Params, opt: opt, total: s.Runs()}
	out := &reports.Sensitivity{Scenario: s.Scenario, Title: s.Title, Hash: s.Hash, Seed: s.Seed, Runs: s.Config.Runs,
		Outcomes: infos(s.Measures), Fixed: len(s.Params) - len(s.Varied)}
	for _, i := range s.Varied {
		p := s.Params[i]
		out.Params = append(out.Params, reports.SensitivityParam{Path: p.Path, Unit: p.Unit, Value: p.Value, Low: p.Low, High: p.High,
			ValueText: readable(p.Unit, p.Value), LowText: readable(p.Unit, p.Low), HighText: readable(p.Unit, p.High)})
	}
	// The base runs come first: the OAT study needs them, and the Morris
	// study alone reports them too.
	cases := []oatCase{{-1, 0}}
	if s.Config.OAT {
		cases = s.oatCases()
	}
	points := make([][]float64, len(cases))
	for i, c := range cases {
		points[i] = s.values(c)
	}
	f, err := s.evaluate(ctx, rn, points)
	if err != nil {
		return nil, err
	}
	out.Base = f[0]
	if s.Config.OAT {
		out.OAT, out.OATRuns = s.oatEffects(cases, f), s.OATRuns()
	}
	if s.Config.Morris {
		if out.Morris, err = s.morris(ctx, rn); err != nil {
			return nil, err
		}
		out.MorrisRuns, out.Trajectories, out.Levels = s.MorrisRuns(), s.Config.Trajectories, s.Config.Levels
	}
	return out, nil
}

// evaluate runs every point with the study's seeds and returns each
// point's outcomes averaged over the seeds: f[point][measure].
func (s *SensitivityStudy) evaluate(ctx context.Context, rn *runner, points [][]float64) ([][]float64, error) {
	var tasks []task
	for _, v := range points {
		for j := range s.Config.Runs {
			tasks = append(tasks, task{variant: -1, values: v, seed: replicateSeed(s.Seed, j)})
		}
	}
	vals, err := runOutcomes(ctx, rn, tasks, s.Measures)
	if err != nil {
		return nil, err
	}
	f := make([][]float64, len(points))
	for p := range points {
		f[p] = make([]float64, len(s.Measures))
		for m := range s.Measures {
			xs := make([]float64, s.Config.Runs)
			for j := range xs {
				xs[j] = vals[p*s.Config.Runs+j][m]
			}
			f[p][m] = reports.ExactStats(xs).Mean
		}
	}
	return f, nil
}

// oatEffects arranges the OAT outcomes by measure and varied parameter.
func (s *SensitivityStudy) oatEffects(cases []oatCase, f [][]float64) [][]reports.OATEffect {
	out := make([][]reports.OATEffect, len(s.Measures))
	for m := range out {
		out[m] = make([]reports.OATEffect, len(s.Varied))
		for j := range s.Varied {
			out[m][j] = reports.OATEffect{Low: f[0][m], High: f[0][m]}
		}
	}
	col := map[int]int{}
	for j, p := range s.Varied {
		col[p] = j
	}
	for i, c := range cases {
		if c.p < 0 {
			continue
		}
		for m := range out {
			if c.end < 0 {
				out[m][col[c.p]].Low = f[i][m]
			} else {
				out[m][col[c.p]].High = f[i][m]
			}
		}
	}
	return out
}

// morris runs the Morris design and returns the effects by measure and
// varied parameter.
func (s *SensitivityStudy) morris(ctx context.Context, rn *runner) ([][]reports.MorrisEffect, error) {
	trs := s.morrisDesign().Trajectories()
	var points [][]float64
	for _, tr := range trs {
		for _, x := range tr.Points {
			v := baseValues(s.Params)
			for j, p := range s.Varied {
				pr := s.Params[p]
				v[p] = pr.Low + x[j]*(pr.High-pr.Low)
			}
			points = append(points, v)
		}
	}
	f, err := s.evaluate(ctx, rn, points)
	if err != nil {
		return nil, err
	}
	k := len(s.Varied)
	out := make([][]reports.MorrisEffect, len(s.Measures))
	for m := range out {
		ft := make([][]float64, len(trs))
		for t := range trs {
			ft[t] = make([]float64, k+1)
			for i := range ft[t] {
				ft[t][i] = f[t*(k+1)+i][m]
			}
		}
		for _, e := range MorrisEffects(trs, ft, k) {
			out[m] = append(out[m], reports.MorrisEffect{Mu: e.Mu, MuStar: e.MuStar, Sigma: e.Sigma})
		}
	}
	return out, nil
}
