package reports

import (
	"image"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Chart is one rendered chart of a run.
type Chart struct {
	Name    string // file name, e.g. "share-llm-api.png"
	Title   string // what the chart shows, as drawn at its top
	Caption string // a sentence or two on how to read it, for a report
	PNG     []byte // the image, at least 1200 × 700 pixels
	// SVG is the same drawing as vector graphics, for the HTML pages: a
	// fraction of the PNG's bytes (see svgCanvas). Its text names the
	// fonts rather than embedding them (Liberation Sans, which Arial and
	// Helvetica match in width) and is fitted to the width it was laid
	// out with.
	SVG []byte
}

// Charts renders the charts of a run as PNGs, in a fixed order: the
// market's size by year, revenue shares by segment and in total, token
// against revenue share, revenue and profit, prices, fleets by chip and
// the domestic share, serving cost by chip and model (from costTable; text
// models only, none when it is empty), capability, consumer users, global
// open-model adoption, Nvidia's China business, unmet demand and
// utilisation, and the event timeline. A chart whose data the run does
// not have is left out. Options add what the scenario knows and the
// results do not: festival windows to shade, source figures to mark.
//
// Charts are a pure function of their input: the same Result and table give
// byte-identical PNGs (no metadata, no timestamps), drawn in parallel.
func Charts(r *market.Result, costTable []hardware.Serving, opts ...ChartOption) ([]Chart, error) {
	d := newChartData(r)
	for _, o := range opts {
		o(d)
	}
	var figs []*figure
	figs = append(figs, d.marketSizeFigure())
	figs = append(figs, d.shareFigures()...)
	figs = append(figs, d.volumeShareFigure("llm-api"))
	figs = append(figs, d.financeFigure())
	figs = append(figs, d.priceFigures()...)
	figs = append(figs, d.fleetFigure(), d.domesticFigure())
	figs = append(figs, d.costFigure(costTable))
	figs = append(figs, d.capabilityFigure())
	figs = append(figs, d.usersFigures()...)
	figs = append(figs, d.adoptionFigures()...)
	figs = append(figs, d.nvidiaFigure())
	figs = append(figs, d.unmetFigure(), d.timelineFigure())
	return renderAll(figs)
}

// Sizes. Charts are drawn at 96 dots per inch, so a point is 4/3 pixels.
const (
	chartDPI    = 96
	chartWidth  = 1440 // pixels
	chartHeight = 810

	titleSize  = 20 // points
	panelSize  = 16
	labelSize  = 16
	tickSize   = 14
	legendSize = 14
	noteSize   = 12
	lineWidth  = 2.5
)

// px converts pixels to vg lengths (points) at chartDPI.
func px(n float64) vg.Length { return vg.Length(n * 72 / chartDPI) }

// figure is a chart before rendering: a title, a grid of panels sharing
// one legend to the right of them, and a note at the bottom.
type figure struct {
	name, title, caption string
	note                 string // drawn at the bottom left, small and grey
	width, height        int    // pixels
	panels               [][]*plot.Plot
	legend               []legendItem

	// layout, if set, is called with the canvas the panels will be drawn
	// into, before they are; the timeline uses it to place its labels.
	layout func(area draw.Canvas)
}

// legendItem is one legend line; a nil thumb makes it a heading.
type legendItem struct {
	label string
	thumb plot.Thumbnailer
}

// newFigure returns a figure of the default size, its name made safe as a
// file name.
func newFigure(name, title, caption string) *figure {
	return &figure{name: safeName(name), title: title, caption: caption, width: chartWidth, height: chartHeight}
}

// safeName keeps ASCII letters, digits, '-', '_' and '.' in a file name
// and turns anything else into '-'; it never starts with a dot. Segment ids
// come from scenario files, so "../x" must not become a path.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok || (i == 0 && c == '.') {
			b[i] = '-'
		}
	}
	return string(b)
}

// render draws the figure once onto a raster and a vector canvas and
// returns it encoded as PNG and as SVG. A new raster has room for reserve
// pixels, so that it can be reused for a bigger figure. The encodings have no metadata, so
// equal drawings give equal bytes.
func (f *figure) render(reserve int) (pngBytes, svg []byte, err error) {
	img := getRGBA(f.width, f.height, reserve)
	defer putRGBA(img)
	ctx := newChartContext(img)
	glyphs := glyphCaches.Get().(*glyphCache)
	defer glyphCaches.Put(glyphs)
	c := newRasterCanvas(vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(chartDPI)), img, glyphs)
	c.polygons.ctx = ctx
	v := newSVGCanvas(f.width, f.height)
	f.draw(draw.New(teeCanvas{c, v}))
	if pngBytes, err = encodePNG(img); err != nil {
		return nil, nil, err
	}
	return pngBytes, v.bytes(), nil
}

// newChartContext returns the gg context charts are drawn with, on img
// itself (vgimg.NewWith would draw on a copy): butt caps, y upwards. It
// fills img with white first.
func newChartContext(img *image.RGBA) *gg.Context {
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	// Glyphs are placed by an affine transform; they are not scaled, so the
	// cheap interpolator draws them as well as the default bilinear one.
	ctx.SetInterpolator(xdraw.ApproxBiLinear)
	return ctx
}

// draw draws the figure on dc.
func (f *figure) draw(dc draw.Canvas) {
	area := draw.Crop(dc, px(24), -px(24), px(14), -px(14))

	title := textStyle(titleSize, true, colorText)
	title.YAlign = draw.YTop
	area.FillText(title, vg.Point{X: area.Min.X, Y: area.Max.Y}, f.title)
	area.Max.Y -= title.Height(f.title) + px(18)

	note := textStyle(noteSize, false, colorNote)
	note.YAlign = draw.YBottom
	if f.note != "" {
		area.FillText(note, vg.Point{X: area.Min.X, Y: area.Min.Y}, f.note)
		area.Min.Y += note.Height(f.note) + px(10)
	}

	if len(f.legend) > 0 {
		l := plot.NewLegend()
		l.TextStyle = textStyle(legendSize, false, colorText)
		l.Top, l.Left = true, true
		l.ThumbnailWidth = px(40)
		l.Padding = px(7)
		var w vg.Length
		lc := area
		lc.Max.Y -= px(8)
		items := fitLegend(f.legend, &l, lc.Max.Y-lc.Min.Y)
		for _, it := range items {
			if it.thumb == nil {
				l.Add(it.label)
				continue
			}
			l.Add(it.label, it.thumb)
		}
		for _, it := range items {
			w = max(w, l.TextStyle.Width(it.label))
		}
		w += l.ThumbnailWidth + l.TextStyle.Width(" ")
		lc.Min.X = area.Max.X - w
		l.Draw(lc)
		area.Max.X -= w + px(24)
	}

	for _, row := range f.panels {
		for _, p := range row {
			if p != nil {
				fitAxis(&p.Y)
			}
		}
	}
	if f.layout != nil {
		f.layout(area)
	}
	rows, cols := len(f.panels), len(f.panels[0])
	if rows == 1 && cols == 1 {
		f.panels[0][0].Draw(area)
	} else {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: px(36), PadY: px(24)}
		canvases := plot.Align(f.panels, tiles, area)
		for i, row := range f.panels {
			for j, p := range row {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
	}
}
