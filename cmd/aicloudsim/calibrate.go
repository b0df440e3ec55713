package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// calibrateOptions are the flags of `aicloudsim calibrate`.
type calibrateOptions struct {
	studyOptions
	params   []string
	top      int
	seeds    int
	maxEvals int
	date     string
}

func newCalibrateCmd() *cobra.Command {
	var opt calibrateOptions
	c := &cobra.Command{
		Use:   "calibrate [scenario]",
		Short: "Fit a scenario's ranged numbers to its dated targets (Nelder–Mead)",
		Long: `Calibrate fits the numbers of a scenario (default "history", the 2025 backtest)
that carry a range to the dated figures it lists under targets.

The error of a target is its miss over its tolerance: 2 percentage points
for a share, 10% for money and volumes (measured against the larger of the
source's and the simulated figure, so missing by a factor k costs the same
up or down). The weighted error is the root mean square of the targets'
errors. Every point is run with --seeds seeds and their figures averaged
(common random numbers).

Without --param, a screening runs every ranged number at both ends of its
range and fits the --top numbers that move the targets most. The fit is
Nelder–Mead (gonum's optimize) over coordinates mapped to each number's
range by a logistic function, so every trial stays within the range, with
at most --max-evals evaluations. The runs stop at the end of the last
target's period.

The output folder (out/<scenario>-calibrate unless --out is given) holds:

  <scenario>-fitted.yaml  a scenario that extends the original and sets each
                  fitted number, its range kept, its source "fitted to ..."
  fit.csv         every target: source, before, after, errors
  calibration.md  the fitted numbers, the fit table, the screening,
                  identifiability (flat directions of the error's curvature,
                  correlated pairs) and the hold-out check: the fit repeated
                  without every third target, with the error on those`,
		Example: `  aicloudsim calibrate
  aicloudsim calibrate history --param chips.zhenwu-810e.price --param segments.llm-api.elasticity
  aicloudsim calibrate my-backtest.yaml --top 6 --seeds 5 --max-evals 300`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opt.ready(c); err != nil {
				return err
			}
			ref := "history"
			if len(args) > 0 {
				ref = args[0]
			}
			return calibrate(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), ref, opt)
		},
	}
	f := c.Flags()
	f.Uint64Var(&opt.seed, "seed", 0, "master seed (default: the scenario's seed, else 1)")
	f.StringVar(&opt.out, "out", "", "output `folder` (default: out/<scenario>-calibrate)")
	f.IntVar(&opt.jobs, "jobs", 0, "runs computed at once, one goroutine each (default: the cores this process may use)")
	f.BoolVarP(&opt.quiet, "quiet", "q", false, "no progress bar, and print nothing on success")
	f.StringArrayVar(&opt.params, "param", nil, "a ranged number to fit, by its path (repeatable; default: the screening's --top)")
	f.IntVar(&opt.top, "top", 4, "numbers the screening picks when no --param is given")
	f.IntVar(&opt.seeds, "seeds", 3, "seeds every point is run with, averaged")
	f.IntVar(&opt.maxEvals, "max-evals", 120, "Nelder–Mead evaluations of the main fit (the hold-out fit gets half)")
	f.StringVar(&opt.date, "date", "", "the date the fitted numbers' source gives (default: today)")
	return c
}

// calibrate runs the command.
func calibrate(ctx context.Context, stdout, stderr io.Writer, ref string, opt calibrateOptions) error {
	l, err := load(ref, nil)
	if err != nil {
		return err
	}
	if opt.date == "" {
		opt.date = time.Now().UTC().Format(time.DateOnly)
	}
	cal, err := study.NewCalibration(opener(ref, nil), ref, opt.masterSeed(l.Scenario), study.CalibrationConfig{
		Params: opt.params, Top: opt.top, Seeds: opt.seeds, MaxEvals: opt.maxEvals, Date: opt.date})
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultStudyDir(l.Name, "calibrate")
	}
	fittedName := dirName(l.Name) + "-fitted.yaml"
	if err := checkStudyDir(dir, []string{fittedName, "fit.csv", "calibration.md"}); err != nil {
		return badInput(err)
	}
	start := time.Now()
	res, err := runStudyWith(ctx, stderr, opt.quiet, opt.jobs, cal.Evaluations(), func(ctx context.Context, o study.Options) (*reports.Calibration, error) {
		return cal.Run(ctx, o)
	})
	if err != nil {
		return err
	}
	fitted, err := cal.FittedYAML(res)
	if err != nil {
		return runFailed(err)
	}
	files := map[string]func(io.Writer) error{
		fittedName:       bytesFile(fitted),
		"fit.csv":        res.WriteFitCSV,
		"calibration.md": res.Markdown,
	}
	return writeStudy(stdout, dir, opt.quiet, files, nil, func(w io.Writer) {
		fmt.Fprintf(w, "fitted %d numbers in %.1fs:\n", len(res.Params), time.Since(start).Seconds())
		for _, p := range res.Params {
			fmt.Fprintf(w, "  %s: %s → %s (range %s)\n", p.Path, p.ValueText, p.FittedText, p.RangeText())
		}
		fmt.Fprintln(w)
		fmt.Fprint(w, res.Table())
		fmt.Fprintln(w)
		if len(res.Unreached) > 0 {
			fmt.Fprintf(w, "no ranged number moves %d targets (%s): give a range to the numbers that drive them\n", len(res.Unreached), strings.Join(res.Unreached, "; "))
		}
		fmt.Fprint(w, res.Identifiability())
		if h := res.Hold; h != nil {
			fmt.Fprintf(w, "hold-out: fitted without %d targets, their weighted error went from %.2f to %.2f\n", len(h.Test), h.TestBefore, h.TestAfter)
		}
	})
}
