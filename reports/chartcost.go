package reports

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// costGrid is the data of the serving-cost chart: USD per million tokens
// of every text model (x groups) on every chip (bars), NaN where the pair
// cannot be served.
type costGrid struct {
	models, chips []string    // in order of first appearance in the table
	usd           [][]float64 // [model][chip]
}

// textCosts collects the text rows of a serving table.
func textCosts(rows []hardware.Serving) costGrid {
	var g costGrid
	mi, ci := map[string]int{}, map[string]int{}
	for _, s := range rows {
		if s.Kind != hardware.Text {
			continue
		}
		if _, ok := mi[s.Workload]; !ok {
			mi[s.Workload] = len(g.models)
			g.models = append(g.models, s.Workload)
		}
		if _, ok := ci[s.Chip]; !ok {
			ci[s.Chip] = len(g.chips)
			g.chips = append(g.chips, s.Chip)
		}
	}
	g.usd = make([][]float64, len(g.models))
	for i := range g.usd {
		g.usd[i] = make([]float64, len(g.chips))
		for j := range g.usd[i] {
			g.usd[i][j] = math.NaN()
		}
	}
	for _, s := range rows {
		if s.Kind == hardware.Text && s.Err == "" && s.USDPerMillionUnits > 0 {
			g.usd[mi[s.Workload]][ci[s.Chip]] = s.USDPerMillionUnits
		}
	}
	return g
}

// costFigure is a grouped bar chart of serving cost: one group per text
// model, one bar per chip, on a log axis, from the roofline table.
func (d *chartData) costFigure(rows []hardware.Serving) *figure {
	g := textCosts(rows)
	lo, hi := positiveRange(g.usd...)
	if hi == 0 {
		return nil
	}
	f := newFigure("serving-cost.png", "Serving cost by chip and model (USD per million tokens, log scale)",
		"What one million output tokens cost to serve on each chip, from the roofline model: chip-hour cost "+
			"(depreciation, power, overhead) divided by tokens per chip-hour at the batch that meets the speed "+
			"target. Domestic chips in warm colours, foreign in cool. The axis is logarithmic.")
	f.width, f.height = 1800, 950
	f.note = "aicloudsim · roofline serving table of scenario " + d.r.Scenario + " · text models only"

	// Foreign chips first, then domestic ones, as on the fleet chart;
	// chips outside the result (none in a normal run) count as foreign and
	// are grey.
	colors := chipColors(d.r.Chips)
	info := map[string]market.ChipInfo{}
	for _, c := range d.r.Chips {
		info[c.ID] = c
	}
	order := make([]int, len(g.chips))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool {
		return !info[g.chips[order[a]]].Domestic && info[g.chips[order[b]]].Domestic
	})
	bars := &groupBars{values: make([][]float64, len(g.models))}
	for i := range g.models {
		for _, j := range order {
			bars.values[i] = append(bars.values[i], g.usd[i][j])
		}
	}
	heading := ""
	for _, j := range order {
		c := g.chips[j]
		col, ok := colors[c]
		if !ok {
			col = rgb(0x99, 0x99, 0x99)
		}
		bars.colors = append(bars.colors, col)
		h, n := "Foreign chips", info[c].Name
		if info[c].Domestic {
			h = "Domestic chips"
		}
		if n == "" {
			n = c
		}
		if h != heading {
			if heading != "" {
				f.legend = append(f.legend, legendItem{label: " "})
			}
			f.legend = append(f.legend, legendItem{label: h})
			heading = h
		}
		f.legend = append(f.legend, legendItem{n, swatch(col)})
	}

	p := newBarePlot("")
	p.Add(&plotter.Grid{Horizontal: draw.LineStyle{Color: colorGrid, Width: px(1)}})
	p.Y.Label.Text = "USD per million tokens (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = logTicks{format: func(v float64) string { return "$" + formatNumber(v) }}
	ticks := make(plot.ConstantTicks, len(g.models))
	for i, m := range g.models {
		ticks[i] = plot.Tick{Value: float64(i), Label: m}
	}
	p.X.Tick.Marker = ticks
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
	p.X.Tick.Length = 0
	p.X.Label.Text = "model"
	p.Add(bars)
	p.X.Min, p.X.Max = -0.5, float64(len(g.models))-0.5
	p.X.Padding = 0
	p.Y.Min, p.Y.Max = lo, hi
	f.panels = [][]*plot.Plot{{p}}
	return f
}

// groupBars draws grouped bars on a plot whose x axis counts groups: group
// i spans [i-0.4, i+0.4], split evenly among its bars. Bars rise from the
// bottom of the y axis, so they work on a log scale.
type groupBars struct {
	values [][]float64 // [group][bar], NaN for no bar
	colors []color.Color
}

// Plot implements plot.Plotter.
func (b *groupBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sep := draw.LineStyle{Color: colorGrid, Width: px(1)}
	for i, vs := range b.values {
		if i > 0 {
			x := trX(float64(i) - 0.5)
			c.StrokeLine2(sep, x, c.Min.Y, x, c.Max.Y)
		}
		w := 0.8 / float64(len(vs))
		for j, v := range vs {
			if !finite(v) || v <= 0 {
				continue
			}
			x0 := trX(float64(i) - 0.4 + float64(j)*w)
			x1 := trX(float64(i) - 0.4 + float64(j+1)*w)
			y0, y1 := c.Min.Y, trY(v)
			pts := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.FillPolygon(b.colors[j], pts)
		}
	}
}
