package reports

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// chartData indexes a result's records by series for the charts.
type chartData struct {
	r      *market.Result
	x      []float64 // day of each month, as the charts' x values
	series map[chartKey][]float64

	providers []market.CompanyInfo // companies that are not suppliers, in result order
	names     map[string]string    // company id → short name

	releases, policies []float64 // days of event markers on time charts
	releaseNames       []string  // the model of each release, for labels

	festivals [][2]float64 // [from, to) days of festival windows, shaded (WithFestivals)
	sizeRefs  []sizeRef    // sources' yearly market sizes (WithTargets)
}

// chartKey names one series of records.
type chartKey struct{ company, segment, metric string }

// newChartData indexes r in O(len(r.Records)).
func newChartData(r *market.Result) *chartData {
	d := &chartData{r: r, series: map[chartKey][]float64{}, names: map[string]string{}}
	month := make(map[market.Day]int, len(r.Months))
	for i, m := range r.Months {
		month[m] = i
		d.x = append(d.x, float64(m))
	}
	for _, rec := range r.Records {
		i, ok := month[rec.Day]
		if !ok {
			continue
		}
		k := chartKey{rec.Company, rec.Segment, rec.Metric}
		s := d.series[k]
		if s == nil {
			s = make([]float64, len(r.Months))
			for j := range s {
				s[j] = math.NaN()
			}
			d.series[k] = s
		}
		s[i] = rec.Value
	}
	for _, c := range r.Companies {
		d.names[c.ID] = shortName(c)
		if !c.Supplier {
			d.providers = append(d.providers, c)
		}
	}
	for _, e := range r.Log {
		switch e.Kind {
		case market.KindRelease:
			d.releases = append(d.releases, float64(e.Day))
			d.releaseNames = append(d.releaseNames, releaseName(e))
		case market.KindPolicy:
			d.policies = append(d.policies, float64(e.Day))
		}
	}
	return d
}

// shortName is a company's name without its parenthesised detail:
// "ByteDance (Volcano Engine)" → "ByteDance". Legends stay narrow.
func shortName(c market.CompanyInfo) string {
	n := c.Name
	if i := strings.Index(n, " ("); i > 0 {
		n = n[:i]
	}
	if n == "" {
		n = c.ID
	}
	return n
}

// name returns the short name of company id, or the id.
func (d *chartData) name(id string) string {
	if n, ok := d.names[id]; ok {
		return n
	}
	return id
}

// values returns the monthly series of (company, segment, metric), NaN in
// months without a record, or nil when the run has no such series.
func (d *chartData) values(company, segment, metric string) []float64 {
	return d.series[chartKey{company, segment, metric}]
}

// zeros returns the series with missing months as zero, or nil.
func (d *chartData) zeros(company, segment, metric string) []float64 {
	s := d.values(company, segment, metric)
	if s == nil {
		return nil
	}
	out := make([]float64, len(s))
	for i, v := range s {
		if finite(v) {
			out[i] = v
		}
	}
	return out
}

// nonzero reports whether the series has a finite non-zero value.
func nonzero(s []float64) bool {
	for _, v := range s {
		if finite(v) && v != 0 {
			return true
		}
	}
	return false
}

// segment returns the segment with the given id.
func (d *chartData) segment(id string) (market.SegmentInfo, bool) {
	for _, s := range d.r.Segments {
		if s.ID == id {
			return s, true
		}
	}
	return market.SegmentInfo{}, false
}

// note is the small print of every chart: where the data comes from.
func (d *chartData) note() string {
	return fmt.Sprintf("aicloudsim · scenario %s · seed %d · run %d · monthly values", d.r.Scenario, d.r.Seed, d.r.Run)
}

// timePlot returns a panel with a calendar x axis spanning the run's
// months, for a panel about widthPx pixels wide.
func (d *chartData) timePlot(title string, widthPx float64) *plot.Plot {
	p := newPlot(title)
	p.X.Tick.Marker = d.calendar(widthPx)
	return p
}

// calendar returns the date ticks for an axis about widthPx pixels long.
func (d *chartData) calendar(widthPx float64) calendarTicks {
	// 14-point characters are about 0.55 em wide on average at 96 dpi.
	return calendarTicks{start: d.r.Start, width: widthPx / (tickSize * 4 / 3 * 0.55)}
}

// finishTime adds the event markers to a time panel, last so they are
// drawn over the data, and fixes its x range to the run's months.
func (d *chartData) finishTime(p *plot.Plot) {
	p.Add(&festivalShade{d.festivals}, d.releaseLines(), d.policyLines())
	if len(d.x) > 0 {
		p.X.Min, p.X.Max = d.x[0], d.x[len(d.x)-1]
	}
}

// finishTimeUnlabelled is finishTime without the release labels, for the
// lower panels of a chart whose top panel names the releases.
func (d *chartData) finishTimeUnlabelled(p *plot.Plot) {
	r := d.releaseLines()
	r.labels = nil
	p.Add(&festivalShade{d.festivals}, r, d.policyLines())
	if len(d.x) > 0 {
		p.X.Min, p.X.Max = d.x[0], d.x[len(d.x)-1]
	}
}

// releaseLines and policyLines are the event markers of time charts.
func (d *chartData) releaseLines() *eventLines {
	return &eventLines{days: d.releases, labels: d.releaseNames,
		style: draw.LineStyle{Color: withAlpha(releaseColor, 0.55), Width: px(1.5), Dashes: dashed}}
}

func (d *chartData) policyLines() *eventLines {
	return &eventLines{days: d.policies, style: draw.LineStyle{Color: withAlpha(policyColor, 0.6), Width: px(1.5)}}
}

// eventLegend returns the legend items of the event markers, drawn
// stronger than the markers themselves so the short samples show.
func (d *chartData) eventLegend() []legendItem {
	var out []legendItem
	if len(d.releases) > 0 {
		out = append(out, legendItem{"model release", &eventLines{style: draw.LineStyle{Color: releaseColor, Width: px(2.5), Dashes: []vg.Length{px(5), px(3)}}}})
	}
	if len(d.policies) > 0 {
		out = append(out, legendItem{"policy event", &eventLines{style: draw.LineStyle{Color: policyColor, Width: px(2.5)}}})
	}
	if len(d.festivals) > 0 {
		out = append(out, legendItem{"festival window", swatch(withAlpha(rgb(0xf2, 0xc1, 0x2e), 0.45))})
	}
	return out
}

// companyLines adds one line per company in ids to p, in company colours,
// and returns their legend items; companies without a finite value are
// skipped. Western labs are drawn dashed so the frontier stands apart.
// Where a line coincides with lines drawn after it (as equal prices do), it
// is drawn wider there, so each shows as a stripe along the others. Beyond
// maxNamed companies, those with the highest peaks are drawn and named;
// the others are drawn thin and grey beneath them, under one legend line.
func (d *chartData) companyLines(p *plot.Plot, ids []string, values func(id string) []float64) []legendItem {
	var shown []string
	var series [][]float64
	for _, id := range ids {
		if v := values(id); anyFinite(v) {
			shown, series = append(shown, id), append(series, v)
		}
	}
	top, rest := largest(series, maxNamed)
	var others []legendItem
	if len(rest) > 0 {
		for _, i := range rest {
			p.Add(seriesLine(d.x, series[i], otherColor, 1))
		}
		others = []legendItem{{othersLabel(len(rest)), seriesLine(nil, nil, otherColor, 1)}}
		shown, series = pick(shown, top), pick(series, top)
	}
	items := make([]legendItem, len(shown))
	for i, id := range shown {
		c := companyColor(id)
		for _, run := range coincidentRuns(series[i], series[i+1:]) {
			p.Add(seriesLine(d.x[run.from:run.to], series[i][run.from:run.to], c, lineWidth+3*float64(run.under)))
		}
		l := seriesLine(d.x, series[i], c, lineWidth)
		if id == "western" {
			l.LineStyle.Dashes = dashed
			l.LineStyle.Width = lineWidth * 1.3
		}
		p.Add(l)
		items[i] = legendItem{d.name(id), seriesLine(nil, nil, c, l.LineStyle.Width.Points(), l.LineStyle.Dashes...)}
	}
	return append(items, others...)
}

// pick returns the elements of xs at the indices idx, in that order.
func pick[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

// run is a stretch [from, to) of months in which a series coincides with
// under of the series drawn after it.
type run struct{ from, to, under int }

// coincidentRuns returns the stretches of at least two months in which s
// equals (to a relative 1e-9) one or more of later, by how many.
func coincidentRuns(s []float64, later [][]float64) []run {
	under := make([]int, len(s))
	for m, v := range s {
		for _, o := range later {
			if w := o[m]; finite(v) && finite(w) && math.Abs(v-w) <= 1e-9*math.Max(math.Abs(v), math.Abs(w)) {
				under[m]++
			}
		}
	}
	var out []run
	for m := 0; m < len(s); {
		e := m + 1
		for e < len(s) && under[e] == under[m] {
			e++
		}
		if under[m] > 0 && e-m >= 2 {
			out = append(out, run{m, e, under[m]})
		}
		m = e
	}
	return out
}

// providerIDs returns the ids of the providers.
func (d *chartData) providerIDs() []string {
	ids := make([]string, len(d.providers))
	for i, c := range d.providers {
		ids[i] = c.ID
	}
	return ids
}

// anyFinite reports whether the series has a finite value.
func anyFinite(s []float64) bool {
	for _, v := range s {
		if finite(v) {
			return true
		}
	}
	return false
}
