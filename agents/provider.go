package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Provider is the strategy of a cloud provider: price each paid segment by
// its rule, plan capacity against a capex budget, and source chips in a
// hybrid mix under policy.
type Provider struct {
	Company  string
	Pricing  map[string]Pricing // by segment id; segments not listed hold their price
	Capacity Capacity
	Sourcing Sourcing
	RnD      RnD
}

// ID implements market.Agent.
func (a *Provider) ID() string { return a.Company }

// Decide implements market.Agent.
func (a *Provider) Decide(v *market.View) []market.Decision {
	var out []market.Decision
	cfg := v.Config()
	self := v.Self()
	if a.Sourcing.Risk != nil {
		a.Sourcing.Risk.update(v)
	}
	if d, ok := a.RnD.decide(v); ok {
		out = append(out, d)
	}
	for s, seg := range cfg.Segments {
		pr, ok := a.Pricing[seg.ID]
		if !ok || seg.Kind != market.Paid || !v.Offers(self, s) || pr.Rule == Hold {
			continue
		}
		p, why := pr.price(v, s, a.Capacity.TargetUtilisation)
		out = append(out, market.Decision{Kind: market.SetPrice, Segment: s, Value: p, Reason: why})
	}
	return append(out, a.order(v)...)
}

// order plans capacity and splits the order across chips.
func (a *Provider) order(v *market.View) []market.Decision {
	self := v.Self()
	cfg := v.Config()
	gap, weights, why := a.Capacity.plan(v)
	if gap <= 0 {
		return nil
	}
	opts, mixWhy := a.Sourcing.mix(v, weights)
	if len(opts) == 0 {
		return nil
	}
	fleet := v.FleetSize(self)
	// Units of chip o for its fraction of the missing capacity.
	unitsOf := func(o option) float64 { return gap * fleet * o.fraction / o.perChip }
	var cost float64
	for _, o := range opts {
		cost += unitsOf(o) * o.price
	}
	budget := math.Max(0, v.CapexBudget(self)-v.CapexCommitted(self))
	budget = math.Min(budget, v.CapexBudget(self)/4*1.5) // spread over the year
	scale := 1.0
	if cost > budget {
		scale = budget / cost
		why += fmt.Sprintf("; capped by capex budget ($%.1fB left of $%.1fB/yr)", budget/1e9, v.CapexBudget(self)/1e9)
	}
	if mixWhy != "" {
		why += "; " + mixWhy
	}
	scaled := func(o option) float64 { return unitsOf(o) * scale }
	reason := "order " + describe(cfg, opts, scaled) + ": " + why
	var out []market.Decision
	for _, o := range opts {
		n := math.Floor(scaled(o))
		if n >= 1 {
			out = append(out, market.Decision{Kind: market.OrderChips, Chip: o.chip, Value: n, Reason: reason})
		}
	}
	return out
}
