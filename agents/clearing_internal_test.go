package agents

import (
	"math"
	"testing"
)

// TestClearingFindsTheRoot checks the shadow-price search against demand
// curves whose clearing price is known in closed form, and that it needs
// far fewer evaluations than bisection's sixteen.
func TestClearingFindsTheRoot(t *testing.T) {
	cases := []struct {
		name   string
		demand func(p float64) float64
		avail  float64
		want   float64 // the clearing price
	}{
		// Constant elasticity 1.4: q = 100·p^−1.4 = 40 at p = 2.5^(1/1.4).
		{"constant elasticity", func(p float64) float64 { return 100 * math.Pow(p, -1.4) }, 40, math.Pow(2.5, 1/1.4)},
		// A logit share of a fixed market, 1000/(1 + 0.5·p^4): 300 at
		// p = (2·(1000/300 − 1))^(1/4).
		{"logit share", func(p float64) float64 { return 1000 / (1 + 0.5*math.Pow(p, 4)) }, 300, math.Pow(2*(1000.0/300-1), 0.25)},
		// A kinked demand (linear with a floor) that defeats pure secant steps.
		{"kinked", func(p float64) float64 { return math.Max(1e-9, 10-3*p) }, 1, 3},
	}
	for _, c := range cases {
		evals := 0
		d := func(p float64) float64 { evals++; return c.demand(p) }
		lo, hi := math.Log(0.5), math.Log(4.0)
		if c.demand(0.5) <= c.avail || c.demand(4) > c.avail {
			t.Fatalf("%s: the test's bracket does not hold the root", c.name)
		}
		got := math.Exp(clearing(d, c.avail, lo, hi))
		if math.Abs(got/c.want-1) > 1e-4 {
			t.Errorf("%s: clearing price %.6f, want %.6f", c.name, got, c.want)
		}
		if q := c.demand(got); q > c.avail*(1+1e-5) {
			t.Errorf("%s: demand %.6g at the answer exceeds capacity %.6g", c.name, q, c.avail)
		}
		t.Logf("%s: %d evaluations", c.name, evals)
		if c.name != "kinked" && evals > 10 {
			t.Errorf("%s: %d evaluations of demand, want at most 10", c.name, evals)
		}
	}
}
