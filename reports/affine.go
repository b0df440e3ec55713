package reports

import (
	"math"

	"gonum.org/v1/plot/vg"
)

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

// apply maps a point.
func (m affine) apply(p vg.Point) (x, y float64) {
	px, py := float64(p.X), float64(p.Y)
	return m.a*px + m.c*py + m.e, m.b*px + m.d*py + m.f
}

// then returns the transform that applies n first, then m.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// scale is the factor by which m scales lengths (exact for the rotations,
// translations and uniform scalings charts use).
func (m affine) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

// rotate returns m after a counter-clockwise rotation by rad radians.
func (m affine) rotate(rad float64) affine {
	s, c := math.Sincos(rad)
	return m.then(affine{a: c, b: s, c: -s, d: c})
}

// translate returns m after moving the origin to pt.
func (m affine) translate(pt vg.Point) affine {
	return m.then(affine{a: 1, d: 1, e: float64(pt.X), f: float64(pt.Y)})
}

// scaled returns m after scaling by x and y.
func (m affine) scaled(x, y float64) affine { return m.then(affine{a: x, d: y}) }
