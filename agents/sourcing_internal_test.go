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

func TestGuidanceCut(t *testing.T) {
	for _, tc := range []struct {
		name               string
		penalty, sharpness float64
		want               float64
		reason             string
	}{
		{"ignored", 0, 3, 1, "a buyer who ignores the guidance stockpiles in full"},
		{"complies", 1, 3, 0, "a buyer who complies fully stockpiles none"},
		{"weighed", 0.8, 3, 0.008, "the cut matches the chip's weight in an order: (1 − 0.8)^3"},
		{"sharpness floor", 0.5, 0, 0.5, "sharpness below 1 counts as 1, as in the mix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Sourcing{GuidancePenalty: tc.penalty, Sharpness: tc.sharpness}.guidanceCut()
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("%s: cut %v, want %v", tc.reason, got, tc.want)
			}
		})
	}
}
