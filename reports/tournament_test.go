package reports

import (
	"math"
	"testing"
)

func TestWorstDecile(t *testing.T) {
	xs := []float64{5, 1, math.NaN(), 3, 2, 4, 6, 7, 8, 9, 10, 11}
	// 11 finite values: the worst ⌈11/10⌉ = 2.
	if got := WorstDecile(xs, false); got != 1.5 {
		t.Errorf("higher is better: %v, want 1.5", got)
	}
	if got := WorstDecile(xs, true); got != 10.5 {
		t.Errorf("lower is better: %v, want 10.5", got)
	}
	if got := WorstDecile([]float64{3, 2}, false); got != 2 {
		t.Errorf("few cells: %v, want the worst, 2", got)
	}
}

func TestTournamentRank(t *testing.T) {
	tr := &Tournament{Variants: []TournamentVariant{{Name: "a"}, {Name: "b"}, {Name: "c"}},
		Cells: [][][]float64{
			{{1, 1}, {1, 1}}, // mean 1, worst 1
			{{0, 4}, {2, 2}}, // mean 2, worst 0
			{{2, 2}, {0.5, 2}},
		}}
	tr.Rank()
	var order []string
	for _, s := range tr.Standings {
		order = append(order, tr.Variants[s.Variant].Name)
	}
	if order[0] != "b" || order[1] != "c" || order[2] != "a" {
		t.Errorf("by mean: %v, want b c a", order)
	}
	rw := map[string]int{}
	for _, s := range tr.Standings {
		rw[tr.Variants[s.Variant].Name] = s.RankWorst
	}
	if rw["a"] != 1 || rw["c"] != 2 || rw["b"] != 3 {
		t.Errorf("by worst decile: %v", rw)
	}
	tr.Lower = true
	tr.Rank()
	if tr.Variants[tr.Standings[0].Variant].Name != "a" {
		t.Error("lower is better: a should rank first")
	}
}
