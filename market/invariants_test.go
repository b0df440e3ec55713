package market

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// settledWorld runs a small market to its first settlement and returns the
// world with that month's capacity table, for corrupting.
func settledWorld(t *testing.T) (*world, [][]float64) {
	t.Helper()
	cfg := tinyConfig()
	w, err := newWorld(cfg, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.settle(0, 31); err != nil {
		t.Fatal(err)
	}
	capFull := make([][]float64, len(cfg.Segments))
	for s := range capFull {
		capFull[s] = make([]float64, len(cfg.Providers))
		for p := range capFull[s] {
			capFull[s][p] = w.prov[p].capFull[s]
		}
	}
	return w, capFull
}

// Every invariant fails loudly when the state it guards is broken.
func TestInvariantsCatchBrokenStates(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		breakIt    func(w *world)
	}{
		{"untouched", "", func(*world) {}},
		{"money leaks between buyers and providers", "spent", func(w *world) { w.seg[0].spend *= 1.01 }},
		{"chip sales without purchases", "paid", func(w *world) { w.sup[0].m.sales += 1e6 }},
		{"share above one", "outside [0,1]", func(w *world) { w.seg[0].volShare[0] = 1.2 }},
		{"shares not summing to one", "sum to", func(w *world) { w.seg[0].volShare[0] *= 0.9 }},
		{"served beyond capacity", "above its capacity", func(w *world) { w.prov[0].served[0] = 2 * w.prov[0].capFull[0] }},
		{"NaN in the ledger", "non-finite", func(w *world) { w.prov[1].cash = math.NaN() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, capFull := settledWorld(t)
			tc.breakIt(w)
			err := w.check(capFull)
			var ie *InvariantError
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a sound settlement failed: %v", err)
			case tc.want != "" && (!errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want an invariant error mentioning %q", err, tc.want)
			}
		})
	}
}

// tinyConfig is a one-segment, two-provider market with one chip and its
// supplier. (market/markettest has the shared version; an internal test
// cannot import it.)
func tinyConfig() *Config {
	chip := hardware.Chip{ID: "chip", Name: "Chip", Vendor: "acme", HBMGB: 96, MemoryBandwidthGBps: 4000,
		BF16TFLOPS: 148, FP8TFLOPS: 296, TDPW: 400, PriceUSD: 12500, LifetimeYears: 4, Origin: hardware.Domestic}
	wl := hardware.Workload{ID: "m", Name: "M", Kind: hardware.Text, TotalParamsB: 70, ActiveParamsB: 70,
		BytesPerParam: 1, KVBytesPerToken: 160e3, ContextTokens: 4096, MinTokensPerSecPerUser: 20}
	cfg := &Config{
		Name: "tiny", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Days: 90,
		Segments: []Segment{{ID: "api", Unit: "Mtok", Kind: Paid, Serves: "llm", Spend: Constant(1.2e9),
			Price: Constant(1), Elasticity: 1, Target: []float64{0.5, 0.5},
			Buyers: Buyers{Cohorts: 10, SizeTail: 2, Price: 3, Hazard: 1}}},
		Chips: []hardware.Chip{chip}, ChipLaunch: []Day{0}, Policy: []ChipPolicy{{USAllowed: true, Approved: true}},
		Models: []Model{{ID: "a", Owner: 0, Serves: "llm", Capability: 70, Workload: wl},
			{ID: "b", Owner: 1, Serves: "llm", Capability: 70, Workload: wl}},
		Costs: hardware.Costs{ElectricityUSDPerKWh: 0.08, PUE: 1.3, OverheadUSDPerChipHour: 0.3,
			ComputeEfficiency: 0.5, MemoryEfficiency: 0.7, HBMReserveFraction: 0.1},
		Rules: ChinaRules{StateDomesticWeight: 1},
		Suppliers: []Supplier{{ID: "acme", Owner: -1, Chips: []int{0}, Output: []Path{Constant(1e5)},
			LeadDays: 30, UnitCost: []float64{5000}, ListPrice: []float64{12500}, External: true}},
	}
	for _, id := range []string{"a", "b"} {
		cfg.Providers = append(cfg.Providers, Provider{ID: id, Access: []float64{1}, Serves: []bool{true},
			Price: []float64{1}, Ecosystem: []float64{0}, HomeChip: -1, FleetMix: []float64{1}, StartUtilisation: 0.5})
	}
	return cfg
}
