package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func newExplainCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "explain",
		Short: "Show the assumptions behind a scenario",
		Long: `Explain shows what a scenario assumes: the roofline serving table of every
chip and model (explain hardware), the scenario itself after extends and
--set (explain scenario), or how a run compares with dated source figures
(explain calibration).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return c.Help()
		},
	}
	c.AddCommand(newExplainHardwareCmd(), newExplainScenarioCmd(), newExplainCalibrationCmd(), newExplainDriversCmd())
	return c
}

func newExplainHardwareCmd() *cobra.Command {
	var sets []string
	var out outputFormat
	c := &cobra.Command{
		Use:   "hardware [scenario]",
		Short: "Print the roofline serving economics of every chip and model",
		Long: `Explain hardware lists the scenario's chips and then serves every model on
every chip with the roofline model: chips per replica, batch, the bound
(memory or compute), for text the serving efficiency, the input:output mix
and the prefill and decode rates, units per second per chip (for text input
and output tokens blended by the mix), the full cost of a chip-hour and the
cost per million units (tokens, images or video-seconds). A validation table
follows: published serving measurements against the roofline, with the
serving efficiency each chip x model implies and the ratio of predicted to
measured.`,
		Example: `  aicloudsim explain hardware
  aicloudsim explain hardware --set chips.zhenwu-810e.memory_bandwidth=0.7TB/s
  aicloudsim explain hardware -o json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := load(scenarioArg(args), sets)
			if err != nil {
				return err
			}
			if out.json() {
				return explainHardwareJSON(c.OutOrStdout(), l)
			}
			return explainHardware(c.OutOrStdout(), l)
		},
	}
	setFlag(c, &sets)
	outputFlag(c, &out)
	return c
}

// explainHardware prints the chips, the cost assumptions and the table.
func explainHardware(w io.Writer, l *loaded) error {
	cfg := l.cfg
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHIP\tNAME\tORIGIN\tHBM GB\tMEMORY GB/S\tBF16 TFLOPS\tFP8 TFLOPS\tTDP W\tPRICE $\tLIFETIME Y")
	for _, c := range cfg.Chips {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%g\t%g\t%g\t%s\t%g\t%g\t%g\n", c.ID, c.Name, c.Origin, c.HBMGB,
			c.MemoryBandwidthGBps, c.BF16TFLOPS, optional(c.FP8TFLOPS), c.TDPW, c.PriceUSD, c.LifetimeYears)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	k := cfg.Costs
	fmt.Fprintf(w, "\nCosts: electricity $%g/kWh, PUE %g, overhead $%g per chip-hour; efficiency %g%% of peak compute, %g%% of peak memory bandwidth; %g%% of HBM reserved.\n\n",
		k.ElectricityUSDPerKWh, k.PUE, k.OverheadUSDPerChipHour, 100*k.ComputeEfficiency, 100*k.MemoryEfficiency, 100*k.HBMReserveFraction)
	if err := hardware.WriteTable(w, servingTable(cfg)); err != nil {
		return err
	}
	return explainValidation(w, k)
}

// explainValidation prints the published serving measurements against the
// roofline under k, with the serving efficiencies they imply.
func explainValidation(w io.Writer, k hardware.Costs) error {
	checks, fits, err := hardware.Validation(k)
	if err != nil {
		return runFailed(err)
	}
	fmt.Fprintf(w, "\nText: BOUND is the roof that limits a decode step's matrix products (the step adds its KV read to them), EFF the serving efficiency (achieved share of the roofline; scenario default %g%%), IN:OUT the prompt tokens per generated token; UNITS/S/CHIP and $/M UNITS count input and output tokens together.\n",
		100*k.ServingEfficiency)
	fmt.Fprint(w, "\nValidation: published serving throughput against the roofline under these costs, one serving efficiency fitted per chip x model (RATIO = predicted / measured).\n\n")
	return hardware.WriteValidation(w, checks, fits)
}

// servingTable serves every model of cfg on every chip with the roofline
// model: the table explain hardware prints and the serving-cost chart draws.
func servingTable(cfg *market.Config) []hardware.Serving {
	var ws []hardware.Workload
	for _, m := range cfg.Models {
		if !m.Endogenous { // a generation serves like the model it is modelled on
			ws = append(ws, m.Workload)
		}
	}
	return hardware.Table(cfg.Chips, ws, cfg.Costs)
}

func newExplainScenarioCmd() *cobra.Command {
	var sets []string
	var out outputFormat
	c := &cobra.Command{
		Use:   "scenario [scenario]",
		Short: "Print a scenario as YAML after extends and --set",
		Long: `Explain scenario prints the scenario (default "baseline") as one YAML
document with its extends chain merged and the --set overrides applied:
exactly what a run uses. It checks the scenario first.`,
		Example: `  aicloudsim explain scenario examples/zhenwu-700.yaml
  aicloudsim explain scenario --set costs.pue=1.5`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			l, err := load(scenarioArg(args), sets)
			if err != nil {
				return err
			}
			if out.json() {
				if err := explainScenarioJSON(c.OutOrStdout(), l); err != nil {
					return runFailed(err)
				}
				return nil
			}
			b, err := l.Tree.Marshal()
			if err != nil {
				return runFailed(err)
			}
			_, err = c.OutOrStdout().Write(b)
			return err
		},
	}
	setFlag(c, &sets)
	outputFlag(c, &out)
	return c
}
