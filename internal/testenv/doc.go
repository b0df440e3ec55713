// Package testenv tells the project's tests whether the long checks are
// asked for. A long check is a test too slow for the plain `go test ./...`
// (one that drives Chromium, builds the binary and runs it as processes,
// kills and resumes studies, or flips every bit of a file): it skips,
// saying why, unless AICLOUDSIM_LONG_TESTS=1, which .ci/run sets. It also
// reads the process's CPU time for benchmarks (CPUTime, ReportCPU), and
// Race tells whether the race detector is on, for checks of a model's
// numbers that take minutes under it and test no concurrency. It imports
// nothing from the project.
package testenv
