package reports

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// viridis are stops of the viridis colour map (dark blue to yellow): it is
// perceptually uniform, reads in greyscale and for colour-blind viewers.
var viridis = []color.RGBA{
	rgb(0x44, 0x01, 0x54), rgb(0x48, 0x28, 0x78), rgb(0x3e, 0x4a, 0x89), rgb(0x31, 0x68, 0x8e),
	rgb(0x26, 0x82, 0x8e), rgb(0x1f, 0x9e, 0x89), rgb(0x35, 0xb7, 0x79), rgb(0x6d, 0xcd, 0x59),
	rgb(0xb4, 0xde, 0x2c), rgb(0xfd, 0xe7, 0x25),
}

// colorAt returns the viridis colour at t in [0, 1].
func colorAt(t float64) color.RGBA {
	t = math.Min(1, math.Max(0, t))
	x := t * float64(len(viridis)-1)
	i := min(int(x), len(viridis)-2)
	f := x - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(p, q uint8) uint8 { return uint8(math.Round(float64(p) + f*(float64(q)-float64(p)))) }
	return rgb(mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B))
}

// heatCells draws a grid of coloured cells at integer (x, y) positions,
// each with its value written in it when the grid is small enough.
type heatCells struct {
	nx, ny int
	value  func(i, j int) float64 // in display units; NaN for none
	lo, hi float64
	text   func(v float64) string
	mark   [2]int // the cell to outline, or {-1, -1}
	labels bool
}

// Plot implements plot.Plotter.
func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	st := textStyle(noteSize, true, colorText)
	st.XAlign, st.YAlign = draw.XCenter, draw.YCenter
	for i := range h.nx {
		for j := range h.ny {
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			y0, y1 := trY(float64(j)-0.5), trY(float64(j)+0.5)
			rect := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
			v := h.value(i, j)
			if !finite(v) {
				c.FillPolygon(colorGrid, rect)
				continue
			}
			t := 0.5
			if h.hi > h.lo {
				t = (v - h.lo) / (h.hi - h.lo)
			}
			c.FillPolygon(colorAt(t), rect)
			if h.labels {
				st.Color = colorWhite
				if t > 0.6 {
					st.Color = colorText
				}
				c.FillText(st, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, h.text(v))
			}
		}
	}
	if h.mark[0] >= 0 {
		i, j := float64(h.mark[0]), float64(h.mark[1])
		ls := draw.LineStyle{Color: rgb(0xff, 0x2a, 0x6d), Width: px(4)}
		x0, x1, y0, y1 := trX(i-0.5), trX(i+0.5), trY(j-0.5), trY(j+0.5)
		c.StrokeLines(ls, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
	}
}

// DataRange implements plot.DataRanger.
func (h *heatCells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(h.nx) - 0.5, -0.5, float64(h.ny) - 0.5
}

// categoryTicks labels cells 0…n−1 with texts, leaving some out when
// there are more than fit: at most max labels.
func categoryTicks(texts []string, most int) plot.ConstantTicks {
	step := max(1, (len(texts)+most-1)/most)
	var ticks plot.ConstantTicks
	for i, t := range texts {
		if i%step == 0 || i == len(texts)-1 && step == 1 {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: t})
		}
	}
	return ticks
}

// nearest returns the index of the value nearest to x, or -1 if x is
// outside the values' span.
func nearest(values []float64, x float64) int {
	if !finite(x) || len(values) == 0 {
		return -1
	}
	lo, hi := math.Min(values[0], values[len(values)-1]), math.Max(values[0], values[len(values)-1])
	if x < lo || x > hi {
		return -1
	}
	best := 0
	for i, v := range values {
		if math.Abs(v-x) < math.Abs(values[best]-x) {
			best = i
		}
	}
	return best
}

// heatFigure is the heat map of outcome o over the two swept numbers.
func (s *Sweep) heatFigure(o int) *figure {
	out, ax, ay := s.Outcomes[o], s.Axes[0], s.Axes[1]
	nx, ny := len(ax.Values), len(ay.Values)
	grid := make([][]float64, nx)
	for i := range grid {
		grid[i] = make([]float64, ny)
	}
	var all []float64
	for _, p := range s.Points {
		v := p.Stats[o].P[2]
		grid[p.Index[0]][p.Index[1]] = v
		all = append(all, v)
	}
	k, label, format := out.axis(maxAbs(all))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range all {
		if finite(v) {
			lo, hi = math.Min(lo, v*k), math.Max(hi, v*k)
		}
	}
	h := &heatCells{nx: nx, ny: ny, lo: lo, hi: hi, labels: nx <= 16 && ny <= 16,
		value: func(i, j int) float64 { return grid[i][j] * k },
		text:  func(v float64) string { return out.Format(v / k) },
		mark:  [2]int{nearest(ax.Values, ax.Base), nearest(ay.Values, ay.Base)}}
	if h.mark[0] < 0 || h.mark[1] < 0 {
		h.mark = [2]int{-1, -1}
	}
	what := "the outcome of the single run"
	if s.Runs > 1 {
		what = fmt.Sprintf("the median over %d seeds shared by every cell", s.Runs)
	}
	f := newFigure("heatmap-"+fileID(out.ID)+".png", out.Label+" as "+ax.Path+" and "+ay.Path+" vary",
		fmt.Sprintf("Each cell is %s with the two numbers at its row's and column's values and every other number at its value; "+
			"the colour runs from the lowest (dark blue) to the highest (yellow) value. The outlined cell is nearest to the scenario's own values.", what))
	p := newBarePlot("")
	p.Add(h)
	p.X.Label.Text, p.Y.Label.Text = ax.Label(), ay.Label()
	p.X.Tick.Marker = categoryTicks(ax.tickTexts(), 10)
	p.Y.Tick.Marker = categoryTicks(ay.tickTexts(), 14)
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(nx)-0.5, -0.5, float64(ny)-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1500, max(chartHeight, 200+min(60*ny, 900))
	f.legend = append(f.legend, legendItem{label: label})
	steps := 7
	for i := steps - 1; i >= 0; i-- {
		v := lo + (hi-lo)*float64(i)/float64(steps-1)
		f.legend = append(f.legend, legendItem{format(roundSig(v, 3)), swatch(colorAt(float64(i) / float64(steps-1)))})
	}
	if h.mark[0] >= 0 {
		f.legend = append(f.legend, legendItem{label: " "}, legendItem{"nearest to the scenario's values", &outlineThumb{}})
	}
	f.note = s.note()
	return f
}

// outlineThumb is the legend thumbnail of the outlined cell.
type outlineThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (outlineThumb) Thumbnail(c *draw.Canvas) {
	ls := draw.LineStyle{Color: rgb(0xff, 0x2a, 0x6d), Width: px(4)}
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Min.Y}}
	c.StrokeLines(ls, pts)
}

// tickTexts returns tickText of every value.
func (a SweepAxis) tickTexts() []string {
	out := make([]string, len(a.Values))
	for i := range out {
		out[i] = a.tickText(i)
	}
	return out
}
