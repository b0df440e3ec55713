package reports

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

var (
	shareOutcome = OutcomeInfo{ID: "revenue_share:alibaba", Label: "Alibaba Cloud revenue share, 2030", Unit: UnitShare, Company: "alibaba"}
	moneyOutcome = OutcomeInfo{ID: "revenue:nvidia", Label: "Nvidia revenue, 2030", Unit: UnitUSD, Company: "nvidia"}
	priceOutcome = OutcomeInfo{ID: "price:llm-api", Label: "LLM API average price, 2030", Unit: UnitPrice, Per: "Mtok"}
)

func TestExactStats(t *testing.T) {
	for _, c := range []struct {
		reason string
		xs     []float64
		want   Stats
	}{
		{"interpolates at rank q·(n−1)", []float64{5, 1, 4, 2, 3}, Stats{Runs: 5, Mean: 3, P: [5]float64{1.2, 2, 3, 4, 4.8}}},
		{"one run: every quantile is the run", []float64{7}, Stats{Runs: 1, Mean: 7, P: [5]float64{7, 7, 7, 7, 7}}},
		{"NaNs are left out", []float64{math.NaN(), 2, 4}, Stats{Runs: 2, Mean: 3, P: [5]float64{2.1, 2.5, 3, 3.5, 3.9}}},
	} {
		got := ExactStats(c.xs)
		for i := range got.P {
			if math.Abs(got.P[i]-c.want.P[i]) > 1e-12 {
				t.Errorf("%s: %+v, want %+v", c.reason, got, c.want)
				break
			}
		}
		if got.Runs != c.want.Runs || got.Mean != c.want.Mean {
			t.Errorf("%s: %+v, want %+v", c.reason, got, c.want)
		}
	}
	if s := ExactStats(nil); s.Runs != 0 || !math.IsNaN(s.Mean) || !math.IsNaN(s.P[2]) {
		t.Errorf("no values: %+v, want NaN", s)
	}
}

func TestFormatDelta(t *testing.T) {
	for _, c := range []struct {
		o    OutcomeInfo
		d    float64
		want string
	}{
		{shareOutcome, -0.0767, "−7.67 pp"},
		{shareOutcome, 0.123, "+12.3 pp"},
		{shareOutcome, 0.00001, "0.00 pp"},
		{moneyOutcome, -1.5e9, "−$1.50B"},
		{moneyOutcome, 0, "$0"},
		{priceOutcome, 0.0123, "+$0.0123/Mtok"},
		{shareOutcome, math.NaN(), "n/a"},
	} {
		if got := c.o.FormatDelta(c.d); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.o.ID, c.d, got, c.want)
		}
	}
	if got := shareOfGap(-0.001, 1); got != "0%" {
		t.Errorf("a tiny negative share reads %q, want 0%%", got)
	}
}

// sweepFixture is a sweep of one or two axes with three runs a point.
func sweepFixture(axes int) *Sweep {
	s := &Sweep{Scenario: "fixture", Hash: "0123456789abcdef", Seed: 1, Runs: 3, Outcomes: []OutcomeInfo{shareOutcome, priceOutcome}}
	s.Axes = []SweepAxis{{Path: "chips.zhenwu-810e.memory_bandwidth", Unit: "TB/s", Canonical: []float64{700, 1200, 1700, 2200},
		Values: []float64{0.7, 1.2, 1.7, 2.2}, Text: []string{"0.7 TB/s", "1.2 TB/s", "1.7 TB/s", "2.2 TB/s"}, Base: 1.8, Low: 0.7, High: 2}}
	if axes == 2 {
		s.Axes = append(s.Axes, SweepAxis{Path: "chips.zhenwu-810e.price", Money: true, Canonical: []float64{8e3, 1e4, 1.3e4},
			Values: []float64{8e3, 1e4, 1.3e4}, Text: []string{"$8K", "$10K", "$13K"}, Base: 1e4, Low: math.NaN(), High: math.NaN()})
	}
	n := 1
	for _, a := range s.Axes {
		n *= len(a.Values)
	}
	for p := range n {
		idx := []int{p}
		if axes == 2 {
			idx = []int{p / 3, p % 3}
		}
		v := 0.38 + 0.03*float64(idx[0])
		if axes == 2 {
			v += 0.01 * float64(idx[1])
		}
		s.Points = append(s.Points, SweepPoint{Index: idx, Stats: []Stats{ExactStats([]float64{v - 0.01, v, v + 0.02}), ExactStats([]float64{0.2, 0.21, 0.22})}})
	}
	return s
}

func TestSweepCharts(t *testing.T) {
	for _, c := range []struct {
		axes int
		want []string
	}{
		{1, []string{"sweep-revenue_share-alibaba.png", "sweep-price-llm-api.png"}},
		{2, []string{"heatmap-revenue_share-alibaba.png", "heatmap-price-llm-api.png"}},
	} {
		s := sweepFixture(c.axes)
		charts, err := SweepCharts(s)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := SweepCharts(s)
		if got := names(charts); !slices.Equal(got, c.want) {
			t.Errorf("%d axes: charts %q, want %q", c.axes, got, c.want)
		}
		for i, ch := range charts {
			checkPNG(t, ch)
			if !bytes.Equal(ch.PNG, again[i].PNG) {
				t.Errorf("%s differs between two renderings", ch.Name)
			}
		}
		var csv, html bytes.Buffer
		if err := WriteSweepCSV(&csv, s); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
		if len(lines) != 1+2*len(s.Points) || !strings.HasPrefix(lines[1], "0,700,") {
			t.Errorf("%d axes: sweep.csv has %d lines starting %q", c.axes, len(lines), lines[:2])
		}
		if err := WriteSweepHTML(&html, s, charts); err != nil {
			t.Fatal(err)
		}
		checkPage(t, html.String(), len(charts))
	}
}

// checkPage checks a study page: complete, self-contained, every chart
// embedded.
func checkPage(t *testing.T, page string, charts int) {
	t.Helper()
	if !strings.HasSuffix(strings.TrimSpace(page), "</html>") || strings.Contains(page, "<script") ||
		strings.Contains(dataRE.ReplaceAllString(page, `src="data:"`), "http") {
		t.Error("the page is not a complete, self-contained document")
	}
	if n := strings.Count(page, `<img src="data:image/svg+xml,<svg `); n != charts {
		t.Errorf("the page embeds %d charts, want %d", n, charts)
	}
}

func sensitivityFixture() *Sensitivity {
	s := &Sensitivity{Scenario: "fixture", Hash: "0123456789abcdef", Seed: 1, Runs: 2, Outcomes: []OutcomeInfo{shareOutcome, moneyOutcome},
		Base: []float64{0.47, 6e9}, OATRuns: 7, MorrisRuns: 40, Trajectories: 10, Levels: 4}
	for i, path := range []string{"costs.pue", "chips.zhenwu-810e.memory_bandwidth", "models.qwen4.capability"} {
		s.Params = append(s.Params, SensitivityParam{Path: path, Unit: "number", Value: 1, Low: 0, High: 2,
			ValueText: "1", LowText: "0", HighText: strings.Repeat("2", i+1)})
	}
	s.OAT = [][]OATEffect{
		{{0.46, 0.48}, {0.40, 0.49}, {0.45, 0.52}},
		{{5.9e9, 6.1e9}, {6.5e9, 5.5e9}, {6e9, 6e9}},
	}
	s.Morris = [][]MorrisEffect{
		{{0.01, 0.01, 0.002}, {0.07, 0.08, 0.03}, {0.05, 0.06, 0.05}},
		{{1e8, 2e8, 1e8}, {-9e8, 1e9, 3e8}, {0, 0, 0}},
	}
	return s
}

func TestSensitivityCharts(t *testing.T) {
	s := sensitivityFixture()
	charts, err := SensitivityCharts(s, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"tornado-revenue_share-alibaba.png", "morris-revenue_share-alibaba.png", "tornado-revenue-nvidia.png", "morris-revenue-nvidia.png"}
	if got := names(charts); !slices.Equal(got, want) {
		t.Errorf("charts %q, want %q", got, want)
	}
	for _, c := range charts {
		checkPNG(t, c)
	}
	if got := s.OATOrder(0); !slices.Equal(got, []int{1, 2, 0}) {
		t.Errorf("tornado order %v, want by swing: bandwidth (9 pp), capability (7 pp), pue (2 pp)", got)
	}
	var oat, morris, html bytes.Buffer
	if err := WriteOATCSV(&oat, s); err != nil {
		t.Fatal(err)
	}
	if err := WriteMorrisCSV(&morris, s); err != nil {
		t.Fatal(err)
	}
	if l := strings.Split(oat.String(), "\n"); !strings.HasPrefix(l[1], "revenue_share:alibaba,chips.zhenwu-810e.memory_bandwidth,number,0,1,2,0.4,0.47,0.49,") || !strings.HasSuffix(l[1], ",1") {
		t.Errorf("sensitivity.csv starts %q", l[:2])
	}
	if l := strings.Split(morris.String(), "\n"); l[0] != "outcome,parameter,mu,mu_star,sigma,trajectories,rank" || !strings.HasPrefix(l[1], "revenue_share:alibaba,chips.zhenwu-810e.memory_bandwidth,0.07,0.08,") {
		t.Errorf("morris.csv starts %q", l[:2])
	}
	if err := WriteSensitivityHTML(&html, s, charts); err != nil {
		t.Fatal(err)
	}
	checkPage(t, html.String(), len(charts))
}

func comparisonFixture(runs int) *Comparison {
	e := ensembleFixture()
	c := &Comparison{Seed: 1, Runs: runs, AttributionRuns: 1, Companies: e.Companies, Segments: e.Segments,
		Outcomes: []OutcomeInfo{shareOutcome, moneyOutcome}, Attributed: []int{0}, FinalYear: 2026}
	st := func(v float64) Stats { return ExactStats([]float64{v, v * 1.1, v * 0.9}) }
	c.Scenarios = []ComparedScenario{{Name: "baseline", Hash: "0123456789abcdef", Bands: e.Bands, Stats: []Stats{st(0.47), st(6e9)}}}
	var bands []Band
	for _, b := range e.Bands {
		b.P = [5]float64{b.P[0] * 0.9, b.P[1] * 0.9, b.P[2] * 0.9, b.P[3] * 0.9, b.P[4] * 0.9}
		bands = append(bands, b)
	}
	c.Scenarios = append(c.Scenarios, ComparedScenario{Name: "what-if", Hash: "fedcba9876543210", Bands: bands,
		Stats: []Stats{st(0.40), st(5e9)}, Deltas: []Stats{st(-0.07), st(-1e9)},
		Inputs: []CompareInput{{Path: "chips.zhenwu-810e.memory_bandwidth", Paths: []string{"chips.zhenwu-810e.memory_bandwidth"}, Kind: "number", A: "1.8 TB/s", B: "0.7 TB/s"},
			{Path: "events", Paths: []string{"events"}, Kind: "list", A: "4 entries", B: "6 entries"}},
		Groups:      []AttributionGroup{{Name: "chips.zhenwu-810e.memory_bandwidth", Inputs: []int{0}}, {Name: "events", Inputs: []int{1}, Alone: "needs a chip"}},
		Attribution: []Attribution{{Outcome: 0, A: 0.47, B: 0.40, Effects: []float64{-0.06, math.NaN()}}}})
	return c
}

func TestCompareCharts(t *testing.T) {
	for _, runs := range []int{1, 40} {
		c := comparisonFixture(runs)
		charts, err := CompareCharts(c)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"compare-revenue-share.png", "compare-revenue.png", "compare-price.png", "compare-nvidia.png",
			"compare-change.png", "attribution-revenue_share-alibaba.png"}
		if got := names(charts); !slices.Equal(got, want) {
			t.Errorf("charts %q, want %q (no profit series in the fixture)", got, want)
		}
		for _, ch := range charts {
			checkPNG(t, ch)
		}
		var html, att, diff bytes.Buffer
		if err := WriteCompareHTML(&html, c, charts); err != nil {
			t.Fatal(err)
		}
		checkPage(t, html.String(), len(charts))
		if err := WriteAttributionCSV(&att, c); err != nil {
			t.Fatal(err)
		}
		wantAtt := "scenario,outcome,group,reference_value,value,effect,share_of_gap\n" +
			"what-if,revenue_share:alibaba,chips.zhenwu-810e.memory_bandwidth,0.47,0.4,-0.06," + formatFloat(-0.06/c.Scenarios[1].Attribution[0].Gap()) + "\n" +
			"what-if,revenue_share:alibaba,events,0.47,0.4,NaN,NaN\n"
		if !strings.HasPrefix(att.String(), wantAtt) || !strings.Contains(att.String(), "(interaction)") {
			t.Errorf("attribution.csv:\n%s\nwant it to start\n%s", att.String(), wantAtt)
		}
		if err := WriteDiffText(&diff, c); err != nil {
			t.Fatal(err)
		}
		if want := "what-if against baseline, after extends and --set:\n  chips.zhenwu-810e.memory_bandwidth: 1.8 TB/s → 0.7 TB/s\n  events: 4 entries → 6 entries\n"; diff.String() != want {
			t.Errorf("diff.txt:\n%s\nwant\n%s", diff.String(), want)
		}
	}
}

// TestAttributionAddsUp: the inputs' effects and the interaction add up
// to the gap; an effect that is unknown is left to the interaction.
func TestAttributionAddsUp(t *testing.T) {
	a := Attribution{A: 1, B: 4, Effects: []float64{1, math.NaN(), 0.5}}
	if a.Gap() != 3 || a.Interaction() != 1.5 {
		t.Errorf("gap %v, interaction %v; want 3 and 1.5", a.Gap(), a.Interaction())
	}
}
