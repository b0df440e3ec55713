package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// Shell completion (cobra's `aicloudsim completion bash|zsh|fish|powershell`)
// offers, beyond command and flag names: scenario names (embedded ones and
// *.yaml files) for scenario arguments, the values of enumerated flags,
// company ids for --teams, outcomes built from the scenario's companies
// and segments for --outcome, and the scenario's ranged numbers for --set.

// scenarioArgs says how many scenario arguments each command takes, by
// its path below the root; -1 is any number.
var scenarioArgs = map[string]int{
	"run": 1, "validate": -1, "montecarlo": 1, "sweep": 1, "sensitivity": 1, "compare": -1,
	"explain hardware": 1, "explain scenario": 1, "explain calibration": 1, "play init": 1,
}

// enumFlags are the values of flags that take one of a few words.
var enumFlags = map[string][]string{
	"sampling":     {string(study.LatinHypercube), string(study.Random)},
	"method":       {"oat", "morris", "both"},
	"attribute-by": {"input", "entry"},
}

// addCompletions walks the command tree under root and registers the
// completion functions.
func addCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), root.Name()), " ")
		if n, ok := scenarioArgs[path]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				if n >= 0 && len(args) >= n {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return completeScenarios(toComplete)
			}
		}
		for name, values := range enumFlags {
			if c.Flags().Lookup(name) != nil {
				c.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
			}
		}
		if c.Flags().Lookup("scenario") != nil {
			c.RegisterFlagCompletionFunc("scenario", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
				return completeScenarios("")
			})
		}
		if c.Flags().Lookup("teams") != nil {
			c.RegisterFlagCompletionFunc("teams", completeTeams)
		}
		if c.Flags().Lookup("outcome") != nil {
			c.RegisterFlagCompletionFunc("outcome", completeOutcomes)
		}
		if c.Flags().Lookup("set") != nil {
			c.RegisterFlagCompletionFunc("set", completeSets)
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeScenarios offers the embedded scenarios that start with prefix
// and the *.yaml and *.yml files (and folders, to descend into) matching
// it.
func completeScenarios(prefix string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, e := range scenarios.Catalogue() {
		if strings.HasPrefix(e.Name, prefix) {
			out = append(out, e.Name+"\t"+e.Title)
		}
	}
	dir, base := filepath.Split(prefix)
	entries, _ := os.ReadDir(cmpOr(dir, "."))
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		switch {
		case e.IsDir():
			out = append(out, dir+name+string(filepath.Separator))
		case strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"):
			out = append(out, dir+name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// cmpOr returns s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// scenarioOf loads the scenario a command line names (its first argument,
// or --scenario, or baseline) for completions that need its ids; nil if
// it does not load.
func scenarioOf(c *cobra.Command, args []string) *loaded {
	ref := "baseline"
	if f := c.Flags().Lookup("scenario"); f != nil && f.Value.String() != "" {
		ref = f.Value.String()
	}
	if len(args) > 0 {
		ref = args[0]
	}
	l, err := load(ref, nil)
	if err != nil {
		return nil
	}
	return l
}

// completeTeams offers the scenario's company ids for the last element of
// a comma-separated list, leaving out those already given.
func completeTeams(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	l := scenarioOf(c, args)
	if l == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	i := strings.LastIndex(toComplete, ",")
	given, last := strings.Split(toComplete[:i+1], ","), toComplete[i+1:]
	var out []string
	for _, id := range companyIDs(l) {
		if strings.HasPrefix(id, last) && !slices.Contains(given, id) {
			out = append(out, toComplete[:i+1]+id)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// companyIDs returns the providers' and then the suppliers' ids.
func companyIDs(l *loaded) []string {
	var ids []string
	for _, p := range l.cfg.Providers {
		ids = append(ids, p.ID)
	}
	for _, s := range l.cfg.Suppliers {
		ids = append(ids, s.ID)
	}
	return ids
}

// completeOutcomes offers every outcome the scenario's companies and
// segments make (see study.ParseMeasures for the forms).
func completeOutcomes(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	l := scenarioOf(c, args)
	if l == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var all []string
	for _, p := range l.cfg.Providers {
		all = append(all, "revenue_share:"+p.ID, "revenue:"+p.ID, "profit:"+p.ID)
		for s, ok := range p.Serves {
			if !ok {
				continue
			}
			seg := l.cfg.Segments[s]
			all = append(all, "volume_share:"+p.ID+":"+seg.ID)
			if seg.Kind == market.Paid {
				all = append(all, "revenue_share:"+p.ID+":"+seg.ID, "price:"+p.ID+":"+seg.ID)
			}
		}
	}
	for _, s := range l.cfg.Suppliers {
		all = append(all, "revenue:"+s.ID, "profit:"+s.ID, "export_fees:"+s.ID)
	}
	for _, s := range l.cfg.Segments {
		if s.Kind == market.Paid {
			all = append(all, "price:"+s.ID)
		}
	}
	var out []string
	for _, o := range all {
		if strings.HasPrefix(o, toComplete) {
			out = append(out, o)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeSets offers path= for every ranged number of the scenario,
// the numbers a what-if most often changes.
func completeSets(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	l := scenarioOf(c, args)
	if l == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, p := range study.Params(l.Scenario) {
		if strings.HasPrefix(p.Path, toComplete) {
			out = append(out, p.Path+"=\t"+p.Source)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
