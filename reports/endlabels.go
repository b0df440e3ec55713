package reports

import (
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// endLabels names lines directly, at the right of their last point, so a
// reader need not match colours against a legend. Labels that would
// overlap are pushed apart vertically, in order, and joined to their line
// by a short leader.
type endLabels struct {
	items []endLabel
}

// endLabel is one line's label: its last point and colour.
type endLabel struct {
	x, y  float64
	text  string
	color color.Color
}

// endLabelRoom is the room the labels take right of the last point, as a
// share of the panel's x span; callers widen the x range by it.
const endLabelRoom = 0.16

// add labels the line through xs, ys at its last finite point.
func (e *endLabels) add(xs, ys []float64, text string, c color.Color) {
	for i := len(ys) - 1; i >= 0; i-- {
		if finite(ys[i]) {
			e.items = append(e.items, endLabel{xs[i], ys[i], text, c})
			return
		}
	}
}

// Plot implements plot.Plotter.
func (e *endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(legendSize-1, true, colorText)
	sty.YAlign = draw.YCenter
	h := sty.Height("Mg") * 1.05
	type placed struct {
		endLabel
		at, ty vg.Length
	}
	ps := make([]placed, 0, len(e.items))
	for _, it := range e.items {
		y := trY(it.y)
		ps = append(ps, placed{it, y, y})
	}
	slices.SortStableFunc(ps, func(a, b placed) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	for i := 1; i < len(ps); i++ { // push up
		ps[i].ty = max(ps[i].ty, ps[i-1].ty+h)
	}
	if n := len(ps); n > 0 && ps[n-1].ty > c.Max.Y-h/2 { // then down from the top
		ps[n-1].ty = c.Max.Y - h/2
		for i := n - 2; i >= 0; i-- {
			ps[i].ty = min(ps[i].ty, ps[i+1].ty-h)
		}
	}
	for _, pl := range ps {
		x := trX(pl.x)
		lead := draw.LineStyle{Color: pl.color, Width: px(1.5)}
		c.StrokeLines(lead, []vg.Point{{X: x + px(3), Y: pl.at}, {X: x + px(14), Y: pl.ty}, {X: x + px(20), Y: pl.ty}})
		sty.Color = pl.color
		c.FillText(sty, vg.Point{X: x + px(24), Y: pl.ty}, pl.text)
	}
}

// ticksUpTo keeps the ticks of a marker at or below a limit, so an axis
// widened for labels shows no dates beyond the data.
type ticksUpTo struct {
	plot.Ticker
	limit float64
}

// Ticks implements plot.Ticker.
func (t ticksUpTo) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range t.Ticker.Ticks(lo, hi) {
		if tk.Value <= t.limit {
			out = append(out, tk)
		}
	}
	return out
}
