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
			why = fmt.Sprintf("scarcity: %s ordered against %s made", count(ordered), count(output))
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
