package reports

import (
	"encoding/binary"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"
)

// strokeAxisLine paints path if it is one straight segment along the pixel
// grid, as the rectangles of its dashes, and reports whether it did. Caps
// are butt, as render sets them; dashes are laid out from the segment's
// start as vgimg lays them out.
func (r *rasterCanvas) strokeAxisLine(path vg.Path) bool {
	if len(path) != 2 || path[0].Type != vg.MoveComp || path[1].Type != vg.LineComp || !r.unrotated() {
		return false
	}
	x0, y0 := r.m.apply(path[0].Pos)
	x1, y1 := r.m.apply(path[1].Pos)
	if x0 != x1 && y0 != y1 {
		return false
	}
	k := float64(chartDPI) / 72
	half := float64(r.width) * k / 2
	length := math.Abs(x1-x0) + math.Abs(y1-y0)
	if length == 0 {
		return true // butt caps: nothing to paint
	}
	ux, uy := (x1-x0)/length, (y1-y0)/length
	dash := func(from, to float64) {
		ax, ay := x0+ux*from, y0+uy*from
		bx, by := x0+ux*to, y0+uy*to
		if ux == 0 {
			r.paintRect(ax-half, min(ay, by), ax+half, max(ay, by))
		} else {
			r.paintRect(min(ax, bx), ay-half, max(ax, bx), ay+half)
		}
	}
	if len(r.dashes) == 0 {
		dash(0, length)
		return true
	}
	pattern := make([]float64, 0, 2*len(r.dashes))
	for _, d := range r.dashes {
		pattern = append(pattern, float64(d)*k)
	}
	if len(pattern) == 1 {
		pattern = append(pattern, pattern[0])
	}
	i, done := dashStart(pattern, float64(r.offset)*k)
	for at := 0.0; at < length; i = (i + 1) % len(pattern) {
		end := min(length, at+pattern[i]-done)
		if i%2 == 0 {
			dash(at, end)
		}
		at, done = end, 0
	}
	return true
}

// dashStart returns the index of the dash pattern an offset starts in and
// how much of that entry the offset has used.
func dashStart(pattern []float64, offset float64) (int, float64) {
	if offset == 0 {
		return 0, 0
	}
	total := 0.0
	for _, d := range pattern {
		total += d
	}
	offset = math.Mod(offset, total)
	if offset < 0 {
		offset += total
	}
	for i, d := range pattern {
		if offset < d {
			return i, offset
		}
		offset -= d
	}
	return 0, 0
}

// fillAxisRect paints path if it is a rectangle along the pixel grid and
// reports whether it did.
func (r *rasterCanvas) fillAxisRect(path vg.Path) bool {
	if !r.unrotated() || len(path) < 4 || path[0].Type != vg.MoveComp {
		return false
	}
	var xs, ys [5]float64
	n := 0
	for i, c := range path {
		switch {
		case c.Type == vg.CloseComp && i == len(path)-1:
		case (c.Type == vg.MoveComp) == (i == 0) && c.Type != vg.CloseComp && c.Type <= vg.LineComp && n < 5:
			xs[n], ys[n] = r.m.apply(c.Pos)
			n++
		default:
			return false
		}
	}
	if n == 5 {
		if xs[4] != xs[0] || ys[4] != ys[0] {
			return false
		}
		n = 4
	}
	if n != 4 {
		return false
	}
	horizontalFirst := ys[0] == ys[1] && xs[1] == xs[2] && ys[2] == ys[3] && xs[3] == xs[0]
	verticalFirst := xs[0] == xs[1] && ys[1] == ys[2] && xs[2] == xs[3] && ys[3] == ys[0]
	if !horizontalFirst && !verticalFirst {
		return false
	}
	r.paintRect(min(xs[0], xs[2]), min(ys[0], ys[2]), max(xs[0], xs[2]), max(ys[0], ys[2]))
	return true
}

// paintRect paints the rectangle [x0, x1] × [y0, y1] (pixels) in the
// current colour over the image, each pixel by the share of it the
// rectangle covers. Edges are first rounded to 1/64 pixel, as vgimg's
// rasteriser rounds them, and the colour is blended as it blends it.
func (r *rasterCanvas) paintRect(x0, y0, x1, y1 float64) {
	q := func(v float64) float64 { return math.Round(v*64) / 64 }
	x0, y0, x1, y1 = q(x0), q(y0), q(x1), q(y1)
	b := r.img.Rect
	x0, x1 = max(x0, float64(b.Min.X)), min(x1, float64(b.Max.X))
	y0, y1 = max(y0, float64(b.Min.Y)), min(y1, float64(b.Max.Y))
	if x0 >= x1 || y0 >= y1 {
		return
	}
	px0 := int(math.Floor(x0))
	cov := r.columnCover(x0, x1)
	// The columns wholly inside the rectangle: in a row it covers wholly,
	// an opaque colour just replaces their pixels.
	in0, in1 := int(math.Ceil(x0))-px0, int(math.Floor(x1))-px0
	bl := newBlender(r.color, &r.memo, len(cov))
	for y := int(math.Floor(y0)); y < int(math.Ceil(y1)); y++ {
		rowCov := min(y1, float64(y+1)) - max(y0, float64(y))
		row := r.img.Pix[r.img.PixOffset(px0, y):][:4*len(cov)]
		if rowCov == 1 && bl.ca == 0xffff && in1-in0 > 1 {
			bl.blendRow(row[:4*in0], cov[:in0], 0, rowCov)
			fillPixels(row[4*in0:4*in1], bl.full)
			bl.blendRow(row[4*in1:], cov[in1:], in1, rowCov)
			continue
		}
		bl.blendRow(row, cov, 0, rowCov)
	}
}

// columnCover returns the share of each pixel column from floor(x0) to
// ceil(x1) that [x0, x1] covers. The dashes of a line share their
// columns, so the last answer is kept for the next call.
func (r *rasterCanvas) columnCover(x0, x1 float64) []float64 {
	if x0 == r.cover.x0 && x1 == r.cover.x1 && r.cover.cov != nil {
		return r.cover.cov
	}
	px0, px1 := int(math.Floor(x0)), int(math.Ceil(x1))
	cov := r.cover.cov[:0]
	for x := px0; x < px1; x++ {
		cov = append(cov, min(x1, float64(x+1))-max(x0, float64(x)))
	}
	r.cover.x0, r.cover.x1, r.cover.cov = x0, x1, cov
	return cov
}

// blender paints one colour over pixels, each by the share of it covered,
// blending as vgimg's rasteriser does. A translucent box or band mostly
// lies over one background colour, and a line's columns repeat from row
// to row, so the last blend of each column, and the last of the row, are
// kept for the next pixel of the same colour and coverage.
type blender struct {
	cr, cg, cb, ca uint32
	full           [4]uint8    // the colour over a whole pixel, if opaque
	memo           []blendMemo // each column's last blend
}

// blendMemo is a blend: the coverage, the pixel before and after.
type blendMemo struct{ ma, in, out uint32 }

// newBlender returns a blender of col for rectangles of columns columns,
// its memory of blends in *memo.
func newBlender(col color.Color, memo *[]blendMemo, columns int) blender {
	cr, cg, cb, ca := col.RGBA()
	*memo = slices.Grow((*memo)[:0], columns)[:columns]
	clear(*memo)
	return blender{cr, cg, cb, ca, [4]uint8{uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8), uint8(ca >> 8)}, *memo}
}

// blendRow paints over the pixels of row, each by its column's share cov
// times rowCov; the row starts at column first of the rectangle.
func (bl *blender) blendRow(row []uint8, cov []float64, first int, rowCov float64) {
	const m = 1<<16 - 1
	memo := bl.memo[first : first+len(cov)]
	last := blendMemo{}
	for k, c := range cov {
		ma := uint32(c*rowCov*m + 0.5)
		p := row[4*k : 4*k+4 : 4*k+4]
		switch in := binary.LittleEndian.Uint32(p); {
		case ma == 0:
		case ma == m && bl.ca == m:
			p[0], p[1], p[2], p[3] = bl.full[0], bl.full[1], bl.full[2], bl.full[3]
		case ma == memo[k].ma && in == memo[k].in:
			binary.LittleEndian.PutUint32(p, memo[k].out)
		case ma == last.ma && in == last.in:
			binary.LittleEndian.PutUint32(p, last.out)
			memo[k] = last
		default:
			a := (m - (bl.ca * ma / m)) * 0x101
			p[0] = uint8((uint32(p[0])*a + bl.cr*ma) / m >> 8)
			p[1] = uint8((uint32(p[1])*a + bl.cg*ma) / m >> 8)
			p[2] = uint8((uint32(p[2])*a + bl.cb*ma) / m >> 8)
			p[3] = uint8((uint32(p[3])*a + bl.ca*ma) / m >> 8)
			last = blendMemo{ma, in, binary.LittleEndian.Uint32(p)}
			memo[k] = last
		}
	}
}

// fillPixels sets every pixel of row to c, doubling what is filled.
func fillPixels(row []uint8, c [4]uint8) {
	if len(row) < 4 {
		return
	}
	copy(row, c[:])
	for n := 4; n < len(row); n *= 2 {
		copy(row[n:], row[:n])
	}
}
