package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Nvidia prices a chip vendor's China parts each quarter (Nvidia's, and with
// Optimise also Huawei's Ascend and T-Head's Zhenwu for outside buyers). It raises prices
// when orders exceed the quarter's output (scarcity), cuts them when the
// best domestic chip beats its part on cost per unit of throughput for the
// reference model (competition), and never prices below unit cost grossed up
// for the export fee it pays.
type Nvidia struct {
	Company        string
	ReferenceModel string  // model id used to compare price-performance
	ScarcityRaise  float64 // price rise per quarter when orders exceed output by 20%
	Tolerance      float64 // accepted cost-per-throughput disadvantage vs the best domestic chip
	MaxCut         float64 // largest cut per quarter
	MaxPremium     float64 // price ceiling as a multiple of list price
	// Optimise replaces the rules by a profit-maximising price: see optimum.
	Optimise bool
	// BuyerSharpness and BuyerRisk are Nvidia's model of how buyers split
	// orders across chips (score^sharpness, foreign chips discounted by
	// risk), used by Optimise.
	BuyerSharpness, BuyerRisk float64
	// BuyerGuidance is the guidance penalty Nvidia assumes its buyers weigh
	// against a chip Beijing's guidance discourages (see
	// Sourcing.GuidancePenalty); 0 ignores the guidance.
	BuyerGuidance float64
}

// ID implements market.Agent.
func (a *Nvidia) ID() string { return a.Company }

// Decide implements market.Agent.
func (a *Nvidia) Decide(v *market.View) []market.Decision {
	cfg := v.Config()
	self := v.Self()
	sc := cfg.Suppliers[self]
	ref := -1
	for m, md := range cfg.Models {
		if md.ID == a.ReferenceModel {
			ref = m
		}
	}
	var out []market.Decision
	if a.Optimise && ref >= 0 {
		var ks []int
		for k, c := range sc.Chips {
			if pol := v.Policy(c); cfg.Chips[c].Origin == hardware.Domestic || pol.USAllowed && pol.Approved {
				ks = append(ks, k)
			}
		}
		if len(ks) == 0 {
			return nil // nothing to price for China
		}
		return a.line(v, ks, ref)
	}
	for k, c := range sc.Chips {
		pol := v.Policy(c)
		if !pol.USAllowed || !pol.Approved {
			continue // nothing to price for China
		}
		price := v.ChipPrice(self, k)
		floor := sc.UnitCost[k] / math.Max(0.05, 1-pol.FeeRate)
		ordered, output := v.Ordered(self, k), v.SupplierOutput(self, k)
		target, why := price, "hold"
		if ref >= 0 {
			own := v.CostPerThroughput(c, ref, price)
			best, who := math.Inf(1), -1
			for d := range cfg.Chips {
				if cfg.Chips[d].Origin != hardware.Domestic || !anyCanBuy(v, d) {
					continue
				}
				if x := v.CostPerThroughput(d, ref, cfg.Chips[d].PriceUSD); x < best {
					best, who = x, d
				}
			}
			if who >= 0 && own > best*(1+a.Tolerance) {
				target = math.Max(price*(1-a.MaxCut), price*best*(1+a.Tolerance)/own)
				why = fmt.Sprintf("competition: %s serves %s at %.0f%% of the %s's cost per throughput",
					cfg.Chips[who].Name, cfg.Models[ref].Name, 100*best/own, cfg.Chips[c].Name)
			}
		}
		if output > 0 && ordered > 1.2*output && target >= price {
			target = math.Min(price*(1+a.ScarcityRaise), sc.ListPrice[k]*a.MaxPremium)
			why = fmt.Sprintf("scarcity: %s ordered against %s made", market.FormatCount(ordered), market.FormatCount(output))
		}
		if target < floor {
			target = floor
			why += fmt.Sprintf("; floor: unit cost $%.0f after the %.0f%% export fee", sc.UnitCost[k], 100*pol.FeeRate)
		}
		if math.Abs(target-price) > 1e-6*price {
			out = append(out, market.Decision{Kind: market.SetChipPrice, Chip: c, Value: target, Reason: why})
		}
	}
	return out
}

// anyCanBuy reports whether some provider may order chip c now.
func anyCanBuy(v *market.View, c int) bool {
	for p := range v.Config().Providers {
		if v.Offer(p, c).Available {
			return true
		}
	}
	return false
}

// line optimises the China prices of every chip the vendor can sell now as
// a product line: coordinate ascent (two passes over the chips, each a
// 64-point log-grid search) on the line's quarterly profit,
//
//	Σ_k (p_k × (1 − fee_k) − unit cost_k) × min(expected orders_k, supply_k),
//
// where supply is the quarter's output within any US cap. Expected orders
// come from a model of the buyers: they spend what they spent on chips at
// the last allocation, split across every chip on offer by score^sharpness
// with score = throughput per dollar of a year's cost (foreign chips
// discounted by the assumed ban risk), so a chip's units fall with its price
// both through its share and through what a dollar buys. The search runs
// from the floor (unit cost grossed up for the fee) to MaxPremium × list.
func (a *Nvidia) line(v *market.View, ks []int, ref int) []market.Decision {
	cfg := v.Config()
	self := v.Self()
	sc := cfg.Suppliers[self]
	type offer struct {
		supplier, slot, chip int
		price                float64
	}
	var offers []offer
	var budget float64
	for s2, sp := range cfg.Suppliers {
		for k2, c2 := range sp.Chips {
			if math.IsInf(v.CostPerThroughput(c2, ref, v.ChipPrice(s2, k2)), 1) || !anyCanBuy(v, c2) {
				continue
			}
			budget += v.Ordered(s2, k2) * v.ChipPrice(s2, k2)
			offers = append(offers, offer{s2, k2, c2, v.ChipPrice(s2, k2)})
		}
	}
	if budget <= 0 {
		return nil
	}
	sharp := math.Max(1, a.BuyerSharpness)
	// weight[j] is offer j's pull on the buyers' budget at its current
	// price; reprice(j) updates it after offers[j].price changes.
	weight := make([]float64, len(offers))
	reprice := func(j int) {
		o := offers[j]
		weight[j] = math.Pow(a.score(v, o.chip, v.CostPerThroughput(o.chip, ref, o.price)), sharp)
	}
	for j := range offers {
		reprice(j)
	}
	units := func(i int) float64 {
		var z float64
		for _, x := range weight {
			z += x
		}
		return budget * weight[i] / z / offers[i].price
	}
	mine := map[int]int{} // slot → offer index
	for i, o := range offers {
		if o.supplier == self {
			mine[o.slot] = i
		}
	}
	var sellable []int
	for _, k := range ks {
		if _, ok := mine[k]; ok {
			sellable = append(sellable, k)
		}
	}
	ks = sellable
	supply := func(k int) float64 {
		out := v.SupplierOutput(self, k)
		if c := v.Policy(sc.Chips[k]).CapPerQuarter; c > 0 && cfg.Chips[sc.Chips[k]].Origin == hardware.Foreign {
			out = math.Min(out, c)
		}
		return out
	}
	fee := func(k int) float64 {
		if cfg.Chips[sc.Chips[k]].Origin == hardware.Foreign {
			return v.Policy(sc.Chips[k]).FeeRate
		}
		return 0
	}
	profit := func() float64 {
		var p float64
		for _, k := range ks {
			i := mine[k]
			p += (offers[i].price*(1-fee(k)) - sc.UnitCost[k]) * math.Min(units(i), supply(k))
		}
		return p
	}
	premium := a.MaxPremium
	if premium <= 1 {
		premium = 5
	}
	for pass := 0; pass < 2; pass++ {
		for _, k := range ks {
			i := mine[k]
			floor := sc.UnitCost[k] / math.Max(0.05, 1-fee(k))
			lo, hi := math.Log(floor), math.Log(sc.ListPrice[k]*premium)
			if hi <= lo {
				offers[i].price = floor
				reprice(i)
				continue
			}
			best, bestP := math.Inf(-1), offers[i].price
			for g := 0; g <= 64; g++ {
				offers[i].price = math.Exp(lo + (hi-lo)*float64(g)/64)
				reprice(i)
				if f := profit(); f > best {
					best, bestP = f, offers[i].price
				}
			}
			offers[i].price = bestP
			reprice(i)
		}
	}
	var out []market.Decision
	for _, k := range ks {
		i := mine[k]
		p := offers[i].price
		if math.Abs(p-v.ChipPrice(self, k)) <= 1e-6*p {
			continue
		}
		u, sup := units(i), supply(k)
		state := "supply binds: the price clears the orders"
		if u < sup*0.999 {
			state = "below supply: the price trades volume for margin"
		}
		ceiling := ""
		if p >= sc.ListPrice[k]*premium*0.999 {
			ceiling = fmt.Sprintf("; at the %.1f× list ceiling", premium)
		}
		out = append(out, market.Decision{Kind: market.SetChipPrice, Chip: sc.Chips[k], Value: p, Reason: fmt.Sprintf(
			"line price: expected orders %s against %s available (%s); $%.0f a chip after the %.0f%% fee and $%.0f unit cost; buyers spent $%.2fB on chips last quarter%s",
			market.FormatCount(u), market.FormatCount(sup), state, p*(1-fee(k))-sc.UnitCost[k], 100*fee(k), sc.UnitCost[k], budget/1e9, ceiling)})
	}
	return out
}

// score is the buyers' throughput per dollar for chip c with cost per
// throughput cpt, discounted by the assumed ban risk for foreign chips and
// by the assumed guidance penalty for a chip Beijing discourages.
func (a *Nvidia) score(v *market.View, c int, cpt float64) float64 {
	s := 1 / cpt
	if v.Config().Chips[c].Origin == hardware.Foreign {
		s *= 1 - a.BuyerRisk
	}
	if v.Policy(c).Discouraged {
		s *= 1 - a.BuyerGuidance
	}
	return s
}
