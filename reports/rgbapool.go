package reports

import (
	"image"
	"sync"
)

// rgbaPool holds the raster images charts are drawn on, so drawing many
// charts reuses a few buffers rather than clearing fresh memory for each
// (a 1440 × 810 chart is 4.7 MB). Whoever takes an image paints every
// pixel of it: vgimg fills it with the background first.
var rgbaPool sync.Pool

// getRGBA returns an image of w × h pixels with undefined contents.
func getRGBA(w, h int) *image.RGBA {
	if img, ok := rgbaPool.Get().(*image.RGBA); ok {
		if cap(img.Pix) >= 4*w*h {
			img.Pix = img.Pix[:4*w*h]
			img.Stride = 4 * w
			img.Rect = image.Rect(0, 0, w, h)
			return img
		}
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// putRGBA returns an image to the pool once nothing refers to it.
func putRGBA(img *image.RGBA) { rgbaPool.Put(img) }
