package reports

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// marketSizeFigure shows what buyers spent in each paid segment per
// calendar year, stacked, so the market's total size (the "~$90B" of the
// source) reads off the top of each bar. A year the run covers only in
// part is labelled with its months.
func (d *chartData) marketSizeFigure() *figure {
	type year struct {
		y      int
		months int
		spend  []float64 // by paid segment, USD
	}
	var paid []market.SegmentInfo
	for _, s := range d.r.Segments {
		if s.Kind == market.Paid {
			paid = append(paid, s)
		}
	}
	if len(paid) == 0 {
		return nil
	}
	var years []year
	for m, day := range d.r.Months {
		y := d.r.Date(day).Year()
		if len(years) == 0 || years[len(years)-1].y != y {
			years = append(years, year{y: y, spend: make([]float64, len(paid))})
		}
		cur := &years[len(years)-1]
		cur.months++
		for i, s := range paid {
			if v := d.values(market.Market, s.ID, market.MetricSpend); m < len(v) && finite(v[m]) {
				cur.spend[i] += v[m]
			}
		}
	}
	total := 0.0
	for _, y := range years {
		for _, v := range y.spend {
			total += v
		}
	}
	if total == 0 {
		return nil
	}
	f := newFigure("market-size.png", "Market size: what buyers spent in the paid segments per year (USD billions)",
		"Buyers' spend in each paid segment, summed over each calendar year and stacked, in billions of US dollars; "+
			"the top of a bar is the market's size that year, written above it. A year the run covers in part is "+
			"labelled with the months it covers.")
	f.note = d.note()
	p := newPlot("")
	p.Y.Label.Text = "USD billions per year"
	var names []string
	for _, y := range years {
		n := strconv.Itoa(y.y)
		if y.months < 12 {
			n += fmt.Sprintf(" (%d mo)", y.months)
		}
		names = append(names, n)
	}
	p.NominalX(names...)
	p.X.Tick.Label.Font = sans(tickSize, false)
	var below *plotter.BarChart
	for i, s := range paid {
		vals := make(plotter.Values, len(years))
		for j, y := range years {
			vals[j] = y.spend[i] / 1e9
		}
		b, err := plotter.NewBarChart(vals, px(110))
		if err != nil {
			return nil
		}
		c := sizeColors[i%len(sizeColors)]
		b.Color, b.LineStyle = c, draw.LineStyle{Color: colorWhite, Width: px(1)}
		if below != nil {
			b.StackOn(below)
		}
		below = b
		p.Add(b)
		f.legend = append(f.legend, legendItem{s.Name, swatch(c)})
	}
	tops := make(plotter.XYs, len(years))
	labels := make([]string, len(years))
	hi := 0.0
	for j, y := range years {
		sum := 0.0
		for _, v := range y.spend {
			sum += v
		}
		tops[j] = plotter.XY{X: float64(j), Y: sum / 1e9}
		labels[j] = usd(sum)
		hi = math.Max(hi, sum/1e9)
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: tops, Labels: labels})
	if err == nil {
		for i := range l.TextStyle {
			l.TextStyle[i] = textStyle(legendSize, true, colorText)
			l.TextStyle[i].XAlign = draw.XCenter
		}
		l.Offset = vg.Point{Y: px(6)}
		p.Add(l)
	}
	for _, ref := range d.sizeRefs {
		for j, y := range years {
			if y.y != ref.year {
				continue
			}
			v := ref.usd / 1e9
			hi = math.Max(hi, v)
			p.Add(seriesLine([]float64{float64(j) - 0.45, float64(j) + 0.45}, []float64{v, v}, colorText, 3, dashed...))
			rl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: float64(j) + 0.47, Y: v}}, Labels: []string{"source: " + usd(ref.usd)}})
			if err == nil {
				rl.TextStyle[0] = textStyle(noteSize, false, colorText)
				rl.TextStyle[0].YAlign = draw.YCenter
				p.Add(rl)
			}
			f.caption += " The dashed line is the scenario's source figure for the year (" + ref.label + ")."
		}
	}
	if len(d.sizeRefs) > 0 {
		f.legend = append(f.legend, legendItem{"source's market size", seriesLine(nil, nil, colorText, 3, dashed...)})
	}
	p.Y.Min, p.Y.Max = 0, hi*1.12
	p.X.Min, p.X.Max = -0.6, float64(len(years))-0.4
	f.panels = [][]*plot.Plot{{p}}
	return f
}

// adoptionFigures show each company's share of developer adoption in
// every adoption segment (the global open-model race), one line per
// company, named at its end.
func (d *chartData) adoptionFigures() []*figure {
	var figs []*figure
	for _, seg := range d.r.Segments {
		if seg.Kind != market.Adoption {
			continue
		}
		f := newFigure("adoption-"+seg.ID+".png", seg.Name+": share of developer adoption by company (%)",
			"Each company's share of developer adoption in "+seg.Name+", in percent of all adoption. "+
				"Thin vertical lines mark model releases (named at the top) and policy events.")
		if f = d.companyLineFigure(f, "share of adoption (%)", true, func(id string) []float64 {
			return scaled(d.values(id, seg.ID, market.MetricVolumeShare), 100)
		}); f != nil {
			figs = append(figs, f)
		}
	}
	return figs
}

// sizeColors fill the segments of the market-size bars: distinct hues
// that are none of the companies' colours.
var sizeColors = []color.RGBA{rgb(0x4e, 0x79, 0xa7), rgb(0x59, 0xa1, 0x4f), rgb(0xed, 0xc9, 0x48), rgb(0xb0, 0x7a, 0xa1), rgb(0x9c, 0x9e, 0xde)}
