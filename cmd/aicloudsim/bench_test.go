package main

import (
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// BenchmarkBaselineRun measures one full baseline run as `aicloudsim run`
// does it, minus writing files: open and decode the embedded scenario,
// build it and simulate five years.
func BenchmarkBaselineRun(b *testing.B) {
	for b.Loop() {
		o, err := scenarios.Open("baseline", nil)
		if err != nil {
			b.Fatal(err)
		}
		cfg, agents, err := o.Build()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := market.Run(cfg, agents, market.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
