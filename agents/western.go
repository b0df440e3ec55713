package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Western is the strategy of the Western labs in the Chinese segments. They
// push the capability frontier through the scenario's release schedule and
// cut list prices along the frontier's price decline, but never below their
// serving cost plus FloorMarkup.
type Western struct {
	Company      string
	DeclinePerYr float64 // list-price decline per year, 0..1
	FloorMarkup  float64
}

// ID implements market.Agent.
func (a *Western) ID() string { return a.Company }

// Decide implements market.Agent.
func (a *Western) Decide(v *market.View) []market.Decision {
	var out []market.Decision
	self := v.Self()
	step := math.Pow(1-a.DeclinePerYr, 0.25)
	for s, seg := range v.Config().Segments {
		if seg.Kind != market.Paid || !v.Offers(self, s) {
			continue
		}
		p := v.Price(self, s) * step
		why := fmt.Sprintf("frontier list prices fall %.0f%%/yr", 100*a.DeclinePerYr)
		if c := v.ServingCost(self, s) * (1 + a.FloorMarkup); p < c {
			p = c
			why = "held at serving cost plus margin"
		}
		out = append(out, market.Decision{Kind: market.SetPrice, Segment: s, Value: p, Reason: why})
	}
	return out
}
