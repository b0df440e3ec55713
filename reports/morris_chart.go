package reports

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
)

// morrisFigure is the Morris chart of outcome o: μ* and σ of every shown
// number.
func (s *Sensitivity) morrisFigure(o, top int) *figure {
	out := s.Outcomes[o]
	rows, rest := s.shown(s.MorrisOrder(o), top)
	var m float64
	for _, i := range rows {
		m = math.Max(m, maxAbs([]float64{s.Morris[o][i].MuStar, s.Morris[o][i].Sigma}))
	}
	k, label, format := out.deltaAxis(m)
	labels := make([]string, len(rows))
	bars := &hbars{n: len(rows)}
	dark := out.color()
	hi := 0.0
	for r, i := range rows {
		e := s.Morris[o][i]
		labels[r] = s.Params[i].Path
		bars.bars = append(bars.bars,
			hbar{Row: r, From: 0, To: e.MuStar * k, Offset: 0.18, Height: 0.34, Color: dark, Label: magnitude(out, e.MuStar)},
			hbar{Row: r, From: 0, To: e.Sigma * k, Offset: -0.18, Height: 0.34, Color: withAlpha(rgb(0x70, 0x70, 0x70), 0.55), Label: magnitude(out, e.Sigma)})
		hi = math.Max(hi, maxAbs([]float64{e.MuStar * k, e.Sigma * k}))
	}
	f := newFigure("morris-"+fileID(out.ID)+".png", "Morris screening: which numbers matter for "+out.Label,
		fmt.Sprintf("Elementary effects over the whole box of ranges: %d trajectories on a %d-level grid move every number in turn "+
			"by two-thirds of its range, from random starting points. μ* (coloured) is the mean absolute change in the outcome, scaled "+
			"to the number's whole range: how much the number matters, wherever the others are. σ (grey) is the spread of those "+
			"changes: large when the number's effect depends on its own level or on the other numbers.", s.Trajectories, s.Levels)+rest)
	if s.Levels != 4 {
		f.caption = strings.Replace(f.caption, "two-thirds of its range", fmt.Sprintf("%d/%d of its range", s.Levels, 2*(s.Levels-1)), 1)
	}
	p := rowsPlot("", labels)
	p.Add(bars)
	p.X.Label.Text = label + ", over the number's whole range"
	p.X.Tick.Marker = niceTicks{n: 7, format: format}
	_, p.X.Max = padRange(0, hi, 0.12)
	p.X.Min = 0
	fitAxis(&p.X)
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1600, max(chartHeight, 230+52*len(rows))
	f.legend = []legendItem{
		{"μ*: mean absolute effect (importance)", swatch(dark)},
		{"σ: spread of the effects", swatch(withAlpha(rgb(0x70, 0x70, 0x70), 0.55))},
		{"(non-linearity or interactions)", nil},
	}
	f.note = s.note(fmt.Sprintf("Morris, %d numbers, %d trajectories, %d runs", len(s.Params), s.Trajectories, s.MorrisRuns))
	return f
}

// magnitude writes |d| as a change of the outcome, without a sign.
func magnitude(o OutcomeInfo, d float64) string {
	s := o.FormatDelta(math.Abs(d))
	return strings.TrimPrefix(s, "+")
}
