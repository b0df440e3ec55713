package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestRasterCanvasMatchesVgimg draws what rasterCanvas paints itself
// (grid-aligned solid and dashed lines, rectangles, text along the grid)
// and what it leaves to vgimg (a diagonal, text at an angle), once through
// rasterCanvas and once through vgimg alone, and compares the pictures.
// Lines and rectangles must match to within rounding; glyphs, placed to a
// quarter pixel rather than exactly, may differ at the edges of the
// strokes of a letter.
func TestRasterCanvasMatchesVgimg(t *testing.T) {
	for _, tc := range []struct {
		name    string
		shapes  func(c draw.Canvas)
		maxFrac float64 // of the pixels that may differ by more than 16 levels
	}{
		{"lines and rectangles", func(c draw.Canvas) {
			solid := draw.LineStyle{Color: colorAxis, Width: px(1.5)}
			dashed := draw.LineStyle{Color: colorNote, Width: px(1), Dashes: []vg.Length{px(6), px(4)}, DashOffs: px(3)}
			for i := range 12 {
				x := px(20 + 33.3*float64(i))
				c.StrokeLine2(solid, x, px(10), x, px(290))
				c.StrokeLine2(dashed, px(10), x/2+px(7.25), px(390), x/2+px(7.25))
			}
			c.StrokeLine2(dashed, px(400), px(20), px(400), px(280)) // dashes upwards
			c.FillPolygon(withAlpha(color.RGBA{0x2f, 0x6d, 0xb5, 0xff}, 0.6), []vg.Point{
				{X: px(50.3), Y: px(60.7)}, {X: px(50.3), Y: px(140.2)}, {X: px(170.9), Y: px(140.2)}, {X: px(170.9), Y: px(60.7)}})
			c.StrokeLine2(solid, px(10), px(10), px(300), px(200)) // diagonal: vgimg's
		}, 0},
		{"text", func(c draw.Canvas) {
			sty := textStyle(tickSize, false, colorText)
			c.FillText(sty, vg.Point{X: px(20.4), Y: px(250.6)}, "Tencent Cloud 2028 ¥ — 41.2%")
			bold := textStyle(titleSize, true, colorText)
			c.FillText(bold, vg.Point{X: px(21.7), Y: px(200.2)}, "Market size: what buyers spent (USD)")
			bold.Rotation = math.Pi / 2
			c.FillText(bold, vg.Point{X: px(440.3), Y: px(40.6)}, "upwards")
			sty.Rotation = -math.Pi / 2
			c.FillText(sty, vg.Point{X: px(400.5), Y: px(280.2)}, "downwards, Qwen 9 +2")
			sty.Rotation = math.Pi / 6
			c.FillText(sty, vg.Point{X: px(300.5), Y: px(20.2)}, "at an angle")
		}, 0.03},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow, fast := drawBoth(t, tc.shapes)
			if bytes.Equal(slow, fast) {
				t.Fatal("the pictures are byte-identical: rasterCanvas drew nothing itself")
			}
			frac := pixelDifference(t, fast, slow)
			t.Logf("%.3f%% of pixels differ by more than 16 levels", 100*frac)
			if frac > tc.maxFrac {
				t.Errorf("%.2f%% of pixels differ by more than 16 levels, want at most %.2f%%", 100*frac, 100*tc.maxFrac)
			}
		})
	}
}

// drawBoth draws shapes on a 480 × 300 chart canvas through vgimg alone
// and through rasterCanvas, and returns both pictures as PNGs.
func drawBoth(t *testing.T, shapes func(c draw.Canvas)) (slow, fast []byte) {
	t.Helper()
	pics := [2][]byte{}
	for i := range pics {
		img := image.NewRGBA(image.Rect(0, 0, 480, 300))
		vc := vgimg.NewWith(vgimg.UseImageWithContext(img, newChartContext(img)), vgimg.UseDPI(chartDPI))
		var c vg.CanvasSizer = vc
		if i == 1 {
			c = newRasterCanvas(vc, img, glyphCaches.Get().(*glyphCache))
		}
		shapes(draw.New(c))
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		pics[i] = b.Bytes()
	}
	return pics[0], pics[1]
}

func TestDashStart(t *testing.T) {
	pattern := []float64{6, 4}
	for _, tc := range []struct {
		offset    float64
		wantIndex int
		wantDone  float64
		reason    string
	}{
		{0, 0, 0, "no offset: the first dash from its start"},
		{3, 0, 3, "within the first dash"},
		{7, 1, 1, "within the first gap"},
		{13, 0, 3, "past a whole pattern"},
		{-3, 1, 1, "a negative offset counts back from the pattern's end"},
	} {
		i, done := dashStart(pattern, tc.offset)
		if i != tc.wantIndex || math.Abs(done-tc.wantDone) > 1e-12 {
			t.Errorf("%s: offset %v gives (%d, %v), want (%d, %v)", tc.reason, tc.offset, i, done, tc.wantIndex, tc.wantDone)
		}
	}
}

// TestOrientation checks which transforms draw text through the glyph
// cache: horizontal and quarter-turned text, even after translations.
func TestOrientation(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for _, tc := range []struct {
		name   string
		rotate float64
		want   orientation
		ok     bool
	}{
		{"horizontal", 0, rightwards, true},
		{"a y axis label", math.Pi / 2, upwards, true},
		{"an event label", -math.Pi / 2, downwards, true},
		{"at an angle", math.Pi / 6, 0, false},
		{"upside down", math.Pi, 0, false},
	} {
		c := newRasterCanvas(vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(chartDPI)), img, glyphCaches.Get().(*glyphCache))
		c.Translate(vg.Point{X: 3.3, Y: 7.1})
		c.Rotate(tc.rotate)
		c.Translate(vg.Point{X: 1.7, Y: 2.9})
		if o, ok := c.orientation(); o != tc.want || ok != tc.ok {
			t.Errorf("%s: orientation %d, %v; want %d, %v", tc.name, o, ok, tc.want, tc.ok)
		}
	}
}
