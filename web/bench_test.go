package web

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// BenchmarkWhatIf measures what the what-if page costs the server for
// one slider move on the baseline: open the scenario with the change,
// run five years, draw the page's three SVG charts against the cached
// unchanged run, and write the what-if file. Each iteration moves the
// slider to a new value, so nothing comes from the cache but the base.
// The garbage collector is set as `aicloudsim serve` sets it (GCPercent).
// It reports the median and 95th percentile of the wall time in ms, and
// the process's CPU time per what-if (all threads, garbage collection
// included), which is what a what-if costs a busy, shared machine.
func BenchmarkWhatIf(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent)) // as serve runs
	base, err := compute(runSpec{Scenario: "baseline"}, nil)
	if err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	i := 0
	cpu0 := testenv.CPUTime()
	for b.Loop() {
		i++
		spec := runSpec{Scenario: "baseline", Sets: []string{fmt.Sprintf("chips.zhenwu-810e.memory_bandwidth=%dGB/s", 700+i%1300)}}
		t0 := time.Now()
		if _, err := compute(spec, base); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.ReportMetric(float64((testenv.CPUTime()-cpu0).Microseconds())/1000/float64(len(times)), "cpu-ms/op")
	slices.Sort(times)
	ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
}

// BenchmarkWhatIfHTTP is the same through the store and the pool, as the
// API serves it.
func BenchmarkWhatIfHTTP(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	s, err := New(Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.runs.get(ctx, runSpec{Scenario: "baseline"}); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		spec := runSpec{Scenario: "baseline", Sets: []string{fmt.Sprintf("costs.pue=%g", 1.15+float64(i%30)/100)}}
		if _, _, err := s.runWithBase(ctx, spec); err != nil {
			b.Fatal(err)
		}
	}
}
