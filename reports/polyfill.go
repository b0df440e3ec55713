package reports

import (
	"encoding/binary"
	"image"
	"math"

	"git.sr.ht/~sbinet/gg"
	"github.com/golang/freetype/raster"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/vg"
)

// polygonFiller fills paths of straight lines as vgimg fills them
// through gg (points moved by gg's transform and rounded to 1/64 pixel,
// each subpath closed, freetype's rasteriser with the non-zero winding
// rule), pixel for pixel, but paints the rasteriser's spans itself: a
// span that wholly covers its pixels with an opaque colour is copied in
// rather than blended pixel by pixel. Stacked area charts are mostly such
// spans.
type polygonFiller struct {
	ctx  *gg.Context // the context vgimg draws with, for its transform
	path raster.Path
	rast *raster.Rasterizer
	size image.Point // the rasteriser's bounds
	spanPainter
}

// fill fills path in colour c (as set by SetColor) on img and reports
// whether it could: paths with arcs or curves are left to vgimg.
func (f *polygonFiller) fill(img *image.RGBA, path vg.Path, dpi float64, r, g, b, a uint32) bool {
	if f.ctx == nil {
		return false
	}
	for _, c := range path {
		if c.Type != vg.MoveComp && c.Type != vg.LineComp && c.Type != vg.CloseComp {
			return false
		}
	}
	p := f.path[:0]
	var start fixed.Point26_6
	open := false // a subpath has begun (gg's hasCurrent)
	for _, c := range path {
		switch {
		case c.Type == vg.CloseComp:
			if open {
				p.Add1(start)
			}
		case c.Type == vg.MoveComp || !open:
			if open {
				p.Add1(start)
			}
			start = f.point(c.Pos, dpi)
			p.Start(start)
			open = true
		default:
			p.Add1(f.point(c.Pos, dpi))
		}
	}
	if open {
		p.Add1(start)
	}
	f.path = p
	if size := img.Rect.Size(); f.rast == nil || f.size != size {
		f.rast, f.size = raster.NewRasterizer(size.X, size.Y), size
	}
	f.rast.UseNonZeroWinding = true
	f.rast.Clear()
	f.rast.AddPath(p)
	f.spanPainter = spanPainter{img: img, cr: r, cg: g, cb: b, ca: a}
	f.rast.Rasterize(&f.spanPainter)
	return true
}

// point returns pt in gg's device space, in 26.6 fixed point.
func (f *polygonFiller) point(pt vg.Point, dpi float64) fixed.Point26_6 {
	x, y := f.ctx.TransformPoint(pt.X.Dots(dpi), pt.Y.Dots(dpi))
	return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
}

// spanPainter paints spans over img in one colour, blending as
// freetype's RGBAPainter does with draw.Over.
type spanPainter struct {
	img            *image.RGBA
	cr, cg, cb, ca uint32
}

// Paint paints the spans ss.
func (p *spanPainter) Paint(ss []raster.Span, done bool) {
	const m = 1<<16 - 1
	b := p.img.Rect
	full := [4]uint8{uint8(p.cr >> 8), uint8(p.cg >> 8), uint8(p.cb >> 8), uint8(p.ca >> 8)}
	for _, s := range ss {
		if s.Y < b.Min.Y {
			continue
		}
		if s.Y >= b.Max.Y {
			return
		}
		s.X0, s.X1 = max(s.X0, b.Min.X), min(s.X1, b.Max.X)
		if s.X0 >= s.X1 {
			continue
		}
		i0 := (s.Y-b.Min.Y)*p.img.Stride + (s.X0-b.Min.X)*4
		pix := p.img.Pix[i0 : i0+(s.X1-s.X0)*4]
		ma := s.Alpha
		if ma == m && p.ca == m {
			fillPixels(pix, full)
			continue
		}
		a := (m - (p.ca * ma / m)) * 0x101
		lastIn, lastOut, seen := uint32(0), uint32(0), false // a span mostly crosses one colour
		for i := 0; i+4 <= len(pix); i += 4 {
			q := pix[i : i+4 : i+4]
			in := binary.LittleEndian.Uint32(q)
			if seen && in == lastIn {
				binary.LittleEndian.PutUint32(q, lastOut)
				continue
			}
			q[0] = uint8((uint32(q[0])*a + p.cr*ma) / m >> 8)
			q[1] = uint8((uint32(q[1])*a + p.cg*ma) / m >> 8)
			q[2] = uint8((uint32(q[2])*a + p.cb*ma) / m >> 8)
			q[3] = uint8((uint32(q[3])*a + p.ca*ma) / m >> 8)
			lastIn, lastOut, seen = in, binary.LittleEndian.Uint32(q), true
		}
	}
}
