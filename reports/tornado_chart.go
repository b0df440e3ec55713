package reports

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultTop is how many numbers the tornado and Morris charts show; the
// CSV files list them all.
const DefaultTop = 15

// Colours of the two ends of a range on the tornado chart.
var (
	lowColor  = rgb(0x4e, 0x79, 0xa7) // muted blue
	highColor = rgb(0xe1, 0x57, 0x59) // muted red
)

// SensitivityCharts renders the charts of a sensitivity study: for every
// outcome a tornado chart of the one-at-a-time study (tornado-<outcome>.png)
// and a bar chart of the Morris effects (morris-<outcome>.png), each
// showing the top numbers (DefaultTop if top < 1). Charts of a method the
// study did not run are left out. The PNGs are a pure function of s.
func SensitivityCharts(s *Sensitivity, top int) ([]Chart, error) {
	if top < 1 {
		top = DefaultTop
	}
	var figs []*figure
	for o := range s.Outcomes {
		if s.OAT != nil {
			figs = append(figs, s.tornado(o, top))
		}
		if s.Morris != nil {
			figs = append(figs, s.morrisFigure(o, top))
		}
	}
	return renderAll(figs)
}

// fileID turns an outcome id into a file-name part: "revenue_share:alibaba"
// → "revenue_share-alibaba".
func fileID(id string) string { return safeName(strings.ReplaceAll(id, ":", "-")) }

// note is the small print of a sensitivity chart.
func (s *Sensitivity) note(method string) string {
	seeds := "seed " + fmt.Sprint(s.Seed)
	if s.Runs > 1 {
		seeds = fmt.Sprintf("%d seeds from master seed %d, averaged", s.Runs, s.Seed)
	}
	return fmt.Sprintf("aicloudsim · scenario %s · %s · %s · scenario %.12s", s.Scenario, method, seeds, s.Hash)
}

// shown returns the first top of order and a sentence on the rest.
func (s *Sensitivity) shown(order []int, top int) ([]int, string) {
	if len(order) <= top {
		return order, ""
	}
	return order[:top], fmt.Sprintf(" The %d numbers with smaller effects are in the CSV file.", len(order)-top)
}

// tornado is the one-at-a-time chart of outcome o.
func (s *Sensitivity) tornado(o, top int) *figure {
	out := s.Outcomes[o]
	rows, rest := s.shown(s.OATOrder(o), top)
	base := s.Base[o]
	m := math.Abs(base)
	for _, i := range rows {
		m = math.Max(m, maxAbs([]float64{s.OAT[o][i].Low, s.OAT[o][i].High}))
	}
	k, label, format := out.axis(m)
	labels := make([]string, len(rows))
	bars := &hbars{n: len(rows)}
	lo, hi := base*k, base*k
	for r, i := range rows {
		p, e := s.Params[i], s.OAT[o][i]
		labels[r] = p.Path + "  (" + p.RangeText() + ")"
		bars.bars = append(bars.bars,
			hbar{Row: r, From: base * k, To: e.Low * k, Offset: 0.18, Height: 0.34, Color: lowColor, Label: out.Format(e.Low)},
			hbar{Row: r, From: base * k, To: e.High * k, Offset: -0.18, Height: 0.34, Color: highColor, Label: out.Format(e.High)})
		for _, v := range []float64{e.Low * k, e.High * k} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	f := newFigure("tornado-"+fileID(out.ID)+".png", "What moves "+out.Label+": one number at a time",
		"Each row sets one number to the low (blue) or the high (red) end of its range, with every other number at its "+
			"value, and shows the outcome; the vertical line is the outcome with every number at its value. Rows are sorted "+
			"by the swing between the two ends. Every run uses the same seeds, so the differences come from the numbers."+rest)
	p := rowsPlot("", labels)
	p.Add(bars)
	p.Add(&vline{x: base * k, style: draw.LineStyle{Color: colorText, Width: px(2)}})
	p.X.Label.Text = label
	p.X.Tick.Marker = niceTicks{n: 7, format: format}
	p.X.Min, p.X.Max = padRange(lo, hi, 0.12)
	fitAxis(&p.X)
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1600, max(chartHeight, 230+52*len(rows))
	f.legend = []legendItem{
		{"number at the low end of its range", swatch(lowColor)},
		{"number at the high end", swatch(highColor)},
		{"every number at its value: " + out.Format(base), &vline{style: draw.LineStyle{Color: colorText, Width: px(2)}}},
	}
	f.note = s.note(fmt.Sprintf("one at a time, %d numbers, %d runs", len(s.Params), s.OATRuns))
	return f
}
