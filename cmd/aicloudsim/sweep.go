package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// sweepOptions are the flags of `aicloudsim sweep`.
type sweepOptions struct {
	studyOptions
	runs int
}

func newSweepCmd() *cobra.Command {
	var opt sweepOptions
	c := &cobra.Command{
		Use:   "sweep [scenario-name|file] --set path=a..b:steps [--set path=a..b:steps]",
		Short: "Vary one or two numbers over a range and chart the outcomes",
		Long: `Sweep runs a scenario (default "baseline") at every value of one or two numbers,
given as --set path=a..b:steps (steps values from a to b, evenly spaced) or
--set path=a..b:steps:log (evenly spaced on a log scale), a and b in the
number's own unit. Values outside the scenario's range are allowed; the
schema's plausible limits still hold. Other --set arguments override the
scenario as usual.

Every point runs with the same seeds: --runs R seeds per point (default 1,
the master seed itself, so a point is exactly "aicloudsim run --seed S
--set path=value"); with R > 1 the charts show the median and the middle
90% of the seeds. The outcomes are chosen with --outcome (default: Alibaba's
and ByteDance's revenue share of the paid segments in the final year).

The output folder (out/<scenario>-sweep unless --out is given) holds:

  sweep.csv              tidy: point, each swept value (canonical units),
                         outcome, runs, mean, P5, P25, P50, P75, P95
  sweep-<outcome>.png    one number: the outcome against it
  heatmap-<outcome>.png  two numbers: a heat map of the outcome
  report.html            all of it in one self-contained page
  scenario.yaml          the scenario after extends and --set

Every run is saved as it finishes in <out>.checkpoint, so a process that is
stopped (Ctrl-C, SIGTERM) or killed outright loses at most the runs under
way; --resume continues from the saved runs to the same outputs.`,
		Example: `  aicloudsim sweep --set chips.zhenwu-810e.memory_bandwidth=0.5TB/s..2.5TB/s:9
  aicloudsim sweep --set segments.llm-api.elasticity=0.8..2:7 --runs 4 --outcome price:llm-api
  aicloudsim sweep --set chips.zhenwu-810e.memory_bandwidth=0.7TB/s..2TB/s:6 --set chips.zhenwu-810e.price=$8K..$13K:6`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opt.ready(c); err != nil {
				return err
			}
			return sweep(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), scenarioArg(args), opt)
		},
	}
	studyFlags(c, &opt.studyOptions, "out/<scenario>-sweep")
	resumeFlag(c, &opt.studyOptions)
	c.Flags().IntVar(&opt.runs, "runs", 1, "seeds per point, shared by every point")
	return c
}

// sweepFiles are the files of a sweep's folder besides its charts.
var sweepFiles = []string{"report.html", "scenario.yaml", "sweep.csv"}

// sweep runs the command.
func sweep(ctx context.Context, stdout, stderr io.Writer, ref string, opt sweepOptions) error {
	var specs []study.AxisSpec
	var sets []string
	for _, s := range opt.sets {
		if !study.IsSweepArg(s) {
			sets = append(sets, s)
			continue
		}
		spec, err := study.ParseAxisSpec(s)
		if err != nil {
			return badInput(err)
		}
		specs = append(specs, spec)
	}
	l, err := load(ref, sets)
	if err != nil {
		return err
	}
	s, err := study.NewSweep(opener(ref, sets), specs, opt.outcomes, opt.masterSeed(l.Scenario), opt.runs)
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultStudyDir(l.Scenario.Name, "sweep")
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkStudyDir(dir, sweepFiles); err != nil {
		return badInput(err)
	}
	yaml, err := l.Tree.Marshal()
	if err != nil {
		return runFailed(err)
	}
	cp, err := openStudyCheckpoint(dir, "sweep", s.ID(), s.Build, opt.studyOptions)
	if err != nil {
		return err
	}
	defer cp.close()
	res, err := runSaved(ctx, stderr, cp, opt.quiet, opt.jobs, s.Tasks(), s.Run)
	if err != nil {
		return err
	}
	charts, err := reports.SweepCharts(res)
	if err != nil {
		return runFailed(err)
	}
	files := map[string]func(io.Writer) error{
		"sweep.csv":     func(w io.Writer) error { return reports.WriteSweepCSV(w, res) },
		"report.html":   func(w io.Writer) error { return reports.WriteSweepHTML(w, res, charts) },
		"scenario.yaml": bytesFile(yaml),
	}
	return cp.write(stdout, dir, opt.quiet, files, charts, func(w io.Writer) { printSweep(w, res) })
}

// printSweep prints the outcomes at every point of a one-number sweep, or
// their range over a two-number one.
func printSweep(w io.Writer, s *reports.Sweep) {
	fmt.Fprintf(w, "scenario %s, %d points × %d runs, master seed %d\n", s.Scenario, len(s.Points), s.Runs, s.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, a := range s.Axes {
		head = append(head, a.Path)
	}
	for _, o := range s.Outcomes {
		head = append(head, o.Label)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, p := range s.Points {
		var row []string
		for a, i := range p.Index {
			row = append(row, s.Axes[a].Text[i])
		}
		for o, st := range p.Stats {
			row = append(row, s.Outcomes[o].Format(st.P[2]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}
