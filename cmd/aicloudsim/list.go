package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// listers are the things `aicloudsim list` can list, in help order.
var listers = []struct {
	what string
	list func(w io.Writer, l *loaded)
}{
	{"scenarios", nil}, // from the catalogue, not from a scenario
	{"chips", listChips},
	{"models", listModels},
	{"companies", listCompanies},
}

func newListCmd() *cobra.Command {
	var (
		ref  string
		sets []string
		out  outputFormat
	)
	var valid []string
	for _, l := range listers {
		valid = append(valid, l.what)
	}
	c := &cobra.Command{
		Use:   "list [" + strings.Join(valid, "|") + "]",
		Short: "List the embedded scenarios, or a scenario's chips, models or companies",
		Long: `List prints the embedded scenarios (the default), or the chips, models or
companies of the scenario given by --scenario (default "baseline") after
extends and --set.`,
		Example: `  aicloudsim list
  aicloudsim list chips
  aicloudsim list models --scenario examples/zhenwu-700.yaml
  aicloudsim list chips -o json`,
		ValidArgs: valid,
		Args:      cobra.MatchAll(cobra.MaximumNArgs(1), cobra.OnlyValidArgs),
		RunE: func(c *cobra.Command, args []string) error {
			what := "scenarios"
			if len(args) > 0 {
				what = args[0]
			}
			if out.json() {
				var l *loaded
				if what != "scenarios" {
					var err error
					if l, err = load(ref, sets); err != nil {
						return err
					}
				}
				return listJSON(c.OutOrStdout(), what, l)
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 0, 2, ' ', 0)
			if what == "scenarios" {
				listScenarios(tw)
				return tw.Flush()
			}
			l, err := load(ref, sets)
			if err != nil {
				return err
			}
			for _, ls := range listers {
				if ls.what == what {
					ls.list(tw, l)
				}
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&ref, "scenario", "baseline", "the scenario (embedded name or file) whose chips, models or companies to list")
	setFlag(c, &sets)
	outputFlag(c, &out)
	return c
}

func listScenarios(w io.Writer) {
	fmt.Fprintln(w, "NAME\tTITLE")
	for _, e := range scenarios.Catalogue() {
		fmt.Fprintf(w, "%s\t%s\n", e.Name, e.Title)
	}
}

func listChips(w io.Writer, l *loaded) {
	cfg := l.cfg
	fmt.Fprintln(w, "ID\tNAME\tVENDOR\tORIGIN\tHBM GB\tMEMORY GB/S\tLINK GB/S\tBF16 TFLOPS\tFP8 TFLOPS\tTDP W\tPRICE $\tLAUNCH\tPOLICY AT START")
	for i, c := range cfg.Chips {
		launch := "-"
		if cfg.ChipLaunch[i] > 0 {
			launch = market.Calendar{Start: cfg.Start}.Date(cfg.ChipLaunch[i]).Format("2006-01-02")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%g\t%g\t%g\t%g\t%s\t%g\t%g\t%s\t%s\n",
			c.ID, c.Name, c.Vendor, c.Origin, c.HBMGB, c.MemoryBandwidthGBps, c.InterconnectGBps,
			c.BF16TFLOPS, optional(c.FP8TFLOPS), c.TDPW, c.PriceUSD, launch, policy(c.Origin == hardware.Domestic, cfg.Policy[i]))
	}
}

// optional formats a figure that is 0 when unknown or unsupported as "-".
func optional(v float64) string {
	if v == 0 {
		return "-"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// policy describes the rules for a chip in China.
func policy(domestic bool, p market.ChipPolicy) string {
	if domestic {
		return "domestic"
	}
	us := "US: banned"
	if p.USAllowed {
		us = fmt.Sprintf("US: allowed, fee %g%%", 100*p.FeeRate)
		if p.CapPerQuarter > 0 {
			us += fmt.Sprintf(", cap %g/quarter", p.CapPerQuarter)
		}
	}
	cn := "China: not approved"
	if p.Approved {
		cn = "China: approved"
	}
	if p.Discouraged {
		cn += ", discouraged by guidance"
	}
	return us + "; " + cn
}

func listModels(w io.Writer, l *loaded) {
	cfg := l.cfg
	fmt.Fprintln(w, "ID\tNAME\tOWNER\tSERVES\tCAPABILITY\tWEIGHTS\tRELEASE\tPARAMS B (ACTIVE)")
	for _, m := range cfg.Models {
		weights := "closed"
		if m.Open {
			weights = "open"
		}
		release := "-"
		if spec := l.Scenario.Models[m.ID]; spec != nil {
			release = spec.Release.String()
		}
		params := fmt.Sprintf("%g", m.Workload.TotalParamsB)
		if m.Workload.ActiveParamsB != m.Workload.TotalParamsB {
			params += fmt.Sprintf(" (%g)", m.Workload.ActiveParamsB)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%g\t%s\t%s\t%s\n",
			m.ID, m.Name, cfg.Providers[m.Owner].ID, m.Serves, m.Capability, weights, release, params)
	}
}

func listCompanies(w io.Writer, l *loaded) {
	cfg := l.cfg
	fmt.Fprintln(w, "ID\tNAME\tROLE\tSELLS")
	for _, p := range cfg.Providers {
		role := "provider"
		if p.Western {
			role = "western provider"
		}
		var segs []string
		for s, ok := range p.Serves {
			if ok {
				segs = append(segs, cfg.Segments[s].ID)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.ID, p.Name, role, strings.Join(segs, ", "))
	}
	for _, s := range cfg.Suppliers {
		role := "chip supplier"
		if s.Owner >= 0 {
			role += " (owned by " + cfg.Providers[s.Owner].ID + ")"
		}
		var chips []string
		for _, c := range s.Chips {
			chips = append(chips, cfg.Chips[c].ID)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.ID, s.Name, role, strings.Join(chips, ", "))
	}
}
