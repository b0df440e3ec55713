package scenarios_test

import (
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// runScenario opens, builds and runs an embedded scenario with overrides.
func runScenario(t *testing.T, ref string, seed uint64, sets ...string) *market.Result {
	t.Helper()
	o, err := scenarios.Open(ref, sets)
	if err != nil {
		t.Fatal(err)
	}
	cfg, ags, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := market.Run(cfg, ags, market.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return r
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
	for _, seed := range []uint64{1, 2, 3} {
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
