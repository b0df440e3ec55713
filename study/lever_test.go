package study

import (
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func TestLevers(t *testing.T) {
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Param{}
	for _, p := range Levers(o.Scenario) {
		got[p.Path] = p
	}
	tests := []struct {
		path, why      string
		low, value, hi float64
	}{
		{"providers.alibaba.capex.2026", "a capex plan moves from half to double", 5.3e9, 10.6e9, 21.2e9},
		{"chips.h200.policy.fee", "a fee moves over all of 0 to 100%", 0, 0.25, 1},
		{"providers.bytedance.segments.llm-api.price", "a starting price", 0.13, 0.26, 0.52},
	}
	for _, tc := range tests {
		p, ok := got[tc.path]
		if !ok {
			t.Errorf("%s is not a lever (%s)", tc.path, tc.why)
			continue
		}
		if !near(p.Low, tc.low) || !near(p.Value, tc.value) || !near(p.High, tc.hi) {
			t.Errorf("%s: %g, %g to %g; want %g, %g to %g (%s)", tc.path, p.Value, p.Low, p.High, tc.value, tc.low, tc.hi, tc.why)
		}
		// The value a slider sends reads back exactly.
		if v, err := scenarios.ParseQuantity(p.Unit, p.SetValue(p.High)); err != nil || v != p.High {
			t.Errorf("%s: SetValue(%g) = %q reads back as %g, %v", tc.path, p.High, p.SetValue(p.High), v, err)
		}
	}
	for _, p := range Params(o.Scenario) {
		if _, ok := got[p.Path]; ok {
			t.Errorf("%s has a range and is a lever too", p.Path)
		}
	}
}

func near(a, b float64) bool { return a == b || (a-b)*(a-b) < 1e-18*(a*a+b*b) }
