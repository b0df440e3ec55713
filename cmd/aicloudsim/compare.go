package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// compareOptions are the flags of `aicloudsim compare`.
type compareOptions struct {
	studyOptions
	runs, attributionRuns int
	attributeBy           string
}

func newCompareCmd() *cobra.Command {
	var opt compareOptions
	c := &cobra.Command{
		Use:   "compare scenario-a scenario-b [scenario...]",
		Short: "Compare scenarios: input diff, outcome changes over time, attribution of the gap",
		Long: `Compare runs two or more scenarios (embedded names or files) side by side with
the same seeds and compares every one with the first:

  - the input diff: every number, date, string and list in which a scenario
    differs from the first once extends and --set are applied (--set
    applies to every scenario);
  - the outcomes: the headline series over time, one chart per metric with a
    line per scenario, and a final-year table with the change from the
    first scenario;
  - an attribution: each differing input applied alone to the first
    scenario, and how much of the change in each --outcome it explains;
    what is left is the inputs' interaction. Changes that only work
    together (the settings of a pricing rule) read better with
    --attribute-by entry, which applies each chip's, provider's or other
    entry's inputs together.

With --runs 1 (the default) each scenario runs once at its stated values
with the master seed, exactly as "aicloudsim run --seed S" runs it. With
--runs N each scenario runs as a Monte Carlo ensemble, as "aicloudsim
montecarlo" runs it: the charts get P5-P95 bands, and the changes are
computed run by run (run i of each scenario shares its seed and its sampled
values), so their bands show the uncertainty of the change itself. The
attribution always runs at the stated values, with --attribution-runs seeds
averaged.

The output folder (out/compare-<a>-vs-<b> unless --out is given) holds:

  diff.txt, inputs.csv     the input diff, for people and for tools
  compare.csv              final-year outcomes per scenario and their change
  attribution.csv          the gap in each --outcome split by input
  bands.csv                the headline series per scenario (P5-P95 bands)
  compare-*.png            revenue share, revenue, profit, price, Nvidia
  attribution-<outcome>.png  the attribution
  report.html              all of it in one self-contained page

Every run is saved as it finishes in <out>.checkpoint, so a process that is
stopped (Ctrl-C, SIGTERM) or killed outright loses at most the runs under
way; --resume continues from the saved runs to the same outputs.`,
		Example: `  aicloudsim compare baseline zhenwu-slow-memory
  aicloudsim compare baseline zhenwu-700.yaml --runs 200
  aicloudsim compare baseline export-ban price-war --outcome revenue:nvidia`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opt.ready(c); err != nil {
				return err
			}
			return compare(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), args, opt)
		},
	}
	studyFlags(c, &opt.studyOptions, "out/compare-<a>-vs-<b>")
	resumeFlag(c, &opt.studyOptions)
	c.Flags().IntVar(&opt.runs, "runs", 1, "runs per scenario: 1 runs each at its stated values, more as a Monte Carlo ensemble")
	c.Flags().IntVar(&opt.attributionRuns, "attribution-runs", 1, "seeds per attribution run, averaged")
	c.Flags().StringVar(&opt.attributeBy, "attribute-by", "input", "apply each differing `input` alone, or each entry's inputs together (entry: a chip, a provider, the events)")
	return c
}

// compareFiles are the files of a comparison's folder besides its charts.
var compareFiles = []string{"attribution.csv", "bands.csv", "compare.csv", "diff.txt", "inputs.csv", "report.html"}

// compare runs the command.
func compare(ctx context.Context, stdout, stderr io.Writer, refs []string, opt compareOptions) error {
	if opt.attributeBy != "input" && opt.attributeBy != "entry" {
		return badInput(fmt.Errorf("--attribute-by %q: want input or entry", opt.attributeBy))
	}
	var opens []study.Opener
	var names []string
	var seed uint64
	for i, ref := range refs {
		l, err := load(ref, opt.sets)
		if err != nil {
			return err
		}
		if i == 0 {
			seed = opt.masterSeed(l.Scenario)
		}
		opens = append(opens, opener(ref, opt.sets))
		names = append(names, dirName(l.Scenario.Name))
	}
	cmp, err := study.NewComparison(opens, opt.outcomes, seed, study.CompareConfig{Runs: opt.runs,
		AttributionRuns: opt.attributionRuns, ByEntry: opt.attributeBy == "entry"})
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = filepath.Join(defaultOutRoot, "compare-"+strings.Join(names, "-vs-"))
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkStudyDir(dir, compareFiles); err != nil {
		return badInput(err)
	}
	cp, err := openStudyCheckpoint(dir, "compare", cmp.ID(), cmp.Build, opt.studyOptions)
	if err != nil {
		return err
	}
	defer cp.close()
	res, err := runSaved(ctx, stderr, cp, opt.quiet, opt.jobs, cmp.Runs(), cmp.Run)
	if err != nil {
		return err
	}
	charts, err := reports.CompareCharts(res)
	if err != nil {
		return runFailed(err)
	}
	files := map[string]func(io.Writer) error{
		"compare.csv":     func(w io.Writer) error { return reports.WriteCompareCSV(w, res) },
		"inputs.csv":      func(w io.Writer) error { return reports.WriteInputsCSV(w, res) },
		"diff.txt":        func(w io.Writer) error { return reports.WriteDiffText(w, res) },
		"attribution.csv": func(w io.Writer) error { return reports.WriteAttributionCSV(w, res) },
		"bands.csv":       func(w io.Writer) error { return reports.WriteCompareBandsCSV(w, res) },
		"report.html":     func(w io.Writer) error { return reports.WriteCompareHTML(w, res, charts) },
	}
	return cp.write(stdout, dir, opt.quiet, files, charts, func(w io.Writer) { printComparison(w, res) })
}

// printComparison prints the diff and, for each attributed outcome, the
// values, the change and its attribution.
func printComparison(w io.Writer, c *reports.Comparison) {
	reports.WriteDiffText(w, c)
	first := c.Scenarios[0]
	for i, o := range c.Attributed {
		out := c.Outcomes[o]
		if c.Runs == 1 {
			fmt.Fprintf(w, "%s: %s %s", out.Label, first.Name, out.Format(first.Stats[o].P[2]))
			for _, s := range c.Scenarios[1:] {
				fmt.Fprintf(w, ", %s %s (%s)", s.Name, out.Format(s.Stats[o].P[2]), out.FormatDelta(s.Deltas[o].P[2]))
			}
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "%s over %d runs, median [P5, P95]:\n  %s %s [%s, %s]\n", out.Label, c.Runs, first.Name,
				out.Format(first.Stats[o].P[2]), out.Format(first.Stats[o].P[0]), out.Format(first.Stats[o].P[4]))
			for _, s := range c.Scenarios[1:] {
				st, d := s.Stats[o], s.Deltas[o]
				fmt.Fprintf(w, "  %s %s [%s, %s]; change run by run %s [%s, %s]\n", s.Name, out.Format(st.P[2]), out.Format(st.P[0]),
					out.Format(st.P[4]), out.FormatDelta(d.P[2]), out.FormatDelta(d.P[0]), out.FormatDelta(d.P[4]))
			}
			fmt.Fprintf(w, "  attribution at the stated values:\n")
		}
		for _, s := range c.Scenarios[1:] {
			a := s.Attribution[i]
			for j, g := range s.Groups {
				if g.Alone != "" {
					fmt.Fprintf(w, "  %s: cannot be applied alone (%s)\n", g.Name, g.Alone)
					continue
				}
				fmt.Fprintf(w, "  %s alone: %s%s\n", g.Name, out.FormatDelta(a.Effects[j]), shareOf(a.Effects[j], a.Gap()))
			}
			if len(s.Groups) > 1 {
				fmt.Fprintf(w, "  interaction: %s%s\n", out.FormatDelta(a.Interaction()), shareOf(a.Interaction(), a.Gap()))
			}
		}
	}
}

// shareOf writes e's share of gap: " (97% of the change)".
func shareOf(e, gap float64) string {
	if gap == 0 || math.IsNaN(e) {
		return ""
	}
	return fmt.Sprintf(" (%.0f%% of the change)", math.Round(100*e/gap)+0)
}
