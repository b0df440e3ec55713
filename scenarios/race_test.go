package scenarios_test

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// runScenario opens, builds and runs an embedded scenario with overrides.
// A run is a pure function of its scenario and seed, so each is run once
// per test process and its result shared by the tests that ask for it
// again: they only read it. The tests that check a property at several
// seeds check it at the first in the plain run and at all of them in the
// long checks (testenv.Sample).
func runScenario(t *testing.T, ref string, seed uint64, sets ...string) *market.Result {
	t.Helper()
	key := fmt.Sprintf("%s %d %q", ref, seed, sets)
	v, _ := scenarioRuns.LoadOrStore(key, &sharedRun{})
	run := v.(*sharedRun)
	run.once.Do(func() { run.r, run.err = runFresh(ref, seed, sets) })
	if run.err != nil {
		t.Fatal(run.err)
	}
	return run.r
}

// sharedRun is one run runScenario made, or its error.
type sharedRun struct {
	once sync.Once
	r    *market.Result
	err  error
}

// scenarioRuns holds the runs runScenario made, by scenario, seed and
// overrides.
var scenarioRuns sync.Map

// runFresh opens, builds and runs an embedded scenario with overrides.
func runFresh(ref string, seed uint64, sets []string) (*market.Result, error) {
	o, err := scenarios.Open(ref, sets)
	if err != nil {
		return nil, err
	}
	cfg, ags, err := o.Build()
	if err != nil {
		return nil, err
	}
	return market.Run(cfg, ags, market.Options{Seed: seed})
}

// at returns a company's metric in the month of date (YYYY-MM).
func at(r *market.Result, month, company, segment, metric string) float64 {
	for _, rec := range r.Records {
		if rec.Company == company && rec.Segment == segment && rec.Metric == metric &&
			strings.HasPrefix(r.Date(rec.Day).Format("2006-01-02"), month) {
			return rec.Value
		}
	}
	return 0
}

// releases counts a company's releases in a year.
func releases(r *market.Result, company, year string) int {
	n := 0
	for _, e := range r.Log {
		if e.Kind == market.KindRelease && e.Actor == company && r.Date(e.Day).Format("2006") == year {
			n++
		}
	}
	return n
}

// The race runs through the horizon: the leading labs release a new
// generation every year to 2030, and capability keeps rising.
func TestRaceContinuesToTheHorizon(t *testing.T) {
	r := runScenario(t, "baseline", 1)
	for _, c := range []string{"bytedance", "alibaba", "western"} {
		for _, y := range []string{"2028", "2029", "2030"} {
			if releases(r, c, y) == 0 {
				t.Errorf("%s releases nothing in %s", c, y)
			}
		}
	}
	for _, c := range []string{"bytedance", "alibaba", "tencent", "baidu", "huawei-cloud", "others"} {
		c28, c30 := at(r, "2028-12", c, "llm-api", market.MetricCapability), at(r, "2030-12", c, "llm-api", market.MetricCapability)
		if c30 <= c28 {
			t.Errorf("%s's LLM capability %.1f in 2030 is not above %.1f in 2028", c, c30, c28)
		}
	}
}

// An export ban that cuts a lab's access to Nvidia's chips cuts its
// training compute and so slows its race: ByteDance, the largest Nvidia
// buyer, has a weaker model by 2029 than in the baseline.
func TestExportBanSlowsTheRace(t *testing.T) {
	t.Parallel()
	for _, seed := range testenv.Sample([]uint64{1, 2, 3}, 1) {
		base := runScenario(t, "baseline", seed)
		ban := runScenario(t, "export-ban", seed)
		b, x := at(base, "2029-06", "bytedance", "llm-api", market.MetricCapability), at(ban, "2029-06", "bytedance", "llm-api", market.MetricCapability)
		if x >= b {
			t.Errorf("seed %d: ByteDance's capability in mid-2029 %.1f under the export ban, %.1f without", seed, x, b)
		}
	}
}

// Money constrains: in every embedded scenario no provider's cash is below
// zero, and a provider that loses money every month draws on its parent
// (logged) or retrenches (logged).
func TestCashNeverNegativeAndLossesAreFunded(t *testing.T) {
	t.Parallel()
	for _, e := range scenarios.Catalogue() {
		name := e.Name
		r := runScenario(t, name, 1)
		for _, c := range r.Companies {
			if c.Supplier || strings.HasPrefix(c.ID, "western") {
				continue // the Western labs' China business is a sliver of a global lab's
			}
			neg, months := 0, 0
			for _, rec := range r.Records {
				if rec.Company != c.ID || rec.Segment != "" && rec.Segment != "total" {
					continue
				}
				switch rec.Metric {
				case market.MetricCash:
					if rec.Value < -1e-3 {
						t.Errorf("%s: %s has cash %.4g on %s", name, c.ID, rec.Value, r.Date(rec.Day).Format("2006-01"))
					}
				case market.MetricProfit:
					months++
					if rec.Value < 0 {
						neg++
					}
				}
			}
			if neg < months || months == 0 {
				continue
			}
			story := false
			for _, e := range r.Log {
				if e.Actor == c.ID && (strings.Contains(e.Summary, "draws") || strings.Contains(e.Cause, "retrench")) {
					story = true
				}
			}
			if !story {
				t.Errorf("%s: %s loses money in all %d months with no funding draw or retrenchment logged", name, c.ID, months)
			}
		}
	}
}

// A leap of the Western frontier raises the Chinese labs' R&D: the R&D rule
// answers the best model buyers can choose, Western included. The ceiling on
// R&D is lifted so that the baseline's own gap does not already saturate it.
func TestWesternLeapRaisesChineseRnD(t *testing.T) {
	t.Parallel()
	lift := []string{"providers.bytedance.strategy.rnd.max_multiple=20", "providers.alibaba.strategy.rnd.max_multiple=20"}
	for _, seed := range testenv.Sample([]uint64{1, 2, 3}, 1) {
		base := runScenario(t, "baseline", seed, lift...)
		leap := runScenario(t, "baseline", seed, append(lift, "models.frontier-2026.capability=100")...)
		for _, c := range []string{"bytedance", "alibaba"} {
			b, l := at(base, "2026-10", c, "", market.MetricRnD), at(leap, "2026-10", c, "", market.MetricRnD)
			if l <= b*1.05 {
				t.Errorf("seed %d: %s's R&D in October 2026 %.3g with a frontier leap, %.3g without", seed, c, l, b)
			}
		}
	}
}

// Money constrains capex: with a smaller parent, ByteDance buys fewer chips.
func TestSmallerFundingBuysFewerChips(t *testing.T) {
	for _, seed := range testenv.Sample([]uint64{1, 2, 3}, 1) {
		base := runScenario(t, "baseline", seed)
		poor := runScenario(t, "baseline", seed, "providers.bytedance.funding.limit=$5B")
		b, p := at(base, "2029-12", "bytedance", "", market.MetricFleet), at(poor, "2029-12", "bytedance", "", market.MetricFleet)
		if p >= b*0.95 {
			t.Errorf("seed %d: ByteDance's fleet at the end of 2029 %.4g chips with $5B of funding, %.4g with $40B", seed, p, b)
		}
	}
}

// Buyers who fear a cut-off stockpile: in the 2025 backtest, the early-2025
// fear raises Nvidia's H20 revenue before the April rule.
func TestFearOfACutOffStockpiles(t *testing.T) {
	h20 := func(r *market.Result) float64 {
		var v float64
		for _, rec := range r.Records {
			if rec.Company == "nvidia" && rec.Metric == market.MetricRevenue && (rec.Segment == "" || rec.Segment == "total") {
				if m := r.Date(rec.Day).Format("2006-01"); m >= "2025-02" && m <= "2025-04" {
					v += rec.Value
				}
			}
		}
		return v
	}
	calm := []string{"providers.bytedance.strategy.sourcing.risk.prior=20%", "providers.alibaba.strategy.sourcing.risk.prior=20%",
		"providers.tencent.strategy.sourcing.risk.prior=20%", "providers.others.strategy.sourcing.risk.prior=20%"}
	for _, seed := range testenv.Sample([]uint64{1, 2}, 1) {
		fear, quiet := h20(runScenario(t, "history", seed)), h20(runScenario(t, "history", seed, calm...))
		if fear <= 1.5*quiet {
			t.Errorf("seed %d: Nvidia's Feb-Apr 2025 revenue $%.3gB with the fear, $%.3gB without", seed, fear/1e9, quiet/1e9)
		}
	}
}

// Chip vendors price every quarter: Nvidia, Huawei and T-Head each change
// their China prices many times over five years, on average over three
// seeds. One run can see a vendor change only once: below its supply a
// vendor's best price is a steady markup on its cost, so it moves only when
// supply binds or rivals' price-performance shifts enough.
func TestChipVendorsRepriceEveryQuarter(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	n := map[string]int{}
	for _, seed := range seeds {
		for _, e := range runScenario(t, "baseline", seed).Log {
			if strings.Contains(e.Cause, "line price") {
				n[e.Actor]++
			}
		}
	}
	for _, v := range []string{"nvidia", "huawei", "t-head"} {
		if n[v] < 3*len(seeds) {
			t.Errorf("%s changed its prices %d times in %d runs of five years, want at least 3 a run", v, n[v], len(seeds))
		}
	}
}

// Strategies differ: in the baseline's 2029 LLM API prices at most two
// domestic clouds share one price path (the rules no longer force herding).
func TestDomesticPricePathsDiffer(t *testing.T) {
	r := runScenario(t, "baseline", 1)
	paths := map[string][]float64{}
	for _, rec := range r.Records {
		if rec.Segment == "llm-api" && rec.Metric == market.MetricPrice && rec.Company != market.Market &&
			!strings.HasPrefix(rec.Company, "western") && r.Date(rec.Day).Format("2006") == "2029" {
			paths[rec.Company] = append(paths[rec.Company], rec.Value)
		}
	}
	same := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-3*math.Max(a[i], b[i]) {
				return false
			}
		}
		return len(a) == len(b)
	}
	for a, pa := range paths {
		n := 0
		for _, pb := range paths {
			if same(pa, pb) {
				n++
			}
		}
		if n > 2 {
			t.Errorf("%d domestic clouds share %s's 2029 LLM price path", n, a)
		}
	}
	if len(paths) < 5 {
		t.Errorf("only %d domestic price paths in 2029", len(paths))
	}
}
