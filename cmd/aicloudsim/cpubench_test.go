package main

import "testing"

// reportCPU starts measuring the CPU time (user and system, every
// goroutine) a benchmark's loop uses; the function it returns reports it
// per op as cpu-s/op, the measure the speed targets of `aicloudsim run`
// are set in (wall time hides the work done on the second core).
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
		}
	}
}
