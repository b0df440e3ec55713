package agents_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/agents"
	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

const april = market.Day(90) // the first quarterly decision after 2026-01-01

func run(t *testing.T, cfg *market.Config, agents ...market.Agent) *market.Result {
	t.Helper()
	return markettest.Run(t, cfg, 3, agents...)
}

var value = markettest.MustValue

func provider(p agents.Pricing) *agents.Provider {
	return &agents.Provider{
		Company:  "a",
		Pricing:  map[string]agents.Pricing{"api": p},
		Capacity: agents.Capacity{TargetUtilisation: 0.75, HorizonDays: 180},
		Sourcing: agents.Sourcing{Sharpness: 3},
	}
}

// reason returns the cause logged with provider a's price decision on day d.
func reason(r *market.Result, d market.Day) string {
	for _, e := range r.Log {
		if e.Day == d && e.Actor == "a" && strings.Contains(e.Summary, "price") {
			return e.Cause
		}
	}
	return ""
}

func TestPricingRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rule   agents.Pricing
		rivalB float64 // b's price (b has no agent and holds it)
		want   func(cost float64) float64
		why    string
		reason string
	}{
		{"cost-plus", agents.Pricing{Rule: agents.CostPlus, Markup: 0.5, MaxStep: 10}, 1,
			func(c float64) float64 { return c / 0.75 * 1.5 }, "cost-plus",
			"full cost at the 75% target utilisation plus the 50% markup"},
		{"match-lowest", agents.Pricing{Rule: agents.MatchLowest, Undercut: 0.1, QualityBand: 5, FloorMarkup: -0.9, MaxStep: 1}, 0.8,
			func(float64) float64 { return 0.72 }, "match-lowest",
			"10% under the comparable rival's $0.80"},
		{"penetration", agents.Pricing{Rule: agents.Penetration, Discount: 0.25, FloorMarkup: -0.9, MaxStep: 1,
			From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}, 0.9,
			func(float64) float64 { return 0.675 }, "penetration",
			"25% under the rivals' average inside the window"},
		{"floor", agents.Pricing{Rule: agents.MatchLowest, Undercut: 0, QualityBand: 5, FloorMarkup: 0.1, MaxStep: 1}, 0.001,
			func(c float64) float64 { return c * 1.1 }, "floored",
			"never below full serving cost plus the floor markup"},
		{"max step", agents.Pricing{Rule: agents.MatchLowest, Undercut: 0, QualityBand: 5, FloorMarkup: -0.99, MaxStep: 0.1}, 0.2,
			func(float64) float64 { return 0.9 }, "match-lowest",
			"a price moves at most MaxStep per quarter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := markettest.Tiny()
			cfg.Providers[1].Price[0] = tc.rivalB
			cfg.Providers[0].StartUtilisation = 0.05 // capacity never binds: the rule alone sets the price
			cfg.Segments[0].Target = []float64{0.5, 0.5}
			r := run(t, cfg, provider(tc.rule))
			cost := value(t, r, april, "a", "api", market.MetricServingCost)
			got := value(t, r, april, "a", "api", market.MetricPrice)
			if want := tc.want(cost); math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s: price %v, want %v (serving cost %v)", tc.reason, got, want, cost)
			}
			if why := reason(r, april); !strings.Contains(why, tc.why) {
				t.Errorf("logged reason %q does not mention %q", why, tc.why)
			}
		})
	}
}

// Capacity planning orders chips ahead of a lasting demand surge so that
// utilisation returns toward the target once deliveries land.
func TestCapacityPlanningTracksTarget(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Days = 720
	cfg.Providers[0].StartUtilisation = 0.75
	cfg.Providers[0].CapexUSDYr = market.Constant(1e12)
	cfg.Events = []market.Scheduled{{Kind: market.EventDemand, Segment: 0, Value: 1.6, Days: 1000, Summary: "lasting surge"}}
	a := provider(agents.Pricing{Rule: agents.Hold})
	r := run(t, cfg, a)
	last := r.Months[len(r.Months)-1]
	start := value(t, r, 0, "a", "", market.MetricFleet)
	end := value(t, r, last, "a", "", market.MetricFleet)
	if end < start*1.4 {
		t.Errorf("fleet grew from %v to %v chips; a 60%% surge needs about 60%% more", start, end)
	}
	if u := value(t, r, last, "a", "", market.MetricUtilisation); u < 0.6 || u > 0.9 {
		t.Errorf("utilisation %v two years on, want near the 75%% target", u)
	}
}

// Nvidia raises its price when orders outrun a quarter's output.
func TestNvidiaScarcityPricing(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Chips[0].Origin = hardware.Foreign
	cfg.Suppliers[0].Output = []market.Path{market.Constant(10)}
	cfg.Suppliers[0].Agent = true
	cfg.Providers[0].CapexUSDYr = market.Constant(1e12)
	cfg.Events = []market.Scheduled{{Kind: market.EventDemand, Segment: 0, Value: 2, Days: 1000, Summary: "surge"}}
	nv := &agents.Nvidia{Company: "acme", ReferenceModel: "ma", ScarcityRaise: 0.05, Tolerance: 10, MaxCut: 0.1, MaxPremium: 2}
	r := run(t, cfg, provider(agents.Pricing{Rule: agents.Hold}), nv)
	// The surge lands on day 0, so the provider first orders in April;
	// Nvidia sees those orders against 10 units of output in July.
	const july = market.Day(181)
	if p := value(t, r, april, "acme", "chip", market.MetricChipPrice); p != 12500 {
		t.Errorf("price in April = %v, want the $12,500 list price before any shortage", p)
	}
	if p := value(t, r, july, "acme", "chip", market.MetricChipPrice); math.Abs(p-12500*1.05) > 1e-6 {
		t.Errorf("price after a sold-out quarter = %v, want 5%% above $12,500", p)
	}
}

// Two identical providers who each best-respond to the other's price in a
// logit market (utility −α·ln p, fixed total volume, identical buyers,
// capacity that never binds) converge to the Bertrand–Nash price
// p* = c·α(1−s)/(α(1−s)−1), with s the equilibrium share (1/2 here).
func TestBestResponseConvergesToBertrandNash(t *testing.T) {
	for _, tc := range []struct {
		name   string
		alpha  float64
		start  [2]float64
		reason string
	}{
		{"α=4 from list prices", 4, [2]float64{1, 1}, "symmetric start"},
		{"α=3 from uneven prices", 3, [2]float64{2.5, 0.9}, "the dearer provider cuts, the cheaper one raises"},
		{"α=6", 6, [2]float64{1, 1}, "price-sensitive buyers: a thin markup"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := markettest.Tiny()
			cfg.Days = 8 * 365              // 31 quarterly price decisions: best-response dynamics converge geometrically
			cfg.Chips[0].LifetimeYears = 20 // keep the start fleet for the whole run
			seg := &cfg.Segments[0]
			seg.Elasticity = 0 // fixed total volume
			seg.Buyers.Price = tc.alpha
			seg.Buyers.Hazard, seg.Buyers.Switching, seg.Buyers.Dispersion = 1, 0, 0
			for i := range cfg.Providers {
				cfg.Providers[i].StartUtilisation = 0.02 // capacity never binds
			}
			ags := []market.Agent{}
			for i, id := range []string{"a", "b"} {
				cfg.Events = append(cfg.Events, market.Scheduled{Kind: market.EventPrice, Provider: i, Segment: 0, Value: tc.start[i], Summary: "start price"})
				ags = append(ags, &agents.Provider{Company: id, Pricing: map[string]agents.Pricing{
					"api": {Rule: agents.BestResponse, FloorMarkup: -0.5, MaxStep: 1},
				}, Capacity: agents.Capacity{TargetUtilisation: 0.75}})
			}
			r := run(t, cfg, ags...)
			last := r.Months[len(r.Months)-1]
			c := value(t, r, last, "a", "api", market.MetricServingCost)
			s := 0.5
			want := c * tc.alpha * (1 - s) / (tc.alpha*(1-s) - 1)
			for _, id := range []string{"a", "b"} {
				got := value(t, r, last, id, "api", market.MetricPrice)
				if math.Abs(got/want-1) > 0.02 {
					t.Errorf("%s (%s): %s's price %.5g, want the Bertrand–Nash %.5g (cost %.4g)", tc.reason, tc.name, id, got, want, c)
				}
			}
			t.Logf("α=%v: cost %.4g, Nash %.5g, simulated a %.5g b %.5g", tc.alpha, c, want,
				value(t, r, last, "a", "api", market.MetricPrice), value(t, r, last, "b", "api", market.MetricPrice))
		})
	}
}

// An optimising Nvidia facing a domestic rival chip prices inside its range,
// and passes an export fee on in part: a higher fee means a higher price.
func TestNvidiaOptimumRespondsToFees(t *testing.T) {
	price := func(fee float64) (float64, string) {
		cfg := markettest.Tiny()
		cfg.Days = 365
		dom := cfg.Chips[0]
		dom.ID, dom.Name = "dom", "Domestic chip"
		cfg.Chips[0].Origin = hardware.Foreign
		cfg.Chips = append(cfg.Chips, dom)
		cfg.ChipLaunch = append(cfg.ChipLaunch, 0)
		cfg.Policy = []market.ChipPolicy{{USAllowed: true, Approved: true, FeeRate: fee}, {USAllowed: true, Approved: true}}
		for i := range cfg.Providers {
			cfg.Providers[i].FleetMix = []float64{0.5, 0.5}
			cfg.Providers[i].CapexUSDYr = market.Constant(1e12)
		}
		cfg.Suppliers[0].Agent = true
		cfg.Suppliers = append(cfg.Suppliers, market.Supplier{ID: "local", Name: "Local", Owner: -1, Chips: []int{1},
			Output: []market.Path{market.Constant(1e5)}, LeadDays: 30, UnitCost: []float64{5000}, ListPrice: []float64{12500}, External: true})
		cfg.Events = []market.Scheduled{{Kind: market.EventDemand, Segment: 0, Value: 2, Days: 1000, Summary: "growth"}}
		buyer := func(id string) *agents.Provider {
			return &agents.Provider{Company: id, Pricing: map[string]agents.Pricing{"api": {Rule: agents.Hold}},
				Capacity: agents.Capacity{TargetUtilisation: 0.75, HorizonDays: 180}, Sourcing: agents.Sourcing{Sharpness: 3}}
		}
		nv := &agents.Nvidia{Company: "acme", ReferenceModel: "ma", MaxPremium: 3, Optimise: true, BuyerSharpness: 3}
		r := run(t, cfg, buyer("a"), buyer("b"), nv)
		last := r.Months[len(r.Months)-1]
		why := ""
		for _, e := range r.Log {
			if e.Actor == "acme" && strings.Contains(e.Cause, "line price") {
				why = e.Cause
			}
		}
		return value(t, r, last, "acme", "chip", market.MetricChipPrice), why
	}
	p0, why := price(0)
	p5, _ := price(0.5)
	floor := 5000.0
	if p0 <= floor || p0 >= 3*12500 {
		t.Errorf("price with no fee %v, want strictly between the unit cost %v and the ceiling", p0, floor)
	}
	if p5 <= p0 {
		t.Errorf("price with a 50%% fee %v is not above the price with none %v", p5, p0)
	}
	if !strings.Contains(why, "expected orders") {
		t.Errorf("decision reason %q does not explain the optimum", why)
	}
	t.Logf("optimal China price: %.0f with no fee, %.0f with a 50%% fee", p0, p5)
}
