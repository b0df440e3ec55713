package reports

import (
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// ChartOption gives [Charts] facts of the scenario that a run's results
// do not carry.
type ChartOption func(*chartData)

// WithFestivals shades the festival windows (such as Spring Festival,
// when demand dips) on every time chart. Windows of several segments on
// the same days are shaded once; windows outside the run are left out.
func WithFestivals(windows []market.Window) ChartOption {
	return func(d *chartData) {
		if len(d.x) == 0 {
			return
		}
		first, last := d.x[0], d.x[len(d.x)-1]
		for _, w := range windows {
			span := [2]float64{float64(w.From), float64(int(w.From) + w.Days)}
			if w.Days > 0 && span[1] > first && span[0] < last && !containsSpan(d.festivals, span) {
				d.festivals = append(d.festivals, span)
			}
		}
	}
}

// SegmentFestivals returns the festival windows of every segment, in
// order, for WithFestivals.
func SegmentFestivals(segments []market.Segment) []market.Window {
	var out []market.Window
	for _, s := range segments {
		out = append(out, s.Festivals...)
	}
	return out
}

// WithTargets draws the scenario's dated source figures where a chart can
// show them: a market-size figure (kind spend, all paid segments) over a
// whole calendar year is marked on the market-size chart.
func WithTargets(targets []market.Target) ChartOption {
	return func(d *chartData) {
		for _, t := range targets {
			if t.Kind != market.TargetSpend || t.Segment != "" {
				continue
			}
			from, to := d.r.Date(t.From), d.r.Date(t.To)
			if from.Month() == time.January && from.Day() == 1 && to.Year() == from.Year() && to.Month() == time.December && to.Day() == 31 {
				d.sizeRefs = append(d.sizeRefs, sizeRef{year: from.Year(), usd: t.Value, label: t.Name})
			}
		}
	}
}

// sizeRef is a source's market size for a calendar year.
type sizeRef struct {
	year  int
	usd   float64
	label string
}

func containsSpan(spans [][2]float64, s [2]float64) bool {
	for _, x := range spans {
		if x == s {
			return true
		}
	}
	return false
}

// festivalShade shades day spans across the whole height of a panel.
type festivalShade struct{ spans [][2]float64 }

// festivalColor is the shade of festival windows: a pale gold that reads
// through the data drawn over it.
var festivalColor = withAlpha(rgb(0xf2, 0xc1, 0x2e), 0.22)

// Plot implements plot.Plotter.
func (f *festivalShade) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, s := range f.spans {
		lo, hi := max(s[0], p.X.Min), min(s[1], p.X.Max)
		if lo >= hi {
			continue
		}
		c.SetColor(festivalColor)
		r := c.Rectangle
		r.Min.X, r.Max.X = trX(lo), trX(hi)
		c.Fill(r.Path())
	}
}
