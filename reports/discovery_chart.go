package reports

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// DiscoveryCharts renders the trade-off chart (prim-tradeoff.png) and,
// when the box limits something, the box chart (prim-box.png).
func DiscoveryCharts(d *Discovery) ([]Chart, error) {
	figs := []*figure{d.tradeoffFigure()}
	if len(d.Limits) > 0 {
		figs = append(figs, d.boxFigure())
	}
	return renderAll(figs)
}

// restrictedColor is the colour of boxes that limit n of max parameters:
// from light yellow-green (none) to dark blue (the most).
func restrictedColor(n, most int) color.RGBA {
	t := float64(n) / float64(max(most, 1))
	return hsl(0.17+0.48*t, 0.65, 0.62-0.34*t)
}

func (d *Discovery) tradeoffFigure() *figure {
	caption := fmt.Sprintf("PRIM peels the parameter space one thin slice at a time; each point is a box on the way, from all %d runs "+
		"(coverage 100%%) to small boxes where `%s` holds more often (density). The ringed point is the chosen box, after pasting "+
		"and dropping the limits that matter least: density %.0f%%, coverage %.0f%%, %d parameters limited.", d.Runs, d.Condition, 100*d.Box.Density, 100*d.Box.Coverage, d.Box.Restricted)
	f := newFigure("prim-tradeoff.png", "Coverage against density of the boxes PRIM tried", caption)
	p := newPlot("")
	p.X.Label.Text, p.Y.Label.Text = "coverage: share of the runs where the condition holds that the box holds", "density: share of the box's runs where it holds"
	byN := map[int]plotter.XYs{}
	maxN := 0
	for _, b := range d.Trajectory {
		byN[b.Restricted] = append(byN[b.Restricted], plotter.XY{X: 100 * b.Coverage, Y: 100 * b.Density})
		maxN = max(maxN, b.Restricted)
	}
	step := max(1, (maxN+5)/6) // at most about six legend rows
	for n := 0; n <= maxN; n++ {
		if len(byN[n]) == 0 {
			continue
		}
		s, _ := plotter.NewScatter(byN[n])
		s.GlyphStyle = draw.GlyphStyle{Color: restrictedColor(n, maxN), Radius: px(6), Shape: draw.CircleGlyph{}}
		p.Add(s)
		if n%step == 0 || n == maxN {
			f.legend = append(f.legend, legendItem{fmt.Sprintf("%d parameters limited", n), s})
		}
	}
	if d.Cases > 0 && len(d.Trajectory) > 0 {
		s, _ := plotter.NewScatter(plotter.XYs{{X: 100 * d.Box.Coverage, Y: 100 * d.Box.Density}})
		s.GlyphStyle = draw.GlyphStyle{Color: colorText, Radius: px(12), Shape: draw.RingGlyph{}}
		p.Add(s)
		f.legend = append(f.legend, legendItem{"chosen box, after pasting", s})
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 100, 0, 100
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{n: 6, format: pct0}, niceTicks{n: 6, format: pct0}
	f.panels = [][]*plot.Plot{{p}}
	f.note = fmt.Sprintf("aicloudsim discover · %d runs · %d cases", d.Runs, d.Cases)
	return f
}

// pct0 writes a tick as a whole percentage.
func pct0(v float64) string { return fmt.Sprintf("%.0f%%", math.Abs(v)*math.Copysign(1, v+0.5)) }

func (d *Discovery) boxFigure() *figure {
	labels := make([]string, len(d.Limits))
	bars := &hbars{n: len(d.Limits)}
	for r, l := range d.Limits {
		p := d.Params[l.Param]
		labels[r] = p.Path
		span := p.High - p.Low
		lo, hi := (l.Low-p.Low)/span*100, (l.High-p.Low)/span*100
		bars.bars = append(bars.bars,
			hbar{Row: r, From: 0, To: 100, Height: 0.5, Color: colorGrid},
			hbar{Row: r, From: lo, To: hi, Height: 0.5, Color: rgb(0x4e, 0x79, 0xa7)})
		labels[r] = fmt.Sprintf("%s  (%s)", p.Path, d.rangeLabel(l))
	}
	f := newFigure("prim-box.png", "Where the condition mostly holds: the box's limits within each parameter's range",
		fmt.Sprintf("Each row is a parameter the box limits: the grey bar is its sampled range (low end at 0%%, high end at 100%%), "+
			"the blue part the box's range. Inside the box `%s` holds in %.0f%% of the runs; the box holds %.0f%% of the runs where it holds.",
			d.Condition, 100*d.Box.Density, 100*d.Box.Coverage))
	p := rowsPlot("", labels)
	p.Add(bars)
	p.X.Label.Text = "position within the parameter's range"
	p.X.Min, p.X.Max = 0, 112
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "low"}, {Value: 50, Label: "50%"}, {Value: 100, Label: "high"}}
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1600, max(chartHeight/2+100, 230+70*len(d.Limits))
	f.legend = []legendItem{{"sampled range", swatch(colorGrid)}, {"the box", swatch(rgb(0x4e, 0x79, 0xa7))}}
	f.note = fmt.Sprintf("aicloudsim discover · %d runs · box of %d runs", d.Runs, d.Box.Support)
	return f
}

// rangeLabel is the box's side(s) of a limit, for a row label.
func (d *Discovery) rangeLabel(l DiscoveryLimit) string {
	switch {
	case l.LowSet && l.HighSet:
		return l.LowText + " – " + l.HighText
	case l.LowSet:
		return "≥ " + l.LowText
	}
	return "≤ " + l.HighText
}
