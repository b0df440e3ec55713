package study

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// MorrisDesign is Morris's elementary-effects screening design (Morris,
// Technometrics 1991) in the unit cube [0, 1]^K: R trajectories of K+1
// points on a grid of Levels values per dimension (0, 1/(Levels−1), …, 1).
// A trajectory starts at a random grid point and moves each dimension
// once, in a random order, by Δ = Levels / (2(Levels−1)), up if that stays
// in the cube and down otherwise; with an even number of levels exactly
// one of the two does, so every level is equally likely to be a step's
// start. Trajectory t draws its start and order from the stream (Seed, t,
// "study/morris"), so the design is a pure function of its fields.
type MorrisDesign struct {
	K, R, Levels int
	Seed         uint64
}

// Trajectory is one path of a Morris design: K+1 points, each differing
// from the one before in one dimension.
type Trajectory struct {
	Points [][]float64 // K+1 points in [0, 1]^K
	Moved  []int       // the dimension changed between Points[i] and Points[i+1]
	Step   []float64   // the signed change, ±Δ
}

// Check reports a design that cannot be built.
func (d MorrisDesign) Check() error {
	switch {
	case d.K < 1:
		return fmt.Errorf("a Morris design needs at least one parameter with a range, not %d", d.K)
	case d.R < 2:
		return fmt.Errorf("a Morris design needs at least 2 trajectories (to estimate σ), not %d", d.R)
	case d.Levels < 2 || d.Levels%2 != 0:
		return fmt.Errorf("the Morris levels must be an even number of at least 2, not %d", d.Levels)
	}
	return nil
}

// Delta is the design's step, Levels / (2(Levels−1)).
func (d MorrisDesign) Delta() float64 { return float64(d.Levels) / (2 * float64(d.Levels-1)) }

// Trajectories returns the design's R trajectories. It panics if Check
// fails.
func (d MorrisDesign) Trajectories() []Trajectory {
	if err := d.Check(); err != nil {
		panic(err)
	}
	delta := d.Delta()
	out := make([]Trajectory, d.R)
	for t := range out {
		rng := market.Stream(d.Seed, t, "study/morris")
		x := make([]float64, d.K)
		for i := range x {
			x[i] = float64(rng.IntN(d.Levels)) / float64(d.Levels-1)
		}
		order := rng.Perm(d.K)
		tr := Trajectory{Points: [][]float64{append([]float64(nil), x...)}}
		for _, i := range order {
			step := delta
			if x[i]+delta > 1+1e-12 {
				step = -delta
			}
			x[i] = clamp01(x[i] + step)
			tr.Points = append(tr.Points, append([]float64(nil), x...))
			tr.Moved = append(tr.Moved, i)
			tr.Step = append(tr.Step, step)
		}
		out[t] = tr
	}
	return out
}

// clamp01 removes rounding that would take a grid value out of [0, 1].
func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

// Effect is the Morris summary of one parameter's elementary effects
// (f(x + Δeᵢ) − f(x)) / Δ over the trajectories, in the outcome's unit per
// the parameter's whole range: Mu is their mean, MuStar the mean of their
// absolute values (the parameter's importance) and Sigma their standard
// deviation (non-linearity or interaction with other parameters).
type Effect struct {
	Mu, MuStar, Sigma float64
	N                 int // effects counted (trajectories whose two points have finite outcomes)
}

// MorrisEffects returns the effect of each of the K dimensions from the
// trajectories and f, the outcome at every point: f[t][i] at
// trajectories[t].Points[i].
func MorrisEffects(trajectories []Trajectory, f [][]float64, k int) []Effect {
	ees := make([][]float64, k)
	for t, tr := range trajectories {
		for s, i := range tr.Moved {
			d := f[t][s+1] - f[t][s]
			if !math.IsNaN(d) && !math.IsInf(d, 0) {
				ees[i] = append(ees[i], d/tr.Step[s])
			}
		}
	}
	out := make([]Effect, k)
	for i, e := range ees {
		out[i] = summarise(e)
	}
	return out
}

// summarise computes an Effect from elementary effects.
func summarise(ee []float64) Effect {
	n := len(ee)
	if n == 0 {
		return Effect{Mu: math.NaN(), MuStar: math.NaN(), Sigma: math.NaN()}
	}
	var sum, abs float64
	for _, e := range ee {
		sum += e
		abs += math.Abs(e)
	}
	mu := sum / float64(n)
	sigma := math.NaN()
	if n > 1 {
		var ss float64
		for _, e := range ee {
			ss += (e - mu) * (e - mu)
		}
		sigma = math.Sqrt(ss / float64(n-1))
	}
	return Effect{Mu: mu, MuStar: abs / float64(n), Sigma: sigma, N: n}
}
