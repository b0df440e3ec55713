package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// The defaults of run's --context-runs and --drivers; the tests turn
// them off for speed and on where they test them.
var (
	defaultContextRuns = 32
	defaultDrivers     = true
)

// explainRun adds to meta what run's reports open with beyond the run
// itself: the context ensemble its findings are checked against, and the
// drivers with their waterfalls, as opt asks.
func explainRun(l *loaded, ref string, seed uint64, opt runOptions, meta *reports.Meta) error {
	if opt.contextRuns < 0 {
		return badInput(fmt.Errorf("--context-runs must be 0 or more, not %d", opt.contextRuns))
	}
	jobs := study.Options{Jobs: runtime.GOMAXPROCS(0)}
	if opt.contextRuns > 0 {
		ctx, err := study.EnsembleContext(context.Background(), opener(ref, opt.sets), seed, opt.contextRuns, jobs)
		if err != nil {
			return runError(fmt.Errorf("context ensemble: %w", err))
		}
		meta.Context = ctx
	}
	if opt.drivers {
		d, err := study.Drivers(context.Background(), l.Opened, seed, jobs)
		if err != nil {
			return runError(err)
		}
		charts, err := reports.DriversCharts(d)
		if err != nil {
			return runFailed(err)
		}
		meta.Drivers, meta.DriverCharts = d, charts
	}
	return nil
}
