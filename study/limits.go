package study

import "fmt"

// Caps on every count a user types, checked before anything is allocated,
// so that a mistyped or hostile number fails at once with a clear error
// instead of exhausting memory or running for days. A baseline run takes
// about a tenth of a CPU second, so the largest studies take hours, not
// years. The sweep and tournament caps are MaxSweepRuns, MaxSweepSteps and
// MaxTournamentRuns.
const (
	// MaxEnsembleRuns caps a Monte Carlo study's runs. Its memory does not
	// grow with the runs, but merge keeps four bytes per run.
	MaxEnsembleRuns = 1_000_000
	// MaxShards caps the shard count of --shard k/n.
	MaxShards = 100_000
	// MaxJobs caps the runs computed at once; each worker holds its own
	// copy of the scenario.
	MaxJobs = 256
	// MaxStudyRuns caps the runs of a sensitivity study or a comparison,
	// which keep every run's outcomes.
	MaxStudyRuns = 100_000
	// MaxSeedsPerPoint caps --runs of a sensitivity study and
	// --attribution-runs of a comparison: seeds averaged per design point.
	MaxSeedsPerPoint = 1_000
	// MaxTrajectories caps the Morris trajectories.
	MaxTrajectories = 10_000
	// MaxLevels caps the Morris grid levels.
	MaxLevels = 100
)

// CheckJobs reports a --jobs value outside [1, MaxJobs].
func CheckJobs(jobs int) error {
	switch {
	case jobs < 1:
		return fmt.Errorf("--jobs must be at least 1, not %d", jobs)
	case jobs > MaxJobs:
		return fmt.Errorf("--jobs %d: the limit is %d runs at once", jobs, MaxJobs)
	}
	return nil
}

// capped returns an error when a flag's value n exceeds its limit.
func capped(flag string, n, limit int) error {
	if n > limit {
		return fmt.Errorf("%s %d: the limit is %d", flag, n, limit)
	}
	return nil
}
