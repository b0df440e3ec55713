package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// sensitivityOptions are the flags of `aicloudsim sensitivity`.
type sensitivityOptions struct {
	studyOptions
	runs, trajectories, levels, top int
	method                          string
}

func newSensitivityCmd() *cobra.Command {
	var opt sensitivityOptions
	c := &cobra.Command{
		Use:   "sensitivity [scenario-name|file]",
		Short: "Rank the ranged numbers by their effect: tornado charts and Morris screening",
		Long: `Sensitivity asks which numbers of a scenario (default "baseline") that carry a
range: [low, high] move its outcomes most, in two ways:

  oat     one at a time: each number at the low and at the high end of its
          range, every other at its value; a tornado chart per outcome,
          sorted by the swing. At most 2k+1 runs for k numbers.
  morris  Morris elementary effects: --trajectories r paths through the
          whole box of ranges on a --levels grid, each moving every number
          once; a bar chart per outcome of μ* (importance) and σ
          (non-linearity or interactions). r(k+1) runs.

Every design point runs with the same --runs seeds (default 1, the master
seed), and their outcomes are averaged: common random numbers, so that the
differences come from the numbers and not from the engine's own noise. The
baseline has 37 ranged numbers: the default (both methods, r = 10, one
seed) is 71 + 380 = 451 runs, about 6.5 seconds on two cores.

The outcomes are chosen with --outcome (default: Alibaba's and ByteDance's
revenue share of the paid segments in the final year). The output folder
(out/<scenario>-sensitivity unless --out is given) holds:

  sensitivity.csv        one at a time: per outcome and number, the outcome
                         at the low end, base and high end, and the swing
  morris.csv             per outcome and number: μ, μ* and σ
  tornado-<outcome>.png  the one-at-a-time tornado chart
  morris-<outcome>.png   the Morris μ* and σ bars
  params.csv             the ranged numbers, their ranges and sources
  report.html            all of it in one self-contained page
  scenario.yaml          the scenario after extends and --set

Every run is saved as it finishes in <out>.checkpoint, so a process that is
stopped (Ctrl-C, SIGTERM) or killed outright loses at most the runs under
way; --resume continues from the saved runs to the same outputs.`,
		Example: `  aicloudsim sensitivity
  aicloudsim sensitivity zhenwu-700.yaml --runs 4 --jobs 8
  aicloudsim sensitivity --method oat --outcome revenue:nvidia --outcome price:llm-api`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opt.ready(c); err != nil {
				return err
			}
			return sensitivity(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), scenarioArg(args), opt)
		},
	}
	studyFlags(c, &opt.studyOptions, "out/<scenario>-sensitivity")
	resumeFlag(c, &opt.studyOptions)
	d := study.DefaultSensitivity
	f := c.Flags()
	f.IntVar(&opt.runs, "runs", d.Runs, "seeds per design point, shared by every point and averaged")
	f.StringVar(&opt.method, "method", "both", "`oat`, morris or both")
	f.IntVar(&opt.trajectories, "trajectories", d.Trajectories, "Morris trajectories r")
	f.IntVar(&opt.levels, "levels", d.Levels, "Morris grid levels p (even)")
	f.IntVar(&opt.top, "top", reports.DefaultTop, "numbers shown on each chart (the CSV files list them all)")
	return c
}

// sensitivityFiles are the files of a sensitivity folder besides its charts.
var sensitivityFiles = []string{"morris.csv", "params.csv", "report.html", "scenario.yaml", "sensitivity.csv"}

// sensitivity runs the command.
func sensitivity(ctx context.Context, stdout, stderr io.Writer, ref string, opt sensitivityOptions) error {
	conf := study.SensitivityConfig{Runs: opt.runs, Trajectories: opt.trajectories, Levels: opt.levels}
	switch opt.method {
	case "oat":
		conf.OAT = true
	case "morris":
		conf.Morris = true
	case "both":
		conf.OAT, conf.Morris = true, true
	default:
		return badInput(fmt.Errorf("--method %q: want oat, morris or both", opt.method))
	}
	if opt.top < 1 {
		return badInput(fmt.Errorf("--top must be at least 1, not %d", opt.top))
	}
	l, err := load(ref, opt.sets)
	if err != nil {
		return err
	}
	s, err := study.NewSensitivity(opener(ref, opt.sets), opt.outcomes, opt.masterSeed(l.Scenario), conf)
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultStudyDir(l.Scenario.Name, "sensitivity")
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkStudyDir(dir, sensitivityFiles); err != nil {
		return badInput(err)
	}
	yaml, err := l.Tree.Marshal()
	if err != nil {
		return runFailed(err)
	}
	cp, err := openStudyCheckpoint(dir, "sensitivity", s.ID(), s.Build, opt.studyOptions)
	if err != nil {
		return err
	}
	defer cp.close()
	res, err := runSaved(ctx, stderr, cp, opt.quiet, opt.jobs, s.Runs(), s.Run)
	if err != nil {
		return err
	}
	charts, err := reports.SensitivityCharts(res, opt.top)
	if err != nil {
		return runFailed(err)
	}
	files := map[string]func(io.Writer) error{
		"params.csv":    func(w io.Writer) error { return study.WriteParamsCSV(w, s.Params) },
		"report.html":   func(w io.Writer) error { return reports.WriteSensitivityHTML(w, res, charts) },
		"scenario.yaml": bytesFile(yaml),
	}
	if conf.OAT {
		files["sensitivity.csv"] = func(w io.Writer) error { return reports.WriteOATCSV(w, res) }
	}
	if conf.Morris {
		files["morris.csv"] = func(w io.Writer) error { return reports.WriteMorrisCSV(w, res) }
	}
	return cp.write(stdout, dir, opt.quiet, files, charts, func(w io.Writer) { printSensitivity(w, res) })
}

// printSensitivity prints the run counts and the five numbers that move
// each outcome most.
func printSensitivity(w io.Writer, s *reports.Sensitivity) {
	fmt.Fprintf(w, "scenario %s, %d ranged numbers varied, %d one-at-a-time runs, %d Morris runs, %d seed(s) per point from master seed %d\n",
		s.Scenario, len(s.Params), s.OATRuns, s.MorrisRuns, s.Runs, s.Seed)
	for o, out := range s.Outcomes {
		fmt.Fprintf(w, "%s: %s with every number at its value; largest effects:\n", out.Label, out.Format(s.Base[o]))
		idx := make([]int, len(s.Params))
		for i := range idx {
			idx[i] = i
		}
		effect := func(i int) float64 {
			if s.OAT != nil {
				return s.OAT[o][i].Swing()
			}
			return s.Morris[o][i].MuStar
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(nanLow(effect(b)), nanLow(effect(a))) })
		for _, i := range idx[:min(5, len(idx))] {
			p := s.Params[i]
			line := fmt.Sprintf("  %-46s %s", p.Path, p.RangeText())
			if s.OAT != nil {
				e := s.OAT[o][i]
				line += fmt.Sprintf("  →  %s … %s", out.Format(e.Low), out.Format(e.High))
			}
			if s.Morris != nil {
				line += fmt.Sprintf("  (Morris μ* %s)", strings.TrimPrefix(out.FormatDelta(s.Morris[o][i].MuStar), "+"))
			}
			fmt.Fprintln(w, line)
		}
	}
}

// nanLow maps NaN below every number, for sorting.
func nanLow(v float64) float64 {
	if math.IsNaN(v) {
		return math.Inf(-1)
	}
	return v
}
