package reports

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// rasterCanvas is vgimg's canvas drawing on img, with faster ways to draw
// what charts draw most: text along the pixel grid (horizontal, or turned
// a quarter), and lines and rectangles along it. Each glyph is rasterised
// once per font, character, orientation and quarter-pixel position, kept
// in a glyphCache, and copied into the image through its coverage mask
// (glyphs.go); vgimg rasterises every glyph of every string afresh and
// resamples it into place. A grid line, tick, dashed event line or bar is
// painted as rectangles with their exact coverage (axisrect.go); vgimg
// runs each through a general path rasteriser, dash by dash. Everything
// else is left to vgimg.
type rasterCanvas struct {
	*vgimg.Canvas
	img    *image.RGBA
	glyphs *glyphCache
	stack  []rasterState
	rasterState
	polygons polygonFiller // set its ctx to vgimg's to use it
	memo     []blendMemo   // paintRect's blends
	cover    struct {      // columnCover's last answer
		x0, x1 float64
		cov    []float64
	}
}

// rasterState is what Push saves and Pop restores.
type rasterState struct {
	m      affine // vg points (y up) to pixels (y down)
	color  color.Color
	width  vg.Length
	dashes []vg.Length
	offset vg.Length
}

// newRasterCanvas wraps c, which draws on img at chartDPI.
func newRasterCanvas(c *vgimg.Canvas, img *image.RGBA, glyphs *glyphCache) *rasterCanvas {
	k := float64(chartDPI) / 72
	r := &rasterCanvas{Canvas: c, img: img, glyphs: glyphs}
	r.m = affine{a: k, d: -k, f: float64(img.Rect.Dy())}
	r.color = color.Black
	r.width = 1
	return r
}

// SetLineWidth sets the width of stroked paths.
func (r *rasterCanvas) SetLineWidth(w vg.Length) {
	r.Canvas.SetLineWidth(w)
	r.width = w
}

// SetLineDash sets the dash pattern of stroked paths.
func (r *rasterCanvas) SetLineDash(pattern []vg.Length, offset vg.Length) {
	r.Canvas.SetLineDash(pattern, offset)
	r.dashes, r.offset = pattern, offset
}

// Stroke draws the outline of path.
func (r *rasterCanvas) Stroke(path vg.Path) {
	if r.width <= 0 {
		return
	}
	if !r.strokeAxisLine(path) {
		r.Canvas.Stroke(path)
	}
}

// Fill fills path.
func (r *rasterCanvas) Fill(path vg.Path) {
	if r.fillAxisRect(path) {
		return
	}
	cr, cg, cb, ca := r.color.RGBA()
	if !r.polygons.fill(r.img, path, r.Canvas.DPI(), cr, cg, cb, ca) {
		r.Canvas.Fill(path)
	}
}

// unrotated reports whether the transform maps points to pixels with
// neither rotation nor scaling, so that lengths are in dots.
func (r *rasterCanvas) unrotated() bool {
	k := float64(chartDPI) / 72
	return r.m.b == 0 && r.m.c == 0 && r.m.a == k && r.m.d == -k
}

// SetColor sets the colour of strokes, fills and text; nil is black.
func (r *rasterCanvas) SetColor(c color.Color) {
	r.Canvas.SetColor(c)
	if c == nil {
		c = color.Black
	}
	r.color = c
}

// Rotate rotates the coordinates by rad radians, counter-clockwise.
func (r *rasterCanvas) Rotate(rad float64) {
	r.Canvas.Rotate(rad)
	r.m = r.m.rotate(rad)
}

// Translate moves the origin to pt.
func (r *rasterCanvas) Translate(pt vg.Point) {
	r.Canvas.Translate(pt)
	r.m = r.m.translate(pt)
}

// Scale scales the coordinates.
func (r *rasterCanvas) Scale(x, y float64) {
	r.Canvas.Scale(x, y)
	r.m = r.m.scaled(x, y)
}

// Push saves the drawing state.
func (r *rasterCanvas) Push() {
	r.Canvas.Push()
	r.stack = append(r.stack, r.rasterState)
}

// Pop restores the state of the matching Push.
func (r *rasterCanvas) Pop() {
	r.Canvas.Pop()
	if n := len(r.stack); n > 0 {
		r.rasterState = r.stack[n-1]
		r.stack = r.stack[:n-1]
	}
}

// FillString draws text with its baseline starting at pt: horizontal
// text and text turned a quarter either way through the glyph cache, any
// other through vgimg.
func (r *rasterCanvas) FillString(f font.Face, pt vg.Point, text string) {
	if f.Font.Size == 0 {
		return
	}
	o, ok := r.orientation()
	if !ok {
		r.Canvas.FillString(f, pt, text)
		return
	}
	x, y := r.m.apply(pt)
	r.glyphs.draw(r.img, f, o, x, y, r.color, text)
}

// orientation returns which way text runs under the transform, if it
// runs along the pixel grid unscaled.
func (r *rasterCanvas) orientation() (orientation, bool) {
	k := float64(chartDPI) / 72
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	m := r.m
	switch {
	case m.b == 0 && m.c == 0 && m.a == k && m.d == -k:
		return rightwards, true
	case near(m.a, 0) && near(m.d, 0) && near(m.b, -k) && near(m.c, -k):
		return upwards, true
	case near(m.a, 0) && near(m.d, 0) && near(m.b, k) && near(m.c, k):
		return downwards, true
	}
	return 0, false
}
