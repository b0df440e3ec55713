package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// tournamentOptions are the flags of `aicloudsim tournament`.
type tournamentOptions struct {
	runs  int
	jobs  int
	seed  uint64
	out   string
	quiet bool
}

func newTournamentCmd() *cobra.Command {
	var opt tournamentOptions
	c := &cobra.Command{
		Use:   "tournament FILE [--runs R] [--jobs J] [--seed S] [--out DIR] [--quiet]",
		Short: "Rank a company's strategy variants across scenarios by mean and worst-decile outcome",
		Long: `Tournament runs every variant of one company's strategy on every scenario of
a small YAML file, with the same seeds, and ranks the variants by robustness:

  company: alibaba                 # whose strategies compete
  outcome: revenue_share:alibaba   # any study outcome (see sweep --outcome)
  better: higher                   # or lower, e.g. for a price (default higher)
  scenarios: [baseline, export-ban, price-war]   # embedded names or files
  variants:                        # name -> --set overrides applied to every scenario
    built-in: {}
    best-response: {providers.alibaba.strategy.pricing.llm-api.rule: best-response}

Each cell is one variant on one scenario with one of --runs R seeds (the
master seed, then derived seeds, as sweeps use), so every cell is exactly
"aicloudsim run SCENARIO --seed SEED --set ..." with the variant's sets.
Variants are ranked by the mean outcome over all scenario × seed cells and
by the worst decile: the mean of the worst tenth of the cells (the worst
cell when there are fewer than ten).

The output folder (out/<file name>-tournament unless --out is given) holds:

  tournament.csv              tidy: variant, scenario, seed, outcome, value
  ranking.csv                 ranks, mean, worst decile, worst cell, mean per scenario
  tournament-<outcome>.png    mean and worst decile of every variant
  report.html                 all of it in one self-contained page`,
		Example: `  aicloudsim tournament docs/tournament-alibaba.yaml --runs 2`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if !c.Flags().Changed("jobs") {
				opt.jobs = min(runtime.GOMAXPROCS(0), study.MaxJobs)
			}
			if err := study.CheckJobs(opt.jobs); err != nil {
				return badInput(err)
			}
			return tournament(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), args[0], opt)
		},
	}
	f := c.Flags()
	f.IntVar(&opt.runs, "runs", 1, "seeds per scenario, shared by every variant")
	f.IntVar(&opt.jobs, "jobs", 0, "runs computed at once, one goroutine each (default: the cores this process may use)")
	f.Uint64Var(&opt.seed, "seed", 1, "master seed")
	f.StringVar(&opt.out, "out", "", "output `folder` (default: out/<file name>-tournament)")
	f.BoolVarP(&opt.quiet, "quiet", "q", false, "no progress bar, and print nothing on success")
	return c
}

// tournamentFiles are the files of a tournament's folder besides its chart.
var tournamentFiles = []string{"ranking.csv", "report.html", "tournament.csv"}

// tournament runs the command.
func tournament(ctx context.Context, stdout, stderr io.Writer, file string, opt tournamentOptions) error {
	spec, err := study.ReadTournamentSpec(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return badInput(fmt.Errorf("tournament file: %w", err))
		}
		return badInput(err)
	}
	t, err := study.NewTournament(spec, opt.seed, opt.runs)
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultStudyDir(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), "tournament")
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkStudyDir(dir, tournamentFiles); err != nil {
		return badInput(err)
	}
	res, err := runStudyWith(ctx, stderr, opt.quiet, opt.jobs, t.Tasks(), t.Run)
	if err != nil {
		return err
	}
	charts, err := reports.TournamentCharts(res)
	if err != nil {
		return runFailed(err)
	}
	files := map[string]func(io.Writer) error{
		"tournament.csv": func(w io.Writer) error { return reports.WriteTournamentCSV(w, res) },
		"ranking.csv":    func(w io.Writer) error { return reports.WriteRankingCSV(w, res) },
		"report.html":    func(w io.Writer) error { return reports.WriteTournamentHTML(w, res, charts) },
	}
	return writeStudy(stdout, dir, opt.quiet, files, charts, func(w io.Writer) { printTournament(w, res) })
}

// printTournament prints the ranking table.
func printTournament(w io.Writer, t *reports.Tournament) {
	fmt.Fprintf(w, "tournament of %s's strategies: %s, %d scenarios × %d seeds, master seed %d\n",
		t.CompanyName, t.Outcome.Label, len(t.Scenarios), t.Runs, t.Seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := []string{"rank", "variant", "mean", "worst decile", "rank (worst decile)"}
	head = append(head, t.Scenarios...)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, st := range t.Standings {
		row := []string{fmt.Sprint(st.RankMean), t.Variants[st.Variant].Name, t.Outcome.Format(st.Mean),
			t.Outcome.Format(st.WorstDecile), fmt.Sprint(st.RankWorst)}
		for _, m := range st.ByScenario {
			row = append(row, t.Outcome.Format(m))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}
