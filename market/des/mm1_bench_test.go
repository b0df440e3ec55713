package des_test

import "testing"

// mm1Customers is the M/M/1 workload of one benchmark iteration.
const mm1Customers = 1_000_000

// benchMM1 runs run once per iteration on a fresh model and reports events/s
// over all iterations.
func benchMM1(b *testing.B, run func(*mm1) uint64) {
	var events uint64
	seed := uint64(0)
	for b.Loop() {
		seed++
		events += run(newMM1(0.9, 1, mm1Customers, 0, seed))
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkMM1 measures the kernel (des.Sim) on an M/M/1 queue at ρ = 0.9,
// 2M events per iteration, random draws and model bookkeeping included.
func BenchmarkMM1(b *testing.B) { benchMM1(b, runSim) }

// BenchmarkHandRolled4ary runs the same workload on handHeap, the baseline
// for BenchmarkMM1.
func BenchmarkHandRolled4ary(b *testing.B) { benchMM1(b, runHand) }
