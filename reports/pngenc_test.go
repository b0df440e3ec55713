package reports

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestNearestIndexMatchesScan compares the pruned search with a scan of
// the whole palette, ties included, on random palettes and colours.
func TestNearestIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		pal := make([]uint32, 1+rng.IntN(256))
		for i := range pal {
			// Few levels per channel, so distances often tie.
			pal[i] = uint32(rng.IntN(8)*32)<<24 | uint32(rng.IntN(8)*32)<<16 | uint32(rng.IntN(8)*32)<<8 | 0xff
		}
		near := newNearest(pal)
		for range 500 {
			c := rng.Uint32() | 0xff
			want, best := 0, -1
			for i, p := range pal {
				d := 0
				for s := 0; s < 32; s += 8 {
					x := int(c>>s&0xff) - int(p>>s&0xff)
					d += x * x
				}
				if best < 0 || d < best {
					want, best = i, d
				}
			}
			if got := near.find(c); got != want {
				t.Fatalf("colour %08x: nearest is %d, want %d (the first of the closest)", c, got, want)
			}
		}
	}
}

// TestColorTable fills a table past several growths and checks it against
// a map, colour 0 included.
func TestColorTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var tab colorTable
	tab.reset()
	want := map[uint32]int32{}
	for range 100_000 {
		c := rng.Uint32N(40_000) * 2654435761 // spread, and sometimes 0
		tab.vals[tab.slot(c)]++
		want[c]++
	}
	got := map[uint32]int32{}
	tab.each(func(c uint32, v int32) { got[c] = v })
	if len(got) != len(want) {
		t.Fatalf("%d colours, want %d", len(got), len(want))
	}
	for c, n := range want {
		if got[c] != n {
			t.Fatalf("colour %08x counted %d times, want %d", c, got[c], n)
		}
	}
	tab.reset()
	n := 0
	tab.each(func(uint32, int32) { n++ })
	if n != 0 {
		t.Errorf("%d colours after reset", n)
	}
}

// TestEncodePNG checks that an image of few colours round-trips exactly,
// and that one of more colours than the palette holds maps each pixel to
// the palette's nearest colour, the most frequent colours exactly.
func TestEncodePNG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 40))
	for y := range 40 {
		for x := range 64 {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 4), uint8(y * 6), 0, 0xff}) // 2,560 colours
		}
	}
	for x := range 64 { // the most frequent colour, by far
		for y := range 20 {
			img.SetRGBA(x, y, color.RGBA{0xff, 0xff, 0xff, 0xff})
		}
	}
	b, err := encodePNG(img)
	if err != nil {
		t.Fatal(err)
	}
	p := checkNearestPixels(t, img, b)
	if len(p.Palette) != paletteSize {
		t.Fatalf("decoded %d colours, want %d", len(p.Palette), paletteSize)
	}
	if got := color.RGBAModel.Convert(p.At(0, 0)); got != (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Errorf("the most frequent colour came back as %v", got)
	}
}

// BenchmarkEncodePNG encodes the baseline's revenue-share chart of the
// LLM API, a busy one: thousands of anti-aliased shades.
func BenchmarkEncodePNG(b *testing.B) {
	r, _ := baselineRun(b)
	f := newChartData(r).shareFigures()[0]
	img := image.NewRGBA(image.Rect(0, 0, f.width, f.height))
	c := newRasterCanvas(vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(chartDPI)), img, glyphCaches.Get().(*glyphCache))
	f.draw(draw.New(c))
	for b.Loop() {
		if _, err := encodePNG(img); err != nil {
			b.Fatal(err)
		}
	}
}
