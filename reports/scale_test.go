package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// manyProviders is a synthetic run of n providers over five years: every
// provider serves the paid LLM segment with a share that drifts, and has
// revenue, profit, cash, a fleet of one of two chips, a price and a model
// release, so every chart that lists providers lists all n.
func manyProviders(n int) *market.Result {
	r := &market.Result{
		Scenario: "many", Seed: 1,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Days: 1826,
		Segments: []market.SegmentInfo{
			{ID: "llm-api", Name: "LLM API", Unit: "Mtok", Kind: market.Paid},
			{ID: "assistant", Name: "Assistants", Unit: "MAU", Kind: market.Users},
		},
		Chips: []market.ChipInfo{{ID: "c1", Name: "Chip One", Vendor: "chipco"}, {ID: "c2", Name: "Chip Two", Vendor: "chipco", Domestic: true}},
	}
	for i := range n {
		r.Companies = append(r.Companies, market.CompanyInfo{ID: fmt.Sprintf("p%03d", i), Name: fmt.Sprintf("Provider Number %03d Cloud", i)})
	}
	r.Companies = append(r.Companies, market.CompanyInfo{ID: "chipco", Name: "ChipCo", Supplier: true})
	r.Months = market.Calendar{Start: r.Start}.MonthStarts(r.Days)
	add := func(d market.Day, company, segment, metric string, v float64) {
		r.Records = append(r.Records, market.Record{Day: d, Company: company, Segment: segment, Metric: metric, Value: v})
	}
	weight := func(i, t int) float64 { return float64(1+(i*7+t)%13) * float64(n-i) }
	for t, d := range r.Months {
		var total float64
		for i := range n {
			total += weight(i, t)
		}
		spend := 1e9 * float64(t+1)
		for i, c := range r.Companies[:n] {
			share := weight(i, t) / total
			add(d, c.ID, "llm-api", market.MetricVolume, 1e6*share)
			add(d, c.ID, "llm-api", market.MetricVolumeShare, share)
			add(d, c.ID, "llm-api", market.MetricRevenue, spend*share)
			add(d, c.ID, "llm-api", market.MetricRevenueShare, share)
			add(d, c.ID, "llm-api", market.MetricPrice, 0.2+0.01*float64(i%10))
			add(d, c.ID, "assistant", market.MetricVolumeShare, share)
			add(d, c.ID, "", market.MetricRevenue, spend*share)
			add(d, c.ID, "", market.MetricRevenueShare, share)
			add(d, c.ID, "", market.MetricProfit, spend*share/4-1e7)
			add(d, c.ID, "", market.MetricCash, 1e9+spend*share)
			add(d, c.ID, []string{"c1", "c2"}[i%2], market.MetricFleet, 1000*float64(1+i%5))
			add(d, c.ID, "", market.MetricCapability, 50+float64(i%30)+float64(t)/2)
		}
		add(d, market.Market, "llm-api", market.MetricSpend, spend)
		add(d, "chipco", "c1", market.MetricUnitsSold, 1000*float64(t))
		add(d, "chipco", "", market.MetricRevenue, 2.5e7*float64(t))
		add(d, "chipco", "", market.MetricExportFees, 0.25*2.5e7*float64(t))
		add(d, "chipco", "", market.MetricChinaShare, 1)
	}
	for i, c := range r.Companies[:n] {
		r.Log = append(r.Log, market.Entry{Day: market.Day(30 + 8*i), Kind: market.KindRelease, Actor: c.ID, Summary: c.Name + " releases a model"})
	}
	return r
}

// manyEnsemble is a synthetic ensemble of the run manyProviders(n): its
// bands are the run's values with a spread, and every provider has a
// final-share histogram.
func manyEnsemble(n int) *Ensemble {
	r := manyProviders(n)
	e := &Ensemble{Scenario: "many", Runs: 100, Done: 100, Companies: r.Companies, Segments: r.Segments, FinalYear: 2030, FinalMonths: 12}
	cal := market.Calendar{Start: r.Start}
	for _, rec := range r.Records {
		if rec.Segment != "" || (rec.Metric != market.MetricRevenueShare && rec.Metric != market.MetricRevenue) {
			continue
		}
		v := rec.Value
		e.Bands = append(e.Bands, Band{Date: cal.Date(rec.Day), Company: rec.Company, Metric: rec.Metric, Runs: 100,
			P: [5]float64{0.6 * v, 0.8 * v, v, 1.2 * v, 1.4 * v}})
	}
	for i, c := range r.Companies[:n] {
		bins := make([]uint64, 50)
		bins[i%50] = 100
		s := float64(i%50) / 50
		e.Finals = append(e.Finals, FinalOutcome{Company: c.ID, Metric: market.MetricRevenueShare, Runs: 100, P: [5]float64{s, s, s, s, s}, Bins: bins})
	}
	return e
}

// TestChartsOf200Providers draws every chart of a run and of an ensemble
// with 200 providers, the scenario limit (28 used to hang the fleet
// chart for minutes), and checks that they finish in bounded time with
// legends and grids that name at most a dozen clouds. It is a long check
// (AICLOUDSIM_LONG_TESTS=1).
func TestChartsOf200Providers(t *testing.T) {
	if testenv.Race {
		t.Skip("draws 20 large charts: minutes under the race detector; TestChartsAreByteIdentical races renderAll")
	}
	testenv.SkipUnlessLong(t, "draws 20 charts of 200 providers")
	const n = 200
	start := time.Now()
	d := newChartData(manyProviders(n))
	figs := []*figure{d.financeFigure(), d.fleetFigure(), d.volumeShareFigure("llm-api")}
	figs = append(figs, d.shareFigures()...)
	figs = append(figs, d.priceFigures()...)
	for _, f := range figs {
		if f == nil {
			t.Fatal("a chart of the 200-provider run is missing")
		}
		panels := 0
		for _, row := range f.panels {
			for _, p := range row {
				if p != nil {
					panels++
				}
			}
		}
		if panels > maxNamed {
			t.Errorf("%s has %d panels; want at most %d", f.name, panels, maxNamed)
		}
	}
	if l := len(d.fleetFigure().panels); l > 4 {
		t.Errorf("the fleet chart has %d rows of panels", l)
	}
	if fin := d.financeFigure(); len(fin.legend) > maxNamed+3 {
		t.Errorf("%s names %d lines; want at most %d and one for the others", fin.name, len(fin.legend), maxNamed)
	}
	charts, err := Charts(manyProviders(n), nil)
	if err != nil {
		t.Fatal(err)
	}
	ens, err := EnsembleCharts(manyEnsemble(n))
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) < 6 || len(ens) != len(EnsembleChartNames) {
		t.Errorf("%d run charts and %d ensemble charts", len(charts), len(ens))
	}
	for _, c := range append(charts, ens[0], ens[1], ens[4]) { // the synthetic ensemble has no prices or Nvidia
		checkPNG(t, c)
	}
	if took := time.Since(start); took > 60*time.Second {
		t.Errorf("drawing the charts of 200 providers took %v", took)
	}
}
