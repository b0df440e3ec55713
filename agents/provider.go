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
	Funding  Funding
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
	t := a.Funding.assess(v)
	if t.exit {
		if s := worstSegment(v); s >= 0 {
			out = append(out, market.Decision{Kind: market.ExitSegment, Segment: s,
				Reason: "retrenching: " + t.why + "; leaves its lowest-margin segment"})
		}
	}
	out = append(out, a.RnD.decide(v, t)...)
	floor := math.Inf(-1)
	if t.retrench {
		floor = a.Funding.RetrenchMarkup
	}
	for s, seg := range cfg.Segments {
		pr, ok := a.Pricing[seg.ID]
		if !ok || seg.Kind != market.Paid || !v.Offers(self, s) || pr.Rule == Hold {
			continue
		}
		p, why := pr.price(v, s, a.Capacity.TargetUtilisation, floor)
		if t.retrench && p > v.Price(self, s) {
			why = "retrenching (" + t.why + "): " + why
		}
		out = append(out, market.Decision{Kind: market.SetPrice, Segment: s, Value: p, Reason: why})
	}
	orders, capex := a.order(v, t)
	if d, ok := a.Funding.request(v, capex, t); ok {
		out = append(out, d)
	}
	return append(out, orders...)
}

// order plans capacity and splits the order across chips; it returns the
// orders and their cost. The budget is the capex plan (cut while
// retrenching) within what the provider can pay from cash and funding.
func (a *Provider) order(v *market.View, t treasury) ([]market.Decision, float64) {
	self := v.Self()
	cfg := v.Config()
	gap, weights, why := a.Capacity.plan(v)
	stock, stockWhy := a.Sourcing.stockpile(v, weights)
	if gap <= 0 && stock == nil {
		return nil, 0
	}
	opts, mixWhy := a.Sourcing.mix(v, weights)
	if len(opts) == 0 && stock == nil {
		return nil, 0
	}
	fleet := v.FleetSize(self)
	// Units of chip o for its fraction of the missing capacity.
	unitsOf := func(o option) float64 { return gap * fleet * o.fraction / o.perChip }
	var cost float64
	for _, o := range opts {
		cost += unitsOf(o) * o.price
	}
	plan := v.CapexBudget(self)
	if t.retrench {
		plan *= a.Funding.RetrenchCapex
		why += fmt.Sprintf("; retrenching: capex cut to %.0f%% of plan", 100*a.Funding.RetrenchCapex)
	}
	budget := math.Max(0, plan-v.CapexCommitted(self))
	budget = math.Min(budget, plan/4*1.5) // spread over the year
	if pay := v.CanPay(self); pay < budget {
		budget = pay
		why += fmt.Sprintf("; only $%.2fB of cash and funding to pay with", pay/1e9)
	}
	scale := 1.0
	if gap <= 0 {
		scale = 0
	} else if cost > budget {
		scale = budget / cost
		why += fmt.Sprintf("; capped by capex budget ($%.1fB left of $%.1fB/yr)", budget/1e9, plan/1e9)
	}
	if mixWhy != "" {
		why += "; " + mixWhy
	}
	scaled := func(o option) float64 { return unitsOf(o) * scale }
	var out []market.Decision
	spent := 0.0
	if scale > 0 {
		reason := "order " + describe(cfg, opts, scaled) + ": " + why
		for _, o := range opts {
			n := math.Floor(scaled(o))
			if n >= 1 {
				out = append(out, market.Decision{Kind: market.OrderChips, Chip: o.chip, Value: n, Reason: reason})
				spent += n * o.price
			}
		}
	}
	if stock != nil && !t.retrench {
		left := math.Max(0, v.CanPay(self)-spent) * a.Sourcing.StockpileCash
		if n := math.Floor(math.Min(stock.units, left/stock.price)); n >= 1 {
			out = append(out, market.Decision{Kind: market.OrderChips, Chip: stock.chip, Value: n, Reason: stockWhy})
			spent += n * stock.price
		}
	}
	return out, spent
}
