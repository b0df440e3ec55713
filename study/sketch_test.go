package study

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// exactQuantile is the type-7 sample quantile of sorted xs.
func exactQuantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	lo := math.Floor(h)
	if int(lo)+1 >= len(xs) {
		return xs[int(lo)]
	}
	return xs[int(lo)] + (h-lo)*(xs[int(lo)+1]-xs[int(lo)])
}

// TestSketchAccuracy checks the sketch against exact sample quantiles:
// each estimate lies within Alpha of the interval between the two order
// statistics it interpolates.
func TestSketchAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	dists := []struct {
		name string
		draw func() float64
	}{
		{"uniform shares", r.Float64},
		{"lognormal revenue", func() float64 { return 1e9 * math.Exp(r.NormFloat64()) }},
		{"profit around zero", func() float64 { return 1e8 * r.NormFloat64() }},
		{"mostly zero", func() float64 {
			if r.Float64() < 0.7 {
				return 0
			}
			return r.ExpFloat64()
		}},
		{"tiny magnitudes", func() float64 { return 1e-6 * r.Float64() }},
	}
	for _, d := range dists {
		for _, n := range []int{1, 2, 5, 20, 1000, 20000} {
			var s Sketch
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = d.draw()
				s.Add(xs[i])
			}
			slices.Sort(xs)
			for _, q := range []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 1} {
				got := s.Quantile(q)
				h := q * float64(n-1)
				a, b := xs[int(math.Floor(h))], xs[int(math.Ceil(h))]
				tol := Alpha*max(math.Abs(a), math.Abs(b)) + 1e-12
				if got < a-tol || got > b+tol {
					t.Errorf("%s n=%d q=%v: %v, want within %v of [%v, %v] (exact %v)", d.name, n, q, got, Alpha, a, b, exactQuantile(xs, q))
				}
			}
		}
	}
}

// TestSketchIsExactForConstants checks that a constant stream, as a
// deterministic metric gives, has exact quantiles.
func TestSketchIsExactForConstants(t *testing.T) {
	var s Sketch
	for range 10 {
		s.Add(0.4375)
	}
	for _, q := range []float64{0, 0.05, 0.5, 0.95, 1} {
		if got := s.Quantile(q); got != 0.4375 {
			t.Errorf("Quantile(%v) = %v, want 0.4375", q, got)
		}
	}
	if !math.IsNaN((&Sketch{}).Quantile(0.5)) {
		t.Error("an empty sketch should give NaN")
	}
}

// TestSketchOrderAndMerge checks what makes bands independent of --jobs and
// sharding: the state is the same for any order of adds and any split
// into merged parts, including when values span more than MaxBuckets.
func TestSketchOrderAndMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 3000)
	for i := range xs {
		xs[i] = math.Exp(40*r.Float64()-20) * float64(1-2*(i%3/2)) // 17 decades, both signs
	}
	xs[5], xs[6], xs[7] = 0, math.Copysign(0, -1), math.NaN()
	var want Sketch
	for _, x := range xs {
		want.Add(x)
	}
	if len(want.Pos.Counts) != MaxBuckets {
		t.Fatalf("test data should fill the store: %d buckets", len(want.Pos.Counts))
	}
	for trial := range 5 {
		ys := slices.Clone(xs)
		r.Shuffle(len(ys), func(i, j int) { ys[i], ys[j] = ys[j], ys[i] })
		var whole Sketch
		parts := make([]Sketch, trial+2)
		for i, y := range ys {
			whole.Add(y)
			parts[i%len(parts)].Add(y)
		}
		if !reflect.DeepEqual(whole, want) {
			t.Errorf("trial %d: shuffled adds give another state", trial)
		}
		var merged Sketch
		for k := len(parts) - 1; k >= 0; k-- {
			merged.Merge(&parts[k])
		}
		if !reflect.DeepEqual(merged, want) {
			t.Errorf("trial %d: merging %d parts gives another state", trial, len(parts))
		}
	}
}
