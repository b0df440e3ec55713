// The race detector's shadow memory would swamp the measurement.

//go:build !race

package study

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// TestMemoryDoesNotGrowWithRuns runs 10,000 runs of the tiny scenario and
// checks that the live heap late in the study is no larger than early on:
// rows stream out, runs are dropped once aggregated, and the aggregate and
// the design do not depend on the number of runs. The live heap is taken
// as the smallest of eleven measurements (after a GC) in each window, to
// see past the runs in flight. It takes about a second, a long check; run
// it alone with
//
//	AICLOUDSIM_LONG_TESTS=1 go test -run TestMemoryDoesNotGrowWithRuns -v ./study/
func TestMemoryDoesNotGrowWithRuns(t *testing.T) {
	testenv.SkipUnlessLong(t, "10,000 runs")
	const runs = 10_000
	s := newStudy(t, tiny, 1, runs)
	st := s.Start(Whole)
	early, late := ^uint64(0), ^uint64(0)
	var ms runtime.MemStats
	start := time.Now()
	err := s.Run(context.Background(), st, io.Discard, Options{Jobs: runtime.NumCPU(), Progress: func(done, _ int) {
		if done%100 != 0 || (done < 1_000 || done > 2_000) && done < 9_000 {
			return
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if done <= 2_000 {
			early = min(early, ms.HeapAlloc)
		} else {
			late = min(late, ms.HeapAlloc)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// 256 KiB over 8,000 runs is 33 bytes a run: less than one row of
	// runs.csv or one run's cells.
	const slack = 256 << 10
	t.Logf("%d runs in %v; live heap %.2f MB after 1,000-2,000 runs and %.2f MB after 9,000-10,000",
		runs, time.Since(start).Round(time.Millisecond), float64(early)/1e6, float64(late)/1e6)
	if late > early+slack {
		t.Errorf("the live heap grew by %.2f MB from the first to the last thousand runs; want less than %.2f MB",
			float64(late-early)/1e6, float64(slack)/1e6)
	}
}
