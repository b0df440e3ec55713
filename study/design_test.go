package study

import (
	"math"
	"slices"
	"testing"
)

var testParams = []Param{
	{Path: "a", Unit: "number", Value: 1.3, Low: 0.8, High: 2.0}, // mode inside
	{Path: "b", Unit: "number", Value: 400, Low: 400, High: 550}, // mode at the low end
	{Path: "c", Unit: "number", Value: 0.3, Low: 0.1, High: 0.3}, // mode at the high end
	{Path: "d", Unit: "number", Value: 0.7, Low: 0.7, High: 0.7}, // fixed
	{Path: "e", Unit: "number", Value: -1, Low: -5, High: 1},     // negative
}

// TestLatinHypercubeStrata checks the defining property: for every
// parameter, the N runs fall one in each of the N equal-probability strata.
func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 64, 100, 1000} {
		d := NewDesign(testParams, 42, n, LatinHypercube)
		for p := range testParams {
			seen := make([]bool, n)
			for i := range n {
				u := d.Unit(i, p)
				k := int(u * float64(n))
				if u < 0 || u >= 1 || seen[k] {
					t.Fatalf("N=%d param %s: run %d has u=%v, stratum %d taken twice or out of range", n, testParams[p].Path, i, u, k)
				}
				seen[k] = true
			}
		}
	}
}

// TestLatinHypercubeIsRandom checks that the strata of different
// parameters and seeds are not paired in the same order: the design would
// otherwise correlate the parameters.
func TestLatinHypercubeIsRandom(t *testing.T) {
	const n = 500
	strata := func(seed uint64, p int) []float64 {
		d := NewDesign(testParams, seed, n, LatinHypercube)
		out := make([]float64, n)
		for i := range n {
			out[i] = math.Floor(d.Unit(i, p) * n)
		}
		return out
	}
	pairs := []struct {
		name string
		x, y []float64
	}{
		{"params a and b", strata(1, 0), strata(1, 1)},
		{"params a and e", strata(1, 0), strata(1, 4)},
		{"seeds 1 and 2", strata(1, 0), strata(2, 0)},
		{"strata against run index", strata(1, 0), index(n)},
	}
	for _, pr := range pairs {
		// The rank correlation of two random permutations of 500 has a
		// standard deviation of 1/sqrt(499) = 0.045.
		if r := correlation(pr.x, pr.y); math.Abs(r) > 0.2 {
			t.Errorf("%s: correlation %.3f, want near 0", pr.name, r)
		}
	}
}

func index(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i)
	}
	return out
}

func correlation(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestSampledValuesAreTriangular compares the empirical distribution of
// the sampled values with the triangular CDF (a Kolmogorov-Smirnov
// distance). Stratification makes the fit far better than independent
// draws: the distance is at most 1/N, where random sampling would give
// about 0.9/sqrt(N).
func TestSampledValuesAreTriangular(t *testing.T) {
	const n = 4000
	d := NewDesign(testParams, 7, n, LatinHypercube)
	vals := make([][]float64, len(testParams))
	for i := range n {
		for p, v := range d.Values(i, nil) {
			vals[p] = append(vals[p], v)
		}
	}
	for p, pr := range testParams {
		xs := vals[p]
		slices.Sort(xs)
		if xs[0] < pr.Low || xs[n-1] > pr.High {
			t.Errorf("%s: samples span [%v, %v], outside the range [%v, %v]", pr.Path, xs[0], xs[n-1], pr.Low, pr.High)
		}
		if pr.Fixed() {
			if xs[0] != pr.Value || xs[n-1] != pr.Value {
				t.Errorf("%s: a fixed parameter varied: [%v, %v]", pr.Path, xs[0], xs[n-1])
			}
			continue
		}
		tri := Triangular{pr.Low, pr.Value, pr.High}
		var ks float64
		for i, x := range xs {
			c := tri.CDF(x)
			ks = max(ks, math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n))
		}
		if ks > 1.0/n+1e-9 {
			t.Errorf("%s: K-S distance %.5f, want at most 1/N = %.5f", pr.Path, ks, 1.0/n)
		}
		var mean float64
		for _, x := range xs {
			mean += x / n
		}
		if want := tri.Mean(); math.Abs(mean-want) > 1e-3*(pr.High-pr.Low) {
			t.Errorf("%s: mean %.5f, want %.5f", pr.Path, mean, want)
		}
	}
}

func TestTriangularQuantileInvertsCDF(t *testing.T) {
	for _, tri := range []Triangular{{0, 0.5, 1}, {400, 400, 550}, {0.1, 0.3, 0.3}, {-5, -1, 1}} {
		for _, u := range []float64{0, 0.01, 0.2, 0.5, 0.77, 0.999, 1} {
			x := tri.Quantile(u)
			if x < tri.Low || x > tri.High || math.Abs(tri.CDF(x)-u) > 1e-12 {
				t.Errorf("%+v: Quantile(%v) = %v with CDF %v", tri, u, x, tri.CDF(x))
			}
		}
	}
	if x := (Triangular{3, 3, 3}).Quantile(0.4); x != 3 {
		t.Errorf("a point mass at 3 gave %v", x)
	}
}

// TestPermutationIsBijective checks the keyed permutation on many sizes,
// including the edges of its power-of-four domains.
func TestPermutationIsBijective(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 15, 16, 17, 63, 64, 65, 1000, 4096, 4097} {
		for key := range uint64(5) {
			p := newPermutation(n, [6]uint64{key, key * 3, 5, 7, key + 11, 13})
			seen := make([]bool, n)
			for i := range n {
				j := p.at(i)
				if j < 0 || j >= n || seen[j] {
					t.Fatalf("n=%d key=%d: %d maps to %d, out of range or taken", n, key, i, j)
				}
				seen[j] = true
			}
		}
	}
}

// TestRunSeedsDiffer checks that run seeds are distinct and depend on the
// master seed.
func TestRunSeedsDiffer(t *testing.T) {
	seen := map[uint64]bool{}
	for _, seed := range []uint64{1, 2} {
		for i := range 1000 {
			s := RunSeed(seed, i)
			if seen[s] {
				t.Fatalf("seed %d run %d repeats a run seed", seed, i)
			}
			seen[s] = true
		}
	}
}

// TestRandomSampling checks the alternative to the Latin hypercube: values
// in range, triangular (to within the K-S critical value at the 1% level,
// 1.63/sqrt(N), for independent draws) and not stratified.
func TestRandomSampling(t *testing.T) {
	const n = 4000
	d := NewDesign(testParams, 7, n, Random)
	p, pr := 0, testParams[0]
	xs := make([]float64, n)
	seen := make([]bool, n)
	collisions := 0
	for i := range n {
		xs[i] = d.Values(i, nil)[p]
		k := int(d.Unit(i, p) * n)
		if seen[k] {
			collisions++
		}
		seen[k] = true
	}
	slices.Sort(xs)
	if xs[0] < pr.Low || xs[n-1] > pr.High {
		t.Errorf("samples span [%v, %v], outside [%v, %v]", xs[0], xs[n-1], pr.Low, pr.High)
	}
	tri := Triangular{pr.Low, pr.Value, pr.High}
	var ks float64
	for i, x := range xs {
		c := tri.CDF(x)
		ks = max(ks, math.Abs(c-float64(i)/n), math.Abs(c-float64(i+1)/n))
	}
	if limit := 1.63 / math.Sqrt(n); ks > limit {
		t.Errorf("K-S distance %.4f, above the 1%% critical value %.4f", ks, limit)
	}
	// Independent draws leave about N/e strata empty.
	if collisions < n/4 {
		t.Errorf("%d of %d runs share a stratum; independent draws should share about %d", collisions, n, n*368/1000)
	}
}
