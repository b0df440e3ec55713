package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// chartRun caches one baseline run (seed 1) and its serving table: the
// chart tests only read them.
var chartRun struct {
	once  sync.Once
	r     *market.Result
	table []hardware.Serving
	err   error
}

// baselineRun returns the cached baseline result and serving table.
func baselineRun(tb testing.TB) (*market.Result, []hardware.Serving) {
	tb.Helper()
	chartRun.once.Do(func() {
		chartRun.r, chartRun.table, chartRun.err = runScenario("baseline")
	})
	if chartRun.err != nil {
		tb.Fatal(chartRun.err)
	}
	return chartRun.r, chartRun.table
}

// baselineCharts caches the charts of the cached baseline run, drawn once
// for the tests that only read them.
var baselineCharts struct {
	once   sync.Once
	charts []Chart
	err    error
}

// drawnBaseline returns the cached charts of the cached baseline run.
func drawnBaseline(tb testing.TB) []Chart {
	tb.Helper()
	r, table := baselineRun(tb)
	baselineCharts.once.Do(func() {
		baselineCharts.charts, baselineCharts.err = Charts(r, table)
	})
	if baselineCharts.err != nil {
		tb.Fatal(baselineCharts.err)
	}
	return baselineCharts.charts
}

// runScenario runs an embedded scenario with seed 1 and builds the roofline
// table of its chips and models, as the CLI does.
func runScenario(name string) (*market.Result, []hardware.Serving, error) {
	o, err := scenarios.Open(name, nil)
	if err != nil {
		return nil, nil, err
	}
	cfg, ags, err := o.Build()
	if err != nil {
		return nil, nil, err
	}
	r, err := market.Run(cfg, ags, market.Options{Seed: 1})
	if err != nil {
		return nil, nil, err
	}
	ws := make([]hardware.Workload, len(cfg.Models))
	for i, m := range cfg.Models {
		ws[i] = m.Workload
	}
	return r, hardware.Table(cfg.Chips, ws, cfg.Costs), nil
}

func names(cs []Chart) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func TestChartsBaseline(t *testing.T) {
	t.Parallel()
	charts := drawnBaseline(t)
	want := []string{
		"market-size.png", "share-llm-api.png", "share-multimodal-api.png", "share-compute-rental.png", "share-total.png",
		"volume-vs-revenue-share-llm-api.png", "revenue-profit.png",
		"price-llm-api.png", "price-multimodal-api.png", "price-compute-rental.png",
		"fleet-by-chip.png", "domestic-share.png", "serving-cost.png", "capability.png",
		"users-consumer-assistant.png", "adoption-global-open-models.png", "nvidia-china.png", "unmet-utilisation.png", "timeline.png",
	}
	if got := names(charts); !slices.Equal(got, want) {
		t.Errorf("charts\n got %q\nwant %q", got, want)
	}
	for _, c := range charts {
		checkPNG(t, c)
	}
}

// checkPNG fails unless c is a PNG of at least 1200 × 700 pixels with a
// title, a caption and data drawn on it: more than 1% of it inked, and
// some of that in colour (all data is drawn in colour; text, axes and grid
// are grey).
func checkPNG(t *testing.T, c Chart) {
	t.Helper()
	if c.Title == "" || c.Caption == "" {
		t.Errorf("%s: title %q, caption %q", c.Name, c.Title, c.Caption)
	}
	img, err := png.Decode(bytes.NewReader(c.PNG))
	if err != nil {
		t.Errorf("%s: %v", c.Name, err)
		return
	}
	b := img.Bounds()
	if b.Dx() < 1200 || b.Dy() < 700 {
		t.Errorf("%s: %d×%d pixels, want at least 1200×700", c.Name, b.Dx(), b.Dy())
	}
	if ink, colour := inkFraction(img); ink < 0.01 || colour < 0.0002 {
		t.Errorf("%s: %.2f%% of the pixels inked, %.2f%% in colour: is it empty?", c.Name, 100*ink, 100*colour)
	}
}

// inkFraction returns the shares of pixels, sampled on a 4-pixel grid,
// that are not white and that are coloured rather than grey.
func inkFraction(img image.Image) (ink, colour float64) {
	b := img.Bounds()
	var n, inked, coloured int
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			n++
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				inked++
			}
			if max(r, g, bl)-min(r, g, bl) > 0x3000 {
				coloured++
			}
		}
	}
	return float64(inked) / float64(n), float64(coloured) / float64(n)
}

// TestChartsAreByteIdentical: a second run of the same scenario and seed
// draws the same charts, byte for byte. Only when they differ does it draw
// the first run's charts again, to tell a render that differs from a run
// that does.
func TestChartsAreByteIdentical(t *testing.T) {
	t.Parallel()
	r, table := baselineRun(t)
	first := drawnBaseline(t)
	r2, table2, err := runScenario("baseline")
	if err != nil {
		t.Fatal(err)
	}
	third, err := Charts(r2, table2)
	if err != nil {
		t.Fatal(err)
	}
	var second []Chart
	for i, c := range first {
		if bytes.Equal(c.PNG, third[i].PNG) {
			continue
		}
		if second == nil {
			if second, err = Charts(r, table); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(c.PNG, second[i].PNG) {
			t.Errorf("%s: two renders of one result differ", c.Name)
		} else {
			t.Errorf("%s: renders of two runs with the same seed differ", c.Name)
		}
	}
}

func TestChartsLeaveOutMissingData(t *testing.T) {
	// The tiny run has one paid segment, no fleets, no capability, no
	// Nvidia, no utilisation and no serving table.
	charts, err := Charts(tinyResult(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"market-size.png", "share-llm-api.png", "share-total.png", "volume-vs-revenue-share-llm-api.png",
		"revenue-profit.png", "price-llm-api.png", "adoption-open.png", "timeline.png",
	}
	if got := names(charts); !slices.Equal(got, want) {
		t.Errorf("charts\n got %q\nwant %q", got, want)
	}
	for _, c := range charts {
		checkPNG(t, c)
	}

	empty := &market.Result{Scenario: "empty", Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	charts, err = Charts(empty, nil)
	if err != nil || len(charts) != 0 {
		t.Errorf("empty result: %q, %v; want no charts and no error", names(charts), err)
	}
}

func TestShareStacksAddUpToAll(t *testing.T) {
	r, _ := baselineRun(t)
	d := newChartData(r)
	segments := []string{""}
	for _, s := range r.Segments {
		if s.Kind == market.Paid {
			segments = append(segments, s.ID)
		}
	}
	for _, seg := range segments {
		st := d.shareStack(seg)
		for i := range d.x {
			var sum float64
			for _, l := range st.values {
				sum += l[i]
			}
			if math.Abs(sum-100) > 1e-9 {
				t.Errorf("segment %q, %s: shares add up to %.12g%%, want 100%%", seg, r.Date(r.Months[i]).Format(time.DateOnly), sum)
			}
		}
	}
}

func TestFleetStacksAddUpToFleet(t *testing.T) {
	r, _ := baselineRun(t)
	d := newChartData(r)
	for _, id := range d.providerIDs() {
		st := d.fleetStack(id)
		total := d.zeros(id, "", market.MetricFleet)
		if total == nil {
			if len(st.ids) > 0 {
				t.Errorf("%s: chips by chip without a fleet total", id)
			}
			continue // the Western labs serve from abroad
		}
		for i := range d.x {
			var sum float64
			for _, l := range st.values {
				sum += l[i]
			}
			if want := total[i] / 1e3; math.Abs(sum-want) > 1e-9*max(1, want) {
				t.Errorf("%s, %s: chips by chip add up to %g thousand, fleet is %g thousand",
					id, r.Date(r.Months[i]).Format(time.DateOnly), sum, want)
			}
		}
	}
}

// TestChartDataGolden pins the numbers behind a few charts of the baseline
// run. Regenerate with `go test ./reports -update` and review the diff.
func TestChartDataGolden(t *testing.T) {
	r, table := baselineRun(t)
	d := newChartData(r)
	goldenChart(t, "share-llm-api.tsv", d.stackTSV(d.shareStack("llm-api")))
	goldenChart(t, "share-total.tsv", d.stackTSV(d.shareStack("")))
	goldenChart(t, "fleet-bytedance.tsv", d.stackTSV(d.fleetStack("bytedance")))
	goldenChart(t, "serving-cost.tsv", textCosts(table).tsv())
	goldenChart(t, "timeline.tsv", d.timelineTSV())
}

// goldenChart compares got with testdata/charts/name (see golden).
func goldenChart(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Join("testdata", "charts"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	golden(t, filepath.Join("charts", name), got)
}

// stackTSV writes a stack as a table: a date column, then one column per
// layer, values to six significant digits.
func (d *chartData) stackTSV(st stack) []byte {
	var b strings.Builder
	b.WriteString("date")
	for _, id := range st.ids {
		b.WriteString("\t" + id)
	}
	b.WriteString("\n")
	for i, m := range d.r.Months {
		b.WriteString(d.r.Date(m).Format(time.DateOnly))
		for _, l := range st.values {
			fmt.Fprintf(&b, "\t%.6g", l[i])
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// tsv writes the cost grid with a row per model and a column per chip.
func (g costGrid) tsv() []byte {
	var b strings.Builder
	b.WriteString("model\t" + strings.Join(g.chips, "\t") + "\n")
	for i, m := range g.models {
		b.WriteString(m)
		for _, v := range g.usd[i] {
			fmt.Fprintf(&b, "\t%.6g", v)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// timelineTSV lists the timeline's lanes and labels in drawing order.
func (d *chartData) timelineTSV() []byte {
	var b strings.Builder
	for _, ln := range d.timelineEvents() {
		for _, e := range ln.events {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", ln.name, d.r.Date(market.Day(e.day)).Format(time.DateOnly), e.label)
		}
	}
	return []byte(b.String())
}

func BenchmarkCharts(b *testing.B) {
	r, table := baselineRun(b)
	for b.Loop() {
		if _, err := Charts(r, table); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCoincidentRuns(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name, reason string
		s            []float64
		later        [][]float64
		want         []run
	}{
		{"apart", "no shared values, nothing widened", []float64{1, 2, 3}, [][]float64{{4, 5, 6}}, nil},
		{"one crossing", "a single shared month is a crossing, not an overlap", []float64{1, 2, 3}, [][]float64{{0, 2, 4}}, nil},
		{
			"two then three", "the stretch under two lines is wider than under one",
			[]float64{1, 1, 2, 2, 5}, [][]float64{{1, 1, 2, 2, 0}, {9, 9, 2, 2, 0}},
			[]run{{0, 2, 1}, {2, 4, 2}},
		},
		{"missing months", "NaN never coincides", []float64{nan, nan, 1}, [][]float64{{nan, nan, 1}}, nil},
		{"rounding", "equal to a relative 1e-9", []float64{0.3, 0.3}, [][]float64{{0.1 + 0.2, 0.1 + 0.2}}, []run{{0, 2, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := coincidentRuns(tc.s, tc.later); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.reason, got, tc.want)
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want, reason string }{
		{"share-llm-api.png", "share-llm-api.png", "ordinary names pass"},
		{"price-../../etc.png", "price-..-..-etc.png", "no path separators"},
		{".hidden.png", "-hidden.png", "no hidden files"},
		{"users-助手.png", "users-------.png", "ASCII only, byte by byte"},
	}
	for _, tc := range tests {
		if got := safeName(tc.in); got != tc.want {
			t.Errorf("%s: safeName(%q) = %q, want %q", tc.reason, tc.in, got, tc.want)
		}
	}
}

// TestChartOptions checks what the scenario adds to the charts: festival
// windows change the time charts (and only when they fall in the run), and
// a source's market size for a whole year is marked on the market-size
// chart while one for part of a year is not.
func TestChartOptions(t *testing.T) {
	r := tinyResult()
	plain, err := Charts(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	festive, err := Charts(r, nil, WithFestivals([]market.Window{{Name: "Spring Festival", From: 40, Days: 21}}))
	if err != nil {
		t.Fatal(err)
	}
	outside, err := Charts(r, nil, WithFestivals([]market.Window{{Name: "later", From: 900, Days: 21}}))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range plain {
		if c.Name == "market-size.png" || c.Name == "timeline.png" {
			continue
		}
		if bytes.Equal(c.PNG, festive[i].PNG) {
			t.Errorf("%s: a festival window in the run changes nothing", c.Name)
		}
		if !bytes.Equal(c.PNG, outside[i].PNG) {
			t.Errorf("%s: a festival window after the run changes the chart", c.Name)
		}
	}
	year := market.Target{Name: "market, 2026", Kind: market.TargetSpend, From: 0, To: 364, Value: 2e9}
	half := market.Target{Name: "market, H1 2026", Kind: market.TargetSpend, From: 0, To: 180, Value: 1e9}
	size := func(ts ...market.Target) Chart {
		cs, err := Charts(r, nil, WithTargets(ts))
		if err != nil {
			t.Fatal(err)
		}
		return cs[0]
	}
	if c := size(year); c.Name != "market-size.png" || !strings.Contains(c.Caption, "market, 2026") || bytes.Equal(c.PNG, plain[0].PNG) {
		t.Errorf("a yearly source figure is not marked: %s, %q", c.Name, c.Caption)
	}
	if c := size(half); !bytes.Equal(c.PNG, plain[0].PNG) {
		t.Error("a half-year source figure is drawn as if it were a year's")
	}
}
