package testenv

import "testing"

// ReportCPU starts measuring the CPU time a benchmark's loop uses; the
// function it returns reports it per op as cpu-s/op.
func ReportCPU(b *testing.B) func() {
	start := CPUTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric((CPUTime()-start).Seconds()/float64(b.N), "cpu-s/op")
		}
	}
}
