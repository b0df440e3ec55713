package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

func newExplainDriversCmd() *cobra.Command {
	var sets []string
	var seed uint64
	var out string
	var jobs int
	c := &cobra.Command{
		Use:   "drivers [scenario]",
		Short: "Attribute each cloud's share and profit change to groups of inputs (Shapley)",
		Long: `Explain drivers says what moved each cloud's revenue share and profit from the
first simulated year to the last, by five groups of the scenario's inputs that
change over a run: chip cost and supply, model capability, prices and
strategy, policy, and demand and ecosystem.

A group is "frozen" by holding its inputs at their start: output, capex and
spend paths at their first year's values, no chip launch or model release
after the start, every cloud holding its starting prices, no policy event or
policy shock, no news or demand shock. The scenario is run with every subset
of the groups frozen (2^5 = 32 runs, the same seed), and each group's part is
its exact Shapley value: its marginal effect averaged over the orders in
which the groups could be switched on. The parts add up to the final year's
value minus that of the run with every group frozen; the table adds the first
year's value and that drift, so the rows add up to the final year.

With --out, the folder also gets drivers.csv and the waterfall charts.`,
		Example: `  aicloudsim explain drivers
  aicloudsim explain drivers zhenwu-slow-memory --out out/drivers`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ref := scenarioArg(args)
			l, err := load(ref, sets)
			if err != nil {
				return err
			}
			if !c.Flags().Changed("seed") {
				seed = cmp.Or(l.Scenario.Seed, 1)
			}
			start := time.Now()
			d, err := study.Drivers(c.Context(), l.Opened, seed, study.Options{Jobs: max(jobs, 1)})
			if err != nil {
				return runError(err)
			}
			elapsed := time.Since(start)
			w := c.OutOrStdout()
			writeDrivers(w, d)
			fmt.Fprintf(w, "\n%d runs in %.2fs\n", d.Runs, elapsed.Seconds())
			if out == "" {
				return nil
			}
			charts, err := reports.DriversCharts(d)
			if err != nil {
				return runFailed(err)
			}
			return writeStudy(w, out, false, map[string]func(io.Writer) error{"drivers.csv": d.WriteCSV}, charts, func(io.Writer) {})
		},
	}
	setFlag(c, &sets)
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed (default: the scenario's seed)")
	c.Flags().StringVar(&out, "out", "", "also write drivers.csv and the waterfall charts into this `folder`")
	c.Flags().IntVar(&jobs, "jobs", 2, "runs computed at once")
	return c
}

// writeDrivers prints one table per metric: a row per company, a column
// per step.
func writeDrivers(w io.Writer, d *reports.Drivers) {
	for _, metric := range []string{"revenue_share", "profit"} {
		head := []string{"COMPANY", fmt.Sprint(d.FirstYear), "ALL FROZEN"}
		for _, g := range d.Groups {
			head = append(head, strings.ToUpper(g.Name))
		}
		head = append(head, fmt.Sprint(d.FinalYear))
		rows := [][]string{head}
		for _, c := range d.Companies(len(d.Rows)) {
			r := d.Row(c, metric)
			if r == nil {
				continue
			}
			row := []string{r.Name, r.Outcome.Format(r.First), r.Outcome.FormatDelta(r.Frozen - r.First)}
			for _, p := range r.Parts {
				row = append(row, r.Outcome.FormatDelta(p))
			}
			rows = append(rows, append(row, r.Outcome.Format(r.Final)))
		}
		what := map[string]string{"revenue_share": "Revenue share of the paid segments", "profit": "Profit"}[metric]
		fmt.Fprintf(w, "%s, %d to %d, by driver (scenario %s, seed %d):\n", what, d.FirstYear, d.FinalYear, d.Scenario, d.Seed)
		width := make([]int, len(head))
		for _, r := range rows {
			for i, c := range r {
				width[i] = max(width[i], utf8.RuneCountInString(c))
			}
		}
		for _, r := range rows {
			var b strings.Builder
			for i, c := range r {
				pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
				if i == 0 {
					b.WriteString(c + pad)
				} else {
					b.WriteString("  " + pad + c)
				}
			}
			fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		}
		fmt.Fprintln(w)
	}
}
