package study

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Sampling is how a design spreads the runs over the parameters' ranges.
type Sampling string

const (
	// LatinHypercube stratifies every parameter: the default.
	LatinHypercube Sampling = "lhs"
	// Random draws every value independently, for comparison with the
	// textbook Monte Carlo estimator.
	Random Sampling = "random"
)

// ParseSampling reads "lhs" or "random".
func ParseSampling(s string) (Sampling, error) {
	switch Sampling(s) {
	case LatinHypercube, Random:
		return Sampling(s), nil
	}
	return "", fmt.Errorf("sampling %q: want lhs (Latin hypercube) or random", s)
}

// Design is a Latin hypercube sample of an ensemble's parameters: over the
// N runs, every parameter takes exactly one value in each of N strata of
// equal probability. Run i of parameter p falls in stratum π_p(i), where
// π_p is a pseudorandom permutation of [0, N) keyed by (seed, p's path),
// at a uniform position within the stratum drawn from the stream
// (seed, i, "study/lhs/"+path). The u-value is mapped through the inverse
// CDF of the parameter's [Triangular] distribution.
//
// A run's values depend only on (seed, N, i) and each parameter's path and
// range, so any process computes the same sample for run i, and adding a
// parameter to a scenario does not move the others'. Memory is O(params),
// independent of N.
//
// With Random sampling, u is instead drawn from the stream (seed, i,
// "study/random/"+path), independently for every run and parameter.
type Design struct {
	Params   []Param
	Runs     int
	Sampling Sampling
	seed     uint64
	perms    []permutation
}

// NewDesign returns the design of params over runs runs.
func NewDesign(params []Param, seed uint64, runs int, sampling Sampling) *Design {
	d := &Design{Params: params, Runs: runs, Sampling: sampling, seed: seed}
	for _, p := range params {
		r := market.Stream(seed, 0, "study/lhs-strata/"+p.Path)
		var k [6]uint64
		for i := range k {
			k[i] = r.Uint64()
		}
		d.perms = append(d.perms, newPermutation(runs, k))
	}
	return d
}

// Unit returns the u-value in [0, 1) of parameter p in run i: stratum
// π_p(i) of N, plus a uniform offset within it.
func (d *Design) Unit(i, p int) float64 {
	if d.Sampling == Random {
		return market.Stream(d.seed, i, "study/random/"+d.Params[p].Path).Float64()
	}
	offset := market.Stream(d.seed, i, "study/lhs/"+d.Params[p].Path).Float64()
	return (float64(d.perms[p].at(i)) + offset) / float64(d.Runs)
}

// Values returns every parameter's value in run i, in the order of Params.
// A fixed parameter (low == high) keeps its value.
func (d *Design) Values(i int, out []float64) []float64 {
	out = out[:0]
	for p, pr := range d.Params {
		if pr.Fixed() {
			out = append(out, pr.Value)
			continue
		}
		out = append(out, Triangular{pr.Low, pr.Value, pr.High}.Quantile(d.Unit(i, p)))
	}
	return out
}

// RunSeed returns the seed of run i of an ensemble with master seed seed:
// the top 53 bits of the first draw of the stream (seed, i, "study/seed").
// The run is then the single run with that seed (run index 0) and the
// sampled parameters, so `aicloudsim run --seed <RunSeed> --set ...`
// repeats it. Seeds below 2^53 are exact in float64, so readers that type
// a seed column as a double (DuckDB, R, JavaScript) keep it intact.
func RunSeed(seed uint64, i int) uint64 {
	return market.Stream(seed, i, "study/seed").Uint64() >> (64 - seedBits)
}

// seedBits is the width of derived seeds: float64 holds every integer
// below 2^53 exactly.
const seedBits = 53
