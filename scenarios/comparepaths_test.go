package scenarios

import (
	"cmp"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// splitComparePaths is comparePaths written plainly, splitting both paths:
// the reference the allocation-free one must agree with.
func splitComparePaths(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		c := 0
		switch {
		case errx == nil && erry == nil:
			c = cmp.Compare(x, y)
		case errx == nil:
			c = -1
		case erry == nil:
			c = 1
		default:
			c = cmp.Compare(as[i], bs[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// TestComparePathsMatchesSplit compares comparePaths with the plain
// version on random paths of keys, indices, signed and huge numbers and
// empty keys, and checks it allocates nothing.
func TestComparePathsMatchesSplit(t *testing.T) {
	keys := []string{"a", "b", "events", "chips", "zhenwu-810e", "2", "10", "007", "-1", "+3", "", "99999999999999999999", "x1", "1x"}
	rng := rand.New(rand.NewPCG(5, 6))
	path := func() string {
		parts := make([]string, 1+rng.IntN(4))
		for i := range parts {
			parts[i] = keys[rng.IntN(len(keys))]
		}
		return strings.Join(parts, ".")
	}
	for range 20000 {
		a, b := path(), path()
		if got, want := comparePaths(a, b), splitComparePaths(a, b); got != want {
			t.Fatalf("comparePaths(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { comparePaths("providers.bytedance.capex.2", "providers.bytedance.capex.10") }); n != 0 {
		t.Errorf("comparePaths allocates %v times, want none", n)
	}
}
