package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Nvidia prices a chip supplier's China parts each quarter. It raises prices
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
	for k, c := range sc.Chips {
		pol := v.Policy(c)
		if !pol.USAllowed || !pol.Approved {
			continue // nothing to price for China
		}
		price := v.ChipPrice(self, k)
		floor := sc.UnitCost[k] / math.Max(0.05, 1-pol.FeeRate)
		if a.Optimise && ref >= 0 {
			target, why := a.optimum(v, k, c, ref, floor)
			if math.Abs(target-price) > 1e-6*price {
				out = append(out, market.Decision{Kind: market.SetChipPrice, Chip: c, Value: target, Reason: why})
			}
			continue
		}
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

// optimum searches the China price of chip c (slot k) that maximises
// Nvidia's quarterly profit, (price × (1 − fee) − unit cost) × min(expected
// orders, supply), where supply is the quarter's output within the US cap.
// Expected orders come from a model of the buyers: last quarter's orders
// for every chip on offer, in units of capacity on the reference model,
// split across chips by score^sharpness with score = throughput per dollar
// of a year's cost, foreign chips discounted by the assumed ban risk.
func (a *Nvidia) optimum(v *market.View, k, c, ref int, floor float64) (float64, string) {
	cfg := v.Config()
	self := v.Self()
	sc := cfg.Suppliers[self]
	pol := v.Policy(c)
	supply := v.SupplierOutput(self, k)
	if pol.CapPerQuarter > 0 {
		supply = math.Min(supply, pol.CapPerQuarter)
	}
	// Demand in capacity units and the rival chips' scores at their prices.
	var demand float64
	type rival struct{ score float64 }
	var rivals []rival
	for s2, sp := range cfg.Suppliers {
		for k2, c2 := range sp.Chips {
			cpt := v.CostPerThroughput(c2, ref, v.ChipPrice(s2, k2))
			if math.IsInf(cpt, 1) || !anyCanBuy(v, c2) {
				continue
			}
			demand += v.Ordered(s2, k2) * v.ModelThroughput(c2, ref) // capacity ordered
			if c2 != c {
				rivals = append(rivals, rival{score: a.score(cfg, c2, cpt)})
			}
		}
	}
	if demand <= 0 || supply <= 0 {
		return v.ChipPrice(self, k), "hold: no orders to learn from yet"
	}
	sharp := math.Max(1, a.BuyerSharpness)
	orders := func(p float64) float64 {
		cpt := v.CostPerThroughput(c, ref, p)
		own := math.Pow(a.score(cfg, c, cpt), sharp)
		z := own
		for _, r := range rivals {
			z += math.Pow(r.score, sharp)
		}
		return demand * own / z / v.ModelThroughput(c, ref)
	}
	fee := pol.FeeRate
	profit := func(p float64) float64 { return (p*(1-fee) - sc.UnitCost[k]) * math.Min(orders(p), supply) }
	lo, hi := math.Log(floor), math.Log(sc.ListPrice[k]*math.Max(1, a.MaxPremium))
	if hi <= lo {
		return floor, "floor: unit cost after the export fee"
	}
	best, bestP := math.Inf(-1), floor
	for i := 0; i <= 64; i++ {
		p := math.Exp(lo + (hi-lo)*float64(i)/64)
		if f := profit(p); f > best {
			best, bestP = f, p
		}
	}
	return bestP, fmt.Sprintf("profit-maximising price: expected orders %s against %s available; $%.0f a chip after the %.0f%% fee and $%.0f unit cost",
		market.FormatCount(orders(bestP)), market.FormatCount(supply), bestP*(1-fee)-sc.UnitCost[k], 100*fee, sc.UnitCost[k])
}

// score is the buyers' throughput per dollar for chip c with cost per
// throughput cpt, discounted by the assumed ban risk for foreign chips.
func (a *Nvidia) score(cfg *market.Config, c int, cpt float64) float64 {
	s := 1 / cpt
	if cfg.Chips[c].Origin == hardware.Foreign {
		s *= 1 - a.BuyerRisk
	}
	return s
}
