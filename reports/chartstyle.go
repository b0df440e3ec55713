package reports

import (
	"image/color"
	"math"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	ptext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	colorText  = rgb(0x1a, 0x1a, 0x1a)
	colorNote  = rgb(0x60, 0x60, 0x60)
	colorGrid  = rgb(0xdd, 0xdd, 0xdd)
	colorAxis  = rgb(0x40, 0x40, 0x40)
	colorWhite = rgb(0xff, 0xff, 0xff)
)

// sans returns Liberation Sans (gonum's bundled font) at size points.
func sans(size float64, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(size)}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// textStyle returns a left-aligned, baseline-bottom text style.
func textStyle(size float64, bold bool, c color.Color) ptext.Style {
	return ptext.Style{Color: c, Font: sans(size, bold), Handler: chartText}
}

// newPlot returns a panel with the chart fonts, thin dark axes and a light
// grid at the labelled ticks. The grid is the first plotter, so data is
// drawn over it.
func newPlot(title string) *plot.Plot {
	p := newBarePlot(title)
	p.Add(&plotter.Grid{
		Vertical:   draw.LineStyle{Color: colorGrid, Width: px(1)},
		Horizontal: draw.LineStyle{Color: colorGrid, Width: px(1)},
	})
	return p
}

// newBarePlot is newPlot without the grid.
func newBarePlot(title string) *plot.Plot {
	p := plot.New()
	// The figure is white already; a panel's own background would only be
	// painted over it again, pixel by pixel.
	p.BackgroundColor = nil
	p.TextHandler, p.Title.TextStyle.Handler, p.Legend.TextStyle.Handler = chartText, chartText, chartText
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(panelSize, true)
	p.Title.TextStyle.Color = colorText
	p.Title.Padding = px(10)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Handler, a.Tick.Label.Handler = chartText, chartText
		a.Label.TextStyle.Font = sans(labelSize, false)
		a.Label.TextStyle.Color = colorText
		a.Label.Padding = px(8)
		a.Tick.Label.Font = sans(tickSize, false)
		a.Tick.Label.Color = colorText
		a.LineStyle = draw.LineStyle{Color: colorAxis, Width: px(1.5)}
		a.Tick.LineStyle = draw.LineStyle{Color: colorAxis, Width: px(1.5)}
		a.Tick.Length = px(9)
	}
	p.Y.Tick.Marker = niceTicks{n: 6}
	return p
}

// line returns a line through the finite points of (xs, ys) in colour c,
// width points wide, dashed when dashes are given.
func seriesLine(xs, ys []float64, c color.Color, width float64, dashes ...vg.Length) *plotter.Line {
	xys := make(plotter.XYs, 0, len(xs))
	for i, y := range ys {
		if finite(y) {
			xys = append(xys, plotter.XY{X: xs[i], Y: y})
		}
	}
	return &plotter.Line{XYs: xys, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(width), Dashes: dashes}}
}

// swatch is a legend thumbnail: a filled box in a colour.
func swatch(c color.Color) plot.Thumbnailer {
	return &plotter.Polygon{Color: c, LineStyle: draw.LineStyle{Color: c, Width: 0}}
}

// dash patterns.
var (
	dashed = []vg.Length{vg.Points(7), vg.Points(4)}
	dotted = []vg.Length{vg.Points(2), vg.Points(3)}
)

// stackPolygons returns one filled band per layer, stacked in order from
// the bottom: layer i lies between the sum of layers 0..i-1 and 0..i.
// Non-finite values count as zero.
func stackPolygons(xs []float64, layers [][]float64, colors []color.Color) []*plotter.Polygon {
	base := make([]float64, len(xs))
	out := make([]*plotter.Polygon, len(layers))
	for i, l := range layers {
		ring := make(plotter.XYs, 0, 2*len(xs))
		top := make([]float64, len(xs))
		for j, x := range xs {
			v := l[j]
			if !finite(v) {
				v = 0
			}
			top[j] = base[j] + v
			ring = append(ring, plotter.XY{X: x, Y: top[j]})
		}
		for j := len(xs) - 1; j >= 0; j-- {
			ring = append(ring, plotter.XY{X: xs[j], Y: base[j]})
		}
		out[i] = &plotter.Polygon{
			XYs:       []plotter.XYs{ring},
			Color:     colors[i],
			LineStyle: draw.LineStyle{Color: colorWhite, Width: px(1)},
		}
		base = top
	}
	return out
}

// fitAxis widens a y axis to its outermost labelled ticks, so the top and
// bottom of the data are read against a number; axes without niceTicks or
// logTicks are left alone.
func fitAxis(a *plot.Axis) {
	if !(a.Max > a.Min) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) {
		return
	}
	switch t := a.Tick.Marker.(type) {
	case niceTicks:
		for range 3 { // a wider range may choose a wider step; settle it
			lo, hi := t.bounds(a.Min, a.Max)
			if lo == a.Min && hi == a.Max {
				return
			}
			a.Min, a.Max = lo, hi
		}
	case logTicks:
		if a.Min > 0 {
			a.Min, a.Max = logBounds(a.Min, a.Max)
		}
	}
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// scale returns vs multiplied by k; non-finite values stay as they are.
func scaled(vs []float64, k float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v * k
	}
	return out
}

// maxAbs returns the largest finite |v| in the series, or 0.
func maxAbs(series ...[]float64) float64 {
	var m float64
	for _, s := range series {
		for _, v := range s {
			if finite(v) {
				m = math.Max(m, math.Abs(v))
			}
		}
	}
	return m
}
