package reports

import (
	"image/color"

	"gonum.org/v1/plot"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// fleetStack returns a provider's chips in service by chip, in thousands:
// foreign chips at the bottom, then domestic ones, each group in result
// order; chips the provider never held are left out.
func (d *chartData) fleetStack(id string) stack {
	var s stack
	for _, domestic := range []bool{false, true} {
		for _, c := range d.r.Chips {
			if c.Domestic != domestic {
				continue
			}
			v := d.zeros(id, c.ID, market.MetricFleet)
			if !nonzero(v) {
				continue
			}
			s.ids = append(s.ids, c.ID)
			s.values = append(s.values, scaled(v, 1e-3))
		}
	}
	return s
}

// fleetFigure is the hybrid-sourcing chart: small multiples of each
// provider's fleet by chip, domestic chips in warm colours stacked on
// foreign ones in cool colours.
func (d *chartData) fleetFigure() *figure {
	var ids []string
	var stacks []stack
	used := map[string]bool{}
	for _, id := range d.providerIDs() {
		st := d.fleetStack(id)
		if len(st.ids) == 0 {
			continue
		}
		ids, stacks = append(ids, id), append(stacks, st)
		for _, c := range st.ids {
			used[c] = true
		}
	}
	if len(ids) == 0 {
		return nil
	}
	f := newFigure("fleet-by-chip.png", "Fleets by chip: domestic (warm colours) on top of foreign (cool colours)",
		"Chips in service at each cloud, in thousands, by chip. Domestic chips (Huawei Ascend, T-Head Zhenwu) are "+
			"stacked in warm colours on top of foreign (Nvidia) chips in cool colours: the warm part is the hybrid "+
			"strategy's domestic share. Each panel has its own scale.")
	f.width, f.height = 1680, 1050
	f.note = d.note()
	cols := 3
	if len(ids) <= 4 {
		cols = 2
	}
	rows := (len(ids) + cols - 1) / cols
	colors := chipColors(d.r.Chips)
	f.panels = make([][]*plot.Plot, rows)
	for i := range f.panels {
		f.panels[i] = make([]*plot.Plot, cols)
	}
	for i, id := range ids {
		p := d.timePlot(d.name(id), 1250/float64(cols))
		p.X.Padding, p.Y.Padding = 0, 0
		if i%cols == 0 {
			p.Y.Label.Text = "thousand chips"
		}
		p.Y.Tick.Marker = niceTicks{n: 5}
		cs := make([]color.Color, len(stacks[i].ids))
		for j, c := range stacks[i].ids {
			cs[j] = colors[c]
		}
		for _, poly := range stackPolygons(d.x, stacks[i].values, cs) {
			p.Add(poly)
		}
		p.X.Min, p.X.Max = d.x[0], d.x[len(d.x)-1]
		p.Y.Min = 0
		f.panels[i/cols][i%cols] = p
	}
	for _, domestic := range []bool{true, false} {
		heading := "Foreign chips"
		if domestic {
			heading = "Domestic chips"
		}
		var items []legendItem // top band first
		for j := len(d.r.Chips) - 1; j >= 0; j-- {
			c := d.r.Chips[j]
			if c.Domestic == domestic && used[c.ID] {
				items = append(items, legendItem{c.Name, swatch(colors[c.ID])})
			}
		}
		if len(items) > 0 {
			if len(f.legend) > 0 {
				f.legend = append(f.legend, legendItem{label: " "})
			}
			f.legend = append(f.legend, legendItem{label: heading})
			f.legend = append(f.legend, items...)
		}
	}
	return f
}

// domesticFigure shows the domestic chips' share of each provider's fleet.
func (d *chartData) domesticFigure() *figure {
	f := newFigure("domestic-share.png", "Domestic chips' share of each cloud's fleet",
		"The share of each cloud's chips in service that are domestic (Huawei Ascend, T-Head Zhenwu), by count. "+
			"Thin vertical lines mark model releases and policy events.")
	f.note = d.note()
	p := d.timePlot("", 1050)
	p.Y.Label.Text = "domestic share of chips in service (%)"
	p.Y.Tick.Marker = niceTicks{n: 6, format: formatPercent}
	f.legend = d.companyLines(p, d.providerIDs(), func(id string) []float64 {
		return scaled(d.values(id, "", market.MetricDomestic), 100)
	})
	if len(f.legend) == 0 {
		return nil
	}
	d.finishTime(p)
	p.Y.Min, p.Y.Max = 0, 100
	f.legend = append(f.legend, d.eventLegend()...)
	f.panels = [][]*plot.Plot{{p}}
	return f
}
