package reports

import (
	"bytes"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// ensembleFixture is a small ensemble: two providers, Nvidia, one paid
// segment, six months.
func ensembleFixture() *Ensemble {
	e := &Ensemble{
		Scenario: "fixture", Title: "A <small> ensemble", Hash: "0123456789abcdef0123", Seed: 3, Runs: 40, Done: 40,
		Sampling:  "Latin hypercube",
		Companies: []market.CompanyInfo{{ID: "alibaba", Name: "Alibaba Cloud"}, {ID: "bytedance", Name: "ByteDance (Volcano Engine)"}, {ID: "nvidia", Name: "Nvidia", Supplier: true}},
		Segments:  []market.SegmentInfo{{ID: "llm-api", Name: "LLM API", Unit: "Mtok", Kind: market.Paid}},
		Params:    []EnsembleParam{{Path: "chips.h20.tdp", Value: "400 W", Low: "400 W", High: "550 W", Source: "facts §1"}},
		FinalYear: 2026, FinalMonths: 6,
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for m := range 6 {
		d := start.AddDate(0, m, 0)
		f := float64(m)
		band := func(company, segment, metric string, mid, spread float64) {
			e.Bands = append(e.Bands, Band{Date: d, Company: company, Segment: segment, Metric: metric, Runs: 40,
				P: [5]float64{mid - 2*spread, mid - spread, mid, mid + spread, mid + 2*spread}})
		}
		band("alibaba", "", market.MetricRevenueShare, 0.4+0.01*f, 0.01*f)
		band("alibaba", "", market.MetricRevenue, 1e9*(1+0.1*f), 1e8)
		band("bytedance", "", market.MetricRevenueShare, 0.6-0.01*f, 0.01*f)
		band("bytedance", "", market.MetricRevenue, 1.5e9, 2e8)
		band(market.Market, "llm-api", market.MetricPrice, 0.3-0.01*f, 0.02)
		band("nvidia", "", metricRevenue12m, 1e9*f, 1e8*f)
		band("nvidia", "", metricExportFees12m, 2.5e8*f, 2.5e7*f)
	}
	bins := make([]uint64, 50)
	bins[20], bins[21], bins[22] = 10, 20, 10
	e.Finals = []FinalOutcome{
		{Company: "alibaba", Metric: market.MetricRevenueShare, Runs: 40, P: [5]float64{0.41, 0.42, 0.43, 0.44, 0.45}, Bins: bins},
		{Company: "alibaba", Metric: market.MetricRevenue, Runs: 40, P: [5]float64{1e9, 1.1e9, 1.2e9, 1.3e9, 1.4e9}},
		{Company: "nvidia", Metric: market.MetricExportFees, Runs: 40},
	}
	return e
}

func TestWriteBandsCSV(t *testing.T) {
	e := ensembleFixture()
	var b bytes.Buffer
	if err := WriteBandsCSV(&b, e.Bands[:2]); err != nil {
		t.Fatal(err)
	}
	want := "date,company,segment,metric,runs,p5,p25,p50,p75,p95\n" +
		"2026-01-01,alibaba,total,revenue_share,40,0.4,0.4,0.4,0.4,0.4\n" +
		"2026-01-01,alibaba,total,revenue_usd,40,8e+08,9e+08,1e+09,1.1e+09,1.2e+09\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestEnsembleCharts checks that every chart is drawn, with its fixed
// name, as a PNG of the chart size, the same bytes on every call; and that
// an ensemble without the data of a chart still writes it, saying so.
func TestEnsembleCharts(t *testing.T) {
	e := ensembleFixture()
	charts, err := EnsembleCharts(e)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EnsembleCharts(e)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, c := range charts {
		names = append(names, c.Name)
		img, err := png.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if b := img.Bounds(); b.Dx() != chartWidth || b.Dy() < 300 {
			t.Errorf("%s is %v", c.Name, b)
		}
		if !bytes.Equal(c.PNG, again[i].PNG) {
			t.Errorf("%s differs between two renderings", c.Name)
		}
		if strings.HasPrefix(c.Title, "Nothing to show") {
			t.Errorf("%s: the fixture has its data, but the chart says %q", c.Name, c.Title)
		}
	}
	if !slices.Equal(names, EnsembleChartNames) {
		t.Errorf("chart names %q, want %q", names, EnsembleChartNames)
	}

	empty := &Ensemble{Scenario: "empty", Runs: 10}
	charts, err = EnsembleCharts(empty)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range charts {
		if c.Name != EnsembleChartNames[i] || !strings.HasPrefix(c.Title, "Nothing to show") {
			t.Errorf("empty ensemble: chart %d is %s %q", i, c.Name, c.Title)
		}
	}
}

func TestFanDataIndexesBands(t *testing.T) {
	d := newFanData(ensembleFixture())
	b := d.get("alibaba", "", market.MetricRevenueShare)
	if len(d.x) != 6 || d.x[1] != 31 || b == nil || b[2][5] != 0.45 || b[0][5] != 0.35 {
		t.Errorf("x %v, alibaba share band %v", d.x, b)
	}
	if d.get("alibaba", "llm-api", market.MetricPrice) != nil {
		t.Error("a series the ensemble lacks should be nil")
	}
	if got := minFinite([]float64{math.NaN(), 3, -1}); got != -1 {
		t.Errorf("minFinite = %v", got)
	}
}

func TestWriteEnsembleHTML(t *testing.T) {
	e := ensembleFixture()
	charts, err := EnsembleCharts(e)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteEnsembleHTML(&b, e, charts); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		"<h1>A &lt;small&gt; ensemble</h1>", "1, Latin hypercube, triangular distributions", "fixture</code>: 40 runs.", "<code>0123456789abcdef0123</code>",
		"<td>Alibaba Cloud</td><td>revenue share</td><td class=\"n\">41.0%</td>",
		"<td class=\"n\">$1.20B</td>", "<code>chips.h20.tdp</code>", "400 W to 550 W", "facts §1",
		"Bands in June 2026", `<img src="data:image/svg+xml,<svg `,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(html, "<td>Nvidia</td><td>export fees</td>") {
		t.Error("an outcome that is zero in every run should be left out")
	}
	if n := strings.Count(html, "<figure>"); n != len(EnsembleChartNames) {
		t.Errorf("report.html has %d figures, want %d", n, len(EnsembleChartNames))
	}

	e.Done, e.Shard = 10, "1/4"
	b.Reset()
	if err := WriteEnsembleHTML(&b, e, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "shard 1/4: 10 of the study&#39;s 40 runs") {
		t.Errorf("a shard's report should say so:\n%.600s", b.String())
	}
}

// TestFreedmanDiaconisBins checks the histogram's bin width: 2·IQR/∛runs,
// in whole stored bins, kept between a few and maxHistBins bars over the
// runs' P5–P95 span.
func TestFreedmanDiaconisBins(t *testing.T) {
	for _, c := range []struct {
		reason string
		runs   uint64
		p      [5]float64
		want   int
	}{
		{"IQR 10 points over 1000 runs: 2-point bins", 1000, [5]float64{0.2, 0.25, 0.3, 0.35, 0.4}, 20},
		{"IQR 1 point over 1000 runs: 0.2-point bins", 1000, [5]float64{0.02, 0.025, 0.03, 0.035, 0.04}, 2},
		{"a tight share still gets a few bars", 8, [5]float64{0.020, 0.0201, 0.0202, 0.0203, 0.024}, 1},
		{"a wide spread is capped at maxHistBins bars", 1e6, [5]float64{0, 0.2, 0.5, 0.8, 1}, 25},
	} {
		got := fdMerge(FinalOutcome{Runs: c.runs, P: c.p}, 1000)
		if got != c.want {
			t.Errorf("%s: merge %d stored bins, want %d", c.reason, got, c.want)
		}
	}
	if got := mergeBins([]uint64{1, 2, 3, 4, 5, 6}, 3); !slices.Equal(got, []uint64{6, 15}) {
		t.Errorf("mergeBins = %v", got)
	}
}
