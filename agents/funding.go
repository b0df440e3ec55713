package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Funding is a provider's treasury rule. Each quarter it asks its parent
// for what the quarter's capex and expected losses need beyond its cash and
// a reserve of ReserveMonths of running costs. When the cloud has lost money
// on the group's view (cloud profit plus the group value of its users) for
// longer than the parent's patience, it retrenches: prices are floored at
// serving cost plus RetrenchMarkup, capex falls to RetrenchCapex of plan and
// R&D is cut back toward plan; with the funding nearly spent as well, it
// exits its least profitable paid segment. A firm that recovers (a month of
// group-view profit) ends the retrenchment.
type Funding struct {
	ReserveMonths  float64
	RetrenchMarkup float64 // price floor over serving cost while retrenching
	RetrenchCapex  float64 // share of the capex plan kept while retrenching (0..1)
}

// treasury is the funding state a provider decides with this quarter.
type treasury struct {
	retrench bool   // past the parent's patience
	exit     bool   // retrenching with the funding nearly spent
	why      string // why it retrenches
}

// assess reads the provider's losses against its parent's patience.
func (f Funding) assess(v *market.View) treasury {
	self := v.Self()
	pc := v.Config().Providers[self]
	pat := pc.Funding.PatienceMonths
	months := v.LossMonths(self)
	if pat <= 0 || months < pat {
		return treasury{}
	}
	t := treasury{retrench: true, why: fmt.Sprintf("%d months of losses on the group's view, past the parent's patience of %d", months, pat)}
	if pc.Funding.LimitUSD > 0 && v.FundingLeft(self) < 0.1*pc.Funding.LimitUSD && v.Cash(self) < v.Revenue(self) {
		t.exit = true
		t.why += fmt.Sprintf("; only $%.1fB of funding left", v.FundingLeft(self)/1e9)
	}
	return t
}

// request returns the funding request for the quarter, if any: what planned
// capex and a reserve of running costs need beyond cash.
func (f Funding) request(v *market.View, capex float64, t treasury) (market.Decision, bool) {
	self := v.Self()
	if v.FundingLeft(self) <= 0 {
		return market.Decision{}, false
	}
	running := math.Max(0, v.Revenue(self)-v.Profit(self)) // last month's costs incl. amortisation
	loss := math.Max(0, -v.Profit(self)) * 3
	need := capex + loss + f.ReserveMonths*running - v.Cash(self)
	if t.retrench {
		need = loss + running - v.Cash(self) // only what keeps the lights on
	}
	if need <= 0 {
		return market.Decision{}, false
	}
	return market.Decision{Kind: market.RequestFunding, Value: need,
		Reason: fmt.Sprintf("quarter's capex $%.2fB and losses $%.2fB need more than cash $%.2fB", capex/1e9, loss/1e9, v.Cash(self)/1e9)}, true
}

// worstSegment is the paid segment with the lowest margin over serving
// cost that the provider still sells in, −1 for none.
func worstSegment(v *market.View) int {
	self := v.Self()
	worst, margin := -1, math.Inf(1)
	for s, seg := range v.Config().Segments {
		if seg.Kind != market.Paid || !v.Offers(self, s) {
			continue
		}
		c := v.ServingCost(self, s)
		if c <= 0 {
			continue
		}
		if m := v.Price(self, s)/c - 1; m < margin {
			worst, margin = s, m
		}
	}
	return worst
}
