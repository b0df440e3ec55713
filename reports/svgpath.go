package reports

import (
	"math"
	"strconv"

	"gonum.org/v1/plot/vg"
)

// svgPath encodes a vg.Path as SVG path data in whole SVG units. Lines are
// relative moves from the last point, rounded once in absolute terms so
// that rounding never accumulates; a run of segments along one straight
// line in one direction (a step chart's flat months) becomes a single
// segment; zero-length segments are dropped. A command letter repeats
// implicitly and a minus sign separates numbers, as SVG allows.
type svgPath struct {
	m      affine
	b      []byte
	x, y   int64 // the current point
	sx, sy int64 // the start of the subpath
	have   bool  // there is a current point
	drawn  bool  // the path has a segment, arc or curve
	last   byte  // the last command letter written
	num    bool  // the last byte written ends a number

	pend     byte // a pending segment, 'h', 'v' or 'l', merged with the next where it continues it
	pdx, pdy int64
}

// reset starts a new path drawn with transform m.
func (p *svgPath) reset(m affine) {
	*p = svgPath{m: m, b: p.b[:0]}
}

// bytes returns the path data, or nothing if the path draws nothing.
func (p *svgPath) bytes() []byte {
	p.flush()
	if !p.drawn {
		return nil
	}
	return p.b
}

// point maps a vg point to whole SVG units.
func (p *svgPath) point(pt vg.Point) (int64, int64) {
	x, y := p.m.apply(pt)
	return int64(math.Round(x)), int64(math.Round(y))
}

// add appends one path component.
func (p *svgPath) add(comp vg.PathComp) {
	switch comp.Type {
	case vg.MoveComp:
		p.moveTo(p.point(comp.Pos))
	case vg.LineComp:
		p.lineTo(p.point(comp.Pos))
	case vg.ArcComp:
		p.arc(comp)
	case vg.CurveComp:
		p.curve(comp)
	case vg.CloseComp:
		if p.have {
			p.flush()
			p.command('z')
			p.x, p.y = p.sx, p.sy
		}
	}
}

// moveTo starts a subpath at (x, y).
func (p *svgPath) moveTo(x, y int64) {
	p.flush()
	p.b = append(p.b, 'M') // written every time: numbers after an M are lines
	p.last, p.num = 'M', false
	p.number(x)
	p.number(y)
	p.x, p.y, p.sx, p.sy, p.have = x, y, x, y, true
}

// lineTo draws a line to (x, y), merged with the pending segment where it
// goes on in the same direction.
func (p *svgPath) lineTo(x, y int64) {
	if !p.have {
		p.moveTo(x, y)
		return
	}
	dx, dy := x-p.x, y-p.y
	if dx == 0 && dy == 0 {
		return
	}
	p.drawn = true
	p.x, p.y = x, y
	kind := byte('l')
	switch {
	case dy == 0:
		kind = 'h'
	case dx == 0:
		kind = 'v'
	}
	if kind == p.pend && sameDirection(p.pdx, p.pdy, dx, dy) {
		p.pdx += dx
		p.pdy += dy
		return
	}
	p.flush()
	p.pend, p.pdx, p.pdy = kind, dx, dy
}

// sameDirection reports whether two vectors point the same way.
func sameDirection(ax, ay, bx, by int64) bool {
	return ax*by == ay*bx && ax*bx+ay*by > 0
}

// arc draws a circular arc, as a line to its start and one SVG arc (two
// for a full circle, which one arc cannot draw).
func (p *svgPath) arc(comp vg.PathComp) {
	r := float64(comp.Radius)
	at := func(angle float64) vg.Point {
		s, c := math.Sincos(angle)
		return vg.Point{X: comp.Pos.X + vg.Length(r*c), Y: comp.Pos.Y + vg.Length(r*s)}
	}
	p.lineTo(p.point(at(comp.Start)))
	p.flush()
	pieces := 1
	if math.Abs(comp.Angle) >= 2*math.Pi {
		pieces = 2
	}
	step := comp.Angle / float64(pieces)
	// Positive angles turn counter-clockwise in vg's y-up space; SVG's sweep
	// flag follows the transform's orientation.
	det := p.m.a*p.m.d - p.m.b*p.m.c
	sweep := int64(0)
	if (step > 0) == (det > 0) {
		sweep = 1
	}
	large := int64(0)
	if math.Abs(step) > math.Pi {
		large = 1
	}
	rad := int64(math.Round(r * p.m.scale()))
	for i := 1; i <= pieces; i++ {
		x, y := p.point(at(comp.Start + float64(i)*step))
		p.command('A')
		for _, v := range []int64{rad, rad, 0, large, sweep, x, y} {
			p.number(v)
		}
		p.x, p.y = x, y
	}
	p.drawn = true
}

// curve draws a quadratic or cubic Bézier curve.
func (p *svgPath) curve(comp vg.PathComp) {
	if !p.have || len(comp.Control) == 0 || len(comp.Control) > 2 {
		p.lineTo(p.point(comp.Pos))
		return
	}
	p.flush()
	p.command("QC"[len(comp.Control)-1])
	for _, c := range comp.Control {
		x, y := p.point(c)
		p.number(x)
		p.number(y)
	}
	p.x, p.y = p.point(comp.Pos)
	p.number(p.x)
	p.number(p.y)
	p.drawn = true
}

// flush writes the pending segment.
func (p *svgPath) flush() {
	switch p.pend {
	case 'h':
		p.command('h')
		p.number(p.pdx)
	case 'v':
		p.command('v')
		p.number(p.pdy)
	case 'l':
		p.command('l')
		p.number(p.pdx)
		p.number(p.pdy)
	}
	p.pend = 0
}

// command writes a command letter unless it repeats the last one.
func (p *svgPath) command(c byte) {
	if c != p.last || c == 'z' {
		p.b = append(p.b, c)
		p.last, p.num = c, false
	}
}

// number writes v, with a space before it where the last number would
// otherwise run into it.
func (p *svgPath) number(v int64) {
	if p.num && v >= 0 {
		p.b = append(p.b, ' ')
	}
	p.b = strconv.AppendInt(p.b, v, 10)
	p.num = true
}
