package reports

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepCharts renders the charts of a sweep, one per outcome: for one
// axis a line chart of the outcome against the swept number
// (sweep-<outcome>.png), with the P5–P95 band of the runs when each point
// has several; for two axes a heat map (heatmap-<outcome>.png). The PNGs
// are a pure function of s.
func SweepCharts(s *Sweep) ([]Chart, error) {
	var figs []*figure
	for o := range s.Outcomes {
		if len(s.Axes) == 1 {
			figs = append(figs, s.lineFigure(o))
		} else {
			figs = append(figs, s.heatFigure(o))
		}
	}
	return renderAll(figs)
}

// note is the small print of a sweep chart.
func (s *Sweep) note() string {
	n := len(s.Points)
	runs := fmt.Sprintf("%d points, seed %d", n, s.Seed)
	if s.Runs > 1 {
		runs = fmt.Sprintf("%d points × %d seeds from master seed %d", n, s.Runs, s.Seed)
	}
	return fmt.Sprintf("aicloudsim · scenario %s · sweep of %d runs: %s · scenario %.12s", s.Scenario, n*s.Runs, runs, s.Hash)
}

// tickText writes value i of the axis in its display unit, for tick
// labels: "0.7", "$8K", "25%".
func (a SweepAxis) tickText(i int) string {
	v := a.Values[i]
	switch {
	case a.Money:
		div, suffix, _ := moneyUnit(maxAbs(a.Values))
		return formatMoney(suffix)(roundSig(v/div, 4))
	case a.Unit == "%":
		return formatPercent(roundSig(v, 4))
	}
	return formatNumber(roundSig(v, 4))
}

// ticks returns the tick marker of a swept axis and its labels'
// format.
func (a SweepAxis) ticks() plot.Ticker {
	format := formatNumber
	if a.Money {
		div, suffix, _ := moneyUnit(maxAbs(a.Values))
		f := formatMoney(suffix)
		format = func(v float64) string { return f(v / div) }
	}
	if a.Log {
		return logTicks{format: format}
	}
	return niceTicks{n: 7, format: format}
}

// lineFigure is outcome o against the one swept number.
func (s *Sweep) lineFigure(o int) *figure {
	out, ax := s.Outcomes[o], s.Axes[0]
	med, lo, hi := make([]float64, len(s.Points)), make([]float64, len(s.Points)), make([]float64, len(s.Points))
	xs := make([]float64, len(s.Points))
	for i, p := range s.Points {
		xs[i] = ax.Values[p.Index[0]]
		med[i], lo[i], hi[i] = p.Stats[o].P[2], p.Stats[o].P[0], p.Stats[o].P[4]
	}
	k, label, format := out.axis(maxAbs(hi, lo))
	med, lo, hi = scaled(med, k), scaled(lo, k), scaled(hi, k)
	col := out.color()
	what := "the outcome of the single run"
	if s.Runs > 1 {
		what = fmt.Sprintf("the median over %d seeds (shared by every point), with the middle 90%% of them shaded", s.Runs)
	}
	f := newFigure("sweep-"+fileID(out.ID)+".png", out.Label+" as "+ax.Path+" varies",
		fmt.Sprintf("%s at %d values of %s, every other number at its value; the line is %s. ", out.Label, len(xs), ax.Path, what)+
			"The dashed line marks the scenario's own value and the grey band its stated range, where it gives them.")
	p := newPlot("")
	if finite(ax.Low) && finite(ax.High) {
		p.Add(&xSpan{lo: ax.Low, hi: ax.High, color: withAlpha(rgb(0x80, 0x80, 0x80), 0.15)})
	}
	if s.Runs > 1 {
		p.Add(bandPolygon(xs, lo, hi, withAlpha(col, 0.22)))
	}
	line := seriesLine(xs, med, col, lineWidth)
	dots := dotsAt(xs, med, col)
	p.Add(line, dots)
	base := &vline{x: ax.Base, style: draw.LineStyle{Color: colorText, Width: px(1.5), Dashes: dashed}}
	p.Add(base)
	p.X.Label.Text = ax.Label()
	p.X.Tick.Marker = ax.ticks()
	if ax.Log {
		p.X.Scale = plot.LogScale{}
	}
	p.X.Min, p.X.Max = math.Min(xs[0], xs[len(xs)-1]), math.Max(xs[0], xs[len(xs)-1])
	p.Y.Label.Text = label
	p.Y.Tick.Marker = niceTicks{n: 6, format: format}
	f.panels = [][]*plot.Plot{{p}}
	name := out.Label
	if s.Runs > 1 {
		name = "median over the seeds"
	}
	f.legend = []legendItem{{name, line}}
	if s.Runs > 1 {
		f.legend = append(f.legend, legendItem{"middle 90% of seeds (P5–P95)", swatch(withAlpha(col, 0.22))})
	}
	if finite(ax.Base) {
		f.legend = append(f.legend, legendItem{"scenario's value: " + baseText(ax), base})
	}
	if finite(ax.Low) && finite(ax.High) {
		f.legend = append(f.legend, legendItem{"scenario's range", swatch(withAlpha(rgb(0x80, 0x80, 0x80), 0.15))})
	}
	f.note = s.note()
	return f
}

// baseText writes the axis's base value with its unit.
func baseText(a SweepAxis) string {
	if a.Money {
		return usd(a.Base)
	}
	s := formatNumber(roundSig(a.Base, 4))
	if a.Unit == "%" {
		return s + "%"
	}
	if a.Unit != "" {
		s += " " + a.Unit
	}
	return s
}

// dotsAt returns a circle at each finite point.
func dotsAt(xs, ys []float64, c color.Color) *plotter.Scatter {
	var xys plotter.XYs
	for i, y := range ys {
		if finite(y) {
			xys = append(xys, plotter.XY{X: xs[i], Y: y})
		}
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		sc = &plotter.Scatter{}
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: px(5), Shape: draw.CircleGlyph{}}
	return sc
}

// xSpan shades the full height of a panel between two x values.
type xSpan struct {
	lo, hi float64
	color  color.Color
}

// Plot implements plot.Plotter.
func (s *xSpan) Plot(c draw.Canvas, p *plot.Plot) {
	lo, hi := math.Max(s.lo, p.X.Min), math.Min(s.hi, p.X.Max)
	if !(hi > lo) {
		return
	}
	trX, _ := p.Transforms(&c)
	x0, x1 := trX(lo), trX(hi)
	c.FillPolygon(s.color, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}
