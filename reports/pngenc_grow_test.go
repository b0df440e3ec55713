package reports

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestEncodePNGManyColours encodes an image of more colours than the
// colour table first holds, so that it grows while the runs are counted
// (moving the slots the runs keep), and checks every pixel comes back as
// its nearest palette colour.
func TestEncodePNGManyColours(t *testing.T) {
	const w, h = 160, 120 // 19,200 colours
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 0xff})
		}
	}
	b, err := encodePNG(img)
	if err != nil {
		t.Fatal(err)
	}
	checkNearestPixels(t, img, b)
}

// checkNearestPixels decodes the PNG b of img and checks that every
// pixel is img's colour's nearest palette entry.
func checkNearestPixels(t *testing.T, img *image.RGBA, b []byte) *image.Paletted {
	t.Helper()
	dec, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := dec.(*image.Paletted)
	if !ok {
		t.Fatalf("decoded %T, want a paletted image", dec)
	}
	pal := make([]uint32, len(p.Palette))
	for i, c := range p.Palette {
		pal[i] = pack(color.RGBAModel.Convert(c).(color.RGBA))
	}
	near := newNearest(pal)
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if got, want := p.ColorIndexAt(x, y), near.find(pack(img.RGBAAt(x, y))); int(got) != want {
				t.Fatalf("pixel (%d, %d) is palette entry %d, want the nearest, %d", x, y, got, want)
			}
		}
	}
	return p
}
