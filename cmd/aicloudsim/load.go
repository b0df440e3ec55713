package main

import (
	"errors"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// loaded is a scenario opened, overridden and built, ready to run.
type loaded struct {
	*scenarios.Opened
	cfg    *market.Config
	agents []market.Agent
}

// load opens the scenario ref (an embedded name or a file), applies the
// --set overrides and builds it. Every problem is bad input.
func load(ref string, sets []string) (*loaded, error) {
	o, err := scenarios.Open(ref, sets)
	if err != nil {
		return nil, badInput(err)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		return nil, badInput(err)
	}
	return &loaded{Opened: o, cfg: cfg, agents: agents}, nil
}

// simulate runs l once. A configuration the market rejects is bad input;
// any other failure (a broken invariant, an invalid agent decision) is a
// failed run.
func (l *loaded) simulate(seed uint64, runIndex int) (*market.Result, error) {
	r, err := market.Run(l.cfg, l.agents, market.Options{Seed: seed, Run: runIndex})
	switch {
	case errors.Is(err, market.ErrConfig):
		return nil, badInput(err)
	case err != nil:
		return nil, runFailed(err)
	}
	return r, nil
}

// scenarioArg returns the scenario named by args, or the default.
func scenarioArg(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return "baseline"
}
