package markettest

import (
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Chip is the single accelerator of Tiny: an H20-like part.
var Chip = hardware.Chip{
	ID: "chip", Name: "Test chip", Vendor: "acme", HBMGB: 96, MemoryBandwidthGBps: 4000,
	InterconnectGBps: 900, BF16TFLOPS: 148, FP8TFLOPS: 296, TDPW: 400, PriceUSD: 12500,
	LifetimeYears: 4, Origin: hardware.Domestic,
}

// Workload is the model both providers of Tiny serve: a 70B dense model.
var Workload = hardware.Workload{
	ID: "m", Name: "Test model", Kind: hardware.Text, TotalParamsB: 70, ActiveParamsB: 70,
	BytesPerParam: 1, KVBytesPerToken: 160e3, ContextTokens: 4096, MinTokensPerSecPerUser: 20,
}

// Tiny returns a one-segment market with two symmetric providers "a" and
// "b" selling tokens at $1/Mtok, with identical buyers (no dispersion, no
// state-linked buyers), equal start shares and a fleet sized for 50%
// utilisation. Tests change what they need.
func Tiny() *market.Config {
	cfg := &market.Config{
		Name:  "tiny",
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Days:  365,
		Segments: []market.Segment{{
			ID: "api", Name: "API", Unit: "Mtok", Kind: market.Paid, Serves: "llm",
			Spend: market.Constant(1.2e9), Price: market.Constant(1), Elasticity: 1.5,
			Buyers: market.Buyers{Cohorts: 20, SizeTail: 2, Price: 3, Quality: 0.1, Hazard: 1},
			Target: []float64{0.5, 0.5},
		}},
		Chips:      []hardware.Chip{Chip},
		ChipLaunch: []market.Day{0},
		Policy:     []market.ChipPolicy{{USAllowed: true, Approved: true}},
		Models: []market.Model{
			{ID: "ma", Name: "Model A", Owner: 0, Serves: "llm", Capability: 70, Workload: Workload},
			{ID: "mb", Name: "Model B", Owner: 1, Serves: "llm", Capability: 70, Workload: Workload},
		},
		Costs: hardware.Costs{ElectricityUSDPerKWh: 0.08, PUE: 1.3, OverheadUSDPerChipHour: 0.3,
			ComputeEfficiency: 0.5, MemoryEfficiency: 0.7, HBMReserveFraction: 0.1},
		Rules:              market.ChinaRules{StateDomesticWeight: 1},
		OpenServingFactor:  0.95,
		IdlePowerFraction:  0.3,
		OpexShareOfRevenue: 0.1,
	}
	for _, id := range []string{"a", "b"} {
		cfg.Providers = append(cfg.Providers, market.Provider{
			ID: id, Name: "Provider " + id, Access: []float64{1}, Serves: []bool{true},
			Price: []float64{1}, Ecosystem: []float64{0}, HomeChip: -1, CashUSD: 1e9,
			FleetMix: []float64{1}, StartUtilisation: 0.5,
			// A parent with deep pockets: tests of other mechanisms never
			// run out of money. Finance tests set their own limits.
			Funding: market.Funding{LimitUSD: 1e15, DistressSalvage: 0.5},
		})
	}
	cfg.Suppliers = []market.Supplier{{
		ID: "acme", Name: "Acme", Owner: -1, Chips: []int{0}, Output: []market.Path{market.Constant(1e5)},
		LeadDays: 30, UnitCost: []float64{5000}, ListPrice: []float64{12500}, External: true,
	}}
	return cfg
}

// Value returns the value of metric for company and segment on day d from
// the records of r, and whether it was recorded.
func Value(r *market.Result, d market.Day, company, segment, metric string) (float64, bool) {
	for _, rec := range r.Records {
		if rec.Day == d && rec.Company == company && rec.Segment == segment && rec.Metric == metric {
			return rec.Value, true
		}
	}
	return 0, false
}

// Run runs cfg with the agents and seed, failing the test on an error.
func Run(t testing.TB, cfg *market.Config, seed uint64, agents ...market.Agent) *market.Result {
	t.Helper()
	r, err := market.Run(cfg, agents, market.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// MustValue is Value, failing the test when the record is missing.
func MustValue(t testing.TB, r *market.Result, d market.Day, company, segment, metric string) float64 {
	t.Helper()
	v, ok := Value(r, d, company, segment, metric)
	if !ok {
		t.Fatalf("no %s/%s/%s on day %d", company, segment, metric, d)
	}
	return v
}
