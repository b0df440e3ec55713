package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
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

// BenchmarkSimulate measures the simulation alone: the baseline is opened
// once, then each iteration builds fresh agents and simulates five years
// (the target of 12 ms per run refers to this).
func BenchmarkSimulate(b *testing.B) {
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cfg, agents, err := o.Build()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := market.Run(cfg, agents, market.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunCommand measures `aicloudsim run baseline` end to end, as a
// user runs it: open the scenario, simulate, draw the charts, write every
// file of the output folder (replacing the last one) and take the lock.
// Its CPU time per op (user+sys over the benchmark) is what the target of
// 0.45 s of CPU refers to.
func BenchmarkRunCommand(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "out")
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		if code := run([]string{"run", "baseline", "--out", dir, "--quiet"}, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
