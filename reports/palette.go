package reports

import (
	"hash/fnv"
	"image/color"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// companyColors gives every company of the embedded scenarios its colour,
// the same on every chart: providers in distinct hues, each chip supplier
// in a darker shade of its parent cloud's hue (Huawei, T-Head) or its brand
// (Nvidia green), the Western labs in near-black so the frontier reads as a
// reference line.
var companyColors = map[string]color.RGBA{
	"bytedance":    rgb(0x2f, 0x6d, 0xb5), // blue
	"alibaba":      rgb(0xf2, 0x8e, 0x2b), // orange
	"huawei-cloud": rgb(0xd6, 0x27, 0x28), // red
	"tencent":      rgb(0x17, 0xa5, 0xa5), // teal
	"baidu":        rgb(0x8e, 0x5c, 0xb8), // purple
	"others":       rgb(0x9c, 0x75, 0x5f), // brown
	"western":      rgb(0x33, 0x33, 0x33), // near-black
	"nvidia":       rgb(0x76, 0xb9, 0x00), // Nvidia green
	"huawei":       rgb(0x8b, 0x1a, 0x1a), // dark red
	"t-head":       rgb(0xb3, 0x5c, 0x00), // dark orange
	market.Market:  rgb(0x60, 0x60, 0x60), // grey
}

// companyColor returns the colour of company id: a fixed colour for the
// companies of the embedded scenarios and, for any other id, a colour
// derived from a hash of the id, so an unknown company keeps its colour
// from chart to chart and run to run.
func companyColor(id string) color.RGBA {
	if c, ok := companyColors[id]; ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	hue := float64(h.Sum32()%360) / 360
	return hsl(hue, 0.55, 0.42)
}

// Chip colours: domestic chips in warm colours, foreign chips in cool ones,
// so the domestic share of a fleet reads at a glance.
var (
	warmColors = []color.RGBA{
		rgb(0xd6, 0x27, 0x28), // red
		rgb(0xff, 0x8c, 0x1a), // orange
		rgb(0xf2, 0xc1, 0x2e), // gold
		rgb(0x8b, 0x1a, 0x1a), // dark red
		rgb(0xe3, 0x77, 0xc2), // pink
		rgb(0xa6, 0x6a, 0x00), // ochre
	}
	coolColors = []color.RGBA{
		rgb(0x1f, 0x3a, 0x93), // navy
		rgb(0x4e, 0x9a, 0xe0), // sky blue
		rgb(0x17, 0xa5, 0xa5), // teal
		rgb(0x59, 0xa1, 0x4f), // green
		rgb(0x7b, 0x68, 0xc8), // violet
		rgb(0x9a, 0xb8, 0xd8), // pale blue
	}
)

// chipColors assigns colours to chips in their order in the result:
// domestic chips take the warm colours in turn, foreign chips the cool ones.
func chipColors(chips []market.ChipInfo) map[string]color.RGBA {
	out := make(map[string]color.RGBA, len(chips))
	var warm, cool int
	for _, c := range chips {
		if c.Domestic {
			out[c.ID] = warmColors[warm%len(warmColors)]
			warm++
		} else {
			out[c.ID] = coolColors[cool%len(coolColors)]
			cool++
		}
	}
	return out
}

// segmentColors are for lines that stand for segments rather than
// companies: dark and muted, so they are not read as company colours.
var segmentColors = []color.RGBA{
	rgb(0x22, 0x22, 0x22),
	rgb(0x4d, 0x6a, 0x8a),
	rgb(0xa0, 0x52, 0x2d),
	rgb(0x55, 0x7a, 0x46),
	rgb(0x80, 0x80, 0x80),
}

// Event colours: model releases and policy events on time charts and on
// the timeline.
var (
	releaseColor = rgb(0x55, 0x55, 0x55)
	policyColor  = rgb(0xc0, 0x1c, 0x1c)
	launchColor  = rgb(0xb3, 0x5c, 0x00)
	shockColor   = rgb(0x6a, 0x3d, 0x9a)
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

// withAlpha returns c at opacity a in [0, 1], premultiplied as color.RGBA
// requires.
func withAlpha(c color.RGBA, a float64) color.RGBA {
	return color.RGBA{
		R: uint8(math.Round(float64(c.R) * a)), G: uint8(math.Round(float64(c.G) * a)),
		B: uint8(math.Round(float64(c.B) * a)), A: uint8(math.Round(255 * a)),
	}
}

// hsl converts hue, saturation and lightness in [0, 1] to an opaque colour.
func hsl(h, s, l float64) color.RGBA {
	c := (1 - math.Abs(2*l-1)) * s
	hp := h * 6
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	to := func(v float64) uint8 { return uint8(math.Round(255 * (v + m))) }
	return rgb(to(r), to(g), to(b))
}
