package reports

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestPolygonFillMatchesVgimg fills random polygons (stacked bands,
// self-crossing stars, several subpaths, closed and open, opaque and
// translucent, on moved and turned coordinates) through vgimg alone and
// through rasterCanvas's polygon filler, and requires identical pixels.
func TestPolygonFillMatchesVgimg(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	point := func() vg.Point { return vg.Point{X: px(rng.Float64() * 480), Y: px(rng.Float64() * 300)} }
	for trial := range 40 {
		var path vg.Path
		switch trial % 4 {
		case 0: // a band between two jagged lines, as a stacked area draws
			n := 2 + rng.IntN(60)
			lo, hi := make([]vg.Point, n), make([]vg.Point, n)
			for i := range n {
				x := px(10 + 460*float64(i)/float64(n-1))
				y := 20 + rng.Float64()*200
				lo[i], hi[i] = vg.Point{X: x, Y: px(y)}, vg.Point{X: x, Y: px(y + rng.Float64()*80)}
			}
			path.Move(lo[0])
			for _, p := range lo[1:] {
				path.Line(p)
			}
			for i := n - 1; i >= 0; i-- {
				path.Line(hi[i])
			}
			path.Close()
		case 1: // a self-crossing star
			path.Move(point())
			for range 3 + rng.IntN(8) {
				path.Line(point())
			}
			path.Close()
		case 2: // subpaths, the last left open
			for range 2 + rng.IntN(3) {
				path.Move(point())
				for range 2 + rng.IntN(4) {
					path.Line(point())
				}
				if rng.IntN(2) == 0 {
					path.Close()
				}
			}
		case 3: // lines continuing after a close
			path.Move(point())
			path.Line(point())
			path.Line(point())
			path.Close()
			path.Line(point())
			path.Line(point())
		}
		col := color.Color(color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 0xff})
		if trial%3 == 0 {
			col = withAlpha(color.RGBA{0x2f, 0x6d, 0xb5, 0xff}, 0.1+0.8*rng.Float64())
		}
		shift, turn := vg.Point{X: px(rng.Float64() * 20), Y: px(rng.Float64() * 20)}, 0.0
		if trial%5 == 0 {
			turn = rng.Float64() * math.Pi / 8
		}
		var pics [2][]byte
		for i := range pics {
			img := image.NewRGBA(image.Rect(0, 0, 480, 300))
			ctx := newChartContext(img)
			vc := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(chartDPI))
			var c vg.Canvas = vc
			var rc *rasterCanvas
			if i == 1 {
				rc = newRasterCanvas(vc, img, glyphCaches.Get().(*glyphCache))
				rc.polygons.ctx = ctx
				c = rc
			}
			c.Translate(shift)
			c.Rotate(turn)
			c.SetColor(col)
			c.Fill(path)
			if rc != nil && len(rc.polygons.path) == 0 {
				t.Fatalf("trial %d: the polygon filler did not fill the path", trial)
			}
			pics[i] = img.Pix
		}
		if !bytes.Equal(pics[0], pics[1]) {
			t.Fatalf("trial %d: the polygon filler's pixels differ from vgimg's", trial)
		}
	}
}
