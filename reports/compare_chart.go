package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// scenarioColors tell the scenarios of a comparison apart: the reference
// in near-black, the others in strong hues. They stand for scenarios, not
// companies, on every comparison chart.
var scenarioColors = []color.RGBA{
	rgb(0x33, 0x33, 0x33), // near-black
	rgb(0xd6, 0x27, 0x28), // red
	rgb(0x1f, 0x77, 0xb4), // blue
	rgb(0x2c, 0xa0, 0x2c), // green
	rgb(0x94, 0x67, 0xbd), // purple
	rgb(0x8c, 0x56, 0x4b), // brown
}

func scenarioColor(k int) color.RGBA { return scenarioColors[k%len(scenarioColors)] }

// CompareCharts renders the charts of a comparison: one time chart per
// headline metric with a line per scenario (compare-revenue-share.png,
// compare-revenue.png, compare-profit.png, compare-price.png and, when
// there is an nvidia supplier, compare-nvidia.png), with P5–P95 bands
// when the scenarios ran as ensembles; and one attribution chart per
// attributed outcome (attribution-<outcome>.png). The PNGs are a pure
// function of c.
func CompareCharts(c *Comparison) ([]Chart, error) {
	d := newCompareData(c)
	figs := []*figure{d.providerFigure(market.MetricRevenueShare), d.providerFigure(market.MetricRevenue),
		d.providerFigure(market.MetricProfit), d.priceFigure(), d.nvidiaFigure()}
	figs = append(figs, d.changeFigure())
	figs = slices.DeleteFunc(figs, func(f *figure) bool { return f == nil })
	if len(c.Scenarios) > 1 {
		for i := range c.Attributed {
			figs = append(figs, d.attributionFigure(i))
		}
	}
	return renderAll(figs)
}

// compareData indexes every scenario's bands by series.
type compareData struct {
	c      *Comparison
	start  time.Time
	x      [][]float64           // per scenario: the day of each of its months, from start
	series []map[[3]string]*band // per scenario
	names  map[string]market.CompanyInfo
}

func newCompareData(c *Comparison) *compareData {
	d := &compareData{c: c, names: map[string]market.CompanyInfo{}}
	for _, co := range c.Companies {
		d.names[co.ID] = co
	}
	for _, s := range c.Scenarios {
		for _, b := range s.Bands {
			if d.start.IsZero() || b.Date.Before(d.start) {
				d.start = b.Date
			}
		}
	}
	for _, s := range c.Scenarios {
		month := map[time.Time]int{}
		var x []float64
		for _, b := range s.Bands {
			if _, ok := month[b.Date]; !ok {
				month[b.Date] = len(x)
				x = append(x, b.Date.Sub(d.start).Hours()/24)
			}
		}
		series := map[[3]string]*band{}
		for _, b := range s.Bands {
			key := [3]string{b.Company, b.Segment, b.Metric}
			bd := series[key]
			if bd == nil {
				bd = &band{}
				for q := range bd {
					bd[q] = nanSlice(len(x))
				}
				series[key] = bd
			}
			for q := range bd {
				bd[q][month[b.Date]] = b.P[q]
			}
		}
		d.x = append(d.x, x)
		d.series = append(d.series, series)
	}
	return d
}

// title names the scenarios: "baseline against zhenwu-slow-memory".
func (d *compareData) title() string {
	var names []string
	for _, s := range d.c.Scenarios {
		names = append(names, s.Name)
	}
	return names[0] + " against " + strings.Join(names[1:], ", ")
}

// note is the small print of a comparison chart.
func (d *compareData) note() string {
	c := d.c
	runs := fmt.Sprintf("one run each, seed %d", c.Seed)
	if c.Runs > 1 {
		runs = fmt.Sprintf("%d runs each (Monte Carlo, shared seeds and sampled values), master seed %d", c.Runs, c.Seed)
	}
	return "aicloudsim · comparison · " + runs
}

// legend lists the scenarios and, for ensembles, the band.
func (d *compareData) legend() []legendItem {
	var items []legendItem
	for k, s := range d.c.Scenarios {
		items = append(items, legendItem{s.Name, seriesLine(nil, nil, scenarioColor(k), lineWidth)})
	}
	if d.c.Runs > 1 {
		items = append(items, legendItem{label: " "}, legendItem{"thick lines: median over the runs", nil},
			legendItem{"middle 90% of the runs (P5–P95):", nil},
			legendItem{d.c.Scenarios[0].Name, swatch(withAlpha(scenarioColor(0), 0.16))})
		for k, s := range d.c.Scenarios[1:] {
			items = append(items, legendItem{s.Name, seriesLine(nil, nil, withAlpha(scenarioColor(k+1), 0.75), 1.2, dashed...)})
		}
	}
	return items
}

// panel draws one series of every scenario, scaled by k, in a time panel.
func (d *compareData) panel(title string, key [3]string, k float64, widthPx float64) (*plot.Plot, bool) {
	p := newPlot(title)
	p.X.Tick.Marker = calendarTicks{start: d.start, width: widthPx / (tickSize * 4 / 3 * 0.55)}
	found := false
	lo, hi := math.Inf(1), math.Inf(-1)
	for s := range d.c.Scenarios {
		b := d.series[s][key]
		if b == nil {
			continue
		}
		found = true
		x := d.x[s]
		switch {
		case d.c.Runs > 1 && s == 0:
			p.Add(bandPolygon(x, scaled(b[0], k), scaled(b[4], k), withAlpha(scenarioColor(s), 0.16)))
		case d.c.Runs > 1:
			// The other scenarios' bands are outlined, so that where they
			// overlap the reference's both still read.
			for _, q := range []int{0, 4} {
				p.Add(seriesLine(x, scaled(b[q], k), withAlpha(scenarioColor(s), 0.75), 1.2, dashed...))
			}
		}
		if len(x) > 0 {
			lo, hi = math.Min(lo, x[0]), math.Max(hi, x[len(x)-1])
		}
	}
	for s := range d.c.Scenarios {
		if b := d.series[s][key]; b != nil {
			p.Add(seriesLine(d.x[s], scaled(b[2], k), scenarioColor(s), lineWidth))
		}
	}
	if lo < hi {
		p.X.Min, p.X.Max = lo, hi
	}
	return p, found
}

// maxOf returns the largest magnitude of a metric's P5 and P95 over every
// scenario, for choosing a money unit.
func (d *compareData) maxOf(keys [][3]string) float64 {
	var m float64
	for s := range d.c.Scenarios {
		for _, key := range keys {
			if b := d.series[s][key]; b != nil {
				m = math.Max(m, maxAbs(b[0], b[4]))
			}
		}
	}
	return m
}

// providerFigure compares one company-total metric of every provider.
func (d *compareData) providerFigure(metric string) *figure {
	var keys [][3]string
	var provs []market.CompanyInfo
	for _, co := range d.c.Companies {
		if !co.Supplier {
			keys = append(keys, [3]string{co.ID, "", metric})
			provs = append(provs, co)
		}
	}
	k, unit, ticks := 100.0, "share (%)", niceTicks{n: 4, format: formatPercent}
	what, name := "Revenue share of the paid segments", "compare-revenue-share.png"
	caption := "Each cloud's share of all providers' revenue in the paid segments, month by month, in each scenario."
	if metric != market.MetricRevenueShare {
		div, suffix, mu := moneyUnit(d.maxOf(keys))
		k, unit, ticks = 1/div, "USD "+mu+"/month", niceTicks{n: 4, format: formatMoney(suffix)}
		what, name = "Revenue by company", "compare-revenue.png"
		caption = "Each cloud's monthly revenue over all segments, in each scenario."
		if metric == market.MetricProfit {
			what, name = "Profit by company", "compare-profit.png"
			caption = "Each cloud's monthly profit (revenue less serving, chip, R&D and operating costs), in each scenario."
		}
	}
	var panels []*plot.Plot
	var sizes [][]float64
	for i, co := range provs {
		p, ok := d.panel(shortName(co), keys[i], k, gridPanelPx)
		if !ok {
			continue
		}
		sizes = append(sizes, []float64{d.maxOf(keys[i : i+1])})
		p.Y.Label.Text = unit
		p.Y.Tick.Marker = ticks
		if metric != market.MetricProfit {
			p.Y.Min = 0
		} else {
			p.Add(zeroLine())
		}
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil
	}
	top, rest := largest(sizes, maxNamed)
	panels = pick(panels, top)
	f := newFigure(name, what+": "+d.title(), caption+d.bandCaption()+" Each panel has its own scale.")
	f.panels = grid(panels, 3)
	f.height = max(chartHeight, 160+300*len(f.panels))
	f.legend, f.note = d.legend(), d.note()
	if len(rest) > 0 {
		f.note += fmt.Sprintf(" · the %d largest clouds; %s in bands.csv", maxNamed, othersLabel(len(rest)))
	}
	return f
}

// bandCaption explains the bands, for ensembles.
func (d *compareData) bandCaption() string {
	if d.c.Runs > 1 {
		return " Thick lines are medians over the runs; the middle 90% of the runs lies in the shaded band (" + d.c.Scenarios[0].Name +
			") and between the thin dashed lines (the others)."
	}
	return ""
}

// priceFigure compares the average price paid in each paid segment.
func (d *compareData) priceFigure() *figure {
	var panels []*plot.Plot
	for _, s := range d.c.Segments {
		if s.Kind != market.Paid {
			continue
		}
		p, ok := d.panel(s.Name, [3]string{market.Market, s.ID, market.MetricPrice}, 1, gridPanelPx)
		if !ok {
			continue
		}
		p.Y.Label.Text = "USD per " + s.Unit
		p.Y.Tick.Marker = niceTicks{n: 5, format: func(v float64) string { return "$" + formatNumber(v) }}
		p.Y.Min = 0
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil
	}
	f := newFigure("compare-price.png", "Average price paid in each segment: "+d.title(),
		"The market's average price per unit (buyers' spend over the volume served) in each paid segment, in each scenario."+d.bandCaption())
	f.panels = grid(panels, 3)
	f.height = max(chartHeight, 160+300*len(f.panels))
	f.legend, f.note = d.legend(), d.note()
	return f
}

// nvidiaFigure compares Nvidia's China revenue and export fees, over
// trailing twelve months.
func (d *compareData) nvidiaFigure() *figure {
	const id = "nvidia"
	rev, fees := [3]string{id, "", metricRevenue12m}, [3]string{id, "", metricExportFees12m}
	div, suffix, unit := moneyUnit(d.maxOf([][3]string{rev}))
	name := id
	if co, ok := d.names[id]; ok {
		name = shortName(co)
	}
	var panels []*plot.Plot
	for _, s := range []struct {
		title string
		key   [3]string
	}{{"China revenue, trailing 12 months", rev}, {"US export fees, trailing 12 months", fees}} {
		p, ok := d.panel(s.title, s.key, 1/div, 1050)
		if !ok {
			continue
		}
		p.Y.Label.Text = "USD " + unit
		p.Y.Tick.Marker = niceTicks{n: 5, format: formatMoney(suffix)}
		p.Y.Min = 0
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil
	}
	f := newFigure("compare-nvidia.png", name+" in China: "+d.title(),
		"Top: "+name+"'s revenue from chips delivered in China over the twelve months to each date. Bottom: the export fees "+
			"paid on them to the US government."+d.bandCaption())
	f.panels = grid(panels, 1)
	f.height = 1000
	f.legend, f.note = d.legend(), d.note()
	return f
}

// changeFigure shows how every provider's final-year revenue share
// changes from the first scenario to each other: the median change and,
// for ensembles, the P5–P95 of the run-by-run changes.
func (d *compareData) changeFigure() *figure {
	c := d.c
	var rows []int
	var labels []string
	for o, out := range c.Outcomes {
		if strings.HasPrefix(out.ID, market.MetricRevenueShare+":") && strings.Count(out.ID, ":") == 1 {
			rows = append(rows, o)
			name := out.Company
			if co, ok := d.names[out.Company]; ok {
				name = shortName(co)
			}
			labels = append(labels, name)
		}
	}
	if len(rows) == 0 || len(c.Scenarios) < 2 {
		return nil
	}
	bars := &hbars{n: len(rows)}
	others := len(c.Scenarios) - 1
	h := 0.7 / float64(others)
	lo, hi := 0.0, 0.0
	for r, o := range rows {
		out := c.Outcomes[o]
		for k, s := range c.Scenarios[1:] {
			dl := s.Deltas[o]
			off := 0.35 - h*(float64(k)+0.5)
			bar := hbar{Row: r, From: 0, To: 100 * dl.P[2], Offset: off, Height: h * 0.85,
				Color: changeColor(dl.P[2], k), Label: out.FormatDelta(dl.P[2])}
			if c.Runs > 1 {
				bar.HasReach, bar.Reach = true, 100*dl.P[4]
				if dl.P[2] < 0 {
					bar.Reach = 100 * dl.P[0]
				}
			}
			bars.bars = append(bars.bars, bar)
			lo, hi = math.Min(lo, 100*dl.P[2]), math.Max(hi, 100*dl.P[2])
			if c.Runs > 1 {
				bars.whiskers = append(bars.whiskers, hbar{Row: r, From: 100 * dl.P[0], To: 100 * dl.P[4], Offset: off, Color: colorText})
				lo, hi = math.Min(lo, 100*dl.P[0]), math.Max(hi, 100*dl.P[4])
			}
		}
	}
	year := fmt.Sprint(c.FinalYear)
	f := newFigure("compare-change.png", "Change in revenue share in "+year+": "+d.title(),
		fmt.Sprintf("Each cloud's revenue share of the paid segments over %s in each scenario, less its share in %s, in percentage points.", year, c.Scenarios[0].Name))
	if c.Runs > 1 {
		f.caption = fmt.Sprintf("The change in each cloud's revenue share of the paid segments over %s, computed run by run (run i of each scenario "+
			"shares its seed and sampled values with run i of %s): the bar is the median change and the whisker spans the middle 90%% of the runs.", year, c.Scenarios[0].Name)
	}
	p := rowsPlot("", labels)
	p.Add(bars)
	p.Add(&vline{x: 0, style: draw.LineStyle{Color: colorAxis, Width: px(1.5)}})
	p.X.Label.Text = "change in revenue share, " + year + " (percentage points)"
	p.X.Tick.Marker = niceTicks{n: 7, format: formatNumber}
	p.X.Min, p.X.Max = padRange(lo, hi, 0.2)
	fitAxis(&p.X)
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1440, max(700, 200+70*len(rows)*others)
	for k, s := range c.Scenarios[1:] {
		what := s.Name + " − " + c.Scenarios[0].Name
		if others > 1 {
			what = fmt.Sprintf("%s (bar %d of each row)", what, k+1)
		}
		f.legend = append(f.legend, legendItem{label: what},
			legendItem{"gain", swatch(changeColor(1, k))}, legendItem{"loss", swatch(changeColor(-1, k))})
	}
	if c.Runs > 1 {
		f.legend = append(f.legend, legendItem{"middle 90% of the runs", &whiskerThumb{}})
	}
	f.note = d.note()
	return f
}

// changeColor is the colour of a change bar: green for a gain, red for a
// loss, lighter for each further scenario so their bars stay apart.
func changeColor(delta float64, k int) color.RGBA {
	c := rgb(0x1a, 0x7f, 0x37) // gain
	if delta < 0 {
		c = rgb(0xc0, 0x39, 0x2b) // loss
	}
	return withAlpha(c, math.Max(0.35, 1-0.3*float64(k)))
}

// whiskerThumb is the legend thumbnail of a P5–P95 whisker.
type whiskerThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (whiskerThumb) Thumbnail(c *draw.Canvas) {
	ls := draw.LineStyle{Color: colorText, Width: px(2)}
	y := (c.Min.Y + c.Max.Y) / 2
	h := (c.Max.Y - c.Min.Y) / 3
	c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
	c.StrokeLine2(ls, c.Min.X, y-h, c.Min.X, y+h)
	c.StrokeLine2(ls, c.Max.X, y-h, c.Max.X, y+h)
}
