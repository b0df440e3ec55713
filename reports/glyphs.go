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
)

// orientation is the direction text runs in on the image.
type orientation uint8

const (
	rightwards orientation = iota // horizontal
	upwards                       // turned a quarter counter-clockwise, as a y axis label
	downwards                     // turned a quarter clockwise
)

// frame maps image coordinates to the text's own frame: s along the
// baseline, t across it, pointing down the glyphs.
func (o orientation) frame(x, y float64) (s, t float64) {
	switch o {
	case upwards:
		return -y, x
	case downwards:
		return y, -x
	}
	return x, y
}

// place returns where a glyph's mask goes on the image, given its
// rectangle dr in the text's frame relative to the pixel (fs, ft) of the
// dot there. The mask itself is turned by turn.
func (o orientation) place(dr image.Rectangle, fs, ft int) image.Rectangle {
	switch o {
	case upwards:
		return image.Rect(ft+dr.Min.Y, -fs-dr.Max.X, ft+dr.Max.Y, -fs-dr.Min.X)
	case downwards:
		return image.Rect(-ft-dr.Max.Y, fs+dr.Min.X, -ft-dr.Min.Y, fs+dr.Max.X)
	}
	return dr.Add(image.Point{X: fs, Y: ft})
}

// turn returns mask as it appears on the image.
func (o orientation) turn(mask *image.Alpha) *image.Alpha {
	if o == rightwards {
		return mask
	}
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	out := image.NewAlpha(image.Rect(0, 0, h, w))
	for i := range w {
		for j := range h {
			a := mask.Pix[j*mask.Stride+i]
			if o == upwards {
				out.Pix[(w-1-i)*out.Stride+j] = a
			} else {
				out.Pix[i*out.Stride+h-1-j] = a
			}
		}
	}
	return out
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

// glyphKey names a glyph: a font, a character, the dot's position within
// its pixel in the text's frame, in quarter pixels, and the orientation.
type glyphKey struct {
	font   font.Font
	r      rune
	ds, dt uint8
	o      orientation
}

// glyph is a rasterised glyph: its coverage as it appears on the image,
// its rectangle in the text's frame relative to the pixel of the dot, and
// how far it moves the dot.
type glyph struct {
	mask    *image.Alpha
	rect    image.Rectangle
	advance fixed.Int26_6
}

// draw draws text in colour c with its baseline starting at (x, y) on
// img, running in direction o. Kerning and advances are the face's, as
// vgimg draws them; glyphs are placed to a quarter pixel.
func (g *glyphCache) draw(img *image.RGBA, f font.Face, o orientation, x, y float64, c color.Color, text string) {
	face := g.face(f)
	src := image.NewUniform(c)
	s, t := o.frame(x, y)
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(s * 64)), Y: fixed.Int26_6(math.Round(t * 64))}
	prev := rune(-1)
	for _, r := range text {
		if prev >= 0 {
			dot.X += face.Kern(prev, r)
		}
		gl, ok := g.glyph(f.Font, face, r, dot, o)
		if !ok {
			continue
		}
		at := o.place(gl.rect, dot.X.Floor(), dot.Y.Floor())
		draw.DrawMask(img, at, src, image.Point{}, gl.mask, image.Point{}, draw.Over)
		dot.X += gl.advance
		prev = r
	}
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

// glyph returns character c of the font at dot (in the text's frame),
// rasterised at dot's position rounded to a quarter pixel and turned to
// o; false if the face has no glyph for c.
func (g *glyphCache) glyph(f font.Font, face xfont.Face, c rune, dot fixed.Point26_6, o orientation) (glyph, bool) {
	key := glyphKey{font: f, r: c, ds: uint8(dot.X&63) >> 4, dt: uint8(dot.Y&63) >> 4, o: o}
	if gl, ok := g.glyphs[key]; ok {
		return gl, gl.mask != nil
	}
	at := fixed.Point26_6{X: fixed.Int26_6(key.ds) << 4, Y: fixed.Int26_6(key.dt) << 4}
	dr, mask, maskp, advance, ok := face.Glyph(at, c)
	if !ok {
		g.glyphs[key] = glyph{}
		return glyph{}, false
	}
	// The face reuses its mask for the next glyph: keep a copy.
	cp := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	draw.Draw(cp, cp.Rect, mask, maskp, draw.Src)
	gl := glyph{mask: o.turn(cp), rect: dr, advance: advance}
	g.glyphs[key] = gl
	return gl, true
}
