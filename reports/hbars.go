package reports

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// hbar is one horizontal bar of an hbars plotter: from one x to another
// in row Row (row 0 is drawn at the top), offset within its row by Offset
// rows and Height rows tall, with an optional label beyond its To end.
type hbar struct {
	Row            int
	From, To       float64
	Offset, Height float64
	Color          color.Color
	Label          string
	// Reach, if set, is how far beyond To in the bar's direction something
	// else (a whisker) is drawn along the bar's centre; the label then
	// goes above the centre line, clear of it.
	Reach    float64
	HasReach bool
}

// hbars draws horizontal bars on a plot whose y axis counts rows from the
// top: the tornado, Morris and attribution charts. Rows are y values
// n−1 … 0, so rowTicks labels them top down.
type hbars struct {
	n    int // rows
	bars []hbar
	// whiskers are thin lines with end caps, e.g. σ or a P5–P95 range.
	whiskers []hbar
}

// y returns the y value of the centre of a row.
func (b *hbars) y(row int, offset float64) float64 { return float64(b.n-1-row) + offset }

// Plot implements plot.Plotter.
func (b *hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	label := textStyle(noteSize, false, colorText)
	label.YAlign = draw.YCenter
	for _, r := range b.bars {
		if !finite(r.From) || !finite(r.To) {
			continue
		}
		y0, y1 := trY(b.y(r.Row, r.Offset-r.Height/2)), trY(b.y(r.Row, r.Offset+r.Height/2))
		x0, x1 := trX(r.From), trX(r.To)
		if x0 != x1 {
			pts := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.FillPolygon(r.Color, pts)
		}
		if r.Label != "" {
			// Beside the bar's end; above the centre line when a whisker
			// runs along it, so the label never sits on the whisker.
			at := vg.Point{X: trX(r.To) + px(6), Y: (y0 + y1) / 2}
			st := label
			if r.HasReach {
				st.YAlign = draw.YBottom
				at.Y += px(10) // above the whisker and its caps
			}
			if r.To < r.From {
				st.XAlign = draw.XRight
				at.X = trX(r.To) - px(6)
			}
			c.FillText(st, at, r.Label)
		}
	}
	for _, w := range b.whiskers {
		if !finite(w.From) || !finite(w.To) {
			continue
		}
		ls := draw.LineStyle{Color: w.Color, Width: px(2)}
		y := trY(b.y(w.Row, w.Offset))
		capLen := px(6)
		x0, x1 := trX(w.From), trX(w.To)
		c.StrokeLine2(ls, x0, y, x1, y)
		c.StrokeLine2(ls, x0, y-capLen, x0, y+capLen)
		c.StrokeLine2(ls, x1, y-capLen, x1, y+capLen)
	}
}

// DataRange implements plot.DataRanger: the bars' ends, and every row.
func (b *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, r := range append(append([]hbar(nil), b.bars...), b.whiskers...) {
		for _, x := range []float64{r.From, r.To} {
			if finite(x) {
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
			}
		}
	}
	if xmin > xmax {
		xmin, xmax = 0, 1
	}
	return xmin, xmax, -0.5, float64(b.n) - 0.5
}

// rowTicks labels the rows of an hbars plot, top down.
func rowTicks(labels []string) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(labels))
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: float64(len(labels) - 1 - i), Label: l}
	}
	return ticks
}

// vline is a vertical reference line across a panel at x; it does not
// change the panel's range.
type vline struct {
	x     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l *vline) Plot(c draw.Canvas, p *plot.Plot) {
	if !finite(l.x) || l.x < p.X.Min || l.x > p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	x := trX(l.x)
	c.StrokeLine2(l.style, x, c.Min.Y, x, c.Max.Y)
}

// Thumbnail implements plot.Thumbnailer, for legends: a horizontal
// stroke in the line's style, which a thumbnail's height is too short to
// show upright.
func (l *vline) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// padRange widens [lo, hi] by frac of its width on each side, or by
// frac of |lo| (or 1) when it is a single point.
func padRange(lo, hi, frac float64) (float64, float64) {
	w := hi - lo
	if w <= 0 {
		w = math.Max(math.Abs(lo), 1)
	}
	return lo - frac*w, hi + frac*w
}

// rowsPlot returns a bare panel for hbars: a vertical grid only, the rows
// labelled down the left without tick marks.
func rowsPlot(title string, labels []string) *plot.Plot {
	p := newBarePlot(title)
	p.Add(&verticalGrid{})
	p.Y.Tick.Marker = rowTicks(labels)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.5, float64(len(labels))-0.5
	p.Y.Padding = 0
	return p
}

// verticalGrid draws the grid lines at the labelled x ticks only.
type verticalGrid struct{}

// Plot implements plot.Plotter.
func (verticalGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	ls := draw.LineStyle{Color: colorGrid, Width: px(1)}
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label == "" || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		x := trX(t.Value)
		c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
	}
}
