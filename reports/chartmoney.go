package reports

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// financeFigure shows each provider's monthly revenue (all segments) above
// its monthly profit, in one money unit.
func (d *chartData) financeFigure() *figure {
	ids := d.providerIDs()
	var all [][]float64
	for _, id := range ids {
		all = append(all, d.values(id, "", market.MetricRevenue), d.values(id, "", market.MetricProfit))
	}
	m := maxAbs(all...)
	if m == 0 {
		return nil
	}
	div, suffix, unit := moneyUnit(m)
	f := newFigure("revenue-profit.png", "Revenue and profit by company (USD "+unit+" per month)",
		"Monthly revenue of each cloud over all segments (top) and its monthly profit after chips, power, "+
			"overhead and R&D (bottom). Thin vertical lines mark model releases and policy events.")
	f.height = 1100
	f.note = d.note()
	panel := func(title, metric string) (*plot.Plot, []legendItem) {
		p := d.timePlot(title, 1050)
		p.Y.Label.Text = "USD " + unit + " per month"
		p.Y.Tick.Marker = niceTicks{n: 6, format: formatMoney(suffix)}
		p.Add(zeroLine())
		items := d.companyLines(p, ids, func(id string) []float64 {
			return scaled(d.values(id, "", metric), 1/div)
		})
		d.finishTime(p)
		return p, items
	}
	rev, items := panel("Revenue", market.MetricRevenue)
	rev.Y.Min = 0
	profit, _ := panel("Profit", market.MetricProfit)
	f.legend = append(items, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{rev}, {profit}}
	return f
}

// nvidiaFigure shows Nvidia's China business: monthly revenue with the
// export fees paid out of it, the running totals, and Nvidia's share of
// the chips delivered in China.
func (d *chartData) nvidiaFigure() *figure {
	const id = "nvidia"
	rev, fees := d.zeros(id, "", market.MetricRevenue), d.zeros(id, "", market.MetricExportFees)
	share := d.values(id, "", market.MetricChinaShare)
	if rev == nil {
		return nil
	}
	if fees == nil {
		fees = make([]float64, len(rev))
	}
	cumRev, cumFees := cumulative(rev), cumulative(fees)
	name := d.name(id)
	f := newFigure("nvidia-china.png", name+" in China: revenue, export fees and share of chips delivered",
		"Top: "+name+"'s revenue from chips delivered in China each month, with the part paid to the US government "+
			"as export fees. Middle: the running totals. Bottom: "+name+"'s share of the list value of all chips "+
			"delivered in China over the trailing twelve months. Sales are dated by the monthly settlement that books "+
			"them, so a delivery on the last day of a quarter shows in the next month.")
	f.height = 1200
	f.note = d.note()
	revColor, feeColor := companyColor(id), withAlpha(policyColor, 1)

	div, suffix, unit := moneyUnit(maxAbs(rev))
	monthly := d.timePlot("Monthly revenue and export fees", 1050)
	monthly.Y.Label.Text = "USD " + unit + " per month"
	monthly.Y.Tick.Marker = niceTicks{n: 5, format: formatMoney(suffix)}
	revBars := &timeBars{x: d.x, y: scaled(rev, 1/div), width: 24, color: revColor}
	feeBars := &timeBars{x: d.x, y: scaled(fees, 1/div), width: 12, color: feeColor}
	monthly.Add(revBars, feeBars)
	d.finishTime(monthly)
	monthly.Y.Min = 0

	cdiv, csuffix, cunit := moneyUnit(maxAbs(cumRev))
	cum := d.timePlot("Cumulative since "+d.r.Start.Format("Jan 2006"), 1050)
	cum.Y.Label.Text = "USD " + cunit
	cum.Y.Tick.Marker = niceTicks{n: 5, format: formatMoney(csuffix)}
	cumRevLine := seriesLine(d.x, scaled(cumRev, 1/cdiv), revColor, lineWidth+0.5)
	cumFeeLine := seriesLine(d.x, scaled(cumFees, 1/cdiv), feeColor, lineWidth+0.5)
	cum.Add(cumRevLine, cumFeeLine)
	d.finishTime(cum)
	cum.Y.Min = 0

	f.legend = []legendItem{
		{"revenue from China", swatch(revColor)},
		{"of which export fees", swatch(feeColor)},
		{"cumulative revenue", cumRevLine},
		{"cumulative export fees", cumFeeLine},
	}
	f.panels = [][]*plot.Plot{{monthly}, {cum}}
	if share != nil {
		sp := d.timePlot("Share of chips delivered in China (trailing 12 months, by list value)", 1050)
		sp.Y.Label.Text = "share (%)"
		sp.Y.Tick.Marker = niceTicks{n: 5, format: formatPercent}
		shareLine := seriesLine(d.x, scaled(share, 100), revColor, lineWidth, dashed...)
		sp.Add(shareLine)
		d.finishTime(sp)
		sp.Y.Min = 0
		f.legend = append(f.legend, legendItem{name + "'s share in China", shareLine})
		f.panels = append(f.panels, []*plot.Plot{sp})
	}
	f.legend = append(f.legend, d.eventLegend()...)
	return f
}

// cumulative returns the running sum of vs.
func cumulative(vs []float64) []float64 {
	out := make([]float64, len(vs))
	var s float64
	for i, v := range vs {
		if finite(v) {
			s += v
		}
		out[i] = s
	}
	return out
}

// timeBars draws a bar from zero to y at each x, width days wide, centred.
type timeBars struct {
	x, y  []float64
	width float64 // days
	color color.Color
}

// Plot implements plot.Plotter.
func (b *timeBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, x := range b.x {
		y := b.y[i]
		if !finite(y) || y == 0 {
			continue
		}
		x0, x1 := trX(x-b.width/2), trX(x+b.width/2)
		y0, y1 := trY(0), trY(y)
		pts := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		c.FillPolygon(b.color, pts)
	}
}

// DataRange implements plot.DataRanger.
func (b *timeBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = b.x[0]-b.width/2, b.x[len(b.x)-1]+b.width/2
	ymax = maxAbs(b.y)
	return xmin, xmax, 0, ymax
}

// zeroLine returns a thin horizontal line at y = 0.
func zeroLine() *refLine {
	return &refLine{y: 0, style: draw.LineStyle{Color: colorAxis, Width: px(1.5)}}
}

// refLine is a horizontal reference line across a panel; it does not
// change the panel's range.
type refLine struct {
	y     float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (l *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	if l.y < p.Y.Min || l.y > p.Y.Max {
		return
	}
	_, trY := p.Transforms(&c)
	y := trY(l.y)
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}
