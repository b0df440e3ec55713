package reports

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// EnsembleChartNames are the file names of the ensemble charts, in the
// order EnsembleCharts returns them.
var EnsembleChartNames = []string{"fan-revenue-share.png", "fan-revenue.png", "fan-price.png", "fan-nvidia.png", "hist-final-shares.png"}

// EnsembleCharts renders the charts of an ensemble as PNGs, one per name in
// EnsembleChartNames: fan charts (the median with the P25–P75 and P5–P95
// bands) of every provider's revenue share and revenue, of the average
// price in each paid segment and of Nvidia's China revenue and export fees;
// and histograms of every provider's final-year revenue share. A chart
// whose data the ensemble lacks says so, so that every ensemble writes the
// same files. Like Charts, the PNGs are a pure function of e.
func EnsembleCharts(e *Ensemble) ([]Chart, error) {
	d := newFanData(e)
	figs := []*figure{d.shareFan(), d.revenueFan(), d.priceFan(), d.nvidiaFan(), d.finalHistograms()}
	var out []Chart
	for i, f := range figs {
		if f == nil {
			f = d.emptyFigure(EnsembleChartNames[i])
		}
		b, err := f.render()
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", f.name, err)
		}
		out = append(out, Chart{Name: f.name, Title: f.title, Caption: f.caption, PNG: b})
	}
	return out, nil
}

// emptyFigure stands for a chart whose data the ensemble does not have.
func (d *fanData) emptyFigure(name string) *figure {
	f := newFigure(name, "Nothing to show: the scenario has no data for this chart",
		"The scenario has no company or segment this chart shows (for fan-nvidia.png, a supplier called nvidia), or the ensemble has no runs yet.")
	f.height = 300
	p := newBarePlot("")
	p.HideAxes()
	f.panels = [][]*plot.Plot{{p}}
	f.note = d.note()
	return f
}

// Trailing twelve-month metrics of the ensembles' suppliers (see
// study.Layout); reports names them without importing it.
const (
	metricRevenue12m    = "revenue_12m_usd"
	metricExportFees12m = "export_fees_12m_usd"
)

// band is one series' quantiles over the ensemble's months, one slice per
// quantile (NaN where no run recorded a value).
type band [5][]float64

// fanData indexes an ensemble's bands by series for the fan charts.
type fanData struct {
	e      *Ensemble
	start  time.Time
	x      []float64 // days since start of each month
	series map[[3]string]*band
}

func newFanData(e *Ensemble) *fanData {
	d := &fanData{e: e, series: map[[3]string]*band{}}
	month := map[time.Time]int{}
	for _, b := range e.Bands {
		if _, ok := month[b.Date]; !ok {
			if len(d.x) == 0 {
				d.start = b.Date
			}
			month[b.Date] = len(d.x)
			d.x = append(d.x, b.Date.Sub(d.start).Hours()/24)
		}
	}
	for _, b := range e.Bands {
		k := [3]string{b.Company, b.Segment, b.Metric}
		s := d.series[k]
		if s == nil {
			s = &band{}
			for q := range s {
				s[q] = nanSlice(len(d.x))
			}
			d.series[k] = s
		}
		for q := range s {
			s[q][month[b.Date]] = b.P[q]
		}
	}
	return d
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// get returns a series' band, or nil.
func (d *fanData) get(company, segment, metric string) *band {
	return d.series[[3]string{company, segment, metric}]
}

// scaled returns the band multiplied by k.
func (b *band) scaled(k float64) *band {
	var out band
	for q := range b {
		out[q] = scaled(b[q], k)
	}
	return &out
}

// note is the small print of every ensemble chart.
func (d *fanData) note() string {
	e := d.e
	s := fmt.Sprintf("scenario %s · %d runs", e.Scenario, e.Done)
	if e.Done != e.Runs {
		s += fmt.Sprintf(" of %d", e.Runs)
	}
	if e.Shard != "" {
		s += " (shard " + e.Shard + ")"
	}
	return s + fmt.Sprintf(" · master seed %d · scenario %.12s", e.Seed, e.Hash)
}

// fanPlot returns a time panel with the fan of b in colour c.
func (d *fanData) fanPlot(title string, b *band, c color.RGBA, widthPx float64) *plot.Plot {
	p := newPlot(title)
	p.X.Tick.Marker = calendarTicks{start: d.start, width: widthPx / (tickSize * 4 / 3 * 0.55)}
	p.Add(bandPolygon(d.x, b[0], b[4], withAlpha(c, 0.22)), bandPolygon(d.x, b[1], b[3], withAlpha(c, 0.45)))
	p.Add(seriesLine(d.x, b[2], c, lineWidth))
	if len(d.x) > 0 {
		p.X.Min, p.X.Max = d.x[0], d.x[len(d.x)-1]
	}
	return p
}

// bandPolygon fills the area between lo and hi over the months where
// both are known.
func bandPolygon(xs, lo, hi []float64, c color.Color) *plotter.Polygon {
	var top, bottom plotter.XYs
	for i, x := range xs {
		if finite(lo[i]) && finite(hi[i]) {
			top = append(top, plotter.XY{X: x, Y: hi[i]})
			bottom = append(bottom, plotter.XY{X: x, Y: lo[i]})
		}
	}
	ring := top
	for i := len(bottom) - 1; i >= 0; i-- {
		ring = append(ring, bottom[i])
	}
	return &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: c, LineStyle: draw.LineStyle{Width: 0}}
}

// fanLegend explains the bands, in grey so it fits every panel's colour.
func fanLegend() []legendItem {
	grey := rgb(0x55, 0x55, 0x55)
	return []legendItem{
		{"median (P50)", seriesLine(nil, nil, grey, lineWidth)},
		{"middle 50% of runs (P25–P75)", swatch(withAlpha(grey, 0.45))},
		{"middle 90% of runs (P5–P95)", swatch(withAlpha(grey, 0.22))},
	}
}

// grid lays out n panels in rows of at most cols.
func grid(panels []*plot.Plot, cols int) [][]*plot.Plot {
	cols = min(cols, len(panels))
	var rows [][]*plot.Plot
	for i := 0; i < len(panels); i += cols {
		row := make([]*plot.Plot, cols)
		copy(row, panels[i:min(i+cols, len(panels))])
		rows = append(rows, row)
	}
	return rows
}

// providers returns the ensemble's providers.
func (d *fanData) providers() []market.CompanyInfo {
	var out []market.CompanyInfo
	for _, c := range d.e.Companies {
		if !c.Supplier {
			out = append(out, c)
		}
	}
	return out
}

// providerFan is a grid of one fan per provider of metric (segment ""):
// of the maxNamed providers with the highest median, when there are more.
// It also returns how many it left out.
func (d *fanData) providerFan(metric string, k float64, label string, ticks niceTicks) ([]*plot.Plot, int) {
	var panels []*plot.Plot
	var medians [][]float64
	for _, c := range d.providers() {
		b := d.get(c.ID, "", metric)
		if b == nil {
			continue
		}
		p := d.fanPlot(shortName(c), b.scaled(k), companyColor(c.ID), gridPanelPx)
		p.Y.Label.Text = label
		p.Y.Tick.Marker = ticks
		p.Y.Min = math.Min(0, minFinite(b.scaled(k)[0]))
		panels, medians = append(panels, p), append(medians, b[2])
	}
	top, rest := largest(medians, maxNamed)
	panels = pick(panels, top)
	shareScale(panels)
	return panels, len(rest)
}

// shareScale gives panels one y range, the union of theirs, so that equal
// moves look equal in every panel: a point at 2% and a point at 50%.
func shareScale(panels []*plot.Plot) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range panels {
		if p.Y.Min <= p.Y.Max {
			lo, hi = math.Min(lo, p.Y.Min), math.Max(hi, p.Y.Max)
		}
	}
	if lo > hi {
		return
	}
	for _, p := range panels {
		p.Y.Min, p.Y.Max = lo, hi
	}
}

func minFinite(vs []float64) float64 {
	m := math.Inf(1)
	for _, v := range vs {
		if finite(v) {
			m = math.Min(m, v)
		}
	}
	if math.IsInf(m, 1) {
		return 0
	}
	return m
}

func (d *fanData) shareFan() *figure {
	panels, omitted := d.providerFan(market.MetricRevenueShare, 100, "share (%)", niceTicks{n: 4, format: formatPercent})
	if len(panels) == 0 {
		return nil
	}
	f := newFigure("fan-revenue-share.png", "Revenue share of the paid segments across the ensemble's runs",
		"Each cloud's share of all providers' revenue in the paid segments, month by month: the line is the median "+
			"over the runs, the dark band holds the middle half of the runs and the light band the middle 90%. All "+
			"panels share one scale, so equal moves look equal.")
	d.finishGrid(f, panels, omitted)
	return f
}

func (d *fanData) revenueFan() *figure {
	var all []float64
	for _, c := range d.providers() {
		if b := d.get(c.ID, "", market.MetricRevenue); b != nil {
			all = append(all, b[4]...)
		}
	}
	m := maxAbs(all)
	if m == 0 {
		return nil
	}
	div, suffix, unit := moneyUnit(m)
	panels, omitted := d.providerFan(market.MetricRevenue, 1/div, "USD "+unit+"/month", niceTicks{n: 4, format: formatMoney(suffix)})
	f := newFigure("fan-revenue.png", "Revenue by company across the ensemble's runs (USD "+unit+" per month)",
		"Each cloud's monthly revenue over all segments: the median over the runs, the middle half of the runs "+
			"(dark) and the middle 90% (light). All panels share one scale.")
	d.finishGrid(f, panels, omitted)
	return f
}

func (d *fanData) priceFan() *figure {
	var panels []*plot.Plot
	for _, s := range d.e.Segments {
		b := d.get(market.Market, s.ID, market.MetricPrice)
		if s.Kind != market.Paid || b == nil {
			continue
		}
		p := d.fanPlot(s.Name, b, companyColor(market.Market), gridPanelPx)
		p.Y.Label.Text = "USD per " + s.Unit
		p.Y.Tick.Marker = niceTicks{n: 5, format: func(v float64) string { return "$" + formatNumber(v) }}
		p.Y.Min = 0
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil
	}
	f := newFigure("fan-price.png", "Average price paid in each segment across the ensemble's runs",
		"The market's average price per unit (what buyers spent over the volume served) in each paid segment: the "+
			"median over the runs, the middle half (dark) and the middle 90% (light).")
	d.finishGrid(f, panels, 0)
	return f
}

func (d *fanData) nvidiaFan() *figure {
	const id = "nvidia"
	rev, fees := d.get(id, "", metricRevenue12m), d.get(id, "", metricExportFees12m)
	if rev == nil {
		return nil
	}
	name := id
	for _, c := range d.e.Companies {
		if c.ID == id {
			name = shortName(c)
		}
	}
	div, suffix, unit := moneyUnit(maxAbs(rev[4]))
	f := newFigure("fan-nvidia.png", name+"'s China revenue and export fees across the ensemble's runs (USD "+unit+", trailing 12 months)",
		"Top: "+name+"'s revenue from chips delivered in China over the twelve months to each date (fewer at the start), "+
			"which smooths its quarterly deliveries. Bottom: the export fees paid on them to the US government. The line "+
			"is the median over the runs, the dark band the middle half and the light band the middle 90%.")
	var panels []*plot.Plot
	for _, s := range []struct {
		title string
		b     *band
	}{{"China revenue, trailing 12 months", rev}, {"US export fees, trailing 12 months", fees}} {
		if s.b == nil {
			continue
		}
		p := d.fanPlot(s.title, s.b.scaled(1/div), companyColor(id), 1050)
		p.Y.Label.Text = "USD " + unit
		p.Y.Tick.Marker = niceTicks{n: 5, format: formatMoney(suffix)}
		p.Y.Min = 0
		panels = append(panels, p)
	}
	f.panels = grid(panels, 1)
	f.height = 1000
	f.legend = fanLegend()
	f.note = d.note()
	return f
}

// gridPanelPx is the width of a panel in a grid of three, in pixels.
const gridPanelPx = 330

// finishGrid lays out panels three to a row, with the legend and note.
func (d *fanData) finishGrid(f *figure, panels []*plot.Plot, omitted int) {
	f.panels = grid(panels, 3)
	f.height = max(f.height, 160+300*len(f.panels))
	f.legend = fanLegend()
	f.note = d.note() + omittedNote(omitted)
}

// omittedNote says how many smaller clouds a grid of panels leaves out.
func omittedNote(omitted int) string {
	if omitted == 0 {
		return ""
	}
	return fmt.Sprintf(" · the %d clouds with the highest medians; %s in bands.csv", maxNamed, othersLabel(omitted))
}

// finalHistograms shows how the runs spread each provider's final-year
// revenue share.
func (d *fanData) finalHistograms() *figure {
	var panels []*plot.Plot
	var medians [][]float64
	for _, o := range d.e.Finals {
		if o.Bins == nil || o.Runs == 0 {
			continue
		}
		p, ok := d.histogram(o)
		if ok {
			panels, medians = append(panels, p), append(medians, []float64{o.P[2]})
		}
	}
	if len(panels) == 0 {
		return nil
	}
	top, rest := largest(medians, maxNamed)
	panels = pick(panels, top)
	e := d.e
	year := strconv.Itoa(e.FinalYear)
	if e.FinalMonths < 12 {
		year += fmt.Sprintf(" (%d months)", e.FinalMonths)
	}
	f := newFigure("hist-final-shares.png", "Revenue share of the paid segments in "+year+": distribution over the runs",
		"For each cloud, how many runs ended the final simulated year with each revenue share, over the range "+
			"the runs cover, in bins as wide as the Freedman–Diaconis rule gives for that cloud's runs (2 × the "+
			"interquartile range ÷ the cube root of the runs; at least 0.1 percentage point). The dashed line marks the median.")
	f.panels = grid(panels, 3)
	f.height = max(f.height, 160+300*len(f.panels))
	f.note = d.note() + strings.Replace(omittedNote(len(rest)), "bands.csv", "runs.csv", 1)
	return f
}

// histogram draws one final-share histogram, over the bins the runs use,
// merged into bins of the Freedman–Diaconis width.
func (d *fanData) histogram(o FinalOutcome) (*plot.Plot, bool) {
	bins := mergeBins(o.Bins, fdMerge(o, len(o.Bins)))
	lo, hi := -1, -1
	for i, c := range bins {
		if c > 0 {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	if lo < 0 {
		return nil, false
	}
	lo, hi = max(lo-1, 0), min(hi+1, len(bins)-1)
	width := 100 * float64(len(o.Bins)/len(bins)) / float64(len(o.Bins))
	name := o.Company
	for _, c := range d.e.Companies {
		if c.ID == o.Company {
			name = shortName(c)
		}
	}
	p := newPlot(name)
	col := companyColor(o.Company)
	var maxCount uint64
	for i := lo; i <= hi; i++ {
		c := bins[i]
		maxCount = max(maxCount, c)
		if c == 0 {
			continue
		}
		x0, x1 := float64(i)*width, float64(i+1)*width
		ring := plotter.XYs{{X: x0, Y: 0}, {X: x0, Y: float64(c)}, {X: x1, Y: float64(c)}, {X: x1, Y: 0}}
		p.Add(&plotter.Polygon{XYs: []plotter.XYs{ring}, Color: col, LineStyle: draw.LineStyle{Color: colorWhite, Width: px(1)}})
	}
	med := 100 * o.P[2]
	p.Add(seriesLine([]float64{med, med}, []float64{0, float64(maxCount)}, colorText, 1.5, dashed...))
	p.X.Min, p.X.Max = float64(lo)*width, float64(hi+1)*width
	p.X.Label.Text = "revenue share (%)"
	p.X.Tick.Marker = niceTicks{n: 5, format: formatPercent}
	p.Y.Label.Text = "runs"
	p.Y.Min, p.Y.Max = 0, float64(maxCount)
	return p, true
}

// maxHistBins bounds the bars of a histogram panel.
const maxHistBins = 40

// fdMerge returns how many of the n stored bins on [0, 1] make one bin of
// the Freedman–Diaconis width 2·IQR·runs^(−1/3), the IQR taken from the
// outcome's P25 and P75: at least one, at most enough that the runs'
// P5–P95 span keeps a few bins, and a divisor of n so bins stay aligned.
func fdMerge(o FinalOutcome, n int) int {
	if n == 0 || o.Runs == 0 {
		return 1
	}
	stored := 1 / float64(n)
	iqr := o.P[3] - o.P[1]
	h := 2 * iqr / math.Cbrt(float64(o.Runs))
	k := max(1, int(math.Round(h/stored)))
	if span := o.P[4] - o.P[0]; span > 0 {
		k = max(k, int(math.Ceil(span/stored/maxHistBins))) // not too many bars
		k = min(k, max(1, int(span/stored/4)))              // nor too few
	}
	for n%k != 0 {
		k--
	}
	return k
}

// mergeBins sums every k consecutive bins.
func mergeBins(bins []uint64, k int) []uint64 {
	if k <= 1 {
		return bins
	}
	out := make([]uint64, len(bins)/k)
	for i, c := range bins {
		out[i/k] += c
	}
	return out
}
