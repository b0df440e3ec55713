package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func newExplainCalibrationCmd() *cobra.Command {
	var sets []string
	var seed uint64
	var out outputFormat
	c := &cobra.Command{
		Use:   "calibration [scenario]",
		Short: "Compare a run with the scenario's dated source figures",
		Long: `Explain calibration runs the scenario (default "history", the 2025 backtest)
and compares the run with the dated figures the scenario lists under
targets: revenue and token shares, market size, Nvidia's China revenue.
Each row gives the source's value, the simulated value and the error.`,
		Example: `  aicloudsim explain calibration
  aicloudsim explain calibration baseline --seed 3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ref := "history"
			if len(args) > 0 {
				ref = args[0]
			}
			l, err := load(ref, sets)
			if err != nil {
				return err
			}
			targets, err := l.CalibrationTargets()
			if err != nil {
				return badInput(err)
			}
			if len(targets) == 0 {
				return badInput(fmt.Errorf("scenario %s declares no targets; try `aicloudsim explain calibration history`", l.Name))
			}
			if !c.Flags().Changed("seed") {
				seed = cmp.Or(l.Scenario.Seed, 1)
			}
			r, err := l.simulate(seed, 0)
			if err != nil {
				return err
			}
			if out.json() {
				return writeFitJSON(c.OutOrStdout(), l, seed, market.Fit(r, targets))
			}
			return writeFit(c.OutOrStdout(), l.Name, seed, market.Fit(r, targets))
		},
	}
	setFlag(c, &sets)
	outputFlag(c, &out)
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed (default: the scenario's seed)")
	return c
}

// writeFit prints the fit table: source against simulated, with the error;
// names left-aligned, numbers right-aligned.
func writeFit(w io.Writer, scenario string, seed uint64, rows []market.FitRow) error {
	head := []string{"TARGET", "SOURCE", "SIMULATED", "ERROR", "SOURCE OF THE FIGURE"}
	cells := [][]string{head}
	for _, r := range rows {
		t := r.Target
		rel := "n/a"
		switch {
		case math.IsNaN(r.Error):
		case t.Kind == market.TargetRevenueShare || t.Kind == market.TargetVolumeShare:
			rel = fmt.Sprintf("%+.1f pp", 100*r.Error) // shares: percentage points
		case !math.IsNaN(r.RelError):
			rel = fmt.Sprintf("%+.1f%%", 100*r.RelError)
		}
		cells = append(cells, []string{t.Name, t.Kind.Format(t.Value), t.Kind.Format(r.Simulated), rel, t.Source})
	}
	width := make([]int, len(head))
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	if _, err := fmt.Fprintf(w, "Calibration of %s, seed %d: source against simulated\n\n", scenario, seed); err != nil {
		return err
	}
	for _, row := range cells {
		line := fmt.Sprintf("%-*s  %*s  %*s  %*s  %s", width[0], row[0], width[1], row[1], width[2], row[2], width[3], row[3], row[4])
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " ")); err != nil {
			return err
		}
	}
	return nil
}
