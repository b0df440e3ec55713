package reports

import (
	"image/color"
	"slices"
	"strings"

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
	ids, stacks = d.fewerStacks(ids, stacks)
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
		title := d.name(id)
		if i == maxNamed-1 && len(ids) == maxNamed && otherPanel(id) {
			title = id
		}
		p := d.timePlot(title, 1250/float64(cols))
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

// fewerStacks keeps at most maxNamed panels of small multiples: with more
// providers, the maxNamed−1 largest (by peak total) and one panel that
// sums the others, titled "N other clouds".
func (d *chartData) fewerStacks(ids []string, stacks []stack) ([]string, []stack) {
	if len(ids) <= maxNamed {
		return ids, stacks
	}
	totals := make([][]float64, len(stacks))
	for i, st := range stacks {
		totals[i] = sumLayers(st.values, len(d.x))
	}
	top, rest := largest(totals, maxNamed-1)
	sum := stack{}
	for _, i := range rest {
		for j, c := range stacks[i].ids {
			k := slices.Index(sum.ids, c)
			if k < 0 {
				sum.ids, sum.values = append(sum.ids, c), append(sum.values, make([]float64, len(d.x)))
				k = len(sum.ids) - 1
			}
			for m, v := range stacks[i].values[j] {
				sum.values[k][m] += v
			}
		}
	}
	// Keep the chips in the order the other panels stack them.
	var ordered stack
	for _, domestic := range []bool{false, true} {
		for _, c := range d.r.Chips {
			if k := slices.Index(sum.ids, c.ID); k >= 0 && c.Domestic == domestic {
				ordered.ids, ordered.values = append(ordered.ids, c.ID), append(ordered.values, sum.values[k])
			}
		}
	}
	return append(pick(ids, top), othersLabel(len(rest))), append(pick(stacks, top), ordered)
}

// otherPanel reports whether a small-multiple id is the summed panel.
func otherPanel(id string) bool { return strings.HasSuffix(id, " other clouds") }

// sumLayers returns the sum of a stack's layers at each of n months.
func sumLayers(layers [][]float64, n int) []float64 {
	out := make([]float64, n)
	for _, l := range layers {
		for m, v := range l {
			out[m] += v
		}
	}
	return out
}
