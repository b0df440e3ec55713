//go:build race

package reports

// raceEnabled is set when the tests run under the race detector, which
// slows drawing tenfold.
const raceEnabled = true
