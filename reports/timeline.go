package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	ptext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// eventLines marks days on a time panel with thin vertical lines across
// it. It has no data range, so it never widens the panel's axes.
type eventLines struct {
	days   []float64
	labels []string // if set, the label of each day's line, drawn along it
	style  draw.LineStyle
}

// Plot implements plot.Plotter. A day is drawn once however many events
// fall on it. Labels run down the right of their line from the top;
// lines closer than a label's height share one label ("Qwen 3.5 +2").
func (e *eventLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	drawn := map[float64]bool{}
	for _, d := range e.days {
		if d < p.X.Min || d > p.X.Max || drawn[d] {
			continue
		}
		drawn[d] = true
		x := trX(d)
		c.StrokeLine2(e.style, x, c.Min.Y, x, c.Max.Y)
	}
	if len(e.labels) != len(e.days) {
		return
	}
	sty := textStyle(noteSize-1, false, colorNote)
	sty.Rotation = -math.Pi / 2
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	gap := sty.Height("M") * 1.1
	for i := 0; i < len(e.days); {
		j := i + 1
		for j < len(e.days) && trX(e.days[j])-trX(e.days[j-1]) < gap {
			j++
		}
		if d := e.days[i]; d >= p.X.Min && d <= p.X.Max {
			label := e.labels[i]
			if j-i > 1 {
				label += fmt.Sprintf(" +%d", j-i-1)
			}
			at := vg.Point{X: trX(e.days[j-1]) + px(2), Y: c.Max.Y - px(4)}
			w, h := sty.Width(label), sty.Height(label)
			halo := vg.Rectangle{Min: vg.Point{X: at.X, Y: at.Y - w - px(2)}, Max: vg.Point{X: at.X + h, Y: at.Y + px(2)}}
			c.SetColor(withAlpha(colorWhite, 0.8))
			c.Fill(halo.Path())
			c.FillText(sty, at, label)
		}
		i = j
	}
}

// releaseName names a release by its model, short enough to label a
// line: "Doubao 2.0 (Seed 2.0 Pro)" becomes "Doubao 2.0".
func releaseName(e market.Entry) string {
	s := eventLabel(e)
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return shortenLabel(s, 28)
}

// Thumbnail implements plot.Thumbnailer: a short vertical line.
func (e *eventLines) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(e.style, x, c.Min.Y, x, c.Max.Y)
}

// timelineLanes are the lanes of the event timeline, top to bottom, and
// the log kinds each holds. Decisions, deliveries and price moves are too
// many to label; they are in events.jsonl.
var timelineLanes = []struct {
	name  string
	kinds []string
	color color.RGBA // marker colour when the actor is not a company
}{
	{"Policy", []string{market.KindPolicy}, policyColor},
	{"Chip launches", []string{market.KindLaunch}, launchColor},
	{"Model releases", []string{market.KindRelease}, releaseColor},
	{"Shocks", []string{market.KindShock, market.KindDemand}, shockColor},
}

// timelineEvent is one labelled marker.
type timelineEvent struct {
	day   float64
	label string
	color color.Color

	row  int  // sub-row within the lane, set by layout
	left bool // label to the left of the marker, set by layout
}

// timelineLane is a lane of markers; its labels are packed into rows so
// that none overlaps another.
type timelineLane struct {
	name   string
	events []timelineEvent
	rows   int
	y      float64 // y of the lane's top row, in rows from the bottom
}

// timeline draws lanes of labelled event markers on a date axis.
type timeline struct {
	lanes []timelineLane
	style ptext.Style // of the labels
}

// Timeline geometry, in pixels.
const (
	markerRadius = 7
	labelPad     = 6  // between marker and label
	labelSpace   = 14 // at least between two labels in a row
	laneGap      = 0.7
)

// timelineEvents sorts the log's labelled kinds into lanes, dropping empty
// lanes. Events keep log order within a day.
func (d *chartData) timelineEvents() []timelineLane {
	var lanes []timelineLane
	for _, l := range timelineLanes {
		ln := timelineLane{name: l.name}
		for _, e := range d.r.Log {
			if !slices.Contains(l.kinds, e.Kind) {
				continue
			}
			c := color.Color(l.color)
			if _, ok := d.names[e.Actor]; ok {
				c = companyColor(e.Actor)
			}
			ln.events = append(ln.events, timelineEvent{day: float64(e.Day), label: eventLabel(e), color: c})
		}
		sort.SliceStable(ln.events, func(i, j int) bool { return ln.events[i].day < ln.events[j].day })
		if len(ln.events) > 0 {
			lanes = append(lanes, ln)
		}
	}
	return lanes
}

// eventLabel shortens a log summary for the timeline: a release is named
// by its model ("Qwen 3.5"), a launch loses its parenthesised specs, and
// anything longer than maxLabel runes is cut at a word with an ellipsis.
func eventLabel(e market.Entry) string {
	s := strings.Join(strings.Fields(e.Summary), " ")
	switch e.Kind {
	case market.KindRelease:
		if _, model, ok := strings.Cut(s, " releases "); ok {
			s = model
			if i := strings.LastIndex(s, " (capability"); i > 0 {
				s = s[:i]
			}
		}
	case market.KindLaunch:
		if i := strings.Index(s, " ("); i > 0 {
			s = s[:i]
		}
	}
	return shortenLabel(s, maxLabel)
}

// maxLabel is the longest timeline label, in runes.
const maxLabel = 90

// truncate cuts s to at most n runes at a space, adding "…".
func shortenLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// layout packs each lane's labels into rows for a data canvas c: a label
// goes right of its marker unless it would run off the canvas, and into
// the first row where it clears the previous label. It then stacks the
// lanes, top lane first, and returns the total height in rows.
func (t *timeline) layout(c draw.Canvas, p *plot.Plot) float64 {
	trX, _ := p.Transforms(&c)
	space := px(labelSpace)
	var total float64
	for li := range t.lanes {
		ln := &t.lanes[li]
		var ends []vg.Length // right edge of the last label in each row
		for ei := range ln.events {
			e := &ln.events[ei]
			x := trX(e.day)
			_, hi := t.span(x, e.label, false)
			e.left = hi > c.Max.X
			lo, hi := t.span(x, e.label, e.left)
			e.row = -1
			for k, end := range ends {
				if end+space <= lo {
					e.row = k
					break
				}
			}
			if e.row < 0 {
				e.row = len(ends)
				ends = append(ends, 0)
			}
			ends[e.row] = hi
		}
		ln.rows = len(ends)
		total += float64(ln.rows)
	}
	total += laneGap * float64(len(t.lanes)-1)
	y := total
	for li := range t.lanes {
		t.lanes[li].y = y - 0.5
		y -= float64(t.lanes[li].rows) + laneGap
	}
	return total
}

// span returns the horizontal extent of a marker at x with its label to
// the right of it, or to the left.
func (t *timeline) span(x vg.Length, label string, left bool) (lo, hi vg.Length) {
	r, w := px(markerRadius), px(labelPad)+t.style.Width(label)
	if left {
		return x - r - w, x + r
	}
	return x - r, x + r + w
}

// ticks returns the lane names as y ticks at the lanes' centres.
func (t *timeline) ticks() plot.ConstantTicks {
	out := make(plot.ConstantTicks, len(t.lanes))
	for i, ln := range t.lanes {
		out[i] = plot.Tick{Value: ln.y - float64(ln.rows-1)/2, Label: ln.name}
	}
	return out
}

// Plot implements plot.Plotter: faint lane separators, then the markers
// and their labels.
func (t *timeline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sep := draw.LineStyle{Color: colorGrid, Width: px(1.5)}
	for i, ln := range t.lanes {
		if i > 0 {
			y := trY(ln.y + 0.5 + laneGap/2)
			c.StrokeLine2(sep, c.Min.X, y, c.Max.X, y)
		}
	}
	r, pad := px(markerRadius), px(labelPad)
	for _, ln := range t.lanes {
		for _, e := range ln.events {
			x, y := trX(e.day), trY(ln.y-float64(e.row))
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: colorWhite, Radius: r + px(1.5), Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: e.color, Radius: r, Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
			sty := t.style
			sty.YAlign = draw.YCenter
			lx := x + r + pad
			if e.left {
				sty.XAlign = draw.XRight
				lx = x - r - pad
			}
			c.FillText(sty, vg.Point{X: lx, Y: y}, e.label)
		}
	}
}

// timelineFigure is the event timeline: policy, chip launches, model
// releases and shocks as labelled markers in lanes on a date axis.
func (d *chartData) timelineFigure() *figure {
	lanes := d.timelineEvents()
	if len(lanes) == 0 {
		return nil
	}
	t := &timeline{lanes: lanes, style: textStyle(13, false, colorText)}
	f := newFigure("timeline.png", "Event timeline: policy, chip launches, model releases and shocks",
		"What happened when, in lanes by kind. Release markers take the releasing company's colour. Agents' "+
			"decisions and chip deliveries are left out; the full log with causes is in events.jsonl.")
	f.width = 1680
	f.note = fmt.Sprintf("aicloudsim · scenario %s · seed %d · run %d · labels shortened; full text in events.jsonl",
		d.r.Scenario, d.r.Seed, d.r.Run)

	p := newBarePlot("")
	p.X.Tick.Marker = d.calendar(1300)
	p.Add(&plotter.Grid{Vertical: draw.LineStyle{Color: colorGrid, Width: px(1)}})
	// The axis runs from the start to a while after the last event, not
	// to the end of the run, so crowded months get room.
	end, last := float64(max(d.r.Days-1, 1)), 0.0
	for _, ln := range lanes {
		last = max(last, ln.events[len(ln.events)-1].day)
	}
	if zoom := last + max(0.3*last, 182); zoom < end {
		end = zoom
		f.caption += " The axis ends some months after the last of these events (" + d.r.Date(market.Day(last)).Format("2 Jan 2006") +
			"); the run goes on to " + d.r.Date(market.Day(d.r.Days-1)).Format("2 Jan 2006") + "."
	}
	p.X.Min, p.X.Max = -7, end
	p.Y.Tick.Length = 0
	p.Y.LineStyle.Width = 0
	p.Y.Padding = px(10)
	p.Add(t)

	// Size the figure for the rows a conservative width needs, then lay out
	// on the real canvas, which is at least as wide and so needs no more.
	probe := d.probeTimeline(t, p, float64(f.width)-560)
	rowPx := t.style.Height("Mg").Dots(chartDPI) * 1.9
	f.height = max(chartHeight, int(probe*rowPx)+330)
	seen := map[string]bool{} // companies with a release or launch marker
	for _, e := range d.r.Log {
		if e.Kind == market.KindRelease || e.Kind == market.KindLaunch {
			seen[e.Actor] = true
		}
	}
	for _, c := range d.r.Companies {
		if seen[c.ID] {
			f.legend = append(f.legend, legendItem{d.name(c.ID), marker(companyColor(c.ID))})
		}
	}
	p.Y.Tick.Marker = t.ticks() // labels for the axis width; positions fixed by layout
	f.layout = func(area draw.Canvas) {
		rows := t.layout(p.DataCanvas(area), p)
		p.Y.Min, p.Y.Max = -0.6, rows-0.3
		p.Y.Tick.Marker = t.ticks()
	}
	f.panels = [][]*plot.Plot{{p}}
	return f
}

// probeTimeline lays t out on a canvas widthPx wide and returns its rows.
func (d *chartData) probeTimeline(t *timeline, p *plot.Plot, widthPx float64) float64 {
	c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: px(widthPx), Y: px(500)}}}
	return t.layout(c, p)
}

// marker is a legend thumbnail: a filled circle.
type marker color.RGBA

// Thumbnail implements plot.Thumbnailer.
func (m marker) Thumbnail(c *draw.Canvas) {
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.RGBA(m), Radius: px(markerRadius), Shape: draw.CircleGlyph{}}, c.Center())
}
