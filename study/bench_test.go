package study

import (
	"context"
	"fmt"
	"io"
	"testing"
)

// BenchmarkMonteCarlo times an ensemble of 50 five-year baseline runs with
// one and two workers and reports runs per second; their ratio is the
// speed-up from a second core. Each iteration is the whole study: opening
// a scenario copy per worker, sampling, running, aggregating and writing
// rows (to io.Discard).
//
//	go test -run xxx -bench MonteCarlo -benchtime 3x ./study/
func BenchmarkMonteCarlo(b *testing.B) {
	const runs = 50
	s := newStudy(b, "baseline", 1, runs)
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			for b.Loop() {
				if err := s.Run(context.Background(), s.Start(Whole), io.Discard, Options{Jobs: jobs}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// BenchmarkAggregate times adding one baseline run to the aggregate, the
// part of a run's cost that the ensemble adds.
func BenchmarkAggregate(b *testing.B) {
	s := newStudy(b, "baseline", 1, 1)
	out := execute(b, s, Whole, 1)
	cells := make([]float64, s.Layout.Cells())
	for i := range cells {
		cells[i] = float64(i%97) / 97
	}
	outcomes := s.Layout.outcomes(cells, nil)
	b.ResetTimer()
	for b.Loop() {
		out.st.Agg.add(cells, outcomes)
	}
}
