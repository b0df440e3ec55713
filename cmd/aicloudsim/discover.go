package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// discoverOptions are the flags of `aicloudsim discover`.
type discoverOptions struct {
	where     string
	out       string
	alpha     float64
	support   float64
	threshold float64
	quiet     bool
}

func newDiscoverCmd() *cobra.Command {
	var opt discoverOptions
	c := &cobra.Command{
		Use:   "discover <montecarlo-folder> --where <condition>",
		Short: "Find the parameter ranges under which a condition holds in a Monte Carlo study (PRIM)",
		Long: `Discover reads the runs of a Monte Carlo study (its runs.csv) and asks under
which values of the sampled numbers a condition holds, by PRIM (the patient
rule induction method): it peels the parameter space one slice of --alpha of
the runs at a time, keeping the slice whose removal raises the share of runs
where the condition holds (the density), down to boxes of --min-support of
the runs; then chooses a box, the widest with a density of --threshold or,
without one, the knee of the coverage-density trade-off; pastes back
slices that raise its density again; and drops the limits that do not
matter (quasi-p-value above 0.05: the box's runs meet the condition about as
often without the limit), so the box names few conditions.

A condition is comparisons (>, <, >=, <=) joined by "and"; each side is a
number (30% is 0.3) or a column of runs.csv: its name (bytedance.revenue_share,
chips.h20.price) or an outcome as --outcome writes it, with an optional year
that must be the study's final year: revenue_share:<provider>[:year],
revenue:<company>[:year], profit:<provider>[:year], export_fees:<supplier>[:year].

The output folder (<montecarlo-folder>-discover unless --out is given) holds
discovery.md (the result in words), box.csv (the box's limits), trajectory.csv
(coverage, density and support of every box tried), prim-tradeoff.png and
prim-box.png; and, when the study was run with --keep-runs, the revenue-share
fan chart with the runs where the condition holds drawn over it
(overlay-revenue-share.png).`,
		Example: `  aicloudsim montecarlo --runs 1000 --out out/mc
  aicloudsim discover out/mc --where 'revenue_share:bytedance:2030 > revenue_share:alibaba:2030'
  aicloudsim discover out/mc --where 'profit:alibaba < 0' --threshold 0.8`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return discover(c.OutOrStdout(), args[0], opt)
		},
	}
	f := c.Flags()
	f.StringVar(&opt.where, "where", "", "the `condition`, e.g. 'revenue_share:bytedance:2030 > revenue_share:alibaba:2030' (required)")
	f.StringVar(&opt.out, "out", "", "output `folder` (default: <montecarlo-folder>-discover)")
	f.Float64Var(&opt.alpha, "alpha", 0.05, "share of the box's runs one peel removes")
	f.Float64Var(&opt.support, "min-support", 0.05, "smallest share of all runs a box may hold")
	f.Float64Var(&opt.threshold, "threshold", 0, "choose the widest box with at least this density (0: the knee of the trade-off)")
	f.BoolVarP(&opt.quiet, "quiet", "q", false, "print nothing on success")
	c.MarkFlagRequired("where")
	return c
}

// discover runs the command.
func discover(stdout io.Writer, dir string, opt discoverOptions) error {
	st, err := readEnsemble(dir)
	if err != nil {
		return badInput(fmt.Errorf("%s is not a finished Monte Carlo folder: %w", dir, err))
	}
	if !st.Complete() {
		return badInput(fmt.Errorf("%s holds an unfinished study (%d of %d runs)", dir, st.Done, st.ShardRuns))
	}
	f, err := os.Open(filepath.Join(dir, runsFile))
	if err != nil {
		return badInput(err)
	}
	defer f.Close()
	runs, err := study.ReadRuns(filepath.Join(dir, runsFile), f)
	if err != nil {
		return badInput(err)
	}
	cond, err := study.ParseCondition(opt.where, runs.Header, st.Agg.Layout.FinalYear)
	if err != nil {
		return badInput(fmt.Errorf("--where: %w", err))
	}
	d, match, err := study.Discover(runs, st.Params, cond, study.PRIMOptions{Alpha: opt.alpha, MinSupport: opt.support, Threshold: opt.threshold})
	if err != nil {
		return badInput(err)
	}
	d.Scenario = st.Scenario
	out := opt.out
	if out == "" {
		out = strings.TrimRight(filepath.Clean(dir), string(filepath.Separator)) + "-discover"
	}
	files := map[string]func(io.Writer) error{
		"discovery.md": func(w io.Writer) error {
			_, err := io.WriteString(w, "# Scenario discovery\n\n"+d.Summary())
			return err
		},
		"box.csv":        d.WriteBoxCSV,
		"trajectory.csv": d.WriteTrajectoryCSV,
	}
	if err := checkStudyDir(out, fileNames(files)); err != nil {
		return badInput(err)
	}
	charts, err := reports.DiscoveryCharts(d)
	if err != nil {
		return runFailed(err)
	}
	if d.Cases > 0 {
		overlay, ok, err := overlayChart(dir, st, cond, match)
		if err != nil {
			return err
		}
		if ok {
			charts = append(charts, overlay)
		}
	}
	return writeStudy(stdout, out, opt.quiet, files, charts, func(w io.Writer) { fmt.Fprint(w, d.Summary()) })
}

// overlayChart draws the matching runs over the revenue-share fans, when
// the folder holds the trajectories of --keep-runs; ok is false when not.
func overlayChart(dir string, st *study.State, cond *study.Condition, match []bool) (c reports.Chart, ok bool, err error) {
	path := filepath.Join(dir, trajFile)
	f, err := os.Open(path)
	if isNotExist(err) {
		return c, false, nil
	} else if err != nil {
		return c, false, badInput(err)
	}
	defer f.Close()
	var picked []int
	for i, m := range match {
		if m && len(picked) < reports.MaxOverlayRuns {
			picked = append(picked, i)
		}
	}
	matching := 0
	for _, m := range match {
		if m {
			matching++
		}
	}
	keep := map[int]bool{}
	for _, i := range picked {
		keep[i] = true
	}
	trajs, err := study.ReadTrajectories(path, f, st.Agg.Layout, func(run int) bool { return keep[run] })
	if err != nil {
		return c, false, badInput(err)
	}
	runs := make([]map[[3]string][]float64, 0, len(picked))
	for _, i := range picked {
		r := map[[3]string][]float64{}
		for s, v := range trajs[i] {
			r[[3]string{s.Company, s.Segment, s.Metric}] = v
		}
		runs = append(runs, r)
	}
	c, err = reports.OverlayChart(st.Report(), cond.Text, matching, runs)
	if err != nil {
		return c, false, runFailed(err)
	}
	return c, true, nil
}
