package market_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

func run(t *testing.T, cfg *market.Config, agents ...market.Agent) *market.Result {
	t.Helper()
	return markettest.Run(t, cfg, 7, agents...)
}

var value = markettest.MustValue

func priceEvent(provider int, price float64) market.Scheduled {
	return market.Scheduled{Kind: market.EventPrice, Provider: provider, Segment: 0, Value: price, Summary: "test price"}
}

// With identical buyers who all reconsider every month and no switching
// cost, the shares after a price change are the closed-form logit
// probabilities: s_a = 1 / (1 + (p_b/p_a)^−α).
func TestLogitSharesMatchClosedForm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pb     float64
		alpha  float64
		reason string
	}{
		{"equal prices", 1, 3, "symmetric providers split the market evenly"},
		{"b 20% dearer", 1.2, 3, "the cheaper provider gains by the price ratio to the power α"},
		{"b half price, low α", 0.5, 1.2, "a weak price response still follows the closed form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := markettest.Tiny()
			cfg.Segments[0].Buyers.Price = tc.alpha
			cfg.Providers[0].StartUtilisation, cfg.Providers[1].StartUtilisation = 0.05, 0.05 // capacity never binds
			cfg.Events = []market.Scheduled{priceEvent(1, tc.pb)}
			r := run(t, cfg)
			want := 1 / (1 + math.Pow(tc.pb, -tc.alpha))
			got := value(t, r, 0, "a", "api", market.MetricVolumeShare)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: share of a = %.12f, want %.12f", tc.reason, got, want)
			}
		})
	}
}

// Calibration solves the brand constants so that heterogeneous cohorts
// reproduce the start shares exactly.
func TestCalibrationReproducesStartShares(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Segments[0].Target = []float64{0.7, 0.3}
	cfg.Segments[0].Buyers.Dispersion = 0.6
	cfg.Segments[0].Buyers.Cohorts = 200
	cfg.Providers[1].Price[0] = 0.8
	r := run(t, cfg)
	if got := value(t, r, 0, "a", "api", market.MetricVolumeShare); math.Abs(got-0.7) > 1e-6 {
		t.Errorf("start volume share of a = %v, want 0.7", got)
	}
	cfg.Segments[0].TargetRevenue = true
	r = run(t, cfg)
	if got := value(t, r, 0, "a", "api", market.MetricRevenueShare); math.Abs(got-0.7) > 1e-6 {
		t.Errorf("start revenue share of a = %v, want 0.7", got)
	}
}

// Volume responds to the average price with the configured elasticity:
// doubling every price scales volume by 2^−ε.
func TestDemandReproducesElasticity(t *testing.T) {
	for _, eps := range []float64{0.5, 1, 1.5, 2.5} {
		cfg := markettest.Tiny()
		cfg.Segments[0].Elasticity = eps
		cfg.Providers[0].StartUtilisation, cfg.Providers[1].StartUtilisation = 0.05, 0.05
		base := value(t, run(t, cfg), 0, market.Market, "api", market.MetricDemand)
		cfg.Events = []market.Scheduled{priceEvent(0, 2), priceEvent(1, 2)}
		dear := value(t, run(t, cfg), 0, market.Market, "api", market.MetricDemand)
		if got := math.Log(dear/base) / math.Log(2); math.Abs(got+eps) > 1e-9 {
			t.Errorf("ε=%v: measured elasticity %v", eps, -got)
		}
	}
}

// A demand surge beyond one provider's fleet spills to the rival with spare
// capacity; beyond both fleets it is recorded as unmet demand.
func TestCapacitySpillAndUnmet(t *testing.T) {
	surge := func(m float64) market.Scheduled {
		return market.Scheduled{Kind: market.EventDemand, Segment: 0, Value: m, Days: 400, Summary: "surge"}
	}
	t.Run("spill", func(t *testing.T) {
		cfg := markettest.Tiny()
		cfg.Providers[1].StartUtilisation = 0.2 // b has a fleet 2.5x a's
		cfg.Events = []market.Scheduled{surge(3)}
		r := run(t, cfg)
		if u := value(t, r, 0, "a", "", market.MetricUtilisation); math.Abs(u-1) > 1e-9 {
			t.Errorf("a should run full, utilisation %v", u)
		}
		if un := value(t, r, 0, market.Market, "api", market.MetricUnmet); un != 0 {
			t.Errorf("b had room for the spill, yet unmet = %v", un)
		}
		da := value(t, r, 0, "a", "api", market.MetricDemand)
		va := value(t, r, 0, "a", "api", market.MetricVolume)
		vb := value(t, r, 0, "b", "api", market.MetricVolume)
		db := value(t, r, 0, "b", "api", market.MetricDemand)
		if math.Abs(vb-(db+da-va)) > 1e-6*vb {
			t.Errorf("b served %v, want its own %v plus a's overflow %v", vb, db, da-va)
		}
	})
	t.Run("unmet", func(t *testing.T) {
		cfg := markettest.Tiny()
		cfg.Events = []market.Scheduled{surge(3)}
		r := run(t, cfg)
		dem := value(t, r, 0, market.Market, "api", market.MetricDemand)
		capa := value(t, r, 0, "a", "api", market.MetricCapacity) + value(t, r, 0, "b", "api", market.MetricCapacity)
		un := value(t, r, 0, market.Market, "api", market.MetricUnmet)
		if math.Abs(un-(dem-capa)) > 1e-6*dem {
			t.Errorf("unmet %v, want demand %v minus capacity %v", un, dem, capa)
		}
	})
}

// A run is a pure function of (config, seed).
func TestRunIsDeterministic(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Segments[0].Buyers.Hazard = 0.3
	cfg.Segments[0].Buyers.Dispersion = 0.5
	cfg.Events = []market.Scheduled{priceEvent(1, 1.3)}
	a, _ := market.Run(cfg, nil, market.Options{Seed: 1})
	b, _ := market.Run(cfg, nil, market.Options{Seed: 1})
	c, _ := market.Run(cfg, nil, market.Options{Seed: 2})
	if !reflect.DeepEqual(a.Records, b.Records) || !reflect.DeepEqual(a.Log, b.Log) {
		t.Error("same seed gave different results")
	}
	if reflect.DeepEqual(a.Records, c.Records) {
		t.Error("another seed gave identical results")
	}
}

// A run that reuses a finished result's memory gives the same result as a
// run in fresh memory, keeps its rows in the old result's array, and leaves
// the old result empty rather than sharing rows with the new one.
func TestRunReusesAResult(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Segments[0].Buyers.Hazard = 0.3
	cfg.Events = []market.Scheduled{priceEvent(1, 1.3)}
	fresh, _ := market.Run(cfg, nil, market.Options{Seed: 1})
	old, _ := market.Run(cfg, nil, market.Options{Seed: 2})
	old.Records = append(make([]market.Record, 0, 2*len(old.Records)), old.Records...) // room for the next run
	array := &old.Records[:1][0]
	again, err := market.Run(cfg, nil, market.Options{Seed: 1, Reuse: old})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Records, fresh.Records) || !reflect.DeepEqual(again.Log, fresh.Log) {
		t.Error("reusing a result changed the run")
	}
	if &again.Records[0] != array {
		t.Error("the run did not keep its rows in the reused result's array")
	}
	if old.Records != nil {
		t.Error("the reused result still holds rows")
	}
}

// A run without its event log has the same records as one with it, and no
// entries; the run with it logs the orders, deliveries and events.
func TestRunWithoutLog(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Segments[0].Buyers.Hazard = 0.3
	cfg.Events = []market.Scheduled{priceEvent(1, 1.3)}
	agents := func() []market.Agent {
		return []market.Agent{&orderer{id: "a", units: 100}, &orderer{id: "b", units: 50}}
	}
	logged, err := market.Run(cfg, agents(), market.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	quiet, err := market.Run(cfg, agents(), market.Options{Seed: 1, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(quiet.Records, logged.Records) {
		t.Error("leaving the log out changed the records")
	}
	kinds := map[string]bool{}
	for _, e := range logged.Log {
		kinds[e.Kind] = true
	}
	if !kinds[market.KindDecision] || !kinds[market.KindDelivery] {
		t.Errorf("the logged run has entries of kinds %v, want decisions and deliveries", kinds)
	}
	if len(quiet.Log) != 0 {
		t.Errorf("the run without a log has %d entries", len(quiet.Log))
	}
}

// orderer orders a fixed number of chip 0 at every decision.
type orderer struct {
	id    string
	units float64
	offer []market.Offer
}

func (o *orderer) ID() string { return o.id }

func (o *orderer) Decide(v *market.View) []market.Decision {
	o.offer = append(o.offer, v.Offer(v.Self(), 0))
	if !v.Offer(v.Self(), 0).Available {
		return nil
	}
	return []market.Decision{{Kind: market.OrderChips, Chip: 0, Value: o.units, Reason: "test order"}}
}

// A supplier's owner is served first; everyone else shares what is left
// pro rata. Deliveries arrive after the lead time and are paid for.
func TestSupplyOwnerFirstThenProRata(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Days = 60
	cfg.Suppliers[0].Owner = 0
	cfg.Suppliers[0].Output = []market.Path{market.Constant(150)}
	r := run(t, cfg, &orderer{id: "a", units: 100}, &orderer{id: "b", units: 100})
	var got [2]float64
	for _, e := range r.Log {
		if e.Kind == market.KindDelivery {
			if e.Actor == "a" {
				got[0]++
			} else {
				got[1]++
			}
		}
	}
	if got != [2]float64{1, 1} {
		t.Fatalf("deliveries per provider %v, want one each", got)
	}
	// Delivered on day 30, within January: booked in January's settlement.
	sold := value(t, r, 0, "acme", "chip", market.MetricUnitsSold)
	if sold != 150 {
		t.Errorf("units sold %v, want the whole quarter's 150 (100 to the owner, 50 to b)", sold)
	}
	spend := value(t, r, 0, "a", "", market.MetricChipSpend) + value(t, r, 0, "b", "", market.MetricChipSpend)
	if rev := value(t, r, 0, "acme", "", market.MetricRevenue); math.Abs(spend-rev) > 1e-6 {
		t.Errorf("providers paid %v, supplier earned %v", spend, rev)
	}
}

// Foreign chips need a US licence and Chinese approval before anyone can
// order them, and the View says why not.
func TestPolicyGatesForeignChips(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy market.ChipPolicy
		why    string
	}{
		{"no licence", market.ChipPolicy{USAllowed: false, Approved: true}, "no US export licence"},
		{"not approved", market.ChipPolicy{USAllowed: true, Approved: false}, "not approved"},
		{"allowed", market.ChipPolicy{USAllowed: true, Approved: true}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := markettest.Tiny()
			cfg.Days = 40
			cfg.Chips[0].Origin = hardware.Foreign
			cfg.Policy[0] = tc.policy
			o := &orderer{id: "a", units: 10}
			run(t, cfg, o)
			if got := o.offer[0]; got.Available != (tc.why == "") || !strings.Contains(got.Why, tc.why) {
				t.Errorf("offer %+v, want available=%v why %q", got, tc.why == "", tc.why)
			}
		})
	}
}

// An agent that returns a nonsensical decision stops the run with an error
// naming it, rather than corrupting the market.
func TestInvalidDecisionFailsRun(t *testing.T) {
	cfg := markettest.Tiny()
	_, err := market.Run(cfg, []market.Agent{badPricer{}}, market.Options{})
	if err == nil || !strings.Contains(err.Error(), "agent a") {
		t.Fatalf("err = %v, want an invalid-decision error naming agent a", err)
	}
}

type badPricer struct{}

func (badPricer) ID() string { return "a" }
func (badPricer) Decide(*market.View) []market.Decision {
	return []market.Decision{{Kind: market.SetPrice, Segment: 0, Value: math.NaN()}}
}
