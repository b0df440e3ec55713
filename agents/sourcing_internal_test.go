package agents

import (
	"math"
	"testing"
)

func TestEnforceDomestic(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    []option
		floor   float64
		domWant float64
		reason  string
	}{
		{"already above", []option{{foreign: true, fraction: 0.4}, {fraction: 0.6}}, 0.3, 0.6, "a mix above the floor is left alone"},
		{"raised", []option{{foreign: true, fraction: 0.9}, {fraction: 0.1}}, 0.3, 0.3, "foreign chips scale down to make room"},
		{"from zero", []option{{foreign: true, fraction: 1}, {fraction: 0}, {fraction: 0}}, 0.5, 0.5, "domestic chips with no share split the floor"},
		{"no domestic offer", []option{{foreign: true, fraction: 1}}, 0.5, 0, "nothing domestic to buy: the floor cannot apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enforceDomestic(tc.opts, tc.floor)
			var dom, all float64
			for _, o := range tc.opts {
				all += o.fraction
				if !o.foreign {
					dom += o.fraction
				}
			}
			if math.Abs(all-1) > 1e-12 || math.Abs(dom-tc.domWant) > 1e-12 {
				t.Errorf("%s: domestic %v of %v, want %v of 1", tc.reason, dom, all, tc.domWant)
			}
		})
	}
}
