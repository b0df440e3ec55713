package des

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkQueuePushPop measures the hold model: with size events pending,
// each operation pops the earliest and pushes a replacement a random
// increment later, so the size stays fixed. One iteration is holdOps
// operations, so that short -benchtime runs still time many of them.
func BenchmarkQueuePushPop(b *testing.B) {
	const holdOps = 1 << 20
	sizes := []struct {
		name string
		n    int
	}{
		{"Small", 1_000},
		{"Medium", 100_000},
		{"Large", 1_000_000},
	}
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%s/%d", sz.name, sz.n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			// Increments are exponential with mean size/4 ticks, drawn
			// beforehand so the benchmark times the queue, not the RNG.
			var incr [4096]Time
			for i := range incr {
				incr[i] = Time(r.ExpFloat64() * float64(sz.n) / 4)
			}
			var q Queue[int64]
			q.Grow(sz.n + 1)
			for i := range sz.n {
				q.Push(incr[i%len(incr)]*Time(i%7+1), Phase(i%3), int64(i))
			}
			ops := 0
			for b.Loop() {
				for i := range holdOps {
					e, _ := q.Pop()
					q.Push(e.At+incr[i%len(incr)], e.Phase, e.Value)
				}
				ops += holdOps
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops), "ns/hold")
			b.ReportMetric(float64(ops)/b.Elapsed().Seconds(), "holds/s")
		})
	}
}
