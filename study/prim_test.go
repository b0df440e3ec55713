package study

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// plantedBox returns n uniform points in [0,1]^d whose cases are the
// points with x0 > 0.6 and x2 < 0.4, with a share noise of labels flipped.
func plantedBox(n, d int, noise float64, seed uint64) ([][]float64, []bool) {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		x[i] = make([]float64, d)
		for j := range x[i] {
			x[i][j] = r.Float64()
		}
		y[i] = x[i][0] > 0.6 && x[i][2] < 0.4
		if r.Float64() < noise {
			y[i] = !y[i]
		}
	}
	return x, y
}

func TestPRIMRecoversAPlantedBox(t *testing.T) {
	tests := []struct {
		name      string
		noise     float64
		threshold float64
		minDens   float64
		minCov    float64
	}{
		{"clean labels, chosen by density", 0, 0.95, 0.95, 0.8},
		{"clean labels, chosen at the knee", 0, 0, 0.8, 0.8},
		// A flipped label outside the box is a case no box can cover
		// without diluting it: the perfect box covers about 86%.
		{"5% of labels flipped: the box is still found", 0.05, 0.8, 0.8, 0.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, y := plantedBox(2000, 6, tc.noise, 3)
			res, err := PRIM(x, y, PRIMOptions{Threshold: tc.threshold})
			if err != nil {
				t.Fatal(err)
			}
			b := res.Box
			for j := range 6 {
				if want := j == 0 || j == 2; b.Restricts(j) != want {
					t.Errorf("box restricts input %d: %v, want %v (box %v–%v)", j, b.Restricts(j), want, b.Lo, b.Hi)
				}
			}
			if math.Abs(b.Lo[0]-0.6) > 0.05 || math.Abs(b.Hi[2]-0.4) > 0.05 {
				t.Errorf("limits x0 >= %.3f, x2 <= %.3f; want about 0.6 and 0.4", b.Lo[0], b.Hi[2])
			}
			if b.Density < tc.minDens || b.Coverage < tc.minCov {
				t.Errorf("density %.2f, coverage %.2f; want ≥ %.2f and ≥ %.2f", b.Density, b.Coverage, tc.minDens, tc.minCov)
			}
		})
	}
}

func TestPRIMTrajectory(t *testing.T) {
	x, y := plantedBox(500, 3, 0, 1)
	res, err := PRIM(x, y, PRIMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Trajectory
	if tr[0].Coverage != 1 || tr[0].Restricted != 0 {
		t.Errorf("first box: coverage %v, %d restricted; want the whole space", tr[0].Coverage, tr[0].Restricted)
	}
	for i := 1; i < len(tr); i++ {
		if tr[i].Support >= tr[i-1].Support || tr[i].Coverage > tr[i-1].Coverage {
			t.Fatalf("box %d does not shrink: support %d after %d", i, tr[i].Support, tr[i-1].Support)
		}
	}
	if last := tr[len(tr)-1]; last.Support < 25 {
		t.Errorf("last box holds %d points, below the 5%% minimum support", last.Support)
	}
}

func TestPRIMBadInput(t *testing.T) {
	tests := []struct {
		name string
		x    [][]float64
		y    []bool
	}{
		{"no rows", nil, nil},
		{"ragged rows", [][]float64{{1, 2}, {1}}, []bool{true, false}},
		{"no case", [][]float64{{1}, {2}}, []bool{false, false}},
		{"outcomes and rows differ in number", [][]float64{{1}}, []bool{true, false}},
	}
	for _, tc := range tests {
		if _, err := PRIM(tc.x, tc.y, PRIMOptions{}); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestDiscoverNamesThePlantedLimits(t *testing.T) {
	x, y := plantedBox(1000, 3, 0, 5)
	runs := &Runs{Header: []string{"run", "seed", "p.a", "p.b", "p.c", "x.revenue_share"}}
	for i, r := range x {
		v := 0.0
		if y[i] {
			v = 1
		}
		runs.Rows = append(runs.Rows, []float64{float64(i), 1, r[0], r[1], r[2], v})
	}
	params := []Param{{Path: "p.a", Unit: "fraction", Low: 0, High: 1}, {Path: "p.b", Unit: "fraction", Low: 0, High: 1},
		{Path: "p.c", Unit: "fraction", Low: 0, High: 1}, {Path: "p.fixed", Low: 2, High: 2}}
	cond, err := ParseCondition("revenue_share:x:2030 > 50%", runs.Header, 2030)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := Discover(runs, params, cond, PRIMOptions{Threshold: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range d.Limits {
		got = append(got, d.Text(l))
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "p.a ≥ ") || !strings.HasPrefix(got[1], "p.c ≤ ") ||
		math.Abs(d.Limits[0].Low-0.6) > 0.03 || math.Abs(d.Limits[1].High-0.4) > 0.03 {
		t.Errorf("limits %q, want p.a ≥ ~60%% and p.c ≤ ~40%%", got)
	}
}

func TestBinomialTail(t *testing.T) {
	tests := []struct {
		name string
		n, k int
		q    float64
		want float64
	}{
		{"at least none is certain", 10, 0, 0.3, 1},
		{"all heads of a fair coin", 3, 3, 0.5, 0.125},
		{"at least two of three fair tosses", 3, 2, 0.5, 0.5},
		{"impossible success", 5, 1, 0, 0},
	}
	for _, tc := range tests {
		if got := binomialTail(tc.n, tc.k, tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
