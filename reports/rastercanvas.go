package reports

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// rasterCanvas is vgimg's canvas drawing on img, with faster ways to draw
// what charts draw most: horizontal text, and lines and rectangles along
// the pixel grid. Each glyph is rasterised once per font, character and
// quarter-pixel position, kept in a glyphCache, and copied into the image
// through its coverage mask; vgimg rasterises every glyph of every string
// afresh and resamples it into place. A grid line, tick, dashed event line
// or bar is painted as rectangles with their exact coverage (see
// axisrect.go); vgimg runs each through a general path rasteriser, dash by
// dash. Everything else is left to vgimg.
type rasterCanvas struct {
	*vgimg.Canvas
	img    *image.RGBA
	glyphs *glyphCache
	stack  []rasterState
	rasterState
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
	if !r.fillAxisRect(path) {
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

// FillString draws text with its baseline starting at pt.
func (r *rasterCanvas) FillString(f font.Face, pt vg.Point, text string) {
	if f.Font.Size == 0 {
		return
	}
	if !r.unrotated() {
		r.Canvas.FillString(f, pt, text) // rotated or scaled
		return
	}
	x, y := r.m.apply(pt)
	face := r.glyphs.face(f)
	src := image.NewUniform(r.color)
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	prev := rune(-1)
	for _, c := range text {
		if prev >= 0 {
			dot.X += face.Kern(prev, c)
		}
		g, ok := r.glyphs.glyph(f.Font, face, c, dot)
		if !ok {
			continue
		}
		at := image.Point{X: dot.X.Floor(), Y: dot.Y.Floor()}
		draw.DrawMask(r.img, g.rect.Add(at), src, image.Point{}, g.mask, image.Point{}, draw.Over)
		dot.X += g.advance
		prev = c
	}
}

// glyphCache keeps rasterised glyphs and the font faces that drew them.
// It is not safe for concurrent use: each drawing goroutine takes its
// own from glyphCaches. A glyph is a pure function of its key, so what a
// cache holds never changes what is drawn.
type glyphCache struct {
	faces  map[font.Font]xfont.Face
	glyphs map[glyphKey]glyph
}

// glyphCaches are the caches of the drawing goroutines.
var glyphCaches = sync.Pool{New: func() any {
	return &glyphCache{faces: map[font.Font]xfont.Face{}, glyphs: map[glyphKey]glyph{}}
}}

// glyphKey names a glyph: a font, a character and the dot's position
// within its pixel, in quarter pixels.
type glyphKey struct {
	font   font.Font
	r      rune
	dx, dy uint8
}

// glyph is a rasterised glyph: its coverage and where it goes relative to
// the pixel of the dot, and how far it moves the dot.
type glyph struct {
	mask    *image.Alpha
	rect    image.Rectangle
	advance fixed.Int26_6
}

// face returns the face of f at chartDPI.
func (g *glyphCache) face(f font.Face) xfont.Face {
	if fc, ok := g.faces[f.Font]; ok {
		return fc
	}
	fc := f.FontFace(chartDPI)
	g.faces[f.Font] = fc
	return fc
}

// glyph returns character c of the font at dot, rasterised at dot's
// position rounded to a quarter pixel; false if the face has no glyph
// for c.
func (g *glyphCache) glyph(f font.Font, face xfont.Face, c rune, dot fixed.Point26_6) (glyph, bool) {
	key := glyphKey{font: f, r: c, dx: uint8(dot.X&63) >> 4, dy: uint8(dot.Y&63) >> 4}
	if gl, ok := g.glyphs[key]; ok {
		return gl, gl.mask != nil
	}
	at := fixed.Point26_6{X: fixed.Int26_6(key.dx) << 4, Y: fixed.Int26_6(key.dy) << 4}
	dr, mask, maskp, advance, ok := face.Glyph(at, c)
	if !ok {
		g.glyphs[key] = glyph{}
		return glyph{}, false
	}
	// The face reuses its mask for the next glyph: keep a copy.
	cp := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	draw.Draw(cp, cp.Rect, mask, maskp, draw.Src)
	gl := glyph{mask: cp, rect: dr, advance: advance}
	g.glyphs[key] = gl
	return gl, true
}
