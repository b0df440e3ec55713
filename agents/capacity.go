package agents

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Capacity parameterises capacity planning: order chips so the fleet runs
// at TargetUtilisation over the planning horizon, within the capex budget.
type Capacity struct {
	TargetUtilisation float64
	HorizonDays       int
	// UnmetCapture is the share of the segment's unmet demand the provider
	// expects to win (in proportion to its volume share) if it has capacity.
	UnmetCapture float64
}

// plan returns how much fleet the provider should add, in multiples of its
// current fleet's capacity, the weight of each segment in that need and a
// reason. Forecasts extrapolate last month's demand along the segment's
// reference volume path.
func (c Capacity) plan(v *market.View) (gap float64, weights []float64, why string) {
	self := v.Self()
	cfg := v.Config()
	horizon := v.Day() + market.Day(c.HorizonDays)
	weights = make([]float64, len(cfg.Segments))
	var need float64
	for s, seg := range cfg.Segments {
		if seg.Kind == market.Adoption || !v.Offers(self, s) {
			continue
		}
		capNow := v.Capacity(self, s)
		if capNow <= 0 {
			continue
		}
		ref0 := v.ReferenceVolume(s, v.Day())
		growth := 1.0
		if ref0 > 0 {
			growth = v.ReferenceVolume(s, horizon) / ref0
		}
		want := (v.Demand(self, s) + c.UnmetCapture*v.VolumeShare(self, s)*v.Unmet(s)) * growth
		weights[s] = want / capNow
		need += weights[s]
	}
	if need == 0 {
		return 0, weights, "no demand to plan for"
	}
	for s := range weights {
		weights[s] /= need
	}
	fleet := v.FleetSize(self)
	var coming float64
	for ch := range cfg.Chips {
		coming += v.InTransit(self, ch)
	}
	keep := 1.0
	if fleet > 0 {
		keep = (fleet - v.Retiring(self, horizon) + coming) / fleet
	}
	gap = need/c.TargetUtilisation - keep
	why = fmt.Sprintf("demand by %s needs %.0f%% of today's fleet at %.0f%% utilisation; %.0f%% on hand or coming",
		v.Config().Start.AddDate(0, 0, int(horizon)).Format("2006-01"), 100*need/c.TargetUtilisation,
		100*c.TargetUtilisation, 100*keep)
	return gap, weights, why
}
