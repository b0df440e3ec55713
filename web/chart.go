package web

import (
	"bytes"
	"image/color"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// series is what the page's charts need of a run: per provider, monthly
// values of a few company totals, by month as fractional years.
type series struct {
	years     []float64
	providers []market.CompanyInfo
	values    map[string]map[string][]float64 // metric → company → per month
}

// chartMetrics are the company totals the charts draw.
var chartMetrics = []string{market.MetricRevenueShare, market.MetricRevenue, market.MetricProfit}

// newSeries extracts the charts' data from a run's results.
func newSeries(r *market.Result) *series {
	s := &series{values: map[string]map[string][]float64{}}
	month := map[market.Day]int{}
	for i, d := range r.Months {
		month[d] = i
		s.years = append(s.years, yearOf(r.Date(d)))
	}
	for _, c := range r.Companies {
		if !c.Supplier {
			s.providers = append(s.providers, c)
		}
	}
	for _, m := range chartMetrics {
		s.values[m] = map[string][]float64{}
		for _, c := range s.providers {
			s.values[m][c.ID] = make([]float64, len(r.Months))
		}
	}
	for _, rec := range r.Records {
		if rec.Segment != "" {
			continue
		}
		byCo, ok := s.values[rec.Metric]
		if !ok {
			continue
		}
		if vs, ok := byCo[rec.Company]; ok {
			if i, ok := month[rec.Day]; ok {
				vs[i] = rec.Value
			}
		}
	}
	return s
}

// chart is one drawn chart of the page.
type chart struct {
	Name  string // file name, e.g. "share.svg"
	Title string
	SVG   []byte
}

// chartSpec says what one chart draws: a metric, scaled for reading.
type chartSpec struct {
	name, title, metric string
	scale               float64
	yLabel              string
}

var chartSpecs = []chartSpec{
	{"share.svg", "Revenue share of the paid segments", market.MetricRevenueShare, 100, "%"},
	{"revenue.svg", "Revenue, annual rate", market.MetricRevenue, 12 / 1e9, "$B a year"},
	{"profit.svg", "Profit, annual rate", market.MetricProfit, 12 / 1e9, "$B a year"},
}

// Chart size in points (SVG user units).
const (
	chartW = 420
	chartH = 250
)

// drawCharts draws the page's charts of s: one line per provider, solid;
// with base, the unchanged scenario's lines dashed and lighter beneath.
func drawCharts(s, base *series) ([]chart, error) {
	var out []chart
	for _, cs := range chartSpecs {
		p := plot.New()
		p.Title.Text = cs.title
		p.Title.TextStyle.Font.Size = 11
		p.Y.Label.Text = cs.yLabel
		p.Y.Label.TextStyle.Font.Size = 9
		for _, a := range []*plot.Axis{&p.X, &p.Y} {
			a.Tick.Label.Font.Size = 8
		}
		p.X.Tick.Marker = yearTicks{}
		p.Add(plotter.NewGrid())
		if base != nil {
			if err := addLines(p, base, cs, true); err != nil {
				return nil, err
			}
		}
		if err := addLines(p, s, cs, false); err != nil {
			return nil, err
		}
		c := vgsvg.New(chartW, chartH)
		p.Draw(draw.New(c))
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			return nil, err
		}
		out = append(out, chart{Name: cs.name, Title: cs.title, SVG: b.Bytes()})
	}
	return out, nil
}

// addLines adds one line per provider of s.
func addLines(p *plot.Plot, s *series, cs chartSpec, dashed bool) error {
	for _, c := range s.providers {
		vs := s.values[cs.metric][c.ID]
		xy := make(plotter.XYs, 0, len(vs))
		for i, v := range vs {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				xy = append(xy, plotter.XY{X: s.years[i], Y: v * cs.scale})
			}
		}
		if len(xy) == 0 {
			continue
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		col := reports.CompanyColor(c.ID)
		l.Color, l.Width = col, vg.Points(1.6)
		if dashed {
			l.Color = color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0xb0}
			l.Width = vg.Points(1.2)
			l.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
		}
		p.Add(l)
	}
	return nil
}

// yearTicks marks each January 1st with its year, or each quarter's
// first day (2026-04) when the span is under two years.
type yearTicks struct{}

// Ticks returns the ticks in [lo, hi], years being fractional.
func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	if hi-lo >= 2 {
		for y := math.Ceil(lo); y <= hi; y++ {
			ts = append(ts, plot.Tick{Value: y, Label: formatYear(y)})
		}
		return ts
	}
	for y := math.Floor(lo); y <= hi; y++ {
		for q := range 4 {
			t := time.Date(int(y), time.Month(1+3*q), 1, 0, 0, 0, 0, time.UTC)
			if x := yearOf(t); x >= lo-1e-9 && x <= hi+1e-9 {
				ts = append(ts, plot.Tick{Value: x, Label: t.Format("2006-01")})
			}
		}
	}
	return ts
}

func formatYear(y float64) string { return strconv.Itoa(int(y)) }
