package agents

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Sourcing parameterises the hybrid chip mix: chips are weighted by price-
// performance on the provider's own workloads, foreign chips discounted by
// the perceived risk that access is cut, chips Beijing's guidance steers
// buyers away from discounted by the cost of defying it, and domestic chips
// kept at or above a minimum share of each order (the provider's hedge or
// China's pairing rule, whichever is higher).
type Sourcing struct {
	ForeignRisk float64 // 0..1: discount on foreign chips' price-performance
	Sharpness   float64 // how strongly the mix favours the best chip (≥1)
	DomesticMin float64 // the provider's own floor on domestic share of orders
	// Vendors, when not empty, lists the only chip vendors the provider
	// buys from (Huawei Cloud buys only Ascend).
	Vendors []string
	// Risk, when set, replaces ForeignRisk with a belief that moves with
	// policy events and raises the domestic floor as a hedge.
	Risk *Belief
	// StockpileRisk, StockpileMonths and StockpileCash set the stockpiling
	// of foreign chips ahead of a feared cut-off (see stockpile): the belief
	// above which it starts, the months of foreign fleet bought ahead at
	// full fear, and the share of spare cash and funding it may use.
	StockpileRisk, StockpileMonths, StockpileCash float64
	// GuidancePenalty is the share of a discouraged chip's value (see
	// market.ChipPolicy.Discouraged) the provider gives up by buying it
	// against Beijing's guidance: the expected cost of defying a soft steer
	// (purchases it must justify to regulators, the goodwill of state
	// customers). 1 complies fully: the chip is not ordered; 0 ignores the
	// guidance. See guided.
	GuidancePenalty float64
}

// option is a chip the provider could order, scored.
type option struct {
	chip     int
	foreign  bool
	price    float64
	perChip  float64 // capacity of one chip relative to today's average chip
	score    float64 // throughput per dollar, risk-adjusted
	fraction float64 // share of the order's capacity
}

// mix scores the orderable chips for the provider's segment weights.
func (sc Sourcing) mix(v *market.View, weights []float64) ([]option, string) {
	self := v.Self()
	risk, floor, riskWhy := sc.ForeignRisk, sc.DomesticMin, ""
	if sc.Risk != nil && sc.Risk.init {
		risk, riskWhy = sc.Risk.p, sc.Risk.why
		floor = min(1, sc.DomesticMin+sc.Risk.Hedge*risk)
	}
	cfg := v.Config()
	fleet := v.FleetSize(self)
	var opts []option
	guidedWhy := ""
	for c := range cfg.Chips {
		o := v.Offer(self, c)
		if !o.Available || o.PriceUSD <= 0 || len(sc.Vendors) > 0 && !slices.Contains(sc.Vendors, cfg.Chips[c].Vendor) {
			continue
		}
		// Capacity of one chip c relative to the fleet's average chip, by
		// segment weight.
		var rel float64
		for s, wgt := range weights {
			if wgt == 0 {
				continue
			}
			rate := v.Rate(self, s)
			if rate <= 0 || fleet <= 0 {
				continue
			}
			rel += wgt * v.Throughput(self, c, s) / (rate / fleet)
		}
		if rel <= 0 {
			continue
		}
		yearCost := o.PriceUSD/cfg.Chips[c].LifetimeYears + (v.ChipHourUSD(c)-cfg.Chips[c].PriceUSD/(cfg.Chips[c].LifetimeYears*8766))*8766
		score := rel / yearCost
		if o.Foreign {
			score *= 1 - risk
		}
		if v.Policy(c).Discouraged {
			score *= 1 - sc.GuidancePenalty
			guidedWhy = join(guidedWhy, sc.guided(cfg.Chips[c].Name))
		}
		score *= fillRate(v, c)
		if score <= 0 {
			continue
		}
		opts = append(opts, option{chip: c, foreign: o.Foreign, price: o.PriceUSD, perChip: rel, score: score})
	}
	if len(opts) == 0 {
		return nil, join(riskWhy, guidedWhy, "no chip can be ordered")
	}
	var z float64
	for i := range opts {
		opts[i].fraction = math.Pow(opts[i].score, max(1, sc.Sharpness))
		z += opts[i].fraction
	}
	for i := range opts {
		opts[i].fraction /= z
	}
	floor = max(floor, v.Rules().DomesticShareMin)
	return opts, join(riskWhy, guidedWhy, enforceDomestic(opts, floor))
}

// guided is the reason a discouraged chip's weight falls: the guidance is
// a cost the provider weighs against the chip's price-performance, so a
// chip far ahead of its rivals can still be bought, while a provider with
// GuidancePenalty 1 complies fully.
func (sc Sourcing) guided(chip string) string {
	if sc.GuidancePenalty >= 1 {
		return fmt.Sprintf("complies with Beijing's guidance against %s: none ordered", chip)
	}
	return fmt.Sprintf("Beijing's guidance against %s weighed as a cut of %.0f%% in its value (guidance penalty)", chip, 100*sc.GuidancePenalty)
}

// guidanceCut is the factor by which the guidance cuts the pulled-forward
// order of a discouraged chip: (1 − GuidancePenalty)^Sharpness, the factor
// by which it cuts the chip's weight in an order against unchanged rivals.
func (sc Sourcing) guidanceCut() float64 {
	return math.Pow(max(0, 1-sc.GuidancePenalty), max(1, sc.Sharpness))
}

// fillRate is the share of last quarter's orders of chip c its supplier
// could fill (at least 0.1): buyers steer orders away from a chip that is
// sold out, toward one they can get.
func fillRate(v *market.View, c int) float64 {
	cfg := v.Config()
	for s, sp := range cfg.Suppliers {
		for k, c2 := range sp.Chips {
			if c2 != c {
				continue
			}
			ordered := v.Ordered(s, k)
			if ordered <= 0 {
				return 1
			}
			out := v.SupplierOutput(s, k)
			if cp := v.Policy(c).CapPerQuarter; cp > 0 && cfg.Chips[c].Origin == hardware.Foreign {
				out = math.Min(out, cp)
			}
			return math.Max(0.1, math.Min(1, out/ordered))
		}
	}
	return 1
}

// join joins non-empty reason parts with "; ".
func join(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += p
	}
	return out
}

// enforceDomestic raises the domestic chips' share of the order to floor,
// scaling foreign chips down, when any domestic chip is on offer.
func enforceDomestic(opts []option, floor float64) string {
	var dom float64
	anyDom := false
	for _, o := range opts {
		if !o.foreign {
			dom += o.fraction
			anyDom = true
		}
	}
	if !anyDom || dom >= floor || floor <= 0 {
		return ""
	}
	for i := range opts {
		if opts[i].foreign {
			opts[i].fraction *= (1 - floor) / (1 - dom)
		} else if dom > 0 {
			opts[i].fraction *= floor / dom
		}
	}
	if dom == 0 {
		n := 0
		for _, o := range opts {
			if !o.foreign {
				n++
			}
		}
		for i := range opts {
			if !opts[i].foreign {
				opts[i].fraction = floor / float64(n)
			}
		}
	}
	return fmt.Sprintf("domestic share raised to %.0f%%", 100*floor)
}

// describe lists an order's chips: "40.0K H200 (62%), 25.0K Zhenwu 810E (38%)".
func describe(cfg *market.Config, opts []option, unitsOf func(option) float64) string {
	sorted := append([]option(nil), opts...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].fraction > sorted[j].fraction })
	var parts []string
	for _, o := range sorted {
		if o.fraction < 0.005 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s (%.0f%%)", market.FormatCount(unitsOf(o)), cfg.Chips[o.chip].Name, 100*o.fraction))
	}
	return strings.Join(parts, ", ")
}

// stockOrder is an order pulled forward ahead of a feared cut-off.
type stockOrder struct {
	chip         int
	units, price float64
}

// stockpile returns the extra order of the best foreign chip on offer that
// a provider who fears a cut-off pulls forward: when its ban-risk belief p
// is above StockpileRisk it buys StockpileMonths of its fleet's foreign
// share ahead, scaled by (p − StockpileRisk)/(1 − StockpileRisk). Only a
// provider with a belief (Risk) stockpiles; nil when it does not.
func (sc Sourcing) stockpile(v *market.View, weights []float64) (*stockOrder, string) {
	if sc.Risk == nil || !sc.Risk.init || sc.StockpileMonths <= 0 || sc.Risk.p <= sc.StockpileRisk {
		return nil, ""
	}
	self := v.Self()
	opts, _ := Sourcing{Sharpness: 1, Vendors: sc.Vendors, GuidancePenalty: sc.GuidancePenalty}.mix(v, weights)
	best := -1
	for i, o := range opts {
		if o.foreign && (best < 0 || o.score > opts[best].score) {
			best = i
		}
	}
	if best < 0 {
		return nil, ""
	}
	cfg := v.Config()
	var foreign float64
	for c := range cfg.Chips {
		if cfg.Chips[c].Origin == hardware.Foreign {
			foreign += v.Fleet(self, c)
		}
	}
	intensity := (sc.Risk.p - sc.StockpileRisk) / (1 - sc.StockpileRisk)
	o := opts[best]
	units := foreign * sc.StockpileMonths / 12 * intensity
	guidedWhy := ""
	if v.Policy(o.chip).Discouraged {
		units *= sc.guidanceCut()
		guidedWhy = fmt.Sprintf("; cut to %.1f%% by %s", 100*sc.guidanceCut(), sc.guided(cfg.Chips[o.chip].Name))
	}
	if units < 1 {
		return nil, ""
	}
	return &stockOrder{chip: o.chip, units: units, price: o.price}, fmt.Sprintf(
		"stockpile %s %s ahead of a feared cut-off: ban risk %.0f%% above %.0f%% (%s); %.0f months of the foreign fleet pulled forward%s",
		market.FormatCount(units), cfg.Chips[o.chip].Name, 100*sc.Risk.p, 100*sc.StockpileRisk, sc.Risk.why, sc.StockpileMonths*intensity, guidedWhy)
}
