package reports

import (
	"image/color"

	"gonum.org/v1/plot"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// stack is the data of a stacked-area chart: one layer per company, bottom
// first, each a monthly series.
type stack struct {
	ids    []string
	values [][]float64
}

// shareStack returns the providers' revenue shares of segment in percent
// (all paid segments when segment is ""), one layer per provider with a
// non-zero share, in result order. Missing months count as zero.
func (d *chartData) shareStack(segment string) stack {
	var s stack
	for _, id := range d.providerIDs() {
		v := d.zeros(id, segment, market.MetricRevenueShare)
		if !nonzero(v) {
			continue
		}
		s.ids = append(s.ids, id)
		s.values = append(s.values, scaled(v, 100))
	}
	return s
}

// shareFigures returns a revenue-share chart for every paid segment and one
// for all paid segments together.
func (d *chartData) shareFigures() []*figure {
	var figs []*figure
	for _, s := range d.r.Segments {
		if s.Kind == market.Paid {
			figs = append(figs, d.shareFigure(s.ID, s.Name))
		}
	}
	return append(figs, d.shareFigure("", ""))
}

// shareFigure is the stacked area of revenue shares in one segment, or in
// all paid segments when segment is "".
func (d *chartData) shareFigure(segment, segmentName string) *figure {
	st := d.shareStack(segment)
	if len(st.ids) == 0 {
		return nil
	}
	name, title := "share-"+segment+".png", segmentName+": share of revenue by company"
	what := "what buyers spent on " + segmentName
	if segment == "" {
		name, title = "share-total.png", "All paid segments: share of revenue by company"
		what = "the revenue of all paid segments together"
	}
	f := newFigure(name, title,
		"Each band is a company's share of "+what+" in a month; the bands add up to 100%. "+
			"Thin vertical lines mark model releases (grey, dashed) and policy events (red).")
	f.note = d.note()
	p := d.timePlot("", 1050)
	p.X.Padding, p.Y.Padding = 0, 0
	p.Y.Label.Text = "share of revenue (%)"
	p.Y.Tick.Marker = niceTicks{n: 6, format: formatPercent}
	colors := make([]color.Color, len(st.ids))
	for i, id := range st.ids {
		colors[i] = companyColor(id)
	}
	polys := stackPolygons(d.x, st.values, colors)
	for _, poly := range polys {
		p.Add(poly)
	}
	d.finishTime(p)
	p.Y.Min, p.Y.Max = 0, 100
	// The legend lists the top band first, as the bands are stacked.
	for i := len(st.ids) - 1; i >= 0; i-- {
		f.legend = append(f.legend, legendItem{d.name(st.ids[i]), swatch(colors[i])})
	}
	f.legend = append(f.legend, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{p}}
	return f
}

// volumeShareFigure compares each company's share of the volume served in
// segment (dashed) with its share of the segment's revenue (solid): a
// company whose dashed line lies above its solid one sells cheaper than the
// market.
func (d *chartData) volumeShareFigure(segment string) *figure {
	seg, ok := d.segment(segment)
	if !ok {
		return nil
	}
	unit := "volume"
	if seg.Unit == "Mtok" {
		unit = "token"
	}
	f := newFigure("volume-vs-revenue-share-"+segment+".png",
		seg.Name+": "+unit+" share (dashed) against revenue share (solid)",
		"For each company, its share of the "+unit+"s served in "+seg.Name+" (dashed) and of the revenue (solid). "+
			"Dashed above solid means the company sells below the market's average price.")
	f.note = d.note()
	p := d.timePlot("", 1050)
	p.Y.Label.Text = "share of segment (%)"
	p.Y.Tick.Marker = niceTicks{n: 6, format: formatPercent}
	for _, id := range d.providerIDs() {
		rev := d.values(id, segment, market.MetricRevenueShare)
		vol := d.values(id, segment, market.MetricVolumeShare)
		if !nonzero(rev) && !nonzero(vol) {
			continue
		}
		c := companyColor(id)
		solid := seriesLine(d.x, scaled(rev, 100), c, lineWidth)
		p.Add(solid, seriesLine(d.x, scaled(vol, 100), c, lineWidth, dashed...))
		f.legend = append(f.legend, legendItem{d.name(id), solid})
	}
	if len(f.legend) == 0 {
		return nil
	}
	d.finishTime(p)
	p.Y.Min = 0
	f.legend = append(f.legend,
		legendItem{label: " "},
		legendItem{"revenue share", seriesLine(nil, nil, colorText, lineWidth)},
		legendItem{unit + " share", seriesLine(nil, nil, colorText, lineWidth, dashed...)},
	)
	f.legend = append(f.legend, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{p}}
	return f
}
