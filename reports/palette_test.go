package reports

import (
	"image/color"
	"math"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func TestCompanyColorsAreFixedAndDistinct(t *testing.T) {
	// Pinned: a change here recolours every chart of every earlier run.
	pinned := map[string]color.RGBA{
		"bytedance": rgb(0x2f, 0x6d, 0xb5),
		"alibaba":   rgb(0xf2, 0x8e, 0x2b),
		"nvidia":    rgb(0x76, 0xb9, 0x00),
	}
	for id, want := range pinned {
		if got := companyColor(id); got != want {
			t.Errorf("companyColor(%q) = %v, want %v", id, got, want)
		}
	}
	seen := map[color.RGBA]string{}
	for id, c := range companyColors {
		if other, ok := seen[c]; ok {
			t.Errorf("%s and %s share colour %v", id, other, c)
		}
		seen[c] = id
		if c.A != 0xff {
			t.Errorf("%s: colour %v is not opaque", id, c)
		}
	}
}

func TestCompanyColorFallback(t *testing.T) {
	a, b := companyColor("newco"), companyColor("newco")
	if a != b {
		t.Fatalf("unknown id coloured %v then %v", a, b)
	}
	// Pinned so that a new company keeps its colour across releases (the
	// hue is FNV-1a of the id mod 360).
	if want := rgb(0x30, 0x3a, 0xa6); a != want {
		t.Errorf("companyColor(newco) = %v, want %v", a, want)
	}
	if a.A != 0xff {
		t.Errorf("fallback colour %v is not opaque", a)
	}
	if companyColor("newco") == companyColor("otherco") {
		t.Errorf("two unknown ids got the same colour %v", a)
	}
}

func TestHSL(t *testing.T) {
	tests := []struct {
		h, s, l float64
		want    color.RGBA
	}{
		{0, 1, 0.5, rgb(255, 0, 0)},
		{1.0 / 3, 1, 0.5, rgb(0, 255, 0)},
		{2.0 / 3, 1, 0.5, rgb(0, 0, 255)},
		{0.5, 0, 0.5, rgb(128, 128, 128)},
	}
	for _, tc := range tests {
		if got := hsl(tc.h, tc.s, tc.l); got != tc.want {
			t.Errorf("hsl(%g, %g, %g) = %v, want %v", tc.h, tc.s, tc.l, got, tc.want)
		}
	}
}

func TestChipColorsWarmDomesticCoolForeign(t *testing.T) {
	chips := []market.ChipInfo{
		{ID: "a800"}, {ID: "ascend-910b", Domestic: true}, {ID: "ascend-910c", Domestic: true},
		{ID: "h100"}, {ID: "h20"}, {ID: "h200"}, {ID: "zhenwu-810e", Domestic: true},
	}
	cs := chipColors(chips)
	for _, c := range chips {
		col := cs[c.ID]
		h := hue(col)
		warm := h < 70 || h >= 290 // red, orange, yellow, pink
		if warm != c.Domestic {
			t.Errorf("%s (domestic %v) has colour %v: warm is %v", c.ID, c.Domestic, col, warm)
		}
	}
	if cs["ascend-910b"] == cs["ascend-910c"] || cs["h20"] == cs["h200"] {
		t.Errorf("chips of one origin share a colour: %v", cs)
	}
	for _, cs := range [][]color.RGBA{warmColors, coolColors} {
		for _, c := range cs {
			if h := hue(c); (h < 70 || h >= 290) != (&cs[0] == &warmColors[0]) {
				t.Errorf("colour %v (hue %.0f°) is in the wrong list", c, h)
			}
		}
	}
	again := chipColors(chips)
	for id, c := range cs {
		if again[id] != c {
			t.Errorf("%s coloured %v then %v", id, c, again[id])
		}
	}
}

// hue returns the hue of c in degrees.
func hue(c color.RGBA) float64 {
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	mx, mn := max(r, g, b), min(r, g, b)
	if mx == mn {
		return 0
	}
	var h float64
	switch mx {
	case r:
		h = math.Mod((g-b)/(mx-mn), 6)
	case g:
		h = (b-r)/(mx-mn) + 2
	default:
		h = (r-g)/(mx-mn) + 4
	}
	return math.Mod(60*h+360, 360)
}
