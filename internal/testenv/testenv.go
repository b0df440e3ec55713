package testenv

import (
	"os"
	"testing"
)

// LongVar is the environment variable that asks for the long checks.
const LongVar = "AICLOUDSIM_LONG_TESTS"

// Long reports whether the long checks are asked for: LongVar is "1".
// A test that checks a sample of cases in the plain run and all of them
// in the long one asks this.
func Long() bool {
	return os.Getenv(LongVar) == "1"
}

// SkipUnlessLong skips the calling test, saying what makes it long and how
// to run it, unless the long checks are asked for.
func SkipUnlessLong(t testing.TB, why string) {
	t.Helper()
	if !Long() {
		t.Skipf("long check (%s): run it with %s=1 go test, as .ci/run does", why, LongVar)
	}
}

// Stride is the step through a long list of cases (every offset of a file
// to flip a bit at, every moment to resume from): 1, every case, in the long
// checks, and k in the plain run. An odd k, coprime with 8, still reaches
// every bit position of a byte.
func Stride(k int) int {
	if Long() {
		return 1
	}
	return k
}

// Sample returns cases whole in the long checks and their first n in the
// plain run: a property checked for several seeds is checked for the
// first in the plain run and for all in the long checks.
func Sample[T any](cases []T, n int) []T {
	if Long() || n >= len(cases) {
		return cases
	}
	return cases[:n]
}
