package reports

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// capabilitySegments are the segments whose capability index is charted.
var capabilitySegments = []string{"llm-api", "multimodal-api"}

// capabilityFigure shows the capability index each company offers in the
// language and multimodal API segments, one panel each; the Western labs,
// the frontier, are drawn dashed.
func (d *chartData) capabilityFigure() *figure {
	f := newFigure("capability.png", "Capability index by company (the Western frontier dashed)",
		"The quality index of the best model each company serves, in the language-model API (top) and the "+
			"multimodal API (bottom). The dashed dark line is the Western labs' frontier, sold from abroad. "+
			"Companies serving models of equal capability are drawn as nested stripes. "+
			"Thin vertical lines mark model releases and policy events.")
	f.height = 1100
	f.note = d.note()
	seen := map[string]bool{}
	for _, id := range capabilitySegments {
		seg, ok := d.segment(id)
		if !ok {
			continue
		}
		p := d.timePlot(seg.Name, 1050)
		p.Y.Label.Text = "capability index"
		items := d.companyLines(p, d.providerIDs(), func(c string) []float64 {
			return d.values(c, id, market.MetricCapability)
		})
		if len(items) == 0 {
			continue
		}
		for _, it := range items {
			if !seen[it.label] {
				seen[it.label] = true
				f.legend = append(f.legend, it)
			}
		}
		d.finishTime(p)
		f.panels = append(f.panels, []*plot.Plot{p})
	}
	if len(f.panels) == 0 {
		return nil
	}
	f.legend = append(f.legend, d.eventLegend()...)
	return f
}

// usersFigures returns a chart of users by company for every Users
// segment (the consumer assistants), in millions of monthly active users.
func (d *chartData) usersFigures() []*figure {
	var figs []*figure
	for _, seg := range d.r.Segments {
		if seg.Kind != market.Users {
			continue
		}
		f := newFigure("users-"+seg.ID+".png", seg.Name+": users by company (millions, monthly active)",
			"Monthly active users of each company's "+seg.Name+", in millions. A person may use more than one, "+
				"so the lines need not add up to the population. Thin vertical lines mark model releases and policy events.")
		if f = d.companyLineFigure(f, "monthly active users (millions)", false, func(id string) []float64 {
			return scaled(d.values(id, seg.ID, market.MetricVolume), 1e-6)
		}); f != nil {
			figs = append(figs, f)
		}
	}
	return figs
}

// companyLineFigure fills f with one panel of a line per provider, in
// company colours, y from 0, with the event markers; labelled names each
// line at its end. It returns nil when no provider has a value.
func (d *chartData) companyLineFigure(f *figure, yLabel string, labelled bool, values func(id string) []float64) *figure {
	f.note = d.note()
	p := d.timePlot("", 1050)
	p.Y.Label.Text = yLabel
	f.legend = d.companyLines(p, d.providerIDs(), values)
	if len(f.legend) == 0 {
		return nil
	}
	d.finishTime(p)
	if labelled {
		d.labelEnds(p, d.providerIDs(), values)
	}
	p.Y.Min = 0
	f.legend = append(f.legend, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{p}}
	return f
}

// unmetFigure shows, above, the share of each segment's demand that no
// provider could serve and, below, each provider's fleet utilisation.
func (d *chartData) unmetFigure() *figure {
	f := newFigure("unmet-utilisation.png", "Unmet demand by segment and fleet utilisation by company",
		"Top: the share of each segment's demand that no provider had the capacity to serve. Bottom: the "+
			"share of each cloud's fleet capacity in use. Thin vertical lines mark model releases and policy events.")
	f.height = 1100
	f.note = d.note()

	top := d.timePlot("Unmet demand (share of the segment's demand)", 1050)
	top.Y.Label.Text = "unmet (%)"
	top.Y.Tick.Marker = niceTicks{n: 5, format: formatPercent}
	top.Add(zeroLine())
	i := 0
	for _, seg := range d.r.Segments {
		if seg.Kind == market.Adoption {
			continue // adoption shares have no capacity to run out of
		}
		unmet := d.values(market.Market, seg.ID, market.MetricUnmet)
		demand := d.values(market.Market, seg.ID, market.MetricDemand)
		if unmet == nil || demand == nil {
			continue
		}
		share := make([]float64, len(unmet))
		for j := range unmet {
			share[j] = 100 * unmet[j] / demand[j] // NaN or Inf without demand: not drawn
		}
		dashes := [][]vg.Length{nil, dashed, dotted}[i%3]
		l := seriesLine(d.x, share, segmentColors[i%len(segmentColors)], lineWidth, dashes...)
		top.Add(l)
		f.legend = append(f.legend, legendItem{seg.Name, l})
		i++
	}
	d.finishTime(top)
	top.Y.Min = 0
	top.Y.Max = max(top.Y.Max, 5) // a run without shortages shows a flat line at 0, not noise

	bottom := d.timePlot("Fleet utilisation", 1050)
	bottom.Y.Label.Text = "capacity in use (%)"
	bottom.Y.Tick.Marker = niceTicks{n: 5, format: formatPercent}
	items := d.companyLines(bottom, d.providerIDs(), func(id string) []float64 {
		return scaled(d.values(id, "", market.MetricUtilisation), 100)
	})
	d.finishTime(bottom)
	bottom.Y.Min, bottom.Y.Max = 0, 100
	if len(f.legend) == 0 && len(items) == 0 {
		return nil
	}
	if len(f.legend) > 0 {
		f.legend = append([]legendItem{{label: "Segments"}}, f.legend...)
		f.legend = append(f.legend, legendItem{label: " "})
	}
	f.legend = append(f.legend, legendItem{label: "Companies"})
	f.legend = append(f.legend, items...)
	f.legend = append(f.legend, legendItem{label: " "})
	f.legend = append(f.legend, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{top}, {bottom}}
	return f
}
