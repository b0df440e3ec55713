package study

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestMorrisDesign(t *testing.T) {
	d := MorrisDesign{K: 5, R: 20, Levels: 4, Seed: 3}
	trs := d.Trajectories()
	if !reflect.DeepEqual(trs, d.Trajectories()) {
		t.Error("the design is not a pure function of its fields")
	}
	if reflect.DeepEqual(trs, MorrisDesign{K: 5, R: 20, Levels: 4, Seed: 4}.Trajectories()) {
		t.Error("another seed gives the same design")
	}
	delta := d.Delta()
	if math.Abs(delta-2.0/3) > 1e-15 {
		t.Errorf("Δ = %v, want 2/3 for 4 levels", delta)
	}
	starts := map[float64]int{}
	for n, tr := range trs {
		if len(tr.Points) != d.K+1 || len(tr.Moved) != d.K {
			t.Fatalf("trajectory %d has %d points and %d moves, want %d and %d", n, len(tr.Points), len(tr.Moved), d.K+1, d.K)
		}
		moved := map[int]bool{}
		for s, i := range tr.Moved {
			moved[i] = true
			a, b := tr.Points[s], tr.Points[s+1]
			starts[a[i]]++
			for j := range a {
				if j != i && a[j] != b[j] {
					t.Errorf("trajectory %d step %d moves dimension %d as well as %d", n, s, j, i)
				}
			}
			if math.Abs(math.Abs(b[i]-a[i])-delta) > 1e-12 || math.Abs(b[i]-a[i]-tr.Step[s]) > 1e-12 {
				t.Errorf("trajectory %d step %d moves by %v, recorded %v; want ±Δ", n, s, b[i]-a[i], tr.Step[s])
			}
			for _, x := range b {
				level := x * float64(d.Levels-1)
				if x < 0 || x > 1 || math.Abs(level-math.Round(level)) > 1e-9 {
					t.Errorf("trajectory %d leaves the grid: %v", n, b)
				}
			}
		}
		if len(moved) != d.K {
			t.Errorf("trajectory %d moves %d of %d dimensions", n, len(moved), d.K)
		}
	}
	if len(starts) != d.Levels {
		t.Errorf("steps start from %d levels, want all %d: %v", len(starts), d.Levels, starts)
	}
	for _, bad := range []struct {
		d    MorrisDesign
		want string
	}{
		{MorrisDesign{K: 0, R: 10, Levels: 4}, "at least one parameter"},
		{MorrisDesign{K: 3, R: 1, Levels: 4}, "at least 2 trajectories"},
		{MorrisDesign{K: 3, R: 10, Levels: 5}, "even number"},
	} {
		if err := bad.d.Check(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: got %v, want %q", bad.d, err, bad.want)
		}
	}
}

// TestMorrisEffectsOfAnAnalyticFunction checks the estimator against
// f = 3·x1 + x2² + 0·x3 on the unit cube. Every elementary effect of x1 is
// 3 (μ* = 3, σ = 0); x3 has none (μ* = 0). For x2 on 4 levels (Δ = 2/3) an
// effect is 2x + Δ for a step up from x and 2x − Δ for a step down, so it
// is 2/3 from levels 0 and 2/3 and 4/3 from levels 1/3 and 1: μ* is their
// mean over the trajectories and σ > 0, because x2's effect depends on
// where it is measured.
func TestMorrisEffectsOfAnAnalyticFunction(t *testing.T) {
	d := MorrisDesign{K: 3, R: 40, Levels: 4, Seed: 9}
	trs := d.Trajectories()
	f := make([][]float64, len(trs))
	var want2 float64
	for n, tr := range trs {
		for _, x := range tr.Points {
			f[n] = append(f[n], 3*x[0]+x[1]*x[1])
		}
		for s, i := range tr.Moved {
			if i == 1 {
				x := tr.Points[s][1]
				want2 += 2*x + tr.Step[s]
			}
		}
	}
	want2 /= float64(len(trs))
	e := MorrisEffects(trs, f, d.K)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(e[0].MuStar, 3) || !near(e[0].Mu, 3) || !near(e[0].Sigma, 0) || e[0].N != d.R {
		t.Errorf("x1: %+v, want μ = μ* = 3, σ = 0 over %d effects", e[0], d.R)
	}
	if !near(e[1].MuStar, want2) || e[1].MuStar < 2.0/3 || e[1].MuStar > 4.0/3 || e[1].Sigma <= 0.1 {
		t.Errorf("x2: %+v, want μ* = %v in [2/3, 4/3] and σ > 0", e[1], want2)
	}
	if !near(e[2].MuStar, 0) || !near(e[2].Sigma, 0) {
		t.Errorf("x3: %+v, want no effect", e[2])
	}
	if !(e[0].MuStar > e[1].MuStar && e[1].MuStar > e[2].MuStar) {
		t.Error("μ* should rank x1, x2, x3")
	}
}
