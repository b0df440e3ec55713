package scenarios_test

import (
	"math"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Every embedded scenario loads, builds and runs to its horizon with the
// market's invariants checked at every settlement, for seed 1, and seeds 2
// and 3 too in the long checks (AICLOUDSIM_LONG_TESTS=1).
func TestCatalogueRunsWithInvariants(t *testing.T) {
	t.Parallel()
	seeds := uint64(1)
	if testenv.Long() {
		seeds = 3
	}
	cat := scenarios.Catalogue()
	if len(cat) < 5 {
		t.Fatalf("catalogue has %d scenarios, want at least baseline and four what-ifs", len(cat))
	}
	for _, e := range cat {
		t.Run(e.Name, func(t *testing.T) {
			o, err := scenarios.Open(e.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e.Title == "" {
				t.Error("scenario has no title")
			}
			for seed := uint64(1); seed <= seeds; seed++ {
				r := runScenario(t, e.Name, seed)
				months := 12*(o.End.Day.Year()-o.Start.Day.Year()) + int(o.End.Day.Month()-o.Start.Day.Month()) + 1
				if got := len(r.Months); got != months {
					t.Errorf("seed %d: %d monthly settlements, want %d", seed, got, months)
				}
			}
		})
	}
}

// The baseline's first month reproduces the sources' revenue shares
// (Omdia's AI cloud shares, research/domain-facts.md §3) within a few
// percentage points, and the token shares of the LLM API segment (IDC).
func TestBaselineStartsCalibrated(t *testing.T) {
	_, r := openAndRun(t, "baseline")
	for _, tc := range []struct {
		company, segment, metric string
		want, tol                float64
		source                   string
	}{
		{"alibaba", "", market.MetricRevenueShare, 0.37, 0.04, "Omdia H1 2025 35.8%, full-year 2025 38.1%"},
		{"bytedance", "", market.MetricRevenueShare, 0.148, 0.03, "Omdia H1 2025 Volcano Engine 14.8%"},
		{"huawei-cloud", "", market.MetricRevenueShare, 0.131, 0.03, "Omdia H1 2025 13.1%"},
		{"tencent", "", market.MetricRevenueShare, 0.070, 0.02, "Omdia H1 2025 7.0%"},
		{"baidu", "", market.MetricRevenueShare, 0.061, 0.02, "Omdia H1 2025 6.1%"},
		{"bytedance", "llm-api", market.MetricVolumeShare, 0.492, 0.05, "IDC H1 2025 MaaS tokens 49.2%"},
		{"alibaba", "llm-api", market.MetricVolumeShare, 0.27, 0.05, "IDC H1 2025 MaaS tokens 27%"},
	} {
		v, ok := value(r, 0, tc.company, tc.segment, tc.metric)
		if !ok || math.Abs(v-tc.want) > tc.tol {
			t.Errorf("%s %s %s = %.3f in the first month, want %.3f ± %.2f (%s)",
				tc.company, tc.segment, tc.metric, v, tc.want, tc.tol, tc.source)
		}
	}
}

func value(r *market.Result, d market.Day, company, segment, metric string) (float64, bool) {
	for _, rec := range r.Records {
		if rec.Day == d && rec.Company == company && rec.Segment == segment && rec.Metric == metric {
			return rec.Value, true
		}
	}
	return 0, false
}

// The 2025 backtest reproduces the dated 2025 figures it can be expected
// to: revenue shares, market size, MaaS token counts and shares, and
// Nvidia's H20 revenue within ±35% (the stockpile ahead of the April 2025
// licence rule, and the few H20s bought against Beijing's guidance in
// August–October).
func TestHistoryBacktestFits(t *testing.T) {
	o, r := openAndRun(t, "history")
	targets, err := o.CalibrationTargets()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, row := range market.Fit(r, targets) {
		tg := row.Target
		var ok bool
		switch tg.Kind {
		case market.TargetRevenueShare, market.TargetVolumeShare:
			ok = math.Abs(row.Error) <= 0.06 // six percentage points
		case market.TargetSpend, market.TargetVolume:
			ok = math.Abs(row.RelError) <= 0.2
		case market.TargetRevenue:
			ok = math.Abs(row.RelError) <= 0.35
		default:
			continue
		}
		checked++
		if !ok {
			t.Errorf("%s: simulated %s, source %s (%s)", tg.Name, tg.Kind.Format(row.Simulated), tg.Kind.Format(tg.Value), tg.Source)
		}
	}
	if checked < 10 {
		t.Errorf("only %d targets checked; the history scenario should list the dated 2025 figures", checked)
	}
}

// openAndRun opens an embedded scenario and runs it with seed 1 (a shared
// run: see runScenario).
func openAndRun(t *testing.T, name string) (*scenarios.Opened, *market.Result) {
	t.Helper()
	o, err := scenarios.Open(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return o, runScenario(t, name, 1)
}

// Every pricing rule the agents know can be named in a scenario.
func TestEveryPricingRuleBuilds(t *testing.T) {
	for _, rule := range []string{"cost-plus", "match-lowest", "penetration", "hold", "best-response"} {
		const p = "providers.alibaba.strategy.pricing.llm-api."
		o, err := scenarios.Open("baseline", []string{p + "rule=" + rule, p + "from=2026-04-01", p + "to=2026-10-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := o.Build(); err != nil {
			t.Errorf("rule %s: %v", rule, err)
		}
	}
}
