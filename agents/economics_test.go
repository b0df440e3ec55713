package agents_test

import (
	"math"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/agents"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

// With fixed capacity and a lasting demand shift up, a provider's price
// rises to the shadow price of its capacity and it serves what its fleet
// can: the excess demand is priced away rather than left unmet.
func TestScarcityPriceClearsCapacity(t *testing.T) {
	run1 := func(shift float64) *market.Result {
		cfg := markettest.Tiny()
		cfg.Days = 270
		for i := range cfg.Providers {
			cfg.Providers[i].StartUtilisation = 0.8
			cfg.Providers[i].CapexUSDYr = market.Constant(0) // no new chips: capacity is fixed
		}
		cfg.Segments[0].Buyers.Switching = 0
		if shift != 1 {
			cfg.Events = []market.Scheduled{{Kind: market.EventDemand, Segment: 0, Value: shift, Days: 1000, Summary: "demand shift"}}
		}
		var ags []market.Agent
		for _, id := range []string{"a", "b"} {
			ags = append(ags, &agents.Provider{Company: id, Pricing: map[string]agents.Pricing{
				"api": {Rule: agents.CostPlus, Markup: 0.3, MaxStep: 0.2, FloorMarkup: -0.5}},
				Capacity: agents.Capacity{TargetUtilisation: 0.75, HorizonDays: 180}, Sourcing: agents.Sourcing{Sharpness: 3}})
		}
		return run(t, cfg, ags...)
	}
	base, shifted := run1(1), run1(2)
	// Two quarterly decisions (April and July) at most ScarcityStep each.
	june := shifted.Months[len(shifted.Months)-1]
	pb := value(t, base, june, "a", "api", market.MetricPrice)
	ps := value(t, shifted, june, "a", "api", market.MetricPrice)
	if ps <= pb*1.2 {
		t.Errorf("price after doubling demand %.4g, without %.4g: want a clear rise", ps, pb)
	}
	served := value(t, shifted, june, "a", "api", market.MetricVolume)
	capa := value(t, shifted, june, "a", "api", market.MetricCapacity)
	if served < 0.97*capa {
		t.Errorf("served %.4g of capacity %.4g after the price adjusted: want capacity served", served, capa)
	}
	demand := value(t, shifted, june, market.Market, "api", market.MetricDemand)
	unmet := value(t, shifted, june, market.Market, "api", market.MetricUnmet)
	if unmet > 0.08*demand { // the rule acts on last month's demand with a 2% band
		t.Errorf("unmet %.3g of demand %.3g after prices adjusted: scarcity should price it away", unmet, demand)
	}
	if why := reason(shifted, 90); !strings.Contains(why, "scarcity") {
		t.Errorf("April's price decision %q does not give scarcity as its reason", why)
	}
}

// A cost shock shared by both providers of a logit market with elastic
// demand (ε = 1.5 > 1) and slack capacity: the Bertrand–Nash price
// p* = c·η/(η−1) scales with cost (100% proportional pass-through), so the
// margin (p − c)·q scales by k^(1−ε) and falls. Cost-plus passes the cost
// through proportionally too, and its margin falls the same way; when
// capacity binds, the price is the shadow price of capacity, which a cost
// rise does not move, so the margin falls by the cost increase.
func TestCommonCostShockPassThrough(t *testing.T) {
	const k = 1.5
	margin := func(r *market.Result, d market.Day, id string) (p, c, m float64) {
		p = value(t, r, d, id, "api", market.MetricPrice)
		c = value(t, r, d, id, "api", market.MetricServingCost)
		return p, c, (p - c) * value(t, r, d, id, "api", market.MetricVolume)
	}
	for _, tc := range []struct {
		name   string
		rule   agents.Pricing
		util   float64
		exact  bool // the closed form holds
		reason string
	}{
		{"best response", agents.Pricing{Rule: agents.BestResponse, FloorMarkup: -0.5, MaxStep: 1}, 0.02, true,
			"Nash price scales with cost; margin by k^(1−ε)"},
		{"cost-plus, slack", agents.Pricing{Rule: agents.CostPlus, Markup: 0.3, MaxStep: 1}, 0.02, true,
			"a proportional markup; the volume falls with ε"},
		{"cost-plus, capacity binds", agents.Pricing{Rule: agents.CostPlus, Markup: 0.05, MaxStep: 1}, 0.95, false,
			"the scarcity price does not follow cost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shock := func(scale float64) *market.Result {
				cfg := markettest.Tiny()
				cfg.Days = 6 * 365
				cfg.Chips[0].LifetimeYears = 20
				cfg.Chips[0].PriceUSD *= scale
				cfg.Costs.ElectricityUSDPerKWh *= scale
				cfg.Costs.OverheadUSDPerChipHour *= scale
				seg := &cfg.Segments[0]
				seg.Buyers.Hazard, seg.Buyers.Switching, seg.Buyers.Dispersion = 1, 0, 0
				var ags []market.Agent
				for i, id := range []string{"a", "b"} {
					cfg.Providers[i].StartUtilisation = tc.util
					cfg.Providers[i].CapexUSDYr = market.Constant(0)
					ags = append(ags, &agents.Provider{Company: id, Pricing: map[string]agents.Pricing{"api": tc.rule},
						Capacity: agents.Capacity{TargetUtilisation: 0.75}})
				}
				return run(t, cfg, ags...)
			}
			lo, hi := shock(1), shock(k)
			last := lo.Months[len(lo.Months)-1]
			p0, c0, m0 := margin(lo, last, "a")
			p1, c1, m1 := margin(hi, last, "a")
			if math.Abs(c1/c0-k) > 1e-6 {
				t.Fatalf("serving cost rose ×%.4f, want ×%v", c1/c0, k)
			}
			if m1 >= m0 {
				t.Errorf("%s: margin %.4g after the shock, %.4g before: a common cost rise must lower it", tc.reason, m1, m0)
			}
			if tc.exact {
				eps := 1.5
				if got := p1 / p0; math.Abs(got-k) > 0.02*k {
					t.Errorf("%s: price ×%.4f, want ×%v", tc.reason, got, k)
				}
				if got, want := m1/m0, math.Pow(k, 1-eps); math.Abs(got/want-1) > 0.05 {
					t.Errorf("%s: margin ×%.4f, want k^(1−ε) = ×%.4f", tc.reason, got, want)
				}
			} else if p1 > p0*1.01 && m1 >= m0 {
				t.Errorf("%s: price ×%.3f", tc.reason, p1/p0)
			}
			t.Logf("%s: price %.4g → %.4g, cost %.4g → %.4g, margin %.4g → %.4g", tc.name, p0, p1, c0, c1, m0, m1)
		})
	}
}

// Buyers value capability: matching the cheapest rival adjusts its price by
// exp(β_q·Δ/α), so a provider a few points better holds a higher price than
// its weaker rival instead of sitting on the same line.
func TestMatchLowestKeepsAQualityPremium(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Models[0].Capability += 5 // a's model is 5 points better than b's
	r := run(t, cfg, provider(agents.Pricing{Rule: agents.MatchLowest, QualityBand: 10, FloorMarkup: -0.9, MaxStep: 1}))
	b := cfg.Segments[0].Buyers
	got := value(t, r, april, "a", "api", market.MetricPrice)
	rival := value(t, r, april, "b", "api", market.MetricPrice)
	want := rival * math.Exp(b.Quality*5/b.Price)
	if math.Abs(got/want-1) > 1e-6 {
		t.Errorf("a's price %.5g, want the rival's %.5g × exp(β_q·5/α) = %.5g", got, rival, want)
	}
}

// openChoice is an agent that only decides its open-weights policy.
type openChoice struct{ open float64 }

func (openChoice) ID() string { return "a" }
func (o openChoice) Decide(v *market.View) []market.Decision {
	return []market.Decision{{Kind: market.SetOpenWeights, Value: o.open, Reason: "test"}}
}

// A lab's open-weights decision governs its next releases, whatever the
// scenario says of each model.
func TestOpenWeightsDecisionGovernsNextRelease(t *testing.T) {
	for _, tc := range []struct {
		open, scenario bool
		want           string
	}{
		{false, true, "weights kept closed"},
		{true, false, "weights published"},
	} {
		cfg := markettest.Tiny()
		m := cfg.Models[0]
		m.ID, m.Name, m.Release, m.Open = "next", "Next model", 120, tc.scenario
		cfg.Models = append(cfg.Models, m)
		r := run(t, cfg, openChoice{map[bool]float64{true: 1, false: 0}[tc.open]})
		found := false
		for _, e := range r.Log {
			if e.Kind == market.KindRelease && strings.Contains(e.Summary, "Next model") {
				found = strings.Contains(e.Summary, tc.want)
			}
		}
		if !found {
			t.Errorf("open %v: the release should say %q", tc.open, tc.want)
		}
	}
}
