package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of a waterfall's steps.
var (
	upColor   = rgb(0x3b, 0x8e, 0x4f)
	downColor = rgb(0xc4, 0x4e, 0x52)
	endColor  = rgb(0x8a, 0x8a, 0x8a)
)

// DriversChartNames are the files DriversCharts writes.
var DriversChartNames = []string{"drivers-revenue-share.png", "drivers-profit.png"}

// MaxDriverPanels is how many companies a drivers chart shows, the
// largest by final-year revenue share first.
const MaxDriverPanels = 6

// DriversCharts renders the waterfalls of the decomposition: one chart
// for the revenue share and one for the profit, a panel per company (the
// MaxDriverPanels largest by final-year revenue share).
func DriversCharts(d *Drivers) ([]Chart, error) {
	var figs []*figure
	for i, metric := range []string{"revenue_share", "profit"} {
		if f := d.waterfalls(metric, DriversChartNames[i]); f != nil {
			figs = append(figs, f)
		}
	}
	return renderAll(figs)
}

// Companies returns the providers with rows, largest final-year revenue
// share first, at most n.
func (d *Drivers) Companies(n int) []string {
	var rows []DriverRow
	for _, r := range d.Rows {
		if r.Metric == "revenue_share" {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b DriverRow) int { return cmp.Compare(b.Final, a.Final) })
	var out []string
	for _, r := range rows[:min(n, len(rows))] {
		out = append(out, r.Company)
	}
	return out
}

// steps are a waterfall's row labels and values: the first year, the
// drift with every group frozen, each group's part and the final year.
func (d *Drivers) steps(r *DriverRow) ([]string, []float64) {
	labels := []string{fmt.Sprint(d.FirstYear), "all frozen"}
	vals := []float64{r.First, r.Frozen - r.First}
	for k, g := range d.Groups {
		labels = append(labels, g.Name)
		vals = append(vals, r.Parts[k])
	}
	return append(labels, fmt.Sprint(d.FinalYear)), append(vals, r.Final)
}

// waterfalls is one chart of a metric's waterfalls, or nil.
func (d *Drivers) waterfalls(metric, name string) *figure {
	var panels []*plot.Plot
	var caps []string
	for _, c := range d.Companies(MaxDriverPanels) {
		r := d.Row(c, metric)
		if r == nil {
			continue
		}
		panels = append(panels, d.waterfall(r))
		c := r.Name + " " + r.Outcome.FormatDelta(r.Final-r.First)
		if k, _ := r.Main(); k >= 0 {
			c += fmt.Sprintf(", most from %s (%s)", d.Groups[k].Name, r.Outcome.FormatDelta(r.Parts[k]))
		}
		caps = append(caps, c)
	}
	if len(panels) == 0 {
		return nil
	}
	what := "revenue share"
	if metric == "profit" {
		what = "profit"
	}
	f := newFigure(name, fmt.Sprintf("What moved each cloud's %s from %d to %d", what, d.FirstYear, d.FinalYear),
		fmt.Sprintf("From %d to %d: %s. Each waterfall starts at the first year's value, adds the drift of a run in which every group "+
			"of inputs is frozen at the start, then each group's Shapley share of the rest (%d runs, every subset of the %d groups "+
			"on or frozen, one seed), and ends at the final year's value.", d.FirstYear, d.FinalYear, strings.Join(caps, "; "), d.Runs, len(d.Groups)))
	f.panels = grid(panels, 2)
	f.width, f.height = 1600, 170+300*len(f.panels)
	f.legend = []legendItem{{"first and final year", swatch(endColor)}, {"raises it", swatch(upColor)}, {"lowers it", swatch(downColor)}}
	f.note = fmt.Sprintf("aicloudsim explain drivers · scenario %s · seed %d", d.Scenario, d.Seed)
	return f
}

// waterfall is one company's panel.
func (d *Drivers) waterfall(r *DriverRow) *plot.Plot {
	labels, vals := d.steps(r)
	m := 0.0
	cum := 0.0
	for i, v := range vals {
		if i > 0 && i < len(vals)-1 {
			cum += v
		} else {
			cum = v
		}
		m = math.Max(m, math.Abs(cum))
	}
	k, _, format := r.Outcome.axis(m)
	bars := &hbars{n: len(vals)}
	lo, hi := 0.0, 0.0
	cum = 0
	for i, v := range vals {
		b := hbar{Row: i, Height: 0.7}
		switch {
		case i == 0 || i == len(vals)-1:
			b.From, b.To, b.Color, b.Label = 0, v*k, endColor, r.Outcome.Format(v)
			cum = v
		default:
			b.From, b.To, b.Label = cum*k, (cum+v)*k, r.Outcome.FormatDelta(v)
			b.Color = upColor
			if v < 0 {
				b.Color = downColor
			}
			cum += v
		}
		lo, hi = math.Min(lo, math.Min(b.From, b.To)), math.Max(hi, math.Max(b.From, b.To))
		bars.bars = append(bars.bars, b)
	}
	p := rowsPlot(r.Name, labels)
	p.Add(bars)
	p.Add(&vline{x: 0, style: draw.LineStyle{Color: colorAxis, Width: px(1)}})
	p.X.Tick.Marker = niceTicks{n: 5, format: format}
	// Labels go beyond a bar's end, to the left of falling steps: room on both sides.
	w := math.Max(hi-lo, 1e-9)
	p.X.Min, p.X.Max = lo-0.35*w, hi+0.25*w
	return p
}
