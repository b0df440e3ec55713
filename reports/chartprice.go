package reports

import (
	"math"
	"sort"

	"gonum.org/v1/plot"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// priceFigures returns a price chart for every paid segment.
func (d *chartData) priceFigures() []*figure {
	var figs []*figure
	for _, s := range d.r.Segments {
		if s.Kind == market.Paid {
			figs = append(figs, d.priceFigure(s))
		}
	}
	return figs
}

// priceFigure shows each provider's list price in a segment and the
// market's average price paid. When prices span more than a factor of ten,
// as Western and Chinese token prices do, the axis is logarithmic and a
// second panel shows the companies near the typical price on a linear
// axis, where their differences can be read.
func (d *chartData) priceFigure(seg market.SegmentInfo) *figure {
	ids := d.providerIDs()
	price := func(id string) []float64 { return d.values(id, seg.ID, market.MetricPrice) }
	var all [][]float64
	for _, id := range ids {
		all = append(all, price(id))
	}
	avg := d.values(market.Market, seg.ID, market.MetricPrice)
	lo, hi := positiveRange(append(all, avg)...)
	if hi == 0 {
		return nil
	}
	unit := "USD per " + seg.Unit
	f := newFigure("price-"+seg.ID+".png", seg.Name+": price by company ("+unit+")",
		"Each company's list price in "+seg.Name+", in "+unit+", and the market's average price paid "+
			"(spend divided by volume, dotted). Companies charging the same price are drawn as nested stripes, "+
			"the first in the legend outermost.")
	f.note = d.note()
	panel := func(title string, ids []string, log bool) (*plot.Plot, []legendItem) {
		p := d.timePlot(title, 1050)
		p.Y.Label.Text = unit
		values, mean := price, avg
		if log {
			p.Y.Label.Text += " (log scale)"
			p.Y.Scale = plot.LogScale{}
			p.Y.Tick.Marker = logTicks{}
			// A log axis cannot show zero or negative prices: leave them out.
			values = func(id string) []float64 { return positiveOnly(price(id)) }
			mean = positiveOnly(avg)
		}
		items := d.companyLines(p, ids, values)
		if anyFinite(mean) {
			l := seriesLine(d.x, mean, colorText, lineWidth, dotted...)
			p.Add(l)
			items = append(items, legendItem{"market average", l})
		}
		d.finishTime(p)
		d.labelEnds(p, ids, values)
		if !log {
			p.Y.Min = 0
		}
		return p, items
	}
	if hi <= 10*lo {
		p, items := panel("", ids, false)
		f.legend = append(items, d.eventLegend()...)
		f.panels = [][]*plot.Plot{{p}}
		return f
	}
	top, items := panel("All companies (log scale)", ids, true)
	f.legend = append(items, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{top}}
	if near := typicalPriced(ids, all); len(near) > 0 && len(near) < len(ids) && anyFinite(avg) {
		f.panels = append(f.panels, []*plot.Plot{d.priceIndexPanel(near, price, avg)})
		f.height = 1100
		f.caption += " Top: all companies on a logarithmic axis (equal steps are equal ratios). Bottom: each of the " +
			"companies whose median price is within a factor of three of the typical company's, as its price over " +
			"the market average (1 = the average), named at its line's end."
	}
	return f
}

// priceIndexPanel draws each company's price divided by the market
// average, so that companies a few percent apart, which overlap on a
// price axis spanning the Western labs, separate; each line is named at
// its end.
func (d *chartData) priceIndexPanel(ids []string, price func(string) []float64, avg []float64) *plot.Plot {
	p := d.timePlot("Price relative to the market average (1 = average)", 1050)
	p.Y.Label.Text = "price ÷ market average"
	index := func(id string) []float64 {
		v := price(id)
		out := make([]float64, len(v))
		for i := range v {
			out[i] = math.NaN()
			if i < len(avg) && finite(avg[i]) && avg[i] > 0 {
				out[i] = v[i] / avg[i]
			}
		}
		return out
	}
	one := make([]float64, len(d.x))
	for i := range one {
		one[i] = 1
	}
	p.Add(seriesLine(d.x, one, colorText, 1.5, dotted...))
	d.companyLines(p, ids, index)
	d.finishTimeUnlabelled(p)
	d.labelEnds(p, ids, index)
	return p
}

// labelEnds names each company's line at its end and widens the x range
// to make room for the names; the date ticks stop at the last month.
func (d *chartData) labelEnds(p *plot.Plot, ids []string, values func(string) []float64) {
	labels := &endLabels{}
	for _, id := range ids {
		labels.add(d.x, values(id), d.name(id), companyColor(id))
	}
	p.Add(labels)
	if n := len(d.x); n > 1 {
		p.X.Max += endLabelRoom * (d.x[n-1] - d.x[0])
		p.X.Tick.Marker = ticksUpTo{p.X.Tick.Marker, d.x[n-1]}
	}
}

// typicalPriced returns the ids whose median price over the run is within
// a factor of three of the median of those medians.
func typicalPriced(ids []string, prices [][]float64) []string {
	med := make([]float64, len(ids))
	var meds []float64
	for i, p := range prices {
		med[i] = median(positiveOnly(p))
		if finite(med[i]) {
			meds = append(meds, med[i])
		}
	}
	m := median(meds)
	var out []string
	for i, id := range ids {
		if finite(med[i]) && med[i] <= 3*m && med[i] >= m/3 {
			out = append(out, id)
		}
	}
	return out
}

// median returns the median of the finite values of s, or NaN.
func median(s []float64) float64 {
	var v []float64
	for _, x := range s {
		if finite(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// positiveRange returns the smallest and largest positive finite values,
// or (0, 0) when there are none.
func positiveRange(series ...[]float64) (lo, hi float64) {
	lo = math.Inf(1)
	for _, s := range series {
		for _, v := range s {
			if finite(v) && v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi == 0 {
		return 0, 0
	}
	return lo, hi
}

// positiveOnly returns s with zero, negative and non-finite values as NaN.
func positiveOnly(s []float64) []float64 {
	if s == nil {
		return nil
	}
	out := make([]float64, len(s))
	for i, v := range s {
		if finite(v) && v > 0 {
			out[i] = v
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}
