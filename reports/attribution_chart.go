package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// maxAttributionRows is how many inputs an attribution panel shows; the
// rest are summed in one row.
const maxAttributionRows = 12

// attributionFigure splits the gap in the i-th attributed outcome between
// the first scenario and each other.
func (d *compareData) attributionFigure(i int) *figure {
	c := d.c
	o := c.Attributed[i]
	out := c.Outcomes[o]
	var panels []*plot.Plot
	var m float64
	for _, s := range c.Scenarios[1:] {
		a := s.Attribution[i]
		m = math.Max(m, math.Max(maxAbs(a.Effects), math.Abs(a.Gap())))
	}
	k, label, format := out.deltaAxis(m)
	first := c.Scenarios[0]
	for _, s := range c.Scenarios[1:] {
		a := s.Attribution[i]
		title := fmt.Sprintf("%s: %s → %s", s.Name, out.Format(a.A), out.Format(a.B))
		panels = append(panels, attributionPanel(title, s, a, out, k))
	}
	var title string
	if len(c.Scenarios) == 2 {
		a := c.Scenarios[1].Attribution[i]
		title = fmt.Sprintf("What explains the change in %s: %s %s → %s %s", out.Label, first.Name, out.Format(a.A), c.Scenarios[1].Name, out.Format(a.B))
		panels[0].Title.Text = ""
	} else {
		title = "What explains the change in " + out.Label + " from " + first.Name
	}
	f := newFigure("attribution-"+fileID(out.ID)+".png", title,
		fmt.Sprintf("Each input in which a scenario differs from %s is applied alone to %s, and the bar is how far that moves "+
			"the outcome. \"Interaction\" is what the inputs do only together: the total change less the sum of the bars. "+
			"Both scenarios run at their stated values with the same seeds.", first.Name, first.Name))
	for _, p := range panels {
		p.X.Label.Text = label
		p.X.Tick.Marker = niceTicks{n: 7, format: format}
		fitAxis(&p.X)
	}
	f.panels = grid(panels, 1)
	rows := 0
	for _, p := range panels {
		rows += len(p.Y.Tick.Marker.(plot.ConstantTicks))
	}
	f.width, f.height = 1600, max(700, 230+60*rows+80*len(panels))
	f.legend = []legendItem{
		{"one input applied alone", swatch(rgb(0x4e, 0x79, 0xa7))},
		{"interaction of the inputs", swatch(rgb(0xa0, 0xa0, 0xa0))},
		{"total change", swatch(colorText)},
	}
	f.note = d.note()
	if c.AttributionRuns > 1 {
		f.note += fmt.Sprintf(" · attribution averaged over %d seeds", c.AttributionRuns)
	}
	return f
}

// attributionPanel is one scenario's attribution: a bar per input (the
// largest first), the interaction and the total.
func attributionPanel(title string, s ComparedScenario, a Attribution, out OutcomeInfo, k float64) *plot.Plot {
	idx := make([]int, len(s.Groups))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		return cmp.Or(cmpDesc(math.Abs(a.Effects[x]), math.Abs(a.Effects[y])), cmp.Compare(x, y))
	})
	gap := a.Gap()
	share := func(e float64) string {
		s := out.FormatDelta(e)
		if sh := shareOfGap(e, gap); sh != "" {
			s += " (" + sh + " of the change)"
		}
		return s
	}
	var labels []string
	bars := &hbars{}
	add := func(label string, e float64, col color.Color, text string) {
		bars.bars = append(bars.bars, hbar{Row: len(labels), From: 0, To: e * k, Height: 0.6, Color: col, Label: text})
		labels = append(labels, label)
	}
	shown := idx
	if len(idx) > maxAttributionRows {
		shown = idx[:maxAttributionRows-1]
	}
	for _, i := range shown {
		g := s.Groups[i]
		if g.Alone != "" {
			add(g.Name+" (not alone: "+shortenLabel(g.Alone, 40)+")", math.NaN(), nil, "")
			continue
		}
		add(g.Name, a.Effects[i], rgb(0x4e, 0x79, 0xa7), share(a.Effects[i]))
	}
	if len(shown) < len(idx) {
		var rest float64
		for _, i := range idx[len(shown):] {
			if finite(a.Effects[i]) {
				rest += a.Effects[i]
			}
		}
		add(fmt.Sprintf("%d others, each alone", len(idx)-len(shown)), rest, rgb(0x4e, 0x79, 0xa7), share(rest))
	}
	add("interaction (inputs together)", a.Interaction(), rgb(0xa0, 0xa0, 0xa0), share(a.Interaction()))
	add("total change", gap, colorText, out.FormatDelta(gap))
	bars.n = len(labels)
	p := rowsPlot(title, labels)
	p.Add(bars)
	p.Add(&vline{x: 0, style: draw.LineStyle{Color: colorAxis, Width: px(1.5)}})
	lo, hi := 0.0, 0.0
	for _, b := range bars.bars {
		if finite(b.To) {
			lo, hi = math.Min(lo, b.To), math.Max(hi, b.To)
		}
	}
	p.X.Min, p.X.Max = padRange(lo, hi, 0.35)
	return p
}
