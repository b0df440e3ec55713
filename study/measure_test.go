package study

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func buildConfig(t *testing.T, ref string) *market.Config {
	t.Helper()
	cfg, _ := buildScenario(t, ref)
	return cfg
}

// buildScenario opens the scenario ref with the --set arguments sets and
// builds it.
func buildScenario(t *testing.T, ref string, sets ...string) (*market.Config, []market.Agent) {
	t.Helper()
	o, err := scenarios.Open(ref, sets)
	if err != nil {
		t.Fatal(err)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cfg, agents
}

func TestParseMeasures(t *testing.T) {
	cfg := buildConfig(t, "baseline")
	ok := []struct {
		id, reason             string
		kind, company, segment string
		unit                   string
	}{
		{"revenue_share:alibaba", "the default form: share of the paid segments", "revenue_share", "alibaba", "", reports.UnitShare},
		{"revenue_share:alibaba:llm-api", "a paid segment's revenue share", "revenue_share", "alibaba", "llm-api", reports.UnitShare},
		{"volume_share:bytedance:llm-api", "tokens, where ByteDance leads", "volume_share", "bytedance", "llm-api", reports.UnitShare},
		{"volume_share:bytedance:consumer-assistant", "volume share needs no paid segment", "volume_share", "bytedance", "consumer-assistant", reports.UnitShare},
		{"revenue:nvidia", "a supplier's revenue", "revenue", "nvidia", "", reports.UnitUSD},
		{"revenue:alibaba", "a provider's revenue", "revenue", "alibaba", "", reports.UnitUSD},
		{"profit:alibaba", "a provider's profit", "profit", "alibaba", "", reports.UnitUSD},
		{"price:llm-api", "the market's average price", "price", "", "llm-api", reports.UnitPrice},
		{"price:alibaba:llm-api", "one provider's average price", "price", "alibaba", "llm-api", reports.UnitPrice},
		{"export_fees:nvidia", "Nvidia's fees to the US", "export_fees", "nvidia", "", reports.UnitUSD},
	}
	for _, c := range ok {
		ms, err := ParseMeasures([]string{c.id}, cfg)
		if err != nil {
			t.Errorf("%s (%s): %v", c.id, c.reason, err)
			continue
		}
		m := ms[0]
		if m.Kind != c.kind || m.Company != c.company || m.Segment != c.segment || m.Unit != c.unit || !strings.Contains(m.Label, "2030") {
			t.Errorf("%s (%s): got %+v", c.id, c.reason, m)
		}
	}
	bad := []struct{ id, reason, want string }{
		{"share:alibaba", "not a kind", `unknown kind "share"`},
		{"revenue_share", "no company", "want the form revenue_share:<provider>"},
		{"revenue_share:amazon", "not in the scenario", `"amazon" is not a provider`},
		{"revenue_share:nvidia", "a supplier has no revenue share", `"nvidia" is not a provider`},
		{"export_fees:alibaba", "a cloud pays no export fees", `"alibaba" is not a chip supplier`},
		{"price:consumer-assistant", "a free segment has no price", "is not paid"},
		{"volume_share:bytedance", "volume share needs a segment", "volume_share:<provider>:<segment>"},
		{"revenue:alibaba:", "an empty part", "want the form"},
		{"", "empty", "empty"},
	}
	for _, c := range bad {
		_, err := ParseMeasures([]string{c.id}, cfg)
		if err == nil {
			t.Errorf("%q (%s): no error", c.id, c.reason)
			continue
		}
		for _, want := range []string{c.want, "an outcome is one of revenue_share:<provider>", "providers: bytedance, alibaba", "chip suppliers: huawei, nvidia", "segments: llm-api"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q (%s): error lacks %q:\n%v", c.id, c.reason, want, err)
			}
		}
	}
}

func TestDefaultMeasures(t *testing.T) {
	for _, c := range []struct {
		ref, reason string
		want        []string
	}{
		{"baseline", "the issue's default", []string{"revenue_share:alibaba", "revenue_share:bytedance"}},
		{tiny, "no Alibaba or ByteDance: the first two providers", []string{"revenue_share:alpha", "revenue_share:beta"}},
	} {
		if got := DefaultMeasureIDs(buildConfig(t, c.ref)); !slices.Equal(got, c.want) {
			t.Errorf("%s (%s): got %q, want %q", c.ref, c.reason, got, c.want)
		}
	}
	ms, err := ParseMeasures([]string{"revenue:alpha", "revenue:alpha"}, buildConfig(t, tiny))
	if err != nil || len(ms) != 1 {
		t.Errorf("a repeated outcome should be kept once; got %d, %v", len(ms), err)
	}
}

// TestMeasuresAreRatiosOfFinalYearSums checks the evaluation against
// hand-computed values: only the final calendar year counts, and shares
// and prices are ratios of the year's sums, not means of monthly ratios.
func TestMeasuresAreRatiosOfFinalYearSums(t *testing.T) {
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	cfg := &market.Config{Start: start, Days: 120,
		Segments:  []market.Segment{{ID: "api", Name: "API", Unit: "Mtok", Kind: market.Paid}},
		Providers: []market.Provider{{ID: "a", Name: "A (detail)"}, {ID: "b", Name: "B"}},
		Suppliers: []market.Supplier{{ID: "n", Name: "N"}},
	}
	ms, err := ParseMeasures([]string{"revenue_share:a", "volume_share:a:api", "price:api", "price:a:api", "revenue:a", "export_fees:n"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Label != "A revenue share, 2026" {
		t.Errorf("label %q: want the short name and the final year", ms[0].Label)
	}
	cal := market.Calendar{Start: start}
	months := cal.MonthStarts(cfg.Days) // Nov, Dec 2025; Jan, Feb 2026
	r := &market.Result{Start: start, Months: months}
	put := func(m int, company, segment, metric string, v float64) {
		r.Records = append(r.Records, market.Record{Day: months[m], Company: company, Segment: segment, Metric: metric, Value: v})
	}
	for m := range 2 { // 2025: must not count
		put(m, "a", "", market.MetricRevenue, 1000)
		put(m, "a", "api", market.MetricVolume, 1000)
	}
	put(2, "a", "", market.MetricRevenue, 10) // a: 10 + 30 = 40 of 100
	put(3, "a", "", market.MetricRevenue, 30)
	put(2, "b", "", market.MetricRevenue, 30)
	put(3, "b", "", market.MetricRevenue, 30)
	put(2, "a", "api", market.MetricRevenue, 10)
	put(3, "a", "api", market.MetricRevenue, 30)
	put(2, "a", "api", market.MetricVolume, 1) // a: 4 of 10
	put(3, "a", "api", market.MetricVolume, 3)
	put(2, market.Market, "api", market.MetricVolume, 5)
	put(3, market.Market, "api", market.MetricVolume, 5)
	put(2, market.Market, "api", market.MetricSpend, 40)
	put(3, market.Market, "api", market.MetricSpend, 60)
	put(3, "n", "", market.MetricExportFees, 7)
	got := newEvaluator(ms).eval(r)
	want := []float64{0.4, 0.4, 10, 10, 40, 7}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("%s = %v, want %v", ms[i].ID, got[i], want[i])
		}
	}
}
