package reports

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The rendered pictures are compared with reviewed golden PNGs within a
// tolerance, so a font hinting or encoder change elsewhere does not fail
// the build while a real change to a chart does: at most 0.5% of pixels
// may differ by more than 16 levels in any channel.
func TestChartPNGsMatchGoldens(t *testing.T) {
	charts, err := Charts(tinyResult(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range charts {
		if c.Name != "share-total.png" && c.Name != "timeline.png" {
			continue
		}
		checked++
		path := filepath.Join("testdata", "charts", "golden-"+c.Name)
		if *update {
			if err := os.WriteFile(path, c.PNG, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run `go test ./reports -update` and review the picture)", err)
		}
		if frac := pixelDifference(t, c.PNG, want); frac > 0.005 {
			t.Errorf("%s: %.2f%% of pixels differ from %s; look at both, then `go test ./reports -update`", c.Name, 100*frac, path)
		}
	}
	if checked != 2 {
		t.Fatalf("checked %d charts, want share-total.png and timeline.png", checked)
	}
}

// pixelDifference returns the fraction of pixels whose colours differ by
// more than 16 levels (of 255) in some channel; different sizes count as 1.
func pixelDifference(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	r := ia.Bounds()
	var diff int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if colourDistance(ia, ib, x, y) > 16*257 {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy())
}

func colourDistance(a, b image.Image, x, y int) uint32 {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	d := uint32(0)
	for _, p := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
		if p[0] > p[1] {
			d = max(d, p[0]-p[1])
		} else {
			d = max(d, p[1]-p[0])
		}
	}
	return d
}
