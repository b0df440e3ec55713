package reports

import (
	"bytes"
	"cmp"
	"image"
	"image/color"
	"image/png"
	"slices"
)

// paletteSize is the number of colours of an encoded chart. A chart is a
// few dozen flat colours plus the shades that anti-aliasing blends at
// their edges; 256 keep every flat colour exactly and the blends within a
// level or two.
const paletteSize = 256

// encodePNG encodes a chart as an 8-bit paletted PNG: about a quarter of
// the bytes of the RGBA image and a fraction of the time to compress, with
// no visible change. The palette is the image's most frequent colours
// (ties broken by colour value, so equal images give equal bytes); any
// other colour maps to its nearest palette entry.
func encodePNG(img *image.RGBA) ([]byte, error) {
	pal := popularColors(img, paletteSize)
	out := image.NewPaletted(img.Rect, pal)
	index := make(map[uint32]uint8, 2*len(pal))
	for i, c := range pal {
		index[pack(c.(color.RGBA))] = uint8(i)
	}
	w := img.Rect.Dx()
	last, lastIdx := uint32(0), uint8(0)
	have := false
	for y := range img.Rect.Dy() {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		dst := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range w {
			p := uint32(row[4*x])<<24 | uint32(row[4*x+1])<<16 | uint32(row[4*x+2])<<8 | uint32(row[4*x+3])
			if !have || p != last {
				k, ok := index[p]
				if !ok {
					k = nearestColor(pal, p)
					index[p] = k
				}
				last, lastIdx, have = p, k, true
			}
			dst[x] = lastIdx
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// pack packs an RGBA colour into a word.
func pack(c color.RGBA) uint32 {
	return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A)
}

// unpack is the inverse of pack.
func unpack(p uint32) color.RGBA {
	return color.RGBA{uint8(p >> 24), uint8(p >> 16), uint8(p >> 8), uint8(p)}
}

// popularColors returns the n most frequent colours of img, most frequent
// first. Runs of one colour along a row are counted at once, so a chart,
// mostly flat colour, costs a fraction of a map access per pixel.
func popularColors(img *image.RGBA, n int) color.Palette {
	counts := map[uint32]int{}
	w := img.Rect.Dx()
	for y := range img.Rect.Dy() {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		run, cur := 0, uint32(0)
		for x := range w {
			p := uint32(row[4*x])<<24 | uint32(row[4*x+1])<<16 | uint32(row[4*x+2])<<8 | uint32(row[4*x+3])
			if run > 0 && p != cur {
				counts[cur] += run
				run = 0
			}
			cur = p
			run++
		}
		if run > 0 {
			counts[cur] += run
		}
	}
	cols := make([]uint32, 0, len(counts))
	for c := range counts {
		cols = append(cols, c)
	}
	slices.SortFunc(cols, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	cols = cols[:min(n, len(cols))]
	pal := make(color.Palette, len(cols))
	for i, c := range cols {
		pal[i] = unpack(c)
	}
	if len(pal) == 0 {
		pal = color.Palette{color.RGBA{0xff, 0xff, 0xff, 0xff}}
	}
	return pal
}

// nearestColor returns the index of the palette colour closest to p (squared
// distance over the four channels; the first of equals).
func nearestColor(pal color.Palette, p uint32) uint8 {
	c := unpack(p)
	best, bestD := 0, -1
	for i, q := range pal {
		qc := q.(color.RGBA)
		d := sq(int(c.R)-int(qc.R)) + sq(int(c.G)-int(qc.G)) + sq(int(c.B)-int(qc.B)) + sq(int(c.A)-int(qc.A))
		if bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

func sq(x int) int { return x * x }
